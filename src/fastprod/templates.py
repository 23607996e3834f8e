"""Render a recipe's jinja2 templates into new files of a change set."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from fastprod.core._changes import FileChange
from fastprod.project._project import Project

SUFFIX = ".jinja"
ROOT = PurePosixPath(".")


def _environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def template_names(templates: Path) -> Iterator[str]:
    """Yield every template under ``templates`` as a POSIX relative name, sorted."""
    for path in sorted(templates.rglob(f"*{SUFFIX}")):
        yield path.relative_to(templates).as_posix()


def render(templates: Path, name: str, context: Mapping[str, Any], *, newline: str = "\n") -> str:
    """Render one template (``name`` relative to ``templates``) with ``context``.

    ``newline`` is the line ending the new file takes: pass the project's own
    (``"\r\n"`` for a CRLF code base) so new files match the ones around them.
    """
    text = _environment(templates).get_template(name).render(**context)
    return text if newline == "\n" else text.replace("\n", newline)


def render_path(name: str, context: Mapping[str, Any]) -> PurePosixPath:
    """Turn a template name into its target path: drop ``.jinja``, fill ``{{ }}`` parts."""
    target = name.removesuffix(SUFFIX)
    rendered = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(target)
    return PurePosixPath(rendered.render(**context))


def render_tree(
    templates: Path,
    context: Mapping[str, Any],
    project: Project,
    dest: PurePosixPath = ROOT,
) -> tuple[FileChange, ...]:
    """Render every template under ``templates`` into file changes below ``dest``.

    Args:
        templates: The recipe's ``templates/`` directory; paths mirror the target.
        context: Variables for the templates (and for ``{{ }}`` in file names).
        dest: Where the tree lands, relative to the project root.
        project: The view; a target that already holds the same text is a no-op.
    """
    env = _environment(templates)
    changes: list[FileChange] = []
    for name in template_names(templates):
        path = dest / render_path(name, context)
        text = env.get_template(name).render(**context)
        changes.append(FileChange(path, project.read_text(path), text))
    return tuple(changes)
