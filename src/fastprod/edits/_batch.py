"""Several edits of one module: parse once, apply every queued edit, render once."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import libcst as cst

from fastprod.edits._alembic import model_import_into
from fastprod.edits._app import app_argument_into, app_statement_into
from fastprod.edits._common import BOM, DEFAULT_PATH, parse_module, quote_counted_once
from fastprod.edits._config import Setting, setting_into
from fastprod.edits._imports import import_into
from fastprod.edits._lifespan import lifespan_step_into
from fastprod.edits._register import exception_handler_into, middleware_into, router_into
from fastprod.edits._settings import settings_field_into
from fastprod.project._project import AppLocation

#: A change of a parsed module that returns the very tree it got when it has nothing to do.
TreeEdit = Callable[[cst.Module], cst.Module]


class Edits:
    """A module's text and the edits queued on it, applied on one parse.

    Each method queues one "make sure it is present" edit and returns the builder,
    so edits chain; :meth:`text` parses the module once, applies them in order
    and renders once::

        text = (
            Edits(project.read_text(app.edit_path), path=str(app.edit_path))
            .ensure_import("starlette.middleware.cors", "CORSMiddleware")
            .add_middleware(app, "CORSMiddleware", allow_origins="settings.cors_origins")
            .text()
        )

    When no edit changes anything, :meth:`text` returns the original string
    itself. A leading byte order mark is kept.
    """

    def __init__(
        self, source: str, *, path: str = DEFAULT_PATH, first_party: Collection[str] = ()
    ) -> None:
        """Start from ``source``, the module's text.

        Args:
            source: The module's text.
            path: Its path, for error messages.
            first_party: The project's own top-level packages (``{"app"}``), used by
                every :meth:`ensure_import` that does not give its own.
        """
        self.source = source
        self.path = path
        self.first_party = tuple(first_party)
        self._edits: list[TreeEdit] = []

    def apply(self, edit: TreeEdit) -> Edits:
        """Queue any tree edit (a function of a ``libcst.Module``)."""
        self._edits.append(edit)
        return self

    def text(self) -> str:
        """Apply the queued edits to one parse of the module and render the result.

        Raises:
            ProjectError: The module is not valid Python.
        """
        if not self._edits:
            return self.source
        bom = BOM if self.source.startswith(BOM) else ""
        original = parse_module(self.source[len(bom) :], self.path)
        tree = original
        with quote_counted_once(original):
            for edit in self._edits:
                tree = edit(tree)
        return self.source if tree is original else bom + tree.code

    def ensure_import(
        self,
        module: str,
        name: str | None = None,
        *,
        alias: str | None = None,
        relative: int = 0,
        first_party: Collection[str] | None = None,
    ) -> Edits:
        """Queue :func:`fastprod.edit.ensure_import` (``first_party``: the builder's by default)."""
        own = self.first_party if first_party is None else first_party
        return self.apply(
            lambda tree: import_into(
                tree, module, name, alias=alias, relative=relative, first_party=own
            )
        )

    def add_app_statement(
        self,
        app: AppLocation,
        statement: str,
        *,
        before_app: bool = False,
        after_app: bool = False,
    ) -> Edits:
        """Queue :func:`fastprod.edit.add_app_statement`."""
        return self.apply(
            lambda tree: app_statement_into(tree, app, statement, self.path, before_app, after_app)
        )

    def ensure_app_argument(self, app: AppLocation, name: str, value: str) -> Edits:
        """Queue :func:`fastprod.edit.ensure_app_argument`."""
        return self.apply(lambda tree: app_argument_into(tree, app, name, value, self.path))

    def add_middleware(
        self, app: AppLocation, middleware: str, /, *, layer: str | None = None, **options: str
    ) -> Edits:
        """Queue :func:`fastprod.edit.add_middleware`."""
        return self.apply(
            lambda tree: middleware_into(tree, app, middleware, layer, self.path, options)
        )

    def add_exception_handler(self, app: AppLocation, exc: str, handler: str) -> Edits:
        """Queue :func:`fastprod.edit.add_exception_handler`."""
        return self.apply(lambda tree: exception_handler_into(tree, app, exc, handler, self.path))

    def include_router(
        self,
        app: AppLocation,
        router: str,
        *,
        prefix: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> Edits:
        """Queue :func:`fastprod.edit.include_router`."""
        return self.apply(
            lambda tree: router_into(tree, app, router, prefix=prefix, tags=tags, path=self.path)
        )

    def ensure_lifespan_step(self, app: AppLocation, step: str) -> Edits:
        """Queue :func:`fastprod.edit.ensure_lifespan_step`."""
        return self.apply(lambda tree: lifespan_step_into(tree, app, step, self.path))

    def add_settings_field(
        self, class_name: str, name: str, annotation: str, default: str | None = None
    ) -> Edits:
        """Queue :func:`fastprod.edit.add_settings_field`."""
        return self.apply(
            lambda tree: settings_field_into(tree, class_name, name, annotation, default, self.path)
        )

    def ensure_setting(self, class_name: str, setting: Setting) -> Edits:
        """Queue :func:`fastprod.edit.ensure_setting`."""
        return self.apply(lambda tree: setting_into(tree, class_name, setting, self.path))

    def ensure_model_import(self, module: str) -> Edits:
        """Queue :func:`fastprod.edit.ensure_model_import`."""
        return self.apply(lambda tree: model_import_into(tree, module))
