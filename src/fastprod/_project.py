"""The read-only view of a target repository that recipes plan against."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Literal

from ._changes import ChangeSet
from ._errors import ProjectError

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

    Files are read on demand and cached. Discovery (app, settings, manifest,
    versions) runs the first time a recipe asks for it, so a recipe that needs
    none of it (``new_project``) pays nothing.
    """

    def __init__(
        self,
        root: Path,
        *,
        app_hint: str | None = None,
        overlay: Mapping[PurePosixPath, str] | None = None,
    ) -> None:
        """Create a view.

        Args:
            root: The project directory (resolved).
            app_hint: ``module:attr`` chosen by the user with ``--app``.
            overlay: Planned file texts that shadow the disk (earlier recipes).
        """
        self.root = root
        self.app_hint = app_hint
        self._overlay: dict[PurePosixPath, str] = dict(overlay or {})
        self._cache: dict[PurePosixPath, str | None] = {}

    def read_text(self, path: PurePosixPath | str) -> str | None:
        """Return the text of a file relative to the root, or ``None`` if absent."""
        rel = PurePosixPath(path)
        if rel in self._overlay:
            return self._overlay[rel]
        return self._on_disk(rel)

    def is_new(self, path: PurePosixPath | str) -> bool:
        """True when an earlier recipe of this run creates the file: planned, not on disk."""
        rel = PurePosixPath(path)
        return rel in self._overlay and self._on_disk(rel) is None

    def _on_disk(self, rel: PurePosixPath) -> str | None:
        if rel not in self._cache:
            self._cache[rel] = _read(self.root / rel, rel)
        return self._cache[rel]

    def exists(self, path: PurePosixPath | str) -> bool:
        """True when the file exists (on disk or in the overlay)."""
        return self.read_text(path) is not None

    def with_changes(self, changes: ChangeSet) -> Project:
        """Return a view in which ``changes`` are already applied."""
        overlay = dict(self._overlay)
        overlay.update({c.path: c.after for c in changes.changes})
        return Project(self.root, app_hint=self.app_hint, overlay=overlay)

    @cached_property
    def app(self) -> AppLocation:
        """The FastAPI application; raises ``ProjectError`` if none or ambiguous."""
        from ._discovery import find_app

        return find_app(self)

    @cached_property
    def settings(self) -> SettingsLocation | None:
        """The pydantic ``BaseSettings`` class, if the project has one."""
        from ._discovery import find_settings

        return find_settings(self)

    @cached_property
    def manifest(self) -> Manifest | None:
        """The dependency manifest, if any."""
        from ._discovery import find_manifest

        return find_manifest(self)

    @cached_property
    def versions(self) -> Versions:
        """Python, FastAPI and Pydantic versions the project declares."""
        from ._discovery import find_versions

        return find_versions(self)

    @cached_property
    def python_files(self) -> tuple[PurePosixPath, ...]:
        """Every Python file of the project, skipping what git ignores, venvs and builds."""
        from ._discovery import list_python_files

        return list_python_files(self)


def _read(path: Path, rel: PurePosixPath) -> str | None:
    # newline="" keeps CRLF files byte-identical through an edit.
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    except UnicodeDecodeError as exc:
        raise ProjectError(
            f"{rel} is not UTF-8 text ({exc.reason}); fastprod leaves it alone"
        ) from exc
