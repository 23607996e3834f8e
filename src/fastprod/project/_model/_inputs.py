"""What a route's parameters take from the client, read while the route is read.

The scorecards ask the same questions of every route's parameters: which take
input without a schema, whether any takes input at all, which classes they are
annotated with, whether one is a password form. Their answers depend on the
parameters alone (and, once every module is read, on which of those names are
models or dependency aliases), so the pass answers them for each route while
its tree is at hand, once; asked later, a large project's parameters would each
be fetched again from wherever the pass left them.
"""

from __future__ import annotations

import ast
from typing import Any

from fastprod.project._model._facts import Param, RouteInputs
from fastprod.project._names import last_name

UNTYPED = frozenset({"dict", "Dict", "Any", "object", "Json", "Mapping", "MutableMapping"})
FRAMEWORK_PARAMS = frozenset(
    {"Request", "Response", "WebSocket", "BackgroundTasks", "HTTPConnection", "SecurityScopes"}
)
DEPENDS = frozenset({"Depends", "Security"})
PASSWORD_FORM = "OAuth2PasswordRequestForm"
_SELF = frozenset({"self", "cls"})


def inputs_of(params: list[Param]) -> RouteInputs:
    """What a route with these parameters takes from the client (see :class:`RouteInputs`)."""
    untyped: list[Param] = []
    direct = password_form = False
    aliased: list[str] = []
    named: list[str] = []
    for param in params:
        annotation: Any = param.annotation
        default: Any = param.default
        kind = annotation.__class__
        if (kind is _Name or annotation is None) and (default is None or _plain_call(default)):
            # The usual parameter, ``item: Item`` or ``db: Session = Depends(get_db)``,
            # answered here as the questions below answer it.
            name = annotation.id if kind is _Name else None
            depends = default is not None and default.func.id in DEPENDS
            if name is not None:
                named.append(name)
                password_form = password_form or PASSWORD_FORM in name
            elif default is not None:
                password_form = password_form or _names_password_form(default)
            if param.name in _SELF or depends or name in FRAMEWORK_PARAMS:
                continue
            if name is None:
                untyped.append(param)
                direct = True
                continue
            if name in UNTYPED:
                untyped.append(param)
            aliased.append(name)
            continue
        if _untyped(param):
            untyped.append(param)
        taken = _input(param)
        if taken is True:
            direct = True
        elif taken:
            aliased.append(taken)
        named += _mentioned(annotation)
        password_form = password_form or _password_form(param)
    if not (untyped or direct or aliased or named or password_form):
        return _NO_INPUTS
    return RouteInputs(tuple(untyped), direct, tuple(aliased), tuple(named), password_form)


_NO_INPUTS = RouteInputs()
_Name, _Call = ast.Name, ast.Call


def _plain_call(node: ast.expr) -> bool:
    """``f(x)``: a call of one name with one name, no keyword (``Depends(get_db)``)."""
    if node.__class__ is not _Call:
        return False
    args = node.args
    return (
        node.func.__class__ is _Name
        and len(args) == 1
        and args[0].__class__ is _Name
        and not node.keywords
    )


def _names_password_form(call: Any) -> bool:
    # ``Depends(get_form)``: its two names say it all.
    return PASSWORD_FORM in call.func.id or PASSWORD_FORM in call.args[0].id


def _untyped(param: Param) -> bool:
    """The parameter is taken without a schema: no annotation, ``dict``, ``Any``..."""
    default = param.default
    if param.name in _SELF or (
        default.__class__ is ast.Call and last_name(default.func) in DEPENDS
    ):
        return False
    annotation = param.annotation
    if annotation.__class__ is ast.Name:
        # One name: neither ``Annotated`` nor subscripted, so two set lookups say it all.
        if annotation.id in FRAMEWORK_PARAMS or annotation.id not in UNTYPED:
            return False
    elif annotation_name(annotation) in FRAMEWORK_PARAMS or annotated_dependency(annotation):
        return False
    return is_untyped_annotation(annotation)


def _input(param: Param) -> bool | str:
    """``True`` when the parameter reads the client's input whatever the project defines;
    its annotation's name when it does unless the name is a dependency alias; else ``False``."""
    if param.name in _SELF:
        return False
    annotation = param.annotation
    # One name (or none) is neither a class dependency nor ``Annotated``.
    plain = annotation is None or annotation.__class__ is ast.Name
    if class_dependency(param.default) or (not plain and class_dependency(annotation)):
        # ``form: Annotated[OAuth2PasswordRequestForm, Depends()]``: the class reads input.
        return True
    name = annotation_name(annotation)
    if is_dependency(param.default) or name in FRAMEWORK_PARAMS:
        return False
    if not plain and annotated_dependency(annotation):
        return False
    return True if name is None else name


def _mentioned(node: ast.expr | None) -> list[str]:
    """The names an annotation may name a model by: ``Item``, ``schemas.Item``,
    ``Annotated[Item, Body()]``, ``list[Item] | None``, ``"Item"``."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, ast.Subscript):
        return _mentioned(node.value) + _mentioned(node.slice)
    if isinstance(node, ast.Tuple):
        return [name for element in node.elts for name in _mentioned(element)]
    if isinstance(node, ast.BinOp):
        return _mentioned(node.left) + _mentioned(node.right)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return []


def _password_form(p: Param) -> bool:
    """The parameter is (or depends on) ``OAuth2PasswordRequestForm``: the route logs in."""
    node: Any = p.annotation or p.default
    kind = node.__class__
    if kind is ast.Name:
        return PASSWORD_FORM in node.id
    if _plain_call(node):
        return _names_password_form(node)
    return _mentions(node, PASSWORD_FORM)


def _mentions(node: ast.AST | None, word: str) -> bool:
    """True when ``word`` is in the source of ``node``, read without rendering it.

    A word of letters and digits can only sit inside one name, attribute,
    keyword or string, so this says what ``word in ast.unparse(node)`` says.
    """
    stack: list[Any] = [node] if node is not None else []
    encoded = word.encode()
    name, call, keyword, attribute = ast.Name, ast.Call, ast.keyword, ast.Attribute
    while stack:
        current = stack.pop()
        kind = current.__class__
        # Names, calls, keywords and attributes first: their fields are known.
        if kind is name:
            if word in current.id:
                return True
            continue
        if kind is call:
            stack.append(current.func)
            stack.extend(current.args)
            stack.extend(current.keywords)
            continue
        if kind is keyword:
            if current.arg is not None and word in current.arg:
                return True
            stack.append(current.value)
            continue
        if kind is attribute:
            if word in current.attr:
                return True
            stack.append(current.value)
            continue
        for field in current._fields:
            value = getattr(current, field, None)
            if isinstance(value, str):
                if word in value:
                    return True
            elif isinstance(value, bytes):
                if encoded in value:
                    return True
            elif isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                stack.append(value)
    return False


def annotation_name(node: ast.expr | None) -> str | None:
    """The last name of an annotation, under any subscripts (``list[X]`` -> ``list``)."""
    while node.__class__ is ast.Subscript:
        node = node.value
    return last_name(node)


def is_untyped_annotation(node: ast.expr | None) -> bool:
    """``dict``, ``Any``, ``dict[str, Any]``: accepted or returned without a schema."""
    if node is None:
        return True
    if node.__class__ is ast.Name:
        # The common case, one name, without the questions below (none of which it is).
        return node.id in UNTYPED
    if isinstance(node, ast.Subscript) and annotation_name(node.value) == "Annotated":
        inner = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
        return is_untyped_annotation(inner)
    if isinstance(node, ast.Subscript) and annotation_name(node.value) in {
        "dict",
        "Dict",
        "Mapping",
    }:
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return any(annotation_name(a) in UNTYPED for a in args[1:]) or len(args) < 2
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value in UNTYPED
    return annotation_name(node) in UNTYPED


def class_dependency(node: ast.expr | None) -> bool:
    """``Depends()`` with no argument, as a default or in ``Annotated``: the class is called."""
    if isinstance(node, ast.Subscript) and annotation_name(node.value) == "Annotated":
        elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else []
        return any(class_dependency(e) for e in elements[1:])
    return (
        is_dependency(node)
        and isinstance(node, ast.Call)
        and not node.args
        and not any(k.arg == "dependency" for k in node.keywords)
    )


def is_dependency(node: ast.expr | None) -> bool:
    """``Depends(...)`` or ``Security(...)``."""
    return node.__class__ is ast.Call and last_name(node.func) in DEPENDS


def annotated_dependency(node: ast.expr | None) -> bool:
    """``Annotated[T, Depends(...)]``."""
    if not isinstance(node, ast.Subscript) or annotation_name(node.value) != "Annotated":
        return False
    elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else []
    return any(is_dependency(e) for e in elements[1:])
