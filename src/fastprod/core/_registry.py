"""Every intent, registered once, one line each; its spec and its recipe.

An intent is a folder ``recipes/<name>/`` holding ``spec.toml``; it is
runnable when the folder also holds ``recipe.py`` defining ``RECIPE``. The
list below is checked against the folders when fastprod loads, so a folder
nobody registered, or a line with no folder, fails at once with its name.
The order is the order of ``--help`` and of the suggestions.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import is_dataclass, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeGuard

from fastprod.core._errors import RecipeUnavailable
from fastprod.core._resources import recipes_dir
from fastprod.core._specs import SPEC_FILE, Spec, SpecError, all_specs

if TYPE_CHECKING:
    from fastprod.project._recipe import Recipe

REGISTRY: tuple[str, ...] = (
    "audit",
    "new_project",
    "auth",
    "crud",
    "optimize_db",
    "logging",
    "write_tests",
    "deploy",
    "caching",
    "error_handling",
    "websocket",
    "security_review",
)

_PACKAGE = "fastprod_recipes"


def registered_specs() -> dict[str, Spec]:
    """Every registered intent's spec, in registry order.

    Raises:
        SpecError: A registered intent has no spec, or a spec is not registered.
    """
    found = all_specs()
    missing = [name for name in REGISTRY if name not in found]
    if missing:
        raise SpecError(
            f"'{missing[0]}' is registered in src/fastprod/core/_registry.py but "
            f"recipes/{missing[0]}/{SPEC_FILE} does not exist"
        )
    unregistered = sorted(set(found) - set(REGISTRY))
    if unregistered:
        raise SpecError(
            f"recipes/{unregistered[0]}/{SPEC_FILE} is not registered: add "
            f"'{unregistered[0]}' to REGISTRY in src/fastprod/core/_registry.py"
        )
    return {name: found[name] for name in REGISTRY}


SPECS: dict[str, Spec] = registered_specs()
RECIPES: tuple[str, ...] = tuple(name for name, spec in SPECS.items() if spec.available)
"""The intents that have a recipe, in registry order."""


def is_available(name: str) -> bool:
    """True when the intent has a recipe."""
    return name in RECIPES


def load(name: str) -> Recipe[Any]:
    """Import ``recipes/<name>/recipe.py`` and return its ``RECIPE``, described by its spec.

    The spec is the one description: the recipe's summary, examples, kind and
    requirements are the spec's.

    Raises:
        RecipeUnavailable: The intent exists but has no recipe yet.
    """
    if name not in RECIPES:
        ready = ", ".join(RECIPES)
        known = "is understood, but" if name in SPECS else "is not an intent and"
        raise RecipeUnavailable(f"'{name}' {known} has no recipe yet; available: {ready}")
    module = _import(name)
    recipe = getattr(module, "RECIPE", None)
    # Checked by shape, not by class: the registry sits below the layer that
    # defines Recipe (a dataclass with a name and a plan).
    if not _is_recipe(recipe) or recipe.name != name:
        raise RecipeUnavailable(f"recipes/{name}/recipe.py does not define RECIPE for '{name}'")
    spec = SPECS[name]
    return replace(
        recipe,
        summary=spec.summary,
        examples=spec.examples,
        requires=spec.requires,
        creates_project=spec.kind == "new_project",
        read_only=spec.kind == "report",
    )


def _is_recipe(value: object) -> TypeGuard[Recipe[Any]]:
    return (
        is_dataclass(value)
        and not isinstance(value, type)
        and callable(getattr(value, "plan", None))
    )


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
