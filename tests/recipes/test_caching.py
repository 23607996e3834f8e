"""caching: the diff on each project layout, idempotence, its parameters, a project's
own cache left alone, crud's reads through the cache in either order, and generated
projects that pass their own checks (on Redis too when FASTPROD_TEST_REDIS_URL is set)."""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from generated import (
    DEVELOPMENT,
    apply,
    environment,
    generate,
    get,
    redis_url,
    run_alembic,
    run_checks,
    run_tool,
    serve,
)
from helpers import copy_fixture, snapshot_tree
from snapshot import DiffSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from fastprod import ChangeSet, Project, RecipeError
from fastprod.core._registry import load
from fastprod.engine._engine import Options, run

SENTENCE = "add caching to my API"
CRUD = "create a CRUD feature for invoices"
RECIPE = load("caching")
LAYOUTS = ("single_file", "bigger_app", "src_factory", "sync_orm")


def plan(root: Path, **params: Any) -> ChangeSet:
    return RECIPE.plan(RECIPE.build_params(params), Project(root))


def changed(changes: ChangeSet, path: str) -> str:
    (change,) = [c for c in changes.changes if str(c.path) == path]
    return change.after


@pytest.mark.parametrize("layout", LAYOUTS)
def test_diff_on_each_layout(layout: str, tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = copy_fixture(layout, tmp_path)
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_diff_on_a_generated_project(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = generate(tmp_path, "shop")
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_diff_on_a_generated_crud_feature(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = generate(tmp_path, "shop")
    assert apply(root, CRUD).status == "applied"
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_already_applied(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = generate(tmp_path, "shop")
    assert apply(root, SENTENCE).status == "applied"
    diff = plan(root).diff()
    assert diff == ""
    assert diff == snapshot.use_extension(DiffSnapshotExtension)


@pytest.mark.parametrize("layout", [*LAYOUTS, "own_cache"])
def test_a_second_run_is_unchanged(layout: str, tmp_path: Path) -> None:
    root = copy_fixture(layout, tmp_path)
    first = run(SENTENCE, Options(path=root, commit=True))
    assert first.status == ("unchanged" if layout == "own_cache" else "applied")
    again = run(SENTENCE, Options(path=root))
    assert again.status == "unchanged"
    assert again.diff == ""


def test_a_projects_own_cache_is_reported_and_kept(tmp_path: Path) -> None:
    root = copy_fixture("own_cache", tmp_path)
    before = snapshot_tree(root)
    outcome = run(SENTENCE, Options(path=root))
    assert outcome.status == "unchanged"
    (message,) = outcome.messages
    assert "app/memo.py:8 (redis.asyncio)" in message
    assert "app/memo.py:13 (its own @cached decorator)" in message
    assert snapshot_tree(root) == before


@pytest.mark.parametrize(
    "module",
    [
        # A login limiter's counters: incr and expire, or one Lua script.
        "from redis.asyncio import Redis\n\n\n"
        "async def hit(redis: Redis, key: str) -> int:\n"
        "    count = await redis.incr(key)\n"
        "    await redis.expire(key, 60)\n"
        "    return int(count)\n",
        "import redis\n\nSCRIPT = 'return 1'\n\n\n"
        "def hit(client: redis.Redis, key: str) -> object:\n"
        "    return client.eval(SCRIPT, 1, key)\n",
        # A socket manager's pub/sub.
        "import aioredis\n\n\n"
        "async def tell(client: aioredis.Redis, text: str) -> None:\n"
        "    await client.publish('room', text)\n",
    ],
    ids=["limiter", "lua-limiter", "pubsub"],
)
def test_redis_used_for_something_else_is_not_a_cache(module: str, tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path, commit=False)
    (root / "counters.py").write_text(module, encoding="utf-8")
    outcome = plan(root)
    assert not any("already caches" in m for m in outcome.messages), outcome.messages
    assert any(str(change.path) == "cache.py" for change in outcome.changes)


@pytest.mark.parametrize(
    "line", ["from fastapi_cache import FastAPICache", "import aiocache", "import cachetools"]
)
def test_a_cache_library_is_seen(line: str, tmp_path: Path) -> None:
    root = copy_fixture("bigger_app", tmp_path, commit=False)
    (root / "app/cached.py").write_text(f"{line}\n")
    changes = plan(root)
    assert changes.changes == ()
    assert "app/cached.py:1" in changes.messages[0]


def test_a_foreign_module_at_the_cache_path_is_refused(tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path, commit=False)
    (root / "cache.py").write_text("TTL = 60\n")
    with pytest.raises(RecipeError, match="is not fastprod's cache module"):
        plan(root)


def test_the_messages_list_get_endpoints_with_their_change(tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path)
    messages = plan(root).messages
    assert messages[0].startswith("cache.py: the cache (Redis when REDIS_URL is set")
    assert any(
        m.startswith("main.py:36 GET /todos/{todo_id} (read_todo)")
        and 'cache.get_or_set(f"todos:{todo_id}"' in m
        for m in messages
    )
    assert all(c.path.name != "main.py" or "def read_todo" in c.after for c in plan(root).changes)


def test_a_hand_written_handler_is_not_edited(tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path)
    main = changed(plan(root), "main.py")
    source = (root / "main.py").read_text()
    handlers = source[source.index("class TodoIn") :]
    assert handlers in main


def test_in_memory_needs_no_redis(tmp_path: Path) -> None:
    root = copy_fixture("src_factory", tmp_path)
    changes = plan(root, store="memory", ttl=60)
    module = changed(changes, "src/bookshop/cache.py")
    assert "redis" not in module.lower().replace("redis_url", "")
    assert "DEFAULT_TTL_SECONDS = 60" in module
    assert all(c.path.name != "pyproject.toml" for c in changes.changes)
    config = changed(changes, "src/bookshop/config.py")
    assert "redis_url" not in config
    assert "cache_ttl_seconds: int = Field(default=60, ge=1)" in config


def test_the_ttl_is_the_settings_default(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    changes = plan(root, ttl=90)
    assert "cache_ttl_seconds: int = Field(default=90, ge=1)" in changed(
        changes, "src/app/config.py"
    )
    assert "CACHE_TTL_SECONDS=90" in changed(changes, ".env.example")


@pytest.mark.parametrize(("store", "ttl"), [("memcached", None), ("redis", 0)])
def test_a_parameter_it_cannot_honour_is_refused(
    store: str, ttl: int | None, tmp_path: Path
) -> None:
    root = copy_fixture("single_file", tmp_path)
    with pytest.raises(RecipeError, match=r"memcached|keeps nothing"):
        plan(root, store=store, ttl=ttl)


def test_a_target_with_no_endpoint_is_reported(tmp_path: Path) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    messages = plan(root, target="orders").messages
    assert any(m.startswith("no feature or GET endpoint named orders") for m in messages)
    assert not any("could read through the cache" in m for m in messages)


def test_a_target_narrows_the_endpoints_listed(tmp_path: Path) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    listed = [m for m in plan(root, target="items").messages if "could read" in m]
    assert [m.split(" (")[0] for m in listed] == [
        "app/routers/items.py:23 GET /items/",
        "app/routers/items.py:29 GET /items/{sku}",
    ]


def test_crud_and_caching_give_the_same_project_in_either_order(tmp_path: Path) -> None:
    trees = []
    for name, sentences in (("first", (CRUD, SENTENCE)), ("second", (SENTENCE, CRUD))):
        root = generate(tmp_path / name, "shop")
        for sentence in sentences:
            assert apply(root, sentence).status == "applied"
        trees.append({k: v for k, v in snapshot_tree(root).items() if not k.startswith(".git")})
    assert trees[0] == trees[1]
    router = trees[0]["src/app/features/invoices/router.py"].decode()
    assert "return await cache.get_or_set(" in router
    assert router.count('await cache.invalidate(f"invoices:{invoice_id}")') == 2


def test_a_crud_handler_edited_by_hand_is_kept(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    assert apply(root, CRUD).status == "applied"
    router = root / "src/app/features/invoices/router.py"
    edited = router.read_text().replace(
        "    await service.delete(invoice_id)\n", "    await service.delete(invoice_id)\n    pass\n"
    )
    router.write_text(edited)
    changes = plan(root)
    text = changed(changes, "src/app/features/invoices/router.py")
    assert text.count("cache.invalidate") == 1
    assert f"{router.relative_to(root)}: delete_invoice was edited by hand; left as it is" in (
        changes.messages
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentences",
    [(SENTENCE,), (CRUD, SENTENCE), (SENTENCE, CRUD), ("add in-memory caching",)],
    ids=["caching", "crud_then_caching", "caching_then_crud", "in_memory"],
)
def test_generated_project_with_caching_passes_its_checks(
    sentences: tuple[str, ...], tmp_path: Path
) -> None:
    root = generate(tmp_path, "shop")
    for sentence in sentences:
        assert apply(root, sentence).status == "applied"
    assert (root / "src/app/core/cache.py").is_file()
    for result in run_checks(root):
        assert result.ok, result.report()


@pytest.mark.slow
def test_a_served_app_answers_from_its_database_when_redis_is_down(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    for sentence in (CRUD, SENTENCE):
        assert apply(root, sentence).status == "applied"
    migrated = run_alembic(root, "upgrade", "head")
    assert migrated.ok, migrated.report()
    # Nothing listens on port 1: every cache call fails to connect.
    variables = DEVELOPMENT | {"REDIS_URL": "redis://127.0.0.1:1/0"}
    with tempfile.TemporaryFile(mode="w+") as log:
        with serve(root, variables=variables, log=log) as base_url:
            request = urllib.request.Request(
                f"{base_url}/invoices",
                data=json.dumps({"name": "first"}).encode(),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                created = json.loads(response.read())
            reads = [get(f"{base_url}/invoices/{created['id']}", timeout=10) for _ in range(2)]
        log.seek(0)
        output = log.read()
    assert [status for status, _ in reads] == [200, 200]
    assert json.loads(reads[1][1]) == created
    assert f"cache get of invoices:{created['id']} failed" in output


def test_a_suggested_key_holds_the_full_path_and_the_query(tmp_path: Path) -> None:
    root = copy_fixture("caching_routes", tmp_path, commit=False)
    listed = {
        m.split(" (")[0]: m for m in plan(root).messages if "could read through the cache" in m
    }
    assert sorted(listed) == [
        "blog/api/routes/posts.py:12 GET /api/posts",
        "blog/api/routes/posts.py:17 GET /api/posts/search",
        "blog/api/routes/posts.py:29 GET /api/posts/{slug}",
        "blog/api/routes/status.py:6 GET /api/status",
    ]
    keys = {where: m.split("get_or_set(")[1].split(", <")[0] for where, m in listed.items()}
    assert keys == {
        "blog/api/routes/posts.py:12 GET /api/posts": 'f"api:posts:tag={tag}:limit={limit}"',
        "blog/api/routes/posts.py:17 GET /api/posts/search": (
            'f"api:posts:search:q={q}:offset={offset}:limit={limit}"'
        ),
        "blog/api/routes/posts.py:29 GET /api/posts/{slug}": 'f"api:posts:{slug}"',
        "blog/api/routes/status.py:6 GET /api/status": '"api:status"',
    }
    search = listed["blog/api/routes/posts.py:17 GET /api/posts/search"]
    assert "offset, limit come through a dependency" in search
    # A health probe under the API prefix answers live: it is not listed at all.
    assert not any("/api/status/health-check" in m for m in plan(root).messages)


def test_a_route_that_depends_on_the_caller_is_not_listed_and_says_why(tmp_path: Path) -> None:
    root = copy_fixture("caching_routes", tmp_path, commit=False)
    messages = plan(root).messages
    reasons = {
        m.split(" (")[0]: m.split("depends on the caller (")[1].split("), and")[0]
        for m in messages
        if "is not listed for the cache" in m
    }
    assert reasons == {
        "blog/api/routes/account.py:8 GET /api/account": "it depends on get_current_user",
        "blog/api/routes/account.py:13 GET /api/account/cart": "it depends on get_current_user",
        "blog/api/routes/account.py:18 GET /api/account/theme": "it reads a cookie",
        "blog/api/routes/account.py:23 GET /api/account/language": (
            "it takes the request itself (request)"
        ),
        "blog/api/routes/posts.py:24 GET /api/posts/feed": "it depends on get_current_user",
    }
    for message in messages:
        if "is not listed for the cache" in message:
            assert "get_or_set" not in message


def test_a_route_whose_path_names_the_caller_is_not_listed(tmp_path: Path) -> None:
    root = copy_fixture("bigger_app", tmp_path, commit=False)
    (me,) = [m for m in plan(root).messages if " GET /users/me " in m]
    assert me.startswith("app/routers/users.py:17 GET /users/me (read_me) is not listed")
    assert "its path names the caller (/me)" in me


#: What the generated cache tests name their keys: ``test-<uuid hex>...``.
TEST_KEYS = "test-*"


def keys_in(url: str, pattern: str) -> set[bytes]:
    """The keys of the Redis at ``url`` matching ``pattern``, found by SCAN."""
    from redis.asyncio import Redis

    async def scan() -> set[bytes]:
        client = Redis.from_url(url)
        try:
            return {key async for key in client.scan_iter(match=pattern)}
        finally:
            await client.aclose()

    return asyncio.run(scan())


def left_behind(url: str, before: set[bytes], seconds: float = 5.0) -> set[bytes]:
    """The test keys that were not there ``before`` and stay for ``seconds``.

    A run of another project's tests on the same Redis holds keys of this shape
    for a moment; a key a run left behind stays.
    """
    deadline = time.monotonic() + seconds
    while True:
        left = keys_in(url, TEST_KEYS) - before
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.5)


@pytest.mark.slow
def test_the_generated_tests_leave_no_key_in_redis_even_when_they_fail(tmp_path: Path) -> None:
    url = redis_url()
    if url is None:
        pytest.skip("no Redis configured (FASTPROD_TEST_REDIS_URL)")
    root = generate(tmp_path, "shop")
    assert apply(root, SENTENCE).status == "applied"
    command = ["pytest", "-q", "-p", "no:cacheprovider", "--no-cov", "tests/test_cache.py"]
    variables = environment({"REDIS_URL": url})
    before = keys_in(url, TEST_KEYS)

    passing = run_tool(root, "pytest (redis)", command, env=variables)
    assert passing.ok, passing.report()
    assert " skipped" not in passing.output, passing.report()
    # A cache that writes entries without their expiry, as a mutant of it does:
    # the tests fail, and what they wrote goes all the same.
    module = root / "src/app/core/cache.py"
    source = module.read_text()
    assert "ex=ttl" in source
    module.write_text(source.replace("ex=ttl", "ex=None"))
    failing = run_tool(root, "pytest (redis, no expiry)", command, env=variables)
    assert not failing.ok, failing.report()
    assert "test_an_entry_expires_on_redis" in failing.output

    assert left_behind(url, before) == set()
