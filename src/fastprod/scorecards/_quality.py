"""The playbook's Quality Scoring: 8 weighted dimensions, each at 0, 25, 50, 75 or 100.

| Dimension | Weight | 0-25 | 50 | 75 | 100 |
| Type Safety | 15% | No types | Partial Pydantic | Full schemas | Strict mypy pass |
| Error Handling | 15% | Bare HTTPException | Custom errors | Full hierarchy | + monitoring |
| Testing | 15% | None | Happy path | 80%+ coverage | + contract tests |
| Security | 15% | No auth | Basic JWT | + RBAC + rate limit | + scanning + audit |
| Performance | 10% | Sync everything | Async DB | + caching | + profiling |
| Observability | 10% | print() | Structured logs | + tracing | + metrics + alerts |
| Database | 10% | Raw SQL | ORM + migrations | + repository pattern | + connection tuning |
| Deployment | 10% | Manual | Dockerfile | + CI/CD | + health + rollback |

Each level needs the ones below it (a ladder). The first column splits in two:
0 when there is nothing at all, 25 when there is its description (bare
``HTTPException``, raw SQL, ``print()``...) or a start short of the 50 column.
"Strict mypy pass" is read as strict mypy configured and run by CI, pre-commit
or a task runner; "+ scanning + audit" as dependency scanning plus a security
audit: a static security analyser in CI (bandit, semgrep, CodeQL, ruff's ``S``
rules) or every P0 item of the checklist passing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fastprod.project._model._facts import Location
from fastprod.scorecards import _fixes
from fastprod.scorecards._derive import Derived
from fastprod.scorecards._model import Check, Dimension, Evidence, Fix, Issue, Signal

_FEW_TESTS = 5


@dataclass(frozen=True, slots=True)
class _Rung:
    """One level of a ladder: reached when ``found`` is set."""

    level: int
    label: str
    found: Location | bool | None
    fix: Fix | None = None
    at: Location | None = None


def _climb(
    id_: str, title: str, weight: int, rungs: Sequence[_Rung], base: list[Evidence]
) -> Dimension:
    level, evidence, summary, fix = 0, list(base), "nothing in place", None
    at: Location | None = None
    for rung in rungs:
        if not rung.found:
            summary = f"missing: {rung.label}"
            fix, at = rung.fix, rung.at
            evidence.append(Evidence(f"missing for {rung.level}: {rung.label}", rung.at))
            break
        level = rung.level
        loc = rung.found if isinstance(rung.found, Location) else None
        evidence.append(Evidence(f"{rung.level}: {rung.label}", loc))
        summary = rung.label
    if level == 100:
        fix = None
    return Dimension(id_, title, weight, level, summary, tuple(evidence), fix, at)


def dimensions(
    d: Derived,
    health: tuple[Signal, ...],
    security: tuple[Check, ...],
    further: tuple[Issue, ...] = (),
) -> tuple[Dimension, ...]:
    """All eight dimensions, in the playbook's order."""
    points = {s.id: s.points for s in health}
    return (
        type_safety(d, points["type_safety"]),
        error_handling(d, points["error_handling"]),
        testing(d),
        security_dimension(d, points["auth"], security, further),
        performance(d),
        observability(d),
        database(d),
        deployment(d),
    )


def _plain(text: str) -> Fix:
    return _fixes.plain(text)


def type_safety(d: Derived, signal: int) -> Dimension:
    """No types, partial Pydantic, full schemas, strict mypy."""
    models = bool(d.index.model_names())
    routes = d.routes
    annotated = bool(routes.typed) or models
    strict = d.config.mypy_strict
    runner = d.config.runs("mypy") or _hook(d, "mypy")
    label, fix = _strict_mypy(strict, runner)
    gap = d.routes.first_gap
    rungs = [
        _Rung(25, "type annotations", annotated, _plain("annotate route inputs and returns"), gap),
        _Rung(
            50,
            "Pydantic models",
            models,
            _plain("declare Pydantic models for bodies and responses"),
            gap,
        ),
        _Rung(
            75,
            "full schemas on every route",
            signal == 2,
            _plain("give every route a response model and typed inputs"),
            gap,
        ),
        _Rung(100, label, strict is not None and runner is not None, fix, strict or runner),
    ]
    return _climb("type_safety", "Type safety", 15, rungs, [])


def _strict_mypy(strict: Location | None, runner: Location | None) -> tuple[str, Fix]:
    """What the top rung misses, said as it is: the strict setting, the CI run, or both."""
    if strict is not None and runner is None:
        label = "a CI or pre-commit run of mypy (strict = true is already set)"
        return label, _plain("run mypy in CI or pre-commit; strict = true is already set")
    if strict is None and runner is not None:
        return "strict mypy (mypy runs, without strict = true)", _plain(
            "set strict = true in the mypy configuration"
        )
    return "strict mypy, run by CI or pre-commit", _plain(
        "enable mypy strict = true and run it in CI"
    )


def _hook(d: Derived, hook: str) -> Location | None:
    found = [loc for loc, name in d.config.hooks if name == hook]
    return min(found) if found else None


def error_handling(d: Derived, signal: int) -> Dimension:
    """Bare HTTPException, custom errors, full hierarchy, plus monitoring."""
    fix = _fixes.recipe("error_handling", "add an error hierarchy and a global handler")
    rungs = [
        _Rung(25, "HTTP errors raised", bool(d.http_exceptions or d.exceptions or d.handlers), fix),
        _Rung(50, "custom errors or handlers", signal >= 1, fix),
        _Rung(75, "full error hierarchy", signal == 2, fix),
        _Rung(
            100,
            "error monitoring (Sentry, OpenTelemetry, ...)",
            d.monitoring,
            _plain("report errors to Sentry or OpenTelemetry"),
        ),
    ]
    return _climb("error_handling", "Error handling", 15, rungs, [])


def testing(d: Derived) -> Dimension:
    """None, happy path, 80%+ coverage, plus contract tests."""
    gate = d.config.coverage_gate()
    feature = d.untested_feature()
    text = "add async tests and a coverage gate"
    fix = _fixes.recipe("write_tests", text, target=feature) if feature else _plain(text)
    tests = d.tests
    first = tests[0][2] if tests else None
    rungs = [
        _Rung(25, "tests", first, fix),
        _Rung(50, f"{_FEW_TESTS}+ tests", len(tests) >= _FEW_TESTS and first, fix),
        _Rung(75, "coverage gate of 80%+", gate[0] if gate and gate[1] >= 80 else None, fix),
        _Rung(
            100,
            "contract tests (schemathesis, pact)",
            d.contract_tests,
            _plain("add schemathesis contract tests against the OpenAPI schema"),
        ),
    ]
    return _climb("testing", "Testing", 15, rungs, [])


def security_dimension(
    d: Derived, auth: int, security: tuple[Check, ...], further: tuple[Issue, ...] = ()
) -> Dimension:
    """No auth, basic JWT, plus RBAC and rate limiting, plus scanning and audit.

    An audit is passed when no error-level defect is found beside the ten items
    (Starlette's debug page from a setting, a password in code).
    """
    items = {c.id: c for c in security}
    auth_fix = _fixes.recipe("auth", "add JWT authentication with role checks")
    limited = items["auth_rate_limit"].passed and d.auth_present
    clean = all(c.passed for c in security if c.priority == "P0")
    defect = next((i for i in further if i.severity == "error"), None)
    scanned = items["dependency_scanning"].passed
    audited = scanned and (clean or bool(d.config.sast())) and defect is None
    rungs = [
        _Rung(25, "authentication", d.auth_present, auth_fix),
        _Rung(50, "JWT through dependencies", auth == 2, auth_fix),
        _Rung(
            75,
            "role checks and rate-limited auth",
            bool(d.rbac) and limited,
            _plain("check roles or scopes in a dependency and rate-limit login"),
        ),
        _Rung(
            100,
            "dependency scanning and a security audit (SAST or a clean checklist), "
            "no security defect found",
            audited,
            _plain("scan dependencies in CI and pass every P0 item of the checklist"),
            defect.loc if defect is not None and scanned else (None if scanned else d.manifest),
        ),
    ]
    return _climb("security", "Security", 15, rungs, [])


def performance(d: Derived) -> Dimension:
    """Sync everything, async DB, plus caching, plus profiling."""
    async_routes = d.async_share >= 0.5
    async_db = d.async_orm or d.async_driver
    db_fix = _fixes.recipe("optimize_db", "use an async driver and AsyncSession")
    base = (
        [Evidence(f"{round(d.async_share * 100)}% of routes are async def")]
        if d.routes.views
        else []
    )
    base += [
        Evidence(f"blocking call {name} inside async def", loc) for loc, name in d.blocking[:2]
    ]
    if not d.database_used:
        rungs = [
            _Rung(25, "async routes", async_routes, _plain("declare I/O-bound routes async def")),
            _Rung(50, "async I/O (no database to wait on)", async_routes, db_fix),
        ]
    else:
        rungs = [
            _Rung(25, "async routes or an async database", async_routes or bool(async_db), db_fix),
            _Rung(50, "async database access", bool(async_db) and async_routes, db_fix),
        ]
    rungs += [
        _Rung(75, "caching", d.caching, _fixes.recipe("caching", "cache hot reads in Redis")),
        _Rung(
            100,
            "profiling or load tests",
            d.profiling,
            _plain("profile with pyinstrument or load-test with locust"),
        ),
    ]
    return _climb("performance", "Performance", 10, rungs, base)


def observability(d: Derived) -> Dimension:
    """print(), structured logs, plus tracing, plus metrics and alerts."""
    log_fix = _fixes.recipe("logging", "log JSON with structlog and request IDs")
    base = (
        [Evidence(f"{len(d.prints)} print() call(s) in application code", d.prints[0])]
        if d.prints
        else []
    )
    rungs = [
        _Rung(25, "logging", d.plain_logging or d.structured_logging, log_fix),
        _Rung(50, "structured logs", d.structured_logging, log_fix),
        _Rung(75, "tracing", d.tracing, _plain("add OpenTelemetry tracing")),
        _Rung(
            100,
            "metrics and alerts",
            bool(d.metrics) and bool(d.alerts),
            _plain("expose Prometheus metrics and alert on them (or on Sentry errors)"),
        ),
    ]
    return _climb("observability", "Observability", 10, rungs, base)


def database(d: Derived) -> Dimension:
    """Raw SQL, ORM plus migrations, plus repositories, plus connection tuning."""
    orm = d.async_orm or d.sync_orm
    fix = _fixes.recipe("optimize_db", "use the ORM with migrations, repositories and a tuned pool")
    base = [Evidence("SQL built from values", loc) for loc in d.dynamic_sql[:2]]
    rungs = [
        _Rung(
            25,
            "a database layer",
            d.database_used and (orm or d.raw_driver or bool(d.sql)),
            _plain("add an async ORM"),
        ),
        _Rung(
            50,
            "ORM and migrations, no SQL built from values",
            bool(orm) and bool(d.migrations) and not d.dynamic_sql,
            fix,
        ),
        _Rung(75, "repository pattern", d.repository, fix),
        _Rung(100, "connection pool tuning", d.pool_tuning, fix),
    ]
    return _climb("database", "Database", 10, rungs, base)


def deployment(d: Derived) -> Dimension:
    """Manual, Dockerfile, plus CI/CD, plus health checks and rollback."""
    fix = _fixes.recipe("deploy", "add a Dockerfile, CI and health checks")
    dockerfile = d.dockerfile
    started = dockerfile is not None or bool(d.config.platforms) or bool(d.config.ci_files)
    ci = Location(d.config.ci_files[0]) if d.config.ci_files else None
    rungs = [
        _Rung(25, "a deployment definition", started, fix, d.manifest),
        _Rung(50, "Dockerfile", Location(dockerfile[0]) if dockerfile else None, fix, d.manifest),
        _Rung(75, "CI/CD", ci, fix),
        _Rung(
            100,
            "health check and rollback",
            bool(d.container_health) and bool(d.rollback),
            _plain(
                "declare a container health check and a rollback path "
                "(orchestrated rollouts or migration downgrades)"
            ),
        ),
    ]
    return _climb("deployment", "Deployment", 10, rungs, [])
