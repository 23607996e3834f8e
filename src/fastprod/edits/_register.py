"""Registrations on the app: middleware, exception handlers, routers."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import libcst as cst

from fastprod.core._errors import RecipeError
from fastprod.edits._app import creation_call, creation_index, keyword_argument, statement_into
from fastprod.edits._common import (
    DEFAULT_PATH,
    Statement,
    edit_tree,
    insert_item,
    keeps_bom,
    matched_quotes,
    parse_expression,
    parse_snippet,
    parsed_ast,
)
from fastprod.edits._order import place
from fastprod.project._project import AppLocation

#: Middleware layers, outermost first: the order requests pass through them.
#:
#: * ``request_id``: first, so every log line and error response, even a rejection
#:   by a layer below, carries the request's id.
#: * ``trusted_host``, ``https_redirect``, ``security_headers``: refuse a bad host,
#:   redirect plain HTTP, and stamp the security headers on every response, the
#:   refusals of the layers below included.
#: * ``cors``: outside everything that may answer early (429, 413), so a browser
#:   can read those answers too.
#: * ``gzip``: compresses what the layers below produce.
#: * ``body_size_limit``: refuses an oversized body before any work is done on it.
#: * ``rate_limit``: counts requests that got this far.
#: * ``session``, ``authentication``: closest to the app, which reads what they set.
MIDDLEWARE_LAYERS: tuple[str, ...] = (
    "request_id",
    "trusted_host",
    "https_redirect",
    "security_headers",
    "cors",
    "gzip",
    "body_size_limit",
    "rate_limit",
    "session",
    "authentication",
)

#: Middleware classes whose layer is known, by class name (the last dotted part).
KNOWN_MIDDLEWARE: dict[str, str] = {
    "CorrelationIdMiddleware": "request_id",
    "RequestIdMiddleware": "request_id",
    "RequestIDMiddleware": "request_id",
    "TrustedHostMiddleware": "trusted_host",
    "HTTPSRedirectMiddleware": "https_redirect",
    "SecurityHeadersMiddleware": "security_headers",
    "SecureHeadersMiddleware": "security_headers",
    "CORSMiddleware": "cors",
    "GZipMiddleware": "gzip",
    "BrotliMiddleware": "gzip",
    "BodySizeLimitMiddleware": "body_size_limit",
    "ContentSizeLimitMiddleware": "body_size_limit",
    "RequestSizeLimitMiddleware": "body_size_limit",
    "RateLimitMiddleware": "rate_limit",
    "RateLimiterMiddleware": "rate_limit",
    "SlowAPIMiddleware": "rate_limit",
    "SlowAPIASGIMiddleware": "rate_limit",
    "SessionMiddleware": "session",
    "AuthenticationMiddleware": "authentication",
}


@keeps_bom
def add_middleware(
    source: str,
    app: AppLocation,
    middleware: str,
    /,
    *,
    layer: str | None = None,
    path: str = DEFAULT_PATH,
    **options: str,
) -> str:
    """Make sure the app adds the middleware class ``middleware``, in its layer.

    ``add_middleware(text, app, "GZipMiddleware", minimum_size="1000")`` adds
    ``app.add_middleware(GZipMiddleware, minimum_size=1000)``. Starlette runs the
    middleware added last first (outermost), so the call goes where its layer
    (:data:`MIDDLEWARE_LAYERS`) puts it among the ``add_middleware`` calls already
    there whose layer is known: after every call of an inner layer, before every
    call of an outer one. An app that lists its middleware in ``FastAPI(middleware=
    [...])`` gets ``Middleware(Class, ...)`` in that list instead, where its layer
    goes (the list runs outermost first). The result is the same whatever order
    recipes add middleware in. The user's own middleware, of no known layer, stay where they
    are; with no known neighbour the call goes where :func:`add_app_statement` puts
    statements.

    Args:
        source: The text of the module that builds the app.
        app: Where the app is created.
        middleware: Python source naming the middleware class.
        layer: One of :data:`MIDDLEWARE_LAYERS`; by default the class's known layer
            (:data:`KNOWN_MIDDLEWARE`), else none (the call is appended).
        path: The file's path, for error messages.
        **options: Keyword arguments, each value Python source
            (``allow_origins="settings.cors_origins"``, ``header_name='"X-Request-ID"'``).

    Returns:
        The new text, or ``source`` itself when the module already adds that class
        anywhere (``x.add_middleware(Class, ...)`` or ``Middleware(Class, ...)``),
        whatever its options and position.

    Raises:
        ProjectError: ``source`` is not valid Python.
        RecipeError: The app's creation is not found.
        ValueError: An unknown ``layer``, or ``middleware`` is not an expression.
    """
    return edit_tree(
        source, path, lambda tree: middleware_into(tree, app, middleware, layer, path, options)
    )


def middleware_into(
    tree: cst.Module,
    app: AppLocation,
    middleware: str,
    layer: str | None = None,
    path: str = DEFAULT_PATH,
    options: Mapping[str, str] | None = None,
) -> cst.Module:
    """:func:`add_middleware` on a parsed module; ``tree`` itself when present."""
    wanted = _expression_dump(middleware)
    rank = _rank(layer if layer is not None else KNOWN_MIDDLEWARE.get(_class_name(middleware)))
    calls = _calls(tree)
    if _registered(calls, "add_middleware", "middleware_class", wanted) or any(
        first == wanted for first in _first_arguments(calls, "Middleware")
    ):
        return tree
    arguments = [middleware, *(f"{key}={value}" for key, value in (options or {}).items())]
    listed = _middleware_list(tree, app, path)
    if listed is not None:
        return _into_list(tree, listed, f"Middleware({', '.join(arguments)})", rank)

    def make(var: str) -> Statement:
        return parse_snippet(f"{var}.add_middleware({', '.join(arguments)})")

    def place(statements: Sequence[cst.BaseStatement], var: str, default: int) -> int:
        return default if rank is None else _layer_position(tree, statements, var, rank, default)

    return statement_into(tree, app, make, path, place)


def _middleware_list(tree: cst.Module, app: AppLocation, path: str) -> cst.List | None:
    """The ``FastAPI(middleware=[...])`` list, when the app keeps its middleware there."""
    try:
        creation = creation_call(tree, app, path)
    except RecipeError:
        return None
    listed = keyword_argument(creation, "middleware")
    return listed if isinstance(listed, cst.List) else None


def _into_list(tree: cst.Module, listed: cst.List, code: str, rank: int | None) -> cst.Module:
    """Insert ``Middleware(...)`` in its layer's place: the list runs outermost first."""
    items = [element for element in listed.elements if isinstance(element, cst.Element)]
    if len(items) != len(listed.elements):
        # ``[*common, Middleware(...)]``: the order is not all written here.
        raise RecipeError("the app's middleware list unpacks another list; add it there yourself")
    ranks = [_listed_rank(tree, element) for element in items]
    position = len(ranks)
    if rank is not None:
        inner = [i for i, r in enumerate(ranks) if r is not None and r > rank]
        outer = [i for i, r in enumerate(ranks) if r is not None and r < rank]
        position = inner[0] if inner else (outer[-1] + 1 if outer else len(ranks))
    element = cst.Element(value=matched_quotes(tree, parse_expression(code)))
    opening = listed.lbracket.whitespace_after
    new = listed.with_changes(elements=insert_item(items, position, element, opening))
    replaced = tree.visit(_ReplaceList(listed, new))
    assert isinstance(replaced, cst.Module)
    return replaced


class _ReplaceList(cst.CSTTransformer):
    def __init__(self, old: cst.List, new: cst.List) -> None:
        super().__init__()
        self.old = old
        self.new = new

    def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.List:
        return self.new if original_node is self.old else updated_node


def _listed_rank(tree: cst.Module, element: cst.BaseElement) -> int | None:
    value = element.value
    if not (isinstance(value, cst.Call) and value.args):
        return None
    layer = KNOWN_MIDDLEWARE.get(_class_name(tree.code_for_node(value.args[0].value)))
    return None if layer is None else MIDDLEWARE_LAYERS.index(layer)


def _rank(layer: str | None) -> int | None:
    if layer is None:
        return None
    if layer not in MIDDLEWARE_LAYERS:
        raise ValueError(f"unknown middleware layer {layer!r}; one of {MIDDLEWARE_LAYERS}")
    return MIDDLEWARE_LAYERS.index(layer)


def _class_name(code: str) -> str:
    return code.strip().rsplit(".", 1)[-1]


def _layer_position(
    tree: cst.Module,
    statements: Sequence[cst.BaseStatement],
    var: str,
    rank: int,
    default: int,
) -> int:
    """Where a middleware of layer ``rank`` goes among the scope's ``add_middleware`` calls.

    Calls run innermost first, so it follows the last call of an inner layer, or
    else precedes the first call of an outer one.
    """
    if rank == 0:
        # The outermost layer goes last, after every statement configuring the app
        # (one of them may add middleware, as ``register_error_handlers(app)`` does).
        return default
    ranks = [(index, _added_rank(tree, line, var)) for index, line in enumerate(statements)]
    known = [(index, r) for index, r in ranks if r is not None]
    inner = [index for index, r in known if r > rank]
    if inner:
        return inner[-1] + 1
    outer = [index for index, r in known if r < rank]
    return outer[0] if outer else default


def is_outermost_middleware(line: cst.BaseStatement, var: str) -> bool:
    """True for a line ``var.add_middleware(Class, ...)`` of the outermost layer."""
    return _added_rank(cst.Module(body=[]), line, var) == 0


def _added_rank(tree: cst.Module, line: cst.BaseStatement, var: str) -> int | None:
    """The layer rank of a line ``var.add_middleware(Known, ...)``, else ``None``."""
    if not _calls_method(line, var, "add_middleware"):
        return None
    assert isinstance(line, cst.SimpleStatementLine)
    expression = line.body[0]
    assert isinstance(expression, cst.Expr) and isinstance(expression.value, cst.Call)
    first = _first_argument(expression.value, "middleware_class")
    if first is None:
        return None
    layer = KNOWN_MIDDLEWARE.get(_class_name(tree.code_for_node(first)))
    return None if layer is None else MIDDLEWARE_LAYERS.index(layer)


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
    return edit_tree(
        source, path, lambda tree: exception_handler_into(tree, app, exc, handler, path)
    )


def exception_handler_into(
    tree: cst.Module, app: AppLocation, exc: str, handler: str, path: str = DEFAULT_PATH
) -> cst.Module:
    """:func:`add_exception_handler` on a parsed module; ``tree`` itself when present."""
    wanted = _expression_dump(exc)
    calls = _calls(tree)
    if (
        _registered(calls, "add_exception_handler", "exc_class_or_status_code", wanted)
        or _registered(calls, "exception_handler", "exc_class_or_status_code", wanted)
        or wanted in _handler_map_keys(calls)
    ):
        return tree
    return _registration(tree, app, "add_exception_handler", [exc, handler], path)


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
    return edit_tree(
        source,
        path,
        lambda tree: router_into(tree, app, router, prefix=prefix, tags=tags, path=path),
    )


def router_into(
    tree: cst.Module,
    app: AppLocation,
    router: str,
    *,
    prefix: str | None = None,
    tags: Sequence[str] | None = None,
    path: str = DEFAULT_PATH,
) -> cst.Module:
    """:func:`include_router` on a parsed module; ``tree`` itself when present."""
    if includes(tree, router):
        return tree
    arguments = _router_arguments(router, prefix, tags)

    def make(var: str) -> Statement:
        return parse_snippet(f"{var}.include_router({', '.join(arguments)})")

    def place(statements: Sequence[cst.BaseStatement], var: str, default: int) -> int:
        # Among the routers already included, when the scope includes any.
        found = include_point(tree, statements, var, router)
        if found is not None:
            return found
        # The first include goes right after the app's creation, before whatever
        # other recipes configure: the app reads the same whichever came first.
        created = creation_index(statements, var)
        return created + 1 if created is not None else default

    return statement_into(tree, app, make, path, place)


def include_point(
    tree: cst.Module, statements: Sequence[cst.BaseStatement], var: str, router: str
) -> int | None:
    """Where ``var.include_router(router)`` goes among the scope's includes; ``None``: no include.

    By the router's name, in the sorted run of includes that ends them
    (:func:`fastprod.edits._order.place`): the project's routers keep their order, a
    sorted list of includes stays sorted, and the routers recipes add follow,
    sorted among themselves, whichever recipe ran first.
    """
    found = [i for i, line in enumerate(statements) if _calls_method(line, var, "include_router")]
    if not found:
        return None
    keys = [_included_name(tree, statements[i]) for i in found]
    at = place(keys, router.strip())
    return found[at] if at < len(found) else found[-1] + 1


def _included_name(tree: cst.Module, line: cst.BaseStatement) -> str:
    """The router expression of a line ``var.include_router(router, ...)``, as written."""
    assert isinstance(line, cst.SimpleStatementLine)
    expression = line.body[0]
    assert isinstance(expression, cst.Expr) and isinstance(expression.value, cst.Call)
    first = _first_argument(expression.value, "router")
    return "" if first is None else tree.code_for_node(first).strip()


def _calls_method(line: cst.BaseStatement, var: str, method: str) -> bool:
    """True for a line that is only ``var.method(...)``."""
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
        return False
    small = line.body[0]
    if not (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)):
        return False
    func = small.value.func
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value == method
        and isinstance(func.value, cst.Name)
        and func.value.value == var
    )


def includes(tree: cst.Module, router: str) -> bool:
    """True when ``tree`` includes ``router`` anywhere (into the app or another router)."""
    return _registered(_calls(tree), "include_router", "router", _expression_dump(router))


def _router_arguments(router: str, prefix: str | None, tags: Sequence[str] | None) -> list[str]:
    arguments = [router]
    if prefix is not None:
        arguments.append(f"prefix={prefix!r}")
    if tags is not None:
        arguments.append(f"tags={list(tags)!r}")
    return arguments


def _registration(
    tree: cst.Module, app: AppLocation, method: str, arguments: Sequence[str], path: str
) -> cst.Module:
    def make(var: str) -> Statement:
        return parse_snippet(f"{var}.{method}({', '.join(arguments)})")

    return statement_into(tree, app, make, path)


@dataclass(frozen=True, slots=True)
class _CallFacts:
    """One call of the user's module, its parts dumped for comparison (formatting aside).

    Attributes:
        method: ``m`` for ``x.m(...)``, else ``None``.
        name: ``f`` for ``f(...)``, else ``None``.
        first: The first positional argument, if any.
        keywords: Each keyword argument.
        handler_keys: The keys of an ``exception_handlers={...}`` argument.
    """

    method: str | None
    name: str | None
    first: str | None
    keywords: Mapping[str, str]
    handler_keys: frozenset[str]

    def target(self, keyword: str) -> str | None:
        """The first positional argument, else the one passed as ``keyword``."""
        return self.first if self.first is not None else self.keywords.get(keyword)


def _registered(calls: Sequence[_CallFacts], method: str, keyword: str, wanted: str) -> bool:
    """True when a call ``x.<method>(target, ...)`` names ``wanted``.

    ``keyword`` is the parameter's name, for calls that pass it by keyword.
    """
    return any(call.method == method and call.target(keyword) == wanted for call in calls)


def _first_arguments(calls: Sequence[_CallFacts], callee: str) -> Iterator[str]:
    """The first argument of every call to the plain name ``callee``."""
    for call in calls:
        if call.name == callee and call.first is not None:
            yield call.first


def _handler_map_keys(calls: Sequence[_CallFacts]) -> set[str]:
    """The keys of every ``exception_handlers={...}`` argument."""
    return {key for call in calls for key in call.handler_keys}


def _first_argument(call: cst.Call, keyword: str) -> cst.BaseExpression | None:
    for argument in call.args:
        if argument.keyword is None and argument.star == "":
            return argument.value
        if argument.keyword is not None and argument.keyword.value == keyword:
            return argument.value
    return None


def _calls(tree: cst.Module) -> list[_CallFacts]:
    """Every call of the module, read with ``ast`` (fast), or libcst for newer syntax."""
    parsed = parsed_ast(tree)
    if parsed is None:
        return _calls_by_libcst(tree)
    return [_ast_facts(node) for node in ast.walk(parsed) if isinstance(node, ast.Call)]


def _ast_facts(call: ast.Call) -> _CallFacts:
    func = call.func
    positional = [a for a in call.args if not isinstance(a, ast.Starred)][:1]
    first = _node_dump(call.args[0]) if call.args and positional == call.args[:1] else None
    keys: frozenset[str] = frozenset()
    keywords: dict[str, str] = {}
    for keyword in call.keywords:
        if keyword.arg is None:
            continue
        keywords[keyword.arg] = _node_dump(keyword.value)
        if keyword.arg == "exception_handlers" and isinstance(keyword.value, ast.Dict):
            keys = frozenset(_node_dump(k) for k in keyword.value.keys if k is not None)
    return _CallFacts(
        method=func.attr if isinstance(func, ast.Attribute) else None,
        name=func.id if isinstance(func, ast.Name) else None,
        first=first,
        keywords=keywords,
        handler_keys=keys,
    )


def _node_dump(node: ast.expr) -> str:
    # The same form as ``_expression_dump``: an ``eval`` expression around the node.
    return ast.dump(ast.Expression(body=node))


def _calls_by_libcst(tree: cst.Module) -> list[_CallFacts]:
    collector = _CallCollector()
    tree.visit(collector)
    return [_libcst_facts(tree, call) for call in collector.calls]


def _libcst_facts(tree: cst.Module, call: cst.Call) -> _CallFacts:
    func = call.func
    first = next((a.value for a in call.args if a.keyword is None and a.star == ""), None)
    keywords = {a.keyword.value: _found_dump(tree, a.value) for a in call.args if a.keyword}
    keys: frozenset[str] = frozenset()
    for argument in call.args:
        named = argument.keyword is not None and argument.keyword.value == "exception_handlers"
        if named and isinstance(argument.value, cst.Dict):
            keys = frozenset(
                _found_dump(tree, element.key)
                for element in argument.value.elements
                if isinstance(element, cst.DictElement)
            )
    return _CallFacts(
        method=func.attr.value if isinstance(func, cst.Attribute) else None,
        name=func.value if isinstance(func, cst.Name) else None,
        first=None if first is None else _found_dump(tree, first),
        keywords=keywords,
        handler_keys=keys,
    )


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
