"""The edit toolkit recipes stand on, before and after, on the fixture layouts.

Each helper means "make sure it is present": a second application returns the
very same string. Layouts: single_file, bigger_app, src_factory, alias_import,
api_aggregator, and what ``new_project`` generates.
"""

from __future__ import annotations

import ast
import asyncio
import difflib
import itertools
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest
from helpers import FIXTURES, copy_fixture

from fastprod import ChangeSet, FileChange, Project, ProjectError, RecipeError
from fastprod.recipe import (
    MIDDLEWARE_LAYERS,
    Edits,
    EnvLine,
    Migration,
    Setting,
    add_app_statement,
    add_middleware,
    alembic_heads,
    document_env,
    ensure_definitions,
    ensure_dependency,
    ensure_env_lines,
    ensure_ignored,
    ensure_import,
    ensure_lifespan_step,
    ensure_model_import,
    ensure_setting,
    features_own_tests,
    find_alembic,
    find_router_home,
    import_form,
    migration_text,
    model_registration,
    new_router_path,
    plan_migration,
    plan_router_include,
    requirement_for,
    settings_env_prefix,
)
from fastprod.recipe import (
    tests_home as where_tests_go,
)

LAYOUTS = ("single_file", "bigger_app", "src_factory", "alias_import", "api_aggregator")


def fixture(name: str) -> Project:
    return Project((FIXTURES / name).resolve())


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """What ``new_project`` writes, as a read-only view."""
    from generated import generate

    return Project(generate(tmp_path_factory.mktemp("gen"), "shop"))


def added_lines(before: str, after: str) -> list[str]:
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return [line[2:] for line in diff if line.startswith("+ ")]


def removed_lines(before: str, after: str) -> list[str]:
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return [line[2:] for line in diff if line.startswith("- ")]


def idempotent(edit: Callable[[str], str], before: str) -> str:
    after = edit(before)
    assert edit(after) is after
    compile(after, "<edited>", "exec")
    return after


# --- middleware layers -----------------------------------------------------------------

MIDDLEWARE = {
    "cors": ("CORSMiddleware", {"allow_origins": '["*"]'}),
    "request_id": ("CorrelationIdMiddleware", {}),
    "gzip": ("GZipMiddleware", {"minimum_size": "1000"}),
    "rate_limit": ("RateLimitMiddleware", {}),
}


def with_middleware(source: str, project: Project, order: tuple[str, ...]) -> str:
    for key in order:
        cls, options = MIDDLEWARE[key]
        source = add_middleware(source, project.app, cls, **options)
    return source


@pytest.mark.parametrize("layout", LAYOUTS)
def test_middleware_order_is_the_same_whatever_order_they_are_added_in(layout: str) -> None:
    project = fixture(layout)
    before = project.read_text(project.app.edit_path) or ""
    results = {
        with_middleware(before, project, order) for order in itertools.permutations(MIDDLEWARE)
    }
    assert len(results) == 1
    (after,) = results
    var = "api" if layout == "alias_import" else "app"
    # Starlette runs the last added first: request id outermost, rate limiting innermost.
    assert [line.strip() for line in added_lines(before, after) if line] == [
        f"{var}.add_middleware(RateLimitMiddleware)",
        f"{var}.add_middleware(GZipMiddleware, minimum_size=1000)",
        f'{var}.add_middleware(CORSMiddleware, allow_origins=["*"])',
        f"{var}.add_middleware(CorrelationIdMiddleware)",
    ]
    assert removed_lines(before, after) == []
    assert with_middleware(after, project, tuple(MIDDLEWARE)) is after


def test_middleware_in_a_factory_stay_one_block_before_return() -> None:
    project = fixture("src_factory")
    before = project.read_text(project.app.edit_path) or ""
    after = with_middleware(before, project, ("gzip", "request_id", "cors"))
    assert (
        '        return {"status": "ok"}\n\n'
        "    app.add_middleware(GZipMiddleware, minimum_size=1000)\n"
        '    app.add_middleware(CORSMiddleware, allow_origins=["*"])\n'
        "    app.add_middleware(CorrelationIdMiddleware)\n\n"
        "    return app\n"
    ) in after


def test_user_middleware_stay_where_they_are() -> None:
    before = (
        "app = FastAPI()\n"
        "app.add_middleware(TimingMiddleware)\n"
        "app.add_middleware(GZipMiddleware)\n"
        "app.add_middleware(AuditTrailMiddleware)\n"
    )
    project_app = fixture("single_file").app
    after = add_middleware(before, project_app, "CORSMiddleware")
    after = add_middleware(after, project_app, "RateLimitMiddleware")
    assert after == (
        "app = FastAPI()\n"
        "app.add_middleware(TimingMiddleware)\n"
        "app.add_middleware(RateLimitMiddleware)\n"
        "app.add_middleware(GZipMiddleware)\n"
        "app.add_middleware(CORSMiddleware)\n"
        "app.add_middleware(AuditTrailMiddleware)\n"
    )


LISTED = (
    "from fastapi import FastAPI\n"
    "from starlette.middleware import Middleware\n\n"
    "app = FastAPI(\n"
    "    middleware=[\n"
    "        Middleware(CorrelationIdMiddleware),\n"
    "        Middleware(TimingMiddleware),\n"
    "        Middleware(GZipMiddleware),\n"
    "    ],\n"
    ")\n"
)


def test_a_middleware_list_gets_the_new_one_in_its_layer() -> None:
    project = fixture("single_file")
    results = {
        with_middleware(LISTED, project, order)
        for order in itertools.permutations(("cors", "rate_limit"))
    }
    assert results == {
        LISTED.replace(
            "        Middleware(GZipMiddleware),\n",
            '        Middleware(CORSMiddleware, allow_origins=["*"]),\n'
            "        Middleware(GZipMiddleware),\n"
            "        Middleware(RateLimitMiddleware),\n",
        )
    }


def test_a_stated_layer_places_a_class_of_no_known_layer() -> None:
    app = fixture("single_file").app
    before = "app = FastAPI()\napp.add_middleware(CORSMiddleware)\n"
    after = add_middleware(before, app, "HeadersMiddleware", layer="security_headers")
    assert after == (
        "app = FastAPI()\n"
        "app.add_middleware(CORSMiddleware)\n"
        "app.add_middleware(HeadersMiddleware)\n"
    )
    inner = add_middleware(before, app, "LimitMiddleware", layer="rate_limit")
    assert inner.splitlines()[1] == "app.add_middleware(LimitMiddleware)"
    with pytest.raises(ValueError, match="unknown middleware layer"):
        add_middleware(before, app, "X", layer="outer")


def test_the_layers_are_documented_in_order() -> None:
    assert MIDDLEWARE_LAYERS[0] == "request_id"
    assert MIDDLEWARE_LAYERS.index("cors") < MIDDLEWARE_LAYERS.index("rate_limit")


# --- lifespan --------------------------------------------------------------------------


def test_new_project_lifespan_is_extended_and_its_code_kept(generated: Project) -> None:
    app = generated.app
    before = generated.read_text(app.edit_path) or ""
    after = idempotent(
        lambda text: ensure_lifespan_step(text, app, "cache_lifespan({app})"), before
    )
    after = idempotent(
        lambda text: ensure_lifespan_step(text, app, "limiter_lifespan({app})"), after
    )
    assert (
        "async def lifespan(app: FastAPI) -> AsyncIterator[None]:\n"
        '    """Configure logging when the server starts; close the database at shutdown."""\n'
        "    async with AsyncExitStack() as stack:\n"
        "        await stack.enter_async_context(cache_lifespan(app))\n"
        "        await stack.enter_async_context(limiter_lifespan(app))\n"
        "        settings: Settings = app.state.settings\n"
        "        configure_logging(settings.effective_log_level)\n"
        "        yield\n"
        "        await app.state.engine.dispose()\n"
    ) in after
    assert "from contextlib import AsyncExitStack, asynccontextmanager\n" in after
    assert removed_lines(before, after) == [
        "from contextlib import asynccontextmanager",
        "    settings: Settings = app.state.settings",
        "    configure_logging(settings.effective_log_level)",
        "    yield",
        "    await app.state.engine.dispose()",
    ]


@pytest.mark.parametrize("layout", ["single_file", "bigger_app", "src_factory", "alias_import"])
def test_a_lifespan_is_created_when_there_is_none(layout: str) -> None:
    project = fixture(layout)
    app = project.app
    before = project.read_text(app.edit_path) or ""
    after = idempotent(
        lambda text: ensure_lifespan_step(text, app, "cache_lifespan({app})"), before
    )
    # Only the app's creation line changes (it gains ``lifespan=``); imports are merged into.
    gone = set(before.splitlines()) - set(after.splitlines())
    creation = {line for line in before.splitlines() if "= FastAPI(" in line or "WebApp(" in line}
    assert gone - {line for line in gone if line.startswith("from ")} == creation
    assert "        await stack.enter_async_context(cache_lifespan(app))\n        yield\n" in after
    assert "lifespan=lifespan)" in after
    assert after.index("async def lifespan(") < after.index("lifespan=lifespan")


def test_a_created_lifespan_goes_above_the_statements_just_before_the_app() -> None:
    # The same module whether setup_logging() was added before the lifespan or after it.
    source = 'from fastapi import FastAPI\n\nsetup_logging("INFO")\napp = FastAPI()\n'
    app = fixture("single_file").app
    text = ensure_lifespan_step(source, app, "cache_lifespan({app})")
    assert text.index("async def lifespan(") < text.index('setup_logging("INFO")')
    assert '\n\n\nsetup_logging("INFO")\napp = FastAPI(lifespan=lifespan)\n' in text
    later = add_app_statement(
        ensure_lifespan_step(
            "from fastapi import FastAPI\n\napp = FastAPI()\n", app, "cache_lifespan({app})"
        ),
        app,
        'setup_logging("INFO")',
        before_app=True,
    )
    assert later == text


STEPS = (
    "from contextlib import asynccontextmanager\n"
    "@asynccontextmanager\n"
    "async def step(app, name):\n"
    "    events.append(f'enter {name}')\n"
    "    yield\n"
    "    events.append(f'exit {name}')\n"
)


def test_a_created_lifespan_enters_and_leaves_each_step() -> None:
    source = "from fastapi import FastAPI\n\napp = FastAPI()\n"
    app = fixture("single_file").app
    text = ensure_lifespan_step(source, app, "step({app}, 'first')")
    text = ensure_lifespan_step(text, app, "step({app}, 'second')")
    events: list[str] = []
    namespace: dict[str, object] = {"events": events}
    exec(compile(STEPS, "<steps>", "exec"), namespace)
    exec(compile(text, "<app>", "exec"), namespace)
    built = namespace["app"]

    async def run() -> None:
        async with built.router.lifespan_context(built):  # type: ignore[attr-defined]
            events.append("serving")

    asyncio.run(run())
    assert events == ["enter first", "enter second", "serving", "exit second", "exit first"]


def test_known_steps_take_their_layer_in_either_order(generated: Project) -> None:
    app = generated.app
    before = generated.read_text(app.edit_path) or ""
    steps = [
        "realtime_lifespan({app})",
        "cache_lifespan({app})",
        "tables_created({app})",
        "jwt_secret_checked({app})",
        "rate_limit_store({app})",
    ]
    texts = set()
    for order in itertools.permutations(steps):
        text = before
        for step in order:
            text = ensure_lifespan_step(text, app, step)
        texts.add(text)
    (text,) = texts
    # checks, database, stores (by name), realtime: the project's own code after them.
    entered = [line.strip() for line in text.splitlines() if "enter_async_context" in line]
    assert entered == [
        "await stack.enter_async_context(jwt_secret_checked(app))",
        "await stack.enter_async_context(tables_created(app))",
        "await stack.enter_async_context(cache_lifespan(app))",
        "await stack.enter_async_context(rate_limit_store(app))",
        "await stack.enter_async_context(realtime_lifespan(app))",
    ]
    assert text.index("rate_limit_store(app)") < text.index("configure_logging(")


def test_a_step_of_no_known_layer_is_entered_last_and_the_projects_steps_stay_first() -> None:
    source = (
        "@asynccontextmanager\n"
        "async def lifespan(app: FastAPI):\n"
        "    async with AsyncExitStack() as stack:\n"
        "        await stack.enter_async_context(own_pool(app))\n"
        "        yield\n\n\n"
        "app = FastAPI(lifespan=lifespan)\n"
    )
    app = fixture("single_file").app
    text = ensure_lifespan_step(source, app, "cache_lifespan({app})")
    text = ensure_lifespan_step(text, app, "tables_created({app})")
    text = ensure_lifespan_step(text, app, "metrics({app})")
    entered = [line.strip() for line in text.splitlines() if "enter_async_context" in line]
    assert entered == [
        "await stack.enter_async_context(own_pool(app))",
        "await stack.enter_async_context(tables_created(app))",
        "await stack.enter_async_context(cache_lifespan(app))",
        "await stack.enter_async_context(metrics(app))",
    ]


def test_a_new_lifespan_is_named_lifespan_beside_a_step_whose_name_holds_the_word() -> None:
    source = "from fastapi import FastAPI\n\nfrom cache import cache_lifespan\n\napp = FastAPI()\n"
    text = ensure_lifespan_step(source, fixture("single_file").app, "cache_lifespan({app})")
    assert "async def lifespan(app: FastAPI)" in text
    assert "app = FastAPI(lifespan=lifespan)" in text


def test_a_step_written_by_hand_counts_as_present() -> None:
    source = (
        "@asynccontextmanager\n"
        "async def lifespan(app: FastAPI):\n"
        "    async with cache_lifespan(app):\n"
        "        yield\n\n\n"
        "app = FastAPI(lifespan=lifespan)\n"
    )
    app = fixture("single_file").app
    assert ensure_lifespan_step(source, app, "cache_lifespan({app})") is source


def test_a_sync_lifespan_is_refused() -> None:
    source = (
        "@contextmanager\n"
        "def lifespan(app: FastAPI):\n"
        "    yield\n\n\n"
        "app = FastAPI(lifespan=lifespan)\n"
    )
    with pytest.raises(RecipeError, match="not an async function"):
        ensure_lifespan_step(source, fixture("single_file").app, "cache_lifespan({app})")


EVENT_APP = (
    "from fastapi import FastAPI\n\n"
    "app = FastAPI(on_shutdown=[lambda: events.append('user shutdown')])\n\n\n"
    '@app.on_event("startup")\n'
    "async def connect() -> None:\n"
    "    events.append('user startup')\n"
)


def test_event_handlers_are_kept_and_the_steps_join_them() -> None:
    from fastapi.testclient import TestClient

    app = fixture("single_file").app
    text = idempotent(lambda t: ensure_lifespan_step(t, app, "step({app}, 'first')"), EVENT_APP)
    text = idempotent(lambda t: ensure_lifespan_step(t, app, "step({app}, 'second')"), text)
    assert removed_lines(EVENT_APP, text) == []
    assert "lifespan=" not in text
    events: list[str] = []
    namespace: dict[str, object] = {"events": events}
    exec(compile(STEPS, "<steps>", "exec"), namespace)
    exec(compile(text, "<app>", "exec"), namespace)
    with TestClient(namespace["app"]):  # type: ignore[arg-type]
        events.append("serving")
    assert events == [
        "enter first",
        "enter second",
        "user startup",
        "serving",
        "user shutdown",
        "exit second",
        "exit first",
    ]


def test_event_handlers_in_a_factory_are_refused_not_silenced() -> None:
    source = (
        "def create_app() -> FastAPI:\n"
        "    app = FastAPI()\n"
        '    app.add_event_handler("startup", connect)\n'
        "    return app\n"
    )
    with pytest.raises(RecipeError, match="event handlers"):
        ensure_lifespan_step(source, fixture("src_factory").app, "cache_lifespan({app})")


# --- settings and .env.example ---------------------------------------------------------


def test_a_validated_secret_setting_joins_the_factory_layout_settings() -> None:
    project = fixture("src_factory")
    before = project.read_text("src/bookshop/config.py") or ""
    setting = Setting("redis_url", "SecretStr")
    pool = Setting("cache_ttl", "int", "300", {"ge": "1"}, "Seconds a cached entry lives")
    after = idempotent(lambda text: ensure_setting(text, "Settings", setting), before)
    after = idempotent(lambda text: ensure_setting(text, "Settings", pool), after)
    assert added_lines(before, after) == [
        "from pydantic import Field, SecretStr",
        "    redis_url: SecretStr",
        # 91 characters on one line: wrapped, as ruff format would.
        "    cache_ttl: int = Field(",
        '        default=300, ge=1, description="Seconds a cached entry lives"',
        "    )",
    ]
    assert removed_lines(before, after) == ["from pydantic import Field"]
    assert settings_env_prefix(before, "Settings") == "BOOKSHOP_"


def test_settings_of_a_generated_project(generated: Project) -> None:
    settings = generated.settings
    assert settings is not None
    before = generated.read_text(settings.path) or ""
    setting = Setting("redis_url", "SecretStr", 'SecretStr("redis://localhost:6379/0")')
    after = idempotent(lambda text: ensure_setting(text, settings.class_name, setting), before)
    assert added_lines(before, after) == [
        '    redis_url: SecretStr = SecretStr("redis://localhost:6379/0")'
    ]
    assert settings_env_prefix(before, settings.class_name) == ""


def test_grouped_settings_follow_the_projects_own_sorted_by_group_in_either_order(
    generated: Project,
) -> None:
    settings = generated.settings
    assert settings is not None
    before = generated.read_text(settings.path) or ""
    # What three recipes add, each its own fields in its own order.
    recipes = [
        [Setting("ws_heartbeat_seconds", "float", "30.0", group="WebSocket")],
        [
            Setting("redis_url", "str | None", "None", group="Redis"),
            Setting("cache_ttl_seconds", "int", "300", group="Cache"),
            Setting("cache_key_prefix", "str", '"shop"', group="Cache"),
        ],
        [Setting("redis_url", "str | None", "None", group="Redis")],
    ]
    texts = set()
    for order in itertools.permutations(recipes):
        text = before
        for field in itertools.chain.from_iterable(order):
            text = idempotent(lambda t, f=field: ensure_setting(t, settings.class_name, f), text)
        texts.add(text)
    (text,) = texts
    assert removed_lines(before, text) == []
    assert added_lines(before, text) == [
        "",
        "    # Cache",
        "    cache_ttl_seconds: int = 300",
        '    cache_key_prefix: str = "shop"',
        "",
        "    # Redis",
        "    redis_url: str | None = None",
        "",
        "    # WebSocket",
        "    ws_heartbeat_seconds: float = 30.0",
    ]
    # After the project's last field, before its validators.
    assert text.index("db_echo: bool") < text.index("# Cache") < text.index("@field_validator")


def test_a_group_joins_a_class_without_fields_under_its_title() -> None:
    source = 'class Settings(BaseSettings):\n    """The settings."""\n'
    setting = Setting("cache_ttl_seconds", "int", "300", group="Cache")
    after = idempotent(lambda text: ensure_setting(text, "Settings", setting), source)
    assert after == (
        'class Settings(BaseSettings):\n    """The settings."""\n\n'
        "    # Cache\n    cache_ttl_seconds: int = 300\n"
    )


SHORT_SETTINGS = "class Settings(BaseSettings):\n    debug: bool = False\n"


def test_a_setting_too_long_for_a_line_has_its_arguments_on_one_line_below() -> None:
    setting = Setting(
        "jwt_secret",
        "SecretStr",
        constraints={"default_factory": "new_key", "min_length": "32", "repr": "False"},
        description="Signing key",
    )
    after = idempotent(lambda text: ensure_setting(text, "Settings", setting), SHORT_SETTINGS)
    assert added_lines(SHORT_SETTINGS, after)[-3:] == [
        "    jwt_secret: SecretStr = Field(",
        '        default_factory=new_key, min_length=32, repr=False, description="Signing key"',
        "    )",
    ]


def test_a_setting_too_long_even_so_has_one_argument_a_line() -> None:
    long = "A description long enough that the arguments cannot share one line at all"
    setting = Setting("cache_ttl", "int", "300", {"ge": "1"}, long)
    tabs = SHORT_SETTINGS.replace("    ", "\t")
    after = idempotent(lambda text: ensure_setting(text, "Settings", setting), tabs)
    assert added_lines(tabs, after)[-5:] == [
        "\tcache_ttl: int = Field(",
        "\t\tdefault=300,",
        "\t\tge=1,",
        f'\t\tdescription="{long}",',
        "\t)",
    ]


def test_an_env_line_can_bring_its_note_and_be_commented_out() -> None:
    entry = EnvLine("JWT_SECRET", "", above=("# The signing key.",), commented=True)
    before = "APP_NAME=shop\nZONE=eu\n"
    after = ensure_env_lines(before, [entry])
    assert after == "APP_NAME=shop\n# The signing key.\n# JWT_SECRET=\nZONE=eu\n"
    assert ensure_env_lines(after, [entry]) is after
    with_other = ensure_env_lines(after, [("LOG_JSON", "false", None)])
    assert with_other == ensure_env_lines(
        ensure_env_lines(before, [("LOG_JSON", "false", None)]), [entry]
    )


def test_env_example_lines_are_added_once_keeping_the_file() -> None:
    before = (
        "# Copy to .env\r\nDATABASE_URL=sqlite:///./app.db\r\n# REDIS_URL=redis://cache:6379/0\r\n"
    )
    entries = [
        ("REDIS_URL", "redis://localhost:6379/0", "the cache"),
        ("CACHE_TTL", "300", "seconds"),
        ("LOG_LEVEL", "INFO", None),
    ]
    after = ensure_env_lines(before, entries)
    assert after == (
        "# Copy to .env\r\nCACHE_TTL=300  # seconds\r\nDATABASE_URL=sqlite:///./app.db\r\n"
        "LOG_LEVEL=INFO\r\n# REDIS_URL=redis://cache:6379/0\r\n"
    )
    assert ensure_env_lines(after, entries) is after
    # Variables arriving in any order, one call or several, give the same file.
    one_by_one = before
    for entry in reversed(entries):
        one_by_one = ensure_env_lines(one_by_one, [entry])
    assert one_by_one == after
    assert (
        ensure_env_lines(None, entries[:1]) == "REDIS_URL=redis://localhost:6379/0  # the cache\n"
    )
    assert ensure_env_lines("A=1", [("B", "2", None)]) == "A=1\nB=2\n"


def test_variables_are_documented_in_the_projects_env_example_or_one_started(
    tmp_path: Path,
) -> None:
    cache = [("CACHE_TTL", "300", "seconds")]
    secret = [("JWT_SECRET", "", "required outside development")]
    project = Project(tmp_path)
    # None anywhere: started at the root, whichever recipe comes first.
    started = document_env(project, cache, PurePosixPath("src/app"))
    assert (started.path, started.before) == (PurePosixPath(".env.example"), None)
    assert started.after == "CACHE_TTL=300  # seconds\n"
    # Two recipes in either order leave the same file.
    first = project.with_changes(ChangeSet((started,)))
    second = project.with_changes(ChangeSet((document_env(project, secret),)))
    assert document_env(first, secret).after == document_env(second, cache).after
    # The one kept beside the settings module is the project's own.
    (tmp_path / "src" / "app").mkdir(parents=True)
    (tmp_path / "src" / "app" / ".env.example").write_text("APP_NAME=shop\n", "utf-8")
    beside = document_env(Project(tmp_path), cache, PurePosixPath("src/app"))
    assert beside.path == PurePosixPath("src/app/.env.example")
    assert beside.after == "APP_NAME=shop\nCACHE_TTL=300  # seconds\n"
    # The root's comes first.
    (tmp_path / ".env.example").write_text("# Copy to .env\n", "utf-8")
    root = document_env(Project(tmp_path), cache, PurePosixPath("src/app"))
    assert root.path == PurePosixPath(".env.example")
    assert root.after == "# Copy to .env\nCACHE_TTL=300  # seconds\n"


# --- routers ---------------------------------------------------------------------------


def test_a_router_joins_the_api_router_aggregator() -> None:
    project = fixture("api_aggregator")
    home = find_router_home(project)
    assert (home.path, home.receiver, home.is_app) == (
        PurePosixPath("app/api/main.py"),
        "api_router",
        False,
    )
    # Served under the prefix the app includes it with: settings.API_V1_STR's default.
    assert home.served == "/api/v1"
    assert not home.include_prefixes
    assert home.module_package == "app.api.routes"
    change = plan_router_include(project, "app.api.routes.budgets")
    assert change.after == (
        "from fastapi import APIRouter\n\n"
        # Imported as its siblings are: a module of the routes package.
        "from app.api.routes import accounts, budgets, entries\n\n"
        "api_router = APIRouter()\n"
        # By name, in the sorted run of includes that ends them: here all of them.
        "api_router.include_router(accounts.router)\n"
        "api_router.include_router(budgets.router)\n"
        "api_router.include_router(entries.router)\n"
    )
    again = Project(project.root, overlay={change.path: change.after})
    assert plan_router_include(again, "app.api.routes.budgets").is_noop


def test_an_aggregator_whose_includes_give_the_prefix_gets_one_too() -> None:
    project = fixture("aggregator_src_models")
    home = find_router_home(project)
    assert (home.path, home.served, home.include_prefixes) == (
        PurePosixPath("src/app/api/v1/api.py"),
        "/api/v1",
        True,
    )
    assert new_router_path(project, "invoices") == PurePosixPath(
        "src/app/api/v1/endpoints/invoices.py"
    )
    change = plan_router_include(project, "app.api.v1.endpoints.invoices", prefix="/invoices")
    assert added_lines(change.before or "", change.after) == [
        "from app.api.v1.endpoints import authors, invoices, status",
        'api_router.include_router(invoices.router, prefix="/invoices")',
    ]


def test_an_aggregator_gathered_by_another_is_served_under_both() -> None:
    # /api gathers /v1 alone: the routers live in v1's, served at /api/v1.
    project = fixture("aggregator_src_models")
    main = PurePosixPath("src/app/main.py")
    app = (project.read_text(main) or "").replace(
        "from app.api.v1.api import api_router\n", "from app.api import router\n"
    )
    app = app.replace(
        "include_router(api_router, prefix=settings.API_V1_PREFIX)", "include_router(router)"
    )
    outer = (
        "from fastapi import APIRouter\n\n"
        "from .v1.api import api_router as v1_router\n\n"
        'router = APIRouter(prefix="/api")\n'
        'router.include_router(v1_router, prefix="/v1")\n'
    )
    overlay = {main: app, PurePosixPath("src/app/api/__init__.py"): outer}
    home = find_router_home(Project(project.root, overlay=overlay))
    assert (home.path, home.receiver, home.served) == (
        PurePosixPath("src/app/api/v1/api.py"),
        "api_router",
        "/api/v1",
    )


def test_an_aggregator_handed_to_a_factory_is_served_where_the_factory_includes_it() -> None:
    project = fixture("aggregator_src_models")
    main = PurePosixPath("src/app/main.py")
    app = (project.read_text(main) or "").replace(
        "def create_app() -> FastAPI:",
        "def create_app(router: APIRouter, prefix: str) -> FastAPI:",
    )
    app = app.replace(
        "include_router(api_router, prefix=settings.API_V1_PREFIX)",
        'include_router(router, prefix="/v9")',
    )
    app = app.replace("app = create_app()", "app = create_app(api_router, settings.API_V1_PREFIX)")
    app = app.replace("from fastapi import FastAPI", "from fastapi import APIRouter, FastAPI")
    home = find_router_home(Project(project.root, overlay={main: app}))
    assert (home.path, home.served) == (PurePosixPath("src/app/api/v1/api.py"), "/v9")


@pytest.mark.parametrize(
    ("main", "api", "served"),
    [
        # The aggregator's own prefix, under a literal mount prefix.
        ('app.include_router(api_router, prefix="/v2")', 'APIRouter(prefix="/api")', "/v2/api"),
        # A module constant of the app's module.
        ("app.include_router(api_router, prefix=PREFIX)", "APIRouter()", "/v3"),
        # Included without a prefix.
        ("app.include_router(api_router)", 'APIRouter(prefix="/api")', "/api"),
        # A prefix computed at run time cannot be read.
        ("app.include_router(api_router, prefix=prefix())", "APIRouter()", None),
        # The app does not include the aggregator: where it is served is unknown.
        ("", "APIRouter()", None),
    ],
    ids=["literal", "constant", "none", "call", "not-included"],
)
def test_where_an_aggregator_is_served_is_read_from_the_app(
    main: str, api: str, served: str | None
) -> None:
    project = fixture("api_aggregator")
    app = (project.read_text(PurePosixPath("app/main.py")) or "").replace(
        "app.include_router(api_router, prefix=settings.API_V1_STR)", main
    )
    app = app.replace("app = FastAPI(", 'PREFIX = "/v3"\napp = FastAPI(')
    aggregator = (project.read_text(PurePosixPath("app/api/main.py")) or "").replace(
        "APIRouter()", api
    )
    overlay = {PurePosixPath("app/main.py"): app, PurePosixPath("app/api/main.py"): aggregator}
    assert find_router_home(Project(project.root, overlay=overlay)).served == served


def test_a_router_joins_the_app_beside_the_others_with_relative_imports() -> None:
    project = fixture("bigger_app")
    change = plan_router_include(project, "app.routers.orders", prefix="/orders", tags=["orders"])
    assert change.before is not None
    assert added_lines(change.before, change.after) == [
        "from .routers.orders import router as orders_router",
        'app.include_router(orders_router, prefix="/orders", tags=["orders"])',
    ]
    assert change.after.index("orders_router, prefix") < change.after.index('@app.get("/")')


def test_a_router_joins_a_factory_among_its_includes() -> None:
    project = fixture("src_factory")
    change = plan_router_include(project, "bookshop.routes.authors", prefix="/authors")
    assert change.before is not None
    # By name: one include is a sorted list, and it stays sorted.
    assert (
        '    app.include_router(authors_router, prefix="/authors")\n'
        '    app.include_router(books.router, prefix="/books")\n\n'
        '    @app.get("/health")\n'
    ) in change.after
    later = plan_router_include(project, "bookshop.routes.reviews", source=change.after)
    assert (
        '    app.include_router(books.router, prefix="/books")\n'
        "    app.include_router(reviews_router)\n\n"
    ) in later.after
    assert "from bookshop.routes.authors import router as authors_router\n" in change.after


def test_the_prefix_the_app_includes_share_is_the_new_routers(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(
        "from fastapi import FastAPI\n\nfrom routes import items, users\n\n"
        "app = FastAPI()\n"
        'app.include_router(items.router, prefix="/api/v1/items")\n'
        'app.include_router(users.router, prefix="/api/v1/users")\n'
    )
    change = plan_router_include(Project(tmp_path), "routes.orders", prefix="/orders")
    assert 'app.include_router(orders_router, prefix="/api/v1/orders")\n' in change.after


FEATURE_ROUTERS = {
    "shop/__init__.py": "",
    "shop/main.py": (
        "from fastapi import FastAPI\n\n"
        "from shop.orders.api import router as orders_router\n"
        "from shop.users.api import router as users_router\n\n"
        "app = FastAPI()\n"
        "app.include_router(orders_router)\n"
        "app.include_router(users_router)\n"
    ),
}
for _feature in ("orders", "users"):
    FEATURE_ROUTERS |= {
        f"shop/{_feature}/__init__.py": "",
        f"shop/{_feature}/api/__init__.py": (
            "from fastapi import APIRouter\n\n"
            f"from shop.{_feature}.api.v1 import router as v1_router\n\n"
            "router = APIRouter()\n"
            f'router.include_router(v1_router, prefix="/api/v1/{_feature}")\n'
        ),
        f"shop/{_feature}/api/v1.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
    }


@pytest.mark.parametrize("nested", [False, True])
def test_a_router_joins_the_app_when_each_feature_gathers_its_own(
    nested: bool, tmp_path: Path
) -> None:
    # Each feature's router gathers its versions; the app includes both: the app is the
    # home, not the first feature's router. Behind one API router, that one is.
    files = dict(FEATURE_ROUTERS)
    if nested:
        files["shop/api.py"] = (
            "from fastapi import APIRouter\n\n"
            "from shop.orders.api import router as orders_router\n"
            "from shop.users.api import router as users_router\n\n"
            "api_router = APIRouter()\n"
            "api_router.include_router(orders_router)\n"
            "api_router.include_router(users_router)\n"
        )
        files["shop/main.py"] = (
            "from fastapi import FastAPI\n\nfrom shop.api import api_router\n\n"
            "app = FastAPI()\napp.include_router(api_router)\n"
        )
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    home = find_router_home(Project(tmp_path))
    expected = ("shop/api.py", "api_router") if nested else ("shop/main.py", "app")
    assert (str(home.path), home.receiver) == expected


def test_two_routers_join_the_same_change(generated: Project) -> None:
    first = plan_router_include(generated, "app.features.orders.router")
    both = plan_router_include(generated, "app.features.users.router", source=first.after)
    assert both.before == first.before
    assert both.before is not None
    assert added_lines(both.before, both.after) == [
        "from app.features.orders.router import router as orders_router",
        "from app.features.users.router import router as users_router",
        "    app.include_router(orders_router)",
        "    app.include_router(users_router)",
    ]
    again = plan_router_include(generated, "app.features.users.router", source=both.after)
    assert again.after == both.after


def test_a_router_in_the_generated_project(generated: Project) -> None:
    change = plan_router_include(generated, "app.features.orders.router", prefix="/orders")
    assert change.before is not None
    assert added_lines(change.before, change.after) == [
        "from app.features.orders.router import router as orders_router",
        '    app.include_router(orders_router, prefix="/orders")',
    ]


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("api_aggregator", "app/api/routes/orders.py"),
        ("bigger_app", "app/routers/orders.py"),
        ("src_factory", "src/bookshop/routes/orders.py"),
        ("single_file", "orders.py"),
        # ``from library.routes import router``: routes.py is a module, not a package.
        ("dbopt_async", "library/orders.py"),
    ],
)
def test_a_new_router_goes_where_the_projects_routers_are(layout: str, expected: str) -> None:
    assert new_router_path(fixture(layout), "orders") == PurePosixPath(expected)


def test_a_new_router_follows_the_routes_not_the_plumbing_included_first(
    tmp_path: Path,
) -> None:
    # The sign-in router in core/ is included before the routes: a feature joins the routes.
    root = tmp_path / "shop"
    for path, text in {
        "shop/__init__.py": "",
        "shop/core/__init__.py": "",
        "shop/core/auth.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
        "shop/routes/__init__.py": "",
        "shop/routes/views.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
        "shop/main.py": (
            "from fastapi import FastAPI\n\nfrom shop.core import auth\n"
            "from shop.routes import views\n\napp = FastAPI()\n"
            "app.include_router(auth.router)\napp.include_router(views.router)\n"
        ),
    }.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    assert new_router_path(Project(root), "orders") == PurePosixPath("shop/routes/orders.py")


def test_a_new_router_in_the_generated_project_is_a_feature(generated: Project) -> None:
    assert new_router_path(generated, "orders") == PurePosixPath(
        "src/app/features/orders/router.py"
    )


# --- Alembic ---------------------------------------------------------------------------

ORDERS = Migration(
    "create the orders table",
    'op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True))',
    'op.drop_table("orders")',
)


def test_heads_are_read_statically() -> None:
    files = {
        PurePosixPath("v/a.py"): 'revision = "a"\ndown_revision = None\n',
        PurePosixPath("v/b.py"): 'revision: str = "b"\ndown_revision: str | None = "a"\n',
        PurePosixPath("v/c.py"): 'revision = "c"\ndown_revision = "a"\n',
        PurePosixPath("v/m.py"): 'revision = "m"\ndown_revision = ("b", "c")\n',
    }
    assert alembic_heads(files) == ("m",)
    del files[PurePosixPath("v/m.py")]
    assert alembic_heads(files) == ("b", "c")
    with pytest.raises(ProjectError, match=r"v/bad\.py:1"):
        alembic_heads({PurePosixPath("v/bad.py"): "revision = (\n"})


def test_a_migration_chains_to_the_head_of_the_generated_project(generated: Project) -> None:
    alembic = find_alembic(generated)
    assert alembic is not None
    assert alembic.heads == ("0001",)
    change = plan_migration(generated, ORDERS)
    assert change.before is None
    assert change.path == PurePosixPath(
        f"migrations/versions/{ORDERS.revision}_create_the_orders_table.py"
    )
    tree = ast.parse(change.after)
    assert 'down_revision: str | Sequence[str] | None = "0001"\n' in change.after
    assert "Revises: 0001\n" in change.after
    assert [n.name for n in tree.body if isinstance(n, ast.FunctionDef)] == ["upgrade", "downgrade"]
    # Planned again on the project that has it, it is found, not made twice.
    applied = Project(generated.root, overlay={change.path: change.after})
    assert plan_migration(applied, ORDERS).is_noop
    # The id is the content's: the same migration always gets the same one.
    assert ORDERS.revision == Migration(ORDERS.message, ORDERS.upgrade, ORDERS.downgrade).revision
    assert ORDERS.revision != Migration("other", ORDERS.upgrade, ORDERS.downgrade).revision


@pytest.mark.parametrize(
    ("ini", "location", "upgrade", "run_in"),
    [
        # At the root, as new_project and most projects keep it.
        ("alembic.ini", "migrations", "alembic upgrade head", "."),
        # In a folder, naming its scripts from there: alembic runs in that folder.
        ("src/alembic.ini", "migrations", "(cd src && alembic upgrade head)", "src"),
        ("src/alembic.ini", "%(here)s/migrations", "alembic -c src/alembic.ini upgrade head", "."),
        ("src/alembic.ini", "src/migrations/", "alembic -c src/alembic.ini upgrade head", "."),
    ],
)
def test_alembic_is_found_wherever_its_ini_names_its_scripts(
    ini: str, location: str, upgrade: str, run_in: str, tmp_path: Path
) -> None:
    scripts = tmp_path / ("migrations" if ini == "alembic.ini" else "src/migrations")
    (scripts / "versions").mkdir(parents=True)
    (scripts / "env.py").write_text("")
    (scripts / "script.py.mako").write_text("")
    (scripts / "versions/a.py").write_text('revision = "a"\ndown_revision = None\n')
    (tmp_path / ini).write_text(f"[alembic]\nscript_location = {location}\n")
    alembic = find_alembic(Project(tmp_path))
    assert alembic is not None
    folder = PurePosixPath(scripts.relative_to(tmp_path).as_posix())
    assert (alembic.env, alembic.versions, alembic.heads) == (
        folder / "env.py",
        folder / "versions",
        ("a",),
    )
    assert (alembic.ini, alembic.run_in, alembic.upgrade) == (
        PurePosixPath(ini),
        PurePosixPath(run_in),
        upgrade,
    )
    # An ini in a folder naming another folder is not this set-up's (migrations/ at the
    # root is found without an ini).
    (tmp_path / ini).write_text("[alembic]\nscript_location = elsewhere\n")
    assert (find_alembic(Project(tmp_path)) is None) == ini.startswith("src/")


def test_a_migration_on_several_heads_is_refused(tmp_path: Path) -> None:
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    (tmp_path / "migrations" / "env.py").write_text("")
    (versions / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (versions / "b.py").write_text('revision = "b"\ndown_revision = "a"\n')
    (versions / "c.py").write_text('revision = "c"\ndown_revision = "a"\n')
    with pytest.raises(RecipeError, match=r"several heads \(b, c\).*alembic merge heads"):
        plan_migration(Project(tmp_path), ORDERS)


def test_a_first_migration_has_no_parent() -> None:
    text = migration_text(Migration("init", "pass", "pass", imports=()), None)
    assert "down_revision: str | Sequence[str] | None = None\n" in text
    assert "Revises:\n" in text
    compile(text, "<migration>", "exec")


def test_a_model_module_is_registered_in_env_py(generated: Project) -> None:
    change = model_registration(generated, "app.features.orders.models")
    assert change.path == PurePosixPath("migrations/env.py")
    assert change.before is not None
    assert added_lines(change.before, change.after) == [
        "import app.features.orders.models  # noqa: F401"
    ]
    assert ensure_model_import(change.after, "app.features.orders.models") is change.after


@pytest.mark.parametrize("order", [("orders", "customers"), ("customers", "orders")])
def test_several_model_modules_of_one_package_keep_one_noqa_on_the_last(
    order: tuple[str, str],
) -> None:
    # Each ``import app.x.models`` rebinds ``app``: ruff takes every one but the
    # last as used, and flags a noqa on them as unused (RUF100).
    source = "from app.config import get_settings\n\nget_settings()\n"
    for name in order:
        source = ensure_model_import(source, f"app.features.{name}.models")
    assert source.splitlines()[:2] == [
        "import app.features.customers.models",
        "import app.features.orders.models  # noqa: F401",
    ]
    assert ensure_model_import(source, "app.features.orders.models") is source


def test_a_model_imported_from_its_package_counts_as_registered() -> None:
    project = fixture("audit_src_factory")
    change = model_registration(project, "shop.features.orders.models")
    assert change.is_noop
    added = model_registration(project, "shop.features.users.models")
    assert added.before is not None
    assert added_lines(added.before, added.after) == [
        "import shop.features.users.models  # noqa: F401"
    ]


# --- dependencies ----------------------------------------------------------------------


def test_floors_follow_the_projects_python() -> None:
    assert requirement_for("asyncpg", (3, 11)) == "asyncpg>=0.29"
    assert requirement_for("asyncpg", (3, 13)) == "asyncpg>=0.30"
    assert requirement_for("asyncpg", None) == "asyncpg>=0.29"
    assert requirement_for("pwdlib", (3, 12), extras=("argon2",)) == "pwdlib[argon2]>=0.2"
    with pytest.raises(ValueError, match="no version floor"):
        requirement_for("left-pad", (3, 12))


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("bigger_app", '    "redis>=5.0.1",\n'),
        ("src_factory", 'redis = ">=5.0.1"\n'),
        ("single_file", "redis>=5.0.1\n"),
    ],
)
def test_a_dependency_joins_each_manifest_kind(layout: str, expected: str) -> None:
    project = fixture(layout)
    manifest = project.manifest
    assert manifest is not None
    before = project.read_text(manifest.path) or ""

    def edit(text: str) -> str:
        return ensure_dependency(
            text, manifest.kind, "redis", project.versions.python, path=str(manifest.path)
        )

    after = edit(before)
    assert edit(after) is after
    assert [line + "\n" for line in added_lines(before, after)] == [expected]


# --- one parse per module ---------------------------------------------------------------


def test_edits_apply_on_one_parse_and_match_the_helpers_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import fastprod.edits._batch as batch

    project = fixture("src_factory")
    app = project.app
    before = project.read_text(app.edit_path) or ""
    one_by_one = ensure_import(before, "fastapi.middleware.gzip", "GZipMiddleware")
    one_by_one = add_middleware(one_by_one, app, "GZipMiddleware")
    one_by_one = ensure_lifespan_step(one_by_one, app, "cache_lifespan({app})")
    parses: list[str] = []
    real = batch.parse_module

    def counting(source: str, path: str) -> object:
        parses.append(path)
        return real(source, path)

    monkeypatch.setattr(batch, "parse_module", counting)
    edits = (
        Edits(before, path=str(app.edit_path))
        .ensure_import("fastapi.middleware.gzip", "GZipMiddleware")
        .add_middleware(app, "GZipMiddleware")
        .ensure_lifespan_step(app, "cache_lifespan({app})")
    )
    assert edits.text() == one_by_one
    assert parses == [str(app.edit_path)]
    assert Edits(one_by_one).add_middleware(app, "GZipMiddleware").text() is one_by_one


def test_edits_keep_crlf_tabs_and_a_bom() -> None:
    app = fixture("single_file").app
    source = "\ufeffimport os\r\n\r\napp = FastAPI()\r\nif os.environ:\r\n\tpass\r\n"
    after = Edits(source).add_middleware(app, "GZipMiddleware").ensure_import("sys").text()
    assert after == (
        "\ufeffimport os\r\nimport sys\r\n\r\napp = FastAPI()\r\n"
        "app.add_middleware(GZipMiddleware)\r\nif os.environ:\r\n\tpass\r\n"
    )


# --- what the helpers write passes the generated project's own checks ------------------

ORDERS_MODELS = '''\
"""The orders table."""

from sqlalchemy.orm import Mapped, mapped_column

from app.core.database import Base


class Order(Base):
    """One order."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
'''

ORDERS_ROUTER = '''\
"""Orders over HTTP."""

from fastapi import APIRouter

router = APIRouter(tags=["orders"])


@router.get("")
async def list_orders() -> list[int]:
    """Every order id."""
    return []
'''

CACHE = '''\
"""The cache's connection, opened for the app's lifetime."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def cache_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Hold the cache open while the app serves."""
    app.state.cache = {}
    yield
    app.state.cache = None
'''


@pytest.mark.slow
def test_edited_generated_project_passes_ruff_mypy_and_migrates(tmp_path: Path) -> None:
    from generated import generate, run_alembic, run_mypy, run_ruff_check, run_ruff_format

    root = generate(tmp_path, "shop")
    for rel, text in {
        "src/app/features/orders/__init__.py": "",
        "src/app/features/orders/models.py": ORDERS_MODELS,
        "src/app/features/orders/router.py": ORDERS_ROUTER,
        "src/app/core/cache.py": CACHE,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    project = Project(root)
    app = project.app
    main = app.edit_path
    changes = {
        main: Edits(project.read_text(main) or "", path=str(main), first_party=("app",))
        .ensure_import("fastapi.middleware.gzip", "GZipMiddleware")
        .ensure_import("app.core.cache", "cache_lifespan")
        .add_middleware(app, "GZipMiddleware", minimum_size="1000")
        .ensure_lifespan_step(app, "cache_lifespan({app})")
        .text()
    }
    project = Project(root, overlay=changes)
    settings = project.settings
    assert settings is not None
    changes[settings.path] = ensure_setting(
        project.read_text(settings.path) or "",
        settings.class_name,
        Setting("cache_ttl", "int", "300", {"ge": "1"}),
    )
    project = Project(root, overlay=changes)
    for change in (
        plan_router_include(project, "app.features.orders.router", prefix="/orders"),
        model_registration(project, "app.features.orders.models"),
        plan_migration(
            project,
            Migration(
                "create the orders table",
                'op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True))',
                'op.drop_table("orders")',
            ),
        ),
    ):
        changes[change.path] = change.after
        project = Project(root, overlay=changes)
    for rel, text in changes.items():
        (root / rel).write_text(text)
    for result in (
        run_ruff_check(root),
        run_ruff_format(root),
        run_mypy(root),
        run_alembic(root, "upgrade", "head"),
    ):
        assert result.ok, result.report()


def test_a_model_module_joins_the_models_package_env_py_reads(tmp_path: Path) -> None:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "env.py").write_text(
        "from app.models import Base\n\ntarget_metadata = Base.metadata\n"
    )
    models = tmp_path / "app" / "models"
    models.mkdir(parents=True)
    (tmp_path / "app" / "__init__.py").write_text("")
    init = '"""The models."""\n\nfrom . import users  # noqa: F401\nfrom .base import Base\n'
    (models / "__init__.py").write_text(init)
    change = model_registration(Project(tmp_path), "app.models.orders")
    assert change.path == PurePosixPath("app/models/__init__.py")
    assert change.after == (
        '"""The models."""\n\nfrom . import orders, users  # noqa: F401\nfrom .base import Base\n'
    )
    again = Project(tmp_path, overlay={change.path: change.after})
    assert model_registration(again, "app.models.orders").is_noop
    elsewhere = model_registration(Project(tmp_path), "app.billing.models")
    # Not a module of the package: an absolute import, in the first-party section.
    assert elsewhere.after == (
        '"""The models."""\n\n'
        "import app.billing.models  # noqa: F401\n\n"
        "from . import users  # noqa: F401\n"
        "from .base import Base\n"
    )


# --------------------------------------------------------------- ensure_definitions

SNIPPET = (
    '"""Fixtures."""\n\nimport pytest\nfrom httpx import AsyncClient\n\n'
    "LIMIT = 3\n\n\n@pytest.fixture\ndef client() -> AsyncClient:\n"
    '    return AsyncClient(base_url="http://test")\n\n\n'
    "# The second section\n\n\ndef other() -> int:\n    return LIMIT\n"
)


def test_ensure_definitions_writes_the_snippet_less_its_docstring_into_an_empty_module() -> None:
    assert ensure_definitions("", SNIPPET) == SNIPPET.removeprefix('"""Fixtures."""\n\n')


def test_ensure_definitions_adds_only_what_is_missing_and_keeps_the_rest() -> None:
    own = '"""Mine."""\n\nimport pytest\n\n\n@pytest.fixture\ndef client() -> int:\n    return 1\n'
    after = ensure_definitions(own, SNIPPET)
    # The user's client stays; its imports, LIMIT and other() join, once.
    assert after.startswith('"""Mine."""\n\nimport pytest\nfrom httpx import AsyncClient\n')
    assert "def client() -> int:" in after
    assert after.count("def client(") == 1
    assert after.endswith(
        "    return 1\n\n\nLIMIT = 3\n\n\n# The second section\n\n\n"
        "def other() -> int:\n    return LIMIT\n"
    )
    assert ensure_definitions(after, SNIPPET) == after
    ast.parse(after)


# ------------------------------------------------------------------ import_form


@pytest.mark.parametrize(
    ("layout", "module", "expected"),
    [
        ("bigger_app", "app.cache", ("cache", 1)),  # its siblings are imported relatively
        ("src_factory", "bookshop.cache", ("bookshop.cache", 0)),  # absolutely
        ("bigger_app", "elsewhere.cache", ("elsewhere.cache", 0)),  # outside its package
    ],
)
def test_import_form_follows_how_the_app_imports_its_own_modules(
    layout: str, module: str, expected: tuple[str, int], tmp_path: Path
) -> None:
    project = Project(copy_fixture(layout, tmp_path))
    source = project.read_text(project.app.edit_path) or ""
    assert import_form(source, project.app, module) == expected


# ------------------------------------------------------------ where tests go


def test_where_tests_go_starts_the_folder_once_the_same_way(tmp_path: Path) -> None:
    # No tests: tests/ beside the manifest, started with an empty __init__.py.
    project = Project(copy_fixture("bigger_app", tmp_path))
    folder, started = where_tests_go(project)
    assert folder == PurePosixPath("tests")
    assert [(str(c.path), c.before, c.after) for c in started] == [("tests/__init__.py", None, "")]
    # Started (by any recipe), it is the home, and nothing more is started.
    after = project.with_changes(ChangeSet((*started, FileChange(folder / "test_x.py", None, ""))))
    assert where_tests_go(after) == (folder, ())


def test_where_tests_go_is_the_folder_the_projects_pytest_collects(tmp_path: Path) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    configured = '\n[tool.pytest.ini_options]\ntestpaths = ["checks"]\n'
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text() + configured)
    assert where_tests_go(Project(root))[0] == PurePosixPath("checks/tests")
    (root / "checks").mkdir()
    (root / "checks/test_app.py").write_text("def test_app() -> None:\n    pass\n")
    assert where_tests_go(Project(root)) == (PurePosixPath("checks"), ())


def test_the_tests_recipes_write_for_their_own_feature_are_named_by_their_specs() -> None:
    own = features_own_tests()
    assert {"test_logging.py", "test_errors.py", "test_cache.py"} <= own
    # auth's and crud's tests test their routes: they are not listed.
    assert "test_auth.py" not in own


# --- .gitignore ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (None, "# The local database\napp.db\n"),
        ("*.db\n", None),
        ("app.db\n", None),
        ("/app.db\n", None),
        ("**/app.db\n", None),
        # Ignored, then taken back: not ignored.
        ("*.db\n!app.db\n", "*.db\n!app.db\n\n# The local database\napp.db\n"),
        # One folder's file only: not every app.db.
        ("data/app.db\n", "data/app.db\n\n# The local database\napp.db\n"),
        (".venv/\n\n", ".venv/\n\n# The local database\napp.db\n"),
        (".venv/", ".venv/\n\n# The local database\napp.db\n"),
    ],
)
def test_a_file_the_app_writes_is_ignored_once(
    current: str | None, expected: str | None, tmp_path: Path
) -> None:
    if current is not None:
        (tmp_path / ".gitignore").write_text(current)
    change = ensure_ignored(Project(tmp_path), "app.db", "The local database")
    assert (change.after if change is not None else None) == expected
