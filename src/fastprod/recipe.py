"""Everything a recipe imports, from one place: ``from fastprod.recipe import ...``.

A recipe is a folder ``recipes/<intent>/`` whose ``recipe.py`` defines ``RECIPE``, a
:class:`Recipe` with a pure ``plan(params, project) -> ChangeSet``. It reads the
project through :class:`Project`, writes nothing, and returns whole-file
:class:`FileChange` values (create, modify, delete, set a mode). New files come
from its ``templates/`` (:func:`render`, :func:`render_tree`); existing files change
only through the helpers below, each of which means "make sure this is present"
and returns the very same string when it already is:

* Python modules (:mod:`fastprod.edit` explains each): :func:`ensure_import`,
  :func:`add_app_statement`, :func:`ensure_app_argument`, :func:`add_middleware`
  (in its :data:`MIDDLEWARE_LAYERS` place), :func:`add_exception_handler`,
  :func:`include_router`, :func:`ensure_lifespan_step` (in its :data:`LIFESPAN_LAYERS`
  place), :func:`add_settings_field`,
  :func:`ensure_setting`, :func:`ensure_model_import`, :func:`ensure_definitions`,
  :func:`prints_to_logs`; :class:`Edits` applies
  several of them to one module on one parse.
* Project-level placement: :func:`plan_router_include` and :func:`new_router_path`
  (with :func:`import_form`: how the app's module imports one of its own;
  :func:`python_tree` reads a module that may not parse)
  (where the project keeps its routers), :func:`tests_folder` (where its pytest finds
  its tests, ``app/tests/`` included; :func:`pytest_paths`, :func:`is_test_module`;
  :func:`tests_home`: where new tests go, the folder started when there is none;
  :func:`features_own_tests`: the modules recipes write to test their own feature),
  :func:`model_registration` and
  :func:`plan_migration` (Alembic), :func:`ensure_env_lines` (``.env.example``;
  :func:`document_env`: the project's own, started at the root when it has none);
  :func:`database_parts` (the first declarative base and session dependency),
  :func:`sqlmodel_use` and :func:`is_sqlmodel_table` (a SQLModel project and its tables),
  :func:`find_database` (a package's declarative base and session dependency, or
  the async layer :func:`database_module` adds when it has none) and
  :func:`plan_tables` (its tables by Alembic, ``create_all`` or at start-up).
* Manifests: :func:`ensure_dependency` (with a floor that installs on the project's
  Python; :func:`ensure_dependencies` for several) and :func:`add_dependency`;
  :func:`declared_dependencies` reads the runtime dependencies a manifest declares.
* YAML: :func:`load_yaml` reads with line numbers; :func:`ensure_yaml_key`,
  :func:`ensure_yaml_item`, :func:`ensure_compose_service`,
  :func:`ensure_workflow_job` edit round trip.
* Calls found by line: :func:`ensure_loader_option` (an eager load on a
  ``select(Model)``), :func:`ensure_call_argument` (a keyword or ``**spread``),
  :func:`ensure_function` (a module-level function before its first use);
  a statement either takes past :func:`line_length` is laid out as ruff format would.
* Reports: :func:`run_audit` and :func:`run_security_review` for read-only recipes;
  :func:`read_queries` reads how the app queries its database, and
  :class:`FindingsReport` of :class:`Located` findings gives an edit recipe the
  scorecards' text, JSON and SARIF forms.

Items a recipe adds to a list the project has (dependencies, router includes,
lifespan steps of :data:`KNOWN_LIFESPAN_STEPS`, settings in a :class:`Setting`
``group``, ``.env.example`` lines) take a place of their own, by key, whatever
order recipes run in: the helpers place them, so a recipe never sorts.

Nothing under ``recipes/`` imports a ``fastprod._private`` module; a test says so.
"""

from __future__ import annotations

import stat
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from fastprod.core._changes import ChangeSet, FileChange, Report
from fastprod.core._errors import FastprodError, ProjectError, RecipeError, UnsafeOperation
from fastprod.core._yaml import Scalar, YamlMap, walk_scalars
from fastprod.core._yaml import load_all as load_yaml
from fastprod.edits._alembic import (
    Alembic,
    Migration,
    ensure_model_import,
    find_alembic,
    migration_text,
    model_registration,
    plan_migration,
)
from fastprod.edits._alembic import heads as alembic_heads
from fastprod.edits._app import add_app_statement, ensure_app_argument
from fastprod.edits._batch import Edits, TreeEdit
from fastprod.edits._calls import ensure_call_argument, ensure_function, ensure_loader_option
from fastprod.edits._common import python_tree
from fastprod.edits._config import (
    ENVIRONMENT_SETTING,
    EnvLine,
    Setting,
    ensure_env_lines,
    ensure_setting,
    environment_env_line,
    settings_env_prefix,
)
from fastprod.edits._database import (
    Database,
    code_modules,
    database_dependencies,
    database_files,
    database_module,
    database_parts,
    database_url_source,
    find_database,
    is_sqlmodel_table,
    plan_tables,
    sqlmodel_use,
)
from fastprod.edits._env import document_env
from fastprod.edits._format import same_code
from fastprod.edits._ignore import ensure_ignored
from fastprod.edits._imports import ensure_import, import_lines
from fastprod.edits._layout import line_length
from fastprod.edits._lifespan import KNOWN_LIFESPAN_STEPS, LIFESPAN_LAYERS, ensure_lifespan_step
from fastprod.edits._module import ensure_definitions, ensure_export
from fastprod.edits._prints import PrintReplaced, prints_to_logs
from fastprod.edits._register import (
    KNOWN_MIDDLEWARE,
    MIDDLEWARE_LAYERS,
    add_exception_handler,
    add_middleware,
    include_router,
)
from fastprod.edits._routers import (
    RouterHome,
    ensure_router_included,
    find_router_home,
    import_form,
    new_router_path,
    plan_router_include,
    served_prefix,
)
from fastprod.edits._settings import add_settings_field
from fastprod.edits._yaml import (
    ensure_compose_service,
    ensure_workflow_job,
    ensure_yaml_item,
    ensure_yaml_key,
    upgrade_yaml_value,
)
from fastprod.manifest import (
    FLOORS,
    add_dependency,
    declared_dependencies,
    ensure_dependencies,
    ensure_dependency,
    requirement_for,
)
from fastprod.project._follow import deployment_in_step, pool_in_step, tests_in_step
from fastprod.project._model import (
    FieldReading,
    ModelReading,
    OrmColumn,
    OrmModel,
    OrmRelationship,
    RoleCheck,
    RouteReading,
)
from fastprod.project._model._facts import DepRef, Function
from fastprod.project._model._tracing import TRACING_KEYWORDS, TRACING_LIBRARIES
from fastprod.project._project import (
    AppLocation,
    Manifest,
    Project,
    SettingsLocation,
    Versions,
    app_slug,
    distribution_name,
    first_party,
)
from fastprod.project._queries import Engine, Queries, read_queries
from fastprod.project._recipe import Context, Recipe
from fastprod.project._tests import (
    TestsHome,
    features_own_tests,
    is_test_module,
    pytest_paths,
    tests_folder,
    tests_home,
)
from fastprod.scorecards._findings import FindingsReport, Located
from fastprod.templates import render, render_tree

if TYPE_CHECKING:
    from fastprod.scorecards import AuditReport, SecurityReport

__all__ = [
    "ENVIRONMENT_SETTING",
    "FLOORS",
    "KNOWN_LIFESPAN_STEPS",
    "KNOWN_MIDDLEWARE",
    "LIFESPAN_LAYERS",
    "MIDDLEWARE_LAYERS",
    "TRACING_KEYWORDS",
    "TRACING_LIBRARIES",
    "Alembic",
    "AppLocation",
    "ChangeSet",
    "Context",
    "Database",
    "DepRef",
    "Edits",
    "Engine",
    "EnvLine",
    "FastprodError",
    "FieldReading",
    "FileChange",
    "FindingsReport",
    "Function",
    "Located",
    "Manifest",
    "Migration",
    "ModelReading",
    "OrmColumn",
    "OrmModel",
    "OrmRelationship",
    "PrintReplaced",
    "Project",
    "ProjectError",
    "Queries",
    "Recipe",
    "RecipeError",
    "Report",
    "RoleCheck",
    "RouteReading",
    "RouterHome",
    "Scalar",
    "Setting",
    "SettingsLocation",
    "TestsHome",
    "TreeEdit",
    "UnsafeOperation",
    "Versions",
    "YamlMap",
    "add_app_statement",
    "add_dependency",
    "add_exception_handler",
    "add_middleware",
    "add_settings_field",
    "alembic_heads",
    "app_slug",
    "code_modules",
    "database_dependencies",
    "database_files",
    "database_module",
    "database_parts",
    "database_url_source",
    "declared_dependencies",
    "deployment_in_step",
    "distribution_name",
    "document_env",
    "ensure_app_argument",
    "ensure_call_argument",
    "ensure_compose_service",
    "ensure_definitions",
    "ensure_dependencies",
    "ensure_dependency",
    "ensure_env_lines",
    "ensure_export",
    "ensure_function",
    "ensure_ignored",
    "ensure_import",
    "ensure_lifespan_step",
    "ensure_loader_option",
    "ensure_model_import",
    "ensure_router_included",
    "ensure_setting",
    "ensure_workflow_job",
    "ensure_yaml_item",
    "ensure_yaml_key",
    "environment_env_line",
    "features_own_tests",
    "file_mode",
    "find_alembic",
    "find_database",
    "find_router_home",
    "first_party",
    "import_form",
    "import_lines",
    "include_router",
    "is_sqlmodel_table",
    "is_test_module",
    "line_length",
    "load_yaml",
    "migration_text",
    "model_registration",
    "new_router_path",
    "plan_migration",
    "plan_router_include",
    "plan_tables",
    "pool_in_step",
    "prints_to_logs",
    "pytest_paths",
    "python_tree",
    "read_queries",
    "render",
    "render_tree",
    "requirement_for",
    "run_audit",
    "run_security_review",
    "same_code",
    "served_prefix",
    "settings_env_prefix",
    "singular",
    "sqlmodel_use",
    "tests_folder",
    "tests_home",
    "tests_in_step",
    "upgrade_yaml_value",
    "walk_scalars",
]


def singular(name: str) -> str:
    """The singular of a snake_case name's last word (``order_items`` -> ``order_item``,
    ``people`` -> ``person``); a singular name is returned as it is."""
    from fastprod.language._inflections import inflections

    head, _, last = name.rpartition("_")
    # inflect cuts these endings as plurals ("status" -> "statu"); in names they are singular.
    if not last or last.endswith(("is", "us", "ss")):
        return name
    one = inflections().singular(last) or last
    return f"{head}_{one}" if head else one


def run_audit(project: Project) -> AuditReport:
    """The audit's report on ``project`` (health, quality, security), read only."""
    # Imported on use: the scorecards are heavy, and most recipes never ask for them.
    from fastprod.scorecards import run_audit as audit

    return audit(project)


def run_security_review(project: Project) -> SecurityReport:
    """The 10-point security review of ``project``, read only."""
    from fastprod.scorecards import run_security_review as review

    return review(project)


def file_mode(project: Project, path: PurePosixPath | str) -> int | None:
    """The permission bits of a file on disk (``0o755``), or ``None`` if it is absent.

    Pass it as ``FileChange(..., mode=0o755, before_mode=file_mode(project, path))``
    so the change is a no-op when the file already has that mode.
    """
    try:
        return stat.S_IMODE((project.root / PurePosixPath(path)).stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return None
