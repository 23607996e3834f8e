"""Review the API against the playbook's 10-point security checklist.

Each item passes or fails with its evidence (``path:line``) and the change that
closes it. Static analysis only: nothing is imported, run or written. The
score is the share of items that pass, x 100.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastprod.recipe import ChangeSet, Project, Recipe, run_security_review


@dataclass(frozen=True, slots=True)
class Params:
    """``security_review`` takes no parameters."""


def plan(params: Params, project: Project) -> ChangeSet:
    """Review ``project``; the change set holds the report and no file changes."""
    report = run_security_review(project)
    return ChangeSet(messages=report.messages(), report=report)


RECIPE = Recipe(
    name="security_review",
    summary="Check the API against the 10-point security checklist",
    examples=("review my API security", "is my API secure?"),
    params=Params,
    plan=plan,
    read_only=True,
)
