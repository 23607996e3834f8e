"""Alembic: where the migrations are, their heads, a new migration, a model registered.

Everything is read by static analysis (``ast``, ``configparser``): Alembic is never
imported or run, so planning works without the project's database or packages.
"""

from __future__ import annotations

import ast
import configparser
import hashlib
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

import libcst as cst

from fastprod.core._changes import FileChange
from fastprod.core._errors import ProjectError, RecipeError
from fastprod.edits._common import DEFAULT_PATH, edit_tree, keeps_bom
from fastprod.edits._imports import import_into
from fastprod.project._project import Project

_SLUG = re.compile(r"[^a-z0-9]+")
_DEFAULT_IMPORTS = ("import sqlalchemy as sa", "from alembic import op")


_ROOT = PurePosixPath(".")


@dataclass(frozen=True, slots=True)
class Alembic:
    """Where a project keeps its migrations.

    Attributes:
        env: ``env.py``, relative to the project root.
        versions: The folder of revision files.
        heads: The revisions no other revision builds on (one, normally).
        ini: ``alembic.ini`` (``src/alembic.ini``), or ``None`` for scripts found
            without one.
        run_in: The folder ``alembic`` runs in: that of an ``alembic.ini`` whose
            ``script_location`` is relative to it, else the root.
    """

    env: PurePosixPath
    versions: PurePosixPath
    heads: tuple[str, ...]
    ini: PurePosixPath | None = None
    run_in: PurePosixPath = _ROOT

    @property
    def upgrade(self) -> str:
        """``alembic upgrade head`` as the project runs it, from its root.

        ``(cd src && alembic upgrade head)`` where the ini's ``script_location``
        is relative to its folder; ``alembic -c src/alembic.ini upgrade head``
        where it is not at the root but names its scripts from there.
        """
        if self.ini is None or self.ini == PurePosixPath("alembic.ini"):
            return "alembic upgrade head"
        if self.run_in != _ROOT:
            return f"(cd {shlex.quote(str(self.run_in))} && alembic upgrade head)"
        return f"alembic -c {shlex.quote(str(self.ini))} upgrade head"


def find_alembic(project: Project) -> Alembic | None:
    """Where the project keeps Alembic: its ``alembic.ini``, scripts and heads.

    ``alembic.ini`` at the root first; else one in any folder (``src/alembic.ini``,
    ``backend/alembic.ini``) whose ``script_location`` names a folder with an
    ``env.py``: relative to that ini's folder (where alembic then runs),
    ``%(here)s/...``, or relative to the root; else
    ``migrations/`` or ``alembic/`` at the root without an ini.

    Returns ``None`` when the project has no Alembic set-up.

    Raises:
        ProjectError: A revision file does not parse.
    """
    found = _located(project)
    if found is None:
        return None
    scripts, ini, run_in = found
    versions = scripts / "versions"
    files = {
        path: text
        for path in project.python_files
        if path.parent == versions and (text := project.read_text(path)) is not None
    }
    return Alembic(scripts / "env.py", versions, heads(files), ini, run_in)


def _located(
    project: Project,
) -> tuple[PurePosixPath, PurePosixPath | None, PurePosixPath] | None:
    """The scripts' folder, the ``alembic.ini`` naming it and the folder alembic runs in."""
    ini = PurePosixPath("alembic.ini")
    place = _script_location(project.read_text(ini))
    if place is not None:
        # ``%(here)s`` is the folder of alembic.ini: the project root here.
        cleaned = place.replace("%(here)s/", "").replace("%(here)s", ".").strip()
        if project.exists(PurePosixPath(cleaned) / "env.py"):
            return PurePosixPath(cleaned), ini, _ROOT
    nested = _nested_ini(project)
    if nested is not None:
        return nested
    for candidate in ("migrations", "alembic"):
        if project.exists(f"{candidate}/env.py"):
            return PurePosixPath(candidate), ini if project.exists(ini) else None, _ROOT
    return None


def _nested_ini(
    project: Project,
) -> tuple[PurePosixPath, PurePosixPath, PurePosixPath] | None:
    """An ``alembic.ini`` in a folder, found from the scripts it names.

    Each folder with an ``env.py`` looks for the ini in its own folder and those
    above it; only an ini whose ``script_location`` names that folder counts.
    """
    for scripts in [path.parent for path in project.python_files if path.name == "env.py"]:
        for folder in scripts.parents:
            ini = folder / "alembic.ini"
            place = _script_location(project.read_text(ini))
            if place is None:
                continue
            here = place.replace("%(here)s", str(folder))
            if PurePosixPath(here) == scripts and "%(here)s" in place:
                return scripts, ini, _ROOT
            if folder / place == scripts:
                return scripts, ini, folder
            if PurePosixPath(place) == scripts:
                return scripts, ini, _ROOT
    return None


def _script_location(text: str | None) -> str | None:
    """The ``script_location`` of an ``alembic.ini``'s text, without a trailing slash."""
    if text is None:
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
        raw = parser.get("alembic", "script_location", fallback="")
    except configparser.Error:
        return None
    return raw.strip().rstrip("/") or None


def heads(files: Mapping[PurePosixPath, str]) -> tuple[str, ...]:
    """The head revisions among revision files (path to text), sorted.

    Each file's module-level ``revision`` and ``down_revision`` assignments are
    read; a head is a revision no other file names as its ``down_revision``.

    Raises:
        ProjectError: A revision file is not valid Python.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path, text in sorted(files.items()):
        revision, down = _revision_of(path, text)
        if revision is not None:
            revisions.add(revision)
            parents.update(down)
    return tuple(sorted(revisions - parents))


def _revision_of(path: PurePosixPath, text: str) -> tuple[str | None, tuple[str, ...]]:
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        raise ProjectError(f"{path}:{error.lineno}: this migration is not valid Python") from None
    values: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            values[target.id] = value
    revision = values.get("revision")
    if not (isinstance(revision, ast.Constant) and isinstance(revision.value, str)):
        return None, ()
    return revision.value, _strings(values.get("down_revision"))


def _strings(node: ast.expr | None) -> tuple[str, ...]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(s for element in node.elts for s in _strings(element))
    return ()


@dataclass(frozen=True, slots=True)
class Migration:
    """A migration a recipe wants.

    Attributes:
        message: One line saying what it does (``"create the orders table"``).
        upgrade: The body of ``upgrade()``, unindented Python source.
        downgrade: The body of ``downgrade()``, unindented Python source.
        imports: Import lines the bodies need.
    """

    message: str
    upgrade: str
    downgrade: str
    imports: Sequence[str] = _DEFAULT_IMPORTS

    @property
    def revision(self) -> str:
        """The revision id: a hash of what the migration does (never of its parent).

        The same migration planned again, on a project where it was applied and
        is now the head, gets the same id and is recognised as present.
        """
        content = "\0".join([self.message, self.upgrade, self.downgrade, *self.imports])
        return hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]

    @property
    def filename(self) -> str:
        """``<revision>_<slug>.py``, Alembic's default file name."""
        slug = _SLUG.sub("_", self.message.lower()).strip("_")[:40].rstrip("_")
        return f"{self.revision}_{slug}.py"


def plan_migration(project: Project, migration: Migration, *, newline: str = "\n") -> FileChange:
    """The new revision file for ``migration``, chained to the current head.

    Returns a no-op change when a revision file already has that revision id.

    Raises:
        RecipeError: The project has no Alembic set-up, or several heads (it
            must merge them before a new revision can name its parent).
    """
    alembic = find_alembic(project)
    if alembic is None:
        raise RecipeError("no Alembic set-up found (alembic.ini, migrations/env.py)")
    existing = _file_with_revision(project, alembic.versions, migration.revision)
    if existing is not None:
        text = project.read_text(existing) or ""
        return FileChange(existing, text, text)
    if len(alembic.heads) > 1:
        listed = ", ".join(alembic.heads)
        raise RecipeError(
            f"the migrations in {alembic.versions} have several heads ({listed}); "
            "merge them first (`alembic merge heads`), then run this again"
        )
    down = alembic.heads[0] if alembic.heads else None
    path = alembic.versions / migration.filename
    return FileChange(path, None, migration_text(migration, down, newline=newline))


def _file_with_revision(
    project: Project, versions: PurePosixPath, revision: str
) -> PurePosixPath | None:
    for path in project.python_files:
        text = project.read_text(path) if path.parent == versions else None
        if text is not None and _revision_of(path, text)[0] == revision:
            return path
    return None


def migration_text(migration: Migration, down_revision: str | None, *, newline: str = "\n") -> str:
    """The text of a revision file in the layout ``new_project`` uses."""
    down = "None" if down_revision is None else f'"{down_revision}"'
    plain = sorted(line for line in migration.imports if line.startswith("import "))
    froms = sorted(line for line in migration.imports if line.startswith("from "))
    lines = [
        f'"""{_capitalised(migration.message)}.',
        "",
        f"Revision ID: {migration.revision}",
        f"Revises: {down_revision or ''}".rstrip(),
        '"""',
        "",
        "from collections.abc import Sequence",
        "",
        *plain,
        *froms,
        "",
        f'revision: str = "{migration.revision}"',
        f"down_revision: str | Sequence[str] | None = {down}",
        "branch_labels: str | Sequence[str] | None = None",
        "depends_on: str | Sequence[str] | None = None",
        "",
        "",
        "def upgrade() -> None:",
        *_body(migration.upgrade),
        "",
        "",
        "def downgrade() -> None:",
        *_body(migration.downgrade),
    ]
    if not plain and not froms:
        del lines[8]
    return newline.join(lines) + newline


def _capitalised(message: str) -> str:
    text = message.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def _body(code: str) -> list[str]:
    stripped = code.strip("\n")
    if not stripped.strip():
        return ["    pass"]
    try:
        ast.parse(stripped)
    except SyntaxError as error:
        raise ValueError(f"not valid Python for a migration body: {error.msg}") from None
    return [f"    {line}" if line.strip() else "" for line in stripped.splitlines()]


@keeps_bom
def ensure_model_import(source: str, module: str, *, path: str = DEFAULT_PATH) -> str:
    """Make sure ``env.py`` (or a models package's ``__init__``) imports a model module.

    A model module registers its tables on the metadata when it is imported, so
    autogenerate sees them only if ``env.py`` imports it. ``import module  # noqa:
    F401`` joins the imports (the comment says the import is there for its effect).

    Args:
        source: The text of ``env.py`` or of the models package's ``__init__.py``.
        module: The model module's dotted name (``app.features.orders.models``).
        path: The file's path, for error messages.

    Returns:
        The new text, or ``source`` itself when ``module`` is already imported.
    """
    return edit_tree(source, path, lambda tree: model_import_into(tree, module))


def model_import_into(tree: cst.Module, module: str) -> cst.Module:
    """:func:`ensure_model_import` on a parsed module; ``tree`` itself when present."""
    if _imports_module(tree, module):
        return tree
    # The model module is the project's own: its top package is first party.
    new = import_into(tree, module, first_party=(module.split(".")[0],))
    return _noqa_on_last(new.with_changes(body=[_with_noqa(line, module) for line in new.body]))


_NOQA = "# noqa: F401"


def _noqa_on_last(tree: cst.Module) -> cst.Module:
    """Keep ``# noqa: F401`` on the last ``import top.x.models`` of each top package only.

    ``import app.a.models`` binds ``app``, and a later ``import app.b.models``
    rebinds it: linters take the earlier import as used and flag its ``noqa``
    as unused (ruff's RUF100); only the last one is unused.
    """
    last: dict[str, int] = {}
    for index, line in enumerate(tree.body):
        top = _submodule_import_top(line)
        if top is not None:
            last[top] = index
    body = list(tree.body)
    for index, line in enumerate(body):
        top = _submodule_import_top(line)
        if top is None or not isinstance(line, cst.SimpleStatementLine):
            continue
        comment = line.trailing_whitespace.comment
        if last[top] != index and comment is not None and comment.value == _NOQA:
            body[index] = line.with_changes(trailing_whitespace=cst.TrailingWhitespace())
        elif last[top] == index and comment is None and _noqa_on_any(tree, top):
            trailing = cst.TrailingWhitespace(
                whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(_NOQA)
            )
            body[index] = line.with_changes(trailing_whitespace=trailing)
    return tree.with_changes(body=body)


def _noqa_on_any(tree: cst.Module, top: str) -> bool:
    return any(
        _submodule_import_top(line) == top
        and isinstance(line, cst.SimpleStatementLine)
        and line.trailing_whitespace.comment is not None
        and line.trailing_whitespace.comment.value == _NOQA
        for line in tree.body
    )


def _submodule_import_top(line: cst.BaseStatement) -> str | None:
    """``app`` for the line ``import app.x.models``; ``None`` for any other line."""
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
        return None
    small = line.body[0]
    if not isinstance(small, cst.Import) or len(small.names) != 1:
        return None
    alias = small.names[0]
    name = cst.Module([]).code_for_node(alias.name)
    if alias.asname is not None or "." not in name:
        return None
    return name.split(".")[0]


def _imports_module(tree: cst.Module, module: str) -> bool:
    """``import module`` or ``from parent import leaf`` anywhere at module level."""
    parent, _, leaf = module.rpartition(".")
    code = tree.code
    try:
        parsed = ast.parse(code)
    except SyntaxError:
        return False
    for node in parsed.body:
        if isinstance(node, ast.Import) and any(alias.name == module for alias in node.names):
            return True
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module == module or (node.module == parent and leaf in _names(node)))
        ):
            return True
    return False


def _names(node: ast.ImportFrom) -> set[str]:
    return {alias.name for alias in node.names}


def _with_noqa(line: cst.BaseStatement, module: str) -> cst.BaseStatement:
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
        return line
    small = line.body[0]
    if not isinstance(small, cst.Import | cst.ImportFrom) or line.trailing_whitespace.comment:
        return line
    names = small.names
    if isinstance(names, cst.ImportStar):
        return line
    if isinstance(small, cst.ImportFrom) and (small.module is not None or not small.relative):
        return line
    if [cst.Module([]).code_for_node(alias.name) for alias in names] != [module]:
        return line
    trailing = cst.TrailingWhitespace(
        whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment("# noqa: F401")
    )
    return line.with_changes(trailing_whitespace=trailing)


def model_registration(project: Project, module: str) -> FileChange:
    """Register a model module with autogenerate where the project's ``env.py`` looks.

    When ``env.py`` takes its metadata from a models package (``from app.models
    import Base``) whose ``__init__.py`` already imports model modules, the
    import goes there, beside them; otherwise into ``env.py``.

    Raises:
        RecipeError: The project has no Alembic set-up.
    """
    alembic = find_alembic(project)
    if alembic is None:
        raise RecipeError("no Alembic set-up found (alembic.ini, migrations/env.py)")
    env = project.read_text(alembic.env) or ""
    package = _models_package_init(project, env)
    target = alembic.env if package is None else package[0]
    text = project.read_text(target) or ""
    leaf = None if package is None else _child_of(module, package[1])
    if leaf is not None and re.search(r"^from \.", text, re.M):
        # The package imports its own modules relatively: ``from . import orders``.
        after = edit_tree(text, str(target), lambda tree: _relative_import_into(tree, leaf))
        return FileChange(target, text, after)
    return FileChange(target, text, ensure_model_import(text, module, path=str(target)))


def _child_of(module: str, package: str) -> str | None:
    """``orders`` for ``app.models.orders`` in ``app.models``; ``None`` if not a direct child."""
    prefix, _, leaf = module.rpartition(".")
    return leaf if prefix == package else None


def _relative_import_into(tree: cst.Module, leaf: str) -> cst.Module:
    new = import_into(tree, "", leaf, relative=1)
    if new is tree:
        return tree
    return new.with_changes(body=[_with_noqa(line, leaf) for line in new.body])


def _models_package_init(project: Project, env: str) -> tuple[PurePosixPath, str] | None:
    """The ``__init__.py`` (and dotted name) of the models package ``env.py`` imports.

    Only a package whose ``__init__`` already imports modules of its own counts.
    """
    try:
        tree = ast.parse(env)
    except SyntaxError:
        return None
    for node in tree.body:
        if not (isinstance(node, ast.ImportFrom) and node.module and node.level == 0):
            continue
        if node.module.rsplit(".", 1)[-1] != "models":
            continue
        for root in (PurePosixPath("."), PurePosixPath("src")):
            init = root / PurePosixPath(*node.module.split(".")) / "__init__.py"
            text = project.read_text(init)
            if text is not None and re.search(r"^from \. import|^from \.\w+ import", text, re.M):
                return init, node.module
    return None
