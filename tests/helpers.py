"""Shared test helpers: fixture projects in a temporary git repository, and the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from fastprod.face._cli import app

FIXTURES = Path(__file__).parent / "fixtures"


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` and return its output."""
    done = subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True)
    return done.stdout


def copy_fixture(name: str, dest: Path, *, commit: bool = True) -> Path:
    """Copy ``tests/fixtures/<name>`` to ``dest/<name>``, as a committed git repository."""
    root = dest / name
    shutil.copytree(FIXTURES / name, root)
    if commit:
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fixture")
    return root


def snapshot_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (outside .git) with its bytes, to compare trees."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


@dataclass
class Run:
    """The result of one CLI invocation."""

    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        """Parse stdout as the ``--json`` object."""
        data: dict[str, Any] = json.loads(self.stdout)
        return data


def cli(*args: str) -> Run:
    """Invoke ``fastprod`` in-process, as a user would from a shell (no TTY)."""
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)
