"""Reading "undo the last change": the one engine command that is not a recipe.

The ``UNDO`` phrase of ``grammar/fastprod.lark`` names it; the sentence may wrap it in
politeness and function words, but nothing else: an undo is never combined with
a feature.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastprod.core._intents import Intent
from fastprod.language._chunks import Chunk

UNDO_INTENT = "undo"
"""The intent name of the undo command; no recipe folder carries it."""

# What may stand beside UNDO: fillers, separators, the app's own nouns.
_WRAPPING = frozenset({"FUNCTION", "SEP", "NOUN", "WHOLE", "OPEN"})


class UndoMixed(ValueError):
    """The sentence asks for an undo and for something else."""


def read_undo(items: Sequence[Chunk]) -> tuple[Intent, ...] | None:
    """Return the undo intent when the sentence asks for one, else ``None``.

    Raises:
        UndoMixed: An undo stands beside a feature or other words that mean something.
    """
    if not any(chunk.kind == "UNDO" for chunk in items):
        return None
    others = [
        c.text for c in _after_complaint(items) if c.kind != "UNDO" and c.kind not in _WRAPPING
    ]
    if others or sum(1 for c in items if c.kind == "UNDO") > 1:
        raise UndoMixed(", ".join(others) or "a second undo")
    return (Intent(UNDO_INTENT),)


# What a complaint before an undo is made of ("oops", "that broke everything",
# "nvm"): words that ask for nothing fastprod does.
_COMPLAINING = frozenset({"WORD", "FUNCTION", "NOUN", "WHOLE", "VAGUE"})


def _after_complaint(items: Sequence[Chunk]) -> Sequence[Chunk]:
    # "that broke everything, revert the last change": the clauses before
    # the undo that only complain are why it is asked, not more requests.
    undo = next(i for i, c in enumerate(items) if c.kind == "UNDO")
    cut = 0
    for index, chunk in enumerate(items[:undo]):
        if chunk.kind == "SEP" and chunk.text in ",;.-":
            cut = index + 1
        elif chunk.kind not in _COMPLAINING:
            return items
    kept = items[cut:] if cut else items
    return _before_complaint(kept)


def _before_complaint(items: Sequence[Chunk]) -> Sequence[Chunk]:
    # "revert the last thing you did, it broke my migrations": a complaint
    # after the undo is why it is asked, not more requests.
    undo = next(i for i, c in enumerate(items) if c.kind == "UNDO")
    for index in range(undo + 1, len(items)):
        chunk = items[index]
        if chunk.kind != "SEP" or chunk.text not in ",;.-":
            continue
        rest = items[index + 1 :]
        # "my tests are red": a feature said as the subject of a state.
        stating = any(c.kind == "FUNCTION" and c.key in _COPULAS for c in rest)
        allowed = _COMPLAINING | {"SEP"} | ({"CONCEPT"} if stating else set())
        nouns = [
            c.kind in allowed or (c.kind == "VERB" and before.key in _DETERMINERS)
            for before, c in zip(items[index:], rest, strict=False)
        ]
        # "it broke the build": a verb after "the" is a thing named.
        if rest and all(nouns):
            return items[:index]
    return items


_COPULAS = frozenset({"is", "are", "was", "were"})
_DETERMINERS = frozenset({"the", "my", "our", "your", "its", "their"})
