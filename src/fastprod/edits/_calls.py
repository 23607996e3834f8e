"""Edits of one call in a module, found by its line: a loader option, a keyword, a function.

``optimize_db`` changes queries and engines where the reading found them:
:func:`ensure_loader_option` adds ``.options(selectinload(Model.rel))`` right
after a ``select(Model)`` / ``session.query(Model)``; :func:`ensure_call_argument`
adds a keyword (``index=True``) or a ``**spread`` to a call; :func:`ensure_function`
adds a module-level function before the statement that uses it. Each one means
"make sure this is present" and returns ``source`` itself when it is.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from fastprod.core._errors import RecipeError
from fastprod.edits._common import (
    DEFAULT_PATH,
    blank_lines,
    edit_tree,
    insert_item,
    keeps_bom,
    parse_expression,
    parse_snippet,
)
from fastprod.edits._layout import LINE_LENGTH, call_at, fit_call

_Match = Callable[[cst.Call], bool]


@keeps_bom
def ensure_loader_option(
    source: str,
    line: int,
    model: str,
    attribute: str,
    loader: str,
    *,
    path: str = DEFAULT_PATH,
    length: int = LINE_LENGTH,
) -> str:
    """Make sure the ``select(model)`` on ``line`` loads ``model.attribute`` with ``loader``.

    ``model`` is the class as the query names it (``Author`` or ``models.Author``).
    ``select(Author).where(...)`` becomes ``select(Author).options(selectinload(Author.books))
    .where(...)``. A chain whose ``.options(...)`` already names ``Author.books`` (with
    any loader) is left as it is. A statement the option takes past ``length``
    is laid out as ruff format would (:func:`~fastprod.edits._layout.fit_call`).

    Raises:
        ProjectError: ``source`` is not valid Python.
        RecipeError: No ``select(model)`` or ``.query(model)`` starts on ``line``.
    """
    if _loads_already(source, line, model, attribute):
        return source
    option = parse_expression(f"{loader}({model}.{attribute})")

    def wrap(node: cst.Call) -> cst.BaseExpression:
        attr = cst.Attribute(value=node, attr=cst.Name("options"))
        return cst.Call(func=attr, args=[cst.Arg(option)])

    edited = edit_tree(source, path, lambda tree: _at_line(tree, line, _selects(model), wrap, path))
    if edited is source:
        return source
    return fit_call(edited, line, _selects(model), length=length, path=path)


@keeps_bom
def ensure_call_argument(
    source: str,
    line: int,
    callee: str,
    keyword: str | None,
    value: str,
    *,
    path: str = DEFAULT_PATH,
    length: int = LINE_LENGTH,
) -> str:
    """Make sure the ``callee(...)`` call on ``line`` passes ``keyword=value``.

    ``keyword=None`` means a ``**value`` spread. A keyword already passed (with
    any value) and a spread of the same code are left as they are. A statement
    the argument takes past ``length`` is laid out as ruff format would.

    Raises:
        ProjectError: ``source`` is not valid Python.
        RecipeError: No call of ``callee`` starts on ``line``.
    """
    expression = parse_expression(value)

    def add(node: cst.Call) -> cst.BaseExpression:
        for arg in node.args:
            if keyword is not None and arg.keyword and arg.keyword.value == keyword:
                return node
            if keyword is None and arg.star == "**" and arg.value.deep_equals(expression):
                return node
        if keyword is None:
            new = cst.Arg(expression, star="**")
        else:
            new = cst.Arg(
                expression,
                keyword=cst.Name(keyword),
                equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
            )
        args = insert_item(node.args, len(node.args), new, node.whitespace_before_args)
        return node.with_changes(args=args)

    def calls(node: cst.Call) -> bool:
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        return name == callee

    edited = edit_tree(source, path, lambda tree: _at_line(tree, line, calls, add, path))
    if edited is source:
        return source
    return fit_call(edited, line, calls, length=length, path=path)


@keeps_bom
def ensure_function(source: str, code: str, before_line: int, *, path: str = DEFAULT_PATH) -> str:
    """Make sure the module defines the function ``code``, before the statement on ``before_line``.

    A module-level function of that name already defined (whatever its body) is kept.

    Raises:
        ProjectError: ``source`` is not valid Python.
        ValueError: ``code`` is not one function definition.
    """
    statement = parse_snippet(code)
    if not isinstance(statement, cst.FunctionDef):
        raise ValueError("ensure_function takes one function definition")
    name = statement.name.value

    def insert(tree: cst.Module) -> cst.Module:
        if any(isinstance(s, cst.FunctionDef) and s.name.value == name for s in tree.body):
            return tree
        wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
        body = list(tree.body)
        index = next(
            (i for i, s in enumerate(body) if positions[s].end.line >= before_line), len(body)
        )
        new = statement.with_changes(leading_lines=blank_lines(2))
        following = body[index] if index < len(body) else None
        if following is not None:
            body[index] = following.with_changes(leading_lines=blank_lines(2))
        body.insert(index, new)
        return tree.with_changes(body=body)

    return edit_tree(source, path, insert)


def _selects(model: str) -> _Match:
    def matches(node: cst.Call) -> bool:
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        if name not in {"select", "query"} or len(node.args) != 1:
            return False
        first = node.args[0].value
        return isinstance(first, cst.Name | cst.Attribute) and _code(first) == model

    return matches


def _at_line(
    tree: cst.Module,
    line: int,
    matches: _Match,
    change: Callable[[cst.Call], cst.BaseExpression],
    path: str,
) -> cst.Module:
    wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    target = call_at(tree, line, matches, positions)
    if target is None:
        raise RecipeError(f"{path}:{line}: the call to change is not there any more")
    new = change(target)
    if new is target:
        return tree

    class Replacer(cst.CSTTransformer):
        def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
            return new if original is target else updated

    return tree.visit(Replacer())


def _loads_already(source: str, line: int, model: str, attribute: str) -> bool:
    """True when the chain of the select on ``line`` has an ``.options`` naming the attribute."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _tail(node.func) == "options"):
            continue
        if not _mentions(node, model, attribute):
            continue
        inner = node.func.value if isinstance(node.func, ast.Attribute) else None
        while isinstance(inner, ast.Call):
            if inner.lineno == line and _tail(inner.func) in {"select", "query"}:
                return True
            inner = inner.func.value if isinstance(inner.func, ast.Attribute) else None
    return False


def _mentions(call: ast.Call, model: str, attribute: str) -> bool:
    for arg in call.args:
        for node in ast.walk(arg):
            if not (isinstance(node, ast.Attribute) and node.attr == attribute):
                continue
            owner = node.value
            if isinstance(owner, ast.Name | ast.Attribute) and ast.unparse(owner) == model:
                return True
    return False


def _code(node: cst.CSTNode) -> str:
    """``models.Book`` for the expression, whatever whitespace it is written with."""
    return ast.unparse(ast.parse(cst.Module([]).code_for_node(node).strip(), mode="eval"))


def _tail(expr: ast.expr) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None
