"""crud: the feature's diff on a generated project, names refused when the project
has them, several resources in order, and a generated project that passes its
own checks on SQLite and PostgreSQL with the features in it."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from generated import generate, get, run_alembic, run_checks, run_tool, serve
from helpers import copy_fixture, git, snapshot_tree
from snapshot import DiffSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from fastprod import Intent, Project, RecipeError
from fastprod._engine import Options, _plan_all, run
from fastprod._registry import load

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


def test_routers_aggregated_in_an_api_router_are_refused(shop: Path, tmp_path: Path) -> None:
    # Its tests would call the wrong paths without the aggregator's prefixes.
    root = _copy(shop, tmp_path)
    (root / "src/app/api.py").write_text(
        "from fastapi import APIRouter\n\n"
        "from app.features.health.router import router as health_router\n\n"
        'api_router = APIRouter(prefix="/api")\n'
        "api_router.include_router(health_router)\n"
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "aggregator")
    with pytest.raises(RecipeError, match=r"src/app/api\.py aggregates the routers in api_router"):
        run("create a CRUD feature for invoices", Options(path=root))


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
        ("purchase_order_line_item", "purchase_order_line_items", "too long"),
    ],
)
def test_a_resource_name_the_code_cannot_hold_is_refused(
    shop: Path, resource: str, plural: str, complaint: str
) -> None:
    intent = Intent("crud", {"resource": resource, "plural": plural})
    with pytest.raises(RecipeError, match=complaint):
        _plan_all([(intent, load("crud"))], Project(shop))


@pytest.mark.parametrize("layout", ["single_file", "bigger_app", "src_factory"])
def test_a_project_without_the_database_layer_is_refused(layout: str, tmp_path: Path) -> None:
    root = copy_fixture(layout, tmp_path)
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match=r"has no async database layer.*nothing was written"):
        run("create a CRUD feature for invoices", Options(path=root))
    assert snapshot_tree(root) == before


def test_a_sync_sqlalchemy_project_is_refused_naming_its_base(tmp_path: Path) -> None:
    root = copy_fixture("audit_sync_orm", tmp_path) / "backend"
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "backend")
    before = snapshot_tree(root)
    complaint = r"no async database layer .*\(its own models build on app/database\.py"
    with pytest.raises(RecipeError, match=complaint):
        run("create a CRUD feature for orders", Options(path=root))
    assert snapshot_tree(root) == before


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
        status, listed = get(f"{base_url}/blog-posts?page=1&size=5")
    assert paths == {
        "/health": ["get"],
        "/ready": ["get"],
        "/people": ["get", "post"],
        "/people/{person_id}": ["delete", "get", "patch"],
        "/blog-posts": ["get", "post"],
        "/blog-posts/{blog_post_id}": ["delete", "get", "patch"],
    }
    assert status == 200
    assert json.loads(listed) == {"items": [], "total": 0, "page": 1, "size": 5, "has_next": False}


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
