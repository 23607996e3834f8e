""" "undo the last change": committed changes reverted by their trailer, uncommitted
ones from the record under .git/fastprod/; refused when later work overlaps."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import cli, copy_fixture, git, snapshot_tree

import fastprod
from fastprod import UndoRefused, UnrecognizedCommand, UnsafeOperation

UNDO = "undo the last change"


def _commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", message)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_fixture("single_file", tmp_path)


@pytest.mark.parametrize(
    "sentence",
    [
        "undo the last change",
        "Undo last change",
        "undo",
        "revert the last fastprod change",
        "revert the last change",
        "roll back the previous edit please",
        "undo that",
        "fastprod, undo the latest commit",
        "take back the most recent change",
        "roll it back",
        "cmd-z the last step",
        "reverse what fastprod just changed",
        "revert the latest modification please",
        "ugh, that was wrong, undo it",
        "bin the previous edit",
        "discard your most recent change",
        "undo the last action",
        "revert the last thing you did",
        "take back the last thing fastprod changed",
        "roll back the previous change, it broke the build",
        "undo your last edit, my tests are red now",
        "the app won't start, revert the last change",
        "undo the thing you did before",
        "revert the last change it broke my build",
        "undo please, the caching one was a mistake",
        "roll back that it is broken",
        "undo plz the last edit",
        "kindly revert back the last change",
        "undo last",
        "that broke everything, put it back how it was before your change",
        "rollback the last generated change",
        "cancel the last change please",
        "can you take back whatever you just did",
        "Change request: roll back the previous modification made by this tool.",
        "revert the last change the tool made, it broke my alembic head",
        "/shipbot undo",
        "I ran it on the wrong branch and it wrecked my routers folder. Please undo that.",
        "could you please revert whatever you just did?",
        "undo the last change you do",
        "no no, revert that",
    ],
)
def test_paraphrases_read_as_undo(sentence: str) -> None:
    assert fastprod.parse(sentence) == [fastprod.Intent("undo")]


@pytest.mark.parametrize(
    "sentence",
    [
        "undo caching",
        "revert the logging",
        "roll back auth",
        "ditch the redis cache",
        "revert back the caching",
    ],
)
def test_undoing_a_feature_is_still_a_removal(sentence: str) -> None:
    with pytest.raises(UnrecognizedCommand) as refused:
        fastprod.parse(sentence)
    assert "undo" not in [s.split()[0] for s in refused.value.suggestions]


@pytest.mark.parametrize(
    "sentence",
    [
        "revert commit 9c1e4b7",
        "undo 3f2a9c1d",
        "undo the changes my colleague made",
        "roll back what my teammate pushed",
    ],
)
def test_undoing_work_fastprod_did_not_do_is_refused(sentence: str) -> None:
    with pytest.raises(UnrecognizedCommand, match="only the last change it made itself"):
        fastprod.parse(sentence)


def test_undo_beside_a_feature_is_refused() -> None:
    with pytest.raises(UnrecognizedCommand, match="undo is run on its own"):
        fastprod.parse("undo the last change and add caching")
    with pytest.raises(UnrecognizedCommand, match="undo is run on its own"):
        fastprod.parse("add caching, undo that")


def test_undo_after_one_committed_change(project: Path) -> None:
    before = snapshot_tree(project)
    assert cli("set up error handling", "--path", str(project), "--commit").exit_code == 0
    result = fastprod.run(UNDO, project)
    assert result.status == "undone"
    assert result.commit is not None
    assert snapshot_tree(project) == before
    assert git(project, "log", "-1", "--format=%s").strip() == (
        'fastprod: undo "set up error handling"'
    )
    assert {f.path for f in result.files} == {
        "errors.py",
        "main.py",
        "tests/__init__.py",
        "tests/test_error_handlers.py",
        "tests/test_errors.py",
    }
    assert git(project, "status", "--porcelain") == ""


def test_undo_after_two_changes_goes_back_one_at_a_time(project: Path) -> None:
    start = snapshot_tree(project)
    assert cli("set up error handling", "--path", str(project), "--commit").exit_code == 0
    middle = snapshot_tree(project)
    assert cli("add structured logging", "--path", str(project), "--commit").exit_code == 0
    assert "add structured logging" in fastprod.run(UNDO, project).messages[0]
    assert snapshot_tree(project) == middle
    assert "set up error handling" in fastprod.run(UNDO, project).messages[0]
    assert snapshot_tree(project) == start
    with pytest.raises(UndoRefused, match="no fastprod change to undo"):
        fastprod.run(UNDO, project)


def test_later_commits_on_the_same_lines_refuse_the_undo(project: Path) -> None:
    assert cli("set up error handling", "--path", str(project), "--commit").exit_code == 0
    main = project / "main.py"
    main.write_text(
        main.read_text().replace(
            "register_error_handlers(app)\n", "register_error_handlers(app)  # ours\n"
        )
    )
    _commit(project, "edit the same line")
    before = snapshot_tree(project)
    head = git(project, "rev-parse", "HEAD")
    with pytest.raises(UndoRefused, match="later commits changed the same lines"):
        fastprod.run(UNDO, project)
    assert snapshot_tree(project) == before
    assert git(project, "rev-parse", "HEAD") == head
    assert git(project, "status", "--porcelain") == ""


def test_later_commits_elsewhere_do_not_block_the_undo(project: Path) -> None:
    assert cli("set up error handling", "--path", str(project), "--commit").exit_code == 0
    (project / "NOTES.md").write_text("notes\n")
    _commit(project, "notes")
    fastprod.run(UNDO, project)
    assert not (project / "errors.py").exists()
    assert (project / "NOTES.md").exists()


def test_a_dirty_tree_refuses_the_undo_of_a_commit(project: Path) -> None:
    assert cli("set up error handling", "--path", str(project), "--commit").exit_code == 0
    (project / "wip.txt").write_text("wip\n")
    with pytest.raises(UnsafeOperation, match="uncommitted"):
        fastprod.run(UNDO, project)
    assert (project / "errors.py").exists()


def test_an_uncommitted_change_is_undone_from_its_record(project: Path) -> None:
    before = snapshot_tree(project)
    assert cli("set up error handling", "--path", str(project)).exit_code == 0
    records = list((project / ".git" / "fastprod").glob("*.json"))
    assert len(records) == 1
    assert not [p for p in project.rglob("*fastprod*") if ".git" not in p.parts]
    result = fastprod.run(UNDO, project)
    assert result.status == "undone"
    assert result.commit is None
    assert snapshot_tree(project) == before
    assert git(project, "status", "--porcelain") == ""
    assert not list((project / ".git" / "fastprod").glob("*.json"))


def test_an_uncommitted_change_edited_since_is_not_undone_blindly(project: Path) -> None:
    assert cli("set up error handling", "--path", str(project)).exit_code == 0
    errors = project / "errors.py"
    errors.write_text(errors.read_text() + "# my edit\n")
    with pytest.raises(UnsafeOperation):
        fastprod.run(UNDO, project)
    assert errors.read_text().endswith("# my edit\n")


def test_other_uncommitted_files_refuse_the_undo_of_a_recorded_change(project: Path) -> None:
    assert cli("set up error handling", "--path", str(project)).exit_code == 0
    (project / "wip.txt").write_text("wip\n")
    with pytest.raises(UnsafeOperation, match=r"wip\.txt"):
        fastprod.run(UNDO, project)
    assert (project / "errors.py").exists()


def test_undo_from_the_cli_exits_3_when_there_is_nothing(project: Path) -> None:
    run = cli(UNDO, "--path", str(project), "--json")
    assert run.exit_code == 3
    assert run.json()["error"]["code"] == "undo_refused"


def test_undo_outside_git_is_refused(tmp_path: Path) -> None:
    project = copy_fixture("single_file", tmp_path, commit=False)
    with pytest.raises(UndoRefused, match="git repository"):
        fastprod.run(UNDO, project)


def test_undo_refuses_options_that_would_pretend(project: Path) -> None:
    assert cli("set up error handling", "--path", str(project), "--commit").exit_code == 0
    before = snapshot_tree(project)
    for flag in ("--dry-run", "--check", "--explain"):
        run = cli(UNDO, "--path", str(project), flag, "--json")
        assert run.exit_code == 1, flag
        assert f"undo takes no {flag}" in run.json()["error"]["message"]
    assert snapshot_tree(project) == before
    assert (project / "errors.py").exists()
