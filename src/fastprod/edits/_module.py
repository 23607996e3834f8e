"""Merge a module's definitions into another: a model into ``models.py``, say."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

import libcst as cst

from fastprod.edits._common import DEFAULT_PATH, Statement, edit_tree, parse_module
from fastprod.edits._imports import import_into

#: ruff format's line length, past which an import is spread over lines.
LINE_LENGTH = 88
INDENT = "    "


def ensure_definitions(
    source: str,
    addition: str,
    *,
    module: str | None = None,
    first_party: Collection[str] = (),
    path: str = DEFAULT_PATH,
) -> str:
    """Make sure ``source`` holds the definitions of the module ``addition``.

    ``addition`` is a whole module (a rendered template, say). Its imports are
    made sure of one name at a time (:func:`~fastprod.edit.ensure_import`), but
    those of ``module`` itself, the module ``source`` is: a definition merged in
    needs no import of it. Each other top-level statement (a class, a function,
    an assignment; not the docstring) is appended, in order, unless every name it
    defines is already defined at the top level of ``source``: a second merge of
    the same addition changes nothing. An appended class or function is set off
    by two blank lines, as ruff format sets them.

    Args:
        source: The text of the module merged into.
        addition: The text of the module whose definitions it must hold.
        module: The dotted name of the module merged into, if it has one.
        first_party: The project's own top-level packages, for import sections.
        path: The file's path, for error messages.

    Returns:
        The new text, or ``source`` itself when everything is there.
    """
    added = parse_module(addition, f"{path} (addition)")

    def merge(tree: cst.Module) -> cst.Module:
        kept = {_line(statement) for statement in tree.body}
        for node in _imports(added.body):
            tree = _import_into(tree, node, module, frozenset(first_party))
        return _wrapped_imports(_appended(tree, _definitions(added.body)), kept)

    return edit_tree(source, path, merge)


def _line(statement: Statement) -> str:
    """The statement's code without the blank lines and comments above it."""
    return cst.Module([]).code_for_node(statement.with_changes(leading_lines=[]))


def _wrapped_imports(tree: cst.Module, kept: set[str]) -> cst.Module:
    """Spread a ``from x import a, b`` grown past the line length, one name a line.

    ``kept`` holds the code of the statements the module had before: the
    module's own lines stay as its author wrote them.
    """
    body = list(tree.body)
    changed = False
    for index, statement in enumerate(body):
        if _line(statement) in kept:
            continue
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            continue
        node = statement.body[0]
        if not isinstance(node, cst.ImportFrom) or isinstance(node.names, cst.ImportStar):
            continue
        if node.lpar is not None or len(tree.code_for_node(statement).rstrip()) <= LINE_LENGTH:
            continue
        names = [
            alias.with_changes(
                comma=cst.Comma(
                    whitespace_after=cst.ParenthesizedWhitespace(
                        first_line=cst.TrailingWhitespace(),
                        last_line=cst.SimpleWhitespace("" if last else INDENT),
                    )
                )
            )
            for last, alias in ((i == len(node.names) - 1, a) for i, a in enumerate(node.names))
        ]
        opened = cst.LeftParen(
            whitespace_after=cst.ParenthesizedWhitespace(
                first_line=cst.TrailingWhitespace(), last_line=cst.SimpleWhitespace(INDENT)
            )
        )
        spread = node.with_changes(names=names, lpar=opened, rpar=cst.RightParen())
        body[index] = statement.with_changes(body=[spread])
        changed = True
    return tree.with_changes(body=body) if changed else tree


def _imports(body: Sequence[Statement]) -> Iterator[cst.Import | cst.ImportFrom]:
    for statement in body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import | cst.ImportFrom):
                yield small


def _import_into(
    tree: cst.Module,
    node: cst.Import | cst.ImportFrom,
    module: str | None,
    first_party: frozenset[str],
) -> cst.Module:
    if isinstance(node, cst.Import):
        for alias in node.names:
            name = cst.Module([]).code_for_node(alias.name)
            tree = import_into(tree, name, alias=_alias(alias), first_party=first_party)
        return tree
    source = "" if node.module is None else cst.Module([]).code_for_node(node.module)
    relative = len(node.relative)
    if relative == 0 and source == module:
        return tree
    if isinstance(node.names, cst.ImportStar):
        raise ValueError("a star import cannot be merged")
    for alias in node.names:
        name = cst.Module([]).code_for_node(alias.name)
        tree = import_into(
            tree, source, name, alias=_alias(alias), relative=relative, first_party=first_party
        )
    return tree


def _alias(alias: cst.ImportAlias) -> str | None:
    if alias.asname is None or not isinstance(alias.asname.name, cst.Name):
        return None
    return alias.asname.name.value


def _definitions(body: Sequence[Statement]) -> list[Statement]:
    found = []
    for index, statement in enumerate(body):
        if _is_import_line(statement) or (index == 0 and _is_docstring(statement)):
            continue
        found.append(statement)
    return found


def _is_import_line(statement: Statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body
    )


def _is_docstring(statement: Statement) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    return isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString)


def _defined(statement: Statement) -> set[str]:
    """The top-level names a statement binds (classes, functions, assignments)."""
    if isinstance(statement, cst.ClassDef | cst.FunctionDef):
        return {statement.name.value}
    names: set[str] = set()
    if isinstance(statement, cst.SimpleStatementLine):
        for small in statement.body:
            targets: list[cst.BaseExpression] = []
            if isinstance(small, cst.Assign):
                targets = [target.target for target in small.targets]
            elif isinstance(small, cst.AnnAssign):
                targets = [small.target]
            names |= {target.value for target in targets if isinstance(target, cst.Name)}
    return names


def _appended(tree: cst.Module, definitions: list[Statement]) -> cst.Module:
    present = set().union(*(_defined(statement) for statement in tree.body))
    body = list(tree.body)
    for statement in definitions:
        names = _defined(statement)
        if names and names <= present:
            continue
        previous = body[-1] if body else None
        body.append(_spaced(statement, previous))
        present |= names
    if len(body) == len(tree.body):
        return tree
    return tree.with_changes(body=body)


def _is_definition(statement: Statement | None) -> bool:
    return isinstance(statement, cst.ClassDef | cst.FunctionDef)


def _spaced(statement: Statement, previous: Statement | None) -> Statement:
    """The statement with the blank lines ruff format puts before it there."""
    # The blank lines above its first comment are ruff format's to choose; the
    # comments and the lines between them and the statement stay as written.
    lines = list(statement.leading_lines)
    first = next((i for i, line in enumerate(lines) if line.comment is not None), len(lines))
    comments = lines[first:]
    blank = first
    if previous is None:
        blank = 0
    elif _is_definition(statement) or _is_definition(previous):
        blank = 2
    else:
        blank = min(max(blank, 1), 2)
    leading = [cst.EmptyLine() for _ in range(blank)]
    return statement.with_changes(leading_lines=[*leading, *comments])
