"""The files beside the code that the audit reads.

Python files and their roles are the project's (``fastprod.project._model._python``).
The few other files the audit needs (Dockerfiles, compose files, CI workflows,
manifests) are found by a bounded walk that looks at names only and reads nothing it does not need.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

from fastprod.core._errors import FastprodError
from fastprod.project._model._facts import Unparsed
from fastprod.project._model._python import DOC_DIRS, TEST_DIRS
from fastprod.project._project import Project

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
_VISIBLE_HIDDEN = frozenset(
    {".github", ".circleci", ".gitlab", ".buildkite", ".k8s", ".deploy", ".dependabot"}
)
_MANIFEST_DIRS = frozenset(
    {"k8s", "kubernetes", "kube", "deploy", "deployment", "deployments", "manifests", "helm"}
    | {"charts", "infra", "infrastructure", "ops", ".k8s", ".deploy", "templates", "base"}
    | {"overlays", "production", "prod", "staging"}
)
_MAX_DEPTH = 4
_MAX_ENTRIES = 20_000


UNREAD = "not read: neither UTF-8 nor UTF-16 text; the rest of the project is audited without it"


def read_beside(project: Project, path: str) -> tuple[str | None, Unparsed | None]:
    """The text of a file beside the code (a manifest, a config), or why it was not read.

    Read as the source set reads every file: UTF-8, or UTF-16 with a byte-order
    mark (PowerShell's ``pip freeze > requirements.txt``). Any other encoding is
    left out with a note, and the audit goes on without that one file.
    """
    try:
        text = project.read_text(path)
    except FastprodError:
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
    # ``.env.example`` and its kin: the values a person is told to set.
    env_templates: list[str] = field(default_factory=list)
    # YAML in any other folder: read only for the Kubernetes Secrets it may hold.
    other_yaml: list[str] = field(default_factory=list)
    # An identity provider's realm, exported (Keycloak's ``realm-export.json``):
    # where a login the app hands over is configured.
    realms: list[str] = field(default_factory=list)


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
    found.other_yaml.sort()
    found.realms.sort()
    ignored = _ignored_patterns(project)
    found.dotenv = sorted(
        str(p) for p in on_disk if _is_dotenv(p.name) and not _ignored(p, ignored)
    )
    found.env_templates = sorted(
        str(p) for p in on_disk if _is_env_template(p.name) and not _ignored(p, ignored)
    )
    return found


def _is_env_template(name: str) -> bool:
    if not (name == ".env" or name.startswith(".env.") or name.endswith(".env")):
        return False
    return not _is_dotenv(name)


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
# Dependabot's first configuration format, before ``.github/dependabot.yml``.
_LEGACY_DEPENDABOT = frozenset({".dependabot/config.yml", ".dependabot/config.yaml"})
# Codecov reads its settings from one of these, at the root, in .github/ or in dev/.
_CODECOV_FILES = frozenset({"codecov.yml", ".codecov.yml", "codecov.yaml", ".codecov.yaml"})
_CODECOV_DIRS = frozenset({(), (".github",), ("dev",)})
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
    elif _is_bot(name, dirs, text):
        found.bots.append(text)
    elif name in _CONFIG_FILES or (name in _CODECOV_FILES and dirs in _CODECOV_DIRS):
        found.configs.append(text)
    elif name in _PLATFORM_FILES or name.endswith(".service"):
        found.platforms.append(text)
    elif _is_proxy(name, dirs):
        found.proxies.append(text)
    elif name.endswith(_YAML) and (_MANIFEST_DIRS.intersection(dirs) or _helm_file(name)):
        found.manifests.append(text)
    elif name.endswith(".sql") and "migrations" in dirs:
        found.sql_migrations.append(text)
    elif name.endswith(_YAML):
        found.other_yaml.append(text)
    elif name.endswith(".json") and "realm" in name.lower() and "previous" not in name.lower():
        found.realms.append(text)


def _is_bot(name: str, dirs: tuple[str, ...], text: str) -> bool:
    """Dependabot's or Renovate's configuration, where each reads it."""
    if name in _BOT_FILES and dirs in {(), (".github",)}:
        return True
    return name in _BOT_FILES_ANYWHERE or text in _LEGACY_DEPENDABOT


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


@dataclass(frozen=True, slots=True)
class Above:
    """A deploy file at the root of the repository the project is a folder of.

    ``path`` is written from the project's root (``../compose.yml``); ``kind`` is
    ``compose``, ``proxy``, ``platform`` or ``env_template`` (``.env.example``).
    """

    path: str
    kind: str
    text: str


def files_above(project: Project) -> tuple[str, list[Above]]:
    """The project's folder in its repository (``backend``) and the deploy files at the top,
    with the repository's Dependabot or Renovate configuration.

    A monorepo keeps its compose files and proxy configs at the root, beside the
    ``backend/`` audited: they are read when the root is a git repository above the
    project. Nothing is read when the project is the repository itself.
    """
    root = Path(project.root).resolve()
    top = next((p for p in root.parents if (p / ".git").exists()), None)
    if top is None or (root / ".git").exists():
        return "", []
    found = []
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError:
        return "", []
    for entry in entries:
        kind = _front_kind(entry.name)
        if kind is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            text = Path(entry.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found.append(Above(os.path.relpath(entry.path, root).replace(os.sep, "/"), kind, text))
    workflows = top / ".github" / "workflows"
    try:
        flows = [e for e in os.scandir(workflows) if e.name.endswith(_YAML) and e.is_file()]
    except OSError:
        flows = []
    for entry in sorted(flows, key=lambda e: e.name):
        # The repository's CI, which may test, measure and scan the project's folder.
        try:
            text = Path(entry.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found.append(Above(os.path.relpath(entry.path, root).replace(os.sep, "/"), "ci", text))
    for name in sorted(_BOT_FILES):
        # The repository's Dependabot or Renovate, which may watch the project's folder.
        path = top / ".github" / name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found.append(Above(os.path.relpath(path, root).replace(os.sep, "/"), "bot", text))
    return root.relative_to(top).as_posix(), found


def _front_kind(name: str) -> str | None:
    if name in _BOT_FILES or name in _BOT_FILES_ANYWHERE:
        return "bot"
    if name.endswith(_YAML) and "compose" in name.lower():
        return "compose"
    if _is_env_template(name):
        return "env_template"
    if _is_proxy(name, ()):
        return "proxy"
    return "platform" if name == "Caddyfile" else None


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
    if name in TEST_DIRS or name in DOC_DIRS or name == "fixtures":
        return False
    return not name.startswith(".") or name in _VISIBLE_HIDDEN
