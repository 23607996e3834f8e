"""The public intent names: a contract that bots and editors key on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Intent:
    """One command understood in a sentence.

    Attributes:
        name: One of ``INTENTS`` (``"crud"``, ``"caching"``, ...).
        params: JSON-ready parameters, e.g. ``{"resource": "invoice"}``.
    """

    name: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return ``{"intent": name, "params": params}``."""
        return {"intent": self.name, "params": dict(self.params)}


@dataclass(frozen=True, slots=True)
class IntentInfo:
    """What ``--help`` says about an intent: a summary and a canonical sentence."""

    name: str
    summary: str
    example: str


INTENTS: tuple[IntentInfo, ...] = (
    IntentInfo("audit", "Score the project's production readiness", "audit my FastAPI project"),
    IntentInfo(
        "new_project",
        "Generate a production-ready project",
        "set up a new FastAPI project called shop",
    ),
    IntentInfo("auth", "JWT authentication with role-based access", "add authentication to my API"),
    IntentInfo(
        "crud",
        "Router, service, repository and schemas for a resource",
        "create a CRUD feature for invoices",
    ),
    IntentInfo(
        "optimize_db",
        "Connection pooling, async and N+1 prevention",
        "optimize my database queries",
    ),
    IntentInfo("logging", "structlog with request IDs", "add structured logging"),
    IntentInfo("write_tests", "Async tests and fixtures for a feature", "write tests for invoices"),
    IntentInfo(
        "deploy", "Dockerfile, CI and production checklist", "prepare for production deployment"
    ),
    IntentInfo("caching", "Response caching (Redis or in-process)", "add caching to my API"),
    IntentInfo("error_handling", "Error hierarchy and global handlers", "set up error handling"),
    IntentInfo("websocket", "WebSocket connection manager", "add WebSocket support"),
    IntentInfo("security_review", "The 10-point security checklist", "review my API security"),
)

INTENT_NAMES: tuple[str, ...] = tuple(info.name for info in INTENTS)
