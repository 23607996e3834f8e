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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lexer import PatternStr
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .._intents import Intent
from ._failure import Failure

MIN_CHARS = 4
MAX_CORRECTIONS = 3
MAX_EDITS_PER_STEP = 12

Reader = Callable[[str], tuple[Intent, ...]]


@dataclass(frozen=True, slots=True)
class Correction:
    """A misspelled keyword and the keyword it was read as."""

    original: str
    corrected: str

    def __str__(self) -> str:
        return f"understood '{self.original}' as '{self.corrected}'"


@dataclass(frozen=True, slots=True)
class Corrected:
    """A sentence that reads once its corrections are applied."""

    sentence: str
    corrections: tuple[Correction, ...]
    intents: tuple[Intent, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The grammar's one-word keywords, and which terminal each one is.

    Attributes:
        word: The grammar's WORD terminal: what counts as one word.
        words: Every one-word keyword, lower case, sorted.
        literals: Terminal name -> keyword, to read the parser's expected set.
    """

    word: re.Pattern[str]
    words: tuple[str, ...]
    literals: Mapping[str, str]

    @classmethod
    def from_parser(cls, parser: Lark) -> Vocabulary:
        """Collect the keyword literals of a compiled grammar."""
        word = re.compile(parser.get_terminal("WORD").pattern.to_regexp())
        literals = {
            terminal.name: terminal.pattern.value.lower()
            for terminal in parser.terminals
            if isinstance(terminal.pattern, PatternStr) and word.fullmatch(terminal.pattern.value)
        }
        return cls(word, tuple(sorted(set(literals.values()))), literals)

    def expected(self, failure: Failure) -> tuple[str, ...]:
        """The keywords the parser would have accepted where it stopped."""
        error = failure.syntax
        if isinstance(error, UnexpectedToken):
            names = error.accepts or error.expected
        elif isinstance(error, UnexpectedCharacters):
            names = error.allowed
        else:
            return ()
        return tuple(sorted({self.literals[name] for name in names if name in self.literals}))


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
class _Outcome:
    edit: _Edit
    sentence: str
    intents: tuple[Intent, ...] | None
    failure: Failure | None
    # How many words were read before the failure; -1 when none happened.
    reach: int

    @property
    def resolved(self) -> bool:
        # Read to the end: either intents, or a deliberate refusal such as
        # "remove caching" that no further correction should change.
        return self.failure is None or not self.failure.correctable

    def reading(self) -> str:
        if self.intents is not None:
            return json.dumps([intent.to_json() for intent in self.intents], sort_keys=True)
        return self.failure.message if self.failure is not None else ""


def correct(
    sentence: str, failure: Failure, read: Reader, vocabulary: Vocabulary
) -> Corrected | None:
    """Correct misspelled keywords until the sentence reads, or give up.

    Returns:
        The corrected sentence and its intents, or None when no correction
        helps (the original failure then stands).

    Raises:
        Failure: A corrected reading is understood but refused ("remve
            caching" reads as a removal), or two equally close corrections
            mean different commands.
    """
    corrections: list[Correction] = []
    for _ in range(MAX_CORRECTIONS):
        if not failure.correctable:
            return None
        outcome = _best_outcome(sentence, failure, read, vocabulary)
        if outcome is None:
            return None
        corrections.append(Correction(outcome.edit.original, outcome.edit.replacement))
        if outcome.intents is not None:
            return Corrected(outcome.sentence, tuple(corrections), outcome.intents)
        assert outcome.failure is not None
        if outcome.resolved:
            raise _noting(corrections, outcome.failure)
        sentence, failure = outcome.sentence, outcome.failure
    return None


def _best_outcome(
    sentence: str, failure: Failure, read: Reader, vocabulary: Vocabulary
) -> _Outcome | None:
    edits = _edits(sentence, failure, vocabulary)
    outcomes = [_attempt(edit, sentence, read, vocabulary) for edit in edits]
    resolved = [outcome for outcome in outcomes if outcome.resolved]
    if resolved:
        return _unambiguous(resolved)
    reached = _words_read(sentence, failure, vocabulary)
    further = [outcome for outcome in outcomes if outcome.reach > reached]
    # The edit that lets the parser read furthest; among equals the cheapest,
    # then the first candidate.
    return min(further, key=lambda outcome: (-outcome.reach, outcome.edit.cost), default=None)


def _attempt(edit: _Edit, sentence: str, read: Reader, vocabulary: Vocabulary) -> _Outcome:
    edited = edit.apply(sentence)
    try:
        return _Outcome(edit, edited, read(edited), None, reach=-1)
    except Failure as failure:
        return _Outcome(edit, edited, None, failure, _words_read(edited, failure, vocabulary))


def _words_read(sentence: str, failure: Failure, vocabulary: Vocabulary) -> int:
    # Counted in words, not characters: an edit changes the sentence's length.
    return len(vocabulary.word.findall(sentence[: failure.position]))


def _unambiguous(resolved: Sequence[_Outcome]) -> _Outcome:
    best_cost = min(outcome.edit.cost for outcome in resolved)
    closest = [outcome for outcome in resolved if outcome.edit.cost == best_cost]
    readings = dict.fromkeys(outcome.reading() for outcome in closest)
    if len(readings) == 1:
        return closest[0]
    first, second = closest[0], next(o for o in closest if o.reading() != closest[0].reading())
    raise Failure(
        f"'{first.edit.original}' could mean '{first.edit.replacement}' or "
        f"'{second.edit.replacement}'; say which.",
        first.edit.start,
        suggestions=(first.sentence, second.sentence),
    )


def _edits(sentence: str, failure: Failure, vocabulary: Vocabulary) -> list[_Edit]:
    expected = vocabulary.expected(failure)
    edits: list[tuple[bool, _Edit]] = []
    for match in vocabulary.word.finditer(sentence):
        word = match.group()
        if word.lower() in vocabulary.words or len(word) < MIN_CHARS:
            continue
        at_failure = match.start() <= failure.position < max(match.end(), match.start() + 1)
        for replacement, cost in _close(word.lower(), expected if at_failure else (), vocabulary):
            edits.append(
                (not at_failure, _Edit(match.start(), match.end(), word, replacement, cost))
            )
    edits.sort(key=lambda item: (item[0], item[1].cost, item[1].start))
    return [edit for _, edit in edits[:MAX_EDITS_PER_STEP]]


def _close(
    word: str, expected: Sequence[str], vocabulary: Vocabulary
) -> Iterator[tuple[str, tuple[int, int]]]:
    # Short words tolerate one slip, longer ones two.
    limit = 1 if len(word) <= 5 else 2
    for pool in (expected, vocabulary.words):
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
