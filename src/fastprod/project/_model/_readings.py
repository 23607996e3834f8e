"""Readings: what the project has, as frozen objects recipes plan with and scorecards score.

Each reading is built from the facts the one pass of ``_visitor`` reads per module
(kept in the run's source set) and from the symbol table, so a recipe asking
where the session dependency is and the audit asking whether routes are
protected read the same project the same way. Readings state facts; judging
them (is this JWT? is this enough?) stays in the scorecards.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from fastprod.project._model._api import ModelReading, ParamReading, Trees, read_model, route_params
from fastprod.project._model._facts import Function
from fastprod.project._model._orm import OrmModel, orm_models, settle_collections
from fastprod.project._model._read import IndexRead, read_index
from fastprod.project._names import dotted as _dotted

if TYPE_CHECKING:
    from fastprod.project._model._facts import ClassDef, DepRef, ModuleFacts
    from fastprod.project._model._index import ProjectIndex, RouteView
    from fastprod.project._project import Project

_ENGINES = frozenset({"create_engine", "create_async_engine", "AsyncEngine"})
_ASYNC_ENGINES = frozenset({"create_async_engine"})
_ASYNC_CONSTRUCTORS = frozenset({"create_async_engine", "async_sessionmaker"})
_SESSION_FACTORIES = frozenset({"sessionmaker", "async_sessionmaker", "scoped_session"})
_SESSION_CLASSES = frozenset({"Session", "AsyncSession"})
_DECLARATIVE = frozenset({"DeclarativeBase", "DeclarativeBaseNoMeta"})
_DECLARATIVE_CALLS = frozenset({"declarative_base"})


@dataclass(frozen=True, slots=True)
class Place:
    """Where something is defined: its file and line, and its qualified name."""

    path: PurePosixPath
    line: int
    qualified: str


# Attributes of a user a role check reads, as the audit knows them.
_ROLE_ATTRIBUTES = (
    "role",
    "roles",
    "user_role",
    "scopes",
    "permissions",
    "groups",
    "is_superuser",
    "is_admin",
    "is_staff",
    "is_active_superuser",
)


@dataclass(frozen=True, slots=True)
class RoleCheck:
    """A dependency of a route that lets a signed-in caller through only with a role.

    Attributes:
        check: The function that checks (``require_role``, the factory when called
            in place as ``Depends(require_role("admin"))``).
        user: The dependency it reads the caller from (``get_current_active_user``):
            what a test overrides with a caller who lacks the role.
        attribute: The caller's attribute it reads (``role``, ``scopes``, ``is_admin``).
        roles: The roles the route names, when it calls the check in place with
            string constants (``("admin",)`` for ``require_role("admin")``) or an
            enum's members, qualified (``("app.security.Role.admin",)`` for
            ``require_role(Role.admin)``).
    """

    check: str
    user: str
    attribute: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RouteReading:
    """A path operation as the app serves it.

    Attributes:
        method: The HTTP method, upper case (``GET``).
        path: The full path, with every router and include prefix (``/api/items``).
        handler: The function that handles it.
        dependencies: What it depends on, from the route, its router, the
            include and the app, each by qualified name where it resolves in the
            project or its imports, else as written.
        request_model: The qualified name of the project model its body is read into.
        response_model: The qualified name of the ``response_model``, if one is given.
        params: Its path, query, header and cookie parameters, with their
            types and constraints.
        status_code: The ``status_code`` it declares, if it declares one.
        auth: What its dependencies do to authenticate and authorise the caller
            (``jwt``, ``scheme``, ``rbac``, ``apikey``, ``header``, ...), sorted.
        returns: The project model its return annotation names (``list[Item]``
            names ``Item``), if it names one.
        returns_many: The return annotation is a list or sequence.
        role_check: Its role check, when a dependency checks the caller's role
            and the caller it reads is a dependency of the project.
        tags: Its OpenAPI tags, from the route, its router and its includes, outermost first.
    """

    method: str
    path: str
    handler: Place
    dependencies: tuple[str, ...]
    request_model: str | None
    response_model: str | None
    params: tuple[ParamReading, ...] = ()
    status_code: int | None = None
    auth: tuple[str, ...] = ()
    returns: str | None = None
    returns_many: bool = False
    role_check: RoleCheck | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DbLayer:
    """The project's SQLAlchemy (or SQLModel) layer.

    Attributes:
        base: The declarative base models derive from.
        engine: The engine the sessions are bound to.
        session_factory: The ``sessionmaker`` / ``async_sessionmaker``.
        session_dependency: The function that yields a session per request.
        is_async: The engine or its sessions are asyncio ones.
    """

    base: Place | None
    engine: Place | None
    session_factory: Place | None
    session_dependency: Place | None
    is_async: bool


@dataclass(frozen=True, slots=True)
class Alembic:
    """The project's Alembic migrations.

    Attributes:
        revisions: Every revision id found, in path order of the files.
        heads: The revisions no other revision revises, in path order.
    """

    revisions: tuple[str, ...]
    heads: tuple[str, ...]


class Readings:
    """The readings of one project view, each read on first use."""

    def __init__(self, project: Project) -> None:
        """Read ``project`` lazily; nothing is parsed until a reading is asked for."""
        self._project = project
        self._models: dict[str, ModelReading | None] = {}

    @cached_property
    def index_read(self) -> IndexRead:
        """Every Python file's facts, indexed, with the files that could not be read."""
        return read_index(self._project)

    @property
    def index(self) -> ProjectIndex:
        """The cross-module index of every module's facts (shared with the audit)."""
        return self.index_read[0]

    @cached_property
    def routes(self) -> tuple[RouteReading, ...]:
        """Every route of the application code, in file and line order."""
        views = sorted(self.index.route_views(), key=lambda v: v.route.loc)
        return tuple(_route(self.index, view, self._tree) for view in views)

    def _tree(self, path: str) -> ast.Module | None:
        try:
            return self._project.tree(path)
        except (SyntaxError, ValueError):
            return None

    def model(self, qualified: str) -> ModelReading | None:
        """The fields of a project pydantic model, with their constraints; ``None`` if not one."""
        if qualified not in self._models:
            self._models[qualified] = read_model(self.index, qualified)
        return self._models[qualified]

    @cached_property
    def db_layer(self) -> DbLayer | None:
        """The database layer, or ``None`` when the project has no engine and no base."""
        return _db_layer(self.index)

    @cached_property
    def orm_models(self) -> tuple[OrmModel, ...]:
        """Every mapped class of the application code, in file and line order."""
        found: list[OrmModel] = []
        for module in sorted(self.index.app_modules, key=lambda m: m.path):
            tree = self._project.tree(module.path)
            if tree is not None:
                found.extend(orm_models(PurePosixPath(module.path), tree))
        return tuple(settle_collections(found))

    @cached_property
    def alembic(self) -> Alembic | None:
        """The Alembic revisions and heads, or ``None`` when there are no revisions."""
        return _alembic(self.index)


# --------------------------------------------------------------------------- routes


def _route(index: ProjectIndex, view: RouteView, trees: Trees) -> RouteReading:
    route, module = view.route, view.module
    handler = Place(
        PurePosixPath(module.path), route.loc.line, f"{module.module}.{route.func.name}"
    )
    return RouteReading(
        method=route.method.upper(),
        path=view.path,
        handler=handler,
        dependencies=tuple(d for ref in view.deps for d in _dependencies(index, ref)),
        request_model=_request_model(index, view),
        response_model=_written_class(index, module, route.keywords.get("response_model")),
        params=route_params(index, module, route.func.params, view.path, trees=trees),
        status_code=_status_code(index, module, route.keywords.get("status_code")),
        auth=tuple(sorted(frozenset().union(*(index.dep_kinds(ref) for ref in view.deps)))),
        returns=_written_class(index, module, _item_type(route.func.returns)),
        returns_many=_is_many(route.func.returns),
        role_check=next(filter(None, (_role_check(index, ref, trees) for ref in view.deps)), None),
        tags=view.tags,
    )


def _role_check(index: ProjectIndex, ref: DepRef, trees: Trees) -> RoleCheck | None:
    """The role check ``ref`` names: a project function that reads a role and raises."""
    found = index.definition(ref)
    if not isinstance(found, Function) or not (found.role_check and found.raises):
        return None
    user = next(filter(None, (_user_dependency(index, d) for d in found.depends)), None)
    owner = index.module(found.module)
    attribute = _role_attribute(trees(owner.path) if owner else None, found.name)
    if user is None or attribute is None:
        return None
    roles = tuple(_role_named(index, ref.module, role) for role in ref.args)
    return RoleCheck(f"{found.module}.{found.name}", user, attribute, roles)


def _role_named(index: ProjectIndex, module: str, role: str) -> str:
    """``"admin"`` as written; ``Role.admin`` qualified where ``Role`` is defined."""
    owner, dot, member = role.rpartition(".")
    if not dot:
        return role
    qualified = index.symbols.resolve(module, owner)
    return f"{qualified}.{member}" if qualified else role


def _user_dependency(index: ProjectIndex, ref: DepRef, depth: int = 0) -> str | None:
    """The project function a dependency of the check names, through an ``Annotated`` alias."""
    found = index.definition(ref)
    if isinstance(found, list) and depth < 4:
        return next(filter(None, (_user_dependency(index, r, depth + 1) for r in found)), None)
    if isinstance(found, Function) and found.owner is None:
        return f"{found.module}.{found.name}"
    return None


def _role_attribute(tree: ast.Module | None, name: str) -> str | None:
    """The first role attribute the module-level function ``name`` (or a function in it) reads."""
    for node in tree.body if tree is not None else ():
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            read = {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
            return next((a for a in _ROLE_ATTRIBUTES if a in read), None)
    return None


def _status_code(index: ProjectIndex, module: ModuleFacts, expr: ast.expr | None) -> int | None:
    """``201``, ``status.HTTP_201_CREATED`` or a constant naming one."""
    if expr is None:
        return None
    name = _tail(expr) or ""
    if name.startswith("HTTP_") and name[5:8].isdigit():
        return int(name[5:8])
    value = index.fold(expr, module).value
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _is_many(expr: ast.expr | None) -> bool:
    return isinstance(expr, ast.Subscript) and _tail(expr.value) in {"list", "List", "Sequence"}


def _item_type(expr: ast.expr | None) -> ast.expr | None:
    """``Item`` for ``Item``, ``list[Item]`` or ``Item | None``."""
    if isinstance(expr, ast.Subscript) and _tail(expr.value) in {"list", "List", "Sequence"}:
        return expr.slice
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        return expr.left
    return expr


def _dependencies(index: ProjectIndex, ref: DepRef, depth: int = 0) -> list[str]:
    """What ``ref`` depends on; an annotation counts only when it is an ``Annotated`` alias."""
    if not ref.alias:
        return [_dependency(index, ref)]
    found = index.definition(ref)
    refs = found if isinstance(found, list) else index.aliases.get(ref.target, [])
    if depth > 4:
        return []
    return [d for inner in refs for d in _dependencies(index, inner, depth + 1)]


def _dependency(index: ProjectIndex, ref: DepRef) -> str:
    written = ref.written or ref.target
    if not ref.module:
        return written
    return index.symbols.resolve(ref.module, written) or written


def _request_model(index: ProjectIndex, view: RouteView) -> str | None:
    for param in view.route.func.params:
        if param.default is not None and _is_dependency(param.default):
            continue
        found = _written_class(index, view.module, param.annotation)
        if found is not None:
            return found
    return None


def _is_dependency(default: ast.expr) -> bool:
    return isinstance(default, ast.Call) and _tail(default.func) in {"Depends", "Security"}


def _written_class(index: ProjectIndex, module: ModuleFacts, expr: ast.expr | None) -> str | None:
    """The qualified name of the project pydantic model ``expr`` names, if it names one."""
    name = _dotted(expr)
    if name is None:
        return None
    qualified = index.symbols.resolve(module.module, name)
    cls = index.class_named(qualified) if qualified else None
    if cls is None or not index.is_model(cls):
        return None
    return qualified


# --------------------------------------------------------------------------- database


def _db_layer(index: ProjectIndex) -> DbLayer | None:
    engine = _instance(index, _ENGINES)
    factory = _instance(index, _SESSION_FACTORIES)
    base = _declarative_base(index)
    if engine is None and base is None:
        return None
    dependency = _session_dependency(index, factory)
    is_async = _is_async(index, engine, factory)
    return DbLayer(base, engine, factory, dependency, is_async)


def _instance(index: ProjectIndex, callees: frozenset[str]) -> Place | None:
    for module in index.app_modules:
        for name, (callee, loc) in module.instances.items():
            if callee.rpartition(".")[2] in callees:
                return Place(PurePosixPath(module.path), loc.line, f"{module.module}.{name}")
    return None


def _declarative_base(index: ProjectIndex) -> Place | None:
    for module in index.app_modules:
        for cls in module.classes:
            if _direct_tails(cls) & _DECLARATIVE:
                return _class_place(module, cls)
        for name, (callee, loc) in module.instances.items():
            if callee.rpartition(".")[2] in _DECLARATIVE_CALLS:
                return Place(PurePosixPath(module.path), loc.line, f"{module.module}.{name}")
    return None


def _direct_tails(cls: ClassDef) -> frozenset[str]:
    return frozenset(base.rpartition(".")[2] for base in cls.bases)


def _class_place(module: ModuleFacts, cls: ClassDef) -> Place:
    return Place(PurePosixPath(module.path), cls.loc.line, f"{module.module}.{cls.name}")


def _session_dependency(index: ProjectIndex, factory: Place | None) -> Place | None:
    """The module-level function that opens a session from the factory (or ``Session(...)``)."""
    opened = set(_SESSION_CLASSES)
    if factory is not None:
        opened.add(factory.qualified.rpartition(".")[2])
    for module in index.app_modules:
        for func in module.functions:
            if func.owner is None and func.called & opened and not func.called & _ENGINES:
                qualified = f"{module.module}.{func.name}"
                return Place(PurePosixPath(module.path), func.loc.line, qualified)
    return None


def _is_async(index: ProjectIndex, engine: Place | None, factory: Place | None) -> bool:
    for place in (engine, factory):
        if place is None:
            continue
        module, _, name = place.qualified.rpartition(".")
        facts = index.module(module)
        callee = facts.instances[name][0] if facts and name in facts.instances else ""
        if _async_callee(index, callee):
            return True
    return False


def _async_callee(index: ProjectIndex, callee: str) -> bool:
    """SQLAlchemy's async constructors, or a project function that calls one
    (``app.core.database.create_engine`` wrapping ``create_async_engine``)."""
    if callee.rpartition(".")[2] in _ASYNC_CONSTRUCTORS:
        return True
    module, _, name = callee.rpartition(".")
    facts = index.module(module) if module else None
    if facts is None:
        return False
    own = [f for f in facts.functions if f.owner is None and f.name == name]
    return any(f.called & _ASYNC_CONSTRUCTORS for f in own)


# --------------------------------------------------------------------------- alembic


def _alembic(index: ProjectIndex) -> Alembic | None:
    revisions: list[str] = []
    revised: set[str] = set()
    for module in index.modules:
        if not module.revision:
            continue
        revision = _constant_strings(module.constants.get("revision"))
        revisions.extend(revision)
        revised.update(_constant_strings(module.constants.get("down_revision")))
    if not revisions:
        return None
    heads = tuple(r for r in revisions if r not in revised)
    return Alembic(tuple(revisions), heads)


def _constant_strings(expr: ast.expr | None) -> list[str]:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.Tuple | ast.List):
        return [s for e in expr.elts for s in _constant_strings(e)]
    return []


# --------------------------------------------------------------------------- helpers


def _tail(expr: ast.expr) -> str | None:
    name = _dotted(expr)
    return name.rpartition(".")[2] if name else None
