"""Add JWT authentication with roles and a rate-limited sign-in.

Creates a users feature (model, schemas, repository, service, router, the
``create_admin`` command) and an auth feature (register, OAuth2 password flow,
refresh; ``get_current_user``, ``CurrentUser``, ``require_role``), the security
module (PyJWT on HS256, pwdlib Argon2) and a rate limiter (in Redis when
``REDIS_URL`` is set, in process otherwise); adds
the settings, the users migration, the dependencies and the tests. A project
that already authenticates its callers is reported and left as it is.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from fastprod.recipe import (
    ENVIRONMENT_SETTING,
    ChangeSet,
    Context,
    Database,
    Edits,
    EnvLine,
    FileChange,
    Migration,
    Project,
    Recipe,
    RecipeError,
    Setting,
    TestsHome,
    database_dependencies,
    database_files,
    database_url_source,
    deployment_in_step,
    document_env,
    ensure_definitions,
    ensure_dependencies,
    ensure_dependency,
    environment_env_line,
    find_alembic,
    find_database,
    first_party,
    import_lines,
    model_registration,
    new_router_path,
    plan_migration,
    plan_router_include,
    plan_tables,
    pool_in_step,
    render,
    settings_env_prefix,
    tests_home,
    tests_in_step,
)

TEMPLATES = Path(__file__).parent / "templates"

# What a project of new_project's layout has, and the auth feature builds on.
_LAYOUT = {
    "config.py": ("LOCAL_ENVIRONMENTS",),
    "core/database.py": ("def commit(", "class Base("),
    "dependencies.py": ("AppSettings", "DbSession"),
    "shared/responses.py": ("class Schema(",),
    "features/__init__.py": (),
}

# (template, where it goes below the app's package)
_FILES = (
    ("core/keys.py.jinja", "core/keys.py"),
    ("core/security.py.jinja", "core/security.py"),
    ("core/rate_limit.py.jinja", "core/rate_limit.py"),
    ("users/__init__.py.jinja", "features/users/__init__.py"),
    ("users/models.py.jinja", "features/users/models.py"),
    ("users/schemas.py.jinja", "features/users/schemas.py"),
    ("users/repository.py.jinja", "features/users/repository.py"),
    ("users/service.py.jinja", "features/users/service.py"),
    ("users/router.py.jinja", "features/users/router.py"),
    ("users/create_admin.py.jinja", "features/users/create_admin.py"),
    ("auth/__init__.py.jinja", "features/auth/__init__.py"),
    ("auth/schemas.py.jinja", "features/auth/schemas.py"),
    ("auth/dependencies.py.jinja", "features/auth/dependencies.py"),
    ("auth/router.py.jinja", "features/auth/router.py"),
)
_TESTS = (
    "test_auth.py",
    "test_security.py",
    "test_rate_limit.py",
    "test_create_admin.py",
)

SETTINGS = (
    Setting(
        "jwt_secret",
        "SecretStr",
        constraints={
            # Development and test get a key per process; elsewhere the app
            # refuses to start without JWT_SECRET (core/security.py).
            "default_factory": "new_signing_key",
            "min_length": "32",
            # Never printed, never dumped: a log of the settings must not hold it.
            "repr": "False",
            "exclude": "True",
        },
        group="Authentication",
    ),
    Setting(
        "access_token_expire_minutes", "int", "30", {"ge": "1", "le": "30"}, group="Authentication"
    ),
    Setting(
        "refresh_token_expire_days", "int", "7", {"ge": "1", "le": "7"}, group="Authentication"
    ),
    Setting("auth_attempts_per_minute", "int", "5", {"ge": "1"}, group="Authentication"),
    # Unset or empty: the rate limit counts in each process.
    Setting("redis_url", "str | None", "None", group="Redis"),
)
ENV_LINES = (
    ("ACCESS_TOKEN_EXPIRE_MINUTES", "30", None),
    ("REFRESH_TOKEN_EXPIRE_DAYS", "7", None),
    ("AUTH_ATTEMPTS_PER_MINUTE", "5", "register, sign-in and refresh, per client and minute"),
    # The same note as every recipe that reads REDIS_URL: the first one writes it.
    ("REDIS_URL", "", "redis://localhost:6379/0 is shared by all workers; empty: per process"),
    # Commented out: copied into .env empty, it would be refused; development and
    # test get a key per process when it is unset.
    EnvLine(
        "JWT_SECRET",
        "",
        above=(
            "# Signing key of the tokens, required outside development and test (a key",
            "# per process there): python -c 'import secrets; print(secrets.token_urlsafe(32))'",
        ),
        commented=True,
    ),
)

USERS_MIGRATION = Migration(
    message="create the users table",
    upgrade=(
        "op.create_table(\n"
        '    "users",\n'
        '    sa.Column("id", sa.Integer(), nullable=False),\n'
        '    sa.Column("email", sa.String(length=320), nullable=False),\n'
        '    sa.Column("hashed_password", sa.String(length=255), nullable=False),\n'
        '    sa.Column("is_active", sa.Boolean(), server_default=sa.true(), nullable=False),\n'
        '    sa.Column("role", sa.String(length=32), server_default="user", nullable=False),\n'
        '    sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),\n'
        '    sa.UniqueConstraint("email", name=op.f("uq_users_email")),\n'
        ")\n"
    ),
    downgrade='op.drop_table("users")\n',
)

# Signs that a project authenticates its callers already, with what they mean.
_EXISTING_AUTH = {
    "OAuth2PasswordBearer": "an OAuth2 password bearer scheme",
    "HTTPBearer": "an HTTP bearer scheme",
    "APIKeyHeader": "an API-key header dependency",
    "APIKeyQuery": "an API-key query dependency",
    "APIKeyCookie": "an API-key cookie dependency",
    "fastapi_users": "fastapi-users",
    "get_current_user": "its own get_current_user",
}


_KEY_HEADER = "key header"
_EXISTING_AUTH[_KEY_HEADER] = "a dependency checking a key or token header"
_KEY_WORDS = ("key", "token", "authorization")


def _reads_key_header(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``x_api_key: Annotated[str, Header()]``: a credential read from a header."""
    arguments = [*function.args.args, *function.args.kwonlyargs]
    defaults = dict(
        zip(reversed(function.args.args), reversed(function.args.defaults), strict=False)
    )
    for argument in arguments:
        if not any(word in argument.arg.lower() for word in _KEY_WORDS):
            continue
        declared = [argument.annotation, defaults.get(argument)]
        if any(node is not None and "Header(" in ast.unparse(node) for node in declared):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of ``auth``.

    Attributes:
        roles: The roles the sentence names (``admin``, ``editor``). Every user
            has one role; the recipe reports how to guard a route with them.
    """

    roles: Sequence[str] = ()


def plan(params: Params, project: Project, ctx: Context | None = None) -> ChangeSet:
    """Plan the users and auth features, their wiring, migration and tests; then,
    where websocket wrote its socket before, websocket again, so that it takes a token."""
    package = _package(project)
    ours = {package / target for _, target in _FILES}
    _refuse_existing_auth(project, ours)
    if new_router_path(project, "users").name != "router.py":
        places = _kind_places(project, package)
        planned = pool_in_step(project, _plan_by_kind(params, project, places), ctx)
        # websocket's route sits beside the project's routers.
        router = places.auth_router.parent / "realtime.py"
        planned = _socket_follow_up(project, planned, router, ctx, by_kind=True)
        return tests_in_step(project, deployment_in_step(project, planned, ctx), ctx)
    _refuse_other_layouts(project, package)
    top = project.app.module.split(".")[0]
    context: dict[str, Any] = {"package": top, "flat": False, **_utc(project)}
    files = [_file(project, package / target, name, context) for name, target in _FILES]
    tests = project.app.import_root.parent / "tests"
    if project.app.import_root == PurePosixPath("."):
        tests = PurePosixPath("tests")
    files += [_file(project, tests / name, f"tests/{name}.jinja", context) for name in _TESTS]
    changes = [
        *files,
        _settings(project),
        _app_wiring(project, top),
        model_registration(project, f"{top}.features.users.models"),
        plan_migration(project, USERS_MIGRATION),
        _manifest(project),
        _env_example(project),
    ]
    messages = (*_messages(project), *_role_messages(params))
    planned = pool_in_step(project, ChangeSet(tuple(changes), messages), ctx)
    router = package / "features" / "realtime" / "router.py"
    planned = _socket_follow_up(project, planned, router, ctx)
    return tests_in_step(project, deployment_in_step(project, planned, ctx), ctx)


def _anonymous_socket(project: Project, router: PurePosixPath) -> bool:
    """fastprod's /ws route is there, written before the project had authentication."""
    source = project.read_text(router) or ""
    return "def realtime_lifespan(" in source and "decode_token(" not in source


def _socket_follow_up(
    project: Project,
    planned: ChangeSet,
    router: PurePosixPath,
    ctx: Context | None,
    *,
    by_kind: bool = False,
) -> ChangeSet:
    """``planned``, then websocket planned again on it when its socket is anonymous.

    The socket and its tests, as websocket wrote them, then take a token: the
    project is the one auth then websocket gives. One edited since is kept.
    """
    if not _anonymous_socket(project, router):
        return planned
    if ctx is None:
        return planned.merge(ChangeSet((), tuple(_socket_messages(project, router, by_kind))))
    try:
        socket = ctx.follow("websocket", project.with_changes(planned))
    except RecipeError as refused:
        said = f"{router}: the /ws socket still lets anyone in: 'add WebSocket support' cannot "
        return planned.merge(ChangeSet((), (f"{said}check a token there ({refused})",)))
    if any(change.path == router and change.before != change.after for change in socket.changes):
        said = (
            f"{router}: the /ws socket, written before the project had authentication, now "
            "takes an access token, closing with 1008 on a bad one; its tests with it"
        )
    else:
        said = (
            f"{router} was edited since it was written: it is kept, and still lets anyone "
            "in; check a token in websocket_endpoint before manager.connect"
        )
    return planned.merge(ChangeSet(socket.changes, (said,)))


def _socket_messages(project: Project, router: PurePosixPath, by_kind: bool) -> list[str]:
    # Planned without the engine, which alone plans websocket again.
    # Its tests start the app with the project's own settings, not test ones.
    folder = project.tests_dir()
    tests = None if folder is None else folder / "test_realtime.py"
    until = (
        f"; until then {tests} fails: it starts the app, which now refuses to start "
        "without JWT_SECRET outside development and test"
        if by_kind and tests is not None and project.exists(tests)
        else ""
    )
    return [
        f"{router}: the /ws socket still lets anyone in; run 'add WebSocket support' "
        "again and it takes an access token, closing with 1008 on a bad one (a file "
        f"edited since is kept, with where to check the token){until}"
    ]


def _role_messages(params: Params) -> list[str]:
    # Roles are data, not code: name how the generated dependency takes them.
    if not params.roles:
        return []
    quoted = ", ".join(f'"{role}"' for role in params.roles)
    return [
        f"roles {quoted}: each user has one role, the users table's role column "
        f"(create_admin makes an admin); guard a route with "
        f"Depends(require_role({quoted}))"
    ]


def _package(project: Project) -> PurePosixPath:
    package = project.app.package
    if package is None:
        raise RecipeError(
            f"{project.app.path} is a single-file app: auth needs a package with a "
            "database layer (core/database.py); start one with "
            "'set up a new FastAPI project' or move the app into a package"
        )
    return package


def _refuse_other_layouts(project: Project, package: PurePosixPath) -> None:
    """Refuse a project that lacks what the generated code builds on, naming every gap."""
    gaps = [*_database_gaps(project), *_settings_gaps(project)]
    missing = _missing_layout(project, package)
    if missing:
        gaps.append(f"its code is laid out otherwise ({'; '.join(missing)})")
    if gaps:
        raise RecipeError(
            "auth is written for the layout of 'set up a new FastAPI project' (async "
            "SQLAlchemy with commit(), features/, dependencies.py, settings) and does not "
            f"support this project's yet: {'; '.join(gaps)}. Nothing was changed"
        )


def _database_gaps(project: Project) -> list[str]:
    """What the project's database layer (the shared reading of it) lacks for auth."""
    layer = project.readings.db_layer
    if layer is None:
        return [
            "the project has no database layer (no SQLAlchemy engine or declarative "
            "base) to keep the users in, and adding one first is not supported yet"
        ]
    if layer.is_async:
        return []
    where = layer.engine or layer.session_factory or layer.base
    session = layer.session_dependency
    name = "" if session is None else session.qualified.rpartition(".")[2]
    opened = " from " + name + "()" if name else ""
    return [
        f"{where.path if where else 'its database module'} uses synchronous SQLAlchemy "
        f"(a Session{opened}), and auth writes async code (AsyncSession) only"
    ]


def _settings_gaps(project: Project) -> list[str]:
    if project.settings is not None:
        return []
    return [
        "it has no pydantic BaseSettings class to declare jwt_secret and the token lifetimes in"
    ]


def _missing_layout(project: Project, package: PurePosixPath) -> list[str]:
    """The files of new_project's layout the project lacks, or has without their markers."""
    missing = []
    for name, markers in _LAYOUT.items():
        text = project.read_text(package / name)
        if text is None:
            missing.append(f"no {package / name}")
            continue
        absent = [marker for marker in markers if marker not in text]
        if absent:
            missing.append(f"{package / name} has no {', '.join(absent)}")
    return missing


def _refuse_existing_auth(project: Project, ours: set[PurePosixPath]) -> None:
    """Report authentication the project has of its own, and change nothing."""
    found = [
        f"{path}:{line}: {what}"
        for path in project.python_files
        if path not in ours and "tests" not in path.parts
        for line, what in _auth_signs(project.read_text(path) or "")
        if line not in _own_lines(project.read_text(path) or "")
    ]
    if found:
        listed = "; ".join(found[:5]) + (" (and more)" if len(found) > 5 else "")
        raise RecipeError(
            f"the project already authenticates its callers: {listed}. A second, "
            "parallel system would not be safe, so nothing was changed"
        )


# What marks the dependencies auth writes in a package laid out by kind, which
# may share their module with the project's own.
_OWN_DEPENDENCIES = (
    'oauth2_scheme = OAuth2PasswordBearer(tokenUrl="auth/token")',
    "def credentials_error() -> HTTPException:",
    "def require_role(*roles: str)",
)


def _own_lines(source: str) -> set[int]:
    """The lines of the dependencies an earlier run of auth wrote in this module."""
    if not all(marker in source for marker in _OWN_DEPENDENCIES):
        return set()
    try:
        tree = ast.parse(source.removeprefix("\ufeff"))
    except SyntaxError:
        return set()
    mine = {"oauth2_scheme", "get_current_user", "get_current_active_user", "CurrentUser"}
    lines: set[int] = set()
    for node in tree.body:
        names = [getattr(node, "name", None)]
        if isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        ours = isinstance(node, ast.ImportFrom) and node.module == "fastapi.security"
        if ours or mine.intersection(n for n in names if n):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def _auth_signs(source: str) -> list[tuple[int, str]]:
    if not any(sign in source for sign in (*_EXISTING_AUTH, "Header(")):
        return []
    try:
        tree = ast.parse(source.removeprefix("\ufeff"))
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        name = _signed_name(node)
        if name in _EXISTING_AUTH:
            found.append((getattr(node, "lineno", 0), _EXISTING_AUTH[name]))
    return sorted(set(found))


def _signed_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _reads_key_header(node):
        return _KEY_HEADER
    if isinstance(node, ast.Call):
        func = node.func
        return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return node.name
    if isinstance(node, ast.ImportFrom | ast.Import):
        modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        modules += [alias.name for alias in getattr(node, "names", [])]
        return "fastapi_users" if any(m.startswith("fastapi_users") for m in modules) else None
    return None


def _file(project: Project, path: PurePosixPath, name: str, context: dict[str, Any]) -> FileChange:
    """A new file; one already there (ours, perhaps edited since) is kept."""
    current = project.read_text(path)
    if current is not None:
        return FileChange(path, current, current)
    return FileChange(path, None, render(TEMPLATES, name, context))


def _settings(project: Project) -> FileChange:
    location = project.settings
    if location is None:
        raise RecipeError("no pydantic BaseSettings class found: auth needs one")
    source = project.read_text(location.path) or ""
    top = project.app.module.split(".")[0]
    # The key's default factory, for development and test only.
    edits = Edits(source, path=str(location.path)).ensure_import(
        f"{top}.core.keys", "new_signing_key", first_party={top}
    )
    for setting in SETTINGS:
        edits = edits.ensure_setting(location.class_name, setting)
    return FileChange(location.path, source, edits.text())


def _app_wiring(project: Project, top: str) -> FileChange:
    """Include both routers; check the key at start-up."""
    users = plan_router_include(project, f"{top}.features.users.router")
    both = plan_router_include(project, f"{top}.features.auth.router", source=users.after)
    if both.path != project.app.edit_path:
        raise RecipeError(f"{both.path} includes the routers, not the app's module")
    app = project.app
    text = (
        Edits(both.after, path=str(both.path))
        .ensure_import(f"{top}.core.security", "jwt_secret_checked", first_party={top})
        .ensure_import(f"{top}.core.rate_limit", "rate_limit_store", first_party={top})
        .ensure_lifespan_step(app, "jwt_secret_checked({app})")
        .ensure_lifespan_step(app, "rate_limit_store({app})")
        .text()
    )
    return FileChange(both.path, both.before, text)


def _manifest(project: Project) -> FileChange:
    manifest = project.manifest
    if manifest is None:
        raise RecipeError("no pyproject.toml or requirements.txt: auth needs a manifest")
    source = project.read_text(manifest.path) or ""
    python = project.versions.python
    text = ensure_dependency(source, manifest.kind, "pyjwt", python, path=str(manifest.path))
    text = ensure_dependency(
        text, manifest.kind, "pwdlib", python, extras=("argon2",), path=str(manifest.path)
    )
    # The rate limit's shared counts, when REDIS_URL is set.
    text = ensure_dependency(text, manifest.kind, "redis", python, path=str(manifest.path))
    # Its tests run the same Lua on an in-memory Redis when REDIS_URL is unset.
    text = ensure_dependency(
        text,
        manifest.kind,
        "fakeredis",
        python,
        extras=("lua",),
        group="dev",
        path=str(manifest.path),
    )
    # OAuth2PasswordRequestForm reads a form, which FastAPI parses with it.
    text = ensure_dependency(
        text, manifest.kind, "python-multipart", python, path=str(manifest.path)
    )
    return FileChange(manifest.path, source, text)


def _env_example(project: Project) -> FileChange:
    return document_env(project, ENV_LINES)


def _messages(project: Project) -> list[str]:
    return [
        "JWT_SECRET is required outside development and test: set it to "
        "python -c 'import secrets; print(secrets.token_urlsafe(32))'",
        "the rate limit of /auth/register, /auth/token and /auth/refresh counts in "
        "Redis when REDIS_URL is set, shared by every worker; unset, each process "
        "keeps its own count",
        f"the first admin: python -m {project.app.module.split('.')[0]}"
        ".features.users.create_admin EMAIL (asks for the password)",
    ]


# ------------------------------------------------ a package laid out by kind


@dataclass(frozen=True, slots=True)
class SettingsPlace:
    """The settings class auth adds its fields to, and how the app reads it.

    Attributes:
        path: Its module (``app/config.py``).
        class_name: The ``BaseSettings`` subclass (``Settings``).
        getter: The cached function returning it (``get_settings``).
        prefix: Its ``env_prefix`` (``BOOKSHOP_``), for the variables' names.
        new: True when auth writes the module (the project has no settings).
    """

    path: PurePosixPath
    class_name: str
    getter: str
    prefix: str
    new: bool = False


@dataclass(frozen=True, slots=True)
class Places:
    """Where each piece goes in a package laid out by kind."""

    package: PurePosixPath
    database: Database
    settings: SettingsPlace
    models: PurePosixPath
    schemas: PurePosixPath
    service: PurePosixPath
    dependencies: PurePosixPath
    security: PurePosixPath
    rate_limit: PurePosixPath
    keys: PurePosixPath
    auth_router: PurePosixPath
    users_router: PurePosixPath
    create_admin: PurePosixPath | None
    tests: TestsHome


# A module auth writes whole, kept when there (ours, perhaps edited since), and
# what marks it as ours: another module of that name is the project's own.
_OWN_MARKERS = {
    "keys": "def new_signing_key(",
    "security": "def decode_token(",
    "rate_limit": "def auth_rate_limit(",
    "service": "class UserRepository",
    "auth_router": "def token_pair(",
    "users_router": "def read_me(",
    "create_admin": "class AdminError(",
}
# (template, the attribute of Places it goes to)
_KIND_FILES = (
    ("core/keys.py.jinja", "keys"),
    ("core/security.py.jinja", "security"),
    ("core/rate_limit.py.jinja", "rate_limit"),
    ("flat/service.py.jinja", "service"),
    ("flat/auth_router.py.jinja", "auth_router"),
    ("flat/users_router.py.jinja", "users_router"),
)
# (template, the attribute of Places it is merged into, the docstring of a new module)
_KIND_MERGED = (
    ("flat/models.py.jinja", "models", '"""The database models: one class per table."""\n'),
    ("flat/schemas.py.jinja", "schemas", '"""The request and response bodies of the API."""\n'),
    (
        "flat/dependencies.py.jinja",
        "dependencies",
        '"""Dependencies the routes declare: the session, the settings, the caller."""\n',
    ),
)
_KIND_TESTS = (
    ("flat/tests/test_auth.py.jinja", "test_auth.py"),
    ("tests/test_security.py.jinja", "test_security.py"),
    ("tests/test_rate_limit.py.jinja", "test_rate_limit.py"),
)


def _plan_by_kind(params: Params, project: Project, places: Places) -> ChangeSet:
    """Auth in a package laid out by kind (``routers/``, ``models.py``...), sync or async."""
    _refuse_taken_modules(project, places)
    context = _kind_context(project, places)
    files = _kind_files(project, places, context)
    planned = project.with_changes(ChangeSet(tuple(files)))
    wiring = _kind_wiring(planned, places)
    models = project.app.module_of(places.models)
    tables, table_messages = plan_tables(
        planned, places.database, models, wiring, USERS_MIGRATION, "users"
    )
    changes = [
        *files,
        *tables,
        _kind_manifest(planned, places),
        _kind_env_example(project, places.settings),
    ]
    messages = (
        *_kind_messages(project, places, table_messages),
        *_role_messages(params),
    )
    return ChangeSet(tuple(changes), messages)


def _kind_places(project: Project, package: PurePosixPath) -> Places:
    database = find_database(project, package, who="auth")
    models = _models_module(project, package, database)
    auth_router = new_router_path(project, "auth")
    return Places(
        package=package,
        database=database,
        settings=_settings_place(project, package),
        models=models,
        schemas=package / "schemas.py",
        service=package / "services" / "users.py",
        dependencies=package / "dependencies.py",
        security=package / "security.py",
        rate_limit=package / "rate_limit.py",
        keys=package / "keys.py",
        auth_router=auth_router,
        users_router=auth_router.parent / "users.py",
        # The command opens sessions as the app does: without a session factory
        # to import, there is none to write.
        create_admin=None if database.sessionmaker is None else package / "create_admin.py",
        tests=tests_home(project),
    )


def _models_module(project: Project, package: PurePosixPath, database: Database) -> PurePosixPath:
    """The module where the project's models subclass its base; ``models.py`` else."""
    for path in project.python_files:
        if "tests" in path.parts or not path.is_relative_to(package) or path == database.path:
            continue
        try:
            tree = ast.parse(project.read_text(path) or "")
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id == database.base for b in node.bases
            ):
                return path
    return package / "models.py"


def _settings_place(project: Project, package: PurePosixPath) -> SettingsPlace:
    """The project's settings and their cached getter; a new ``config.py`` without them."""
    location = project.settings
    if location is None:
        path = package / "config.py"
        if project.exists(path):
            raise RecipeError(
                f"{path} exists but defines no pydantic BaseSettings class: auth would "
                "write its settings there; nothing was changed"
            )
        return SettingsPlace(path, "Settings", "get_settings", "", new=True)
    source = project.read_text(location.path) or ""
    getter = _settings_getter(source, location.class_name)
    if getter is None:
        raise RecipeError(
            f"{location.path}: {location.class_name} has no cached function returning it "
            f"(@lru_cache def get_settings() -> {location.class_name}), which the routes "
            "and the start-up check of auth read the settings through; nothing was changed"
        )
    prefix = settings_env_prefix(source, location.class_name)
    return SettingsPlace(location.path, location.class_name, getter, prefix)


def _settings_getter(source: str, class_name: str) -> str | None:
    """A function of the module, without parameters, returning the settings class."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.args.args:
            returns = node.returns
            if isinstance(returns, ast.Name) and returns.id == class_name:
                return node.name
    return None


def _refuse_taken_modules(project: Project, places: Places) -> None:
    """A module of the project's own where auth would write one is refused."""
    for attribute, marker in _OWN_MARKERS.items():
        path: PurePosixPath | None = getattr(places, attribute)
        text = None if path is None else project.read_text(path)
        if text is not None and marker not in text:
            raise RecipeError(
                f"{path} exists and is not auth's: auth writes its {attribute.replace('_', ' ')} "
                "module there; nothing was changed"
            )


def _kind_context(project: Project, places: Places) -> dict[str, Any]:
    app = project.app
    m = app.module_of
    database = places.database
    settings = places.settings
    s_module, s_class, getter = m(settings.path), settings.class_name, settings.getter
    settings_name = "Settings" if s_class == "Settings" else f"{s_class} as Settings"
    models, schemas, service = m(places.models), m(places.schemas), m(places.service)
    security, rate_limit, dependencies = (
        m(places.security),
        m(places.rate_limit),
        m(places.dependencies),
    )
    services, service_name = service.rpartition(".")[0], service.rpartition(".")[2]
    top_security, security_name = security.rpartition(".")[0], security.rpartition(".")[2]
    top_limit, limit_name = rate_limit.rpartition(".")[0], rate_limit.rpartition(".")[2]
    session = m(database.session_path)
    app_module = m(app.factory_path or app.path)
    app_name = app.factory or app.attr
    is_async = database.is_async
    admin = None if places.create_admin is None else m(places.create_admin)
    admin_imports = [
        (models, ["ADMIN_ROLE"]),
        (schemas, ["UserCreate"]),
        (services, [service_name]),
    ]
    if database.sessionmaker is not None:
        admin_imports.append((session, [database.sessionmaker]))
    admin_test = [] if admin is None else [(admin.rpartition(".")[0], [admin.rpartition(".")[2]])]
    return {
        **_utc(project),
        "package": app.module.split(".")[0],
        "flat": True,
        "create_admin_module": admin,
        "create_admin_imports": import_lines(admin_imports),
        "sessionmaker": database.sessionmaker,
        "tables_hint": _tables_hint(project, database),
        "is_async": is_async,
        "a": "async " if is_async else "",
        "aw": "await " if is_async else "",
        "session_module": "sqlalchemy.ext.asyncio" if is_async else "sqlalchemy.orm",
        "session_type": "AsyncSession" if is_async else "Session",
        "base": database.base,
        "get_db": database.get_db,
        "settings_getter": getter,
        "env_prefix": settings.prefix,
        "app_expression": f"{app_name}()" if app.factory else app_name,
        "settings_import": import_lines([(s_module, [settings_name, getter])])[0],
        "base_import": import_lines([(m(database.path), [database.base])])[0],
        "models_import": import_lines([(models, ["EMAIL_LENGTH"])])[0],
        "rate_limit_imports": import_lines(
            [(s_module, [settings_name]), (security, ["settings_of"])]
        ),
        "service_imports": import_lines(
            [
                (models, ["DEFAULT_ROLE", "User"]),
                (schemas, ["UserCreate"]),
                (security, ["hash_password", "verify_password"]),
            ]
        ),
        "dependencies_imports": import_lines(
            [
                (session, [database.get_db]),
                (models, ["User"]),
                (s_module, [settings_name, getter]),
                (security, ["decode_token", "user_id"]),
                (service, ["UserRepository"]),
            ]
        ),
        "auth_router_imports": import_lines(
            [
                (s_module, [settings_name]),
                (rate_limit, ["auth_rate_limit"]),
                (security, ["create_token", "decode_token", "user_id"]),
                (dependencies, ["DbSession", "SettingsDep", "credentials_error"]),
                (schemas, ["RefreshRequest", "TokenPair", "UserCreate", "UserRead"]),
                (models, ["User"]),
                (services, [service_name]),
            ]
        ),
        "users_router_imports": import_lines(
            [
                (dependencies, ["CurrentUser", "DbSession", "require_role"]),
                (models, ["ADMIN_ROLE"]),
                (schemas, ["UserRead"]),
                (service, ["UserRepository"]),
            ]
        ),
        "test_imports": import_lines(
            [
                (m(database.path), [database.base]),
                (session, [database.get_db]),
                (s_module, [settings_name, getter]),
                (app_module, [app_name]),
                (top_security, [security_name]),
                (security, ["ALGORITHM", "create_token"]),
                (dependencies, ["require_role"]),
                (services, [service_name]),
                (models, ["User"]),
                (schemas, ["UserCreate"]),
                (rate_limit, ["rate_limiter"]),
                *admin_test,
            ]
        ),
        "security_test_imports": import_lines(
            [
                (s_module, [settings_name, getter]),
                (top_security, [security_name]),
                (
                    security,
                    [
                        "check_jwt_secret",
                        "create_token",
                        "decode_token",
                        "hash_password",
                        "jwt_secret_checked",
                        "user_id",
                        "verify_password",
                    ],
                ),
            ]
        ),
        "rate_limit_test_imports": import_lines(
            [
                (s_module, [settings_name, getter]),
                (top_limit, [limit_name]),
                (
                    rate_limit,
                    [
                        "RateLimiter",
                        "RedisRateLimiter",
                        "auth_rate_limit",
                        "rate_limit_store",
                        "rate_limiter",
                    ],
                ),
            ]
        ),
    }


def _tables_hint(project: Project, database: Database) -> str:
    """How the users table comes to exist, for the admin command's docstring."""
    alembic = find_alembic(project)
    if alembic is not None:
        return f"run ``{alembic.upgrade}`` first"
    return "the app creates it when it starts, so start the app once first"


def _utc(project: Project) -> dict[str, str]:
    """UTC as the project's Python names it: ``datetime.UTC`` is new in 3.11."""
    python = project.versions.python
    if python is not None and python < (3, 11):
        return {"utc": "timezone.utc", "datetime_names": "datetime, timedelta, timezone"}
    return {"utc": "UTC", "datetime_names": "UTC, datetime, timedelta"}


def _kind_files(project: Project, places: Places, context: dict[str, Any]) -> list[FileChange]:
    """The new modules, the definitions merged into the project's, and the settings."""
    files: list[FileChange] = []
    if places.database.new:
        files += database_files(project, places.database)
    files.append(_kind_settings(project, places))
    for template, attribute in _KIND_FILES:
        files.append(_file(project, getattr(places, attribute), template, context))
    if places.create_admin is not None:
        files.append(_file(project, places.create_admin, "flat/create_admin.py.jinja", context))
    for template, attribute, docstring in _KIND_MERGED:
        files.append(_merged(project, getattr(places, attribute), template, docstring, context))
    for folder in {places.service.parent, places.auth_router.parent}:
        init = folder / "__init__.py"
        if folder != places.package and not project.exists(init):
            files.append(FileChange(init, None, f'"""The app\'s {folder.name}."""\n'))
    files += places.tests.started
    files += [
        _file(project, places.tests.folder / name, template, context)
        for template, name in _KIND_TESTS
    ]
    return sorted(files, key=lambda change: str(change.path))


def _merged(
    project: Project,
    path: PurePosixPath,
    template: str,
    docstring: str,
    context: dict[str, Any],
) -> FileChange:
    """The template's definitions merged into ``path``; the whole module when it is new.

    Early, after what they use: the users come before the models and schemas
    that other recipes append, whichever ran first.
    """
    rendered = render(TEMPLATES, template, context)
    source = project.read_text(path)
    text = ensure_definitions(
        docstring if source is None else source,
        rendered,
        module=project.app.module_of(path),
        first_party=first_party(project),
        path=str(path),
        early=True,
    )
    return FileChange(path, source, text)


def _kind_settings(project: Project, places: Places) -> FileChange:
    """The auth settings, in the project's settings class or a new ``config.py``."""
    settings = places.settings
    source = project.read_text(settings.path)
    seed = render(TEMPLATES, "flat/config.py.jinja", {}) if source is None else source
    keys = project.app.module_of(places.keys)
    edits = Edits(seed, path=str(settings.path)).ensure_import(
        keys, "new_signing_key", first_party=first_party(project)
    )
    # The environment says where an unset JWT_SECRET gets a key per process.
    for setting in (ENVIRONMENT_SETTING, *SETTINGS):
        edits = edits.ensure_setting(settings.class_name, setting)
    return FileChange(settings.path, source, edits.text())


def _kind_wiring(project: Project, places: Places) -> FileChange:
    """Both routers included; the key checked and the limiter's store opened at start-up."""
    app = project.app
    users = plan_router_include(project, app.module_of(places.users_router))
    both = plan_router_include(
        project.with_changes(ChangeSet((users,))), app.module_of(places.auth_router)
    )
    if both.path != app.edit_path:
        raise RecipeError(f"{both.path} includes the routers, not the app's module")
    own = first_party(project)
    text = (
        Edits(both.after, path=str(both.path), first_party=own)
        .ensure_import(app.module_of(places.security), "jwt_secret_checked")
        .ensure_import(app.module_of(places.rate_limit), "rate_limit_store")
        .ensure_lifespan_step(app, "jwt_secret_checked({app})")
        .ensure_lifespan_step(app, "rate_limit_store({app})")
        .text()
    )
    return FileChange(both.path, users.before, text)


def _kind_manifest(project: Project, places: Places) -> FileChange:
    """auth's dependencies, with the database layer's and pydantic-settings when added."""
    change = _manifest(project)
    manifest = project.manifest
    assert manifest is not None  # _manifest refused a project without one
    wanted = database_dependencies(places.database)
    if places.settings.new:
        wanted.append(("pydantic-settings", ()))
    text = ensure_dependencies(
        change.after, manifest.kind, wanted, project.versions.python, path=str(manifest.path)
    )
    return FileChange(change.path, change.before, text)


def _kind_env_example(project: Project, settings: SettingsPlace) -> FileChange:
    """``.env.example`` with auth's variables, named with the settings' prefix."""
    prefix = settings.prefix
    lines: list[tuple[str, str, str | None] | EnvLine] = [environment_env_line(prefix)]
    for entry in ENV_LINES:
        line = entry if isinstance(entry, EnvLine) else EnvLine(*entry)
        lines.append(
            EnvLine(prefix + line.name, line.value, line.comment, line.above, line.commented)
        )
    return document_env(project, lines, settings.path.parent)


def _kind_messages(project: Project, places: Places, tables: list[str]) -> list[str]:
    database = places.database
    prefix = places.settings.prefix
    style = "async (AsyncSession)" if database.is_async else "sync (Session, def routes)"
    where = (
        f"POST /auth/register, /auth/token, /auth/refresh ({places.auth_router}) and "
        f"GET /users/me ({places.users_router}); User in {places.models}, its schemas in "
        f"{places.schemas}, the repository and service in {places.service}, "
        f"get_current_user, CurrentUser and require_role in {places.dependencies}"
    )
    base = (
        f"a new database layer in {database.path} (the project had none): async "
        f"SQLAlchemy on {database_url_source(project)}; sqlalchemy[asyncio] and "
        "aiosqlite added to the manifest (add asyncpg for PostgreSQL)"
        if database.new
        else f"on the project's own {database.base} ({database.path}) and "
        f"{database.get_db} ({database.session_path}), {style}"
    )
    settings = (
        f"the settings in a new {places.settings.path} (pydantic-settings, added to the "
        f"manifest): {prefix}ENVIRONMENT defaults to production, where JWT_SECRET is required"
        if places.settings.new
        else f"the settings joined {places.settings.class_name} ({places.settings.path})"
    )
    started = " (the project's tests start here)" if places.tests.started else ""
    tests = (
        f"its tests in {places.tests.folder}{started}: on TEST_DATABASE_URL or a SQLite file of "
        "their own"
    )
    admin = (
        f"the first admin: python -m {project.app.module_of(places.create_admin)} EMAIL "
        "(asks for the password)"
        if places.create_admin is not None
        else f"no create_admin command: {database.session_path} has no module-level "
        "session factory (SessionLocal = sessionmaker(...)) for it to open sessions with"
    )
    return [
        where,
        base,
        settings,
        *tables,
        tests,
        admin,
        f"{prefix}JWT_SECRET is required outside development and test: set it to "
        "python -c 'import secrets; print(secrets.token_urlsafe(32))'",
        f"the rate limit of /auth/register, /auth/token and /auth/refresh counts in "
        f"Redis when {prefix}REDIS_URL is set, shared by every worker; unset, each "
        "process keeps its own count",
    ]


RECIPE = Recipe(
    name="auth",
    summary="JWT authentication with role-based access",
    examples=("add authentication to my API", "add JWT authentication"),
    params=Params,
    plan=plan,
    uses_context=True,
)
