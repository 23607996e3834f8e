"""Generate a production-ready FastAPI project: app factory, settings, async database,
Alembic, health and readiness probes, tests, and the lint and type-check setup.

The engine makes the target directory (``./<name>/``, or the current directory
when it is empty) the project root; this recipe only plans the files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fastprod.recipe import ChangeSet, Project, Recipe, RecipeError, render_tree

TEMPLATES = Path(__file__).resolve().parent / "templates"
FALLBACK_NAME = "app"
# The name is written into Python source; longer names would push those lines
# past the generated project's line length.
MAX_NAME_LENGTH = 40


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of ``new_project``.

    Attributes:
        name: The project name (``shop``, ``billing_api``); ``None`` takes the
            target directory's name.
    """

    name: str | None = None


def snake_case(text: str) -> str:
    """Return ``text`` as an ASCII snake_case name (``"Billing API"`` -> ``billing_api``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # Split camel case, keeping acronyms whole: "HTTPServer" -> "HTTP_Server".
    split = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", ascii_text)
    return re.sub(r"[^a-z0-9]+", "_", split.lower()).strip("_")


def project_name(params: Params, project: Project) -> str:
    """The snake_case name: the one asked for, else the directory's, else ``app``.

    Raises:
        RecipeError: The name has no letter or digit, or is too long.
    """
    if params.name is None:
        name = snake_case(project.root.name) or FALLBACK_NAME
        asked = f"the directory name '{project.root.name}'"
    else:
        name = snake_case(params.name)
        asked = f"'{params.name}'"
    if not name:
        raise RecipeError(f"{asked} cannot be a project name: use letters and digits")
    if len(name) > MAX_NAME_LENGTH:
        raise RecipeError(
            f"{asked} is too long for a project name: at most {MAX_NAME_LENGTH} characters"
        )
    return name


def plan(params: Params, project: Project) -> ChangeSet:
    """Plan every file of the new project; a tree that already matches is a no-op."""
    name = project_name(params, project)
    context = {"name": name, "distribution": name.replace("_", "-")}
    changes = render_tree(TEMPLATES, context, project)
    message = f"new project '{name}'; to start: pip install -e '.[dev]' && pytest"
    return ChangeSet(changes, (message,))


RECIPE = Recipe(
    name="new_project",
    summary="Generate a production-ready FastAPI project",
    examples=(
        "set up a new FastAPI project called shop",
        "set up a new FastAPI project",
    ),
    params=Params,
    plan=plan,
    creates_project=True,
)
