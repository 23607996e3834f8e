"""The chat-ops example (examples/chatops/): signed, forged, stale and replayed requests,
the three-second answer, and an approval applied or refused by its plan id."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from helpers import copy_fixture, git, snapshot_tree

import fastprod

sys.path.insert(0, str(Path(__file__).parent.parent / "examples" / "chatops"))

from chatops import Settings, create_app
from chatops.signing import sign

SECRET = "8f14e45fceea167a5a36dedd4bea2543"
SENTENCE = "set up error handling"
HOOK = "https://hooks.slack.com/commands/T1/B2/xyz"


class Bot:
    """The app under test, with what it posted back."""

    def __init__(self, checkout: Path, runner: Any = None) -> None:
        self.posted: list[tuple[str, dict[str, Any]]] = []
        app = create_app(
            Settings(SECRET, checkout),
            runner=runner,
            poster=lambda url, message: self.posted.append((url, message)),
        )
        self.app = app
        self.client = TestClient(app)
        self.worker = app.state.worker

    def send(self, path: str, body: bytes, *, secret: str = SECRET, at: int | None = None) -> Any:
        timestamp = str(at if at is not None else int(time.time()))
        headers = {
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": sign(secret, timestamp, body),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return self.client.post(path, content=body, headers=headers)


def _command(text: str, nonce: str = "1") -> bytes:
    form = {"command": "/fastprod", "text": text, "response_url": HOOK, "user_id": "U1"}
    return urlencode({**form, "trigger_id": nonce}).encode()


def _approval(plan_id: str) -> bytes:
    payload = {
        "type": "block_actions",
        "user": {"id": "U2"},
        "response_url": HOOK,
        "actions": [{"action_id": "approve", "value": plan_id}],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    return copy_fixture("single_file", tmp_path)


@pytest.fixture
def bot(checkout: Path) -> Iterator[Bot]:
    yield Bot(checkout)


def _plan(bot: Bot) -> str:
    assert bot.send("/slack/commands", _command(SENTENCE)).status_code == 200
    bot.worker.drain()
    url, message = bot.posted[-1]
    assert url == HOOK
    button = message["blocks"][1]["elements"][0]
    assert button["action_id"] == "approve"
    plan_id: str = button["value"]
    return plan_id


def test_a_signed_command_is_planned_and_posted_with_an_approve_button(
    bot: Bot, checkout: Path
) -> None:
    before = snapshot_tree(checkout)
    plan_id = _plan(bot)
    message = bot.posted[-1][1]
    assert "*fastprod* would change: `set up error handling`" in message["text"]
    assert "`errors.py` create" in message["blocks"][0]["text"]["text"]
    assert plan_id == fastprod.run(SENTENCE, checkout, dry_run=True).plan_id
    assert snapshot_tree(checkout) == before


def test_the_approval_applies_the_plan_on_a_branch(bot: Bot, checkout: Path) -> None:
    plan_id = _plan(bot)
    assert bot.send("/slack/actions", _approval(plan_id)).status_code == 200
    bot.worker.drain()
    text = bot.posted[-1][1]["text"]
    assert text.startswith("<@U2> approved. *fastprod* applied")
    assert f"fastprod/{plan_id}" in text
    assert git(checkout, "branch", "--show-current").strip() == f"fastprod/{plan_id}"
    assert git(checkout, "log", "-1", "--format=%s").strip() == f"fastprod: {SENTENCE}"
    assert (checkout / "errors.py").exists()


def test_a_plan_approved_after_the_repository_changed_is_refused(bot: Bot, checkout: Path) -> None:
    plan_id = _plan(bot)
    main = checkout / "main.py"
    main.write_text(main.read_text() + "\n# pushed meanwhile\n")
    git(checkout, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "meanwhile")
    before = snapshot_tree(checkout)
    bot.send("/slack/actions", _approval(plan_id))
    bot.worker.drain()
    text = bot.posted[-1][1]["text"]
    assert text.startswith("Not applied (plan_changed)")
    assert snapshot_tree(checkout) == before
    assert git(checkout, "branch", "--show-current").strip() == "main"


def test_an_unknown_plan_id_is_refused(bot: Bot, checkout: Path) -> None:
    before = snapshot_tree(checkout)
    bot.send("/slack/actions", _approval("0123456789abcdef0123"))
    bot.worker.drain()
    assert "not a plan this bot made" in bot.posted[-1][1]["text"]
    assert snapshot_tree(checkout) == before


def test_a_forged_signature_is_refused_and_nothing_runs(bot: Bot) -> None:
    response = bot.send("/slack/commands", _command(SENTENCE), secret="not-the-secret")
    assert response.status_code == 401
    assert response.json() == {"error": "bad signature"}
    assert bot.worker.jobs == []


def test_a_tampered_body_is_refused(bot: Bot) -> None:
    timestamp = str(int(time.time()))
    signature = sign(SECRET, timestamp, _command(SENTENCE))
    response = bot.client.post(
        "/slack/commands",
        content=_command("add structured logging"),
        headers={"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature},
    )
    assert response.status_code == 401
    assert bot.worker.jobs == []


def test_missing_headers_are_refused(bot: Bot) -> None:
    response = bot.client.post("/slack/commands", content=_command(SENTENCE))
    assert response.status_code == 401
    assert bot.worker.jobs == []


def test_a_stale_timestamp_is_refused(bot: Bot) -> None:
    response = bot.send("/slack/commands", _command(SENTENCE), at=int(time.time()) - 301)
    assert response.status_code == 401
    assert response.json() == {"error": "stale timestamp"}
    assert bot.worker.jobs == []


def test_a_replayed_request_is_refused(bot: Bot) -> None:
    body = _command(SENTENCE)
    at = int(time.time())
    assert bot.send("/slack/commands", body, at=at).status_code == 200
    replay = bot.send("/slack/commands", body, at=at)
    assert replay.status_code == 401
    assert replay.json() == {"error": "replayed request"}
    bot.worker.drain()
    assert len(bot.worker.jobs) == 1


def test_a_replayed_approval_is_refused(bot: Bot) -> None:
    plan_id = _plan(bot)
    body = _approval(plan_id)
    at = int(time.time())
    assert bot.send("/slack/actions", body, at=at).status_code == 200
    assert bot.send("/slack/actions", body, at=at).status_code == 401


def test_the_answer_comes_within_three_seconds_while_the_work_goes_on(checkout: Path) -> None:
    release = threading.Event()

    def slow_run(*args: Any, **kwargs: Any) -> fastprod.Result:
        release.wait(30)
        return fastprod.run(*args, **kwargs)

    bot = Bot(checkout, runner=slow_run)
    started = time.monotonic()
    response = bot.send("/slack/commands", _command(SENTENCE))
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert response.json()["text"] == "Planning `set up error handling`…"
    assert elapsed < 3
    assert bot.posted == []
    release.set()
    bot.worker.drain()
    assert bot.posted and "would change" in bot.posted[-1][1]["text"]


def test_a_sentence_fastprod_refuses_is_answered_in_the_channel(bot: Bot) -> None:
    bot.send("/slack/commands", _command("make me a sandwich"))
    bot.worker.drain()
    assert bot.posted[-1][1]["text"].startswith("fastprod could not plan `make me a sandwich`")
    assert "blocks" not in bot.posted[-1][1]
