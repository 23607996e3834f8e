"""Undo: revert the last change fastprod made to a project.

A committed change carries the trailer ``Fastprod-Change: <plan id>`` and is
reverted with ``git revert``, which refuses when later commits touched the same
lines. A change applied without ``--commit`` is recorded under
``.git/fastprod/`` (never in the work tree) with the texts it replaced, and is
undone while its files still hold what fastprod wrote.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from fastprod.core._changes import FileChange
from fastprod.core._errors import UndoRefused, UnsafeOperation
from fastprod.core._fs import read_text

UNDO_EXAMPLE = "undo the last change"
"""The canonical undo sentence (``--list``, completion, suggestions)."""

CHANGE_TRAILER = "Fastprod-Change"
UNDO_TRAILER = "Fastprod-Undo"
_RECORDS = "fastprod"


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo did: the sentence undone, the files restored, the revert commit."""

    sentence: str
    changes: tuple[FileChange, ...]
    commit: str | None


def record(root: Path, sentence: str, changes: tuple[FileChange, ...]) -> None:
    """Keep what an uncommitted change replaced, so it can be undone later.

    Nothing is kept outside a git repository (there is no ``.git`` to keep it in).
    """
    store = _store(root)
    if store is None:
        return
    store.mkdir(parents=True, exist_ok=True)
    number = 1 + max((int(p.stem) for p in store.glob("*.json") if p.stem.isdigit()), default=0)
    data = {
        "sentence": sentence,
        "root": _relative_root(root),
        "changes": [_change_json(c) for c in changes],
    }
    (store / f"{number:06d}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")


def undo(root: Path) -> Undone:
    """Revert the last change fastprod made under ``root``.

    Raises:
        UndoRefused: There is no change to undo, or later work overlaps it.
        UnsafeOperation: The tree has uncommitted changes of someone else.
    """
    if _store(root) is None:
        raise UndoRefused("undo needs a git repository, and the project is not in one")
    recorded = _last_uncommitted(root)
    if recorded is not None:
        return _undo_recorded(root, *recorded)
    from fastprod.core._git import ensure_clean

    ensure_clean(root)
    return _revert_commit(root)


def _store(root: Path) -> Path | None:
    git_dir = _git(root, "rev-parse", "--absolute-git-dir")
    return None if git_dir is None else Path(git_dir) / _RECORDS


def _relative_root(root: Path) -> str:
    return _git(root, "rev-parse", "--show-prefix") or ""


def _change_json(change: FileChange) -> dict[str, Any]:
    return {
        "path": str(change.path),
        "before": change.before,
        "after": change.after,
        "delete": change.delete,
        "mode": change.mode,
        "before_mode": change.before_mode,
    }


def _change_from(data: dict[str, Any]) -> FileChange:
    return FileChange(
        PurePosixPath(data["path"]),
        data["before"],
        data["after"],
        delete=data["delete"],
        mode=data["mode"],
        before_mode=data["before_mode"],
    )


def _last_uncommitted(root: Path) -> tuple[Path, str, tuple[FileChange, ...]] | None:
    """The newest record whose files still hold what fastprod wrote, with its sentence."""
    store = _store(root)
    assert store is not None
    prefix = _relative_root(root)
    for path in sorted(store.glob("*.json"), reverse=True):
        data = json.loads(path.read_text(encoding="utf-8"))
        changes = tuple(_change_from(c) for c in data["changes"])
        if data["root"] != prefix or not changes:
            continue
        if _still_written(root, changes):
            return path, data["sentence"], changes
        # Committed by hand or edited since: no longer fastprod's own change to undo.
        path.unlink()
    return None


def _still_written(root: Path, changes: tuple[FileChange, ...]) -> bool:
    for change in changes:
        target = root / change.path
        current = read_text(target)
        expected = None if change.delete else change.after
        if current != expected:
            return False
    return _git(root, "diff", "--quiet", "HEAD", "--", *[str(c.path) for c in changes]) is None


def _undo_recorded(
    root: Path, record_path: Path, sentence: str, changes: tuple[FileChange, ...]
) -> Undone:
    from fastprod.core._fs import restore

    _refuse_other_edits(root, {str(c.path) for c in changes})
    restore(root, changes)
    record_path.unlink()
    from fastprod.core._fs import reverse

    return Undone(sentence, tuple(reverse(c) for c in changes), None)


def _refuse_other_edits(root: Path, ours: set[str]) -> None:
    status = _run_git(root, "status", "--porcelain", "--untracked-files=all", "--", ".").stdout
    prefix = _relative_root(root)
    others = []
    for line in status.splitlines():
        path = line[3:].split(" -> ")[-1]
        relative = path[len(prefix) :] if path.startswith(prefix) else path
        if relative not in ours:
            others.append(relative)
    if others:
        listed = ", ".join(others[:5]) + (" …" if len(others) > 5 else "")
        raise UnsafeOperation(
            f"the work tree has other uncommitted changes ({listed}); commit or stash them "
            "before undoing"
        )


def _revert_commit(root: Path) -> Undone:
    sha, sentence = _last_change_commit(root)
    before = _git(root, "rev-parse", "HEAD")
    done = _run_git(root, "revert", "--no-commit", sha)
    if done.returncode != 0:
        _run_git(root, "revert", "--abort")
        _run_git(root, "reset", "--hard", "-q", str(before))
        raise UndoRefused(
            f"cannot undo '{sentence}' ({sha[:12]}): later commits changed the same lines; "
            "revert it by hand"
        )
    message = (
        f'fastprod: undo "{sentence}"\n\nThis reverts commit {sha}.\n\n{UNDO_TRAILER}: {sha}\n'
    )
    from fastprod.core._git import commit_staged

    revert_sha = commit_staged(root, message)
    return Undone(sentence, _changes_of(root, revert_sha), revert_sha)


def _last_change_commit(root: Path) -> tuple[str, str]:
    """The newest commit with a change trailer that no later undo reverted."""
    log = _git(root, "log", "--format=%H%x1f%B%x1e", "HEAD") or ""
    undone: set[str] = set()
    for entry in log.split("\x1e"):
        if "\x1f" not in entry:
            continue
        sha, body = entry.strip().split("\x1f", 1)
        trailers = _trailers(body)
        if UNDO_TRAILER in trailers:
            undone.add(trailers[UNDO_TRAILER])
        elif CHANGE_TRAILER in trailers and sha not in undone:
            subject = body.strip().splitlines()[0]
            return sha, subject.removeprefix("fastprod: ")
    raise UndoRefused("there is no fastprod change to undo here")


def _trailers(body: str) -> dict[str, str]:
    found = {}
    for line in body.splitlines():
        key, sep, value = line.partition(": ")
        if sep and key in (CHANGE_TRAILER, UNDO_TRAILER):
            found[key] = value.strip()
    return found


def _changes_of(root: Path, sha: str) -> tuple[FileChange, ...]:
    names = _git(root, "diff", "--name-only", "--relative", f"{sha}~1", sha) or ""
    changes = []
    for name in sorted(names.splitlines()):
        before = _git_show(root, f"{sha}~1", name)
        after = _git_show(root, sha, name)
        if after is None:
            changes.append(FileChange.deletion(PurePosixPath(name), before or ""))
        else:
            changes.append(FileChange(PurePosixPath(name), before, after))
    return tuple(changes)


def _git_show(root: Path, rev: str, name: str) -> str | None:
    done = _run_git(root, "show", f"{rev}:./{name}")
    return done.stdout if done.returncode == 0 else None


def _git(root: Path, *args: str) -> str | None:
    done = _run_git(root, *args)
    return done.stdout.strip() if done.returncode == 0 else None


def _run_git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
