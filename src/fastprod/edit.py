"""Edits to the user's existing Python files, for recipes.

Every helper here is a pure function from a module's text (plus what it needs) to
its new text. Each one means "make sure this is present": when it already is, the
helper returns the very same string, so a recipe run twice changes nothing.

The helpers:

* :func:`ensure_import`: ``import x`` / ``from x import y`` / ``from .x import y``.
* :func:`add_app_statement`: any statement configuring the app, ``{app}`` standing
  for the app object (module-level app, or inside the ``create_app()`` factory).
* :func:`add_middleware`, :func:`add_exception_handler`, :func:`include_router`:
  the usual registrations, skipped when the module already registers the same
  class, exception or router, with whatever options.
* :func:`ensure_app_argument`: a keyword argument of ``FastAPI(...)`` itself.
* :func:`add_settings_field`: a field of the ``BaseSettings`` class.

Manifests (``pyproject.toml``, ``requirements.txt``) are edited by
:mod:`fastprod.manifest`.

Rules they all share:

* Snippets are parsed with libcst and inserted as nodes, never spliced as text.
  Inserted code takes the module's indentation, newlines (CRLF stays CRLF, tabs
  stay tabs) and, for one-line strings, its quote style.
* A module that does not parse raises :class:`fastprod.ProjectError` naming
  ``path:line``; pass ``path`` (relative to the project root) for that message.
* Code arguments (``statement``, ``middleware``, option values) are Python source;
  plain data (``prefix``, ``tags``) is given as Python values.
* The app's module is ``project.app.path``; when the app comes from a factory
  defined elsewhere, the factory's module (``project.app.factory_path``) is the
  one to edit with the app helpers.
* Imports are separate: a helper that inserts ``register_error_handlers(app)``
  does not import ``register_error_handlers``; call :func:`ensure_import` too.

Typical use in a recipe's ``plan``::

    app = project.app
    text = project.read_text(app.path)
    text = edit.ensure_import(text, "errors", "register_error_handlers", relative=1,
                              path=str(app.path))
    text = edit.add_app_statement(text, app, "register_error_handlers({app})",
                                  path=str(app.path))
"""

from __future__ import annotations

from ._edit_app import add_app_statement, ensure_app_argument
from ._edit_imports import ensure_import
from ._edit_register import add_exception_handler, add_middleware, include_router
from ._edit_settings import add_settings_field

__all__ = [
    "add_app_statement",
    "add_exception_handler",
    "add_middleware",
    "add_settings_field",
    "ensure_app_argument",
    "ensure_import",
    "include_router",
]
