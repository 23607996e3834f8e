"""new_project: the files it plans, and a generated project that passes its own checks.

The fast tests read the plan (snapshot, determinism, idempotence, naming); the
``slow`` ones generate a project through the engine and run its own toolchain.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from generated import (
    CheckResult,
    environment,
    generate,
    get,
    postgres_url,
    run_alembic,
    run_mypy,
    run_pytest,
    run_ruff_check,
    run_ruff_format,
    run_tool,
    serve,
    start_refused,
)
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from snapshot import DiffSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from fastprod import ChangeSet, Project, RecipeError, UnsafeOperation
from fastprod.core._registry import load
from fastprod.engine._engine import Options, run

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
def test_its_migrations_upgrade_to_head_and_down_to_base_on_sqlite(shop: Path) -> None:
    assert_ok(run_alembic(shop, "upgrade", "head"))

    with sqlite3.connect(shop / "app.db") as database:
        versions = database.execute("SELECT version_num FROM alembic_version").fetchall()
    assert versions == [("0001",)]
    assert_ok(run_alembic(shop, "downgrade", "base"))
    with sqlite3.connect(shop / "app.db") as database:
        assert database.execute("SELECT version_num FROM alembic_version").fetchall() == []


@pytest.mark.slow
def test_it_boots_under_uvicorn(shop: Path) -> None:
    with serve(shop) as base_url:
        health = get(f"{base_url}/health")
        ready = get(f"{base_url}/ready")
        heads = [get(f"{base_url}{path}", method="HEAD") for path in ("/health", "/ready")]
        schema = get(f"{base_url}/openapi.json")

    assert health == (200, '{"status":"ok"}')
    assert ready[0] == 200
    assert heads == [(200, ""), (200, "")]
    assert schema[0] == 200
    with pytest.raises(OSError):
        get(f"{base_url}/health", timeout=2)  # The server was stopped.


@pytest.mark.slow
def test_in_production_it_serves_neither_schema_nor_docs(shop: Path) -> None:
    production = {"ENVIRONMENT": "production", "DATABASE_URL": "sqlite+aiosqlite:///./prod.db"}

    with serve(shop, variables=production) as base_url:
        answers = {path: get(f"{base_url}{path}")[0] for path in ("/openapi.json", "/docs")}
        health = get(f"{base_url}/health")[0]

    assert answers == {"/openapi.json": 404, "/docs": 404}
    assert health == 200


@pytest.mark.slow
@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "DATABASE_URL is required when ENVIRONMENT=production"),
        ({"ENVIRONMENT": "staging"}, "DATABASE_URL is required when ENVIRONMENT=staging"),
        (
            {"DATABASE_URL": "postgresql+asyncpg://app:hunter2@db/app?sslmode=require"},
            "?ssl=require, not ?sslmode=require",
        ),
    ],
    ids=["nothing-configured", "staging", "libpq-sslmode"],
)
def test_it_refuses_to_start_without_a_usable_database_url(
    shop: Path, variables: dict[str, str], message: str
) -> None:
    result = start_refused(shop, variables)

    assert result.returncode not in (0, -1), result.report()
    assert message in result.output
    assert "hunter2" not in result.output


@pytest.mark.slow
def test_its_tests_refuse_a_database_not_named_for_tests(shop: Path) -> None:
    # Refused before any connection: no server needs to be at this address.
    result = run_pytest(shop, "postgresql+asyncpg://postgres@127.0.0.1:1/orders")

    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.report()
    assert "TEST_DATABASE_URL must name a database" in result.output


@pytest.mark.slow
def test_its_tests_leave_the_apps_own_database_alone(shop: Path, tmp_path: Path) -> None:
    # The app's data, in the database DATABASE_URL names (named like a test one, even).
    database = tmp_path / "test_app.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE customers (name TEXT)")
        connection.execute("INSERT INTO customers VALUES ('ada')")
    before = database.read_bytes()
    variables = {"DATABASE_URL": f"sqlite+aiosqlite:///{database}"}

    result = run_tool(shop, "pytest", ["pytest", "-q", "--no-cov"], env=environment(variables))

    assert_ok(result)
    # Not a table created, dropped or migrated there: the file is as it was.
    assert database.read_bytes() == before


# Each defect the generated code once had, or could easily get, put back into a
# copy of the project: its own tests must fail, and name the test that caught it.
DEFECTS = {
    "commit-after-yield": (
        "src/app/core/database.py",
        [
            (
                "            yield session\n",
                "            yield session\n            await session.commit()\n",
            ),
            ("    try:\n        await session.commit()\n", "    try:\n        pass\n"),
        ],
        "tests/test_database.py::test_a_duplicate_is_a_conflict_and_one_row_is_kept",
    ),
    "commit-conflict-unmapped": (
        "src/app/core/database.py",
        [("\n    except IntegrityError as error:\n", "\n    except LookupError as error:\n")],
        "tests/test_database.py::test_commit_turns_a_broken_constraint_into_a_409",
    ),
    "commit-without-rollback": (
        "src/app/core/database.py",
        [
            (
                "    except IntegrityError as error:\n        await session.rollback()\n",
                "    except IntegrityError as error:\n",
            )
        ],
        "tests/test_database.py::test_commit_turns_a_broken_constraint_into_a_409",
    ),
    "flush-conflict-unmapped": (
        "src/app/core/database.py",
        [
            (
                "\n        except IntegrityError as error:\n",
                "\n        except LookupError as error:\n",
            )
        ],
        "tests/test_database.py::test_a_duplicate_caught_by_a_flush_is_a_conflict_too",
    ),
    "starlette-debug": (
        "src/app/main.py",
        [
            (
                "        lifespan=lifespan,\n",
                "        lifespan=lifespan,\n        debug=settings.debug,\n",
            )
        ],
        "tests/test_main.py::test_a_crash_is_a_plain_500_even_with_debug_on",
    ),
    "sqlite-in-production": (
        "src/app/config.py",
        [('if not local and "database_url" not in self.model_fields_set:', "if False:")],
        "tests/test_config.py::test_production_is_the_default_and_needs_a_database_url",
    ),
    "schema-in-production": (
        "src/app/main.py",
        [('        openapi_url=None if production else "/openapi.json",\n', "")],
        "tests/test_main.py::test_the_schema_and_docs_are_hidden_in_production",
    ),
    "unnamed-constraints": (
        "src/app/core/database.py",
        [("metadata = MetaData(naming_convention=NAMING_CONVENTION)", "metadata = MetaData()")],
        "tests/test_database.py::test_constraints_are_named_by_convention",
    ),
    "unbounded-page": (
        "src/app/shared/pagination.py",
        [("Query(ge=1, le=MAX_PAGE, ", "Query(ge=1, ")],
        "tests/test_pagination.py::test_out_of_range_parameters_are_refused",
    ),
    "request-only-dependencies": (
        "src/app/dependencies.py",
        [
            (
                "from fastapi.requests import HTTPConnection",
                "from fastapi import Request as HTTPConnection",
            )
        ],
        "tests/test_dependencies.py::test_websocket_routes_get_them_too",
    ),
    "no-body-limit": (
        "src/app/main.py",
        [
            (
                "    app.add_middleware(\n"
                "        BodySizeLimitMiddleware, max_bytes=settings.max_request_body_bytes\n"
                "    )\n",
                "",
            )
        ],
        "tests/test_limits.py::test_a_streamed_body_over_the_limit_is_refused",
    ),
    "no-head-probe": (
        "src/app/features/health/router.py",
        [('@router.head("/health", include_in_schema=False)\n', "")],
        "tests/test_health.py::test_probes_answer_head",
    ),
    "ready-500-on-driver-error": (
        "src/app/features/health/router.py",
        [
            ("    except Exception:\n", "    except (OSError, TimeoutError, SQLAlchemyError):\n"),
            (
                "from sqlalchemy import text\n",
                "from sqlalchemy import text\nfrom sqlalchemy.exc import SQLAlchemyError\n",
            ),
        ],
        "tests/test_health.py::test_ready_is_degraded_when_the_driver_refuses_the_url",
    ),
    "logging-unconfigured": (
        "src/app/main.py",
        [("    configure_logging(settings.effective_log_level)\n", "")],
        "tests/test_main.py::test_startup_sets_the_configured_log_level",
    ),
    "schema-without-migrations": (
        "tests/conftest.py",
        [('    command.upgrade(config, "head")\n', "")],
        "tests/test_migrations.py::test_the_test_database_is_at_the_latest_revision",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_its_tests_catch_a_defect_put_back(shop: Path, tmp_path: Path, defect: str) -> None:
    path, replacements, catcher = DEFECTS[defect]
    copy = tmp_path / "shop"
    shutil.copytree(shop, copy, ignore=shutil.ignore_patterns("*.db", ".*_cache", ".git"))
    target = copy / path
    text = target.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"{path} no longer holds {old!r}: update this defect"
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    test_file = catcher.split("::")[0]

    result = run_pytest(copy, None, "--no-cov", "-p", "no:cacheprovider", test_file)

    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.report()
    assert f"FAILED {catcher}" in result.output, result.report()


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


def floors(manifest: dict[str, Any]) -> dict[str, Version]:
    """The lowest version each direct dependency allows, by canonical name."""
    project = manifest["project"]
    found: dict[str, Version] = {}
    for line in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        requirement = Requirement(line)
        (lowest,) = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        found[canonicalize_name(requirement.name)] = Version(lowest)
    return found


def uv(*args: str) -> subprocess.CompletedProcess[str]:
    """Run uv (from the ``test`` extra) and fail with its output if it fails."""
    done = subprocess.run(
        [sys.executable, "-m", "uv", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=environment(),
    )
    assert done.returncode == 0, f"uv {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.slow
def test_its_checks_pass_on_the_lowest_versions_it_allows(shop: Path, tmp_path: Path) -> None:
    copy = tmp_path / "shop"
    shutil.copytree(shop, copy, ignore=shutil.ignore_patterns("*.db", ".*_cache", ".git"))
    venv = tmp_path / "venv"
    python = str(venv / "bin" / "python")
    uv("venv", "--quiet", "--python", sys.executable, str(venv))

    uv(
        "pip",
        "install",
        "--quiet",
        "--python",
        python,
        "--resolution",
        "lowest-direct",
        "-e",
        f"{copy}[dev]",
    )

    frozen = uv("pip", "freeze", "--python", python).stdout.splitlines()
    pins = [line.split("==", 1) for line in frozen if "==" in line]
    installed = {canonicalize_name(name): Version(version) for name, version in pins}
    wanted = floors(tomllib.loads((copy / "pyproject.toml").read_text(encoding="utf-8")))
    # Every floor is a version that really installs: the resolver had no reason to go higher.
    assert {name: installed.get(name) for name in wanted} == wanted
    results = [run_pytest(copy, python=python)]
    # The error envelope's generated tests must hold on the same floors.
    assert run("set up error handling", Options(path=copy)).status == "applied"
    results += [
        run_pytest(copy, python=python),
        run_tool(copy, "ruff check", ["ruff", "check", "--no-cache", "."], python=python),
        run_tool(
            copy, "ruff format", ["ruff", "format", "--check", "--no-cache", "."], python=python
        ),
        run_tool(copy, "mypy", ["mypy"], python=python),
        # A new revision runs the post-write hooks alembic.ini declares.
        run_alembic(copy, "revision", "-m", "probe", python=python),
    ]
    url = postgres_url()
    if url is not None:
        results.append(run_pytest(copy, url, python=python))
    for result in results:
        assert_ok(result)
