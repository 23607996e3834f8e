"""The source set: a repository's files listed once, read once, parsed once per content.

Every ``Project`` view of one run shares one ``SourceSet``. A view after a
planned step shadows some paths with planned text; the set still answers for
every other path, and a planned text that parses as before costs nothing,
because parse trees are cached by the hash of the text they were parsed from.
``listings`` and ``parses`` count the real work done, so tests can hold the
run to one listing and one parse per distinct file content.
"""

from __future__ import annotations

import ast
import gc
import hashlib
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from fastprod.core._errors import ProjectError
from fastprod.core._fs import decode, encoding_of

_SKIP_DIRS = frozenset(
    {"venv", "env", "node_modules", "build", "dist", "__pycache__", "site-packages"}
)
_ROOT = PurePosixPath(".")

_T = TypeVar("_T")

# What parsing a text gave: the tree, or the error to raise again.
_Parsed = ast.Module | SyntaxError | ValueError | RecursionError


class SourceSet:
    """The files of the repository at ``root``, each listed, read and parsed once.

    Attributes:
        root: The project directory.
        listings: How many times the Python files were listed (``git ls-files`` or a walk).
        parses: How many texts were parsed with :func:`ast.parse`.
    """

    def __init__(self, root: Path) -> None:
        """Create an empty set for ``root``; nothing is read until asked."""
        self.root = root
        self.listings = 0
        self.parses = 0
        self._files: tuple[PurePosixPath, ...] | None = None
        self._texts: dict[PurePosixPath, str | ProjectError | None] = {}
        self._trees: dict[tuple[str, bytes], _Parsed] = {}
        self._derived: dict[tuple[str, str, bytes], Any] = {}
        self._last_digest: tuple[str, bytes] | None = None

    def python_files(self) -> tuple[PurePosixPath, ...]:
        """The Python files on disk, in path order, listed on the first call only.

        Uses ``git ls-files`` when the root is in a git work tree, so what git
        ignores is skipped; otherwise walks the tree. Either way virtual
        environments, ``node_modules``, build output and hidden directories are
        left out.
        """
        if self._files is None:
            self.listings += 1
            self._files = _list(self.root)
        return self._files

    def text(self, path: PurePosixPath) -> str | None:
        """The text of a file on disk, read once; ``None`` when it is absent.

        Raises:
            ProjectError: The file is not UTF-8 text (on every call, not only the first).
        """
        if path not in self._texts:
            try:
                self._texts[path] = _read(self.root / path, path)
            except ProjectError as error:
                self._texts[path] = error
        found = self._texts[path]
        if isinstance(found, ProjectError):
            raise found
        return found

    def parse(self, text: str, filename: str, *, keep: bool = True) -> ast.Module:
        """The parse tree of ``text``, parsed once per file and distinct content.

        The cache is keyed by the file name and a hash of the text, so a view
        whose planned edit leaves a file's text as it was reuses its tree, and
        an edited file is parsed again. Trees are shared between callers and
        must not be changed.

        Args:
            text: The file's text.
            filename: Its path relative to the root, for messages and the cache key.
            keep: Keep a new tree for later callers. A caller that reads every
                file once and keeps what it learnt (the audit, through
                :meth:`derived`) passes ``False``: holding every tree of a large
                project costs more memory and collector time than parsing saves.

        Raises:
            SyntaxError: The text does not parse (the same error on every call).
            ValueError: The text holds a null byte.
            RecursionError: The text is nested too deeply for the parser.
        """
        key = (filename, self._digest(text))
        found = self._trees.get(key)
        if found is None:
            found = self._parse(text, filename)
            if keep or not isinstance(found, ast.Module):
                self._trees[key] = found
        if isinstance(found, ast.Module):
            return found
        raise found

    def derived(self, kind: str, filename: str, text: str, build: Callable[[], _T]) -> _T:
        """What ``build`` reads from one file's text, built once per file and content.

        Args:
            kind: What is built, with whatever else it depends on
                (``"audit:shop.main"``: the audit's facts of module ``shop.main``).
            filename: The file's path relative to the root.
            text: The file's text; an edited text builds again.
            build: Reads the file; called only when nothing is cached.
        """
        key = (kind, filename, self._digest(text))
        if key not in self._derived:
            self._derived[key] = build()
        found: _T = self._derived[key]
        return found

    def _digest(self, text: str) -> bytes:
        # The audit asks for a file's facts, then for its tree: one text, hashed once.
        last = self._last_digest
        if last is not None and last[0] is text:
            return last[1]
        digest = _digest(text)
        self._last_digest = (text, digest)
        return digest

    def _parse(self, text: str, filename: str) -> _Parsed:
        self.parses += 1
        try:
            with collector_paused():
                return ast.parse(text, filename=filename)
        except (SyntaxError, ValueError, RecursionError) as error:
            return error


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block.

    Parse trees and the facts read from them hold no reference cycles, so the
    collector has nothing to find in them; but the trees a source set keeps
    are millions of objects on a large project, and every collection the
    allocations of a parse trigger would walk them all again. Reference
    counting still frees whatever is dropped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            _promote_young()
            gc.enable()


def _promote_young() -> None:
    # What the block allocated and kept (facts, trees) would otherwise be walked
    # by the first collection after it, all at once. Freezing and unfreezing
    # moves every tracked object to the oldest generation without walking it;
    # a later full collection still sees them, so nothing is kept alive.
    gc.freeze()
    gc.unfreeze()


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def module_name(
    path: PurePosixPath, is_package: Callable[[PurePosixPath], bool]
) -> tuple[str, PurePosixPath]:
    """The dotted module name of ``path`` and its import root.

    Walks up from the file's directory while the directory is a package (has an
    ``__init__.py``); the first directory that is not is the import root. In a
    src layout ``src/shop/main.py`` is ``shop.main`` with import root ``src``.

    Args:
        path: A Python file, relative to the project root.
        is_package: Whether a directory holds an ``__init__.py``.
    """
    return module_in(path, package_of(path.parent, is_package))


def package_of(
    directory: PurePosixPath, is_package: Callable[[PurePosixPath], bool]
) -> tuple[str, PurePosixPath]:
    """The dotted name of the package ``directory`` is (empty if none) and its import root.

    The same for every module in the directory: a caller naming many modules asks
    once per directory (see :func:`module_in`).
    """
    parts: list[str] = []
    while directory != _ROOT and _in_package(directory, is_package):
        parts.append(directory.name)
        directory = directory.parent
    return ".".join(reversed(parts)), directory


def module_in(path: PurePosixPath, package: tuple[str, PurePosixPath]) -> tuple[str, PurePosixPath]:
    """The dotted name of ``path`` and its import root, given :func:`package_of` its directory."""
    name, root = package
    if path.name == "__init__.py":
        return name, root
    return (f"{name}.{path.stem}" if name else path.stem), root


def _in_package(directory: PurePosixPath, is_package: Callable[[PurePosixPath], bool]) -> bool:
    # A package, or a folder without ``__init__.py`` inside one: ``app/auth/`` under
    # ``app/__init__.py`` imports as ``app.auth`` (a namespace portion, PEP 420).
    if is_package(directory):
        return True
    parent = directory.parent
    return parent != _ROOT and directory.name.isidentifier() and is_package(parent)


# --------------------------------------------------------------------------- listing


def _list(root: Path) -> tuple[PurePosixPath, ...]:
    listed = _git_listing(root)
    if listed is None:
        return tuple(sorted(set(_walk(root))))
    venvs = _VenvCheck(root)
    found = {p for p in listed if p.suffix == ".py" and _kept(p, venvs)}
    # Tracked files deleted from the work tree are still in git's index.
    return tuple(sorted(p for p in found if (root / p).is_file()))


def _git_listing(root: Path) -> list[PurePosixPath] | None:
    command = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    # Not a work tree, or git refused it (ownership), or the root sits in a directory
    # an enclosing repository ignores: the walk gives the same answer minus ignores.
    if done.returncode != 0 or not done.stdout:
        return None
    names = os.fsdecode(done.stdout).split("\0")
    return [PurePosixPath(name) for name in names if name]


def _skipped_dir(name: str) -> bool:
    return name in _SKIP_DIRS or name.startswith(".") or name.endswith(".egg-info")


class _VenvCheck:
    """Answers "is this directory a virtual environment?", once per directory."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._seen: dict[PurePosixPath, bool] = {}

    def __call__(self, directory: PurePosixPath) -> bool:
        if directory not in self._seen:
            self._seen[directory] = (self._root / directory / "pyvenv.cfg").is_file()
        return self._seen[directory]


def _kept(path: PurePosixPath, is_venv: _VenvCheck) -> bool:
    dirs = path.parts[:-1]
    if any(_skipped_dir(name) for name in dirs):
        return False
    return not any(is_venv(PurePosixPath(*dirs[: i + 1])) for i in range(len(dirs)))


def _walk(root: Path) -> Iterator[PurePosixPath]:
    # Relative paths are built as strings: pathlib per entry costs more than the walk.
    stack = [(str(root), "")]
    while stack:
        directory, prefix = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        if prefix and any(e.name == "pyvenv.cfg" for e in entries):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not _skipped_dir(entry.name):
                    stack.append((entry.path, f"{prefix}{entry.name}/"))
            elif entry.name.endswith(".py") and entry.is_file():
                yield PurePosixPath(prefix + entry.name)


def _read(path: Path, rel: PurePosixPath) -> str | None:
    # Decoded bytes keep CRLF files byte-identical through an edit.
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    encoding = encoding_of(raw)
    if encoding != "utf-8" and rel.suffix == ".py":
        # Python reads no UTF-16 source: such a file is not a module to edit.
        raise ProjectError(
            f"{rel} is UTF-16 text, which Python cannot run; fastprod leaves it alone"
        )
    try:
        return decode(raw, encoding)
    except UnicodeDecodeError as exc:
        raise ProjectError(
            f"{rel} is not UTF-8 text, nor UTF-16 with a byte-order mark ({exc.reason}); "
            "fastprod leaves it alone"
        ) from exc
