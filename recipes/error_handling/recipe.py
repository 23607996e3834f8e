"""Add a structured error hierarchy and route every failure through one JSON envelope.

Creates the errors module (``AppError`` and its subclasses, the handlers and
``register_error_handlers``) beside the app, calls ``register_error_handlers``
where the app is built, and adds tests for the envelope when the project has
a ``tests/`` directory. On a project that exists (unless the strict envelope is
asked for), FastAPI's own errors answer as before, byte for byte, and the
hierarchy's errors keep FastAPI's ``detail`` beside the envelope: its clients
read it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from fastprod.recipe import (
    AppLocation,
    ChangeSet,
    FileChange,
    Project,
    Recipe,
    RecipeError,
    TestsHome,
    add_app_statement,
    ensure_import,
    first_party,
    python_tree,
    render,
    same_code,
    tests_home,
)

TEMPLATES = Path(__file__).parent / "templates"
REGISTER = "register_error_handlers"
MARKER = f"def {REGISTER}("
# new_project's app module opens with this docstring: a project it generated is
# taken as new, with no client reading FastAPI's ``detail`` yet.
NEW_PROJECT_DOCSTRING = (
    "The application factory, and ``app``: what ``uvicorn app.main:app`` serves."
)


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of ``error_handling``.

    Attributes:
        strict: Answer every error with the envelope alone (``{"error": ...}``).
            Without it, a project that exists keeps what FastAPI's own errors
            answer, and the hierarchy's errors keep ``detail`` beside the
            envelope; a new project gets the strict envelope all the same.
    """

    strict: bool = False


@dataclass(frozen=True, slots=True)
class Contract:
    """The error contract chosen for a run: strict or compatible, and why."""

    strict: bool
    reason: str

    def message(self) -> str:
        """What a person should know: the contract, and what clients may read."""
        if self.strict:
            return (
                f"error contract: strict ({self.reason}): every error answers "
                '{"error": {"code", "message", "details"}} and nothing else; a client that '
                'reads FastAPI\'s "detail" must read "error" instead'
            )
        return (
            f"error contract: compatible ({self.reason}): HTTPException and validation "
            "errors answer as they do today, byte for byte (a 5xx HTTPException is logged "
            "once, with the request's method and path); the errors of the new hierarchy "
            '(AppError) answer FastAPI\'s "detail" and "error": {"code", "message", '
            '"details"}, which clients may start to read, and an unexpected exception a '
            'logged generic 500; ask for "the strict error envelope" to answer every error '
            'in "error" alone'
        )


def choose_contract(params: Params, project: Project) -> Contract:
    """Strict when asked for or when the project is new; compatible otherwise."""
    if params.strict:
        return Contract(strict=True, reason="asked for")
    edit_path = project.app.edit_path
    if project.is_new(edit_path):
        return Contract(strict=True, reason="the project is created by this command")
    if _docstring(project.read_text(edit_path) or "") == NEW_PROJECT_DOCSTRING:
        return Contract(strict=True, reason=f"{edit_path} is new_project's: no client yet")
    return Contract(strict=False, reason="the project exists: its clients may read detail")


def _docstring(source: str) -> str | None:
    return ast.get_docstring(python_tree(source), clean=True)


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
    handlers = _registered_handlers(project)
    contract = choose_contract(params, project)
    _refuse_other_handlers(handlers, path, strict=contract.strict)
    own = _own_hierarchy(project, handlers)
    if own is not None:
        return ChangeSet((), (own,))
    _refuse_foreign_module(project, path)
    module = app.module_of(path)
    newline = "\r\n" if "\r\n" in (project.read_text(app.edit_path) or "") else "\n"
    render_with = _Renderer(contract.strict, newline)
    messages = [contract.message()]
    files = [render_with.file(project, path, "errors.py.jinja", {})]
    home = tests_home(project)
    files += _tests(project, home, app, module, render_with)
    messages += home.said
    kept = [change.path for change in files if render_with.kept_compatible(change)]
    if kept:
        # The module and its tests switch together, or the tests would fail.
        files = [_keep(change) for change in files]
        messages += [_kept(kept_path) for kept_path in kept]
    elif render_with.kept(files[0], "errors.py.jinja", {}):
        # Tests brought up to date would check what the kept module does not do.
        files = [files[0], *(_keep(change) for change in files[1:])]
        messages += _kept_earlier(files[0], strict=contract.strict)
    messages += _brought_up_to_date(files, strict=contract.strict)
    changes = [*files, _wire(project, app, module)]
    messages += _custom_openapi(project, path)
    return ChangeSet(tuple(changes), tuple(messages))


# Attributes by which an error says what it is and how it answers.
_CARRIED = frozenset({"code", "error_code", "status_code", "status"})


# (module, its text, the handlers it registers) for each module outside tests/.
_Handlers = list[tuple[PurePosixPath, str, list[tuple[int, str]]]]


def _registered_handlers(project: Project) -> _Handlers:
    """Every exception handler the project's code registers, read once for both checks."""
    found = []
    for path in project.python_files:
        if "tests" not in path.parts:
            source = project.read_text(path) or ""
            found.append((path, source, _handlers(source)))
    return found


def _own_hierarchy(project: Project, handlers: _Handlers) -> str | None:
    """The project's own error hierarchy, said where, when it has one; else ``None``.

    An exception class of its own carrying a code or a status (as class
    attributes or set in ``__init__``) that a registered handler answers for: a
    second envelope beside it would answer the same errors in two shapes.
    """
    sources = [
        (path, source, registered)
        for path, source, registered in handlers
        # Ours (at our path, or moved) is not the project's own.
        if "test" not in path.parts and MARKER not in source
    ]
    handled = {
        name: f"{path}:{line}"
        for path, _, registered in sources
        for line, name in registered
        if name not in _OURS and not name.isdigit()
    }
    if not handled:
        return None
    classes = [
        (path, node)
        for path, source, _ in sources
        if "class " in source
        for node in ast.walk(_tree(project, path))
        if isinstance(node, ast.ClassDef)
    ]
    for path, node in classes:
        if node.name in handled and _family_carries(node.name, classes):
            return (
                f"the project has its own error hierarchy: {path}:{node.lineno} "
                f"{node.name} carries a code and a status, answered by the handler at "
                f"{handled[node.name]}: nothing was changed (a second envelope beside it "
                "would answer the same errors in two shapes)"
            )
    return None


def _tree(project: Project, path: PurePosixPath) -> ast.Module:
    """The run's parse of ``path``; an empty module when it does not parse."""
    try:
        return project.tree(path) or ast.Module(body=[], type_ignores=[])
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


def _family_carries(base: str, classes: list[tuple[PurePosixPath, ast.ClassDef]]) -> bool:
    """True when ``base`` or a class below it (by name, in the project) carries one."""
    family, grown = {base}, True
    while grown:
        below = {
            node.name
            for _, node in classes
            if node.name not in family
            and any(getattr(b, "id", getattr(b, "attr", None)) in family for b in node.bases)
        }
        family |= below
        grown = bool(below)
    return any(node.name in family and _carries(node) for _, node in classes)


def _carries(cls: ast.ClassDef) -> bool:
    """True when the class sets a code or status: in its body or on ``self``."""
    for node in ast.walk(cls):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if name in _CARRIED:
                return True
    return False


def _refuse_foreign_module(project: Project, path: PurePosixPath) -> None:
    current = project.read_text(path)
    if current is not None and MARKER not in current:
        raise RecipeError(
            f"{path} exists and does not define {REGISTER}(); rename it or add the "
            "handlers yourself, then run again"
        )


@dataclass(frozen=True, slots=True)
class _Renderer:
    """Renders the recipe's new files for one contract and one line ending."""

    strict: bool
    newline: str

    def text(
        self, name: str, context: dict[str, str], *, strict: bool, earlier: bool = False
    ) -> str:
        """The text ``name`` renders to under the strict or the compatible contract;
        ``earlier``: as the version before wrote it (compatible: no 5xx
        ``HTTPException`` logged), to recognise a file of that version."""
        values = {**context, "strict": strict, "earlier": earlier}
        return render(TEMPLATES, name, values, newline=self.newline)

    def file(
        self, project: Project, path: PurePosixPath, name: str, context: dict[str, str]
    ) -> FileChange:
        """Create the file; bring one of ours, unedited, up to date (written by the
        version before, or compatible when strict is asked for); keep any other."""
        text = self.text(name, context, strict=self.strict)
        current = project.read_text(path)
        if current is None:
            return FileChange(path, None, text)
        if any(same_code(current, ours) for ours in self._replaceable(name, context)):
            return FileChange(path, current, text)
        # Ours since edited (or already as planned): it is the project's to keep.
        return FileChange(path, current, current)

    def _replaceable(self, name: str, context: dict[str, str]) -> set[str]:
        """Our unedited texts this run replaces: the compatible one of the version
        before and, when strict is asked for, the compatible one of this version."""
        found = {self.text(name, context, strict=False, earlier=True)}
        if self.strict:
            found.add(self.text(name, context, strict=False))
        return found

    def kept(self, change: FileChange, name: str, context: dict[str, str]) -> bool:
        """True when a file that is there is kept as it is although this version
        writes it otherwise: edited, or written by an older version."""
        unchanged = change.before is not None and change.before == change.after
        return unchanged and not same_code(
            change.after, self.text(name, context, strict=self.strict)
        )

    def kept_compatible(self, change: FileChange) -> bool:
        """True when a file of an earlier run, edited since and still on the
        compatible contract, is kept although strict was chosen."""
        unchanged = change.before == change.after
        return self.strict and unchanged and any(m in change.after for m in _COMPATIBLE)


# What only the compatible contract's files hold: the errors module (as written
# now, and as it was written before FastAPI's own errors kept their answers), its tests.
_COMPATIBLE = (
    '"detail": message, "error": error',
    '"detail": message if detail is None',
    '{"detail", "error"}',
    "def test_an_http_exception_answers_its_detail_alone(",
)


def _kept_earlier(change: FileChange, *, strict: bool) -> list[str]:
    """Why an errors module of an older version, which answered FastAPI's own errors
    in the envelope too, is kept as it is on the compatible contract."""
    if strict or not any(m in change.after for m in _ENVELOPED_FASTAPI_ERRORS):
        return []
    return [
        f"{change.path} was written by an older version of this recipe, whose compatible "
        "contract answered HTTPException and validation errors in the envelope too: it is "
        "kept as it is, with its tests. Bringing it up to date would change what those "
        'errors answer (FastAPI\'s own again: "detail" alone, a 422 with the input) and the '
        "tests that check it; to have that, delete it and its tests and run again"
    ]


# What only an errors module of an older version holds: its compatible contract
# answered FastAPI's own errors in the envelope, with their detail beside it.
_ENVELOPED_FASTAPI_ERRORS = ('"detail": message if detail is None',)


def _brought_up_to_date(files: list[FileChange], *, strict: bool) -> list[str]:
    """Files of the version before, unedited, that this run brings up to date."""
    updated = [str(c.path) for c in files if c.before is not None and c.before != c.after]
    if strict or not updated:
        return []
    return [
        f"brought up to date, as the version before wrote them and unedited: "
        f"{', '.join(updated)}: a server error (5xx) HTTPException is logged once, with "
        "the request's method and path; what every error answers is unchanged"
    ]


def _keep(change: FileChange) -> FileChange:
    if change.before is None:
        return change
    return FileChange(change.path, change.before, change.before)


def _kept(path: PurePosixPath) -> str:
    return (
        f"{path} is kept as it is, and the error handling with it: it was edited since "
        'it was written and still keeps "detail" beside "error"; switch it to the strict '
        "envelope by hand"
    )


def _custom_openapi(project: Project, errors_module: PurePosixPath) -> list[str]:
    """Where the project replaces ``app.openapi``: done after ``register_error_handlers``,
    that drops the description of the envelope from the schema."""
    return [
        f"{path}:{line} replaces the app's openapi(): if that runs after {REGISTER}(app), "
        "pass the schema it builds through describe_error_responses() so that it "
        "describes the error envelope"
        for path in project.python_files
        if path != errors_module and "tests" not in path.parts
        for line in _openapi_assignments(project.read_text(path) or "")
    ]


def _openapi_assignments(source: str) -> list[int]:
    if ".openapi" not in source:
        return []
    return [
        node.lineno
        for node in ast.walk(python_tree(source))
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Attribute) and t.attr == "openapi" for t in node.targets)
    ]


def _wire(project: Project, app: AppLocation, module: str) -> FileChange:
    path = app.edit_path
    source = project.read_text(path)
    if source is None:
        raise RecipeError(f"cannot read {path}")
    package = app.module_of(path if path.name == "__init__.py" else path.parent / "__init__.py")
    relative, target = _import_form(source, package, module, inside_package=app.package is not None)
    top = module.split(".")[0]
    own = {top, *first_party(project)}
    wired = ensure_import(
        source, target, REGISTER, relative=relative, first_party=own, path=str(path)
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
    for node in ast.walk(python_tree(source)):
        if isinstance(node, ast.ImportFrom):
            relative |= node.level > 0
            absolute |= node.level == 0 and (node.module or "").split(".")[0] == top
        elif isinstance(node, ast.Import):
            absolute |= any(alias.name.split(".")[0] == top for alias in node.names)
    if absolute and not relative:
        return 0, module
    return 1, module.removeprefix(package + ".")


# The envelope's own tests, and the handlers' line by line against the served app.
TEST_MODULES = ("test_errors.py", "test_error_handlers.py")


def _tests(
    project: Project, home: TestsHome, app: AppLocation, module: str, render_with: _Renderer
) -> list[FileChange]:
    python = project.versions.python
    # Python 3.10 has no BaseExceptionGroup builtin: anyio's backport brings it.
    backport = "exceptiongroup" if python is not None and python < (3, 11) else ""
    context = {"errors_module": module, "exception_group_backport": backport, **_app_import(app)}
    return [
        *home.started,
        *(
            render_with.file(project, home.folder / name, f"tests/{name}.jinja", context)
            for name in TEST_MODULES
        ),
    ]


def _app_import(app: AppLocation) -> dict[str, str]:
    """How the tests get the project's own app: its module and name, and ``()``
    when only a factory builds it (``create_app()``)."""
    factory_only = app.factory is not None and app.attr == app.factory
    call = "()" if factory_only else ""
    return {"app_module": app.module, "app_name": app.attr, "app_call": call}


# The exceptions whose handlers register_error_handlers installs; a project that
# already handles one of them would silently change behaviour.
_OURS = frozenset(
    {"HTTPException", "StarletteHTTPException", "RequestValidationError", "Exception"}
)
# What the compatible contract takes over: unexpected exceptions alone (Starlette
# answers them by the ``Exception`` or the ``500`` handler).
_COMPATIBLE_OURS = frozenset({"Exception", "500"})


def _refuse_other_handlers(
    handlers: _Handlers, errors_module: PurePosixPath, *, strict: bool
) -> None:
    """Refuse when the project already handles what the envelope would take over:
    strict, every failure; compatible, unexpected exceptions (its handlers of
    ``HTTPException``, of validation errors or of a status code keep answering)."""
    found = [
        f"{path}:{line} handles {name}"
        for path, _, registered in handlers
        if path != errors_module
        for line, name in registered
        if _takes_over(name, strict=strict)
    ]
    if found:
        raise RecipeError(
            f"{found[0]}{' (and more)' if len(found) > 1 else ''}: the error envelope would "
            "replace that handler. Remove it or adapt it to the envelope, then run again"
        )


def _takes_over(name: str, *, strict: bool) -> bool:
    if strict:
        return name in _OURS or name.isdigit()
    return name in _COMPATIBLE_OURS


def _handlers(source: str) -> list[tuple[int, str]]:
    """``(line, exception name)`` for every exception handler registered in ``source``."""
    if "exception_handler" not in source:
        return []
    found = []
    for node in ast.walk(python_tree(source)):
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
