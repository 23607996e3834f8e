"""The playbook's Quick Health Check: 8 signals, 0 (unhealthy) to 2 (healthy) each.

| Signal | Healthy (2) | Unhealthy (0) |
| type_safety | Pydantic v2 models everywhere | ``dict`` returns, no validation |
| error_handling | Structured error hierarchy | Bare ``HTTPException`` strings |
| auth | JWT + dependency injection | Manual token parsing |
| testing | 80%+ coverage, async tests | No tests or sync-only |
| database | Async ORM, migrations | Raw SQL, no migrations |
| observability | Structured logging + tracing | ``print()`` debugging |
| deployment | Multi-stage Docker, health checks | ``uvicorn main:app`` on bare metal |
| documentation | Auto-generated, accurate OpenAPI | Default ``/docs`` untouched |

Anything in between scores 1.
"""

from __future__ import annotations

import ast

from fastprod.project._model._facts import AppDef, ClassDef, Location
from fastprod.scorecards import _defects, _fixes
from fastprod.scorecards._defects import issues_of
from fastprod.scorecards._derive import Derived, Routes
from fastprod.scorecards._model import Evidence, Fix, Issue, Signal

_COVERAGE_TARGET = 80
_FULL_SHARE = 0.8
_DOC_METADATA = (
    "description",
    "version",
    "summary",
    "openapi_tags",
    "contact",
    "license_info",
    "terms_of_service",
    "generate_unique_id_function",
    "**",
)


def signals(d: Derived) -> tuple[Signal, ...]:
    """All eight signals, in the playbook's order."""
    return (
        type_safety(d),
        error_handling(d),
        auth(d),
        testing(d),
        database(d),
        observability(d),
        deployment(d),
        documentation(d),
    )


def _e(text: str, loc: Location | None = None) -> Evidence:
    return Evidence(text, loc)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _held_down(signal: Signal, issues: list[Issue], reason: str) -> Signal:
    """A signal with defects on record: healthy (2) no more, and saying why."""
    if not issues:
        return signal
    points = min(signal.points, 1)
    joint = ", but" if signal.points == 2 else ";"
    summary = f"{signal.summary}{joint} {reason}"
    fix = signal.fix or issues[0].fix
    # When the defects are all that is missing, the signal points where they are.
    at = issues[0].loc if signal.points == 2 else signal.at
    return Signal(signal.id, signal.title, points, summary, signal.evidence, fix, tuple(issues), at)


# ------------------------------------------------------------------ type safety


def type_safety(d: Derived) -> Signal:
    """Pydantic models at the boundaries: typed responses and validated inputs.

    The playbook's unhealthy is "``dict`` returns, no validation": both. An app
    that declares models but answers with dicts and takes no model as input has
    neither (0); one whose request bodies are models validates its input, whatever
    a stray ``dict`` parameter or its responses do, and stands in between (1).
    Its healthy is "Pydantic v2 models everywhere": models written for Pydantic 1
    (a pin, ``from pydantic import BaseSettings``, a model's ``class Config`` with
    ``orm_mode``, FastAPI pinned below 0.100) are 1 at best, however typed.
    """
    routes = d.routes
    models = [c for c in d.index.all_classes() if d.index.is_model(c)]
    evidence = [_models_evidence(d, models), *_routes_evidence(d)]
    v1 = d.config.pydantic_v1
    if v1 is not None:
        evidence.append(_e("Pydantic 1 (the playbook asks for Pydantic v2)", v1))
    full = routes.counted > 0 and routes.typed_share >= _FULL_SHARE and not routes.untyped_inputs
    typed = f"{len(routes.typed)} of {routes.counted}"
    if models and full and v1 is not None:
        # Typed throughout: what is missing is the version.
        summary = f"typed throughout ({typed} JSON responses), but on Pydantic 1"
        return Signal(
            "type_safety", "Type safety", 1, summary, tuple(evidence), _fixes.plain(_V2_FIX), at=v1
        )
    if models and full:
        summary = f"Pydantic models: {typed} JSON responses typed, no unvalidated input"
        points = 2
    elif not models and not full:
        points, summary = 0, "no Pydantic models: routes take and return unvalidated data"
    elif models and routes.typed_share < 0.25 and routes.untyped_inputs and not routes.model_input:
        points, summary = 0, "mostly dict returns and unvalidated inputs"
    else:
        points, summary = 1, _partial_typing(d, bool(models))
    fix = None if points == 2 else _fixes.plain(_TYPE_FIX)
    at = d.routes.first_gap if points < 2 else None
    return Signal("type_safety", "Type safety", points, summary, tuple(evidence), fix, at=at)


_V2_FIX = "move the models to Pydantic v2 (bump-pydantic rewrites most of them)"


_TYPE_FIX = (
    "declare a Pydantic model for every request body and response "
    "(response_model= or a return annotation); no dict or Any"
)


def _models_evidence(d: Derived, named: list[ClassDef]) -> Evidence:
    if not named:
        return _e("no Pydantic models in the application code", d.anchor)
    first = min(named, key=lambda c: c.loc)
    shown = ", ".join(sorted(c.name for c in named)[:4])
    return _e(f"{_plural(len(named), 'Pydantic model')} ({shown})", first.loc)


def _routes_evidence(d: Derived) -> list[Evidence]:
    routes = d.routes
    if not routes.views:
        return [_e("no routes found", d.anchor)]
    found = [_e(f"{len(routes.typed)} of {routes.counted} JSON routes declare a response type")]
    for view in routes.untyped[:3]:
        returns = view.route.keywords.get("response_model") or view.route.func.returns
        shown = ast.unparse(returns) if returns is not None else "nothing declared"
        found.append(_e(f"{view.route.method.upper()} {view.path} returns {shown}", view.route.loc))
    for view, what, loc in routes.untyped_inputs[:3]:
        found.append(_e(f"{view.route.method.upper()} {view.path} {what}", loc))
    return found


def _partial_typing(d: Derived, models: bool) -> str:
    routes = d.routes
    if not models:
        return "routes are typed, but without Pydantic models"
    if routes.untyped_inputs:
        return f"{_plural(len(routes.untyped_inputs), 'route input')} without a schema"
    if not routes.counted:
        return "Pydantic models, but no JSON routes found to check"
    return f"{len(routes.untyped)} of {routes.counted} JSON routes without a response model"


# --------------------------------------------------------------- error handling


def error_handling(d: Derived) -> Signal:
    """A structured error hierarchy (code + status) that a handler answers for.

    Short of it (1): the app's own exceptions or handlers shaping some errors. Bare
    (0): errors reach clients as ``HTTPException`` strings, whatever a library's
    handlers (slowapi's 429, a reshaped 422) or exceptions used inside a service do.
    """
    hierarchy = d.hierarchy
    evidence = _error_evidence(d)
    if hierarchy is not None and (hierarchy.handled or hierarchy.http_exception):
        points, summary = 2, f"structured error hierarchy rooted at {hierarchy.name}"
    elif hierarchy is not None:
        points = 1
        summary = f"{hierarchy.name} carries a code and a status but no handler answers for it"
    elif d.error_shaping is not None:
        points, summary = 1, "custom errors or handlers, but no error carrying a code and a status"
    else:
        count = len(d.http_exceptions)
        points = 0
        summary = f"bare HTTPException ({count} raised)" if count else "no error handling"
    fix = None if points == 2 else _fixes.recipe("error_handling", _ERROR_FIX)
    return Signal("error_handling", "Error handling", points, summary, tuple(evidence), fix)


_ERROR_FIX = (
    "add an error hierarchy whose base carries a code and a status, and one handler "
    "that answers {'error': {'code', 'message', 'details'}}"
)


def _error_evidence(d: Derived) -> list[Evidence]:
    hierarchy = d.hierarchy
    found = []
    if hierarchy is not None:
        count = hierarchy.subclasses
        if hierarchy.status_by_handler:
            text = f"{hierarchy.name} with {count} subclasses; its handlers give the HTTP status"
        else:
            text = f"{hierarchy.name} carries a code and a status ({count} subclasses)"
        found.append(_e(text, hierarchy.loc))
        if hierarchy.handled:
            if hierarchy.handler_for in {"", hierarchy.name}:
                text = f"handler registered for {hierarchy.name}"
            elif hierarchy.status_by_handler:
                text = f"handler registered for {hierarchy.handler_for}"
            else:
                text = f"handler registered for {hierarchy.handler_for}, {hierarchy.name} included"
            found.append(_e(text, hierarchy.handled))
        elif hierarchy.http_exception:
            found.append(
                _e(f"{hierarchy.name} is an HTTPException: FastAPI answers with its status")
            )
    for _, name, loc in d.exceptions[:3]:
        if hierarchy is None or name != hierarchy.name:
            found.append(_e(f"exception class {name}", loc))
    for name, loc in d.handlers[:3]:
        found.append(_e(f"exception handler for {name.rpartition('.')[2]}", loc))
    structured, strings = d.http_details
    shaped = bool(structured) and len(structured) >= len(strings)
    if structured:
        text = (
            f"{_plural(len(structured), 'HTTPException')} raised with a structured detail, "
            f"{len(strings)} with a string"
        )
        found.append(_e(text, structured[0]))
    if d.http_exceptions and not shaped:
        text = f"{_plural(len(d.http_exceptions), 'bare HTTPException')} raised"
        found.append(_e(text, d.http_exceptions[0]))
    return found or [_e("no exception classes, handlers or HTTPException found", d.anchor)]


# ------------------------------------------------------------------------- auth


def auth(d: Derived) -> Signal:
    """JWT verified in a dependency that routes declare, not tokens parsed by hand.

    The header cut by hand inside a dependency, or in a Starlette authentication
    backend, is still handed to routes by injection (see ``Derived.manual_auth``).
    Tokens issued or a scheme declared that no route depends on, and no header
    read anywhere, authenticate nothing: no auth (0).
    """
    evidence = _auth_evidence(d)
    if not d.auth_present:
        return Signal(
            "auth", "Auth", 0, _NO_AUTH, tuple(evidence), _fixes.recipe("auth", _AUTH_FIX)
        )
    jwt_routes = d.jwt_protected
    if not (d.protected or d.manual_auth or d.auth_library or d.jwt_backend):
        summary = _unused_auth(d)
        return Signal("auth", "Auth", 0, summary, tuple(evidence), _fixes.recipe("auth", _AUTH_FIX))
    if jwt_routes and not d.manual_auth:
        total = len(d.routes.views)
        summary = f"JWT verified by dependency injection on {len(jwt_routes)} of {total} routes"
        return Signal("auth", "Auth", 2, summary, tuple(evidence))
    # Manual parsing is the gap: the finding points at it.
    at = d.manual_auth[0] if d.manual_auth else None
    if d.manual_auth and not d.protected:
        fix = _fixes.plain(_MANUAL_FIX)
        return Signal("auth", "Auth", 0, "manual token parsing", tuple(evidence), fix, at=at)
    summary = _partial_auth(d)
    fix = _fixes.plain(_MANUAL_FIX) if d.manual_auth else _fixes.recipe("auth", _AUTH_FIX)
    return Signal("auth", "Auth", 1, summary, tuple(evidence), fix, at=at)


_NO_AUTH = "no authentication: no security scheme, no token check, no protected route"
_AUTH_FIX = "add JWT authentication through a Depends(get_current_user) dependency"
_MANUAL_FIX = (
    "replace the hand-parsed Authorization header with a dependency built on "
    "OAuth2PasswordBearer or HTTPBearer that verifies the JWT"
)


def _partial_auth(d: Derived) -> str:
    if d.jwt_protected:
        return "JWT through dependencies, but the Authorization header is also parsed by hand"
    if d.protected:
        kinds = sorted(
            {k for _, ks in d.protected for k in ks} & {"apikey", "basic", "header", "scheme"}
        )
        return f"authentication by dependency ({', '.join(kinds)}), not JWT"
    return "authentication set up, but no route depends on it"


def _unused_auth(d: Derived) -> str:
    if d.jwt_calls:
        return "JWTs are issued, but no route requires or verifies one"
    return "an authentication scheme exists, but no route depends on it"


def _auth_evidence(d: Derived) -> list[Evidence]:
    found = [_e(f"security scheme {name} ({kind})", loc) for name, kind, loc in d.schemes[:2]]
    found += [_e(f"JWT {op}", loc) for _, loc, op in d.jwt_calls[:2]]
    if d.auth_library:
        found.append(_e("authentication library in use", d.auth_library))
    protected = d.protected
    if protected:
        view = protected[0][0]
        text = f"{len(protected)} of {len(d.routes.views)} routes depend on authentication"
        found.append(_e(text, view.route.loc))
    found += [_e("Authorization header parsed by hand", loc) for loc in d.manual_auth[:2]]
    if d.jwt_backend is not None:
        found.append(_e("JWT verified by an authentication backend", d.jwt_backend))
    return found or [_e("no security scheme, JWT, or protected route found", d.anchor)]


# ---------------------------------------------------------------------- testing


def testing(d: Derived) -> Signal:
    """Tests that run async, under a coverage gate of at least 80%.

    The playbook's healthy is "80%+ coverage, async tests", its unhealthy "No tests
    or sync-only". A suite of sync tests, whether they call the app through
    Starlette's ``TestClient`` or test helpers alone, is sync-only: with no coverage
    gate of 80% beside it, it is the unhealthy column (0). Either half of the
    healthy one, async tests or the gate, is in between (1).
    """
    tests, async_tests = d.tests, d.async_tests
    gate = d.config.coverage_gate()
    strong_gate = gate is not None and gate[1] >= _COVERAGE_TARGET
    evidence = _testing_evidence(d, gate)
    if not tests:
        points, summary = 0, "no tests"
    elif async_tests and strong_gate:
        points, summary = 2, f"async tests under a coverage gate of {gate[1] if gate else 0}%"
    elif async_tests and _reach(d) >= _FULL_SHARE:
        # No gate, but the suite sends a request to nearly every route: what a
        # coverage of 80% measures for an API, read from the tests themselves.
        views, reached = len(d.routes.views), len(d.tested_views)
        points, summary = 2, f"async tests request {reached} of {views} routes (no coverage gate)"
    elif async_tests and gate is None and d.config.measures_coverage():
        # No gate, but CI or a task runner measures the coverage of an async suite:
        # the team watches the figure the playbook's 80% is about. A gate set under
        # 80% says the figure aimed at is lower.
        points, summary = 2, "async tests, their coverage measured (no gate)"
    elif not async_tests and not strong_gate:
        points, summary = 0, _sync_only(d)
    elif async_tests:
        points, summary = 1, "async tests, but no coverage gate of 80% or more"
    else:
        points, summary = 1, "a coverage gate, but no async tests"
    fix = None if points == 2 else _test_fix(d, _TEST_FIX)
    signal = Signal("testing", "Testing", points, summary, tuple(evidence), fix)
    issues = issues_of("testing.app_database", _defects.test_database_resets(d))
    return _held_down(signal, issues, "they reset the app's own database")


def _sync_only(d: Derived) -> str:
    if d.test_client is not None:
        return "sync-only tests (TestClient, none async) and no coverage gate of 80% or more"
    return "sync-only tests and no coverage gate of 80% or more"


_TEST_FIX = "add async tests (httpx AsyncClient) and a coverage gate: fail_under = 80"


def _reach(d: Derived) -> float:
    """The share of the app's routes that some test sends a request to."""
    views = d.routes.views
    return len(d.tested_views) / len(views) if views else 0.0


def _test_fix(d: Derived, text: str) -> Fix:
    feature = d.untested_feature()
    if feature is None:
        return _fixes.plain(text)
    return _fixes.recipe("write_tests", text, target=feature)


def _testing_evidence(d: Derived, gate: tuple[Location, int] | None) -> list[Evidence]:
    tests = d.tests
    if not tests:
        return [_e("no test functions found", d.anchor)]
    files = len({loc.path for _, _, loc in tests})
    text = f"{_plural(len(tests), 'test')} in {_plural(files, 'file')}, {len(d.async_tests)} async"
    found = [_e(text, tests[0][2])]
    if gate is not None and "codecov" in gate[0].path:
        found.append(_e(f"coverage gate: Codecov's project target of {gate[1]}%", gate[0]))
    elif gate is not None:
        found.append(_e(f"coverage gate: fail under {gate[1]}%", gate[0]))
    else:
        text = "no coverage gate (fail_under / --cov-fail-under / a Codecov target) in config or CI"
        found.append(_e(text))
    if d.config.asyncio_auto:
        found.append(_e("pytest-asyncio in auto mode", d.config.asyncio_auto))
    if d.test_client is not None:
        found.append(_e("TestClient calls the app from sync tests", d.test_client))
    return found


# --------------------------------------------------------------------- database


def database(d: Derived) -> Signal:
    """An async ORM and migrations, no SQL built from strings, writes finished in time.

    Migrations are revisions committed where Alembic reads them. ``create_all`` run
    at start-up beside them is said, not scored: the revisions still hold the schema.
    Alembic set up with no revision, the tables made by ``create_all``, has none.
    """
    signal = _database(d)
    late = issues_of("database.late_commit", _defects.late_commits(d))
    sqlite = issues_of("database.sqlite_default", _defects.sqlite_defaults(d))
    reasons = []
    if late:
        reasons.append("writes are committed after the response is sent")
    if sqlite:
        reasons.append("the database URL falls back to SQLite")
    return _held_down(signal, late + sqlite, " and ".join(reasons))


def _database(d: Derived) -> Signal:
    evidence = _database_evidence(d)
    if not d.database_used:
        summary = "no database layer found"
        return Signal("database", "Database", 0, summary, tuple(evidence), _fixes.plain(_DB_FIX))
    if d.async_orm and d.migrations and not d.dynamic_sql:
        # Tables made by create_all beside committed revisions are a note: the
        # migrations still hold the schema, and create_all only makes what is missing.
        points, summary = 2, "async ORM with migrations"
        if d.create_all:
            summary += " (tables also made by create_all at start-up)"
    elif d.async_orm or d.migrations:
        # One of the healthy column's two halves. A sync ORM without migrations has
        # neither: the schema lives in create_all (or elsewhere) and every query blocks.
        points, summary = 1, _partial_database(d)
    elif d.sync_orm:
        points, summary = 0, _partial_database(d)
    else:
        points, summary = 0, "raw SQL and no migrations"
    fix: Fix | None = None if points == 2 else _fixes.recipe("optimize_db", _DB_FIX)
    return Signal("database", "Database", points, summary, tuple(evidence), fix)


_DB_FIX = "use an async ORM (SQLAlchemy 2 AsyncSession) with Alembic migrations"


def _partial_database(d: Derived) -> str:
    missing = []
    if not d.async_orm:
        missing.append("a sync ORM" if d.sync_orm else "no ORM")
    if not d.migrations:
        missing.append("no migrations")
    if d.dynamic_sql:
        missing.append("SQL built from strings")
    if d.migrations and d.create_all:
        missing.append("tables also made by create_all at start-up")
    return ", ".join(missing)


def _database_evidence(d: Derived) -> list[Evidence]:
    found = []
    if d.async_orm:
        found.append(_e("async ORM", d.async_orm))
    elif d.sync_orm:
        found.append(_e("sync ORM", d.sync_orm))
    if d.raw_driver and not (d.async_orm or d.sync_orm):
        found.append(_e("database driver used directly", d.raw_driver))
    if d.query_client and not (d.async_orm or d.sync_orm):
        found.append(_e("database reached through a query client (no ORM)", d.query_client))
    if d.migrations:
        found.append(_e("migrations", d.migrations))
    elif d.stray_revision:
        text = "a revision outside versions/, where Alembic never reads it"
        found.append(_e(text, d.stray_revision))
    elif d.alembic:
        found.append(_e("Alembic is set up, but no revision is committed", d.alembic))
    else:
        found.append(_e("no migrations found"))
    if d.create_all:
        found.append(_e("tables created with create_all at start-up", d.create_all))
    found += [_e("SQL built from values", loc) for loc in d.dynamic_sql[:3]]
    return found


# ---------------------------------------------------------------- observability


def observability(d: Derived) -> Signal:
    """Structured logs and tracing, not ``print()``.

    A request followed by its id through JSON logs, with metrics beside them, is traced
    as the playbook's own request-ID middleware traces it. Logging set up while the
    code speaks mostly through ``print()`` is still print() debugging. Standard logging
    never set up (no ``basicConfig``, ``dictConfig`` or handler) and called in one
    module at most drops its ``info`` records: no logging (0), as ``print()`` is.
    """
    structured, tracing = d.structured_logging, d.tracing
    correlated = structured and d.correlation and d.metrics
    evidence = _observability_evidence(d)
    printing = len(d.prints) > d.log_calls or (d.unheard_logging and not tracing)
    if structured and (tracing or correlated):
        summary = "structured logging and tracing"
        if not tracing:
            summary = "structured logging with a request id, and metrics"
        points = 2
    elif structured or tracing or ((d.plain_logging or d.log_calls) and not printing):
        # A logger the code speaks through, whoever set it up (a library's wrapper of
        # structlog or logging), is logging: print() debugging is when print() outnumbers it.
        points, summary = 1, _partial_observability(d)
    else:
        points = 0
        summary = f"print() debugging ({len(d.prints)} calls)" if d.prints else "no logging"
        if d.unheard_logging and d.log_calls and len(d.prints) <= d.log_calls:
            where = d.log_modules[0]
            summary = (
                f"logging never set up: {_plural(d.log_calls, 'log call')} in {where} alone, "
                "no handler or configuration to emit them"
            )
        elif d.prints and d.plain_logging:
            summary = f"print() debugging ({len(d.prints)} calls, {d.log_calls} log calls)"
    fix: Fix | None = None
    if points < 2:
        fix = _fixes.recipe("logging", _LOG_FIX) if not structured else _fixes.plain(_TRACE_FIX)
    return Signal("observability", "Observability", points, summary, tuple(evidence), fix)


_LOG_FIX = "log JSON with structlog and a request ID on every line"
_TRACE_FIX = "add OpenTelemetry tracing (opentelemetry-instrumentation-fastapi)"


def _partial_observability(d: Derived) -> str:
    if d.structured_logging:
        return "structured logging, no tracing"
    if d.tracing:
        return "tracing, but unstructured logs"
    return "standard logging, neither structured nor traced"


def _observability_evidence(d: Derived) -> list[Evidence]:
    found = []
    if d.structured_logging:
        found.append(_e("structured logging", d.structured_logging))
    elif d.plain_logging:
        found.append(_e("standard library logging (not structured)", d.plain_logging))
        if d.logging_setup is not None:
            found.append(_e("logging set up (a configuration or handler)", d.logging_setup))
        elif d.unheard_logging:
            text = "logging never set up: no basicConfig, dictConfig or handler"
            found.append(_e(text, d.plain_logging))
    found.append(_e("tracing", d.tracing) if d.tracing else _e("no tracing"))
    if d.correlation:
        found.append(_e("request id bound to the logs", d.correlation))
    if d.metrics:
        found.append(_e("metrics", d.metrics))
    if d.prints:
        found.append(
            _e(f"{_plural(len(d.prints), 'print() call')} in application code", d.prints[0])
        )
    return found


# ------------------------------------------------------------------- deployment


def deployment(d: Derived) -> Signal:
    """A multi-stage image and a health check the platform runs."""
    evidence = _deployment_evidence(d)
    dockerfile = d.dockerfile
    if dockerfile is None:
        summary = "no Dockerfile: no image to deploy, no health check a platform runs"
        fix = _fixes.recipe("deploy", _DEPLOY_FIX)
        return Signal("deployment", "Deployment", 0, summary, tuple(evidence), fix)
    _, stages, _ = dockerfile
    # The playbook's health checks are its /health and /ready endpoints: a route the
    # platform or load balancer probes counts as much as a HEALTHCHECK line.
    health = d.container_health or d.probe_route
    if stages >= 2 and health is not None:
        return Signal(
            "deployment", "Deployment", 2, "multi-stage image with a health check", tuple(evidence)
        )
    missing = []
    if stages < 2:
        missing.append("single-stage image")
    if health is None:
        missing.append("no health check (route or container)")
    fix = _fixes.recipe("deploy", _DEPLOY_FIX)
    return Signal("deployment", "Deployment", 1, ", ".join(missing), tuple(evidence), fix)


_DEPLOY_FIX = "build a multi-stage image with a HEALTHCHECK (or a compose/Kubernetes health check)"


def _deployment_evidence(d: Derived) -> list[Evidence]:
    dockerfile = d.dockerfile
    if dockerfile is None:
        found = [_e("no Dockerfile", d.manifest)]
        found += [_e("platform process file", loc) for loc in d.config.platforms[:1]]
        return found
    path, stages, _ = dockerfile
    found = [_e(f"Dockerfile with {_plural(stages, 'stage')}", Location(path))]
    health = d.container_health
    if health is not None:
        found.append(_e("container health check", health))
    else:
        found.append(_e("no HEALTHCHECK in the Dockerfile, compose (app service) or probes"))
    for service, loc in d.config.compose_other_health[:2]:
        found.append(_e(f"compose health check on '{service}', not the app", loc))
    probes = [v for v in d.health_routes if v.route.loc == d.probe_route]
    for view in probes[:1]:
        found.append(_e(f"health route {view.path}", view.route.loc))
    return found


# ---------------------------------------------------------------- documentation


def documentation(d: Derived) -> Signal:
    """OpenAPI that is accurate, and docs that someone wrote.

    The playbook's healthy is "Auto-generated, accurate OpenAPI", its unhealthy
    "Default ``/docs`` untouched". FastAPI generates the OpenAPI; it is accurate
    when the responses declare their types (80% of JSON routes), so that the
    schema says what clients get. The docs are touched when the project wrote
    anything into them: the app's title or other metadata, a custom OpenAPI, or
    a docstring, summary, description or tag on a fifth of the routes. Healthy
    (2) is accurate docs that someone shaped: the app described (a title with a
    description or a version) and its routes grouped by tags, or a summary,
    description, docstring or documented responses (``responses=``) on a quarter
    of the routes. Handlers without
    docstrings still give accurate docs: docstrings raise the quality score, not
    this signal. Accurate with only a title or only tags, or touched without
    typed responses, is in between (1); neither is the unhealthy (0).
    """
    apps = d.index.apps()
    if not apps:
        evidence = [_e("no FastAPI(...) application found", d.anchor)]
        return _docs(0, "no FastAPI app found", evidence)
    _, app = min(apps, key=lambda a: a[1].loc)
    routes = d.routes
    # The schema built by the project itself (served from a route of its own).
    generated = d.index.first_call("fastapi.openapi.utils.get_openapi") is not None
    if _openapi_disabled(app.keywords.get("openapi_url")):
        published = _published(d, [a for _, a in apps])
        if published is not None:
            app, routes = published
        elif not generated:
            evidence = _documentation_evidence(routes, app.loc, app.keywords)
            return _docs(0, "OpenAPI disabled (openapi_url=None)", evidence)
    keywords = app.keywords
    evidence = _documentation_evidence(routes, app.loc, keywords)
    if generated:
        at = d.index.first_call("fastapi.openapi.utils.get_openapi")
        evidence.insert(1, _e("OpenAPI generated by the project (get_openapi)", at))
    # ``FastAPI(**settings.fastapi_kwargs)``: what the spread holds is not visible; trust it.
    metadata = any(k in keywords for k in ("title", *_DOC_METADATA)) or generated
    views = routes.views
    written = (
        sum(1 for v in views if v.tagged or v in routes.documented) / len(views) if views else 0
    )
    touched = metadata or written >= _TOUCHED_SHARE
    accurate = bool(views) and (routes.typed_share >= _FULL_SHARE or not routes.counted)
    share = round(routes.documented_share * 100)
    if accurate and touched and routes.documented_share >= _DOCUMENTED_SHARE:
        summary = f"accurate OpenAPI, endpoints documented ({share}% of routes)"
        return _docs(2, summary, evidence)
    tagged = sum(1 for v in views if v.tagged) / len(views) if views else 0
    described = (
        generated
        or "**" in keywords
        or ("title" in keywords and ("description" in keywords or "version" in keywords))
    )
    if accurate and described and tagged >= _TOUCHED_SHARE:
        summary = f"accurate OpenAPI: the app described, routes tagged ({share}% with docstrings)"
        return _docs(2, summary, evidence)
    if not accurate and not touched:
        return _docs(0, "default /docs untouched", evidence)
    if accurate and touched:
        if described:
            lacks = "its routes are not grouped by tags"
        elif tagged >= _TOUCHED_SHARE:
            lacks = "the app has no title with a description or version"
        else:
            lacks = (
                "the app is not described (a title with a description or version) "
                "nor its routes tagged"
            )
        summary = (
            f"accurate OpenAPI, but {lacks}, and {share}% of routes have a summary, "
            "description or docstring"
        )
        documented = {id(v) for v in routes.documented}
        undocumented = [v.route.loc for v in views if id(v) not in documented]
        return _docs(1, summary, evidence, min(undocumented) if undocumented else None)
    untyped = [v.route.loc for v in routes.untyped]
    at = min(untyped) if touched and untyped else None
    return _docs(1, _partial_docs(touched, bool(views)), evidence, at)


_TOUCHED_SHARE = 0.2
# Endpoints documented: a summary, description or docstring on one route in four.
_DOCUMENTED_SHARE = 0.25


def _docs(
    points: int, summary: str, evidence: list[Evidence], at: Location | None = None
) -> Signal:
    fix = None if points == 2 else _doc_fix()
    return Signal("documentation", "Documentation", points, summary, tuple(evidence), fix, at=at)


def _doc_fix() -> Fix:
    return _fixes.plain(
        "declare every route's response type (response_model= or a return annotation), "
        "say what each endpoint does (a docstring or summary=) and give FastAPI() a title, "
        "description and version"
    )


def _partial_docs(touched: bool, routes: bool) -> str:
    if not touched:
        return "responses typed, but the docs are FastAPI's defaults: no title, tags or summaries"
    if not routes:
        return "the app is described, but has no routes to document"
    return "docs written, but responses untyped: the OpenAPI does not say what clients get"


def _openapi_disabled(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Constant) and value.value is None


def _published(d: Derived, apps: list[AppDef]) -> tuple[AppDef, Routes] | None:
    """The app that publishes the OpenAPI when the first one does not, with its routes.

    A root app that turns its schema off and mounts another (``app.mount("/api",
    api)``) serves the API's documentation from the mounted app: that app and the
    routes on it are what the docs say. The one with the most routes is judged.
    """
    found = []
    for app in apps:
        if app.name is None or _openapi_disabled(app.keywords.get("openapi_url")):
            continue
        own = d.routes.of(f"{app.module}:{app.name}")
        if own.views:
            found.append((len(own.views), app, own))
    if not found:
        return None
    _, app, own = min(found, key=lambda f: (-f[0], f[1].loc))
    return app, own


def _documentation_evidence(
    routes: Routes, loc: Location, keywords: dict[str, ast.expr]
) -> list[Evidence]:
    given = [k if k != "**" else "**..." for k in ("title", *_DOC_METADATA) if k in keywords]
    text = f"FastAPI({', '.join(given)})" if given else "FastAPI() without title or description"
    found = [_e(text, loc)]
    if routes.views:
        share = round(routes.documented_share * 100)
        found.append(
            _e(f"{len(routes.documented)} of {len(routes.views)} routes documented ({share}%)")
        )
        tagged = sum(1 for v in routes.views if v.tagged)
        found.append(_e(f"{tagged} of {len(routes.views)} routes tagged"))
        undocumented = [v for v in routes.views if v not in routes.documented]
        found += [
            _e(f"{v.route.method.upper()} {v.path} has no docstring or summary", v.route.loc)
            for v in undocumented[:2]
        ]
    return found
