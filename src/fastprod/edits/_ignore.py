"""Keep a file the generated code writes at run time out of the project's git tree."""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from fastprod.core._changes import FileChange

if TYPE_CHECKING:
    from fastprod.project._project import Project

GITIGNORE = PurePosixPath(".gitignore")


def ensure_ignored(project: Project, name: str, comment: str) -> FileChange | None:
    """The root ``.gitignore`` change that ignores files called ``name`` anywhere.

    ``None`` when a pattern of the file already ignores ``name`` (``*.db``,
    ``app.db``, ``/app.db``); otherwise ``name`` is appended under ``# comment``,
    and a project without a ``.gitignore`` gets one holding it.
    """
    current = project.read_text(GITIGNORE)
    if current is not None and _ignores(current, name):
        return None
    block = f"# {comment}\n{name}\n"
    if current is None:
        return FileChange(GITIGNORE, None, block)
    # One blank line between the file's last entry and the block.
    if not current or current.endswith("\n\n"):
        separator = ""
    elif current.endswith("\n"):
        separator = "\n"
    else:
        separator = "\n\n"
    return FileChange(GITIGNORE, current, current + separator + block)


def _ignores(text: str, name: str) -> bool:
    ignored = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line[1:] if negated else line
        pattern = pattern.removeprefix("**/").lstrip("/")
        if "/" in pattern.rstrip("/"):
            continue  # a pattern for one folder's files: not every name
        if fnmatch(name, pattern.rstrip("/")):
            ignored = not negated
    return ignored
