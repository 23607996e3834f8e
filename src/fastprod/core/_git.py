"""The little git fastprod needs: is the tree clean, and commit what was written."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from fastprod.core._errors import FastprodError, UnsafeOperation

if TYPE_CHECKING:
    from git import Repo


def _repo(root: Path) -> Repo | None:
    # GitPython is imported here so that `fastprod --help` never pays for it.
    from git import InvalidGitRepositoryError, NoSuchPathError, Repo

    try:
        return Repo(root, search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        return None


def is_repository(root: Path) -> bool:
    """True when ``root`` lies inside a git work tree."""
    return _repo(root) is not None


def ensure_clean(root: Path) -> None:
    """Refuse to go on when files under ``root`` have uncommitted changes.

    Untracked files count too (they are not in git yet, so a mistake could not
    be undone); ignored files do not.

    Raises:
        UnsafeOperation: The work tree under ``root`` is dirty.
    """
    repo = _repo(root)
    if repo is None or repo.bare:
        return
    status = repo.git.status("--porcelain", "--untracked-files=all", "--", str(root))
    dirty = [line[3:] for line in status.splitlines() if line.strip()]
    if dirty:
        listed = ", ".join(dirty[:5]) + (" …" if len(dirty) > 5 else "")
        raise UnsafeOperation(
            f"the work tree has uncommitted changes ({listed}); commit or stash them, "
            "or pass --force"
        )


def commit(root: Path, paths: Iterable[Path], message: str) -> str:
    """Stage ``paths`` and commit them with ``message``; return the commit sha.

    Raises:
        FastprodError: ``root`` is not in a git repository, or git refused.
    """
    repo = _repo(root)
    if repo is None or repo.working_tree_dir is None:
        raise FastprodError("--commit needs a git repository, and the project is not in one")
    top = Path(repo.working_tree_dir).resolve()
    relative = sorted(str(p.resolve().relative_to(top)) for p in paths)
    from git import GitCommandError

    _ensure_identity(repo)
    try:
        repo.git.add("--", *relative)
        repo.git.commit("--no-verify", "-m", message, "--", *relative)
    except GitCommandError as exc:
        raise FastprodError(f"git commit failed: {exc.stderr.strip() or exc}") from exc
    return str(repo.head.commit.hexsha)


def init_and_commit(root: Path, message: str) -> str:
    """Create a repository at ``root`` with everything in it as the first commit."""
    from git import GitCommandError, Repo

    try:
        repo = Repo.init(root, initial_branch="main")
        _ensure_identity(repo)
        repo.git.add("--all")
        repo.git.commit("--no-verify", "-m", message)
    except GitCommandError as exc:
        raise FastprodError(f"git commit failed: {exc.stderr.strip() or exc}") from exc
    return str(repo.head.commit.hexsha)


def _ensure_identity(repo: Repo) -> None:
    # A fresh machine or CI may have no user.name/email; git would refuse to
    # commit. Fall back to a neutral identity without touching any git config.
    reader = repo.config_reader()
    if reader.has_option("user", "email") and reader.has_option("user", "name"):
        return
    repo.git.update_environment(
        GIT_AUTHOR_NAME="fastprod",
        GIT_AUTHOR_EMAIL="fastprod@localhost",
        GIT_COMMITTER_NAME="fastprod",
        GIT_COMMITTER_EMAIL="fastprod@localhost",
    )


def commit_staged(root: Path, message: str) -> str:
    """Commit what is staged with ``message``; return the commit sha.

    Raises:
        FastprodError: ``root`` is not in a git repository, or git refused.
    """
    repo = _repo(root)
    if repo is None:
        raise FastprodError("the project is not in a git repository")
    from git import GitCommandError

    _ensure_identity(repo)
    try:
        repo.git.commit("--no-verify", "-m", message)
    except GitCommandError as exc:
        raise FastprodError(f"git commit failed: {exc.stderr.strip() or exc}") from exc
    return str(repo.head.commit.hexsha)


def current_branch(root: Path) -> str | None:
    """The name of the checked-out branch, or ``None`` on a detached head."""
    repo = _repo(root)
    if repo is None or repo.head.is_detached:
        return None
    return str(repo.active_branch.name)


def create_branch(root: Path, name: str) -> str | None:
    """Create branch ``name`` at HEAD and switch to it; return the branch left.

    Raises:
        FastprodError: Not a repository, an invalid name, or the branch exists.
    """
    repo = _repo(root)
    if repo is None:
        raise FastprodError("--branch needs a git repository, and the project is not in one")
    from git import GitCommandError

    if repo.git.branch("--list", name).strip():
        raise FastprodError(f"branch '{name}' already exists; choose another name")
    left = current_branch(root) or repo.head.commit.hexsha
    try:
        repo.git.check_ref_format("--branch", name)
        repo.git.switch("-c", name)
    except GitCommandError as exc:
        raise FastprodError(f"cannot create branch '{name}': {exc.stderr.strip()}") from exc
    return left


def drop_branch(root: Path, name: str, back_to: str) -> None:
    """Switch back to ``back_to`` and delete the branch ``name`` made for a failed change."""
    repo = _repo(root)
    if repo is None:
        return
    if current_branch(root) == name:
        repo.git.switch("--detach" if len(back_to) == 40 else "-q", back_to)
    repo.git.branch("-D", name)


def work_tree(path: Path) -> Path | None:
    """The top of the git work tree holding ``path``, or ``None`` outside git."""
    repo = _repo(path)
    if repo is None or repo.working_tree_dir is None:
        return None
    return Path(repo.working_tree_dir).resolve()
