"""Reading the YAML of compose files, CI workflows and manifests, with line numbers.

The audit needs a few keys from these files (a service's ``healthcheck``, a
step's ``run``) and their line numbers for evidence. The text is composed by
ruamel.yaml (the same library the recipes edit YAML with, so both read a file
the same way) and turned into plain values that remember their lines: every
scalar is a :class:`Scalar` (a ``str`` with a ``line``), every mapping a
:class:`YamlMap` (a ``dict`` with the ``lines`` of its keys). Scalars stay text
as written (``true``, ``8000``): the audit compares words, not typed values.
An alias reads as the value its anchor names. Comments are never configuration.
A document that is not valid YAML (a Helm template's ``{{ }}`` lines) is skipped;
the other documents of the file are still read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ruamel.yaml.nodes import Node

_DOCUMENT_START = re.compile(r"^---(?=\s|$)", re.MULTILINE)


class Scalar(str):
    """A string value that remembers the line it was written on."""

    line: int

    def __new__(cls, text: str, line: int) -> Scalar:
        """Create the value ``text`` found on ``line`` (1-based)."""
        value = super().__new__(cls, text)
        value.line = line
        return value


class YamlMap(dict[str, Any]):
    """A mapping whose ``lines`` give the line of each key."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, int] = {}


def load_all(text: str) -> list[Any]:
    """Return every document of ``text`` (separated by ``---``) as maps, lists and scalars.

    An empty document is left out, as are documents that are not valid YAML.
    """
    from ruamel.yaml.error import YAMLError

    try:
        return [_plain(node) for node in _compose_all(text) if node is not None]
    except YAMLError:
        return _load_each(text)


def _load_each(text: str) -> list[Any]:
    """Read the documents one by one, keeping line numbers, skipping the broken ones."""
    from ruamel.yaml.error import YAMLError

    documents: list[Any] = []
    starts = [0, *(match.start() for match in _DOCUMENT_START.finditer(text))]
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        # Blank lines in front keep each document's line numbers those of the file.
        chunk = "\n" * text.count("\n", 0, start) + text[start:end]
        try:
            documents += [_plain(node) for node in _compose_all(chunk) if node is not None]
        except YAMLError:
            continue
    return documents


def _compose_all(text: str) -> list[Node | None]:
    from ruamel.yaml import YAML

    return list(YAML(typ="rt", pure=True).compose_all(text))


def _plain(node: Node) -> Any:
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, MappingNode):
        result = YamlMap()
        for key_node, value_node in node.value:
            key = str(_plain(key_node))
            result[key] = _plain(value_node)
            result.lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, SequenceNode):
        return [_plain(item) for item in node.value]
    # ``key:`` with nothing after it is no value at all; ``key: ""`` is an empty string.
    if node.value == "" and getattr(node, "style", None) is None:
        return None
    return Scalar(str(node.value), node.start_mark.line + 1)


def strip_comment(line: str) -> str:
    """Drop a ``#`` comment that starts the line or follows a space, outside quotes."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index]
    return line


def walk_scalars(node: Any, key: str = "") -> list[tuple[str, Scalar]]:
    """Return every scalar under ``node`` with the key it is the value of (or is listed under)."""
    found: list[tuple[str, Scalar]] = []
    if isinstance(node, Scalar):
        found.append((key, node))
    elif isinstance(node, dict):
        for name, value in node.items():
            found += walk_scalars(value, name)
    elif isinstance(node, list):
        for item in node:
            found += walk_scalars(item, key)
    return found
