"""Add a WebSocket route with a connection manager, on Redis pub/sub when configured.

Creates the connection manager (several connections per user, send to one
user, broadcast, dead connections dropped; Redis pub/sub when ``REDIS_URL`` is
set, so every worker reaches its own clients) and the ``/ws`` route (a
heartbeat, a message size limit; a token checked when the project has
fastprod's authentication), where the project keeps such code: a
``features/realtime/`` folder, its routers package, or modules beside a
single-file app. The app's lifespan starts and stops the manager; the settings
gain the heartbeat, the size limit and ``redis_url``; tests go beside the app's.
A project that handles WebSockets already is reported and left as it is.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from fastprod.recipe import (
    AppLocation,
    ChangeSet,
    Database,
    Edits,
    FileChange,
    Project,
    Recipe,
    RecipeError,
    Setting,
    database_parts,
    ensure_dependency,
    ensure_env_lines,
    ensure_setting,
    find_database,
    first_party,
    import_lines,
    new_router_path,
    plan_router_include,
    python_tree,
    render,
    settings_env_prefix,
)

TEMPLATES = Path(__file__).parent / "templates"
LIFESPAN = "realtime_lifespan"
# What marks our own modules, planned already or since edited.
ROUTER_MARKER = f"def {LIFESPAN}("
MANAGER_MARKER = "class ConnectionManager"

SETTINGS = (
    Setting("redis_url", "str | None", "None", group="Redis"),
    Setting("ws_heartbeat_seconds", "float", "30.0", {"gt": "0"}, group="WebSocket"),
    Setting("ws_max_message_bytes", "int", "65_536", {"ge": "1"}, group="WebSocket"),
)
ENV_LINES = (
    ("WS_HEARTBEAT_SECONDS", "30", "a silent socket is pinged, then closed"),
    ("WS_MAX_MESSAGE_BYTES", "65536", "a larger WebSocket frame closes the socket (1009)"),
)

# Signs that a project handles WebSockets itself, with what they mean.
_DECORATORS = {"websocket": "a WebSocket route", "websocket_route": "a WebSocket route"}
_CALLS = {
    "add_websocket_route": "a WebSocket route",
    "add_api_websocket_route": "a WebSocket route",
}
_BASES = {"WebSocketEndpoint": "a WebSocket endpoint class"}


@dataclass(frozen=True, slots=True)
class Params:
    """``websocket`` takes no parameters."""


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the modules go, and how the route reads its settings."""

    manager: PurePosixPath
    router: PurePosixPath
    package_init: PurePosixPath | None
    settings_kind: str  # "state", "accessor" or "environ"
    feature_layout: bool


@dataclass(frozen=True, slots=True)
class Authentication:
    """fastprod's auth, where the socket finds what it checks a token with.

    Attributes:
        security: ``decode_token`` and ``user_id`` (``create_token`` for the tests).
        models: ``User``.
        repository: ``UserRepository``.
        by_kind: In a package laid out by kind, the session and settings the
            route takes as auth's routes do (a test overrides them); ``None`` on
            new_project's layout, whose app holds both on ``app.state``.
    """

    security: PurePosixPath
    models: PurePosixPath
    repository: PurePosixPath
    by_kind: ByKind | None = None


@dataclass(frozen=True, slots=True)
class ByKind:
    """auth's dependencies in a package laid out by kind, and what they stand on.

    Attributes:
        dependencies: The module of ``DbSession`` and ``SettingsDep``.
        database: The declarative base and session dependency (sync or async).
        settings_getter: The cached function returning the settings.
    """

    dependencies: PurePosixPath
    database: Database
    settings_getter: str


def plan(params: Params, project: Project) -> ChangeSet:
    """Plan the manager and route modules, their wiring, settings and tests."""
    del params
    app = project.app
    place = _placement(project, app)
    ours = {place.manager, place.router}
    found = _own_websockets(project, ours)
    if found:
        return ChangeSet((), tuple(found))
    _refuse_foreign(project, place.manager, MANAGER_MARKER)
    _refuse_foreign(project, place.router, ROUTER_MARKER)
    auth = _authentication(project, app, place)
    newline = "\r\n" if "\r\n" in (project.read_text(app.edit_path) or "") else "\n"
    context = _context(project, app, place, auth)
    # What an earlier run wrote before the project had authentication.
    anonymous = _context(project, app, place, None)
    earlier = [anonymous]
    if place.settings_kind == "accessor":
        # auth laid out by kind adds a settings class where the project had none:
        # the earlier run read the environment.
        environ = replace(place, settings_kind="environ")
        earlier.append(_context(project, app, environ, None))
    changes = [
        _create(
            project,
            place.manager,
            render(TEMPLATES, "connections.py.jinja", _timeouts(project), newline=newline),
        )
    ]
    if place.package_init is not None:
        changes.append(_create(project, place.package_init, _INIT))
    router = _upgraded(project, place.router, "router.py.jinja", context, earlier, newline)
    changes.append(router)
    changes += _settings_changes(project)
    # Wired on a view that holds the new modules, so that their imports sort as
    # the project's own.
    changes += _wire(project.with_changes(ChangeSet(tuple(changes))), app, place)
    changes += _manifest(project)
    messages = _messages(project, place, auth is not None)
    kept = router.before is not None and router.before == router.after
    if auth is not None and kept and "decode_token(" not in (router.before or ""):
        # Ours, edited since it was written anonymous: kept, and its tests with it.
        context = anonymous
        messages.append(
            f"{place.router} was edited since it was written: it is kept as it is, and "
            "takes no token; check one in websocket_endpoint before manager.connect"
        )
    tests = _tests(project, app, place, auth, (context, anonymous), newline)
    if tests is None:
        messages.append("no tests/ directory next to the app: the WebSocket tests were not added")
    else:
        changes.append(tests)
    return ChangeSet(
        tuple(c for c in changes if c.before != c.after or c.before is None), tuple(messages)
    )


_INIT = '"""Real-time updates: the WebSocket route and its connection manager."""\n'


def _placement(project: Project, app: AppLocation) -> Placement:
    settings = project.settings
    if _feature_layout(project, app):
        assert app.package is not None
        folder = app.package / "features" / "realtime"
        return Placement(
            folder / "connections.py", folder / "router.py", folder / "__init__.py", "state", True
        )
    router = new_router_path(project, "realtime")
    base = app.package if app.package is not None else app.code_dir
    kind = "environ" if settings is None else "accessor"
    return Placement(base / "connections.py", router, None, kind, False)


def _feature_layout(project: Project, app: AppLocation) -> bool:
    """The layout of 'set up a new FastAPI project': features/, settings on app.state."""
    if app.package is None:
        return False
    dependencies = project.read_text(app.package / "dependencies.py") or ""
    return (
        project.exists(app.package / "features" / "__init__.py") and "AppSettings" in dependencies
    )


def _create(project: Project, path: PurePosixPath, text: str) -> FileChange:
    current = project.read_text(path)
    # Ours, planned already or since edited: the project's to keep.
    return FileChange(path, current, text if current is None else current)


def _refuse_foreign(project: Project, path: PurePosixPath, marker: str) -> None:
    current = project.read_text(path)
    if current is not None and marker not in current:
        raise RecipeError(
            f"{path} exists and is not fastprod's WebSocket module; rename it, then run again"
        )


def _own_websockets(project: Project, ours: set[PurePosixPath]) -> list[str]:
    """Where the project handles WebSockets itself, if anywhere."""
    found = [
        f"{path}:{line}: {what}"
        for path in project.python_files
        if path not in ours and "tests" not in path.parts
        for line, what in _websocket_signs(project.read_text(path) or "")
    ]
    if not found:
        return []
    return [
        f"the project handles WebSockets already: {'; '.join(found)}. Nothing was changed: "
        "a second connection manager beside it would split the clients between two"
    ]


def _websocket_signs(source: str) -> list[tuple[int, str]]:
    if "websocket" not in source.lower():
        return []
    found = []
    for node in ast.walk(python_tree(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                name = _called(decorator)
                if name in _DECORATORS:
                    found.append((decorator.lineno, _DECORATORS[name]))
        elif isinstance(node, ast.Call) and _called(node) in _CALLS:
            found.append((node.lineno, _CALLS[_called(node) or ""]))
        elif isinstance(node, ast.ClassDef):
            bases = {_name(base) for base in node.bases}
            if bases & set(_BASES):
                found.append((node.lineno, _BASES["WebSocketEndpoint"]))
            elif node.name.endswith("ConnectionManager"):
                found.append((node.lineno, f"a connection manager ({node.name})"))
    return sorted(set(found))


def _called(node: ast.expr) -> str | None:
    target = node.func if isinstance(node, ast.Call) else node
    return target.attr if isinstance(target, ast.Attribute) else None


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _authentication(project: Project, app: AppLocation, place: Placement) -> Authentication | None:
    """fastprod's auth, where it is; a ``get_current_user`` of the project's own is refused."""
    package = app.package
    ours = (
        package is not None
        and place.feature_layout
        and "def decode_token(" in (project.read_text(package / "core/security.py") or "")
        and project.exists(package / "features/users/repository.py")
    )
    if ours:
        assert package is not None
        return Authentication(
            package / "core/security.py",
            package / "features/users/models.py",
            package / "features/users/repository.py",
        )
    by_kind = _auth_by_kind(project, package)
    if by_kind is not None:
        return by_kind
    own = [
        f"{path}:{node.lineno}"
        for path in project.python_files
        if "tests" not in path.parts
        for node in ast.walk(python_tree(project.read_text(path) or ""))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name == "get_current_user"
    ]
    if own:
        raise RecipeError(
            f"the project authenticates its callers with its own get_current_user "
            f"({', '.join(own)}); how it reads a token is its own, so a socket written here "
            "would be open to anyone. Nothing was changed"
        )
    return None


def _auth_by_kind(project: Project, package: PurePosixPath | None) -> Authentication | None:
    """fastprod's auth in a package laid out by kind (``security.py``, ``services/users.py``).

    Raises:
        RecipeError: What the socket's check builds on is gone or edited away
            (the dependencies ``DbSession`` and ``SettingsDep``, the import of
            ``User``, the settings' cached getter).
    """
    if package is None:
        return None
    security = package / "security.py"
    repository = package / "services" / "users.py"
    if "def decode_token(" not in (project.read_text(security) or ""):
        return None
    service = project.read_text(repository) or ""
    if "class UserRepository" not in service:
        return None
    dependencies = package / "dependencies.py"
    importer = project.app.module_of(repository)
    models = _module_path(project, _imported_from(service, importer, "User"))
    getter = _settings_getter(project)
    defined = _assigned(project.read_text(dependencies) or "")
    missing = [name for name in ("DbSession", "SettingsDep") if name not in defined]
    gaps = [f"{dependencies} defines no {name}" for name in missing]
    if models is None:
        gaps.append(f"{repository} imports no User model")
    if getter is None:
        gaps.append("the settings have no cached function returning them")
    if gaps:
        raise RecipeError(
            f"the project has fastprod's auth laid out by kind ({security}), but the "
            f"socket's token check cannot be written: {'; '.join(gaps)}. A socket without "
            "one would be open to anyone. Nothing was changed"
        )
    assert models is not None and getter is not None
    database = find_database(project, package, who="websocket")
    return Authentication(security, models, repository, ByKind(dependencies, database, getter))


def _imported_from(source: str, module: str, name: str) -> str | None:
    """The module ``source`` (the module ``module``) imports ``name`` from."""
    for node in python_tree(source).body:
        if not isinstance(node, ast.ImportFrom):
            continue
        if any(alias.name == name and alias.asname in (None, name) for alias in node.names):
            if node.level == 0:
                return node.module
            parent = module.split(".")[: -node.level]
            return ".".join([*parent, *([node.module] if node.module else [])])
    return None


def _module_path(project: Project, module: str | None) -> PurePosixPath | None:
    """The project's file of a module, if it has it."""
    if module is None:
        return None
    app = project.app
    for path in project.python_files:
        if "tests" not in path.parts and app.module_of(path) == module:
            return path
    return None


def _assigned(source: str) -> set[str]:
    """The names a module assigns at its top level."""
    names: set[str] = set()
    for node in python_tree(source).body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _settings_getter(project: Project) -> str | None:
    """The function of the settings' module, without parameters, returning the class."""
    settings = project.settings
    if settings is None:
        return None
    for node in python_tree(project.read_text(settings.path) or "").body:
        if isinstance(node, ast.FunctionDef) and not node.args.args:
            returns = node.returns
            if isinstance(returns, ast.Name) and returns.id == settings.class_name:
                return node.name
    return None


def _timeouts(project: Project) -> dict[str, Any]:
    """How the modules bound a wait: asyncio.timeout from Python 3.11, anyio's before.

    Both raise the builtin ``TimeoutError``; anyio comes with Starlette.
    """
    if _before_311(project):
        return {"anyio": True, "timeout": "with anyio.fail_after"}
    return {"anyio": False, "timeout": "async with asyncio.timeout"}


def _before_311(project: Project) -> bool:
    python = project.versions.python
    return python is not None and python < (3, 11)


def _context(
    project: Project, app: AppLocation, place: Placement, auth: Authentication | None
) -> dict[str, Any]:
    wanted: dict[PurePosixPath, set[str]] = {place.manager: {"ConnectionManager", "Message"}}
    settings = project.settings
    call = ""
    if settings is not None and place.settings_kind != "environ":
        source = project.read_text(settings.path) or ""
        if place.settings_kind == "state":
            name = settings.class_name
        else:
            name = "get_settings" if "def get_settings(" in source else settings.class_name
            call = f"{name}()"
        wanted[settings.path] = {name}
    by_kind = None if auth is None else auth.by_kind
    absolute = []
    if auth is not None and by_kind is None:
        top = app.module.split(".")[0]
        absolute = [
            f"from {top}.core.security import decode_token, user_id",
            f"from {top}.features.users.models import User",
            f"from {top}.features.users.repository import UserRepository",
        ]
    if auth is not None and by_kind is not None and settings is not None:
        # The session and the settings come as auth's routes take them.
        for path, names in (
            (auth.security, {"decode_token", "user_id"}),
            (auth.models, {"User"}),
            (auth.repository, {"UserRepository"}),
            (by_kind.dependencies, {"DbSession", "SettingsDep"}),
            (settings.path, {settings.class_name}),
        ):
            wanted.setdefault(path, set()).update(names)
    imports = [
        _import_line(project, app, place.router, path, ", ".join(sorted(names, key=_name_order)))
        for path, names in wanted.items()
    ]
    return _timeouts(project) | {
        "auth": auth is not None,
        "auth_by_kind": by_kind is not None,
        "is_async": by_kind is None or by_kind.database.is_async,
        "settings_class": "" if settings is None else settings.class_name,
        "settings_kind": place.settings_kind,
        "settings_call": call,
        "first_party_imports": sorted(imports + absolute, key=_import_order),
    }


def _name_order(name: str) -> tuple[bool, bool, str]:
    # Constants, then classes, then functions, as isort orders the names of a line.
    return not name.isupper(), name[0].islower(), name


def _import_order(line: str) -> tuple[bool, str]:
    # Relative imports come after absolute ones, as isort places them.
    module = line.split()[1]
    return module.startswith("."), module.lower()


def _import_line(
    project: Project, app: AppLocation, importer: PurePosixPath, target: PurePosixPath, names: str
) -> str:
    module = app.module_of(target)
    if _relative_style(project, app):
        here = app.module_of(importer).split(".")[:-1]
        there = module.split(".")
        common = 0
        while common < min(len(here), len(there) - 1) and here[common] == there[common]:
            common += 1
        if common:
            dots = "." * (len(here) - common + 1)
            return f"from {dots}{'.'.join(there[common:])} import {names}"
    return f"from {module} import {names}"


def _relative_style(project: Project, app: AppLocation) -> bool:
    """True when the app's package imports its own modules relatively only."""
    if app.package is None:
        return False
    relative = absolute = False
    top = app.module.split(".")[0]
    for node in ast.walk(python_tree(project.read_text(app.edit_path) or "")):
        if isinstance(node, ast.ImportFrom):
            relative |= node.level > 0
            absolute |= node.level == 0 and (node.module or "").split(".")[0] == top
    return relative and not absolute


def _upgraded(
    project: Project,
    path: PurePosixPath,
    template: str,
    context: dict[str, Any],
    earlier: list[dict[str, Any]],
    newline: str,
) -> FileChange:
    """A new file; one already there is kept, unless it is what an earlier run wrote
    (``earlier``) before the project had authentication or a database layer,
    unedited since: it then takes a token, or runs on the test database."""
    text = render(TEMPLATES, template, context, newline=newline)
    current = project.read_text(path)
    if current is None:
        return FileChange(path, None, text)
    if any(
        current == render(TEMPLATES, template, anonymous, newline=newline) for anonymous in earlier
    ):
        return FileChange(path, current, text)
    return FileChange(path, current, current)


def _settings_changes(project: Project) -> list[FileChange]:
    settings = project.settings
    if settings is None:
        return []
    path = settings.path
    source = project.read_text(path) or ""
    text = source
    for field in SETTINGS:
        text = ensure_setting(text, settings.class_name, field, path=str(path))
    changes = [FileChange(path, source, text)]
    prefix = settings_env_prefix(source, settings.class_name)
    for candidate in (PurePosixPath(".env.example"), settings.path.parent / ".env.example"):
        current = project.read_text(candidate)
        if current is not None:
            entries = [(prefix + name, value, note) for name, value, note in ENV_LINES]
            changes.append(FileChange(candidate, current, ensure_env_lines(current, entries)))
            break
    return changes


def _wire(project: Project, app: AppLocation, place: Placement) -> list[FileChange]:
    """Include the router where the project includes its routers; the lifespan step."""
    module = app.module_of(place.router)
    include = plan_router_include(project, module)
    path = app.edit_path
    source = project.read_text(path)
    if source is None:
        raise RecipeError(f"cannot read {path}")
    base = include.after if include.path == path else source
    own = {module.split(".")[0], *first_party(project)}
    target, relative = _lifespan_import(project, app, module)
    text = (
        Edits(base, path=str(path))
        .ensure_import(target, LIFESPAN, relative=relative, first_party=own)
        .ensure_lifespan_step(app, f"{LIFESPAN}({{app}})")
        .text()
    )
    wired = FileChange(path, source, text)
    return [wired] if include.path == path else [include, wired]


def _lifespan_import(project: Project, app: AppLocation, module: str) -> tuple[str, int]:
    path = app.edit_path
    package = app.module_of(path if path.name == "__init__.py" else path.parent / "__init__.py")
    if _relative_style(project, app) and module.startswith(package + "."):
        return module.removeprefix(package + "."), 1
    return module, 0


def _manifest(project: Project) -> list[FileChange]:
    manifest = project.manifest
    if manifest is None:
        return []
    source = project.read_text(manifest.path) or ""
    text = ensure_dependency(
        source, manifest.kind, "redis", project.versions.python, path=str(manifest.path)
    )
    if _before_311(project):
        text = ensure_dependency(
            text, manifest.kind, "anyio", project.versions.python, path=str(manifest.path)
        )
    return [FileChange(manifest.path, source, text)]


def _messages(project: Project, place: Placement, auth: bool) -> list[str]:
    settings = project.settings
    prefix = ""
    if settings is not None:
        prefix = settings_env_prefix(project.read_text(settings.path) or "", settings.class_name)
    messages = [
        f"{place.router}: the /ws route; {place.manager}: the connection manager",
        f"messages stay in one process unless {prefix}REDIS_URL is set: with several "
        "workers or replicas set it, and they all reach every client through Redis pub/sub",
    ]
    if auth:
        messages.append(
            "the socket takes an access token, in the token query parameter or the first "
            'message {"type": "authenticate", "token": ...}, and closes with 1008 on a bad one'
        )
    elif place.feature_layout:
        messages.append(
            "the socket is anonymous: the project has no authentication yet. After "
            "'add authentication to my API', run 'add WebSocket support' again: "
            f"{place.router}, if unedited since, then takes a token"
        )
    else:
        after_auth = (
            ""
            if project.app.package is None
            else " (or, where 'add authentication to my API' takes the project, run "
            "'add WebSocket support' again after it: the route, if unedited, then takes "
            "a token)"
        )
        messages.append(
            "the socket is anonymous: fastprod found no authentication it can check a "
            f"token with; if clients must sign in, check one in {place.router}'s "
            f"websocket_endpoint before manager.connect and close with 1008{after_auth}"
        )
    return messages


def _tests(
    project: Project,
    app: AppLocation,
    place: Placement,
    auth: Authentication | None,
    contexts: tuple[dict[str, Any], dict[str, Any]],
    newline: str,
) -> FileChange | None:
    folder = project.tests_dir()
    if folder is None:
        return None
    factory_only = app.factory is not None and app.attr == app.factory
    app_import = "create_app" if place.feature_layout else app.attr
    wanted = [
        (app.module_of(place.manager), ["ConnectionManager"]),
        (app.module, [app_import]),
        (app.module_of(place.router), ["FrameRefused", "SocketLimits", "converse"]),
    ]
    if place.feature_layout and project.settings is not None:
        settings = project.settings
        wanted.append((app.module_of(settings.path), [settings.class_name]))
    tables = None if place.feature_layout else _tables_layer(project)
    # As written before the project had a database layer (websocket, then auth or crud).
    earlier = [*wanted]
    if tables is not None:
        wanted.append((app.module_of(tables[0]), [tables[1]]))
    values = {
        "plain_tables_engine": "" if tables is None else tables[2],
        "plain_base": "" if tables is None else tables[1],
        "feature_layout": place.feature_layout,
        "package": app.module.split(".")[0],
        "manager_module": app.module_of(place.manager),
        "router_module": app.module_of(place.router),
        "app_module": app.module,
        "app_name": app.attr,
        "app_call": "()" if factory_only else "",
        **_utc(project),
    }
    context, anonymous = contexts
    # Written anonymous when the route is (edited since it was written so).
    by_kind = None if auth is None or not context["auth"] else auth.by_kind
    values_auth = values
    if auth is not None and by_kind is not None:
        values_auth = values | _by_kind_test_values(project, by_kind)
        wanted_auth = [*wanted, *_by_kind_test_imports(project, auth, by_kind)]
    else:
        wanted_auth = wanted
    return _upgraded(
        project,
        folder / "test_realtime.py",
        "tests/test_realtime.py.jinja",
        {**context, **values_auth, "first_party_test_imports": import_lines(wanted_auth)},
        [
            {**anonymous, **values, "first_party_test_imports": import_lines(wanted)},
            {
                **anonymous,
                **values,
                "plain_tables_engine": "",
                "plain_base": "",
                "first_party_test_imports": import_lines(earlier),
            },
        ],
        newline,
    )


def _tables_layer(project: Project) -> tuple[PurePosixPath, str, str] | None:
    """The toolkit's database layer, whose ``tables_created`` lifespan step creates
    the tables on its module's engine: ``(path, base, "package.database.engine")``."""
    base, _ = database_parts(project)
    if base is None:
        return None
    engine = _tables_engine(project, base[0])
    return (base[0], base[1], engine) if engine else None


def _by_kind_test_values(project: Project, by_kind: ByKind) -> dict[str, Any]:
    database = by_kind.database
    return {
        "base": database.base,
        "get_db": database.get_db,
        "settings_getter": by_kind.settings_getter,
        "tables_engine": _tables_engine(project, database.path),
    }


def _tables_engine(project: Project, path: PurePosixPath) -> str:
    """``package.database.engine`` when the database module is the toolkit's layer,
    whose ``tables_created`` lifespan step creates the tables on that engine."""
    text = project.read_text(path) or ""
    if "def tables_created(" not in text or "\nengine = " not in text:
        return ""
    return f"{project.app.module_of(path)}.engine"


def _by_kind_test_imports(
    project: Project, auth: Authentication, by_kind: ByKind
) -> list[tuple[str, list[str]]]:
    """What the tests of a socket checking auth's tokens, laid out by kind, import."""
    module = project.app.module_of
    database = by_kind.database
    settings = project.settings
    assert settings is not None  # auth by kind has settings
    wanted = [
        (module(database.path), [database.base]),
        (module(database.session_path), [database.get_db]),
        (module(settings.path), [settings.class_name, by_kind.settings_getter]),
        (module(auth.security), ["create_token"]),
        (module(auth.models), ["User"]),
    ]
    if not database.is_async:
        wanted.append((module(auth.repository), ["UserRepository"]))
    return wanted


def _utc(project: Project) -> dict[str, str]:
    """UTC as the project's Python names it: ``datetime.UTC`` is new in 3.11."""
    if _before_311(project):
        return {"utc": "timezone.utc", "datetime_names": "datetime, timedelta, timezone"}
    return {"utc": "UTC", "datetime_names": "UTC, datetime, timedelta"}


RECIPE = Recipe(
    name="websocket",
    summary="WebSocket connection manager",
    examples=("add WebSocket support", "enable WebSockets in my API"),
    params=Params,
    plan=plan,
)
