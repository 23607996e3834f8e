"""A new intent is its folder and one registry line: nothing else in fastprod changes.

A scratch copy of fastprod (its package, grammar and recipes) gains a recipe
folder and one line in ``REGISTRY``; the copy, run as a user runs it, then lists
the intent in ``--help``, reads it by its phrases and by its concepts inside a
longer sentence, plans it beside another recipe, applies it, and finds it
already there on a second run. Every other file of the copy is byte for byte
the repository's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_fixture, git

REPOSITORY = Path(__file__).resolve().parent.parent

SPEC = """\
name = "health_probes"
summary = "Where the platform probes the app, written down for the platform team"
kind = "edit"
examples = ["add health probes"]
phrases = ["health probes", "probe notes"]
concepts = ["health probes", "probe notes"]
provides = ["probes.notes"]
"""

RECIPE = '''\
"""Write PROBES.md, which says where the platform should probe the app."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastprod.recipe import ChangeSet, FileChange, Project, Recipe


@dataclass(frozen=True, slots=True)
class Params:
    """``health_probes`` takes no parameters."""


def plan(params: Params, project: Project) -> ChangeSet:
    """Create PROBES.md unless it is there."""
    if (project.root / "PROBES.md").exists():
        return ChangeSet(messages=("PROBES.md: the probes are written down already",))
    text = "# Probes\\n\\nliveness: GET /health\\nreadiness: GET /ready\\n"
    return ChangeSet(changes=(FileChange(path=Path("PROBES.md"), before=None, after=text),))


RECIPE = Recipe(name="health_probes", params=Params, plan=plan)
'''

_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scratch")
    for part in ("src", "grammar", "recipes"):
        shutil.copytree(REPOSITORY / part, root / part, ignore=_IGNORED)
    folder = root / "recipes" / "health_probes"
    folder.mkdir()
    (folder / "spec.toml").write_text(SPEC, encoding="utf-8")
    (folder / "recipe.py").write_text(RECIPE, encoding="utf-8")
    (folder / "USAGE.md").write_text("# health_probes\n\nWrites PROBES.md.\n", encoding="utf-8")
    registry = root / "src" / "fastprod" / "core" / "_registry.py"
    text = registry.read_text(encoding="utf-8")
    last = '    "security_review",\n)'
    assert last in text, "the registry's last line moved: update this test"
    registry.write_text(text.replace(last, '    "security_review",\n    "health_probes",\n)'))
    return root


def _run(scratch: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(scratch / "src"),
        # The copy's grammar and concept pattern are cached apart from the repository's.
        "XDG_CACHE_HOME": str(scratch / "cache"),
    }
    code = "from fastprod.face._cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_only_the_folder_and_one_registry_line_differ(scratch: Path) -> None:
    changed = []
    for path in sorted(scratch.rglob("*")):
        if not path.is_file() or "cache" in path.relative_to(scratch).parts[:1]:
            continue
        relative = path.relative_to(scratch)
        original = REPOSITORY / relative
        if not original.is_file() or original.read_bytes() != path.read_bytes():
            changed.append(relative.as_posix())
    assert changed == [
        "recipes/health_probes/USAGE.md",
        "recipes/health_probes/recipe.py",
        "recipes/health_probes/spec.toml",
        "src/fastprod/core/_registry.py",
    ]


def test_the_copy_runs_the_new_intent_as_a_user_would(scratch: Path, tmp_path: Path) -> None:
    # The copy is the one imported, not the installed fastprod.
    help_run = _run(scratch, tmp_path, "--help")
    assert help_run.returncode == 0, help_run.stderr
    assert 'fastprod "add health probes"' in help_run.stdout

    project = copy_fixture("bigger_app", tmp_path)
    read = _run(scratch, project, "could you write down the probe notes pls", "--dry-run", "--json")
    assert read.returncode == 0, read.stdout + read.stderr
    planned = json.loads(read.stdout)
    assert [i["intent"] for i in planned["intents"]] == ["health_probes"]
    assert [f["path"] for f in planned["files"]] == ["PROBES.md"]

    both = _run(scratch, project, "add health probes and set up error handling", "--json")
    assert both.returncode == 0, both.stdout + both.stderr
    applied = json.loads(both.stdout)
    assert [i["intent"] for i in applied["intents"]] == ["health_probes", "error_handling"]
    assert (project / "PROBES.md").read_text(encoding="utf-8").startswith("# Probes\n")
    assert any(f["path"].startswith("app/") for f in applied["files"])

    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "probes")
    again = _run(scratch, project, "add health probes", "--json")
    assert again.returncode == 0, again.stdout + again.stderr
    assert json.loads(again.stdout)["files"] == []
    assert "already" in " ".join(json.loads(again.stdout)["messages"])


def test_the_installed_fastprod_does_not_know_the_scratch_intent(tmp_path: Path) -> None:
    # The control: without the folder the same sentence is not the new intent.
    from fastprod import UnrecognizedCommand, parse

    with pytest.raises(UnrecognizedCommand):
        parse("could you write down the probe notes pls")
