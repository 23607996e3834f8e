"""auth: the diff on a generated project, idempotence, refusals that change nothing,
and a generated project that passes its own checks and signs a user in over HTTP."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from generated import (
    apply,
    generate,
    package_checks,
    run_alembic,
    run_checks,
    serve,
    start_refused,
)
from helpers import copy_fixture, git, snapshot_tree
from snapshot import DiffSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from fastprod import ChangeSet, Project, RecipeError
from fastprod.core._registry import load
from fastprod.engine._engine import Options, run

SENTENCE = "add authentication to my API"
RECIPE = load("auth")


def plan(root: Path) -> ChangeSet:
    return RECIPE.plan(RECIPE.build_params({}), Project(root))


def test_diff_on_a_generated_project(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = generate(tmp_path, "shop")
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_diff_on_a_generated_project_with_error_handling(
    tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    root = generate(tmp_path, "shop")
    assert run("set up error handling", Options(path=root, commit=True)).status == "applied"
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_a_second_run_is_unchanged(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    assert run(SENTENCE, Options(path=root, commit=True)).status == "applied"
    before = snapshot_tree(root)
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.status == "unchanged"
    assert snapshot_tree(root) == before


def test_a_file_of_an_earlier_run_edited_since_is_kept(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    run(SENTENCE, Options(path=root, commit=True))
    service = root / "src/app/features/users/service.py"
    edited = service.read_text() + "\n# kept\n"
    service.write_text(edited)
    outcome = run(SENTENCE, Options(path=root, force=True))
    assert outcome.status == "unchanged"
    assert service.read_text() == edited


@pytest.mark.parametrize(
    ("layout", "found"),
    [
        ("own_auth", "app/security.py:6: an OAuth2 password bearer scheme"),
        ("own_auth", "app/security.py:10: its own get_current_user"),
        ("bigger_app", "app/dependencies.py:8: a dependency checking a key or token header"),
        ("audit_sync_orm", "an API-key header dependency"),
    ],
)
def test_a_project_with_its_own_authentication_is_reported_and_left_alone(
    layout: str, found: str, tmp_path: Path
) -> None:
    root = copy_fixture(layout, tmp_path)
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match="already authenticates its callers") as refusal:
        plan(root)
    assert found in str(refusal.value)
    assert "nothing was changed" in str(refusal.value)
    assert snapshot_tree(root) == before


def test_a_single_file_app_is_refused_saying_why(tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path)
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match=r"main\.py is a single-file app"):
        plan(root)
    assert snapshot_tree(root) == before


@pytest.mark.parametrize("fixture", ["sqlmodel_app", "sqlmodel_async_app"])
def test_a_sqlmodel_project_is_refused_naming_sqlmodel(tmp_path: Path, fixture: str) -> None:
    root = copy_fixture(fixture, tmp_path)
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match=r"builds its tables on SQLModel: auth writes"):
        plan(root)
    assert snapshot_tree(root) == before


# ------------------------------------------------ packages laid out by kind

KIND_LAYOUTS = ("sync_orm", "src_factory")
CRUD = "create a CRUD feature for invoices with number:str, amount:decimal"
#: A test of the project's own, for a layout that has none: auth writes its tests
#: where the project keeps its tests, and none where it keeps none.
OWN_TEST = (
    "from fastapi.testclient import TestClient\n\n"
    "from app.main import app\n\n\n"
    "def test_the_app_answers() -> None:\n"
    '    assert TestClient(app).get("/openapi.json").status_code == 200\n'
)


def _by_kind(layout: str, tmp_path: Path, *, tests: bool = True) -> Path:
    """The fixture, committed, with a tests folder of its own when asked."""
    root = copy_fixture(layout, tmp_path)
    if tests and not (root / "tests").exists():
        (root / "tests").mkdir()
        (root / "tests/test_app.py").write_text(OWN_TEST)
        git(root, "add", "-A")
        git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a test")
    return root


def _package(layout: str) -> str:
    return "src/bookshop" if layout == "src_factory" else "app"


@pytest.mark.parametrize("layout", KIND_LAYOUTS)
def test_diff_on_a_package_laid_out_by_kind(
    layout: str, tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    root = _by_kind(layout, tmp_path)
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


@pytest.mark.parametrize("layout", KIND_LAYOUTS)
def test_a_second_run_on_a_package_laid_out_by_kind_is_unchanged(
    layout: str, tmp_path: Path
) -> None:
    root = _by_kind(layout, tmp_path)
    assert run(SENTENCE, Options(path=root, commit=True)).status == "applied"
    before = snapshot_tree(root)
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.status == "unchanged"
    assert outcome.diff == ""
    assert snapshot_tree(root) == before


def test_sync_sqlalchemy_gets_sync_routes_and_dependencies(tmp_path: Path) -> None:
    root = _by_kind("sync_orm", tmp_path)
    after = {str(change.path): change.after for change in plan(root).changes}
    for module in ("app/routers/auth.py", "app/routers/users.py", "app/services/users.py"):
        assert "async def" not in after[module], module
        assert "AsyncSession" not in after[module], module
    assert "from sqlalchemy.orm import Session" in after["app/services/users.py"]
    dependencies = after["app/dependencies.py"]
    assert "\ndef get_current_user(" in dependencies
    assert "DbSession = Annotated[Session, Depends(get_db)]" in dependencies
    # The limiter stays async: an async dependency runs in a sync app alike.
    assert "async def auth_rate_limit(" in after["app/rate_limit.py"]
    assert "app/database.py" not in after


def test_a_project_without_settings_gets_a_settings_module(tmp_path: Path) -> None:
    root = _by_kind("sync_orm", tmp_path)
    changes = {str(change.path): change for change in plan(root).changes}
    config = changes["app/config.py"]
    assert config.before is None
    assert "class Settings(BaseSettings):" in config.after
    assert 'environment: str = "production"' in config.after
    assert "def get_settings() -> Settings:" in config.after
    assert "pydantic-settings" in changes["pyproject.toml"].after


def test_settings_with_a_prefix_name_the_variables_with_it(tmp_path: Path) -> None:
    root = _by_kind("src_factory", tmp_path)
    changes = {str(change.path): change.after for change in plan(root).changes}
    assert "# BOOKSHOP_JWT_SECRET=" in changes[".env.example"]
    assert 'f"BOOKSHOP_JWT_SECRET is required when "' in changes["src/bookshop/security.py"]
    assert "src/bookshop/config.py" in changes
    assert not any(
        path.endswith("/config.py") and path != "src/bookshop/config.py" for path in changes
    )


def test_no_tests_folder_starts_one_and_says_so(tmp_path: Path) -> None:
    # As every recipe that adds tests does: the same folder, started the same way.
    root = _by_kind("sync_orm", tmp_path, tests=False)
    outcome = plan(root)
    written = {str(c.path) for c in outcome.changes if c.path.parts[0] == "tests"}
    assert written == {
        "tests/__init__.py",
        "tests/test_auth.py",
        "tests/test_rate_limit.py",
        "tests/test_security.py",
    }
    init = next(c for c in outcome.changes if str(c.path) == "tests/__init__.py")
    assert (init.before, init.after) == (None, "")
    assert any("tests (the project's tests start here)" in m for m in outcome.messages)


def test_a_module_of_the_project_s_own_where_auth_writes_one_is_refused(
    tmp_path: Path,
) -> None:
    root = _by_kind("sync_orm", tmp_path)
    (root / "app/security.py").write_text("ALLOWED_HOSTS = ['*']\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "own security module")
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match=r"app/security\.py exists and is not auth's"):
        plan(root)
    assert snapshot_tree(root) == before


def _database_modules(root: Path) -> list[str]:
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "DeclarativeBase" in path.read_text()
    )


@pytest.mark.parametrize("layout", KIND_LAYOUTS)
@pytest.mark.parametrize("first", ["auth", "crud"])
def test_auth_and_crud_share_one_database_layer_in_either_order(
    layout: str, first: str, tmp_path: Path
) -> None:
    root = _by_kind(layout, tmp_path)
    sentences = [SENTENCE, CRUD] if first == "auth" else [CRUD, SENTENCE]
    for sentence in sentences:
        assert run(sentence, Options(path=root, commit=True)).status == "applied", sentence
    package = _package(layout)
    assert _database_modules(root) == [f"{package}/database.py"]
    main = (root / package / "main.py").read_text()
    assert main.count("tables_created(app)") == (1 if layout == "src_factory" else 0)
    models = (root / package / "models.py").read_text()
    assert "class User(" in models and "class Invoice(" in models
    for sentence in sentences:
        assert run(sentence, Options(path=root)).status == "unchanged", sentence


@pytest.mark.parametrize("layout", KIND_LAYOUTS)
def test_auth_before_or_after_error_handling_gives_the_same_project(
    layout: str, tmp_path: Path
) -> None:
    trees = []
    for order in ([SENTENCE, "set up error handling"], ["set up error handling", SENTENCE]):
        root = _by_kind(layout, tmp_path / "-".join(s.split()[0] for s in order))
        for sentence in order:
            assert run(sentence, Options(path=root, commit=True)).status == "applied"
        trees.append(snapshot_tree(root))
    assert trees[0] == trees[1]


def _post(url: str, *, form: dict[str, str] | None = None, body: object = None) -> dict[str, str]:
    if form is not None:
        data, kind = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
    else:
        data, kind = json.dumps(body).encode(), "application/json"
    request = urllib.request.Request(url, data=data, headers={"Content-Type": kind})
    with urllib.request.urlopen(request, timeout=10) as response:
        answer: dict[str, str] = json.loads(response.read())
        return answer


def _get(url: str, token: str | None) -> tuple[int, str, str | None]:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), None
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers.get("WWW-Authenticate")


@pytest.mark.slow
@pytest.mark.parametrize("error_handling", [False, True])
def test_generated_project_with_auth_passes_its_checks_and_signs_users_in(
    tmp_path: Path, error_handling: bool
) -> None:
    root = generate(tmp_path, "shop")
    assert run(SENTENCE, Options(path=root, commit=True)).status == "applied"
    if error_handling:
        assert run("set up error handling", Options(path=root, commit=True)).status == "applied"
    for result in run_checks(root):
        assert result.ok, result.report()
    migrated = {"ENVIRONMENT": "development", "DATABASE_URL": f"sqlite+aiosqlite:///{root}/a.db"}

    assert run_alembic(root, "upgrade", "head", database_url=migrated["DATABASE_URL"]).ok
    with serve(root, variables=migrated) as base_url:
        user = {"email": "Ada@Example.com", "password": "correct horse battery"}
        created = _post(f"{base_url}/auth/register", body=user)
        assert created["email"] == "ada@example.com"
        form = {"username": "ada@example.com", "password": user["password"]}
        pair = _post(f"{base_url}/auth/token", form=form)
        status, body, _ = _get(f"{base_url}/users/me", pair["access_token"])
        assert status == 200
        assert json.loads(body)["email"] == "ada@example.com"
        status, _, challenge = _get(f"{base_url}/users/me", pair["refresh_token"])
        assert (status, challenge) == (401, "Bearer")
        assert "correct horse" not in body and "argon2" not in body


@pytest.mark.slow
def test_a_deployed_app_refuses_to_start_without_its_key(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    run(SENTENCE, Options(path=root, commit=True))
    deployed = {"ENVIRONMENT": "production", "DATABASE_URL": f"sqlite+aiosqlite:///{root}/p.db"}
    result = start_refused(root, deployed)
    assert result.returncode not in (0, -1), result.report()
    assert "JWT_SECRET is required when ENVIRONMENT=production" in result.output


#: The signing key the app under test is started with, so that a test can sign
#: a token the app would accept but for one thing.
KEY = "a signing key of the test, 32 bytes or longer, not secret"


def _claims(subject: str, token_type: str, *, issued: datetime) -> dict[str, object]:
    return {"sub": subject, "type": token_type, "iat": issued, "exp": issued + timedelta(minutes=5)}


def _unsigned(claims: dict[str, object]) -> str:
    """A token whose header says ``alg: none``, with no signature."""

    def part(value: object) -> str:
        text = json.dumps(value, default=lambda moment: int(moment.timestamp()))
        return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _hostile_tokens(subject: str, refresh_token: str) -> dict[str, str]:
    """Tokens naming a real user that the app must refuse, by what is wrong with each."""
    now = datetime.now(UTC)
    access = _claims(subject, "access", issued=now)
    without_sub = {name: value for name, value in access.items() if name != "sub"}
    return {
        "forged signature": jwt.encode(access, "another key, 32 bytes or longer, forged", "HS256"),
        "expired": jwt.encode(_claims(subject, "access", issued=now - timedelta(hours=1)), KEY),
        "alg none": _unsigned(access),
        "another algorithm": jwt.encode(access, KEY + KEY, "HS512"),
        "refresh as access": refresh_token,
        "wrong type": jwt.encode(_claims(subject, "id", issued=now), KEY),
        "missing sub": jwt.encode(without_sub, KEY),
        "unknown user": jwt.encode(_claims("2147483647", "access", issued=now), KEY),
        "not a jwt": "not-a-token",
    }


@pytest.mark.slow
@pytest.mark.parametrize("error_handling", [False, True], ids=["plain", "error-handling"])
def test_the_running_app_refuses_forged_expired_and_wrong_type_tokens(
    tmp_path: Path, error_handling: bool
) -> None:
    root = generate(tmp_path, "shop")
    if error_handling:
        assert apply(root, "set up error handling").status == "applied"
    assert apply(root, SENTENCE).status == "applied"
    database = f"sqlite+aiosqlite:///{root}/a.db"
    assert run_alembic(root, "upgrade", "head", database_url=database).ok
    variables = {"ENVIRONMENT": "development", "DATABASE_URL": database, "JWT_SECRET": KEY}

    with serve(root, variables=variables) as base_url:
        user = {"email": "ada@example.com", "password": "correct horse battery"}
        created = _post(f"{base_url}/auth/register", body=user)
        form = {"username": user["email"], "password": user["password"]}
        pair = _post(f"{base_url}/auth/token", form=form)
        status, _, _ = _get(f"{base_url}/users/me", pair["access_token"])
        assert status == 200
        # The key the app was started with signs what it accepts.
        valid = jwt.encode(_claims(str(created["id"]), "access", issued=datetime.now(UTC)), KEY)
        assert _get(f"{base_url}/users/me", valid)[0] == 200

        hostile = _hostile_tokens(str(created["id"]), pair["refresh_token"])
        answers = {name: _get(f"{base_url}/users/me", token) for name, token in hostile.items()}
        answers["no token"] = _get(f"{base_url}/users/me", None)
        refreshed_with_access = _refresh(base_url, pair["access_token"])

    for name, (status, body, challenge) in answers.items():
        assert (status, challenge) == (401, "Bearer"), (name, body)
        assert "ada@example.com" not in body, name
    assert refreshed_with_access == (401, "Bearer")


def _refresh(base_url: str, token: str) -> tuple[int, str | None]:
    request = urllib.request.Request(
        f"{base_url}/auth/refresh",
        data=json.dumps({"refresh_token": token}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("WWW-Authenticate")


@pytest.mark.slow
@pytest.mark.parametrize("layout", KIND_LAYOUTS)
def test_a_package_with_auth_crud_and_error_handling_passes_its_checks(
    layout: str, tmp_path: Path
) -> None:
    root = _by_kind(layout, tmp_path)
    for sentence in (SENTENCE, "set up error handling", CRUD):
        assert run(sentence, Options(path=root, commit=True)).status == "applied", sentence
    for result in package_checks(root, layout):
        assert result.ok, result.report()
        if result.name.startswith("pytest"):
            assert re.search(r"\b\d{2,} passed", result.output), result.output[-500:]


#: How each layout is served, and the variables its deployed app starts with (the
#: sync fixture's engine keeps its own SQLite file, ``./pantry.db``).
SERVED = {
    "src_factory": (
        "bookshop.main:app",
        {
            "BOOKSHOP_ENVIRONMENT": "production",
            "BOOKSHOP_JWT_SECRET": KEY,
            "BOOKSHOP_DATABASE_URL": "sqlite+aiosqlite:///{root}/a.db",
        },
    ),
    "sync_orm": ("app.main:app", {"ENVIRONMENT": "production", "JWT_SECRET": KEY}),
}
#: The sync fixture has no ``/health`` of its own.
PROBES = {"src_factory": "/health", "sync_orm": "/openapi.json"}


@pytest.mark.slow
@pytest.mark.parametrize("layout", KIND_LAYOUTS)
def test_a_package_laid_out_by_kind_signs_users_in_over_http(layout: str, tmp_path: Path) -> None:
    root = _by_kind(layout, tmp_path)
    assert run(SENTENCE, Options(path=root, commit=True)).status == "applied"
    target, template = SERVED[layout]
    variables = {name: value.format(root=root) for name, value in template.items()}
    with serve(root, target=target, variables=variables, probe=PROBES[layout]) as base_url:
        user = {"email": "Ada@Example.com", "password": "correct horse battery"}
        created = _post(f"{base_url}/auth/register", body=user)
        form = {"username": "ada@example.com", "password": user["password"]}
        pair = _post(f"{base_url}/auth/token", form=form)
        status, body, _ = _get(f"{base_url}/users/me", pair["access_token"])
        hostile = _hostile_tokens(str(created["id"]), pair["refresh_token"])
        answers = {name: _get(f"{base_url}/users/me", token) for name, token in hostile.items()}
    assert created["email"] == "ada@example.com"
    assert (status, json.loads(body)["email"]) == (200, "ada@example.com")
    for name, (code, text, challenge) in answers.items():
        assert (code, challenge) == (401, "Bearer"), (name, text)


@pytest.mark.slow
def test_a_deployed_src_factory_refuses_to_start_without_its_key(tmp_path: Path) -> None:
    root = _by_kind("src_factory", tmp_path)
    run(SENTENCE, Options(path=root, commit=True))
    deployed = {
        "BOOKSHOP_ENVIRONMENT": "production",
        "BOOKSHOP_DATABASE_URL": f"sqlite+aiosqlite:///{root}/p.db",
    }
    result = start_refused(root, deployed, target="bookshop.main:app")
    assert result.returncode not in (0, -1), result.report()
    assert "BOOKSHOP_JWT_SECRET is required when BOOKSHOP_ENVIRONMENT=production" in result.output


def test_a_refused_key_is_not_printed_in_the_settings_error(tmp_path: Path) -> None:
    # The config.py auth writes for a project without settings: a key one byte
    # short is refused, and the error names the setting without the key.
    root = copy_fixture("sync_orm", tmp_path)
    assert run("add authentication to my API", Options(path=root)).status == "applied"
    key = "k" * 31
    check = (
        "from app.config import Settings\n"
        "try:\n    Settings()\nexcept Exception as error:\n    print(error)\n"
    )
    env = {"PATH": "", "JWT_SECRET": key, "ENVIRONMENT": "production"}
    done = subprocess.run(
        [sys.executable, "-c", check], cwd=root, env=env, capture_output=True, text=True
    )
    assert "jwt_secret" in done.stdout, done.stdout + done.stderr
    assert "at least 32" in done.stdout
    assert key not in done.stdout + done.stderr
