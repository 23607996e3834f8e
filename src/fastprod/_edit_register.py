"""Registrations on the app: middleware, exception handlers, routers."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Sequence

import libcst as cst

from ._edit_app import ensure_statement
from ._edit_common import DEFAULT_PATH, keeps_bom, parse_module, parse_snippet
from ._project import AppLocation


@keeps_bom
def add_middleware(
    source: str,
    app: AppLocation,
    middleware: str,
    /,
    *,
    path: str = DEFAULT_PATH,
    **options: str,
) -> str:
    """Make sure the app adds the middleware class ``middleware``.

    ``add_middleware(text, app, "GZipMiddleware", minimum_size="1000")`` adds
    ``app.add_middleware(GZipMiddleware, minimum_size=1000)`` where
    :func:`add_app_statement` puts statements. Starlette runs the middleware added
    last first, so each call wraps the ones before it.

    Args:
        source: The text of the module that builds the app.
        app: Where the app is created.
        middleware: Python source naming the middleware class.
        path: The file's path, for error messages.
        **options: Keyword arguments, each value Python source
            (``allow_origins="settings.cors_origins"``, ``header_name='"X-Request-ID"'``).

    Returns:
        The new text, or ``source`` itself when the module already adds that class
        anywhere (``x.add_middleware(Class, ...)`` or ``Middleware(Class, ...)``),
        whatever its options.
    """
    wanted = _expression_dump(middleware)

    def present(tree: cst.Module) -> bool:
        return _registered(tree, "add_middleware", "middleware_class", wanted) or any(
            first == wanted for first in _first_arguments(tree, "Middleware")
        )

    arguments = [middleware, *(f"{key}={value}" for key, value in options.items())]
    return _ensure_registered(source, app, "add_middleware", arguments, present, path)


@keeps_bom
def add_exception_handler(
    source: str, app: AppLocation, exc: str, handler: str, *, path: str = DEFAULT_PATH
) -> str:
    """Make sure the app handles exception class (or status code) ``exc``.

    Adds ``app.add_exception_handler(exc, handler)`` where :func:`add_app_statement`
    puts statements.

    Args:
        source: The text of the module that builds the app.
        app: Where the app is created.
        exc: Python source of the exception class or status code (``"AppError"``, ``"404"``).
        handler: Python source naming the handler function.
        path: The file's path, for error messages.

    Returns:
        The new text, or ``source`` itself when the module already handles ``exc``
        anywhere: ``x.add_exception_handler(exc, ...)``, ``@x.exception_handler(exc)``,
        or ``exception_handlers={exc: ...}``, whichever handler it names.
    """
    wanted = _expression_dump(exc)

    def present(tree: cst.Module) -> bool:
        return (
            _registered(tree, "add_exception_handler", "exc_class_or_status_code", wanted)
            or _registered(tree, "exception_handler", "exc_class_or_status_code", wanted)
            or wanted in _handler_map_keys(tree)
        )

    return _ensure_registered(source, app, "add_exception_handler", [exc, handler], present, path)


@keeps_bom
def include_router(
    source: str,
    app: AppLocation,
    router: str,
    *,
    prefix: str | None = None,
    tags: Sequence[str] | None = None,
    path: str = DEFAULT_PATH,
) -> str:
    """Make sure the app includes ``router``.

    ``include_router(text, app, "items.router", prefix="/items", tags=["items"])``
    adds ``app.include_router(items.router, prefix="/items", tags=["items"])``
    where :func:`add_app_statement` puts statements.

    Args:
        source: The text of the module that builds the app.
        app: Where the app is created.
        router: Python source naming the router (``"items.router"``, ``"auth_router"``).
        prefix: The URL prefix, as a plain string.
        tags: OpenAPI tags, as plain strings.
        path: The file's path, for error messages.

    Returns:
        The new text, or ``source`` itself when the module already includes that
        router anywhere (into the app or into another router), with any options.
    """
    wanted = _expression_dump(router)
    arguments = [router]
    if prefix is not None:
        arguments.append(f"prefix={prefix!r}")
    if tags is not None:
        arguments.append(f"tags={list(tags)!r}")

    def present(tree: cst.Module) -> bool:
        return _registered(tree, "include_router", "router", wanted)

    return _ensure_registered(source, app, "include_router", arguments, present, path)


def _ensure_registered(
    source: str,
    app: AppLocation,
    method: str,
    arguments: Sequence[str],
    present: Callable[[cst.Module], bool],
    path: str,
) -> str:
    if present(parse_module(source, path)):
        return source

    def make(var: str) -> cst.SimpleStatementLine | cst.BaseCompoundStatement:
        return parse_snippet(f"{var}.{method}({', '.join(arguments)})")

    return ensure_statement(source, app, make, path)


def _registered(tree: cst.Module, method: str, keyword: str, wanted: str) -> bool:
    """True when a call ``x.<method>(target, ...)`` anywhere in ``tree`` names ``wanted``.

    ``keyword`` is the parameter's name, for calls that pass it by keyword.
    """
    for call in _calls(tree):
        if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == method):
            continue
        first = _first_argument(call, keyword)
        if first is not None and _found_dump(tree, first) == wanted:
            return True
    return False


def _first_arguments(tree: cst.Module, callee: str) -> Iterator[str]:
    """The first argument of every call to the plain name ``callee``."""
    for call in _calls(tree):
        if isinstance(call.func, cst.Name) and call.func.value == callee and call.args:
            yield _found_dump(tree, call.args[0].value)


def _handler_map_keys(tree: cst.Module) -> set[str]:
    """The keys of every ``exception_handlers={...}`` argument in ``tree``."""
    keys: set[str] = set()
    for call in _calls(tree):
        for argument in call.args:
            if argument.keyword is None or argument.keyword.value != "exception_handlers":
                continue
            if isinstance(argument.value, cst.Dict):
                keys.update(
                    _found_dump(tree, element.key)
                    for element in argument.value.elements
                    if isinstance(element, cst.DictElement)
                )
    return keys


def _first_argument(call: cst.Call, keyword: str) -> cst.BaseExpression | None:
    for argument in call.args:
        if argument.keyword is None and argument.star == "":
            return argument.value
        if argument.keyword is not None and argument.keyword.value == keyword:
            return argument.value
    return None


def _calls(tree: cst.Module) -> list[cst.Call]:
    collector = _CallCollector()
    tree.visit(collector)
    return collector.calls


class _CallCollector(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)


def _expression_dump(code: str) -> str:
    """A recipe's expression, formatting and quotes aside; a bad one is a bug."""
    try:
        return ast.dump(ast.parse(f"({code.strip()})", mode="eval"))
    except SyntaxError:
        raise ValueError(f"not a Python expression: {code!r}") from None


def _found_dump(tree: cst.Module, node: cst.CSTNode) -> str:
    """An expression of the user's module, compared like :func:`_expression_dump`."""
    code = tree.code_for_node(node)
    try:
        return ast.dump(ast.parse(f"({code.strip()})", mode="eval"))
    except SyntaxError:
        # Syntax newer than this Python's ``ast`` is never what a recipe names.
        return code
