"""logging: the diff on each project layout, idempotence, order with error_handling,
a project's own structlog set-up left alone, and a generated project that passes
its own checks and logs JSON lines with request ids under uvicorn."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from generated import DEFAULT_POSTGRES_URL, generate, get, postgres_url, run_checks, serve
from helpers import copy_fixture, snapshot_tree
from snapshot import DiffSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from fastprod import ChangeSet, Project, RecipeError
from fastprod.core._registry import load
from fastprod.engine._engine import Options, run

SENTENCE = "add structured logging"
RECIPE = load("logging")
LAYOUTS = ("single_file", "bigger_app", "src_factory", "prints_app")


def plan(root: Path) -> ChangeSet:
    return RECIPE.plan(RECIPE.build_params({}), Project(root))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_diff_on_each_layout(layout: str, tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = copy_fixture(layout, tmp_path)
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_diff_on_a_generated_project(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = generate(tmp_path, "shop")
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_second_run_is_unchanged(layout: str, tmp_path: Path) -> None:
    root = copy_fixture(layout, tmp_path)
    first = run(SENTENCE, Options(path=root, commit=True))
    assert first.status == "applied"
    again = run(SENTENCE, Options(path=root))
    assert again.status == "unchanged"
    assert again.diff == ""


def test_the_messages_say_where_the_module_went(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    messages = plan(root).messages
    assert messages[0].startswith("src/app/core/logging.py: ")
    assert "ENVIRONMENT=development" in messages[1]
    assert messages[2].startswith("src/app/core/tracing.py: OpenTelemetry tracing")


def test_the_plain_set_up_of_a_generated_project_is_no_longer_called(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    changes = plan(root)
    (said,) = [m for m in changes.messages if "configure_logging()" in m]
    assert said.startswith("src/app/main.py: the lifespan no longer calls configure_logging()")
    main = next(c for c in changes.changes if c.path.as_posix() == "src/app/main.py")
    assert "configure_logging" not in (main.after or "")
    assert "settings: Settings = app.state.settings" not in (main.after or "")
    # The module stays: the project's own tests import it.
    assert all(c.path.as_posix() != "src/app/core/logs.py" for c in changes.changes)


def test_an_app_without_settings_logs_json_at_info(tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path)
    changes = plan(root)
    assert any("reads no settings" in message for message in changes.messages)
    main = next(change for change in changes.changes if str(change.path) == "main.py")
    assert '\n\nsetup_logging("INFO")\napp = FastAPI(' in main.after


def test_a_projects_own_structlog_set_up_is_reported_and_kept(tmp_path: Path) -> None:
    root = copy_fixture("bigger_app", tmp_path, commit=False)
    (root / "app/log_setup.py").write_text(
        "import structlog\n\n\ndef configure() -> None:\n    structlog.configure(processors=[])\n"
    )
    before = snapshot_tree(root)
    outcome = run(SENTENCE, Options(path=root, force=True))
    assert outcome.status == "unchanged"
    assert any("app/log_setup.py:5" in message for message in outcome.messages)
    assert snapshot_tree(root) == before


def test_a_projects_own_logging_module_at_the_logging_path_is_reported_and_kept(
    tmp_path: Path,
) -> None:
    root = copy_fixture("own_logging", tmp_path)
    before = snapshot_tree(root)
    outcome = run(SENTENCE, Options(path=root, force=True))
    assert outcome.status == "unchanged"
    assert any(
        "structured logging is already set up at ledger/core/logging.py:14" in message
        for message in outcome.messages
    )
    assert not any("rename it" in message for message in outcome.messages)
    assert snapshot_tree(root) == before


STDLIB_LOGGING_MODULES = {
    "ledger/core/logging.py": (
        "import logging.config\n\n\ndef configure() -> None:\n"
        "    logging.config.dictConfig({'version': 1})\n",
        5,
    ),
    "ledger/log.py": (
        "import logging\n\nlogging.basicConfig(level=logging.INFO)\n",
        3,
    ),
    # A logger given a handler and a format by hand, kept out of the root's.
    "ledger/core/logger.py": (
        "import logging\n\n\ndef configure_logger() -> None:\n"
        "    logger = logging.getLogger('ledger')\n"
        "    handler = logging.StreamHandler()\n"
        "    handler.setFormatter(logging.Formatter('%(levelname)s %(message)s'))\n"
        "    logger.addHandler(handler)\n"
        "    logger.propagate = False\n",
        7,
    ),
    "ledger/logger.py": (
        "import json\nimport logging\n\n\nclass JsonFormatter(logging.Formatter):\n"
        "    def format(self, record: logging.LogRecord) -> str:\n"
        "        return json.dumps({'message': record.getMessage()})\n",
        5,
    ),
}


@pytest.mark.parametrize("module", sorted(STDLIB_LOGGING_MODULES))
def test_a_projects_own_standard_library_logging_module_is_reported_and_kept(
    module: str, tmp_path: Path
) -> None:
    root = copy_fixture("own_logging", tmp_path, commit=False)
    (root / "ledger/core/logging.py").unlink()
    (root / "ledger/main.py").write_text(
        "from fastapi import FastAPI\n\napp = FastAPI(title='Ledger')\n"
    )
    text, line = STDLIB_LOGGING_MODULES[module]
    (root / module).write_text(text)
    changes = plan(root)
    assert changes.changes == ()
    (message,) = changes.messages
    assert message.startswith(
        f"the project already sets up its own logging at {module}:{line}: nothing was changed"
    )


def test_a_module_named_for_logging_that_configures_nothing_is_not_a_set_up(
    tmp_path: Path,
) -> None:
    root = copy_fixture("single_file", tmp_path, commit=False)
    (root / "log.py").write_text("import logging\n\nlog = logging.getLogger('todos')\n")
    assert any(str(change.path) == "structured_logging.py" for change in plan(root).changes)


def test_a_foreign_module_at_the_logging_path_is_refused(tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path, commit=False)
    (root / "structured_logging.py").write_text("LEVEL = 'INFO'\n")
    with pytest.raises(RecipeError, match=r"does not define setup_logging\(\)"):
        plan(root)


@pytest.mark.slow
def test_generated_project_with_logging_passes_its_checks_and_logs_json(
    tmp_path: Path,
) -> None:
    root = generate(tmp_path, "shop")
    for sentence in (SENTENCE, "set up error handling"):
        assert run(sentence, Options(path=root, commit=True)).status == "applied"
    assert (root / "src/app/core/logging.py").is_file()
    for result in run_checks(root):
        assert result.ok, result.report()
    database = postgres_url() or DEFAULT_POSTGRES_URL
    production = {"ENVIRONMENT": "production", "DATABASE_URL": database}
    with tempfile.TemporaryFile(mode="w+") as log:
        with serve(root, variables=production, log=log) as base_url:
            status, body = get(f"{base_url}/no-such-route")
        assert status == 404
        log.seek(0)
        lines = [json.loads(line) for line in log.read().splitlines() if line.strip()]
    (completed,) = [
        line
        for line in lines
        if line["event"] == "request_completed" and line.get("path") == "/no-such-route"
    ]
    assert completed["status"] == 404
    # uvicorn runs with its access log on: the request is logged once all the same.
    assert [line for line in lines if "/no-such-route" in json.dumps(line)] == [completed]
    assert not [line for line in lines if line.get("logger") == "uvicorn.access"]
    assert json.loads(body)["error"]["request_id"] == completed["request_id"]
    assert all(set(line) >= {"event", "level", "timestamp"} for line in lines)


def test_a_standard_library_set_up_is_named_and_kept(tmp_path: Path) -> None:
    root = copy_fixture("bigger_app", tmp_path, commit=False)
    (root / "app/log_setup.py").write_text(
        "import logging\n\nlogging.basicConfig(level=logging.INFO)\n"
    )
    changes = plan(root)
    assert any(
        message.startswith("app/log_setup.py:3 configures the standard library's logging")
        for message in changes.messages
    )
    assert all(str(change.path) != "app/log_setup.py" for change in changes.changes)


def _paths(changes: ChangeSet) -> set[str]:
    return {str(change.path) for change in changes.changes}


def test_tracing_goes_beside_the_logging_module_and_is_wired_after_the_app(
    tmp_path: Path,
) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    changes = plan(root)
    assert {"app/structured_logging.py", "app/tracing.py"} <= _paths(changes)
    main = next(change for change in changes.changes if str(change.path) == "app/main.py")
    # After the app exists, above the request-id middleware, which stays outermost.
    assert main.after.index("app = FastAPI(") < main.after.index("setup_tracing(app)")
    assert main.after.index("setup_tracing(app)") < main.after.index(
        "app.add_middleware(RequestIDMiddleware)"
    )
    logging_module = next(c for c in changes.changes if str(c.path) == "app/structured_logging.py")
    assert "    add_trace_context,\n" in logging_module.after


@pytest.mark.parametrize(
    ("module", "text", "line", "trace_ids"),
    [
        (
            "app/telemetry.py",
            "import os\n\nfrom opentelemetry import trace\n\ntracer = trace.get_tracer('x')\n",
            3,
            True,
        ),
        ("app/apm.py", "import ddtrace\n\nddtrace.patch_all()\n", 1, False),
        (
            "app/errors.py",
            "import sentry_sdk\n\nsentry_sdk.init(dsn='', traces_sample_rate=0.2)\n",
            3,
            False,
        ),
    ],
)
def test_a_projects_own_tracing_is_named_and_no_second_tracer_is_added(
    module: str, text: str, line: int, trace_ids: bool, tmp_path: Path
) -> None:
    root = copy_fixture("bigger_app", tmp_path, commit=False)
    (root / module).write_text(text)
    changes = plan(root)
    assert f"tracing is already set up at {module}:{line}: none was added" in "\n".join(
        changes.messages
    )
    assert "app/tracing.py" not in _paths(changes)
    main = next(change for change in changes.changes if str(change.path) == "app/main.py")
    assert "setup_tracing" not in main.after
    assert all(str(change.path) != module for change in changes.changes)
    logging_module = next(c for c in changes.changes if str(c.path) == "app/structured_logging.py")
    # OpenTelemetry spans of the project's own still put their ids on the log lines.
    assert ("add_trace_context" in logging_module.after) is trace_ids
    manifest = next(c for c in changes.changes if str(c.path) == "pyproject.toml")
    assert ("opentelemetry-api" in manifest.after) is trace_ids
    assert "opentelemetry-sdk" not in manifest.after


def test_a_project_on_a_python_older_than_the_typed_instrumentation_gets_no_tracing(
    tmp_path: Path,
) -> None:
    root = copy_fixture("bigger_app", tmp_path, commit=False)
    manifest = root / "pyproject.toml"
    manifest.write_text(
        manifest.read_text().replace('requires-python = ">=3.11"', 'requires-python = ">=3.9"')
    )
    changes = plan(root)
    assert any(
        message.startswith("tracing was not added") and "Python 3.9" in message
        for message in changes.messages
    )
    assert "app/tracing.py" not in _paths(changes)
    logging_module = next(c for c in changes.changes if str(c.path) == "app/structured_logging.py")
    assert "opentelemetry" not in logging_module.after


def test_a_foreign_module_at_the_tracing_path_is_kept_and_named(tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path, commit=False)
    (root / "tracing.py").write_text("SAMPLE_RATE = 0.1\n")
    changes = plan(root)
    assert "tracing.py exists and does not define setup_tracing()" in "\n".join(changes.messages)
    assert "tracing.py" not in _paths(changes)
    main = next(change for change in changes.changes if str(change.path) == "main.py")
    assert "setup_tracing" not in main.after
