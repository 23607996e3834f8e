"""Make sure a module imports a name: ``ensure_import`` and its placement rules."""

from __future__ import annotations

import re
import sys
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.helpers import get_full_name_for_node

from fastprod.edits._common import (
    DEFAULT_PATH,
    Statement,
    blank_lines,
    blank_lines_for,
    edit_tree,
    in_module_style,
    insert_item,
    is_docstring,
    keeps_bom,
    parse_snippet,
    with_blank_lines_before,
)

_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_NOQA = re.compile(r"#\s*noqa\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Wanted:
    """One import asked for: ``import module [as alias]`` or ``from module import name``."""

    module: str
    name: str | None
    alias: str | None
    relative: int

    @property
    def bound(self) -> str:
        """The name the import binds in the module."""
        if self.alias is not None:
            return self.alias
        if self.name is not None:
            return self.name
        return self.module

    @property
    def is_future(self) -> bool:
        return self.relative == 0 and self.module == "__future__"

    def code(self) -> str:
        suffix = "" if self.alias is None else f" as {self.alias}"
        if self.name is None:
            return f"import {self.module}{suffix}"
        return f"from {'.' * self.relative}{self.module} import {self.name}{suffix}"

    def same_source(self, node: cst.ImportFrom) -> bool:
        """True when ``node`` imports from the module this request names."""
        module = "" if node.module is None else get_full_name_for_node(node.module)
        return len(node.relative) == self.relative and module == self.module

    def satisfied_by(self, node: cst.Import | cst.ImportFrom) -> bool:
        """True when ``node`` already binds what this request asks for."""
        if isinstance(node, cst.Import):
            return self.name is None and any(self._plain_match(a) for a in node.names)
        if self.name is None or not self.same_source(node):
            return False
        # A star import binds names we cannot see; it never counts as present.
        if isinstance(node.names, cst.ImportStar):
            return False
        return any(self._from_match(a) for a in node.names)

    def _plain_match(self, alias: cst.ImportAlias) -> bool:
        dotted = get_full_name_for_node(alias.name) or ""
        bound = _bound_name(alias)
        if self.alias is not None:
            return dotted == self.module and bound == self.alias
        # ``import a.b`` binds ``a`` and loads it, so it satisfies ``import a``.
        return bound == self.module.split(".")[0] and (
            dotted == self.module or dotted.startswith(self.module + ".")
        )

    def _from_match(self, alias: cst.ImportAlias) -> bool:
        return get_full_name_for_node(alias.name) == self.name and _bound_name(alias) == self.bound


def _bound_name(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None:
        return get_full_name_for_node(alias.asname.name)
    dotted = get_full_name_for_node(alias.name) or ""
    return dotted.split(".")[0]


@keeps_bom
def ensure_import(
    source: str,
    module: str,
    name: str | None = None,
    *,
    alias: str | None = None,
    relative: int = 0,
    first_party: Collection[str] = (),
    path: str = DEFAULT_PATH,
) -> str:
    """Make sure ``source`` imports ``module`` (or ``name`` from it) at run time.

    ``ensure_import(src, "os")`` means ``import os``;
    ``ensure_import(src, "fastapi", "Request")`` means ``from fastapi import Request``;
    ``ensure_import(src, "errors", "setup", relative=1)`` means ``from .errors import setup``;
    ``ensure_import(src, "", "models", relative=1)`` means ``from . import models``.

    Present means a module-level import, anywhere in the file (or in the body of a
    module-level ``try``), that binds the same name to the same thing: one name among
    several (``from x import (a, b)``), ``import a.b`` for ``import a``, an ``as``
    alias only when the same alias is asked for. Not present: an import under
    ``if TYPE_CHECKING:`` or any other ``if``, inside a function or class, a star
    import (``from x import *``), and the same module spelled relative in one place
    and absolute in the other.

    A missing name joins an existing top-level ``from module import ...`` of the
    same module, in sorted position when its names are sorted. Otherwise a new line
    goes into the module's leading import block (after the docstring and
    ``from __future__`` imports), so it always precedes code that uses it, in the
    isort section it belongs to (standard library, third party, first party,
    relative), in sorted place when that section is sorted, or as a new section
    in its place. When the leading block has no import of that section but the
    module imports it right after set-up calls (``sys.path.insert(...)``,
    ``load_dotenv()``), the new line joins those imports instead, with their
    shared ``# noqa`` comment. It does not check whether ``name`` is already
    bound to something else.

    Args:
        source: The module's text.
        module: Dotted module name; ``""`` with ``relative`` for ``from . import``.
        name: The name to import from ``module``; ``None`` for ``import module``.
        alias: The ``as`` name, if any.
        relative: The number of leading dots of a relative import.
        first_party: Top-level names of the project's own packages and modules
            (``{"app"}``), so their imports are placed in the first-party section.
        path: The file's path, for error messages.

    Returns:
        The new text, or ``source`` itself when the import is already there.

    Raises:
        ProjectError: ``source`` is not valid Python.
        ValueError: The arguments do not describe a valid import.
    """
    wanted = _validated(module, name, alias, relative)
    return edit_tree(source, path, lambda tree: _imported(tree, wanted, frozenset(first_party)))


def import_into(
    tree: cst.Module,
    module: str,
    name: str | None = None,
    *,
    alias: str | None = None,
    relative: int = 0,
    first_party: Collection[str] = (),
) -> cst.Module:
    """:func:`ensure_import` on a parsed module; ``tree`` itself when present."""
    wanted = _validated(module, name, alias, relative)
    return _imported(tree, wanted, frozenset(first_party))


def _imported(tree: cst.Module, wanted: _Wanted, first_party: frozenset[str]) -> cst.Module:
    if any(wanted.satisfied_by(node) for node in _runtime_imports(tree.body)):
        return tree
    # An empty file has no last line to end; the import we add is a whole line.
    ends_line = tree.has_trailing_newline or not tree.body
    body = _with_import(tree, wanted, first_party)
    return tree.with_changes(body=body, has_trailing_newline=ends_line)


def _validated(module: str, name: str | None, alias: str | None, relative: int) -> _Wanted:
    if relative < 0 or (relative == 0 and not _DOTTED.fullmatch(module)):
        raise ValueError(f"not an importable module: {'.' * max(relative, 0)}{module!r}")
    if module and not _DOTTED.fullmatch(module):
        raise ValueError(f"not a dotted module name: {module!r}")
    if relative and name is None:
        raise ValueError("a relative import needs a name: from .module import name")
    for identifier in (name, alias):
        if identifier is not None and not _IDENTIFIER.fullmatch(identifier):
            raise ValueError(f"not an identifier: {identifier!r}")
    return _Wanted(module, name, alias, relative)


def _runtime_imports(body: Sequence[cst.BaseStatement]) -> Iterator[cst.Import | cst.ImportFrom]:
    for statement in body:
        yield from _imports_on_line(statement)
        # The body of a module-level ``try`` runs on import; its fallbacks are the user's call.
        if isinstance(statement, cst.Try) and isinstance(statement.body, cst.IndentedBlock):
            for inner in statement.body.body:
                yield from _imports_on_line(inner)


def _imports_on_line(statement: cst.BaseStatement) -> Iterator[cst.Import | cst.ImportFrom]:
    if isinstance(statement, cst.SimpleStatementLine):
        for small in statement.body:
            if isinstance(small, cst.Import | cst.ImportFrom):
                yield small


def _is_import_line(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body
    )


def _is_future_line(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, cst.ImportFrom)
        and small.module is not None
        and get_full_name_for_node(small.module) == "__future__"
        for small in statement.body
    )


def _is_import_block(statement: cst.BaseStatement) -> bool:
    """A ``try``/``if`` of imports (``try: import ujson``, ``if TYPE_CHECKING:``).

    Its fallbacks may also bind a plain value: ``except ImportError: ujson = None``.
    """
    if not isinstance(statement, cst.Try | cst.If):
        return False
    suites = _nested_suites(statement)
    if not suites or not all(isinstance(suite, cst.IndentedBlock) for suite in suites):
        return False
    first, *fallbacks = [
        list(suite.body) for suite in suites if isinstance(suite, cst.IndentedBlock)
    ]
    return all(_is_import_line(line) or _is_pass(line) for line in first) and all(
        _is_import_line(line) or _is_pass(line) or _is_fallback(line)
        for lines in fallbacks
        for line in lines
    )


def _nested_suites(statement: cst.Try | cst.If) -> list[cst.BaseSuite]:
    suites: list[cst.BaseSuite] = [statement.body]
    if isinstance(statement, cst.Try):
        suites += [handler.body for handler in statement.handlers]
        suites += [part.body for part in (statement.orelse, statement.finalbody) if part]
    elif statement.orelse is not None:
        suites.append(statement.orelse.body)
    return suites


def _is_fallback(statement: cst.BaseStatement) -> bool:
    """``name = None``, ``HAS_X = False``, ``json = None``: a stand-in for a missing import."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    return (
        isinstance(small, cst.Assign)
        and all(isinstance(target.target, cst.Name) for target in small.targets)
        and isinstance(small.value, cst.Name | cst.SimpleString | cst.Integer)
    )


def _is_pass(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Pass) for small in statement.body
    )


@dataclass(frozen=True, slots=True)
class _Header:
    """Where the module's leading imports are.

    Attributes:
        futures: Indices of the ``from __future__`` lines after the docstring.
        imports: Indices of the plain import lines of the leading import block.
        after_preamble: Index just past the docstring and ``from __future__`` lines.
        end: Index just past the last plain import line, or ``after_preamble``.
    """

    futures: tuple[int, ...]
    imports: tuple[int, ...]
    after_preamble: int
    end: int


def _header(body: Sequence[cst.BaseStatement]) -> _Header:
    index = 1 if body and is_docstring(body[0]) else 0
    futures: list[int] = []
    while index < len(body) and _is_future_line(body[index]):
        futures.append(index)
        index += 1
    after_preamble = index
    imports: list[int] = []
    while index < len(body) and (_is_import_line(body[index]) or _is_import_block(body[index])):
        if _is_import_line(body[index]):
            imports.append(index)
        index += 1
    end = imports[-1] + 1 if imports else after_preamble
    return _Header(tuple(futures), tuple(imports), after_preamble, end)


def _with_import(tree: cst.Module, wanted: _Wanted, first_party: frozenset[str]) -> list[Statement]:
    body = list(tree.body)
    header = _header(body)
    statement = in_module_style(tree, parse_snippet(wanted.code()))
    group = header.futures if wanted.is_future else header.imports
    if group and not wanted.is_future:
        section = _sort_key(statement, first_party)[0]
        group = _after_setup(body, header, section, first_party) or group
    if wanted.name is not None:
        for index in group:
            merged = _merged(body[index], wanted)
            if merged is not None:
                body[index] = merged
                return body
    if wanted.is_future or not group:
        at = header.after_preamble if wanted.is_future else header.end
        return _insert_line(body, at, statement, starts_group=not group)
    if group != header.imports:
        statement = _with_shared_noqa(statement, [body[i] for i in group])
    return _insert_in_section(body, group, statement, first_party)


def _with_shared_noqa(statement: Statement, lines: Sequence[cst.BaseStatement]) -> Statement:
    """Give a late import the ``# noqa`` comment every late import beside it carries."""
    comments = {_trailing_comment(line) for line in lines}
    if len(comments) != 1:
        return statement
    comment = comments.pop()
    if comment is None or not _NOQA.match(comment):
        return statement
    assert isinstance(statement, cst.SimpleStatementLine)
    trailing = cst.TrailingWhitespace(
        whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(comment)
    )
    return statement.with_changes(trailing_whitespace=trailing)


def _trailing_comment(line: cst.BaseStatement) -> str | None:
    if not isinstance(line, cst.SimpleStatementLine):
        return None
    comment = line.trailing_whitespace.comment
    return None if comment is None else comment.value


def _after_setup(
    body: Sequence[Statement], header: _Header, section: int, first_party: frozenset[str]
) -> tuple[int, ...]:
    """The import lines that follow set-up code, when the section is imported only there.

    ``import sys``, ``sys.path.insert(...)`` or ``load_dotenv()``, then ``from app
    import ...``: the project imports its own code after the set-up it needs, and
    so must a new import of the same section. Only calls and ``if``/``try``/``with``
    blocks count as set-up; past an assignment or a definition, a late import may
    follow the code that will use the new name, so the leading block is used.
    """
    if any(_sort_key(body[i], first_party)[0] == section for i in header.imports):
        return ()
    index = header.end
    while index < len(body) and _is_setup(body[index]) and not _is_import_line(body[index]):
        index += 1
    run: list[int] = []
    while index < len(body) and _is_import_line(body[index]):
        run.append(index)
        index += 1
    if any(_sort_key(body[i], first_party)[0] == section for i in run):
        return tuple(run)
    return ()


def _is_setup(statement: cst.BaseStatement) -> bool:
    if isinstance(statement, cst.If | cst.Try | cst.With):
        return True
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    return all(
        isinstance(small, cst.Import | cst.ImportFrom)
        or (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call))
        for small in statement.body
    )


#: isort's sections, in file order.
_FUTURE, _STDLIB, _THIRD_PARTY, _FIRST_PARTY, _LOCAL = range(5)


def _sort_key(
    line: Statement, first_party: frozenset[str]
) -> tuple[int, int, int, str, tuple[int, str, str, bool]]:
    """isort's order of an import line: section, ``import`` before ``from``, module,
    then (two lines from one module) the first name it imports."""
    assert isinstance(line, cst.SimpleStatementLine)
    small = line.body[0]
    first, aliased = "", False
    if isinstance(small, cst.Import):
        module, dots, is_from = get_full_name_for_node(small.names[0].name) or "", 0, 0
    else:
        assert isinstance(small, cst.ImportFrom)
        module = "" if small.module is None else get_full_name_for_node(small.module) or ""
        dots, is_from = len(small.relative), 1
        if isinstance(small.names, cst.ImportStar):
            # ``import *`` stays first of its module's lines.
            return (
                _section(module, dots, first_party),
                1,
                -dots,
                module.lower(),
                (-1, "", "", False),
            )
        first = get_full_name_for_node(small.names[0].name) or ""
        aliased = small.names[0].asname is not None
    section = _section(module, dots, first_party)
    return section, is_from, -dots, module.lower(), (*_member_key(first), aliased)


def _section(module: str, dots: int, first_party: frozenset[str]) -> int:
    top = module.split(".")[0]
    if dots:
        return _LOCAL
    if top == "__future__":
        return _FUTURE
    if top in first_party:
        return _FIRST_PARTY
    if top in sys.stdlib_module_names:
        return _STDLIB
    return _THIRD_PARTY


def _insert_in_section(
    body: list[Statement],
    imports: Sequence[int],
    statement: Statement,
    first_party: frozenset[str],
) -> list[Statement]:
    """Insert an import line into its isort section, sorted when the section is."""
    key = _sort_key(statement, first_party)
    keyed = [(index, _sort_key(body[index], first_party)) for index in imports]
    same = [(index, k) for index, k in keyed if k[0] == key[0]]
    if not same:
        later = [index for index, k in keyed if k[0] > key[0]]
        if not later:
            return _insert_line(body, imports[-1] + 1, statement, starts_group=True)
        # A new section before a later one: it takes the later one's place and
        # spacing, and a blank line sets the two apart.
        at = later[0]
        statement = statement.with_changes(leading_lines=body[at].leading_lines)
        body[at] = with_blank_lines_before(body[at], 1)
        return [*body[:at], statement, *body[at:]]
    keys = [k for _, k in same]
    after = [index for index, k in same if k > key] if keys == sorted(keys) else []
    at = after[0] if after else same[-1][0] + 1
    if at == same[0][0]:
        # The new first line of the section takes over the blank lines above it.
        first = body[at]
        statement = statement.with_changes(leading_lines=first.leading_lines)
        body[at] = first.with_changes(leading_lines=())
    return [*body[:at], statement, *body[at:]]


def _insert_line(
    body: list[Statement], at: int, statement: Statement, *, starts_group: bool
) -> list[Statement]:
    if starts_group and at > 0:
        # Set the new group apart from the docstring or the ``__future__`` imports above.
        statement = statement.with_changes(leading_lines=blank_lines(1))
    if starts_group and at < len(body) and not _continues_group(statement, body[at]):
        body[at] = with_blank_lines_before(body[at], blank_lines_for(body[at]))
    return [*body[:at], statement, *body[at:]]


def _continues_group(new: cst.BaseStatement, following: cst.BaseStatement) -> bool:
    # ``from __future__`` imports are a group of their own; other imports join the next import.
    if _is_future_line(new):
        return _is_future_line(following)
    return _is_import_line(following)


def _merged(line: Statement, wanted: _Wanted) -> Statement | None:
    """``line`` with ``wanted`` added to its ``from module import ...``, or ``None``."""
    assert isinstance(line, cst.SimpleStatementLine)
    for position, small in enumerate(line.body):
        if not isinstance(small, cst.ImportFrom) or not wanted.same_source(small):
            continue
        if isinstance(small.names, cst.ImportStar):
            continue
        # isort's and ruff's default: a name imported ``as`` another has a line of its own.
        if wanted.alias is not None or any(alias.asname for alias in small.names):
            continue
        smalls = list(line.body)
        smalls[position] = _with_name(small, wanted)
        return line.with_changes(body=smalls)
    return None


def _with_name(node: cst.ImportFrom, wanted: _Wanted) -> cst.ImportFrom:
    assert not isinstance(node.names, cst.ImportStar) and wanted.name is not None
    asname = None if wanted.alias is None else cst.AsName(name=cst.Name(wanted.alias))
    alias = cst.ImportAlias(name=cst.Name(wanted.name), asname=asname)
    names = list(node.names)
    opening = None if node.lpar is None else node.lpar.whitespace_after
    return node.with_changes(
        names=insert_item(names, _sorted_position(names, wanted.name), alias, opening)
    )


def _sorted_position(names: Sequence[cst.ImportAlias], name: str) -> int:
    """Where ``name`` goes: its sorted place if the names are sorted, else the end."""
    keys = [_member_key(get_full_name_for_node(alias.name) or "") for alias in names]
    if keys != sorted(keys):
        return len(names)
    new = _member_key(name)
    return sum(1 for key in keys if key < new)


def _member_key(name: str) -> tuple[int, str, str]:
    # isort's and ruff's default order: CONSTANTS, then Classes, then other names.
    if name.isupper() and len(name) > 1:
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    return kind, name.lower(), name


def import_lines(wanted: Iterable[tuple[str, list[str]]], line_length: int = 88) -> list[str]:
    """Sorted ``from module import names`` lines for a new module, as ruff's isort
    writes them: names of one module merged, constants then classes then functions,
    a line past ``line_length`` wrapped one name a line.

    Args:
        wanted: ``(module, names)`` pairs, in any order, modules repeated at will.
        line_length: The project's line length.
    """
    merged: dict[str, set[str]] = {}
    for module, names in wanted:
        merged.setdefault(module, set()).update(names)
    lines = []
    for module in sorted(merged):
        names = sorted(merged[module], key=lambda n: (not n.isupper(), n[0].islower(), n))
        line = f"from {module} import {', '.join(names)}"
        if len(line) > line_length:
            line = f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")"
        lines.append(line)
    return lines
