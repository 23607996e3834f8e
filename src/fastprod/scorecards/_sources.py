"""Which files the audit reads, what each is for, and how a Python file is parsed.

Python files come from ``Project.python_files`` (git-ignored files, virtual
environments and build output are left out). The few other files the audit
needs (Dockerfiles, compose files, CI workflows, manifests) are found by a
bounded walk that looks at names only and reads nothing it does not need.
"""

from __future__ import annotations

import ast
import codecs
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import PurePosixPath

from fastprod.core._errors import FastprodError
from fastprod.project._project import Project
from fastprod.scorecards._facts import Role, Unparsed

_TEST_DIRS = frozenset({"tests", "test", "testing", "__tests__"})
_DOC_DIRS = frozenset({"docs", "doc", "docs_src", "examples", "example", "samples", "tutorial"})
_SCRIPT_DIRS = frozenset({"scripts", "script", "bin", "benchmarks", "bench"})
_SCRIPT_FILES = frozenset(
    {"setup.py", "noxfile.py", "fabfile.py", "tasks.py", "manage.py", "conftest.py"}
)
_COMMAND_FILES = frozenset({"cli.py", "commands.py", "locustfile.py"})
_MIGRATION_DIRS = frozenset({"migrations", "alembic"})
_SKIP_DIRS = frozenset(
    {
        "node_modules",
        "venv",
        "env",
        "build",
        "dist",
        "__pycache__",
        "site-packages",
        "htmlcov",
        "coverage",
    }
)
_VISIBLE_HIDDEN = frozenset({".github", ".circleci", ".gitlab", ".buildkite", ".k8s", ".deploy"})
_MANIFEST_DIRS = frozenset(
    {"k8s", "kubernetes", "kube", "deploy", "deployment", "deployments", "manifests", "helm"}
    | {"charts", "infra", "infrastructure", "ops", ".k8s", ".deploy", "templates", "base"}
    | {"overlays", "production", "prod", "staging"}
)
_MAX_DEPTH = 4
_MAX_ENTRIES = 20_000


def python_files(project: Project) -> tuple[PurePosixPath, ...]:
    """Every Python file of the project, in path order."""
    return project.python_files


def role_of(path: PurePosixPath) -> Role:
    """Tell what a file is for from where it lives: tests, docs, scripts or the app."""
    dirs = path.parts[:-1]
    name = path.name
    if _TEST_DIRS.intersection(dirs) or name.startswith("test_") or name == "conftest.py":
        return Role.TEST
    if name.endswith("_test.py"):
        return Role.TEST
    if _DOC_DIRS.intersection(dirs):
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


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UNREAD = "not read: neither UTF-8 nor UTF-16 text; the rest of the project is audited without it"


def read_beside(project: Project, path: str) -> tuple[str | None, Unparsed | None]:
    """The text of a file beside the code (a manifest, a config), or why it was not read.

    UTF-8 first, as everywhere. Windows tools write some of these files as
    UTF-16 with a byte-order mark (PowerShell's ``pip freeze > requirements.txt``):
    the mark says how to read them, so they are read. Any other encoding is left
    out with a note, and the audit goes on without that one file.
    """
    try:
        text = project.read_text(path)
    except FastprodError:
        try:
            raw = (project.root / path).read_bytes()
        except OSError:
            return None, Unparsed(path, 1, UNREAD)
        if raw.startswith(_UTF16_BOMS):
            try:
                return raw.decode("utf-16").removeprefix("\ufeff"), None
            except UnicodeDecodeError:
                pass
        return None, Unparsed(path, 1, UNREAD)
    return (text.removeprefix("\ufeff") if text is not None else None), None


@dataclass(slots=True)
class OtherFiles:
    """Non-Python files the audit reads, by kind, as relative POSIX paths."""

    dockerfiles: list[str] = field(default_factory=list)
    compose: list[str] = field(default_factory=list)
    workflows: list[str] = field(default_factory=list)
    ci: list[str] = field(default_factory=list)
    manifests: list[str] = field(default_factory=list)
    proxies: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    bots: list[str] = field(default_factory=list)
    configs: list[str] = field(default_factory=list)
    sql_migrations: list[str] = field(default_factory=list)
    dotenv: list[str] = field(default_factory=list)


def other_files(project: Project) -> OtherFiles:
    """Find the Dockerfiles, compose files, CI and tool configs of the project by name."""
    found = OtherFiles()
    on_disk = set(_walk_names(project))
    # Files planned by an earlier recipe of the same sentence exist only in the view.
    planned = {p for p in project.planned() if p.suffix != ".py"}
    for path in sorted(on_disk | planned):
        _classify(path, found)
    for paths in (found.dockerfiles, found.compose, found.workflows, found.ci, found.manifests):
        paths.sort()
    for paths in (found.proxies, found.platforms, found.bots, found.configs, found.sql_migrations):
        paths.sort()
    ignored = _ignored_patterns(project)
    found.dotenv = sorted(
        str(p) for p in on_disk if _is_dotenv(p.name) and not _ignored(p, ignored)
    )
    return found


# Files that show the variables a person sets, not the values the project runs with.
_DOTENV_TEMPLATES = re.compile(r"example|sample|template|dist|default|test|ci\b", re.I)


def _is_dotenv(name: str) -> bool:
    """``.env``, ``.env.production``, ``prod.env``: values committed for the app to read."""
    if not (name == ".env" or name.startswith(".env.") or name.endswith(".env")):
        return False
    return not _DOTENV_TEMPLATES.search(name.removeprefix(".env"))


def _ignored_patterns(project: Project) -> list[str]:
    try:
        text = project.read_text(".gitignore") or ""
    except Exception:
        return []
    lines = (line.strip() for line in text.splitlines())
    return [line.strip("/") for line in lines if line and not line.startswith(("#", "!"))]


def _ignored(path: PurePosixPath, patterns: list[str]) -> bool:
    """A file the root ``.gitignore`` keeps out of the repository: nobody else has it."""
    return any(fnmatch(path.name, p) or fnmatch(str(path), p) for p in patterns)


_CI_FILES = frozenset(
    {
        ".gitlab-ci.yml",
        "azure-pipelines.yml",
        "bitbucket-pipelines.yml",
        "Jenkinsfile",
        ".travis.yml",
        ".drone.yml",
        "cloudbuild.yaml",
        "cloudbuild.yml",
    }
)
_PLATFORM_FILES = frozenset(
    {"Procfile", "fly.toml", "render.yaml", "app.yaml", "vercel.json", "railway.json"}
    | {
        "railway.toml",
        "serverless.yml",
        "serverless.yaml",
        "gunicorn.conf.py",
        "zappa_settings.json",
    }
    | {"supervisord.conf", "Caddyfile"}
)
_BOT_FILES = frozenset({"dependabot.yml", "dependabot.yaml", "renovate.json", "renovate.json5"})
_BOT_FILES_ANYWHERE = frozenset({".renovaterc", ".renovaterc.json"})
_CONFIG_FILES = frozenset(
    {"pyproject.toml", "setup.cfg", "tox.ini", ".coveragerc", "pytest.ini", "mypy.ini"}
    | {".mypy.ini", "Makefile", "alembic.ini", "yoyo.ini", ".pre-commit-config.yaml"}
    | {"pyrightconfig.json", "justfile", "Taskfile.yml"}
)
_YAML = (".yml", ".yaml")


def _classify(path: PurePosixPath, found: OtherFiles) -> None:
    name = path.name
    dirs = path.parts[:-1]
    text = str(path)
    if _is_dockerfile(name):
        found.dockerfiles.append(text)
    elif name.endswith(_YAML) and "compose" in name.lower():
        found.compose.append(text)
    elif dirs[-2:] == (".github", "workflows") and name.endswith(_YAML):
        found.workflows.append(text)
    elif name in _CI_FILES or text in {".circleci/config.yml", ".buildkite/pipeline.yml"}:
        found.ci.append(text)
    elif (name in _BOT_FILES and (dirs in {(), (".github",)})) or name in _BOT_FILES_ANYWHERE:
        found.bots.append(text)
    elif name in _CONFIG_FILES:
        found.configs.append(text)
    elif name in _PLATFORM_FILES or name.endswith(".service"):
        found.platforms.append(text)
    elif _is_proxy(name, dirs):
        found.proxies.append(text)
    elif name.endswith(_YAML) and (_MANIFEST_DIRS.intersection(dirs) or _helm_file(name)):
        found.manifests.append(text)
    elif name.endswith(".sql") and "migrations" in dirs:
        found.sql_migrations.append(text)


def _helm_file(name: str) -> bool:
    """``Chart.yaml``, and the values files a Helm chart installs with (``values-prod.yaml``)."""
    return name == "Chart.yaml" or name.startswith("values")


def _is_dockerfile(name: str) -> bool:
    lower = name.lower()
    return (
        lower in {"dockerfile", "containerfile"}
        or lower.startswith(("dockerfile.", "dockerfile-", "dockerfile_"))
        or (lower.endswith(".dockerfile"))
    )


def _is_proxy(name: str, dirs: tuple[str, ...]) -> bool:
    lower = name.lower()
    if lower.endswith(".conf") and ("nginx" in lower or "nginx" in dirs):
        return True
    return lower.startswith("traefik") and lower.endswith((*_YAML, ".toml"))


def _walk_names(project: Project) -> Iterator[PurePosixPath]:
    root = project.root
    stack: list[tuple[str, int]] = [("", 0)]
    seen = 0
    while stack and seen < _MAX_ENTRIES:
        relative, depth = stack.pop()
        try:
            entries = sorted(os.scandir(root / relative), key=lambda e: e.name)
        except OSError:
            continue
        seen += len(entries)
        if relative and any(e.name == "pyvenv.cfg" for e in entries):
            continue
        for entry in entries:
            child = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir(follow_symlinks=False):
                if depth < _MAX_DEPTH and _descend(entry.name):
                    stack.append((child, depth + 1))
            elif entry.is_file(follow_symlinks=False):
                yield PurePosixPath(child)


def _descend(name: str) -> bool:
    if name in _SKIP_DIRS or name.endswith(".egg-info"):
        return False
    if name in _TEST_DIRS or name in _DOC_DIRS or name == "fixtures":
        return False
    return not name.startswith(".") or name in _VISIBLE_HIDDEN
