"""Generate projects with fastprod and run their own toolchain.

Slow tests use this to prove that what fastprod writes is production code: the
generated project passes its own pytest (coverage included), ruff, ruff format
and mypy, migrates, and boots under uvicorn. Every tool runs with the
interpreter running the tests, so the test environment must hold the generated
project's dependencies (the ``test`` extra does).

A typical test::

    root = generate(tmp_path, "shop")
    apply(root, "set up error handling")
    for result in run_checks(root):
        assert result.ok, result.report()
    with serve(root) as base_url:
        ...
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from fastprod.engine._engine import Options, Outcome, run

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

#: Where CI's PostgreSQL is; the generated tests use it when one of
#: ``POSTGRES_VARIABLES`` is set.
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
POSTGRES_VARIABLES = ("FASTPROD_TEST_DATABASE_URL", "DATABASE_URL")

#: How a developer runs a generated project out of the box (what ``.env.example``
#: sets): without it, the project runs as production and needs a DATABASE_URL.
DEVELOPMENT = {"ENVIRONMENT": "development"}

#: Variables of the test run that must not leak into a generated project's
#: tools: pytest options and pytest-cov's subprocess hooks would change what
#: they run or measure; the database and the environment are chosen explicitly
#: per command.
_LEAKY_PREFIXES = ("PYTEST_", "COV_CORE_", "COVERAGE_")
_LEAKY_NAMES = frozenset(
    {"DATABASE_URL", "TEST_DATABASE_URL", "ENVIRONMENT", "DEBUG", "LOG_LEVEL", "REDIS_URL"}
)

#: pytest plugins of this test environment that no project under test declares
#: (fastprod's own test tools): a project's test run loads the plugins it would
#: load in its own environment, and starts seconds sooner without Schemathesis's.
FOREIGN_PYTEST_PLUGINS = (
    "schemathesis",
    "hypothesispytest",
    "syrupy",
    "typeguard",
    "xdist",
    "xdist.looponfail",
)

#: Where CI's Redis is: a generated project's tests get it as ``REDIS_URL``.
REDIS_VARIABLE = "FASTPROD_TEST_REDIS_URL"

_TAIL_CHARS = 6000


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One command run in a generated project.

    Attributes:
        name: A short label (``"pytest (sqlite)"``, ``"mypy"``).
        command: The argument list that ran.
        returncode: The exit status; ``-1`` when it timed out.
        output: Standard output and standard error, interleaved.
        seconds: Wall-clock time it took.
    """

    name: str
    command: tuple[str, ...]
    returncode: int
    output: str
    seconds: float

    @property
    def ok(self) -> bool:
        """True when the command exited with status 0."""
        return self.returncode == 0

    def report(self) -> str:
        """Describe the result for an assertion message: command, status, output tail."""
        shown = self.output[-_TAIL_CHARS:]
        return f"{self.name}: `{' '.join(self.command)}` exited {self.returncode}\n{shown}"


def postgres_url() -> str | None:
    """The PostgreSQL URL to test against, or ``None`` when none is configured.

    ``FASTPROD_TEST_DATABASE_URL`` wins over ``DATABASE_URL``; a PostgreSQL URL
    with another driver (``postgresql://``, ``postgresql+psycopg://``) names the same
    database through asyncpg; a value that is not a PostgreSQL URL (CI may export a
    SQLite one) means the default server.
    """
    for variable in POSTGRES_VARIABLES:
        value = os.environ.get(variable)
        if value:
            scheme, _, rest = value.partition("://")
            if scheme == "postgresql" or scheme.startswith("postgresql+"):
                return f"postgresql+asyncpg://{rest}"
            return DEFAULT_POSTGRES_URL
    return None


def redis_url() -> str | None:
    """The Redis URL to test against (``FASTPROD_TEST_REDIS_URL``), or ``None``."""
    return os.environ.get(REDIS_VARIABLE) or None


def generate(parent: Path, name: str | None = "shop") -> Path:
    """Create a project as ``fastprod "set up a new FastAPI project called <name>"`` does.

    The engine writes the files, initialises git and commits them, so later
    sentences (``apply``) meet a clean work tree.

    Args:
        parent: Where ``<name>/`` is created; with ``name=None``, the (empty)
            directory the project fills, named after it.
        name: The project name, or ``None`` for the sentence without one.

    Returns:
        The new project's root.
    """
    sentence = "set up a new FastAPI project"
    if name is not None:
        sentence += f" called {name}"
    outcome = run(sentence, Options(path=parent))
    if outcome.status != "applied":
        raise AssertionError(f"new_project did not apply: {outcome.status} {outcome.messages}")
    return outcome.root


def apply(root: Path, sentence: str) -> Outcome:
    """Apply ``sentence`` to the project at ``root`` and commit the result.

    Committing keeps the work tree clean, so a test can chain sentences the way
    a user would, each in its own commit.
    """
    return run(sentence, Options(path=root, commit=True))


def environment(variables: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a generated project's tools run in.

    Its pytest runs without this environment's own test plugins
    (``FOREIGN_PYTEST_PLUGINS``, through ``PYTEST_ADDOPTS``).

    Args:
        variables: Set on top of this process's environment, less the variables
            a generated project reads (``DATABASE_URL``, ``ENVIRONMENT``...),
            which only ``variables`` gives.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _LEAKY_NAMES and not key.startswith(_LEAKY_PREFIXES)
    }
    env["PYTEST_ADDOPTS"] = " ".join(f"-p no:{name}" for name in FOREIGN_PYTEST_PLUGINS)
    return env | dict(variables or {})


def run_tool(
    root: Path,
    name: str,
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
    python: str | None = None,
) -> CheckResult:
    """Run ``python -m <args>`` in ``root`` and collect the result.

    Args:
        python: The interpreter; ``None`` is the one running the tests.
    """
    pytest = bool(args) and args[0] == "pytest"
    # A test of the project that hangs prints every thread's stack after two minutes.
    extra = ("-o", "faulthandler_timeout=120") if pytest else ()
    command = (python or sys.executable, "-m", *args, *extra)
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            cwd=root,
            env=dict(env) if env is not None else environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        output = _decode(expired.output) + f"\n(timed out after {timeout:.0f}s)"
        if pytest and not _retried.get(str(root)):
            # The generated socket tests have stalled, rarely, on a loaded
            # machine (a normal run takes seconds). Said as a warning with
            # the stalled run's output, then run once more.
            _retried[str(root)] = True
            warnings.warn(f"{name} in {root} timed out; run again:\n{output[-4000:]}", stacklevel=2)
            return run_tool(root, name, args, env=env, timeout=timeout, python=python)
        return CheckResult(name, command, -1, output, time.monotonic() - started)
    return CheckResult(name, command, done.returncode, done.stdout, time.monotonic() - started)


# The projects whose test run was retried once after a timeout.
_retried: dict[str, bool] = {}


def python_310() -> str | None:
    """A Python 3.10 interpreter on this machine, or ``None``.

    ``FASTPROD_TEST_PYTHON_310`` names one; else ``python3.10`` on the path or
    under pyenv's versions, the first that runs as 3.10.
    """
    found = [os.environ.get("FASTPROD_TEST_PYTHON_310"), shutil.which("python3.10")]
    found += sorted(str(p) for p in Path.home().glob(".pyenv/versions/3.10*/bin/python3.10"))
    for candidate in filter(None, found):
        try:
            done = subprocess.run(
                [candidate, "-c", "import sys; print(sys.version_info[:2] == (3, 10))"],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except OSError:
            continue
        if done.stdout.strip() == "True":
            return candidate
    return None


def venv_for(root: Path, interpreter: str, venv: Path, *extra: str) -> str:
    """A virtual environment on ``interpreter`` holding what ``root``'s pyproject declares.

    Its runtime dependencies, its optional ``dev`` ones and ``extra``, installed by uv;
    returns the environment's Python.
    """
    uv = [sys.executable, "-m", "uv"]
    subprocess.run([*uv, "venv", "--quiet", "--python", interpreter, str(venv)], check=True)
    python = str(venv / "bin" / "python")
    install = [*uv, "pip", "install", "--quiet", "--python", python]
    subprocess.run(
        [*install, "-r", str(root / "pyproject.toml"), "--extra", "dev", *extra],
        check=True,
        capture_output=True,
        text=True,
    )
    return python


def run_pytest(
    root: Path, database_url: str | None = None, *args: str, python: str | None = None
) -> CheckResult:
    """Run the project's own tests (its configured coverage floor included).

    Args:
        database_url: The tests' database, given as ``TEST_DATABASE_URL``; ``None``
            runs them on their throwaway SQLite file. With a database given, the
            tests also get the real Redis as ``REDIS_URL`` when :func:`redis_url`
            names one: the embedded parts on one run, the real services on the other.
        args: More pytest arguments (``-k``, paths).
        python: The interpreter to run them with; ``None`` is this one.
    """
    backend = "sqlite" if database_url is None else "postgresql"
    variables = {} if database_url is None else {"TEST_DATABASE_URL": database_url}
    redis = redis_url()
    if database_url is not None and redis is not None:
        variables["REDIS_URL"] = redis
    return run_tool(
        root,
        f"pytest ({backend})",
        ["pytest", "-q", *args],
        env=environment(variables),
        python=python,
    )


def run_ruff_check(root: Path) -> CheckResult:
    """Run ``ruff check`` with the project's configuration."""
    return run_tool(root, "ruff check", ["ruff", "check", "--no-cache", "."])


def run_ruff_format(root: Path) -> CheckResult:
    """Run ``ruff format --check`` with the project's configuration."""
    return run_tool(root, "ruff format", ["ruff", "format", "--check", "--no-cache", "."])


@functools.cache
def mypy_cache_dir() -> str:
    """A mypy cache that every mypy run of this test process shares.

    The generated projects depend on the same libraries (FastAPI, SQLAlchemy,
    pydantic...), whose analysis is most of a cold mypy run. mypy keys its cache
    by module and checks each cached module against its source (path, size and
    hash), so a project's own modules, at a path of their own, are analysed
    afresh every time; only the libraries' analysis is reused. One directory per
    process: pytest-xdist's workers never write to the same cache at once.
    """
    cache = tempfile.mkdtemp(prefix="fastprod-mypy-cache-")
    atexit.register(shutil.rmtree, cache, ignore_errors=True)
    return cache


def run_mypy(root: Path) -> CheckResult:
    """Run mypy as the project configures it (``strict = true``, its files, its plugins).

    Its cache is the process's shared one (:func:`mypy_cache_dir`), not the
    project's ``.mypy_cache``.
    """
    return run_tool(root, "mypy", ["mypy", "--cache-dir", mypy_cache_dir()])


def run_alembic(
    root: Path, *args: str, database_url: str | None = None, python: str | None = None
) -> CheckResult:
    """Run an Alembic command (``"upgrade", "head"``) in the project.

    Args:
        database_url: The database to migrate, given as ``DATABASE_URL``; ``None``
            runs in development, on the project's SQLite file (``./app.db``, which
            the generated ``.gitignore`` ignores).
        python: The interpreter; ``None`` is the one running the tests.
    """
    name = "alembic " + " ".join(args)
    variables = DEVELOPMENT if database_url is None else {"DATABASE_URL": database_url}
    return run_tool(root, name, ["alembic", *args], env=environment(variables), python=python)


def run_checks(root: Path) -> list[CheckResult]:
    """Run every check a generated project must pass, in a stable order.

    Its tests on SQLite, and on PostgreSQL too when ``postgres_url()`` gives a
    URL; then ``ruff check``, ``ruff format --check`` and ``mypy``.
    """
    results = [run_pytest(root)]
    url = postgres_url()
    if url is not None:
        results.append(run_pytest(root, url))
    results += [run_ruff_check(root), run_ruff_format(root), run_mypy(root)]
    return results


def free_port() -> int:
    """Return a TCP port on the loopback interface that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serve(
    root: Path,
    *,
    target: str = "app.main:app",
    timeout: float = 30,
    variables: Mapping[str, str] = DEVELOPMENT,
    log: IO[str] | None = None,
    probe: str = "/health",
) -> Iterator[str]:
    """Run the project under uvicorn until ``probe`` answers 200; yield its base URL.

    The server is always stopped on exit, whatever happened.

    Args:
        variables: The project's settings (``ENVIRONMENT``, ``DATABASE_URL``...);
            by default it runs in development, as ``.env.example`` sets it up.
        log: A file that receives the server's output (a temporary file if none),
            for a test that reads what the server logged.
        probe: The path polled until the app answers (a project without
            ``/health`` is probed on its ``/openapi.json``).

    Raises:
        AssertionError: The server exited, or ``/health`` did not answer 200 within
            ``timeout`` seconds; the message holds the server's output.
    """
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        target,
        "--app-dir",
        "src",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    base_url = f"http://127.0.0.1:{port}"
    with ExitStack() as stack:
        if log is None:
            log = stack.enter_context(tempfile.TemporaryFile(mode="w+"))
        # A file rather than a pipe: a chatty server can never block on a full pipe.
        server = subprocess.Popen(
            command,
            cwd=root,
            env=environment(variables),
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            _wait_for_health(server, f"{base_url}{probe}", timeout, log)
            yield base_url
        finally:
            _stop(server)


def get(url: str, timeout: float = 5, *, method: str = "GET") -> tuple[int, str]:
    """Request ``url`` (GET unless ``method`` says); return the status code and body,
    for 4xx and 5xx answers too."""
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def start_refused(
    root: Path,
    variables: Mapping[str, str],
    *,
    timeout: float = 30,
    target: str = "app.main:app",
) -> CheckResult:
    """Start the project under uvicorn with ``variables``, expecting it to refuse.

    The result holds uvicorn's exit status and output; a server that did start
    is stopped at ``timeout`` and reported with status ``-1``.
    """
    args = ["uvicorn", target, "--app-dir", "src", "--port", str(free_port())]
    return run_tool(root, "uvicorn", args, env=environment(variables), timeout=timeout)


def _wait_for_health(server: subprocess.Popen[str], url: str, timeout: float, log: IO[str]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"uvicorn exited with {server.returncode}:\n{_read(log)}")
        try:
            if get(url, timeout=2)[0] == 200:
                return
        except OSError:
            pass  # Not listening yet.
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer 200 within {timeout:.0f}s:\n{_read(log)}")


def _stop(server: subprocess.Popen[str]) -> None:
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        # It ignored SIGTERM: do not leave it running past the test.
        server.kill()
        server.wait()


def _read(log: IO[str]) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-_TAIL_CHARS:]


def _decode(output: str | bytes | None) -> str:
    if output is None:
        return ""
    return output if isinstance(output, str) else output.decode(errors="replace")


def on_server(url: URL, *statements: str) -> None:
    """Run ``statements`` one by one on the PostgreSQL ``url`` names, in its database."""
    import asyncio

    import asyncpg

    async def run_them() -> None:
        connection = await asyncpg.connect(
            host=url.host or "127.0.0.1",
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            database=url.database,
        )
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run_them())


def package_checks(root: Path, layout: str) -> list[CheckResult]:
    """For a fixture package laid out by kind (``sync_orm``, or ``src_factory`` under
    ``src/``) after recipes were applied and committed: ruff, ruff format and mypy
    --strict on the Python files written since the fixture's first commit, then the
    project's tests on SQLite and on PostgreSQL (psycopg for the sync layout; with
    Redis when FASTPROD_TEST_REDIS_URL is set)."""
    src = {"PYTHONPATH": "src"} if layout == "src_factory" else {}
    env = environment(src)
    code = ["src", "tests"] if layout == "src_factory" else ["app", "tests"]
    fixture = _git(root, "rev-list", "--max-parents=0", "HEAD").strip()
    written = [
        line
        for line in _git(root, "diff", "--name-only", fixture, "HEAD").splitlines()
        if line.endswith(".py")
    ]
    pytest_args = ["pytest", "-v", "-p", "no:cacheprovider", "tests"]
    url = postgres_url() or DEFAULT_POSTGRES_URL
    if layout == "sync_orm":
        url = url.replace("postgresql+asyncpg://", "postgresql+psycopg://")
    served = {"TEST_DATABASE_URL": url}
    if redis_url() is not None:
        served["REDIS_URL"] = str(redis_url())
    return [
        run_tool(
            root,
            "ruff",
            ["ruff", "check", "--no-cache", "--select", "E4,E7,E9,F,I,UP,B", *written],
            env=env,
        ),
        run_tool(
            root, "ruff format", ["ruff", "format", "--check", "--no-cache", *written], env=env
        ),
        run_tool(
            root,
            "mypy",
            ["mypy", "--strict", "--no-incremental", *code],
            env=env | {"MYPYPATH": src.get("PYTHONPATH", ".")},
        ),
        run_tool(root, "pytest (sqlite)", pytest_args, env=env),
        run_tool(root, "pytest (postgresql)", pytest_args, env=env | served),
    ]


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout
