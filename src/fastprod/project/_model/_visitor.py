"""One pass over one module's ``ast``: collect the facts the readings and the scorecards need.

Statements are walked recursively (so the visitor knows the enclosing class and
function); the expressions inside each statement are walked with an explicit
stack and a handler per node type, which keeps the pass close to the cost of
parsing. Bare string statements (docstrings) are skipped, so a word in a
docstring, like a word in a comment, is never taken as code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from fastprod.project._model._facts import (
    AppDef,
    ClassDef,
    ClassField,
    DepRef,
    Function,
    Include,
    JwtCall,
    Lifetime,
    Location,
    MiddlewareUse,
    ModuleFacts,
    Param,
    Role,
    Route,
    RouteInputs,
    RouterDef,
    SqlUse,
    new_location,
    new_param,
)
from fastprod.project._model._inputs import inputs_of
from fastprod.project._names import last_name as last_name

TUTORIAL_KEY = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"
"""The signing key printed in FastAPI's security tutorial, copied into many repositories."""

ROUTE_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route"}
    | {"websocket"}
)
HEADER_NAMES = frozenset(
    {"strict-transport-security", "content-security-policy", "x-frame-options"}
    | {"x-content-type-options", "referrer-policy", "x-request-id", "x-correlation-id"}
)
_SQL_SINKS = frozenset(
    {"execute", "executemany", "executescript", "exec_driver_sql", "fetch", "fetchrow"}
    | {"fetchval", "fetch_all", "fetch_one", "fetch_val", "iterate", "text", "raw", "mogrify"}
    | {"read_sql", "read_sql_query", "execute_many", "query_raw", "execute_raw"}
)
_SQL_TEXT = frozenset(
    {"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text", "sqlmodel.text"}
)
_SQL_KEYWORDS = frozenset({"query", "sql", "statement", "stmt", "operation"})
_SQL = re.compile(
    r"\b(select\b.*\bfrom|insert\s+into|update\b.*\bset|delete\s+from|create\s+table"
    r"|drop\s+table|alter\s+table|truncate\s+table|where\b.*=)",
    re.IGNORECASE | re.DOTALL,
)
# ``request.stream()`` is left out: streaming an upload's bytes to a parser or to disk
# is a file upload (as ``UploadFile`` is), not a document that wants a schema.
_RAW_BODY = frozenset({"json", "body", "form"})
VALIDATORS = frozenset(
    {"model_validate", "model_validate_json", "parse_obj", "parse_raw", "validate_python"}
    | {"validate_json", "validate"}
)
_VALIDATORS = VALIDATORS
_ROLE_ATTRS = frozenset(
    {"role", "roles", "scopes", "permissions", "is_superuser", "is_admin", "is_staff"}
    | {"user_role", "groups", "is_active_superuser"}
)
_BLOCKING = frozenset(
    {"requests.get", "requests.post", "requests.put", "requests.patch", "requests.delete"}
    | {"requests.request", "requests.head", "time.sleep", "urllib.request.urlopen"}
)
POOL_KEYS = frozenset(
    {"pool_size", "max_overflow", "pool_pre_ping", "pool_recycle", "pool_timeout"}
    | {"min_size", "max_size", "minsize", "maxsize", "maxPoolSize", "minPoolSize"}
)
_KEYWORD_FACTS = POOL_KEYS | {"serialize", "traces_sample_rate", "traces_sampler", "enable_tracing"}
_KEYWORD_FACTS |= {"default_limits", "application_limits", "request_id", "correlation_id"}
_SERVER_LOGGERS = frozenset({"uvicorn", "uvicorn.error", "gunicorn.error", "hypercorn.error"})
_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical"})
# structlog's async methods: ``await logger.ainfo(...)``.
_LOG_METHODS |= frozenset(f"a{name}" for name in _LOG_METHODS)
_TIMEDELTA_UNITS = {"weeks": 604800.0, "days": 86400.0, "hours": 3600.0, "minutes": 60.0}
_TIMEDELTA_UNITS |= {"seconds": 1.0, "milliseconds": 0.001}
_TIMEDELTA_POSITIONAL = (86400.0, 1.0)
_JWT_OPS = frozenset({"encode", "decode"})
_JWT_TAILS = (".encode", ".decode")
_JWT_MODULES = ("jwt.", "jose.jwt.", "authlib.jose.jwt.", "joserfc.jwt.", "jwcrypto.jwt.")
_WEAK_HASHES = frozenset(
    {"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "pbkdf2_hmac"}
)
_HASH_LIBRARIES = ("passlib", "pwdlib", "bcrypt", "argon2", "werkzeug", "CryptContext", "Hash")
_JSON_LOGGING = ("jsonlogger", "JsonFormatter", "JSONRenderer", "ecs_logging", "JSONFormatter")
# Any of them anywhere in a string, in one search.
_JSON_LOGGING_TEXT = re.compile("|".join(re.escape(marker) for marker in _JSON_LOGGING))
# ``ModuleVisitor._constant`` asks for "son" or ecs_logging before the search.
assert all("son" in marker.lower() or marker == "ecs_logging" for marker in _JSON_LOGGING)

# What a test, a docs example or a migration does inside its functions never
# counts for the scorecards (they are not production code); their imports,
# decorators and definitions still do.
_BODIES_UNREAD = frozenset({Role.TEST, Role.DOCS, Role.MIGRATION})


# Fields that never hold a node worth visiting: expression contexts, operators and
# plain values (a Name's id, an Attribute's attr, a Constant's value).
_LEAF_FIELDS = frozenset(
    {"ctx", "op", "ops", "type_comment", "kind", "conversion", "id", "attr", "arg", "is_async"}
)
_FIELDS: dict[type, tuple[str, ...]] = {ast.Constant: ()}


def _fields(kind: type) -> tuple[str, ...]:
    known = _FIELDS.get(kind)
    if known is None:
        names = getattr(kind, "_fields", ())
        known = _FIELDS[kind] = tuple(n for n in names if n not in _LEAF_FIELDS)
    return known


_Name, _Attribute, _Subscript = ast.Name, ast.Attribute, ast.Subscript
# Tuples of types for the frequent ``isinstance`` tests: ``A | B`` is built anew at each test.
_SEQUENCES = (ast.List, ast.Tuple)
_CLAUSES = (ast.excepthandler, ast.match_case)
_Call, _Constant = ast.Call, ast.Constant
# Values a ``return`` builds a string with (``f"seq_{digest}"``, ``"t_" + name``, ``names[0]``).
_BUILT = frozenset({ast.JoinedStr, ast.BinOp, ast.Subscript})


def dotted(node: ast.AST | None) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else ``None``."""
    # Parsed trees hold no subclasses of the node types: an identity test is enough.
    current: Any = node
    kind = current.__class__
    if kind is _Name:
        return str(current.id)
    if kind is not _Attribute:
        return None
    parts: list[str] = []
    while kind is _Attribute:
        parts.append(current.attr)
        current = current.value
        kind = current.__class__
    if kind is not _Name:
        return None
    parts.append(current.id)
    parts.reverse()
    return ".".join(parts)


SqlText = tuple[bool, str, frozenset[str]]
"""An SQL argument: built from values?, its literal text, helpers whose results it formats in."""

Trust = Callable[[ast.expr], frozenset[str] | None]
# A helper name that stands for "a member of this class" (see ``ModuleVisitor._member_of``).
MEMBER_OF = "member of "
"""Where a formatted value comes from: ``None`` for the outside (a request, a row), else
the names of the project's helpers whose results it is (empty: a constant, an identifier)."""

_SAFE: frozenset[str] = frozenset()


def _constant_trust(node: ast.expr) -> frozenset[str] | None:
    return _SAFE if _trusted(node) else None


def sql_text(
    node: ast.AST, known: dict[str, SqlText], trust: Trust = _constant_trust
) -> SqlText | None:
    """Classify an SQL argument (see :data:`SqlText`), or ``None`` when it is not SQL text.

    Values formatted into the text are judged by ``trust``: a constant, a setting, an
    identifier the code derives (a hex digest, a table's name) builds no SQL from input.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return False, node.value, _SAFE
    if isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        values = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        dynamic, helpers = _formatted(values, trust)
        return dynamic, text, helpers
    if isinstance(node, ast.Name):
        return known.get(node.id)
    if isinstance(node, ast.BinOp):
        return _sql_binop(node, known, trust)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        base = sql_text(node.func.value, known, trust) if node.func.attr == "format" else None
        if base is None:
            return None
        # ``.format(**values)``: what the mapping holds is not visible.
        spread = any(k.arg is None for k in node.keywords)
        dynamic, helpers = _formatted([*node.args, *(k.value for k in node.keywords)], trust)
        return base[0] or dynamic or spread, base[1], base[2] | helpers
    return None


def _formatted(values: list[ast.expr], trust: Trust) -> tuple[bool, frozenset[str]]:
    """Built from values?, and the helpers the values come from."""
    helpers: set[str] = set()
    for value in values:
        found = None if isinstance(value, ast.Starred) else trust(value)
        if found is None:
            return True, _SAFE
        helpers |= found
    return False, frozenset(helpers)


def _sql_binop(node: ast.BinOp, known: dict[str, SqlText], trust: Trust) -> SqlText | None:
    left = sql_text(node.left, known, trust)
    if isinstance(node.op, ast.Mod):
        if left is None:
            return None
        operand = node.right
        values = list(operand.elts) if isinstance(operand, ast.Tuple) else [operand]
        if isinstance(operand, ast.Dict):
            values = [v for v in operand.values if v is not None]
        dynamic, helpers = _formatted(values, trust)
        return left[0] or dynamic, left[1], left[2] | helpers
    if not isinstance(node.op, ast.Add):
        return None
    right = sql_text(node.right, known, trust)
    if left is None and right is None:
        return None
    # Concatenating a string with something that is not a string literal builds SQL from
    # data, unless that something is a constant or an identifier the code derives.
    first = left or _operand(node.left, trust)
    second = right or _operand(node.right, trust)
    return first[0] or second[0], first[1] + second[1], first[2] | second[2]


def _operand(node: ast.expr, trust: Trust) -> SqlText:
    dynamic, helpers = _formatted([node], trust)
    return dynamic, "", helpers


_TRUSTED_ROOTS = frozenset({"settings", "config", "cfg", "conf", "app_settings", "cls", "self"})
_TRUSTED_NAMES = ("__tablename__", "table_name", "tablename", "schema", "__name__")
# A hex digest or a number cannot carry SQL.
_DERIVED_CALLS = frozenset({"hexdigest", "int", "float", "len", "bool"})
# ``column.name``, ``self.table.name``, ``Model.__table__.name``: the schema's identifiers.
_SCHEMA_OBJECT = re.compile(r"(^|_)(table|column|col|tbl|sequence|index)s?$|^__table__$", re.I)


def _trusted(node: ast.expr) -> bool:
    """A value from settings or a constant (a schema or table name), not from a request."""
    if isinstance(node, ast.Constant):
        return True
    name = dotted(node)
    if name is None:
        return False
    root, _, rest = name.partition(".")
    if root.isupper() or (root in _TRUSTED_ROOTS and rest and rest.split(".")[0] != "request"):
        return root != "self" or rest.endswith(_TRUSTED_NAMES) or _schema_identifier(node)
    return name.endswith(_TRUSTED_NAMES) or _schema_identifier(node)


def _schema_identifier(node: ast.expr) -> bool:
    """``column.name``, ``table.key``: the name of a schema object, taken from metadata."""
    if not isinstance(node, ast.Attribute) or node.attr not in {"name", "key", "fullname"}:
        return False
    return bool(_SCHEMA_OBJECT.search(last_name(node.value) or ""))


# Calls on local objects the scorecards still look for, by how their names end.
_KEPT_CALLS = ("create_all", "generate_schemas", ".init", ".configure")
_SCHEMA_MAKERS = ("metadata.create_all", "generate_schemas")


# The keywords that say which origins may call; the calls that take them for Starlette
# (read as middleware, or a wrapper building it from its own fields).
_CORS_OPTIONS = frozenset({"allow_origins", "allow_origin_regex"})
_CORS_TAKERS = frozenset({"CORSMiddleware", "add_middleware", "Middleware"})
# ``ModuleVisitor._call`` looks a keyword up in one table, then in the other.
assert not _CORS_OPTIONS & _KEYWORD_FACTS


def _class_receiver(node: ast.Call) -> str | None:
    """``Form.from_form(...)``: the class a method is called on, by its CapWords name."""
    func = node.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        name = func.value.id
        if name[:1].isupper() and not name.isupper() and (node.args or node.keywords):
            return name
    return None


def looks_like_sql(text: str) -> bool:
    """True when a string reads as an SQL statement."""
    return _SQL.search(text) is not None


def params_of(args: ast.arguments) -> list[Param]:
    """The parameters of a function, with defaults aligned to their names."""
    positional = [*args.posonlyargs, *args.args]
    padding: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults = [*padding, *args.defaults]
    params = [new_param(a.arg, a.annotation, d) for a, d in zip(positional, defaults, strict=True)]
    keyword = zip(args.kwonlyargs, args.kw_defaults, strict=True)
    return params + [new_param(a.arg, a.annotation, d) for a, d in keyword]


def dep_of(
    node: ast.AST | None,
    annotation: ast.expr | None = None,
    module: str = "",
    make: Callable[..., DepRef] = DepRef,
) -> DepRef | None:
    """Read ``Depends(x)`` / ``Security(x, scopes=...)``; ``None`` for anything else.

    ``module`` is the dotted name of the module the call is written in, kept on
    the reference so that the index can resolve ``x`` through that module's imports.
    ``make`` builds the reference from ``DepRef``'s arguments (the visitor shares
    one object among equal references).
    """
    if not isinstance(node, ast.Call) or last_name(node.func) not in {"Depends", "Security"}:
        return None
    scoped = len(node.args) > 1
    early = False
    target: ast.expr | None = node.args[0] if node.args else None
    for keyword in node.keywords:
        arg = keyword.arg
        if arg == "dependency":
            target = keyword.value
        elif arg == "scopes":
            scoped = True
        elif arg == "scope":
            early = early or _is_function_scope(keyword)
    if target is None:
        # ``user: User = Depends()``: the annotated class is the dependency.
        written = _annotation_dotted(annotation)
        name = _annotation_name(annotation) or ""
        return make(name, scoped, written=written, module=module, early=early)
    if isinstance(target, ast.Call):
        written = dotted(target.func) or ""
        name = last_name(target.func) or ""
        # "admin", or an enum's member as written (``Role.admin``).
        args = tuple(
            a.value if isinstance(a, ast.Constant) else dotted(a) or ""
            for a in target.args
            if (isinstance(a, ast.Constant) and isinstance(a.value, str))
            or isinstance(a, ast.Attribute)
        )
        return make(name, scoped, True, written=written, module=module, early=early, args=args)
    written = dotted(target) or ""
    return make(last_name(target) or "", scoped, written=written, module=module, early=early)


def _is_function_scope(keyword: ast.keyword) -> bool:
    # ``Depends(get_db, scope="function")``: the exit code runs before the response is sent.
    value = keyword.value
    return keyword.arg == "scope" and isinstance(value, ast.Constant) and value.value == "function"


def deps_in(node: ast.AST | None, module: str = "") -> list[DepRef]:
    """Every ``Depends``/``Security`` in a ``dependencies=[...]`` list (``module`` as in dep_of)."""
    if not isinstance(node, _SEQUENCES):
        return []
    refs = []
    for element in node.elts:
        ref = dep_of(element, module=module)
        if ref is None and isinstance(element, ast.Name | ast.Attribute):
            # ``DependsJwtAuth = Depends(HTTPBearer())`` defined once, listed by name.
            written = dotted(element) or ""
            ref = DepRef(last_name(element) or "", alias=True, written=written, module=module)
        if ref is not None:
            refs.append(ref)
    return refs


def param_deps(
    param: Param, module: str = "", annotated: bool | None = None, name: str | None = None
) -> list[DepRef]:
    """The dependencies a parameter declares, by default value or ``Annotated`` metadata.

    ``annotated`` and ``name`` are what :func:`_is_annotated` and
    :func:`_annotation_name` say of its annotation, when the caller has them.
    """
    own = dep_of(param.default, param.annotation, module)
    if own is not None:
        return [own]
    annotation = param.annotation
    if annotated is None:
        annotated = _is_annotated(annotation)
        name = _annotation_name(annotation)
    if annotated:
        assert isinstance(annotation, ast.Subscript)
        return annotated_deps(annotation, module)
    if not name:
        return []
    # A bare name may be an ``Annotated`` alias (``CurrentUser``); resolved project-wide later.
    written = _annotation_dotted(annotation)
    return [DepRef(name, alias=True, written=written, module=module)]


def annotated_deps(annotation: ast.Subscript, module: str = "") -> list[DepRef]:
    """The ``Depends``/``Security`` in the metadata of ``Annotated[T, ...]``."""
    elements = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else []
    inner = elements[0] if elements else None
    refs = [dep_of(e, inner, module) for e in elements[1:]]
    return [r for r in refs if r is not None]


def _annotation_dotted(node: ast.AST | None) -> str:
    if _is_annotated(node):
        assert isinstance(node, ast.Subscript)
        node = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
    return (dotted(node) if isinstance(node, ast.expr) else None) or ""


def _is_annotated(node: ast.AST | None) -> bool:
    return node.__class__ is _Subscript and last_name(node.value) == "Annotated"


def _annotation_name(node: ast.AST | None) -> str | None:
    if _is_annotated(node):
        assert isinstance(node, ast.Subscript)
        first = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
        return last_name(first)
    return last_name(node)


def is_header_param(param: Param, annotated: bool | None = None) -> bool:
    """True for ``x: str = Header()`` or ``x: Annotated[str, Header()]``.

    ``annotated`` is what :func:`_is_annotated` says of the annotation, when known.
    """
    if isinstance(param.default, ast.Call) and last_name(param.default.func) == "Header":
        return True
    annotation = param.annotation
    if not (_is_annotated(annotation) if annotated is None else annotated):
        return False
    assert isinstance(annotation, ast.Subscript)
    elements = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else []
    return any(isinstance(e, ast.Call) and last_name(e.func) == "Header" for e in elements)


def keywords_of(call: ast.Call) -> dict[str, ast.expr]:
    """A call's keyword arguments by name; ``**kwargs`` is kept under the key ``"**"``."""
    return {k.arg or "**": k.value for k in call.keywords}


class _Unwritten(dict[Any, Any]):
    """An empty table shared by every function until it binds a local; never written."""

    def __setitem__(self, key: Any, value: Any) -> None:
        raise TypeError("the shared empty table is never written")

    def setdefault(self, key: Any, default: Any = None) -> Any:
        raise TypeError("the shared empty table is never written")


_NO_LOCALS: dict[Any, Any] = _Unwritten()
_NO_NAMES: frozenset[str] = frozenset()


class ModuleVisitor:
    """Collects :class:`ModuleFacts` from one parsed module."""

    def __init__(self, path: str, module: str, role: Role, source: str, package: bool) -> None:
        """Prepare to visit ``path`` (dotted ``module``) whose text is ``source``."""
        self.facts = ModuleFacts(path, module, role)
        self._source = source
        self._ascii = source.isascii()
        self._lines: list[str] | None = None
        self._package = package
        self._app = role is Role.APP
        self._read_bodies = role not in _BODIES_UNREAD
        self._func: Function | None = None
        self._class: ClassDef | None = None
        self._scope = "module"
        self._target: str | None = None
        self._main_guard = False
        self._environment_guard = False
        self._development_guard = False
        # ``request.query_params`` nodes copied whole (a spread, ``dict(...)``).
        self._copied: set[int] = set()
        # A route's parameters typed ``str`` (see ``_text_params``), and how many
        # ``try`` bodies the statement being read is in.
        self._texts: frozenset[str] = _NO_NAMES
        self._trying = 0
        self._sql_locals: dict[str, SqlText] = {}
        self._sql_built: dict[str, Location] = {}
        self._locals: dict[str, ast.expr] = {}
        self._constant_names: set[str] | frozenset[str] = set()
        # Loop variables over pairs written in the module, by name (see ``_for``).
        self._loop_values: dict[str, list[ast.expr]] = _NO_LOOPS
        self._raw_pending: dict[str, Location] = {}
        self._validated: set[int] = set()
        self._requests: frozenset[str] = _NO_NAMES
        self._begin: Location | None = None
        self._settings = False
        self._refs: dict[tuple[str, bool, bool, bool, str, str, bool, tuple[str, ...]], DepRef] = {}
        # ``Depends(name)`` and a bare-name annotation, by name: the references most
        # parameters make, found without building ``_refs``' key.
        self._plain_refs: dict[str, DepRef] = {}
        self._alias_refs: dict[str, DepRef] = {}
        # What a called name qualifies to, by name; forgotten when an import is read.
        self._call_names: dict[str, tuple[str, bool, bool]] = {}
        # What routes' parameters take, one object per distinct answer in the module:
        # its routes mostly take the same, and every object kept outlives the pass.
        self._inputs: dict[RouteInputs, RouteInputs] = {}

    def visit(self, tree: ast.Module) -> ModuleFacts:
        """Walk the module once and return its facts."""
        self._body(tree.body)
        if self.facts.role is Role.TEST and _TEST_DATABASE_MARKERS.search(self._source):
            self._test_database(tree)
        if self.facts.role is Role.TEST:
            self.facts.requested = tuple(
                f"{(named or method).upper()} {path}"
                for method, named, path in _REQUESTED.findall(self._source)
            ) + tuple(
                # ``client.get(USERS_ENDPOINT)``: a path constant, filled in by its value.
                f"{method.upper()} {{{name}}}"
                for method, name in _REQUESTED_CONSTANT.findall(self._source)
            )
        return self.facts

    def _test_database(self, tree: ast.Module) -> None:
        # Test bodies are not read in the main pass; this second look is paid only by
        # the test modules that mention a schema reset at all.
        for node in ast.walk(tree):
            if _is_schema_reset(node):
                self.facts.schema_resets.append(self._loc(node))
            variable = _env_variable(node)
            if variable is not None:
                self.facts.env_reads.append((variable, self._loc(node)))

    # ------------------------------------------------------------------ helpers

    def _loc(self, node: ast.AST) -> Location:
        line: int = getattr(node, "lineno", 1)
        col: int = getattr(node, "col_offset", 0)
        if self._ascii:
            return new_location(self.facts.path, line, col + 1)
        if self._lines is None:
            self._lines = self._source.splitlines()
        text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        if not text.isascii():
            # ast columns count UTF-8 bytes; editors and SARIF count characters.
            col = len(text.encode("utf-8")[:col].decode("utf-8", errors="ignore"))
        return new_location(self.facts.path, line, col + 1)

    def _dep_ref(
        self,
        target: str,
        scoped: bool = False,
        call: bool = False,
        alias: bool = False,
        written: str = "",
        module: str = "",
        early: bool = False,
        args: tuple[str, ...] = (),
    ) -> DepRef:
        """``DepRef(...)``, one object per distinct reference in the module.

        References are frozen and compared by value; twenty routes that each take
        ``Depends(get_db)`` share one, made once.
        """
        key = (target, scoped, call, alias, written, module, early, args)
        found = self._refs.get(key)
        if found is None:
            found = self._refs[key] = DepRef(
                target, scoped, call, alias, written, module, early, args
            )
        return found

    def _qualify(self, name: str) -> str:
        head, dot, rest = name.partition(".")
        full = self.facts.imports.get(head)
        if full is None:
            return name
        return f"{full}{dot}{rest}"

    def _remember(self, table: dict[str, Location], key: str, node: ast.AST) -> None:
        known = table.get(key)
        if known is None or getattr(node, "lineno", 1) < known.line:
            table[key] = self._loc(node)

    # --------------------------------------------------------------- statements

    def _body(self, statements: Iterable[ast.stmt]) -> None:
        for statement in statements:
            self._stmt(statement)

    def _stmt(self, node: ast.stmt) -> None:
        handler = _STMT_HANDLERS.get(type(node))
        if handler is not None:
            handler(self, node)
            return
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return
        self._children(node)

    def _children(self, node: ast.AST) -> None:
        for name in _fields(type(node)):
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    self._child(item)
            elif isinstance(value, ast.AST):
                self._child(value)

    def _child(self, item: object) -> None:
        if isinstance(item, ast.stmt):
            self._stmt(item)
        elif isinstance(item, _CLAUSES):
            self._children(item)
        elif isinstance(item, ast.AST):
            self._scan(item)

    def _scan(self, *nodes: ast.AST) -> None:
        # The hot loop of the audit: locals instead of attribute lookups, no generators.
        # Names, calls, attributes and constants are most of any tree: each has its own
        # branch, visiting exactly what the generic branch would, in the same order.
        # Several nodes are walked one after the other, as separate calls would.
        stack: list[Any] = list(nodes)
        stack.reverse()
        pop, push, extend = stack.pop, stack.append, stack.extend
        handlers = _EXPR_HANDLERS
        call, constant = self._call, self._constant
        # Attributes, comparisons and yields say something only inside a function.
        attribute = self._attribute if self._func is not None else None
        known = _FIELDS
        while stack:
            current = pop()
            kind = current.__class__
            if kind is _Name:
                continue
            if kind is _Call:
                call(current)
                push(current.func)
                extend(current.args)
                # A keyword has no handler and one child: its value stands in its place.
                for keyword in current.keywords:
                    push(keyword.value)
                continue
            if kind is _Attribute:
                if attribute is not None:
                    attribute(current)
                push(current.value)
                continue
            if kind is _Constant:
                # Only text says anything (a header name, a claim, a key).
                value = current.value.__class__
                if value is str or value is bytes:
                    constant(current)
                continue
            handler = handlers.get(kind)
            if handler is not None:
                handler(self, current)
            fields = known.get(kind)
            if fields is None:
                fields = _fields(kind)
            for name in fields:
                value = getattr(current, name)
                if value.__class__ is list:
                    # Lists may hold None (``{**x}`` keys); None has no fields to visit.
                    extend(value)
                elif value is not None:
                    push(value)

    def _import(self, node: ast.Import) -> None:
        self._call_names.clear()
        for alias in node.names:
            local = alias.asname or alias.name.partition(".")[0]
            self.facts.imports[local] = alias.name if alias.asname else local
            self._remember(self.facts.imported, alias.name, node)

    def _import_from(self, node: ast.ImportFrom) -> None:
        base = self._absolute(node.module, node.level)
        if base is None:
            return
        self._call_names.clear()
        self._remember(self.facts.imported, base, node)
        for alias in node.names:
            if alias.name == "*":
                continue
            full = f"{base}.{alias.name}"
            self.facts.imports[alias.asname or alias.name] = full
            self._remember(self.facts.imported, full, node)

    def _absolute(self, module: str | None, level: int) -> str | None:
        if level == 0:
            return module
        parts = self.facts.module.split(".") if self.facts.module else []
        keep = len(parts) - level + (1 if self._package else 0)
        if keep < 0:
            return None
        base = parts[:keep]
        return ".".join([*base, module] if module else base)

    def _if(self, node: ast.If) -> None:
        guard = _is_main_guard(node.test)
        if guard and self._scope == "module":
            self.facts.main_guard = True
        previous, environment = self._main_guard, self._environment_guard
        developing = self._development_guard
        self._main_guard = previous or guard
        self._environment_guard = environment or _environment_test(node.test)
        self._child(node.test)
        self._development_guard = developing or _development_test(node.test)
        for child in node.body:
            self._child(child)
        # The else branch runs in the other environments.
        self._development_guard = developing
        for child in node.orelse:
            self._child(child)
        self._main_guard, self._environment_guard = previous, environment

    def _raise(self, node: ast.Raise) -> None:
        exc = node.exc
        if self._func is not None:
            self._func.raises = True
            # ``raise HTTPException(429, ...)``: whatever it is called, it limits a rate.
            self._func.throttles |= isinstance(exc, ast.Call) and any(
                _is_429(a) for a in [*exc.args, *(k.value for k in exc.keywords)]
            )
        called = exc.func if isinstance(exc, ast.Call) else exc
        if last_name(called) == "HTTPException" and self._app:
            self.facts.http_exceptions.append(self._loc(node))
            shape = _detail_shape(exc) if isinstance(exc, ast.Call) else None
            if shape == "structured":
                self.facts.structured_details.append(self._loc(node))
            elif shape == "string":
                self.facts.string_details.append(self._loc(node))
        self._children(node)

    def _with(self, node: ast.With | ast.AsyncWith) -> None:
        # ``async with sessionmaker.begin() as session: yield session`` commits on exit.
        begins = any(_is_begin(item.context_expr) for item in node.items)
        saved = self._begin
        if begins and self._func is not None:
            self._begin = self._loc(node)
        self._children(node)
        self._begin = saved

    def _yield(self, node: ast.Yield) -> None:
        func = self._func
        if func is None:
            return
        func.yielded = True
        if self._begin is not None and self._begin not in func.late_commits:
            func.late_commits += (self._begin,)

    def _return(self, node: ast.Return) -> None:
        # A dependency factory returns the dependency: ``return _get_user if required else ...``.
        func = self._func
        value: Any = node.value
        if value is None:
            return
        if func is not None:
            kind = value.__class__
            func.gives_value |= not (kind is ast.Constant and value.value is None)
            if kind is _Name:
                _return_name(func, value.id)
            elif kind is _Attribute:
                _return_name(func, value.attr)
            elif kind is ast.IfExp:
                for branch in (value.body, value.orelse):
                    name = last_name(branch)
                    if name is not None:
                        _return_name(func, name)
            # A helper that returns only derived identifiers (``f"seq_{digest}"``) may be
            # formatted into SQL by its callers. Only string building is worth the look.
            built = kind in _BUILT or (kind is _Call and last_name(value.func) in _DERIVED_CALLS)
            derived = built and self._trust(value) == _SAFE
            func.identifier_return = derived and func.identifier_return is not False
        # The value is the statement's one child.
        self._scan(value)

    def _for(self, node: ast.For | ast.AsyncFor) -> None:
        # ``for exc, handler in EXCEPTION_HANDLERS:`` over pairs written in the
        # module (or ``HANDLERS.items()`` of a dict): each loop variable is one of
        # the values in its place, for the registrations the loop makes.
        if self._func is not None:
            self._bind_pairs(node.target, node.iter)
        # ``for table in ("orders", "carts"):``: the loop variable is one of those constants.
        if self._func is not None and self._constant_collection(node.iter):
            targets = node.target.elts if isinstance(node.target, ast.Tuple) else [node.target]
            names = self._constant_names
            if not isinstance(names, set):
                names = self._constant_names = set()
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        self._children(node)

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp) -> None:
        # ``[app.add_exception_handler(k, v) for k, v in HANDLERS.items()]``: as a loop.
        if self._func is None:
            return
        for generator in node.generators:
            self._bind_pairs(generator.target, generator.iter)

    def _bind_pairs(self, targets: ast.expr, iterated: ast.expr) -> None:
        """``k, v`` over pairs written in the module: each name is one of the values
        in its place (see ``_for``)."""
        if not isinstance(targets, ast.Tuple):
            return
        rows = self._pairs(iterated)
        if not rows:
            return
        if self._loop_values is _NO_LOOPS:
            self._loop_values = {}
        for place, target in enumerate(targets.elts):
            if isinstance(target, ast.Name):
                self._loop_values[target.id] = [row[place] for row in rows if place < len(row)]

    def _pairs(self, node: ast.expr) -> list[list[ast.expr]]:
        items = False
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "items"
            and not node.args
        ):
            node, items = node.func.value, True
        if isinstance(node, ast.Name):
            node = self._locals.get(node.id) or self.facts.constants.get(node.id) or node
        if items and isinstance(node, ast.Dict):
            return [[k, v] for k, v in zip(node.keys, node.values, strict=True) if k is not None]
        if not items and isinstance(node, ast.List | ast.Tuple):
            return [list(e.elts) for e in node.elts if isinstance(e, ast.Tuple | ast.List)]
        return []

    def _constant_collection(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            if node.id.isupper():
                return True
            node = self._locals.get(node.id) or self.facts.constants.get(node.id) or node
        if isinstance(node, ast.Attribute):
            # ``settings.CHECKPOINT_TABLES``, ``tables.PURGED``: a setting's or another
            # module's constant names, as ``CHECKPOINT_TABLES`` itself would be.
            return node.attr.isupper() or _trusted(node)
        if not isinstance(node, ast.List | ast.Tuple | ast.Set):
            return False
        return all(
            _trusted(e)
            or (isinstance(e, ast.Tuple) and all(isinstance(i, ast.Constant) for i in e.elts))
            for e in node.elts
        )

    def _trust(self, node: ast.expr | None, depth: int = 0) -> frozenset[str] | None:
        """Where a value formatted into SQL comes from (see :data:`Trust`).

        Constants, settings and schema identifiers are safe; so are a local name bound
        to one, a loop variable over constants, a hex digest or a number. A call to a
        helper of the project is safe when that helper returns only such values, which
        is known once every module is read; anything else may come from a client.
        """
        if node is None or depth > 4:
            return None
        if _trusted(node):
            return _SAFE
        member = self._member_of(node)
        if member is not None:
            return frozenset({f"{MEMBER_OF}{member}"})
        if isinstance(node, ast.Name):
            if node.id in self._constant_names:
                return _SAFE
            return self._trust(self._locals.get(node.id), depth + 1)
        if isinstance(node, ast.Subscript):
            return self._trust(node.value, depth + 1)
        if isinstance(node, ast.JoinedStr):
            values = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
            dynamic, helpers = _formatted(values, lambda v: self._trust(v, depth + 1))
            return None if dynamic else helpers
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            dynamic, helpers = _formatted(
                [node.left, node.right], lambda v: self._trust(v, depth + 1)
            )
            return None if dynamic else helpers
        if isinstance(node, ast.Attribute) and node.attr == "hex":
            return _SAFE
        if isinstance(node, ast.Call):
            if last_name(node.func) in _DERIVED_CALLS:
                return _SAFE
            if isinstance(node.func, ast.Name):
                return frozenset({node.func.id})
        return None

    def _member_of(self, node: ast.expr) -> str | None:
        """The class a value is one member of, if it is an enumeration's.

        ``event`` or ``event.value`` of a parameter annotated ``EventType``, and
        ``self`` or ``self.value`` inside a class: whether the class is an ``Enum`` is
        known once every module is read. A member's value is one of the strings the
        class lists, never a client's text.
        """
        if isinstance(node, ast.Attribute) and node.attr in {"value", "name"}:
            node = node.value
        if not isinstance(node, ast.Name) or self._func is None:
            return None
        if node.id == "self" and self._class is not None:
            return self._class.name
        for param in self._func.params:
            if param.name == node.id and isinstance(param.annotation, ast.Name | ast.Attribute):
                return last_name(param.annotation)
        return None

    # ---------------------------------------------------------------- functions

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        # One pass over the parameters (as :func:`params_of` lists them): what each
        # says (a dependency, a request, a header), and the expressions to visit:
        # the decorators, then each parameter's default and ``Annotated`` metadata.
        arguments = node.args
        positional = arguments.args
        if arguments.posonlyargs:
            positional = [*arguments.posonlyargs, *positional]
        count = len(positional)
        defaults = arguments.defaults
        first_default = count - len(defaults)
        every = [*positional, *arguments.kwonlyargs] if arguments.kwonlyargs else positional
        params: list[Param] = []
        expressions: list[ast.AST] = list(node.decorator_list)
        depends: list[DepRef] = []
        headers: tuple[str, ...] = ()
        auth_headers: frozenset[str] = _NO_NAMES
        requests: frozenset[str] = _NO_NAMES
        role_check = False
        module = self.facts.module
        aliases = self._alias_refs
        for index, argument in enumerate(every):
            annotation: Any = argument.annotation
            default: Any
            if index >= count:
                default = arguments.kw_defaults[index - count]
            elif index >= first_default:
                default = defaults[index - first_default]
            else:
                default = None
            param = new_param(argument.arg, annotation, default)
            params.append(param)
            kind = annotation.__class__
            wrapped = kind is _Subscript and last_name(annotation.value) == "Annotated"
            if kind is _Name:
                name = annotation.id
            elif wrapped:
                name = _annotation_name(annotation)
            else:
                name = last_name(annotation)
            own = None
            header = raw = False
            if default is not None:
                expressions.append(default)
                if default.__class__ is _Call:
                    own, header, raw = self._default_facts(param, default, module)
            if wrapped:
                expressions.append(annotation)
            if kind is _Subscript and last_name(annotation.value) == "FromDishka":
                # ``user: FromDishka[AuthUser]``: what a dishka provider gives it.
                provided = last_name(annotation.slice)
                if provided:
                    depends.append(self._dep_ref(f"{DISHKA}{provided}", module=module))
            elif own is not None:
                depends.append(own)
            elif wrapped:
                depends += annotated_deps(annotation, module)
            elif name:
                # A bare name may be an ``Annotated`` alias (``CurrentUser``); resolved later.
                ref = aliases.get(name) if kind is _Name else None
                if ref is None:
                    written = dotted(annotation) or ""
                    ref = self._dep_ref(name, alias=True, written=written, module=module)
                    if kind is _Name:
                        aliases[name] = ref
                depends.append(ref)
            if name == "SecurityScopes":
                role_check = True
            elif name in _REQUEST_TYPES:
                requests |= {param.name}
            if header or (wrapped and is_header_param(param, wrapped)):
                headers += (param.name,)
            if raw:
                auth_headers |= {param.name}
        self._scan(*expressions)
        # The fields in order, passed by position: keywords cost a call half as much again.
        func = Function(
            module,
            node.name,
            self._loc(node),
            node.__class__ is ast.AsyncFunctionDef,
            params,
            node.returns,
            _has_docstring(node.body),
            self._class.name if self._class is not None else None,
            depends,
            role_check=role_check,
            auth_headers=auth_headers,
            header_names=headers,
        )
        is_route = self._read_decorators(node, func)
        if not is_route and self._class is not None and node.decorator_list:
            # A dishka provider's method: ``@provide`` or ``@provide(scope=...)``.
            for decorator in node.decorator_list:
                called = decorator.func if decorator.__class__ is _Call else decorator
                if last_name(called) == "provide":
                    func.provides = _provided_name(node.returns)
        texts = _text_params(every, params) if is_route else _NO_NAMES
        self._enter_function(node, func, requests, texts)
        if not is_route:
            # Only routes need their annotations later; keeping every function's
            # subtrees alive would make the pass pay for them in memory and GC.
            func.params = [new_param(p.name, None, None) for p in func.params]
            func.returns = None
        self.facts.functions.append(func)
        if func.late_commits and self._app:
            self.facts.late_committers.append(func)
        self._module_level_function(node)

    def _default_facts(
        self, param: Param, default: ast.Call, module: str
    ) -> tuple[DepRef | None, bool, bool]:
        """What a parameter's call default says: the dependency, a header, the raw header.

        The dependency as :func:`dep_of` reads it, whether it is ``Header(...)``, and
        whether it hands over the Authorization header whole (see
        :meth:`_raw_authorization`). The one shape most parameters have, a bare name
        handed to ``Depends`` or ``Security`` with no keyword, is answered without the
        walk: one reference per name in the module, and neither a header nor a scheme.
        """
        func: Any = default.func
        args = default.args
        if (
            func.__class__ is _Name
            and len(args) == 1
            and not default.keywords
            and args[0].__class__ is _Name
        ):
            called = func.id
            if called in _DEPENDS_CALLS:
                return self._plain_ref(args[0].id, module), False, False
            if called == "Header":
                # ``Header(x)`` sets no alias: only the parameter's name says Authorization.
                return None, True, param.name.lower() == "authorization"
            return None, False, False
        header = last_name(func) == "Header"
        own = dep_of(default, param.annotation, module, self._dep_ref)
        return own, header, self._raw_authorization(param, header)

    def _plain_ref(self, target: str, module: str) -> DepRef:
        """``Depends(target)``: one reference per name in the module."""
        ref = self._plain_refs.get(target)
        if ref is None:
            ref = self._plain_refs[target] = self._dep_ref(target, written=target, module=module)
        return ref

    def _raw_authorization(self, param: Param, header: bool) -> bool:
        """A parameter given the Authorization header whole, its scheme left to the code.

        ``Security(APIKeyHeader(name="Authorization"))`` (or ``Depends``, or a subclass
        of it), ``Header(alias="Authorization")``, ``authorization: str = Header()``.
        """
        default = param.default
        if not isinstance(default, ast.Call):
            return False
        if header:
            alias = keywords_of(default).get("alias")
            return param.name.lower() == "authorization" or self._authorization(alias)
        if last_name(default.func) not in {"Security", "Depends"} or not default.args:
            return False
        scheme = default.args[0]
        # ``APIKeyHeader`` or a subclass of it, given the header's name.
        if not isinstance(scheme, ast.Call) or not (last_name(scheme.func) or "").endswith(
            "Header"
        ):
            return False
        return self._authorization(keywords_of(scheme).get("name"))

    def _authorization(self, node: ast.expr | None) -> bool:
        # ``"Authorization"``, or a module constant holding it (``HEADER_KEY``).
        if isinstance(node, ast.Name):
            node = self.facts.constants.get(node.id)
        return isinstance(node, ast.Constant) and str(node.value).lower() == "authorization"

    def _enter_function(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        func: Function,
        requests: frozenset[str],
        texts: frozenset[str] = _NO_NAMES,
    ) -> None:
        saved = (self._func, self._scope, self._sql_locals, self._raw_pending, self._requests)
        saved_locals = (self._locals, self._sql_built, self._begin, self._constant_names)
        saved_texts = (self._texts, self._trying, self._loop_values)
        self._texts, self._trying, self._loop_values = texts, 0, _NO_LOOPS
        self._func, self._scope, self._begin = func, "function", None
        # Most functions bind no local the pass reads: their tables are made on the first.
        self._sql_locals = self._raw_pending = self._locals = self._sql_built = _NO_LOCALS
        self._constant_names = _NO_NAMES
        self._requests = requests
        if self._read_bodies:
            self._body(node.body)
        if self._raw_pending:
            func.raw_body += tuple(self._raw_pending.values())
        self._func, self._scope, self._sql_locals, self._raw_pending, self._requests = saved
        self._locals, self._sql_built, self._begin, self._constant_names = saved_locals
        self._texts, self._trying, self._loop_values = saved_texts
        outer = self._func
        if outer is not None:
            # A factory (``require_role("admin")``) is what its inner checker does.
            outer.role_check |= func.role_check and func.raises
            outer.raises |= func.raises
            outer.jwt_decode |= func.jwt_decode
            outer.called |= func.called
            outer.depends += func.depends

    def _module_level_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if self._scope != "module":
            return
        if node.name == "downgrade" and not _trivial(node.body):
            self.facts.downgrade_body = True
        if self.facts.role is Role.TEST:
            self._test_function(node)

    def _test_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if not node.name.startswith("test"):
            return
        is_async = isinstance(node, ast.AsyncFunctionDef)
        self.facts.tests.append((node.name, is_async, self._loc(node)))
        for decorator in node.decorator_list:
            name = dotted(decorator.func if isinstance(decorator, ast.Call) else decorator)
            if name and name.endswith((".asyncio", ".anyio", ".trio")):
                self._remember(self.facts.keys, "mark:async", decorator)

    def _read_decorators(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, func: Function
    ) -> bool:
        route: Route | None = None
        limited = False
        for decorator in node.decorator_list:
            # What each decorator calls, looked at once for the three questions.
            called: Any = decorator.func if decorator.__class__ is _Call else decorator
            if called is not decorator and called.__class__ is _Attribute:
                verb = called.attr
                if verb in ROUTE_METHODS:
                    found = self._route(decorator, verb, func)  # type: ignore[arg-type]
                    # A HEAD route answers no body: another route of the function says
                    # what it returns (``@router.head`` above ``@router.get``).
                    if route is None or (found is not None and route.method == "head"):
                        route = found or route
                    # A route's verb is no rate limit (see ``_limits``).
                    continue
                if verb in _REGISTERING:
                    self._decorator_registration(decorator, func)
            limited |= _limits(called)
        if route is None:
            return False
        route.rate_limited = limited
        # ``route.deps`` is the route's own list, made by ``deps_in``.
        route.deps += func.depends
        inputs = inputs_of(func.params)
        route.inputs = self._inputs.setdefault(inputs, inputs)
        self.facts.routes.append(route)
        return True

    def _route(self, decorator: ast.Call, verb: str, func: Function) -> Route | None:
        """``@receiver.verb(path, ...)``; ``verb`` is one of ``ROUTE_METHODS``."""
        receiver = dotted(decorator.func.value)  # type: ignore[attr-defined]
        if receiver is None:
            return None
        # ``keywords_of`` and ``deps_in``, inline: every route asks.
        keywords = {k.arg or "**": k.value for k in decorator.keywords}
        path = decorator.args[0] if decorator.args else keywords.get("path")
        if not isinstance(path, ast.Constant) or not isinstance(path.value, str):
            return None
        method = verb if verb != "api_route" else _route_method(verb, keywords.get("methods"))
        listed = keywords.get("dependencies")
        deps = [] if listed is None else deps_in(listed, self.facts.module)
        loc = self._loc(decorator)
        return Route(
            self.facts.module, receiver, method, path.value, func, loc, keywords, deps=deps
        )

    def _decorator_registration(self, decorator: ast.expr, func: Function) -> None:
        if not isinstance(decorator, ast.Call) or not isinstance(decorator.func, ast.Attribute):
            return
        attr = decorator.func.attr
        if attr == "exception_handler" and decorator.args:
            name = dotted(decorator.args[0])
            if name:
                self._remember(self.facts.handlers, self._qualify(name), decorator)
        elif attr == "middleware" and self._app:
            use = MiddlewareUse(self.facts.module, f"http:{func.name}", self._loc(decorator), {})
            self.facts.middleware.append(use)

    # ------------------------------------------------------------------ classes

    def _classdef(self, node: ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            self._scan(decorator)
        bases = [self._qualify(name) for b in node.bases if (name := dotted(b)) is not None]
        info = ClassDef(self.facts.module, node.name, bases, self._loc(node))
        # ``class NotFound(AppError, code="not_found", status_code=404)``: handed to
        # ``__init_subclass__``, which sets them on the class.
        info.attrs.update(k.arg for k in node.keywords if k.arg)
        saved = (self._class, self._scope, self._func, self._settings)
        self._class, self._scope, self._func = info, "class", None
        self._settings = _settings_like(node.name, bases)
        for statement in node.body:
            if isinstance(statement, ast.ClassDef) and statement.name == "Config":
                info.v1_config = True
            self._stmt(statement)
            self._class_field(statement, info)
        if self._settings:
            self._init_fields(node, info)
        self._class, self._scope, self._func, self._settings = saved
        self.facts.classes.append(info)
        if self._scope == "module" and self.facts.role is Role.TEST:
            self._test_class(node)

    def _test_class(self, node: ast.ClassDef) -> None:
        if not node.name.startswith("Test"):
            return
        for statement in node.body:
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                self._test_function(statement)

    def _class_field(self, statement: ast.stmt, info: ClassDef) -> None:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            field = ClassField(statement.annotation, statement.value, self._loc(statement))
            info.fields[statement.target.id] = field
        elif isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    info.fields[target.id] = ClassField(None, statement.value, self._loc(statement))

    def _init_fields(self, node: ast.ClassDef, info: ClassDef) -> None:
        """``self.SECRET_KEY = os.getenv(...)`` in a settings class's ``__init__``: a field.

        A plain settings class may set its values on the instance rather than the
        class; each is a setting with that default all the same. A field the class
        declares itself keeps its declaration.
        """
        for statement in node.body:
            if isinstance(statement, ast.FunctionDef) and statement.name == "__init__":
                for inner in _straight_line(statement.body):
                    target, value = _self_assignment(inner)
                    if target is not None and value is not None:
                        field = ClassField(None, value, self._loc(inner))
                        info.fields.setdefault(target, field)

    # -------------------------------------------------------------- assignments

    def _assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        targets: list[ast.expr] = (
            list(node.targets) if isinstance(node, ast.Assign) else [node.target]
        )
        value = node.value
        name = _single_name(targets)
        self._self_attributes(targets)
        saved = self._target
        self._target = name or _attribute_target(targets)
        if value is not None:
            self._assigned(name, value, node)
            self._scan(value)
        if isinstance(node, ast.AnnAssign):
            self._scan(node.annotation)
        for target in targets:
            # ``response.headers["X-Frame-Options"] = ...``: the key is code too.
            if not isinstance(target, ast.Name):
                self._scan(target)
        self._target = saved

    def _assigned(self, name: str | None, value: ast.expr, node: ast.stmt) -> None:
        if name is None:
            return
        if self._scope == "module":
            if not _bulky(value):
                self.facts.constants[name] = value
                self._remember(self.facts.constant_locs, name, node)
            self._module_value(name, value)
        if self._scope == "function":
            self._local_value(name, value, node)
        called = value.value if isinstance(value, ast.Await) else value
        if isinstance(called, ast.Call):
            callee = dotted(called.func)
            label = self._qualify(callee) if callee else (last_name(called.func) or "")
            entry = (label, self._loc(node))
            self.facts.instances.setdefault(name, entry)

    def _module_value(self, name: str, value: ast.expr) -> None:
        if name == "revision":
            self.facts.revision = True
        if _is_annotated(value):
            assert isinstance(value, ast.Subscript)
            self.facts.aliases[name] = annotated_deps(value, self.facts.module)
        dependency = dep_of(value, module=self.facts.module)
        if dependency is not None:
            self.facts.aliases[name] = [dependency]
        if name == "pytestmark":
            text = ast.unparse(value)
            if ".asyncio" in text or ".anyio" in text:
                self._remember(self.facts.keys, "mark:async", value)

    def _local_value(self, name: str, value: ast.expr, node: ast.stmt) -> None:
        if self._locals is _NO_LOCALS:
            self._sql_locals, self._raw_pending, self._locals, self._sql_built = {}, {}, {}, {}
        self._locals[name] = value
        called = value.value if isinstance(value, ast.Await) else value
        if self._is_raw_body(called):
            self._raw_pending[name] = self._loc(node)
            self._validated.add(id(called))
        sql = sql_text(value, self._sql_locals, self._trust)
        if sql is not None and looks_like_sql(sql[1]):
            self._sql_locals[name] = sql
            if sql[0] or sql[2]:
                self._sql_built.setdefault(name, self._loc(node))

    def _augassign(self, node: ast.AugAssign) -> None:
        name = node.target.id if isinstance(node.target, ast.Name) else None
        known = self._sql_locals.get(name) if name else None
        if name and known is not None and isinstance(node.op, ast.Add):
            added = sql_text(node.value, self._sql_locals, self._trust)
            added = added or _operand(node.value, self._trust)
            dynamic, helpers = added[0] or known[0], added[2] | known[2]
            self._sql_locals[name] = (dynamic, known[1] + added[1], helpers)
            if dynamic or helpers:
                self._sql_built.setdefault(name, self._loc(node))
        self._children(node)

    def _self_attributes(self, targets: list[ast.expr]) -> None:
        if self._class is None or self._func is None:
            return
        for target in targets:
            # ``cls.code = code`` in ``__init_subclass__`` sets it on every subclass.
            if isinstance(target, ast.Attribute) and dotted(target.value) in {"self", "cls"}:
                self._class.attrs.add(target.attr)

    # -------------------------------------------------------------- expressions

    def _call(self, node: ast.Call) -> None:
        func: Any = node.func
        kind = func.__class__
        if kind is _Name:
            name = attr = func.id
        elif kind is _Attribute:
            name, attr = dotted(func), func.attr
        else:
            name = attr = None
        if name:
            # What a name says is the same for every call of it until an import
            # changes what its head stands for: worked out once per name.
            known = self._call_names.get(name)
            if known is None:
                known = self._call_names[name] = self._call_name(name, attr)
            qualified, recorded, dispatched = known
            if recorded:
                # Calls through imported names say which libraries are in use; calls on
                # local objects matter only for the few suffixes the scorecards look for.
                calls = self.facts.calls
                seen = calls.get(qualified)
                if seen is None or node.lineno < seen.line:
                    calls[qualified] = self._loc(node)
                if qualified.endswith(_SCHEMA_MAKERS):
                    self._schema_made(node)
        elif attr is not None:
            qualified, dispatched = attr, _dispatched(attr, attr, last_name(func.value))
        if self._func is not None and attr is not None:
            self._func.called.add(attr)
            if self._texts and attr in _CONVERTERS and not self._trying and node.args:
                self._converted(node, name or attr)
            if (
                attr == "dict"
                and kind is _Name
                and len(node.args) == 1
                and _query_params(node.args[0])
            ):
                self._copied.add(id(node.args[0]))
            # ``authorization.split(" ")``: the scheme cut off the header by hand.
            if (
                attr in _TOKEN_CUTS
                and self._func.auth_headers
                and kind is _Attribute
                and dotted(func.value) in self._func.auth_headers
            ):
                self._manual_auth(node)
        elif self._main_guard and attr is not None:
            self.facts.main_calls.add(attr)
        cors = False
        for keyword in node.keywords:
            arg = keyword.arg
            if arg in _KEYWORD_FACTS:
                self._remember(self.facts.keys, arg, keyword.value)
            elif arg == "context_getter":
                getter = last_name(keyword.value)
                if getter is not None:
                    self.facts.context_getters.append(getter)
            elif arg in _CORS_OPTIONS:
                cors = True
        if attr is None:
            return
        if cors and self._app and attr not in _CORS_TAKERS:
            self._cors_options(attr, node)
        # Most calls (``Depends``, a model, a helper) are none of the calls _dispatch reads.
        if (
            dispatched
            or (self._requests and attr[:1].isupper() and (node.args or node.keywords))
            or (self._requests and _class_receiver(node) is not None)
        ):
            self._dispatch(node, attr, qualified)

    def _converted(self, node: ast.Call, name: str) -> None:
        # ``UUID(item_id)`` on a route's ``item_id: str``: the parameter parsed by hand,
        # where a bad value raises inside the handler (a 500) instead of a 422.
        first = node.args[0]
        if first.__class__ is _Name and first.id in self._texts and self._func is not None:
            self._func.hand_converted += ((self._loc(node), first.id, name),)

    def _try(self, node: ast.Try) -> None:
        self._trying += 1
        self._body(node.body)
        self._trying -= 1
        for handler in node.handlers:
            self._children(handler)
        self._body(node.orelse)
        self._body(node.finalbody)

    def _call_name(self, name: str, attr: str) -> tuple[str, bool, bool]:
        """A called name qualified through the imports, whether it is recorded, dispatched."""
        head, dot, rest = name.partition(".")
        full = self.facts.imports.get(head)
        qualified = name if full is None else f"{full}{dot}{rest}"
        recorded = full is not None or qualified.endswith(_KEPT_CALLS)
        receiver = name.rpartition(".")[0].rpartition(".")[2] if dot else None
        return qualified, recorded, _dispatched(attr, qualified, receiver)

    def _dispatch(self, node: ast.Call, attr: str, qualified: str) -> None:
        handler = _CALL_HANDLERS.get(attr)
        if handler is not None:
            handler(self, node, qualified)
        if attr in _LOG_METHODS and self._app and not self._main_guard:
            receiver = last_name(node.func.value) if isinstance(node.func, ast.Attribute) else None
            if receiver is not None and "log" in receiver.lower():
                self.facts.log_calls += 1
        if attr in _SQL_SINKS:
            self._sql_sink(node, attr, qualified)
        if attr in _RAW_BODY:
            self._raw_body_call(node)
        # Validation matters only to a function that reads a request's body by hand.
        if self._requests and (
            attr in _VALIDATORS or (attr[:1].isupper() and (node.args or node.keywords))
        ):
            self._validating(node)
        elif self._requests and (owner := _class_receiver(node)) is not None:
            self._handing(node, owner, attr)
        if attr in _JWT_OPS:
            if qualified.startswith(_JWT_MODULES):
                self._jwt(node, attr, qualified)
        elif qualified.endswith(_JWT_TAILS) and qualified.startswith(_JWT_MODULES):
            # ``from jwt import decode as _jwt_decode_impl``: the operation is the
            # qualified name's, whatever the call is named here.
            self._jwt(node, qualified.rpartition(".")[2], qualified)
        if qualified in _BLOCKING and self._func is not None and self._func.is_async:
            self._func.blocking += ((self._loc(node), qualified),)
        if attr in _WEAK_HASHES and qualified.startswith("hashlib.") and _mentions_password(node):
            self.facts.hashing.append((f"weak:{attr}", self._loc(node)))
        if attr.endswith("Middleware") and attr != "Middleware" and node.args:
            self._middleware(qualified, node, self._loc(node))

    def _sql_sink(self, node: ast.Call, attr: str, qualified: str) -> None:
        keywords = keywords_of(node)
        argument = node.args[0] if node.args else None
        for key in _SQL_KEYWORDS:
            argument = argument or keywords.get(key)
        if argument is None:
            return
        found = sql_text(argument, self._sql_locals, self._trust)
        # SQLAlchemy's ``text("SELECT 1")`` is SQL whatever its words look like.
        if found is None or not (qualified in _SQL_TEXT or looks_like_sql(found[1])):
            return
        dynamic, _, helpers = found
        literal = isinstance(argument, ast.Constant)
        # Point at where the SQL is built from values, not at the call that runs it.
        built = self._sql_built.get(argument.id) if isinstance(argument, ast.Name) else None
        loc = built or (self._loc(argument) if dynamic or helpers else self._loc(node))
        self.facts.sql.append(SqlUse(loc, attr, dynamic, literal, tuple(sorted(helpers))))

    def _is_raw_body(self, node: ast.AST) -> bool:
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            return False
        receiver = dotted(node.func.value)
        return node.func.attr in _RAW_BODY and receiver in self._requests

    def _raw_body_call(self, node: ast.Call) -> None:
        if self._func is None or id(node) in self._validated or not self._is_raw_body(node):
            return
        self._func.raw_body += (self._loc(node),)

    def _validating(self, node: ast.Call) -> None:
        # ``Model(**await request.json())`` and ``Model.model_validate(data)`` validate the body.
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            inner = argument.value if isinstance(argument, ast.Starred | ast.Await) else argument
            if isinstance(inner, ast.Await):
                inner = inner.value
            if isinstance(inner, ast.Name):
                self._raw_pending.pop(inner.id, None)
            elif isinstance(inner, ast.Call):
                self._validated.add(id(inner))
        for keyword in node.keywords:
            if keyword.arg is None and isinstance(keyword.value, ast.Name):
                self._raw_pending.pop(keyword.value.id, None)

    def _handing(self, node: ast.Call, owner: str, method: str) -> None:
        """``Form.from_form(data)``: a body read by hand, handed to a class's own method.

        Whether the method validates it (``cls.model_validate(...)``) is known once every
        module is read: the body is kept aside, not counted as read by hand yet.
        """
        if self._func is None:
            return
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            inner = argument.value if isinstance(argument, ast.Await) else argument
            if isinstance(inner, ast.Name) and inner.id in self._raw_pending:
                loc = self._raw_pending.pop(inner.id)
            elif self._is_raw_body(inner) and id(inner) not in self._validated:
                self._validated.add(id(inner))
                loc = self._loc(inner)
            else:
                continue
            self._func.raw_handed += ((loc, owner, method),)

    def _jwt(self, node: ast.Call, op: str, qualified: str) -> None:
        keywords = keywords_of(node)
        position = 2 if qualified.startswith("authlib.") and op == "encode" else 1
        key = node.args[position] if len(node.args) > position else keywords.get("key")
        if isinstance(key, ast.Name) and key.id in self._locals:
            # ``key = settings.SECRET_KEY.get_secret_value()`` just above the call.
            key = self._locals[key.id]
        self.facts.jwt.append(JwtCall(op, key, self._loc(node), self._func))
        if self._func is not None:
            self._func.jwt_decode |= op == "decode"
            self._func.jwt_encode |= op == "encode"

    def _cors_options(self, callee: str, node: ast.Call) -> None:
        """``CORSConfig(allow_origins=...)``: the options of a CORS middleware of the project."""
        keywords = keywords_of(node)
        for key, value in keywords.items():
            if isinstance(value, ast.Name) and value.id in self._locals:
                keywords[key] = self._locals[value.id]
        use = MiddlewareUse(
            self.facts.module, callee, self._loc(node), keywords, self._environment_guard
        )
        self.facts.cors_options.append(use)

    def _middleware(self, cls: str, node: ast.Call, loc: Location) -> None:
        if not self._app:
            return
        keywords = keywords_of(node)
        for key, value in keywords.items():
            if isinstance(value, ast.Name) and value.id in self._locals:
                # ``origins = settings.CORS_ORIGINS.split(",")`` just above, in a factory.
                keywords[key] = self._locals[value.id]
        use = MiddlewareUse(
            self.facts.module,
            cls,
            loc,
            keywords,
            self._environment_guard,
            self._development_guard,
        )
        self.facts.middleware.append(use)

    def _constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bytes) and len(value) < 40:
            # ASGI middleware writes header names as bytes.
            value = value.decode("latin-1")
        if not isinstance(value, str) or len(value) > 300:
            return
        lower = value.lower()
        if lower in HEADER_NAMES:
            self._remember(self.facts.strings, lower, node)
        elif value == "exp":
            self._remember(self.facts.keys, "exp", node)
            if self._func is not None:
                self._func.exp_claim = True
        elif value == TUTORIAL_KEY:
            self._remember(self.facts.strings, "tutorial_key", node)
        elif lower in _SERVER_LOGGERS:
            # ``logging.getLogger("uvicorn.error")``: a logger the server gives a handler.
            self._remember(self.facts.strings, "server_logger", node)
        elif (
            # Every marker has "json" in it, but ecs_logging; a JSON format has '{"'.
            ("son" in lower or "ecs_logging" in value)
            and _JSON_LOGGING_TEXT.search(value) is not None
        ) or ('{"' in value and _json_log_format(value)):
            self._remember(self.facts.strings, "json_logging", node)
        elif lower == "x-forwarded-proto" and self._func is not None:
            self._func.scheme_check = True
        elif lower == "location" and self._func is not None:
            # A response given a Location header by hand is a redirect too.
            self._func.redirects = True

    def _attribute(self, node: ast.Attribute) -> None:
        if self._func is None:
            return
        if self._settings:
            # What a settings method reads: a validator that looks at a field.
            _read_name(self._func, node.attr)
        if node.attr in _ROLE_ATTRS:
            self._func.role_check = True
        elif node.attr == "scheme" and last_name(node.value) == "url":
            # ``request.url.scheme``: the request's, not a URL parsed from a value.
            self._func.scheme_check = True
        elif node.attr == "query_params" and dotted(node.value) in self._requests:
            # Parameters picked out of the query string by hand skip validation.
            whole = id(node) in self._copied
            if whole:
                self._func.copied_query += (self._loc(node),)
            else:
                self._func.raw_query += (self._loc(node),)

    def _compare(self, node: ast.Compare) -> None:
        if self._func is None or self._class is None:
            return
        # ``value == "changethis"``, ``v in {"change-me", ""}``: a method that tells a
        # placeholder from a value.
        for side in (node.left, *node.comparators):
            if isinstance(side, ast.Name):
                # ``secret == _DEFAULT_SECRET``, ``key in _INSECURE_DEFAULTS``: the
                # constant or the local set of them the name stands for.
                named = self._locals.get(side.id) or self.facts.constants.get(side.id)
                side = named if named is not None else side
            items = side.elts if isinstance(side, ast.Tuple | ast.List | ast.Set) else [side]
            for item in items:
                if isinstance(item, ast.Constant) and isinstance(item.value, str):
                    compared = self._func.compared
                    if item.value not in compared:
                        self._func.compared = compared | {item.value}
        # ``"database_url" not in self.model_fields_set``: a settings validator
        # that asks whether a field was given reads that field.
        if not self._settings:
            return
        given = any(
            isinstance(right, ast.Attribute) and right.attr == "model_fields_set"
            for right in node.comparators
        )
        if given and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
            _read_name(self._func, node.left.value)

    def _subscript(self, node: ast.Subscript) -> None:
        key = node.slice
        if not isinstance(key, ast.Constant) or not isinstance(key.value, str):
            return
        if key.value.lower() == "authorization" and last_name(node.value) == "headers":
            self._manual_auth(node)
        elif key.value == "exp" and self._func is not None:
            self._func.exp_claim = True
        elif key.value == "scheme" and self._func is not None:
            # ``scope["scheme"]`` in pure ASGI middleware.
            self._func.scheme_check = True

    def _manual_auth(self, node: ast.AST) -> None:
        # An authentication middleware or backend reads the header once for every
        # route; that is infrastructure, not a route parsing its token by hand.
        owner = self._class.name if self._class is not None else ""
        if owner.endswith(("Middleware", "Backend")) or self._func is None or not self._app:
            return
        self._func.manual_auth += (self._loc(node),)

    def _dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None and _query_params(value):
                # ``{**request.query_params}``: the whole query string, no parameter picked.
                self._copied.add(id(value))
            if not isinstance(key, ast.Constant) or not isinstance(key.value, str):
                continue
            if key.value == "exp":
                self._exp_seconds(value)
            elif key.value in _KEYWORD_FACTS:
                self._remember(self.facts.keys, key.value, key)

    def _exp_seconds(self, value: ast.expr) -> None:
        # ``"exp": time.time() + 3600``: the number added to "now" is the lifetime in seconds.
        if not isinstance(value, ast.BinOp) or not isinstance(value.op, ast.Add):
            return
        sides = sorted((value.left, value.right), key=_lifetime_preference)
        side = sides[0]
        if _lifetime_preference(side) < 2:
            context = self._func.name if self._func else "exp"
            side, loc = self._defaulted(side)
            self.facts.lifetimes.append(Lifetime(side, 1.0, loc, context))

    def _defaulted(self, node: ast.expr) -> tuple[ast.expr, Location]:
        """A parameter stands for its default (``expires_in: int = 3600``), where it is written.

        A helper's default lifetime is what every caller that leaves it out gets.
        """
        if isinstance(node, ast.Name) and self._func is not None:
            for param in self._func.params:
                default = param.default
                if param.name == node.id and default is not None and not _is_none(default):
                    return default, self._loc(default)
        return node, self._loc(node)

    # ------------------------------------------------------ call-specific facts

    def on_fastapi(self, node: ast.Call, qualified: str) -> None:
        """``FastAPI(...)``: the application object."""
        if not qualified.endswith("FastAPI") or self.facts.role is Role.TEST:
            return
        keywords = keywords_of(node)
        deps = deps_in(keywords.get("dependencies"), self.facts.module)
        self.facts.apps.append(
            AppDef(self.facts.module, self._target, self._loc(node), keywords, deps)
        )
        self._debug_flag(keywords)

    def on_starlette(self, node: ast.Call, qualified: str) -> None:
        """``Starlette(debug=...)``: only its debug flag matters to the scorecards."""
        if qualified.startswith("starlette.") and self._app:
            self._debug_flag(keywords_of(node))

    def _debug_flag(self, keywords: dict[str, ast.expr]) -> None:
        value = keywords.get("debug")
        if value is not None:
            self.facts.debug_flags.append((value, self._loc(value)))

    def on_commit(self, node: ast.Call, qualified: str) -> None:
        """``session.commit()`` after a ``yield``: the work ends after the response."""
        func = self._func
        if func is not None and func.yielded and isinstance(node.func, ast.Attribute):
            func.late_commits += (self._loc(node),)

    def on_router(self, node: ast.Call, qualified: str) -> None:
        """``APIRouter(...)`` assigned to a name."""
        if self._target is None:
            return
        keywords = keywords_of(node)
        deps = deps_in(keywords.get("dependencies"), self.facts.module)
        router = RouterDef(self.facts.module, self._target, self._loc(node), keywords, deps)
        self.facts.routers.append(router)

    def on_include(self, node: ast.Call, qualified: str) -> None:
        """``parent.include_router(child, ...)`` or ``parent.include_router(router=child, ...)``."""
        child = node.args[0] if node.args else keywords_of(node).get("router")
        if child is None or not isinstance(node.func, ast.Attribute):
            return
        target = dotted(child)
        parent = dotted(node.func.value)
        made = isinstance(child, ast.Call) and _LIBRARY_ROUTER.match(last_name(child.func) or "")
        if made and parent is not None and isinstance(child, ast.Call):
            target = dotted(child.func)
        elif made:
            return
        if target is None or parent is None:
            return
        keywords = keywords_of(node)
        deps = deps_in(keywords.get("dependencies"), self.facts.module)
        include = Include(
            self.facts.module, parent, self._qualify(target), self._loc(node), keywords, deps
        )
        (self.facts.library_routers if made else self.facts.includes).append(include)

    def on_add_middleware(self, node: ast.Call, qualified: str) -> None:
        """``app.add_middleware(Cls, ...)`` and ``Middleware(Cls, ...)``."""
        name = dotted(node.args[0]) if node.args else None
        if name is not None:
            self._middleware(self._qualify(name), node, self._loc(node))

    def on_exception_handler(self, node: ast.Call, qualified: str) -> None:
        """``app.add_exception_handler(Exc, handler)``, also in a loop over pairs."""
        first = node.args[0] if node.args else None
        looped = self._loop_values.get(first.id) if isinstance(first, ast.Name) else None
        for value in looped or ([first] if first is not None else []):
            name = dotted(value)
            if name is not None:
                self._remember(self.facts.handlers, self._qualify(name), node)

    def on_timedelta(self, node: ast.Call, qualified: str) -> None:
        """A ``timedelta``: a lifetime candidate, read in its context."""
        context = f"{self._func.name if self._func else ''}:{self._target or ''}"
        for keyword in node.keywords:
            unit = _TIMEDELTA_UNITS.get(keyword.arg or "")
            if unit is not None:
                self._lifetime(keyword.value, unit, node, context)
        for argument, unit in zip(node.args, _TIMEDELTA_POSITIONAL, strict=False):
            self._lifetime(argument, unit, node, context)

    def _lifetime(self, value: ast.expr, unit: float, call: ast.Call, context: str) -> None:
        expr, loc = self._defaulted(value)
        where = loc if expr is not value else self._loc(call)
        self.facts.lifetimes.append(Lifetime(expr, unit, where, context))

    def on_jwt_strategy(self, node: ast.Call, qualified: str) -> None:
        """fastapi-users' ``JWTStrategy(secret=..., lifetime_seconds=...)``."""
        keywords = keywords_of(node)
        loc = self._loc(node)
        self.facts.jwt.append(JwtCall("encode", keywords.get("secret"), loc, self._func))
        lifetime = keywords.get("lifetime_seconds")
        if lifetime is not None:
            self.facts.lifetimes.append(Lifetime(lifetime, 1.0, loc, "access_token"))

    def on_hashing(self, node: ast.Call, qualified: str) -> None:
        """A password hasher: ``CryptContext``, pwdlib, bcrypt, argon2, werkzeug."""
        if not any(lib in qualified for lib in _HASH_LIBRARIES):
            return
        keywords = keywords_of(node)
        schemes = keywords.get("schemes")
        label = ast.unparse(schemes) if schemes is not None else qualified
        self.facts.hashing.append((label, self._loc(node)))

    def on_run_sync(self, node: ast.Call, qualified: str) -> None:
        """``await connection.run_sync(Base.metadata.create_all)``: the function it calls."""
        if node.args and isinstance(node.args[0], ast.Attribute):
            name = dotted(node.args[0])
            if name is not None and name.endswith("metadata.create_all"):
                self._remember(self.facts.calls, self._qualify(name), node)
                self._schema_made(node)

    def _schema_made(self, node: ast.Call) -> None:
        # Tables made under ``if __name__ == "__main__":`` are a script's, not the app's.
        if self._main_guard:
            return
        func = self._func.name if self._func is not None else None
        self.facts.schema_made.append((self._loc(node), func))

    def on_compile(self, node: ast.Call, qualified: str) -> None:
        """``stmt.compile(compile_kwargs={"literal_binds": True})``: values inlined into SQL.

        SQLAlchemy renders each bound value into the text itself, quoting it as the
        dialect would; its documentation says this is for debugging, never for text
        that is then run with values that come from a client.
        """
        options = keywords_of(node).get("compile_kwargs")
        if not isinstance(options, ast.Dict):
            return
        if self._func is not None and _SHOWING.search(self._func.name):
            # ``def _get_formatted_sql(...)`` for a slow-query log line: SQL shown, not run.
            return
        for key, value in zip(options.keys, options.values, strict=True):
            if (
                isinstance(key, ast.Constant)
                and key.value == "literal_binds"
                and isinstance(value, ast.Constant)
                and value.value is True
            ):
                self.facts.sql.append(SqlUse(self._loc(node), "compile", True, False))

    def on_print(self, node: ast.Call, qualified: str) -> None:
        """``print()`` in application code (not in scripts or ``__main__`` blocks)."""
        if qualified == "print" and self._app and not self._main_guard:
            self.facts.prints.append(self._loc(node))

    def on_header_get(self, node: ast.Call, qualified: str) -> None:
        """``request.headers.get("Authorization")``: reading the token by hand."""
        if not isinstance(node.func, ast.Attribute) or last_name(node.func.value) != "headers":
            return
        first = node.args[0] if node.args else None
        said = isinstance(first, ast.Constant) and str(first.value).lower() == "authorization"
        if said and not self._socket(node.func.value):
            self._manual_auth(node)

    def _socket(self, headers: ast.expr) -> bool:
        """``ws.headers`` of a ``WebSocket`` parameter: a socket has no OAuth2 scheme to
        inject, so its handshake header is read where the socket is accepted."""
        receiver = headers.value if isinstance(headers, ast.Attribute) else None
        if self._func is None or not isinstance(receiver, ast.Name):
            return False
        return any(
            p.name == receiver.id
            and p.annotation is not None
            and last_name(p.annotation) == "WebSocket"
            for p in self._func.params
        )

    def on_session_run(self, node: ast.Call, qualified: str) -> None:
        """``session.run("pytest", "--cov-fail-under=80")`` in a noxfile: a command."""
        if not qualified.startswith("session.") or not self.facts.path.endswith("noxfile.py"):
            return
        words = [a.value for a in node.args if isinstance(a, ast.Constant)]
        self.facts.commands.append(" ".join(str(w) for w in words))

    def on_super_init(self, node: ast.Call, qualified: str) -> None:
        """``super().__init__(status_code=...)`` sets those attributes on the instance."""
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        if self._class is None or not isinstance(receiver, ast.Call):
            return
        if last_name(receiver.func) == "super":
            self._class.attrs.update(k.arg for k in node.keywords if k.arg)

    def on_redirect(self, node: ast.Call, qualified: str) -> None:
        """A ``RedirectResponse`` in a function that looks at the URL scheme."""
        if self._func is not None:
            self._func.redirects = True


def _return_name(func: Function, name: str) -> None:
    # Facts are immutable: a name is added by making the set anew, once per name.
    if name not in func.returned:
        func.returned = func.returned | {name}


def _read_name(func: Function, name: str) -> None:
    if name not in func.reads:
        func.reads = func.reads | {name}


_BULKY = 32
_NO_LOOPS: dict[str, list[ast.expr]] = {}
_DEPENDS_CALLS = frozenset({"Depends", "Security"})
_REQUEST_TYPES = frozenset({"Request", "WebSocket"})


def _has_docstring(body: list[ast.stmt]) -> bool:
    """What ``ast.get_docstring(node) is not None`` says, without cleaning the text."""
    first = body[0] if body else None
    if first.__class__ is not ast.Expr:
        return False
    value = first.value
    return value.__class__ is ast.Constant and isinstance(value.value, str)


_SCHEMA_RESETS = frozenset({"drop_all", "create_all"})
# ``TRUNCATE`` alone only in capitals: "truncate" is also an English word in test strings.
_RESET_SQL = re.compile(
    r"(?i:\bdrop\s+(table|schema|database)\b|\btruncate\s+table\b)|\bTRUNCATE\b"
)
# A request a test sends: a client's method and the path it names first (a plain
# or f-string literal; ``{...}`` in it is a value the test fills in).
_REQUESTED = re.compile(
    r"\.(get|post|put|patch|delete|head|options|request)\(\s*"
    r"(?:[\"'](GET|POST|PUT|PATCH|DELETE)[\"']\s*,\s*)?f?[\"']((?:/|\{)[^\"'\s]*)[\"']"
)
_REQUESTED_CONSTANT = re.compile(
    r"\.(get|post|put|patch|delete|head|options)\(\s*([A-Z][A-Z0-9_]*)\s*[,)]"
)
_TEST_DATABASE_MARKERS = re.compile(r"drop_all|create_all|DROP |TRUNCATE|drop |truncate")
_ENV_GETTERS = frozenset({"getenv", "get"})


def _env_variable(node: ast.AST) -> str | None:
    """The variable of ``os.getenv("X")``, ``os.environ.get("X")`` or ``os.environ["X"]``."""
    if isinstance(node, ast.Subscript) and last_name(node.value) == "environ":
        key = node.slice
    elif isinstance(node, ast.Call) and last_name(node.func) in _ENV_GETTERS and node.args:
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        if last_name(node.func) == "get" and last_name(receiver) != "environ":
            return None
        key = node.args[0]
    else:
        return None
    return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None


# What parses text into a value: ``UUID(x)``, ``int(x)``, ``date.fromisoformat(x)``,
# ``datetime.strptime(x, ...)``, ``json.loads(x)``.
_CONVERTERS = frozenset(
    {"UUID", "int", "float", "Decimal", "fromisoformat", "strptime", "loads", "ObjectId"}
)


def _text_params(arguments: list[ast.arg], params: list[Param]) -> frozenset[str]:
    """The parameters annotated ``str`` that the client gives (path or query), not
    what a dependency hands over."""
    found = [
        param.name
        for argument, param in zip(arguments, params, strict=True)
        if isinstance(argument.annotation, ast.Name)
        and argument.annotation.id == "str"
        and not (isinstance(param.default, ast.Call) and last_name(param.default.func) in _GIVEN)
    ]
    return frozenset(found) if found else _NO_NAMES


_GIVEN = frozenset({"Depends", "Security", "Header", "Cookie", "Body", "Form", "File"})


def _query_params(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "query_params"


_TOKEN_CUTS = frozenset({"split", "rsplit", "partition", "removeprefix", "replace"})


def _detail_shape(exc: ast.Call) -> str | None:
    """What an ``HTTPException``'s detail is: ``structured``, a ``string``, or None (none given).

    Structured: a dict or list written in place, a model built in place, or a helper
    that turns one into a dict (``model_dump``, ``dict``, ``respond``); the client gets
    fields to read. A string: a constant, an f-string, ``str(...)``.
    """
    detail = exc.args[1] if len(exc.args) > 1 else None
    for keyword in exc.keywords:
        if keyword.arg == "detail":
            detail = keyword.value
    if isinstance(detail, ast.Dict | ast.List | ast.ListComp | ast.DictComp):
        return "structured"
    if isinstance(detail, ast.JoinedStr):
        return "string"
    if isinstance(detail, ast.Constant):
        return "string" if isinstance(detail.value, str) else None
    if not isinstance(detail, ast.Call):
        return None
    name = last_name(detail.func) or ""
    if name in _DETAIL_SHAPERS or (name[:1].isupper() and bool(detail.keywords)):
        return "structured"
    return "string" if name in {"str", "format", "join"} else None


_DETAIL_SHAPERS = frozenset(
    {"model_dump", "dict", "respond", "to_dict", "as_dict", "jsonable_encoder"}
)


# ``get_auth_router(backend)``, ``get_register_router(...)``: a router a library makes.
_LIBRARY_ROUTER = re.compile(r"get_\w*router$")


def _straight_line(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a body, and of the ``if``/``try`` blocks in it (one value each)."""
    for statement in body:
        yield statement
        if isinstance(statement, ast.If):
            yield from _straight_line(statement.body)
            yield from _straight_line(statement.orelse)
        elif isinstance(statement, ast.Try):
            yield from _straight_line(statement.body)


def _self_assignment(statement: ast.stmt) -> tuple[str | None, ast.expr | None]:
    """``self.NAME = value`` (or annotated): the name and the value."""
    target: ast.expr
    value: ast.expr | None
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0], statement.value
    elif isinstance(statement, ast.AnnAssign):
        target, value = statement.target, statement.value
    else:
        return None, None
    if isinstance(target, ast.Attribute) and dotted(target.value) == "self":
        return target.attr, value
    return None, None


def _settings_like(name: str, bases: list[str]) -> bool:
    """A class that may hold settings (as the index decides later, by name or base)."""
    if name.endswith(("Settings", "Config", "Configuration")):
        return True
    return any(base.endswith("BaseSettings") for base in bases)


def _is_schema_reset(node: ast.AST) -> bool:
    """``metadata.drop_all`` / ``create_all``, or SQL that drops or truncates."""
    if isinstance(node, ast.Attribute):
        return node.attr in _SCHEMA_RESETS
    value = node.value if isinstance(node, ast.Constant) else None
    return isinstance(value, str) and _RESET_SQL.search(value) is not None


def _is_begin(node: ast.expr) -> bool:
    called = node.value if isinstance(node, ast.Await) else node
    if not isinstance(called, ast.Call) or not isinstance(called.func, ast.Attribute):
        return False
    return called.func.attr == "begin"


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _json_log_format(value: str) -> bool:
    """A logging format that writes each record as a JSON object: ``{"level": "%(levelname)s"}``."""
    return value.lstrip().startswith('{"') and ("%(message)s" in value or "%(levelname)s" in value)


#: The target of a ``FromDishka[X]`` parameter: what provides ``X``.
DISHKA = "dishka:"
_GENERATORS = frozenset({"Iterator", "AsyncIterator", "Generator", "AsyncGenerator"})


def _provided_name(returns: ast.expr | None) -> str:
    """``-> AuthUser`` or ``-> AsyncIterator[AsyncSession]``: the type provided."""
    if isinstance(returns, ast.Subscript) and last_name(returns.value) in _GENERATORS:
        inner = returns.slice
        returns = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
    return last_name(returns) or ""


def _bulky(value: ast.expr) -> bool:
    """A table literal (big dict, list or set): never a setting the scorecards fold."""
    if isinstance(value, ast.Dict):
        return len(value.keys) > _BULKY
    if isinstance(value, ast.List | ast.Tuple | ast.Set):
        return len(value.elts) > _BULKY
    return isinstance(value, ast.DictComp | ast.ListComp | ast.SetComp | ast.Lambda)


def _route_method(verb: str, methods: ast.expr | None) -> str:
    if verb != "api_route":
        return verb
    if isinstance(methods, ast.List | ast.Tuple) and methods.elts:
        first = methods.elts[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value.lower()
    return "get"


def _is_429(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return node.value == 429
    return isinstance(node, ast.Attribute) and node.attr in {
        "HTTP_429_TOO_MANY_REQUESTS",
        "TOO_MANY_REQUESTS",
    }


# The decorators ``ModuleVisitor._decorator_registration`` reads.
_REGISTERING = frozenset({"exception_handler", "middleware"})
# ``ModuleVisitor._read_decorators`` asks ``_limits`` of no route verb: none names a limit.
assert not any("limit" in verb or "throttle" in verb for verb in ROUTE_METHODS)


def _limits(func: ast.expr) -> bool:
    """A decorator calling (or being) ``func`` limits a rate."""
    tail = (last_name(func) or "").lower()
    if not (tail == "limit" or "rate_limit" in tail or "ratelimit" in tail or "throttle" in tail):
        return False
    # Only a chain of names counts (``limiter.limit``, not ``get_limiter().limit``).
    return dotted(func) is not None


# ``if settings.ENVIRONMENT == "production"``, ``if not settings.PRODUCTION``, ``if DEBUG``.
_ENVIRONMENT = re.compile(
    r"(^|_)(env|environment|production|prod|development|dev|debug|local|staging|stage)($|_)",
    re.I,
)


def _development_test(test: ast.expr) -> bool:
    """``environment == "development"``, ``settings.DEBUG``: true only where people develop."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_development_test(value) for value in test.values)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        right = test.comparators[0]
        values = right.elts if isinstance(right, ast.Tuple | ast.List | ast.Set) else [right]
        said = [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        equal = isinstance(test.ops[0], ast.Eq | ast.In)
        return equal and bool(said) and all(_DEVELOPING.fullmatch(s) for s in said)
    word = last_name(test) if isinstance(test, ast.Name | ast.Attribute) else None
    return word is not None and _DEVELOPING.fullmatch(word) is not None


_DEVELOPING = re.compile(r"(?:is_?)?(?:dev|development|local|debug)", re.I)


def _environment_test(test: ast.expr) -> bool:
    """A condition on the environment the app runs in: a name or a value that says one."""
    for node in ast.walk(test):
        if isinstance(node, ast.Name):
            word = node.id
        elif isinstance(node, ast.Attribute):
            word = node.attr
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            word = node.value
        else:
            continue
        if _ENVIRONMENT.search(word):
            return True
    return False


def _is_main_guard(test: ast.expr) -> bool:
    if not isinstance(test, ast.Compare) or not isinstance(test.left, ast.Name):
        return False
    return test.left.id == "__name__"


def _single_name(targets: list[ast.expr]) -> str | None:
    if len(targets) == 1 and isinstance(targets[0], ast.Name):
        return targets[0].id
    return None


def _attribute_target(targets: list[ast.expr]) -> str | None:
    if len(targets) == 1 and isinstance(targets[0], ast.Attribute):
        return targets[0].attr
    return None


def _trivial(body: list[ast.stmt]) -> bool:
    for statement in body:
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue
        return False
    return True


def _lifetime_preference(node: ast.expr) -> int:
    # Of "now + lifetime", the lifetime is the number; a name may be either.
    if isinstance(node, ast.Constant | ast.BinOp):
        return 0
    name = (last_name(node) or "").lower()
    if name and not any(word in name for word in ("now", "iat", "time", "issued")):
        return 1
    return 2


# Functions that render SQL to show it (a log line, a debug print), not to run it.
_SHOWING = re.compile(r"format|log|debug|print|repr|explain|dump|pretty", re.I)


def _mentions_password(node: ast.Call) -> bool:
    return "password" in ast.unparse(node).lower()


_CALL_HANDLERS: dict[str, Callable[[ModuleVisitor, ast.Call, str], None]] = {
    "FastAPI": ModuleVisitor.on_fastapi,
    "compile": ModuleVisitor.on_compile,
    "run_sync": ModuleVisitor.on_run_sync,
    "APIRouter": ModuleVisitor.on_router,
    "include_router": ModuleVisitor.on_include,
    "add_middleware": ModuleVisitor.on_add_middleware,
    "Middleware": ModuleVisitor.on_add_middleware,
    "add_exception_handler": ModuleVisitor.on_exception_handler,
    "timedelta": ModuleVisitor.on_timedelta,
    "JWTStrategy": ModuleVisitor.on_jwt_strategy,
    "CryptContext": ModuleVisitor.on_hashing,
    "PasswordHash": ModuleVisitor.on_hashing,
    "recommended": ModuleVisitor.on_hashing,
    "Argon2Hasher": ModuleVisitor.on_hashing,
    "BcryptHasher": ModuleVisitor.on_hashing,
    "PasswordHasher": ModuleVisitor.on_hashing,
    "hashpw": ModuleVisitor.on_hashing,
    "generate_password_hash": ModuleVisitor.on_hashing,
    "print": ModuleVisitor.on_print,
    "get": ModuleVisitor.on_header_get,
    "run": ModuleVisitor.on_session_run,
    "__init__": ModuleVisitor.on_super_init,
    "RedirectResponse": ModuleVisitor.on_redirect,
    "Starlette": ModuleVisitor.on_starlette,
    "commit": ModuleVisitor.on_commit,
}

# Every call name one of the checks in ``ModuleVisitor._dispatch`` looks at by name.
_DISPATCHED = frozenset(_CALL_HANDLERS) | _LOG_METHODS | _SQL_SINKS | _RAW_BODY | _VALIDATORS
_DISPATCHED |= _JWT_OPS | _WEAK_HASHES


def _dispatched(attr: str, qualified: str, receiver: str | None) -> bool:
    """Whether a call named so is one ``ModuleVisitor._dispatch`` reads, whoever calls it.

    ``receiver`` is the last name of what the method is called on (``router`` in
    ``router.get``). Of the checks, ``get`` matters only on ``headers`` (a token read
    by hand) or as a blocking ``requests.get``: ``@router.get`` and ``dict.get`` are neither.
    """
    if attr == "get" and receiver != "headers":
        return qualified in _BLOCKING
    return (
        attr in _DISPATCHED
        or qualified in _BLOCKING
        or attr.endswith("Middleware")
        or (qualified.endswith(_JWT_TAILS) and qualified.startswith(_JWT_MODULES))
    )


# The handlers by node type, kept on the module rather than on each visitor: bound
# methods held by the visitor would tie it, and every fact it read, into a reference
# cycle that only the cyclic collector frees, long after the audit is done with them.
_EXPR_HANDLERS: dict[type[ast.AST], Callable[[ModuleVisitor, Any], None]] = {
    ast.Call: ModuleVisitor._call,
    ast.Yield: ModuleVisitor._yield,
    ast.Constant: ModuleVisitor._constant,
    ast.Attribute: ModuleVisitor._attribute,
    ast.Subscript: ModuleVisitor._subscript,
    ast.Dict: ModuleVisitor._dict,
    ast.Compare: ModuleVisitor._compare,
    ast.ListComp: ModuleVisitor._comprehension,
    ast.SetComp: ModuleVisitor._comprehension,
    ast.GeneratorExp: ModuleVisitor._comprehension,
}
_STMT_HANDLERS: dict[type[ast.AST], Callable[[ModuleVisitor, Any], None]] = {
    ast.Import: ModuleVisitor._import,
    ast.ImportFrom: ModuleVisitor._import_from,
    ast.FunctionDef: ModuleVisitor._function,
    ast.AsyncFunctionDef: ModuleVisitor._function,
    ast.ClassDef: ModuleVisitor._classdef,
    ast.Assign: ModuleVisitor._assign,
    ast.AnnAssign: ModuleVisitor._assign,
    ast.AugAssign: ModuleVisitor._augassign,
    ast.If: ModuleVisitor._if,
    ast.Raise: ModuleVisitor._raise,
    ast.Return: ModuleVisitor._return,
    ast.With: ModuleVisitor._with,
    ast.AsyncWith: ModuleVisitor._with,
    ast.For: ModuleVisitor._for,
    ast.AsyncFor: ModuleVisitor._for,
    ast.Try: ModuleVisitor._try,
}
