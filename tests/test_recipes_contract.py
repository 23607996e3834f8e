"""Every recipe keeps the same contract, whoever wrote it.

Registered once, in one list; its folder, USAGE.md and examples agree; it
plans without writing; a second run changes nothing; its Python output parses.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import copy_fixture, snapshot_tree

from fastprod import ChangeSet, Project, Recipe, parse
from fastprod._intents import INTENT_NAMES
from fastprod._registry import RECIPES, load
from fastprod._resources import recipes_dir

LAYOUTS = ("single_file", "bigger_app", "src_factory")


def _folders() -> list[str]:
    return sorted(p.name for p in recipes_dir().iterdir() if (p / "recipe.py").is_file())


def test_every_recipe_folder_is_registered_and_every_registered_name_has_a_folder() -> None:
    assert sorted(RECIPES) == _folders()


def test_registered_names_are_public_intents() -> None:
    assert set(RECIPES) <= set(INTENT_NAMES)


@pytest.mark.parametrize("name", RECIPES)
def test_recipe_names_itself_and_documents_itself(name: str) -> None:
    recipe = load(name)
    assert isinstance(recipe, Recipe)
    assert recipe.name == name
    assert recipe.summary and recipe.examples
    usage = (recipes_dir() / name / "USAGE.md").read_text(encoding="utf-8")
    assert usage.startswith(f"# {name}\n")
    for requirement in recipe.requires:
        assert requirement in RECIPES


@pytest.mark.parametrize("name", RECIPES)
def test_examples_parse_to_the_recipe(name: str) -> None:
    recipe = load(name)
    usage = (recipes_dir() / name / "USAGE.md").read_text(encoding="utf-8")
    documented = re.findall(r"^- `([^`]+)`$", usage.split("## Example sentences", 1)[-1], re.M)
    assert documented, "USAGE.md lists its example sentences under '## Example sentences'"
    for sentence in (*recipe.examples, *documented):
        assert [i.name for i in parse(sentence)] == [name], sentence


def _plan(recipe: Recipe[Any], project: Project, sentence: str) -> ChangeSet:
    (intent,) = parse(sentence)
    return recipe.plan(recipe.build_params(intent.params), project)


def _cases() -> list[tuple[str, str]]:
    cases = []
    for name in RECIPES:
        recipe = load(name)
        layouts = ("",) if recipe.creates_project else LAYOUTS
        cases += [(name, layout) for layout in layouts]
    return cases


@pytest.mark.parametrize(("name", "layout"), _cases())
def test_plans_without_writing_is_idempotent_and_output_parses(
    name: str, layout: str, tmp_path: Path
) -> None:
    recipe = load(name)
    root = copy_fixture(layout, tmp_path) if layout else tmp_path
    before = snapshot_tree(root)
    project = Project(root)
    first = _plan(recipe, project, recipe.examples[0])
    assert snapshot_tree(root) == before, "a recipe must never write"
    for change in first.effective():
        if change.path.suffix == ".py":
            ast.parse(change.after, filename=str(change.path))
    again = _plan(recipe, project.with_changes(first), recipe.examples[0])
    assert again.effective() == (), "a second run must change nothing"
