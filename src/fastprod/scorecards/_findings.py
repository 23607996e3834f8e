"""A report of located findings alone, in the scorecards' output forms.

Edit recipes that also find what they cannot fix (``optimize_db``) return one:
``--format text`` prints ``path:line:col: severity: [id] message`` lines,
``--format sarif`` a SARIF 2.1.0 log, ``--json`` adds ``findings``, exactly as
the audit does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastprod.scorecards._model import Finding


@dataclass(frozen=True, slots=True)
class Located:
    """One finding as a recipe states it.

    Attributes:
        rule: The rule id (``database.n_plus_one``).
        severity: ``error``, ``warning`` or ``note``.
        path: The file it is about.
        line: The line it is about.
        message: What is wrong there, and what the diff does about it (if anything).
    """

    rule: str
    severity: str
    path: PurePosixPath
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class FindingsReport:
    """Located findings under a fixed set of rules (id, title, default level).

    ``passes`` is true when no finding is an error: the report has no score,
    so ``--fail-under`` gates on errors alone.
    """

    items: tuple[Located, ...]
    rules: tuple[tuple[str, str, str], ...]

    @classmethod
    def of(cls, items: Sequence[Located], rules: Sequence[tuple[str, str, str]]) -> FindingsReport:
        """The report of ``items``, sorted by place, then rule."""
        ordered = sorted(set(items), key=lambda i: (str(i.path), i.line, i.rule, i.message))
        return cls(tuple(ordered), tuple(rules))

    def findings(self) -> list[Finding]:
        """The items as the audit's findings."""
        # Imported on use: the scorecards are heavy, and importing the facade must not load them.
        from fastprod.project._model._facts import Location
        from fastprod.scorecards._model import finding

        titles = {rule: title for rule, title, _ in self.rules}
        return [
            finding(
                item.rule,
                item.severity,
                f"{titles.get(item.rule, item.rule)}: {item.message}",
                Location(str(item.path), item.line),
            )
            for item in self.items
        ]

    def to_json(self) -> dict[str, Any]:
        """``{"findings": [...]}``, each with id, severity, path, line, col and message."""
        return {"findings": [f.to_json() for f in self.findings()]}

    def to_text(self) -> str:
        """One finding a line: ``path:line:col: severity: [id] message``."""
        return "".join(f.to_text() + "\n" for f in self.findings())

    def to_sarif(self) -> dict[str, Any]:
        """A SARIF 2.1.0 log with one result per finding."""
        from fastprod.scorecards._sarif import sarif_log

        return sarif_log(self.findings(), list(self.rules))

    def render(self, console: Any) -> None:
        """Print one line per finding on a ``rich`` console."""
        from rich.markup import escape

        for item in self.findings():
            style = "red" if item.severity == "error" else "yellow"
            where = escape(f"{item.loc}") if item.loc else ""
            console.print(
                f"[{style}]{where}[/{style}] {escape(f'[{item.rule}]')} {escape(item.message)}"
            )

    def passes(self, fail_under: int) -> bool:
        """True when no finding is an error (the threshold is not a score here)."""
        return not any(item.severity == "error" for item in self.items)
