"""The database layer of a package laid out by kind, found or added, and its tables.

Recipes that keep rows (``crud``, ``auth``) build on the project's declarative
base and session dependency, sync or async, wherever they are; a project with
neither gets one async layer, ``<package>/database.py``, whichever recipe runs
first. The next recipe finds that module as it finds a project's own, so a
project ends with one database layer. Tables are created the way the project
creates its own: by Alembic, by its ``metadata.create_all``, or at start-up by
the added layer's ``tables_created`` lifespan step.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2

from fastprod.core._changes import ChangeSet, FileChange
from fastprod.core._errors import RecipeError
from fastprod.edits._alembic import Migration, find_alembic, model_registration, plan_migration
from fastprod.edits._batch import Edits
from fastprod.edits._common import python_tree
from fastprod.edits._ignore import ensure_ignored
from fastprod.project._project import Project, first_party

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Unannotated generator functions read as a session dependency by their name alone.
SESSION_DEPENDENCY_NAMES = frozenset({"get_db", "get_session", "get_db_session", "db_session"})


@dataclass(frozen=True, slots=True)
class Database:
    """The project's declarative base and session dependency, or the ones to add.

    Attributes:
        path: The module defining the base (``app/database.py``).
        base: The base's name (``Base``).
        session_path: The module defining the session dependency.
        get_db: The dependency's name (``get_db``).
        is_async: True for an ``AsyncSession``.
        new: True when the layer is to be added (the project has none).
        sessionmaker: The module-level session factory of ``session_path``
            (``SessionLocal``), if it has one.
    """

    path: PurePosixPath
    base: str
    session_path: PurePosixPath
    get_db: str
    is_async: bool
    new: bool = False
    sessionmaker: str | None = None


def code_modules(project: Project) -> list[PurePosixPath]:
    """The app package's modules, tests left out."""
    package = project.app.package
    return [
        path
        for path in project.python_files
        if "tests" not in path.parts and (package is None or path.is_relative_to(package))
    ]


def database_parts(
    project: Project,
) -> tuple[tuple[PurePosixPath, str] | None, tuple[PurePosixPath, str, bool] | None]:
    """The first declarative base ``(path, name)`` and session dependency
    ``(path, name, is_async)`` among the app package's modules, each ``None`` when absent."""
    base: tuple[PurePosixPath, str] | None = None
    session: tuple[PurePosixPath, str, bool] | None = None
    for path in code_modules(project):
        for node in _parsed(project, path).body:
            base = base or _declarative_base(path, node)
            session = session or _session_dependency(path, node)
    return base, session


def find_database(project: Project, package: PurePosixPath, *, who: str) -> Database:
    """The project's declarative base and session dependency; a new layer when it has neither.

    Raises:
        RecipeError: The project has one of the two and not the other, or a
            ``database.py`` without a base where the new layer would go; ``who``
            (the recipe) names the one refusing.
    """
    base, session = database_parts(project)
    if base is not None and session is not None:
        factory = _sessionmaker(project, session[0])
        return Database(base[0], base[1], session[0], session[1], session[2], False, factory)
    sqlmodel = sqlmodel_use(project) if base is None else None
    if sqlmodel is not None:
        raise RecipeError(
            f"{sqlmodel}; the project builds its tables on SQLModel: {who} writes SQLAlchemy "
            "declarative "
            "models, which would be a second kind of model on a metadata the project neither "
            "creates nor migrates, and does not write SQLModel code yet; nothing was written"
        )
    if base is not None or session is not None:
        what = (
            f"a declarative base ({base[0]}) but no session dependency (a function "
            "yielding a Session or an AsyncSession)"
            if base is not None
            else f"a session dependency ({session[0] if session else ''}) but no declarative base"
        )
        raise RecipeError(f"the project has {what}: {who} builds on both; nothing was written")
    path = package / "database.py"
    if project.exists(path):
        raise RecipeError(
            f"{path} exists but defines no declarative base: {who} would add its database "
            "layer there; nothing was written"
        )
    return Database(path, "Base", path, "get_db", True, True, "SessionLocal")


def database_module(project: Project, database: Database) -> FileChange:
    """The new async layer: engine, ``Base``, ``get_db`` and ``tables_created``.

    The URL comes from the settings' ``database_url`` when the project's settings
    have one and a ``get_settings()``, else from ``DATABASE_URL``.
    """
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    context = {
        "settings_module": database_settings_module(project),
        "db_name": database.path.parent.name,
    }
    text = environment.get_template("database.py.jinja").render(**context)
    return FileChange(database.path, project.read_text(database.path), text)


def database_files(project: Project, database: Database) -> list[FileChange]:
    """The new layer's module, and the ``.gitignore`` change that keeps its default
    SQLite file out of git.

    No ``.gitignore`` change when the URL comes from the project's settings (its
    default is its own), or when the project ignores the file already. Without
    it, the file the app (or a test that starts it) creates would leave the tree
    dirty.
    """
    files = [database_module(project, database)]
    if database_settings_module(project) is None:
        name = f"{database.path.parent.name}.db"
        comment = "The local SQLite database DATABASE_URL defaults to"
        ignored = ensure_ignored(project, name, comment)
        files += [ignored] if ignored is not None else []
    return files


def database_settings_module(project: Project) -> str | None:
    """The settings module the new layer reads ``database_url`` from, if it can."""
    settings = project.settings
    if settings is None:
        return None
    text = project.read_text(settings.path) or ""
    if "database_url" in text and "def get_settings(" in text:
        return project.app.module_of(settings.path)
    return None


def database_url_source(project: Project) -> str:
    """Where the new layer reads its URL, in words."""
    settings = project.settings
    if settings is not None and database_settings_module(project) is not None:
        return f"the database_url of its settings ({settings.path})"
    return "the DATABASE_URL variable"


def plan_tables(
    project: Project,
    database: Database,
    models: str,
    include: FileChange,
    migration: Migration,
    table: str,
) -> tuple[list[FileChange], list[str]]:
    """The router's ``include``, and ``table`` created as the project creates its own.

    Alembic: ``migration`` and the models module registered; ``create_all`` in the
    project's code: nothing more; a layer with ``tables_created`` (the one added
    here): that step entered in the app's lifespan.

    Args:
        project: The view with the models written (the include not yet).
        database: The layer the models build on.
        models: The dotted module of the models.
        include: The app's module with the router included.
        migration: The table's migration, for a project on Alembic.
        table: The table's name, for the messages.
    """
    alembic = find_alembic(project)
    if alembic is not None:
        planned = project.with_changes(ChangeSet((include,)))
        registration = model_registration(planned, models)
        planned = planned.with_changes(ChangeSet((registration,)))
        return [include, registration, plan_migration(planned, migration)], [
            f"run `{alembic.upgrade}` to create the {table} table"
        ]
    if "def tables_created(" in (project.read_text(database.path) or ""):
        return start_up_tables(project, database, include), [
            f"the project has no migrations: {database.path}'s tables_created, "
            f"entered in the app's lifespan, creates the {table} table at start-up "
            "(it never alters one: adopt Alembic before a table has to change)"
        ]
    creates = [
        path
        for path in code_modules(project)
        if path != database.path and "metadata.create_all" in (project.read_text(path) or "")
    ]
    if creates:
        return [include], [
            f"the project has no Alembic: its models' tables are created by "
            f"metadata.create_all in {creates[0]}, and so is {table} (create_all "
            "never alters a table: adopt Alembic before one has to change)"
        ]
    return [include], [
        f"the project creates no tables in its code (no Alembic, no create_all): create "
        f"the {table} table as you create the others"
    ]


def start_up_tables(project: Project, database: Database, include: FileChange) -> list[FileChange]:
    """The include, and ``tables_created`` entered in the app's lifespan: one change when
    the app's module includes the router, two when an aggregating router does."""
    app = project.app
    if include.path == app.edit_path:
        before, source = include.before, include.after
    else:
        before = project.read_text(app.edit_path)
        source = before or ""
    module, relative = app.module_of(database.path), 0
    package = app.module_of(app.edit_path).rpartition(".")[0]
    tree = python_tree(source)
    # The app's module imports its own package relatively: so does this line.
    if package and any(isinstance(n, ast.ImportFrom) and n.level for n in tree.body):
        module, relative = module.removeprefix(package + "."), 1
    text = (
        Edits(source, path=str(app.edit_path), first_party=first_party(project))
        .ensure_import(module, "tables_created", relative=relative)
        .ensure_lifespan_step(app, "tables_created({app})")
        .text()
    )
    lifespan = FileChange(app.edit_path, before, text)
    return [lifespan] if include.path == app.edit_path else [include, lifespan]


def database_dependencies(database: Database) -> list[tuple[str, tuple[str, ...]]]:
    """The packages (with extras) a new layer needs in the manifest; none for the project's."""
    return [("sqlalchemy", ("asyncio",)), ("aiosqlite", ())] if database.new else []


def sqlmodel_use(project: Project) -> str | None:
    """Where the app package uses SQLModel: its first table (``path:line: Name is a
    SQLModel table``), else the first module importing it; ``None`` when it does not."""
    found: str | None = None
    for path in code_modules(project):
        tree = _parsed(project, path)
        if not _imports_sqlmodel(tree):
            continue
        tables = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and is_sqlmodel_table(n)]
        if tables:
            return f"{path}:{tables[0].lineno}: {tables[0].name} is a SQLModel table"
        found = found or f"{path} builds on sqlmodel"
    return found


def is_sqlmodel_table(node: ast.ClassDef) -> bool:
    """A class declared ``table=True``: SQLModel's mark of a table model."""
    return any(
        kw.arg == "table" and isinstance(kw.value, ast.Constant) and kw.value.value is True
        for kw in node.keywords
    )


def _imports_sqlmodel(tree: ast.Module) -> bool:
    for node in tree.body:
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if any(name.split(".")[0] == "sqlmodel" for name in names):
            return True
    return False


def _parsed(project: Project, path: PurePosixPath) -> ast.Module:
    """The run's shared parse of ``path``; an empty module when it is absent or does not parse."""
    try:
        tree = project.tree(path)
    except SyntaxError:
        tree = None
    return tree or ast.Module(body=[], type_ignores=[])


def _declarative_base(path: PurePosixPath, node: ast.stmt) -> tuple[PurePosixPath, str] | None:
    bases = node.bases if isinstance(node, ast.ClassDef) else []
    if isinstance(node, ast.ClassDef) and any(
        ast.unparse(b).endswith("DeclarativeBase") for b in bases
    ):
        return path, node.name
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
        called = _called_name(node.value)
        targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
        if called == "declarative_base" and len(targets) == 1:
            return path, targets[0]
    return None


def _session_dependency(
    path: PurePosixPath, node: ast.stmt
) -> tuple[PurePosixPath, str, bool] | None:
    """A module-level generator function yielding a ``Session`` or an ``AsyncSession``.

    Its return annotation names the session; unannotated, its name does (``get_db``,
    ``get_session``).
    """
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    if not any(isinstance(n, ast.Yield) for n in ast.walk(node)):
        return None
    returns = "" if node.returns is None else ast.unparse(node.returns)
    named = node.returns is None and node.name in SESSION_DEPENDENCY_NAMES
    if "Session" not in returns and not named:
        return None
    return path, node.name, "AsyncSession" in returns or isinstance(node, ast.AsyncFunctionDef)


def _sessionmaker(project: Project, path: PurePosixPath) -> str | None:
    """``SessionLocal = sessionmaker(...)`` (or ``async_sessionmaker``) in ``path``."""
    for node in _parsed(project, path).body:
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Call):
            continue
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        if _called_name(node.value) in ("sessionmaker", "async_sessionmaker") and len(names) == 1:
            return names[0]
    return None


def _called_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""
