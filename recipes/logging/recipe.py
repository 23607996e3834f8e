"""Add structured logging (structlog) and a request id on every log line.

Creates the logging module beside the app (``core/logging.py`` when the app
has a ``core/`` package): ``setup_logging`` routes structlog, the standard
library and uvicorn through one chain of processors (JSON lines in production,
console lines in development), and ``RequestIDMiddleware``, a pure ASGI
middleware, binds a request id to every line and logs one ``request_completed``
line per request. The app's factory (or module) calls ``setup_logging`` and
adds the middleware in the outermost layer; the settings gain ``log_level``
and ``log_json``; tests on the captured JSON lines go beside the app's tests.
A project that has its own set-up (structlog, or a logging module of its own that
configures the standard library) is reported and left as it is.

Tracing comes with it: ``tracing.py`` beside the logging module instruments the
app with OpenTelemetry (a span per request, sent over OTLP only when
``OTEL_EXPORTER_OTLP_ENDPOINT`` is set), and every log line takes the current
span's ``trace_id`` and ``span_id``. A project that traces already (OpenTelemetry,
ddtrace, Sentry's traces...) is told where, and gets no second tracer.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import libcst as cst

from fastprod.recipe import (
    ENVIRONMENT_SETTING,
    TRACING_KEYWORDS,
    TRACING_LIBRARIES,
    AppLocation,
    ChangeSet,
    Edits,
    EnvLine,
    FileChange,
    Project,
    Recipe,
    RecipeError,
    Setting,
    TestsHome,
    distribution_name,
    document_env,
    ensure_dependency,
    ensure_setting,
    environment_env_line,
    first_party,
    import_form,
    prints_to_logs,
    python_tree,
    render,
    settings_env_prefix,
    tests_home,
)

TEMPLATES = Path(__file__).parent / "templates"
MIDDLEWARE = "RequestIDMiddleware"
SETUP = "setup_logging"
MARKER = f"def {SETUP}("
# Where a project configures structlog itself: its set-up is kept.
STRUCTLOG_CONFIG = "structlog.configure("
# The names of a module a project keeps its own logging set-up in.
LOGGING_MODULES = frozenset(
    {"logging", "log", "logs", "logger", "loggers", "logging_config", "log_config", "logconf"}
)
# The calls that configure logging in such a module (``structlog.configure`` and the
# standard library's ``basicConfig``, ``dictConfig``, ``fileConfig``).
LOGGING_CALLS = frozenset({"basicConfig", "dictConfig", "fileConfig"})
HANDLER_CALLS = frozenset({"addHandler", "setFormatter"})
TRACING_SETUP = "setup_tracing"
TRACING_MARKER = f"def {TRACING_SETUP}("
TRACE_CONTEXT = "def add_trace_context("
# A project importing one of these libraries, or switching on an error tracker's
# tracing, traces already.
TRACERS = frozenset(TRACING_LIBRARIES)
TRACING_PACKAGES = (
    "opentelemetry-api",
    "opentelemetry-sdk",
    "opentelemetry-instrumentation-fastapi",
    "opentelemetry-exporter-otlp-proto-http",
)
# The first Python on which the instrumentation ships its types (py.typed).
TRACING_PYTHON = (3, 10)
ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT"
# new_project's plain set-up: a handler with a text format, called in the lifespan.
# ``setup_logging`` does all it did (the app logger's level, a root handler), so
# the call goes; the module stays for whatever else imports it.
PLAIN_SETUP = "configure_logging"
PLAIN_MARKERS = (f"def {PLAIN_SETUP}(level: str) -> None:", "LOG_FORMAT = ")
PLAIN_DOCSTRING = (
    '"""Configure logging when the server starts; close the database at shutdown."""',
    '"""Close the database at shutdown."""',
)


@dataclass(frozen=True, slots=True)
class Params:
    """``logging`` takes no parameters."""


@dataclass(frozen=True, slots=True)
class Tracing:
    """What the recipe does about tracing.

    Attributes:
        path: The tracing module to write; ``None`` when no tracing is added.
        trace_context: Log lines carry the current OpenTelemetry span's ids.
        message: What the command says about it.
    """

    path: PurePosixPath | None
    trace_context: bool
    message: str


@dataclass(frozen=True, slots=True)
class SettingsUse:
    """How the app's code reads the logging settings: the call it makes."""

    call: str
    imports: tuple[str, ...]
    message: str


def logging_path(app: AppLocation, project: Project) -> PurePosixPath:
    """``core/logging.py`` when the app has ``core/``; else ``structured_logging.py``
    beside the app (a module named ``logging.py`` there would hide the standard
    library's from a script run in that directory)."""
    code_dir = app.edit_path.parent
    core = code_dir / "core"
    if app.package is not None and project.exists(core / "__init__.py"):
        return core / "logging.py"
    return code_dir / "structured_logging.py"


def plan(params: Params, project: Project) -> ChangeSet:
    """Plan the logging module, its wiring into the app, settings and tests."""
    del params
    app = project.app
    path = logging_path(app, project)
    own = _own_structlog(project, path) or _own_logging_module(project)
    if own:
        return ChangeSet((), tuple(own))
    _refuse_foreign_module(project, path)
    module = app.module_of(path)
    newline = "\r\n" if "\r\n" in (project.read_text(app.edit_path) or "") else "\n"
    tracing = _tracing(project, path)
    context = {"app_logger": _app_logger(app), "trace_context": tracing.trace_context}
    changes = [
        _create(project, path, render(TEMPLATES, "logging.py.jinja", context, newline=newline))
    ]
    service = _service_name(project, app)
    if tracing.path is not None:
        text = render(TEMPLATES, "tracing.py.jinja", {"service_name": service}, newline=newline)
        changes.append(_create(project, tracing.path, text))
    use = _settings_use(project, app)
    changes += _settings_changes(project, use, tracing, service)
    prints, replaced = _prints(project, app, path)
    # The app's module may have had prints too: it is wired as they left it.
    printed = {change.path: change for change in prints}
    plain = _plain_setup(project, app)
    wired = _wire(project, app, module, use, tracing, plain, printed.pop(app.edit_path, None))
    changes += [*printed.values(), wired, *_manifest(project, tracing)]
    messages = [
        f"{path}: structlog set-up and the request-ID middleware",
        use.message,
        tracing.message,
        *_older_module(project, path, tracing),
        *_other_setups(project, path),
        *_plain_message(plain, wired),
        *replaced,
    ]
    home = tests_home(project)
    tests = _tests(project, home, app, module, use, tracing, newline)
    messages += home.said
    changes += tests
    return ChangeSet(
        tuple(c for c in changes if c.before != c.after or c.before is None), tuple(messages)
    )


def _tracing(project: Project, logging_module: PurePosixPath) -> Tracing:
    """Tracing beside the logging module, unless the project cannot take it or has its own."""
    python = project.versions.python
    if python is not None and python < TRACING_PYTHON:
        return Tracing(
            None,
            False,
            "tracing was not added: OpenTelemetry's FastAPI instrumentation ships its "
            f"types from its release for Python {TRACING_PYTHON[0]}.{TRACING_PYTHON[1]} on, "
            f"and the project supports Python {python[0]}.{python[1]}",
        )
    path = logging_module.parent / "tracing.py"
    own = _own_tracing(project, {logging_module, path})
    if own:
        otel = [where for where, tracer in own if tracer == "opentelemetry"]
        places = ", ".join(where for where, _ in own)
        joined = "; log lines carry the ids of its spans" if otel else ""
        return Tracing(
            None, bool(otel), f"tracing is already set up at {places}: none was added{joined}"
        )
    current = project.read_text(path)
    if current is not None and TRACING_MARKER not in current:
        return Tracing(
            None,
            False,
            f"{path} exists and does not define {TRACING_SETUP}(): tracing was not added; "
            "rename it, then run again",
        )
    return Tracing(
        path,
        True,
        f"{path}: OpenTelemetry tracing, a span per request, its ids on every log line; "
        f"spans are sent over OTLP only when {ENDPOINT_VARIABLE} is set",
    )


def _own_tracing(project: Project, ours: set[PurePosixPath]) -> list[tuple[str, str]]:
    """Where the project's own code traces requests: ``(file:line, tracer)`` each."""
    found = []
    for path in project.python_files:
        if {"tests", "migrations"} & set(path.parts):
            continue
        source = project.read_text(path) or ""
        if path in ours and (MARKER in source or TRACING_MARKER in source):
            continue
        found += [(f"{path}:{line}", tracer) for line, tracer in _tracers(source)]
    return found[:3]


def _tracers(source: str) -> list[tuple[int, str]]:
    """The first line importing a tracing library or switching on a tracer's traces."""
    found = [
        (node.lineno, tracer)
        for node in ast.walk(python_tree(source))
        if isinstance(node, ast.stmt | ast.expr) and (tracer := _tracer_of(node)) is not None
    ]
    return [min(found)] if found else []


def _tracer_of(node: ast.AST) -> str | None:
    """The tracing library an import names, or ``traces`` for a call switching traces on."""
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.level == 0:
        names = [node.module or ""]
    elif isinstance(node, ast.Call) and {k.arg for k in node.keywords} & set(TRACING_KEYWORDS):
        return "traces"
    tracers = [name.split(".")[0] for name in names if name.split(".")[0] in TRACERS]
    return tracers[0] if tracers else None


def _older_module(project: Project, path: PurePosixPath, tracing: Tracing) -> list[str]:
    """A logging module of ours from before trace ids: kept, and said so."""
    current = project.read_text(path)
    if current is None or not tracing.trace_context or TRACE_CONTEXT in current:
        return []
    return [
        f"{path} was written before log lines carried trace ids and is kept as it is; "
        "delete it and run again to have them"
    ]


def _service_name(project: Project, app: AppLocation) -> str:
    """The name traces give the service: the distribution's, else the app's package."""
    return distribution_name(project) or _app_logger(app) or "api"


def _app_logger(app: AppLocation) -> str:
    """The logger the app's own modules log under: its top package, else the root."""
    if app.package is None:
        return ""
    return app.module.split(".")[0]


def _create(project: Project, path: PurePosixPath, text: str) -> FileChange:
    current = project.read_text(path)
    # Ours, planned already or since edited: the project's to keep.
    return FileChange(path, current, text if current is None else current)


def _refuse_foreign_module(project: Project, path: PurePosixPath) -> None:
    current = project.read_text(path)
    if current is not None and MARKER not in current:
        raise RecipeError(f"{path} exists and does not define {SETUP}(); rename it, then run again")


def _own_structlog(project: Project, ours: PurePosixPath) -> list[str]:
    """Where the project already configures structlog itself, if anywhere."""
    found = [
        f"{path}:{line}"
        for path in project.python_files
        if not (path == ours and _is_ours(project, path)) and "tests" not in path.parts
        for line in _lines_with(project.read_text(path) or "", STRUCTLOG_CONFIG)
    ]
    if not found:
        return []
    return [
        f"structured logging is already set up at {', '.join(found)}: nothing was changed; "
        "add a request id to its context (structlog.contextvars) if it has none"
    ]


def _is_ours(project: Project, path: PurePosixPath) -> bool:
    return MARKER in (project.read_text(path) or "")


def _own_logging_module(project: Project) -> list[str]:
    """A module of the project's own named for logging (``core/logging.py``, ``log.py``)
    that configures it: the project logs its own way, and a second set-up beside it
    (or in its place) would break it."""
    found = [
        f"{path}:{line}"
        for path in project.python_files
        if path.stem in LOGGING_MODULES
        and not {"tests", "migrations"} & set(path.parts)
        and not _is_ours(project, path)
        and (text := project.read_text(path) or "")
        # new_project's plain set-up is replaced, not kept.
        and not all(marker in text for marker in PLAIN_MARKERS)
        and (line := _configures_logging(text)) is not None
    ]
    if not found:
        return []
    return [
        f"the project already sets up its own logging at {', '.join(found)}: nothing was "
        "changed (a second set-up beside it would format every line twice); to have JSON "
        "lines with a request id, give its handler a JSON formatter and bind a request id "
        "to its context"
    ]


def _configures_logging(source: str) -> int | None:
    """The first line that configures logging (a configure call, a ``Formatter`` class)."""
    lines = []
    for node in ast.walk(python_tree(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = func.value if isinstance(func, ast.Attribute) else None
            structlog = isinstance(owner, ast.Name) and owner.id == "structlog"
            # A handler given a format, or added to a logger, by hand.
            by_hand = owner is not None and name in HANDLER_CALLS
            if name in LOGGING_CALLS or (name == "configure" and structlog) or by_hand:
                lines.append(node.lineno)
        elif isinstance(node, ast.ClassDef) and any(
            ast.unparse(base).endswith("Formatter") for base in node.bases
        ):
            lines.append(node.lineno)
    return min(lines, default=None)


# Standard-library set-ups that give the root logger a handler of their own.
STDLIB_SETUPS = ("logging.basicConfig(", "dictConfig(", "fileConfig(")


def _other_setups(project: Project, ours: PurePosixPath) -> list[str]:
    """The project's own standard-library logging set-ups, each named: kept, but a
    second root handler would print every line twice, in two formats."""
    return [
        f"{file}:{line} configures the standard library's logging itself; it is kept: "
        "if it adds a handler to the root logger, remove that handler, since "
        "setup_logging() gives the root logger its own"
        for file in project.python_files
        if file != ours and not {"tests", "migrations"} & set(file.parts)
        for needle in STDLIB_SETUPS
        for line in _lines_with(project.read_text(file) or "", needle)
    ]


def _lines_with(source: str, needle: str) -> list[int]:
    return [number for number, line in enumerate(source.splitlines(), 1) if needle in line]


def _settings_use(project: Project, app: AppLocation) -> SettingsUse:
    """The ``setup_logging(...)`` call: from the settings when the app builds them."""
    settings = project.settings
    prefix = ""
    if settings is not None:
        prefix = settings_env_prefix(project.read_text(settings.path) or "", settings.class_name)
    source = project.read_text(app.edit_path) or ""
    if (
        settings is None
        or app.factory is None
        or not _factory_names(source, app.factory, "settings")
    ):
        return SettingsUse(
            f'{SETUP}("INFO")',
            (SETUP,),
            "the app reads no settings where it is built: logs are JSON lines at INFO; "
            "pass your own level and format to setup_logging()",
        )
    fields = _class_names(project.read_text(settings.path) or "", settings.class_name)
    level = (
        "settings.effective_log_level" if "effective_log_level" in fields else "settings.log_level"
    )
    # The environment setting is the one auth reads too: whichever runs first adds it.
    return SettingsUse(
        f"{SETUP}({level}, settings.log_json, settings.environment)",
        (SETUP,),
        f"log format: JSON lines unless {prefix}ENVIRONMENT=development; "
        f"{prefix}LOG_JSON=true|false decides",
    )


def _factory_names(source: str, factory: str, name: str) -> bool:
    """True when the factory has a parameter or local variable ``name``."""
    for node in ast.walk(python_tree(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == factory:
            arguments = [a.arg for a in (*node.args.args, *node.args.kwonlyargs)]
            assigned = [
                target.id
                for statement in ast.walk(node)
                if isinstance(statement, ast.Assign)
                for target in statement.targets
                if isinstance(target, ast.Name)
            ]
            return name in arguments or name in assigned
    return False


def _class_names(source: str, class_name: str) -> set[str]:
    """The fields and properties a class defines."""
    for node in python_tree(source).body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            names = {
                s.target.id
                for s in node.body
                if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
            }
            names |= {s.name for s in node.body if isinstance(s, ast.FunctionDef)}
            return names
    return set()


def _settings_changes(
    project: Project, use: SettingsUse, tracing: Tracing, service: str
) -> list[FileChange]:
    settings = project.settings
    if settings is None or "settings." not in use.call:
        return []
    path = settings.path
    source = project.read_text(path) or ""
    # Unset, the format follows the environment: console lines in development.
    fields = [
        ENVIRONMENT_SETTING,
        Setting("log_level", "str", '"INFO"', group="Logging"),
        Setting("log_json", "bool | None", "None", group="Logging"),
    ]
    if tracing.path is not None:
        fields.append(Setting("service_name", "str", f'"{service}"', group="Tracing"))
    text = source
    for field in fields:
        text = ensure_setting(text, settings.class_name, field, path=str(path))
    prefix = settings_env_prefix(source, settings.class_name)
    note = "console log lines; unset: JSON outside development"
    entries = [environment_env_line(prefix), EnvLine(f"{prefix}LOG_JSON", "false", note)]
    if tracing.path is not None:
        entries += _tracing_env_lines(prefix, service)
    return [FileChange(path, source, text), document_env(project, entries, path.parent)]


def _tracing_env_lines(prefix: str, service: str) -> list[EnvLine]:
    return [
        EnvLine(f"{prefix}SERVICE_NAME", service, "the service's name in traces"),
        EnvLine(
            ENDPOINT_VARIABLE,
            "http://localhost:4318",
            above=(
                "# Where spans go, over OTLP/HTTP, read by OpenTelemetry from the process's",
                "# environment; unset, no span leaves the process.",
            ),
            commented=True,
        ),
    ]


def _wire(
    project: Project,
    app: AppLocation,
    module: str,
    use: SettingsUse,
    tracing: Tracing,
    plain: str | None,
    printed: FileChange | None,
) -> FileChange:
    path = app.edit_path
    source = project.read_text(path)
    if source is None:
        raise RecipeError(f"cannot read {path}")
    edits = Edits(source if printed is None else printed.after, path=str(path))
    tracer = app.module_of(tracing.path) if tracing.path is not None else module
    own = {module.split(".")[0], tracer.split(".")[0], *first_party(project)}
    target, relative = import_form(source, app, module)
    for name in (MIDDLEWARE, *use.imports):
        edits = edits.ensure_import(target, name, relative=relative, first_party=own)
    edits = edits.add_app_statement(app, use.call, before_app=True)
    if tracing.path is not None:
        target, relative = import_form(source, app, tracer)
        edits = edits.ensure_import(target, TRACING_SETUP, relative=relative, first_party=own)
        service = ", settings.service_name" if "settings." in use.call else ""
        # Right after the app: the instrumentation wraps whatever is added to it later.
        call = f"{TRACING_SETUP}({{app}}{service})"
        edits = edits.add_app_statement(app, call, after_app=True)
    if plain is not None:
        edits = edits.apply(lambda tree: _drop_plain_setup(tree, plain))
    return FileChange(path, source, edits.add_middleware(app, MIDDLEWARE).text())


def _plain_setup(project: Project, app: AppLocation) -> str | None:
    """The module of new_project's plain set-up, when the app imports it from there."""
    if app.package is None:
        return None
    path = app.edit_path.parent / "core" / "logs.py"
    text = project.read_text(path) or ""
    if not all(marker in text for marker in PLAIN_MARKERS):
        return None
    return app.module_of(path)


def _plain_message(module: str | None, wired: FileChange) -> list[str]:
    """What became of new_project's plain set-up (in ``module``), when the app's module
    called it."""
    if module is None or f"{PLAIN_SETUP}(" not in (wired.before or ""):
        return []
    if f"{PLAIN_SETUP}(" in (wired.after or ""):
        return []
    return [
        f"{wired.path}: the lifespan no longer calls {PLAIN_SETUP}() from {module}: "
        f"{SETUP}() sets the same level and gives the root logger its handler; "
        f"the module is kept for what else imports it"
    ]


def _drop_plain_setup(tree: cst.Module, module: str) -> cst.Module:
    """``tree`` without new_project's ``configure_logging(...)`` calls and their import."""
    dropped = tree.visit(_PlainSetupCalls())
    if dropped.deep_equals(tree):
        return tree
    return dropped.visit(_PlainSetupImport(module))


def _calls_plain_setup(line: cst.SimpleStatementLine) -> bool:
    return all(
        isinstance(small, cst.Expr)
        and isinstance(small.value, cst.Call)
        and isinstance(small.value.func, cst.Name)
        and small.value.func.value == PLAIN_SETUP
        for small in line.body
    )


class _PlainSetupCalls(cst.CSTTransformer):
    """Removes each statement line that only calls ``configure_logging``, and a local
    read off an attribute that only those calls read (``settings =
    app.state.settings``); the function's docstring, which says it configures
    logging, says what is left."""

    def __init__(self) -> None:
        super().__init__()
        self.freed: set[str] = set()

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        if original_node.deep_equals(updated_node):
            return updated_node
        unread = {name for name in self.freed if _loads(updated_node, name) == 0}
        self.freed = set()
        function = updated_node.visit(_UnreadLocals(unread))
        assert isinstance(function, cst.FunctionDef)
        body = function.body
        if not isinstance(body, cst.IndentedBlock) or not body.body:
            return function
        first = body.body[0]
        before, after = PLAIN_DOCSTRING
        if (
            isinstance(first, cst.SimpleStatementLine)
            and len(first.body) == 1
            and isinstance(first.body[0], cst.Expr)
            and isinstance(first.body[0].value, cst.SimpleString)
            and first.body[0].value.value == before
        ):
            docstring = first.with_changes(body=[cst.Expr(cst.SimpleString(after))])
            body = body.with_changes(body=[docstring, *body.body[1:]])
        return function.with_changes(body=body)

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        if _calls_plain_setup(original_node):
            self.freed |= _names_loaded(original_node)
            return cst.RemoveFromParent()
        return updated_node


class _UnreadLocals(cst.CSTTransformer):
    """Removes the ``name[: T] = a.b`` lines binding one of ``names``."""

    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self.names = names

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        if _attribute_local(original_node) in self.names:
            return cst.RemoveFromParent()
        return updated_node


def _attribute_local(statement: cst.BaseStatement) -> str | None:
    """The name a ``name[: T] = a.b`` line binds, for a line that does only that."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if isinstance(small, cst.AnnAssign) and isinstance(small.value, cst.Attribute):
        target = small.target
    elif (
        isinstance(small, cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.value, cst.Attribute)
    ):
        target = small.targets[0].target
    else:
        return None
    return target.value if isinstance(target, cst.Name) else None


class _Loaded(cst.CSTVisitor):
    """The names a node reads or binds, counted; an attribute's own name is not one."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.append(node.value)


def _names_loaded(node: cst.CSTNode) -> set[str]:
    visitor = _Loaded()
    node.visit(visitor)
    return set(visitor.names)


def _loads(function: cst.FunctionDef, name: str) -> int:
    """How often ``function``'s body names ``name`` besides binding it once to an attribute."""
    visitor = _Loaded()
    function.body.visit(visitor)
    bindings = sum(1 for line in _lines(function) if _attribute_local(line) == name)
    return visitor.names.count(name) - bindings


def _lines(function: cst.FunctionDef) -> list[cst.SimpleStatementLine]:
    found: list[cst.SimpleStatementLine] = []

    class _Lines(cst.CSTVisitor):
        def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
            found.append(node)

    function.body.visit(_Lines())
    return found


class _PlainSetupImport(cst.CSTTransformer):
    """Removes ``configure_logging`` from its ``from <module> import`` line."""

    def __init__(self, module: str) -> None:
        super().__init__()
        self.module = module

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        if original_node.relative or original_node.module is None:
            return updated_node
        if cst.Module([]).code_for_node(original_node.module) != self.module:
            return updated_node
        if isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        kept = [alias for alias in updated_node.names if alias.evaluated_name != PLAIN_SETUP]
        if len(kept) == len(updated_node.names):
            return updated_node
        if not kept:
            return cst.RemoveFromParent()
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(names=kept)


def _prints(
    project: Project, app: AppLocation, ours: PurePosixPath
) -> tuple[list[FileChange], list[str]]:
    """``print()`` calls of the application package as log calls, each one listed."""
    if app.package is None:
        code = [app.path]
    else:
        code = [file for file in project.python_files if file.is_relative_to(app.package)]
    own = first_party(project)
    changes: list[FileChange] = []
    messages: list[str] = []
    for file in code:
        if file == ours or {"tests", "scripts"} & set(file.parts):
            continue
        source = project.read_text(file)
        if source is None:
            continue
        text, replaced = prints_to_logs(source, first_party=own, path=str(file))
        if replaced:
            changes.append(FileChange(file, source, text))
            messages += [f"{file}:{r.line}: {r.before} -> {r.after}" for r in replaced]
    return changes, messages


def _manifest(project: Project, tracing: Tracing) -> list[FileChange]:
    manifest = project.manifest
    if manifest is None:
        return []
    source = project.read_text(manifest.path) or ""
    packages = ["structlog"]
    if tracing.path is not None:
        packages += TRACING_PACKAGES
    elif tracing.trace_context:
        packages.append("opentelemetry-api")
    text = source
    for package in packages:
        text = ensure_dependency(
            text, manifest.kind, package, project.versions.python, path=str(manifest.path)
        )
    return [FileChange(manifest.path, source, text)]


def _tests(
    project: Project,
    home: TestsHome,
    app: AppLocation,
    module: str,
    use: SettingsUse,
    tracing: Tracing,
    newline: str,
) -> list[FileChange]:
    factory_only = app.factory is not None and app.attr == app.factory
    context: dict[str, object] = {
        "logging_module": module,
        "app_module": app.module,
        "app_name": app.attr,
        "app_call": "()" if factory_only else "",
        "settings_module": _settings_module(project, app, use),
        "settings_class": project.settings.class_name if project.settings else "",
    }
    own: dict[str, set[str]] = {}
    wanted: list[tuple[str, tuple[str, ...]]] = [
        (str(context["settings_module"]), (str(context["settings_class"]),)),
        (module, ("APP_LOGGER", "REQUEST_ID_HEADER", "RequestIDMiddleware")),
        (module, ("setup_logging", "wants_json")),
        (app.module, (app.attr,)),
    ]
    for imported, wanted_names in wanted:
        if imported:
            own.setdefault(imported, set()).update(wanted_names)
    # In the order ruff's isort keeps them: by module, then constants, classes, functions.
    context["own_imports"] = sorted(
        (imported, sorted(found, key=_isort_key)) for imported, found in own.items()
    )
    if tracing.path is not None:
        imports = {
            module: ("APP_LOGGER", "REQUEST_ID_HEADER", "setup_logging"),
            app.module_of(tracing.path): (
                "ENDPOINT_VARIABLES",
                "setup_tracing",
                "span_exporter",
                "tracer_provider",
            ),
            app.module: (app.attr,),
        }
        # In the order ruff's isort keeps them.
        context["first_party_imports"] = sorted(imports.items())
    names = ["test_logging.py", *(["test_tracing.py"] if tracing.path else [])]
    return [
        *home.started,
        *(
            _create(
                project,
                home.folder / name,
                render(TEMPLATES, f"tests/{name}.jinja", context, newline=newline),
            )
            for name in names
        ),
    ]


def _isort_key(name: str) -> tuple[int, str]:
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name


def _settings_module(project: Project, app: AppLocation, use: SettingsUse) -> str:
    settings = project.settings
    if settings is None or "settings." not in use.call:
        return ""
    return app.module_of(settings.path)


RECIPE = Recipe(
    name="logging",
    summary="structlog with request IDs, and OpenTelemetry tracing",
    examples=("add structured logging", "add request ID logging"),
    params=Params,
    plan=plan,
)
