"""Where the grammar and the recipes live, installed or in a source checkout.

A wheel carries them inside the package (``fastprod/_data/``); an editable install
or a source checkout reads them from the repository root, next to ``src/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

# This module lives in fastprod/core/; the package is one folder up.
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def data_dir() -> Path:
    """Return the directory that holds ``grammar/`` and ``recipes/``."""
    bundled = _PACKAGE_DIR / "_data"
    if (bundled / "grammar").is_dir():
        return bundled
    # Editable install or checkout: src/fastprod -> repository root.
    return _PACKAGE_DIR.parent.parent


def grammar_path() -> Path:
    """Return the path of ``fastprod.lark``."""
    return data_dir() / "grammar" / "fastprod.lark"


def recipes_dir() -> Path:
    """Return the directory holding one folder per recipe."""
    return data_dir() / "recipes"


SCHEMA_FILE = "output.schema.json"


def output_schema_text() -> str:
    """The JSON Schema of every ``--json`` output, as shipped in the package."""
    return (_PACKAGE_DIR / SCHEMA_FILE).read_text(encoding="utf-8")


def output_schema() -> dict[str, Any]:
    """The JSON Schema of every ``--json`` output, parsed."""
    import json

    data: dict[str, Any] = json.loads(output_schema_text())
    return data
