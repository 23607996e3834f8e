"""The seam between the engine and a recipe."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from fastprod.core._changes import ChangeSet
from fastprod.core._specs import Requirement
from fastprod.project._project import Project

P = TypeVar("P")


class Context(Protocol):
    """What a recipe may ask the engine while it plans.

    A recipe that builds on another asks for it here instead of importing its
    code: ``project = ctx.ensure("error_handling")`` plans that recipe (once
    per run, however many recipes ensure it) and returns the view after it.
    The recipe then plans on that view.
    """

    def ensure(self, intent: str, **params: Any) -> Project:
        """Plan ``intent(params)`` first, unless already planned; return the view after it.

        Raises:
            RecipeError: The intents ensure each other in a cycle, or the
                intent has no recipe.
        """
        ...

    def follow(self, intent: str, project: Project, **params: Any) -> ChangeSet:
        """Plan ``intent(params)`` on ``project``, a view holding this recipe's changes.

        A recipe that changes what another one builds on asks it here to bring
        its files up to date (auth, after websocket, has the socket take a
        token); the caller merges the changes returned after its own. The
        follow-up is not recorded as planned, and has no requirements.

        Raises:
            RecipeError: The follow-up refuses the view, has requirements, or
                the intent has no recipe.
        """
        ...


@dataclass(frozen=True, slots=True)
class Recipe(Generic[P]):
    """One recipe: an intent name, its parameters and a pure ``plan`` function.

    The recipe's spec (``recipes/<name>/spec.toml``) describes it; the registry
    fills ``summary``, ``examples``, ``requires``, ``creates_project`` and
    ``read_only`` from the spec when it loads the recipe, so ``recipe.py`` needs
    only a name, its parameters and ``plan``.

    Attributes:
        name: The intent name; also the folder, grammar alias and test file name.
        params: The frozen dataclass of parameters, built from the intent's params.
        plan: ``(params, project) -> ChangeSet``, or with ``uses_context``
            ``(params, project, ctx) -> ChangeSet``; never writes, never prints.
        summary: One line for ``--help`` and ``--explain``.
        examples: Sentences that parse to this recipe (a contract test checks).
        creates_project: True for a recipe that fills a new directory (``new_project``)
            rather than editing an existing app.
        requires: Intents (with params) whose recipes are planned first, on the same view.
        read_only: True for a recipe that only reports (audit): it runs on any
            project, dirty tree, old Python or Pydantic 1 included.
        uses_context: ``plan`` takes a third argument, a :class:`Context`, to
            ensure other recipes while it plans.
    """

    name: str
    params: Callable[..., P]
    plan: Callable[..., ChangeSet]
    summary: str = ""
    examples: tuple[str, ...] = ()
    creates_project: bool = False
    requires: tuple[Requirement, ...] = field(default=())
    read_only: bool = False
    uses_context: bool = False

    def build_params(self, raw: Mapping[str, Any]) -> P:
        """Build this recipe's parameters from an intent's JSON params."""
        return self.params(**raw)

    def run(self, params: P, project: Project, ctx: Context) -> ChangeSet:
        """Call ``plan`` with the context when it asks for one."""
        if self.uses_context:
            return self.plan(params, project, ctx)
        return self.plan(params, project)

    @property
    def folder(self) -> Path:
        """The recipe's folder (``recipes/<name>/``)."""
        from fastprod.core._resources import recipes_dir

        return recipes_dir() / self.name
