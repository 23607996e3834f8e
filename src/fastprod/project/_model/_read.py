"""Read every Python file's facts once per content and index them.

The facts of one file are kept in the run's source set under its content, so a
second reading of the same text (another report, a view after a planned step
that left the file as it was) reuses them: facts are never changed once read.
"""

from __future__ import annotations

import ast
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from fastprod.core._errors import FastprodError
from fastprod.project._model._facts import ModuleFacts, Role, Unparsed
from fastprod.project._model._index import ProjectIndex
from fastprod.project._model._python import module_name, parse_text, python_files, role_of
from fastprod.project._model._sources import collector_paused
from fastprod.project._model._visitor import ModuleVisitor

if TYPE_CHECKING:
    from fastprod.project._project import Project


IndexRead = tuple[ProjectIndex, list[Unparsed], list[Unparsed], tuple[PurePosixPath, ...]]


def read_index(project: Project, files: tuple[PurePosixPath, ...] | None = None) -> IndexRead:
    """Read every Python file's facts and index them: the project model's code half.

    Args:
        project: The view to read.
        files: The Python files to read; every Python file of the project by default.

    Returns:
        The index, the files not analysed, the files analysed after rewriting
        newer syntax, and the files read.
    """
    paths = python_files(project) if files is None else files
    with collector_paused():
        modules, skipped, rewritten = _read_python(project, paths)
        return ProjectIndex(modules), skipped, rewritten, paths


def _read_python(
    project: Project, paths: tuple[PurePosixPath, ...]
) -> tuple[list[ModuleFacts], list[Unparsed], list[Unparsed]]:
    modules: list[ModuleFacts] = []
    skipped: list[Unparsed] = []
    rewritten: list[Unparsed] = []
    for path in paths:
        facts, downlevelled = _read_one(project, path)
        if isinstance(facts, Unparsed):
            skipped.append(facts)
        elif facts is not None:
            modules.append(facts)
        if downlevelled is not None:
            rewritten.append(downlevelled)
    return modules, skipped, rewritten


_Read = tuple[ModuleFacts | Unparsed | None, Unparsed | None]


def _read_one(project: Project, path: PurePosixPath) -> _Read:
    """The facts of one file, read once per content in the run's source set.

    A second report of the same sentence, or a view in which an earlier step
    left this file as it was, reuses them: facts are never changed once read.
    """
    try:
        text = project.read_text(path)
    except FastprodError as error:
        return Unparsed(str(path), 1, error.message), None
    if text is None:
        return None, None
    name = module_name(project, path)

    def read() -> _Read:
        parsed = parse_text(project, path, text)
        if isinstance(parsed, Unparsed):
            return parsed, None
        return _visit(path, name, parsed.text, parsed.tree), parsed.rewritten

    return project.sources.derived(f"audit:{name}", str(path), text, read)


def _visit(path: PurePosixPath, name: str, text: str, tree: ast.Module) -> ModuleFacts:
    role = role_of(path)
    visitor = ModuleVisitor(str(path), name, role, text, path.name == "__init__.py")
    facts = visitor.visit(tree)
    if (
        facts.revision
        and facts.role is Role.APP
        and any(f.name == "upgrade" for f in facts.functions)
    ):
        # An Alembic revision outside a migrations/ directory is still a migration.
        facts.role = Role.MIGRATION
    return facts
