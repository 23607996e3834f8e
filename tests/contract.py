"""The running app keeps its contract: Schemathesis against the app's own schema.

``check_contract`` migrates the database, then runs ``contract_run.py`` in the
generated project (its working directory, the test interpreter) with the app
built by its factory in development mode, so ``/openapi.json`` is served. Every
Schemathesis check runs, with a fixed seed and deterministic generation: no
answer may be a 5xx, every answer must match the schema it is declared with and
carry no top-level field that schema leaves out (FastAPI's default 422 model
accepts any object), and, with ``envelope=True``, every error answer carries
the error envelope.
A typical test::

    report = check_contract(root, "sqlite+aiosqlite:///" + str(tmp_path / "test.db"))
    assert report.ok, report.summary()
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from generated import environment, run_alembic

RUNNER = Path(__file__).resolve().parent / "contract_run.py"
_TAIL_CHARS = 6000


@dataclass(frozen=True, slots=True)
class ContractReport:
    """What one Schemathesis run found.

    Attributes:
        operations: The schema's operations (``GET /health``), all of them tested.
        requests: How many requests were sent, over every phase.
        failures: Each failed check: operation, check, title, message, a curl
            to reproduce it.
        errors: Exceptions that escaped the app (a 500 under a real server).
        seconds: Wall-clock time of the run.
    """

    operations: tuple[str, ...]
    requests: int
    failures: tuple[dict[str, str], ...]
    errors: tuple[str, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        """True when no check failed and no exception escaped."""
        return not self.failures and not self.errors

    def summary(self) -> str:
        """The counts, then every failure and error, for an assertion message."""
        lines = [
            f"{len(self.operations)} operations, {self.requests} requests in "
            f"{self.seconds:.0f}s: {len(self.failures)} failed checks, {len(self.errors)} errors"
        ]
        lines += [
            f"- {f['operation']}: {f['check']}: {f['title']}: {f['message']}  {f['request']}"
            for f in self.failures
        ]
        lines += [f"- error: {error}" for error in self.errors]
        return "\n".join(lines)


def check_contract(
    root: Path,
    database_url: str,
    *,
    envelope: bool = False,
    seed: int = 1,
    max_examples: int = 50,
    timeout: float = 300,
) -> ContractReport:
    """Migrate ``database_url``, then run Schemathesis against the app of ``root``.

    Args:
        root: The generated project.
        database_url: The database the app runs on; migrated to ``head`` first.
        envelope: Also require the error envelope on every 4xx and 5xx answer.
        seed: Schemathesis' seed; the same seed sends the same requests.
        max_examples: Examples per operation in the fuzzing phase.
        timeout: Seconds the run may take.

    Raises:
        AssertionError: The migration failed, or the runner crashed or timed out.
    """
    migrated = run_alembic(root, "upgrade", "head", database_url=database_url)
    if not migrated.ok:
        raise AssertionError(migrated.report())
    command = [sys.executable, str(RUNNER), "--seed", str(seed)]
    command += ["--max-examples", str(max_examples)] + (["--envelope"] if envelope else [])
    # The app is built from the environment: development serves its schema.
    env = environment() | {
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "development",
        "DEBUG": "false",
    }
    env.pop("TEST_DATABASE_URL", None)
    started = time.monotonic()
    done = subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise AssertionError(f"the Schemathesis run crashed:\n{done.stderr[-_TAIL_CHARS:]}")
    found = json.loads(done.stdout)
    return ContractReport(
        tuple(found["operations"]),
        found["requests"],
        tuple(found["failures"]),
        tuple(found["errors"]),
        seconds,
    )
