"""The Python a step writes is laid out by the project's own format settings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_fixture, git

from fastprod.edits._format import format_options, same_code
from fastprod.engine._engine import Options, run

RUFF = Path(sys.executable).parent / "ruff"

RUFF_100_SINGLE = """
[tool.ruff]
line-length = 100
target-version = "py311"

[tool.ruff.format]
quote-style = "single"
"""


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, []),
        ({"pyproject.toml": "[project]\nname = 'x'\n"}, []),
        (
            {"pyproject.toml": RUFF_100_SINGLE},
            ["format.quote-style='single'", "line-length=100", "target-version='py311'"],
        ),
        # ruff reads ruff.toml before pyproject.toml, and .ruff.toml before both.
        (
            {"pyproject.toml": RUFF_100_SINGLE, "ruff.toml": "line-length = 120\n"},
            ["line-length=120"],
        ),
        (
            {"ruff.toml": "line-length = 120\n", ".ruff.toml": "indent-width = 2\n"},
            ["indent-width=2"],
        ),
        # black's settings, said as ruff's.
        (
            {
                "pyproject.toml": "[tool.black]\nline-length = 79\n"
                "skip-string-normalization = true\nskip-magic-trailing-comma = true\n"
            },
            [
                "format.quote-style='preserve'",
                "format.skip-magic-trailing-comma=true",
                "line-length=79",
            ],
        ),
        # What ruff would not take is left out, never passed on.
        (
            {
                "pyproject.toml": "[tool.ruff]\nline-length = 'long'\ntarget-version = 'py2'\n"
                "[tool.ruff.format]\nquote-style = 'backtick'\nindent-style = 'tab'\n"
            },
            ["format.indent-style='tab'"],
        ),
        ({"pyproject.toml": "[tool.ruff\nline-length = 100\n"}, []),
        # No target-version: as ruff does, the oldest Python requires-python admits.
        ({"pyproject.toml": "[project]\nrequires-python = '>=3.14'\n"}, ["target-version='py314'"]),
        (
            {"pyproject.toml": "[project]\nrequires-python = '>=3.11.4,<4'\n"},
            ["target-version='py311'"],
        ),
        ({"pyproject.toml": "[project]\nrequires-python = '>=3.30'\n"}, []),
    ],
)
def test_format_options_are_the_projects(files: dict[str, str], expected: list[str]) -> None:
    assert format_options(files) == expected


def _project(tmp_path: Path, *, unformatted: str = "") -> Path:
    """bigger_app formatting to 100 columns with single quotes, its code kept so."""
    root = copy_fixture("bigger_app", tmp_path, commit=False)
    with (root / "pyproject.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(RUFF_100_SINGLE)
    subprocess.run([str(RUFF), "format", "--no-cache", "-q", "."], cwd=root, check=True)
    if unformatted:
        with (root / "app" / "main.py").open("a", encoding="utf-8") as module:
            module.write(unformatted)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fixture")
    return root


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RUFF), "format", "--no-cache", "--check", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_what_a_step_writes_passes_the_projects_format_check(tmp_path: Path) -> None:
    root = _project(tmp_path)
    run("add caching and structured logging", Options(path=root, commit=True))
    # The templates are written for 88 columns and double quotes: laid out anew.
    assert "from .cache import cache_lifespan" in (root / "app" / "main.py").read_text("utf-8")
    created = (root / "app" / "cache.py").read_text("utf-8")
    assert "'" in created
    assert _check(root).returncode == 0, _check(root).stdout


def test_a_module_the_project_does_not_format_keeps_its_layout(tmp_path: Path) -> None:
    root = _project(tmp_path, unformatted="\nTAGS = [ 'a','b' ]\n")
    run("add caching", Options(path=root, commit=True))
    main = (root / "app" / "main.py").read_text("utf-8")
    assert "from .cache import cache_lifespan" in main
    # Only the edit is new: the rest of the module is as the project wrote it.
    assert "TAGS = [ 'a','b' ]" in main
    assert git(root, "diff", "HEAD~1", "--stat", "--", "app/main.py")
    assert "app/cache.py" not in _check(root).stdout


def test_the_same_sentence_gives_the_same_diff(tmp_path: Path) -> None:
    first = _project(tmp_path / "a")
    second = _project(tmp_path / "b")
    diffs = [run("add caching", Options(path=root)).diff for root in (first, second)]
    assert diffs[0] == diffs[1]
    assert "+from .cache import cache_lifespan" in diffs[0]


AGAIN = (
    "add error handling",
    "add structured logging",
    "add caching",
    "add websocket support",
    "create a CRUD feature for invoices",
    "prepare for production deployment",
)


def test_a_second_run_on_code_laid_out_anew_changes_nothing(tmp_path: Path) -> None:
    # What a recipe rendered and what it wrote, laid out at 100 columns with single
    # quotes, are the same files: a second run finds them its own, unedited.
    root = _project(tmp_path)
    for sentence in AGAIN:
        assert run(sentence, Options(path=root, commit=True)).status == "applied", sentence
    assert _check(root).returncode == 0, _check(root).stdout
    for sentence in AGAIN:
        outcome = run(sentence, Options(path=root))
        assert outcome.status == "unchanged", sentence
        assert not [m for m in outcome.messages if re.search(r"\bedited\b|older version", m)]


def test_same_code_is_layout_blind_but_not_edit_blind() -> None:
    ours = 'def f(a, b):\n    return {"a": a, "b": b}  # both\n'
    laid = "def f(a, b):\n    return {'a': a, 'b': b}  # both\n"
    assert same_code(ours, laid)
    assert not same_code(ours, laid.replace("'b': b", "'b': a"))
    assert not same_code(ours, laid.replace("# both", "# edited"))
    assert not same_code(ours, None)
    assert not same_code("def f(:\n", "def f(:\n ")
