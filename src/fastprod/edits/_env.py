"""Where a project documents its environment variables: one ``.env.example`` for every recipe."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from fastprod.core._changes import FileChange
from fastprod.edits._config import EnvLine, ensure_env_lines

if TYPE_CHECKING:
    from fastprod.project._project import Project

ENV_EXAMPLE = PurePosixPath(".env.example")


def document_env(
    project: Project,
    entries: Sequence[tuple[str, str, str | None] | EnvLine],
    beside: PurePosixPath | None = None,
) -> FileChange:
    """The ``.env.example`` change that names each variable a recipe reads.

    The file is the project's own: the one at the root, else the one in
    ``beside`` (the settings module's folder). A project without one gets it
    started at the root, holding these variables: whichever recipe adds
    variables first starts it, and the lines sort by name, so recipes run in any
    order leave the same file.

    Args:
        project: The project planned on.
        entries: ``(name, value, comment)`` triples or :class:`EnvLine` values.
        beside: The folder of the settings module, where some projects keep it.
    """
    candidates = [ENV_EXAMPLE]
    if beside is not None and beside / ".env.example" != ENV_EXAMPLE:
        candidates.append(beside / ".env.example")
    for path in candidates:
        current = project.read_text(path)
        if current is not None:
            return FileChange(path, current, ensure_env_lines(current, entries))
    return FileChange(ENV_EXAMPLE, None, ensure_env_lines(None, entries))
