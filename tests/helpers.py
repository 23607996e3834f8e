"""Shared test helpers: fixture projects in a temporary git repository, and the CLI."""

from __future__ import annotations

import ast
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


#: Package layouts whose floor the test lowers to 3.10, with the line declaring it.
FLOOR_LAYOUTS = {
    "bigger_app": ('requires-python = ">=3.11"', 'requires-python = ">=3.10"'),
    "sync_orm": ('requires-python = ">=3.11"', 'requires-python = ">=3.10"'),
    "src_factory": ('python = "^3.11"', 'python = "^3.10"'),
}


def on_python_310(layout: str, dest: Path, *, commit: bool = True) -> Path:
    """The fixture ``layout`` with its Python floor lowered to 3.10."""
    root = copy_fixture(layout, dest, commit=False)
    old, new = FLOOR_LAYOUTS[layout]
    manifest = root / "pyproject.toml"
    text = manifest.read_text()
    assert old in text, (layout, old)
    manifest.write_text(text.replace(old, new))
    if commit:
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fixture")
    return root


#: Names the standard library gained in Python 3.11, by module: code for a
#: project whose floor is 3.10 must not import or read them.
NEW_IN_311: dict[str, frozenset[str]] = {
    "typing": frozenset(
        {
            "Self",
            "Never",
            "LiteralString",
            "Required",
            "NotRequired",
            "TypeVarTuple",
            "Unpack",
            "assert_never",
            "assert_type",
            "reveal_type",
            "dataclass_transform",
            "get_overloads",
            "clear_overloads",
        }
    ),
    "datetime": frozenset({"UTC"}),
    "asyncio": frozenset({"timeout", "timeout_at", "TaskGroup", "Runner", "Timeout"}),
    "enum": frozenset({"StrEnum", "ReprEnum", "verify", "EnumCheck", "member", "nonmember"}),
    "contextlib": frozenset({"chdir"}),
}
#: Modules and builtins new in 3.11.
NEW_MODULES_311 = frozenset({"tomllib", "wsgiref.types"})
NEW_BUILTINS_311 = frozenset({"ExceptionGroup", "BaseExceptionGroup"})


def python311_only(source: str) -> list[str]:
    """``line: what`` for each use in ``source`` of what Python 3.10 lacks.

    Imports and attribute reads of :data:`NEW_IN_311`, its new modules, the
    exception-group builtins read without an import of their own, ``except*``
    and PEP 695 generics (3.12). A name guarded by ``sys.version_info`` is
    still reported: code for a 3.10 floor imports it from a backport.
    """
    tree = ast.parse(source)
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    found = []
    for node in ast.walk(tree):
        what = _new_in_311(node, imported)
        if what is not None:
            found.append(f"{getattr(node, 'lineno', 0)}: {what}")
    return found


def _new_in_311(node: ast.AST, imported: set[str]) -> str | None:
    if isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
        if node.module in NEW_MODULES_311:
            return f"the module {node.module}"
        new = NEW_IN_311.get(node.module, frozenset())
        names = sorted(alias.name for alias in node.names if alias.name in new)
        return f"from {node.module} import {', '.join(names)}" if names else None
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names if alias.name in NEW_MODULES_311]
        return f"the module {names[0]}" if names else None
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.attr in NEW_IN_311.get(node.value.id, frozenset())
    ):
        return f"{node.value.id}.{node.attr}"
    if isinstance(node, ast.Name) and node.id in NEW_BUILTINS_311 and node.id not in imported:
        return f"the builtin {node.id}"
    if isinstance(node, ast.TryStar):
        return "except*"
    if getattr(node, "type_params", None) or type(node).__name__ == "TypeAlias":
        return "a PEP 695 type parameter or alias"
    return None
