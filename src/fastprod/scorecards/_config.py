"""Facts from the files around the code: Dockerfiles, compose, CI, tool configs, proxies.

Each file is read once, through ``Project.read_text``, and only files found by
name (see ``_sources.other_files``) are read. Comments are dropped before
anything is matched: a tool named in a comment is not a tool in use.
"""

from __future__ import annotations

import base64
import configparser
import posixpath
import re
import shlex
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import InvalidVersion, Version

from fastprod.project._model._facts import Location, Unparsed
from fastprod.project._project import Project
from fastprod.scorecards._sources import Above, OtherFiles, files_above, read_beside
from fastprod.scorecards._yaml import Scalar, YamlMap, load_all, strip_comment, walk_scalars

_COV_FLAG = re.compile(r"--(?:cov-)?fail-under[= ]+(\d+)")
_SCANNERS = re.compile(
    r"\b(pip-audit|pip_audit|safety\s+(check|scan)|snyk\s+test|osv-scanner|trivy\s+fs"
    r"|grype|uv\s+pip\s+audit|pipenv\s+check)\b"
)
_SCANNER_ACTIONS = (
    "pypa/gh-action-pip-audit",
    "snyk/actions",
    "aquasecurity/trivy-action",
    "actions/dependency-review-action",
    "anchore/scan-action",
    "google/osv-scanner-action",
    "pyupio/safety-action",
)
_SAST = re.compile(r"\b(bandit|semgrep)\b")
_SAST_ACTIONS = ("github/codeql-action", "returntocorp/semgrep-action", "semgrep/semgrep-action")
_APP_COMMANDS = ("uvicorn", "gunicorn", "hypercorn", "granian", "fastapi", "python")
# An image that runs Python: its base, its installer or its server says so.
_PYTHON_IMAGE = re.compile(
    r"python|\bpip3?\b|\buv\b|poetry|pipenv|uvicorn|gunicorn|hypercorn|granian|fastapi", re.I
)
_RUNNING = frozenset({"FROM", "RUN", "CMD", "ENTRYPOINT"})
_NOT_APP_IMAGES = re.compile(
    r"^(\S+/)?(postgres|postgis|mysql|mariadb|redis|valkey|mongo|memcached|rabbitmq|nginx|node"
    r"|traefik|caddy|elasticsearch|minio|adminer|pgadmin|mailhog|localstack|kafka|zookeeper)\b",
    re.I,
)
_PYTHON_ECOSYSTEMS = frozenset({"pip", "uv", "poetry", "pipenv"})


@dataclass(slots=True)
class Dockerfile:
    """One Dockerfile: its stages, health check and user."""

    path: str
    stages: int = 0
    healthcheck: Location | None = None
    user: Location | None = None
    python: bool = False
    other_service: bool = False
    env: list[tuple[str, str, Location]] = field(default_factory=list)

    @property
    def for_the_app(self) -> bool:
        """Not the image of another service (a frontend served by nginx, a database)."""
        return self.python or not self.other_service


@dataclass(slots=True)
class ConfigFacts:
    """What the non-Python files of the project say."""

    dockerfiles: list[Dockerfile] = field(default_factory=list)
    compose_app_health: Location | None = None
    compose_other_health: list[tuple[str, Location]] = field(default_factory=list)
    compose_rollback: Location | None = None
    probes: Location | None = None
    orchestrated: Location | None = None
    alerts: Location | None = None
    ci_files: list[str] = field(default_factory=list)
    commands: list[tuple[Location, str]] = field(default_factory=list)
    actions: list[tuple[Location, str]] = field(default_factory=list)
    hooks: list[tuple[Location, str]] = field(default_factory=list)
    coverage_gates: list[tuple[Location, int]] = field(default_factory=list)
    # ``fail_under`` in a config file, a gate only where coverage.py reads that file.
    config_gates: list[tuple[Location, int]] = field(default_factory=list)
    # Codecov's project status targets: a gate when CI measures the coverage it is sent.
    codecov_gates: list[tuple[Location, int]] = field(default_factory=list)
    coverage_configs: list[str] = field(default_factory=list)
    asyncio_auto: Location | None = None
    mypy_strict: Location | None = None
    ruff_security: Location | None = None
    bots: list[Location] = field(default_factory=list)
    https: Location | None = None
    https_nowhere: Location | None = None
    proxy_headers: dict[str, Location] = field(default_factory=dict)
    proxy_rate_limit: Location | None = None
    platforms: list[Location] = field(default_factory=list)
    migrations: Location | None = None
    alembic: Location | None = None
    version_locations: bool = False
    pydantic_v1: Location | None = None
    env_values: list[tuple[str, str, Location]] = field(default_factory=list)
    # What ``.env.example`` and its kin tell a person to set: never a committed value.
    template_values: list[tuple[str, str, Location]] = field(default_factory=list)
    unread: list[Unparsed] = field(default_factory=list)
    # An exported identity-provider realm: whether its logins lock out guessing.
    realm_lockout: tuple[bool, Location] | None = None

    def scanners(self) -> list[tuple[Location, str]]:
        """Vulnerability scanners of the dependencies run by CI, pre-commit, tox, nox or make.

        The playbook's item is "safety/pip-audit": a scan against known vulnerabilities.
        Dependabot and Renovate, which watch the dependencies too, are kept in ``bots``.
        Code scanners (bandit, CodeQL), secret scanners (gitleaks) and unused-dependency
        checks (deptry) are not dependency scans.
        """
        found = [(loc, c) for loc, c in self.commands if _SCANNERS.search(c)]
        found += [(loc, a) for loc, a in self.actions if a.startswith(_SCANNER_ACTIONS)]
        found += [(loc, h) for loc, h in self.hooks if _SCANNERS.search(h.replace(" ", "-"))]
        return sorted(found)

    def sast(self) -> list[tuple[Location, str]]:
        """Static security analysis: bandit, semgrep, CodeQL, or ruff's ``S`` rules."""
        found = [(loc, c) for loc, c in [*self.commands, *self.hooks] if _SAST.search(c)]
        found += [(loc, a) for loc, a in self.actions if a.startswith(_SAST_ACTIONS)]
        if self.ruff_security is not None:
            found.append((self.ruff_security, "ruff S rules"))
        return sorted(found)

    def runs(self, word: str) -> Location | None:
        """Where CI, a hook or a task runner runs ``word`` (``mypy``, ``pytest``)."""
        found = [loc for loc, c in [*self.commands, *self.hooks] if re.search(rf"\b{word}\b", c)]
        return min(found) if found else None

    def measures_coverage(self) -> bool:
        """CI or a task runner measures coverage (``pytest --cov``, ``coverage run``)."""
        return any(_MEASURED.search(c) for _, c in self.commands) or any(
            a.startswith("codecov/") for _, a in self.actions
        )

    def coverage_gate(self) -> tuple[Location, int] | None:
        """The strictest coverage gate anywhere (config, CI, task runner).

        A ``fail_under`` in a config file is a gate only when coverage.py reads that
        file: in a folder, it reads the first of ``.coveragerc``, ``setup.cfg``,
        ``tox.ini`` and ``pyproject.toml`` that holds coverage settings, and no other.
        Codecov's project target (``coverage: status: project: <name>: target: 80%``)
        fails the pull request's status under it: a gate when CI measures coverage.
        """
        read = _coverage_read(self.coverage_configs)
        gates = self.coverage_gates + [g for g in self.config_gates if g[0].path in read]
        if self.measures_coverage():
            gates += self.codecov_gates
        if not gates:
            return None
        return max(gates, key=lambda gate: (gate[1], _neg(gate[0])))


# The order in which coverage.py looks for its settings in a folder.
_COVERAGE_ORDER = (".coveragerc", "setup.cfg", "tox.ini", "pyproject.toml")


def _coverage_read(paths: list[str]) -> frozenset[str]:
    """In each folder, the one file of ``paths`` whose coverage settings coverage.py reads."""
    first: dict[str, str] = {}
    for path in sorted(paths, key=lambda p: _COVERAGE_ORDER.index(posixpath.basename(p))):
        first.setdefault(posixpath.dirname(path), path)
    return frozenset(first.values())


def _neg(loc: Location) -> tuple[str, int]:
    return (loc.path, -loc.line)


def read_config(
    project: Project, files: OtherFiles, commands: list[tuple[Location, str]]
) -> ConfigFacts:
    """Read every file ``files`` lists; ``commands`` are those found in Python (noxfile)."""
    facts = ConfigFacts(commands=list(commands))
    for path in files.dockerfiles:
        dockerfile = _dockerfile(path, _text(project, path, facts))
        facts.dockerfiles.append(dockerfile)
        facts.env_values += dockerfile.env
    for path in files.compose:
        _compose(path, _text(project, path, facts), facts)
    for path in [*files.workflows, *files.ci]:
        _ci(path, _text(project, path, facts), facts)
    for path in files.manifests:
        with _examples_apart(path, facts):
            _manifest(path, _text(project, path, facts), facts)
    for path in files.other_yaml:
        with _examples_apart(path, facts):
            _secret_manifests(path, read_beside(project, path)[0] or "", facts)
    for path in files.proxies:
        _proxy(path, _text(project, path, facts), facts)
    for path in files.platforms:
        _platform(path, _text(project, path, facts), facts)
    for path in files.bots:
        _bot(path, _text(project, path, facts), facts)
    for path in files.realms:
        _realm(path, _text(project, path, facts), facts)
    for path in files.configs:
        _tool_config(path, _text(project, path, facts), facts)
    for path in files.dotenv:
        _dotenv(path, _text(project, path, facts), facts)
    for path in files.env_templates:
        _dotenv(path, _text(project, path, facts), facts, template=True)
    if files.sql_migrations and facts.migrations is None:
        facts.migrations = Location(files.sql_migrations[0])
    folder, above = files_above(project)
    _dockerfiles_above(project, folder, above, facts)
    _ci_above(folder, above, facts)
    _front_above(folder, above, facts)
    _bots_above(folder, above, facts)
    facts.commands.sort()
    return facts


def _ci_above(folder: str, above: list[Above], facts: ConfigFacts) -> None:
    """The repository's workflows that work in the project's folder.

    ``working-directory: backend``, ``cd backend``, ``pytest backend/tests``: what
    such a workflow runs (tests with coverage, pip-audit) runs on the project.
    """
    if not folder:
        return
    mentioned = re.compile(rf"(?<![\w.-]){re.escape(folder)}(?![\w-])")
    for found in above:
        if found.kind == "ci" and mentioned.search(found.text):
            _ci(found.path, found.text, facts)


def _dockerfiles_above(
    project: Project, folder: str, above: list[Above], facts: ConfigFacts
) -> None:
    """The Dockerfile a root compose file builds the project's folder with, kept outside it.

    ``build: {context: ./backend, dockerfile: ../docker/backend/Dockerfile}``: the
    project's image is built from a file beside the folder, not in it.
    """
    if not folder:
        return
    top = Path(project.root).resolve().parents[folder.count("/")]
    for found in above:
        if found.kind != "compose":
            continue
        for service, _ in _built_from(found.text, folder):
            build = service.get("build")
            if not isinstance(build, dict) or "dockerfile" not in build:
                continue
            context = posixpath.normpath(str(build.get("context", ".")))
            wanted = posixpath.normpath(posixpath.join(context, str(build["dockerfile"])))
            if wanted == folder or wanted.startswith((f"{folder}/", "../", "/")):
                continue  # in the project, read already; or outside the repository
            try:
                text = (top / wanted).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            path = posixpath.relpath(wanted, folder)
            if all(d.path != path for d in facts.dockerfiles):
                facts.dockerfiles.append(_dockerfile(path, text))


def _front_above(folder: str, above: list[Above], facts: ConfigFacts) -> None:
    """The proxy in front of the app, set up at the root of the monorepo it is a folder of.

    full-stack-fastapi-template's ``backend/`` is served by the Traefik of the root's
    compose files, which redirects HTTP to HTTPS. The root's files count when one of
    its compose files builds the project's folder; what they say of the proxy (the
    redirect, security headers, rate limits) is the app's, unless the project says it;
    the root's ``.env.example`` gives the values the project's settings are meant to take.
    """
    if not any(f.kind == "compose" and _builds(f.text, folder) for f in above):
        return
    front = ConfigFacts()
    for found in above:
        if found.kind == "bot":
            continue
        if found.kind == "env_template":
            # The variables a person copies to run the stack, the project among it.
            _dotenv(found.path, found.text, facts, template=True)
            continue
        if found.kind == "compose":
            # The values the stack gives the project's own service.
            for service, line in _built_from(found.text, folder):
                _compose_environment(found.path, service.get("environment"), line, facts)
        if found.kind == "platform":
            _platform(found.path, found.text, front)
        else:
            _proxy(found.path, found.text, front)
    facts.https = facts.https or front.https
    facts.proxy_rate_limit = facts.proxy_rate_limit or front.proxy_rate_limit
    for header, loc in front.proxy_headers.items():
        facts.proxy_headers.setdefault(header, loc)


def _bots_above(folder: str, above: list[Above], facts: ConfigFacts) -> None:
    """The repository's bot watching the project's folder: Renovate scans every folder;
    Dependabot reads the Python manifests of the ``directory`` an entry names
    (``directory: "/src"`` for the project in ``src/``), and no other."""
    for found in above:
        if found.kind != "bot":
            continue
        if "renovate" in found.path:
            facts.bots.append(Location(found.path))
            continue
        for document in load_all(found.text):
            updates = document.get("updates") if isinstance(document, dict) else None
            for update in updates if isinstance(updates, list) else []:
                if not isinstance(update, dict):
                    continue
                ecosystem = update.get("package-ecosystem")
                if ecosystem not in _PYTHON_ECOSYSTEMS:
                    continue
                named = update.get("directories") or [update.get("directory", "/")]
                folders = {str(d).strip("/") for d in (named if isinstance(named, list) else [])}
                if folder in folders:
                    line = getattr(ecosystem, "line", None)
                    facts.bots.append(Location(found.path, line) if line else Location(found.path))


def _builds(text: str, folder: str) -> bool:
    """A compose service built from ``folder``: its context, or its Dockerfile, is in it."""
    return any(True for _ in _built_from(text, folder))


def _built_from(text: str, folder: str) -> Iterator[tuple[dict[str, Any], int]]:
    """The compose services built from ``folder``, with their lines."""
    for document in load_all(text):
        services = document.get("services") if isinstance(document, dict) else None
        if not isinstance(services, dict):
            continue
        lines = services.lines if isinstance(services, YamlMap) else {}
        for name, service in services.items():
            build = service.get("build") if isinstance(service, dict) else None
            if isinstance(build, str):
                build = {"context": build}
            if not isinstance(build, dict):
                continue
            context = posixpath.normpath(str(build.get("context", ".")))
            dockerfile = posixpath.normpath(
                posixpath.join(context, str(build.get("dockerfile", "Dockerfile")))
            )
            if any(p == folder or p.startswith(f"{folder}/") for p in (context, dockerfile)):
                yield service, lines.get(name, 1)


def _text(project: Project, path: str, facts: ConfigFacts) -> str:
    text, unread = read_beside(project, path)
    if unread is not None:
        facts.unread.append(unread)
    return text or ""


def _lines(text: str) -> Iterator[tuple[int, str]]:
    yield from enumerate(text.splitlines(), start=1)


# ------------------------------------------------------------------ containers


def _dockerfile(path: str, text: str) -> Dockerfile:
    found = Dockerfile(path)
    for number, instruction in _instructions(text):
        word, _, rest = instruction.partition(" ")
        word = word.upper()
        if word == "FROM":
            found.stages += 1
            # The last stage is the image that runs: nginx serving a frontend is not the API.
            found.other_service = bool(_NOT_APP_IMAGES.match(rest.strip()))
        if word in _RUNNING and _PYTHON_IMAGE.search(rest):
            found.python = True
        elif word == "HEALTHCHECK" and rest.strip().upper() != "NONE":
            found.healthcheck = Location(path, number)
        elif word == "USER" and rest.strip() not in {"root", "0", "0:0"}:
            found.user = Location(path, number)
        elif word in {"ENV", "ARG"}:
            found.env += [(k, v, Location(path, number)) for k, v in _env_pairs(word, rest)]
    return found


def _env_pairs(word: str, rest: str) -> list[tuple[str, str]]:
    """``ENV A=1 B="two"``, ``ENV A 1`` and ``ARG A=1``: the values baked into the image.

    An ``ARG`` without a default, like an ``ENV`` taken from one (``$A``), sets nothing.
    """
    try:
        words = shlex.split(rest, posix=True)
    except ValueError:
        return []
    if word == "ENV" and words and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))] if len(words) > 1 else []
    pairs = [w.partition("=") for w in words]
    return [(key, value) for key, equals, value in pairs if equals and key]


def _instructions(text: str) -> Iterator[tuple[int, str]]:
    pending, start = "", 0
    for number, raw in _lines(text):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        start = start or number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        yield start, pending + line
        pending, start = "", 0


def _compose(path: str, text: str, facts: ConfigFacts) -> None:
    for document in load_all(text):
        services = document.get("services") if isinstance(document, dict) else None
        if not isinstance(services, YamlMap):
            continue
        for name, service in services.items():
            if isinstance(service, dict):
                _compose_service(path, name, service, services.lines.get(name, 1), facts)
    _proxy(path, text, facts)


def _compose_service(
    path: str, name: str, service: dict[str, Any], line: int, facts: ConfigFacts
) -> None:
    _compose_environment(path, service.get("environment"), line, facts)
    health = service.get("healthcheck")
    lines = service.lines if isinstance(service, YamlMap) else {}
    deploy = service.get("deploy")
    if isinstance(deploy, dict) and "rollback" in str(deploy):
        facts.compose_rollback = facts.compose_rollback or Location(path, line)
    if not isinstance(health, dict) or _disabled(health):
        return
    where = Location(path, lines.get("healthcheck", line))
    if _is_app_service(path, service, facts.dockerfiles):
        facts.compose_app_health = min(filter(None, [facts.compose_app_health, where]))
    else:
        facts.compose_other_health.append((name, where))


def _compose_environment(path: str, environment: Any, line: int, facts: ConfigFacts) -> None:
    """``environment:`` as a mapping or as ``KEY=value`` items: values committed with the app."""
    if isinstance(environment, YamlMap):
        for key, value in environment.items():
            if isinstance(value, str):
                where = Location(path, environment.lines.get(key, line))
                facts.env_values.append((key, _interpolated(value), where))
    elif isinstance(environment, list):
        for item in environment:
            key, equals, value = str(item).partition("=")
            if equals:
                where = Location(path, getattr(item, "line", line))
                facts.env_values.append((key.strip(), _interpolated(value), where))


def _interpolated(value: str) -> str:
    """``${KEY:-fallback}`` is its fallback when the variable is unset; ``${KEY}`` is nothing."""
    found = _INTERPOLATION.fullmatch(value.strip())
    if found is None:
        return value
    return found.group(1) or ""


_INTERPOLATION = re.compile(r"\$\{\w+(?::?[-=]([^}]*))?\}")


def _dotenv(path: str, text: str, facts: ConfigFacts, *, template: bool = False) -> None:
    found = facts.template_values if template else facts.env_values
    for number, raw in _lines(text):
        line = raw.strip().removeprefix("export ").strip()
        key, equals, value = line.partition("=")
        if not equals or line.startswith("#"):
            continue
        value = value.split(" #", 1)[0].strip().strip("\"'")
        found.append((key.strip(), _interpolated(value), Location(path, number)))


def _is_app_service(path: str, service: dict[str, Any], dockerfiles: list[Dockerfile]) -> bool:
    """A service that runs the Python app: built from a Python image, or started as one."""
    command = f"{service.get('command', '')} {service.get('entrypoint', '')}".lower()
    if any(word in command for word in _APP_COMMANDS):
        return True
    if "build" in service:
        # A frontend or a database built from a Dockerfile of its own is not the API.
        built = _built_dockerfile(path, service["build"], dockerfiles)
        return built is None or built.for_the_app
    return False


def _built_dockerfile(path: str, build: Any, dockerfiles: list[Dockerfile]) -> Dockerfile | None:
    """The Dockerfile a compose ``build:`` names, among those read; ``None`` when unknown."""
    context, name = build, "Dockerfile"
    if isinstance(build, dict):
        context, name = build.get("context", "."), build.get("dockerfile", "Dockerfile")
    if not isinstance(context, str) or not isinstance(name, str):
        return None
    base = path.rpartition("/")[0]
    wanted = _normal("/".join(p for p in (base, context, name) if p))
    return next((d for d in dockerfiles if d.path == wanted), None)


def _normal(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part in {"", "."}:
            continue
        if part == ".." and parts:
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def _disabled(health: dict[str, Any]) -> bool:
    test = health.get("test")
    if str(health.get("disable", "")).lower() == "true":
        return True
    return isinstance(test, list) and [str(t).upper() for t in test] == ["NONE"]


def _manifest(path: str, text: str, facts: ConfigFacts) -> None:
    if path.endswith("Chart.yaml"):
        facts.orchestrated = facts.orchestrated or Location(path)
    for document in load_all(text):
        _manifest_values(path, document, facts)
        for key, value in walk_scalars(document):
            where = Location(path, value.line)
            if key in {"livenessProbe", "readinessProbe", "startupProbe"}:
                facts.probes = min(filter(None, [facts.probes, where]))
            if key == "kind" and value in {
                "Deployment",
                "StatefulSet",
                "Rollout",
                "PrometheusRule",
            }:
                facts.orchestrated = facts.orchestrated or where
            if key == "alert" or (key == "kind" and value == "PrometheusRule"):
                facts.alerts = facts.alerts or where
        _probe_keys(path, document, facts)


@contextmanager
def _examples_apart(path: str, facts: ConfigFacts) -> Iterator[None]:
    """The values of an example manifest (``secret.example.yaml``, ``values.sample.yaml``)
    are what a person copies and fills in, as ``.env.example``'s are: not committed values."""
    before = len(facts.env_values)
    yield
    if _EXAMPLE.search(PurePosixPath(path).name):
        facts.template_values += facts.env_values[before:]
        del facts.env_values[before:]


_EXAMPLE = re.compile(r"(?:^|[._-])(?:example|sample|template|dist|tpl)(?:[._-]|$)", re.I)


def _secret_manifests(path: str, text: str, facts: ConfigFacts) -> None:
    """The Kubernetes Secrets of a YAML file in any folder (``secret.yaml`` at the root).

    A Secret is applied from wherever it is committed; the other YAML of such a
    folder (an OpenAPI document, a fixture) holds none of the app's variables.
    """
    if _SECRET_KIND.search(text) is None:
        return
    for document in load_all(text):
        if isinstance(document, YamlMap) and document.get("kind") == "Secret":
            _manifest_values(path, document, facts)


_SECRET_KIND = re.compile(r"^kind:\s*[\"']?Secret\b", re.M)


def _manifest_values(path: str, node: Any, facts: ConfigFacts, under: str = "") -> None:
    """Values a Kubernetes manifest or Helm values file commits for the app's variables.

    A container's ``env`` entry (``name:`` with ``value:``), the ``data`` of a
    Secret (base64, decoded) or a ConfigMap, and every ``KEY: value`` of a Helm
    values file: each is what the app runs with in that cluster.
    """
    if isinstance(node, list):
        for item in node:
            _manifest_values(path, item, facts, under)
        return
    if not isinstance(node, YamlMap):
        return
    name, value = node.get("name"), node.get("value")
    if isinstance(name, Scalar) and isinstance(value, Scalar):
        facts.env_values.append((str(name), _interpolated(value), Location(path, value.line)))
    secret = node.get("kind") == "Secret"
    for key, child in node.items():
        if isinstance(child, Scalar) and key not in {"name", "value"}:
            text = _base64_text(child) if under == "secret data" else str(child)
            facts.env_values.append((key, _interpolated(text), Location(path, child.line)))
        elif not isinstance(child, Scalar):
            _manifest_values(path, child, facts, "secret data" if secret and key == "data" else key)


def _base64_text(value: str) -> str:
    """A Secret's ``data`` value as the text it encodes; as written when it is not base64."""
    try:
        return base64.b64decode(value, validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return value


def _probe_keys(path: str, node: Any, facts: ConfigFacts) -> None:
    # Probes are mappings, so walk_scalars sees their children, not the key itself.
    if isinstance(node, YamlMap):
        for key, value in node.items():
            if key in {"livenessProbe", "readinessProbe", "startupProbe"}:
                where = Location(path, node.lines.get(key, 1))
                facts.probes = min(filter(None, [facts.probes, where]))
            _probe_keys(path, value, facts)
    elif isinstance(node, list):
        for item in node:
            _probe_keys(path, item, facts)


# ------------------------------------------------------------------------- CI


def _ci(path: str, text: str, facts: ConfigFacts) -> None:
    facts.ci_files.append(path)
    if path.endswith("Jenkinsfile"):
        for number, line in _lines(text):
            code = line.split("//", 1)[0]
            if code.strip():
                facts.commands.append((Location(path, number), code.strip()))
        return
    github = path.startswith(".github/") or "/.github/" in path
    for document in load_all(text):
        for key, value in walk_scalars(document):
            where = Location(path, value.line)
            if key == "uses":
                facts.actions.append((where, str(value)))
            elif (
                key in {"run", "script", "command", "commands", "before_script", "steps"}
                or not github
            ):
                facts.commands.append((where, str(value)))
    _gates(path, facts, [(c, loc) for loc, c in facts.commands if loc.path == path])


def _gates(path: str, facts: ConfigFacts, commands: list[tuple[str, Location]]) -> None:
    for command, loc in commands:
        for match in _COV_FLAG.finditer(command):
            if "cov" in command or "coverage" in command:
                facts.coverage_gates.append((loc, int(match.group(1))))


def _bot(path: str, text: str, facts: ConfigFacts) -> None:
    if "renovate" in path:
        facts.bots.append(Location(path))
        return
    for document in load_all(text):
        for key, value in walk_scalars(document):
            # ``package-ecosystem: pip`` (version 2), ``package_manager: python`` (version 1).
            python = key == "package-ecosystem" and value in _PYTHON_ECOSYSTEMS
            if python or (key == "package_manager" and value == "python"):
                facts.bots.append(Location(path, value.line))


# ------------------------------------------------------------ proxies and PaaS


_REDIRECT = re.compile(
    r"(return\s+30[18]\s+https://|rewrite\s+\S+\s+https://|redirectscheme)", re.I
)
_TRAEFIK_REDIRECT = re.compile(r"redirections\.entrypoint\.(scheme|to)", re.I)
_PROXY_HEADERS = {
    "strict-transport-security": re.compile(r"strict-transport-security|stsseconds", re.I),
    "content-security-policy": re.compile(r"content-security-policy|contentsecuritypolicy", re.I),
    "x-frame-options": re.compile(r"x-frame-options|framedeny|customframeoptionsvalue", re.I),
}


_BRUTE_FORCE = re.compile(r'"bruteForceProtected"\s*:\s*(true|false)')


def _realm(path: str, text: str, facts: ConfigFacts) -> None:
    """Keycloak's realm export: ``bruteForceProtected`` locks out password guessing.

    Keycloak leaves it off unless the realm turns it on, so a realm that does not
    say is unprotected too.
    """
    if '"realm"' not in text or facts.realm_lockout is not None:
        return
    said = _BRUTE_FORCE.search(text)
    line = text.count("\n", 0, said.start()) + 1 if said else 1
    facts.realm_lockout = (bool(said and said.group(1) == "true"), Location(path, line))


def _proxy(path: str, text: str, facts: ConfigFacts) -> None:
    lines = [strip_comment(raw) for raw in text.splitlines()]
    for number, line in enumerate(lines, start=1):
        where = Location(path, number)
        redirect = _REDIRECT.search(line) and _attached(lines, number - 1)
        if redirect and _to_no_host(lines, number - 1):
            facts.https_nowhere = facts.https_nowhere or where
            redirect = False
        if redirect or _TRAEFIK_REDIRECT.search(line):
            facts.https = min(filter(None, [facts.https, where]))
        if "limit_req" in line or "ratelimit" in line.lower():
            facts.proxy_rate_limit = facts.proxy_rate_limit or where
        for header, pattern in _PROXY_HEADERS.items():
            if pattern.search(line) and header not in facts.proxy_headers:
                facts.proxy_headers[header] = where


def _attached(lines: list[str], index: int) -> bool:
    """A redirect that takes effect: nginx's, or a Traefik middleware some router uses.

    Traefik defines a ``redirectScheme`` middleware by name; it redirects only the
    routers that list that name among their middlewares.
    """
    line = lines[index]
    if "redirectscheme" not in line.lower():
        return True
    name = _middleware_name(lines, index)
    if name is None:
        return True
    word = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    return any(
        word.search(other)
        and "redirectscheme" not in other.lower()
        and other.strip().rstrip(":").strip("\"'") != name
        for other in lines
    )


def _to_no_host(lines: list[str], index: int) -> bool:
    """An nginx redirect to ``https://$server_name`` in a ``server_name _;`` block.

    ``_`` is the catch-all's placeholder, not a host: the client is sent to
    ``https://_/...``, which goes nowhere. ``$host`` carries the host asked for.
    """
    if "$server_name" not in lines[index]:
        return False
    for line in reversed(lines[:index]):
        words = line.strip().rstrip(";").split()
        if words[:1] == ["server_name"]:
            return all(name in {"_", '""'} for name in words[1:])
        if words[:2] == ["server", "{"] or words == ["server{"]:
            return True
    return True


def _middleware_name(lines: list[str], index: int) -> str | None:
    found = _TRAEFIK_LABEL.search(lines[index])
    if found is not None:
        return found.group(1)
    # File configuration: the key one level up names the middleware.
    indent = len(lines[index]) - len(lines[index].lstrip())
    for line in reversed(lines[:index]):
        stripped = line.strip()
        if stripped and len(line) - len(line.lstrip()) < indent:
            key = stripped.split(":", 1)[0].strip().strip("[]\"'")
            return key.rpartition(".")[2] or None
    return None


_PLACEHOLDER = re.compile(r"\{\$[^}]*\}")
_TRAEFIK_LABEL = re.compile(r"middlewares\.([\w-]+)\.redirectscheme", re.I)


def _caddy_named_site(path: str, text: str) -> Location | None:
    """The first Caddy site whose address names a host (``api.example.com``, ``{$DOMAIN}``).

    A site given only a port (``:80``) or an ``http://`` address is served as plain HTTP.
    """
    depth = 0
    for number, raw in _lines(text):
        line = strip_comment(raw).strip()
        bare = _PLACEHOLDER.sub("", line)
        if depth == 0 and line and line != "{" and not line.startswith(("(", "import ")):
            addresses = line.rstrip("{").replace(",", " ").split()
            if any(_host_address(a) for a in addresses):
                return Location(path, number)
        depth += bare.count("{") - bare.count("}")
    return None


_CADDY_REDIRECT = re.compile(r"redir\s+(?:\S+\s+)?https://", re.I)


def _host_address(address: str) -> bool:
    if address.startswith((":", "http://")):
        return False
    host = address.removeprefix("https://").split("/")[0]
    return (bool(host) and not host[0].isdigit()) or address.startswith("https://")


def _platform(path: str, text: str, facts: ConfigFacts) -> None:
    facts.platforms.append(Location(path))
    if path.endswith("Caddyfile"):
        # Caddy serves HTTPS and redirects HTTP by itself for a site with a host name only.
        named = _caddy_named_site(path, text)
        facts.https = min(filter(None, [facts.https, named])) if named else facts.https
        for number, raw in _lines(text):
            # ":80 { redir https://{host}{uri} permanent }": a redirect written out.
            if _CADDY_REDIRECT.match(strip_comment(raw).strip()):
                facts.https = min(filter(None, [facts.https, Location(path, number)]))
        return
    for number, raw in _lines(text):
        line = strip_comment(raw).replace(" ", "").lower()
        if "force_https=true" in line or "secure:always" in line:
            facts.https = facts.https or Location(path, number)


# --------------------------------------------------------------- tool configs


_MEASURED = re.compile(r"--cov\b|\bcoverage\s+run\b")


def _codecov(path: str, text: str, facts: ConfigFacts) -> None:
    """Codecov's project status targets: ``80%`` or ``80``; ``auto`` is no fixed gate.

    A status marked ``informational`` never fails, and is no gate.
    """
    for document in load_all(text)[:1]:
        project = _dig(document, "coverage", "status", "project")
        if not isinstance(project, dict):
            continue
        for spec in project.values():
            if not isinstance(spec, dict) or str(spec.get("informational")).lower() in _YES:
                continue
            target = spec.get("target")
            match = _TARGET.match(target) if isinstance(target, Scalar) else None
            if match and isinstance(target, Scalar):
                gate = (Location(path, target.line), int(float(match.group(1))))
                facts.codecov_gates.append(gate)


_TARGET = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*$")
_YES = frozenset({"true", "yes", "on"})


def _tool_config(path: str, text: str, facts: ConfigFacts) -> None:
    name = path.rpartition("/")[2]
    if "codecov" in name:
        _codecov(path, text, facts)
    elif name == "pyproject.toml":
        _pyproject(path, text, facts)
    elif name in {"setup.cfg", "tox.ini", ".coveragerc", "pytest.ini", "mypy.ini", ".mypy.ini"}:
        _ini(path, text, facts)
    elif name in {"Makefile", "justfile", "Taskfile.yml"}:
        for number, raw in _lines(text):
            line = strip_comment(raw).strip()
            if line:
                facts.commands.append((Location(path, number), line))
        _gates(path, facts, [(c, loc) for loc, c in facts.commands if loc.path == path])
    elif name == ".pre-commit-config.yaml":
        _precommit(path, text, facts)
    elif name == "alembic.ini":
        facts.alembic = facts.alembic or Location(path)
        facts.version_locations |= "version_locations" in "".join(
            strip_comment(line).split("=")[0] for line in text.splitlines()
        )
    elif name == "yoyo.ini":
        facts.migrations = facts.migrations or Location(path)
    elif name == "pyrightconfig.json" and '"strict"' in text:
        facts.mypy_strict = facts.mypy_strict or Location(path)


def _pyproject(path: str, text: str, facts: ConfigFacts) -> None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    tool = data.get("tool", {})
    if isinstance(tool.get("coverage"), dict):
        facts.coverage_configs.append(path)
    gate = _dig(tool, "coverage", "report", "fail_under")
    if isinstance(gate, int | float):
        facts.config_gates.append((_where(path, text, "fail_under"), int(gate)))
    pytest_options = _dig(tool, "pytest", "ini_options") or {}
    _pytest_options(path, text, pytest_options, facts)
    if (
        _dig(tool, "mypy", "strict") is True
        or _dig(tool, "pyright", "typeCheckingMode") == "strict"
    ):
        facts.mypy_strict = facts.mypy_strict or _where(path, text, "strict")
    if _dig(tool, "aerich") is not None:
        facts.migrations = facts.migrations or _where(path, text, "[tool.aerich]")
    requirements = _dig(data, "project", "dependencies") or []
    poetry = _dig(tool, "poetry", "dependencies") or {}
    if isinstance(poetry, dict) and isinstance(poetry.get("pydantic"), str):
        requirements = [*requirements, f"pydantic{_poetry_spec(poetry['pydantic'])}"]
    pinned = _pins_pydantic_1(requirements)
    if pinned:
        facts.pydantic_v1 = facts.pydantic_v1 or _where(path, text, pinned)
    select = _dig(tool, "ruff", "lint", "select") or _dig(tool, "ruff", "select") or []
    if isinstance(select, list) and any(code in {"S", "ALL"} for code in select):
        facts.ruff_security = _where(path, text, "select")


def _pytest_options(path: str, text: str, options: dict[str, Any], facts: ConfigFacts) -> None:
    if options.get("asyncio_mode") == "auto":
        facts.asyncio_auto = _where(path, text, "asyncio_mode")
    addopts = options.get("addopts", "")
    joined = " ".join(addopts) if isinstance(addopts, list) else str(addopts)
    for match in _COV_FLAG.finditer(joined):
        facts.coverage_gates.append((_where(path, text, "fail-under"), int(match.group(1))))


def _ini(path: str, text: str, facts: ConfigFacts) -> None:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return
    coveragerc = posixpath.basename(path) == ".coveragerc"
    sections = parser.sections()
    if coveragerc or any(s.startswith("coverage:") for s in sections):
        facts.coverage_configs.append(path)
    for section in sections:
        values = dict(parser.items(section))
        if section == "coverage:report" or (coveragerc and section == "report"):
            _coverage_report(path, text, values, facts)
        _ini_section(path, text, section, values, facts)


def _coverage_report(path: str, text: str, values: dict[str, str], facts: ConfigFacts) -> None:
    gate = values.get("fail_under", "").strip()
    if gate.isdigit():
        facts.config_gates.append((_where(path, text, "fail_under"), int(gate)))


def _ini_section(
    path: str, text: str, section: str, values: dict[str, str], facts: ConfigFacts
) -> None:
    if section in {"pytest", "tool:pytest"}:
        _pytest_options(path, text, values, facts)
    if section == "mypy" and values.get("strict", "").lower() == "true":
        facts.mypy_strict = facts.mypy_strict or _where(path, text, "strict")
    commands = values.get("commands")
    if section.startswith("testenv") and commands:
        loc = _where(path, text, "commands")
        facts.commands += [(loc, line.strip()) for line in commands.splitlines() if line.strip()]
        _gates(path, facts, [(c, loc) for c in commands.splitlines()])


def _precommit(path: str, text: str, facts: ConfigFacts) -> None:
    for document in load_all(text):
        for key, value in walk_scalars(document):
            if key == "id":
                facts.hooks.append((Location(path, value.line), str(value)))
            if key in {"args", "entry"} and "--strict" in value:
                facts.mypy_strict = facts.mypy_strict or Location(path, value.line)
    for loc, hook in facts.hooks:
        if hook == "mypy" and loc.path == path and "--strict" in text:
            facts.mypy_strict = facts.mypy_strict or loc


def read_requirements(path: str, text: str, facts: ConfigFacts) -> None:
    """A requirements file: note a Pydantic 1 pin."""
    lines = [strip_comment(line).strip() for line in text.splitlines()]
    pinned = _pins_pydantic_1(lines)
    if pinned:
        facts.pydantic_v1 = facts.pydantic_v1 or _where(path, text, pinned)


def _pins_pydantic_1(requirements: list[Any]) -> str:
    """The requirement that allows no Pydantic 2.x release, or ``""``.

    A ``pydantic`` pin below 2 says so; so does a ``fastapi`` pin below 0.100,
    the first FastAPI that runs on Pydantic 2 (the ones before require ``<2``).
    """
    for line in requirements:
        try:
            requirement = Requirement(str(line))
        except InvalidRequirement:
            continue
        bound = _PYDANTIC_2_FROM.get(requirement.name.lower())
        if bound is not None and any(
            _below(s.operator, s.version, bound) for s in requirement.specifier
        ):
            return requirement.name
    return ""


_PYDANTIC_2_FROM = {"pydantic": Version("2"), "fastapi": Version("0.100")}


def _below(operator: str, version: str, bound: Version) -> bool:
    """True when the specifier ``operator version`` allows nothing at or above ``bound``."""
    try:
        parsed = Version(version.removesuffix(".*"))
    except InvalidVersion:
        return False
    if operator in {"==", "===", "~="}:
        return parsed < bound
    return (operator == "<" and parsed <= bound) or (operator == "<=" and parsed < bound)


def _poetry_spec(spec: str) -> str:
    # Poetry's caret: "^1.10" means ">=1.10,<2".
    if spec.startswith("^") and spec[1:2].isdigit():
        major = int(spec[1:].split(".")[0])
        return f">={spec[1:]},<{major + 1}"
    return spec if spec[:1] in "<>=!~" else f"=={spec}"


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _where(path: str, text: str, needle: str) -> Location:
    for number, line in _lines(text):
        stripped = line.lstrip()
        if needle in line and not stripped.startswith(("#", ";")):
            return Location(path, number)
    return Location(path)
