"""Write async httpx tests for a feature's endpoints, read from the routes, never imported.

For each endpoint of the target: a happy path, then what it must refuse: 404
for an unknown id, 422 from its parameters' and body's constraints (a missing
field, a string too long or empty, a number out of range, a wrong type), 401
without a token where it depends on one. Test data comes from the constraints,
the same on every run. Each test is named after its endpoint's handler, so a
second run adds only the tests of new endpoints, to the same file, in the folder
the project's pytest collects, importing the project as its own tests do. The
``client`` fixture is the project's when it has one (a sync TestClient gets sync
tests); otherwise it is added to ``conftest.py``, on a throwaway SQLite database
when the app has a session dependency. Target ``api``: every group of routes no
test calls yet.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from fastprod.recipe import (
    ChangeSet,
    FieldReading,
    FileChange,
    ModelReading,
    OrmModel,
    Project,
    Recipe,
    RecipeError,
    RoleCheck,
    RouteReading,
    ensure_definitions,
    features_own_tests,
    first_party,
    is_test_module,
    pytest_paths,
    render,
    singular,
    tests_home,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Router modules named for what they are, not for their feature: the folder names it.
GENERIC_MODULES = frozenset(
    {"router", "routers", "routes", "api", "views", "endpoints", "handlers", "__init__"}
)
APP_MODULES = frozenset({"main", "app", "application", "server", "asgi"})
# A version segment of a path (``v1``, ``v2.1``): the feature is named after it.
VERSION = re.compile(r"v\d+(\.\d+)*")
# Dependency kinds a bearer token satisfies; the test sends none and expects 401.
TOKEN_KINDS = frozenset({"jwt", "scheme"})
CREDENTIAL_KINDS = frozenset({"jwt", "scheme", "apikey", "header", "basic", "manual"})
LOOKUPS = frozenset({"GET", "PATCH", "DELETE"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# The largest id a 32-bit integer column holds: no test creates that many rows.
UNKNOWN_INT = 2_147_483_647
LINE_LENGTH = 88
SAMPLES = {
    "bool": "True",
    "float": "1.5",
    "date": '"2099-01-31"',
    "datetime": '"2099-01-31T12:30:00Z"',
    "UUID": '"0b6f1a52-5e0c-4d57-9a43-0f2a8c3e9d11"',
    "EmailStr": '"ada@example.com"',
    "list": "[]",
    "dict": "{}",
}
# Made-up texts tried in order until one fits a field's length and pattern.
TEXTS = ("1", "12345", "abc", "ABC", "Abc 1", "a", "A1", "ada@example.com", "2026-01-31")
UNKNOWN_TEXTS = ("zzzz", "ZZZZ", "9999", "zz-99")
# Texts tried in order for one a field's pattern refuses, at an allowed length.
OFF_PATTERN = ("Not valid!", "a\x00b", "!!!!", "abcd", "ABCD", "0000", "-", " ")
WRONG_TYPES = {
    "str": "[]",
    "int": '"many"',
    "float": '"many"',
    "Decimal": '"many"',
    "bool": '"maybe"',
    "date": '"2026-02-30"',
    "datetime": '"not a time"',
    "UUID": '"not-a-uuid"',
    "EmailStr": '"not an email"',
    "list": '"text"',
    "dict": "[]",
}


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of ``write_tests``.

    Attributes:
        target: The feature to test (``invoices``), or ``api`` for every
            group of routes that has no tests yet.
    """

    target: str = ""


@dataclass(slots=True)
class Endpoint:
    """One route and the tests planned for it."""

    route: RouteReading
    name: str
    lines: list[str] = field(default_factory=list)
    happy: int = 0
    sad: int = 0
    # Unique fields of its body: the form of a value no other item holds (``{value}{serial}``).
    unique: dict[str, str] = field(default_factory=dict)
    # What its tests import from the project: ``(module, name)``.
    imports: set[tuple[str, str]] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    # The signed-in caller its tests stand in for, as Python source, if any.
    caller: str = ""


def plan(params: Params, project: Project) -> ChangeSet:
    """Plan the tests of the target's endpoints, and the fixtures they need."""
    target = params.target.strip().lower()
    groups = _groups(project)
    layout = _TestLayout(project)
    tests_dir = layout.tests_dir
    if target == "api":
        chosen = {n: r for n, r in groups.items() if not _tested(project, tests_dir, n, r)}
    else:
        chosen = _chosen(project, groups, target)
        if not chosen:
            found = ", ".join(sorted(groups)) or "none"
            tags = ", ".join(sorted(_tagged(project))) or "none"
            raise RecipeError(
                f"the project has no feature named '{target}' (its routes, by feature: "
                f"{found}; by tag: {tags}): nothing was written"
            )
    fixtures = _Fixtures(project, layout)
    if not chosen:
        # Its own client fixture still gains the test database the project now has.
        upgraded = [fixtures._conftest()] if fixtures.upgrade else []
        said = "every group of routes already has tests: nothing to add"
        return ChangeSet(tuple(upgraded), (*fixtures.messages, said))
    changes: list[FileChange] = list(fixtures.changes())
    messages: list[str] = list(fixtures.messages)
    for name, routes in sorted(chosen.items()):
        change, notes = _test_file(project, tests_dir, name, routes, fixtures)
        if change is not None:
            changes.append(change)
        messages += notes
    if not any(c.path.name.endswith("_api.py") for c in changes):
        raise RecipeError(
            f"no test could be written for {target}: {'; '.join(messages)}; nothing was written"
        )
    return ChangeSet(tuple(changes), tuple(messages))


# --------------------------------------------------------------------------- features


def _groups(project: Project) -> dict[str, list[RouteReading]]:
    """The project's routes by feature: the folder or module they are written in."""
    groups: dict[str, list[RouteReading]] = {}
    for route in project.readings.routes:
        groups.setdefault(_feature(project, route), []).append(route)
    return groups


def _chosen(
    project: Project, groups: dict[str, list[RouteReading]], target: str
) -> dict[str, list[RouteReading]]:
    """The routes of the feature named ``target``, as written or in the singular or plural
    (``articles`` finds ``article``): a feature first, else the routes of a tag."""
    wanted = _snake(target)
    # Auth's feature goes by several names: "auth" finds app/authentication/.
    names = _AUTH_NAMES if wanted in _AUTH_NAMES else (wanted,)
    for named in (groups, _tagged(project)):
        for inflected in (False, True):
            for name in names:
                chosen = {
                    n: r
                    for n, r in named.items()
                    if n == name or (inflected and singular(n) == singular(name))
                }
                if chosen:
                    return chosen
    return {}


_AUTH_NAMES = ("auth", "authentication", "authn", "login")


def _tagged(project: Project) -> dict[str, list[RouteReading]]:
    """The project's routes by their tags (``tags=["Products"]`` names ``products``)."""
    found: dict[str, list[RouteReading]] = {}
    for route in project.readings.routes:
        for tag in route.tags:
            if _snake(tag):
                found.setdefault(_snake(tag), []).append(route)
    return found


def _feature(project: Project, route: RouteReading) -> str:
    path = PurePosixPath(route.handler.path)
    name = path.parent.name if path.stem in GENERIC_MODULES else path.stem
    if path.stem in APP_MODULES or path == project.app.path:
        segment = _first_segment(route.path)
        name = segment or path.stem
    return _snake(name) or "app"


def _first_segment(path: str) -> str:
    """The first segment that names something: ``products`` in ``/api/v1/products/{id}``."""
    segments = [s for s in path.split("/") if s and "{" not in s]
    while len(segments) > 1 and (segments[0] == "api" or VERSION.fullmatch(segments[0])):
        segments = segments[1:]
    return segments[0] if segments else ""


def _snake(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


def _tested(
    project: Project, tests_dir: PurePosixPath, name: str, routes: list[RouteReading]
) -> bool:
    """True when a test module other than the one written here calls one of the routes.

    The modules recipes write to test the feature they add (the logging's, the
    error envelope's) call routes to test that feature: they do not count.
    """
    ours = tests_dir / f"test_{name}_api.py"
    patterns = {_called(route.path) for route in routes} - {None}
    if not patterns:
        return False
    called = re.compile("|".join(sorted(p for p in patterns if p)))
    features = features_own_tests()
    for path in project.python_files:
        if path == ours or not path.name.startswith("test_") or path.name in features:
            continue
        if called.search(project.read_text(path) or ""):
            return True
    return False


def _called(path: str) -> str | None:
    """A pattern for a quoted URL that calls ``path``: one that starts with its
    fixed part and, where that part ends a segment, goes no further into it
    ("/items" is called by "/items/3" and "/items?page=2", not by "/itemsets";
    "/" only by "/" itself, since every URL starts with it)."""
    fixed = path.split("{", 1)[0]
    if not fixed:
        return None
    if fixed != path and not fixed.endswith("/"):
        # A parameter inside a segment ("/files-{name}"): any rest of it calls it.
        return rf"""["']{re.escape(fixed)}"""
    stem = fixed.rstrip("/")
    if not stem:
        return r"""["']/(?=["'?#])"""
    return rf"""["']{re.escape(stem)}(?=["'/?#{{]|$)"""


# --------------------------------------------------------------------------- the project's pytest

_ROOT = PurePosixPath(".")


class _TestLayout:
    """Where the project's pytest looks for tests, and how its tests import the project.

    The folder is the one pytest collects: the project's tests folder when its
    ``testpaths`` (if any) hold it, else the folder under those paths (or, with
    none, anywhere) whose ``conftest.py`` or test modules are the shallowest.
    Modules are named from the directories the tests import from: pytest's
    ``pythonpath``, then the roots that resolve the existing tests' own imports,
    then the app's import root, so what is written imports as theirs do.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self.testpaths, self.pythonpath = pytest_paths(project)
        self.home = tests_home(project)
        self.tests_dir = self.home.folder
        self.roots = self._roots()

    def _roots(self) -> list[PurePosixPath]:
        app = self.project.app
        candidates = [*self.pythonpath, _ROOT, PurePosixPath("src"), app.import_root]
        used: list[PurePosixPath] = []
        for module in self._imported_modules():
            root = next((r for r in candidates if self._resolves(r, module)), None)
            if root is not None and root not in used:
                used.append(root)
        return list(dict.fromkeys([*self.pythonpath, *used, app.import_root, _ROOT]))

    def _imported_modules(self) -> list[str]:
        """The modules the existing tests import by absolute name, in file order."""
        found: list[str] = []
        for path in self.project.python_files:
            if not (path.is_relative_to(self.tests_dir) and is_test_module(path)):
                continue
            try:
                tree = self.project.tree(path)
            except SyntaxError:
                continue
            for node in ast.walk(tree) if tree is not None else ():
                if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.append(node.module)
                elif isinstance(node, ast.Import):
                    found += [alias.name for alias in node.names]
        return found

    def _resolves(self, root: PurePosixPath, module: str) -> bool:
        base = root.joinpath(*module.split("."))
        return any(
            path == base.with_suffix(".py") or path.is_relative_to(base)
            for path in self.project.python_files
        )

    def module(self, qualified: str) -> str:
        """The name the tests import a project module by (``qualified`` as the model reads it)."""
        path = self._path_of(qualified)
        if path is None:
            return qualified
        for root in self.roots:
            if path.is_relative_to(root):
                parts = path.relative_to(root).with_suffix("").parts
                return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        return qualified

    def _path_of(self, module: str) -> PurePosixPath | None:
        for path in self.project.python_files:
            if self.project.module_name(path)[0] == module:
                return path
        return None


# --------------------------------------------------------------------------- fixtures


class _Fixtures:
    """The ``client`` fixture the tests use: the project's, or one added to conftest.py."""

    def __init__(self, project: Project, layout: _TestLayout) -> None:
        self.project = project
        self.layout = layout
        self.tests_dir = layout.tests_dir
        self.conftest = self.tests_dir / "conftest.py"
        self.messages: list[str] = []
        self.auto = _asyncio_auto(project)
        kind = _client_kind(project, self.conftest)
        # The client fixture this recipe wrote before the project had a database
        # layer: it would call the app on the app's own database, so it is
        # written again, on a test database.
        self.upgrade = kind == "async" and self._ours_without_database()
        self.has_client = kind is not None and not self.upgrade
        # The project's client is a TestClient: the tests are written as its tests are, sync.
        self.sync = kind in {"sync", "module"}
        # Its TestClient is no fixture: one named ``client`` hands it to the tests.
        self.module_client = kind == "module"
        # The project's conftest gives the app its client calls (new_project's does).
        self.app_fixture = self.has_client and "def app(" in (
            project.read_text(self.conftest) or ""
        )

    def changes(self) -> list[FileChange]:
        found: list[FileChange] = []
        if not self.has_client:
            found.append(self._conftest())
            # A package: pytest puts the project root on sys.path, the app imports.
            found += self.layout.home.started
        elif self.module_client:
            found.append(self._client_as_fixture())
        elif self.sync:
            self.messages.append(
                f"the tests use the client fixture of {self.conftest}, a sync TestClient: "
                "they are written as sync tests, on the database that fixture sets up"
            )
        else:
            self.messages.append(f"the tests use the client fixture of {self.conftest}")
        return found

    def _conftest(self) -> FileChange:
        project = self.project
        snippet = self._rendered(with_database=True)
        before = project.read_text(self.conftest)
        if self.upgrade and before is not None:
            if before == self._rendered(with_database=False):
                after = snippet
            else:
                after = _merged(_without_client(before), snippet, project)
            self.messages.append(
                f"{self.conftest}: its client fixture, written by fastprod before the project "
                "had a database, now calls the app on the test database"
            )
        else:
            after = _merged(before, snippet, project)
        self.messages.append(f"{self.conftest}: the client fixture the tests call the app with")
        return FileChange(self.conftest, before, after)

    def _ours_without_database(self) -> bool:
        """The conftest's ``client`` is the one rendered here for a project without a
        database, and the project has one now."""
        layer = self.project.readings.db_layer
        if layer is None or not layer.session_dependency or not layer.base:
            return False
        text = self.project.read_text(self.conftest) or ""
        return _client_source(text) == _client_source(self._rendered(with_database=False))

    def _rendered(self, *, with_database: bool) -> str:
        """The conftest this recipe writes, with or without the project's database."""
        project, app = self.project, self.project.app
        layer = project.readings.db_layer if with_database else None
        context: dict[str, Any] = {
            "app_module": app.module,
            "app_attr": app.attr,
            "anyio": not self.auto,
            "database": None,
        }
        if layer is not None and layer.session_dependency and layer.base:
            dependency = self._importable(layer.session_dependency.qualified)
            base = self._importable(layer.base.qualified)
            context["database"] = {
                "is_async": layer.is_async,
                "dependency_module": dependency.rpartition(".")[0],
                "dependency": dependency.rpartition(".")[2],
                "base_module": base.rpartition(".")[0],
                "base": base.rpartition(".")[2],
            }
            said = (
                f"the tests run on an in-memory SQLite database: {dependency} is "
                "overridden in the client fixture"
            )
            if said not in self.messages:
                self.messages.append(said)
        imports: dict[str, set[str]] = {self.layout.module(app.module): {app.attr}}
        if context["database"] is not None:
            db = context["database"]
            imports.setdefault(db["base_module"], set()).add(db["base"])
            imports.setdefault(db["dependency_module"], set()).add(db["dependency"])
        context["own_imports"] = [
            f"from {module} import {', '.join(sorted(names))}"
            for module, names in sorted(imports.items())
        ]
        return render(TEMPLATES, "tests/conftest.py.jinja", context)

    def _client_as_fixture(self) -> FileChange:
        before = self.project.read_text(self.conftest) or ""
        snippet = render(TEMPLATES, "tests/client_fixture.py.jinja", {})
        self.messages.append(
            f"{self.conftest}: its TestClient, made at the top of the module, is handed to "
            "the tests by a client fixture: they are written as sync tests, on the database "
            "it sets up"
        )
        return FileChange(self.conftest, before, _merged(before, snippet, self.project))

    def _importable(self, qualified: str) -> str:
        """``module.name`` with the module named as the project's tests import it."""
        module, _, name = qualified.rpartition(".")
        return f"{self.layout.module(module)}.{name}"


def _client_node(text: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "client":
            return node
    return None


def _client_source(text: str) -> str | None:
    """The ``client`` fixture of a conftest, decorators included, as code."""
    node = _client_node(text)
    return None if node is None else ast.unparse(node)


def _without_client(text: str) -> str:
    """``text`` without its ``client`` fixture (decorators and the blank lines before)."""
    node = _client_node(text)
    if node is None or node.end_lineno is None:
        return text
    lines = text.splitlines(keepends=True)
    start = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
    while start > 0 and not lines[start - 1].strip():
        start -= 1
    return "".join(lines[:start] + lines[node.end_lineno :])


def _asyncio_auto(project: Project) -> bool:
    """pytest-asyncio runs every async test on its own (``asyncio_mode = "auto"``)."""
    for name in ("pyproject.toml", "pytest.ini", "setup.cfg", "tox.ini"):
        text = project.read_text(name) or ""
        if re.search(r"""asyncio_mode\s*=\s*["']?auto""", text):
            return True
    return False


def _is_module_client(node: ast.stmt) -> bool:
    """``client = TestClient(app)`` at the top of the module."""
    if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Call):
        return False
    names = [t.id for t in node.targets if isinstance(t, ast.Name)]
    return names == ["client"] and ast.unparse(node.value.func).endswith("TestClient")


def _client_kind(project: Project, conftest: PurePosixPath) -> str | None:
    """The kind of the conftest's ``client``: ``async`` (a fixture of an httpx
    AsyncClient), ``sync`` (a fixture of a TestClient), ``module`` (a TestClient made
    at the top of the module, not a fixture), or ``None`` when it has none."""
    try:
        tree = project.tree(conftest)
    except SyntaxError:
        return None
    for node in tree.body if tree is not None else ():
        if _is_module_client(node):
            return "module"
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "client":
            text = ast.unparse(node)
            if "TestClient" in text and isinstance(node, ast.FunctionDef):
                return "sync"
            if "AsyncClient" in text or isinstance(node, ast.AsyncFunctionDef):
                return "async"
    return None


# --------------------------------------------------------------------------- test files


def _test_file(
    project: Project,
    tests_dir: PurePosixPath,
    name: str,
    routes: list[RouteReading],
    fixtures: _Fixtures,
) -> tuple[FileChange | None, list[str]]:
    path = tests_dir / f"test_{name}_api.py"
    endpoints, notes = _endpoints(project, routes, fixtures)
    if not endpoints:
        return None, notes
    _drop_unused_makers(endpoints)
    forms = {n: form for e in endpoints for n, form in e.unique.items()}
    blocks = [block for e in endpoints for block in e.lines]
    if forms:
        blocks = _fresh_blocks(forms) + blocks
    caller = next((e.caller for e in endpoints if e.caller), "")
    if caller:
        blocks = [f"# The signed-in caller the tests stand in for\nCALLER = {caller}", *blocks]
    feature = name.replace("_", " ")
    context: dict[str, Any] = {
        "feature": feature,
        # The docstring's summary line, within the line length.
        "summary": _summary(feature),
        "anyio": not fixtures.auto and not fixtures.sync,
        "sync": fixtures.sync,
        "body": _layout(blocks, fixtures.auto or fixtures.sync),
    }
    stdlib = ["from itertools import count"] if forms else []
    if "SimpleNamespace(" in "\n".join(blocks):
        stdlib.append("from types import SimpleNamespace")
    if "Any" in "\n".join(blocks):
        stdlib.append("from typing import Any")
    context["stdlib"] = stdlib
    imported = {i for e in endpoints for i in e.imports}
    if fixtures.sync:
        imported.add(("fastapi.testclient", "TestClient"))
    third_party = {m for m in imported if m[0].partition(".")[0] == "fastapi"}
    context["third_party"] = _import_lines(third_party)
    own = {(fixtures.layout.module(m), n) for m, n in imported - third_party}
    context["own"] = _import_lines(own)
    snippet = render(TEMPLATES, "tests/test_feature_api.py.jinja", context)
    before = project.read_text(path)
    after = _merged(before, snippet, project)
    happy = sum(e.happy for e in endpoints)
    sad = sum(e.sad for e in endpoints)
    share = round(100 * sad / (happy + sad)) if happy + sad else 0
    notes.insert(
        0,
        f"{path}: {len(endpoints)} endpoints, {happy + sad} tests, {sad} of them sad paths "
        f"({share}%)",
    )
    return FileChange(path, before, after), notes


def _import_lines(imports: Iterable[tuple[str, str]]) -> list[str]:
    """``from module import a, b``, one line per module, sorted as isort sorts them."""
    by_module: dict[str, set[str]] = {}
    for module, name in imports:
        by_module.setdefault(module, set()).add(name)
    return [
        _wrap_import(module, sorted(names, key=_by_type))
        for module, names in sorted(by_module.items())
    ]


def _by_type(name: str) -> tuple[int, str]:
    """isort's order by type: constants, then classes, then the rest, each alphabetical."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name.lower()


def _wrap_import(module: str, names: list[str]) -> str:
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return line
    return f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")"


def _summary(feature: str) -> str:
    """The test module's first line: what it tests, and how when that fits on it."""
    lines = (
        f"The {feature} endpoints through the app: a happy path each, and what each refuses.",
        f"The {feature} endpoints: a happy path each, and what each refuses.",
        f"The {feature} endpoints, through the app.",
    )
    return next((line for line in lines if len(line) + 3 <= LINE_LENGTH), lines[-1])


def _layout(blocks: list[str], after_imports: bool) -> str:
    """The blocks with the blank lines ruff format and isort put between them.

    Two blank lines before a section comment and a function; one after the
    imports when the first comment follows them directly (isort's rule).
    """
    text = ""
    for index, block in enumerate(blocks):
        if block.startswith("#"):
            gap = "\n\n" if index == 0 and after_imports else "\n\n\n"
            text += f"{gap}{block}"
        elif block.startswith(("async def", "def ", "@")):
            text += f"\n\n\n{block}"
        else:
            previous = blocks[index - 1] if index else ""
            text += f"\n\n{block}" if previous.startswith("#") else f"\n{block}"
    return text


def _drop_unused_makers(endpoints: list[Endpoint]) -> None:
    """Keep a ``created_by_``/``first_of_`` function only when another test calls it."""
    blocks = [block for e in endpoints for block in e.lines]
    for endpoint in endpoints:
        kept = []
        for block in endpoint.lines:
            match = re.match(r"(?:async )?def ((?:created_by|first_of)_\w+)\(", block)
            if match and not any(f"{match.group(1)}(client)" in b for b in blocks):
                continue
            kept.append(block)
        endpoint.lines = kept


def _endpoints(
    project: Project, routes: list[RouteReading], fixtures: _Fixtures
) -> tuple[list[Endpoint], list[str]]:
    notes: list[str] = []
    endpoints = []
    caller = _caller(project, routes)
    creators = _creators(project, routes, caller)
    listers = _listers(project, routes)
    for route in routes:
        endpoint = Endpoint(route, route.handler.qualified.rpartition(".")[2])
        kinds = set(route.auth)
        if kinds & CREDENTIAL_KINDS and not kinds & TOKEN_KINDS:
            notes.append(
                f"{route.method} {route.path} needs credentials these tests cannot make "
                f"({', '.join(sorted(kinds))}): no tests written for it"
            )
            continue
        skipped = _unsupported(project, route)
        if skipped is not None:
            notes.append(f"{route.method} {route.path} {skipped}: no tests written for it")
            continue
        _Writer(
            project, endpoint, creators, listers, fixtures.app_fixture, fixtures.sync, caller
        ).write()
        notes += endpoint.notes
        if kinds & TOKEN_KINDS and not endpoint.happy:
            notes.append(
                f"{route.method} {route.path} needs a token: its tests check it is refused "
                "without one; its happy path is not written"
            )
        endpoints.append(endpoint)
    return endpoints, notes


def _unsupported(project: Project, route: RouteReading) -> str | None:
    """Why the route's tests could not pass whatever its code does, if they could not."""
    if any(p.source == "form" for p in route.params):
        return "reads a form"
    declared = {p.field.name for p in route.params if p.source == "path"}
    undeclared = [name for name in _PARAM.findall(route.path) if name not in declared]
    if undeclared:
        # FastAPI matches the path and drops the value: the handler reads something else.
        return f"names {{{undeclared[0]}}} in its path, but its function takes no such parameter"
    if "rate_limit" in route.auth:
        # Its sad paths alone would use up the limit, and the next test gets 429.
        return "is rate limited"
    model = project.readings.model(route.request_model) if route.request_model else None
    tokens = [f.name for f in model.fields if "token" in f.name] if model else []
    if tokens:
        return f"needs a valid {tokens[0]} in its body"
    fields = [*(model.fields if model else ()), *(p.field for p in route.params)]
    unmatched = [f.name for f in fields if _unmatched(f)]
    if unmatched:
        pattern = next(f for f in fields if f.name == unmatched[0]).constraint("pattern")
        return f"needs a {unmatched[0]} matching {pattern!r}, and no text tried matches it"
    return None


def _creators(
    project: Project, routes: list[RouteReading], caller: _Caller | None = None
) -> dict[str, RouteReading]:
    """The route that creates items of each collection path.

    A POST to the collection, or a PUT to an item whose body carries the item's
    path parameters (``PUT /stations/{code}`` with ``code`` in the body); one that
    needs a token when a signed-in caller can be stood in for (no role asked).
    """
    found: dict[str, RouteReading] = {}
    for route in routes:
        signed = caller is not None and caller.signs_in(route)
        if (route.auth and not signed) or not route.request_model:
            continue
        if route.method == "POST" and "{" not in route.path:
            found.setdefault(route.path.rstrip("/"), route)
        elif route.method == "PUT" and _is_upsert(project, route):
            found.setdefault(_collection(route.path), route)
    return found


@dataclass(frozen=True, slots=True)
class _Caller:
    """A signed-in caller the tests stand in for.

    Attributes:
        dependency: The project function that gives a route its user
            (``app.security.get_current_user``): what a test overrides.
        model: The class that function returns (a pydantic model).
        source: The stand-in, as Python source (``CurrentUser(id="id 1", role="customer")``).
    """

    dependency: str
    model: str
    source: str
    fields: frozenset[str] = frozenset()

    def signs_in(self, route: RouteReading) -> bool:
        """The route needs only a token this caller's dependency reads (no role)."""
        needs = set(route.auth) & TOKEN_KINDS
        return bool(needs) and route.role_check is None and self.dependency in route.dependencies


# The name of a dependency that gives a route its signed-in user.
_CURRENT_USER = re.compile(r"current_(?:active_)?user|get_user|authenticated_user|get_me|caller")


def _caller(project: Project, routes: list[RouteReading]) -> _Caller | None:
    """The caller to stand in for, when the routes' user dependency returns a
    pydantic model whose required fields can all be given a value."""
    users = {r.role_check.user for r in project.readings.routes if r.role_check}
    for route in routes:
        if not set(route.auth) & TOKEN_KINDS:
            continue
        checked = [route.role_check.user] if route.role_check is not None else []
        for dependency in [*checked, *route.dependencies]:
            named = _CURRENT_USER.search(dependency.rpartition(".")[2])
            if dependency not in users and not named:
                continue
            model = _returned_model(project, dependency)
            if model is None:
                continue
            fields = [f for f in model.fields if f.required]
            if any(f.type == "other" or f.type.startswith("model:") for f in fields):
                continue
            name = model.qualified.rpartition(".")[2]
            given = ", ".join(f"{f.name}={_sample(f)}" for f in fields)
            names = frozenset(f.name for f in model.fields)
            return _Caller(dependency, model.qualified, f"{name}({given})", names)
    return None


def _returned_model(project: Project, function: str) -> ModelReading | None:
    """The pydantic model the project function ``function`` (qualified) returns."""
    module_name, _, name = function.rpartition(".")
    index = project.readings.index
    module = index.module(module_name)
    tree = _tree(project, PurePosixPath(module.path)) if module is not None else None
    for node in tree.body if tree is not None else ():
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            returns = node.returns
            if isinstance(returns, ast.BinOp):  # ``User | None``
                returns = returns.left
            written = ast.unparse(returns) if returns is not None else ""
            qualified = index.symbols.resolve(module_name, written) if written else None
            return project.readings.model(qualified) if qualified else None
    return None


def _returned(route: RouteReading) -> str | None:
    """The model one item of the route's answer is: its return annotation's, else its
    ``response_model`` (``response_model=schemas.Book`` on an unannotated handler)."""
    return route.returns or route.response_model


def _is_upsert(project: Project, route: RouteReading) -> bool:
    """A PUT whose body holds every path parameter: it creates what it names."""
    model = project.readings.model(route.request_model) if route.request_model else None
    if route.method != "PUT" or model is None:
        return False
    fields = {f.name for f in model.fields}
    names = [p.field.name for p in route.params if p.source == "path"]
    return bool(names) and all(name in fields for name in names)


def _listers(project: Project, routes: list[RouteReading]) -> dict[str, RouteReading]:
    """The GET route that lists each collection path as a JSON list of project models."""
    found: dict[str, RouteReading] = {}
    for route in routes:
        required = any(p.field.required for p in route.params)
        if route.method == "GET" and route.returns and not route.auth and not required:
            found.setdefault(route.path.rstrip("/"), route)
    return found


class _Writer:
    """Writes the tests of one endpoint as lines of Python, into ``endpoint.lines``."""

    def __init__(
        self,
        project: Project,
        endpoint: Endpoint,
        creators: dict[str, Any],
        listers: dict[str, Any],
        app_fixture: bool = False,
        sync: bool = False,
        caller: _Caller | None = None,
    ) -> None:
        self.project = project
        self.app_fixture = app_fixture
        # Sync tests on the project's TestClient, else async ones on an httpx AsyncClient.
        self.sync = sync
        self.client = "client: TestClient" if sync else "client: AsyncClient"
        self.define = "def" if sync else "async def"
        self.awaited = "" if sync else "await "
        self.endpoint = endpoint
        self.route = endpoint.route
        self.name = endpoint.name
        self.creators = creators
        self.listers = listers
        self.caller = caller
        self.model = (
            project.readings.model(self.route.request_model) if self.route.request_model else None
        )
        self.path_params = [p.field for p in self.route.params if p.source == "path"]
        self.query_params = [p.field for p in self.route.params if p.source == "query"]
        upsert = _is_upsert(project, self.route)
        if self.model is not None and self.route.method in BODY_METHODS and not upsert:
            endpoint.unique, left = _unique_forms(project, self.model)
            for name in left:
                endpoint.notes.append(
                    f"{self.route.method} {self.route.path}: {name} is unique, but only a "
                    "text field gets a fresh value in each item made: no 409 test for it, "
                    "and on a database kept across tests its items clash"
                )

    # ------------------------------------------------------------------ layout

    def write(self) -> None:
        route = self.route
        self.endpoint.lines.append(f"# {route.method} {route.path}")
        body = self._body_constant()
        if set(route.auth) & TOKEN_KINDS:
            self._unauthorised()
            signed: tuple[str, str] | None = None
            if route.role_check is not None:
                self._forbidden(route.role_check)
                stand_in = self._with_role(route.role_check)
                signed = (route.role_check.user, stand_in) if stand_in else None
            elif self.caller is not None and self.caller.signs_in(route):
                self._signed_in(self.caller)
                signed = (self.caller.dependency, "CALLER")
            if signed is not None and self._looks_up():
                self._not_found(signed)
            return
        existing = self._existing()
        if existing is None:
            self.endpoint.notes.append(
                f"{route.method} {route.path}: no route of the feature makes the item it "
                "acts on (a POST to its collection that answers the item), and a made-up "
                "id names none: its happy path is not written"
            )
        else:
            self._happy(existing)
        if self._looks_up():
            self._not_found()
        self._invalid_path()
        self._invalid_query()
        if body is not None:
            self._missing_field()
            self._invalid_value()
            self._conflict()

    def _looks_up(self) -> bool:
        """The route acts on an item its path names: an unknown one is a 404."""
        route = self.route
        lookup = route.method in LOOKUPS or not _is_upsert(self.project, route)
        return lookup and route.method != "POST" and bool(self.path_params)

    def _signature(self, name: str, params: str) -> list[str]:
        return _signature(name, params, sync=self.sync)

    def _call(self, method: str, url: str, body: str | None, *, query: str | None = None) -> str:
        return _call(method, url, body, query=query, sync=self.sync)

    def _emit(self, text: str, *, sad: bool, count: int = 1) -> None:
        self.endpoint.lines.append("\n".join(_wrap(line) for line in text.split("\n")))
        if sad:
            self.endpoint.sad += count
        else:
            self.endpoint.happy += count

    def _constant(self, suffix: str) -> str:
        return f"{self.name.upper()}_{suffix}"

    # ------------------------------------------------------------------ data

    def _body_constant(self) -> str | None:
        if self.model is None or self.route.method not in BODY_METHODS:
            return None
        name = self._constant("BODY")
        # A change to an item made first gives its choices their second value: the
        # first is what the item was made with, and a change to the same value
        # may be refused ("from pending to pending").
        changing = self.route.method in ("PATCH", "PUT") and bool(self.path_params)
        items = [
            (f.name, _sample(f, changing=changing)) for f in self.model.fields if f.type != "other"
        ]
        self.endpoint.lines.append(f"{name}: dict[str, Any] = {_dict_literal(items, name)}")
        return name

    def _existing(self) -> tuple[list[str], dict[str, str]] | None:
        """Lines that make an item to act on, and each path parameter's expression.

        ``None`` when a path parameter can be tied neither to an item a route
        makes first nor to the body: a value made up for it names no item.
        """
        values: dict[str, str] = {}
        setup: list[str] = []
        if not self.path_params:
            return setup, values
        collection = _collection(self.route.path)
        creator = self.creators.get(collection)
        lister = self.listers.get(collection)
        source = self._source(creator, lister)
        for param in self.path_params:
            value = self._path_value(param, source)
            if value == _sample(param):
                return None
            values[param.name] = value
        if source is not None:
            setup.append(f"    existing = {self.awaited}{source[0]}(client)")
        return setup, values

    def _source(
        self, creator: RouteReading | None, lister: RouteReading | None
    ) -> tuple[str, ModelReading | None] | None:
        """The function that gives an existing item, and the model of what it returns."""
        if _is_upsert(self.project, self.route):
            return None
        returned = _returned(creator) if creator is not None else None
        if creator is not None and creator is not self.route and returned:
            maker = f"created_by_{creator.handler.qualified.rpartition('.')[2]}"
            return maker, self.project.readings.model(returned)
        if lister is not None and lister.returns:
            maker = f"first_of_{lister.handler.qualified.rpartition('.')[2]}"
            return maker, self.project.readings.model(lister.returns)
        return None

    def _path_value(
        self, param: FieldReading, source: tuple[str, ModelReading | None] | None
    ) -> str:
        if source is not None and source[1] is not None:
            names = [f.name for f in source[1].fields]
            for key in (param.name, "id"):
                if key in names and (key == param.name or param.name.endswith("id")):
                    return f"existing[{_q(key)}]"
        if self.model is not None:
            for f in self.model.fields:
                if f.name == param.name:
                    return f"{self._constant('BODY')}[{_q(param.name)}]"
        return _sample(param)

    # ------------------------------------------------------------------ tests

    def _happy(self, existing: tuple[list[str], dict[str, str]]) -> None:
        setup, values = existing
        route = self.route
        status = route.status_code or 200
        url = _url(route.path, values)
        body = self._constant("BODY") if self._has_body() else None
        required = [p for p in self.query_params if p.required]
        lines = self._signature(f"test_{self.name}_answers_{status}", f"{self.client}")
        lines += setup
        if body is not None and self.endpoint.unique:
            lines.append(f"    body = {self._fresh(body)}")
            body = "body"
        call = self._call(route.method, url, body, query=_query(required))
        lines += [f"    response = {call}", "", _status_assert(status)]
        lines += self._response_checks(body, status)
        self._makers()
        self._emit("\n".join(lines), sad=False)
        if len(required) < len(self.query_params):
            self._happy_with_query(setup, url, body, status)

    def _happy_with_query(self, setup: list[str], url: str, body: str | None, status: int) -> None:
        """The happy path again, with a valid value for each query parameter."""
        call = self._call(self.route.method, url, body, query=_query(self.query_params))
        name = f"test_{self.name}_answers_{status}_with_each_query_parameter"
        lines = [*self._signature(name, f"{self.client}"), *setup]
        lines += [f"    response = {call}", "", _status_assert(status)]
        self._emit("\n".join(lines), sad=False)

    def _has_body(self) -> bool:
        return self.model is not None and self.route.method in BODY_METHODS

    def _fresh(self, body: str) -> str:
        """``body`` as sent to make or change an item: fresh values in its unique fields."""
        return f"fresh({body})" if self.endpoint.unique else body

    def _response_checks(self, body: str | None, status: int) -> list[str]:
        if status == 204:
            return ['    assert response.content == b""']
        returned = self.route.returns or self.route.response_model
        model = self.project.readings.model(returned) if returned else None
        if model is None or self.route.method == "DELETE":
            return []
        names = [f.name for f in model.fields]
        lines = []
        if body is not None and self.model is not None:
            echoed = [
                f.name
                for f in self.model.fields
                if f.name in names and f.type in {"str", "int", "bool"}
            ]
            for key in echoed:
                lines.append(f"    assert response.json()[{_q(key)}] == {body}[{_q(key)}]")
        if not lines and self.route.returns_many:
            lines.append("    assert isinstance(response.json(), list)")
        elif not lines and self.route.method == "GET" and not self.path_params:
            lines.append("    assert isinstance(response.json(), list | dict)")
        elif not lines:
            keys = ", ".join(_q(n) for n in names)
            line = f"    assert {{{keys}}} <= response.json().keys()"
            if len(line) > LINE_LENGTH:
                # Named first: ruff format would otherwise split the call, not the set.
                lines.append(_set_assignment("keys", [_q(n) for n in names]))
                line = "    assert keys <= response.json().keys()"
            lines.append(line)
        return lines

    def _makers(self) -> None:
        """The function that makes an item, when this endpoint is the one others use."""
        collection = _collection(self.route.path)
        if self.creators.get(collection) is self.route and _returned(self.route):
            body = self._constant("BODY")
            values = {p.name: f"{body}[{_q(p.name)}]" for p in self.path_params}
            url = _url(self.route.path, values)
            call = f"response = {self._call(self.route.method, url, self._fresh(body))}"
            signed = self.caller is not None and self.caller.signs_in(self.route)
            lines = [
                f"{self.define} created_by_{self.name}({self.client}) -> dict[str, Any]:",
                *(self._as_caller(call) if signed else [f"    {call}"]),
                "    assert response.is_success, response.text",
                "    created: dict[str, Any] = response.json()",
                "    return created",
            ]
            self.endpoint.lines.append("\n".join(_wrap(line) for line in lines))
        if self.listers.get(self.route.path.rstrip("/")) is self.route:
            lines = [
                f"{self.define} first_of_{self.name}({self.client}) -> dict[str, Any]:",
                f"    response = {self.awaited}client.get({_q(self.route.path)})",
                "    assert response.is_success, response.text",
                "    items: list[dict[str, Any]] = response.json()",
                '    assert items, "the list is empty: nothing to read"',
                "    return items[0]",
            ]
            self.endpoint.lines.append("\n".join(_wrap(line) for line in lines))

    def _valid_path(self) -> dict[str, str]:
        """Path values that pass validation: an upsert's from its body, else unknown ones."""
        if _is_upsert(self.project, self.route):
            body = self._constant("BODY")
            return {p.name: f"{body}[{_q(p.name)}]" for p in self.path_params}
        return {p.name: _unknown(p) for p in self.path_params}

    def _not_found(self, signed: tuple[str, str] | None = None) -> None:
        """404 for an id no item has; ``signed``: the user dependency and the caller
        that stands in for it, for a route that needs one."""
        values = {p.name: _unknown(p) for p in self.path_params}
        url = _url(self.route.path, values)
        body = self._constant("BODY") if self._has_body() else None
        call = f"response = {self._call(self.route.method, url, body)}"
        params = f"{self.client}"
        if signed is not None:
            params = self._override_params(signed[0])
        lines = [
            *self._signature(f"test_{self.name}_answers_404_for_an_unknown_id", params),
            *(self._overridden(call, *signed) if signed is not None else [f"    {call}"]),
            "",
            _status_assert(404),
        ]
        self._emit("\n".join(lines), sad=True)

    def _invalid_path(self) -> None:
        cases = [(p.name, v) for p in self.path_params for v in _invalid(p, in_path=True)]
        if not cases:
            return
        values = self._valid_path()
        body = self._constant("BODY") if self._has_body() else None
        valid = _dict_literal(((n, v) for n, v in values.items()), "    values")
        url = _q(self.route.path) + ".format_map(values)"
        lines = [
            *_parametrize('("name", "value")', [f"({_q(n)}, {v})" for n, v in cases]),
            *self._signature(
                f"test_{self.name}_refuses_an_invalid_path_parameter",
                f"{self.client}, name: str, value: Any",
            ),
            f"    values: dict[str, Any] = {valid} | {{name: value}}",
            "",
            f"    response = {self._call(self.route.method, url, body)}",
            "",
            _status_assert(422),
        ]
        self._emit("\n".join(lines), sad=True, count=len(cases))

    def _invalid_query(self) -> None:
        cases = [(p.name, v) for p in self.query_params for v in _invalid(p, in_path=True)]
        if not cases:
            return
        values = {p.name: _sample(p) for p in self.path_params}
        url = _url(self.route.path, values)
        body = self._constant("BODY") if self._has_body() else None
        params = [f"({_q(n)}, {v})" for n, v in cases]
        call = self._call(self.route.method, url, body, query="{name: value}")
        lines = [
            *_parametrize('("name", "value")', params),
            *self._signature(
                f"test_{self.name}_refuses_an_invalid_query_parameter",
                f"{self.client}, name: str, value: Any",
            ),
            f"    response = {call}",
            "",
            _status_assert(422),
        ]
        self._emit("\n".join(lines), sad=True, count=len(cases))

    def _missing_field(self) -> None:
        assert self.model is not None
        required = [f.name for f in self.model.fields if f.required and f.type != "other"]
        if not required:
            return
        body = self._constant("BODY")
        values = self._valid_path()
        url = _url(self.route.path, values)
        lines = [
            *_parametrize('"field"', [_q(n) for n in required]),
            *self._signature(
                f"test_{self.name}_refuses_a_missing_field", f"{self.client}, field: str"
            ),
            _without_field(body),
            "",
            f"    response = {self._call(self.route.method, url, 'body')}",
            "",
            _status_assert(422),
        ]
        self._emit("\n".join(lines), sad=True, count=len(required))

    def _invalid_value(self) -> None:
        assert self.model is not None
        cases = [(f.name, v) for f in self.model.fields for v in _invalid(f, in_path=False)]
        if not cases:
            return
        body = self._constant("BODY")
        values = self._valid_path()
        url = _url(self.route.path, values)
        lines = [
            *_parametrize('("field", "value")', [f"({_q(n)}, {v})" for n, v in cases]),
            *self._signature(
                f"test_{self.name}_refuses_an_invalid_value",
                f"{self.client}, field: str, value: Any",
            ),
            f"    response = {self._call(self.route.method, url, f'{body} | {{field: value}}')}",
            "",
            _status_assert(422),
        ]
        self._emit("\n".join(lines), sad=True, count=len(cases))

    def _conflict(self) -> None:
        """409 for a unique field given a value another item holds."""
        fields = list(self.endpoint.unique)
        collection = _collection(self.route.path)
        creator = self.creators.get(collection)
        # Without a database the unique fields are guessed from their names: the
        # items are kept apart, but no 409 is claimed for them.
        guessed = self.project.readings.db_layer is None
        if not fields or creator is None or not _returned(creator) or guessed:
            return
        body = self._constant("BODY")
        if creator is self.route:
            self._conflict_on_create(fields, body)
            return
        returned = self.project.readings.model(_returned(creator) or "")
        names = {f.name for f in returned.fields} if returned else set()
        fields = [name for name in fields if name in names]
        if fields and self.path_params and self.route.method in {"PUT", "PATCH"}:
            self._conflict_on_update(fields, body, creator)

    def _conflict_on_create(self, fields: list[str], body: str) -> None:
        url = _url(self.route.path, {})
        sent = f"fresh({body}) | {{field: taken[field]}}"
        lines = [
            *_parametrize('"field"', [_q(n) for n in fields]),
            *self._signature(
                f"test_{self.name}_answers_409_for_a_taken_value",
                f"{self.client}, field: str",
            ),
            f"    taken = fresh({body})",
            f"    first = {self._call(self.route.method, url, 'taken')}",
            "    assert first.is_success, first.text",
            "",
            f"    response = {self._call(self.route.method, url, sent)}",
            "",
            _status_assert(409),
        ]
        self._emit("\n".join(lines), sad=True, count=len(fields))

    def _conflict_on_update(self, fields: list[str], body: str, creator: RouteReading) -> None:
        maker = f"created_by_{creator.handler.qualified.rpartition('.')[2]}"
        source = (maker, self.project.readings.model(_returned(creator) or ""))
        values = {p.name: self._path_value(p, source) for p in self.path_params}
        url = _url(self.route.path, values)
        sent = f"fresh({body}) | {{field: taken[field]}}"
        lines = [
            *_parametrize('"field"', [_q(n) for n in fields]),
            *self._signature(
                f"test_{self.name}_answers_409_for_a_taken_value",
                f"{self.client}, field: str",
            ),
            f"    taken = {self.awaited}{maker}(client)",
            f"    existing = {self.awaited}{maker}(client)",
            "",
            f"    response = {self._call(self.route.method, url, sent)}",
            "",
            _status_assert(409),
        ]
        self._emit("\n".join(lines), sad=True, count=len(fields))

    def _forbidden(self, check: RoleCheck) -> None:
        """403 for a signed-in caller without the role: its user dependency overridden."""
        values = self._valid_path()
        url = _url(self.route.path, values)
        body = self._constant("BODY") if self._has_body() else None
        params, app_name, user = self._override(check)
        stand_in = f"SimpleNamespace({check.attribute}={_lacking(check.attribute)})"
        lines = [
            *self._signature(f"test_{self.name}_answers_403_without_the_role", params),
            f"    # A signed-in caller whose {check.attribute} lets nothing through.",
            f"    {app_name}.dependency_overrides[{user}] = lambda: {stand_in}",
            "    try:",
            f"        response = {self._call(self.route.method, url, body)}",
            "    finally:",
            f"        {app_name}.dependency_overrides.pop({user})",
            "",
            _status_assert(403),
        ]
        self._emit("\n".join(lines), sad=True)

    def _with_role(self, check: RoleCheck) -> str | None:
        """The happy path for a caller holding the role: its user dependency overridden.

        Written when the route names its role (``require_role("admin")``, or an
        ``is_admin``-style flag), the item it acts on can be made, and the handler
        does not read the caller itself (a stand-in has the role and nothing else),
        unless the signed-in caller the tests stand in for has that attribute.
        """
        route = self.route
        existing = self._existing()
        stand_in = self._role_stand_in(check)
        why = (
            "the role it needs is not named at the route"
            if _holding(check) is None
            else "no route of the feature makes the item it acts on"
            if existing is None
            else "its handler reads the caller, whom a test cannot stand in for"
            if stand_in is None
            else None
        )
        if why is not None or existing is None or stand_in is None:
            self.endpoint.notes.append(
                f"{route.method} {route.path}: {why}: no happy path with the role is written"
            )
            return stand_in
        comment = (
            f"    # A signed-in caller whose {check.attribute} lets the route's check through."
        )
        self._happy_as(existing, "with_the_role", check.user, stand_in, comment)
        return stand_in

    def _happy_as(
        self,
        existing: tuple[list[str], dict[str, str]],
        suffix: str,
        dependency: str,
        stand_in: str,
        *comment: str,
    ) -> None:
        """The happy path with ``stand_in`` given by the user ``dependency``."""
        route = self.route
        setup, values = existing
        status = route.status_code or 200
        url = _url(route.path, values)
        body = self._constant("BODY") if self._has_body() else None
        if body is not None and self.endpoint.unique:
            body = self._fresh(body)
        required = [p for p in self.query_params if p.required]
        call = self._call(route.method, url, body, query=_query(required))
        params = self._override_params(dependency)
        lines = [
            *self._signature(f"test_{self.name}_answers_{status}_{suffix}", params),
            *setup,
            *comment,
            *self._overridden(f"response = {call}", dependency, stand_in),
            "",
            _status_assert(status),
            *self._response_checks(body, status),
        ]
        self._emit("\n".join(lines), sad=False)

    def _role_stand_in(self, check: RoleCheck) -> str | None:
        """A caller the route's role check lets through, as Python source: the
        signed-in caller given the role when it has that attribute, else a stand-in
        with the role alone (``None`` when the handler reads more of the caller)."""
        held = _holding(check)
        if held is None:
            return None
        value, needed = held
        # The signed-in caller, when the check reads it from the same dependency
        # and it has the attribute the check reads.
        whole = (
            self.caller is not None
            and self.caller.dependency == check.user
            and check.attribute in self.caller.fields
        )
        if not whole and _reads_the_caller(self.project, self.route, check):
            return None
        if needed is not None:
            self.endpoint.imports.add(needed)
        if whole:
            self._uses_caller()
            return f"CALLER.model_copy(update={{{_q(check.attribute)}: {value}}})"
        return f"SimpleNamespace({check.attribute}={value})"

    def _overridden(self, statement: str, dependency: str, stand_in: str) -> list[str]:
        """``statement`` run with ``stand_in`` given by the user ``dependency``."""
        app_name = "app" if self.app_fixture else self.project.app.attr
        user = dependency.rpartition(".")[2]
        return [
            f"    {app_name}.dependency_overrides[{user}] = lambda: {stand_in}",
            "    try:",
            f"        {statement}",
            "    finally:",
            f"        {app_name}.dependency_overrides.pop({user})",
        ]

    def _signed_in(self, caller: _Caller) -> None:
        """The happy path for a signed-in caller: the user dependency overridden."""
        route = self.route
        self._uses_caller()
        existing = self._existing()
        if existing is None:
            self.endpoint.notes.append(
                f"{route.method} {route.path}: no route of the feature makes the item it acts "
                "on: its happy path is not written"
            )
            return
        self._makers()
        self._happy_as(existing, "signed_in", caller.dependency, "CALLER")

    def _as_caller(self, statement: str) -> list[str]:
        """``statement`` run with the signed-in caller standing in for the user."""
        assert self.caller is not None
        self._override_params(self.caller.dependency)
        self._uses_caller()
        return self._overridden(statement, self.caller.dependency, "CALLER")

    def _uses_caller(self) -> None:
        """The module defines ``CALLER``, the class it is made of imported."""
        assert self.caller is not None
        module, _, model = self.caller.model.rpartition(".")
        self.endpoint.imports.add((module, model))
        self.endpoint.caller = self.caller.source

    def _override_params(self, dependency: str) -> str:
        """The test's parameters; imports the dependency overridden and the app."""
        module, _, user = dependency.rpartition(".")
        self.endpoint.imports.add((module, user))
        params = f"{self.client}"
        if self.app_fixture:
            params += ", app: FastAPI"
            self.endpoint.imports.add(("fastapi", "FastAPI"))
        else:
            app = self.project.app
            self.endpoint.imports.add((app.module, app.attr))
        return params

    def _override(self, check: RoleCheck) -> tuple[str, str, str]:
        """The test's parameters, the app's name and the user dependency it overrides."""
        params = self._override_params(check.user)
        app_name = "app" if self.app_fixture else self.project.app.attr
        return params, app_name, check.user.rpartition(".")[2]

    def _unauthorised(self) -> None:
        values = self._valid_path()
        url = _url(self.route.path, values)
        body = self._constant("BODY") if self._has_body() else None
        lines = [
            *self._signature(f"test_{self.name}_answers_401_without_a_token", f"{self.client}"),
            f"    response = {self._call(self.route.method, url, body)}",
            "",
            _status_assert(401),
        ]
        self._emit("\n".join(lines), sad=True)


def _holding(check: RoleCheck) -> tuple[str, tuple[str, str] | None] | None:
    """A value of the caller's role attribute that the route's check lets through,
    as Python source, and what it needs imported (an enum's class)."""
    if check.attribute.startswith("is_"):
        return "True", None
    if not check.roles:
        return None
    role, needed = _q(check.roles[0]), None
    module, _, member = check.roles[0].rpartition(".")
    if module:
        # ``Role.admin``: the enum's member itself, its class imported.
        module, _, enum = module.rpartition(".")
        role, needed = f"{enum}.{member}", (module, enum)
    if check.attribute in {"role", "user_role"}:
        return role, needed
    return f"[{role}]", needed


def _reads_the_caller(project: Project, route: RouteReading, check: RoleCheck) -> bool:
    """True when a parameter of the handler depends on the caller (or may: unread)."""
    tree = _tree(project, route.handler.path)
    name = route.handler.qualified.rpartition(".")[2]
    handlers = [
        node
        for node in (tree.body if tree is not None else [])
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name
    ]
    if len(handlers) != 1:
        return True
    callers = _caller_names(project, check)
    arguments = handlers[0].args
    for arg, default in _with_defaults(arguments):
        written = " ".join(ast.unparse(n) for n in (arg.annotation, default) if n is not None)
        if callers & set(re.findall(r"\w+", written)):
            return True
    return False


def _tree(project: Project, path: PurePosixPath) -> ast.Module | None:
    try:
        return project.tree(path)
    except SyntaxError:
        return None


def _with_defaults(arguments: ast.arguments) -> list[tuple[ast.arg, ast.expr | None]]:
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(arguments.defaults))
    pairs = list(zip(positional, [*defaults, *arguments.defaults], strict=True))
    return pairs + list(zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True))


def _caller_names(project: Project, check: RoleCheck) -> set[str]:
    """The user dependency, the check, and every module-level alias that depends on them."""
    names = {check.user.rpartition(".")[2], check.check.rpartition(".")[2]}
    for path in project.python_files:
        tree = _tree(project, path) if "tests" not in path.parts else None
        for node in tree.body if tree is not None else []:
            target = node.targets[0] if isinstance(node, ast.Assign) else None
            target = node.target if isinstance(node, ast.AnnAssign) else target
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if not isinstance(target, ast.Name) or value is None:
                continue
            written = ast.unparse(value)
            if "Depends(" in written and names & set(re.findall(r"\w+", written)):
                names.add(target.id)
    return names


def _lacking(attribute: str) -> str:
    """A value of a caller's role attribute that no role check lets through."""
    if attribute.startswith("is_"):
        return "False"
    if attribute in {"role", "user_role"}:
        return '"no-such-role"'
    return "[]"


# --------------------------------------------------------------------------- unique fields


def _unique_forms(project: Project, model: ModelReading) -> tuple[dict[str, str], list[str]]:
    """The body's fields its table keeps unique, each with the form of a fresh value.

    The table is the one mapped class whose columns hold every field of the body
    (``InvoiceCreate`` prefers ``Invoice`` when several do). Only text fields get
    a form: the sample with a serial number after it (before it, in an email);
    the unique fields left without one are named second.
    """
    orm = _table_of(project, model)
    if orm is None and project.readings.db_layer is not None:
        return {}, []
    forms: dict[str, str] = {}
    if orm is None:
        # No database: the app keeps items itself (a dict, a list), for the whole
        # test run; a field that names an item (a code, a slug) may be refused
        # when another test sent it first.
        unique = [f for f in model.fields if f.name in _IDENTITY_NAMES]
    else:
        unique = [f for f in model.fields if (c := orm.column(f.name)) is not None and c.unique]
    for f in unique:
        if f.type not in {"str", "EmailStr"}:
            continue
        sample = _sample_text(f) if f.type == "str" else "ada@example.com"
        for form in ("{value}{serial}", "{serial}{value}"):
            if f.type == "str" and _fits(f, form.format(value=sample, serial=99999)):
                forms[f.name] = form
                break
            if f.type == "EmailStr" and form.startswith("{serial}"):
                forms[f.name] = form
    return forms, [f.name for f in unique if f.name not in forms]


# Fields that name an item, which an app without a database may keep unique.
_IDENTITY_NAMES = frozenset(
    {"code", "slug", "email", "username", "login", "sku", "handle", "key", "reference", "isbn"}
)


def _table_of(project: Project, model: ModelReading) -> OrmModel | None:
    names = {f.name for f in model.fields if f.type != "other"}
    if not names:
        return None
    tables = [
        orm
        for orm in project.readings.orm_models
        if names <= {column.name for column in orm.columns}
    ]
    tail = model.qualified.rpartition(".")[2]
    named = [orm for orm in tables if tail.startswith(orm.name)]
    chosen = named or tables
    return chosen[0] if len(chosen) == 1 else None


def _fresh_blocks(forms: dict[str, str]) -> list[str]:
    """The module's ``fresh()``: every item a test makes holds values no other item holds."""
    pairs = [(name, _q(form)) for name, form in sorted(forms.items())]
    return [
        "# Unique fields: each item made holds values no other item holds",
        "SERIALS = count(1)\n"
        f"UNIQUE_FIELDS: dict[str, str] = {_dict_literal(pairs, 'UNIQUE_FIELDS', 'str')}",
        "\n".join(
            [
                "def fresh(body: dict[str, Any]) -> dict[str, Any]:",
                '    """``body`` with a value never sent before in each unique field it has."""',
                "    serial = next(SERIALS)",
                "    return body | {",
                "        key: form.format(value=body[key], serial=serial)",
                "        for key, form in UNIQUE_FIELDS.items()",
                "        if key in body",
                "    }",
            ]
        ),
    ]


# --------------------------------------------------------------------------- values


def _sample(f: FieldReading, *, changing: bool = False) -> str:
    """A valid value of a field or parameter, as Python source, from its constraints;
    ``changing``: for a change to an item, the second of its choices."""
    if f.type.startswith("model:"):
        return "{}"
    if f.type == "str":
        return _q(_sample_text(f))
    if f.type == "int":
        return str(_sample_number(f, 1))
    if f.type == "Decimal":
        places = f.constraint("decimal_places")
        return '"12"' if isinstance(places, int) and places < 2 else '"12.50"'
    if f.choices:
        chosen = f.choices[1] if changing and len(f.choices) > 1 else f.choices[0]
        return _q(chosen) if isinstance(chosen, str) else str(chosen)
    if f.type in ("date", "datetime") and _PAST.search(f.name):
        return '"1990-01-31"' if f.type == "date" else '"1990-01-31T12:30:00Z"'
    return SAMPLES.get(f.type, "None")


# A date that is in the past by nature (a birthday, a hire date); other dates
# are given in the future, which "must not be in the past" checks accept.
_PAST = re.compile(r"birth|born|dob|hired|joined|founded|issued|signed|since|started_on")


def _sample_text(f: FieldReading) -> str:
    """A text the field takes: its name, or the first made-up text its pattern matches."""
    base = "ada@example.com" if "email" in f.name else f.name.replace("_", " ") + " 1"
    words = f.name.replace("_", "-")
    candidates = [base, f"{words}-1", words.replace("-", "") + "1", words, *TEXTS]
    candidates += _pattern_example(f)
    fitted = [_fitted(text, f) for text in candidates]
    return next((text for text in fitted if _fits(f, text)), fitted[0])


def _pattern_example(f: FieldReading) -> list[str]:
    """The shortest text the field's pattern matches ("SHP-0000000000" for
    ``^SHP-[0-9A-F]{10}$``), when it has one that can be walked."""
    pattern = f.constraint("pattern")
    example = _matching(pattern) if isinstance(pattern, str) else None
    return [] if example is None else [example]


def _matching(pattern: str) -> str | None:
    """The shortest plain text ``pattern`` matches, read from its parse, or ``None``
    for a pattern it cannot walk (lookarounds, back-references)."""
    try:
        parsed = _regex_parser().parse(pattern)
    except (re.error, ValueError, TypeError):
        return None
    try:
        return "".join(_walk(list(parsed)))
    except _Unwalkable:
        return None


class _Unwalkable(Exception):
    """A part of a pattern no plain text is made for."""


def _regex_parser() -> Any:
    import importlib

    try:
        return importlib.import_module("re._parser")
    except ImportError:  # Python 3.10
        return importlib.import_module("sre_parse")


# What a class of characters (\d, \w, \s) is given as.
_CATEGORIES = {"CATEGORY_DIGIT": "0", "CATEGORY_WORD": "a", "CATEGORY_SPACE": " "}


def _walk(items: list[tuple[Any, Any]]) -> list[str]:
    out: list[str] = []
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(value))
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_one_of(value))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, inner = value
            out += _walk(list(inner)) * max(low, 0)
        elif name == "SUBPATTERN":
            out += _walk(list(value[-1]))
        elif name == "BRANCH":
            out += _walk(list(value[1][0]))
        elif name == "AT":
            continue  # ^, $, \b
        elif name == "CATEGORY":
            out.append(_category(value))
        else:
            raise _Unwalkable(name)
    return out


def _one_of(items: list[tuple[Any, Any]]) -> str:
    """The first character a ``[...]`` allows."""
    if items and str(items[0][0]) == "NEGATE":
        raise _Unwalkable("NEGATE")
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            return chr(value)
        if name == "RANGE":
            return chr(value[0])
        if name == "CATEGORY":
            return _category(value)
    raise _Unwalkable("IN")


def _category(value: Any) -> str:
    found = _CATEGORIES.get(str(value))
    if found is None:
        raise _Unwalkable(str(value))
    return found


def _fitted(text: str, f: FieldReading) -> str:
    """``text`` cut to the field's ``max_length``, or padded to its ``min_length``."""
    low, high = f.constraint("min_length"), f.constraint("max_length")
    if isinstance(low, int) and len(text) < low:
        text += (text[-1:] or "x") * (low - len(text))
    if isinstance(high, int) and len(text) > high:
        text = text[:high]
    return text


def _fits(f: FieldReading, text: str) -> bool:
    """The field takes ``text``: its length and its pattern allow it."""
    if not _length_fits(f, text):
        return False
    written = f.constraint("pattern")
    if not isinstance(written, str):
        return True
    try:
        # Pydantic looks for the pattern anywhere in the text, as re.search does.
        return re.search(written, text) is not None
    except re.error:
        return False


def _length_fits(f: FieldReading, text: str) -> bool:
    low, high = f.constraint("min_length"), f.constraint("max_length")
    too_short = isinstance(low, int) and len(text) < low
    return not too_short and not (isinstance(high, int) and len(text) > high)


def _unmatched(f: FieldReading) -> bool:
    """A text field with a pattern that no made-up text matches."""
    return f.type == "str" and not _fits(f, _sample_text(f))


def _off_pattern(f: FieldReading, *, in_path: bool) -> str | None:
    """A text of an allowed length that the field's pattern refuses, if one is found."""
    if not isinstance(f.constraint("pattern"), str):
        return None
    for text in OFF_PATTERN:
        if in_path and not text.isprintable():
            continue
        fitted = _fitted(text, f)
        if _length_fits(f, fitted) and not _fits(f, fitted):
            return fitted
    return None


def _sample_number(f: FieldReading, preferred: int) -> int:
    value = preferred
    for key, bump in (("ge", 0), ("gt", 1)):
        low = f.constraint(key)
        if isinstance(low, int | float) and value < low + bump:
            value = int(low) + bump
    for key, bump in (("le", 0), ("lt", 1)):
        high = f.constraint(key)
        if isinstance(high, int | float) and value > high - bump:
            value = int(high) - bump
    return value


def _unknown(f: FieldReading) -> str:
    """A valid path value that no item has: the top of its range, or a made-up name."""
    if f.type == "int":
        return str(_sample_number(f, UNKNOWN_INT))
    if f.type == "str":
        words = f.name.replace("_", "-")
        candidates = [f"unknown-{words}", "unknown", *UNKNOWN_TEXTS, *_pattern_example(f)]
        fitted = [_fitted(text, f) for text in candidates]
        return _q(next((text for text in fitted if _fits(f, text)), fitted[0]))
    return _sample(f)


def _invalid(f: FieldReading, *, in_path: bool) -> list[str]:
    """Values the field's type or constraints refuse (422), as Python source."""
    values: list[str] = []
    if f.type in {"int", "float", "Decimal"}:
        for key, step in (("ge", -1), ("gt", 0), ("le", 1), ("lt", 0)):
            bound = f.constraint(key)
            if isinstance(bound, int | float):
                values.append(str(int(bound) + step))
        places = f.constraint("decimal_places")
        if f.type == "Decimal" and isinstance(places, int):
            values.append(_q("0." + "1" * (places + 1)))
    if f.type == "str":
        low, high = f.constraint("min_length"), f.constraint("max_length")
        if isinstance(high, int):
            values.append(f'"x" * {high + 1}')
        if isinstance(low, int) and low >= 1 and not in_path:
            values.append(_q("x" * (low - 1)))
        off = _off_pattern(f, in_path=in_path)
        if off is not None:
            values.append(_q(off))
    if f.choices:
        # A value none of its choices is.
        values.append('"not-one-of-them"' if isinstance(f.choices[0], str) else "-99999")
    wrong = WRONG_TYPES.get(f.type)
    if wrong is not None and not (in_path and f.type == "str"):
        values.append('"not-a-number"' if in_path and wrong == '"many"' else wrong)
    return list(dict.fromkeys(values))


# --------------------------------------------------------------------------- code


def _collection(path: str) -> str:
    """``/invoices`` for ``/invoices/{invoice_id}/summary``: what lists or creates them."""
    return path.split("{", 1)[0].rstrip("/")


def _url(path: str, values: dict[str, str]) -> str:
    """The path with each parameter's value, as Python source (an f-string when needed)."""
    literal = all(_is_literal(v) for v in values.values())
    if literal:
        return _q(_PARAM.sub(lambda m: _literal_text(values[m.group(1)]), path))
    return _path_template(path, values)


def _path_template(path: str, values: dict[str, str]) -> str:
    def part(match: re.Match[str]) -> str:
        value = values.get(match.group(1), "value")
        if value == "{value}":
            return "{value}"
        if _is_literal(value):
            return _literal_text(value)
        return "{" + value.replace('"', "'") + "}"

    return 'f"' + _PARAM.sub(part, path) + '"'


_PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def _is_literal(value: str) -> bool:
    return value.lstrip("-").isdigit() or (value[:1] in {"'", '"'} and value[-1:] == value[:1])


def _literal_text(value: str) -> str:
    return value.strip("'\"")


def _query(params: list[FieldReading]) -> str | None:
    """The query parameters as a dict literal of valid values, or ``None`` when none."""
    if not params:
        return None
    return "{" + ", ".join(f"{_q(p.name)}: {_sample(p)}" for p in params) + "}"


def _call(
    method: str, url: str, body: str | None, *, query: str | None = None, sync: bool = False
) -> str:
    args = [url]
    if body is not None:
        args.append(f"json={body}")
    if query is not None:
        args.append(f"params={query}")
    verb = method.lower()
    awaited = "" if sync else "await "
    if verb not in {"get", "post", "put", "patch", "delete", "head", "options"}:
        return f"{awaited}client.request({_q(method)}, {', '.join(args)})"
    if verb == "delete" and body is not None:
        return f'{awaited}client.request("DELETE", {", ".join(args)})'
    return f"{awaited}client.{verb}({', '.join(args)})"


def _q(text: str) -> str:
    """A string literal in double quotes, as ruff format writes it."""
    escaped = text.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    return f'"{escaped}"'


def _wrap(line: str) -> str:
    """A call too long for one line, split as ruff format splits it."""
    if len(line) <= LINE_LENGTH or not line.endswith(")") or "(" not in line:
        return line
    head, _, rest = line.partition("(")
    args = rest[:-1]
    inner = f"        {args}"
    if len(inner) <= LINE_LENGTH:
        return f"{head}(\n{inner}\n    )"
    spread = "".join(f"        {arg},\n" for arg in _split_args(args))
    return f"{head}(\n{spread}    )"


def _split_args(args: str) -> list[str]:
    """Top-level comma-separated arguments (commas inside brackets stay)."""
    parts, depth, current = [], 0, ""
    for char in args:
        depth += char in "([{"
        depth -= char in ")]}"
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]


def _signature(name: str, params: str, *, sync: bool = False) -> list[str]:
    """``async def name(params) -> None:`` laid out as ruff format lays it out."""
    define = "def" if sync else "async def"
    line = f"{define} {name}({params}) -> None:"
    if len(line) <= LINE_LENGTH:
        return [line]
    inner = f"    {params}"
    if "," not in params:
        return [f"{define} {name}(", f"{inner},", ") -> None:"]
    if len(inner) <= LINE_LENGTH:
        return [f"{define} {name}(", inner, ") -> None:"]
    return [f"{define} {name}(", *(f"    {p}," for p in params.split(", ")), ") -> None:"]


def _without_field(body: str) -> str:
    """``body = {...}`` without ``field``, split over lines as ruff format splits it."""
    line = f"    body = {{key: value for key, value in {body}.items() if key != field}}"
    if len(line) <= LINE_LENGTH:
        return line
    return "\n".join(
        [
            "    body = {",
            "        key: value",
            f"        for key, value in {body}.items()",
            "        if key != field",
            "    }",
        ]
    )


def _set_assignment(name: str, items: list[str]) -> str:
    """``name = {...}`` in a test's body, on one line or one item a line, as ruff formats it."""
    one_line = f"    {name} = {{{', '.join(items)}}}"
    if len(one_line) <= LINE_LENGTH:
        return one_line
    return f"    {name} = {{\n" + "".join(f"        {item},\n" for item in items) + "    }"


def _status_assert(status: int) -> str:
    return f"    assert response.status_code == {status}, response.text"


def _parametrize(names: str, values: Sequence[str]) -> list[str]:
    one_line = f"@pytest.mark.parametrize({names}, [{', '.join(values)}])"
    if len(one_line) <= LINE_LENGTH:
        return [one_line]
    lines = ["@pytest.mark.parametrize(", f"    {names},", "    ["]
    lines += [f"        {value}," for value in values]
    lines += ["    ],", ")"]
    return lines


def _dict_literal(items: Iterable[tuple[str, str]], name: str, values: str = "Any") -> str:
    pairs = [f"{_q(key)}: {value}" for key, value in items]
    one_line = "{" + ", ".join(pairs) + "}"
    if len(f"{name}: dict[str, {values}] = {one_line}") <= LINE_LENGTH:
        return one_line
    return "{\n" + "".join(f"    {pair},\n" for pair in pairs) + "}"


RECIPE = Recipe(
    name="write_tests",
    summary="Async tests and fixtures for a feature",
    examples=("write tests for invoices", "write tests for the users feature"),
    params=Params,
    plan=plan,
)


def _merged(before: str | None, snippet: str, project: Project) -> str:
    """A new module is the rendered one; an existing one gains what it lacks of it."""
    if before is None:
        return snippet
    return ensure_definitions(before, snippet, first_party=first_party(project))
