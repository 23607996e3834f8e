"""Guarding and normalising the raw sentence before it is parsed.

The sentence is data: it is never passed to a shell and never used as a path.
What fastprod shows (the normalised sentence) must be what it runs, so
characters that display differently from what they are (control and
bidirectional-override characters, zero-width characters) are refused rather
than silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from fastprod.core._errors import UnrecognizedCommand
from fastprod.language._names import FIELD_TYPES

MAX_CHARS = 500

# Unicode categories that never belong in a typed command: controls, format
# characters (bidi overrides, zero-width joiners), surrogates, private use,
# unassigned code points.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_ALLOWED_CONTROLS = frozenset("\t\n\r")

_TRANSLATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)

# An arrow ("crud for reviews -> rating:int") introduces what follows, like a
# colon; a bar between spaces before a label ("entity: Bin | fields: ...") only
# sets cells apart (a bar elsewhere, "| sh", stays and is refused).
_ARROW = re.compile(r"\s*(?:-+>|=+>|\u2192)\s*")
_BAR = re.compile(r"\s+\|\s+(?=[a-z_]+\s*:)", re.IGNORECASE)
# An equals sign between spaces says what something is ("500 rows = 501
# queries").
_EQUALS = re.compile(r"\s+=\s+")
_TYPE_WORDS = r"(?:str|string|text|int|integer|float|decimal|bool|boolean|date|datetime|uuid)\b"
# "roles=admin,ops", "fields=[sku, stock]", "ttl=120": a parameter written as
# a keyword argument, read as "roles: admin,ops".
_KEYED = re.compile(
    r"\b(roles?|fields?|columns?|cols|ttl|store|name|resource|plural)\s*=\s*(?:\[([^\]]*)\])?",
    re.IGNORECASE,
)


def _keyed(match: re.Match[str]) -> str:
    return f"{match[1]}: {match[2] or ''}"


# A chat command's slash ("/new project shop", "/audit"): the words are the command.
_SLASH_COMMAND = re.compile(
    r"^\s*/(?=(?:new|audit|deploy|crud|cache|tests?|review|scaffold|create|add|secure"
    r"|optimi[sz]e|logging|websockets?|fastprod)\b)",
    re.IGNORECASE,
)
# "serial=str": a field and its type, as "serial:str".
_TYPED_EQUALS = re.compile(rf"(?<=\w)=(?={_TYPE_WORDS})", re.IGNORECASE)
# "crud: shipment | tracking_no str | weight float": bars between typed fields.
_TYPED_BAR = re.compile(rf"\s+\|\s+(?=[a-z_]+\s+{_TYPE_WORDS})", re.IGNORECASE)
# A dash between spaces separates clauses like a comma ("add auth - then caching").
_SPACED_DASH = re.compile(r"\s+-+\s+")
# Emoji and other pictographs (category So) carry no command; chat clients
# add them freely, with their presentation selectors.
_PICTOGRAPH = "So"
_EMOJI_PRESENTATION = "\ufe0e\ufe0f"
_WHITESPACE = re.compile(r"\s+")
# Each line, or each item of a list ("1. add auth 2. add caching", "- add
# auth"), is a command of its own: the markers become separators.
_LIST_MARKER = re.compile(r"(?:^|(?<=\s))(?:\d{1,2}[.)]|[-*\u2022])\s+")
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")
# What chat and terminals put before a line: a quote ("> add auth") or a
# shell prompt ("$ fastprod ..."). Only at the start of a line, so a ">" or
# "$" anywhere else still makes the sentence unreadable.
_LINE_PREFIX = re.compile(r"^[ \t]*(?:(?:>[ \t]*)+|\$[ \t]+)", re.MULTILINE)
# A field written with its type in brackets ("amount (decimal)") is the
# field "amount:decimal"; other brackets only group ("add caching (redis)").
_BRACKETED_TYPE = re.compile(
    r"(?<![\w:])([a-z_]\w*)\s*\(\s*(?:an?\s+)?("
    + "|".join(sorted(FIELD_TYPES, key=len, reverse=True))
    + r")\s*\)",
    re.IGNORECASE,
)
# ASCII emoticons standing alone (":)", ";-)", ":D", "<3").
_EMOTICON = re.compile(r"(?<!\S)(?:[:;=8xX]-?[)(\]\[DPpOo3/\\|*]+|<3|\^_?\^)(?!\S)")

# Contractions and chat shorthand become their long forms, so the grammar
# only knows one spelling.
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (r"\bcan't\b", "can not"),
        (r"\bwon't\b", "will not"),
        (r"\b(\w+)n't\b", r"\1 not"),
        (r"\blet's\b", "let us"),
        (r"\b(what|it|that|there|here|who|how|where)'s\b", r"\1 is"),
        (r"\b(\w+)'s\b", r"\1"),
        (r"\b(\w+)'d\b", r"\1 would"),
        (r"\b(\w+)'m\b", r"\1 am"),
        (r"\b(\w+)'re\b", r"\1 are"),
        (r"\b(\w+)'ll\b", r"\1 will"),
        (r"\b(\w+)'ve\b", r"\1 have"),
        # The same without the apostrophe, as chat writes them: "im tired of
        # print statements", "thats too slow", "dont need roles".
        (r"\bim\b", "i am"),
        (r"\b(i|we|you|they)ve\b", r"\1 have"),
        (r"\b(you|they)re\b", r"\1 are"),
        (r"\b(that|what)s\b", r"\1 is"),
        (r"\bcant\b", "can not"),
        (r"\bwont\b", "will not"),
        (r"\b(do|does|did|is|are|was|should|would|could|have|has)nt\b", r"\1 not"),
        # "make it strict, i.e. no detail key", "a cache, e.g. redis": what
        # follows says the same again, as after a comma.
        (r"(?<![\w.])(?:i\.\s?e|e\.\s?g)\.?(?=[\s,])", ","),
        # "write tests: auth": what the tests are for.
        (
            r"\b((?:write|add|generate|create|need)\s+(?:some\s+|the\s+)?tests?)\s*:\s*(?=\w)",
            r"\1 for ",
        ),
        # "a cache in front of the leaderboard": for it.
        (r"\bin front of\b", "for"),
        # "~400 queries", "~2k rps": about.
        (r"(?<![\w~])~(?=\d)", "about "),
        # "a new project, call it shop backend": named.
        (r"\b(?:call|name)\s+it\b", "named"),
        # "crud de pedidos": for.
        (r"\b(crud|tests?|caching|cache)\s+de\s+(?=\w)", r"\1 for "),
        # "the CRUD ... and after, the tests": then.
        (r"\b(?:and\s+)?after\s*,", " then "),
        # "Customer feedback: ...", "From the board meeting: ...", "QA request: ...":
        # where the request comes from, before it.
        (
            r"^\s*(?:from\s+(?:the|our|a)\s+[\w' -]{1,30}?|(?:customer|user|client)\s+"
            r"(?:feedback|complaints?|requests?)|forwarding\s+(?:a|the|an)\s+[\w' -]{1,30}?|"
            r"(?:qa|testing|feature|support|ops|product)\s+(?:request|ask|note))\s*:\s*(?=\S)",
            "",
        ),
        # "live order updates", "live order status updates": live updates of it.
        (r"\blive\s+([a-z]+(?:\s+status)?)\s+updates\b", r"live updates of \1"),
        # "tests: orders": the tests of it.
        (r"^\s*tests?\s*:\s*(?=\w)", "tests for "),
        # "Ticket #412: ...", "AUTH-12: ...": the ticket's reference.
        (r"^\s*(?:(?:ticket|issue|story|task|bug)\s*)?#\d+\s*[:.-]\s*", ""),
        (r"^\s*[A-Z][A-Z0-9]+-\d+\s*[:.-]?\s+", ""),
        # "b4 we go live": before.
        (r"\bb4\b", "before"),
        # Chat shorthand: "w/ roles", "w/o redis".
        (r"(?<![\w/])w/o(?![\w/])", "without"),
        (r"(?<![\w/])w/(?![\w/])", "with "),
        # "tests 4 the whole api": a 4 before a determiner is "for".
        (r"(?<![\w.])4(?= (?:the|my|our|all|whole|entire|every|this|that|a|an|me|us)\b)", "for"),
        # "tests 4 orders", "crud 4 invoices": between two words it is "for".
        (r"(?<=[a-z] )4(?= [a-z])", "for"),
    )
)
# Applied in order, after emoji are gone.
# A tool's name made a verb: "scp'ing", "ssh'd", "curl'ed" are one word.
_VERBED = re.compile(r"\b(\w+)'(ing|ed|d)\b")
# SQL sizes say nothing fastprod uses: "Decimal(10,2)", "varchar(20)".
_SIZED_TYPE = re.compile(
    r"\b(decimal|numeric|varchar|char|string|str|int|integer|float)\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\)",
    re.IGNORECASE,
)
# "superadmin > admin > viewer": a ranking of roles is their list.
_RANKED = re.compile(r"(?<=[A-Za-z])\s*>\s*(?=[A-Za-z][\w-]*(?:\s*[,>]|\s|$))")
_REWRITES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (_LINE_PREFIX, ""),
    (_SLASH_COMMAND, ""),
    (_EMOTICON, " "),
    (_LIST_MARKER, "; "),
    (_LINE_BREAK, "; "),
    (_SIZED_TYPE, r"\1"),
    (_RANKED, ", "),
    (_BRACKETED_TYPE, r"\1:\2"),
    (_ARROW, ": "),
    (_KEYED, _keyed),
    (_EQUALS, " is "),
    (_BAR, " "),
    (_TYPED_BAR, ", "),
    (_TYPED_EQUALS, ":"),
    (_SPACED_DASH, ", "),
    *_CONTRACTIONS,
    (_VERBED, r"\1\2"),
)


def normalize(text: str) -> str:
    """Return the sentence fastprod will parse, or refuse it.

    Applies Unicode NFKC (full-width letters, ligatures), turns smart quotes
    and dashes into ASCII, drops emoji and emoticons, a quote marker or shell
    prompt opening a line ("> ", "$ "), makes line breaks and list markers
    separators, reads "name (type)" as the field "name:type", expands
    contractions and collapses whitespace.

    Raises:
        UnrecognizedCommand: The sentence is empty, longer than ``MAX_CHARS``,
            or holds a control, format or bidirectional-override character.
    """
    _refuse_length(text)
    _refuse_hidden_characters(text)
    sentence = unicodedata.normalize("NFKC", text).translate(_TRANSLATION)
    _refuse_length(sentence)
    sentence = "".join(char for char in sentence if not _is_pictograph(char))
    for pattern, replacement in _REWRITES:
        sentence = pattern.sub(replacement, sentence)
    sentence = _WHITESPACE.sub(" ", sentence).strip()
    if not sentence:
        raise UnrecognizedCommand("Nothing to do: the sentence is empty.")
    return sentence


def _is_pictograph(char: str) -> bool:
    return char in _EMOJI_PRESENTATION or unicodedata.category(char) == _PICTOGRAPH


def _refuse_length(text: str) -> None:
    if len(text) > MAX_CHARS:
        raise UnrecognizedCommand(
            f"The sentence is {len(text)} characters long; fastprod reads at most "
            f"{MAX_CHARS}. Split it into several commands."
        )


def _refuse_hidden_characters(text: str) -> None:
    for char in text:
        if char in _ALLOWED_CONTROLS:
            continue
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            name = unicodedata.name(char, "unnamed character")
            raise UnrecognizedCommand(
                f"The sentence contains an invisible or control character "
                f"(U+{ord(char):04X} {name}); fastprod only runs text it can show as typed."
            )


def shorten(text: str, limit: int = 60) -> str:
    """Return ``text`` cut to ``limit`` characters, for quoting in a message."""
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
