"""fastprod: apply FastAPI production engineering from one plain-English sentence.

The public API is small: :func:`parse` turns a sentence into intents, recipes
plan :class:`ChangeSet` values against a read-only :class:`Project`, and the
engine (the ``fastprod`` command, or :func:`run` for a program that wraps it)
shows or applies them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import (
    FastprodError,
    InternalError,
    PlanChanged,
    ProjectError,
    RecipeError,
    RecipeUnavailable,
    UndoRefused,
    UnrecognizedCommand,
    UnsafeOperation,
    VerifyFailed,
)

if TYPE_CHECKING:
    from ._api import FileResult, Result, run
    from ._changes import ChangeSet, FileChange
    from ._intents import INTENT_NAMES, Intent
    from ._project import AppLocation, Manifest, Project, SettingsLocation, Versions
    from ._recipe import Recipe

__version__ = "0.1.0"

__all__ = [
    "INTENT_NAMES",
    "AppLocation",
    "ChangeSet",
    "FastprodError",
    "FileChange",
    "FileResult",
    "Intent",
    "InternalError",
    "Manifest",
    "PlanChanged",
    "Project",
    "ProjectError",
    "Recipe",
    "RecipeError",
    "RecipeUnavailable",
    "Result",
    "SettingsLocation",
    "UndoRefused",
    "UnrecognizedCommand",
    "UnsafeOperation",
    "VerifyFailed",
    "Versions",
    "__version__",
    "parse",
    "run",
]


def parse(text: str) -> list[Intent]:
    """Parse a sentence into the ordered list of intents it asks for.

    Raises:
        UnrecognizedCommand: Some part of the sentence is not understood; its
            ``suggestions`` hold the closest supported commands.
    """
    from ._reading import parse as _parse

    return _parse(text)


# Imported when first used, so that reading a sentence loads neither the
# project model nor the recipe machinery.
_LAZY = {
    "FileResult": "_api",
    "Result": "_api",
    "run": "_api",
    "ChangeSet": "_changes",
    "FileChange": "_changes",
    "INTENT_NAMES": "_intents",
    "Intent": "_intents",
    "AppLocation": "_project",
    "Manifest": "_project",
    "Project": "_project",
    "SettingsLocation": "_project",
    "Versions": "_project",
    "Recipe": "_recipe",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'fastprod' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
