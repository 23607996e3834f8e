"""Recipes import only the public facade, ``fastprod.recipe``, and public modules."""

from __future__ import annotations

import ast
from pathlib import Path

import fastprod
import fastprod.recipe

RECIPES = Path(__file__).parent.parent / "recipes"


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
            modules += [f"{node.module}.{alias.name}" for alias in node.names]
    return modules


#: What a recipe may import of fastprod: the package and its public modules.
PUBLIC = ("fastprod", "fastprod.recipe", "fastprod.edit", "fastprod.manifest", "fastprod.templates")


def _public(module: str) -> bool:
    # ``from fastprod.recipe import Project`` lists fastprod.recipe.Project too.
    if module.split(".")[0] != "fastprod":
        return True
    parent, _, name = module.rpartition(".")
    if module in PUBLIC:
        return True
    if parent == "fastprod":  # a name the package exports, not one of its packages
        return name in fastprod.__all__
    return parent in PUBLIC and not name.startswith("_")


def test_no_recipe_imports_a_private_fastprod_module() -> None:
    offenders = [
        f"{path.relative_to(RECIPES)}: {module}"
        for path in sorted(RECIPES.rglob("*.py"))
        for module in _imported_modules(path)
        if not _public(module)
    ]
    assert offenders == []


def test_the_check_sees_a_private_import(tmp_path: Path) -> None:
    sample = tmp_path / "recipe.py"
    sample.write_text(
        "from fastprod.scorecards import run_audit\n"
        "from fastprod import _state\n"
        "from fastprod.recipe import Project\n"
        "import fastprod.core\n"
    )
    private = [module for module in _imported_modules(sample) if not _public(module)]
    assert private == [
        "fastprod.scorecards",
        "fastprod.scorecards.run_audit",
        "fastprod._state",
        "fastprod.core",
    ]


def test_every_facade_name_exists() -> None:
    missing = [name for name in fastprod.recipe.__all__ if not hasattr(fastprod.recipe, name)]
    assert missing == []


def test_importing_the_facade_leaves_the_scorecards_unloaded() -> None:
    import subprocess
    import sys

    code = "import sys, fastprod.recipe; print('fastprod.scorecards._run' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_first_party_names_the_modules_and_packages_at_the_import_root(tmp_path: Path) -> None:
    from fastprod.recipe import Project, first_party

    (tmp_path / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    (tmp_path / "errors.py").write_text("X = 1\n")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared/__init__.py").write_text("")
    (tmp_path / "shared/util.py").write_text("Y = 2\n")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts/seed.py").write_text("Z = 3\n")
    assert first_party(Project(tmp_path)) == {"main", "errors", "shared"}
