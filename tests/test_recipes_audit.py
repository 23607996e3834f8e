"""Every recipe and the audit agree on what it did.

For each edit recipe, on each fixture layout and on what ``new_project``
generates: the audit signals its spec says it closes are at their best after it
runs, and no item of the security checklist goes from pass to fail. A recipe
that refuses a layout is held to nothing there (its refusal is the contract
test's business). Gaps that are known and open are listed in ``SHORT_OF_BEST``
with the reason, strictly: the mark must go once the signal reaches its best.
Together with the contract test's check that every fix the audit offers names
a recipe that closes its signal, the two read the same scorecards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_recipes_contract import LAYOUTS, _base, _example

from fastprod import Project, RecipeError
from fastprod.core._registry import RECIPES, SPECS
from fastprod.engine._engine import _plan_all
from fastprod.scorecards import run_audit
from fastprod.scorecards._model import AuditReport

HEALTH_BEST = 2
QUALITY_BEST = 100

ALL = (*LAYOUTS, "sync_orm", "new_project")
NO_DATABASE = ("single_file", "bigger_app", "src_factory")

#: (recipe, signal) that stay short of their best after the recipe alone, why, and where.
SHORT_OF_BEST: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("auth", "quality.security"): (
        "its top rung also needs dependency scanning (deploy's CI)",
        ALL,
    ),
    ("logging", "quality.observability"): ("its top rung needs metrics and alerts", ALL),
    ("deploy", "quality.deployment"): ("its top rung needs a rollback path: deploy adds none", ALL),
    ("error_handling", "quality.error_handling"): ("its top rung needs error monitoring", ALL),
    ("caching", "quality.performance"): (
        "its rungs are an async database, then caching, then profiling: caching adds one",
        ALL,
    ),
    ("optimize_db", "health.database"): (
        "a project without an async database layer stays below: optimize_db adds none",
        (*NO_DATABASE, "sync_orm"),
    ),
    ("optimize_db", "quality.database"): (
        "its rungs need migrations and a repository pattern, which optimize_db does not add",
        ALL,
    ),
    ("optimize_db", "quality.performance"): ("its upper rungs need caching and profiling", ALL),
    ("write_tests", "quality.testing"): (
        "its upper rungs need a coverage gate and CI, which write_tests does not add",
        ALL,
    ),
}


def _closing() -> list[Any]:
    cases = []
    for name in RECIPES:
        spec = SPECS[name]
        if spec.kind != "edit" or not spec.closes:
            continue
        for layout in ALL:
            for signal in spec.closes:
                reason, where = SHORT_OF_BEST.get((name, signal), ("", ()))
                short = layout in where
                marks = [pytest.mark.xfail(reason=reason, strict=True)] if short else []
                cases.append(pytest.param(name, layout, signal, marks=marks))
    return cases


def _level(report: AuditReport, signal: str) -> tuple[int, int]:
    card, _, ident = signal.partition(".")
    if card == "health":
        (found,) = [s for s in report.signals if s.id == ident]
        return found.points, HEALTH_BEST
    if card == "quality":
        (dim,) = [d for d in report.dimensions if d.id == ident]
        return dim.level, QUALITY_BEST
    (check,) = [c for c in report.security.checks if c.id == ident]
    return int(check.passed), 1


def _after(name: str, layout: str, tmp_path: Path) -> tuple[Project, Project] | None:
    # The project before and after the recipe (its requirements planned first), in memory.
    base = _base(layout, tmp_path)
    try:
        _, total = _plan_all([_example(name)], base)
    except RecipeError:
        return None
    return base, base.with_changes(total)


@pytest.mark.parametrize(("name", "layout", "signal"), _closing())
def test_the_signal_a_recipe_closes_is_at_its_best_after_it(
    name: str, layout: str, signal: str, tmp_path: Path
) -> None:
    pair = _after(name, layout, tmp_path)
    if pair is None:
        pytest.skip(f"{name} refuses {layout}")
    _, after = pair
    level, best = _level(run_audit(after), signal)
    assert level == best, f"{signal} is {level}/{best} after {name} on {layout}"


def _security(report: AuditReport) -> dict[str, bool]:
    return {check.id: check.passed for check in report.security.checks}


def _edits() -> list[Any]:
    return [
        pytest.param(name, layout)
        for name in RECIPES
        if SPECS[name].kind == "edit"
        for layout in (*LAYOUTS, "sync_orm", "new_project")
    ]


@pytest.mark.parametrize(("name", "layout"), _edits())
def test_no_security_item_gets_worse_after_a_recipe(name: str, layout: str, tmp_path: Path) -> None:
    pair = _after(name, layout, tmp_path)
    if pair is None:
        pytest.skip(f"{name} refuses {layout}")
    before, after = (_security(run_audit(project)) for project in pair)
    worse = sorted(item for item, passed in before.items() if passed and not after[item])
    assert not worse, f"{name} on {layout} fails what passed before: {worse}"


def _refusal(name: str, layout: str, tmp_path: Path) -> tuple[Project, str] | None:
    base = _base(layout, tmp_path)
    try:
        _plan_all([_example(name)], base)
    except RecipeError as refused:
        return base, str(refused)
    return None


@pytest.mark.parametrize(("name", "layout"), _edits())
def test_when_a_recipe_says_the_concern_is_there_the_audit_sees_it(
    name: str, layout: str, tmp_path: Path
) -> None:
    refused = _refusal(name, layout, tmp_path)
    if refused is None or "already" not in refused[1]:
        pytest.skip(f"{name} does not find its concern on {layout}")
    project, said = refused
    report = run_audit(project)
    seen = {s: _level(report, s)[0] for s in SPECS[name].closes if s.startswith("health.")}
    assert seen and all(seen.values()), f"{name} said {said!r}, the audit reads {seen}"
