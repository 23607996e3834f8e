"""The ``fastprod`` command line: one sentence in, a diff or a change out.

A thin layer over :func:`fastprod.run`: it reads the options, calls the API
and renders the result. Exit codes: 0 done (also when already applied), 1 could
not apply (nothing written) or ``--check`` found something to change, 2 not
understood, 3 refused for safety. Never prompts.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from typer.core import TyperCommand

from fastprod.core._errors import FastprodError
from fastprod.core._intents import INTENTS
from fastprod.core._registry import RECIPES
from fastprod.core._version import __version__


class VerifyLevel(StrEnum):
    """What ``--verify`` checks after writing."""

    app = "app"
    tests = "tests"


class Format(StrEnum):
    """Output forms besides the default one."""

    human = "human"
    json = "json"
    text = "text"
    sarif = "sarif"


def _epilog() -> str:
    # "\b" keeps click from re-wrapping the table.
    lines = ["\b", "Commands (examples):"]
    for info in INTENTS:
        mark = "" if info.name in RECIPES else "  [not available yet]"
        lines.append(f'  {info.name:<16}fastprod "{info.example}"{mark}')
    from fastprod.engine._undo import UNDO_EXAMPLE

    lines.append(f'  {"undo":<16}fastprod "{UNDO_EXAMPLE}"')
    lines += [
        "",
        "\b",
        "Exit codes: 0 done or already applied, 1 could not apply (nothing written) or",
        "--check found changes, 2 not understood, 3 refused for safety (dirty tree,",
        "path outside the project, a plan that changed, an undo that would clash).",
    ]
    return "\n".join(lines)


def command_lines() -> list[str]:
    """One line per command for ``--list``: the intent, a tab, a runnable example."""
    from fastprod.engine._undo import UNDO_EXAMPLE

    lines = [f'{info.name}\tfastprod "{info.example}"' for info in INTENTS if info.name in RECIPES]
    return [*lines, f'undo\tfastprod "{UNDO_EXAMPLE}"']


def complete_sentence(incomplete: str) -> list[str]:
    """Shell completion: the supported sentences that start with what was typed."""
    from fastprod.core._registry import SPECS
    from fastprod.engine._undo import UNDO_EXAMPLE

    typed = incomplete.strip("\"'").lower()
    sentences = [e for name, spec in SPECS.items() if name in RECIPES for e in spec.examples]
    sentences.append(UNDO_EXAMPLE)
    return [s for s in sentences if s.lower().startswith(typed)]


def _list(value: bool) -> None:
    if value:
        typer.echo("\n".join(command_lines()))
        raise typer.Exit()


def _json_schema(value: bool) -> None:
    if value:
        from fastprod.core._resources import output_schema_text

        typer.echo(output_schema_text(), nl=False)
        raise typer.Exit()


class _Command(TyperCommand):
    """The command, reading a bare ``--verify`` as ``--verify=app``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Give ``--verify`` its default value when it stands alone."""
        return super().parse_args(ctx, ["--verify=app" if a == "--verify" else a for a in args])


app = typer.Typer(
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fastprod {__version__}")
        raise typer.Exit()


@app.command(
    cls=_Command,
    help="Apply FastAPI production engineering to a repository from one sentence.",
    epilog=_epilog(),
)
def command(
    sentence: Annotated[
        str,
        typer.Argument(
            metavar="SENTENCE",
            help="What to do, in plain English.",
            autocompletion=complete_sentence,
        ),
    ],
    path: Annotated[
        Path,
        typer.Option(
            "--path",
            "-C",
            help="The project directory, or a folder inside it (found upward by its manifest).",
            show_default=False,
        ),
    ] = Path("."),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the diff; write nothing.")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show what would run and touch; write nothing.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Work on a tree with uncommitted changes.")
    ] = False,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit the change as 'fastprod: <sentence>'.")
    ] = False,
    app_target: Annotated[
        str | None,
        typer.Option("--app", metavar="MODULE:ATTR", help="The FastAPI app, when several exist."),
    ] = None,
    output: Annotated[
        Format, typer.Option("--format", help="Output form: human, json, text or sarif.")
    ] = Format.human,
    fail_under: Annotated[
        int | None,
        typer.Option("--fail-under", metavar="N", help="Exit 1 when a score is below N."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 when anything would change."),
    ] = False,
    verify: Annotated[
        VerifyLevel | None,
        typer.Option(
            "--verify",
            metavar="[=app|=tests]",
            help="After writing, compile and import the app (--verify=tests: run the "
            "project's tests too); roll back on failure.",
        ),
    ] = None,
    branch: Annotated[
        str | None,
        typer.Option("--branch", metavar="NAME", help="With --commit: commit on a new branch."),
    ] = None,
    plan_id: Annotated[
        str | None,
        typer.Option(
            "--plan-id", metavar="ID", help="Apply only if the plan is still the dry run's ID."
        ),
    ] = None,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
    list_commands: Annotated[
        bool | None,
        typer.Option(
            "--list", callback=_list, is_eager=True, help="Print every command with an example."
        ),
    ] = None,
    json_schema: Annotated[
        bool | None,
        typer.Option(
            "--json-schema",
            callback=_json_schema,
            is_eager=True,
            help="Print the JSON Schema of every --json output.",
        ),
    ] = None,
) -> None:
    """Run one sentence."""
    form = Format.json if json_out else output
    request = {
        "path": path,
        "dry_run": dry_run,
        "explain": explain,
        "force": force,
        "commit": commit,
        "app": app_target,
        "check": check,
        "verify": verify.value if verify else None,
        "branch": branch,
        "plan_id": plan_id,
    }
    raise typer.Exit(_run(sentence, request, form, fail_under))


def _run(sentence: str, request: dict[str, Any], form: Format, fail_under: int | None) -> int:
    from fastprod.face._api import run
    from fastprod.face._output import dumps

    try:
        with _progress(form) as progress:
            result = run(sentence, **request, progress=progress)
    except FastprodError as error:
        if isinstance(error.__cause__, Exception) and os.environ.get("FASTPROD_DEBUG"):
            raise error.__cause__ from None
        _show_error(sentence, error, form)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    outcome = result._outcome
    assert outcome is not None
    if form is Format.json:
        typer.echo(dumps(result.to_json()))
    else:
        _show(outcome, form, request["explain"])
    reports = [report for _, report in outcome.reports]
    failing = fail_under is not None and not all(r.passes(fail_under) for r in reports)
    would_change = request["check"] and result.changed
    return 1 if failing or would_change else 0


@contextlib.contextmanager
def _progress(form: Format) -> Iterator[Callable[[str], None] | None]:
    """A progress display on stderr when it is a terminal and colour is allowed."""
    if not shows_progress(sys.stderr, os.environ):
        yield None
        return
    from fastprod.face._rich import progress_display

    with progress_display() as update:
        yield update


def shows_progress(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """True when progress may be drawn: ``stream`` is a TTY and ``NO_COLOR`` is unset."""
    if "NO_COLOR" in environ or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _show(outcome: object, form: Format, explain: bool) -> None:
    from fastprod.engine._engine import Outcome
    from fastprod.face._output import dumps, explain_text, merged_sarif, plain_outcome

    assert isinstance(outcome, Outcome)
    if explain:
        typer.echo(explain_text(outcome), nl=False)
    elif form is Format.sarif:
        typer.echo(dumps(merged_sarif(outcome)))
    elif form is Format.text:
        typer.echo(
            "".join(r.to_text() for _, r in outcome.reports) or plain_outcome(outcome), nl=False
        )
    elif sys.stdout.isatty():
        from fastprod.face._rich import render_outcome

        render_outcome(outcome)
    else:
        typer.echo(plain_outcome(outcome), nl=False)


def _show_error(sentence: str, error: FastprodError, form: Format) -> None:
    from fastprod.face._output import dumps, error_json, plain_error

    if form is Format.json:
        typer.echo(dumps(error_json(sentence, error)))
        return
    typer.echo(plain_error(error), err=True, nl=False)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="fastprod")
