"""Test-suite configuration shared by every test module."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from generated import on_server

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

# Fixture projects are copied into temporary directories by the tests that use
# them; their own test files and conftests are not ours to collect.
collect_ignore_glob = ["fixtures/*"]

#: The PostgreSQL the generated projects' tests are given (see tests/generated.py).
_DATABASE_VARIABLE = "FASTPROD_TEST_DATABASE_URL"


def pytest_configure(config: pytest.Config) -> None:
    """Give each pytest-xdist worker a PostgreSQL database of its own.

    Generated projects create and drop their tables in the database they are
    given; two workers sharing one would see each other's tables. A worker
    ``gw0`` testing against ``.../test`` gets a fresh ``.../test_gw0`` (a name
    the generated projects accept as one made for tests), dropped again at the
    end. Without workers, the configured database is used as it is.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        _own_redis_database(worker)
    url = os.environ.get(_DATABASE_VARIABLE, "")
    if not worker or not url.startswith("postgresql"):
        return
    from sqlalchemy.engine import make_url

    given = make_url(url)
    own = f"{given.database or 'test'}_{worker}"
    on_server(given, f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)', f'CREATE DATABASE "{own}"')
    os.environ[_DATABASE_VARIABLE] = given.set(database=own).render_as_string(hide_password=False)
    config.stash[_GIVEN] = (given, own)


#: The Redis the generated projects' tests are given (see tests/generated.py).
_REDIS_VARIABLE = "FASTPROD_TEST_REDIS_URL"


def _own_redis_database(worker: str) -> None:
    # Generated projects broadcast on fixed channels and cache under their
    # app's prefix: two workers' projects on one Redis database would hear
    # each other. Worker gwN takes database base+N+1 of the same server,
    # emptied first; the base database itself is left alone.
    url = os.environ.get(_REDIS_VARIABLE, "")
    if not url.startswith("redis"):
        return
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    own = (base + int(worker.removeprefix("gw")) + 1) % 16
    mine = urlunsplit(parts._replace(path=f"/{own}"))
    import redis

    with redis.Redis.from_url(mine) as client:
        client.flushdb()
    os.environ[_REDIS_VARIABLE] = mine


def pytest_unconfigure(config: pytest.Config) -> None:
    """Drop the worker's own database, leaving the server as it was found."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get(_REDIS_VARIABLE, "")
    if worker and url.startswith("redis"):
        import redis

        with redis.Redis.from_url(url) as client:
            client.flushdb()
    if _GIVEN in config.stash:
        given, own = config.stash[_GIVEN]
        on_server(given, f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')


_GIVEN = pytest.StashKey[tuple["URL", str]]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deal the long tests out evenly, first in each worker's share.

    pytest-xdist's work-stealing scheduler hands each worker one contiguous
    share of the collection and later moves tests from the end of a busy
    worker's queue to an idle one. So the slow tests (each generates a project
    and runs its toolchain; the mutation runs take longest) are dealt round the
    workers like cards and put at the head of each share, and the quick tests
    fill the rest in their usual order.
    """
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))

    def weight(item: pytest.Item) -> int:
        if "mutants" not in item.name:
            return 2
        # The two longest runs first, one on each of two workers.
        return 0 if "websocket" in item.name or "auth" in item.name else 1

    slow = sorted((i for i in items if i.get_closest_marker("slow")), key=weight)
    quick = [i for i in items if i.get_closest_marker("slow") is None]
    ordered: list[pytest.Item] = []
    remaining, taken = len(items), 0
    for worker in range(workers):
        share = remaining // (workers - worker)  # as the scheduler splits the collection
        dealt = slow[worker::workers]
        fill = max(share - len(dealt), 0)
        ordered += dealt + quick[taken : taken + fill]
        taken += fill
        remaining -= share
    items[:] = ordered + quick[taken:]
