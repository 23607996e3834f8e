"""The edit toolkit: how a recipe changes a project that already exists.

A recipe's ``plan(params, project)`` reads files through the :class:`~fastprod.Project`
view and returns :class:`~fastprod.FileChange` values; it never writes. New files
come from its jinja2 templates. Existing files change only through the helpers
here (all re-exported by :mod:`fastprod.recipe`, the one module a recipe imports).

**Every helper means "make sure this is present".** When it already is, the helper
returns the very same string (``after is before``), so a recipe run twice changes
nothing, and a ``FileChange(path, before, after)`` built from it is a no-op.

**Formatting is kept.** Python is edited with libcst: snippets are parsed and
inserted as nodes, never spliced as text, and take the module's indentation
(tabs stay tabs), newlines (CRLF stays CRLF), quote style for one-line strings,
and a leading byte order mark. YAML is edited round trip with ruamel.yaml
(comments, order, quotes kept); TOML with tomlkit (:mod:`fastprod.manifest`).

Python modules
--------------
Pass ``path=str(rel_path)`` so a module that does not parse is refused as
``path:line`` (:class:`~fastprod.ProjectError`). Code arguments are Python source;
plain data (a prefix, tags) is given as Python values. Configure the app in
``project.app.edit_path`` (the factory's module when there is a factory).

* :func:`ensure_import` — ``import x`` / ``from x import y`` / ``from .x import y``,
  into the right isort section, merged into an existing ``from x import``.
* :func:`add_app_statement` — any statement configuring the app, ``{app}`` standing
  for it: after the module-level ``app = FastAPI()``, or before the factory's
  ``return``. :func:`ensure_app_argument` — a keyword of ``FastAPI(...)``.
* :func:`add_middleware` — ``app.add_middleware(Class, ...)`` in its layer.
  Starlette runs the last added middleware first, so the call is placed among the
  existing ones by :data:`MIDDLEWARE_LAYERS` (request id outermost; trusted host,
  HTTPS redirect, security headers; CORS; GZip; body size limit; rate limiting;
  session; authentication innermost). Known classes (:data:`KNOWN_MIDDLEWARE`) have
  their layer; pass ``layer=`` for others. The file comes out the same whatever
  order recipes run in; the user's own middleware stay where they are. An app
  that lists ``FastAPI(middleware=[...])`` gets ``Middleware(Class, ...)`` in the list.
* :func:`add_exception_handler`, :func:`include_router` — registrations on the app.
* :func:`ensure_lifespan_step` — ``await stack.enter_async_context(step)`` in the
  app's lifespan, through one ``contextlib.AsyncExitStack``: an existing
  ``lifespan=`` function is extended (its code kept, moved inside the stack), or a
  lifespan is created and passed to ``FastAPI(...)``. Steps are async context
  manager factory calls (``"cache_lifespan({app})"``). A module-level app run by
  ``on_startup``/``@app.on_event`` handlers keeps them (a lifespan would silence
  them): the steps are entered by one more startup handler instead; an app
  factory with such handlers is refused.
* :func:`add_settings_field` and :func:`ensure_setting` — a field of the
  ``BaseSettings`` class (``project.settings``), with a type, a default or none
  (required), ``Field(...)`` constraints and a description, its pydantic imports
  included (``SecretStr``, ``Field``). :func:`settings_env_prefix` gives the
  variable prefix; :func:`ensure_env_lines` keeps ``.env.example`` in step.
* :func:`ensure_model_import` — ``import app.x.models  # noqa: F401`` so Alembic's
  autogenerate sees a model module.
* :func:`ensure_definitions` — the classes, functions and assignments of a whole
  module (a rendered template) merged into another, with their imports: a model
  into the project's ``models.py``; a name already defined there is left as it is.
  Merged into a module that imports its siblings relatively only, the addition's
  imports of them are made relative too.
* :func:`ensure_export` — a package's ``__init__`` imports a name from one of its
  modules and lists it in its ``__all__`` (a models package registering a model).
* :func:`prints_to_logs` — every statement ``print(...)`` becomes a structlog call
  (an f-string of plain values a structured event with them as keys), and says
  which, by line (:class:`PrintReplaced`).

Several edits of one module go through :class:`Edits`, which parses once, applies
every queued edit, and renders once::

    path = project.app.edit_path
    text = (
        Edits(project.read_text(path), path=str(path))
        .ensure_import("fastapi.middleware.gzip", "GZipMiddleware")
        .add_middleware(project.app, "GZipMiddleware", minimum_size="1000")
        .ensure_import("app.cache", "cache_lifespan")
        .ensure_lifespan_step(project.app, "cache_lifespan({app})")
        .text()
    )
    change = FileChange(path, project.read_text(path), text)

Placement across the project (return a ``FileChange``)
------------------------------------------------------
* :func:`plan_router_include` — imports a router and includes it where the project
  includes its routers: an ``api_router = APIRouter()`` aggregator, else the app
  (beside its other includes, under the prefix they share). :func:`new_router_path`
  says where the new router's module goes, following the project's own routers
  (``app/routers/<name>.py``, ``app/features/<name>/router.py``).
* :func:`model_registration` — registers a model module in ``migrations/env.py``
  (or the models package ``__init__`` that ``env.py`` takes its metadata from).
* :func:`plan_migration` — a revision file for a :class:`Migration`, its id a hash
  of its content, chained to the head read statically from the versions folder;
  several heads are refused. :func:`find_alembic` and :func:`alembic_heads` read.

Other files
-----------
* Manifests: :func:`fastprod.manifest.ensure_dependency` adds a package with the
  floor of :data:`fastprod.manifest.FLOORS` for the project's Python (PEP 621,
  Poetry, requirements.txt).
* YAML: :func:`ensure_yaml_key`, :func:`ensure_yaml_item`,
  :func:`ensure_compose_service`, :func:`ensure_workflow_job`; read with
  :func:`fastprod.recipe.load_yaml` (values that remember their line).
* ``FileChange(path, before, "", delete=True)`` (or ``FileChange.deletion``) deletes
  a file; ``FileChange(..., mode=0o755)`` sets its mode.

Imports are the caller's: a helper that inserts ``register_error_handlers(app)``
does not import ``register_error_handlers``; add :func:`ensure_import` (the
settings, lifespan and router helpers import what their own code needs).
"""

from __future__ import annotations

from fastprod.edits._alembic import (
    Migration,
    ensure_model_import,
    find_alembic,
    model_registration,
    plan_migration,
)
from fastprod.edits._alembic import heads as alembic_heads
from fastprod.edits._app import add_app_statement, ensure_app_argument
from fastprod.edits._batch import Edits
from fastprod.edits._config import (
    EnvLine,
    Setting,
    ensure_env_lines,
    ensure_setting,
    settings_env_prefix,
)
from fastprod.edits._imports import ensure_import
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
from fastprod.edits._routers import find_router_home, new_router_path, plan_router_include
from fastprod.edits._settings import add_settings_field
from fastprod.edits._yaml import (
    ensure_compose_service,
    ensure_workflow_job,
    ensure_yaml_item,
    ensure_yaml_key,
)

__all__ = [
    "KNOWN_LIFESPAN_STEPS",
    "KNOWN_MIDDLEWARE",
    "LIFESPAN_LAYERS",
    "MIDDLEWARE_LAYERS",
    "Edits",
    "EnvLine",
    "Migration",
    "PrintReplaced",
    "Setting",
    "add_app_statement",
    "add_exception_handler",
    "add_middleware",
    "add_settings_field",
    "alembic_heads",
    "ensure_app_argument",
    "ensure_compose_service",
    "ensure_definitions",
    "ensure_env_lines",
    "ensure_export",
    "ensure_import",
    "ensure_lifespan_step",
    "ensure_model_import",
    "ensure_setting",
    "ensure_workflow_job",
    "ensure_yaml_item",
    "ensure_yaml_key",
    "find_alembic",
    "find_router_home",
    "include_router",
    "model_registration",
    "new_router_path",
    "plan_migration",
    "plan_router_include",
    "prints_to_logs",
    "settings_env_prefix",
]
