"""The app's lifespan: steps entered through one ``AsyncExitStack``, never replacing code."""

from __future__ import annotations

import re
from collections.abc import Sequence

import libcst as cst
from libcst.helpers import parse_template_expression

from fastprod.core._errors import RecipeError
from fastprod.edits._app import (
    _creates,
    app_argument_into,
    app_statement_into,
    creation_call,
    keyword_argument,
)
from fastprod.edits._common import (
    DEFAULT_PATH,
    blank_lines,
    dump,
    edit_tree,
    in_module_style,
    is_docstring,
    keeps_bom,
    parse_snippet,
    with_blank_lines_before,
)
from fastprod.edits._imports import import_into
from fastprod.edits._order import place
from fastprod.project._project import AppLocation

_STACK = "stack"
_HANDLER_STYLE = ("on_startup", "on_shutdown")

#: Lifespan layers, in the order their steps start (they stop in reverse):
#:
#: * ``checks``: refuse a bad configuration before anything is opened.
#: * ``database``: the database ready (its tables created) before anything may read it.
#: * ``stores``: caches and counters (Redis or in process), which requests use.
#: * ``realtime``: WebSocket fan-out, on the stores: at shutdown its sockets close
#:   while what they publish through is still open.
LIFESPAN_LAYERS: tuple[str, ...] = ("checks", "database", "stores", "realtime")

#: Steps whose layer is known, by the name of the function called.
KNOWN_LIFESPAN_STEPS: dict[str, str] = {
    "jwt_secret_checked": "checks",
    "tables_created": "database",
    "cache_lifespan": "stores",
    "rate_limit_store": "stores",
    "realtime_lifespan": "realtime",
}


@keeps_bom
def ensure_lifespan_step(
    source: str, app: AppLocation, step: str, *, path: str = DEFAULT_PATH
) -> str:
    """Make sure the app's lifespan enters the async context manager ``step``.

    ``step`` is a call returning an async context manager, ``{app}`` standing for
    the app (``"cache_lifespan({app})"``). Each step is entered with
    ``await stack.enter_async_context(step)`` inside ``async with AsyncExitStack()
    as stack:``; steps start in order and stop in reverse, even when one fails.
    A step of a known layer (:data:`KNOWN_LIFESPAN_STEPS`) goes in the sorted run
    of known steps that ends the stack's entries, by layer (:data:`LIFESPAN_LAYERS`)
    then name (:mod:`fastprod.edits._order`): the project's own steps start first, and
    recipes reach the same lifespan in either order. Any other step is entered last.

    * An existing ``lifespan=`` function of the module is extended: a step joins
      its exit stack after the steps already there; a function without one has its
      whole body (after the docstring) moved inside a new ``async with`` whose first
      line enters the step, so the code already there runs as before, within it.
    * With no lifespan, one is created above the app (or its factory), and
      ``lifespan=`` is passed to ``FastAPI(...)``.
    * A module-level app run by startup/shutdown handlers (``on_startup=``,
      ``@app.on_event``) keeps them: a lifespan would stop them running. The steps
      are entered by one more startup handler, ``enter_lifespan_steps``, through a
      module-level ``AsyncExitStack`` that ``leave_lifespan_steps`` closes at shutdown.

    The step's own import is the caller's (:func:`ensure_import`).

    Args:
        source: The text of the module that builds the app (``app.edit_path``).
        app: Where the app is created.
        step: Python source of the call, with ``{app}`` for the app.
        path: The file's path, for error messages.

    Returns:
        The new text, or ``source`` itself when the lifespan already makes that
        call (through the stack, or in an ``async with`` of its own).

    Raises:
        ProjectError: ``source`` is not valid Python.
        RecipeError: An app factory uses startup/shutdown event handlers (a
            lifespan would stop them running), or the lifespan is not a function
            of this module.
        ValueError: ``step`` is not a Python expression.
    """
    return edit_tree(source, path, lambda tree: lifespan_step_into(tree, app, step, path))


def lifespan_step_into(
    tree: cst.Module, app: AppLocation, step: str, path: str = DEFAULT_PATH
) -> cst.Module:
    """:func:`ensure_lifespan_step` on a parsed module; ``tree`` itself when present."""
    creation = creation_call(tree, app, path)
    argument = keyword_argument(creation, "lifespan")
    if argument is None and _uses_handlers(tree, creation):
        return _with_event_steps(tree, app, step, path)
    if argument is None:
        return _with_new_lifespan(tree, app, step, path)
    if not isinstance(argument, cst.Name):
        raise RecipeError(
            f"{path}: the app's lifespan is not a function named in this module; "
            f"enter `{step.format(app='app')}` in it yourself"
        )
    position = _function_position(tree, argument.value)
    if position is None:
        raise RecipeError(
            f"{path}: the lifespan `{argument.value}` is defined in another module; extend it there"
        )
    function = tree.body[position]
    assert isinstance(function, cst.FunctionDef)
    if function.asynchronous is None:
        raise RecipeError(
            f"{path}: the lifespan `{argument.value}` is not an async function; "
            "make it `async def` to enter async steps in it"
        )
    extended = _extended(tree, function, step)
    if extended is function:
        return tree
    body = list(tree.body)
    body[position] = extended
    new = tree.with_changes(body=body)
    return import_into(new, "contextlib", "AsyncExitStack")


def _uses_handlers(tree: cst.Module, creation: cst.Call) -> bool:
    """True for an app run by startup/shutdown handlers (a lifespan would stop them)."""
    if any(keyword_argument(creation, name) is not None for name in _HANDLER_STYLE):
        return True
    code = tree.code
    return any(mark in code for mark in (".on_event(", ".add_event_handler(", _ENTER))


_ENTER = "enter_lifespan_steps"
_EVENT_STEPS = '''\
lifespan_steps = AsyncExitStack()


async def enter_lifespan_steps() -> None:
    """Enter the app's lifespan steps at startup; they leave, in reverse, at shutdown."""
    await lifespan_steps.enter_async_context({step})


async def leave_lifespan_steps() -> None:
    """Leave the lifespan steps entered at startup, in reverse."""
    await lifespan_steps.aclose()
'''


def _with_event_steps(tree: cst.Module, app: AppLocation, step: str, path: str) -> cst.Module:
    """Steps for an app run by startup/shutdown handlers: two handlers of the same kind.

    The app keeps its handlers and its style; the steps are entered by one more
    startup handler, through a module-level ``AsyncExitStack``, and left by one
    more shutdown handler.
    """
    if app.factory is not None:
        raise RecipeError(
            f"{path}: the app factory runs startup/shutdown event handlers; a lifespan would "
            "stop them running. Move them into a lifespan function first"
        )
    call = _step_call(step, app.attr)
    position = _function_position(tree, _ENTER)
    if position is not None:
        function = tree.body[position]
        assert isinstance(function, cst.FunctionDef)
        if _calls_anywhere(tree, function, call):
            return tree
        block = function.body
        assert isinstance(block, cst.IndentedBlock)
        inner = list(block.body)
        inner.insert(
            _entry_point(inner, "lifespan_steps", call), _enter_line(tree, "lifespan_steps", call)
        )
        body = list(tree.body)
        body[position] = function.with_changes(body=block.with_changes(body=inner))
        return tree.with_changes(body=body)
    code = _EVENT_STEPS.format(step=cst.Module([]).code_for_node(call))
    added = [in_module_style(tree, s) for s in cst.parse_module(code).body]
    body = list(tree.body)
    at = _definition_point(tree, app)
    added[0] = added[0].with_changes(leading_lines=blank_lines(2) if at > 0 else ())
    if at < len(body):
        body[at] = with_blank_lines_before(body[at], 2)
    body[at:at] = added
    new = tree.with_changes(body=body)
    for statement in (
        "{app}.router.on_startup.append(enter_lifespan_steps)",
        "{app}.router.on_shutdown.append(leave_lifespan_steps)",
    ):
        new = app_statement_into(new, app, statement, path)
    return import_into(new, "contextlib", "AsyncExitStack")


def _function_position(tree: cst.Module, name: str) -> int | None:
    for index, statement in enumerate(tree.body):
        if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
            return index
    return None


def _app_parameter(function: cst.FunctionDef) -> str:
    params = function.params.params
    return params[0].name.value if params else "app"


def _step_call(step: str, app_name: str) -> cst.BaseExpression:
    try:
        if "{app}" not in step:
            return cst.parse_expression(step)
        return parse_template_expression(step, app=cst.Name(app_name))
    except (cst.ParserSyntaxError, ValueError) as error:
        raise ValueError(f"not a Python expression: {step!r} ({error})") from None


def _extended(tree: cst.Module, function: cst.FunctionDef, step: str) -> cst.FunctionDef:
    call = _step_call(step, _app_parameter(function))
    if _calls_anywhere(tree, function, call):
        return function
    block = function.body
    if not isinstance(block, cst.IndentedBlock):
        raise RecipeError(f"the lifespan `{function.name.value}` is written on one line")
    statements = list(block.body)
    stack_at = next((i for i, s in enumerate(statements) if _stack_name(s) is not None), None)
    if stack_at is not None:
        statements[stack_at] = _entered(tree, statements[stack_at], call)
        return function.with_changes(body=block.with_changes(body=statements))
    head = 1 if statements and is_docstring(statements[0]) else 0
    wrapped = _stack_block(tree, call, statements[head:])
    return function.with_changes(body=block.with_changes(body=[*statements[:head], wrapped]))


def _calls_anywhere(tree: cst.Module, function: cst.FunctionDef, call: cst.BaseExpression) -> bool:
    wanted = dump(cst.Module([]).code_for_node(call))
    found = _Calls()
    function.body.visit(found)
    return any(_same(tree, node, wanted) for node in found.calls)


def _same(tree: cst.Module, node: cst.Call, wanted: str) -> bool:
    try:
        return dump(tree.code_for_node(node)) == wanted
    except SyntaxError:
        return False


class _Calls(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)


def _stack_name(statement: cst.BaseStatement) -> str | None:
    """``stack`` for ``async with AsyncExitStack() as stack:``, else ``None``."""
    if not (isinstance(statement, cst.With) and statement.asynchronous is not None):
        return None
    item = statement.items[0]
    expression = item.item
    if not isinstance(expression, cst.Call):
        return None
    func = expression.func
    name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
    if name != "AsyncExitStack" or item.asname is None:
        return None
    target = item.asname.name
    return target.value if isinstance(target, cst.Name) else None


def _enter_line(tree: cst.Module, stack: str, call: cst.BaseExpression) -> cst.BaseStatement:
    code = f"await {stack}.enter_async_context({cst.Module([]).code_for_node(call)})"
    return in_module_style(tree, parse_snippet(code))


def _entered(tree: cst.Module, with_node: cst.BaseStatement, call: cst.BaseExpression) -> cst.With:
    assert isinstance(with_node, cst.With)
    stack = _stack_name(with_node)
    assert stack is not None
    block = with_node.body
    assert isinstance(block, cst.IndentedBlock)
    inner = list(block.body)
    inner.insert(_entry_point(inner, stack, call), _enter_line(tree, stack, call))
    return with_node.with_changes(body=block.with_changes(body=inner))


def _entry_point(
    statements: Sequence[cst.BaseStatement], stack: str, call: cst.BaseExpression
) -> int:
    """Where the entry of ``call`` goes among ``statements``: by layer, else last."""
    entries = [
        (i, entered)
        for i, s in enumerate(statements)
        if (entered := _entered_call(s, stack)) is not None
    ]
    after_last = entries[-1][0] + 1 if entries else 0
    key = _step_key(call)
    if key is None:
        return after_last
    at = place([_step_key(entered) for _, entered in entries], key)
    return entries[at][0] if at < len(entries) else after_last


def _entered_call(statement: cst.BaseStatement, stack: str) -> cst.BaseExpression | None:
    """``step`` for a line ``await stack.enter_async_context(step)``, else ``None``."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if not (isinstance(small, cst.Expr) and isinstance(small.value, cst.Await)):
        return None
    call = small.value.expression
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)):
        return None
    func = call.func
    if not (isinstance(func.value, cst.Name) and func.value.value == stack):
        return None
    if func.attr.value != "enter_async_context" or not call.args:
        return None
    return call.args[0].value


def _step_key(step: cst.BaseExpression) -> tuple[int, str] | None:
    """``(layer rank, function name)`` of a known step, else ``None``."""
    if not isinstance(step, cst.Call):
        return None
    func = step.func
    name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
    layer = KNOWN_LIFESPAN_STEPS.get(name)
    return None if layer is None else (LIFESPAN_LAYERS.index(layer), name)


def _stack_block(
    tree: cst.Module, call: cst.BaseExpression, statements: Sequence[cst.BaseStatement]
) -> cst.With:
    template = parse_snippet(f"async with AsyncExitStack() as {_STACK}:\n    pass\n")
    assert isinstance(template, cst.With)
    first = _enter_line(tree, _STACK, call)
    moved = list(statements)
    if moved and isinstance(moved[0], cst.SimpleStatementLine | cst.BaseCompoundStatement):
        # The first moved line now follows the new one; its comments stay with it.
        comments = [line for line in moved[0].leading_lines if line.comment is not None]
        moved[0] = moved[0].with_changes(leading_lines=comments)
    body = template.body
    assert isinstance(body, cst.IndentedBlock)
    return template.with_changes(body=body.with_changes(body=[first, *moved]))


_NEW_LIFESPAN = '''\
@asynccontextmanager
async def {name}(app: FastAPI) -> AsyncIterator[None]:
    """Enter the app's lifespan steps at startup; leave them, in reverse, at shutdown."""
    async with AsyncExitStack() as stack:
        await stack.enter_async_context({step})
        yield
'''


def _with_new_lifespan(tree: cst.Module, app: AppLocation, step: str, path: str) -> cst.Module:
    name = _free_module_name(tree, ("lifespan", "app_lifespan"))
    call = cst.Module([]).code_for_node(_step_call(step, "app"))
    bound = _fastapi_name(tree)
    code = _NEW_LIFESPAN.format(name=name, step=call)
    if bound is not None:
        # The module's own name for the class: ``from fastapi import FastAPI as WebApp``.
        code = code.replace("app: FastAPI", f"app: {bound}")
    function = in_module_style(tree, parse_snippet(code))
    body = list(tree.body)
    at = _definition_point(tree, app)
    function = function.with_changes(leading_lines=blank_lines(2) if at > 0 else ())
    if at < len(body):
        body[at] = with_blank_lines_before(body[at], 2)
    body.insert(at, function)
    new = app_argument_into(tree.with_changes(body=body), app, "lifespan", name, path)
    wanted = [
        ("collections.abc", "AsyncIterator"),
        ("contextlib", "AsyncExitStack"),
        ("contextlib", "asynccontextmanager"),
    ]
    if bound is None:
        wanted.append(("fastapi", "FastAPI"))
    for module, imported in wanted:
        new = import_into(new, module, imported)
    return new


def _fastapi_name(tree: cst.Module) -> str | None:
    """The name a module-level ``from fastapi import FastAPI [as X]`` binds, if any."""
    for statement in tree.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not (isinstance(small, cst.ImportFrom) and isinstance(small.names, Sequence)):
                continue
            module = "" if small.module is None else cst.Module([]).code_for_node(small.module)
            if module != "fastapi" or small.relative:
                continue
            for alias in small.names:
                if cst.Module([]).code_for_node(alias.name) != "FastAPI":
                    continue
                asname = alias.asname
                if asname is not None and isinstance(asname.name, cst.Name):
                    return asname.name.value
                return "FastAPI"
    return None


def _free_module_name(tree: cst.Module, names: Sequence[str]) -> str:
    """The first of ``names`` the module does not use as a name.

    Whole names only: an imported ``cache_lifespan`` leaves ``lifespan`` free, so
    the new function is named the same whichever step came first.
    """
    used = set(re.findall(r"[A-Za-z_]\w*", tree.code))
    for name in names:
        if name not in used:
            return name
    return f"{names[-1]}_steps"


def _definition_point(tree: cst.Module, app: AppLocation) -> int:
    """Where a new module-level function goes: above the factory, or above the app
    and the plain statements just before it (``setup_logging()``), so that the
    function lands in the same place whether they were added before or after it."""
    for index, statement in enumerate(tree.body):
        if app.factory is not None:
            if isinstance(statement, cst.FunctionDef) and statement.name.value == app.factory:
                return index
        elif _creates(statement, app.attr):
            return _above_plain_statements(tree.body, index)
    return len(tree.body)


def _above_plain_statements(body: Sequence[cst.BaseStatement], index: int) -> int:
    """The start of the run of plain statements (no import, no docstring) ending at ``index``."""
    while index > 0:
        previous = body[index - 1]
        if not isinstance(previous, cst.SimpleStatementLine) or is_docstring(previous):
            break
        if any(isinstance(small, cst.Import | cst.ImportFrom) for small in previous.body):
            break
        index -= 1
    return index
