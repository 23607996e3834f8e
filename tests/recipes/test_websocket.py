"""websocket: the diff on each project layout and on a generated project (with and
without auth), idempotence, a project's own WebSocket handling left alone, the
refusals, auth in either order, and generated projects that pass their own checks
(with Redis when FASTPROD_TEST_REDIS_URL is set)."""

from __future__ import annotations

from pathlib import Path

import pytest
from generated import generate, run_checks
from helpers import copy_fixture, snapshot_tree
from snapshot import DiffSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from fastprod import ChangeSet, Project, RecipeError
from fastprod.core._registry import load
from fastprod.engine._engine import Options, run

SENTENCE = "add WebSocket support"
AUTH = "add authentication to my API"
RECIPE = load("websocket")
LAYOUTS = ("single_file", "bigger_app", "src_factory", "sync_orm")
ROUTER = "src/app/features/realtime/router.py"


def plan(root: Path) -> ChangeSet:
    return RECIPE.plan(RECIPE.build_params({}), Project(root))


def apply(root: Path, sentence: str) -> None:
    assert run(sentence, Options(path=root, commit=True)).status == "applied"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_diff_on_each_layout(layout: str, tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = copy_fixture(layout, tmp_path)
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_diff_on_a_generated_project(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = generate(tmp_path, "shop")
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_diff_on_a_generated_project_with_auth(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = generate(tmp_path, "shop")
    apply(root, AUTH)
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


def test_diff_when_already_applied(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    root = generate(tmp_path, "shop")
    apply(root, SENTENCE)
    diff = plan(root).diff()
    assert diff == ""
    assert diff == snapshot.use_extension(DiffSnapshotExtension)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_second_run_is_unchanged(layout: str, tmp_path: Path) -> None:
    root = copy_fixture(layout, tmp_path)
    apply(root, SENTENCE)
    again = run(SENTENCE, Options(path=root))
    assert again.status == "unchanged"
    assert again.diff == ""


def test_the_code_goes_where_the_project_keeps_it(tmp_path: Path) -> None:
    expected = {
        "single_file": {"realtime.py", "connections.py"},
        "bigger_app": {"app/routers/realtime.py", "app/connections.py"},
        "src_factory": {
            "src/bookshop/routes/realtime.py",
            "src/bookshop/connections.py",
            "tests/test_realtime.py",
        },
    }
    for layout, files in expected.items():
        created = {
            str(c.path) for c in plan(copy_fixture(layout, tmp_path)).changes if c.before is None
        }
        assert created == files, layout


def test_a_projects_own_websockets_are_reported_and_kept(tmp_path: Path) -> None:
    root = copy_fixture("own_websocket", tmp_path)
    before = snapshot_tree(root)
    outcome = run(SENTENCE, Options(path=root))
    assert outcome.status == "unchanged"
    (message,) = outcome.messages
    assert "app/live.py:6: a connection manager (BoardConnectionManager)" in message
    assert "app/main.py:16: a WebSocket route" in message
    assert snapshot_tree(root) == before


def test_a_projects_own_get_current_user_is_refused(tmp_path: Path) -> None:
    root = copy_fixture("own_auth", tmp_path)
    with pytest.raises(RecipeError, match=r"own get_current_user \(app/security.py:10\)"):
        plan(root)


def test_a_foreign_module_at_the_managers_path_is_refused(tmp_path: Path) -> None:
    root = copy_fixture("single_file", tmp_path, commit=False)
    (root / "connections.py").write_text("POOL = []\n")
    with pytest.raises(RecipeError, match=r"connections\.py exists and is not fastprod's"):
        plan(root)


def test_without_auth_the_socket_is_anonymous_and_says_so(tmp_path: Path) -> None:
    changes = plan(generate(tmp_path, "shop"))
    router = next(c.after for c in changes.changes if str(c.path) == ROUTER)
    assert 'user = f"anonymous-{secrets.token_hex(8)}"' in router
    assert "decode_token" not in router
    assert any("the socket is anonymous" in message for message in changes.messages)


def test_auth_after_websocket_leaves_the_socket_anonymous_until_run_again(
    tmp_path: Path,
) -> None:
    root = generate(tmp_path, "shop")
    apply(root, SENTENCE)
    auth = run(AUTH, Options(path=root, commit=True))
    assert auth.status == "applied"
    assert "anonymous-" in (root / ROUTER).read_text()
    (said,) = [message for message in auth.messages if ROUTER in message]
    assert "still lets anyone in; run 'add WebSocket support' again" in said
    apply(root, SENTENCE)
    router = (root / ROUTER).read_text()
    assert "anonymous-" not in router
    assert "WS_1008_POLICY_VIOLATION" in router
    assert (
        "def test_a_bad_or_missing_token_closes_with_1008"
        in (root / "tests/test_realtime.py").read_text()
    )
    # Auth after websocket then websocket again: as websocket after auth.
    other = generate(tmp_path / "other", "shop")
    apply(other, AUTH)
    apply(other, SENTENCE)
    assert (other / ROUTER).read_text() == router


def test_an_edited_anonymous_socket_is_kept_when_auth_comes(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    apply(root, SENTENCE)
    apply(root, AUTH)
    edited = (root / ROUTER).read_text() + "\n# ours now\n"
    (root / ROUTER).write_text(edited)
    outcome = run(SENTENCE, Options(path=root, force=True))
    assert (root / ROUTER).read_text() == edited
    assert outcome.status == "unchanged"


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentences",
    [
        (SENTENCE,),
        (AUTH, SENTENCE, "add structured logging"),
        (SENTENCE, "add structured logging", AUTH, SENTENCE),
    ],
    ids=["websocket", "auth-websocket-logging", "websocket-logging-auth-websocket"],
)
def test_generated_project_with_websocket_passes_its_checks(
    sentences: tuple[str, ...], tmp_path: Path
) -> None:
    root = generate(tmp_path, "shop")
    for sentence in sentences:
        apply(root, sentence)
    for result in run_checks(root):
        assert result.ok, result.report()
