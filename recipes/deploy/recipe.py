"""Prepare a project for production: its image, its local stack, its CI, its checklist.

Writes a multi-stage ``Dockerfile`` (the project's Python; the runtime dependencies
installed into a virtualenv in a build stage; a slim final stage that runs as a
non-root user, probes ``/health`` and runs the Alembic migrations before the
server), the script that starts the server, ``.dockerignore``,
``docker-compose.yml`` (the app, and PostgreSQL and Redis where the project uses
them) and ``.github/workflows/ci.yml``. Existing compose and workflow files get
the missing services and jobs beside the user's own; nothing of theirs is
replaced. An app without ``/health`` or ``/ready`` gets a router with the ones it
lacks. The playbook's production checklist comes back as messages, each item
in this project's state by the audit's facts.
"""

from __future__ import annotations

import configparser
import re
import shlex
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from fastprod.recipe import (
    Alembic,
    ChangeSet,
    Context,
    FileChange,
    Project,
    Recipe,
    RecipeError,
    SettingsLocation,
    declared_dependencies,
    document_env,
    ensure_compose_service,
    ensure_workflow_job,
    ensure_yaml_key,
    find_alembic,
    find_router_home,
    load_yaml,
    new_router_path,
    plan_router_include,
    read_queries,
    render,
    run_audit,
    same_code,
    settings_env_prefix,
    tests_in_step,
    upgrade_yaml_value,
)

TEMPLATES = Path(__file__).parent / "templates"
DOCKERFILE = PurePosixPath("Dockerfile")
DOCKERIGNORE = PurePosixPath(".dockerignore")
START = PurePosixPath("docker/start.sh")
COMPOSE = PurePosixPath("docker-compose.yml")
# The names ``docker compose`` looks for, in its order: the first found is the project's.
COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
WORKFLOW = PurePosixPath(".github/workflows/ci.yml")
# The Python of a project that does not say which it runs on.
DEFAULT_PYTHON = (3, 12)
POSTGRES_IMAGE = "postgres:17-alpine"
REDIS_IMAGE = "redis:7-alpine"
# The drivers whose URL scheme each PostgreSQL driver takes, in order of preference.
POSTGRES_DRIVERS = (
    ("asyncpg", "postgresql+asyncpg"),
    ("psycopg", "postgresql+psycopg"),
    ("psycopg-binary", "postgresql+psycopg"),
    ("psycopg2", "postgresql"),
    ("psycopg2-binary", "postgresql"),
)
# SQLAlchemy's extras that install a PostgreSQL driver (names as PEP 685 spells them).
SQLALCHEMY_DRIVER_EXTRAS = {
    "postgresql": "psycopg2",
    "postgresql-asyncpg": "asyncpg",
    "postgresql-psycopg": "psycopg",
    "postgresql-psycopgbinary": "psycopg-binary",
    "postgresql-psycopg2binary": "psycopg2-binary",
}
# uv's own image, pinned: the build stage copies its binaries from it.
UV_IMAGE = "ghcr.io/astral-sh/uv:0.13.9"
HEALTH_PATHS = ("/health", "/healthz", "/livez", "/health/live")
READY_PATHS = ("/ready", "/readyz", "/health/ready")


@dataclass(frozen=True, slots=True)
class Params:
    """``deploy`` takes no parameters: the project says what its image needs."""


@dataclass(frozen=True, slots=True)
class Layout:
    """What the deployment files are built from, read from the project.

    Attributes:
        python: ``3.11``: the lowest Python the project declares.
        python_declared: False when the project says nothing and the default is used.
        installs_project: The manifest builds the project (``pip install .``);
            else its requirements file is installed and the code copied.
        requirements: The requirements file, when the project has one instead.
        packages: The ``[project] dependencies``, installed one by one, of a
            ``pyproject.toml`` that declares no ``[build-system]`` (pip cannot
            read it as a requirements file, nor always build it).
        uv_groups: With a ``uv.lock``, the option of ``uv sync --locked`` that
            leaves the development groups out (``--no-dev``); ``None`` without one.
        uv_workspace: The project is a uv workspace (``[tool.uv.workspace]``): its
            lock names members whose manifests are in their folders.
        uv_package: The workspace member the app lives in (``ledger-api``), when it
            is not the workspace's root: ``uv sync`` installs that member's
            dependencies, not the root's.
        copies: ``(source, target)`` pairs the final stage copies besides the venv.
        alembic: The project migrates with Alembic (``alembic.ini`` and its scripts).
        target: ``module:attr`` for uvicorn.
        factory: uvicorn calls ``attr`` to build the app.
        app_dir: The import root when the code is copied and it is not the root.
        postgres: The project talks to PostgreSQL (its driver is a dependency).
        scheme: The SQLAlchemy URL scheme of that driver (``postgresql+asyncpg``).
        redis: The project talks to Redis.
        health: The liveness path the health checks probe.
        ready: The readiness path, if the project has one.
        unbuilt: Why pip does not build the project, when it does not.
        migrate: The container's migration command, run where the project runs it.
        database_env: ``(part, variable)``: what the app's settings read to reach
            its database (``("url", "DATABASE_URL")``, or ``("host",
            "POSTGRES_SERVER")``, ``("user", "POSTGRES_USER")``...).
        redis_env: The same for Redis.
        settings_read: What the settings read, when it is not the usual names:
            ``(module, class, variables)``.
        lock_above: The folder the project is in, below the git work tree's top,
            when that top holds the ``uv.lock`` and the project none of its own.
        lock_at_top: That top's ``pyproject.toml`` is a project of its own, which
            fastprod run there builds from the lock; a virtual workspace root
            (no ``[project]``) is not, and the project stays its folder.
    """

    python: str
    python_declared: bool
    installs_project: bool
    requirements: str | None
    packages: tuple[str, ...]
    uv_groups: str | None
    uv_workspace: bool
    uv_package: str | None
    copies: tuple[tuple[str, str], ...]
    alembic: bool
    target: str
    factory: bool
    app_dir: str | None
    postgres: bool
    scheme: str
    redis: bool
    health: str | None
    ready: str | None
    unbuilt: str = ""
    migrate: str = "alembic upgrade head"
    database_env: tuple[tuple[str, str], ...] = (("url", "DATABASE_URL"),)
    redis_env: tuple[tuple[str, str], ...] = (("url", "REDIS_URL"),)
    settings_read: tuple[PurePosixPath, str, tuple[str, ...]] | None = None
    lock_above: str | None = None
    lock_at_top: bool = False


def read_layout(project: Project) -> Layout:
    """Read everything the deployment files depend on.

    Raises:
        RecipeError: The project has no manifest pip can install from.
    """
    manifest = project.manifest
    if manifest is None:
        raise RecipeError(
            "no pyproject.toml or requirements.txt: the image cannot install the "
            "app's dependencies; add one, then run again"
        )
    manifest_text = project.read_text(manifest.path) or ""
    packages = declared_dependencies(manifest_text, manifest.kind)
    packages |= _extra_drivers(manifest_text, manifest.kind)
    drivers = [scheme for name, scheme in POSTGRES_DRIVERS if name in packages]
    data = _toml(manifest_text) if manifest.kind != "requirements" else {}
    installs = manifest.kind != "requirements" and _installable(project, data)
    locked = manifest.kind == "pep621" and project.exists("uv.lock")
    installs = installs and not (locked and _uv_virtual(data))
    uv_groups = _uv_groups(data) if locked else None
    app = project.app
    migrations = _alembic_files(project)
    alembic = migrations is not None
    version = project.versions.python
    paths = {route.path for route in project.readings.routes if route.method in ("GET", "HEAD")}
    above = _lock_above(project)
    return Layout(
        python="{}.{}".format(*(version or DEFAULT_PYTHON)),
        python_declared=version is not None,
        installs_project=installs,
        requirements=None if installs or manifest.kind == "pep621" else str(manifest.path),
        packages=() if installs or uv_groups else tuple(_pep621_dependencies(manifest_text)),
        uv_groups=uv_groups,
        uv_workspace=locked and isinstance(_uv_table(data).get("workspace"), dict),
        uv_package=_workspace_member(project, data, app.path) if locked else None,
        lock_above=above,
        lock_at_top=above is not None and _top_is_a_project(project),
        copies=_copies(project, installs, migrations),
        alembic=alembic,
        target=app.target,
        factory=app.factory is not None and app.attr == app.factory,
        app_dir=None if installs or app.import_root == PurePosixPath(".") else str(app.import_root),
        postgres=bool(drivers),
        scheme=drivers[0] if drivers else "postgresql",
        redis="redis" in packages,
        health=_probe(paths, HEALTH_PATHS),
        ready=_probe(paths, READY_PATHS),
        unbuilt=_unbuilt(data),
        migrate=migrations.upgrade if migrations else "alembic upgrade head",
        **_settings_env(project, postgres=bool(drivers), redis="redis" in packages),
    )


# The settings fields (lower case, the env_prefix left out) that say how to reach a service.
DATABASE_FIELDS = {
    "url": (
        "database_url",
        "db_url",
        "database_uri",
        "sqlalchemy_database_uri",
        "sqlalchemy_database_url",
        "postgres_dsn",
        "postgres_url",
        "database_dsn",
        "pg_dsn",
    ),
    "host": ("postgres_server", "postgres_host", "db_host", "database_host", "pg_host"),
    "port": ("postgres_port", "db_port", "database_port", "pg_port"),
    "user": ("postgres_user", "db_user", "database_user", "pg_user"),
    "password": ("postgres_password", "db_password", "database_password", "pg_password"),
    "name": ("postgres_db", "postgres_database", "db_name", "database_name", "pg_database"),
}
REDIS_FIELDS = {
    "url": ("redis_url", "redis_dsn", "redis_uri", "cache_url"),
    "host": ("redis_host", "redis_server"),
    "port": ("redis_port",),
}


def _settings_env(project: Project, *, postgres: bool, redis: bool) -> dict[str, Any]:
    """The variables the app's settings class reads for its database and Redis.

    Read through the project index: the class's fields, its ``env_prefix``. A
    settings class that names none of them (or no settings class) leaves the
    usual ``DATABASE_URL`` and ``REDIS_URL``.
    """
    fields = _settings_fields(project)
    if fields is None:
        return {}
    prefix, names, location = fields
    found: dict[str, Any] = {}
    read: list[str] = []
    for key, used, table in (
        ("database_env", postgres, DATABASE_FIELDS),
        ("redis_env", redis, REDIS_FIELDS),
    ):
        parts = tuple(
            (part, f"{prefix}{name}".upper())
            for part, spellings in table.items()
            for name in spellings
            if used and name in names
        )
        if parts:
            found[key] = parts
            read += [variable for _, variable in parts]
    usual = {"DATABASE_URL", "REDIS_URL"}
    if read and not set(read) <= usual:
        found["settings_read"] = (location.path, location.class_name, tuple(read))
    return found


def _settings_fields(project: Project) -> tuple[str, set[str], SettingsLocation] | None:
    """The settings class's ``env_prefix``, its field names in lower case, and where it is."""
    location = project.settings
    if location is None:
        return None
    module = project.module_name(location.path)[0]
    cls = project.readings.index.class_named(f"{module}.{location.class_name}")
    if cls is None:
        return None
    prefix = settings_env_prefix(project.read_text(location.path) or "", location.class_name)
    names = {name.lower() for name in cls.fields}
    return prefix, names, location


def _dev_server(dockerfile: str | None, place: _Place) -> list[str]:
    """A warning when the user's Dockerfile, kept as it is, starts a development server."""
    if dockerfile is None:
        return []
    # Instructions continue over lines ending in a backslash.
    joined = re.sub(r"\\\n", " ", dockerfile)
    for line in joined.splitlines():
        words = line.split(maxsplit=1)
        if len(words) < 2 or words[0].upper() not in ("CMD", "ENTRYPOINT"):
            continue
        command = words[1]
        if "--reload" in command or re.search(r"\bfastapi\W+dev\b", command):
            return [
                f"your {place.shown(DOCKERFILE)}, kept as it is, starts a development server "
                f"({words[0].upper()} {command.strip()}): --reload watches files and runs one "
                f"process; in production start uvicorn without it (as {place.shown(START)} does)"
            ]
    return []


def _uv_groups(data: dict[str, Any]) -> str:
    """What leaves the development groups out of ``uv sync``: ``--no-dev``, or every default group.

    ``[tool.uv] default-groups`` makes more groups than ``dev`` install by default.
    """
    return "--no-default-groups" if "default-groups" in _uv_table(data) else "--no-dev"


def _uv_virtual(data: dict[str, Any]) -> bool:
    """``[tool.uv] package = false``: uv installs the dependencies, never the project."""
    return _uv_table(data).get("package") is False


def _top_is_a_project(project: Project) -> bool:
    """The repository's top ``pyproject.toml`` declares a ``[project]``."""
    top = project.repository
    text = top.read_text(PurePosixPath("pyproject.toml")) if top is not None else None
    return isinstance(_toml(text or "").get("project"), dict)


def _lock_above(project: Project) -> str | None:
    """The project's folder when the repository's top has the ``uv.lock`` it lacks."""
    top = project.repository
    if top is None or project.exists("uv.lock") or not top.exists("uv.lock"):
        return None
    return str(project.repository_prefix)


def _workspace_member(project: Project, data: dict[str, Any], module: PurePosixPath) -> str | None:
    """The name of the uv workspace member whose folder holds ``module``, if any.

    ``None`` when the pyproject declares no workspace or the module belongs to
    the workspace's root project.
    """
    workspace = _uv_table(data).get("workspace")
    if not isinstance(workspace, dict):
        return None
    members = [g for g in workspace.get("members", []) if isinstance(g, str)]
    excluded = [g for g in workspace.get("exclude", []) if isinstance(g, str)]
    for folder in module.parents:
        if folder == PurePosixPath("."):
            return None
        place = str(folder)
        if not any(fnmatch(place, g.rstrip("/")) for g in members) or any(
            fnmatch(place, g.rstrip("/")) for g in excluded
        ):
            continue
        table = _toml(project.read_text(folder / "pyproject.toml") or "").get("project", {})
        if isinstance(table, dict) and isinstance(table.get("name"), str):
            return str(canonicalize_name(table["name"]))
    return None


def _uv_table(data: dict[str, Any]) -> dict[str, Any]:
    """The ``[tool.uv]`` table of a pyproject, empty when it has none."""
    uv = data.get("tool", {}).get("uv", {})
    return uv if isinstance(uv, dict) else {}


def _unbuilt(data: dict[str, Any]) -> str:
    if _uv_virtual(data):
        return "[tool.uv] package = false"
    if "build-system" not in data:
        return "pyproject.toml declares no [build-system]"
    return "pip cannot build the project (its build backend finds no single package)"


def _extra_drivers(text: str, kind: str) -> frozenset[str]:
    """The PostgreSQL drivers SQLAlchemy's extras bring (``sqlalchemy[postgresql-asyncpg]``)."""
    if kind == "poetry":
        table = _toml(text).get("tool", {}).get("poetry", {}).get("dependencies", {})
        specs = [v for k, v in table.items() if canonicalize_name(k) == "sqlalchemy"]
        extras = [
            str(e) for spec in specs if isinstance(spec, dict) for e in spec.get("extras", ())
        ]
    else:
        lines = text.splitlines() if kind == "requirements" else _pep621_dependencies(text)
        extras = [e for line in lines for e in _sqlalchemy_extras(line)]
    return frozenset(
        SQLALCHEMY_DRIVER_EXTRAS[name]
        for name in map(canonicalize_name, extras)
        if name in SQLALCHEMY_DRIVER_EXTRAS
    )


def _pep621_dependencies(text: str) -> list[str]:
    dependencies = _toml(text).get("project", {}).get("dependencies", [])
    return [str(d) for d in dependencies] if isinstance(dependencies, list) else []


def _sqlalchemy_extras(line: str) -> set[str]:
    try:
        requirement = Requirement(line.split("#", 1)[0].strip())
    # A blank line, an option (-r, --index-url) or a URL: no extras of SQLAlchemy's.
    except InvalidRequirement:
        return set()
    return requirement.extras if canonicalize_name(requirement.name) == "sqlalchemy" else set()


def _probe(paths: set[str], names: tuple[str, ...]) -> str | None:
    """The app's probe route: ``/health``, or ``/api/health`` under a shared prefix."""
    found = sorted(path for path in paths if path.endswith(names))
    return min(found, key=len) if found else None


def _alembic_files(project: Project) -> Alembic | None:
    """Alembic as the image ships it: an ``alembic.ini`` wherever the project keeps it."""
    alembic = find_alembic(project)
    return alembic if alembic is not None and alembic.ini is not None else None


def _copies(
    project: Project, installs: bool, migrations: Alembic | None
) -> tuple[tuple[str, str], ...]:
    """What the final stage copies: the code when it is not installed, the migrations."""
    copies: list[tuple[str, str]] = []
    app = project.app
    if not installs:
        top = app.module.split(".")[0]
        package = app.import_root / top
        if project.exists(package / "__init__.py"):
            # The app's package imports its siblings (a flat layout of several packages).
            for name in sorted(_sibling_packages(project, top)):
                folder = app.import_root / name
                copies.append((str(folder), f"./{folder}/"))
        else:
            # A single-module app imports the modules beside it, whoever adds them.
            folder = app.path.parent
            pattern = "*.py" if folder == PurePosixPath(".") else f"{folder}/*.py"
            copies.append((pattern, f"./{folder}/" if folder != PurePosixPath(".") else "./"))
    if migrations is not None and migrations.ini is not None:
        ini, scripts = migrations.ini, migrations.env.parent
        target = "./" if ini.parent == PurePosixPath(".") else f"./{ini.parent}/"
        copies += [(str(ini), target), (str(scripts), f"./{scripts}/")]
    return tuple(copies)


def _sibling_packages(project: Project, top: str) -> set[str]:
    """The app's package and the other packages of its import root, tests and tools left out."""
    root = project.app.import_root
    names = {top}
    for path in project.python_files:
        if path.name != "__init__.py" or not path.is_relative_to(root):
            continue
        parts = path.relative_to(root).parts
        if len(parts) == 2 and parts[0] not in _NOT_PACKAGES and not parts[0].startswith("."):
            names.add(parts[0])
    return names


def plan(params: Params, project: Project, ctx: Context | None = None) -> ChangeSet:
    """Plan the image, the start script, compose, CI and the checklist; then, where
    the whole API has tests that write_tests wrote, tests for the probes it adds.

    A project in a folder of its repository (``backend/pyproject.toml``, run at
    the top) gets its image in that folder and its workflow at the top, where
    GitHub reads it, working in that folder.
    """
    return tests_in_step(project, _planned(project), ctx)


def _planned(project: Project) -> ChangeSet:
    manifest = project.manifest
    if manifest is None or manifest.path.parent == PurePosixPath("."):
        return _plan(project, _Place(project.repository_prefix, project.repository))
    base = manifest.path.parent
    overlay = {
        path.relative_to(base): project.read_text(path) or ""
        for path in project.planned()
        if path.is_relative_to(base)
    }
    inner = Project(project.root / base, app_hint=project.app_hint, overlay=overlay)
    changes = _plan(inner, _Place(base, project, writable=True))
    moved = [
        replace(change, path=PurePosixPath(*change.path.parts[1:]))
        if change.path.parts[0] == _TOP
        else replace(change, path=base / change.path)
        for change in changes.changes
    ]
    said = (
        f"the project is the folder {base} ({manifest.path}): its image and probes are "
        "written there"
    )
    return ChangeSet(tuple(moved), (said, *changes.messages))


# A change set's first path part that puts a file at the repository's top, not in the folder.
_TOP = "<repository>"


@dataclass(frozen=True, slots=True)
class _Place:
    """Where the project sits in its repository.

    Attributes:
        folder: The project's folder in its git work tree (``backend``); ``.`` at
            the top, ``None`` outside git.
        top: The view of the repository's top, when the project is a folder of it.
        writable: The run's root is that top: the workflow and a compose file of
            the whole repository can be written there.
    """

    folder: PurePosixPath | None
    top: Project | None
    writable: bool = False

    @property
    def below(self) -> bool:
        """The project is a folder of its repository, not its top."""
        return self.top is not None and self.folder not in (None, PurePosixPath("."))

    def shown(self, path: PurePosixPath | str) -> str:
        """A path of the project as the messages name it: from where fastprod was run.

        Run at the repository's top, a project in its folder ``backend`` has its
        ``app/main.py`` named ``backend/app/main.py``.
        """
        if self.writable and self.folder is not None:
            return str(self.folder / path)
        return str(path)


def _plan(project: Project, place: _Place) -> ChangeSet:
    layout = read_layout(project)
    probes, layout, said = _probes(project, layout, place)
    compose, kept_services = _compose(project, layout, place)
    workflow, kept_jobs = _workflow(project, layout, place)
    changes = [
        *probes,
        _rendered(project, DOCKERFILE, "Dockerfile.jinja", _dockerfile_context(layout)),
        _rendered(project, START, "start.sh.jinja", _start_context(layout)),
        _dockerignore(project, said, place),
        *compose,
        *workflow,
    ]
    changes.append(_env_example(project, layout))
    named = _compose_named(compose, place)
    messages = [*said, *_layout_messages(layout, place, named), *_toolchain(project, layout).said]
    messages += _dev_server(project.read_text(DOCKERFILE), place)
    messages += [*kept_services, *kept_jobs]
    # The audit reads the folder: the workflow written at the top counts as its CI.
    seen = [c for c in changes if c.path.parts[0] != _TOP]
    seen += [FileChange(WORKFLOW, None, c.after) for c in changes if c.path == _TOP / WORKFLOW]
    after = project.with_changes(ChangeSet(tuple(seen)))
    messages += checklist(after, layout, place.shown)
    return ChangeSet(tuple(changes), tuple(messages))


def _probes(
    project: Project, layout: Layout, place: _Place
) -> tuple[list[FileChange], Layout, list[str]]:
    """A router with the probes the app lacks (``/health``, ``/ready``), included in the app.

    ``/ready`` runs ``SELECT 1`` on the app's module-level engine when it has one
    (async or not); without a database, started means ready.
    """
    path = new_router_path(project, "health")
    if layout.health is not None and layout.ready is not None:
        upgraded = _probes_in_step(project, path)
        checks = [f"{place.shown(path)}: /ready now checks the database"] if upgraded else []
        return upgraded, layout, checks
    if project.exists(path):
        said = f"{place.shown(path)} exists and is not a probe router: /health and /ready not added"
        return [], layout, [said]
    module = project.app.module_of(path)
    context = _probe_context(project, health=layout.health is None, ready=layout.ready is None)
    router = FileChange(path, None, render(TEMPLATES, "health.py.jinja", context))
    inits = _package_markers(project, path)
    include = plan_router_include(project.with_changes(ChangeSet(tuple(inits))), module)
    health, ready = _served_probes(project, (*inits, router, include))
    wanted = ((health, context["health"]), (ready, context["ready"]))
    added = [probe for probe, missing in wanted if missing]
    layout = replace(layout, health=layout.health or health, ready=layout.ready or ready)
    said = (
        f"added {' and '.join(added)} in {place.shown(path)}, "
        f"included by {place.shown(include.path)}"
    )
    return [*inits, router, include], layout, [said]


def _probe_context(project: Project, *, health: bool, ready: bool) -> dict[str, Any]:
    db = project.readings.db_layer
    engine = db.engine if db is not None else None
    return {
        "health": health,
        "ready": ready,
        "engine": engine is not None,
        "is_async": bool(db and db.is_async),
        "engine_module": engine.qualified.rpartition(".")[0] if engine else "",
        "engine_name": engine.qualified.rpartition(".")[2] if engine else "",
    }


def _probes_in_step(project: Project, path: PurePosixPath) -> list[FileChange]:
    """Our probe router, written before the app had a database, now checks it.

    Only the router as deploy wrote it (unedited since): ``/ready`` then runs
    ``SELECT 1`` on the engine the project has now.
    """
    current = project.read_text(path)
    context = _probe_context(project, health=True, ready=True)
    if current is None or not context["engine"]:
        return []
    for health in (True, False):
        probes = {**context, "health": health}
        if same_code(current, render(TEMPLATES, "health.py.jinja", {**probes, "engine": False})):
            return [FileChange(path, current, render(TEMPLATES, "health.py.jinja", probes))]
    return []


def _package_markers(project: Project, path: PurePosixPath) -> list[FileChange]:
    """``__init__.py`` for the folders of a new module that are not packages yet.

    A folder the module creates (``app/routers/``), or one inside a package, is
    made a package as the project's own are; a namespace folder the project
    keeps as one (no ``__init__.py`` above it either) is left as it is.
    """
    root = project.app.import_root
    markers = []
    for folder in reversed(path.parents):
        if folder == root or not folder.is_relative_to(root) or folder == PurePosixPath("."):
            continue
        if project.exists(folder / "__init__.py"):
            continue
        is_new = not any(file.is_relative_to(folder) for file in project.python_files)
        in_package = project.exists(folder.parent / "__init__.py")
        if is_new or in_package:
            markers.append(FileChange(folder / "__init__.py", None, ""))
    return markers


def _served_probes(project: Project, changes: tuple[FileChange, ...]) -> tuple[str, str]:
    """Where the app serves the new probes: under every prefix above the router home.

    The home's own prefix is not all of it: the app may include the home's router
    under ``/api`` (``app.include_router(api_router, prefix="/api")``).
    """
    paths = {route.path for route in project.with_changes(ChangeSet(changes)).readings.routes}
    home = find_router_home(project)
    # Behind an aggregating router, the path it is served under.
    prefix = home.served or home.prefix
    health = _probe(paths, ("/health",)) or f"{prefix}/health"
    ready = _probe(paths, ("/ready",)) or f"{prefix}/ready"
    return health, ready


def _dockerignore(project: Project, said: list[str], place: _Place) -> FileChange:
    """Ours, less what the user's own Dockerfile copies (``COPY tests/ tests/``).

    Ignoring a path that a ``COPY`` names fails the user's ``docker build``.
    """
    change = _rendered(project, DOCKERIGNORE, ".dockerignore.jinja", {})
    copied = _copied_sources(project.read_text(DOCKERFILE) or "")
    if change.before is not None or not copied:
        return change
    lines = change.after.splitlines(keepends=True)
    left = [line for line in lines if line.strip().strip("/") not in copied]
    dropped = [line.strip() for line in lines if line not in left]
    if dropped:
        said.append(
            f"{place.shown(DOCKERIGNORE)}: {', '.join(dropped)} not ignored, as your "
            f"{place.shown(DOCKERFILE)} copies them into the image"
        )
    return replace(change, after="".join(left))


def _copied_sources(dockerfile: str) -> set[str]:
    """The build-context paths a Dockerfile's ``COPY`` and ``ADD`` name (``tests``, ``.env``)."""
    sources: set[str] = set()
    for line in dockerfile.splitlines():
        words = line.split()
        if len(words) < 3 or words[0].upper() not in ("COPY", "ADD"):
            continue
        # --from copies from another stage, not from the build context.
        if any(word.startswith("--from") for word in words):
            continue
        arguments = [word for word in words[1:] if not word.startswith("--")]
        sources.update(word.strip("/") or "." for word in arguments[:-1])
    return sources


def _rendered(
    project: Project, path: PurePosixPath, template: str, context: dict[str, Any]
) -> FileChange:
    """A file of ours: written when absent, kept as the user has it when present."""
    current = project.read_text(path)
    if current is not None:
        return FileChange(path, current, current)
    return FileChange(path, None, render(TEMPLATES, template, context))


def _dockerfile_context(layout: Layout) -> dict[str, Any]:
    what = (
        "the project and its runtime dependencies"
        if layout.installs_project
        else "the runtime dependencies"
    )
    uv = (
        {
            "image": UV_IMAGE,
            "groups": layout.uv_groups,
            "workspace": layout.uv_workspace,
            "package": f" --package {layout.uv_package}" if layout.uv_package else "",
        }
        if layout.uv_groups
        else None
    )
    return {
        "uv": uv,
        "python": layout.python,
        "what": what,
        "installs_project": layout.installs_project,
        "requirements": layout.requirements,
        "packages": [shlex.quote(package) for package in layout.packages],
        "copies": layout.copies,
        "start": str(START),
        "health": layout.health or "/health",
        "unbuilt": layout.unbuilt,
    }


def _start_context(layout: Layout) -> dict[str, Any]:
    return {
        "alembic": layout.alembic,
        "migrate": layout.migrate,
        "target": layout.target,
        "factory": layout.factory,
        "app_dir": layout.app_dir,
    }


# ------------------------------------------------------------------- compose


def _health_probe(path: str) -> list[str]:
    code = (
        f"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000{path}', timeout=4)"
    )
    return ["CMD", "python", "-c", code]


_COMPOSE_PASSWORD = "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}"
_COMPOSE_CREDENTIALS = "${POSTGRES_USER:-app}:" + _COMPOSE_PASSWORD
_COMPOSE_DB = "${POSTGRES_DB:-app}"


def compose_services(
    layout: Layout, names: dict[str, str] | None = None, *, build: str = "."
) -> dict[str, dict[str, Any]]:
    """The services of ``docker-compose.yml``: the app, then its database and cache.

    ``names`` gives the user's own name of a role (``{"db": "postgres"}``): the app
    reaches and waits for that service.
    """
    db, redis = (names or {}).get("db", "db"), (names or {}).get("redis", "redis")
    depends = {}
    environment: dict[str, str] = {}
    if layout.postgres:
        depends[db] = {"condition": "service_healthy"}
        values = {
            "url": f"{layout.scheme}://{_COMPOSE_CREDENTIALS}@{db}:5432/{_COMPOSE_DB}",
            "host": db,
            "port": "5432",
            "user": "${POSTGRES_USER:-app}",
            "password": _COMPOSE_PASSWORD,
            "name": _COMPOSE_DB,
        }
        environment.update((name, values[part]) for part, name in layout.database_env)
    if layout.redis:
        depends[redis] = {"condition": "service_healthy"}
        values = {"url": f"redis://{redis}:6379/0", "host": redis, "port": "6379"}
        environment.update((name, values[part]) for part, name in layout.redis_env)
    # .env is optional: a clone without one still starts, with the image's defaults.
    app: dict[str, Any] = {"build": build, "env_file": [{"path": ".env", "required": False}]}
    if environment:
        app["environment"] = environment
    app["ports"] = ["8000:8000"]
    if depends:
        app["depends_on"] = depends
    app["healthcheck"] = {
        "test": _health_probe(layout.health or "/health"),
        "interval": "30s",
        "timeout": "5s",
        "start_period": "30s",
        "retries": 3,
    }
    # Longer than the server's graceful shutdown, so requests in flight finish.
    app["stop_grace_period"] = "30s"
    services = {"app": app}
    if layout.postgres:
        services["db"] = {
            "image": POSTGRES_IMAGE,
            "environment": {
                "POSTGRES_USER": "${POSTGRES_USER:-app}",
                "POSTGRES_PASSWORD": _COMPOSE_PASSWORD,
                "POSTGRES_DB": _COMPOSE_DB,
            },
            "volumes": ["pgdata:/var/lib/postgresql/data"],
            "healthcheck": {
                "test": ["CMD-SHELL", 'pg_isready -U "$${POSTGRES_USER}" -d "$${POSTGRES_DB}"'],
                "interval": "5s",
                "timeout": "5s",
                "retries": 10,
            },
        }
    if layout.redis:
        services["redis"] = {
            "image": REDIS_IMAGE,
            "healthcheck": {
                "test": ["CMD", "redis-cli", "ping"],
                "interval": "5s",
                "timeout": "5s",
                "retries": 10,
            },
        }
    return services


_ROLES = {"app": "builds the app", "db": "is the database", "redis": "is the Redis"}


def _compose(project: Project, layout: Layout, place: _Place) -> tuple[list[FileChange], list[str]]:
    """The compose file: the project's own, or the repository's when it has one at its top."""
    top = place.top if place.below else None
    top_file = _compose_path(top) if top is not None else None
    folder = str(place.folder)
    if top_file is not None and not place.writable:
        return [], [
            f"the repository's {top_file} (at its top, above {folder}) runs its stack: no "
            f"second compose file written in {folder}; run fastprod at the repository's top "
            "to add the services it lacks there"
        ]
    if top is not None and top_file is not None:
        change, kept = _compose_file(top, top_file, layout, build=folder)
        said = f"{top_file} at the repository's top is the stack: the app is built from {folder}"
        return [replace(change, path=_TOP / top_file)], [said, *kept]
    path = _compose_path(project) or COMPOSE
    change, kept = _compose_file(project, path, layout, build=".", shown=place.shown(path))
    return [change], kept


def _compose_path(project: Project) -> PurePosixPath | None:
    """The compose file docker compose would read in the view's folder, if any."""
    return next((PurePosixPath(n) for n in COMPOSE_NAMES if project.exists(n)), None)


def _compose_file(
    project: Project, path: PurePosixPath, layout: Layout, *, build: str, shown: str | None = None
) -> tuple[FileChange, list[str]]:
    """The compose file with the services it lacks; ``shown`` is its path in the messages."""
    before = project.read_text(path)
    named = shown or str(path)
    text, kept = before or "", []
    names = _user_roles(before or "", build)
    added = []
    earlier = [compose_services(e, names, build=build) for e in _earlier_layouts(layout)]
    for name, service in compose_services(layout, names, build=build).items():
        if name in names:
            kept.append(f"{named}: '{names[name]}' {_ROLES[name]}: no service '{name}' added")
            continue
        after = ensure_compose_service(text, name, service, path=str(path))
        if after is text and before is not None:
            # Ours, as written before the project used Redis or PostgreSQL: in step.
            was = [e[name] for e in earlier if name in e]
            after = upgrade_yaml_value(text, ("services", name), was, service, path=str(path))
            if after is text:
                kept.append(f"{named} already has a service '{name}': kept as it is")
            else:
                kept.append(
                    f"{named}: the service '{name}' fastprod wrote now reaches {_reaches(layout)}"
                )
        else:
            added.append(name)
        text = after
    # The volume is our db's: a database the user defined keeps its own.
    if "db" in added:
        text = ensure_yaml_key(text, ("volumes", "pgdata"), None, path=str(path))
    return FileChange(path, before, text), kept


def _user_roles(text: str, build: str = ".") -> dict[str, str]:
    """The user's services, under other names, that build the app or run its PostgreSQL or Redis.

    The app is built from the project's folder (``build: .``); the database and
    the cache are known by their image or, when built, by their name.
    """
    documents = load_yaml(text)
    services = (
        documents[0].get("services") if documents and isinstance(documents[0], dict) else None
    )
    if not isinstance(services, dict):
        return {}
    roles: dict[str, str] = {}
    for name, service in services.items():
        role = _role(str(name), service, build) if isinstance(service, dict) else None
        # A service named as ours is ours to keep: ensure_compose_service says so.
        if role is not None and role != name and role not in services and role not in roles:
            roles[role] = str(name)
    return roles


def _role(name: str, service: dict[str, Any], project_folder: str = ".") -> str | None:
    build = service.get("build")
    context = build.get("context") if isinstance(build, dict) else build
    dockerfile = build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile"
    folder = str(context).rstrip("/").removeprefix("./") or "."
    if folder == project_folder and str(dockerfile).lstrip("./") == "Dockerfile":
        return "app"
    image = str(service.get("image", "")).rpartition("/")[2]
    if image.startswith(("postgres", "postgis")) or name in ("postgres", "postgresql"):
        return "db"
    if image.startswith(("redis", "valkey")) or name == "redis":
        return "redis"
    return None


def _env_example(project: Project, layout: Layout) -> FileChange:
    entries: list[tuple[str, str, str | None]] = [
        ("WEB_CONCURRENCY", "2", "uvicorn worker processes in the container"),
    ]
    if layout.postgres:
        entries += [
            ("POSTGRES_USER", "app", "docker compose: the database's user"),
            ("POSTGRES_PASSWORD", "change-me", "docker compose: required"),
            ("POSTGRES_DB", "app", None),
        ]
    return document_env(project, entries)


# ------------------------------------------------------------------------ CI


@dataclass(frozen=True, slots=True)
class _Toolchain:
    """How CI installs the project and runs a command in its environment.

    Attributes:
        setup: Steps after Python is set up (the uv action).
        install: Commands that install what the tests and the type check need.
        runtime: Commands that install what the image ships, for the audit.
        audit: Commands that audit those runtime dependencies.
        runner: The prefix that runs a tool in that environment (``uv run ``).
        tool: How a tool the project does not declare is added (``pip install``).
        pytest: ``python -m pytest`` where the code is not installed (the checkout
            is then on ``sys.path``), else ``pytest``.
        mypy: The type check, or ``None`` where the project is not typed.
        said: What the reading of the manifest leads to, for the messages.
    """

    setup: tuple[dict[str, Any], ...]
    install: tuple[str, ...]
    runtime: tuple[str, ...]
    audit: tuple[str, ...]
    runner: str
    tool: str
    pytest: str
    mypy: str | None
    said: tuple[str, ...] = ()


# The dependency groups and extras CI installs for the tests and the type check.
DEV_GROUPS = ("dev", "test", "tests", "lint", "typing")
DEV_EXTRAS = ("dev", "test", "tests")
DEV_REQUIREMENTS = ("requirements-dev.txt", "requirements-test.txt", "requirements/dev.txt")
# Folders setuptools' flat-layout discovery leaves out (its FlatLayoutPackageFinder).
_NOT_PACKAGES = frozenset(
    [
        "tests",
        "test",
        "docs",
        "doc",
        "examples",
        "example",
        "scripts",
        "tools",
        "util",
        "utils",
        "benchmarks",
        "bin",
        "build",
        "dist",
        "venv",
        "env",
        "requirements",
        "tasks",
        "fabfile",
        "benchmark",
    ]
)
_NOT_MODULES = frozenset(("setup", "conftest", "noxfile", "tasks", "manage", "fabfile"))
_UV_SETUP = {"uses": "astral-sh/setup-uv@v6"}


def _toolchain(project: Project, layout: Layout) -> _Toolchain:
    manifest = project.manifest
    assert manifest is not None
    text = project.read_text(manifest.path) or ""
    data = _toml(text) if manifest.kind != "requirements" else {}
    mypy = _mypy_command(project, data)
    if project.exists("uv.lock"):
        installs = _installable(project, data) and not _uv_virtual(data)
        member = layout.uv_package is not None
        return _uv(data, mypy, locked=True, installs=installs, member=member)
    if manifest.kind == "poetry":
        return _poetry(project, data, mypy)
    if manifest.kind == "pep621":
        if not _installable(project, data):
            return _uv(data, mypy, locked=False, installs=False)
        return _pip_project(data, mypy)
    return _requirements(project, str(manifest.path), mypy)


def _uv(
    data: dict[str, Any],
    mypy: str | None,
    *,
    locked: bool,
    installs: bool,
    member: bool = False,
) -> _Toolchain:
    """uv: the lock when there is one; the project's code unbuilt when it cannot be built.

    ``member``: the app lives in a member of the workspace, not in its root
    project, so CI installs and audits every member's dependencies.
    """
    lock = " --locked" if locked else ""
    lock += " --all-packages" if member else ""
    project = "" if installs else " --no-install-project"
    # A workspace's members are its own code, not packages an index can audit.
    emit = "workspace" if isinstance(_uv_table(data).get("workspace"), dict) else "project"
    # uv sync installs the dev group by default; the others are asked for.
    groups = "".join(f" --group {g}" for g in _groups(data) if g != "dev")
    extras = "".join(f" --extra {e}" for e in _extras(data))
    export = (
        f"uv export{lock} --no-dev --no-emit-{emit} --no-hashes --format requirements-txt "
        "--output-file requirements-audit.txt"
    )
    said: tuple[str, ...] = ()
    if not (installs or locked):
        said = (
            f"{WORKFLOW}: pip cannot build this project as a package, so CI installs its "
            "dependencies and groups with `uv sync --no-install-project` and runs the code "
            "from the checkout",
        )
    return _Toolchain(
        setup=(_UV_SETUP,),
        install=(f"uv sync{lock}{project}{extras}{groups}",),
        runtime=(),
        audit=(export, "uvx pip-audit --requirement requirements-audit.txt"),
        runner="uv run ",
        tool="uv run --with",
        pytest="pytest" if installs else "python -m pytest",
        mypy=mypy,
        said=said,
    )


def _poetry(project: Project, data: dict[str, Any], mypy: str | None) -> _Toolchain:
    poetry = data.get("tool", {}).get("poetry", {})
    package = poetry.get("package-mode", True) is not False and _poetry_package(project, poetry)
    root = "" if package or poetry.get("package-mode") is False else " --no-root"
    groups = poetry.get("group", {}) if isinstance(poetry.get("group"), dict) else {}
    # Optional groups are not installed unless named.
    optional = [
        name
        for name in DEV_GROUPS
        if isinstance(groups.get(name), dict) and groups[name].get("optional")
    ]
    with_groups = f" --with {','.join(optional)}" if optional else ""
    return _Toolchain(
        setup=(),
        install=("pipx install poetry", f"poetry install{root}{with_groups}"),
        runtime=("pipx install poetry", f"poetry install{root} --only main"),
        audit=("poetry run pip install pip-audit", "poetry run pip-audit"),
        runner="poetry run ",
        tool="poetry run pip install",
        pytest="pytest" if package else "python -m pytest",
        mypy=mypy,
    )


def _poetry_package(project: Project, poetry: dict[str, Any]) -> bool:
    """Poetry finds the package it installs: ``packages``, or a folder of the project's name."""
    if poetry.get("packages"):
        return True
    name = str(poetry.get("name", "")).replace("-", "_").replace(".", "_").lower()
    return bool(name) and any(
        project.exists(f"{folder}{name}/__init__.py") or project.exists(f"{folder}{name}.py")
        for folder in ("", "src/")
    )


def _pip_project(data: dict[str, Any], mypy: str | None) -> _Toolchain:
    extras = _extras(data)
    target = f'-e ".[{",".join(extras)}]"' if extras else "-e ."
    groups = _groups(data)
    install = [f"pip install {target}" + "".join(f" --group {g}" for g in groups)]
    if groups:
        # pip reads [dependency-groups] from 25.1 on.
        install.insert(0, 'python -m pip install --upgrade "pip>=25.1"')
    return _Toolchain(
        setup=(),
        install=tuple(install),
        runtime=("pip install .",),
        audit=("pip install pip-audit", "pip-audit"),
        runner="",
        tool="pip install",
        pytest="pytest",
        mypy=mypy,
    )


def _requirements(project: Project, requirements: str, mypy: str | None) -> _Toolchain:
    dev = next((name for name in DEV_REQUIREMENTS if project.exists(name)), None)
    second = f"pip install -r {dev}" if dev else "pip install pytest httpx"
    first = f"pip install -r {requirements}"
    return _Toolchain(
        setup=(),
        install=(first, second),
        runtime=(first,),
        audit=("pip install pip-audit", "pip-audit"),
        runner="",
        tool="pip install",
        pytest="python -m pytest",
        mypy=mypy,
    )


def _groups(data: dict[str, Any]) -> list[str]:
    """The PEP 735 ``[dependency-groups]`` CI installs, in our order."""
    groups = data.get("dependency-groups", {})
    return [name for name in DEV_GROUPS if isinstance(groups, dict) and name in groups]


def _extras(data: dict[str, Any]) -> list[str]:
    extras = data.get("project", {}).get("optional-dependencies", {})
    found = [name for name in DEV_EXTRAS if isinstance(extras, dict) and name in extras]
    return found[:1]


def _installable(project: Project, data: dict[str, Any]) -> bool:
    """pip can build the project: it declares a ``[build-system]`` that finds its code.

    setuptools refuses a flat layout of several top-level packages unless told
    which (``[tool.setuptools] packages``); hatchling wants a folder of the
    project's name unless told where.
    """
    build = data.get("build-system")
    if not isinstance(build, dict):
        return False
    backend = str(build.get("build-backend", "setuptools"))
    tool = data.get("tool", {})
    if backend.startswith("setuptools"):
        told = tool.get("setuptools", {})
        if isinstance(told, dict) and ("packages" in told or "py-modules" in told):
            return True
        packages, modules = _top_packages(project)
        # One package is taken alone; with none, one module at most.
        return project.exists("setup.py") or len(packages) == 1 or len(packages | modules) <= 1
    if backend.startswith("hatchling"):
        if isinstance(tool.get("hatch", {}).get("build"), dict):
            return True
        name = str(data.get("project", {}).get("name", "")).replace("-", "_").lower()
        return any(project.exists(f"{folder}{name}/__init__.py") for folder in ("", "src/"))
    if backend.startswith("poetry"):
        return _poetry_package(project, tool.get("poetry", {}))
    return True


def _top_packages(project: Project) -> tuple[set[str], set[str]]:
    """The top-level packages and modules setuptools' flat-layout discovery would find.

    None when the code is under ``src/`` (setuptools' src layout).
    """
    if any(path.parts[0] == "src" for path in project.python_files):
        return set(), set()
    tops = [
        path
        for path in project.python_files
        if not path.parts[0].startswith((".", "_")) and path.parts[0] not in _NOT_PACKAGES
    ]
    packages = {p.parts[0] for p in tops if len(p.parts) == 2 and p.name == "__init__.py"}
    modules = {p.stem for p in tops if len(p.parts) == 1 and p.stem not in _NOT_MODULES}
    return packages, modules


def _mypy_command(project: Project, data: dict[str, Any]) -> str | None:
    """``mypy <code>`` on the project's own configuration, where the project is typed.

    Typed: a mypy configuration, a ``py.typed`` marker or mypy among its
    dependencies. ``--strict`` only where that configuration asks for it;
    ``files`` in it names what to check.
    """
    config = _mypy_config(project, data)
    marker = project.exists(project.app.code_dir / "py.typed")
    if config is None and not marker and not _declares_mypy(project, data):
        return None
    settings = config or {}
    strict = " --strict" if str(settings.get("strict", "")).lower() == "true" else ""
    files = "" if settings.get("files") else f" {project.app.code_dir}"
    return f"mypy{strict}{files}"


def _mypy_config(project: Project, data: dict[str, Any]) -> dict[str, Any] | None:
    """mypy's settings, where mypy reads them: ``mypy.ini``, ``.mypy.ini``, pyproject, setup.cfg."""
    for name in ("mypy.ini", ".mypy.ini"):
        text = project.read_text(name)
        if text is not None:
            return _ini_section(text, "mypy") or {}
    table = data.get("tool", {}).get("mypy")
    if isinstance(table, dict):
        return {
            key: str(value).lower() if isinstance(value, bool) else value
            for key, value in table.items()
        }
    text = project.read_text("setup.cfg")
    return _ini_section(text, "mypy") if text is not None else None


def _ini_section(text: str, section: str) -> dict[str, Any] | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return dict(parser[section]) if parser.has_section(section) else None


def _declares_mypy(project: Project, data: dict[str, Any]) -> bool:
    """mypy among the project's development dependencies, in any manifest's spelling."""
    texts: list[str] = []
    groups = data.get("dependency-groups", {})
    extras = data.get("project", {}).get("optional-dependencies", {})
    for table in (groups, extras):
        if isinstance(table, dict):
            texts += [
                str(item) for items in table.values() if isinstance(items, list) for item in items
            ]
    poetry = data.get("tool", {}).get("poetry", {})
    tables = [poetry.get("dev-dependencies", {})] + [
        group.get("dependencies", {})
        for group in (poetry.get("group", {}) or {}).values()
        if isinstance(group, dict)
    ]
    texts += [str(name) for table in tables if isinstance(table, dict) for name in table]
    uv_dev = data.get("tool", {}).get("uv", {}).get("dev-dependencies", [])
    texts += [str(item) for item in uv_dev] if isinstance(uv_dev, list) else []
    for name in DEV_REQUIREMENTS:
        texts += (project.read_text(name) or "").splitlines()
    return any(_requirement_name(text) == "mypy" for text in texts)


def _requirement_name(text: str) -> str | None:
    try:
        return canonicalize_name(Requirement(text.split("#", 1)[0].strip()).name)
    except InvalidRequirement:
        return None


def _toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def _setup(layout: Layout, tools: _Toolchain | None = None) -> list[dict[str, Any]]:
    return [
        {"uses": "actions/checkout@v4"},
        {"uses": "actions/setup-python@v5", "with": {"python-version": layout.python}},
        *(tools.setup if tools else ()),
    ]


def workflow_jobs(project: Project, layout: Layout) -> dict[str, dict[str, Any]]:
    """The CI jobs: lint and types, tests on the services, dependency audit, image build."""
    tools = _toolchain(project, layout)
    installs = [{"run": command} for command in tools.install]
    checks = [
        {"run": "pip install ruff"},
        {"run": "ruff check ."},
        {"run": "ruff format --check ."},
    ]
    if tools.mypy is not None:
        checks += [*installs, *({"run": command} for command in _mypy_steps(project, tools))]
    lint_setup = _setup(layout, tools if tools.mypy is not None else None)
    jobs: dict[str, dict[str, Any]] = {
        "lint": {"runs-on": "ubuntu-latest", "steps": [*lint_setup, *checks]}
    }
    jobs["test"] = _test_job(layout, tools, installs)
    jobs["dependencies"] = {
        "runs-on": "ubuntu-latest",
        "steps": [
            *_setup(layout, tools),
            # The runtime dependencies only: what the image ships is what is audited.
            *({"run": command} for command in tools.runtime),
            *({"run": command} for command in tools.audit),
        ],
    }
    jobs["image"] = {
        "runs-on": "ubuntu-latest",
        "steps": [{"uses": "actions/checkout@v4"}, {"run": "docker build --tag app:ci ."}],
    }
    return jobs


def _mypy_steps(project: Project, tools: _Toolchain) -> list[str]:
    """The type check in the project's environment; mypy added where it is not declared."""
    assert tools.mypy is not None
    manifest = project.manifest
    assert manifest is not None
    data = _toml(project.read_text(manifest.path) or "") if manifest.kind != "requirements" else {}
    if _declares_mypy(project, data):
        return [f"{tools.runner}{tools.mypy}"]
    if tools.tool == "uv run --with":
        return [f"uv run --with mypy {tools.mypy}"]
    return [f"{tools.tool} mypy", f"{tools.runner}{tools.mypy}"]


def _test_job(layout: Layout, tools: _Toolchain, installs: list[dict[str, Any]]) -> dict[str, Any]:
    services: dict[str, Any] = {}
    env: dict[str, str] = {}
    if layout.postgres:
        services["postgres"] = {
            "image": POSTGRES_IMAGE,
            "env": {"POSTGRES_PASSWORD": "postgres", "POSTGRES_DB": "test"},
            "ports": ["5432:5432"],
            "options": (
                "--health-cmd pg_isready --health-interval 5s "
                "--health-timeout 5s --health-retries 10"
            ),
        }
        url = f"{layout.scheme}://postgres:postgres@localhost:5432/test"
        env["TEST_DATABASE_URL"] = url
        values = {
            "url": url,
            "host": "localhost",
            "port": "5432",
            "user": "postgres",
            "password": "postgres",
            "name": "test",
        }
        # The app's settings are read when the tests import it: what they read is set.
        env.update(
            (name, values[part]) for part, name in layout.database_env if name != "DATABASE_URL"
        )
    if layout.redis:
        services["redis"] = {
            "image": REDIS_IMAGE,
            "ports": ["6379:6379"],
            "options": (
                '--health-cmd "redis-cli ping" --health-interval 5s '
                "--health-timeout 5s --health-retries 10"
            ),
        }
        values = {"url": "redis://localhost:6379/0", "host": "localhost", "port": "6379"}
        env.update((name, values[part]) for part, name in layout.redis_env)
    run: dict[str, Any] = {"run": f"{tools.runner}{tools.pytest}"}
    if env:
        run["env"] = env
    job: dict[str, Any] = {"runs-on": "ubuntu-latest"}
    if services:
        job["services"] = services
    job["steps"] = [*_setup(layout, tools), *installs, run]
    return job


def _workflow(
    project: Project, layout: Layout, place: _Place
) -> tuple[list[FileChange], list[str]]:
    """The CI workflow, at the repository's top where GitHub reads it."""
    folder = str(place.folder)
    if place.below and not place.writable:
        return [], [
            f"{WORKFLOW} not written: GitHub runs only the workflows at the repository's top, "
            f"and this project is its folder {folder}; run fastprod at the repository's top, "
            f"which writes it there with its jobs working in {folder}"
        ]
    view = place.top if place.writable and place.top is not None else project
    before = view.read_text(WORKFLOW)
    path = str(WORKFLOW)
    text, kept = before or "", []
    if before is None:
        text = ensure_yaml_key(text, ("name",), "CI", path=path)
        triggers = {"push": {"branches": ["main"]}, "pull_request": None}
        text = ensure_yaml_key(text, ("on",), triggers, path=path)
        text = ensure_yaml_key(text, ("permissions",), {"contents": "read"}, path=path)
    earlier = [workflow_jobs(project, e) for e in _earlier_layouts(layout)]
    for name, job in workflow_jobs(project, layout).items():
        was = [e[name] for e in earlier if name in e]
        if place.writable:
            job = _in_place(job, folder)
            was = [_in_place(e, folder) for e in was]
        after = ensure_workflow_job(text, name, job, path=path)
        if after is text and before is not None:
            # Ours, as written before the project used Redis or PostgreSQL: in step.
            after = upgrade_yaml_value(text, ("jobs", name), was, job, path=path)
            if after is text:
                kept.append(f"{WORKFLOW} already has a job '{name}': kept as it is")
            else:
                kept.append(
                    f"{WORKFLOW}: the job '{name}' fastprod wrote now runs with {_reaches(layout)}"
                )
        text = after
    if not place.writable:
        return [FileChange(WORKFLOW, before, text)], kept
    said = f"{WORKFLOW} at the repository's top: its jobs run in {folder} (working-directory)"
    return [FileChange(_TOP / WORKFLOW, before, text)], [said, *kept]


def _in_place(job: dict[str, Any], folder: str) -> dict[str, Any]:
    rest = {key: value for key, value in job.items() if key != "runs-on"}
    return {"runs-on": job["runs-on"], "defaults": _in_folder(folder), **rest}


def _earlier_layouts(layout: Layout) -> list[Layout]:
    """The layout as it was before the project used Redis, PostgreSQL or both."""
    earlier = []
    for redis, postgres in ((False, layout.postgres), (layout.redis, False), (False, False)):
        if (redis, postgres) != (layout.redis, layout.postgres):
            variant = replace(layout, redis=redis, postgres=postgres)
            if variant not in earlier:
                earlier.append(variant)
    return earlier


def _reaches(layout: Layout) -> str:
    services = [
        name for name, used in (("PostgreSQL", layout.postgres), ("Redis", layout.redis)) if used
    ]
    return " and ".join(services) or "no other service"


def _in_folder(folder: str) -> dict[str, Any]:
    return {"run": {"working-directory": folder}}


# ------------------------------------------------------------------ messages


def _compose_named(compose: list[FileChange], place: _Place) -> str:
    """The compose file the app's variables are set in, named from where fastprod was run."""
    if not compose:
        # Run in the folder: the repository's compose file above it, not written here.
        return "the repository's compose file"
    path = compose[0].path
    return str(PurePosixPath(*path.parts[1:])) if path.parts[0] == _TOP else place.shown(path)


def _layout_messages(layout: Layout, place: _Place, compose: str) -> list[str]:
    said = []
    if layout.settings_read is not None:
        module, name, read = layout.settings_read
        said.append(
            f"the app's settings ({place.shown(module)}: {name}) read {', '.join(read)}: "
            f"{compose} and CI set those"
        )
    if not layout.python_declared:
        said.append(
            f"the project declares no Python version: the image runs Python {layout.python}; "
            "set requires-python (or python in Poetry) and run again to choose"
        )
    if layout.health is None:
        said.append(
            "the app has no /health route: the image's HEALTHCHECK and compose probe /health, "
            "which answers 404 until you add it (a liveness route answering 200)"
        )
    if not layout.alembic:
        said.append("no Alembic set-up: the container starts the server without migrating")
    if layout.lock_above is not None:
        unlocked = (
            f"uv.lock is at the repository's top, outside {layout.lock_above}, the folder the "
            "image is built from: the image installs the dependencies unlocked"
        )
        if layout.lock_at_top and not place.writable:
            unlocked += "; run fastprod at the repository's top for an image built from the lock"
        else:
            # "the project is the folder backend": run at the top, the workspace's
            # root declares no project, so the image is still built from the folder.
            unlocked += (
                "; fastprod builds an image from a workspace's lock only where the top "
                "pyproject.toml declares a [project]"
            )
        said.append(unlocked)
    return said


# ----------------------------------------------------------------- checklist


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the playbook's production checklist, in this project's state.

    Attributes:
        priority: ``P0`` (mandatory) or ``P1`` (recommended).
        title: The playbook's words.
        state: ``done``, ``open``, ``not needed`` (nothing in the project calls for
            it) or ``not checked`` (no audit fact covers it).
        why: The audit's fact behind the state.
        closes: What closes an open item: ``fastprod "<sentence>"`` when an intent
            does it, else what to do by hand.
    """

    priority: str
    title: str
    state: str
    why: str
    closes: str | None = None

    def message(self) -> str:
        """``checklist P0 [open] HTTPS enforced: <why>; close it: <closes>``."""
        text = f"checklist {self.priority} [{self.state}] {self.title}: {self.why}"
        if self.state == "open" and self.closes:
            text += f"; close it: {self.closes}"
        return text


@dataclass(frozen=True, slots=True)
class _Plain:
    """A closing instruction no fastprod intent performs."""

    text: str
    sentence: None = None


_TRACING = "add OpenTelemetry tracing (opentelemetry-instrumentation-fastapi)"
_METRICS = "expose Prometheus metrics (prometheus-fastapi-instrumentator) and alert on them"
_BENCHMARKS = "profile with pyinstrument or load-test with locust, and keep the figures"


def _closing(fix: Any) -> str | None:
    """The sentence of an audit fix (``fastprod "..."``), else its plain instruction."""
    if fix is None:
        return None
    if fix.sentence is None:
        return str(fix.text)
    suffix = "" if fix.available else " (its recipe is not in this fastprod yet)"
    return f'fastprod "{fix.sentence}"{suffix}'


def _item(priority: str, title: str, done: bool, why: str, fix: Any) -> Item:
    return Item(priority, title, "done" if done else "open", why, _closing(fix))


def checklist(
    project: Project, layout: Layout, shown: Callable[[PurePosixPath | str], str] = str
) -> list[str]:
    """The playbook's P0 and P1 production checklist, each item by the audit's facts.

    ``shown`` names a path of the project as the person who ran fastprod does.
    """
    report = run_audit(project)
    signals = {signal.id: signal for signal in report.signals}
    levels = {dimension.id: dimension for dimension in report.dimensions}
    checks = {check.id: check for check in report.security.checks}
    issues = {issue.id for issue in report.security.issues}
    items = [
        *_security_items(checks, issues),
        *_service_items(signals, levels, layout),
        *_database_items(
            project,
            layout,
            shown,
            has_database=_has_database(project, layout),
            runs_start=_image_runs_start(project),
        ),
        *_recommended_items(levels, checks, project),
    ]
    return [item.message() for item in sorted(items, key=lambda item: item.priority)]


def _check_item(priority: str, title: str, check: Any) -> Item:
    return _item(priority, title, check.passed, check.summary, check.fix)


def _security_items(checks: dict[str, Any], issues: set[str]) -> list[Item]:
    secret = checks["jwt_secret"]
    in_code = "password_in_code" in issues
    why = "a password is written into a settings default" if in_code else secret.summary
    return [
        _item(
            "P0",
            "All secrets from environment variables (SecretStr)",
            secret.passed and not in_code,
            why,
            secret.fix,
        ),
        _check_item("P0", "HTTPS enforced", checks["https"]),
        _check_item("P0", "CORS configured per environment", checks["cors"]),
        _check_item("P0", "Rate limiting on auth endpoints", checks["auth_rate_limit"]),
        _check_item("P0", "Input validation on all endpoints", checks["input_validation"]),
    ]


def _service_items(signals: dict[str, Any], levels: dict[str, Any], layout: Layout) -> list[Item]:
    errors = signals["error_handling"]
    logs = levels["observability"]
    deployment = levels["deployment"]
    testing = signals["testing"]
    probes = [path for path in (layout.health, layout.ready) if path]
    return [
        _item(
            "P0",
            "Structured error responses (no stack traces)",
            errors.points == 2,
            errors.summary,
            errors.fix,
        ),
        Item(
            "P0",
            "Health + readiness endpoints",
            "done" if len(probes) == 2 else "open",
            ", ".join(probes) if probes else "no /health or /ready route",
            "add /health (liveness) and /ready (the database answers) routes",
        ),
        _item("P0", "Structured logging (JSON)", logs.level >= 50, logs.summary, logs.fix),
        _item(
            "P0",
            "Tests passing in CI",
            deployment.level >= 75 and testing.points > 0,
            f"{'a CI workflow' if deployment.level >= 75 else 'no CI workflow'}; "
            f"tests: {testing.summary}",
            testing.fix if testing.points == 0 else deployment.fix,
        ),
    ]


def _has_database(project: Project, layout: Layout) -> bool:
    return project.readings.db_layer is not None or layout.postgres or layout.alembic


def _image_runs_start(project: Project) -> bool:
    """The image starts through ``docker/start.sh``: ours does; the user's may not."""
    return str(START) in (project.read_text(DOCKERFILE) or "")


def _database_items(
    project: Project,
    layout: Layout,
    shown: Callable[[PurePosixPath | str], str],
    *,
    has_database: bool,
    runs_start: bool,
) -> list[Item]:
    """Pooling and migrations; an app with no database has neither to do."""
    if not has_database:
        why = "the app has no database layer"
        return [
            Item("P0", "Database connection pooling", "not needed", why),
            Item("P0", "Migrations run before deploy", "not needed", why),
        ]
    migrations = (
        f"the container runs `{layout.migrate}` before the server"
        if layout.alembic
        else "no Alembic migrations to run"
    )
    if layout.alembic and not runs_start:
        migrations = (
            f"your {shown(DOCKERFILE)}, kept as it is, does not run {shown(START)} (the migrations)"
        )
    return [
        _pooling_item(project, shown),
        Item(
            "P0",
            "Migrations run before deploy",
            "done" if layout.alembic and runs_start else "open",
            migrations,
            f"start the container with {shown(START)}, or run `{layout.migrate}` before the server"
            if layout.alembic
            else "set up Alembic migrations, run by the container before the server",
        ),
    ]


_POOL_SENTENCE = 'fastprod "optimize my database queries"'


def _pooling_item(project: Project, shown: Callable[[PurePosixPath | str], str]) -> Item:
    """Pooling by the engines' own options; the sentence named only where it sets them.

    ``optimize my database queries`` gives an engine that passes no pool options,
    and reads its URL from the settings, ``**engine_pool_options()``; an engine
    that passes some options itself is left to the person, so no sentence is
    offered that would leave the item open.
    """
    title = "Database connection pooling"
    engines = [engine for engine in read_queries(project).engines if not engine.sqlite]
    if not engines:
        return Item(
            "P0",
            title,
            "not needed",
            "no engine of a server database (SQLite's pool takes no sizes)",
        )
    open_ = [e for e in engines if not (e.spread or e.pooled or not e.missing)]
    if not open_:
        first = engines[0]
        where = f"{shown(first.path)}:{first.line}"
        return Item("P0", title, "done", f"the engine sets its pool ({where})")
    first = open_[0]
    why = f"the engine at {shown(first.path)}:{first.line} sets no {', '.join(first.missing)}"
    fixable = project.settings is not None and all(
        not e.options and e.url_root is not None and "." in e.url for e in open_
    )
    if fixable:
        return Item("P0", title, "open", why, _POOL_SENTENCE)
    what = "pass pool_size, max_overflow and pool_pre_ping (or pool_recycle) to create_engine"
    return Item("P0", title, "open", why, f"{what}, from your settings")


def _recommended_items(
    levels: dict[str, Any], checks: dict[str, Any], project: Project
) -> list[Item]:
    logs = levels["observability"]
    speed = levels["performance"]
    scanning = checks["dependency_scanning"]
    # Probes stay unversioned on purpose; the API is every other route.
    probes = HEALTH_PATHS + READY_PATHS
    paths = [route.path for route in project.readings.routes if route.path not in probes]
    versioned = bool(paths) and all(re.match(r"^(/api)?/v\d+(/|$)", path) for path in paths)
    return [
        _item(
            "P1",
            "OpenTelemetry tracing",
            logs.level >= 75,
            "traced" if logs.level >= 75 else logs.summary,
            logs.fix if logs.level == 50 else _Plain(_TRACING),
        ),
        _item(
            "P1",
            "Prometheus metrics endpoint",
            logs.level == 100,
            "metrics and alerts in place" if logs.level == 100 else logs.summary,
            logs.fix if logs.level == 75 else _Plain(_METRICS),
        ),
        Item(
            "P1",
            "Background task queue (Celery/ARQ)",
            "not checked",
            "the audit does not read task queues",
        ),
        _item(
            "P1",
            "Redis caching layer",
            speed.level >= 75,
            "a cache in place" if speed.level >= 75 else speed.summary,
            speed.fix,
        ),
        Item(
            "P1",
            "API versioning strategy",
            "done" if versioned else "open",
            "every route under /v<N>"
            if versioned
            else "the API routes are not under a /v<N> prefix",
            "serve the API under a version prefix (/api/v1)",
        ),
        Item(
            "P1",
            "Request/response logging",
            "not checked",
            "the audit does not read access logging",
        ),
        _check_item("P1", "Dependency security scanning", scanning),
        _item(
            "P1", "Performance benchmarks established", speed.level == 100, speed.summary, speed.fix
        ),
    ]


RECIPE = Recipe(
    name="deploy",
    summary="Dockerfile, CI and production checklist",
    examples=("prepare for production deployment", "add a Dockerfile"),
    params=Params,
    plan=plan,
    uses_context=True,
)
