"""The ``--json`` contract: every output carries ``schema_version`` and validates
against the schema shipped in the package (``fastprod --json-schema``), run on
real outputs of every runnable recipe, each kind checked against its own part."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import cli, copy_fixture, git

from fastprod.core._registry import RECIPES, SPECS
from fastprod.core._resources import output_schema
from fastprod.face._output import SCHEMA_VERSION

SCHEMA = output_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _validate(data: dict[str, Any], kind: str) -> None:
    """Valid against the whole schema, and against the part describing ``kind``."""
    VALIDATOR.validate(data)
    part = {key: value for key, value in SCHEMA.items() if key != "anyOf"}
    part["$ref"] = f"#/$defs/{kind}"
    jsonschema.Draft202012Validator(part).validate(data)


def _kind(data: dict[str, Any]) -> str:
    if data["status"] == "error":
        return "refusal"
    if "health" in data:
        return "audit"
    if "security" in data:
        return "security_review"
    return {"apply": "apply", "dry_run": "plan", "explain": "plan"}.get(data["mode"], data["mode"])


def test_the_schema_is_a_valid_draft_2020_12_schema_of_this_version() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["x-schema-version"] == SCHEMA_VERSION
    assert SCHEMA["$id"].endswith(f"/{SCHEMA_VERSION}")
    kinds = {"apply", "plan", "check", "audit", "security_review", "undo", "refusal"}
    assert kinds <= set(SCHEMA["$defs"])
    assert all(SCHEMA["$defs"][k]["description"] for k in kinds)


def test_json_schema_option_prints_the_shipped_schema() -> None:
    run = cli("--json-schema")
    assert run.exit_code == 0
    assert json.loads(run.stdout) == SCHEMA


def test_the_schema_ships_in_the_wheel_tree() -> None:
    import fastprod

    assert (Path(fastprod.__file__).parent / "output.schema.json").is_file()


@pytest.mark.parametrize("name", [n for n in SPECS if n in RECIPES])
def test_every_runnable_recipe_validates_on_a_fixture(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each runnable intent's examples, dry-run on two layouts: success or refusal, all valid.

    Run from inside the project, as a shell user would: no output holds an absolute path.
    """
    seen = set()
    for fixture in ("single_file", "bigger_app"):
        project = copy_fixture(fixture, tmp_path / name)
        monkeypatch.chdir(project)
        for sentence in SPECS[name].examples:
            run = cli(sentence, "--dry-run", "--json")
            data = run.json()
            assert data["schema_version"] == SCHEMA_VERSION
            _validate(data, _kind(data))
            seen.add(_kind(data))
            assert str(tmp_path) not in run.stdout, "an absolute path in the output"
    assert seen


def test_apply_check_explain_and_undo_outputs_validate(tmp_path: Path) -> None:
    project = copy_fixture("single_file", tmp_path)
    sentence = "set up error handling"
    outputs = [
        cli(sentence, "--path", str(project), "--explain", "--json").json(),
        cli(sentence, "--path", str(project), "--check", "--json").json(),
        cli(sentence, "--path", str(project), "--commit", "--json").json(),
        cli(sentence, "--path", str(project), "--json").json(),
        cli(sentence, "--path", str(project), "--check", "--json").json(),
        cli("undo the last change", "--path", str(project), "--json").json(),
        cli("undo the last change", "--path", str(project), "--json").json(),
    ]
    kinds = [_kind(d) for d in outputs]
    assert kinds == ["plan", "check", "apply", "apply", "check", "undo", "refusal"]
    for data, kind in zip(outputs, kinds, strict=True):
        _validate(data, kind)
    assert [d["status"] for d in outputs[:5]] == [
        "planned",
        "planned",
        "applied",
        "unchanged",
        "unchanged",
    ]


def test_new_project_and_features_on_it_validate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    created = cli("set up a new FastAPI project called shop", "--json")
    _validate(created.json(), "apply")
    assert str(tmp_path) not in created.stdout
    monkeypatch.chdir(tmp_path / "shop" / "src")
    for name in RECIPES:
        if name == "new_project":
            continue
        run = cli(SPECS[name].example, "--dry-run", "--json")
        _validate(run.json(), _kind(run.json()))
        assert str(tmp_path) not in run.stdout, "an absolute path in the output"


def test_refusals_validate_with_their_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fastprod.core._registry as registry

    # An intent understood but with no recipe, as each was before its recipe existed.
    monkeypatch.setattr(registry, "RECIPES", tuple(n for n in registry.RECIPES if n != "websocket"))
    project = copy_fixture("single_file", tmp_path)
    (project / "notes.txt").write_text("draft\n")
    codes = {}
    for args in (
        ("make me a sandwich",),
        ("add websockets",),
        ("set up error handling",),
        ("set up error handling", "--plan-id", "0" * 20, "--force"),
    ):
        data = cli(*args, "--path", str(project), "--json").json()
        _validate(data, "refusal")
        codes[args[0] + str(len(args))] = data["error"]["code"]
    assert sorted(codes.values()) == sorted(
        ["not_understood", "recipe_unavailable", "refused", "plan_changed"]
    )


def test_a_wrong_output_does_not_validate() -> None:
    """The schema is not a rubber stamp: each part rejects what it must."""
    good = {
        "command": "x",
        "intents": [],
        "status": "applied",
        "files": [{"path": "app/main.py", "action": "modify"}],
        "diff": "",
        "messages": [],
        "error": None,
        "schema_version": SCHEMA_VERSION,
        "mode": "apply",
        "corrections": [],
        "skipped": [],
        "commit": None,
        "branch": None,
        "plan_id": "0123456789abcdef0123",
        "summary_markdown": "",
    }
    _validate(good, "apply")
    for key, bad in (
        ("files", [{"path": "/abs/main.py", "action": "modify"}]),
        ("files", [{"path": "app\\main.py", "action": "modify"}]),
        ("files", [{"path": "../main.py", "action": "modify"}]),
        ("schema_version", "2.0"),
        ("status", "done"),
    ):
        with pytest.raises(jsonschema.ValidationError):
            VALIDATOR.validate({**good, key: bad})
    missing = {k: v for k, v in good.items() if k != "schema_version"}
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(missing)
    with pytest.raises(jsonschema.ValidationError):
        _validate({**good, "mode": "dry_run"}, "apply")


def test_paths_are_relative_to_the_project_root_from_a_sub_folder(tmp_path: Path) -> None:
    project = copy_fixture("bigger_app", tmp_path)
    inside = project / "app" / "routers"
    data = cli("set up error handling", "--path", str(inside), "--dry-run", "--json").json()
    assert data["status"] == "planned"
    paths = [f["path"] for f in data["files"]]
    assert "app/main.py" in paths
    assert all(not Path(p).is_absolute() and "\\" not in p for p in paths)
    assert re.search(r"^\+\+\+ b/app/main\.py$", data["diff"], re.M)
    findings = cli("audit my project", "--path", str(inside), "--json").json()["findings"]
    located = [f["path"] for f in findings if f["path"]]
    assert located and all(p.startswith(("app/", "pyproject")) or p == "." for p in located)


def test_a_folder_without_a_manifest_is_its_own_root(tmp_path: Path) -> None:
    project = copy_fixture("single_file", tmp_path)
    (project / "requirements.txt").unlink()
    git(project, "commit", "-qam", "no manifest")
    data = cli("set up error handling", "--path", str(project), "--dry-run", "--json").json()
    assert {"path": "errors.py", "action": "create"} in data["files"]
