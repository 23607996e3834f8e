"""Facts read from one module in one pass: what the readings and scorecards are built from.

Facts keep the ``ast`` expressions they need (a decorator's keywords, a
settings default) so that the index can fold or resolve them later, once every
module has been read. Scoring what they say is the scorecards' part.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from enum import Enum


class Role(Enum):
    """What a file is for; only ``APP`` code is held to production standards."""

    APP = "app"
    TEST = "test"
    MIGRATION = "migration"
    SCRIPT = "script"
    DOCS = "docs"


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in the project: a POSIX path relative to the root, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a function: its name, annotation and default as written."""

    name: str
    annotation: ast.expr | None
    default: ast.expr | None


# A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``,
# which looks the field up on the class every time. The one pass over the code makes
# a location for most things it records and a parameter for every parameter it reads:
# these build the same frozen objects by setting each slot directly.
_new = object.__new__
_set_path, _set_line, _set_col = (vars(Location)[f].__set__ for f in ("path", "line", "col"))
_set_name, _set_annotation, _set_default = (
    vars(Param)[f].__set__ for f in ("name", "annotation", "default")
)


def new_location(path: str, line: int = 1, col: int = 1) -> Location:
    """``Location(path, line, col)``, made faster (see above)."""
    made: Location = _new(Location)
    _set_path(made, path)
    _set_line(made, line)
    _set_col(made, col)
    return made


def new_param(name: str, annotation: ast.expr | None, default: ast.expr | None) -> Param:
    """``Param(name, annotation, default)``, made faster (see above)."""
    made: Param = _new(Param)
    _set_name(made, name)
    _set_annotation(made, annotation)
    _set_default(made, default)
    return made


@dataclass(frozen=True, slots=True)
class DepRef:
    """A ``Depends(x)`` / ``Security(x)``: the last name of ``x`` and its scopes.

    Attributes:
        target: The dependency's last name (``get_current_user``, ``RateLimiter``).
        scoped: ``Security(..., scopes=[...])``: the route asks for scopes.
        call: The dependency is called in place (``Depends(require_role("admin"))``).
        alias: Only an annotation name, which may be an ``Annotated`` alias.
        written: The dependency as written (``deps.get_db``), for resolving it.
        module: The dotted name of the module it is written in; with ``written``
            it names one definition, where ``target`` alone may name several.
        early: ``Depends(x, scope="function")``: its exit code runs before the response.
        args: The string constants a dependency called in place is given
            (``("admin",)`` for ``Depends(require_role("admin"))``), and the
            members of an enum as written (``("Role.admin",)``).
    """

    target: str
    scoped: bool = False
    call: bool = False
    alias: bool = False
    written: str = ""
    module: str = ""
    early: bool = False
    args: tuple[str, ...] = ()


_NOTHING: tuple[()] = ()
_NO_NAMES: frozenset[str] = frozenset()


@dataclass(slots=True)
class Function:
    """A function or method, with what its body does that matters to the scorecards.

    What the body does is collected in immutable tuples and frozensets, empty and
    shared by default: most functions read no raw body, no header by hand, no
    setting, so making each of them a dozen empty lists and sets of its own cost
    the pass more than everything else it records about a function.
    """

    module: str
    name: str
    loc: Location
    is_async: bool
    params: list[Param]
    returns: ast.expr | None
    has_docstring: bool
    owner: str | None = None
    depends: list[DepRef] = field(default_factory=list)
    called: set[str] = field(default_factory=set)
    returned: frozenset[str] = _NO_NAMES
    # Some ``return`` gives a value (not a bare ``return`` or ``return None``).
    gives_value: bool = False
    jwt_decode: bool = False
    jwt_encode: bool = False
    exp_claim: bool = False
    raises: bool = False
    throttles: bool = False
    role_check: bool = False
    scheme_check: bool = False
    redirects: bool = False
    raw_body: tuple[Location, ...] = _NOTHING
    # A body read by hand and handed to a class's own method (``Form.from_form(await
    # request.form())``): where it is read, the class and the method, to be judged once
    # every module is read.
    raw_handed: tuple[tuple[Location, str, str], ...] = _NOTHING
    raw_query: tuple[Location, ...] = _NOTHING
    # ``{**request.query_params}``, ``dict(request.query_params)``: the whole query copied.
    copied_query: tuple[Location, ...] = _NOTHING
    # A route's text parameter parsed by hand outside a ``try``: where, the parameter,
    # the converter (``UUID``).
    hand_converted: tuple[tuple[Location, str, str], ...] = ()
    manual_auth: tuple[Location, ...] = _NOTHING
    # Parameters that hold the raw Authorization header (``APIKeyHeader(name=...)``).
    auth_headers: frozenset[str] = _NO_NAMES
    blocking: tuple[tuple[Location, str], ...] = _NOTHING
    header_names: tuple[str, ...] = ()
    reads: frozenset[str] = _NO_NAMES
    # The strings a method compares a value with (``value == "changethis"``).
    compared: frozenset[str] = _NO_NAMES
    yielded: bool = False
    late_commits: tuple[Location, ...] = _NOTHING
    identifier_return: bool | None = None
    # What a dishka provider method (``@provide``) gives the routes that declare
    # ``FromDishka[...]`` of it: the name of its return type.
    provides: str = ""


@dataclass(frozen=True, slots=True)
class RouteInputs:
    """What a route's parameters take from the client, as far as the parameters say.

    Attributes:
        untyped: The parameters taken without a schema (none, ``dict``, ``Any``...).
        direct: Some parameter reads input whatever the project defines.
        aliased: The annotation names of the parameters that read input unless the
            name is an ``Annotated`` alias of a dependency, known once every module is read.
        named: The names the annotations may name a model by (``Item`` in
            ``list[Item] | None``), in order, repeated as written.
        password_form: A parameter is or depends on ``OAuth2PasswordRequestForm``.
    """

    untyped: tuple[Param, ...] = ()
    direct: bool = False
    aliased: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    password_form: bool = False


@dataclass(slots=True)
class Route:
    """A path operation: ``@router.get("/items")`` on a function."""

    module: str
    receiver: str
    method: str
    path: str
    func: Function
    loc: Location
    keywords: dict[str, ast.expr]
    rate_limited: bool = False
    deps: list[DepRef] = field(default_factory=list)
    # What the function's parameters take, read with them (see ``_inputs``).
    inputs: RouteInputs = RouteInputs()


@dataclass(slots=True)
class RouterDef:
    """``name = APIRouter(prefix=..., tags=..., dependencies=...)`` at module level."""

    module: str
    name: str
    loc: Location
    keywords: dict[str, ast.expr]
    deps: list[DepRef]


@dataclass(slots=True)
class Include:
    """``parent.include_router(target, prefix=..., tags=..., dependencies=...)``."""

    module: str
    parent: str
    target: str
    loc: Location
    keywords: dict[str, ast.expr]
    deps: list[DepRef]


@dataclass(slots=True)
class AppDef:
    """A ``FastAPI(...)`` call: the application and its constructor keywords."""

    module: str
    name: str | None
    loc: Location
    keywords: dict[str, ast.expr]
    deps: list[DepRef]


@dataclass(slots=True)
class MiddlewareUse:
    """A middleware class registered one way or another, with its keywords."""

    module: str
    cls: str
    loc: Location
    keywords: dict[str, ast.expr]
    # Registered under a test of the environment (``if not settings.PRODUCTION:``).
    per_environment: bool = False
    # Registered only in development (``if settings.environment == "development":``).
    development_only: bool = False


@dataclass(slots=True)
class ClassField:
    """A class-level annotated or plain assignment."""

    annotation: ast.expr | None
    value: ast.expr | None
    loc: Location


@dataclass(slots=True)
class ClassDef:
    """A class: its bases (qualified where imported), fields and the attributes it sets."""

    module: str
    name: str
    bases: list[str]
    loc: Location
    fields: dict[str, ClassField] = field(default_factory=dict)
    attrs: set[str] = field(default_factory=set)
    v1_config: bool = False


@dataclass(slots=True)
class JwtCall:
    """``jwt.encode`` / ``jwt.decode`` (PyJWT, python-jose, authlib): the key passed."""

    op: str
    key: ast.expr | None
    loc: Location
    func: Function | None


@dataclass(slots=True)
class Lifetime:
    """A token lifetime candidate: a ``timedelta`` or a ``lifetime_seconds=`` value."""

    expr: ast.expr
    unit: float
    loc: Location
    context: str


@dataclass(slots=True)
class SqlUse:
    """A call that runs SQL; ``dynamic`` when the SQL text is built from values.

    ``helpers`` name the project's functions whose results are formatted into the
    text: it is built from values unless each of them returns only identifiers it
    derives (``Function.identifier_return``), which is known once every module is read.
    """

    loc: Location
    callee: str
    dynamic: bool
    literal: bool
    helpers: tuple[str, ...] = ()


@dataclass(slots=True)
class Unparsed:
    """A Python file that could not be read as the running Python's syntax."""

    path: str
    line: int
    reason: str


@dataclass(slots=True)
class ModuleFacts:
    """Everything the visitor found in one module."""

    path: str
    module: str
    role: Role
    imports: dict[str, str] = field(default_factory=dict)
    imported: dict[str, Location] = field(default_factory=dict)
    constants: dict[str, ast.expr] = field(default_factory=dict)
    constant_locs: dict[str, Location] = field(default_factory=dict)
    calls: dict[str, Location] = field(default_factory=dict)
    strings: dict[str, Location] = field(default_factory=dict)
    keys: dict[str, Location] = field(default_factory=dict)
    # Functions handed to a GraphQL router as ``context_getter=``: FastAPI runs them
    # as dependencies (Strawberry's FastAPI integration).
    context_getters: list[str] = field(default_factory=list)
    instances: dict[str, tuple[str, Location]] = field(default_factory=dict)
    aliases: dict[str, list[DepRef]] = field(default_factory=dict)
    classes: list[ClassDef] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    routers: list[RouterDef] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    # ``app.include_router(fastapi_users.get_auth_router(backend))``: routes a library makes,
    # the target being the factory called (``fastapi_users.get_auth_router``).
    library_routers: list[Include] = field(default_factory=list)
    apps: list[AppDef] = field(default_factory=list)
    middleware: list[MiddlewareUse] = field(default_factory=list)
    # ``CORSConfig(allow_origins=[...])``: CORS options given to the project's own CORS
    # middleware rather than to Starlette's, with their keywords.
    cors_options: list[MiddlewareUse] = field(default_factory=list)
    handlers: dict[str, Location] = field(default_factory=dict)
    http_exceptions: list[Location] = field(default_factory=list)
    # ``raise HTTPException(404, detail={"code": ...})``: a detail with a shape, not a string.
    structured_details: list[Location] = field(default_factory=list)
    # ``raise HTTPException(404, "not found")``, an f-string or ``str(e)``: a bare string.
    string_details: list[Location] = field(default_factory=list)
    jwt: list[JwtCall] = field(default_factory=list)
    lifetimes: list[Lifetime] = field(default_factory=list)
    sql: list[SqlUse] = field(default_factory=list)
    prints: list[Location] = field(default_factory=list)
    log_calls: int = 0
    hashing: list[tuple[str, Location]] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    tests: list[tuple[str, bool, Location]] = field(default_factory=list)
    # The requests a test module sends, ``METHOD path`` (``GET /items/1``, ``GET /items/{id}``).
    requested: tuple[str, ...] = ()
    downgrade_body: bool = False
    revision: bool = False
    main_guard: bool = False
    # The names called under ``if __name__ == "__main__":`` (``generate_schema`` for
    # ``run_async(generate_schema())``): what the module does when run as a script.
    main_calls: set[str] = field(default_factory=set)
    # ``metadata.create_all`` / ``generate_schemas`` outside a ``__main__`` block, with the
    # function it is called in (None at module level).
    schema_made: list[tuple[Location, str | None]] = field(default_factory=list)
    debug_flags: list[tuple[ast.expr, Location]] = field(default_factory=list)
    env_reads: list[tuple[str, Location]] = field(default_factory=list)
    schema_resets: list[Location] = field(default_factory=list)
    late_committers: list[Function] = field(default_factory=list)
