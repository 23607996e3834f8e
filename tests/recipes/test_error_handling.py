"""error_handling: the diff on each project layout, idempotence, and a generated
project that keeps passing its own checks with the envelope wired in."""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import logging
import re
import sys
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from generated import generate, get, run_checks, run_tool, serve
from helpers import copy_fixture, git, snapshot_tree
from pydantic import BaseModel
from snapshot import DiffSnapshotExtension
from starlette.exceptions import HTTPException as StarletteHTTPException
from syrupy.assertion import SnapshotAssertion

from fastprod import ChangeSet, FileChange, Intent, Project, RecipeError, parse
from fastprod.core._fs import apply
from fastprod.core._registry import load
from fastprod.engine._engine import Options, Outcome, run

SENTENCE = "set up error handling"
STRICT_SENTENCE = "set up error handling with the strict error envelope"
RECIPE = load("error_handling")
LAYOUTS = ("single_file", "bigger_app", "src_factory", "alias_import", "app_in_tests_too")


def plan(root: Path, **params: Any) -> ChangeSet:
    return RECIPE.plan(RECIPE.build_params(params), Project(root))


def plan_diff(root: Path, **params: Any) -> str:
    return plan(root, **params).diff()


def apply_strict(root: Path) -> None:
    """Apply the recipe with ``strict=True`` and commit, as the strict sentence will."""
    apply(root, plan(root, strict=True).effective())
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "strict")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_diff_on_each_layout(layout: str, tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = copy_fixture(layout, tmp_path)
    assert plan_diff(root) == snapshot.use_extension(DiffSnapshotExtension)


def test_diff_on_a_generated_project(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = generate(tmp_path, "shop")
    assert plan_diff(root) == snapshot.use_extension(DiffSnapshotExtension)


def test_diff_with_the_strict_envelope(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = copy_fixture("detail_clients", tmp_path)
    assert plan_diff(root, strict=True) == snapshot.use_extension(DiffSnapshotExtension)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_already_applied_is_an_empty_diff(layout: str, tmp_path: Path) -> None:
    root = copy_fixture(layout, tmp_path)
    first = run(SENTENCE, Options(path=root, commit=True))
    assert first.status == "applied"
    again = run(SENTENCE, Options(path=root))
    assert again.status == "unchanged"
    assert again.diff == ""


def test_a_foreign_errors_module_is_reported_and_nothing_written(tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path, commit=False)
    (root / "errors.py").write_text("class Oops(Exception):\n    pass\n")
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match="does not define register_error_handlers"):
        run(SENTENCE, Options(path=root))
    assert snapshot_tree(root) == before


def test_an_edited_errors_module_is_kept(tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path)
    run(SENTENCE, Options(path=root, commit=True))
    errors = root / "errors.py"
    errors.write_text(errors.read_text() + "\n\nclass PaymentError(AppError):\n    pass\n")
    edited = errors.read_text()
    outcome = run(SENTENCE, Options(path=root, force=True))
    assert outcome.status == "unchanged"
    assert errors.read_text() == edited


# The compatible errors module as the version before wrote it (before a 5xx
# HTTPException was logged): the digest of its text, rendered then.
EARLIER_COMPATIBLE_MODULE = "4155be2289acb5f7bf95e77f002bb48e4a6c82d02ca6223d7a36bc289bfa1c2c"
COMPATIBLE_FILES = ("inventory/errors.py", "tests/test_errors.py", "tests/test_error_handlers.py")


def _written_by_the_version_before(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Apply the compatible contract to ``root`` as the version before wrote it."""
    load("error_handling")
    renderer = sys.modules["fastprod_recipes.error_handling.recipe"]._Renderer
    text = renderer.text

    def earlier(self: Any, name: str, context: dict[str, str], **kwargs: bool) -> str:
        return str(text(self, name, context, strict=kwargs["strict"], earlier=True))

    with monkeypatch.context() as patched:
        patched.setattr(renderer, "text", earlier)
        assert run(SENTENCE, Options(path=root, commit=True)).status == "applied"
    module = (root / "inventory/errors.py").read_bytes()
    assert hashlib.sha256(module).hexdigest() == EARLIER_COMPATIBLE_MODULE


def test_the_version_before_s_unedited_files_are_brought_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_fixture("detail_clients", tmp_path)
    _written_by_the_version_before(root, monkeypatch)
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.status == "applied"
    assert {str(change.path) for change in outcome.changes if change.before != change.after} == {
        *COMPATIBLE_FILES
    }
    [told] = [m for m in outcome.messages if m.startswith("brought up to date")]
    assert ", ".join(COMPATIBLE_FILES) in told
    assert "a server error (5xx) HTTPException is logged once" in told
    # As this version writes them, and left alone by the next run.
    fresh = copy_fixture("detail_clients", tmp_path / "fresh")
    run(SENTENCE, Options(path=fresh, commit=True))
    for path in COMPATIBLE_FILES:
        assert (root / path).read_text() == (fresh / path).read_text(), path
    assert run(SENTENCE, Options(path=root)).status == "unchanged"


def _edited_after_the_version_before(
    root: Path, monkeypatch: pytest.MonkeyPatch, path: str, addition: str
) -> Outcome:
    # The previous version's files, one of them edited and committed, then the recipe again.
    _written_by_the_version_before(root, monkeypatch)
    edited = root / path
    edited.write_text(edited.read_text() + addition)
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "edited")
    return run(SENTENCE, Options(path=root))


def test_tests_of_the_version_before_stay_beside_an_edited_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_fixture("detail_clients", tmp_path)
    outcome = _edited_after_the_version_before(
        root, monkeypatch, "inventory/errors.py", "\n\nclass PaymentError(AppError):\n    pass\n"
    )
    # New tests would check the logging the kept module does not do.
    assert outcome.status == "unchanged"
    assert not any(m.startswith("brought up to date") for m in outcome.messages)


def test_an_edited_test_of_the_version_before_is_kept_and_the_rest_brought_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_fixture("detail_clients", tmp_path)
    outcome = _edited_after_the_version_before(
        root, monkeypatch, "tests/test_errors.py", "\n\ndef test_mine() -> None:\n    pass\n"
    )
    assert {str(change.path) for change in outcome.changes if change.before != change.after} == {
        "inventory/errors.py",
        "tests/test_error_handlers.py",
    }


@pytest.mark.slow
def test_tests_of_the_version_before_pass_beside_the_module_brought_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_fixture("detail_clients", tmp_path)
    _written_by_the_version_before(root, monkeypatch)
    test = root / "tests/test_errors.py"
    test.write_text(test.read_text() + "\n\ndef test_mine() -> None:\n    pass\n")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "edited")
    assert run(SENTENCE, Options(path=root, commit=True)).status == "applied"
    assert "http_error_handler" not in test.read_text()
    result = run_tool(root, "pytest", ["pytest", "-q", "-p", "no:cacheprovider"])
    assert result.ok, result.report()
    # The project's own tests, the kept test_errors.py (and its test_mine), and
    # test_error_handlers.py as this version writes it.
    assert re.search(r"\b80 passed\b", result.output), result.output[-2000:]


def test_an_older_module_answering_fastapis_errors_in_the_envelope_is_kept_saying_why(
    tmp_path: Path,
) -> None:
    root = copy_fixture("detail_clients", tmp_path)
    run(SENTENCE, Options(path=root, commit=True))
    # What the versions before the byte-for-byte contract answered an HTTPException with.
    errors = root / "inventory/errors.py"
    errors.write_text(
        errors.read_text().replace(
            '    body = {"detail": message, "error": error}\n',
            '    body = {"detail": message if detail is None else detail, "error": error}\n',
        )
    )
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "older")
    outcome = run(SENTENCE, Options(path=root))
    assert outcome.status == "unchanged"
    [told] = [m for m in outcome.messages if "written by an older version" in m]
    assert told.startswith("inventory/errors.py was written by an older version")
    assert "delete it and its tests and run again" in told


@pytest.mark.slow
def test_generated_project_with_error_handling_passes_its_checks_and_boots(
    tmp_path: Path,
) -> None:
    root = generate(tmp_path, "shop")
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.status == "applied"
    assert (root / "src/app/core/errors.py").is_file()
    assert (root / "tests/test_errors.py").is_file()
    for result in run_checks(root):
        assert result.ok, result.report()
    with serve(root) as base_url:
        status, body = get(f"{base_url}/no-such-route")
        assert status == 404
        assert '"error"' in body and '"NOT_FOUND"' in body


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return tmp_path


APP = "from fastapi import FastAPI\n\napp = FastAPI()\n"


@pytest.mark.parametrize(
    "registration",
    [
        "app.add_exception_handler(RequestValidationError, handler)\n",
        "@app.exception_handler(HTTPException)\nasync def handler(request, exc):\n    pass\n",
        "other = FastAPI(exception_handlers={404: handler})\n",
        "app.add_exception_handler(Exception, handler)\n",
    ],
)
def test_a_project_with_its_own_handlers_is_refused_the_strict_envelope(
    tmp_path: Path, registration: str
) -> None:
    root = _project(tmp_path, {"main.py": APP + registration})
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match=r"main\.py:\d+ handles .*would replace that handler"):
        run(STRICT_SENTENCE, Options(path=root, force=True))
    assert snapshot_tree(root) == before


@pytest.mark.parametrize(
    "registration",
    [
        "app.add_exception_handler(Exception, handler)\n",
        "other = FastAPI(exception_handlers={500: handler})\n",
    ],
)
def test_a_project_that_handles_unexpected_exceptions_is_refused(
    tmp_path: Path, registration: str
) -> None:
    root = _project(tmp_path, {"main.py": APP + registration})
    with pytest.raises(RecipeError, match=r"main\.py:\d+ handles .*would replace that handler"):
        run(SENTENCE, Options(path=root, force=True))


@pytest.mark.parametrize(
    "registration",
    [
        "app.add_exception_handler(RequestValidationError, handler)\n",
        "@app.exception_handler(HTTPException)\nasync def handler(request, exc):\n    pass\n",
        "other = FastAPI(exception_handlers={404: handler})\n",
    ],
)
def test_the_compatible_contract_keeps_the_projects_handlers_of_fastapis_errors(
    tmp_path: Path, registration: str
) -> None:
    # Compatible registers no handler for them: the project's keep answering.
    root = _project(tmp_path, {"main.py": APP + registration})
    outcome = run(SENTENCE, Options(path=root, force=True))
    assert outcome.status == "applied"
    assert (root / "main.py").read_text().count(registration) == 1


def test_handlers_for_the_projects_own_exceptions_do_not_conflict(tmp_path: Path) -> None:
    registration = "app.add_exception_handler(PaymentDeclined, handler)\n"
    root = _project(tmp_path, {"main.py": APP + registration})
    assert run(SENTENCE, Options(path=root, force=True)).status == "applied"


def test_app_in_a_package_init_imports_its_sibling_relatively(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/api/__init__.py": "from fastapi import FastAPI\n\nfrom .routes import r\n\n"
            "app = FastAPI()\napp.include_router(r)\n",
            "svc/api/routes.py": "from fastapi import APIRouter\n\nr = APIRouter()\n",
        },
    )
    run(SENTENCE, Options(path=root, force=True))
    text = (root / "svc/api/__init__.py").read_text()
    assert "from .errors import register_error_handlers\n" in text
    assert (root / "svc/api/errors.py").is_file()


def test_tests_go_beside_the_apps_manifest_in_a_monorepo(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "backend/pyproject.toml": '[project]\nname = "api"\nrequires-python = ">=3.11"\n'
            'dependencies = ["fastapi>=0.110", "pydantic>=2"]\n',
            "backend/app/__init__.py": "",
            "backend/app/main.py": APP,
            "backend/tests/test_main.py": "def test_nothing() -> None:\n    pass\n",
            "frontend/package.json": "{}\n",
        },
    )
    outcome = run(SENTENCE, Options(path=root, force=True))
    written = {str(change.path) for change in outcome.changes}
    assert written == {
        "backend/app/errors.py",
        "backend/app/main.py",
        "backend/tests/test_error_handlers.py",
        "backend/tests/test_errors.py",
    }


@pytest.mark.parametrize("line_length", [79, 88, 120])
def test_new_files_keep_their_form_under_any_common_line_length(
    tmp_path: Path, line_length: int
) -> None:
    import subprocess
    import sys

    root = copy_fixture("app_in_tests_too", tmp_path)
    run(SENTENCE, Options(path=root, commit=True))
    files = ["app/errors.py", "tests/test_errors.py", "tests/test_error_handlers.py"]
    command = [sys.executable, "-m", "ruff", "format", "--isolated", "--check"]
    done = subprocess.run(
        [*command, "--line-length", str(line_length), *files],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_crlf_project_gets_crlf_files(tmp_path: Path) -> None:
    root = _project(tmp_path, {"main.py": APP.replace("\n", "\r\n")})
    (root / "main.py").write_bytes(APP.replace("\n", "\r\n").encode())
    run(SENTENCE, Options(path=root))
    errors = (root / "errors.py").read_bytes()
    assert b"\r\n" in errors
    assert b"\n" not in errors.replace(b"\r\n", b"")
    main = (root / "main.py").read_bytes()
    assert b"from errors import register_error_handlers\r\n" in main


# The error contract: compatible on a project that exists, strict when asked or new.


def contract_of(changes: ChangeSet) -> str:
    return changes.messages[0]


def test_an_existing_project_keeps_fastapis_detail_beside_the_envelope(tmp_path: Path) -> None:
    root = copy_fixture("detail_clients", tmp_path)
    changes = plan(root)
    assert contract_of(changes).startswith(
        "error contract: compatible (the project exists: its clients may read detail): "
        "HTTPException and validation errors answer as they do today, byte for byte"
    )
    assert '"error": {"code", "message", "details"}, which clients may start to read' in (
        contract_of(changes)
    )
    errors = {str(c.path): c.after for c in changes.changes}["inventory/errors.py"]
    assert '    body = {"detail": message, "error": error}\n' in errors
    # FastAPI's own errors keep the handlers they have: its HTTPException handler,
    # wrapped to log a 5xx, answers.
    assert "return await http_exception_handler(request, exc)\n" in errors
    assert "RequestValidationError" not in errors


def test_asking_for_the_strict_envelope_drops_detail(tmp_path: Path) -> None:
    root = copy_fixture("detail_clients", tmp_path)
    changes = plan(root, strict=True)
    assert contract_of(changes).startswith("error contract: strict (asked for)")
    assert 'must read "error" instead' in contract_of(changes)
    errors = {str(c.path): c.after for c in changes.changes}["inventory/errors.py"]
    assert '    body = {"error": error}\n' in errors
    assert '"detail": message' not in errors


def test_a_project_created_by_the_same_sentence_gets_the_strict_envelope(tmp_path: Path) -> None:
    sentence = "create a new FastAPI project called shop and set up error handling"
    outcome = run(sentence, Options(path=tmp_path))
    assert outcome.status == "applied"
    contracts = [m for m in outcome.messages if m.startswith("error contract:")]
    assert contracts[0].startswith("error contract: strict (the project is created by this")
    assert '    body = {"error": error}\n' in (outcome.root / "src/app/core/errors.py").read_text()


def test_a_view_tells_a_file_planned_in_this_run_from_one_on_disk(tmp_path: Path) -> None:
    root = _project(tmp_path, {"main.py": APP})
    planned = ChangeSet(
        (
            FileChange(PurePosixPath("new.py"), None, "x = 1\n"),
            FileChange(PurePosixPath("main.py"), APP, APP + "x = 1\n"),
        )
    )
    view = Project(root).with_changes(planned)
    assert view.is_new("new.py")
    assert not view.is_new("main.py")
    assert not view.is_new("absent.py")
    assert not Project(root).is_new("main.py")


def test_a_project_generated_by_new_project_gets_the_strict_envelope(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    assert contract_of(plan(root)).startswith(
        "error contract: strict (src/app/main.py is new_project's: no client yet)"
    )


def test_a_generated_project_whose_app_module_was_rewritten_is_an_existing_one(
    tmp_path: Path,
) -> None:
    root = generate(tmp_path, "shop")
    main = root / "src/app/main.py"
    main.write_text('"""Shop API: served in production since March."""\n' + main.read_text())
    assert contract_of(plan(root)).startswith("error contract: compatible")


def test_the_strict_envelope_replaces_an_unedited_compatible_module(tmp_path: Path) -> None:
    root = copy_fixture("detail_clients", tmp_path)
    run(SENTENCE, Options(path=root, commit=True))
    switched = plan(root, strict=True)
    assert {str(c.path) for c in switched.effective()} == {
        "inventory/errors.py",
        "tests/test_errors.py",
        "tests/test_error_handlers.py",
    }
    assert "kept as it is" not in " ".join(switched.messages)


@pytest.mark.parametrize(
    "edited", ["inventory/errors.py", "tests/test_errors.py", "tests/test_error_handlers.py"]
)
def test_the_strict_envelope_keeps_an_edited_compatible_pair_and_says_so(
    tmp_path: Path, edited: str
) -> None:
    root = copy_fixture("detail_clients", tmp_path)
    run(SENTENCE, Options(path=root, commit=True))
    target = root / edited
    target.write_text(target.read_text() + "\n\nclass Extra:\n    pass\n")
    switched = plan(root, strict=True)
    # The module and its tests switch together or not at all.
    assert switched.effective() == ()
    kept = [m for m in switched.messages if " is kept as it is" in m]
    assert len(kept) == 1
    assert kept[0].startswith(f"{edited} is kept as it is") and "by hand" in kept[0]


def test_a_plain_run_after_the_strict_one_changes_nothing(tmp_path: Path) -> None:
    root = copy_fixture("detail_clients", tmp_path)
    apply_strict(root)
    again = run(SENTENCE, Options(path=root))
    assert again.status == "unchanged"


def test_a_project_that_replaces_openapi_is_told_how_to_keep_the_envelope(
    tmp_path: Path,
) -> None:
    source = APP + "\n\ndef custom_openapi():\n    return {}\n\n\napp.openapi = custom_openapi\n"
    root = _project(tmp_path, {"main.py": source})
    messages = plan(root).messages
    told = [m for m in messages if m.startswith("main.py:10 replaces the app's openapi()")]
    assert len(told) == 1
    assert "describe_error_responses()" in told[0]


def test_the_strict_sentence_asks_for_the_strict_envelope() -> None:
    assert parse(STRICT_SENTENCE) == [Intent("error_handling", {"strict": True})]


# The errors module at run time, in both contracts: each defect of the reviewed
# version has a regression test here as well as in the generated tests.


def errors_module(tmp_path: Path, *, strict: bool) -> ModuleType:
    """Plan the recipe on a single-file app and import the errors module it writes."""
    root = _project(tmp_path, {"main.py": APP})
    text = {str(c.path): c.after for c in plan(root, strict=strict).changes}["errors.py"]
    name = f"generated_errors_{'strict' if strict else 'compatible'}_{id(tmp_path)}"
    path = tmp_path / f"{name}.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Item(BaseModel):
    name: str
    price: float


def demo_app(errors: ModuleType | None, *, debug: bool = False) -> FastAPI:
    app = FastAPI(debug=debug)
    if errors is not None:
        errors.register_error_handlers(app)

    @app.get("/status/{code}")
    async def status(code: int) -> None:
        headers = {"WWW-Authenticate": "Bearer", "Retry-After": "7"}
        raise HTTPException(status_code=code, detail=f"raised {code}", headers=headers)

    @app.get("/structured")
    async def structured() -> None:
        raise HTTPException(status_code=400, detail={"hint": "page"})

    @app.get("/unavailable")
    async def unavailable() -> None:
        assert errors is not None
        raise errors.ServiceUnavailableError(retry_after=90)

    @app.get("/crash")
    async def crash() -> None:
        raise RuntimeError("password=hunter2")

    @app.post("/items")
    async def create(item: Item) -> Item:
        return item

    return app


def send(app: FastAPI, method: str, path: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        # The default transport raises what escapes the app, as a server would log it.
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.request(method, path, **kwargs)

    return asyncio.run(go())


BOTH = pytest.mark.parametrize("strict", [True, False], ids=["strict", "compatible"])


@BOTH
def test_a_5xx_keeps_its_headers_and_says_what_happened(tmp_path: Path, strict: bool) -> None:
    app = demo_app(errors_module(tmp_path, strict=strict))
    response = send(app, "GET", "/unavailable")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "90"
    assert response.json()["error"]["message"] == "Service unavailable"
    raised = send(app, "GET", "/status/503")
    assert raised.headers["retry-after"] == "7"
    if strict:
        assert raised.json()["error"] == {
            "code": "SERVICE_UNAVAILABLE",
            "message": "Service unavailable",
            "details": {},
        }
    else:
        # FastAPI's own answer, as raised.
        assert raised.json() == {"detail": "raised 503"}
    crash = send(app, "GET", "/crash").json()["error"]
    assert crash["message"] == "Internal server error"


@pytest.mark.parametrize(
    ("status", "code", "header"),
    [
        (401, "UNAUTHORIZED", "www-authenticate"),
        (403, "FORBIDDEN", None),
        (404, "NOT_FOUND", None),
        (409, "CONFLICT", None),
        (413, "CONTENT_TOO_LARGE", None),
        (429, "RATE_LIMITED", "retry-after"),
    ],
)
def test_http_exceptions_map_to_stable_codes_and_keep_headers(
    tmp_path: Path, status: int, code: str, header: str | None
) -> None:
    response = send(demo_app(errors_module(tmp_path, strict=True)), "GET", f"/status/{status}")
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"] == f"raised {status}"
    if header is not None:
        assert header in response.headers


def test_method_not_allowed_keeps_allow(tmp_path: Path) -> None:
    response = send(demo_app(errors_module(tmp_path, strict=True)), "PUT", "/crash")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    assert response.headers["allow"] == "GET"


@BOTH
@pytest.mark.parametrize("status", [204, 304])
def test_no_content_and_not_modified_have_no_body(
    tmp_path: Path, strict: bool, status: int
) -> None:
    response = send(demo_app(errors_module(tmp_path, strict=strict)), "GET", f"/status/{status}")
    assert response.status_code == status
    assert response.content == b""
    assert response.headers["retry-after"] == "7"


@BOTH
def test_openapi_describes_the_422_the_app_answers(tmp_path: Path, strict: bool) -> None:
    app = demo_app(errors_module(tmp_path, strict=strict))
    schema = app.openapi()
    declared = schema["components"]["schemas"]["HTTPValidationError"]
    body = send(app, "POST", "/items", json={"name": "x", "price": "high"}).json()
    if strict:
        assert set(body) == set(declared["required"]) == {"error"}
    else:
        # FastAPI's own schema, as its own 422 answer.
        assert declared == demo_app(None).openapi()["components"]["schemas"]["HTTPValidationError"]
    assert set(declared["properties"]) == set(body)
    assert "ErrorEnvelope" in schema["components"]["schemas"]
    post = schema["paths"]["/items"]["post"]["responses"]
    assert post["default"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorEnvelope"
    }


@BOTH
def test_debug_mode_answers_the_envelope_not_a_traceback(tmp_path: Path, strict: bool) -> None:
    app = demo_app(errors_module(tmp_path, strict=strict), debug=True)
    response = send(app, "GET", "/crash")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "INTERNAL_ERROR"
    assert "hunter2" not in response.text


@BOTH
def test_an_unexpected_error_is_logged_once_and_does_not_reach_the_server(
    tmp_path: Path, strict: bool, caplog: pytest.LogCaptureFixture
) -> None:
    errors = errors_module(tmp_path, strict=strict)
    with caplog.at_level(logging.DEBUG):
        # send() would raise if the exception escaped to the server, which logs it again.
        response = send(demo_app(errors), "GET", "/crash")
    assert response.status_code == 500
    assert "hunter2" not in response.text
    logged = [r for r in caplog.records if r.exc_info is not None]
    assert [(r.name, r.levelno) for r in logged] == [(errors.__name__, logging.ERROR)]


def test_the_compatible_contract_answers_fastapis_own_errors_byte_for_byte(
    tmp_path: Path,
) -> None:
    with_envelope = demo_app(errors_module(tmp_path, strict=False))
    plain = demo_app(None)
    for method, path, body in [
        ("GET", "/status/404", None),
        ("GET", "/status/409", None),
        ("GET", "/status/401", None),
        ("GET", "/status/500", None),
        ("GET", "/status/503", None),
        ("GET", "/status/204", None),
        ("GET", "/structured", None),
        ("GET", "/nowhere", None),
        ("PUT", "/crash", None),
        ("POST", "/items", {"name": "secret-name", "price": "high"}),
        ("POST", "/items", [1]),
    ]:
        ours = send(with_envelope, method, path, json=body)
        theirs = send(plain, method, path, json=body)
        assert ours.status_code == theirs.status_code, path
        assert ours.headers.items() == theirs.headers.items(), path
        assert ours.content == theirs.content, path


@pytest.mark.parametrize("status", [500, 503])
def test_the_compatible_contract_logs_a_5xx_http_exception_once_its_answer_unchanged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, status: int
) -> None:
    errors = errors_module(tmp_path, strict=False)
    with caplog.at_level(logging.DEBUG):
        ours = send(demo_app(errors), "GET", f"/status/{status}")
    theirs = send(demo_app(None), "GET", f"/status/{status}")
    assert (ours.status_code, ours.headers.items(), ours.content) == (
        theirs.status_code,
        theirs.headers.items(),
        theirs.content,
    )
    logged = [r for r in caplog.records if r.name == errors.__name__]
    assert [(r.levelno, r.getMessage()) for r in logged] == [
        (logging.ERROR, f"HTTP {status} on GET /status/{status}")
    ]
    assert logged[0].exc_info is not None
    assert isinstance(logged[0].exc_info[1], HTTPException)


def test_the_compatible_contract_logs_no_client_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    errors = errors_module(tmp_path, strict=False)
    with caplog.at_level(logging.DEBUG):
        for path in ("/status/404", "/status/409", "/nowhere", "/structured"):
            send(demo_app(errors), "GET", path)
    assert [r for r in caplog.records if r.name == errors.__name__] == []


def test_the_compatible_contract_keeps_the_apps_own_http_exception_handler(
    tmp_path: Path,
) -> None:
    errors = errors_module(tmp_path, strict=False)

    async def own(request: Request, exc: Exception) -> Response:
        return JSONResponse({"oops": True}, status_code=418)

    app = FastAPI(exception_handlers={StarletteHTTPException: own})
    errors.register_error_handlers(app)
    assert app.exception_handlers[StarletteHTTPException] is own

    @app.get("/down")
    async def down() -> None:
        raise HTTPException(status_code=503)

    assert send(app, "GET", "/down").json() == {"oops": True}


# A project whose clients read FastAPI's ``detail``: its tests must still pass.


def _failed(output: str) -> set[str]:
    return set(re.findall(r"^FAILED (\S+?)(?: - .*)?$", output, flags=re.MULTILINE))


@pytest.mark.slow
def test_an_existing_projects_tests_still_pass_while_strict_would_break_them(
    tmp_path: Path,
) -> None:
    compatible = copy_fixture("detail_clients", tmp_path / "compatible")
    assert run(SENTENCE, Options(path=compatible, commit=True)).status == "applied"
    result = run_tool(compatible, "pytest", ["pytest", "-q", "-p", "no:cacheprovider"])
    assert result.ok, result.report()
    # Its own tests, test_errors.py and test_error_handlers.py, all on the compatible contract.
    assert re.search(r"\b80 passed\b", result.output), result.output[-2000:]

    strict = copy_fixture("detail_clients", tmp_path / "strict")
    apply_strict(strict)
    result = run_tool(strict, "pytest", ["pytest", "-q", "-p", "no:cacheprovider"])
    assert not result.ok
    assert _failed(result.output) == {
        "tests/test_api.py::test_unknown_item_is_404_with_its_detail",
        "tests/test_api.py::test_duplicate_sku_is_409_with_its_detail",
        "tests/test_api.py::test_invalid_item_is_422_listing_the_fields",
        "tests/test_api.py::test_delete_needs_an_admin_token",
        "tests/test_api.py::test_maintenance_is_503_with_retry_after",
    }, result.output[-3000:]


@pytest.mark.slow
def test_a_generated_project_on_the_compatible_contract_passes_its_checks(
    tmp_path: Path,
) -> None:
    root = generate(tmp_path, "shop")
    main = root / "src/app/main.py"
    main.write_text(main.read_text().replace('"""The application factory', '"""The factory', 1))
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "docs")
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.messages[0].startswith("error contract: compatible")
    for result in run_checks(root):
        assert result.ok, result.report()


# Each line that matters, broken on purpose: the generated tests must turn red.
BREAKAGES = {
    "handlers not registered": (
        "inventory/main.py",
        "register_error_handlers(app)\n",
        "",
    ),
    "5xx tells its message": (
        "inventory/errors.py",
        "            status_message(exc.status_code),\n",
        "            exc.message,\n",
    ),
    "5xx drops its headers": (
        "inventory/errors.py",
        "            status_message(exc.status_code),\n            headers=exc.headers,\n",
        "            status_message(exc.status_code),\n",
    ),
    "unhandled errors reach the server": (
        "inventory/errors.py",
        "    app.add_middleware(UnhandledErrorMiddleware)\n",
        "",
    ),
    "openapi not described": ("inventory/errors.py", "    _describe_errors_in_openapi(app)\n", ""),
}
# What only the strict module holds: the handlers of FastAPI's own errors.
STRICT_BREAKAGES = {
    "validation echoes the input": (
        "inventory/errors.py",
        '            "type": error["type"],\n        }\n',
        '            "type": error["type"],\n            "input": error.get("input"),\n        }\n',
    ),
    "204 and 304 get a body": ("inventory/errors.py", "frozenset({204, 304})", "frozenset()"),
}
# The compatible module: the hierarchy keeps detail, FastAPI's own errors their answers.
COMPATIBLE_BREAKAGES = {
    "the hierarchy drops detail": (
        "inventory/errors.py",
        '    body = {"detail": message, "error": error}\n',
        '    body = {"error": error}\n',
    ),
    "an HTTPException answered by the envelope": (
        "inventory/errors.py",
        "    app.add_exception_handler(AppError, app_error_handler)\n",
        "    app.add_exception_handler(AppError, app_error_handler)\n"
        "    app.add_exception_handler(404, app_error_handler)\n",
    ),
    "a 5xx HTTPException not logged": (
        "inventory/errors.py",
        '        logger.error(\n            "HTTP %s on %s %s",\n',
        '        logger.debug(\n            "HTTP %s on %s %s",\n',
    ),
    "FastAPI's HTTPException handler not wrapped": (
        "inventory/errors.py",
        "        app.add_exception_handler(StarletteHTTPException, http_error_handler)\n",
        "        pass\n",
    ),
}


@pytest.mark.slow
@BOTH
def test_the_generated_tests_catch_a_broken_line(tmp_path: Path, strict: bool) -> None:
    root = copy_fixture("detail_clients", tmp_path)
    if strict:
        apply_strict(root)
    else:
        run(SENTENCE, Options(path=root, commit=True))
    command = ["pytest", "-q", "-x", "-p", "no:cacheprovider", "tests/test_errors.py"]
    baseline = run_tool(root, "pytest", command)
    assert baseline.ok, baseline.report()
    breakages = BREAKAGES | (STRICT_BREAKAGES if strict else COMPATIBLE_BREAKAGES)
    for name, (path, line, broken) in breakages.items():
        target = root / path
        original = target.read_text()
        assert line in original, name
        # Each place the line appears is broken on its own (the strict module
        # answers a 5xx in two handlers).
        for index in range(original.count(line)):
            target.write_text(_replace_nth(original, line, broken, index))
            result = run_tool(root, f"pytest ({name})", command)
            target.write_text(original)
            assert not result.ok, f"{name} (#{index + 1}): the generated tests stayed green"


def _replace_nth(text: str, old: str, new: str, index: int) -> str:
    parts = text.split(old)
    return old.join(parts[: index + 1]) + new + old.join(parts[index + 1 :])


# The base carries nothing; its subclasses set their status in __init__; a decorator
# registers the handler: the same hierarchy, spelled another way.
SUBCLASSES_CARRY = """\
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI(title="Depot")


class DepotError(Exception):
    pass


class CrateNotFound(DepotError):
    def __init__(self, crate_id: int) -> None:
        super().__init__(f"no crate {crate_id}")
        self.status_code = 404


@app.exception_handler(DepotError)
async def on_depot_error(request: Request, exc: DepotError) -> JSONResponse:
    return JSONResponse(status_code=getattr(exc, "status_code", 400), content={"e": str(exc)})
"""


@pytest.mark.parametrize(
    ("spelling", "where"),
    [
        (
            "class attributes",
            "depot/errors.py:7 DepotError carries a code and a status, "
            "answered by the handler at depot/main.py:6",
        ),
        (
            "set by subclasses",
            "depot/main.py:7 DepotError carries a code and a status, "
            "answered by the handler at depot/main.py:17",
        ),
    ],
)
def test_a_projects_own_error_hierarchy_is_reported_and_kept(
    spelling: str, where: str, tmp_path: Path
) -> None:
    root = copy_fixture("own_errors", tmp_path, commit=False)
    if spelling == "set by subclasses":
        (root / "depot/errors.py").unlink()
        (root / "depot/main.py").write_text(SUBCLASSES_CARRY)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "depot")
    before = snapshot_tree(root)
    outcome = run("set up error handling", Options(path=root))
    assert outcome.status == "unchanged"
    assert any(
        f"the project has its own error hierarchy: {where}: nothing was changed" in message
        for message in outcome.messages
    ), outcome.messages
    assert snapshot_tree(root) == before


def test_a_handler_for_a_class_that_carries_nothing_is_not_a_hierarchy(tmp_path: Path) -> None:
    root = copy_fixture("own_errors", tmp_path, commit=False)
    (root / "depot/main.py").write_text(
        SUBCLASSES_CARRY.replace("        self.status_code = 404\n", "")
    )
    (root / "depot/errors.py").unlink()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "depot")
    outcome = run("set up error handling", Options(path=root, dry_run=True))
    assert outcome.status == "planned"
