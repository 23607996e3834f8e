"""What every source edit shares: parsing with a clear error, module style, comparison."""

from __future__ import annotations

import ast
import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Concatenate, ParamSpec, TypeVar

import libcst as cst

from fastprod.core._errors import ProjectError

DEFAULT_PATH = "<string>"

_Item = TypeVar("_Item", cst.ImportAlias, cst.Arg, cst.Element)
_Node = TypeVar("_Node", bound=cst.CSTNode)
_Params = ParamSpec("_Params")

#: The byte order mark some Windows editors put at the start of a UTF-8 file.
BOM = "\ufeff"

#: A statement of a module body: a line of small statements or a compound one.
Statement = cst.SimpleStatementLine | cst.BaseCompoundStatement


def parse_module(source: str, path: str) -> cst.Module:
    """Parse ``source`` into a libcst module, or raise ``ProjectError`` naming ``path:line``."""
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        line = _syntax_error_line(source) or error.editor_line
        raise ProjectError(
            f"{path}:{line}: this file is not valid Python, so it cannot be edited; fix it first"
        ) from None


def edit_tree(source: str, path: str, edit: Callable[[cst.Module], cst.Module]) -> str:
    """Parse ``source``, apply a tree edit, render; ``source`` itself when nothing changed.

    A tree edit returns the very tree it was given when it has nothing to do.
    """
    tree = parse_module(source, path)
    new = edit(tree)
    return source if new is tree else new.code


def python_tree(source: str) -> ast.Module:
    """``source`` parsed by ``ast`` (a leading BOM ignored); an empty module if it is not valid.

    For reading a module before editing it: the edit itself reports a syntax
    error with its path and line.
    """
    try:
        return ast.parse(source.removeprefix("\ufeff"))
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


#: The last module rendered and parsed by ``parsed_ast``: edits of one batch ask twice.
_LAST_PARSED: list[tuple[cst.Module, ast.Module | None]] = []


def parsed_ast(tree: cst.Module) -> ast.Module | None:
    """``tree``'s code parsed by ``ast``, or ``None`` for syntax newer than this Python."""
    if _LAST_PARSED and _LAST_PARSED[0][0] is tree:
        return _LAST_PARSED[0][1]
    try:
        parsed: ast.Module | None = ast.parse(tree.code)
    except SyntaxError:
        parsed = None
    _LAST_PARSED[:] = [(tree, parsed)]
    return parsed


def _syntax_error_line(source: str) -> int | None:
    # CPython's own parser points at the right line more reliably than libcst's message.
    try:
        ast.parse(source)
    except SyntaxError as error:
        return error.lineno
    return None


def keeps_bom(
    edit: Callable[Concatenate[str, _Params], str],
) -> Callable[Concatenate[str, _Params], str]:
    """Make a source edit keep a leading byte order mark.

    libcst drops the mark from the code it renders, and the ``ast`` checks
    reject it; the edit runs on the text after it, and the mark is put back.
    """

    @functools.wraps(edit)
    def edited(source: str, /, *args: _Params.args, **kwargs: _Params.kwargs) -> str:
        if not source.startswith(BOM):
            return edit(source, *args, **kwargs)
        text = source[len(BOM) :]
        result = edit(text, *args, **kwargs)
        # An edit that changes nothing returns its input: hand back the caller's string.
        return source if result is text else BOM + result

    return edited


def parse_snippet(code: str) -> Statement:
    """Parse one statement written by a recipe; a bad snippet is a bug, so ``ValueError``."""
    try:
        return cst.parse_statement(code)
    except cst.ParserSyntaxError as error:
        raise ValueError(f"not a single Python statement: {code!r} ({error.message})") from None


def parse_expression(code: str) -> cst.BaseExpression:
    """Parse one expression written by a recipe; a bad one is a bug, so ``ValueError``."""
    try:
        return cst.parse_expression(code)
    except cst.ParserSyntaxError as error:
        raise ValueError(f"not a Python expression: {code!r} ({error.message})") from None


def dump(code: str) -> str:
    """Return ``code`` (one statement or expression) in a form that ignores formatting."""
    return ast.dump(ast.parse(code.strip()))


def expression_dump(node: ast.AST) -> str:
    """Return an ``ast`` node in a form that ignores formatting, comments and quotes."""
    return ast.dump(node)


def is_docstring(statement: cst.BaseStatement) -> bool:
    """True for a statement that is a lone string literal (a module or class docstring)."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    return isinstance(small, cst.Expr) and isinstance(
        small.value, cst.SimpleString | cst.ConcatenatedString
    )


def blank_lines(count: int) -> tuple[cst.EmptyLine, ...]:
    """Return ``count`` empty lines, rendered with the module's own newline."""
    # ``indent=False``: a blank line inside a block carries no trailing whitespace.
    return tuple(cst.EmptyLine(indent=False) for _ in range(count))


def with_blank_lines_before(statement: Statement, count: int) -> Statement:
    """Make sure ``statement`` is preceded by at least ``count`` blank lines (comments kept)."""
    leading = tuple(statement.leading_lines)
    present = 0
    for line in leading:
        if line.comment is not None:
            break
        present += 1
    if present >= count:
        return statement
    return statement.with_changes(leading_lines=blank_lines(count - present) + leading)


def blank_lines_for(statement: cst.BaseStatement) -> int:
    """PEP 8 spacing before a top-level ``statement``: two for a def or class, else one."""
    return 2 if isinstance(statement, cst.FunctionDef | cst.ClassDef) else 1


class _QuoteMatcher(cst.CSTTransformer):
    """Rewrite single-line string literals to the module's quote, where no escape changes."""

    def __init__(self, quote: str) -> None:
        super().__init__()
        self.quote = quote

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        value = updated_node.value
        prefix = updated_node.prefix
        body = value[len(prefix) + 1 : -1]
        if updated_node.quote not in ('"', "'") or updated_node.quote == self.quote:
            return updated_node
        # Changing the quote of a literal that contains either quote would change escapes.
        if "'" in body or '"' in body:
            return updated_node
        return updated_node.with_changes(value=f"{prefix}{self.quote}{body}{self.quote}")


#: The quote of the module being edited by a batch, counted once on its first parse.
_QUOTE: contextvars.ContextVar[str | None] = contextvars.ContextVar("quote", default=None)


@contextlib.contextmanager
def quote_counted_once(module: cst.Module) -> Iterator[None]:
    """Count ``module``'s quote style once for every edit made inside the block.

    A batch of edits restyles each snippet it inserts; counting the strings of a
    large module (a full tree walk) for each one would dominate the batch's cost,
    and its own insertions do not change the module's style.
    """
    token = _QUOTE.set(preferred_quote(module))
    try:
        yield
    finally:
        _QUOTE.reset(token)


def preferred_quote(module: cst.Module) -> str:
    """The quote most of the module's one-line strings use; ``"`` on a tie."""
    counted = _QUOTE.get()
    if counted is not None:
        return counted
    counts = {'"': 0, "'": 0}
    for string in _simple_strings(module):
        if string.quote in counts:
            counts[string.quote] += 1
    return "'" if counts["'"] > counts['"'] else '"'


def _simple_strings(module: cst.Module) -> Iterator[cst.SimpleString]:
    collector = _StringCollector()
    module.visit(collector)
    yield from collector.strings


class _StringCollector(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.strings: list[cst.SimpleString] = []

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self.strings.append(node)


def in_module_style(module: cst.Module, statement: Statement) -> Statement:
    """Return ``statement`` with its string quotes matched to ``module``.

    Indentation and newlines need no work: a snippet parsed on its own leaves them
    unset, and libcst renders unset ones with the module's ``default_indent`` and
    ``default_newline``.
    """
    return matched_quotes(module, statement)


def matched_quotes(module: cst.Module, node: _Node) -> _Node:
    """Return ``node`` with its one-line string literals in ``module``'s quote style."""
    matched = node.visit(_QuoteMatcher(preferred_quote(module)))
    assert isinstance(matched, type(node))
    return matched


def insert_item(
    items: Sequence[_Item],
    index: int,
    item: _Item,
    opening: cst.BaseParenthesizableWhitespace | None,
) -> list[_Item]:
    """Insert ``item`` into a comma-separated sequence, in the sequence's own layout.

    Args:
        items: The current items (import names, call arguments, list elements).
        index: Where the new item goes.
        item: The new item; its comma is replaced.
        opening: The whitespace after the opening bracket, used to indent the first
            separator of a one-item multi-line sequence.
    """
    if not items:
        return [item.with_changes(comma=cst.MaybeSentinel.DEFAULT)]
    separator = _separator(items, opening)
    trailing = items[-1].comma
    result: list[_Item] = []
    for position, existing in enumerate(items):
        if position == index:
            result.append(item.with_changes(comma=separator))
        if position == len(items) - 1 and index == len(items):
            existing = existing.with_changes(comma=_as_separator(trailing, separator))
        result.append(existing)
    if index == len(items):
        last_comma = _without_comment(trailing) if isinstance(trailing, cst.Comma) else trailing
        result.append(item.with_changes(comma=last_comma))
        _move_closing_whitespace(result)
    return result


def _move_closing_whitespace(result: list[_Item]) -> None:
    # A call keeps the whitespace before ``)`` on its last argument: hand it to the new one.
    old_last, new_last = result[-2], result[-1]
    if isinstance(old_last, cst.Arg) and isinstance(new_last, cst.Arg):
        result[-1] = new_last.with_changes(whitespace_after_arg=old_last.whitespace_after_arg)
        result[-2] = old_last.with_changes(whitespace_after_arg=cst.SimpleWhitespace(""))


def _separator(
    items: Sequence[_Item], opening: cst.BaseParenthesizableWhitespace | None
) -> cst.Comma:
    first = items[0].comma
    if len(items) >= 2 and isinstance(first, cst.Comma):
        return _without_comment(first)
    # One item: a multi-line layout is seen on its trailing comma and the opening bracket.
    if (
        isinstance(first, cst.Comma)
        and isinstance(first.whitespace_after, cst.ParenthesizedWhitespace)
        and isinstance(opening, cst.ParenthesizedWhitespace)
    ):
        after = first.whitespace_after.with_changes(last_line=opening.last_line)
        return _without_comment(first.with_changes(whitespace_after=after))
    if not isinstance(first, cst.Comma) and isinstance(opening, cst.ParenthesizedWhitespace):
        return _without_comment(cst.Comma(whitespace_after=opening))
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _as_separator(trailing: cst.Comma | cst.MaybeSentinel, separator: cst.Comma) -> cst.Comma:
    # A trailing comma keeps its own comment but takes the separator's indentation.
    if (
        isinstance(trailing, cst.Comma)
        and isinstance(trailing.whitespace_after, cst.ParenthesizedWhitespace)
        and isinstance(separator.whitespace_after, cst.ParenthesizedWhitespace)
    ):
        last_line = separator.whitespace_after.last_line
        return trailing.with_changes(
            whitespace_after=trailing.whitespace_after.with_changes(last_line=last_line)
        )
    return separator


def _without_comment(comma: cst.Comma) -> cst.Comma:
    after = comma.whitespace_after
    if isinstance(after, cst.ParenthesizedWhitespace) and after.first_line.comment is not None:
        first_line = after.first_line.with_changes(
            comment=None, whitespace=cst.SimpleWhitespace("")
        )
        return comma.with_changes(whitespace_after=after.with_changes(first_line=first_line))
    return comma
