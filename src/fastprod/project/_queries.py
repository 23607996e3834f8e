"""How the application queries its database, read statically: the facts ``optimize_db`` plans with.

One pass over each application module's parse tree (and one over the
functions it defines) finds:

* engines: each ``create_engine`` / ``create_async_engine`` call, its URL and
  the pool options it passes;
* N+1 reads: a relationship attribute read in a loop over the rows of a
  ``select(Model)`` / ``session.query(Model)``, with the select's place (in the
  same function, or in the function whose rows the loop iterates), and queries
  run once per row inside such a loop;
* columns a query filters or orders on (``where``, ``filter``, ``order_by``);
* list endpoints whose query has no ``limit``;
* loops that read one or two columns of whole rows;
* ``async def`` routes that use a synchronous session.

Cost is linear in the size of the code: each function is walked a fixed
number of times, and names resolve through dictionaries.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Protocol, TypeVar

from fastprod.project._model._api import SCALAR_TYPES
from fastprod.project._model._orm import OrmColumn, OrmModel, OrmRelationship
from fastprod.project._names import dotted as _dotted

if TYPE_CHECKING:
    from fastprod.project._project import Project

_ENGINE_CALLS = frozenset({"create_engine", "create_async_engine"})
_POOL_OPTIONS = ("pool_size", "max_overflow", "pool_timeout", "pool_pre_ping", "pool_recycle")
_FILTERS = frozenset({"where", "filter", "order_by", "having"})
# Text searches that a column's B-tree index does not serve: an index there is no fix.
_PATTERN_METHODS = frozenset(
    {"like", "ilike", "notlike", "notilike", "contains", "icontains", "endswith", "iendswith"}
    | {"regexp_match", "match"}
)
_PAGE_PARAMS = frozenset(
    {"limit", "offset", "page", "size", "per_page", "page_size", "cursor", "skip", "pagination"}
)


class _HasPlace(Protocol):
    @property
    def path(self) -> PurePosixPath: ...
    @property
    def line(self) -> int: ...


_Placed = TypeVar("_Placed", bound=_HasPlace)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
# Whole rows read for at most this many columns, of a model with at least the next many.
_FEW_COLUMNS = 2
_WIDE_MODEL = 4


@dataclass(frozen=True, slots=True)
class Engine:
    """A ``create_engine`` / ``create_async_engine`` call.

    Attributes:
        path: Its file.
        line: The call's line.
        url: The URL argument's source (``settings.database_url``), ``""`` if none.
        url_root: The module-level name the URL is read from (``settings``), when
            it is a plain name, attribute or method-call chain at module level.
        sqlite: The URL is a SQLite literal: server pool options do not apply.
        options: The pool options it passes by keyword.
        spread: It passes ``**options`` (the project builds its own options).
    """

    path: PurePosixPath
    line: int
    url: str
    url_root: str | None
    sqlite: bool
    options: frozenset[str]
    spread: bool

    @property
    def missing(self) -> tuple[str, ...]:
        """The pool options it does not pass by keyword, in the playbook's order."""
        return tuple(o for o in _POOL_OPTIONS if o not in self.options)

    @property
    def pooled(self) -> bool:
        """It sizes its pool and guards against stale connections: the project chose its pool.

        The options it leaves out (``max_overflow`` beside a ``pool_size``, or
        ``pool_timeout``) keep SQLAlchemy's defaults, which is no problem of its own.
        """
        sized = bool({"pool_size", "max_overflow"} & self.options)
        return sized and bool({"pool_pre_ping", "pool_recycle"} & self.options)


@dataclass(frozen=True, slots=True)
class Select:
    """A ``select(Model)`` or ``session.query(Model)`` call.

    Attributes:
        path: Its file.
        line: The call's line.
        model: The model it selects.
        loaded: The relationships an ``.options(...)`` on it already loads.
        limited: Its chain calls ``.limit(...)`` (or ``.first()``, ``.one()``...).
        written: The model as the call names it (``Book``, ``models.Book``).
        by_parent: Its ``.where(...)`` / ``.filter(...)`` sets a foreign key equal
            to a value (``Comment.ticket_id == ticket.id``): the rows of one parent.
    """

    path: PurePosixPath
    line: int
    model: OrmModel
    loaded: frozenset[str]
    limited: bool
    written: str = ""
    by_parent: bool = False

    @property
    def spelled(self) -> str:
        """The model as the code names it, for an option added to this query."""
        return self.written or self.model.name


@dataclass(frozen=True, slots=True)
class LazyRead:
    """A relationship read once per row of a query: an N+1.

    Attributes:
        path: The file of the loop.
        line: The line of the read inside the loop.
        select: The query whose rows the loop iterates.
        relationship: The relationship read.
        same_function: The select is in the function that loops; else in the
            function the loop calls for its rows.
        callee: That function's name, when the select is elsewhere.
        reader: The line of the ``def`` of the function that reads it.
        every_caller: The select is elsewhere, and every function of the project
            that calls ``callee`` reads this relationship off its rows: loading it
            there costs no caller a query it did not make.
    """

    path: PurePosixPath
    line: int
    select: Select
    relationship: OrmRelationship
    same_function: bool
    callee: str = ""
    reader: int = 0
    every_caller: bool = False


@dataclass(frozen=True, slots=True)
class QueryInLoop:
    """A query run once per row of another query (a select inside the loop)."""

    path: PurePosixPath
    line: int
    loop_line: int
    model: str


@dataclass(frozen=True, slots=True)
class FilteredColumn:
    """A column a query filters or orders on (``where(Model.col == x)``)."""

    model: OrmModel
    column: OrmColumn
    path: PurePosixPath
    line: int


@dataclass(frozen=True, slots=True)
class Unbounded:
    """A list endpoint whose rows come from a query without a limit."""

    path: PurePosixPath
    line: int
    handler: str
    select: Select


@dataclass(frozen=True, slots=True)
class FewColumns:
    """Whole rows loaded where a loop reads only a few of their columns."""

    path: PurePosixPath
    line: int
    select: Select
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SyncInAsync:
    """A synchronous session used in an ``async def`` route."""

    path: PurePosixPath
    line: int
    handler: str
    what: str


@dataclass(frozen=True, slots=True)
class Queries:
    """Everything :func:`read_queries` found, each list in file and line order."""

    models: tuple[OrmModel, ...] = ()
    engines: tuple[Engine, ...] = ()
    lazy_reads: tuple[LazyRead, ...] = ()
    queries_in_loops: tuple[QueryInLoop, ...] = ()
    filtered: tuple[FilteredColumn, ...] = ()
    unbounded: tuple[Unbounded, ...] = ()
    few_columns: tuple[FewColumns, ...] = ()
    sync_in_async: tuple[SyncInAsync, ...] = ()
    pagination: tuple[PurePosixPath, ...] = ()
    """Modules that hold the project's own pagination (``shared/pagination.py``)."""


def read_queries(project: Project) -> Queries:
    """Read how ``project`` queries its database (nothing is imported or run)."""
    readings = project.readings
    models = readings.orm_models
    by_name: dict[str, OrmModel] = {}
    for model in models:
        by_name.setdefault(model.name, model)
    modules = [
        (PurePosixPath(m.path), m.module, project.tree(m.path))
        for m in sorted(readings.index.app_modules, key=lambda m: m.path)
    ]
    routes = {(r.handler.path, r.handler.qualified.rpartition(".")[2]): r for r in readings.routes}
    found = _Found()
    functions: list[_Function] = []
    contexts: dict[PurePosixPath, _Names] = {}
    for path, module, tree in modules:
        if tree is None:
            continue
        contexts[path] = _Names(project, module, tree)
        found.engines += _engines(project, path, module, tree)
        functions += [_Function(path, node, by_name) for node in _function_nodes(tree)]
        if "pagination" in path.stem:
            found.pagination.append(path)
    returning = _rows_returning(functions)
    named: dict[str, _Function | None] = {}
    for function in functions:
        name = function.node.name
        named[name] = None if name in named else function
    helpers = {name: function for name, function in named.items() if function is not None}
    layer = readings.db_layer
    sync_factory = None if layer is None or layer.is_async else layer.session_factory
    sync_dependency = None if layer is None or layer.is_async else layer.session_dependency
    for function in functions:
        function.read(found, returning, helpers)
        route = routes.get((function.path, function.node.name))
        if route is not None:
            _route_checks(function, route.method, found, returning)
            fields = _response_fields(project, function.node, contexts[function.path])
            found.lazy_reads += _serialized_reads(function, fields, found, returning)
            if isinstance(function.node, ast.AsyncFunctionDef):
                places = (sync_factory, sync_dependency)
                names = {p.qualified.rpartition(".")[2] for p in places if p}
                found.sync_in_async += _sync_uses(function, names, contexts[function.path])
    found.lazy_reads = _every_caller(found.lazy_reads, functions)
    return found.frozen(models)


def _every_caller(reads: list[LazyRead], functions: list[_Function]) -> list[LazyRead]:
    """Mark the reads through a function whose every caller reads the same relationship."""
    callers: dict[str, set[tuple[PurePosixPath, int]]] = {}
    for function in functions:
        for node in _own_nodes(function.node):
            name = _tail(node.func) if isinstance(node, ast.Call) else None
            if name:
                callers.setdefault(name, set()).add((function.path, function.node.lineno))
    readers: dict[tuple[str, Select, str], set[tuple[PurePosixPath, int]]] = {}
    for read in reads:
        if not read.same_function:
            key = (read.callee, read.select, read.relationship.name)
            readers.setdefault(key, set()).add((read.path, read.reader))
    marked = []
    for read in reads:
        key = (read.callee, read.select, read.relationship.name)
        calling = callers.get(read.callee, set())
        shared = not read.same_function and bool(calling) and calling <= readers[key]
        marked.append(replace(read, every_caller=True) if shared else read)
    return marked


@dataclass(slots=True)
class _Found:
    engines: list[Engine] = field(default_factory=list)
    lazy_reads: list[LazyRead] = field(default_factory=list)
    queries_in_loops: list[QueryInLoop] = field(default_factory=list)
    filtered: list[FilteredColumn] = field(default_factory=list)
    unbounded: list[Unbounded] = field(default_factory=list)
    few_columns: list[FewColumns] = field(default_factory=list)
    sync_in_async: list[SyncInAsync] = field(default_factory=list)
    pagination: list[PurePosixPath] = field(default_factory=list)

    def frozen(self, models: tuple[OrmModel, ...]) -> Queries:
        def ordered(items: list[_Placed]) -> tuple[_Placed, ...]:
            return tuple(sorted(set(items), key=lambda i: (str(i.path), i.line)))

        return Queries(
            models=models,
            engines=ordered(self.engines),
            lazy_reads=ordered(self.lazy_reads),
            queries_in_loops=ordered(self.queries_in_loops),
            filtered=tuple(
                sorted(set(self.filtered), key=lambda f: (str(f.path), f.line, f.column.name))
            ),
            unbounded=ordered(self.unbounded),
            few_columns=ordered(self.few_columns),
            sync_in_async=ordered(self.sync_in_async),
            pagination=tuple(sorted(self.pagination)),
        )


# --------------------------------------------------------------------------- engines


def _engines(project: Project, path: PurePosixPath, module: str, tree: ast.Module) -> list[Engine]:
    symbols = project.readings.index.symbols
    top = _module_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _tail(node.func) not in _ENGINE_CALLS:
            continue
        resolved = symbols.resolve(module, _dotted(node.func) or "") or ""
        if not resolved.startswith(("sqlalchemy", "sqlmodel")):
            continue
        found.append(_engine(path, node, top))
    return found


def _engine(path: PurePosixPath, call: ast.Call, top: set[str]) -> Engine:
    keywords = {k.arg for k in call.keywords if k.arg}
    url_expr = (
        call.args[0]
        if call.args
        else next((k.value for k in call.keywords if k.arg == "url"), None)
    )
    url = ast.unparse(url_expr) if url_expr is not None else ""
    literal = isinstance(url_expr, ast.Constant) and isinstance(url_expr.value, str)
    sqlite = literal and str(getattr(url_expr, "value", "")).startswith("sqlite")
    root = _chain_root(url_expr) if url_expr is not None else None
    return Engine(
        path=path,
        line=call.lineno,
        url=url,
        url_root=root if root in top else None,
        sqlite=sqlite,
        options=frozenset(keywords & set(_POOL_OPTIONS)),
        spread=any(k.arg is None for k in call.keywords),
    )


def _chain_root(expr: ast.expr) -> str | None:
    """``settings`` for ``settings.db.url`` or ``settings.url.get_secret_value()``."""
    while True:
        if isinstance(expr, ast.Name):
            return expr.id
        if isinstance(expr, ast.Attribute):
            expr = expr.value
        elif isinstance(expr, ast.Call) and not expr.args and not expr.keywords:
            expr = expr.func
        else:
            return None


def _module_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


# --------------------------------------------------------------------------- functions


def _function_nodes(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, _FUNCTIONS):
            yield node


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's body, not those of functions or classes nested in it."""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (*_FUNCTIONS, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


class _Function:
    """One function's queries, the names bound to them and the loops over their rows."""

    def __init__(
        self,
        path: PurePosixPath,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        models: dict[str, OrmModel],
    ) -> None:
        self.path = path
        self.node = node
        self.models = models
        self.parents: dict[ast.AST, ast.AST] = {}
        self.bound: dict[str, list[ast.expr]] = {}
        self.selects: dict[ast.Call, Select] = {}
        self.column_selects: dict[ast.Call, str] = {}
        self.loads: dict[str, int] = {}
        self.returns: list[ast.expr] = []
        self._index()

    def _index(self) -> None:
        nodes = list(_own_nodes(self.node))
        for node in [self.node, *nodes]:
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        for node in nodes:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.bound.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and node.value is not None:
                if isinstance(node.target, ast.Name):
                    self.bound.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.Return) and node.value is not None:
                self.returns.append(node.value)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                self.loads[node.id] = self.loads.get(node.id, 0) + 1
            elif isinstance(node, ast.Call):
                model = self._selected(node)
                if model is not None:
                    self.selects[node] = self._select(node, model)
                elif self._query_call(node) and node.args:
                    columns = [self._model_column(arg) for arg in node.args]
                    if columns[0] is not None:
                        self.column_selects[node] = columns[0][0].name

    def _query_call(self, call: ast.Call) -> bool:
        """``select(...)``, ``sa.select(...)`` or ``session.query(...)``."""
        tail = _tail(call.func)
        if tail == "select" and isinstance(call.func, ast.Name | ast.Attribute):
            owner = call.func.value if isinstance(call.func, ast.Attribute) else None
            return owner is None or _tail(owner) in {"sa", "sqlalchemy", "sqlmodel"}
        return tail == "query" and isinstance(call.func, ast.Attribute)

    def _selected(self, call: ast.Call) -> OrmModel | None:
        """The model of ``select(Model)`` / ``x.query(Model)`` (one entity only)."""
        if not self._query_call(call) or len(call.args) != 1:
            return None
        return _model_named(call.args[0], self.models)

    def _select(self, call: ast.Call, model: OrmModel) -> Select:
        loaded: set[str] = set()
        limited = by_parent = False
        written = ast.unparse(call.args[0])
        for method, outer in self.chain(call):
            if method == "options":
                loaded.update(_loaded_attributes(outer, written))
            elif method in {"limit", "first", "one", "one_or_none", "scalar", "get", "scalar_one"}:
                limited = True
            elif method in {"where", "filter"}:
                by_parent = by_parent or self._sets_a_foreign_key(outer)
        return Select(self.path, call.lineno, model, frozenset(loaded), limited, written, by_parent)

    def _sets_a_foreign_key(self, call: ast.Call) -> bool:
        """``call`` holds ``Model.fk == value`` for a foreign-key column of a model."""
        for node in ast.walk(call):
            if not isinstance(node, ast.Compare) or not isinstance(node.ops[0], ast.Eq):
                continue
            for side in (node.left, node.comparators[0]):
                if not isinstance(side, ast.Attribute):
                    continue
                model = _model_named(side.value, self.models)
                column = model.column(side.attr) if model is not None else None
                if column is not None and column.foreign_key:
                    return True
        return False

    def chain(self, call: ast.Call) -> Iterator[tuple[str, ast.Call]]:
        """The methods called on ``call``'s result, in order (``where``, ``options``...)."""
        current: ast.AST = call
        while True:
            attribute = self.parents.get(current)
            if not isinstance(attribute, ast.Attribute) or attribute.value is not current:
                return
            outer = self.parents.get(attribute)
            if not isinstance(outer, ast.Call) or outer.func is not attribute:
                return
            yield attribute.attr, outer
            current = outer

    def reached(self, expr: ast.AST, seen: set[str] | None = None) -> list[Select]:
        """The selects whose rows ``expr`` holds, through the names it reads."""
        seen = set() if seen is None else seen
        found = []
        for node in ast.walk(expr):
            if isinstance(node, ast.Call) and node in self.selects:
                found.append(self.selects[node])
            elif isinstance(node, ast.Name) and node.id in self.bound and node.id not in seen:
                seen.add(node.id)
                for value in self.bound[node.id]:
                    found += self.reached(value, seen)
        return found

    def called(self, expr: ast.AST, seen: set[str] | None = None) -> list[str]:
        """Names of functions called in ``expr`` (through the names it reads)."""
        seen = set() if seen is None else seen
        found = []
        for node in ast.walk(expr):
            if isinstance(node, ast.Call) and node not in self.selects:
                name = _tail(node.func)
                if name:
                    found.append(name)
            elif isinstance(node, ast.Name) and node.id in self.bound and node.id not in seen:
                seen.add(node.id)
                for value in self.bound[node.id]:
                    found += self.called(value, seen)
        return found

    def read(
        self,
        found: _Found,
        returning: dict[str, Select | None],
        helpers: dict[str, _Function] | None = None,
    ) -> None:
        """Record this function's N+1 reads, per-row queries, filters and narrow reads."""
        for loop, target, iterable, body in self._loops():
            selects, same, callee = self.rows_of(iterable, returning)
            for select in selects:
                found.lazy_reads += self._lazy_reads(target, body, select, same, callee)
                found.lazy_reads += self._helper_reads(
                    target, body, select, (same, callee), helpers
                )
            if selects and same and len(selects) == 1:
                narrow = self._few_columns(target, iterable, body, selects[0])
                if narrow is not None:
                    found.few_columns.append(narrow)
            if selects:
                found.queries_in_loops += self._queries_in(loop, target, body)
        for call in _own_nodes(self.node):
            if isinstance(call, ast.Call) and _tail(call.func) in _FILTERS:
                found.filtered += self._filtered(call)
            elif isinstance(call, ast.Call) and _tail(call.func) == "filter_by":
                found.filtered += self._filtered_by(call)

    def _loops(self) -> Iterator[tuple[ast.AST, str, ast.expr, list[ast.AST]]]:
        for node in _own_nodes(self.node):
            if isinstance(node, ast.For | ast.AsyncFor) and isinstance(node.target, ast.Name):
                yield node, node.target.id, node.iter, list(node.body)
            elif isinstance(node, _COMPREHENSIONS):
                first = node.generators[0]
                if not isinstance(first.target, ast.Name):
                    continue
                parts: list[ast.AST] = [*first.ifs, *node.generators[1:]]
                if isinstance(node, ast.DictComp):
                    parts += [node.key, node.value]
                else:
                    parts.append(node.elt)
                yield node, first.target.id, first.iter, parts

    def rows_of(
        self, iterable: ast.expr, returning: dict[str, Select | None]
    ) -> tuple[list[Select], bool, str]:
        """The selects whose rows ``iterable`` holds; whether they are here; else the callee."""
        here = self.reached(iterable)
        if here:
            return here, True, ""
        for name in self.called(iterable):
            select = returning.get(name)
            if select is not None:
                return [select], False, name
        return [], True, ""

    def _lazy_reads(
        self, target: str, body: list[ast.AST], select: Select, same: bool, callee: str
    ) -> list[LazyRead]:
        found: dict[str, LazyRead] = {}
        for node in _walk_all(body):
            relationship = _relationship_read(node, target, select.model)
            if not isinstance(node, ast.Attribute) or relationship is None:
                continue
            if relationship.eager or relationship.name in select.loaded:
                continue
            # A second read of it in the same loop finds the collection loaded.
            read = LazyRead(
                self.path, node.lineno, select, relationship, same, callee, self.node.lineno
            )
            if relationship.name not in found or read.line < found[relationship.name].line:
                found[relationship.name] = read
        return list(found.values())

    def _helper_reads(
        self,
        target: str,
        body: list[ast.AST],
        select: Select,
        where: tuple[bool, str],
        helpers: dict[str, _Function] | None,
    ) -> list[LazyRead]:
        """The relationships a function called with the row reads off it
        (``last_scan=await _last_scan(shipment)`` in the loop): one level down."""
        found: list[LazyRead] = []
        for node in _walk_all(body):
            if not isinstance(node, ast.Call) or not helpers:
                continue
            helper = helpers.get(_tail(node.func) or "")
            if helper is None or helper is self:
                continue
            parameters = [a.arg for a in helper.node.args.args]
            if parameters[:1] == ["self"]:
                parameters = parameters[1:]
            given = [p for p, a in zip(parameters, node.args, strict=False) if _named(a, target)]
            given += [k.arg for k in node.keywords if k.arg and _named(k.value, target)]
            for parameter in given:
                for read in helper._lazy_reads(
                    parameter, list(helper.node.body), select, False, ""
                ):
                    found.append(replace(read, same_function=where[0], callee=where[1]))
        return found

    def _queries_in(self, loop: ast.AST, target: str, body: list[ast.AST]) -> list[QueryInLoop]:
        found = []
        for node in _walk_all(body):
            if not isinstance(node, ast.Call):
                continue
            if node in self.selects:
                model = self.selects[node].model.name
            elif node in self.column_selects:
                # ``select(Note.body).where(Note.visit_id == row.id)``: columns, once per row.
                model = self.column_selects[node]
            else:
                continue
            outer = self._outermost(node)
            if any(isinstance(n, ast.Name) and n.id == target for n in ast.walk(outer)):
                line = getattr(loop, "lineno", node.lineno)
                found.append(QueryInLoop(self.path, node.lineno, line, model))
        return found

    def _outermost(self, call: ast.Call) -> ast.Call:
        outer = call
        for _, node in self.chain(call):
            outer = node
        return outer

    def _few_columns(
        self, target: str, iterable: ast.expr, body: list[ast.AST], select: Select
    ) -> FewColumns | None:
        model = select.model
        if len(model.columns) < _WIDE_MODEL:
            return None
        if isinstance(iterable, ast.Name) and self.loads.get(iterable.id, 0) > 1:
            return None
        read: set[str] = set()
        for node in _walk_all(body):
            if not (isinstance(node, ast.Name) and node.id == target):
                continue
            parent = self.parents.get(node)
            if isinstance(parent, ast.Attribute) and parent.attr == model.name:
                # ``row.Project.name``: a ``Row`` of ``session.execute(select(Project))``.
                parent = self.parents.get(parent)
            if not isinstance(parent, ast.Attribute) or model.column(parent.attr) is None:
                return None
            read.add(parent.attr)
        if not read or len(read) > _FEW_COLUMNS:
            return None
        return FewColumns(self.path, select.line, select, tuple(sorted(read)))

    def _filtered(self, call: ast.Call) -> list[FilteredColumn]:
        found = []
        for arg in call.args:
            for node in ast.walk(arg):
                column = self._model_column(node)
                if column is None or not isinstance(node, ast.Attribute):
                    continue
                if self._pattern_matched(node):
                    continue
                found.append(FilteredColumn(*column, self.path, node.lineno))
        return found

    def _pattern_matched(self, column: ast.Attribute) -> bool:
        """``Model.col.ilike(...)``: a pattern a B-tree index does not serve (``%q%``)."""
        method = self.parents.get(column)
        return isinstance(method, ast.Attribute) and method.attr in _PATTERN_METHODS

    def _filtered_by(self, call: ast.Call) -> list[FilteredColumn]:
        # ``query(Model).filter_by(name=...)``: the model is the chain's select.
        select = next(
            (s for c, s in self.selects.items() if any(o is call for _, o in self.chain(c))), None
        )
        if select is None:
            return []
        found = []
        for keyword in call.keywords:
            column = select.model.column(keyword.arg or "")
            if column is not None:
                found.append(FilteredColumn(select.model, column, self.path, call.lineno))
        return found

    def _model_column(self, node: ast.AST) -> tuple[OrmModel, OrmColumn] | None:
        if not isinstance(node, ast.Attribute):
            return None
        model = _model_named(node.value, self.models)
        column = model.column(node.attr) if model else None
        return (model, column) if model is not None and column is not None else None


def _walk_all(nodes: list[ast.AST]) -> Iterator[ast.AST]:
    for node in nodes:
        yield from ast.walk(node)


def _named(expr: ast.expr, name: str) -> bool:
    return isinstance(expr, ast.Name) and expr.id == name


def _relationship_read(node: ast.AST, target: str, model: OrmModel) -> OrmRelationship | None:
    """``row.books`` or ``row.awaitable_attrs.books`` for a relationship of ``model``."""
    if not isinstance(node, ast.Attribute):
        return None
    owner = node.value
    if isinstance(owner, ast.Attribute) and owner.attr == "awaitable_attrs":
        owner = owner.value
    if not (isinstance(owner, ast.Name) and owner.id == target):
        return None
    return model.relationship(node.attr)


def _loaded_attributes(options: ast.Call, model: str) -> set[str]:
    """Relationships an ``.options(selectinload(Model.books), ...)`` call names.

    ``model`` is the model as the query writes it (``Book``, ``models.Book``).
    """
    names = set()
    for node in ast.walk(options):
        owner = node.value if isinstance(node, ast.Attribute) else None
        if isinstance(owner, ast.Name | ast.Attribute) and ast.unparse(owner) == model:
            names.add(getattr(node, "attr", ""))
    return names


def _model_named(expr: ast.expr, models: dict[str, OrmModel]) -> OrmModel | None:
    """The model ``Book`` or ``models.Book`` names (a module-qualified class)."""
    if isinstance(expr, ast.Name):
        return models.get(expr.id)
    # ``models.Book``; ``Author.books`` is a relationship, not a class.
    module = expr.value if isinstance(expr, ast.Attribute) else None
    if isinstance(expr, ast.Attribute) and isinstance(module, ast.Name) and module.id not in models:
        return models.get(expr.attr)
    return None


def _rows_returning(functions: list[_Function]) -> dict[str, Select | None]:
    """Function name -> the select whose rows it returns; ``None`` when two functions share it.

    A function that returns the rows of another one's select (a service over its
    repository: ``[Out.model_validate(v) for v in await self.vehicles.list_all()]``)
    returns that select too, through as many layers as the project has.
    """
    found: dict[str, Select | None] = {}
    # The first pass finds the selects written in the function itself; each
    # next one, those of the functions it calls that the passes before found.
    for _ in range(_LAYERS + 1):
        passed: dict[str, Select | None] = {}
        for function in functions:
            name = function.node.name
            if name in found:
                continue
            selects = [s for v in function.returns for s in function.rows_of(v, found)[0]]
            if len(selects) == 1:
                passed[name] = None if name in passed else selects[0]
        if not passed:
            break
        found |= passed
    return found


# How many layers of functions a select's rows are followed through (route,
# service, repository, and one more).
_LAYERS = 3


# --------------------------------------------------------------------------- routes


def _route_checks(
    function: _Function, method: str, found: _Found, returning: dict[str, Select | None]
) -> None:
    if method != "GET" or not _returns_list(function.node):
        return
    plain = _returns_plain_values(function.node)
    params = {a.arg for a in [*function.node.args.args, *function.node.args.kwonlyargs]}
    if params & _PAGE_PARAMS:
        return
    selects = list(function.selects.values())
    for value in function.returns:
        selects += function.rows_of(value, returning)[0]
    for select in dict.fromkeys(selects):
        # "the seats sold for one event" (list[str]): values of the rows of one
        # parent, a summary of one thing, not a table to page through.
        if not select.limited and not (plain and select.by_parent):
            found.unbounded.append(
                Unbounded(function.path, function.node.lineno, function.node.name, select)
            )


def _response_fields(
    project: Project, node: ast.FunctionDef | ast.AsyncFunctionDef, context: _Names
) -> frozenset[str]:
    """The fields of the model a list route returns (``response_model=list[PostOut]``)."""
    written: list[ast.expr | None] = [node.returns]
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Call):
            written += [k.value for k in decorator.keywords if k.arg == "response_model"]
    for annotation in reversed(written):
        if not isinstance(annotation, ast.Subscript):
            continue
        if _tail(annotation.value) not in {"list", "List", "Sequence"}:
            continue
        name = _dotted(annotation.slice)
        qualified = context.symbols.resolve(context.module, name) if name else None
        model = project.readings.model(qualified) if qualified else None
        if model is not None:
            return frozenset(f.name for f in model.fields)
    return frozenset()


def _serialized_reads(
    function: _Function,
    fields: frozenset[str],
    found: _Found,
    returning: dict[str, Select | None],
) -> list[LazyRead]:
    """Relationships the response model reads off each row returned: an N+1 in serialisation."""
    if not fields:
        return []
    # A relationship the function's own loops read is reported there already.
    read = {(r.select, r.relationship.name) for r in found.lazy_reads if r.path == function.path}
    reads = []
    for value in function.returns:
        selects, same, callee = function.rows_of(value, returning)
        for select in selects:
            for name in sorted(fields):
                relationship = select.model.relationship(name)
                if relationship is None or relationship.eager or name in select.loaded:
                    continue
                if (select, name) in read:
                    continue
                line = function.node.lineno
                reads.append(
                    LazyRead(function.path, value.lineno, select, relationship, same, callee, line)
                )
    return reads


def _returns_list(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return _listed(node) is not None


def _returns_plain_values(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """The route answers a list of plain values (``list[str]``: labels, emails)."""
    listed = _listed(node)
    return listed is not None and _tail(listed.slice) in SCALAR_TYPES


def _listed(node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.Subscript | None:
    """The ``list[...]`` the route answers, from its return type or ``response_model``."""
    annotations = [node.returns]
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Call):
            annotations += [k.value for k in decorator.keywords if k.arg == "response_model"]
    for annotation in annotations:
        if isinstance(annotation, ast.Subscript) and _tail(annotation.value) in {
            "list",
            "List",
            "Sequence",
        }:
            return annotation
    return None


class _Names:
    """What a module's names stand for: its type aliases, and imports through the symbols."""

    def __init__(self, project: Project, module: str, tree: ast.Module) -> None:
        self.module = module
        self.symbols = project.readings.index.symbols
        self.aliases: dict[str, ast.expr] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and isinstance(node.value, ast.Subscript):
                    self.aliases[target.id] = node.value

    def is_sync_session(self, annotation: ast.expr | None, depth: int = 0) -> bool:
        """``Session`` or ``Annotated[Session, ...]``, directly or through an alias."""
        if annotation is None or depth > 3:
            return False
        if isinstance(annotation, ast.Subscript) and _tail(annotation.value) == "Annotated":
            inner = annotation.slice
            first = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
            return self.is_sync_session(first, depth + 1)
        name = _dotted(annotation)
        if name is None:
            return False
        if name in self.aliases:
            return self.is_sync_session(self.aliases[name], depth + 1)
        qualified = self.symbols.resolve(self.module, name) or ""
        return qualified in _SYNC_SESSIONS


_SYNC_SESSIONS = frozenset(
    {"sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session", "sqlmodel.Session"}
)


def _sync_uses(function: _Function, names: set[str], context: _Names) -> list[SyncInAsync]:
    found = []
    node = function.node
    for arg in [*node.args.args, *node.args.kwonlyargs]:
        annotation = arg.annotation
        written = ast.unparse(annotation) if annotation is not None else ""
        if context.is_sync_session(annotation):
            found.append(SyncInAsync(function.path, arg.lineno, node.name, f"`{written}`"))
    for call in _own_nodes(node):
        if not isinstance(call, ast.Call):
            continue
        name = _tail(call.func)
        if name in names and name is not None:
            found.append(SyncInAsync(function.path, call.lineno, node.name, f"`{name}`"))
        elif name is not None and context.is_sync_session(call.func):
            # ``with Session(engine) as session:`` opened in the route itself.
            written = ast.unparse(call.func)
            found.append(SyncInAsync(function.path, call.lineno, node.name, f"`{written}(...)`"))
    return found


# --------------------------------------------------------------------------- helpers


def _tail(expr: ast.expr | None) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None
