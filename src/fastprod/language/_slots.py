"""Slots: what a command names and what it is given.

A resource, a test target or a project name is read from the free words
after (or before) the feature, at most a few, never a function word; a store,
a time to live, roles, strictness and a cache target are read wherever they
stand in the clause; "it" and "them" refer to the slot of the command before,
or to what a description before names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fastprod.core._registry import SPECS
from fastprod.language._chunks import Chunk
from fastprod.language._clause import (
    _APP_NOUNS,
    _CACHE_PLACES,
    _NAMING,
    _PLACE_NOUNS,
    _PRONOUNS,
    _RESOURCE_NOUNS,
    _Clause,
    _Command,
)
from fastprod.language._failure import Failure
from fastprod.language._names import _singular as singular_of
from fastprod.language._names import identifier, resource_names, snake_case
from fastprod.language._text import _Pattern, shorten

_STORES = {
    "redis": "redis",
    "valkey": "redis",
    "elasticache": "redis",
    "elasticacheredis": "redis",
    "elasticacheforredis": "redis",
    "memcache": "memcached",
    "memcached": "memcached",
}


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
    "w": 604800,
    "wk": 604800,
    "wks": 604800,
    "week": 604800,
    "weeks": 604800,
}


_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty five": 45,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}


_MAX_NAME_WORDS = 4


def _name_after(clause: _Clause, index: int, *, concepts: bool = False) -> list[Chunk]:
    # Free words after an opening word and determiners: at most a few, ended
    # by anything that is not a free word.
    start = clause.skip(index, "OPEN", "FUNCTION")
    if any(c.key in _RELATIVE for c in clause.items[index:start]):
        return []  # "a crud where users can post reviews": no name follows
    managing, named = clause.at(start), clause.at(start + 1)
    managed = named is not None and named.kind == "WORD" and start > index
    if managing is not None and managing.key in _MANAGING and managed:
        # "an api to manage feature flags": what is managed is the name.
        start += 1
    kind, named = clause.at(start), clause.at(start + 1)
    if kind is not None and kind.key == "class" and named is not None and named.kind == "WORD":
        # "crud for class Coupon": the class's name is the resource's.
        clause.used.add(start)
        start += 1
    missing, opened = clause.at(start), clause.at(start + 1)
    lacking = missing is not None and missing.key in _LACKING
    if lacking and opened is not None and opened.kind == "OPEN":
        # "tests missing for categories": what lacks them follows.
        start = clause.skip(start + 1, "OPEN", "FUNCTION")
    end = start
    first, second = clause.at(start), clause.at(start + 1)
    # "crud for feature flags", "tasks for service tickets": a noun of ours
    # that a word follows starts a resource's name.
    leading = ("VERB", "CONCEPT", "NOUN") if concepts else ("VERB",)
    kind_word = first is not None and first.kind == "NOUN" and first.key in _KIND_NOUNS
    # "crud for api keys": a thing named after the API, not the API.
    kind_word = kind_word and not (
        first is not None
        and first.key == "api"
        and second is not None
        and second.key in _API_THINGS
    )
    if (
        first is not None
        and first.kind in leading
        and not kind_word
        and second is not None
        and second.kind == "WORD"
    ):
        # "crud for support tickets", "review comments": a verb that a
        # word follows starts a name; so does a feature's word in a resource's
        # name ("crud for pipeline runs", "log entries").
        end += 1
    fielded = second is not None and (second.kind == "FIELDS" or second.key in _WITH_FIELDS)
    # "crud for Project. fields: name, ...": a class's name, capitalised, ends the clause.
    fielded = fielded or (
        first is not None
        and first.kind == "NOUN"
        and first.text[:1].isupper()
        and first.key not in ("api", "apis", "app", "fastapi")
        and second is None
    )
    if concepts and first is not None and first.kind in leading and fielded:
        # "crud for review with rating, comment", "a crud for Project with
        # fields name, budget": a word of ours named, its fields after it.
        end += 1
        clause.used.add(start)
        _refuse_generic(clause.items[start:end])
        return clause.items[start:end]
    while (chunk := clause.at(end)) is not None and chunk.kind in ("WORD", "UNSUPPORTED"):
        if chunk.key in _WHEN_WORDS:
            break  # "tests for payments before the refactor", "tests after caching"
        if end > start and chunk.key in _FILLER_HEADS:
            clause.used.add(end)
            break  # "a crud for the product_review thing"
        if end > start and len(chunk.key) >= 7 and chunk.key.endswith(_ADVERB_ENDINGS):
            clause.used.add(end)
            break  # "manage case files electronically": how, not the name
        end += 1
        if _plural_before_fields(clause, end):
            break  # "crud for invoice lines qty, unit_price": the name ends at its plural
    head = clause.at(end)
    if end > start and head is not None and head.kind == "NOUN" and head.key in _COMPOUND_HEADS:
        # "leave requests", "medical records", "price lists": a noun that
        # ends a name made of words before it.
        end += 1
        while (word := clause.at(end)) is not None and word.kind == "WORD" and end - start < 4:
            end += 1  # "mailing list subscribers": the name goes on after it
    after_head = clause.at(end + 1)
    if (
        end > start
        and head is not None
        and head.key in _INNER_NOUNS
        and after_head is not None
        and after_head.key in _PLACE_HEADS
    ):
        end += 1  # "the permit application feature": the name goes on to the place word
        head, after_head = clause.at(end), clause.at(end + 1)
    if (
        end > start
        and head is not None
        and head.kind == "VERB"
        and head.key in _RUN_HEADS
        and (after_head is None or after_head.kind in ("SEP", "OPEN", "LPAR", "COLON", "FIELDS"))
    ):
        # "crud for experiment run with fields ...": a verb that ends a name.
        end += 1
    clause.used.update(range(start, end)) if end > start else None
    _refuse_generic(clause.items[start:end])
    return clause.items[start:end]


def _plural_before_fields(clause: _Clause, end: int) -> bool:
    named, first, joint = clause.at(end - 1), clause.at(end), clause.at(end + 1)
    return (
        named is not None
        and named.key.endswith("s")
        and not named.key.endswith("ss")
        and first is not None
        and first.kind in ("WORD", "FIELDS")
        and joint is not None
        and joint.text == ","
    )


# Nouns that say what kind of thing follows, never part of its name: "the
# model Parcel", "entity Courier".
_KIND_NOUNS = frozenset(
    {"entity", "entities", "model", "models", "resource", "resources", "table", "tables"}
    | {"api", "apis", "endpoint", "endpoints", "service", "services", "app", "crud"}
)
_API_THINGS = frozenset(
    {"key", "keys", "token", "tokens", "client", "clients", "credential", "credentials"}
)
# A word after a name that only says it is one: "the product_review thing".
_FILLER_HEADS = frozenset({"thing", "things", "stuff", "bit", "bits", "part"})
_COMPOUND_HEADS = frozenset(
    {"request", "requests", "record", "records", "list", "lists", "call", "calls"}
)


_RUN_HEADS = frozenset({"run", "runs", "check", "checks", "build", "builds"})


_RELATIVE = frozenset({"where", "which", "who", "whose", "so", "when", "if", "because", "while"})
_BEING = frozenset({"be", "been", "being", "get", "gets", "got", "is", "are"})
_LACKING = frozenset({"missing", "needed", "required", "wanted", "lacking"})
_WHEN_WORDS = frozenset({"before", "after", "until", "during", "since", "while", "once", "asap"})
_MANAGING = frozenset({"manage", "managing", "track", "tracking", "store", "storing", "handle"})
# Words that name nothing in particular: "the thing I just built", "my data".
_GENERIC_NAMES = frozenset(
    {"thing", "stuff", "data", "info", "information", "something", "whatever"}
)


def _refuse_generic(words: Sequence[Chunk]) -> None:
    # "things" alone may be a table; "the things customers order" is not a name.
    things = bool(words) and words[0].key == "things" and len(words) > 1
    if words and (words[0].key in _GENERIC_NAMES or things):
        rest = " ".join(c.text for c in words)
        raise Failure(
            f"'{shorten(rest)}' names nothing in particular; name the resource or feature, "
            "e.g. 'create a CRUD feature for invoices' or 'write tests for invoices'.",
            words[0].position,
        )


def _name_before(clause: _Clause, index: int) -> list[Chunk]:
    start = index
    while (chunk := clause.at(start - 1)) is not None and (
        chunk.kind in ("WORD", "UNSUPPORTED")
        or _title_cased(chunk, clause.at(start), index - start)
        or _inner_noun(chunk, clause.at(start - 2), index - start)
    ):
        article = clause.at(start - 2)
        noun = chunk.key in _KEEPING and article is not None and article.key in _DETERMINERS
        if (chunk.key in _HAVING or chunk.key in _WANTING or chunk.key in _KEEPING) and not noun:
            # "the Invoice model needs crud": what has or needs, not a name;
            # "keep responses around": what is done with them; "the store
            # locator" is a name.
            break
        start -= 1
    clause.used.update(range(start, index))
    return clause.items[start:index]


_DETERMINERS = frozenset({"the", "our", "my", "a", "an", "their", "your"})
_ADVERB_ENDINGS = ("ically", "ally", "ously", "ively", "fully", "ently", "antly", "lessly")


# Nouns inside a name when a place noun follows: "the permit application
# feature", "the carrier integration feature".
_INNER_NOUNS = frozenset(
    {"application", "applications", "integration", "integrations", "service", "services"}
    | {"system", "data", "function", "functions"}
)
_PLACE_HEADS = frozenset(
    {"feature", "features", "endpoint", "endpoints", "module", "modules", "routes", "flow"}
)


def _inner_noun(chunk: Chunk, before: Chunk | None, taken: int) -> bool:
    # "the patient records endpoints", "the model metadata endpoint": a noun
    # inside a name, after a word of it or before one already taken.
    return (
        chunk.kind == "NOUN"
        and chunk.key in _INNER_NAME_NOUNS
        and (taken > 0 or (before is not None and before.kind == "WORD"))
    )


_INNER_NAME_NOUNS = frozenset({"record", "records", "model", "models", "request", "requests"})


def _title_cased(chunk: Chunk, following: Chunk | None, taken: int) -> bool:
    # "a Feature Flag resource": a noun in a name written in title case.
    return (
        chunk.kind == "NOUN"
        and taken > 0
        and following is not None
        and chunk.text[:1].isupper()
        and following.text[:1].isupper()
    )


def _layered(clause: _Clause, index: int) -> list[Chunk]:
    # "a tenant resource with router+service+repository+schemas": the layers
    # after a resource are its CRUD; the name is the resource's.
    if not _LAYERS.match(clause.items[index].text):
        return []
    at = index - 1
    while (chunk := clause.at(at)) is not None and chunk.kind in ("OPEN", "COLON", "FUNCTION"):
        at -= 1
    if chunk is None or chunk.kind != "NOUN" or chunk.key not in _RESOURCE_NOUNS:
        return []
    words = _name_before(clause, at)
    if words:
        clause.used.update(range(at, index))
    return words


_LAYERS = re.compile(r"(?:routers?|services?|repos?|repositor(?:y|ies)|schemas?|models?)\W", re.I)


_WANTING = frozenset({"need", "needs", "want", "wants", "require", "requires", "deserve"})


def _wanting_subject(clause: _Clause, index: int) -> list[Chunk]:
    # "patients need full CRUD": the one word the clause opens with, when
    # all it says of it is that it wants the feature.
    # "licence agreements need their own CRUD": a name of two words too.
    start = clause.skip(0, "FUNCTION")
    end = start
    while (
        (word := clause.at(end)) is not None
        and word.kind == "WORD"
        and word.key not in _WANTING
        and end - start < 2
    ):
        end += 1
    subject, wanting = clause.at(end - 1), clause.at(end)
    if end == start or subject is None or wanting is None or wanting.key not in _WANTING:
        return []
    if clause.skip(end + 1, "WHOLE", "FUNCTION") != index or not subject.key.endswith("s"):
        return []
    clause.used.update(range(start, end + 1))
    return list(clause.items[start:end])


def _after_naming(clause: _Clause, index: int) -> list[Chunk] | None:
    # "called shop", "named billing-api", ": ledger", or the word right after;
    # "for me called crm", "in a folder called shop".
    while (polite := clause.at(index)) is not None and polite.key in _POLITE:
        clause.used.add(index)
        index += 1  # "New project please: 'habit_streaks'"
    chunk = clause.at(index)
    if chunk is None:
        return None
    identifier_at = _identifier_after(clause, index)
    if identifier_at is not None:
        clause.used.update(range(index, identifier_at))
        return _name_after(clause, identifier_at) or None
    later = index
    while (named := clause.at(later)) is not None and (
        named.kind in ("OPEN", "FUNCTION", "NOUN", "LPAR", "NEW")
        or (named.kind == "CONCEPT" and named.intent == "new_project")
    ):
        if named.kind == "OPEN" and named.key in _NAMING:
            break
        later += 1
    if later > index and named is not None and named.kind == "OPEN" and named.key in _NAMING:
        clause.used.update(range(index, later))
        index, chunk = later, named
    if (chunk.kind == "OPEN" and chunk.key in _NAMING) or chunk.kind == "COLON":
        clause.used.add(index)
        following = clause.at(index + 1)
        if chunk.kind == "OPEN" and following is not None and following.kind == "COLON":
            # "(name: notifications_hub)"
            index += 1
            clause.used.add(index)
        elif chunk.kind == "COLON" and following is not None and following.key in _NAMING:
            # "new svc: name: notif_service", "new svc: name notif_service"
            index += 1
            clause.used.add(index)
            colon = clause.at(index + 1)
            if colon is not None and colon.kind == "COLON":
                index += 1
                clause.used.add(index)
        named_words = _name_after(clause, index + 1)
        if not named_words and chunk.kind == "OPEN":
            raise Failure(
                f"No name was read after '{chunk.text}': name it in a few words, "
                "e.g. 'a new FastAPI project called shop'.",
                chunk.position,
                suggestions=("set up a new FastAPI project called shop",),
            )
        _refuse_run_on(clause, named_words)
        if named_words:
            # "named inventory service": the app noun that ends it is part of the name.
            end = clause.items.index(named_words[-1]) + 1
            noun, after = clause.at(end), clause.at(end + 1)
            if (
                noun is not None
                and noun.kind == "NOUN"
                and noun.key in ("service", "api", "backend", "app")
                and (after is None or after.kind == "SEP")
            ):
                clause.used.add(end)
                named_words = [*named_words, noun]
        return named_words or None
    if chunk.kind == "WORD":
        return _name_after(clause, index) or None
    return None


def _identifier_after(clause: _Clause, index: int) -> int | None:
    """Where a snake_case name stands after the project's noun or "for (the)":
    "create fastapi project status_page", "new api project for the backup_scheduler".
    The name ends the clause."""
    at = index
    while (chunk := clause.at(at)) is not None and (
        (chunk.kind == "NOUN" and chunk.key in _APP_NOUNS)
        or (chunk.kind == "OPEN" and chunk.key == "for" and at == index)
        or (chunk.kind == "FUNCTION" and chunk.key == "the" and at > index)
    ):
        at += 1
    named, after = clause.at(at), clause.at(at + 1)
    if (
        at > index
        and named is not None
        and named.kind == "WORD"
        and re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", named.text)
        and (after is None or after.kind == "SEP")
    ):
        return at
    return None


# Words that go on a name as a clause ("called the best thing you can
# make", "invoices that customers can pay"): the name is not a few words.
_RUN_ON = frozenset(
    {
        "that",
        "which",
        "who",
        "whose",
        "where",
        "you",
        "i",
        "we",
        "they",
        "it",
        "does",
        "do",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "is",
        "are",
        "was",
        "were",
        "think",
        "thinks",
    }
)


def _refuse_run_on(clause: _Clause, words: Sequence[Chunk]) -> None:
    if not words:
        return
    after = clause.items.index(words[-1]) + 1
    after = clause.skip(after, "NOUN")
    chunk = clause.at(after)
    if chunk is not None and chunk.kind == "FUNCTION" and chunk.key in _RUN_ON:
        rest = " ".join(c.text for c in clause.items[clause.items.index(words[0]) :])
        raise Failure(
            f"'{shorten(rest)}' goes on past a name; name it in a few words "
            f"(read so far: '{snake_case([c.text for c in words])}').",
            words[0].position,
        )


def _read_resource(command: _Command, clause: _Clause, index: int) -> None:
    after = clause.skip(index + 1, "NOUN")
    polite, colon = clause.at(after), clause.at(after + 1)
    if polite is not None and polite.key in _POLITE and colon is not None and colon.kind == "COLON":
        clause.used.add(after)
        after += 1  # "crud pls: Lead: first_name, ..."
    opener = clause.at(after)
    words: list[Chunk] = []
    fielded = opener is not None and opener.kind == "OPEN" and opener.key in _WITH_FIELDS
    named = clause.at(index - 1)
    if fielded and named is not None and named.kind == "WORD":
        # "add ticket CRUD with title": the resource is named before the
        # feature; what it comes with is a field, not a name.
        opener = None
    if opener is not None and opener.kind in ("OPEN", "COLON", "FUNCTION", "WORD"):
        words = _name_after(clause, after + (opener.kind == "COLON"), concepts=True)
        words = _named_for(clause, words) or words
    pronoun = _pronoun_at(clause, after)
    if not words and pronoun is None and opener is not None and opener.kind == "OPEN":
        pronoun = _pronoun_at(clause, after + 1)  # "crud endpoints for them"
    if not words and pronoun is None:
        words = _called(clause, after)
    if not words and pronoun is None:
        words = _name_before(clause, index) or _layered(clause, index)
    if not words and pronoun is None:
        words = _lone_noun(clause, after)
    if not words and pronoun is None:
        words = _resource_named(clause)
    if not words and pronoun is None:
        words = _wanting_subject(clause, index)
    previous = clause.previous
    if not words and pronoun is None and previous is not None and _headed(previous, clause):
        # "blog posts: title str, body text -- need full crud": the CRUD of
        # the heading before.
        command.params.update(previous.params)
        command.slot_words = previous.slot_words
        command.verbless = True
        return
    unfielded = (
        previous is not None
        and previous.name == "crud"
        and previous.params.get("resource")
        and not previous.params.get("fields")
    )
    if not words and pronoun is None and unfielded and clause.kinds("FIELDS"):
        # "a new resource for pipeline runs, basically a crud with dag_id str":
        # the fields of the resource before, one feature.
        assert previous is not None
        _take_fields(previous, clause)
        command.params.update(previous.params)
        command.slot_words = previous.slot_words
        return
    if not words and pronoun is None and clause.described is not None:
        # "we're tracking assets now, make the CRUD": what the clause before
        # says is kept.
        words = _kept_name(clause.described)
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


def _headed(previous: _Command, clause: _Clause) -> bool:
    # A CRUD asked for with no name of its own, after a verbless heading of a
    # resource and its fields.
    # "we need to manage patients, ... generate the complete CRUD": the CRUD
    # of the resource wanted before.
    return (
        previous.name == "crud"
        # "add a resource called component. Fields: ... . Please generate the CRUD
        # endpoints": the CRUD of the resource given its fields before.
        and (bool(previous.params.get("fields")) or previous.wanted or _of_them(clause))
        and not clause.kinds("WORD", "FIELDS")
    )


def _of_them(clause: _Clause) -> bool:
    # "We need to add them, see them, edit them": the CRUD of what was named before.
    return any(
        c.kind == "CONCEPT" and c.intent == "crud" and "them" in c.text.lower().split()
        for c in clause.items
    )


_WITH_FIELDS = frozenset({"with", "w/", "w", "having", "containing", "including"})


def _called(clause: _Clause, index: int) -> list[Chunk]:
    # "crud for a model called Vendor", "for a table named orders".
    noun = clause.skip(index, "OPEN", "FUNCTION")
    chunk, naming = clause.at(noun), clause.at(noun + 1)
    if chunk is None or chunk.kind != "NOUN" or chunk.key not in _RESOURCE_NOUNS:
        return []
    if chunk.key in _ONE_NAMED and naming is not None and naming.kind == "WORD":
        # "crud for entity Supplier", "for the model Invoice": the name
        # right after the noun.
        following = clause.at(noun + 2)
        if following is None or following.kind in _AFTER_NAME:
            clause.used.update(range(index, noun + 2))
            return [naming]
    if naming is None or naming.kind != "OPEN" or naming.key not in _NAMING:
        return []
    words = _name_after(clause, noun + 2)
    if words:
        clause.used.update(range(index, noun + 2))
    return words


_ONE_NAMED = frozenset({"model", "entity", "resource"})
_AFTER_NAME = frozenset({"OPEN", "FIELDS", "SEP", "THEN", "COLON", "LPAR"})


def _named_for(clause: _Clause, words: list[Chunk]) -> list[Chunk]:
    # "the whole crud stack for invoices", "a crud setup for orders": words
    # right after the feature that a "for" follows describe it; the name
    # is after "for".
    if not words or clause.items.index(words[0]) == 0:
        return []
    if clause.items[clause.items.index(words[0]) - 1].kind != "CONCEPT":
        return []
    after = clause.at(clause.items.index(words[-1]) + 1)
    if after is None or after.kind != "OPEN" or after.key not in ("for", "of", "on"):
        return []
    named = _name_after(clause, clause.items.index(after))
    if named:
        # The describing words are shown as not used.
        clause.used.difference_update(clause.items.index(w) for w in words)
    return named


def _resource_named(clause: _Clause) -> list[Chunk]:
    # "for the users resource please create CRUD", "the Invoice model needs
    # crud": words right before "resource", "model" or "entity" name it,
    # wherever they are in the clause.
    for index, chunk in enumerate(clause.items):
        if chunk.kind != "NOUN" or chunk.key not in _ONE_NAMED or index in clause.used:
            continue
        words = _name_before(clause, index)
        if words:
            clause.used.add(index)
            return words
        # "add a resource 'book' with CRUD", "resource: lab analysis": the
        # name right after the noun.
        start = (
            index + 2 if (colon := clause.at(index + 1)) and colon.kind == "COLON" else index + 1
        )
        end = start
        while (word := clause.at(end)) is not None and word.kind == "WORD" and end - start < 3:
            end += 1
        following = clause.at(end)
        if end > start and (following is None or following.kind in _AFTER_NAME | {"CONCEPT"}):
            clause.used.update(range(index, end))
            return clause.items[start:end]
    return []


def _lone_noun(clause: _Clause, index: int) -> list[Chunk]:
    # "crud for pages": a noun that is neither the app nor a kind of endpoint
    # names the resource when nothing else does.
    start = clause.skip(index, "OPEN", "FUNCTION")
    chunk = clause.at(start)
    if chunk is None or chunk.kind != "NOUN" or chunk.key in _APP_NOUNS | _RESOURCE_NOUNS:
        return []
    clause.used.add(start)
    return [chunk]


# A last word that says what is done with the resource: "category management CRUD".
_MANAGEMENT = frozenset({"management", "administration", "crud"})


def _set_resource(command: _Command, words: Sequence[Chunk]) -> None:
    while len(words) > 1 and words[-1].key in _MANAGEMENT:
        words = words[:-1]
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


_HAVING = frozenset({"has", "have", "gets", "get", "needs", "need", "deserves", "lacks"})


def _having_subject(clause: _Clause, index: int) -> list[Chunk]:
    # "make sure notifications has tests", "the refunds module needs tests":
    # the name that has, gets or needs the tests.
    having = index - 1
    while (chunk := clause.at(having)) is not None and chunk.kind == "FUNCTION":
        if chunk.key in _HAVING:
            break
        having -= 1
    if chunk is None or chunk.key not in _HAVING:
        return []
    name = having - 1
    while (noun := clause.at(name)) is not None and noun.kind == "NOUN":
        name -= 1
    subject, before = clause.at(name), clause.at(name - 1)
    if subject is None or subject.kind != "WORD" or (before is not None and before.kind == "WORD"):
        return []
    clause.used.update(range(name, having + 1))
    return [subject]


def _part_of(clause: _Clause, start: int) -> list[Chunk]:
    # "tests for the module of invoices", "the endpoints of orders": the
    # name after "of" a part of the app opens.
    noun = clause.skip(start, "OPEN", "FUNCTION")
    chunk, of = clause.at(noun), clause.at(noun + 1)
    if chunk is None or chunk.kind != "NOUN" or chunk.key not in _PARTS:
        return []
    if of is None or of.key != "of":
        return []
    words = _name_after(clause, noun + 2)
    if words:
        clause.used.update(range(noun, noun + 2))
    return words


_PARTS = frozenset(
    {"module", "modules", "feature", "features", "endpoints", "routes", "router", "service", "part"}
)


def _read_target(command: _Command, clause: _Clause, index: int) -> None:
    start = clause.skip(index + 1, "NOUN", "CONCEPT")
    clause.used.update(range(index + 1, start))
    start = _target_opening(clause, start)
    pronoun = _pronoun_at(clause, start)
    if pronoun is not None:
        command.params["_pronoun"] = pronoun
        return
    subject = clause.skip(start, "FUNCTION")
    chunk = clause.at(subject)
    named = clause.at(subject + 1)
    if (
        chunk is not None
        and chunk.kind == "WHOLE"
        and named is not None
        and named.kind == "WORD"
        and named.key not in _GENERIC_NAMES
    ):
        # "the whole checkout flow": all of a feature, named after the word.
        clause.used.update(range(start, subject + 1))
        start = subject + 1
        chunk = named
    elif chunk is not None and chunk.kind == "WHOLE":
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
    following = clause.at(subject + 1)
    if (
        chunk is not None
        and chunk.kind == "NOUN"
        and chunk.key in ("routes", "route")
        and following is not None
        and following.key in ("endpoints", "endpoint", "module", "router", "api")
    ):
        # "tests for the routes endpoints": a feature named like a place word.
        clause.used.update((subject, subject + 1))
        command.params["target"] = _test_target([chunk])
        command.slot_words = (chunk.text,)
        return
    words = _name_after(clause, start) or _part_of(clause, start)
    if not words and any(c.key == "there" for c in clause.items[index + 1 :]):
        # "... breaks the artists endpoints, ... we need tests there".
        words = _place_before(clause)
    covered = [i for i in clause.kinds("VERB") if clause.items[i].key == "cover"]
    if not words and covered:
        # "cover invoices with tests"
        words = _name_after(clause, covered[0] + 1)
    if not words:
        words = _having_subject(clause, index)
    if words:
        command.params["target"] = _test_target(words)
        command.slot_words = tuple(c.text for c in words)
        return
    if chunk is not None and chunk.kind == "NOUN" and chunk.key in _APP_NOUNS:
        # "tests for my API", "tests for the whole app": the app itself.
        clause.used.add(subject)
        command.params["target"] = "api"
        return
    placed = _described_name(clause)
    if placed:
        # "the customers module has no test coverage"
        command.params["target"] = _test_target(placed)
        command.slot_words = tuple(c.text for c in placed)
        return
    previous = clause.previous
    if previous is not None and previous.name == command.name and previous.slot_words:
        # "..., write some tests": more of the tests just asked for.
        command.params["_pronoun"] = "it"
        return
    if _bare_after_resource(clause, index):
        # "crud for vehicles + tests", "... and tests too": the tests of
        # the resource just made.
        command.params["_pronoun"] = "it"
        return
    unused = [c for i, c in enumerate(clause.items) if i not in clause.used]
    if not any(
        c.kind in ("WORD", "NEW") or (c.kind == "NOUN" and c.key not in _WHOLE_APP) for c in unused
    ):
        # "write tests", "cover the whole project with tests", "get test
        # coverage up": no feature named, the app itself.
        clause.used.update(clause.kinds("WHOLE", "NOUN", "NUMBER"))
        command.params["target"] = "api"
        command.unplaced = not clause.kinds("WHOLE", "NOUN")
        return
    raise Failure(
        "Say which feature to test, e.g. 'write tests for invoices'.",
        clause.items[index].position,
        suggestions=("write tests for invoices", "write tests for the users feature"),
    )


def _place_before(clause: _Clause) -> list[Chunk]:
    """The feature a clause before names as a place ("the artists endpoints",
    "in transfers"), the nearest first: what a later "there" points at."""
    earlier = clause.preceding
    while earlier is not None:
        items = earlier.items
        for index in range(len(items) - 1, -1, -1):
            chunk = items[index]
            if chunk.kind == "NOUN" and chunk.key in _THERE_PLACES:
                start = index
                while start > 0 and items[start - 1].kind == "WORD":
                    start -= 1
                if start < index:
                    return list(items[start:index])
            opener = items[index - 1] if index else None
            if chunk.kind == "WORD" and opener is not None and opener.key == "in":
                end = index
                while end + 1 < len(items) and items[end + 1].kind == "WORD":
                    end += 1
                if end == index or items[end].key.endswith("s"):
                    return list(items[index : end + 1])
        earlier = earlier.preceding
    return []


_THERE_PLACES = frozenset({"endpoints", "endpoint", "module", "router", "service", "api", "routes"})


def _bare_after_resource(clause: _Clause, index: int) -> bool:
    # A clause that is only the tests ("+ tests", "and tests too", "with
    # tests") after a CRUD feature: nothing else is named in it.
    previous = clause.previous
    if previous is None or previous.name != "crud" or not previous.slot_words:
        return False
    return all(
        i == index or c.kind in ("FUNCTION", "THEN", "SEP", "OPEN", "VERB")
        for i, c in enumerate(clause.items)
    )


# "async tests with fixtures for the users endpoints": what the tests are
# written with comes before what they are for.
_WITH = frozenset({"with", "using", "in", "via"})
_FOR = frozenset({"for", "of", "on", "covering", "around", "against"})


def _target_opening(clause: _Clause, start: int) -> int:
    written = start
    while (chunk := clause.at(written)) is not None and chunk.key in _WRITTEN:
        written += 1
    opener, verb = clause.at(written), clause.at(written + 1)
    if (
        opener is not None
        and opener.key == "to"
        and verb is not None
        and verb.key in _EXERCISING
        and written + 2 < len(clause.items)
    ):
        # "test programs could be written to exercise the donations module":
        # what they exercise is what they are for.
        clause.used.update(range(start, written + 2))
        start = written + 2
    opener = clause.at(start)
    if opener is not None and opener.kind == "OPEN" and opener.key in _WITH:
        for index in range(start + 1, len(clause.items)):
            chunk = clause.items[index]
            if chunk.kind == "OPEN" and chunk.key in _FOR:
                clause.used.update(range(start, index))
                return clause.skip(index, "OPEN")
            tool = chunk.kind == "CONCEPT" and chunk.intent == "write_tests"
            if chunk.kind not in ("WORD", "FUNCTION", "NOUN") and not tool:
                break
    opened = clause.skip(start, "OPEN")
    place, named = clause.at(opened), clause.at(opened + 1)
    if (
        opened > start
        and place is not None
        and place.kind == "NOUN"
        and place.key in ("module", "feature", "router", "service", "endpoints")
        and named is not None
        and named.kind in ("WORD", "UNSUPPORTED")
    ):
        clause.used.add(opened)
        return opened + 1  # "tests for module payments"
    return opened


# Between the tests and what they exercise: "could be written to exercise ...".
_WRITTEN = frozenset({"could", "can", "should", "would", "be", "is", "are", "written", "added"})
_EXERCISING = frozenset({"exercise", "cover", "check", "verify", "test", "protect", "guard"})


# What the tests of the whole app may be said to be for.
_WHOLE_APP = _APP_NOUNS | {
    "endpoint",
    "endpoints",
    "route",
    "routes",
    "router",
    "routers",
    "suite",
    "suites",
    "layer",
    "calls",
    "requests",
}


def _test_target(words: Sequence[Chunk]) -> str:
    _guard_length(words, "feature")
    if len(words) == 1 and words[0].kind == "CONCEPT" and words[0].intent == "auth":
        # "tests for the authentication module", "tests for JWT": auth's
        # feature, whichever of its words names it; "the login feature" is
        # login, which the tests recipe finds as auth's too.
        return "login" if words[0].key == "login" else "auth"
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


def _resolve_pronouns(
    commands: list[_Command], previous: _Command | None, described: _Clause | None = None
) -> None:
    # "create crud for orders then write tests for it": "it" is the slot of
    # the command before, as written; after "add auth" it is that feature.
    # After a description ("the customers module has no tests; write some")
    # it is what the description names.
    for command in commands:
        pronoun = command.params.pop("_pronoun", None)
        if pronoun is None:
            continue
        if previous is None and described is not None:
            # "we sell vinyl records, build crud for them": what is sold,
            # tracked or kept, else what the description names.
            kept = _kept_name(described) if command.name == "crud" else []
            words = kept or _described_name(described)
            if words:
                described.consumed = True
                if command.name == "crud":
                    _set_resource(command, words)
                else:
                    command.params["target"] = _test_target(words)
                continue
        if previous is not None and previous.slot_words:
            words = [Chunk("WORD", w, 0) for w in previous.slot_words]
            if command.name == "crud":
                _set_resource(command, words)
            elif previous.name == "crud":
                # "add a customer resource and write tests for it": the
                # resource's feature, which is named by its plural.
                command.params["target"] = previous.params["plural"]
                command.slot_words = (previous.params["plural"],)
            else:
                command.params["target"] = _test_target(words)
                command.slot_words = previous.slot_words
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
    for index, chunk in enumerate(clause.items):
        if _EXTRAS.get(chunk.kind) in declared and index not in clause.used:
            _read_extra(command, clause, index)
    if "target" in declared and command.name == "caching":
        target = _cache_target(clause)
        if target is not None:
            command.params["target"] = target
        elif _refers_back(clause):
            # "create crud for orders, then cache them": the orders, and
            # what a later "it" means.
            previous = clause.previous
            assert previous is not None
            if previous.name == "crud":
                # "add a customer resource and cache it": its plural.
                command.params["target"] = previous.params["plural"]
                command.slot_words = (previous.params["plural"],)
            else:
                words = [Chunk("WORD", w, 0) for w in previous.slot_words]
                command.params["target"] = _place_name(words)
                command.slot_words = previous.slot_words
        elif _points_back(clause) and (words := _place_before(clause)):
            # "... hit the aggregates endpoints every few minutes. Please add
            # Redis caching there": the place said before.
            command.params["target"] = _place_name(words)
            command.slot_words = tuple(c.text for c in words)
    if command.name in ("websocket", "auth", "optimize_db"):
        # "a /ws endpoint": the route the socket is served on; "protect
        # /admin": the route that needs a sign-in; "the /reports endpoint is
        # slow because of the database": the route whose queries.
        clause.used.update(clause.kinds("PATH"))
    if "strict" in declared:
        for index, chunk in enumerate(clause.items):
            if chunk.kind == "WORD" and chunk.key in ("strict", "strictly"):
                clause.used.add(index)
                command.params["strict"] = True
            if chunk.intent == command.name and _ALL_THERE_IS.compiled().search(chunk.text):
                # "exactly code, message and details": nothing else in it.
                command.params["strict"] = True
            if chunk.intent == command.name and _dropped_detail(chunk):
                # "drop the old detail field": the envelope alone.
                command.params["strict"] = True
        if _only_the_envelope(clause) or uniform_for_every_error(clause):
            command.params["strict"] = True
        lead = clause.at(clause.skip(0, "FUNCTION"))
        if lead is not None and lead.key in ("replace", "replacing"):
            # "replace all the existing error bodies with a uniform envelope":
            # the envelope takes the place of what clients get today.
            command.params["strict"] = True
        if _replacing_tail(clause):
            # "... in one uniform envelope replacing what we have now".
            command.params["strict"] = True


def _replacing_tail(clause: _Clause) -> bool:
    from fastprod.language._commands import replacing_said

    starts = [i for i, c in enumerate(clause.items) if i and c.key in _REPLACING_WORDS]
    return any(replacing_said(_Clause(clause.items[i:])) for i in starts)


_REPLACING_WORDS = frozenset({"replacing", "superseding", "replaces", "supersedes"})


_ALL_THERE_IS = _Pattern(
    r"^(?:exactly|only|just)\s|\snothing\s+(?:else|more)$"
    r"|\s(?:only|exactly)\s+(?:those|these)(?:\s+\w+)?(?:\s+(?:keys|fields))?$",
    re.IGNORECASE,
)


def uniform_for_every_error(clause: _Clause) -> bool:
    """ "every single error should be JSON with the exact same structure", "one
    consistent error format for all errors": one body for every error, FastAPI's
    own ``detail`` bodies too: the strict envelope."""
    keys = [c.key for c in clause.items]
    every = any(k in _EVERY for k in keys)
    errors = any(k.startswith("error") or k.endswith(("error", "errors")) for k in keys)
    # "all 4xx/5xx responses share one identical JSON schema": the errors by class.
    errors = errors or any(k in ("4xx", "5xx", "4xxs", "5xxs") for k in keys)
    # "the same shape" is one phrase; "look identical" says the shape.
    uniform = any(k in _UNIFORM or any(same in k for same in _SAME) for k in keys)
    # The shape by name, or by its members: "same JSON with code, message and details".
    shaped = any(k.endswith(_SHAPES) for k in keys) or any(_envelope(c) for c in clause.items)
    looks = any(k.startswith("look") for k in keys)
    return every and errors and uniform and (shaped or looks)


_EVERY = frozenset({"every", "all", "each", "any", "always"})
_UNIFORM = frozenset(
    {"same", "one", "single", "consistent", "uniform", "fixed", "identical", "standard"}
)
_SHAPES = (
    "structure",
    "format",
    "shape",
    "body",
    "envelope",
    "schema",
    "layout",
    "fields",
    "json",
)
_SAME = ("same", "identical")


def _only_the_envelope(clause: _Clause) -> bool:
    # "errors should only come back in the envelope", "the envelope only":
    # the envelope is all an error body holds ("only add error handling with
    # an envelope" limits the request instead).
    envelopes = [i for i, c in enumerate(clause.items) if _envelope(c)]
    alone = [i for i, c in enumerate(clause.items) if c.key in _ALONE]
    if not envelopes or not alone:
        return False
    return any(
        a == e + 1 or (0 < e - a <= 6 and not clause.kinds_between(a, e, "CONCEPT"))
        for e in envelopes
        for a in alone
    )


def _envelope(chunk: Chunk) -> bool:
    # The envelope by name, or by its members ("code/message/details").
    members = chunk.intent == "error_handling" and "details" in chunk.key
    return chunk.key in _ENVELOPES or members


_ENVELOPES = frozenset({"envelope", "errorenvelope", "jsonenvelope"})
_ALONE = frozenset({"only", "exclusively", "solely"})


_NO_DETAIL = re.compile(r"\bdetail\b", re.IGNORECASE)
_KEPT_DETAIL = re.compile(
    r"\b(?:keeps?|keeping|leave|leaving|preserve|preserving|retain|retaining|stays?|remains?|stay)\b",
    re.IGNORECASE,
)


def _dropped_detail(chunk: Chunk) -> bool:
    # "drop the old detail field" asks for the envelope alone; "keep detail
    # around" for the compatible default.
    return bool(_NO_DETAIL.search(chunk.text)) and not _KEPT_DETAIL.search(chunk.text)


# The phrase classes that give a parameter, and which.
_EXTRAS = {"STORE": "store", "DURATION": "ttl", "TTL": "ttl", "ROLES": "roles", "PLURAL": "plural"}


def _read_extra(command: _Command, clause: _Clause, index: int) -> None:
    """Set the parameter the chunk at ``index`` gives ("in redis", "for 5 minutes")."""
    chunk = clause.items[index]
    clause.used.add(index)
    if chunk.kind == "STORE":
        command.params["store"] = _store(chunk.key)
    elif chunk.kind == "DURATION":
        command.params["ttl"] = _seconds(chunk.text)
    elif chunk.kind == "TTL":
        # "ttl 300", "a ttl of 90 seconds": seconds unless a unit says.
        amount = re.sub(
            r"^(?:ttl|time[\s-]to[\s-]live)\s*"
            r"(?:of\s+|=\s*|:\s*|is\s+|should\s+be\s+|of\s+about\s+|is\s+about\s+)?",
            "",
            chunk.text.lower(),
        ).strip()
        command.params["ttl"] = int(amount) if amount.isdigit() else _seconds(amount)
    elif chunk.kind == "PLURAL":
        # "plural: cacti": the last word, as the person spells it.
        word = re.split(r"[\s:=]+", chunk.text)[-1].strip("`'\"")
        command.params["plural"] = identifier(snake_case([word]), "resource", chunk.position)
    elif chunk.kind == "ROLES":
        # "roles for drivers and dispatchers": a role is named in the singular.
        # A team's name that ends in s stays as it is ("ops", "sales").
        named = [
            singular_of(role) if role.endswith("s") and role not in _TEAMS else role
            for role in chunk.items
        ]
        roles = list(command.params.get("roles", [])) + named
        command.params["roles"] = list(dict.fromkeys(roles))


def _refers_back(clause: _Clause) -> bool:
    previous = clause.previous
    if previous is None or not previous.slot_words:
        return False
    if any(c.kind == "FUNCTION" and c.key in ("it", "them") for c in clause.items):
        return True
    # "a projects CRUD, and cache the list": what the CRUD lists.
    return previous.name == "crud" and any(c.key in ("list", "listing") for c in clause.items)


def _store(key: str) -> str:
    # "redis-backed", "memory-based": the store before the suffix.
    return _STORES.get(re.sub(r"(?:backed|based|powered|only)$", "", key), "memory")


def _seconds(text: str) -> int:
    # "90 secs", "1.5 hours", "half an hour", "a quarter of an hour", "an
    # hour and a half", "120000ms": whole seconds.
    spoken = re.sub(r"\s+", " ", text.lower())
    spoken = re.sub(r"^(an?) (?:whole|full|entire) ", r"\1 ", spoken)  # "a whole day"
    fraction = re.fullmatch(
        r"(half|(?:(?:a|one|three) )?quarters?)(?: of)?(?: an?)? ([a-z]+)", spoken
    )
    if fraction is not None:
        part, unit = fraction.groups()
        share = 0.5 if part == "half" else 0.75 if part.startswith("three") else 0.25
        return round(share * _UNITS.get(unit, 1))
    half = 0.5 if re.search(r"\band a half\b", spoken) else 0.0
    spoken = re.sub(r" ?\band a half\b", "", spoken)
    match = re.fullmatch(r"(\d+(?:\.\d+)?|[a-z]+(?:[ -]five)?)\s*-?\s*([a-z]+)", spoken)
    if match is None:
        return 0
    amount, unit = match.groups()
    count = float(amount) if amount[0].isdigit() else _NUMBERS.get(amount, 1)
    if unit in _MILLISECONDS:
        return max(1, round(count / 1000))
    return round((count + half) * _UNITS.get(unit, 1))


_MILLISECONDS = frozenset({"ms", "millis", "millisecond", "milliseconds"})


def _cache_place_named(clause: _Clause) -> str | None:
    """The free words before an endpoint noun: "the products endpoint"."""
    for index, chunk in enumerate(clause.items):
        if chunk.key in ("they", "which", "because", "since"):
            break  # "cache the weather lookups, they hit an external API": why
        if chunk.kind == "NOUN" and chunk.key in _CACHE_PLACES:
            being = clause.at(index + 1)
            if being is not None and being.key in ("is", "are", "was", "were"):
                continue  # "..., the upstream api is rate limited": said of it
            words = _name_before(clause, index)
            noun = clause.at(index - 1)
            if (
                not words
                and chunk.key in _ROUTE_NOUNS
                and noun is not None
                and noun.kind == "NOUN"
                and noun.key not in _APP_NOUNS | {"list", "all"}
            ):
                # "the config endpoint", "the features endpoint": a noun of
                # ours names it.
                clause.used.add(index - 1)
                words = [noun]
            named, after = clause.at(index + 1), clause.at(index + 2)
            if (
                not words
                and chunk.key in ("endpoint", "route")
                and named is not None
                and named.kind == "WORD"
                and (after is None or after.kind == "SEP" or after.key in _POLITE)
            ):
                # "cache Redis on endpoint "search"": the endpoint's name after it.
                clause.used.add(index + 1)
                words = [named]
            of = clause.at(index + 1)
            if not words and of is not None and of.key == "of":
                # "the endpoint of leaderboard", "endpoints of schedules"
                words = _name_after(clause, index + 2)
            owner = next(
                (i for i, c in enumerate(words[:-1]) if c.text.lower().endswith(("'s", "s'"))),
                None,
            )
            if owner is not None:
                words = words[owner + 1 :]  # "the library's new_arrivals endpoint"
            if words:
                clause.used.add(index)
                # "the product list": the list of products.
                listed = [Chunk("WORD", "list", chunk.position)] if chunk.key == "list" else []
                return _place_name([*words, *listed])
    return None


_ROUTE_NOUNS = frozenset({"endpoint", "endpoints", "route", "routes", "handler", "handlers"})


def _labelled_target(clause: _Clause) -> str | None:
    # "store=redis ttl=120 feature=search": the place cached, as a chat
    # command's parameter.
    for index, chunk in enumerate(clause.items):
        colon = clause.at(index + 1)
        if chunk.key in ("feature", "target") and colon is not None and colon.kind == "COLON":
            words = _name_after(clause, index + 2)
            if words:
                clause.used.update({index, index + 1})
                return _place_name(words)
    return None


def _points_back(clause: _Clause) -> bool:
    # "caching there", "caching on them": a place named before.
    for index, chunk in enumerate(clause.items):
        opener = clause.items[index - 1] if index else None
        if chunk.key == "there":
            return True
        if chunk.key in ("them", "those") and opener is not None and opener.key in _FOR | {"to"}:
            return True
    return False


def _cache_target(clause: _Clause) -> str | None:
    # "cache the products endpoint", "caching on the product listing
    # endpoints": the free words before an endpoint noun; "cache GET
    # /categories": the route's first part; "cache them" after a
    # description: what it names.
    labelled = _labelled_target(clause)
    if labelled is not None:
        return labelled
    named = _cache_place_named(clause)
    if named is not None:
        return named
    verb = next(
        (i for i, c in enumerate(clause.items) if c.key in ("cache", "memoize", "memoise")), None
    )
    if verb is None:
        # "caching the leaderboard in redis": the gerund takes what follows
        # its article as the verb does.
        gerund = next((i for i, c in enumerate(clause.items) if c.key == "caching"), None)
        article = clause.at(gerund + 1) if gerund is not None else None
        if article is not None and article.key in ("the", "our", "my"):
            verb = gerund
    if verb is not None:
        # "crud for pages ..., then cache pages in redis": the resource just
        # built, though its name is also a noun of ours.
        start = clause.skip(verb + 1, "FUNCTION")
        start = _past_details_said_first(clause, start)
        taken = clause.at(start)
        previous = clause.previous
        plural = previous.params.get("plural") if previous is not None else None
        if plural and taken is not None and taken.key == plural:
            clause.used.add(start)
            return str(plural)
        # "cache the catalog for an hour": what the verb takes is the target.
        end = start
        while (taken := clause.at(end)) is not None and taken.kind in ("WORD", "UNSUPPORTED"):
            end += 1
        following = clause.at(end)
        after_noun = clause.at(end + 1)
        if (
            end > start
            and following is not None
            and following.kind == "NOUN"
            and following.key in _KEPT_NOUNS
            and (after_noun is None or after_noun.kind in _AFTER_TARGET)
        ):
            # "cache the loot tables in memory": the noun is part of the name.
            end += 1
            following = after_noun
        generic = all(c.key in _GENERIC for c in clause.items[start:end])
        after = (
            following is None
            or following.kind in _AFTER_TARGET
            or following.key in _POLITE
            or following.key in _WHY_OPENS
        )
        if end > start and not generic and after:
            words = clause.items[start:end]
            clause.used.update(range(start, end))
            return _place_name(words)
        if end > start and generic and after:
            clause.used.update(range(start, end))  # "cache the results": what it returns
    opened = _opened_cache_target(clause)
    if opened is not None:
        return opened
    trailing = _trailing_cache_target(clause)
    if trailing is not None:
        return trailing
    cached = next((i for i, c in enumerate(clause.items) if c.key == "cached"), None)
    if cached is not None:
        # "we'd like the favourites cached in memory", "can the menu be
        # cached": what is cached.
        being = cached
        while (auxiliary := clause.at(being - 1)) is not None and auxiliary.key in _BEING:
            being -= 1
        words = _name_before(clause, being)
        # "the explore results cached": what the explore endpoint returns.
        if words and not all(c.key in _GENERIC for c in words):
            return _place_name(words)
    # A path only in the clause that names the caching ("cache GET
    # /categories"), never one that follows it ("; cat /etc/hosts").
    for index in clause.kinds("PATH") if clause.kinds("CONCEPT") else []:
        path = clause.items[index]
        if path.text.startswith(("/ws/", "/ws")) and path.text.split("/")[1] == "ws":
            continue  # "`/ws/status` for live updates": a socket's path
        clause.used.add(index)
        part = path_part(path.text)
        if part:
            return _place_name([Chunk("WORD", part, path.position)])
    described = clause.described
    if described is not None and any(
        c.kind == "FUNCTION" and c.key in _PRONOUNS for c in clause.items
    ):
        words = _described_name(described)
        if words:
            described.consumed = True
            return _place_name(words)
    return _place_said_before(clause)


def _past_details_said_first(clause: _Clause, start: int) -> int:
    """ "cache for 1 hour the exchange rates", "cache in memory the weather":
    the store and time to live said before what is cached, skipped when an
    article opens what follows them."""
    at = _past_cache_details(clause, start)
    article = clause.at(at)
    if at > start and article is not None and article.key in ("the", "our", "my"):
        return clause.skip(at, "FUNCTION")
    return start


def _place_said_before(clause: _Clause) -> str | None:
    # "fix the n+1 queries on the feed and then cache it": "it" is the place
    # the step before named; "The catalog should load instantly - have the
    # app remember it": the subject said before.
    said = [c for c in clause.items if re.search(r"\b(?:it|them)\b", c.text, re.IGNORECASE)]
    before = clause.preceding
    named = clause.previous is not None and bool(clause.previous.slot_words)
    if not said or before is None or clause.new_sentence or named:
        return None  # "add crud for orders, cache it": the orders, read as the CRUD's
    lead = before.at(0)
    words = _name_after(before, 0) if lead is not None and lead.key == "the" else []
    after = before.at(before.items.index(words[-1]) + 1) if words else None
    subject = after is not None and after.key in ("should", "must", "needs", "is", "are")
    if words and subject and not any(c.key in _GENERIC for c in words):
        return _place_name(words)
    opened = [
        i
        for i, c in enumerate(before.items)
        if c.kind == "OPEN" and c.key in ("on", "for", "of") and i > 0
    ]
    for index in opened:
        words = _name_after(before, index + 1)
        end = before.items.index(words[-1]) + 1 if words else 0
        if words and end == len(before.items) and not any(c.key in _GENERIC for c in words):
            return _place_name(words)
    return None


def _trailing_cache_target(clause: _Clause) -> str | None:
    # "/cache memory 30s users": a chat command's cache, its details, then
    # the place cached.
    first = clause.skip(0, "FUNCTION")
    lead = clause.at(first)
    if lead is None or lead.intent != "caching":
        return None
    start = clause.skip(first + 1, "STORE", "DURATION", "TTL", "FUNCTION")
    if start == first + 1 or start >= len(clause.items):
        return None
    words = clause.items[start:]
    if not all(c.kind == "WORD" for c in words) or len(words) > 2:
        return None
    clause.used.update(range(start, len(clause.items)))
    return _place_name(words)


def _opened_cache_target(clause: _Clause) -> str | None:
    # "caching for products", "a cache on the exchange rates with a 30s
    # ttl": the free words a place word opens right after the caching are
    # what is cached; "caching for speed" names why, not what.
    starts = [
        i + 1 for i, c in enumerate(clause.items) if c.intent == "caching" or c.kind == "STORE"
    ]
    first = clause.at(0)
    if not clause.kinds("CONCEPT") and first is not None and first.kind in _CACHE_DETAILS:
        # "add caching with redis, and a ttl of 60s for products": the
        # details go on in a clause of their own, the place after them.
        starts = [0]
    for begin in starts:
        index = max(begin - 1, 0)
        opener = clause.at(_past_cache_details(clause, begin))
        if opener is None or opener.kind != "OPEN" or opener.key not in _CACHE_OPENERS:
            continue
        start = clause.skip(clause.items.index(opener) + 1, "FUNCTION")
        placed = clause.at(start)
        if opener.key == "in" and (placed is None or placed.key in _NOT_PLACES):
            continue  # "a cache in front of the db", "in general"
        if any(c.key in _RELATIVE for c in _outside_brackets(clause.items[index:start])):
            return None
        end = start
        # "caching for config lookups", "for feature flags": a noun of ours
        # that a word follows starts the name.
        first, second = clause.at(start), clause.at(start + 1)
        noun = first is not None and first.kind == "NOUN" and first.key not in _APP_NOUNS
        if noun and second is not None and second.kind == "WORD":
            end += 1
        while (taken := clause.at(end)) is not None and taken.kind in ("WORD", "UNSUPPORTED"):
            if end > start and taken.key in _WHEN_WORDS:
                break  # "caching for products until we move to redis"
            end += 1
        following = clause.at(end)
        if end > start and following is not None and following.key in _WHEN_WORDS:
            following = None  # what follows is when, read apart
        words = clause.items[start:end]
        while len(words) > 1 and words[-1].key in _GENERIC:
            # "the exchange_rates lookups": what is looked up.
            words = words[:-1]
        if not words or any(c.key in _GENERIC | _PURPOSES for c in words):
            return None
        # "once caching for invoices is done, ...": a step said of it.
        stated = following is not None and following.key in ("is", "are", "gets", "has")
        # "... the exchange_rates lookups? they barely change": a new sentence.
        stated = stated or (following is not None and following.key in ("they", "we", "it"))
        polite = following is not None and following.key in _POLITE
        # "caching to the dashboard so the database survives": why, after the name.
        polite = polite or (following is not None and following.key in _WHY_OPENS)
        # "a cache for merchants that expires after 1 hour": its details, said of it.
        ahead = end + 1
        while (said := clause.at(ahead)) is not None and (
            said.kind in ("OPEN", "FUNCTION") or said.key in _LASTING
        ):
            ahead += 1
        detail = clause.at(ahead)
        # "caching for itineraries using Redis": the store, after the place.
        described = following is not None and following.key in ("that", "which", "using", "via")
        described = described and detail is not None and detail.kind in _CACHE_DETAILS
        # "add cache to user_profile: redis, ttl 120": its details after a colon.
        after_colon = clause.at(end + 1)
        described = described or (
            following is not None
            and following.kind == "COLON"
            and after_colon is not None
            and after_colon.kind in ("STORE", "TTL", "DURATION")
        )
        if (
            following is not None
            and following.kind not in _AFTER_TARGET
            and not (stated or polite or described)
        ):
            return None
        clause.used.update(range(start, end))
        return _place_name(words)
    return None


def _outside_brackets(items: Sequence[Chunk]) -> list[Chunk]:
    """The chunks not inside an aside in brackets."""
    depth, out = 0, []
    for chunk in items:
        depth += chunk.kind == "LPAR"
        if not depth:
            out.append(chunk)
        depth -= chunk.kind == "RPAR" and depth > 0
    return out


def _past_cache_details(clause: _Clause, start: int) -> int:
    # "caching with redis and a ttl of 60 secs for products", "caching for 5
    # minutes for the products": the store and the time to live said first,
    # the place after them.
    index = start
    while (chunk := clause.at(index)) is not None:
        if chunk.kind in _CACHE_DETAILS:
            index += 1
            continue
        if chunk.kind == "LPAR" and index > start:
            # "a cache in memory (not Redis because ...) for the menu": an aside.
            close = next(
                (i for i in range(index + 1, len(clause.items)) if clause.items[i].kind == "RPAR"),
                None,
            )
            if close is not None:
                index = close + 1
                if (comma := clause.at(index)) is not None and comma.text == ",":
                    index += 1
                continue
        if index > start and chunk.key in _EXPIRY and clause.items[index - 1].kind == "DURATION":
            index += 1  # "with 30 seconds expire on the dashboard stats"
            continue
        ahead = clause.skip(index + 1, "FUNCTION")
        detail = clause.at(ahead)
        joins = chunk.kind == "SEP" or (chunk.kind == "OPEN" and chunk.key in _DETAIL_OPENERS)
        if joins and detail is not None and detail.kind in _CACHE_DETAILS:
            articles = clause.items[index + 1 : ahead]
            if all(c.key in ("a", "an", "the") for c in articles):
                index = ahead
                continue
        break
    return index


_CACHE_DETAILS = frozenset({"STORE", "TTL", "DURATION"})
# "that expires after ten minutes", "which lasts a day": how long it is kept.
_LASTING = frozenset(
    {"expires", "expire", "lasts", "last", "lives", "stays", "after", "is", "kept"}
)
_EXPIRY = frozenset({"expire", "expiry", "expiration", "ttl", "lifetime"})
_DETAIL_OPENERS = frozenset({"with", "w/", "w", "in", "for", "of", "using", "via", "at"})


_CACHE_OPENERS = frozenset({"for", "on", "to", "of", "around", "over", "across", "in"})
# "in front of", "in general", "in place": no place of the API.
_NOT_PLACES = frozenset({"front", "general", "place", "case", "theory", "practice", "time"})
# Why something is cached, not what: "caching for speed", "for scale".
_PURPOSES = frozenset(
    {
        "speed",
        "scale",
        "scaling",
        "scalability",
        "latency",
        "efficiency",
        "load",
        "throughput",
        "savings",
        "cost",
        "costs",
        "reasons",
        "now",
        "later",
        "staging",
        "testing",
    }
)


_GENERIC = frozenset(
    {"results", "result", "data", "output", "outputs", "things", "lookups", "reads"}
)
# Nouns of ours that end the name of what is cached: "the loot tables".
_KEPT_NOUNS = frozenset({"table", "tables", "list", "lists", "records"})
_AFTER_TARGET = frozenset({"OPEN", "SEP", "THEN", "DURATION", "TTL", "STORE", "LPAR"})
# "caching for reports pls": asking nicely ends a name.
_POLITE = frozenset({"pls", "plz", "please", "thanks", "thx", "cheers", "asap", "kindly", "now"})
# "cache the products so the db rests", "... because they rarely change": why, after the name.
_WHY_OPENS = frozenset({"so", "because", "since", "as"})


# Words that say which of a resource's endpoints, not which resource:
# "the product listing endpoints" are the products'.
_ENDPOINT_KINDS = frozenset(
    {"listing", "listings", "list", "detail", "details", "index", "read", "lookup", "lookups"}
)


def _place_name(words: Sequence[Chunk]) -> str:
    # "the search results": what the search endpoint returns, cached as search.
    while len(words) > 1 and words[-1].key in _GENERIC:
        words = words[:-1]
    kept = [c for c in words if c.key not in _ENDPOINT_KINDS] or list(words)
    if len(kept) > 1 and "_" in kept[-1].text:
        kept = kept[-1:]  # "the clinic opening_hours": the code's own name
    _guard_length(kept, "target")
    if len(kept) < len(words):
        # The resource a listing is of, named as its plural like a feature.
        _singular, plural = resource_names([c.text for c in kept], kept[0].position)
        return plural
    return identifier(snake_case([c.text for c in kept]), "target", kept[0].position)


_KEEPING = frozenset(
    {"track", "tracking", "manage", "managing", "store", "storing", "keep", "keeping", "sell"}
)


def _kept_name(described: _Clause) -> list[Chunk]:
    # "we're tracking assets now", "we need to store and manage devices":
    # the one plural word kept, tracked or managed, ending the clause.
    for index, chunk in enumerate(described.items):
        if chunk.key not in _KEEPING:
            continue
        name = described.at(index + 1)
        rest = described.items[index + 2 :]
        plural = name is not None and name.kind == "WORD" and name.key.endswith("s")
        # "we track chargebacks in a google sheet": where they are kept today.
        placed = bool(rest) and rest[0].kind == "OPEN" and rest[0].key in ("in", "on", "with")
        if plural and (placed or all(c.kind == "FUNCTION" for c in rest)):
            described.used.update(range(index, len(described.items)))
            described.consumed = True
            return [name]  # type: ignore[list-item]
    return []


def _described_name(described: _Clause) -> list[Chunk]:
    # "the customers module has ...", "the products endpoints recompute ...":
    # the free words before the first place noun, or those opening the
    # clause; "the /users endpoint gets hammered": the route's first part,
    # before any other name.
    # A statement that names nothing ("the data barely changes") passes to
    # the description before it.
    for index in described.kinds("PATH") if described.pending else ():
        path = described.items[index]
        part = path_part(path.text)
        if part:
            described.used.add(index)
            return [Chunk("WORD", part, path.position)]
    for index, chunk in enumerate(described.items):
        if chunk.kind == "NOUN" and (chunk.key in _CACHE_PLACES or chunk.key in _PLACE_NOUNS):
            words = _name_before(described, index)
            if words:
                described.used.add(index)
                return words
    for index in described.kinds("CONCEPT") if described.consumed else ():
        # "we already have CRUD for customers": what the feature there is for.
        opener = described.at(index + 1)
        # "coverage on user_profile is 12%": what the tests there cover.
        if opener is None or opener.kind != "OPEN":
            continue
        covered = described.items[index].key == "coverage" and opener.key in ("on", "of")
        if opener.key == "for" or covered:
            words = _name_after(described, index + 1)
            if words:
                return words
    earlier = described.described
    if earlier is not None and earlier.pending:
        words = _described_name(earlier)
        if words:
            earlier.consumed = True
        return words
    return []


# Names of teams and functions that end in s but name one role.
_TEAMS = frozenset(
    {"ops", "devops", "secops", "sysops", "finops", "sales", "analytics", "logistics", "operations"}
)


def path_part(path: str) -> str:
    """The part of a route that names its feature: products in /api/v1/products."""
    parts = [p for p in path.split("/")[1:] if p and "{" not in p]
    named = [p for p in parts if not _API_PREFIX.fullmatch(p)]
    return (named or parts or [""])[0]


# Segments that say where the API is served, not what it serves.
_API_PREFIX = re.compile(r"api|apis|rest|v\d+(?:\.\d+)?|public|internal", re.IGNORECASE)
