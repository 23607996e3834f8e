"""Explaining a refused sentence: one line of reason and the nearest commands.

Grammar errors are explained the way lark recommends: the parser state where
the sentence stopped is matched against labelled examples of the same mistake
(``UnexpectedInput.match_examples``), never shown as a token dump.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput

from .._errors import UnrecognizedCommand
from .._intents import INTENTS
from ._clauses import removal_refused
from ._failure import Failure
from ._text import shorten

# Canonical sentences offered as suggestions; a test checks that each one
# parses.
SUGGESTIONS: tuple[str, ...] = (
    *(info.example for info in INTENTS),
    "add JWT authentication",
    "add Redis caching",
    "add request ID logging",
    "fix N+1 queries",
    "add a Dockerfile",
    "run a security audit",
    "write tests for the users feature",
    "create a CRUD feature for invoices with fields number:str, amount:decimal",
    "add a global exception handler",
    "enable WebSockets in my API",
)
MAX_SUGGESTIONS = 3

TokenReader = Callable[[str], Sequence[Token]]


@dataclass(frozen=True, slots=True)
class _Mistake:
    """A kind of grammar error: its message and the commands to offer instead.

    Attributes:
        at_end: The mistake is a missing word, so it only applies when the
            sentence stopped at its end; the same parser state elsewhere in a
            sentence ("...; rm -rf /") is a different mistake.
    """

    message: str
    suggestions: tuple[str, ...]
    at_end: bool = False


_BAD_NAME = _Mistake(
    "'{chunk}' is not a valid name: use letters, digits, spaces, hyphens or underscores.",
    ("create a CRUD feature for invoices",),
)
_NO_RESOURCE = _Mistake(
    "Say which resource the CRUD feature is for, e.g. 'create a CRUD feature for invoices'.",
    ("create a CRUD feature for invoices", "generate CRUD for products"),
    at_end=True,
)
_NO_TARGET = _Mistake(
    "Say which feature to test, e.g. 'write tests for invoices'.",
    ("write tests for invoices", "write tests for the users feature"),
    at_end=True,
)
_NO_NAME = _Mistake(
    "Say the project's name, e.g. 'set up a new FastAPI project called shop'.",
    ("set up a new FastAPI project called shop", "set up a new FastAPI project"),
    at_end=True,
)
_BAD_FIELDS = _Mistake(
    "Write fields as name:type, e.g. 'with fields title:str, done:bool'.",
    ("create a CRUD feature for tasks with fields title:str, done:bool",),
)
_UNKNOWN_FEATURE = _Mistake("fastprod has no feature called '{words}'.", (), at_end=True)

# Malformed sentences, each labelled with the mistake it shows. Order matters
# for sentences that stop in the same state: the first label wins.
_EXAMPLES: tuple[tuple[_Mistake, tuple[str, ...]], ...] = (
    (
        _BAD_NAME,
        (
            "create a CRUD feature for ../x",
            "create a CRUD feature for /x",
            "scaffold ../x",
            "write tests for ../x",
            "write tests for the ../x",
            "create a new project called ../x",
            "create a CRUD feature for invoices and ../x",
        ),
    ),
    (
        _NO_RESOURCE,
        (
            "create a CRUD feature for",
            "create a CRUD feature for the",
            "generate crud for",
            "add crud endpoints for",
            "create endpoints for",
            "create a crud feature called",
            "scaffold",
            "scaffold the",
            "crud for",
        ),
    ),
    (
        _NO_TARGET,
        (
            "write tests",
            "write tests for",
            "write tests for the",
            "add unit tests",
            "add tests to my api",
            "test",
            "test the",
        ),
    ),
    (_NO_NAME, ("create a new project called", "start a new FastAPI project named")),
    (
        _BAD_FIELDS,
        (
            "create a CRUD feature for tasks with fields",
            "create a CRUD feature for tasks with fields title",
            "create a CRUD feature for tasks with fields title:",
            "create a CRUD feature for tasks with fields title done",
            "create a CRUD feature for tasks with fields title:str done",
        ),
    ),
    (
        _UNKNOWN_FEATURE,
        (
            "add blockchain",
            "add blockchain support",
            "add the blockchain",
            "set up a blockchain",
            "enable blockchain",
        ),
    ),
)

_CLAUSE_BREAK = re.compile(r"[,;.]\s*|\s(?:and|then)\s", re.IGNORECASE)


def refusal(
    sentence: str, failure: Failure, parser: Lark, tokens_read: TokenReader
) -> UnrecognizedCommand:
    """Turn a failure into the error the user sees.

    Args:
        sentence: The normalised sentence that failed.
        failure: Why it failed; a grammar error is explained here.
        parser: The compiled grammar, to match the error against examples.
        tokens_read: The tokens the parser took from a sentence before it
            stopped, each as the parser read it in context.
    """
    if failure.syntax is None:
        suggestions = suggest(sentence) if failure.suggestions is None else failure.suggestions
        return UnrecognizedCommand(failure.message, suggestions=suggestions)
    if _asks_to_remove(sentence, parser):
        return UnrecognizedCommand(removal_refused(sentence))
    return _explain(sentence, failure.syntax, failure.position, parser, tokens_read)


def suggest(sentence: str) -> tuple[str, ...]:
    """Return up to three supported commands closest to ``sentence``."""
    # Imported here: only a refused sentence needs it.
    from rapidfuzz import fuzz, process, utils

    matches = process.extract(
        sentence,
        SUGGESTIONS,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        limit=MAX_SUGGESTIONS,
    )
    return tuple(choice for choice, _, _ in matches)


def _explain(
    sentence: str, error: UnexpectedInput, position: int, parser: Lark, tokens_read: TokenReader
) -> UnrecognizedCommand:
    error.state = _table_state(error.state)
    mistake = error.match_examples(_parse_by_table_state(parser), _EXAMPLES, use_accepts=True)
    if mistake is not None and mistake.at_end and position < len(sentence):
        mistake = None
    if mistake is _UNKNOWN_FEATURE:
        words = " ".join(_trailing_words(tokens_read(sentence))) or sentence
        message = mistake.message.format(words=shorten(words))
        return UnrecognizedCommand(message, suggestions=suggest(sentence))
    if mistake is not None:
        chunk = shorten(sentence[position:].split(" ")[0] or sentence)
        return UnrecognizedCommand(
            mistake.message.format(chunk=chunk), suggestions=mistake.suggestions
        )
    return _not_understood(sentence, position)


def _not_understood(sentence: str, position: int) -> UnrecognizedCommand:
    # Quote the clause that failed when there is one ("...; rm -rf /"),
    # otherwise what follows the last word that was understood.
    clause_start = _clause_start(sentence, position)
    rest = sentence[clause_start:].strip()
    if clause_start and rest:
        return UnrecognizedCommand(
            f"Part of the sentence is not understood: '{shorten(rest)}'; nothing was run.",
            suggestions=suggest(sentence[:clause_start]),
        )
    word_start = sentence.rfind(" ", 0, position + 1) + 1
    understood = sentence[:word_start].strip(" ,;.")
    if not understood or position >= len(sentence):
        return UnrecognizedCommand(
            f"Not a fastprod command: '{shorten(sentence)}'.", suggestions=suggest(sentence)
        )
    return UnrecognizedCommand(
        f"'{shorten(sentence[word_start:])}' is not understood after '{shorten(understood)}'; "
        f"nothing was run.",
        suggestions=suggest(understood),
    )


def _table_state(state: object) -> object:
    # lark compares parser states by table state *and* stack depth, so "create
    # crud for" and "create a CRUD feature for" would never match each other.
    # The same mistake is the same table state, whatever came before it.
    return getattr(state, "position", state)


def _parse_by_table_state(parser: Lark) -> Callable[[str], Tree[Token]]:
    def parse(text: str) -> Tree[Token]:
        try:
            return parser.parse(text)
        except UnexpectedInput as error:
            error.state = _table_state(error.state)
            raise

    return parse


def _clause_start(sentence: str, position: int) -> int:
    breaks = [match.end() for match in _CLAUSE_BREAK.finditer(sentence, 0, position)]
    return breaks[-1] if breaks else 0


def _trailing_words(tokens: Sequence[Token]) -> list[str]:
    # The free words the parser took just before it stopped: the feature name
    # it does not know ("blockchain support" in "add blockchain support").
    trailing: list[str] = []
    for token in reversed(tokens):
        if token.type != "WORD":
            break
        trailing.append(str(token))
    return trailing[::-1]


def _asks_to_remove(sentence: str, parser: Lark) -> bool:
    return _removal_pattern(parser).search(sentence) is not None


@cache
def _removal_pattern(parser: Lark) -> re.Pattern[str]:
    # The grammar's own removal verbs and negations ("remove", "turn off",
    # "do not"), so that a removal of something unknown is still explained as
    # a removal.
    alternatives = sorted(_rule_patterns(parser, ("_remove", "_negation")), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + ")")


def _rule_patterns(parser: Lark, origins: Sequence[str]) -> set[str]:
    # One regex per expansion of the named rules, its terminals in sequence.
    terminals = {terminal.name: terminal for terminal in parser.terminals}
    patterns: set[str] = set()
    for rule in parser.rules:
        symbols = rule.expansion
        if rule.origin.name in origins and symbols and all(s.name in terminals for s in symbols):
            patterns.add(r"\s+".join(terminals[s.name].pattern.to_regexp() for s in symbols))
    return patterns
