"""A real wheel carries the grammar and the recipes, and its command works."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from helpers import copy_fixture

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("fastprod-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel; dependencies come from this test environment."""
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)]
    subprocess.run(pip, check=True, capture_output=True)
    # Dependencies: this environment's site-packages, after the venv's own (no
    # .pth processing there, so the editable fastprod of this checkout stays out).
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import site; print(site.getsitepackages()[0])"], text=True
        ).strip()
    )
    (site / "zz_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env


def test_wheel_contains_grammar_and_recipes(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "fastprod/_data/grammar/fastprod.lark" in names
    assert "fastprod/_data/recipes/error_handling/recipe.py" in names
    assert "fastprod/_data/recipes/error_handling/templates/errors.py.jinja" in names
    assert "fastprod/_data/recipes/new_project/recipe.py" in names
    assert "fastprod/output.schema.json" in names


def test_installed_command_prints_the_shipped_schema(installed: Path) -> None:
    import json

    done = subprocess.run(
        [str(installed / "bin" / "fastprod"), "--json-schema"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["x-schema-version"] == "1.0"


def test_installed_command_runs_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    python = installed / "bin" / "python"
    where = subprocess.check_output(
        [str(python), "-c", "import fastprod.core._resources as r; print(r.data_dir())"], text=True
    )
    assert where.strip().startswith(str(installed)), where
    project = copy_fixture("single_file", tmp_path)
    done = subprocess.run(
        [
            str(installed / "bin" / "fastprod"),
            "set up error handling",
            "--path",
            str(project),
            "--dry-run",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "+++ b/errors.py" in done.stdout


def test_installed_command_generates_a_project(installed: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [
            str(installed / "bin" / "fastprod"),
            "create a new FastAPI project called shop",
            "--path",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "shop" / "src" / "app" / "main.py").is_file()
    assert (tmp_path / "shop" / ".git").is_dir()
