"""Recipe specs: ``recipes/<intent>/spec.toml``, the one description of an intent.

A spec says what an intent is called, what it does, the sentences and phrases
that name it, its typed parameters, what it requires and provides, and which
audit signals it closes. The intent list, ``--help``, the registry, the
audit's fix sentences and the grammar's generated feature rules are all read
from here, so adding an intent is adding its folder.

Reading twelve small TOML files costs about a millisecond, so ``--help`` reads
them too; nothing here imports lark, libcst, rich or jinja2.
"""

from __future__ import annotations

import marshal
import re
import sys
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from fastprod.core._cache import cache_directory, store
from fastprod.core._errors import FastprodError
from fastprod.core._resources import recipes_dir

Kind = Literal["edit", "report", "new_project"]
Slot = Literal["resource", "target", "name"]
ParamType = Literal["bool", "int", "str", "list[str]"]

SPEC_FILE = "spec.toml"
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_KINDS: frozenset[str] = frozenset({"edit", "report", "new_project"})
_SLOTS: frozenset[str] = frozenset({"resource", "target", "name"})
_TYPES: dict[str, type | tuple[type, ...]] = {
    "bool": bool,
    "int": int,
    "str": str,
    "list[str]": list,
}
_CARDS = ("health.", "quality.", "security.")


class SpecError(FastprodError):
    """A recipe spec is missing, malformed, or disagrees with another part of fastprod.

    This is a mistake in fastprod's own files, found when they are loaded, never
    a user's: it names the file and what to fix.
    """


@dataclass(frozen=True, slots=True)
class Param:
    """One typed parameter of an intent.

    Attributes:
        name: The key in the intent's params (``"strict"``).
        type: ``bool``, ``int``, ``str`` or ``list[str]``.
        default: Its value when the sentence does not give it (``None``: required
            or absent).
        description: One line for a person.
    """

    name: str
    type: ParamType
    default: Any
    description: str


@dataclass(frozen=True, slots=True)
class Requirement:
    """An intent another recipe needs planned first, with the params it needs."""

    intent: str
    params: Mapping[str, Any]

    def satisfied_by(self, name: str, params: Mapping[str, Any]) -> bool:
        """True when an intent planned as ``name(params)`` meets this requirement."""
        return name == self.intent and all(
            key in params and params[key] == value for key, value in self.params.items()
        )


@dataclass(frozen=True, slots=True)
class Spec:
    """What ``recipes/<name>/spec.toml`` declares.

    Attributes:
        name: The intent: also the folder, the grammar alias and the test file.
        summary: One line for ``--help`` and ``--explain``.
        kind: ``edit`` (changes a project), ``report`` (only reads) or
            ``new_project`` (fills a new directory).
        examples: Sentences that parse to this intent; the first is canonical.
        phrases: The words that name the feature ("error handling"); a test
            checks each one parses to this intent. When the grammar has no
            rule of its own for the intent, its rules are generated from these.
        concepts: Words and shorthand that name the feature wherever they
            stand in a sentence ("cache", "redis caching"); the concept
            reader's feature words are generated from these.
        slot: What free words after the feature are: a CRUD ``resource``, a
            test ``target``, a project ``name``; ``None`` when it takes none.
        testable: "write tests for <this feature>" may name it.
        params: Typed parameters, in order.
        requires: Intents planned before this one, with their params.
        provides: What the project has after this recipe (for a reader and for
            recipes that check what is there).
        closes: Audit signals this recipe brings to their best
            (``health.error_handling``, ``quality.error_handling``).
        own_tests: The test modules the recipe writes for the feature it adds
            (``test_logging.py``): they test that feature, not the app's routes.
        parts: Words for what the feature is made of or does ("connections",
            "broadcast" for a socket): said beside the feature, they describe it,
            and the reader takes them as its detail rather than as an unknown feature.
        fix: The sentence a scorecard offers to close a gap (may hold
            ``{target}``); the first example when not given.
        folder: ``recipes/<name>/``.
    """

    name: str
    summary: str
    kind: Kind
    examples: tuple[str, ...]
    phrases: tuple[str, ...]
    slot: Slot | None
    testable: bool
    params: tuple[Param, ...]
    requires: tuple[Requirement, ...]
    provides: tuple[str, ...]
    closes: tuple[str, ...]
    fix: str
    folder: Path
    concepts: tuple[str, ...] = ()
    own_tests: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()

    @property
    def available(self) -> bool:
        """True when the intent has a recipe (``recipe.py``) beside its spec."""
        return (self.folder / "recipe.py").is_file()

    @property
    def example(self) -> str:
        """The canonical sentence."""
        return self.examples[0]


def read_spec(folder: Path) -> Spec:
    """Read and check one ``spec.toml``.

    Raises:
        SpecError: The file is missing or malformed; the message names it.
    """
    path = folder / SPEC_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(f"{_shown(path)} is missing: every intent folder has one") from None
    return _spec(_parsed(text, path), folder, _shown(path))


def _parsed(text: str, path: Path) -> dict[str, Any]:
    # A spec's TOML as parsed before, kept in the cache directory by its text:
    # reading a sentence then never imports tomllib. A missing, damaged or
    # foreign cache file only means parsing again.
    key = f"{sys.version}\0{text}".encode()
    directory = cache_directory()
    cached = directory / f"spec-{zlib.crc32(key):08x}-{len(key)}.marshal" if directory else None
    if cached is not None:
        try:
            kept_text, data = marshal.loads(cached.read_bytes())
            if kept_text == text and isinstance(data, dict):
                return data
        except Exception:  # any unreadable cache means parsing
            pass
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{_shown(path)} is not valid TOML: {exc}") from None
    if cached is not None:
        store(cached, (text, data))
    return data


def check_requirements(specs: Mapping[str, Spec]) -> None:
    """Check that every requirement names a spec and that none forms a cycle.

    Raises:
        SpecError: An unknown intent is required, or ``a`` requires ``b``
            requires ``a`` (the message names the cycle).
    """
    for spec in specs.values():
        for requirement in spec.requires:
            if requirement.intent not in specs:
                raise SpecError(
                    f"recipes/{spec.name}/{SPEC_FILE} requires '{requirement.intent}', "
                    "which has no spec"
                )
    for name in specs:
        cycle = _cycle_from(name, specs, ())
        if cycle:
            raise SpecError(f"recipes require each other in a cycle: {' -> '.join(cycle)}")


def _cycle_from(name: str, specs: Mapping[str, Spec], path: tuple[str, ...]) -> tuple[str, ...]:
    # Depth-first along requires; the graph is a dozen nodes, so no memo.
    if name in path:
        return (*path[path.index(name) :], name)
    for requirement in specs[name].requires:
        cycle = _cycle_from(requirement.intent, specs, (*path, name))
        if cycle:
            return cycle
    return ()


@cache
def specs_in(directory: Path) -> dict[str, Spec]:
    """Every spec under ``directory``, by name, in folder order, checked together.

    Raises:
        SpecError: A spec is malformed, or the requirements do not hold together.
    """
    folders = sorted(p for p in directory.iterdir() if (p / SPEC_FILE).is_file())
    found = {folder.name: read_spec(folder) for folder in folders}
    check_requirements(found)
    return found


def all_specs() -> dict[str, Spec]:
    """Every installed spec, by name (see :func:`specs_in`)."""
    return specs_in(recipes_dir())


def _spec(data: Mapping[str, Any], folder: Path, shown: str) -> Spec:
    name = _text(data, "name", shown)
    if name != folder.name or not _NAME.match(name):
        raise SpecError(f"{shown}: name '{name}' must be the folder's name, in snake_case")
    examples = _texts(data, "examples", shown)
    if not examples:
        raise SpecError(f"{shown}: give at least one example sentence")
    kind = _choice(data.get("kind", "edit"), _KINDS, "kind", shown)
    slot = data.get("slot")
    return Spec(
        name=name,
        summary=_text(data, "summary", shown),
        kind=kind,  # type: ignore[arg-type]  # checked against _KINDS
        examples=examples,
        phrases=_texts(data, "phrases", shown),
        slot=None if slot is None else _choice(slot, _SLOTS, "slot", shown),  # type: ignore[arg-type]
        testable=_flag(data, "testable", shown),
        params=_params(data.get("params", {}), shown),
        requires=_requirements(data.get("requires", []), shown),
        provides=_texts(data, "provides", shown),
        closes=_closes(data, shown),
        fix=str(data.get("fix", examples[0])),
        folder=folder,
        concepts=_texts(data, "concepts", shown),
        own_tests=_texts(data, "own_tests", shown),
        parts=_texts(data, "parts", shown),
    )


def _params(table: object, shown: str) -> tuple[Param, ...]:
    if not isinstance(table, dict):
        raise SpecError(f"{shown}: [params] must be a table of tables")
    params = []
    for key, item in table.items():
        where = f"{shown}: [params.{key}]"
        if not isinstance(item, dict):
            raise SpecError(f"{where} must be a table")
        type_name = _choice(item.get("type"), frozenset(_TYPES), "type", where)
        default = item.get("default")
        if default is not None and not isinstance(default, _TYPES[type_name]):
            raise SpecError(f"{where}: default {default!r} is not a {type_name}")
        description = _text(item, "description", where)
        params.append(Param(key, type_name, default, description))  # type: ignore[arg-type]
    return tuple(params)


def _requirements(items: object, shown: str) -> tuple[Requirement, ...]:
    # "error_handling" or {intent = "error_handling", params = {strict = true}}
    if not isinstance(items, list):
        raise SpecError(f"{shown}: requires must be a list")
    found = []
    for item in items:
        if isinstance(item, str):
            found.append(Requirement(item, {}))
        elif isinstance(item, dict) and isinstance(item.get("intent"), str):
            params = item.get("params", {})
            if not isinstance(params, dict):
                raise SpecError(f"{shown}: the params of requires must be a table")
            found.append(Requirement(item["intent"], dict(params)))
        else:
            raise SpecError(f"{shown}: requires takes names or {{intent = ..., params = {{...}}}}")
    return tuple(found)


def _closes(data: Mapping[str, Any], shown: str) -> tuple[str, ...]:
    closes = _texts(data, "closes", shown)
    wrong = [signal for signal in closes if not signal.startswith(_CARDS)]
    if wrong:
        raise SpecError(
            f"{shown}: closes names health.<id>, quality.<id> or security.<id>: {wrong}"
        )
    return closes


def _text(data: Mapping[str, Any], key: str, shown: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SpecError(f"{shown}: '{key}' must be a non-empty string")
    return value


def _texts(data: Mapping[str, Any], key: str, shown: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise SpecError(f"{shown}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def _flag(data: Mapping[str, Any], key: str, shown: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise SpecError(f"{shown}: '{key}' must be true or false")
    return value


def _choice(value: object, allowed: Sequence[str] | frozenset[str], key: str, shown: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise SpecError(f"{shown}: '{key}' must be one of {', '.join(sorted(allowed))}")
    return value


def _shown(path: Path) -> str:
    # recipes/<name>/spec.toml, however the recipes directory is installed.
    return "/".join(path.parts[-3:])
