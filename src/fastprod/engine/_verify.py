"""``--verify``: check an applied change with the project's own interpreter.

Three checks, each in a subprocess so nothing of the project is imported into
fastprod: every changed Python file compiles, the application imports, and
(``--verify=tests``) the project's own tests pass. Nothing is left on disk:
no ``__pycache__``, no pytest cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fastprod.core._changes import FileChange
from fastprod.project._project import AppLocation

Progress = Callable[[str], None]

_TAIL_LINES = 30
_TIMEOUT_SECONDS = 600


@dataclass(frozen=True, slots=True)
class Failure:
    """A check that failed: what it was and the tail of its output."""

    check: str
    output: str


def interpreter(root: Path) -> Path:
    """The project's own Python: its ``.venv`` (or ``venv``) when present, else this one."""
    for name in (".venv", "venv"):
        for candidate in (root / name / "bin" / "python", root / name / "Scripts" / "python.exe"):
            if candidate.exists():
                return candidate
    return Path(sys.executable)


def verify(
    root: Path,
    changes: Sequence[FileChange],
    app: AppLocation | None,
    *,
    tests: bool,
    progress: Progress | None = None,
) -> Failure | None:
    """Run the checks in order; return the first failure, or ``None`` when all pass."""
    python = interpreter(root)
    say = progress or (lambda _message: None)
    sources = [str(c.path) for c in changes if c.path.suffix == ".py" and not c.delete]
    steps: list[tuple[str, list[str]]] = [("compile", _compile_command(python, sources))]
    if app is not None:
        steps.append(("import", _import_command(python, app)))
    if tests:
        steps.append(("tests", [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"]))
    for name, command in steps:
        say(f"verify: {name}")
        failure = _run(name, command, root)
        if failure is not None:
            return failure
    return None


def _compile_command(python: Path, sources: list[str]) -> list[str]:
    # compile() rather than py_compile: it checks the syntax and writes no .pyc.
    code = (
        "import sys\n"
        "for name in sys.argv[1:]:\n"
        "    with open(name, 'rb') as handle:\n"
        "        compile(handle.read(), name, 'exec')\n"
    )
    return [str(python), "-c", code, *sources]


def _import_command(python: Path, app: AppLocation) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"sys.path.insert(0, {str(app.import_root)!r})\n"
        f"module = importlib.import_module({app.module!r})\n"
        f"getattr(module, {app.attr!r})\n"
    )
    return [str(python), "-c", code]


def _run(name: str, command: list[str], root: Path) -> Failure | None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    try:
        done = subprocess.run(
            command,
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Failure(name, f"timed out after {_TIMEOUT_SECONDS} s")
    except OSError as exc:
        return Failure(name, f"could not run {command[0]}: {exc}")
    if done.returncode == 0:
        return None
    return Failure(name, tail(done.stdout))


def tail(output: str, lines: int = _TAIL_LINES) -> str:
    """The last ``lines`` lines of ``output``."""
    kept = output.rstrip("\n").splitlines()[-lines:]
    return "\n".join(kept) + ("\n" if kept else "")
