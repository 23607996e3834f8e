"""``print()`` calls turned into structured log calls."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from fastprod.edits._common import DEFAULT_PATH, blank_lines, is_docstring, parse_module
from fastprod.edits._imports import ensure_import

#: The module-level logger the converted calls use.
LOGGER = "logger"
_LOGGER_LINE = f"{LOGGER} = structlog.stdlib.get_logger(__name__)\n"
_KEY = re.compile(r"[^0-9a-zA-Z]+")


@dataclass(frozen=True, slots=True)
class PrintReplaced:
    """One ``print()`` turned into a log call.

    Attributes:
        line: Its line in the module as it was.
        before: The ``print(...)`` call's code.
        after: The ``logger.info(...)`` call's code.
    """

    line: int
    before: str
    after: str


def prints_to_logs(
    source: str, *, first_party: Collection[str] = (), path: str = DEFAULT_PATH
) -> tuple[str, list[PrintReplaced]]:
    """Turn every statement ``print(...)`` of a module into a structlog call.

    ``print("ready")`` becomes ``logger.info("ready")``; an f-string whose every
    value is a name or an attribute (``f"created {user.id} in {elapsed}"``)
    becomes an event with those values as keys (``logger.info("created in",
    user_id=user.id, elapsed=elapsed)``); another f-string is the message as it
    is; anything else, ``logger.info`` of the values joined as ``print`` joins
    them (``"%s %s"``). ``import structlog`` and
    ``logger = structlog.stdlib.get_logger(__name__)`` are added after the imports.

    A ``print`` with keyword arguments (``file=``, ``end=``...) writes somewhere on
    purpose and is kept, as is the whole module when it binds ``logger`` itself
    or runs as a script (``if __name__ == "__main__":``).

    Args:
        source: The module's text.
        first_party: The project's own top-level names, for sorting the import.
        path: The file's path, for error messages.

    Returns:
        The new text (``source`` itself when nothing changed), and what was replaced.
    """
    if "print(" not in source:
        return source, []
    module = parse_module(source, path)
    if _binds_logger(module) or _runs_as_script(module):
        return source, []
    wrapper = MetadataWrapper(module)
    transformer = _Prints(module)
    changed = wrapper.visit(transformer)
    if not transformer.replaced:
        return source, []
    text = _with_logger(changed).code
    return ensure_import(
        text, "structlog", first_party=first_party, path=path
    ), transformer.replaced


class _Prints(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, module: cst.Module) -> None:
        super().__init__()
        self.module = module
        self.replaced: list[PrintReplaced] = []

    def leave_Expr(self, original_node: cst.Expr, updated_node: cst.Expr) -> cst.Expr:
        call = updated_node.value
        if not (_is_print(call) and isinstance(call, cst.Call)):
            return updated_node
        if any(arg.keyword is not None or arg.star for arg in call.args):
            return updated_node
        new = cst.parse_expression(_log_call(self.module, call.args))
        line = self.get_metadata(PositionProvider, original_node).start.line
        code = self.module.code_for_node
        self.replaced.append(PrintReplaced(line, code(call), code(new)))
        return updated_node.with_changes(value=new)


def _is_print(node: cst.BaseExpression) -> bool:
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value == "print"
    )


def _log_call(module: cst.Module, args: Sequence[cst.Arg]) -> str:
    code = [module.code_for_node(arg.value) for arg in args]
    if not args:
        return f'{LOGGER}.info("")'
    if len(args) == 1:
        value = args[0].value
        if isinstance(value, cst.SimpleString | cst.ConcatenatedString):
            return f"{LOGGER}.info({code[0]})"
        if isinstance(value, cst.FormattedString):
            # Structured when mechanical; else the f-string is the message.
            return _structured(module, value) or f"{LOGGER}.info({code[0]})"
    placeholders = " ".join(["%s"] * len(args))
    return f'{LOGGER}.info("{placeholders}", {", ".join(code)})'


def _structured(module: cst.Module, string: cst.FormattedString) -> str | None:
    """``logger.info("event", key=value, ...)`` for an f-string of plain values."""
    words: list[str] = []
    keys: dict[str, str] = {}
    for part in string.parts:
        if isinstance(part, cst.FormattedStringText):
            words.append(part.value)
            continue
        assert isinstance(part, cst.FormattedStringExpression)
        if part.conversion is not None or part.format_spec is not None:
            return None
        if not isinstance(part.expression, cst.Name | cst.Attribute):
            return None
        expression = module.code_for_node(part.expression)
        key = _KEY.sub("_", expression).strip("_")
        if keys.get(key, expression) != expression or not key.isidentifier():
            return None
        keys[key] = expression
    event = " ".join(" ".join(words).split()).strip(" :=,-")
    if not event or "\\" in event or '"' in event or "{" in event:
        return None
    values = ", ".join(f"{key}={expression}" for key, expression in keys.items())
    return f'{LOGGER}.info("{event}", {values})'


def _binds_logger(module: cst.Module) -> bool:
    return any(
        isinstance(small, cst.Assign | cst.AnnAssign) and LOGGER in _targets(small)
        for statement in module.body
        if isinstance(statement, cst.SimpleStatementLine)
        for small in statement.body
    ) or any(
        isinstance(statement, cst.FunctionDef | cst.ClassDef) and statement.name.value == LOGGER
        for statement in module.body
    )


def _targets(small: cst.Assign | cst.AnnAssign) -> set[str]:
    if isinstance(small, cst.AnnAssign):
        targets = [small.target]
    else:
        targets = [target.target for target in small.targets]
    return {target.value for target in targets if isinstance(target, cst.Name)}


def _runs_as_script(module: cst.Module) -> bool:
    return '__name__ == "__main__"' in module.code or "__name__ == '__main__'" in module.code


def _with_logger(module: cst.Module) -> cst.Module:
    """``logger = structlog.stdlib.get_logger(__name__)`` after the leading imports."""
    body = list(module.body)
    at = 0
    while at < len(body) and (_is_import(body[at]) or (at == 0 and is_docstring(body[at]))):
        at += 1
    line = cst.parse_statement(_LOGGER_LINE)
    assert isinstance(line, cst.SimpleStatementLine)
    body.insert(at, line.with_changes(leading_lines=blank_lines(1) if at else ()))
    return module.with_changes(body=body)


def _is_import(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body
    )
