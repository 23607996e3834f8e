"""The project seen whole: modules linked by imports, classes by ancestry, values folded.

Module facts are read one file at a time; the questions the scorecards ask are
about the project ("is this key read from the environment?", "which router
prefix does this route sit under?"). This index answers them without reading
any file again.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from functools import cached_property
from typing import Any

from fastprod.project._model._facts import (
    AppDef,
    ClassDef,
    ClassField,
    DepRef,
    Function,
    Include,
    Location,
    ModuleFacts,
    Role,
    Route,
    RouterDef,
)
from fastprod.project._model._settings import SETTINGS_BASES
from fastprod.project._model._symbols import ModuleNames, Symbols
from fastprod.project._model._visitor import DISHKA, dotted, last_name


class Marker(Enum):
    """What a value is when it is not a constant."""

    UNKNOWN = "unknown"
    ENV = "read from the environment"
    REQUIRED = "required, no default"
    RANDOM = "generated at start-up"


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded value and where it was written (a constant, a settings default)."""

    value: Any
    origin: Location | None = None
    via: str = ""


UNKNOWN = Folded(Marker.UNKNOWN)

_BINOPS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Pow: operator.pow,
    ast.Mod: operator.mod,
}
_ENV_READERS = frozenset({"getenv", "get", "config", "env", "str", "int", "environ.get"})
# Types that hold a value as it is: starlette's ``Secret``, pydantic's ``SecretBytes``.
_WRAPPERS = frozenset({"Secret", "SecretBytes"})
_PYDANTIC_BASES = frozenset({"BaseModel", "SQLModel", "RootModel", "GenericModel"})
_SETTINGS_BASES = frozenset(SETTINGS_BASES)
_EXCEPTION_BASES = frozenset(
    {"Exception", "BaseException", "ValueError", "RuntimeError", "LookupError", "KeyError"}
    | {"PermissionError", "TypeError", "HTTPException", "StarletteHTTPException"}
)
_SETTINGS_NAMES = ("Settings", "Config", "Configuration")
# A pydantic model's inner ``class Config:`` sets options of the model, not settings.
_MODEL_OPTIONS = frozenset(
    {"orm_mode", "from_attributes", "env_file", "env_file_encoding", "env_prefix", "extra"}
    | {"case_sensitive", "json_encoders", "arbitrary_types_allowed", "populate_by_name"}
    | {"allow_population_by_field_name", "use_enum_values", "validate_assignment", "frozen"}
    | {"schema_extra", "json_schema_extra", "allow_mutation", "env_nested_delimiter"}
)
_DEV_CLASS_PREFIXES = ("Test", "Testing", "Dev", "Development", "Local")
_MAX_DEPTH = 12
# The ways one router may be mounted (included under several prefixes) that are read.
_MAX_MOUNTS = 8
_APP_ROLE = frozenset({Role.APP})
# Asked of every route's tags: a tuple, where ``ast.List | ast.Tuple`` is built at each test.
_SEQUENCES = (ast.List, ast.Tuple)


@dataclass(frozen=True, slots=True)
class LibraryRouter:
    """A router a library makes (``get_auth_router``), where the app includes it."""

    factory: str
    prefix: str
    loc: Location
    deps: tuple[DepRef, ...]


class ProjectIndex:
    """Cross-module lookups over every module's facts."""

    def __init__(self, modules: list[ModuleFacts]) -> None:
        """Index ``modules`` (in path order, so every answer is deterministic)."""
        self.modules = modules
        self.app_modules = [m for m in modules if m.role is Role.APP]
        # Two files may import as one name (``main.py``, ``scripts/main.py``): the app's wins.
        self._by_name: dict[str, ModuleFacts] = {}
        for module in sorted(modules, key=lambda m: m.role is not Role.APP):
            self._by_name.setdefault(module.module, module)
        self.classes: dict[str, list[ClassDef]] = {}
        self.functions: dict[str, list[Function]] = {}
        self.aliases: dict[str, list[DepRef]] = {}
        self.instances: dict[str, tuple[str, Location]] = {}
        for module in self.app_modules:
            self._add(module)
        self.symbols = Symbols(_names(m) for m in [*self.app_modules, *modules])
        self._defined: dict[str, _Definition] = {}
        for module in reversed(self.app_modules):
            self._define(module)
        self._decoders = _decoders([f for fs in self.functions.values() for f in fs])
        self._found: dict[str, ModuleFacts | None] = {}
        self._top_kinds: dict[tuple[str, str, bool, bool], frozenset[str]] = {}
        self._own: dict[DepRef, frozenset[str]] = {}
        # Answers that no longer depend on the path (see ``_dep_kinds``): from which
        # depth on, and the answer; and how many times a cycle has cut a walk short.
        self._settled: dict[DepRef, tuple[int, frozenset[str]]] = {}
        self._cycles = 0
        self._returned: dict[tuple[str, str], DepRef] = {}
        self._ancestry: dict[int, frozenset[str]] = {}
        self._chains: dict[tuple[str, str], list[_Chain]] = {}
        self._imports: dict[frozenset[Role], dict[str, Location]] = {}
        self._app_items: dict[str, list[tuple[ModuleFacts, Any]]] = {}
        self.settings_fields = self._settings_fields()

    def _add(self, module: ModuleFacts) -> None:
        for cls in module.classes:
            self.classes.setdefault(cls.name, []).append(cls)
        for func in module.functions:
            self.functions.setdefault(func.name, []).append(func)
        for name, refs in module.aliases.items():
            self.aliases.setdefault(name, refs)
        for name, instance in module.instances.items():
            self.instances.setdefault(name, instance)

    def _define(self, module: ModuleFacts) -> None:
        # In reverse path order, so the first module's definition is the one kept.
        prefix = module.module + "." if module.module else ""
        for name, refs in module.aliases.items():
            self._defined[prefix + name] = refs
        for name, instance in module.instances.items():
            self._defined[prefix + name] = instance
        for cls in module.classes:
            self._defined[prefix + cls.name] = cls
        for func in module.functions:
            owner = f"{func.owner}." if func.owner else ""
            self._defined[prefix + owner + func.name] = func

    # ----------------------------------------------------------------- modules

    def module(self, dotted_name: str) -> ModuleFacts | None:
        """The module Python imports by this dotted name.

        Modules are named from their import root (``shop.main`` for
        ``src/shop/main.py``). A name the code imports may instead start above
        a directory without ``__init__.py`` (``app.routers.users`` when ``app/``
        is a namespace package): such a name is matched on the file's path.
        """
        if dotted_name in self._by_name:
            return self._by_name[dotted_name]
        if dotted_name not in self._found:
            self._found[dotted_name] = self._by_path_name(dotted_name)
        return self._found[dotted_name]

    def named(self, dotted_name: str) -> ModuleFacts | None:
        """The module named exactly ``dotted_name`` from its import root: one lookup."""
        return self._by_name.get(dotted_name)

    def _by_path_name(self, dotted_name: str) -> ModuleFacts | None:
        suffix = "." + dotted_name
        for module in self.modules:
            name = _path_name(module.path)
            if name == dotted_name or name.endswith(suffix):
                return module
        return None

    def class_named(self, qualified: str) -> ClassDef | None:
        """The application class with this qualified name (``shop.schemas.Item``)."""
        found = self._defined.get(self.symbols.canonical(qualified))
        return found if isinstance(found, ClassDef) else None

    def definition(self, ref: DepRef) -> _Definition | None:
        """The one project definition a dependency names, through its module's imports.

        ``None`` when the reference carries no module, resolves outside the
        project, or lands on something the facts do not record; callers then
        fall back to every definition with the reference's last name.
        """
        if not ref.module or not ref.written:
            return None
        qualified = self.symbols.resolve(ref.module, ref.written)
        return None if qualified is None else self._defined.get(qualified)

    def app_items(self, kind: str) -> Iterator[tuple[ModuleFacts, Any]]:
        """Every item of list attribute ``kind`` (``"routes"``) over application modules.

        Gathered once per kind (facts never change once read): the scorecards ask
        for every function of the app a dozen times.
        """
        found = self._app_items.get(kind)
        if found is None:
            found = self._app_items[kind] = [
                (module, item) for module in self.app_modules for item in getattr(module, kind)
            ]
        return iter(found)

    def first_call(self, *prefixes: str) -> Location | None:
        """Where application code first calls something qualified with one of ``prefixes``."""
        calls = self._first_calls
        found = [loc for name, loc in calls.items() if name.startswith(prefixes)]
        return min(found) if found else None

    @cached_property
    def _first_calls(self) -> dict[str, Location]:
        """Every name application code calls, with where it is first called, gathered once."""
        found: dict[str, Location] = {}
        for module in self.app_modules:
            for name, loc in module.calls.items():
                known = found.get(name)
                if known is None or loc < known:
                    found[name] = loc
        return found

    def first_import(self, *prefixes: str, roles: frozenset[Role] | None = None) -> Location | None:
        """Where a module of the given roles (default: application) first imports one of these."""
        imported = self._first_imports(roles or _APP_ROLE)
        found = [loc for name, loc in imported.items() if name.startswith(prefixes)]
        return min(found) if found else None

    def _first_imports(self, roles: frozenset[Role]) -> dict[str, Location]:
        """Every name the modules of ``roles`` import, with where it is first imported.

        Gathered once per set of roles: a thousand modules importing ``fastapi``
        give one entry, which each question about an import then reads once.
        """
        found = self._imports.get(roles)
        if found is None:
            found = self._imports[roles] = {}
            for module in self.modules:
                if module.role in roles:
                    for name, loc in module.imported.items():
                        known = found.get(name)
                        if known is None or loc < known:
                            found[name] = loc
        return found

    # ----------------------------------------------------------------- classes

    def ancestors(self, cls: ClassDef, depth: int = 0) -> frozenset[str]:
        """Every base name of ``cls``, transitively, as last names and qualified names."""
        key = id(cls)
        if key in self._ancestry:
            return self._ancestry[key]
        names: set[str] = set()
        if depth < _MAX_DEPTH:
            for base in cls.bases:
                tail = base.rpartition(".")[2]
                names.update({base, tail})
                for parent in self._parents(cls, base):
                    if parent is not cls:
                        names |= self.ancestors(parent, depth + 1)
        result = frozenset(names)
        self._ancestry[key] = result
        return result

    def _parents(self, cls: ClassDef, base: str) -> list[ClassDef]:
        """The project class ``base`` names where ``cls`` is defined, else every one so named."""
        qualified = self.symbols.resolve(cls.module, base) or self.symbols.canonical(base)
        found = self._defined.get(qualified)
        if isinstance(found, ClassDef):
            return [found]
        return self.classes.get(base.rpartition(".")[2], [])

    def all_classes(self) -> Iterator[ClassDef]:
        """Every class of the application code, in path order."""
        for module in self.app_modules:
            yield from module.classes

    def is_model(self, cls: ClassDef) -> bool:
        """A pydantic model (not a settings class)."""
        ancestry = self.ancestors(cls)
        return bool(ancestry & _PYDANTIC_BASES) and not ancestry & _SETTINGS_BASES

    def is_settings(self, cls: ClassDef) -> bool:
        """A pydantic ``BaseSettings`` subclass, directly or through a resolved base.

        The rule discovery applies (``fastprod.project._model._settings``): a plain class
        is not settings, whatever its name.
        """
        return bool(self.ancestors(cls) & _SETTINGS_BASES)

    def is_exception(self, cls: ClassDef) -> bool:
        """A class that derives from an exception."""
        ancestry = self.ancestors(cls)
        if ancestry & _EXCEPTION_BASES:
            return True
        return any(n.endswith(("Error", "Exception")) for n in ancestry)

    def model_names(self) -> set[str]:
        """Names of every pydantic model of the application."""
        return {cls.name for cls in self.all_classes() if self.is_model(cls)}

    def _settings_fields(self) -> dict[str, list[tuple[ClassDef, ClassField]]]:
        fields: dict[str, list[tuple[ClassDef, ClassField]]] = {}
        for cls in self._settings_classes():
            for name, field in cls.fields.items():
                fields.setdefault(name, []).append((cls, field))
        return fields

    @cached_property
    def _plain_settings(self) -> dict[str, list[tuple[ClassDef, ClassField]]]:
        """Fields of plain classes named as settings (``class Settings:``), by name.

        Read when the instance comes from elsewhere (``get_settings()``, a
        dependency): the class's own values, set in its body or its ``__init__``.
        """
        fields: dict[str, list[tuple[ClassDef, ClassField]]] = {}
        for cls in self.all_classes():
            if not cls.name.endswith(_SETTINGS_NAMES) or cls.name.startswith(_DEV_CLASS_PREFIXES):
                continue
            if self.is_model(cls) or self.is_settings(cls) or self.is_exception(cls):
                continue
            for name, field in cls.fields.items():
                if name not in _MODEL_OPTIONS:
                    fields.setdefault(name, []).append((cls, field))
        return fields

    def _settings_classes(self) -> list[ClassDef]:
        """The settings classes, then the models they nest (``security: Security``).

        A model a settings class holds as a field is read from the environment too
        (``SECURITY__JWT_SECRET_KEY`` under ``env_nested_delimiter``): its defaults are
        settings' defaults.
        """
        found = [
            cls
            for cls in self.all_classes()
            if not cls.name.startswith(_DEV_CLASS_PREFIXES) and self.is_settings(cls)
        ]
        seen = {id(cls) for cls in found}
        for cls in found:
            for field in cls.fields.values():
                for nested in self._nested_models(cls, field):
                    if id(nested) not in seen:
                        seen.add(id(nested))
                        found.append(nested)
        return found

    def _nested_models(self, owner: ClassDef, field: ClassField) -> list[ClassDef]:
        """The project's pydantic models a field's annotation names (``Security``)."""
        name = dotted(field.annotation) if field.annotation is not None else None
        if name is None:
            return []
        qualified = self.symbols.resolve(owner.module, name) or self.symbols.canonical(name)
        found = self._defined.get(qualified)
        classes = [found] if isinstance(found, ClassDef) else []
        return [c for c in classes if self.is_model(c)]

    # ------------------------------------------------------------------ values

    def fold(self, expr: ast.expr | None, module: ModuleFacts, depth: int = 0) -> Folded:
        """Evaluate ``expr`` as far as constants, settings defaults and env defaults allow."""
        if expr is None or depth > _MAX_DEPTH:
            return UNKNOWN
        if isinstance(expr, ast.Constant):
            return Folded(expr.value, _at(module, expr))
        if isinstance(expr, ast.List | ast.Tuple | ast.Set):
            items = [self.fold(e, module, depth + 1).value for e in expr.elts]
            return Folded(items, _at(module, expr))
        if isinstance(expr, ast.BinOp):
            return self._fold_binop(expr, module, depth)
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
            inner = self.fold(expr.operand, module, depth + 1)
            number = isinstance(inner.value, int | float)
            return Folded(-inner.value, inner.origin) if number else UNKNOWN
        if isinstance(expr, ast.Name):
            return self._fold_name(expr.id, module, depth)
        if isinstance(expr, ast.Attribute):
            return self._fold_dotted(expr, module, depth)
        if isinstance(expr, ast.Subscript) and (dotted(expr.value) or "").endswith("environ"):
            return Folded(Marker.ENV, _at(module, expr))
        if isinstance(expr, ast.Call):
            return self._fold_call(expr, module, depth)
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            return self._fold_or(expr, module, depth)
        if isinstance(expr, ast.ListComp | ast.GeneratorExp | ast.SetComp):
            return self._fold_comprehension(expr, module, depth)
        return UNKNOWN

    def _fold_comprehension(
        self, expr: ast.ListComp | ast.GeneratorExp | ast.SetComp, module: ModuleFacts, depth: int
    ) -> Folded:
        """``[str(o).strip("/") for o in settings.ORIGINS]``: the items, each reshaped alone.

        An element built from the loop variable and nothing else (a conversion,
        a strip) keeps what each item is; a filter or a second loop may drop items
        and is not folded.
        """
        if len(expr.generators) != 1 or expr.generators[0].ifs:
            return UNKNOWN
        loop = expr.generators[0]
        if not isinstance(loop.target, ast.Name) or not _only_uses(expr.elt, loop.target.id):
            return UNKNOWN
        inner = self.fold(loop.iter, module, depth + 1)
        if not isinstance(inner.value, list):
            return UNKNOWN
        return Folded([str(v) for v in inner.value], inner.origin, inner.via)

    def _fold_or(self, expr: ast.BoolOp, module: ModuleFacts, depth: int) -> Folded:
        # ``os.getenv("KEY") or "dev-key"``: the literal is what runs when the variable is unset.
        first = self.fold(expr.values[0], module, depth + 1)
        if not isinstance(first.value, Marker):
            return first
        last = self.fold(expr.values[-1], module, depth + 1)
        return Folded(last.value, last.origin or first.origin, first.via or last.via)

    def _fold_binop(self, expr: ast.BinOp, module: ModuleFacts, depth: int) -> Folded:
        left = self.fold(expr.left, module, depth + 1)
        right = self.fold(expr.right, module, depth + 1)
        apply = _BINOPS.get(type(expr.op))
        if apply is None or isinstance(left.value, Marker) or isinstance(right.value, Marker):
            return UNKNOWN
        try:
            return Folded(apply(left.value, right.value), left.origin or right.origin)
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return UNKNOWN

    def _fold_name(self, name: str, module: ModuleFacts, depth: int) -> Folded:
        if name in module.constants:
            inner = self.fold(module.constants[name], module, depth + 1)
            return Folded(inner.value, module.constant_locs.get(name) or inner.origin, name)
        qualified = module.imports.get(name)
        if qualified is None:
            return UNKNOWN
        source_name, _, attr = qualified.rpartition(".")
        source = self.module(source_name)
        if source is None or source is module or attr not in source.constants:
            return UNKNOWN
        return self._fold_name(attr, source, depth + 1)

    def _fold_dotted(self, expr: ast.Attribute, module: ModuleFacts, depth: int) -> Folded:
        receiver = dotted(expr.value)
        qualified = module.imports.get(receiver or "")
        source = self.module(qualified) if qualified else None
        # ``config.SECRET_KEY`` where ``config`` is a module of constants.
        if source is not None and expr.attr in source.constants:
            return self._fold_name(expr.attr, source, depth + 1)
        classes = self.classes.get(receiver or "", []) or self._instance_classes(receiver, module)
        for cls in classes:
            field = cls.fields.get(expr.attr)
            owner = self.module(cls.module)
            if field is not None and field.value is not None and owner is not None:
                inner = self.fold(field.value, owner, depth + 1)
                return Folded(inner.value, field.loc, f"{cls.name}.{expr.attr}")
        return self.fold_attribute(expr.attr, module, depth)

    def _instance_classes(self, receiver: str | None, module: ModuleFacts) -> list[ClassDef]:
        """``settings = Settings()`` at module level (here or imported): ``Settings``.

        A plain class of class attributes is a settings class too; its attributes
        are the defaults the app runs with.
        """
        owner, name = module, receiver or ""
        if name not in module.constants:
            qualified = module.imports.get(name, "")
            source_name, _, name = qualified.rpartition(".")
            found = self.module(source_name) if source_name else None
            if found is None:
                return []
            owner = found
        value = owner.constants.get(name)
        if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Name):
            return []
        return [c for c in self.classes.get(value.func.id, []) if c.module == owner.module]

    def fold_attribute(self, attr: str, module: ModuleFacts, depth: int = 0) -> Folded:
        """``settings.X``: the default of field ``X`` of the project's settings class."""
        candidates = self.settings_fields.get(attr, []) or self._plain_settings.get(attr, [])
        if not candidates:
            return UNKNOWN
        cls, field = candidates[0]
        owner = self.module(cls.module) or module
        if field.value is None:
            return Folded(Marker.REQUIRED, field.loc, f"{cls.name}.{attr}")
        inner = self.fold(field.value, owner, depth + 1)
        return Folded(inner.value, field.loc, f"{cls.name}.{attr}")

    def _fold_call(self, call: ast.Call, module: ModuleFacts, depth: int) -> Folded:
        name = dotted(call.func) or ""
        tail = last_name(call.func) or ""
        if tail in {"int", "float", "str", "bool"} and len(call.args) == 1:
            return self._convert(tail, self.fold(call.args[0], module, depth + 1))
        if tail in {"Field", "SecretStr"}:
            return self._fold_field(call, module, depth)
        if tail in _WRAPPERS and len(call.args) == 1 and not call.keywords:
            # ``Secret(os.getenv("KEY", "dev"))``: the wrapped value, its fallback included.
            return self.fold(call.args[0], module, depth + 1)
        if tail == "timedelta":
            return self._fold_timedelta(call, module, depth)
        if name.startswith("secrets.") or tail in {"token_urlsafe", "token_hex", "uuid4"}:
            return Folded(Marker.RANDOM, _at(module, call))
        if isinstance(call.func, ast.Attribute):
            return self._fold_method(call, call.func, module, depth)
        if tail in _ENV_READERS or _project_env_reader(call, tail):
            return self._fold_env(call, module, depth)
        return UNKNOWN

    def _fold_method(
        self, call: ast.Call, func: ast.Attribute, module: ModuleFacts, depth: int
    ) -> Folded:
        name = dotted(func) or ""
        if name.endswith(("environ.get", "os.getenv")) or func.attr in {"getenv", "config"}:
            return self._fold_env(call, module, depth)
        receiver = self.fold(func.value, module, depth + 1)
        if func.attr == "get_secret_value":
            return receiver
        if func.attr == "split" and isinstance(receiver.value, str):
            separator = _constant_text(call)
            return Folded(receiver.value.split(separator), receiver.origin, receiver.via)
        if func.attr in {"str", "int", "list"} and dotted(func.value) == "env":
            return self._fold_env(call, module, depth)
        if _project_env_reader(call, func.attr):
            return self._fold_env(call, module, depth)
        return UNKNOWN

    def _fold_env(self, call: ast.Call, module: ModuleFacts, depth: int) -> Folded:
        default: ast.expr | None = call.args[1] if len(call.args) > 1 else None
        for keyword in call.keywords:
            if keyword.arg == "default":
                default = keyword.value
        variable = _constant_text(call) or "?"
        if default is None:
            return Folded(Marker.ENV, _at(module, call), f"${variable}")
        inner = self.fold(default, module, depth + 1)
        return Folded(inner.value, _at(module, call), f"${variable}")

    def _fold_field(self, call: ast.Call, module: ModuleFacts, depth: int) -> Folded:
        default: ast.expr | None = call.args[0] if call.args else None
        for keyword in call.keywords:
            if keyword.arg == "default":
                default = keyword.value
            if keyword.arg == "default_factory":
                return self._fold_factory(keyword.value, call, module, depth)
        if default is None or (isinstance(default, ast.Constant) and default.value is Ellipsis):
            return Folded(Marker.REQUIRED, _at(module, call))
        return self.fold(default, module, depth + 1)

    def _fold_factory(
        self, factory: ast.expr, call: ast.Call, module: ModuleFacts, depth: int
    ) -> Folded:
        """``default_factory=lambda: ["*"]`` is its body; ``list`` an empty list.

        Any other factory (``secrets.token_urlsafe``, a function) makes a value
        at start-up.
        """
        if isinstance(factory, ast.Lambda):
            return self.fold(factory.body, module, depth + 1)
        if isinstance(factory, ast.Name) and factory.id in {"list", "tuple", "set"}:
            return Folded([], _at(module, call))
        return Folded(Marker.RANDOM, _at(module, call))

    def _fold_timedelta(self, call: ast.Call, module: ModuleFacts, depth: int) -> Folded:
        parts: dict[str, float] = {}
        for keyword in call.keywords:
            value = self.fold(keyword.value, module, depth + 1).value
            if not isinstance(value, int | float) or keyword.arg is None:
                return UNKNOWN
            parts[keyword.arg] = float(value)
        try:
            return Folded(timedelta(**parts), _at(module, call))
        except TypeError:
            return UNKNOWN

    @staticmethod
    def _convert(kind: str, inner: Folded) -> Folded:
        if isinstance(inner.value, Marker):
            return inner
        converters: dict[str, Callable[[Any], Any]] = {"int": int, "float": float, "str": str}
        converters["bool"] = bool
        try:
            return Folded(converters[kind](inner.value), inner.origin, inner.via)
        except (TypeError, ValueError):
            return UNKNOWN

    # ------------------------------------------------------------------ routes

    def route_views(self) -> list[RouteView]:
        """Every application route with its full path, tags and dependencies.

        A router included twice (``/public/health`` and, behind a bearer scheme,
        ``/health``) serves its routes twice: one view for each.
        """
        return [
            self._view(module, route, chain)
            for module, route in self.app_items("routes")
            for chain in self._mounts(module, route.receiver)
        ]

    def _mounts(self, module: ModuleFacts, receiver: str) -> list[_Chain]:
        key = (module.path, receiver)
        chains = self._chains.get(key)
        if chains is None:
            chains = self._chains[key] = self._chain_all(module, receiver)
        return chains

    def _view(self, module: ModuleFacts, route: Route, chain: _Chain) -> RouteView:
        keywords = route.keywords
        written = keywords.get("tags")
        tags = self._tags(written, module) if written is not None else ()
        prefix, tagged, above, inherited, top = chain
        tags = above + tags
        path = prefix + route.path
        tagged = tagged or written is not None
        # One tag or none has nothing to deduplicate.
        unique = tags if len(tags) < 2 else tuple(dict.fromkeys(tags))
        # Views are read, never changed: a route whose routers add nothing shares its list.
        deps = [*route.deps, *inherited] if inherited else route.deps
        return RouteView(module, route, path, tagged, deps, unique, top)

    def _chain(self, module: ModuleFacts, receiver: str) -> _Chain:
        """What the routers and apps above ``receiver`` give its routes, through the
        first include of each (see :meth:`_chain_all`)."""
        return self._chain_all(module, receiver, first_only=True)[0]

    def _chain_all(
        self, module: ModuleFacts, receiver: str, *, first_only: bool = False
    ) -> list[_Chain]:
        """What the routers and apps above ``receiver`` give its routes, once per way
        the router is mounted.

        Each: the prefix, whether a tag is set, the tags and the dependencies,
        outermost first, and the router or app at the top; the same for every
        route on one router, so found once per router. A router included more
        than once is mounted once per include, up to ``_MAX_MOUNTS`` ways.
        """
        done: list[_Chain] = []
        pending: list[_Mount] = [("", False, (), [], (module, receiver), frozenset())]
        while pending and len(done) < _MAX_MOUNTS:
            prefix, tagged, tags, deps, (owner, name), seen = pending.pop(0)
            top = f"{owner.module}:{name}"
            router = _find(owner.routers, name)
            app = next((a for a in owner.apps if a.name == name), None)
            deps = list(deps)
            if app is not None:
                deps += app.deps
            if router is not None:
                prefix = self._text(router.keywords.get("prefix"), owner) + prefix
                tagged |= "tags" in router.keywords
                tags = self._tags(router.keywords.get("tags"), owner) + tags
                deps += router.deps
            seen = seen | {(owner.module, name)}
            includes = self._includes.get((owner.path, name), [])
            if first_only:
                includes = includes[:1]
            ways = [(i, f) for i, f in includes if (i.module, f.parent) not in seen]
            if not ways:
                done.append((prefix, tagged, tags, tuple(deps), top))
                continue
            for including, found in ways:
                pending.append(
                    (
                        self._text(found.keywords.get("prefix"), including) + prefix,
                        tagged or "tags" in found.keywords,
                        self._tags(found.keywords.get("tags"), including) + tags,
                        [*deps, *found.deps],
                        (including, found.parent),
                        seen,
                    )
                )
        return done

    def library_routers(self) -> list[LibraryRouter]:
        """The routers a library makes that the app includes, with their path and dependencies.

        ``app.include_router(fastapi_users.get_auth_router(backend), prefix="/auth/jwt")``:
        the routes are the library's, the prefix and the dependencies the app's.
        """
        found = []
        for module, include in self.app_items("library_routers"):
            prefix, _, _, deps, _ = self._chain(module, include.parent)
            path = prefix + self._text(include.keywords.get("prefix"), module)
            factory = include.target.rpartition(".")[2]
            found.append(LibraryRouter(factory, path, include.loc, (*deps, *include.deps)))
        return found

    @cached_property
    def _includes(self) -> dict[tuple[str, str], list[tuple[ModuleFacts, Include]]]:
        """The ``include_router`` calls of each router, in order, keyed by its module's
        path and name.

        Built once, so finding the chain of prefixes above every route costs
        one lookup per link rather than a pass over every include.
        """
        found: dict[tuple[str, str], list[tuple[ModuleFacts, Include]]] = {}
        for including, include in self.app_items("includes"):
            source, _, attr = include.target.rpartition(".")
            target = self.module(source) if source else including
            if target is not None:
                found.setdefault((target.path, attr), []).append((including, include))
        return found

    def _text(self, expr: ast.expr | None, module: ModuleFacts) -> str:
        value = self.fold(expr, module).value
        return value if isinstance(value, str) else ""

    def _tags(self, expr: ast.expr | None, module: ModuleFacts) -> tuple[str, ...]:
        """The constant strings of a ``tags=[...]`` keyword, in order."""
        if not isinstance(expr, _SEQUENCES):
            return ()
        return tuple(text for element in expr.elts if (text := self._text(element, module)))

    def apps(self) -> list[tuple[ModuleFacts, AppDef]]:
        """Every ``FastAPI(...)`` of the application code."""
        return list(self.app_items("apps"))

    # ------------------------------------------------------------ dependencies

    def dep_kinds(self, ref: DepRef, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        """What a dependency does: ``jwt``, ``scheme``, ``header``, ``rbac``, ``rate_limit``.

        A reference that resolves through its module's imports to one project
        definition is judged by that definition alone; otherwise by every
        definition with its last name. Answers to top-level questions are
        memoised, so asking for every route costs time linear in the routes.
        """
        if seen:
            return self._dep_kinds(ref, seen)
        # Keyed by what the reference names, not where it is written: a thousand
        # modules depending on one ``get_current_user`` ask one question.
        memo = (_memo_key(self.definition(ref), ref.target), ref.target, ref.scoped, ref.alias)
        if memo not in self._top_kinds:
            self._top_kinds[memo] = self._dep_kinds(ref, seen)
        return self._top_kinds[memo]

    def _dep_kinds(self, ref: DepRef, seen: frozenset[str]) -> frozenset[str]:
        """What ``ref`` does, asked on a path through the dependencies that visited ``seen``.

        The walk stops at a name already on the path (a cycle) and below
        ``_MAX_DEPTH``, so an answer may depend on the path. One does not: when a
        walk that met no cycle found nothing beyond what the reference and its
        functions say themselves, a walk from further down, with less depth left
        and more of the path to stop at, can find neither more nor less. Such
        answers are kept (see ``_settled``), which makes a chain of dependencies
        that adds nothing (``get_service`` depending on the previous module's,
        a thousand modules long) cost one step per module instead of one per link.
        """
        target = ref.target
        if not target or target in seen or len(seen) > _MAX_DEPTH:
            if target and target in seen:
                self._cycles += 1
            return frozenset()
        definition = self.definition(ref)
        key = _key_of(definition, target)
        if key in seen:
            self._cycles += 1
            return frozenset()
        if ref.alias:
            refs = definition if isinstance(definition, list) else self.aliases.get(target, [])
            return frozenset().union(*(self.dep_kinds(r, seen | {key}) for r in refs))
        settled = self._settled.get(ref)
        if settled is not None and len(seen) >= settled[0]:
            return settled[1]
        own = self._own_kinds(ref, definition)
        kinds, floor = set(own), set(own)
        deeper = seen | {key}
        cycles = self._cycles
        for func in self._runs(target, definition):
            flags = _flag_kinds(func, self._decoders)
            floor |= flags
            kinds |= flags
            kinds |= self._deeper_kinds(func, deeper)
        found = frozenset(kinds)
        if kinds == floor and self._cycles == cycles:
            # Nothing found below, and no cycle cut the walk short: settled from this depth.
            self._settled[ref] = (len(seen), found)
        return found

    def _own_kinds(self, ref: DepRef, definition: _Definition | None) -> frozenset[str]:
        """What a dependency's name, instance and classes say it does: all but its functions.

        None of it depends on the path that led here, so it is found once per reference
        (``definition`` is what :meth:`definition` gives for ``ref``).
        """
        found = self._own.get(ref)
        if found is not None:
            return found
        target = ref.target
        kinds = _named_kinds(target, ref)
        # Resolved to one definition: the bare name's other holders are not it.
        instance = self.instances.get(target) if definition is None else _instance_of(definition)
        if instance is not None:
            kinds |= _instance_kinds(instance[0])
            kinds |= self._class_kinds(instance[0].rpartition(".")[2])
        classes = [definition] if isinstance(definition, ClassDef) else None
        kinds |= self._class_kinds(target, classes)
        if definition is None and ref.module and ref.written:
            kinds |= _library_auth_kinds(self.symbols.resolve(ref.module, ref.written))
        found = self._own[ref] = frozenset(kinds)
        return found

    def _runs(self, target: str, definition: _Definition | None) -> list[Function]:
        """The functions FastAPI calls for a dependency.

        A function is called itself. A class is instantiated: its ``__init__`` runs,
        and the parameters it declares are dependencies too (``Depends(AuthRequired)``
        whose ``__init__`` takes the bearer token). An instance is called: its class's
        ``__call__`` runs (``Depends(TokenVerifier())``). A name resolved to no one
        definition stands for every function, class and instance with that name.
        """
        if target.startswith(DISHKA):
            # ``FromDishka[AuthUser]``: the provider methods that return one.
            return self._providers.get(target.removeprefix(DISHKA), [])
        if isinstance(definition, Function):
            return [definition]
        if isinstance(definition, ClassDef):
            return self._methods("__init__", [definition])
        if isinstance(definition, tuple):
            return self._methods("__call__", self.classes.get(definition[0].rpartition(".")[2], []))
        if definition is not None:
            return []
        found = list(self.functions.get(target, []))
        found += self._methods("__init__", self.classes.get(target, []))
        instance = self.instances.get(target)
        if instance is not None:
            found += self._methods("__call__", self.classes.get(instance[0].rpartition(".")[2], []))
        if not found and target in self._renamed:
            # ``oauth2_schema = get_jwt_user``: a dependency under another name.
            found = list(self.functions.get(self._renamed[target], []))
        return found

    @cached_property
    def _renamed(self) -> dict[str, str]:
        """Module-level names bound to a function of the project by its name."""
        found: dict[str, str] = {}
        for module in self.modules:
            for name, value in module.constants.items():
                if isinstance(value, ast.Name) and value.id in self.functions and name != value.id:
                    found.setdefault(name, value.id)
        return found

    def _methods(self, name: str, classes: list[ClassDef]) -> list[Function]:
        """The methods called ``name`` that ``classes`` define themselves."""
        owners = {(cls.module, cls.name) for cls in classes}
        return [f for f in self.functions.get(name, []) if (f.module, f.owner) in owners]

    def _class_kinds(self, name: str, classes: list[ClassDef] | None = None) -> set[str]:
        # ``class BearerHeader(APIKeyHeader)``: a project subclass of a security scheme.
        kinds: set[str] = set()
        for cls in self.classes.get(name, []) if classes is None else classes:
            kinds.update(k for base in self.ancestors(cls) if (k := scheme_kind(base)) is not None)
            # ``Depends(AttemptLimiter(10))``: the instance's ``__call__`` is what runs.
            calls = self.functions.get("__call__", [])
            if any(f.throttles and f.owner == cls.name and f.module == cls.module for f in calls):
                kinds.add("rate_limit")
        return kinds

    def _deeper_kinds(self, func: Function, seen: frozenset[str]) -> set[str]:
        """What the dependencies a function declares, and the ones it returns, do."""
        # ``seen`` is never empty here: each question goes to ``_dep_kinds``, as
        # ``dep_kinds`` would send it.
        kinds: set[str] = set()
        for ref in func.depends:
            kinds |= self._dep_kinds(ref, seen)
        for name in sorted(func.returned):
            kinds |= self._dep_kinds(self._returned_ref(name, func.module), seen)
        return kinds

    def _returned_ref(self, name: str, module: str) -> DepRef:
        """The reference a function's ``return name`` makes, one object per name and module."""
        key = (name, module)
        found = self._returned.get(key)
        if found is None:
            found = self._returned[key] = DepRef(name, written=name, module=module)
        return found

    @cached_property
    def _providers(self) -> dict[str, list[Function]]:
        """dishka provider methods by the name of the type each provides."""
        found: dict[str, list[Function]] = {}
        for functions in self.functions.values():
            for f in functions:
                if f.provides:
                    found.setdefault(f.provides, []).append(f)
        return found

    @cached_property
    def provider_names(self) -> frozenset[str]:
        """The names of the dishka provider methods: they run as dependencies."""
        return frozenset(f.name for fs in self._providers.values() for f in fs)

    @cached_property
    def reads_auth_headers(self) -> bool:
        """Some function of the app declares a header that carries a token or key.

        Only such a function gives a dependency the ``header`` kind: without one,
        no dependency has it, and nobody needs to ask each one.
        """
        functions = (f for fs in self.functions.values() for f in fs)
        return any(_auth_header(name) for f in functions for name in f.header_names)


# What the routers above a route give it: prefix, tagged?, tags, dependencies, and
# the topmost router or app (``module:name``).
_Chain = tuple[str, bool, tuple[str, ...], tuple[DepRef, ...], str]
# A way up the includes being followed: the prefix, whether tagged, the tags and the
# dependencies so far, the router or app reached, and those passed through.
_Mount = tuple[
    str, bool, tuple[str, ...], list[DepRef], tuple[ModuleFacts, str], frozenset[tuple[str, str]]
]

# What a qualified name can stand for in the facts: a function, a class, a
# module-level instance (callee, location) or an ``Annotated`` alias's dependencies.
_Definition = Function | ClassDef | tuple[str, Location] | list[DepRef]


def _path_name(path: str) -> str:
    """The dotted name of a file's path from the project root (``src/shop/main.py``)."""
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _names(module: ModuleFacts) -> ModuleNames:
    defined = {f.name for f in module.functions if f.owner is None}
    defined.update(c.name for c in module.classes)
    defined.update(module.constants, module.instances, module.aliases)
    defined.update(r.name for r in module.routers)
    defined.update(a.name for a in module.apps if a.name)
    return ModuleNames(module.module, frozenset(defined), module.imports)


def _key_of(definition: _Definition | None, target: str) -> str:
    """What the cycle guard remembers: the definition itself when resolved, else the name."""
    if isinstance(definition, Function):
        return f"{definition.module}.{definition.owner or ''}.{definition.name}"
    if isinstance(definition, ClassDef):
        return f"{definition.module}.{definition.name}"
    return target


def _memo_key(definition: _Definition | None, target: str) -> str:
    """Which definition a top-level question is about; unresolved ones by their name."""
    if isinstance(definition, tuple):
        return f"instance:{definition[1]}:{definition[1].col}"
    if isinstance(definition, list):
        return f"alias:{id(definition)}"
    if definition is None:
        return f"name:{target}"
    return _key_of(definition, target)


def _decoders(functions: list[Function]) -> set[str]:
    """The names of the project's functions that decode a JWT, themselves or through
    the helpers they call, up to ``_DECODE_DEPTH`` calls down (a dependency calling
    ``auth_access``, which calls ``decode_token``, which calls ``jwt.decode``)."""
    found = {f.name for f in functions if f.jwt_decode}
    for _ in range(_DECODE_DEPTH):
        more = {f.name for f in functions if f.name not in found and not found.isdisjoint(f.called)}
        if not more:
            break
        found |= more
    return found


_DECODE_DEPTH = 3


def _flag_kinds(func: Function, decoders: set[str]) -> set[str]:
    """What a function does itself, by the facts read from its body and parameters.

    ``decoders`` are the names of the project's functions that decode a JWT.
    """
    kinds: set[str] = set()
    called = func.called
    if func.jwt_decode or not decoders.isdisjoint(called):
        kinds.add("jwt")
    if called and any(_VERIFIER.search(name) for name in called):
        kinds.add("verify")
    if func.role_check and func.raises:
        kinds.add("rbac")
    if func.throttles:
        kinds.add("rate_limit")
    if func.manual_auth:
        kinds.add("manual")
    if func.header_names and any(_auth_header(name) for name in func.header_names):
        kinds.add("header")
    return kinds


def _instance_of(definition: _Definition | None) -> tuple[str, Location] | None:
    return definition if isinstance(definition, tuple) else None


@dataclass(frozen=True, slots=True)
class RouteView:
    """A route as the app serves it: full path and everything it depends on."""

    module: ModuleFacts
    route: Route
    path: str
    tagged: bool
    deps: list[DepRef]
    tags: tuple[str, ...] = ()
    # The router or app at the top of the route's includes (``module:name``).
    top: str = ""


_SCHEMES = {
    "OAuth2PasswordBearer": "scheme",
    "OAuth2AuthorizationCodeBearer": "scheme",
    "OAuth2": "scheme",
    "HTTPBearer": "scheme",
    "OpenIdConnect": "scheme",
    "APIKeyHeader": "apikey",
    "APIKeyQuery": "apikey",
    "APIKeyCookie": "apikey",
    "HTTPBasic": "basic",
    "HTTPDigest": "basic",
}


# A call that checks a token and is not ours to read: a provider's SDK verifying the
# bearer token (``auth.verify_id_token``, ``VerifyToken(...).verify()``, ``decode_token``).
_VERIFIER = re.compile(r"^(?!.*password)(.*_)?(verify|decode|validate_token|introspect)", re.I)


def scheme_kind(callee: str) -> str | None:
    """The kind of a ``fastapi.security`` scheme class, by its last name."""
    return _SCHEMES.get(callee.rpartition(".")[2])


def _scheme_kinds(name: str) -> set[str]:
    """A ``fastapi.security`` scheme's kind; ``APIKeyCookie`` is also a session
    ``cookie``, which may hold a JWT."""
    scheme = scheme_kind(name)
    if scheme is None:
        return set()
    return {scheme, "cookie"} if name.rpartition(".")[2] == "APIKeyCookie" else {scheme}


def _instance_kinds(callee: str) -> set[str]:
    tail = callee.rpartition(".")[2]
    kinds = _scheme_kinds(callee)
    if tail in {"current_user", "current_active_user"}:
        kinds |= {"jwt", "scheme"}
    if _rate_limit_name(tail):
        kinds.add("rate_limit")
    return kinds


def _named_kinds(target: str, ref: DepRef) -> set[str]:
    kinds = _scheme_kinds(target)
    if target == "AuthJWT":
        kinds |= {"jwt", "scheme"}
    if _rate_limit_name(target):
        kinds.add("rate_limit")
    if ref.scoped:
        kinds.add("rbac")
    return kinds


# Packages whose dependencies verify a provider's token: Keycloak, OIDC, OAuth,
# Auth0 and JWT libraries ("from fastapi_keycloak_rbac.dependencies import
# require_roles" on a route is JWT by injection, checked by the library).
_TOKEN_PACKAGES = re.compile(
    r"(?:^|[._])(?:keycloak|jwt|oidc|openid|oauth2?|auth0|authx|fief|propelauth|clerk|cognito)"
)
_ROLE_WORDS = ("role", "permission", "scope", "group")


def _library_auth_kinds(qualified: str | None) -> set[str]:
    """What a dependency imported from a token-verifying library does."""
    if qualified is None or "." not in qualified:
        return set()
    package, _, name = qualified.rpartition(".")
    if _TOKEN_PACKAGES.search(package.lower()) is None:
        return set()
    kinds = {"jwt", "scheme"}
    if any(word in name.lower() for word in _ROLE_WORDS):
        kinds.add("rbac")
    return kinds


def _rate_limit_name(name: str) -> bool:
    lower = name.lower()
    return (
        "ratelimit" in lower
        or "rate_limit" in lower
        or "throttl" in lower
        or lower.endswith("limiter")
    )


def _auth_header(name: str) -> bool:
    lower = name.lower()
    return lower == "authorization" or "token" in lower or "api_key" in lower or "apikey" in lower


def _find(routers: list[RouterDef], name: str) -> RouterDef | None:
    return next((r for r in routers if r.name == name), None)


def _constant_text(call: ast.Call) -> str | None:
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def _project_env_reader(call: ast.Call, tail: str) -> bool:
    """``parse_list_from_env("ORIGINS", ["*"])``: a helper named for the environment.

    Given a variable's name and a value for when it is unset, it answers with that
    value wherever the variable is not set: the default is what the app runs with.
    """
    if not _ENV_HELPER.search(tail) or tail.startswith("set") or _constant_text(call) is None:
        return False
    return len(call.args) > 1 or any(k.arg == "default" for k in call.keywords)


_ENV_HELPER = re.compile(r"(^|_)(get_?)?env(iron)?(_|$)", re.I)


def _at(module: ModuleFacts, node: ast.AST) -> Location:
    return Location(module.path, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)


def _only_uses(node: ast.expr, name: str) -> bool:
    """True when the only variable ``node`` reads is ``name`` (calls and methods aside)."""
    loads = {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    called = {
        n.func.id
        for n in ast.walk(node)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }
    return name in loads and loads - called <= {name}
