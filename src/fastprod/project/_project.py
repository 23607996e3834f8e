"""The read-only view of a target repository that recipes plan against."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal

from fastprod.core._changes import ChangeSet
from fastprod.core._errors import ProjectError
from fastprod.project._model import SourceSet
from fastprod.project._model._sources import module_in, package_of

if TYPE_CHECKING:
    from fastprod.project._model._readings import Readings

ManifestKind = Literal["pep621", "poetry", "requirements"]


@dataclass(frozen=True, slots=True)
class AppLocation:
    """Where the FastAPI application object is created.

    Attributes:
        path: The module file, relative to the project root (``app/main.py``).
        module: Its dotted import name as the app is run (``app.main``).
        attr: The module attribute uvicorn serves (``app``).
        factory: The factory function building the app (``create_app``), if any.
        import_root: The directory that must be on ``sys.path`` (``.`` or ``src``).
        package: The package directory holding the module (``app``, ``src/shop``),
            or ``None`` for a single-file app at the import root.
        factory_path: The module defining ``factory``, when there is one. It is
            ``path`` unless the app module calls a factory imported from elsewhere.
    """

    path: PurePosixPath
    module: str
    attr: str
    factory: str | None
    import_root: PurePosixPath
    package: PurePosixPath | None
    factory_path: PurePosixPath | None = None

    @property
    def target(self) -> str:
        """The ``module:attr`` string uvicorn takes."""
        return f"{self.module}:{self.attr}"

    @property
    def code_dir(self) -> PurePosixPath:
        """The directory where the app's own modules live."""
        return self.path.parent

    @property
    def edit_path(self) -> PurePosixPath:
        """The module where the app is built: the factory's module, else ``path``.

        Statements that configure the app (handlers, middleware, routers) go here.
        """
        return self.factory_path or self.path

    def module_of(self, path: PurePosixPath) -> str:
        """The dotted import name of a module file below the import root."""
        relative = path.relative_to(self.import_root)
        parts = relative.with_suffix("").parts
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@dataclass(frozen=True, slots=True)
class SettingsLocation:
    """A pydantic ``BaseSettings`` subclass in the project."""

    path: PurePosixPath
    class_name: str


@dataclass(frozen=True, slots=True)
class Manifest:
    """The dependency manifest: ``pyproject.toml`` (PEP 621 or Poetry) or requirements."""

    path: PurePosixPath
    kind: ManifestKind


@dataclass(frozen=True, slots=True)
class Versions:
    """What the project declares it runs on; ``None`` where it says nothing.

    Attributes:
        python: The lowest Python the project supports, as ``(major, minor)``.
        fastapi: The lowest FastAPI version allowed, as a tuple of ints.
        pydantic: The lowest Pydantic version allowed, as a tuple of ints.
    """

    python: tuple[int, int] | None
    fastapi: tuple[int, ...] | None
    pydantic: tuple[int, ...] | None


class Project:
    """A read-only view of the repository at ``root``, plus planned edits.

    Files are read on demand through the run's ``SourceSet``, which every view
    derived by :meth:`with_changes` shares: the files are listed once, each text
    read once and each content parsed once; a later view differs only in the
    paths its planned edits shadow. Discovery (app, settings, manifest, versions)
    runs the first time a recipe asks for it, so a recipe that needs none of it
    (``new_project``) pays nothing.
    """

    def __init__(
        self,
        root: Path,
        *,
        app_hint: str | None = None,
        overlay: Mapping[PurePosixPath, str] | None = None,
        sources: SourceSet | None = None,
    ) -> None:
        """Create a view.

        Args:
            root: The project directory (resolved).
            app_hint: ``module:attr`` chosen by the user with ``--app``.
            overlay: Planned file texts that shadow the disk (earlier recipes).
            sources: The run's source set, shared with the view this one derives from.
        """
        self.root = root
        self.app_hint = app_hint
        self.sources = sources if sources is not None else SourceSet(root)
        self._overlay: dict[PurePosixPath, str] = dict(overlay or {})
        self._packages: dict[PurePosixPath, bool] = {}
        self._modules: dict[PurePosixPath, tuple[str, PurePosixPath]] = {}
        self._package_names: dict[PurePosixPath, tuple[str, PurePosixPath]] = {}

    def read_text(self, path: PurePosixPath | str) -> str | None:
        """Return the text of a file relative to the root, or ``None`` if absent.

        Raises:
            ProjectError: The file is not UTF-8 text.
        """
        # The audit asks with the paths it listed: no need to build them again.
        rel = path if path.__class__ is PurePosixPath else PurePosixPath(path)
        if rel in self._overlay:
            return self._overlay[rel]
        return self.sources.text(rel)

    def is_new(self, path: PurePosixPath | str) -> bool:
        """True when an earlier recipe of this run creates the file: planned, not on disk."""
        rel = PurePosixPath(path)
        return rel in self._overlay and self.sources.text(rel) is None

    def tree(self, path: PurePosixPath | str) -> ast.Module | None:
        """The parse tree of a Python file in this view, or ``None`` if it is absent.

        Parsed once per file content for the whole run (shared with discovery,
        the audit and every later view); the tree must not be changed.

        Raises:
            ProjectError: The file is not UTF-8 text.
            SyntaxError: The file does not parse.
        """
        rel = PurePosixPath(path)
        text = self.read_text(rel)
        if text is None:
            return None
        return self.sources.parse(text.removeprefix("\ufeff"), str(rel))

    def planned(self) -> tuple[PurePosixPath, ...]:
        """The paths whose text earlier steps planned, in path order."""
        return tuple(sorted(self._overlay))

    def module_name(self, path: PurePosixPath) -> tuple[str, PurePosixPath]:
        """The dotted module name of a Python file and its import root, as Python imports it.

        ``src/shop/main.py`` in a src layout is ``shop.main`` under ``src``; a
        directory is a package when it has an ``__init__.py`` in this view.
        """
        found = self._modules.get(path)
        if found is None:
            # Every module of a directory is in the same package: found once per directory.
            directory = path.parent
            package = self._package_names.get(directory)
            if package is None:
                package = self._package_names[directory] = package_of(directory, self._is_package)
            found = self._modules[path] = module_in(path, package)
        return found

    def _is_package(self, directory: PurePosixPath) -> bool:
        if directory not in self._packages:
            self._packages[directory] = self.exists(directory / "__init__.py")
        return self._packages[directory]

    def exists(self, path: PurePosixPath | str) -> bool:
        """True when the file exists (on disk or in the overlay), whatever its encoding."""
        try:
            return self.read_text(path) is not None
        except ProjectError:
            # Not UTF-8 text, but there: whoever reads it says what that means.
            return True

    def with_changes(self, changes: ChangeSet) -> Project:
        """Return a view in which ``changes`` are already applied."""
        overlay = dict(self._overlay)
        overlay.update({c.path: c.after for c in changes.changes})
        return Project(self.root, app_hint=self.app_hint, overlay=overlay, sources=self.sources)

    @cached_property
    def app(self) -> AppLocation:
        """The FastAPI application; raises ``ProjectError`` if none or ambiguous."""
        from fastprod.project._discovery import find_app

        return find_app(self)

    @cached_property
    def settings(self) -> SettingsLocation | None:
        """The pydantic ``BaseSettings`` class, if the project has one."""
        from fastprod.project._discovery import find_settings

        return find_settings(self)

    @cached_property
    def manifest(self) -> Manifest | None:
        """The dependency manifest, if any."""
        from fastprod.project._discovery import find_manifest

        return find_manifest(self)

    @cached_property
    def versions(self) -> Versions:
        """Python, FastAPI and Pydantic versions the project declares."""
        from fastprod.project._discovery import find_versions

        return find_versions(self)

    @cached_property
    def repository_prefix(self) -> PurePosixPath | None:
        """Where the project sits in its git work tree: ``backend``, ``.`` at its top.

        ``None`` outside git. Files such as ``.github/workflows/`` count only at
        the top of the work tree, whatever folder fastprod runs in.
        """
        from fastprod.core._state import repository_prefix

        return repository_prefix(self.root)

    @cached_property
    def repository(self) -> Project | None:
        """A read-only view of the git work tree's top, when the project is a folder below it.

        Recipes read it (a compose file or workflow of the whole repository);
        they never plan changes there, as the engine writes only below ``root``.
        """
        prefix = self.repository_prefix
        if prefix is None or prefix == PurePosixPath("."):
            return None
        top = self.root.resolve()
        for _ in prefix.parts:
            top = top.parent
        return Project(top)

    @cached_property
    def readings(self) -> Readings:
        """What the project has, as objects: routes, the database layer, Alembic.

        Read on first use from the facts the audit reads, shared with it.
        """
        from fastprod.project._model._readings import Readings

        return Readings(self)

    @cached_property
    def python_files(self) -> tuple[PurePosixPath, ...]:
        """Every Python file of the project, skipping what git ignores, venvs and builds.

        The disk is listed once per source set; files planned by earlier steps
        exist only in this view and are added to the listing.
        """
        planned = {p for p in self._overlay if p.suffix == ".py"}
        if not planned:
            return self.sources.python_files()
        return tuple(sorted(planned.union(self.sources.python_files())))

    def tests_dir(self) -> PurePosixPath | None:
        """The tests directory that runs with the app importable, if it has tests.

        Beside the manifest (when the app's import root is that directory or its
        ``src/``), else in the import root.
        """
        app = self.app
        candidates = []
        if self.manifest is not None:
            base = self.manifest.path.parent
            if app.import_root in (base, base / "src"):
                candidates.append(base / "tests")
        candidates.append(app.import_root / "tests")
        for folder in candidates:
            if any(file.is_relative_to(folder) for file in self.python_files):
                return folder
        return None


def first_party(project: Project) -> frozenset[str]:
    """Top-level names of the project's own modules and packages at the app's import root.

    Pass it as ``ensure_import(..., first_party=first_party(project))``: a single-file
    app's sibling modules (``errors``, ``structured_logging``) then sort as the
    project's own, whichever recipe added them first.
    """
    root = project.app.import_root
    files = set(project.python_files)
    names = set()
    for path in files:
        if not path.is_relative_to(root):
            continue
        parts = path.relative_to(root).parts
        if len(parts) == 1 and path.stem != "__init__":
            names.add(path.stem)
        elif len(parts) > 1 and root / parts[0] / "__init__.py" in files:
            names.add(parts[0])
    return frozenset(names)


def distribution_name(project: Project) -> str:
    """The distribution's name in ``pyproject.toml`` (PEP 621 or Poetry); ``""`` when none."""
    import tomllib

    manifest = project.manifest
    if manifest is None or manifest.path.name != "pyproject.toml":
        return ""
    try:
        data = tomllib.loads(project.read_text(manifest.path) or "")
    except tomllib.TOMLDecodeError:
        return ""
    poetry = data.get("tool", {}).get("poetry", {})
    name = data.get("project", {}).get("name") or poetry.get("name")
    return name if isinstance(name, str) else ""


def app_slug(project: Project) -> str:
    """The project's name in keys and channels it shares with other apps: ``billing-api``.

    The distribution's name, else the app's package, else ``app``; lowercase, with
    every other character a dash. Two apps on one Redis server then keep apart
    their cache keys and their pub/sub channels.
    """
    name = distribution_name(project)
    if not name and project.app.package is not None:
        name = project.app.module.split(".")[0]
    cleaned = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    return cleaned or "app"
