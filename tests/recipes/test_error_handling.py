"""error_handling: the diff on each project layout, idempotence, and a generated
project that keeps passing its own checks with the envelope wired in."""

from __future__ import annotations

from pathlib import Path

import pytest
from generated import generate, get, run_checks, serve
from helpers import copy_fixture, snapshot_tree
from snapshot import DiffSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from fastprod import Project, RecipeError
from fastprod._engine import Options, run
from fastprod._registry import load

SENTENCE = "set up error handling"
RECIPE = load("error_handling")
LAYOUTS = ("single_file", "bigger_app", "src_factory", "alias_import", "app_in_tests_too")


def plan_diff(root: Path) -> str:
    return RECIPE.plan(RECIPE.build_params({}), Project(root)).diff()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_diff_on_each_layout(layout: str, tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = copy_fixture(layout, tmp_path)
    assert plan_diff(root) == snapshot.use_extension(DiffSnapshotExtension)


def test_diff_on_a_generated_project(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = generate(tmp_path, "shop")
    assert plan_diff(root) == snapshot.use_extension(DiffSnapshotExtension)


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
def test_a_project_with_its_own_handlers_is_refused(tmp_path: Path, registration: str) -> None:
    root = _project(tmp_path, {"main.py": APP + registration})
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match=r"main\.py:\d+ handles .*would replace that handler"):
        run(SENTENCE, Options(path=root, force=True))
    assert snapshot_tree(root) == before


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
