"""Two properties of what the recipes generate, measured.

The generated tests catch a broken line: mutmut mutates the generated app and
the generated tests must detect at least 90% of the mutants (listed equivalent
mutants aside). The running app keeps its contract: Schemathesis, against the
app's own OpenAPI schema, on SQLite and PostgreSQL, finds no 5xx and no answer
that breaks its declared schema or the error envelope.

Every recipe that generates code adds its sentence here, with its own list of
equivalent mutants in ``equivalent_mutants/<recipe>.txt``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from contract import check_contract
from generated import apply, generate, on_server, postgres_url, redis_url
from mutation import (
    EQUIVALENT_MUTANTS,
    Mutant,
    MutantKey,
    MutationReport,
    function_of,
    mutant_key,
    mutation_score,
    read_equivalents,
)
from sqlalchemy.engine import make_url

#: The share of counted mutants the generated tests must detect.
BAR = 0.9
#: What the whole mutation run may take on a 2-core CI machine.
MUTATION_BUDGET = 600

#: The recipe under test, applied after new_project: name -> its sentences.
RECIPES = {
    "error_handling": ("set up error handling",),
    # With the error envelope, which the contract checks read.
    "auth": ("set up error handling", "add authentication to my API"),
    # The contract checks read the error envelope: caching runs on a project that has it.
    "caching": ("set up error handling", "add caching to my API"),
    # With the error envelope, which quotes the request id the logging middleware gives.
    "logging": ("set up error handling", "add structured logging"),
    # With auth, so that the socket's token checks are mutated too.
    "websocket": (
        "set up error handling",
        "add authentication to my API",
        "add WebSocket support",
    ),
}
#: The files whose mutants count, when not the whole app package.
MUTATED = {
    "auth": (
        "src/app/core/security.py",
        "src/app/core/rate_limit.py",
        "src/app/features/auth/*.py",
        "src/app/features/users/*.py",
    ),
    "caching": ("src/app/core/cache.py",),
    "logging": ("src/app/core/logging.py", "src/app/core/tracing.py"),
    "websocket": ("src/app/features/realtime/*.py",),
}
#: Recipes whose generated tests hold a WebSocket open per test, over a fresh
#: app each, and wait out heartbeats, or hash passwords with Argon2 (auth: 409
#: mutants, most of them run by the HTTP tests): their mutants take longer to run.
BUDGETS = {"websocket": 1800, "auth": 1200}
#: Recipes whose mutants are killed partly by their tests against the real
#: Redis: without one, their score says nothing.
NEEDS_REDIS = frozenset({"websocket"})


@pytest.mark.slow
@pytest.mark.parametrize("recipe", sorted(RECIPES))
def test_the_generated_tests_detect_mutants(recipe: str, tmp_path: Path) -> None:
    if recipe in NEEDS_REDIS and redis_url() is None:
        pytest.skip("no Redis configured (FASTPROD_TEST_REDIS_URL)")
    budget = BUDGETS.get(recipe, MUTATION_BUDGET)
    report = mutation_score(
        tmp_path,
        RECIPES[recipe],
        EQUIVALENT_MUTANTS / f"{recipe}.txt",
        only=MUTATED.get(recipe, ()),
        timeout=budget - 120,
    )
    print(report.summary())
    assert not report.stale, report.summary()
    assert report.score >= BAR, report.summary()
    assert report.seconds < budget, report.summary()


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A PostgreSQL database of this test's own, dropped afterwards."""
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL configured (FASTPROD_TEST_DATABASE_URL)")
    server = make_url(url)
    name = "test_generated_contract"
    on_server(server, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    yield server.set(database=name).render_as_string(hide_password=False)
    on_server(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _project(tmp_path: Path, recipe: str) -> Path:
    root = generate(tmp_path, "shop")
    for sentence in RECIPES[recipe]:
        assert apply(root, sentence).status == "applied"
    return root


@pytest.mark.slow
@pytest.mark.parametrize("recipe", sorted(RECIPES))
def test_the_app_keeps_its_contract_on_sqlite(recipe: str, tmp_path: Path) -> None:
    root = _project(tmp_path, recipe)
    report = check_contract(root, f"sqlite+aiosqlite:///{tmp_path / 'test.db'}", envelope=True)
    print(report.summary())
    assert {"GET /health", "GET /ready"} <= set(report.operations)
    assert report.ok, report.summary()


@pytest.mark.slow
@pytest.mark.parametrize("recipe", sorted(RECIPES))
def test_the_app_keeps_its_contract_on_postgresql(
    recipe: str, tmp_path: Path, postgres_database: str
) -> None:
    root = _project(tmp_path, recipe)
    report = check_contract(root, postgres_database, envelope=True)
    print(report.summary())
    assert {"GET /health", "GET /ready"} <= set(report.operations)
    assert report.ok, report.summary()


BROKEN_ROUTE = '''
from fastapi import HTTPException


@router.get("/broken", responses={418: {"model": Health}})
async def broken(page: int) -> Health:
    """Fails past the first pages; a negative page answers an undeclared body."""
    if page < 0:
        raise HTTPException(418, "negative")
    if page > 5:
        raise RuntimeError("broken")
    return Health(status="ok")
'''


@pytest.mark.slow
def test_the_contract_check_finds_what_breaks_the_contract(tmp_path: Path) -> None:
    root = _project(tmp_path, "error_handling")
    router = root / "src/app/features/health/router.py"
    router.write_text(router.read_text() + BROKEN_ROUTE)
    main = root / "src/app/main.py"
    main.write_text(main.read_text().replace("    register_error_handlers(app)\n", ""))

    report = check_contract(root, f"sqlite+aiosqlite:///{tmp_path / 'test.db'}", envelope=True)

    assert "GET /broken" in report.operations
    assert any("RuntimeError: broken" in error for error in report.errors), report.summary()
    checks = {f["check"] for f in report.failures}
    assert {"error_envelope", "declared_fields_only"} <= checks, report.summary()


# The harness itself, without generating anything.

DIFF = """\
--- src/app/core/errors.py
+++ src/app/core/errors.py
@@ -1,4 +1,4 @@
 def __init__(self) -> None:
-        headers={"Retry-After": "1"},
-    )
+        )
"""


def test_a_mutant_is_keyed_by_function_and_changed_lines() -> None:
    key = mutant_key("app.core.errors.xǁRateLimitErrorǁ__init____mutmut_7", DIFF)

    assert key == MutantKey(
        "app.core.errors.RateLimitError.__init__", ('headers={"Retry-After": "1"},', ")"), (")",)
    )


def test_function_names_are_unmangled() -> None:
    assert function_of("app.main.x_create_app__mutmut_12") == "app.main.create_app"
    assert function_of("app.x.xǁPageǁof__mutmut_1") == "app.x.Page.of"


def test_only_listed_mutants_leave_the_denominator(tmp_path: Path) -> None:
    listed = tmp_path / "listed.txt"
    listed.write_text(
        "# comment\n\napp.m.f\n- a = 1\n+ a = 2\nwhy: a is never read\n\n"
        "app.m.g\n- b\nwhy: gone since\n"
    )
    key = MutantKey("app.m.f", ("a = 1",), ("a = 2",))
    other = MutantKey("app.m.f", ("a = 1",), ("a = 3",))
    mutants = (
        Mutant("app.m.x_f__mutmut_1", "survived", key),
        Mutant("app.m.x_f__mutmut_2", "survived", other),
        Mutant("app.m.x_f__mutmut_3", "killed"),
        Mutant("app.m.x_f__mutmut_4", "timeout"),
        Mutant("app.m.x_f__mutmut_5", "no tests", MutantKey("app.m.f", ("c",), ())),
    )

    report = MutationReport(mutants, read_equivalents(listed), seconds=1)

    assert [m.name for m in report.excluded] == ["app.m.x_f__mutmut_1"]
    assert report.score == 2 / 4
    assert [m.status for m in report.survivors] == ["survived", "no tests"]
    assert [e.key.function for e in report.stale] == ["app.m.g"]


def test_an_equivalent_without_a_reason_is_refused(tmp_path: Path) -> None:
    listed = tmp_path / "listed.txt"
    listed.write_text("app.m.f\n- a = 1\n+ a = 2\n")

    with pytest.raises(AssertionError, match="does not say why"):
        read_equivalents(listed)


@pytest.mark.parametrize("recipe", sorted(RECIPES))
def test_the_checked_in_lists_parse(recipe: str) -> None:
    for equivalent in read_equivalents(EQUIVALENT_MUTANTS / f"{recipe}.txt"):
        assert equivalent.key.removed or equivalent.key.added, equivalent
