"""Add a CRUD feature for a resource: model, schemas, repository, service, router,
its migration and its tests, in the project's own database layer.

Router -> Service -> Repository, each in its module of ``features/<plural>/``;
the list is paginated with the project's ``Page``; a missing row is the error
hierarchy's ``NotFoundError`` (planned first by ``error_handling``); writes end
with the project's ``commit()``, so a broken constraint is a 409 before the
response. In a project laid out otherwise (``routers/``, ``models.py``,
``schemas.py``), each piece goes where that project keeps its own, on its own
declarative base and session dependency, sync or async (``_plan_package``); in a
SQLModel project, in SQLModel's style on its session (``_plan_sqlmodel``).
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from fastprod.recipe import (
    ChangeSet,
    Context,
    Database,
    FileChange,
    Migration,
    Project,
    Recipe,
    RecipeError,
    code_modules,
    database_files,
    database_parts,
    database_url_source,
    deployment_in_step,
    ensure_definitions,
    ensure_dependencies,
    ensure_export,
    find_alembic,
    find_database,
    find_router_home,
    first_party,
    import_lines,
    is_sqlmodel_table,
    model_registration,
    new_router_path,
    plan_migration,
    plan_router_include,
    plan_tables,
    pool_in_step,
    render,
    same_code,
    served_prefix,
    sqlmodel_use,
    tests_folder,
    tests_home,
    tests_in_step,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"
FEATURE_MODULES = (
    "__init__",
    "models",
    "schemas",
    "exceptions",
    "repository",
    "service",
    "dependencies",
    "router",
)
DEFAULT_FIELDS = ("name:str",)
# Names the model or the schemas already use for themselves.
RESERVED = frozenset({"id", "metadata", "registry", "self"})
# Names the model and schema modules use in their class bodies: a field of that
# name would hide them from the fields after it (``date: date`` breaks Pydantic).
USED_IN_CLASS_BODIES = frozenset({"date", "datetime", "mapped_column", "as_utc"})
LINE_LENGTH = 88
# What marks fastprod's cache module (``caching`` writes it).
CACHE_MARKERS = ("def get_cache(", "class CacheBackend(Protocol)")
# The longest name whose every generated line stays within LINE_LENGTH on each
# layout, measured: the app's import of the router, ``from <package>.features.
# <plural>.router import router as <plural>_router``, carries the name twice.
MAX_NAME_LENGTH = 19


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of ``crud``.

    Attributes:
        resource: The resource, singular and snake_case (``invoice``).
        plural: Its plural (``invoices``): the table, the feature folder and,
            with hyphens, the route prefix.
        fields: ``name:type`` in order; none gives ``name:str``.
    """

    resource: str = ""
    plural: str = ""
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Kind:
    """How one canonical field type is stored, validated and tested.

    Attributes:
        python: The Python type of the model and of the responses.
        column: The model's column type, from ``sqlalchemy``.
        migration: The column type as the migration writes it.
        constraints: ``Field`` arguments of the request schemas.
        samples: Two valid JSON values (Python source), the second for updates.
        invalid: JSON values (Python source) the constraints refuse.
        imports: ``(module, name)`` the model and schemas need for ``python``.
    """

    python: str
    column: str
    migration: str
    constraints: str
    samples: tuple[str, str]
    invalid: tuple[str, ...]
    imports: tuple[tuple[str, str], ...] = ()


KINDS: dict[str, Kind] = {
    "str": Kind(
        "str",
        "String(255)",
        "sa.String(length=255)",
        "min_length=1, max_length=255, pattern=NO_NUL",
        ('"{name} 1"', '"{name} 2"'),
        ('"x" * 256', '"a\\x00b"'),
    ),
    "text": Kind(
        "str",
        "Text",
        "sa.Text()",
        "min_length=1, pattern=NO_NUL",
        ('"{name} 1"', '"{name} 2"'),
        ('""', '"a\\x00b"'),
    ),
    "int": Kind("int", "Integer", "sa.Integer()", "ge=INT_MIN, le=INT_MAX", ("7", "8"), ("2**31",)),
    "float": Kind(
        "float", "Float", "sa.Float()", "allow_inf_nan=False", ("1.5", "2.5"), ('"many"',)
    ),
    "decimal": Kind(
        "Decimal",
        "Numeric(12, 2)",
        "sa.Numeric(precision=12, scale=2)",
        "max_digits=12, decimal_places=2",
        ('"12.50"', '"99.99"'),
        ('"0.125"',),
        (("decimal", "Decimal"),),
    ),
    "bool": Kind("bool", "Boolean", "sa.Boolean()", "", ("True", "False"), ('"maybe"',)),
    "date": Kind(
        "date",
        "Date",
        "sa.Date()",
        "",
        ('"2026-01-31"', '"2026-02-28"'),
        ('"2026-02-30"',),
        (("datetime", "date"),),
    ),
    "datetime": Kind(
        "datetime",
        "DateTime(timezone=True)",
        "sa.DateTime(timezone=True)",
        "",
        ('"2026-01-31T12:30:00Z"', '"2026-02-28T08:00:00Z"'),
        ('"2026-01-31T12:30:00"',),
        (("datetime", "datetime"),),
    ),
    "uuid": Kind(
        "UUID",
        "Uuid",
        "sa.Uuid()",
        "",
        ('"0b6f1a52-5e0c-4d57-9a43-0f2a8c3e9d11"', '"6a1e4c3b-2f7d-4b8e-8c5a-9d0e1f2a3b4c"'),
        ('"not-a-uuid"',),
        (("uuid", "UUID"),),
    ),
}


@dataclass(frozen=True, slots=True)
class Column:
    """One field of the resource, with its kind."""

    name: str
    kind_name: str
    kind: Kind

    @property
    def samples(self) -> tuple[str, str]:
        """Two valid values, as Python source."""
        first, second = self.kind.samples
        return first.format(name=self.name), second.format(name=self.name)

    def as_dict(self) -> dict[str, Any]:
        """The field as the templates read it."""
        column_type = self.kind.column.split("(")[0]
        return {
            "name": self.name,
            "kind": self.kind_name,
            "python": self.kind.python,
            "column": self.kind.column,
            "column_type": column_type,
            "migration": self.kind.migration,
            "constraints": self.kind.constraints,
            "samples": self.samples,
            "invalid": self.kind.invalid,
        }


@dataclass(frozen=True, slots=True)
class Names:
    """Every name the feature takes from its resource."""

    resource: str
    plural: str

    @property
    def model(self) -> str:
        """``BlogPost`` for ``blog_post``."""
        return "".join(part.capitalize() for part in self.resource.split("_"))

    @property
    def label(self) -> str:
        """``Blog post``: the resource in messages and docstrings."""
        return self.resource.replace("_", " ").capitalize()

    @property
    def url(self) -> str:
        """``/blog-posts``: the route prefix."""
        return "/" + self.plural.replace("_", "-")


@dataclass(frozen=True, slots=True)
class Layer:
    """The project's own modules the feature builds on (dotted names)."""

    database: str
    pagination: str
    schema: str
    errors: str
    features: PurePosixPath
    package: str
    tests: PurePosixPath | None
    cache: str | None = None
    # The errors module answers validation errors in the envelope (strict); or
    # they keep FastAPI's own answer, ``{"detail": [...]}`` (compatible).
    validation_envelope: bool = True
    # The name the project's ``Page`` and ``PageParams`` give a page's size:
    # fastprod's own layer says ``page_size``; one written before said ``size``.
    page_size: str = "page_size"


def plan(params: Params, project: Project, ctx: Context) -> ChangeSet:
    """Plan the feature on the view ``error_handling`` leaves; refuse a name in use."""
    names = _names(params)
    columns = _columns(params.fields or list(DEFAULT_FIELDS))
    _refuse_single_file(project)
    _refuse_wrapped_package(project)
    sqlmodel = _sqlmodel_database(project)
    project = ctx.ensure("error_handling")
    if sqlmodel is not None:
        planned = _plan_sqlmodel(project, names, columns, sqlmodel)
    elif new_router_path(project, names.plural).name != "router.py":
        planned = _plan_package(project, names, columns)
    else:
        planned = _plan_feature(project, names, columns)
    planned = pool_in_step(project, planned, ctx)
    planned = _socket_tests_follow(project, planned, ctx)
    return tests_in_step(project, deployment_in_step(project, planned, ctx), ctx)


def _plan_feature(project: Project, names: Names, columns: list[Column]) -> ChangeSet:
    """The feature in a folder of its own (``features/invoices/``)."""
    layer = _layer(project, names)
    url = _full_url(project, names)
    context = _context(names, columns, layer, url, before_311=_before_311(project))
    files = _feature_files(project, layer, names, context)
    applied = all(same_code(change.before, change.after) for change in files)
    if not applied:
        _refuse_shadowing(project, layer, names)
    changes = [*files]
    planned = project.with_changes(ChangeSet(tuple(files)))
    module = f"{layer.package}.{names.plural}"
    # The tags are the router's own: the include stays one line within the line length.
    include = plan_router_include(planned, f"{module}.router", prefix=names.url)
    planned = planned.with_changes(ChangeSet((include,)))
    registration = model_registration(planned, f"{module}.models")
    planned = planned.with_changes(ChangeSet((registration,)))
    migration = plan_migration(planned, _migration(names, columns))
    changes += [include, registration, migration, *_manifest_changes(project, new_layer=False)]
    alembic = find_alembic(project)
    upgrade = alembic.upgrade if alembic is not None else "alembic upgrade head"
    return ChangeSet(tuple(changes), _messages(names, url, layer, applied, upgrade))


def _socket_tests_follow(project: Project, planned: ChangeSet, ctx: Context) -> ChangeSet:
    """``planned``, then websocket planned again when its tests predate the database.

    websocket's tests run the app's lifespan, which now creates the feature's
    tables: written before the project had a database layer, they would create
    them on the app's own database. Planned again, they hand the lifespan the
    test database's engine, as when websocket runs after crud.
    """
    tests = tests_home(project)[0] / "test_realtime.py"
    text = project.read_text(tests) or ""
    if "def socket_client(" not in text or "_tables_dropped(" in text:
        return planned
    try:
        socket = ctx.follow("websocket", project.with_changes(planned))
    except RecipeError:
        return planned
    said = (
        f"{tests}: the WebSocket tests now run the app on the test database, now that it has tables"
    )
    changed = any(c.path == tests and c.before != c.after for c in socket.changes)
    return planned.merge(ChangeSet(socket.changes, (said,) if changed else ()))


def _refuse_single_file(project: Project) -> None:
    """A feature is several modules: a single-file app has no package to hold them."""
    if project.app.package is not None:
        return
    raise RecipeError(
        f"{project.app.path} is a single-file app: a CRUD feature is a model, schemas, "
        "a repository, a service and a router, each a module of the app's package, and "
        "this app has none. Move it into a package (app/main.py, with app/__init__.py) "
        "or start one with 'set up a new FastAPI project'; nothing was written"
    )


def _refuse_wrapped_package(project: Project) -> None:
    """A ``src/__init__.py`` around the app's package (``src/app``) whose code imports
    that package as ``app``: the new modules' imports would name it ``src.app``."""
    package = project.app.package
    if package is None or package.name != "src" or project.app.path.parent == package:
        return
    inner = project.app.path.relative_to(package).parts[0]
    for path in project.python_files:
        tree = _parsed(project, path)
        for node in [] if tree is None else ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and ((node.module or "").split(".")[0] == inner)
            ):
                raise RecipeError(
                    f"{package}/__init__.py makes {package} a package around the app's "
                    f"package {package / inner}, and {path} imports it as '{inner}' "
                    f"(it runs with {package}/ on its path): crud's modules would import it as "
                    f"'{package.name}.{inner}' and load its models twice. Remove "
                    f"{package}/__init__.py or import the app as {package.name}.{inner} "
                    "everywhere; nothing was written"
                )


def _refuse_dataclass_base(project: Project, database: Database) -> None:
    """A base mapping dataclasses (``MappedAsDataclass``): crud's models are not."""
    tree = _parsed(project, database.path)
    for node in [] if tree is None else tree.body:
        if not (isinstance(node, ast.ClassDef) and node.name == database.base):
            continue
        if any(ast.unparse(b).endswith("MappedAsDataclass") for b in node.bases):
            raise RecipeError(
                f"{database.path}: {database.base} maps its models as dataclasses "
                "(MappedAsDataclass), and crud's models are plain declarative classes "
                "(an id given by the database, fields without defaults): it does not "
                "write dataclass models yet; nothing was written"
            )


def _names(params: Params) -> Names:
    resource, plural = params.resource.strip(), params.plural.strip()
    for value in (resource, plural):
        if not value.isidentifier() or keyword.iskeyword(value) or value != value.lower():
            raise RecipeError(
                f"'{value}' cannot name a resource: use a snake_case word ('invoices')"
            )
    longest = max(resource, plural, key=len)
    if len(longest) > MAX_NAME_LENGTH:
        raise RecipeError(_too_long(longest, plural))
    if resource == plural:
        raise RecipeError(f"'{resource}' needs a plural different from its singular")
    return Names(resource, plural)


def _too_long(name: str, plural: str) -> str:
    """Why ``name`` is refused, and a shorter name made of its last words."""
    words = plural.split("_")
    while len(words) > 1 and len("_".join(words)) > MAX_NAME_LENGTH:
        words = words[1:]
    shorter = "_".join(words)
    hint = f" ('{shorter.replace('_', ' ')}', say)" if len(shorter) <= MAX_NAME_LENGTH else ""
    return (
        f"'{name}' is too long for a resource name: at most {MAX_NAME_LENGTH} characters. "
        "The generated code names the resource up to twice in a line ('import router as "
        f"{plural}_router'), and every line must fit in {LINE_LENGTH} characters for ruff "
        f"and ruff format to pass; name it in fewer words{hint}. Nothing was written"
    )


def _columns(fields: Iterable[str]) -> list[Column]:
    columns: list[Column] = []
    for spec in fields:
        name, _, kind_name = spec.partition(":")
        kind = KINDS.get(kind_name)
        if kind is None:
            known = ", ".join(KINDS)
            raise RecipeError(f"'{spec}': unknown field type; use one of {known}")
        if not name.isidentifier() or keyword.iskeyword(name) or name in RESERVED:
            raise RecipeError(f"'{name}' cannot be a field name: it is reserved")
        if name in USED_IN_CLASS_BODIES:
            raise RecipeError(
                f"'{name}' cannot be a field name: the generated code uses it for a type or "
                f"a helper; choose a more specific name ('due_{name}')"
            )
        if name.startswith(("model_", "_")):
            raise RecipeError(f"'{name}' cannot be a field name: Pydantic keeps model_ and _")
        if any(column.name == name for column in columns):
            raise RecipeError(f"the field '{name}' is given twice")
        columns.append(Column(name, kind_name, kind))
    return columns


def _layer(project: Project, names: Names) -> Layer:
    """Find the database layer, pagination, schema base and errors to build on."""
    app = project.app
    database = _module_defining(project, ("class Base(", "async def get_db(", "async def commit("))
    pagination = _module_defining(project, ("class Page(", "Pagination = "))
    schema = _module_defining(project, ("class Schema(BaseModel)",))
    errors = _module_defining(project, ("class NotFoundError(", "def register_error_handlers("))
    missing = [
        what
        for what, found in (
            ("async database layer (Base, get_db and commit())", database),
            ("Page[T] with a Pagination dependency", pagination),
            ("Schema base model", schema),
            ("error hierarchy (NotFoundError)", errors),
        )
        if found is None
    ]
    router = new_router_path(project, names.plural)
    if missing or database is None or pagination is None or schema is None or errors is None:
        raise RecipeError(
            f"this project keeps its routers in features/<name>/ as new_project does, "
            f"and crud builds there on that layout's pieces, but it has no "
            f"{missing[0]}{_own_base(project)}: nothing was written"
        )
    features = router.parent.parent
    return Layer(
        database=app.module_of(database),
        pagination=app.module_of(pagination),
        schema=app.module_of(schema),
        errors=app.module_of(errors),
        page_size=_page_size_name(project, pagination),
        features=features,
        package=app.module_of(features / "__init__.py"),
        tests=_tests_dir(project),
        cache=_cache_module(project),
        validation_envelope=_validation_envelope(project, errors),
    )


def _validation_envelope(project: Project, errors: PurePosixPath) -> bool:
    """True when the errors module answers validation errors in the envelope."""
    text = project.read_text(errors) or ""
    return "add_exception_handler(RequestValidationError" in text


def _cache_module(project: Project) -> str | None:
    """The module of fastprod's cache (``caching``), which reads by id go through."""
    path = _module_defining(project, CACHE_MARKERS)
    return None if path is None else project.app.module_of(path)


def _own_base(project: Project) -> str:
    """Where the project declares its own SQLAlchemy base, if it does, for the refusal."""
    for marker in ("DeclarativeBase", "declarative_base("):
        path = _module_defining(project, (marker,))
        if path is not None:
            return f" (its own models build on {path}, which crud cannot use yet)"
    return ""


def _module_defining(project: Project, markers: tuple[str, ...]) -> PurePosixPath | None:
    for path in project.python_files:
        if "tests" in path.parts:
            continue
        text = project.read_text(path) or ""
        if all(marker in text for marker in markers):
            return path
    return None


def _page_size_name(project: Project, pagination: PurePosixPath) -> str:
    """What the project's pagination calls a page's size: ``page_size``, or ``size``."""
    text = project.read_text(pagination) or ""
    if re.search(r"^ +size: int\b", text, re.MULTILINE) and not re.search(
        r"^ +page_size: int\b", text, re.MULTILINE
    ):
        return "size"
    return "page_size"


def _tests_dir(project: Project) -> PurePosixPath | None:
    """The tests folder whose ``conftest.py`` gives a ``client`` fixture, if any."""
    for path in project.python_files:
        if path.name == "conftest.py" and "def client(" in (project.read_text(path) or ""):
            return path.parent
    return None


def _full_url(project: Project, names: Names) -> str:
    """The list route's full path: the prefix the app serves its routers under, then the
    resource's. Behind an aggregating ``APIRouter``, the prefix the app includes it
    with and its own; refused when either cannot be read, since the feature's tests
    would call the wrong paths."""
    prefix = served_prefix(project, "crud", "The feature's tests would call the wrong paths")
    return prefix + names.url


def _router_prefix(project: Project, names: Names) -> str | None:
    """The prefix the router module sets itself, where the aggregator's includes give
    none (``APIRouter(prefix="/items")`` in each module); ``None``: the include's."""
    home = find_router_home(project)
    return None if home.is_app or home.include_prefixes else names.url


def _context(
    names: Names, columns: list[Column], layer: Layer, url: str, *, before_311: bool
) -> dict[str, Any]:
    kinds = {column.kind_name for column in columns}
    imports: dict[str, set[str]] = {}
    for column in columns:
        for module, name in column.kind.imports:
            imports.setdefault(module, set()).add(name)
    column_types = sorted({column.as_dict()["column_type"] for column in columns})
    return {
        "resource": names.resource,
        "plural": names.plural,
        "plural_words": names.plural.replace("_", " "),
        "model": names.model,
        "label": names.label,
        "url": url,
        "fields": [_field_context(column) for column in columns],
        "has_int": "int" in kinds,
        "has_text": bool(kinds & {"str", "text"}),
        "has_datetime": "datetime" in kinds,
        "stdlib_imports": _import_lines(imports),
        "schema_stdlib_imports": _import_lines(_schema_imports(imports, kinds, before_311)),
        "pydantic_imports": ", ".join(_pydantic_imports(kinds)),
        # Python 3.10 has neither typing.Self nor datetime.UTC.
        "self_import": "from typing_extensions import Self" if before_311 else None,
        "utc": "timezone.utc" if before_311 else "UTC",
        "column_imports": _import_lines({"sqlalchemy": set(column_types)}),
        "database": layer.database,
        "base": "Base",
        "table_note": "its migration creates the table",
        "pagination": layer.pagination,
        "page_size": layer.page_size,
        "schema": layer.schema,
        "errors": layer.errors,
        "validation_envelope": layer.validation_envelope,
        "feature": f"{layer.package}.{names.plural}",
        "cache": layer.cache,
    }


def _schema_imports(
    imports: Mapping[str, set[str]], kinds: set[str], before_311: bool
) -> dict[str, set[str]]:
    """The standard library imports of the schemas; ``Self`` from it from Python 3.11 on."""
    wanted = {module: set(names) for module, names in imports.items()}
    if not before_311:
        wanted.setdefault("typing", set()).add("Self")
    if "datetime" in kinds:
        wanted["datetime"].add("timezone" if before_311 else "UTC")
        wanted.setdefault("typing", set()).add("Annotated")
    return wanted


def _before_311(project: Project) -> bool:
    """True when the project declares a Python floor below 3.11 (none reads as 3.11)."""
    python = project.versions.python
    return python is not None and python < (3, 11)


def _pydantic_imports(kinds: set[str]) -> list[str]:
    names = {"Field", "model_validator"}
    if "datetime" in kinds:
        names |= {"AfterValidator", "AwareDatetime"}
    return sorted(names, key=lambda name: (name[0].islower(), name))


def _field_context(column: Column) -> dict[str, Any]:
    """The field as the templates read it, with its schema lines formatted."""
    kind = column.kind
    datetime = column.kind_name == "datetime"
    create_type = "UtcDatetime" if datetime else kind.python
    first, second = column.samples
    # One argument each: a call too long for one line is spread one per line.
    constraints = [arg for arg in kind.constraints.split(", ") if arg]
    create_args = [*constraints, f"examples=[{first}]"]
    update_args = ["default=None", *constraints, f"examples=[{second}]"]
    return column.as_dict() | {
        "create_line": _assignment(f"{column.name}: {create_type}", "Field", create_args),
        "update_line": _assignment(f"{column.name}: {create_type} | None", "Field", update_args),
        "response_line": f"    {column.name}: {'StoredDatetime' if datetime else kind.python}",
    }


def _assignment(target: str, func: str, args: list[str]) -> str:
    """``    target = func(args)`` in a class body, wrapped as ruff format wraps it."""
    arguments = [arg for arg in args if arg]
    line = f"    {target} = {func}({', '.join(arguments)})"
    if len(line) <= LINE_LENGTH:
        return line
    inner = f"        {', '.join(arguments)}"
    if len(inner) <= LINE_LENGTH:
        return f"    {target} = {func}(\n{inner}\n    )"
    spread = "".join(f"        {arg},\n" for arg in arguments)
    return f"    {target} = {func}(\n{spread}    )"


def _import_lines(imports: Mapping[str, set[str]]) -> list[str]:
    """``from module import a, b`` lines, sorted, wrapped as ruff format wraps them."""
    lines = []
    for module in sorted(imports):
        names = sorted(imports[module])
        line = f"from {module} import {', '.join(names)}"
        if len(line) > LINE_LENGTH:
            inner = "".join(f"    {name},\n" for name in names)
            line = f"from {module} import (\n{inner})"
        lines.append(line)
    return lines


def _feature_files(
    project: Project, layer: Layer, names: Names, context: dict[str, Any]
) -> list[FileChange]:
    folder = layer.features / names.plural
    targets = [(f"feature/{m}.py.jinja", folder / f"{m}.py") for m in FEATURE_MODULES]
    if layer.tests is not None:
        targets.append(("tests/test_resource.py.jinja", layer.tests / f"test_{names.plural}.py"))
    return [
        FileChange(path, project.read_text(path), render(TEMPLATES, name, context))
        for name, path in targets
    ]


def _refuse_shadowing(project: Project, layer: Layer, names: Names) -> None:
    """Refuse a resource whose folder, table, routes or model the project already has."""
    folder = layer.features / names.plural
    taken = [path for path in project.python_files if path.is_relative_to(folder)]
    if taken:
        _refuse(f"{folder}/ exists", names)
    if layer.tests is not None and project.exists(layer.tests / f"test_{names.plural}.py"):
        _refuse(f"{layer.tests}/test_{names.plural}.py exists", names)
    for path in project.python_files:
        found = _shadowed_in(project.read_text(path) or "", names)
        # A test that calls the routes of another app's prefix is no route of this one.
        if found is not None and not ("tests" in path.parts and ": the route " in found):
            _refuse(f"{path}:{found}", names)


def _refuse(what: str, names: Names) -> None:
    raise RecipeError(
        f"{what}: a CRUD feature for {names.plural} would shadow it; nothing was written. "
        "Choose another name for the resource"
    )


_ROUTE_CALLS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "api_route", "websocket"}
)


def _shadowed_in(source: str, names: Names) -> str | None:
    """``line: what`` for the first table, model class or route of ``names`` in ``source``."""
    if names.plural not in source and names.model not in source and names.url not in source:
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        found = _shadowing_node(node, names)
        if found is not None:
            return f"{getattr(node, 'lineno', 0)}: {found}"
    return None


def _shadowing_node(node: ast.AST, names: Names) -> str | None:
    if isinstance(node, ast.ClassDef) and node.name == names.model:
        return f"the class {names.model} exists"
    if isinstance(node, ast.Assign) and _assigns_tablename(node, names.plural):
        return f"the table {names.plural} exists"
    if not isinstance(node, ast.Call):
        return None
    called = _called_name(node)
    strings = [_string(arg) for arg in node.args[:1]]
    if called in ("create_table", "Table") and strings == [names.plural]:
        return f"the table {names.plural} exists"
    strings += [_string(kw.value) for kw in node.keywords if kw.arg == "prefix"]
    if called in _ROUTE_CALLS | {"include_router", "APIRouter"}:
        for value in strings:
            if value is not None and (value + "/").startswith(names.url + "/"):
                return f"the route {value} exists"
    return None


def _assigns_tablename(node: ast.Assign, table: str) -> bool:
    targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
    return targets == ["__tablename__"] and _string(node.value) == table


def _called_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _string(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _migration(names: Names, columns: list[Column]) -> Migration:
    lines = [
        "op.create_table(",
        f'    "{names.plural}",',
        '    sa.Column("id", sa.Integer(), nullable=False),',
        *(f'    sa.Column("{c.name}", {c.kind.migration}, nullable=False),' for c in columns),
        f'    sa.PrimaryKeyConstraint("id", name=op.f("pk_{names.plural}")),',
        ")",
    ]
    return Migration(
        message=f"create the {names.plural} table",
        upgrade="\n".join(lines),
        downgrade=f'op.drop_table("{names.plural}")',
    )


def _messages(names: Names, url: str, layer: Layer, applied: bool, upgrade: str) -> tuple[str, ...]:
    if applied:
        return (f"the {names.plural} feature is already in {layer.features}/{names.plural}/",)
    messages = [
        f"{names.model}: {url} (list, create) and {url}/{{{names.resource}_id}} "
        f"(read, update, delete) in {layer.features}/{names.plural}/; run `{upgrade}` "
        "to create its table",
        f"no field of {names.plural} is unique: say so in the model (unique=True) and in a "
        "migration if one must be; a duplicate is then answered 409",
    ]
    if layer.tests is None:
        messages.append(
            "no tests/conftest.py with a client fixture: the feature's tests were not added"
        )
    return tuple(messages)


# ------------------------------------------------ a package laid out otherwise


@dataclass(frozen=True, slots=True)
class Places:
    """Where each piece of the resource goes in a package without ``features/``."""

    package: PurePosixPath
    database: Database
    models: PurePosixPath
    schemas: PurePosixPath
    pagination: PurePosixPath
    schema_base: PurePosixPath
    errors: PurePosixPath
    service: PurePosixPath
    router: PurePosixPath
    tests: PurePosixPath | None


def _plan_package(project: Project, names: Names, columns: list[Column]) -> ChangeSet:
    """The resource in a package laid out by kind (``routers/``, ``models.py``...)."""
    places = _places(project, names)
    url = _full_url(project, names)
    context = _package_context(project, places, names, columns, url)
    files = _package_files(project, places, context)
    applied = all(same_code(change.before, change.after) for change in files)
    if not applied:
        _refuse_package_shadowing(project, places, names)
    planned = project.with_changes(ChangeSet(tuple(files)))
    router_module = project.app.module_of(places.router)
    own_prefix = _router_prefix(project, names)
    include = plan_router_include(
        planned, router_module, prefix=names.url if own_prefix is None else None
    )
    tables, table_messages = plan_tables(
        planned,
        places.database,
        project.app.module_of(places.models),
        include,
        _migration(names, columns),
        names.plural,
    )
    changes = [*files, *tables, *_manifest_changes(planned, new_layer=places.database.new)]
    messages = (
        _package_messages(project, places, names, url, table_messages)
        if not applied
        else (f"the {names.plural} feature is already in {places.router}",)
    )
    return ChangeSet(tuple(changes), messages)


def _places(project: Project, names: Names, database: Database | None = None) -> Places:
    package = project.app.package
    assert package is not None  # _refuse_single_file ran first
    errors = _module_defining(project, ("class NotFoundError(", "class ConflictError("))
    if errors is None:
        raise RecipeError(
            "crud needs the error hierarchy (NotFoundError, ConflictError) and found none "
            "after error_handling: nothing was written"
        )
    database = database or find_database(project, package, who="crud")
    if not database.new:
        _refuse_dataclass_base(project, database)
    pagination = _module_defining(project, ("class Page(", "class PageParams", "Pagination = "))
    schema_base = _module_defining(project, ("class Schema(BaseModel)",))
    own = package / "pagination.py"
    if pagination is None or schema_base is None:
        pagination = schema_base = own
    found = _models_module(project, database)
    folder = _model_package(project, package, database, found)
    if folder is not None:
        # One module per model: the resource's own beside them, its schemas likewise.
        stem = _per_model_stem(project, folder, names)
        models = folder / f"{stem}.py"
        schemas = _kind_module(project, package, "schemas", replace(names, plural=stem), None)
    else:
        models = _kind_module(project, package, "models", names, found)
        schemas = _kind_module(project, package, "schemas", names, None)
    return Places(
        package=package,
        database=database,
        models=models,
        schemas=schemas,
        pagination=pagination,
        schema_base=schema_base,
        errors=errors,
        service=_service_module(project, package, names),
        router=new_router_path(project, names.plural),
        # Where the project's pytest finds its tests (``app/tests/`` included), as
        # write_tests and error_handling find it.
        tests=tests_folder(project),
    )


def _service_module(project: Project, package: PurePosixPath, names: Names) -> PurePosixPath:
    """``services/<plural>.py``; or the project's ``crud.py``, where it keeps its data
    access so (full-stack-fastapi-template), or a module of its ``crud/`` package."""
    services = package / "services"
    if project.exists(services / "__init__.py"):
        return services / f"{names.plural}.py"
    if project.exists(package / "crud" / "__init__.py"):
        return package / "crud" / f"{names.plural}.py"
    if project.exists(package / "crud.py"):
        return package / "crud.py"
    return services / f"{names.plural}.py"


def _shared_service(places: Places) -> bool:
    """True when the service joins a module of the project's (``crud.py``)."""
    return places.service == places.package / "crud.py"


def _kind_module(
    project: Project,
    package: PurePosixPath,
    kind: str,
    names: Names,
    found: PurePosixPath | None,
) -> PurePosixPath:
    """The module of ``kind`` (models, schemas) the resource joins, or its own in a package."""
    if found is not None and found.name != "__init__.py":
        return found
    folder = found.parent if found is not None else package / kind
    if project.exists(folder / "__init__.py"):
        return folder / f"{names.plural}.py"
    return package / f"{kind}.py"


def _model_package(
    project: Project,
    package: PurePosixPath,
    database: Database,
    found: PurePosixPath | None,
) -> PurePosixPath | None:
    """The package holding one module per model (``models/author.py``,
    ``models/token_blacklist.py``), when the project's models are kept so."""
    if found is None or found.name in ("models.py", "__init__.py"):
        return None
    folder = found.parent
    if folder == package or not project.exists(folder / "__init__.py"):
        return None
    holders = [path for path in _model_modules(project, database) if path.parent == folder]
    return folder if folder.name == "models" or len(holders) > 1 else None


def _per_model_stem(project: Project, folder: PurePosixPath, names: Names) -> str:
    """The resource's module name in a package of one module per model: the plural
    where the project names its modules so (``authors.py`` holding ``Author``), else
    the singular."""
    for path in project.python_files:
        if path.parent != folder:
            continue
        tree = _parsed(project, path)
        classes = [n.name for n in getattr(tree, "body", []) if isinstance(n, ast.ClassDef)]
        if any(path.stem == _snake(name) + "s" for name in classes):
            return names.plural
    return names.resource


def _snake(name: str) -> str:
    """``token_blacklist`` for ``TokenBlacklist``."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def _model_modules(project: Project, database: Database) -> list[PurePosixPath]:
    """Every module where the project's models subclass its base."""
    return [
        path
        for path in code_modules(project)
        if path != database.path
        and any(
            _subclasses(node, database.base) for node in getattr(_parsed(project, path), "body", [])
        )
    ]


def _registration(project: Project, places: Places, names: Names) -> list[FileChange]:
    """The model exported by its package's ``__init__`` where that module registers
    the models of its modules so (``from app.models.author import Author``)."""
    folder = places.models.parent
    init = folder / "__init__.py"
    source = project.read_text(init)
    if folder == places.package or source is None or places.models.name == "models.py":
        return []
    module = project.app.module_of(init)
    tree = _parsed(project, init)
    own = [
        node
        for node in getattr(tree, "body", [])
        if isinstance(node, ast.ImportFrom)
        and ((node.level == 1 and node.module) or (node.module or "").startswith(module + "."))
    ]
    if not own:
        return []
    relative = all(node.level == 1 for node in own)
    target = places.models.stem if relative else project.app.module_of(places.models)
    text = ensure_export(
        source,
        target,
        names.model,
        relative=1 if relative else 0,
        first_party=first_party(project),
        path=str(init),
    )
    return [FileChange(init, source, text)]


def _models_module(project: Project, database: Database) -> PurePosixPath | None:
    """The module where the project's own models subclass its base, if any."""
    for path in code_modules(project):
        if path == database.path:
            continue
        tree = _parsed(project, path)
        if tree is not None and any(_subclasses(node, database.base) for node in tree.body):
            return path
    return None


def _subclasses(node: ast.stmt, base: str) -> bool:
    if not isinstance(node, ast.ClassDef):
        return False
    return any(isinstance(b, ast.Name) and b.id == base for b in node.bases)


def _parsed(project: Project, path: PurePosixPath) -> ast.Module | None:
    try:
        return ast.parse(project.read_text(path) or "")
    except SyntaxError:
        return None


def _package_context(
    project: Project, places: Places, names: Names, columns: list[Column], url: str
) -> dict[str, Any]:
    app = project.app
    module = app.module_of
    database = places.database
    model = names.model
    context = _context(
        names,
        columns,
        Layer(
            database=module(database.path),
            pagination=module(places.pagination),
            schema=module(places.schema_base),
            errors=module(places.errors),
            features=places.package,
            package=module(places.package / "__init__.py"),
            tests=places.tests,
            validation_envelope=_validation_envelope(project, places.errors),
            page_size=_page_size_name(project, places.pagination),
        ),
        url,
        before_311=_before_311(project),
    )
    service_imports = [
        (module(places.errors), ["ConflictError", "NotFoundError"]),
        (module(places.models), [model]),
        (module(places.schemas), [f"{model}Create", f"{model}Update"]),
        (module(places.pagination), ["PageParams"]),
    ]
    router_imports = [
        (module(database.session_path), [database.get_db]),
        (module(places.pagination), ["Page", "Pagination"]),
        (module(places.schemas), [f"{model}Create", f"{model}Response", f"{model}Update"]),
        (module(places.service), [f"{model}Service"]),
    ]
    test_imports = [
        (module(database.path), [database.base]),
        (module(database.session_path), [database.get_db]),
        (app.module_of(app.factory_path or app.path), [app.factory or app.attr]),
    ]
    # A module shared by several resources holds one conflict message for each.
    shared = _shared_service(places)
    conflict = f"{names.resource.upper()}_CONFLICT" if shared else "CONFLICT_MESSAGE"
    return context | {
        "conflict_message": conflict,
        "router_prefix": _router_prefix(project, names),
        "base": database.base,
        "get_db": database.get_db,
        "is_async": database.is_async,
        "a": "async " if database.is_async else "",
        "aw": "await " if database.is_async else "",
        "session_module": "sqlalchemy.ext.asyncio" if database.is_async else "sqlalchemy.orm",
        "session_type": "AsyncSession" if database.is_async else "Session",
        "service_imports": import_lines(service_imports),
        "router_imports": import_lines(router_imports),
        "test_imports": import_lines(test_imports),
        "factory": app.factory,
        "sqlmodel": False,
        "metadata": f"{database.base}.metadata",
        # The only table the tests create and drop (SQLModel's may be named otherwise).
        "table": names.plural,
        "table_note": "its migration creates the table"
        if find_alembic(project) is not None
        else "its table is created with the app's other tables",
    }


def _package_files(project: Project, places: Places, context: dict[str, Any]) -> list[FileChange]:
    """The new modules, and the model and schemas merged where the project keeps its own."""
    changes = _new_modules(project, places, context, "flat")
    if places.database.new:
        changes[:0] = database_files(project, places.database)
    changes += [
        _merged(project, places.models, "feature/models.py.jinja", context),
        _merged(project, places.schemas, "feature/schemas.py.jinja", context),
        *_registration(project, places, Names(context["resource"], context["plural"])),
    ]
    return changes


def _new_modules(
    project: Project, places: Places, context: dict[str, Any], style: str
) -> list[FileChange]:
    """Pagination when the project has none, the service, the router and the tests, from
    the ``style`` templates (``flat``, ``sqlmodel``), and the folders' ``__init__.py``."""
    targets = [(f"{style}/router.py.jinja", places.router)]
    if not _shared_service(places):
        targets.insert(0, (f"{style}/service.py.jinja", places.service))
    if places.tests is not None:
        targets.append(
            ("flat/test_resource.py.jinja", places.tests / f"test_{context['plural']}.py")
        )
    if places.pagination == places.package / "pagination.py":
        targets.insert(0, ("flat/pagination.py.jinja", places.pagination))
    changes = [
        FileChange(path, project.read_text(path), render(TEMPLATES, name, context))
        for name, path in targets
    ]
    if _shared_service(places):
        changes.append(_merged(project, places.service, f"{style}/service.py.jinja", context))
    for folder in (places.service.parent, places.router.parent):
        init = folder / "__init__.py"
        if folder != places.package and not project.exists(init):
            changes.append(FileChange(init, None, f'"""The app\'s {folder.name}."""\n'))
    return changes


def _merged(
    project: Project, path: PurePosixPath, template: str, context: dict[str, Any]
) -> FileChange:
    """The template's definitions merged into ``path``; the whole module when it is new."""
    rendered = render(TEMPLATES, template, context)
    source = project.read_text(path)
    # A module the resource opens is shared by the next ones: its docstring says so;
    # a module of its own (``models/invoice.py``) names it.
    own = path.stem not in ("models", "schemas")
    docstring = (PER_MODEL_DOCSTRINGS if own else MODULE_DOCSTRINGS).get(template, "")
    seed = docstring.format(name=path.stem.replace("_", " ")) if source is None else source
    text = ensure_definitions(
        seed,
        rendered,
        module=project.app.module_of(path),
        first_party=first_party(project),
        path=str(path),
    )
    return FileChange(path, source, text)


PER_MODEL_DOCSTRINGS = {
    "feature/models.py.jinja": '"""The {name} model: one class, one table."""\n',
    "feature/schemas.py.jinja": '"""The {name} request and response bodies."""\n',
    "sqlmodel/models.py.jinja": '"""The {name} models: its table and its bodies."""\n',
}
MODULE_DOCSTRINGS = {
    "feature/models.py.jinja": '"""The database models: one class per table."""\n',
    "feature/schemas.py.jinja": '"""The request and response bodies of the API."""\n',
    "sqlmodel/models.py.jinja": '"""The database models: one class per table."""\n',
}


def _refuse_package_shadowing(project: Project, places: Places, names: Names) -> None:
    tests = places.tests / f"test_{names.plural}.py" if places.tests is not None else None
    service = None if _shared_service(places) else places.service
    for path in (service, places.router, tests):
        if path is not None and project.exists(path):
            _refuse(f"{path} exists", names)
    for path in project.python_files:
        found = _shadowed_in(project.read_text(path) or "", names)
        if found is not None and not ("tests" in path.parts and ": the route " in found):
            _refuse(f"{path}:{found}", names)


def _manifest_changes(project: Project, *, new_layer: bool) -> list[FileChange]:
    """The dependencies the feature's code needs that the project may lack.

    SQLAlchemy and aiosqlite for a database layer crud adds; typing-extensions,
    for ``Self``, on a Python floor below 3.11.
    """
    wanted: list[tuple[str, tuple[str, ...]]] = []
    if new_layer:
        wanted += [("sqlalchemy", ("asyncio",)), ("aiosqlite", ())]
    if _before_311(project):
        wanted.append(("typing-extensions", ()))
    if not wanted:
        return []
    manifest = project.manifest
    if manifest is None:
        packages = " and ".join(package for package, _ in wanted)
        raise RecipeError(
            f"no pyproject.toml or requirements.txt: crud adds {packages} to the project's "
            "manifest, and found none; nothing was written"
        )
    source = project.read_text(manifest.path) or ""
    text = ensure_dependencies(
        source, manifest.kind, wanted, project.versions.python, path=str(manifest.path)
    )
    return [FileChange(manifest.path, source, text)]


def _package_messages(
    project: Project, places: Places, names: Names, url: str, tables: list[str]
) -> tuple[str, ...]:
    database = places.database
    style = "async (AsyncSession)" if database.is_async else "sync (Session, def routes)"
    url_from = database_url_source(project)
    where = (
        f"{names.model}: {url} (list, create) and {url}/{{{names.resource}_id}} (read, "
        f"update, delete): the model in {places.models}, the schemas in {places.schemas}, "
        f"the repository and service in {places.service}, the router in {places.router}"
        + ("" if places.tests is None else f", the tests in {places.tests}/test_{names.plural}.py")
    )
    base = (
        f"a new database layer in {database.path} (the project had none): async "
        f"SQLAlchemy on {url_from}; sqlalchemy[asyncio] and aiosqlite added to the manifest "
        "(add asyncpg for PostgreSQL)"
        if database.new
        else f"on the project's own {database.base} ({database.path}) and "
        f"{database.get_db} ({database.session_path}), {style}"
    )
    messages = [where, base, *tables]
    if places.pagination == places.package / "pagination.py":
        messages.append(f"{places.pagination}: the Page[T] the list answers, and Schema")
    return (*messages, *_tests_and_uniques(places, names, "column"))


def _tests_and_uniques(places: Places, names: Names, holder: str) -> list[str]:
    """Where the feature's tests run, and what makes a duplicate a 409 (``holder``:
    the ``column`` or ``field`` that would say unique=True)."""
    if places.tests is None:
        tests = "no tests/ folder next to the app: the feature's tests were not added"
    else:
        tests = (
            "its tests run with pytest and httpx (FastAPI's TestClient), on "
            "TEST_DATABASE_URL or a SQLite file of their own"
        )
    unique = (
        f"no field of {names.plural} is unique: a duplicate is a 409 once a {holder} says "
        "unique=True"
    )
    return [tests, unique]


# ------------------------------------------------ a SQLModel project


def _sqlmodel_database(project: Project) -> Database | None:
    """The session dependency of a SQLModel project; ``None`` for another project.

    Refused: SQLModel beside declarative models (which metadata would the table
    join?), and a SQLModel project whose session dependency crud cannot find.
    """
    found = sqlmodel_use(project)
    if found is None:
        return None
    base, session = database_parts(project)
    if base is not None:
        raise RecipeError(
            f"{found}, and {base[0]} declares the SQLAlchemy base {base[1]}: a table "
            "could join either metadata, and which one the project creates or migrates "
            "cannot be told from the code; move the models to one of them. Nothing was "
            "written"
        )
    if session is None:
        raise RecipeError(
            f"{found}: crud builds SQLModel code on the project's session dependency, "
            "a generator yielding a Session or an AsyncSession (annotated so, or named "
            "get_session or get_db), and found none; it does not add a second database "
            "layer beside SQLModel's. Nothing was written"
        )
    path, get_db, is_async = session
    return Database(path, "SQLModel", path, get_db, is_async)


def _plan_sqlmodel(
    project: Project, names: Names, columns: list[Column], database: Database
) -> ChangeSet:
    """The resource in SQLModel's style: a base model, the table, Create, Update, Public."""
    places = _places(project, names, database)
    url = _full_url(project, names)
    table = _sqlmodel_table(project, names)
    context = _package_context(project, places, names, columns, url)
    context |= _sqlmodel_context(project, places, names, columns, table)
    files = _sqlmodel_files(project, places, context)
    applied = all(same_code(change.before, change.after) for change in files)
    if not applied:
        _refuse_package_shadowing(project, places, names)
    planned = project.with_changes(ChangeSet(tuple(files)))
    own_prefix = _router_prefix(project, names)
    include = plan_router_include(
        planned,
        project.app.module_of(places.router),
        prefix=names.url if own_prefix is None else None,
    )
    tables, table_messages = _sqlmodel_tables(
        planned, places, replace(names, plural=table), columns, include
    )
    changes = [*files, *tables, *_manifest_changes(planned, new_layer=False)]
    if applied:
        return ChangeSet(
            tuple(changes), (f"the {names.plural} feature is already in {places.router}",)
        )
    messages = _sqlmodel_messages(places, names, url, context, table_messages)
    return ChangeSet(tuple(changes), messages)


def _sqlmodel_table(project: Project, names: Names) -> str:
    """The plural when the project names its tables (``__tablename__``), else SQLModel's
    own name for the class: its name in lower case."""
    for path in code_modules(project):
        tree = _parsed(project, path)
        for node in [] if tree is None else ast.walk(tree):
            named = isinstance(node, ast.ClassDef) and any(
                isinstance(s, ast.Assign) and _assigns_name(s, "__tablename__") for s in node.body
            )
            if named and isinstance(node, ast.ClassDef) and is_sqlmodel_table(node):
                return names.plural
    return names.model.lower()


def _assigns_name(node: ast.Assign, name: str) -> bool:
    return [t.id for t in node.targets if isinstance(t, ast.Name)] == [name]


def _response_suffix(project: Project) -> str:
    """``Public``, SQLModel's name for a response model, or ``Read`` where the project
    names its own so (SQLModel's earlier tutorial)."""
    classes = {
        node.name
        for path in code_modules(project)
        for node in (getattr(_parsed(project, path), "body", None) or [])
        if isinstance(node, ast.ClassDef)
    }
    reads = any(name.endswith("Read") and name[:-4] in classes for name in classes)
    publics = any(name.endswith("Public") and name[:-6] in classes for name in classes)
    return "Read" if reads and not publics else "Public"


# Pydantic arguments SQLModel's Field does not take (its regex is dropped on
# Pydantic 2): they go through schema_extra.
SQLMODEL_EXTRA = frozenset({"pattern", "allow_inf_nan"})
# The column where SQLModel's own, from the Python type, is not the one crud stores.
SQLMODEL_COLUMNS = {"text": "sa_type=Text", "datetime": "sa_type=DateTime(timezone=True)"}


def _sqlmodel_args(column: Column, *, update: bool) -> list[str]:
    """The ``Field`` arguments of a field: its constraints, and its column unless ``update``."""
    plain: list[str] = ["default=None"] if update else []
    extra: list[str] = []
    for arg in (a for a in column.kind.constraints.split(", ") if a):
        key, _, value = arg.partition("=")
        if key in SQLMODEL_EXTRA:
            extra.append(f'"{key}": {value}')
        else:
            plain.append(arg)
    if not update and column.kind_name in SQLMODEL_COLUMNS:
        plain.append(SQLMODEL_COLUMNS[column.kind_name])
    if extra:
        plain.append("schema_extra={" + ", ".join(extra) + "}")
    return plain


def _sqlmodel_field(column: Column) -> dict[str, Any]:
    """The lines of one field: in the base, the update body and, for a datetime, the
    create body and the response (aware in, UTC out)."""
    datetime = column.kind_name == "datetime"
    base, update = _sqlmodel_args(column, update=False), _sqlmodel_args(column, update=True)
    base_target = f"{column.name}: {column.kind.python}"
    update_target = f"{column.name}: {'UtcDatetime' if datetime else column.kind.python} | None"
    return {
        "name": column.name,
        "base_line": _assignment(base_target, "Field", base) if base else f"    {base_target}",
        # Nothing but the default: SQLModel's own ``= None``.
        "update_line": _assignment(update_target, "Field", update)
        if update != ["default=None"]
        else f"    {update_target} = None",
        "create_line": f"    {column.name}: UtcDatetime" if datetime else None,
        "response_line": f"    {column.name}: StoredDatetime" if datetime else None,
    }


def _sqlmodel_context(
    project: Project, places: Places, names: Names, columns: list[Column], table: str
) -> dict[str, Any]:
    module = project.app.module_of
    model = names.model
    response = model + _response_suffix(project)
    database = places.database
    kinds = {column.kind_name for column in columns}
    models = [model, f"{model}Create", f"{model}Update"]
    service_imports = [
        (module(places.errors), ["ConflictError", "NotFoundError"]),
        (module(places.models), models),
        (module(places.pagination), ["PageParams"]),
    ]
    router_imports = [
        (module(database.session_path), [database.get_db]),
        (module(places.models), [*models, response]),
        (module(places.pagination), ["Page", "Pagination"]),
        (module(places.service), [f"{model}Service"]),
    ]
    app = project.app
    test_imports = [
        (module(database.session_path), [database.get_db]),
        (app.module_of(app.factory_path or app.path), [app.factory or app.attr]),
    ]
    column_types = {
        c.split("=")[1].split("(")[0] for k, c in SQLMODEL_COLUMNS.items() if k in kinds
    }
    third_party = [("sqlmodel", ["Field", "SQLModel"])]
    if column_types:
        third_party.append(("sqlalchemy", sorted(column_types)))
    pydantic = [n for n in _pydantic_imports(kinds) if n != "Field"]
    third_party.append(("pydantic", pydantic))
    return {
        "sqlmodel": True,
        "metadata": "SQLModel.metadata",
        "table": table,
        "tablename": table == names.plural,
        "response": response,
        "sqlmodel_fields": [_sqlmodel_field(column) for column in columns],
        "model_imports": import_lines(third_party),
        "session_module": "sqlmodel.ext.asyncio.session" if database.is_async else "sqlmodel",
        "service_imports": import_lines(service_imports),
        "router_imports": import_lines(router_imports),
        "test_imports": import_lines(test_imports),
        "table_note": "its migration creates the table"
        if find_alembic(project) is not None
        else "its table is created with the app's other tables",
    }


def _sqlmodel_files(project: Project, places: Places, context: dict[str, Any]) -> list[FileChange]:
    """The service, the router, the tests and pagination; the models merged into the project's."""
    changes = _new_modules(project, places, context, "sqlmodel")
    changes.append(_merged(project, places.models, "sqlmodel/models.py.jinja", context))
    changes += _registration(project, places, Names(context["resource"], context["plural"]))
    return changes


def _sqlmodel_tables(
    project: Project,
    places: Places,
    names: Names,
    columns: list[Column],
    include: FileChange,
) -> tuple[list[FileChange], list[str]]:
    """The include, and the table made as the project makes its own: by Alembic, or by
    its ``SQLModel.metadata.create_all``."""
    if find_alembic(project) is not None:
        return plan_tables(
            project,
            places.database,
            project.app.module_of(places.models),
            include,
            _migration(names, columns),
            names.plural,
        )
    creates = [
        path
        for path in code_modules(project)
        if "metadata.create_all" in (project.read_text(path) or "")
    ]
    if creates:
        return [include], [
            f"the project has no Alembic: its tables are created by SQLModel.metadata."
            f"create_all in {creates[0]}, and so is {names.plural} (create_all never "
            "alters a table: adopt Alembic before one has to change)"
        ]
    return [include], [
        f"the project creates no tables in its code (no Alembic, no create_all): create "
        f"the {names.plural} table as you create the others"
    ]


def _sqlmodel_messages(
    places: Places, names: Names, url: str, context: dict[str, Any], tables: list[str]
) -> tuple[str, ...]:
    database = places.database
    style = "async (AsyncSession)" if database.is_async else "sync (Session, def routes)"
    model = names.model
    tests = "" if places.tests is None else f", the tests in {places.tests}/test_{names.plural}.py"
    messages = [
        f"{model}: {url} (list, create) and {url}/{{{names.resource}_id}} (read, update, "
        f"delete): {model}Base, the table {model} ({context['table']}), {model}Create, "
        f"{model}Update and {context['response']} in {places.models}, the repository and "
        f"service in {places.service}, the router in {places.router}{tests}",
        f"SQLModel, on the project's {database.get_db} ({database.session_path}), {style}",
        *tables,
    ]
    if places.pagination == places.package / "pagination.py":
        messages.append(f"{places.pagination}: the Page[T] the list answers")
    return (*messages, *_tests_and_uniques(places, names, "field"))


RECIPE = Recipe(
    name="crud",
    summary="Router, service, repository and schemas for a resource",
    examples=("create a CRUD feature for invoices",),
    params=Params,
    plan=plan,
    uses_context=True,
)
