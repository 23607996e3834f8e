"""Change sets: what a recipe plans, as values the engine can diff or apply."""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file a recipe creates, rewrites or deletes, and optionally its mode.

    Attributes:
        path: Relative to the project root, POSIX separators.
        before: The current text, or ``None`` when the file is new.
        after: The whole new text (``""`` for a deletion).
        delete: True to remove the file; ``before`` must then be its text.
        mode: Permission bits to give the file (``0o755``), or ``None`` to keep
            the current ones (a new file gets the default).
        before_mode: The file's permission bits when planned, if known
            (:func:`fastprod.recipe.file_mode`); the diff and the no-op test use it.
    """

    path: PurePosixPath
    before: str | None
    after: str
    delete: bool = False
    mode: int | None = None
    before_mode: int | None = None

    def __post_init__(self) -> None:
        """Refuse a deletion of a file that is not there, or one that also sets a mode."""
        if self.delete and self.before is None:
            raise ValueError(f"{self.path}: a deletion needs the file's current text")
        if self.delete and self.mode is not None:
            raise ValueError(f"{self.path}: a deleted file has no mode to set")

    @classmethod
    def deletion(cls, path: PurePosixPath, before: str, *, mode: int | None = None) -> FileChange:
        """A change removing the file ``path`` whose text is ``before``."""
        return cls(path, before, "", delete=True, before_mode=mode)

    @property
    def action(self) -> str:
        """``"create"``, ``"modify"`` or ``"delete"``."""
        if self.delete:
            return "delete"
        return "create" if self.before is None else "modify"

    @property
    def changes_mode(self) -> bool:
        """True when the change sets a mode the file does not already have."""
        return self.mode is not None and self.mode != self.before_mode

    @property
    def is_noop(self) -> bool:
        """True when applying this change would leave the file as it is."""
        return not self.delete and self.before == self.after and not self.changes_mode

    def line_counts(self) -> tuple[int, int]:
        """Return the number of lines added and removed, as ``git diff --stat`` counts."""
        lines = self.diff().splitlines()
        # The hunks start after the ``+++`` header line; mode lines come before it.
        start = next((i + 1 for i, line in enumerate(lines) if line.startswith("+++ ")), len(lines))
        body = lines[start:]
        added = sum(1 for line in body if line.startswith("+"))
        removed = sum(1 for line in body if line.startswith("-"))
        return added, removed

    def diff(self) -> str:
        """Return this change as a unified diff (``git diff`` style headers).

        A deletion reads ``deleted file mode``, ``--- a/path``, ``+++ /dev/null``;
        a mode set on a new file ``new file mode 100755``; a mode change of an
        existing file ``old mode``/``new mode`` lines, as git writes them.
        """
        old = [] if self.before is None else self.before.splitlines(keepends=True)
        new = [] if self.delete else self.after.splitlines(keepends=True)
        src = "/dev/null" if self.before is None else f"a/{self.path}"
        dst = "/dev/null" if self.delete else f"b/{self.path}"
        lines = list(difflib.unified_diff(old, new, src, dst, n=3))
        header = self._mode_header()
        if not lines and (self.before is None or self.delete):
            # An empty new or deleted file has no hunk, but it is still a change worth showing.
            return f"{header}--- {src}\n+++ {dst}\n"
        return header + "".join(_terminate(line) for line in lines)

    def _mode_header(self) -> str:
        if self.delete:
            return f"deleted file mode {_git_mode(self.before_mode or 0o644)}\n"
        if self.mode is None:
            return ""
        if self.before is None:
            return f"new file mode {_git_mode(self.mode)}\n"
        if not self.changes_mode:
            return ""
        old = _git_mode(self.before_mode or 0o644)
        return f"old mode {old}\nnew mode {_git_mode(self.mode)}\n"


def _git_mode(mode: int) -> str:
    # git records a regular file as 100644 or 100755.
    return f"100{mode & 0o777:o}"


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
            if change.delete and first is not None and first.before is None:
                # Created by an earlier step and deleted by a later one: nothing to do.
                del by_path[change.path]
                continue
            before_mode = change.before_mode if first is None else first.before_mode
            by_path[change.path] = dataclasses.replace(
                change, before=before, before_mode=before_mode
            )
        ordered = tuple(by_path[p] for p in sorted(by_path))
        report = other.report if other.report is not None else self.report
        return ChangeSet(ordered, self.messages + other.messages, report)
