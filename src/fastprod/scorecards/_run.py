"""Read the project once and build the reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from fastprod.project._model._facts import Location, Unparsed
from fastprod.project._model._index import ProjectIndex
from fastprod.project._model._read import read_index
from fastprod.project._model._sources import collector_paused
from fastprod.project._project import Project
from fastprod.scorecards import _health, _quality, _security
from fastprod.scorecards._config import ConfigFacts, read_config, read_requirements
from fastprod.scorecards._derive import Derived
from fastprod.scorecards._model import AuditReport, Files, SecurityReport, SecuritySection
from fastprod.scorecards._sources import other_files, read_beside

_MANIFESTS = ("pyproject.toml", "requirements.txt", "setup.py", "setup.cfg")
_REQUIREMENTS = ("requirements.txt", "requirements/base.txt", "requirements/prod.txt")


@dataclass(frozen=True, slots=True)
class Analysis:
    """The project read once: derived facts, files not analysed, files read."""

    derived: Derived
    skipped: tuple[Unparsed, ...]
    rewritten: tuple[Unparsed, ...]
    files: int

    @property
    def read(self) -> Files:
        """What was read, for the report."""
        unread = tuple(sorted(self.derived.config.unread, key=lambda u: u.path))
        return Files(self.files, self.skipped, self.rewritten, unread)


def analyse(project: Project, files: tuple[PurePosixPath, ...] | None = None) -> Analysis:
    """Parse and visit every Python file once, then read the files around the code.

    Args:
        project: The read-only view of the repository.
        files: The Python files to read; every Python file of the project by default.
    """
    # The whole project's facts are the view's readings, shared with recipes.
    read = project.readings.index_read if files is None else read_index(project, files)
    index, skipped, rewritten, paths = read
    commands = [(Location(m.path), c) for m in index.modules for c in m.commands]
    config = read_config(project, other_files(project), commands)
    config.pydantic_v1 = _pydantic_v1(project, index, config)
    derived = Derived(index, config, _fallback(project), _dependencies(project))
    return Analysis(derived, tuple(skipped), tuple(rewritten), len(paths))


# Model config keys that Pydantic 2 renamed or dropped: a model configured with them
# was written for Pydantic 1 (``orm_mode`` is ``from_attributes`` in 2).
_V1_CONFIG_KEYS = frozenset(
    {"orm_mode", "allow_population_by_field_name", "schema_extra", "allow_mutation"}
    | {"anystr_strip_whitespace", "underscore_attrs_are_private", "validate_all"}
    | {"copy_on_model_validation", "smart_union"}
)


def _pydantic_v1(project: Project, index: ProjectIndex, config: ConfigFacts) -> Location | None:
    # ``from pydantic import BaseSettings`` exists only in Pydantic 1.
    legacy = index.first_import("pydantic.BaseSettings")
    if legacy is not None:
        return legacy
    configured = [
        field.loc
        for cls in index.all_classes()
        if cls.name == "Config"
        for key, field in cls.fields.items()
        if key in _V1_CONFIG_KEYS
    ]
    if configured:
        return min(configured)
    for name in _requirement_files(index):
        text, unread = read_beside(project, name)
        if unread is not None:
            config.unread.append(unread)
        if text is not None:
            read_requirements(name, text, config)
    return config.pydantic_v1


def _requirement_files(index: ProjectIndex) -> list[str]:
    """The requirements files at the root, then in each folder above an app's module.

    A service kept in ``src/`` or ``backend/`` pins its packages beside it.
    """
    folders = {
        str(parent)
        for _, app in index.apps()
        for parent in PurePosixPath(app.loc.path).parents
        if str(parent) != "."
    }
    beside = [f"{folder}/{name}" for folder in sorted(folders) for name in _REQUIREMENTS]
    return [*_REQUIREMENTS, *beside]


def _manifest(project: Project) -> Location | None:
    for name in _MANIFESTS:
        if project.exists(name):
            return Location(name)
    return None


def _dependencies(project: Project) -> Location | None:
    """The line that lists the dependencies: ``dependencies =`` in pyproject, else a manifest."""
    text, _ = read_beside(project, "pyproject.toml")
    if text is not None:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.startswith(("dependencies", "[tool.poetry.dependencies]")):
                return Location("pyproject.toml", number)
    return _manifest(project)


def _fallback(project: Project) -> Location | None:
    return _manifest(project)


def run_audit(project: Project, files: tuple[PurePosixPath, ...] | None = None) -> AuditReport:
    """The health check, quality score and security checklist of ``project``.

    Args:
        project: The read-only view of the repository.
        files: The Python files to read; every Python file of the project by default.
    """
    with collector_paused():
        analysis = analyse(project, files)
        d = analysis.derived
        signals = _health.signals(d)
        checks = _security.checks(d)
        further = _security.further(d)
        dimensions = _quality.dimensions(d, signals, checks, further)
    section = SecuritySection(checks, further)
    read = analysis.read
    return AuditReport(signals, dimensions, section, read, d.anchor)


def run_security_review(
    project: Project, files: tuple[PurePosixPath, ...] | None = None
) -> SecurityReport:
    """The 10-point security checklist of ``project`` (``files`` as for :func:`run_audit`)."""
    with collector_paused():
        analysis = analyse(project, files)
        d = analysis.derived
        section = SecuritySection(_security.checks(d), _security.further(d))
    read = analysis.read
    return SecurityReport(section, read, d.anchor)
