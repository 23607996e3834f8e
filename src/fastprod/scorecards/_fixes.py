"""How each gap is closed: the fastprod sentence when a recipe does it, else a plain fix.

A scorecard names the intent that closes a gap; the sentence it offers and
whether it runs today come from that intent's spec (``recipes/<intent>/spec.toml``:
``fix``, else its first example), never from the engine's registry.
"""

from __future__ import annotations

from fastprod.core._specs import SpecError, all_specs
from fastprod.scorecards._model import Fix


def sentence(intent: str, **slots: str) -> str:
    """The sentence that runs ``intent``, with its slots (``{target}``) filled.

    Raises:
        SpecError: No spec names ``intent`` (a scorecard names a wrong id).
    """
    spec = all_specs().get(intent)
    if spec is None:
        raise SpecError(f"a scorecard names the intent '{intent}', which has no spec")
    return spec.fix.format(**slots)


def recipe(intent: str, text: str, **slots: str) -> Fix:
    """A fix that intent ``intent`` performs; ``text`` says the same for a person."""
    return Fix(text, sentence(intent, **slots), intent, all_specs()[intent].available)


def plain(text: str) -> Fix:
    """A fix no recipe performs."""
    return Fix(text)
