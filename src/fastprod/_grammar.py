"""Reading a sentence: the public entry points, and the grammar of sentence forms.

``understand`` is the whole path, and ``parse`` returns only its intents. They
read with the concept reader (``grammar/concepts.lark`` and
``_language/_concepts``): the phrases that carry meaning, the words between
them skipped and shown.

``understand_by_forms`` is the previous reader, kept beside it while the
blind batches are compared: normalise the sentence, parse it with the LALR
grammar of whole sentence forms (``grammar/fastprod.lark``), turn the parse
into intents; when that fails, try correcting misspelled keywords, and
otherwise refuse with a reason and suggestions.

The grammar is compiled once and cached on disk (lark's own cache, keyed by
the grammar's hash and lark's version), so a run loads tables instead of
building them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterator
from functools import cache

from lark import Discard, Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError
from lark.lexer import PatternStr, TerminalDef
from lark.parsers.lalr_interactive_parser import InteractiveParser

from ._intents import Intent
from ._language._cache import cache_directory
from ._language._clauses import (
    Clause,
    Command,
    Continuation,
    Field,
    Flag,
    MoreFields,
    Removal,
    Words,
    build_intents,
)
from ._language._failure import Failure
from ._language._features import check_aliases, generated_rules
from ._language._refusals import refusal
from ._language._text import normalize
from ._language._typos import Correction, Vocabulary, correct
from ._reading import Understanding, parse, understand
from ._registry import SPECS
from ._resources import grammar_path
from ._specs import SpecError

__all__ = ["Correction", "Understanding", "parse", "understand", "understand_by_forms"]


def understand_by_forms(text: str) -> Understanding:
    """Read a sentence with the grammar of sentence forms (the previous reader).

    Raises:
        UnrecognizedCommand: The sentence is refused.
    """
    sentence = normalize(text)
    try:
        return Understanding(sentence, (), _read(sentence))
    except Failure as failure:
        first_failure = failure
    try:
        corrected = correct(sentence, first_failure, _read, _vocabulary())
    except Failure as failure:
        # A corrected reading that is refused, or two equally close readings.
        raise refusal(sentence, failure, _parser(), _tokens_read) from None
    if corrected is not None:
        return Understanding(corrected.sentence, corrected.corrections, corrected.intents)
    raise refusal(sentence, first_failure, _parser(), _tokens_read) from None


def _read(sentence: str) -> tuple[Intent, ...]:
    # One reading of a normalised sentence, without corrections. Raises
    # Failure when the grammar rejects it or its clauses are not valid intents.
    try:
        tree = _parser().parse(sentence, on_error=_read_in_context)
    except UnexpectedInput as error:
        raise Failure(
            "", _error_position(error, sentence), correctable=True, syntax=error
        ) from None
    return build_intents(sentence, clauses_of(tree))


def clauses_of(tree: Tree[Token]) -> list[Clause]:
    """The clauses a parse tree reads, in order.

    Raises:
        SpecError: A rule reads no intent or a parameter its intent lacks: the
            grammar and the specs disagree (a load-time check missed it).
    """
    try:
        items: list[object] = _Clauses().transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, SpecError):
            raise error.orig_exc from None
        raise
    return [_clause(item) for item in items]


class _Verbless:
    """The grammar's mark on a feature named without a verb."""


@v_args(inline=True)
class _Clauses(Transformer[Token, list[object]]):
    """Turns the parse tree into clauses.

    Every intent alias becomes a :class:`Command` the same way (see
    ``__default__``): its slot words, fields, the verbless mark and parameter
    words are told apart by type. The methods below read the other rules.
    """

    def start(self, *clauses: object) -> list[object]:
        return list(clauses)

    def __default__(self, data: str, children: list[object], meta: object) -> object:
        if data in SPECS:
            return _command(data, children)
        if data in _flag_names():
            return Flag(str(data))
        # Not an intent: a bare tree, which clauses_of() refuses as a clause.
        return Tree(data, children)

    def verbless(self) -> _Verbless:
        return _Verbless()

    def aside(self, _words: Words) -> object:
        # Read, not kept: "the orders endpoint" in "fix N+1 queries in the
        # orders endpoint" is not a parameter of optimize_db.
        return Discard

    def removal(self, *_what: Words) -> Removal:
        return Removal()

    def ellipsis(self, slot: Words, fields: tuple[Field, ...] | None) -> Continuation:
        return Continuation(slot, fields or ())

    def more_fields(self, *fields: Field) -> MoreFields:
        return MoreFields(fields)

    def fields(self, *fields: Field) -> tuple[Field, ...]:
        return fields

    def field(self, name: Token, type_name: Token) -> Field:
        return Field(str(name), str(type_name), _start(name))

    def resource(self, words: Words) -> Words:
        return words

    def target(self, words: Words) -> Words:
        return words

    def name_word(self, token: Token) -> Words:
        return Words((str(token),), _start(token))

    def words(self, *tokens: Token) -> Words:
        return Words(tuple(str(token) for token in tokens), _start(tokens[0]))


def _clause(item: object) -> Clause:
    # A rule that yields no clause would run nothing in silence: "add health
    # probes" once read as no intent at all and exited 0.
    if isinstance(item, Command | Continuation | MoreFields | Removal):
        return item
    name = getattr(item, "data", type(item).__name__)
    raise SpecError(f"the grammar rule '{name}' reads no intent: it has no spec and no clause")


def _command(name: str, children: list[object]) -> Command:
    slot: Words | None = None
    fields: tuple[Field, ...] = ()
    flags: list[str] = []
    verbless = False
    for child in children:
        if isinstance(child, Words):
            slot = child
        elif isinstance(child, tuple):
            fields = child
        elif isinstance(child, _Verbless):
            verbless = True
        elif isinstance(child, Flag):
            flags.append(child.name)
        elif child is not None:
            raise SpecError(f"'-> {name}' read {child!r}, which no intent takes")
    return Command(name, slot, fields, verbless=verbless, flags=tuple(flags))


@cache
def _flag_names() -> frozenset[str]:
    # Grammar rules named after a spec's bool parameter ("strict") set it.
    return frozenset(p.name for s in SPECS.values() for p in s.params if p.type == "bool")


def _read_in_context(error: UnexpectedInput) -> bool:
    # The lexer reads each word once, out of context: "users" is the keyword
    # of "authenticate users", "support" the verb of "support websockets".
    # Where the parser expects something else that the same text also is (a
    # name, a "docker support" tail), read it as that and go on. Returning
    # False lets the error stand.
    if not isinstance(error, UnexpectedToken):
        return False
    retyped = _in_context(error, error.interactive_parser)
    if retyped is None:
        return False
    error.interactive_parser.feed_token(retyped)
    return True


def _in_context(error: UnexpectedToken, parser: InteractiveParser) -> Token | None:
    # The failed token as a terminal the parser can take there, if its text
    # is also that terminal. "Expected" is not enough: LALR lists terminals
    # that only allow a reduction and then fail ("get" after "caching on my"
    # is a name, not the "get" of "get requests"), so each reading is tried
    # on a copy of the parser first.
    token = error.token
    if token.type == "$END":
        return None
    for name in _lexicon().readings(str(token), error.expected, token.type):
        retyped = Token.new_borrow_pos(name, token, token)
        # lark leaves InteractiveParser.copy unannotated.
        trial: InteractiveParser = parser.copy()  # type: ignore[no-untyped-call]
        try:
            trial.feed_token(retyped)
        except UnexpectedInput:
            continue
        return retyped
    return None


def _tokens_read(sentence: str) -> list[Token]:
    # The tokens the parser took before it stopped, each as it read them.
    interactive = _parser().parse_interactive(sentence)
    # lark leaves LexerThread.lex unannotated.
    tokens: Iterator[Token] = interactive.lexer_thread.lex(interactive.parser_state)  # type: ignore[no-untyped-call]
    taken: list[Token] = []
    for token in tokens:
        try:
            interactive.feed_token(token)
        except UnexpectedToken as error:
            retyped = _in_context(error, interactive)
            if retyped is None:
                break
            interactive.feed_token(retyped)
            token = retyped
        taken.append(token)
    return taken


class _Lexicon:
    """Which terminals a piece of text matches, most specific first."""

    def __init__(self, parser: Lark) -> None:
        self._terminals = sorted(
            parser.terminals,
            # Keywords before word classes before free words and field names.
            key=lambda t: (not isinstance(t.pattern, PatternStr), -t.priority, t.name),
        )
        # Compiled on first use: a sentence needs only a few of them.
        self._patterns: dict[str, re.Pattern[str]] = {}

    def readings(self, text: str, expected: Collection[str], current: str) -> Iterator[str]:
        """Yield the expected terminals that ``text`` also matches, most specific first."""
        for terminal in self._terminals:
            name = terminal.name
            if name != current and name in expected and self._pattern(terminal).fullmatch(text):
                yield name

    def _pattern(self, terminal: TerminalDef) -> re.Pattern[str]:
        if terminal.name not in self._patterns:
            self._patterns[terminal.name] = re.compile(terminal.pattern.to_regexp())
        return self._patterns[terminal.name]


@cache
def _lexicon() -> _Lexicon:
    return _Lexicon(_parser())


def _start(token: Token) -> int:
    return token.start_pos or 0


def _error_position(error: UnexpectedInput, sentence: str) -> int:
    if isinstance(error, UnexpectedCharacters):
        return error.pos_in_stream or 0
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        return error.token.start_pos or 0
    return len(sentence)


@cache
def _parser() -> Lark:
    grammar = _grammar_text()
    parser = Lark(
        grammar,
        parser="lalr",
        # One lexer for every parser state: a per-state lexer compiles a large
        # regex for each state a sentence visits, on every run. Context comes
        # from _read_in_context instead.
        lexer="basic",
        maybe_placeholders=True,
        cache=_cache_file(grammar),
    )
    check_aliases({rule.alias for rule in parser.rules if rule.alias}, SPECS, _CLAUSE_KINDS)
    return parser


# Aliases that read a clause but not an intent.
_CLAUSE_KINDS = frozenset({"removal"})


@cache
def _vocabulary() -> Vocabulary:
    return Vocabulary.from_grammar(_parser(), _grammar_text())


@cache
def _grammar_text() -> str:
    # The written grammar, plus rules generated from the phrases of any spec
    # it has no rule for.
    written = grammar_path().read_text(encoding="utf-8")
    return written + generated_rules(written, SPECS.values())


def _cache_file(grammar: str) -> str | bool:
    # One file per grammar text, so two installed versions do not keep
    # rebuilding each other's tables; lark also checks the hash stored inside
    # the file, so a stale cache is rebuilt, never used. Without a writable
    # cache directory the grammar is compiled on every run: slower, correct.
    directory = cache_directory()
    if directory is None:
        return False
    digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
    return str(directory / f"grammar-{digest}.lark-cache")
