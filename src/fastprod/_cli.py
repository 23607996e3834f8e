"""The ``fastprod`` command line: one sentence in, a diff or a change out.

Exit codes: 0 done (also when already applied), 1 could not apply (nothing
written), 2 not understood, 3 refused for safety. Never prompts.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from ._errors import FastprodError
from ._intents import INTENTS
from ._registry import RECIPES


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
    lines += [
        "",
        "\b",
        "Exit codes: 0 done or already applied, 1 could not apply (nothing written),",
        "2 not understood, 3 refused for safety (dirty tree, path outside the project).",
    ]
    return "\n".join(lines)


app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fastprod {__version__}")
        raise typer.Exit()


@app.command(
    help="Apply FastAPI production engineering to a repository from one sentence.",
    epilog=_epilog(),
)
def command(
    sentence: Annotated[
        str, typer.Argument(metavar="SENTENCE", help="What to do, in plain English.")
    ],
    path: Annotated[
        Path, typer.Option("--path", "-C", help="The project directory.", show_default=False)
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
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """Run one sentence."""
    from ._engine import Options

    form = Format.json if json_out else output
    options = Options(
        path=path, dry_run=dry_run, explain=explain, force=force, commit=commit, app=app_target
    )
    raise typer.Exit(_run(sentence, options, form, fail_under))


def _run(sentence: str, options: object, form: Format, fail_under: int | None) -> int:
    from ._engine import Options, run
    from ._output import dumps, outcome_json

    assert isinstance(options, Options)
    try:
        outcome = run(sentence, options)
    except FastprodError as error:
        _show_error(sentence, error, form)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # A bug of ours: say so plainly, never a traceback.
        if os.environ.get("FASTPROD_DEBUG"):
            raise
        bug = FastprodError(f"internal error ({type(exc).__name__}: {exc}); please report it")
        _show_error(sentence, bug, form)
        return 1
    if form is Format.json:
        typer.echo(dumps(outcome_json(outcome)))
    else:
        _show(outcome, form, options.explain)
    reports = [report for _, report in outcome.reports]
    failing = fail_under is not None and not all(r.passes(fail_under) for r in reports)
    return 1 if failing else 0


def _show(outcome: object, form: Format, explain: bool) -> None:
    from ._engine import Outcome
    from ._output import dumps, explain_text, merged_sarif, plain_outcome

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
        from ._rich import render_outcome

        render_outcome(outcome)
    else:
        typer.echo(plain_outcome(outcome), nl=False)


def _show_error(sentence: str, error: FastprodError, form: Format) -> None:
    from ._output import dumps, error_json, plain_error

    if form is Format.json:
        typer.echo(dumps(error_json(sentence, error)))
        return
    typer.echo(plain_error(error), err=True, nl=False)


def main() -> None:
    """Console-script entry point."""
    app()
