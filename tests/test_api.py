"""``fastprod.run``: the typed API a bot imports; plan, then apply exactly what was shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import cli, copy_fixture, git, snapshot_tree

import fastprod
from fastprod import FastprodError, PlanChanged, ProjectError, Result
from fastprod.face._output import SUMMARY_LIMIT

SENTENCE = "set up error handling"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_fixture("single_file", tmp_path)


def test_run_returns_the_json_contract_as_a_typed_result(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = fastprod.run(SENTENCE, project, dry_run=True)
    assert isinstance(result, Result)
    assert (result.mode, result.status, result.changed) == ("dry_run", "planned", True)
    # The project had no tests: its tests folder starts with the envelope's.
    assert [f.path for f in result.files] == [
        "errors.py",
        "main.py",
        "tests/__init__.py",
        "tests/test_error_handlers.py",
        "tests/test_errors.py",
    ]
    assert result.intents == (fastprod.Intent("error_handling"),)
    assert result.to_json() == cli(SENTENCE, "--path", str(project), "--dry-run", "--json").json()
    assert capsys.readouterr() == ("", "")


def test_run_raises_only_fastprod_errors(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ProjectError):
        fastprod.run(SENTENCE, project / "missing")
    with pytest.raises(fastprod.UnrecognizedCommand):
        fastprod.run("make me a sandwich", project)

    def broken(*_: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr("fastprod.engine._engine._plan_all", broken)
    with pytest.raises(fastprod.InternalError) as caught:
        fastprod.run(SENTENCE, project, dry_run=True)
    assert isinstance(caught.value, FastprodError)
    assert isinstance(caught.value.__cause__, KeyError)


def test_run_never_exits_or_prompts(project: Path) -> None:
    (project / "notes.txt").write_text("draft\n")
    with pytest.raises(fastprod.UnsafeOperation):
        fastprod.run(SENTENCE, project)


def test_the_plan_id_of_a_dry_run_applies_that_plan(project: Path) -> None:
    planned = fastprod.run(SENTENCE, project, dry_run=True)
    assert planned.plan_id is not None and len(planned.plan_id) == 20
    assert fastprod.run(SENTENCE, project, dry_run=True).plan_id == planned.plan_id
    applied = fastprod.run(SENTENCE, project, commit=True, plan_id=planned.plan_id)
    assert applied.status == "applied"
    assert applied.diff == planned.diff
    assert applied.plan_id == planned.plan_id
    message = git(project, "log", "-1", "--format=%B")
    assert f"Fastprod-Change: {planned.plan_id}" in message


def test_a_plan_approved_after_the_repository_changed_is_refused(project: Path) -> None:
    planned = fastprod.run(SENTENCE, project, dry_run=True)
    main = project / "main.py"
    main.write_text(main.read_text() + "\n# a colleague's change\n")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "colleague")
    before = snapshot_tree(project)
    with pytest.raises(PlanChanged) as refused:
        fastprod.run(SENTENCE, project, plan_id=planned.plan_id)
    assert "nothing was written" in refused.value.message
    assert refused.value.exit_code == 3
    assert snapshot_tree(project) == before


def test_an_untracked_file_changes_the_plan_id(project: Path) -> None:
    first = fastprod.run(SENTENCE, project, dry_run=True).plan_id
    (project / "notes.txt").write_text("new\n")
    assert fastprod.run(SENTENCE, project, dry_run=True).plan_id != first


def test_another_sentence_does_not_match_the_plan(project: Path) -> None:
    planned = fastprod.run(SENTENCE, project, dry_run=True)
    with pytest.raises(PlanChanged):
        fastprod.run("add structured logging", project, plan_id=planned.plan_id)


def test_the_cli_refuses_a_stale_plan_id_with_exit_3(project: Path) -> None:
    run = cli(SENTENCE, "--path", str(project), "--plan-id", "0123456789abcdef0123", "--json")
    assert run.exit_code == 3
    assert run.json()["error"]["code"] == "plan_changed"


def test_branch_with_commit_creates_and_switches(project: Path) -> None:
    result = fastprod.run(SENTENCE, project, commit=True, branch="fastprod/errors")
    assert result.branch == "fastprod/errors"
    assert git(project, "branch", "--show-current").strip() == "fastprod/errors"
    assert git(project, "log", "-1", "--format=%s").strip() == f"fastprod: {SENTENCE}"
    assert git(project, "log", "-1", "--format=%s", "main").strip() == "fixture"


def test_branch_needs_commit_and_a_new_name(project: Path) -> None:
    with pytest.raises(FastprodError, match="--branch needs --commit"):
        fastprod.run(SENTENCE, project, branch="x")
    git(project, "branch", "taken")
    before = snapshot_tree(project)
    with pytest.raises(FastprodError, match="already exists"):
        fastprod.run(SENTENCE, project, commit=True, branch="taken")
    assert snapshot_tree(project) == before
    assert git(project, "branch", "--show-current").strip() == "main"


def test_summary_markdown_lists_files_and_fences_the_diff(project: Path) -> None:
    summary = fastprod.run(SENTENCE, project, dry_run=True).summary_markdown
    assert summary.startswith("**fastprod** would change: `set up error handling`")
    assert "- `errors.py` create (+" in summary
    assert "- `main.py` modify (+" in summary
    assert "```diff\n--- /dev/null\n+++ b/errors.py\n" in summary
    assert len(summary) <= SUMMARY_LIMIT
    assert "diff cut:" in summary
    total = len(fastprod.run(SENTENCE, project, dry_run=True).diff.splitlines())
    assert f"of {total} lines not shown" in summary


def test_summary_markdown_of_a_small_change_is_whole(project: Path) -> None:
    from fastprod.face._output import summary_markdown

    outcome = fastprod.run(SENTENCE, project, dry_run=True)._outcome
    assert outcome is not None
    whole = summary_markdown(outcome, limit=100_000)
    assert "cut" not in whole
    assert whole.count("\n+") + whole.count("\n-") >= len(outcome.diff.splitlines()) - 10
