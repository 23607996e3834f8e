"""A reader for the block-style YAML that compose files, CI workflows and manifests use.

The audit needs a few keys from these files (a service's ``healthcheck``, a
step's ``run``) and their line numbers for evidence; fastprod does not depend
on a YAML library for that. Block mappings, block sequences, block scalars,
quoted and plain scalars and one-line flow sequences are understood; anchors
and tags are kept as text. Comments are dropped: a word in a comment is never
taken as configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_BLOCK_SCALARS = frozenset({"|", ">", "|-", ">-", "|+", ">+"})


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


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    indent: int
    text: str


def load_all(text: str) -> list[Any]:
    """Return every document of ``text`` (separated by ``---``) as maps, lists and scalars."""
    documents: list[list[_Line]] = [[]]
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.startswith("---") or raw.startswith("..."):
            documents.append([])
            continue
        content = strip_comment(raw).rstrip()
        if content.strip():
            stripped = content.lstrip(" ")
            documents[-1].append(_Line(number, len(content) - len(stripped), stripped))
    return [_Parser(lines).parse() for lines in documents if lines]


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


class _Parser:
    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.index = 0

    def parse(self) -> Any:
        """Read the whole document from its first line's indentation."""
        first = self.lines[0]
        return self._block(first.indent)

    def _peek(self) -> _Line | None:
        return self.lines[self.index] if self.index < len(self.lines) else None

    def _block(self, indent: int) -> Any:
        line = self._peek()
        if line is None:
            return None
        if _is_item(line.text):
            return self._sequence(line.indent)
        if _split_key(line.text) is None:
            self.index += 1
            return Scalar(_unquote(line.text), line.number)
        return self._mapping(line.indent)

    def _mapping(self, indent: int) -> YamlMap:
        result = YamlMap()
        while (line := self._peek()) is not None and line.indent == indent:
            split = _split_key(line.text)
            if split is None or _is_item(line.text):
                break
            key, rest = split
            self.index += 1
            result[key] = self._value(line, rest, indent)
            result.lines[key] = line.number
        return result

    def _value(self, line: _Line, rest: str, indent: int) -> Any:
        if rest in _BLOCK_SCALARS:
            return self._block_scalar(line, indent)
        if rest:
            return self._scalar(line, rest, indent)
        following = self._peek()
        if following is None:
            return None
        if following.indent > indent or (following.indent == indent and _is_item(following.text)):
            return self._block(following.indent)
        return None

    def _scalar(self, line: _Line, rest: str, indent: int) -> Any:
        parts = [rest]
        # A plain scalar may go on over more-indented lines.
        while (following := self._peek()) is not None and following.indent > indent:
            parts.append(following.text)
            self.index += 1
        text = " ".join(parts)
        if text.startswith("[") and text.endswith("]"):
            inner = text[1:-1]
            return [Scalar(_unquote(p.strip()), line.number) for p in inner.split(",") if p.strip()]
        return Scalar(_unquote(text), line.number)

    def _block_scalar(self, line: _Line, indent: int) -> Scalar:
        parts = []
        while (following := self._peek()) is not None and following.indent > indent:
            parts.append(following.text)
            self.index += 1
        return Scalar("\n".join(parts), line.number)

    def _sequence(self, indent: int) -> list[Any]:
        items: list[Any] = []
        while (line := self._peek()) is not None and line.indent == indent and _is_item(line.text):
            content = line.text[1:].lstrip(" ")
            inner = indent + len(line.text) - len(content)
            if not content:
                self.index += 1
                following = self._peek()
                deeper = following is not None and following.indent > indent
                items.append(self._block(following.indent) if deeper and following else None)
            else:
                # "- key: value" opens a mapping at the item's own indentation.
                self.lines[self.index] = _Line(line.number, inner, content)
                items.append(self._block(inner))
        return items


def _is_item(text: str) -> bool:
    return text == "-" or text.startswith("- ")


def _split_key(text: str) -> tuple[str, str] | None:
    quote = ""
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"" and index == 0:
            quote = char
        elif char == ":" and (index + 1 == len(text) or text[index + 1] in " \t"):
            key = _unquote(text[:index].strip())
            return key, _strip_anchor(text[index + 1 :].strip())
        elif char in "[{" and index == 0:
            return None
    return None


def _strip_anchor(value: str) -> str:
    # "&defaults" or "!Ref" before a value names or tags it; the value is what follows.
    while value.startswith(("&", "!")):
        _, _, value = value.partition(" ")
        value = value.strip()
    return value


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text
