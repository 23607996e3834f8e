"""Statements an edit takes past the line length are laid out as ruff format lays them out:
each case is checked against ruff format itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fastprod.edits._calls import ensure_call_argument, ensure_loader_option
from fastprod.edits._layout import line_length

RUFF = Path(sys.executable).parent / "ruff"


def ruff_format(source: str, length: int = 88) -> str:
    done = subprocess.run(
        [str(RUFF), "format", "--isolated", f"--line-length={length}", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


LOADS = [
    # A chain alone in a call's brackets, already broken open.
    (
        "async def f():\n    result = await session.scalars(\n"
        "        select(Shelf).order_by(Shelf.id).limit(limit).offset(offset)\n    )\n",
        3,
    ),
    # An assigned chain: brackets of its own.
    (
        "def f():\n"
        "    rows = db.query(models.Shelf).order_by(models.Shelf.name).offset(skip).all()\n",
        2,
    ),
    # A returned chain.
    ("def f():\n    return db.query(Shelf).filter(Shelf.id > 1).order_by(Shelf.name).all()\n", 2),
    # Nested in an await in brackets, then a call.
    (
        "async def f():\n"
        "    rows = (await db.scalars(select(Shelf).order_by(Shelf.id).limit(9))).all()\n",
        2,
    ),
    # The only argument of a call on the statement's line.
    ("async def f():\n    found = await session.scalars(select(Shelf).where(Shelf.id > 1))\n", 2),
    # A chain one call a line already: the option takes its own line.
    (
        "def f():\n    return (\n        db.query(Shelf)\n"
        "        .filter(Shelf.room_id == room_id, Shelf.width > minimum_width)\n"
        "        .order_by(Shelf.name)\n        .all()\n    )\n",
        3,
    ),
]


@pytest.mark.parametrize(("source", "line"), LOADS)
def test_an_eager_load_keeps_the_statement_formatted(source: str, line: int) -> None:
    assert ruff_format(source) == source
    model = "models.Shelf" if "models." in source else "Shelf"
    edited = ensure_loader_option(source, line, model, "boxes_on_shelf", "selectinload")
    assert edited != source
    assert max(len(x) for x in edited.splitlines()) <= 88
    assert ruff_format(edited) == edited


ARGUMENTS = [
    (
        "engine = create_engine(settings.database_url, echo=settings.echo_sql_statements)\n",
        1,
        "create_engine",
        None,
        "engine_pool_options()",
    ),
    (
        "engine = create_engine(\n"
        '    settings.database_url, connect_args={"check_same_thread": False}, echo=True\n'
        ")\n",
        1,
        "create_engine",
        None,
        "engine_pool_options()",
    ),
    (
        'class Shelf:\n    room_identifier: Mapped[int] = mapped_column(ForeignKey("rooms.id"))\n',
        2,
        "mapped_column",
        "index",
        "True",
    ),
]


@pytest.mark.parametrize(("source", "line", "callee", "keyword", "value"), ARGUMENTS)
def test_an_argument_keeps_the_statement_formatted(
    source: str, line: int, callee: str, keyword: str | None, value: str
) -> None:
    assert ruff_format(source) == source
    edited = ensure_call_argument(source, line, callee, keyword, value)
    assert edited != source
    assert ruff_format(edited) == edited


def test_a_statement_it_cannot_lay_out_is_left_long() -> None:
    source = (
        "def f():\n    return [s.name for s in db.scalars(select(Shelf).order_by(Shelf.name))]\n"
    )
    edited = ensure_loader_option(source, 2, "Shelf", "boxes_on_shelf", "selectinload")
    assert "options(selectinload(Shelf.boxes_on_shelf))" in edited
    assert edited.count("\n") == source.count("\n")


def test_the_project_line_length_is_read_from_its_pyproject() -> None:
    assert line_length(None) == 88
    assert line_length("[tool.ruff]\nline-length = 100\n") == 100
    assert line_length("[tool.black]\nline-length = 79\n") == 79
    assert line_length("not toml [") == 88
    wide = "async def f():\n    found = await session.scalars(select(Shelf).where(Shelf.id))\n"
    edited = ensure_loader_option(wide, 2, "Shelf", "boxes", "selectinload", length=100)
    assert edited.count("\n") == 2
