"""Merge a module's definitions into another: a model into ``models.py``, say."""

from __future__ import annotations

import bisect
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
    early: bool = False,
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

    With ``early``, the definitions go as early as they can instead: after the
    imports and after every top-level statement that defines a name they use.
    A recipe whose definitions others build on (auth's users) merges early and
    the others append, so that either order leaves the same module.

    Args:
        source: The text of the module merged into.
        addition: The text of the module whose definitions it must hold.
        module: The dotted name of the module merged into, if it has one.
        first_party: The project's own top-level packages, for import sections.
        path: The file's path, for error messages.
        early: Place the definitions after what they need, not at the end.

    Returns:
        The new text, or ``source`` itself when everything is there.
    """
    added = parse_module(addition, f"{path} (addition)")

    def merge(tree: cst.Module) -> cst.Module:
        kept = {_line(statement) for statement in tree.body}
        # A module importing its siblings relatively only gets relative imports of them.
        package = _relative_package(tree, module)
        for node in _imports(added.body):
            node = _made_relative(node, package)
            tree = _import_into(tree, node, module, frozenset(first_party))
        definitions = _definitions(added.body)
        merged = _early(tree, definitions) if early else _appended(tree, definitions)
        return _wrapped_imports(merged, kept)

    return edit_tree(source, path, merge)


def _relative_package(tree: cst.Module, module: str | None) -> str | None:
    """The package of ``module`` when the module imports its siblings only relatively
    (``from .models import Item``); ``None`` otherwise."""
    if module is None or "." not in module:
        return None
    package = module.rpartition(".")[0]
    relative = absolute = False
    for node in _imports(tree.body):
        if not isinstance(node, cst.ImportFrom):
            continue
        source = "" if node.module is None else cst.Module([]).code_for_node(node.module)
        relative |= len(node.relative) == 1
        absolute |= not node.relative and source.startswith(package + ".")
    return package if relative and not absolute else None


def _made_relative(
    node: cst.Import | cst.ImportFrom, package: str | None
) -> cst.Import | cst.ImportFrom:
    """``from .x import n`` for ``from <package>.x import n``; other imports as they are."""
    if package is None or not isinstance(node, cst.ImportFrom) or node.relative:
        return node
    source = "" if node.module is None else cst.Module([]).code_for_node(node.module)
    if not source.startswith(package + "."):
        return node
    inner = cst.parse_expression(source.removeprefix(package + "."))
    assert isinstance(inner, cst.Name | cst.Attribute)
    return node.with_changes(module=inner, relative=[cst.Dot()])


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


def _missing(tree: cst.Module, definitions: list[Statement]) -> list[Statement]:
    """The definitions ``tree`` lacks: not every name they bind is bound at its top level."""
    present = set().union(*(_defined(statement) for statement in tree.body))
    missing = []
    for statement in definitions:
        names = _defined(statement)
        if names and names <= present:
            continue
        missing.append(statement)
        present |= names
    return missing


def _appended(tree: cst.Module, definitions: list[Statement]) -> cst.Module:
    missing = _missing(tree, definitions)
    if not missing:
        return tree
    body = list(tree.body)
    for statement in missing:
        previous = body[-1] if body else None
        body.append(_spaced(statement, previous))
    return tree.with_changes(body=body)


def _early(tree: cst.Module, definitions: list[Statement]) -> cst.Module:
    """``definitions`` placed after the imports and after what defines a name they use."""
    missing = _missing(tree, definitions)
    if not missing:
        return tree
    used: set[str] = set()
    for statement in missing:
        used |= {node.value for node in _names_in(statement)}
    body = list(tree.body)
    at = 0
    for index, statement in enumerate(body):
        opening = index == 0 and _is_docstring(statement)
        if opening or _is_import_line(statement) or _defined(statement) & used:
            at = index + 1
    placed: list[Statement] = []
    previous = body[at - 1] if at else None
    for statement in missing:
        placed.append(_spaced(statement, previous))
        previous = placed[-1]
    rest = body[at:]
    if rest:
        rest[0] = _spaced(rest[0], previous)
    return tree.with_changes(body=[*body[:at], *placed, *rest])


def _names_in(statement: Statement) -> list[cst.Name]:
    found: list[cst.Name] = []

    class _Names(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            found.append(node)

    statement.visit(_Names())
    return found


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


def ensure_export(
    source: str,
    module: str,
    name: str,
    *,
    relative: int = 0,
    first_party: Collection[str] = (),
    path: str = DEFAULT_PATH,
) -> str:
    """Make sure a package's ``__init__`` imports ``name`` from ``module`` and exports it.

    The import as :func:`~fastprod.edit.ensure_import` makes it; ``name`` joins a
    module-level ``__all__`` list or tuple of strings when there is one, at its end,
    in the quotes of its first entry (a models package registering each model so).

    Returns:
        The new text, or ``source`` itself when both are there.
    """

    def edit(tree: cst.Module) -> cst.Module:
        tree = import_into(tree, module, name, relative=relative, first_party=first_party)
        body = [_exported(line, name) for line in tree.body]
        return tree.with_changes(body=body)

    return edit_tree(source, path, edit)


def _exported(line: cst.BaseStatement, name: str) -> cst.BaseStatement:
    """The line with ``name`` added, when it is ``__all__ = [...]`` without it."""
    if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
        return line
    assign = line.body[0]
    if not (
        isinstance(assign, cst.Assign)
        and len(assign.targets) == 1
        and isinstance(assign.targets[0].target, cst.Name)
        and assign.targets[0].target.value == "__all__"
        and isinstance(assign.value, cst.List | cst.Tuple)
    ):
        return line
    elements = list(assign.value.elements)
    strings = [e.value for e in elements if isinstance(e.value, cst.SimpleString)]
    if len(strings) != len(elements) or name in {s.evaluated_value for s in strings}:
        return line
    quote = strings[0].quote if strings else '"'
    added = cst.Element(cst.SimpleString(f"{quote}{name}{quote}"))
    opening = _opening_space(assign.value)
    # One entry a line, or all on one: the comma between entries.
    between = cst.Comma(
        whitespace_after=opening
        if isinstance(opening, cst.ParenthesizedWhitespace)
        else cst.SimpleWhitespace(" ")
    )
    names = [str(s.evaluated_value) for s in strings]
    # Sorted, it stays sorted; else the name goes last.
    at = bisect.bisect(names, name) if names == sorted(names) else len(names)
    if at < len(elements):
        elements.insert(at, added.with_changes(comma=between))
    elif elements and isinstance(elements[-1].comma, cst.Comma):
        # A trailing comma: the new last entry keeps it.
        elements.append(added.with_changes(comma=elements[-1].comma))
        elements[-2] = elements[-2].with_changes(comma=between)
    else:
        if elements:
            elements[-1] = elements[-1].with_changes(comma=between)
        elements.append(added)
    value = assign.value.with_changes(elements=elements)
    return line.with_changes(body=[assign.with_changes(value=value)])


def _opening_space(value: cst.List | cst.Tuple) -> cst.BaseParenthesizableWhitespace:
    """The space after the opening bracket of a list or a tuple."""
    if isinstance(value, cst.List):
        return value.lbracket.whitespace_after
    return value.lpar[0].whitespace_after if value.lpar else cst.SimpleWhitespace("")
