"""Include a router where the project keeps its routers, under its API prefix."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

import libcst as cst

from fastprod.core._changes import FileChange
from fastprod.core._errors import RecipeError
from fastprod.edits._common import (
    DEFAULT_PATH,
    edit_tree,
    in_module_style,
    keeps_bom,
    parse_snippet,
    python_tree,
)
from fastprod.edits._imports import import_into
from fastprod.edits._register import include_point, includes, router_into
from fastprod.project._project import AppLocation, Project


@dataclass(frozen=True, slots=True)
class RouterHome:
    """Where a project includes its routers.

    Attributes:
        path: The module holding the ``include_router`` calls.
        receiver: What they are called on: the app's name, or an aggregating
            ``APIRouter`` (``api_router``).
        is_app: True when ``receiver`` is the application itself.
        prefix: The prefix the app's own includes share (``/api/v1``), if any.
        served: The path every router included here is served under, before its
            own prefix: ``prefix`` for the app; for an aggregator, the prefix the
            app includes it with (``settings.API_V1_STR`` read from the settings'
            default) then the aggregator's own. ``None`` when it cannot be read.
        include_prefixes: True when the includes give the routers their prefix
            (``include_router(items.router, prefix="/items")``); False when each
            router module sets its own (``APIRouter(prefix="/items")``).
        module_package: The package whose router modules the includes import as
            modules (``from app.api.routes import items`` then ``items.router``),
            if they do.
    """

    path: PurePosixPath
    receiver: str
    is_app: bool
    prefix: str = ""
    served: str | None = ""
    include_prefixes: bool = True
    module_package: str | None = None


def find_router_home(project: Project) -> RouterHome:
    """Find where routers are included: an ``APIRouter`` aggregator, else the app.

    An aggregator is a module-level ``X = APIRouter(...)`` that other routers are
    included into (``api_router.include_router(items.router)``), in the app's
    code. With none, the app's module is the home, and the prefix its includes
    share (``/api/v1/users``, ``/api/v1/items`` share ``/api/v1``) is the prefix
    of a new router.

    Raises:
        ProjectError: The app cannot be found.
    """
    app = project.app
    text = project.read_text(app.edit_path) or ""
    found = [
        (path, receiver)
        for path in _code_files(project, app)
        if (receiver := _aggregator(project.read_text(path) or "")) is not None
    ]
    if len(found) > 1:
        # Several: the one the app includes is the API's; a feature's own router that
        # gathers its versions (``auth/api`` including ``auth/api/v1``) is not.
        included = {module for _, module in _included_modules(text, app.module, None)}
        top = [
            (path, r)
            for path, r in found
            if project.module_name(path)[0] in included
            or any(
                _include_call(project, home, None, app.module_of(path), r) is not None
                for home in {app.path, app.edit_path}
            )
        ]
        if len(top) > 1:
            found = []
        elif top:
            # ``/api`` gathering only ``/api/v1``: the routers live in the inner one.
            found = [_innermost(project, top[0], found), *found]
    if found:
        path, receiver = found[0]
        return _aggregator_home(project, path, receiver, found)
    prefix = _shared_prefix(text)
    return RouterHome(app.edit_path, app.attr, is_app=True, prefix=prefix, served=prefix)


Aggregator = tuple[PurePosixPath, str]


def served_prefix(project: Project, recipe: str, consequence: str) -> str:
    """The path the project serves a new router's routes under (``/api/v1``, or ``""``).

    Raises:
        RecipeError: Behind an aggregating ``APIRouter`` whose prefix cannot be read;
            ``consequence`` says what would go wrong ("The feature's tests would call
            the wrong paths").
    """
    home = find_router_home(project)
    if home.served is None:
        raise RecipeError(
            f"{home.path} aggregates the routers in {home.receiver}, and {recipe} cannot read "
            f"the path it is served under: the app's include_router({home.receiver}, "
            "prefix=...) and the APIRouter's own prefix must be a string, a module "
            "constant or a settings field with a string default (settings.API_V1_STR). "
            f"{consequence}; nothing was written"
        )
    return home.served


def _innermost(project: Project, top: Aggregator, found: list[Aggregator]) -> Aggregator:
    """The aggregator ``top`` leads to by including one other aggregator and nothing
    else, again and again; ``top`` itself when it includes routers of its own."""
    current, seen = top, {top}
    while True:
        path, receiver = current
        tree = _parsed(project.read_text(path) or "")
        imported = _imported_names(tree, _importer(project, path))
        calls = _include_calls(tree, receiver)
        inner = [
            other
            for other in found
            if other not in seen
            and any(
                c.args
                and _names_aggregator(
                    c.args[0], imported, project.app.module_of(other[0]), other[1]
                )
                for c in calls
            )
        ]
        if len(calls) != 1 or len(inner) != 1:
            return current
        current = inner[0]
        seen.add(current)


def _aggregator_home(
    project: Project, path: PurePosixPath, receiver: str, found: list[Aggregator]
) -> RouterHome:
    """The aggregator ``receiver`` of ``path``: where it is served, and how it includes."""
    tree = _parsed(project.read_text(path) or "")
    served = _served(project, (path, receiver), found, depth=0)
    calls = _include_calls(tree, receiver)
    include_prefixes = any(kw.arg == "prefix" for call in calls for kw in call.keywords)
    return RouterHome(
        path,
        receiver,
        is_app=False,
        served=served,
        include_prefixes=include_prefixes or not calls,
        module_package=_module_package(tree, _importer(project, path), calls),
    )


def _include_calls(tree: ast.Module, receiver: str) -> list[ast.Call]:
    """The module-level ``receiver.include_router(...)`` calls."""
    return [
        node.value
        for node in tree.body
        if _include_receiver(node) == receiver
        and isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
    ]


def _module_package(tree: ast.Module, home_module: str, calls: list[ast.Call]) -> str | None:
    """The package of the router modules ``calls`` include as ``module.router``, if all do."""
    imported = _imported_names(tree, home_module)
    packages = set()
    for call in calls:
        first = call.args[0] if call.args else None
        if not (isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name)):
            return None
        module = imported.get(first.value.id)
        if module is None or first.attr != "router":
            return None
        packages.add(module.rpartition(".")[0])
    return packages.pop() if len(packages) == 1 else None


def _own_prefix(project: Project, tree: ast.Module, receiver: str) -> str | None:
    """The ``prefix=`` of ``receiver = APIRouter(...)``: ``""`` when none, ``None`` unread."""
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and _is_api_router(node.value)):
            continue
        if receiver not in [t.id for t in node.targets if isinstance(t, ast.Name)]:
            continue
        assert isinstance(node.value, ast.Call)
        return _prefix_argument(project, tree, node.value)
    return None


def _served(
    project: Project, aggregator: Aggregator, found: list[Aggregator], *, depth: int
) -> str | None:
    """The path ``aggregator``'s routers are served under: where the app, or another
    aggregator, includes it, then its own prefix; ``None`` when it cannot be read."""
    path, receiver = aggregator
    app = project.app
    module = app.module_of(path)
    own = _own_prefix(project, _parsed(project.read_text(path) or ""), receiver)
    # The app's module, or the factory building it (which may take the aggregator).
    mount = _mount_prefix(project, app.path, None, module, receiver)
    if mount is None and app.edit_path != app.path:
        mount = _mount_prefix(project, app.edit_path, None, module, receiver)
    for outer in found if mount is None and depth < len(found) else []:
        if outer == aggregator:
            continue
        included = _mount_prefix(project, outer[0], outer[1], module, receiver)
        above = _served(project, outer, found, depth=depth + 1)
        if included is not None and above is not None:
            mount = above + included
            break
    return None if own is None or mount is None else (mount + own).rstrip("/")


def _mount_prefix(
    project: Project, path: PurePosixPath, includer: str | None, module: str, receiver: str
) -> str | None:
    """The prefix ``path`` (the app's module, or an aggregator ``includer``) includes the
    aggregator ``module.receiver`` with; ``None`` when it does not include it or its
    prefix cannot be read."""
    found = _include_call(project, path, includer, module, receiver)
    if found is None:
        return None
    call, tree = found
    return _prefix_argument(project, tree, call)


def _include_call(
    project: Project, path: PurePosixPath, includer: str | None, module: str, receiver: str
) -> tuple[ast.Call, ast.Module] | None:
    """``path``'s ``include_router`` of the aggregator ``module.receiver`` (into the
    router ``includer`` when given), and the module it is in. From the app's module,
    also the include of a factory it hands the aggregator to
    (``create_application(router=router)`` including its parameter ``router``)."""
    tree = _parsed(project.read_text(path) or "")
    imported = _imported_names(tree, _importer(project, path))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "include_router"):
            continue
        if includer is not None and not (
            isinstance(func.value, ast.Name) and func.value.id == includer
        ):
            continue
        if _names_aggregator(node.args[0], imported, module, receiver):
            return node, tree
    if includer is not None:
        return None
    return _factory_include(project, tree, imported, module, receiver)


def _factory_include(
    project: Project, tree: ast.Module, imported: dict[str, str], module: str, receiver: str
) -> tuple[ast.Call, ast.Module] | None:
    """The include, in a factory of the project's, of the parameter the app's module
    passes the aggregator as."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        passed = [
            (index, None)
            for index, arg in enumerate(node.args)
            if _names_aggregator(arg, imported, module, receiver)
        ] + [
            (None, kw.arg)
            for kw in node.keywords
            if kw.arg and _names_aggregator(kw.value, imported, module, receiver)
        ]
        if len(passed) != 1:
            continue
        source = imported.get(node.func.id)
        # A factory of the same module, or one it imports.
        local = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == node.func.id]
        found = (local[0], tree) if local else None
        if found is None and source is not None:
            found = _factory(project, source, node.func.id)
        if found is None:
            continue
        function, factory_tree = found
        names = [a.arg for a in function.args.args]
        index, keyword = passed[0]
        parameter = keyword if index is None else names[index] if index < len(names) else None
        for call in ast.walk(function):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "include_router"
                and call.args
                and isinstance(call.args[0], ast.Name)
                and call.args[0].id == parameter
            ):
                return call, factory_tree
    return None


def _factory(project: Project, source: str, name: str) -> tuple[ast.FunctionDef, ast.Module] | None:
    """The function ``name`` imported as ``source`` (``app.core.setup.create_app``)."""
    module = source.rpartition(".")[0] if source.endswith("." + name) else source
    for path in project.python_files:
        if project.app.module_of(path) != module:
            continue
        tree = _parsed(project.read_text(path) or "")
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == name:
                return node, tree
    return None


def _names_aggregator(node: ast.expr, imported: dict[str, str], module: str, receiver: str) -> bool:
    """True for ``api_router`` imported from ``module`` (or an alias), or ``main.api_router``."""
    if isinstance(node, ast.Name):
        return imported.get(node.id) in (f"{module}.{receiver}", module)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr == receiver and imported.get(node.value.id) == module
    return False


def _prefix_argument(project: Project, tree: ast.Module, call: ast.Call) -> str | None:
    """The value of the call's ``prefix=``: ``""`` when it has none, ``None`` when unread."""
    for keyword in call.keywords:
        if keyword.arg == "prefix":
            return _string_value(project, tree, keyword.value)
    return ""


def _string_value(project: Project, tree: ast.Module, node: ast.expr) -> str | None:
    """A literal string; a module constant (``API_PREFIX``); or a settings field read as
    ``settings.API_V1_STR`` (its default in the project's one class declaring it)."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.Name):
        values = _assigned_strings(tree.body, node.id)
        return values[0] if len(values) == 1 else None
    if not isinstance(node, ast.Attribute):
        return None
    found: set[str] = set()
    for path in _code_files(project, project.app):
        module = _parsed(project.read_text(path) or "")
        for cls in (n for n in module.body if isinstance(n, ast.ClassDef)):
            found.update(_assigned_strings(cls.body, node.attr))
    return found.pop() if len(found) == 1 else None


def _assigned_strings(body: Sequence[ast.stmt], name: str) -> list[str]:
    """The string constants ``name`` is given in ``body`` (``X = "..."``, ``X: str = "..."``)."""
    values: list[str] = []
    for node in body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            targets, value = [node.target.id], node.value
        elif isinstance(node, ast.Assign):
            targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
            value = node.value
        else:
            continue
        if name in targets and isinstance(value, ast.Constant) and isinstance(value.value, str):
            values.append(value.value)
    return values


def _code_files(project: Project, app: AppLocation) -> list[PurePosixPath]:
    code = app.package or app.code_dir
    return [
        path
        for path in project.python_files
        if path != app.edit_path and (code == PurePosixPath(".") or code in path.parents)
    ]


def _aggregator(text: str) -> str | None:
    """The module-level ``APIRouter`` other routers are included into, if any."""
    if "include_router" not in text or "APIRouter" not in text:
        return None
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    routers = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign) and _is_api_router(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in tree.body:
        receiver = _include_receiver(node)
        if receiver in routers:
            return receiver
    return None


def _is_api_router(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name == "APIRouter"


def _include_receiver(node: ast.stmt) -> str | None:
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return None
    func = node.value.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "include_router"
        and isinstance(func.value, ast.Name)
    ):
        return func.value.id
    return None


def _shared_prefix(text: str) -> str:
    """The leading path segments every literal ``prefix=`` of an include shares."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return ""
    prefixes = [
        keyword.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "include_router"
        for keyword in node.keywords
        if keyword.arg == "prefix"
        and isinstance(keyword.value, ast.Constant)
        and isinstance(keyword.value.value, str)
    ]
    if len(prefixes) < 2:
        return ""
    parts = [p.strip("/").split("/") for p in prefixes]
    # The last segment names each router; only what all share before it is the API's.
    common = _shared_segments([p[:-1] for p in parts])
    return "/" + "/".join(common) if common else ""


def _shared_segments(paths: Sequence[Sequence[str]]) -> list[str]:
    shared: list[str] = []
    for segments in zip(*paths, strict=False):
        if len(set(segments)) != 1:
            break
        shared.append(segments[0])
    return shared


def plan_router_include(
    project: Project,
    module: str,
    *,
    attr: str = "router",
    alias: str | None = None,
    prefix: str | None = None,
    tags: Sequence[str] | None = None,
    source: str | None = None,
) -> FileChange:
    """Include the router ``module.attr`` where the project includes its routers.

    The router is imported as ``alias`` (``<module's last part>_router`` unless
    given; relative when the home module imports its own package relatively),
    and included beside the other includes: into the aggregator, or into the app
    with the prefix the app's includes share prepended to ``prefix``.

    Pass ``source``, the home module's text as already planned in this run, to
    include a second router in the same change (``source=first.after``).

    Returns:
        The change of the home module (a no-op when the router is already included).
    """
    home = find_router_home(project)
    text = project.read_text(home.path) or ""
    planned = text if source is None else source
    name = alias or _default_alias(module, attr)
    full_prefix = None if prefix is None else home.prefix + prefix
    if prefix is None and home.prefix:
        full_prefix = home.prefix
    import_args = _import_args(project, home.path, planned, module)
    parent, _, stem = module.rpartition(".")
    if home.module_package == parent and attr == "router" and alias is None:
        # ``from app.api.routes import items`` then ``items.router``: the module joins them.
        edited = _module_included(planned, home, stem, import_args, full_prefix, tags)
        return FileChange(home.path, text, edited)
    edited = ensure_router_included(
        planned,
        home,
        project.app,
        name,
        import_from=import_args,
        attr=attr,
        prefix=full_prefix,
        tags=tags,
        path=str(home.path),
    )
    return FileChange(home.path, text, edited)


def _module_included(
    source: str,
    home: RouterHome,
    stem: str,
    import_args: tuple[str, int, tuple[str, ...]],
    prefix: str | None,
    tags: Sequence[str] | None,
) -> str:
    """``home``'s module importing the router module ``stem`` beside the others it
    imports so, and including ``stem.router``."""
    module, relative, first_party = import_args
    package = module.rpartition(".")[0]

    def edit(tree: cst.Module) -> cst.Module:
        if includes(tree, f"{stem}.router"):
            return tree
        tree = import_into(tree, package, stem, relative=relative, first_party=first_party)
        return _include_into(tree, home.receiver, f"{stem}.router", prefix, tags)

    return edit_tree(source, str(home.path), edit)


def _default_alias(module: str, attr: str) -> str:
    """``orders_router`` for ``app.routers.orders`` and for ``app.features.orders.router``."""
    parts = module.split(".")
    # A module named like its router (``orders/router.py``) takes its package's name.
    stem = (
        parts[-2] if parts[-1] in {attr, "routes", "api", "views"} and len(parts) > 1 else parts[-1]
    )
    return f"{stem}_{attr}"


def _import_args(
    project: Project, home: PurePosixPath, text: str, module: str
) -> tuple[str, int, tuple[str, ...]]:
    """``(module, relative, first_party)`` for importing ``module`` into ``home``."""
    app = project.app
    home_module = app.module_of(home)
    # A package's ``__init__`` is its package; a module's package is its parent.
    home_package = home_module if home.name == "__init__.py" else home_module.rpartition(".")[0]
    # The project's own top-level modules sort as its own, whichever recipe added them.
    from fastprod.project._project import first_party as project_first_party

    first_party = tuple(sorted({module.split(".")[0], *project_first_party(project)}))
    uses_relative = any(
        isinstance(node, ast.ImportFrom) and node.level > 0 for node in _parsed(text).body
    )
    if uses_relative and home_package and module.startswith(home_package + "."):
        return module[len(home_package) + 1 :], 1, first_party
    return module, 0, first_party


def _parsed(text: str) -> ast.Module:
    try:
        return ast.parse(text)
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


@keeps_bom
def ensure_router_included(
    source: str,
    home: RouterHome,
    app: AppLocation,
    name: str,
    *,
    import_from: tuple[str, int, tuple[str, ...]] | None = None,
    attr: str = "router",
    prefix: str | None = None,
    tags: Sequence[str] | None = None,
    path: str = DEFAULT_PATH,
) -> str:
    """Make sure ``home``'s module includes the router bound to ``name``.

    Args:
        source: The home module's text.
        home: Where routers are included (:func:`find_router_home`).
        app: The application (for a home that is the app).
        name: The name the router has in the module (``orders_router``).
        import_from: ``(module, relative, first_party)`` to import ``attr`` as ``name``.
        attr: The router's name in its own module.
        prefix: The URL prefix, as a plain string.
        tags: OpenAPI tags, as plain strings.
        path: The file's path, for error messages.

    Returns:
        The new text, or ``source`` itself when the router is already included.
    """

    def edit(tree: cst.Module) -> cst.Module:
        if includes(tree, name):
            return tree
        if import_from is not None:
            module, relative, first_party = import_from
            alias = None if name == attr else name
            tree = import_into(
                tree, module, attr, alias=alias, relative=relative, first_party=first_party
            )
        if home.is_app:
            return router_into(tree, app, name, prefix=prefix, tags=tags, path=path)
        return _include_into(tree, home.receiver, name, prefix, tags)

    return edit_tree(source, path, edit)


def _include_into(
    tree: cst.Module,
    receiver: str,
    name: str,
    prefix: str | None,
    tags: Sequence[str] | None,
) -> cst.Module:
    """Add ``receiver.include_router(name, ...)`` among the module's includes (by name).

    The module's last line when it has none.
    """
    arguments = [name]
    if prefix is not None:
        arguments.append(f"prefix={prefix!r}")
    if tags is not None:
        arguments.append(f"tags={list(tags)!r}")
    line = in_module_style(
        tree, parse_snippet(f"{receiver}.include_router({', '.join(arguments)})")
    )
    body = list(tree.body)
    at = include_point(tree, body, receiver, name)
    body.insert(len(body) if at is None else at, line)
    return tree.with_changes(body=body)


def new_router_path(project: Project, name: str) -> PurePosixPath:
    """Where a new router module named ``name`` goes, following the project's own routers.

    The modules of the routers the home module includes show the pattern:
    ``app/routers/items.py`` gives ``app/routers/<name>.py``;
    ``app/features/health/router.py`` gives ``app/features/<name>/router.py``.
    With no included router to follow, the module goes beside the app's
    (``<name>.py``, or ``routers/<name>.py`` in a package).
    """
    home = find_router_home(project)
    app = project.app
    text = project.read_text(home.path) or ""
    places: list[PurePosixPath] = []
    for router_name, module in _included_modules(
        text, _importer(project, home.path), home.receiver
    ):
        found = _pattern_path(app.import_root, module, router_name, name)
        # ``from app.routes import router``: the router is in the module routes.py,
        # not in a routes/ package; the new module goes beside it.
        if found is not None and _module_not_package(project, found.parent):
            found = found.parent.parent / f"{name}.py"
        if found is not None:
            places.append(found)
    # ``core/auth.py`` included before ``routes/views.py``: a feature follows the
    # routes, not the app's plumbing, when the project has both.
    features = [p for p in places if not _PLUMBING & set(p.parent.parts)]
    if features or places:
        return (features or places)[0]
    if app.package is None:
        return app.code_dir / f"{name}.py"
    return app.package / "routers" / f"{name}.py"


# Folders that hold an app's plumbing (its sign-in, settings, helpers), not its features.
_PLUMBING = frozenset({"core", "common", "shared", "utils", "util", "lib", "internal"})


def _module_not_package(project: Project, directory: PurePosixPath) -> bool:
    if not directory.name:
        return False
    missing = not project.exists(directory / "__init__.py")
    return missing and project.exists(directory.with_suffix(".py"))


def _included_modules(text: str, home_module: str, receiver: str | None) -> list[tuple[str, str]]:
    """``(router name, module)`` for each router ``receiver`` (``None``: anything) includes,
    in file order."""
    tree = _parsed(text)
    imported = _imported_names(tree, home_module)
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        if not (
            isinstance(func, ast.Attribute)
            and func.attr == "include_router"
            and isinstance(func.value, ast.Name)
            and receiver in (None, func.value.id)
        ):
            continue
        first = node.args[0]
        # ``items.router``: the module ``items``; ``health_router``: the name itself.
        bound = (
            first.value.id
            if isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name)
            else None
        )
        bound = bound or (first.id if isinstance(first, ast.Name) else None)
        if bound is not None and bound in imported:
            found.append((bound.removesuffix("_router"), imported[bound]))
    return found


def _importer(project: Project, path: PurePosixPath) -> str:
    """The module ``path`` is, spelled so that its package is what its relative imports
    start from: ``app.api.__init__`` for ``app/api/__init__.py``."""
    module = project.app.module_of(path)
    return f"{module}.__init__" if path.name == "__init__.py" else module


def _imported_names(tree: ast.Module, home_module: str) -> dict[str, str]:
    """Each name the module imports, to the dotted module it stands for (or comes from)."""
    package = home_module.rpartition(".")[0]
    names: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom):
            continue
        base = node.module or ""
        if node.level:
            parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            base = f"{parent}.{base}".strip(".") if base else parent
        for alias in node.names:
            bound = alias.asname or alias.name
            # ``from .routers import items``: items is a module; ``import router as x``: a name.
            names[bound] = f"{base}.{alias.name}" if alias.asname is None else base
    return names


def _pattern_path(
    root: PurePosixPath, module: str, router_name: str, name: str
) -> PurePosixPath | None:
    parts = module.split(".")
    if parts[-1] == router_name:
        return root / PurePosixPath(*parts[:-1]) / f"{name}.py"
    if len(parts) >= 2 and parts[-2] == router_name:
        return root / PurePosixPath(*parts[:-2]) / name / f"{parts[-1]}.py"
    return None


def import_form(source: str, app: AppLocation, module: str) -> tuple[str, int]:
    """How the app's module imports ``module``: ``(name, level)`` for :func:`ensure_import`.

    Relatively (``("cache", 1)``) when the app's module imports its own siblings
    only that way, else absolutely (``("app.cache", 0)``); a module outside the
    app's package is always absolute.

    Args:
        source: The text of the app's module.
        app: Where the app is.
        module: The dotted module to import.
    """
    path = app.edit_path
    package = app.module_of(path if path.name == "__init__.py" else path.parent / "__init__.py")
    if app.package is None or not module.startswith(package + "."):
        return module, 0
    top = package.split(".")[0]
    relative = absolute = False
    for node in ast.walk(python_tree(source)):
        if isinstance(node, ast.ImportFrom):
            relative |= node.level > 0
            absolute |= node.level == 0 and (node.module or "").split(".")[0] == top
    if relative and not absolute:
        return module.removeprefix(package + "."), 1
    return module, 0
