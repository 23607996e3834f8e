"""The scorecards for people: ``rich`` tables (rich is imported only when rendering)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastprod.scorecards._model import (
        AuditReport,
        Check,
        Evidence,
        Files,
        Fix,
        Issue,
        SecurityReport,
    )

_POINTS_STYLE = {0: "red", 1: "yellow", 2: "green"}
_EVIDENCE_SHOWN = 4


def render_audit(report: AuditReport, console: Any) -> None:
    """Health, quality and security tables, then the files that were not analysed."""
    from rich.table import Table

    health = Table(title=f"Quick Health Check: {report.health}/16", title_justify="left")
    for column in ("Signal", "Points", "Evidence", "Fix"):
        health.add_column(column, overflow="fold")
    for signal in report.signals:
        style = _POINTS_STYLE[signal.points]
        points = f"[{style}]{signal.points}/2[/{style}]"
        evidence = _evidence(signal.summary, signal.evidence)
        health.add_row(signal.title, points, evidence, _fix(signal.fix))
    console.print(health)
    score = report.to_json()["score"]
    title = f"Quality score: {score}/100 ({report.band})"
    quality = Table(title=title, title_justify="left")
    for column in ("Dimension", "Weight", "Level", "Evidence", "Fix"):
        quality.add_column(column, overflow="fold")
    for dim in report.dimensions:
        evidence = _evidence(dim.summary, dim.evidence)
        quality.add_row(dim.title, f"{dim.weight}%", str(dim.level), evidence, _fix(dim.fix))
    console.print(quality)
    _security_table(report.security.checks, console)
    defects = [i for s in report.signals for i in s.issues] + list(report.security.issues)
    _defects(defects, console)
    _files(report.files, console)


def render_security(report: SecurityReport, console: Any) -> None:
    """The checklist table, the files that were not analysed, then the tally."""
    _security_table(report.security.checks, console)
    _defects(list(report.security.issues), console)
    _files(report.files, console)
    console.print(f"Security: {report.security.passed}/10 items pass (score {report.score})")


def _security_table(checks: tuple[Check, ...], console: Any) -> None:
    from rich.table import Table

    passed = sum(1 for c in checks if c.passed)
    table = Table(title=f"Security checklist: {passed}/10", title_justify="left")
    for column in ("Item", "Priority", "Status", "Evidence", "Fix"):
        table.add_column(column, overflow="fold")
    for check in checks:
        status = "[green]pass[/green]" if check.passed else "[red]fail[/red]"
        evidence = _evidence(check.summary, check.evidence)
        table.add_row(check.title, check.priority, status, evidence, _fix(check.fix))
    console.print(table)


def _defects(issues: list[Issue], console: Any) -> None:
    """One line per defect found, at its place, with its rule id and fix."""
    from rich.markup import escape

    for issue in sorted(issues, key=lambda i: (str(i.loc or ""), i.id)):
        style = "red" if issue.severity == "error" else "yellow"
        where = escape(str(issue.loc)) if issue.loc else ""
        fix = f" ({escape(issue.fix.short())})" if issue.fix else ""
        rule = escape(f"[{issue.id}]")
        console.print(f"[{style}]{where}[/{style}] {rule} {escape(issue.text)}{fix}")


def _evidence(summary: str, evidence: tuple[Evidence, ...]) -> str:
    from rich.markup import escape

    lines = [escape(summary), *(f"  {escape(str(e))}" for e in evidence[:_EVIDENCE_SHOWN])]
    return "\n".join(lines)


def _fix(fix: Fix | None) -> str:
    from rich.markup import escape

    return escape(fix.short()) if fix else ""


def _files(files: Files, console: Any) -> None:
    from rich.markup import escape

    for item in (*files.skipped, *files.rewritten, *files.unread):
        where = escape(f"{item.path}:{item.line}")
        console.print(f"[yellow]{where}[/yellow]: {escape(item.reason)}")
