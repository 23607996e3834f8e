"""How each gap is closed: the fastprod sentence when a recipe does it, else a plain fix."""

from __future__ import annotations

from ._model import Fix

SENTENCES = {
    "error_handling": "set up error handling",
    "auth": "add authentication to my API",
    "write_tests": "write tests for {target}",
    "logging": "add structured logging",
    "deploy": "prepare for production deployment",
    "optimize_db": "optimize my database queries",
    "caching": "add caching to my API",
}
"""The canonical sentence of each intent a gap can point to."""


def recipe(intent: str, text: str, **slots: str) -> Fix:
    """A fix that intent ``intent`` performs; ``text`` says the same for a person."""
    from .._registry import is_available

    sentence = SENTENCES[intent].format(**slots)
    return Fix(text, sentence, intent, is_available(intent))


def plain(text: str) -> Fix:
    """A fix no recipe performs."""
    return Fix(text)
