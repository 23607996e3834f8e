"""Read the project once and build the reports."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import PurePosixPath

from .._errors import FastprodError
from .._project import Project
from . import _health, _quality, _security
from ._config import read_config
from ._derive import Derived
from ._facts import Location, ModuleFacts, Role, Unparsed
from ._index import ProjectIndex
from ._model import AuditReport, Files, SecurityReport, SecuritySection
from ._sources import module_name, other_files, parse, python_files, role_of
from ._visitor import ModuleVisitor

_MANIFESTS = ("pyproject.toml", "requirements.txt", "setup.py", "setup.cfg")


@dataclass(frozen=True, slots=True)
class Analysis:
    """The project read once: derived facts, files not analysed, files read."""

    derived: Derived
    skipped: tuple[Unparsed, ...]
    rewritten: tuple[Unparsed, ...]
    files: int


def analyse(project: Project, files: tuple[PurePosixPath, ...] | None = None) -> Analysis:
    """Parse and visit every Python file once, then read the files around the code.

    Args:
        project: The read-only view of the repository.
        files: The Python files to read; every Python file of the project by default.
    """
    paths = python_files(project) if files is None else files
    modules: list[ModuleFacts] = []
    skipped: list[Unparsed] = []
    rewritten: list[Unparsed] = []
    for path in paths:
        parsed = parse(project, path)
        if isinstance(parsed, Unparsed):
            skipped.append(parsed)
        elif parsed is not None:
            modules.append(_visit(path, parsed.text, parsed.tree))
            if parsed.rewritten is not None:
                rewritten.append(parsed.rewritten)
    index = ProjectIndex(modules)
    commands = [(Location(m.path), c) for m in modules for c in m.commands]
    config = read_config(project, other_files(project), commands)
    config.pydantic_v1 = _pydantic_v1(project, index)
    derived = Derived(index, config, _fallback(project))
    return Analysis(derived, tuple(skipped), tuple(rewritten), len(paths))


def _visit(path: PurePosixPath, text: str, tree: ast.Module) -> ModuleFacts:
    role = role_of(path)
    visitor = ModuleVisitor(str(path), module_name(path), role, text, path.name == "__init__.py")
    facts = visitor.visit(tree)
    if (
        facts.revision
        and facts.role is Role.APP
        and any(f.name == "upgrade" for f in facts.functions)
    ):
        # An Alembic revision outside a migrations/ directory is still a migration.
        facts.role = Role.MIGRATION
    return facts


def _pydantic_v1(project: Project, index: ProjectIndex) -> Location | None:
    legacy = index.first_import("pydantic.BaseSettings")
    if legacy is not None:
        return legacy
    try:
        versions = project.versions
    except (FastprodError, ImportError):
        return None
    manifest = _manifest(project)
    if versions.pydantic is not None and versions.pydantic[0] < 2 and manifest is not None:
        return manifest
    return None


def _manifest(project: Project) -> Location | None:
    for name in _MANIFESTS:
        if project.exists(name):
            return Location(name)
    return None


def _fallback(project: Project) -> Location | None:
    return _manifest(project)


def run_audit(project: Project) -> AuditReport:
    """The health check, quality score and security checklist of ``project``."""
    analysis = analyse(project)
    d = analysis.derived
    signals = _health.signals(d)
    checks = _security.checks(d)
    dimensions = _quality.dimensions(d, signals, checks)
    section = SecuritySection(checks)
    files = Files(analysis.files, analysis.skipped, analysis.rewritten)
    return AuditReport(signals, dimensions, section, files, d.anchor)


def run_security_review(project: Project) -> SecurityReport:
    """The 10-point security checklist of ``project``."""
    analysis = analyse(project)
    d = analysis.derived
    section = SecuritySection(_security.checks(d))
    files = Files(analysis.files, analysis.skipped, analysis.rewritten)
    return SecurityReport(section, files, d.anchor)
