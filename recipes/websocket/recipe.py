"""Add a WebSocket route with a connection manager, on Redis pub/sub when configured.

Creates the connection manager (several connections per user, send to one
user, broadcast, dead connections dropped; Redis pub/sub when ``REDIS_URL`` is
set, so every worker reaches its own clients) and the ``/ws`` route (a
heartbeat, a message size limit; a token checked when the project has
fastprod's authentication, or with a ``get_current_user`` of its own whose
parameters map onto a socket), where the project keeps such code: a
``features/realtime/`` folder, its routers package, or modules beside a
single-file app. The app's lifespan starts and stops the manager; the settings
gain the heartbeat, the size limit and ``redis_url``; tests go where the
project's pytest finds its own.
A project that handles WebSockets already is reported and left as it is.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn

from fastprod.recipe import (
    AppLocation,
    ChangeSet,
    Context,
    Database,
    DepRef,
    Edits,
    FastprodError,
    FileChange,
    Function,
    Project,
    Recipe,
    RecipeError,
    Setting,
    TestsHome,
    app_slug,
    database_parts,
    deployment_in_step,
    document_env,
    ensure_dependency,
    ensure_setting,
    find_database,
    first_party,
    import_lines,
    new_router_path,
    plan_router_include,
    python_tree,
    render,
    same_code,
    served_prefix,
    settings_env_prefix,
    tests_home,
    tests_in_step,
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


def plan(params: Params, project: Project, ctx: Context | None = None) -> ChangeSet:
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
    path = _socket_path(project, place)
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
            render(
                TEMPLATES,
                "connections.py.jinja",
                {**_timeouts(project), "channel": f"{app_slug(project)}:websocket:messages"},
                newline=newline,
            ),
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
    messages = _messages(project, place, auth is not None, path)
    if isinstance(auth, OwnAuth):
        messages.append(
            f"the token is checked by the project's own get_current_user ({auth.path}:"
            f"{auth.line}), called with it{' and a session of its own' if auth.session else ''}"
            "; what it raises (HTTPException or the project's own error) closes with 1008"
        )
    kept = router.before is not None and router.before == router.after
    if auth is not None and kept and "async def authenticate(" not in (router.before or ""):
        # Ours, edited since it was written anonymous: kept, and its tests with it.
        context = anonymous
        messages.append(
            f"{place.router} was edited since it was written: it is kept as it is, and "
            "takes no token; check one in websocket_endpoint before manager.connect"
        )
    home = tests_home(project)
    changes += _tests(project, home, app, place, auth, (context, anonymous), newline, path)
    messages += home.said
    planned = ChangeSet(
        tuple(c for c in changes if c.before != c.after or c.before is None), tuple(messages)
    )
    return tests_in_step(project, deployment_in_step(project, planned, ctx), ctx)


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


def _authentication(
    project: Project, app: AppLocation, place: Placement
) -> Authentication | OwnAuth | None:
    """fastprod's auth, where it is; else the project's own ``get_current_user``, if any."""
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
    return _own_auth(project)


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


def _settings_instance(source: str, class_name: str) -> str | None:
    """The module-level name bound to an instance of the settings class, if any."""
    found = re.search(
        rf"^([A-Za-z_]\w*)\s*(?::\s*{class_name}\s*)?=\s*{class_name}\(", source, re.MULTILINE
    )
    return found.group(1) if found else None


def _before_311(project: Project) -> bool:
    python = project.versions.python
    return python is not None and python < (3, 11)


def _context(
    project: Project, app: AppLocation, place: Placement, auth: Authentication | OwnAuth | None
) -> dict[str, Any]:
    wanted: dict[PurePosixPath, set[str]] = {place.manager: {"ConnectionManager", "Message"}}
    settings = project.settings
    call = ""
    if settings is not None and place.settings_kind != "environ":
        source = project.read_text(settings.path) or ""
        if place.settings_kind == "state":
            name = settings.class_name
        elif "def get_settings(" in source:
            name, call = "get_settings", "get_settings()"
        elif (instance := _settings_instance(source, settings.class_name)) is not None:
            # "settings = Settings()" in the project's module: its own instance,
            # as its routes read it (a class with required fields cannot be built bare).
            name = call = instance
            if instance == "settings":
                # Read into the function's own ``settings``: imported under another name.
                name, call = "settings as project_settings", "project_settings"
        else:
            name, call = settings.class_name, f"{settings.class_name}()"
        wanted[settings.path] = {name}
    own = auth if isinstance(auth, OwnAuth) else None
    if own is not None:
        for path, name in _own_imports(own):
            wanted.setdefault(path, set()).add(name)
    ours = auth if isinstance(auth, Authentication) else None
    by_kind = None if ours is None else ours.by_kind
    absolute = []
    if ours is not None and by_kind is None:
        top = app.module.split(".")[0]
        absolute = [
            f"from {top}.core.security import decode_token, user_id",
            f"from {top}.features.users.models import User",
            f"from {top}.features.users.repository import UserRepository",
        ]
    if ours is not None and by_kind is not None and settings is not None:
        # The session and the settings come as auth's routes take them.
        for path, names in (
            (ours.security, {"decode_token", "user_id"}),
            (ours.models, {"User"}),
            (ours.repository, {"UserRepository"}),
            (by_kind.dependencies, {"DbSession", "SettingsDep"}),
            (settings.path, {settings.class_name}),
        ):
            wanted.setdefault(path, set()).update(names)
    imports = [
        _import_line(project, app, place.router, path, ", ".join(sorted(names, key=_name_order)))
        for path, names in wanted.items()
    ]
    return (
        _timeouts(project)
        | _own_context(own)
        | {
            "auth": auth is not None,
            "auth_by_kind": by_kind is not None,
            "is_async": by_kind is None or by_kind.database.is_async,
            "settings_class": "" if settings is None else settings.class_name,
            "settings_kind": place.settings_kind,
            "settings_call": call,
            "first_party_imports": sorted(imports + absolute, key=_import_order),
        }
    )


def _own_imports(own: OwnAuth) -> list[tuple[PurePosixPath, str]]:
    """What the socket imports to call the project's own ``get_current_user``."""
    found = [(own.path, "get_current_user"), *own.errors]
    if own.session_dependency is not None:
        found.append(own.session_dependency)
    return found


def _own_context(own: OwnAuth | None) -> dict[str, Any]:
    if own is None:
        return {"own_auth": False, "own_session": False, "own_identity_field": ""}
    arguments = [f"{own.token}=token"]
    if own.session is not None:
        arguments.append(f"{own.session}=session")
    errors = sorted({"HTTPException", *(name for _, name in own.errors)})
    identity = "user" if not own.identity else f"user.{own.identity}"
    return {
        "own_auth": True,
        "own_token": own.token,
        "own_identity_field": own.identity,
        "own_is_async": own.is_async,
        "own_arguments": ", ".join(arguments),
        "own_errors": errors[0] if len(errors) == 1 else f"({', '.join(errors)})",
        "own_identity": f"str({identity})",
        "own_session": own.session_dependency is not None,
        "own_session_async": own.session_async,
        "own_session_type": "AsyncSession" if own.session_async else "Session",
        "own_session_dependency": ""
        if own.session_dependency is None
        else own.session_dependency[1],
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
        same_code(current, render(TEMPLATES, template, anonymous, newline=newline))
        for anonymous in earlier
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
    prefix = settings_env_prefix(source, settings.class_name)
    entries = [(prefix + name, value, note) for name, value, note in ENV_LINES]
    return [FileChange(path, source, text), document_env(project, entries, path.parent)]


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


def _socket_path(project: Project, place: Placement) -> str:
    """Where clients connect: the path the project serves its routers under, then /ws.

    Included into an aggregating ``APIRouter`` (``api_router`` under ``/api/v1``), or
    beside app includes that share a prefix, the route is ``/api/v1/ws``; refused when
    that prefix cannot be read, since the socket's tests would call the wrong path.
    """
    if place.feature_layout:
        return "/ws"
    prefix = served_prefix(project, "websocket", "The socket's tests would call the wrong path")
    return prefix.rstrip("/") + "/ws"


def _messages(project: Project, place: Placement, auth: bool, path: str) -> list[str]:
    settings = project.settings
    prefix = ""
    if settings is not None:
        prefix = settings_env_prefix(project.read_text(settings.path) or "", settings.class_name)
    messages = [
        f"{place.router}: the {path} route; {place.manager}: the connection manager",
        f"messages stay in one process unless {prefix}REDIS_URL is set: with several "
        "workers or replicas set it, and they all reach every client through Redis pub/sub",
    ]
    if auth:
        messages.append(
            "the socket takes an access token: an Authorization: Bearer header, the "
            "subprotocol pair 'bearer, <token>' (a browser's new WebSocket(url, ['bearer', "
            "token]); the socket is accepted with 'bearer'), the token query parameter or the "
            'first message {"type": "authenticate", "token": ...}; it closes with 1008 on a '
            "bad one"
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
    home: TestsHome,
    app: AppLocation,
    place: Placement,
    auth: Authentication | OwnAuth | None,
    contexts: tuple[dict[str, Any], dict[str, Any]],
    newline: str,
    path: str,
) -> list[FileChange]:
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
        "ws_path": path,
        **_utc(project),
    }
    context, anonymous = contexts
    # Written anonymous when the route is (edited since it was written so).
    ours = auth if isinstance(auth, Authentication) else None
    by_kind = None if ours is None or not context["auth"] else ours.by_kind
    values_auth = values
    if ours is not None and by_kind is not None:
        values_auth = values | _by_kind_test_values(project, by_kind)
        wanted_auth = [*wanted, *_by_kind_test_imports(project, ours, by_kind)]
    else:
        wanted_auth = wanted
    return [
        *home.started,
        _upgraded(
            project,
            home.folder / "test_realtime.py",
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
        ),
    ]


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


# ------------------------------------------------ the project's own authentication

# fastapi.security schemes whose dependency gives the bearer token itself, a str.
_TOKEN_SCHEMES = frozenset({"OAuth2PasswordBearer", "OAuth2AuthorizationCodeBearer"})
# What names a user on the socket, by the attributes of what get_current_user returns.
_IDENTITIES = ("id", "username", "email")
_DEPENDS = frozenset({"Depends", "Security"})


@dataclass(frozen=True, slots=True)
class OwnAuth:
    """The project's own ``get_current_user``, and how the socket calls it.

    Attributes:
        path: The file it is defined in.
        line: Where.
        is_async: It is a coroutine function (else it runs in a worker thread).
        token: Its parameter taking the bearer token (``Depends(oauth2_scheme)``).
        session: Its parameter taking a database session, if any.
        session_dependency: The project's session dependency (its file and
            name), which the route takes its session from, as the project's routes do.
        session_async: The session is an ``AsyncSession``.
        errors: The project's exception classes it raises (file, name), caught
            with ``HTTPException`` as a refused token.
        identity: The attribute of the user naming it on the socket; ``""``
            when it returns the name itself (a ``str`` or an ``int``).
    """

    path: PurePosixPath
    line: int
    is_async: bool
    token: str
    session: str | None = None
    session_dependency: tuple[PurePosixPath, str] | None = None
    session_async: bool = True
    errors: tuple[tuple[PurePosixPath, str], ...] = ()
    identity: str = ""


def _own_auth(project: Project) -> OwnAuth | None:
    """The project's own ``get_current_user``, read through the project index.

    Raises:
        RecipeError: Its parameters or what it returns cannot be mapped onto a
            socket mechanically; the message names the function and where it is.
    """
    _refuse_unreadable_auth(project)
    index = project.readings.index
    found = [
        func
        for func in index.functions.get("get_current_user", [])
        if func.owner is None and "tests" not in PurePosixPath(func.loc.path).parts
    ]
    if not found:
        return None
    where = ", ".join(f"{f.loc.path}:{f.loc.line}" for f in found)
    if len(found) > 1:
        _refuse_own(where, "it is defined more than once, and which one a socket takes is not said")
    (func,) = found
    path = PurePosixPath(func.loc.path)
    # The index keeps no annotations of a function that is not a route: its
    # signature is read from the module's parse tree.
    tree = project.tree(path) or ast.Module([], [])
    node = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.lineno == func.loc.line
    )
    token, session = _own_params(project, func, node, where)
    layer = project.readings.db_layer
    dependency = None if session is None or layer is None else layer.session_dependency
    session_async = layer is not None and layer.is_async
    return OwnAuth(
        path,
        func.loc.line,
        func.is_async,
        token,
        session,
        None if dependency is None else (dependency.path, dependency.qualified.rpartition(".")[2]),
        session_async,
        _own_errors(project, func, node),
        _own_identity(project, func, node, where),
    )


# A module-level definition of the project's auth dependency, read as text: the
# module does not parse.
_DEFINES_CURRENT_USER = re.compile(r"^(?:async\s+)?def\s+get_current_user\b", re.MULTILINE)


def _refuse_unreadable_auth(project: Project) -> None:
    """Refuse when a module that would define ``get_current_user`` does not parse.

    The project index skips such a module: the socket would find no function to
    check tokens with and be written open to anyone.

    Raises:
        RecipeError: A module defining ``get_current_user``, or one the project
            imports it from, does not parse; the message names its file and line.
    """
    readings = project.readings
    imported_from = {
        qualified.rpartition(".")[0]
        for module in readings.index.modules
        for qualified in module.imports.values()
        if qualified.rpartition(".")[2] == "get_current_user"
    }
    for unparsed in readings.index_read[1]:
        path = PurePosixPath(unparsed.path)
        if "tests" in path.parts:
            continue
        try:
            text = project.read_text(path) or ""
        except FastprodError:
            # Not UTF-8: only an import of get_current_user from it tells.
            text = ""
        if _DEFINES_CURRENT_USER.search(text):
            what = "defines get_current_user"
        elif project.app.module_of(path) in imported_from:
            what = "is where the project imports get_current_user from"
        else:
            continue
        raise RecipeError(
            f"{path}:{unparsed.line} {what}, the project's auth dependency, and does not "
            f"parse: {unparsed.reason.removeprefix('not analysed: ')}. The socket cannot check "
            "tokens with a function fastprod cannot read, and a socket without that check "
            "would be open to anyone: fix the module, then run again. Nothing was changed"
        )


def _refuse_own(where: str, why: str) -> NoReturn:
    raise RecipeError(
        f"the project authenticates its callers with its own get_current_user ({where}), "
        f"and the socket cannot call it: {why}. A socket without its check would be open "
        "to anyone. Nothing was changed"
    )


def _own_params(
    project: Project, func: Function, node: ast.FunctionDef | ast.AsyncFunctionDef, where: str
) -> tuple[str, str | None]:
    """The parameters taking the token and the session; a parameter with a plain
    default is left to it; any other one is refused."""
    if node.args.posonlyargs:
        _refuse_own(where, "it has positional-only parameters")
    token = session = None
    layer = project.readings.db_layer
    opens = None if layer is None else layer.session_dependency
    for param, default in _signature(node):
        ref = _param_dependency(project, param.annotation, default, func.module)
        if ref is None and default is not None and not _is_request(param):
            continue
        if ref is None:
            what = "the Request, which a socket has not" if _is_request(param) else "no dependency"
            _refuse_own(where, f"its parameter {param.arg} takes {what}")
        definition = project.readings.index.definition(ref)
        if isinstance(definition, tuple) and definition[0].rpartition(".")[2] in _TOKEN_SCHEMES:
            if token is not None:
                _refuse_own(where, f"both {token} and {param.arg} take the token")
            token = param.arg
            continue
        if (
            isinstance(definition, Function)
            and opens is not None
            and f"{definition.module}.{definition.name}" == opens.qualified
        ):
            if session is not None:
                _refuse_own(where, f"both {session} and {param.arg} take a session")
            session = param.arg
            continue
        _refuse_own(
            where,
            f"its parameter {param.arg} depends on {ref.written}, which is neither an OAuth2 "
            "token scheme nor the project's session dependency",
        )
    if token is None:
        _refuse_own(where, "it takes no token from an OAuth2 scheme (Depends(oauth2_scheme))")
    return token, session


def _signature(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
) -> list[tuple[ast.arg, ast.expr | None]]:
    """Every parameter of a function with its default, in order; ``*args`` and
    ``**kwargs`` last, without one."""
    arguments = node.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(arguments.defaults))
    found = list(zip(positional, [*defaults, *arguments.defaults], strict=True))
    found += zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
    found += [(extra, None) for extra in (arguments.vararg, arguments.kwarg) if extra]
    return found


def _param_dependency(
    project: Project, annotation: ast.expr | None, default: ast.expr | None, module: str
) -> DepRef | None:
    """What a parameter ``Depends`` on: in its default, its ``Annotated``, or an alias of one."""
    for expr in (default, annotation):
        call = _depends_call(expr)
        if call is not None:
            return _ref(call.args[0], module) if call.args else None
    if isinstance(annotation, ast.Name | ast.Attribute):
        alias = _ref(annotation, module, alias=True)
        refs = project.readings.index.definition(alias)
        if isinstance(refs, list) and len(refs) == 1:
            return refs[0]
    return None


def _depends_call(expr: ast.expr | None) -> ast.Call | None:
    if isinstance(expr, ast.Subscript) and _name(expr.value) == "Annotated":
        items = expr.slice.elts if isinstance(expr.slice, ast.Tuple) else []
        return next(filter(None, (_depends_call(item) for item in items[1:])), None)
    if isinstance(expr, ast.Call) and _name(expr.func) in _DEPENDS:
        return expr
    return None


def _ref(expr: ast.expr, module: str, *, alias: bool = False) -> DepRef:
    written = ast.unparse(expr)
    return DepRef(written.rpartition(".")[2], alias=alias, written=written, module=module)


def _is_request(param: ast.arg) -> bool:
    return param.annotation is not None and _name(param.annotation) in {"Request", "HTTPConnection"}


def _own_errors(
    project: Project, func: Function, node: ast.FunctionDef | ast.AsyncFunctionDef
) -> tuple[tuple[PurePosixPath, str], ...]:
    """The project's exception classes ``func`` raises by name, where they are defined."""
    index = project.readings.index
    found: set[tuple[PurePosixPath, str]] = set()
    for raised in ast.walk(node):
        if not isinstance(raised, ast.Raise) or raised.exc is None:
            continue
        target = raised.exc.func if isinstance(raised.exc, ast.Call) else raised.exc
        written = _dotted(target)
        qualified = index.symbols.resolve(func.module, written) if written else None
        cls = None if qualified is None else index.class_named(qualified)
        if cls is not None and index.is_exception(cls) and index.module(cls.module) is not None:
            module = index.module(cls.module)
            assert module is not None
            found.add((PurePosixPath(module.path), cls.name))
    return tuple(sorted(found))


def _dotted(expr: ast.expr) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        head = _dotted(expr.value)
        return None if head is None else f"{head}.{expr.attr}"
    return None


def _own_identity(
    project: Project, func: Function, node: ast.FunctionDef | ast.AsyncFunctionDef, where: str
) -> str:
    """The attribute naming the user ``func`` returns; ``""`` for a ``str`` or ``int``."""
    returns = node.returns
    written = _dotted(returns) if returns is not None else None
    if written in {"str", "int"}:
        return ""
    index = project.readings.index
    qualified = None if written is None else index.symbols.resolve(func.module, written)
    cls = None if qualified is None else index.class_named(qualified)
    fields: set[str] = set()
    for held in [cls] if cls is not None else []:
        fields.update(held.fields)
        for base in index.ancestors(held):
            for parent in index.classes.get(base.rpartition(".")[2], []):
                fields.update(parent.fields)
    # An id first, its own ("user_id") included: what the socket tells every client
    # about a sender should not be an email when a key names the user as well.
    own_key = f"{cls.name.lower()}_id" if cls is not None else ""
    for name in ("id", own_key, "uuid", *_IDENTITIES[1:]):
        if name and name in fields:
            return name
    shown = "nothing said" if returns is None else ast.unparse(returns)
    _refuse_own(
        where,
        f"what it returns ({shown}) is not a str, an int, or a project class with "
        f"{', '.join(_IDENTITIES[:-1])} or {_IDENTITIES[-1]} to name the user by",
    )


RECIPE = Recipe(
    name="websocket",
    summary="WebSocket connection manager",
    examples=("add WebSocket support", "enable WebSockets in my API"),
    params=Params,
    plan=plan,
    uses_context=True,
)
