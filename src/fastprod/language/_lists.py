"""Field and role lists, grouped before a sentence is split into clauses.

A list holds commas and "and", which otherwise split clauses, so it is read
first: "with fields sku:str, stock:int", "(label string, weight float)",
"fields: a str; b int", "an integer quantity and a date shipped_on", "roles
admin, editor", "admin and editor roles". Then the sentence is split at its
separators into clauses.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from fastprod.language._chunks import Chunk
from fastprod.language._clause import _DETERMINERS
from fastprod.language._names import FIELD_TYPES, field_spec

_FIELD_OPENERS = frozenset(
    {"with", "having", "containing", "including", "incl", "incl.", "where", "comprising"}
    # "crud for incident reports, capturing reported_by, severity and status"
    | {"capturing", "storing", "tracking", "recording", "holding"}
)


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


def _group_lists(items: list[Chunk]) -> list[Chunk]:
    # Field and role lists hold commas and "and": group them before clauses
    # are split at those.
    out: list[Chunk] = []
    index = 0
    while index < len(items):
        grouped = (
            _fields_at(items, index) or _named_fields_at(items, index) or _roles_at(items, index)
        )
        if grouped is None and _names_roles(items, index):
            # "role based access (admin, support)": the feature, then its roles.
            out.append(items[index])
            grouped = _role_list(items, index + 1, items[index], said=False)
            if grouped is None:
                index += 1
                continue
        if grouped is None and (heading := _fields_for_at(items, index)) is not None:
            # "fields for the employee crud: a str, b int": what the fields
            # are for, then the fields.
            grouped = _fields_at(items, heading) or _fields_at(items, heading + 1)
            if grouped is not None:
                out.extend(items[index + 1 : heading])
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
    typed_by: list[tuple[str, str | None]] = []

    def next_item(at: int, *, explicit: bool) -> tuple[str, str, int, int] | None:
        item = _field_item(items, at, explicit=explicit, declared=declared)
        if item is None and opened and (fields or _typed_follows(items, at)):
            # "with rating:int, comment, product_id": after typed fields, a
            # name alone is typed by its name; "... and customers" after
            # them is another resource.
            item = _untyped_item(items, at) or _untyped_pair(items, at)
            joint = items[at - 1].text.lower() if at > 0 else ""
            plural = item is not None and _plural_like(item[0]) and "_" not in item[0]
            if joint != "," and plural:
                item = None
        if item is None and opened and not fields and at == index and _lone_field(items, start, at):
            # "crud for chapters with title": one name alone, where a CRUD is asked.
            item = _untyped_item(items, at)
        return item

    while (item := next_item(index, explicit=not opened)) is not None:
        if not fields and _resource_before_its_list(items, index, item[3]):
            return None
        name, type_name, position, index = item
        fields.append(field_spec(name, type_name, position))
        positions.append(position)
        typed = items[index - 1] if index > 0 and items[index - 1].kind == "TYPE" else None
        # "released_on date": a name written as code is typed, not named by its type.
        coded = typed is not None and index > 1 and "_" in items[index - 2].text
        typed_by.append((name, typed.key if typed is not None and not coded else None))
        separator = items[index] if index < len(items) else None
        while (
            separator is not None
            and separator.kind == "SEP"
            and index + 2 < len(items)
            and items[index + 1].key in _CONSTRAINTS
            and items[index + 2].kind in ("SEP", "RPAR")
        ):
            # "slug: str, unique; parent_id: int": how the field before is kept.
            index += 2
            separator = items[index]
        if separator is not None and separator.text == "," and _and_at(items, index + 1):
            index += 1  # "a str, b int, and c date"
        following = next_item(index + 1, explicit=False) if separator else None
        paired = items[index - 1].kind == "TYPE" and (
            _typed_pair(items, index) or _two_word_pair(items, index)
        )
        if (
            separator is not None
            and separator.kind != "SEP"
            and (paired or _field_item(items, index, explicit=True, declared=declared) is not None)
        ):
            # "with fields location:str capacity:int", "code(str) active(bool)":
            # one after another.
            continue
        if separator is None or separator.kind != "SEP" or following is None:
            break
        index += 1
    if not fields:
        return None
    _refuse_untyped_after(items, index, typed_by)
    fields = _dated_names(fields, typed_by, positions)
    if index < len(items) and items[index].kind == "RPAR":
        index += 1
    text = ", ".join(fields)
    return Chunk("FIELDS", text, positions[0], items=tuple(fields)), index


def _refuse_untyped_after(
    items: list[Chunk], index: int, typed_by: list[tuple[str, str | None]]
) -> None:
    """ "url: str, event_types: list[str], secret: str": after fields typed with a
    colon, a field typed with what fastprod does not generate is refused, not
    read as another resource and its fields."""
    if not typed_by or any(key is None for _, key in typed_by):
        return
    at = index + 1 if index < len(items) and items[index].text == "," else index
    if at + 2 >= len(items) or items[at].kind != "WORD" or items[at + 1].kind != "COLON":
        return
    said = items[at + 2]
    if said.kind in ("WORD", "NOUN") and said.key not in FIELD_TYPES:
        field_spec(items[at].text, said.text, said.position)


def _dated_names(
    fields: list[str], typed_by: list[tuple[str, str | None]], positions: list[int]
) -> list[str]:
    """ "title, author, ISBN and publication date": in a list that types nothing
    else, "date" ends a field's name in words (publication_date), and still types
    it; a name written as code ("released_on date") is typed."""
    said = [key for _, key in typed_by if key is not None]
    if not said or len(said) == len(typed_by) or any(key not in _NAME_ENDS for key in said):
        return fields
    return [
        field_spec(f"{name}_{key}", key, position)
        if key is not None and not name.endswith(f"_{key}")
        else field
        for field, (name, key), position in zip(fields, typed_by, positions, strict=True)
    ]


_NAME_ENDS = frozenset({"date", "time"})


# What is said of a field after it: "slug: str, unique".
_CONSTRAINTS = frozenset(
    {"unique", "required", "optional", "nullable", "indexed", "immutable", "readonly"}
)


def _name_typed(items: list[Chunk], index: int) -> bool:
    # "crud for teams name string ...": the field "name", not a naming word;
    # "crud for coupons code string ...": the field "code", not the app's code.
    typed = index + 1 < len(items) and items[index + 1].kind == "TYPE"
    return items[index].key in ("name", "code") and typed


def _two_word_pair(items: list[Chunk], index: int) -> bool:
    # "parent id int", "submitted at datetime", and after a type with no joint
    # between ("enabled boolean rollout percentage integer"): a name said in
    # two words, then its type.
    if index + 2 >= len(items):
        return False
    first, second, third = items[index], items[index + 1], items[index + 2]
    # "... start time datetime": a verb's word opens a two-word name too.
    verb = first.kind == "VERB" and index > 0
    named = first.kind == "WORD" or first.key in _PARTICIPLES or verb
    compound = (first.key, second.key) in _COMPOUNDS
    second_word = second.kind == "WORD" or second.key in _SECOND_WORDS or compound
    return named and _is_name(second) and second_word and third.kind == "TYPE"


# Words read as fillers that name a field before "at" or "on": "created at datetime".
_PARTICIPLES = frozenset({"created", "updated", "added", "deleted", "written", "done"})


def _resource_before_its_list(items: list[Chunk], index: int, end: int) -> bool:
    # "crud for delivery_slot: date, start_time, end_time": the resource, a
    # colon, then its fields, the first named like a type; not the field
    # "delivery_slot" of type date.
    before = items[index - 2] if index >= 2 else None
    named = (
        before is not None
        and items[index - 1].key == "for"
        and (before.intent == "crud" or (before.kind == "NOUN" and before.key in _RESOURCE_WORDS))
    )
    joint = items[end] if end < len(items) else None
    following = items[end + 1] if end + 1 < len(items) else None
    after = items[end + 2] if end + 2 < len(items) else None
    untyped = following is not None and following.kind == "WORD"
    return (
        named
        and joint is not None
        and joint.text == ","
        and untyped
        and (after is None or after.kind not in ("COLON", "TYPE", "LPAR"))
    )


def _untyped_item(items: list[Chunk], index: int) -> tuple[str, str, int, int] | None:
    # A free word that ends at a joint, a bracket or the sentence's end.
    at = items[index] if index < len(items) else None
    if at is None or at.kind not in ("WORD", "OPEN", "NOUN", "UNSUPPORTED"):
        return None
    if not _field_name(items, index):
        return None
    return at.text, typed(at.text), at.position, index + 1


def _untyped_pair(items: list[Chunk], index: int) -> tuple[str, str, int, int] | None:
    # "... and firmware version": a name said in two words, ending the list.
    if index + 1 >= len(items):
        return None
    first, second = items[index], items[index + 1]
    third = items[index + 2] if index + 2 < len(items) else None
    beyond = items[index + 3] if index + 3 < len(items) else None
    if (
        first.kind == "WORD"
        and _is_name(first)
        and second.kind in ("WORD", "NOUN")
        and third is not None
        and third.key in _SECOND_WORDS
        and (beyond is None or beyond.kind in ("SEP", "RPAR"))
    ):
        # "... and last inspection date": a name said in three words.
        name = f"{first.text}_{second.text}_{third.text}"
        return name, typed(name), first.position, index + 3
    after = items[index + 2] if index + 2 < len(items) else None
    # "... and contact email", "... and truck plate": two words ending the sentence.
    ending = (
        after is None
        or after.kind == "RPAR"
        or (after.kind == "SEP" and after.text in (".", "!", "?", ";"))
    )
    second_word = second.key in _SECOND_WORDS or (
        ending and second.kind in ("WORD", "UNSUPPORTED") and _is_name(second)
    )
    if first.kind != "WORD" or not _is_name(first) or not second_word:
        return None
    if after is not None and after.kind not in ("SEP", "RPAR"):
        return None
    name = f"{first.text}_{second.text}"
    return name, typed(name), first.position, index + 2


def _lone_field(items: list[Chunk], start: int, at: int) -> bool:
    if items[start].key not in _WITH_ONE or not _crud_said(items, start):
        return False
    item = _untyped_item(items, at)
    if item is None or _plural_like(item[0]):
        return False
    after = items[at + 1] if at + 1 < len(items) else None
    return after is None or after.text in (".", "!", "?", ";") or after.key in _LIST_ENDS


_WITH_ONE = frozenset({"with", "having", "containing"})


def _typed_follows(items: list[Chunk], index: int) -> bool:
    # "products: name, slug, price decimal": names alone, each then a comma,
    # then a typed field; the first names of a list are fields like the others.
    at = index
    while (
        _untyped_item(items, at) is not None
        and at + 1 < len(items)
        and items[at + 1].kind == "SEP"
        and items[at + 1].text.lower() in (",", "and")
    ):
        at += 2
        if _field_item(items, at, explicit=False, declared=False) is not None:
            return True
    return False


def _fields_for_at(items: list[Chunk], start: int) -> int | None:
    # Where "fields for the employee crud:" ends: its colon, when a typed
    # field follows it.
    if items[start].kind != "FIELDS_WORD" or start + 1 >= len(items):
        return None
    if items[start + 1].kind != "OPEN" or items[start + 1].key not in ("for", "of"):
        return None
    for index in range(start + 2, min(start + 8, len(items))):
        if items[index].kind == "COLON":
            return (
                index if _typed_pair(items, index + 1) or _explicit_at(items, index + 1) else None
            )
        if items[index].kind not in ("FUNCTION", "WORD", "NOUN", "CONCEPT"):
            return None
    return None


def _explicit_at(items: list[Chunk], index: int) -> bool:
    return _field_item(items, index, explicit=True, declared=False) is not None


def _field_opening(items: list[Chunk], start: int) -> tuple[int | None, bool]:
    # Where field items start after an opening, and whether it was one.
    chunk = items[start]
    index = start
    if chunk.kind in ("OPEN", "FUNCTION", "WORD") and chunk.text.lower() in _FIELD_OPENERS:
        index += 1
        while index < len(items) and (
            items[index].kind == "FUNCTION" or items[index].key in ("following", "these")
        ):
            typed = index + 1 < len(items) and items[index + 1].kind == "TYPE"
            if typed and items[index].key not in _DETERMINERS:
                break  # "with id uuid, name str": a field named like a small word
            index += 1
        if index < len(items) and items[index].kind == "FIELDS_WORD":
            index += 1
        opened = True
    elif chunk.kind in ("FIELDS_WORD", "LPAR"):
        index += 1
        # "fields are name (str), role (str)", "field include: a, b"
        while (
            index < len(items)
            and items[index].key in _BEING | _INCLUDING
            and chunk.kind == "FIELDS_WORD"
        ):
            index += 1
        # "fields as follows:", "fields below:"
        for words in (("as", "follows"), ("below",), ("following",)):
            if [c.key for c in items[index : index + len(words)]] == list(words):
                index += len(words)
                break
        opened = True
    elif chunk.kind == "COLON" and (
        _typed_pair(items, start + 1)
        or _article_typed(items, start + 1)
        or (start + 1 < len(items) and _joined_type(items, start + 1) is not None)
        or (start + 1 < len(items) and _typed_as(items, start + 1) is not None)
        # "crud: parcel | barcode str": after the feature word it is the resource.
        or (_typed_follows(items, start + 1) and not (start and items[start - 1].intent == "crud"))
    ):
        # "crud for employees: id uuid, hired_on date", "crud for vehicles:
        # plate as string", "for products: sku - str"
        return start + 1, True
    elif (
        (chunk.kind == "WORD" or _name_typed(items, start))
        and start > 0
        and items[start - 1].kind == "WORD"
        and (
            _typed_pairs(items, start)
            # "crud events title str": a plural right after "crud", then a field.
            or (
                _after_crud_word(items, start)
                and _plural_like(items[start - 1].text)
                and _typed_pair(items, start)
            )
        )
    ):
        # "crud for vehicle plate str, year int": the resource, then its
        # fields with no word between.
        return start, True
    elif (
        chunk.kind == "SEP"
        and chunk.text in (";", "?")
        and _after_crud_word(items, start)
        and _typed_pair(items, start + 1)
    ):
        # "crud incidents — severity int, title, ...": the resource, a dash, its fields.
        return start + 1, True
    elif chunk.kind == "SEP" and chunk.text in (";", "?") and _typed_follows(items, start + 1):
        # "crud: employee — first_name, last_name, salary decimal": after a
        # dash, names alone then typed ones.
        return start + 1, True
    elif chunk.kind == "SEP" and chunk.text in (",", ";") and _spoken_pairs(items, start + 1):
        # "crud for api keys, label as str, expires_at as datetime": two
        # fields or more, each a name joined to its type.
        return start + 1, True
    elif chunk.kind == "SEP" and chunk.text in (",", ";", "?") and _typed_pairs(items, start + 1):
        # "order lines crud, line_id uuid, qty int" (a dash between spaces is
        # a comma): two fields or more, each a name then its type.
        return start + 1, True
    elif chunk.kind == "FUNCTION" and chunk.key in ("have", "has") and _has_field(items, start + 1):
        # "crud for book, have title str and isbn str"; "a shift has a label
        # string, ...", "each recipe has a title which is a string"
        return start + 1, True
    else:
        return start, False
    if index < len(items) and items[index].kind in ("COLON", "LPAR"):
        index += 1
    return index, opened


def _article_typed(items: list[Chunk], index: int) -> bool:
    # "a string name", "an integer quantity": the article, the type, the name.
    return (
        index + 2 < len(items)
        and items[index].key in ("a", "an")
        and items[index + 1].kind == "TYPE"
        and items[index + 2].kind in _NAME_KINDS | {"OPEN"}
    )


def _has_field(items: list[Chunk], index: int) -> bool:
    # A field after "has": "title str", "a label string", "a title which is a string".
    if _typed_pair(items, index):
        return True
    article = index < len(items) and items[index].key in ("a", "an")
    if not article or index + 1 >= len(items):
        return False
    return _typed_pair(items, index + 1) or _joined_type(items, index + 1) is not None


def _typed_pair(items: list[Chunk], index: int) -> bool:
    # A name then a type word: "id uuid".
    return (
        index + 1 < len(items)
        and _is_name(items[index])
        and items[index].kind not in ("SEP", "NEGATION", "TYPE")
        and not (items[index].kind == "FUNCTION" and items[index].key in _DETERMINERS)
        and items[index + 1].kind == "TYPE"
    )


def _and_at(items: list[Chunk], index: int) -> bool:
    return index < len(items) and items[index].kind == "SEP" and items[index].key == "and"


def _spoken_pairs(items: list[Chunk], index: int) -> bool:
    # "label as str, expires_at as datetime", "qty = int, price = decimal".
    if index >= len(items):
        return False
    first = _typed_as(items, index) or _joined_type(items, index)
    if first is None or first[3] >= len(items) or items[first[3]].kind != "SEP":
        return False
    after = first[3] + 1
    return after < len(items) and bool(_typed_as(items, after) or _joined_type(items, after))


def _typed_pairs(items: list[Chunk], index: int) -> bool:
    # "id uuid, qty int": a name and its type, a separator, another; or
    # "title str starts_at datetime", one after the other.
    following = items[index + 2] if index + 2 < len(items) else None
    return (
        _typed_pair(items, index)
        and following is not None
        and (
            (following.kind == "SEP" and _typed_pair(items, index + 3))
            or _typed_pair(items, index + 2)
        )
    )


def _is_name(chunk: Chunk | None) -> bool:
    return chunk is not None and chunk.text.replace("_", "a").replace("-", "a").isalnum()


# What a field's brackets may say after its type: "(str, ISO 4217)", "(UUID, primary key)".
_SAID_OF_A_TYPE = frozenset({"SEP", "WORD", "NUMBER", "FUNCTION", "NOUN", "TYPE"})


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
    # A type word may be two ("long text"); after "fields" any name is one.
    has_type = third is not None and (third.kind == "TYPE" or (declared and _is_name(third)))
    if after is not None and after.kind == "COLON" and has_type:
        # Without an opening word ("crud: orders") only a type word makes it a field.
        assert third is not None
        return at.text, third.text, at.position, index + 3
    if after is not None and after.kind == "LPAR" and third is not None and third.kind == "TYPE":
        closing = (
            index + 4 if index + 3 < len(items) and items[index + 3].kind == "RPAR" else index + 3
        )
        said = items[index + 3 : index + 9]
        end = next((i for i, c in enumerate(said) if c.kind == "RPAR"), None)
        if end and said[0].kind == "SEP" and all(c.kind in _SAID_OF_A_TYPE for c in said[:end]):
            # "currency (str, ISO 4217)", "id (UUID, primary key)": what is
            # said of the type, in its brackets.
            closing = index + 4 + end
        return at.text, third.text, at.position, closing
    if explicit or at.kind == "NEGATION":
        return None
    article = at.kind == "FUNCTION" and at.key in ("a", "an")
    if article and index + 1 < len(items) and items[index + 1].kind != "TYPE":
        # "a title which is a string", "a weight as float": the article first.
        spoken = _joined_type(items, index + 1) or _typed_as(items, index + 1)
        if spoken is not None:
            return spoken
    if (
        after is not None
        and (at.key, after.key) in _COMPOUNDS
        and (third is None or third.kind in ("SEP", "RPAR"))
    ):
        # "code string, due date": a name said in two words, typed by its name.
        name = f"{at.text}_{after.text}"
        return name, typed(name), at.position, index + 2
    if (
        at.kind in ("WORD", "VERB")
        and after is not None
        and after.kind == "TYPE"
        and after.key in ("date", "text")
        and third is not None
        and third.kind == "TYPE"
    ):
        # "due date date", "body text text": a name whose second word is a type's.
        return f"{at.text}_{after.text}", third.text, at.position, index + 3
    if _typed_pair(items, index):
        # "name str", "make string": in a field list any word before a type
        # word names a field.
        assert after is not None
        return at.text, after.text, at.position, index + 2
    if _two_word_pair(items, index):
        # "parent id int", "submitted at datetime": a name said in two words.
        assert after is not None and third is not None
        return f"{at.text}_{after.text}", third.text, at.position, index + 3
    joined = _joined_type(items, index)
    if joined is not None:
        return joined
    if at.kind == "VERB":
        return None
    spoken = _typed_as(items, index)
    if spoken is not None:
        return spoken
    start = index + 1 if at.kind == "FUNCTION" and at.text.lower() in ("a", "an") else index
    if start > index and _typed_pair(items, start):
        # "a reason text", "an email string": the article, then name and type.
        return items[start].text, items[start + 1].text, items[start].position, start + 2
    # "an integer quantity", "a date shipped_on"
    type_word = items[start] if start < len(items) else None
    named = items[start + 1] if start + 1 < len(items) else None
    if (
        type_word is not None
        and type_word.kind == "TYPE"
        and named is not None
        and named.kind == "OPEN"
        and named.key in ("called", "named")
        and start + 2 < len(items)
        and _is_name(items[start + 2])
    ):
        # "a uuid called order_id"
        named = items[start + 2]
        return named.text, type_word.text, named.position, start + 3
    if (
        type_word is not None
        and type_word.kind == "TYPE"
        and named is not None
        and (named.kind == "WORD" or (start > index and named.key == "name"))
    ):
        # "an integer quantity"; "a string name": a field called name
        return named.text, type_word.text, named.position, start + 2
    return None


# What joins a field's name to its type in a list: "sku - str", "city/str",
# "title of type str", "quantity is an int", "price = decimal".
_JOINS = (
    (";",),
    ("/",),
    ("=",),
    ("of", "type"),
    ("of", "kind"),
    ("is",),
    ("is", "a"),
    ("is", "an"),
    ("stored", "as", "a"),
    ("stored", "as", "an"),
    ("stored", "as"),
    ("which", "is"),
    ("which", "is", "a"),
    ("which", "is", "an"),
    ("that", "is"),
    ("that", "is", "a"),
)


def _joined_type(items: list[Chunk], index: int) -> tuple[str, str, int, int] | None:
    # A name, a joining word or mark, then a type word that no name follows
    # ("a str; int count" is two fields, not "a" typed by "int").
    at = items[index]
    if at.kind not in ("WORD", "OPEN", "NOUN", "UNSUPPORTED", "CONCEPT", "FUNCTION"):
        return None
    if at.kind == "FUNCTION" and (at.key in _DETERMINERS or at.key in _BEING):
        return None
    for join in _JOINS:
        end = index + 1 + len(join)
        if [c.key if c.kind != "SEP" else c.text for c in items[index + 1 : end]] != list(join):
            continue
        typed = items[end] if end < len(items) else None
        following = items[end + 1] if end + 1 < len(items) else None
        if typed is None or typed.kind != "TYPE":
            continue
        if following is not None and following.kind in ("WORD", "COLON", "LPAR"):
            continue
        return at.text, typed.text, at.position, end + 1
    return None


def _typed_as(items: list[Chunk], index: int) -> tuple[str, str, int, int] | None:
    # "points as an integer", "expiry as a date": a name, then its type.
    at = items[index]
    rest = [c.key for c in items[index + 1 : index + 4]]
    named = at.kind in ("WORD", "OPEN", "NOUN", "UNSUPPORTED", "VERB") or (
        at.kind == "FUNCTION" and at.key == "id"
    )
    if not rest or rest[0] != "as" or not named:
        return None
    start = index + 2 if len(rest) > 1 and rest[1] not in ("a", "an") else index + 3
    typed = items[start] if start < len(items) else None
    if typed is None or typed.kind != "TYPE":
        return None
    return at.text, typed.text, at.position, start + 1


def _roles_at(items: list[Chunk], start: int) -> tuple[Chunk, int] | None:
    # "roles admin, editor", "roles: admin and editor", "roles (admin, editor)"
    if items[start].kind != "ROLES_WORD":
        return None
    index = start + 1
    # "role based auth: moderator + admin": the roles of the feature named.
    based = index + 2 < len(items) and items[index].key == "based"
    if based and items[index + 1].intent == "auth" and items[index + 2].kind == "COLON":
        index += 2
    # "roles are admin, editor", "roles: admin", "roles like admin"
    while index < len(items) and items[index].kind == "FUNCTION" and items[index].key in _BEING:
        index += 1
    if index + 1 < len(items) and items[index].key in ("check", "checks", "guards"):
        index += 1  # "role checks for admin and operator"
        if items[index].kind not in ("OPEN", "COLON", "LPAR"):
            return None  # "role checks enforced per route", "or role checks.": no role named
    if index < len(items) and items[index].key in _ROLE_SYSTEMS:
        return None  # "the role concept with the roles guest, member": the roles come later
    named = index + 1 < len(items) and _is_role(items[index + 1], first=True)
    if named and items[index].kind == "OPEN" and items[index].key == "for":
        # "roles for admin and staff"
        return _role_list(items, index + 1, items[start], said=True)
    if index < len(items) and items[index].key in ("based", "-based"):
        return None  # "roles based JWT authentication": a kind of auth, no list
    # "one role for now: admin", "role list: reader, writer", "role have three
    # kind: admin, seller": a few words, then the colon that lists them.
    for ahead in range(index, min(index + 4, len(items))):
        if items[ahead].kind == "COLON":
            index = ahead
            break
        ordered = ahead > 0 and items[ahead - 1].key == "inthisorder"
        if ordered and items[ahead].kind == "SEP" and items[ahead].text in (";", "-", ":"):
            # "three roles in this order - Superuser, Support, Auditor"
            index = ahead + 1
            break
        # "add roles to the auth: admin, moderator": the feature they are of.
        of_auth = items[ahead].kind == "CONCEPT" and items[ahead].intent == "auth"
        if items[ahead].kind not in ("OPEN", "FUNCTION", "WORD", "NOUN") and not of_auth:
            break
    # 'role "admin" and role "operator"': one role after the singular word.
    single = items[start].key == "role" and index < len(items) and items[index].kind == "WORD"
    return _role_list(items, index, items[start], said=index > start + 1 or single)


def _names_roles(items: list[Chunk], index: int) -> bool:
    # A feature word of auth made of roles ("role based access", "RBAC",
    # "permissions")
    # that opens a list: "(admin, support)", ": admin and editor".
    chunk = items[index]
    before = items[index - 1] if index > 0 else None
    # "role-based auth (admin, support)": the word before says it is made of roles.
    based = before is not None and before.kind == "WORD" and before.key.startswith("role")
    if before is not None and before.key == "based" and index > 1:
        based = items[index - 2].kind == "ROLES_WORD"
    auth = chunk.kind == "CONCEPT" and chunk.intent == "auth"
    named = "role" in chunk.key or "permission" in chunk.key or chunk.key == "rbac"
    after = items[index + 1] if index + 1 < len(items) else None
    # "role based auth with admin and merchant": names after "with" too.
    opened = after is not None and after.kind == "OPEN" and after.key in ("with", "for")
    first = items[index + 2] if index + 2 < len(items) else None
    listed = opened and first is not None and _is_role(first, first=True)
    # "RBAC for internal tooling API": what the access is for, not its roles.
    following = next((c for c in items[index + 2 :] if c.kind != "WORD"), None)
    listed = listed and not (following is not None and following.key in _APPS)
    # "jwt auth w/ admin|editor|viewer": a role everyone knows opens the list.
    known = listed and first is not None and first.key in _KNOWN_ROLES
    roles = auth and (named or based or known)
    # "jwt auth admin/editor": a role everyone knows, listed right after it.
    joint = items[index + 2] if index + 2 < len(items) else None
    bare = (
        auth
        and after is not None
        and after.key in _KNOWN_ROLES
        and joint is not None
        and joint.text in ("/", ",", "+", "|")
    )
    # "jwt auth (admin, driver)": the same, in brackets.
    bracketed = (
        auth
        and after is not None
        and after.kind == "LPAR"
        and first is not None
        and first.key in _KNOWN_ROLES
    )
    return (
        bare
        or bracketed
        or (roles and after is not None and (after.kind in ("LPAR", "COLON") or listed))
    )


_APPS = frozenset({"api", "apis", "service", "services", "app", "apps", "backend", "tool", "tools"})


# Roles so common that a list opened by one after auth's word is its roles.
_KNOWN_ROLES = frozenset(
    {"admin", "admins", "administrator", "superadmin", "superuser", "moderator", "editor"}
)


# Words that introduce the roles listed after them.
_INTRODUCING = frozenset({"namely", "specifically", "ie", "i.e.", "viz", "being"})


def _role_list(
    items: list[Chunk], index: int, word: Chunk, *, said: bool
) -> tuple[Chunk, int] | None:
    if index < len(items) and (
        items[index].kind in ("COLON", "LPAR")
        or (
            items[index].kind == "OPEN"
            and items[index].text.lower() in ("like", "such as", "of", "with", "for")
        )
    ):
        said = True
        index += 1
    if index + 1 < len(items) and items[index].key in _INTRODUCING:
        # "three roles, namely student, postdoc and lab_manager"
        said = True
        index += 1
    names: list[str] = []
    joined = False
    while index < len(items) and _is_role(items[index], first=not names and not said):
        names.append(items[index].text.lower())
        index += 1
        if joined and _second_word(items, index):
            # "singer, section leader, treasurer": a role of two words in a list.
            names[-1] = f"{names[-1]}_{items[index].text.lower()}"
            index += 1
        oxford = (
            index + 2 < len(items)
            and items[index].text == ","
            and items[index + 1].key == "and"
            and _is_role(items[index + 2], first=False)
        )
        if oxford and _ends_role(items, index + 3):
            index += 2  # "admin, editor, and reader"
            joined = True
            continue
        if (
            index + 1 < len(items)
            and _list_joint(items[index])
            and _is_role(items[index + 1], first=False)
            and (_ends_role(items, index + 2) or _second_word(items, index + 2))
        ):
            index += 1
            joined = True
            continue
        if _spaced_roles(items, index):
            continue  # "roles owner member guest": one after another to the end
        break
    if len(names) < 2 and not said:
        return None
    if index < len(items) and items[index].kind == "RPAR":
        index += 1
    return Chunk("ROLES", word.text, word.position, items=tuple(names)), index


def _second_word(items: list[Chunk], index: int) -> bool:
    # The second word of a role in a list: a free word, then a joint or the end.
    if index >= len(items) or items[index].kind != "WORD":
        return False
    after = items[index + 1] if index + 1 < len(items) else None
    return after is None or after.kind in ("SEP", "RPAR") or _list_joint(after)


def _spaced_roles(items: list[Chunk], index: int) -> bool:
    # Roles with no joint between them, up to a separator or the sentence's end.
    end = index
    while end < len(items) and items[end].kind == "WORD" and _is_role(items[end], first=False):
        end += 1
    return end > index and (end == len(items) or items[end].kind == "SEP")


_BEING = frozenset({"are", "is", "will", "be", "would", "should"})
_ROLE_SYSTEMS = frozenset({"concept", "concepts", "model", "system", "management", "matrix"})
_INCLUDING = frozenset({"include", "includes", "including", "contain", "contains"})


def _ends_role(items: list[Chunk], index: int) -> bool:
    # "owner and member, add authentication": a verb that goes on is not a role.
    after = items[index] if index < len(items) else None
    previous = items[index - 1]
    if after is not None and after.kind == "FUNCTION" and after.key in ("a", "an", "the"):
        return False  # "roles admin and agent, and enforce a strict envelope": a verb
    if after is not None and after.kind == "NOUN":
        return False  # "roles customer and staff, staff-only routes protected": routes
    if after is not None and after.key in ("pls", "plz", "please", "thanks", "thx", "asap"):
        return True  # "roles admin/viewer/support pls": asking nicely ends the list
    return previous.kind == "WORD" or after is None or after.kind in ("SEP", "RPAR")


def _is_role(chunk: Chunk, *, first: bool) -> bool:
    # A role is a free word; after the first, a word that is also a verb or a
    # noun ("admin, support") is one more role.
    # A word fastprod knows as a feature it lacks ("operator") names a role
    # too once the list has begun.
    kinds = ("WORD",) if first else ("WORD", "VERB", "NOUN", "UNSUPPORTED", "VAGUE")
    return chunk.kind in kinds and _is_name(chunk) and chunk.key not in _ORDINALS


# "..., second add auth, roles are admin and operator, third add ...": steps.
_ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth", "last", "next"})


def _roles_before(items: list[Chunk]) -> list[Chunk]:
    # "admin and editor roles": the names come before the word.
    out: list[Chunk] = []
    for chunk in items:
        if chunk.kind != "ROLES_WORD":
            out.append(chunk)
            continue
        if out and out[-1].kind == "WORD" and out[-1].key in _COUNTS:
            # "just one role for now: admin": how many, not which.
            out.append(chunk)
            continue
        names: list[str] = []
        while out and (
            (out[-1].kind == "WORD" and out[-1].key not in _CARRYING)
            or (not names and _role_like(out))
        ):
            # "an admin and a 'support' role": a word that is also a verb
            # or a feature names a role right before the word "role".
            names.insert(0, out.pop().text.lower())
            while (
                len(names) == 1
                and out
                and out[-1].kind == "WORD"
                and out[-1].key not in _CARRYING
                and out[-1].key not in _COUNTS
            ):
                # "the pantry manager role": one role of two words.
                names[0] = f"{out.pop().text.lower()}_{names[0]}"
            if out and out[-1].kind == "FUNCTION" and out[-1].key in ("a", "an", "the"):
                # "an editor and a reviewer role"
                article = out.pop()
                if not (out and _list_joint(out[-1])):
                    out.append(article)
            if len(out) >= 2 and _list_joint(out[-1]) and out[-2].kind == "WORD":
                out.pop()
                continue
            if len(out) >= 3 and _list_joint(out[-1]) and out[-2].key in ("a", "an", "the"):
                out.pop()
                out.pop()
                continue
            break
        if not names:
            out.append(chunk)
            continue
        out.append(Chunk("ROLES", chunk.text, chunk.position, items=tuple(names)))
    return out


_ROLE_LIKE = frozenset({"VERB", "UNSUPPORTED", "VAGUE"})
# "tokens must carry roles": what is done with roles, not one of them.
_CARRYING = frozenset(
    {"carry", "carries", "hold", "holds", "contain", "contains", "assign", "assigns", "enforce"}
    | {"enforces", "require", "requires", "define", "defines", "map", "maps", "grant", "grants"}
)


def _role_like(out: list[Chunk]) -> bool:
    # "a 'support' role", "admin and support roles": a verb or a feature as a
    # role's name after an article or a joint, never "please add roles".
    if len(out) < 2 or out[-1].kind not in _ROLE_LIKE:
        return False
    return out[-2].key in ("a", "an", "the") or _list_joint(out[-2])


_COUNTS = frozenset(
    {"one", "two", "three", "four", "single", "several", "multiple", "many", "some"}
)


def _list_joint(chunk: Chunk) -> bool:
    return chunk.text.lower() in (",", "and", "or", "&", "/", "+", "|")


def _split(items: list[Chunk]) -> list[list[Chunk]]:
    parts: list[list[Chunk]] = [[]]
    # The separator before each part: a comma ends a thought, "and" joins.
    stops = [False]
    for chunk in items:
        if chunk.kind != "SEP":
            parts[-1].append(chunk)
            continue
        parts.append([])
        stops.append(chunk.text in (",", ";", ".") or chunk.text[:1] in ("?", "!"))
        if chunk.key in _SEQUENCING:
            # "..., then redis caching": a new step, never more of the last.
            parts[-1].append(replace(chunk, kind="THEN"))
    merged: list[list[Chunk]] = []
    pending: list[Chunk] = []
    for number, part in enumerate(parts):
        # "find and fix N+1 queries", "build and deploy it": a clause of
        # verbs alone shares the object of the next.
        verbs_alone = all(c.kind in ("VERB", "FUNCTION", "THEN") for c in part)
        # "..., some return json, unify them": after a comma, a last clause
        # of verbs and "them" asks for its own on what was said.
        own = number == len(parts) - 1 and stops[number] and _refers(part)
        if part and verbs_alone and any(c.kind == "VERB" for c in part) and not own:
            pending.extend(part)
            continue
        if part and merged and not pending and not stops[number] and _more_people(merged[-1], part):
            merged[-1].extend(part)  # "authentication for staff and pupils": who signs in
            continue
        if part or pending:
            merged.append(pending + part)
        pending = []
    if pending and merged:
        merged[-1].extend(pending)  # "catch all exceptions and return json"
    elif pending:
        merged.append(pending)
    return [part for part in merged if part]


def _more_people(before: list[Chunk], part: list[Chunk]) -> bool:
    """``part`` ("pupils", "the editors") names more of the people a sign-in
    asked just before is for ("auth for staff and pupils")."""
    words = [c for c in part if c.kind != "FUNCTION"]
    if len(words) != 1 or words[0].kind != "WORD" or part[0].kind not in ("WORD", "FUNCTION"):
        return False
    tail = [c for c in before if c.kind != "FUNCTION"][-2:]
    return (
        len(tail) == 2
        and tail[0].kind == "OPEN"
        and tail[0].key == "for"
        and tail[1].kind == "WORD"
        and any(c.kind == "CONCEPT" and c.intent == "auth" for c in before)
    )


def _refers(part: list[Chunk]) -> bool:
    return any(c.kind == "FUNCTION" and c.key in ("it", "them", "this", "that") for c in part)


# What may name a field when no type is written: a free word, or a word that
# is also a keyword elsewhere ("name", "model", "start", "email").
_NAME_KINDS = frozenset({"WORD", "NOUN", "UNSUPPORTED", "VERB", "TYPE", "ROLES_WORD"})
# Filler words that are also common field names ("title, done, due_on").
_FIELD_LIKE = frozenset({"done", "id", "state", "ready", "full", "basic", "due"})
_LIST_JOINTS = frozenset({",", "and", "&"})
# Marks that join a list of names when one of them joins it all.
_MARK_JOINTS = frozenset({"/", ";", "+", "|"})
# What a resource's field list follows: a CRUD feature or a resource noun.
_RESOURCE_WORDS = frozenset(
    {
        "resource",
        "resources",
        "entity",
        "entities",
        "model",
        "models",
        "table",
        "tables",
        "tbl",
        "tbls",
        "record",
        "records",
        "module",
        "modules",
        "endpoints",
        "routes",
        "router",
        "routers",
        "endpointset",
        "endpointsets",
        "routeset",
    }
)


def _named_fields_at(items: list[Chunk], start: int) -> tuple[Chunk, int] | None:
    # "crud for payments with amount, currency and status", "(title,
    # ingredients, cook_time)", "events: title, starts_at": field names with
    # no type, after a CRUD feature; each is typed by its name (``typed``).
    index, opened = _field_opening(items, start)
    chat_spaced = _spaced_after_name(items, start)
    # "crud for posts — title, body", "a crud for posts? title, body, published"
    dashed = items[start].kind == "SEP" and items[start].text in (";", "?")
    # "need a Coupon model + routes + migration. code, discount_percent, expires_at"
    stopped = items[start].kind == "SEP" and items[start].text in (".", ",")
    # Names a field's ("assignee_id", "published_at") after a mark: a field list.
    fieldlike = items[start].kind in ("SEP", "LPAR") and _fieldlike_commas(items, start + 1)
    dashed = dashed or (stopped and fieldlike)
    # "crud: employee — first_name, ...": after the feature word, the resource.
    after_crud = (
        items[start].kind == "COLON"
        and start > 0
        and items[start - 1].intent == "crud"
        and start + 2 < len(items)
        and items[start + 2].text in (";", "?")
    )
    # "crud for suppliers? just name and email": only these fields.
    only = (
        items[start].kind == "SEP"
        and items[start].text in (".", "?", ";", ",")
        and start + 1 < len(items)
        and items[start + 1].key in ("just", "only")
        and _crud_said(items, start)
    )
    if only:
        index, opened, dashed = start + 2, True, True
        if index < len(items) and items[index].key in ("a", "an"):
            index += 1
    elif (items[start].kind == "COLON" and not after_crud) or dashed:
        index, opened = start + 1, True
    elif _marked_after_name(items, start):
        # "crud subscription plan_id|status|renews_at": the resource, then
        # its fields joined by one mark.
        index, opened = start, True
    elif _commas_after_name(items, start):
        # "crud coupon code, discount_pct, expires_at": a chat command's
        # resource, then names that read as fields.
        index, opened = start, True
    elif chat_spaced:
        # "/fastapi crud invoice number amount due_date": a chat command's
        # resource, then its fields.
        index, opened = start, True
    each_has = _each_has(items, start)
    if each_has:
        # "each patient has first_name, last_name and phone": a resource said
        # with its fields, its CRUD asked before or after.
        index, opened = start + 1, True
        if index < len(items) and items[index].key in ("a", "an"):
            index += 1  # "each one has a student_id, file_url and submitted_at"
    if index is None or not opened or not (each_has or fieldlike or _after_resource(items, start)):
        return None
    bracketed = items[start].kind == "LPAR" or (index > 0 and items[index - 1].kind == "LPAR")
    declared = any(c.kind == "FIELDS_WORD" for c in items[start:index])
    # "invoice_item with description qty unit_price tax_rate": three names or
    # more, one of them a field's, one after another after "with".
    listed = _spaced_names(items, index, bracketed=False) if items[start].key == "with" else []
    spaced_with = len(listed) >= 3 and any("_" in c.text for c in listed)
    spacing = bracketed or declared or chat_spaced or spaced_with
    names = _spaced_names(items, index, bracketed=bracketed) if spacing else []
    names = names or _dictated_names(items, index)
    spaced = bool(names)
    index = items.index(names[-1]) + 1 if names else index
    names = _compounded(names)
    mark = None
    while not spaced and index < len(items):
        listing = (
            bracketed
            or only
            or dashed
            or items[start].key in _FIELD_OPENERS
            or items[start].kind == "COLON"
        )
        pair = _untyped_pair(items, index) if listing else None
        if pair is not None:
            # "(name, license number, phone)", "with name, serial number,
            # location": a name said in two words.
            names.append(Chunk("WORD", pair[0], pair[2]))
            index = pair[3]
        elif _field_name(items, index):
            names.append(items[index])
            index += 1
        else:
            break
        if not _continues(items, index, mark, bracketed=listing):
            break
        if items[index].text in _MARK_JOINTS:
            # "sensor_id/value/recorded_at", "question + answer + position":
            # one mark joins the whole list.
            mark = items[index].text
        index += 1
        if _oxford(items, index - 1):
            index += 1  # "starts_at, ends_at, and reason"
    if len(names) < 2 and not (
        names and (bracketed or declared or only) and _crud_said(items, start)
    ):
        return None
    if names[0].kind == "ROLES_WORD" and names[0].key == "roles":
        return None  # "add auth with roles agent and customer": roles, not fields
    # "crud for patients — first_name, last_name, dob": after a dash only
    # names that cannot be resources ("— doctors, nurses" are two more).
    if dashed and not fieldlike and any(_plural_like(c.text) for c in names):
        return None
    if index < len(items) and items[index].kind == "RPAR":
        index += 1
    fields = tuple(field_spec(c.text, typed(c.text), c.position) for c in names)
    chunk = Chunk("FIELDS", ", ".join(fields), names[0].position, items=fields, guessed=fields)
    return chunk, index


def _each_has(items: list[Chunk], start: int) -> bool:
    # "each patient has", "every payout has", "a booking has": one of a
    # resource, then what it holds.
    if start < 2 or items[start].key not in ("has", "have", "contains", "includes", "holds"):
        return False
    # "each one has a student_id, file_url and submitted_at"
    one = items[start - 1].key == "one" and items[start - 2].key in ("each", "every")
    named = items[start - 1].kind == "WORD" and items[start - 2].key in ("each", "every", "a", "an")
    # "crud for the appointment, it has patient_id, doctor_id, ...", "crud for
    # dataset versions? it should have name, s3_uri, ..."
    subject = start - 1
    if items[subject].key in _MODALS and subject >= 2:
        subject -= 1
    said = items[subject].key in ("it", "they") and items[subject - 1].text in (",", "?", ".")
    return one or named or said


_MODALS = frozenset({"should", "must", "will", "would", "shall", "can"})


def _marked_after_name(items: list[Chunk], start: int) -> bool:
    # A name, then three names or more joined by one mark ("|", "/", "+").
    if start == 0 or items[start - 1].kind != "WORD":
        return False
    names = items[start : start + 5 : 2]
    marks = items[start + 1 : start + 5 : 2]
    return (
        len(names) == 3
        and all(_name_like(c) for c in names)
        and len({c.text for c in marks}) == 1
        and marks[0].text in _MARK_JOINTS - {";"}
    )


def _after_crud_word(items: list[Chunk], start: int) -> bool:
    # Right after "crud" and one word: "crud coupon ...".
    return start >= 2 and items[start - 1].kind == "WORD" and items[start - 2].intent == "crud"


def _commas_after_name(items: list[Chunk], start: int) -> bool:
    return (_after_crud_word(items, start) or _after_identifier(items, start)) and (
        _fieldlike_commas(items, start)
    )


def _after_identifier(items: list[Chunk], start: int) -> bool:
    # "crud for job_posting title, location, salary_min": a resource named as
    # an identifier is one word; "crud for invoice lines qty, unit_price": a
    # name ends at its plural. The names after it are its fields.
    before = start - 1
    if before < 2 or items[before].kind != "WORD":
        return False
    if "_" not in items[before].text and not _plural_like(items[before].text):
        return False
    while before > 0 and items[before - 1].kind == "WORD":
        before -= 1
    return before >= 2 and items[before - 1].key == "for" and items[before - 2].intent == "crud"


def _fieldlike_commas(items: list[Chunk], start: int) -> bool:
    # Two names or more joined by commas (or all by one mark: "name + city +
    # capacity"), one of them a field's name ("discount_percent", "expires_at"),
    # not all of them plurals.
    names = items[start::2]
    joints = items[start + 1 :: 2]
    count = 0
    mark = joints[0].text if joints and joints[0].text in _MARK_JOINTS else ","
    for name, joint in itertools.zip_longest(names, joints):
        if name is None or not _name_like(name):
            break
        count += 1
        if joint is None or joint.text != mark:
            break
    listed = names[:count]
    fieldlike = any("_" in c.text or typed(c.text) != "str" for c in listed)
    return count >= 2 and fieldlike and not all(_plural_like(c.text) for c in listed)


def _spaced_after_name(items: list[Chunk], start: int) -> bool:
    # "crud invoice number amount due_date": right after the CRUD's word, one
    # name, then three names or more (or two, one with an underscore) to the end.
    # "crud blog posts title body": a name in two words ends at its plural.
    two_words = (
        start >= 3
        and items[start - 2].kind == "WORD"
        and items[start - 3].intent == "crud"
        and _plural_like(items[start - 1].text)
        and not _plural_like(items[start - 2].text)
    )
    if not (_after_crud_word(items, start) or two_words):
        return False
    if _plural_like(items[start].text) and not _plural_like(items[start - 1].text):
        return False  # "crud blog posts ...": "posts" ends the name
    names = _spaced_names(items, start, bracketed=False)
    # "crud tags name slug": after a plural right after "crud", two are enough.
    plural = two_words or (_after_crud_word(items, start) and _plural_like(items[start - 1].text))
    return len(names) >= 3 or (len(names) == 2 and (plural or any("_" in c.text for c in names)))


def _spaced_names(items: list[Chunk], start: int, *, bracketed: bool) -> list[Chunk]:
    # "(name email phone)", "fields name price stock": names one after another
    # with no joint, inside brackets or after "fields", up to the bracket's
    # close or the clause's end.
    end = start
    while end < len(items) and _name_like(items[end]):
        end += 1
    closing = items[end] if end < len(items) else None
    closed = closing is not None and closing.kind == "RPAR"
    ended = closing is None or (closing.kind == "SEP" and closing.text.lower() != "and")
    if end - start < 2 or not (closed if bracketed else ended):
        return []
    return items[start:end]


def _dictated_names(items: list[Chunk], start: int) -> list[Chunk]:
    # "with title description status and priority": names said one after
    # another, the last after "and", as dictation writes a list.
    end = start
    while end < len(items) and _name_like(items[end]):
        end += 1
    joint = items[end] if end < len(items) else None
    last = items[end + 1] if end + 1 < len(items) else None
    if end - start < 2 or joint is None or joint.key != "and" or last is None:
        return []
    closing = items[end + 2] if end + 2 < len(items) else None
    if not _name_like(last) or (closing is not None and closing.kind != "SEP"):
        return []
    return [*items[start:end], last]


def _compounded(names: list[Chunk]) -> list[Chunk]:
    # "street city zip code country": a field said in two words, as one.
    out: list[Chunk] = []
    for chunk in names:
        # "order id": a reference to another resource, said in two words.
        joined = chunk.key == "id" and out and out[-1].key != "id"
        if out and (joined or (out[-1].key, chunk.key) in _COMPOUNDS):
            out[-1] = Chunk("WORD", f"{out[-1].text}_{chunk.text}", out[-1].position)
        else:
            out.append(chunk)
    return out


#: The second word of a field's name said in two, before its type ("parent id int").
_SECOND_WORDS = frozenset(
    {"id", "at", "on", "number", "date", "name", "code", "count", "version", "url", "type"}
)

_COMPOUNDS = frozenset(
    {
        ("zip", "code"),
        ("postal", "code"),
        ("post", "code"),
        ("phone", "number"),
        ("first", "name"),
        ("last", "name"),
        ("full", "name"),
        ("email", "address"),
        ("street", "address"),
        ("due", "date"),
        ("start", "date"),
        ("end", "date"),
        ("birth", "date"),
        ("created", "at"),
        ("updated", "at"),
    }
)


def _name_like(chunk: Chunk) -> bool:
    name_like = (
        chunk.kind in _NAME_KINDS
        or (chunk.kind == "OPEN" and chunk.key == "name")
        or (chunk.kind == "FUNCTION" and chunk.key in _FIELD_LIKE)
    )
    return name_like and _is_name(chunk) and not chunk.text[0].isdigit()


def _plural_like(name: str) -> bool:
    # "status", "bonus", "address", "analysis": singular however they end.
    lowered = name.lower()
    return "_" not in name and lowered.endswith("s") and not lowered.endswith(_SINGULAR_ENDS)


_SINGULAR_ENDS = ("ss", "us", "is")


def _crud_said(items: list[Chunk], start: int) -> bool:
    # One name in brackets is a field only where a CRUD is asked or fields
    # are declared: "others {detail}" is a shape shown, not a resource.
    return any(c.intent == "crud" or c.kind == "FIELDS_WORD" for c in items[:start])


def _after_resource(items: list[Chunk], start: int) -> bool:
    for chunk in reversed(items[max(0, start - 16) : start]):
        if chunk.kind == "SEP" and chunk.key in _SEQUENCING:
            return False
        if chunk.intent == "crud" or (chunk.kind == "NOUN" and chunk.key in _RESOURCE_WORDS):
            return True
        if chunk.kind == "OPEN" and chunk.key == "tomanage":
            return True  # "I want to manage coupons. Fields: code, ..."
    return False


def _field_name(items: list[Chunk], index: int) -> bool:
    if not _name_like(items[index]):
        return False
    after = items[index + 1] if index + 1 < len(items) else None
    # A name ends at a joint, a bracket or the sentence's end: "and write
    # tests" goes on past a name; "email for now", "email please" end there.
    return after is None or after.kind in ("RPAR", "SEP") or after.key in _LIST_ENDS


_LIST_ENDS = frozenset({"fornow", "please", "pls", "plz", "thanks", "so", "because", "since"})


def _oxford(items: list[Chunk], index: int) -> bool:
    # ", and" before the last name of a list: one joint.
    return (
        index + 2 < len(items)
        and items[index].text == ","
        and items[index + 1].key == "and"
        and _field_name(items, index + 2)
    )


def _continues(
    items: list[Chunk], index: int, mark: str | None = None, *, bracketed: bool = False
) -> bool:
    joint = items[index] if index < len(items) else None
    if joint is None or joint.kind != "SEP":
        return False
    if mark is None and _oxford(items, index):
        return True
    text = joint.text.lower()
    joined = text in _LIST_JOINTS if mark is None else text in (mark, "and")
    if mark is None and text in _MARK_JOINTS:
        joined = True
    if not joined or index + 1 >= len(items):
        return False
    # "(name, license number, phone)": a name said in two words goes on too.
    paired = bracketed and _untyped_pair(items, index + 1) is not None
    return paired or _field_name(items, index + 1)


_TYPED_BY_NAME: tuple[tuple[str, str], ...] = (
    (r"(?:.*_at|created|updated|timestamp)", "datetime"),
    (r"(?:.*_on|.*_date|date|date_of_.*|dob|birthday|birthdate|deadline|due)", "date"),
    (
        r"(?:is|has|can|auto|allow)_.*|.*_enabled|active|published|done|completed|enabled|paid"
        r"|verified|in_stock"
        r"|archived|revoked|deleted|disabled|approved|locked|visible|hidden|featured|pinned",
        "bool",
    ),
    (
        r"(?:.*_id|.*_count|.*_year|.*_qty|.*_quantity|.*_cents|.*_minutes|.*_seconds|qty|quantity|count"
        r"|stock|year|age|capacity|rating|servings|nights|seats|attempts|retries|votes|rank)",
        "int",
    ),
    (
        r"(?:.*_price|.*_amount|.*_total|.*_cost|price|amount|total|cost|balance|fee|salary|budget)",
        "decimal",
    ),
    (r"(?:body|description|content|bio|notes|comment|summary|text)", "text"),
    (
        r"(?:.*_kg|.*_km|.*_percent|.*_pct|.*_rate|.*_ratio|weight|height|width|length|latitude"
        r"|longitude|lat|lng|lon|percent|percentage|ratio|score)",
        "float",
    ),
)


def typed(name: str) -> str:
    """The type a field named without one is given, by its name; ``str`` by default."""
    key = name.lower()
    for pattern, type_name in _TYPED_BY_NAME:
        if re.fullmatch(pattern, key):
            return type_name
    return "str"
