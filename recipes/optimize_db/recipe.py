"""Find what makes the database slow, and fix what is safe to fix mechanically.

Reads how the app queries its database (nothing is imported or run) and
reports each finding at ``path:line``, in the scorecards' formats. The diff:

* an N+1 (a relationship read in a loop over a query's rows, the query in the
  same function) gets ``.options(selectinload(...))`` (a collection) or
  ``joinedload(...)`` (a single row) on that query;
* a column a query filters or orders on, and a foreign key, without an index
  gets ``index=True``, and an Alembic migration creating the indexes when the
  project uses Alembic;
* an engine built from the settings without pool options gets them from new
  settings fields, SQLite excepted (it keeps its own pool, which takes no sizes).

Found and left to a person: an N+1 whose query is in another function (both
lines named), a query run once per row, a list endpoint without a limit, whole
rows loaded for one or two columns, a synchronous session in an ``async def``
route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath

from fastprod.recipe import (
    ChangeSet,
    Engine,
    FileChange,
    FindingsReport,
    Located,
    Migration,
    OrmColumn,
    OrmModel,
    Project,
    Queries,
    Recipe,
    Setting,
    document_env,
    ensure_call_argument,
    ensure_function,
    ensure_import,
    ensure_loader_option,
    ensure_setting,
    find_alembic,
    first_party,
    line_length,
    plan_migration,
    read_queries,
    settings_env_prefix,
)

RULES = (
    ("database.n_plus_one", "Relationship loaded once per row (N+1)", "warning"),
    ("database.query_per_row", "Query run once per row of another query", "warning"),
    ("database.missing_index", "Column filtered, ordered or joined on without an index", "warning"),
    ("database.pool", "Engine without connection-pool settings", "warning"),
    ("database.unbounded_list", "List endpoint returns every row", "warning"),
    ("database.whole_rows", "Whole rows loaded for a few columns", "note"),
    ("database.sync_in_async", "Synchronous session in an async route", "error"),
)

POOL_SETTINGS = (
    Setting("db_pool_size", "int", "5", {"ge": "1"}, group="Database pool"),
    Setting("db_max_overflow", "int", "10", {"ge": "0"}, group="Database pool"),
    Setting("db_pool_timeout", "float", "30.0", {"gt": "0"}, group="Database pool"),
    Setting("db_pool_recycle", "int", "1800", {"ge": "-1"}, group="Database pool"),
)

POOL_FUNCTION = '''def engine_pool_options() -> dict[str, Any]:
    """Connection-pool options from the settings; SQLite's own pool takes no sizes."""
    options: dict[str, Any] = {{
        "pool_pre_ping": True,
        "pool_recycle": {s}.db_pool_recycle,
    }}
    if make_url({url}).get_backend_name() == "sqlite":
        return options
    return options | {{
        "pool_size": {s}.db_pool_size,
        "max_overflow": {s}.db_max_overflow,
        "pool_timeout": {s}.db_pool_timeout,
    }}
'''


@dataclass(frozen=True, slots=True)
class Params:
    """``optimize_db`` takes no parameters."""


class _Plan:
    """The texts being edited, by path, and what was found."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.texts: dict[PurePosixPath, str] = {}
        self.found: list[Located] = []
        self.messages: list[str] = []
        self.extra: list[FileChange] = []
        self.edits: dict[PurePosixPath, list[tuple[int, int, Callable[[str], str]]]] = {}
        self.after: dict[PurePosixPath, list[Callable[[str], str]]] = {}
        # Edited statements keep within the project's line length.
        self.length = line_length(project.read_text(PurePosixPath("pyproject.toml")))

    def text(self, path: PurePosixPath) -> str:
        if path not in self.texts:
            self.texts[path] = self.project.read_text(path) or ""
        return self.texts[path]

    def at(self, path: PurePosixPath, line: int, edit: Callable[[str], str]) -> None:
        """Edit the statement on ``line`` (of the text as it was read) when the plan ends."""
        self.edits.setdefault(path, []).append((line, len(self.edits.get(path, ())), edit))

    def then(self, path: PurePosixPath, edit: Callable[[str], str]) -> None:
        """Edit ``path`` after every edit found by line (an import, a settings field)."""
        self.after.setdefault(path, []).append(edit)

    def finish(self) -> None:
        """Apply the edits by line, the last first (none moves another's line), then the rest."""
        for path in sorted({*self.edits, *self.after}):
            text = self.text(path)
            for _, _, edit in sorted(self.edits.get(path, ()), key=lambda e: (-e[0], e[1])):
                text = edit(text)
            for edit in self.after.get(path, ()):
                text = edit(text)
            self.texts[path] = text

    def note(self, rule: str, severity: str, path: PurePosixPath, line: int, text: str) -> None:
        self.found.append(Located(rule, severity, path, line, text))

    def changes(self) -> tuple[FileChange, ...]:
        edits = tuple(
            FileChange(path, self.project.read_text(path), text)
            for path, text in sorted(self.texts.items())
        )
        return edits + tuple(self.extra)


def plan(params: Params, project: Project) -> ChangeSet:
    """Plan the fixes and report every finding; nothing is written."""
    queries = read_queries(project)
    if not queries.models and not queries.engines:
        return ChangeSet(
            messages=("no SQLAlchemy engine or model found: nothing to optimise",),
            report=FindingsReport.of((), RULES),
        )
    work = _Plan(project)
    _eager_loads(work, queries)
    _queries_per_row(work, queries)
    _indexes(work, queries)
    _pools(work, queries)
    _lists(work, queries)
    _whole_rows(work, queries)
    _sync_in_async(work, queries)
    work.finish()
    report = FindingsReport.of(work.found, RULES)
    summary = f"{len(report.items)} database finding(s)" if report.items else "no database finding"
    return ChangeSet(work.changes(), (summary, *work.messages), report)


# --------------------------------------------------------------------------- N+1


def _eager_loads(work: _Plan, queries: Queries) -> None:
    done: set[tuple[PurePosixPath, int, str]] = set()
    for read in queries.lazy_reads:
        select, relationship = read.select, read.relationship
        model, name = select.spelled, relationship.name
        loader = "selectinload" if relationship.collection else "joinedload"
        option = f".options({loader}({model}.{name}))"
        where = f"{read.path}:{read.line} reads `{name}` for each row of select({model})"
        if not read.same_function and not read.every_caller:
            work.note(
                "database.n_plus_one",
                "warning",
                read.path,
                read.line,
                f"{where} at {select.path}:{select.line} (through `{read.callee}`): "
                f"add {option} there, or load it in this query",
            )
            continue
        fixed = (
            f"at line {select.line}: fixed with {option}"
            if read.same_function
            else f"at {select.path}:{select.line} (through `{read.callee}`, whose every "
            f"caller reads it): fixed there with {option}"
        )
        work.note("database.n_plus_one", "warning", read.path, read.line, f"{where} {fixed}")
        key = (select.path, select.line, name)
        if key in done:
            continue
        done.add(key)
        path = select.path
        work.at(
            path,
            select.line,
            partial(
                ensure_loader_option,
                line=select.line,
                model=model,
                attribute=name,
                loader=loader,
                path=str(path),
                length=work.length,
            ),
        )
        names = first_party(work.project)
        work.then(
            path,
            partial(
                ensure_import,
                module="sqlalchemy.orm",
                name=loader,
                path=str(path),
                first_party=names,
            ),
        )


def _queries_per_row(work: _Plan, queries: Queries) -> None:
    for found in queries.queries_in_loops:
        work.note(
            "database.query_per_row",
            "warning",
            found.path,
            found.line,
            f"select({found.model}) runs once per row of the loop at line {found.loop_line}: "
            "query every row's data at once (an IN on the keys, or a relationship loaded "
            "with selectinload)",
        )


# --------------------------------------------------------------------------- indexes


def _indexes(work: _Plan, queries: Queries) -> None:
    wanted: dict[tuple[str, str], tuple[OrmModel, OrmColumn, str]] = {}
    for model in queries.models:
        for column in model.columns:
            if column.foreign_key and not column.indexed:
                wanted.setdefault((model.name, column.name), (model, column, "a foreign key"))
    for used in queries.filtered:
        if not used.column.indexed:
            why = f"filtered or ordered on at {used.path}:{used.line}"
            wanted.setdefault((used.model.name, used.column.name), (used.model, used.column, why))
    if not wanted:
        return
    alembic = find_alembic(work.project)
    for model, column, why in sorted(wanted.values(), key=lambda w: (str(w[0].path), w[1].line)):
        path = model.path
        original = work.project.read_text(path) or ""
        work.at(
            path,
            column.line,
            partial(
                ensure_call_argument,
                line=column.line,
                callee=_column_call(original, column),
                keyword="index",
                value="True",
                path=str(path),
                length=work.length,
            ),
        )
        fix = "index=True" + (" and a migration" if alembic and model.table else "")
        work.note(
            "database.missing_index",
            "warning",
            path,
            column.line,
            f"{model.name}.{column.name} is {why} and has no index: fixed with {fix}",
        )
    _migration(work, alembic is not None, [(m, c) for m, c, _ in wanted.values()])


def _index_name(schema: str, table: str, column: str) -> str:
    """SQLAlchemy's name for ``index=True`` (``ix_%(column_0_label)s``): the schema is in it."""
    return f"ix_{schema}_{table}_{column}" if schema else f"ix_{table}_{column}"


def _in(schema: str) -> str:
    return f', schema="{schema}"' if schema else ""


def _column_call(text: str, column: OrmColumn) -> str:
    line = text.splitlines()[column.line - 1] if column.line <= len(text.splitlines()) else ""
    for callee in ("mapped_column", "Column", "Field"):
        if f"{callee}(" in line:
            return callee
    return "mapped_column"


def _migration(work: _Plan, has_alembic: bool, columns: list[tuple[OrmModel, OrmColumn]]) -> None:
    tables = sorted((m.schema, m.table, c.name) for m, c in columns if m.table)
    if not tables:
        return
    if not has_alembic:
        work.messages.append(
            "no Alembic migrations: a database created before this change needs the "
            "indexes created by hand (CREATE INDEX ix_<table>_<column>)"
        )
        return
    upgrade = "\n".join(
        f'op.create_index(op.f("{_index_name(s, t, c)}"), "{t}", ["{c}"], unique=False{_in(s)})'
        for s, t, c in tables
    )
    downgrade = "\n".join(
        f'op.drop_index(op.f("{_index_name(s, t, c)}"), table_name="{t}"{_in(s)})'
        for s, t, c in reversed(tables)
    )
    migration = Migration(
        "index the columns queries filter on", upgrade, downgrade, ("from alembic import op",)
    )
    work.extra.append(plan_migration(work.project, migration))


# --------------------------------------------------------------------------- pools


def _pools(work: _Plan, queries: Queries) -> None:
    settings = work.project.settings
    for engine in queries.engines:
        if engine.sqlite:
            work.messages.append(
                f"{engine.path}:{engine.line}: a SQLite engine; pool sizes do not apply"
            )
            continue
        if engine.spread:
            work.messages.append(
                f"{engine.path}:{engine.line}: the engine's options come from the project's "
                f"own code (**...): pool settings left as they are"
            )
            continue
        if not engine.missing or engine.pooled:
            continue
        missing = ", ".join(engine.missing)
        # Options passed one by one are the project's choice: a spread would repeat them.
        unfixed = _why_no_pool_fix(engine, has_settings=settings is not None)
        if settings is None or unfixed is not None:
            work.note(
                "database.pool",
                "warning",
                engine.path,
                engine.line,
                f"the engine sets no {missing}: pass them from your settings "
                f"(pool sizes apply to a server database, not SQLite); not fixed: {unfixed}",
            )
            continue
        _pool_fix(work, engine, settings.path, settings.class_name)
        work.note(
            "database.pool",
            "warning",
            engine.path,
            engine.line,
            f"the engine sets no {missing}: fixed with engine_pool_options() and "
            f"DB_POOL_* settings in {settings.path}",
        )


def _why_no_pool_fix(engine: Engine, *, has_settings: bool) -> str | None:
    """Why the diff leaves the pool alone, or ``None`` when it can fix it."""
    if engine.options:
        # Options passed one by one are the project's choice: a spread would repeat them.
        chosen = ", ".join(sorted(engine.options))
        return f"it passes {chosen} itself; add the others beside it"
    if not has_settings:
        return "no settings class to read them from"
    if engine.url_root is None or "." not in engine.url:
        url = engine.url or "none"
        return f"the fix reads the URL as a settings attribute (settings.database_url), not {url}"
    return None


def _pool_fix(work: _Plan, engine: Engine, settings_path: PurePosixPath, class_name: str) -> None:
    path, root = engine.path, engine.url_root or "settings"
    names = first_party(work.project)
    original = work.project.read_text(path) or ""
    work.at(
        path,
        engine.line,
        partial(
            ensure_call_argument,
            line=engine.line,
            callee=_engine_callee(original, engine.line),
            keyword=None,
            value="engine_pool_options()",
            path=str(path),
            length=work.length,
        ),
    )
    # "get_settings().database_url": the settings are what the call returns.
    settings = f"{root}()" if engine.url.startswith(f"{root}()") else root
    function = POOL_FUNCTION.format(s=settings, url=engine.url)
    work.at(
        path,
        engine.line,
        partial(ensure_function, code=function, before_line=engine.line, path=str(path)),
    )
    for module, name in (("typing", "Any"), ("sqlalchemy", "make_url")):
        work.then(
            path,
            partial(ensure_import, module=module, name=name, path=str(path), first_party=names),
        )
    for setting in POOL_SETTINGS:
        work.then(
            settings_path,
            partial(
                ensure_setting, class_name=class_name, setting=setting, path=str(settings_path)
            ),
        )
    source = work.project.read_text(settings_path) or ""
    prefix = settings_env_prefix(source, class_name)
    lines = [(f"{prefix}{s.name}".upper(), s.default or "", None) for s in POOL_SETTINGS]
    env = document_env(work.project, lines, settings_path.parent)
    work.texts[env.path] = env.after or ""


def _engine_callee(text: str, line: int) -> str:
    written = text.splitlines()[line - 1]
    return "create_async_engine" if "create_async_engine(" in written else "create_engine"


# --------------------------------------------------------------------------- findings only


def _lists(work: _Plan, queries: Queries) -> None:
    style = (
        f"page it as {queries.pagination[0]} does"
        if queries.pagination
        else "add limit/offset (or page) query parameters with a maximum"
    )
    for found in queries.unbounded:
        select = found.select
        work.note(
            "database.unbounded_list",
            "warning",
            found.path,
            found.line,
            f"`{found.handler}` returns every row of select({select.model.name}) at "
            f"{select.path}:{select.line}: {style} (clients see a shorter list, so the "
            "diff leaves it to you)",
        )


def _whole_rows(work: _Plan, queries: Queries) -> None:
    for found in queries.few_columns:
        model = found.select.spelled
        columns = ", ".join(f"{model}.{c}" for c in found.columns)
        work.note(
            "database.whole_rows",
            "note",
            found.path,
            found.line,
            f"select({model}) loads {len(found.select.model.columns)} columns per row and "
            f"the loop reads {', '.join(found.columns)}: select({columns}) loads only those",
        )


def _sync_in_async(work: _Plan, queries: Queries) -> None:
    for found in queries.sync_in_async:
        work.note(
            "database.sync_in_async",
            "error",
            found.path,
            found.line,
            f"`async def {found.handler}` uses a synchronous session ({found.what}): each "
            "query blocks the event loop; make the route `def` (run in a thread) or use "
            "AsyncSession",
        )


RECIPE = Recipe(
    name="optimize_db",
    summary="Eager loading for N+1 reads, indexes, connection-pool settings, query findings",
    examples=("optimize my database queries", "fix N+1 queries"),
    params=Params,
    plan=plan,
)
