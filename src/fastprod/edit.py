"""Edits to the user's existing Python files, for recipes.

Every helper here is a pure function from a module's text (plus what it needs) to
its new text. Each one means "make sure this is present": when it already is, the
helper returns the very same string, so a recipe run twice changes nothing.

Rules they all share:

* Snippets are parsed with libcst and inserted as nodes, never spliced as text.
  Inserted code takes the module's indentation, newlines (CRLF stays CRLF, tabs
  stay tabs) and, for one-line strings, its quote style.
* A module that does not parse raises :class:`fastprod.ProjectError` naming
  ``path:line``; pass ``path`` (relative to the project root) for that message.
* Code arguments (``statement``, ``middleware``, option values) are Python source;
  plain data (``prefix``, ``tags``) is given as Python values.
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

from ._edit_app import add_app_statement
from ._edit_imports import ensure_import

__all__ = [
    "add_app_statement",
    "ensure_import",
]
