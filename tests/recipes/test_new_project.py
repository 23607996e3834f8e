"""new_project: the files it plans, and a generated project that passes its own checks.

The fast tests read the plan (snapshot, determinism, idempotence, naming); the
``slow`` ones generate a project through the engine and run its own toolchain.
"""

from __future__ import annotations

import sqlite3
import tomllib
from pathlib import Path, PurePosixPath

import pytest
from generated import (
    CheckResult,
    generate,
    get,
    postgres_url,
    run_alembic,
    run_mypy,
    run_pytest,
    run_ruff_check,
    run_ruff_format,
    serve,
)
from snapshot import DiffSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from fastprod import ChangeSet, Project, RecipeError, UnsafeOperation
from fastprod._engine import Options, run
from fastprod._registry import load

SENTENCE = "set up a new FastAPI project called shop"
RECIPE = load("new_project")


def plan(root: Path, name: str | None = "shop") -> ChangeSet:
    """Plan ``new_project`` for ``root``, as the engine would."""
    return RECIPE.plan(RECIPE.build_params({"name": name} if name else {}), Project(root))


def text_of(changes: ChangeSet, path: str) -> str:
    """The planned text of one file."""
    (change,) = [c for c in changes.changes if c.path == PurePosixPath(path)]
    return change.after


def test_the_planned_diff_matches_the_snapshot(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    changes = plan(tmp_path / "shop")

    assert changes.diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_every_file_is_new_and_every_template_is_used(tmp_path: Path) -> None:
    changes = plan(tmp_path / "shop")
    templates = RECIPE.folder / "templates"

    assert all(change.action == "create" for change in changes.changes)
    assert len(changes.effective()) == len(list(templates.rglob("*.jinja")))
    assert not [c.path for c in changes.changes if c.path.suffix == ".jinja"]


def test_two_plans_give_identical_bytes(tmp_path: Path) -> None:
    first = plan(tmp_path / "one" / "shop")
    second = plan(tmp_path / "two" / "shop")

    assert first.diff().encode() == second.diff().encode()
    assert first.messages == second.messages


def test_planning_again_on_the_generated_tree_changes_nothing(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")

    again = plan(root)

    assert again.changes, "the plan still lists every file"
    assert all(change.is_noop for change in again.changes)
    assert again.effective() == ()


def test_the_name_reaches_the_manifest_the_settings_and_the_readme(tmp_path: Path) -> None:
    changes = plan(tmp_path / "target", "billing_api")

    manifest = tomllib.loads(text_of(changes, "pyproject.toml"))
    assert manifest["project"]["name"] == "billing-api"
    assert 'app_name: NonEmpty = "billing_api"' in text_of(changes, "src/app/config.py")
    assert text_of(changes, "README.md").startswith("# billing_api\n")
    assert "APP_NAME=billing_api\n" in text_of(changes, ".env.example")


@pytest.mark.parametrize(
    ("asked", "directory", "expected"),
    [
        (None, "Billing-API", "billing_api"),
        (None, "HTTPServer", "http_server"),
        (None, "café crème", "cafe_creme"),
        (None, "---", "app"),
        ("Billing API", "elsewhere", "billing_api"),
        ("shop", "elsewhere", "shop"),
    ],
)
def test_the_project_name_is_snake_case(
    tmp_path: Path, asked: str | None, directory: str, expected: str
) -> None:
    changes = plan(tmp_path / directory, asked)

    assert text_of(changes, "README.md").startswith(f"# {expected}\n")


def test_a_name_without_letters_or_digits_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RecipeError, match="cannot be a project name"):
        plan(tmp_path / "shop", "!!!")


def test_a_name_too_long_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RecipeError, match="at most 40 characters"):
        plan(tmp_path / "shop", "x" * 41)


def test_the_longest_name_keeps_python_lines_within_the_line_length(tmp_path: Path) -> None:
    # ruff's default line length, which the generated project keeps.
    limit = 88
    changes = plan(tmp_path / "shop", "n" * 40)

    long_lines = [
        f"{change.path}:{number}"
        for change in changes.changes
        if change.path.suffix == ".py"
        for number, line in enumerate(change.after.splitlines(), start=1)
        if len(line) > limit
    ]

    assert long_lines == []


def test_the_generated_project_configures_its_checks(tmp_path: Path) -> None:
    manifest = tomllib.loads(text_of(plan(tmp_path / "shop"), "pyproject.toml"))
    tools = manifest["tool"]

    assert tools["mypy"]["strict"] is True
    assert "pydantic.mypy" in tools["mypy"]["plugins"]
    assert tools["pytest"]["ini_options"]["asyncio_mode"] == "auto"
    assert "--cov=app" in tools["pytest"]["ini_options"]["addopts"]
    assert tools["coverage"]["report"]["fail_under"] == 80


def test_the_sentence_creates_the_named_directory_and_commits(tmp_path: Path) -> None:
    outcome = run(SENTENCE, Options(path=tmp_path))

    assert outcome.status == "applied"
    assert outcome.root == tmp_path / "shop"
    assert (tmp_path / "shop" / "src" / "app" / "main.py").is_file()
    assert outcome.commit is not None


def test_without_a_name_it_fills_the_empty_current_directory(tmp_path: Path) -> None:
    target = tmp_path / "Billing-API"
    target.mkdir()

    outcome = run("set up a new FastAPI project", Options(path=target))

    assert outcome.root == target
    assert 'name = "billing-api"' in (target / "pyproject.toml").read_text(encoding="utf-8")


def test_without_a_name_a_non_empty_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me\n", encoding="utf-8")

    with pytest.raises(UnsafeOperation, match="not empty"):
        run("set up a new FastAPI project", Options(path=tmp_path))

    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


# The generated project's own toolchain. One project serves every check below;
# none of them changes tracked files (caches and app.db are git-ignored).


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project generated through the engine, as a user would get it."""
    return generate(tmp_path_factory.mktemp("generated"), "shop")


def assert_ok(result: CheckResult) -> None:
    """Fail with the command's output when it did not succeed."""
    assert result.ok, result.report()


@pytest.mark.slow
def test_its_tests_pass_on_sqlite_with_coverage(shop: Path) -> None:
    result = run_pytest(shop)

    assert_ok(result)
    assert "Required test coverage of 80" in result.output


@pytest.mark.slow
@pytest.mark.skipif(postgres_url() is None, reason="set FASTPROD_TEST_DATABASE_URL or DATABASE_URL")
def test_its_tests_pass_on_postgresql(shop: Path) -> None:
    url = postgres_url()
    assert url is not None

    assert_ok(run_pytest(shop, url))


@pytest.mark.slow
def test_it_passes_ruff_check(shop: Path) -> None:
    assert_ok(run_ruff_check(shop))


@pytest.mark.slow
def test_it_passes_ruff_format_check(shop: Path) -> None:
    assert_ok(run_ruff_format(shop))


@pytest.mark.slow
def test_it_passes_mypy_strict(shop: Path) -> None:
    assert_ok(run_mypy(shop))


@pytest.mark.slow
def test_its_migrations_upgrade_to_head_on_sqlite(shop: Path) -> None:
    assert_ok(run_alembic(shop, "upgrade", "head"))

    with sqlite3.connect(shop / "app.db") as database:
        versions = database.execute("SELECT version_num FROM alembic_version").fetchall()
    assert versions == [("0001",)]


@pytest.mark.slow
def test_it_boots_under_uvicorn(shop: Path) -> None:
    with serve(shop) as base_url:
        health = get(f"{base_url}/health")
        ready = get(f"{base_url}/ready")

    assert health == (200, '{"status":"ok"}')
    assert ready[0] == 200
    with pytest.raises(OSError):
        get(f"{base_url}/health", timeout=2)  # The server was stopped.


PROBE_MODELS = """\
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.database import Base


class Probe(Base):
    __tablename__ = "probes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
"""


def add_probe_model(root: Path) -> None:
    """Add a model the way the README says: a module, imported in migrations/env.py."""
    package = root / "src" / "app" / "features" / "probes"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "models.py").write_text(PROBE_MODELS, encoding="utf-8")
    env = root / "migrations" / "env.py"
    anchor = "from app.config import get_settings\n"
    text = env.read_text(encoding="utf-8")
    assert anchor in text
    imported = "import app.features.probes.models  # noqa: F401\n" + anchor
    env.write_text(text.replace(anchor, imported), encoding="utf-8")


def tables(database: Path) -> list[str]:
    """The tables of a SQLite database, sorted."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return sorted(name for (name,) in rows)


@pytest.mark.slow
def test_an_autogenerated_migration_is_lint_clean_typed_and_reversible(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    assert_ok(run_alembic(root, "upgrade", "head"))
    add_probe_model(root)

    assert_ok(run_alembic(root, "revision", "--autogenerate", "-m", "add probes"))

    versions = root / "migrations" / "versions"
    (revision,) = [p for p in versions.glob("*.py") if p.name != "0001_baseline.py"]
    text = revision.read_text(encoding="utf-8")
    assert "op.create_table(" in text
    assert 'down_revision: str | Sequence[str] | None = "0001"' in text
    for check in (run_ruff_check, run_ruff_format, run_mypy):
        assert_ok(check(root))
    assert_ok(run_alembic(root, "upgrade", "head"))
    assert "probes" in tables(root / "app.db")
    assert_ok(run_alembic(root, "downgrade", "base"))
    assert "probes" not in tables(root / "app.db")
