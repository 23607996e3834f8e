"""The state of a repository as one hash, and the plan id built on it.

A plan id names what a person saw in a dry run: the sentence, the repository
state it was planned on and the fastprod version. Applying with that id refuses
when any of the three differs, so what was approved is what lands.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from pathlib import Path, PurePosixPath

from fastprod.core._version import __version__

# Folders that are never part of a project's state (caches, environments).
_SKIPPED_DIRS = frozenset(
    {".git", ".venv", "venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"}
)


def repository_state(root: Path) -> str:
    """Return a hash of every file under ``root`` that git would see.

    In a git work tree this is the tree object ``git add -A`` would write (built
    in a throwaway index, so the real index is untouched): tracked, modified and
    untracked files count, ignored files do not. Outside git, every file below
    ``root`` except caches and virtual environments is hashed.
    """
    if not root.exists():
        return "absent"
    tree = _git_tree(root)
    return tree if tree is not None else _walk_hash(root)


def plan_id(sentence: str, state: str, app: str | None = None) -> str:
    """Return the id of planning ``sentence`` on ``state`` with this fastprod."""
    words = " ".join(sentence.split())
    text = "\0".join((words, state, app or "", __version__))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def repository_prefix(root: Path) -> PurePosixPath | None:
    """The folder ``root`` is inside its git work tree (``backend``), ``.`` at its top.

    ``None`` outside a git work tree, or where the folder is not made yet.
    """
    if not root.is_dir():
        return None
    prefix = _git(root, "rev-parse", "--show-prefix")
    if prefix is None:
        return None
    return PurePosixPath(prefix.rstrip("/") or ".")


def _git_tree(root: Path) -> str | None:
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(scratch) / "index")}
        if _git(root, "rev-parse", "--verify", "-q", "HEAD") is not None:
            _git(root, "read-tree", "HEAD", env=env)
        if _git(root, "add", "-A", "--", ".", env=env) is None:
            return None
        tree = _git(root, "write-tree", env=env)
    relative = Path(os.path.relpath(root.resolve(), Path(top).resolve())).as_posix()
    return None if tree is None else f"git:{tree}:{relative}"


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> str | None:
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, env=env, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else None


def _walk_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
        for name in sorted(files):
            path = Path(directory) / name
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"files:{digest.hexdigest()}"
