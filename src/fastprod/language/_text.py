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


class _Pattern:
    """A pattern compiled on first use: most sentences never need most of them."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled


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
_ARROW = _Pattern(r"\s*(?:-+>|=+>|\u2192)\s*")
# ... an arrow after tests points at what they test: "need unit tests -> auth".
_TESTS_ARROW = _Pattern(r"\b(tests?|testing)\s*(?:-+>|=+>|\u2192)\s*(?!then\b)", re.IGNORECASE)
# ... but an arrow before "then" is a step: "run audit -> then the db fixes".
_ARROW_THEN = _Pattern(r"\s*(?:-+>|=+>|\u2192)\s*(?=then\b)", re.IGNORECASE)
_ARROW_CHAIN = _Pattern(r"^(?=(?:.*?(?:-+>|=+>|\u2192)){2}).*$", re.DOTALL)
_TYPED_ARROW = _Pattern(
    r"\s*(?:-+>|=+>|\u2192)\s*(?=(?:str|string|text|int|integer|float|decimal|bool|boolean|date"
    r"|datetime|uuid)\b)",
    re.IGNORECASE,
)


def _chained(match: re.Match[str]) -> str:
    # Arrows before a type give a field its type; a sentence with none is a
    # chain of steps.
    text = match.group(0)
    if _TYPED_ARROW.compiled().search(text):
        return text
    return re.sub(r"\s*(?:-+>|=+>|\u2192)\s*", ", then ", text)


_BAR = _Pattern(r"\s+\|\s+(?=[a-z_]+\s*:)", re.IGNORECASE)
# ... but a bar before a ticket's section ("| Labels: testing") ends what is before it.
_BAR_SECTION = _Pattern(
    r"\s+\|\s+(?=(?:labels?|tags|assignees?|milestone|priority|status|environment|notes?)\s*:)",
    re.IGNORECASE,
)
# An equals sign between spaces says what something is ("500 rows = 501
# queries").
_EQUALS = _Pattern(r"\s+=\s+")
_TYPE_WORDS = r"(?:str|string|text|int|integer|float|decimal|bool|boolean|date|datetime|uuid)\b"
# "roles=admin,ops", "fields=[sku, stock]", "ttl=120": a parameter written as
# a keyword argument, read as "roles: admin,ops".
_KEYED = _Pattern(
    r"(\s*)\b(roles?|fields?|columns?|cols|ttl|store|name|resource|plural|feature|target)\s*=\s*"
    r"(?:\[([^\]]*)\])?",
    re.IGNORECASE,
)


def _keyed(match: re.Match[str]) -> str:
    # "feature=search store=inmemory ttl=15": each key opens an item of its own.
    before = match.string[: match.start()]
    joint = ", " if before[-1:].isalnum() and before.count("=") else match[1]
    if match[2].lower() in ("feature", "target") and not match[3]:
        # "write_tests feature=discharges": what the command is for.
        return f"{joint}for "
    return f"{joint}{match[2]}: {match[3] or ''}"


# A chat command's slash ("/new project shop", "/audit"): the words are the command.
_SLASH_COMMAND = _Pattern(
    r"^\s*(?:@[\w.-]+[:,]?\s+)?/(?=(?:new|audit|deploy|crud|cache|tests?|review|scaffold|create"
    r"|add|secure|security"
    r"|errors?|optimi[sz]e|logging|logs|websockets?|fastprod)\b)",
    re.IGNORECASE,
)
# An editor's command palette ("Ctrl+Shift+P > Generate Tests: invoices",
# ">FastAPI: Optimize Database", "Command Palette: FastAPI - Error Responses"):
# the palette and the extension's category before the command.
_PALETTE = _Pattern(
    r"(?:(?:ctrl|cmd)\s*\+\s*shift\s*\+\s*p|command\s+palette|(?<![\w-])palette)\s*[:>]?\s*"
    r"|(?:^|(?<=then\s)|(?<=[,;]\s))>\s*(?=[A-Za-z])"
    r"|(?<![\w/-])(?i:fastapi)\s*(?::|\s-)\s+(?=[A-Z])",
    re.IGNORECASE,
)
# A chat bot's own slash command before what it is asked ("/fastapi crud
# invoice ...", "; then /ops dockerize"): the bot's name says nothing more.
_BOT_NAME = _Pattern(
    r"(?:^|(?<=[;,.]\s)|(?<=then\s))/(?:fastapi|fastprod|ops|sre|devops|dev|backend|infra"
    r"|platform|assistant|ai|gpt|copilot|gen|[\w-]*bot|[\w-]*helper)\s+(?=\S)",
    re.IGNORECASE,
)
# "/forge undo", "/shipit crud invoices": any bot's name, then a command of ours.
_ANY_BOT_NAME = _Pattern(
    r"^\s*/[a-z][\w-]*\s+(?=(?:undo|revert|new|audit|deploy|crud|cache|caching|tests?|review"
    r"|scaffold|create|add|generate|make|write|secure|security|errors?|optimi[sz]e|logging|logs"
    r"|websockets?|auth)\b)",
    re.IGNORECASE,
)
# "security-review", "optimize-db", "deploy-setup": a command's words joined.
_HYPHENED_COMMAND = _Pattern(
    r"\b(security|optimi[sz]e|deploy|error|errors|write|new|add|audit|structured)[-_]"
    r"(review|db|database|queries|setup|handling|tests|project|auth|caching|logging|logs)\b",
    re.IGNORECASE,
)
# "serial=str": a field and its type, as "serial:str".
_TYPED_EQUALS = _Pattern(rf"(?<=\w)=(?={_TYPE_WORDS})", re.IGNORECASE)
# "crud: shipment | tracking_no str | weight float": bars between typed fields.
_TYPED_BAR = _Pattern(rf"\s+\|\s+(?=[a-z_]+\s+{_TYPE_WORDS})", re.IGNORECASE)
# A dash between spaces separates clauses like a comma ("add auth - then caching").
_SPACED_DASH = _Pattern(r"\s+-+\s+")
# "a crud for address -- street, city, zip -- plural addresses": a list
# between two dashes is an aside, as in brackets.
_DASHED_ASIDE = _Pattern(r"\s+-+\s+([^-;()]{1,80}?,[^-;()]{1,80}?)\s+-+\s+")
# Emoji and other pictographs (category So) carry no command; chat clients
# add them freely, with their presentation selectors.
_PICTOGRAPH = "So"
_EMOJI_PRESENTATION = "\ufe0e\ufe0f"
_WHITESPACE = re.compile(r"\s+")
# Each line, or each item of a list ("1. add auth 2. add caching", "- add
# auth"), is a command of its own: the markers become separators.
# A number closing a bracket after a setting ("(ttl 60)") is its value.
_LIST_MARKER = _Pattern(
    r"(?:^|(?<=\s))(?:(?:checklist\s+)?(?:item|step|point|task|phase)\s+\d{1,2}(?:/\d{1,2})?[.):]"
    r"|(?<!ttl\s)(?<!ttl:\s)(?<!ttl=)(?<!max\s)(?<!min\s)(?<!limit\s)\d{1,2}[.)]|[-*\u2022])\s+",
    re.IGNORECASE,
)
_LINE_BREAK = _Pattern(r"\s*[\r\n]+\s*")
# What chat and terminals put before a line: a quote ("> add auth") or a
# shell prompt ("$ fastprod ..."). Only at the start of a line, so a ">" or
# "$" anywhere else still makes the sentence unreadable.
_LINE_PREFIX = _Pattern(r"^[ \t]*(?:(?:>[ \t]*)+|\$[ \t]+)", re.MULTILINE)
# A field written with its type in brackets ("amount (decimal)") is the
# field "amount:decimal"; other brackets only group ("add caching (redis)").
_BRACKETED_TYPE = _Pattern(
    r"(?<![\w:])([a-z_]\w*)\s*\(\s*(?:an?\s+)?("
    + "|".join(sorted(FIELD_TYPES, key=len, reverse=True))
    + r")\s*\)",
    re.IGNORECASE,
)
# ASCII emoticons standing alone (":)", ";-)", ":D", "xD", "<3"); a lowercase
# "xp" is experience points ("xp float").
_EMOTICON = _Pattern(r"(?<!\S)(?:[:;=8X]-?[)(\]\[DPpOo3/\\|*]+|x-?D|<3|\^_?\^)(?!\S)")


# A field described in plain words after its name: "amount (pounds and
# pence)", "full_name, a line of text", "a description, which is a short piece
# of text", "joined_on, the date they joined", "paid (yes or no)", "year (a
# whole number)": the field and the type the words describe.
_DESCRIPTIONS: tuple[tuple[str, str], ...] = (
    ("decimal", r"(?:in\s+)?(?:dollars|euros|pounds)\s+and\s+(?:cents|pence)"),
    ("datetime", r"the\s+date\s+and\s+time(?:\s+(?:of|it|they|when)(?:\s+[a-z]+){1,3})?"),
    (
        "date",
        r"(?:an?|the)\s+date(?:\s+of\s+[a-z]+|\s+(?:it|they|we|he|she)\s+[a-z]+(?:\s+(?:in|on|out|up))?)?",
    ),
    ("int", r"an?\s+whole\s+number|an\s+integer"),
    (
        "bool",
        r"(?:an?\s+)?(?:yes\s+or\s+no|yes/no|true\s+or\s+false|true/false)"
        r"|(?:which\s+says\s+|saying\s+)?whether\s+or\s+not\s+[a-z' ]+?(?=\s*[.;,)]|\s*$)",
    ),
    ("uuid", r"an?\s+unique\s+identifier(?:\s*\(\s*uuid\s*\)|:uuid)?"),
    (
        "text",
        r"an?\s+(?:longer|long)\s+(?:note|passage\s+of\s+text|piece\s+of\s+(?:text|writing)"
        r"|bit\s+of\s+text|text|description)",
    ),
    (
        "str",
        r"(?:an?\s+)?(?:short\s+)?(?:(?:piece|bit|line)\s+of\s+text|short\s+text|text\s+line)"
        r"|an?\s+(?:person's\s+|short\s+)?name",
    ),
)
_DESCRIBED_FIELD = _Pattern(
    r"\b(?!(?:a|an|the|with|and|of|for|is|are|it|they)\b)(?P<name>[a-z][a-z0-9_]*)"
    r"(?:\s*(?P<open>\()\s*|,\s+(?:also\s+)?(?:which\s+is\s+|being\s+)?|\s+(?:as|being)\s+)"
    r"(?:"
    + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _DESCRIPTIONS)
    # Unless in brackets, the description ends the field ("count, a date
    # sent_on" is two fields, typed before their names).
    + r")(?(open)\s*\)|(?=\s*(?:[,;.!?)]|$)|\s+(?:and|plus|then)\b))(?![\w-])"
)
_DESCRIPTION_NEEDLES = (
    "pence",
    "cents",
    "date",
    "whole",
    "integer",
    "yes",
    "true",
    "text",
    "name",
    "writing",
    "note",
    "whether",
    "identifier",
)


def _described_field(match: re.Match[str]) -> str:
    kind = next(kind for kind, _ in _DESCRIPTIONS if match.group(kind) is not None)
    return f"{match.group('name')}:{kind}"


# "The fields are company name, contact person and phone.": after "the fields
# are", each item of plain words is one field, its words joined.
_FIELDS_ARE = _Pattern(
    r"\b((?:fields|columns|attributes)\s+(?:are|will\s+be)\s*:?\s+)([a-z][a-z ,]*[a-z])"
    r"(?=\s*(?:[.;!?]|$))",
    re.IGNORECASE,
)
_NOT_IN_A_FIELD_NAME = frozenset(
    {"a", "an", "the", "its", "their", "with", "of", "for", "as", "to", "in", "on", "or"}
)


def _fields_are(match: re.Match[str]) -> str:
    items = re.split(r"(\s*,\s*(?:and\s+)?|\s+and\s+)", match.group(2))
    joined = []
    for item in items:
        words = item.split()
        plain = 2 <= len(words) <= 3 and not any(
            w.lower() in _NOT_IN_A_FIELD_NAME or re.fullmatch(_TYPE_WORDS, w.lower()) for w in words
        )
        joined.append("_".join(words) if plain and "," not in item else item)
    return match.group(1) + "".join(joined)


# Words of time after a number: "4 hours", "4 mins".
_TIME_UNITS = r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|weeks?|months?)\b"


class _Rewrite:
    """A rewrite tried only when one of its needles is in the sentence.

    Most sentences hold none of the marks the shorthand needs (an apostrophe,
    a colon, "w/", "="), so most patterns are never compiled.
    """

    __slots__ = ("needle", "pattern", "replacement")

    def __init__(
        self,
        pattern: str | _Pattern,
        replacement: str | Callable[[re.Match[str]], str],
        needle: str | tuple[str, ...],
        flags: int = 0,
    ) -> None:
        self.pattern = pattern if isinstance(pattern, _Pattern) else _Pattern(pattern, flags)
        self.replacement = replacement
        self.needle = (needle,) if isinstance(needle, str) else needle

    def sub(self, sentence: str, lowered: str) -> str:
        if not any(needle in lowered for needle in self.needle):
            return sentence
        return self.pattern.compiled().sub(self.replacement, sentence)


# One word that opens a message is its title only when it names nothing of
# ours and no label read elsewhere: "Vehicles." is a title; "Caching.",
# "Audit:" ask, and "Ticket:", "Fields:" label what follows.
_LABELS = frozenset(
    {
        "ticket",
        "story",
        "epic",
        "title",
        "subject",
        "task",
        "tasks",
        "summary",
        "issue",
        "bug",
        "feature",
        "request",
        "ac",
        "todo",
        "goal",
        "note",
        "notes",
        "background",
        "context",
        "problem",
        "priority",
        "fields",
        "roles",
        "name",
        "resource",
        "entity",
        "crud",
        "tests",
        "test",
        "new",
        "project",
        "pls",
        "please",
    }
)


def _said_why(match: re.Match[str]) -> str:
    # "## Acceptance criteria - coverage above 80% - all tests green": one
    # section of how things should be, its items joined, read as context. A
    # criterion that gives what is asked ("- [ ] fields: title (str), ...",
    # "- [ ] roles in this order: admin, promoter", "- [ ] Redis", "- [ ] CRUD
    # for entries: ...") is read as part of the request.
    items = [
        i.strip(" ,")
        for i in re.split(r"\s+-+\s+(?:\[[\sxX]?\]\s*)?|\s*\[[\sxX]?\]\s*", match.group(2))
    ]
    items = [i for i in items if i]
    asked = match.group(1).lower() == "ac" or match.group(1).lower().startswith(
        ("acceptance", "definition", "checklist")
    )
    kept = [i for i in items if asked and _ASKED_ITEM.compiled().search(i)]
    notes = [i for i in items if i not in kept]
    out = f" ; notes: {', '.join(notes)} ; " if notes else " ; "
    return out + "".join(f"{item} ; " for item in kept)


# A criterion that says what is asked: fields, roles, a store, a time to live,
# a target, a CRUD, tests for something, a socket.
_ASKED_ITEM = _Pattern(
    r"^(?:fields?|columns|roles?|target|store|ttl)\b|\broles?\s+(?:in\s+this\s+order\s*)?:|\bcrud\b"
    r"|\btests?\s+for\b|\bwebsockets?\b|^(?:redis|memcached|in[\s-]memory)$"
    r"|^\d+\s*(?:s|sec|seconds?|min|minutes?|h|hours?)\s+ttl$|\([a-z]+\)\s*,"
    r"|\bsame\s+(?:shape|structure|format|body|json|fields)\b|\bidentical\b"
    # "seat_number: str", "price (decimal)": one field.
    r"|^[a-z_][a-z0-9_]*\s*(?::\s*|\(\s*)(?:str|string|(?:long\s+|short\s+)?text|int|integer|float|decimal|bool|boolean"
    r"|date|datetime|uuid)\b"
    # A feature by its name: "security review", "structured logging w/ request IDs",
    # "deployment setup (Dockerfile, compose, CI)".
    r"|^(?:a\s+|the\s+)?(?:security\s+review|structured\s+(?:logging|logs)|request\s+ids?\s+logging"
    r"|deployment(?:\s+setup)?|dockerfile|websocket|error\s+handling|production\s+readiness\s+audit)\b",
    re.IGNORECASE,
)


def _one_word_title(match: re.Match[str]) -> str:
    word = match[0].strip().rstrip(".:").strip().lower()
    from fastprod.language._chunks import concept_table

    if word in concept_table() or word in _LABELS:
        return match[0]
    return ""


def _spelled(match: re.Match[str]) -> str:
    return match[0].replace(" ", "")


_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _hundreds(match: re.Match[str]) -> str:
    return str((_UNITS.index(match[1].lower()) + 1) * 100)


# Contractions and chat shorthand become their long forms, so the grammar
# only knows one spelling.
def _kept_records(match: re.Match[str]) -> str:
    # The things kept, unless they are what the app itself does or logs.
    words = match.group(1).lower().split()
    if any(word in _NOT_RECORDS for word in words):
        return match.group(0)
    return f"have a CRUD feature for {match.group(1)}"


_NOT_RECORDS = frozenset(
    {"requests", "errors", "queries", "logs", "changes", "events", "metrics", "hits", "rates"}
    | {"exceptions", "failures", "calls", "visits", "deploys", "deployments", "releases", "tests"}
    | {"logins", "sessions", "tokens", "users", "passwords", "secrets", "files", "images"}
)


# A CRUD feature's layers, three or more listed, the repository among them,
# before what they are for: "the router, service layer, repository and
# schemas for tickets", "the endpoints, service and repository layer for".
_CRUD_LAYER = (
    r"(?:the\s+|a\s+|its\s+)?(?:routers?|routes|endpoints|services?|repositor(?:y|ies)"
    r"|(?:pydantic\s+)?schemas?|(?:orm\s+)?models?|(?:alembic\s+)?migrations?)(?:\s+layers?)?"
)
_CRUD_LAYERS = _Pattern(
    rf"\b{_CRUD_LAYER}(?:\s*,\s*(?:and\s+|&\s+|\+\s+)?{_CRUD_LAYER}"
    rf"|\s+(?:and|&|\+)\s+{_CRUD_LAYER}){{2,}}\b(?=\s+for\b)",
    re.IGNORECASE,
)


def _crud_layers(match: re.Match[str]) -> str:
    return "the CRUD feature" if "repositor" in match[0].lower() else match[0]


# A Go struct's field types, as ours: "Amount float64", "Count int32".
_GO_TYPES = re.compile(r"\b(?:u?int(?:8|16|32|64)?|float(?:32|64))\b")


def _go_struct(match: re.Match[str]) -> str:
    # "type Device struct { Serial string; Count int32 }": a resource, its fields.
    fields = [f.strip() for f in match[2].replace("\n", ";").split(";") if f.strip()]
    typed = [_GO_TYPES.sub(lambda t: "float" if "float" in t[0] else "int", f) for f in fields]
    return f"a {match[1]} resource with fields " + ", ".join(typed)


def _quoted_fields(match: re.Match[str]) -> str:
    # 'fields "full name", "badge number"': the quoted words joined into one name.
    return re.sub(
        r'"([A-Za-z][\w]*(?:\s+[A-Za-z][\w]*)+)"', lambda m: "_".join(m[1].split()), match[0]
    )


# "with title ingredients and cook time": three names or more said one after
# another, the last after "and", and nothing else to the sentence's end.
# What opens a field list: "with", "with the fields", "fields are", "fields:".
_FIELDS_LEAD = r"\b(?P<lead>(?:with(?:\s+the)?(?:\s+fields)?|fields\s+are|fields\s*:)\s+)"
_SPOKEN_FIELDS = _Pattern(
    _FIELDS_LEAD + r"(?P<names>[a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*){1,6})"
    r"\s+and\s+(?P<last>[a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*)?)"
    r"(?=\s*(?:[.!?]|$|\s+(?:thanks|thx|please|pls|and\s+then|then)\b))",
    re.IGNORECASE,
)
_NOT_FIELD_WORDS = frozenset(
    {"the", "a", "an", "and", "or", "for", "to", "of", "in", "on", "with", "then", "please", "its"}
    | {"roles", "role", "rols", "their", "our", "my", "covering", "including", "fields", "both"}
    | {"thanks", "thx", "pls", "plz", "cheers", "ty", "asap", "too", "also"}
)
_CRUD_WORDS = re.compile(r"\b(?:crud|resource|entity|model|table|fields?)\b", re.IGNORECASE)


def _plain_names(match: re.Match[str], words: list[str]) -> bool:
    # A CRUD's field list, its words names only: no type, role or small word.
    said = {w.lower() for w in words}
    return _CRUD_WORDS.search(match.string) is not None and not (
        said & _NOT_FIELD_WORDS or any(w in FIELD_TYPES for w in said)
    )


def _spoken_fields(match: re.Match[str]) -> str:
    names = match["names"].split()
    last = match["last"].split()
    if "id" in (w.lower() for w in names):
        return match[0]  # "with seller id amount and currency": a name of two words
    if not _plain_names(match, names + last):
        return match[0]
    return f"{match['lead']}{', '.join(names)} and {'_'.join(last)}"


# Where a criterion is written: "Acceptance criteria: CRUD for reviews exists".
_CRITERIA = re.compile(
    r"\b(?:acceptance|criteria|criterion|done\s+when|definition\s+of\s+done|dod|checklist|ac\s*:)",
    re.IGNORECASE,
)


def _criterion(match: re.Match[str]) -> str:
    # "Done when: crud for reviews exists": the CRUD asked; "the crud for
    # product is done" said alone tells that it is.
    return match[1] if _CRITERIA.search(match.string) else match[0]


_FIELD_ITEM = r"[a-z][a-z0-9_-]*(?:\s+[a-z][a-z0-9_-]*)?"
_TWO_WORD_FIELDS = _Pattern(
    _FIELDS_LEAD + rf"(?P<items>(?:{_FIELD_ITEM}\s*,\s*)+{_FIELD_ITEM}\s*,?\s+and\s+{_FIELD_ITEM})"
    r"(?=\s*(?:[.!?]|$))",
    re.IGNORECASE,
)


def _two_word_fields(match: re.Match[str]) -> str:
    items = [
        i.strip() for i in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", match["items"]) if i.strip()
    ]
    if not _plain_names(match, [w for i in items for w in re.split(r"[\s-]+", i)]):
        return match[0]
    if all(" " not in i and "-" not in i for i in items):
        return match[0]
    joined = ["_".join(re.split(r"[\s-]+", i)) for i in items]
    return f"{match['lead']}{', '.join(joined[:-1])} and {joined[-1]}"


_CONTRACTIONS: tuple[_Rewrite, ...] = (
    _Rewrite(r"\bcan't\b", "can not", "'", re.IGNORECASE),
    _Rewrite(r"\bwon't\b", "will not", "'", re.IGNORECASE),
    _Rewrite(r"\b(\w+)n't\b", r"\1 not", "'", re.IGNORECASE),
    _Rewrite(r"\blet's\b", "let us", "'", re.IGNORECASE),
    _Rewrite(r"\b(what|it|that|there|here|who|how|where)'s\b", r"\1 is", "'", re.IGNORECASE),
    # "the library's new_arrivals endpoint": the endpoint's own name, not its owner's.
    _Rewrite(r"\b\w+'s\s+(?=[\w-]+\s+(?:endpoints?|routes?|router|api)\b)", "", "'", re.IGNORECASE),
    _Rewrite(r"\b(\w+)'s\b", r"\1", "'", re.IGNORECASE),
    _Rewrite(r"\b(\w+)'d\b", r"\1 would", "'", re.IGNORECASE),
    _Rewrite(r"\b(\w+)'m\b", r"\1 am", "'", re.IGNORECASE),
    _Rewrite(r"\b(\w+)'re\b", r"\1 are", "'", re.IGNORECASE),
    _Rewrite(r"\b(\w+)'ll\b", r"\1 will", "'", re.IGNORECASE),
    _Rewrite(r"\b(\w+)'ve\b", r"\1 have", "'", re.IGNORECASE),
    # The same without the apostrophe, as chat writes them: "im tired of
    # print statements", "thats too slow", "dont need roles".
    _Rewrite(r"\bim\b", "i am", "im", re.IGNORECASE),
    _Rewrite(r"\b(i|we|you|they)ve\b", r"\1 have", "ve", re.IGNORECASE),
    _Rewrite(r"\b(you|they)re\b", r"\1 are", "re", re.IGNORECASE),
    _Rewrite(r"\b(that|what)s\b", r"\1 is", "ts", re.IGNORECASE),
    # "logs are random print() calls rn, make em json", "some r strings": chat.
    _Rewrite(r"\brn\b", "right now", "rn", re.IGNORECASE),
    # "roles player n moderator", "tag n leader_id": "and"; "top n" and "n
    # queries" stay.
    _Rewrite(
        r"(?<=[a-z0-9_])(?<!\btop)(?<!\bfirst)(?<!\blast)\s+n\s+"
        r"(?=[a-z])(?!(?:queries|query|requests|times|rows|calls|items|records|plus)\b)",
        " and ",
        " n ",
        re.IGNORECASE,
    ),
    # "crud for clans wth fields name, tag": with.
    _Rewrite(
        r"\bwth\b(?=\s+(?:fields?|cols?|columns?|roles?|an?|the)\b)", "with", "wth", re.IGNORECASE
    ),
    _Rewrite(r"\b(make|turn|put|give|cache|test|log)\s+em\b", r"\1 them", "em", re.IGNORECASE),
    _Rewrite(
        r"\b(some|they|we|these|those|errors|logs|tests)\s+r\b", r"\1 are", " r", re.IGNORECASE
    ),
    _Rewrite(r"\bcant\b", "can not", "cant", re.IGNORECASE),
    _Rewrite(r"\bwont\b", "will not", "wont", re.IGNORECASE),
    _Rewrite(
        r"\b(do|does|did|is|are|was|should|would|could|have|has)nt\b",
        r"\1 not",
        "nt",
        re.IGNORECASE,
    ),
    # "cache the warehouse endpoints, the time is 5 minutes": the time to live.
    _Rewrite(
        r"\b(?:the\s+)?(?:cache\s+)?(?:time|expiry|expiration|lifetime)\s+(?:is|should\s+be|=|:)\s+"
        r"(?=(?:\d|one\b|two\b|three\b|five\b|ten\b|an?\s+(?:minute|hour|day)))",
        "ttl ",
        ("time", "expir"),
        re.IGNORECASE,
    ),
    # "just throw redis in front of it": a cache put there.
    _Rewrite(
        r"\b(?:throw|slap|stick|chuck|bolt)\s+(?=(?:a\s+|an\s+|some\s+)?(?:redis|cache|caching|memcached|in-memory)\b)",
        "add ",
        ("throw", "slap", "stick", "chuck", "bolt"),
        re.IGNORECASE,
    ),
    # "scaffold a new project 'order service'": a name in quotes is one name.
    _Rewrite(
        r"\b(project|projct|app|service|api|called|named|name)\s+(['\"])([A-Za-z][\w-]*"
        r"(?:\s+[A-Za-z][\w-]*){1,3})\2",
        lambda m: f"{m.group(1)} {'_'.join(m.group(3).split())}",
        ("'", '"'),
        re.IGNORECASE,
    ),
    # "for the module vehicle_registry": a code name after the kind of thing.
    _Rewrite(
        r"\b(module|feature|router|package)\s+`?([a-z][a-z0-9]*_[a-z0-9_]+)`?",
        r"\2 \1",
        "_",
    ),
    # "for the entity ProductionOrder": a class name after the kind of thing.
    _Rewrite(
        r"\b(entity|resource|model|table)\s+([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+)\b",
        r"\2 \1",
        ("entity", "resource", "model", "table"),
    ),
    # Nigerian Pidgin: "we no get any test" (we do not have), "call am X" (call it X).
    _Rewrite(r"\b(we|i|they|e|it|una)\s+no\s+get\b", r"\1 do not have", " no get", re.IGNORECASE),
    _Rewrite(r"\bcall\s+am\b", "call it", "call am", re.IGNORECASE),
    # "abeg cache am sharp sharp" (please cache it quickly), "hash dem" (them),
    # "roles na admin, merchant" (roles: ...), "e dey hit db" (it is hitting the db).
    _Rewrite(r"\babeg\b", "please", "abeg", re.IGNORECASE),
    _Rewrite(r"\s*\bsharp\s+sharp\b", "", "sharp sharp", re.IGNORECASE),
    _Rewrite(r"\b(?:omo|sef|oo+)\b[,!]?\s*", "", ("omo", "sef", "oo"), re.IGNORECASE),
    _Rewrite(
        r"\b(cache|start|check|fix|standardi[sz]e|hash|test|audit|review|deploy|index|optimi[sz]e"
        r"|secure|protect|log|do)\s+(?:am|dem)\b",
        r"\1 it",
        (" am", " dem"),
        re.IGNORECASE,
    ),
    _Rewrite(r"\b(roles?)\s+na\b", r"\1:", " na", re.IGNORECASE),
    # "name na ticket_desk": it is named; "fit go live": can go live, is ready to.
    _Rewrite(r"\bname\s+na\s+", "named ", " na", re.IGNORECASE),
    _Rewrite(r"\bfit\s+(?=go\s+live\b)", "is ready to ", "fit go", re.IGNORECASE),
    # "how caching dey work": how it works; "dey break", "dey pass": breaks, passes.
    _Rewrite(
        r"\bhow\s+([\w\s-]{1,30}?)\s+dey\s+work\b", r"how does \1 work", "dey work", re.IGNORECASE
    ),
    _Rewrite(
        r"\bdey\s+(break|pass|fail|crash)\b",
        lambda m: {"break": "breaks", "pass": "passes", "fail": "fails"}.get(
            m[1].lower(), "crashes"
        ),
        "dey",
        re.IGNORECASE,
    ),
    _Rewrite(r"\bdey\s+check\b", "check", "dey check", re.IGNORECASE),
    _Rewrite(r"\b(\w+)\s+na\s+(?=\d)", r"\1 is ", " na", re.IGNORECASE),
    # "the farmer e get name, state" (it has), "we dey use redis" (we use),
    # "we no fit trace" (cannot), "so d team fit deploy" (the team can),
    # "na just print statements" (are only), "wetin be jwt" (what is).
    _Rewrite(r"\be\s+get\b", "with", "e get", re.IGNORECASE),
    _Rewrite(r"\bdey\s+use\b", "use", "dey use", re.IGNORECASE),
    _Rewrite(r"\bno\s+fit\b", "cannot", "no fit", re.IGNORECASE),
    _Rewrite(
        r"\bfit\s+(?=(?:call|deploy|trace|see|use|access|run|log|open|hit|read|reach|ship)\b)",
        "can ",
        "fit ",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"(?<=\s)d\s+(?=(?:team|server|app|api|endpoints?|users?|db|database|code|logs?)\b)",
        "the ",
        " d ",
        re.IGNORECASE,
    ),
    _Rewrite(r"\bna\s+just\b", "are only", "na just", re.IGNORECASE),
    _Rewrite(r"\bwetin\s+be\b", "what is", "wetin be", re.IGNORECASE),
    _Rewrite(r"\be\s+(dey|don)\b", r"it \1", ("e dey", "e don"), re.IGNORECASE),
    _Rewrite(r"\bdey\s+(\w+)\b", r"is \1", "dey", re.IGNORECASE),
    _Rewrite(r"\bdon\s+(\w+)\b", r"has \1", "don ", re.IGNORECASE),
    _Rewrite(r"\bwahala\b", "trouble", "wahala", re.IGNORECASE),
    _Rewrite(
        r"\bwetin\s+(?=(?:the\s+)?(?:security\s+review|audit|review)\s+check)",
        "what does ",
        "wetin",
        re.IGNORECASE,
    ),
    _Rewrite(r"\bwetin\b", "what", "wetin", re.IGNORECASE),
    # "tbh", "ngl", "imo": asides on how it is said.
    _Rewrite(r",?\s*\b(?:tbh|ngl|imo|imho)\b", "", ("tbh", "ngl", "imo"), re.IGNORECASE),
    # Typos of small words: "wiht", "enuf".
    _Rewrite(
        r"\b(?:wiht|whit|wtih|whith|wih|wit)\b",
        "with",
        ("wiht", "whit", "wtih", "wih", "wit"),
        re.IGNORECASE,
    ),
    _Rewrite(r"\benuf+\b", "enough", "enuf", re.IGNORECASE),
    # "with name, duration_minutes and calories fields": the list, then its label.
    _Rewrite(
        r"\bwith\s+((?:[a-z_]\w*\s*,\s*)+(?:[a-z_]\w*\s*,?\s+)?and\s+[a-z_]\w*)\s+"
        r"(?:fields|columns|attributes|properties)\b",
        r"with fields \1",
        ("fields", "columns", "attributes", "properties"),
        re.IGNORECASE,
    ),
    # "idk how testing works tbh": a remark on what the person knows.
    _Rewrite(
        r",?\s*\b(?:idk|i\s+do\s+not\s+know|dunno)\s+how\s+[\w\s-]{1,30}?\s+works?\b",
        "",
        ("idk", "know how", "dunno"),
        re.IGNORECASE,
    ),
    # Portuguese words in English sentences: "a autenticação", "os testes",
    # "logs estruturados", "tratamento de erros", "uma nota" (a score), "perfis" (roles).
    _Rewrite(r"\bautentica(?:ção|cao)\b", "authentication", "autentica", re.IGNORECASE),
    _Rewrite(r"\btestes\b", "tests", "testes", re.IGNORECASE),
    _Rewrite(r"\blogs\s+estruturados\b", "structured logs", "estruturados", re.IGNORECASE),
    _Rewrite(r"\btratamento\s+(?:de|dos)\s+erros\b", "error handling", "tratamento", re.IGNORECASE),
    _Rewrite(r"\bperfis\b", "roles", "perfis", re.IGNORECASE),
    _Rewrite(r"\bcampos\b", "fields", "campos", re.IGNORECASE),
    _Rewrite(r"\b(a|uma)\s+nota\b", "a score", "nota", re.IGNORECASE),
    # Indian English office phrases: "PFB the fields:" (please find below),
    # "kindly do the needful", "at the earliest", "implement the same" (it),
    # "revert with test cases" (send them), "revert on whether ..." (say).
    _Rewrite(r"\bPFB\b\s*", "", "pfb", re.IGNORECASE),
    _Rewrite(
        r"[,.]?\s*\b(?:and\s+)?(?:kindly\s+|please\s+)?do\s+the\s+needful\b",
        "",
        "needful",
        re.IGNORECASE,
    ),
    _Rewrite(r"\s*\bat\s+the\s+earliest\b", "", "earliest", re.IGNORECASE),
    _Rewrite(r"\b(implement|do|add|fix)\s+the\s+same\b", r"\1 it", "the same", re.IGNORECASE),
    _Rewrite(
        r"\s*\band\s+revert\s+(?:back\s+)?with\s+(?:the\s+|your\s+)?"
        r"(?:results?|observations?|findings?|details|status|updates?|feedback)\b",
        "",
        "revert",
        re.IGNORECASE,
    ),
    _Rewrite(r"\brevert\s+(?:back\s+)?with\b", "send", "revert", re.IGNORECASE),
    _Rewrite(r"\brevert\s+(?:back\s+)?on\s+whether\b", "tell me whether", "revert", re.IGNORECASE),
    # "test cases for complete API": the whole of it.
    _Rewrite(
        r"\bfor\s+(?:the\s+)?complete\s+(api|application|app|project|service|codebase)\b",
        r"for the whole \1",
        "complete",
        re.IGNORECASE,
    ),
    # "the checklist thing", "that N+1 thing": the word before names it.
    _Rewrite(
        r"\b(the|that|this)\s+(?!(?:last|first|next|same|only|other|whole|one|main|best|worst"
        r"|right|wrong|new|old|big|real)\b)([\w+-]+)\s+thing\b(?!\s+(?:is|was|that))",
        r"\1 \2",
        " thing",
    ),
    # "an N+1 on the orders page, whatever that is": said by someone who does
    # not know the word; it asks nothing.
    _Rewrite(
        r",?\s*\bwhatever\s+(?:that|it|this)\s+(?:is|means)\b\s*,?",
        ",",
        "whatever",
        re.IGNORECASE,
    ),
    # "make the dockerfile n compose n whatever": the rest, said of nothing.
    _Rewrite(
        r"\s*,?\s+(?:and|or|n|&)\s+(?:whatever|stuff|all\s+that|so\s+on)(?:\s+else)?(?=\s*(?:[.!?,;]|$))",
        "",
        ("whatever", "stuff", "all that", "so on"),
        re.IGNORECASE,
    ),
    # "add a way for users to sign in": the feature the way is to.
    _Rewrite(
        r"\b(?:a|some)\s+(?:way|means|possibility)\s+(?:for\s+(?:\w+\s+){1,3}?)?to\s+(?=\w)",
        "",
        ("way", "means", "possibility"),
        re.IGNORECASE,
    ),
    # "a separate courier role and a dispatcher role": the role's name alone.
    _Rewrite(
        r"\b(?:separate|distinct|dedicated|special|own)\s+(?=[a-z_]+\s+roles?\b)",
        "",
        "role",
        re.IGNORECASE,
    ),
    # "We need this deployable on the GPU cluster": made so, a deployment.
    _Rewrite(
        r"\b(need|want)\s+(this|it|the\s+(?:app|api|service))\s+deployable\b",
        r"\1 to prepare \2 for deployment",
        "deployable",
        re.IGNORECASE,
    ),
    # "crud for labels pls: text str, color str": asking nicely before the fields.
    _Rewrite(r"\s+(?:pls|plz|please)\s*:", ":", (" pls", " plz", " please"), re.IGNORECASE),
    # "FYI the staging DB credentials are being rotated tonight": a note.
    _Rewrite(r"^\s*fyi\s*[:,-]?\s*", "we noted that ", "fyi", re.IGNORECASE),
    # "..., I just wanted to tell you": why the message was sent.
    _Rewrite(
        r",?\s*\b(?:(?:i|we)\s+)?(?:just\s+)?want(?:ed)?\s+to\s+(?:tell|say|let)\s+(?:you|u)"
        r"(?:\s+(?:know|that))?\s*(?=[.!]|$)",
        "",
        ("wanted to", "want to"),
        re.IGNORECASE,
    ),
    # "when u get a sec": a moment, not security.
    _Rewrite(
        r"\b(?:a|one)\s+sec\b(?!\s*(?:review|check|audit|scan|pass))",
        "a moment",
        "sec",
        re.IGNORECASE,
    ),
    # "held in process memory for ten minutes": where the cache is kept.
    _Rewrite(
        r",\s*(?:held|kept|stored)\s+(?=in\s)", ", ", ("held", "kept", "stored"), re.IGNORECASE
    ),
    # "a fresh project, which I propose to call campus_events": its name.
    _Rewrite(
        r",?\s*(?:which|that)\s+(?:i|we)\s+(?:propose|would\s+like|want|plan|intend|suggest)"
        r"\s+to\s+(?:call|name)\b",
        " called",
        ("propose", "like", "want", "plan", "intend", "suggest"),
        re.IGNORECASE,
    ),
    # "for the 'department' resource, namely: name, faculty": its fields.
    _Rewrite(r",\s*namely\s*:\s*", " with fields: ", "namely", re.IGNORECASE),
    # "..., cant debug prod otherwise": what happens without it, a reason.
    _Rewrite(r",\s*[^,.;!?]*\botherwise\s*(?=[.!]|$)", "", "otherwise", re.IGNORECASE),
    # "Kick off a new project, card_vault, and ...": the name said between commas.
    _Rewrite(
        r"\b((?:new|fresh)\s+(?:fastapi\s+)?(?:project|service|app|api|codebase|repo))\s*,\s*"
        r"(?!(?:fastapi|python|rest|async|production|prod)[_-])"
        r"(?![\w-]*-(?:based|powered|ready|style|like|first|only)\b)([a-z][\w]*[_-][\w-]+)\s*(?=,|\.|$)",
        r"\1 called \2",
        ",",
        re.IGNORECASE,
    ),
    # "..., shipping fri", "..., due Thursday": when it is due.
    _Rewrite(
        r",\s*(?:shipping|ships|launching|releasing|due|deadline)\s+(?:by\s+|on\s+|this\s+|next\s+)?"
        r"(?:mon|tue|tues|wed|thu|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday"
        r"|saturday|sunday|tomorrow|tmrw|eod|eow|tonight)\b\.?",
        "",
        ("shipping", "ships", "launching", "releasing", "due", "deadline"),
        re.IGNORECASE,
    ),
    # "coworker left, zero tests in the repo": who left, before what is missing.
    _Rewrite(
        r"^\s*(?:my\s+|our\s+|the\s+)?(?:co-?worker|colleague|dev|developer|engineer|teammate"
        r"|contractor|freelancer)\s+(?:left|quit|has\s+left|is\s+gone)\s*,\s*",
        "",
        ("left", "quit", "gone"),
        re.IGNORECASE,
    ),
    # "..., default layout is fine": what the person accepts.
    _Rewrite(
        r",\s*(?:the\s+)?default\s+[\w-]+\s+is\s+(?:fine|ok|okay)\b",
        "",
        "default",
        re.IGNORECASE,
    ),
    # "keep the leaderboard handy for 2 minutes": cache it.
    _Rewrite(
        r"\bkeep\s+((?:the|our|my)\s+)?([a-z_][\w-]*(?:\s+[a-z_][\w-]*)?)\s+handy\b",
        r"cache \1\2",
        "handy",
        re.IGNORECASE,
    ),
    # "We need tests for auth, like yesterday": how urgent.
    _Rewrite(r",?\s*\blike\s+yesterday\b", "", "yesterday", re.IGNORECASE),
    # "with roles of admin and of teacher": the roles.
    _Rewrite(r"\b(roles?)\s+of\s+(\w+)\s+and\s+of\s+", r"\1 \2 and ", "of", re.IGNORECASE),
    # "CRUD time! Resource: workshop.": the feature announced.
    _Rewrite(r"\b(crud|caching|testing|deploy)\s+time\s*!", r"\1.", "time", re.IGNORECASE),
    # "keep a copy of the daily specials", "the menu remembered in Redis",
    # "stored in Redis": cached.
    _Rewrite(r"\bkeep\s+a\s+copy\s+of\s+", "cache ", "copy", re.IGNORECASE),
    _Rewrite(r"\bremembered\b", "cached", "remembered", re.IGNORECASE),
    _Rewrite(
        r"\b(?:be\s+)?stored\s+(?=in\s+(?:redis|memory|ram|the\s+cache)\b)",
        "cached ",
        "stored",
        re.IGNORECASE,
    ),
    # "Put the opening times in memory for 2 hours": cache them there.
    _Rewrite(
        r"(?:^|(?<=[,.;:!?]\s)|(?<=\band\s)|(?<=\bthen\s)|(?<=\bplease\s)|(?<=\bpls\s))"
        r"put\s+((?:the|our|my)\s+)?([a-z_][\w-]*(?:\s+[a-z_][\w-]*)?)\s+(?=in\s+(?:memory|redis|ram)\b)",
        r"cache \1\2 ",
        "put",
        re.IGNORECASE,
    ),
    # "My freelancer suggested calling it harbour_orders": its name.
    _Rewrite(
        r"\b(?:suggested|proposed|recommended)\s+(?:calling|naming)\s+it\b",
        "called",
        ("calling", "naming"),
        re.IGNORECASE,
    ),
    # "add auth and cover it with tests": tests for what was just named.
    _Rewrite(
        r"\bcover\s+(it|them|this|that)\s+with\s+(?:(?:some|proper|good|unit|integration)\s+)*tests\b",
        r"write tests for \1",
        "cover",
        re.IGNORECASE,
    ),
    # "tests that cover the whole API": tests for it.
    _Rewrite(r"\b(tests?)\s+(?:that|which)\s+covers?\s+", r"\1 for ", "cover", re.IGNORECASE),
    # "we were unable to correlate log lines": could not.
    _Rewrite(r"\b(?:are|were|was|is|am)\s+unable\s+to\b", "could not", "unable", re.IGNORECASE),
    # Code in a sentence: "allow_origins=['*']", "pool_size=20" are settings,
    # read as the name alone; "is_active: bool = True" gives a default.
    _Rewrite(r"(:\s*[A-Za-z]\w*)\s+=\s+(?:True|False|None|-?\d+(?:\.\d+)?)\b", r"\1", " = "),
    _Rewrite(
        r"(?<=\w)=(?:\[[^\]]*\]|True|False|None|-?\d+(?:\.\d+)?|'[^']*'|\"[^\"]*\")(?![\w.])",
        "",
        "=",
    ),
    # "qty (int, > 0)": a bound said of a field's type.
    _Rewrite(r"\s*,\s*[<>]=?\s*-?\d+(?:\.\d+)?(?=\s*\))", "", (">", "<")),
    # Deployment files by name: "docker-compose.prod.yml", ".github/workflows/ci.yml".
    _Rewrite(r"\b(?:docker-)?compose(?:\.[\w-]+)+\.ya?ml\b", "compose file", ("compose.",)),
    _Rewrite(r"(?<![\w/])\.?github/workflows/[\w.-]+\.ya?ml\b", "GitHub workflow", "workflows/"),
    # "Tests, target = the whole API": what the tests are for.
    _Rewrite(
        r"(\btests?\b[^.;]{0,40}?)\btarget\s*[=:]\s*",
        r"\1for ",
        "target",
        re.IGNORECASE,
    ),
    # "add auth tests", "an authentication test suite": tests for that feature.
    _Rewrite(
        r"\b(auth|authentication|login|caching|cache|logging|websockets?|error\s+handling)\s+"
        r"((?:unit\s+|integration\s+|e2e\s+)?(?:test\s+suite|tests|test\s+coverage))\b",
        r"\2 for \1",
        ("tests", "test suite", "test coverage"),
        re.IGNORECASE,
    ),
    # "all 4xx/5xx responses share one identical JSON schema": every error response.
    _Rewrite(
        r"\b4xx\s*(?:/|and|&|or|,)\s*5xx(?:\s+errors\b)?(?=[^.]*\b(?:same|identical|consistent"
        r"|uniform|schema|shape|format|envelope)\b)",
        "error",
        "xx",
        re.IGNORECASE,
    ),
    # A ticket's "Description:" label: an ask that follows is read as said ("Description:
    # Write tests for the whole API"); a statement is the ticket's context
    # ("Description: Catalog reads dominate traffic.").
    _Rewrite(
        r"(?:^|(?<=[.!?|]\s)|(?<=\|))\s*\|?\s*description\s*:\s*(?=(?:please|pls|write|add|create|"
        r"generate|scaffold|set\s+up|run|build|implement|make|introduce|provide|expose|wire|enable|cache|"
        r"secure|protect|optimi[sz]e|review|audit|deploy|containeri[sz]e|dockeri[sz]e|standard|full|basic|"
        r"complete|new|fresh|bootstrap|apply|harden)\b)",
        " ",
        "description",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"(?:^|(?<=[.!?|]\s)|(?<=\|))\s*\|?\s*description\s*:\s*",
        " Context: ",
        "description",
        re.IGNORECASE,
    ),
    # "I honestly don't know what that means!": the person, not a question to answer.
    _Rewrite(
        r",?\s*\b(?:and\s+)?i\s+(?:honestly\s+|really\s+)?(?:don't|do\s+not)\s+know\s+what\s+"
        r"(?:that|this|it)\s+means\b",
        "",
        "know what",
        re.IGNORECASE,
    ),
    # "anyone??", "hello??": a call for attention before the request.
    _Rewrite(r"^\s*(?:anyone|anybody|hello|help)\s*\?{2,}\s*", "", "??", re.IGNORECASE),
    # Dictated: "a doctor file and the see eye stuff", "jay w t log ins", "add cash for
    # the menu in memory".
    _Rewrite(r"\bdoc?tor\s+file\b", "Dockerfile", "tor file", re.IGNORECASE),
    _Rewrite(r"\bsee\s+eye\b", "CI", "see eye", re.IGNORECASE),
    _Rewrite(r"\bjay\s+w\s+t\b", "JWT", "jay w", re.IGNORECASE),
    _Rewrite(
        r"\bcash\b(?=\s+(?:for|the|it|them)\b[^.]*\b(?:memory|redis|minutes?|seconds?|hours?|ttl)\b)",
        "cache",
        "cash",
        re.IGNORECASE,
    ),
    # "logging is a mess, please set up a structured one": the logging named before;
    # "fix it together with indexing": and.
    _Rewrite(
        r"(\blog\w*\b[^.?!]{0,60}?)\bstructured\s+one\b",
        r"\1structured logging",
        "structured one",
        re.IGNORECASE,
    ),
    _Rewrite(r",?\s*\b(?:together|along)\s+with\b", " and", " with", re.IGNORECASE),
    # "our annual HIPAA risk assessment is approaching": when, not a request; "our
    # security operations centre requires ...": who asks; "Redis is our approved cache
    # store": the store to use.
    _Rewrite(
        r"\b(?:our\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:assessment|audit|inspection|certification)s?\s+"
        r"(?:is|are)\s+(?:approaching|coming\s+up|around\s+the\s+corner|due\s+soon|next\s+(?:week|month))\b",
        "the deadline is near",
        ("approaching", "coming up", "around the corner", "due soon", "next week", "next month"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bsecurity\s+operations\s+cent(?:er|re)\b",
        "operations team",
        "operations cent",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b(redis|memcached|valkey)\s+is\s+(?:our|the)\s+(?:approved|preferred|standard|chosen|usual)\s+"
        r"(?:cache\s+)?(?:store|backend|cache)\b",
        r"use \1",
        ("approved", "preferred", "standard", "chosen", "usual"),
        re.IGNORECASE,
    ),
    # "..., all just strings? Ta.": thanks; the strings are all the fields' type.
    _Rewrite(r"(?<=[.!?])\s+(?:Ta|Cheers|Thanks)\s*[.!]*\s*$", "", (" ta", " cheers", " thanks")),
    _Rewrite(
        r"\ball\s+just\s+(strings?|text|integers?|ints?)\b", r"all \1", "all just", re.IGNORECASE
    ),
    # "a GitHub Actions workflow (lint -> test -> build -> push)": the CI's stages.
    _Rewrite(
        r"\(\s*(?:lint|test|tests|build|push|deploy|scan)(?:\s*(?:->|→|=>|>|,\s*then|,)\s*"
        r"(?:lint|test|tests|build|push|deploy|scan|release)){2,}\s*\)",
        "",
        ("->", "→", "=>", "then"),
        re.IGNORECASE,
    ),
    # "Please be advised that ...": a formula; "lmao", "lol": a laugh; "oh and": and.
    _Rewrite(r"\bplease\s+be\s+advised\s+(?:that\s+)?", "", "be advised", re.IGNORECASE),
    _Rewrite(
        r"\s*\b(?:lmao|lmfao|lol|rofl|haha+|hehe+)\b[.!]*",
        "",
        ("lmao", "lmfao", "lol", "rofl", "haha", "hehe"),
        re.IGNORECASE,
    ),
    _Rewrite(r"\boh\s+and\b", "and", "oh and", re.IGNORECASE),
    # "Prior to the external audit, ...": before it; "Having regard to the
    # go-live, ...": given it, the reason for what is asked.
    _Rewrite(r"\bprior\s+to\b", "before", "prior to", re.IGNORECASE),
    _Rewrite(r"\bhaving\s+regard\s+to\b", "given", "regard to", re.IGNORECASE),
    # "cache the daily specials in read is for 30 minutes": Redis, dictated.
    _Rewrite(
        r"\bin\s+(?:read|red)\s+is\b(?=\s+(?:for|with|please|pls|and|$))",
        "in redis",
        " is",
        re.IGNORECASE,
    ),
    # "Name TBD, use a placeholder", "we'll decide on a proper name at the next
    # meeting", "we haven't settled on a name yet": a new project with no name yet.
    _Rewrite(
        r"[,;.]?\s*\b(?:(?:the\s+)?name|naming|working\s+title)\s*(?:is\s+)?(?:tbd|tbc|to\s+be\s+"
        r"(?:decided|confirmed)|pending|later)\b(?:\s*,?\s*(?:use\s+a\s+placeholder|we\s+will\s+rename"
        r"(?:\s+it)?\s+later))?"
        r"|[,;.]?\s*\b(?:we(?:'ll|\s+will)?|well|i(?:'ll|\s+will)?|let's)\s+(?:decide|figure\s+out|pick|"
        r"settle\s+on|choose|come\s+up\s+with)\s+(?:on\s+)?(?:a\s+|the\s+)?(?:proper\s+|final\s+|real\s+)?"
        r"name\b[^.;!?]*"
        r"|[,;.]?\s*\b(?:we|i)\s+(?:have\s+not|haven't|did\s+not|didn't|do\s+not|don't)\s+(?:settled\s+on|"
        r"decided(?:\s+on)?|picked|chosen|got)\s+(?:a|the)\s+name(?:\s+yet)?\b[^.;!?]*"
        r"|[,;.]?\s*\buse\s+a\s+placeholder(?:\s+name)?",
        "",
        ("tbd", "tbc", "name", "placeholder", "naming"),
        re.IGNORECASE,
    ),
    # "Scaffold new FastAPI app, production layout please": how a new project is laid
    # out; "CI with lint+test gates", "a pipeline that tests the code": the CI's checks.
    _Rewrite(
        r",?\s*\b(?:(?:with|w/|in|following|using|per)\s+(?:the|a|our|your)\s+)?"
        r"(?:production|prod|standard|std|default|usual)(?:[\s-]ready)?\s+(?:folder\s+)?"
        r"(?:layout|structure)(?=\s*(?:please|pls|plz)?\s*(?:[.,;!]|$))",
        "",
        "layout",
        re.IGNORECASE,
    ),
    _Rewrite(r"\b(?:lint\s*\+\s*)?tests?\s+gates?\b", "gates", "gate", re.IGNORECASE),
    _Rewrite(
        r"\b(pipeline|workflow)\s+that\s+(?:runs\s+(?:the\s+)?)?tests?\s+(?:the\s+code|everything|it)\b",
        r"CI \1",
        "that test",
        re.IGNORECASE,
    ),
    # "DB performance hardening": tuning the database, not a security pass.
    _Rewrite(
        r"\b(?:db|database|query|perf|performance)\s+(?:performance\s+)?hardening\b",
        "database optimisation",
        "hardening",
        re.IGNORECASE,
    ),
    # "Scaffold a new FastAPI project following platform conventions": how, not a name.
    _Rewrite(
        r",?\s*\b(?:following|per|according\s+to|in\s+line\s+with)\s+(?:the\s+|our\s+)?"
        r"(?:[\w-]+\s+){0,2}?(?:conventions?|standards?|guidelines?|golden\s+paths?)\b",
        "",
        ("convention", "standard", "guideline", "golden path"),
        re.IGNORECASE,
    ),
    # "Caching requirements: - store: Redis - TTL: 30s - scope: workout_feed":
    # what is cached, as the listed scope or target.
    _Rewrite(
        r"(\bcach[^?!]{0,80}?(?:\s-|;|\n|\*|•|\.))\s*(?:scope|target|endpoints?)\s*:\s*(?=[\w/])",
        r"\1 for ",
        ("scope", "target", "endpoint"),
        re.IGNORECASE,
    ),
    # "errors are all over the place, clean up the handling": of those errors.
    _Rewrite(
        r"\b((?:errors?|exceptions?)\b[^.;?!]{0,80}?\b(?:the|its|their|our)\s+)(handling)\b",
        r"\1error \2",
        "handling",
        re.IGNORECASE,
    ),
    # "one strict, standardised error format": two adjectives of one noun.
    _Rewrite(
        r"\b(strict|consistent|single|uniform|unified|standard|clean|common),\s+"
        r"(?=(?:standardi[sz]ed|consistent|uniform|unified|strict|single|predictable)\b)",
        r"\1 ",
        ",",
        re.IGNORECASE,
    ),
    # "make it strict, i.e. no detail key", "a cache, e.g. redis": what
    # follows says the same again, as after a comma.
    _Rewrite(r"(?<![\w.])(?:i\.\s?e|e\.\s?g)\.?(?=[\s,])", ",", ".", re.IGNORECASE),
    # "write tests: auth": what the tests are for.
    _Rewrite(
        r"\b((?:write|add|generate|create|need)\s+(?:some\s+|the\s+)?tests?)\s*:\s*(?=\w)",
        r"\1 for ",
        ":",
        re.IGNORECASE,
    ),
    # "a cache in front of the leaderboard": for it.
    _Rewrite(r"\bin front of\b", "for", "front", re.IGNORECASE),
    # "..., put a redis cache in front w/ 45s ttl": in front of what was said.
    _Rewrite(r"\bin\s+front\b(?!\s+of)", "for it", "front", re.IGNORECASE),
    # "~400 queries", "~2k rps": about.
    _Rewrite(r"(?<![\w~])~(?=\d)", "about ", "~", re.IGNORECASE),
    # "a new project, call it shop backend": named.
    _Rewrite(r"\b(?:call|name)\s+it\b", "named", " it", re.IGNORECASE),
    # "crud de pedidos": for.
    _Rewrite(r"\b(crud|tests?|caching|cache)\s+de\s+(?=\w)", r"\1 for ", " de ", re.IGNORECASE),
    # "the CRUD ... and after, the tests": then.
    _Rewrite(r"\b(?:and\s+)?after\s*,", " then ", "after", re.IGNORECASE),
    _Rewrite(
        r"\b(?:and\s+)?after\s+(?=(?:make|write|add|create|do|generate|set\s+up)\b)",
        " then ",
        "after",
        re.IGNORECASE,
    ),
    # "Customer feedback: ...", "From the board meeting: ...", "QA request: ...":
    # where the request comes from, before it.
    _Rewrite(
        r"^\s*(?:from\s+(?:(?:the|a|our)\s+)?(?:(?:code|pr|pull\s+request)\s+)?review"
        r"|(?:code|pr|pull\s+request)\s+review(?:\s+(?:comment|summary|note|feedback|finding)s?)?"
        r"|review\s+(?:comment|summary|note|feedback|finding)s?|(?:non-)?blocking|suggestion"
        r"|from\s+(?:the|our|a)\s+[\w' -]{1,30}?|(?:customer|user|client)\s+"
        r"(?:feedback|complaints?|requests?)|forwarding\s+(?:a|the|an)\s+[\w' -]{1,30}?|"
        r"(?:qa|testing|feature|support|ops|product|change|pull)\s+(?:request|ask|note)|"
        r"requirement|bug(?:\s+report)?|"
        r"incident|problem|(?:user\s+)?story|description|summary)\s*:\s*(?=\S)",
        "",
        ":",
        re.IGNORECASE,
    ),
    # "instead of hand-rolling these routes, generate ...": what is done today.
    _Rewrite(r"^\s*instead\s+of\s+[^,.;:?!]{1,60},\s*(?=\S)", "", "instead", re.IGNORECASE),
    # "live order updates", "live order status updates": live updates of it.
    _Rewrite(
        r"\blive\s+([a-z]+(?:\s+status)?)\s+updates\b", r"live updates of \1", "live", re.IGNORECASE
    ),
    # "tests: orders": the tests of it.
    _Rewrite(r"^\s*tests?\s*:\s*(?=\w)", "tests for ", ":", re.IGNORECASE),
    # "Ticket #412: ...", "AUTH-12: ...": the ticket's reference.
    _Rewrite(r"^\s*(?:(?:ticket|issue|story|task|bug)\s*)?#\d+\s*[:.-]\s*", "", "#", re.IGNORECASE),
    _Rewrite(
        r"^\s*(?:(?:customer|support|internal)\s+)?(?:ticket|issue|story|task|bug|jira)\s+"
        r"(?:#?\d+|[A-Z][A-Z0-9]+-\d+)\s*[:.|;-]\s*",
        "",
        ("ticket", "issue", "story", "task", "bug", "jira"),
        re.IGNORECASE,
    ),
    # "Policy DB-07:", "API guideline ERR-1:", "Per AppSec
    # policy SEC-11, ...": the rule or list the request comes from.
    _Rewrite(
        r"^\s*(?:(?:per\s+)?(?:[\w-]+\s+){0,2}?(?:policy|guideline|standard|rfc|rule)\s+"
        r"[A-Z][A-Z0-9]*-\d+\s*[:,])\s*(?=\S)",
        "",
        ("policy", "guideline", "standard", "rfc", "rule", "Policy", "Guideline", "Standard"),
    ),
    # "SHOP-301 Coupons API — We need ...": the ticket's title, then what it asks.
    _Rewrite(
        r"^\s*[A-Z][A-Z0-9]+-\d+\s+([^\u2014\u2013:.;?!]{2,80}?)\s*(?:[\u2014\u2013;]|\s-)\s+(?=\S)",
        r"Ticket: \1. ",
        "-",
    ),
    _Rewrite(r"^\s*[A-Z][A-Z0-9]+-\d+\s*[:.|-]?\s+", "", "-", re.IGNORECASE),
    # "crud coupon code,discount_pct,expires_at": names packed by commas.
    _Rewrite(r"(?<=[A-Za-z_]),(?=[A-Za-z_])", ", ", ","),
    # "Security team flagged that ...": people, not the feature.
    _Rewrite(
        r"\b(?:security|sec|infosec|appsec|compliance)\s+(?:team|folks|guys|people)\b",
        "colleagues",
        ("team", "folks", "guys", "people"),
        re.IGNORECASE,
    ),
    # "i need api for manage the categories": to manage them.
    _Rewrite(r"\bfor\s+(manage|track|store|handle)\b", r"to \1", "for ", re.IGNORECASE),
    # "role-based access so admin and support have separate permissions": the roles.
    _Rewrite(
        r"\b(role[\s-]based\s+access(?:\s+control)?|rbac)\s+so\s+(?:that\s+)?([a-z_]+)\s+and\s+"
        r"([a-z_]+)\s+(?=(?:have|get|can|see)\b)",
        r"\1 with roles \2 and \3 so they ",
        ("role", "rbac"),
        re.IGNORECASE,
    ),
    # "containerized for the test env": where it will run, an environment like staging.
    _Rewrite(
        r"\b(for|in|on)\s+(?:the|our)\s+test\s+(?:env|environment)\b",
        r"\1 staging",
        "test",
        re.IGNORECASE,
    ),
    # "the router, the service, the repository and the schemas": a CRUD feature's parts.
    _Rewrite(
        r"\b(?:the\s+)?routers?\s*,\s*(?:the\s+|a\s+)?services?\s*,\s*(?:the\s+|a\s+)?"
        r"repositor(?:y|ies)\s*,?\s*(?:and|&|\+)\s+(?:the\s+)?schemas?\b",
        "the CRUD feature",
        "repositor",
        re.IGNORECASE,
    ),
    _Rewrite(_CRUD_LAYERS, _crud_layers, "repositor"),
    # "pwd hashing": password hashing.
    _Rewrite(r"\bpwd\b", "password", "pwd", re.IGNORECASE),
    # "can it remember the menu for like 10 minutes": cache it for that long.
    _Rewrite(
        r"\bremember\s+(?=(?:the|our|my)\s+[a-z_]+(?:\s+[a-z_]+)?\s+for\s+"
        r"(?:like\s+|about\s+|around\s+)?(?:\d|an?\b|one\b|two\b|five\b|ten\b))",
        "cache ",
        "remember",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bfor\s+(?:like|about|around|roughly)\s+(?=\d+\s*(?:s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?"
        r"|hours?)\b)",
        "for ",
        ("like", "about", "around", "roughly"),
        re.IGNORECASE,
    ),
    # "event_types: list[str]": a list, a type fastprod's fields do not take.
    _Rewrite(r"\b(\w+)\s*:\s*list\[\s*\w+\s*\]", r"\1:list", "list[", re.IGNORECASE),
    # "name, price and stock is enough for now": the list said, then that it will do.
    _Rewrite(
        r"\s+(?:is|are|will\s+be|would\s+be)\s+(?:enough|fine|sufficient)(?:\s+for\s+now)?"
        r"(?=\s*(?:[.!,;]|$))",
        "",
        ("enough", "fine", "sufficient"),
        re.IGNORECASE,
    ),
    # "let the owner and the staff log in": login, with them as its roles.
    _Rewrite(
        r"\blet\s+(?:the\s+|our\s+)?([a-z_]+)\s+and\s+(?:the\s+|our\s+)?([a-z_]+)\s+"
        r"(?:log\s*in|sign\s*in|login)\b",
        r"add login with roles \1 and \2",
        "let ",
        re.IGNORECASE,
    ),
    # "name, role, salary and start date": a field's name, not a verb.
    _Rewrite(r"\b(start|end)\s+(date|time)\b", r"\1_\2", ("start", "end"), re.IGNORECASE),
    # "with time of 45 seconds", "with a duration of 10 minutes": for how long.
    _Rewrite(
        r"\b(?:with\s+)?(?:a\s+)?(?:time|duration)\s+of\s+(?=(?:\d+|an?|one|two|three|five|ten"
        r"|fifteen|thirty)\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|s|m|h)\b)",
        "for ",
        ("time of", "duration of"),
        re.IGNORECASE,
    ),
    # "do the audit and after the security review": and then (Spanish "y después").
    _Rewrite(
        r"\band\s+after\s+(?=(?:the|a|an|put|add|make|write|run|do|review|create|cache)\b)",
        "and then ",
        "after",
        re.IGNORECASE,
    ),
    # "the test of the hole api": the whole of it.
    _Rewrite(
        r"\bthe\s+hole\s+(api|app|application|project|codebase|service|backend|thing)\b",
        r"the whole \1",
        "hole",
        re.IGNORECASE,
    ),
    # "put it in the memory of the project": its report (Spanish "memoria").
    _Rewrite(
        r"\bin\s+the\s+memory\s+of\s+(?:the|my|our)\s+(project|thesis|assignment|class)\b",
        r"in the \1 report",
        "memory of",
        re.IGNORECASE,
    ),
    # "a new gig", "for a new client": work of the person's, not a new project.
    _Rewrite(
        r"\bnew\s+(gig|client|job|contract|customer|hire|colleague|manager|boss)\b",
        r"another \1",
        "new",
        re.IGNORECASE,
    ),
    # "generate a FastAPI project with the name parking_api": a new one.
    _Rewrite(
        r"\b(generate|scaffold|bootstrap)\s+(?:a|an)\s+(fastapi\s+)?(project|app|application|api)\b",
        r"\1 a new \2\3",
        ("generate", "scaffold", "bootstrap"),
        re.IGNORECASE,
    ),
    # "our logs are only print() everywhere ...; replace this by a real structured
    # logging": what the logging recipe does with prints, adding it.
    _Rewrite(
        r"(\bprint[^?!]*?)\breplace\s+(?:this|it|them|these|those|that|the\s+prints?)\s+"
        r"(?:by|with)\s+",
        r"\1add ",
        "replace",
        re.IGNORECASE,
    ),
    # "please add what is necessary", "prepare what is needed for deploying it": it.
    _Rewrite(
        r"\b(add|prepare|do|set\s+up|put\s+in\s+place)\s+(?:what|whatever|all\s+that|everything"
        r"\s+that)\s+is\s+(?:necessary|needed|required)\b",
        r"\1 it",
        ("necessary", "needed", "required"),
        re.IGNORECASE,
    ),
    # "costing me $$": money.
    _Rewrite(r"\${2,}", "money", "$$"),
    # "optimise the access to the database": the database access (French "l'accès à").
    _Rewrite(
        r"\bthe\s+access\s+to\s+the\s+(database|db)\b", r"the \1 access", "access", re.IGNORECASE
    ),
    # "Notably the indexes": especially.
    _Rewrite(r"\bnotably\b", "especially", "otabl", re.IGNORECASE),
    # "the products are kept in a Redis cache": they are cached, in Redis.
    _Rewrite(
        r"\b(are|is|be)\s+kept\s+in\s+(?:an?\s+|the\s+)?(?:(redis|memory|in-memory)\s+)?cache\b",
        lambda m: f"{m[1]} cached" + (f" in {m[2]}" if m[2] else ""),
        "kept",
        re.IGNORECASE,
    ),
    # "cache the results of the search": the search results.
    _Rewrite(
        r"\bthe\s+results\s+of\s+the\s+([a-z_]+)\b(?!\s+(?:of|for)\b)",
        r"the \1 results",
        "results of",
        re.IGNORECASE,
    ),
    # "kept in a Redis cache during one hour": for how long (French "pendant").
    _Rewrite(
        r"\bduring\s+(?=(?:an?|one|two|three|five|ten|fifteen|thirty|half\s+an|\d+)\s*"
        r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|s|m|h|d)\b)",
        "for ",
        "during",
        re.IGNORECASE,
    ),
    # "it changes maybe once a day": how often, never how long to keep it.
    _Rewrite(
        r"\b(?:once|twice|a\s+few\s+times|\d+\s+times)\s+(?:a|an|per|every)\s+"
        r"(?:day|week|hour|minute|month|second)\b",
        "seldom",
        ("once", "twice", "times"),
        re.IGNORECASE,
    ),
    # "the same work over and over": again and again.
    _Rewrite(r"\bover\s+and\s+over(?:\s+again)?\b", "repeatedly", "over", re.IGNORECASE),
    # "After the audit, write the tests": two steps, the audit first.
    _Rewrite(
        r"\bafter\s+(?:the|an)\s+audit\s*,\s*(?=(?:please\s+)?(?:write|add|run|do|make|create"
        r"|fix|set|put|generate|optimi[sz]e|review)\b)",
        "run the audit, then ",
        "after",
        re.IGNORECASE,
    ),
    # "Following the internal audit, we need ...": when, not an audit asked.
    _Rewrite(
        r"\b(?:following|after)\s+(?:the|our|an?|last\s+week'?s?)\s+(?:internal\s+|external\s+|last\s+|"
        r"recent\s+|yearly\s+|annual\s+)?(?:audit|review|pentest|pen\s+test|incident)\b",
        "lately",
        ("following", "after"),
        re.IGNORECASE,
    ),
    # "sign users in", "put websockets in": the particle is the verb's.
    _Rewrite(
        r"\bsign\s+(users|people|them|customers|folks|drivers|staff)\s+in\b",
        r"sign in \1",
        "sign",
        re.IGNORECASE,
    ),
    _Rewrite(r"\bput\s+([\w-]+)\s+in(?![\w-])", r"add \1", "put", re.IGNORECASE),
    _Rewrite(
        r"\b(?:after\s+)?logging\s+in\b(?=\s*(?:$|[,.;!?)]|first\b|to\b|with\b))",
        "login",
        "logging in",
        re.IGNORECASE,
    ),
    # "Email from CTO: ...", "Message from the PM:": where the request comes from.
    _Rewrite(
        r"^\s*(?:e-?mail|message|msg|note|dm)\s+from\s+[\w .'-]{1,30}?\s*:\s*",
        "",
        "from",
        re.IGNORECASE,
    ),
    # "the name is student_portal": named.
    _Rewrite(
        r"\b(?:the\s+)?name\s+(?:is|will\s+be|should\s+be)\s+"
        r"(?!not\b|important\b|(?:an?\s+)?(?:str|string|text|int|integer|float|decimal"
        r"|bool|boolean|date|datetime|uuid)\b)(?=[\w'\"])",
        "named ",
        "name",
        re.IGNORECASE,
    ),
    # "vs best practices": against them, not a comparison asked about.
    _Rewrite(r"\bvs\.?\s+(?=best\s+practi)", "against ", "vs", re.IGNORECASE),
    # A review's report said around it: "give me a report first", "Just a
    # report, no fixes yet", "post the findings in #appsec".
    _Rewrite(
        r"(?:,\s*|\.\s*|\band\s+)?(?:just\s+a\s+report|report\s+only|(?:make|give\s+me)\s+(?:a\s+)?report"
        r"(?!\s+card)(?:\s+first)?|list\s+the\s+findings|post\s+the\s+findings(?:\s+in\s+#?[\w-]+)?"
        r"|attach\s+the\s+(?:score|report|findings)(?:\s+to\s+(?:this|the)\s+ticket)?)"
        r"(?:\s*,?\s*no\s+(?:fixes|changes)(?:\s+yet)?)?",
        "",
        ("report", "findings", "attach"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"[,.]?\s*\bno\s+(?:fixes|changes)\s+(?:yet|needed|please|pls)\b", "", "no ", re.IGNORECASE
    ),
    # "action item #2:", "postmortem AI:": a ticket's own labels.
    _Rewrite(
        r"\b(?:(?:postmortem|post-mortem)\s+)?(?:action\s+items?|ai)\s*#?\d*\s*:\s*",
        "",
        ":",
        re.IGNORECASE,
    ),
    # "a crud thing for tags": a CRUD.
    _Rewrite(r"\bcrud\s+thing\b", "crud", "thing", re.IGNORECASE),
    # "before cutting the 2.0 release": a version, not two sentences.
    _Rewrite(r"(?<=\d)\.(?=\d+(?:\.\d+)*\s+release)", "_", "release", re.IGNORECASE),
    # "through REST endpoints", "a RESTful API": the API.
    _Rewrite(r"\brest(?:ful)?\s+(?:endpoints|api|apis)\b", "API", "rest", re.IGNORECASE),
    # "tests around auth": tests for it.
    _Rewrite(r"\b(tests?)\s+around\s+(?=\w)", r"\1 for ", "around", re.IGNORECASE),
    # "when you get a sec": a second, not security.
    _Rewrite(
        r",?\s*\b(?:when\s+you\s+(?:get|have|find)\s+|if\s+you\s+have\s+)a\s+sec\b",
        "",
        "sec",
        re.IGNORECASE,
    ),
    # "... so the CI goes green": why the tests are wanted.
    _Rewrite(
        r"\s*\bso\s+(?:that\s+)?(?:the\s+|our\s+)?ci\s+(?:goes|turns|stays|is|gets)\s+green\b",
        "",
        "green",
        re.IGNORECASE,
    ),
    # "strict-envelope only": the strict envelope.
    _Rewrite(r"\bstrict-envelope\b", "strict envelope", "strict-", re.IGNORECASE),
    # "lgtm except errors": but the errors.
    _Rewrite(r"\blgtm\s+except\b", "but", "lgtm", re.IGNORECASE),
    # "fresh fastapi project, no name yet": unnamed.
    _Rewrite(r",?\s*(?:no|without\s+a)\s+name\s+yet\b", "", "name", re.IGNORECASE),
    # "users must refresh the page to see new build status, we want push".
    _Rewrite(r"\bwant\s+push\b(?!\s+\w)", "want push updates", "push", re.IGNORECASE),
    # "we just ship and pray": hope, not a deployment asked.
    _Rewrite(r"\bship\s+and\s+pray\b", "hope", "pray", re.IGNORECASE),
    # "optimize_db && caching": a shell's "and".
    _Rewrite(r"\s&&\s", " and ", "&&"),
    # "takes like 4 seconds", "with like a 5 min ttl": about.
    _Rewrite(
        r"\blike\s+(?=(?:\d|an?\s+(?:\d|few|couple|hundred|thousand)|one|two|three|four|five|six"
        r"|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundreds|thousands|dozens)\b)",
        "about ",
        "like",
        re.IGNORECASE,
    ),
    # "does that make sense?", "no exceptions (pun intended)": asides.
    _Rewrite(r"\b(?:does\s+)?(?:that|this|it)\s+makes?\s+sense\s*\??", "", "sense", re.IGNORECASE),
    _Rewrite(
        r",?\s*no\s+exceptions\b(?=\s*(?:\(|[.!;,]|$))\s*(?:\(pun\s+intended\))?",
        "",
        "exceptions",
        re.IGNORECASE,
    ),
    # "role for staff and for student": one list.
    _Rewrite(r"(\broles?\s+for\s+[\w-]+)\s+and\s+for\s+", r"\1 and ", "for", re.IGNORECASE),
    # "add permissions to the auth: owner, editor": the roles it knows.
    _Rewrite(
        r"\bpermissions(?=\s+(?:to|for)\s+(?:the\s+|our\s+)?(?:auth\w*|login|jwt)\s*:)",
        "roles",
        "permissions",
        re.IGNORECASE,
    ),
    # "Please set that up": set up what was said.
    _Rewrite(r"\bset\s+(that|it|this|them|those)\s+up\b", r"set up \1", "set", re.IGNORECASE),
    # "Please revert with a security review": reply with it (Indian English).
    _Rewrite(r"\brevert\s+(?:back\s+)?with\b", "reply with", "revert", re.IGNORECASE),
    # 'The CTO says "no deploy without a review"': what someone said, in quotes.
    _Rewrite(
        r"\b(says|said|told\s+us|wrote|insists)\s*[:,]?\s*\"[^\"]{1,100}\"",
        r"\1 so",
        '"',
        re.IGNORECASE,
    ),
    # "caching for the rates, refresh every 10 min": how long an entry lives.
    _Rewrite(
        r"\b(?:refresh(?:ed)?|expire[sd]?|invalidated?)\s+(?:every|after)\s+(?=\d|an?\s|half\s)",
        "for ",
        ("refresh", "expire", "invalidate"),
        re.IGNORECASE,
    ),
    # Dictation: "admin comma editor", "shop underscore backend", "t t l".
    _Rewrite(r"\s+comma\s+", ", ", "comma", re.IGNORECASE),
    _Rewrite(r"(?<=\w)\s+underscore\s+(?=\w)", "_", "underscore", re.IGNORECASE),
    _Rewrite(r"\b(?:t\s+t\s+l|j\s+w\s+t|a\s+p\s+i|c\s+r\s+u\s+d)\b", _spelled, " ", re.IGNORECASE),
    _Rewrite(r"\bfast\s+api\b", "FastAPI", "fast api", re.IGNORECASE),
    _Rewrite(
        r"\b(one|two|three|four|five|six|seven|eight|nine)\s+hundred\b",
        _hundreds,
        "hundred",
        re.IGNORECASE,
    ),
    # "a CRUD for Rechnung... sorry, invoice": the word taken back, in another
    # language or a slip, is the one right before.
    _Rewrite(r"[\w-]+\s*\.{2,}\s*(?:sorry|oops|i\s+mean)\s*[,:]?\s*", "", "..", re.IGNORECASE),
    # "PM here: the app is slow ...": who writes, before what they say.
    _Rewrite(
        r"^\s*(?:(?:new|junior|senior|solo|lead)\s+)?(?:founder|dev|developer|pm|po|cto|ceo"
        r"|engineer|student|newbie|noob|intern|junior|qa|ops|devops|sre|manager|lead)\s+here"
        r"\s*[:,.;!-]+\s*",
        "",
        "here",
        re.IGNORECASE,
    ),
    # "pls: 1) crud ... 2) tests ...": asking, then the list.
    _Rewrite(r"^\s*(?:pls|plz|please|asks?|requests?)\s*:\s*", "", ":", re.IGNORECASE),
    # A user story's role ("As a store admin I want ...", "As a team lead: audit
    # first"): who asks, not what.
    _Rewrite(
        r"(?:^|(?<=[.!?;:]\s)|(?<=\s-\s))\s*as\s+(?:a|an|the|our)\s+(?:[\w'/-]+\s+){0,4}?[\w'/-]+"
        r"(?:\s*[:,]\s*|\s+(?=(?:i|we)\s+(?:want|need|would|'d|wish|expect|require)\b))",
        "",
        "as ",
        re.IGNORECASE,
    ),
    # "Acceptance criteria: ...": the ticket's AC.
    _Rewrite(r"\bacceptance\s+criteri(?:a|on)\b", "AC", "acceptance", re.IGNORECASE),
    # "I want three things this sprint, in this order:": the list follows.
    _Rewrite(
        r"\b(?:i|we)\s+(?:want|need|would\s+like|'d\s+like)\s+(?:two|three|four|five|\d+|a\s+few)"
        r"\s+things(?:\s+(?:this|next)\s+\w+)?\s*,?\s*(?:in\s+this\s+order)?\s*:",
        ":",
        "things",
        re.IGNORECASE,
    ),
    # "tests written for the auth flow": tests for it.
    _Rewrite(
        r"\b(tests?)\s+(?:written|added|created|made|put\s+in\s+place)\s+(?=for\b)",
        r"\1 ",
        "test",
        re.IGNORECASE,
    ),
    # "every user has a role of either owner or member": the roles.
    _Rewrite(r"\b(roles?)\s+of\s+(?:either\s+)?(?=['\"]?[a-z])", r"\1: ", "role", re.IGNORECASE),
    # "logins where people are either a member or the director": the roles.
    _Rewrite(
        r"\b(?:people|users|everyone|every\s+(?:user|person)|each\s+(?:user|person)|staff)\s+"
        r"(?:are|is|can\s+be)\s+either\s+(?:an?\s+|the\s+)?([\w-]+)\s+or\s+(?:an?\s+|the\s+)?",
        r"roles: \1 or ",
        "either",
        re.IGNORECASE,
    ),
    # "CRUD for Person, plural people: first_name str, ...": the fields after the plural.
    _Rewrite(
        r"(\bplural\s+[`'\"]?[a-z]\w*[`'\"]?)\s*[:;]\s*(?=[a-z_]\w*\s*(?::\s*|\s+)"
        + _TYPE_WORDS
        + ")",
        r"\1, fields: ",
        "plural",
        re.IGNORECASE,
    ),
    # "keep the homepage in memory for 30 seconds", "keep a copy of the services page
    # in Redis": cache it there.
    _Rewrite(
        r"\bkeep(?:ing)?\s+(?:a\s+copy\s+of\s+)?(the\s+(?:[\w-]+\s+){0,3}?[\w-]+)\s+"
        r"(?=in\s+(?:memory|ram|redis|the\s+cache|a\s+cache)\b)",
        r"cache \1 ",
        "keep",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bkeep(ing)?\s+a\s+copy\s+(?=in\s+(?:memory|ram|redis)\b)",
        lambda m: "caching " if m.group(1) else "cache ",
        "keep",
        re.IGNORECASE,
    ),
    # "an AppError hierarchy", "a DomainException hierarchy": the error hierarchy.
    _Rewrite(
        r"\b`?[A-Z]\w*(?:Error|Exception)`?\s+(?=(?:class\s+)?hierarchy\b)",
        "error ",
        "hierarchy",
    ),
    # "`Shipment` needs full CRUD", "nit: Invoice needs CRUD": the resource's CRUD.
    _Rewrite(
        r"(?:^|(?<=[.:;!?]\s))\s*(?!(?:it|this|that|he|she|everyone|everybody)\b)`?([A-Za-z_]\w*)`?"
        r"\s+needs\s+(?:a\s+)?(?:full|complete|basic)?\s*crud(?!\s+(?:feature|api|endpoints?)\b)\b",
        r"crud for \1",
        "crud",
        re.IGNORECASE,
    ),
    # "with registered handlers": handlers.
    _Rewrite(r"\bregistered\s+(?=(?:exception\s+|error\s+)?handlers\b)", "", "registered"),
    # "Each bike has a name, ...", "every booking should have ...", "each
    # invoice carries a number, ...": the resource's fields.
    _Rewrite(
        r"\b(?:each|every)\s+(?!(?:one|error|request|response|exception|log|event|call|route|endpoint)\b)"
        r"([a-z_]+)\s+(?:has|have|having|should\s+have|will\s+have|needs|gets|carries|comprises"
        r"|consists\s+of|is\s+made\s+of|stores|keeps|holds|records|tracks)"
        r"\s+(?=(?:an?\s+|the\s+)?[a-z_]+(?:\s*[:,]|\s+[a-z_]+\s*[:,]|\s+and\b))",
        r"\1 with ",
        ("each", "every"),
        re.IGNORECASE,
    ),
    # "keep a list of our bikes", "keep track of appointments": records of them; not
    # of what the app does ("keep a record of every request", "keep track of errors").
    _Rewrite(
        r"\bkeep(?:ing)?\s+(?:a\s+(?:list|record|register)|track|records?)\s+of\s+"
        r"(?:(?:our|the|my|all|their|your)\s+)*((?:[a-z_]+\s+){0,2}[a-z_]+s)\b"
        r"(?=\s*(?:[.,;:?!(]|$|\s+(?:for|so|and|we|that|with|in|at|they|i)\b))",
        _kept_records,
        "keep",
        re.IGNORECASE,
    ),
    # "make a place to store our suppliers with their name and phone", "store our
    # invoices please: number, ...", "a list of our warehouses with address and
    # manager", "a place for our partners please, just ...": records of them, said
    # with what each holds.
    _Rewrite(
        r"\b(?:(?:a\s+)?place|somewhere)\s+(?:to\s+(?:store|keep|save|put)|for)\s+"
        r"(?:(?:our|the|my|all|their)\s+)*((?:[a-z_]+\s+)?[a-z_]+s)\b"
        r"(?=\s*(?:[,:;]|\s+(?:please|pls|with)\b))",
        _kept_records,
        ("place", "somewhere"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b(?:store|save|record)\s+(?:(?:our|the|my|all|their)\s+)*((?:[a-z_]+\s+)?[a-z_]+s)\b"
        r"(?=\s*(?::|\s+(?:please|pls)\s*:|\s+with\s))",
        _kept_records,
        ("store", "save", "record"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b(?:a\s+list|a\s+record|a\s+register)\s+of\s+(?:our|the|my|all)\s+([a-z_]+s)\b(?=\s+with\s)",
        _kept_records,
        "list of",
        re.IGNORECASE,
    ),
    # "our drivers need to be saved somewhere: name, ...": records of them.
    _Rewrite(
        r"\b(?:our|the|my)\s+((?:[a-z_]+\s+)?[a-z_]+s)\s+(?:need|needs|have|has)\s+to\s+be\s+"
        r"(?:saved|stored|kept|recorded)(?:\s+somewhere)?(?=\s*[:,])",
        _kept_records,
        ("saved", "stored", "kept", "recorded"),
        re.IGNORECASE,
    ),
    # "save each course with title, teacher and price": records of courses.
    _Rewrite(
        r"\b(?:store|save|keep|record)\s+each\s+([a-z_]+)\b(?=\s+with\s)",
        _kept_records,
        "each",
        re.IGNORECASE,
    ),
    # "before the acceptance test with the customer": an event, not tests to write.
    _Rewrite(
        r"\b(before|after|until|ahead\s+of|prior\s+to|for)\s+(the\s+|our\s+)?(?:customer\s+|user\s+)?"
        r"acceptance\s+test(?:s|ing)?\b",
        r"\1 \2acceptance",
        "acceptance",
        re.IGNORECASE,
    ),
    # "Please note the plural form criteria", "note that ...": what to mind.
    _Rewrite(r"\b(?:please\s+)?note\s+(?:that\s+)?(?=the\s+plural\b)", "", "note", re.IGNORECASE),
    # "users to have roles, like student, teacher and admin": the roles.
    _Rewrite(r"\b(roles?)\s*,\s*(?:like|such\s+as|e\.g\.)\s+", r"\1 like ", "role", re.IGNORECASE),
    # "The resource is component.": its name.
    _Rewrite(
        r"\bthe\s+resource\s+(?:is|will\s+be|shall\s+be|should\s+be)\s+(?:called\s+|named\s+)?",
        "add a resource called ",
        "resource",
        re.IGNORECASE,
    ),
    # "for the auth feature automated tests are written": tests for it.
    _Rewrite(
        r"\bfor\s+(the\s+(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:automated\s+|unit\s+|integration\s+)?"
        r"tests\s+(?:are|be|get|will\s+be)\s+written\b",
        r"tests for \1",
        "written",
        re.IGNORECASE,
    ),
    # "company_name -> str", "Field list:": a field and its type, the fields.
    _Rewrite(r"(?<=\w)\s*-+>\s*(?=" + _TYPE_WORDS + ")", ":", ">"),
    _Rewrite(r"\bfield\s+list\s*:", "fields:", "field list", re.IGNORECASE),
    # "The project name is not yet defined", "we haven't picked a name yet", "I don't
    # care about the name": no name given.
    _Rewrite(
        r"[,.;-]?\s*(?:the\s+)?(?:project\s+)?name\s+is\s+not\s+(?:yet\s+)?(?:defined|decided|chosen|"
        r"fixed|known|set)(?:\s+yet)?|[,.;-]?\s*(?:we|i)\s+(?:have\s+not|haven't|havent|did\s+not|"
        r"didn't|didnt)\s+(?:picked|chosen|decided\s+on|got)\s+a\s+name(?:\s+yet)?|[,.;-]?\s*(?:i|we)"
        r"\s+(?:do\s+not|don't|dont)\s+(?:care\s+about|mind)\s+(?:the\s+name|what\s+it'?s\s+called"
        r"|what\s+it\s+is\s+called)",
        "",
        ("name", "called"),
        re.IGNORECASE,
    ),
    # "Staff is also the plural": the plural named first.
    _Rewrite(
        r"\b([a-z_]+)\s+is\s+(?:also\s+)?(?:the\s+)?plural\b(?!\s+(?:of|is|form))",
        r"plural \1",
        "plural",
        re.IGNORECASE,
    ),
    # "like one staff, many staff": an example of the plural.
    _Rewrite(
        r",?\s*(?:like|about|e\.g\.|as\s+in)\s+one\s+[a-z_]+\s*,?\s*(?:and\s+)?(?:many|two|several|lots\s+of)\s+[a-z_]+",
        "",
        "one",
        re.IGNORECASE,
    ),
    # "dosage_mg (a decimal number)", "refills (number)": the types.
    _Rewrite(r"\(\s*(?:an?\s+)?decimal\s+number\s*\)", "(decimal)", "number", re.IGNORECASE),
    _Rewrite(
        r"\(\s*(?:an?\s+)?(?:whole\s+)?(?:number|integer\s+number)\s*\)",
        "(int)",
        "number",
        re.IGNORECASE,
    ),
    # "The plural is just symptoms, nothing weird": nothing more to say.
    _Rewrite(
        r",?\s*nothing\s+(?:weird|special|fancy|unusual|strange|exotic)\b",
        "",
        "nothing",
        re.IGNORECASE,
    ),
    # "every error, without exception, must use ...": an aside.
    _Rewrite(
        r",\s*(?:without\s+(?:any\s+)?exceptions?|no\s+exceptions?)\s*,",
        " ",
        "exception",
        re.IGNORECASE,
    ),
    # "; in particular, cover refunds": what the tests cover most.
    _Rewrite(
        r"\s*[;,]\s*in\s+particular\s*,?\s*(?:cover|test|check)?\s*",
        ", especially ",
        "particular",
        re.IGNORECASE,
    ),
    # "Going to prod Monday.": when, not a deployment.
    _Rewrite(
        r"\b(?:we(?:'re|\s+are)\s+)?going\s+(?:to|into)\s+(?:prod|production)\s+(?=(?:on\s+)?(?:monday|tuesday|"
        r"wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|next\s+week|this\s+week)\b)",
        "we launch ",
        "going",
        re.IGNORECASE,
    ),
    # "take them off the list": remove them.
    _Rewrite(
        r"\btake\s+(them|it)\s+off\s+(?:the\s+|our\s+)?list\b", r"remove \1", "off", re.IGNORECASE
    ),
    # "a section for our volunteers. We need to add them, see them, edit them ...": a
    # place to keep them, whose records are added and changed.
    _Rewrite(
        r"\b(?:a|an|one)\s+(?:new\s+)?(?:section|place|page|area|screen|spot|part)\s+(?:for|to\s+(?:keep|"
        r"manage|track|list)|of)\s+(?:(?:our|the|my|all|their)\s+)*([a-z_]+s)\b"
        r"(?=.*\b(?:add|edit|change|remove|delete|update|cancel)\w*\s+(?:them|those)\b)",
        r"a CRUD feature for \1",
        ("section", "place", "page", "area", "screen", "spot", "part"),
        re.IGNORECASE | re.DOTALL,
    ),
    # "..., which tells me nothing": a remark.
    _Rewrite(r",?\s*which\s+tells\s+(?:me|us)\s+nothing\b", "", "tells", re.IGNORECASE),
    # "tell the customer nicely what went wrong": explain the error.
    _Rewrite(
        r"\btell\s+(?:the\s+)?(?:customers?|users?|clients?|people)\s+(?:\w+\s+)?what\s+went\s+wrong",
        "explain what went wrong",
        "went wrong",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bexplain\s+(?:the\s+|its\s+)?(?:errors?|what\s+went\s+wrong)(?:\s+(?:properly|nicely|clearly))?",
        "give clear error messages",
        "explain",
        re.IGNORECASE,
    ),
    # "..., instead of crashing with gibberish": what happens today.
    _Rewrite(
        r",?\s*instead\s+of\s+(?:crashing|showing|spitting\s+out|dumping|throwing)\b[^.?!;]*",
        "",
        "instead",
        re.IGNORECASE,
    ),
    # "Scaffold `hr_portal`, JWT auth ..., and CRUD for `leave_request`": the project
    # first; "Spin up `notifications_api` as a new project": its name.
    _Rewrite(
        r"^\s*scaffold\s+`?([a-z][a-z0-9]*_[a-z0-9_]+)`?\s*,(?=.*\bcrud\s+for\b)",
        r"create a new project called \1,",
        "scaffold",
        re.IGNORECASE | re.DOTALL,
    ),
    _Rewrite(
        r"\b(?:spin\s+up|start|set\s+up|create)\s+`?([a-z][a-z0-9_]*)`?\s+as\s+a\s+(?:new|fresh)\s+"
        r"(?:fastapi\s+)?project\b",
        r"create a new project called \1",
        "project",
        re.IGNORECASE,
    ),
    # "Bare scaffold, nothing else.": nothing more.
    _Rewrite(
        r"[.,;]?\s*(?:a\s+)?bare\s+(?:scaffold|skeleton|bones)\s*,?\s*(?:nothing\s+else|only)?",
        ".",
        "bare",
        re.IGNORECASE,
    ),
    # "a score out of 10 or whatever": a score.
    _Rewrite(
        r"\bscore\s+out\s+of\s+\d+(?:\s+or\s+(?:whatever|something|so))?",
        "score",
        "out of",
        re.IGNORECASE,
    ),
    # "qualified yes/no": a flag.
    _Rewrite(
        r"\b(?!(?:a|an|the)\s)([a-z_][a-z0-9_]*)\s+yes\s*/\s*no\b", r"\1:bool", "yes", re.IGNORECASE
    ),
    # "street, city, postcode (all str)", "with name, title and office, all strings":
    # the type of every field listed, text by default.
    _Rewrite(
        r"(?<=[a-z0-9_])\s*(?:,\s*|\(\s*)all\s+(?:of\s+them\s+)?(?:strings?|str|short\s+text)(?![a-z])"
        r"(?:\s+fields)?\s*\)?",
        "",
        "all",
        re.IGNORECASE,
    ),
    # "create the project as plant_shop", "I'll create it as dog_walkers": its name.
    _Rewrite(
        r"\b(create|start|set\s+up|scaffold|bootstrap)\s+(?:(?:(?:the|a|your|our)\s+(?:new\s+)?"
        r"(?:fastapi\s+)?(?:app|service|repo)|it)\s+as\s+(?=[a-z][a-z0-9]*_[a-z0-9_]+\b)"
        r"|(?:the|a|your|our)\s+(?:new\s+)?(?:fastapi\s+)?project\s+as\s+(?=[a-z][a-z0-9]*_[a-z0-9_]+\b"
        r"|[a-z][a-z0-9_]*\s*(?:[,.;]|$)))",
        r"\1 a new project called ",
        " as ",
        re.IGNORECASE,
    ),
    # "Pre go-live checklist", "pre-launch tasks": before.
    _Rewrite(r"\bpre[\s-]+(?=go[\s-]?live\b|launch\b|release\b)", "before ", "pre", re.IGNORECASE),
    # "b4 we go live": before.
    _Rewrite(r"\bb4\b", "before", "b4", re.IGNORECASE),
    # Chat shorthand: "w/ roles", "w/o redis".
    _Rewrite(r"(?<![\w/])w/o(?![\w/])", "without", "w/", re.IGNORECASE),
    _Rewrite(r"(?<![\w/])w/(?![\w/])", "with ", "w/", re.IGNORECASE),
    # "crud for comments w body + post_id": a bare w before a list is "with" too.
    _Rewrite(
        r"(?<=\s)w(?=\s+[a-z][\w]*\s*[+,]|\s+[a-z][\w]*\s+(?:str|string|int|integer|float|bool|"
        r"boolean|date|datetime|text|decimal|uuid)\b)",
        "with",
        "w",
        re.IGNORECASE,
    ),
    # "tests 4 the whole api": a 4 before a determiner is "for"; so is one
    # right after a feature's word ("crud 4 order items", "tests 4 invoices").
    _Rewrite(
        r"(?<![\w.])4(?= (?:the|my|our|all|whole|entire|every|this|that|a|an|me|us)\b)"
        r"|(?:(?<=\bcrud )|(?<=\btest )|(?<=\btests )|(?<=\bcache )|(?<=\bcaching ))4(?= [a-z])",
        "for",
        "4",
        re.IGNORECASE,
    ),
    # "tests 4 orders", "crud 4 invoices": between two words it is "for";
    # "TTL 4 hours", "cache it 4 minutes" is a number of them.
    _Rewrite(r"(?<=[a-z] )4(?= (?!" + _TIME_UNITS + r")[a-z])", "for", "4", re.IGNORECASE),
    # "Pre-prod hardening. Tasks: ...": the title of the tasks listed after it.
    _Rewrite(
        r"^\s*([^.:;]{1,40}?)\.\s+(?=(?:tasks|todo|scope|items|plan|deliverables)\s*:)",
        r"Ticket: \1. ",
        ":",
        re.IGNORECASE,
    ),
    # "FEAT-208 Vehicles. Fleet team needs ...": a ticket's one-word title.
    _Rewrite(r"^\s*[A-Za-z][\w-]{0,30}\s*[.:]\s+(?=[A-Z;])", _one_word_title, (".", ":")),
)
# Applied in order, after emoji are gone.
# A tool's name made a verb: "scp'ing", "ssh'd", "curl'ed" are one word.
_VERBED = _Pattern(r"\b(\w+)'(ing|ed|d)\b")
# SQL sizes say nothing fastprod uses: "Decimal(10,2)", "varchar(20)".
_SIZED_TYPE = _Pattern(
    r"\b(decimal|numeric|varchar|char|string|str|int|integer|float)\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\)",
    re.IGNORECASE,
)
# "superadmin > admin > viewer": a ranking of roles is their list.
_RANKED = _Pattern(r"(?<=[A-Za-z])\s*>\s*(?=[A-Za-z][\w-]*(?:\s*[,>]|\s|$))")


def _each_typed(match: re.Match[str]) -> str:
    """ "title, body and slug as strings" -> "title as string, body as string and
    slug as string"."""
    kind = match.group(2)[:-1]
    parts = re.split(r"(\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+)", match.group(1))
    return "".join(part if number % 2 else f"{part} as {kind}" for number, part in enumerate(parts))


def _scenario_subject(when: str) -> str:
    """ "When the same price list is requested": the endpoint the scenario is
    about, kept for what "Then" asks of it; any other "When" is dropped."""
    asked = re.fullmatch(
        r"(?:the\s+)?(?:same\s+)?([\w\s-]{1,40}?)\s+(?:is|are|gets?)\s+"
        r"(?:requested|fetched|called|loaded|read|hit|opened)(?:\s+again)?",
        when.strip(),
        re.IGNORECASE,
    )
    return f"for the {asked.group(1)}, " if asked else ""


def _scenario(match: re.Match[str]) -> str:
    # A scenario whose "Given" or "When" holds a time or an endpoint ("Given
    # the catalogue endpoint is hit twice within 5 minutes") is read as written.
    said = match.group(0)[: match.start(1) - match.start(0)] + match.group(1)
    if re.search(
        r"\d+\s*(?:s|secs?|seconds?|mins?|minutes?|h|hours?)\b|endpoint|route|\bcache",
        said,
        re.IGNORECASE,
    ):
        return match.group(0)
    return _scenario_subject(match.group(1))


_TOPIC = _Pattern(
    r"(?P<lead>^|(?<=[.!?]\s))(?:for\s+(?:the\s+)?)?(?P<topic>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)"
    r"(?:\s+(?P<head>part|resource|module|table|section|area|endpoints?|api|feature))?\s*,\s+"
    r"(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_TOPIC_CRUD = _Pattern(
    r"\bcrud\b(?:\s+(?:is\s+)?needed\b)?(?!\s+(?:\w+\s+){0,2}?(?:for|of)\b)", re.IGNORECASE
)
_TOPIC_TESTS = _Pattern(
    r"\btests?\b(?:\s+(?:are\s+|is\s+)?needed\b)?(?:\s+for\s+(?:it|them))?(?!\s+(?:\w+\s+){0,2}?(?:for|of|on)\b)",
    re.IGNORECASE,
)
_TOPIC_CACHE = _Pattern(
    r"\bcach(?:e|ing)\b(?:\s+(?:is\s+)?needed\b|\s+(?:it|them)\b)?(?!\s+(?:\w+\s+){0,2}?(?:for|of|on)\b|\s+the\b)",
    re.IGNORECASE,
)
_TOPIC_FEATURES = _Pattern(r"\b(?:crud|tests?|cach(?:e|ing))\b", re.IGNORECASE)
# A topic that is no part of an API, or says what the sentence is.
_NOT_TOPICS = frozenset(
    {
        "please",
        "hi",
        "hello",
        "hey",
        "ok",
        "okay",
        "so",
        "also",
        "then",
        "and",
        "first",
        "next",
        "yes",
        "no",
        "well",
        "now",
        "today",
        "thanks",
        "sorry",
        "guys",
        "team",
        "folks",
        "btw",
        "anyway",
        "lol",
        "ngl",
        "honestly",
        "basically",
        "actually",
        "however",
        "finally",
    }
)


def _topic_first(sentence: str) -> str:
    """ "Appointment resource, please make CRUD.", "Bed management part, please
    make tests for it.", "Lab catalog, same request many times. Caching
    please": the topic first, then the request that leaves its object
    unsaid; the topic is that object."""
    match = _TOPIC.compiled().search(sentence)
    if match is None:
        return sentence
    topic, rest = match.group("topic"), match.group("rest")
    words = topic.lower().split()
    if words[0] in _NOT_TOPICS or any(w in _TOPIC_STOPS or w in _FEATURE_WORDS for w in words):
        return sentence
    if len(_TOPIC_FEATURES.compiled().findall(rest)) != 1:
        return sentence  # "products, tests and caching please": which one is unsaid
    for pattern, said in (
        (_TOPIC_CRUD, "crud for {}"),
        (_TOPIC_TESTS, "tests for {}"),
        (_TOPIC_CACHE, "caching for {}"),
    ):
        found = pattern.compiled().search(rest)
        if found is not None:
            rest = rest[: found.start()] + said.format(topic) + rest[found.end() :]
            return sentence[: match.start()] + rest
    return sentence


# A feature's own word opens a list of features, not a topic ("auth, crud patient, deploy").
_FEATURE_WORDS = frozenset(
    {
        "auth",
        "authentication",
        "login",
        "jwt",
        "crud",
        "cache",
        "caching",
        "test",
        "tests",
        "testing",
        "deploy",
        "deployment",
        "docker",
        "ci",
        "logging",
        "log",
        "logs",
        "error",
        "errors",
        "websocket",
        "websockets",
        "ws",
        "realtime",
        "security",
        "audit",
        "db",
        "database",
        "optimize",
        "optimise",
        "redis",
        "health",
        "score",
        "review",
        "n+1",
    }
)
# Words that make the opening no bare topic ("we need X, please ...").
_TOPIC_STOPS = frozenset(
    {
        "i",
        "we",
        "you",
        "they",
        "it",
        "my",
        "our",
        "is",
        "are",
        "was",
        "please",
        "pls",
        "can",
        "could",
        "would",
        "add",
        "make",
        "create",
        "write",
        "build",
        "need",
        "want",
        "the",
        "a",
        "an",
        "this",
        "that",
        "if",
        "when",
        "after",
        "before",
        "then",
        "with",
        "without",
        "not",
    }
)


# Hindi and Urdu words in an English request ("product ka crud bana do
# yaar", "orders module ke liye tests likh do"): read when the sentence has
# one of the markers, each mapped to its English or dropped.
_HINGLISH_MARKERS = _Pattern(
    r"\b(?:yaar|kar\s+do|kardo|chahiye|likh\s+do|bana\s+do|ke\s+liye|jaldi|bhai|nahi|hata\s+do"
    r"|dikha\s+do|laga\s+do|aur|bhi|hai|kijiye|karo|banao|likho|dijiye|chala\s+do|naya|humein|mujhe"
    r"|honge|wala|wale|wali|poori|puri|kaafi|lagao|hamesha|sirf|theek|pehle|naam|nikaal|khatam|zarurat"
    r"|shukriya|hoon|sakte|batao|hain|jaye|karke)\b",
    re.IGNORECASE,
)
_HINGLISH_ORDER = _Pattern(
    r"\b(?!(?:minutes?|seconds?|hours?|mins?|secs?)\b)"
    r"([a-z][\w-]*(?:\s+(?:module|feature|api|endpoint|endpoints|page|service))?)\s+"
    r"(?:ka|ki|ke|ke\s+liye)\s+(crud|tests?|caching|cache)\b",
    re.IGNORECASE,
)
_HINGLISH_NONE = _Pattern(
    r"\b([a-z][\w-]*(?:\s+(?:module|feature|api|service))?)\s+(?:ka|ki|ke)\s+koi\s+tests?\s+"
    r"(?:hi\s+)?nahi\s+hai\b",
    re.IGNORECASE,
)
_HINGLISH_WORDS = (
    # Urdu and Hindi greetings, moods and the story around a request.
    (r"\b(?:assalam\s+o\s+alaikum|salam)(?:\s+bhai)?\s*[,!.]?", ""),
    (r"[,.]?\s*\b(?:shukriya|allah\s+hafiz)\s*[!.]?", ""),
    (r"\byaar\s+mood\s+off\s+hai\s*,?\s*", ""),
    (
        r"\b\w+\s+din\s+se\s+bug\s+chase\s+kar\s+raha\s+hoon\s*[.,]?\s*(?:bas\s+ek\s+kaam\s+karo\s*,?)?",
        "",
    ),
    (r"\bload\s+shedding\s+ki\s+wajah\s+se\s+kaam\s+ruka\s+hua\s+tha\s*,?\s*(?:ab\s+)?", ""),
    (r"\b(?:bhai\s+)?sorry\s+late\s+reply\s+ke\s+liye\s*[.,]?\s*(?:haan\s*,?)?", ""),
    (r"\b\w+\s+ke\s+baad\s+launch\s+hai\s*,?\s*us\s+se\s+pehle\b", ""),
    (r"\boffice\s+mein\s+naya\s+hoon\s*,?\s*sir\s+ne\s+bola\b", ""),
    (r"\bkal\s+client\s+demo\s+hai\s+aur\s+boss\s+keh\s+raha\s+hai\b", ""),
    (r",?\s*\bkar\s+sakte\s+ho\s*\?", "?"),
    (r"\bkya\s+aap\b", "can you"),
    (r"\bbana\s+sakte\s+ho\b", ""),
    (r",?\s*\brefactor\s+karne\s+se\s+pehle\s+safety\s+net\s+chahiye\b", ""),
    (r",?\s*\bsab\s+endpoints\s+cover\s+hon\b", ""),
    (r",?\s*\bnaam\s+abhi\s+decide\s+nahi\s+hua\b", ""),
    (r"\bjwt\s+kya\s+hota\s+hai\b", "what is jwt"),
    (r"\b(\w+)\s+kya\s+hota\s+hai\b", r"what is \1"),
    # Removals and unsafe asks, said as Urdu verbs.
    (r"^(.+?)\s+(?:nikaal|khatam)\s+(?:kar\s+)?do\b", r"remove \1"),
    (r"\b(?:nikaal|khatam)\s+(?:kar\s+)?do\b", "remove it"),
    (r"\bki\s+zarurat\s+nahi\b", ", no need"),
    (r"\bband\s+kar\s+do\b", "disable"),
    (r"\bserver\s+pe\s+jake\s+(\w+)\s+flush\s+kar\s+do\b", r"flush \1 on the prod server"),
    (r"\b(\w+)\s+ka\s+password\s+log\s+mein\s+likh\s+do\b", r"log the \1 password"),
    (r"\b(\d+)\s+log\s+hain\b", r"\1 people"),
    (
        r"\b(\w+)\s+seekhne\s+ke\s+liye\s+koi\s+acha\s+course\s+batao\b",
        r"recommend a course to learn \1",
    ),
    (r"\b(\w+)\s+ka\s+password\s+code\s+mein\s+hardcode\s+kar\s+do\b", r"hardcode the \1 password"),
    (r"\bchal\s+raha\s+hai\b", "is running"),
    # Subject-object-verb requests: "products ko redis mein cache kar do".
    (r"\b(\d+)\s+(minutes?|seconds?|hours?|min|mins|sec|secs)\s+ke\s+liye\b", r"for \1 \2"),
    (r",?\s*\b(\d+\s+(?:minutes?|seconds?|min|mins|sec|secs))\s+kaafi\s+hai\b", r", ttl \1"),
    (
        r"^(?P<obj>[\w-]+(?:\s+[\w-]+){0,8}?)\s+cache\s+(?:kar\s+do|karo|kardo|kar\s+dijiye|kijiye)\b",
        r"cache \g<obj>",
    ),
    (r"\b(\w+)\s+ko\s+(redis|memory)\s+mein\b", r"\1 in \2"),
    (r"\b(\w+)\s+ko\b", r"\1"),
    (r"\b(\w+)\s+(?:wale|wala|wali)\s+endpoints\s+ke\s+(unit\s+)?tests\b", r"\2tests for \1"),
    (r"\b(?:poori|puri|pure)\s+(api|app)\s+(?:ke|ki|mein)\b", r"the whole \1"),
    (r"\b(?:poori|puri|pure)\s+(api|app)\b", r"the whole \1"),
    (r"\b(\w+)\s+ke\s+tests\s+(?:likh\s+do|likho|chahiye|bana\s+do)\b", r"tests for \1"),
    (r"\b(\w+)\s+ke\s+liye\s+tests\s+chahiye\b", r"tests for \1"),
    (r"\b(\w+)\s+model\s+bana\s+ke\s+crud\s+do\b", r"crud for \1"),
    (r"\b(\w+)\s+wala\s+crud\s+chahiye\b", r"crud for \1"),
    (r"\bhar\s+(\w+)\s+ka\b", r"each \1 has"),
    (r"\bjisme\s+([^.;!?]{1,80}?)\s+ho\b", r"with \1"),
    (r"\b(?:ke\s+)?naam\s+se\b", "NAMED_AFTER"),
    (r"\b(?:naam|name)\s*:", "named"),
    (r"\bbanana\s+hai\b", ""),
    (r"\bstart\s+karna\s+hai\b", ""),
    (r"\bscratch\s+se\b", "from scratch"),
    (r"\b(\w+(?:\s*,\s*\w+){0,3}\s+(?:aur|and)\s+\w+)\s+roles?\s+ke\s+saath\b", r"with roles \1"),
    (r"\b(\w+)\s+roles?\s+ke\s+saath\b", r"with roles \1"),
    (r"\broles\s+honge\b", "roles"),
    (r"\b(?:humein|hamein)\b", "we need"),
    (r"\bmujhe\b", "I need"),
    (r"\b(?:token|jwt)\s+(?:wala|wali)\s+login\b", "token login"),
    (r"\b(?:wala|wale|wali)\b", ""),
    (r"\bkoi\s+bhi\s+banda\b", "anyone can"),
    (r"\bkhol\s+leta\s+hai\s+bina\s+(\w+)\s+ke\b", r"open without \1"),
    (r"\bhaath\s+se\b", "by hand"),
    (r"\bssh\s+karke\s+hota\s+hai\b", "over ssh"),
    (r",?\s*\bkoi\s+(\w+)\s+ya\s+(\w+)\s+nahi\s+hai\b", r", no \1, no \2"),
    (r"\babhi\s+ek\s+bhi\s+nahi\s+hai\b", ", there are none yet"),
    (r"\bhamesha\b", "always"),
    (r"\bbas\s+yehi\s+teen\s+fields\b", "nothing else"),
    (r"\bkoi\s+extra\s+key\s+nahi\b", "no extra keys"),
    (r"\bsirf\b", "only"),
    (r"\btheek\s+kar\s+do\b", "fix"),
    (r"\buser\s+ko\s+ajeeb\s+500\s+page\s+na\s+dikhe\b", "no tracebacks to users"),
    (r"\bpehle\b", "first"),
    (r"\b(\w+)\s+se\s+aa\s+raha\s+hai\b", r"comes from the \1"),
    (r"\bek\s+naya\b", "a new"),
    (r"\bnaya\b", "new"),
    (r"\bek\b", "a"),
    (r"\bnaam\s+rakho\b", "named"),
    (r"\b(?:chala\s+do|chalao)\b", "run"),
    # Postpositions: "har request pe" is "on every request", "real time mein" "in real time".
    (r"\b((?:har|every)\s+\w+|real\s+time|\w+)\s+(?:pe|par)\b", r"on \1"),
    # "mein" only: "help me add" keeps its English "me".
    (r"\b((?:har|every)\s+\w+|real\s+time|\w+)\s+mein\b", r"in \1"),
    (r"\b([\w-]+(?:\s+(?:feature|module|api|service|page))?)\s+ke\s+liye\b", r"for \1"),
    (r"\bke\s+baare\s+(?:mein|me)\b", "about"),
    (r"\bpucha\s+tha\b", "asked"),
    (r"\bmaine\s+bola\b", "I said"),
    (r"\bsir\s+ne\s+bola\s+hai\b", ""),
    (r"\bbaar\s+baar\b", "again and again"),
    (r"\bkam\s+kar\s+do\b", "reduce"),
    (r"\bhata\s+do\b", "remove"),
    (r"\bdikha\s+do\b", "show"),
    (
        r"\b(?:kar\s+do|kardo|kar\s+dijiye|kijiye|karo|bana\s+do|banao|bana\s+dijiye|likh\s+do|likho"
        r"|likh\s+dijiye|laga\s+do|lagao|de\s+do)\b",
        "",
    ),
    (r"\bke\s+liye\b", "for"),
    (r"\baur\b", "and"),
    (r"\bbhi\b", "also"),
    (r"\bdono\b", "both"),
    (r"\bphir\b", "then"),
    (r"\bpoore\b", "the whole"),
    (r"\bhar\b", "every"),
    (r"\bpe\b", "on"),
    (r"\bkal\b", "yesterday"),
    (r"\b(?:yaar|jaldi|chahiye|bhai|bas|na|please\s+check\s+once|ji|hai|tha|ne)\b", ""),
)


def _hinglish(sentence: str) -> str:
    if _HINGLISH_MARKERS.compiled().search(sentence) is None:
        return sentence
    sentence = _HINGLISH_NONE.compiled().sub(r"\1 has no tests,", sentence)
    sentence = _HINGLISH_ORDER.compiled().sub(r"\2 for \1", sentence)
    sentence = _in_english(sentence, _HINGLISH_WORDS)
    # "library_api naam se": the name said before its marker.
    return re.sub(r"(['\"`]?[\w-]+['\"`]?)\s+NAMED_AFTER", r"named \1", sentence)


def _any_word(words: tuple[str, ...]) -> _Pattern:
    """A pattern for any of ``words`` said as a word of its own, in any case."""
    joined = "|".join(w.replace(" ", r"\s+") for w in words)
    return _Pattern(rf"(?<!\w)(?:{joined})(?!\w)", re.IGNORECASE)


def _language(markers: _Pattern, words: tuple[tuple[str, str], ...]) -> Callable[[str], str]:
    """A reading of another language's words in English, where one of its markers is."""

    def read(sentence: str) -> str:
        if markers.compiled().search(sentence) is None:
            return sentence
        return _in_english(sentence, words)

    return read


def _in_english(sentence: str, words: tuple[tuple[str, str], ...]) -> str:
    """``sentence`` with another language's ``words`` put in English, tidied."""
    for pattern, english in words:
        sentence = re.sub(pattern, english, sentence, flags=re.IGNORECASE)
    return re.sub(r"\s+([,.!?])(?![\w/])", r"\1", re.sub(r"\s{2,}", " ", sentence)).strip()


# "with a title, ingredients and a cooking time": the first name has its
# article, the others may or may not.
_ARTICLED_LIST = _Pattern(
    r"\b(with|have|has|having|carries|comprises|comprising|stores|keeps|holds|tracks|records)\s+"
    r"(an?\s+[a-z_]\w*(?:\s+[a-z_]\w*)?\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
    r"(?:(?:an?\s+)?[a-z_]\w*(?:\s+[a-z_]\w*)?\s*(?:,\s*(?:and\s+)?|\s+and\s+))*"
    r"(?:an?\s+)?[a-z_]\w*(?:\s+[a-z_]\w*)?)(?=\s*(?:[.,;!?)]|$))",
    re.IGNORECASE,
)
_CRUD_SAID = _Pattern(
    r"\bcrud\b|\bresources?\b|\bentit(?:y|ies)\b|\btables?\b|\brecords?\b"
    r"|\bkeep(?:ing)?\s+(?:track|(?:a\s+)?(?:list|record|register))\s+of\b"
    r"|\b(?:create|add)[,/\s-]+(?:read|view|list)[,/\s-]+(?:update|edit|change)[,/\s-]+"
    r"(?:and[-\s]+|or\s+)?(?:delete|remove)\b"
    r"|\b(?:edit|change|update)\s+and\s+(?:delete|remove)\b",
    re.IGNORECASE,
)


def _unarticled(sentence: str) -> str:
    """ "CRUD for books with an isbn, a title and an author": a field list
    whose every name has its article is the names."""

    def fields(match: re.Match[str]) -> str:
        if _CRUD_SAID.compiled().search(sentence, 0, match.start()) is None:
            return match.group(0)
        return f"{match.group(1)} " + re.sub(
            r"\b(?:an?)\s+", "", match.group(2), flags=re.IGNORECASE
        )

    return _ARTICLED_LIST.compiled().sub(fields, sentence)


# A recommendation in the passive, as audit findings write it: "It is
# recommended that tests be written for auth", "Authentication should be added
# with the roles reviewer and submitter", "In-memory caching is recommended".
_PARTICIPLES = {
    "introduced": "add",
    "added": "add",
    "implemented": "implement",
    "provided": "add",
    "written": "write",
    "performed": "run",
    "conducted": "run",
    "carried out": "run",
    "created": "create",
    "prepared": "prepare",
    "audited": "audit",
    "reviewed": "review",
    "containerised": "containerise",
    "containerized": "containerize",
    "enabled": "enable",
    "removed": "remove",
    "disabled": "disable",
    "dropped": "drop",
    "relaxed": "relax",
    "configured": "configure",
    "set up": "set up",
    "optimised": "optimise",
    "optimized": "optimize",
    "cached": "cache",
    "hashed": "hash",
    "generated": "generate",
    "scaffolded": "scaffold",
    "standardised": "standardise",
    "standardized": "standardize",
    "built": "build",
    "secured": "secure",
    "pooled": "pool",
    "indexed": "index",
    "logged": "log",
    "established": "set up",
    "suppressed": "suppress",
    "hidden": "hide",
}
_PARTICIPLE = "|".join(p.replace(" ", r"\s+") for p in _PARTICIPLES)
_RECOMMENDED_THAT = _Pattern(
    r"\b(?:it\s+is\s+(?:strongly\s+)?(?:recommended|advised|suggested|required|requested|proposed)\s+that"
    r"|(?:we|i)\s+(?:strongly\s+)?(?:recommend|request|require|suggest|advise)\s+that"
    r"|(?<=,\s)(?:then|and\s+finally|finally|and\s+then)\s+that"
    r"|(?<=\.\s)(?:then|finally)\s+that)"
    rf"\s+(?P<object>[^.;]{{1,120}}?)\s+(?:first\s+)?(?:should\s+)?(?:be|is|are)\s+(?:first\s+)?"
    rf"(?P<done>{_PARTICIPLE})\b",
    re.IGNORECASE,
)
_SHOULD_BE = _Pattern(
    r"(?:^|(?<=[.:;]\s)|(?<=,\sand\s))"
    # "I should like a new project to be created": the wish is the request.
    r"(?:(?:i|we)\s+(?:should|would)\s+like\s+|(?:i|we)\s+(?:want|need)\s+)?"
    r"(?P<object>[A-Za-z][^.;:]{0,80}?)\s+(?:should|must|shall|needs\s+to"
    r"|ought\s+to|is\s+to|are\s+to|to)\s+be\s+"
    rf"(?P<done>{_PARTICIPLE})\b",
    re.IGNORECASE,
)
_IS_RECOMMENDED = _Pattern(
    r"(?:^|(?<=[.:;]\s))(?P<object>[A-Za-z][^.;:]{0,60}?)\s+(?:is|are)\s+(?:strongly\s+)?"
    r"(?:recommended|advised|required)(?=\s*[.;]|\s*$)",
    re.IGNORECASE,
)


_AFTER_WHICH = _Pattern(r",\s*(?:after\s+which|following\s+which|whereupon)\s+", re.IGNORECASE)
# "It would be advisable for a property resource to be scaffolded with ...".
_ADVISABLE_FOR = _Pattern(
    r"\bit\s+would\s+be\s+(?:advisable|desirable|preferable|wise|helpful|beneficial)\s+for\s+"
    rf"(?P<object>[^.;]{{1,120}}?)\s+to\s+be\s+(?P<done>{_PARTICIPLE})\b",
    re.IGNORECASE,
)


def _active(sentence: str) -> str:
    def said(match: re.Match[str]) -> str:
        done = re.sub(r"\s+", " ", match.group("done").lower())
        return f"{_PARTICIPLES[done]} {match.group('object')}"

    # "..., after which JWT authentication should be added": the next step.
    sentence = _AFTER_WHICH.compiled().sub(". ", sentence)
    sentence = _ADVISABLE_FOR.compiled().sub(said, sentence)
    sentence = _RECOMMENDED_THAT.compiled().sub(said, sentence)
    sentence = _SHOULD_BE.compiled().sub(said, sentence)
    return _IS_RECOMMENDED.compiled().sub(lambda m: f"add {m.group('object')}", sentence)


# Portuguese and Spanish words in an English request ("prepara o deploy p/
# producao com docker e CI", "cachea the responses 30s em memoria"): read
# where the sentence has one of their markers.
_IBERIAN_MARKERS = _Pattern(
    r"(?:\bp/|\b(?:nao|não|producao|produção|memoria|memória|seguranca|segurança|revisao|revisão"
    r"|cachea|conexions|conexiones|conexoes|conexões|precisa|favor)\b|\bnombre\s*:)",
    re.IGNORECASE,
)
_IBERIAN_WORDS = (
    (r"\b(?:nao|não|no)\s+precisa(?:mos)?\s+(?:de\s+)?", "no need for "),
    (r"\brevis(?:ao|ão|ion|ión)\s+de\s+seguran(?:ca|ça|za)\b", "security review"),
    (r"\bp/\s*(?:(?:o|a|os|as)\s+)?", "for "),
    # "nombre: inventory_sync" names; "nombre str" is a field of that name.
    (r"\bnombre\s*:(?!\s*(?:str|string|text|int|integer)\b)", "name:"),
    (r"\bprepara\b", "prepare"),
    (r"\bprodu(?:cao|ção|ccion|cción)\b", "production"),
    (r"\bem\s+mem(?:oria|ória)\b|\ben\s+memoria\b", "in memory"),
    (r"\bcachea\b", "cache"),
    (r"\bconex(?:ions|iones|oes|ões)\b", "connections"),
    (r"\bpor\s+favor\b|\bfavor\b", "please"),
    (r"(?<![.\w])com\b(?!\.)", "with"),  # not the ".com" of an address
    (r"\b(?<=\w\s)e(?=\s+\w)\b", "and"),
    (r"\b(?<=\s)o(?=\s+deploy\b)", "the"),
)


_iberian = _language(_IBERIAN_MARKERS, _IBERIAN_WORDS)


# Brazilian Portuguese words in English ("tests pra api inteira pls", "cria
# projeto novo chamado delivery_app", "cache de 2 horas no endpoint de users",
# "audit pls, tmj"): read only where the sentence has one of these markers,
# each also a needle that opens the rewrite.
_PORTUGUESE_MARKER_WORDS = (
    "pra",
    "faz",
    "fazer",
    "faça",
    "cria",
    "criar",
    "crie",
    "adiciona",
    "coloca",
    "projeto",
    "novo",
    "chamado",
    "mesmo",
    "inteira",
    "inteiro",
    "depois",
    "horas",
    "minutos",
    "segundos",
    "nos",
    "vlw",
    "valeu",
    "tmj",
    "kkk",
    "ontem",
    "fiz",
    "qual",
    "o que é",
    "testes",
    "obrigado",
    "obrigada",
    "obg",
    "também",
    "tambem",
)
_PORTUGUESE_MARKERS = _any_word(_PORTUGUESE_MARKER_WORDS)
_PORTUGUESE_WORDS = (
    (r"(?<!\w)o\s+que\s+(?:é|e)(?!\w)", "what is"),
    (r"(?<!\w)qual\s+(?:é\s+)?a\s+diferen(?:ç|c)a\s+entre(?!\w)", "what is the difference between"),
    (r"(?<!\w)(?:projeto\s+novo|novo\s+projeto)(?!\w)", "new project"),
    (r"(?<!\w)projeto(?!\w)", "project"),
    (r"(?<!\w)novo(?!\w)", "new"),
    (r"(?<!\w)(?:faz|fazer|faça)(?!\w)", "do"),
    (r"(?<!\w)(?:cria|criar|crie)(?!\w)", "create"),
    (r"(?<!\w)(?:adiciona|coloca)(?!\w)", "add"),
    (r"(?<!\w)chamad[oa](?!\w)", "called"),
    (r"(?<!\w)(?:e\s+)?depois(?!\w)", "and then"),
    (r"(?<!\w)(\w+)\s+inteir[oa](?!\w)", r"the whole \1"),
    (r"(?<!\w)n[oa]s?\s+endpoints?\s+d[eoa]s?\s+([a-z_]\w*)", r"on the \1 endpoint"),
    (r"(?<!\w)endpoints?\s+d[eoa]s?\s+([a-z_]\w*)", r"\1 endpoint"),
    (r"(?<!\w)de\s+(?=\d)", "for "),
    (r"(?<=\d)\s*horas?(?!\w)", " hours"),
    (r"(?<=\d)\s*minutos?(?!\w)", " minutes"),
    (r"(?<=\d)\s*segundos?(?!\w)", " seconds"),
    (r"(?<!\w)n[oa]s?(?=\s+(?:endpoints?|rotas?|api|m[oó]dulos?)\b)", "on the"),
    (r"(?<!\w)n[oa]s(?!\w)", "on the"),
    (r"(?<!\w)pra(?!\w)", "for"),
    (r"(?<![.\w])com(?![.\w])", "with"),
    (r"(?<!\w)testes(?!\w)", "tests"),
    (r"(?<!\w)ontem(?!\w)", "yesterday"),
    (r"(?<!\w)fiz(?!\w)", "I did"),
    (r"(?<!\w)(?:também|tambem)(?!\w)", "too"),
    (r"(?<!\w)o(?=\s+(?:audit|deploy|security|crud|cache|logging)\b)", "the"),
    (r"(?<!\w)(?<=\w\s)e(?=\s+\w)", "and"),
    (r"(?<!\w)(?:mesmo|vlw|valeu|tmj|k{3,}|obrigad[oa]|obg)(?!\w)", ""),
)
_portuguese = _language(_PORTUGUESE_MARKERS, _PORTUGUESE_WORDS)


# Spanish words in English, as Chilean developers mix them ("necesito un crud
# de courses", "auth con roles admin, editor y viewer, en ese orden po",
# "write tests pa las invoices", "start a new fastapi project llamado
# bodega_api"): read only where the sentence has one of these markers.
_SPANISH_MARKER_WORDS = (
    "necesito",
    "necesitamos",
    "quiero",
    "queremos",
    "tenemos",
    "llamado",
    "llamada",
    "nomás",
    "nomas",
    "gracias",
    "wena",
    "altiro",
    "rapidito",
    "cacho",
    "caleta",
    "jefe",
    "cabros",
    "holi",
    "qué",
    "mañana",
    "antemano",
    "hazle",
    "hazme",
    "escribe",
    "ármame",
    "armame",
    "proyecto",
    "nuevo",
    "empezar",
    "vergüenza",
    "significa",
    "instalé",
    "volví",
    "está",
    "módulo",
    "después",
    "buenas",
    "pa la",
    "pa las",
    "pa los",
    "nada más",
    "en ese orden",
    "con roles",
    "más",
    "porfa",
    "bien",
    "en el",
    "en mi",
    "del server",
    "de prod",
)
_SPANISH_MARKERS = _Pattern(
    _any_word(_SPANISH_MARKER_WORDS).pattern + r"|(?<!\w)con\s+[a-z_]+\s*,", re.IGNORECASE
)
_SPANISH_WORDS = (
    (r",?\s*(?<!\w)en\s+(?:ese|este)\s+orden(?!\w)", ""),
    (r"(?<!\w)nada\s+m[aá]s(?!\w)", "nothing else"),
    (r"(?<!\w)(?:muchas\s+)?gracias(?:\s+de\s+antemano)?(?!\w)", "thanks"),
    (r"(?<!\w)(?:wena|wenas)(?:\s+cabros)?(?!\w)", "hi"),
    (r"(?<!\w)(?:buenas|holi)(?!\w)", "hi"),
    (r"(?<!\w)qu[eé]\s+significa(?!\w)", "what is"),
    (r"(?<!\w)qu[eé]\s+es(?!\w)", "what is"),
    (r",?\s*(?<!\w)qu[eé]\s+vergüenza(?!\w)", ""),
    (r"(?<!\w)no\s+cacho(?!\w)", "I don't know"),
    (r"(?<!\w)caleta\s+de(?!\w)", "lots of"),
    (r"(?<!\w)rec[ií]en\s+volv[ií]\s+de\s+vacaciones(?!\w)", "I just came back from vacation"),
    (r"(?<!\w)y\s+todo\s+est[aá]\s+al\s+lote(?!\w)", ""),
    (r"(?<!\w)est[aá]\s+en\s+el\s+suelo(?!\w)", "is very low"),
    (r"(?<!\w)ya\s+instal[eé](?!\w)", "I already installed"),
    (r"(?<!\w)(?:necesito|necesitamos)(?!\w)", "we need"),
    (r",?\s*(?<!\w)no\s+quiero\s+quedar\s+mal(?!\w)", ""),
    (r"(?<!\w)(?:quiero|queremos)\s+empezar(?!\w)", "I want to start"),
    (r"(?<!\w)(?:quiero|queremos)(?!\w)", "I want"),
    (r"(?<!\w)m[aá]s\s+(?:bonito|lindo|bonita|linda)(?!\w)", "nicer"),
    (r",?\s*(?<!\w)no\s+s[eé]\s+c[oó]mo(?!\w)", ""),
    (r"(?<!\w)tenemos(?!\w)", "we have"),
    (r"(?<!\w)(?:ármame|armame|hazme)(?!\w)", "make me"),
    (r"(?<!\w)hazle\s+tests\s+al\s+m[oó]dulo\s+de\s+([\w-]+)", r"write tests for the \1 module"),
    (r"(?<!\w)escribe(?:\s+unos|\s+unas)?(?!\w)", "write"),
    (r"(?<!\w)(?:un\s+)?(?:proyecto\s+nuevo|nuevo\s+proyecto)(?!\w)", "a new project"),
    (r"(?<!\w)proyecto(?!\w)", "project"),
    (r"(?<!\w)nuevo(?!\w)", "new"),
    (r"(?<!\w)(?:llamado|llamada|que\s+se\s+llame)(?!\w)", "called"),
    (r"(?<!\w)(?:un\s+)?crud\s+de(?!\w)", "a crud for"),
    (r"\s*(?<!\w)pa\s+la\s+pega(?!\w)", ""),
    (r"(?<!\w)(?:pa\s+(?:la|las|los|el)|pal)(?!\w)", "for the"),
    (r"(?<!\w)y\s+despu[eé]s(?!\w)", "and then"),
    (r"(?<!\w)(?:despu[eé]s|luego)(?!\w)", "then"),
    (r"(?<!\w)ma[nñ]ana\s+temprano(?!\w)", "tomorrow"),
    (r"(?<!\w)mañana(?!\w)", "tomorrow"),
    (r"(?<!\w)el\s+jefe(?!\w)", "the boss"),
    (r"(?<!\w)jefe(?!\w)", "boss"),
    (r"(?<!\w)con(?!\w)", "with"),
    (r"(?<=\w)\s+y\s+(?=\w)", " and "),
    (r"(?<!\w)son(?!\w)", "are"),
    (r"(?<!\w)est[aá](?!\w)", "is"),
    (r"(?<!\w)bien(?!\w)", "properly"),
    (r"(?<!\w)del(?!\w)", "of the"),
    (r"(?<!\w)en\s+(?:el|la)(?!\w)", "on the"),
    (r"(?<!\w)en\s+mi(?!\w)", "on my"),
    (r"(?<!\w)de(?!\w)", "of"),
    (r"(?<!\w)(?:nomás|nomas|po|altiro|rapidito|cabros|pues)(?!\w)", ""),
)
_spanish = _language(_SPANISH_MARKERS, _SPANISH_WORDS)


# Indonesian and Malay words in English ("tolong buatin test untuk modul
# products", "bisa tambahin auth gak? role nya cuma admin sama user aja"): read
# only where the sentence has one of these markers.
# Its markers, each also a needle that opens the rewrite.
_INDONESIAN_MARKER_WORDS = (
    "untuk",
    "buat",
    "bikin",
    "bikinin",
    "buatin",
    "buatkan",
    "tambahin",
    "tambahkan",
    "tolong",
    "juga",
    "selama",
    "hapus",
    "belum",
    "sebelum",
    "sekalian",
    "cuma",
    "aja",
    "saja",
    "nya",
    "dong",
    "gak",
    "nggak",
    "ngga",
    "yg",
    "kalau",
    "kalo",
    "biar",
    "modul",
    "pake",
    "pakai",
    "terus",
    "trus",
    "sama",
    "dengan",
    "dgn",
    "gimana",
    "apa itu",
    "baru",
    "mau",
    "pengen",
    "aku",
    "gue",
    "gw",
)
_INDONESIAN_MARKERS = _any_word(_INDONESIAN_MARKER_WORDS)
_INDONESIAN_WORDS = (
    # "bisa tambahin auth gak?", "bisa gak ...": a question's tag, no negation.
    (r"\s*\b(?:gak|nggak|ngga|ga|tidak)\b(?=(?:\s+\w+){0,2}\s*\?)", ""),
    (r"\b(?:gak|nggak|tidak)\s+boleh\s+ada\s+(\w+)\s+lain\b", r"no other \1"),
    (r"\b(\w+)\s+(?:gak|nggak|ngga|tidak)\s+usah(?:\s+dulu)?\b", r"no \1 for now"),
    (r"\bmau\s+tanya\b", ""),
    # "..., takut ke-break pas refactor": what the person fears, why they ask.
    (r",?\s*\btakut\b[^,.;!?]*", ""),
    (r"\broles?\s+(?:nya\s+)?(?:cuma|hanya)\b", "roles:"),
    (r"\bbisa\s+tolong\b", "can you please"),
    (r"\b(?:projek|proyek)\b", "project"),
    (r"\b(project|service|app|aplikasi|api)\s+(fastapi\s+)?baru\b", r"new \2\1"),
    (r"\b(?:apa\s+)?bisa\s+(?:gak|nggak|ngga|ga|tidak)\b", "can you"),
    (r"\bmohon\s+bantuannya\b|\bmohon\b", "please"),
    (r"\bdi-?(fix|optimi[sz]e|review|cek|check|test|deploy)\b", r"\1"),
    (r"\bke-(\w+)\b", r"\1"),
    (r"\bnama\s*nya\b|\bnamanya\b", "called"),
    (r"\bapa\s+itu\b", "what is"),
    (r"\bgimana\s+cara(?:nya)?\b|\bbagaimana\b|\bgimana\b", "how"),
    (r"\bsama\s+sekali\b", "at all"),
    (r"\b(?:belum|tidak|gak|nggak|ngga|ga)\s+ada\b", "there is no"),
    (r"\b(?:gak|nggak|ngga|tidak|ga)\s+usah\b|\bjangan\b", "do not"),
    (r"\bbisa\s+(?=\w+in\b|tambah|bikin|buat)", "can you "),
    (
        r"\b(?:bikinin|buatin|buatkan|dibuatkan|bikin|tambahin|tambahkan|pasangin|pasang)\b",
        "add",
    ),
    (r"\b(?:siapin|siapkan|disiapkan)\b", "prepare"),
    (r"\b(?:butuh|perlu|minta)\b", "need"),
    (r"\bcek\b", "check"),
    (r"\bfitur\b", "feature"),
    (r"\b(?:lemot|lambat)\b", "slow"),
    (r"\b(?:tapi|tetapi)\b", "but"),
    (r"\batau\b", "or"),
    (r"\b(?:udah|sudah)\b", "already"),
    (r"\bini\b", "this"),
    (r"\bpgn\b", "want"),
    (r"\b(?:hapus|buang|hilangkan)(?:in|kan)?\b", "remove"),
    (r"\b(?:untuk|buat|bwt|utk)\b", "for"),
    (r"\b(?:terus|trus|lalu|habis\s+itu|abis\s+itu)\b", "then"),
    (r"\bsama\b|\bdan\b", "and"),
    (r"\b(?:pake|pakai|pakek|menggunakan|dengan|dgn)\b", "with"),
    (r"\bselama\b", "for"),
    (r"\bjam\b", "hours"),
    (r"\bmenit\b", "minutes"),
    (r"\bdetik\b", "seconds"),
    (r"\bhari\b", "days"),
    (r"\b(?:cuma|hanya)\b", "only"),
    (r"\bmodul\b", "module"),
    (r"\bsebelum\b", "before"),
    (r"\b(?:sesudah|setelah)\b", "after"),
    (r"\b(?:biar|supaya|agar)\b", "so that"),
    (r"\b(?:kalau|kalo)\b", "if"),
    (r"\b(?:semua|semuanya)\b", "all"),
    (r"\b(?:yg|yang)\b", "that"),
    (r"\bnanti(?:\s+aja)?\b", "later"),
    (r"\b(?:aku|saya|gue|gw)\s+(?:mau|pengen|ingin)\b", "i want"),
    (r"\b(?:mau|pengen|ingin)\b", "want"),
    (r"\b(?:aku|saya|gue|gw)\b", "i"),
    (r"\btolong\b", "please"),
    (r"\bsekarang\b", "now"),
    (r"\bkadang\b", "sometimes"),
    (r"\bpersis\b", "exactly"),
    (r"\bbilang\b", "says"),
    (r"\bsatu\b", "one"),
    (r"\bdata\s*nya\b|\bdatanya\b", "the data"),
    (r"\bjarang\b", "rarely"),
    (r"\bberubah\b", "changes"),
    (r"\bjuga\b", "too"),
    (r"\b(?:gak|nggak|ngga|tidak)\b", "not"),
    (
        r"\b(?:ya|dong|deh|sih|kok|nya|aja|saja|dulu|sekalian|mas|mbak|kak|bang|pak|bu|boss|bro"
        r"|ada|di|ke|pas|takut|rapi|gampang|dikirim|ketelen|jadi|banget|bgt|nih|doang|halo|pusing)\b",
        "",
    ),
)


# Dutch words in English ("crud voor line items", "roles for admin en user"):
# read only where the sentence has one of these markers.
_DUTCH_MARKERS = _Pattern(
    r"\b(?:voor|graag|alsjeblieft|alstublieft|toevoegen|bedankt|maak|een|niet|geen|zonder)\b"
    r"|\broles?\b(?:\s+\w+){1,3}\s+en\s+\w+",
    re.IGNORECASE,
)
_DUTCH_WORDS = (
    (r"\bvoor\b", "for"),
    (r"\b(?<=\w\s)en(?=\s+\w)\b", "and"),
    (r"\bmet\b", "with"),
    (r"\b(?:graag|alsjeblieft|alstublieft)\b", "please"),
    (r"\bmaak\b", "make"),
    (r"\btoevoegen\b", "add"),
    (r"\bbedankt\b", "thanks"),
    (r"\been\b", "a"),
    (r"\bniet\b", "not"),
    (r"\bgeen\b", "no"),
    (r"\bzonder\b", "without"),
)


_dutch = _language(_DUTCH_MARKERS, _DUTCH_WORDS)


# "member na treasurer": Swahili "and" between two names; in Pidgin "roles na
# admin", "name na market_api", "coverage na 0%", it is "is", and stays.
_NA_AND = (
    r"(?<=[a-z_]\s)(?<!\broles\s)(?<!\brole\s)(?<!\bname\s)(?<!\bcoverage\s)(?<!\bit\s)"
    r"(?<!\be\s)(?<!\bdem\s)\bna(?=\s+[a-z_])\b"
)
# Swahili words in English ("roles ni landlord, tenant na caretaker", "Toa
# caching yote"): read only where the sentence has one of these markers.
_SWAHILI_MARKERS = _Pattern(
    r"\b(?:tafadhali|sawa|asante|hakuna|yote|toa|hii|ilifanya|kazi|wateja|pia|haraka|ni)\b"
    r"|" + _NA_AND,
    re.IGNORECASE,
)
_SWAHILI_WORDS = (
    (r"\bilifanya\s+kazi\b", "worked"),
    (_NA_AND, "and"),
    (r"\bni\b", ""),
    (r"\byote\b", "all"),
    (r"\btoa\b", "remove"),
    (r"\bhii\b", "this"),
    (r"\bwateja\b", "customers"),
    (r"\btafadhali\b", "please"),
    (r"\basante\b", "thanks"),
    (r"\bsawa\b", "ok"),
    (r"\bpia\b", "too"),
    (r"\bharaka\b", "quickly"),
    (r"\bhakuna\b", "no"),
)


# Sheng and Swahili phrases of a Nairobi developer's chat ("Andika tests za
# payouts", "Cache the loan_products kwa redis", "Nataka login ya JWT pamoja
# na roles za admin, teller na auditor", "Anzisha project mpya inaitwa X"),
# read before the Swahili words, where one of these markers is.
_SHENG_MARKER_WORDS = (
    "sasa",
    "niaje",
    "manze",
    "mambo",
    "poa",
    "nataka",
    "ningependa",
    "inawezekana",
    "andika",
    "tengeneza",
    "anzisha",
    "mpya",
    "inaitwa",
    "iitwe",
    "jina",
    "tunaweza",
    "tunahitaji",
    "saidia",
    "shukran",
    "pole",
    "kesho",
    "kwanza",
    "kila",
    "juu",
    "haiwezi",
    "inapiga",
    "haibadiliki",
    "ikifail",
    "wanaona",
    "tunaship",
    "nimekuwa",
    "nimechoka",
    "anataka",
    "wameuliza",
    "tayari",
    "bila",
    "pamoja",
    "hizo",
    "je",
    "kwa",
    "za",
    "anajua",
    "inafanya",
    "tunaship",
)
_SHENG_MARKERS = _any_word(_SHENG_MARKER_WORDS)
_SHENG_WORDS = (
    # Greetings, moods and who asks.
    (r"(?<!\w)(?:sasa|niaje|mambo|manze)(?:\s+(?:boss|team|fam|msee))?\s*[,!.]?", ""),
    (r"[,.]?\s*(?<!\w)(?:poa|shukran|asante)\s*[!.]?", ""),
    (r"(?<!\w)nimekuwa\s+nadebug\s+since\s+morning\s*,?", ""),
    (r",?\s*(?<!\w)nione\s+tuko\s+wapi(?!\w)", ""),
    (r"(?<!\w)ni\s+\w+day\s+na\s+nimechoka\s*,?\s*(?:but\s+)?", ""),
    (r"(?<!\w)pole\s+kwa\s+late\s+message\s*,?", ""),
    (r"(?<!\w)(?:\w+\s+)?deadline\s+imefika\s+na\s+", ""),
    (r"(?<!\w)(?:compliance|boss|client|mteja)\s+(?:wameuliza|anataka)\s*,?\s*", ""),
    (r",?\s*(?<!\w)tafadhali\s+saidia(?!\w)", ""),
    (r"(?<!\w)(?:investor\s+)?demo\s+ni\s+kesho\s*,?", ""),
    # Asking and wanting.
    (r"(?<!\w)(?:nataka|ningependa)(?!\w)", "I want"),
    (r"(?<!\w)tunahitaji(?!\w)", "we need"),
    (r"(?<!\w)je\s*,\s*tunaweza\s+pata(?!\w)", "can we get"),
    (r"(?<!\w)tunaweza\s+pata(?!\w)", "can we get"),
    (r",?\s*(?<!\w)inawezekana\s*\?", "?"),
    # Verbs and names.
    (r"(?<!\w)andika(?!\w)", "write"),
    (r"(?<!\w)tengeneza(?!\w)", "make"),
    (r"(?<!\w)anzisha\s+project\s+mpya(?:\s+ya)?(?!\w)", "start a new project"),
    (r"(?<!\w)mpya(?!\w)", "new"),
    (r"(?<!\w)(?:inaitwa|iitwe)(?!\w)", "named"),
    (r",?\s*(?<!\w)jina\s+bado\s+hatujaamua(?!\w)", ""),
    # The problem told.
    (r"(?<!\w)kitu\s+ikifail(?!\w)", "when something fails"),
    (r"(?<!\w)wanaona(?!\w)", "see"),
    (r"(?<!\w)ina-?poll(?!\w)", "is polling"),
    (r"(?<!\w)kila\s+second(?!\w)", "every second"),
    (r"(?<!\w)juu\s+server\s+haiwezi\s+ku-?push(?!\w)", "because the server cannot push"),
    (
        r"(?<!\w)tunaship\s+kwa\s+kila\s+server\s+by\s+hand(?!\w)",
        "we deploy by copying files by hand",
    ),
    (r",?\s*(?<!\w)hakuna\s+(\w+)\s+wala\s+(\w+)", r", no \1, no \2"),
    (r"(?<!\w)inapiga(?!\w)", "hits"),
    (r"(?<!\w)kila\s+request(?!\w)", "on every request"),
    (
        r"(?<!\w)na\s+data\s+haibadiliki(?:\s+for\s+hours)?(?!\w)",
        "even though the data hardly changes",
    ),
    (r"(?<!\w)hakuna\s+mtu\s+anajua\s+kama(?!\w)", "nobody knows whether"),
    (r"(?<!\w)inafanya\s+kazi(?!\w)", "works"),
    (r"(?<!\w)hakuna\s+test\s+hata\s+moja(?!\w)", "there is not a single test"),
    (r"(?<!\w)tayari\s+iko\s+running(?!\w)", "is already running"),
    (r"(?<!\w)ipite\s+bila(?!\w)", "pass without"),
    (r"(?<!\w)bila(?!\w)", "without"),
    # Order and little words.
    (r"(?<!\w)kwanza(?!\w)", "first"),
    (r",?\s*(?<!\w)hizo\s+mbili\s+tu(?!\w)", ""),
    (r"(?<!\w)pamoja\s+na(?!\w)", "with"),
    (r"(?<!\w)(?:za|ya)(?=\s+\w)", "of"),
    (r"(?<!\w)kwa(?=\s+(?:redis|memory|memcached))", "in"),
    (r"(?<!\w)kwa(?!\w)", "for"),
    (r"(?<!\w)hii(?!\w)", "this"),
)
_sheng = _language(_SHENG_MARKERS, _SHENG_WORDS)

# Nigerian Pidgin ("demo na monday", "abeg"): its "na" is "is", never Swahili's "and".
_PIDGIN_MARKERS = _Pattern(
    r"\b(?:abeg|wetin|dey|wahala|oga|sef|sharp\s+sharp|una|dem)\b", re.IGNORECASE
)


_swahili_words = _language(_SWAHILI_MARKERS, _SWAHILI_WORDS)


def _swahili(sentence: str) -> str:
    if _PIDGIN_MARKERS.compiled().search(sentence) is not None:
        return sentence
    return _swahili_words(sentence)


_indonesian = _language(_INDONESIAN_MARKERS, _INDONESIAN_WORDS)


# Vietnamese words in English ("crud cho patient", "có role admin và sale",
# "new project tên là inventory_service nhé"): read only where the sentence
# has one of these markers, each also a needle that opens the rewrite.
_VIETNAMESE_MARKER_WORDS = (
    "cho",
    "với",
    "và",
    "có",
    "tên",
    "nhé",
    "nha",
    "ạ",
    "ơi",
    "được",
    "không",
    "muốn",
    "giúp",
    "cảm ơn",
    "tạo",
    "thêm",
    "mới",
    "viết",
)
_VIETNAMESE_MARKERS = _any_word(_VIETNAMESE_MARKER_WORDS)
_VIETNAMESE_WORDS = (
    # "được không anh?": "can you?", a request's politeness.
    (r"(?<!\w)(?:có\s+)?được\s+không(?:\s+(?:anh|chị|em|ạ))?(?!\w)", ""),
    (r"(?<!\w)(?:anh|chị)\s+ơi(?!\w)", ""),
    (r"(?<!\w)em\s+muốn(?:\s+có)?(?!\w)", "I want"),
    (r"(?<!\w)(?:giúp|giùm)\s+em(?!\w)", "help me"),
    (r"(?<!\w)tên\s+là(?!\w)", "named"),
    (r"(?<!\w)cảm\s+ơn(?!\w)", "thanks"),
    (r"(?<!\w)tạo(?!\w)", "create"),
    (r"(?<!\w)thêm(?!\w)", "add"),
    (r"(?<!\w)viết(?!\w)", "write"),
    (r"(?<!\w)mới(?!\w)", "new"),
    (r"(?<!\w)cho(?=\s+\w)", "for"),
    (r"(?<!\w)với(?!\w)", "with"),
    (r"(?<!\w)(?<=\w\s)và(?=\s+\w)", "and"),
    (r"(?<!\w)có(?!\w)", "with"),
    (r"(?<!\w)không(?!\w)", "not"),
    (r"(?<!\w)(?:nhé|nha|ạ|ơi)(?!\w)", ""),
)
_vietnamese = _language(_VIETNAMESE_MARKERS, _VIETNAMESE_WORDS)


# French words in English, as Montreal developers mix them ("avec les roles
# owner pis viewer", "audit svp", "Est-ce que tu peux add CRUD", "Tu peux me
# creer un nouveau projet"): read only where the sentence has one of these
# markers, each also a needle that opens the rewrite.
_FRENCH_MARKER_WORDS = (
    "svp",
    "pis",
    "avec",
    "peux",
    "nouveau",
    "projet",
    "il nous faut",
    "même si",
    "avant qu'on",
    "j'ai",
    "gestion",
    "qu'est-ce",
    "c'est",
    "genre",
    "pr le",
    "les rôles",
    "merci",
)
_FRENCH_MARKERS = _any_word(_FRENCH_MARKER_WORDS)
_FRENCH_WORDS = (
    (r"(?<!\w)qu'est-ce\s+qu(?:'un|'une|e)(?!\w)", "what is"),
    (r"(?<!\w)est-ce\s+que\s+tu\s+peux(?!\w)", "can you"),
    (r"(?<!\w)tu\s+peux(?:\s+me)?(?!\w)", "can you"),
    (r"(?<!\w)(?:cr[ée]er|cr[ée]e)(?!\w)", "create"),
    (r"(?<!\w)(?:un\s+)?nouveau\s+projet(?!\w)", "a new project"),
    (r"(?<!\w)projet(?!\w)", "project"),
    (r"(?<!\w)appel[ée]e?(?!\w)", "called"),
    (r"(?<!\w)il\s+nous\s+faut(?!\w)", "we need"),
    (r"(?<!\w)j'ai\s+fini(?!\w)", "I finished"),
    (
        r"(?<!\w)(?:une?\s+)?gestion\s+(?:of\s+the\s+|des\s+)?(?:errors|erreurs)(?!\w)",
        "error handling",
    ),
    (r",?\s*(?:même|meme)\s+si\s+rien\s+(?:n'a|a)\s+chang[ée](?!\w)", ""),
    (r",?\s*c'est\s+lent(?:\s+en\s+maudit)?(?!\w)", ""),
    (r"(?<!\w)avant\s+qu'on\s+\w+(?!\w)", "before launch"),
    (r"(?<!\w)les\s+r[ôo]les(?!\w)", "roles"),
    (r"(?<!\w)avec(?!\w)", "with"),
    (r"(?<!\w)pr\s+le(?!\w)", "for the"),
    (
        r"(?<!\w)pis(?=\s+(?:add|then|do|write|make|create|set|optimi[sz]e|cache|deploy|audit|run)\b)",
        "and then",
    ),
    (r"(?<!\w)pis(?!\w)", "and"),
    (r"(?<!\w)(?:svp|merci|genre)(?!\w)", ""),
)
_french = _language(_FRENCH_MARKERS, _FRENCH_WORDS)


# Tagalog words in English, as Filipino developers mix them ("gawa ka ng crud
# sa employees", "i-cache mo yung search sa memory lang", "tests para sa buong
# API pls"): read only where the sentence has one of these markers, each also
# a needle that opens the rewrite. Tagalog's verb prefixes ("i-cache",
# "pa-add", "ma-check", "nag-rurun") leave the English verb they carry.
_TAGALOG_MARKER_WORDS = (
    "yung",
    "ng",
    "naman",
    "natin",
    "namin",
    "tayo",
    "tayong",
    "lang",
    "tapos",
    "gawa",
    "gawin",
    "gumawa",
    "lagyan",
    "wag",
    "huwag",
    "sana",
    "pwede",
    "kailangan",
    "gusto",
    "salamat",
    "muna",
    "walang",
    "bagong",
    "buong",
    "pangalan",
    "tawagin",
    "tanggalin",
    "alisin",
    "ipakita",
    "ayusin",
    "sige",
    "kasi",
    "lahat",
    "sulatan",
    "pakigawa",
    "sakin",
    "kahapon",
    "ngayon",
)
_TAGALOG_NEEDLES = (
    "i-",
    "pa-",
    "ma-",
    "mag-",
    "nag-",
    "naka-",
    "na may",
    "ang ",
    "sa ",
    "ulit",
    "nang",
    " at ",
    "po",
)
_TAGALOG_MARKERS = _Pattern(
    r"(?<!\w)(?:" + "|".join(_TAGALOG_MARKER_WORDS) + r")(?!\w)"
    r"|(?<![\w-])(?:i|pa|paki|ma|mag|nag|naka)-[a-z]|(?<!\w)na\s+may(?!\w)"
    r"|(?<!\w)ang\s+(?:name|pangalan)(?!\w)|(?<!\w)(?-i:sa)\s+(?-i:[a-z])|(?<!\w)ulit(?!\w)"
    r"|(?<!\w)nang(?!\w)|,\s+(?-i:at)\s+[a-z_]+\s*$"
    # "hi po!", "thank you po": its courtesy, where a sentence ends.
    r"|(?<!\w)(?-i:po)(?=\s*[!.,?]|\s*$)",
    re.IGNORECASE,
)
_TAGALOG_PLACES = r"redis|reids|memory|memcached|ram|prod|production|staging|server|windows"
_TAGALOG_WORDS = (
    # Questions, wishes and asking forms.
    (r"(?<!\w)ano\s+(?:ba\s+)?pinagkaiba\s+ng(?!\w)", "what is the difference between"),
    (r"(?<!\w)ano\s+(?:ba\s+)?(?:yung|ang)(?!\w)", "what is"),
    (r"(?<!\w)paano\s+(?:ba\s+)?", "how do I "),
    (r"(?<!\w)sino\s+(?:ba\s+)?(?:ang\s+)?gumawa\s+ng(?!\w)", "who made"),
    (r"(?<!\w)sino\s+(?:ba\s+)?", "who "),
    (r"(?<!\w)ok\s+lang\s+ba\s+kayo(?:\s+diyan)?(?!\w)", "are you ok there"),
    (r"(?<!\w)may\s+paraan\s+ba\s+para(?!\w)", "is there a way to"),
    (r"(?<!\w)(?:pwede|puwede|kaya\s+mo)\s+ba(?!\w)", "can you"),
    (r",?\s*kaya\s+ba\s*\?", ", is it possible?"),
    (r"(?<!\w)gusto\s+ko(?:\s+sana)?(?:\s+ng)?(?!\w)", "I would like"),
    (r"(?<!\w)sana(?!\w)", "I hope"),
    (r"(?<!\w)kailangan\s+pa\s+i-(\w+)\s+ng\s+(\w+)", r"\2 still have to \1"),
    (r"(?<!\w)kailangan\s+(?:namin|natin|ko)(?:\s+ng)?(?!\w)", "we need"),
    (r"(?<!\w)need\s+(?:ko|namin|natin)(?:\s+ng)?(?!\w)", "we need"),
    (r"(?<!\w)alam\s+(?:namin|natin)(?!\w)", "we know"),
    # Removals and negation.
    (r"(?<!\w)(?:tanggalin|alisin)(?:\s+mo)?(?:\s+na)?(?!\w)", "remove"),
    (r"(?<!\w)(?:wag|huwag)(?:\s+mo)?(?:\s+na)?(?:\s+natin)?(?!\w)", "do not"),
    (r",?\s*di\s+naman\s+ginagamit(?!\w)", ", it is not used"),
    (r",?\s*ok\s+na\s+(?:yan|yun)(?!\w)", ", it is fine"),
    (r"(?<!\w)walang\s+kahit\s+isang\s+tests?(?!\w)", "there is not a single test for"),
    (r"(?<!\w)wala\s+pa\s+(?:tayong|kaming)\s+tests?(?!\w)", "we have no tests yet"),
    (r"(?<!\w)hindi\s+pa\s+(?:namin|natin)\s+na-check(?!\w)", "we never checked"),
    (r"(?<!\w)(?:hindi|di)(?!\w)", "not"),
    # Statements: "tapos na" is done, "naka-run na" already running.
    (r"(?<!\w)tapos\s+na\s+(?:kami|tayo)\s+mag-(\w+)", r"we finished \1ing"),
    (r"(?<!\w)naka-run\s+na\s+(?:yung\s+)?(\w+)", r"the \1 is already running"),
    (r"(?<!\w)wala\s+nang\s+iba(?!\w)", "nothing else"),
    (r"(?<!\w)nag-migrate\s+na\s+(?:kami|tayo)(?!\w)", "we migrated"),
    (r"(?<!\w)galit\s+na\s+si\s+(\w+)", r"the \1 is angry"),
    (r"(?<!\w)pagod\s+na\s+ako(?!\w)", "I am tired"),
    # The problem told: "lumalabas yung traceback", "kinocompute from scratch".
    (r"(?<!\w)pag\s+may(?!\w)", "when there is"),
    (r"(?<!\w)kung\s+may(?!\w)", "whether there are"),
    (r"(?<!\w)lumalabas(?!\w)", "shows up"),
    (
        r"(?<!\w)pare-pareho(?:\s+lang)?(?:\s+naman)?\s+yung\s+sagot\s+ng\s+API(?!\w)",
        "the API gives the same response every time",
    ),
    (r"(?<!\w)pare-pareho(?:\s+lang)?(?:\s+naman)?(?!\w)", "the same"),
    (r"(?<!\w)lagi\s+pa\s+rin\s+kinocompute(?!\w)", "it is still recomputed"),
    (r"(?<!\w)ang\s+(?:bagal|tagal)\s+ng(?!\w)", "so slow are the"),
    (r"(?<!\w)ang\s+(?:bagal|tagal)(?!\w)", "so slow"),
    (r"(?<!\w)ang\s+daming(?!\w)", "so many"),
    # Names: "project na payroll_api ang pangalan", "tawagin mo na lang na X".
    (r"(?<!\w)na\s+([\w-]+)\s+ang\s+(?:pangalan|name)(?!\w)", r"named \1"),
    (r"(?<!\w)([\w-]+)\s+ang\s+(?:pangalan|name)(?!\w)", r"named \1"),
    (r"(?<!\w)tawagin\s+mo(?:\s+na)?(?:\s+lang)?\s+na(?!\w)", "call it"),
    (r"(?<!\w)pangalan(?!\w)", "name"),
    (r"(?<=project|service)\s+na(?=\s+[\w-]+)", " named"),
    (r"(?<=\bapp)\s+na(?=\s+[\w-]+)", " named"),
    # Verbs: "lagyan ng X yung Y" is "add X to the Y".
    (r"(?<!\w)lagyan\s+(?:mo\s+)?ng\s+(.+?)\s+yung(?!\w)", r"add \1 to the"),
    (r"(?<!\w)lagyan\s+(?:mo\s+)?ng(?!\w)", "add"),
    (r"(?<!\w)sulatan\s+mo\s+ng\s+tests?\s+(?:yung|ang)(?!\w)", "write tests for the"),
    (r"(?<!\w)(?:gawa\s+ka|gumawa|gawin\s+mo)\s+ng(?!\w)", "make"),
    (r"(?<!\w)gawin\s+mong(?!\w)", "make"),
    (r"(?<!\w)gawa\s+ng(?!\w)", "make"),
    (r"(?<!\w)(?:pakigawa|paki-gawa|pa-gawa)(?:\s+ng)?(?!\w)", "please make"),
    (r"(?<!\w)ipakita\s+mo\s+sakin(?!\w)", "show me"),
    (r"(?<!\w)(?:yung\s+)?laman\s+ng(?!\w)", "the contents of"),
    (r"(?<!\w)gumamit\s+nito(?!\w)", "using this"),
    (r"(?<!\w)ayusin(?!\w)", "fix"),
    (r"(?<!\w)ipakita(?:\s+mo)?(?!\w)", "show"),
    (r"(?<!\w)para\s+makita(?!\w)", "to see"),
    (r"(?<!\w)para\s+dito(?!\w)", "for this"),
    (r"(?<!\w)pagandahin(?:\s+mo)?(?!\w)", "make nicer"),
    (r"(?<!\w)pabilisin(?:\s+mo)?(?!\w)", "speed up"),
    (r"(?<!\w)gumanda(?!\w)", "looks nicer"),
    (r"(?<!\w)bumilis(?!\w)", "gets faster"),
    (r"(?<!\w)mabilis(?!\w)", "fast"),
    (r"(?<!\w)madali(?!\w)", "easy"),
    (r"(?<!\w)kahit\s+anong(?!\w)", "any"),
    (r"(?<!\w)basta(?!\w)", "as long as it is"),
    (r"(?<!\w)talaga(?!\w)", "really"),
    (r"(?<!\w)diretso(?!\w)", "straight"),
    (r"(?<!\w)(\w+)\s+mo\s+(?:na|muna|nga)(?!\w)", r"\1"),
    (r"(?<!\w)add\s+(?:ka|tayo)\s+ng(?!\w)", "add"),
    (r"(?<!\w)start\s+tayo\s+ng(?!\w)", "start a"),
    (r"(?<![\w-])(?:pa|paki)-(\w+)(?:\s+naman)?(?:\s+ng)?(?!\w)", r"please \1"),
    (r"(?<![\w-])nag-([a-z]{1,2})(\1[a-z]+)(?:\s+ng)?(?!\w)", r"\2s"),
    (r"(?<![\w-])(?:mag|ma)-([a-z]{1,2})(\1[a-z]+)", r"\2"),
    (r"(?<![\w-])(?:i|nag|mag|ma)-(\w+)", r"\1"),
    (r"(?<!\w)bago\s+tayo(?!\w)", "before we"),
    # Little words.
    (r"(?<!\w)tests?\s+(?:yung|ang)(?!\w)", "tests for the"),
    (r"(?<!\w)para\s+sa(?!\w)", "for"),
    (r"(?<!\w)sa\s+(?=(?:" + _TAGALOG_PLACES + r")\b)", "in "),
    (r"(?<!\w)sa(?!\w)", "for"),
    (r"(?<!\w)para(?!\w)", "so that"),
    (r"(?<=\bcrud)\s+ng(?!\w)", " for"),
    (r"(?<=\btests)\s+ng(?!\w)", " of"),
    (r"(?<!\w)na\s+may(?!\w)", "with"),
    (r"(?<!\w)dapat\s+(.+?)\s+may(?!\w)", r"\1 must have"),
    (r"(?<!\w)may(?!\w)", "with"),
    (r"(?<!\w)dapat(?!\w)", "must be"),
    (r"(?<=\w)\s+yung\s+(api|app|service|code)(?=\s*[?.!]?\s*$)", r" in the \1"),
    (r"(?<!\w)(?:yung|ung|ang)(?!\w)", "the"),
    (r"(?<!\w)tapos(?!\w)", "then"),
    (r"(?<=[\w,])\s+at\s+(?!(?:the|least|once|all|night|\d)\b)(?=\w)", " and "),
    (r"(?<!\w)(?:bagong|bago)(?!\w)", "new"),
    (r"(?<!\w)buong(?!\w)", "whole"),
    (r"(?<!\w)lahat(?:\s+ng)?(?!\w)", "all"),
    (r"(?<!\w)kasi(?!\w)", "because"),
    (r"(?<!\w)pero(?!\w)", "but"),
    (r"(?<!\w)kung(?!\w)", "if"),
    (r"(?<!\w)ngayon(?!\w)", "now"),
    (r"(?<!\w)kahapon(?!\w)", "yesterday"),
    (r"(?<!\w)bukas(?!\w)", "tomorrow"),
    (r"(?<!\w)ay(?!\w)", "is"),
    (r"(?<!\w)salamat(?!\w)", "thanks"),
    (r"(?<!\w)sige(?:\s+sige)?(?!\w)", "ok"),
    (r"(?<!\w)(?:din|rin)(?!\w)", "too"),
    (r"(?<!\w)muna(?!\w)", "first"),
    (r"(?<!\w)ulit(?!\w)", "again"),
    (r"(?<!\w)ng(?!\w)", "of"),
    (r"(?<!\w)(?:tayo|kami)(?!\w)", "we"),
    (r"(?<!\w)(\w+)\s+ko(?!\w)", r"my \1"),
    (r"(?<!\w)(?:po|naman|lang|na|mo|ka|ba|nga|ha|si|namin|natin|pre|boss|uy|grabe)(?!\w)", ""),
    (r"(?<!\w)(?:hehe|huhu|haha|hahaha)(?!\w)", ""),
)
_tagalog = _language(_TAGALOG_MARKERS, _TAGALOG_WORDS)


# Hungarian words in English, as a Budapest developer mixes them ("json logs +
# corr id, köszi", "nincs endpoint to manage rooms", "bootstrap új fastapi
# projekt"): read only where the sentence has one of these markers.
_HUNGARIAN_MARKER_WORDS = (
    "köszi",
    "kösz",
    "köszönöm",
    "szia",
    "sziasztok",
    "nincs",
    "új",
    "főnök",
    "kérlek",
    "légyszi",
    "semmi",
    "na jó",
    "szabadság",
    "lassú",
    "szörnyű",
    "csúnya",
    "működik",
    "írd",
    "csináld",
    "hétvége",
    "hétfő",
    "kedd",
    "szerda",
    "csütörtök",
    "péntek",
    "holnap",
)
_HUNGARIAN_MARKERS = _any_word(_HUNGARIAN_MARKER_WORDS)
_HUNGARIAN_WORDS = (
    (r"(?<!\w)köszi\s+előre(?!\w)", "thanks in advance"),
    (r"(?<!\w)(?:köszi|kösz|köszönöm)(?!\w)", "thanks"),
    (r"(?<!\w)(?:szia|sziasztok)(?!\w)", "hi"),
    (r"(?<!\w)hosszú\s+nap\s+volt\s*[.!]?", ""),
    (r"(?<!\w)(?:kérlek|légyszi)(?!\w)", "please"),
    (r"(?<!\w)nincs(?!\w)", "there is no"),
    (r"(?<!\w)új(?!\w)", "new"),
    (r"(?<!\w)projekt(?!\w)", "project"),
    (r"(?<!\w)a\s+főnök|(?<!\w)főnök(?!\w)", "the boss"),
    (r"(?<!\w)semmi\s+más(?!\w)", "nothing else"),
    (r"(?<!\w)na\s+jó(?!\w)", "ok"),
    (r"(?<!\w)szabadság(?!\w)", "vacation"),
    (r"(?<!\w)működik(?!\w)", "it works"),
    (r"(?<!\w)írd\s+meg(?!\w)", "write them"),
    (r",?\s*(?<!\w)csináld\s+meg(?!\w)", ", please"),
    (r"(?<!\w)(?:a\s+)?hétvége(?!\w)", "the weekend"),
    (r"(?<!\w)hétfő(?!\w)", "monday"),
    (r"(?<!\w)kedd(?!\w)", "tuesday"),
    (r"(?<!\w)szerda(?!\w)", "wednesday"),
    (r"(?<!\w)csütörtök(?!\w)", "thursday"),
    (r"(?<!\w)péntek(?!\w)", "friday"),
    (r"(?<!\w)holnap(?!\w)", "tomorrow"),
    # A mood said after the request: "slow", "terrible", "ugly".
    (r"(?<!\w)lassú(?!\w)", "slow"),
    (r",?\s*(?<!\w)(?:szörnyű|csúnya)(?!\w)", ""),
)
_hungarian = _language(_HUNGARIAN_MARKERS, _HUNGARIAN_WORDS)


# Ukrainian and Russian words in English, as developers in Kyiv or Kraków
# mix them ("crud для clinic: name, city", "тести для billing pls", "хочу
# in-memory cache ..., чи реально?"): read where a word is written in Cyrillic.
_CYRILLIC_MARKERS = _Pattern(r"[\u0400-\u04ff]")
_CYRILLIC_NEEDLES = (*map(chr, range(0x430, 0x460)), "\u0491")
_CYRILLIC_WORDS = (
    (
        r",?\s*(?<!\w)(?:чи\s+реально|це\s+реально|реально|можливо|возможно)\s*\?",
        ", is it possible?",
    ),
    (r"(?<!\w)день\s+(?:довгий|длинный)\s*[,.!]?", ""),
    (r"(?<!\w)(?:будь\s+ласка|пожалуйста|прошу)(?!\w)", "please"),
    (r"(?<!\w)(?:дякую|спасибі|спасибо|дякс)(?!\w)", "thanks"),
    (r"(?<!\w)(?:привіт|привет)(?!\w)", "hi"),
    (r"(?<!\w)(?:хочу|хочемо|хотим)(?!\w)", "I want"),
    (r"(?<!\w)(?:треба|потрібно|нужно|надо)(?!\w)", "we need"),
    (r"(?<!\w)(?:зроби|зробіть|сделай|сделайте)(?!\w)", "make"),
    (r"(?<!\w)(?:додай|додайте|добавь|добавьте)(?!\w)", "add"),
    (r"(?<!\w)(?:новий|новый|нові|новые)(?!\w)", "new"),
    (r"(?<!\w)(?:проєкт|проект)(?!\w)", "project"),
    (r"(?<!\w)(?:тести|тесты)(?!\w)", "tests"),
    (r"(?<!\w)для(?!\w)", "for"),
    (r"(?<!\w)(?:\u0456|и|та)(?!\w)", "and"),
)
_cyrillic = _language(_CYRILLIC_MARKERS, _CYRILLIC_WORDS)


# Singlish around English ("add jwt auth to the api lah", "can score it?",
# "got zero tests for the vouchers module", "slow until cannot"): its
# particles and turns, read only where one of its markers is.
_SINGLISH_MARKER_WORDS = (
    "lah",
    "leh",
    "lor",
    "sia",
    "aiyo",
    "aiyoh",
    "haiz",
    "sian",
    "walao",
    "hor",
    "meh",
    "liao",
    "can or not",
    "until cannot",
    "thanks ah",
    "pray pray",
)
_SINGLISH_MARKERS = _Pattern(
    _any_word(_SINGLISH_MARKER_WORDS).pattern + r"|[a-z_],\s*got\s+[a-z_]+\s*,", re.IGNORECASE
)
_SINGLISH_WORDS = (
    (r"(?<!\w)(?:weekend|today|tonight)\s+also\s+must\s+work\s+sia\s*,?", ""),
    (r",?\s*(?<!\w)(?:very\s+)?sian(?!\w)", ""),
    (r"(?<!\w)(?:aiyo|aiyoh|haiz|walao)(?:\s+so\s+stressed)?\s*,?", ""),
    (r",?\s*(?<!\w)every\s+change\s+also\s+pray\s+pray(?!\w)", ""),
    (r",?\s*(?<!\w)then\s+i\s+go\s+makan(?!\w)", ""),
    (r"(?<!\w)until\s+cannot(?!\w)", "very much"),
    (r",?\s*can\s+or\s+not\s*\?", ", is it possible?"),
    (r"(?<!\w)damn\s+(?=slow|lag)", ""),
    (r"(?<!\w)got\s+(zero|no)\s+tests?(?!\w)", r"\1 tests"),
    (r"(?<!\w)got\s+any\s+way\s+to(?!\w)", "is there a way to"),
    (r"(?<=[a-z_])\s*,\s*got\s+(?=[a-z_]+\s*,)", " with "),
    (r"(?<!\w)(\w+)\s+got\s+(\d+|two|three|four)\s+roles?\s*:", r"\1 with roles:"),
    (r"(?<!\w)(?:thanks|thx)\s+ah(?!\w)", "thanks"),
    (r",?\s*(?<!\w)(?:lah|leh|lor|sia|hor|meh|liao|ah)(?=\s*(?:[.,!?]|$))", ""),
    (r"(?<!\w)(?:lah|leh|lor)(?!\w)", ""),
)
_singlish = _language(_SINGLISH_MARKERS, _SINGLISH_WORDS)


# Moroccan Darija (in Latin letters and digits) and French in English, as a
# Casablanca developer mixes them ("Bghina CRUD l suppliers", "Zid auth JWT,
# mn b3d tests dyalha", "Cache l endpoint dyal exchange_rates f redis"): read
# only where the sentence has one of these markers.
_DARIJA_MARKER_WORDS = (
    "dyal",
    "dyalha",
    "dyalna",
    "bghit",
    "bghina",
    "bghi",
    "zid",
    "kteb",
    "khassna",
    "3afak",
    "bzaf",
    "safi",
    "jdid",
    "smito",
    "smiya",
    "m3a",
    "daba",
    "khoya",
    "yallah",
    "hamdoullah",
    "labas",
    "wach",
    "t9der",
    "bach",
    "3la",
    "lina",
    "lia",
    "kamla",
    "kamlin",
    "7ta",
    "3ndo",
    "3ndna",
    "fih",
    "kafyin",
    "walo",
    "ghda",
    "9bel",
    "7ayed",
    "khlli",
    "wa7ed",
    "khddam",
    "kifach",
    "optimizi",
    "désactivi",
    "rebooti",
    "vidi",
    "redémarri",
    "supprimi",
    "mn b3d",
    "f lkher",
    "l had",
    "crée",
    "d'abord",
    "ensuite",
    "matdir",
    "désolé",
    "je veux que",
    "champs",
)
_DARIJA_MARKERS = _Pattern(
    _any_word(_DARIJA_MARKER_WORDS).pattern
    # "Redis cache l products": "l" alone ("w" alone is also English's "with").
    + r"|(?<![\w/])(?-i:l)\s+(?-i:[a-z_]{3,})",
    re.IGNORECASE,
)
_DARIJA_WORDS = (
    # Asking, wanting and thanking.
    (r"(?<!\w)d[ée]sol[ée]\s+pour\s+le\s+d[ée]rangement\s*,?\s*(?:mais\s+)?", ""),
    (r"(?<!\w)merci\s+d'avance(?!\w)", "thanks"),
    (r",?\s*(?<!\w)c'est\s+pour\s+[^.;!?]*", ""),
    (
        r"(?<!\w)je\s+veux\s+que\s+toutes\s+les\s+erreurs\s+renvoient(?!\w)",
        "I want every error to return",
    ),
    (r",?\s*(?<!\w)sans\s+exception(?!\w)", ""),
    (r"(?<!\w)affiche(?!\w)", "show"),
    (
        r"(?<!\w)la\s+cha[iî]ne\s+de\s+connexion(?:\s+de\s+la\s+base\s+de\s+donn[ée]es)?(?!\w)",
        "the connection string",
    ),
    (r"(?<!\w)matdir\s+walo(?!\w)", "do not do anything"),
    (r"(?<!\w)matdir(?!\w)", "do not do"),
    (r"(?<!\w)ma\s+tbdel(?!\w)", "do not change"),
    (r"^\s*wach\s+(\w+)\s+khasso\s+bzaf\s+d(?!\w)", r"does \1 need a lot of"),
    (r"(?<!\w)kaydouzo(?!\w)", "pass"),
    (r"(?<!\w)l'(\w+)\s+dyalna(?!\w)", r"our \1"),
    (r"(?<!\w)kayst3mel(?!\w)", "uses"),
    (r"(?<!\w)ydkhol\s+l(?!\w)", "into"),
    (r"(?<!\w)squelette(?!\w)", "skeleton"),
    (r"(?<!\w)men\s+zero(?!\w)", "from scratch"),
    (r"(?<!\w)(?:projet|project)\s+jdid(?!\w)", "new project"),
    (r"(?<!\w)zid\s+fih(?!\w)", "add"),
    (r"(?<!\w)tdir(?!\w)", "do"),
    (r"(?<!\w)entit[ée](?!\w)", "entity"),
    (r",?\s*(?<!\w)w\s+safi(?!\w)", ""),
    (r"(?<!\w)wach\s+t9der(?:\s+t(?=\w))?", "can you "),
    (r"(?<!\w)wach\s+possible(?!\w)", "is it possible to"),
    (r"(?<!\w)(?:kan\s+)?bghit\s+n3rf(?!\w)", "I want to know"),
    (r"(?<!\w)(?:kan\s+bghi|bghit|bghina|bghi)(?!\w)", "I want"),
    (r"(?<!\w)khassna(?!\w)", "we need"),
    (r"(?<!\w)merci\s+bzaf(?:\s+khoya)?(?!\w)", "thanks"),
    (r",?\s*(?<!\w)(?:3afak|khoya|yallah|hamdoullah|labas|safi|kafyin)(?!\w)", ""),
    (r"(?<!\w)salam(?!\w)", "hi"),
    # Verbs, in Darija or French with a Darija ending.
    (r"(?<!\w)dir\s+(?:lina|lia)(?!\w)", "make"),
    (r"(?<!\w)(?:zid|tzid|tzido|ajoute|n'ajoutiw)(?!\w)", "add"),
    (r"(?<!\w)kteb(?!\w)", "write"),
    (r"(?<!\w)dir(?!\w)", "do"),
    (r"(?<!\w)tchouf(?!\w)", "check"),
    (r"(?<!\w)(?:crée(?:-moi)?|t?créé)(?!\w)", "create"),
    (r"(?<!\w)optimizi(?!\w)", "optimize"),
    (r"(?<!\w)(?:7ayed|supprimi)(?!\w)", "remove"),
    (r"(?<!\w)désactivi(?!\w)", "disable"),
    (r"(?<!\w)rebooti(?!\w)", "reboot"),
    (r"(?<!\w)vidi(?!\w)", "flush"),
    (r"(?<!\w)redémarri(?!\w)", "restart"),
    (r"(?<!\w)n?(?:déployiw|deployiw)(?!\w)", "deploy"),
    (r"(?<!\w)khlli\s+ay\s+wa7ed(?!\w)", "let anyone"),
    (r"(?<!\w)ay\s+wa7ed(?!\w)", "anyone"),
    (r"(?<!\w)déjà\s+khddam(?!\w)", "already running"),
    (r"(?<!\w)kifach\s+kaykhdem(?!\w)", "how does work"),
    # What is there and what is not.
    (r"(?<!\w)ma\s+3ndna\s+7ta\s+tests?(?!\w)", "we have no tests"),
    (r"(?<!\w)makayn\s+(?:hta|7ta)\s+(\w+)", r"there is no \1"),
    (r"(?<!\w)bla\s+(\w+)(?:\s+bla\s+walo)?", r"without \1"),
    # Names, order and time.
    (r"(?<!\w)(?:smito|smiya)(?:\s*:)?", "named"),
    (r"(?<!\w)jdid(?!\w)", "new"),
    (r"(?<!\w)mn\s+b3d(?!\w)", "then"),
    (r"(?<!\w)f\s+lkher(?!\w)", "finally"),
    (r",?\s*(?<!\w)b\s+had\s+l'ordre(?!\w)", ""),
    (r"(?<!\w)l'api\s+kamla(?!\w)", "the whole API"),
    (r"(?<!\w)(?:kamla|kamel|kamlin)(?!\w)", "whole"),
    (r"(?<!\w)daba(?!\w)", "now"),
    (r"(?<!\w)ghda(?!\w)", "tomorrow"),
    (r"(?<!\w)9bel(?!\w)", "before"),
    # Little words.
    (r"(?<!\w)dyalha(?!\w)", "for it"),
    (r"(?<!\w)dyalna(?!\w)", "ours"),
    (r"(?<!\w)dyal(?!\w)", "of"),
    (r"(?<!\w)m3a(?!\w)", "with"),
    (r"(?<!\w)fih(?!\w)", "with"),
    (r"(?<!\w)bach(?!\w)", "so that"),
    (r"(?<!\w)3la(?!\w)", "on"),
    (r"(?<!\w)l\s+had(?!\w)", "for this"),
    (r"(?<!\w)had(?!\w)", "this"),
    (r"(?<!\w)(?:lina|lia)(?!\w)", "for us"),
    (r"(?<!\w)f(?=\s+\w)", "in"),
    (r"(?<!\w)b(?=\s+\w)", "with"),
    (r"(?<!\w)l(?=\s+\w)", "for"),
    (r"(?<!\w)w(?=\s+\w)", "and"),
    # French beside it.
    (r"(?<!\w)la\s+base\s+de\s+donn[ée]es(?!\w)", "the database"),
    (r"(?<!\w)(?:les\s+)?r[ée]ponses(?!\w)", "the responses"),
    (r"(?<!\w)en\s+temps\s+r[ée]el(?!\w)", "in real time"),
    (r"(?<!\w)logging\s+structur[ée](?!\w)", "structured logging"),
    (r"(?<!\w)(?:des\s+)?tests\s+unitaires(?!\w)", "unit tests"),
    (r"(?<!\w)(?:des\s+)?tests\s+d'int[ée]gration(?!\w)", "integration tests"),
    (r"(?<!\w)d'abord(?!\w)", "first"),
    (r"(?<!\w)ensuite(?!\w)", "then"),
    (r"(?<!\w)exactement(?!\w)", "exactly"),
    (r"(?<!\w)champs(?!\w)", "fields"),
    (r"(?<!\w)la\s+m[ée]moire(?!\w)", "memory"),
    (r"(?<!\w)secondes(?!\w)", "seconds"),
    (r"(?<!\w)propre(?!\w)", "proper"),
    (r"(?<!\w)pour\s+que(?!\w)", "so that"),
    (r"(?<!\w)pour(?!\w)", "for"),
    (r"(?<!\w)l'(?=\w)", "the "),
    (r"(?<!\w)(?:les|le|la)(?!\w)", "the"),
    (r"(?<!\w)(?:un|une)(?!\w)", "a"),
)
_darija = _language(_DARIJA_MARKERS, _DARIJA_WORDS)


# Greek in English, in Latin letters (greeklish) or in Greek script, as an
# Athens developer mixes it ("crud gia product: sku str", "cache ta products
# se redis me ttl 300", "grapse tests gia to auth", and the same in Greek letters):
# read only where the sentence has one of these markers.
_GREEK_MARKER_WORDS = (
    "gia",
    "kai",
    "thelw",
    "thelo",
    "ithela",
    "mporeis",
    "mporoume",
    "ginetai",
    "grapse",
    "ftiakse",
    "kane",
    "kainourio",
    "onoma",
    "vasi",
    "vasis",
    "argei",
    "xwris",
    "pelatis",
    "prin",
    "einai",
    "exoume",
    "kanena",
    "otan",
    "skaei",
    "tipota",
    "gyrnaei",
    "epistrefoun",
    "kalimera",
    "kalispera",
    "kalinixta",
    "paidia",
    "xreiazomai",
    "efxaristw",
    "eipe",
    "telika",
    "trexei",
    "vgike",
    "vgale",
    "ta leme",
    "yia sou",
    "sto",
    "sta",
    "neo project",
)
_GREEK_MARKERS = _Pattern(
    _any_word(_GREEK_MARKER_WORDS).pattern
    + r"|[\u0370-\u03ff\u1f00-\u1fff]|(?<!\w)(?-i:se)\s+(?:redis|memory|memcached)\b",
    re.IGNORECASE,
)
_GREEK_WORDS = (
    # Greek script first, into greeklish.
    (r"(?<!\w)\u03b8\u03ad\u03bb\u03c9(?!\w)", "thelw"),
    (r"(?<!\w)\u03b3\u03b9\u03b1(?!\w)", "gia"),
    (r"(?<!\w)\u03bc\u03b5(?!\w)", "me"),
    (r"(?<!\w)\u03ba\u03b1\u03b9(?!\w)", "kai"),
    (r"(?<!\w)\u03c1\u03b5\s+\u03c6\u03af\u03bb\u03b5\s*,?", ""),
    (r"(?<!\w)\u03b5\u03af\u03bc\u03b1\u03b9\s+\u03c0\u03c4\u03ce\u03bc\u03b1\s*,?", ""),
    (
        r"(?<!\w)\u03bf\s+\u03c0\u03b5\u03bb\u03ac\u03c4\u03b7\u03c2\s+\u03c0\u03b9\u03ad\u03b6\u03b5\u03b9\s*:?",
        "",
    ),
    (r"(?<!\w)\u03c3\u03ae\u03bc\u03b5\u03c1\u03b1(?!\w)", "today"),
    # Greetings, moods and asides.
    (r"(?<!\w)paraskevi(?!\w)", "friday"),
    (r"(?<!\w)deftera(?!\w)", "monday"),
    (r"(?<!\w)ginetai\s+me(?!\w)", "is done with"),
    (r"(?<!\w)den\s+exoume\s+(\w+)\s+oute\s+(\w+)", r"we have no \1 and no \2"),
    (r"(?<!\w)(?:kalimera|kalispera|yia\s+sou)(?:\s+(?:paidia|[A-Z]\w*))?\s*[!,.]?", ""),
    (r"[,.]?\s*(?<!\w)(?:kalinixta|ta\s+leme|efxaristw)\s*[!.]?", ""),
    (r"(?<!\w)meta\s+apo\s+\d+\s+wres\s+debugging\s*,?", ""),
    (r"(?<!\w)kafes\s+sto\s+xeri\s*,?\s*(?:pame\s*:)?", ""),
    (r",?\s*(?<!\w)sorry\s+gia\s+to\s+late\s+message\s*:?", ""),
    (r"(?<!\w)o\s+cto\s+eipe\s+prin\s+to\s+demo\s+na\s+kanoume(?!\w)", "before the demo,"),
    (r",?\s*(?<!\w)den\s+me\s+noiazei\s+to\s+onoma(?!\w)", ""),
    (r",?\s*(?<!\w)gia\s+na\s+vriskoume\s+[^,.;!?]*", ""),
    (r",?\s*(?<!\w)kathe\s+release\s+kati\s+spaei\s+ekei(?!\w)", ""),
    # Asking and wanting.
    (r"(?<!\w)tha\s+ithela(?!\w)", "I would like"),
    (r"(?<!\w)(?:thelw|thelo)(?!\w)", "I want"),
    (r"(?<!\w)xreiazomai(?!\w)", "I need"),
    (r",?\s*(?<!\w)(?:mporeis|ginetai)\s*\?", "?"),
    (r"(?<!\w)mporoume\s+na\s+kanoume(?!\w)", "can we do"),
    (r"(?<!\w)ti\s+einai(?!\w)", "what is"),
    (r"(?<!\w)telika(?!\w)", ""),
    # Verbs.
    (r"(?<!\w)grapse(?:\s+ta)?(?!\w)", "write"),
    (r"(?<!\w)vale(?!\w)", "add"),
    (r"(?<!\w)vgale(?!\w)", "remove"),
    (r"(?<!\w)(?:ftiakse|kane)\s+ta\s+consistent(?!\w)", "make them consistent"),
    (r"(?<!\w)(?:ftiakse|kane)(?!\w)", "make"),
    (r"(?<!\w)pare\s+backup(?!\w)", "back up"),
    (r"(?<!\w)trexei\s+idi(?!\w)", "is already running"),
    (r"(?<!\w)vgike(?!\w)", "was released"),
    # What is wrong.
    (r"(?<!\w)h\s+vasi\s+argei(?!\w)", "the database is slow"),
    (r"(?<!\w)den\s+exoume\s+kanena\s+tests?(?!\w)", "we have no tests"),
    (r"(?<!\w)otan\s+skaei\s+kati(?!\w)", "when something breaks"),
    (r"(?<!\w)o\s+client\s+pairnei(?!\w)", "the client gets"),
    (r"(?<!\w)o\s+pelatis\s+thelei\s+na\s+vlepei(?!\w)", "the client wants to see"),
    (r"(?<!\w)xwris(?!\w)", "without"),
    (r"(?<!\w)pou\s+na\s+gyrnaei\s+panta(?!\w)", "that always returns"),
    (r"(?<!\w)epistrefoun\s+allo\s+format\s+apo(?!\w)", "return another format than"),
    (r"(?<!\w)tipota\s+(?:parapanw|allo)(?!\w)", "nothing else"),
    (r"(?<!\w)to\s+coverage\s+einai(?!\w)", "coverage is"),
    (r"(?<!\w)(?:einai)(?!\w)", "is"),
    # Names and things.
    (r"(?<!\w)(?:neo|kainourio)\s+project(?!\w)", "new project"),
    (r"(?<!\w)ena\s+kainourio(?!\w)", "a new"),
    (r"(?<!\w)onoma\s*:", "name:"),
    (r"(?<!\w)(?:ti\s+|tin\s+)?vasis?(?!\w)", "the database"),
    (r"(?<!\w)olo\s+to\s+api(?!\w)", "the whole api"),
    (r"(?<!\w)olo\s+to(?!\w)", "the whole"),
    (r"(?<!\w)prin(?!\w)", "before"),
    # Little words.
    (r"(?<!\w)meta(?!\w)", "then"),
    (r"(?<!\w)gia(?!\w)", "for"),
    (r"(?<!\w)kai(?!\w)", "and"),
    (
        r"(?<!\w)me(?=\s+(?:ttl|fields?|fileds|roles?|roels|name|correlation|request|strict|\w+_\w+))",
        "with",
    ),
    (r"(?<!\w)(?:se|sto|sta|stin|ston)(?!\w)", "in"),
    (
        r"(?<!\w)(?:to|ta|ti|tin|tis|tou|ton)(?=\s+\w)"
        r"(?!\s+(?:stop|make|add|be|see|get|have|do|run|keep|avoid|show|use|know|go)\b)",
        "the",
    ),
)
_greek = _language(_GREEK_MARKERS, _GREEK_WORDS)

# "with these fields: 1) title, 2) code, 3) credits": a numbered list that a
# fields word opens is the fields, not one command per number.
_NUMBERED_FIELDS = _Pattern(
    r"\b(?:fields?|columns?|attributes?|properties)(?:\s+are)?\s*:?\s*1[.)]\s+", re.IGNORECASE
)


def _numbered_fields(sentence: str) -> str:
    opened = _NUMBERED_FIELDS.compiled().search(sentence)
    if opened is None:
        return sentence
    head = re.sub(r"\s*1[.)]\s+$", " ", sentence[: opened.end()])
    rest = re.sub(r"\s*[,;]?\s*(?:and\s+)?\d{1,2}[.)]\s+", ", ", sentence[opened.end() :])
    return head + rest


# The tracker fields a request keeps ("| name=GeoFence", "| ttl=60"); the
# others ("| labels=backend", "| prio=P3") mark the ticket and are dropped.
_TRACKER_KEPT = frozenset(
    {"name", "store", "ttl", "feature", "roles", "fields", "strict", "resource"}
)


def _tracker_field(match: re.Match[str]) -> str:
    key, value = match.group(1).lower(), match.group(2).strip()
    return f" {key}={value}" if key in _TRACKER_KEPT else ""


def _whole(read: Callable[[str], str], needle: str | tuple[str, ...]) -> _Rewrite:
    """A rewrite of the whole sentence by ``read``, tried when a needle is in it."""
    return _Rewrite(_Pattern(r"(?s).+"), lambda match: read(match.group(0)), needle)


_REWRITES: tuple[_Rewrite, ...] = (
    # "1. Add JWT auth with admin and player roles 2. Create CRUD for item":
    # a numbered item starts a new request.
    _Rewrite(r"(?<=[a-z])\s+\d{1,2}[.)]\s+(?=[A-Z])", ". ", "."),
    # "plan: Literal['free', 'pro']": a field of fixed strings is a string.
    _Rewrite(r"\bLiteral\s*\[[^\]]*\]", "str", "literal["),
    # Pydantic's constrained types name the type they constrain: "EmailStr",
    # "HttpUrl", "PositiveInt", "constr(max_length=120)".
    _Rewrite(
        r"\b(?:EmailStr|HttpUrl|AnyUrl|AnyHttpUrl|SecretStr|constr\([^)]*\))",
        "str",
        ("emailstr", "url", "secretstr", "constr("),
    ),
    _Rewrite(
        r"\b(?:PositiveInt|NonNegativeInt|conint\([^)]*\))",
        "int",
        ("positiveint", "nonnegativeint", "conint("),
    ),
    # Java's types, as a Java developer writes fields: "weight (BigDecimal)",
    # "shippedOn: LocalDate", "createdAt (Instant)".
    _Rewrite(r"\bBigDecimal\b", "decimal", "bigdecimal"),
    _Rewrite(
        r"\b(?:LocalDateTime|OffsetDateTime|ZonedDateTime)\b|(?<=[(:]\s)Instant\b|(?<=\()Instant\b",
        "datetime",
        ("datetime", "instant"),
    ),
    _Rewrite(r"\bLocalDate\b", "date", "localdate"),
    # "the Contract domain object", "the Order aggregate root", "the Vendor
    # aggregate": a domain-driven designer's words for an entity.
    _Rewrite(
        r"\b(?:aggregate\s+root|domain\s+(?:object|entity|model)|value\s+object|business\s+object)\b",
        "entity",
        ("aggregate", "domain", "object"),
    ),
    _Rewrite(r"\b([A-Z][a-z]\w*)\s+aggregate\b", r"\1 entity", "aggregate"),
    _Rewrite(
        r"(?<=[(:]\s)(?:Long|Integer)\b|(?<=\()(?:Long|Integer)\b", "int", ("long", "integer")
    ),
    _Rewrite(r"(?<=[(:]\s)Double\b|(?<=\()Double\b", "float", "double"),
    # "Dear Tom,", "Hi Daniel,", "Good morning Ms Okafor,": a greeting to a
    # person by name opens a message and asks for nothing.
    _Rewrite(
        r"(?:^|(?<=[.;!?]\s))(?i:dear|hi|hello|hey|hiya|bonjour|salut|hola|hallo|ciao|morning"
        r"|good\s+(?:morning|afternoon|evening))"
        r"\s+(?:(?:(?i:mr|mrs|ms|miss|dr|prof|anh|chi|em|san)\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
        r"|(?i:contractor|supplier|vendor|developer|engineer|consultant|helper|team|all|everyone"
        r"|sir(?:\s+or\s+madam)?|madam|folks)s?)\s*(?:[,!:]|\s-+\s)",
        " ",
        (
            "dear",
            "hi ",
            "hiya",
            "hello",
            "hey",
            "morning",
            "good",
            "bonjour",
            "salut",
            "hola",
            "hallo",
            "ciao",
        ),
    ),
    # "following our meeting on Tuesday,", "further to my email,": what the
    # message follows on from.
    _Rewrite(
        r"\b(?:following(?:\s+up\s+on|\s+on\s+from)?|further\s+to|after|as\s+per|per|as\s+agreed\s+(?:in|at))"
        r"\s+(?:our|my|your|the|yesterday's|today's|this\s+morning's|last\s+week's|[a-z]+day's)"
        r"\s+(?:[\w-]+\s+)?(?:meeting|call|chat|conversation|discussion|e-?mail|message|stand-?up|sync)"
        r"(?:\s+(?:on\s+\w+|yesterday|today|last\s+week|this\s+morning|earlier))?\s*[,:]",
        " ",
        (
            "meeting",
            "call",
            "chat",
            "conversation",
            "discussion",
            "mail",
            "message",
            "stand",
            "sync",
        ),
        re.IGNORECASE,
    ),
    # "crud gia product: sku str": Greek (greeklish or Greek script), in English.
    _whole(_greek, (*_GREEK_MARKER_WORDS, "se redis", "se memory", *map(chr, range(0x3B1, 0x3CA)))),
    # "Bghina CRUD l suppliers": Moroccan Darija and French words, in English.
    _whole(_darija, (*_DARIJA_MARKER_WORDS, " l ")),
    # "add jwt auth to the api lah": Singlish particles and turns.
    _whole(_singlish, (*_SINGLISH_MARKER_WORDS, ", got ")),
    # "auth con roles admin, editor y viewer": Spanish words, in English.
    _whole(_spanish, (*_SPANISH_MARKER_WORDS, "con ")),
    # "тести для billing pls": Ukrainian and Russian words, in English.
    _whole(_cyrillic, _CYRILLIC_NEEDLES),
    # "json logs + corr id, köszi": Hungarian words, in English.
    _whole(_hungarian, _HUNGARIAN_MARKER_WORDS),
    # "gawa ka ng crud sa employees": Tagalog words, in English.
    _whole(_tagalog, (*_TAGALOG_MARKER_WORDS, *_TAGALOG_NEEDLES)),
    # "the database-optimisation", "a WebSocket-connection", "the
    # student-resource": a compound written with a hyphen, as German joins
    # its nouns, is the two words.
    _Rewrite(
        r"\b([a-z]\w*)-(?=(?:optimi[sz]ations?|configurations?|connections?|resources?|audits?"
        r"|administration|management|setup|handling|support|reviews?|analysis|quality)\b)",
        r"\1 ",
        (
            "ation",
            "onnection",
            "resource",
            "audit",
            "setup",
            "handling",
            "support",
            "review",
            "analysis",
            "management",
            "quality",
        ),
        re.IGNORECASE,
    ),
    # "I don't want that you touch the logging", "we want that you add tests":
    # the German "wollen, dass du ..." is "want you to ...".
    _Rewrite(
        r"\b(wants?|wish)\s+that\s+(you|someone|somebody|anyone|fastprod)\s+(?!to\b)([a-z]+)\b",
        r"\1 \2 to \3",
        "that",
        re.IGNORECASE,
    ),
    # "a new project called demand_api scaffolded so that ...": how it is
    # wanted, after its name.
    _Rewrite(
        r"\b((?:called|named)\s+[\w-]+)\s+(?:scaffolded|created|generated|bootstrapped"
        r"|initiali[sz]ed|set\s+up|made|built|started)\b",
        r"\1",
        ("called", "named"),
        re.IGNORECASE,
    ),
    # "Given a user with valid credentials, When they log in, Then they get a
    # JWT": a behaviour scenario; what follows "Then" is what is wanted.
    _Rewrite(
        r"(?:^|(?<=[.;:!?]\s))given\s+[^,.;]{1,100},?\s+when\s+([^,.;]{1,100}?),?\s+then\s+",
        _scenario,
        "given",
        re.IGNORECASE,
    ),
    # "... must not trigger a separate database query": one query per item, the N+1.
    _Rewrite(
        r"\bmust\s+not\s+(?:trigger|run|issue|fire|cause|make|need)\s+(?:an?\s+)?"
        r"(?:separate|extra|additional|new|own)\s+(?:database\s+|db\s+|sql\s+)?quer(?:y|ies)\b",
        "must be fixed for n+1 queries",
        "must",
        re.IGNORECASE,
    ),
    # "an in-memory cache that is valid for 2 minutes": how long it lives.
    _Rewrite(
        r"\b(?:that\s+is\s+|which\s+is\s+|and\s+is\s+)?valid\s+for(?=\s+(?:\d+|an?|one|two|three|five|ten)\b)",
        "for",
        "valid",
        re.IGNORECASE,
    ),
    # "... that I can put in the steering committee slides", "... without
    # reading every file": what the person will do with it, or spare.
    _Rewrite(
        r"\s+that\s+(?:i|we)\s+can\s+(?:put|show|present|share|send|paste|include|forward)\b[^.;!?]*"
        r"|,?\s+without\s+(?:me\s+|us\s+)?(?:having\s+to\s+)?(?:reading|opening|checking|going\s+through"
        r"|looking\s+at)\s+[^.;!?]*",
        "",
        ("can", "without"),
        re.IGNORECASE,
    ),
    # "can you open cors to allow all origins?": opening CORS up is asked, not
    # open CORS found by a review.
    _Rewrite(
        r"\bopen\s+(?:up\s+)?(?:the\s+)?cors(?=\s+(?:to\s+(?:allow|accept|everyone|all)|for\b|so\b|up\b))",
        "enable cors",
        "cors",
        re.IGNORECASE,
    ),
    _whole(
        _unarticled,
        (
            *("with a", "with an", "have a", "have an", "has a", "has an", "carries a"),
            *("comprises a", "stores a", "keeps a", "holds a", "tracks a", "records a", "having a"),
            *("comprising a", "comprising an"),
        ),
    ),
    # "..., I want coverage above 80%": how much the tests asked should cover.
    _Rewrite(
        r",\s*(?:(?:i|we)\s+(?:want|need|would\s+like|expect)\s+|with\s+|aiming\s+(?:for|at)\s+"
        r"|targeting\s+)?(?:a\s+)?(?:test\s+)?coverage\s+(?:above|over|of\s+at\s+least|at\s+least"
        r"|>=?|of)\s*\d+\s*%",
        "",
        "coverage",
        re.IGNORECASE,
    ),
    # "write tests for the program as a whole": the application.
    _Rewrite(r"\bthe\s+program(?=\s+as\s+a\s+whole\b)", "the api", "program", re.IGNORECASE),
    # "It is recommended that tests be written for auth": the request, active.
    _whole(
        _active,
        (
            "recommend",
            "advise",
            "suggest",
            "require",
            "request",
            "should be",
            "must be",
            "shall be",
            "to be",
            "proposed",
            "which",
        ),
    ),
    # "Finding SEC-02 (Medium):", "Observation OPS-4:": a finding's label.
    _Rewrite(
        r"(?:^|(?<=[.;]\s))(?:finding|observation|issue|recommendation)\s+[A-Z]+-\d+\s*"
        r"(?:\((?:low|medium|high|critical|info(?:rmational)?)\))?\s*:\s*",
        "",
        ("finding", "observation", "issue", "recommendation"),
        re.IGNORECASE,
    ),
    # "Role separation is absent", "add role permission": roles, with no name.
    _Rewrite(
        r"\brole\s+(?:separation|model|permissions?|hierarchy)\b", "roles", "role", re.IGNORECASE
    ),
    # "hash password and jwt token": password hashing.
    _Rewrite(
        r"\bhash(?:ing)?\s+(?:the\s+|user\s+)?passwords?\b",
        "password hashing",
        "hash",
        re.IGNORECASE,
    ),
    # Chinese English: "field have name, age", "role have admin, seller",
    # "roles is admin and normal_user", "have admin, teacher, student three role".
    _Rewrite(r"\bfields?\s+(?:have|has)\b", "with fields", "field", re.IGNORECASE),
    _Rewrite(r"\broles?\s+(?:have|has|is)\b", "with roles", "role", re.IGNORECASE),
    _Rewrite(
        r"\b(?:have|has)\s+((?:[a-z_]+\s*,\s*)+[a-z_]+)\s+(?:two|three|four|five|\d)\s+roles?\b",
        r"with roles \1",
        "role",
        re.IGNORECASE,
    ),
    # "add, change and delete cakes on the site": where, the whole application.
    _Rewrite(
        r"\s+(?:on|in|through)\s+(?:the|our|my)\s+(?:shop\s+)?(?:web\s*site|site)\b",
        "",
        "site",
        re.IGNORECASE,
    ),
    # "Tests are, in my experience, the most neglected part": an aside.
    _Rewrite(r",\s*in\s+my\s+(?:experience|opinion|view)\s*,", "", "in my", re.IGNORECASE),
    # "tests pra api inteira pls": Brazilian Portuguese words, in English.
    _whole(_portuguese, _PORTUGUESE_MARKER_WORDS),
    # "prepara o deploy p/ producao com docker e CI": Portuguese and Spanish words.
    _whole(
        _iberian,
        (
            "p/",
            "nao",
            "não",
            "produ",
            "mem",
            "segur",
            "revis",
            "nombre",
            "cachea",
            "conex",
            "favor",
            "precisa",
        ),
    ),
    # "when everyone logs in for day shift": people signing in, not logging.
    _Rewrite(
        r"\b(everyone|everybody|users?|staff|nurses|people|they|he|she|customers|doctors)\s+"
        r"(?:logs?|logged)\s+(in|on)\b",
        r"\1 signs \2",
        "log",
        re.IGNORECASE,
    ),
    # "roles are just admin and user": the roles.
    _Rewrite(r"\b(roles?\s+(?:are|is|:))\s+(?:just|only|simply)\b", r"\1", "role", re.IGNORECASE),
    # "cache endpoint dashboard in memory": the endpoint named after its word.
    _Rewrite(
        r"\b(cache|caching\s+for)\s+(?:the\s+)?endpoint\s+([a-z_]\w*)\b",
        r"\1 the \2 endpoint",
        "endpoint",
        re.IGNORECASE,
    ),
    # "... for me anh", "... sir": an honorific closing the request.
    _Rewrite(
        r",?\s+(?:anh|chi|sir|madam)(?=\s*[.!?]*\s*$)",
        "",
        ("anh", "chi", "sir", "madam"),
        re.IGNORECASE,
    ),
    # "a new FastAPI project entitled ledger_api": named.
    _Rewrite(r"\bentitled\b", "named", "entitled", re.IGNORECASE),
    # "thnaks", "thansk": thanks.
    _Rewrite(
        r"\b(?:thnaks|thansk|thaks|thnx|tanks)\b",
        "thanks",
        ("thnaks", "thansk", "thaks", "thnx", "tanks"),
        re.IGNORECASE,
    ),
    # "We have already the caching with Redis": Italian order, "already have".
    _Rewrite(r"\b(we|i)\s+have\s+already\b", r"\1 already have", "already", re.IGNORECASE),
    # "payroll from their logged hours": hours recorded, not logging.
    _Rewrite(
        r"\blogged\s+(hours|time|shifts|kilometres|kilometers|miles)\b",
        r"recorded \1",
        "logged",
        re.IGNORECASE,
    ),
    # "..., it works well": how what is there does.
    _Rewrite(
        r",?\s*(?:and\s+)?(?:it|that|this|they)\s+(?:works|work|worked|is\s+working|runs)\s+"
        r"(?:well|fine|great|ok|okay)\b",
        "",
        ("works", "work", "worked", "working", "runs"),
        re.IGNORECASE,
    ),
    # "tolong buatin test untuk modul products": Indonesian words, in English.
    _whole(_indonesian, _INDONESIAN_MARKER_WORDS),
    # "Andika tests za payouts": Sheng and Swahili phrases, in English.
    _whole(_sheng, _SHENG_MARKER_WORDS),
    # "Add auth, roles ni landlord, tenant na caretaker": Swahili words, in English.
    _whole(
        _swahili,
        (
            "tafadhali",
            "sawa",
            "asante",
            "hakuna",
            "yote",
            "toa",
            "hii",
            "kazi",
            "wateja",
            " ni ",
            " na ",
        ),
    ),
    # "audit svp", "avec les roles owner pis viewer": French words, in English.
    _whole(_french, _FRENCH_MARKER_WORDS),
    # "crud cho patient (name, dob)": Vietnamese words, in English.
    _whole(_vietnamese, _VIETNAMESE_MARKER_WORDS),
    # "crud voor line items": Dutch words, in English.
    _whole(_dutch, ("voor", "graag", "alsjeblieft", "alstublieft", "toevoegen", " en ", "bedankt")),
    # "product ka crud bana do yaar": Hindi and Urdu words, in English.
    _whole(
        _hinglish,
        (
            "yaar",
            "kar",
            "chahiye",
            "likh",
            "bana",
            "liye",
            "jaldi",
            "bhai",
            "nahi",
            "hata",
            "dikha",
            "laga",
            "aur",
            "bhi",
            "hai",
            "kijiye",
            "karo",
            "banao",
            "likho",
            "dijiye",
            "naya",
            "humein",
            "mujhe",
            "honge",
            "wala",
            "wale",
            "wali",
            "poori",
            "puri",
            "kaafi",
            "lagao",
            "hamesha",
            "sirf",
            "theek",
            "pehle",
            "naam",
            "nikaal",
            "khatam",
            "zarurat",
            "shukriya",
            "hoon",
            "sakte",
            "batao",
            "hain",
            "jaye",
            "karke",
        ),
    ),
    # "Bed management part, please make tests for it": the topic first.
    # "For the record, the caching change reduced our response times": a note
    # of what was, as "we noted".
    _Rewrite(
        r"^\s*(?:just\s+)?for\s+the\s+record\s*[,:]\s*", "we noted that ", "record", re.IGNORECASE
    ),
    _whole(_topic_first, ","),
    # "Actually each request ...", "Actually, add tests": a filler opening the
    # sentence (and the Portuguese "atualmente", currently).
    _Rewrite(r"(?:^|(?<=[.;!?]\s))actually\s*,?\s+", "", "actually", re.IGNORECASE),
    # "I pretend to cache the menu": the Portuguese and Spanish "pretender", to intend.
    _Rewrite(
        r"\b(i|we)\s+pretend\s+to\b(?!\s+(?:be|have|say|pass|like)\b)",
        r"\1 intend to",
        "pretend",
        re.IGNORECASE,
    ),
    # "then a score of the whole project", "a score for it": the audit's score.
    _Rewrite(
        r"\b(?:a|an\s+overall|one)\s+score\s*,?\s+(?=(?:of|for|on)\b)",
        "an audit ",
        "score",
        re.IGNORECASE,
    ),
    # "I want a FastAPI project named yard_management": a project wanted by
    # its name is a new one.
    _Rewrite(
        r"\b(want|need|would\s+like)\s+(an?)\s+((?:fastapi\s+)?(?:project|service|app))\s+(named|called)\b",
        r"\1 a new \3 \4",
        ("named", "called"),
        re.IGNORECASE,
    ),
    # "..., with all four operations", "All CRUD operations please.": the
    # CRUD feature's own four, asked again.
    _Rewrite(
        r"\s*,?\s*(?:with\s+)?all\s+(?:the\s+)?(?:four|4|crud)\s+(?:crud\s+)?operations"
        r"(?:\s+please)?(?=\s*[.!?]*\s*$|\s*[.!?]\s)",
        "",
        "operations",
        re.IGNORECASE,
    ),
    # "Before I submit the thesis, make an audit", "audit the project before
    # I take ownership": when the person wants it done, not what.
    _Rewrite(
        r"(?:(?:^|(?<=[.;!?]\s))before\s+(?:i|we)\s+(?!\w+\s+(?:it|this|that)\b)[^,.;:!?]{2,60},\s*"
        r"|\s+before\s+(?:i|we)\s+(?:\w+\s+){0,2}?(?:take\s+(?:it\s+)?over|take\s+ownership"
        r"|hand\s+(?:it\s+)?(?:in|over)|submit\s+[^,.;:!?]{1,30}|touch\s+anything)(?=\s*[.!?]*\s*$))",
        " ",
        "before",
        re.IGNORECASE,
    ),
    # "a CRUD feature for classes, with the singular school_class and the
    # plural classes": the singular given is the resource.
    _Rewrite(
        r"\bfor\s+[a-z]\w*\s*,?\s*(?:with\s+)?(?:the\s+)?singular(?:\s+form)?"
        r"(?:\s*[:=]\s*|\s+(?:is|as|being)\s+|\s+)([a-z]\w*)"
        r"(\s*,?\s*and(?=\s+(?:the\s+)?plural\b))?",
        lambda m: f"for {m.group(1)}" + (" with" if m.group(2) else ""),
        "singular",
        re.IGNORECASE,
    ),
    # "Once the grade feature is in place, write its tests": what it is for.
    _Rewrite(
        r"(?:^|(?<=[.;!?]\s))once\s+((?:the|our|my)\s+[\w\s-]{1,40}?)\s+(?:is|are|has\s+been|have\s+been)"
        r"\s+(?:in\s+place|done|ready|merged|finished|live|built|added|created)\s*,",
        r"for \1,",
        "once",
        re.IGNORECASE,
    ),
    # "..., as our front-end developer has requested": who asked.
    _Rewrite(
        r",?\s*as\s+(?:(?:our|my|the|their|your)\s+)?[\w\s-]{1,40}?\s+(?:has|have|had)"
        r"\s+(?:requested|asked(?:\s+for)?|suggested|recommended|proposed)(?=\s*[.!;]|\s*$)",
        "",
        ("requested", "asked", "suggested", "recommended", "proposed"),
        re.IGNORECASE,
    ),
    # "title, first_name and email as strings": the type of each.
    _Rewrite(
        r"((?:\b[a-z_]\w*\s*,\s*)+(?:[a-z_]\w*\s*,?\s+(?:and|&)\s+)?[a-z_]\w*)"
        r"\s+(?:as|are(?:\s+all)?|all\s+as)\s+(?:all\s+)?"
        r"(strings|integers|ints|floats|decimals|booleans|bools|dates|datetimes|texts|uuids)\b",
        _each_typed,
        (
            "strings",
            "integers",
            "ints",
            "floats",
            "decimals",
            "booleans",
            "bools",
            "dates",
            "datetimes",
            "texts",
            "uuids",
        ),
        re.IGNORECASE,
    ),
    # "If it isn't too much trouble,", "when you have a moment,", "if you have the
    # time": asking kindly.
    _Rewrite(
        r"\b(?:if\s+it\s+(?:is\s+not|isn't|isnt|'s\s+not|is\s+not)\s+(?:too\s+much\s+)?"
        r"(?:trouble|bother|work|a\s+bother|too\s+ambitious)"
        r"|if\s+(?:that|this)\s+(?:is\s+not|isn't|'s\s+not)\s+too\s+(?:ambitious|much)"
        r"|(?:when|if)\s+you\s+have\s+(?:a\s+moment|the\s+time|time|a\s+minute)"
        r"|if\s+you\s+(?:do\s+not|don't)\s+mind)\s*[,.]?",
        "",
        ("trouble", "bother", "moment", "time", "mind", "ambitious", "work"),
        re.IGNORECASE,
    ),
    # "We really don't need anything elaborate.": a wish for little, not a removal.
    _Rewrite(
        r"\b(?:we|i)\s+(?:really\s+)?(?:do\s+not|don't|dont)\s+need\s+anything\s+"
        r"(?:elaborate|fancy|complicated|complex|special|big|heavy)\b[.!]?",
        "",
        "anything",
        re.IGNORECASE,
    ),
    # "an observation resource? observer (str), ...", "a measurement resource? The
    # fields would be: ...": the fields of the resource just named.
    _Rewrite(
        r"\b(resource|entity|model|table)\s*\?\s*(?:the\s+fields\s+(?:would|will|should|could)\s+be"
        r"\s*:?\s*|fields\s*:\s*)?(?=[a-z_]\w*\s*(?:\(|:|\s+(?:str|string|int|integer|float|decimal"
        r"|bool|boolean|date|datetime|text|uuid)\b))",
        r"\1 with ",
        "?",
        re.IGNORECASE,
    ),
    # "replace the current bodies" beside an error envelope: the strict envelope.
    _Rewrite(
        r"\b(envelope|format)\b([^.;?!]{0,40}?),\s*replace\s+(?:all\s+)?(?:the\s+)?"
        r"(current|existing|old)\s+(?:error\s+)?(bodies|responses|formats)",
        r"\1\2, replacing the \3 \4",
        "replace",
        re.IGNORECASE,
    ),
    # "That should take the pressure off the database": what it is for.
    _Rewrite(
        r"(?:[.;?!,]?\s*(?:that|this|it)\s+(?:should|would|will|could|might)\s+|,?\s*(?:to|and)\s+)"
        r"(?:take|takes|taking)\s+(?:the\s+|some\s+|a\s+lot\s+of\s+)?"
        r"(?:pressure|load|strain|stress|heat)\s+off\b",
        ", to spare",
        "off",
        re.IGNORECASE,
    ),
    # "read-only, no modifications", "zero code changes": no changes.
    _Rewrite(
        r"(?:\bread[\s-]only\s*(?:,|and|;)?\s*)?\bno\s+modifications?\b|\bzero\s+(?:code\s+|file\s+)?"
        r"changes\b|(?<=[.;,]\s)(?:(?:both|all|each|everything|strictly)\s+)?read[\s-]only\b",
        "no code changes",
        ("modification", "zero", "read"),
        re.IGNORECASE,
    ),
    # "is it ready for real use", "good enough to use every day": ready for production.
    _Rewrite(
        r"\bready\s+for\s+(?:real\s+use|real\s+users|real\s+life|prime\s+time|the\s+real\s+world)\b",
        "ready for production",
        "real",
        re.IGNORECASE,
    ),
    # "Before we let the other pantries use our app,": when, not what.
    _Rewrite(
        r"(?:^|(?<=[.;!?]\s))before\s+(?:we|they|i|our\s+\w+|the\s+\w+)\s+(?:let|give|open|hand|show"
        r"|invite|onboard)\b[^,.;:]{0,80}[,:]",
        "",
        "before",
        re.IGNORECASE,
    ),
    # "I should be grateful if you would ...": please.
    _Rewrite(
        r"\bI\s+(?:should|would)\s+be\s+(?:most\s+|very\s+)?(?:grateful|glad|obliged)\s+if\s+"
        r"you\s+(?:would|could)\b",
        "please",
        ("grateful", "glad", "obliged"),
        re.IGNORECASE,
    ),
    # "..., reporting back to me without changing any code": the report is the point.
    _Rewrite(
        r",?\s*reporting\s+back(?:\s+to\s+(?:me|us|the\s+team))?", ",", "reporting", re.IGNORECASE
    ),
    # "leave everything else untouched": a limit.
    _Rewrite(
        r"\bleave\s+(?:everything|all|the\s+rest|anything)(?:\s+else)?\s+"
        r"(?:untouched|as\s+it\s+is|alone|unchanged|as\s+is)\b",
        "do not change anything else",
        "leave",
        re.IGNORECASE,
    ),
    # "add homework as a resource": a resource for homework.
    _Rewrite(
        r"\b(add|create|build|make)\s+([a-z_]\w*)\s+as\s+an?\s+(resource|entity|model)\b",
        r"\1 a \3 for \2",
        " as a",
        re.IGNORECASE,
    ),
    # "hundreds of database queries, one per form group": how many, as an aside.
    _Rewrite(
        r",\s*one\s+(?:per|for\s+each|for\s+every|for\s+each\s+single)\s+[\w\s'-]{1,30}?"
        r"(?=\s*[;,.!?]|\s*$)",
        "",
        "one ",
        re.IGNORECASE,
    ),
    # "notification crud title str body text": the resource, then its fields.
    _Rewrite(
        r"^\s*([a-z_]\w*)\s+crud\s+(?=[a-z_]\w*\s+(?:str|string|int|integer|text|bool|boolean"
        r"|float|decimal|date|datetime|uuid)\b)",
        r"crud for \1 with ",
        "crud",
        re.IGNORECASE,
    ),
    # "set up the deployment, and after that an audit": then.
    _Rewrite(r"\b(?:and\s+)?(?:after\s+that|afterwards)\b,?", "and then", "after", re.IGNORECASE),
    # "slow during registration in the morning": an event, not sign-up.
    _Rewrite(
        r"\b(during|at|before|after)\s+(?:the\s+)?registration\b(?!\s+(?:form|endpoint|route|flow))",
        r"\1 enrolment",
        "registration",
        re.IGNORECASE,
    ),
    # "there are three kinds of people: admin, staff and driver": the roles.
    _Rewrite(
        r"\b(?:there\s+are\s+)?(?:(?:two|three|four|five|six|several|a\s+few)\s+)?(?:kinds|types|sorts"
        r"|groups)\s+of\s+(?:people|users|accounts|logins)\s*:",
        "roles:",
        ("kinds", "types", "sorts", "groups"),
        re.IGNORECASE,
    ),
    # "The roles we need are admin, teacher and parent": the roles.
    _Rewrite(
        r"\broles\s+(?:that\s+)?(?:we|you|they|i)\s+(?:need|want|have|require|use)"
        r"(?:\s+(?:are|is)|\s*:)",
        "roles are",
        "roles",
        re.IGNORECASE,
    ),
    # "we can discuss the roles at a later date", "authentication for the
    # socket we will do in a second step": later.
    _Rewrite(
        r"\bat\s+a\s+later\s+(?:date|time|stage|point)\b"
        r"|\bin\s+a\s+(?:second|later|separate|follow-?up|next|subsequent)\s+"
        r"(?:step|phase|stage|iteration|pr|pull\s+request|ticket|pass|sprint)\b",
        "later",
        ("second", "later", "separate", "follow", "next", "subsequent"),
        re.IGNORECASE,
    ),
    # "the tests for students, and then the ones for teachers": tests again.
    _Rewrite(
        r"(\btests?\b[^.;?!]{0,80}?)\bthe\s+ones\s+(for|of)\b",
        r"\1tests \2",
        "ones",
        re.IGNORECASE,
    ),
    # A commit message's type and scope: "test(users): unit + integration" tests
    # the scope; "feat(crud): vote w/ value:int" is about the scope.
    _Rewrite(r"^\s*tests?\(\s*([\w./-]+)\s*\)!?:", r"tests for \1:", "(", re.IGNORECASE),
    _Rewrite(
        r"^\s*(?:feat|fix|chore|refactor|perf|build|ci|docs|style|ops)\(\s*([\w./-]+)\s*\)!?:",
        r"\1:",
        "(",
        re.IGNORECASE,
    ),
    # "resolved (yes or no)", "approved (true/false)": a boolean field.
    _Rewrite(
        r"\(\s*(?:yes\s*(?:or|/)\s*no|true\s*(?:or|/)\s*false|y\s*/\s*n)\s*\)",
        "(bool)",
        ("yes", "true", "y/"),
        re.IGNORECASE,
    ),
    # "... label: enhancement", "labels: security, backend": an issue's labels.
    _Rewrite(r"\s+labels?\s*:\s*[\w-]+(?:\s*,\s*[\w-]+)*\s*$", "", "label", re.IGNORECASE),
    # An issue written in Markdown, its lines run together: "## Why ...",
    # "## Acceptance criteria ..." and the like say how things are or should
    # be (context); "## Fields ..." lists fields; any other heading ("##
    # Summary", "### Proposed fix") only starts a part.
    _Rewrite(
        r"(?:^|(?<=\s))#{1,6}\s*(why|motivation|rationale|reason|acceptance\s+criteria|ac"
        r"|expected(?:\s+behaviou?r)?|checklist|steps(?:\s+to\s+reproduce)?|definition\s+of\s+done"
        r"|out\s+of\s+scope|non-?goals|context|background)"
        r"\b:?([^#]*)",
        _said_why,
        "#",
        re.IGNORECASE,
    ),
    _Rewrite(r"(?:^|(?<=\s))#{1,6}\s*(fields|columns|roles)\b:?", r" ; \1: ", "#", re.IGNORECASE),
    _Rewrite(
        r"(?:^|(?<=\s))#{1,6}\s*(?:(?:feature\s+)?request|summary|details|description|tasks?"
        r"|ask|proposal|proposed\s+(?:fix|change|solution)|solution|feature"
        r"|scope|goal|security|bug|problem|chore|tests?|perf|performance"
        r"|investigation|findings|analysis|impact|notes?|todo)\b:?",
        " ; ",
        "#",
        re.IGNORECASE,
    ),
    _Rewrite(r"(?:^|(?<=\s))#{1,6}(?=\s)", " ; ", "#"),
    # "a two-minute expiry", "a 30-second ttl": a duration.
    _Rewrite(
        r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty"
        r"|thirty|forty|fifty|sixty|ninety)-(second|minute|hour|day|week)\b",
        r"\1 \2",
        "-",
        re.IGNORECASE,
    ),
    # "sixty (60) seconds", as contracts write numbers: the figure.
    _Rewrite(
        r"\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]\w+)?"
        r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
        r"|a\s+hundred|one\s+hundred)\s*\((\d+)\)",
        r"\1",
        "(",
        re.IGNORECASE,
    ),
    _Rewrite(_LINE_PREFIX, "", (">", "$")),
    _Rewrite(_PALETTE, "", ("palette", "shift", ">", "fastapi")),
    _Rewrite(_SLASH_COMMAND, "", "/"),
    _Rewrite(_BOT_NAME, "", "/"),
    _Rewrite(_ANY_BOT_NAME, "", "/"),
    # "/fastapi errors --strict", "deploy --docker --ci": a command line's flags.
    _Rewrite(r"(?:^|(?<=\s))--([a-z][\w-]*)", r"\1", "--", re.IGNORECASE),
    _Rewrite(_HYPHENED_COMMAND, r"\1 \2", ("-", "_")),
    _Rewrite(_EMOTICON, " ", (":", ";", "=", "8", "x", "<3", "^")),
    _whole(_numbered_fields, ("1)", "1.")),
    _Rewrite(_LIST_MARKER, "; ", (".", ")", ":", "-", "*", "\u2022")),
    _Rewrite(_LINE_BREAK, "; ", ("\n", "\r")),
    # "@devbot add tests ... :pray:": a chat mention and an emoji's short code.
    _Rewrite(r"(?:^|(?<=\s))@[\w.-]+:?(?=\s|$)", " ", "@"),
    _Rewrite(r"(?<![\w:]):[a-z][a-z0-9_+-]*:(?![\w:])", " ", ":"),
    # "Hey, quick one - can you ...": what the person says of their ask.
    _Rewrite(
        r"\bquick\s+(?:one|question|q|ask|favou?r|thing|request)\s*[-,:;.!]",
        "",
        "quick",
        re.IGNORECASE,
    ),
    # "Yours faithfully, H. Whitcombe", "I remain, yours sincerely, Geoffrey
    # Hartley (Treasurer)", "With thanks, Margaret", "Kind regards, Compliance":
    # a letter's closing and its signature.
    _Rewrite(
        r"[,.;!?]?\s*(?i:(?:i\s+remain,?\s+)?yours\s+(?:faithfully|sincerely|truly)"
        r"|with\s+(?:many\s+)?thanks|(?:best|kind|warm)\s+regards|regards)\s*[,.]?"
        r"\s*(?:[A-Z][\w.-]*\.?\s*){1,3}(?:\([\w\s]{1,30}\))?\s*[.!]*\s*$",
        "",
        ("yours", "thanks", "regards"),
    ),
    # "Greetings of the day.", "As discussed in call,", "as discussed in
    # Tuesday's risk meeting,": the message's opening.
    _Rewrite(
        r"\bgreetings\s+of\s+the\s+day\s*[.!,]?|\bas\s+discussed\s+(?:in|on|during|at|over)\s+"
        r"(?:the\s+|our\s+|today's\s+|yesterday's\s+|\w+'s\s+)?(?:[\w-]+\s+){0,2}?"
        r"(?:call|meeting|stand-?up|sync|chat)\s*,",
        " ",
        ("greetings", "discussed"),
        re.IGNORECASE,
    ),
    # "Further to our conversation on Tuesday, I write to ask whether you would
    # prepare ...": the request.
    _Rewrite(
        r"\bI\s+(?:write|am\s+writing)\s+to\s+ask\s+(?:whether|if)\s+you\s+(?:would|could)\s+",
        "please ",
        "write",
        re.IGNORECASE,
    ),
    # "kindly do a security review and revert", "revert back by EOD": reply, in
    # Indian English; not an undo.
    _Rewrite(
        r"[,.]?\s*(?:(?:and|please|kindly|pls)\s+)*revert\s+back"
        r"(?=\s*(?:[.!?,;]|$)|\s+(?:once|by|to\s+(?:me|us)|in\s+case|with|asap|if|when|after)\b)[^.!?;]*"
        r"|[,.]?\s*\band\s+revert(?=\s*(?:[.!?]|$))"
        r"|[,.]?\s*(?:(?:please|kindly|pls)\s+)?revert\s+(?:once\s+done|by\s+eod|to\s+me|asap)\b",
        "",
        "revert",
        re.IGNORECASE,
    ),
    # "..., no need of redis for this": the store that is not wanted, beside
    # the one said.
    _Rewrite(
        r",?\s*\bno\s+need\s+(?:of|for)\s+(?:a\s+)?(?:redis|memcached|valkey)"
        r"(?:\s+(?:for\s+)?(?:this|it|that|here))?",
        "",
        "no need",
        re.IGNORECASE,
    ),
    # "..., name not decided yet", "We have not yet settled upon a name, as
    # the committee is still debating it, but ...": no name is given.
    _Rewrite(
        r",?\s*\b(?:the\s+)?name\s+(?:is\s+)?(?:not|still\s+not|yet\s+to\s+be)\s+(?:yet\s+)?"
        r"(?:decided|fixed|chosen|final|settled|agreed)(?:\s+(?:yet|on))?"
        r"|\b(?:we|i)\s+have\s+not\s+(?:yet\s+)?(?:settled\s+(?:up)?on|chosen|picked|decided\s+on|agreed\s+on)"
        r"\s+a\s+name\b[^.;]{0,80}?,\s*but\s+",
        " ",
        "name",
        re.IGNORECASE,
    ),
    # "Finding 3: The application does not produce structured logs ...
    # Remediation required: implement ...": the finding is why; the
    # remediation is the request.
    _Rewrite(
        r"^.*?\b(?:remediation|action|fix)\s+(?:required|needed)\s*:\s*",
        "",
        ("remediation", "action", "fix"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"^\s*(?:finding|observation|issue|item)\s+#?\d+\s*:\s*",
        "",
        ("finding", "observation", "issue", "item"),
        re.IGNORECASE,
    ),
    # "The API has not undergone a security review": it needs one.
    _Rewrite(
        r"\b(?:has|have)\s+not\s+(?:yet\s+)?(?:undergone|had|received|been\s+through)\s+(an?\s+)",
        r"needs \1",
        ("undergone", "had", "received", "been through"),
        re.IGNORECASE,
    ),
    # "..., deadline 31 March", "Deadline: end of quarter.", "Remediation
    # required within 30 days.", "as per policy SEC-2", "In accordance with
    # Policy IT-12 (Logging and Monitoring),": when and under which rule.
    _Rewrite(
        r"[,.;]?\s*\bdeadline\s*:?\s*(?:is\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+)?\w+|\d{1,2}\s+[a-z]+"
        r"|[a-z]+\s+\d{1,2}|\w+day|tomorrow|today|eod|eow|next\s+\w+)\b"
        r"|[,.;]?\s*\b(?:remediation|action|a\s+fix)\s+(?:is\s+)?(?:required|needed|expected)\s+within\s+"
        r"\d+\s+(?:days|weeks|months|business\s+days)\b",
        "",
        ("deadline", "within"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r",?\s*\b(?:as\s+per|per|in\s+accordance\s+with|according\s+to|under|pursuant\s+to)\s+(?:the\s+)?"
        r"(?:\w+'s\s+)?(?:internal\s+)?(?:policy|standard|control|regulation)\s+[A-Z0-9][\w.-]*"
        r"(?:\s*\([^)]{0,60}\))?\s*,?",
        " ",
        ("policy", "standard", "control", "regulation"),
        re.IGNORECASE,
    ),
    # "in the application's own memory, rather than in Redis": the store not chosen.
    _Rewrite(
        r",?\s*\b(?:rather\s+than|instead\s+of|not)\s+(?:in\s+)?(?:redis|memcached|valkey)\b(?=\s*[,.;]|\s+for\b)",
        "",
        ("rather", "instead", "not"),
        re.IGNORECASE,
    ),
    # "one more — websockets ...", "do one thing, check ...": the next ask.
    _Rewrite(
        r"^\s*(?:one\s+more(?:\s+thing)?|do\s+one\s+thing|also|btw|next\s+up)\s*[-,:;]+\s*",
        "",
        ("one", "also", "btw", "next"),
        re.IGNORECASE,
    ),
    # "..., be brutal", "..., auditors keep asking": how to answer, and why.
    _Rewrite(
        r"[,.;?!]?\s*(?:\bto\s+)?\bbe\s+(?:brutal|honest|harsh|frank|blunt|thorough)\b"
        r"|,\s*(?:the\s+|our\s+)?\w+\s+keeps?\s+asking(?:\s+(?:for|about)\s+(?:it|this|that))?",
        "",
        ("brutal", "honest", "harsh", "frank", "blunt", "thorough", "asking"),
        re.IGNORECASE,
    ),
    # "three roles - student, librarian, and teacher", "roles based auth -
    # superadmin, viewer": the roles, listed after a dash.
    _Rewrite(
        r"\broles?[\s-]+based\s+(?:auth\w*|access(?:\s+control)?)\s*(?::|-+|;(?!\s*notes:))\s*(?=[a-z])",
        "auth with roles: ",
        "based",
        re.IGNORECASE,
    ),
    _Rewrite(r"\b(roles)\s*(?:;|-+)\s*(?=[a-z])", r"\1: ", "roles", re.IGNORECASE),
    # "live chat between rider and customer": who talks, not a name.
    _Rewrite(
        r"\b(chat|messaging|messages|updates|notifications)\s+between\s+(?:the\s+)?[a-z]+\s+and\s+(?:the\s+)?[a-z]+\b",
        r"\1",
        "between",
        re.IGNORECASE,
    ),
    # "replacement_cost in dollars as a decimal", "subject as a string": the type.
    _Rewrite(
        r"\s+in\s+(?:dollars|euros|pounds|cents|pence)(?=\s+as\s|\s*\()",
        "",
        ("dollars", "euros", "pounds", "cents", "pence"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b(?!(?:a|an|the|it|this|that|stored|kept|saved|typed|held|represented)\s)"
        r"([a-z_][a-z0-9_]*)\s+as\s+an?\s+(?=" + _TYPE_WORDS + ")",
        r"\1:",
        " as a",
        re.IGNORECASE,
    ),
    # "can we get loggin in added": the log-in, one letter short; "only logged
    # users can post": signed-in users.
    _Rewrite(r"\bloggin\s+in\b", "login", "loggin in", re.IGNORECASE),
    _Rewrite(
        r"\blogged(?:-in|\s+in)?\s+(?=users?\b|members?\b|people\b)",
        "signed-in ",
        "logged",
        re.IGNORECASE,
    ),
    # "... so that athletes can log meals accurately", "as long as CI can run
    # them later": why, or on what condition; not what is asked.
    _Rewrite(
        r"\s*,?\s*\b(?:so\s+that|as\s+long\s+as)\s+(?:the\s+|our\s+|my\s+)?[\w-]+\s+(?:can|could|will)\s+"
        r"(?:log|run|track|check|find|keep)\b[^.;!?]*",
        "",
        ("so that", "as long as"),
        re.IGNORECASE,
    ),
    # "requests shall be logged in a structured format": where they are logged,
    # not signing in.
    _Rewrite(
        r"\blogged\s+in\s+(?=(?:a|an|the|json|structured|plain|our|one|text)\b)",
        "logged as ",
        "logged in",
        re.IGNORECASE,
    ),
    # "I don't think we have redis yet", "we don't have redis": no store to use.
    _Rewrite(
        r"[,.;?!]?\s*\b(?:i\s+)?(?:don't|do\s+not)\s+(?:think\s+)?(?:we|i)\s+(?:have|run|got)\s+"
        r"(?:redis|memcached|valkey)(?:\s+(?:yet|set\s+up|installed|running))?"
        r"|[,.;?!]?\s*\b(?:we|i)\s+(?:don't|do\s+not)\s+(?:have|run)\s+(?:redis|memcached|valkey)"
        r"(?:\s+(?:yet|set\s+up|installed|running))?",
        "",
        ("don't", "do not"),
        re.IGNORECASE,
    ),
    # "..., controlled means controlled substance, sorry, vet stuff": what a
    # word means, and an apology.
    _Rewrite(
        r",\s*[a-z_]+\s+means\s+[^,.;?!]+(?:,\s*sorry)?(?:,\s*[a-z]+\s+stuff)?",
        "",
        "means",
        re.IGNORECASE,
    ),
    # "owners and pets? two features, sorry, owners first": how many, which first.
    _Rewrite(
        r"[,.;?!]\s*\b(?:two|three|four|both)\s+(?:features|things|of\s+them)\b(?:,\s*sorry)?"
        r"(?:,\s*[a-z_]+\s+first)?",
        "",
        ("two", "three", "four", "both"),
        re.IGNORECASE,
    ),
    # "I'm worried about our token handling and CORS, could you run the
    # security review": the worry is why.
    _Rewrite(
        r"\b(?:i'm|i\s+am|we're|we\s+are)\s+(?:a\s+bit\s+|really\s+|kind\s+of\s+|quite\s+)?"
        r"(?:worried|concerned|nervous|unsure)\s+about\s+[^,.;?!]{1,60}[,.;]\s*"
        r"(?=(?:so\s+)?(?:could|can|would|will)\s+you\b|please\b|kindly\b)",
        "",
        ("worried", "concerned", "nervous", "unsure"),
        re.IGNORECASE,
    ),
    # "cache appointment_slots in Redis? it's the availability endpoint": the
    # name said first is what is cached.
    _Rewrite(
        r"(?<=[?.!])\s*it(?:'s|\s+is)\s+the\s+[\w-]+\s+(?:endpoint|route|page)\b\s*[.!]?",
        " ",
        ("it's", "it is"),
        re.IGNORECASE,
    ),
    # "the whole thing needs tests": the whole API.
    _Rewrite(r"\bthe\s+whole\s+(?:thing|shebang|lot)\b", "the whole API", "whole", re.IGNORECASE),
    # "the whole API needs tests", "the payments module needs tests": tests for it.
    _Rewrite(
        r"\b(the\s+(?:whole|entire)\s+(?:api|app|codebase|project|backend)"
        r"|the\s+[\w-]+\s+(?:feature|module|endpoints|router|service))\s+(?:really\s+)?needs?\s+"
        r"(?:some\s+|proper\s+|more\s+)?(tests|testing|test\s+coverage)\b",
        r"\2 for \1",
        "need",
        re.IGNORECASE,
    ),
    # A nervous writer's apologies and hedges: "sorry to bug you,", "sorry if
    # this is dumb but", "so sorry,", "sorry for the wall of text.", "sorry, I'm
    # new,", "I hope I spelled vet_tech right.", "is that ok?", "not sure if
    # that is the right way to do it", "typing on my phone": how they feel.
    _Rewrite(
        r"(?<!\.\.\.\s)(?<!\.\.\.)\b(?:so\s+|really\s+)?(?:sorr?y|sry|apologies)(?:[\s,]+(?:sorr?y))*"
        r"(?:\s+(?:to\s+(?:bug|bother|ask|be\s+(?:annoying|a\s+pain))(?:\s+you)?"
        r"|for\s+(?:the\s+)?(?:wall\s+of\s+text|chaos|mess|spam|long\s+message|bother|asking(?:\s+so\s+much)?(?:\s+today)?"
        r"|bothering(?:\s+you)?|all\s+the\s+questions|the\s+questions|the\s+(?:[\w-]+\s+){0,2}?(?:typos?|mess|list)\b)"
        r"|if\s+(?:this|that|it)(?:'s|\s+is|\s+was)\s+(?:a\s+|probably\s+a\s+)?(?:dumb|silly|stupid|obvious|confusing"
        r"|basic|wrong|too\s+(?:short|long|much)|the\s+wrong\s+word|a\s+lot)(?:\s+(?:question|ask|one))?"
        r"|if\s+i\s+(?:[\w']+\s+){0,6}?[\w']+(?=\s*[,.;!?]|\s*$)))?"
        r"(?:\s*,?\s*(?:but|i'm\s+new|i\s+am\s+new))?\s*[,.!:;]*",
        " ",
        ("sorry", "sory", "sry", "apologies"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"[,.;!?]?\s*\b(?:i\s+hope\s+i\s+(?:spelled|spelt|wrote|got)\s+[\w-]+\s+right"
        r"|(?:is|was)\s+(?:that|this|it)\s+(?:ok|okay|alright|enough(?:\s+fields)?|right|fine|correct|normal)"
        r"(?=\s*[?.!]|\s*$)"
        r"|i\s+(?:don't|do\s+not)\s+know\s+what(?:'s|\s+is)\s+(?:normal|usual|best|right)"
        r"|not\s+sure\s+if\s+(?:this|that|it)(?:'s|\s+is)\s+(?:the\s+right\s+(?:way|word|thing)"
        r"(?:\s+to\s+(?:do|say|ask)(?:\s+it)?)?|dumb|silly|right|correct|ok|okay)(?:\s*,?\s*but)?"
        r"|typing\s+(?:on|from)\s+my\s+phone|(?:i\s+want\s+to\s+)?look\s+less\s+clueless[^.?!]*"
        r"|(?:lol|haha|hehe)+)\s*[?.!]*",
        " ",
        (
            "hope",
            "ok",
            "okay",
            "enough",
            "know what",
            "not sure",
            "phone",
            "clueless",
            "right",
            "lol",
            "haha",
            "normal",
            "fine",
            "correct",
        ),
        re.IGNORECASE,
    ),
    # "two things (maybe three? no, two):", "clinics (we have 3 branches)": an aside.
    _Rewrite(
        r"\s*\((?:maybe|actually|well|we\s+have|we've\s+got|i\s+think|not\s+that)\b[^()]{0,40}\)",
        "",
        ("maybe", "actually", "well", "we have", "we've", "i think", "not that"),
        re.IGNORECASE,
    ),
    # "sory, culd you ...": typing slips of the asking words.
    _Rewrite(r"\bculd\b", "could", "culd", re.IGNORECASE),
    _Rewrite(r"\bpls\s+culd\b|\bcn\s+u\b", "can you", ("culd", "cn u"), re.IGNORECASE),
    # "can we get the waiting room screen to update live": live updates, for
    # a screen of the app's users.
    _Rewrite(
        r"\bget\s+(?:the|our|my)\s+(?:[\w-]+\s+){1,3}?to\s+(update|refresh)\s+"
        r"(live|in\s+real[\s-]time|by\s+itself|automatically)\b",
        r"get live updates",
        ("update", "refresh"),
        re.IGNORECASE,
    ),
    # "..., no name yet, we'll sort that out at the next committee meeting",
    # "name TBD": no name is given.
    _Rewrite(
        r",?\s*\bno\s+name\s+(?:yet|for\s+now|decided)\b|,?\s*\b(?:the\s+)?name\s+(?:is\s+)?"
        r"(?:tbd|tba|tbc|to\s+be\s+decided|pending)\b"
        r"|,?\s*\b(?:we'll|we\s+will|i'll|i\s+will)\s+sort\s+(?:that|it|the\s+name)\s+out\b[^.;!?]*",
        "",
        ("name", "sort"),
        re.IGNORECASE,
    ),
    # "..., no login or anything": what is missing, said of the app.
    _Rewrite(
        r",?\s*\bno\s+(login|auth|authentication|logging|logs|tests?|docker|ci)\s+or\s+anything\b",
        r", missing \1",
        "anything",
        re.IGNORECASE,
    ),
    # "the growers drop off crates": they deliver them.
    _Rewrite(r"\bdrop(s|ped|ping)?\s+off\b", r"deliver\1", "drop", re.IGNORECASE),
    # "time to deploy this to production", "I need to deploy this to production":
    # a deployment set up, not one run now.
    _Rewrite(
        r"\b(?:(?:it's|it\s+is)\s+)?(?:time\s+to|need\s+to|want\s+to|going\s+to|have\s+to|got\s+to"
        r"|trying\s+to)\s+deploy\s+(?:this|it|the\s+(?:app|api))\s+to\s+(?:prod|production)\b",
        "need a production deployment",
        "deploy",
        re.IGNORECASE,
    ),
    # "..., no exceptions mate": an idiom, not the exceptions.
    _Rewrite(
        r"[,.;]?\s*\bno\s+exceptions(?:\s+(?:mate|please|pls))?\s*[.!]*\s*$",
        "",
        "exceptions",
        re.IGNORECASE,
    ),
    # "if the depot screen updated live when a truck checks in, without anyone
    # hitting refresh": live updates.
    _Rewrite(
        r"\b(?:the\s+|our\s+)?(?:[\w-]+\s+)?(?:screen|page|board|dashboard|display|map|list)s?\s+"
        r"(?:updated|refreshed|changed)\s+(?:live|by\s+itself|in\s+real[\s-]time|automatically)\b"
        r"(?:\s+(?:when|whenever)\s+[^,.;?!]+)?(?:,?\s*without\s+anyone\s+[^,.;?!]+)?",
        "live updates",
        ("updated", "refreshed", "changed"),
        re.IGNORECASE,
    ),
    # "the auth needs tests": tests for it.
    _Rewrite(
        r"\bthe\s+([a-z][a-z0-9_]*)\s+(?:really\s+)?needs?\s+(?:some\s+|proper\s+|more\s+)?tests\b",
        r"tests for the \1",
        "tests",
        re.IGNORECASE,
    ),
    # "the server fell over": it crashed.
    _Rewrite(r"\bfell\s+over\b", "crashed", "fell", re.IGNORECASE),
    # "streaming training progress (epoch, loss) to the dashboard": what is sent.
    _Rewrite(
        r"(?<!\bfor\s)(?<!\bcrud\s)\b(progress|updates|events|status|metrics)\s*"
        r"\((?![^()]*\b(?:str|string|text|int|integer|float|decimal|bool|boolean|date|datetime|uuid)\b)"
        r"[^(),]{1,20},[^()]{1,30}\)",
        r"\1",
        ("progress", "updates", "events", "status", "metrics"),
        re.IGNORECASE,
    ),
    # "currently running via `uvicorn main:app --reload` on my laptop": how it runs now.
    _Rewrite(
        r"\b(running|run|started|serving)\s+(?:it\s+)?(?:via|with|using)\s+`[^`]+`",
        r"\1 it by hand",
        "`",
        re.IGNORECASE,
    ),
    # French spellings of a time: "30 secondes", "2 heures", "3 jours".
    _Rewrite(r"\b(\d+)\s*secondes\b", r"\1 seconds", "secondes", re.IGNORECASE),
    _Rewrite(r"\b(\d+)\s*heures\b", r"\1 hours", "heures", re.IGNORECASE),
    _Rewrite(r"\b(\d+)\s*jours\b", r"\1 days", "jours", re.IGNORECASE),
    # "..., actually the accountant find errors each month": why (French
    # "actuellement"), not a request for error handling.
    _Rewrite(
        r",\s*(?:actually|currently|because|since)\s+(?:the\s+|our\s+)?\w+\s+finds?\s+"
        r"(?:errors|bugs|mistakes|problems)\b[^.;!?]*",
        "",
        "find",
        re.IGNORECASE,
    ),
    # "Do an audit please, and after a security review": then (French "après").
    _Rewrite(r",\s*and\s+after\s+(?=(?:a|an|the)\s)", ", and then ", "after", re.IGNORECASE),
    # "For the invoices I want the cache in memory": what is cached, said first.
    _Rewrite(
        r"^\s*for\s+the\s+([a-z_]+)\s*,?\s+(i\s+(?:want|need|would\s+like))\s+(?:the\s+|a\s+)?"
        r"(cache|caching)\b",
        r"\2 \3 for the \1",
        "cach",
        re.IGNORECASE,
    ),
    # "Eventually we will need websockets later, but today please just do the
    # logging": what is for later is not asked now.
    _Rewrite(
        r"^[^.;!?]*\blater\s*,\s*but\s+(?:today|now|for\s+now|this\s+(?:week|sprint))\s*,?\s*",
        "",
        "later",
        re.IGNORECASE,
    ),
    # "we're deciding go/no-go for prod": readiness.
    _Rewrite(
        r"\bgo\s*/\s*no[\s-]?go(?:\s+(?:for|on)\s+(?:prod|production|launch|release))?",
        "readiness",
        "no",
        re.IGNORECASE,
    ),
    # "push of deploy events to the UI": the events pushed are a name.
    _Rewrite(
        r"\b(deploy(?:ment)?|build|release)\s+(events|notifications|updates|statuses)\b",
        r"\1_\2",
        ("deploy", "build", "release"),
        re.IGNORECASE,
    ),
    # "target `leaderboard`": the target, labelled without its colon.
    _Rewrite(r"\btarget\s+(?=`)", "target: ", "target", re.IGNORECASE),
    # "..., redis isnt set up yet": no store to use.
    _Rewrite(
        r"[,.;]?\s*\b(?:redis|memcached|valkey)\s+(?:isn't|isnt|is\s+not|ain't)\s+"
        r"(?:set\s+up|installed|running|available|ready|there)(?:\s+yet)?",
        "",
        ("isn't", "isnt", "is not", "ain't"),
        re.IGNORECASE,
    ),
    # "tests for pickups + structured logging + deploy": the next asks, not
    # more to test.
    _Rewrite(
        r"(\btests?\s+for\s+(?:the\s+)?[\w-]+)\s*\+\s*(?=(?:structured\s+logging|logging|deploy\w*|docker\w*"
        r"|caching|websockets?|auth\w*|error\s+handling|security\s+review|audit)\b)",
        r"\1, then ",
        "+",
        re.IGNORECASE,
    ),
    # "CRUD for reviews exists (...)", "... is in place": a Definition of Done.
    _Rewrite(
        r"\b(crud\s+for\s+[a-z_]+)\s+(?:exists?|is\s+in\s+place|works|is\s+done|is\s+implemented)\b"
        # "... exists since version 1.2": how it is, no criterion.
        r"(?!\s+(?:since|already|as\s+of|from|in\s+(?:v|version|release)))",
        _criterion,
        "crud",
        re.IGNORECASE,
    ),
    # "role checks enforce reader, librarian and admin": the roles.
    _Rewrite(
        r"\brole\s+checks?\s+(?:enforce|for|cover(?:ing)?)\s+", "roles ", "role", re.IGNORECASE
    ),
    # "the loans endpoints have automated tests covering create, renew and
    # return": what they cover.
    _Rewrite(
        r"\b(tests?)\s+covering\s+[a-z]+(?:\s*,\s*[a-z]+)*\s*,?\s+and\s+[a-z]+(?=\s*[.;]|\s*$)",
        r"\1",
        "covering",
        re.IGNORECASE,
    ),
    # "tests for the auth flow (login, refresh, role checks)": its parts.
    _Rewrite(
        r"\b(tests?\s+for\s+(?:the\s+)?[\w-]+(?:\s+(?:flow|flows|feature|module|endpoints))?)\s*\([^()]{1,60}\)",
        r"\1",
        "tests",
        re.IGNORECASE,
    ),
    # "Merci!", "I hope you are well.", "Following our meeting of tuesday,": a
    # letter's courtesies.
    _Rewrite(
        r"[,.;!]?\s*\bmerci(?:\s+beaucoup)?\s*[!.]*\s*$|\bi\s+hope\s+you\s+are\s+(?:well|fine|good)\s*[.!,]"
        r"|\bfollowing\s+(?:our|the)\s+(?:meeting|call|discussion)\s+(?:of|on)\s+\w+\s*,",
        " ",
        ("merci", "hope", "following"),
        re.IGNORECASE,
    ),
    # "I would like to know if our API is ready for the production, can you make
    # an audit of it?": the question leads to the request.
    _Rewrite(
        r"^(?:me\s*,?\s+)?i\s+(?:would\s+like|want|wanted)\s+to\s+know\s+(?:if|whether)\s+[^,?]+,\s*"
        r"(?=(?:so\s+)?(?:can|could|would)\s+you\b)",
        "",
        "know",
        re.IGNORECASE,
    ),
    # "I want a note of the quality": a grade (French "une note").
    _Rewrite(
        r"\ba\s+note\s+(?:of|for|on)\s+(?:the\s+)?quality\b",
        "a quality score",
        "note",
        re.IGNORECASE,
    ),
    # "For the minibar consumptions do the CRUD: ...": the resource, said first.
    _Rewrite(
        r"^\s*for\s+the\s+([a-z][a-z_]*(?:\s+[a-z][a-z_]*){0,2}?)\s*,?\s+(?:please\s+)?(?:do|make|create|build)"
        r"\s+the\s+crud\b",
        r"create the CRUD for \1",
        "crud",
        re.IGNORECASE,
    ),
    # "I precise the fields for ...": specify (French "préciser").
    _Rewrite(r"\bi\s+precise\s+", "here are ", "precise", re.IGNORECASE),
    # "generate everything (router, service, ...)": the layers a CRUD has.
    _Rewrite(r"\s*\(\s*router\s*,[^()]*\)", "", "router", re.IGNORECASE),
    # "..., for all errors, 404, 422, 500, everything": the codes listed.
    _Rewrite(
        r",\s*(?:\d{3}\s*,\s*)+\d{3}(?:\s*,\s*(?:everything|all|etc\.?))?", "", ",", re.IGNORECASE
    ),
    # Settings in backticks: "`store: redis`", "`CACHE_TTL=120`", "`ENV=prod`",
    # "`cache: {store: memory, ttl: 60}`".
    _Rewrite(r"`\s*[A-Z_]*TTL[A-Z_]*\s*=\s*(\d+)\s*`", r"ttl \1", "ttl", re.IGNORECASE),
    _Rewrite(r"`\s*(?:ENV|ENVIRONMENT|APP_ENV)\s*=\s*\w+\s*`", "", "env", re.IGNORECASE),
    _Rewrite(r"`\s*(store|ttl|target)\s*:\s*([\w.-]+)\s*`", r"\1: \2", "`", re.IGNORECASE),
    _Rewrite(r"`\s*cache\s*:\s*\{([^{}`]*)\}\s*`", r"cache: \1", "{", re.IGNORECASE),
    _Rewrite(
        r",?\s*(?:image\s+)?registry\s+(?:at|is)\s+`?\$?[\w./:-]+`?", "", "registry", re.IGNORECASE
    ),
    # "...; CI gate needs >80% cov": how the tests are judged.
    _Rewrite(
        r"[,;.]\s*(?:the\s+)?(?:ci\s+)?(?:coverage\s+)?gate\s+(?:needs|requires|is|of)\s+[^.;]*",
        "",
        "gate",
        re.IGNORECASE,
    ),
    # "... before the freeze", "before the code freeze": when.
    _Rewrite(r"\s+before\s+the\s+(?:code\s+)?freeze\b", "", "freeze", re.IGNORECASE),
    # "...; don't care about exact shape yet": what does not matter.
    _Rewrite(
        r"[.;,]\s*(?:i\s+)?(?:don't|do\s+not)\s+care\s+about\s+[^.;]*", "", "care", re.IGNORECASE
    ),
    # "sec review pls. specifically CORS, rate limits": what to look at most.
    _Rewrite(
        r"((?:review|checklist|audit)\b[^.;]{0,20})[.,;]\s*(?:specifically|especially|in\s+particular"
        r"|focus\s+on)\s+[^.;]*",
        r"\1",
        ("specifically", "especially", "particular", "focus"),
        re.IGNORECASE,
    ),
    # "incident retro: ... action item -> add request-id propagation": the request.
    _Rewrite(r"^.*?\baction\s+items?\s*(?:->|\u2192|:)\s*", "", "action item", re.IGNORECASE),
    # "the security checklist (authn, authz, CORS, headers, ...)": its parts.
    _Rewrite(r"\b(checklist|review|audit)\s*\([^()]{1,80}\)", r"\1", "(", re.IGNORECASE),
    _Rewrite(r"^\s*runbook\s*(?=[;:]|\s+step\b)", "", "runbook", re.IGNORECASE),
    # "Runbook step 3: ...": a step of a list.
    _Rewrite(r"\b(?:runbook\s+)?step\s+\d+\s*:", ";", "step", re.IGNORECASE),
    # "(seq scans, 40M rows)": a table's size.
    _Rewrite(r"\s*\((?:[^()]*,\s*)?\d+(?:\.\d+)?\s*[kKmM]?\s+rows\)", "", "rows", re.IGNORECASE),
    # "..., identical shape everywhere": the envelope already asked.
    _Rewrite(
        r",\s*identical\s+(?:shape|format|structure)\s+everywhere", "", "identical", re.IGNORECASE
    ),
    # "; keep it behind auth later (not now)": for later.
    _Rewrite(r"[;,.]\s*[^;,.]*\blater\s*\(\s*not\s+now\s*\)", "", "not now", re.IGNORECASE),
    # "; output findings as a table": how the report is shown.
    _Rewrite(
        r"[;,]\s*output\s+(?:the\s+)?findings\s+as\s+(?:a\s+)?\w+", "", "output", re.IGNORECASE
    ),
    # "pg CPU pegged at 95%": a measurement.
    _Rewrite(
        r"\b(?:pg|db|database|postgres\w*)\s+cpu\s+(?:is\s+)?(?:pegged|stuck|at|maxed)\s+(?:at\s+|out\s+at\s+)?\d+%",
        "",
        "cpu",
        re.IGNORECASE,
    ),
    # "Should we cache GET /books in Redis? Yes - ...": the answer is yes.
    _Rewrite(r"\?\s*yes\s*(?:[;\u2014\u2013-]+|,|\.|!)\s*", "? ", "yes", re.IGNORECASE),
    # "Spec item 1:", "Spec 3.2 -", "Non-functional requirement:": a spec's labels.
    _Rewrite(
        r"(?:^|(?<=[.;]\s))\s*(?:spec(?:\s+item)?(?:\s+[\d.]+)?|non-?functional\s+requirements?(?:\s+[\d.]+)?)"
        r"\s*(?:[:;\u2014\u2013]|-+)\s*",
        "",
        ("spec", "requirement"),
        re.IGNORECASE,
    ),
    # "ok team its 3am and we NEED ...": whom it is to, and when.
    _Rewrite(
        r"^\s*(?:ok|okay|alright)\s+(?:team|guys|folks|all|everyone)\s*,?\s*"
        r"(?:it'?s\s+\d+\s*(?:am|pm)\s+and\s+)?",
        "",
        ("ok", "okay", "alright"),
        re.IGNORECASE,
    ),
    # "... kthx": thanks.
    _Rewrite(
        r"[,.;!]?\s*\b(?:kthx(?:bye)?|kthnx|ty|tyvm|tks|tnx|thks|thnx)\s*[.!]*\s*$",
        "",
        ("kthx", "ty", "kthnx", "tks", "tnx", "thks", "thnx"),
        re.IGNORECASE,
    ),
    # "a price in dollars": money.
    _Rewrite(
        r"\b(price|cost|amount|total|fee|budget|salary|balance)\s+in\s+(?:dollars|euros|pounds|usd|eur|gbp)\b"
        r"(?!\s+and\b)",
        r"\1:decimal",
        ("dollars", "euros", "pounds", "usd", "eur", "gbp"),
        re.IGNORECASE,
    ),
    # "..., its timing out": how it is.
    _Rewrite(
        r",\s*it'?s\s+(?:timing\s+out|so\s+slow|crawling|super\s+slow|dying)\b",
        "",
        ("timing", "slow", "crawling", "dying"),
        re.IGNORECASE,
    ),
    # "project health check? what score are we at": the score asked.
    _Rewrite(
        r"\bwhat\s+score\s+(?:are\s+we|is\s+it|do\s+we\s+get|would\s+we\s+get)(?:\s+at)?\s*\??",
        "",
        "score",
        re.IGNORECASE,
    ),
    # "? We need a baseline before refactoring.": why.
    _Rewrite(
        r"(?<=[.?!;])\s*we\s+need\s+(?:a|the)\s+baseline\b[^.;!?]*[.!]?",
        " ",
        "baseline",
        re.IGNORECASE,
    ),
    # "..., i cant do it rn": why they ask.
    _Rewrite(
        r"[,;]\s*i\s+(?:can't|cant|cannot|can\s+not)\s+do\s+(?:it|this|that)(?:\s+(?:rn|right\s+now|now|myself|today))?",
        "",
        ("can't", "cant", "cannot", "can not"),
        re.IGNORECASE,
    ),
    # "... - the mobile app crashes on anything else": why.
    _Rewrite(
        r"[;,]\s*(?:the|our)\s+(?:mobile\s+|ios\s+|android\s+)?(?:app|client|frontend)\s+crash(?:es|ed)?\s+on\s+"
        r"anything\s+else\b",
        "",
        "crash",
        re.IGNORECASE,
    ),
    # "...; no endpoint may return a bare string or HTML": the envelope's rule.
    _Rewrite(
        r";\s*no\s+(?:endpoint|route|handler)\s+(?:may|should|can|shall)\s+return\s+[^.;]*",
        "",
        "no endpoint",
        re.IGNORECASE,
    ),
    # "the same JSON: {code, message, details}, for all errors": one clause.
    _Rewrite(
        r"(\bsame\s+(?:json|format|shape|structure|body)\b[^.;]*?),\s*for\s+(?:all|every)\s+(?:the\s+)?errors?\b",
        r"\1 for every error",
        "same",
        re.IGNORECASE,
    ),
    # "the `room_review` resource: ... Can you generate everything?": its CRUD.
    _Rewrite(
        r"(\bresource\b[^?!]*?)\b(generate|build|create|make|do)\s+everything\b",
        r"\1\2 the crud",
        "everything",
        re.IGNORECASE,
    ),
    # "a kill feed", "the loot drop logs": a game's nouns.
    _Rewrite(r"\bkill\s+(feeds?|cams?|counts?|streaks?)\b", r"kill_\1", "kill", re.IGNORECASE),
    # "Thereafter, ...", "Subsequently, ...": the next step.
    _Rewrite(
        r"\b(?:thereafter|subsequently|afterwards|after\s+that)\b\s*,?",
        " then ",
        ("thereafter", "subsequently", "afterwards", "after that"),
        re.IGNORECASE,
    ),
    # "Students, we need ...", "Class, your job is ...": whom the message is to.
    _Rewrite(
        r"^\s*(?:students|class|everyone|folks|guys|team|kids|all)\s*,\s*(?:your\s+job\s+(?:this\s+week\s+)?is\s+to\s+)?",
        "",
        ("students", "class", "everyone", "folks", "guys", "team", "kids", "all"),
        re.IGNORECASE,
    ),
    # "set up lockers as a resource", "add textbooks to the API — subject as a
    # string, ...": a CRUD for them.
    _Rewrite(
        r"\b(?:set\s+up|add|create|make|expose)\s+([a-z][a-z0-9_]*)\s+as\s+an?\s+(?:resource|entity)\b",
        r"create a CRUD feature for \1",
        "as a",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"^\s*(?:please\s+)?add\s+([a-z][a-z0-9_]*s)\s+to\s+the\s+(?:api|app|system)\s*(?:[;:,\u2014\u2013]|-+)\s*"
        r"(?=[a-z_]+\s*(?:as\s+an?\s+|in\s+|:)?\s*(?:str|string|text|int|integer|float|decimal|bool|boolean|date|datetime|uuid)\b)",
        r"create a CRUD feature for \1 with ",
        ("to the api", "to the app", "to the system"),
        re.IGNORECASE,
    ),
    # "a supplier, recording name (text), ...", "recording the following:":
    # the fields kept.
    _Rewrite(
        r",?\s+recording\s+(?:the\s+following\s*:?\s*)?(?=[a-z_]+\s*[(:])",
        " with ",
        "recording",
        re.IGNORECASE,
    ),
    # "paid, being yes or no according to whether the money has come in",
    # "disposed (whether we have got rid of it, yes or no)": the flag.
    _Rewrite(
        r"\b(yes\s+or\s+no|yes/no|true\s+or\s+false)\s+according\s+to\s+whether\s+[^.;,)]+",
        r"\1",
        "according",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\(\s*whether\s+[^(),;]{1,60},\s*(yes\s+or\s+no|yes/no|true\s+or\s+false)\s*\)",
        r"(\1)",
        "whether",
        re.IGNORECASE,
    ),
    # "..., Best regards, Anil": a letter's closing and its signature.
    _Rewrite(
        r"[,.;!]?\s*(?i:(?:(?:best|kind|warm|many)\s+)?(?:regards|greetings|cheers|thanks|thx|merci)"
        r"(?:\s+in\s+advance)?)\s*[,.]?"
        r"\s*(?:-\s*)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?\s*[.!]*\s*$",
        "",
        ("regards", "greetings", "cheers", "thanks", "thx", "merci"),
    ),
    # "resource: employee / plural: staff / fields: ...": a form filled in
    # for a CRUD feature.
    _Rewrite(
        r"^\s*(?:new\s+)?(?:resource|entity)\s*[:=]\s*(?=[\w'\"])",
        "crud for ",
        (":", "="),
        re.IGNORECASE,
    ),
    # "Generate CRUD - resource: incident, fields: ...": the form after the command.
    _Rewrite(
        r"\bcrud[\s;,:-]+(?:resource|entity)\s*[:=]\s*(?=[\w'\"])",
        "crud for ",
        ("resource", "entity"),
        re.IGNORECASE,
    ),
    # "{detail: ...}": a shape sketched, its elided part said nothing.
    _Rewrite(r":?\s*\.\.\.\s*(?=[}\]])", "", "..."),
    # "half print(), half logging": the calls of a function named with its brackets.
    _Rewrite(r"\bprint\(\)", "print calls", "print("),
    # "[ ] security review [x] audit": a checklist's boxes mark its items; a
    # ticked one is there already.
    _Rewrite(r"(?:^|(?<=[\s:]))\[\s?\]\s", "; ", "["),
    _Rewrite(r"(?:^|(?<=[\s:]))\[[xX]\]\s", "; already done: ", "["),
    # "Tasks: 1) Dockerfile 2) ...": the list a colon opens starts after it.
    _Rewrite(r":\s*;\s*", ": ", ":"),
    # "rating (int 1-5)", "assignee_id (int, optional)": a type's range or
    # whether it may be empty says nothing fastprod uses; the type stays.
    _Rewrite(
        r"\(\s*([a-z]+)\s+-?\d+(?:\.\d+)?\s*(?:-|to|\.\.)\s*\d+(?:\.\d+)?\s*\)",
        r"(\1)",
        "(",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\(\s*([a-z]+)\s*,\s*(?:optional|required|nullable|unique|indexed|not\s+null)\s*\)",
        r"(\1)",
        "(",
        re.IGNORECASE,
    ),
    _Rewrite(_SIZED_TYPE, r"\1", "("),
    _Rewrite(_RANKED, ", ", ">"),
    # "an is_paid flag (boolean)", "a status field (string)": the word for a
    # field between its name and its type.
    _Rewrite(
        r"\b([a-z_]\w*)\s+(?:flag|field|column|attribute|property)\s*(?=\()",
        r"\1 ",
        ("flag", "field", "column", "attribute", "property"),
        re.IGNORECASE,
    ),
    _Rewrite(_BRACKETED_TYPE, r"\1:\2", "("),
    # "Refactor everything according to the best practices": how, not an audit.
    _Rewrite(
        r",?\s+(?:according\s+to|as\s+per|in\s+line\s+with|following)\s+(?:the\s+|all\s+(?:the\s+)?)?"
        r"(?:current\s+|modern\s+|industry\s+|fastapi\s+)?best\s+practices?\b",
        "",
        "best practice",
        re.IGNORECASE,
    ),
    # "recomputes the same expensive response on every request": the same
    # work done again for each call.
    _Rewrite(
        r"\b(?:re)?(?:computes|calculates|builds|renders|generates)\s+the\s+(?:exact\s+)?same\s+"
        r"(?:[\w-]+\s+){0,3}?(?:on|for)\s+(?:every|each)\s+(?:call|request|hit)\b",
        "recomputed on every call",
        "same",
        re.IGNORECASE,
    ),
    # "/catalog recomputes the same payload on every call": the endpoint at
    # that path, the subject of what it does.
    _Rewrite(
        r"(?:^|(?<=[:;.,]\s))(?:the\s+)?/([a-z][a-z0-9_-]*)(?:/[\w{}/-]*)?(?:\s+endpoint)?"
        r"(?=\s+(?:recomputes|runs|calls|hits|returns|takes|gets|does|queries|loads|fetches"
        r"|computes|calculates|builds|rebuilds|renders)\b)",
        r"the \1 endpoint",
        "/",
    ),
    # "...; API failure rate 7%", ", 40% of DB CPU": a measure of how bad it
    # is, in an incident's notes; a coverage figure is a target and stays.
    _Rewrite(
        r"[,;]\s*(?!(?:[\w/-]+\s+){0,3}?(?:test\s+)?coverage\b)(?:[\w/-]+\s+){0,3}\d+(?:\.\d+)?\s*%"
        r"(?:\s+(?:of\s+)?[\w/-]+){0,3}\s*(?=[.;,]|$)",
        "",
        "%",
    ),
    # "data changes daily", "the data is updated once a week": how often what
    # is cached changes, said of it.
    _Rewrite(
        r"\b(?:the\s+|our\s+)?data\s+(?:only\s+)?(?:changes?|updates?|is\s+updated|gets\s+updated)"
        r"\s+(?:only\s+)?(?:daily|hourly|weekly|monthly|nightly|rarely|seldom"
        r"|(?:once|twice)\s+(?:a|per)\s+(?:day|week|month|hour)|(?:every|each)\s+(?:day|night|week|month|hour))\b",
        "",
        "data",
        re.IGNORECASE,
    ),
    # "I don't know how to ship it": help asked, nothing negated.
    _Rewrite(
        r"\b(?:i|we)\s+(?:do\s+not|don'?t|dont)\s+(?:really\s+)?know\s+how\s+to\b",
        "please help us",
        "know how",
        re.IGNORECASE,
    ),
    # "API error rate 7%": a measure of failures, not error handling.
    _Rewrite(r"\berror[\s-]rates?\b", "failure rate", "rate", re.IGNORECASE),
    # "tests for the feature orders", "make for the resource customer the
    # CRUD": the kind of thing before its name.
    _Rewrite(
        r"\b(the\s+)(feature|module|resource|entity)\s+([a-z][a-z0-9_]*)"
        r"(?=\s*(?:[,.;!?]|$)|\s+(?:the|also|and|with|too|please|pls)\b)",
        r"\1\3 \2",
        ("feature", "module", "resource", "entity"),
        re.IGNORECASE,
    ),
    # "with like start date, end date and plan": a filler "like".
    _Rewrite(r"\b(with|has|have|including|include)\s+like\s+", r"\1 ", "like", re.IGNORECASE),
    # "super excited!!": how the person feels.
    _Rewrite(
        r",?\s*(?:i'?m\s+|i\s+am\s+|we'?re\s+)?(?:super|so|really|very)?\s*"
        r"(?:excited|hyped|pumped|stoked)(?:\s+about\s+(?:it|this))?\s*!*",
        "",
        ("excited", "hyped", "pumped", "stoked"),
        re.IGNORECASE,
    ),
    # "tests for checkout, for our regression suite": where they will run.
    _Rewrite(
        r",?\s+for\s+(?:our|the|my)\s+(?:regression|ci|nightly|test|e2e)\s+(?:suite|runs?|pipeline)\b",
        "",
        "suite",
        re.IGNORECASE,
    ),
    # "Please add log. xiexie" written with Chinese punctuation (NFKC makes
    # the full-width comma a comma, not the ideographic full stop), and its
    # courtesies ("xiexie", "mafan le"), in an English request.
    _Rewrite(r"\s*\u3002\s*", ". ", "\u3002"),
    _Rewrite(
        r"[,.;!]?\s*(?:\u8c22\u8c22(?:\u4f60|\u60a8)?|\u591a\u8c22|\u9ebb\u70e6(?:\u4f60|\u60a8)?\u4e86"
        r"|\u62dc\u6258(?:\u4e86)?)\s*[.!]*",
        " ",
        ("\u8c22", "\u9ebb\u70e6", "\u62dc\u6258"),
    ),
    # "Grand, now would you ever add a CRUD", "Bung a Redis cache on the menus
    # endpoints there, good man": Irish English.
    _Rewrite(r"\bwould\s+you\s+ever\b", "please", "ever", re.IGNORECASE),
    _Rewrite(
        r"^\s*(?:grand|sound|deadly|lovely)\s*[,!.]\s*",
        "",
        ("grand", "sound", "deadly", "lovely"),
        re.IGNORECASE,
    ),
    # "..., to be fair", "tbh,", "in all honesty": how frankly it is said
    # ("to be honest" is read with "be brutal" earlier).
    _Rewrite(
        r"\s*,?\s*\b(?:to\s+be\s+fair|tbh|in\s+all\s+honesty)\b\s*,?",
        " ",
        ("fair", "tbh", "honesty"),
        re.IGNORECASE,
    ),
    # "a date of birth": one field.
    _Rewrite(
        r"\b(date|place|country|year)\s+of\s+(birth|issue|arrival|departure|purchase|death)\b",
        r"\1_of_\2",
        " of ",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\s*[,;-]?\s*(?:and\s+)?(?:all\s+)?that\s+(?:class|kind|sort|type)\s+of\s+(?:thing|stuff)s?\b",
        "",
        ("class of", "kind of", "sort of", "type of"),
        re.IGNORECASE,
    ),
    _Rewrite(r"\bbung\b", "put", "bung", re.IGNORECASE),
    _Rewrite(
        r"\s*,?\s*\b(?:good\s+(?:man|woman|lad|girl)|there's\s+a\s+good\s+\w+)\s*[.!]*\s*$",
        "",
        "good",
        re.IGNORECASE,
    ),
    # "..., its a mess", "..., mortifying": how bad it is.
    _Rewrite(
        r"\s*[,;-]\s*(?:(?:it'?s|it\s+is|its)\s+(?:a\s+(?:total\s+|complete\s+|right\s+)?(?:mess|shambles|"
        r"disaster|nightmare)|embarrassing|mortifying)|mortifying|embarrassing)\s*[.!]*(?=\s*$|\s*[.;])",
        "",
        ("mess", "shambles", "disaster", "nightmare", "embarrassing", "mortifying"),
        re.IGNORECASE,
    ),
    # "global handlers, no stack traces leaking": what error handling keeps
    # from clients.
    _Rewrite(
        r"(?:(?<=,)|(?<=:)|(?<=;))\s*no\s+(?:leaked\s+|leaking\s+)?(?:stack\s*traces?|tracebacks?)"
        r"(?:\s+(?:leaking|leaked|leaks|exposed|in\s+(?:the\s+)?responses?))?\s*(?=[,.;!]|$)",
        " hidden stack traces",
        "no ",
        re.IGNORECASE,
    ),
    # "..., acceptance criteria to follow": what comes later, nothing now.
    _Rewrite(
        r"\s*[,;-]?\s*(?:the\s+)?(?:acceptance\s+criteria|ac|specs?|details|more)\s+to\s+follow\b",
        "",
        "to follow",
        re.IGNORECASE,
    ),
    # "Assume nothing.": how thorough to be.
    _Rewrite(
        r"(?:^|(?<=[.!?;,]))\s*(?:assume|trust)\s+nothing\s*[.!]*",
        " ",
        "nothing",
        re.IGNORECASE,
    ),
    # "Readiness audit, to find what's blocking launch": what the review is for.
    _Rewrite(
        r",?\s*\bto\s+(?:find|see|know|learn|figure|work|understand)\s+(?:out\s+)?"
        r"(?:what|where|which|whether)\b[^.;!?]*",
        "",
        " to ",
        re.IGNORECASE,
    ),
    # "a bookings thing with name, phone": the word that only says it is one.
    _Rewrite(
        r"(?<=[a-z])\s+(?:thing|bit|stuff)(?=\s+with\b)",
        "",
        ("thing", "bit", "stuff"),
        re.IGNORECASE,
    ),
    # "for a dataset resource - router, service layer, repository and schemas":
    # a CRUD feature's layers, said after it.
    _Rewrite(
        rf"\s*[-\u2013\u2014:;]\s*{_CRUD_LAYER}(?:\s*,\s*(?:and\s+)?{_CRUD_LAYER}|\s+(?:and|&|\+)\s+{_CRUD_LAYER}){{2,}}"
        r"\s*(?=[.!]?\s*$)",
        "",
        "repositor",
        re.IGNORECASE,
    ),
    # "go through the API like a pentester would": how, not who.
    _Rewrite(
        r"\s*,?\s*\blike\s+(?:a|an|the|any)\s+[\w-]+(?:\s+[\w-]+)?\s+would(?:\s+(?:do|look|see))?\b",
        "",
        "would",
        re.IGNORECASE,
    ),
    # "a fresh service ..., production-ready from day one": how it is made.
    _Rewrite(
        r"\s*,?\s*production[\s-]ready\s+from\s+(?:day\s+one|the\s+start|the\s+get-?go|the\s+beginning)",
        "",
        "day",
        re.IGNORECASE,
    ),
    # "roles are admin and the moderator": the role, not its article.
    _Rewrite(
        r"\b(roles?\s+(?:are|is|:)\s+(?:the\s+)?[a-z_]+(?:\s*,\s*(?:the\s+)?[a-z_]+)*\s+and)\s+the\s+(?=[a-z_]+\b)",
        r"\1 ",
        "roles",
        re.IGNORECASE,
    ),
    # "type Device struct { Serial string; Model string }": a Go struct, its fields.
    _Rewrite(
        r"\btype\s+([A-Z]\w*)\s+struct\s*\{([^}]*)\}",
        _go_struct,
        "struct",
    ),
    # "audit it ta", "Period.", "No more, no less.": a thanks, or how firmly
    # it is said.
    _Rewrite(r"(?<=[a-z])(?<!\band)(?<!\bor)\s+ta\s*[.!]*\s*$", "", " ta", re.IGNORECASE),
    _Rewrite(r"[.,;]\s*period\s*[.!]*\s*$", ".", "period", re.IGNORECASE),
    _Rewrite(r"\s*\bno\s+more\s*,\s*no\s+less\b\s*[.!]*", " ", "no less", re.IGNORECASE),
    # ", very confusing for our Unity team": how bad it is, for whom.
    _Rewrite(
        r",\s*(?:which\s+is\s+)?(?:very|really|super|quite|so|pretty)\s+(?:confusing|annoying|frustrating|painful"
        r"|embarrassing)\b[^.;!?]*",
        "",
        ("confusing", "annoying", "frustrating", "painful", "embarrassing"),
        re.IGNORECASE,
    ),
    # "first name, last name and email": one field each.
    _Rewrite(
        r"\b(first|last|middle|given|family|full|display|nick)\s+name\b",
        r"\1_name",
        " name",
        re.IGNORECASE,
    ),
    # "even though the underlying data only changes once a night", "but
    # rankings change only once per minute": how often it changes, said of it.
    _Rewrite(
        r",?\s*(?:(?:even\s+)?though|although|but|since|because|as)\s+(?:the\s+|our\s+)?"
        r"(?:underlying\s+)?(?:data|[a-z]+s)\s+(?:only\s+)?(?:changes?|updates?|(?:is|are)\s+updated)"
        r"\s+(?:only\s+)?(?:(?:once|twice)\s+(?:a|per)\s+(?:minute|night|day|week|month|hour))\b",
        "",
        ("once", "twice"),
        re.IGNORECASE,
    ),
    # "Could it be explained how connection pooling functions?": a question.
    _Rewrite(
        r"^\s*(?:could|can|would)\s+it\s+be\s+explained\s+",
        "can you explain ",
        "explained",
        re.IGNORECASE,
    ),
    # 'fields "full name", "badge number", "host"': a name in quotes is one field.
    _Rewrite(r"\bfields?\b.*", _quoted_fields, '"'),
    # Hedged, formal requests: "It would be advisable to optimise ...",
    # "Consideration should be given to a Device entity ...", "What is
    # required is a set of tests ...", "It is understood that ...", "a new
    # project, to be named X, ...", "..., after which ...", "presently".
    _Rewrite(
        r"\bit\s+would\s+be\s+(?:advisable|desirable|preferable|wise|helpful|beneficial)\s+to\b",
        "please",
        "would be",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bconsideration\s+(?:should|must|ought\s+to)\s+be\s+given\s+to\b",
        "please add",
        "consideration",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"^\s*what\s+is\s+(?:required|needed|wanted)\s+is\b",
        "please add",
        "required",
        re.IGNORECASE,
    ),
    _Rewrite(r"^\s*it\s+is\s+understood\s+that\s+", "", "understood", re.IGNORECASE),
    _Rewrite(r",?\s*to\s+be\s+(named|called)\s+([\w-]+)\s*,?", r" \1 \2", "to be", re.IGNORECASE),
    _Rewrite(
        r",\s*(?:including|with|plus)\s+(?:the\s+)?fixtures\s*,?",
        " and fixtures",
        "fixtures",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\s*,?\s*\b(?:presently|at\s+present|currently)\b\s*,?",
        " ",
        ("present", "currently"),
        re.IGNORECASE,
    ),
    _Rewrite(r",\s*in\s+order\s*,", "", "in order", re.IGNORECASE),
    _Rewrite(
        r"\broles\s+of\s+(?=[a-z_]+\s+and\s+(?!of\b)[a-z_]+)", "roles ", "roles of", re.IGNORECASE
    ),
    # "an owasp-style check": an OWASP review.
    _Rewrite(r"\bowasp[\s-](?:style|type|like)\b", "OWASP", "owasp", re.IGNORECASE),
    # "zero tests on the checkout flow, scary", "anyone can hit /admin rn":
    # how it feels, and when.
    _Rewrite(
        r",\s*(?:scary|terrifying|yikes|ugh|not\s+great|sad|lol)\s*[.!]*\s*$",
        "",
        ("scary", "terrifying", "yikes", "ugh", "not great", "sad", "lol"),
        re.IGNORECASE,
    ),
    _Rewrite(r"\s+rn\b", "", " rn", re.IGNORECASE),
    # ", to catch regressions before every release": what tests are for.
    _Rewrite(
        r",?\s*\bto\s+catch\s+(?:regressions|bugs|breakages|mistakes)\b[^.;]*",
        "",
        "catch",
        re.IGNORECASE,
    ),
    # "Tests for the shipments, for not break things": so as not to.
    _Rewrite(r"\bfor\s+not\s+(?:break|breaking)\b", "so we do not break", "for not", re.IGNORECASE),
    # "GET /donations logs 51 SELECTs": the queries it runs, not logging.
    _Rewrite(
        r"\blogs\s+(\d+)\s+(?:selects?|queries|statements|sql\s+queries)\b",
        r"runs \1 queries",
        "logs",
        re.IGNORECASE,
    ),
    # "security review - want to sleep at night before launch": why.
    _Rewrite(
        r"\s*[-,;]?\s*(?:i\s+|we\s+)?want\s+to\s+sleep\s+at\s+night\b[^.;]*",
        "",
        "sleep",
        re.IGNORECASE,
    ),
    # "a proper set of tests": tests.
    _Rewrite(
        r"\ba\s+(?:proper\s+|full\s+|complete\s+|good\s+|whole\s+)?set\s+of\s+tests\b",
        "tests",
        "set of",
        re.IGNORECASE,
    ),
    # "Me gustaria...", "..., vale?", "porfa": Spanish courtesies.
    _Rewrite(r"\bme\s+gustar[ií]a\b\.*", "I would like", "gustar", re.IGNORECASE),
    _Rewrite(r",?\s*\bvale\s*\?*\s*$", "", "vale", re.IGNORECASE),
    _Rewrite(r"\bporfa(?:vor)?\b", "please", "porfa", re.IGNORECASE),
    # "breaks something in the authentication": breaks the authentication.
    _Rewrite(
        r"\b(breaks|broke|break)\s+(?:something|stuff|things)\s+in\s+", r"\1 ", "in ", re.IGNORECASE
    ),
    # "audit, for the prod-readiness gate in the pipeline": where it will run.
    _Rewrite(
        r",?\s*for\s+(?:the|our|a)\s+[\w-]+\s+gate\b(?:\s+in\s+(?:the\s+|our\s+)?(?:ci\s+)?pipeline)?",
        "",
        "gate",
        re.IGNORECASE,
    ),
    # "recompute the same thing every time": the same work done again.
    _Rewrite(
        r"\b(?:re)?(?:compute|calculate|build|render|generate)s?\s+the\s+(?:exact\s+)?same\s+"
        r"(?:[\w-]+\s+){0,3}?every\s+time\b",
        "recomputed on every call",
        "same",
        re.IGNORECASE,
    ),
    # Dictation: "um", "okay so", "so yeah" opening what is said; "cashing",
    # "connection pulling", "data base" heard for what was meant.
    _Rewrite(
        r"^\s*(?:(?:(?:um+|uh+|okay|ok|yeah|alright)\s*,?\s+)+(?:so\s*,?\s+(?:yeah\s*,?\s+)?)?"
        r"|so\s+(?:yeah|um+|uh+)\s*,?\s+)(?=\w)",
        "",
        ("um", "uh", "okay", "ok", "so", "yeah", "alright"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bcashing\b(?=\s+(?:with|for|on|to|in|layer)\b)", "caching", "cashing", re.IGNORECASE
    ),
    _Rewrite(r"\bconnection\s+pulling\b", "connection pooling", "pulling", re.IGNORECASE),
    _Rewrite(r"\bdata\s+base\b", "database", "data base", re.IGNORECASE),
    # "crud for recipes with title ingredients and cook time", "fields are
    # title duration and publish date": a field list said without commas.
    _Rewrite(_SPOKEN_FIELDS, _spoken_fields, ("with", "fields")),
    # "with home team, away team, kick-off time and venue": names of two words
    # in a field list, each one field.
    _Rewrite(_TWO_WORD_FIELDS, _two_word_fields, ("with", "fields")),
    # Thai and Twi particles and asides: "... krub", "... ka", "Chale, ...", "..., ɛyɛ?".
    _Rewrite(
        r"[,.;!]?\s*(?<!\w)(?:krub|khrap|krap|kha|na\s+ka|ka|chale|\u025by\u025b)(?!\w)\s*[?.!]*\s*$",
        "",
        ("krub", "khrap", "krap", "kha", " ka", "chale", "\u025by\u025b"),
        re.IGNORECASE,
    ),
    _Rewrite(r"^\s*chale\s*,?\s*", "", "chale", re.IGNORECASE),
    # "Could you tell me what a Docker container actually is?": a question.
    _Rewrite(
        r"\b(?:could|can|would)\s+you\s+(?:please\s+)?(?:tell|explain\s+to)\s+me\s+what\s+(?:an?\s+)?"
        r"([\w\s-]{1,40}?)\s+(?:actually\s+|really\s+|exactly\s+)?is\b",
        r"what is \1",
        "tell me what",
        re.IGNORECASE,
    ),
    # Kaomoji: "(^_^)", "(^^;)", "m(_ _)m".
    _Rewrite(r"\s*m?\((?:[\^;_\-oO.~*]\s?){2,8}\)m?", " ", ("^", "_ _")),
    # "... Kamsahamnida!", "dziekuje", "onegai (shimasu)", "yoroshiku",
    # "khalas", "yalla": a thanks or a courtesy of another language.
    _Rewrite(
        r"[,.;!]?\s*(?<!\w)(?:kamsahamnida|gamsahamnida|gomawo|gomapseumnida|arigato(?:u)?(?:\s+gozaimasu)?"
        r"|dzi\u0119ki|dzieki|dzi\u0119kuj\u0119|dziekuje"
        r"|\u0434\u044f\u043a\u0443\u044e|\u0441\u043f\u0430\u0441\u0438\u0431\u043e"
        r"|onegai(?:\s*shimasu)?|yoroshiku(?:\s*onegai(?:\s*shimasu)?)?|khalas"
        r"|yalla|inshallah|insha'?allah|habibi)(?!\w)\s*[.!]*",
        " ",
        (
            "hamnida",
            "gomawo",
            "gomap",
            "arigato",
            "dzi",
            "\u0434\u044f\u043a",
            "\u0441\u043f\u0430\u0441",
            "onegai",
            "yoroshiku",
            "khalas",
            "yalla",
            "inshallah",
            "insha",
            "habibi",
        ),
        re.IGNORECASE,
    ),
    # "..., ne?", "..., né?", "..., tá?": a question's tag.
    _Rewrite(
        r",\s*(?:ne|n\u00e9|t\u00e1)\s*\?*\s*$", "", (" ne", "n\u00e9", "t\u00e1"), re.IGNORECASE
    ),
    # ", same layout as the others": how, like what is there.
    _Rewrite(
        r",?\s*same\s+(?:layout|structure|style|pattern|shape)\s+as\s+(?:the\s+)?(?:others|rest|existing\s+ones)",
        "",
        "same",
        re.IGNORECASE,
    ),
    # "..., 500s everywhere": the symptom.
    _Rewrite(r",\s*(?:5\d\d)s?\s+(?:everywhere|all\s+over(?:\s+the\s+place)?)", "", "everywhere"),
    # "The system shall implement ...": a requirement, asked.
    _Rewrite(
        r"\bthe\s+(?:system|api|application|service|platform)\s+shall\s+(?!be\b)",
        "please ",
        "shall",
        re.IGNORECASE,
    ),
    # "we haven't checked the API for vulnerabilities yet", "no one has ever
    # checked the app for security holes", "the API was never checked for
    # XSS": a check nobody made is the problem a review answers.
    _Rewrite(
        r"\b(?:(?:we|i|the\s+team)\s+(?:have\s+not|haven't|has\s+not|hasn't|have\s+never)"
        r"|(?:nobody|no\s+one)(?:\s+has)?)\s+(?:yet\s+|ever\s+)*"
        r"(?:examined|reviewed|audited|inspected)?(?=(?:checked|examined|reviewed|audited|inspected)?"
        r"\s*.{0,40}?\bfor\s+(?:sql|xss|vuln|security|owasp|injection))",
        "we never ",
        "checked",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b(the\s+(?:api|app|application|service|code|codebase))\s+(?:was|has\s+been)\s+"
        r"(?:not\s+|never\s+)(?:yet\s+|ever\s+)*checked\s+for\b"
        r"(?=\s+(?:sql|xss|vulnerab|security|owasp|injection))",
        r"we never checked \1 for",
        "checked",
        re.IGNORECASE,
    ),
    # "a new project under the name audit_trail": its name.
    _Rewrite(
        r"\bunder\s+the\s+(?:name|title)\s+(?=[\w\"'`])", "named ", "under the", re.IGNORECASE
    ),
    # "Ideally, we would have a security assessment ...": how much it is wanted.
    _Rewrite(r"(?:^|(?<=[.;!?]\s))ideally\s*,?\s*", "", "ideally", re.IGNORECASE),
    # "... before the penetration test scheduled by our external vendor": when,
    # and who runs that other event, said of it.
    _Rewrite(
        r"\b(before|ahead\s+of|prior\s+to)\s+(the|our|their)\s+((?:[\w-]+\s+){0,3}?[\w-]+)\s+"
        r"(?:scheduled|planned|booked|arranged|ordered)\s+(?:by|with|for)\s+[^.;,!?]*",
        r"\1 \2 \3",
        ("scheduled", "planned", "booked", "arranged", "ordered"),
        re.IGNORECASE,
    ),
    # "Anyone walking past the front desk can open the staff pages": who
    # anyone is, said of them.
    _Rewrite(
        r"\b(any(?:one|body))\s+(?:walking|passing|sitting|standing|browsing|using)\s+"
        r"(?:[\w'-]+\s+){0,5}?(can|could)\b",
        r"\1 \2",
        ("walking", "passing", "sitting", "standing", "browsing", "using"),
        re.IGNORECASE,
    ),
    # "the roles are, in this order, superuser and analyst": the order the
    # list is said in, which it keeps.
    _Rewrite(r",\s*in\s+(?:this|that|the\s+following)\s+order\s*,", "", "order", re.IGNORECASE),
    # "Following yesterday's architecture board, and bearing in mind our Q3
    # go-live, ...", "with the audit looming,", "Having spent fifteen years on
    # Spring Boot, ...": what led to the request, said before it.
    _Rewrite(
        r"(?:^|(?<=[.;!]\s))following\s+(?!(?:the\s+)?(?:standard|usual|same)\b)[^,.;]{1,60},\s*",
        "",
        "following",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"(?:,\s*)?(?:and\s+)?(?:bearing|keeping)\s+in\s+mind\s+[^,.;]{1,60},\s*",
        " ",
        "in mind",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"(?:,\s*)?(?:and\s+)?with\s+(?:the|our|a|an)\s+(?:[\w-]+\s+){0,3}?(?:looming|approaching"
        r"|coming\s+up|around\s+the\s+corner)\s*,\s*",
        ", ",
        ("looming", "approaching", "coming up", "around the corner"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"(?:^|(?<=[.;!]\s))having\s+(?:spent|worked|been|used)\s+[^;.]{1,80}?[,;]\s*"
        r"(?:(?:i\s+am|i'm)\s+still\s+(?:finding\s+my\s+feet|learning|new)\s+[^;.]{0,40}[;,.]\s*)?",
        "",
        "having",
        re.IGNORECASE,
    ),
    # "kindly do the checking of security of our api": the check.
    _Rewrite(
        r"\b(?:do|make)\s+(?:the|a)\s+checking\s+(?:of|on)\b", "check", "checking", re.IGNORECASE
    ),
    # "new project pls, inventory_api": a courtesy before a comma, amid
    # what is asked.
    _Rewrite(r"(?<=\w)\s+(?:pls|plz|please)\s*,(?=\s*[\w`'\"])", ",", ("pls", "plz", "please")),
    # "before I go on vacation: optimize db": when, then a colon before the
    # request.
    _Rewrite(
        r"(?:^|(?<=[.!]\s))((?:before|after|once|when|while)\s+(?:i|we)\s+[^:;.,]{1,40}):\s*",
        r"\1, ",
        ("before", "after", "once", "when", "while"),
        re.IGNORECASE,
    ),
    # "..., my boss wants a number for the board meeting": why, told of someone else.
    _Rewrite(
        r",\s*(?:(?:my|our|the)\s+)?(?:boss|manager|cto|ceo|pm|lead|client|director)\s+"
        r"(?:wants|needs|asked\s+for|expects)\s+(?:a|an|the|some)\s+[^.;!?]*",
        "",
        ("wants", "needs", "asked for", "expects"),
        re.IGNORECASE,
    ),
    # "json logs + corr id": the correlation id.
    _Rewrite(r"\bcorr[.\s-]?(ids?)\b", r"correlation \1", "corr", re.IGNORECASE),
    # "there is no endpoint to manage rooms": the CRUD for them.
    _Rewrite(
        r"\bthere\s+(?:is|are)\s+no\s+(?:endpoints?|api|routes?|way)\s+to\s+(?:manage|edit|add|create"
        r"|change|maintain)\s+(?:the\s+|our\s+)?(?!(?:logs|deployments|tests|errors|caches|roles|sessions"
        r"|tokens|secrets|migrations|indexes)\b)([a-z_]+s)\b",
        r"add crud for \1",
        "there",
        re.IGNORECASE,
    ),
    # "Have the search results kept in cache for 45 seconds", "keep the
    # rates in the cache": what is cached.
    _Rewrite(
        r"\b(?:(?:have|get)\s+(the\s+(?:[\w-]+\s+){0,3}?[\w-]+)\s+kept|keep\s+(the\s+(?:[\w-]+\s+){0,3}?"
        r"[\w-]+))\s+in\s+(?:the\s+|a\s+)?cache\b",
        lambda match: f"cache {match.group(1) or match.group(2)}",
        "cache",
        re.IGNORECASE,
    ),
    # "tests that prove checkout still works": tests for checkout.
    _Rewrite(
        r"\b(tests?)\s+that\s+(?:prove|proves|show|shows|check|checks|verify|verifies|confirm"
        r"|confirms|make\s+sure|ensure|ensures)\s+(?:that\s+)?(?:the\s+|our\s+)?([\w-]+)\s+"
        r"(?:still\s+)?works?\b",
        r"\1 for \2",
        "that",
        re.IGNORECASE,
    ),
    # "tests for what the IT folks call the auth module": the module named.
    _Rewrite(
        r"(?<=\bfor\s)what\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}?(?:call|calls|name)\s+(?=the\s)",
        "",
        ("call", "name"),
        re.IGNORECASE,
    ),
    # "when a guest checks in": arrives, not a word "in" left to name.
    _Rewrite(r"\bchecks\s+in\b(?=\s*(?:[.,;?!]|$))", "arrives", "checks in", re.IGNORECASE),
    _Rewrite(r"\bchecks\s+out\b(?=\s*(?:[.,;?!]|$))", "leaves", "checks out", re.IGNORECASE),
    # "need live room board asap": live updates on it.
    _Rewrite(
        r"(?:^|(?<=\bneed\s)|(?<=\bwant\s)|(?<=\ba\s)|(?<=\ban\s))live\s+((?:[\w-]+\s+){0,2}?)"
        r"(board|dashboard|map|feed|screen"
        r"|status\s+page)\b",
        r"live updates for the \1\2",
        "live",
        re.IGNORECASE,
    ),
    # "sees a room flip to clean after they press refresh": it updates only on refresh.
    _Rewrite(
        r"\b(?:only\s+)?(?:after|when|once)\s+(?:they|you|we|staff|users?|people)\s+(?:press|hit|click"
        r"|tap)\s+(?:the\s+)?(?:refresh|reload)(?:\s+button)?\b",
        "until they refresh",
        ("refresh", "reload"),
        re.IGNORECASE,
    ),
    # "do we have option for db tuning?": is it possible.
    _Rewrite(
        r"\bdo\s+(?:we|you)\s+have\s+(?:an?\s+|any\s+)?options?\s+for\b",
        "can you do",
        "option",
        re.IGNORECASE,
    ),
    # "have request id inside, is possible?": inside them.
    _Rewrite(r"(?<=\w)\s+inside(?=\s*(?:[,.;?!]|$))", "", "inside", re.IGNORECASE),
    # "..., is possible?": is it possible.
    _Rewrite(r",\s*is\s+possible\s*\?", ", is it possible?", "is possible", re.IGNORECASE),
    # "guests get a screen full of programming gibberish": a traceback shown.
    _Rewrite(
        r"\b(?:an?\s+)?(?:screen|page|wall)\s+(?:full\s+)?of\s+(?:programming|code|technical|computer)"
        r"\s+(?:gibberish|jargon|nonsense|code|text)\b",
        "a traceback",
        ("gibberish", "jargon", "nonsense", "code", "text"),
        re.IGNORECASE,
    ),
    # ", all evening long", "Happy new year!", "First wish for the year:": when
    # and greetings around the request.
    _Rewrite(
        r",?\s*all\s+(?:day|night|evening|morning|afternoon|week)(?:\s+long)?(?=\s*(?:[.,;!?]|$))",
        "",
        ("all day", "all night", "all evening", "all morning", "all afternoon", "all week"),
        re.IGNORECASE,
    ),
    _Rewrite(r"\bhappy\s+new\s+year\b[!.,]*\s*", "", "new year", re.IGNORECASE),
    _Rewrite(
        r"\b(?:(?:my\s+)?first|my|one)\s+wish(?:\s+for\s+the\s+(?:new\s+)?year)?\s*:\s*",
        "",
        "wish",
        re.IGNORECASE,
    ),
    # "hackers could get in, but nobody has ever checked": why, said after.
    _Rewrite(
        r",?\s*but\s+(?:nobody|no\s+one)\s+(?:has\s+)?(?:ever\s+)?checked(?:\s+it)?(?=\s*(?:[.;!?]|$))",
        "",
        "checked",
        re.IGNORECASE,
    ),
    # "then get it onto the live server": deploy it.
    _Rewrite(
        r"\bget\s+(?:it|this|the\s+app|the\s+api)\s+(?:onto|on|to)\s+(?:the\s+)?(?:live|prod|production)"
        r"\s+(?:server|box|machine)\b",
        "prepare the production deployment",
        ("onto", "live", "prod"),
        re.IGNORECASE,
    ),
    # "roles: owner then staff": the list, in order.
    _Rewrite(
        r"\b(roles?\s*:\s*[\w-]+)\s+then\s+([\w-]+)(?=\s*(?:[.,;!?]|$))",
        r"\1 and \2",
        "then",
        re.IGNORECASE,
    ),
    # "Can we begin a separate app named guest_feedback?": a new one.
    _Rewrite(
        r"\bbegin\s+(?=(?:a|an|the)\s+(?:new\s+|separate\s+|fresh\s+)?(?:app|project|service|api)\b)",
        "start ",
        "begin",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b(?:a\s+)?separate\s+(?=(?:fastapi\s+)?(?:app|project|service|api)\s+(?:named|called)\b)",
        "a new ",
        "separate",
        re.IGNORECASE,
    ),
    # "postgres is 15.4 btw": an aside's mark at the end.
    _Rewrite(
        r",?\s*\b(?:btw|by\s+the\s+way|fyi)\s*[.!]?\s*$",
        "",
        ("btw", "by the way", "fyi"),
        re.IGNORECASE,
    ),
    # "Re: patient history - N+1 fix please.": the thread's subject, then the request.
    _Rewrite(
        r"^\s*(?:\[[A-Z][A-Z0-9]*-\d+\]\s*)?re\s*:\s*[^-\u2013\u2014:;]{1,40}?\s*[-\u2013\u2014;]\s+",
        "",
        "re",
        re.IGNORECASE,
    ),
    # "tests for the auth, it not have any": what it lacks, said after.
    _Rewrite(
        r",\s*(?:it|they)\s+(?:does\s+not|do\s+not|doesn't|don't|not|has\s+not|have\s+not|hasn't"
        r"|haven't)\s+(?:have|got)?\s*any(?:\s+tests?)?(?=\s*(?:[.;!?]|$))",
        "",
        " any",
        re.IGNORECASE,
    ),
    # "deploy by scp-ing files ..., no docker, nothing": what is missing today.
    _Rewrite(
        r",\s*no\s+(?:docker(?:file)?|containers?|ci|pipeline)(?:\s*,\s*(?:no\s+\w+|nothing|nada))*\s*"
        r"(?=[.;!?]|$)",
        "",
        "no ",
        re.IGNORECASE,
    ),
    # "it should hold a string vaccine, a date given_on and a text note": its fields.
    _Rewrite(
        r"[;,.]\s*(?:it|each\s+one|they)\s+(?:should|must|will|needs\s+to|has\s+to)\s+"
        r"(?:hold|have|store|contain|carry|keep)\b",
        " with",
        ("hold", "have", "store", "contain", "carry", "keep"),
        re.IGNORECASE,
    ),
    # "coffee in hand and a long list today.", "First item:", "Hi both,
    # apologies for the long email last week.", "In short:": an e-mail's
    # small talk around the request.
    _Rewrite(
        r"(?:,\s*)?\bcoffee\s+in\s+hand(?:\s+and\s+a\s+long\s+list(?:\s+today)?)?",
        "",
        "coffee",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"(?:^|(?<=[.!?]\s))(?:first|next|last|second|third)\s+(?:item|point|thing|one)\s*:\s*",
        "",
        ("item", "point", "thing", "one"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"(?:^|(?<=[.!?,]))\s*(?:(?:my\s+)?apologies\s+)?for\s+the\s+(?:long|late|delayed|previous)\s+"
        r"(?:e-?mail|mail|message|reply|thread)[^.!?]{0,30}[.!]\s*",
        " ",
        ("email", "mail", "message", "reply", "thread"),
        re.IGNORECASE,
    ),
    # "a resource for invoices with create, read, update and delete": its CRUD, said again.
    _Rewrite(
        r"\b(resource\s+for\s+[\w-]+)\s+with\s+(?:full\s+)?(?:crud|create,\s*read,\s*update,?\s+and\s+delete)"
        r"(?:\s+(?:endpoints|operations))?",
        r"\1",
        "resource for",
        re.IGNORECASE,
    ),
    # "a new project for our grooming bookings called grooming_booking": its name.
    _Rewrite(
        r"\b(project|service|app|api)\s+for\s+(?:our|my|the)\s+(?:[\w-]+\s+){0,3}?(called|named)\s+",
        r"\1 \2 ",
        ("called", "named"),
        re.IGNORECASE,
    ),
    _Rewrite(r"(?:^|(?<=[.!?]\s))in\s+short\s*[:,]\s*", "", "in short", re.IGNORECASE),
    # Polish around English: "no to tak: ...", "..., bo inaczej QA nas zabije".
    _Rewrite(r"^\s*no\s+to\s+tak\s*[:,]\s*", "", "no to tak", re.IGNORECASE),
    _Rewrite(r",?\s*\bbo\s+inaczej\b[^.;!?]*", "", "inaczej", re.IGNORECASE),
    # "who has checked in": arrived.
    _Rewrite(r"\bchecked\s+in\b(?=\s*(?:[.,;?!]|$))", "arrived", "checked in", re.IGNORECASE),
    # "manage suppliers in the system (add, view, edit, delete)": their CRUD.
    _Rewrite(
        r"\bmanage\s+((?:[\w-]+\s+){0,2}?[\w-]+s)\b(?:\s+in\s+the\s+(?:system|app))?\s*"
        r"\((?:add|create|view|read|list)\b[^)]*\)",
        r"crud for \1",
        "manage",
        re.IGNORECASE,
    ),
    # "For each supplier we record name, email and country": its fields.
    _Rewrite(
        r"\bfor\s+(each|every)\s+([a-z_]+)\s+(?:we|you|they)\s+(?:record|store|keep|track|need|want)\b",
        r"\1 \2 has",
        ("each", "every"),
        re.IGNORECASE,
    ),
    # ", long week,", "anyway,", ", whatever name": how the person is, and
    # what they leave to fastprod.
    _Rewrite(r",\s*long\s+(?:week|day|night|month)\s*,", ",", "long", re.IGNORECASE),
    _Rewrite(
        r"(?:^|(?<=[.!?,]))\s*anyway\s*,\s*(?=(?:can|could|would|please|pls|add|make|create|do|run"
        r"|write|set|i\s+need|we\s+need)\b)",
        " ",
        "anyway",
        re.IGNORECASE,
    ),
    _Rewrite(
        r",\s*(?:whatever|any)\s+name(?:\s+(?:you\s+like|is\s+fine|works))?(?=\s*(?:[.;!?]|$))",
        "",
        "name",
        re.IGNORECASE,
    ),
    # "with title, credits (int) and the teacher_id": a field with its article.
    _Rewrite(
        r"\band\s+the\s+([a-z][a-z0-9]*_[a-z0-9_]+)\b(?=\s*(?:[.,;!?]|$))", r"and \1", "and the"
    ),
    # "with a single field, `label`": that field.
    _Rewrite(
        r"\bwith\s+(?:a\s+)?(?:single|one|only\s+one)\s+field\s*[,:]?\s*",
        "with field ",
        "field",
        re.IGNORECASE,
    ),
    # "Is WebSocket support feasible for this service, or would that require
    # a rewrite?": possible, and the worry said after.
    _Rewrite(r"\bfeasible\b", "possible", "feasible", re.IGNORECASE),
    _Rewrite(
        r",?\s*or\s+would\s+(?:that|it|this)\s+(?:require|need|mean)\s+[^?.!]*",
        "",
        "would",
        re.IGNORECASE,
    ),
    # "the endpoints of create, read, update and delete": the CRUD's endpoints.
    _Rewrite(
        r"\bendpoints\s+(?:of|for)\s+create,\s*read,\s*update,?\s+and\s+delete\b",
        "crud endpoints",
        "endpoints",
        re.IGNORECASE,
    ),
    # "Suppliers are currently maintained by hand in SQL; there are no endpoints
    # for them at all": their CRUD.
    _Rewrite(
        r"\b([a-z_]+s)\s+are\s+(?:currently\s+|still\s+)?(?:maintained|managed|edited|updated|entered)"
        r"\s+by\s+hand\s+(?:in|via|with|through)\s+(?:raw\s+)?(?:sql|psql|pgadmin|the\s+database|the\s+db"
        r"|a\s+spreadsheet|excel)\b[^.;]*(?:[;,.]\s*there\s+(?:are|is)\s+no\s+(?:endpoints?|api)\s+for\s+"
        r"(?:them|it)"
        r"(?:\s+at\s+all)?)?",
        r"add crud for \1",
        "by hand",
        re.IGNORECASE,
    ),
    # "guest name, check in, check out, nights": fields, not a check.
    _Rewrite(
        r"(?<=[,:]\s)check[\s-](in|out)(?=\s*[,.;]|\s+and\b|\s*$)",
        r"check_\1",
        "check",
        re.IGNORECASE,
    ),
    # "fields, in this order: number, ...": the list, in order.
    _Rewrite(r",\s*in\s+(?:this|that|the\s+following)\s+order\s*:", ":", "order", re.IGNORECASE),
    # "; shape of your choosing": left to fastprod.
    _Rewrite(
        r"[;,]\s*(?:the\s+)?(?:shape|format|layout|style|naming)\s+(?:of\s+your\s+choosing|is\s+up\s+to\s+you"
        r"|your\s+call|as\s+you\s+like)",
        "",
        ("choosing", "up to you", "your call", "as you like"),
        re.IGNORECASE,
    ),
    # "Before that, I want ...", "Best, M.": an e-mail's joints and sign-off.
    _Rewrite(r"(?:^|(?<=[.!?]\s))before\s+that\s*,\s*", "", "before that", re.IGNORECASE),
    _Rewrite(
        r"(?:^|(?<=[.!?]\s))[Bb]est(?:\s+regards|\s+wishes)?\s*,\s*[A-Z][\w.]{0,15}\.?\s*$",
        "",
        "best",
    ),
    # "redis is already running on the server": there, set up.
    _Rewrite(
        r"\b(is|are)\s+already\s+running(?:\s+(?:on|in)\s+(?:the\s+|our\s+)?(?:server|prod|production|box"
        r"|vps|cluster))?(?=\s*(?:[.;!?]|$))",
        r"\1 already set up",
        "already running",
        re.IGNORECASE,
    ),
    # "tests for the auth flow, login and refresh": the flow's parts, listed.
    _Rewrite(
        r"\b(auth(?:entication)?\s+flow)\s*[,:]\s*(?:login|signup|sign[\s-]?in|sign[\s-]?up|refresh|logout)"
        r"(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:login|signup|sign[\s-]?in|sign[\s-]?up|refresh|logout"
        r"|role\s+checks|tokens?))*",
        r"\1",
        "flow",
        re.IGNORECASE,
    ),
    # "don't want the traceback show to user": no traceback shown.
    _Rewrite(
        r"\b(?:do\s+not|don't|dont)\s+want\s+(?:the\s+|any\s+)?(tracebacks?|stack\s*traces?)\s+"
        r"(?:to\s+)?(?:show|shown|showing|leak|leaking|leaked)\s+(?:to\s+)?",
        r"no \1 to ",
        "want",
        re.IGNORECASE,
    ),
    # "morning bro, boss just pinged me, need ...": a greeting, and who asked.
    _Rewrite(
        r"^\s*(?:good\s+)?morning\s+(?:bro|guys|all|team|folks|fam)\s*[,!.]\s*",
        "",
        "morning",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"(?:^|(?<=[,.!]\s))(?:my\s+|the\s+)?(?:boss|manager|client|pm|cto)\s+(?:just\s+)?"
        r"(?:pinged|messaged|called|texted|asked)\s+me\s*,\s*",
        "",
        ("pinged", "messaged", "called", "texted", "asked"),
        re.IGNORECASE,
    ),
    # "..., boss want to know if can go live": who asks, and why.
    _Rewrite(
        r",\s*(?:my\s+|the\s+|our\s+)?(?:boss|manager|client|cto|ceo|pm|lead)\s+wants?\s+to\s+know"
        r"\s+[^.;!?,]*",
        "",
        "know",
        re.IGNORECASE,
    ),
    # "whenever the whole lab logs in": signs in, not logging.
    _Rewrite(
        r"\b(whenever|when|once|after|before|as\s+soon\s+as)\s+((?:[\w-]+\s+){0,4}?)logs?\s+in\b"
        r"(?!\s+(?:json|the|a|to)\b)",
        r"\1 \2signs in",
        "logs in",
        re.IGNORECASE,
    ),
    # "keep track of freezers, each with a name, ...": their fields.
    _Rewrite(r"(?<=[a-z]),\s*each\s+with\s+", " with ", "each with", re.IGNORECASE),
    # "don't leak traceback to client": no traceback shown.
    _Rewrite(
        r"\b(?:do\s+not|don't|dont|never)\s+(?:leak|show|expose|send|return)\s+(?:the\s+|any\s+)?"
        r"(tracebacks?|stack\s*traces?)\b",
        r"no \1",
        ("leak", "show", "expose", "send", "return"),
        re.IGNORECASE,
    ),
    # "our new postdoc starts Monday and will need ...": who is new, said before the request.
    _Rewrite(
        r"\b(?:our|a)\s+new\s+(?:[\w-]+\s+){0,2}?(?:starts|joins|arrives)\s+(?:on\s+)?"
        r"(?:monday|tuesday|wednesday|thursday|friday|next\s+week|tomorrow|soon)\s+and\s+(?:will\s+)?",
        "we ",
        ("starts", "joins", "arrives"),
        re.IGNORECASE,
    ),
    # ", wasting ...": the cost, said after.
    _Rewrite(r",\s*wasting(?:\s+[^.;!?]*)?(?=\s*(?:[.;!?]|$))", "", "wasting", re.IGNORECASE),
    # "eh sorry to disturb, can help audit ...": can you help.
    _Rewrite(
        r"^\s*(?:eh\s+)?(?:sorry\s+)?to\s+(?:disturb|bother)(?:\s+you)?\s*,\s*",
        "",
        ("disturb", "bother"),
        re.IGNORECASE,
    ),
    _Rewrite(r"(?:^|(?<=[,.!]\s))can\s+help\s+(?=\w)", "can you help ", "can help", re.IGNORECASE),
    # "The IT department already set up Docker on the new server": done by them.
    _Rewrite(
        r"\b(the\s+(?:[\w-]+\s+){0,2}?(?:department|team|contractor|admins?|sysadmins?|ops))\s+already\s+"
        r"(set\s+up|installed|configured|deployed)\s+(\w+)",
        r"\3 was already \2 by \1",
        "already",
        re.IGNORECASE,
    ),
    # A tired founder's asides: ", its 2024 come on", ", like give me a
    # number", ", pytest whatever", ", the ones i keep promising myself ill
    # write", "coffee number 5.", "and then ill sleep i promise", "long day,",
    # "i know i said no more features this week but ...", ", sorry, thank
    # you, goodnight".
    _Rewrite(
        r",?\s*\b(?:it'?s|its)\s+20\d\d(?:\s+come\s+on)?(?=\s*(?:[.;!?]|$))",
        "",
        "20",
        re.IGNORECASE,
    ),
    _Rewrite(
        r",?\s*\blike\s+give\s+me\s+a\s+(?:number|score|grade)\b", "", "give me", re.IGNORECASE
    ),
    _Rewrite(r",?\s*\b(?:pytest|unittest|tests?)\s+whatever\b", "", "whatever", re.IGNORECASE),
    _Rewrite(
        r",\s*the\s+ones?\s+(?:i|we)\s+(?:keep|kept|always|never|have\s+been)\s+[^.;!?]*",
        "",
        "the one",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"^\s*coffee\s+(?:number|no\.?|#)\s*(?:\d+\s*[.!,]|;)\s*", "", "coffee", re.IGNORECASE
    ),
    _Rewrite(
        r",?\s*\band\s+then\s+i'?ll\s+(?:sleep|go\s+to\s+bed|crash)(?:\s+i\s+promise)?",
        "",
        ("sleep", "bed", "crash"),
        re.IGNORECASE,
    ),
    _Rewrite(r"^\s*long\s+(?:day|week|night)\s*[,.!]\s*", "", "long", re.IGNORECASE),
    _Rewrite(r"^\s*i\s+know\s+i\s+said\s+[^,.;]*?\s+but\s+", "", "i said", re.IGNORECASE),
    _Rewrite(
        r"(?:,\s*(?:sorry|thank\s+you|thanks|goodnight|good\s+night|gn))+\s*[.!]*\s*$",
        "",
        ("goodnight", "good night"),
        re.IGNORECASE,
    ),
    # "the accelerator application asks about security so can you ...": why.
    _Rewrite(
        r"(?:^|(?<=[,.]\s))(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}?asks\s+about\s+[\w-]+\s+so\s+"
        r"(?=(?:can|could|would|please|pls)\b)",
        "",
        "asks about",
        re.IGNORECASE,
    ),
    # "theres no index on email": there is.
    _Rewrite(r"\btheres\b", "there is", "theres", re.IGNORECASE),
    # "errors need to stop leaking stack traces, just give them a proper
    # handler": no traceback shown, by an exception handler.
    _Rewrite(
        r"\bstop\s+(?:leaking|showing|exposing|sending|returning)\s+(?:the\s+|their\s+)?"
        r"(stack\s*traces?|tracebacks?)\b",
        r"no \1",
        "stop",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b(?:a\s+)?proper\s+handler\b", "an exception handler", "proper handler", re.IGNORECASE
    ),
    # "roles should be admin then editor then viewer": the list, in order.
    _Rewrite(
        r"\broles?\s+(?:should\s+be|are|will\s+be|:)\s+[\w-]+(?:\s+then\s+[\w-]+)+",
        lambda match: re.sub(r"\s+then\s+", ", ", match.group(0)),
        "then",
        re.IGNORECASE,
    ),
    # "so the landing page stops taking 4 seconds to load": how slow it is,
    # not a time to live.
    _Rewrite(
        r"\b(?:stops?\s+)?(?:taking|takes|took)\s+(?:about\s+|like\s+|over\s+|almost\s+)?\d+(?:\.\d+)?\s*"
        r"(?:s|secs?|seconds|ms|milliseconds)\b(?:\s+to\s+(?:load|answer|respond|render))?",
        "being slow",
        ("taking", "takes", "took"),
        re.IGNORECASE,
    ),
    # "we deploy by scp-ing files": copying them by scp.
    _Rewrite(
        r"\bscp-?ing\s+(files|code|the\s+code|everything)\b",
        r"copying \1 by scp",
        "scp",
        re.IGNORECASE,
    ),
    # A gamer's asides: ", don't wanna get pwned on launch day", ", gogogo",
    # ", ez", ", it's a speedrun game they refresh like crazy", ", keep it
    # chill", ", any sane format is fine", ", exactly that,".
    _Rewrite(
        r",?\s*\b(?:do\s+not|don't|dont)\s+(?:wanna|want\s+to)\s+get\s+(?:pwned|hacked|owned|wrecked|roasted)"
        r"[^.;!?]*",
        "",
        ("pwned", "hacked", "owned", "wrecked", "roasted"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r",?\s*\b(?:gogogo|go\s+go\s+go|ez|lfg|gg|ggwp|pog|poggers)\b(?=\s*(?:[.,;!?]|$))",
        "",
        ("gogogo", "go go go", "ez", "lfg", "gg", "pog"),
        re.IGNORECASE,
    ),
    _Rewrite(r",\s*(?:it'?s|its)\s+an?\s+[\w-]+\s+game\b[^.;!?]*", "", "game", re.IGNORECASE),
    _Rewrite(r",\s*keep\s+it\s+(?:chill|simple|light|clean)\b", "", "keep it", re.IGNORECASE),
    _Rewrite(
        r",?\s*\b(?:any\s+(?:sane|reasonable|sensible|decent)|whatever)\s+format\s+is\s+(?:fine|ok|okay)\b",
        "",
        "format",
        re.IGNORECASE,
    ),
    _Rewrite(r",\s*exactly\s+that\s*,", ",", "exactly that", re.IGNORECASE),
    # "the CI, how do you say, workflow": a pause for the word.
    _Rewrite(r",\s*how\s+do\s+you\s+say\s*,", "", "how do you say", re.IGNORECASE),
    # "the score card": the scorecard.
    _Rewrite(r"\bscore\s+card\b", "scorecard", "score card", re.IGNORECASE),
    # "Is there a way to cache the products ...?": can you.
    _Rewrite(
        r"\bis\s+there\s+(?:a|any)\s+way\s+to\s+(?=(?:cache|add|optimi[sz]e|write|make|set\s+up|create"
        r"|get|deploy|log|fix|speed)\b)",
        "can you ",
        "way to",
        re.IGNORECASE,
    ),
    # "put the search results for 2 minutes into the Redis cache": cache them.
    _Rewrite(
        r"\bput\s+((?:the\s+)?(?:[\w-]+\s+){0,3}?[\w-]+)\s+((?:for\s+[\w\s]{1,20}?\s+)?)(?:in|into)\s+"
        r"(?:the\s+|a\s+)?(redis|memory|in-memory)?\s*cache\b",
        lambda match: (
            f"cache {match.group(1)} {match.group(2)}"
            + (f"in {match.group(3)}" if match.group(3) else "")
        ),
        "cache",
        re.IGNORECASE,
    ),
    # "new project time, name it matchmaker": its name.
    _Rewrite(r"\bname\s+it\s+(?=[\w\"'`])", "named ", "name it", re.IGNORECASE),
    # "500s should not leak internals": no tracebacks.
    _Rewrite(
        r"\b(?:should|must|shall)\s+(?:not|never)\s+leak\s+(?:any\s+)?(?:internals|stack\s*traces?"
        r"|tracebacks?|details)\b",
        "with no tracebacks",
        "leak",
        re.IGNORECASE,
    ),
    # Swiss German courtesies: "Grüezi!", "Hoi zäme,", "Merci vielmals.",
    # "Liebe Grüsse, Reto", "greetings from Bern", "the Geschäftsleitung".
    _Rewrite(
        r"(?:^|(?<=[.!?]\s))(?:gr[üu]ezi|hoi\s+z[äa]me|hoi|sali|servus)\b[!,.]*\s*",
        "",
        ("grüezi", "gruezi", "hoi", "sali", "servus"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b(?:(?:merci|danke)\s+)?(?:vielmals|viel\s*mal)\b|\bdanke(?:\s+sch[öo]n|\s+sehr)?\b",
        "thanks",
        ("vielmals", "viel mal", "danke"),
        re.IGNORECASE,
    ),
    # "our CI is github actions": where it runs, said.
    _Rewrite(
        r"\b(our|the)\s+ci\s+is\s+(?=(?:github|gitlab|jenkins|circle|travis|bitbucket|azure)\b)",
        r"\1 CI is on ",
        "ci is",
        re.IGNORECASE,
    ),
    # "new project time 🎉 name it matchmaker": a new project.
    _Rewrite(r"\b(new\s+(?:project|proj|service|app))\s+time\b", r"\1", "time", re.IGNORECASE),
    _Rewrite(
        r"(?:^|(?<=[.!?,]\s))(?:liebe|beste|freundliche)\s+gr[üu](?:ss|ß)e\b[,.]?\s*(?:[A-Z]\w*)?\.?\s*$",
        "",
        ("grüsse", "grüße", "grusse"),
        re.IGNORECASE,
    ),
    _Rewrite(r"\s*(?:and\s+)?greetings\s+from\s+[A-Z]\w*\.?", "", "greetings from"),
    _Rewrite(r"\b(?:die\s+)?gesch[äa]ftsleitung\b", "management", "leitung", re.IGNORECASE),
    # "- fix db N+1, cache routes in redis": a bullet, from a phone's list.
    _Rewrite(r"^\s*[-*\u2022;]\s*", "", ("-", "*", "\u2022", ";")),
    # Indian English and Tamil around a request: "Machi, ...", "... da",
    # "venum", "konjam fast", "romba urgent", "Vanakkam!", "PFB", "kindly do
    # the needful", "revert at the earliest", "kindly advise if feasible",
    # "Sent from my iPhone", "excuse typos".
    _Rewrite(
        r"(?:^|(?<=[.!?,]\s))(?:machi|vanakkam|aiyo|dei|da)\s*[,!.]\s*",
        "",
        ("machi", "vanakkam", "aiyo", "dei", "da"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\s+\b(?:machi|da|venum|konjam\s+fast|konjam|romba\s+urgent|romba|seri)\b(?=\s*(?:[.,;!?]|$))",
        "",
        ("machi", "da", "venum", "konjam", "romba", "seri"),
        re.IGNORECASE,
    ),
    _Rewrite(r"\bthanks\s+da\b", "thanks", "thanks da", re.IGNORECASE),
    _Rewrite(
        r",?\s*\b(?:(?:and\s+)?(?:kindly\s+)?do\s+the\s+needful|(?:and\s+)?kindly\s+revert"
        r"(?:\s+(?:at\s+the\s+earliest|asap))?(?=\s*(?:[.,;!?]|$))|(?:and\s+)?revert\s+(?:at\s+the\s+earliest|asap"
        r"|back\s+to\s+(?:me|us)|with\s+(?:the\s+)?(?:observations|status|updates?|details|feedback))"
        r"|(?:kindly\s+)?advise\s+if\s+(?:feasible|possible))\b\.?",
        "",
        ("needful", "revert", "advise"),
        re.IGNORECASE,
    ),
    _Rewrite(r"[,.]?\s*\bsent\s+from\s+(?:my\s+)?\w+\.?", "", "sent from", re.IGNORECASE),
    _Rewrite(r"[,.]?\s*\bexcuse\s+(?:the\s+)?typos\b\.?", "", "typos", re.IGNORECASE),
    _Rewrite(r"\bdear\s+sir\s*/\s*madam\s*,?\s*", "", "sir", re.IGNORECASE),
    # An operations director's phone notes: ", their infosec team will ask",
    # "finance wants proof before month end", "board meeting thurs.",
    # "every time something breaks", "Starting new work for our client, ...".
    _Rewrite(
        r",\s*(?:their|our|the)\s+(?:[\w-]+\s+){0,2}?(?:team|auditors?|client|people)\s+will\s+ask\b[^.;!?]*",
        "",
        "will ask",
        re.IGNORECASE,
    ),
    _Rewrite(r"\bbefore\s+we\s+sign\s+[^,.;!?]*", "before launch", "sign", re.IGNORECASE),
    _Rewrite(
        r"(?:^|(?<=[.!?]\s))(?:finance|legal|sales|management|the\s+board|ops|compliance)\s+wants?\s+"
        r"[^.;!?]*[.!]\s*",
        "",
        "wants",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"^\s*(?:board|team|client)\s+meeting\s+(?:on\s+)?\w+\s*[.,]\s*",
        "",
        "meeting",
        re.IGNORECASE,
    ),
    _Rewrite(r"[.,]\s*every\s+time\s+something\s+breaks\b\.?", ".", "breaks", re.IGNORECASE),
    _Rewrite(
        r"^\s*starting\s+(?:new\s+)?work\s+for\s+[^,.;]*[,.]\s*", "", "starting", re.IGNORECASE
    ),
    # "We would be needing token based login": we need it.
    _Rewrite(r"\b(?:we|i)\s+would\s+be\s+needing\b", "we need", "needing", re.IGNORECASE),
    # "with name, phone, address fields": its fields, the word after them.
    _Rewrite(
        r"\bwith\s+((?:[a-z_]+\s*,\s*)+(?:and\s+)?[a-z_]+)\s+fields\b",
        r"with fields \1",
        "fields",
        re.IGNORECASE,
    ),
    # "Need CRUD endpoints for ticket. PFB fields - title, ...": its fields.
    _Rewrite(
        r"[.;]\s*(?:pfb\s+(?:the\s+)?fields\s*[;:-]|fields\s*[;-])\s*",
        " with fields: ",
        "fields",
        re.IGNORECASE,
    ),
    # "deploys done by hand from a laptop": the manual deployment.
    _Rewrite(
        r"\bdeploys?\s+(?:are\s+)?done\s+by\s+hand\b",
        "we deploy by copying files by hand",
        "by hand",
        re.IGNORECASE,
    ),
    # "route CRUD {start_hub, ...}": the CRUD of that resource.
    _Rewrite(r"^\s*([a-z][a-z_]*)\s+crud\s*(?=[{(:])", r"crud for \1 ", "crud", re.IGNORECASE),
    # "Add role based access - roles ... in that order.": access control, the roles in order.
    _Rewrite(
        r"\brole[\s-]based\s+access\b(?!\s+control)",
        "role-based access control",
        "access",
        re.IGNORECASE,
    ),
    _Rewrite(r"\s+in\s+(?:that|this)\s+order(?=\s*(?:[.!?]|$))", "", "order", re.IGNORECASE),
    # "new project. fleet-tracker": its name, said after.
    _Rewrite(
        r"\bnew\s+(project|proj|service|svc|app)\s*[.;]\s+([a-z][\w-]*)\s*$",
        r"new \1 named \2",
        "new",
        re.IGNORECASE,
    ),
    # ", exactly those 3 keys": the strict envelope, said again.
    _Rewrite(
        r",\s*exactly\s+(?:those|these)\s+(?:\d+|three)\s+(?:keys|fields)\b",
        ", nothing else",
        "exactly",
        re.IGNORECASE,
    ),
    # "Create CRUD for Mitglied, I mean member": the word meant.
    _Rewrite(r"\b[\w-]+\s*,\s*i\s+mean\s+(?=[\w-]+)", "", "i mean", re.IGNORECASE),
    # "Pytest cases are needed for ...": tests.
    _Rewrite(r"\bpytest\s+cases\b", "tests", "pytest", re.IGNORECASE),
    # "nobody ever checked for vulns": vulnerabilities.
    _Rewrite(r"\bvulns\b", "vulnerabilities", "vulns", re.IGNORECASE),
    # ", it's lagging like a 2009 MMO": how slow, by a comparison.
    _Rewrite(
        r",\s*(?:it'?s|its|it\s+is)\s+(?:lagging|crawling|slow)\s+like\s+[^.;!?]*",
        ", it is slow",
        "like",
        re.IGNORECASE,
    ),
    # An issue tracker's titles: "[BE-2291] ...", "OPS-114 :: ...", "Task #4411 -
    # ...", "chore(db): ...", "| labels=backend | prio=P3", " labels=infra",
    # "/cc qa": the ticket's marks, around the request.
    _Rewrite(
        r"^\s*(?:\[[A-Z][A-Z0-9]*-\d+\]\s*[:|-]?|[A-Z][A-Z0-9]*-\d+\s*(?::+|\||/|-)"
        r"|(?:[Tt]ask|[Tt]icket|[Ii]ssue)\s+#?\d+\s*[-:|])\s*",
        "",
        ("-", "#"),
    ),
    _Rewrite(
        r"^\s*(?:(?:chore|feat|fix|perf|refactor|test|docs|ci|build)\([\w-]+\)|chore|feat|perf|refactor)"
        r"!?\s*:\s*",
        "",
        ":",
        re.IGNORECASE,
    ),
    _Rewrite(r"\s*\|\s*([a-z_]+)\s*=\s*([^|]*)", _tracker_field, "|", re.IGNORECASE),
    _Rewrite(
        r"(?:\s*/)?\s+\b(?:labels?|prio|priority|sev|severity|assignee|component|due|client|requester|owner"
        r"|sla|env"
        r"|db|sprint|points|estimate|team|epic|milestone|p\d\d)\s*=\s*[\w@./,%:-]+|\s+target\s*=\s*\d+%",
        "",
        "=",
        re.IGNORECASE,
    ),
    _Rewrite(r"\s*[-|;]\s*labels?\s*:\s*[\w ,-]+$", "", "label", re.IGNORECASE),
    _Rewrite(
        r"^\s*(?:task|ticket|issue)\s*(?:#?\d+\s*[;:|-]|[;|-])\s*",
        "",
        ("task", "ticket", "issue"),
        re.IGNORECASE,
    ),
    _Rewrite(r"\s*[-;|]\s*$", "", ("-", ";", "|")),
    _Rewrite(
        r"(?<=[.?!])\s*,?\s*(?:small|tiny|quick)\s+thing\s*[.!]?\s*$", "", "thing", re.IGNORECASE
    ),
    _Rewrite(r"\btest\s+coverage\s+for\b", "tests for", "coverage", re.IGNORECASE),
    _Rewrite(
        r"\b((?:e2e|end[\s-]to[\s-]end|integration|unit)\s+)?tests\s*,\s*(?:the\s+)?(?:entire|whole|full)"
        r"\s+api(?:\s+surface)?\b",
        "tests for the whole api",
        "tests",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bno\s+(?:container\s+image|docker(?:file)?|pipeline|ci)(?:\s+or\s+(?:\w+\s+)?(?:pipeline|ci|image))?"
        r"\s+exists?\b",
        "we need a container image and a ci pipeline",
        "exist",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\btak(?:e|ing)\s+(the\s+(?:[\w-]+\s+){0,4}?[\w-]+)\s+back\s+out\b",
        r"remove \1",
        "back out",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"^\s*would\s+(an?\s+[^?]{3,80}?)\s*,?\s+be\s+(?:okay|ok|fine|possible|alright)\s*\?",
        r"could we have \1?",
        "would",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bcould\s+(?:really\s+)?use\s+(?:some\s+)?(tests|caching|logging|error\s+handling)\b",
        r"needs \1",
        "use",
        re.IGNORECASE,
    ),
    _Rewrite(r"^\s*apologies\s*,\s*(?:but\s+)?", "", "apologies", re.IGNORECASE),
    _Rewrite(
        r"\bwe\s+(?:do\s+not|don't)\s+(?:actually\s+|really\s+)?have\s+any\s+tests(?:\s+at\s+all)?\b",
        "we have no tests",
        "tests",
        re.IGNORECASE,
    ),
    _Rewrite(r"\s*/cc\s+@?[\w-]+", "", "/cc", re.IGNORECASE),
    _Rewrite(r"\berror_handling\b", "error handling", "error_handling", re.IGNORECASE),
    _Rewrite(r"\bstrict\s*=\s*true\b", "strict", "strict", re.IGNORECASE),
    _Rewrite(r"\bcrud\(([\w-]+)\)\s*:", r"crud for \1 with fields:", "crud(", re.IGNORECASE),
    _Rewrite(
        r"\bneed\s*=\s*([\w,]+)",
        lambda match: "need " + match.group(1).replace("_", " ").replace(",", ", "),
        "need=",
        re.IGNORECASE,
    ),
    # A polite Canadian's hedges: "If it's not too much trouble, ...", "... would
    # be grand", ", if you've got a minute", "Sorry, small thing.", ", do you
    # think?", ", which is maybe not ideal?", ", eh", "hope your weekend was
    # good!", "Sorry to pile on, but", "long day here in Winnipeg, minus 40
    # out.", "Have a good one."
    _Rewrite(
        r"\bif\s+(?:it'?s|it\s+is)\s+not\s+too\s+much\s+trouble\s*,?\s*",
        "",
        "trouble",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\s+would\s+be\s+(?:grand|lovely|great|amazing|wonderful|awesome|nice|appreciated|fab)\b",
        "",
        "would be",
        re.IGNORECASE,
    ),
    _Rewrite(
        r",?\s*if\s+you'?ve\s+got\s+a\s+(?:minute|sec|second|moment)", "", "got a", re.IGNORECASE
    ),
    _Rewrite(
        r"(?<=[,.?!])\s*sorry(?:\s*,\s*(?:small|tiny|quick)\s+thing)?\s*[.!]?\s*$",
        "",
        "sorry",
        re.IGNORECASE,
    ),
    _Rewrite(r",\s*do\s+you\s+think\s*\?", "?", "do you think", re.IGNORECASE),
    _Rewrite(
        r",\s*which\s+is\s+(?:maybe\s+|a\s+bit\s+|kind\s+of\s+|probably\s+|quite\s+)?(?:not\s+ideal|scary"
        r"|worrying|annoying|bad|a\s+problem)\b[^.;!?]*",
        "",
        "which is",
        re.IGNORECASE,
    ),
    _Rewrite(r",?\s*\beh\b\s*(?=[,.!?]|$)", "", "eh", re.IGNORECASE),
    _Rewrite(
        r"\bhope\s+(?:your|the)\s+(?:weekend|week|day|holiday)\s+(?:was|is|went)\s+(?:good|great|nice|well)"
        r"\s*[!.]\s*",
        "",
        "hope",
        re.IGNORECASE,
    ),
    _Rewrite(r"\b(?:sorry\s+)?to\s+pile\s+on\s*,?\s*(?:but\s+)?", "", "pile on", re.IGNORECASE),
    _Rewrite(
        r"\blong\s+day\s+here\s+in\s+[A-Z]\w*(?:\s*,\s*minus\s+\d+\s+out(?:side)?)?\s*[.!]\s*",
        "",
        "long day",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\s*\bhave\s+a\s+(?:good|great|nice)\s+(?:one|day|evening|weekend)\s*[.!]?", "", "have a"
    ),
    _Rewrite(
        r"(?:^|(?<=[.!?,]))\s*(?:sorry\s+)?for\s+the\s+late[-\s]night\s+(?:message|email|ping)\s*[.!]\s*",
        " ",
        "late",
        re.IGNORECASE,
    ),
    # "a scary page full of code", "technical gibberish", "raw error dumps": a
    # traceback shown to people.
    _Rewrite(
        r"\b(?:an?\s+|the\s+)?(?:scary\s+|weird\s+)?(?:screen|page|wall)\s+full\s+of\s+(?:code|gibberish|errors)\b"
        r"|\b(?:technical|programming|computer)\s+(?:gibberish|gobbledygook|jargon)\b|\braw\s+error\s+dumps?\b",
        "a traceback",
        ("full of", "gibberish", "gobbledygook", "jargon", "dump"),
        re.IGNORECASE,
    ),
    # "Long story short, our last developer left, ...": how it came to this.
    _Rewrite(r"^\s*long\s+story\s+short\s*,\s*", "", "long story", re.IGNORECASE),
    _Rewrite(
        r"(?:^|(?<=,\s))our\s+(?:last|old|only)\s+(?:developer|dev|engineer)\s+(?:left|quit)\s*,\s*",
        "",
        ("left", "quit"),
        re.IGNORECASE,
    ),
    # "the volunteer sign-up board": a board, not signing up.
    _Rewrite(r"\bsign[\s-]?up\s+(board|sheet|list|rota)s?\b", r"\1", "sign", re.IGNORECASE),
    # A formal accountant's English: "calling it X", "Pray add ...", ", there
    # being no need for Redis", "whatsoever", "each holding a ...", "the
    # entire API ought to be covered by tests", "we have no notion whether".
    _Rewrite(r"\bcalling\s+it\s+(?=[\w\"'`])", "named ", "calling it", re.IGNORECASE),
    _Rewrite(
        r"^\s*pray\s+(?=add|make|set|create|write|run|cache|deploy)",
        "please ",
        "pray",
        re.IGNORECASE,
    ),
    _Rewrite(r",\s*there\s+being\s+no\s+need\s+for\s+[\w-]+", "", "there being", re.IGNORECASE),
    _Rewrite(r"\s+whatsoever\b", "", "whatsoever", re.IGNORECASE),
    _Rewrite(
        r"(?<=[a-z]),\s*each\s+(?:holding|having|comprising|containing|carrying)\s+",
        " with ",
        "each",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b(the\s+(?:entire|whole)\s+api|the\s+[\w-]+\s+(?:module|feature|endpoints?))\s+(?:ought\s+to"
        r"|should|must)\s+be\s+covered\s+by\s+tests\b",
        r"write tests for \1",
        "covered",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b(?:we|i)\s+have\s+no\s+(?:notion|idea|clue)\s+(?:whether|if)\b",
        "nobody can tell me whether",
        ("notion", "idea", "clue"),
        re.IGNORECASE,
    ),
    # "put id of request": request ids; "press F5": refresh; "scan the whole
    # table": a full table scan; the same figures that "change but once a day".
    _Rewrite(
        r"\bput\s+(?:the\s+|an?\s+)?ids?\s+of\s+(?:the\s+|each\s+)?requests?\b",
        "add request ids",
        "id of",
        re.IGNORECASE,
    ),
    _Rewrite(r"\b(press|hit|pressing|hitting)\s+f5\b", r"\1 refresh", "f5", re.IGNORECASE),
    _Rewrite(
        r"\bscans?\s+the\s+(?:whole|entire)\s+table\b", "full table scan", "table", re.IGNORECASE
    ),
    # Portuguese and Japanese asides: ", vergonha", ", nada", ", sem redis",
    # "cara,", "fim de semana chegando,", "sumimasen", "hontou ni arigatou".
    _Rewrite(
        r",?\s*\b(?:vergonha|sumimasen|hontou(?:\s+ni)?(?:\s+arigatou)?|arigatou(?:\s+gozaimasu)?)\b[.!]?",
        "",
        ("vergonha", "sumimasen", "arigatou"),
        re.IGNORECASE,
    ),
    _Rewrite(r",\s*nada\b", ", nothing", "nada", re.IGNORECASE),
    _Rewrite(r",\s*sem\s+redis\b", "", "sem", re.IGNORECASE),
    _Rewrite(r"^\s*cara\s*,\s*", "", "cara", re.IGNORECASE),
    _Rewrite(r"^\s*fim\s+de\s+semana\s+chegando\s*,\s*", "", "semana", re.IGNORECASE),
    _Rewrite(r"\s+and\s+i\s+go\s+home\b", "", "go home", re.IGNORECASE),
    _Rewrite(r"^\s*(?:sorry\s+)?(?:to\s+)?bother\s+again\s*,\s*", "", "bother", re.IGNORECASE),
    _Rewrite(r",\s*format\s+whatever\b", "", "whatever", re.IGNORECASE),
    # A student's over-explaining: ", the realtime socket one not the normal
    # HTTP", ", idk how", "it has name (string), ...", ", I think that's called
    # the schema", "credits which is a number", "there should be roles, X and
    # Y", "in the memory one not the redis one", "the name should be X", ...
    _Rewrite(
        r",\s*the\s+[\w\s-]{1,30}?\s+(?:one|kind)\s*,?\s*not\s+(?:the|a)\s+[\w\s-]{1,30}?(?:\s+one)?"
        r"(?=\s*(?:[.;!?]|$))",
        "",
        ("one", "kind"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bin\s+the\s+(memory|redis)\s+one\s*,?\s*not\s+the\s+\w+\s+one\b",
        r"in \1",
        "one",
        re.IGNORECASE,
    ),
    _Rewrite(r",\s*idk\s+(?:how|why)(?:\s+but\s+ok)?\b", "", "idk", re.IGNORECASE),
    _Rewrite(
        r",\s*i\s+think\s+(?:that'?s|that\s+is|it'?s)\s+called\s+[^.;!?]*",
        "",
        "called",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b([a-z_]+)\s+which\s+is\s+a\s+(?:whole\s+)?number\b", r"\1:int", "number", re.IGNORECASE
    ),
    _Rewrite(
        r"\band\s+there\s+should\s+be\s+roles\s*,?\s*",
        " with roles ",
        "there should be",
        re.IGNORECASE,
    ),
    _Rewrite(
        r",?\s*the\s+name\s+should\s+be\s+(?=[\w\"'`])", " named ", "name should", re.IGNORECASE
    ),
    _Rewrite(
        r",\s*like\s+the\s+folders\s+and\s+[\w.]+(?:\s+and\s+everything)?\s*,",
        ",",
        "folders",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"[.?!]\s*i\s+(?:do\s+not|don't)\s+know\s+how\s+to\s+start\s+[^.;!?]*[.!?]?",
        ".",
        "know how",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bthis\s+is\s+my\s+first\s+time\s+using\s+[\w-]+(?:\s+and\s+i'?m\s+a\s+bit\s+lost)?\s*[.!]\s*",
        "",
        "first time",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bmy\s+(?:project\s+)?partner\s+left\s+the\s+(?:group|team|project)\s+and\s+",
        "",
        "partner",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bi'?ve\s+been\s+watching\s+tutorials\s+all\s+day\s+and\s+i\s+still\s+(?:do\s+not|don't)\s+get"
        r"\s+([\w-]+)(?:\s+lol)?\s*,\s*can\s+you\s+just\s+add\s+them\b",
        r"can you just add \1",
        "tutorials",
        re.IGNORECASE,
    ),
    _Rewrite(
        r",\s*which\s+my\s+(?:tutor|teacher|professor|lecturer)\s+said\s+is\s+\w+",
        "",
        "said",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bi'?m\s+a\s+(?:first|second|third|final)\s+year\s+student\s+and\s+",
        "",
        "student",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bmy\s+(?:roommate|flatmate|friend|tutor)\s+said\s+i\s+should\s+have\s+[\w\s]{1,20}?,\s*"
        r"(?:idk\s+why\s+but\s+ok\s*,\s*)?",
        "",
        "said",
        re.IGNORECASE,
    ),
    _Rewrite(r"\(\s*i\s+hope\s+[^)]*\)", "", "i hope", re.IGNORECASE),
    _Rewrite(r"\bdo\s+for\s+me\s+the\s+optimi[sz]ing\s+of\b", "optimize", "optimi", re.IGNORECASE),
    # "Nobody has examined the application for vulnerabilities": no check made.
    _Rewrite(
        r"\b(nobody|no\s+one)\s+has\s+(?:ever\s+)?(?:examined|reviewed|audited|inspected)\b",
        r"\1 checked",
        ("examined", "reviewed", "audited", "inspected"),
        re.IGNORECASE,
    ),
    # "invoices table no index": the table lacks one.
    _Rewrite(
        r"\b([a-z_]+)\s+table\s+(?:has\s+)?no\s+index(?:es)?\b",
        r"the \1 table needs an index",
        "no index",
        re.IGNORECASE,
    ),
    # "fit to go into production": ready for it.
    _Rewrite(
        r"\bfit\s+to\s+go\s+(?:into|to|in)\s+production\b",
        "fit for production",
        "fit to",
        re.IGNORECASE,
    ),
    # "... before Monday.": when, said at the end.
    _Rewrite(
        r"(?<!ship)(?<!deploy)(?<!release)(?<!launch)(?<!live)(?<!done)\s+(?:before|by)\s+"
        r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight"
        r"|eod|end\s+of\s+(?:day|week|month))\s*(?=[.!?]|$)",
        "",
        ("before", "by"),
        re.IGNORECASE,
    ),
    # ", like the folders and main.py and everything": a new project's parts.
    _Rewrite(
        r",\s*like\s+the\s+folders\s+and\s+[\w.]+(?:\s+and\s+everything)?(?=\s*,|\s+named\b)",
        "",
        "folders",
        re.IGNORECASE,
    ),
    # An SRE's action items: "go/no-go", "Friday freeze starts in 2h.", "Before
    # then:", "Quarter-end is brutal.", ", no extras. Go.", "No one has any
    # idea whether ...", "user should not refresh again and again".
    _Rewrite(r"\bgo\s*/\s*no[\s-]?go\b", "go-live", "no-go", re.IGNORECASE),
    _Rewrite(
        r"^\s*\w+\s+freeze\s+starts\s+in\s+\w+\s*[.!]\s*(?:before\s+then\s*:\s*)?",
        "",
        "freeze",
        re.IGNORECASE,
    ),
    _Rewrite(r"^\s*[\w-]+\s+is\s+brutal\s*[.!]\s*", "", "brutal", re.IGNORECASE),
    _Rewrite(r",\s*no\s+extras\s*\.?\s*(?:go\s*[.!]?)?\s*$", "", "extras", re.IGNORECASE),
    _Rewrite(
        r"\b(?:no\s+one|nobody)\s+has\s+any\s+(?:idea|clue)\s+(?:whether|if)\b",
        "nobody can tell me whether",
        ("idea", "clue"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b(?:users?|they|people)\s+should\s+not\s+(?:have\s+to\s+)?refresh(?:\s+again\s+and\s+again)?\b",
        "without refreshing",
        "refresh",
        re.IGNORECASE,
    ),
    # A research nurse's and a Dublin developer's asks: "be held in memory",
    # "put drugs in cache", ", thx a mil", "morning lads, bit hungover,", "cd
    # u", "back from hols in Krakow, first thing:", "grand so,", "sort the
    # error handling", "errs", ", ta", "where only clinical staff can get in",
    # "check the consent section with automated tests", "adding, viewing,
    # editing and deleting of X", "in a fit state for production".
    _Rewrite(
        r"\b(be|being)\s+(?:held|kept|stored)\s+in\s+(memory|redis|the\s+cache|cache)\b",
        r"\1 cached in \2",
        ("held", "kept", "stored"),
        re.IGNORECASE,
    ),
    _Rewrite(r",?\s*\bthx\s+a\s+mil(?:lion)?\b", "", "thx a", re.IGNORECASE),
    _Rewrite(
        r"^\s*(?:morning|hiya|hey)\s+(?:lads|folks|all)\s*,\s*(?:bit\s+hungover\s*,\s*)?",
        "",
        "lads",
        re.IGNORECASE,
    ),
    _Rewrite(r"^\s*hiya\s*,\s*", "", "hiya", re.IGNORECASE),
    _Rewrite(r"\bcd\s+u\b", "could you", "cd u", re.IGNORECASE),
    _Rewrite(r"\bcan\s+u\b", "can you", "can u", re.IGNORECASE),
    _Rewrite(
        r"\bback\s+from\s+(?:hols|holidays?|vacation|leave)(?:\s+in\s+\w+)?\s*,\s*(?:first\s+thing\s*:\s*)?",
        "",
        "back from",
        re.IGNORECASE,
    ),
    _Rewrite(r"^\s*grand\s+so\s*,\s*", "", "grand so", re.IGNORECASE),
    _Rewrite(
        r"\bsort\s+(?:out\s+)?(the\s+)?(?=error\s+handling|logging|caching|deploy|auth|tests)",
        r"set up \1",
        "sort",
        re.IGNORECASE,
    ),
    _Rewrite(r"\berrs\b", "errors", "errs", re.IGNORECASE),
    _Rewrite(r"[,?.]\s*ta\s*[.!]?\s*$", "", " ta", re.IGNORECASE),
    _Rewrite(
        r",?\s*\bwhere\s+only\s+(?:[\w-]+\s+){1,3}?can\s+get\s+in\b", "", "get in", re.IGNORECASE
    ),
    _Rewrite(
        r"\bcheck\s+(the\s+(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:thoroughly\s+)?with\s+(?:automated\s+)?tests\b",
        r"write tests for \1",
        "tests",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\b(?:adding|creating)\s*,\s*(?:viewing|reading|listing)\s*,\s*(?:editing|updating)\s*,?\s*"
        r"(?:and|&)\s*(?:deleting|removing)\s+(?:of\s+)?",
        "crud for ",
        ("adding", "creating"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bin\s+a\s+fit\s+state\s+for\s+production\b",
        "fit for production",
        "fit state",
        re.IGNORECASE,
    ),
    _Rewrite(r",\s*nobody\s+has\s+ever\s+scored\s+it\b", "", "scored", re.IGNORECASE),
    _Rewrite(
        r",\s*no\s+index\s+on\s+(\w+)", r", it needs an index on \1", "no index", re.IGNORECASE
    ),
    _Rewrite(
        r"\bdeploys\s+are\s+me\s+scp'?ing\s+files\b",
        "we deploy by copying files by scp",
        "deploys",
        re.IGNORECASE,
    ),
    # "a new project set up named X": its name.
    _Rewrite(r"\bset\s+up\s+(?=named\b)", "", "set up", re.IGNORECASE),
    # "I have wanted caching for ages": a long time, no place.
    _Rewrite(
        r"\s+for\s+(?:ages|years|a\s+(?:long\s+|little\s+|short\s+)?while|a\s+(?:long|short)\s+time"
        r"|a\s+bit)\b(?!\s*[:=])",
        "",
        ("ages", "years", "while", "long time", "short time", "a bit"),
        re.IGNORECASE,
    ),
    # "This worries me.": how the person feels about what they said.
    _Rewrite(
        r"(?:^|(?<=[.!?;,]))\s*(?:this|that|it)\s+(?:really\s+|honestly\s+)?"
        r"(?:worries|scares|bothers|concerns|frightens)\s+(?:me|us)(?:\s+a\s+lot)?\s*[.!]*",
        "",
        ("worries", "scares", "bothers", "concerns", "frightens"),
        re.IGNORECASE,
    ),
    # "logging with request id, easy to debug": what it is for.
    _Rewrite(
        r",\s*(?=(?:it'?s\s+|it\s+is\s+)?(?:easy|easier|simpler|simple|quicker|faster|safer"
        r"|cleaner)\s+to\s+[a-z]+\s*(?:[.!]|$))",
        ", so ",
        "to",
        re.IGNORECASE,
    ),
    # "create project new, name is booking_system": a new project.
    _Rewrite(
        r"\b(create|make|build|generate|start|init|setup|set\s+up)\s+(?:a\s+|one\s+)?project\s+new\b",
        r"\1 a new project",
        "new",
        re.IGNORECASE,
    ),
    # "a medication resource that stores name, dosage and unit": its fields.
    _Rewrite(
        r"\b(resource|model|entity|table)\s+(?:that|which)\s+(?:stores|keeps|tracks|records|holds)\b",
        r"\1 with",
        ("stores", "keeps", "tracks", "records", "holds"),
        re.IGNORECASE,
    ),
    # "Security's not my strong suit, I'm more of a modelling person": about
    # the person, not the project.
    _Rewrite(
        r"(?:^|(?<=[.!?;]))\s*[^.!?;]*\bnot\s+(?:really\s+)?(?:my|our)\s+strong\s+"
        r"(?:suit|point|side)\b[^.!?;]*[.!?;]?",
        "",
        "strong",
        re.IGNORECASE,
    ),
    # "data not change, no need query again": the answer kept, not asked for
    # each time.
    _Rewrite(
        r"\bno\s+need\s+(?:to\s+)?(?:query|call|fetch|load|compute|recompute|calculate)"
        r"\s+(?:it\s+|them\s+|the\s+(?:db|database)\s+)?again\b",
        "instead of querying the database every time",
        "again",
        re.IGNORECASE,
    ),
    # "a title, a notes field and a done flag": the word for a field after
    # its name, in a list.
    _Rewrite(
        r"(?:(?<=,)|(?<=\band)|(?<=\bwith))\s+(?:an?\s+)?(?!(?:the|a|an|each|every)\s)"
        r"(?!(?:text|string|str|int|integer|date|datetime|bool|boolean|float|decimal|number|json"
        r"|uuid|email|url)\s)([a-z][a-z0-9_]*)\s+(?:field|column|attribute)\b(?!\s*[(:=])",
        r" \1",
        ("field", "column", "attribute"),
        re.IGNORECASE,
    ),
    # "the cache for api categories", "tests for api orders": the API's
    # endpoints of that resource.
    _Rewrite(
        r"\b(for|on|of|to)\s+(?:the\s+|our\s+|my\s+)?api\s+(?!(?:responses|requests|calls|keys"
        r"|docs|endpoints|routes|tests|errors|logs|users|clients|consumers|gateways|servers"
        r"|tokens|limits|versions|specs|contracts|changes|updates|callers)\b)([a-z][a-z_]*s)\b"
        r"(?!\s+(?:endpoints?|routes?|api)\b)",
        r"\1 the \2 endpoints",
        "api",
        re.IGNORECASE,
    ),
    # "a title, a description and a done flag", "with name and an active
    # flag": a field said to be a flag is a boolean.
    _Rewrite(
        r"(?:(?<=,)|(?<=:)|(?<=\band)|(?<=\bwith)|(?<=\bhas)|(?<=\bhave))(\s+(?:an?\s+)?)"
        r"(?!(?:feature|debug|the|a|an)\s)([a-z][a-z0-9_]*)\s+flag\b(?!\s*[(:])",
        r"\1\2:bool",
        "flag",
        re.IGNORECASE,
    ),
    # "audit -> security review -> deploy": a chain of steps, in order.
    _Rewrite(_ARROW_CHAIN, _chained, (">", "\u2192")),
    _Rewrite(_TESTS_ARROW, r"\1 for ", (">", "\u2192")),
    _Rewrite(_ARROW_THEN, ", ", (">", "\u2192")),
    _Rewrite(_ARROW, ": ", (">", "\u2192")),
    # "crud for 'expense' model = amount, category, ...": the model's fields.
    _Rewrite(
        r"\b(?:model|entity|schema|table)\s*=\s*(?=[\w'\"]+\s*,)", "fields: ", "=", re.IGNORECASE
    ),
    _Rewrite(_KEYED, _keyed, "="),
    _Rewrite(_EQUALS, " is ", "="),
    _Rewrite(_BAR_SECTION, "; ", "|"),
    _Rewrite(_BAR, " ", "|"),
    _Rewrite(_TYPED_BAR, ", ", "|"),
    _Rewrite(_TYPED_EQUALS, ":", "="),
    # "it's read 1000x/s", "at 500 req/s": a rate says how busy, never a name.
    _Rewrite(
        r"\b\d+(?:\.\d+)?k?\s*(?:x|times|req|reqs|requests|calls|hits|rps|qps)?\s*/\s*"
        r"(?:s|sec|second|min|minute|h|hr|hour|day)\b",
        " ",
        "/",
        re.IGNORECASE,
    ),
    # "As discussed in #412:", "after merge of #87": an issue or pull request
    # named says where the ask comes from, nothing to do.
    _Rewrite(r"(?:\b(?:in|on|of|from|per|see|re)\s+)?#\d+\b", " ", "#", re.IGNORECASE),
    # "with two roles, teacher and student": the roles after their count.
    _Rewrite(
        r"\b(?:two|three|four|five|2|3|4|5)\s+roles\s*[,:]\s*", "roles ", "roles", re.IGNORECASE
    ),
    # "Required fields are ...", "mandatory fields:": the fields.
    _Rewrite(r"\b(?:required|mandatory)\s+(?=fields\b)", "", "fields", re.IGNORECASE),
    # "we launch friday so dockerize it": then a request of its own.
    _Rewrite(
        r"(?<=[a-z])\s+so\s+(?=(?:dockeri[sz]e|containeri[sz]e|deploy|cache|secure|audit)\s+"
        r"(?:it|this|the|our|my)\b)",
        ", so ",
        "so",
        re.IGNORECASE,
    ),
    # "every error, whether it is a 404 for a missing book or a 422 for bad
    # input, must ...": an aside of examples, between commas.
    _Rewrite(
        r",\s*whether\s+(?:it\s+is|it's|they\s+are)\s+[^,;.]{1,80}?\s+or\s+[^,;.]{1,80}?,\s*",
        " ",
        "whether",
        re.IGNORECASE,
    ),
    # "models resource (CRUD): ...", "datasets endpoints (CRUD): ...", "features
    # as CRUD: ...", "batch predictions resource, full CRUD - ...", "hyperparameter
    # sets - CRUD. ...", "inference requests crud: ...": the resource, then its CRUD.
    _Rewrite(
        r"^\s*((?:(?:please\s+)?(?:add|create|make|build|need|want|implement|generate)\s+)?)"
        r"([a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*){0,2}?)\s*(?:\s(?:resource|endpoints|entity|model|table))?"
        r"\s*(?:\(\s*(?:full\s+)?crud\s*\)|,?\s+as\s+(?:full\s+)?crud|\s*[,;-]+\s*(?:full\s+)?crud"
        r"|\s+crud)\s*(?:[:.;]|-+)\s*(?=[a-z_]+\s*:?\s*(?:str|string|text|int|integer|bigint|float|real"
        r"|double|decimal|numeric|bool|boolean|date|datetime|timestamp|uuid|varchar)\b)",
        r"\1crud for \2: ",
        "crud",
        re.IGNORECASE,
    ),
    # "need honey_jars in the api with full crud - batch str, ...": its CRUD.
    _Rewrite(
        r"\b(need|want|add)\s+([a-z][a-z0-9_]*)\s+in\s+the\s+(?:api|app)\s+with\s+(?:full\s+)?crud\b",
        r"\1 crud for \2",
        "crud",
        re.IGNORECASE,
    ),
    # "payments CRUD pls mate. member_id int, ...": its fields after the full stop.
    _Rewrite(
        r"(\bcrud\b[^.;:]{0,40}?)\s*[.;]\s+(?=[a-z_]+\s+(?:str|string|text|int|integer|float|decimal|bool"
        r"|boolean|date|datetime|uuid)\s*,)",
        r"\1: ",
        "crud",
        re.IGNORECASE,
    ),
    # "roles (in order): admin, analyst": the order said in brackets.
    _Rewrite(r"\(\s*in\s+(?:this\s+)?order\s*\)", "in this order", "order", re.IGNORECASE),
    # "p95 on /experiments ~4s.", "EXPLAIN shows seq scans": what was measured.
    _Rewrite(
        r"\bp\d{2,3}\s+(?:latency\s+)?(?:on|for|of)\s+\S+\s+(?:is\s+|at\s+|~\s*|about\s+|around\s+)?~?"
        r"\d+(?:\.\d+)?\s*(?:ms|s|secs?|seconds)\b\s*[.,;]?",
        "",
        ("p9", "p5"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bEXPLAIN(?:\s+ANALYZE)?\s+(shows|showed|says|said|reports)\b",
        r"the query plan \1",
        "explain",
        re.IGNORECASE,
    ),
    # "started: datetime.date; budget: Decimal": Python's types by their module.
    _Rewrite(r"\bdatetime\.(date|datetime)\b", r"\1", "datetime.", re.IGNORECASE),
    # "(locust, 200 users)": a load test's size.
    _Rewrite(
        r"\s*\((?:[\w-]+\s*,\s*)?\d+\s*(?:users|requests|rps|qps|vus|concurrent\s+users)\)",
        "",
        ("users", "requests", "rps", "qps", "vus"),
        re.IGNORECASE,
    ),
    # "payment crud needed: ...", "crud for customers required -": asked for.
    _Rewrite(
        r"(\bcrud(?:\s+for\s+[\w-]+)?)\s+(?:is\s+)?(?:needed|required|wanted)\b",
        r"\1",
        "crud",
        re.IGNORECASE,
    ),
    # "Customer entity crud needed": the resource before what it is.
    _Rewrite(
        r"\b([a-z][a-z0-9_]*)\s+(?:entity|model|resource|table)\s+(crud)\b",
        r"\2 for \1",
        "crud",
        re.IGNORECASE,
    ),
    # "a resource for borrowed books, called loan: ...": the name it is given.
    _Rewrite(
        r"\b(resource|crud|endpoints?|feature)\s+for\s+(?:[\w-]+\s+){0,3}?[\w-]+,?\s+called\s+",
        r"\1 called ",
        "called",
        re.IGNORECASE,
    ),
    # "I have settled upon the name "petty_cash" for our new project".
    _Rewrite(
        r"\b(?:settled\s+(?:up)?on|chosen|picked|decided\s+on|gone\s+with|went\s+with)\s+"
        r"the\s+name\s+([\"'`]?)([\w-]+)\1\s+for\s+(?:our|the|my|this)\s+new\s+"
        r"((?:fastapi\s+)?(?:project|service|api|app))\b",
        r"want a new \3 called \2",
        "name",
        re.IGNORECASE,
    ),
    # "We have Redis on the lab machine; please use it to cache ...": the store.
    _Rewrite(
        r"\b(?:we|i)\s+(?:have|run|got)\s+(redis|memcached|valkey)\b[^.;!?]{0,60}[.;]\s*"
        r"(please\s+)?use\s+it\s+(?:to|for)\s+",
        r"\2use \1 to ",
        "use it",
        re.IGNORECASE,
    ),
    # "then the database optimised", "the queries tuned": the passive want.
    _Rewrite(
        r"\b(?:the\s+)?(database|db|queries|database\s+queries)\s+(?:optimi[sz]ed|tuned|sped\s+up)\b",
        r"optimize the \1",
        ("optimis", "optimiz", "tuned", "sped"),
        re.IGNORECASE,
    ),
    # "The system shall be deployable to production via container images": a
    # requirement to deploy it, not a question of readiness.
    _Rewrite(
        r"\b(?:shall|should|must|needs?\s+to|has\s+to)\s+be\s+deployable\b",
        "needs a deployment",
        "deployable",
        re.IGNORECASE,
    ),
    # "PAY-77 broke prod twice", "having added the login arrangements, ...":
    # what happened, not what is asked.
    _Rewrite(
        r"\b(?:broke|crashed|took\s+down|brought\s+down|killed|nuked)\s+(?:the\s+|our\s+)?"
        r"(?:prod|production|staging)\b",
        "broke things",
        ("broke", "crashed", "down", "killed", "nuked"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"(?:^|(?<=[.!?;]\s))having\s+(?:already\s+)?(?:added|built|set\s+up|made|created|done|"
        r"finished|written|got)\s+[^,.;]{1,60},\s*",
        "",
        "having",
        re.IGNORECASE,
    ),
    # "prior to go-live": before it.
    _Rewrite(r"\bprior\s+to\b", "before", "prior", re.IGNORECASE),
    # "crud for tags, just a name field": its one field.
    _Rewrite(
        r"\b(?:(?:with\s+)?(?:just|only)\s+)?(?:a|the|one)\s+([a-z][a-z0-9_]*)\s+field\b(?!s)",
        r"with fields \1",
        "field",
        re.IGNORECASE,
    ),
    # "with first name last name email and grade": a person's names as fields.
    _Rewrite(r"\b(first|last)\s+(name)\b", r"\1_\2", "name", re.IGNORECASE),
    _Rewrite(_DASHED_ASIDE, r" (\1) ", "-"),
    _Rewrite(_SPACED_DASH, ", ", "-"),
    # Fields described in plain words: "a daily price in dollars and cents", "a frame
    # size in whole inches", "points (a whole number)", "a start time (date and
    # time)", "whether it's available right now", "how many seats there are", "a
    # longer description".
    _Rewrite(_DESCRIBED_FIELD, _described_field, _DESCRIPTION_NEEDLES, re.IGNORECASE),
    _Rewrite(_FIELDS_ARE, _fields_are, ("fields", "columns", "attributes")),
    _Rewrite(
        r"\s+in\s+(?:dollars|euros|pounds)\s+and\s+(?:cents|pence)\b"
        r"|\s+(?:in|as)\s+(?:money|currency)\b",
        ":decimal",
        ("cents", "pence", "money", "currency"),
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\s+in\s+whole\s+(?:numbers?|inches|units|minutes|days|centimetres|centimeters)\b"
        r"|\s*\((?:a|as\s+a)\s+whole\s+number\)|\s+as\s+a\s+whole\s+number\b",
        ":int",
        "whole",
        re.IGNORECASE,
    ),
    _Rewrite(r"\s*\(\s*date\s+and\s+time\s*\)", ":datetime", "date and time", re.IGNORECASE),
    _Rewrite(
        r"(?<!\bsee\s)(?<!\bknow\s)(?<!\bcheck\s)(?<!\btell\s)(?<!\bjudge\s)(?<!\bsay\s)"
        r"\bwhether\s+(?:it\s+is|it's|its|it\s+has|it\s+was|they\s+are|it)\s+(?:been\s+)?"
        r"(?!(?:a|an|the)\b)([a-z]+)(?:\s+(?:yet|right\s+now|now|or\s+not))?\b",
        r"\1:bool",
        "whether",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"\bhow\s+many\s+([a-z]+)\s+(?:there\s+are|we\s+have|are\s+left|it\s+has)\b",
        r"\1:int",
        "how many",
        re.IGNORECASE,
    ),
    _Rewrite(
        r"(?:(?<=,\s)|(?<=\band\s)|(?<=\bwith\s))(?:an?\s+|some\s+)?(?:longer|long)\s+(?!text\s+in\b)([a-z]+)\b"
        r"(?!\s*:)",
        r"\1:text",
        "long",
        re.IGNORECASE,
    ),
    # "a stock count:int", "and a due date:date": a field named in two words, in a
    # list ("with", a comma, "and", an article before it).
    _Rewrite(
        r"(?:(?<=\bwith\s)|(?<=\band\s)|(?<=\ba\s)|(?<=\ban\s)|(?<=\bthe\s)|(?<=,\s))"
        r"(?!(?:with|and|a|an|the|of|for|plus|also|then|as|is|are|its|their|fields?|columns?|attributes?|attrs|properties|props)\s)"
        r"([a-z][a-z0-9]*)\s+([a-z][a-z0-9]*):(?=" + _TYPE_WORDS + ")",
        r"\1_\2:",
        ":",
        re.IGNORECASE,
    ),
    # "particulars: a description:str; the amount:decimal": a field after a
    # list's mark, with its article.
    _Rewrite(
        r"(?:(?<=[;:,]\s)|(?<=\band\s))(?:an?|the)\s+(?=[a-z_]\w*:" + _TYPE_WORDS + ")",
        "",
        ":",
        re.IGNORECASE,
    ),
    # "with a name, a price:decimal and a stock_count:int": the fields, listed with
    # their articles.
    _Rewrite(
        r"(?:(?<=,\s)|(?<=\band\s)|(?<=\bwith\s)|(?<=\bhas\s)|(?<=\bhave\s))an?\s+(?=[a-z_]\w*(?::"
        + _TYPE_WORDS
        + r"|\s*,|\s+and\b))",
        "",
        ":",
        re.IGNORECASE,
    ),
)
_VERBED_REWRITE = _Rewrite(_VERBED, r"\1\2", "'")
# Someone else's words quoted in a message whose writer then says what they
# will do ('per your note "I do not want hackers stealing our data", I will do
# a security review'): what was said, not what is asked; the plan is read.
_QUOTED_WORDS = _Pattern(r'"[^"]*\s[^"]*\s[^"]*"')
_PLANNED = _Pattern(
    r"\b(?:I|we)\s+(?:will|would|shall|am\s+going\s+to|are\s+going\s+to)\s+"
    r"|\b(?:plan|my\s+plan|next\s+step)\s*:|\b(?:that|this|it)\s+(?:needs|calls\s+for)\b"
    r"|\bis\s+best\s+(?:covered|handled|done)\s+by\b",
    re.IGNORECASE,
)


# What leads into the quote in its clause ("per your note", "quoting your email:",
# "you said", "you'd like customers"): a few words after the clause's start.
_LEAD_IN = _Pattern(r'(?:^|(?<=[.!?;,:]))([^.!?;,:"]{0,60})\s*[,:;-]?\s*$')


def _unquote_said(sentence: str) -> str:
    if '"' not in sentence:
        return sentence
    rest = _QUOTED_WORDS.compiled().sub(" ", sentence)
    if rest == sentence or not _PLANNED.compiled().search(rest):
        return sentence
    out, end = [], 0
    for quoted in _QUOTED_WORDS.compiled().finditer(sentence):
        before = sentence[end : quoted.start()]
        lead = _LEAD_IN.compiled().search(before)
        said = lead.group(1) if lead is not None else ""
        if lead is not None and len(said.split()) <= 6 and not _PLANNED.compiled().search(said):
            before = before[: lead.start(1)]
        out.append(before)
        end = quoted.end()
        # The punctuation closing the quoted clause goes with it.
        while end < len(sentence) and sentence[end] in " ,.;:-":
            end += 1
        out.append(" ")
    out.append(sentence[end:])
    return "".join(out)


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
    _refuse_model_message(text)
    sentence = unicodedata.normalize("NFKC", text).translate(_TRANSLATION)
    _refuse_length(sentence)
    # Emoji go, with the joiners that made one of several ("🏃‍♂️").
    sentence = "".join(c for c in sentence if not _is_pictograph(c) and c not in "\u200d\ufe0f")
    lowered = sentence.lower()
    for rewrite in (*_REWRITES, *_CONTRACTIONS, _VERBED_REWRITE):
        rewritten = rewrite.sub(sentence, lowered)
        if rewritten != sentence:
            sentence, lowered = rewritten, rewritten.lower()
    sentence = _unquote_said(sentence)
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


# A chat model's message or prompt pasted as data ('{"role": "system", ...}'):
# instructions to a model, not a request to fastprod.
_MODEL_MESSAGE = _Pattern(
    r'^\s*[\[{]\s*"(?:role|content|messages|system|prompt|instructions?)"\s*:', re.IGNORECASE
)


def _refuse_model_message(text: str) -> None:
    if text.lstrip()[:1] in ("{", "[") and _MODEL_MESSAGE.compiled().match(text):
        raise UnrecognizedCommand(
            "This is a chat model's message written as JSON, not a request: fastprod "
            "takes a plain sentence such as 'add caching to my API'."
        )


def _refuse_hidden_characters(text: str) -> None:
    for index, char in enumerate(text):
        if char in _ALLOWED_CONTROLS or _joins_emoji(text, index):
            continue
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            name = unicodedata.name(char, "unnamed character")
            raise UnrecognizedCommand(
                f"The sentence contains an invisible or control character "
                f"(U+{ord(char):04X} {name}); fastprod only runs text it can show as typed."
            )


def _joins_emoji(text: str, index: int) -> bool:
    # "🏃‍♂️": the zero-width joiner inside one emoji, between two pictographs.
    if text[index] != "\u200d" or index == 0 or index + 1 >= len(text):
        return False
    before = text[index - 1]
    if before == "\ufe0f" and index > 1:
        before = text[index - 2]
    return _is_pictograph(before) and _is_pictograph(text[index + 1])


def shorten(text: str, limit: int = 60) -> str:
    """Return ``text`` cut to ``limit`` characters, for quoting in a message."""
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
