"""The worker: runs fastprod on the checkout, one job at a time, and posts the answer.

A plan is kept by its id with its sentence, so an approval applies exactly the
plan this bot showed; fastprod itself refuses the apply when the repository,
the sentence or fastprod changed since (``PlanChanged``).
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import fastprod

Runner = Callable[..., fastprod.Result]
Poster = Callable[[str, dict[str, Any]], None]


def post_json(url: str, message: dict[str, Any]) -> None:
    """POST ``message`` to a Slack ``response_url``."""
    if not url.startswith("https://hooks.slack.com/"):
        raise ValueError(f"not a Slack response URL: {url}")
    request = urllib.request.Request(
        url,
        data=json.dumps(message).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10):  # the URL is checked above
        pass


class Worker:
    """One thread working on one checkout; jobs queue up in order."""

    def __init__(self, checkout: Path, runner: Runner, poster: Poster, branch_prefix: str) -> None:
        """Work on ``checkout`` with ``runner`` (``fastprod.run``), answer through ``poster``."""
        self.checkout = checkout
        self._run = runner
        self._post = poster
        self._prefix = branch_prefix
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fastprod")
        self._plans: dict[str, str] = {}
        self._lock = threading.Lock()
        self.jobs: list[Future[None]] = []

    def plan(self, sentence: str, response_url: str, user: str) -> None:
        """Queue a dry run whose summary is posted with an approve button."""
        self.jobs.append(self._pool.submit(self._plan, sentence, response_url, user))

    def apply(self, plan_id: str, response_url: str, user: str) -> None:
        """Queue the apply of a plan this bot made."""
        self.jobs.append(self._pool.submit(self._apply, plan_id, response_url, user))

    def drain(self, timeout: float = 120) -> None:
        """Wait for every queued job (tests, shutdown)."""
        for job in list(self.jobs):
            job.result(timeout=timeout)

    def _plan(self, sentence: str, response_url: str, user: str) -> None:
        try:
            result = self._run(sentence, self.checkout, dry_run=True)
        except fastprod.FastprodError as error:
            self._post(response_url, _text(f"fastprod could not plan `{sentence}`: {error}"))
            return
        if not result.changed or result.plan_id is None:
            self._post(response_url, _text(_slack(result.summary_markdown)))
            return
        with self._lock:
            self._plans[result.plan_id] = sentence
        self._post(response_url, _plan_message(result, user))

    def _apply(self, plan_id: str, response_url: str, user: str) -> None:
        with self._lock:
            sentence = self._plans.get(plan_id)
        if sentence is None:
            self._post(response_url, _text(f"`{plan_id}` is not a plan this bot made."))
            return
        try:
            result = self._run(
                sentence,
                self.checkout,
                commit=True,
                branch=f"{self._prefix}{plan_id}",
                plan_id=plan_id,
            )
        except fastprod.FastprodError as error:
            self._post(response_url, _text(f"Not applied ({error.code}): {error.message}"))
            return
        with self._lock:
            self._plans.pop(plan_id, None)
        done = f"<@{user}> approved. " if user else ""
        where = f"Committed `{(result.commit or '')[:12]}` on branch `{result.branch}`."
        self._post(response_url, _text(f"{done}{_slack(result.summary_markdown)}\n{where}"))


def _slack(markdown: str) -> str:
    # Slack's mrkdwn writes bold with single asterisks.
    return markdown.replace("**", "*")


def _text(text: str) -> dict[str, Any]:
    return {"response_type": "in_channel", "text": text}


def _plan_message(result: fastprod.Result, user: str) -> dict[str, Any]:
    summary = _slack(result.summary_markdown)
    asked = f"<@{user}> asked: " if user else ""
    return {
        "response_type": "in_channel",
        "text": f"{asked}{summary}",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": summary[:3000]}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "approve",
                        "style": "primary",
                        "text": {"type": "plain_text", "text": "Approve and apply"},
                        "value": result.plan_id,
                    }
                ],
            },
        ],
    }
