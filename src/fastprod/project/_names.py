"""Names written in code: ``a.b.c`` for an attribute chain, as the project layer reads them."""

from __future__ import annotations

import ast


def dotted(expr: ast.expr | None) -> str | None:
    """``app.state.db`` for that attribute chain; ``None`` for anything else (a call...)."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        inner = dotted(expr.value)
        return f"{inner}.{expr.attr}" if inner else None
    return None
