"""Discovery: what a repository fastprod did not write is made of.

Finds the FastAPI application, its settings class, the dependency manifest and
the versions the project declares. Source is read with :mod:`ast` only: the
project's code is never imported or run. Every file is read through
``Project.read_text`` so that edits planned by earlier recipes count.
"""

from __future__ import annotations

import ast
import os
import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from fastprod.core._errors import ProjectError
from fastprod.project._model._settings import SETTINGS_BASES
from fastprod.project._names import dotted as _dotted
from fastprod.project._project import AppLocation, Manifest, Project, SettingsLocation, Versions

MIN_PYTHON = (3, 10)
"""The oldest Python the generated code runs on."""

_TEST_DIRS = frozenset({"tests", "test", "testing"})
_ASIDE_DIRS = frozenset(
    {"scripts", "script", "examples", "example", "docs", "doc", "docs_src", "samples", "benchmarks"}
)
_RUN_CONFIGS = (
    "Dockerfile",
    "Procfile",
    "docker-compose.yml",
    "docker-compose.yaml",
    "compose.yml",
    "compose.yaml",
    "Makefile",
    "pyproject.toml",
    "README.md",
)
_REQUIREMENTS = ("requirements.txt", "requirements/base.txt", "requirements/prod.txt")
_ROOT = PurePosixPath(".")
_LOOKED_AT = "main.py, app/main.py and src/<pkg>/main.py first, then every module"
_SKIPPED = "git-ignored files, virtual environments, node_modules and build output"


# --------------------------------------------------------------------------- files


def list_python_files(project: Project) -> tuple[PurePosixPath, ...]:
    """List the project's Python files, relative to its root, in path order.

    The listing is the view's (``Project.python_files``): ``git ls-files`` in a
    git work tree, a walk otherwise, once per source set, with venvs, build
    output and hidden directories left out, plus the files planned by earlier
    recipes.
    """
    return project.python_files


# --------------------------------------------------------------------------- index


class _Index:
    """Texts, parse trees and module names of one project view, each computed once."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.files = project.python_files
        self._texts: dict[PurePosixPath | str, str | None] = {}
        self._trees: dict[PurePosixPath, ast.Module] = {}
        self.unreadable: list[PurePosixPath | str] = []

    def text(self, path: PurePosixPath | str) -> str | None:
        """The file's text, or ``None`` when it is absent or not UTF-8 text."""
        if path not in self._texts:
            try:
                self._texts[path] = self.project.read_text(path)
            except (ProjectError, OSError):
                # Not UTF-8 or unreadable: edits leave it alone; a refusal names it.
                self._texts[path] = None
                self.unreadable.append(path)
        return self._texts[path]

    def tree(self, path: PurePosixPath) -> ast.Module | None:
        """The parsed module; raises ``ProjectError`` naming ``path:line`` if it does not parse."""
        if path not in self._trees:
            text = self.text(path)
            if text is None:
                return None
            self._trees[path] = _parse(self.project, path, text)
        return self._trees[path]

    def module(self, path: PurePosixPath) -> tuple[str, PurePosixPath]:
        """The dotted module name of ``path`` and its import root (``Project.module_name``)."""
        return self.project.module_name(path)

    def file_of(self, module: str) -> PurePosixPath | None:
        """The file that ``import module`` loads, if it is one of the project's."""
        last = module.rsplit(".", 1)[-1]
        for path in self.files:
            named = path.stem == last or (path.name == "__init__.py" and path.parent.name == last)
            if named and self.module(path)[0] == module:
                return path
        return None


def _parse(project: Project, path: PurePosixPath, text: str) -> ast.Module:
    try:
        # Python reads a UTF-8 byte order mark as such; ``ast`` on a str does not.
        return project.sources.parse(text.removeprefix("\ufeff"), str(path))
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None) or 1
        message = getattr(error, "msg", None) or str(error)
        advice = _grammar_advice(project, path)
        raise ProjectError(
            f"{path}:{line}: {message}; fastprod cannot read this file{advice}"
        ) from None
    except RecursionError:
        raise ProjectError(f"{path}: nested too deeply for fastprod to read") from None


def _grammar_advice(project: Project, path: PurePosixPath) -> str:
    """What to do about a module that does not parse, as the end of the message."""
    pointer = "pass --app module:attr to point at the application"
    declared = _newer_declared_python(project, path)
    if declared is None:
        return f". Fix it, or {pointer}"
    # The code may well be valid: the project targets a Python newer than ours.
    running, wanted = _pythons(declared)
    return (
        f" (it is read with Python {running}'s grammar; the project declares {declared.spec}). "
        f"Run fastprod under Python {wanted} or newer, or {pointer}"
    )


def _pythons(declared: _Declared) -> tuple[str, str]:
    """The running Python and the one the project declares, as ``3.11`` and ``3.14``."""
    return ".".join(map(str, sys.version_info[:2])), ".".join(map(str, declared.value))


def _newer_declared_python(project: Project, path: PurePosixPath) -> _Declared | None:
    try:
        declared = _declared_python(project, _manifest_dir(project, path))
    except ProjectError:
        return None
    if declared is None or declared.value <= sys.version_info[:2]:
        return None
    return declared


# --------------------------------------------------------------------------- module scan


@dataclass(frozen=True, slots=True)
class _Factory:
    name: str
    line: int
    wired: bool


@dataclass(frozen=True, slots=True)
class _Instance:
    attr: str
    line: int
    call: ast.Call


class _Scan:
    """What one parsed module says about FastAPI: imports, constructors, apps, factories."""

    def __init__(self, tree: ast.Module, module: str, is_package: bool) -> None:
        self.tree = tree
        self.module = module
        # One walk serves every question below; walking is most of a scan's cost.
        self.nodes = list(ast.walk(tree))
        self.imports = _imports(self.nodes, module, is_package)
        self.constructors = {n for n, q in self.imports.items() if q in _FASTAPI_CLASSES}
        self.fastapi_modules = {n for n, q in self.imports.items() if q == "fastapi"}
        self._add_subclasses()
        self.factories = {f.name: f for f in self._factories()}
        self.instances = list(self._instances())

    def _add_subclasses(self) -> None:
        # A local ``class Api(FastAPI)`` builds an app just as ``FastAPI`` does.
        for node in self.tree.body:
            if isinstance(node, ast.ClassDef) and any(self.is_class(b) for b in node.bases):
                self.constructors.add(node.name)

    def is_class(self, expr: ast.expr) -> bool:
        """True when ``expr`` names the FastAPI class (or a local subclass)."""
        if isinstance(expr, ast.Name):
            return expr.id in self.constructors
        dotted = _dotted(expr)
        if dotted is None or dotted.rsplit(".", 1)[-1] != "FastAPI":
            return False
        return dotted.split(".", 1)[0] in self.fastapi_modules

    def builds_app(self, expr: ast.expr | None) -> bool:
        """True when ``expr`` is a call that creates a FastAPI application."""
        return isinstance(expr, ast.Call) and self.is_class(expr.func)

    def qualified(self, expr: ast.expr) -> str | None:
        """The absolute dotted name ``expr`` refers to through this module's imports."""
        dotted = _dotted(expr)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if head in self.imports:
            return self.imports[head] + ("." + rest if rest else "")
        return f"{self.module}.{dotted}"

    def bindings(self) -> set[str]:
        """Every name bound at module level (in module-level ``if`` and ``try`` blocks too)."""
        names: set[str] = set(self.imports)
        for node in _module_statements(self.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            names.update(name for name, _ in _assignments(node))
        return names

    def _factories(self) -> Iterator[_Factory]:
        calls = [n.lineno for n in self.nodes if isinstance(n, ast.Call) and self.is_class(n.func)]
        for node in self.tree.body:
            if not isinstance(node, ast.FunctionDef) or not self._may_build(node, calls):
                continue
            built = self._built_and_returned(node)
            if built is not None:
                wired = any(_wired(_body_nodes(node), name) for name in built)
                yield _Factory(node.name, node.lineno, wired)

    def _may_build(self, function: ast.FunctionDef, calls: list[int]) -> bool:
        # Only a function that calls FastAPI or says it returns one can be a
        # factory; the line check spares walking every other function's body.
        if function.returns is not None and self.is_class(function.returns):
            return True
        end = function.end_lineno or function.lineno
        return any(function.lineno <= line <= end for line in calls)

    def _built_and_returned(self, function: ast.FunctionDef) -> set[str] | None:
        """The local names of the app ``function`` builds and returns, or ``None``."""
        apps: set[str] = set()
        results: set[str] = set()
        returns: list[ast.expr] = []
        for node in _body_nodes(function):
            if isinstance(node, ast.Return) and node.value is not None:
                returns.append(node.value)
            for name, value in _assignments(node):
                if self.builds_app(value):
                    apps.add(name)
                elif isinstance(value, ast.Call):
                    results.add(name)
        annotated = function.returns is not None and self.is_class(function.returns)
        for value in returns:
            if self.builds_app(value) or (isinstance(value, ast.Name) and value.id in apps):
                return apps
            # ``def create_app() -> FastAPI`` returning what a helper built for it;
            # a getter returning a module-level app is not a factory.
            if annotated and isinstance(value, ast.Name) and value.id in results:
                return {value.id}
        return None

    def _instances(self) -> Iterator[_Instance]:
        # ``if debug: app = FastAPI(debug=True) else: app = FastAPI()`` is one app.
        seen: set[str] = set()
        for node in _module_statements(self.tree):
            for name, value in _assignments(node):
                if name in seen or not isinstance(value, ast.Call):
                    continue
                if self._is_app_call(value):
                    seen.add(name)
                    yield _Instance(name, node.lineno, value)

    def _is_app_call(self, call: ast.Call) -> bool:
        if self.is_class(call.func):
            return True
        return isinstance(call.func, ast.Name) and call.func.id in self.factories

    def mounted(self) -> set[str]:
        """Qualified names of the apps this module mounts under another (sub-applications)."""
        found: set[str] = set()
        for node in self.nodes:
            if not isinstance(node, ast.Call) or not _calls_method(node, "mount"):
                continue
            args = [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "app")]
            found.update(q for q in map(self.qualified, args) if q is not None)
        return found


_FASTAPI_CLASSES = frozenset({"fastapi.FastAPI", "fastapi.applications.FastAPI"})
_WIRING = frozenset(
    {
        "include_router",
        "mount",
        "add_api_route",
        "add_api_websocket_route",
        "add_route",
        "add_middleware",
        "add_exception_handler",
    }
)


def _imports(nodes: Iterable[ast.AST], module: str, is_package: bool) -> dict[str, str]:
    """Map each imported local name to the absolute dotted name it stands for."""
    table: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".", 1)[0]
                table[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            for alias in node.names:
                if base is not None and alias.name != "*":
                    table[alias.asname or alias.name] = f"{base}.{alias.name}"
                elif base in ("fastapi", "fastapi.applications"):
                    table["FastAPI"] = f"{base}.FastAPI"
    return table


def _absolute(module: str, is_package: bool, level: int, target: str | None) -> str | None:
    """Resolve ``from <level dots><target> import`` as written in ``module``."""
    if level == 0:
        return target
    parts = module.split(".") if is_package else module.split(".")[:-1]
    if level - 1 > len(parts) - 1 or not parts:
        return None
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, target] if target else base)


def _module_statements(tree: ast.Module) -> Iterator[ast.stmt]:
    """Statements that run on import: the module body and its ``if`` and ``try`` blocks.

    A script's ``if __name__ == "__main__":`` block does not run on import.
    """
    stack: list[ast.stmt] = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        yield node
        inner: list[ast.stmt] = []
        if isinstance(node, ast.If) and not _is_main_guard(node.test):
            inner = [*node.body, *node.orelse]
        elif isinstance(node, ast.Try | ast.TryStar):
            inner = [*node.body, *(s for h in node.handlers for s in h.body)]
            inner += [*node.orelse, *node.finalbody]
        stack.extend(reversed(inner))


def _is_main_guard(test: ast.expr) -> bool:
    if not isinstance(test, ast.Compare) or len(test.comparators) != 1:
        return False
    sides = [test.left, test.comparators[0]]
    names = [s.id for s in sides if isinstance(s, ast.Name)]
    strings = [s.value for s in sides if isinstance(s, ast.Constant)]
    return isinstance(test.ops[0], ast.Eq) and names == ["__name__"] and strings == ["__main__"]


def _assignments(node: ast.AST) -> Iterator[tuple[str, ast.expr]]:
    if isinstance(node, ast.Assign):
        for target in node.targets:
            if isinstance(target, ast.Name):
                yield target.id, node.value
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
        yield node.target.id, node.value


def _body_nodes(function: ast.FunctionDef) -> Iterator[ast.AST]:
    """Every node in ``function``'s body; nested definitions are given, not entered.

    A nested route (``@app.get(...)`` on an inner function) still shows its
    decorators, while the inner function's own locals stay out of view.
    """
    stack: list[ast.AST] = list(function.body)
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, nested):
            stack.extend(ast.iter_child_nodes(node))


def _calls_method(call: ast.Call, method: str) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr == method


def _on(expr: ast.expr, name: str) -> ast.Attribute | None:
    """``expr`` as ``name.<method>`` (or a call of it), else ``None``."""
    target = expr.func if isinstance(expr, ast.Call) else expr
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        return target if target.value.id == name else None
    return None


def _wired(nodes: Iterable[ast.AST], name: str) -> bool:
    """True when routes, routers, mounts or middleware are attached to app ``name``."""
    for node in nodes:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if any(_on(d, name) is not None for d in node.decorator_list):
                return True
        elif isinstance(node, ast.Call):
            method = _on(node, name)
            if method is not None and method.attr in _WIRING:
                return True
    return False


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One place that builds a FastAPI application."""

    path: PurePosixPath
    module: str
    import_root: PurePosixPath
    attr: str
    line: int
    factory: str | None
    factory_path: PurePosixPath | None
    wired: bool
    # False for a factory nobody calls at module level (served with ``--factory``).
    instance: bool = True

    @property
    def qualified(self) -> str:
        return f"{self.module}.{self.attr}"

    def location(self) -> AppLocation:
        package = None
        if self.path.parent != self.import_root or self.path.name == "__init__.py":
            package = self.import_root / self.module.split(".", 1)[0]
        return AppLocation(
            path=self.path,
            module=self.module,
            attr=self.attr,
            factory=self.factory,
            import_root=self.import_root,
            package=package,
            factory_path=self.factory_path,
        )


def _scan(index: _Index, path: PurePosixPath) -> _Scan | None:
    tree = index.tree(path)
    module, _ = index.module(path)
    if tree is None or not module:
        return None
    return _Scan(tree, module, path.name == "__init__.py")


_MAY_BUILD_APP = re.compile(
    r"FastAPI\s*\(|\bimport\b[^\n]*\bFastAPI\b|\bimport\s*\([^)]*\bFastAPI\b"
)


def _module_candidates(index: _Index, path: PurePosixPath, scan: _Scan) -> list[_Candidate]:
    module, import_root = index.module(path)
    found: list[_Candidate] = []
    called: set[str] = set()
    for instance in scan.instances:
        factory = scan.factories.get(_dotted(instance.call.func) or "")
        if factory is not None:
            called.add(factory.name)
        wired = _wired(scan.nodes, instance.attr) or (factory is not None and factory.wired)
        name, where = (factory.name, path) if factory is not None else (None, None)
        found.append(
            _Candidate(path, module, import_root, instance.attr, instance.line, name, where, wired)
        )
    for factory in scan.factories.values():
        if factory.name not in called:
            found.append(_factory_only(path, module, import_root, factory))
    return found


def _factory_only(
    path: PurePosixPath, module: str, import_root: PurePosixPath, factory: _Factory
) -> _Candidate:
    return _Candidate(
        path=path,
        module=module,
        import_root=import_root,
        attr=factory.name,
        line=factory.line,
        factory=factory.name,
        factory_path=path,
        wired=factory.wired,
        instance=False,
    )


def _all_candidates(index: _Index) -> tuple[list[_Candidate], dict[PurePosixPath, _Scan]]:
    scans: dict[PurePosixPath, _Scan] = {}
    candidates: list[_Candidate] = []
    for path in index.files:
        text = index.text(path)
        # The cheap test first: only a module that calls or imports FastAPI can build one.
        if text is None or "FastAPI" not in text or not _MAY_BUILD_APP.search(text):
            continue
        scan = _candidate_scan(index, path, text)
        if scan is not None:
            scans[path] = scan
            candidates.extend(_module_candidates(index, path, scan))
    return _with_remote_instances(index, candidates, scans), scans


# The forms an app is built by: ``FastAPI(``, ``FastAPI as F``, ``-> FastAPI``, ``(FastAPI)``.
_BUILDS_APP = re.compile(
    r"FastAPI\s*\(|\bFastAPI\s+as\s+\w|->\s*(?:[\w.]+\.)?FastAPI\b"
    r"|\bclass\s+\w+\s*\([^)]*\bFastAPI\b"
)


def _candidate_scan(index: _Index, path: PurePosixPath, text: str) -> _Scan | None:
    """Scan a module that names FastAPI; ``None`` if it cannot be read and cannot be the app.

    A module that only mentions FastAPI in an annotation or an import need not
    stop discovery when it uses syntax this Python does not know (a project on
    a newer Python); one that may build the app must be read, unless it is test
    code, which is never chosen over the application's own.
    """
    try:
        return _scan(index, path)
    except ProjectError:
        if _BUILDS_APP.search(text) and not _is_test(path):
            raise
        return None


def _with_remote_instances(
    index: _Index, candidates: list[_Candidate], scans: dict[PurePosixPath, _Scan]
) -> list[_Candidate]:
    """Replace a factory-only candidate by the module that calls it at module level.

    ``main.py`` doing ``from app import create_app; app = create_app()`` is where
    the application object lives, though the factory is elsewhere.
    """
    factories = {c.qualified: c for c in candidates if not c.instance}
    if not factories:
        return candidates
    names = "|".join(sorted({re.escape(c.attr) for c in factories.values()}))
    # ``app = create_app()`` or ``app = factory.create_app(...)`` at column 0.
    calls = re.compile(rf"^[A-Za-z_]\w*\s*(?::[^=\n]+)?=\s*(?:[\w.]+\.)?(?:{names})\s*\(", re.M)
    remote: list[_Candidate] = []
    for path in index.files:
        # ``app = create_app()`` in a conftest or a dev script is not where the app is served.
        if _is_test(path) or _is_aside(path):
            continue
        text = index.text(path)
        if text is None or not calls.search(text):
            continue
        scan = scans.get(path) or _scan(index, path)
        if scan is not None:
            remote.extend(_calls_of(index, path, scan, factories))
    called = {(c.factory_path, c.factory) for c in remote}
    kept = [c for c in candidates if c.instance or (c.path, c.factory) not in called]
    return kept + remote


def _calls_of(
    index: _Index, path: PurePosixPath, scan: _Scan, factories: Mapping[str, _Candidate]
) -> Iterator[_Candidate]:
    module, import_root = index.module(path)
    for node in scan.tree.body:
        for name, value in _assignments(node):
            if not isinstance(value, ast.Call):
                continue
            factory = factories.get(scan.qualified(value.func) or "")
            if factory is None:
                continue
            wired = _wired(scan.nodes, name) or factory.wired
            yield _Candidate(
                path, module, import_root, name, node.lineno, factory.attr, factory.path, wired
            )


# --------------------------------------------------------------------------- ranking


def _is_test(path: PurePosixPath) -> bool:
    name = path.name
    if name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py"):
        return True
    return any(part in _TEST_DIRS for part in path.parts[:-1])


def _is_aside(path: PurePosixPath) -> bool:
    return any(part in _ASIDE_DIRS for part in path.parts[:-1])


def _is_conventional(path: PurePosixPath) -> bool:
    parts = path.parts
    if parts[-1] != "main.py":
        return False
    return len(parts) <= 2 or (len(parts) == 3 and parts[0] == "src")


class _References:
    """Which modules other modules import, and which apps run configurations name."""

    def __init__(self, index: _Index) -> None:
        self._index = index
        self._imported_by: dict[str, set[PurePosixPath]] = {}
        self._targets: set[str] = set()
        for path in index.files:
            text = index.text(path)
            if text is not None:
                self._record(path, text)
        for text in map(index.text, _RUN_CONFIGS):
            if text is not None:
                self._targets.update(_run_targets(text))

    def _record(self, path: PurePosixPath, text: str) -> None:
        module, _ = self._index.module(path)
        is_package = path.name == "__init__.py"
        for imported in _imported_modules(text, module, is_package):
            self._imported_by.setdefault(imported, set()).add(path)
        # ``uvicorn.run("app.main:app")`` in a script names the app too.
        if any(server in text for server in _SERVERS):
            self._targets.update(_run_targets(text))

    def mention(self, candidate: _Candidate) -> bool:
        """True when another module imports the candidate's module or a config runs it."""
        if self._imported_by.get(candidate.module, set()) - {candidate.path}:
            return True
        target = f"{candidate.module}:{candidate.attr}"
        return target in self._targets or str(candidate.path) in self._targets


# ``uvicorn app.main:app``, ``"app.main:app"``, ``fastapi run app/main.py``.
_TARGET = re.compile(r"(?<![\w.])([A-Za-z_][\w.]*:[A-Za-z_]\w*)|fastapi\s+(?:run|dev)\s+(\S+\.py)")


_SERVERS = ("uvicorn", "gunicorn", "hypercorn", "granian", "fastapi run", "fastapi dev")


def _run_targets(text: str) -> Iterator[str]:
    for target, path in _TARGET.findall(text):
        yield target or path


_IMPORT_LINE = re.compile(
    r"^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)|import[ \t]+([^\n#]+))",
    re.MULTILINE,
)


def _imported_modules(text: str, module: str, is_package: bool) -> Iterator[str]:
    """The absolute names of the modules ``text`` imports (a cheap, regex-level read)."""
    if "import" not in text:
        return
    for match in _IMPORT_LINE.finditer(text):
        source, names, plain = match.groups()
        if plain is not None:
            yield from (n.split()[0] for n in plain.split(",") if n.strip())
            continue
        level = len(source) - len(source.lstrip("."))
        base = _absolute(module, is_package, level, source.lstrip(".") or None)
        if base is None:
            continue
        yield base
        for name in names.strip("()").replace("\n", " ").split(","):
            if name.split():
                yield f"{base}.{name.split()[0]}"


def _choose(index: _Index, candidates: list[_Candidate], mounted: set[str]) -> _Candidate:
    if not candidates:
        raise ProjectError(_none_found(index))
    if len(candidates) == 1 and not _is_test(candidates[0].path):
        return candidates[0]
    references = _References(index)
    keys = {
        c: (
            not _is_test(c.path),
            not _is_aside(c.path),
            c.qualified not in mounted,
            references.mention(c),
            _is_conventional(c.path),
            c.wired,
        )
        for c in candidates
    }
    best = max(keys.values())
    top = _best_per_module([c for c in candidates if keys[c] == best])
    if not best[0]:
        raise ProjectError(_none_found(index, tests_only=candidates))
    if len(top) > 1:
        raise ProjectError(_ambiguous(index, top))
    return top[0]


def _best_per_module(candidates: list[_Candidate]) -> list[_Candidate]:
    """Within one module, prefer the served object over a factory, then the name ``app``."""
    chosen: list[_Candidate] = []
    for path in sorted({c.path for c in candidates}):
        here = [c for c in candidates if c.path == path]
        rank = max((c.instance, c.attr == "app") for c in here)
        chosen.extend(c for c in here if (c.instance, c.attr == "app") == rank)
    return chosen


def _labels(candidates: list[_Candidate]) -> list[str]:
    # Two apps may share a module name under different import roots; then the
    # dotted path or the file's path (which --app also accepts) tells them apart.
    modules = [c.module for c in candidates]
    labels = []
    for c in sorted(candidates, key=lambda c: (c.path, c.line)):
        module = c.module if modules.count(c.module) == 1 else _hint_name(c.path)
        labels.append(f"{module}:{c.attr} ({c.path}:{c.line})")
    return labels


def _dotted_path(path: PurePosixPath) -> str:
    parts = path.parent.parts if path.name == "__init__.py" else path.with_suffix("").parts
    return ".".join(parts)


def _hint_name(path: PurePosixPath) -> str:
    """How ``--app`` names the module at ``path``: dotted when every part can be, else the path.

    ``part-01/app/main.py`` has no dotted form ``--app`` could take.
    """
    dotted = _dotted_path(path)
    return dotted if _DOTTED_MODULE.fullmatch(dotted) else str(path)


def _ambiguous(index: _Index, candidates: list[_Candidate]) -> str:
    listed = ", ".join(_labels(candidates))
    return (
        f"several FastAPI applications are equally likely in {index.project.root}: {listed}; "
        "pass --app module:attr to choose one"
    )


def _none_found(index: _Index, tests_only: list[_Candidate] | None = None) -> str:
    where = (
        f"no FastAPI application found in {index.project.root}: looked for a FastAPI() call "
        f"or a create_app() factory in {len(index.files)} Python files ({_LOOKED_AT}; "
        f"skipping {_SKIPPED})"
    )
    guarded = [] if tests_only else _guarded_apps(index)
    if guarded:
        return (
            f"no FastAPI application found in {index.project.root} at module level: "
            f'{", ".join(guarded)} builds one only under `if __name__ == "__main__":`, where '
            "a server importing the module cannot see it; move `app = FastAPI(...)` to "
            "module level and run again"
        )
    if tests_only:
        listed = ", ".join(_labels(tests_only))
        return f"{where}; only test code builds one ({listed}); pass --app module:attr to use it"
    unreadable = [str(p) for p in index.unreadable if str(p).endswith(".py")]
    if unreadable:
        shown = ", ".join(unreadable[:3])
        more = f" and {len(unreadable) - 3} more" if len(unreadable) > 3 else ""
        return (
            f"{where}; {shown}{more} could not be read as UTF-8: if the app is there, "
            "save it as UTF-8 and run again"
        )
    return f"{where}; pass --app module:attr if the app is built in a way fastprod does not follow"


def _guarded_apps(index: _Index) -> list[str]:
    """``path:line`` of each app built only when the module runs as a script."""
    found: list[str] = []
    for path in index.files:
        text = index.text(path)
        if text is None or "__main__" not in text or not _MAY_BUILD_APP.search(text):
            continue
        try:
            scan = _scan(index, path)
        except ProjectError:
            continue
        if scan is None:
            continue
        for block in scan.tree.body:
            if isinstance(block, ast.If) and _is_main_guard(block.test):
                found += [f"{path}:{n.lineno}" for n in _guarded_builds(scan, block)]
    return found


def _guarded_builds(scan: _Scan, block: ast.If) -> Iterator[ast.stmt]:
    for node in ast.walk(block):
        if isinstance(node, ast.Assign | ast.AnnAssign) and scan.builds_app(node.value):
            yield node


# --------------------------------------------------------------------------- the app


def find_app(project: Project) -> AppLocation:
    """Locate the project's FastAPI application.

    Honours ``project.app_hint`` (``module:attr`` from ``--app``) when given.
    Otherwise every module that names ``FastAPI`` is parsed, and candidates are
    ranked: application code before tests, scripts and examples; a module that
    others import or a run configuration names; the conventional paths
    (``main.py``, ``app/main.py``, ``src/<pkg>/main.py``); an app with routes.

    Raises:
        ProjectError: No application, several equally likely ones, an ``--app``
            that does not resolve, or a candidate module that does not parse.
    """
    index = _Index(project)
    if project.app_hint is not None:
        return _from_hint(index, project.app_hint)
    candidates, scans = _all_candidates(index)
    mounted: set[str] = set()
    for scan in scans.values():
        mounted |= scan.mounted()
    return _choose(index, candidates, mounted).location()


_DOTTED_MODULE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_HINT = re.compile(rf"({_DOTTED_MODULE.pattern}|[^:]+\.py):([A-Za-z_]\w*)")


def _from_hint(index: _Index, hint: str) -> AppLocation:
    match = _HINT.fullmatch(hint.strip())
    if match is None:
        raise ProjectError(f"--app expects module:attr, such as app.main:app; got {hint!r}")
    module, attr = match.groups()
    path = _hinted_path(index, module, hint) or _hinted_file(index, module, hint)
    scan = _scan(index, path)
    if scan is None:
        raise ProjectError(f"--app {hint}: {path} cannot be read")
    for candidate in _module_candidates(index, path, scan):
        if candidate.attr == attr:
            return candidate.location()
    if attr not in scan.bindings():
        raise ProjectError(f"--app {hint}: {path} defines no module-level {attr!r}")
    return _remote_or_plain(index, path, scan, attr).location()


def _hinted_path(index: _Index, text: str, hint: str) -> PurePosixPath | None:
    """The file an ``--app path/to/main.py:app`` names, or ``None`` for a dotted module."""
    if not text.endswith(".py"):
        return None
    path = PurePosixPath(os.path.normpath(text.replace("\\", "/")))
    if path in index.files:
        return path
    # ``pkg.py:app`` may still be module ``py`` of package ``pkg``.
    if _DOTTED_MODULE.fullmatch(text):
        return None
    raise ProjectError(f"--app {hint}: no Python file {path} in {index.project.root}")


def _hinted_file(index: _Index, module: str, hint: str) -> PurePosixPath:
    last = module.rsplit(".", 1)[-1]
    named = [
        p
        for p in index.files
        if p.stem == last or (p.name == "__init__.py" and p.parent.name == last)
    ]
    by_module = [p for p in named if index.module(p)[0] == module]
    exact = [p for p in named if _dotted_path(p) == module]
    # ``uvicorn main:app`` run from the root loads ./main.py before tools/main.py.
    matches = [p for p in by_module if p in exact] or by_module or exact
    if not matches:
        also = f" nor file {module}" if module.endswith(".py") else ""
        raise ProjectError(f"--app {hint}: no module {module!r}{also} in {index.project.root}")
    if len(matches) > 1:
        listed = ", ".join(str(p) for p in matches)
        raise ProjectError(
            f"--app {hint}: {module!r} could be {listed}; name it by its path, "
            f"such as {_hint_name(matches[0])}:{hint.rsplit(':', 1)[1]}"
        )
    return matches[0]


def _remote_or_plain(index: _Index, path: PurePosixPath, scan: _Scan, attr: str) -> _Candidate:
    """The chosen attribute, with the factory it calls if that is found in the project."""
    module, import_root = index.module(path)
    for node in scan.tree.body:
        for name, value in _assignments(node):
            if name != attr or not isinstance(value, ast.Call):
                continue
            found = _factory_at(index, scan.qualified(value.func))
            if found is not None:
                where, factory = found
                return _Candidate(
                    path=path,
                    module=module,
                    import_root=import_root,
                    attr=attr,
                    line=node.lineno,
                    factory=factory.name,
                    factory_path=where,
                    wired=factory.wired,
                )
    return _Candidate(path, module, import_root, attr, 1, None, None, wired=False)


def _factory_at(index: _Index, qualified: str | None) -> tuple[PurePosixPath, _Factory] | None:
    """The project module and factory that ``qualified`` (``pkg.mod.create_app``) names."""
    if qualified is None or "." not in qualified:
        return None
    module, name = qualified.rsplit(".", 1)
    path = index.file_of(module)
    scan = None if path is None else _scan(index, path)
    if path is None or scan is None or name not in scan.factories:
        return None
    return path, scan.factories[name]


# --------------------------------------------------------------------------- settings


_SETTINGS_BASES = SETTINGS_BASES


@dataclass(frozen=True, slots=True)
class _SettingsClass:
    path: PurePosixPath
    name: str
    line: int
    qualified: str
    base: str
    pydantic_v1: bool
    config_line: int | None


def _settings_classes(index: _Index) -> list[_SettingsClass]:
    """Every class deriving from ``BaseSettings``, directly or through project classes."""
    known = dict(_SETTINGS_BASES)
    found: dict[str, _SettingsClass] = {}
    # BaseSettings may be imported under another name, so the first round asks
    # only for the word; later rounds look for ``class X(<a class found>)``.
    new = _settings_round(
        index, known, found, _mentions_subclass_of(["BaseSettings"], any_base=True)
    )
    while new:
        names = sorted({c.name for c in new})
        new = _settings_round(index, known, found, _mentions_subclass_of(names))
    return sorted(found.values(), key=lambda c: (c.path, c.line))


def _mentions_subclass_of(names: list[str], *, any_base: bool = False) -> Callable[[str], bool]:
    """A cheap text test: may this module define a class deriving from one of ``names``?"""
    words = "|".join(map(re.escape, names))
    base = r"\w" if any_base else rf"\b(?:{words})\b"
    pattern = re.compile(rf"\bclass\s+\w+\s*\([^)]*{base}")

    def test(text: str) -> bool:
        # The substring test first: the pattern is far slower on large modules.
        return any(name in text for name in names) and pattern.search(text) is not None

    return test


def _settings_round(
    index: _Index,
    known: dict[str, bool],
    found: dict[str, _SettingsClass],
    relevant: Callable[[str], bool],
) -> list[_SettingsClass]:
    new: list[_SettingsClass] = []
    for path in index.files:
        text = index.text(path)
        if text is None or not relevant(text):
            continue
        scan = _scan(index, path)
        for cls in [] if scan is None else _settings_in(path, scan, known):
            if cls.qualified not in found:
                found[cls.qualified] = cls
                new.append(cls)
    return new


def _settings_in(
    path: PurePosixPath, scan: _Scan, known: dict[str, bool]
) -> Iterator[_SettingsClass]:
    for node in scan.tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = [q for q in map(scan.qualified, node.bases) if q in known]
        if not bases:
            continue
        qualified = f"{scan.module}.{node.name}"
        known[qualified] = known[bases[0]]
        config = next(
            (s.lineno for s in node.body if isinstance(s, ast.ClassDef) and s.name == "Config"),
            None,
        )
        yield _SettingsClass(
            path, node.name, node.lineno, qualified, bases[0], known[bases[0]], config
        )


def find_settings(project: Project) -> SettingsLocation | None:
    """Find the project's pydantic ``BaseSettings`` class, if it has one.

    Among the most derived classes, the one closest to the app, in a module
    named ``config`` or ``settings``, or named ``Settings`` is chosen. When
    several remain (``DevSettings``, ``ProdSettings``), their nearest common
    base is: that is where a setting for every environment belongs.

    Raises:
        ProjectError: A module defining a settings class does not parse.
    """
    classes = [c for c in _settings_classes(_Index(project)) if not _is_test(c.path)]
    bases = {c.base for c in classes}
    leaves = [c for c in classes if c.qualified not in bases]
    if len(leaves) <= 1:
        return next((SettingsLocation(c.path, c.name) for c in leaves), None)
    app_dir = _app_dir(project)
    keys = {c.qualified: _settings_rank(c, app_dir) for c in leaves}
    best = max(keys.values())
    tied = [c for c in leaves if keys[c.qualified] == best]
    chosen = (_common_base(tied, classes) if len(tied) > 1 else None) or tied[0]
    return SettingsLocation(chosen.path, chosen.name)


def _settings_rank(cls: _SettingsClass, app_dir: PurePosixPath | None) -> tuple[bool, ...]:
    in_app = app_dir is not None and app_dir in cls.path.parents
    return (in_app, cls.path.stem in ("config", "settings"), cls.name == "Settings")


def _common_base(
    leaves: list[_SettingsClass], classes: list[_SettingsClass]
) -> _SettingsClass | None:
    """The most derived project class every one of ``leaves`` inherits from."""
    by_name = {c.qualified: c for c in classes}

    def lineage(cls: _SettingsClass | None) -> list[str]:
        chain = []
        while cls is not None and cls.qualified not in chain:
            chain.append(cls.qualified)
            cls = by_name.get(cls.base)
        return chain

    first, *others = map(lineage, leaves)
    shared = set(first).intersection(*others)
    return next((by_name[name] for name in first if name in shared), None)


def _app_dir(project: Project) -> PurePosixPath | None:
    try:
        app = project.app
    except ProjectError:
        # Settings are still worth finding when the app is not.
        return None
    return app.package or app.code_dir


# --------------------------------------------------------------------------- manifest


def _pyproject(project: Project, base: PurePosixPath) -> dict[str, Any] | None:
    path = base / "pyproject.toml"
    text = project.read_text(path)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProjectError(f"{path} is not valid TOML: {error}") from None


def _manifest_dir(project: Project, near: PurePosixPath | None) -> PurePosixPath:
    """The directory whose manifest describes the code at ``near``.

    The root, when it has a manifest. A repository whose root has none
    (``backend/`` beside ``frontend/``, one directory per service) is described
    by the manifest nearest above ``near``.
    """
    if near is None or _has_manifest(project, _ROOT):
        return _ROOT
    return next((d for d in near.parents if _has_manifest(project, d)), _ROOT)


def _has_manifest(project: Project, directory: PurePosixPath) -> bool:
    # A pyproject.toml that only configures tools names no dependencies.
    data = _pyproject(project, directory)
    if data is not None and _pyproject_kind(data) is not None:
        return True
    return any(project.exists(directory / name) for name in _REQUIREMENTS)


def _app_manifest_dir(project: Project) -> PurePosixPath:
    """:func:`_manifest_dir` for the app; the root when there is no app to go by."""
    # Finding the app costs a parse of its modules: only a root without a manifest needs it.
    if _has_manifest(project, _ROOT):
        return _ROOT
    try:
        app = project.app
    except ProjectError:
        return _ROOT
    return _manifest_dir(project, app.path)


def _table(data: Mapping[str, Any] | None, *keys: str) -> dict[str, Any] | None:
    """``data[k1][k2]...`` when every step is a table, else ``None``."""
    current: Any = data
    for key in keys:
        if not isinstance(current, dict):
            return None
        current = current.get(key)
    return current if isinstance(current, dict) else None


def _pyproject_kind(data: dict[str, Any]) -> str | None:
    project = _table(data, "project")
    poetry = _table(data, "tool", "poetry")
    poetry_deps = _table(poetry, "dependencies")
    # Poetry 2 projects may carry a bare [project] and keep dependencies in Poetry's table.
    if project is not None and ("dependencies" in project or not poetry_deps):
        return "pep621"
    if poetry is not None:
        return "poetry"
    return None


def find_manifest(project: Project) -> Manifest | None:
    """Find the dependency manifest.

    ``pyproject.toml`` with ``[project]`` (PEP 621) or ``[tool.poetry]``, else
    ``requirements.txt``, ``requirements/base.txt`` or ``requirements/prod.txt``.

    In a repository whose root has none, the manifest nearest above the app
    (``backend/pyproject.toml``).

    Raises:
        ProjectError: ``pyproject.toml`` is not valid TOML.
    """
    base = _app_manifest_dir(project)
    data = _pyproject(project, base)
    kind = None if data is None else _pyproject_kind(data)
    if kind == "pep621":
        return Manifest(base / "pyproject.toml", "pep621")
    if kind == "poetry":
        return Manifest(base / "pyproject.toml", "poetry")
    for name in _REQUIREMENTS:
        if project.exists(base / name):
            return Manifest(base / name, "requirements")
    return None


# --------------------------------------------------------------------------- versions


@dataclass(frozen=True, slots=True)
class _Bound:
    """The versions a constraint allows, as release tuples; ``None`` is unbounded."""

    lower: tuple[int, ...] | None = None
    upper: tuple[int, ...] | None = None
    inclusive: bool = False

    def allows_from(self, version: tuple[int, ...]) -> bool:
        """True when some release at or above ``version`` is allowed."""
        if self.upper is None:
            return True
        if self.inclusive:
            return _norm(self.upper) >= _norm(version)
        return _norm(self.upper) > _norm(version)


def _norm(release: tuple[int, ...]) -> tuple[int, ...]:
    # (2,) and (2, 0, 0) are the same release; trailing zeros compare wrongly.
    trimmed = list(release)
    while trimmed and trimmed[-1] == 0:
        trimmed.pop()
    return tuple(trimmed)


def _both(a: _Bound, b: _Bound) -> _Bound:
    lowers = [x for x in (a.lower, b.lower) if x is not None]
    lower = max(lowers, key=_norm) if lowers else None
    uppers = [x for x in (a, b) if x.upper is not None]
    if not uppers:
        return _Bound(lower)
    # At equal uppers the exclusive one (inclusive=False) is the tighter.
    tight = min(uppers, key=lambda x: (_norm(x.upper or ()), x.inclusive))
    return _Bound(lower, tight.upper, tight.inclusive)


def _either(bounds: list[_Bound]) -> _Bound:
    if not bounds:
        return _Bound()
    lowers = [b.lower for b in bounds]
    lower = None if None in lowers else min((x for x in lowers if x), key=_norm)
    uppers = [b for b in bounds if b.upper is not None]
    if len(uppers) < len(bounds):
        return _Bound(lower)
    top = max(uppers, key=lambda b: (_norm(b.upper or ()), b.inclusive))
    return _Bound(lower, top.upper, top.inclusive)


def _release(text: str) -> tuple[int, ...] | None:
    try:
        return Version(text).release
    except InvalidVersion:
        return None


def _bump(release: tuple[int, ...], index: int) -> tuple[int, ...]:
    return (*release[:index], release[index] + 1)


def _clause(operator: str, text: str) -> _Bound:
    """The bound one ``<operator><version>`` clause sets (PEP 440 and Poetry operators)."""
    wildcard = text.endswith(".*")
    release = _release(text.removesuffix(".*"))
    if release is None or operator == "!=":
        return _Bound()
    if operator in (">=", ">"):
        return _Bound(lower=release)
    if operator in ("<", "<="):
        return _Bound(upper=release, inclusive=operator == "<=")
    if operator in ("==", "===", "="):
        if wildcard:
            return _Bound(release, _bump(release, len(release) - 1))
        return _Bound(release, release, inclusive=True)
    return _Bound(release, _compatible_upper(operator, release))


def _compatible_upper(operator: str, release: tuple[int, ...]) -> tuple[int, ...] | None:
    if operator == "~=":
        return _bump(release, len(release) - 2) if len(release) >= 2 else None
    if operator == "~":
        return _bump(release, 1 if len(release) >= 2 else 0)
    if operator == "^":
        significant = next((i for i, n in enumerate(release) if n), len(release) - 1)
        return _bump(release, significant)
    return None


def _pep440(spec: str) -> _Bound | None:
    try:
        specifiers = SpecifierSet(spec)
    except InvalidSpecifier:
        return None
    bound = _Bound()
    for specifier in specifiers:
        bound = _both(bound, _clause(specifier.operator, specifier.version))
    return bound


_POETRY_CLAUSE = re.compile(r"(\^|~=|~|===|==|!=|<=|>=|<|>|=)?\s*(\*|\d[\w.*+!-]*)")


def _poetry(spec: str) -> _Bound | None:
    """Read a Poetry constraint: ``^1.2``, ``~1.2``, ``>=1,<2``, ``1.2.*``, ``a || b``."""
    alternatives = []
    for part in re.split(r"\|\|?", spec):
        bound = _Bound()
        for operator, version in _POETRY_CLAUSE.findall(part):
            if version != "*" and operator != "!=":
                bound = _both(bound, _clause(operator or "==", version))
        alternatives.append(bound)
    return _either(alternatives) if alternatives else None


@dataclass(frozen=True, slots=True)
class _Declared:
    """A Python lower bound and where it was declared."""

    value: tuple[int, int]
    spec: str
    source: str


def _declared_python(project: Project, base: PurePosixPath) -> _Declared | None:
    data = _pyproject(project, base) or {}
    pyproject = base / "pyproject.toml"
    requires = (_table(data, "project") or {}).get("requires-python")
    if isinstance(requires, str):
        source = f"{pyproject} [project] requires-python"
        found = _python_bound(_pep440(requires), requires, source)
        if found is not None:
            return found
    python = (_table(data, "tool", "poetry", "dependencies") or {}).get("python")
    if isinstance(python, str):
        source = f"{pyproject} [tool.poetry.dependencies] python"
        found = _python_bound(_poetry(python), python, source)
        if found is not None:
            return found
    return _python_version_file(project, base) or _python_version_file(project, _ROOT)


def _python_bound(bound: _Bound | None, spec: str, source: str) -> _Declared | None:
    if bound is None or bound.lower is None:
        return None
    padded = (*bound.lower, 0)
    return _Declared((padded[0], padded[1]), spec.strip(), source)


def _python_version_file(project: Project, base: PurePosixPath) -> _Declared | None:
    path = base / ".python-version"
    text = project.read_text(path)
    if text is None:
        return None
    found = [
        (int(m.group(1)), int(m.group(2)))
        for line in text.splitlines()
        if not line.lstrip().startswith("#")
        for m in [re.search(r"(\d+)\.(\d+)", line)]
        if m is not None
    ]
    if not found:
        return None
    lowest = min(found)
    return _Declared(lowest, f"{lowest[0]}.{lowest[1]}", str(path))


@dataclass(frozen=True, slots=True)
class _Pin:
    """A dependency as the project declares it."""

    name: str
    spec: str
    bound: _Bound
    source: PurePosixPath


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pep508(line: str, source: PurePosixPath) -> _Pin | None:
    try:
        requirement = Requirement(line)
    except InvalidRequirement:
        return None
    spec = str(requirement.specifier)
    return _Pin(_normalize(requirement.name), spec, _pep440(spec) or _Bound(), source)


def _manifest_pins(project: Project, base: PurePosixPath) -> list[_Pin]:
    data = _pyproject(project, base) or {}
    source = base / "pyproject.toml"
    pins: list[_Pin] = []
    dependencies = (_table(data, "project") or {}).get("dependencies")
    if isinstance(dependencies, list):
        pins += [p for d in dependencies if isinstance(d, str) for p in [_pep508(d, source)] if p]
    poetry = _table(data, "tool", "poetry", "dependencies") or {}
    pins += [p for name, value in poetry.items() for p in _poetry_pins(name, value, source)]
    return pins


def _poetry_pins(name: str, value: Any, source: PurePosixPath) -> Iterator[_Pin]:
    # A dependency is "^1.2", {version = "^1.2", extras = [...]}, or a list of those.
    entries = value if isinstance(value, list) else [value]
    bounds: list[_Bound] = []
    specs: list[str] = []
    for entry in entries:
        spec = entry.get("version") if isinstance(entry, dict) else entry
        if isinstance(spec, str):
            bounds.append(_poetry(spec) or _Bound())
            specs.append(spec)
    if bounds:
        yield _Pin(_normalize(name), " || ".join(specs), _either(bounds), source)


def _requirements_pins(
    project: Project, path: PurePosixPath, seen: set[PurePosixPath]
) -> Iterator[_Pin]:
    text = project.read_text(path)
    if text is None or path in seen or len(seen) > 20:
        return
    seen.add(path)
    for line in _requirement_lines(text):
        included = re.match(r"(?:-r|--requirement)[\s=]+(\S+)", line)
        if included is not None:
            target = PurePosixPath(os.path.normpath(path.parent / included.group(1)))
            # An include outside the project is not the project's to read.
            if not target.is_absolute() and target.parts[:1] != ("..",):
                yield from _requirements_pins(project, target, seen)
        elif not line.startswith("-"):
            pin = _pep508(re.split(r"\s--?\w", line, maxsplit=1)[0], path)
            if pin is not None:
                yield pin


def _requirement_lines(text: str) -> Iterator[str]:
    for raw in text.replace("\\\r\n", " ").replace("\\\n", " ").splitlines():
        # pip reads " #" as a comment; a "#" glued to a URL fragment is not one.
        line = re.split(r"(?:^|\s)#", raw, maxsplit=1)[0].strip()
        if line:
            yield line


def _pins(project: Project, names: frozenset[str], base: PurePosixPath) -> list[_Pin]:
    """The pins of ``names`` from the first source in ``base`` that declares any of them.

    The manifest comes first; requirement files back it up, as when a
    ``pyproject.toml`` only configures tools.
    """
    sources: list[list[_Pin]] = [_manifest_pins(project, base)]
    for name in _REQUIREMENTS:
        sources.append(list(_requirements_pins(project, base / name, set())))
    for pins in sources:
        matching = [p for p in pins if p.name in names]
        if matching:
            return matching
    return []


_FASTAPI = frozenset({"fastapi", "fastapi-slim"})
_PYDANTIC = frozenset({"pydantic"})
_SQLMODEL = frozenset({"sqlmodel"})


def _lowest(pins: list[_Pin]) -> tuple[int, ...] | None:
    return _either([p.bound for p in pins]).lower if pins else None


def find_versions(project: Project) -> Versions:
    """Read the Python, FastAPI and Pydantic versions the project declares.

    Python comes from ``requires-python``, Poetry's ``python`` or
    ``.python-version``; FastAPI and Pydantic from the manifest's pins (then
    requirement files). Each is the lowest version allowed.

    Raises:
        ProjectError: ``pyproject.toml`` is not valid TOML.
    """
    base = _app_manifest_dir(project)
    declared = _declared_python(project, base)
    return Versions(
        python=None if declared is None else declared.value,
        fastapi=_lowest(_pins(project, _FASTAPI, base)),
        pydantic=_lowest(_pins(project, _PYDANTIC, base)),
    )


# --------------------------------------------------------------------------- support


def check_supported(project: Project) -> None:
    """Refuse a project fastprod cannot generate working code for.

    Raises:
        ProjectError: The project declares a Python below 3.10, or it is on
            Pydantic 1; the message says what was found and where.
    """
    base = _app_manifest_dir(project)
    declared = _declared_python(project, base)
    if declared is not None and declared.value < MIN_PYTHON:
        raise ProjectError(
            f"this project declares Python {declared.spec} ({declared.source}); fastprod "
            "generates code for Python 3.10 or newer: raise the lower bound to 3.10 or later"
        )
    if declared is not None and declared.value > sys.version_info[:2]:
        _refuse_newer_syntax(project, declared)
    evidence = _pydantic_v1_evidence(project, base)
    if evidence:
        raise ProjectError(
            f"this project is on Pydantic 1 ({'; '.join(evidence)}); fastprod generates code "
            "for Pydantic 2 and pydantic-settings: migrate first "
            "(https://docs.pydantic.dev/latest/migration/)"
        )


def _refuse_newer_syntax(project: Project, declared: _Declared) -> None:
    """Refuse a project written in a Python newer than the one fastprod runs on.

    Only when one of its modules does not parse: a reading that skipped it would
    miss what the project has (its own authentication, say).
    """
    for path in project.python_files:
        text = project.read_text(path)
        if text is None:
            continue
        try:
            project.sources.parse(text.removeprefix("\ufeff"), str(path))
        except (SyntaxError, ValueError) as error:
            line = getattr(error, "lineno", None) or 1
            running, wanted = _pythons(declared)
            raise ProjectError(
                f"{path}:{line}: Python {running} cannot read this file, and the project "
                f"declares Python {declared.spec} ({declared.source}): run fastprod under "
                f"Python {wanted} or newer. Nothing was changed"
            ) from None


def _pydantic_v1_evidence(project: Project, base: PurePosixPath) -> list[str]:
    pydantic = _pins(project, _PYDANTIC, base)
    evidence = [
        f"{p.source} allows only pydantic{p.spec}"
        for p in pydantic
        if not p.bound.allows_from((2,))
    ]
    evidence += [
        f"{p.source} pins fastapi{p.spec}, which predates Pydantic 2"
        for p in _pins(project, _FASTAPI, base)
        if not p.bound.allows_from((0, 100))
    ]
    # SQLModel runs on Pydantic 2 from 0.0.14: an older pin holds the project on 1.
    evidence += [
        f"{p.source} pins sqlmodel{p.spec}, which needs Pydantic 1"
        for p in _pins(project, _SQLMODEL, base)
        if not p.bound.allows_from((0, 0, 14))
    ]
    index = _Index(project)
    evidence += _v1_imports(index)
    # ``class Config`` still works (deprecated) on Pydantic 2; with pins that
    # allow Pydantic 1 it is what a Pydantic 1 project looks like.
    loose = [p for p in pydantic if p.bound.lower is not None and _norm(p.bound.lower) < (2,)]
    for cls in _settings_classes(index) if loose else []:
        if cls.config_line is not None and not cls.pydantic_v1:
            evidence.append(
                f"{cls.path}:{cls.config_line} configures {cls.name} with 'class Config' "
                f"and {loose[0].source} allows pydantic{loose[0].spec}"
            )
    return evidence


def _v1_imports(index: _Index) -> list[str]:
    """Where ``BaseSettings`` is imported from Pydantic 1's API."""
    found: list[str] = []
    for path in index.files:
        text = index.text(path)
        if text is None or "BaseSettings" not in text or _is_test(path):
            continue
        if not _FROM_PYDANTIC.search(text):
            continue
        try:
            tree = index.tree(path)
        except ProjectError:
            # Syntax of a newer Python, most likely; the pins still speak for the project.
            continue
        for node in [] if tree is None else _outside_fallbacks(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = {a.name for a in node.names}
                if "BaseSettings" in names and f"{node.module}.BaseSettings" in _V1_NAMES:
                    found.append(f"{path}:{node.lineno} imports BaseSettings from {node.module}")
    return found


def _outside_fallbacks(tree: ast.Module) -> Iterator[ast.AST]:
    """Every node except those in ``except`` blocks.

    ``try: from pydantic_settings import ... except ImportError: from pydantic
    import ...`` runs on Pydantic 2 too; only its fallback names Pydantic 1.
    """
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(c for c in ast.iter_child_nodes(node) if not isinstance(c, ast.ExceptHandler))


_FROM_PYDANTIC = re.compile(r"\bfrom\s+pydantic(?:\.v1)?(?:\.env_settings)?\s+import\b")
_V1_NAMES = frozenset(q for q, v1 in _SETTINGS_BASES.items() if v1)
