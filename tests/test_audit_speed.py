"""The audit's cost against a bare ``ast.parse`` of the same files (issue 7's target)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench_audit import TARGET_RATIO, cpu_seconds
from generated_app import generate


@pytest.mark.slow
def test_the_audit_costs_at_most_twice_a_bare_parse(tmp_path: Path) -> None:
    # CPU time, best of three taken in turns with the bare parse: on a shared
    # machine wall time measures the neighbours, and a burst of load in one
    # round weighs on both figures of the next.
    root = generate(tmp_path / "project", 300)
    parse, audit = cpu_seconds(root, repeat=3)
    ratio = audit / parse
    assert ratio <= TARGET_RATIO, (
        f"audit {audit:.2f}s CPU against ast.parse {parse:.2f}s: {ratio:.2f}x "
        f"(target {TARGET_RATIO}x)"
    )
