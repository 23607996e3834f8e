"""Tier one of the concept reader: a sentence as the ordered phrases it holds.

``grammar/concepts.lark`` is a flat LALR grammar (a sentence is any sequence of
chunks), so it has no conflicts and only a handful of states; its feature
words (the ``CONCEPT`` terminal) are generated from every spec's ``concepts``.
The result is a list of :class:`Chunk`, each a phrase class and its text.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .._registry import SPECS
from .._resources import data_dir
from .._specs import Spec, SpecError
from ._cache import cache_directory
from ._failure import Failure
from ._typos import Correction


@dataclass(frozen=True, slots=True)
class Chunk:
    """One phrase of a sentence.

    Attributes:
        kind: The phrase class: a terminal of ``concepts.lark`` (``CONCEPT``,
            ``VERB``, ``WORD``...) or a group made by the reader (``FIELDS``,
            ``ROLES``).
        text: The phrase as written.
        position: Where it starts in the normalised sentence.
        intent: For a ``CONCEPT``, the intent its spec names.
        items: For a group, its members (``"name:type"`` or role names).
        code: Written between backticks.
    """

    kind: str
    text: str
    position: int
    intent: str | None = None
    items: tuple[str, ...] = ()
    code: bool = False

    @property
    def key(self) -> str:
        """The text lowered, with spaces, hyphens and underscores dropped."""
        return concept_key(self.text)


def concept_key(text: str) -> str:
    """How a concept phrase is looked up: "Real-time" and "realtime" are one."""
    return re.sub(r"[\s_-]+", "", text.lower())


def chunks(sentence: str) -> list[Chunk]:
    """Read a normalised sentence as its phrases, in order.

    Raises:
        Failure: A character no phrase class takes ("/", "$", "|"...): the
            sentence is not a command.
    """
    from lark.exceptions import UnexpectedInput

    try:
        tree = _parser().parse(sentence)
    except UnexpectedInput as error:
        raise _unreadable(sentence, getattr(error, "pos_in_stream", None) or 0) from None
    concepts = concept_table()
    found: list[Chunk] = []
    code = False
    for token in tree.children:
        if token.type == "TICK":
            code = not code
            continue
        intent = concepts.get(concept_key(str(token))) if token.type == "CONCEPT" else None
        # "next week", "today": when, not what; read as a filler word.
        kind = "FUNCTION" if token.type == "WHEN" else token.type
        found.append(Chunk(kind, str(token), token.start_pos or 0, intent, code=code))
    return found


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


def correct_typos(sentence: str) -> Slips:
    """The sentence with each free word one slip from a keyword read as it.

    A slip is two neighbouring letters swapped, or (for keywords of five
    letters or more) one letter added or dropped, or (six or more) changed; a
    keyword with a plural ending ("projects") is not a slip.

    Raises:
        Failure: The sentence does not chunk (see :func:`chunks`).
    """
    vocabulary = keywords()
    corrections: list[Correction] = []
    doubtful: list[tuple[str, tuple[str, ...]]] = []
    pieces: list[str] = []
    last = 0
    for chunk in chunks(sentence):
        if chunk.kind != "WORD" or len(chunk.text) < 3:
            continue
        candidates = _slips_of(chunk.text.lower(), vocabulary)
        if len(candidates) > 1:
            doubtful.append((chunk.text, candidates))
        if len(candidates) != 1:
            continue
        corrections.append(Correction(chunk.text, candidates[0]))
        pieces += [sentence[last : chunk.position], candidates[0]]
        last = chunk.position + len(chunk.text)
    corrected = "".join(pieces) + sentence[last:]
    return Slips(corrected, tuple(corrections), tuple(doubtful))


_ENDINGS = ("s", "es")


def _slips_of(word: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    # A keyword with a plural ending ("projects") or without one ("member"
    # beside "members") is a word of its own, not a slip.
    if (
        word in vocabulary
        or any(word.endswith(e) and word[: -len(e)] in vocabulary for e in _ENDINGS)
        or word + "s" in vocabulary
    ):
        return ()
    # Two keywords one slip away are told apart by length ("loggin" is
    # logging rather than login); equally long ones ("socker") are not.
    found = sorted((k for k in vocabulary if _one_slip(word, k)), key=lambda k: (-len(k), k))
    return tuple(k for k in found if len(k) == len(found[0]))


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
def keywords() -> frozenset[str]:
    """The one-word keywords a slip may stand for: concept words, verbs, nouns."""
    words: set[str] = set()
    for spec in SPECS.values():
        for phrase in spec.concepts:
            words.update(w for w in re.split(r"[\s_-]+", phrase.lower()) if w.isalpha())
    words = {w for w in words if len(w) >= 3}
    written = (data_dir() / "grammar" / "concepts.lark").read_text(encoding="utf-8")
    for line in written.splitlines():
        # Short verbs stay out: "core" is a name, not a slip of "score".
        shortest = 6 if line.startswith("VERB") else 4
        if line.startswith(("VERB", "NOUN", "FIELDS_WORD", "NEGATION")):
            found = re.findall(r"(?<![\\a-z])[a-z]{4,}(?![a-z])", line.partition(":")[2])
            words.update(w for w in found if len(w) >= shortest)
    return frozenset(words)


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


_NAME_OPENERS = frozenset({"for", "called", "named", "titled", "of", "to", "crud", "scaffold"})


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
    """The regular expression of a ``CONCEPT`` terminal, longest phrase first."""
    alternatives = sorted({_phrase_pattern(p) for p in phrases}, key=lambda p: (-len(p), p))
    return "/(?:" + "|".join(alternatives) + r")(?![\w-])/i"


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
    """``concepts.lark`` with the ``CONCEPT`` terminal generated from the specs."""
    written = (data_dir() / "grammar" / "concepts.lark").read_text(encoding="utf-8")
    concept_table()  # a phrase claimed twice fails here, naming the spec
    phrases = [p for spec in SPECS.values() for p in spec.concepts]
    return f"{written}\nCONCEPT.5: {concept_pattern(phrases)}\n"


@cache
def _parser():  # type: ignore[no-untyped-def]
    # Imported here: fastprod's import must not load lark.
    from lark import Lark

    grammar = grammar_text()
    directory = cache_directory()
    cache_file: str | bool = False
    if directory is not None:
        digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
        cache_file = str(directory / f"concepts-{digest}.lark-cache")
    return Lark(grammar, parser="lalr", lexer="basic", cache=cache_file)
