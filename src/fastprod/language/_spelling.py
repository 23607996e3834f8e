"""Names with a typing slip: "crud for prodcuts" is the resource product.

A word of a resource, target, role or field name that no English dictionary knows, and
that is one typing slip from exactly one common English word (or from one far
more common than any other), is read as that word; the correction is shown
beside the keyword corrections. A slip is two neighbouring letters swapped, a
letter missing from a word of six letters or more, one letter too many, or
one vowel for another in a word of six letters or more ("custumers"). Never
at the first letter, so a word made by a prefix ("ebooks") is the person's
own; never at the stem's last letter ("prescribers" is no "prescribes");
never another letter changed ("lookup", which the dictionary lacks, is no
"lockup"). The dictionary (pyspellchecker's English word frequencies, about
0.1 s to load) is loaded the first time a name holds a word of four letters
or more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from fastprod.core._intents import Intent
from fastprod.language._lists import typed
from fastprod.language._names import resource_names
from fastprod.language._slips import Correction

# The params that hold a name of the person's: spelled words, checked.
_NAMES = ("resource", "plural", "target")
# A candidate must be this common (its count in the dictionary's corpus):
# "invoices" is 920, "refunds" 234; rare words are no safer reading.
_COMMON = 100
# Of two candidates, the first is meant when this many times as common
# ("studnts": students 49,050, stunts 1,832).
_CLEARLY = 10
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_VOWELS = "aeiou"


def spelled(
    intents: Iterable[Intent], sentence: str
) -> tuple[tuple[Intent, ...], tuple[Correction, ...]]:
    """The intents with each misspelled name word of ``sentence`` corrected,
    and the corrections. A CRUD resource's other number follows the word as
    corrected ("prodcuts": product, products)."""
    written = {w.lower() for w in re.findall(r"[A-Za-z]+", sentence)}
    out: list[Intent] = []
    corrections: dict[str, str] = {}
    for intent in intents:
        params: dict[str, Any] = dict(intent.params)
        for key in _NAMES:
            value = params.get(key)
            if isinstance(value, str) and value:
                params[key] = _corrected_name(value, written, corrections)
        if isinstance(params.get("roles"), list):
            # "admin and suport roles": a role's word, as a name's.
            params["roles"] = [_corrected_name(r, written, corrections) for r in params["roles"]]
        if isinstance(params.get("fields"), list):
            # "with name, emial, phone": a field's word, as a name's.
            params["fields"] = [
                _corrected_field(f, sentence, written, corrections) for f in params["fields"]
            ]
        if params.get("resource") != intent.params.get("resource") or params.get(
            "plural"
        ) != intent.params.get("plural"):
            params["resource"], params["plural"] = _numbers(intent.params, params)
        out.append(Intent(intent.name, params) if params != intent.params else intent)
    return tuple(out), tuple(Correction(a, b) for a, b in corrections.items())


def _numbers(said: dict[str, Any], corrected: dict[str, Any]) -> tuple[str, str]:
    # The resource's singular and plural from the one corrected.
    key = "plural" if corrected.get("plural") != said.get("plural") else "resource"
    singular, plural = resource_names([corrected[key]], 0)
    return (singular, plural) if key == "resource" or singular != plural else (plural, plural)


def _corrected_field(
    field: str, sentence: str, written: set[str], corrections: dict[str, str]
) -> str:
    name, colon, kind = field.partition(":")
    meant = _corrected_name(name, written, corrections)
    said = re.search(rf"\b{re.escape(name)}\s*[:(]\s*[a-z]", sentence, re.IGNORECASE)
    if meant != name and said is None:
        kind = typed(meant)  # "prcie" was typed by its name: "price" is a decimal
    return f"{meant}{colon}{kind}"


def _corrected_name(name: str, written: set[str], corrections: dict[str, str]) -> str:
    parts = name.split("_")
    for index, part in enumerate(parts):
        # "the prodcut listing": the name's plural was made from a word written,
        # and the correction names the word as written.
        stem = next(
            (w for w in written if part.startswith(w) and len(w) >= 4 and not is_word(w)), None
        )
        word = _word(part) if part in written or stem is not None else None
        if word is not None:
            parts[index] = word
            meant = _word(stem) if part not in written and stem is not None else None
            if stem is not None and meant is not None:
                corrections.setdefault(stem, meant)
            else:
                corrections.setdefault(part, word)
    return "_".join(parts)


def is_word(word: str) -> bool:
    """Whether ``word`` is an English word the dictionary knows."""
    return word.lower() in _checker()


@cache
def _word(part: str) -> str | None:
    # The word a name's part was meant to be, or None when it is as written.
    if len(part) < 4 or not part.isalpha() or not part.isascii():
        return None
    checker = _checker()
    if part in checker or part in _TECH_WORDS:
        return None
    frequency = checker.word_frequency
    near = sorted(
        (
            (frequency[w], w)
            for w in _slips(part)
            if w in checker and frequency[w] >= _COMMON and not _british(part, w)
        ),
        reverse=True,
    )
    if not near or (len(near) > 1 and near[0][0] < _CLEARLY * near[1][0]):
        return None  # "employes": employee or employees, told apart by nothing
    return near[0][1]


# Words of the trade the dictionary lacks: "the frontend" is no "fronted".
_TECH_WORDS = frozenset(
    {"frontend", "frontends", "backend", "backends", "webhook", "webhooks", "middleware"}
    | {"signup", "signups", "checkout", "checkouts", "timestamp", "timestamps", "username"}
    | {"usernames", "hostname", "hostnames", "metadata", "namespace", "namespaces", "async"}
)


def _slips(word: str) -> set[str]:
    # Every word one slip from ``word``, by the rule above (never its first letter).
    found = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
    if len(word) >= 6:
        # One letter too many, not at the stem's last letter: "prescribers" is
        # no slip of "prescribes", nor "clientes" (another language's plural)
        # of "clients".
        stem = len(word) - 1 if word.endswith("s") else len(word)
        found |= {word[:i] + word[i + 1 :] for i in range(1, stem - 1)}
    if len(word) >= 5:
        # One letter missing, not at the end: the word meant has six letters or more.
        found |= {word[:i] + c + word[i:] for i in range(1, len(word)) for c in _LETTERS}
    if len(word) >= 6:
        # One vowel written for another ("custumers"): a sound, not a key.
        # Never the last letter: "commande" is French, not "commando".
        found |= {
            word[:i] + v + word[i + 1 :]
            for i in range(1, len(word) - 1)
            if word[i] in _VOWELS
            for v in _VOWELS
        }
    found.discard(word)
    return found


def _british(word: str, american: str) -> bool:
    # The dictionary spells the American way: "colours", "centres",
    # "cancelled" and "programmes" are words, not slips of "colors",
    # "centers", "canceled" and "programmers".
    return (
        word.endswith(("mme", "mmes"))  # "programmes" is no slip of "programmers"
        or re.sub(r"our", "or", word) == american
        or re.sub(r"re(s?)$", r"er\1", word) == american
        or word.replace("ll", "l") == american
        or word.replace("iality", "ialty") == american  # "speciality" is no slip of "specialty"
        or american.replace("ll", "l") == word
    )


@cache
def _checker() -> Any:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)
