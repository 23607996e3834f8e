"""Score a batch of sentences written by someone who never saw the grammar.

Usage::

    python tests/blind_score.py BATCH.tsv [REJECTS.txt] [--show]

A batch has the corpus's format: ``sentence<TAB>expected JSON<TAB>kind``, where the
expected JSON lists the intents in order and, for each, only the params that must
match. A rejects file has one sentence per line that must be refused. Lines that
are empty or start with ``#`` are skipped, except a batch line holding a tab
(a sentence written as a Markdown heading) and, with ``--hash-lines``, a
rejects line.

A command sentence is one of:

- understood: the intents are the expected ones, in order, and every listed
  param has the expected value;
- wrong: intents were returned but they, or a listed param, differ (worse than
  a refusal: something would run that was not asked for);
- refused: the sentence was not understood.

A refusals sentence is refused, or a false accept. Batches stay outside the
repository: this script only reads them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastprod import Intent, UnrecognizedCommand

Reader = Callable[[str], list[Intent]]


@dataclass(frozen=True)
class Case:
    """One line of a batch."""

    sentence: str
    expected: list[dict[str, Any]]
    kind: str


def _lines(path: Path, *, tabbed: bool = False, hashes: bool = False) -> Iterator[str]:
    # A line opening with "#" is a comment, unless it holds a tab where the
    # cases are tabbed (a sentence written as a Markdown heading, with its
    # reading) or ``hashes`` says such lines are sentences.
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        if line.startswith("#") and not hashes and not (tabbed and "\t" in line):
            continue
        yield line


def read_batch(path: Path) -> list[Case]:
    """The cases of a TSV batch; a malformed line is reported and skipped."""
    cases = []
    for line in _lines(path, tabbed=True):
        parts = line.split("\t")
        try:
            expected = _expected(parts[1].strip())
        except (IndexError, ValueError):
            print(f"skipped malformed line: {line!r}", file=sys.stderr)
            continue
        kind = parts[2].strip() if len(parts) > 2 else ""
        cases.append(Case(parts[0], expected, kind))
    return cases


# The short notation's parameter names, where they differ from the intents'.
_ALIASES = {"feature": "target"}


def _expected(column: str) -> list[dict[str, Any]]:
    """The expected intents: JSON, or the short notation.

    The short notation joins intents with ``+``, each with its params in
    brackets: ``crud[resource=invoice,fields=number|amount]+write_tests[feature=invoices]``.
    A list is joined with ``|``; ``fields`` lists field names (types are not
    compared).
    """
    if column.startswith("["):
        parsed: list[dict[str, Any]] = json.loads(column)
        return parsed
    expected = []
    for item in re.findall(r"([a-z_]+)(?:\[([^\]]*)\])?\+?", column):
        name, body = item
        params: dict[str, Any] = {}
        for pair in filter(None, (p.strip() for p in body.split(","))):
            key, sep, value = pair.partition("=")
            if not sep:
                raise ValueError(pair)
            key = _ALIASES.get(key.strip(), key.strip())
            params[key] = value.strip().split("|") if key in _LISTS else _value(value.strip())
        expected.append({"intent": name, "params": params})
    if not _SHORT.fullmatch(column):
        raise ValueError(column)
    return expected


_LISTS = frozenset({"fields", "roles"})
_NAMES = frozenset({"name", "resource", "target", "plural"})


def _snake(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


_SHORT = re.compile(r"[a-z_]+(?:\[[^\]]*\])?(?:\+[a-z_]+(?:\[[^\]]*\])?)*")


def _value(text: str) -> Any:
    if text.isdigit():
        return int(text)
    return {"true": True, "false": False}.get(text, text)


def mismatch(
    intents: list[Intent], expected: list[dict[str, Any]], *, by_number: bool = False
) -> str | None:
    """Why ``intents`` is not the expected reading, or None when it is.

    A target that differs from the expected one only in number ("markets" for
    "market") matches: the recipes that take a target (caching, write_tests)
    find a feature by either. With ``by_number`` it is a mismatch; the figures
    say how many readings match only that way.
    """
    names = [intent.name for intent in intents]
    wanted = [item["intent"] for item in expected]
    if names != wanted:
        return f"intents {names} != {wanted}"
    for intent, item in zip(intents, expected, strict=True):
        for key, value in item.get("params", {}).items():
            got = intent.params.get(key)
            if key == "fields" and all(":" not in v for v in value):
                # Field names alone: the types are not compared.
                got = [f.partition(":")[0] for f in got or []]
            if key in _NAMES and isinstance(value, str):
                # Names are snake_case by design ("inventory-api" is the
                # project inventory_api): compared as such.
                value = _snake(value)
            numbered = key == "target" and isinstance(got, str) and isinstance(value, str)
            if got != value and (by_number or not numbered or _one(got) != _one(value)):
                return f"{intent.name}.{key} = {got!r}, expected {value!r}"
    return None


def _one(name: str) -> str:
    from fastprod.recipe import singular

    return singular(name)


def _read(reader: Reader, sentence: str) -> list[Intent] | None:
    try:
        return reader(sentence)
    except UnrecognizedCommand:
        return None


def score_commands(reader: Reader, cases: list[Case], show: bool) -> None:
    """Print understood / wrong / refused figures for a command batch."""
    outcome: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {}
    wrong: list[str] = []
    refused: list[str] = []
    for case in cases:
        intents = _read(reader, case.sentence)
        if intents is None:
            result = "refused"
            refused.append(case.sentence)
        elif (why := mismatch(intents, case.expected)) is None:
            result = "understood"
            if mismatch(intents, case.expected, by_number=True) is not None:
                outcome["number"] += 1
        else:
            result = "wrong"
            got = json.dumps([i.to_json() for i in intents])
            wrong.append(f"{case.sentence}\n      {why}\n      got {got}")
        outcome[result] += 1
        by_kind.setdefault(case.kind, Counter())[result] += 1
    total = len(cases) or 1
    print(f"commands: {len(cases)}")
    for result in ("understood", "wrong", "refused"):
        print(f"  {result:<11} {outcome[result]:4}  {100 * outcome[result] / total:5.1f}%")
    if outcome["number"]:
        print(f"    of which {outcome['number']} name the target in the other number")
    for kind, counts in sorted(by_kind.items()):
        n = sum(counts.values())
        print(f"    {kind:<14} {counts['understood']:3}/{n:<3} wrong {counts['wrong']}")
    print("wrong readings:")
    for line in wrong:
        print(f"  - {line}")
    if show:
        print("refused:")
        for sentence in refused:
            print(f"  - {sentence}")


def score_rejects(reader: Reader, sentences: list[str]) -> None:
    """Print how many of the sentences that must be refused are refused."""
    accepted = [(s, r) for s in sentences if (r := _read(reader, s)) is not None]
    total = len(sentences) or 1
    refused = len(sentences) - len(accepted)
    print(f"refusals: {refused}/{len(sentences)} refused ({100 * refused / total:.1f}%)")
    for sentence, intents in accepted:
        print(f"  - false accept: {sentence}  ->  {json.dumps([i.to_json() for i in intents])}")


def main() -> None:
    """Score the batch given on the command line."""
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("batch", type=Path)
    arguments.add_argument("rejects", type=Path, nargs="?")
    arguments.add_argument("--show", action="store_true", help="list refused sentences too")
    arguments.add_argument(
        "--hash-lines",
        action="store_true",
        help="read rejects lines opening with '#' as sentences (Markdown headings), not comments",
    )
    options = arguments.parse_args()
    from fastprod import parse

    reader: Reader = parse
    score_commands(reader, read_batch(options.batch), options.show)
    if options.rejects is not None:
        score_rejects(reader, list(_lines(options.rejects, hashes=options.hash_lines)))


if __name__ == "__main__":
    main()
