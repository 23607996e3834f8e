"""The recipes that exist, one line each, and how to load them."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

from ._errors import RecipeUnavailable
from ._intents import INTENT_NAMES
from ._recipe import Recipe
from ._resources import recipes_dir

RECIPES: tuple[str, ...] = (
    "new_project",
    "error_handling",
    "audit",
    "security_review",
)

_PACKAGE = "fastprod_recipes"


def is_available(name: str) -> bool:
    """True when the intent has a recipe."""
    return name in RECIPES


def load(name: str) -> Recipe[Any]:
    """Import ``recipes/<name>/recipe.py`` and return its ``RECIPE``.

    Raises:
        RecipeUnavailable: The intent exists but has no recipe yet.
    """
    if name not in RECIPES:
        ready = ", ".join(RECIPES)
        known = "is understood, but" if name in INTENT_NAMES else "is not an intent and"
        raise RecipeUnavailable(f"'{name}' {known} has no recipe yet; available: {ready}")
    module = _import(name)
    recipe = getattr(module, "RECIPE", None)
    if not isinstance(recipe, Recipe) or recipe.name != name:
        raise RecipeUnavailable(f"recipes/{name}/recipe.py does not define RECIPE for '{name}'")
    return recipe


def _import(name: str) -> ModuleType:
    qualified = f"{_PACKAGE}.{name}.recipe"
    if qualified in sys.modules:
        return sys.modules[qualified]
    _ensure_package()
    path = recipes_dir() / name / "recipe.py"
    spec = importlib.util.spec_from_file_location(qualified, path)
    if spec is None or spec.loader is None:
        raise RecipeUnavailable(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


def _ensure_package() -> None:
    # Recipes live outside src/ (and inside the wheel's data dir); give them a
    # package so they can import siblings relatively if they need to.
    if _PACKAGE in sys.modules:
        return
    package = ModuleType(_PACKAGE)
    package.__path__ = [str(recipes_dir())]
    sys.modules[_PACKAGE] = package
