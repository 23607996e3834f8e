"""Atomic, all-or-nothing writes of a change set, confined to the project root."""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from fastprod.core._changes import FileChange
from fastprod.core._errors import FastprodError, UnsafeOperation

_TMP_SUFFIX = ".fastprod-tmp"
#: The byte-order marks of UTF-16 text, by the codec that reads what follows them.
#: No UTF-8 text starts with either (0xFF and 0xFE never occur in UTF-8).
_UTF16_BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}


def encoding_of(raw: bytes) -> str:
    """The encoding fastprod reads and writes a file of these bytes in.

    ``utf-16-le`` or ``utf-16-be`` when the bytes start with that byte-order
    mark (PowerShell 5's ``pip freeze > requirements.txt`` writes UTF-16 LE),
    else ``utf-8``.
    """
    for encoding, bom in _UTF16_BOMS.items():
        if raw.startswith(bom):
            return encoding
    return "utf-8"


def decode(raw: bytes, encoding: str) -> str:
    """The text of ``raw`` in ``encoding`` (:func:`encoding_of`), newlines as they are.

    A UTF-16 byte-order mark is not part of the text; a UTF-8 one is its first
    character, as Python reads it.

    Raises:
        UnicodeDecodeError: The bytes are not text in that encoding.
    """
    bom = _UTF16_BOMS.get(encoding, b"")
    return raw[len(bom) :].decode(encoding)


def encode(text: str, encoding: str) -> bytes:
    """The bytes of ``text`` in ``encoding``, a UTF-16 byte-order mark first."""
    return _UTF16_BOMS.get(encoding, b"") + text.encode(encoding)


def read_text(target: Path) -> str | None:
    """The text of a file as :func:`apply` writes it, or ``None`` if it is absent."""
    if not target.is_file():
        return None
    raw = target.read_bytes()
    return decode(raw, encoding_of(raw))


def confine(root: Path, rel: PurePosixPath) -> Path:
    """Return the real path ``rel`` names below ``root``, links resolved.

    Raises:
        UnsafeOperation: The path is absolute, climbs out with ``..``, lands in
            ``.git``, or resolves (through a link) outside the project root.
    """
    real_root = root.resolve()
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise UnsafeOperation(f"refused to write '{rel}': not a path inside the project")
    if rel.parts[0] == ".git":
        raise UnsafeOperation(f"refused to write '{rel}': fastprod never writes inside .git")
    target = (real_root / rel).resolve()
    if not target.is_relative_to(real_root):
        raise UnsafeOperation(
            f"refused to write '{rel}': it resolves outside the project to {target}"
        )
    return target


@dataclass
class _Journal:
    """What has been done so far, so a failure can undo it."""

    written: list[tuple[Path, bytes | None, int | None]] = field(default_factory=list)
    made_dirs: list[Path] = field(default_factory=list)
    temps: list[Path] = field(default_factory=list)


def apply(root: Path, changes: tuple[FileChange, ...]) -> None:
    """Write every change or none.

    Each new text is first staged in a temporary file beside its target, then
    renamed into place. On any failure the files already replaced are restored
    byte for byte, new files and directories removed, and the error re-raised.

    Raises:
        UnsafeOperation: A path leaves the root, or a file changed on disk since
            it was read (nothing is written).
        FastprodError: Writing failed; the tree has been restored.
    """
    targets = [confine(root, change.path) for change in changes]
    originals = [_verify_unchanged(t, c) for t, c in zip(targets, changes, strict=True)]
    journal = _Journal()
    try:
        staged = [
            _stage(t, c, journal, encoding_of(original or b""))
            for t, c, original in zip(targets, changes, originals, strict=True)
        ]
        for target, temp, original in zip(targets, staged, originals, strict=True):
            mode = _mode(target)
            if temp is None:
                # A deletion: the journal keeps the bytes and mode to put back.
                journal.written.append((target, original, mode))
                target.unlink()
                continue
            os.replace(temp, target)
            journal.temps.remove(temp)
            journal.written.append((target, original, mode))
    except OSError as exc:
        _rollback(journal)
        raise FastprodError(f"could not write the change ({exc}); nothing was changed") from exc
    except BaseException:
        _rollback(journal)
        raise


def _verify_unchanged(target: Path, change: FileChange) -> bytes | None:
    # The plan was made from what was read; refuse if the disk moved since.
    current = target.read_bytes() if target.exists() else None
    # A file keeps its encoding: the text read from it is compared in that encoding.
    encoding = encoding_of(current or b"")
    expected = None if change.before is None else encode(change.before, encoding)
    if current != expected:
        raise UnsafeOperation(
            f"'{change.path}' changed on disk while planning; nothing was written"
        )
    return current


def _mode(target: Path) -> int | None:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return None


def _stage(target: Path, change: FileChange, journal: _Journal, encoding: str) -> Path | None:
    """Write the new text beside ``target`` in ``encoding``; ``None`` for a deletion."""
    if change.delete:
        return None
    _make_parents(target.parent, journal)
    temp = target.with_name(f".{target.name}{_TMP_SUFFIX}")
    mode = change.mode if change.mode is not None else _mode(target)
    with temp.open("wb") as handle:
        journal.temps.append(temp)
        handle.write(encode(change.after, encoding))
        handle.flush()
        os.fsync(handle.fileno())
    if mode is not None:
        temp.chmod(mode)
    return temp


def _make_parents(directory: Path, journal: _Journal) -> None:
    missing: list[Path] = []
    probe = directory
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):
        path.mkdir()
        journal.made_dirs.append(path)


def _rollback(journal: _Journal) -> None:
    for temp in journal.temps:
        temp.unlink(missing_ok=True)
    for target, original, mode in reversed(journal.written):
        if original is None:
            target.unlink(missing_ok=True)
            continue
        target.write_bytes(original)
        if mode is not None:
            target.chmod(mode)
    for directory in reversed(journal.made_dirs):
        with contextlib.suppress(OSError):
            directory.rmdir()


def reverse(change: FileChange) -> FileChange:
    """The change that puts back what ``change`` replaced, as planned on its result."""
    if change.before is None:
        return FileChange.deletion(change.path, change.after, mode=change.mode)
    mode = change.before_mode if change.changes_mode else None
    if change.delete:
        return FileChange(change.path, None, change.before, mode=change.before_mode)
    return FileChange(change.path, change.after, change.before, mode=mode, before_mode=change.mode)


def restore(root: Path, changes: tuple[FileChange, ...]) -> None:
    """Undo ``changes`` written by :func:`apply`: the files get their old bytes back.

    Directories that only the new files needed are removed again.

    Raises:
        UnsafeOperation: A file no longer holds what was written (nothing is restored).
    """
    apply(root, tuple(reverse(c) for c in changes))
    for change in changes:
        if change.before is not None:
            continue
        for directory in (root / change.path).parents:
            if directory == root or not directory.is_relative_to(root):
                break
            with contextlib.suppress(OSError):
                directory.rmdir()
