"""Add a cache service: Redis when ``REDIS_URL`` is set, else in process, one interface.

Creates the cache module beside the app (``core/cache.py`` when the app has a
``core/`` package): ``Cache`` with ``get``, ``set`` (TTL), ``get_or_set`` and
``invalidate(pattern)`` (SCAN, never KEYS) over Pydantic models, keys under a
prefix and the app's version; an in-process store with the same interface; a
failing store read as a miss with a warning. The app's lifespan opens and closes
it, ``get_cache`` / ``CacheDep`` hand it to routes, and the settings gain
``redis_url``, ``cache_ttl_seconds`` and ``cache_key_prefix``. fastprod's own
CRUD features read by id through it and invalidate on update and delete; other
GET endpoints are listed with the change that would cache them, never edited.
A project with a cache of its own is told where it is and left as it is.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import libcst as cst

from fastprod.recipe import (
    AppLocation,
    ChangeSet,
    Context,
    Edits,
    FileChange,
    Project,
    Recipe,
    RecipeError,
    RouteReading,
    Setting,
    TestsHome,
    app_slug,
    deployment_in_step,
    document_env,
    ensure_dependency,
    ensure_setting,
    first_party,
    import_form,
    python_tree,
    render,
    settings_env_prefix,
    tests_home,
)

TEMPLATES = Path(__file__).parent / "templates"
# What marks the module as fastprod's cache (crud reads the same two lines).
MARKERS = ("def get_cache(", "class CacheBackend(Protocol)")
DEFAULT_TTL = 300
STORES = {"redis": "redis", "memory": "memory", "in_memory": "memory", "in_process": "memory"}
# Imports that mean the project caches on its own.
CACHE_LIBRARIES = (
    "fastapi_cache",
    "aiocache",
    "cashews",
    "cachetools",
    "async_lru",
    "fastapi_redis_cache",
    "pymemcache",
    "aiomcache",
)
# Redis clients serve more than caches (a rate limiter's counters, a socket
# manager's pub/sub): their import means a cache only in a module that stores
# values with an expiry or reads them back by key, as a cache does.
REDIS_CLIENTS = ("redis", "aioredis")
CACHE_CALLS = frozenset({"setex", "psetex", "getex", "mget", "mset"})
EXPIRY_KEYWORDS = frozenset({"ex", "px", "exat", "pxat"})
# Decorators a project writes for its own cache.
OWN_DECORATORS = ("cache", "cached", "cache_response", "cached_response")
# Paths no cache listing or edit considers: health probes answer live.
PROBES = ("/health", "/ready", "/live", "/healthz", "/readyz", "/livez")
# The last segment of a probe's path under a prefix (``/api/health-check``).
PROBE_NAMES = frozenset(
    {"health", "healthz", "health_check", "healthcheck", "ready", "readyz", "live", "livez"}
)
# A route's handler, as the module defines it.
Handler = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of ``caching``.

    Attributes:
        store: ``redis`` (Redis when ``REDIS_URL`` is set, else in process) or
            ``memory`` (in process only, no Redis dependency); empty is ``redis``.
        ttl: The default time to live, in seconds; ``None`` is 300.
        target: The feature or endpoints to cache (``products``); empty: all.
    """

    store: str = ""
    ttl: int | None = None
    target: str = ""


@dataclass(frozen=True, slots=True)
class Wiring:
    """How the cache module reads its settings.

    Attributes:
        config: ``state`` (``app.state.settings``), ``getter`` (a settings
            function) or ``env`` (environment variables, no settings class).
        settings_module: The dotted module of the settings class.
        settings_class: Its class name.
        settings_getter: The function returning the settings, for ``getter``.
        env_prefix: The class's ``env_prefix``.
    """

    config: str
    settings_module: str = ""
    settings_class: str = ""
    settings_getter: str = ""
    env_prefix: str = ""


def plan(params: Params, project: Project, ctx: Context | None = None) -> ChangeSet:
    """Plan the cache module, its lifespan, settings, tests and its use by crud features."""
    store = _store(params.store)
    ttl = _ttl(params.ttl)
    app = project.app
    path = cache_path(app, project)
    own = _own_cache(project, path)
    if own:
        return ChangeSet((), tuple(own))
    _refuse_foreign_module(project, path)
    module = app.module_of(path)
    wiring = _wiring(project, app)
    redis = store == "redis"
    context = {
        "redis": redis,
        "ttl": ttl,
        "prefix": _prefix(project),
        "cache_module": module,
        **_wiring_context(wiring),
    }
    changes = [_create(project, path, render(TEMPLATES, "cache.py.jinja", context))]
    changes += [_wire(project, app, module), *_settings(project, wiring, redis, ttl, context)]
    changes += _manifest(project, redis)
    features, feature_messages = _crud_features(project, module, params.target)
    changes += features
    messages = [_summary(path, wiring, redis, ttl), *feature_messages]
    messages += _endpoints(project, params.target, {c.path for c in features})
    home = tests_home(project)
    changes += _tests(project, home, context)
    messages += home.said
    planned = ChangeSet(
        tuple(c for c in changes if c.before != c.after or c.before is None), tuple(messages)
    )
    return deployment_in_step(project, planned, ctx)


def cache_path(app: AppLocation, project: Project) -> PurePosixPath:
    """``core/cache.py`` when the app has ``core/``; else ``cache.py`` beside the app."""
    code_dir = app.edit_path.parent
    core = code_dir / "core"
    if app.package is not None and project.exists(core / "__init__.py"):
        return core / "cache.py"
    return code_dir / "cache.py"


def _store(store: str) -> str:
    key = store.strip().lower().replace("-", "_").replace(" ", "_") or "redis"
    if key not in STORES:
        raise RecipeError(
            f"the cache can live in Redis or in memory, not in {store!r}: "
            "say 'with Redis' or 'in memory'; nothing was written"
        )
    return STORES[key]


def _ttl(ttl: int | None) -> int:
    if ttl is None:
        return DEFAULT_TTL
    if ttl < 1:
        raise RecipeError(f"a cache TTL of {ttl} seconds keeps nothing: give 1 or more")
    return ttl


def _prefix(project: Project) -> str:
    """The default key prefix: the distribution's name, else the app's package, else app."""
    return app_slug(project)


def _create(project: Project, path: PurePosixPath, text: str) -> FileChange:
    current = project.read_text(path)
    # Ours, planned already or since edited: the project's to keep.
    return FileChange(path, current, text if current is None else current)


def _is_ours(source: str) -> bool:
    return all(marker in source for marker in MARKERS)


def _refuse_foreign_module(project: Project, path: PurePosixPath) -> None:
    current = project.read_text(path)
    if current is not None and not _is_ours(current):
        raise RecipeError(
            f"{path} exists and is not fastprod's cache module; rename it, then run again"
        )


def _own_cache(project: Project, ours: PurePosixPath) -> list[str]:
    """Where the project caches on its own (a library, a decorator), if anywhere."""
    found: list[str] = []
    for path in project.python_files:
        if path == ours or "tests" in path.parts:
            continue
        source = project.read_text(path) or ""
        if _is_ours(source):
            continue
        found += [f"{path}:{line} ({what})" for line, what in _cache_uses(source)]
    if not found:
        return []
    return [
        f"the project already caches: {', '.join(found)}; nothing was changed. "
        "Cache more reads with it rather than beside it"
    ]


def _cache_uses(source: str) -> list[tuple[int, str]]:
    """``(line, what)`` for each cache library import and own cache decorator."""
    uses: list[tuple[int, str]] = []
    tree = python_tree(source)
    caches_in_redis = _stores_with_expiry(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            names = []
        uses += [
            (node.lineno, name)
            for name in names
            if isinstance(node, ast.stmt)
            and (
                name.split(".")[0] in CACHE_LIBRARIES
                or (name.split(".")[0] in REDIS_CLIENTS and caches_in_redis)
            )
        ]
        if _is_cache_decorator(node):
            assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            uses.append((node.lineno, f"its own @{node.name} decorator"))
    return uses


def _stores_with_expiry(tree: ast.Module) -> bool:
    """Whether the module calls Redis the way a cache does.

    ``setex``/``getex``/``mget``/``mset``, or ``set(..., ex=...)``: a value kept
    for a time. A limiter's ``incr``/``expire``/``eval`` or a publisher's
    ``publish``/``subscribe`` is not a cache.
    """
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr in CACHE_CALLS:
            return True
        if node.func.attr == "set" and any(k.arg in EXPIRY_KEYWORDS for k in node.keywords):
            return True
    return False


def _is_cache_decorator(node: ast.AST) -> bool:
    """True for a function named like a cache decorator that defines an inner function."""
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    inner = any(isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) for s in node.body)
    return inner and node.name in OWN_DECORATORS


def _wiring(project: Project, app: AppLocation) -> Wiring:
    """Read the settings from the app's state, a settings function, or the environment."""
    settings = project.settings
    if settings is None:
        return Wiring("env")
    source = project.read_text(settings.path) or ""
    module = app.module_of(settings.path)
    prefix = settings_env_prefix(source, settings.class_name)
    built = project.read_text(app.edit_path) or ""
    if "app.state.settings = " in built:
        return Wiring("state", module, settings.class_name, "", prefix)
    getter = _settings_getter(source, settings.class_name)
    if getter is not None:
        return Wiring("getter", module, settings.class_name, getter, prefix)
    return Wiring("env")


def _settings_getter(source: str, class_name: str) -> str | None:
    """An ``lru_cache`` function of the module returning the settings class."""
    for node in python_tree(source).body:
        if not isinstance(node, ast.FunctionDef) or node.args.args:
            continue
        returns = node.returns
        cached = any(ast.unparse(d).endswith("lru_cache") for d in node.decorator_list)
        if cached and isinstance(returns, ast.Name) and returns.id == class_name:
            return node.name
    return None


def _wiring_context(wiring: Wiring) -> dict[str, Any]:
    return {
        "config": wiring.config,
        "settings_module": wiring.settings_module,
        "settings_class": wiring.settings_class,
        "settings_getter": wiring.settings_getter,
        "env_prefix": wiring.env_prefix,
    }


def _wire(project: Project, app: AppLocation, module: str) -> FileChange:
    path = app.edit_path
    source = project.read_text(path)
    if source is None:
        raise RecipeError(f"cannot read {path}")
    own = {module.split(".")[0], *first_party(project)}
    target, relative = import_form(source, app, module)
    text = (
        Edits(source, path=str(path))
        .ensure_lifespan_step(app, "cache_lifespan({app})")
        .ensure_import(target, "cache_lifespan", relative=relative, first_party=own)
        .text()
    )
    return FileChange(path, source, text)


def _settings(
    project: Project, wiring: Wiring, redis: bool, ttl: int, context: dict[str, Any]
) -> list[FileChange]:
    """The settings fields and ``.env.example`` lines the cache reads."""
    settings = project.settings
    prefix = wiring.env_prefix
    entries = _env_entries(prefix, redis, ttl, context["prefix"])
    if settings is None or wiring.config == "env":
        return [document_env(project, entries)]
    path = settings.path
    source = project.read_text(path) or ""
    fields = [
        Setting("cache_ttl_seconds", "int", str(ttl), {"ge": "1"}, group="Cache"),
        Setting(
            "cache_key_prefix", "str", repr(context["prefix"]).replace("'", '"'), group="Cache"
        ),
    ]
    if redis:
        fields.insert(0, Setting("redis_url", "str | None", "None", group="Redis"))
    text = source
    for field in fields:
        text = ensure_setting(text, settings.class_name, field, path=str(path))
    return [FileChange(path, source, text), document_env(project, entries, path.parent)]


def _env_entries(
    prefix: str, redis: bool, ttl: int, key_prefix: str
) -> list[tuple[str, str, str | None]]:
    entries: list[tuple[str, str, str | None]] = [
        (f"{prefix}CACHE_KEY_PREFIX", key_prefix, "cache keys: <prefix>:<app version>:<key>"),
        (f"{prefix}CACHE_TTL_SECONDS", str(ttl), "how long a cached read is kept"),
    ]
    if redis:
        # The same note as every recipe that reads REDIS_URL: the first one writes it.
        note = "redis://localhost:6379/0 is shared by all workers; empty: per process"
        entries.append((f"{prefix}REDIS_URL", "", note))
    return entries


def _manifest(project: Project, redis: bool) -> list[FileChange]:
    manifest = project.manifest
    if manifest is None or not redis:
        return []
    source = project.read_text(manifest.path) or ""
    text = ensure_dependency(
        source, manifest.kind, "redis", project.versions.python, path=str(manifest.path)
    )
    return [FileChange(manifest.path, source, text)]


def _summary(path: PurePosixPath, wiring: Wiring, redis: bool, ttl: int) -> str:
    prefix = wiring.env_prefix if wiring.config != "env" else ""
    store = (
        f"Redis when {prefix}REDIS_URL is set, else in process"
        if redis
        else "in process (each worker has its own)"
    )
    return (
        f"{path}: the cache ({store}), opened in the app's lifespan; "
        f"entries kept {ttl}s unless {prefix}CACHE_TTL_SECONDS says otherwise; "
        "a route takes it as `cache: CacheDep`"
    )


# ----------------------------------------------------------------- crud features


@dataclass(frozen=True, slots=True)
class Feature:
    """A CRUD feature fastprod generated: its router and names."""

    router: PurePosixPath
    resource: str
    plural: str
    model: str


def _crud_features(
    project: Project, module: str, target: str
) -> tuple[list[FileChange], list[str]]:
    """Read-by-id through the cache, update and delete invalidating, in each crud router."""
    changes: list[FileChange] = []
    messages: list[str] = []
    for feature in _features(project):
        if target and target not in (feature.plural, feature.resource):
            continue
        source = project.read_text(feature.router) or ""
        text, kept = _cached_router(source, feature, module, project)
        changes.append(FileChange(feature.router, source, text))
        if text != source:
            messages.append(
                f"{feature.router}: reading one {feature.resource} goes through the cache; "
                "updating or deleting it invalidates its entry"
            )
        messages += [f"{feature.router}: {name} was edited by hand; left as it is" for name in kept]
    return changes, messages


def _features(project: Project) -> list[Feature]:
    """fastprod's CRUD features: ``features/<plural>/router.py`` with its handlers."""
    found = []
    for path in project.python_files:
        if path.name != "router.py" or path.parent.parent.name != "features":
            continue
        source = project.read_text(path) or ""
        feature = _feature(path, source)
        if feature is not None:
            found.append(feature)
    return found


def _feature(path: PurePosixPath, source: str) -> Feature | None:
    plural = path.parent.name
    names = {
        node.name for node in python_tree(source).body if isinstance(node, ast.AsyncFunctionDef)
    }
    reads = [n.removeprefix("read_") for n in names if n.startswith("read_")]
    for resource in reads:
        wanted = {f"list_{plural}", f"update_{resource}", f"delete_{resource}"}
        model = "".join(part.capitalize() for part in resource.split("_"))
        if wanted <= names and f"{model}ServiceDep" in source:
            return Feature(path, resource, plural, model)
    return None


def _cached_router(
    source: str, feature: Feature, module: str, project: Project
) -> tuple[str, list[str]]:
    """The router with the cache in its read, update and delete handlers."""
    tree = cst.parse_module(source)
    transformer = _CacheHandlers(feature)
    new = tree.visit(transformer)
    if not transformer.changed:
        return source, transformer.kept
    own = first_party(project)
    text = Edits(new.code, path=str(feature.router)).ensure_import(
        module, "CacheDep", first_party=own
    )
    return text.text(), transformer.kept


class _CacheHandlers(cst.CSTTransformer):
    """Adds ``cache: CacheDep`` and its use to crud's read, update and delete handlers."""

    def __init__(self, feature: Feature) -> None:
        super().__init__()
        self.feature = feature
        self.changed = False
        self.kept: list[str] = []

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        f = self.feature
        name = updated.name.value
        if name not in (f"read_{f.resource}", f"update_{f.resource}", f"delete_{f.resource}"):
            return updated
        if any(p.name.value == "cache" for p in updated.params.params):
            return updated
        body = _handler_body(updated, f)
        if body is None:
            self.kept.append(name)
            return updated
        self.changed = True
        params = [*updated.params.params]
        # The new parameter takes the last one's comma (the line break before the
        # closing parenthesis); the last one takes the comma of the one before it.
        param = cst.Param(
            cst.Name("cache"), cst.Annotation(cst.Name("CacheDep")), comma=params[-1].comma
        )
        between = params[-2].comma if len(params) > 1 else params[-1].comma
        params[-1] = params[-1].with_changes(comma=between)
        params.append(param)
        block = updated.body
        assert isinstance(block, cst.IndentedBlock)
        return updated.with_changes(
            params=updated.params.with_changes(params=params),
            body=block.with_changes(body=body),
        )


def _handler_body(function: cst.FunctionDef, f: Feature) -> list[cst.BaseStatement] | None:
    """The handler's new body, or ``None`` when it is not crud's as generated."""
    block = function.body
    if not isinstance(block, cst.IndentedBlock):
        return None
    statements = list(block.body)
    head, rest = statements[:1], statements[1:]
    code = [cst.Module([]).code_for_node(s).strip() for s in rest]
    ident = f"{f.resource}_id"
    key = f'f"{f.plural}:{{{ident}}}"'
    invalidate = cst.parse_statement(f"await cache.invalidate({key})\n")
    name = function.name.value
    if name.startswith("read_"):
        generated = [
            f"{f.resource} = await service.get({ident})",
            f"return {f.model}Response.model_validate({f.resource})",
        ]
        if code != generated:
            return None
        load = cst.parse_statement(f"async def load() -> {f.model}Response:\n    pass\n")
        assert isinstance(load, cst.FunctionDef)
        inner = load.body.with_changes(body=[s.with_changes(leading_lines=()) for s in rest])
        load = load.with_changes(leading_lines=[cst.EmptyLine(indent=False)], body=inner)
        answer = cst.parse_statement(
            f"return await cache.get_or_set(\n    {key},\n    {f.model}Response,\n    load,\n)\n"
        ).with_changes(leading_lines=[cst.EmptyLine(indent=False)])
        return [*head, load, answer]
    if name.startswith("update_"):
        if code[:1] != [f"{f.resource} = await service.update({ident}, data)"]:
            return None
        return [*head, rest[0], invalidate, *rest[1:]]
    if code != [f"await service.delete({ident})"]:
        return None
    return [*head, *rest, invalidate]


# ------------------------------------------------------------ other endpoints


def _endpoints(project: Project, target: str, edited: set[PurePosixPath]) -> list[str]:
    """The GET endpoints that could read through the cache, each with its change.

    A key holds every input that changes the answer: the full path (router and
    include prefixes too), its parameters and the query's. An endpoint whose
    answer depends on the caller (a current user, a credential, a header, a
    cookie, the request itself) is named with the reason it is not listed: a
    key without the caller in it would hand one caller's answer to the next.
    """
    routes = [
        route
        for route in project.readings.routes
        if route.method == "GET"
        and route.path not in PROBES
        and route.path.rstrip("/").rpartition("/")[2].replace("-", "_") not in PROBE_NAMES
        and route.handler.path not in edited
        and (not target or target in route.path.replace("-", "_"))
    ]
    if target and not routes and not edited:
        return [
            f"no feature or GET endpoint named {target}: the cache is ready, "
            "but nothing reads through it yet"
        ]
    messages = []
    for route in routes:
        where = (
            f"{route.handler.path}:{route.handler.line} GET {route.path or '/'} "
            f"({route.handler.qualified.rsplit('.', 1)[-1]})"
        )
        handler = _handler(project, route)
        caller = _caller(route, handler)
        if caller:
            messages.append(
                f"{where} is not listed for the cache: its answer depends on the caller "
                f"({caller}), and a key without the caller in it would serve one caller's "
                "answer to the next"
            )
            continue
        messages.append(
            f"{where} could read through the cache: "
            f"{_first_step(handler)}"
            f"add `cache: CacheDep` and return `await cache.get_or_set({_key(route)}, "
            f"<its response model>, load)`, where load() computes the answer"
            f"{_indirect_query(route, handler)}"
        )
    return messages


# Dependencies named for the caller: ``get_current_user``, ``CurrentUser``, ``require_auth``.
CALLER_WORDS = ("current", "user", "auth", "token", "login", "principal", "account", "identity")
# What authenticates the caller, among the kinds the routes' dependencies are read as.
CALLER_KINDS = frozenset({"jwt", "scheme", "rbac", "apikey", "header", "basic", "manual"})
# Handler parameters that hand it the request as a whole.
REQUEST_TYPES = frozenset({"Request", "HTTPConnection", "WebSocket"})


def _handler(project: Project, route: RouteReading) -> Handler | None:
    """The route's handler function, by the line it (or its first decorator) is on."""
    line = route.handler.line
    for node in ast.walk(python_tree(project.read_text(route.handler.path) or "")):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and line in (
            node.lineno,
            _decorated_at(node),
        ):
            return node
    return None


def _caller(route: RouteReading, handler: Handler | None) -> str:
    """What makes the route's answer depend on who calls it, or empty when nothing does."""
    for dependency in route.dependencies:
        name = dependency.rsplit(".", 1)[-1]
        if any(word in name.lower() for word in CALLER_WORDS):
            return f"it depends on {name}"
    kinds = sorted(set(route.auth) & CALLER_KINDS)
    if kinds:
        return f"its dependencies authenticate the caller: {', '.join(kinds)}"
    read = sorted({p.source for p in route.params} & {"header", "cookie"})
    if read:
        return f"it reads a {' and a '.join(read)}"
    if handler is not None:
        for arg in handler.args.args + handler.args.kwonlyargs:
            written = ast.unparse(arg.annotation) if arg.annotation is not None else ""
            if arg.arg == "request" or any(t in written for t in REQUEST_TYPES):
                return f"it takes the request itself ({arg.arg})"
    if "me" in route.path.strip("/").split("/"):
        return "its path names the caller (/me)"
    return ""


def _first_step(handler: Handler | None) -> str:
    """``make it async def, `` for a plain ``def`` handler: the cache is awaited."""
    if isinstance(handler, ast.FunctionDef):
        return "make it `async def`, its blocking calls under `await run_in_threadpool()`; "
    return ""


def _decorated_at(node: Handler) -> int:
    return node.decorator_list[0].lineno if node.decorator_list else node.lineno


def _key(route: RouteReading) -> str:
    """The route's cache key: its full path's segments, then its query parameters, each
    parameter an f-string field (``f"api:posts:{slug}"``, ``f"api:posts:tag={tag}"``)."""
    parts = [
        re.sub(r"\{(\w+)(:[^}]*)?\}", r"{\1}", part)
        for part in route.path.strip("/").split("/")
        if part
    ] or ["root"]
    parts += [f"{name}={{{name}}}" for name in _query_names(route)]
    key = ":".join(parts)
    return f'f"{key}"' if "{" in key else f'"{key}"'


def _query_names(route: RouteReading) -> list[str]:
    return list(dict.fromkeys(p.field.name for p in route.params if p.source == "query"))


def _indirect_query(route: RouteReading, handler: Handler | None) -> str:
    """Where the query is read through a dependency: its values are not the handler's names."""
    own = {a.arg for a in handler.args.args + handler.args.kwonlyargs} if handler else set()
    indirect = [name for name in _query_names(route) if name not in own]
    if not indirect:
        return ""
    return (
        f"; {', '.join(indirect)} come through a dependency: "
        "put the values it reads in the key in their place"
    )


def _tests(project: Project, home: TestsHome, context: dict[str, Any]) -> list[FileChange]:
    path = home.folder / "test_cache.py"
    test = _create(project, path, render(TEMPLATES, "tests/test_cache.py.jinja", context))
    return [*home.started, test]


RECIPE = Recipe(
    name="caching",
    summary="Response caching (Redis or in-process)",
    examples=("add caching to my API", "add Redis caching"),
    params=Params,
    plan=plan,
    uses_context=True,
)
