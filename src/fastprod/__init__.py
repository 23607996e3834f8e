"""fastprod: apply FastAPI production engineering from one plain-English sentence.

The public API is small: :func:`parse` turns a sentence into intents, recipes
plan :class:`ChangeSet` values against a read-only :class:`Project`, and the
engine (the ``fastprod`` command, or :func:`run` for a program that wraps it)
shows or applies them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastprod.core._errors import (
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
from fastprod.core._version import __version__

if TYPE_CHECKING:
    from fastprod.core._changes import ChangeSet, FileChange
    from fastprod.core._intents import INTENT_NAMES, Intent
    from fastprod.face._api import FileResult, Result, run
    from fastprod.project._project import AppLocation, Manifest, Project, SettingsLocation, Versions
    from fastprod.project._recipe import Recipe


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
    from fastprod.language._reading import parse as _parse

    return _parse(text)


# Imported when first used, so that reading a sentence loads neither the
# project model nor the recipe machinery.
_LAZY = {
    "FileResult": "face._api",
    "Result": "face._api",
    "run": "face._api",
    "ChangeSet": "core._changes",
    "FileChange": "core._changes",
    "INTENT_NAMES": "core._intents",
    "Intent": "core._intents",
    "AppLocation": "project._project",
    "Manifest": "project._project",
    "Project": "project._project",
    "SettingsLocation": "project._project",
    "Versions": "project._project",
    "Recipe": "project._recipe",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'fastprod' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
