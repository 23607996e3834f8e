"""The seam between the engine and a recipe."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from ._changes import ChangeSet
from ._project import Project

P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class Recipe(Generic[P]):
    """One recipe: an intent name, its parameters and a pure ``plan`` function.

    Attributes:
        name: The intent name; also the folder, grammar alias and test file name.
        summary: One line for ``--help`` and ``--explain``.
        examples: Sentences that parse to this recipe (a contract test checks).
        params: The frozen dataclass of parameters, built from the intent's params.
        plan: ``(params, project) -> ChangeSet``; never writes, never prints.
        creates_project: True for a recipe that fills a new directory (``new_project``)
            rather than editing an existing app.
        requires: Intents whose recipes must be planned first, on the same view.
        read_only: True for a recipe that only reports (audit): it runs on any
            project, dirty tree, old Python or Pydantic 1 included.
    """

    name: str
    summary: str
    examples: tuple[str, ...]
    params: Callable[..., P]
    plan: Callable[[P, Project], ChangeSet]
    creates_project: bool = False
    requires: tuple[str, ...] = field(default=())
    read_only: bool = False

    def build_params(self, raw: Mapping[str, Any]) -> P:
        """Build this recipe's parameters from an intent's JSON params."""
        return self.params(**raw)

    @property
    def folder(self) -> Path:
        """The recipe's folder (``recipes/<name>/``)."""
        from ._resources import recipes_dir

        return recipes_dir() / self.name
