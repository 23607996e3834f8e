"""Defects that lose data or leak it, each found on the line it is about.

Each reading returns :class:`Defect` values (a location and what is wrong
there); the health check and the security review turn them into findings with
their own rule ids.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastprod.project._model._facts import ClassDef, ClassField, DepRef, Location, ModuleFacts, Role
from fastprod.scorecards import _fixes
from fastprod.scorecards._derive import Derived
from fastprod.scorecards._model import ISSUE_RULES, Issue

_DATABASE_URL_NAME = re.compile(
    r"^(sqlalchemy_)?(database|db)_?(url|uri|dsn)$|^sqlalchemy_database_ur[il]$", re.I
)
_DATABASE_VARIABLE = re.compile(r"DATABASE|(^|_)DB(_|$)|POSTGRES|MYSQL|SQL", re.I)
_CONNECTION_NAME = re.compile(r"url|uri|dsn|conn", re.I)
_PASSWORD_NAME = re.compile(r"(^|_)(pass|passwd|password|pwd)$", re.I)
_DEVELOPMENT = frozenset({"development", "dev", "local", "test", "testing"})


@dataclass(frozen=True, slots=True)
class Defect:
    """What is wrong, and the line it is wrong on."""

    loc: Location
    text: str


_FIXES = {
    "database.late_commit": (
        "commit in the service or repository (map IntegrityError to a 409), or declare the "
        'session Depends(get_db, scope="function") so that it ends before the response'
    ),
    "database.sqlite_default": (
        "give the database URL no default outside development: a startup error that names it"
    ),
    "testing.app_database": (
        "run the tests on their own TEST_DATABASE_URL, refuse a database whose name is not a "
        "test database's, and build the schema with the migrations"
    ),
    "starlette_debug": (
        "never pass an environment flag to debug=; leave Starlette's debug off outside development"
    ),
    "open_openapi": "pass openapi_url=None wherever docs_url is None",
    "password_in_code": (
        "give the setting no default (a SecretStr read from the environment); keep the "
        "password out of the code"
    ),
}
_RULES = {rule: (title, level) for rule, title, level in ISSUE_RULES}


def issues_of(rule: str, defects: list[Defect]) -> list[Issue]:
    """The defects as issues of rule ``rule``, each with the rule's title, level and fix."""
    title, level = _RULES[rule]
    fix = _fixes.plain(_FIXES[rule])
    return [Issue(rule, title, level, defect.text, defect.loc, fix) for defect in defects]


def _at(module: ModuleFacts, node: ast.AST) -> Location:
    return Location(module.path, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)


# ------------------------------------------------------------- unit of work


def late_commits(d: Derived) -> list[Defect]:
    """Session dependencies that commit after ``yield``: after the response is sent."""
    late = [f for _, f in d.index.app_items("late_committers")]
    refs = _dependency_refs(d) if late else []
    found = []
    for func in late:
        uses = [ref for ref in refs if ref.target == func.name]
        if not uses or all(ref.early for ref in uses):
            continue
        text = (
            f"{func.name}() finishes the unit of work after its yield: FastAPI runs that code "
            "after the response is sent, so a write that fails (a duplicate key) was already "
            "answered as a success"
        )
        found += [Defect(loc, text) for loc in func.late_commits]
    return sorted(found, key=lambda f: f.loc)


def _dependency_refs(d: Derived) -> list[DepRef]:
    refs = [ref for view in d.routes.views for ref in view.deps]
    refs += [ref for _, f in d.index.app_items("functions") for ref in f.depends]
    refs += [ref for deps in d.index.aliases.values() for ref in deps]
    return refs


# ------------------------------------------------------------ test database


def test_database_resets(d: Derived) -> list[Defect]:
    """Tests that read the app's own database variable and create or drop tables."""
    tests = [m for m in d.index.modules if m.role is Role.TEST]
    resets = sorted(loc for m in tests for loc in m.schema_resets)
    if not resets:
        return []
    own = _app_variables(d)
    found = []
    for module in tests:
        for variable, loc in module.env_reads:
            if variable.upper() in own and "TEST" not in variable.upper():
                text = (
                    f"the tests run on ${variable}, the database the app itself uses, and "
                    f"create or drop its tables ({resets[0]})"
                )
                found.append(Defect(loc, text))
    return sorted(found, key=lambda f: f.loc)


def _app_variables(d: Derived) -> set[str]:
    names = {name.upper() for name in d.index.settings_fields if _DATABASE_VARIABLE.search(name)}
    for module in d.index.app_modules:
        for expr in module.constants.values():
            for node in ast.walk(expr):
                value = node.value if isinstance(node, ast.Constant) else None
                if isinstance(value, str) and value.isupper() and _DATABASE_VARIABLE.search(value):
                    names.add(value)
    return names


# ---------------------------------------------------------- SQLite default


def sqlite_defaults(d: Derived) -> list[Defect]:
    """A database URL setting that falls back to SQLite with nothing requiring it elsewhere."""
    found = []
    for name, cls, field, module in _settings(d):
        if not _DATABASE_URL_NAME.search(name) or field.value is None:
            continue
        value = d.index.fold(field.value, module).value
        if isinstance(value, str) and value.startswith("sqlite") and not _required(d, cls, name):
            text = (
                f"{cls.name}.{name} defaults to {value!r} and nothing requires "
                f"{name.upper()} outside development: a server started without it runs on "
                "SQLite instead of stopping"
            )
            found.append(Defect(field.loc, text))
    return sorted(found, key=lambda f: f.loc)


def _settings(d: Derived) -> Iterator[tuple[str, ClassDef, ClassField, ModuleFacts]]:
    for name, fields in sorted(d.index.settings_fields.items()):
        for cls, field in fields:
            module = d.index.module(cls.module)
            if module is not None:
                yield name, cls, field, module


def _required(d: Derived, cls: ClassDef, name: str) -> bool:
    # Another settings class (production's) that declares the field without a default.
    if any(field.value is None for _, field in d.index.settings_fields.get(name, [])):
        return True
    # A validator of the settings class that reads the field and refuses a value.
    methods = [f for fs in d.index.functions.values() for f in fs if f.owner == cls.name]
    return any(f.module == cls.module and f.raises and name in f.reads for f in methods)


# ------------------------------------------------------------ debug flag


def debug_flags(d: Derived) -> list[Defect]:
    """``FastAPI(debug=...)`` / ``Starlette(debug=...)`` on, or taken from a setting."""
    found = []
    for module in d.index.app_modules:
        for expr, loc in module.debug_flags:
            text = _debug_text(d, module, expr)
            if text:
                found.append(Defect(loc, text))
    return sorted(found, key=lambda f: f.loc)


def _debug_text(d: Derived, module: ModuleFacts, expr: ast.expr) -> str:
    if _development_only(expr):
        return ""
    folded = d.index.fold(expr, module)
    shown = ast.unparse(expr)
    if not folded.via and folded.value is True:
        return (
            f"debug={shown}: Starlette answers every unhandled error with a traceback page, "
            "past the error handlers"
        )
    if not folded.via and folded.value in (False, None) and isinstance(expr, ast.Constant):
        return ""
    return (
        f"debug={shown} takes Starlette's debug flag from a setting or the environment: "
        "wherever it is on, "
        "errors are answered with a traceback page (settings and secrets in it), past the "
        "error handlers"
    )


def _development_only(expr: ast.expr) -> bool:
    for node in ast.walk(expr):
        if not isinstance(node, ast.Compare):
            continue
        if not all(isinstance(op, ast.Eq | ast.In) for op in node.ops):
            continue
        for side in (node.left, *node.comparators):
            if _names_development(side):
                return True
    return False


def _names_development(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value.lower() in _DEVELOPMENT
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return bool(node.elts) and all(_names_development(e) for e in node.elts)
    return False


# --------------------------------------------------------------- OpenAPI


def open_openapi(d: Derived) -> list[Defect]:
    """``docs_url=None`` (in production or always) while ``/openapi.json`` stays served."""
    found = []
    for module, app in d.index.apps():
        docs = app.keywords.get("docs_url")
        schema = app.keywords.get("openapi_url")
        if docs is None or "**" in app.keywords or not _may_be_none(docs):
            continue
        if schema is not None and not isinstance(schema, ast.Constant):
            continue
        if schema is not None and _may_be_none(schema):
            continue
        text = (
            f"docs_url={ast.unparse(docs)} hides /docs, but openapi_url is left: "
            "/openapi.json still serves the whole schema wherever /docs is hidden"
        )
        found.append(Defect(_at(module, docs), text))
    return sorted(found, key=lambda f: f.loc)


def _may_be_none(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return node.value is None
    if isinstance(node, ast.IfExp):
        return _may_be_none(node.body) or _may_be_none(node.orelse)
    if isinstance(node, ast.BoolOp):
        return any(_may_be_none(v) for v in node.values)
    return False


# ------------------------------------------------------------- passwords


def passwords_in_code(d: Derived) -> list[Defect]:
    """A password written into a settings default: in a URL, or a password field's value.

    Module-level constants of the application (``DATABASE_URL = os.getenv(..., "...")``)
    are settings too.
    """
    found = _constant_passwords(d)
    for name, cls, field, module in _settings(d):
        if field.value is None:
            continue
        value = d.index.fold(field.value, module).value
        if not isinstance(value, str) or not value:
            continue
        where = f"{cls.name}.{name}"
        shown = _url_with_password(value)
        if shown is not None:
            text = f"{where} has a password written into its default ({shown})"
            found.append(Defect(field.loc, text))
        elif _PASSWORD_NAME.search(name) and not value.startswith("$"):
            found.append(Defect(field.loc, f"{where} defaults to a password written in code"))
    return sorted(found, key=lambda f: f.loc)


def _constant_passwords(d: Derived) -> list[Defect]:
    found = []
    for module in d.index.app_modules:
        for name, expr in sorted(module.constants.items()):
            if not _CONNECTION_NAME.search(name):
                continue
            loc = module.constant_locs.get(name)
            value = d.index.fold(expr, module).value
            shown = _url_with_password(value) if isinstance(value, str) else None
            if shown is not None and loc is not None:
                found.append(Defect(loc, f"{name} has a password written into it ({shown})"))
    return found


def _url_with_password(value: str) -> str | None:
    if "://" not in value or value.startswith("sqlite"):
        return None
    try:
        parts = urlsplit(value)
        password = parts.password
        host = parts.hostname or ""
    except ValueError:
        return None
    if not password or password.startswith(("$", "{")):
        return None
    return f"{parts.scheme}://{parts.username or ''}:***@{host}"
