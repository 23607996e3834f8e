"""The shell's options: --check as a CI gate, --list, sentence completion, progress."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import cli, copy_fixture, snapshot_tree

from fastprod.core._registry import RECIPES, SPECS
from fastprod.face._cli import command_lines, complete_sentence, shows_progress

SENTENCE = "set up error handling"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_fixture("single_file", tmp_path)


def test_check_writes_nothing_and_exits_1_when_a_change_is_due(project: Path) -> None:
    before = snapshot_tree(project)
    run = cli(SENTENCE, "--path", str(project), "--check", "--json")
    assert run.exit_code == 1
    files = [
        "errors.py",
        "main.py",
        "tests/__init__.py",
        "tests/test_error_handlers.py",
        "tests/test_errors.py",
    ]
    assert run.json()["check"] == {"would_change": True, "files": files}
    assert snapshot_tree(project) == before


def test_check_exits_0_once_applied(project: Path) -> None:
    assert cli(SENTENCE, "--path", str(project), "--commit").exit_code == 0
    run = cli(SENTENCE, "--path", str(project), "--check", "--json")
    assert run.exit_code == 0
    assert run.json()["check"] == {"would_change": False, "files": []}
    assert run.json()["status"] == "unchanged"


def test_check_in_text_says_what_would_change(project: Path) -> None:
    run = cli(SENTENCE, "--path", str(project), "--check")
    assert run.exit_code == 1
    assert "+++ b/errors.py" in run.stdout


def test_check_of_two_features_gates_both(project: Path) -> None:
    sentence = "add structured logging and set up error handling"
    assert cli(sentence, "--path", str(project), "--commit").exit_code == 0
    assert cli(sentence, "--path", str(project), "--check").exit_code == 0
    main = project / "main.py"
    main.write_text(main.read_text().replace("register_error_handlers(app)\n", ""))
    assert cli(sentence, "--path", str(project), "--check", "--force").exit_code == 1


def test_list_prints_every_runnable_command_with_an_example() -> None:
    run = cli("--list")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines == command_lines()
    names = [line.split("\t")[0] for line in lines]
    assert names == [n for n in SPECS if n in RECIPES] + ["undo"]
    for line in lines:
        _, example = line.split("\t")
        assert example.startswith('fastprod "') and example.endswith('"')


def test_every_listed_example_is_understood() -> None:
    import fastprod

    for line in command_lines():
        name, example = line.split("\t")
        intents = fastprod.parse(example.removeprefix('fastprod "').removesuffix('"'))
        assert [i.name for i in intents] == [name]


def test_completion_offers_the_supported_sentences() -> None:
    everything = complete_sentence("")
    assert "set up error handling" in everything
    assert "undo the last change" in everything
    assert complete_sentence("set up e") == [
        "set up error handling",
        "set up error handling with the strict error envelope",
    ]
    assert all(s.lower().startswith("add") for s in complete_sentence('"add'))
    assert complete_sentence("zzz") == []


def test_shell_completion_is_wired_through_typer() -> None:
    env = {
        **os.environ,
        "_FASTPROD_COMPLETE": "complete_bash",
        "COMP_WORDS": "fastprod 'set up e",
        "COMP_CWORD": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", "from fastprod.face._cli import main; main()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "set up error handling" in done.stdout
    assert "add structured logging" not in done.stdout


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_tty_without_no_color() -> None:
    assert shows_progress(_Tty(), {}) is True
    assert shows_progress(_Tty(), {"NO_COLOR": "1"}) is False
    assert shows_progress(_Tty(), {"NO_COLOR": ""}) is False
    assert shows_progress(_Tty(), {"TERM": "dumb"}) is False
    assert shows_progress(io.StringIO(), {}) is False


def test_piped_runs_print_no_progress(project: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from fastprod.face._cli import main; main()", "audit my project"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stderr == ""


def _stderr_on_a_tty(project: Path, env: dict[str, str]) -> bytes:
    """Run an audit with stderr on a pseudo-terminal; return what reached it."""
    import pty

    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-c", "from fastprod.face._cli import main; main()", "audit my project"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
        check=False,
        timeout=120,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert done.returncode == 0
    return seen


def test_progress_is_drawn_on_a_terminal_and_not_with_no_color(project: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    env["TERM"] = "xterm"
    assert b"fastprod:" in _stderr_on_a_tty(project, env)
    assert _stderr_on_a_tty(project, {**env, "NO_COLOR": "1"}) == b""
