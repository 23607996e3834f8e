"""Names written in code: ``a.b.c`` for an attribute chain, as the project layer reads them."""

from __future__ import annotations

import ast

_Name, _Attribute = ast.Name, ast.Attribute


def dotted(expr: ast.expr | None) -> str | None:
    """``app.state.db`` for that attribute chain; ``None`` for anything else (a call...)."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        inner = dotted(expr.value)
        return f"{inner}.{expr.attr}" if inner else None
    return None


def last_name(node: ast.AST | None) -> str | None:
    """The last segment of a dotted name (``deps.get_user`` -> ``get_user``)."""
    # Parsed trees hold no subclasses of the node types: an identity test is enough.
    kind = node.__class__
    if kind is _Attribute:
        return node.attr  # type: ignore[union-attr,no-any-return]
    if kind is _Name:
        return node.id  # type: ignore[union-attr,no-any-return]
    return None
