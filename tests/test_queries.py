"""The ORM models reading, the query reading, and the call edits optimize_db plans with."""

from __future__ import annotations

import time
from pathlib import Path, PurePosixPath

import pytest
from helpers import copy_fixture

from fastprod import Project
from fastprod.recipe import (
    RecipeError,
    ensure_call_argument,
    ensure_function,
    ensure_loader_option,
    read_queries,
)


def _project(tmp_path: Path, files: dict[str, str]) -> Project:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    return Project(tmp_path)


MODELS = """from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from pydantic import BaseModel, Field


class Base(DeclarativeBase):
    pass


class Shelf(Base):
    __tablename__ = "shelves"
    __table_args__ = (Index("ix_shelves_room", "room"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room: Mapped[str] = mapped_column()
    label: Mapped[str] = mapped_column()
    boxes: Mapped[list["Box"]] = relationship(back_populates="shelf")
    tags: Mapped[list["Tag"]] = relationship(lazy="selectin")


class Box(Base):
    __tablename__ = "boxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    shelf_id: Mapped[int] = mapped_column(ForeignKey("shelves.id"))
    shelf: Mapped["Shelf"] = relationship(back_populates="boxes")


class BoxOut(BaseModel):
    label: str = Field(max_length=3)
"""


def test_orm_models_read_columns_relationships_and_indexes(tmp_path: Path) -> None:
    project = _project(
        tmp_path, {"models.py": MODELS, "main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}
    )
    shelf, box = project.readings.orm_models
    assert (shelf.name, shelf.table, box.table) == ("Shelf", "shelves", "boxes")
    assert [(c.name, c.indexed) for c in shelf.columns] == [
        ("id", True),
        ("room", True),
        ("label", False),
    ]
    boxes, tags = shelf.relationships
    assert (boxes.target, boxes.collection, boxes.eager) == ("Box", True, False)
    assert tags.eager
    column = box.column("shelf_id")
    assert column is not None and column.foreign_key and not column.indexed
    relationship = box.relationship("shelf")
    assert relationship is not None and not relationship.collection
    assert relationship.target == "Shelf"


ROUTES = """from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Box, Shelf

app = FastAPI()


@app.get("/shelves")
def shelves(db: Session) -> list[str]:
    rows = db.scalars(select(Shelf).where(Shelf.label == "x")).all()
    return [f"{s.label}{len(s.boxes)}{len(s.tags)}" for s in rows]


@app.get("/boxes")
def boxes(db: Session) -> dict[int, str]:
    found = {}
    for box in db.query(Box).all():
        found[box.id] = box.shelf.label
        found[box.id] += str(db.scalars(select(Shelf).where(Shelf.id == box.shelf_id)).first())
    return found
"""


def test_the_query_reading_finds_lazy_reads_filters_and_queries_per_row(tmp_path: Path) -> None:
    project = _project(tmp_path, {"models.py": MODELS, "main.py": ROUTES})
    queries = read_queries(project)
    reads = [
        (r.line, r.relationship.name, r.select.line, r.same_function) for r in queries.lazy_reads
    ]
    # s.tags is lazy="selectin": no N+1.
    assert reads == [(13, "boxes", 12, True), (20, "shelf", 19, True)]
    assert [(q.line, q.loop_line) for q in queries.queries_in_loops] == [(21, 19)]
    assert {(f.model.name, f.column.name) for f in queries.filtered} == {
        ("Shelf", "label"),
        ("Shelf", "id"),
    }
    assert [u.handler for u in queries.unbounded] == ["shelves"]
    assert [s.handler for s in queries.sync_in_async] == []


def test_the_reading_is_linear_in_the_code(tmp_path: Path) -> None:
    def timed(copies: int, root: Path) -> float:
        body = "".join(
            ROUTES.split("app = FastAPI()\n", 1)[1].replace("def ", f"def f{i}_")
            for i in range(copies)
        )
        project = _project(root, {"models.py": MODELS, "main.py": ROUTES + body})
        start = time.perf_counter()
        read_queries(project)
        return time.perf_counter() - start

    small, large = timed(50, tmp_path / "small"), timed(400, tmp_path / "large")
    assert large < small * 8 * 3


def test_loader_option_is_added_once_after_the_select() -> None:
    source = "rows = db.scalars(select(Shelf).where(Shelf.id > 1)).all()\n"
    once = ensure_loader_option(source, 1, "Shelf", "boxes", "selectinload", length=100)
    assert once == (
        "rows = db.scalars(select(Shelf).options(selectinload(Shelf.boxes))"
        ".where(Shelf.id > 1)).all()\n"
    )
    assert ensure_loader_option(once, 1, "Shelf", "boxes", "joinedload") is once
    # Past ruff format's 88 columns, the statement is laid out as ruff format lays it out.
    assert ensure_loader_option(source, 1, "Shelf", "boxes", "selectinload") == (
        "rows = db.scalars(\n"
        "    select(Shelf).options(selectinload(Shelf.boxes)).where(Shelf.id > 1)\n"
        ").all()\n"
    )
    with pytest.raises(RecipeError, match="<string>:1"):
        ensure_loader_option(source, 1, "Box", "shelf", "joinedload")


def test_call_argument_keyword_and_spread_are_added_once() -> None:
    source = "engine = create_engine(\n    url,\n)\n"
    spread = ensure_call_argument(source, 1, "create_engine", None, "options()")
    assert spread == "engine = create_engine(\n    url,\n    **options(),\n)\n"
    assert ensure_call_argument(spread, 1, "create_engine", None, "options()") is spread
    column = "x: Mapped[int] = mapped_column(index=False)\n"
    assert ensure_call_argument(column, 1, "mapped_column", "index", "True") is column


def test_function_goes_before_its_first_use_once() -> None:
    source = "import os\n\nengine = make(options())\n"
    code = "def options() -> dict[str, int]:\n    return {}\n"
    added = ensure_function(source, code, 3)
    function = "def options() -> dict[str, int]:\n    return {}\n"
    assert added == f"import os\n\n\n{function}\n\nengine = make(options())\n"
    assert ensure_function(added, code, 8) is added


def test_orm_models_of_a_fixture_in_path_order(tmp_path: Path) -> None:
    project = Project(copy_fixture("dbopt_sync", tmp_path))
    names = [(m.name, m.path) for m in project.readings.orm_models]
    assert names == [(n, PurePosixPath("catalog/models.py")) for n in ("Author", "Book", "Award")]


LAYERED = {
    "shop/__init__.py": "",
    "shop/models.py": """from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)


class Line(Base):
    __tablename__ = "lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    sku: Mapped[str]
""",
    "shop/repository.py": """from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shop.models import Line, Order


class OrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def every_order(self):
        return (await self.session.scalars(select(Order))).all()

    async def lines_of(self, order_id: int):
        return (await self.session.scalars(select(Line).where(Line.order_id == order_id))).all()
""",
    "shop/service.py": """from shop.repository import OrderRepository


class OrderService:
    def __init__(self, repository: OrderRepository) -> None:
        self.orders = repository

    async def overview(self):
        orders = await self.orders.every_order()
        return [{"id": o.id} for o in orders]
""",
    "shop/main.py": """from fastapi import FastAPI

from shop.repository import OrderRepository
from shop.service import OrderService

app = FastAPI()


@app.get("/orders", response_model=list[dict])
async def orders(service: OrderService) -> list[dict]:
    return await service.overview()


@app.get("/orders/{order_id}/skus")
async def skus(order_id: int, repository: OrderRepository) -> list[str]:
    return [line.sku for line in await repository.lines_of(order_id)]
""",
}


def test_a_list_route_is_followed_through_its_service_and_repository(tmp_path: Path) -> None:
    queries = read_queries(_project(tmp_path, LAYERED))
    # /orders answers the rows of select(Order) two calls down: unbounded. The
    # SKUs of one order are values of the rows of one parent: a summary.
    assert [(u.handler, u.select.model.name) for u in queries.unbounded] == [("orders", "Order")]


def test_a_sized_pool_is_the_projects_choice(tmp_path: Path) -> None:
    engine = (
        "from sqlalchemy import create_engine\n\n"
        'engine = create_engine("postgresql://db/app", pool_size=10, pool_pre_ping=True)\n'
    )
    (found,) = read_queries(_project(tmp_path, {"db.py": engine})).engines
    assert found.missing == ("max_overflow", "pool_timeout", "pool_recycle")
    assert found.pooled


SQLMODEL_BASE = """from sqlmodel import Field, SQLModel


class TicketBase(SQLModel):
    subject: str
    requester: str = Field(max_length=200)


class Ticket(TicketBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    closed: bool = False
"""


def test_a_sqlmodel_table_has_the_fields_of_its_base(tmp_path: Path) -> None:
    project = _project(tmp_path, {"models.py": SQLMODEL_BASE})
    (ticket,) = project.readings.orm_models
    assert [(c.name, c.line, c.indexed) for c in ticket.columns] == [
        ("subject", 5, False),
        ("requester", 6, False),
        ("id", 10, True),
        ("closed", 11, False),
    ]


def test_a_sqlmodel_relationship_written_as_a_list_is_a_collection(tmp_path: Path) -> None:
    models = (
        "from sqlmodel import Field, Relationship, SQLModel\n\n\n"
        "class Team(SQLModel, table=True):\n"
        "    id: int | None = Field(default=None, primary_key=True)\n"
        '    members: list["Member"] = Relationship(back_populates="team")\n\n\n'
        "class Member(SQLModel, table=True):\n"
        "    id: int | None = Field(default=None, primary_key=True)\n"
        '    team_id: int = Field(foreign_key="team.id")\n'
        '    team: Team | None = Relationship(back_populates="members")\n'
    )
    team, member = _project(tmp_path, {"models.py": models}).readings.orm_models
    # joinedload on a collection needs .unique() on the result: selectinload is the fix.
    assert [(r.name, r.target, r.collection) for r in team.relationships] == [
        ("members", "Member", True)
    ]
    assert [(r.name, r.target, r.collection) for r in member.relationships] == [
        ("team", "Team", False)
    ]


HELPER_READS = """from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Crate(Base):
    __tablename__ = "crates"
    id: Mapped[int] = mapped_column(primary_key=True)
    labels: Mapped[list["Label"]] = relationship()


class Label(Base):
    __tablename__ = "labels"
    id: Mapped[int] = mapped_column(primary_key=True)
    crate_id: Mapped[int] = mapped_column(ForeignKey("crates.id"), index=True)


def first_label(crate: Crate) -> int | None:
    return crate.labels[0].id if crate.labels else None


def crates(db: Session) -> list[int | None]:
    rows = db.scalars(select(Crate)).all()
    return [first_label(crate) for crate in rows]
"""


def test_a_relationship_read_by_a_function_the_loop_calls_is_an_n_plus_one(
    tmp_path: Path,
) -> None:
    queries = read_queries(_project(tmp_path, {"crates.py": HELPER_READS}))
    assert [(r.line, r.relationship.name, r.select.line) for r in queries.lazy_reads] == [
        (22, "labels", 26)
    ]
