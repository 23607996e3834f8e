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
