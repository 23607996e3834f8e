"""auth: the diff on a generated project, idempotence, refusals that change nothing,
and a generated project that passes its own checks and signs a user in over HTTP."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from generated import apply, generate, run_alembic, run_checks, serve, start_refused
from helpers import copy_fixture, snapshot_tree
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


@pytest.mark.parametrize(
    ("layout", "reasons"),
    [
        ("single_file", ["main.py is a single-file app"]),
        (
            "src_factory",
            [
                "the project has no database layer",
                "src/bookshop/config.py has no LOCAL_ENVIRONMENTS",
                "no src/bookshop/core/database.py",
            ],
        ),
        (
            "sync_orm",
            [
                "app/database.py uses synchronous SQLAlchemy (a Session from get_db())",
                "no pydantic BaseSettings class",
                "no app/dependencies.py",
            ],
        ),
        # Async, but no settings and not new_project's files: every gap is named.
        ("tests_async_orm", ["no pydantic BaseSettings class", "no notes/core/database.py"]),
    ],
)
def test_a_layout_not_supported_yet_is_refused_naming_every_gap(
    layout: str, reasons: list[str], tmp_path: Path
) -> None:
    root = copy_fixture(layout, tmp_path)
    before = snapshot_tree(root)
    with pytest.raises(RecipeError) as refusal:
        plan(root)
    for reason in reasons:
        assert reason in str(refusal.value)
    if layout == "tests_async_orm":
        assert "synchronous" not in str(refusal.value)
        assert "no database layer" not in str(refusal.value)
    assert snapshot_tree(root) == before


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
