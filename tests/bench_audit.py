"""Benchmark: the whole audit against bare ``ast.parse`` (and bandit) over the same files.

Run it by hand; pytest does not collect it::

    python tests/bench_audit.py                  # fastapi + starlette + pydantic, installed
    python tests/bench_audit.py path/to/project  # any tree
    python tests/bench_audit.py --generate 1000  # 1,000 generated modules of 20 routes
    python tests/bench_audit.py --check          # exit 1 if the audit takes over 2x ast.parse (CPU)

``--generate`` writes the project of ``tests/generated_app.py`` (feature
modules with routers, schemas, dependencies chained across modules by
``Depends``, settings and a database session; about 145 lines per module).

The tree is copied to a temporary directory first, so every tool reads the same
files. "ast.parse" reads and parses each file; "audit" is ``run_audit`` on the
same file list: reading, parsing, the one-pass visit, the config files, scoring
and building the report's JSON. Each is timed as the best of ``--repeat`` runs
after a warm-up; bandit, when installed, runs once (``bandit -q -r``). The audit
pauses Python's cyclic garbage collector while it reads (its trees hold no
cycles), so ast.parse is also timed with the collector paused, for comparison.

``cpu_seconds`` times the two in turns, each run closed by a full collection;
``tests/test_audit_speed.py`` holds the audit to the target with it.
"""

from __future__ import annotations

import argparse
import ast
import gc
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from generated_app import generate

from fastprod import Project
from fastprod.scorecards import run_audit

TARGET_RATIO = 2.0
DEFAULT_PACKAGES = ("fastapi", "starlette", "pydantic")


def main() -> int:
    """Copy the tree, time each tool, print the figures and both ratios."""
    args = _arguments()
    with tempfile.TemporaryDirectory() as scratch:
        if args.generate:
            root = generate(Path(scratch) / "tree", args.generate, args.routes)
        else:
            root = _tree(args.path, Path(scratch) / "tree")
        files = _python_files(root)
        lines = sum((root / f).read_text(encoding="utf-8").count("\n") for f in files)
        parse, parse_cpu = _best(lambda: _bare_parse(root, files), args.repeat)
        paused, _ = _best(lambda: _paused(_bare_parse, root, files), args.repeat)
        audit, audit_cpu = _best(lambda: _audit(root, files), args.repeat)
        bandit = _bandit(root)
    ratio = audit / parse
    figures = {
        "files": len(files),
        "lines": lines,
        "ast_parse_seconds": round(parse, 3),
        "audit_seconds": round(audit, 3),
        "audit_over_ast_parse": round(ratio, 2),
        "ast_parse_gc_paused_seconds": round(paused, 3),
        "audit_over_ast_parse_gc_paused": round(audit / paused, 2),
        "ast_parse_cpu_seconds": round(parse_cpu, 3),
        "audit_cpu_seconds": round(audit_cpu, 3),
        "audit_over_ast_parse_cpu": round(audit_cpu / parse_cpu, 2),
        "bandit_seconds": round(bandit, 3) if bandit is not None else None,
        "bandit_over_ast_parse": round(bandit / parse, 1) if bandit is not None else None,
        "target": f"audit within {TARGET_RATIO}x of ast.parse",
    }
    _report(figures)
    # CPU time: on a shared machine wall time also measures the neighbours.
    return 1 if args.check and audit_cpu / parse_cpu > TARGET_RATIO else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, help="a tree to benchmark")
    parser.add_argument("--generate", type=int, metavar="MODULES", help="benchmark a generated app")
    parser.add_argument("--routes", type=int, default=20, help="routes per generated module")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per tool")
    parser.add_argument("--check", action="store_true", help="fail above 2x, in CPU time")
    return parser.parse_args()


def _tree(path: Path | None, dest: Path) -> Path:
    if path is not None:
        shutil.copytree(path, dest, ignore=shutil.ignore_patterns(".git", "__pycache__"))
        return dest
    dest.mkdir()
    for name in DEFAULT_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise SystemExit(f"{name} is not installed; pass a path to benchmark")
        source = Path(spec.origin).parent
        shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def _python_files(root: Path) -> tuple[PurePosixPath, ...]:
    found = []
    for directory, _, names in os.walk(root):
        for name in names:
            if name.endswith(".py"):
                found.append(PurePosixPath((Path(directory) / name).relative_to(root).as_posix()))
    return tuple(sorted(found))


def _bare_parse(root: Path, files: tuple[PurePosixPath, ...]) -> None:
    for path in files:
        with (root / path).open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        try:
            ast.parse(text, filename=str(path))
        except SyntaxError:
            continue


def _paused(
    run: Callable[[Path, tuple[PurePosixPath, ...]], None],
    root: Path,
    files: tuple[PurePosixPath, ...],
) -> None:
    # The audit pauses the cyclic collector during its pass; this is the same
    # courtesy given to bare ast.parse, for a like-for-like figure.
    gc.disable()
    try:
        run(root, files)
    finally:
        gc.enable()


def _audit(root: Path, files: tuple[PurePosixPath, ...]) -> None:
    report = run_audit(Project(root), files)
    json.dumps(report.to_json())


def cpu_seconds(root: Path, repeat: int) -> tuple[float, float]:
    """The best CPU time of bare ``ast.parse`` and of the audit over the Python files of ``root``.

    After a warm-up of each, the two are timed in turns, ``repeat`` times, so a
    load that comes and goes on a shared machine weighs on both alike. Each run
    ends with a full collection, timed with it: what a run leaves for the cyclic
    collector is its own cost, not the next run's.
    """
    files = _python_files(root)
    runs = (lambda: _bare_parse(root, files), lambda: _audit(root, files))
    best = [float("inf"), float("inf")]
    for round_ in range(repeat + 1):
        for which, run in enumerate(runs):
            start = time.process_time()
            run()
            gc.collect()
            if round_:  # the first round warms up
                best[which] = min(best[which], time.process_time() - start)
    return best[0], best[1]


def _best(run: Callable[[], None], repeat: int) -> tuple[float, float]:
    """The best wall-clock and the best CPU time of ``repeat`` runs, after a warm-up.

    On a machine shared with other work, CPU time is the steadier figure.
    """
    run()
    timings, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(timings), min(cpu)


def _bandit(root: Path) -> float | None:
    executable = shutil.which("bandit") or str(Path(sys.executable).parent / "bandit")
    if not Path(executable).exists():
        return None
    command = [executable, "-q", "-r", str(root), "-f", "json", "-o", os.devnull]
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True)
    return time.perf_counter() - start


def _report(figures: dict[str, object]) -> None:
    width = max(len(key) for key in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    files = figures["files"]
    parse = figures["ast_parse_seconds"]
    audit = figures["audit_seconds"]
    assert isinstance(files, int) and isinstance(parse, float) and isinstance(audit, float)
    print(f"ast.parse: {files / parse:.0f} files/s; audit: {files / audit:.0f} files/s")
    bandit = figures["bandit_seconds"]
    if isinstance(bandit, float):
        print(f"bandit: {files / bandit:.0f} files/s")
    else:
        print("bandit: not installed (pip install bandit to compare)")


if __name__ == "__main__":
    sys.exit(main())
