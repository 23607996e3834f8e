"""File changes that delete a file or set its mode: diff, JSON action, apply and rollback."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from helpers import snapshot_tree

from fastprod import ChangeSet, FileChange
from fastprod.core._fs import apply


def test_a_deletion_diffs_as_git_shows_it() -> None:
    change = FileChange.deletion(PurePosixPath("old.py"), "a = 1\nb = 2\n")
    assert change.action == "delete"
    assert not change.is_noop
    assert change.diff() == (
        "deleted file mode 100644\n--- a/old.py\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a = 1\n-b = 2\n"
    )
    assert change.line_counts() == (0, 2)


def test_a_deleted_empty_file_still_shows() -> None:
    change = FileChange.deletion(PurePosixPath("empty.py"), "", mode=0o755)
    assert change.diff() == "deleted file mode 100755\n--- a/empty.py\n+++ /dev/null\n"


def test_a_new_executable_file_shows_its_mode() -> None:
    change = FileChange(PurePosixPath("run.sh"), None, "echo hi\n", mode=0o755)
    assert change.diff().startswith("new file mode 100755\n--- /dev/null\n+++ b/run.sh\n")
    assert change.line_counts() == (1, 0)


def test_a_mode_change_alone_shows_old_and_new_mode() -> None:
    change = FileChange(PurePosixPath("run.sh"), "x\n", "x\n", mode=0o755, before_mode=0o644)
    assert not change.is_noop
    assert change.diff() == "old mode 100644\nnew mode 100755\n"
    assert change.line_counts() == (0, 0)


def test_a_mode_already_set_is_a_noop() -> None:
    change = FileChange(PurePosixPath("run.sh"), "x\n", "x\n", mode=0o755, before_mode=0o755)
    assert change.is_noop
    assert ChangeSet((change,)).effective() == ()


def test_a_deletion_needs_the_current_text() -> None:
    with pytest.raises(ValueError, match="current text"):
        FileChange(PurePosixPath("gone.py"), None, "", delete=True)


def test_created_then_deleted_in_one_plan_is_nothing() -> None:
    created = ChangeSet((FileChange(PurePosixPath("tmp.py"), None, "x\n"),))
    deleted = ChangeSet((FileChange.deletion(PurePosixPath("tmp.py"), "x\n"),))
    assert created.merge(deleted).changes == ()


def test_a_merge_keeps_deletion_and_mode() -> None:
    first = ChangeSet((FileChange(PurePosixPath("a.sh"), "0\n", "1\n", before_mode=0o644),))
    second = ChangeSet((FileChange(PurePosixPath("a.sh"), "1\n", "2\n", mode=0o755),))
    (merged,) = first.merge(second).changes
    assert (merged.before, merged.after, merged.mode, merged.before_mode) == (
        "0\n",
        "2\n",
        0o755,
        0o644,
    )


def test_apply_deletes_and_sets_modes(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text("old = 1\n")
    (tmp_path / "run.sh").write_text("echo hi\n")
    (tmp_path / "run.sh").chmod(0o644)
    apply(
        tmp_path,
        (
            FileChange.deletion(PurePosixPath("old.py"), "old = 1\n"),
            FileChange(PurePosixPath("run.sh"), "echo hi\n", "echo hi\n", mode=0o755),
            FileChange(PurePosixPath("bin/new.sh"), None, "echo new\n", mode=0o750),
        ),
    )
    assert not (tmp_path / "old.py").exists()
    assert (tmp_path / "run.sh").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "bin/new.sh").stat().st_mode & 0o777 == 0o750


def test_apply_restores_deleted_files_and_modes_when_a_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "old.py").write_bytes(b"old = 1\r\n")
    (tmp_path / "old.py").chmod(0o600)
    (tmp_path / "run.sh").write_text("echo hi\n")
    (tmp_path / "run.sh").chmod(0o644)
    (tmp_path / "z.py").write_text("z = 1\n")
    before = snapshot_tree(tmp_path)
    changes = (
        FileChange.deletion(PurePosixPath("old.py"), "old = 1\r\n"),
        FileChange(PurePosixPath("run.sh"), "echo hi\n", "echo hi!\n", mode=0o755),
        FileChange(PurePosixPath("z.py"), "z = 1\n", "z = 2\n"),
    )
    real_replace = os.replace

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(dst).endswith("z.py"):
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(Exception, match="nothing was changed"):
        apply(tmp_path, changes)
    assert snapshot_tree(tmp_path) == before
    assert (tmp_path / "old.py").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "run.sh").stat().st_mode & 0o777 == 0o644


def test_json_files_list_names_a_deletion(tmp_path: Path) -> None:
    from fastprod.engine._engine import Outcome
    from fastprod.face._output import outcome_json

    change = FileChange.deletion(PurePosixPath("old.py"), "old = 1\n")
    outcome = Outcome("c", "c", (), (), "planned", tmp_path, (change,))
    assert outcome_json(outcome)["files"] == [{"path": "old.py", "action": "delete"}]
