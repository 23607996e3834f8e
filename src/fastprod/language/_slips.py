"""Slips: a free word one typing slip from a keyword is read as the keyword.

Only a correction that refines a reading is kept (see ``_concepts``): a word
the reading skipped is not turned into a feature, and a name is never
changed into a keyword's plural or singular.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from fastprod.core._registry import SPECS
from fastprod.core._resources import grammar_path
from fastprod.language._chunks import NAMING_WORDS, chunks


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
class Slips:
    """The keywords a sentence's free words may be slips of.

    Attributes:
        sentence: The sentence with every sure slip corrected.
        corrections: The sure slips, in order.
        doubtful: Words one slip from two keywords alike ("socker": docker,
            socket), each with its candidates.
    """

    sentence: str
    corrections: tuple[Correction, ...]
    doubtful: tuple[tuple[str, tuple[str, ...]], ...]


# English words one slip from a keyword that mean something else: "we're
# tracking assets" is not "tracing", a sprint is not a print.
_REAL_WORDS = frozenset(
    {"tracking", "tracked", "tracker", "trackers", "sprint", "sprints", "ever"}
    | {"able", "provider", "providers", "player", "players", "aws", "gcp", "site", "sites"}
    # "every student's locker" is not a docker; "cash" is money; "rocket".
    | {"locker", "lockers", "rocker", "rockers", "cash", "docket", "dockets", "pocket", "pockets"}
    # "get hacked", "had their booking system hacked".
    | {"hacked", "hacker", "hackers", "backed"}
    # "every new booking gets texted to the manager" is not tested.
    | {"texted", "texting", "texts"}
    # "the invoices part" is no "apart"; "smarter" is no "starter".
    | {"part", "parts", "smarter", "smart"}
    # "tests for the trading system" is no tracing; "is async stable now?" no table.
    | {"trading", "traded", "trader", "traders", "stable", "loving"}
    # "errors returned always in the same form" is no "from"; "lagging like
    # a 2009 MMO" is no logging.
    | {"form", "forms", "lagging", "lag", "lags", "lagged"}
    # "to catch regressions the way drift monitoring catches data shift".
    | {"catch", "catches", "caught"}
    # "Security's not my strong suit", "even though the model hasn't changed".
    | {"strong", "suit", "suits", "though", "although"}
    # "fields name, hashed_key, scopes" is no "scoped".
    | {"scope", "scopes"}
    # "type Device struct {...}" is no "strut".
    | {"struct", "structs"}
)


def correct_typos(sentence: str, spared: frozenset[str] = frozenset()) -> Slips:
    """The sentence with each free word one slip from a keyword read as it.

    A slip is two neighbouring letters swapped, or (for keywords of five
    letters or more) one letter added or dropped, or (six or more) changed; a
    keyword with a plural ending ("projects") is not a slip.

    Words in ``spared`` (lower case) are left as written: they are the
    person's own names.

    Raises:
        Failure: The sentence does not chunk (see :func:`chunks`).
    """
    # The keywords are gathered only for a sentence with a free word to check.
    vocabulary: frozenset[str] | None = None
    corrections: list[Correction] = []
    doubtful: list[tuple[str, tuple[str, ...]]] = []
    pieces: list[str] = []
    last = 0
    for chunk in chunks(sentence):
        if chunk.kind != "WORD" or len(chunk.text) < 3 or chunk.key in _REAL_WORDS:
            continue
        if vocabulary is None:
            vocabulary = keywords()
        for text, position in _parts(chunk.text, chunk.position):
            candidates = _slips_of(text.lower(), vocabulary)
            if len(candidates) > 1:
                doubtful.append((text, candidates))
            if len(candidates) != 1 or text.lower() in spared:
                continue
            if _inflected(text.lower(), candidates[0]):
                continue
            corrections.append(Correction(text, candidates[0]))
            pieces += [sentence[last:position], candidates[0]]
            last = position + len(text)
    corrected = "".join(pieces) + sentence[last:]
    return Slips(corrected, tuple(corrections), tuple(doubtful))


_ENDINGS = ("s", "es")


def _inflected(word: str, keyword: str) -> bool:
    # "handled" is not "handler", "traced" not "traces": a verb's own ending;
    # nor is "required" a slip of "require", nor "caching" of "cache".
    if word in (keyword + "ed", keyword + "ing"):
        return True
    if keyword.endswith("e") and word in (keyword + "d", keyword[:-1] + "ing"):
        return True
    return word.endswith(("ed", "ing")) and word[:-2] == keyword[:-2] and word != keyword


def _parts(word: str, position: int) -> list[tuple[str, int]]:
    # "reqeust-id": each part of a hyphenated word may be a slip of its own.
    if "-" not in word.strip("-"):
        return [(word, position)]
    parts = []
    offset = 0
    for part in word.split("-"):
        if len(part) >= 3 and part.isalpha():
            parts.append((part, position + offset))
        offset += len(part) + 1
    return parts


def _slips_of(word: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    # A keyword with a plural ending ("projects") or without one ("member"
    # beside "members") is a word of its own, not a slip.
    if (
        word in vocabulary
        or any(word.endswith(e) and word[: -len(e)] in vocabulary for e in _ENDINGS)
        or word + "s" in vocabulary
    ):
        return ()
    return _nearest(word, vocabulary)


@lru_cache(maxsize=4096)
def _nearest(word: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    # Two keywords one slip away are told apart by length ("loggin" is
    # logging rather than login); equally long ones ("socker") are not. Only
    # a keyword sharing the word itself or one of its one-letter deletions
    # with its own deletions can be one slip away (symmetric deletion).
    index = _deletions(vocabulary)
    near = set(index.get(word, ()))
    for shorter in _deleted(word):
        near.update(index.get(shorter, ()))
    found = sorted((k for k in near if _one_slip(word, k)), key=lambda k: (-len(k), k))
    return tuple(k for k in found if len(k) == len(found[0]))


def _deleted(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=4)
def _deletions(vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    # Each keyword, and each of its one-letter deletions, to the keywords.
    index: dict[str, list[str]] = {}
    for keyword in sorted(vocabulary):
        for key in {keyword} | _deleted(keyword):
            index.setdefault(key, []).append(keyword)
    return {key: tuple(words) for key, words in index.items()}


def _one_slip(word: str, keyword: str) -> bool:
    if abs(len(word) - len(keyword)) > 1:
        return False
    if len(word) == len(keyword):
        diff = [i for i, (a, b) in enumerate(zip(word, keyword, strict=True)) if a != b]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == keyword[diff[1]]
        swapped = swapped and word[diff[1]] == keyword[diff[0]]
        return swapped or (len(diff) == 1 and len(keyword) >= 6)
    if len(keyword) < 5:
        return False
    longer, shorter = (word, keyword) if len(word) > len(keyword) else (keyword, word)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


@cache
def concept_words() -> frozenset[str]:
    """The words of the features' own phrases ("caching", "logging", "auth")."""
    words: set[str] = set()
    for spec in SPECS.values():
        for phrase in spec.concepts:
            words.update(w for w in re.split(r"[\s_-]+", phrase.lower()) if w.isalpha())
    return frozenset(w for w in words if len(w) >= 3)


@cache
def keywords() -> frozenset[str]:
    """The one-word keywords a slip may stand for: concept words, verbs, nouns, stores."""
    words = set(concept_words())
    written = grammar_path().read_text(encoding="utf-8")
    for line in written.splitlines():
        # Short verbs stay out: "core" is a name, not a slip of "score".
        shortest = 6 if line.startswith("VERB") else 4
        if line.startswith(("VERB", "NOUN", "FIELDS_WORD", "ROLES_WORD", "NEGATION", "STORE")):
            # "standardi[sz]e" holds no word: a letter class or group cuts it.
            found = re.findall(r"(?<![\\a-z])[a-z]{4,}(?![a-z\[(])", line.partition(":")[2])
            words.update(w for w in found if len(w) >= shortest)
    # "for 30 secnds": the units of a time to live.
    words.update({"seconds", "minutes", "hours"})
    # "a new project caled ledger": the words that give a name.
    words.update(w for w in NAMING_WORDS if len(w) >= 5)
    return frozenset(words)
