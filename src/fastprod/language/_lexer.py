"""Tier one's lexer: the terminals of ``grammar/fastprod.lark``, matched without lark.

The grammar is flat (``start: _chunk*``), so reading a sentence is lexing it:
its parse tree is the list of its tokens. Loading lark and its tables was
most of a first parse, so a run reads the terminal definitions from the
grammar text and matches them with :mod:`re` alone. Lark stays the grammar's
checker: the tests build the grammar with lark's LALR parser (no conflicts)
and compare its tokens with these on the whole corpus.

Which terminal a piece of text is follows lark's basic lexer: the highest
priority first, then the terminal that can match the longest text, then the
longest pattern, then the name. The widest terminals of this grammar are
unbounded (``\\s+`` between words), so only the short ones are measured.

Compiling the one expression of all terminals is most of what is left of a
first parse, so its compiled form (the code :mod:`re` builds, plain integers)
is kept in the user's cache directory, keyed by the expression and the
Python version, and handed back to :mod:`re`'s engine on the next run.
"""

from __future__ import annotations

import marshal
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastprod.core._cache import cache_directory, store

# NAME.PRIORITY: /regex/flags  or  NAME: "literal"
_DEFINITION = re.compile(
    r'^(?P<name>[A-Z_][A-Z0-9_]*)(?:\.(?P<priority>-?\d+))?\s*:\s*(?P<value>/.*/[imsux]*|".*"i?)\s*$'
)
_IGNORE = re.compile(r"^%ignore\s+(?P<value>\S.*?)\s*$")
_UNBOUNDED = re.compile(r"(?<!\\)[+*]|\{\d*,\}")


@dataclass(frozen=True, slots=True)
class Terminal:
    """One phrase class of the grammar.

    Attributes:
        name: The terminal's name (``CONCEPT``, ``VERB``...).
        regexp: Its regular expression, flags inline.
        priority: Higher is tried first.
        ignored: Matched and dropped (spaces, quotes, addressing the tool).
        written: The length of the pattern as lark keeps it (a regular
            expression as written between its slashes, ``\\/`` and all); lark
            breaks ties by it. ``None``: the length of ``regexp``.
    """

    name: str
    regexp: str
    priority: int = 0
    ignored: bool = False
    written: int | None = None

    def order(self) -> tuple[int, int, int, str]:
        """Lark's order: priority, widest match, longest pattern, name."""
        length = len(self.regexp) if self.written is None else self.written
        return (-self.priority, -_max_width(self.regexp), -length, self.name)


@dataclass(frozen=True, slots=True)
class Token:
    """A phrase of the sentence: its terminal, its text and where it starts."""

    type: str
    text: str
    position: int


class Unlexable(Exception):
    """No terminal matches at ``position``."""

    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


def terminals(grammar: str) -> list[Terminal]:
    """Every terminal a grammar text defines, and the anonymous ones it ignores."""
    found: dict[str, Terminal] = {}
    ignored: set[str] = set()
    anonymous = 0
    for line in grammar.splitlines():
        line = line.strip()
        if (match := _DEFINITION.match(line)) is not None:
            name = match["name"]
            value = match["value"]
            priority = int(match["priority"] or 0)
            found[name] = Terminal(name, _regexp(value), priority, written=_written(value))
        elif (match := _IGNORE.match(line)) is not None:
            value = match["value"]
            if value.startswith(("/", '"')):
                name = f"__IGNORE_{anonymous}"
                anonymous += 1
                found[name] = Terminal(name, _regexp(value))
                ignored.add(name)
            else:
                ignored.add(value)
    return [
        Terminal(t.name, t.regexp, t.priority, ignored=t.name in ignored, written=t.written)
        for t in found.values()
    ]


def _written(value: str) -> int | None:
    """The length lark gives a ``/.../flags`` pattern: the text between its slashes."""
    if not value.startswith("/"):
        return None
    return len(value[1:].rpartition("/")[0])


def _regexp(value: str) -> str:
    if value.startswith('"'):
        flags = "i" if value.endswith("i") else ""
        literal = re.escape(value.rstrip("i")[1:-1])
        return f"(?{flags}:{literal})" if flags else literal
    body, _, flags = value[1:].rpartition("/")
    # Lark writes "\/" for a slash inside /.../; re reads "/" alone.
    body = body.replace(r"\/", "/")
    for flag in flags:
        body = f"(?{flag}:{body})"
    return body


def _max_width(regexp: str) -> int:
    # Lark sorts by the longest text a terminal can match. Most terminals
    # here are unbounded ("\s+" between words), seen without parsing them;
    # the few short ones are measured by re's own parser.
    if _UNBOUNDED.search(re.sub(r"\[(?:\\.|[^\]])*\]", "c", regexp)):
        return _MAXWIDTH
    from re import _parser  # type: ignore[attr-defined]

    width: int = _parser.parse(regexp).getwidth()[1]
    return min(width, _MAXWIDTH)


_MAXWIDTH = 1 << 64


class Lexer:
    """Matches a grammar's terminals in lark's order, one regular expression for all."""

    def __init__(self, defined: list[Terminal]) -> None:
        ordered = sorted(defined, key=Terminal.order)
        self.order = tuple(t.name for t in ordered)
        self.ignored = frozenset(t.name for t in ordered if t.ignored)
        pattern = "|".join(f"(?P<{t.name}>{t.regexp})" for t in ordered)
        self._match = compiled(pattern).match

    def tokens(self, text: str) -> Iterator[Token]:
        """The sentence's tokens in order, the ignored ones dropped.

        Raises:
            Unlexable: No terminal matches at some position.
        """
        position = 0
        while position < len(text):
            match = self._match(text, position)
            if match is None or match.end() == position:
                raise Unlexable(position)
            kind = match.lastgroup or ""
            if kind not in self.ignored:
                yield Token(kind, match.group(), position)
            position = match.end()


def compiled(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)``, its compiled code kept in the cache directory.

    A missing, damaged or foreign cache file only means compiling again.
    """
    path = _cache_file(pattern)
    if path is not None:
        try:
            return _from_code(pattern, marshal.loads(path.read_bytes()))
        except Exception:  # any unreadable cache means compiling
            pass
    code = _code(pattern)
    if path is not None and code is not None:
        store(path, code)
    return re.compile(pattern)


def _cache_file(pattern: str) -> Any:
    import _sre  # type: ignore[import-not-found]

    directory = cache_directory()
    if directory is None:
        return None
    key = f"{sys.version}\0{_sre.MAGIC}\0{pattern}".encode()
    # The file holds its pattern too, so a clash of this short key is seen.
    return directory / f"lexer-{zlib.crc32(key):08x}-{len(key)}.marshal"


_Code = tuple[str, int, list[int], int, dict[str, int], tuple[str | None, ...]]


def _code(pattern: str) -> _Code | None:
    # What re._compiler.compile hands to the engine, as plain data.
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, 0)
        code = [int(op) for op in _compiler._code(parsed, 0)]
        groups = dict(parsed.state.groupdict)
        index: list[str | None] = [None] * parsed.state.groups
        for name, number in groups.items():
            index[number] = name
        return (
            pattern,
            int(parsed.state.flags),
            code,
            parsed.state.groups - 1,
            groups,
            tuple(index),
        )
    except Exception:  # another Python's internals: compile each run
        return None


def _from_code(pattern: str, data: Any) -> re.Pattern[str]:
    import _sre

    kept, flags, code, groups, groupindex, indexgroup = data
    if kept != pattern:
        raise ValueError("cached code of another pattern")
    # The engine checks the code itself before it runs any of it.
    compiled_pattern: re.Pattern[str] = _sre.compile(
        pattern, flags, code, groups, groupindex, indexgroup
    )
    return compiled_pattern
