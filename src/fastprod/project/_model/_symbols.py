"""The symbol table: every module's names, keyed by qualified name, resolved through imports.

A name used in a module means what that module binds it to: a definition of
its own, or what it imported (``from .deps import get_db as db``, ``import
app.deps``, ``from . import deps``). A package's ``__init__`` may re-export a
name from a submodule; following the chain ends at the module that defines it.
``resolve`` answers with that definition's qualified name (``app.deps.get_db``),
once per (module, name): later questions are a dictionary lookup, so resolving
every dependency of every route costs time linear in their number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Resolution follows at most this many re-exports; a longer chain is a cycle.
_MAX_HOPS = 32


@dataclass(frozen=True, slots=True)
class ModuleNames:
    """The names one module binds.

    Attributes:
        module: Its dotted name, relative to the import root (``shop.api.deps``).
        defined: Names it defines itself (functions, classes, assignments).
        imports: Local name to the absolute qualified name it was imported as
            (``get_db`` -> ``shop.db.get_db``; ``deps`` -> ``shop.api.deps``).
    """

    module: str
    defined: frozenset[str]
    imports: Mapping[str, str]


class Symbols:
    """Qualified names of the project's modules, with a memoised ``resolve``."""

    def __init__(self, modules: Iterable[ModuleNames]) -> None:
        """Index ``modules``; the first of two modules with one name wins (path order)."""
        self._modules: dict[str, ModuleNames] = {}
        for names in modules:
            self._modules.setdefault(names.module, names)
        self._resolved: dict[tuple[str, str], str | None] = {}

    def __contains__(self, module: str) -> bool:
        """True when ``module`` is one of the project's modules."""
        return module in self._modules

    def resolve(self, module: str, name: str) -> str | None:
        """The qualified name ``name`` stands for where ``module`` uses it.

        Args:
            module: The dotted name of the module the name is written in.
            name: The name as written, possibly dotted (``get_db``, ``deps.get_db``).

        Returns:
            The qualified name of the definition, following imports and
            re-exports into the project's modules (``shop.db.get_db``); a name
            imported from outside the project keeps its import's qualified name
            (``fastapi.security.HTTPBearer``); ``None`` when the module neither
            defines nor imports it (a builtin, a star import, an unknown module).
        """
        return self._resolve(module, name, 0)

    def canonical(self, qualified: str) -> str:
        """Where an absolute qualified name (``shop.api.get_db``) is defined.

        Follows re-exports: if ``shop.api`` only imported ``get_db`` from
        ``shop.api.deps``, the answer is ``shop.api.deps.get_db``. A name outside
        the project is returned as it is.
        """
        return self._canonical(qualified, 0)

    def _resolve(self, module: str, name: str, hops: int) -> str | None:
        key = (module, name)
        if key in self._resolved:
            return self._resolved[key]
        if hops > _MAX_HOPS:
            return None
        # A cycle of re-exports asks the same question again: it answers None.
        self._resolved[key] = None
        found = self._lookup(module, name, hops)
        self._resolved[key] = found
        return found

    def _lookup(self, module: str, name: str, hops: int) -> str | None:
        names = self._modules.get(module)
        if names is None:
            return None
        head, dot, rest = name.partition(".")
        if head in names.defined:
            return f"{module}.{name}"
        imported = names.imports.get(head)
        if imported is None:
            return None
        return self._canonical(f"{imported}{dot}{rest}", hops + 1)

    def _canonical(self, qualified: str, hops: int) -> str:
        """Follow ``qualified`` into the project module that defines it."""
        if qualified in self._modules:
            return qualified
        owner, attr = self._owner(qualified)
        if owner is None:
            return qualified
        names = self._modules[owner]
        if attr.partition(".")[0] in names.imports:
            # A re-export (``from .deps import get_db`` in ``__init__``): follow it.
            return self._resolve(owner, attr, hops) or qualified
        return qualified

    def _owner(self, qualified: str) -> tuple[str | None, str]:
        """The longest prefix of ``qualified`` that is a project module, and the rest."""
        prefix, _, attr = qualified.rpartition(".")
        while prefix:
            if prefix in self._modules:
                return prefix, attr
            prefix, _, head = prefix.rpartition(".")
            attr = f"{head}.{attr}"
        return None, qualified
