"""The user's own cache directory: the compiled grammar, inflections and parsed specs."""

from __future__ import annotations

import os
from pathlib import Path


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
