"""Mutation testing of what recipes generate, run by the tests they generate.

A recipe's generated tests are worth what they catch. This module generates a
project (``new_project``, then each sentence), copies it, configures mutmut in
the copy to mutate the app package only and to run the project's own tests
(without coverage, without tests marked ``slow``), runs it with a time limit and
reads back every mutant's status. Survivors that no test can tell from the
original (equivalent mutants) are listed, each with its reason, in a file under
``tests/recipes/equivalent_mutants/``; only a listed mutant leaves the
denominator. A typical test::

    report = mutation_score(tmp_path, ["set up error handling"], EQUIVALENTS / "error_handling.txt")
    assert report.score >= 0.9, report.summary()

A listed mutant is matched by the function it is in and the lines it removes and
adds, not by mutmut's running number, so an edit elsewhere in the function does
not break the list.

mutmut forks each mutant's test run from a process that has already imported the
test modules: what a test module builds when it is imported (an exception in a
module-level dict, say) is built once, by the original code. Generated tests
build what they exercise inside the test, or mutants of it survive unseen.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from generated import apply, environment, generate

from fastprod import Project

EQUIVALENT_MUTANTS = Path(__file__).resolve().parent / "recipes" / "equivalent_mutants"

#: A mutant the tests detected: they failed, or ran past the time limit (the
#: mutant made the code loop, which a test run shows as clearly as a failure).
DETECTED = frozenset({"killed", "timeout"})

#: What the copy leaves behind: history, caches, databases, earlier runs.
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "mutants", "__pycache__", ".*_cache", "*.db", "*.db-journal"
)
_TAIL_CHARS = 6000


@dataclass(frozen=True, slots=True)
class MutantKey:
    """What identifies a mutant across runs: its function and its changed lines.

    Attributes:
        function: The dotted function name (``app.core.errors.AppError.__init__``).
        removed: The original lines the mutant replaces, stripped of indentation.
        added: The mutant's lines, stripped of indentation.
    """

    function: str
    removed: tuple[str, ...]
    added: tuple[str, ...]

    def describe(self) -> str:
        """The key as an entry of an equivalent-mutants file writes it."""
        lines = [self.function]
        lines += [f"- {line}" for line in self.removed]
        lines += [f"+ {line}" for line in self.added]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Mutant:
    """One mutant of a mutmut run.

    Attributes:
        name: mutmut's name for it (``app.core.errors.x_error_response__mutmut_3``).
        status: mutmut's verdict: ``killed``, ``survived``, ``timeout``, ``no tests``...
        key: Function and changed lines; ``None`` for a detected mutant, whose
            diff is not read.
    """

    name: str
    status: str
    key: MutantKey | None = None

    @property
    def detected(self) -> bool:
        """True when the tests told the mutant from the original."""
        return self.status in DETECTED


@dataclass(frozen=True, slots=True)
class Equivalent:
    """A listed equivalent mutant and why no test can detect it."""

    key: MutantKey
    reason: str


@dataclass(frozen=True, slots=True)
class MutationReport:
    """The outcome of one mutation run.

    Attributes:
        mutants: Every mutant mutmut made, with its status.
        equivalents: The entries of the equivalent-mutants file.
        seconds: Wall-clock time of the mutmut run.
    """

    mutants: tuple[Mutant, ...]
    equivalents: tuple[Equivalent, ...]
    seconds: float

    @property
    def excluded(self) -> tuple[Mutant, ...]:
        """Undetected mutants that the file lists as equivalent."""
        listed = {equivalent.key for equivalent in self.equivalents}
        return tuple(m for m in self.mutants if not m.detected and m.key in listed)

    @property
    def counted(self) -> tuple[Mutant, ...]:
        """The denominator: every mutant but the listed equivalent ones."""
        excluded = set(self.excluded)
        return tuple(m for m in self.mutants if m not in excluded)

    @property
    def detected(self) -> tuple[Mutant, ...]:
        """Mutants the tests killed (or that timed out)."""
        return tuple(m for m in self.mutants if m.detected)

    @property
    def survivors(self) -> tuple[Mutant, ...]:
        """Counted mutants the tests did not detect, whatever the reason."""
        return tuple(m for m in self.counted if not m.detected)

    @property
    def stale(self) -> tuple[Equivalent, ...]:
        """Listed equivalents that match no undetected mutant any more."""
        found = {m.key for m in self.mutants if not m.detected}
        return tuple(e for e in self.equivalents if e.key not in found)

    @property
    def score(self) -> float:
        """Detected mutants over counted mutants (1.0 when there are none)."""
        if not self.counted:
            return 1.0
        return len(self.detected) / len(self.counted)

    def summary(self) -> str:
        """A readable account: the score, the counts, each survivor's diff."""
        statuses: dict[str, int] = {}
        for mutant in self.mutants:
            statuses[mutant.status] = statuses.get(mutant.status, 0) + 1
        counts = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
        lines = [
            f"mutation score {self.score:.1%}: {len(self.detected)} detected of "
            f"{len(self.counted)} counted ({len(self.mutants)} mutants: {counts}; "
            f"{len(self.excluded)} listed as equivalent) in {self.seconds:.0f}s",
        ]
        for mutant in self.survivors:
            described = mutant.key.describe() if mutant.key else mutant.name
            lines.append(f"\n[{mutant.status}] {mutant.name}\n{described}")
        for equivalent in self.stale:
            lines.append(f"\n[stale entry: no such mutant survives]\n{equivalent.key.describe()}")
        return "\n".join(lines)


def mutation_score(
    parent: Path,
    sentences: Sequence[str],
    equivalents: Path | None = None,
    *,
    name: str = "shop",
    timeout: float = 480,
    max_children: int = 2,
    source: str | None = None,
    variables: Mapping[str, str] | None = None,
) -> MutationReport:
    """Generate a project, apply ``sentences``, and mutation-test its app package.

    Args:
        parent: A scratch directory; the project and its mutated copy go there.
        sentences: What to apply after ``new_project`` (``["set up error handling"]``).
        equivalents: The equivalent-mutants file of this combination, if any.
        name: The project name given to ``new_project``.
        timeout: Seconds the whole mutmut run may take.
        max_children: mutmut's parallel workers.
        source: What to mutate, below the project root (one module of it); the
            whole app package when ``None``.
        variables: Given to the project's tests (``REDIS_URL``).

    Returns:
        Every mutant with its status, and the listed equivalents.

    Raises:
        AssertionError: A sentence did not apply, or mutmut failed or timed out.
    """
    root = generate(parent, name)
    for sentence in sentences:
        outcome = apply(root, sentence)
        if outcome.status != "applied":
            raise AssertionError(f"{sentence!r} did not apply: {outcome.messages}")
    copy = parent / "mutation"
    shutil.copytree(root, copy, ignore=_NOT_COPIED)
    configure(copy, source=source or _app_package(root))
    started = time.monotonic()
    run_mutmut(copy, ["run", "--max-children", str(max_children)], timeout, variables)
    seconds = time.monotonic() - started
    listed = read_equivalents(equivalents) if equivalents is not None else ()
    return MutationReport(read_results(copy), listed, seconds)


def configure(root: Path, *, source: str, tests: str = "tests") -> None:
    """Write ``[tool.mutmut]`` into the copy's pyproject.toml.

    Only ``source`` is mutated; the project's tests run without coverage (a run
    of a few tests would fail the project's coverage floor and count as a kill)
    and without the tests it marks ``slow``.
    """
    manifest = root / "pyproject.toml"
    document = tomlkit.parse(manifest.read_text())
    pytest_options = document.get("tool", {}).get("pytest", {}).get("ini_options", {})
    arguments = ["-p", "no:cacheprovider"]
    if "--cov" in str(pytest_options.get("addopts", "")):
        arguments.append("--no-cov")
    markers = [str(marker).split(":")[0].strip() for marker in pytest_options.get("markers", [])]
    if "slow" in markers:
        arguments += ["-m", "not slow"]
    table = tomlkit.table()
    table["source_paths"] = [source]
    # mutmut copies the source, tests/ and pyproject.toml; what else the tests
    # read (alembic.ini, migrations/) goes too.
    table["also_copy"] = _the_rest(root, source, tests)
    table["pytest_add_cli_args"] = arguments
    table["pytest_add_cli_args_test_selection"] = [tests]
    # The copy is not a git work tree of its own; results never outlive it.
    table["use_git_change_detection"] = False
    # A mutant that hangs is stopped after (its tests' time + 1 s) x 2 x this:
    # at least 10 s rather than mutmut's 30, so a few hanging mutants cannot eat
    # the run's time budget; a clean run of the tests takes well under that.
    table["timeout_multiplier"] = 5.0
    document.setdefault("tool", tomlkit.table())["mutmut"] = table
    manifest.write_text(tomlkit.dumps(document))


def _the_rest(root: Path, source: str, tests: str) -> list[str]:
    copied = {tests, "pyproject.toml", "mutants"}
    if not source.endswith(".py"):
        # One module mutated alone: the package around it is copied as it is.
        copied.add(source.split("/")[0])
    return [path.name for path in sorted(root.iterdir()) if path.name not in copied]


def run_mutmut(
    root: Path, args: Sequence[str], timeout: float, variables: Mapping[str, str] | None = None
) -> str:
    """Run mutmut's command line in ``root``; return its output.

    It runs on SQLite: no database variable reaches the project's tests;
    ``variables`` do.

    Raises:
        AssertionError: mutmut exited with an error or ran past ``timeout``.
    """
    executable = Path(sys.executable).parent / "mutmut"
    env = environment()
    env.pop("TEST_DATABASE_URL", None)
    env |= dict(variables or {})
    try:
        done = subprocess.run(
            [str(executable), *args],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        raise AssertionError(f"mutmut {' '.join(args)} ran past {timeout:.0f}s") from expired
    if done.returncode != 0:
        raise AssertionError(
            f"mutmut {' '.join(args)} exited {done.returncode}:\n{done.stdout[-_TAIL_CHARS:]}"
        )
    return done.stdout


def read_results(root: Path) -> tuple[Mutant, ...]:
    """Every mutant of the last run in ``root``; undetected ones with their diff."""
    listing = run_mutmut(root, ["results", "--all", "true"], timeout=120)
    statuses = {}
    for line in listing.splitlines():
        name, separator, status = line.strip().rpartition(": ")
        if separator and "__mutmut_" in name:
            statuses[name] = status
    undetected = [name for name, status in statuses.items() if status not in DETECTED]
    diffs = show(root, undetected)
    return tuple(
        Mutant(name, status, mutant_key(name, diffs[name]) if name in diffs else None)
        for name, status in statuses.items()
    )


# What ``mutmut show <name>`` prints, for many mutants in one process: the command
# line takes seconds per mutant to start.
_SHOW = """
import json, sys
from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant
names = json.load(sys.stdin)
print(json.dumps({n: get_diff_for_mutant(n, path=find_mutant(n).path) for n in names}))
"""


def show(root: Path, names: Sequence[str]) -> dict[str, str]:
    """The diff of each mutant in ``names``, as ``mutmut show`` prints it."""
    if not names:
        return {}
    done = subprocess.run(
        [sys.executable, "-c", _SHOW],
        cwd=root,
        input=json.dumps(list(names)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"reading mutant diffs failed:\n{done.stderr[-_TAIL_CHARS:]}")
    diffs: dict[str, str] = json.loads(done.stdout)
    return diffs


def mutant_key(name: str, diff: str) -> MutantKey:
    """Key a mutant by its function and the lines its diff removes and adds."""
    removed: list[str] = []
    added: list[str] = []
    for line in diff.splitlines():
        if line.startswith(("---", "+++")) or line[:1] not in ("-", "+"):
            continue
        text = line[1:].strip()
        if text:
            (removed if line[0] == "-" else added).append(text)
    return MutantKey(function_of(name), tuple(removed), tuple(added))


def function_of(name: str) -> str:
    """The dotted function of a mutmut name.

    ``app.core.errors.xǁAppErrorǁ__init____mutmut_3`` is
    ``app.core.errors.AppError.__init__``; ``app.main.x_create_app__mutmut_1`` is
    ``app.main.create_app``.
    """
    mangled = name.rpartition("__mutmut_")[0]
    module, _, function = mangled.rpartition(".")
    if function.startswith("xǁ"):
        function = function[2:].replace("ǁ", ".")
    elif function.startswith("x_"):
        function = function[2:]
    return f"{module}.{function}"


def read_equivalents(path: Path) -> tuple[Equivalent, ...]:
    """Parse an equivalent-mutants file.

    Entries are separated by blank lines; ``#`` lines are comments. An entry is
    the function, its ``- `` (removed) and ``+ `` (added) lines, and a ``why: ``
    line that no entry may leave out.
    """
    if not path.is_file():
        return ()
    entries = []
    for block in path.read_text().split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        if lines:
            entries.append(_entry(lines, path))
    return tuple(entries)


def _entry(lines: list[str], path: Path) -> Equivalent:
    function, *rest = lines
    removed = tuple(line[2:].strip() for line in rest if line.startswith("- "))
    added = tuple(line[2:].strip() for line in rest if line.startswith("+ "))
    reasons = [line.removeprefix("why:").strip() for line in rest if line.startswith("why:")]
    if not reasons or not reasons[0]:
        raise AssertionError(f"{path}: the entry for {function} does not say why it is equivalent")
    return Equivalent(MutantKey(function.strip(), removed, added), reasons[0])


def _app_package(root: Path) -> str:
    package = Project(root).app.package
    if package is None:
        raise AssertionError(f"{root}: the app is not in a package; nothing to mutate")
    return str(package)
