"""The Python API a bot or an editor imports: :func:`run` and its :class:`Result`.

It never prints, prompts or exits; every failure is a :class:`FastprodError`.
The ``fastprod`` command is a thin layer over it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from fastprod.core._errors import FastprodError, InternalError
from fastprod.core._intents import Intent

if TYPE_CHECKING:
    from fastprod.engine._engine import Outcome

Verify = Literal["app", "tests"]


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file a run changed or would change.

    Attributes:
        path: Relative to the project root, POSIX separators.
        action: ``"create"``, ``"modify"`` or ``"delete"``.
    """

    path: str
    action: str


@dataclass(frozen=True, slots=True)
class Result:
    """What a run did: the ``--json`` contract as a typed object.

    Attributes:
        schema_version: The version of the JSON contract (``fastprod --json-schema``).
        command: The sentence as given.
        mode: ``apply``, ``dry_run``, ``check``, ``explain`` or ``undo``.
        status: ``applied``, ``planned`` (would change), ``unchanged`` or ``undone``.
        intents: What the sentence asked for, in order.
        files: The files changed (or that would change), sorted by path.
        diff: The unified diff of every change.
        messages: What a person should know.
        plan_id: The id of the plan (sentence, repository state, fastprod version);
            pass it back as ``plan_id`` to apply exactly what was shown.
        commit: The sha of the commit made, if any.
        branch: The branch created for the change, if any.
        summary_markdown: A chat-sized summary: files and the diff, trimmed.
        root: The project root the paths are relative to.
    """

    schema_version: str
    command: str
    mode: str
    status: str
    intents: tuple[Intent, ...]
    files: tuple[FileResult, ...]
    diff: str
    messages: tuple[str, ...]
    plan_id: str | None
    commit: str | None
    branch: str | None
    summary_markdown: str
    root: Path
    _data: dict[str, Any] = field(repr=False, compare=False)
    _outcome: Outcome | None = field(default=None, repr=False, compare=False)

    @property
    def changed(self) -> bool:
        """True when the run changed, or would change, at least one file."""
        return bool(self.files)

    def to_json(self) -> dict[str, Any]:
        """Return the ``--json`` object (valid against ``fastprod --json-schema``)."""
        import copy

        return copy.deepcopy(self._data)


def run(
    sentence: str,
    path: str | os.PathLike[str] = ".",
    *,
    dry_run: bool = False,
    commit: bool = False,
    branch: str | None = None,
    plan_id: str | None = None,
    check: bool = False,
    verify: Verify | None = None,
    force: bool = False,
    app: str | None = None,
    explain: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Understand ``sentence`` and plan, check or apply it to the project at ``path``.

    Args:
        sentence: What to do, in plain English ("set up error handling",
            "undo the last change").
        path: The project directory or any folder inside it (the project is the
            nearest folder upward, inside the git work tree, with a manifest).
        dry_run: Plan only; write nothing. The result's ``plan_id`` names the plan.
        commit: Commit the change as ``fastprod: <sentence>``.
        branch: With ``commit``, create and switch to this branch first.
        plan_id: Apply only when planning now gives this id, i.e. nothing changed
            since the dry run that returned it.
        check: Write nothing; ``result.changed`` says whether anything would change.
        verify: After writing, compile the changed files and import the app
            (``"app"``), and run the project's tests too (``"tests"``). On failure
            every file is restored and :class:`VerifyFailed` is raised.
        force: Work on a git tree with uncommitted changes.
        app: ``module:attr`` of the application when discovery cannot choose.
        explain: Plan and list each step's files; write nothing.
        progress: Called with one short line as work proceeds.

    Returns:
        The result; ``result.to_json()`` is the ``--json`` object.

    Raises:
        FastprodError: Any refusal or failure (a subclass says which); nothing
            was left written.
    """
    from fastprod.engine._engine import Options
    from fastprod.engine._engine import run as run_engine

    options = Options(
        path=Path(path),
        dry_run=dry_run,
        explain=explain,
        force=force,
        commit=commit,
        app=app,
        check=check,
        branch=branch,
        plan_id=plan_id,
        verify=verify,
        progress=progress,
    )
    try:
        outcome = run_engine(sentence, options)
    except FastprodError:
        raise
    except Exception as exc:  # A bug of ours: still a FastprodError for the caller.
        raise InternalError(
            f"internal error ({type(exc).__name__}: {exc}); please report it"
        ) from exc
    return result_of(outcome)


def result_of(outcome: Outcome) -> Result:
    """Build the typed result of an engine outcome."""
    from fastprod.face._output import outcome_json

    data = outcome_json(outcome)
    return Result(
        schema_version=data["schema_version"],
        command=outcome.command,
        mode=outcome.mode,
        status=outcome.status,
        intents=outcome.intents,
        files=tuple(FileResult(f["path"], f["action"]) for f in data["files"]),
        diff=outcome.diff,
        messages=outcome.messages,
        plan_id=outcome.plan_id,
        commit=outcome.commit,
        branch=outcome.branch,
        summary_markdown=data["summary_markdown"],
        root=outcome.root,
        _data=data,
        _outcome=outcome,
    )
