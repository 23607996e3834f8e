"""fastprod: apply FastAPI production engineering from one plain-English sentence.

The public API is small: :func:`run` does what the ``fastprod`` command does
and returns a typed :class:`Result` (never printing, prompting or exiting);
:func:`parse` turns a sentence into intents; recipes plan :class:`ChangeSet`
values against a read-only :class:`Project`.
"""

from __future__ import annotations

from ._api import FileResult, Result, run
from ._changes import ChangeSet, FileChange
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
