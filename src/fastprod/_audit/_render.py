"""The scorecards for people: ``rich`` tables (rich is imported only when rendering)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._model import AuditReport, Check, Evidence, Fix, SecurityReport

_POINTS_STYLE = {0: "red", 1: "yellow", 2: "green"}


def render_audit(report: AuditReport, console: Any) -> None:
    """Health, quality and security tables, then the totals."""
    from rich.table import Table

    health = Table(title=f"Quick Health Check: {report.health}/16", title_justify="left")
    for column in ("Signal", "Points", "Evidence", "Fix"):
        health.add_column(column, overflow="fold")
    for signal in report.signals:
        style = _POINTS_STYLE[signal.points]
        points = f"[{style}]{signal.points}/2[/{style}]"
        health.add_row(
            signal.title, points, _evidence(signal.summary, signal.evidence), _fix(signal.fix)
        )
    console.print(health)
    quality = Table(title=f"Quality score: {report.messages()[0]}", title_justify="left")
    for column in ("Dimension", "Weight", "Level", "Evidence", "Fix"):
        quality.add_column(column, overflow="fold")
    for dim in report.dimensions:
        quality.add_row(
            dim.title,
            f"{dim.weight}%",
            f"{dim.level}",
            _evidence(dim.summary, dim.evidence),
            _fix(dim.fix),
        )
    console.print(quality)
    _security_table(report.security.checks, console)
    _skipped(report.skipped, console)


def render_security(report: SecurityReport, console: Any) -> None:
    """The checklist table, then the tally."""
    _security_table(report.security.checks, console)
    _skipped(report.skipped, console)
    console.print(f"Security: {report.security.passed}/10 items pass (score {report.score})")


def _security_table(checks: tuple[Check, ...], console: Any) -> None:
    from rich.table import Table

    passed = sum(1 for c in checks if c.passed)
    table = Table(title=f"Security checklist: {passed}/10", title_justify="left")
    for column in ("Item", "Priority", "Status", "Evidence", "Fix"):
        table.add_column(column, overflow="fold")
    for check in checks:
        status = "[green]pass[/green]" if check.passed else "[red]fail[/red]"
        table.add_row(
            check.title,
            check.priority,
            status,
            _evidence(check.summary, check.evidence),
            _fix(check.fix),
        )
    console.print(table)


def _evidence(summary: str, evidence: tuple[Evidence, ...]) -> str:
    from rich.markup import escape

    lines = [escape(summary), *(f"  {escape(str(e))}" for e in evidence[:4])]
    return "\n".join(lines)


def _fix(fix: Fix | None) -> str:
    from rich.markup import escape

    return escape(fix.short()) if fix else ""


def _skipped(skipped: tuple[Any, ...], console: Any) -> None:
    from rich.markup import escape

    for item in skipped:
        console.print(
            f"[yellow]not analysed[/yellow] {escape(item.path)}:{item.line}: {escape(item.reason)}"
        )
