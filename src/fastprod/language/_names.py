"""Turning the words of a slot into Python-safe names.

A slot holds the user's words as written ("blog posts", "BillingAPI",
"billing-api"). Every name that leaves this module is ASCII snake_case, a valid
identifier and not a Python keyword, because recipes use it for modules,
classes and paths.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence

from fastprod.language._failure import Failure
from fastprod.language._inflections import inflections

# "BillingAPI", "APIKeys"; an acronym's plural ("ETAs", "URLs") is one word.
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])(?![A-Z]s(?![a-z]))")
_SEPARATORS = re.compile(r"[-_\s]+")
_SNAKE = re.compile(r"[a-z][a-z0-9_]*")
MAX_NAME_CHARS = 60

# Canonical field types and the spellings accepted for each.
FIELD_TYPES: dict[str, str] = {
    "str": "str",
    "string": "str",
    "varchar": "str",
    "char": "str",
    "text": "text",
    "longtext": "text",
    "long text": "text",
    "short text": "str",
    "free text": "text",
    "rich text": "text",
    "int": "int",
    "integer": "int",
    "bigint": "int",
    "smallint": "int",
    "fk": "int",
    "float": "float",
    "double": "float",
    "double precision": "float",
    "real": "float",
    "decimal": "decimal",
    "numeric": "decimal",
    "bool": "bool",
    "boolean": "bool",
    "date": "date",
    "datetime": "datetime",
    "date-time": "datetime",
    "date_time": "datetime",
    "timestamp": "datetime",
    "timestamptz": "datetime",
    "uuid": "uuid",
    "guid": "uuid",
}
CANONICAL_TYPES: tuple[str, ...] = tuple(dict.fromkeys(FIELD_TYPES.values()))

# inflect reads these endings as plurals and cuts them ("bus" -> "bu",
# "analysis" -> "analysi"); in resource names they are singular.
_SINGULAR_ENDINGS = ("is", "us", "ss")
# Singular words ending like "men" (a specimen is not two specimans).
_SINGULAR_MEN = frozenset(
    {"specimen", "abdomen", "regimen", "stamen", "omen", "acumen", "lumen", "semen", "hymen"}
)


def snake_case(words: Sequence[str]) -> str:
    """Join words as written into one lower snake_case name.

    >>> snake_case(["Blog", "posts"]), snake_case(["BillingAPI"]), snake_case(["billing-api"])
    ('blog_posts', 'billing_api', 'billing_api')
    """
    parts: list[str] = []
    for word in words:
        spaced = _CAMEL_BOUNDARY.sub(" ", word)
        parts.extend(part.lower() for part in _SEPARATORS.split(spaced) if part)
    # A leading underscore ("__init__", "_private") is kept, so that such a
    # name is refused rather than silently renamed.
    lead = words[0][: len(words[0]) - len(words[0].lstrip("_"))] if words else ""
    return lead + "_".join(parts)


def identifier(name: str, what: str, position: int) -> str:
    """Return ``name`` if it is usable as a Python module and variable name.

    Raises:
        Failure: The name is empty, not ASCII, does not start with a letter,
            is too long or is a Python keyword.
    """
    if not name.isascii():
        raise Failure(f"'{name}' cannot be a {what} name: use ASCII letters.", position)
    if not _SNAKE.fullmatch(name):
        raise Failure(
            f"'{name}' is not a valid {what} name: use letters, digits and "
            f"underscores, starting with a letter.",
            position,
        )
    if len(name) > MAX_NAME_CHARS:
        raise Failure(
            f"The {what} name '{name}' is longer than {MAX_NAME_CHARS} characters.", position
        )
    if keyword.iskeyword(name):
        raise Failure(f"'{name}' cannot be a {what} name: it is a Python keyword.", position)
    return name


def resource_names(words: Sequence[str], position: int) -> tuple[str, str]:
    """Return the singular and plural snake_case names of a CRUD resource.

    Only the last word is inflected ("blog posts" -> ``blog_post``,
    ``blog_posts``). A plural the user typed is kept as typed, so "todos" stays
    ``todos`` rather than becoming inflect's "todoes".

    Raises:
        Failure: Either name is not a valid identifier.
    """
    name = identifier(snake_case(words), "resource", position)
    head, _, last = name.rpartition("_")
    prefix = f"{head}_" if head else ""
    singular_last = _singular(last)
    plural_last = last if singular_last != last else _plural(last)
    singular = identifier(prefix + singular_last, "resource", position)
    plural = identifier(prefix + plural_last, "resource", position)
    return singular, plural


def field_spec(name: str, type_name: str, position: int) -> str:
    """Return ``"name:type"`` with the canonical type.

    Raises:
        Failure: The field name is not an identifier or the type is unknown.
    """
    field = identifier(snake_case([name]), "field", position)
    canonical = FIELD_TYPES.get(type_name.lower())
    if canonical is None:
        known = ", ".join(CANONICAL_TYPES)
        raise Failure(
            f"Unknown field type '{type_name}' in '{name}:{type_name}'; use one of {known}.",
            position,
        )
    return f"{field}:{canonical}"


# Most nouns in "o" take "s" as resource names ("todos", "photos", "videos");
# inflect gives "todoes". These few take "es".
_O_ES = frozenset({"hero", "potato", "tomato", "echo", "veto", "torpedo", "embargo"})


def _plural(word: str) -> str:
    if word.endswith("o") and word not in _O_ES:
        return word + "s"
    return inflections().plural(word)


def _singular(word: str) -> str:
    if word.endswith(_SINGULAR_ENDINGS) or word.lower() in _SINGULAR_MEN:
        return word
    return inflections().singular(word) or word
