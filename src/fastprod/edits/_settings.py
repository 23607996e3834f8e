"""Fields of the project's pydantic ``BaseSettings`` class."""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst

from fastprod.core._errors import RecipeError
from fastprod.edits._common import (
    DEFAULT_PATH,
    blank_lines,
    edit_tree,
    in_module_style,
    is_docstring,
    keeps_bom,
    parse_snippet,
    with_blank_lines_before,
)
from fastprod.edits._order import place


@keeps_bom
def add_settings_field(
    source: str,
    class_name: str,
    name: str,
    annotation: str,
    default: str | None = None,
    *,
    group: str | None = None,
    path: str = DEFAULT_PATH,
) -> str:
    """Make sure the settings class ``class_name`` declares the field ``name``.

    ``add_settings_field(text, "Settings", "redis_url", "str", '"redis://localhost:6379/0"')``
    adds ``redis_url: str = "redis://localhost:6379/0"`` after the class's last
    field (after its docstring when it has none, replacing a lone ``pass``), in the
    class's indentation and the module's quotes. The annotation's imports are the
    caller's to ensure (:func:`ensure_import`).

    With a ``group`` (``"Cache"``), the field joins the fields under the comment
    ``# Cache``, after the last of them; with no such group yet, the group is
    started (a blank line, ``# Cache``, the field) in the sorted run of groups that
    ends the class's fields, by title (:mod:`fastprod.edits._order`): after the project's
    own fields, whose lines never move, and among the other groups recipes added,
    so that recipes reach the same class in either order.

    Args:
        source: The text of the module defining the class.
        class_name: The ``BaseSettings`` subclass (``project.settings.class_name``).
        name: The field name.
        annotation: Python source of the type (``"str"``, ``"SecretStr"``, ``"list[str]"``).
        default: Python source of the default; ``None`` for a required field.
        group: The title of the field's group, one line of plain text.
        path: The file's path, for error messages.

    Returns:
        The new text, or ``source`` itself when the class already declares ``name``
        (annotated or not), whatever its type, default and place.

    Raises:
        ProjectError: ``source`` is not valid Python.
        RecipeError: No module-level class ``class_name``.
        ValueError: ``annotation`` or ``default`` is not valid Python.
    """
    return edit_tree(
        source,
        path,
        lambda tree: settings_field_into(
            tree, class_name, name, annotation, default, path, group=group
        ),
    )


def settings_field_into(
    tree: cst.Module,
    class_name: str,
    name: str,
    annotation: str,
    default: str | None = None,
    path: str = DEFAULT_PATH,
    *,
    group: str | None = None,
) -> cst.Module:
    """:func:`add_settings_field` on a parsed module; ``tree`` itself when present."""
    position = _class_position(tree, class_name)
    if position is None:
        raise RecipeError(f"{path}: no module-level class `{class_name}` was found")
    cls = tree.body[position]
    assert isinstance(cls, cst.ClassDef)
    lines = _class_lines(cls.body)
    if any(_declares(line, name) for line in lines):
        return tree
    indent = _body_indent(cls.body, tree.default_indent)
    code = _wrapped(f"{name}: {annotation}", default, indent, tree.default_newline)
    field = in_module_style(tree, parse_snippet(code))
    placed = _with_field(lines, field) if group is None else _in_group(lines, field, group)
    new_body = cst.IndentedBlock(body=placed)
    if isinstance(cls.body, cst.IndentedBlock):
        new_body = cls.body.with_changes(body=new_body.body)
    body = list(tree.body)
    body[position] = cls.with_changes(body=new_body)
    return tree.with_changes(body=body)


#: Ruff's and black's default: a field longer than this is wrapped the way they would.
LINE_LENGTH = 88


def _body_indent(suite: cst.BaseSuite, default: str) -> str:
    if isinstance(suite, cst.IndentedBlock) and suite.indent is not None:
        return suite.indent
    return default


def _wrapped(head: str, default: str | None, indent: str, newline: str) -> str:
    """``head = default``, its call's arguments wrapped as ruff format would when
    the line does not fit: all on one indented line, else one a line."""
    line = head if default is None else f"{head} = {default}"
    arguments = _call_arguments(default)
    if len(indent + line) <= LINE_LENGTH or arguments is None:
        return line
    callee, parts = arguments
    # The snippet is written at column 0: libcst indents its continuation lines
    # by the block's indentation when it is inserted.
    hugged = ", ".join(parts)
    if len(indent * 2 + hugged) <= LINE_LENGTH:
        return f"{head} = {callee}({newline}{indent}{hugged}{newline})"
    each = "".join(f"{indent}{part},{newline}" for part in parts)
    return f"{head} = {callee}({newline}{each})"


def _call_arguments(default: str | None) -> tuple[str, list[str]] | None:
    """``(callee, [argument source, ...])`` when ``default`` is one call, else ``None``."""
    if default is None:
        return None
    try:
        node = ast.parse(default, mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(node, ast.Call) or not (node.args or node.keywords):
        return None
    parts = [ast.get_source_segment(default, arg) or "" for arg in node.args]
    parts += [ast.get_source_segment(default, keyword) or "" for keyword in node.keywords]
    return ast.get_source_segment(default, node.func) or "", parts


def _class_position(tree: cst.Module, class_name: str) -> int | None:
    for index, statement in enumerate(tree.body):
        if isinstance(statement, cst.ClassDef) and statement.name.value == class_name:
            return index
    return None


def _class_lines(suite: cst.BaseSuite) -> list[cst.BaseStatement]:
    if isinstance(suite, cst.IndentedBlock):
        return list(suite.body)
    # ``class Settings(BaseSettings): pass`` becomes a block, one line per statement.
    assert isinstance(suite, cst.SimpleStatementSuite)
    return [cst.SimpleStatementLine(body=[small]) for small in suite.body]


def _declares(line: cst.BaseStatement, name: str) -> bool:
    if not isinstance(line, cst.SimpleStatementLine):
        return False
    for small in line.body:
        if isinstance(small, cst.AnnAssign) and _is_name(small.target, name):
            return True
        if isinstance(small, cst.Assign) and any(_is_name(t.target, name) for t in small.targets):
            return True
    return False


def _is_name(node: cst.CSTNode, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _is_field(line: cst.BaseStatement) -> bool:
    return isinstance(line, cst.SimpleStatementLine) and any(
        isinstance(small, cst.AnnAssign) for small in line.body
    )


def _is_placeholder(line: cst.BaseStatement) -> bool:
    """``pass`` or ``...``, which only hold the place of a body."""
    if not isinstance(line, cst.SimpleStatementLine) or line.leading_lines:
        return False
    return all(
        isinstance(small, cst.Pass)
        or (isinstance(small, cst.Expr) and isinstance(small.value, cst.Ellipsis))
        for small in line.body
    )


def _with_field(
    lines: Sequence[cst.BaseStatement],
    field: cst.SimpleStatementLine | cst.BaseCompoundStatement,
) -> list[cst.BaseStatement]:
    fields = [index for index, line in enumerate(lines) if _is_field(line)]
    if fields:
        at = fields[-1] + 1
        return [*lines[:at], field, *lines[at:]]
    has_docstring = bool(lines) and is_docstring(lines[0])
    rest = [line for line in lines[int(has_docstring) :] if not _is_placeholder(line)]
    if rest and isinstance(rest[0], cst.FunctionDef | cst.ClassDef):
        # Set the first method apart from the field now above it.
        rest[0] = with_blank_lines_before(rest[0], 1)
    if not has_docstring:
        return [field, *rest]
    # A blank line between a class docstring and its first field, as ruff format wants.
    spaced = field.with_changes(leading_lines=[*blank_lines(1), *field.leading_lines])
    return [lines[0], spaced, *rest]


def _in_group(
    lines: Sequence[cst.BaseStatement],
    field: cst.SimpleStatementLine | cst.BaseCompoundStatement,
    group: str,
) -> list[cst.BaseStatement]:
    """``lines`` with ``field`` in its group: see :func:`add_settings_field`."""
    if "\n" in group or "\r" in group or not group.strip():
        raise ValueError(f"a settings group is one line of text: {group!r}")
    fields = [index for index, line in enumerate(lines) if _is_field(line)]
    if not fields:
        return _with_field(lines, _headed(field, group, blank=False))
    paragraphs = _paragraphs(lines, fields[0], fields[-1])
    titles = [_title(lines, start, end) for start, end in paragraphs]
    if group in titles:
        end = paragraphs[titles.index(group)][1]
        return [*lines[:end], field, *lines[end:]]
    at = place(titles, group)
    start = paragraphs[at][0] if at < len(paragraphs) else fields[-1] + 1
    return [*lines[:start], _headed(field, group, blank=True), *lines[start:]]


def _paragraphs(lines: Sequence[cst.BaseStatement], first: int, last: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of lines from ``first`` to ``last``, split at blank lines."""
    starts = [first] + [i for i in range(first + 1, last + 1) if _after_blank(lines[i])]
    ends = [*starts[1:], last + 1]
    return list(zip(starts, ends, strict=True))


def _after_blank(line: cst.BaseStatement) -> bool:
    return any(empty.comment is None for empty in _leading(line))


def _leading(line: cst.BaseStatement) -> Sequence[cst.EmptyLine]:
    if isinstance(line, cst.SimpleStatementLine | cst.BaseCompoundStatement):
        return line.leading_lines
    return ()


def _title(lines: Sequence[cst.BaseStatement], start: int, end: int) -> str | None:
    """The group title of a paragraph of fields headed ``# Title`` after a blank line."""
    leading = _leading(lines[start])
    if len(leading) < 2 or leading[-2].comment is not None or leading[-1].comment is None:
        return None
    if not all(_is_field(line) for line in lines[start:end]):
        return None
    return leading[-1].comment.value.lstrip("#").strip() or None


def _headed(
    field: cst.SimpleStatementLine | cst.BaseCompoundStatement, group: str, *, blank: bool
) -> cst.SimpleStatementLine | cst.BaseCompoundStatement:
    header = cst.EmptyLine(comment=cst.Comment(f"# {group.strip()}"))
    return field.with_changes(leading_lines=[*blank_lines(int(blank)), header])
