"""Settings with validation on the project's ``BaseSettings``, and ``.env.example`` in step."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import libcst as cst

from fastprod.edits._common import DEFAULT_PATH, edit_tree, keeps_bom
from fastprod.edits._imports import import_into
from fastprod.edits._settings import settings_field_into

#: pydantic names a settings annotation may use; the helper imports the ones it writes.
_PYDANTIC_TYPES = frozenset(
    {
        "AnyHttpUrl",
        "AnyUrl",
        "HttpUrl",
        "PostgresDsn",
        "RedisDsn",
        "SecretStr",
        "SecretBytes",
        "PositiveInt",
        "NonNegativeInt",
        "PositiveFloat",
        "NonNegativeFloat",
    }
)
_WORD = re.compile(r"[A-Za-z_]\w*")
_ENV_NAME = re.compile(r"^\s*(?:#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")


@dataclass(frozen=True, slots=True)
class Setting:
    """One settings field, described as data.

    Attributes:
        name: The field name (``redis_url``).
        annotation: Python source of the type (``"str"``, ``"SecretStr"``, ``"int"``).
        default: Python source of the default; ``None`` for a required field.
        constraints: ``Field(...)`` keywords as Python source (``{"ge": "1"}``).
        description: A plain-text description, written as ``Field(description=...)``.
        group: The title of the group of settings the field belongs to (``"Cache"``):
            see :func:`fastprod.edit.add_settings_field`. A field several recipes
            add has one group whoever adds it (``redis_url`` is ``"Redis"``).
    """

    name: str
    annotation: str
    default: str | None = None
    constraints: Mapping[str, str] | None = None
    description: str | None = None
    group: str | None = None

    def value(self) -> str | None:
        """The Python source after ``=``: the default, or a ``Field(...)`` call."""
        keywords = dict(self.constraints or {})
        if self.description is not None:
            keywords["description"] = repr(self.description)
        if not keywords:
            return self.default
        arguments = [] if self.default is None else [f"default={self.default}"]
        arguments += [f"{key}={value}" for key, value in keywords.items()]
        return f"Field({', '.join(arguments)})"

    def imports(self) -> list[str]:
        """The pydantic names the field's code uses, sorted."""
        names = {word for word in _WORD.findall(self.annotation) if word in _PYDANTIC_TYPES}
        if self.value() is not None and str(self.value()).startswith("Field("):
            names.add("Field")
        return sorted(names)


@keeps_bom
def ensure_setting(
    source: str, class_name: str, setting: Setting, *, path: str = DEFAULT_PATH
) -> str:
    """Make sure the settings class declares ``setting``, validation and imports included.

    ``ensure_setting(text, "Settings", Setting("redis_url", "SecretStr"))`` adds the
    required field ``redis_url: SecretStr`` and ``from pydantic import SecretStr``;
    ``Setting("pool_size", "int", "5", {"ge": "1", "le": "100"})`` adds
    ``pool_size: int = Field(default=5, ge=1, le=100)`` and imports ``Field``.
    Placement and style are :func:`add_settings_field`'s.

    Args:
        source: The text of the module defining the class.
        class_name: The ``BaseSettings`` subclass (``project.settings.class_name``).
        setting: The field.
        path: The file's path, for error messages.

    Returns:
        The new text, or ``source`` itself when the class already declares the
        field (whatever its type, default and validation).

    Raises:
        ProjectError: ``source`` is not valid Python.
        RecipeError: No module-level class ``class_name``.
        ValueError: The setting's code is not valid Python.
    """
    return edit_tree(source, path, lambda tree: setting_into(tree, class_name, setting, path))


def setting_into(
    tree: cst.Module, class_name: str, setting: Setting, path: str = DEFAULT_PATH
) -> cst.Module:
    """:func:`ensure_setting` on a parsed module; ``tree`` itself when present."""
    new = settings_field_into(
        tree,
        class_name,
        setting.name,
        setting.annotation,
        setting.value(),
        path,
        group=setting.group,
    )
    if new is tree:
        return tree
    for name in setting.imports():
        new = import_into(new, "pydantic", name)
    return new


def settings_env_prefix(source: str, class_name: str) -> str:
    """The ``env_prefix`` of the settings class (``SettingsConfigDict`` or ``class Config``).

    ``""`` when the class sets none or the module does not parse; a field
    ``redis_url`` is then read from ``{prefix}REDIS_URL``.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return _prefix_in(node)
    return ""


def _prefix_in(cls: ast.ClassDef) -> str:
    for node in ast.walk(cls):
        # ``model_config = SettingsConfigDict(env_prefix="X_")`` or ``env_prefix = "X_"``.
        if isinstance(node, ast.keyword) and node.arg == "env_prefix":
            return _string(node.value)
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "env_prefix" for t in node.targets
        ):
            return _string(node.value)
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "env_prefix":
                    return _string(value)
    return ""


def _string(node: ast.expr) -> str:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


#: Where the app runs: every recipe that behaves by environment reads this one
#: field (auth: a JWT secret required outside development and test; logging:
#: console lines in development, JSON elsewhere). Deployed unless told.
ENVIRONMENT_SETTING = Setting("environment", "str", '"production"', group="Environment")


def environment_env_line(prefix: str = "") -> EnvLine:
    """The ``.env.example`` line of :data:`ENVIRONMENT_SETTING`.

    One line, the same whichever recipe writes it first, so that recipes run in
    any order document the environment alike; what each recipe does by it is
    said at its own variables (``JWT_SECRET``, ``LOG_JSON``).
    """
    return EnvLine(
        f"{prefix}ENVIRONMENT", "development", "development, test or production (unset: production)"
    )


@dataclass(frozen=True, slots=True)
class EnvLine:
    """One variable of a ``.env.example``, with what is written about it.

    Attributes:
        name: The variable (``JWT_SECRET``).
        value: Its example value.
        comment: A comment after it, on its line.
        above: Comment lines written just above it, each starting with ``#``.
        commented: Written commented out (``# JWT_SECRET=``): a value copied
            into ``.env`` as it is would be refused.
    """

    name: str
    value: str
    comment: str | None = None
    above: tuple[str, ...] = ()
    commented: bool = False


def ensure_env_lines(
    text: str | None, entries: Sequence[tuple[str, str, str | None] | EnvLine]
) -> str:
    """Make sure a ``.env.example`` names each variable, in the file's own style.

    Each entry ``(NAME, value, comment)`` missing from the file is written as
    ``NAME=value  # comment`` (or ``NAME=value``) right after the last variable
    whose name sorts before it (before the first variable when none does), so
    that recipes adding variables in any order leave the same file; an
    :class:`EnvLine` brings its comment lines above it. A variable
    counts as present when a line assigns it, ``export NAME=`` or commented out
    (``# NAME=...``) alike: the user chose how to document it. Everything already
    in the file, comments and blank lines included, stays as it is; CRLF stays CRLF.

    Args:
        text: The file's text, or ``None`` when it does not exist yet.
        entries: ``(name, value, comment)`` triples or :class:`EnvLine` values.

    Returns:
        The new text, or ``text`` itself when every variable is named.
    """
    current = text or ""
    present = {m[1] for line in current.splitlines() if (m := _ENV_NAME.match(line))}
    wanted = [entry if isinstance(entry, EnvLine) else EnvLine(*entry) for entry in entries]
    missing = [entry for entry in wanted if entry.name not in present]
    if not missing and text is not None:
        return text
    newline = "\r\n" if "\r\n" in current else "\n"
    lines = current.splitlines()
    for entry in _unique(missing):
        at = _env_position(lines, entry.name)
        lines[at:at] = [*_above(entry), _env_line(entry)]
    return "".join(line + newline for line in lines)


def _env_position(lines: list[str], name: str) -> int:
    # Sorted insertion among the variables: the result does not depend on the
    # order in which variables (and recipes) arrive.
    names = [(i, m[1]) for i, line in enumerate(lines) if (m := _ENV_NAME.match(line))]
    if not names:
        return len(lines)
    before = [i for i, other in names if other <= name]
    return before[-1] + 1 if before else names[0][0]


def _unique(entries: Sequence[EnvLine]) -> list[EnvLine]:
    seen: set[str] = set()
    result = []
    for entry in entries:
        if entry.name not in seen:
            seen.add(entry.name)
            result.append(entry)
    return result


def _above(entry: EnvLine) -> list[str]:
    for line in entry.above:
        if not line.startswith("#") or "\n" in line or "\r" in line:
            raise ValueError(f"{entry.name}: a line above it is one comment line: {line!r}")
    return list(entry.above)


def _env_line(entry: EnvLine) -> str:
    name, value, comment = entry.name, entry.value, entry.comment
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"not an environment variable name: {name!r}")
    if "\n" in value or "\r" in value:
        raise ValueError(f"{name}: an example value is one line")
    line = f"{name}={value}" if comment is None else f"{name}={value}  # {comment}"
    return f"# {line}" if entry.commented else line
