"""Rich rendering for people at a terminal; the only module that imports rich."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from fastprod.engine._engine import Outcome
from fastprod.face._output import skipped_line, summary


def render_outcome(outcome: Outcome) -> None:
    """Print an outcome with a highlighted diff and a one-line summary."""
    from rich.console import Console
    from rich.syntax import Syntax

    console = Console(highlight=False)
    for correction in outcome.corrections:
        console.print(f"[yellow]fastprod:[/] {correction}")
    if outcome.skipped:
        console.print(f"[yellow]fastprod:[/] {skipped_line(outcome.skipped)}")
    if outcome.status == "planned" and outcome.diff:
        console.print(Syntax(outcome.diff, "diff", theme="ansi_dark", background_color="default"))
    for change in outcome.changes if outcome.status == "applied" else ():
        added, removed = change.line_counts()
        console.print(
            f"  {change.action:<7} [bold]{change.path}[/]  [green]+{added}[/] [red]-{removed}[/]"
        )
    for message in outcome.messages:
        console.print(f"[cyan]note:[/] {message}")
    for _, report in outcome.reports:
        report.render(console)
    line = summary(outcome)
    if line:
        console.print(f"[bold]{line}[/]")


@contextlib.contextmanager
def progress_display() -> Iterator[Callable[[str], None]]:
    """A spinner on stderr; the callable it yields sets the line shown beside it."""
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    with console.status("fastprod: working") as status:
        yield lambda line: status.update(f"fastprod: {line}")
