"""Scorecards judge what code does, not which library it names.

Each kind of misjudgement is held against fixture projects of our own, written in
at least two spellings; every case asserts the verdict and the line it stands on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import copy_fixture, git

from fastprod import Project
from fastprod.core._registry import load
from fastprod.scorecards import AuditReport, SecurityReport


@dataclass(frozen=True)
class Case:
    """One verdict: the item, what it must be, and the evidence it stands on."""

    fixture: str
    item: str
    verdict: int | bool
    evidence: str
    at: str | None

    def __str__(self) -> str:
        return f"{self.fixture}-{self.item}"


CASES = (
    # ------------------------------------------ recognised by keyword, missed by behaviour
    # A pure ASGI middleware reads scope["scheme"] and X-Forwarded-Proto, then redirects.
    Case("scorecard_behaviour_asgi", "https", True, "redirected", "shop/transport.py:14"),
    # A function middleware reads X-Forwarded-Proto and answers 308 with a Location header.
    Case("scorecard_behaviour_decorated", "https", True, "redirected", "main.py:68"),
    # A logging.Formatter subclass that json.dumps each record.
    Case("scorecard_behaviour_asgi", "observability", 1, "structured logging", "shop/logs.py:14"),
    # dictConfig with a format string that is a JSON object.
    Case("scorecard_behaviour_decorated", "observability", 1, "structured logging", "main.py:28"),
    # Code and status handed to __init_subclass__ as class keywords; handler on the base.
    Case("scorecard_behaviour_asgi", "error_handling", 2, "carries a code", "shop/errors.py:9"),
    # The base carries the message, each subclass its code and status; one global handler.
    Case("scorecard_behaviour_decorated", "error_handling", 2, "carries a code", "main.py:43"),
    # The HTTP status is the number in ``code``, the error's own code is ``error_code``.
    Case("scorecard_behaviour_numbered", "error_handling", 2, "carries a code", "main.py:10"),
    # ----------------------------------------------------- counted where it should not be
    # A Caddy site that is only a port serves plain HTTP.
    Case(
        "scorecard_counted_monorepo", "https", False, "no HTTPSRedirect", "backend/app/main.py:18"
    ),
    # A Traefik redirect middleware that no router lists redirects nothing.
    Case("scorecard_counted_flat", "https", False, "no HTTPSRedirect", "main.py:8"),
    # The frontend's multi-stage nginx image and its health check are not the API's.
    Case("scorecard_counted_monorepo", "deployment", 1, "1 stage", "backend/Dockerfile:1"),
    # Nor are a frontend and a database built from Dockerfiles of their own.
    Case("scorecard_counted_flat", "deployment", 1, "1 stage", "Dockerfile:1"),
    # An exercise package that no route reaches holds no part of the error handling.
    Case("scorecard_counted_monorepo", "error_handling", 0, "bare", "backend/app/main.py:37"),
    # A kata module beside main.py, which nothing imports.
    Case("scorecard_counted_flat", "error_handling", 0, "bare", "main.py:27"),
    # Alembic set up with an empty versions/, tables made by create_all in the lifespan.
    Case("scorecard_counted_monorepo", "database", 1, "no revision", "backend/alembic.ini:1"),
    # The same at the root, create_all in a startup handler.
    Case("scorecard_counted_flat", "database", 1, "no revision", "alembic.ini:1"),
    # -> dict[str, str] and -> list[dict[str, str]] are dict returns.
    Case("scorecard_counted_monorepo", "type_safety", 1, "returns dict", "backend/app/main.py:25"),
    # response_model=Mapping[str, str] and -> dict[str, int].
    Case("scorecard_counted_flat", "type_safety", 1, "returns Mapping", "main.py:21"),
    # ------------------------------------------------------------ missed where it matters
    # Settings read SECRET_KEY from .env, which the repository commits with the tutorial key.
    Case("scorecard_missed_settings", "jwt_secret", False, "tutorial", ".env:2"),
    # os.environ["JWT_SECRET"], set to a real value in the compose file's environment list.
    Case("scorecard_missed_compose", "jwt_secret", False, "committed", "docker-compose.yml:5"),
    # A helper's default of 3600 seconds is the access token's lifetime.
    Case("scorecard_missed_settings", "token_expiry", False, "1 hour", "app/security.py:14"),
    # A default of 60 * 60 * 2 seconds handed to timedelta.
    Case("scorecard_missed_compose", "token_expiry", False, "2 hours", "main.py:19"),
    # Production and localhost origins in the middleware call, with credentials.
    Case("scorecard_missed_settings", "cors", False, "every environment", "app/main.py:14"),
    # The same in a module constant.
    Case("scorecard_missed_compose", "cors", False, "every environment", "main.py:15"),
    # A webhook that json.loads its body without checking a signature.
    Case("scorecard_missed_settings", "input_validation", False, "raw", "app/main.py:49"),
    # A search reading request.query_params by hand (and an unsigned webhook after it).
    Case("scorecard_missed_compose", "input_validation", False, "query_params", "main.py:56"),
    # ------------------------------------------ what the code does, one kind at a time
    # An exception family with no code or status attributes; a handler per class gives
    # each its status.
    Case("scorecard_mapped_layered", "error_handling", 2, "handlers give", "shop/errors.py:4"),
    # A base whose subclasses each set ``message``; one handler maps the type to a status.
    Case("scorecard_mapped_flat", "error_handling", 2, "handlers give", "errors.py:1"),
    # Bare HTTPException strings beside handlers slowapi and FastAPI's 422 ask for, and an
    # exception used inside a service that nothing answers for.
    Case("scorecard_mapped_bare", "error_handling", 0, "bare", "inventory/main.py:41"),
    # A sync ORM with tables made by create_all and no migrations has neither half.
    Case("scorecard_mapped_layered", "database", 0, "sync ORM", "shop/db.py:3"),
    # SQLModel's sync Session; the one revision sits beside env.py, outside versions/.
    Case(
        "scorecard_mapped_bare", "database", 0, "outside versions", "migrations/first_tables.py:1"
    ),
    # A Supabase client is a database layer; its SQL migration files are migrations.
    Case("scorecard_mapped_flat", "database", 1, "query client", "main.py:13"),
    # Dependabot configured for pip watches the dependencies for known vulnerabilities.
    Case(
        "scorecard_mapped_layered",
        "dependency_scanning",
        True,
        "watched by Dependabot",
        ".github/dependabot.yml:3",
    ),
    # Renovate the same.
    Case(
        "scorecard_mapped_flat",
        "dependency_scanning",
        True,
        "watched by Renovate",
        "renovate.json:1",
    ),
    # Multi-stage, and the health check is a /ping route.
    Case("scorecard_mapped_layered", "deployment", 2, "health route /ping", "shop/main.py:70"),
    # A Dockerfile named dockerfile-api is the API's image (single stage, /healthz).
    Case("scorecard_mapped_flat", "deployment", 1, "1 stage", "dockerfile-api:1"),
    # A route ending in /status is not a probe; the compose health check is the database's.
    Case("scorecard_mapped_bare", "deployment", 1, "not the app", "docker-compose.yml:8"),
    # A JSON formatter, the request id in and out of every request, Prometheus metrics.
    Case("scorecard_mapped_layered", "observability", 2, "request id", "shop/logs.py:40"),
    # logging.basicConfig, but print() outnumbers the log calls.
    Case("scorecard_mapped_flat", "observability", 0, "print() call", "main.py:59"),
    # A JSON formatter with no request id and nothing traced or measured.
    Case("scorecard_mapped_bare", "observability", 1, "structured logging", "inventory/logs.py:5"),
    # A settings field counted in days, its value left to the environment: 1 day at least.
    Case(
        "scorecard_mapped_layered", "token_expiry", False, "at least 1 day", "shop/settings.py:10"
    ),
    # The same in hours, spelled EXP_HOURS.
    Case("scorecard_mapped_flat", "token_expiry", False, "at least 1 hour", "settings.py:8"),
    # nginx answers 301 to https://$server_name where server_name is the catch-all "_".
    Case("scorecard_mapped_layered", "https", False, "no host", "deploy/nginx/api.conf:4"),
    # The same redirect under a named host takes effect.
    Case("scorecard_mapped_flat", "https", True, "redirected", "nginx/site.conf:4"),
    # An f-string of a helper's blake2b hexdigest names a sequence.
    Case(
        "scorecard_mapped_layered", "sql_injection", True, "SQL statement", "shop/sequences.py:17"
    ),
    # Table names from a tuple of constants; an operator's argv in a script run by hand.
    Case("scorecard_mapped_flat", "sql_injection", True, "SQL statement", "purge_drafts.py:10"),
    # Column names from the model's table, through str.format.
    Case("scorecard_mapped_bare", "sql_injection", True, "SQL statement", "inventory/indexes.py:9"),
    # A class dependency answering 429 guards the token route; register is not login.
    Case("scorecard_mapped_layered", "auth_rate_limit", True, "rate-limited", "shop/main.py:75"),
    # slowapi's decorator on /auth/login; /auth/logout checks no credential.
    Case("scorecard_mapped_flat", "auth_rate_limit", True, "rate-limited", "main.py:56"),
    # A Slack command reads its body after a signature check two helpers down.
    Case("scorecard_mapped_layered", "input_validation", True, "typed input", "shop/main.py:70"),
    # A photo streamed to disk with request.stream() is an upload, not a document.
    Case("scorecard_mapped_flat", "input_validation", True, "typed input", "main.py:51"),
    # ------------------------------------------- the app described, its endpoints not
    # Title, description and version; routers tagged where they are made; response models;
    # no endpoint says what it does: accurate docs all the same (docstrings are quality).
    Case("scorecard_docs_routers", "documentation", 2, "FastAPI(", "library/main.py:5"),
    # Tags given where the routers are included; return annotations as the models.
    Case("scorecard_docs_include", "documentation", 2, "FastAPI(", "api.py:34"),
    # ------------------------------------------------- read as the playbook's words read
    # "CORS configured per environment": an app that never configures CORS fails.
    Case("scorecard_labels_flat", "cors", False, "no CORSMiddleware", "main.py:10"),
    # The same in a package whose only middleware is GZip.
    Case("scorecard_labels_sdk", "cors", False, "no CORSMiddleware", "garden/main.py:6"),
    # Origins from a settings default_factory of ["*"], through a comprehension held
    # in a factory's local variable, with credentials.
    Case("scorecard_labels_factory", "cors", False, "allows '*'", "shop/main.py:11"),
    # A plain settings class whose "*" default is split in a factory; credentials from it.
    Case("scorecard_labels_oidc", "cors", False, "allows '*'", "clinic/app.py:21"),
    # Sync tests through TestClient, none async, no coverage gate: "sync-only".
    Case("scorecard_labels_factory", "testing", 0, "TestClient", "tests/test_orders.py:1"),
    # The TestClient made in a conftest fixture (Starlette's import).
    Case("scorecard_labels_flat", "testing", 0, "TestClient", "tests/conftest.py:2"),
    # Sync unit tests of a helper, no client on the app: sync-only.
    Case("scorecard_labels_sdk", "testing", 0, "0 async", "tests/test_watering.py:6"),
    # A signing key committed in a settings .env under the settings' env_prefix.
    Case("scorecard_labels_factory", "jwt_secret", False, "SHOP_SECRET_KEY", ".env:2"),
    # In a Kubernetes Deployment's env entry.
    Case(
        "scorecard_labels_flat",
        "jwt_secret",
        False,
        "k8s/deployment.yaml",
        "k8s/deployment.yaml:16",
    ),
    # In a Dockerfile ENV continued over two lines.
    Case("scorecard_labels_helm", "jwt_secret", False, "committed Dockerfile", "Dockerfile:5"),
    # In a Helm values file, spelled jwtSecret.
    Case("scorecard_labels_helm", "jwt_secret", False, "jwtSecret", "chart/values.yaml:7"),
    # In a Kubernetes Secret's base64 data.
    Case(
        "scorecard_labels_helm", "jwt_secret", False, "deploy/secret.yaml", "deploy/secret.yaml:7"
    ),
    # Placeholders everywhere (changethis in .env, ${VAR} in compose, changeme in ENV,
    # base64 "changethis" in a Secret): no value is committed.
    Case(
        "scorecard_labels_placeholders",
        "jwt_secret",
        True,
        "from the environment",
        "links/main.py:30",
    ),
    # A bearer token that Firebase's SDK verifies in a dependency is JWT by injection.
    Case(
        "scorecard_labels_sdk", "auth", 2, "depend on authentication", "garden/routers/plants.py:10"
    ),
    # An OAuth2 code-flow bearer whose dependency calls VerifyToken(...).verify().
    Case("scorecard_labels_oidc", "auth", 2, "depend on authentication", "clinic/app.py:25"),
    # A bearer compared with a fixed admin token is an API key: not JWT.
    Case("scorecard_labels_placeholders", "auth", 1, "security scheme", "links/main.py:11"),
    # Models validate the signup body: dict returns and one raw body are not "no validation".
    Case("scorecard_labels_flat", "type_safety", 1, "reads the raw request body", "main.py:46"),
    # Typed throughout, but the models are configured with orm_mode: Pydantic 1.
    Case("scorecard_labels_sdk", "type_safety", 1, "Pydantic 1", "garden/schemas.py:13"),
    # Typed throughout, but FastAPI is pinned below 0.100, which runs on Pydantic 1 only.
    Case("scorecard_labels_oidc", "type_safety", 1, "Pydantic 1", "requirements.txt:1"),
    # The service in a folder of its own pins Pydantic 1 beside it (pydantic, fastapi).
    Case("scorecard_pinned_backend", "type_safety", 1, "Pydantic 1", "backend/requirements.txt:1"),
    Case("scorecard_pinned_src", "type_safety", 1, "Pydantic 1", "src/requirements.txt:1"),
    # Only a title, responses typed, no docstring or tag: accurate, endpoints undocumented.
    Case("scorecard_labels_factory", "documentation", 1, "FastAPI(title)", "shop/main.py:9"),
    # A bare FastAPI() whose routers are tagged, responses typed.
    Case("scorecard_labels_sdk", "documentation", 1, "routes tagged", None),
    # Typed responses, but nothing written into the docs: in between.
    Case("scorecard_labels_oidc", "documentation", 1, "without title", "clinic/app.py:19"),
    # Bare FastAPI(), dict returns, nothing written: the default /docs.
    Case("scorecard_labels_flat", "documentation", 0, "without title", "main.py:10"),
    # --------------------------------------------- healthy where the playbook says so
    # Dependabot's first format, .dependabot/config.yml, watching the Python packages.
    Case(
        "scorecard_settled_shelf",
        "dependency_scanning",
        True,
        "watched by Dependabot",
        ".dependabot/config.yml:3",
    ),
    # The same with the python entry after a docker one, unquoted.
    Case(
        "scorecard_settled_pantry",
        "dependency_scanning",
        True,
        "watched by Dependabot",
        ".dependabot/config.yml:6",
    ),
    # SQLAlchemy's AsyncSession, a revision committed under versions/, and create_all in an
    # init_db helper the startup handler runs: healthy, create_all said beside it.
    Case("scorecard_settled_shelf", "database", 2, "create_all", "shelf/db.py:24"),
    # SQLModel's async session, revisions in alembic/versions/, create_all in init_db.
    Case("scorecard_settled_pantry", "database", 2, "create_all", "app/database.py:16"),
    # Pydantic 1 (orm_mode, pinned) with a response_model and typed input on every route: 1.
    Case("scorecard_settled_shelf", "type_safety", 1, "Pydantic 1", "shelf/schemas.py:15"),
    # SQLModel on Pydantic 1 (schema_extra in class Config, pydantic<2), List[...] models.
    Case("scorecard_settled_pantry", "type_safety", 1, "Pydantic 1", "app/models.py:11"),
    # Codecov's project target of 80% (codecov.yml), CI running pytest --cov, async tests
    # that request 3 of 5 routes: the gate is Codecov's.
    Case("scorecard_settled_shelf", "testing", 2, "Codecov", "codecov.yml:5"),
    # A target of 85 without the %, in .github/codecov.yml; the patch target is auto.
    Case("scorecard_settled_pantry", "testing", 2, "Codecov", ".github/codecov.yml:10"),
    # A module logger's one info call on connecting, logging never set up: no logging.
    Case("scorecard_settled_shelf", "observability", 0, "never set up", "shelf/db.py:8"),
    # logging.info on the root logger, once, in the database module.
    Case("scorecard_settled_pantry", "observability", 0, "never set up", "app/database.py:17"),
)


@pytest.fixture(scope="module")
def reports(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[AuditReport, SecurityReport]]:
    """Every fixture the cases name, copied into a git repository, audited and reviewed once."""
    parent = tmp_path_factory.mktemp("scorecards")
    return {name: _run(copy_fixture(name, parent)) for name in sorted({c.fixture for c in CASES})}


def _run(root: Path) -> tuple[AuditReport, SecurityReport]:
    audit, review = load("audit"), load("security_review")
    report = audit.plan(audit.build_params({}), Project(root)).report
    security = review.plan(review.build_params({}), Project(root)).report
    assert isinstance(report, AuditReport)
    assert isinstance(security, SecurityReport)
    return report, security


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_verdict_and_where_it_stands(
    case: Case, reports: dict[str, tuple[AuditReport, SecurityReport]]
) -> None:
    report, security = reports[case.fixture]
    signals = {s.id: s for s in report.signals}
    if case.item in signals:
        signal = signals[case.item]
        verdict, evidence, summary = signal.points, signal.evidence, signal.summary
    else:
        check = next(c for c in security.security.checks if c.id == case.item)
        verdict, evidence, summary = check.passed, check.evidence, check.summary
    assert verdict == case.verdict, summary
    cited = [str(e.loc) if e.loc else None for e in evidence if case.evidence in e.text]
    assert cited, [e.text for e in evidence]
    assert cited[0] == case.at, [str(e) for e in evidence]


# ------------------------------------------------------- manifests in another encoding

APP = (
    "from fastapi import FastAPI\n"
    "from pydantic import BaseModel\n\n"
    "app = FastAPI(title='Stock')\n\n\n"
    "class Item(BaseModel):\n"
    "    sku: str\n\n\n"
    "@app.get('/items')\n"
    "async def items() -> list[Item]:\n"
    "    return []\n"
)
REQUIREMENTS = "fastapi==0.110.0\npydantic==1.10.13\n"


def _audit_with(root: Path, requirements: bytes) -> AuditReport:
    root.mkdir()
    (root / "main.py").write_text(APP, encoding="utf-8")
    (root / "requirements.txt").write_bytes(requirements)
    audit = load("audit")
    report = audit.plan(audit.build_params({}), Project(root)).report
    assert isinstance(report, AuditReport)
    return report


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_requirements_file_is_read_by_its_byte_order_mark(
    tmp_path: Path, encoding: str
) -> None:
    # "utf-16" writes a little-endian BOM; the big-endian one is written by hand.
    bom = b"\xfe\xff" if encoding == "utf-16-be" else b""
    report = _audit_with(tmp_path / "shop", bom + REQUIREMENTS.encode(encoding))
    typing = next(s for s in report.signals if s.id == "type_safety")
    pinned = [str(e.loc) for e in typing.evidence if "Pydantic 1" in e.text]
    assert typing.points == 1 and pinned == ["requirements.txt:2"]
    assert report.files.unread == ()


def test_a_requirements_file_in_another_encoding_is_noted_and_the_rest_audited(
    tmp_path: Path,
) -> None:
    report = _audit_with(tmp_path / "shop", "# caf\u00e9\nfastapi\n".encode("latin-1"))
    (note,) = report.files.unread
    assert note.path == "requirements.txt" and "neither UTF-8 nor UTF-16" in note.reason
    assert [f.rule for f in report.findings() if f.rule == "unread"] == ["unread"]
    assert report.files.messages() == "; 1 file(s) not read (encoding)"
    # Everything else is scored as usual.
    assert next(s for s in report.signals if s.id == "type_safety").points == 2


def test_models_no_route_takes_with_dict_returns_and_raw_input_are_still_unhealthy(
    tmp_path: Path,
) -> None:
    # "dict returns, no validation": the model is declared, but nothing is validated by it.
    root = tmp_path / "shop"
    root.mkdir()
    (root / "main.py").write_text(
        "from fastapi import FastAPI, Request\n"
        "from pydantic import BaseModel\n\n"
        "app = FastAPI()\n\n\n"
        "class Item(BaseModel):\n"
        "    sku: str\n\n\n"
        "@app.post('/items')\n"
        "async def add(request: Request) -> dict:\n"
        "    return {'added': (await request.json())['sku']}\n",
        encoding="utf-8",
    )
    report, _ = _run(root)
    typing = next(s for s in report.signals if s.id == "type_safety")
    assert (typing.points, typing.summary) == (0, "mostly dict returns and unvalidated inputs")


def _signal(root: Path, files: dict[str, str], signal_id: str) -> tuple[int, str]:
    """The audit's points and summary for ``signal_id`` on a project of ``files``."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    audit = load("audit")
    report = audit.plan(audit.build_params({}), Project(root)).report
    assert isinstance(report, AuditReport)
    signal = next(s for s in report.signals if s.id == signal_id)
    return signal.points, signal.summary


# ------------------------------------------- migrations that the app's own tables bypass

DB = (
    "from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine\n"
    "from sqlalchemy.orm import DeclarativeBase\n\n"
    "engine = create_async_engine('postgresql+asyncpg://shop@db/shop')\n"
    "Session = async_sessionmaker(engine)\n\n\n"
    "class Base(DeclarativeBase):\n"
    "    pass\n"
)
REVISION = (
    "revision = 'a1'\ndown_revision = None\n\n\n"
    "def upgrade() -> None:\n    pass\n\n\n"
    "def downgrade() -> None:\n    pass\n"
)
MAKES_TABLES = {
    # The tables dropped and made again through run_sync in a start-up handler.
    "run_sync": (
        "from .db import Base, engine\n\n\n"
        "@app.on_event('startup')\n"
        "async def tables() -> None:\n"
        "    async with engine.begin() as connection:\n"
        "        await connection.run_sync(Base.metadata.drop_all)\n"
        "        await connection.run_sync(Base.metadata.create_all)\n"
    ),
    # create_all called on a sync engine of the same URL in the lifespan's module.
    "called": (
        "from sqlalchemy import create_engine\n"
        "from .db import Base\n\n"
        "Base.metadata.create_all(bind=create_engine('postgresql://shop@db/shop'))\n"
    ),
}


MADE_TOO = "async ORM with migrations (tables also made by create_all at start-up)"


@pytest.mark.parametrize("spelling", sorted(MAKES_TABLES))
def test_tables_the_app_also_creates_beside_committed_revisions_are_a_note(
    tmp_path: Path, spelling: str
) -> None:
    def database(root: Path, main: str, revisions: bool = True) -> tuple[int, str]:
        files = {
            "shop/__init__.py": "",
            "shop/db.py": DB,
            "shop/main.py": main,
            "alembic.ini": "[alembic]\nscript_location = migrations\n",
            "migrations/env.py": "",
            "requirements.txt": "fastapi\nsqlalchemy\nasyncpg\nalembic\n",
        }
        if revisions:
            files["migrations/versions/a1_first.py"] = REVISION
        return _signal(root, files, "database")

    app = "from fastapi import FastAPI\n\napp = FastAPI()\n"
    # The revisions hold the schema; create_all beside them is said, not scored.
    assert database(tmp_path / "made", app + MAKES_TABLES[spelling]) == (2, MADE_TOO)
    assert database(tmp_path / "migrated", app) == (2, "async ORM with migrations")
    # Alembic set up with no revision committed: the tables are create_all's alone.
    bare = database(tmp_path / "unrevised", app + MAKES_TABLES[spelling], revisions=False)
    assert bare == (1, "no migrations")


# ---------------------------------------------- a logger set up by a library the code uses

SPOKEN_THROUGH = {
    # structlog's async methods on a logger a wrapper library hands out.
    "async": (
        "from toolbelt.logs import AppLogger\n\nlogger = AppLogger().get_logger()\n\n\n"
        "@app.get('/items')\nasync def items() -> list[str]:\n"
        "    await logger.ainfo('listing items')\n    await logger.adebug('cache cold')\n"
        "    return []\n\n\n"
        "@app.on_event('startup')\nasync def hello() -> None:\n    print('starting')\n"
    ),
    # Plain methods on a module-level logger from a vendor's client.
    "sync": (
        "import vendorlog\n\nlog = vendorlog.client('shop')\n\n\n"
        "@app.get('/items')\ndef items() -> list[str]:\n"
        "    log.info('listing items')\n    log.warning('cache cold')\n    return []\n"
    ),
}


@pytest.mark.parametrize("spelling", sorted(SPOKEN_THROUGH))
def test_a_logger_the_code_speaks_through_is_logging_not_print_debugging(
    tmp_path: Path, spelling: str
) -> None:
    app = "from fastapi import FastAPI\n\napp = FastAPI()\n\n" + SPOKEN_THROUGH[spelling]
    files = {"main.py": app, "requirements.txt": "fastapi\n"}
    spoken = _signal(tmp_path / "spoken", files, "observability")
    assert spoken == (1, "standard logging, neither structured nor traced")
    # Outnumbered by print(), the same logger is still print() debugging.
    prints = "\n\n@app.get('/debug')\ndef debug() -> None:\n" + "    print('here')\n" * 4
    points, summary = _signal(
        tmp_path / "printed", files | {"main.py": app + prints}, "observability"
    )
    assert points == 0 and summary.startswith("print() debugging")


# ------------------------------------------ async tests that request nearly every route

SHELVES = (
    "from fastapi import APIRouter, FastAPI\n\n"
    "router = APIRouter(prefix='/api/v1/shelves')\n\n\n"
    "@router.get('')\nasync def shelves() -> list[str]:\n    return []\n\n\n"
    "@router.get('/{shelf_id}')\nasync def shelf(shelf_id: int) -> str:\n    return ''\n\n\n"
    "@router.delete('/{shelf_id}')\nasync def drop(shelf_id: int) -> None:\n    return None\n\n\n"
    "@router.post('/{shelf_id}/books')\nasync def add(shelf_id: int) -> str:\n    return ''\n\n\n"
    "@router.get('/{shelf_id}/books/{book_id}')\n"
    "async def book(shelf_id: int, book_id: int) -> str:\n    return ''\n\n\n"
    "app = FastAPI()\napp.include_router(router)\n"
)
REQUESTS = {
    # Plain paths, the ids written in.
    "plain": (
        'await client.get("/api/v1/shelves")',
        'await client.get("/api/v1/shelves/1")',
        'await client.delete("/api/v1/shelves/1")',
        'await client.post("/api/v1/shelves/1/books", json={})',
        'await client.get("/api/v1/shelves/1/books/2?full=1")',
    ),
    # f-strings behind a prefix the tests read from the settings.
    "formatted": (
        'await client.get(f"{settings.API_PREFIX}/shelves")',
        'await client.get(f"{settings.API_PREFIX}/shelves/{shelf_id}")',
        'await client.request("DELETE", f"{settings.API_PREFIX}/shelves/{shelf_id}")',
        'await client.post(f"{settings.API_PREFIX}/shelves/{shelf_id}/books")',
        "await client.get(f\"{settings.API_PREFIX}/shelves/{shelf_id}/books/{book['id']}\")",
    ),
}


def _testing(root: Path, requests: tuple[str, ...]) -> tuple[int, str]:
    body = "".join(
        f"\n\nasync def test_request_{number}(client, settings, shelf_id, book) -> None:\n"
        f"    {line}\n"
        for number, line in enumerate(requests)
    )
    files = {
        "shop/__init__.py": "",
        "shop/main.py": SHELVES,
        "tests/__init__.py": "",
        "tests/test_shelves.py": "import pytest\n\npytestmark = pytest.mark.anyio\n" + body,
        "requirements.txt": "fastapi\nhttpx\n",
    }
    return _signal(root, files, "testing")


@pytest.mark.parametrize("spelling", sorted(REQUESTS))
def test_async_tests_that_request_nearly_every_route_are_healthy_without_a_gate(
    tmp_path: Path, spelling: str
) -> None:
    every = _testing(tmp_path / "every", REQUESTS[spelling])
    assert every == (2, "async tests request 5 of 5 routes (no coverage gate)")
    # Three routes of five: some testing, short of the healthy column.
    some = _testing(tmp_path / "some", REQUESTS[spelling][:3])
    assert some == (1, "async tests, but no coverage gate of 80% or more")


# --------------------------------------------- tables a script makes, not the app's start-up

SCRIPT_TABLES = {
    # create_all written straight under the module's ``__main__`` guard.
    "guarded": (
        "\n\nif __name__ == '__main__':\n"
        "    from sqlalchemy import create_engine\n\n"
        "    Base.metadata.create_all(bind=create_engine('postgresql://shop@db/shop'))\n"
    ),
    # A function the ``__main__`` block runs, and nothing else calls.
    "called": (
        "import asyncio\n\n\n"
        "async def make_tables() -> None:\n"
        "    async with engine.begin() as connection:\n"
        "        await connection.run_sync(Base.metadata.create_all)\n\n\n"
        "if __name__ == '__main__':\n"
        "    asyncio.run(make_tables())\n"
    ),
}


@pytest.mark.parametrize("spelling", sorted(SCRIPT_TABLES))
def test_tables_a_script_makes_beside_migrations_leave_the_database_healthy(
    tmp_path: Path, spelling: str
) -> None:
    files = {
        "shop/__init__.py": "",
        "shop/db.py": DB + SCRIPT_TABLES[spelling],
        "shop/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "alembic.ini": "[alembic]\nscript_location = migrations\n",
        "migrations/env.py": "",
        "migrations/versions/a1_first.py": REVISION,
        "requirements.txt": "fastapi\nsqlalchemy\nasyncpg\nalembic\n",
    }
    assert _signal(tmp_path / "script", files, "database") == (2, "async ORM with migrations")
    # The same function run by the app's start-up as well is the app's own.
    started = files["shop/main.py"] + (
        "from .db import make_tables\n\n\n"
        "@app.on_event('startup')\nasync def tables() -> None:\n    await make_tables()\n"
    )
    if spelling == "called":
        points, summary = _signal(tmp_path / "app", files | {"shop/main.py": started}, "database")
        assert (points, summary) == (2, MADE_TOO)


# ------------------------------------------------- a signing key's default nobody refuses


def _security(root: Path, files: dict[str, str], item: str) -> tuple[bool, str, list[str]]:
    """The review's verdict, summary and evidence texts for ``item`` on ``files``."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    review = load("security_review")
    report = review.plan(review.build_params({}), Project(root)).report
    assert isinstance(report, SecurityReport)
    check = next(c for c in report.security.checks if c.id == item)
    return check.passed, check.summary, [f"{e.text} @ {e.loc}" for e in check.evidence]


SIGNING_SETTINGS = {
    # The key on a model the settings nest, read as SECURITY__JWT_SECRET_KEY.
    "nested": (
        "from pydantic import BaseModel, Field, SecretStr\n"
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n"
        "class Security(BaseModel):\n"
        "    jwt_secret_key: SecretStr = SecretStr('change-me-to-a-long-random-string-please')\n"
        "    jwt_algorithm: str = 'HS256'\n\n\n"
        "class Settings(BaseSettings):\n"
        "    model_config = SettingsConfigDict(env_nested_delimiter='__')\n\n"
        "    security: Security = Field(default_factory=Security)\n\n\n"
        "settings = Settings()\n",
        "settings.security.jwt_secret_key.get_secret_value()",
        "config.py:6",
    ),
    # A flat settings field whose default is a placeholder.
    "flat": (
        "from pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n"
        "    jwt_secret: str = 'changethis'\n\n\n"
        "settings = Settings()\n",
        "settings.jwt_secret",
        "config.py:5",
    ),
}
REFUSALS = {
    # A model validator hands the value to a helper that raises on the placeholder.
    "nested": (
        "\n    @model_validator(mode='after')\n"
        "    def _no_default_key(self) -> 'Settings':\n"
        "        self._check('JWT key', self.security.jwt_secret_key.get_secret_value())\n"
        "        return self\n\n"
        "    def _check(self, name: str, value: str) -> None:\n"
        "        if value == 'change-me-to-a-long-random-string-please':\n"
        "            raise ValueError(f'set {name}')\n"
    ),
    # A field validator refusing a set of placeholders.
    "flat": (
        "\n    @field_validator('jwt_secret')\n"
        "    @classmethod\n"
        "    def _set(cls, value: str) -> str:\n"
        "        if value in {'changethis', 'secret', ''}:\n"
        "            raise ValueError('JWT_SECRET is not set')\n"
        "        return value\n"
    ),
}


@pytest.mark.parametrize("spelling", sorted(SIGNING_SETTINGS))
def test_a_placeholder_signing_key_fails_unless_the_settings_refuse_it(
    tmp_path: Path, spelling: str
) -> None:
    config, key, at = SIGNING_SETTINGS[spelling]
    main = (
        "import jwt\nfrom fastapi import Depends, FastAPI\n"
        "from fastapi.security import OAuth2PasswordBearer\n\n"
        "from .config import settings\n\n"
        "app = FastAPI()\nscheme = OAuth2PasswordBearer(tokenUrl='token')\n\n\n"
        "def user(token: str = Depends(scheme)) -> str:\n"
        f"    return str(jwt.decode(token, {key}, algorithms=['HS256'])['sub'])\n\n\n"
        "@app.get('/me')\ndef me(name: str = Depends(user)) -> str:\n    return name\n"
    )
    files = {
        "shop/__init__.py": "",
        "shop/config.py": config,
        "shop/main.py": main,
        "requirements.txt": "fastapi\npyjwt\npydantic-settings\n",
    }
    passed, summary, evidence = _security(tmp_path / "unchecked", files, "jwt_secret")
    assert (passed, summary) == (False, "secret in code"), evidence
    assert any(e.endswith(f"shop/{at}") and "hardcoded" in e for e in evidence), evidence
    # A settings class that will not start on the placeholder is checked: the key comes
    # from the environment or nothing starts.
    refusing = config.replace(
        "settings = Settings()", REFUSALS[spelling] + "\n\nsettings = Settings()"
    )
    refusing = "from pydantic import field_validator, model_validator\n" + refusing
    files |= {"shop/config.py": refusing}
    passed, summary, evidence = _security(tmp_path / "refused", files, "jwt_secret")
    assert (passed, summary) == (True, "signing key read from the environment"), evidence
    assert any("the settings refuse its default @ shop/main.py:12" in e for e in evidence), evidence


# ------------------------------------------------ views that answer with no body to type

SILENT = {
    # A delete declared response_model=None that returns nothing.
    "declared": (
        "@router.delete('/{item_id}', response_model=None)\n"
        "def drop(item_id: int) -> None:\n    items.pop(item_id, None)\n"
    ),
    # A join that ends in a bare ``return``, neither annotated nor declared.
    "bare": (
        "@router.post('/{item_id}/watch')\n"
        "def watch(item_id: int):\n    if item_id in items:\n"
        "        items[item_id].watched = True\n        return\n    items.pop(item_id, None)\n"
    ),
}


@pytest.mark.parametrize("spelling", sorted(SILENT))
def test_views_that_return_nothing_leave_the_typed_openapi_accurate(
    tmp_path: Path, spelling: str
) -> None:
    typed = "".join(
        f"@router.get('/{name}', response_model=list[Item], tags=['items'], summary='{name}')\n"
        f"def {name}():\n    return list(items.values())\n\n\n"
        for name in ("all", "new", "old")
    )
    silent = SILENT[spelling].replace("def drop(item_id: int) -> None:", "def drop(item_id: int):")
    main = (
        "from fastapi import APIRouter, FastAPI\nfrom pydantic import BaseModel\n\n\n"
        "class Item(BaseModel):\n    name: str\n    watched: bool = False\n\n\n"
        "items: dict[int, Item] = {}\nrouter = APIRouter(prefix='/items', tags=['items'])\n\n\n"
        + typed
        + silent
        + silent.replace("/{item_id}", "/{item_id}/again").replace("def ", "def again_")
        + "\n\napp = FastAPI(title='Stock')\napp.include_router(router)\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\n"}
    assert _signal(tmp_path / "silent", files, "documentation")[0] == 2
    # A view that returns a dict with no type is untyped all the same.
    loud = main.replace("        return\n", "        return {'watched': item_id}\n").replace(
        "items.pop(item_id, None)\n", "return items.pop(item_id, None)\n"
    )
    points, summary = _signal(tmp_path / "loud", files | {"main.py": loud}, "documentation")
    assert (points, summary) == (
        1,
        "docs written, but responses untyped: the OpenAPI does not say what clients get",
    )


# --------------------------------------------- HTTPException details with an error's shape

DETAILS = {
    # An error schema's classmethod that hands back its dict.
    "schema": (
        "class Problem(BaseModel):\n    message: str\n    error: bool = True\n\n"
        "    @classmethod\n    def respond(cls, message: str) -> dict[str, object]:\n"
        "        return cls(message=message).model_dump()\n\n\n",
        "Problem.respond('no such item')",
    ),
    # A dict written in place, with a code the client can branch on.
    "literal": ("", "{'code': 'item_missing', 'message': 'no such item'}"),
}


@pytest.mark.parametrize("spelling", sorted(DETAILS))
def test_http_exceptions_with_structured_details_are_not_bare_strings(
    tmp_path: Path, spelling: str
) -> None:
    schema, detail = DETAILS[spelling]

    def app(details: list[str]) -> str:
        views = "".join(
            f"@app.get('/items/{n}')\nasync def item_{n}(item_id: int) -> Item:\n"
            f"    if item_id not in ITEMS:\n        raise HTTPException(404, {text})\n"
            "    return ITEMS[item_id]\n\n\n"
            for n, text in enumerate(details)
        )
        return (
            "from fastapi import FastAPI, HTTPException\nfrom pydantic import BaseModel\n\n"
            "app = FastAPI(title='Stock')\n\n\n"
            "class Item(BaseModel):\n    name: str\n\n\n"
            + schema
            + "ITEMS: dict[int, Item] = {}\n\n\n"
            + views
        )

    shaped = [detail, detail, "'gone'"]
    files = {"main.py": app(shaped), "requirements.txt": "fastapi\n"}
    points, summary = _signal(tmp_path / "shaped", files, "error_handling")
    assert points == 1, summary
    # Outnumbered by strings, the same details leave the errors bare.
    bare = {"main.py": app([detail, "'gone'", "f'no item {item_id}'"])}
    points, summary = _signal(tmp_path / "bare", files | bare, "error_handling")
    assert (points, summary) == (0, "bare HTTPException (3 raised)")


# ------------------------- the Authorization header taken whole and cut inside a dependency

TAKEN_WHOLE = {
    # An APIKeyHeader subclass named after a module constant, split on the space.
    "api_key_header": (
        "from fastapi.security import APIKeyHeader\n\n"
        "HEADER = 'Authorization'\n\n\n"
        "class TokenHeader(APIKeyHeader):\n    pass\n\n\n"
        "def token(header: str = Security(TokenHeader(name=HEADER))) -> str:\n"
        "    prefix, value = header.split(' ')\n"
        "    if prefix != 'Token':\n        raise HTTPException(403)\n"
        "    return value\n"
    ),
    # A Header parameter under the header's alias, its scheme partitioned off.
    "header_alias": (
        "from fastapi import Header\n\n\n"
        "def token(raw: str = Header(alias='Authorization')) -> str:\n"
        "    scheme, _, value = raw.partition(' ')\n"
        "    if scheme.lower() != 'bearer':\n        raise HTTPException(401)\n"
        "    return value\n"
    ),
}


def _token_app(token_reader: str, depends: str = "token") -> str:
    return (
        "import os\n\nimport jwt\n"
        "from fastapi import Depends, FastAPI, HTTPException, Request, Security\n"
        + token_reader
        + f"\n\ndef user(value: str = Depends({depends})) -> str:\n"
        "    return str(jwt.decode(value, os.environ['KEY'], ['HS256'])['sub'])\n\n\n"
        "app = FastAPI()\n\n\n"
        "@app.get('/me')\ndef me(name: str = Depends(user)) -> str:\n    return name\n"
    )


@pytest.mark.parametrize("spelling", sorted(TAKEN_WHOLE))
def test_a_header_taken_whole_and_cut_inside_a_dependency_is_jwt_by_injection(
    tmp_path: Path, spelling: str
) -> None:
    # The playbook's "manual token parsing" is a route reading the token itself; a
    # dependency that cuts the header hands the token to routes by injection all the same.
    files = {"main.py": _token_app(TAKEN_WHOLE[spelling]), "requirements.txt": "fastapi\npyjwt\n"}
    report, _ = _run(_write(tmp_path / "cut", files))
    auth = next(s for s in report.signals if s.id == "auth")
    assert (auth.points, auth.summary) == (
        2,
        "JWT verified by dependency injection on 1 of 1 routes",
    )
    assert not [e for e in auth.evidence if "by hand" in e.text]
    # The same reader called from the route itself is manual token parsing.
    route = _token_app(TAKEN_WHOLE[spelling]).replace(
        "def me(name: str = Depends(user)) -> str:\n    return name\n",
        "def me(request: Request) -> str:\n"
        "    return user(token(request.headers['Authorization']))\n",
    )
    report, _ = _run(_write(tmp_path / "route", files | {"main.py": route}))
    auth = next(s for s in report.signals if s.id == "auth")
    assert (auth.points, auth.summary) == (0, "manual token parsing")


FACTORIES = {
    # A factory whose conditional expression returns the required or the optional reader.
    "conditional": (
        "def reader(*, required: bool = True):\n"
        "    return read_token if required else read_token_or_nothing\n\n\n"
        "def read_token(request: Request) -> str:\n"
        "    prefix, value = request.headers['Authorization'].split(' ')\n"
        "    if prefix != 'Bearer':\n        raise HTTPException(401)\n"
        "    return value\n\n\n"
        "def read_token_or_nothing(request: Request) -> str:\n"
        "    if 'Authorization' not in request.headers:\n        return ''\n"
        "    return read_token(request)\n",
        "reader()",
    ),
    # A factory that defines its reader inside and returns it by name.
    "inner": (
        "def reader(scheme: str = 'Bearer'):\n"
        "    def read(request: Request) -> str:\n"
        "        given, _, value = request.headers.get('Authorization', '').partition(' ')\n"
        "        if given != scheme:\n            raise HTTPException(401)\n"
        "        return value\n\n"
        "    return read\n",
        "reader('Token')",
    ),
}


@pytest.mark.parametrize("spelling", sorted(FACTORIES))
def test_a_header_cut_in_what_a_dependency_factory_returns_is_injection(
    tmp_path: Path, spelling: str
) -> None:
    reader, call = FACTORIES[spelling]
    files = {"main.py": _token_app(reader, call), "requirements.txt": "fastapi\npyjwt\n"}
    points, summary = _signal(tmp_path / spelling, files, "auth")
    assert (points, summary) == (2, "JWT verified by dependency injection on 1 of 1 routes")


BACKENDS = {
    # A backend class of the app's own, given to the middleware in a factory.
    "added": (
        "def create_app() -> FastAPI:\n"
        "    app = FastAPI()\n"
        "    app.add_middleware(AuthenticationMiddleware, backend=TokenBackend())\n"
        "    app.include_router(router)\n"
        "    return app\n"
    ),
    # The same, listed in FastAPI(middleware=[...]).
    "listed": (
        "app = FastAPI(middleware=[Middleware(AuthenticationMiddleware, backend=TokenBackend())])\n"
        "app.include_router(router)\n"
    ),
}


@pytest.mark.parametrize("spelling", sorted(BACKENDS))
def test_a_jwt_verified_by_an_authentication_backend_is_the_injected_pattern(
    tmp_path: Path, spelling: str
) -> None:
    backend = (
        "import os\n\nimport jwt\n"
        "from starlette.authentication import AuthCredentials, AuthenticationBackend, SimpleUser\n"
        "from starlette.requests import HTTPConnection, Request\n\n\n"
        "def claims(token: str) -> dict[str, str]:\n"
        "    return jwt.decode(token, os.environ['KEY'], ['HS256'])\n\n\n"
        "def token_of(request: Request) -> str:\n"
        "    return request.headers.get('Authorization', '').removeprefix('Bearer ')\n\n\n"
        "class TokenBackend(AuthenticationBackend):\n"
        "    async def authenticate(self, conn: HTTPConnection):\n"
        "        scheme, _, token = conn.headers.get('Authorization', '').partition(' ')\n"
        "        if scheme.lower() != 'bearer':\n            return None\n"
        "        return AuthCredentials(['authenticated']), SimpleUser(claims(token)['sub'])\n"
    )
    routes = (
        "from fastapi import APIRouter, Depends, Request\n"
        "from fastapi.security import HTTPBearer\n\n"
        "from shop.auth import token_of\n\n"
        "router = APIRouter(dependencies=[Depends(HTTPBearer())])\n"
        "REVOKED: set[str] = set()\n\n\n"
        "@router.get('/me')\nasync def me(request: Request) -> str:\n"
        "    return str(request.user.display_name)\n\n\n"
        "@router.post('/logout')\nasync def logout(request: Request) -> None:\n"
        "    REVOKED.add(token_of(request))\n"
    )
    main = (
        "from fastapi import FastAPI\nfrom starlette.middleware import Middleware\n"
        "from starlette.middleware.authentication import AuthenticationMiddleware\n\n"
        "from shop.auth import TokenBackend\nfrom shop.routes import router\n\n"
        + BACKENDS[spelling]
    )
    files = {
        "shop/__init__.py": "",
        "shop/auth.py": backend,
        "shop/routes.py": routes,
        "shop/main.py": main,
        "requirements.txt": "fastapi\npyjwt\n",
    }
    report, _ = _run(_write(tmp_path / "backend", files))
    auth = next(s for s in report.signals if s.id == "auth")
    assert (auth.points, auth.summary) == (
        2,
        "JWT verified by dependency injection on 2 of 2 routes",
    )
    assert [str(e.loc) for e in auth.evidence if "backend" in e.text] == ["shop/auth.py:16"]
    # Without the backend's JWT check, the logout route reads the token by hand.
    unchecked = {"shop/auth.py": backend.replace("claims(token)['sub']", "token")}
    points, summary = _signal(tmp_path / "unchecked", files | unchecked, "auth")
    assert (points, summary) == (
        1,
        "JWT through dependencies, but the Authorization header is also parsed by hand",
    )


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


# ----------------------------- the whole query string echoed into links beside a query model

COPIED = {
    # Spread into the dict the next page's link is built from.
    "spread": "links = page.model_dump() | {**request.query_params}",
    # Copied with dict() for the same.
    "dict": "links = {**page.model_dump(), **dict(request.query_params)}",
}


@pytest.mark.parametrize("spelling", sorted(COPIED))
def test_a_query_string_copied_whole_beside_a_query_model_is_validated_input(
    tmp_path: Path, spelling: str
) -> None:
    def app(params: str) -> str:
        return (
            "from urllib.parse import urlencode\n\n"
            "from fastapi import Depends, FastAPI, Request\nfrom pydantic import BaseModel\n\n"
            "app = FastAPI(title='Stock')\n\n\n"
            "class Page(BaseModel):\n    page: int = 1\n    per_page: int = 50\n\n\n"
            "class Items(BaseModel):\n    names: list[str]\n    next: str\n\n\n"
            "@app.get('/items')\n"
            f"def items({params}) -> Items:\n"
            f"    {COPIED[spelling]}\n"
            "    links['page'] = page.page + 1\n"
            "    return Items(names=[], next='/items?' + urlencode(links))\n"
        )

    modelled = app("request: Request, page: Page = Depends()")
    files = {"main.py": modelled, "requirements.txt": "fastapi\n"}
    passed, summary, evidence = _security(tmp_path / "modelled", files, "input_validation")
    assert passed, (summary, evidence)
    # With no model taking the parameters, the copied query string is the input itself.
    raw = app("request: Request").replace("page.model_dump()", "{}").replace("page.page + 1", "2")
    passed, summary, evidence = _security(
        tmp_path / "raw", files | {"main.py": raw}, "input_validation"
    )
    assert (passed, summary) == (False, "1 unvalidated input(s)"), evidence
    assert evidence == ["GET /items copies request.query_params by hand @ main.py:21"], evidence


# -------------------------------------- the proxy of a monorepo, set up at the repository's top

FRONTS = {
    # Traefik's entrypoint redirect in the root's compose file, the API built from api/.
    "traefik": (
        "api",
        {
            "compose.yml": (
                "services:\n  proxy:\n    image: traefik:3\n    command:\n"
                "      - --entrypoints.http.address=:80\n"
                "      - --entrypoints.http.http.redirections.entrypoint.to=https\n"
                "      - --entrypoints.https.address=:443\n"
                "  api:\n    build: ./api\n"
            ),
        },
        "../compose.yml:6",
    ),
    # nginx at the root, the API's Dockerfile named from a context at the root.
    "nginx": (
        "services/api",
        {
            "docker-compose.yml": (
                "services:\n  web:\n    image: nginx:1.27\n"
                "    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n"
                "  api:\n    build:\n      context: .\n      dockerfile: services/api/Dockerfile\n"
            ),
            "nginx.conf": (
                "events {}\nhttp {\n  server {\n    listen 80;\n    server_name shop.example.com;\n"
                "    return 301 https://$host$request_uri;\n  }\n}\n"
            ),
        },
        "../../nginx.conf:6",
    ),
}


@pytest.mark.parametrize("spelling", sorted(FRONTS))
def test_the_redirect_of_the_monorepo_proxy_that_serves_the_app_counts(
    tmp_path: Path, spelling: str
) -> None:
    folder, front, at = FRONTS[spelling]
    app = {
        f"{folder}/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        f"{folder}/requirements.txt": "fastapi\n",
        f"{folder}/Dockerfile": "FROM python:3.12-slim\n",
    }
    top = _write(tmp_path / "served", app | front)
    git(top, "init", "-q")
    passed, summary, evidence = _security(top / folder, {}, "https")
    assert (passed, evidence) == (True, [f"HTTP redirected to HTTPS @ {at}"]), summary
    # The same files, when the root's compose builds only another folder, serve another app.
    other = {name: text.replace(folder, "frontend") for name, text in front.items()}
    top = _write(tmp_path / "other", app | other)
    git(top, "init", "-q")
    passed, summary, _ = _security(top / folder, {}, "https")
    assert (passed, summary) == (False, "HTTPS is not enforced")


def test_an_optional_user_read_by_hand_beside_a_bearer_scheme_leaves_jwt_by_injection(
    tmp_path: Path,
) -> None:
    # Two routes take the token from OAuth2PasswordBearer; one greets whoever sends one.
    main = (
        "import os\n\nimport jwt\nfrom fastapi import Depends, FastAPI, Request\n"
        "from fastapi.security import OAuth2PasswordBearer\n\n"
        "scheme = OAuth2PasswordBearer(tokenUrl='token')\napp = FastAPI()\n\n\n"
        "def user(token: str = Depends(scheme)) -> str:\n"
        "    return str(jwt.decode(token, os.environ['KEY'], ['HS256'])['sub'])\n\n\n"
        "def maybe_user(request: Request) -> str | None:\n"
        "    kind, _, token = request.headers.get('Authorization', '').partition(' ')\n"
        "    if kind.lower() != 'bearer':\n        return None\n"
        "    return str(jwt.decode(token, os.environ['KEY'], ['HS256'])['sub'])\n\n\n"
        "@app.get('/me')\ndef me(name: str = Depends(user)) -> str:\n    return name\n\n\n"
        "@app.get('/orders')\ndef orders(name: str = Depends(user)) -> list[str]:\n"
        "    return [name]\n\n\n"
        "@app.get('/hello')\ndef hello(name: str | None = Depends(maybe_user)) -> str:\n"
        "    return f'hello {name or \"stranger\"}'\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\npyjwt\n"}
    assert _signal(tmp_path / "optional", files, "auth") == (
        2,
        "JWT verified by dependency injection on 3 of 3 routes",
    )


# ------------------------------ a class or an instance as the dependency: its method runs

CALLED = {
    # The class is the dependency: FastAPI builds it, and its __init__ takes the token.
    "class": (
        "class Signed:\n"
        "    def __init__(self, c: HTTPAuthorizationCredentials = Depends(bearer)) -> None:\n"
        "        self.sub = str(jwt.decode(c.credentials, os.environ['KEY'], ['HS256'])['sub'])\n",
        "Signed",
    ),
    # An instance is the dependency: FastAPI calls it, and its __call__ takes the token.
    "instance": (
        "class Signed:\n"
        "    def __init__(self, audience: str) -> None:\n"
        "        self.audience = audience\n\n"
        "    def __call__(self, c: HTTPAuthorizationCredentials = Depends(bearer)) -> str:\n"
        "        key = os.environ['KEY']\n"
        "        claims = jwt.decode(c.credentials, key, ['HS256'], audience=self.audience)\n"
        "        return str(claims['sub'])\n\n\n"
        "signed = Signed('shop')\n",
        "signed",
    ),
}


@pytest.mark.parametrize("spelling", sorted(CALLED))
def test_a_class_or_instance_dependency_is_judged_by_the_method_fastapi_calls(
    tmp_path: Path, spelling: str
) -> None:
    guard, name = CALLED[spelling]
    main = (
        "import os\n\nimport jwt\nfrom fastapi import APIRouter, Depends, FastAPI\n"
        "from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer\n\n"
        "bearer = HTTPBearer()\n\n\n" + guard + "\n\norders = APIRouter()\n\n\n"
        "@orders.get('/orders')\ndef listed() -> list[str]:\n    return []\n\n\n"
        "@orders.get('/orders/{number}')\ndef one(number: int) -> str:\n"
        "    return str(number)\n\n\n"
        "app = FastAPI()\n"
        f"app.include_router(orders, dependencies=[Depends({name})])\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\npyjwt\n"}
    assert _signal(tmp_path / spelling, files, "auth") == (
        2,
        "JWT verified by dependency injection on 2 of 2 routes",
    )


# ------------------------- the schema turned off at the root, published by the app that serves

PUBLISHED = {
    # The root app mounts the API app, which publishes its schema under its own title.
    "mounted": {
        "main.py": (
            "from fastapi import FastAPI\n\nfrom public import api\n\n"
            "app = FastAPI(openapi_url=None)\n\n\n"
            "@app.get('/ping')\ndef ping():\n    return {'ok': True}\n\n\n"
            "app.mount('/api', api)\n"
        ),
        "public.py": (
            "from fastapi import FastAPI\nfrom pydantic import BaseModel\n\n\n"
            "class Parcel(BaseModel):\n    code: str\n\n\n"
            "api = FastAPI(title='Parcels', version='2')\n\n\n"
            "@api.get('/parcels')\ndef parcels() -> list[Parcel]:\n"
            '    """Every parcel on its way."""\n    return []\n\n\n'
            "@api.get('/parcels/{code}')\ndef parcel(code: str) -> Parcel:\n"
            '    """One parcel by its code."""\n    return Parcel(code=code)\n'
        ),
    },
    # The project builds the schema itself and serves it from a route of its own.
    "generated": {
        "main.py": (
            "from fastapi import FastAPI\nfrom fastapi.openapi.utils import get_openapi as build\n"
            "from fastapi.responses import JSONResponse\n"
            "from pydantic import BaseModel\n\n\n"
            "class Parcel(BaseModel):\n    code: str\n\n\n"
            "app = FastAPI(openapi_url=None)\n\n\n"
            "@app.get('/parcels')\ndef parcels() -> list[Parcel]:\n"
            '    """Every parcel on its way."""\n    return []\n\n\n'
            "@app.get('/parcels/{code}')\ndef parcel(code: str) -> Parcel:\n"
            '    """One parcel by its code."""\n    return Parcel(code=code)\n\n\n'
            "@app.post('/parcels')\ndef send(parcel: Parcel) -> Parcel:\n    return parcel\n\n\n"
            "@app.delete('/parcels/{code}')\ndef drop(code: str) -> Parcel:\n"
            "    return Parcel(code=code)\n\n\n"
            "@app.get('/schema.json', include_in_schema=False)\ndef schema() -> JSONResponse:\n"
            "    return JSONResponse(build(title='Parcels', version='2', routes=app.routes))\n"
        ),
    },
}


@pytest.mark.parametrize("spelling", sorted(PUBLISHED))
def test_a_schema_turned_off_at_the_root_is_judged_where_it_is_published(
    tmp_path: Path, spelling: str
) -> None:
    files = PUBLISHED[spelling] | {"requirements.txt": "fastapi\n"}
    points, summary = _signal(tmp_path / spelling, files, "documentation")
    assert (points, summary.startswith("accurate OpenAPI")) == (2, True), summary
    # The same routes with nothing that publishes a schema have their OpenAPI disabled.
    alone = {"main.py": files["main.py"].replace("from public import api\n", "")}
    alone["main.py"] = alone["main.py"].replace("app.mount('/api', api)\n", "")
    alone["main.py"] = (
        alone["main.py"]
        .replace("from fastapi.openapi.utils import get_openapi as build\n", "")
        .replace("build(", "dict(")
    )
    assert _signal(tmp_path / f"{spelling}-off", alone, "documentation") == (
        0,
        "OpenAPI disabled (openapi_url=None)",
    )


# ------------------ a password scheme the settings read, given in the monorepo's env template

SCHEME_SETTINGS = {
    # A pydantic-settings field with no default; the template is .env.example.
    "pydantic": (
        "from pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n    password_scheme: str\n\n\n"
        "settings = Settings()\n",
        ".env.example",
        "PASSWORD_SCHEME",
    ),
    # A plain class reading the environment; the template is .env.sample.
    "environ": (
        "import os\n\n\n"
        "class Settings:\n"
        "    PASSWORD_SCHEME: str = os.environ['PASSWORD_SCHEME']\n\n\n"
        "settings = Settings()\n",
        ".env.sample",
        "PASSWORD_SCHEME",
    ),
}


@pytest.mark.parametrize("spelling", sorted(SCHEME_SETTINGS))
def test_a_hash_scheme_read_from_the_environment_takes_the_monorepo_template_value(
    tmp_path: Path, spelling: str
) -> None:
    config, template, variable = SCHEME_SETTINGS[spelling]
    field = "password_scheme" if spelling == "pydantic" else "PASSWORD_SCHEME"
    app = {
        "api/config.py": config,
        "api/security.py": (
            "from passlib.context import CryptContext\n\nfrom config import settings\n\n"
            f"context = CryptContext(schemes=[settings.{field}], deprecated='auto')\n\n\n"
            "def hash_password(password: str) -> str:\n    return context.hash(password)\n"
        ),
        "api/main.py": (
            "from fastapi import FastAPI\nfrom fastapi.security import OAuth2PasswordBearer\n\n"
            "scheme = OAuth2PasswordBearer(tokenUrl='token')\napp = FastAPI()\n"
        ),
        "api/requirements.txt": "fastapi\npasslib\n",
        "compose.yml": "services:\n  api:\n    build: ./api\n",
    }
    for scheme, verdict in (("argon2", True), ("md5_crypt", False)):
        top = _write(tmp_path / scheme, app | {template: f"{variable}={scheme}\n"})
        git(top, "init", "-q")
        passed, summary, evidence = _security(top / "api", {}, "password_hashing")
        assert passed is verdict, summary
        assert f"{scheme} (from ../{template})" in evidence[0]


# ------------------------------ a body read by hand, handed to a model's own validating method

HANDED = {
    # Inherited from a base form, validating through model_validate; the body read inline.
    "inherited": (
        "class FormModel(BaseModel):\n"
        "    @classmethod\n"
        "    def from_form(cls, data: Any) -> Self:\n"
        "        return cls.model_validate(dict(data))\n\n\n"
        "class Note(FormModel):\n    text: str\n",
        "    note = Note.from_form(await request.form())\n",
    ),
    # The model's own method building it from the data; the body read into a name first.
    "own": (
        "class Note(BaseModel):\n    text: str\n\n"
        "    @classmethod\n"
        "    def parsed(cls, data: Any) -> Self:\n"
        "        return cls(**dict(data))\n",
        "    data = await request.form()\n    note = Note.parsed(data)\n",
    ),
}


@pytest.mark.parametrize("spelling", sorted(HANDED))
def test_a_body_handed_to_a_models_validating_method_is_validated_input(
    tmp_path: Path, spelling: str
) -> None:
    model, read = HANDED[spelling]

    def main(model: str) -> str:
        return (
            "from typing import Any, Self\n\n"
            "from fastapi import FastAPI, Request\nfrom pydantic import BaseModel\n\n\n"
            + model
            + "\n\napp = FastAPI()\n\n\n"
            "@app.post('/notes')\nasync def add(request: Request) -> str:\n"
            + read
            + "    return note.text\n"
        )

    files = {"main.py": main(model), "requirements.txt": "fastapi\n"}
    passed, summary, _ = _security(tmp_path / spelling, files, "input_validation")
    assert passed, summary
    # A method of the class that keeps the data as it came validates nothing.
    kept = model.replace("cls.model_validate(dict(data))", "data").replace(
        "cls(**dict(data))", "data"
    )
    files = {"main.py": main(kept), "requirements.txt": "fastapi\n"}
    passed, _, evidence = _security(tmp_path / f"{spelling}-kept", files, "input_validation")
    assert not passed
    assert len(evidence) == 1
    assert evidence[0].startswith("POST /notes reads the raw request body @ main.py:")


# ------------------------------------- a member of an enumeration formatted into SQL text

MEMBERS = {
    # A method of the enumeration formats its own value.
    "method": (
        "    def interval(self) -> TextClause:\n"
        "        return text(f\"'1 {self.value}'::interval\")\n",
        "Unit.day.interval()",
    ),
    # A function formats a parameter the annotation says is a member.
    "parameter": (
        "",
        "interval(Unit.day)",
    ),
}


@pytest.mark.parametrize("spelling", sorted(MEMBERS))
def test_a_member_of_an_enumeration_formatted_into_sql_is_not_a_value_from_a_client(
    tmp_path: Path, spelling: str
) -> None:
    method, call = MEMBERS[spelling]
    units = (
        "from enum import StrEnum\n\nfrom sqlalchemy import TextClause, text\n\n\n"
        "class Unit(StrEnum):\n    day = 'day'\n    week = 'week'\n\n" + method
    )
    main = (
        "from fastapi import FastAPI\nfrom sqlalchemy import TextClause, text\n\n"
        "from units import Unit\n\n"
        "app = FastAPI()\n\n\n"
        "def interval(unit: Unit) -> TextClause:\n"
        "    return text(f\"'1 {unit}'::interval\")\n\n\n"
        f"@app.get('/span')\ndef span() -> str:\n    return str({call})\n"
    )
    files = {"units.py": units, "main.py": main, "requirements.txt": "fastapi\nsqlalchemy\n"}
    passed, summary, _ = _security(tmp_path / spelling, files, "sql_injection")
    assert passed, summary
    # A class that is no enumeration holds any text a caller gives it.
    plain = units.replace("class Unit(StrEnum):", "class Unit(str):")
    passed, summary, _ = _security(
        tmp_path / f"{spelling}-str", files | {"units.py": plain}, "sql_injection"
    )
    built = 2 if method else 1
    assert (passed, summary) == (False, f"{built} query(ies) built from values")


# ------------------------------- CORS options given to a CORS middleware of the project's own

OWN_CORS = {
    # Options objects, one per scope, handed to a middleware class of the project.
    "options": (
        "@dataclass\nclass Scope:\n    allow_origins: list[str]\n"
        "    allow_credentials: bool = False\n\n\n"
        "class ScopedCORS:\n"
        "    def __init__(self, app: ASGIApp, scopes: list[Scope]) -> None:\n"
        "        self.app, self.scopes = app, scopes\n\n"
        "    async def __call__(self, scope: Scope_, receive: Receive, send: Send) -> None:\n"
        "        await self.app(scope, receive, send)\n\n\n"
        "app.add_middleware(\n    ScopedCORS,\n"
        "    scopes=[Scope(allow_origins=ORIGINS, allow_credentials=True)],\n)\n"
    ),
    # A helper of the project that installs the middleware from the options it is given.
    "helper": (
        "def install_cors(target: FastAPI, **options: object) -> None:\n"
        "    target.add_middleware(CORSMiddleware, **options)\n\n\n"
        "install_cors(app, allow_origins=ORIGINS, allow_credentials=True)\n"
    ),
}


@pytest.mark.parametrize("spelling", sorted(OWN_CORS))
def test_cors_options_given_to_the_projects_own_middleware_are_read(
    tmp_path: Path, spelling: str
) -> None:
    def main(origins: str) -> str:
        return (
            "import os\nfrom dataclasses import dataclass\n\n"
            "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n"
            "from starlette.types import ASGIApp, Receive, Send\n"
            "from starlette.types import Scope as Scope_\n\n"
            f"ORIGINS = {origins}\napp = FastAPI()\n\n\n" + OWN_CORS[spelling]
        )

    listed = "os.environ['ORIGINS'].split(',')"
    files = {"main.py": main(listed), "requirements.txt": "fastapi\n"}
    passed, summary, _ = _security(tmp_path / spelling, files, "cors")
    assert passed, summary
    files = {"main.py": main("['*']"), "requirements.txt": "fastapi\n"}
    passed, summary, _ = _security(tmp_path / f"{spelling}-any", files, "cors")
    assert (passed, summary) == (False, "any origin may call the API with credentials")


# ------------------------------------------ a fail_under that coverage.py never reads

SHADOWING = {
    # setup.cfg holds [coverage:run]: coverage.py reads it and never pyproject.toml.
    "setup.cfg": "[coverage:run]\nsource = shop\nbranch = True\n",
    # A .coveragerc is read before any other file.
    ".coveragerc": "[run]\nsource = shop\n",
    # tox.ini's [coverage:report] comes before pyproject.toml too.
    "tox.ini": "[tox]\nenvlist = py311\n\n[coverage:report]\nprecision = 2\n",
}
GATED = "[tool.coverage.report]\nfail_under = 90\n"


@pytest.mark.parametrize("shadow", sorted(SHADOWING))
def test_a_coverage_gate_in_a_file_coverage_does_not_read_is_no_gate(
    tmp_path: Path, shadow: str
) -> None:
    tests = (
        "import pytest\n\npytestmark = pytest.mark.anyio\n\n\n"
        "async def test_items(client) -> None:\n    await client.get('/items')\n"
    )
    files = {
        "shop/__init__.py": "",
        "shop/main.py": SHELVES,
        "tests/test_items.py": tests,
        "pyproject.toml": '[project]\nname = "shop"\n\n' + GATED,
    }
    gated = _signal(tmp_path / "gated", files, "testing")
    assert gated == (2, "async tests under a coverage gate of 90%")
    shadowed = _signal(tmp_path / "shadowed", files | {shadow: SHADOWING[shadow]}, "testing")
    assert shadowed == (1, "async tests, but no coverage gate of 80% or more")
    # The gate in the file coverage.py does read counts wherever the other file is.
    if shadow != ".coveragerc":
        read = SHADOWING[shadow] + "\n[coverage:report]\nfail_under = 85\n"
        if shadow == "tox.ini":
            read = SHADOWING[shadow].replace("precision = 2", "fail_under = 85")
        points, summary = _signal(tmp_path / "read", files | {shadow: read}, "testing")
        assert (points, summary) == (2, "async tests under a coverage gate of 85%")


# --------------------------------------- endpoints documented, beside the app's metadata

DOCUMENTED = {
    # Docstrings on the handlers.
    "docstrings": (
        "@router.get('')\nasync def shelves() -> list[str]:\n"
        '    """Every shelf, by name."""\n    return []\n\n\n'
        "@router.get('/{shelf_id}')\nasync def shelf(shelf_id: int) -> str:\n"
        '    """One shelf."""\n    return ""\n\n\n'
    ),
    # summary= and description= in the decorators.
    "keywords": (
        "@router.get('', summary='List shelves')\nasync def shelves() -> list[str]:\n"
        "    return []\n\n\n"
        "@router.get('/{shelf_id}', description='One shelf by its id.')\n"
        "async def shelf(shelf_id: int) -> str:\n    return ''\n\n\n"
    ),
}


def _documented_app(routes: str, title: str = "title='Library', version='1'") -> str:
    return (
        "from fastapi import APIRouter, FastAPI\n\n"
        "router = APIRouter(prefix='/shelves', tags=['shelves'])\n\n\n"
        + routes
        + "@router.delete('/{shelf_id}')\nasync def drop(shelf_id: int) -> None:\n"
        "    return None\n\n\n"
        f"app = FastAPI({title})\napp.include_router(router)\n"
    )


@pytest.mark.parametrize("spelling", sorted(DOCUMENTED))
def test_healthy_docs_document_the_endpoints_not_only_the_app(
    tmp_path: Path, spelling: str
) -> None:
    files = {"main.py": _documented_app(DOCUMENTED[spelling]), "requirements.txt": "fastapi\n"}
    documented = _signal(tmp_path / "documented", files, "documentation")
    assert documented == (2, "accurate OpenAPI, endpoints documented (67% of routes)")
    # Title, version, tags and typed responses, but no endpoint says what it does:
    # accurate docs that someone shaped; docstrings raise the quality score only.
    bare = DOCUMENTED[spelling].replace('    """Every shelf, by name."""\n', "")
    bare = bare.replace('    """One shelf."""\n', "").replace(", summary='List shelves'", "")
    bare = bare.replace(", description='One shelf by its id.'", "")
    points, summary = _signal(
        tmp_path / "bare", files | {"main.py": _documented_app(bare)}, "documentation"
    )
    assert (points, summary) == (
        2,
        "accurate OpenAPI: the app described, routes tagged (0% with docstrings)",
    )
    # A title alone with the tags, nothing said of the endpoints: not described.
    titled = _documented_app(bare, title="title='Library'")
    points, summary = _signal(tmp_path / "titled", files | {"main.py": titled}, "documentation")
    assert (points, summary) == (
        1,
        "accurate OpenAPI, but the app has no title with a description or version, and 0% "
        "of routes have a summary, description or docstring",
    )


# ---------------------------------------------- one origin list, localhost among them

CORS_APP = (
    "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\n"
    "from shop.config import settings\n\n"
    "app = FastAPI()\n"
    "app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, "
    "allow_credentials=True)\n"
)
CORS_SETTINGS = (
    "from pydantic_settings import BaseSettings\n\n\n"
    "class Settings(BaseSettings):\n"
    "    cors_origins: list[str] = ['http://localhost:5173', 'http://127.0.0.1:5173']\n\n\n"
    "settings = Settings()\n"
)
SAME_EVERYWHERE = {
    # A settings default that no environment sets otherwise.
    "settings": ({"shop/main.py": CORS_APP, "shop/config.py": CORS_SETTINGS}, "shop/main.py:7"),
    # A list in the module, localhost only.
    "module": (
        {
            "shop/main.py": CORS_APP.replace("from shop.config import settings\n\n", "")
            .replace("settings.cors_origins", "ORIGINS")
            .replace("app = FastAPI()\n", "ORIGINS = ['http://localhost:3000']\napp = FastAPI()\n")
        },
        "shop/main.py:6",
    ),
}


@pytest.mark.parametrize("spelling", sorted(SAME_EVERYWHERE))
def test_localhost_origins_the_same_in_every_environment_are_not_per_environment(
    tmp_path: Path, spelling: str
) -> None:
    files, at = SAME_EVERYWHERE[spelling]
    files = files | {"shop/__init__.py": "", "requirements.txt": "fastapi\npydantic-settings\n"}
    passed, summary, evidence = _security(tmp_path / spelling, files, "cors")
    assert (passed, summary) == (
        False,
        "the same origins, localhost among them, in every environment",
    )
    assert [e.rpartition(" @ ")[2] for e in evidence] == [at]


PER_ENVIRONMENT = {
    # No localhost in the default: production's origins come from its environment.
    "no_localhost": {
        "shop/config.py": CORS_SETTINGS.replace(
            "['http://localhost:5173', 'http://127.0.0.1:5173']", "[]"
        )
    },
    # The variable is set in the compose file a deployment runs.
    "compose": {
        "docker-compose.yml": (
            "services:\n  api:\n    build: .\n    environment:\n"
            "      CORS_ORIGINS: '[\"https://shop.example\"]'\n"
        )
    },
    # A settings class of production sets the field again.
    "subclass": {
        "shop/config.py": CORS_SETTINGS.replace(
            "settings = Settings()\n",
            "class ProductionSettings(Settings):\n"
            "    cors_origins: list[str] = ['https://shop.example']\n\n\n"
            "settings = Settings()\n",
        )
    },
    # The middleware is added under a test of the environment.
    "switched": {
        "shop/main.py": CORS_APP.replace(
            "app.add_middleware(",
            "if settings.environment == 'development':\n    app.add_middleware(",
        ),
        "shop/config.py": CORS_SETTINGS.replace(
            "    cors_origins", "    environment: str = 'production'\n    cors_origins"
        ),
    },
}


@pytest.mark.parametrize("spelling", sorted(PER_ENVIRONMENT))
def test_origins_set_per_environment_pass(tmp_path: Path, spelling: str) -> None:
    files = {
        "shop/__init__.py": "",
        "shop/main.py": CORS_APP,
        "shop/config.py": CORS_SETTINGS,
        "requirements.txt": "fastapi\npydantic-settings\n",
    }
    passed, summary, evidence = _security(
        tmp_path / spelling, files | PER_ENVIRONMENT[spelling], "cors"
    )
    assert (passed, summary) == (True, "origins restricted"), evidence


# ------------------------------------------------ JWTs issued that no route asks for

ISSUED_ONLY = {
    # A login route encodes a token; a verifying helper exists that nothing calls.
    "helper": (
        "def verify(token: str) -> str:\n"
        "    return str(jwt.decode(token, os.environ['KEY'], ['HS256'])['sub'])\n"
    ),
    # A bearer scheme declared, never depended on.
    "scheme": (
        "from fastapi.security import OAuth2PasswordBearer\n\n"
        "scheme = OAuth2PasswordBearer(tokenUrl='login')\n"
    ),
}


@pytest.mark.parametrize("spelling", sorted(ISSUED_ONLY))
def test_jwts_issued_that_no_route_verifies_are_no_auth(tmp_path: Path, spelling: str) -> None:
    main = (
        "import os\n\nimport jwt\nfrom fastapi import FastAPI\n"
        + ISSUED_ONLY[spelling]
        + "\n\napp = FastAPI()\n\n\n"
        "@app.post('/login')\ndef login(name: str) -> str:\n"
        "    return jwt.encode({'sub': name}, os.environ['KEY'], 'HS256')\n\n\n"
        "@app.get('/accounts')\ndef accounts() -> list[str]:\n    return []\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\npyjwt\n"}
    points, summary = _signal(tmp_path / spelling, files, "auth")
    assert (points, summary) == (0, "JWTs are issued, but no route requires or verifies one")


# ------------------------------------------- Dependabot's first configuration format

LEGACY_BOTS = {
    # The Python packages alone, the manager quoted.
    "alone": 'version: 1\nupdate_configs:\n  - package_manager: "python"\n    directory: "/"\n',
    # Among other managers, unquoted, in the .yaml spelling.
    "among": (
        "version: 1\nupdate_configs:\n"
        "  - package_manager: javascript\n    directory: /web\n"
        "  - package_manager: python\n    directory: /api\n    update_schedule: daily\n"
    ),
}


@pytest.mark.parametrize("spelling", sorted(LEGACY_BOTS))
def test_dependabot_in_its_first_format_watches_the_python_dependencies(
    tmp_path: Path, spelling: str
) -> None:
    app = {"main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n", "requirements.txt": ""}
    name = ".dependabot/config.yaml" if spelling == "among" else ".dependabot/config.yml"
    files = app | {name: LEGACY_BOTS[spelling]}
    passed, summary, evidence = _security(tmp_path / "watched", files, "dependency_scanning")
    assert (passed, summary) == (True, "dependencies are scanned")
    assert evidence[0].startswith("dependencies watched by Dependabot @ .dependabot/config.y")
    # Watching only another ecosystem's packages scans nothing of the API's.
    other = {name: "version: 1\nupdate_configs:\n  - package_manager: javascript\n"}
    passed, _, _ = _security(tmp_path / "other", app | other, "dependency_scanning")
    assert passed is False


# ------------------------------------------------------------ a gate kept by Codecov

CODECOV = {
    # The default project status, a percentage, at the root under a dotted name.
    "dotted": (".codecov.yml", "coverage:\n  status:\n    project:\n      default:\n{spec}"),
    # A named project status, a bare number, in .github/ (Codecov reads it there too).
    "github": (
        ".github/.codecov.yml",
        "codecov:\n  notify:\n    wait_for_ci: true\n"
        "coverage:\n  status:\n    patch: off\n    project:\n      api:\n{spec}",
    ),
}
CI_COV = (
    "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - run: pytest --cov=shop --cov-report=xml\n"
    "      - uses: codecov/codecov-action@v4\n"
)


@pytest.mark.parametrize("spelling", sorted(CODECOV))
def test_a_codecov_project_target_of_80_is_the_coverage_gate(tmp_path: Path, spelling: str) -> None:
    name, config = CODECOV[spelling]
    target = "        target: 80%\n" if spelling == "dotted" else "        target: 90\n"

    def testing(root: Path, spec: str, ci: str = CI_COV) -> tuple[int, str]:
        files = {name: config.format(spec=spec), ".github/workflows/ci.yml": ci}
        _write(root, files)
        # Async tests that request 3 of the 5 routes: short of the healthy column alone.
        return _testing(root, REQUESTS["plain"][:3])

    gated = testing(tmp_path / "gated", target + "        threshold: 1%\n")
    assert gated == (2, f"async tests under a coverage gate of {target.split()[1].strip('%')}%")
    short = (1, "async tests, but no coverage gate of 80% or more")
    measured = (2, "async tests, their coverage measured (no gate)")
    # auto follows the base commit: no gate, but CI measures the coverage.
    assert testing(tmp_path / "auto", "        target: auto\n") == measured
    # 70% is a gate under the playbook's 80%: the figure aimed at is lower.
    assert testing(tmp_path / "low", "        target: 70%\n") == short
    # A status that is only informational never fails the pull request: measured only.
    assert testing(tmp_path / "told", target + "        informational: true\n") == measured
    # Nothing measured in CI: Codecov is sent no coverage to hold to its target.
    plain = CI_COV.replace(" --cov=shop --cov-report=xml", "").replace(
        "      - uses: codecov/codecov-action@v4\n", ""
    )
    assert testing(tmp_path / "unmeasured", target, plain) == short


# ------------------------------------------------------ logging that nothing sets up

UNHEARD = {
    # A module logger in the database module, two info calls around connecting.
    "module": (
        "import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
        "async def connect() -> None:\n    logger.info('connecting')\n"
        "    logger.info('connected')\n"
    ),
    # The root logger's functions, called from the cache module.
    "root": (
        "import logging\n\n\n"
        "def warm() -> None:\n    logging.info('cache warm')\n    logging.debug('keys loaded')\n"
    ),
}
SET_UP = {
    "basic": "import logging\n\nlogging.basicConfig(level=logging.INFO)\n",
    "dict": (
        "from logging.config import dictConfig\n\n"
        "dictConfig({'version': 1, 'root': {'level': 'INFO'}})\n"
    ),
    "handler": (
        "import logging\n\nhandler = logging.StreamHandler()\n"
        "logging.getLogger().addHandler(handler)\n"
    ),
    # uvicorn's own logger, which the server gives a handler.
    "server": "import logging\n\nlog = logging.getLogger('uvicorn.error')\n",
}


@pytest.mark.parametrize("spelling", sorted(UNHEARD))
def test_standard_logging_never_set_up_in_one_module_is_no_logging(
    tmp_path: Path, spelling: str
) -> None:
    app = (
        "from fastapi import FastAPI\n\nfrom shop import infra\n\napp = FastAPI()\n\n\n"
        "@app.get('/items')\nasync def items() -> list[str]:\n    return []\n"
    )
    files = {
        "shop/__init__.py": "",
        "shop/main.py": app,
        "shop/infra.py": UNHEARD[spelling],
        "requirements.txt": "fastapi\n",
    }
    points, summary = _signal(tmp_path / "unheard", files, "observability")
    assert points == 0 and summary.startswith("logging never set up: 2 log calls in shop/infra.py")
    heard = (1, "standard logging, neither structured nor traced")
    # Set up anywhere in the app, the same calls are heard.
    for name, setup in SET_UP.items():
        configured = files | {"shop/logs.py": setup}
        assert _signal(tmp_path / name, configured, "observability") == heard, name
    # Loggers the app calls in a second module (a route) are logging too.
    routed = app.replace("    return []\n", "    infra.log.info('listing')\n    return []\n")
    spread = files | {"shop/main.py": routed}
    assert _signal(tmp_path / "spread", spread, "observability") == heard


# --------------------------------------- a signing key wrapped around an environment fallback

WRAPPED_KEYS = {
    # starlette's Secret around os.getenv with a fallback, in a module of constants.
    "starlette": (
        "shop/config.py",
        "import os\n\nfrom starlette.datastructures import Secret\n\n"
        "SECRET_KEY = Secret(os.getenv('SECRET_KEY', 'secret key for project'))\n",
        "from .config import SECRET_KEY\n",
        "str(SECRET_KEY)",
        "shop/config.py:5",
    ),
    # str() around os.environ.get, set on the instance in a plain settings class's __init__.
    "init": (
        "shop/settings.py",
        "import os\n\n\nclass Settings:\n"
        "    def __init__(self) -> None:\n"
        "        self.JWT_SECRET = str(os.environ.get('JWT_SECRET', 'dev-secret'))\n"
        "        self.JWT_ALGORITHM = 'HS256'\n\n\n"
        "settings = Settings()\n",
        "from .settings import settings\n",
        "settings.JWT_SECRET",
        "shop/settings.py:6",
    ),
    # Secret around os.environ.get as a class attribute of a plain Config class.
    "attribute": (
        "shop/conf.py",
        "import os\n\nfrom starlette.datastructures import Secret\n\n\nclass Config:\n"
        "    SIGNING_KEY = Secret(os.environ.get('SIGNING_KEY', 'not-so-secret'))\n\n\n"
        "config = Config()\n",
        "from .conf import config\n",
        "str(config.SIGNING_KEY)",
        "shop/conf.py:7",
    ),
}


def _signing_app(imports: str, key: str) -> str:
    return (
        "import jwt\nfrom fastapi import Depends, FastAPI\n"
        "from fastapi.security import OAuth2PasswordBearer\n\n" + imports + "\n"
        "app = FastAPI()\nscheme = OAuth2PasswordBearer(tokenUrl='token')\n\n\n"
        "def user(token: str = Depends(scheme)) -> str:\n"
        f"    return str(jwt.decode(token, {key}, algorithms=['HS256'])['sub'])\n\n\n"
        "@app.get('/me')\ndef me(name: str = Depends(user)) -> str:\n    return name\n"
    )


@pytest.mark.parametrize("spelling", sorted(WRAPPED_KEYS))
def test_a_literal_fallback_inside_a_wrapped_environment_read_is_a_secret_in_code(
    tmp_path: Path, spelling: str
) -> None:
    path, config, imports, key, at = WRAPPED_KEYS[spelling]
    files = {
        "shop/__init__.py": "",
        path: config,
        "shop/main.py": _signing_app(imports, key),
        "requirements.txt": "fastapi\npyjwt\n",
    }
    passed, summary, evidence = _security(tmp_path / "fallback", files, "jwt_secret")
    assert (passed, summary) == (False, "secret in code"), evidence
    assert any(e.endswith(f"@ {at}") and "hardcoded" in e for e in evidence), evidence
    # Without the fallback, the same wrapping reads the key from the environment.
    bare = re.sub(r", '[^']+'\)\)", "))", config)
    passed, summary, evidence = _security(tmp_path / "bare", files | {path: bare}, "jwt_secret")
    assert (passed, summary) == (True, "signing key read from the environment"), evidence


# ------------------------------------------- a Kubernetes Secret committed in any folder

K8S_SECRETS = {
    # stringData in a secret.yaml at the root, the variable named as a signing key.
    "root": (
        "secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop\n"
        "stringData:\n  JWT_SECRET: secret\n",
        "secret.yaml:6",
    ),
    # base64 data ("secret") in the second document of a file in a folder of its own,
    # the variable the settings field reads.
    "cluster": (
        "cluster/shop.yml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shop\ndata:\n  LOG_LEVEL: info\n"
        "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: shop\ntype: Opaque\n"
        "data:\n  SECRET_KEY: c2VjcmV0\n",
        "cluster/shop.yml:14",
    ),
}
SIGNING_FIELD = (
    "from pydantic import SecretStr\nfrom pydantic_settings import BaseSettings\n\n\n"
    "class Settings(BaseSettings):\n    secret_key: SecretStr\n\n\nsettings = Settings()\n"
)


@pytest.mark.parametrize("spelling", sorted(K8S_SECRETS))
def test_a_kubernetes_secret_committed_in_any_folder_sets_the_signing_key(
    tmp_path: Path, spelling: str
) -> None:
    path, manifest, at = K8S_SECRETS[spelling]
    files = {
        "shop/__init__.py": "",
        "shop/config.py": SIGNING_FIELD,
        "shop/main.py": _signing_app(
            "from .config import settings\n", "settings.secret_key.get_secret_value()"
        ),
        "requirements.txt": "fastapi\npyjwt\npydantic-settings\n",
        path: manifest,
        # Other YAML that names the variable is not a Secret the cluster applies.
        "openapi.yaml": "components:\n  schemas:\n    Login:\n      SECRET_KEY: example\n"
        "      JWT_SECRET: string\n",
    }
    passed, summary, evidence = _security(tmp_path / "committed", files, "jwt_secret")
    assert (passed, summary) == (False, "secret in code"), evidence
    assert any(e.endswith(f"@ {at}") and "committed" in e for e in evidence), evidence
    # A Helm template's Secret takes its values from the chart's values: none committed.
    template = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: '{{ .Release.Name }}'\n"
        "data:\n  SECRET_KEY: '{{ .Values.secretKey | b64enc }}'\n"
        'stringData:\n  JWT_SECRET: "{{ required \\"set it\\" .Values.jwtSecret }}"\n'
    )
    files = {k: v for k, v in files.items() if k != path} | {
        "chart/templates/secret.yaml": template
    }
    files["chart/Chart.yaml"] = "apiVersion: v2\nname: shop\nversion: 0.1.0\n"
    passed, summary, evidence = _security(tmp_path / "templated", files, "jwt_secret")
    assert (passed, summary) == (True, "signing key read from the environment"), evidence


@pytest.mark.parametrize(
    "path", ["k8s/secret.example.yaml", "deploy/shop-secret.sample.yml", "secret-template.yaml"]
)
def test_an_example_secret_manifest_is_a_template_not_a_committed_value(
    tmp_path: Path, path: str
) -> None:
    # What a person copies and fills in, as .env.example's values: the same manifest
    # named as a plain secret.yaml is a committed value (the test above).
    manifest = K8S_SECRETS["root"][1]
    files = {
        "shop/__init__.py": "",
        "shop/config.py": SIGNING_FIELD,
        "shop/main.py": _signing_app(
            "from .config import settings\n", "settings.secret_key.get_secret_value()"
        ),
        "requirements.txt": "fastapi\npyjwt\npydantic-settings\n",
        path: manifest,
    }
    passed, summary, evidence = _security(tmp_path / "example", files, "jwt_secret")
    assert (passed, summary) == (True, "signing key read from the environment"), evidence
    files[path.replace(".example", "").replace(".sample", "").replace("-template", "")] = manifest
    passed, summary, evidence = _security(tmp_path / "both", files, "jwt_secret")
    assert (passed, summary) == (False, "secret in code"), evidence


# ------------------------------- an access lifetime in days or hours with an env default

COARSE_DEFAULTS = {
    # Set on the instance in a plain settings class's __init__, from os.getenv's default.
    "init": (
        "import os\n\n\nclass Settings:\n"
        "    def __init__(self) -> None:\n"
        "        self.JWT_SECRET = os.environ['JWT_SECRET']\n"
        "        self.JWT_ACCESS_TOKEN_EXPIRE_DAYS = int(\n"
        "            os.getenv('JWT_ACCESS_TOKEN_EXPIRE_DAYS', '30')\n"
        "        )\n\n\n"
        "settings = Settings()\n",
        "from .config import settings\n",
        "days=settings.JWT_ACCESS_TOKEN_EXPIRE_DAYS",
        ("30 days", "shop/config.py:7"),
    ),
    # The same in hours, the instance made by a cached factory the token helper calls.
    "factory": (
        "import os\nfrom functools import lru_cache\n\n\nclass AppConfig:\n"
        "    def __init__(self) -> None:\n"
        "        self.JWT_SECRET = os.environ['JWT_SECRET']\n"
        "        self.ACCESS_TOKEN_EXPIRE_HOURS = int(\n"
        "            os.environ.get('ACCESS_TOKEN_EXPIRE_HOURS', 12)\n"
        "        )\n"
        "\n\n@lru_cache\ndef get_config() -> AppConfig:\n    return AppConfig()\n",
        "from .config import get_config\n\nsettings = get_config()\n",
        "hours=settings.ACCESS_TOKEN_EXPIRE_HOURS",
        ("12 hours", "shop/config.py:8"),
    ),
}


@pytest.mark.parametrize("spelling", sorted(COARSE_DEFAULTS))
def test_an_access_lifetime_defaulted_in_days_or_hours_is_its_lifetime(
    tmp_path: Path, spelling: str
) -> None:
    config, imports, lifetime, (duration, at) = COARSE_DEFAULTS[spelling]
    main = (
        "from datetime import datetime, timedelta, timezone\n\n"
        + _signing_app(imports, "settings.JWT_SECRET")
        + "\n\ndef access_token(sub: str) -> str:\n"
        f"    expire = datetime.now(timezone.utc) + timedelta({lifetime})\n"
        "    claims = {'sub': sub, 'exp': expire}\n"
        "    return jwt.encode(claims, settings.JWT_SECRET, algorithm='HS256')\n"
    )
    files = {
        "shop/__init__.py": "",
        "shop/config.py": config,
        "shop/main.py": main,
        "requirements.txt": "fastapi\npyjwt\n",
    }
    passed, summary, evidence = _security(tmp_path / "long", files, "token_expiry")
    assert (passed, summary) == (False, f"access tokens live {duration}"), evidence
    assert any(e.endswith(f"@ {at}") for e in evidence), evidence
    # The same defaults counted in minutes are within the limit.
    files["shop/main.py"] = main.replace(lifetime, _in_minutes(lifetime))
    files["shop/config.py"] = _in_minutes(config)
    passed, summary, evidence = _security(tmp_path / "short", files, "token_expiry")
    assert (passed, summary) == (True, "token lifetimes within the limits"), evidence


def _in_minutes(text: str) -> str:
    for unit in ("DAYS", "HOURS"):
        text = text.replace(f"EXPIRE_{unit}", "EXPIRE_MINUTES")
    return text.replace("days=", "minutes=").replace("hours=", "minutes=")


# ------------------------------------ origins from a settings helper that defaults to "*"

WILDCARD_DEFAULTS = {
    # A helper of the project reads a comma list from the environment, "*" when unset,
    # set on the instance in a plain settings class's __init__.
    "helper": (
        "import os\n\n\n"
        "def parse_list_from_env(name: str, default: list[str]) -> list[str]:\n"
        "    raw = os.getenv(name)\n"
        "    return [o.strip() for o in raw.split(',')] if raw else default\n\n\n"
        "class Settings:\n"
        "    def __init__(self) -> None:\n"
        "        self.ALLOWED_ORIGINS = parse_list_from_env('ALLOWED_ORIGINS', ['*'])\n\n\n"
        "settings = Settings()\n",
        "from .config import settings\n",
        "settings.ALLOWED_ORIGINS",
    ),
    # A helper module's env_list with default=, a class attribute of a plain Config.
    "module": (
        "from . import envtools\n\n\n"
        "class Config:\n"
        "    CORS_ORIGINS = envtools.env_list('CORS_ORIGINS', default=['*'])\n\n\n"
        "def get_config() -> Config:\n    return Config()\n",
        "from .config import get_config\n",
        "get_config().CORS_ORIGINS",
    ),
    # A pydantic settings field whose default is ["*"], through a cached factory.
    "pydantic": (
        "from functools import lru_cache\n\nfrom pydantic import Field\n"
        "from pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n"
        "    allowed_origins: list[str] = Field(default=['*'])\n\n\n"
        "@lru_cache\ndef get_settings() -> Settings:\n    return Settings()\n",
        "from .config import get_settings\n",
        "get_settings().allowed_origins",
    ),
}
ENVTOOLS = (
    "import os\n\n\ndef env_list(name: str, default: list[str]) -> list[str]:\n"
    "    raw = os.environ.get(name, '')\n"
    "    return raw.split(',') if raw else default\n"
)


@pytest.mark.parametrize("spelling", sorted(WILDCARD_DEFAULTS))
def test_origins_a_setting_defaults_to_a_wildcard_with_credentials_fail(
    tmp_path: Path, spelling: str
) -> None:
    config, imports, origins = WILDCARD_DEFAULTS[spelling]
    main = (
        "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\n"
        + imports
        + "\napp = FastAPI()\napp.add_middleware(\n    CORSMiddleware,\n"
        f"    allow_origins={origins},\n    allow_credentials=True,\n)\n\n\n"
        "@app.get('/ping')\nasync def ping() -> str:\n    return 'pong'\n"
    )
    files = {
        "shop/__init__.py": "",
        "shop/config.py": config,
        "shop/envtools.py": ENVTOOLS,
        "shop/main.py": main,
        "requirements.txt": "fastapi\npydantic-settings\n",
    }
    passed, summary, evidence = _security(tmp_path / "wildcard", files, "cors")
    assert (passed, summary) == (False, "any origin may call the API with credentials"), evidence
    assert any("allows '*'" in e and e.endswith("@ shop/main.py:7") for e in evidence), evidence
    # A default of the production origin is restricted.
    listed = config.replace("['*']", "['https://shop.example']")
    passed, summary, evidence = _security(
        tmp_path / "listed", files | {"shop/config.py": listed}, "cors"
    )
    assert (passed, summary) == (True, "origins restricted"), evidence


# ------------------------------------------- credential routes a library's router serves

USERS = (
    "import os\nimport uuid\n\nfrom fastapi_users import FastAPIUsers\n"
    "from fastapi_users.authentication import AuthenticationBackend, BearerTransport, JWTStrategy\n"
    "\n\nasync def get_user_manager():\n    yield None\n\n\n"
    "def get_jwt_strategy() -> JWTStrategy:\n"
    "    return JWTStrategy(secret=os.environ['USERS_SECRET'], lifetime_seconds=900)\n\n\n"
    "auth_backend = AuthenticationBackend(\n"
    "    name='jwt', transport=BearerTransport(tokenUrl='auth/jwt/login'),"
    " get_strategy=get_jwt_strategy\n)\n"
    "fastapi_users = FastAPIUsers[dict, uuid.UUID](get_user_manager, [auth_backend])\n"
    "current_user = fastapi_users.current_user(active=True)\n"
)
LIBRARY_ROUTES = {
    # fastapi-users' login, register and reset routers included on the app.
    "app": (
        "from fastapi_limiter.depends import RateLimiter\n\n"
        "from .users import auth_backend, fastapi_users\n\n"
        "app.include_router(\n    fastapi_users.get_auth_router(auth_backend),\n"
        "    prefix='/auth/jwt',\n    dependencies=[],\n)\n"
        "app.include_router(fastapi_users.get_register_router(), prefix='/auth')\n"
        "app.include_router(fastapi_users.get_reset_password_router(), prefix='/auth')\n",
        "dependencies=[]",
        "dependencies=[Depends(RateLimiter(times=5, seconds=60))]",
        ("1 credential endpoint(s)", "POST /auth/jwt/login (get_auth_router)", "shop/main.py:17"),
    ),
    # Register and reset (no login router) on a router of the app's, itself included.
    "router": (
        "from fastapi import APIRouter, HTTPException, Request\n\n"
        "from .users import fastapi_users\n\nseen: dict[str, int] = {}\n\n\n"
        "async def throttle(request: Request) -> None:\n"
        "    host = request.client.host if request.client else '?'\n"
        "    seen[host] = seen.get(host, 0) + 1\n"
        "    if seen[host] > 10:\n        raise HTTPException(status_code=429)\n\n\n"
        "accounts = APIRouter(prefix='/accounts')\n"
        "accounts.include_router(fastapi_users.get_register_router())\n"
        "accounts.include_router(fastapi_users.get_reset_password_router())\n"
        "app.include_router(accounts, prefix='/v1')\n",
        "APIRouter(prefix='/accounts')",
        "APIRouter(prefix='/accounts', dependencies=[Depends(throttle)])",
        ("2 credential endpoint(s)", "POST /v1/accounts/register", "shop/main.py:28"),
    ),
}


@pytest.mark.parametrize("spelling", sorted(LIBRARY_ROUTES))
def test_credential_routes_a_library_router_serves_must_be_rate_limited(
    tmp_path: Path, spelling: str
) -> None:
    routes, bare, guarded, (count, route, at) = LIBRARY_ROUTES[spelling]
    main = (
        "from fastapi import Depends, FastAPI\n\n"
        "from .users import current_user\n\napp = FastAPI()\n\n\n"
        "@app.get('/me')\nasync def me(user: dict = Depends(current_user)) -> str:\n"
        "    return 'me'\n\n\n" + routes
    )
    files = {
        "shop/__init__.py": "",
        "shop/users.py": USERS,
        "shop/main.py": main,
        "requirements.txt": "fastapi\nfastapi-users\nfastapi-limiter\n",
    }
    passed, summary, evidence = _security(tmp_path / "open", files, "auth_rate_limit")
    assert (passed, summary) == (False, f"{count} without a rate limit"), evidence
    assert any(e.startswith(route) and e.endswith(f"@ {at}") for e in evidence), evidence
    # A limiter handed to include_router, or to the router above, runs before them all.
    limited = main.replace(bare, guarded)
    passed, summary, evidence = _security(
        tmp_path / "limited", files | {"shop/main.py": limited}, "auth_rate_limit"
    )
    assert (passed, summary) == (True, "auth endpoints rate-limited"), evidence


# ---------------------------------- table names from a constant list, values bound apart

NAMED_TABLES = {
    # A settings class lists the tables; each statement binds the thread id.
    "settings": (
        "shop/config.py",
        "class Settings:\n"
        "    CHECKPOINT_TABLES = ['checkpoints', 'checkpoint_writes', 'checkpoint_blobs']\n\n\n"
        "settings = Settings()\n",
        "from .config import settings\n",
        "settings.CHECKPOINT_TABLES",
        "f'DELETE FROM {table} WHERE thread_id = %s', (thread_id,)",
    ),
    # A module of constants holds a tuple of names; a named parameter binds the value.
    "module": (
        "shop/tables.py",
        "PURGED = ('sessions', 'carts', 'wishlists')\n",
        "from . import tables\n",
        "tables.PURGED",
        "f'DELETE FROM {table} WHERE owner = %(owner)s', {'owner': thread_id}",
    ),
}


@pytest.mark.parametrize("spelling", sorted(NAMED_TABLES))
def test_table_names_from_a_constant_list_with_bound_values_are_safe_sql(
    tmp_path: Path, spelling: str
) -> None:
    path, names, imports, tables, statement = NAMED_TABLES[spelling]
    main = (
        "import psycopg\nfrom fastapi import FastAPI\n\n" + imports + "\napp = FastAPI()\n\n\n"
        "@app.delete('/threads/{thread_id}')\n"
        "def forget(thread_id: str) -> str:\n"
        "    with psycopg.connect('dbname=shop') as connection:\n"
        "        with connection.cursor() as cursor:\n"
        f"            for table in {tables}:\n"
        f"                cursor.execute({statement})\n"
        "    return thread_id\n"
    )
    files = {
        "shop/__init__.py": "",
        path: names,
        "shop/main.py": main,
        "requirements.txt": "fastapi\npsycopg\n",
    }
    passed, summary, evidence = _security(tmp_path / "bound", files, "sql_injection")
    assert passed, evidence
    assert summary.startswith("1 SQL statement(s) in application code, each constant"), summary
    # The value formatted into the text beside the name is still built from a value.
    built = main.replace("%s', (thread_id,)", "{thread_id}'").replace(
        "%(owner)s', {'owner': thread_id}", "{thread_id}'"
    )
    passed, summary, evidence = _security(
        tmp_path / "built", files | {"shop/main.py": built}, "sql_injection"
    )
    assert (passed, summary) == (False, "1 query(ies) built from values"), evidence
    assert any(e.endswith("@ shop/main.py:14") for e in evidence), evidence


# ------------------------------------- a JWT decoded by helpers the dependency calls, a few down

DECODED_BELOW = {
    # The dependency hands the token to a checker, which asks a service to decode it.
    "chain": (
        {
            "auth/services.py": (
                "import os\n\nimport jwt\n\n\n"
                "async def decode_token(token: str) -> dict[str, str] | None:\n"
                "    try:\n"
                "        return dict(jwt.decode(token, os.environ['KEY'], ['HS256']))\n"
                "    except jwt.PyJWTError:\n        return None\n\n\n"
                "async def access(token: str, roles: list[str]) -> dict[str, str] | None:\n"
                "    payload = await decode_token(token)\n"
                "    return payload if payload and payload.get('role') in roles else None\n"
            ),
            "auth/deps.py": (
                "from fastapi import Depends, HTTPException, Request\n\n"
                "from auth.services import access\n\n\n"
                "async def bearer(request: Request) -> str:\n"
                "    scheme, _, token = request.headers.get('Authorization', '').partition(' ')\n"
                "    if scheme.lower() != 'bearer' or not token:\n"
                "        raise HTTPException(401, 'Invalid Authorization header')\n"
                "    return token\n\n\n"
                "async def checked(token: str, roles: list[str]) -> dict[str, str]:\n"
                "    if user := await access(token, roles):\n        return user\n"
                "    raise HTTPException(401, 'Invalid or expired token')\n\n\n"
                "async def member(token: str = Depends(bearer)) -> dict[str, str]:\n"
                "    return await checked(token, ['member', 'admin'])\n"
            ),
        },
        "member",
    ),
    # A method of a verifier object, called by the dependency, decodes through a helper.
    "method": (
        {
            "security.py": (
                "import os\n\nfrom jose import jwt\n\n\n"
                "def claims_of(token: str) -> dict[str, str]:\n"
                "    return dict(jwt.decode(token, os.environ['KEY'], algorithms=['HS256']))\n\n\n"
                "class Verifier:\n"
                "    def subject(self, token: str) -> str:\n"
                "        return self.checked(token)['sub']\n\n"
                "    def checked(self, token: str) -> dict[str, str]:\n"
                "        return claims_of(token)\n\n\n"
                "verifier = Verifier()\n"
            ),
            "auth/deps.py": (
                "from fastapi import Header\n\nfrom security import verifier\n\n\n"
                "def member(authorization: str = Header()) -> str:\n"
                "    return verifier.subject(authorization.removeprefix('Bearer '))\n"
            ),
        },
        "member",
    ),
}


@pytest.mark.parametrize("spelling", sorted(DECODED_BELOW))
def test_a_jwt_decoded_by_helpers_the_dependency_calls_is_jwt_by_injection(
    tmp_path: Path, spelling: str
) -> None:
    modules, dependency = DECODED_BELOW[spelling]
    app = (
        "from fastapi import Depends, FastAPI\n\n"
        f"from auth.deps import {dependency}\n\n"
        "app = FastAPI()\n\n\n"
        f"@app.get('/me')\ndef me(user: object = Depends({dependency})) -> str:\n"
        "    return str(user)\n"
    )
    files = {"main.py": app, "auth/__init__.py": "", "requirements.txt": "fastapi\npyjwt\n"}
    points, summary = _signal(tmp_path / "below", files | modules, "auth")
    assert (points, summary) == (2, "JWT verified by dependency injection on 1 of 1 routes")
    # The same dependency whose helpers never decode anything verifies no JWT.
    undecoded = {
        name: text.replace("jwt.decode(", "dict(")
        .replace(", os.environ['KEY'], ['HS256'])", ")")
        .replace(", os.environ['KEY'], algorithms=['HS256'])", ")")
        for name, text in modules.items()
    }
    points, _ = _signal(tmp_path / "plain", files | undecoded, "auth")
    assert points < 2


# --------------------------- the repository's Dependabot, at its top, watching the project's folder

WATCHED = {
    # One entry naming the project's folder.
    "directory": "  - package-ecosystem: pip\n    directory: /backend\n",
    # Dependabot's list of directories, the project's among them.
    "directories": "  - package-ecosystem: uv\n    directories:\n      - /\n      - /backend/\n",
}


@pytest.mark.parametrize("spelling", sorted(WATCHED))
def test_the_repository_s_dependabot_watching_the_project_s_folder_scans_it(
    tmp_path: Path, spelling: str
) -> None:
    app = {
        "backend/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "backend/requirements.txt": "fastapi\n",
    }
    bot = "version: 2\nupdates:\n" + WATCHED[spelling] + "    schedule:\n      interval: weekly\n"
    top = _write(tmp_path / "watched", app | {".github/dependabot.yml": bot})
    git(top, "init", "-q")
    passed, _, evidence = _security(top / "backend", {}, "dependency_scanning")
    assert (passed, evidence) == (
        True,
        ["dependencies watched by Dependabot @ ../.github/dependabot.yml:3"],
    )
    # An entry for another folder (the root, a frontend's npm) watches none of the project's.
    other = bot.replace("/backend", "/frontend").replace("      - /\n", "")
    top = _write(tmp_path / "other", app | {".github/dependabot.yml": other})
    git(top, "init", "-q")
    passed, summary, _ = _security(top / "backend", {}, "dependency_scanning")
    assert (passed, summary) == (False, "dependencies are not scanned")


# ------------------- CORS origins the repository's compose gives the project's service, at its top

SET_ABOVE = {
    # A settings field, split into a local list named after it.
    "local": (
        "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n"
        "from pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n"
        "    allowed_origins: str = 'http://localhost:3000,http://localhost:5173'\n\n\n"
        "settings = Settings()\n"
        "allowed_origins = settings.allowed_origins.split(',')\n"
        "app = FastAPI()\n"
        "app.add_middleware(CORSMiddleware, allow_origins=allowed_origins,"
        " allow_credentials=True)\n",
        "      - ALLOWED_ORIGINS=https://shop.example.com\n",
    ),
    # The settings field used as it is, given as a mapping in compose.
    "field": (
        "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n"
        "from pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n"
        "    cors_origins: list[str] = ['http://localhost:3000']\n\n\n"
        "settings = Settings()\n"
        "app = FastAPI()\n"
        "app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,"
        " allow_credentials=True)\n",
        "      CORS_ORIGINS: '[\"https://shop.example.com\"]'\n",
    ),
}


@pytest.mark.parametrize("spelling", sorted(SET_ABOVE))
def test_cors_origins_the_repository_s_compose_gives_the_project_are_set_per_environment(
    tmp_path: Path, spelling: str
) -> None:
    main, environment = SET_ABOVE[spelling]
    app = {"api/main.py": main, "api/requirements.txt": "fastapi\npydantic-settings\n"}
    listed = "    environment:\n" + environment
    compose = "services:\n  api:\n    build: ./api\n" + listed + "  web:\n    image: nginx\n"
    top = _write(tmp_path / "given", app | {"compose.yml": compose})
    git(top, "init", "-q")
    passed, summary, _ = _security(top / "api", {}, "cors")
    assert passed, summary
    # Given to another service only, the origins are the settings' localhost in every environment.
    other = compose.replace("build: ./api\n" + listed, "build: ./web\n").replace(
        "  web:\n    image: nginx\n", "  web:\n    image: nginx\n" + listed
    )
    top = _write(tmp_path / "other", app | {"compose.yml": other})
    git(top, "init", "-q")
    passed, summary, _ = _security(top / "api", {}, "cors")
    assert (passed, summary) == (
        False,
        "the same origins, localhost among them, in every environment",
    )


# ------------------------------------------ a route's text parameter parsed by the handler itself

PARSED_BY_HAND = {
    # An id taken as text and made a UUID in the handler: a bad id is a 500, not a 422.
    "uuid": (
        "from uuid import UUID\n",
        "@app.get('/items/{item_id}')\n"
        "def item(item_id: str) -> dict[str, str]:\n"
        "    return {'id': str(UUID(item_id))}\n",
        "GET /items/{item_id} parameter 'item_id' is text parsed by hand (UUID) @ main.py:10",
    ),
    # A date taken as text from the query and parsed with strptime.
    "strptime": (
        "from datetime import datetime\n",
        "@app.get('/days')\n"
        "def day(on: str) -> dict[str, str]:\n"
        "    return {'on': datetime.strptime(on, '%Y-%m-%d').date().isoformat()}\n",
        "GET /days parameter 'on' is text parsed by hand (datetime.strptime) @ main.py:10",
    ),
}


@pytest.mark.parametrize("spelling", sorted(PARSED_BY_HAND))
def test_a_text_parameter_the_handler_parses_itself_is_not_validated_input(
    tmp_path: Path, spelling: str
) -> None:
    imports, route, shown = PARSED_BY_HAND[spelling]
    main = imports + "\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n" + route
    files = {"main.py": main, "requirements.txt": "fastapi\n"}
    passed, summary, evidence = _security(tmp_path / "hand", files, "input_validation")
    assert (passed, summary, evidence) == (False, "1 unvalidated input(s)", [shown])
    # Typed as what it is, the parameter is validated by FastAPI; so is a parse whose
    # failure the handler answers itself.
    typed = main.replace("item_id: str", "item_id: UUID").replace("on: str", "on: date")
    typed = typed.replace("import datetime\n", "import date, datetime\n")
    passed, summary, _ = _security(
        tmp_path / "typed", files | {"main.py": typed}, "input_validation"
    )
    assert passed, summary
    body = route.splitlines()[-1].strip()
    caught = main.replace(
        "    " + body + "\n",
        "    try:\n        " + body + "\n    except ValueError:\n"
        "        raise HTTPException(422, 'not a valid value') from None\n",
    ).replace("import FastAPI", "import FastAPI, HTTPException")
    passed, summary, _ = _security(
        tmp_path / "caught", files | {"main.py": caught}, "input_validation"
    )
    assert passed, summary
    # Type safety is the typed version's: the parameter is typed, as text.
    hand = _signal(tmp_path / "typing_hand", files, "type_safety")
    assert hand == _signal(tmp_path / "typing_typed", files | {"main.py": typed}, "type_safety")


# ------------------------ token lifetimes the settings take from the values the project commits

GIVEN_LIFETIMES = {
    # A refresh lifetime in days, given by the .env.example people copy.
    "template": (
        "    refresh_token_expire_days: int\n",
        {".env.example": "JWT_SECRET=change-me\nREFRESH_TOKEN_EXPIRE_DAYS=30\n"},
        "refresh token lifetime 30 days (REFRESH_TOKEN_EXPIRE_DAYS=30) @ .env.example:2",
    ),
    # An access lifetime in minutes, given by the compose file that runs the app.
    "compose": (
        "    access_token_expire_minutes: int\n",
        {
            "compose.yml": (
                "services:\n  api:\n    build: .\n    environment:\n"
                "      - ACCESS_TOKEN_EXPIRE_MINUTES=60\n"
            )
        },
        "access token lifetime 1 hour (ACCESS_TOKEN_EXPIRE_MINUTES=60) @ compose.yml:5",
    ),
}


@pytest.mark.parametrize("spelling", sorted(GIVEN_LIFETIMES))
def test_a_token_lifetime_the_project_commits_for_its_settings_is_judged(
    tmp_path: Path, spelling: str
) -> None:
    field, given, shown = GIVEN_LIFETIMES[spelling]
    main = (
        "import os\nfrom datetime import datetime, timedelta, timezone\n\n"
        "import jwt\nfrom fastapi import FastAPI\nfrom pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n"
        "    jwt_secret: str\n" + field + "\n\nsettings = Settings()\napp = FastAPI()\n\n\n"
        "def token(sub: str, minutes: int) -> str:\n"
        "    exp = datetime.now(timezone.utc) + timedelta(minutes=minutes)\n"
        "    return jwt.encode({'sub': sub, 'exp': exp}, settings.jwt_secret, 'HS256')\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\npyjwt\npydantic-settings\n"}
    passed, _, evidence = _security(tmp_path / "given", files | given, "token_expiry")
    assert (passed, evidence) == (False, [shown])
    # Within the limits, the same settings pass.
    within = {name: text.replace("=30", "=7").replace("=60", "=15") for name, text in given.items()}
    passed, summary, _ = _security(tmp_path / "within", files | within, "token_expiry")
    assert passed, summary


# --------------------------------- a router mounted twice, once in public and once behind a scheme

MOUNTED_TWICE = {
    # The app includes the router twice, the second time with the scheme as a dependency.
    "app": (
        "app.include_router(router, prefix='/public')\n"
        "app.include_router(router, prefix='/private', dependencies=[Depends(Bearer())])\n"
    ),
    # A private router carries the scheme and includes it; the app includes both.
    "nested": (
        "private = APIRouter(prefix='/private', dependencies=[Depends(Bearer())])\n"
        "private.include_router(router)\n"
        "app.include_router(router, prefix='/public')\n"
        "app.include_router(private)\n"
    ),
}


@pytest.mark.parametrize("spelling", sorted(MOUNTED_TWICE))
def test_a_router_mounted_twice_is_served_at_both_places(tmp_path: Path, spelling: str) -> None:
    main = (
        "from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request\n"
        "from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer\n\n\n"
        "class Bearer(HTTPBearer):\n"
        "    async def __call__(self, request: Request) -> str:\n"
        "        found: HTTPAuthorizationCredentials | None = await super().__call__(request)\n"
        "        if found is None:\n            raise HTTPException(403, 'no token')\n"
        "        return found.credentials\n\n\n"
        "router = APIRouter()\n\n\n"
        "@router.get('/status')\nasync def status() -> dict[str, str]:\n"
        "    return {'status': 'ok'}\n\n\n"
        "app = FastAPI()\n" + MOUNTED_TWICE[spelling]
    )
    files = {"main.py": main, "requirements.txt": "fastapi\n"}
    points, summary = _signal(tmp_path / "twice", files, "auth")
    assert (points, summary) == (1, "authentication by dependency (scheme), not JWT")
    views = Project(tmp_path / "twice").readings.index.route_views()
    assert sorted(view.path for view in views) == ["/private/status", "/public/status"]


# --------------------------- exception handlers registered in a loop over pairs the module writes

HANDLERS_IN_A_LOOP = {
    # A tuple of (exception, handler) pairs, registered one by one.
    "pairs": (
        "HANDLERS = ((AppError, on_app_error),)\n",
        "    for kind, handler in HANDLERS:\n        app.add_exception_handler(kind, handler)\n",
    ),
    # A dict from exception to handler, registered through ``items()``.
    "dict": (
        "HANDLERS = {AppError: on_app_error}\n",
        "    for kind, handler in HANDLERS.items():\n"
        "        app.add_exception_handler(kind, handler)\n",
    ),
}


@pytest.mark.parametrize("spelling", sorted(HANDLERS_IN_A_LOOP))
def test_exception_handlers_registered_in_a_loop_over_pairs_answer_for_their_errors(
    tmp_path: Path, spelling: str
) -> None:
    table, loop = HANDLERS_IN_A_LOOP[spelling]
    main = (
        "from fastapi import FastAPI, Request\nfrom fastapi.responses import JSONResponse\n\n\n"
        "class AppError(Exception):\n    status_code = 400\n    code = 'app_error'\n\n\n"
        "class NotFound(AppError):\n    status_code = 404\n    code = 'not_found'\n\n\n"
        "async def on_app_error(request: Request, exc: AppError) -> JSONResponse:\n"
        "    return JSONResponse({'code': exc.code}, status_code=exc.status_code)\n\n\n"
        + table
        + "\n\ndef create_app() -> FastAPI:\n    app = FastAPI()\n"
        + loop
        + "\n    @app.get('/items/{item_id}')\n    def item(item_id: int) -> dict[str, int]:\n"
        "        raise NotFound()\n\n    return app\n\n\napp = create_app()\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\n"}
    assert _signal(tmp_path / "loop", files, "error_handling") == (
        2,
        "structured error hierarchy rooted at AppError",
    )


# ------------------------------- a JWT verified by a dishka provider that routes declare FromDishka

DISHKA_DECODES = {
    # ``jwt.decode`` called in the provider method itself.
    "module": ("import jwt\n", "jwt.decode"),
    # ``decode`` imported under another name, called in a helper the provider calls.
    "aliased": ("from jwt import decode as _jwt_decode_impl\n", "_jwt_decode_impl"),
}


@pytest.mark.parametrize("spelling", sorted(DISHKA_DECODES))
def test_a_jwt_a_dishka_provider_verifies_for_routes_that_declare_it_is_injected(
    tmp_path: Path, spelling: str
) -> None:
    imports, decode = DISHKA_DECODES[spelling]
    main = (
        imports + "from dishka import Provider, Scope, provide\n"
        "from dishka.integrations.fastapi import DishkaRoute, FromDishka\n"
        "from fastapi import APIRouter, FastAPI, Request\nfrom pydantic import BaseModel\n\n\n"
        "class AuthUser(BaseModel):\n    id: str\n\n\n"
        "def _bearer(request: Request) -> str:\n"
        "    raw = request.headers.get('Authorization', '')\n"
        "    return raw.removeprefix('Bearer ')\n\n\n"
        "def verify(token: str) -> str:\n"
        f"    return str({decode}(token, 'k' * 64, algorithms=['HS256'])['sub'])\n\n\n"
        "class RequestProvider(Provider):\n"
        "    @provide(scope=Scope.REQUEST)\n"
        "    def current_user(self, request: Request) -> AuthUser:\n"
        "        return AuthUser(id=verify(_bearer(request)))\n\n\n"
        "router = APIRouter(route_class=DishkaRoute)\n\n\n"
        "@router.get('/me')\n"
        "def me(user: FromDishka[AuthUser]) -> AuthUser:\n    return user\n\n\n"
        "app = FastAPI()\napp.include_router(router)\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\ndishka\npyjwt\n"}
    assert _signal(tmp_path / "dishka", files, "auth") == (
        2,
        "JWT verified by dependency injection on 1 of 1 routes",
    )


# ---------------- a GraphQL context getter reads the bearer token: FastAPI runs it as a dependency

CONTEXT_GETTERS = {
    # The getter by its name.
    "name": ("from context import get_context\n", "get_context"),
    # The getter through its module.
    "attribute": ("import context\n", "context.get_context"),
}


@pytest.mark.parametrize("spelling", sorted(CONTEXT_GETTERS))
def test_a_graphql_context_getter_that_reads_the_bearer_token_is_injection(
    tmp_path: Path, spelling: str
) -> None:
    imports, getter = CONTEXT_GETTERS[spelling]
    context = (
        "import jwt\nfrom fastapi import Request\n\n\n"
        "async def get_context(request: Request) -> dict[str, object]:\n"
        "    header = request.headers.get('Authorization', '')\n"
        "    token = header[7:] if header.startswith('Bearer ') else ''\n"
        "    user = jwt.decode(token, 'k' * 64, algorithms=['HS256']) if token else None\n"
        "    return {'request': request, 'user': user}\n"
    )
    main = (
        imports + "import jwt\nfrom fastapi import Depends, FastAPI\n"
        "from fastapi.security import OAuth2PasswordBearer\n"
        "from strawberry.fastapi import GraphQLRouter\n\nfrom schema import schema\n\n"
        "oauth2 = OAuth2PasswordBearer(tokenUrl='token')\n\n\n"
        "def current_user(token: str = Depends(oauth2)) -> str:\n"
        "    return str(jwt.decode(token, 'k' * 64, algorithms=['HS256'])['sub'])\n\n\n"
        "app = FastAPI()\n"
        f"graphql = GraphQLRouter(schema, context_getter={getter})\n"
        "app.include_router(graphql, prefix='/graphql')\n\n\n"
        "@app.get('/me')\ndef me(user: str = Depends(current_user)) -> dict[str, str]:\n"
        "    return {'user': user}\n"
    )
    files = {
        "main.py": main,
        "context.py": context,
        "schema.py": "schema = None\n",
        "requirements.txt": "fastapi\nstrawberry-graphql\npyjwt\n",
    }
    assert _signal(tmp_path / "graphql", files, "auth") == (
        2,
        "JWT verified by dependency injection on 1 of 1 routes",
    )


# ------------------- the Dockerfile a root compose builds the project's folder with, kept beside it

BUILT_BESIDE = {
    # The folder as the context, the Dockerfile in a docker/ folder beside it.
    "context": "    build:\n      context: ./api\n      dockerfile: ../docker/api/Dockerfile\n",
    # A Dockerfile of its own name, in a deploy/ folder beside the project.
    "named": "    build:\n      context: api\n      dockerfile: ../deploy/api.Dockerfile\n",
}


@pytest.mark.parametrize("spelling", sorted(BUILT_BESIDE))
def test_the_dockerfile_a_root_compose_builds_the_project_with_is_its_image(
    tmp_path: Path, spelling: str
) -> None:
    dockerfile = (
        "FROM python:3.12-slim AS build\nRUN pip wheel -w /w fastapi uvicorn\n"
        "FROM python:3.12-slim\nCOPY --from=build /w /w\nRUN pip install /w/*\n"
        "USER 1000\nHEALTHCHECK CMD python -c 'print(1)'\n"
        'CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]\n'
    )
    files = {
        "api/main.py": (
            "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
            "@app.get('/health')\ndef health() -> dict[str, str]:\n    return {'status': 'ok'}\n"
        ),
        "api/requirements.txt": "fastapi\n",
        "docker/api/Dockerfile" if spelling == "context" else "deploy/api.Dockerfile": dockerfile,
        "compose.yaml": "services:\n  api:\n" + BUILT_BESIDE[spelling],
    }
    top = _write(tmp_path / "beside", files)
    git(top, "init", "-q")
    assert _signal(top / "api", {}, "deployment") == (
        2,
        "multi-stage image with a health check",
    )


# --------------------------- routes the tests request by a path constant or under the API's prefix

REQUESTED_AS = {
    # The router mounted under a prefix read from the environment; the tests send "/api/v1/...".
    "prefix": (
        "import os\n",
        "app.include_router(router, prefix=os.environ['API_PREFIX'])\n",
        "",
        "'/api/v1/items'",
    ),
    # The path named once in a constants module of the tests.
    "constant": ("", "app.include_router(router)\n", "ITEMS: str = '/items'\n", "ITEMS"),
}


@pytest.mark.parametrize("spelling", sorted(REQUESTED_AS))
def test_routes_the_async_tests_request_by_a_constant_or_under_the_api_prefix_are_tested(
    tmp_path: Path, spelling: str
) -> None:
    imports, include, constants, path = REQUESTED_AS[spelling]
    main = (
        imports + "from fastapi import APIRouter, FastAPI\n\n"
        "router = APIRouter()\n\n\n"
        "@router.get('/items')\nasync def items() -> list[str]:\n    return []\n\n\n"
        "@router.post('/items')\nasync def add() -> dict[str, str]:\n    return {}\n\n\n"
        "app = FastAPI()\n" + include
    )
    test = (
        ("from tests.constants import ITEMS\n" if constants else "")
        + "import httpx\nimport pytest\n\nfrom main import app\n\n\n"
        "@pytest.mark.anyio\nasync def test_items() -> None:\n"
        "    transport = httpx.ASGITransport(app=app)\n"
        "    async with httpx.AsyncClient(transport=transport, base_url='http://t') as client:\n"
        f"        assert (await client.get({path})).status_code == 200\n"
        f"        assert (await client.post({path}, json={{}})).status_code == 200\n"
    )
    files = {
        "main.py": main,
        "tests/__init__.py": "",
        "tests/test_items.py": test,
        "requirements.txt": "fastapi\nhttpx\npytest\n",
    }
    if constants:
        files["tests/constants.py"] = constants
    assert _signal(tmp_path / "requested", files, "testing") == (
        2,
        "async tests request 2 of 2 routes (no coverage gate)",
    )


# ------------------------------- an async suite whose coverage CI measures, with no gate at all

MEASURED = {
    # pytest-cov in the project's own workflow.
    "pytest-cov": (".github/workflows/ci.yml", "      - run: pytest --cov=shop\n"),
    # coverage.py running pytest, in a GitLab pipeline.
    "coverage-run": (".gitlab-ci.yml", None),
}


@pytest.mark.parametrize("spelling", sorted(MEASURED))
def test_async_tests_whose_coverage_is_measured_without_a_gate_are_healthy(
    tmp_path: Path, spelling: str
) -> None:
    path, step = MEASURED[spelling]
    if step is not None:
        ci = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + step
    else:
        ci = "test:\n  script:\n    - coverage run -m pytest\n    - coverage report\n"
    _write(tmp_path / "measured", {path: ci})
    # Async tests that request 3 of the 5 routes, their coverage measured.
    assert _testing(tmp_path / "measured", REQUESTS["plain"][:3]) == (
        2,
        "async tests, their coverage measured (no gate)",
    )


# -------------------------------- the repository's workflow that tests the project in its folder


@pytest.mark.parametrize("spelling", ["working-directory", "cd"])
def test_the_repository_s_workflow_that_works_in_the_project_s_folder_is_its_ci(
    tmp_path: Path, spelling: str
) -> None:
    step = (
        "      - run: pytest --cov=app\n        working-directory: backend\n"
        if spelling == "working-directory"
        else "      - run: cd backend && pip-audit && pytest --cov=app\n"
    )
    ci = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + step
    files = {
        "backend/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "backend/requirements.txt": "fastapi\n",
        "backend/tests/__init__.py": "",
        "backend/tests/test_main.py": (
            "import pytest\n\npytestmark = pytest.mark.anyio\n\n\n"
            "async def test_root(client) -> None:\n    await client.get('/nothing')\n"
        ),
        ".github/workflows/ci.yml": ci,
    }
    top = _write(tmp_path / "mono", files)
    git(top, "init", "-q")
    assert _signal(top / "backend", {}, "testing") == (
        2,
        "async tests, their coverage measured (no gate)",
    )
    # A workflow for another folder says nothing of this one.
    other = ci.replace("backend", "frontend")
    top = _write(tmp_path / "other", files | {".github/workflows/ci.yml": other})
    git(top, "init", "-q")
    assert _signal(top / "backend", {}, "testing")[0] == 1


# ------------- a dependency under another name, handlers registered in a comprehension, a logout

RENAMED = {
    # A module-level name bound to the function that verifies the token.
    "alias": ("oauth2_schema = get_jwt_user\n", "Depends(oauth2_schema)"),
    # A shorter name for it, the routes' own.
    "short": ("current = get_jwt_user\n", "Depends(current)"),
}


@pytest.mark.parametrize("spelling", sorted(RENAMED))
def test_a_dependency_bound_to_another_name_is_still_the_jwt_check(
    tmp_path: Path, spelling: str
) -> None:
    alias, depends = RENAMED[spelling]
    main = (
        "import jwt\nfrom fastapi import Depends, FastAPI\n"
        "from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer\n\n"
        "bearer = HTTPBearer()\n\n\n"
        "def get_jwt_user(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> str:\n"
        "    return str(jwt.decode(creds.credentials, 'k' * 64, algorithms=['HS256'])['sub'])\n\n\n"
        + alias
        + "app = FastAPI()\n\n\n"
        f"@app.get('/me')\ndef me(user: str = {depends}) -> dict[str, str]:\n"
        "    return {'user': user}\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\npyjwt\n"}
    assert _signal(tmp_path / "renamed", files, "auth") == (
        2,
        "JWT verified by dependency injection on 1 of 1 routes",
    )


COMPREHENDED = {
    # A list built for its side effects.
    "list": "    [app.add_exception_handler(k, h) for k, h in HANDLERS.items()]\n",
    # A generator drained by any().
    "generator": "    any(app.add_exception_handler(k, h) for k, h in HANDLERS.items())\n",
}


@pytest.mark.parametrize("spelling", sorted(COMPREHENDED))
def test_exception_handlers_registered_in_a_comprehension_answer_for_their_errors(
    tmp_path: Path, spelling: str
) -> None:
    main = (
        "from fastapi import FastAPI, Request\nfrom fastapi.responses import JSONResponse\n\n\n"
        "class AppError(Exception):\n    status_code = 400\n    code = 'app_error'\n\n\n"
        "async def on_app_error(request: Request, exc: AppError) -> JSONResponse:\n"
        "    return JSONResponse({'code': exc.code}, status_code=exc.status_code)\n\n\n"
        "HANDLERS = {AppError: on_app_error}\n\n\n"
        "def add_handlers(app: FastAPI) -> None:\n" + COMPREHENDED[spelling] + "\n\n"
        "app = FastAPI()\nadd_handlers(app)\n\n\n"
        "@app.get('/items/{item_id}')\ndef item(item_id: int) -> dict[str, int]:\n"
        "    raise AppError()\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\n"}
    assert _signal(tmp_path / "comprehended", files, "error_handling") == (
        2,
        "structured error hierarchy rooted at AppError",
    )


LOGOUT_READS = {
    # The header read with get().
    "get": "request.headers.get('Authorization', '')",
    # The header read by its key.
    "key": "request.headers['authorization']",
}


@pytest.mark.parametrize("spelling", sorted(LOGOUT_READS))
def test_a_jwt_protected_route_reading_its_verified_token_again_is_not_manual_parsing(
    tmp_path: Path, spelling: str
) -> None:
    main = (
        "import jwt\nfrom fastapi import Depends, FastAPI, Request\n"
        "from fastapi.security import OAuth2PasswordBearer\n\n"
        "oauth2 = OAuth2PasswordBearer(tokenUrl='token')\nREVOKED: set[str] = set()\n\n\n"
        "def current_user(token: str = Depends(oauth2)) -> str:\n"
        "    return str(jwt.decode(token, 'k' * 64, algorithms=['HS256'])['sub'])\n\n\n"
        "app = FastAPI()\n\n\n"
        "@app.post('/logout')\n"
        "def logout(request: Request, user: str = Depends(current_user)) -> dict[str, str]:\n"
        f"    header = {LOGOUT_READS[spelling]}\n"
        "    REVOKED.add(header.split()[-1])\n    return {'user': user}\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\npyjwt\n"}
    assert _signal(tmp_path / "logout", files, "auth") == (
        2,
        "JWT verified by dependency injection on 1 of 1 routes",
    )


# ----------------------------------------- a hasher class of the project's own, by what it calls

OWN_HASHERS = {
    # A dataclass hasher around hashlib's PBKDF2, used by the login route.
    "method": (
        "import hashlib\nimport secrets\nfrom dataclasses import dataclass\n\n\n"
        "@dataclass\nclass PasswordHasher:\n    iterations: int = 260_000\n\n"
        "    def hash_password(self, password: str) -> str:\n"
        "        salt = secrets.token_hex(16)\n"
        "        digest = hashlib.pbkdf2_hmac('sha256', password.encode(), salt.encode(),"
        " self.iterations)\n"
        "        return f'{salt}${digest.hex()}'\n",
        "pbkdf2_hmac",
    ),
    # The function imported by name, in a module of helpers.
    "function": (
        "from hashlib import pbkdf2_hmac\nfrom os import urandom\n\n\n"
        "class SecureHasher:\n"
        "    def hash(self, password: str) -> bytes:\n"
        "        return pbkdf2_hmac('sha512', password.encode(), urandom(16), 600_000)\n",
        "pbkdf2_hmac",
    ),
}


@pytest.mark.parametrize("spelling", sorted(OWN_HASHERS))
def test_a_hasher_named_so_is_judged_by_the_hash_it_calls(tmp_path: Path, spelling: str) -> None:
    # The playbook asks for bcrypt or argon2; a class named "...Hasher" that runs
    # PBKDF2 is not that, whatever its name says.
    hasher, called = OWN_HASHERS[spelling]
    name = hasher.split("class ", 1)[1].split(":", 1)[0].split("(")[0]
    files = {
        "shop/__init__.py": "",
        "shop/security.py": hasher,
        "shop/main.py": (
            "from fastapi import Depends, FastAPI\n"
            "from fastapi.security import OAuth2PasswordBearer\n"
            "from pydantic import BaseModel\n\n"
            f"from .security import {name}\n\n"
            "app = FastAPI()\nscheme = OAuth2PasswordBearer(tokenUrl='login')\n\n\n"
            "@app.get('/me')\ndef me(token: str = Depends(scheme)) -> str:\n    return token\n\n\n"
            "class Signup(BaseModel):\n    email: str\n    password: str\n\n\n"
            "@app.post('/register')\ndef register(body: Signup) -> dict[str, str]:\n"
            f"    hashed = {name}().{'hash_password' if spelling == 'method' else 'hash'}"
            "(body.password)\n"
            "    return {'email': body.email, 'stored': str(len(hashed))}\n\n\n"
            "@app.post('/login')\ndef login(body: Signup) -> dict[str, str]:\n"
            "    return {'access_token': body.email}\n"
        ),
        "requirements.txt": "fastapi\n",
    }
    passed, summary, evidence = _security(tmp_path / spelling, files, "password_hashing")
    assert (passed, summary) == (False, "weak password hashing"), evidence
    assert any(called in e for e in evidence), evidence


# ------------------- HTTPS: a redirect written in Caddy; a URL's scheme is not a request's

CADDY_REDIRECTS = {
    # A port-only site that redirects, beside the TLS site on :443.
    "port": ":443 {\n\ttls /certs/cert.pem /certs/key.pem\n\treverse_proxy api:8000\n}\n\n"
    ":8000 {\n\tredir https://{host}{uri} permanent\n}\n",
    # An http:// address redirected to a fixed host.
    "http": "http://shop.internal {\n    redir https://shop.example.com{uri} 308\n}\n",
}


@pytest.mark.parametrize("spelling", sorted(CADDY_REDIRECTS))
def test_a_caddy_site_that_redirects_to_https_enforces_it(tmp_path: Path, spelling: str) -> None:
    files = {
        "main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "requirements.txt": "fastapi\n",
        "Caddyfile": CADDY_REDIRECTS[spelling],
    }
    passed, summary, evidence = _security(tmp_path / spelling, files, "https")
    assert (passed, summary) == (True, "HTTP is redirected to HTTPS"), evidence
    # The same sites without the redirect serve plain HTTP on a port or an http:// address.
    plain = CADDY_REDIRECTS[spelling].replace("redir https://", "respond https://")
    passed, summary, _ = _security(
        tmp_path / f"{spelling}-plain", files | {"Caddyfile": plain}, "https"
    )
    assert (passed, summary) == (False, "HTTPS is not enforced")


PARSED_SCHEMES = {
    # An OAuth callback checks the front end's URL, then redirects there.
    "urlparse": (
        "from urllib.parse import urlparse\n\n",
        "    if urlparse(FRONTEND).scheme not in {'http', 'https'}:\n"
        "        raise ValueError('bad front end')\n",
    ),
    # The same, through a variable and httpx's URL.
    "httpx": (
        "import httpx\n\n",
        "    target = httpx.URL(FRONTEND)\n    assert target.scheme in ('http', 'https')\n",
    ),
}


@pytest.mark.parametrize("spelling", sorted(PARSED_SCHEMES))
def test_a_redirect_after_checking_a_parsed_url_scheme_is_not_https_enforced(
    tmp_path: Path, spelling: str
) -> None:
    imports, check = PARSED_SCHEMES[spelling]
    main = (
        imports + "from fastapi import FastAPI\nfrom fastapi.responses import RedirectResponse\n\n"
        "FRONTEND = 'https://shop.example.com'\napp = FastAPI()\n\n\n"
        "@app.get('/callback')\ndef callback(code: str) -> RedirectResponse:\n"
        + check
        + "    return RedirectResponse(f'{FRONTEND}/done?code={code}')\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\nhttpx\n"}
    passed, summary, evidence = _security(tmp_path / spelling, files, "https")
    assert (passed, summary) == (False, "HTTPS is not enforced"), evidence


# ------------------------------------------------- an empty Dockerfile builds no image

EMPTY_DOCKERFILES = {
    "empty": ("docker/Dockerfile", ""),
    "comments": ("Dockerfile", "# TODO: write the image\n# FROM python:3.12-slim\n"),
}


@pytest.mark.parametrize("spelling", sorted(EMPTY_DOCKERFILES))
def test_a_dockerfile_with_no_stage_is_no_image(tmp_path: Path, spelling: str) -> None:
    path, text = EMPTY_DOCKERFILES[spelling]
    files = {
        "main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "requirements.txt": "fastapi\n",
        path: text,
    }
    points, summary = _signal(tmp_path / spelling, files, "deployment")
    assert (points, summary) == (
        0,
        "no Dockerfile: no image to deploy, no health check a platform runs",
    )
    # One FROM line is a single-stage image.
    files[path] = text + "FROM python:3.12-slim\n"
    points, summary = _signal(tmp_path / f"{spelling}-from", files, "deployment")
    assert points == 1, summary


# ---------------------------- the settings refuse a placeholder named by a constant or a local

NAMED_REFUSALS = {
    # The default is a module constant; a model validator compares with the constant.
    "constant": (
        "_DEFAULT_SECRET = 'changethis'\n\n\n",
        "    jwt_secret: str = _DEFAULT_SECRET\n    environment: str = 'dev'\n\n"
        "    @model_validator(mode='after')\n"
        "    def _no_default_in_prod(self) -> 'Settings':\n"
        "        if self.environment == 'prod' and self.jwt_secret == _DEFAULT_SECRET:\n"
        "            raise ValueError('set JWT_SECRET')\n"
        "        return self\n",
    ),
    # The placeholders are a local set the validator tests membership in.
    "local": (
        "",
        "    jwt_secret: str = 'changethis'\n\n"
        "    @model_validator(mode='after')\n"
        "    def _validate_security(self) -> 'Settings':\n"
        "        insecure = {'changethis', 'change-me'}\n"
        "        if self.jwt_secret in insecure:\n"
        "            raise ValueError('FATAL: set JWT_SECRET')\n"
        "        return self\n",
    ),
}


@pytest.mark.parametrize("spelling", sorted(NAMED_REFUSALS))
def test_settings_that_refuse_a_placeholder_named_by_a_constant_or_local_read_the_key(
    tmp_path: Path, spelling: str
) -> None:
    constants, body = NAMED_REFUSALS[spelling]
    config = (
        "from pydantic import model_validator\nfrom pydantic_settings import BaseSettings\n\n"
        + constants
        + "class Settings(BaseSettings):\n"
        + body
        + "\n\nsettings = Settings()\n"
    )
    files = {
        "shop/__init__.py": "",
        "shop/config.py": config,
        "shop/main.py": _signing_app("from .config import settings\n", "settings.jwt_secret"),
        "requirements.txt": "fastapi\npyjwt\npydantic-settings\n",
    }
    passed, summary, evidence = _security(tmp_path / spelling, files, "jwt_secret")
    assert (passed, summary) == (True, "signing key read from the environment"), evidence
    # Without the raise, the placeholder is the key the app signs with.
    files["shop/config.py"] = config.replace("raise ValueError", "print")
    passed, summary, evidence = _security(tmp_path / f"{spelling}-kept", files, "jwt_secret")
    assert (passed, summary) == (False, "secret in code"), evidence


# --------------------------------------- routes whose documented responses write the docs

DOCUMENTED_RESPONSES = {
    # The outcomes written inline, per route.
    "inline": "responses={404: {'model': Problem, 'description': 'No such item'}}",
    # The outcomes from a helper of the project's own.
    "helper": "responses=errors(404, 409)",
}


@pytest.mark.parametrize("spelling", sorted(DOCUMENTED_RESPONSES))
def test_routes_that_document_their_responses_are_documented(tmp_path: Path, spelling: str) -> None:
    responses = DOCUMENTED_RESPONSES[spelling]
    main = (
        "from typing import Any\n\nfrom fastapi import FastAPI\nfrom pydantic import BaseModel\n\n"
        "app = FastAPI(title='Shop')\n\n\nclass Problem(BaseModel):\n    detail: str\n\n\n"
        "class Item(BaseModel):\n    name: str\n\n\n"
        "def errors(*codes: int) -> dict[int | str, dict[str, Any]]:\n"
        "    return {code: {'model': Problem} for code in codes}\n\n\n"
        f"@app.get('/items/{{item_id}}', tags=['items'], response_model=Item, {responses})\n"
        "def item(item_id: int) -> Item:\n    return Item(name=str(item_id))\n\n\n"
        f"@app.put('/items/{{item_id}}', tags=['items'], response_model=Item, {responses})\n"
        "def put(item_id: int, body: Item) -> Item:\n    return body\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\n"}
    points, summary = _signal(tmp_path / spelling, files, "documentation")
    assert (points, summary) == (2, "accurate OpenAPI, endpoints documented (100% of routes)")
    # Without them, a title and tags alone: in between.
    bare = main.replace(f", {responses})", ")")
    points, summary = _signal(
        tmp_path / f"{spelling}-bare", files | {"main.py": bare}, "documentation"
    )
    assert points == 1, summary


# --------------------------------------------- CORS wide open, but only in development

DEVELOPMENT_ONLY = {
    # The environment compared with "development", in an app factory.
    "compared": "    if settings.environment == 'development':\n",
    # A debug flag, with production's branch adding nothing.
    "flag": "    if settings.debug:\n",
}


@pytest.mark.parametrize("spelling", sorted(DEVELOPMENT_ONLY))
def test_cors_opened_in_development_only_allows_no_origin_in_production(
    tmp_path: Path, spelling: str
) -> None:
    guard = DEVELOPMENT_ONLY[spelling]
    main = (
        "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n"
        "from pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n    environment: str = 'production'\n"
        "    debug: bool = False\n\n\nsettings = Settings()\n\n\n"
        "def create_app() -> FastAPI:\n    app = FastAPI()\n"
        + guard
        + "        app.add_middleware(\n            CORSMiddleware,\n"
        "            allow_origins=['*'],\n            allow_credentials=True,\n        )\n"
        "    return app\n\n\napp = create_app()\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\npydantic-settings\n"}
    passed, summary, evidence = _security(tmp_path / spelling, files, "cors")
    assert (passed, summary) == (True, "origins restricted"), evidence
    # The same middleware in production's branch is any origin, with credentials.
    inverted = main.replace(guard, guard.replace(":\n", ":\n        pass\n    else:\n"))
    passed, summary, _ = _security(
        tmp_path / f"{spelling}-else", files | {"main.py": inverted}, "cors"
    )
    assert (passed, summary) == (False, "any origin may call the API with credentials")


# --------------------------------- a socket reads its handshake's bearer token by hand

SOCKET_HEADERS = {
    # In a helper the socket route calls.
    "helper": (
        "def socket_token(ws: WebSocket) -> str:\n"
        "    header = ws.headers.get('authorization') or ''\n"
        "    return header.removeprefix('Bearer ')\n\n\n"
        "@app.websocket('/ws')\nasync def feed(ws: WebSocket) -> None:\n"
        "    await ws.accept()\n    await ws.send_text(user(socket_token(ws)))\n"
    ),
    # In the socket route itself.
    "route": (
        "@app.websocket('/ws')\nasync def feed(websocket: WebSocket) -> None:\n"
        "    token = websocket.headers.get('Authorization', '').partition(' ')[2]\n"
        "    await websocket.accept()\n    await websocket.send_text(user(token))\n"
    ),
}


@pytest.mark.parametrize("spelling", sorted(SOCKET_HEADERS))
def test_a_socket_reading_its_handshake_token_is_not_manual_parsing(
    tmp_path: Path, spelling: str
) -> None:
    # A socket has no OAuth2 scheme to inject: its header is read where it is accepted.
    main = (
        _signing_app("from fastapi import WebSocket\n", "'k'") + "\n\n" + SOCKET_HEADERS[spelling]
    )
    files = {"main.py": main, "requirements.txt": "fastapi\npyjwt\n"}
    points, summary = _signal(tmp_path / spelling, files, "auth")
    assert points == 2, summary
    # The same read in an HTTP route is the token parsed by hand.
    http = main.replace("@app.websocket('/ws')", "@app.get('/ws')").replace("WebSocket", "Request")
    points, summary = _signal(tmp_path / f"{spelling}-http", files | {"main.py": http}, "auth")
    assert points == 1, summary


# ------------------------------ a token-verifying library's dependency on the routes

LIBRARY_GUARDS = {
    # A role check from a Keycloak package, called in place on a router.
    "keycloak_roles": (
        "from keycloak_guard.dependencies import require_roles\n",
        "APIRouter(dependencies=[Depends(require_roles('admin'))])",
    ),
    # An OIDC package's verifier, a dependency of its own.
    "oidc_verifier": (
        "from oidc_tokens.fastapi import verified_claims\n",
        "APIRouter(dependencies=[Depends(verified_claims)])",
    ),
}


@pytest.mark.parametrize("spelling", sorted(LIBRARY_GUARDS))
def test_a_token_library_s_dependency_on_the_routes_is_jwt_by_injection(
    tmp_path: Path, spelling: str
) -> None:
    imported, router = LIBRARY_GUARDS[spelling]
    main = (
        "from fastapi import APIRouter, Depends, FastAPI\n"
        + imported
        + "\n\napp = FastAPI()\nrouter = "
        + router
        + "\n\n\n@router.get('/reports')\nasync def reports() -> list[str]:\n    return []\n\n\n"
        "app.include_router(router)\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\n"}
    points, summary = _signal(tmp_path / spelling, files, "auth")
    assert (points, summary) == (2, "JWT verified by dependency injection on 1 of 1 routes")
    # A helper package of no token library's name is not known to check anyone.
    plain = main.replace("keycloak_guard", "team_helpers").replace("oidc_tokens", "team_helpers")
    points, _ = _signal(tmp_path / f"{spelling}-plain", files | {"main.py": plain}, "auth")
    assert points == 0


COOKIE_ROUTES = {
    # The scheme on the router, as the OpenAPI's documentation of the cookie.
    "router": "router = APIRouter(dependencies=[Depends(APIKeyCookie(name='session'))])\n",
    # An instance, declared on the route.
    "instance": (
        "cookie = APIKeyCookie(name='session')\n"
        "router = APIRouter(dependencies=[Depends(cookie)])\n"
    ),
}


@pytest.mark.parametrize("spelling", sorted(COOKIE_ROUTES))
def test_a_session_cookie_holding_a_jwt_the_app_decodes_is_jwt_by_injection(
    tmp_path: Path, spelling: str
) -> None:
    session = (
        "import os\n\nimport jwt\n\n\n"
        "def session_of(token: str) -> str:\n"
        "    return str(jwt.decode(token, os.environ['KEY'], ['HS256'])['sid'])\n"
    )
    main = (
        "from fastapi import APIRouter, Depends, FastAPI\n"
        "from fastapi.security import APIKeyCookie\n\n"
        "app = FastAPI()\n" + COOKIE_ROUTES[spelling] + "\n\n"
        "@router.get('/me')\nasync def me() -> str:\n    return 'me'\n\n\n"
        "app.include_router(router)\n"
    )
    files = {"main.py": main, "session.py": session, "requirements.txt": "fastapi\npyjwt\n"}
    points, summary = _signal(tmp_path / spelling, files, "auth")
    assert (points, summary) == (2, "JWT verified by dependency injection on 1 of 1 routes")
    # A cookie the app decodes no JWT from is a key, not a JWT.
    keyed = files | {"session.py": "def session_of(token: str) -> str:\n    return token\n"}
    points, summary = _signal(tmp_path / f"{spelling}-key", keyed, "auth")
    assert (points, summary) == (1, "authentication by dependency (apikey), not JWT")


PROVIDERS = {
    "keycloak": (
        "from keycloak import KeycloakOpenID\n\n"
        "idp = KeycloakOpenID(server_url='https://id.example', realm_name='r', client_id='c')\n",
        "idp.token(body.username, body.password)",
    ),
    "msal": (
        "import msal\n\nidp = msal.PublicClientApplication('client-id')\n",
        "idp.acquire_token_by_username_password(body.username, body.password, scopes=[])",
    ),
}


@pytest.mark.parametrize("spelling", sorted(PROVIDERS))
def test_passwords_handed_to_an_identity_provider_are_not_unhashed_passwords(
    tmp_path: Path, spelling: str
) -> None:
    client, call = PROVIDERS[spelling]
    main = (
        "from typing import Any\n\nfrom fastapi import Depends, FastAPI\n"
        "from fastapi.security import HTTPBearer\nfrom pydantic import BaseModel\n"
        + client
        + "app = FastAPI()\n\n\nclass LoginIn(BaseModel):\n"
        "    username: str\n    password: str\n\n\n"
        "@app.post('/login')\nasync def login(body: LoginIn) -> dict[str, Any]:\n"
        f"    return dict({call})\n\n\n"
        "@app.get('/me', dependencies=[Depends(HTTPBearer())])\nasync def me() -> str:\n"
        "    return 'me'\n"
    )
    files = {"main.py": main, "requirements.txt": "fastapi\n"}
    _, review = _run(_write(tmp_path / spelling, files))
    check = next(c for c in review.security.checks if c.id == "password_hashing")
    assert (check.passed, check.summary) == (True, "passwords checked by an identity provider")
    # A table of the app's own that keeps a password is the app's to hash.
    kept = main + (
        "\n\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Account:\n"
        "    username: str\n    password: str\n"
    )
    _, review = _run(_write(tmp_path / f"{spelling}-kept", files | {"main.py": kept}))
    check = next(c for c in review.security.checks if c.id == "password_hashing")
    assert (check.passed, check.summary) == (False, "passwords are not hashed")


TRIALS = {"spiking": "spiking/try_events.py", "playground": "playground/events/demo.py"}


@pytest.mark.parametrize("spelling", sorted(TRIALS))
def test_prints_in_a_folder_of_trials_beside_the_app_are_not_its_debugging(
    tmp_path: Path, spelling: str
) -> None:
    main = (
        "import logging\n\nfrom fastapi import FastAPI\n\nlogging.basicConfig(level='INFO')\n"
        "log = logging.getLogger(__name__)\napp = FastAPI()\n\n\n"
        "@app.get('/health')\nasync def health() -> dict[str, str]:\n"
        "    log.info('health')\n    return {'status': 'ok'}\n"
    )
    trial = "def run() -> None:\n" + "".join(f"    print('step {n}')\n" for n in range(5))
    files = {"app/main.py": main, TRIALS[spelling]: trial, "requirements.txt": "fastapi\n"}
    points, summary = _signal(tmp_path / spelling, files, "observability")
    assert (points, summary) == (1, "standard logging, neither structured nor traced")
    # The same module inside the app is its print() debugging.
    inside = {"app/main.py": main, "app/try_events.py": trial, "requirements.txt": "fastapi\n"}
    points, summary = _signal(tmp_path / f"{spelling}-app", inside, "observability")
    assert points == 0, summary


REALMS = {
    "export": "keycloak/realm-export.json",
    "named": "deploy/idp/shop-realm.json",
}


@pytest.mark.parametrize("spelling", sorted(REALMS))
def test_a_login_handed_to_a_realm_is_limited_by_the_realm_s_lockout(
    tmp_path: Path, spelling: str
) -> None:
    main = (
        "from fastapi import APIRouter, Depends, FastAPI\n"
        "from keycloak_guard.dependencies import require_roles\n\n"
        "app = FastAPI()\nrouter = APIRouter(dependencies=[Depends(require_roles('staff'))])\n\n\n"
        "@router.get('/orders')\nasync def orders() -> list[str]:\n    return []\n\n\n"
        "app.include_router(router)\n"
    )

    def realm(protected: str) -> str:
        return (
            '{\n  "realm": "shop",\n  "enabled": true,\n'
            + protected
            + '  "sslRequired": "all"\n}\n'
        )

    def item(name: str, text: str) -> tuple[bool, str, list[str]]:
        files = {"main.py": main, REALMS[spelling]: text, "requirements.txt": "fastapi\n"}
        _, review = _run(_write(tmp_path / name, files))
        check = next(c for c in review.security.checks if c.id == "auth_rate_limit")
        return check.passed, check.summary, [str(e.loc) for e in check.evidence]

    assert item("off", realm('  "bruteForceProtected": false,\n')) == (
        False,
        "login at the realm, unprotected",
        [f"{REALMS[spelling]}:4"],
    )
    # Keycloak leaves the lockout off unless the realm turns it on.
    assert item("unsaid", realm(""))[:2] == (False, "login at the realm, unprotected")
    assert item("on", realm('  "bruteForceProtected": true,\n')) == (
        True,
        "login locked out by the realm",
        [f"{REALMS[spelling]}:4"],
    )
