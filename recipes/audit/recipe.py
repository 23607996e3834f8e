"""Score the project's production readiness: health check, quality score, security checklist.

Reads every Python file once with ``ast`` (nothing is imported or run) plus
the Dockerfiles, compose files, CI workflows and tool configs, and returns a
report; it never changes a file. Each point given or withheld carries its
evidence, and each gap the sentence (or the plain change) that closes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastprod.recipe import ChangeSet, Project, Recipe, run_audit


@dataclass(frozen=True, slots=True)
class Params:
    """``audit`` takes no parameters."""


def plan(params: Params, project: Project) -> ChangeSet:
    """Audit ``project``; the change set holds the report and no file changes."""
    report = run_audit(project)
    return ChangeSet(messages=report.messages(), report=report)


RECIPE = Recipe(
    name="audit",
    summary="Score the project's production readiness (health /16, quality /100, security /10)",
    examples=("audit my FastAPI project", "how healthy is my project?"),
    params=Params,
    plan=plan,
    read_only=True,
)
