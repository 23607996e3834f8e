"""Which PostgreSQL the generated projects' tests are given."""

from __future__ import annotations

import pytest
from generated import DEFAULT_POSTGRES_URL, postgres_url


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgresql+asyncpg://u@h:5432/mine", "postgresql+asyncpg://u@h:5432/mine"),
        # Another driver names the same database: never the shared default.
        ("postgresql://u@h:5432/mine", "postgresql+asyncpg://u@h:5432/mine"),
        ("postgresql+psycopg://u@h/mine", "postgresql+asyncpg://u@h/mine"),
        ("sqlite+aiosqlite:///app.db", DEFAULT_POSTGRES_URL),
    ],
)
def test_the_database_given_is_the_one_tested_against(
    given: str, used: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FASTPROD_TEST_DATABASE_URL", given)
    assert postgres_url() == used
