"""websocket: the diff on each project layout and on a generated project (with and
without auth, on new_project's layout and in packages laid out by kind),
idempotence, a project's own WebSocket handling left alone, a project's own
get_current_user called by the socket (or refused, naming why), the refusals, auth
in either order, and generated projects that pass their own checks (with Redis when
FASTPROD_TEST_REDIS_URL is set)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from generated import (
    environment,
    generate,
    package_checks,
    redis_url,
    run_checks,
    run_pytest,
    run_tool,
)
from helpers import copy_fixture, git, snapshot_tree
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


@pytest.mark.parametrize("layout", [*LAYOUTS, "own_auth", "tests_per_feature"])
def test_a_second_run_is_unchanged(layout: str, tmp_path: Path) -> None:
    root = copy_fixture(layout, tmp_path)
    apply(root, SENTENCE)
    again = run(SENTENCE, Options(path=root))
    assert again.status == "unchanged"
    assert again.diff == ""


def test_the_code_goes_where_the_project_keeps_it(tmp_path: Path) -> None:
    expected = {
        # A project with no tests gets its tests folder started, as every recipe starts it.
        "single_file": {
            "realtime.py",
            "connections.py",
            "tests/__init__.py",
            "tests/test_realtime.py",
        },
        "bigger_app": {
            "app/routers/realtime.py",
            "app/connections.py",
            "tests/__init__.py",
            "tests/test_realtime.py",
        },
        # Its settings gain the socket's variables, named in a started .env.example.
        "src_factory": {
            ".env.example",
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


def test_the_socket_is_served_and_tested_under_the_prefix_of_the_projects_routers(
    tmp_path: Path,
) -> None:
    # Included into an aggregating APIRouter served under /api/v1, the route is
    # /api/v1/ws: the message says so and the socket's tests call it there.
    root = copy_fixture("aggregator_src_models", tmp_path)
    changes = plan(root)
    tests = next(c.after or "" for c in changes.changes if c.path.name == "test_realtime.py")
    assert "/api/v1/ws" in tests
    assert '"/ws' not in tests
    assert any("the /api/v1/ws route" in message for message in changes.messages)
    apply(root, SENTENCE)
    result = run_pytest(root, None, "tests/test_realtime.py")
    assert result.returncode == 0, result.output


#: A project keeping its tests per feature, under the testpaths its pytest reads.
PER_FEATURE = "tests_per_feature"
PER_FEATURE_TESTS = "app/orders/tests/test_realtime.py"


def test_tests_go_where_a_project_keeping_them_per_feature_has_its_pytest_find_them(
    tmp_path: Path,
) -> None:
    # No tests/ beside the app: its tests are in app/<feature>/tests/, which
    # pytest collects from the testpaths its configuration names.
    changes = plan(copy_fixture(PER_FEATURE, tmp_path))
    created = {str(c.path) for c in changes.changes if c.before is None}
    assert PER_FEATURE_TESTS in created
    assert not any("the WebSocket tests were not added" in m for m in changes.messages)


@pytest.mark.slow
def test_a_project_keeping_its_tests_per_feature_passes_its_checks(tmp_path: Path) -> None:
    root = copy_fixture(PER_FEATURE, tmp_path)
    apply(root, SENTENCE)
    written = git(root, "diff", "--name-only", "HEAD~1", "HEAD", "--", "*.py").split()
    redis = redis_url()
    runs = [None, redis] if redis is not None else [None]
    results = [
        run_tool(
            root, "ruff", ["ruff", "check", "--no-cache", "--select", "E4,E7,E9,F,I,UP,B", *written]
        ),
        run_tool(root, "ruff format", ["ruff", "format", "--check", "--no-cache", *written]),
        run_tool(root, "mypy", ["mypy", "--strict", "--no-incremental", "app"]),
        *(
            run_tool(
                root,
                "pytest" if url is None else "pytest (redis)",
                ["pytest", "-v", "-p", "no:cacheprovider"],
                env=environment({} if url is None else {"REDIS_URL": url}),
            )
            for url in runs
        ),
    ]
    for result in results:
        assert result.ok, result.report()
        if result.name.startswith("pytest"):
            # The project's own tests and the socket's, found where it keeps its tests.
            assert "app/stock/tests/test_stock.py::test_a_low_level_is_flagged PASSED" in (
                result.output
            )
            assert re.search(rf"{PER_FEATURE_TESTS}::test_\S+ PASSED", result.output)
            assert not re.search(rf"{PER_FEATURE_TESTS}::\S+ FAILED", result.output)


@pytest.mark.parametrize(
    ("key", "named"), [("id", "user.id"), ("account_id", "user.account_id"), ("", "user.email")]
)
def test_a_user_is_named_on_the_socket_by_a_key_before_an_email(
    tmp_path: Path, key: str, named: str
) -> None:
    # What names a sender reaches every client: its key, when the class has one.
    root = copy_fixture("own_auth_db", tmp_path)
    models = root / "app" / "models.py"
    text = models.read_text("utf-8").replace(
        "    id: Mapped[int]", f"    {key or 'number'}: Mapped[int]"
    )
    models.write_text(
        text.replace(
            "    name: Mapped[str]",
            "    email: Mapped[str] = mapped_column(String(80))\n    name: Mapped[str]",
        ),
        "utf-8",
    )
    git(root, "commit", "-qam", "keys")
    router = next(c.after or "" for c in plan(root).changes if c.path.name == "realtime.py")
    assert f"return str({named})" in router


def test_a_projects_own_websockets_are_reported_and_kept(tmp_path: Path) -> None:
    root = copy_fixture("own_websocket", tmp_path)
    before = snapshot_tree(root)
    outcome = run(SENTENCE, Options(path=root))
    assert outcome.status == "unchanged"
    (message,) = outcome.messages
    assert "app/live.py:6: a connection manager (BoardConnectionManager)" in message
    assert "app/main.py:16: a WebSocket route" in message
    assert snapshot_tree(root) == before


# ------------------------------------------------ a project's own get_current_user

SECURITY = "app/security.py"


def test_diff_with_a_projects_own_get_current_user(
    tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    root = copy_fixture("own_auth", tmp_path)
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


def own_auth(parent: Path, old: str = "", new: str = "") -> Path:
    """own_auth, its get_current_user rewritten (``old`` -> ``new``), uncommitted."""
    root = copy_fixture("own_auth", parent, commit=False)
    security = root / SECURITY
    source = security.read_text()
    assert old in source
    security.write_text(source.replace(old, new, 1))
    return root


def router_of(changes: ChangeSet) -> str:
    return next(c.after for c in changes.changes if "def realtime_lifespan(" in c.after)


def test_the_socket_calls_the_projects_own_get_current_user(tmp_path: Path) -> None:
    changes = plan(copy_fixture("own_auth", tmp_path))
    router = router_of(changes)
    assert "from app.security import get_current_user" in router
    assert "user = await get_current_user(token=token)" in router
    assert "except HTTPException:\n        return None" in router
    assert "return str(user)" in router
    assert any(f"own get_current_user ({SECURITY}:10)" in m for m in changes.messages)


def test_a_parameter_with_a_plain_default_is_left_to_it(tmp_path: Path) -> None:
    root = own_auth(tmp_path, ") -> str:", ', scope: str = "read") -> str:')
    assert "user = await get_current_user(token=token)" in router_of(plan(root))


def test_a_sync_get_current_user_runs_in_a_worker_thread(tmp_path: Path) -> None:
    root = own_auth(tmp_path, "async def get_current_user", "def get_current_user")
    router = router_of(plan(root))
    assert "user = await run_in_threadpool(get_current_user, token=token)" in router
    assert "from fastapi.concurrency import run_in_threadpool" in router


def test_a_session_dependency_is_opened_as_the_projects_routes_open_it(tmp_path: Path) -> None:
    # A session dependency beside an OAuth2 token, through Annotated aliases, and
    # the project's own authentication error.
    router = router_of(plan(copy_fixture("audit_src_factory", tmp_path)))
    assert "session: Annotated[AsyncSession, Depends(get_session)]," in router
    assert "from shop.core.database import get_session" in router
    assert "user = await get_current_user(token=token, session=session)" in router
    assert "except (AuthenticationError, HTTPException):" in router
    assert "from shop.core.errors import AuthenticationError" in router
    assert "        await session.close()\n    return str(user.id)" in router


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        (
            "token: Annotated",
            "request: Request, token: Annotated",
            "its parameter request takes the Request, which a socket has not",
        ),
        (
            "token: Annotated",
            "page: int, token: Annotated",
            "its parameter page takes no dependency",
        ),
        (
            "token: Annotated[str, Depends(oauth2_scheme)]",
            "token: Annotated[str, Depends(router)]",
            "its parameter token depends on router, which is neither an OAuth2 token scheme",
        ),
        (
            "token: Annotated[str, Depends(oauth2_scheme)]",
            "token: Annotated[str, Depends(oauth2_scheme)], again: str = Depends(oauth2_scheme)",
            "both token and again take the token",
        ),
        (
            ") -> str:\n    if token",
            ") -> dict[str, str]:\n    if token",
            r"what it returns \(dict\[str, str\]\) is not a str, an int, or a project class",
        ),
    ],
    ids=["request", "unknown", "not-a-scheme", "two-tokens", "returns"],
)
def test_a_get_current_user_the_socket_cannot_call_is_refused(
    old: str, new: str, why: str, tmp_path: Path
) -> None:
    root = own_auth(tmp_path, old, new)
    before = snapshot_tree(root)
    where = re.escape(f"own get_current_user ({SECURITY}:10), and the socket cannot call it: ")
    with pytest.raises(RecipeError, match=where + why):
        plan(root)
    assert snapshot_tree(root) == before


BROKEN = '    if token != "letmein"\n'
#: own_auth's get_current_user, rewritten: an assignment that does not parse.
ASSIGNED = (
    "def get_current_user(",
    "get_current_user = bearer_user(oauth2_scheme\n\n\ndef _former_get_current_user(",
)


@pytest.mark.parametrize(
    ("old", "new", "extra", "said"),
    [
        (
            '    if token != "letmein":\n',
            BROKEN,
            None,
            f"{SECURITY}:11 defines get_current_user, the project's auth dependency, "
            "and does not parse: Python 3.",
        ),
        (
            *ASSIGNED,
            ("app/me.py", "from app.security import get_current_user\n"),
            f"{SECURITY}:10 is where the project imports get_current_user from, the "
            "project's auth dependency, and does not parse",
        ),
    ],
    ids=["defined", "imported"],
)
def test_a_get_current_user_in_a_module_that_does_not_parse_is_refused(
    old: str, new: str, extra: tuple[str, str] | None, said: str, tmp_path: Path
) -> None:
    # The project index skips a module that does not parse: read through it, the
    # socket would find no get_current_user and be written open to anyone.
    root = own_auth(tmp_path, old, new)
    if extra is not None:
        (root / extra[0]).write_text(extra[1])
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fixture")
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match=re.escape(said)) as refused:
        run(SENTENCE, Options(path=root))
    assert "a socket without that check would be open to anyone" in str(refused.value)
    assert "Nothing was changed" in str(refused.value)
    assert snapshot_tree(root) == before


def test_a_module_that_does_not_parse_and_is_not_the_auth_dependency_is_left_alone(
    tmp_path: Path,
) -> None:
    # Only the module that would hold get_current_user matters: the socket still
    # calls the one that parses.
    root = copy_fixture("own_auth", tmp_path, commit=False)
    (root / "app/legacy.py").write_text("def export(:\n    pass\n")
    assert "user = await get_current_user(token=token)" in router_of(plan(root))


#: Our test of the fixture's generated socket with its real get_current_user,
#: which takes "letmein" and names its user "ledger-user".
OWN_AUTH_TEST = """\
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from app.main import app


def test_the_projects_token_opens_the_socket_as_its_user() -> None:
    with TestClient(app) as client:
        with client.websocket_connect("/ws?token=letmein") as socket:
            assert socket.receive_json() == {"type": "welcome", "user": "ledger-user"}
        with client.websocket_connect("/ws") as socket:
            socket.send_json({"type": "authenticate", "token": "letmein"})
            assert socket.receive_json()["user"] == "ledger-user"
        headers = {"Authorization": "Bearer letmein"}
        with client.websocket_connect("/ws", headers=headers) as socket:
            assert socket.receive_json()["user"] == "ledger-user"
        with client.websocket_connect("/ws", subprotocols=["bearer", "letmein"]) as socket:
            assert socket.receive_json()["user"] == "ledger-user"
            assert socket.accepted_subprotocol == "bearer"


@pytest.mark.parametrize(
    ("path", "first", "given"),
    [
        ("/ws?token=nope", None, {}),
        ("/ws", {"type": "authenticate", "token": "nope"}, {}),
        ("/ws", {"type": "message", "data": 1}, {}),
        ("/ws", None, {"headers": {"Authorization": "Bearer nope"}}),
        ("/ws", None, {"subprotocols": ["bearer", "nope"]}),
    ],
)
def test_a_token_the_project_refuses_closes_with_1008(
    path: str, first: dict[str, object] | None, given: dict[str, Any]
) -> None:
    with TestClient(app) as client, client.websocket_connect(path, **given) as socket:
        if first is not None:
            socket.send_json(first)
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    assert closed.value.code == 1008
"""


#: The same with a session: get_current_user looks the token up in the database,
#: through the project's session dependency, and raises its own error.
OWN_AUTH_DB_TEST = """\
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from app.database import SessionLocal
from app.main import app
from app.models import Account


def test_an_accounts_token_opens_the_socket_as_that_account() -> None:
    token = uuid4().hex

    async def added() -> int:
        async with SessionLocal() as session:
            account = Account(name="ada", api_token=token)
            session.add(account)
            await session.commit()
            return account.id

    with TestClient(app) as client:
        assert client.portal is not None
        user = client.portal.call(added)
        with client.websocket_connect(f"/ws?token={token}") as socket:
            assert socket.receive_json() == {"type": "welcome", "user": str(user)}


@pytest.mark.parametrize("token", ["nope", ""])
def test_a_token_naming_no_account_closes_with_1008(token: str) -> None:
    with TestClient(app) as client, client.websocket_connect(f"/ws?token={token}") as socket:
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    assert closed.value.code == 1008
"""

#: Each layout of a project's own get_current_user: its fixture, the rewrite of
#: its function, our test of its socket, and the tests of ours that must have run.
OWN_CASES = {
    "async": ("own_auth", "", OWN_AUTH_TEST),
    "sync": ("own_auth", "async def get_current_user", OWN_AUTH_TEST),
    "session": ("own_auth_db", "", OWN_AUTH_DB_TEST),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(OWN_CASES))
def test_a_project_with_its_own_get_current_user_passes_its_checks(
    case: str, tmp_path: Path
) -> None:
    fixture, old, ours = OWN_CASES[case]
    root = copy_fixture(fixture, tmp_path, commit=False)
    security = root / SECURITY
    security.write_text(security.read_text().replace(old, old.removeprefix("async "), 1))
    (root / "tests").mkdir()
    (root / "tests/test_app.py").write_text(OWN_TEST)
    (root / "tests/test_own_auth.py").write_text(ours)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fixture")
    apply(root, SENTENCE)
    for result in package_checks(root, fixture):
        assert result.ok, result.report()
        if result.name.startswith("pytest"):
            assert "test_own_auth.py" in result.output
            assert not re.search(r"test_own_auth.py::\S+ (FAILED|SKIPPED)", result.output)
            for name in (
                "test_realtime.py::test_a_bad_or_missing_token_closes_with_1008",
                "test_realtime.py::test_the_token_may_come_in_the_first_message",
            ):
                assert re.search(rf"{name}\S* PASSED", result.output), name


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


def test_auth_after_websocket_has_the_socket_take_a_token(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    apply(root, SENTENCE)
    auth = run(AUTH, Options(path=root, commit=True))
    assert auth.status == "applied"
    router = (root / ROUTER).read_text()
    assert "anonymous-" not in router
    assert "WS_1008_POLICY_VIOLATION" in router
    (said,) = [message for message in auth.messages if ROUTER in message]
    assert "now takes an access token" in said
    assert (
        "def test_a_bad_or_missing_token_closes_with_1008"
        in (root / "tests/test_realtime.py").read_text()
    )
    # Websocket then auth: the project auth then websocket gives.
    other = generate(tmp_path / "other", "shop")
    apply(other, AUTH)
    apply(other, SENTENCE)
    assert files(root) == files(other)
    again = run(SENTENCE, Options(path=root))
    assert (again.status, again.diff) == ("unchanged", "")


def test_an_edited_anonymous_socket_is_kept_when_auth_comes(tmp_path: Path) -> None:
    root = generate(tmp_path, "shop")
    apply(root, SENTENCE)
    edited = (root / ROUTER).read_text() + "\n# ours now\n"
    (root / ROUTER).write_text(edited)
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "edited")
    auth = run(AUTH, Options(path=root, commit=True))
    assert auth.status == "applied"
    assert (root / ROUTER).read_text() == edited
    (said,) = [message for message in auth.messages if ROUTER in message]
    assert "was edited since it was written: it is kept, and still lets anyone in" in said
    outcome = run(SENTENCE, Options(path=root))
    assert (root / ROUTER).read_text() == edited
    assert outcome.status == "unchanged"


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentences",
    [
        (SENTENCE,),
        (AUTH, SENTENCE, "add structured logging"),
        (SENTENCE, "add structured logging", AUTH),
    ],
    ids=["websocket", "auth-websocket-logging", "websocket-logging-auth"],
)
def test_generated_project_with_websocket_passes_its_checks(
    sentences: tuple[str, ...], tmp_path: Path
) -> None:
    root = generate(tmp_path, "shop")
    for sentence in sentences:
        apply(root, sentence)
    for result in run_checks(root):
        assert result.ok, result.report()


# ------------------------------------------------ auth laid out by kind

KIND_LAYOUTS = ("src_factory", "sync_orm")
KIND_ROUTERS = {
    "src_factory": "src/bookshop/routes/realtime.py",
    "sync_orm": "app/routers/realtime.py",
}
#: A test of the project's own, for a layout that has none: websocket and auth
#: write their tests where the project keeps its tests.
OWN_TEST = (
    "from fastapi.testclient import TestClient\n\n"
    "from app.main import app\n\n\n"
    "def test_the_app_answers() -> None:\n"
    '    assert TestClient(app).get("/openapi.json").status_code == 200\n'
)


def by_kind(layout: str, parent: Path) -> Path:
    """The fixture, committed, with a tests folder of its own."""
    root = copy_fixture(layout, parent)
    if not (root / "tests").exists():
        (root / "tests").mkdir()
        (root / "tests/test_app.py").write_text(OWN_TEST)
        git(root, "add", "-A")
        git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a test")
    return root


def files(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot_tree(root).items() if not k.startswith(".git/")}


@pytest.mark.parametrize("layout", KIND_LAYOUTS)
def test_diff_after_auth_in_a_package_laid_out_by_kind(
    layout: str, tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    root = by_kind(layout, tmp_path)
    apply(root, AUTH)
    assert plan(root).diff() == snapshot.use_extension(DiffSnapshotExtension)


@pytest.mark.parametrize("layout", KIND_LAYOUTS)
def test_after_auth_by_kind_the_socket_takes_a_token_and_a_second_run_is_unchanged(
    layout: str, tmp_path: Path
) -> None:
    root = by_kind(layout, tmp_path)
    apply(root, AUTH)
    outcome = run(SENTENCE, Options(path=root, commit=True))
    assert outcome.status == "applied"
    assert any("the socket takes an access token" in m for m in outcome.messages)
    router = (root / KIND_ROUTERS[layout]).read_text()
    assert "anonymous-" not in router
    assert "    session: DbSession,\n    settings: SettingsDep,\n" in router
    lookup = {
        # A sync Session would block the event loop: the lookup runs in a thread.
        "sync_orm": "return await run_in_threadpool(active_user, session, found)",
        "src_factory": "return await active_user(session, found)",
    }
    assert lookup[layout] in router
    before = files(root)
    again = run(SENTENCE, Options(path=root))
    assert (again.status, again.diff) == ("unchanged", "")
    assert files(root) == before


@pytest.mark.parametrize("layout", KIND_LAYOUTS)
def test_auth_by_kind_after_websocket_has_the_socket_take_a_token(
    layout: str, tmp_path: Path
) -> None:
    root = by_kind(layout, tmp_path / "websocket-auth")
    router = KIND_ROUTERS[layout]
    apply(root, SENTENCE)
    auth = run(AUTH, Options(path=root, commit=True))
    assert auth.status == "applied"
    assert "    session: DbSession,\n    settings: SettingsDep,\n" in (root / router).read_text()
    (said,) = [message for message in auth.messages if router in message]
    assert "now takes an access token" in said
    # Websocket then auth: the project auth then websocket gives (on sync_orm,
    # auth added the settings class the first route did without).
    other = by_kind(layout, tmp_path / "auth-websocket")
    apply(other, AUTH)
    apply(other, SENTENCE)
    assert files(root) == files(other)


def test_auth_by_kind_without_the_session_dependency_it_wrote_is_refused(
    tmp_path: Path,
) -> None:
    root = by_kind("sync_orm", tmp_path)
    apply(root, AUTH)
    dependencies = root / "app/dependencies.py"
    dependencies.write_text(dependencies.read_text().replace("DbSession", "Db"))
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "renamed")
    before = snapshot_tree(root)
    with pytest.raises(RecipeError, match=r"app/dependencies.py defines no DbSession\."):
        run(SENTENCE, Options(path=root))
    assert snapshot_tree(root) == before


#: Generated tests that must have run: a good token and the bad ones; on the sync
#: layout, the lookup off the event loop too.
KIND_TESTS = (
    "test_a_token_from_sign_in_opens_the_socket",
    "test_a_bad_or_missing_token_closes_with_1008",
    "test_a_refresh_or_expired_token_or_a_gone_user_is_refused",
    "test_a_disabled_user_is_refused",
)
SYNC_TESTS = ("test_the_user_is_looked_up_off_the_event_loop",)


@pytest.mark.slow
@pytest.mark.parametrize("layout", KIND_LAYOUTS)
def test_a_package_laid_out_by_kind_with_auth_then_websocket_passes_its_checks(
    layout: str, tmp_path: Path
) -> None:
    root = by_kind(layout, tmp_path)
    apply(root, AUTH)
    apply(root, SENTENCE)
    for result in package_checks(root, layout):
        assert result.ok, result.report()
        if result.name.startswith("pytest"):
            assert re.search(r"\b\d{2,} passed", result.output), result.output[-500:]
            for name in KIND_TESTS + (SYNC_TESTS if layout == "sync_orm" else ()):
                assert re.search(rf"test_realtime.py::{name}\S* PASSED", result.output), name
    if layout == "src_factory":
        # The tests touched only their own database: the app's (./bookshop.db by
        # default, created by the lifespan's tables_created) was never opened.
        # sync_orm's own main module creates its tables on import, by its design.
        assert not list(root.glob("*.db"))


def test_the_socket_tests_run_the_lifespan_on_the_test_database_of_a_new_layer(
    tmp_path: Path,
) -> None:
    # crud's database layer creates its tables in the lifespan, on the engine of
    # its module: the socket tests, which run the lifespan, give it the test
    # database's, written so by websocket after crud, and by crud itself on a
    # project websocket had reached first.
    patched = 'monkeypatch.setattr("bookshop.database.engine", engine)'
    after = by_kind("src_factory", tmp_path / "after")
    apply(after, "create a CRUD feature for invoices")
    apply(after, SENTENCE)
    assert patched in (after / "tests/test_realtime.py").read_text()
    before = by_kind("src_factory", tmp_path / "before")
    apply(before, SENTENCE)
    assert patched not in (before / "tests/test_realtime.py").read_text()
    crud = run("create a CRUD feature for invoices", Options(path=before, commit=True))
    assert any(
        "the WebSocket tests now run the app on the test database" in m for m in crud.messages
    )
    assert files(before)["tests/test_realtime.py"] == files(after)["tests/test_realtime.py"]
    assert run(SENTENCE, Options(path=before)).status == "unchanged"
