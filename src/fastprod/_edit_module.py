"""Make sure a module holds the imports and top-level definitions of a snippet.

A recipe that owns a block of definitions in a user's module (fixtures in a
``conftest.py``, tests in a test module) renders them as one snippet and asks
for them to be present: each import through :func:`ensure_import`, each
top-level function, class or assignment appended after the module's last
statement unless the module already binds its name. What is there stays as it
is, the user's edits included; a second run adds nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import libcst as cst

from ._edit_imports import ensure_import


def ensure_definitions(source: str, snippet: str, *, first_party: Collection[str] = ()) -> str:
    """Return ``source`` with every import and top-level name of ``snippet`` in it.

    Args:
        source: The module's text (empty for a new module: the snippet is the module).
        snippet: A module's text: a docstring (used only when ``source`` is empty),
            imports, then top-level statements that each bind a name.
        first_party: Top-level names that sort as the project's own imports.

    Returns:
        ``source`` unchanged when it already has every import and name, else
        ``source`` with the missing imports in its import block and the missing
        statements appended in the snippet's order, two blank lines before each
        function or class (as ruff format lays them out).
    """
    if not source.strip():
        return snippet
    addition = cst.parse_module(snippet)
    text = source
    for statement in addition.body:
        for module, name, alias in _imports(statement):
            text = ensure_import(text, module, name, alias=alias, first_party=first_party)
    bound = _bound(cst.parse_module(text))
    missing = [s for s in addition.body if not _is_import(s) and not _names(s) <= bound]
    missing = [s for s in missing if _names(s)]
    if not missing:
        return text
    body = cst.parse_module(text).body
    return _append(text, addition, missing, _is_block(body[-1]) if body else False)


def _is_block(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.FunctionDef | cst.ClassDef)


def _append(
    text: str, addition: cst.Module, missing: Sequence[cst.BaseStatement], after_block: bool
) -> str:
    pieces = [text.rstrip("\n"), "\n"]
    for statement in missing:
        code = addition.code_for_node(statement.with_changes(leading_lines=[]))
        comments = _comments(addition, statement)
        is_block = _is_block(statement)
        if comments:
            # A comment heading a section: two blank lines before it, as before a function.
            pieces += ["\n\n", comments, "\n\n" if is_block else "\n", code]
        else:
            # Two blank lines around a function or class, one between statements.
            pieces += ["\n\n" if is_block or after_block else "\n", code]
        after_block = is_block
    return "".join(pieces).rstrip("\n") + "\n"


def _comments(module: cst.Module, statement: cst.BaseStatement) -> str:
    lines = getattr(statement, "leading_lines", ())
    kept = [module.code_for_node(line) for line in lines if line.comment is not None]
    return "".join(kept)


def _is_import(statement: cst.BaseStatement) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    return any(isinstance(s, cst.Import | cst.ImportFrom) for s in statement.body)


def _imports(statement: cst.BaseStatement) -> list[tuple[str, str | None, str | None]]:
    """``(module, name, alias)`` for each name a top-level import statement binds."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return []
    found: list[tuple[str, str | None, str | None]] = []
    for small in statement.body:
        if isinstance(small, cst.Import):
            for alias in small.names:
                found.append((_dotted(alias.name), None, _alias(alias)))
        elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
            module = _dotted(small.module) if small.module is not None else ""
            for alias in small.names:
                found.append((module, _dotted(alias.name), _alias(alias)))
    return found


def _alias(alias: cst.ImportAlias) -> str | None:
    if alias.asname is None:
        return None
    name = alias.asname.name
    return name.value if isinstance(name, cst.Name) else None


def _bound(module: cst.Module) -> set[str]:
    names: set[str] = set()
    for statement in module.body:
        names |= _names(statement)
    return names


def _names(statement: cst.BaseStatement) -> set[str]:
    """The names a top-level statement binds (functions, classes, assignments)."""
    if isinstance(statement, cst.FunctionDef | cst.ClassDef):
        return {statement.name.value}
    if not isinstance(statement, cst.SimpleStatementLine):
        return set()
    names: set[str] = set()
    for small in statement.body:
        if isinstance(small, cst.Assign):
            names |= {t.target.value for t in small.targets if isinstance(t.target, cst.Name)}
        elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
            names.add(small.target.value)
    return names


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""
