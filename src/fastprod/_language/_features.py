"""The grammar and the recipe specs, held together.

``grammar/fastprod.lark`` holds hand-written rules for the intents whose
sentences need them. An intent whose spec has no rule there gets rules
generated from its spec's ``phrases`` (a verb, the phrase, an optional "to my
API"), so a new feature is one folder. Once the parser is built, every alias
must name a spec or a clause kind, and every spec must have an alias: a
mismatch is a load-time error naming the file to fix, never a sentence that
silently runs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

from .._specs import Spec, SpecError

_ALIAS = re.compile(r"->\s*([a-z_][a-z0-9_]*)")
_WORD = re.compile(r"\w+(?:-\w+)*\Z")

# What a generated feature may follow and be followed by, per kind of intent:
# the hand-written rules' own verb and place classes.
_FORMS = {
    "edit": (
        "_create _det? {feature} _where?",
        "_create _det? _support_for _det? {feature} _where?",
        "_det? {feature} _where? verbless",
    ),
    "report": (
        "(_run | _create) _det? {feature} _of_app?",
        "_review _det? {feature} _of_app?",
        "_det? {feature} _of_app?",
    ),
}


def aliases_in(grammar: str) -> set[str]:
    """The ``-> alias`` names written in a grammar text."""
    return set(_ALIAS.findall(grammar))


def generated_rules(grammar: str, specs: Iterable[Spec]) -> str:
    """Grammar rules for every spec the grammar text has no alias for.

    Raises:
        SpecError: Such a spec has no phrases, a phrase that is not plain
            words, a slot, or a kind that needs hand-written rules.
    """
    written = aliases_in(grammar)
    return "".join(_rules_for(spec) for spec in specs if spec.name not in written)


def _rules_for(spec: Spec) -> str:
    where = f"recipes/{spec.name}/spec.toml"
    if spec.slot is not None or spec.kind not in _FORMS:
        raise SpecError(
            f"{where}: '{spec.name}' takes a {spec.slot or spec.kind}, so its sentences need "
            f"rules in grammar/fastprod.lark ending in '-> {spec.name}'"
        )
    if not spec.phrases:
        raise SpecError(
            f"{where}: no rule in grammar/fastprod.lark names '{spec.name}' and the spec "
            "has no phrases to generate one from"
        )
    feature = f"_feature_{spec.name}"
    forms = [form.format(feature=feature) for form in _FORMS[spec.kind]]
    alternatives = "\n    | ".join(f"{form} -> {spec.name}" for form in forms)
    phrases = " | ".join(_phrase(phrase, where) for phrase in spec.phrases)
    return f"\n// Generated from {where}.\n%extend command: {alternatives}\n{feature}: {phrases}\n"


def _phrase(phrase: str, where: str) -> str:
    words = phrase.split()
    wrong = [word for word in words if not _WORD.match(word)]
    if wrong:
        raise SpecError(f"{where}: phrase '{phrase}' must be plain words, not {wrong}")
    return " ".join(f'"{word.lower()}"i' for word in words)


def check_aliases(
    aliases: Collection[str], specs: Mapping[str, Spec], clause_kinds: Collection[str]
) -> None:
    """Check that the grammar's aliases and the specs name the same intents.

    Args:
        aliases: Every alias of the built parser's rules.
        specs: The registered specs, by name.
        clause_kinds: Aliases that are clauses but not intents (``removal``).

    Raises:
        SpecError: An alias names no spec and no clause kind, or a spec has no
            alias; the message says which file to add or fix.
    """
    strays = sorted(set(aliases) - set(specs) - set(clause_kinds))
    if strays:
        specs_wanted = ", ".join(f"recipes/{name}/spec.toml" for name in strays)
        raise SpecError(
            f"grammar/fastprod.lark has '-> {strays[0]}', which names no intent: add "
            f"{specs_wanted} (and its line in _registry.py) or fix the alias"
        )
    unnamed = sorted(set(specs) - set(aliases))
    if unnamed:
        raise SpecError(
            f"no grammar rule ends in '-> <intent>' for: {', '.join(unnamed)}; "
            "write the rules or give the spec phrases"
        )
