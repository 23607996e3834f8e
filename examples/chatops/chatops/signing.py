"""Slack request signing: the HMAC of ``v0:<timestamp>:<body>``, a fresh timestamp, no replay.

Slack signs every request it sends with the app's signing secret
(``X-Slack-Signature: v0=<hex>``, ``X-Slack-Request-Timestamp``). A request
is accepted once: a valid signature seen before inside the freshness window is
a replay.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable

MAX_AGE_SECONDS = 300


class BadRequestSignature(Exception):
    """The request is not from Slack, too old, or already seen."""


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Slack-Signature`` value for ``body`` sent at ``timestamp``."""
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    return "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()


class Verifier:
    """Checks signatures and timestamps, and remembers what it accepted to refuse replays."""

    def __init__(self, secret: str, clock: Callable[[], float] = time.time) -> None:
        """Verify with ``secret``; ``clock`` gives the current Unix time."""
        if not secret:
            raise ValueError("the signing secret is empty")
        self._secret = secret
        self._clock = clock
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def verify(self, timestamp: str | None, signature: str | None, body: bytes) -> None:
        """Accept the request or raise.

        Raises:
            BadRequestSignature: Headers missing, stale timestamp, wrong
                signature, or a request already accepted.
        """
        if not timestamp or not signature or not timestamp.isdigit():
            raise BadRequestSignature("missing or malformed signature headers")
        now = self._clock()
        if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
            raise BadRequestSignature("stale timestamp")
        if not hmac.compare_digest(sign(self._secret, timestamp, body), signature):
            raise BadRequestSignature("bad signature")
        with self._lock:
            self._forget_before(now - MAX_AGE_SECONDS)
            if signature in self._seen:
                raise BadRequestSignature("replayed request")
            self._seen[signature] = int(timestamp)

    def _forget_before(self, oldest: float) -> None:
        # A signature older than the window cannot be replayed: its timestamp is stale.
        for key in [k for k, at in self._seen.items() if at < oldest]:
            del self._seen[key]
