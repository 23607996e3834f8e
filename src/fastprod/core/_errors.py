"""The errors fastprod raises, each with the exit code and JSON code it maps to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastprod.core._intents import Intent


class FastprodError(Exception):
    """Base class of every error fastprod reports to a user.

    Attributes:
        message: One line a person can act on.
        code: A stable machine-readable code for ``--json`` consumers.
        exit_code: The process exit status the CLI uses for this error.
        suggestions: Supported commands close to what was asked, if any.
    """

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        #: What was understood before the failure (for ``--json``), if anything.
        self.intents: tuple[Intent, ...] = ()


class UnrecognizedCommand(FastprodError):
    """The sentence is not a command fastprod understands (exit 2)."""

    code = "not_understood"
    exit_code = 2


class RecipeUnavailable(FastprodError):
    """The sentence was understood, but its recipe does not exist yet (exit 1)."""

    code = "recipe_unavailable"


class ProjectError(FastprodError):
    """The target repository cannot be worked on as it is (exit 1).

    Raised for: no FastAPI app found, several equally likely apps, a syntax error
    in the user's code, an unsupported Python or Pydantic version.
    """

    code = "project_error"


class RecipeError(FastprodError):
    """A recipe cannot apply to this project; nothing was written (exit 1)."""

    code = "recipe_error"


class UnsafeOperation(FastprodError):
    """fastprod refused to write, to keep the user's work safe (exit 3)."""

    code = "refused"
    exit_code = 3


class PlanChanged(UnsafeOperation):
    """The plan a person approved no longer matches the repository (exit 3).

    Raised when ``--plan-id`` names a plan made on another state of the
    repository, another sentence or another fastprod version.
    """

    code = "plan_changed"


class VerifyFailed(FastprodError):
    """The change was applied, failed ``--verify`` and was rolled back (exit 1).

    Attributes:
        output: The tail of the failing check's output.
    """

    code = "verify_failed"

    def __init__(self, message: str, *, output: str = "") -> None:
        super().__init__(message)
        self.output = output


class UndoRefused(UnsafeOperation):
    """The last change cannot be undone safely, or there is none (exit 3)."""

    code = "undo_refused"


class InternalError(FastprodError):
    """A fault in fastprod itself, reported instead of a traceback (exit 1)."""

    code = "internal_error"
