"""Scorecards judge what code does, not which library it names.

Each kind of misjudgement is held against fixture projects of our own, written in
at least two spellings; every case asserts the verdict and the line it stands on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import copy_fixture

from fastprod import Project
from fastprod._audit import AuditReport, SecurityReport
from fastprod._registry import load


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
    # Dependabot configured for pip proposes versions; it scans nothing.
    Case(
        "scorecard_mapped_layered",
        "dependency_scanning",
        False,
        "update bot",
        ".github/dependabot.yml:3",
    ),
    # Renovate the same.
    Case("scorecard_mapped_flat", "dependency_scanning", False, "update bot", "renovate.json:1"),
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
    # ------------------------------------------------------------------ judged too strictly
    # Title, description and version; routers tagged where they are made; response models.
    Case("scorecard_docs_routers", "documentation", 2, "FastAPI(", "library/main.py:5"),
    # Tags given where the routers are included; return annotations as the models.
    Case("scorecard_docs_include", "documentation", 2, "FastAPI(", "api.py:34"),
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
