"""The VS Code tasks in the README and the audit's USAGE.md: their problem matcher
reads every line ``--format text`` prints for real findings."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, cli

from fastprod.core._resources import data_dir, recipes_dir

DOCS = {
    "README.md": data_dir() / "README.md",
    "recipes/audit/USAGE.md": recipes_dir() / "audit" / "USAGE.md",
}


def _tasks(doc: Path) -> list[dict[str, Any]]:
    text = doc.read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```json\n")[1:]]
    tasks = [json.loads(b) for b in blocks if '"problemMatcher"' in b]
    assert len(tasks) == 1, doc
    found: list[dict[str, Any]] = tasks[0]["tasks"]
    return found


def _matchers() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (name, task["label"], task["problemMatcher"])
        for name, doc in DOCS.items()
        for task in _tasks(doc)
        if isinstance(task["problemMatcher"], dict)
    ]


def test_the_readme_and_usage_carry_the_same_matcher() -> None:
    matchers = _matchers()
    assert {name for name, _, _ in matchers} == set(DOCS)
    assert all(m == matchers[0][2] for _, _, m in matchers)
    for _, _, matcher in matchers:
        assert matcher["fileLocation"] == ["relative", "${workspaceFolder}"]
        assert matcher["owner"] == "fastprod"


@pytest.mark.parametrize(
    ("fixture", "sentence"),
    [
        ("audit_tutorial", "audit my FastAPI project"),
        ("audit_bigger_app", "audit my FastAPI project"),
        ("audit_defects", "audit my FastAPI project"),
        ("audit_tutorial", "review my API security"),
        ("single_file", "review my API security"),
    ],
)
def test_the_matcher_reads_every_real_finding(fixture: str, sentence: str) -> None:
    root = FIXTURES / fixture
    run = cli(sentence, "--path", str(root), "--format", "text")
    lines = run.stdout.splitlines()
    assert lines, "no findings to read"
    for _, label, matcher in _matchers():
        pattern = matcher["pattern"]
        regexp = re.compile(pattern["regexp"])
        for line in lines:
            match = regexp.match(line)
            assert match, (label, line)
            path = match.group(pattern["file"])
            assert (root / path).exists() and not Path(path).is_absolute(), line
            assert int(match.group(pattern["line"])) >= 1
            assert int(match.group(pattern["column"])) >= 1
            assert match.group(pattern["severity"]) in {"error", "warning", "note"}
            assert re.fullmatch(r"[\w.]+", match.group(pattern["code"]))
            assert match.group(pattern["message"])


def test_the_matcher_rejects_what_is_not_a_finding() -> None:
    regexp = re.compile(_matchers()[0][2]["pattern"]["regexp"])
    for line in (
        "Applied: 2 files changed in /tmp/x.",
        "note: error contract: compatible",
        "main.py:12: error: [x] no column",
        "main.py:1:1: fatal: [x] unknown severity",
    ):
        assert regexp.match(line) is None, line
