"""The user's own cache directory: the compiled grammar, inflections and parsed specs."""

from __future__ import annotations

import contextlib
import marshal
import os
from pathlib import Path
from typing import Any


def cache_directory() -> Path | None:
    """Return ``$XDG_CACHE_HOME/fastprod`` (``~/.cache/fastprod``), created if needed.

    The user's own directory rather than the shared temporary one, because the
    grammar cache is a pickle that is loaded on every run. None when it cannot
    be created: fastprod then works without a cache, only slower.
    """
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        directory = base / "fastprod"
        directory.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):
        return None
    return directory


def store(path: Path, value: Any) -> None:
    """Write ``value`` to ``path`` with :mod:`marshal`, aside then renamed.

    A reader in another process sees the whole file or none; a file that cannot
    be written only means no cache.
    """
    with contextlib.suppress(OSError, ValueError):
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_bytes(marshal.dumps(value))
        os.replace(partial, path)
