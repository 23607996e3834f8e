"""Lay out the Python a step writes as the project's formatter would.

Templates and edits are written for ruff format's defaults (88 columns, double
quotes). A project that formats to 100 columns, or with single quotes, would
fail its own ``ruff format --check`` on them. After each step, the Python files
it writes go through ruff format with the project's own format settings:

- a new file always;
- an edited file only when the project kept it formatted before the edit, so a
  file the project does not format keeps its lines as they were, apart from
  the edit.

The settings are read from the project's ``.ruff.toml``, ``ruff.toml`` or
``pyproject.toml`` (``[tool.ruff]``, else black's ``[tool.black]``), in the
view after the step, and passed to ruff in isolated mode: nothing else on the
machine changes the layout, so one sentence gives one diff.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import subprocess
import tempfile
import tokenize
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from fastprod.core._changes import ChangeSet, FileChange
from fastprod.project._project import Project

_CONFIGS = (".ruff.toml", "ruff.toml", "pyproject.toml")
_QUOTES = {"double", "single", "preserve"}
_INDENTS = {"space", "tab"}
_ENDINGS = {"auto", "lf", "cr-lf", "native"}
# The versions ruff 0.17 formats for.
_MINORS = range(7, 16)
_TARGETS = {f"py3{minor}" for minor in _MINORS}


def format_options(config: Mapping[str, str | None]) -> list[str]:
    """ruff ``--config`` overrides for the format settings in a project's config files.

    ``config`` maps each of ``.ruff.toml``, ``ruff.toml`` and ``pyproject.toml``
    to its text, or ``None`` when absent; the first present that configures
    ruff wins, as in ruff. A value ruff would not take is left out.
    """
    settings: dict[str, Any] = {}
    for name in _CONFIGS:
        table = _table(config.get(name), name)
        if table is not None:
            settings = table
            break
    options: dict[str, str] = {}
    length = settings.get("line-length")
    if isinstance(length, int) and not isinstance(length, bool) and 0 < length <= 320:
        options["line-length"] = str(length)
    width = settings.get("indent-width")
    if isinstance(width, int) and not isinstance(width, bool) and 0 < width <= 16:
        options["indent-width"] = str(width)
    target = settings.get("target-version")
    if target not in _TARGETS:
        # As ruff does: the oldest Python the project's requires-python admits.
        target = _required(config.get("pyproject.toml"))
    if target is not None:
        options["target-version"] = repr(target)
    layout = settings.get("format", {})
    if isinstance(layout, dict):
        _choose(options, layout, "quote-style", _QUOTES)
        _choose(options, layout, "indent-style", _INDENTS)
        _choose(options, layout, "line-ending", _ENDINGS)
        if isinstance(layout.get("skip-magic-trailing-comma"), bool):
            value = "true" if layout["skip-magic-trailing-comma"] else "false"
            options["format.skip-magic-trailing-comma"] = value
    return [f"{key}={value}" for key, value in sorted(options.items())]


def _required(pyproject: str | None) -> str | None:
    try:
        project = tomllib.loads(pyproject or "").get("project", {})
        admits = SpecifierSet(project.get("requires-python", ""))
    except (tomllib.TOMLDecodeError, InvalidSpecifier, AttributeError, TypeError):
        return None
    if not str(admits):
        return None
    oldest = next((m for m in _MINORS if _admits(admits, m)), None)
    return None if oldest is None else f"py3{oldest}"


def _admits(admits: SpecifierSet, minor: int) -> bool:
    # A bound on a patch release (>=3.11.4) admits its minor.
    return any(admits.contains(f"3.{minor}.{patch}", prereleases=True) for patch in (0, 99))


def _choose(options: dict[str, str], layout: dict[str, Any], key: str, allowed: set[str]) -> None:
    if layout.get(key) in allowed:
        options[f"format.{key}"] = repr(layout[key])


def _table(text: str | None, name: str) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    if name != "pyproject.toml":
        return data
    tools: object = data.get("tool", {})
    if not isinstance(tools, dict):
        return None
    ruff: object = tools.get("ruff")
    if isinstance(ruff, dict):
        return ruff
    black: object = tools.get("black")
    if not isinstance(black, dict):
        return None
    # black's settings, said as ruff's.
    layout: dict[str, Any] = {}
    if black.get("skip-string-normalization") is True:
        layout["quote-style"] = "preserve"
    if isinstance(black.get("skip-magic-trailing-comma"), bool):
        layout["skip-magic-trailing-comma"] = black["skip-magic-trailing-comma"]
    return {"line-length": black.get("line-length"), "format": layout}


def lay_out(view: Project, planned: ChangeSet) -> ChangeSet:
    """``planned`` with the Python it writes laid out by the project's format settings.

    ``view`` is the project the step was planned on. A file ruff cannot format
    (it does not parse, say) keeps the text the step planned.
    """
    written = [
        c for c in planned.changes if not c.delete and c.path.suffix == ".py" and not c.is_noop
    ]
    if not written:
        return planned
    after = view.with_changes(planned)
    options = format_options({name: after.read_text(name) for name in _CONFIGS})
    laid = _ruff_format(
        [c.after for c in written] + [c.before for c in written if c.before is not None], options
    )
    if laid is None:
        return planned
    befores = iter(laid[len(written) :])
    changes: dict[PurePosixPath, FileChange] = {}
    for change, new in zip(written, laid[: len(written)], strict=True):
        if change.before is not None and next(befores) != change.before:
            # The project does not keep this file formatted: leave its layout alone.
            continue
        if new != change.after:
            changes[change.path] = dataclasses.replace(change, after=new)
    if not changes:
        return planned
    return dataclasses.replace(
        planned, changes=tuple(changes.get(c.path, c) for c in planned.changes)
    )


def _ruff_format(texts: list[str], options: list[str]) -> list[str] | None:
    """Each text formatted by ruff with ``options``; one that does not format comes back as is."""
    laid = _remembered(tuple(texts), tuple(options))
    return None if laid is None else list(laid)


# What ruff made of texts already laid out in this process: a run plans the same
# files for each step, and a test suite the same fixtures many times.
@lru_cache(maxsize=256)
def _remembered(texts: tuple[str, ...], options: tuple[str, ...]) -> tuple[str, ...] | None:
    laid = _run_ruff(list(texts), list(options))
    return None if laid is None else tuple(laid)


def _run_ruff(texts: list[str], options: list[str]) -> list[str] | None:
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        ruff = find_ruff_bin()
    except (ImportError, FileNotFoundError):
        return None
    with tempfile.TemporaryDirectory(prefix="fastprod-format-") as tmp:
        paths = [Path(tmp) / f"m{i}.py" for i in range(len(texts))]
        for path, text in zip(paths, texts, strict=True):
            path.write_bytes(text.encode())
        command = [str(ruff), "format", "--isolated", "--no-cache", "--quiet"]
        for option in options:
            command += ["--config", option]
        # Exit 2 when a file does not parse: the others are formatted all the same.
        subprocess.run(
            [*command, *map(str, paths)], cwd=tmp, capture_output=True, check=False, timeout=120
        )
        return [path.read_bytes().decode() for path in paths]


def same_code(first: str | None, second: str | None) -> bool:
    """True when two texts are one module whatever their layout.

    Equal, or both Python with the same syntax tree and the same comments: what
    a recipe rendered, and what it wrote once laid out in the project's style
    (100 columns, single quotes), are the same file; one a person edited is not.
    """
    if first == second:
        return True
    if first is None or second is None:
        return False
    try:
        trees = [ast.dump(ast.parse(text)) for text in (first, second)]
        comments = [_comments(text) for text in (first, second)]
    except (SyntaxError, ValueError, tokenize.TokenError):
        return False
    return trees[0] == trees[1] and comments[0] == comments[1]


def _comments(text: str) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return [token.string.strip() for token in tokens if token.type == tokenize.COMMENT]
