"""Correcting misspelled keywords, then reading the sentence again.

Only a sentence that failed is corrected, and only a correction that makes it
read (or read further) is kept, so a name in a slot ("create CRUD for cachs")
is never changed: that sentence reads as it is. Candidates come from the
grammar's own keywords, first those the parser expected where it stopped,
scored by Damerau-Levenshtein distance. When two equally close corrections
lead to different commands, the sentence is refused with both readings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lexer import PatternStr

from .._intents import Intent
from ._failure import Failure

# A keyword literal in the grammar text: "add"i.
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"i?')
_COMMENT = re.compile(r"//[^\n]*")
# Terminals that stand for names, not keywords.
_FREE_TERMINALS = frozenset({"WORD", "FIELD_NAME"})
MIN_CHARS = 4
MIN_CHARS_AT_FAILURE = 2
MAX_CORRECTIONS = 3
MAX_EDITS_PER_STEP = 12
BEAM_WIDTH = 3

Reader = Callable[[str], tuple[Intent, ...]]


@dataclass(frozen=True, slots=True)
class Correction:
    """A misspelled keyword and the keyword it was read as."""

    original: str
    corrected: str

    def __str__(self) -> str:
        return f"understood '{self.original}' as '{self.corrected}'"

    def to_json(self) -> dict[str, str]:
        """Return ``{"original": ..., "corrected": ...}``."""
        return {"original": self.original, "corrected": self.corrected}


@dataclass(frozen=True, slots=True)
class Corrected:
    """A sentence that reads once its corrections are applied."""

    sentence: str
    corrections: tuple[Correction, ...]
    intents: tuple[Intent, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The grammar's one-word keywords, and the terminals that match each.

    Attributes:
        word: The grammar's WORD terminal: what counts as one word.
        words: Every one-word keyword literal in the grammar, lower case, sorted.
        keywords: Terminal name -> the keywords it matches, to read the
            parser's expected set (a word class such as "add", "create", ...
            is one terminal).
    """

    word: re.Pattern[str]
    words: tuple[str, ...]
    keywords: Mapping[str, tuple[str, ...]]
    # What the parser skips ("please", "thanks"): never a typo to correct.
    ignored: re.Pattern[str]

    @classmethod
    def from_grammar(cls, parser: Lark, grammar: str) -> Vocabulary:
        """Collect the keywords of a grammar and the terminals they belong to."""
        word = re.compile(parser.get_terminal("WORD").pattern.to_regexp())
        code = _COMMENT.sub("", grammar)
        literals = (literal.lower() for literal in _LITERAL.findall(code))
        words = tuple(sorted({literal for literal in literals if word.fullmatch(literal)}))
        keywords: dict[str, tuple[str, ...]] = {}
        for terminal in parser.terminals:
            if isinstance(terminal.pattern, PatternStr):
                matched: tuple[str, ...] = (terminal.pattern.value.lower(),)
            elif terminal.name not in _FREE_TERMINALS:
                pattern = re.compile(terminal.pattern.to_regexp())
                matched = tuple(w for w in words if pattern.fullmatch(w))
            else:
                continue
            if matched and word.fullmatch(matched[0]):
                keywords[terminal.name] = matched
        skipped = [
            parser.get_terminal(name).pattern.to_regexp() for name in parser.lexer_conf.ignore
        ]
        return cls(word, words, keywords, re.compile("|".join(skipped)))

    def expected(self, failure: Failure) -> tuple[str, ...]:
        """The keywords the parser would have accepted where it stopped."""
        error = failure.syntax
        if isinstance(error, UnexpectedToken):
            names = error.accepts or error.expected
        elif isinstance(error, UnexpectedCharacters):
            names = error.allowed
        else:
            return ()
        found = {word for name in names for word in self.keywords.get(name, ())}
        return tuple(sorted(found))


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    original: str
    replacement: str
    # (edit distance, kind): a dropped letter is the likeliest typo, then a
    # swapped or wrong letter, then an extra one.
    cost: tuple[int, int]

    def apply(self, sentence: str) -> str:
        return sentence[: self.start] + self.replacement + sentence[self.end :]


@dataclass(frozen=True, slots=True)
class _Reading:
    """A sentence after some corrections, and what reading it gave."""

    sentence: str
    # Each correction with where its word starts in ``sentence``, in order.
    placed: tuple[tuple[int, Correction], ...]
    # (corrections, total distance, total kind): fewer and closer edits first.
    cost: tuple[int, int, int]
    intents: tuple[Intent, ...] | None
    failure: Failure | None
    # How many words were read before the failure; -1 when none happened.
    reach: int

    @property
    def resolved(self) -> bool:
        # Read to the end: either intents, or a deliberate refusal such as
        # "remove caching" that no further correction should change.
        return self.failure is None or not self.failure.correctable

    @property
    def corrections(self) -> tuple[Correction, ...]:
        return tuple(correction for _, correction in self.placed)

    def reading(self) -> str:
        if self.intents is not None:
            return json.dumps([intent.to_json() for intent in self.intents], sort_keys=True)
        return self.failure.message if self.failure is not None else ""


def correct(
    sentence: str, failure: Failure, read: Reader, vocabulary: Vocabulary
) -> Corrected | None:
    """Correct misspelled keywords until the sentence reads, or give up.

    A small beam search: each round tries one more correction on the few
    readings that got furthest, so two typos where the first one hides the
    second ("set up eror handeling") are both found.

    Returns:
        The corrected sentence and its intents, or None when no correction
        helps (the original failure then stands).

    Raises:
        Failure: A corrected reading is understood but refused ("remve
            caching" reads as a removal), or two equally close corrections
            mean different commands.
    """
    if not failure.correctable:
        return None
    beam = [_Reading(sentence, (), (0, 0, 0), None, failure, -1)]
    for _ in range(MAX_CORRECTIONS):
        readings = _unique(
            reading for node in beam for reading in _next_readings(node, read, vocabulary)
        )
        resolved = [reading for reading in readings if reading.resolved]
        if resolved:
            return _finish(_unambiguous(resolved))
        # Keep the readings that got furthest; among equals the cheapest.
        beam = sorted(readings, key=lambda reading: (-reading.reach, reading.cost))[:BEAM_WIDTH]
        if not beam:
            return None
    return None


def _next_readings(node: _Reading, read: Reader, vocabulary: Vocabulary) -> Iterator[_Reading]:
    assert node.failure is not None
    for edit in _edits(node.sentence, node.failure, vocabulary):
        edited = edit.apply(node.sentence)
        placed = _place(node.placed, edit)
        cost = (node.cost[0] + 1, node.cost[1] + edit.cost[0], node.cost[2] + edit.cost[1])
        try:
            yield _Reading(edited, placed, cost, read(edited), None, -1)
        except Failure as failure:
            reach = len(vocabulary.word.findall(edited[: failure.position]))
            yield _Reading(edited, placed, cost, None, failure, reach)


def _place(
    placed: tuple[tuple[int, Correction], ...], edit: _Edit
) -> tuple[tuple[int, Correction], ...]:
    # Earlier corrections after this word move by the change in its length,
    # so the corrections can be reported in sentence order.
    shift = len(edit.replacement) - len(edit.original)
    moved = [(start + shift if start > edit.start else start, item) for start, item in placed]
    moved.append((edit.start, Correction(edit.original, edit.replacement)))
    return tuple(sorted(moved, key=lambda entry: entry[0]))


def _unique(readings: Iterable[_Reading]) -> list[_Reading]:
    # The same sentence can be reached by correcting two words in either order.
    by_sentence: dict[str, _Reading] = {}
    for reading in readings:
        known = by_sentence.get(reading.sentence)
        if known is None or reading.cost < known.cost:
            by_sentence[reading.sentence] = reading
    return list(by_sentence.values())


def _finish(reading: _Reading) -> Corrected:
    if reading.intents is not None:
        return Corrected(reading.sentence, reading.corrections, reading.intents)
    assert reading.failure is not None
    raise _noting(reading.corrections, reading.failure)


def _unambiguous(resolved: Sequence[_Reading]) -> _Reading:
    best_cost = min(reading.cost for reading in resolved)
    closest = sorted(
        (reading for reading in resolved if reading.cost == best_cost),
        key=lambda reading: reading.sentence,
    )
    first = closest[0]
    other = next((reading for reading in closest if reading.reading() != first.reading()), None)
    if other is None:
        return first
    typed = ", ".join(f"'{correction.original}'" for correction in first.corrections)
    raise Failure(
        f"Two readings are equally close for {typed}: '{first.sentence}' or "
        f"'{other.sentence}'; say which.",
        0,
        suggestions=(first.sentence, other.sentence),
    )


def _edits(sentence: str, failure: Failure, vocabulary: Vocabulary) -> list[_Edit]:
    expected = vocabulary.expected(failure)
    edits: list[tuple[bool, _Edit]] = []
    for match in vocabulary.word.finditer(sentence):
        word = match.group()
        if word.lower() in vocabulary.words or vocabulary.ignored.fullmatch(word):
            continue
        at_failure = match.start() <= failure.position < max(match.end(), match.start() + 1)
        for replacement, cost in _candidates(word.lower(), at_failure, expected, vocabulary):
            edits.append(
                (not at_failure, _Edit(match.start(), match.end(), word, replacement, cost))
            )
    edits.sort(key=lambda item: (item[0], item[1].cost, item[1].start))
    return [edit for _, edit in edits[:MAX_EDITS_PER_STEP]]


def _candidates(
    word: str, at_failure: bool, expected: Sequence[str], vocabulary: Vocabulary
) -> Iterable[tuple[str, tuple[int, int]]]:
    # A short word is corrected where the parser stopped, to a keyword it
    # expected there ("ad caching"); elsewhere only by swapping two letters
    # ("JTW auth"), which rarely turns one short name into another.
    if len(word) >= MIN_CHARS:
        return _close(word, (expected if at_failure else (), vocabulary.words))
    if at_failure and expected and len(word) >= MIN_CHARS_AT_FAILURE:
        return _close(word, (expected,))
    if len(word) == MIN_CHARS - 1:
        return _swapped(word, vocabulary.words)
    return ()


def _swapped(word: str, keywords: Sequence[str]) -> Iterator[tuple[str, tuple[int, int]]]:
    for index in range(len(word) - 1):
        swapped = word[:index] + word[index + 1] + word[index] + word[index + 2 :]
        if swapped != word and swapped in keywords:
            yield swapped, (1, 1)


def _close(word: str, pools: Sequence[Sequence[str]]) -> Iterator[tuple[str, tuple[int, int]]]:
    # Short words tolerate one slip, longer ones two. The first pool with a
    # close keyword wins: the parser's expectations before the whole grammar.
    # Imported here: only a sentence that failed needs it.
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    limit = 1 if len(word) <= 5 else 2
    for pool in pools:
        matches = process.extract(
            word, pool, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=None
        )
        if matches:
            for choice, distance, _ in matches:
                yield choice, (int(distance), _kind(word, choice))
            return


def _kind(typed: str, keyword: str) -> int:
    if len(keyword) > len(typed):
        return 0
    return 1 if len(keyword) == len(typed) else 2


def _noting(corrections: Sequence[Correction], failure: Failure) -> Failure:
    noted = "; ".join(str(correction) for correction in corrections)
    message = f"{noted[:1].upper()}{noted[1:]}: {failure.message}"
    return Failure(message, failure.position, suggestions=failure.suggestions)
