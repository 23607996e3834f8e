"""Project-level readings shared by the health check, the quality score and the security review.

Each reading is computed once from the index and the config facts, and keeps
the locations that will become evidence.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

from fastprod.project._model._facts import (
    ClassDef,
    DepRef,
    Function,
    Location,
    ModuleFacts,
    Role,
    SqlUse,
)
from fastprod.project._model._index import ProjectIndex, RouteView, scheme_kind
from fastprod.project._model._inputs import UNTYPED as _UNTYPED
from fastprod.project._model._inputs import annotation_name as _name
from fastprod.project._model._inputs import is_untyped_annotation
from fastprod.project._model._tracing import TRACING_KEYWORDS, TRACING_LIBRARIES
from fastprod.project._model._visitor import (
    MEMBER_OF,
    POOL_KEYS,
    VALIDATORS,
    dotted,
)
from fastprod.scorecards._config import ConfigFacts, Dockerfile

_PROBES = frozenset(
    {"health", "healthz", "healthcheck", "health-check", "ready", "readyz", "live", "livez", "ping"}
)
_SIGNATURE = re.compile(
    r"signature|compare_digest|construct_event|is_valid_request|verify_(webhook|request|hmac)", re.I
)
# On a webhook's route, any verification or digest is taken as the sender's check.
_WEBHOOK_SIGNATURE = re.compile(r"verify|hexdigest|hmac", re.I)
_DICTS = frozenset({"dict", "Dict", "Mapping", "MutableMapping"})
_OPAQUE_RESPONSES = frozenset({"JSONResponse", "Response", "ORJSONResponse", "UJSONResponse"})
_NON_JSON = frozenset(
    {"HTMLResponse", "PlainTextResponse", "RedirectResponse", "FileResponse"}
    | {"StreamingResponse", "EventSourceResponse"}
)
_AUTH_KINDS = frozenset({"jwt", "scheme", "apikey", "basic", "header"})
_AUTH_LIBRARIES = (
    "fastapi_users",
    "authx",
    "fastapi_jwt_auth",
    "async_fastapi_jwt_auth",
    "fastapi_login",
    "fastapi_auth0",
    "fastapi_azure_auth",
    "fastapi_cloudauth",
    "supertokens_python",
    "firebase_admin.auth",
    "starlette.middleware.authentication",
)
_ASYNC_ORMS = (
    "sqlalchemy.ext.asyncio",
    "sqlmodel.ext.asyncio",
    "tortoise",
    "beanie",
    "odmantic",
    "piccolo",
    "ormar",
    "databases",
    "prisma",
    "gino",
    "edgedb",
)
_SYNC_ORMS = (
    "sqlalchemy.orm",
    "sqlalchemy.create_engine",
    "sqlmodel.Session",
    "sqlmodel.create_engine",
    "peewee",
    "pony",
    "mongoengine",
    "django.db",
)
_RAW_DRIVERS = (
    "sqlite3",
    "psycopg2",
    "psycopg",
    "pymysql",
    "mysql.connector",
    "asyncpg",
    "aiosqlite",
    "aiomysql",
    "motor",
    "pymongo",
)
_ASYNC_DRIVERS = ("asyncpg", "aiosqlite", "aiomysql", "motor", "psycopg.AsyncConnection")
# Hosted databases reached through a query builder over HTTP: neither an ORM nor raw SQL.
_QUERY_CLIENTS = ("supabase", "postgrest")
_REPOSITORY_NAMES = frozenset({"repository", "repositories", "repo", "repos", "crud", "dal", "dao"})
_REPOSITORY_SUFFIXES = ("Repository", "Repo", "DAO", "Dao")
_TRACING = TRACING_LIBRARIES
_METRICS = (
    "prometheus_client",
    "prometheus_fastapi_instrumentator",
    "starlette_exporter",
    "starlette_prometheus",
    "aioprometheus",
    "opentelemetry.metrics",
    "opentelemetry.sdk.metrics",
    "statsd",
    "datadog",
)
_MONITORING = ("sentry_sdk", "rollbar", "bugsnag", "honeybadger", "airbrake", *_TRACING)
_CACHING = (
    "fastapi_cache",
    "aiocache",
    "cashews",
    "cachetools",
    "async_lru",
    "redis",
    "aioredis",
    "fastapi_redis_cache",
    "pymemcache",
    "aiomcache",
)
_PROFILING = (
    "pyinstrument",
    "yappi",
    "cProfile",
    "line_profiler",
    "scalene",
    "locust",
    "pytest_benchmark",
)
_CODE_ATTRS = frozenset(
    {"code", "error_code", "err_code", "errcode", "app_code", "error_type", "type"}
)
_STATUS_ATTRS = frozenset(
    {"status_code", "status", "http_status", "http_status_code", "status_http"}
)
_MESSAGE_ATTRS = frozenset({"message", "msg", "detail", "error_message", "user_message"})
_HTTP_EXCEPTIONS = frozenset({"HTTPException", "StarletteHTTPException"})
_GLOBAL_EXCEPTIONS = frozenset({"Exception", "BaseException"})
# Handlers a library asks for (slowapi's 429): they leave the app's errors as they were.
_LIBRARY_ERRORS = frozenset({"RateLimitExceeded", "RateLimitExceededError"})
# Handlers that reshape FastAPI's own 422: error handling, unless the app's own errors
# are bare HTTPException strings all the same.
_VALIDATION_ERRORS = frozenset(
    {"RequestValidationError", "ResponseValidationError", "WebSocketRequestValidationError"}
    | {"ValidationError"}
)
# Any of them anywhere in a lower-case path, in one search.
_HEALTH_WORDS = re.compile("health|ready|live|ping|status")
_FEATURE_CONTAINERS = frozenset(
    {"router", "routes", "routers", "api", "endpoints", "views", "v1", "v2"}
)
_NOT_FEATURES = frozenset({"main", "app", "src", "server", "application", "health", "token"})


@dataclass(frozen=True, slots=True)
class Hierarchy:
    """A project exception class that carries a code and an HTTP status.

    Or, with ``status_by_handler``, a base whose subclasses carry a code or a message
    (or none) while the handlers registered for them give each its HTTP status.
    """

    name: str
    loc: Location
    subclasses: int
    handled: Location | None
    http_exception: bool
    handler_for: str = ""
    status_by_handler: bool = False


@dataclass(slots=True)
class Routes:
    """Typing and documentation of the application's routes."""

    views: list[RouteView]
    typed: list[RouteView] = field(default_factory=list)
    untyped: list[RouteView] = field(default_factory=list)
    untyped_inputs: list[tuple[RouteView, str, Location]] = field(default_factory=list)
    # Text parameters the handler parses itself (``UUID(item_id)``): typed, not validated.
    hand_parsed: list[tuple[RouteView, str, Location]] = field(default_factory=list)
    documented: list[RouteView] = field(default_factory=list)
    with_input: list[RouteView] = field(default_factory=list)
    model_input: list[RouteView] = field(default_factory=list)

    @property
    def counted(self) -> int:
        """Routes that return JSON (the denominator for typing)."""
        return len(self.typed) + len(self.untyped)

    @property
    def typed_share(self) -> float:
        """The share of JSON routes with a declared response type."""
        return len(self.typed) / self.counted if self.counted else 0.0

    @property
    def first_gap(self) -> Location | None:
        """The first input taken without a schema, else the first response without one.

        Inputs come first, as in the summaries: unvalidated input is the larger gap.
        """
        inputs = [loc for _, _, loc in self.untyped_inputs]
        found = inputs or [v.route.loc for v in self.untyped]
        return min(found) if found else None

    @property
    def documented_share(self) -> float:
        """The share of routes with a docstring, summary or description."""
        return len(self.documented) / len(self.views) if self.views else 0.0

    def of(self, top: str) -> Routes:
        """The routes under one app or router (``module:name``), sorted the same way."""
        mine = {id(v) for v in self.views if v.top == top}

        def kept(views: list[RouteView]) -> list[RouteView]:
            return [v for v in views if id(v) in mine]

        return Routes(
            kept(self.views),
            kept(self.typed),
            kept(self.untyped),
            [i for i in self.untyped_inputs if id(i[0]) in mine],
            [i for i in self.hand_parsed if id(i[0]) in mine],
            kept(self.documented),
            kept(self.with_input),
            kept(self.model_input),
        )


class Derived:
    """Readings of the whole project, each computed on first use."""

    def __init__(
        self,
        index: ProjectIndex,
        config: ConfigFacts,
        fallback: Location | None = None,
        manifest: Location | None = None,
    ) -> None:
        """Read ``index`` (Python facts) and ``config`` (everything else).

        Args:
            index: The Python facts, indexed.
            config: Facts from Dockerfiles, CI and tool configs.
            fallback: Where findings about missing things point when there is no app.
            manifest: The line of the manifest that lists the dependencies, if any.
        """
        self.index = index
        self.config = config
        self._fallback = fallback
        self._manifest = manifest
        self._kinds: dict[DepRef, frozenset[str]] = {}
        self._kinds_of: dict[int, tuple[DepRef, frozenset[str]]] = {}
        self._route_kinds: dict[frozenset[str], frozenset[str]] = {}

    # ----------------------------------------------------------------- anchors

    @cached_property
    def anchor(self) -> Location | None:
        """Where a finding about something missing points: the app, else a manifest."""
        apps = self.index.apps()
        if apps:
            return min(app.loc for _, app in apps)
        if self._fallback is not None:
            return self._fallback
        modules = self.index.app_modules or self.index.modules
        return Location(modules[0].path) if modules else None

    @property
    def manifest(self) -> Location | None:
        """Where the project lists its dependencies and defines how it is built, else the anchor."""
        return self._manifest or self.anchor

    # ------------------------------------------------------------------ routes

    @cached_property
    def routes(self) -> Routes:
        """Every route, sorted into typed and untyped, documented or not."""
        models = self.index.model_names()
        # In location order; the fields' tuple sorts as the locations do, without
        # a comparison method called per pair.
        views = self.index.route_views()
        result = Routes(sorted(views, key=_view_key))
        index, aliases = self.index, self.index.aliases
        for view in result.views:
            verdict = _response_typing(view, models)
            if verdict == "typed":
                result.typed.append(view)
            elif verdict == "untyped":
                result.untyped.append(view)
            result.untyped_inputs += _untyped_inputs(view, index, models)
            result.hand_parsed += [
                (view, f"parameter '{name}' is text parsed by hand ({converter})", loc)
                for loc, name, converter in view.route.func.hand_converted
            ]
            if _takes_input(view, aliases):
                result.with_input.append(view)
            if _takes_model(view, models):
                result.model_input.append(view)
            if _documented(view):
                result.documented.append(view)
        return result

    def kinds(self, ref: DepRef) -> frozenset[str]:
        """What a dependency does (memoised)."""
        # The module's pass shares one object among equal references: asked by
        # identity first, the answer costs no hashing of the reference's fields.
        seen = self._kinds_of.get(id(ref))
        if seen is not None and seen[0] is ref:
            return seen[1]
        found = self._kinds.get(ref)
        if found is None:
            found = self._kinds[ref] = self.index.dep_kinds(ref)
        self._kinds_of[id(ref)] = (ref, found)
        return found

    def route_kinds(self, view: RouteView) -> frozenset[str]:
        """Everything the dependencies of a route do, together."""
        kinds: set[str] = set()
        known = self._kinds_of
        for ref in view.deps:
            # ``kinds``' identity lookup, without the call: every route asks for each of its refs.
            seen = known.get(id(ref))
            kinds |= seen[1] if seen is not None and seen[0] is ref else self.kinds(ref)
        # Routes mostly do the same: one object per distinct answer, kept with the views.
        found = frozenset(kinds)
        return self._route_kinds.setdefault(found, found)

    # -------------------------------------------------------------------- auth

    @cached_property
    def schemes(self) -> list[tuple[str, str, Location]]:
        """``fastapi.security`` schemes the app creates: name, kind, location."""
        found = []
        for name, (callee, loc) in sorted(self.index.instances.items(), key=lambda i: i[1][1]):
            kind = scheme_kind(callee)
            if kind is not None:
                found.append((name, kind, loc))
        return found

    @cached_property
    def jwt_calls(self) -> list[tuple[ModuleFacts, Location, str]]:
        """JWT encode/decode calls in application code."""
        return sorted(
            ((m, call.loc, call.op) for m, call in self.index.app_items("jwt")), key=lambda c: c[1]
        )

    @cached_property
    def manual_auth(self) -> list[Location]:
        """Where application code reads the ``Authorization`` header by hand, outside DI.

        Parsing it in a route or a helper that routes call directly, with no
        dependency, is the playbook's "manual token parsing". Inside a dependency
        (or what one returns or calls) or a Starlette authentication backend, the
        framework hands the token over: that is injection, however the header is
        cut. With a backend that verifies a JWT in front of every route, a helper
        that reads the header again reads a token already verified.
        """
        if self.jwt_backend is not None:
            return []
        injected = self.injected
        by_hand = [
            f
            for _, f in self.index.app_items("functions")
            if f.manual_auth and f.name not in injected and f.owner not in injected
        ]
        if not by_hand:
            return []
        # A route that depends on a JWT check and reads the header again (a logout
        # blacklisting the token it was given) reads a token already verified.
        reading = {id(f) for f in by_hand}
        verified = {
            id(view.route.func)
            for view in self.routes.views
            if id(view.route.func) in reading and "jwt" in self.route_kinds(view)
        }
        return sorted(loc for f in by_hand if id(f) not in verified for loc in f.manual_auth)

    @cached_property
    def injected(self) -> frozenset[str]:
        """Functions and classes that run as a dependency or an authentication backend.

        The dependencies declared anywhere, Starlette ``AuthenticationBackend``
        subclasses, and, transitively, what these return (a dependency factory's
        checker) and call.
        """
        roots = self.dependency_targets | self.auth_backends | self.index.provider_names
        return _reached(self._callables, roots)

    @cached_property
    def _callables(self) -> dict[str, list[Function]]:
        """The app's functions by name, and its methods by their class's name as well."""
        by_name: dict[str, list[Function]] = {}
        for _, f in self.index.app_items("functions"):
            by_name.setdefault(f.name, []).append(f)
            if f.owner is not None:
                by_name.setdefault(f.owner, []).append(f)
        return by_name

    @cached_property
    def auth_backends(self) -> frozenset[str]:
        """The app's Starlette ``AuthenticationBackend`` subclasses."""
        return frozenset(
            cls.name
            for cls in self.index.all_classes()
            if "AuthenticationBackend" in self.index.ancestors(cls)
        )

    @cached_property
    def jwt_backend(self) -> Location | None:
        """An authentication backend that verifies a JWT (itself or through what it calls)."""
        if not self.auth_backends:
            return None
        by_name = self._callables
        reached = _reached(by_name, self.auth_backends)
        if not any(f.jwt_decode for name in reached for f in by_name.get(name, [])):
            return None
        return min(c.loc for c in self.index.all_classes() if c.name in self.auth_backends)

    @cached_property
    def dependency_targets(self) -> frozenset[str]:
        """Every name used as a dependency by a route, a router, an app or a dependency."""
        targets = {ref.target for view in self.routes.views for ref in view.deps}
        targets |= {ref.target for _, f in self.index.app_items("functions") for ref in f.depends}
        targets |= {ref.target for deps in self.index.aliases.values() for ref in deps}
        targets |= {name for m in self.index.app_modules for name in m.context_getters}
        return frozenset(targets)

    @cached_property
    def auth_library(self) -> Location | None:
        """An authentication library in use (fastapi-users, authx, ...)."""
        return self.index.first_import(*_AUTH_LIBRARIES)

    @cached_property
    def protected(self) -> list[tuple[RouteView, frozenset[str]]]:
        """Routes behind an authentication dependency, with what their dependencies do."""
        found = []
        for view in self.routes.views:
            kinds = self.route_kinds(view)
            if kinds & _AUTH_KINDS or ("jwt" in kinds):
                found.append((view, kinds))
        return found

    @cached_property
    def auth_present(self) -> bool:
        """True when the project authenticates anyone at all."""
        return bool(
            self.schemes
            or self.jwt_calls
            or self.manual_auth
            or self.auth_library
            or self.protected
            or self.header_auth
        )

    @cached_property
    def header_auth(self) -> list[Function]:
        """Dependencies that read a token or key from a header they declare."""
        if not self.index.reads_auth_headers:
            return []
        return [
            f
            for _, f in self.index.app_items("functions")
            if "header" in self.index.dep_kinds(DepRef(f.name))
        ]

    @cached_property
    def jwt_protected(self) -> list[RouteView]:
        """Routes whose dependencies verify a JWT, or take a bearer token that is verified.

        The playbook's healthy auth is "JWT + dependency injection". A bearer scheme
        (OAuth2, HTTP bearer, OpenID Connect) carries a JWT; a dependency that hands
        it to a provider's SDK to verify (Firebase's ``verify_id_token``, an Auth0
        ``VerifyToken(...).verify()``) verifies a JWT by injection as much as one
        that calls ``jwt.decode`` itself. A bearer token compared with a fixed
        string is an API key under another name, and is not this. A session
        cookie (``APIKeyCookie``) in an app that decodes JWTs carries one.
        """
        decodes = any(op == "decode" for _, _, op in self.jwt_calls)
        return [
            view
            for view, kinds in self.protected
            if "jwt" in kinds
            or ("scheme" in kinds and (decodes or "verify" in kinds))
            or ("cookie" in kinds and decodes)
        ]

    @cached_property
    def rbac(self) -> Location | None:
        """A role, scope or permission check inside a dependency that refuses access."""
        checks = [f.loc for _, f in self.index.app_items("functions") if f.role_check and f.raises]
        # A route listed once per scoped dependency: only the first location counts.
        scoped = [v.route.loc for v in self.routes.views for d in v.deps if d.scoped]
        found = checks + scoped
        return min(found) if found else None

    # ------------------------------------------------------------------ errors

    @cached_property
    def exceptions(self) -> list[tuple[ModuleFacts, str, Location]]:
        """Exception classes the application defines, in modules the app reaches."""
        reached = self.reached_modules
        return [
            (m, cls.name, cls.loc)
            for m, cls in self.index.app_items("classes")
            if (reached is None or m.module in reached) and self.index.is_exception(cls)
        ]

    @cached_property
    def hierarchy(self) -> Hierarchy | None:
        """The root of a structured error hierarchy (code + status), if there is one."""
        reached = self.reached_modules
        carriers = [
            cls
            for _, cls in self.index.app_items("classes")
            if (reached is None or cls.module in reached)
            and self.index.is_exception(cls)
            and self._carries(cls, _CODE_ATTRS)
            and self._carries(cls, _STATUS_ATTRS)
        ]
        if not carriers:
            return self._mapped_hierarchy()
        names = {c.name for c in carriers}
        roots = [c for c in carriers if not {b.rpartition(".")[2] for b in c.bases} & names]
        root = self._base_exception(min(roots or carriers, key=lambda c: c.loc))
        family = {root.name} | {c.name for c in carriers}
        subclasses = sum(
            1 for _, c in self.index.app_items("classes") if root.name in self.index.ancestors(c)
        )
        handled, handler_for = self._handled(family | self._descendants(root.name))
        http = bool(self.index.ancestors(root) & _HTTP_EXCEPTIONS)
        return Hierarchy(root.name, root.loc, subclasses, handled, http, handler_for)

    def _mapped_hierarchy(self) -> Hierarchy | None:
        """A base with subclasses whose HTTP status the exception handlers give.

        ``DomainError`` with ``NotFound`` and ``Conflict`` under it, each registered
        with a handler of its own (404, 409); or a base carrying a ``code`` or a
        ``message`` that each subclass sets, answered by one handler that maps the type
        to a status. The playbook's "structured error hierarchy" is the family of
        types and what answers for them; where the status is written is a detail.
        A lone class, or a family no handler of its own answers, is not one.
        """
        reached = self.reached_modules
        families: dict[str, tuple[ClassDef, set[str]]] = {}
        for _, cls in self.index.app_items("classes"):
            if (reached is None or cls.module in reached) and self.index.is_exception(cls):
                root = self._base_exception(cls)
                families.setdefault(root.name, (root, set()))[1].add(cls.name)
        for root, members in sorted(families.values(), key=lambda f: f[0].loc):
            if len(members) < 3:
                continue
            handled = self._own_handlers(members)
            carries = any(
                self._carries(cls, _CODE_ATTRS | _MESSAGE_ATTRS)
                for name in members
                for cls in self.index.classes.get(name, [])
            )
            if handled and (carries or len(handled) >= 2):
                loc, handler_for = min(handled)
                http = bool(self.index.ancestors(root) & _HTTP_EXCEPTIONS)
                count = len(members) - 1
                return Hierarchy(root.name, root.loc, count, loc, http, handler_for, True)
        return None

    def _own_handlers(self, names: set[str]) -> list[tuple[Location, str]]:
        """Handlers registered for one of ``names`` (not a catch-all ``Exception``)."""
        return [
            (loc, handled.rpartition(".")[2])
            for module in self.index.app_modules
            for handled, loc in module.handlers.items()
            if handled.rpartition(".")[2] in names
        ]

    @cached_property
    def error_shaping(self) -> Location | None:
        """Something of the app's own that shapes its errors, short of a hierarchy.

        A handler for one of its exceptions, for ``HTTPException`` or for every
        ``Exception``; an ``HTTPException`` subclass; a family of exceptions under a
        base of its own. Exceptions used inside a service and never answered for, and
        handlers a library asks for (slowapi's ``RateLimitExceeded``), leave the app's
        errors bare ``HTTPException`` strings: the playbook's unhealthy. So does a
        handler that reshapes FastAPI's validation errors in an app that answers its
        own errors with bare ``HTTPException`` (one raised for every four routes or more).
        """
        own = {name for _, name, _ in self.exceptions}
        bare = len(self.http_exceptions) * 4 >= len(self.routes.views) > 0
        skipped = _LIBRARY_ERRORS | (_VALIDATION_ERRORS if bare else frozenset())
        found = [
            loc
            for name, loc in self.handlers
            if (short := name.rpartition(".")[2]) in own
            or (short not in skipped and short[:1].isupper())
        ]
        for _, name, loc in self.exceptions:
            for cls in self.index.classes.get(name, []):
                ancestors = self.index.ancestors(cls)
                if ancestors & _HTTP_EXCEPTIONS or ancestors & (own - {name}):
                    found.append(loc)
        # HTTPException details that are mostly an error schema's fields, not strings.
        structured, strings = self.http_details
        if structured and len(structured) >= len(strings):
            found.append(structured[0])
        return min(found) if found else None

    @cached_property
    def http_details(self) -> tuple[list[Location], list[Location]]:
        """The ``HTTPException``s raised with a structured detail, and with a string one."""
        modules = self.index.app_modules
        structured = sorted(loc for m in modules for loc in m.structured_details)
        return structured, sorted(loc for m in modules for loc in m.string_details)

    @cached_property
    def reached_modules(self) -> frozenset[str] | None:
        """Modules the app and its routes reach through imports; ``None`` without an app.

        A tutorial or exercise module beside the app, which nothing imports, is
        not part of what the app does.
        """
        start = [m for m in self.index.app_modules if m.apps or m.routes]
        if not start:
            return None
        seen = {m.module for m in start}
        stack = list(start)
        while stack:
            for qualified in stack.pop().imports.values():
                target = self._imported_module(qualified)
                if target is not None and target.module not in seen:
                    seen.add(target.module)
                    stack.append(target)
        return frozenset(seen)

    def _imported_module(self, qualified: str) -> ModuleFacts | None:
        """The module an import names (``pkg.errors`` or ``pkg.errors.AppError``)."""
        parent = qualified.rpartition(".")[0]
        found = self.index.named(qualified) or self.index.named(parent)
        if found is not None or qualified.partition(".")[0] not in self._directories:
            return found
        # A namespace package: the name starts above the import root; matched on paths.
        return self.index.module(qualified) or self.index.module(parent)

    @cached_property
    def _directories(self) -> frozenset[str]:
        """Every directory name on the path of a module: where a project import can start."""
        return frozenset(part for m in self.index.modules for part in m.path.split("/")[:-1])

    def _base_exception(self, cls: ClassDef) -> ClassDef:
        """The application's own exception that ``cls`` descends from, at the top.

        A base may carry the message and leave code and status to each subclass:
        the hierarchy is still rooted there, and a handler for it answers for all.
        """
        seen = {id(cls)}
        while True:
            parents = [
                parent
                for base in cls.bases
                for parent in self.index.classes.get(base.rpartition(".")[2], [])
                if id(parent) not in seen
                and parent.name not in _HTTP_EXCEPTIONS
                and self.index.is_exception(parent)
                and self._in_app(parent)
            ]
            if not parents:
                return cls
            cls = parents[0]
            seen.add(id(cls))

    def _in_app(self, cls: ClassDef) -> bool:
        module = self.index.module(cls.module)
        return module is not None and module.role is Role.APP

    def _carries(self, cls: ClassDef, names: frozenset[str]) -> bool:
        own = set(cls.fields) | cls.attrs
        if own & names:
            return True
        if names is _STATUS_ATTRS and self.index.ancestors(cls) & _HTTP_EXCEPTIONS:
            return True
        if names is _STATUS_ATTRS and any(_http_status(f.value) for f in cls.fields.values()):
            # ``code = 400`` beside ``error_code = "..."``: the number is the status.
            return True
        return any(
            self._carries(parent, names)
            for base in cls.bases
            for parent in self.index.classes.get(base.rpartition(".")[2], [])
            if parent is not cls
        )

    def _descendants(self, name: str) -> set[str]:
        return {
            c.name for _, c in self.index.app_items("classes") if name in self.index.ancestors(c)
        }

    def _handled(self, names: set[str]) -> tuple[Location | None, str]:
        """Where a handler answers for one of ``names``, and the exception it is registered for.

        A handler for ``Exception`` answers for every error, the hierarchy's too.
        """
        names = names | _GLOBAL_EXCEPTIONS
        found = [
            (loc, handled.rpartition(".")[2])
            for module in self.index.app_modules
            for handled, loc in module.handlers.items()
            if handled.rpartition(".")[2] in names
        ]
        return min(found) if found else (None, "")

    @cached_property
    def handlers(self) -> list[tuple[str, Location]]:
        """Every exception handler the app registers."""
        return sorted(
            ((name, loc) for m in self.index.app_modules for name, loc in m.handlers.items()),
            key=lambda h: h[1],
        )

    @cached_property
    def http_exceptions(self) -> list[Location]:
        """``raise HTTPException(...)`` in application code."""
        return sorted(loc for m in self.index.app_modules for loc in m.http_exceptions)

    @cached_property
    def monitoring(self) -> Location | None:
        """An error-monitoring or tracing service initialised by the app."""
        return self.index.first_call(*_MONITORING)

    # ----------------------------------------------------------------- testing

    @cached_property
    def tests(self) -> list[tuple[str, bool, Location]]:
        """Test functions: name, async or not, location."""
        return sorted(
            (t for m in self.index.modules if m.role is Role.TEST for t in m.tests),
            key=lambda t: t[2],
        )

    @cached_property
    def async_tests(self) -> list[Location]:
        """Async test functions (``async def test_...``)."""
        return [loc for _, is_async, loc in self.tests if is_async]

    @cached_property
    def tested_views(self) -> list[RouteView]:
        """The routes some test requests: a path a test module sends a request to.

        A path a test fills in (``f"/items/{item_id}"``) matches the route's
        parameter; one that starts with a value (``f"{settings.API_V1}/users/"``)
        matches the routes whose path ends with the rest.
        """
        tests = [m for m in self.index.modules if m.role is Role.TEST]
        # ``USERS_ENDPOINT: Final[str] = "/api/v1/users/"`` in a test module: a path
        # the tests name, in any of them.
        paths = {
            name: value.value
            for m in tests
            for name, value in m.constants.items()
            if isinstance(value, ast.Constant)
            and isinstance(value.value, str)
            and value.value.startswith("/")
        }
        requested = {
            (method, *_request_parts(form))
            for m in tests
            for method, _, path in (request.partition(" ") for request in m.requested)
            for form in {path, _filled(path, paths)}
        }
        return [
            view
            for view in self.routes.views
            if any(
                method == view.route.method.upper() and _reaches(parts, suffix, view.path)
                for method, parts, suffix in requested
            )
        ]

    @cached_property
    def test_client(self) -> Location | None:
        """Where a test module imports Starlette's ``TestClient``: sync tests that call the app."""
        tests = frozenset({Role.TEST})
        return self.index.first_import("fastapi.testclient", "starlette.testclient", roles=tests)

    @cached_property
    def contract_tests(self) -> Location | None:
        """Contract or schema tests: schemathesis, pact."""
        tests = frozenset({Role.TEST})
        return self.index.first_import("schemathesis", "pact", roles=tests)

    def untested_feature(self) -> str | None:
        """A feature with routes and no test file naming it; the first feature otherwise."""
        features = self.features()
        tested = {m.path.lower() for m in self.index.modules if m.role is Role.TEST}
        for feature in features:
            if not any(feature.replace(" ", "_") in path for path in tested):
                return feature
        return features[0] if features else None

    def features(self) -> list[str]:
        """Feature names: the modules that hold routes, else the first segment of their paths."""
        return list(self._features)

    @cached_property
    def _features(self) -> tuple[str, ...]:
        names: set[str] = set()
        # A module's routes all name the same feature: each module is read once.
        for module in {view.module.module for view in self.routes.views}:
            parts = [p for p in module.split(".") if p not in _FEATURE_CONTAINERS]
            if parts and parts[-1] not in _NOT_FEATURES:
                names.add(parts[-1].replace("_", " "))
        return tuple(sorted(names) or self._path_features())

    def _path_features(self) -> list[str]:
        counts: dict[str, int] = {}
        for view in self.routes.views:
            segments = [s for s in view.path.lower().split("/") if s and "{" not in s]
            useful = [s for s in segments if s not in _FEATURE_CONTAINERS and s.isidentifier()]
            if useful and useful[0] not in _NOT_FEATURES:
                counts[useful[0]] = counts.get(useful[0], 0) + 1
        return sorted(counts, key=lambda name: (-counts[name], name))

    # ---------------------------------------------------------------- database

    @cached_property
    def async_orm(self) -> Location | None:
        """An async ORM or async query layer imported by application code."""
        return self.index.first_import(*_ASYNC_ORMS)

    @cached_property
    def sync_orm(self) -> Location | None:
        """A sync ORM in application code."""
        return self.index.first_import(*_SYNC_ORMS)

    @cached_property
    def raw_driver(self) -> Location | None:
        """A database driver used directly (SQL by hand)."""
        return self.index.first_import(*_RAW_DRIVERS)

    @cached_property
    def async_driver(self) -> Location | None:
        """An async database driver."""
        return self.index.first_import(*_ASYNC_DRIVERS)

    @cached_property
    def query_client(self) -> Location | None:
        """A hosted database's query client (Supabase, PostgREST)."""
        return self.index.first_import(*_QUERY_CLIENTS)

    @cached_property
    def database_used(self) -> bool:
        """True when the app talks to a database at all."""
        return bool(
            self.async_orm or self.sync_orm or self.raw_driver or self.sql or self.query_client
        )

    @cached_property
    def sql(self) -> list[tuple[ModuleFacts, Location, bool, str]]:
        """SQL text run by application code: location, built from values?, callee.

        SQL is built from values when a value that may come from a client is formatted
        into it; a helper's result is such a value unless the helper returns only
        identifiers it derives (a hex digest's ``seq_{digest}``). A one-off script
        (a ``__main__`` block, no route, imported by nothing the app reaches) serves no
        client: what it formats in comes from whoever runs it.
        """
        scripts = self._scripts
        return sorted(
            (
                (m, use.loc, self._unsafe(use) and m.module not in scripts, use.callee)
                for m, use in self.index.app_items("sql")
            ),
            key=lambda s: s[1],
        )

    def _unsafe(self, use: SqlUse) -> bool:
        if use.dynamic or not use.helpers:
            return use.dynamic
        return not all(self._safe_helper(name) for name in use.helpers)

    def _safe_helper(self, name: str) -> bool:
        """A helper returning derived identifiers, or a member of one of the project's enums."""
        if name.startswith(MEMBER_OF):
            classes = self.index.classes.get(name.removeprefix(MEMBER_OF), [])
            return bool(classes) and all(self.index.ancestors(c) & _ENUMS for c in classes)
        found = self.index.functions.get(name) or []
        return bool(found) and all(f.identifier_return for f in found)

    @cached_property
    def _scripts(self) -> frozenset[str]:
        """Modules run by hand: a ``__main__`` block, no app, no route, reached by no import."""
        reached = self.reached_modules
        if reached is None:
            return frozenset()
        return frozenset(
            m.module
            for m in self.index.app_modules
            if m.main_guard and not (m.apps or m.routes) and m.module not in reached
        )

    @cached_property
    def dynamic_sql(self) -> list[Location]:
        """SQL built from values (f-strings, ``%``, ``+``, ``.format``)."""
        return [loc for _, loc, dynamic, _ in self.sql if dynamic]

    @cached_property
    def migrations(self) -> Location | None:
        """Migrations: Alembic (ini, env or revisions), aerich, yoyo, or SQL migration files."""
        # Alembic reads revisions from ``versions/`` (unless the ini names other places):
        # a revision file beside env.py is never applied.
        anywhere = self.config.version_locations
        revisions = [
            Location(m.path)
            for m in self.index.modules
            if m.revision and (anywhere or "versions" in m.path.split("/")[:-1])
        ]
        # Alembic set up with no revision committed migrates nothing.
        found = [*revisions, *([self.alembic] if self.alembic and revisions else [])]
        found += [self.config.migrations] if self.config.migrations else []
        return min(found) if found else None

    @cached_property
    def stray_revision(self) -> Location | None:
        """An Alembic revision file outside ``versions/``: committed, never applied."""
        if self.config.version_locations:
            return None
        found = [
            Location(m.path)
            for m in self.index.modules
            if m.revision and m.role is Role.MIGRATION and "versions" not in m.path.split("/")[:-1]
        ]
        return min(found) if found else None

    @cached_property
    def alembic(self) -> Location | None:
        """Where Alembic is set up: its ``env.py`` importing it, or ``alembic.ini``."""
        found = [
            loc
            for m in self.index.modules
            for name, loc in m.imported.items()
            if name.startswith("alembic")
        ]
        found += [self.config.alembic] if self.config.alembic else []
        return min(found) if found else None

    @cached_property
    def create_all(self) -> Location | None:
        """``metadata.create_all`` / ``generate_schemas`` at start-up instead of migrations."""
        found = [
            loc
            for m in self.index.app_modules
            for loc, func in m.schema_made
            if func is None or not self._script_only(m, func)
        ]
        return min(found) if found else None

    def _script_only(self, module: ModuleFacts, func: str) -> bool:
        """True when ``func`` runs only as its module's script (``if __name__ == "__main__"``)."""
        if func not in module.main_calls:
            return False
        # Called from any function of the app (a start-up handler, a lifespan), it is the app's.
        callers = (f for fs in self.index.functions.values() for f in fs if f.name != func)
        return not any(func in f.called for f in callers)

    @cached_property
    def repository(self) -> Location | None:
        """A repository layer: ``*Repository`` classes or repository/crud modules."""
        classes = [
            cls.loc
            for _, cls in self.index.app_items("classes")
            if cls.name.endswith(_REPOSITORY_SUFFIXES) or cls.name.startswith("CRUD")
        ]
        modules = [
            Location(m.path)
            for m in self.index.app_modules
            if _REPOSITORY_NAMES.intersection(m.module.split("."))
            and (m.functions or m.classes or m.instances)
        ]
        found = classes + modules
        return min(found) if found else None

    @cached_property
    def pool_tuning(self) -> Location | None:
        """Connection pool settings passed to the engine or pool."""
        found = [loc for m in self.index.app_modules for k, loc in m.keys.items() if k in POOL_KEYS]
        return min(found) if found else None

    # ----------------------------------------------------------- observability

    @cached_property
    def structured_logging(self) -> Location | None:
        """structlog, a JSON log formatter, loguru with ``serialize``, logfire."""
        found = [
            loc
            for loc in (
                self.index.first_call(
                    "structlog.", "pythonjsonlogger.", "ecs_logging.", "logfire."
                ),
                self._app_key("serialize"),
                self._app_string("json_logging"),
                self._json_formatter(),
            )
            if loc is not None
        ]
        return min(found) if found else None

    def _json_formatter(self) -> Location | None:
        """A ``logging.Formatter`` subclass whose methods serialise the record as JSON."""
        formatters = {
            (cls.module, cls.name): cls.loc
            for _, cls in self.index.app_items("classes")
            if any(n.endswith("Formatter") for n in self.index.ancestors(cls))
        }
        found = [
            formatters[(f.module, f.owner)]
            for _, f in self.index.app_items("functions")
            if f.owner is not None and (f.module, f.owner) in formatters and "dumps" in f.called
        ]
        return min(found) if found else None

    @cached_property
    def log_calls(self) -> int:
        """Calls of a logger's methods (``logger.info(...)``) in application code."""
        return sum(m.log_calls for m in self.index.app_modules)

    @cached_property
    def correlation(self) -> Location | None:
        """A request or correlation id bound to the logs or sent back in ``X-Request-ID``."""
        found = [
            loc
            for loc in (
                self._app_string("x-request-id"),
                self._app_string("x-correlation-id"),
                self._app_key("request_id"),
                self._app_key("correlation_id"),
                self.index.first_call("asgi_correlation_id."),
            )
            if loc is not None
        ]
        return min(found) if found else None

    @cached_property
    def plain_logging(self) -> Location | None:
        """The standard library's logging or loguru."""
        return self.index.first_call("logging.", "loguru.")

    @cached_property
    def logging_setup(self) -> Location | None:
        """Where the logs are given somewhere to go: ``basicConfig``, ``dictConfig``, a handler.

        A handler or formatter made (``logging.StreamHandler()``, rich's ``RichHandler``),
        a class of the project's own derived from one, uvicorn's ``log_config=`` or
        ``--log-config``, a logger the server sets up (``getLogger("uvicorn.error")``), and
        loguru (which writes to stderr as it comes) set logging up.
        """
        found = [
            loc
            for m in self.index.app_modules
            for name, loc in m.calls.items()
            if name == "logging.basicConfig"
            or name.startswith(("logging.config.", "loguru."))
            or name.rpartition(".")[2].endswith(("Handler", "Formatter"))
        ]
        found += [
            cls.loc
            for _, cls in self.index.app_items("classes")
            if any(n.endswith(("Handler", "Formatter")) for n in self.index.ancestors(cls))
            and any("logging" in n for n in self.index.ancestors(cls))
        ]
        found += [
            loc
            for loc in (self._app_key("log_config"), self._app_string("server_logger"))
            if loc is not None
        ]
        found += [loc for loc, c in self.config.commands if "--log-config" in c]
        return min(found) if found else None

    @cached_property
    def log_modules(self) -> list[str]:
        """The application modules that call a logger's methods."""
        return sorted(m.path for m in self.index.app_modules if m.log_calls)

    @cached_property
    def unheard_logging(self) -> bool:
        """The standard library's loggers, never set up, called in one module at most.

        Without a handler, Python drops every record under WARNING: a few ``logger.info``
        calls in one infrastructure module (on connecting to the database) reach no one.
        Logging set up, or loggers the app calls in two modules or more, is logging.
        """
        stdlib = self.index.first_call("logging.")
        return (
            stdlib is not None
            and self.logging_setup is None
            and self.structured_logging is None
            and len(self.log_modules) <= 1
        )

    @cached_property
    def tracing(self) -> Location | None:
        """Distributed tracing: OpenTelemetry, ddtrace, Sentry with traces, logfire, ..."""
        found = [self.index.first_call(*_TRACING), *map(self._app_key, TRACING_KEYWORDS)]
        present = [loc for loc in found if loc is not None]
        return min(present) if present else None

    @cached_property
    def metrics(self) -> Location | None:
        """Metrics: Prometheus, OpenTelemetry metrics, statsd."""
        return self.index.first_call(*_METRICS) or self.index.first_import(*_METRICS)

    @cached_property
    def alerts(self) -> Location | None:
        """Alerting: an error tracker (Sentry, Rollbar, ...) or alert rules in the repository."""
        trackers = self.index.first_call("sentry_sdk.init", "rollbar.init", "bugsnag.")
        return trackers or self.config.alerts

    @cached_property
    def prints(self) -> list[Location]:
        """``print()`` calls in application code."""
        return sorted(loc for m in self.index.app_modules for loc in m.prints)

    def _app_key(self, key: str) -> Location | None:
        found = [m.keys[key] for m in self.index.app_modules if key in m.keys]
        return min(found) if found else None

    def _app_string(self, key: str) -> Location | None:
        found = [m.strings[key] for m in self.index.app_modules if key in m.strings]
        return min(found) if found else None

    def app_strings(self, key: str) -> Location | None:
        """Where application code first has the string ``key`` (a header name, a marker)."""
        return self._app_string(key)

    # ------------------------------------------------------------- performance

    @cached_property
    def async_share(self) -> float:
        """The share of routes declared ``async def``."""
        views = self.routes.views
        return sum(1 for v in views if v.route.func.is_async) / len(views) if views else 0.0

    @cached_property
    def caching(self) -> Location | None:
        """A cache in use (Redis, fastapi-cache, aiocache, cachetools, ...), not ``lru_cache``.

        Or a cache class of the application's own (an in-process store, say).
        """
        return self.index.first_call(*_CACHING) or self._own_cache

    @property
    def _own_cache(self) -> Location | None:
        """The first application class named for a cache, with ``get`` and ``set`` methods."""
        methods: dict[tuple[str, str], set[str]] = {}
        for _, func in self.index.app_items("functions"):
            if func.owner is not None:
                methods.setdefault((func.module, func.owner), set()).add(func.name)
        found = [
            cls.loc
            for cls in self.index.all_classes()
            if "cache" in cls.name.lower()
            and {"get", "set"} <= methods.get((cls.module, cls.name), set())
        ]
        return min(found) if found else None

    @cached_property
    def profiling(self) -> Location | None:
        """Profiling or load testing: pyinstrument, yappi, locust, pytest-benchmark."""
        every = frozenset(Role)
        return self.index.first_import(*_PROFILING, roles=every) or self.config.runs("py-spy")

    @cached_property
    def blocking(self) -> list[tuple[Location, str]]:
        """Blocking calls (``requests``, ``time.sleep``) inside ``async def``."""
        return sorted(b for _, f in self.index.app_items("functions") for b in f.blocking)

    # -------------------------------------------------------------- deployment

    @cached_property
    def dockerfile(self) -> tuple[str, int, Location | None] | None:
        """The best Dockerfile of the API: path, number of stages, its HEALTHCHECK."""
        files = self._app_dockerfiles
        if not files:
            return None
        best = max(files, key=lambda d: (d.stages >= 2, d.healthcheck is not None, -len(d.path)))
        return best.path, best.stages, best.healthcheck

    @cached_property
    def _app_dockerfiles(self) -> list[Dockerfile]:
        """Dockerfiles that build a Python image, else those not another service's."""
        # An empty Dockerfile (no FROM: no stage) builds nothing.
        files = [d for d in self.config.dockerfiles if d.stages]
        return [d for d in files if d.python] or [d for d in files if d.for_the_app]

    @cached_property
    def container_health(self) -> Location | None:
        """A health check the platform runs: Dockerfile, compose (app service) or probe."""
        found = [d.healthcheck for d in self._app_dockerfiles if d.healthcheck]
        found += [loc for loc in (self.config.compose_app_health, self.config.probes) if loc]
        return min(found) if found else None

    @cached_property
    def probe_route(self) -> Location | None:
        """A liveness or readiness route (``/health``, ``/healthz``, ``/ping``, ``/ready``)."""
        found = [v.route.loc for v in self.routes.views if _is_probe(v.path)]
        return min(found) if found else None

    @cached_property
    def health_routes(self) -> list[RouteView]:
        """``/health``, ``/ready`` and similar routes."""
        return [v for v in self.routes.views if _HEALTH_WORDS.search(v.path.lower())]

    @cached_property
    def rollback(self) -> Location | None:
        """A way back: orchestrated rollouts, compose rollback, or migrations with downgrades."""
        downgrades = [Location(m.path) for m in self.index.modules if m.downgrade_body]
        found = [loc for loc in (self.config.orchestrated, self.config.compose_rollback) if loc]
        found += downgrades[:1]
        return min(found) if found else None


def _reached(by_name: dict[str, list[Function]], seeds: frozenset[str]) -> frozenset[str]:
    """``seeds`` and every function or class name their functions return or call."""
    names = set(seeds)
    todo = sorted(seeds)
    while todo:
        for f in by_name.get(todo.pop(), []):
            for name in sorted(f.returned | f.called):
                if name in by_name and name not in names:
                    names.add(name)
                    todo.append(name)
    return frozenset(names)


# A view's route's location's fields in order: what ``Location``'s ordering compares.
_view_key = attrgetter("route.loc.path", "route.loc.line", "route.loc.col")


def _response_typing(view: RouteView, models: set[str]) -> str:
    route = view.route
    if route.method == "websocket":
        return "excluded"
    keywords = route.keywords
    written = keywords.get("response_class")
    response_class = _name(written) if written is not None else None
    status = keywords.get("status_code")
    if response_class in _NON_JSON or (isinstance(status, ast.Constant) and status.value == 204):
        return "excluded"
    model = keywords.get("response_model")
    if model is not None and not (isinstance(model, ast.Constant) and model.value is None):
        verdict = "untyped" if _untyped_response(model) else "typed"
    elif route.func.returns is None and not route.func.gives_value:
        # A view that returns nothing answers ``null``: there is no JSON to type.
        return "excluded"
    else:
        verdict = _return_typing(route.func.returns)
    # Liveness and readiness answer the platform, not API clients: a dict there (as the
    # playbook's own probes return) is not held against the API.
    return "excluded" if verdict == "untyped" and _is_probe(view.path) else verdict


def _return_typing(returns: ast.expr | None) -> str:
    if isinstance(returns, ast.Constant) and returns.value is None:
        return "excluded"
    name = _name(returns)
    if name in _NON_JSON:
        return "excluded"
    if name in _OPAQUE_RESPONSES or _untyped_response(returns):
        return "untyped"
    return "typed"


def _http_status(node: ast.expr | None) -> bool:
    """``404``, ``status.HTTP_404_NOT_FOUND``, ``HTTPStatus.NOT_FOUND``: an HTTP status."""
    if isinstance(node, ast.Constant):
        value = node.value
        return isinstance(value, int) and not isinstance(value, bool) and 400 <= value <= 599
    if isinstance(node, ast.Attribute):
        return node.attr.startswith("HTTP_") or dotted(node.value) in {
            "HTTPStatus",
            "http.HTTPStatus",
        }
    return False


def _is_probe(path: str) -> bool:
    return path.rstrip("/").rpartition("/")[2].lower() in _PROBES


def _untyped_response(node: ast.expr | None) -> bool:
    """A response without a schema: ``dict`` returns, even ``dict[str, str]`` or a list of them.

    The playbook's unhealthy type safety is "``dict`` returns": a dict's keys are
    not declared, whatever its value type says.
    """
    if node.__class__ is ast.Name:
        # One name: untyped only as is_untyped_annotation says; none of the shapes below.
        return node.id in _UNTYPED
    if is_untyped_annotation(node):
        return True
    if isinstance(node, ast.Subscript) and _name(node.value) == "Annotated":
        inner = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
        return _untyped_response(inner)
    if isinstance(node, ast.Subscript):
        if _name(node.value) in _DICTS:
            return True
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return any(_untyped_response(a) for a in args if a is not None)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _untyped_response(node.left) or _untyped_response(node.right)
    return False


def _untyped_inputs(
    view: RouteView, index: ProjectIndex, models: set[str]
) -> list[tuple[RouteView, str, Location]]:
    func = view.route.func
    found: list[tuple[RouteView, str, Location]] = []
    if not (
        func.raw_body
        or func.raw_handed
        or func.raw_query
        or func.copied_query
        or view.route.inputs.untyped
    ):
        # Nothing read by hand and every parameter typed: most routes.
        return found
    # A webhook must read its raw body to check the sender's signature; unchecked, it is
    # input like any other.
    unchecked = (
        [loc for loc, owner, method in func.raw_handed if not _validates(index, owner, method)]
        if func.raw_handed
        else []
    )
    if (func.raw_body or unchecked) and not _checks_signature(view, index):
        raw = sorted([*func.raw_body, *unchecked])
        found += [(view, "reads the raw request body", loc) for loc in raw]
    if func.raw_query:
        found += [(view, "reads request.query_params by hand", loc) for loc in func.raw_query]
    # The whole query string copied (to echo it into pagination links) beside a model
    # that takes the route's parameters reads no parameter by hand; alone, it is the input.
    if func.copied_query and not _takes_model(view, models):
        found += [(view, "copies request.query_params by hand", loc) for loc in func.copied_query]
    for param in view.route.inputs.untyped:
        annotation = param.annotation
        what = "has no type" if annotation is None else f"is typed {ast.unparse(annotation)}"
        where = _node_loc(view, annotation) or view.route.func.loc
        found.append((view, f"parameter '{param.name}' {what}", where))
    return found


def _checks_signature(view: RouteView, index: ProjectIndex) -> bool:
    """The route, a dependency it declares or a helper they call verifies the sender.

    Slack's ``SignatureVerifier.is_valid_request`` two calls down, in the helper that
    picks the workspace's configuration, checks the body as much as a check in the
    route does. Helpers are followed two calls deep, by name.
    """
    pattern = _WEBHOOK_SIGNATURE if "webhook" in view.path.lower() else _SIGNATURE
    names = view.route.func.called | {ref.target for ref in view.deps}
    seen: set[str] = set()
    for _ in range(3):
        if any(_SIGNATURE.search(name) or pattern.search(name) for name in names):
            return True
        seen |= names
        names = {
            called
            for name in names
            for helper in index.functions.get(name, [])
            for called in helper.called
        } - seen
    return False


def _validates(index: ProjectIndex, owner: str, method: str) -> bool:
    """``Form.from_form(data)``: the class's method hands the data to a validator.

    The method is the class's own or an ancestor's; it validates when it calls one
    of pydantic's validators or builds the class from the data (``cls(**data)``).
    """
    classes = index.classes.get(owner, [])
    owners = {owner} | {name for cls in classes for name in index.ancestors(cls)}
    return any(
        f.owner in owners and not f.called.isdisjoint(_VALIDATING_CALLS)
        for f in index.functions.get(method, [])
    )


_VALIDATING_CALLS = VALIDATORS | {"cls"}
_ENUMS = frozenset({"Enum", "StrEnum", "IntEnum", "enum.Enum", "enum.StrEnum", "enum.IntEnum"})


def _node_loc(view: RouteView, node: ast.expr | None) -> Location | None:
    """Where ``node`` (a parameter's annotation) is written: the line a finding is about."""
    if node is None:
        return None
    return Location(view.module.path, node.lineno, node.col_offset + 1)


def _takes_input(view: RouteView, aliases: dict[str, list[DepRef]]) -> bool:
    """True when the route reads something from the client: a parameter or its body."""
    func = view.route.func
    if func.raw_body or func.raw_handed or func.raw_query or func.copied_query:
        return True
    inputs = view.route.inputs
    # A parameter annotated with an ``Annotated`` alias of a dependency reads no input.
    return inputs.direct or not all(map(aliases.get, inputs.aliased))


def _takes_model(view: RouteView, models: set[str]) -> bool:
    """True when a parameter of the route is a Pydantic model: its input is validated."""
    return not models.isdisjoint(view.route.inputs.named)


def _documented(view: RouteView) -> bool:
    # ``responses={404: {...}}``: the outcomes a client may get, written into the docs.
    keywords = view.route.keywords
    return view.route.func.has_docstring or any(k in keywords for k in _DOCUMENTING)


_DOCUMENTING = ("summary", "description", "responses")


def dotted_name(node: ast.expr | None) -> str:
    """``ast.unparse`` for evidence text, empty for ``None``."""
    return dotted(node) or (ast.unparse(node) if node is not None else "")


def _request_parts(path: str) -> tuple[tuple[str, ...], bool]:
    """A requested path's segments, and whether it starts with a value (then a suffix)."""
    path = path.split("?", 1)[0]
    parts = [part for part in path.split("/") if part]
    suffix = path.startswith("{")
    return tuple(parts[1:] if suffix else parts), suffix


def _filled(path: str, paths: dict[str, str]) -> str:
    """``{USERS_ENDPOINT}{user.id}/roles/``: the path constant a request starts with, filled in."""
    if path.startswith("{"):
        name, _, rest = path[1:].partition("}")
        if name in paths:
            return paths[name].rstrip("/") + "/" + rest.lstrip("/") if rest else paths[name]
    return path


# The segments an API's prefix is made of ("/api/v1"), when the app's own prefix
# could not be read (a setting, a router factory).
_API_PREFIX = re.compile(r"api|v\d+(?:\.\d+)?")


def _reaches(parts: tuple[str, ...], suffix: bool, route: str) -> bool:
    segments = [part for part in route.split("/") if part]
    if suffix:
        if not parts or len(parts) > len(segments):
            return False
        segments = segments[len(segments) - len(parts) :]
        # What follows a value starts at a fixed segment: the prefix ends there.
        if segments[0].startswith("{"):
            return False
    elif len(segments) != len(parts):
        # "/api/v1/users/" sent to a route read as "/users": the prefix the tests
        # add is an API's prefix the route was mounted under.
        extra = len(parts) - len(segments)
        if extra <= 0 or extra > 2 or not all(_API_PREFIX.fullmatch(p) for p in parts[:extra]):
            return False
        parts = parts[extra:]
    # A parameter takes any value; a fixed segment only itself.
    return all(
        wanted == sent or wanted.startswith("{")
        for wanted, sent in zip(segments, parts, strict=True)
    )
