"""The API a route offers its clients: parameters, bodies and their constraints.

Read from the source, never imported: a parameter's type and its
``Path``/``Query``/``Field`` constraints are folded as far as constants allow,
following ``Annotated`` aliases and names imported from other modules of the
project (``InvoiceId`` in ``dependencies.py``, ``MAX_ID`` beside it).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastprod.project._model._facts import DepRef, Function
from fastprod.project._model._visitor import params_of
from fastprod.project._names import dotted as _dotted

if TYPE_CHECKING:
    from fastprod.project._model._facts import ClassDef, ModuleFacts, Param
    from fastprod.project._model._index import ProjectIndex

# Keyword arguments of ``Field``/``Path``/``Query`` that bound a value.
CONSTRAINTS = (
    "min_length",
    "max_length",
    "gt",
    "ge",
    "lt",
    "le",
    "pattern",
    "max_digits",
    "decimal_places",
)
# The scalar types a field or parameter is read as (``int``, ``str``, ``Decimal``...).
SCALAR_TYPES = frozenset(
    {"int", "str", "bool", "float", "Decimal", "date", "datetime", "UUID", "EmailStr"}
)
_SPECIALS = {"AwareDatetime": "datetime", "PositiveInt": "int", "NonNegativeInt": "int"}
# Parameters FastAPI fills itself: never read from the request's query.
_INJECTED = frozenset(
    {
        "Request",
        "Response",
        "HTTPConnection",
        "WebSocket",
        "BackgroundTasks",
        "SecurityScopes",
    }
)
# A body read as a form (or files), not as JSON.
_FORMS = frozenset({"OAuth2PasswordRequestForm", "OAuth2PasswordRequestFormStrict", "UploadFile"})
_FORM_MARKERS = frozenset({"Form", "File"})
_SOURCES = {"Path": "path", "Query": "query", "Header": "header", "Cookie": "cookie"}
_PATH_PARAM = re.compile(r"{(\w+)(?::\w+)?}")
_MAX_DEPTH = 8
# The parse tree of a module by its path (the project's shared, cached parse).
Trees = Callable[[str], "ast.Module | None"]


@dataclass(frozen=True, slots=True)
class FieldReading:
    """One field of a body model, or one parameter, as a client must send it.

    Attributes:
        name: The field's name (its alias when it has one).
        type: The scalar type (``int``, ``str``, ``Decimal``, ``date``, ...),
            ``list``, ``dict``, ``model:<qualified name>`` for a nested project
            model, ``choice:<JSON list>`` for a ``Literal`` or an ``Enum`` (the
            values it allows), or ``other`` when it cannot be read.
        required: The client must send it.
        nullable: ``None`` is an accepted value.
        constraints: ``(keyword, value)`` for each bound that folds to a
            constant (``("max_length", 200)``), in ``CONSTRAINTS`` order.
    """

    name: str
    type: str
    required: bool
    nullable: bool = False
    constraints: tuple[tuple[str, object], ...] = ()

    def constraint(self, name: str) -> object | None:
        """The value of one constraint, or ``None`` when the field has none."""
        return next((value for key, value in self.constraints if key == name), None)

    @property
    def choices(self) -> list[object]:
        """The values a ``Literal`` or ``Enum`` field allows, in order; else empty."""
        return choices(self.type)


@dataclass(frozen=True, slots=True)
class ParamReading:
    """A path, query, header or cookie parameter of a route."""

    source: str
    field: FieldReading

    # ``source`` is ``path``, ``query``, ``header``, ``cookie`` or ``form`` (a form
    # field, a file, or ``OAuth2PasswordRequestForm``).


@dataclass(frozen=True, slots=True)
class ModelReading:
    """A project pydantic model: its fields, the inherited ones first."""

    qualified: str
    fields: tuple[FieldReading, ...]


def path_names(path: str) -> tuple[str, ...]:
    """The parameter names of a path template, in order (``/a/{id}`` -> ``("id",)``)."""
    return tuple(_PATH_PARAM.findall(path))


def route_params(
    index: ProjectIndex,
    module: ModuleFacts,
    params: list[Param],
    path: str,
    depth: int = 0,
    trees: Trees | None = None,
) -> tuple[ParamReading, ...]:
    """The path, query, header and cookie parameters of a handler, in signature order.

    A dependency's own parameters count too (``Depends(pagination)`` reads
    ``?offset=`` and ``?limit=``), when it is a function of the project; body
    models are left out. A parameter named in the path is a path parameter
    whatever it is annotated with.
    """
    in_path = set(path_names(path))
    found: list[ParamReading] = []
    for param in params:
        name, annotation, default = param.name, param.annotation, param.default
        if name in {"self", "request", "response"}:
            continue
        if _is_dependency(default):
            found += _dependency_params(index, module, default, path, depth, trees)
            continue
        if _tail(annotation) in _INJECTED:
            continue
        written = _annotated_type(annotation)
        if _tail(written) in _FORMS or _tail(_marker_call(annotation)) in _FORM_MARKERS:
            found.append(ParamReading("form", FieldReading(name, "other", True)))
            continue
        kind, marker, owner = _unwrap(index, module, annotation)
        if marker is not None and _tail(marker.func) in {"Depends", "Security"}:
            found += _dependency_params(index, owner, marker, path, depth, trees)
            continue
        if kind.startswith("model:") or kind in {"Request", "Response", "BackgroundTasks"}:
            continue
        source = "path" if name in in_path else _source(marker, default)
        bounds = default if isinstance(default, ast.Call) else marker
        if source != "path":
            # ``Query(alias="status")``: the name a client sends.
            name = _alias(bounds) or _alias(marker) or name
        constraints = _constraints(index, owner, marker) + _constraints(index, module, bounds)
        required = source == "path" or _required_default(default)
        nullable = annotation is not None and _is_optional(annotation)
        reading = FieldReading(name, kind, required, nullable, _ordered(constraints))
        found.append(ParamReading(source, reading))
    return tuple(found)


def _alias(call: ast.Call | None) -> str | None:
    for keyword in call.keywords if isinstance(call, ast.Call) else ():
        if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
            return keyword.value.value if isinstance(keyword.value.value, str) else None
    return None


def _dependency_params(
    index: ProjectIndex,
    module: ModuleFacts,
    call: ast.expr | None,
    path: str,
    depth: int,
    trees: Trees | None,
) -> list[ParamReading]:
    """The parameters a ``Depends(function)`` of the project reads from the request."""
    if depth > _MAX_DEPTH or not isinstance(call, ast.Call) or not call.args:
        return []
    written = _dotted(call.args[0])
    if written is None:
        return []
    ref = DepRef(written.rpartition(".")[2], written=written, module=module.module)
    found = index.definition(ref)
    owner = index.module(found.module) if isinstance(found, Function) else None
    if not isinstance(found, Function) or owner is None or found.owner is not None:
        return []
    # The facts keep only routes' annotations: read the dependency's own signature.
    params = _signature(trees(owner.path), found.name) if trees is not None else None
    if params is None:
        return []
    return list(route_params(index, owner, params, path, depth + 1, trees))


def _signature(tree: ast.Module | None, name: str) -> list[Param] | None:
    for node in tree.body if tree is not None else ():
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return params_of(node.args)
    return None


def read_model(index: ProjectIndex, qualified: str) -> ModelReading | None:
    """The fields of the project model ``qualified``, or ``None`` if it is not one."""
    cls = index.class_named(qualified)
    if cls is None or not index.is_model(cls):
        return None
    fields: dict[str, FieldReading] = {}
    for owner in reversed(list(_lineage(index, cls))):
        module = index.module(owner.module)
        if module is None:
            continue
        for name, field in owner.fields.items():
            if field.annotation is None or name.startswith("_") or name == "model_config":
                continue
            if _is_classvar(field.annotation):
                continue
            fields[name] = _field(index, module, name, field.annotation, field.value)
    return ModelReading(qualified, tuple(fields.values()))


# --------------------------------------------------------------------------- helpers


def _lineage(index: ProjectIndex, cls: ClassDef, depth: int = 0) -> Iterator[ClassDef]:
    """``cls`` then its project model bases, nearest first."""
    yield cls
    if depth > _MAX_DEPTH:
        return
    for base in cls.bases:
        qualified = index.symbols.resolve(cls.module, base) or base
        parent = index.class_named(qualified)
        if parent is not None and parent is not cls:
            yield from _lineage(index, parent, depth + 1)


def _field(
    index: ProjectIndex,
    module: ModuleFacts,
    name: str,
    annotation: ast.expr,
    value: ast.expr | None,
) -> FieldReading:
    kind, marker, owner = _unwrap(index, module, annotation)
    nullable = _is_optional(annotation)
    call = value if isinstance(value, ast.Call) and _tail(value.func) == "Field" else None
    constraints = _constraints(index, owner, marker) + _constraints(index, module, call)
    alias = _keyword(call, "alias")
    written = alias.value if isinstance(alias, ast.Constant) else None
    required = _required_field(value, call)
    return FieldReading(
        written if isinstance(written, str) else name,
        kind,
        required,
        nullable,
        _ordered(constraints),
    )


def _required_field(value: ast.expr | None, call: ast.Call | None) -> bool:
    if value is None:
        return True
    if call is None:
        return False
    if _keyword(call, "default") is not None or _keyword(call, "default_factory") is not None:
        return False
    first = call.args[0] if call.args else None
    return first is None or (isinstance(first, ast.Constant) and first.value is Ellipsis)


def _required_default(default: ast.expr | None) -> bool:
    if default is None:
        return True
    if isinstance(default, ast.Call) and _tail(default.func) in _SOURCES:
        return _required_field(default, default)
    return False


_Unwrapped = tuple[str, "ast.Call | None", "ModuleFacts"]


def _unwrap(
    index: ProjectIndex, module: ModuleFacts, annotation: ast.expr | None, depth: int = 0
) -> _Unwrapped:
    """The type an annotation names, the ``Path``/``Query``/``Field`` call it carries,
    and the module that call is written in (where its constants are folded)."""
    if annotation is None or depth > _MAX_DEPTH:
        return "other", None, module
    if isinstance(annotation, ast.Subscript) and _tail(annotation.value) == "Annotated":
        items = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else []
        kind = _unwrap(index, module, items[0], depth + 1)[0] if items else "other"
        markers = [e for e in items[1:] if isinstance(e, ast.Call)]
        return kind, markers[0] if markers else None, module
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        left = annotation.left
        inner = annotation.right if _is_none(left) else left
        return _unwrap(index, module, inner, depth + 1)
    if isinstance(annotation, ast.Subscript):
        head = _tail(annotation.value) or ""
        if head == "Optional":
            return _unwrap(index, module, annotation.slice, depth + 1)
        if head == "Literal":
            items = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else []
            values = [e.value for e in items or [annotation.slice] if isinstance(e, ast.Constant)]
            return choice_kind(values), None, module
        return ("list" if head in {"list", "List", "Sequence", "set"} else "dict"), None, module
    return _named(index, module, annotation, depth)


def _named(
    index: ProjectIndex, module: ModuleFacts, annotation: ast.expr, depth: int
) -> _Unwrapped:
    name = _dotted(annotation)
    if name is None:
        return "other", None, module
    tail = name.rpartition(".")[2]
    if tail in SCALAR_TYPES:
        return tail, None, module
    if tail in _SPECIALS:
        return _SPECIALS[tail], None, module
    qualified = index.symbols.resolve(module.module, name)
    if qualified is None:
        return "other", None, module
    cls = index.class_named(qualified)
    if cls is not None:
        if index.is_model(cls):
            return f"model:{qualified}", None, module
        return choice_kind(_members(cls)), None, module
    owner_name, _, attr = qualified.rpartition(".")
    owner = index.module(owner_name)
    alias = owner.constants.get(attr) if owner is not None else None
    if owner is None or alias is None:
        return "other", None, module
    # ``InvoiceId = Annotated[int, Path(ge=1)]`` in another module: read it there.
    return _unwrap(index, owner, alias, depth + 1)


def choice_kind(values: Sequence[object]) -> str:
    """``choice:["percentage", "fixed"]``: the values a ``Literal`` or an ``Enum``
    allows, in order (text and whole numbers); ``other`` when none can be read."""
    kept = [v for v in values if isinstance(v, str | int) and not isinstance(v, bool)]
    return f"choice:{json.dumps(kept)}" if kept else "other"


def choices(kind: str) -> list[object]:
    """The values a ``choice:`` kind allows."""
    found = json.loads(kind.partition(":")[2]) if kind.startswith("choice:") else []
    return list(found) if isinstance(found, list) else []


def _members(cls: ClassDef) -> list[object]:
    """The values of an ``Enum`` class's members (``admin = "admin"``), in order."""
    if not any(base.rpartition(".")[2] in _ENUMS for base in cls.bases):
        return []
    return [
        f.value.value
        for name, f in cls.fields.items()
        if f.annotation is None and isinstance(f.value, ast.Constant) and not name.startswith("_")
    ]


_ENUMS = frozenset({"Enum", "StrEnum", "IntEnum"})


def _constraints(
    index: ProjectIndex, module: ModuleFacts, call: ast.Call | None
) -> list[tuple[str, object]]:
    if call is None:
        return []
    found: list[tuple[str, object]] = []
    for keyword in call.keywords:
        if keyword.arg not in CONSTRAINTS:
            continue
        value = index.fold(keyword.value, module).value
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            found.append((keyword.arg, value))
    return found


def _ordered(constraints: list[tuple[str, object]]) -> tuple[tuple[str, object], ...]:
    merged = dict(constraints)
    return tuple((key, merged[key]) for key in CONSTRAINTS if key in merged)


def _source(marker: ast.Call | None, default: ast.expr | None) -> str:
    for call in (marker, default):
        if isinstance(call, ast.Call) and _tail(call.func) in _SOURCES:
            return _SOURCES[_tail(call.func) or ""]
    return "query"


def _annotated_type(annotation: ast.expr | None) -> ast.expr | None:
    """``X`` of ``Annotated[X, ...]``, else the annotation itself."""
    if isinstance(annotation, ast.Subscript) and _tail(annotation.value) == "Annotated":
        items = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else []
        return items[0] if items else None
    return annotation


def _marker_call(annotation: ast.expr | None) -> ast.expr | None:
    """The callee of the first call in ``Annotated[...]`` (``Form`` of ``Form()``)."""
    if isinstance(annotation, ast.Subscript) and _tail(annotation.value) == "Annotated":
        items = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else []
        calls = [e for e in items[1:] if isinstance(e, ast.Call)]
        return calls[0].func if calls else None
    return None


def _is_dependency(default: ast.expr | None) -> bool:
    return isinstance(default, ast.Call) and _tail(default.func) in {"Depends", "Security"}


def _is_optional(annotation: ast.expr) -> bool:
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return _is_none(annotation.left) or _is_none(annotation.right)
    if isinstance(annotation, ast.Subscript):
        head = _tail(annotation.value)
        if head == "Optional":
            return True
        if head == "Annotated" and isinstance(annotation.slice, ast.Tuple):
            return _is_optional(annotation.slice.elts[0])
    return False


def _is_classvar(annotation: ast.expr) -> bool:
    target = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    return _tail(target) == "ClassVar"


def _is_none(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is None


def _keyword(call: ast.Call | None, name: str) -> ast.expr | None:
    if call is None:
        return None
    return next((k.value for k in call.keywords if k.arg == name), None)


def _tail(expr: ast.expr | None) -> str | None:
    name = _dotted(expr)
    return name.rpartition(".")[2] if name else None
