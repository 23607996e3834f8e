"""Add a CRUD feature for a resource: model, schemas, repository, service, router,
its migration and its tests, in the project's own database layer.

Router -> Service -> Repository, each in its module of ``features/<plural>/``;
the list is paginated with the project's ``Page``; a missing row is the error
hierarchy's ``NotFoundError`` (planned first by ``error_handling``); writes end
with the project's ``commit()``, so a broken constraint is a 409 before the
response. For now the project must have new_project's async database layer.
"""

from __future__ import annotations

import ast
import keyword
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from fastprod.recipe import (
    ChangeSet,
    Context,
    FileChange,
    Migration,
    Project,
    Recipe,
    RecipeError,
    find_router_home,
    model_registration,
    new_router_path,
    plan_migration,
    plan_router_include,
    render,
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
# Longer names would push the feature's lines past the project's line length.
MAX_NAME_LENGTH = 16


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


def plan(params: Params, project: Project, ctx: Context) -> ChangeSet:
    """Plan the feature on the view ``error_handling`` leaves; refuse a name in use."""
    names = _names(params)
    columns = _columns(params.fields or list(DEFAULT_FIELDS))
    project = ctx.ensure("error_handling")
    layer = _layer(project, names)
    url = _full_url(project, names)
    context = _context(names, columns, layer, url)
    files = _feature_files(project, layer, names, context)
    applied = all(change.before == change.after for change in files)
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
    changes += [include, registration, migration]
    return ChangeSet(tuple(changes), _messages(names, url, layer, applied))


def _names(params: Params) -> Names:
    resource, plural = params.resource.strip(), params.plural.strip()
    for value in (resource, plural):
        if not value.isidentifier() or keyword.iskeyword(value) or value != value.lower():
            raise RecipeError(
                f"'{value}' cannot name a resource: use a snake_case word ('invoices')"
            )
    longest = max(resource, plural, key=len)
    if len(longest) > MAX_NAME_LENGTH:
        raise RecipeError(
            f"'{longest}' is too long for a resource name: at most {MAX_NAME_LENGTH} characters"
        )
    if resource == plural:
        raise RecipeError(f"'{resource}' needs a plural different from its singular")
    return Names(resource, plural)


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
    if router.name != "router.py":
        missing.append("features/ package (features/<name>/router.py)")
    if missing or database is None or pagination is None or schema is None or errors is None:
        raise RecipeError(
            f"crud builds on the layout new_project generates, and this project has no "
            f"{missing[0]}{_own_base(project)}: nothing was written. Projects laid out "
            "otherwise are not supported yet"
        )
    features = router.parent.parent
    return Layer(
        database=app.module_of(database),
        pagination=app.module_of(pagination),
        schema=app.module_of(schema),
        errors=app.module_of(errors),
        features=features,
        package=app.module_of(features / "__init__.py"),
        tests=_tests_dir(project),
        cache=_cache_module(project),
    )


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


def _tests_dir(project: Project) -> PurePosixPath | None:
    """The tests folder whose ``conftest.py`` gives a ``client`` fixture, if any."""
    for path in project.python_files:
        if path.name == "conftest.py" and "def client(" in (project.read_text(path) or ""):
            return path.parent
    return None


def _full_url(project: Project, names: Names) -> str:
    """The list route's full path: the app's shared prefix, then the resource's."""
    home = find_router_home(project)
    if not home.is_app:
        # The aggregator's own prefix, and the one it is included with, would have
        # to be read too, or the feature's tests would call the wrong paths.
        raise RecipeError(
            f"{home.path} aggregates the routers in {home.receiver}: crud does not "
            "support an aggregating APIRouter yet; nothing was written"
        )
    return home.prefix + names.url


def _context(names: Names, columns: list[Column], layer: Layer, url: str) -> dict[str, Any]:
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
        "schema_stdlib_imports": _import_lines(_schema_imports(imports, kinds)),
        "pydantic_imports": ", ".join(_pydantic_imports(kinds)),
        "column_imports": _import_lines({"sqlalchemy": set(column_types)}),
        "database": layer.database,
        "pagination": layer.pagination,
        "schema": layer.schema,
        "errors": layer.errors,
        "feature": f"{layer.package}.{names.plural}",
        "cache": layer.cache,
    }


def _schema_imports(imports: Mapping[str, set[str]], kinds: set[str]) -> dict[str, set[str]]:
    wanted = {module: set(names) for module, names in imports.items()}
    wanted.setdefault("typing", set()).add("Self")
    if "datetime" in kinds:
        wanted["datetime"].add("UTC")
        wanted["typing"].add("Annotated")
    return wanted


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


def _messages(names: Names, url: str, layer: Layer, applied: bool) -> tuple[str, ...]:
    if applied:
        return (f"the {names.plural} feature is already in {layer.features}/{names.plural}/",)
    messages = [
        f"{names.model}: {url} (list, create) and {url}/{{{names.resource}_id}} "
        f"(read, update, delete) in {layer.features}/{names.plural}/; run `alembic upgrade "
        "head` to create its table",
        f"no field of {names.plural} is unique: say so in the model (unique=True) and in a "
        "migration if one must be; a duplicate is then answered 409",
    ]
    if layer.tests is None:
        messages.append(
            "no tests/conftest.py with a client fixture: the feature's tests were not added"
        )
    return tuple(messages)


RECIPE = Recipe(
    name="crud",
    summary="Router, service, repository and schemas for a resource",
    examples=("create a CRUD feature for invoices",),
    params=Params,
    plan=plan,
    uses_context=True,
)
