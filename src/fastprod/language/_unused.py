"""Parameters a sentence gives that no command it asks for takes.

A store, a time to live or roles said in a clause whose command does not
declare them ("add logging in redis", "websockets with a TTL of 5 minutes")
go to the nearest command of the sentence that declares them and does not
have them yet ("add caching and logging in redis"); otherwise they are
reported, never silently dropped. A database engine ("using MySQL") is a
parameter no recipe takes: always reported.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastprod.core._registry import SPECS
from fastprod.language._chunks import Chunk
from fastprod.language._clause import _Clause, _Command
from fastprod.language._slots import _read_extra

# Chunk classes that carry a parameter, and the parameter each is.
PARAMETERS = {
    "STORE": "store",
    "DURATION": "ttl",
    "TTL": "ttl",
    "ROLES": "roles",
    "PLURAL": "plural",
    "ENGINE": None,
}

_SAID = {
    "store": "cache store",
    "ttl": "time to live",
    "roles": "roles",
    "plural": "plural",
    None: "database engine (the project's own database is used)",
}


def place_unused(placed: Sequence[tuple[int, _Command]], clauses: Sequence[_Clause]) -> list[str]:
    """Give each unused parameter to the nearest command declaring it; notes for the rest.

    Args:
        placed: Each command with the index of the clause it was read in.
        clauses: The sentence's clauses, in order.

    Returns:
        One note per parameter no command takes, in sentence order.
    """
    notes: list[str] = []
    for number, clause in enumerate(clauses):
        for index, chunk in enumerate(clause.items):
            if index in clause.used or chunk.kind not in PARAMETERS:
                continue
            param = PARAMETERS[chunk.kind]
            taker = _nearest_taker(placed, number, param)
            if taker is not None:
                _read_extra(taker, clause, index)
                continue
            notes.append(_note(chunk.text, param, [c for _, c in placed]))
    return notes


def _nearest_taker(
    placed: Sequence[tuple[int, _Command]], number: int, param: str | None
) -> _Command | None:
    if param is None:
        return None
    takers = [
        (abs(at - number), order, command)
        for order, (at, command) in enumerate(placed)
        if param in {p.name for p in SPECS[command.name].params} and param not in command.params
    ]
    return min(takers, key=lambda t: (t[0], t[1]))[2] if takers else None


def _note(text: str, param: str | None, commands: Sequence[_Command]) -> str:
    names = list(dict.fromkeys(c.name for c in commands))
    what = _SAID[param]
    if len(names) == 1:
        return f"'{text}' was not used: {names[0]} takes no {what}."
    return f"'{text}' was not used: none of {', '.join(names)} takes {what}."


def pagination_noted(clauses: Sequence[_Clause]) -> list[str]:
    """A note when the sentence asks for pagination: optimize_db lists it, adds none."""
    asked = any(
        c.key in _PAGINATION for clause in clauses for c in clause.items if c.kind == "CONCEPT"
    )
    if not asked:
        return []
    return [
        "pagination is not added: optimize_db lists each list endpoint that returns every row "
        "(database.unbounded_list) with the change to make, since clients would see shorter lists."
    ]


_PAGINATION = frozenset({"pagination", "paginate", "paginated", "unpaginated", "paging"})


def pagination_alone(clauses: Sequence[_Clause]) -> Chunk | None:
    """The pagination word, when it is all the sentence says of the database."""
    words = [
        c
        for clause in clauses
        for c in clause.items
        if c.kind == "CONCEPT" and c.intent == "optimize_db"
    ]
    if words and all(c.key in _PAGINATION for c in words):
        return words[0]
    return None


def guessed_types(clauses: Sequence[_Clause]) -> list[str]:
    """A note for each field list whose types were read from the field names."""
    return [
        "fields written without a type were typed by their names: "
        f"{', '.join(chunk.guessed)} (write name:type to choose)."
        for clause in clauses
        for chunk in clause.items
        if chunk.guessed
    ]
