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
    url = os.environ.get(_DATABASE_VARIABLE, "")
    if not worker or not url.startswith("postgresql"):
        return
    from sqlalchemy.engine import make_url

    given = make_url(url)
    own = f"{given.database or 'test'}_{worker}"
    on_server(given, f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)', f'CREATE DATABASE "{own}"')
    os.environ[_DATABASE_VARIABLE] = given.set(database=own).render_as_string(hide_password=False)
    config.stash[_GIVEN] = (given, own)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Drop the worker's own database, leaving the server as it was found."""
    if _GIVEN in config.stash:
        given, own = config.stash[_GIVEN]
        on_server(given, f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')


_GIVEN = pytest.StashKey[tuple["URL", str]]()
