"""Tier one of the concept reader: a sentence as the ordered phrases it holds.

``grammar/fastprod.lark`` is a flat LALR grammar (a sentence is any sequence of
chunks), so it has no conflicts and only a handful of states; its feature
words (the ``CONCEPT`` terminal) are generated from every spec's ``concepts``.
Being flat, it is read by its lexer alone (``_lexer``), without lark. The
result is a list of :class:`Chunk`, each a phrase class and its text.
"""

from __future__ import annotations

import contextlib
import itertools
import marshal
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from fastprod.core._cache import cache_directory, store
from fastprod.core._registry import SPECS
from fastprod.core._resources import grammar_path
from fastprod.core._specs import Spec, SpecError
from fastprod.language._failure import Failure
from fastprod.language._lexer import Lexer, Unlexable, terminals


@dataclass(frozen=True, slots=True)
class Chunk:
    """One phrase of a sentence.

    Attributes:
        kind: The phrase class: a terminal of ``fastprod.lark`` (``CONCEPT``,
            ``VERB``, ``WORD``...) or a group made by the reader (``FIELDS``,
            ``ROLES``).
        text: The phrase as written.
        position: Where it starts in the normalised sentence.
        intent: For a ``CONCEPT``, the intent its spec names.
        items: For a group, its members (``"name:type"`` or role names).
        code: Written between backticks.
        guessed: For a field list, the fields whose type was not written
            and was read from their name.
    """

    kind: str
    text: str
    position: int
    intent: str | None = None
    items: tuple[str, ...] = ()
    code: bool = False
    guessed: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The text lowered, with spaces, hyphens and underscores dropped."""
        return concept_key(self.text)


_JOINS = re.compile(r"[\s_-]+")


@lru_cache(maxsize=8192)
def concept_key(text: str) -> str:
    """How a concept phrase is looked up: "Real-time" and "realtime" are one."""
    return _JOINS.sub("", text.lower())


def chunks(sentence: str) -> list[Chunk]:
    """Read a normalised sentence as its phrases, in order.

    A sentence is read twice or more (as written, then with its slips
    corrected): its phrases are kept for the next reading.

    Raises:
        Failure: A character no phrase class takes ("/", "$", "|"...): the
            sentence is not a command.
    """
    return list(_chunked(sentence))


@lru_cache(maxsize=256)
def _chunked(sentence: str) -> tuple[Chunk, ...]:
    concepts = concept_table()
    found: list[Chunk] = []
    code = False
    try:
        for token in lexer().tokens(sentence):
            if token.type == "TICK":
                code = not code
                continue
            intent = concepts.get(concept_key(token.text)) if token.type == "CONCEPT" else None
            # "next week", "1000 times a minute", "if not": when, how often or
            # on what condition, not what; read as a filler word.
            kind = "FUNCTION" if token.type in ("WHEN", "DETAIL") else token.type
            if token.type in _NAMED_BY_PHRASE:
                kind, intent = "CONCEPT", _NAMED_BY_PHRASE[token.type]
            if token.type in ("UNDETAILED", "DETAILED"):
                # FastAPI's "detail" dropped or kept: the strict envelope or
                # the compatible one, only where errors are spoken of (``_concepts``).
                intent = "error_handling"
            found.append(Chunk(kind, token.text, token.position, intent, code=code))
    except Unlexable as error:
        raise _unreadable(sentence, error.position) from None
    return tuple(found)


# Phrase classes of the grammar that name a feature without being a spec's
# concept word: a CRUD feature's operations, sign-in credentials.
_NAMED_BY_PHRASE = {
    "CRUD_SET": "crud",
    "CREDENTIALS": "auth",
    "ENVELOPE": "error_handling",
    "UNSIGNED": "auth",
    "UNPOLLED": "websocket",
}


def _unreadable(sentence: str, position: int) -> Failure:
    # A character no phrase takes: after a word that opens a name it is a
    # bad name ("for ../etc"), otherwise the clause it stands in is quoted
    # ("add caching; rm -rf /").
    word_start = sentence.rfind(" ", 0, position) + 1
    before = sentence[:word_start].split()
    if before and before[-1].lower() in _NAME_OPENERS:
        chunk = sentence[word_start:].split(" ")[0]
        return Failure(
            f"'{chunk}' is not a valid name: use letters, digits, spaces, hyphens or underscores.",
            position,
            suggestions=("create a CRUD feature for invoices",),
        )
    start = max(sentence.rfind(mark, 0, position) for mark in ";,.&|")
    clause = sentence[start + 1 :].strip() if start >= 0 else sentence[position:]
    return Failure(
        f"Part of the sentence is not understood: '{clause[:60]}'; nothing was run.", position
    )


# The words that name what follows them ("a project called shop").
NAMING_WORDS = frozenset({"called", "named", "titled", "designated", "dubbed"})
_NAME_OPENERS = NAMING_WORDS | {"for", "of", "to", "crud", "scaffold"}


@cache
def concept_table() -> dict[str, str]:
    """Every concept phrase's key and the intent it names.

    Raises:
        SpecError: Two specs claim the same phrase.
    """
    return _table(SPECS.values())


def _table(specs: Iterable[Spec]) -> dict[str, str]:
    table: dict[str, str] = {}
    for spec in specs:
        for phrase in spec.concepts:
            owner = table.setdefault(concept_key(phrase), spec.name)
            if owner != spec.name:
                raise SpecError(
                    f"recipes/{spec.name}/spec.toml: the concept '{phrase}' is also "
                    f"one of {owner}'s; a phrase names one intent"
                )
    return table


def concept_pattern(phrases: Iterable[str]) -> str:
    """The regular expression of a ``CONCEPT`` terminal, longest phrase first.

    Kept in the cache directory by its phrases: building it from a thousand
    phrases is a good part of a first parse.
    """
    phrases = list(phrases)
    key = "\0".join(phrases)
    directory = cache_directory()
    path = None
    if directory is not None:
        encoded = key.encode()
        path = directory / f"concepts-{zlib.crc32(encoded):08x}-{len(encoded)}.marshal"
        with contextlib.suppress(Exception):  # any unreadable cache means building it
            cached_key, cached = marshal.loads(path.read_bytes())
            if cached_key == key and isinstance(cached, str):
                return cached
    alternatives = sorted({_phrase_pattern(p) for p in phrases}, key=lambda p: (-len(p), p))
    # "scp'ing" is one word: a feature's word never ends before an apostrophe
    # that goes on.
    pattern = "/(?:" + "|".join(alternatives) + r")(?![\w-]|'\w)/i"
    if path is not None:
        store(path, (key, pattern))
    return pattern


def _phrase_pattern(phrase: str) -> str:
    # Words may be joined by spaces, hyphens or underscores ("real-time",
    # "real time"); around a symbol ("n + 1", "n+1") the joint may be empty.
    words = [w for w in re.split(r"[\s_-]+", phrase.lower()) if w]
    pattern = re.escape(words[0])
    for before, word in itertools.pairwise(words):
        joint = r"[\s_-]+" if before[-1].isalnum() and word[0].isalnum() else r"[\s_-]*"
        pattern += joint + re.escape(word)
    return pattern.replace("/", r"\/")


@cache
def grammar_text() -> str:
    """``grammar/fastprod.lark`` with the ``CONCEPT`` terminal generated from the specs."""
    written = grammar_path().read_text(encoding="utf-8")
    concept_table()  # a phrase claimed twice fails here, naming the spec
    phrases = [p for spec in SPECS.values() for p in spec.concepts]
    return f"{written}\nCONCEPT.5: {concept_pattern(phrases)}\n"


@cache
def lexer() -> Lexer:
    """The grammar's terminals, compiled once per run."""
    return Lexer(terminals(grammar_text()))
