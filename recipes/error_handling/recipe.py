"""Add a structured error hierarchy and route every failure through one JSON envelope.

Creates the errors module (``AppError`` and its subclasses, the handlers and
``register_error_handlers``) beside the app, calls ``register_error_handlers``
where the app is built, and adds tests for the envelope when the project has
a ``tests/`` directory.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from fastprod import AppLocation, ChangeSet, FileChange, Project, Recipe, RecipeError
from fastprod.edit import add_app_statement, ensure_import
from fastprod.templates import render

TEMPLATES = Path(__file__).parent / "templates"
REGISTER = "register_error_handlers"
MARKER = f"def {REGISTER}("


@dataclass(frozen=True, slots=True)
class Params:
    """``error_handling`` takes no parameters."""


def errors_path(app: AppLocation, project: Project) -> PurePosixPath:
    """Where the errors module goes: ``core/errors.py`` if the app has ``core/``."""
    code_dir = app.edit_path.parent
    core = code_dir / "core"
    if app.package is not None and project.exists(core / "__init__.py"):
        return core / "errors.py"
    return code_dir / "errors.py"


def plan(params: Params, project: Project) -> ChangeSet:
    """Plan the errors module, its registration in the app, and its tests."""
    app = project.app
    path = errors_path(app, project)
    _refuse_other_handlers(project, path)
    module = app.module_of(path)
    newline = "\r\n" if "\r\n" in (project.read_text(app.edit_path) or "") else "\n"
    changes = [_errors_module(project, path, newline), _wire(project, app, module)]
    messages: list[str] = []
    tests = _tests(project, app, module, newline)
    if tests is None:
        messages.append("no tests/ directory next to the app: the envelope's tests were not added")
    else:
        changes += tests
    return ChangeSet(tuple(changes), tuple(messages))


def _errors_module(project: Project, path: PurePosixPath, newline: str) -> FileChange:
    text = render(TEMPLATES, "errors.py.jinja", {}, newline=newline)
    current = project.read_text(path)
    if current is not None and MARKER not in current:
        raise RecipeError(
            f"{path} exists and does not define {REGISTER}(); rename it or add the "
            "handlers yourself, then run again"
        )
    # An errors module of ours that the user has since edited is theirs to keep.
    return FileChange(path, current, text if current is None else current)


def _wire(project: Project, app: AppLocation, module: str) -> FileChange:
    path = app.edit_path
    source = project.read_text(path)
    if source is None:
        raise RecipeError(f"cannot read {path}")
    package = app.module_of(path if path.name == "__init__.py" else path.parent / "__init__.py")
    relative, target = _import_form(source, package, module, inside_package=app.package is not None)
    top = module.split(".")[0]
    wired = ensure_import(
        source, target, REGISTER, relative=relative, first_party={top}, path=str(path)
    )
    wired = add_app_statement(wired, app, f"{REGISTER}({{app}})", path=str(path))
    return FileChange(path, source, wired)


def _import_form(
    source: str, package: str, module: str, *, inside_package: bool
) -> tuple[int, str]:
    """Import the errors module the way ``source`` imports its siblings.

    Relative when the module already uses relative imports (or has no import of
    its own package); absolute when it imports its package by name. A single-file
    app imports it by name.
    """
    if not inside_package:
        return 0, module
    top = package.split(".")[0]
    absolute = relative = False
    for node in ast.walk(_parsed(source)):
        if isinstance(node, ast.ImportFrom):
            relative |= node.level > 0
            absolute |= node.level == 0 and (node.module or "").split(".")[0] == top
        elif isinstance(node, ast.Import):
            absolute |= any(alias.name.split(".")[0] == top for alias in node.names)
    if absolute and not relative:
        return 0, module
    return 1, module.removeprefix(package + ".")


def _parsed(source: str) -> ast.Module:
    try:
        return ast.parse(source.removeprefix("\ufeff"))
    except SyntaxError:
        # ensure_import reports the syntax error with its path and line.
        return ast.Module(body=[], type_ignores=[])


# The envelope's own tests, and the handlers' line by line against the served app.
TEST_MODULES = ("test_errors.py", "test_error_handlers.py")


def _tests(
    project: Project, app: AppLocation, module: str, newline: str
) -> list[FileChange] | None:
    folder = _tests_dir(project, app)
    if folder is None:
        return None
    context = {"errors_module": module, "app_module": app.module, "app_attr": app.attr}
    changes = []
    for name in TEST_MODULES:
        path = folder / name
        text = render(TEMPLATES, f"tests/{name}.jinja", context, newline=newline)
        current = project.read_text(path)
        changes.append(FileChange(path, current, text if current is None else current))
    return changes


def _tests_dir(project: Project, app: AppLocation) -> PurePosixPath | None:
    """The tests directory that runs with the app importable: beside its manifest
    (when the app's import root is that directory or its ``src/``), else in the
    import root."""
    candidates = []
    if project.manifest is not None:
        base = project.manifest.path.parent
        if app.import_root in (base, base / "src"):
            candidates.append(base / "tests")
    candidates.append(app.import_root / "tests")
    for folder in candidates:
        if any(file.is_relative_to(folder) for file in project.python_files):
            return folder
    return None


# The exceptions whose handlers register_error_handlers installs; a project that
# already handles one of them would silently change behaviour.
_OURS = frozenset(
    {"HTTPException", "StarletteHTTPException", "RequestValidationError", "Exception"}
)


def _refuse_other_handlers(project: Project, errors_module: PurePosixPath) -> None:
    """Refuse when the project already handles what the envelope would take over."""
    found = [
        f"{path}:{line} handles {name}"
        for path in project.python_files
        if path != errors_module and "tests" not in path.parts
        for line, name in _handlers(project.read_text(path) or "")
        if name in _OURS or name.isdigit()
    ]
    if found:
        raise RecipeError(
            f"{found[0]}{' (and more)' if len(found) > 1 else ''}: the error envelope would "
            "replace that handler. Remove it or adapt it to the envelope, then run again"
        )


def _handlers(source: str) -> list[tuple[int, str]]:
    """``(line, exception name)`` for every exception handler registered in ``source``."""
    if "exception_handler" not in source:
        return []
    found = []
    for node in ast.walk(_parsed(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if name in ("add_exception_handler", "exception_handler") and node.args:
            found.append((node.lineno, _key(node.args[0])))
        for keyword in node.keywords:
            if keyword.arg == "exception_handlers" and isinstance(keyword.value, ast.Dict):
                keys = [key for key in keyword.value.keys if key is not None]
                found += [(key.lineno, _key(key)) for key in keys]
    return found


def _key(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant):
        return str(node.value)
    return ""


RECIPE = Recipe(
    name="error_handling",
    summary="Error hierarchy, one JSON error envelope and global handlers",
    examples=(
        "set up error handling",
        "add a structured error hierarchy",
        "add a global exception handler",
    ),
    params=Params,
    plan=plan,
)
