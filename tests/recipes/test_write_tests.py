"""write_tests: the diff on each layout, already applied, a new route's tests joining the
file, the whole API, refusals, and the written tests passing on each project with the
sad-path share and router coverage they claim."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from generated import (
    generate,
    postgres_url,
    run_checks,
    run_mypy,
    run_pytest,
    run_ruff_check,
    run_ruff_format,
)
from helpers import copy_fixture, git, snapshot_tree
from snapshot import DiffSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from fastprod import ChangeSet, Project, RecipeError
from fastprod.core._registry import load
from fastprod.engine._engine import Options, run

RECIPE = load("write_tests")
CRUD = "create CRUD for people and blog posts with title:str, views:int, price:decimal"

# (fixture, target, the routers' files the tests cover)
HAND_WRITTEN = [
    ("tests_sync_orm", "loans", ["library/routers/loans.py"]),
    ("tests_async_orm", "notes", ["notes/api.py"]),
    ("tests_no_db", "stations", ["weather/api/stations.py"]),
    ("feature_names", "products", ["shelf/main.py"]),
    # Literal and Enum fields, a query parameter's alias, dates checked against
    # today, and codes an app without a database keeps unique.
    ("tests_choices", "vouchers", ["kiosk/vouchers.py"]),
    # Async ORM behind a bearer token: a sign-in to create, an enum's roles to
    # change and withdraw, and a path parameter with a pattern.
    ("tests_async_auth", "permits", ["permits/api.py"]),
]


def plan(root: Path, target: str) -> ChangeSet:
    return RECIPE.plan(RECIPE.build_params({"target": target}), Project(root))


@pytest.mark.parametrize(
    ("layout", "target"),
    [
        ("single_file", "todos"),
        ("bigger_app", "api"),
        ("src_factory", "books"),
        ("sync_orm", "jars"),
        ("tests_sync_orm", "loans"),
        ("tests_async_orm", "notes"),
        ("tests_no_db", "api"),
    ],
)
def test_diff_on_each_layout(
    layout: str, target: str, tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    root = copy_fixture(layout, tmp_path)
    assert plan(root, target).diff() == snapshot.use_extension(DiffSnapshotExtension)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated project with two CRUD features, committed."""
    root = generate(tmp_path_factory.mktemp("shop"), "shop")
    assert run(CRUD, Options(path=root, commit=True)).status == "applied"
    return root


def _copy(shop: Path, tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    git(tmp_path, "clone", "-q", str(shop), str(root))
    return root


def test_diff_on_a_crud_feature(shop: Path, tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = _copy(shop, tmp_path)
    assert plan(root, "blog_posts").diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_already_applied_is_unchanged(
    shop: Path, tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    root = _copy(shop, tmp_path)
    assert run("write tests for people", Options(path=root, commit=True)).status == "applied"
    again = run("write tests for people", Options(path=root))
    assert again.status == "unchanged"
    assert again.diff == snapshot.use_extension(DiffSnapshotExtension)


def test_a_new_route_adds_only_its_tests_to_the_same_file(shop: Path, tmp_path: Path) -> None:
    root = _copy(shop, tmp_path)
    assert run("write tests for people", Options(path=root, commit=True)).status == "applied"
    written = (root / "tests/test_people_api.py").read_text()
    router = root / "src/app/features/people/router.py"
    router.write_text(
        router.read_text()
        + '\n\n@router.get("/{person_id}/card")\n'
        + "async def read_person_card(\n    person_id: PersonId,\n"
        + "    service: PersonServiceDep,\n) -> PersonResponse:\n"
        + '    """Read one person\'s card."""\n'
        + "    return PersonResponse.model_validate(await service.get(person_id))\n"
    )
    git(root, "commit", "-qam", "a card route")
    outcome = run("write tests for people", Options(path=root))
    assert [str(c.path) for c in outcome.changes] == ["tests/test_people_api.py"]
    after = (root / "tests/test_people_api.py").read_text()
    assert after.startswith(written)
    added = after[len(written) :]
    assert "# GET /people/{person_id}/card" in added
    assert set(re.findall(r"async def (test_\w+)", added)) == {
        "test_read_person_card_answers_200",
        "test_read_person_card_answers_404_for_an_unknown_id",
        "test_read_person_card_refuses_an_invalid_path_parameter",
    }


def test_the_whole_api_skips_routers_with_tests(tmp_path: Path) -> None:
    root = copy_fixture("src_factory", tmp_path)
    changes = plan(root, "api")
    # test_books.py calls /books: only /health has no tests yet.
    assert [str(c.path) for c in changes.changes] == [
        "tests/conftest.py",
        "tests/test_health_api.py",
    ]


def test_the_root_route_is_not_tested_by_every_url(tmp_path: Path) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    (root / "tests").mkdir()
    (root / "tests/__init__.py").write_text("")
    # Calls /items and /itemsets, and no route is "/": only items counts as tested.
    own = 'def test_items(client):\n    client.get("/items/3")\n    client.get("/itemsets")\n'
    (root / "tests/test_mine.py").write_text(own)
    written = [str(c.path) for c in plan(root, "api").changes]
    assert "tests/test_main_api.py" in written
    assert "tests/test_users_api.py" in written
    assert "tests/test_items_api.py" not in written


def test_its_client_fixture_takes_a_database_added_later(tmp_path: Path) -> None:
    # Tests for the whole API on a project without a database, then a CRUD feature:
    # the client fixture write_tests wrote must not call the app's own database.
    root = copy_fixture("bigger_app", tmp_path)
    assert run("write tests for the whole API", Options(path=root, commit=True)).status == (
        "applied"
    )
    assert "dependency_overrides" not in (root / "tests/conftest.py").read_text()
    outcome = run("create a CRUD feature for invoices", Options(path=root, commit=True))
    conftest = (root / "tests/conftest.py").read_text()
    assert "app.dependency_overrides[get_db] = test_session" in conftest
    assert 'create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)' in conftest
    assert conftest.count("async def client(") == 1
    assert any("the whole API's tests kept whole" in m for m in outcome.messages)
    # The same project as when the tests are written after the feature.
    other = copy_fixture("bigger_app", tmp_path / "other")
    run("create a CRUD feature for invoices", Options(path=other, commit=True))
    run("write tests for the whole API", Options(path=other, commit=True))
    assert snapshot_tree(other) == snapshot_tree(root)


def test_its_client_fixture_in_the_projects_conftest_takes_the_database(
    tmp_path: Path,
) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    (root / "tests").mkdir()
    own = '"""Mine."""\n\nimport pytest\n\n\n@pytest.fixture\ndef token() -> str:\n    return "t"\n'
    (root / "tests/conftest.py").write_text(own)
    (root / "tests/__init__.py").write_text("")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "conftest")
    assert run("write tests for items", Options(path=root, commit=True)).status == "applied"
    run("create a CRUD feature for invoices", Options(path=root, commit=True))
    changes = plan(root, "invoices")
    conftest = next(c for c in changes.changes if c.path.name == "conftest.py")
    assert conftest.after is not None
    assert conftest.after.startswith('"""Mine."""\n\n')
    assert "def token() -> str:" in conftest.after
    assert conftest.after.count("async def client(") == 1
    assert "dependency_overrides[get_db] = test_session" in conftest.after
    assert any(
        "written by fastprod before the project had a database" in m for m in changes.messages
    )


def test_routes_added_after_tests_for_part_of_the_api_get_none(tmp_path: Path) -> None:
    # Only items had tests: the probes deploy adds are not tested unasked.
    root = copy_fixture("bigger_app", tmp_path)
    assert run("write tests for items", Options(path=root, commit=True)).status == "applied"
    outcome = run("prepare for production deployment", Options(path=root, dry_run=True))
    assert not [c for c in outcome.changes if str(c.path).startswith("tests/")]


def test_a_project_whose_routes_all_have_tests_is_unchanged(shop: Path) -> None:
    changes = plan(shop, "api")
    assert changes.changes == ()
    assert "already has tests" in changes.messages[0]


def test_an_unknown_target_is_refused_naming_the_features(tmp_path: Path) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    before = snapshot_tree(root)
    with pytest.raises(
        RecipeError, match=r"no feature named 'invoices'.*admin, items, main, users; by tag"
    ):
        run("write tests for invoices", Options(path=root))
    assert snapshot_tree(root) == before


@pytest.mark.parametrize(
    ("target", "written", "paths"),
    [
        # The plural finds the feature its module names in the singular.
        ("articles", "tests/test_article_api.py", ["/articles", "/articles/unknown-slug"]),
        ("the article", "tests/test_article_api.py", ["/articles", "/articles/unknown-slug"]),
        # The segment after /api/v1 names the app module's routes.
        ("products", "tests/test_products_api.py", ["/api/v1/products/"]),
        ("product", "tests/test_products_api.py", ["/api/v1/products/"]),
        # A tag given where the router is included names its routes.
        ("reviews", "tests/test_reviews_api.py", ["/feedback"]),
    ],
)
def test_a_feature_is_found_by_plural_version_prefix_and_tag(
    target: str, written: str, paths: list[str], tmp_path: Path
) -> None:
    root = copy_fixture("feature_names", tmp_path, commit=False)
    changes = plan(root, target.removeprefix("the "))
    (tests,) = [c for c in changes.changes if c.path.name.endswith("_api.py")]
    assert str(tests.path) == written
    for path in paths:
        assert f'"{path}' in tests.after


@pytest.mark.parametrize("module", ["authentication", "login", "auth"])
def test_auth_finds_the_feature_under_any_of_its_names(module: str, tmp_path: Path) -> None:
    # "write tests for the authentication module" reads as the target auth.
    root = copy_fixture("feature_names", tmp_path, commit=False)
    (root / "shelf" / "routers" / f"{module}.py").write_text(
        "from fastapi import APIRouter\n\n"
        'router = APIRouter(prefix="/session")\n\n\n'
        '@router.get("/me")\n'
        "async def who_am_i() -> dict[str, str]:\n"
        '    return {"name": "reader"}\n',
        encoding="utf-8",
    )
    main = root / "shelf" / "main.py"
    text = main.read_text(encoding="utf-8")
    text = text.replace(
        "from shelf.routers import article, feedback",
        f"from shelf.routers import article, {module}, feedback",
    ).replace(
        "app.include_router(article.router)",
        f"app.include_router(article.router)\napp.include_router({module}.router)",
    )
    main.write_text(text, encoding="utf-8")
    changes = plan(root, "auth")
    (tests,) = [c for c in changes.changes if c.path.name.endswith("_api.py")]
    assert str(tests.path) == f"tests/test_{module}_api.py"
    assert '"/session/me"' in tests.after


def test_an_unknown_feature_is_refused_naming_features_and_tags(tmp_path: Path) -> None:
    root = copy_fixture("feature_names", tmp_path, commit=False)
    with pytest.raises(
        RecipeError,
        match=r"no feature named 'invoices' \(its routes, by feature: article, feedback, "
        r"products; by tag: articles, products, reviews\)",
    ):
        plan(root, "invoices")


def test_routes_needing_credentials_it_cannot_make_are_named(tmp_path: Path) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    with pytest.raises(RecipeError, match=r"POST /admin/reindex needs credentials"):
        plan(root, "admin")


TOKEN_APP = """from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm

app = FastAPI()
scheme = OAuth2PasswordBearer(tokenUrl="/token")


@app.post("/token")
async def token(form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> dict[str, str]:
    return {"access_token": form.username}


@app.get("/orders/{order_id}")
async def read_order(order_id: int, token: Annotated[str, Depends(scheme)]) -> list[str]:
    return []
"""


def test_a_bearer_route_gets_its_401_and_a_form_route_is_named(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(TOKEN_APP)
    orders = plan(tmp_path, "orders")
    written = next(c.after for c in orders.changes if c.path.name == "test_orders_api.py")
    assert re.findall(r"async def (test_\w+)", written) == [
        "test_read_order_answers_401_without_a_token"
    ]
    assert 'await client.get("/orders/2147483647")' in written
    assert any("its happy path is not written" in m for m in orders.messages)
    with pytest.raises(RecipeError, match=r"POST /token reads a form: no tests written"):
        plan(tmp_path, "token")


UNDECLARED_APP = """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/shelves/{shelf_id}")
async def read_shelf(shelf_id: int) -> list[str]:
    return []


@app.patch("/shelves/{shelf_id}")
async def rename_shelf(query_id: int, name: str) -> list[str]:
    return [name]
"""


def test_a_path_parameter_the_function_does_not_take_is_named(tmp_path: Path) -> None:
    # FastAPI matches /shelves/7 and drops the 7: the handler reads query_id instead.
    (tmp_path / "main.py").write_text(UNDECLARED_APP)
    shelves = plan(tmp_path, "shelves")
    written = next(c.after for c in shelves.changes if c.path.name == "test_shelves_api.py")
    assert "rename_shelf" not in written and "read_shelf" in written
    assert (
        "PATCH /shelves/{shelf_id} names {shelf_id} in its path, but its function takes no "
        "such parameter: no tests written for it"
    ) in shelves.messages


def test_a_project_client_fixture_is_reused(shop: Path) -> None:
    changes = plan(shop, "people")
    assert [str(c.path) for c in changes.changes] == ["tests/test_people_api.py"]
    assert "the tests use the client fixture of tests/conftest.py" in changes.messages


def test_an_existing_conftest_keeps_its_fixtures(tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path)
    (root / "tests").mkdir()
    own = '"""Mine."""\n\nimport pytest\n\n\n@pytest.fixture\ndef token() -> str:\n    return "t"\n'
    (root / "tests/conftest.py").write_text(own)
    (root / "tests/__init__.py").write_text("")
    conftest = next(c for c in plan(root, "todos").changes if c.path.name == "conftest.py")
    assert conftest.after.startswith('"""Mine."""\n\n')
    assert "def token() -> str:" in conftest.after
    assert "async def client() -> AsyncIterator[AsyncClient]:" in conftest.after


def _sad_share(messages: tuple[str, ...]) -> tuple[int, int]:
    for message in messages:
        found = re.search(r"(\d+) tests, (\d+) of them sad paths", message)
        if found:
            return int(found.group(1)), int(found.group(2))
    raise AssertionError(messages)


def _pytest(root: Path) -> str:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        f"--cov={root}",
        "--cov-report=term",
        "tests",
    ]
    result = subprocess.run(
        command, cwd=root, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return result.stdout


@pytest.mark.parametrize(("fixture", "target", "routers"), HAND_WRITTEN)
def test_the_tests_written_pass_with_a_sad_share_and_router_coverage(
    fixture: str, target: str, routers: list[str], tmp_path: Path
) -> None:
    root = copy_fixture(fixture, tmp_path)
    outcome = run(f"write tests for {target}", Options(path=root, commit=True))
    assert outcome.status == "applied"
    total, sad = _sad_share(outcome.messages)
    assert sad / total >= 0.4
    # SQLAlchemy's asyncio runs the handlers' awaits in greenlets: coverage must follow them.
    (root / ".coveragerc").write_text("[run]\nconcurrency = greenlet,thread\n")
    output = _pytest(root)
    assert f"{total} passed" in output
    for router in routers:
        line = next(line for line in output.splitlines() if line.startswith(router))
        assert int(line.split()[-1].rstrip("%")) >= 90, line


def test_the_tests_catch_a_constraint_dropped(tmp_path: Path) -> None:
    root = copy_fixture("tests_no_db", tmp_path)
    assert run("write tests for stations", Options(path=root, commit=True)).status == "applied"
    models = root / "weather/models.py"
    models.write_text(models.read_text().replace("le=9000", "le=90000"))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    result = subprocess.run(
        command, cwd=root, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 1
    assert "altitude_m-9001" in result.stdout


# (file, what the defect takes out of it, the tests that must then fail and no others)
DEFECTS = [
    (
        "notes/models.py",
        ", unique=True",
        {
            "test_create_note_answers_409_for_a_taken_value[slug]",
            "test_patch_note_answers_409_for_a_taken_value[slug]",
        },
    ),
    (
        "notes/schemas.py",
        ", pattern=limits.SLUG_PATTERN",
        {
            "test_create_note_refuses_an_invalid_value[slug-Not valid!]",
            "test_patch_note_refuses_an_invalid_value[slug-Not valid!]",
        },
    ),
    (
        "notes/api.py",
        '        raise HTTPException(409, "Another note has this slug") from None\n',
        {
            "test_create_note_answers_409_for_a_taken_value[slug]",
            "test_patch_note_answers_409_for_a_taken_value[slug]",
        },
    ),
]


@pytest.mark.parametrize(("module", "removed", "failing"), DEFECTS)
def test_the_tests_catch_a_unique_column_pattern_or_conflict_answer_dropped(
    module: str, removed: str, failing: set[str], tmp_path: Path
) -> None:
    root = copy_fixture("tests_async_orm", tmp_path)
    assert run("write tests for notes", Options(path=root, commit=True)).status == "applied"
    path = root / module
    assert removed in path.read_text()
    path.write_text(path.read_text().replace(removed, ""))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    result = subprocess.run(
        command, cwd=root, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 1, result.stdout[-3000:]
    failed = set(
        re.findall(r"^FAILED tests/test_notes_api\.py::(.+?)(?: - |$)", result.stdout, re.M)
    )
    assert failed == failing, result.stdout[-3000:]


def test_a_unique_field_that_is_not_text_is_named(tmp_path: Path) -> None:
    root = copy_fixture("tests_async_orm", tmp_path)
    _edit(root / "notes/models.py", "mapped_column(Integer)", "mapped_column(Integer, unique=True)")
    changes = plan(root, "notes")
    written = next(c.after for c in changes.changes if c.path.name == "test_notes_api.py")
    assert '{"slug": "{value}{serial}"}' in written
    assert "POST /api/notes/: priority is unique, but only a text field" in " ".join(
        changes.messages
    )


def _run_tests(root: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    return subprocess.run(
        command, cwd=root, capture_output=True, text=True, check=False, timeout=300
    )


def test_a_role_protected_route_gets_401_and_403_and_they_catch_the_check_dropped(
    tmp_path: Path,
) -> None:
    root = copy_fixture("tests_no_db", tmp_path)
    outcome = run("write tests for admin", Options(path=root, commit=True))
    assert outcome.status == "applied"
    written = (root / "tests/test_admin_api.py").read_text()
    # No route makes a station to close: no happy path, but an unknown one is a
    # 404 for a caller with the role.
    assert re.findall(r"async def (test_\w+)", written) == [
        "test_close_station_answers_401_without_a_token",
        "test_close_station_answers_403_without_the_role",
        "test_close_station_answers_404_for_an_unknown_id",
    ]
    assert 'CALLER = Caller(name="name 1", role="role 1")' in written
    # The caller the role check reads is overridden: the check itself runs.
    assert "app.dependency_overrides[current_caller]" in written
    passing = _run_tests(root)
    assert passing.returncode == 0, passing.stdout[-3000:]
    # The defect: the check lets every role through.
    security = root / "weather/security.py"
    _edit(security, "if caller.role != role:", "if not caller.role:")
    broken = _run_tests(root)
    assert broken.returncode == 1, broken.stdout[-3000:]
    failed = re.findall(r"^FAILED tests/test_admin_api\.py::(\w+)", broken.stdout, re.M)
    assert failed == ["test_close_station_answers_403_without_the_role"], broken.stdout[-3000:]


ADMIN_ROUTES = """

@router.post("/reindex", status_code=202, dependencies=[Depends(require_role("admin"))])
async def reindex() -> dict[str, int]:
    return {"stations": len(_stations)}


@router.get("/whoami")
async def whoami(caller: Annotated[Caller, Depends(require_role("admin"))]) -> str:
    return caller.name
"""


def _with_admin_routes(root: Path) -> None:
    """The fixture's admin router gains ADMIN_ROUTES, committed."""
    admin = root / "weather/api/admin.py"
    _edit(
        admin,
        "from weather.security import require_role",
        "from weather.security import Caller, require_role",
    )
    admin.write_text("from typing import Annotated\n\n" + admin.read_text() + ADMIN_ROUTES)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fixture")


def test_a_role_protected_route_gets_a_happy_path_with_the_role(tmp_path: Path) -> None:
    root = copy_fixture("tests_no_db", tmp_path, commit=False)
    _with_admin_routes(root)
    outcome = run("write tests for admin", Options(path=root, commit=True))
    assert outcome.status == "applied"
    written = (root / "tests/test_admin_api.py").read_text()
    tests = re.findall(r"async def (test_\w+)", written)
    assert "test_reindex_answers_202_with_the_role" in tests
    # The caller is the model current_caller returns, made whole and given the role:
    # a handler that reads it (whoami reads its name) gets a happy path too.
    assert 'CALLER.model_copy(update={"role":"admin"})' in "".join(written.split())
    assert "test_whoami_answers_200_with_the_role" in tests
    passing = _run_tests(root)
    assert passing.returncode == 0, passing.stdout[-3000:]
    # The defect: the check refuses every role, the one it names too.
    _edit(root / "weather/security.py", "if caller.role != role:", "if caller.role:")
    broken = _run_tests(root)
    failed = re.findall(r"^FAILED tests/test_admin_api\.py::(\w+)", broken.stdout, re.M)
    assert failed == [
        "test_close_station_answers_404_for_an_unknown_id",
        "test_reindex_answers_202_with_the_role",
        "test_whoami_answers_200_with_the_role",
    ], broken.stdout[-3000:]


def test_a_caller_with_no_model_is_stood_in_for_by_its_role_alone(
    tmp_path: Path,
) -> None:
    # A caller dependency that returns no model of the project: the stand-in has the
    # role alone, and a handler that reads more of the caller gets no happy path.
    root = copy_fixture("tests_no_db", tmp_path, commit=False)
    security = root / "weather/security.py"
    _edit(
        security,
        "def current_caller(token: Annotated[str, Depends(scheme)]) -> Caller:",
        "def current_caller(token: Annotated[str, Depends(scheme)]):  # noqa: ANN201",
    )
    _with_admin_routes(root)
    outcome = run("write tests for admin", Options(path=root, commit=True))
    written = (root / "tests/test_admin_api.py").read_text()
    assert 'SimpleNamespace(role="admin")' in written
    assert "CALLER" not in written
    assert any("GET /admin/whoami: its handler reads the caller" in m for m in outcome.messages)
    passing = _run_tests(root)
    assert passing.returncode == 0, passing.stdout[-3000:]


@pytest.mark.slow
def test_generated_project_with_crud_and_written_tests_passes_its_checks(
    tmp_path: Path,
) -> None:
    root = generate(tmp_path, "shop")
    sentence = (
        "create CRUD for people and blog posts with title:str, views:int, price:decimal, due:date"
    )
    assert run(sentence, Options(path=root, commit=True)).status == "applied"
    assert run("create a CRUD feature for boxes", Options(path=root, commit=True)).status == (
        "applied"
    )
    for target in ("people", "blog_posts", "boxes"):
        outcome = run(f"write tests for {target}", Options(path=root, commit=True))
        assert outcome.status == "applied", outcome.messages
        total, sad = _sad_share(outcome.messages)
        assert sad / total >= 0.4
    for result in run_checks(root):
        assert result.ok, result.report()
    written = [f"tests/test_{target}_api.py" for target in ("people", "blog_posts", "boxes")]
    coverage = run_pytest(
        root, None, "--cov-fail-under=0", "--cov-report=term", "-p", "no:cacheprovider", *written
    )
    assert coverage.ok, coverage.report()
    for feature in ("people", "blog_posts", "boxes"):
        line = next(
            line
            for line in coverage.output.splitlines()
            if line.startswith(f"src/app/features/{feature}/router.py")
        )
        assert int(line.split()[-1].rstrip("%")) >= 90, line


UNIQUE_SKU = (
    "sku: Mapped[str] = mapped_column(String(255))",
    "sku: Mapped[str] = mapped_column(String(255), unique=True)",
)
UNIQUE_SKU_MIGRATION = (
    '        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),\n',
    '        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),\n'
    '        sa.UniqueConstraint("sku", name=op.f("uq_products_sku")),\n',
)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, path
    path.write_text(text.replace(old, new))


@pytest.mark.slow
def test_409_tests_pass_on_a_unique_column_and_fail_when_it_is_dropped(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    sentence = "create a CRUD feature for products with sku:str, name:str"
    assert run(sentence, Options(path=root, commit=True)).status == "applied"
    # What a person does to make the sku unique: the column and its migration.
    model = root / "src/app/features/products/models.py"
    migration = next((root / "migrations/versions").glob("*_create_the_products_table.py"))
    _edit(model, *UNIQUE_SKU)
    _edit(migration, *UNIQUE_SKU_MIGRATION)
    git(root, "commit", "-qam", "sku is unique")
    outcome = run("write tests for products", Options(path=root, commit=True))
    assert outcome.status == "applied", outcome.messages
    written = (root / "tests/test_products_api.py").read_text()
    conflicts = {
        "test_create_product_answers_409_for_a_taken_value[sku]",
        "test_update_product_answers_409_for_a_taken_value[sku]",
    }
    for name in conflicts:
        assert f"async def {name.partition('[')[0]}(" in written
    only = ("--cov-fail-under=0", "-p", "no:cacheprovider", "tests/test_products_api.py")
    databases = [None] if postgres_url() is None else [None, postgres_url()]
    for database in databases:
        result = run_pytest(root, database, *only)
        assert result.ok, result.report()
    for result in (run_ruff_check(root), run_ruff_format(root), run_mypy(root)):
        assert result.ok, result.report()
    # The defect: the column is no longer unique, in the model and in its migration.
    _edit(model, *reversed(UNIQUE_SKU))
    _edit(migration, *reversed(UNIQUE_SKU_MIGRATION))
    broken = run_pytest(root, None, *only)
    assert not broken.ok
    failed = set(
        re.findall(r"^FAILED tests/test_products_api\.py::(.+?)(?: - |$)", broken.output, re.M)
    )
    assert failed == conflicts, broken.report()


ADMIN_ONLY_DELETE = (
    "    status_code=status.HTTP_204_NO_CONTENT,\n)\nasync def delete_product(",
    "    status_code=status.HTTP_204_NO_CONTENT,\n"
    '    dependencies=[Depends(require_role("admin"))],\n)\nasync def delete_product(',
)


@pytest.mark.slow
def test_403_tests_pass_on_fastprods_auth_and_fail_when_the_role_check_lets_all_in(
    tmp_path: Path,
) -> None:
    root = generate(tmp_path, "shop")
    assert run("add authentication to my API", Options(path=root, commit=True)).status == (
        "applied"
    )
    sentence = "create a CRUD feature for products with sku:str, name:str"
    assert run(sentence, Options(path=root, commit=True)).status == "applied"
    # What a person does to let only admins delete products.
    router = root / "src/app/features/products/router.py"
    _edit(
        router,
        "from fastapi import APIRouter, status",
        "from fastapi import APIRouter, Depends, status",
    )
    _edit(
        router,
        "from app.features.products.dependencies import (",
        "from app.features.auth.dependencies import require_role\n"
        "from app.features.products.dependencies import (",
    )
    _edit(router, *ADMIN_ONLY_DELETE)
    git(root, "commit", "-qam", "only admins delete products")
    outcome = run("write tests for products", Options(path=root, commit=True))
    assert outcome.status == "applied", outcome.messages
    written = (root / "tests/test_products_api.py").read_text()
    # new_project's conftest gives the app the client calls: the override is made there.
    assert "client: AsyncClient, app: FastAPI" in written
    only = ("--cov-fail-under=0", "-p", "no:cacheprovider", "tests/test_products_api.py")
    databases = [None] if postgres_url() is None else [None, postgres_url()]
    for database in databases:
        result = run_pytest(root, database, *only)
        assert result.ok, result.report()
    for result in (run_ruff_check(root), run_ruff_format(root), run_mypy(root)):
        assert result.ok, result.report()
    assert "test_delete_product_answers_204_with_the_role" in written
    # The defects: the role check lets every active user through, or none.
    checks = root / "src/app/features/auth/dependencies.py"
    for defect, caught in (
        ("if not user.role:", ["test_delete_product_answers_403_without_the_role"]),
        (
            "if user.role:",
            [
                "test_delete_product_answers_204_with_the_role",
                "test_delete_product_answers_404_for_an_unknown_id",
            ],
        ),
    ):
        _edit(checks, "if user.role not in roles:", defect)
        broken = run_pytest(root, None, *only)
        _edit(checks, defect, "if user.role not in roles:")
        assert not broken.ok
        failed = re.findall(r"^FAILED tests/test_products_api\.py::(\w+)", broken.output, re.M)
        assert failed == caught, broken.report()


# Projects that have tests of their own: (fixture, the project's own tests, where the
# written tests go, what the written files must hold and must not).
OWN_SUITES = [
    # Its database module sits in a folder without __init__.py inside the package.
    (
        "tests_namespace_db",
        1,
        "tests",
        {"tests/conftest.py": "from kiosk.storage.db import Base, get_session"},
        {"tests/conftest.py": "from db import"},
    ),
    # Its client fixture is a sync TestClient: the tests are sync.
    (
        "tests_sync_client",
        1,
        "tests",
        {"tests/test_gadgets_api.py": "def test_create_gadget_answers_201(client: TestClient)"},
        {"tests/test_gadgets_api.py": "await "},
    ),
    # Its TestClient is made at the top of conftest.py: a fixture hands it to the tests.
    (
        "tests_module_client",
        1,
        "tests",
        {"tests/conftest.py": '@pytest.fixture(name="client")\ndef client_fixture()'},
        {"tests/test_gadgets_api.py": "await "},
    ),
    # Its answers are declared by response_model=: an item is made before it is read.
    (
        "tests_response_model",
        0,
        "tests",
        {"tests/test_gadgets_api.py": "existing = await created_by_create_gadget(client)"},
        {"tests/test_gadgets_api.py": '"/gadgets/1"'},
    ),
    # pytest collects only under app/, where its tests are.
    (
        "tests_in_app",
        1,
        "app/tests",
        {"app/tests/conftest.py": "from app.db import Base, get_session"},
        {},
    ),
]


def _own_pytest(root: Path) -> subprocess.CompletedProcess[str]:
    """The project's tests as the project runs them: ``pytest`` from its root, no paths,
    so its own configuration chooses what is collected and what is on sys.path."""
    command = [str(Path(sys.executable).parent / "pytest"), "-q", "-p", "no:cacheprovider"]
    return subprocess.run(
        command, cwd=root, capture_output=True, text=True, check=False, timeout=300
    )


@pytest.mark.parametrize(("fixture", "own", "folder", "holds", "lacks"), OWN_SUITES)
def test_tests_written_beside_a_projects_own_run_with_them(
    fixture: str,
    own: int,
    folder: str,
    holds: dict[str, str],
    lacks: dict[str, str],
    tmp_path: Path,
) -> None:
    root = copy_fixture(fixture, tmp_path)
    before = _own_pytest(root)
    assert before.returncode == (0 if own else 5), before.stdout[-3000:]
    outcome = run("write tests for gadgets", Options(path=root, commit=True))
    assert outcome.status == "applied", outcome.messages
    assert (root / folder / "test_gadgets_api.py").is_file()
    for name, text in holds.items():
        for line in text.split("\n"):
            assert line in (root / name).read_text(), (name, line)
    for name, text in lacks.items():
        assert text not in (root / name).read_text(), name
    total, _ = _sad_share(outcome.messages)
    after = _own_pytest(root)
    # The project's own tests still run, and every test written runs and passes with them.
    assert after.returncode == 0, after.stdout[-3000:]
    assert f"{own + total} passed" in after.stdout, after.stdout[-3000:]


def test_a_route_whose_item_no_route_makes_gets_no_happy_path(tmp_path: Path) -> None:
    root = copy_fixture("tests_response_model", tmp_path)
    changes = plan(root, "gadgets")
    written = next(c.after for c in changes.changes if c.path.name == "test_gadgets_api.py")
    assert "def test_read_return_answers_200" not in written
    assert "def test_read_return_answers_404_for_an_unknown_id" in written
    assert (
        "GET /gadgets/returns/{code}: no route of the feature makes the item it acts on"
        in " ".join(changes.messages)
    )


def test_modules_are_imported_from_pytests_pythonpath_and_its_tests_still_run(
    tmp_path: Path,
) -> None:
    # pytest's pythonpath puts service/ on sys.path: the tests import its modules from there.
    root = copy_fixture("tests_pythonpath", tmp_path)
    outcome = run("write tests for gadgets", Options(path=root, commit=True))
    assert outcome.status == "applied", outcome.messages
    conftest = (root / "tests/conftest.py").read_text()
    assert "from db import Base, get_session\n" in conftest
    assert "from main import app\n" in conftest
    assert "from service." not in conftest
    # The project's own test still runs with the conftest the recipe changed.
    command = [str(Path(sys.executable).parent / "pytest"), "-q", "-p", "no:cacheprovider"]
    own = subprocess.run(
        [*command, "tests/test_models.py"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert own.returncode == 0, own.stdout[-3000:]
    assert "1 passed" in own.stdout
