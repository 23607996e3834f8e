"""Tier two of the concept reader: from phrases to intents, in plain Python.

Tier one (``_chunks``) gives the sentence as ordered phrases. This module
groups field and role lists, splits clauses at separators, refuses a clause
that negates or removes, reads the intents each clause names, attaches each
slot (a resource, a test target, a project name, a store, a time to live,
roles) to the feature that declares it, resolves "it", and reports the words
it did not use. A name is only ever made of free words: a function word, a
grammar keyword or a type word ends it.

This reader is built beside the grammar of sentence forms (``_grammar``) and
measured against the same corpus; it is not yet the engine's reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .._errors import UnrecognizedCommand
from .._intents import Intent
from .._registry import SPECS
from ._chunks import Chunk, chunks, correct_typos
from ._failure import Failure
from ._names import field_spec, identifier, resource_names, snake_case
from ._text import normalize, shorten
from ._typos import Correction

__all__ = ["Reading", "parse", "read", "understand"]

# Concepts that name a feature only when nothing stronger is in the clause:
# "cache the database queries" is caching, "optimise the database" is not.
_WEAK = frozenset(
    {
        "database",
        "databases",
        "db",
        "sql",
        "sqlalchemy",
        "postgres",
        "postgresql",
        "orm",
        "queries",
        "query",
        "secure",
        "protect",
        "protected",
        "pool",
        "compose",
        "container",
        "health",
        "log",
        "errors",
        "error",
        "production",
        "prod",
    }
)
# Problems whose removal is the optimisation itself ("remove N+1 queries").
_PROBLEMS = frozenset({"n+1", "nplusone", "slowqueries", "slowquery", "lazyloading", "queries"})
_FIXING = frozenset({"remove", "removing", "eliminate", "avoid", "stop", "getridof", "nix"})
# Readiness asked of a verb that makes things is deployment, asked as a
# question it is the audit.
_READINESS = frozenset(
    {
        "productionready",
        "prodready",
        "readyforproduction",
        "readyforprod",
        "deployable",
        "readytodeploy",
        "readytoship",
        "readyforlaunch",
        "readytogolive",
    }
)
_MAKING = frozenset({"make", "get", "prepare", "turn"})
# Verbs that ask for a review when no feature is named ("check my API").
_REVIEWING = frozenset(
    {
        "check",
        "review",
        "assess",
        "evaluate",
        "inspect",
        "scan",
        "score",
        "rate",
        "grade",
        "analyse",
        "analyze",
        "audit",
        "lookat",
        "lookover",
        "lookinto",
    }
)
_CREATING = frozenset(
    {
        "add",
        "create",
        "make",
        "build",
        "setup",
        "set-up",
        "generate",
        "scaffold",
        "start",
        "bootstrap",
        "init",
        "initialise",
        "initialize",
        "spinup",
        "kickoff",
        "give",
        "write",
        "implement",
        "need",
        "want",
    }
)
# Verbs that start a project ("create a FastAPI app", "bootstrap a backend").
_STARTING = frozenset(
    {
        "create",
        "build",
        "setup",
        "set-up",
        "generate",
        "scaffold",
        "start",
        "bootstrap",
        "init",
        "initialise",
        "initialize",
        "spinup",
        "kickoff",
        "make",
    }
)
_APP_NOUNS = frozenset(
    {
        "api",
        "apis",
        "app",
        "apps",
        "application",
        "project",
        "backend",
        "codebase",
        "code",
        "repo",
        "repository",
        "server",
        "microservice",
        "service",
        "services",
        "svc",
        "proj",
        "fastapi",
        "system",
    }
)
_RESOURCE_NOUNS = frozenset(
    {
        "endpoints",
        "routes",
        "api",
        "apis",
        "resource",
        "resources",
        "module",
        "modules",
        "model",
        "models",
        "entity",
        "entities",
        "table",
        "tables",
        "router",
        "routers",
    }
)
_CACHE_PLACES = frozenset(
    {
        "list",
        "endpoint",
        "endpoints",
        "route",
        "routes",
        "page",
        "pages",
        "api",
        "apis",
        "views",
        "view",
        "handlers",
        "handler",
        "router",
        "routers",
    }
)
# Feature words that are also the verb ("deploy the app", "cache it").
_VERBLIKE = frozenset(
    {
        "deploy",
        "cache",
        "audit",
        "log",
        "test",
        "secure",
        "protect",
        "dockerize",
        "dockerise",
        "containerize",
        "containerise",
        "authenticate",
    }
)
# "I need users to log in": what follows a wish is not the feature asked for.
_WISHING = frozenset({"need", "want", "love", "wouldlike", "help", "like"})
_PRONOUNS = frozenset({"it", "them", "this", "that", "these", "those"})
_NAMING = frozenset({"called", "named", "titled", "name"})
_FIELD_OPENERS = frozenset({"with", "having", "containing", "including"})
_STORES = {"redis": "redis", "valkey": "redis", "memcache": "memcached", "memcached": "memcached"}
_UNITS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "five": 5,
    "ten": 10,
    "fifteen": 15,
    "thirty": 30,
    "sixty": 60,
}
_SHOWN_SKIPPED = frozenset({"WORD", "NUMBER", "TYPE", "NOUN", "VAGUE", "WHOLE", "FIELDS_WORD"})
_MAX_NAME_WORDS = 4
_SEQUENCING = frozenset(
    {
        "then",
        "next",
        "finally",
        "afterwards",
        "afterward",
        "afterthat",
        "afterthis",
        "followedby",
        "lastly",
        "later",
        "oncedone",
    }
)
_DETERMINERS = frozenset({"the", "a", "an", "my", "our", "your", "this", "that", "some", "its"})
_UNFINISHED = {
    "crud": (
        "Say which resource the CRUD feature is for, e.g. 'create a CRUD feature for invoices'.",
        ("create a CRUD feature for invoices", "generate CRUD for products"),
    ),
    "write_tests": (
        "Say which feature to test, e.g. 'write tests for invoices'.",
        ("write tests for invoices", "write tests for the users feature"),
    ),
    "new_project": (
        "Say the project's name, e.g. 'set up a new FastAPI project called shop'.",
        ("set up a new FastAPI project called shop", "set up a new FastAPI project"),
    ),
}
_VAGUE_SUGGESTIONS = ("add Redis caching", "optimize my database queries", "audit my project")


class _Removal(Failure):
    """A clause asks to remove, disable or not add something."""

    def __init__(self, message: str, position: int, **_: object) -> None:
        super().__init__(message, position, suggestions=())


@dataclass(frozen=True, slots=True)
class Reading:
    """What the concept reader understood.

    Attributes:
        intents: The intents, in order.
        skipped: Words of the sentence that were not used, in order.
        sentence: The sentence as read: normalised, corrections applied.
        corrections: Misspelled keywords read as the keyword, in order.
    """

    intents: tuple[Intent, ...]
    skipped: tuple[str, ...]
    sentence: str = ""
    corrections: tuple[Correction, ...] = ()


@dataclass(slots=True)
class _Command:
    name: str
    params: dict[str, Any] = field(default_factory=dict)
    verbless: bool = False
    # The slot as written, for "it" in a later clause.
    slot_words: tuple[str, ...] = ()


class _Clause:
    """One clause's chunks and which of them were used."""

    def __init__(self, items: Sequence[Chunk]) -> None:
        self.items = list(items)
        self.used: set[int] = set()

    def kinds(self, *kinds: str) -> list[int]:
        return [i for i, c in enumerate(self.items) if c.kind in kinds]

    def texts(self, kind: str) -> list[str]:
        return [c.text.lower() for c in self.items if c.kind == kind]

    def at(self, index: int) -> Chunk | None:
        return self.items[index] if 0 <= index < len(self.items) else None

    def skip(self, index: int, *kinds: str) -> int:
        while (chunk := self.at(index)) is not None and chunk.kind in kinds:
            index += 1
        return index


def parse(text: str) -> list[Intent]:
    """Parse a sentence with the concept reader; the intents only.

    Raises:
        UnrecognizedCommand: The sentence is refused.
    """
    return list(understand(text).intents)


def understand(text: str) -> Reading:
    """Normalise and read a sentence, or refuse it with a reason and suggestions.

    Raises:
        UnrecognizedCommand: The sentence is refused.
    """
    sentence = normalize(text)
    try:
        return _read_correcting(sentence)
    except Failure as failure:
        from ._refusals import suggest

        suggestions = suggest(sentence) if failure.suggestions is None else failure.suggestions
        raise UnrecognizedCommand(failure.message, suggestions=suggestions) from None


def _read_correcting(sentence: str) -> Reading:
    # A word one slip away from a keyword ("cahcing", "featrue") is read as
    # the keyword when the corrected sentence reads; otherwise as written.
    try:
        first: Reading | Failure = read(sentence)
    except Failure as failure:
        first = failure
    # A word the reading skipped changes nothing read ("delivery tracking
    # screen" is not "tracing"); a slip read as a name ("featrue") does.
    slips = correct_typos(sentence)
    if slips.corrections:
        try:
            reading = read(slips.sentence)
        except _Removal as removal:
            # "remve caching" is still a removal.
            noted = "; ".join(str(c) for c in slips.corrections)
            raise _Removal(f"{noted[0].upper()}{noted[1:]}: {removal.message}", 0) from None
        except Failure:
            pass
        else:
            if not _adds_commands(reading, first):
                return Reading(reading.intents, reading.skipped, slips.sentence, slips.corrections)
    if isinstance(first, Failure):
        raise _doubtful(sentence, slips.doubtful) or first
    return first


def _adds_commands(corrected: Reading, first: Reading | Failure) -> bool:
    # A sentence that reads is corrected to refine what it asks ("securty
    # audit", "a CRUD featrue for invoices"), never to ask for more: "the
    # delivery tracking screen" does not become logging of "tracing".
    return isinstance(first, Reading) and len(corrected.intents) > len(first.intents)


def _doubtful(sentence: str, doubtful: Sequence[tuple[str, tuple[str, ...]]]) -> Failure | None:
    # "add socker support": docker or socket? Say which, offering both.
    if not doubtful:
        return None
    word, candidates = doubtful[0]
    quoted = " or ".join(f"'{c}'" for c in candidates)
    return Failure(
        f"'{word}' could be {quoted}: say which.",
        sentence.find(word),
        suggestions=tuple(sentence.replace(word, c, 1) for c in candidates),
    )


def read(sentence: str) -> Reading:
    """Read a normalised sentence.

    Raises:
        Failure: The sentence removes or negates, names a feature fastprod does
            not have, holds a clause with nothing fastprod can do, or a name
            that is not valid.
    """
    grouped = _group_lists(chunks(sentence))
    undo = _read_undo(grouped, sentence)
    if undo is not None:
        return undo
    clauses = [_Clause(part) for part in _split(grouped)]
    commands: list[_Command] = []
    for clause in clauses:
        _refuse_negation(clause, sentence)
        _refuse_unfinished(clause)
        commands.extend(_read_clause(clause, commands))
        _refuse_unsupported(clause)
    if not commands:
        raise _no_command(sentence, clauses)
    _refuse_unread_code(clauses)
    intents = _merge(Intent(c.name, c.params) for c in commands)
    skipped = tuple(
        c.text
        for clause in clauses
        for i, c in enumerate(clause.items)
        if i not in clause.used and c.kind in _SHOWN_SKIPPED
    )
    return Reading(intents, skipped, sentence)


def _read_undo(items: list[Chunk], sentence: str) -> Reading | None:
    from ._undo import UndoMixed, read_undo

    try:
        intents = read_undo(items)
    except UndoMixed as mixed:
        raise Failure(
            f"an undo is run on its own; this sentence also asks for: {mixed}",
            0,
            suggestions=("undo the last change",),
        ) from None
    return None if intents is None else Reading(intents, (), sentence)


# ---------------------------------------------------------------- lists


def _group_lists(items: list[Chunk]) -> list[Chunk]:
    # Field and role lists hold commas and "and": group them before clauses
    # are split at those.
    out: list[Chunk] = []
    index = 0
    while index < len(items):
        grouped = _fields_at(items, index) or _roles_at(items, index)
        if grouped is None:
            out.append(items[index])
            index += 1
            continue
        chunk, index = grouped
        out.append(chunk)
    return _roles_before(out)


def _fields_at(items: list[Chunk], start: int) -> tuple[Chunk, int] | None:
    # "with fields a:str, b:int", "(a str, b int)", "fields: a str; b int",
    # "with an integer quantity and a date shipped_on".
    index, opened = _field_opening(items, start)
    # After "fields" a colon always types a field, so "price:money" is an
    # unknown type; elsewhere ("roles: admin") only a type word makes one.
    if index is None:
        return None
    declared = any(c.kind == "FIELDS_WORD" for c in items[start:index])
    fields: list[str] = []
    positions: list[int] = []
    while (item := _field_item(items, index, explicit=not opened, declared=declared)) is not None:
        name, type_name, position, index = item
        fields.append(field_spec(name, type_name, position))
        positions.append(position)
        separator = items[index] if index < len(items) else None
        following = (
            _field_item(items, index + 1, explicit=False, declared=declared) if separator else None
        )
        if separator is None or separator.kind != "SEP" or following is None:
            break
        index += 1
    if not fields:
        return None
    if index < len(items) and items[index].kind == "RPAR":
        index += 1
    text = ", ".join(fields)
    return Chunk("FIELDS", text, positions[0], items=tuple(fields)), index


def _field_opening(items: list[Chunk], start: int) -> tuple[int | None, bool]:
    # Where field items start after an opening, and whether it was one.
    chunk = items[start]
    index = start
    if chunk.kind == "OPEN" and chunk.text.lower() in _FIELD_OPENERS:
        index += 1
        while index < len(items) and items[index].kind == "FUNCTION":
            index += 1
        if index < len(items) and items[index].kind == "FIELDS_WORD":
            index += 1
        opened = True
    elif chunk.kind in ("FIELDS_WORD", "LPAR"):
        index += 1
        opened = True
    else:
        return start, False
    if index < len(items) and items[index].kind in ("COLON", "LPAR"):
        index += 1
    return index, opened


def _is_name(chunk: Chunk | None) -> bool:
    return chunk is not None and chunk.text.replace("_", "a").replace("-", "a").isalnum()


def _field_item(
    items: list[Chunk], index: int, *, explicit: bool, declared: bool
) -> tuple[str, str, int, int] | None:
    # One field: name:type, name (type), name type, or [a] type name. Without
    # an opening word only the explicit forms (a colon or brackets) count.
    at = items[index] if index < len(items) else None
    if at is None or not _is_name(at) or at.kind == "SEP":
        return None
    after = items[index + 1] if index + 1 < len(items) else None
    third = items[index + 2] if index + 2 < len(items) else None
    has_type = third is not None and (third.kind == "TYPE" or declared)
    if after is not None and after.kind == "COLON" and _is_name(third) and has_type:
        # Without an opening word ("crud: orders") only a type word makes it a field.
        assert third is not None
        return at.text, third.text, at.position, index + 3
    if after is not None and after.kind == "LPAR" and third is not None and third.kind == "TYPE":
        closing = (
            index + 4 if index + 3 < len(items) and items[index + 3].kind == "RPAR" else index + 3
        )
        return at.text, third.text, at.position, closing
    if explicit or at.kind in ("NEGATION", "VERB"):
        return None
    if at.kind in ("WORD", "NOUN", "CONCEPT") and after is not None and after.kind == "TYPE":
        return at.text, after.text, at.position, index + 2
    start = index + 1 if at.kind == "FUNCTION" and at.text.lower() in ("a", "an") else index
    # "an integer quantity", "a date shipped_on"
    type_word = items[start] if start < len(items) else None
    named = items[start + 1] if start + 1 < len(items) else None
    if (
        type_word is not None
        and type_word.kind == "TYPE"
        and named is not None
        and named.kind == "WORD"
    ):
        return named.text, type_word.text, named.position, start + 2
    return None


def _roles_at(items: list[Chunk], start: int) -> tuple[Chunk, int] | None:
    # "roles admin, editor", "roles: admin and editor", "roles (admin, editor)"
    if items[start].kind != "ROLES_WORD":
        return None
    index = start + 1
    if index < len(items) and (
        items[index].kind in ("COLON", "LPAR")
        or (items[index].kind == "OPEN" and items[index].text.lower() in ("like", "such as"))
    ):
        index += 1
    names: list[str] = []
    while index < len(items) and items[index].kind == "WORD":
        names.append(items[index].text.lower())
        index += 1
        if index + 1 < len(items) and _list_joint(items[index]) and items[index + 1].kind == "WORD":
            index += 1
            continue
        break
    if len(names) < 2 and not (start + 1 < len(items) and items[start + 1].kind == "COLON"):
        return None
    if index < len(items) and items[index].kind == "RPAR":
        index += 1
    return Chunk("ROLES", items[start].text, items[start].position, items=tuple(names)), index


def _roles_before(items: list[Chunk]) -> list[Chunk]:
    # "admin and editor roles": the names come before the word.
    out: list[Chunk] = []
    for chunk in items:
        if chunk.kind != "ROLES_WORD":
            out.append(chunk)
            continue
        names: list[str] = []
        while out and out[-1].kind == "WORD":
            names.insert(0, out.pop().text.lower())
            if len(out) >= 2 and _list_joint(out[-1]) and out[-2].kind == "WORD":
                out.pop()
                continue
            break
        out.append(Chunk("ROLES", chunk.text, chunk.position, items=tuple(names)))
    return out


def _list_joint(chunk: Chunk) -> bool:
    return chunk.text.lower() in (",", "and", "or", "&", "/")


def _split(items: list[Chunk]) -> list[list[Chunk]]:
    parts: list[list[Chunk]] = [[]]
    for chunk in items:
        if chunk.kind != "SEP":
            parts[-1].append(chunk)
            continue
        parts.append([])
        if chunk.key in _SEQUENCING:
            # "..., then redis caching": a new step, never more of the last.
            parts[-1].append(replace(chunk, kind="THEN"))
    merged: list[list[Chunk]] = []
    pending: list[Chunk] = []
    for part in parts:
        # "find and fix N+1 queries", "build and deploy it": a clause of
        # verbs alone shares the object of the next.
        if part and all(c.kind in ("VERB", "FUNCTION", "THEN") for c in part):
            pending.extend(part)
            continue
        if part or pending:
            merged.append(pending + part)
        pending = []
    if pending and merged:
        merged[-1].extend(pending)  # "catch all exceptions and return json"
    elif pending:
        merged.append(pending)
    return [part for part in merged if part]


# ---------------------------------------------------------------- refusals


def _refuse_negation(clause: _Clause, sentence: str) -> None:
    negations = clause.kinds("NEGATION")
    if not negations:
        return
    # "add eager loading to avoid N+1 queries": what follows the word is a
    # problem, and removing a problem is the optimisation.
    keys = {c.key for c in clause.items[negations[0] :] if c.kind == "CONCEPT"}
    fixing = all(clause.items[i].key in _FIXING for i in negations)
    if fixing and keys and keys <= _PROBLEMS | {"queries", "query"}:
        clause.used.update(negations)
        return
    from ._clauses import removal_refused

    raise _Removal(removal_refused(sentence), clause.items[negations[0]].position, suggestions=())


def _refuse_unfinished(clause: _Clause) -> None:
    # "create crud for", "add caching to the", "a new project called",
    # "with fields title": the phrase stops before the words it opens.
    end = len(clause.items)
    while (
        end > 0
        and clause.items[end - 1].kind == "FUNCTION"
        and (clause.items[end - 1].key in _DETERMINERS)
    ):
        end -= 1
    last = clause.at(end - 1)
    if last is not None and last.kind in ("OPEN", "COLON", "LPAR", "NEW"):
        message, suggestions = _UNFINISHED.get(
            _first_intent(clause),
            (f"The sentence stops after '{last.text}': say what it is for.", ()),
        )
        raise Failure(message, last.position, suggestions=suggestions)
    for chunk in clause.items:
        if chunk.kind == "FIELDS_WORD":
            raise Failure(
                "Write fields as name:type, e.g. 'with fields title:str, done:bool'.",
                chunk.position,
                suggestions=("create a CRUD feature for tasks with fields title:str, done:bool",),
            )


def _first_intent(clause: _Clause) -> str:
    return next((c.intent for c in clause.items if c.intent), "")


def _refuse_unsupported(clause: _Clause) -> None:
    for index in clause.kinds("UNSUPPORTED"):
        if index not in clause.used:
            chunk = clause.items[index]
            raise Failure(f"fastprod has no feature called '{chunk.text}'.", chunk.position)


def _refuse_unread_code(clauses: Sequence[_Clause]) -> None:
    # "add caching `reboot`": words in backticks are code; a feature or a
    # name in them is read ("add `structured logging`"), a free word is not.
    for clause in clauses:
        for index, chunk in enumerate(clause.items):
            if chunk.code and index not in clause.used and chunk.kind == "WORD":
                raise Failure(
                    f"'{chunk.text}' in backticks is not part of a fastprod command; "
                    "nothing was run.",
                    chunk.position,
                    suggestions=(),
                )


def _no_command(sentence: str, clauses: Sequence[_Clause]) -> Failure:
    vague = [c.text for clause in clauses for c in clause.items if c.kind == "VAGUE"]
    if vague:
        return Failure(
            f"'{shorten(sentence)}' could mean several things; say which, for example:",
            0,
            suggestions=_VAGUE_SUGGESTIONS,
        )
    return Failure(f"Not a fastprod command: '{shorten(sentence)}'.", 0)


# ---------------------------------------------------------------- clauses


def _read_clause(clause: _Clause, before: list[_Command]) -> list[_Command]:
    previous = before[-1] if before else None
    verbs = {c.key for c in clause.items if c.kind == "VERB"}
    project = _new_project(clause, verbs) or _new_project(clause, verbs, made=True)
    commands = [project] if project else _named_commands(clause) or _implied_commands(clause)
    if not commands:
        return _continue(clause, previous)
    if previous is not None and previous.name == "write_tests":
        commands = _as_test_targets(clause, commands, previous)
    for command in commands:
        _attach_extras(command, clause)
    _refuse_unknown_object(clause)
    _resolve_pronouns(commands, previous)
    return commands


def _named_commands(clause: _Clause) -> list[_Command]:
    concepts = clause.kinds("CONCEPT")
    strong = [i for i in concepts if clause.items[i].key not in _WEAK]
    # "secure my API with JWT": the security word is the verb of the auth.
    chosen = strong or concepts
    commands: list[_Command] = []
    for index in chosen:
        if index in clause.used:
            continue
        clause.used.add(index)
        command = _command_at(clause, index)
        if command is not None and not any(c.name == command.name for c in commands):
            commands.append(command)
    for index in concepts:
        clause.used.add(index)
    # "audit my API security", "logging following best practices": the
    # generic review word qualifies the feature named beside it.
    if len(commands) > 1:
        commands = [c for c in commands if c.name != "audit"]
    return commands


def _command_at(clause: _Clause, index: int) -> _Command | None:
    chunk = clause.items[index]
    name = chunk.intent or ""
    if chunk.key in _READINESS and any(v.replace(" ", "") in _MAKING for v in clause.texts("VERB")):
        name = "deploy"
    verbless = not clause.kinds("VERB")
    command = _Command(name, verbless=verbless)
    slot = SPECS[name].slot
    if slot == "resource":
        _read_resource(command, clause, index)
    elif slot == "target":
        _read_target(command, clause, index)
    elif slot == "name":
        _read_project_name(command, clause, index)
    return command


def _implied_commands(clause: _Clause) -> list[_Command]:
    # No feature word: a store alone is caching, "new" before an app noun a
    # new project, a verb of making before resource nouns CRUD, a verb of
    # reviewing before the app an audit.
    verbs = {c.key for c in clause.items if c.kind == "VERB"}
    if clause.kinds("STORE"):
        return [_Command("caching")]
    if clause.kinds("ROLES", "ROLES_WORD"):
        return [_Command("auth")]
    crud = _crud_by_nouns(clause, verbs)
    if crud is not None:
        _take_fields(crud, clause)
        return [crud]
    project = _new_project(clause, verbs, made=True)
    if project is not None:
        return [project]
    asks_how = clause.items[0].key == "how" and {c.key for c in clause.items} & _APP_NOUNS
    if asks_how and not clause.kinds("WORD", "VAGUE", "UNSUPPORTED"):
        # "how is my API doing?", "how does the app look": its state, an audit.
        clause.used.update(clause.kinds("NOUN"))
        return [_Command("audit")]
    if verbs & _REVIEWING and not clause.kinds("WORD", "VAGUE", "UNSUPPORTED"):
        clause.used.update(clause.kinds("VERB", "NOUN", "WHOLE"))
        return [_Command("audit")]
    return []


def _new_project(clause: _Clause, verbs: set[str], *, made: bool = False) -> _Command | None:
    # "a new FastAPI app called notes", "a brand new production-ready API",
    # "create a FastAPI project named shop": the words between "new" and the
    # app noun describe the project.
    for index, chunk in enumerate(clause.items):
        noun_at = clause.skip(index + 1, "NOUN", "FUNCTION", "NEW", "CONCEPT", "WORD")
        while noun_at > index + 1 and clause.items[noun_at - 1].kind != "NOUN":
            noun_at -= 1
        nouns = {c.key for c in clause.items[index + 1 : noun_at] if c.kind == "NOUN"}
        is_new = chunk.kind == "NEW"
        before = clause.at(index - 1)
        made_here = (
            made and before is not None and before.kind == "VERB" and before.key in _STARTING
        )
        is_made = made_here and chunk.kind == "FUNCTION" and chunk.key in ("a", "an")
        if made_here and chunk.kind == "NOUN":
            # "create project shop": the noun right after the verb, then a name.
            noun_at, is_made = index + 1, True
            nouns = {chunk.key}
        opener = clause.at(noun_at)
        if is_made and opener is not None and opener.kind == "OPEN" and opener.key not in _NAMING:
            continue  # "create an API for books" is CRUD, "add caching to a FastAPI app" not new
        described = clause.items[index + 1 : noun_at]
        if is_made and any(
            c.kind == "WORD" or (c.kind == "CONCEPT" and c.key not in _READINESS) for c in described
        ):
            continue  # "add an auth system" is auth; without "new", "an iOS app" is not ours
        if (is_new or is_made) and nouns & _APP_NOUNS:
            named = _after_naming(clause, noun_at)
            command = _Command("new_project")
            clause.used.update(range(index, noun_at))
            if named:
                command.params["name"] = _project_name(named)
            return command
    return None


def _crud_by_nouns(clause: _Clause, verbs: set[str]) -> _Command | None:
    if not verbs & _CREATING and "scaffold" not in verbs:
        return None
    for index, chunk in enumerate(clause.items):
        if chunk.kind == "NOUN" and chunk.key in _RESOURCE_NOUNS:
            opener = clause.at(index + 1)
            after = opener is not None and opener.kind == "OPEN"
            words = _name_after(clause, index + 1) if after else []
            if not words and chunk.key not in ("api", "apis"):
                # "invoice endpoints"; "a REST API" names no resource.
                words = _name_before(clause, index)
            if words:
                command = _Command("crud")
                clause.used.add(index)
                _set_resource(command, words)
                return command
    if "scaffold" in verbs:
        verb = clause.kinds("VERB")[0]
        words = _name_after(clause, verb + 1)
        if words:
            command = _Command("crud")
            _set_resource(command, words)
            return command
    return None


def _continue(clause: _Clause, previous: _Command | None) -> list[_Command]:
    # A clause with no feature: more of the command before it, or nothing.
    marked = set(clause.used)
    fields = [c for c in clause.items if c.kind == "FIELDS"]
    if previous is not None and previous.name == "crud" and fields and len(clause.items) == 1:
        previous.params["fields"] = list(previous.params.get("fields", [])) + list(fields[0].items)
        clause.used.add(0)
        return []
    words = _name_after(clause, 0)
    # "invoices, customers and payments" lists names; in "... and then email
    # me" the word of a feature fastprod lacks is a request, not a name.
    rest = clause.items[clause.items.index(words[-1]) + 1 :] if words else []
    listed = words and not (rest and any(c.kind == "UNSUPPORTED" for c in words))
    if previous is not None and listed and SPECS[previous.name].slot in ("resource", "target"):
        command = _Command(previous.name)
        if previous.name == "crud":
            _set_resource(command, words)
            _take_fields(command, clause)
        else:
            command.params["target"] = _test_target(words)
        command.slot_words = tuple(c.text for c in words)
        _refuse_leftovers(clause)
        return [command]
    clause.used = marked
    if previous is not None and _extends(previous, clause):
        return []
    _refuse_leftovers(clause)
    return []


def _extends(previous: _Command, clause: _Clause) -> bool:
    # "add caching, in redis, for 5 minutes"; "error handling, strict envelope".
    before = dict(previous.params)
    _attach_extras(previous, clause)
    return previous.params != before


def _refuse_leftovers(clause: _Clause) -> None:
    # Every clause is read: free words in a clause with no feature are an
    # unknown feature or an instruction fastprod does not take.
    free = [
        c
        for i, c in enumerate(clause.items)
        if i not in clause.used
        and c.kind in ("WORD", "VERB", "VAGUE", "UNSUPPORTED", "NUMBER", "TYPE")
    ]
    if not free:
        return
    if any(c.kind == "VAGUE" for c in free):
        raise Failure(
            "That could mean several things; say which, for example:",
            free[0].position,
            suggestions=_VAGUE_SUGGESTIONS,
        )
    # Name the words from the first that is not a verb or a function word.
    start = clause.skip(0, "VERB", "FUNCTION", "NEW", "OPEN")
    words = " ".join(c.text for c in clause.items[start:]) or free[0].text
    raise Failure(f"fastprod has no feature called '{shorten(words)}'.", free[0].position)


def _refuse_unknown_object(clause: _Clause) -> None:
    # "add rate limiting to the login endpoint": the object of the verb is
    # unknown; what follows it does not make it a feature.
    first = clause.skip(0, "FUNCTION")
    lead = clause.at(first)
    leading = (
        [first] if lead is not None and lead.kind == "CONCEPT" and lead.key in _VERBLIKE else []
    )
    concepts = clause.kinds("CONCEPT", "STORE")
    first_concept = concepts[0] if concepts else len(clause.items)
    # Only a verb before the feature introduces it: "so regressions get
    # caught" is a purpose, not a request.
    verbs = [
        i for i in clause.kinds("VERB") if clause.items[i].key not in _WISHING and i < first_concept
    ]
    for verb in verbs + leading:
        start = clause.skip(verb + 1, "FUNCTION", "NEW")
        end = start
        while (
            (chunk := clause.at(end)) is not None
            and chunk.kind == "WORD"
            and end not in clause.used
        ):
            end += 1
        following = clause.at(end)
        if end > start and (following is None or following.kind in ("OPEN", "VERB")):
            words = " ".join(c.text for c in clause.items[start:end])
            raise Failure(
                f"fastprod has no feature called '{words}'.", clause.items[start].position
            )


def _as_test_targets(
    clause: _Clause, commands: list[_Command], previous: _Command
) -> list[_Command]:
    # "write tests for invoices and caching": a feature named without a verb
    # after a test command is one more thing to test.
    if clause.kinds("VERB", "THEN") or not all(SPECS[c.name].testable for c in commands):
        return commands
    targets = [clause.items[i] for i in clause.kinds("CONCEPT")]
    return [
        _Command("write_tests", {"target": _test_target([t])}) for t in targets[: len(commands)]
    ]


# ---------------------------------------------------------------- slots


def _name_after(clause: _Clause, index: int) -> list[Chunk]:
    # Free words after an opening word and determiners: at most a few, ended
    # by anything that is not a free word.
    start = clause.skip(index, "OPEN", "FUNCTION")
    end = start
    while (chunk := clause.at(end)) is not None and chunk.kind in ("WORD", "UNSUPPORTED"):
        end += 1
    clause.used.update(range(start, end)) if end > start else None
    return clause.items[start:end]


def _name_before(clause: _Clause, index: int) -> list[Chunk]:
    start = index
    while (chunk := clause.at(start - 1)) is not None and chunk.kind in ("WORD", "UNSUPPORTED"):
        start -= 1
    clause.used.update(range(start, index))
    return clause.items[start:index]


def _after_naming(clause: _Clause, index: int) -> list[Chunk] | None:
    # "called shop", "named billing-api", ": ledger", or the word right after;
    # "for me called crm", "in a folder called shop".
    chunk = clause.at(index)
    if chunk is None:
        return None
    later = index
    while (named := clause.at(later)) is not None and named.kind in ("OPEN", "FUNCTION", "NOUN"):
        if named.kind == "OPEN" and named.key in _NAMING:
            break
        later += 1
    if later > index and named is not None and named.kind == "OPEN" and named.key in _NAMING:
        clause.used.update(range(index, later))
        index, chunk = later, named
    if (chunk.kind == "OPEN" and chunk.key in _NAMING) or chunk.kind == "COLON":
        clause.used.add(index)
        return _name_after(clause, index + 1) or None
    if chunk.kind == "WORD":
        return _name_after(clause, index) or None
    return None


def _read_resource(command: _Command, clause: _Clause, index: int) -> None:
    after = clause.skip(index + 1, "NOUN")
    opener = clause.at(after)
    words: list[Chunk] = []
    if opener is not None and opener.kind in ("OPEN", "COLON", "FUNCTION", "WORD"):
        words = _name_after(clause, after + (opener.kind == "COLON"))
    pronoun = _pronoun_at(clause, after)
    if not words and pronoun is None:
        words = _name_before(clause, index)
    if not words and pronoun is None:
        words = _lone_noun(clause, after)
    if pronoun is not None:
        command.params["_pronoun"] = pronoun
        return
    if not words:
        raise Failure(
            "Say which resource the CRUD feature is for, "
            "e.g. 'create a CRUD feature for invoices'.",
            clause.items[index].position,
            suggestions=("create a CRUD feature for invoices", "generate CRUD for products"),
        )
    _set_resource(command, words)
    _take_fields(command, clause)


def _lone_noun(clause: _Clause, index: int) -> list[Chunk]:
    # "crud for pages": a noun that is neither the app nor a kind of endpoint
    # names the resource when nothing else does.
    start = clause.skip(index, "OPEN", "FUNCTION")
    chunk = clause.at(start)
    if chunk is None or chunk.kind != "NOUN" or chunk.key in _APP_NOUNS | _RESOURCE_NOUNS:
        return []
    clause.used.add(start)
    return [chunk]


def _set_resource(command: _Command, words: Sequence[Chunk]) -> None:
    _guard_length(words, "resource")
    singular, plural = resource_names([c.text for c in words], words[0].position)
    command.params.update(resource=singular, plural=plural)
    command.params.setdefault("fields", [])
    command.slot_words = tuple(c.text for c in words)


def _take_fields(command: _Command, clause: _Clause) -> None:
    for index, chunk in enumerate(clause.items):
        if chunk.kind == "FIELDS":
            clause.used.add(index)
            command.params["fields"] = _unique_fields(
                list(command.params.get("fields", [])) + list(chunk.items), chunk.position
            )


def _unique_fields(fields: list[str], position: int) -> list[str]:
    names = [spec.partition(":")[0] for spec in fields]
    for name in names:
        if names.count(name) > 1:
            raise Failure(f"The field '{name}' is given twice.", position)
    return fields


def _read_target(command: _Command, clause: _Clause, index: int) -> None:
    start = clause.skip(index + 1, "NOUN", "CONCEPT")
    clause.used.update(range(index + 1, start))
    start = clause.skip(start, "OPEN")
    pronoun = _pronoun_at(clause, start)
    if pronoun is not None:
        command.params["_pronoun"] = pronoun
        return
    subject = clause.skip(start, "FUNCTION")
    chunk = clause.at(subject)
    if chunk is not None and chunk.kind == "WHOLE":
        clause.used.update(range(start, clause.skip(subject + 1, "NOUN", "FUNCTION", "OPEN")))
        command.params["target"] = "api"
        return
    if (
        chunk is not None
        and chunk.kind == "CONCEPT"
        and chunk.intent
        and SPECS[chunk.intent].testable
    ):
        clause.used.add(subject)
        command.params["target"] = _test_target([chunk])
        return
    words = _name_after(clause, start)
    covered = [i for i in clause.kinds("VERB") if clause.items[i].key == "cover"]
    if not words and covered:
        # "cover invoices with tests"
        words = _name_after(clause, covered[0] + 1)
    if words:
        command.params["target"] = _test_target(words)
        command.slot_words = tuple(c.text for c in words)
        return
    whole = chunk is not None and chunk.kind == "NOUN" and chunk.key in _APP_NOUNS
    raise Failure(
        f"Say which feature to test{': that is the whole app' if whole else ''}, "
        f"e.g. 'write tests for invoices'.",
        clause.items[index].position,
        suggestions=("write tests for invoices", "write tests for the users feature"),
    )


def _test_target(words: Sequence[Chunk]) -> str:
    _guard_length(words, "feature")
    target = snake_case([c.text for c in words])
    return identifier(target, "feature", words[0].position)


def _read_project_name(command: _Command, clause: _Clause, index: int) -> None:
    after = clause.skip(index + 1, "NOUN")
    clause.used.update(range(index + 1, after))
    named = _after_naming(clause, after)
    if named:
        command.params["name"] = _project_name(named)


def _project_name(words: Sequence[Chunk]) -> str:
    _guard_length(words, "project")
    return identifier(snake_case([c.text for c in words]), "project", words[0].position)


def _guard_length(words: Sequence[Chunk], what: str) -> None:
    if len(words) > _MAX_NAME_WORDS:
        text = " ".join(c.text for c in words)
        raise Failure(
            f"'{shorten(text)}' is too long for a {what} name; name it in a few words.",
            words[0].position,
        )


def _pronoun_at(clause: _Clause, index: int) -> str | None:
    chunk = clause.at(index)
    if chunk is not None and chunk.kind == "FUNCTION" and chunk.key in _PRONOUNS:
        nxt = clause.at(index + 1)
        if nxt is None or nxt.kind not in ("WORD", "NOUN", "CONCEPT"):
            clause.used.add(index)
            return chunk.key
    return None


def _resolve_pronouns(commands: list[_Command], previous: _Command | None) -> None:
    # "create crud for orders then write tests for it": "it" is the slot of
    # the command before, as written; after "add auth" it is that feature.
    for command in commands:
        pronoun = command.params.pop("_pronoun", None)
        if pronoun is None:
            continue
        if previous is not None and previous.slot_words:
            words = [Chunk("WORD", w, 0) for w in previous.slot_words]
            if command.name == "crud":
                _set_resource(command, words)
            else:
                command.params["target"] = _test_target(words)
        elif (
            previous is not None and SPECS[previous.name].testable and command.name == "write_tests"
        ):
            command.params["target"] = previous.name
        else:
            raise Failure(
                f"Say which feature '{pronoun}' means, e.g. 'write tests for invoices'.",
                0,
                suggestions=("write tests for invoices",),
            )


def _attach_extras(command: _Command, clause: _Clause) -> None:
    # Parameters a spec declares, read wherever they stand in the clause.
    declared = {p.name for p in SPECS[command.name].params}
    if "store" in declared:
        for index in clause.kinds("STORE"):
            clause.used.add(index)
            command.params["store"] = _store(clause.items[index].key)
    if "ttl" in declared:
        for index in clause.kinds("DURATION"):
            clause.used.add(index)
            command.params["ttl"] = _seconds(clause.items[index].text)
    if "target" in declared and command.name == "caching":
        target = _cache_target(clause)
        if target is not None:
            command.params["target"] = target
    if "roles" in declared:
        for index in clause.kinds("ROLES"):
            clause.used.add(index)
            command.params["roles"] = list(clause.items[index].items)
    if "strict" in declared:
        for index, chunk in enumerate(clause.items):
            if chunk.kind == "WORD" and chunk.key == "strict":
                clause.used.add(index)
                command.params["strict"] = True


def _store(key: str) -> str:
    return _STORES.get(key, "memory")


def _seconds(text: str) -> int:
    import re

    match = re.fullmatch(r"(\w+?)\s*-?\s*([a-z]+)", text.lower())
    if match is None:
        return 0
    amount, unit = match.groups()
    count = int(amount) if amount.isdigit() else _NUMBERS.get(amount, 1)
    return count * _UNITS.get(unit, 1)


def _cache_target(clause: _Clause) -> str | None:
    # "cache the products endpoint", "caching on the product listing
    # endpoints": the free words before an endpoint noun.
    for index, chunk in enumerate(clause.items):
        if chunk.kind == "NOUN" and chunk.key in _CACHE_PLACES:
            words = _name_before(clause, index)
            if words:
                clause.used.add(index)
                _guard_length(words, "target")
                return identifier(snake_case([c.text for c in words]), "target", words[0].position)
    return None


def _merge(intents: Any) -> tuple[Intent, ...]:
    # The same feature named twice runs once; a mention that adds parameters
    # ("error handling, strict envelope") is folded into the first.
    kept: list[Intent] = []
    for intent in intents:
        same = [k for k in kept if k.name == intent.name and SPECS[k.name].slot is None]
        if same:
            same[0].params.update(intent.params)
            continue
        if intent not in kept:
            kept.append(intent)
    return tuple(kept)
