"""From parsed clauses to intents: ellipsis, fields, polarity and validation.

The grammar's Transformer yields one clause per command it read. This module
resolves the clauses that lean on the one before them, refuses removals, and
turns slot words into validated parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .._intents import Intent
from .._registry import SPECS
from .._specs import SpecError
from ._failure import Failure
from ._names import field_spec, identifier, resource_names, snake_case
from ._text import shorten


@dataclass(frozen=True, slots=True)
class Words:
    """The words of a slot as written, and where they start in the sentence."""

    texts: tuple[str, ...]
    position: int

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(self.texts)


@dataclass(frozen=True, slots=True)
class Field:
    """One ``name:type`` pair as written."""

    name: str
    type_name: str
    position: int


@dataclass(frozen=True, slots=True)
class Command:
    """A clause that names an intent, with its slot still in words."""

    name: str
    slot: Words | None = None
    fields: tuple[Field, ...] = ()
    # Named without a verb ("... and caching"): it takes the verb before it.
    verbless: bool = False
    # Parameter words read in the clause ("strict"): each sets a bool param.
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Flag:
    """A word that sets a bool parameter of its intent ("the strict envelope")."""

    name: str


@dataclass(frozen=True, slots=True)
class Continuation:
    """A verb-less clause that repeats the command before it ("... and customers")."""

    slot: Words
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True, slots=True)
class MoreFields:
    """Further fields of the CRUD clause before it ("..., amount:decimal")."""

    fields: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class Removal:
    """A clause asking to remove, disable or not add something."""


Clause = Command | Continuation | MoreFields | Removal

# What a test target cannot be: these name the whole app, not a feature.
_WHOLE_APP = frozenset(
    {"api", "apis", "app", "application", "project", "codebase", "code", "service", "everything"}
)


_PRONOUNS = frozenset({"it", "them", "this", "that", "these", "those", "this one", "that one"})


def _slot(name: str) -> str | None:
    # What the free words of an intent are (its spec's ``slot``).
    return SPECS[name].slot


def _testable(name: str) -> bool:
    # "write tests for invoices and caching": features a test can target.
    return SPECS[name].testable


def build_intents(sentence: str, clauses: Sequence[Clause]) -> tuple[Intent, ...]:
    """Resolve ellipses and fields, validate every slot and return the intents.

    Identical intents asked twice ("add auth and login") run once, in the
    place of their first mention.

    Raises:
        Failure: A removal, a continuation with nothing to continue, or a slot
            that is not a valid name.
    """
    if any(isinstance(clause, Removal) for clause in clauses):
        raise Failure(removal_refused(sentence), 0, suggestions=())
    return _unique(_intent(command) for command in _resolve(clauses))


def removal_refused(sentence: str) -> str:
    """The reason a sentence that asks to remove or disable something is refused."""
    return (
        f"fastprod only adds features; nothing removes or disables them, so "
        f"'{shorten(sentence)}' was not run."
    )


def _resolve(clauses: Iterable[Clause]) -> list[Command]:
    commands: list[Command] = []
    for clause in clauses:
        previous = commands[-1] if commands else None
        if isinstance(clause, Command):
            commands.append(_resolve_pronoun(previous, _take_verb(previous, clause)))
        elif isinstance(clause, Continuation):
            commands.append(_continue(previous, clause))
        elif isinstance(clause, MoreFields):
            commands[-1:] = [_add_fields(previous, clause)]
    return commands


def _take_verb(previous: Command | None, command: Command) -> Command:
    # "write tests for invoices and caching": a feature named without a verb
    # after a test command is one more thing to test, not a feature to add.
    if previous is None or _slot(previous.name) != "target" or not command.verbless:
        return command
    if not _testable(command.name) or previous.slot is None:
        return command
    return Command(previous.name, Words((command.name,), previous.slot.position))


def _resolve_pronoun(previous: Command | None, command: Command) -> Command:
    # "create CRUD for invoices and write tests for it": "it" is the resource
    # of the command before, as written; after "add auth" it is the feature.
    slot = command.slot
    if slot is None or slot.text.lower() not in _PRONOUNS:
        return command
    named = previous is not None and _slot(previous.name) in {"resource", "target"}
    if previous is not None and previous.slot is not None and named:
        return replace(command, slot=previous.slot)
    if previous is not None and _testable(previous.name):
        return replace(command, slot=Words((previous.name,), slot.position))
    raise Failure(
        f"Say which feature '{slot.text}' means, e.g. 'write tests for invoices'.",
        slot.position,
        suggestions=("write tests for invoices",),
    )


def _continue(previous: Command | None, clause: Continuation) -> Command:
    slot = None if previous is None else _slot(previous.name)
    if previous is not None and slot == "resource":
        return Command(previous.name, clause.slot, clause.fields)
    if previous is not None and slot == "target" and not clause.fields:
        return Command(previous.name, clause.slot)
    raise Failure(
        f"fastprod has no feature called '{clause.slot.text}'.",
        clause.slot.position,
        correctable=True,
    )


def _add_fields(previous: Command | None, clause: MoreFields) -> Command:
    position = clause.fields[0].position
    if previous is None or _slot(previous.name) != "resource":
        raise Failure(
            f"'{clause.fields[0].name}:{clause.fields[0].type_name}' looks like a field, "
            f"but no CRUD feature comes before it.",
            position,
            correctable=True,
        )
    return replace(previous, fields=previous.fields + clause.fields)


def _intent(command: Command) -> Intent:
    params = _slot_params(command)
    for flag in command.flags:
        params[flag] = _flag(command.name, flag)
    return Intent(command.name, params)


def _slot_params(command: Command) -> dict[str, Any]:
    # The spec's slot says what the free words are.
    kind, slot = _slot(command.name), command.slot
    if slot is None:
        return {}
    if kind == "resource":
        singular, plural = resource_names(slot.texts, slot.position)
        return {"resource": singular, "plural": plural, "fields": _field_specs(command.fields)}
    if kind == "target":
        return {"target": _test_target(slot)}
    if kind == "name":
        return {"name": identifier(snake_case(slot.texts), "project", slot.position)}
    return {}


def _flag(intent: str, name: str) -> bool:
    # A parameter word on an intent whose spec has no such parameter is a
    # mistake of the grammar, not of the sentence: fail loudly.
    if not any(param.name == name and param.type == "bool" for param in SPECS[intent].params):
        raise SpecError(f"the grammar gives '{intent}' a '{name}' parameter its spec lacks")
    return True


def _field_specs(fields: Sequence[Field]) -> list[str]:
    specs: list[str] = []
    seen: set[str] = set()
    for item in fields:
        spec = field_spec(item.name, item.type_name, item.position)
        name = spec.partition(":")[0]
        if name in seen:
            raise Failure(f"The field '{name}' is given twice.", item.position)
        seen.add(name)
        specs.append(spec)
    return specs


def _test_target(slot: Words) -> str:
    target = snake_case(slot.texts)
    if target in _WHOLE_APP:
        raise Failure(
            f"Say which feature to test: '{slot.text}' is the whole app "
            f"(for example 'write tests for invoices').",
            slot.position,
            suggestions=("write tests for invoices",),
        )
    return identifier(target, "feature", slot.position)


def _unique(intents: Iterable[Intent]) -> tuple[Intent, ...]:
    kept: list[Intent] = []
    for intent in intents:
        if intent not in kept:
            kept.append(intent)
    return tuple(kept)
