"""Edits to YAML files (compose files, CI workflows), round trip with ruamel.yaml.

Every helper means "make sure this is present": a key, service, job or list item
already there is left as it is and the very same text comes back. Only a file that
changes is dumped again; comments, key order, quotes, the document start marker,
the file's indentation of mappings and sequences, and CRLF newlines are kept.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from fastprod.core._errors import ProjectError, RecipeError

if TYPE_CHECKING:
    from ruamel.yaml import YAML

_SPACE = re.compile(r"\s+")
_DOCUMENT_SEPARATOR = re.compile(r"^---(?=\s|$)", re.MULTILINE)
#: Plain scalars YAML 1.1 readers (docker compose's, many CI runners') take as numbers,
#: booleans or base-60 times: ``8000:8000``, ``on``, ``1.10``. New ones are quoted.
_AMBIGUOUS = re.compile(
    r"[-+.\d:_]+|y|n|yes|no|on|off|true|false|null|~|.*:\s.*|.*\s#.*", re.IGNORECASE
)


def ensure_yaml_key(text: str, keys: Sequence[str], value: Any, *, path: str = "<yaml>") -> str:
    """Make sure the mapping reached through ``keys[:-1]`` has the key ``keys[-1]``.

    ``ensure_yaml_key(text, ("services", "redis"), {"image": "redis:7"})`` adds the
    service when the compose file has none of that name. Missing mappings on the
    way are created.

    Args:
        text: The YAML file's text (one document).
        keys: The path of keys, outermost first; at least one.
        value: Plain data (mappings, lists, strings, numbers) for a new key.
        path: The file's path, for error messages.

    Returns:
        The new text, or ``text`` itself when the key is already there, whatever
        its value.

    Raises:
        ProjectError: ``text`` is not valid YAML.
        RecipeError: Something on the way is not a mapping.
    """
    if not keys:
        raise ValueError("ensure_yaml_key needs at least one key")

    def edit(document: Any) -> bool:
        parent = _mapping_at(document, keys[:-1], path)
        if keys[-1] in parent:
            return False
        parent[keys[-1]] = _quoted(value)
        return True

    return _edit(text, path, edit)


def ensure_yaml_item(
    text: str,
    keys: Sequence[str],
    item: Any,
    *,
    identity: str | None = None,
    path: str = "<yaml>",
) -> str:
    """Make sure the list at ``keys`` holds ``item`` (the list is created when missing).

    Present means an equal item, or, with ``identity`` (``"name"``, ``"uses"``), a
    mapping item with the same value under that key: a CI step named ``Lint`` is
    that step, whatever it runs.

    Args:
        text: The YAML file's text (one document).
        keys: The path of keys to the list, outermost first.
        item: Plain data for the new last item.
        identity: The key that names a mapping item, if items are compared by name.
        path: The file's path, for error messages.

    Returns:
        The new text, or ``text`` itself when the item is there.

    Raises:
        ProjectError: ``text`` is not valid YAML.
        RecipeError: Something on the way is not a mapping, or the target is not a list.
    """

    def edit(document: Any) -> bool:
        parent = _mapping_at(document, keys[:-1], path)
        if keys[-1] not in parent or parent[keys[-1]] is None:
            parent[keys[-1]] = [_quoted(item)]
            return True
        items = parent[keys[-1]]
        if not isinstance(items, list):
            raise RecipeError(f"{path}: `{'.'.join(keys)}` is not a list")
        if any(_same_item(existing, item, identity) for existing in items):
            return False
        items.append(_quoted(item))
        return True

    return _edit(text, path, edit)


def upgrade_yaml_value(
    text: str,
    keys: Sequence[str],
    earlier: Sequence[Any],
    value: Any,
    *,
    path: str = "<yaml>",
) -> str:
    """Replace the value at ``keys`` with ``value`` when it is one of ``earlier``.

    What fastprod wrote before the project changed (a compose service, a CI job
    written when the project had no Redis) is brought in step; a value the user
    edited since, or wrote, is equal to none of them and stays as it is. The key
    keeps its place.

    Args:
        text: The YAML file's text (one document).
        keys: The path of keys to the value, outermost first; at least one.
        earlier: Plain data: what fastprod would have written before.
        value: Plain data: what it writes now.
        path: The file's path, for error messages.

    Returns:
        The new text, or ``text`` itself when the value is missing, already
        ``value``, or none of ``earlier``.
    """
    if not keys:
        raise ValueError("upgrade_yaml_value needs at least one key")

    def edit(document: Any) -> bool:
        parent = _mapping_at(document, keys[:-1], path)
        current = parent.get(keys[-1])
        if current is None or current == value or not any(current == e for e in earlier):
            return False
        parent[keys[-1]] = _quoted(value)
        return True

    return _edit(text, path, edit)


def ensure_compose_service(
    text: str, name: str, service: Mapping[str, Any], *, path: str = "compose.yaml"
) -> str:
    """Make sure a compose file declares the service ``name`` (else add ``service``)."""
    return ensure_yaml_key(text, ("services", name), dict(service), path=path)


def ensure_workflow_job(
    text: str, name: str, job: Mapping[str, Any], *, path: str = ".github/workflows/ci.yml"
) -> str:
    """Make sure a GitHub Actions workflow has the job ``name`` (else add ``job``)."""
    return ensure_yaml_key(text, ("jobs", name), dict(job), path=path)


def _quoted(value: Any) -> Any:
    """``value`` with every string a YAML 1.1 reader could misread double-quoted."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, Mapping):
        return {key: _quoted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_quoted(item) for item in value]
    if isinstance(value, str) and _AMBIGUOUS.fullmatch(value):
        return DoubleQuotedScalarString(value)
    return value


def _same_item(existing: Any, item: Any, identity: str | None) -> bool:
    if identity is not None and isinstance(existing, Mapping) and isinstance(item, Mapping):
        return identity in item and existing.get(identity) == item[identity]
    return bool(existing == item)


def _mapping_at(document: Any, keys: Sequence[str], path: str) -> Any:
    """The mapping reached through ``keys``, creating empty ones that are missing."""
    from ruamel.yaml.comments import CommentedMap

    node = document
    for depth, key in enumerate(keys):
        if not isinstance(node, dict):
            raise RecipeError(
                f"{path}: `{'.'.join(keys[:depth]) or 'the document'}` is not a mapping"
            )
        if node.get(key) is None:
            node[key] = CommentedMap()
        node = node[key]
    if not isinstance(node, dict):
        raise RecipeError(f"{path}: `{'.'.join(keys) or 'the document'}` is not a mapping")
    return node


def _edit(text: str, path: str, edit: Callable[[Any], bool]) -> str:
    """Load ``text`` round trip, let ``edit`` change it (``False``: nothing to do), dump."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    crlf = "\r\n" in text
    plain = text.replace("\r\n", "\n")
    yaml = _round_trip(plain)
    if len(_DOCUMENT_SEPARATOR.findall(plain.strip())) > int(plain.lstrip().startswith("---")):
        raise RecipeError(f"{path}: the file holds several YAML documents; edit it by hand")
    try:
        document = yaml.load(plain)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = "" if mark is None else f":{mark.line + 1}"
        raise ProjectError(f"{path}{line}: this file is not valid YAML; fix it first") from None
    if document is None:
        document = CommentedMap()
    if not edit(document):
        return text
    out = io.StringIO()
    yaml.dump(document, out)
    dumped = out.getvalue()
    result = _keep_user_lines(plain, dumped)
    if yaml.load(result) != yaml.load(dumped):
        # The user's spelling put back must mean what was dumped; else the dump stands.
        result = dumped
    return result.replace("\n", "\r\n") if crlf else result


def _round_trip(text: str) -> YAML:
    """A round-trip loader and dumper set up in the file's own indentation."""
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    # Never fold a long line the user wrote on one line.
    yaml.width = 4096
    yaml.explicit_start = text.lstrip().startswith("---")
    from ruamel.yaml.error import YAMLError

    try:
        _, indent, offset = load_yaml_guess_indent(text)
    except YAMLError:
        # The load that follows reports the error with its line.
        return yaml
    if offset is None:
        # No block sequence yet: indent new ones as compose and workflow files usually do.
        mapping = indent or 2
        yaml.indent(mapping=mapping, sequence=2 * mapping, offset=mapping)
        return yaml
    mapping = indent - offset if indent - offset > 0 else indent
    yaml.indent(mapping=mapping or 2, sequence=indent or 2, offset=offset)
    return yaml


def _keep_user_lines(before: str, after: str) -> str:
    """Put back the user's own spelling of lines the dump re-spaced (``{ a: 1 }``)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    result: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and _SPACE.sub("", "".join(old[i1:i2])) == _SPACE.sub(
            "", "".join(new[j1:j2])
        ):
            # A scalar or flow list the user spread over lines, dumped on one: theirs stays.
            result += old[i1:i2]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            result += [
                o if _SPACE.sub("", o) == _SPACE.sub("", n) else n
                for o, n in zip(old[i1:i2], new[j1:j2], strict=True)
            ]
        elif tag == "insert":
            # ruamel hangs comments between entries on the entry before: a new entry
            # would land under a comment that introduces the next, outer one.
            heading = _outer_comment_run(result, _indent(new[j1]))
            result[len(result) - len(heading) :] = [*new[j1:j2], *heading]
        else:
            result += new[j1:j2]
    return "".join(result)


def _outer_comment_run(lines: list[str], indent: int) -> list[str]:
    """The blank and comment lines ending ``lines`` whose comments sit left of ``indent``."""
    count = 0
    for line in reversed(lines):
        stripped = line.strip()
        if stripped and not (stripped.startswith("#") and _indent(line) < indent):
            break
        count += 1
    run = lines[len(lines) - count :] if count else []
    # Blank lines alone stay where they are; only a comment makes the run a heading.
    return run if any(line.strip() for line in run) else []


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
