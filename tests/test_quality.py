"""fastprod's own code passes the checks it asks of the code it generates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "src", "recipes", "tests"),
        ("ruff", "format", "--check", "src", "recipes", "tests"),
        ("mypy",),
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_own_code_is_clean(command: tuple[str, ...]) -> None:
    done = _run(*command)
    assert done.returncode == 0, done.stdout + done.stderr


def _bound_twice(path: Path) -> list[str]:
    # Names a module binds more than once at its top level: the later binding
    # silently replaces the earlier for every function of the module.
    import ast
    from collections import Counter

    names: Counter[str] = Counter()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] += 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] += 1
    return sorted(name for name, count in names.items() if count > 1)


def test_no_module_binds_a_name_twice() -> None:
    twice = {
        str(path.relative_to(ROOT)): found
        for path in sorted((ROOT / "src").rglob("*.py")) + sorted((ROOT / "recipes").rglob("*.py"))
        if (found := _bound_twice(path))
    }
    assert twice == {}
