"""ORM models as the project declares them: tables, columns and relationships.

Read from each application module's parse tree in one pass over its class
bodies: a class is a model when it names a ``__tablename__`` or declares a
``mapped_column`` / ``Column`` / ``relationship``. Nothing is imported, so a
relationship's target is the class named in ``relationship("Book")`` or in its
``Mapped[list["Book"]]`` annotation, as written.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

_COLUMN_CALLS = frozenset({"mapped_column", "Column", "Field"})
_RELATIONSHIP_CALLS = frozenset({"relationship", "Relationship"})
# Loader strategies that load a relationship with its parent, so reading it costs nothing.
_EAGER = frozenset({"selectin", "joined", "subquery", "immediate", "raise", "raise_on_sql"})
_COLLECTIONS = frozenset({"list", "List", "set", "Set", "Sequence", "tuple"})


@dataclass(frozen=True, slots=True)
class OrmColumn:
    """A mapped column.

    Attributes:
        name: The attribute name (``author_id``).
        line: The line of its ``mapped_column(...)`` / ``Column(...)`` call.
        indexed: It has an index already: ``index=True``, ``unique=True``, a
            primary key, or a mention in an ``Index`` of ``__table_args__``.
        foreign_key: It references another table (``ForeignKey(...)``).
        unique: No two rows may hold the same value: ``unique=True``, or a
            ``UniqueConstraint`` of this column alone in ``__table_args__``.
        references: The table its ``ForeignKey("authors.id")`` names, ``""`` if none
            is written as a string.
    """

    name: str
    line: int
    indexed: bool
    foreign_key: bool
    unique: bool = False
    references: str = ""


@dataclass(frozen=True, slots=True)
class OrmRelationship:
    """A ``relationship()`` attribute.

    Attributes:
        name: The attribute name (``books``).
        target: The class it loads, as written (``Book``), or ``""`` when unknown.
        line: The line of the ``relationship(...)`` call.
        collection: It loads a list of rows (one-to-many, many-to-many).
        eager: Its ``lazy=`` strategy loads it with the parent already.
        declared: Whether it is a collection is written (a ``Mapped[...]``
            annotation, ``uselist=``, ``secondary=``); else :func:`settle_collections`
            reads it from the foreign keys.
    """

    name: str
    target: str
    line: int
    collection: bool
    eager: bool
    declared: bool = True


@dataclass(frozen=True, slots=True)
class OrmModel:
    """A mapped class.

    Attributes:
        name: The class name.
        path: Its file.
        line: The line of its ``class`` statement.
        table: Its ``__tablename__`` (``""`` when not written as a string); for a
            SQLModel table without one, SQLModel's own: the class name in lower case.
        columns: Its columns, in class-body order.
        relationships: Its relationships, in class-body order.
        schema: The schema of its table (``{"schema": "shop"}`` in ``__table_args__``),
            ``""`` for the default one.
    """

    name: str
    path: PurePosixPath
    line: int
    table: str
    columns: tuple[OrmColumn, ...]
    relationships: tuple[OrmRelationship, ...]
    schema: str = ""

    def column(self, name: str) -> OrmColumn | None:
        """The column called ``name``, if the model declares one."""
        return next((c for c in self.columns if c.name == name), None)

    def relationship(self, name: str) -> OrmRelationship | None:
        """The relationship called ``name``, if the model declares one."""
        return next((r for r in self.relationships if r.name == name), None)


def orm_models(path: PurePosixPath, tree: ast.Module) -> list[OrmModel]:
    """Every mapped class defined at the top level of one module, in line order."""
    found = []
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            model = _model(path, node, _inherited(node, classes))
            if model is not None:
                found.append(model)
    return found


def _inherited(
    node: ast.ClassDef, classes: dict[str, ast.ClassDef], seen: frozenset[str] = frozenset()
) -> list[ast.stmt]:
    """The statements of the classes of the same module ``node`` derives from
    (``class Ticket(TicketBase, table=True)``), the farthest first."""
    found: list[ast.stmt] = []
    for base in node.bases:
        name = base.id if isinstance(base, ast.Name) else None
        if name is None or name not in classes or name in seen or name == node.name:
            continue
        parent = classes[name]
        found += _inherited(parent, classes, seen | {node.name})
        found += [s for s in parent.body if _assignment(s)[0] != "__tablename__"]
    return found


def _model(
    path: PurePosixPath, node: ast.ClassDef, inherited: list[ast.stmt] | None = None
) -> OrmModel | None:
    table = ""
    columns: list[OrmColumn] = []
    relationships: list[OrmRelationship] = []
    indexed_names = _table_args_names(node)
    unique_names = _unique_constraint_names(node)
    sqlmodel = _sqlmodel_table(node)
    named: set[str] = set()
    # The class's own statements win over what it inherits, in its order.
    own_names = {_assignment(s)[0] for s in node.body}
    statements = [s for s in inherited or () if _assignment(s)[0] not in own_names]
    for statement in [*statements, *node.body]:
        name, annotation, value = _assignment(statement)
        if name is None or name in named:
            continue
        named.add(name)
        if name == "__tablename__":
            written = value.value if isinstance(value, ast.Constant) else None
            table = written if isinstance(written, str) else ""
            continue
        call = value if isinstance(value, ast.Call) else None
        callee = _tail(call.func) if call else None
        if call is not None and callee in _RELATIONSHIP_CALLS:
            relationships.append(_relationship(name, annotation, call))
        elif call is not None and callee in _COLUMN_CALLS:
            columns.append(_column(name, call, name in indexed_names, name in unique_names))
        elif sqlmodel and _plain_field(statement):
            # A SQLModel table's field without Field(...) is a column all the same.
            indexed = name in indexed_names
            columns.append(OrmColumn(name, statement.lineno, indexed, False, name in unique_names))
    if not table and not _sqlalchemy_declared(node) and not _sqlmodel_table(node):
        # A pydantic model with ``Field(...)`` is no table.
        return None
    if not columns and not relationships and not table:
        return None
    if not table and _sqlmodel_table(node):
        # SQLModel names the table of a class that does not: ``Hero`` -> ``hero``.
        table = node.name.lower()
    return OrmModel(
        node.name,
        path,
        node.lineno,
        table,
        tuple(columns),
        tuple(relationships),
        _table_schema(node),
    )


def _sqlalchemy_declared(node: ast.ClassDef) -> bool:
    for statement in node.body:
        _, _, value = _assignment(statement)
        if isinstance(value, ast.Call) and _tail(value.func) in {"mapped_column", "Column"}:
            return True
        if isinstance(value, ast.Call) and _tail(value.func) == "relationship":
            return True
    return False


def _plain_field(statement: ast.stmt) -> bool:
    """``closed_at: datetime | None = None``: an annotated field with no call."""
    if not isinstance(statement, ast.AnnAssign) or isinstance(statement.value, ast.Call):
        return False
    annotation = ast.unparse(statement.annotation)
    return not annotation.startswith(("ClassVar", "typing.ClassVar"))


def _sqlmodel_table(node: ast.ClassDef) -> bool:
    return any(k.arg == "table" and _true(k.value) for k in node.keywords)


def _assignment(statement: ast.stmt) -> tuple[str | None, ast.expr | None, ast.expr | None]:
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id, statement.annotation, statement.value
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        if isinstance(target, ast.Name):
            return target.id, None, statement.value
    return None, None, None


def _column(name: str, call: ast.Call, in_index: bool, in_constraint: bool) -> OrmColumn:
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    flagged = any(_true(keywords.get(k)) for k in ("index", "unique", "primary_key"))
    foreign = (
        any(isinstance(a, ast.Call) and _tail(a.func) == "ForeignKey" for a in call.args)
        or "foreign_key" in keywords
    )
    unique = _true(keywords.get("unique")) or in_constraint
    return OrmColumn(name, call.lineno, flagged or in_index, foreign, unique, _references(call))


def _references(call: ast.Call) -> str:
    """``authors`` for ``ForeignKey("authors.id")``."""
    for arg in call.args:
        if isinstance(arg, ast.Call) and _tail(arg.func) == "ForeignKey" and arg.args:
            first = arg.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                return first.value.rpartition(".")[0]
    return ""


def _relationship(name: str, annotation: ast.expr | None, call: ast.Call) -> OrmRelationship:
    target = ""
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        target = call.args[0].value
    collection, written = _mapped_target(annotation)
    declared = annotation is not None
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    lazy = keywords.get("lazy")
    eager = isinstance(lazy, ast.Constant) and lazy.value in _EAGER
    uselist = keywords.get("uselist")
    if isinstance(uselist, ast.Constant) and isinstance(uselist.value, bool):
        collection, declared = uselist.value, True
    elif "secondary" in keywords:
        collection, declared = True, True
    return OrmRelationship(name, target or written, call.lineno, collection, eager, declared)


def settle_collections(models: list[OrmModel]) -> list[OrmModel]:
    """Read ``posts = relationship("Post")`` (no annotation) from the foreign keys.

    The model whose column references the other's table holds one row of it; the
    other side holds a list. When neither is written, the relationship is left a
    single row.
    """
    tables = {m.name: m.table for m in models}
    by_name = {m.name: m for m in models}
    settled = []
    for model in models:
        relationships = tuple(
            r if r.declared else _settled(model, r, tables, by_name) for r in model.relationships
        )
        settled.append(replace(model, relationships=relationships))
    return settled


def _settled(
    model: OrmModel,
    relationship: OrmRelationship,
    tables: dict[str, str],
    by_name: dict[str, OrmModel],
) -> OrmRelationship:
    target = by_name.get(relationship.target)
    if target is None or target is model:
        # A table that references itself (parent and children) says nothing by its keys.
        return relationship
    if any(c.references == target.table for c in model.columns if target.table):
        return replace(relationship, collection=False)
    if any(c.references == tables.get(model.name) for c in target.columns if model.table):
        return replace(relationship, collection=True)
    return relationship


def _mapped_target(annotation: ast.expr | None) -> tuple[bool, str]:
    """Whether ``Mapped[...]`` holds a collection, and the class it names; SQLModel
    writes the type bare (``comments: list["Comment"] = Relationship(...)``)."""
    mapped = isinstance(annotation, ast.Subscript) and _tail(annotation.value) == "Mapped"
    inner = annotation.slice if mapped and isinstance(annotation, ast.Subscript) else annotation
    if isinstance(inner, ast.Subscript) and _tail(inner.value) in _COLLECTIONS:
        return True, _class_name(inner.slice)
    if isinstance(inner, ast.BinOp):
        # ``Mapped["Author" | None]`` is rare; ``Optional`` and ``X | None`` keep the left side.
        return False, _class_name(inner.left)
    if isinstance(inner, ast.Subscript) and _tail(inner.value) == "Optional":
        return False, _class_name(inner.slice)
    return False, _class_name(inner) if inner is not None else ""


def _class_name(expr: ast.expr) -> str:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value.split("|")[0].strip()
    return _tail(expr) or ""


def _table_args_names(node: ast.ClassDef) -> frozenset[str]:
    """Column names an ``Index(...)`` in ``__table_args__`` mentions, first column or not."""
    names: set[str] = set()
    for statement in node.body:
        name, _, value = _assignment(statement)
        if name != "__table_args__" or value is None:
            continue
        for call in ast.walk(value):
            if isinstance(call, ast.Call) and _tail(call.func) in {"Index", "UniqueConstraint"}:
                names.update(_mentioned(call))
    return frozenset(names)


def _table_schema(node: ast.ClassDef) -> str:
    """The ``schema`` of ``__table_args__``: a dict, or the dict closing a tuple."""
    for statement in node.body:
        name, _, value = _assignment(statement)
        if name != "__table_args__" or value is None:
            continue
        options = value.elts[-1] if isinstance(value, ast.Tuple) and value.elts else value
        if not isinstance(options, ast.Dict):
            return ""
        for key, item in zip(options.keys, options.values, strict=True):
            is_schema = isinstance(key, ast.Constant) and key.value == "schema"
            if is_schema and isinstance(item, ast.Constant) and isinstance(item.value, str):
                return item.value
    return ""


def _unique_constraint_names(node: ast.ClassDef) -> frozenset[str]:
    """Columns a ``UniqueConstraint`` of ``__table_args__`` makes unique on their own.

    A constraint over several columns lets each repeat alone, so it names none.
    """
    names: set[str] = set()
    for statement in node.body:
        name, _, value = _assignment(statement)
        if name != "__table_args__" or value is None:
            continue
        for call in ast.walk(value):
            if isinstance(call, ast.Call) and _tail(call.func) == "UniqueConstraint":
                mentioned = _mentioned(call)
                names.update(mentioned if len(mentioned) == 1 else ())
    return frozenset(names)


def _mentioned(call: ast.Call) -> set[str]:
    names = set()
    for arg in call.args:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            names.add(arg.value)
        elif isinstance(arg, ast.Name | ast.Attribute):
            names.add(_tail(arg) or "")
    return names


def _true(expr: ast.expr | None) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is True


def _tail(expr: ast.expr) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None
