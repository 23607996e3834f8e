"""Where a project's pytest finds its tests: one answer for every recipe that adds tests."""

from __future__ import annotations

import configparser
import tomllib
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

from fastprod.core._changes import FileChange

if TYPE_CHECKING:
    from fastprod.project._project import Project


def is_test_module(path: PurePosixPath) -> bool:
    """True for a module pytest collects or configures: ``test_*.py``, ``*_test.py``,
    ``conftest.py``."""
    name = path.name
    return name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py")


def pytest_paths(project: Project) -> tuple[list[PurePosixPath], list[PurePosixPath]]:
    """pytest's ``testpaths`` and ``pythonpath``, relative to the project root.

    Read from the first of ``pytest.ini``, ``pyproject.toml``, ``tox.ini`` and
    ``setup.cfg`` that configures pytest, as pytest itself chooses.
    """
    for name, read in (
        ("pytest.ini", _ini_options),
        ("pyproject.toml", _toml_options),
        ("tox.ini", _ini_options),
        ("setup.cfg", _ini_options),
    ):
        text = project.read_text(name)
        options = read(name, text) if text is not None else None
        if options is not None:
            return (
                [_folder(p) for p in options.get("testpaths", [])],
                [_folder(p) for p in options.get("pythonpath", [])],
            )
    return [], []


def tests_folder(project: Project) -> PurePosixPath | None:
    """The folder that holds the project's tests, as pytest collects them; ``None``
    when it has no tests.

    ``tests/`` beside the app's manifest or in its import root
    (:meth:`Project.tests_dir`) when pytest's ``testpaths`` (if any) hold it; else
    the folder, under those paths, whose ``conftest.py`` or test modules are the
    shallowest: ``app/tests/`` when the tests live inside the package.
    """
    testpaths, _ = pytest_paths(project)

    def collected(folder: PurePosixPath) -> bool:
        return not testpaths or any(
            folder == path or folder.is_relative_to(path) for path in testpaths
        )

    found = project.tests_dir()
    if found is not None and collected(found):
        return found
    existing = sorted(
        (len(path.parts), path.parent)
        for path in project.python_files
        if is_test_module(path) and collected(path.parent)
    )
    return existing[0][1] if existing else None


class TestsHome(NamedTuple):
    """Where a recipe writes new tests (:func:`tests_home`).

    Attributes:
        folder: The folder the tests go in.
        started: What starts that folder when the project has no tests (its
            ``__init__.py``); empty when the folder is there.
    """

    folder: PurePosixPath
    started: tuple[FileChange, ...]

    @property
    def said(self) -> tuple[str, ...]:
        """What a person is told when the recipe starts the project's tests."""
        if not self.started:
            return ()
        return (f"{self.folder}/: the project's tests start here, with these",)


def tests_home(project: Project) -> TestsHome:
    """Where a recipe writes new tests, and what starts that folder when there is none.

    The folder of :func:`tests_folder` when the project has tests. Without any:
    ``tests/`` under pytest's first ``testpaths``, else beside the manifest (or in
    the app's import root), started with an empty ``__init__.py`` so that pytest
    imports the app from the project's root. Every recipe that adds tests starts
    the same folder the same way, so the tests a project gets do not depend on
    which recipe ran first.
    """
    found = tests_folder(project)
    if found is not None:
        return TestsHome(found, ())
    testpaths, _ = pytest_paths(project)
    if testpaths:
        first = testpaths[0]
        folder = first if first.name == "tests" else first / "tests"
    else:
        # tests_folder found no tests/ folder with modules beside the app: a new one.
        folder = _beside_manifest(project)
    if any(path.is_relative_to(folder) for path in project.python_files):
        return TestsHome(folder, ())
    return TestsHome(folder, (FileChange(folder / "__init__.py", None, ""),))


def features_own_tests() -> frozenset[str]:
    """The names of the test modules recipes write for the features they add
    (their specs' ``own_tests``: ``test_logging.py``, ``test_errors.py``...).

    They call the app's routes to test that feature, not the routes: a module of
    these names says nothing of which routes the project's tests cover.
    """
    from fastprod.core._registry import SPECS

    return frozenset(name for spec in SPECS.values() for name in spec.own_tests)


def _beside_manifest(project: Project) -> PurePosixPath:
    manifest = project.manifest
    base = manifest.path.parent if manifest is not None else project.app.import_root
    return base / "tests"


def _folder(text: str) -> PurePosixPath:
    return PurePosixPath(text.strip().strip("/") or ".")


def _toml_options(name: str, text: str) -> dict[str, list[str]] | None:
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return None
    pytest_table = tool.get("pytest", {})
    options = pytest_table.get("ini_options", pytest_table)
    if not isinstance(options, dict) or not options:
        return None
    return {
        key: [value] if isinstance(value, str) else [str(v) for v in value]
        for key in ("testpaths", "pythonpath")
        if isinstance(value := options.get(key), str | list)
    }


def _ini_options(name: str, text: str) -> dict[str, list[str]] | None:
    section = "tool:pytest" if name == "setup.cfg" else "pytest"
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    if not parser.has_section(section):
        return None
    return {
        key: parser.get(section, key).split()
        for key in ("testpaths", "pythonpath")
        if parser.has_option(section, key)
    }
