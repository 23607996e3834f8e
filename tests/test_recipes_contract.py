"""Every recipe keeps the same contract, whoever wrote it.

Registered once, in one list; its folder holds its spec; spec, recipe, USAGE.md
and examples agree; it plans without writing; a second run changes nothing; its
Python output parses; any two edit recipes reach the same project in either order.
"""

from __future__ import annotations

import ast
import dataclasses
import itertools
import re
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from helpers import FLOOR_LAYOUTS, copy_fixture, on_python_310, python311_only, snapshot_tree

from fastprod import ChangeSet, FileChange, Intent, Project, Recipe, RecipeError, parse
from fastprod.core._intents import INTENT_NAMES
from fastprod.core._registry import RECIPES, REGISTRY, SPECS, _import, load
from fastprod.core._resources import recipes_dir
from fastprod.core._specs import SpecError, read_spec, specs_in
from fastprod.edits._lifespan import KNOWN_LIFESPAN_STEPS
from fastprod.engine._engine import Options, _plan_all, run

LAYOUTS = ("single_file", "bigger_app", "src_factory")


def _folders(holding: str) -> list[str]:
    return sorted(p.name for p in recipes_dir().iterdir() if (p / holding).is_file())


def test_every_intent_folder_is_registered_and_every_registered_name_has_a_folder() -> None:
    folders = sorted(p.name for p in recipes_dir().iterdir() if p.is_dir() and p.name[0] != "_")
    assert sorted(REGISTRY) == folders == _folders("spec.toml")
    assert sorted(RECIPES) == _folders("recipe.py")


def test_the_intents_are_the_registered_specs_in_registry_order() -> None:
    assert INTENT_NAMES == REGISTRY == tuple(SPECS)
    assert set(RECIPES) <= set(INTENT_NAMES)


@pytest.mark.parametrize("name", RECIPES)
def test_spec_and_recipe_agree(name: str) -> None:
    spec, raw = SPECS[name], _import(name).RECIPE
    assert [f.name for f in dataclasses.fields(raw.params)] == [p.name for p in spec.params]
    for param in spec.params:
        if param.default is not None:
            assert raw.params().__getattribute__(param.name) == param.default
    # What recipe.py still says for itself must not contradict its spec.
    assert not raw.read_only or spec.kind == "report"
    assert not raw.creates_project or spec.kind == "new_project"
    assert not raw.requires


def _write_specs(root: Path, specs: dict[str, str]) -> Path:
    for name, body in specs.items():
        (root / name).mkdir(parents=True)
        text = f'name = "{name}"\nsummary = "s"\nexamples = ["add {name}"]\n{body}'
        (root / name / "spec.toml").write_text(text, "utf-8")
    return root


def test_requirements_in_a_cycle_fail_at_load_naming_the_cycle(tmp_path: Path) -> None:
    root = _write_specs(
        tmp_path, {"alpha": 'requires = ["beta"]\n', "beta": 'requires = ["alpha"]\n'}
    )
    with pytest.raises(SpecError, match="alpha -> beta -> alpha"):
        specs_in(root)


def test_requirements_carry_parameters_and_name_specs(tmp_path: Path) -> None:
    body = 'requires = [{intent = "beta", params = {strict = true}}]\n'
    specs = specs_in(_write_specs(tmp_path / "ok", {"alpha": body, "beta": ""}))
    (requirement,) = specs["alpha"].requires
    assert (requirement.intent, dict(requirement.params)) == ("beta", {"strict": True})
    with pytest.raises(SpecError, match="requires 'beta', which has no spec"):
        specs_in(_write_specs(tmp_path / "missing", {"alpha": body}))


def test_a_spec_parsed_once_is_read_from_the_cache_by_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    body = 'requires = [{intent = "beta", params = {strict = true}}]\n'
    root = _write_specs(tmp_path / "ok", {"alpha": body, "beta": ""})
    first = read_spec(root / "alpha")
    kept = sorted((tmp_path / "cache" / "fastprod").glob("spec-*.marshal"))
    assert len(kept) == 1
    # Read again with tomllib out of reach: the cache answers, the same spec.
    monkeypatch.setitem(sys.modules, "tomllib", None)
    assert read_spec(root / "alpha") == first
    # An edited spec is parsed again; a damaged cache file only means parsing.
    (root / "beta" / "spec.toml").write_text('name = "beta"\nsummary = "t"\nexamples = ["b"]\n')
    with pytest.raises(ImportError):
        read_spec(root / "beta")
    monkeypatch.delitem(sys.modules, "tomllib")
    assert read_spec(root / "beta").summary == "t"
    for path in kept:
        path.write_bytes(b"not marshal")
    assert read_spec(root / "alpha") == first


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ('kind = "plugin"\n', "'kind' must be one of"),
        ('[params.strict]\ntype = "bool"\ndefault = "no"\ndescription = "d"\n', "not a bool"),
        ('[params.strict]\ntype = "float"\ndescription = "d"\n', "'type' must be one of"),
        ('closes = ["error_handling"]\n', "closes names health"),
        ("summary = [\n", "not valid TOML"),
    ],
)
def test_a_malformed_spec_fails_at_load_naming_its_file(
    tmp_path: Path, body: str, complaint: str
) -> None:
    root = tmp_path / "recipes"
    (root / "alpha").mkdir(parents=True)
    head = 'name = "alpha"\nsummary = "s"\nexamples = ["add alpha"]\n'
    (root / "alpha" / "spec.toml").write_text(head + body, "utf-8")
    with pytest.raises(SpecError, match=re.escape("recipes/alpha/spec.toml")) as caught:
        specs_in(root)
    assert complaint in caught.value.message


def test_every_fix_a_scorecard_offers_is_closed_by_the_intent_it_names(tmp_path: Path) -> None:
    from fastprod.scorecards._run import run_audit

    for fixture in ("audit_bigger_app", "audit_no_auth", "single_file"):
        report = run_audit(Project(copy_fixture(fixture, tmp_path / fixture)))
        cards = (
            ("health", report.signals),
            ("quality", report.dimensions),
            ("security", report.security.checks),
        )
        for card, items in cards:
            for item in items:
                if item.fix is not None and item.fix.intent:
                    assert f"{card}.{item.id}" in SPECS[item.fix.intent].closes, item.id


@pytest.mark.parametrize("name", RECIPES)
def test_recipe_names_itself_and_documents_itself(name: str) -> None:
    recipe = load(name)
    assert isinstance(recipe, Recipe)
    assert recipe.name == name
    assert recipe.summary and recipe.examples
    usage = (recipes_dir() / name / "USAGE.md").read_text(encoding="utf-8")
    assert usage.startswith(f"# {name}\n")
    for requirement in recipe.requires:
        assert requirement.intent in SPECS


@pytest.mark.parametrize("name", RECIPES)
def test_examples_parse_to_the_recipe(name: str) -> None:
    recipe = load(name)
    usage = (recipes_dir() / name / "USAGE.md").read_text(encoding="utf-8")
    documented = re.findall(r"^- `([^`]+)`$", usage.split("## Example sentences", 1)[-1], re.M)
    assert documented, "USAGE.md lists its example sentences under '## Example sentences'"
    for sentence in (*recipe.examples, *documented):
        assert [i.name for i in parse(sentence)] == [name], sentence


# The sentence each recipe is tried with: its first example, unless that names
# something only some projects have. write_tests needs a feature that exists:
# every layout has routes, and "the whole API" tests those no test calls yet.
SENTENCES = {"write_tests": "write tests for the whole API"}


def _sentence(name: str) -> str:
    return SENTENCES.get(name, load(name).examples[0])


# Layouts a recipe refuses, by design, with what its refusal says; anywhere else
# a refusal fails the contract.
REFUSALS: dict[tuple[str, str], str] = {
    ("crud", "single_file"): "is a single-file app: a CRUD feature is .*nothing was written",
    ("auth", "single_file"): "is a single-file app: auth needs a package",
    ("auth", "bigger_app"): "already authenticates its callers.*nothing was changed",
}


def _plan(recipe: Recipe[Any], project: Project, sentence: str) -> ChangeSet:
    # As the engine plans it: its requirements first, with a context to ensure more.
    (intent,) = parse(sentence)
    _, total = _plan_all([(intent, recipe)], project)
    return total


def _cases() -> list[tuple[str, str]]:
    cases = []
    for name in RECIPES:
        recipe = load(name)
        layouts = ("",) if recipe.creates_project else (*LAYOUTS, "new_project")
        cases += [(name, layout) for layout in layouts]
    return cases


@pytest.mark.parametrize(("name", "layout"), _cases())
def test_plans_without_writing_is_idempotent_and_output_parses(
    name: str, layout: str, tmp_path: Path
) -> None:
    recipe = load(name)
    if layout == "new_project":
        project = _generated(tmp_path)
        root = tmp_path
    else:
        root = copy_fixture(layout, tmp_path) if layout else tmp_path
        project = Project(root)
    before = snapshot_tree(root)
    refusal = REFUSALS.get((name, layout))
    if refusal is not None:
        with pytest.raises(RecipeError, match=refusal):
            _plan(recipe, project, _sentence(name))
        assert snapshot_tree(root) == before, "a recipe must never write"
        return
    first = _plan(recipe, project, _sentence(name))
    assert snapshot_tree(root) == before, "a recipe must never write"
    for change in first.effective():
        if change.path.suffix == ".py":
            ast.parse(change.after, filename=str(change.path))
    again = _plan(recipe, project.with_changes(first), _sentence(name))
    assert again.effective() == (), "a second run must change nothing"


# ------------------------------------------------------------ pairs of recipes


def _edit_recipes() -> list[str]:
    return [name for name in RECIPES if SPECS[name].kind == "edit"]


def _generated(root: Path) -> Project:
    # What new_project generates, planned in memory: a base like the fixtures.
    (intent,) = parse(SPECS["new_project"].example)
    recipe = load("new_project")
    empty = Project(root)
    return empty.with_changes(recipe.plan(recipe.build_params(intent.params), empty))


def _base(layout: str, tmp_path: Path) -> Project:
    if layout == "new_project":
        return _generated(tmp_path / "generated")
    return Project(copy_fixture(layout, tmp_path / layout))


def _in_order(base: Project, recipes: list[tuple[Intent, Recipe[Any]]]) -> dict[str, str | None]:
    _, total = _plan_all(recipes, base)
    return {str(change.path): change.after for change in total.effective()}


def _both_orders(
    base: Project, first: tuple[Intent, Recipe[Any]], second: tuple[Intent, Recipe[Any]]
) -> tuple[dict[str, str | None], dict[str, str | None]]:
    return _in_order(base, [first, second]), _in_order(base, [second, first])


def _example(name: str) -> tuple[Intent, Recipe[Any]]:
    (intent,) = parse(SENTENCES.get(name, SPECS[name].example))
    return intent, load(name)


#: Pairs whose two orders still leave different (each working) projects, strict
#: so that the mark must go once the order no longer shows. Appended items
#: (settings, dependencies, lifespan steps, router includes, .env.example lines)
#: take a place of their own whatever the order (fastprod.edits._order); the whole
#: API's tests take the routes and database added after them (tests_in_step); what
#: is left is by design or a known defect.
ORDER_SHOWS: dict[tuple[str, str, str], str] = {
    # A migration chains to the head there when it is written; chaining it again
    # later would rewrite a migration a database may have applied already.
    ("auth", "crud", "new_project"): "each migration chains to the head it finds",
}


def _pairs() -> list[Any]:
    cases = []
    for first, second in itertools.combinations(_edit_recipes(), 2):
        for layout in (*LAYOUTS, "new_project"):
            reason = ORDER_SHOWS.get((first, second, layout))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            case = pytest.param(first, second, layout, marks=marks, id=f"{first}-{second}-{layout}")
            cases.append(case)
    return cases


@pytest.mark.parametrize(("first", "second", "layout"), _pairs())
def test_two_edit_recipes_reach_the_same_project_in_either_order(
    first: str, second: str, layout: str, tmp_path: Path
) -> None:
    # Empty until two edit recipes exist; each one added joins every pair.
    base = _base(layout, tmp_path)
    refusals = [REFUSALS.get((name, layout)) for name in (first, second)]
    if any(refusals):
        # Whichever of them refuses the layout first, nothing is planned.
        refusal = "|".join(f"(?:{pattern})" for pattern in refusals if pattern)
        # A layout one of them refuses is refused in either order, and whole.
        for pair in ((first, second), (second, first)):
            with pytest.raises(RecipeError, match=refusal):
                _in_order(base, [_example(pair[0]), _example(pair[1])])
        return
    a_then_b, b_then_a = _both_orders(base, _example(first), _example(second))
    assert a_then_b == b_then_a


def _appending(name: str) -> tuple[Intent, Recipe[Any]]:
    # Appends its name to NOTES.md: the order shows, as it must not for real recipes.
    def plan(params: object, project: Project) -> ChangeSet:
        path = PurePosixPath("NOTES.md")
        before = project.read_text(path)
        return ChangeSet((FileChange(path, before, (before or "") + f"{name}\n"),))

    return Intent(name), Recipe(name=name, params=dict, plan=plan)


def test_the_pairwise_check_catches_recipes_whose_order_shows(tmp_path: Path) -> None:
    a_then_b, b_then_a = _both_orders(Project(tmp_path), _appending("a"), _appending("b"))
    assert a_then_b != b_then_a


@pytest.mark.parametrize("name", _edit_recipes())
def test_a_new_project_and_an_edit_in_one_sentence_equal_the_two_run_apart(
    name: str, tmp_path: Path
) -> None:
    together, apart = tmp_path / "together", tmp_path / "apart"
    together.mkdir()
    apart.mkdir()
    create, edit = SPECS["new_project"].example, SENTENCES.get(name, SPECS[name].example)
    run(f"{create} and {edit}", Options(path=together))
    run(create, Options(path=apart))
    run(edit, Options(path=apart / "shop"))
    assert _files(together / "shop") == _files(apart / "shop")


def _files(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot_tree(root).items() if not k.startswith(".git/")}


# ------------------------------------------------ a project on Python 3.10


@pytest.mark.parametrize(
    ("name", "layout"),
    [(name, layout) for name in _edit_recipes() for layout in FLOOR_LAYOUTS],
)
def test_code_for_a_python_310_project_runs_on_python_310(
    name: str, layout: str, tmp_path: Path
) -> None:
    project = Project(on_python_310(layout, tmp_path))
    assert project.versions.python == (3, 10)
    try:
        planned = _plan(load(name), project, _sentence(name))
    except RecipeError as refused:
        # A refusal writes nothing: there is no code to run on any Python.
        assert "Python" not in str(refused) or "3.10" not in str(refused), refused
        return
    found = [
        f"{change.path}:{where}"
        for change in planned.effective()
        if change.path.suffix == ".py"
        for where in python311_only(change.after)
    ]
    assert found == []


# ------------------------------------------------ lifespan steps keep their place

#: Where each edit recipe is planned to see the lifespan steps it adds: auth's
#: layout, and a package where crud adds its own database layer.
STEP_LAYOUTS = ("new_project", "bigger_app", "src_factory")


def _entered_steps(source: str) -> set[str]:
    """The functions whose result a lifespan enters: ``stack.enter_async_context(f(app))``."""
    try:
        tree = ast.parse(source.removeprefix("\ufeff"))
    except SyntaxError:
        return set()
    steps = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr != "enter_async_context" or not node.args:
            continue
        step = node.args[0]
        if isinstance(step, ast.Call):
            func = step.func
            steps.add(func.attr if isinstance(func, ast.Attribute) else ast.unparse(func))
    return steps


def _steps_added(name: str, layout: str, tmp_path: Path) -> set[str]:
    base = _base(layout, tmp_path)
    try:
        planned = _plan(load(name), base, _sentence(name))
    except RecipeError:
        assert REFUSALS.get((name, layout)), (name, layout)
        return set()
    return {
        step
        for change in planned.effective()
        if change.path.suffix == ".py"
        for step in _entered_steps(change.after) - _entered_steps(change.before or "")
    }


def test_every_lifespan_step_a_recipe_adds_has_a_known_layer(tmp_path: Path) -> None:
    # An unknown step is entered last, whatever its layer: two recipes' steps would
    # then start in the order the recipes ran, and a cache could open before the
    # checks that must refuse a bad configuration first.
    added = {
        (step, name)
        for name in _edit_recipes()
        for layout in STEP_LAYOUTS
        for step in _steps_added(name, layout, tmp_path / name / layout)
    }
    steps = {step for step, _ in added}
    unknown = sorted((step, name) for step, name in added if step not in KNOWN_LIFESPAN_STEPS)
    assert unknown == [], f"add these to KNOWN_LIFESPAN_STEPS (fastprod.edits._lifespan): {unknown}"
    # And none is known that no recipe adds any more.
    assert set(KNOWN_LIFESPAN_STEPS) == steps
