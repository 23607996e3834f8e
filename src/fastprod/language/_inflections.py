"""inflect's singular and plural forms, remembered across runs.

inflect gets irregular nouns right ("people", "analyses", "criteria"), but
importing it takes over a second: it type-checks its own functions when it is
imported. Resource names repeat from run to run, so each answer inflect gives
is kept in a small JSON file in the user's cache directory, and a later run
reads that file instead of importing inflect.

The file holds inflect's own answers, never fastprod's rules built on them, so
it cannot go stale when those rules change. It is named after the installed
inflect (its source file's path, size and modification time), so an upgrade
starts a new file. A missing, unreadable, corrupt or unwritable file only means
that inflect is asked again: the answers are the same either way.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from fastprod.core._cache import cache_directory

if TYPE_CHECKING:
    import inflect

# What a remembered word or answer may be: the lower-case ASCII parts of a
# snake_case name. Anything else in the file is ignored.
_ANSWER = re.compile(r"[a-z][a-z0-9]*")
# Enough for every resource name a person uses; past it, answers are not kept.
MAX_ENTRIES = 2048
_FORMAT = 1


class Inflections:
    """inflect's ``singular_noun`` and ``plural_noun``, answered from a file when known.

    Attributes:
        path: The file answers are kept in, or None to keep them for this run only.
    """

    def __init__(self, path: Path | None, engine: Callable[[], inflect.engine]) -> None:
        self.path = path
        self._engine = engine
        self._singular, self._plural = _load(path)

    def singular(self, word: str) -> str | None:
        """Return inflect's singular of ``word``, or None when inflect reads it as singular."""
        if word not in self._singular:
            answer = self._engine().singular_noun(word)
            self._remember(self._singular, word, answer if isinstance(answer, str) else "")
        return self._singular[word] or None

    def plural(self, word: str) -> str:
        """Return inflect's plural of the singular noun ``word``."""
        if word not in self._plural:
            self._remember(self._plural, word, self._engine().plural_noun(word))
        return self._plural[word]

    def _remember(self, table: dict[str, str], word: str, answer: str) -> None:
        table[word] = answer
        if len(table) <= MAX_ENTRIES:
            _save(self.path, self._singular, self._plural)


@cache
def inflections() -> Inflections:
    """The process's remembered inflections, in the user's cache directory."""
    return Inflections(_memo_file(), _engine)


def _memo_file() -> Path | None:
    # Named after the installed inflect, found without importing it.
    directory = cache_directory()
    spec = importlib.util.find_spec("inflect")
    if directory is None or spec is None or spec.origin is None:
        return None
    try:
        stat = os.stat(spec.origin)
    except OSError:
        return None
    identity = f"{_FORMAT}:{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"
    import hashlib  # only where a resource is named: most sentences name none

    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    return directory / f"inflections-{digest}.json"


def _load(path: Path | None) -> tuple[dict[str, str], dict[str, str]]:
    if path is None:
        return {}, {}
    import json  # only where a resource is named

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}, {}
    if not isinstance(data, dict):
        return {}, {}
    return _table(data.get("singular")), _table(data.get("plural"))


def _table(entries: object) -> dict[str, str]:
    # Only well-formed entries are trusted; a damaged one is asked again.
    if not isinstance(entries, dict):
        return {}
    return {
        word: answer
        for word, answer in entries.items()
        if isinstance(word, str) and isinstance(answer, str) and _valid(word, answer)
    }


def _valid(word: str, answer: str) -> bool:
    return _ANSWER.fullmatch(word) is not None and (
        answer == "" or _ANSWER.fullmatch(answer) is not None
    )


def _save(path: Path | None, singular: dict[str, str], plural: dict[str, str]) -> None:
    # Written whole to a temporary file, then renamed: a reader sees the old
    # file or the new one, never half of one. Sorted, so the same answers
    # give the same bytes.
    if path is None:
        return
    import json

    text = json.dumps({"plural": _kept(plural), "singular": _kept(singular)}, indent=0)
    try:
        import tempfile  # only when a new answer is kept

        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=".inflections-")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(name, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _kept(table: dict[str, str]) -> dict[str, str]:
    return {word: table[word] for word in sorted(table) if _valid(word, table[word])}


@cache
def _engine() -> inflect.engine:
    # Imported only when a word is not remembered yet.
    import inflect

    return inflect.engine()
