"""Change sets: what a recipe plans, as values the engine can diff or apply."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file a recipe creates or rewrites.

    Attributes:
        path: Relative to the project root, POSIX separators.
        before: The current text, or ``None`` when the file is new.
        after: The whole new text.
    """

    path: PurePosixPath
    before: str | None
    after: str

    @property
    def action(self) -> str:
        """``"create"`` for a new file, ``"modify"`` for an existing one."""
        return "create" if self.before is None else "modify"

    @property
    def is_noop(self) -> bool:
        """True when applying this change would leave the file as it is."""
        return self.before == self.after

    def line_counts(self) -> tuple[int, int]:
        """Return the number of lines added and removed, as ``git diff --stat`` counts."""
        body = self.diff().splitlines()[2:]
        added = sum(1 for line in body if line.startswith("+"))
        removed = sum(1 for line in body if line.startswith("-"))
        return added, removed

    def diff(self) -> str:
        """Return this change as a unified diff (``git diff`` style headers)."""
        old = [] if self.before is None else self.before.splitlines(keepends=True)
        new = self.after.splitlines(keepends=True)
        src = "/dev/null" if self.before is None else f"a/{self.path}"
        lines = list(difflib.unified_diff(old, new, src, f"b/{self.path}", n=3))
        if not lines and self.before is None:
            # An empty new file has no hunk, but it is still a change worth showing.
            return f"--- /dev/null\n+++ b/{self.path}\n"
        return "".join(_terminate(line) for line in lines)


def _terminate(line: str) -> str:
    # A last line without a newline would glue the next file's header to it.
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


class Report(Protocol):
    """A read-only finding set (audit, security review) a recipe may return.

    The engine never looks inside: it asks the report for each output form.
    """

    def to_json(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (merged into the ``--json`` object)."""
        ...

    def to_text(self) -> str:
        """Return one finding a line: ``path:line:col: severity: [id] message``."""
        ...

    def to_sarif(self) -> dict[str, Any]:
        """Return a SARIF 2.1.0 log."""
        ...

    def render(self, console: Any) -> None:
        """Print the report for people on a ``rich.console.Console``."""
        ...

    def passes(self, fail_under: int) -> bool:
        """False when the report's score is below ``fail_under`` (for CI gates)."""
        ...


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What a recipe plans: file changes plus messages for the person running it.

    Attributes:
        changes: The files to create or modify, in a stable order.
        messages: What a person should know: found, skipped, kept.
        report: Findings of a read-only recipe (audit); ``None`` for edits.
    """

    changes: tuple[FileChange, ...] = ()
    messages: tuple[str, ...] = field(default=())
    report: Report | None = None

    def effective(self) -> tuple[FileChange, ...]:
        """Return the changes that alter a file, sorted by path."""
        return tuple(sorted((c for c in self.changes if not c.is_noop), key=lambda c: c.path))

    def diff(self) -> str:
        """Return the unified diff of every effective change, in path order."""
        return "".join(change.diff() for change in self.effective())

    def merge(self, other: ChangeSet) -> ChangeSet:
        """Return this change set followed by ``other``; a later change of a path wins.

        ``other`` must have been planned on a view that already contains this
        set's changes, so its ``after`` texts include them; the first ``before``
        of a path is kept so the diff runs from what is on disk.
        """
        by_path: dict[PurePosixPath, FileChange] = {c.path: c for c in self.changes}
        for change in other.changes:
            first = by_path.get(change.path)
            before = change.before if first is None else first.before
            by_path[change.path] = FileChange(change.path, before, change.after)
        ordered = tuple(by_path[p] for p in sorted(by_path))
        report = other.report if other.report is not None else self.report
        return ChangeSet(ordered, self.messages + other.messages, report)
