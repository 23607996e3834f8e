"""Which Python files the project has, what each is for, and how one is parsed.

A file's role (application code, tests, docs, migrations, scripts) comes from
where it lives. Syntax newer than the running Python that has a same-line
older spelling is rewritten so the file is still read, and the rewrite is said.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from fastprod.core._errors import FastprodError
from fastprod.project._model._facts import Role, Unparsed

if TYPE_CHECKING:
    from fastprod.project._project import Project

TEST_DIRS = frozenset({"tests", "test", "testing", "__tests__"})
DOC_DIRS = frozenset({"docs", "doc", "docs_src", "examples", "example", "samples", "tutorial"})
_SCRIPT_DIRS = frozenset({"scripts", "script", "bin", "benchmarks", "bench"})
# Top folders of trials beside the app ("spiking/", "playground/"): no route reaches them.
_TRIAL_DIRS = frozenset(
    {"spiking", "spike", "spikes", "playground", "scratch", "experiments", "prototypes"}
)
_SCRIPT_FILES = frozenset(
    {"setup.py", "noxfile.py", "fabfile.py", "tasks.py", "manage.py", "conftest.py"}
)
_COMMAND_FILES = frozenset({"cli.py", "commands.py", "locustfile.py"})
_MIGRATION_DIRS = frozenset({"migrations", "alembic"})


def python_files(project: Project) -> tuple[PurePosixPath, ...]:
    """Every Python file of the project, in path order."""
    return project.python_files


def role_of(path: PurePosixPath) -> Role:
    """Tell what a file is for from where it lives: tests, docs, scripts or the app."""
    dirs = path.parts[:-1]
    name = path.name
    if TEST_DIRS.intersection(dirs) or name.startswith("test_") or name == "conftest.py":
        return Role.TEST
    if name.endswith("_test.py"):
        return Role.TEST
    if DOC_DIRS.intersection(dirs) or (dirs and dirs[0] in _TRIAL_DIRS):
        return Role.DOCS
    if _MIGRATION_DIRS.intersection(dirs):
        return Role.MIGRATION
    # setup.py, noxfile.py... at the root are tooling; an app's core/setup.py is not.
    if _SCRIPT_DIRS.intersection(dirs) or (name in _SCRIPT_FILES and not dirs):
        return Role.SCRIPT
    if name in _COMMAND_FILES or "commands" in dirs:
        return Role.SCRIPT
    return Role.APP


def module_name(project: Project, path: PurePosixPath) -> str:
    """The dotted name Python imports a module file by, relative to its import root.

    The same name discovery gives: ``src/shop/main.py`` in a src layout is
    ``shop.main``, not ``src.shop.main``.
    """
    return project.module_name(path)[0]


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed file; ``rewritten`` says which newer syntax was rewritten to parse it."""

    text: str
    tree: ast.Module
    rewritten: Unparsed | None = None


def parse(project: Project, path: PurePosixPath) -> Parsed | Unparsed | None:
    """Read and parse one file; a file the running Python cannot read is reported, not skipped.

    Syntax newer than the running Python that has a same-line equivalent
    (``except A, B:``, ``type X = ...``, ``class Box[T]:``) is rewritten so the
    file is still analysed; the rewrite is reported. Anything else is reported
    as not analysed.
    """
    try:
        text = project.read_text(path)
    except FastprodError as error:
        return Unparsed(str(path), 1, error.message)
    if text is None:
        return None
    return parse_text(project, path, text)


def parse_text(project: Project, path: PurePosixPath, text: str) -> Parsed | Unparsed:
    """Parse a file's text as :func:`parse` does, through the run's source set.

    A tree already in the source set (discovery parsed the file) is reused; a
    new one is not kept, since the audit keeps the facts it reads instead.
    """
    try:
        return Parsed(text, project.sources.parse(text, str(path), keep=False))
    except SyntaxError as error:
        return _downlevel(project, path, text, error)
    except ValueError as error:
        return Unparsed(str(path), 1, f"not analysed: {error}")


def _downlevel(
    project: Project, path: PurePosixPath, text: str, error: SyntaxError
) -> Parsed | Unparsed:
    rewritten, changed = _rewrite_newer_syntax(text)
    line = error.lineno or 1
    if changed:
        try:
            tree = project.sources.parse(rewritten, str(path), keep=False)
        except (SyntaxError, ValueError):
            pass
        else:
            reason = f"analysed after rewriting syntax newer than Python {_running()} ({changed})"
            return Parsed(rewritten, tree, Unparsed(str(path), line, reason))
    reason = (
        f"not analysed: Python {_running()} cannot parse it ({error.msg}); if it uses newer "
        "syntax, run fastprod under that Python to include it"
    )
    return Unparsed(str(path), line, reason)


def _running() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


_EXCEPT_TUPLE = re.compile(r"^(\s*except\*?\s+)(?!\()([^:#]+?,[^:#]+?)(\s*:)")
_TYPE_ALIAS = re.compile(r"^(\s*)type\s+([A-Za-z_]\w*)\s*(\[.*\])?\s*=")
_GENERIC_HEAD = re.compile(r"^(\s*(?:async\s+def|def|class)\s+[A-Za-z_]\w*)\[")


def _rewrite_newer_syntax(text: str) -> tuple[str, str]:
    """Rewrite, line by line, the newer syntax that has an older spelling on the same line."""
    lines = text.splitlines(keepends=True)
    done: dict[str, None] = {}
    for index, line in enumerate(lines):
        steps = (
            ("'except A, B:' (3.14)", lambda s: _EXCEPT_TUPLE.sub(r"\1(\2)\3", s)),
            ("'type X = ...' (3.12)", lambda s: _TYPE_ALIAS.sub(r"\1\2 =", s)),
            ("type parameters (3.12)", _drop_type_params),
        )
        for label, step in steps:
            new = step(line)
            if new != line:
                done[label] = None
                line = new
        lines[index] = line
    return "".join(lines), ", ".join(done)


def _drop_type_params(line: str) -> str:
    match = _GENERIC_HEAD.match(line)
    if match is None:
        return line
    depth, end = 0, match.end() - 1
    for position in range(end, len(line)):
        depth += {"[": 1, "]": -1}.get(line[position], 0)
        if depth == 0:
            return line[:end] + line[position + 1 :]
    return line
