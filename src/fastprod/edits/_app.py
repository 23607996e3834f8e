"""Edits to the FastAPI application: statements that configure it, and its constructor."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import libcst as cst
from libcst.helpers import parse_template_statement

from fastprod.core._errors import RecipeError
from fastprod.edits._common import (
    DEFAULT_PATH,
    Statement,
    dump,
    edit_tree,
    in_module_style,
    insert_item,
    keeps_bom,
    matched_quotes,
    parse_expression,
    parse_snippet,
    parsed_ast,
    with_blank_lines_before,
)
from fastprod.project._project import AppLocation

_LOCAL_NAMES = ("app", "application", "fastapi_app")
#: Calls that serve the app rather than configure it (``uvicorn.run``, ``hypercorn``'s ``serve``).
_SERVE_CALLS = frozenset({"run", "serve"})


@dataclass(frozen=True, slots=True)
class _Scope:
    """The statements where the app is configured and where a new one goes.

    Attributes:
        statements: The scope's statements (the module body or the factory body).
        var: The name the app object has in that scope.
        insert_at: The index at which a new statement goes.
        rebuild: Turns new scope statements back into a whole module.
    """

    statements: tuple[cst.BaseStatement, ...]
    var: str
    insert_at: int
    rebuild: Callable[[Sequence[cst.BaseStatement]], cst.Module]


@keeps_bom
def add_app_statement(
    source: str,
    app: AppLocation,
    statement: str,
    *,
    path: str = DEFAULT_PATH,
    before_app: bool = False,
    after_app: bool = False,
) -> str:
    """Make sure a statement that configures the app runs where the app is built.

    ``statement`` is one Python statement in which ``{app}`` stands for the app
    object, e.g. ``"register_error_handlers({app})"``. It is placed:

    * for a module-level app (``app = FastAPI(...)``, ``app: FastAPI = ...``): after
      the creation and the statements right after it that already configure the app
      (``app.add_middleware(...)``, ``app.state.x = ...``, ``setup(app)``), so
      successive edits read in the order they were made;
    * for ``app.factory``: inside the factory, just before its final ``return``, with
      ``{app}`` as the factory's local name (``application = FastAPI(); return
      application`` gets ``register_error_handlers(application)``). A factory
      ending in ``return FastAPI(...)`` first gets a local: ``app = FastAPI(...)``,
      ``return app``;
    * with ``before_app=True``: just before the statement creating the app, in the
      same scope, for what must run before the app exists (``setup_logging()``).
      Its place then does not depend on the statements other recipes add.
    * with ``after_app=True``: just after the statement creating the app (and the
      ``include_router`` lines right after it), for what
      takes the app as a whole whatever is added to it later (an instrumentation
      that wraps its middleware stack): its place, too, is the same whichever
      recipe ran first.

    Statements placed after the app go above the outermost middleware's
    ``add_middleware`` calls at the end, which stay last (outermost).

    Args:
        source: The text of the module that builds the app: ``app.path``, or for a
            factory defined in another module, that module (``app.factory_path``).
        app: Where the app is created.
        statement: The statement template.
        path: The file's path, for error messages.
        before_app: Place it before the app's creation rather than after.
        after_app: Place it right after the app's creation rather than at the
            end of the statements configuring it.

    Returns:
        The new text, or ``source`` itself when an equal statement (compared as
        code: formatting, quotes and comments aside) is already in that scope.

    Raises:
        ProjectError: ``source`` is not valid Python.
        RecipeError: The app's creation or the factory's ``return`` is not found.
        ValueError: ``statement`` is not one Python statement.
    """
    return edit_tree(
        source,
        path,
        lambda tree: app_statement_into(tree, app, statement, path, before_app, after_app),
    )


def app_statement_into(
    tree: cst.Module,
    app: AppLocation,
    statement: str,
    path: str = DEFAULT_PATH,
    before_app: bool = False,
    after_app: bool = False,
) -> cst.Module:
    """:func:`add_app_statement` on a parsed module; ``tree`` itself when present."""
    place = _before_creation if before_app else _after_creation_line if after_app else None
    return statement_into(tree, app, lambda var: _from_template(statement, var), path, place)


def _before_creation(statements: Sequence[cst.BaseStatement], var: str, default: int) -> int:
    """The index of the line assigning the app to ``var``; ``default`` when none does."""
    for index, line in enumerate(statements):
        if isinstance(line, cst.SimpleStatementLine) and any(
            _assigns(small, var) for small in line.body
        ):
            return index
    return default


def _after_creation_line(statements: Sequence[cst.BaseStatement], var: str, default: int) -> int:
    """Just past the line assigning the app to ``var`` and the routers included right
    after it; ``default`` when no line assigns it.

    A recipe's first ``include_router`` goes right after the creation too: past
    them, the statement takes the same place whichever recipe ran first.
    """
    found = creation_index(statements, var)
    if found is None:
        return default
    at = found + 1
    while at < len(statements) and _method_of(statements[at]) == "include_router":
        at += 1
    return at


def creation_index(statements: Sequence[cst.BaseStatement], var: str) -> int | None:
    """The index of the statement assigning the app to ``var`` in its scope, if one does."""
    found = _before_creation(statements, var, -1)
    return None if found < 0 else found


def _assigns(small: cst.BaseSmallStatement, var: str) -> bool:
    if isinstance(small, cst.Assign):
        return any(_is_name(target.target, var) for target in small.targets)
    return isinstance(small, cst.AnnAssign) and _is_name(small.target, var)


def ensure_statement(
    source: str,
    app: AppLocation,
    make: Callable[[str], Statement],
    path: str,
) -> str:
    """Add the statement ``make(var)`` to the app's scope unless an equal one is there.

    ``var`` is the app's name in its scope; see :func:`add_app_statement`.
    """
    return edit_tree(source, path, lambda tree: statement_into(tree, app, make, path))


#: Chooses where a new statement goes: ``(scope statements, app name, default index)``.
Placement = Callable[[Sequence[cst.BaseStatement], str, int], int]


def statement_into(
    tree: cst.Module,
    app: AppLocation,
    make: Callable[[str], Statement],
    path: str,
    place: Placement | None = None,
) -> cst.Module:
    """:func:`ensure_statement` on a parsed module; ``tree`` itself when present.

    ``place`` may move the new statement from its default index (the end of the
    lines configuring the app) to another index of the same scope.
    """
    scope = _locate(tree, app, path)
    new = in_module_style(tree, make(scope.var))
    if _contains(tree, scope.statements, new, app):
        return tree
    default = scope.insert_at
    if place is None:
        # The outermost middleware is added last; statements go before it.
        scope = replace(scope, insert_at=_before_outermost(scope.statements, scope.var, default))
    else:
        scope = replace(scope, insert_at=place(scope.statements, scope.var, default))
    statements = list(scope.statements)
    # The new line joins the block it lands in: its own comments stay, blank lines go.
    comments = [line for line in new.leading_lines if line.comment is not None]
    new = new.with_changes(leading_lines=comments)
    at = scope.insert_at
    # Placed above the outermost middleware or the app's creation, or before a line
    # of its kind: the new line takes over the blank lines above that line.
    moved = place is None or place is _before_creation
    if at != default and at < len(statements) and (moved or _same_call(new, statements[at])):
        new, statements[at] = _take_blank_lines(new, statements[at])
    if at > 0 and isinstance(statements[at - 1], cst.BaseCompoundStatement):
        # After a nested def or block, formatters (black, ruff) want one blank line.
        new = with_blank_lines_before(new, 1)
    statements.insert(at, new)
    return scope.rebuild(statements)


def _before_outermost(statements: Sequence[cst.BaseStatement], var: str, default: int) -> int:
    """``default``, moved up above the outermost layer's ``add_middleware`` calls ending there.

    A statement such as ``register_error_handlers(app)`` may add middleware of its
    own: placed after the request-id middleware, it would run outside it.
    """
    # Imported here: _edit_register imports this module.
    from fastprod.edits._register import is_outermost_middleware

    at = default
    while at > 0 and is_outermost_middleware(statements[at - 1], var):
        at -= 1
    return at


def _same_call(new: cst.BaseStatement, other: cst.BaseStatement) -> bool:
    """True when both lines call the same method (``app.add_middleware(...)``)."""
    return _method_of(new) is not None and _method_of(new) == _method_of(other)


def _method_of(line: cst.BaseStatement) -> str | None:
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
        return None
    small = line.body[0]
    if not (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)):
        return None
    func = small.value.func
    return func.attr.value if isinstance(func, cst.Attribute) else None


def _take_blank_lines(
    new: Statement, following: cst.BaseStatement
) -> tuple[Statement, cst.BaseStatement]:
    if not isinstance(following, cst.SimpleStatementLine | cst.BaseCompoundStatement):
        return new, following
    lines = list(following.leading_lines)
    blanks = 0
    while blanks < len(lines) and lines[blanks].comment is None:
        blanks += 1
    if not blanks:
        return new, following
    taken = new.with_changes(leading_lines=[*lines[:blanks], *new.leading_lines])
    return taken, following.with_changes(leading_lines=lines[blanks:])


def creation_call(tree: cst.Module, app: AppLocation, path: str = DEFAULT_PATH) -> cst.Call:
    """The ``FastAPI(...)`` call creating the app in its scope.

    Raises:
        RecipeError: The app is not created by one call in that scope.
    """
    scope = _locate(tree, app, path)
    for statement in scope.statements:
        if _creates(statement, scope.var):
            assert isinstance(statement, cst.SimpleStatementLine)
            small = statement.body[0]
            assert isinstance(small, cst.Assign | cst.AnnAssign)
            if isinstance(small.value, cst.Call):
                return small.value
    raise RecipeError(f"{path}: the app is not created by one `FastAPI(...)` call here")


def keyword_argument(call: cst.Call, name: str) -> cst.BaseExpression | None:
    """The value ``call`` passes as ``name=``, if any."""
    for argument in call.args:
        if argument.keyword is not None and argument.keyword.value == name:
            return argument.value
    return None


def _from_template(statement: str, var: str) -> Statement:
    if "{app}" not in statement:
        return parse_snippet(statement)
    try:
        return parse_template_statement(statement, app=cst.Name(var))
    except (cst.ParserSyntaxError, ValueError) as error:
        raise ValueError(f"not a single Python statement: {statement!r} ({error})") from None


def _contains(
    tree: cst.Module,
    statements: Sequence[cst.BaseStatement],
    new: cst.BaseStatement,
    app: AppLocation,
) -> bool:
    wanted = dump(tree.code_for_node(new))
    parsed = parsed_ast(tree)
    if parsed is not None:
        # ``ast`` is far faster than rendering each libcst statement to compare it.
        return any(
            ast.dump(ast.Module(body=[statement], type_ignores=[])) == wanted
            for statement in _ast_scope(parsed, app)
        )
    collector = _ScopeStatements()
    for statement in statements:
        statement.visit(collector)
    return any(_same(tree, node, wanted) for node in collector.found)


def _ast_scope(parsed: ast.Module, app: AppLocation) -> Iterator[ast.stmt]:
    """The statements of the app's scope, nested blocks included, defs and classes not."""
    body: list[ast.stmt] = parsed.body
    if app.factory is not None:
        body = next(
            (
                node.body
                for node in parsed.body
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.name == app.factory
            ),
            [],
        )
    pending = list(body)
    while pending:
        statement = pending.pop()
        yield statement
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        pending += [
            child for child in ast.iter_child_nodes(statement) if isinstance(child, ast.stmt)
        ]
        for handler in getattr(statement, "handlers", []):
            pending += handler.body
        for case in getattr(statement, "cases", []):
            pending += case.body


def _same(tree: cst.Module, node: cst.CSTNode, wanted: str) -> bool:
    try:
        return dump(tree.code_for_node(node)) == wanted
    except SyntaxError:
        # Syntax newer than this Python's ``ast`` is never what a recipe adds.
        return False


class _ScopeStatements(cst.CSTVisitor):
    """Collects a scope's statements, nested blocks included, but not inside defs or classes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.SimpleStatementLine | cst.SimpleStatementSuite):
            # Both the whole line and each ``;``-separated statement on it.
            self.found.extend([node, *node.body])
            return False
        if isinstance(node, cst.BaseCompoundStatement):
            self.found.append(node)
        return not isinstance(node, cst.FunctionDef | cst.ClassDef)


def _locate(tree: cst.Module, app: AppLocation, path: str) -> _Scope:
    if app.factory is not None:
        return _factory_scope(tree, app.factory, path)
    return _module_scope(tree, app.attr, path)


def _module_scope(tree: cst.Module, attr: str, path: str) -> _Scope:
    body = tuple(tree.body)
    end = _after_creation(body, attr)
    if end is None:
        end = _after_block_creating(body, attr)
    if end is None:
        raise RecipeError(f"{path}: no module-level `{attr} = ...` creating the app was found")
    return _Scope(body, attr, end, lambda statements: tree.with_changes(body=statements))


def _after_block_creating(statements: Sequence[cst.BaseStatement], var: str) -> int | None:
    """Just past the first module-level ``if`` or ``try`` that assigns ``var``.

    ``if debug: app = FastAPI(debug=True) else: app = FastAPI()``: the app exists
    once the block has run. A script's ``if __name__ == "__main__":`` block does
    not run on import, so a statement after it would find no app.
    """
    for index, statement in enumerate(statements):
        if not isinstance(statement, cst.If | cst.Try) or _is_main_guard(statement):
            continue
        if var in _locals([statement]).assigned:
            end = index + 1
            while end < len(statements) and _configures(statements[end], var):
                end += 1
            return end
    return None


def _is_main_guard(statement: cst.BaseCompoundStatement) -> bool:
    if not isinstance(statement, cst.If) or not isinstance(statement.test, cst.Comparison):
        return False
    test = statement.test
    if len(test.comparisons) != 1 or not isinstance(test.comparisons[0].operator, cst.Equal):
        return False
    sides = [test.left, test.comparisons[0].comparator]
    names = [side.value for side in sides if isinstance(side, cst.Name)]
    strings = [side.evaluated_value for side in sides if isinstance(side, cst.SimpleString)]
    return names == ["__name__"] and strings == ["__main__"]


def _after_creation(statements: Sequence[cst.BaseStatement], var: str) -> int | None:
    """The index just past ``var = ...`` and the lines right after it that configure ``var``."""
    created = next((i for i, s in enumerate(statements) if _creates(s, var)), None)
    if created is None:
        return None
    end = created + 1
    while end < len(statements) and _configures(statements[end], var):
        end += 1
    return end


def _creates(statement: cst.BaseStatement, var: str) -> bool:
    """True for ``var = ...`` or ``var: T = ...`` standing alone on its line."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    if isinstance(small, cst.Assign):
        return len(small.targets) == 1 and _is_name(small.targets[0].target, var)
    if isinstance(small, cst.AnnAssign):
        return small.value is not None and _is_name(small.target, var)
    return False


def _configures(statement: cst.BaseStatement, var: str) -> bool:
    """True for a line that only configures the app: ``app.x(...)``, ``f(app)``, ``app.y = z``."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    return all(_configures_small(small, var) for small in statement.body)


def _configures_small(small: cst.BaseSmallStatement, var: str) -> bool:
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        call = small.value
        if _serves(call):
            return False
        return _rooted_at(call.func, var) or any(_is_name(arg.value, var) for arg in call.args)
    if isinstance(small, cst.Assign):
        return all(_rooted_at(target.target, var) for target in small.targets)
    return False


def _serves(call: cst.Call) -> bool:
    """True for ``uvicorn.run(app)`` and the like: it blocks, so nothing may follow it."""
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", None)
    return name in _SERVE_CALLS


def _rooted_at(node: cst.BaseExpression, var: str) -> bool:
    """True for ``var.a``, ``var.a.b``, ``var.a(...).b``: an attribute chain from ``var``."""
    if not isinstance(node, cst.Attribute | cst.Call):
        return False
    while isinstance(node, cst.Attribute | cst.Call):
        node = node.value if isinstance(node, cst.Attribute) else node.func
    return _is_name(node, var)


def _is_name(node: cst.CSTNode, var: str) -> bool:
    return isinstance(node, cst.Name) and node.value == var


def _factory_scope(tree: cst.Module, factory: str, path: str) -> _Scope:
    position = _function_position(tree, factory)
    if position is None:
        raise RecipeError(f"{path}: the app factory `{factory}()` was not found at module level")
    function = tree.body[position]
    assert isinstance(function, cst.FunctionDef)
    block = function.body
    if not isinstance(block, cst.IndentedBlock):
        raise RecipeError(f"{path}: `{factory}()` does not end with `return <app>`")
    statements, var, insert_at = _factory_layout(function, block, factory, path)

    def rebuild(new: Sequence[cst.BaseStatement]) -> cst.Module:
        body = list(tree.body)
        body[position] = function.with_changes(body=block.with_changes(body=new))
        return tree.with_changes(body=body)

    return _Scope(tuple(statements), var, insert_at, rebuild)


def _factory_layout(
    function: cst.FunctionDef, block: cst.IndentedBlock, factory: str, path: str
) -> tuple[list[cst.BaseStatement], str, int]:
    """The factory's statements, the app's local name, and where a new statement goes."""
    statements = list(block.body)
    returned = _final_return(block)
    # The returned local may be built in branches (``if debug: app = FastAPI(...)``).
    if isinstance(returned, cst.Name) and returned.value in _locals(statements).assigned:
        return statements, returned.value, len(statements) - 1
    if isinstance(returned, cst.Call):
        # ``return FastAPI(...)`` leaves no name to configure; bind one first.
        var = _free_name(function)
        statements[-1:] = _bind_local(statements[-1], returned, var)
        return statements, var, len(statements) - 1
    var, insert_at = _inner_return_scope(statements, returned, factory, path)
    return statements, var, insert_at


def _inner_return_scope(
    statements: Sequence[cst.BaseStatement],
    returned: cst.BaseExpression | None,
    factory: str,
    path: str,
) -> tuple[str, int]:
    """The app's name and insertion point in a factory that returns it from a nested block.

    ``app = FastAPI()`` in the factory's own body, ``return app`` inside an ``if``:
    the statement goes right after the creation and the lines configuring it,
    the one place every path through the factory runs.
    """
    for var in _locals(statements).returned:
        end = _after_creation(statements, var)
        if end is not None:
            return var, end
    if returned is None:
        raise RecipeError(f"{path}: `{factory}()` does not end with `return <app>`")
    raise RecipeError(
        f"{path}: `{factory}()` returns something other than the app it builds; "
        "end it with `return app`"
    )


def _locals(statements: Sequence[cst.BaseStatement]) -> _Locals:
    """The names these statements assign and return, nested functions and classes aside."""
    collector = _Locals()
    for statement in statements:
        statement.visit(collector)
    return collector


class _Locals(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.assigned: set[str] = set()
        self.returned: list[str] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        if isinstance(node.target, cst.Name):
            self.assigned.add(node.target.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self.assigned.add(node.target.value)

    def visit_Return(self, node: cst.Return) -> None:
        if isinstance(node.value, cst.Name) and node.value.value not in self.returned:
            self.returned.append(node.value.value)


def _function_position(tree: cst.Module, name: str) -> int | None:
    for index, statement in enumerate(tree.body):
        if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
            return index
    return None


def _final_return(block: cst.BaseSuite) -> cst.BaseExpression | None:
    """What the block's last statement returns, if it is a ``return`` with a value."""
    if not isinstance(block, cst.IndentedBlock) or not block.body:
        return None
    last = block.body[-1]
    if not isinstance(last, cst.SimpleStatementLine) or len(last.body) != 1:
        return None
    small = last.body[0]
    return small.value if isinstance(small, cst.Return) else None


def _free_name(function: cst.FunctionDef) -> str:
    used = {node.value for node in _names(function)}
    return next((name for name in _LOCAL_NAMES if name not in used), "fastapi_app")


def _names(node: cst.CSTNode) -> Iterator[cst.Name]:
    if isinstance(node, cst.Name):
        yield node
    for child in node.children:
        yield from _names(child)


def _bind_local(line: cst.BaseStatement, created: cst.Call, var: str) -> list[cst.BaseStatement]:
    """``return FastAPI(...)`` becomes ``var = FastAPI(...)`` then ``return var``."""
    assert isinstance(line, cst.SimpleStatementLine)
    assign = cst.SimpleStatementLine(
        body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(var))], value=created)],
        leading_lines=line.leading_lines,
    )
    back = cst.SimpleStatementLine(body=[cst.Return(value=cst.Name(var))])
    return [assign, back]


@keeps_bom
def ensure_app_argument(
    source: str, app: AppLocation, name: str, value: str, *, path: str = DEFAULT_PATH
) -> str:
    """Make sure the call that creates the app passes the keyword argument ``name``.

    ``ensure_app_argument(text, app, "lifespan", "lifespan")`` turns
    ``app = FastAPI(title="Shop")`` into ``app = FastAPI(title="Shop", lifespan=lifespan)``,
    in the call's own layout (one argument a line stays one a line). An argument
    already passed is kept as it is, whatever its value. A factory ending in
    ``return FastAPI(...)`` first gets a local, as in :func:`add_app_statement`.

    Args:
        source: The text of the module that creates the app (see :func:`add_app_statement`).
        app: Where the app is created.
        name: The keyword.
        value: Python source of the value (``"lifespan"``, ``'"/api/docs"'``).
        path: The file's path, for error messages.

    Returns:
        The new text, or ``source`` itself when the keyword is already passed.

    Raises:
        ProjectError: ``source`` is not valid Python.
        RecipeError: The app's creation is not found, or is not a call.
        ValueError: ``value`` is not a Python expression.
    """
    return edit_tree(source, path, lambda tree: app_argument_into(tree, app, name, value, path))


def app_argument_into(
    tree: cst.Module, app: AppLocation, name: str, value: str, path: str = DEFAULT_PATH
) -> cst.Module:
    """:func:`ensure_app_argument` on a parsed module; ``tree`` itself when present."""
    scope = _locate(tree, app, path)
    index = next((i for i, s in enumerate(scope.statements) if _creates(s, scope.var)), None)
    if index is None:
        # Built in branches (``if debug: app = FastAPI(debug=True) else: ...``): no one call.
        raise RecipeError(
            f"{path}: `{scope.var}` is built in more than one place; pass `{name}=` to each "
            "FastAPI(...) call yourself"
        )
    line = scope.statements[index]
    assert isinstance(line, cst.SimpleStatementLine)
    creation = line.body[0]
    assert isinstance(creation, cst.Assign | cst.AnnAssign)
    call = creation.value
    if not isinstance(call, cst.Call):
        raise RecipeError(f"{path}: `{scope.var}` is not created by a call such as `FastAPI()`")
    if any(arg.keyword is not None and arg.keyword.value == name for arg in call.args):
        return tree
    argument = cst.Arg(
        value=matched_quotes(tree, parse_expression(value)),
        keyword=cst.Name(name),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    args = insert_item(call.args, len(call.args), argument, call.whitespace_before_args)
    new_line = line.with_changes(body=[creation.with_changes(value=call.with_changes(args=args))])
    statements = list(scope.statements)
    statements[index] = new_line
    return scope.rebuild(statements)
