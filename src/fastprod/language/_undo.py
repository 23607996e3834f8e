"""Reading "undo the last change": the one engine command that is not a recipe.

The ``UNDO`` phrase of ``grammar/fastprod.lark`` names it; the sentence may wrap it in
politeness and function words, but nothing else: an undo is never combined with
a feature.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fastprod.core._intents import Intent
from fastprod.language._chunks import Chunk
from fastprod.language._text import _Pattern

UNDO_INTENT = "undo"
"""The intent name of the undo command; no recipe folder carries it."""

# What may stand beside UNDO: fillers, separators, the app's own nouns.
_WRAPPING = frozenset({"FUNCTION", "SEP", "NOUN", "WHOLE", "OPEN"})


class UndoMixed(ValueError):
    """The sentence asks for an undo and for something else."""


class NotOurs(ValueError):
    """The sentence asks to undo work fastprod did not do: a commit by its hash, a person's."""


# "revert commit 3f2a9c1": a commit named by its hash; "the changes my coworker
# made": a person's work. fastprod undoes only the last change it made.
_HASH = _Pattern(r"\b(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b")
# "undo the edits I made by hand to main.py": the person's own work.
_BY_HAND = _Pattern(
    r"\b(?:edits?|changes?|commits?)\s+(?:that\s+)?(?:i|we)\s+(?:made|did|wrote|pushed)\b"
    r"|\bby\s+hand\b|\bmanually\b|\bon\s+the\s+(?:main|master|develop|dev|release)\s+branch\b",
    re.I,
)
_PEOPLE = frozenset(
    {"coworker", "coworkers", "co-worker", "colleague", "colleagues", "teammate", "teammates"}
    | {"intern", "boss", "someone", "somebody"}
)


_WHEN = _Pattern(
    r"\b(?:(?:last|on|this\s+past)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month)"
    r"|yesterday|\d+\s+(?:days|weeks|hours)\s+ago|(?:two|three|a\s+few)\s+(?:days|weeks)\s+ago)\b",
    re.IGNORECASE,
)


def read_undo(items: Sequence[Chunk]) -> tuple[Intent, ...] | None:
    """Return the undo intent when the sentence asks for one, else ``None``.

    Raises:
        UndoMixed: An undo stands beside a feature or other words that mean something.
    """
    if not any(chunk.kind == "UNDO" for chunk in items):
        return None
    text = " ".join(chunk.text for chunk in items)
    own = _BY_HAND.compiled().search(text)
    if own is not None:
        raise NotOurs(own.group())
    # "the changes you made last Tuesday": a change of a given day, which may
    # not be the last one.
    when = _WHEN.compiled().search(text)
    if when is not None:
        raise NotOurs(f"the changes of {when.group()}")
    for chunk in items:
        person = next((w for w in chunk.text.lower().split() if w in _PEOPLE), None)
        if person is not None:
            raise NotOurs(person)
        commit = _HASH.compiled().search(chunk.text)
        if commit is not None:
            raise NotOurs(commit.group())
    outcry = _outcry(items)
    others = [
        c.text
        for c in _after_complaint(items)
        if c.kind != "UNDO" and c.kind not in _WRAPPING and c not in outcry
    ]
    if others or sum(1 for c in items if c.kind == "UNDO") > 1:
        raise UndoMixed(", ".join(others) or "a second undo")
    return (Intent(UNDO_INTENT),)


# What a complaint beside an undo is made of ("oops", "that broke everything",
# "nvm"): words that ask for nothing fastprod does.
_COMPLAINING = frozenset({"WORD", "FUNCTION", "NOUN", "WHOLE", "VAGUE", "SEP", "OPEN"})
_STOPS = frozenset({",", ";", ".", "-"})


def _after_complaint(items: Sequence[Chunk]) -> Sequence[Chunk]:
    # "that broke everything, revert the last change", "revert the last
    # thing you did, it broke my migrations": the clauses before and after
    # the undo that only complain are why it is asked, not more requests.
    undo = next(i for i, c in enumerate(items) if c.kind == "UNDO")
    stops = [i for i, c in enumerate(items) if c.kind == "SEP" and c.text in _STOPS]
    start = max((i + 1 for i in stops if i < undo), default=0)
    end = min((i for i in stops if i > undo), default=len(items))
    before, after = items[:start], items[end + 1 :]
    # "undo that last one, it was wrong" without the comma: "undo pls that
    # last one was wrong" states its reason in the undo's own clause.
    tail = items[undo + 1 : end]
    if tail and _complaint(tail):
        end = undo + 1
    if not all(_complaint(part) for part in _parts(before)):
        return items
    if not all(_complaint(part) for part in _parts(after)):
        return items[start:]
    return items[start:end]


def _outcry(items: Sequence[Chunk]) -> Sequence[Chunk]:
    # "no no no undo the last thing", "no, revert that": an outcry before the
    # undo, not a "don't".
    undo = next(i for i, c in enumerate(items) if c.kind == "UNDO")
    before = items[:undo]
    if not all(c.key == "no" or c.kind == "SEP" for c in before):
        return ()
    if sum(1 for c in before if c.key == "no") > 1 or any(c.kind == "SEP" for c in before):
        return before
    return ()


def _parts(items: Sequence[Chunk]) -> list[Sequence[Chunk]]:
    parts: list[list[Chunk]] = [[]]
    for chunk in items:
        if chunk.kind == "SEP" and chunk.text in _STOPS:
            parts.append([])
        else:
            parts[-1].append(chunk)
    return [part for part in parts if part]


def _complaint(part: Sequence[Chunk]) -> bool:
    if all(c.kind in _COMPLAINING for c in part):
        return True
    # A statement of what went wrong ("my tests are red", "the app won't
    # start", "it broke the build"): a feature may be its subject, a verb
    # what does not happen or, after "the", a thing named.
    if not any(c.kind == "FUNCTION" and c.key in _STATING for c in part):
        return False
    return all(
        c.kind in _COMPLAINING
        or c.kind in ("CONCEPT", "NEGATION", "UNSUPPORTED")
        or (c.kind == "VERB" and index > 0 and _before_a_verb(part[index - 1]))
        for index, c in enumerate(part)
    )


def _before_a_verb(chunk: Chunk) -> bool:
    return chunk.kind == "NEGATION" or chunk.key in _DETERMINERS or chunk.key in _STATING


_STATING = frozenset(
    {"is", "are", "was", "were", "will", "would", "does", "did", "do", "can", "could", "it"}
)
_DETERMINERS = frozenset({"the", "my", "our", "your", "its", "their"})
