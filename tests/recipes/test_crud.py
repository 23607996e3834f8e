"""crud: the feature's diff on a generated project, names refused when the project
has them, several resources in order, and a generated project that passes its
own checks on SQLite and PostgreSQL with the features in it."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
from generated import (
    DEFAULT_POSTGRES_URL,
    environment,
    generate,
    get,
    mypy_cache_dir,
    postgres_url,
    python_310,
    run_alembic,
    run_checks,
    run_pytest,
    run_tool,
    serve,
    venv_for,
)
from helpers import copy_fixture, git, on_python_310, python311_only, snapshot_tree
from snapshot import DiffSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from fastprod import Intent, Project, RecipeError
from fastprod.core._registry import load
from fastprod.engine._engine import Options, _plan_all, run

EVERY_TYPE = (
    "title:str, body:text, views:int, score:float, price:decimal, published:bool, "
    "due:date, published_at:datetime, ref:uuid"
)
TWO_RESOURCES = f"create CRUD for people and blog posts with {EVERY_TYPE}"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated project with error handling, committed: crud's own diff shows alone."""
    root = generate(tmp_path_factory.mktemp("shop"), "shop")
    assert run("set up error handling", Options(path=root, commit=True)).status == "applied"
    return root


def _copy(shop: Path, tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    git(tmp_path, "clone", "-q", str(shop), str(root))
    return root


def _diff(root: Path, sentence: str) -> str:
    return run(sentence, Options(path=root, dry_run=True)).diff


@pytest.mark.parametrize(
    "sentence",
    [
        "create a CRUD feature for people",
        f"create a CRUD feature for blog posts with {EVERY_TYPE}",
    ],
    ids=["people", "blog_posts_every_type"],
)
def test_diff_on_a_generated_project(
    shop: Path, tmp_path: Path, sentence: str, snapshot: SnapshotAssertion
) -> None:
    diff = _diff(_copy(shop, tmp_path), sentence)
    # The migration's id is a hash of its content: the same in every run.
    assert diff == snapshot.use_extension(DiffSnapshotExtension)


def test_error_handling_is_planned_first_when_the_project_has_none(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    outcome = run("create a CRUD feature for invoices", Options(path=root, dry_run=True))
    paths = {str(change.path) for change in outcome.changes}
    assert {"src/app/core/errors.py", "src/app/features/invoices/router.py"} <= paths


def test_a_second_run_is_unchanged(shop: Path, tmp_path: Path) -> None:
    root = _copy(shop, tmp_path)
    sentence = f"create a CRUD feature for invoices with {EVERY_TYPE}"
    assert run(sentence, Options(path=root, commit=True)).status == "applied"
    again = run(sentence, Options(path=root))
    assert again.status == "unchanged"
    assert again.diff == ""


def test_a_page_size_called_size_is_asked_for_by_that_name(shop: Path, tmp_path: Path) -> None:
    # A project generated before fastprod's layer said ``page_size`` calls it
    # ``size``: the feature's tests ask for the page by the name it reads.
    root = _copy(shop, tmp_path)
    pagination = root / "src/app/shared/pagination.py"
    text = pagination.read_text("utf-8").replace("page_size", "size")
    pagination.write_text(text, "utf-8")
    for test in (root / "tests").glob("test_*.py"):
        test.write_text(test.read_text("utf-8").replace("page_size", "size"), "utf-8")
    git(root, "commit", "-qam", "the page size called size")
    assert (
        run("create a CRUD feature for people", Options(path=root, commit=True)).status == "applied"
    )
    tests = (root / "tests/test_people.py").read_text("utf-8")
    assert '"size": 2' in tests
    assert "page_size" not in tests
    result = run_pytest(root, None, "tests/test_people.py", "--no-cov")
    assert result.returncode == 0, result.output


def _revisions(root: Path) -> dict[str, tuple[str, str | None]]:
    """``table -> (revision, down_revision)`` for each migration creating a table."""
    found = {}
    for path in (root / "migrations/versions").glob("*.py"):
        text = path.read_text()
        table = re.search(r'op\.create_table\(\n\s+"(\w+)"', text)
        if table is None:
            continue
        values = {
            node.target.id: ast.literal_eval(node.value)
            for node in ast.parse(text).body
            if isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.value is not None
        }
        found[table.group(1)] = (values["revision"], values["down_revision"])
    return found


def test_several_resources_get_one_migration_each_in_order(shop: Path, tmp_path: Path) -> None:
    root = _copy(shop, tmp_path)
    outcome = run("create CRUD for customers and invoices", Options(path=root, commit=True))
    assert outcome.status == "applied"
    revisions = _revisions(root)
    assert revisions["customers"][1] == "0001"
    assert revisions["invoices"][1] == revisions["customers"][0]
    main = (root / "src/app/main.py").read_text()
    assert main.index("customers_router, prefix=") < main.index("invoices_router, prefix=")


def test_routes_go_under_the_prefix_the_apps_routers_share(shop: Path, tmp_path: Path) -> None:
    root = _copy(shop, tmp_path)
    main = root / "src/app/main.py"
    text = main.read_text().replace(
        "    app.include_router(health_router)\n",
        '    app.include_router(health_router, prefix="/api/v1/health")\n'
        '    app.include_router(health_router, prefix="/api/v1/status")\n',
    )
    main.write_text(text)
    git(root, "commit", "-qam", "api prefix")
    diff = _diff(root, "create a CRUD feature for invoices")
    assert '+    app.include_router(invoices_router, prefix="/api/v1/invoices"' in diff
    assert '+URL = "/api/v1/invoices"' in diff


def _aggregated(shop: Path, tmp_path: Path, *, included: bool) -> Path:
    """The shop with its health router gathered in ``api_router`` (prefix ``/api``)."""
    root = _copy(shop, tmp_path)
    (root / "src/app/api.py").write_text(
        "from fastapi import APIRouter\n\n"
        "from app.features.health.router import router as health_router\n\n"
        'api_router = APIRouter(prefix="/api")\n'
        "api_router.include_router(health_router)\n"
    )
    if included:
        main = root / "src/app/main.py"
        text = main.read_text().replace(
            "    app.include_router(health_router)\n",
            '    app.include_router(api_router, prefix="/v1")\n',
        )
        text = text.replace(
            "from app.features.health.router import router as health_router\n",
            "from app.api import api_router\n",
        )
        main.write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "aggregator")
    return root


def test_routes_go_into_an_aggregating_router_under_the_path_it_is_served_at(
    shop: Path, tmp_path: Path
) -> None:
    root = _aggregated(shop, tmp_path, included=True)
    diff = _diff(root, "create a CRUD feature for invoices")
    assert '+api_router.include_router(invoices_router, prefix="/invoices")' in diff
    assert '+URL = "/v1/api/invoices"' in diff


def test_an_aggregator_served_at_a_path_crud_cannot_read_is_refused(
    shop: Path, tmp_path: Path
) -> None:
    # Its tests would call the wrong paths without the prefix the app includes it with.
    root = _aggregated(shop, tmp_path, included=False)
    before = snapshot_tree(root)
    with pytest.raises(
        RecipeError,
        match=r"src/app/api\.py aggregates the routers in api_router, and crud cannot read "
        r"the path it is served under.*nothing was written",
    ):
        run("create a CRUD feature for invoices", Options(path=root))
    assert snapshot_tree(root) == before


def test_a_test_calling_the_prefix_is_no_route_of_the_project(shop: Path, tmp_path: Path) -> None:
    root = _copy(shop, tmp_path)
    (root / "tests/test_client.py").write_text(
        'async def test_it(client):\n    await client.get("/invoices")\n'
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a test")
    assert run("create a CRUD feature for invoices", Options(path=root)).status == "applied"


@pytest.mark.parametrize(
    ("path", "code", "complaint"),
    [
        ("src/app/features/invoices/__init__.py", "", r"src/app/features/invoices/ exists"),
        ("tests/test_invoices.py", "", r"tests/test_invoices\.py exists"),
        (
            "src/app/billing.py",
            "from app.core.database import Base\n\n\n"
            'class Bill(Base):\n    __tablename__ = "invoices"\n',
            r"billing\.py:5: the table invoices exists",
        ),
        (
            "src/app/billing.py",
            "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
            '@router.get("/invoices/{number}")\ndef read() -> None:\n    pass\n',
            r"billing\.py:6: the route /invoices/\{number\} exists",
        ),
        ("src/app/billing.py", "class Invoice:\n    pass\n", r"billing\.py:1: the class Invoice"),
    ],
    ids=["folder", "tests", "table", "route", "model"],
)
def test_a_name_the_project_has_is_refused_and_nothing_written(
    shop: Path, tmp_path: Path, path: str, code: str, complaint: str
) -> None:
    root = _copy(shop, tmp_path)
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(code)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "existing")
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match=complaint + ".*would shadow it; nothing was written"):
        run("create a CRUD feature for invoices", Options(path=root))
    assert snapshot_tree(root) == before


@pytest.mark.parametrize(
    ("fields", "complaint"),
    [
        (["id:int"], "'id' cannot be a field name"),
        (["class:str"], "'class' cannot be a field name"),
        (["model_name:str"], "'model_name' cannot be a field name"),
        (["total:int", "total:float"], "the field 'total' is given twice"),
        (["total:money"], "'total:money': unknown field type"),
        (["date:date"], "'date' cannot be a field name: the generated code uses it"),
    ],
)
def test_a_field_the_code_cannot_hold_is_refused(
    shop: Path, fields: list[str], complaint: str
) -> None:
    # The grammar refuses most of these first; the recipe does not rely on it.
    intent = Intent("crud", {"resource": "invoice", "plural": "invoices", "fields": fields})
    with pytest.raises(RecipeError, match=complaint):
        _plan_all([(intent, load("crud"))], Project(shop))


@pytest.mark.parametrize(
    ("resource", "plural", "complaint"),
    [
        ("invoice", "invoice", "needs a plural different"),
        ("Invoice", "Invoices", "cannot name a resource"),
        ("purchase_order_line", "purchase_order_lines", r"at most 19 characters"),
        (
            "purchase_order_line_item",
            "purchase_order_line_items",
            r"too long for a resource name: at most 19 characters\. .* line must fit in 88 "
            r"characters .*\('order line items', say\)\. Nothing was written",
        ),
    ],
)
def test_a_resource_name_the_code_cannot_hold_is_refused(
    shop: Path, resource: str, plural: str, complaint: str
) -> None:
    intent = Intent("crud", {"resource": resource, "plural": plural})
    with pytest.raises(RecipeError, match=complaint):
        _plan_all([(intent, load("crud"))], Project(shop))


@pytest.mark.parametrize(
    "sentence",
    [
        "create a CRUD feature for warehouse locations with quantity_on_hand:int",
        "create a CRUD feature for customer addresses with street_address:str",
    ],
)
def test_a_name_at_the_length_limit_keeps_every_line_within_the_line_length(
    shop: Path, sentence: str
) -> None:
    outcome = run(sentence, Options(path=shop, dry_run=True))
    assert outcome.status == "planned", outcome.messages
    too_long = [
        f"{change.path}: {line}"
        for change in outcome.changes
        if change.path.suffix == ".py"
        for line in change.after.splitlines()
        if len(line) > 88
    ]
    assert too_long == []


def test_a_single_file_app_is_refused_saying_why(tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path)
    before = snapshot_tree(root)
    complaint = r"main\.py is a single-file app: a CRUD feature is .* modules? of the app's package"
    with pytest.raises(RecipeError, match=complaint + ".*nothing was written"):
        run("create a CRUD feature for invoices", Options(path=root))
    assert snapshot_tree(root) == before


def test_a_sync_project_with_alembic_gets_a_migration_and_sync_code(tmp_path: Path) -> None:
    root = copy_fixture("audit_sync_orm", tmp_path) / "backend"
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "backend")
    outcome = run("create a CRUD feature for orders", Options(path=root, commit=True))
    assert outcome.status == "applied"
    assert revision_of(root, "orders")[1] == "a1b2c3"
    assert "import app.models  # noqa: F401" in (root / "alembic/env.py").read_text()
    # Its data access lives in crud.py: the repository and service join it, imported
    # relatively as it imports its siblings.
    assert not (root / "app/services").exists()
    service = (root / "app/crud.py").read_text()
    assert "class OrderService:" in service
    assert "from .models import Item, Order\n" in service
    assert "from sqlalchemy.orm import Session" in service
    assert "async def" not in service
    router = (root / "app/routers/orders.py").read_text()
    assert "Depends(get_session)" in router
    assert "class Order(Base):" in (root / "app/models.py").read_text()


def test_run_at_the_top_alembic_in_the_folder_gets_the_migration(tmp_path: Path) -> None:
    # backend/alembic.ini names backend/alembic (script_location = alembic), run from backend/.
    root = copy_fixture("audit_sync_orm", tmp_path)
    outcome = run("create a CRUD feature for orders", Options(path=root, commit=True))
    assert outcome.status == "applied"
    revision, down = revision_of(root / "backend", "orders")
    assert down == "a1b2c3"
    assert (root / f"backend/alembic/versions/{revision}_create_the_orders_table.py").is_file()
    assert "import app.models  # noqa: F401" in (root / "backend/alembic/env.py").read_text()
    assert "run `(cd backend && alembic upgrade head)` to create the orders table" in (
        outcome.messages
    )
    again = run("create a CRUD feature for orders", Options(path=root))
    assert again.status == "unchanged"


def revision_of(root: Path, table: str) -> tuple[str, str | None]:
    for path in root.rglob("versions/*.py"):
        text = path.read_text()
        if f'op.create_table(\n        "{table}"' in text:
            values = {
                node.target.id: ast.literal_eval(node.value)
                for node in ast.parse(text).body
                if isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.value is not None
            }
            return values["revision"], values["down_revision"]
    raise AssertionError(f"no migration creates {table}")


# ------------------------------------------------ packages laid out by kind

PACKAGE_LAYOUTS = ("bigger_app", "sync_orm", "src_factory")
INVOICES = "create a CRUD feature for invoices with number:str, amount:decimal, due_date:date"
# A test of the project's own, for the layouts that have none: crud writes its
# tests where the project keeps its tests, and writes none where it keeps none.
OWN_TEST = (
    "from fastapi.testclient import TestClient\n\n"
    "from {module} import {app}\n\n\n"
    "def test_the_app_answers() -> None:\n"
    '    assert TestClient({call}).get("/openapi.json").status_code == 200\n'
)


def _layout(layout: str, tmp_path: Path, *, tests: bool = False, python_310: bool = False) -> Path:
    """The fixture, its error handling committed: crud's own diff shows alone."""
    root = on_python_310(layout, tmp_path) if python_310 else copy_fixture(layout, tmp_path)
    if tests and not (root / "tests").exists():
        (root / "tests").mkdir()
        test = OWN_TEST.format(module="app.main", app="app", call="app")
        (root / "tests/test_app.py").write_text(test)
        git(root, "add", "-A")
        git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a test")
    outcome = run("set up error handling", Options(path=root, commit=True))
    assert outcome.status == "applied"
    return root


@pytest.mark.parametrize("layout", PACKAGE_LAYOUTS)
def test_diff_on_a_package_laid_out_by_kind(
    layout: str, tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    root = _layout(layout, tmp_path)
    assert _diff(root, INVOICES) == snapshot.use_extension(DiffSnapshotExtension)


@pytest.mark.parametrize("layout", PACKAGE_LAYOUTS)
def test_already_applied_on_a_package_laid_out_by_kind(
    layout: str, tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    root = _layout(layout, tmp_path, tests=True)
    assert run(INVOICES, Options(path=root, commit=True)).status == "applied"
    again = run(INVOICES, Options(path=root))
    assert again.status == "unchanged"
    assert again.diff == snapshot.use_extension(DiffSnapshotExtension)


def test_a_second_resource_joins_the_models_and_schemas_modules(tmp_path: Path) -> None:
    root = _layout("bigger_app", tmp_path, tests=True)
    assert run(TWO_RESOURCES, Options(path=root, commit=True)).status == "applied"
    models = (root / "app/models.py").read_text()
    assert models.startswith('"""The database models: one class per table."""\n')
    assert models.index("class Person(Base):") < models.index("class BlogPost(Base):")
    schemas = (root / "app/schemas.py").read_text()
    assert schemas.count("NO_NUL = ") == 1
    assert {"class PersonCreate(Schema)", "class BlogPostResponse(Schema)"} <= set(
        line.rstrip(":") for line in schemas.splitlines()
    )
    main = (root / "app/main.py").read_text()
    assert main.count("tables_created(app)") == 1
    assert "from .database import tables_created" in main


def test_tests_inside_the_package_go_where_its_pytest_finds_them(
    tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    # app/tests/, collected through testpaths = ["app"]: where write_tests writes too.
    root = _layout("tests_in_app", tmp_path)
    assert (root / "app/tests/test_errors.py").is_file()
    outcome = run(INVOICES, Options(path=root, dry_run=True))
    assert "app/tests/test_invoices.py" in {str(change.path) for change in outcome.changes}
    assert not any("tests were not added" in message for message in outcome.messages)
    assert outcome.diff == snapshot.use_extension(DiffSnapshotExtension)


@pytest.mark.slow
def test_tests_inside_the_package_pass_there(tmp_path: Path) -> None:
    # As the project runs them: pytest from its root, its testpaths choosing app/.
    root = _layout("tests_in_app", tmp_path)
    assert run(INVOICES, Options(path=root, commit=True)).status == "applied"
    result = run_tool(root, "pytest", ["pytest", "-q", "-p", "no:cacheprovider"])
    assert result.ok, result.report()
    assert (
        "app/tests/test_invoices.py"
        in run_tool(
            root, "pytest", ["pytest", "-q", "--collect-only", "-p", "no:cacheprovider"]
        ).output
    )


def test_no_tests_folder_starts_one_with_the_features_tests(tmp_path: Path) -> None:
    # error_handling, which crud requires, starts the folder; the feature's tests join it.
    root = copy_fixture("bigger_app", tmp_path)
    assert not (root / "tests").exists()
    outcome = run(INVOICES, Options(path=root, dry_run=True))
    written = {str(c.path) for c in outcome.changes if c.path.parts[0] == "tests"}
    assert {"tests/__init__.py", "tests/test_errors.py", "tests/test_invoices.py"} <= written
    assert any(m.startswith("tests/: the project's tests start here") for m in outcome.messages)


@pytest.mark.parametrize(
    ("layout", "path", "code", "complaint"),
    [
        ("bigger_app", "app/routers/invoices.py", "", r"app/routers/invoices\.py exists"),
        (
            "bigger_app",
            "app/billing.py",
            'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/invoices")\n',
            r"app/billing\.py:3: the route /invoices exists",
        ),
        (
            "sync_orm",
            "app/billing.py",
            "from app.database import Base\n\n\n"
            'class Bill(Base):\n    __tablename__ = "invoices"\n',
            r"app/billing\.py:5: the table invoices exists",
        ),
        ("sync_orm", "app/services/invoices.py", "", r"app/services/invoices\.py exists"),
        (
            "src_factory",
            "src/bookshop/billing.py",
            "class Invoice:\n    pass\n",
            r"billing\.py:1: the class Invoice exists",
        ),
    ],
    ids=[
        "bigger_app-router",
        "bigger_app-route",
        "sync_orm-table",
        "sync_orm-service",
        "src-model",
    ],
)
def test_a_name_a_package_has_is_refused_and_nothing_written(
    layout: str, path: str, code: str, complaint: str, tmp_path: Path
) -> None:
    root = _layout(layout, tmp_path)
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(code)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "existing")
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match=complaint + ".*would shadow it; nothing was written"):
        run("create a CRUD feature for invoices", Options(path=root))
    assert snapshot_tree(root) == before


def test_a_declarative_base_without_a_session_dependency_is_refused(tmp_path: Path) -> None:
    root = _layout("sync_orm", tmp_path)
    database = root / "app/database.py"
    database.write_text(database.read_text().split("def get_db")[0].rstrip() + "\n")
    (root / "app/routers/jars.py").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-qm", "no session dependency")
    with pytest.raises(RecipeError, match=r"declarative base \(app/database\.py\) but no session"):
        run("create a CRUD feature for invoices", Options(path=root))


@pytest.mark.parametrize("layout", PACKAGE_LAYOUTS)
def test_a_package_on_python_310_gets_code_that_runs_there(layout: str, tmp_path: Path) -> None:
    root = _layout(layout, tmp_path, tests=True, python_310=True)
    outcome = run(TWO_RESOURCES, Options(path=root, dry_run=True))
    found = [
        f"{change.path}:{where}"
        for change in outcome.changes
        if change.path.suffix == ".py"
        for where in python311_only(change.after)
    ]
    assert found == []
    after = {str(change.path): change.after for change in outcome.changes}
    assert "from typing_extensions import Self" in after[_in_package(layout, "schemas.py")]
    assert "typing-extensions" in after["pyproject.toml"]


def _in_package(layout: str, module: str) -> str:
    return f"src/bookshop/{module}" if layout == "src_factory" else f"app/{module}"


# ------------------------------------------------ a SQLModel project


# Sync, its tables by create_all; async, its tables by Alembic, named (__tablename__)
# and answered as TeamRead, the names of SQLModel's earlier tutorial.
# Routers gathered in an aggregating APIRouter the app includes under settings'
# API prefix: full-stack-fastapi-template's SQLModel app (models.py, crud.py,
# api/deps.py), a src/ package with api/v1/ and one module per model, and one with
# no database layer.
AGGREGATOR_LAYOUTS = ("aggregator_sqlmodel", "aggregator_src_models", "api_aggregator")


@pytest.mark.parametrize("layout", AGGREGATOR_LAYOUTS)
def test_diff_on_a_project_with_an_aggregating_router(
    layout: str, tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    root = _layout(layout, tmp_path)
    assert _diff(root, INVOICES) == snapshot.use_extension(DiffSnapshotExtension)


@pytest.mark.parametrize("layout", AGGREGATOR_LAYOUTS)
def test_a_project_with_an_aggregating_router_run_again_is_unchanged(
    layout: str, tmp_path: Path
) -> None:
    root = _layout(layout, tmp_path)
    assert run(TWO_RESOURCES, Options(path=root, commit=True)).status == "applied"
    again = run(TWO_RESOURCES, Options(path=root))
    assert again.status == "unchanged"
    assert again.diff == ""


def test_a_package_of_one_module_per_model_gets_the_model_s_own_module(
    tmp_path: Path,
) -> None:
    root = _layout("aggregator_src_models", tmp_path)
    outcome = run(INVOICES, Options(path=root, dry_run=True))
    after = {str(change.path): change.after for change in outcome.changes}
    # Beside the others in the app's package, registered where they are.
    assert "class Invoice(Base):" in after["src/app/models/invoice.py"]
    assert "src/app/models/token_blacklist.py" not in after
    assert not any(path.startswith("src/models") or path == "src/schemas.py" for path in after)
    init = after["src/app/models/__init__.py"]
    assert "from app.models.invoice import Invoice\n" in init
    assert '__all__ = ["Author", "Invoice", "TokenBlacklist"]' in init
    assert "class InvoiceCreate(Schema):" in after["src/app/schemas/invoice.py"]
    api = after["src/app/api/v1/api.py"]
    assert "from app.api.v1.endpoints import authors, invoices, status\n" in api
    assert 'api_router.include_router(invoices.router, prefix="/invoices")\n' in api
    router = after["src/app/api/v1/endpoints/invoices.py"]
    assert 'router = APIRouter(tags=["invoices"])' in router
    assert 'URL = "/api/v1/invoices"' in after["tests/test_invoices.py"]


@pytest.mark.parametrize(
    ("path", "code", "complaint"),
    [
        (
            "src/__init__.py",
            "",
            r"src/__init__\.py makes src a package around the app's package src/app, and "
            r"\S+ imports it as 'app'.*nothing was written",
        ),
        (
            "src/app/db/base.py",
            "from sqlalchemy.orm import DeclarativeBase, MappedAsDataclass\n\n\n"
            "class Base(MappedAsDataclass, DeclarativeBase):\n    pass\n",
            r"src/app/db/base\.py: Base maps its models as dataclasses \(MappedAsDataclass\)"
            r".*nothing was written",
        ),
    ],
    ids=["src-package-around-the-app", "dataclass-base"],
)
def test_a_src_package_crud_cannot_place_or_model_well_is_refused(
    path: str, code: str, complaint: str, tmp_path: Path
) -> None:
    root = _layout("aggregator_src_models", tmp_path)
    (root / path).write_text(code)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "change")
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match=complaint):
        run(INVOICES, Options(path=root))
    assert snapshot_tree(root) == before


def test_full_stack_s_layout_gets_its_crud_module_and_routes_module(tmp_path: Path) -> None:
    root = _layout("aggregator_sqlmodel", tmp_path)
    outcome = run(INVOICES, Options(path=root, dry_run=True))
    after = {str(change.path): change.after for change in outcome.changes}
    assert "class InvoiceService:" in after["app/crud.py"]
    assert "def create_note(" in after["app/crud.py"]
    assert "INVOICE_CONFLICT = " in after["app/crud.py"]
    assert not any(path.startswith("app/services") for path in after)
    router = after["app/api/routes/invoices.py"]
    # Each routes module sets its prefix: the aggregator includes them bare.
    assert 'router = APIRouter(prefix="/invoices", tags=["invoices"])' in router
    assert "from app.crud import InvoiceService" in router
    assert "api_router.include_router(invoices.router)\n" in after["app/api/main.py"]
    assert 'URL = "/api/v1/invoices"' in after["tests/test_invoices.py"]


SQLMODEL_LAYOUTS = ("sqlmodel_app", "sqlmodel_async_app")


@pytest.mark.parametrize("layout", SQLMODEL_LAYOUTS)
def test_diff_on_a_sqlmodel_project(
    layout: str, tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    root = _layout(layout, tmp_path)
    assert _diff(root, INVOICES) == snapshot.use_extension(DiffSnapshotExtension)


@pytest.mark.parametrize("layout", SQLMODEL_LAYOUTS)
def test_a_sqlmodel_project_run_again_is_unchanged(layout: str, tmp_path: Path) -> None:
    root = _layout(layout, tmp_path)
    assert run(TWO_RESOURCES, Options(path=root, commit=True)).status == "applied"
    again = run(TWO_RESOURCES, Options(path=root))
    assert again.status == "unchanged"
    assert again.diff == ""


def test_a_sqlmodel_project_gets_its_own_names_session_and_tables(tmp_path: Path) -> None:
    sync = run(INVOICES, Options(path=_layout("sqlmodel_app", tmp_path / "sync"), dry_run=True))
    after = {str(change.path): change.after for change in sync.changes}
    assert "__tablename__" not in after["app/models.py"]
    assert "class InvoicePublic(InvoiceBase):" in after["app/models.py"]
    assert "from sqlmodel import Session, col, func, select" in after["app/services/invoices.py"]
    assert "async def" not in after["app/services/invoices.py"]
    assert not any(path.startswith("migrations/") for path in after)
    assert any("SQLModel.metadata.create_all in app/database.py" in m for m in sync.messages)
    root = _layout("sqlmodel_async_app", tmp_path / "async")
    outcome = run(INVOICES, Options(path=root, dry_run=True))
    after = {str(change.path): change.after for change in outcome.changes}
    assert '    __tablename__ = "invoices"\n' in after["app/models.py"]
    assert "class InvoiceRead(InvoiceBase):" in after["app/models.py"]
    assert "response_model=InvoiceRead" in after["app/routers/invoices.py"]
    service = after["app/services/invoices.py"]
    assert "from sqlmodel.ext.asyncio.session import AsyncSession" in service
    assert "result = await self.session.exec(query)" in service
    assert revision_of_text(after, "invoices") == "0001"


def revision_of_text(after: dict[str, str], table: str) -> str | None:
    """The revision the migration creating ``table`` follows, among planned files."""
    for path, text in after.items():
        if path.startswith("migrations/versions/") and f'"{table}",' in text:
            found = re.search(r'down_revision: .* = "(\w+)"', text)
            return None if found is None else found.group(1)
    raise AssertionError(f"no migration creates {table}")


def _sqlmodel_fixture(tmp_path: Path, edit: str) -> Path:
    root = copy_fixture("sqlmodel_app", tmp_path, commit=False)
    if edit == "no_session_dependency":
        # No module, base or session dependency crud recognises: it must not add a layer.
        database = root / "app/database.py"
        text = database.read_text().replace(
            "def get_session() -> Iterator[Session]:", "def session_scope():  # type: ignore"
        )
        (root / "app/engine.py").write_text(text)
        database.unlink()
        for module in ("app/main.py", "app/routers/heroes.py"):
            path = root / module
            path.write_text(
                path.read_text()
                .replace("app.database", "app.engine")
                .replace("get_session", "session_scope")
            )
    else:
        (root / "app/legacy.py").write_text(
            "from sqlalchemy.orm import DeclarativeBase\n\n\n"
            "class Base(DeclarativeBase):\n    pass\n"
        )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fixture")
    return root


@pytest.mark.parametrize(
    ("edit", "complaint"),
    [
        (
            "no_session_dependency",
            r"app/models\.py:10: Hero is a SQLModel table: crud builds SQLModel code on the "
            r"project's session dependency.*found none; it does not add a second database "
            r"layer beside SQLModel's\. Nothing was written",
        ),
        (
            "declarative_models_too",
            r"app/models\.py:10: Hero is a SQLModel table, and app/legacy\.py declares the "
            r"SQLAlchemy base Base: a table could join either metadata.*Nothing was written",
        ),
    ],
)
def test_a_sqlmodel_project_crud_cannot_build_on_is_refused_saying_why(
    edit: str, complaint: str, tmp_path: Path
) -> None:
    root = _sqlmodel_fixture(tmp_path, edit)
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match=complaint):
        run(INVOICES, Options(path=root))
    assert snapshot_tree(root) == before


def _new_python_files(root: Path) -> list[str]:
    # The fixture's own files are as their authors left them: the checks read crud's.
    return [
        line.split("\t")[-1]
        for line in git(root, "diff", "--name-status", "HEAD~1", "HEAD").splitlines()
        if line.endswith(".py")
    ]


def _package_checks(root: Path, layout: str, *, sync_postgres: bool = False) -> list[Any]:
    src_layout = (root / "src").is_dir()
    src = {"PYTHONPATH": "src"} if src_layout else {}
    env = environment(src)
    code = ["src", "tests"] if src_layout else ["app", "tests"]
    new = _new_python_files(root)
    results = [
        run_tool(
            root,
            "ruff",
            ["ruff", "check", "--no-cache", "--select", "E4,E7,E9,F,I,UP,B", *new],
            env=env,
        ),
        run_tool(root, "ruff format", ["ruff", "format", "--check", "--no-cache", *new], env=env),
        run_tool(
            root,
            "mypy",
            ["mypy", "--strict", "--cache-dir", mypy_cache_dir(), *code],
            env=env | {"MYPYPATH": src.get("PYTHONPATH", ".")},
        ),
        run_tool(
            root, "pytest (sqlite)", ["pytest", "-q", "-p", "no:cacheprovider", "tests"], env=env
        ),
    ]
    if layout != "sync_orm":
        # No synchronous PostgreSQL driver here: the sync layout runs on SQLite only.
        url = postgres_url() or DEFAULT_POSTGRES_URL
        if sync_postgres:
            # A synchronous session: psycopg rather than asyncpg.
            url = url.replace("postgresql+asyncpg://", "postgresql+psycopg://", 1)
        pg = env | {"TEST_DATABASE_URL": url}
        results.append(
            run_tool(
                root,
                "pytest (postgresql)",
                ["pytest", "-q", "-p", "no:cacheprovider", "tests"],
                env=pg,
            )
        )
    return results


@pytest.mark.slow
@pytest.mark.parametrize("layout", PACKAGE_LAYOUTS)
def test_a_package_with_two_resources_passes_its_checks(layout: str, tmp_path: Path) -> None:
    root = _layout(layout, tmp_path, tests=True)
    assert run(TWO_RESOURCES, Options(path=root, commit=True)).status == "applied"
    for result in _package_checks(root, layout):
        assert result.ok, result.report()
        if result.name.startswith("pytest"):
            assert re.search(r"\b\d{2,} passed", result.output), result.output[-500:]


@pytest.mark.slow
def test_the_tests_pass_beside_a_session_the_project_s_tests_keep_open(tmp_path: Path) -> None:
    # Its conftest opens one session on TEST_DATABASE_URL for the whole run, its
    # tables created and a row written in a transaction never committed: dropping
    # its table waited for that session forever (PostgreSQL), and a SQLite file
    # shared with it was locked.
    root = _layout("held_session", tmp_path)
    assert run(INVOICES, Options(path=root, commit=True)).status == "applied"
    results = _package_checks(root, "held_session", sync_postgres=True)
    shared = environment({"TEST_DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}"})
    results.append(
        run_tool(
            root,
            "pytest (sqlite, one file)",
            ["pytest", "-q", "-p", "no:cacheprovider", "tests"],
            env=shared,
            timeout=120,
        )
    )
    assert [result.name for result in results][-2:] == [
        "pytest (postgresql)",
        "pytest (sqlite, one file)",
    ]
    for result in results:
        assert result.ok, result.report()
        if result.name.startswith("pytest"):
            # The project's own tests, the errors' and the resource's.
            assert re.search(r"\b\d{2,} passed", result.output), result.output[-500:]


@pytest.mark.slow
@pytest.mark.parametrize("layout", SQLMODEL_LAYOUTS)
def test_a_sqlmodel_project_with_two_resources_passes_its_checks(
    layout: str, tmp_path: Path
) -> None:
    root = _layout(layout, tmp_path)
    assert run(TWO_RESOURCES, Options(path=root, commit=True)).status == "applied"
    sync = layout == "sqlmodel_app"
    results = _package_checks(root, layout, sync_postgres=sync)
    assert [result.name for result in results][-1] == "pytest (postgresql)"
    if not sync:
        # Its migrations, on both databases: up, no drift from the models, down, up.
        url = postgres_url() or DEFAULT_POSTGRES_URL
        for database in (f"sqlite+aiosqlite:///{tmp_path / 'migrated.db'}", url):
            for args in (("upgrade", "head"), ("check",), ("downgrade", "base")):
                results.append(run_alembic(root, *args, database_url=database))
    for result in results:
        assert result.ok, result.report()
        if result.name.startswith("pytest"):
            # The project's own tests, and the resources' tests.
            assert re.search(r"\b\d{3} passed", result.output), result.output[-500:]


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["aggregator_sqlmodel", "aggregator_src_models"])
def test_a_project_with_an_aggregating_router_with_two_resources_passes_its_checks(
    layout: str, tmp_path: Path
) -> None:
    root = _layout(layout, tmp_path)
    assert run(TWO_RESOURCES, Options(path=root, commit=True)).status == "applied"
    results = _package_checks(root, layout, sync_postgres=layout == "aggregator_sqlmodel")
    assert [result.name for result in results][-1] == "pytest (postgresql)"
    for result in results:
        assert result.ok, result.report()
        if result.name.startswith("pytest"):
            # The project's own test, and the resources' tests, on the full paths.
            assert re.search(r"\b\d{3} passed", result.output), result.output[-500:]


@pytest.mark.slow
def test_a_package_on_python_310_passes_its_checks_on_python_310(tmp_path: Path) -> None:
    interpreter = python_310()
    if interpreter is None:
        pytest.skip("no Python 3.10 here (FASTPROD_TEST_PYTHON_310)")
    root = _layout("bigger_app", tmp_path, tests=True, python_310=True)
    assert run(TWO_RESOURCES, Options(path=root, commit=True)).status == "applied"
    # Only what the manifest declares, on Python 3.10 itself.
    python = venv_for(root, interpreter, tmp_path / "venv", "mypy>=1.11")
    env = environment()
    lint = ["ruff", "check", "--no-cache", "--target-version", "py310"]
    results = [
        run_tool(root, "ruff", [*lint, "--select", "E4,E7,E9,F,I,UP,B", *_new_python_files(root)]),
        run_tool(
            root,
            "mypy",
            ["mypy", "--strict", "--no-incremental", "app", "tests"],
            env=env,
            python=python,
        ),
        run_tool(
            root,
            "pytest",
            ["pytest", "-q", "-p", "no:cacheprovider", "tests"],
            env=env,
            python=python,
        ),
    ]
    for result in results:
        assert result.ok, result.report()


@pytest.mark.slow
def test_generated_project_with_two_resources_passes_its_checks_and_boots(
    tmp_path: Path,
) -> None:
    root = generate(tmp_path, "shop")
    outcome = run(TWO_RESOURCES, Options(path=root, commit=True))
    assert outcome.status == "applied"
    for result in run_checks(root):
        assert result.ok, result.report()
    for args in (("upgrade", "head"), ("downgrade", "base"), ("upgrade", "head")):
        result = run_alembic(root, *args)
        assert result.ok, result.report()
    with serve(root) as base_url:
        status, body = get(f"{base_url}/openapi.json")
        assert status == 200
        paths = {path: sorted(methods) for path, methods in json.loads(body)["paths"].items()}
        status, listed = get(f"{base_url}/blog-posts?page=1&page_size=5")
    assert paths == {
        "/health": ["get"],
        "/ready": ["get"],
        "/people": ["get", "post"],
        "/people/{person_id}": ["delete", "get", "patch"],
        "/blog-posts": ["get", "post"],
        "/blog-posts/{blog_post_id}": ["delete", "get", "patch"],
    }
    assert status == 200
    assert json.loads(listed) == {
        "items": [],
        "total": 0,
        "page": 1,
        "page_size": 5,
        "has_next": False,
    }


# Each line that matters in the generated feature, broken; its tests must see it.
DEFECTS = [
    ("service.py", "data.model_dump(exclude_unset=True)", "data.model_dump()"),
    (
        "service.py",
        "        await commit(self.session)\n        return invoice\n\n    async def delete",
        "        return invoice\n\n    async def delete",
    ),
    (
        "service.py",
        "raise InvoiceNotFoundError(invoice_id)",
        "return None  # type: ignore[return-value]",
    ),
    ("dependencies.py", "le=MAX_ID, ", ""),
    ("schemas.py", "max_length=255, ", ""),
    ("schemas.py", "pattern=NO_NUL, ", ""),
    ("schemas.py", 'max_digits=12, decimal_places=2, examples=["12.50"]', 'examples=["12.50"]'),
    ("schemas.py", "            raise ValueError", "            pass  # raise ValueError"),
    ("repository.py", ".offset(offset)", ""),
    ("router.py", "status_code=status.HTTP_201_CREATED", "status_code=status.HTTP_200_OK"),
]


@pytest.mark.slow
def test_the_generated_tests_catch_each_defect_put_back(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    sentence = "create a CRUD feature for invoices with number:str, amount:decimal, due_date:date"
    assert run(sentence, Options(path=root, commit=True)).status == "applied"
    feature = root / "src/app/features/invoices"
    args = ["pytest", "-q", "-x", "--no-cov", "-p", "no:cacheprovider", "tests/test_invoices.py"]
    baseline = run_tool(root, "pytest", args)
    assert baseline.ok, baseline.report()
    for module, line, broken in DEFECTS:
        path = feature / module
        text = path.read_text()
        assert line in text, (module, line)
        path.write_text(text.replace(line, broken, 1))
        try:
            result = run_tool(root, f"pytest with {module} broken", args)
        finally:
            path.write_text(text)
        assert result.returncode == 1, f"{module}: {broken!r} went unseen\n{result.output[-2000:]}"


# Each line that matters in a package's feature, broken; its tests must see it.
PACKAGE_DEFECTS = [
    ("services/invoices.py", "data.model_dump(exclude_unset=True)", "data.model_dump()"),
    ("services/invoices.py", "self.session.commit()", "self.session.flush()"),
    ("services/invoices.py", "raise InvoiceNotFoundError(invoice_id)", "pass"),
    ("services/invoices.py", ".offset(offset)", ""),
    ("routers/invoices.py", "le=MAX_ID, ", ""),
    ("routers/invoices.py", "status.HTTP_201_CREATED", "status.HTTP_200_OK"),
    ("schemas.py", "max_length=255, ", ""),
    ("schemas.py", "            raise ValueError", "            pass  # raise ValueError"),
]


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["bigger_app", "sync_orm"])
def test_a_package_s_generated_tests_catch_each_defect_put_back(
    layout: str, tmp_path: Path
) -> None:
    _assert_each_defect_seen(_layout(layout, tmp_path, tests=True), PACKAGE_DEFECTS)


def _assert_each_defect_seen(root: Path, defects: list[tuple[str, str, str]]) -> None:
    """crud applied to ``root``; each defect put back in turn fails its tests."""
    assert run(INVOICES, Options(path=root, commit=True)).status == "applied"
    args = ["pytest", "-q", "-x", "-p", "no:cacheprovider", "tests/test_invoices.py"]
    baseline = run_tool(root, "pytest", args)
    assert baseline.ok, baseline.report()
    for module, line, broken in defects:
        path = root / "app" / module
        text = path.read_text()
        assert line in text, (module, line)
        path.write_text(text.replace(line, broken, 1))
        try:
            result = run_tool(root, f"pytest with {module} broken", args)
        finally:
            path.write_text(text)
        assert result.returncode == 1, f"{module}: {broken!r} went unseen\n{result.output[-2000:]}"


# Each line that matters in a SQLModel project's resource, broken; its tests must see it.
SQLMODEL_DEFECTS = [
    *[defect for defect in PACKAGE_DEFECTS if defect[0] != "schemas.py"],
    ("models.py", "max_length=255, ", ""),
    ("models.py", ', schema_extra={"pattern": NO_NUL})', ")"),
    ("models.py", "            raise ValueError", "            pass  # raise ValueError"),
]


@pytest.mark.slow
@pytest.mark.parametrize("layout", SQLMODEL_LAYOUTS)
def test_a_sqlmodel_project_s_generated_tests_catch_each_defect_put_back(
    layout: str, tmp_path: Path
) -> None:
    _assert_each_defect_seen(_layout(layout, tmp_path), SQLMODEL_DEFECTS)
