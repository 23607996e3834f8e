"""Edits to the project's dependency manifest, for recipes.

One helper, :func:`add_dependency`, for the three kinds of manifest a project may
have (``project.manifest.kind``):

* ``"pep621"``: ``pyproject.toml`` with ``[project] dependencies``; a ``group`` goes
  to ``[dependency-groups]`` or ``[project.optional-dependencies]``.
* ``"poetry"``: ``pyproject.toml`` with ``[tool.poetry.dependencies]``; a ``group``
  goes to ``[tool.poetry.group.<group>.dependencies]``. The PEP 508 requirement is
  written in Poetry's form (``redis = ">=5"``, ``uvicorn = {version = ">=0.30",
  extras = ["standard"]}``).
* ``"requirements"``: a ``requirements.txt``; the line is appended.

Like the source edits in :mod:`fastprod.edit`, it means "make sure this is
declared": a package already declared, with any version, extras or spelling of its
name (PEP 503: ``Pydantic_Settings`` is ``pydantic-settings``), is left as it is and the
very same text comes back. TOML is edited with tomlkit, so everything outside the
edit (comments, spacing, order, newlines) stays byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeGuard

import tomlkit
import tomlkit.exceptions
from tomlkit.container import OutOfOrderTableProxy
from tomlkit.items import Array, InlineTable, Table
from tomlkit.toml_document import TOMLDocument

from fastprod.core._errors import ProjectError, RecipeError
from fastprod.edits._order import place
from fastprod.project._project import ManifestKind

__all__ = [
    "FLOORS",
    "add_dependency",
    "declared_dependencies",
    "ensure_dependency",
    "requirement_for",
]

_REQUIREMENT = re.compile(
    r"""^\s*
    (?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*
    (?:\[(?P<extras>[^\]]*)\])?\s*
    (?:@\s*(?P<url>[^;\s]+)\s*|(?P<specifier>[^;@]*?)\s*)
    (?:;\s*(?P<marker>.*?)\s*)?$""",
    re.VERBOSE,
)
_SPECIFIER = re.compile(r"((~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*,?\s*)+")
_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


def _normalize_name(name: str) -> str:
    """Return a distribution name in PEP 503 form: lower case, runs of ``-_.`` as ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True, slots=True)
class _Requirement:
    """A PEP 508 requirement, split into the parts the manifests spell differently."""

    text: str
    name: str
    extras: tuple[str, ...]
    specifier: str
    url: str | None
    marker: str | None

    @property
    def key(self) -> str:
        return _normalize_name(self.name)


def _parse_requirement(text: str) -> _Requirement:
    match = _REQUIREMENT.match(text)
    if match is None:
        raise ValueError(f"not a PEP 508 requirement: {text!r}")
    extras = tuple(e.strip() for e in (match["extras"] or "").split(",") if e.strip())
    specifier = (match["specifier"] or "").strip().strip("()").replace(" ", "")
    if specifier and not _SPECIFIER.fullmatch(specifier):
        raise ValueError(f"not a PEP 508 requirement: {text!r}")
    return _Requirement(
        text.strip(), match["name"], extras, specifier, match["url"], match["marker"]
    )


def add_dependency(
    text: str,
    kind: ManifestKind,
    requirement: str,
    *,
    group: str | None = None,
    path: str = "pyproject.toml",
) -> str:
    """Make sure the manifest declares the package of ``requirement``.

    Args:
        text: The manifest's text.
        kind: ``"pep621"``, ``"poetry"`` or ``"requirements"`` (``project.manifest.kind``).
        requirement: A PEP 508 requirement (``"redis>=5"``, ``"uvicorn[standard]>=0.30"``).
        group: A development group (``"dev"``) instead of the runtime dependencies.
            For ``"requirements"`` there is no group: pass the text of the file you
            mean (``requirements-dev.txt`` if the project has one).
        path: The manifest's path, for error messages.

    Returns:
        The new text, or ``text`` itself when the package is already declared: in
        the target list, or (for a group) among the runtime dependencies, which
        are always installed.

    Raises:
        ProjectError: A ``pyproject.toml`` that is not valid TOML.
        RecipeError: The manifest has no place for dependencies of that kind (no
            ``[project]`` table, ``dependencies`` declared ``dynamic``).
        ValueError: ``requirement`` is not a PEP 508 requirement, or ``kind`` is unknown.
    """
    wanted = _parse_requirement(requirement)
    if kind == "requirements":
        return _add_requirement_line(text, wanted)
    if kind == "pep621":
        return _edit_toml(text, path, lambda doc: _add_pep621(doc, wanted, group, path))
    if kind == "poetry":
        return _edit_toml(text, path, lambda doc: _add_poetry(doc, wanted, group, path))
    raise ValueError(f"unknown manifest kind: {kind!r}")


# --- requirements.txt -----------------------------------------------------------------


def _add_requirement_line(text: str, wanted: _Requirement) -> str:
    if wanted.key in _requirement_names(text):
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    items = [(i, _line_key(line)) for i, line in enumerate(lines) if _is_item(line)]
    if items and not any(line.rstrip().endswith("\\") for line in lines):
        # By name, as in a list (:func:`_insert_sorted`); comments stay with their lines.
        at = place([key for _, key in items], wanted.key)
        index = items[at - 1][0] + 1 if at > 0 else items[0][0]
        if index > 0 and not lines[index - 1].endswith("\n"):
            lines[index - 1] += newline
        lines.insert(index, f"{wanted.text}{newline}")
        return "".join(lines)
    # A last line without its newline must end before ours starts.
    separator = newline if text and not text.endswith("\n") else ""
    return f"{text}{separator}{wanted.text}{newline}"


def _is_item(line: str) -> bool:
    """A requirement or an option line (``-r base.txt``); not a comment or a blank."""
    content = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()
    return bool(content)


def _line_key(line: str) -> str | None:
    """A requirement line's normalised name; ``None`` for an option line, which no run crosses."""
    name = _requirement_line_name(line)
    return None if name is None else _normalize_name(name)


def _requirement_names(text: str) -> set[str]:
    """The normalised names the lines of a requirements file declare."""
    names: set[str] = set()
    for line in text.replace("\\\r\n", " ").replace("\\\n", " ").splitlines():
        name = _requirement_line_name(line)
        if name is not None:
            names.add(_normalize_name(name))
    return names


def _requirement_line_name(line: str) -> str | None:
    egg = _EGG.search(line)
    if egg is not None:
        return egg[1]
    # A comment starts at ``#`` preceded by whitespace (or the line start).
    content = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()
    if not content or content.startswith("-") or "://" in content.split("@")[0]:
        return None
    match = _REQUIREMENT.match(content)
    return None if match is None else match["name"]


def declared_dependencies(text: str, kind: ManifestKind) -> frozenset[str]:
    """The normalised names of the packages the project needs to run.

    ``[project] dependencies`` (PEP 621), ``[tool.poetry.dependencies]`` without
    ``python`` (Poetry), or the lines of a requirements file; optional extras,
    groups and ``-r`` includes are not read. ``Psycopg2_Binary`` reads as
    ``psycopg2-binary`` (PEP 503).

    Raises:
        ProjectError: A ``pyproject.toml`` is not valid TOML.
    """
    if kind == "requirements":
        return frozenset(_requirement_names(text))
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as error:
        raise ProjectError(
            f"pyproject.toml:{error.line}: this file is not valid TOML; fix it first"
        ) from None
    if kind == "poetry":
        poetry = document.get("tool", {}).get("poetry", {})
        return frozenset(_table_names(poetry.get("dependencies")))
    return frozenset(_array_names(document.get("project", {}).get("dependencies")))


# --- pyproject.toml ---------------------------------------------------------------------


def _edit_toml(text: str, path: str, edit: Callable[[TOMLDocument], bool]) -> str:
    """Parse ``text``, let ``edit`` change the document (``False``: nothing to do), dump."""
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as error:
        raise ProjectError(
            f"{path}:{error.line}: this file is not valid TOML; fix it first"
        ) from None
    if not edit(document):
        return text
    return _tidy_end(text, tomlkit.dumps(document))


def _tidy_end(before: str, after: str) -> str:
    """Use the file's newline in what tomlkit wrote, and end the file as it ended."""
    crlf = "\r\n" in before and re.search(r"(?<!\r)\n", before) is None
    if crlf:
        after = re.sub(r"(?<!\r)\n", "\r\n", after)
    newline = "\r\n" if crlf else "\n"
    # A new table is written with a blank line after it, for the table that may follow.
    while after.endswith(newline * 2) and not before.endswith(newline * 2):
        after = after[: -len(newline)]
    return after


def _add_pep621(document: TOMLDocument, wanted: _Requirement, group: str | None, path: str) -> bool:
    project = document.get("project")
    if not _is_table(project):
        raise RecipeError(f"{path}: no [project] table to declare dependencies in")
    if "dependencies" in project.get("dynamic", []):
        raise RecipeError(
            f"{path}: [project] dependencies are dynamic; add {wanted.text!r} where they come from"
        )
    if wanted.key in _array_names(project.get("dependencies")):
        return False
    if group is None:
        _add_to_array(project, "dependencies", wanted, path)
        return True
    groups = document.get("dependency-groups")
    optional = project.get("optional-dependencies")
    # An existing group wins; a new one goes where the project already keeps groups.
    for table in (groups, optional):
        if _is_table(table) and group in table:
            if wanted.key in _array_names(table[group]):
                return False
            _add_to_array(table, group, wanted, path)
            return True
    if _is_table(groups):
        _add_to_array(groups, group, wanted, path)
    elif _is_table(optional):
        _add_to_array(optional, group, wanted, path)
    else:
        project["optional-dependencies"] = _new_table({group: _new_array(wanted)})
    return True


def _is_table(value: object) -> TypeGuard[Table | OutOfOrderTableProxy]:
    """A TOML table; one split by other tables (``[project]`` ... ``[project.urls]``) too."""
    return isinstance(value, Table | OutOfOrderTableProxy)


def _add_to_array(
    table: Table | OutOfOrderTableProxy, key: str, wanted: _Requirement, path: str
) -> None:
    if key not in table:
        table[key] = _new_array(wanted)
        return
    array = table[key]
    if not isinstance(array, Array):
        raise RecipeError(f"{path}: `{key}` is not a list of requirements")
    _insert_sorted(array, wanted)


def _new_array(wanted: _Requirement) -> Array:
    array = tomlkit.array()
    array.multiline(True)
    array.append(wanted.text)
    return array


def _new_table(items: dict[str, Any]) -> Table:
    """A table holding ``items``, with a blank line after it for the table that follows."""
    table = tomlkit.table()
    for key, value in items.items():
        table.add(key, value)
    table.add(tomlkit.nl())
    return table


def _array_names(array: object) -> set[str]:
    if not isinstance(array, Array):
        return set()
    return {key for key in map(_key_of, array) if key is not None}


def _key_of(item: object) -> str | None:
    """The normalised name of a requirement the user wrote; ``None`` if it is not one."""
    match = _REQUIREMENT.match(item) if isinstance(item, str) else None
    return None if match is None else _normalize_name(match["name"])


def _insert_sorted(array: Array, wanted: _Requirement) -> None:
    """Add to ``array`` by name, in the sorted run that ends it.

    The rule is :func:`fastprod.edits._order.place`.

    A sorted list stays sorted; an unsorted one gains the requirement after its
    own, among the others added there, by name.
    """
    at = place([_key_of(item) for item in array], wanted.key)
    if at > 0 or "\n" in array.as_string():
        array.insert(at, wanted.text)
        return
    # tomlkit inserts first in a one-line list without the space after it
    # (``["b","c"]``): insert second, then swap the two values.
    array.insert(1, str(array[0]))
    array[0] = wanted.text


# --- Poetry -----------------------------------------------------------------------------


def _add_poetry(document: TOMLDocument, wanted: _Requirement, group: str | None, path: str) -> bool:
    tool = document.get("tool")
    # [tool] split by another table ([tool.poetry] ... [build-system] ... [tool.mypy])
    # reads as a proxy of its parts.
    poetry = tool.get("poetry") if _is_table(tool) else None
    if not isinstance(poetry, Table):
        raise RecipeError(f"{path}: no [tool.poetry] table to declare dependencies in")
    if wanted.key in _table_names(poetry.get("dependencies")):
        return False
    if group is None:
        _add_to_table(poetry, "dependencies", wanted, path)
        return True
    legacy = poetry.get("dev-dependencies")
    if group == "dev" and isinstance(legacy, Table) and "group" not in poetry:
        return _add_to_table(poetry, "dev-dependencies", wanted, path)
    groups = poetry.get("group")
    if not isinstance(groups, Table):
        groups = tomlkit.table(is_super_table=True)
        poetry.add("group", groups)
    section = groups.get(group)
    if not isinstance(section, Table):
        section = tomlkit.table(is_super_table=True)
        groups.add(group, section)
    return _add_to_table(section, "dependencies", wanted, path)


def _add_to_table(parent: Table, key: str, wanted: _Requirement, path: str) -> bool:
    """Declare ``wanted`` in ``parent[key]``; ``False`` when it already is."""
    constraint = _poetry_constraint(wanted)
    if key not in parent:
        parent.add(key, _new_table({wanted.name: constraint}))
        return True
    table = parent[key]
    if not isinstance(table, Table):
        raise RecipeError(f"{path}: `{key}` is not a table of dependencies")
    if wanted.key in _table_names(table):
        return False
    _insert_into_table(table, wanted.name, constraint)
    return True


def _insert_into_table(table: Table, name: str, constraint: str | InlineTable) -> None:
    """Add ``name`` to a Poetry table by name, as :func:`_insert_sorted` does to a list.

    ``python`` is not a package: it keeps its place and no run crosses it.
    """
    names = [str(key) for key in table]
    keys = [None if key == "python" else _normalize_name(key) for key in names]
    at = place(keys, _normalize_name(name))
    if at == len(names):
        table.add(name, constraint)
        return
    # tomlkit has no public insert for tables: its container keeps comments and order.
    # Right after the name before it, or before the first: tomlkit 0.15 dropped _insert_after.
    container = table.value
    if at > 0:
        container._insert_at(_body_index(container, names[at - 1]) + 1, name, constraint)
    else:
        container._insert_at(_body_index(container, names[0]), name, constraint)


def _body_index(container: Any, key: str) -> int:
    index = container._map[tomlkit.key(key)]
    return index[0] if isinstance(index, tuple) else int(index)


def _table_names(table: object) -> set[str]:
    if not isinstance(table, Table):
        return set()
    return {_normalize_name(str(key)) for key in table if key != "python"}


def _poetry_constraint(wanted: _Requirement) -> str | InlineTable:
    """``redis>=5`` is ``">=5"``; extras, markers and URLs need an inline table."""
    version = wanted.specifier or "*"
    if not (wanted.extras or wanted.marker or wanted.url):
        return version
    constraint = tomlkit.inline_table()
    if wanted.url is not None:
        source, url = (
            ("git", wanted.url[4:]) if wanted.url.startswith("git+") else ("url", wanted.url)
        )
        constraint.append(source, url)
    else:
        constraint.append("version", version)
    if wanted.extras:
        constraint.append("extras", list(wanted.extras))
    if wanted.marker:
        constraint.append("markers", wanted.marker)
    return constraint


# --- Version floors ---------------------------------------------------------------------

#: The lowest version of each package recipes add, by the lowest Python it must run on:
#: ``((python, floor), ...)`` in Python order, each floor the first release that
#: supports (ships wheels for) that Python and has the API the recipes' code uses.
FLOORS: dict[str, tuple[tuple[tuple[int, int], str], ...]] = {
    "aiosqlite": (((3, 8), "0.20"),),
    # 4.0: fail_after raises the builtin TimeoutError.
    "anyio": (((3, 8), "4.0"),),
    "alembic": (((3, 8), "1.13"),),
    "asgi-correlation-id": (((3, 8), "4.3"),),
    "asyncpg": (((3, 8), "0.29"), ((3, 13), "0.30")),
    "fakeredis": (((3, 8), "2.23"),),
    "greenlet": (((3, 8), "3.0"), ((3, 13), "3.1")),
    "gunicorn": (((3, 8), "22.0"),),
    "httpx": (((3, 8), "0.27"),),
    # OpenTelemetry: the SDK (1.x) and the instrumentation (0.xb) are released in
    # step, each pinning the same semantic conventions, so their floors are one
    # release (1.45.0 with 0.66b0). 0.66b0 is the first instrumentation that ships
    # py.typed, which mypy --strict needs; it runs on Python 3.10 and later.
    "opentelemetry-api": (((3, 10), "1.45"),),
    "opentelemetry-exporter-otlp-proto-http": (((3, 10), "1.45"),),
    "opentelemetry-instrumentation-fastapi": (((3, 10), "0.66b0"),),
    "opentelemetry-sdk": (((3, 10), "1.45"),),
    "psycopg": (((3, 8), "3.1.18"), ((3, 13), "3.2.2")),
    "pwdlib": (((3, 10), "0.2"),),
    "pydantic-settings": (((3, 8), "2.4"),),
    "pyjwt": (((3, 8), "2.9"),),
    "pytest": (((3, 8), "8.0"),),
    # 0.0.18: the first without the form-parsing denial of service (CVE-2024-53981).
    "python-multipart": (((3, 8), "0.0.18"),),
    "pytest-asyncio": (((3, 8), "0.23"),),
    "pytest-cov": (((3, 8), "5.0"),),
    "redis": (((3, 8), "5.0.1"),),
    "slowapi": (((3, 8), "0.1.9"),),
    "sqlalchemy": (((3, 8), "2.0.30"), ((3, 13), "2.0.36")),
    "sqlmodel": (((3, 8), "0.0.21"),),
    "structlog": (((3, 8), "24.1"),),
    # 4.6.1: what Pydantic 2 needs; Self is there since 4.0.
    "typing-extensions": (((3, 8), "4.6.1"),),
    "uvicorn": (((3, 8), "0.30"),),
    "websockets": (((3, 8), "12.0"), ((3, 13), "13.0")),
}


def requirement_for(
    package: str, python: tuple[int, int] | None, *, extras: tuple[str, ...] = ()
) -> str:
    """A PEP 508 requirement for ``package`` that installs on the project's Python.

    ``requirement_for("asyncpg", (3, 13))`` is ``"asyncpg>=0.30"``: the highest
    floor of :data:`FLOORS` whose Python is at most the project's lowest Python
    (``project.versions.python``; ``None`` reads as 3.11, what fastprod supports).

    Raises:
        ValueError: ``package`` has no floor yet (add it to :data:`FLOORS`), or
            it does not support so old a Python.
    """
    key = _normalize_name(package)
    if key not in FLOORS:
        raise ValueError(f"no version floor for {package!r}; add one to fastprod.manifest.FLOORS")
    wanted = python or (3, 11)
    floors = [floor for since, floor in FLOORS[key] if since <= wanted]
    if not floors:
        oldest = FLOORS[key][0][0]
        raise ValueError(f"{package} needs Python {oldest[0]}.{oldest[1]} or newer")
    extra = f"[{','.join(extras)}]" if extras else ""
    return f"{package}{extra}>={floors[-1]}"


def ensure_dependency(
    text: str,
    kind: ManifestKind,
    package: str,
    python: tuple[int, int] | None,
    *,
    extras: tuple[str, ...] = (),
    group: str | None = None,
    path: str = "pyproject.toml",
) -> str:
    """:func:`add_dependency` with the floor of :func:`requirement_for`.

    ``ensure_dependency(text, project.manifest.kind, "redis", project.versions.python)``.
    """
    requirement = requirement_for(package, python, extras=extras)
    return add_dependency(text, kind, requirement, group=group, path=path)


def ensure_dependencies(
    text: str,
    kind: ManifestKind,
    wanted: Iterable[tuple[str, tuple[str, ...]]],
    python: tuple[int, int] | None,
    *,
    path: str = "pyproject.toml",
) -> str:
    """:func:`ensure_dependency` for each ``(package, extras)`` of ``wanted``, in order."""
    for package, extras in wanted:
        text = ensure_dependency(text, kind, package, python, extras=extras, path=path)
    return text
