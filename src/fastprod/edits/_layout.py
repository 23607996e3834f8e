"""Keep an edited statement within the line length, laid out as ruff format lays it out.

An eager load added to a query, or a keyword added to a call, can take a line
past the project's length. :func:`fit_call` then breaks that one statement the
way ruff format would: a call chain of two calls or more in fluent style (one
``.method(...)`` a line, inside brackets, new ones around an assigned or returned
value); a call's arguments hugged on one indented line, else one a line with a
trailing comma. A statement it cannot lay out so is left as it is.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Callable, Mapping
from functools import partial
from typing import TypeVar, cast

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, ParentNodeProvider, PositionProvider

from fastprod.edits._common import DEFAULT_PATH, parse_module

#: ruff format's default line length.
LINE_LENGTH = 88

_Match = Callable[[cst.Call], bool]
_Positions = Mapping[cst.CSTNode, CodeRange]
_Parents = Mapping[cst.CSTNode, cst.CSTNode]
_Edit = dict[cst.CSTNode, Callable[[cst.CSTNode], cst.CSTNode]]
_Node = TypeVar("_Node", bound=cst.CSTNode)
_HOLDERS = (cst.Assign, cst.AnnAssign, cst.Return)


def line_length(pyproject: str | None) -> int:
    """The ``line-length`` of ``[tool.ruff]`` (or black's) in a pyproject text, else 88."""
    try:
        tools = tomllib.loads(pyproject or "").get("tool", {})
    except tomllib.TOMLDecodeError:
        return LINE_LENGTH
    for tool in ("ruff", "black"):
        value = tools.get(tool, {}).get("line-length")
        if isinstance(value, int) and value > 0:
            return value
    return LINE_LENGTH


def fit_call(
    source: str, line: int, matches: _Match, *, length: int = LINE_LENGTH, path: str = DEFAULT_PATH
) -> str:
    """``source`` with the statement holding the matching call on ``line`` broken to fit.

    Returns ``source`` itself when the statement fits already, or when its shape
    is not one this lays out.
    """
    tree = parse_module(source, path)
    wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    parents = wrapper.resolve(ParentNodeProvider)
    target = call_at(tree, line, matches, positions)
    if target is None:
        return source
    top, _ = _chain_top(target, parents)
    column = _broken_at(top, positions)
    if column is not None:
        # A chain laid out one call a line already: the call added takes a line too.
        return tree.visit(_Apply({top: lambda node: _break_chain(node, top, column)})).code
    if all(len(text) <= length for text in _statement_lines(source, line)):
        return source
    new = _fluent(target, parents, positions, source, length) or _arguments(
        target, parents, positions, source, length
    )
    if new is None:
        return source
    fitted = tree.visit(_Apply(new)).code
    lines = _statement_lines(fitted, line)
    # Not valid Python (a chain broken outside brackets), or still too long: as it was.
    return fitted if lines and all(len(t) <= length for t in lines) else source


def _statement_lines(source: str, line: int) -> list[str]:
    """The lines of the (simple) statement that ``line`` is in, by ``ast``; none if invalid."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not hasattr(node, "body"):
            end = node.end_lineno or node.lineno
            if node.lineno <= line <= end:
                return source.splitlines()[node.lineno - 1 : end]
    return []


def call_at(tree: cst.Module, line: int, matches: _Match, positions: _Positions) -> cst.Call | None:
    """The first call starting on ``line`` that ``matches``, if any."""
    found: list[cst.Call] = []

    class Finder(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            if not found and positions[node].start.line == line and matches(node):
                found.append(node)

    tree.visit(Finder())
    return found[0] if found else None


def _fluent(
    call: cst.Call, parents: _Parents, positions: _Positions, source: str, length: int
) -> _Edit | None:
    """The chain ``call`` starts, one ``.method(...)`` a line, inside brackets broken open."""
    top, calls = _chain_top(call, parents)
    if calls < 2:
        return None
    start = positions[top].start
    text = source.splitlines()[start.line - 1]
    indent = len(text) - len(text.lstrip())
    if text[: start.column].strip() == "" and not isinstance(parents[top], _HOLDERS):
        # A continuation line inside brackets: break the chain where it stands.
        return {top: lambda node: _break_chain(node, top, start.column)}
    brackets = _brackets(top, parents)
    if brackets is None:
        return None
    if not brackets:
        # ``x = select(...)...``: the chain takes brackets of its own, as ruff format adds.
        if top.lpar:
            return None
        column = indent + 4
        return {
            top: lambda node: _break_chain(node, top, column).with_changes(
                lpar=[cst.LeftParen(whitespace_after=_newline(column))],
                rpar=[cst.RightParen(whitespace_before=_newline(indent))],
            )
        }
    edit: _Edit = {}
    for depth, (owner, kind) in enumerate(brackets):
        # Brackets open from the outermost, as far as needed for their content to fit.
        column = indent + 4 * (depth + 1)
        edit[owner] = partial(_open, kind=kind, column=column)
        if column + len(_content(owner, kind)) <= length:
            return edit
    column = indent + 4 * len(brackets)
    inner = edit.get(top)
    edit[top] = lambda node: (inner or _same)(_break_chain(node, top, column))
    return edit


def _same(node: cst.CSTNode) -> cst.CSTNode:
    return node


def _brackets(top: cst.Call, parents: _Parents) -> list[tuple[cst.CSTNode, str]] | None:
    """The brackets between the statement and the chain, outermost first; ``None`` for a
    shape this does not lay out (a comprehension, an operator, a call of several arguments)."""
    found: list[tuple[cst.CSTNode, str]] = []
    node: cst.CSTNode = top
    while not isinstance(node, _HOLDERS):
        if isinstance(node, cst.BaseExpression) and node.lpar and node is not top:
            found.append((node, "parens"))
        parent = parents.get(node)
        if isinstance(parent, cst.Arg):
            call = parents.get(parent)
            if not isinstance(call, cst.Call) or len(call.args) != 1 or parent.keyword:
                return None
            found.append((call, "arguments"))
            node = call
            continue
        if not isinstance(parent, (cst.Call, cst.Attribute, cst.Await, *_HOLDERS)):
            return None
        if isinstance(parent, cst.Call) and parent.func is not node:
            return None
        node = parent
    found.reverse()
    return found


def _content(node: cst.CSTNode, kind: str) -> str:
    """The code a bracket holds, on one line."""
    if kind == "arguments" and isinstance(node, cst.Call):
        return cst.Module([]).code_for_node(node.args[0].value)
    if isinstance(node, cst.BaseExpression):
        return cst.Module([]).code_for_node(node.with_changes(lpar=[], rpar=[]))
    return cst.Module([]).code_for_node(node)


def _open(node: cst.CSTNode, *, kind: str, column: int) -> cst.CSTNode:
    """The bracket ``kind`` of ``node`` opened: its content on lines of its own at ``column``."""
    if kind == "arguments" and isinstance(node, cst.Call):
        (arg,) = node.args
        return node.with_changes(
            whitespace_before_args=_newline(column),
            args=[arg.with_changes(whitespace_after_arg=_newline(column - 4))],
        )
    if isinstance(node, cst.BaseExpression) and node.lpar:
        first, last = node.lpar[0], node.rpar[-1]
        lpar = [first.with_changes(whitespace_after=_newline(column)), *node.lpar[1:]]
        rpar = [*node.rpar[:-1], last.with_changes(whitespace_before=_newline(column - 4))]
        return node.with_changes(lpar=lpar, rpar=rpar)
    return node


def _chain_top(call: cst.Call, parents: _Parents) -> tuple[cst.Call, int]:
    """The outermost call of the chain ``call`` begins, and how many calls it holds."""
    current = call
    calls = 0
    while True:
        attribute = parents.get(current)
        if not isinstance(attribute, cst.Attribute) or attribute.value is not current:
            return current, calls
        outer = parents.get(attribute)
        if not isinstance(outer, cst.Call) or outer.func is not attribute:
            return current, calls
        current, calls = outer, calls + 1


def _break_chain(node: cst.CSTNode, top: cst.Call, column: int) -> cst.CSTNode:
    """Each ``.method`` of the chain ``top`` that follows a call starts a line at ``column``.

    ``node`` is ``top`` as the transformer has it (its children rebuilt).
    """
    if not isinstance(node, cst.Call):
        return node
    current: cst.BaseExpression = node
    calls: list[cst.Call] = []
    while isinstance(current, cst.Call) and isinstance(current.func, cst.Attribute):
        calls.append(current)
        current = current.func.value
    rebuilt: cst.BaseExpression = current
    for call in reversed(calls):
        func = cst.ensure_type(call.func, cst.Attribute)
        if isinstance(func.value, cst.Call):
            func = func.with_changes(dot=cst.Dot(whitespace_before=_newline(column)))
        rebuilt = call.with_changes(func=func.with_changes(value=rebuilt))
    return rebuilt


def _broken_at(top: cst.Call, positions: _Positions) -> int | None:
    """The column of the chain's dots when some start a line and some do not, else ``None``."""
    columns = [
        positions[a.attr].start.column - 1
        if isinstance(a.dot.whitespace_before, cst.ParenthesizedWhitespace)
        else None
        for a in _spine(top)
        if isinstance(a.value, cst.Call)
    ]
    broken = [c for c in columns if c is not None]
    return broken[0] if broken and len(broken) < len(columns) else None


def _spine(top: cst.BaseExpression) -> list[cst.Attribute]:
    """The attributes of the chain itself, not those inside its arguments."""
    found = []
    current: cst.BaseExpression = top
    while isinstance(current, cst.Call) and isinstance(current.func, cst.Attribute):
        found.append(current.func)
        current = current.func.value
    return found


def _arguments(
    call: cst.Call, parents: _Parents, positions: _Positions, source: str, length: int
) -> _Edit | None:
    """The call's arguments on one indented line, else one a line with a trailing comma."""
    holder = parents[call]
    if not (isinstance(holder, _HOLDERS) and holder.value is call) or not call.args:
        return None
    start = positions[call].start
    text = source.splitlines()[start.line - 1]
    indent = len(text) - len(text.lstrip())
    parts = [
        cst.Module([]).code_for_node(
            a.with_changes(
                comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=cst.SimpleWhitespace("")
            )
        )
        for a in call.args
    ]
    if indent + 4 + len(", ".join(parts)) <= length:
        args = [
            a.with_changes(
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                if i < len(call.args) - 1
                else cst.MaybeSentinel.DEFAULT,
                whitespace_after_arg=cst.SimpleWhitespace(""),
            )
            for i, a in enumerate(call.args)
        ]
        args[-1] = args[-1].with_changes(whitespace_after_arg=_newline(indent))
    else:
        args = [
            a.with_changes(
                comma=cst.Comma(
                    whitespace_after=_newline(indent + 4 if i < len(call.args) - 1 else indent)
                ),
                whitespace_after_arg=cst.SimpleWhitespace(""),
            )
            for i, a in enumerate(call.args)
        ]
    new = call.with_changes(whitespace_before_args=_newline(indent + 4), args=args)
    return {call: lambda _: new}


def _newline(column: int) -> cst.ParenthesizedWhitespace:
    return cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(),
        empty_lines=[],
        indent=False,
        last_line=cst.SimpleWhitespace(" " * column),
    )


class _Apply(cst.CSTTransformer):
    """Rebuild the nodes an edit names, each from its already-rebuilt children."""

    def __init__(self, edit: _Edit) -> None:
        super().__init__()
        self.edit = edit

    def on_leave(self, original_node: _Node, updated_node: _Node) -> _Node:
        change = self.edit.get(original_node)
        return cast(_Node, change(updated_node)) if change else updated_node
