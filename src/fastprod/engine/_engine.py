"""The engine: sentence -> intents -> recipes -> one change set -> diff or disk.

Recipes only plan; everything that touches the disk or git happens here, after
every recipe has planned successfully, so a failure anywhere writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from fastprod.core._changes import ChangeSet, FileChange, Report
from fastprod.core._errors import (
    FastprodError,
    PlanChanged,
    ProjectError,
    RecipeError,
    VerifyFailed,
)
from fastprod.core._intents import Intent
from fastprod.core._specs import Requirement
from fastprod.edits._format import lay_out
from fastprod.project._project import Project
from fastprod.project._recipe import Context, Recipe

if TYPE_CHECKING:
    from fastprod.language._slips import Correction

Status = Literal["applied", "planned", "unchanged", "undone"]
Mode = Literal["apply", "dry_run", "check", "explain", "undo"]
Verify = Literal["app", "tests"]


@dataclass(frozen=True, slots=True)
class Options:
    """How to run a sentence.

    Attributes:
        path: The project directory (for ``new_project``: where it is created).
        dry_run: Plan and show the diff; write nothing.
        explain: Show what would run and which files it would touch; write nothing.
        force: Work on a git tree with uncommitted changes.
        commit: Commit the written files as ``fastprod: <sentence>``.
        app: ``module:attr`` of the application when discovery cannot choose.
        check: Write nothing; the caller exits 1 when anything would change.
        branch: With ``commit``, create and switch to this branch first.
        plan_id: Apply only if planning now gives this id (what a dry run showed).
        verify: After writing, compile the changed files and import the app
            (``"app"``), and also run the project's tests (``"tests"``); on
            failure everything written is restored.
        progress: Called with a short line as work proceeds (never prints itself).
    """

    path: Path = Path(".")
    dry_run: bool = False
    explain: bool = False
    force: bool = False
    commit: bool = False
    app: str | None = None
    check: bool = False
    branch: str | None = None
    plan_id: str | None = None
    verify: Verify | None = None
    progress: Callable[[str], None] | None = None

    @property
    def mode(self) -> Mode:
        """Which of the run's forms this is."""
        if self.explain:
            return "explain"
        if self.check:
            return "check"
        return "dry_run" if self.dry_run else "apply"

    @property
    def writes(self) -> bool:
        """True when the run may write to the project."""
        return self.mode == "apply"


@dataclass(frozen=True, slots=True)
class Step:
    """One intent with its recipe and the part of the plan it contributed."""

    intent: Intent
    recipe: Recipe[Any]
    changes: ChangeSet


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a run did, for the CLI to render.

    Attributes:
        command: The sentence as given.
        normalized: The sentence as understood (after clean-up and corrections).
        corrections: Spelling corrections made to the sentence.
        intents: The intents, in order.
        status: ``applied``, ``planned`` (dry run or explain) or ``unchanged``.
        root: The project directory the paths are relative to.
        changes: The file changes that alter something, sorted by path.
        steps: Per intent, what its recipe planned (for ``--explain``).
        messages: What a person should know.
        reports: Findings of read-only recipes (audit, security review), by intent.
        commit: The sha of the commit made, if any.
        skipped: Words of the sentence that were not used, in order.
        mode: ``apply``, ``dry_run``, ``check``, ``explain`` or ``undo``.
        plan_id: The id of this plan (sentence, repository state, version).
        branch: The branch created for the change, if any.
    """

    command: str
    normalized: str
    corrections: tuple[Correction, ...]
    intents: tuple[Intent, ...]
    status: Status
    root: Path
    changes: tuple[FileChange, ...]
    steps: tuple[Step, ...] = ()
    messages: tuple[str, ...] = ()
    reports: tuple[tuple[str, Report], ...] = field(default=())
    commit: str | None = None
    skipped: tuple[str, ...] = ()
    mode: Mode = "apply"
    plan_id: str | None = None
    branch: str | None = None

    @property
    def diff(self) -> str:
        """The unified diff of every change."""
        return "".join(change.diff() for change in self.changes)


def run(sentence: str, options: Options) -> Outcome:
    """Understand ``sentence`` and plan, show or apply what it asks for.

    Raises:
        FastprodError: Any refusal or failure; the tree is left as it was.
    """
    from fastprod.core._registry import is_available, load
    from fastprod.language._reading import understand

    understood = understand(sentence)
    if [i.name for i in understood.intents] == ["undo"]:
        return _undo(sentence, understood.normalized, options)
    if options.branch and not options.commit:
        raise FastprodError("--branch needs --commit: the branch holds the change's commit")
    unavailable = [i.name for i in understood.intents if not is_available(i.name)]
    if unavailable and not options.explain:
        try:
            load(unavailable[0])
        except FastprodError as error:
            # The sentence was understood: say what was asked, not only what is missing.
            error.intents = understood.intents
            raise
    steps_recipes = [
        (intent, load(intent.name))
        for intent in understood.intents
        if intent.name not in unavailable
    ]
    root = _root_for(steps_recipes, options)
    creating = any(recipe.creates_project for _, recipe in steps_recipes)
    editing = any(not (r.creates_project or r.read_only) for _, r in steps_recipes)
    writing = options.writes
    pid = _plan_id(sentence, root, options)
    project = Project(root, app_hint=options.app)
    if editing and not creating:
        _check_supported(project)
    steps, plan = _plan_all(steps_recipes, project, options.progress)
    changes = plan.effective()
    status: Status = "planned" if not writing else ("applied" if changes else "unchanged")
    if not changes and not options.explain:
        status = "unchanged"
    if status == "applied" and not creating:
        # Only a run that will write needs a clean tree; a report or a no-op does not.
        _guard_tree(root, options)
    sha = None
    if status == "applied":
        sha = _write(root, changes, sentence, options, creating, project, pid)
    return Outcome(
        command=sentence,
        normalized=understood.normalized,
        corrections=understood.corrections,
        intents=understood.intents,
        status=status,
        root=root,
        changes=changes,
        steps=steps,
        messages=understood.notes
        + plan.messages
        + _stale_locks(root, changes)
        + tuple(_refused_when_run(name) for name in unavailable),
        reports=tuple(
            (s.intent.name, s.changes.report) for s in steps if s.changes.report is not None
        ),
        commit=sha,
        skipped=understood.skipped,
        mode=options.mode,
        plan_id=pid,
        branch=options.branch if status == "applied" else None,
    )


def _plan_id(sentence: str, root: Path, options: Options) -> str:
    """The id of planning ``sentence`` on ``root`` as it is now; refuse a stale approval."""
    from fastprod.core._state import plan_id, repository_state

    pid = plan_id(sentence, repository_state(root), options.app)
    if options.plan_id is not None and options.plan_id != pid:
        raise PlanChanged(
            f"plan {options.plan_id} no longer matches: the repository, the sentence or "
            f"fastprod changed since it was made (it plans as {pid} now); nothing was written. "
            "Run the dry run again and approve the new plan."
        )
    return pid


def _undo(sentence: str, normalized: str, options: Options) -> Outcome:
    """Revert the last change fastprod made under the project root."""
    from fastprod.engine._undo import undo

    unsupported = [
        flag
        for flag, given in (
            ("--dry-run", options.dry_run),
            ("--check", options.check),
            ("--explain", options.explain),
            ("--branch", options.branch),
            ("--plan-id", options.plan_id),
            ("--verify", options.verify),
        )
        if given
    ]
    if unsupported:
        raise FastprodError(
            f"undo takes no {', '.join(unsupported)}: it reverts the last change as it was made"
        )
    root = _project_root(options.path.expanduser().resolve())
    if not root.is_dir():
        raise ProjectError(f"{options.path} is not a directory")
    undone = undo(root)
    return Outcome(
        command=sentence,
        normalized=normalized,
        corrections=(),
        intents=(Intent("undo"),),
        status="undone",
        root=root,
        changes=undone.changes,
        messages=(f"undid: {undone.sentence}",),
        commit=undone.commit,
        mode="undo",
    )


def _refused_when_run(name: str) -> str:
    return f"'{name}' has no recipe yet: running this sentence would be refused"


def _root_for(steps: list[tuple[Intent, Recipe[Any]]], options: Options) -> Path:
    base = options.path.expanduser().resolve()
    creators = [(i, r) for i, r in steps if r.creates_project]
    if not creators:
        if not base.is_dir():
            raise ProjectError(f"{options.path} is not a directory")
        return _project_root(base)
    if not steps[0][1].creates_project or len(creators) > 1:
        raise RecipeError(
            "creating a new project must come first, and once: 'create a new FastAPI project "
            "called shop and set up error handling', or run the other commands inside it"
        )
    name = creators[0][0].params.get("name")
    root = base / name if name else base
    shown = (options.path / name if name else options.path).as_posix()
    _require_empty(root, named=bool(name), shown=shown)
    return root


_MANIFESTS = ("pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "Pipfile")


def _project_root(base: Path) -> Path:
    """The project holding ``base``: the nearest folder upward with a manifest.

    The search stays inside the git work tree ``base`` belongs to; outside git,
    or when no folder up to the work tree's top has a manifest, ``base`` is the root.
    """
    from fastprod.core._git import work_tree

    top = work_tree(base)
    if top is None:
        return base
    for folder in (base, *base.parents):
        if any((folder / name).is_file() for name in _MANIFESTS):
            return folder
        if folder == top:
            break
    return base


def _require_empty(root: Path, *, named: bool, shown: str) -> None:
    from fastprod.core._errors import UnsafeOperation

    if root.exists() and not root.is_dir():
        raise UnsafeOperation(f"{shown} exists and is not a directory")
    entries = sorted(p.name for p in root.iterdir()) if root.exists() else []
    if [e for e in entries if e != ".git"]:
        hint = "choose another name" if named else "run it in an empty directory or give a name"
        raise UnsafeOperation(f"{shown} is not empty; {hint}")


def _guard_tree(root: Path, options: Options) -> None:
    from fastprod.core._git import ensure_clean, is_repository

    if not options.force:
        ensure_clean(root)
    if options.commit and not is_repository(root):
        raise FastprodError("--commit needs a git repository, and the project is not in one")


def _check_supported(project: Project) -> None:
    from fastprod.project._discovery import check_supported

    check_supported(project)


_LOCKS = ("uv.lock", "poetry.lock", "pdm.lock")


def _stale_locks(root: Path, changes: tuple[FileChange, ...]) -> tuple[str, ...]:
    """Lock files the dependencies planned in a ``pyproject.toml`` leave behind.

    ``uv sync --frozen`` in an image or a CI job installs what the lock says: a
    dependency added to the manifest alone is missing there until the lock is
    made again. The lock is looked for beside the manifest and up to the
    repository's root.
    """
    notes = []
    for change in changes:
        if change.path.name != "pyproject.toml" or change.before is None or change.after is None:
            continue
        if _declared(change.before) == _declared(change.after):
            continue
        folder = (root / change.path).parent
        while True:
            for name in _LOCKS:
                lock = folder / name
                if lock.is_file():
                    shown = lock.relative_to(root) if lock.is_relative_to(root) else lock
                    tool = name.removesuffix(".lock")
                    notes.append(
                        f"{change.path} gains dependencies that {shown} does not lock yet: run "
                        f"'{tool} lock', or a frozen install in an image or CI misses them"
                    )
            if (folder / ".git").exists() or folder.parent == folder:
                break
            folder = folder.parent
    return tuple(notes)


def _declared(text: str) -> object:
    # The manifest's dependency tables, as parsed; the rest of it is not locked.
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return text
    project = data.get("project", {})
    poetry = data.get("tool", {}).get("poetry", {})
    return (
        project.get("dependencies"),
        project.get("optional-dependencies"),
        data.get("dependency-groups"),
        poetry.get("dependencies"),
        poetry.get("group"),
        poetry.get("dev-dependencies"),
    )


def _plan_all(
    steps: list[tuple[Intent, Recipe[Any]]],
    project: Project,
    progress: Callable[[str], None] | None = None,
) -> tuple[tuple[Step, ...], ChangeSet]:
    planner = _Planner(project)
    for intent, recipe in steps:
        if progress is not None:
            progress(f"planning {intent.name}")
        planner.plan(intent, recipe)
    return tuple(planner.done), planner.total


class _Planner:
    """Plans recipes one after another, each on the view the ones before leave.

    A recipe's requirements (its spec's ``requires``, and what it asks for with
    ``ctx.ensure``) are planned first, once per run: an intent already planned
    with the parameters asked for is not planned again.
    """

    def __init__(self, project: Project) -> None:
        self.done: list[Step] = []
        self.total = ChangeSet()
        self.view = project
        self._planning: list[str] = []

    def plan(self, intent: Intent, recipe: Recipe[Any]) -> None:
        """Plan ``recipe`` for ``intent`` after its requirements; skip it if already planned."""
        if self._planned(intent.name, intent.params):
            return
        if intent.name in self._planning:
            cycle = " -> ".join((*self._planning[self._planning.index(intent.name) :], intent.name))
            raise RecipeError(f"recipes ensure each other in a cycle: {cycle}")
        self._planning.append(intent.name)
        try:
            for requirement in recipe.requires:
                self.ensure(requirement.intent, **requirement.params)
            planned = _plan_one(recipe, intent, self.view, self)
        finally:
            self._planning.pop()
        _check_planned_on(self.view, recipe.name, planned)
        self.done.append(Step(intent, recipe, planned))
        self.total = self.total.merge(planned)
        self.view = self.view.with_changes(planned)

    def ensure(self, intent: str, **params: Any) -> Project:
        """Plan ``intent(params)`` unless already planned; return the view after it."""
        from fastprod.core._registry import load

        self.plan(Intent(intent, dict(params)), load(intent))
        return self.view

    def follow(self, intent: str, project: Project, **params: Any) -> ChangeSet:
        """Plan ``intent(params)`` on ``project`` and return its changes, unrecorded."""
        from fastprod.core._registry import load

        recipe = load(intent)
        if recipe.requires:
            # Its requirements would be planned on the run's view, not on ``project``.
            raise RecipeError(f"{intent} has requirements: it cannot follow another recipe")
        return _plan_one(recipe, Intent(intent, dict(params)), project, self)

    def _planned(self, name: str, params: dict[str, Any]) -> bool:
        wanted = Requirement(name, params)
        return any(wanted.satisfied_by(s.intent.name, s.intent.params) for s in self.done)


def _check_planned_on(view: Project, name: str, planned: ChangeSet) -> None:
    # A recipe that ensured another must plan on the view ensure() returned;
    # a change planned on an older view would silently undo the other one.
    for change in planned.changes:
        if change.before != view.read_text(change.path):
            raise RecipeError(
                f"{name}: {change.path} was planned on an older view of the project; "
                "plan on the view ctx.ensure() returns"
            )


def _plan_one(recipe: Recipe[Any], intent: Intent, project: Project, ctx: Context) -> ChangeSet:
    try:
        params = recipe.build_params(intent.params)
    except TypeError as exc:
        raise RecipeError(f"{recipe.name}: unexpected parameters {intent.params}") from exc
    try:
        planned = recipe.run(params, project, ctx)
    except FastprodError:
        raise
    except RecursionError as exc:
        raise ProjectError(f"{recipe.name}: the code is nested too deeply to edit safely") from exc
    except UnicodeDecodeError as exc:
        raise ProjectError(f"{recipe.name}: a file is not valid UTF-8 ({exc.reason})") from exc
    except SyntaxError as exc:
        # A module the recipe had to read does not parse: refuse, naming it.
        where = f"{exc.filename}:{exc.lineno}" if exc.filename else f"line {exc.lineno}"
        raise ProjectError(
            f"{where}: {exc.msg}; {recipe.name} must read this file and cannot. "
            "Fix it first. Nothing was changed"
        ) from None
    return lay_out(project, planned)


def _write(
    root: Path,
    changes: tuple[FileChange, ...],
    sentence: str,
    options: Options,
    creating: bool,
    project: Project,
    pid: str,
) -> str | None:
    from fastprod.core._fs import apply

    message = f"fastprod: {_one_line(sentence)}"
    if creating:
        return _create_project(root, changes, message)
    from fastprod.core._git import create_branch, drop_branch

    left = create_branch(root, options.branch) if options.branch else None
    try:
        apply(root, changes)
        if options.verify:
            _verify_or_restore(root, changes, project, options)
        return _commit_or_record(root, changes, sentence, options, f"{message}\n\n", pid)
    except BaseException:
        if options.branch and left is not None:
            drop_branch(root, options.branch, left)
        raise


def _commit_or_record(
    root: Path,
    changes: tuple[FileChange, ...],
    sentence: str,
    options: Options,
    message: str,
    pid: str,
) -> str | None:
    from fastprod.core._fs import confine
    from fastprod.engine._undo import CHANGE_TRAILER, record

    if not options.commit:
        record(root, _one_line(sentence), changes)
        return None
    from fastprod.core._git import commit

    paths = [confine(root, c.path) for c in changes]
    return commit(root, paths, f"{message}{CHANGE_TRAILER}: {pid}\n")


def _verify_or_restore(
    root: Path, changes: tuple[FileChange, ...], project: Project, options: Options
) -> None:
    """Check the written change; on failure put every file back and say why."""
    from fastprod.core._fs import restore
    from fastprod.engine._verify import verify

    try:
        app = project.app
    except ProjectError:
        app = None
    failed = verify(root, changes, app, tests=options.verify == "tests", progress=options.progress)
    if failed is None:
        return
    restore(root, changes)
    raise VerifyFailed(
        f"--verify: the {failed.check} check failed, so the change was rolled back "
        f"(nothing is left written):\n{failed.output}",
        output=failed.output,
    )


def _create_project(root: Path, changes: tuple[FileChange, ...], message: str) -> str:
    """Write a new project and make it a git repository of its own, with one commit.

    If anything fails, what was created is removed again: the directory when it
    did not exist, else the files and the ``.git`` written into it.
    """
    import shutil

    from fastprod.core._fs import apply
    from fastprod.core._git import init_and_commit

    existed, had_git = root.exists(), (root / ".git").exists()
    try:
        apply(root, changes)
        return init_and_commit(root, message)
    except BaseException:
        if not existed:
            shutil.rmtree(root, ignore_errors=True)
        else:
            _remove_new_files(root, changes, remove_git=not had_git)
        raise


def _remove_new_files(root: Path, changes: tuple[FileChange, ...], *, remove_git: bool) -> None:
    import shutil

    for change in changes:
        (root / change.path).unlink(missing_ok=True)
    for directory in sorted({p for c in changes for p in (root / c.path).parents}, reverse=True):
        if directory != root and directory.is_relative_to(root) and not any(directory.iterdir()):
            directory.rmdir()
    if remove_git:
        shutil.rmtree(root / ".git", ignore_errors=True)


def _one_line(sentence: str) -> str:
    return re.sub(r"\s+", " ", sentence).strip()
