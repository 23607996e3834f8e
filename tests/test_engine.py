"""The engine's promises: dry runs write nothing, writes are all or nothing,
the tree is never touched when anything fails, and git is respected."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from helpers import cli, copy_fixture, git, snapshot_tree

from fastprod import (
    ChangeSet,
    FileChange,
    Intent,
    Project,
    ProjectError,
    Recipe,
    RecipeError,
    UnsafeOperation,
)
from fastprod.core import _registry
from fastprod.core._fs import apply, confine
from fastprod.core._specs import Requirement
from fastprod.engine._engine import Options, _plan_all, run
from fastprod.project._recipe import Context

SENTENCE = "set up error handling"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_fixture("single_file", tmp_path)


def test_dry_run_prints_the_diff_and_writes_nothing(project: Path) -> None:
    before = snapshot_tree(project)
    run = cli(SENTENCE, "--path", str(project), "--dry-run")
    assert run.exit_code == 0, run.stderr
    assert "+++ b/errors.py" in run.stdout
    assert "Dry run" in run.stdout
    assert snapshot_tree(project) == before


def test_json_contract(project: Path) -> None:
    run = cli(SENTENCE, "--path", str(project), "--dry-run", "--json")
    data = run.json()
    assert run.exit_code == 0
    assert list(data)[:7] == ["command", "intents", "status", "files", "diff", "messages", "error"]
    assert data["command"] == SENTENCE
    assert data["intents"] == [{"intent": "error_handling", "params": {}}]
    assert data["status"] == "planned"
    assert {"path": "errors.py", "action": "create"} in data["files"]
    assert {"path": "main.py", "action": "modify"} in data["files"]
    assert data["error"] is None
    assert data["diff"].startswith("--- ")
    assert data["schema_version"] == "1.0"
    assert data["mode"] == "dry_run"


def test_apply_then_again_is_unchanged(project: Path) -> None:
    first = cli(SENTENCE, "--path", str(project), "--json", "--force")
    assert first.exit_code == 0, first.stdout
    assert first.json()["status"] == "applied"
    second = cli(SENTENCE, "--path", str(project), "--json", "--force")
    assert second.exit_code == 0
    assert second.json()["status"] == "unchanged"
    assert second.json()["files"] == []
    assert second.json()["diff"] == ""


def test_two_dry_runs_give_identical_bytes(project: Path) -> None:
    first = cli(SENTENCE, "--path", str(project), "--dry-run")
    second = cli(SENTENCE, "--path", str(project), "--dry-run")
    assert first.stdout.encode() == second.stdout.encode()


def test_commit_makes_one_commit_with_the_sentence(project: Path) -> None:
    run = cli(SENTENCE, "--path", str(project), "--commit")
    assert run.exit_code == 0, run.stderr
    assert git(project, "log", "-1", "--format=%s").strip() == f"fastprod: {SENTENCE}"
    assert git(project, "status", "--porcelain") == ""


def test_dirty_tree_is_refused_with_exit_3(project: Path) -> None:
    (project / "main.py").write_text((project / "main.py").read_text() + "# wip\n")
    before = snapshot_tree(project)
    run = cli(SENTENCE, "--path", str(project), "--json")
    assert run.exit_code == 3
    assert run.json()["error"]["code"] == "refused"
    assert "uncommitted" in run.json()["error"]["message"]
    assert snapshot_tree(project) == before


def test_untracked_file_counts_as_dirty(project: Path) -> None:
    (project / "notes.txt").write_text("draft\n")
    assert cli(SENTENCE, "--path", str(project)).exit_code == 3


def test_force_works_on_a_dirty_tree(project: Path) -> None:
    (project / "notes.txt").write_text("draft\n")
    assert cli(SENTENCE, "--path", str(project), "--force").exit_code == 0
    assert (project / "errors.py").exists()


def test_dry_run_is_allowed_on_a_dirty_tree(project: Path) -> None:
    (project / "notes.txt").write_text("draft\n")
    assert cli(SENTENCE, "--path", str(project), "--dry-run").exit_code == 0


def test_link_out_of_the_root_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "errors.py").symlink_to(outside / "errors.py")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "link")
    before = snapshot_tree(project)
    run = cli(SENTENCE, "--path", str(project), "--json")
    assert run.exit_code == 3, run.stdout
    assert "outside the project" in run.json()["error"]["message"]
    assert snapshot_tree(project) == before
    assert list(outside.iterdir()) == []


def test_syntax_error_in_user_code_is_reported_and_nothing_written(tmp_path: Path) -> None:
    project = copy_fixture("syntax_error", tmp_path)
    before = snapshot_tree(project)
    run = cli(SENTENCE, "--path", str(project))
    assert run.exit_code == 1
    assert "main.py" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert snapshot_tree(project) == before


def test_no_app_is_reported(tmp_path: Path) -> None:
    project = copy_fixture("no_app", tmp_path)
    run = cli(SENTENCE, "--path", str(project), "--json")
    assert run.exit_code == 1
    assert "no FastAPI application" in run.json()["error"]["message"]


def test_unknown_sentence_exits_2_with_suggestions(project: Path) -> None:
    run = cli("make me a sandwich", "--path", str(project), "--json")
    assert run.exit_code == 2
    error = run.json()["error"]
    assert error["code"] == "not_understood"
    assert error["message"]


@pytest.fixture
def without_optimize_db(monkeypatch: pytest.MonkeyPatch) -> None:
    """An intent understood but with no recipe, as each was before its recipe existed."""
    import fastprod.core._registry as registry

    monkeypatch.setattr(
        registry, "RECIPES", tuple(n for n in registry.RECIPES if n != "optimize_db")
    )


@pytest.mark.usefixtures("without_optimize_db")
def test_understood_but_unavailable_recipe_is_refused_not_simulated(project: Path) -> None:
    before = snapshot_tree(project)
    run = cli("optimize my database queries", "--path", str(project), "--json")
    assert run.exit_code == 1
    assert run.json()["error"]["code"] == "recipe_unavailable"
    assert run.json()["intents"] == [{"intent": "optimize_db", "params": {}}]
    assert "error_handling" in run.json()["error"]["message"]
    assert snapshot_tree(project) == before


def test_explain_names_recipe_and_files_and_writes_nothing(project: Path) -> None:
    before = snapshot_tree(project)
    run = cli(SENTENCE, "--path", str(project), "--explain")
    assert run.exit_code == 0
    assert "error_handling" in run.stdout
    assert "create: errors.py" in run.stdout
    assert "modify: main.py" in run.stdout
    assert snapshot_tree(project) == before


def test_help_lists_commands_with_examples() -> None:
    run = cli("--help")
    assert run.exit_code == 0
    assert 'fastprod "set up error handling"' in run.stdout
    assert "websocket" in run.stdout


def test_help_does_not_import_heavy_modules() -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.argv = ['fastprod', '--help']\n"
        "from fastprod.face._cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "names = ('rich', 'libcst', 'git', 'jinja2', 'lark', 'ruamel')\n"
        "heavy = sorted(m for m in names if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in done.stdout


# The write path itself, below the CLI.


def _change(path: str, before: str | None, after: str) -> FileChange:
    return FileChange(PurePosixPath(path), before, after)


def test_apply_restores_everything_when_a_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.py").write_text("a = 1\n")
    (tmp_path / "b.py").write_text("b = 1\n")
    before = snapshot_tree(tmp_path)
    changes = (
        _change("a.py", "a = 1\n", "a = 2\n"),
        _change("new/deep/c.py", None, "c = 1\n"),
        _change("b.py", "b = 1\n", "b = 2\n"),
    )
    real_replace = os.replace
    calls = []

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(Exception, match="nothing was changed"):
        apply(tmp_path, changes)
    assert snapshot_tree(tmp_path) == before
    assert not (tmp_path / "new").exists()


def test_apply_refuses_when_disk_changed_since_planning(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("edited meanwhile\n")
    with pytest.raises(UnsafeOperation):
        apply(tmp_path, (_change("a.py", "a = 1\n", "a = 2\n"),))
    assert (tmp_path / "a.py").read_text() == "edited meanwhile\n"


def test_apply_keeps_crlf_and_file_mode(tmp_path: Path) -> None:
    script = tmp_path / "run.py"
    script.write_bytes(b"x = 1\r\n")
    script.chmod(0o755)
    apply(tmp_path, (_change("run.py", "x = 1\r\n", "x = 1\r\ny = 2\r\n"),))
    assert script.read_bytes() == b"x = 1\r\ny = 2\r\n"
    assert script.stat().st_mode & 0o777 == 0o755


@pytest.mark.parametrize("path", ["../escape.py", "/etc/passwd", ".git/config", "a/../../b"])
def test_confine_refuses_paths_outside_the_project(tmp_path: Path, path: str) -> None:
    with pytest.raises(UnsafeOperation):
        confine(tmp_path, PurePosixPath(path))


def test_change_set_merge_keeps_first_before_and_last_after() -> None:
    first = ChangeSet((_change("a.py", "0\n", "1\n"),), ("one",))
    second = ChangeSet((_change("a.py", "1\n", "2\n"), _change("b.py", None, "b\n")), ("two",))
    merged = first.merge(second)
    assert [(str(c.path), c.before, c.after) for c in merged.changes] == [
        ("a.py", "0\n", "2\n"),
        ("b.py", None, "b\n"),
    ]
    assert merged.messages == ("one", "two")


def test_two_equally_likely_apps_are_listed_and_app_chooses(tmp_path: Path) -> None:
    project = copy_fixture("two_apps", tmp_path)
    refused = cli(SENTENCE, "--path", str(project), "--json")
    assert refused.exit_code == 1
    message = refused.json()["error"]["message"]
    assert "billing.main:app" in message and "orders.main:app" in message
    assert "--app" in message
    chosen = cli(SENTENCE, "--path", str(project), "--app", "orders.main:app", "--json")
    assert chosen.exit_code == 0, chosen.stdout
    assert {"path": "orders/main.py", "action": "modify"} in chosen.json()["files"]


@pytest.mark.parametrize(
    ("fixture", "words"), [("pydantic_v1", "Pydantic 1"), ("old_python", "Python")]
)
def test_unsupported_projects_are_refused_with_a_reason(
    fixture: str, words: str, tmp_path: Path
) -> None:
    project = copy_fixture(fixture, tmp_path)
    before = snapshot_tree(project)
    run = cli(SENTENCE, "--path", str(project), "--json")
    assert run.exit_code == 1
    assert words in run.json()["error"]["message"]
    assert snapshot_tree(project) == before


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    run = cli(SENTENCE, "--path", str(tmp_path / "nowhere"))
    assert run.exit_code == 1
    assert "not a directory" in run.stderr


def test_version() -> None:
    run = cli("--version")
    assert run.exit_code == 0
    assert run.stdout.startswith("fastprod ")


def test_new_project_inside_a_repository_is_a_repository_of_its_own(project: Path) -> None:
    run = cli("create a new FastAPI project called shop", "--path", str(project))
    assert run.exit_code == 0, run.stderr
    shop = project / "shop"
    assert (shop / ".git").is_dir()
    assert git(shop, "log", "--format=%s").strip() == (
        "fastprod: create a new FastAPI project called shop"
    )
    assert git(shop, "status", "--porcelain") == ""


def test_new_project_is_removed_again_when_git_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastprod import FastprodError
    from fastprod.core import _git

    def broken(root: Path, message: str) -> str:
        raise FastprodError("git commit failed: no git here")

    monkeypatch.setattr(_git, "init_and_commit", broken)
    run = cli("create a new FastAPI project called shop", "--path", str(tmp_path))
    assert run.exit_code == 1
    assert "git commit failed" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_reports_run_on_a_dirty_tree_and_on_unsupported_projects(tmp_path: Path) -> None:
    project = copy_fixture("pydantic_v1", tmp_path)
    (project / "notes.txt").write_text("draft\n")
    before = snapshot_tree(project)
    run = cli("audit my project", "--path", str(project), "--json")
    assert run.exit_code == 0, run.stdout
    data = run.json()
    assert data["status"] == "unchanged"
    assert {"health", "score", "band"} <= set(data)
    assert snapshot_tree(project) == before


def test_an_already_applied_change_on_a_dirty_tree_is_unchanged_not_refused(
    project: Path,
) -> None:
    assert cli(SENTENCE, "--path", str(project), "--commit").exit_code == 0
    (project / "notes.txt").write_text("draft\n")
    run = cli(SENTENCE, "--path", str(project), "--json")
    assert run.exit_code == 0
    assert run.json()["status"] == "unchanged"


def test_two_reports_keep_their_own_fields_and_share_one_sarif_log(project: Path) -> None:
    sentence = "audit my project and review my API security"
    data = cli(sentence, "--path", str(project), "--json").json()
    assert set(data["reports"]) == {"audit", "security_review"}
    assert {"health", "score", "band"} <= set(data["reports"]["audit"])
    assert "security" in data["reports"]["security_review"]
    sarif = cli(sentence, "--path", str(project), "--format", "sarif")
    log = json.loads(sarif.stdout)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 2


@pytest.mark.usefixtures("without_optimize_db")
def test_explain_shows_corrections_and_what_has_no_recipe_yet(project: Path) -> None:
    sentence = "optimise my databse queries and set up eror handling"
    run = cli(sentence, "--path", str(project), "--explain")
    assert run.exit_code == 0
    assert "understood: optimise my database queries and set up error handling" in run.stdout
    assert "correction: understood 'databse' as 'database'" in run.stdout
    assert "'optimize_db' has no recipe yet" in run.stdout
    assert "create: errors.py" in run.stdout


def test_a_parameter_no_command_takes_is_reported_in_every_output(project: Path) -> None:
    sentence = "add structured logging in redis for 5 minutes"
    note = "'redis' was not used: logging takes no cache store."
    data = cli(sentence, "--path", str(project), "--dry-run", "--json").json()
    assert data["intents"] == [{"intent": "logging", "params": {}}]
    assert data["messages"][:2] == [
        note,
        "'5 minutes' was not used: logging takes no time to live.",
    ]
    assert data["skipped"] == ["redis", "5 minutes"]
    assert f"note: {note}" in cli(sentence, "--path", str(project), "--explain").stdout
    assert f"note: {note}" in cli(sentence, "--path", str(project), "--dry-run").stdout


def test_json_reports_corrections(project: Path) -> None:
    data = cli("set up eror handling", "--path", str(project), "--dry-run", "--json").json()
    assert data["corrections"] == [
        {"original": "eror", "corrected": "error", "message": "understood 'eror' as 'error'"}
    ]


def test_json_and_explain_show_the_words_not_used(project: Path) -> None:
    sentence = "set up error handling so the night shift sees readable messages"
    data = cli(sentence, "--path", str(project), "--dry-run", "--json").json()
    assert data["intents"] == [{"intent": "error_handling", "params": {}}]
    assert data["skipped"] == ["night", "shift", "sees", "readable", "messages"]
    run = cli(sentence, "--path", str(project), "--explain")
    assert "skipped:    night, shift, sees, readable, messages" in run.stdout
    plain = cli(sentence, "--path", str(project), "--dry-run")
    assert "fastprod: not used: 'night', 'shift', 'sees', 'readable', 'messages'" in plain.stdout
    assert cli(SENTENCE, "--path", str(project), "--dry-run", "--json").json()["skipped"] == []


def test_a_new_project_and_commands_on_it_in_one_sentence(tmp_path: Path) -> None:
    sentence = "create a new FastAPI project called shop and set up error handling"
    run = cli(sentence, "--path", str(tmp_path), "--json")
    assert run.exit_code == 0, run.stdout
    paths = {f["path"] for f in run.json()["files"]}
    assert {"src/app/main.py", "src/app/core/errors.py", "tests/test_errors.py"} <= paths
    shop = tmp_path / "shop"
    assert "register_error_handlers(app)" in (shop / "src/app/main.py").read_text()
    assert git(shop, "log", "--format=%s").strip() == f"fastprod: {sentence}"


def test_a_new_project_after_other_commands_is_refused(tmp_path: Path) -> None:
    run = cli("set up error handling and create a new project called x", "--path", str(tmp_path))
    assert run.exit_code == 1
    assert "must come first" in run.stderr
    assert list(tmp_path.iterdir()) == []


# Recipes that build on another: requires with parameters, ctx.ensure, cycles.


@dataclass(frozen=True, slots=True)
class _NoParams:
    pass


def _noting(name: str, ensures: tuple[str, ...] = ()) -> Recipe[Any]:
    """A recipe that ensures ``ensures`` and writes NOTES-<name>.md saying what it saw."""

    def plan(params: _NoParams, project: Project, ctx: Context) -> ChangeSet:
        for other in ensures:
            project = ctx.ensure(other)
        path = PurePosixPath(f"NOTES-{name}.md")
        seen = f"errors.py planned: {project.exists('errors.py')}\n"
        return ChangeSet((FileChange(path, project.read_text(path), seen),))

    return Recipe(name=name, params=_NoParams, plan=plan, uses_context=True)


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch) -> dict[str, Recipe[Any]]:
    """Recipes by name that ``load`` returns before the registered ones."""
    found: dict[str, Recipe[Any]] = {}
    real = _registry.load
    monkeypatch.setattr(_registry, "load", lambda name: found.get(name) or real(name))
    return found


def _planned(project: Path, *recipes: Recipe[Any]) -> tuple[list[Intent], ChangeSet]:
    steps, total = _plan_all([(Intent(r.name), r) for r in recipes], Project(project))
    return [step.intent for step in steps], total


def test_ensure_plans_a_requirement_once_and_returns_the_view_after_it(
    project: Path, fakes: dict[str, Recipe[Any]]
) -> None:
    first, second = _noting("first", ("error_handling",)), _noting("second", ("error_handling",))
    intents, total = _planned(project, first, second)
    assert [i.name for i in intents] == ["error_handling", "first", "second"]
    texts = {str(c.path): c.after for c in total.effective()}
    assert texts["NOTES-first.md"] == texts["NOTES-second.md"] == "errors.py planned: True\n"
    assert "errors.py" in texts


def test_an_intent_already_in_the_sentence_is_not_planned_again(
    project: Path, fakes: dict[str, Recipe[Any]]
) -> None:
    needing = _noting("needing", ("error_handling",))
    steps, _ = _plan_all(
        [
            (Intent("error_handling"), _registry.load("error_handling")),
            (Intent("needing"), needing),
        ],
        Project(project),
    )
    assert [s.intent.name for s in steps] == ["error_handling", "needing"]


def test_requires_carries_parameters_and_a_wider_plan_satisfies_a_narrower_one(
    project: Path, fakes: dict[str, Recipe[Any]]
) -> None:
    strict = Requirement("error_handling", {"strict": True})
    wants_strict = replace(_noting("wants_strict"), requires=(strict,))
    wants_any = replace(_noting("wants_any"), requires=(Requirement("error_handling", {}),))
    intents, _ = _planned(project, wants_strict, wants_any)
    assert [(i.name, i.params) for i in intents] == [
        ("error_handling", {"strict": True}),
        ("wants_strict", {}),
        ("wants_any", {}),
    ]
    intents, _ = _planned(project, wants_any, wants_strict)
    assert [(i.name, i.params) for i in intents] == [
        ("error_handling", {}),
        ("wants_any", {}),
        ("error_handling", {"strict": True}),
        ("wants_strict", {}),
    ]


def test_recipes_that_ensure_each_other_fail_naming_the_cycle(
    project: Path, fakes: dict[str, Recipe[Any]]
) -> None:
    fakes["ping"] = _noting("ping", ("pong",))
    fakes["pong"] = _noting("pong", ("ping",))
    with pytest.raises(RecipeError, match="ping -> pong -> ping"):
        _planned(project, fakes["ping"])


def test_a_recipe_planning_on_the_view_before_it_ensured_another_is_refused(
    project: Path, fakes: dict[str, Recipe[Any]]
) -> None:
    def plan(params: _NoParams, project: Project, ctx: Context) -> ChangeSet:
        ctx.ensure("error_handling")
        main = project.read_text("main.py") or ""
        # Planned on the old view: this would undo error_handling's edit of main.py.
        return ChangeSet((FileChange(PurePosixPath("main.py"), main, main + "# stale\n"),))

    stale = Recipe(name="stale", params=_NoParams, plan=plan, uses_context=True)
    with pytest.raises(RecipeError, match="older view"):
        _planned(project, stale)


def _following(name: str, follow: str) -> Recipe[Any]:
    """A recipe that writes NOTES-<name>.md, then has ``follow`` planned on its view."""

    def plan(params: _NoParams, project: Project, ctx: Context) -> ChangeSet:
        path = PurePosixPath(f"NOTES-{name}.md")
        own = ChangeSet((FileChange(path, project.read_text(path), "planned\n"),))
        return own.merge(ctx.follow(follow, project.with_changes(own)))

    return Recipe(name=name, params=_NoParams, plan=plan, uses_context=True)


def test_a_follow_up_plans_on_the_view_it_is_given_and_is_not_recorded(
    project: Path, fakes: dict[str, Recipe[Any]]
) -> None:
    fakes["seen"] = _noting("seen")
    fakes["seen"] = replace(
        fakes["seen"],
        plan=lambda params, view, ctx: ChangeSet(
            (FileChange(PurePosixPath("SEEN.md"), None, str(view.exists("NOTES-leader.md"))),)
        ),
    )
    intents, total = _planned(project, _following("leader", "seen"))
    assert [i.name for i in intents] == ["leader"]
    texts = {str(c.path): c.after for c in total.effective()}
    assert texts == {"NOTES-leader.md": "planned\n", "SEEN.md": "True"}


def test_a_recipe_with_requirements_cannot_follow_another(
    project: Path, fakes: dict[str, Recipe[Any]]
) -> None:
    fakes["needing"] = replace(_noting("needing"), requires=(Requirement("error_handling", {}),))
    with pytest.raises(RecipeError, match="needing has requirements"):
        _planned(project, _following("leader", "needing"))


def test_a_module_a_recipe_must_read_that_does_not_parse_is_named(project: Path) -> None:
    (project / "broken.py").write_text("x = 1\nclass Broken(:\n    pass\n")

    def plan(params: _NoParams, project: Project, ctx: Context) -> ChangeSet:
        project.tree("broken.py")
        return ChangeSet(())

    reader = Recipe(name="reader", params=_NoParams, plan=plan, uses_context=True)
    with pytest.raises(ProjectError) as raised:
        _planned(project, reader)
    assert str(raised.value).startswith(
        "broken.py:2: invalid syntax; reader must read this file and cannot. Fix it first"
    )


def test_a_project_in_a_newer_python_whose_code_this_one_cannot_read_is_refused(
    tmp_path: Path,
) -> None:
    # Its declared Python reads ``other.py``; this one does not: a recipe would miss
    # what that module holds, so nothing is planned.
    project = copy_fixture("dbopt_async", tmp_path)
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace('requires-python = ">=3.11"', 'requires-python = ">=3.99"'))
    (project / "library" / "other.py").write_text("def f(:\n    pass\n")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "newer")
    run = cli("add structured logging", "--path", str(project), "--json")
    assert run.exit_code == 1, run.stdout
    message = run.json()["error"]["message"]
    assert message.startswith("library/other.py:1: Python 3.")
    assert "the project declares Python >=3.99" in message
    assert "run fastprod under Python 3.99 or newer" in message


# What PowerShell 5's ``pip freeze > requirements.txt`` writes: UTF-16 LE with a
# byte-order mark and CRLF newlines.
@pytest.mark.parametrize(
    ("sentence", "package"),
    [("add caching to my API", "redis>="), ("add structured logging", "structlog>=")],
)
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_requirements_file_is_edited_in_its_own_encoding(
    tmp_path: Path, sentence: str, package: str, encoding: str
) -> None:
    root = copy_fixture("tests_no_db", tmp_path, commit=False)
    manifest = root / "requirements.txt"
    before = manifest.read_text().replace("\n", "\r\n")
    bom = b"\xff\xfe" if encoding == "utf-16-le" else b"\xfe\xff"
    manifest.write_bytes(bom + before.encode(encoding))
    original = manifest.read_bytes()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fixture")
    outcome = run(sentence, Options(path=root))
    assert outcome.status == "applied"
    raw = manifest.read_bytes()
    assert raw.startswith(bom)
    after = raw[2:].decode(encoding)
    # Every line kept, the new ones among them, each ending CRLF as the file's do.
    assert after.endswith("\r\n") and "\n" not in after.replace("\r\n", "")
    lines = after.split("\r\n")
    assert set(before.split("\r\n")) <= set(lines)
    assert any(line.startswith(package) for line in lines)
    assert run(sentence, Options(path=root)).status == "unchanged"
    assert run("undo", Options(path=root)).status == "undone"
    assert manifest.read_bytes() == original


def test_a_utf16_python_module_is_refused_saying_why(tmp_path: Path) -> None:
    root = copy_fixture("tests_no_db", tmp_path, commit=False)
    main = next(root.rglob("main.py"))
    main.write_bytes(b"\xff\xfe" + main.read_text().encode("utf-16-le"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fixture")
    before = snapshot_tree(root)
    with pytest.raises(ProjectError, match=r"main\.py could not be read as UTF-8: .* save it"):
        run("add caching to my API", Options(path=root))
    assert snapshot_tree(root) == before


@pytest.mark.parametrize(
    ("lock", "sentence", "noted"),
    [
        ("uv.lock", "add WebSocket support", True),
        ("poetry.lock", "add WebSocket support", True),
        (None, "add WebSocket support", False),
        ("uv.lock", "set up error handling", False),
    ],
    ids=["uv", "poetry", "no-lock", "no-dependency"],
)
def test_a_lock_file_the_planned_dependencies_leave_behind_is_named(
    tmp_path: Path, lock: str | None, sentence: str, noted: bool
) -> None:
    # websocket adds redis to the manifest; error handling adds no dependency.
    root = copy_fixture("bigger_app", tmp_path)
    if lock is not None:
        (root / lock).write_text("version = 1\n", "utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "lock")
    outcome = run(sentence, Options(path=root, dry_run=True))
    notes = [m for m in outcome.messages if "does not lock yet" in m]
    assert bool(notes) == noted, outcome.messages
    if noted:
        assert f"run '{lock.removesuffix('.lock')} lock'" in notes[0]  # type: ignore[union-attr]
