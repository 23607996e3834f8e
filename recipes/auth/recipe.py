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

from fastprod.recipe import (
    ChangeSet,
    Edits,
    EnvLine,
    FileChange,
    Migration,
    Project,
    Recipe,
    RecipeError,
    Setting,
    ensure_dependency,
    ensure_env_lines,
    model_registration,
    plan_migration,
    plan_router_include,
    render,
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


def plan(params: Params, project: Project) -> ChangeSet:
    """Plan the users and auth features, their wiring, migration and tests."""
    package = _package(project)
    ours = {package / target for _, target in _FILES}
    _refuse_existing_auth(project, ours)
    _refuse_other_layouts(project, package)
    top = project.app.module.split(".")[0]
    context = {"package": top}
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
    messages = (*_messages(project), *_role_messages(params), *_socket_messages(project, package))
    return ChangeSet(tuple(changes), messages)


def _socket_messages(project: Project, package: PurePosixPath) -> list[str]:
    # fastprod's /ws route, written before the project had authentication.
    router = package / "features" / "realtime" / "router.py"
    source = project.read_text(router) or ""
    if "def realtime_lifespan(" not in source or "decode_token(" in source:
        return []
    return [
        f"{router}: the /ws socket still lets anyone in; run 'add WebSocket support' "
        "again and it takes an access token, closing with 1008 on a bad one (a file "
        "edited since is kept, with where to check the token)"
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
    ]
    if found:
        listed = "; ".join(found[:5]) + (" (and more)" if len(found) > 5 else "")
        raise RecipeError(
            f"the project already authenticates its callers: {listed}. A second, "
            "parallel system would not be safe, so nothing was changed"
        )


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


def _file(project: Project, path: PurePosixPath, name: str, context: dict[str, str]) -> FileChange:
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
    path = PurePosixPath(".env.example")
    source = project.read_text(path)
    return FileChange(path, source, ensure_env_lines(source, ENV_LINES))


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


RECIPE = Recipe(
    name="auth",
    summary="JWT authentication with role-based access",
    examples=("add authentication to my API", "add JWT authentication"),
    params=Params,
    plan=plan,
)
