"""The public intent names: a contract that bots and editors key on.

They are the registered recipe specs (``recipes/<name>/spec.toml``).
"""

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
    """What ``--help`` says about an intent: its spec's summary and canonical sentence."""

    name: str
    summary: str
    example: str


def _infos() -> tuple[IntentInfo, ...]:
    # Read from the specs, in registry order: recipes/<name>/spec.toml.
    from fastprod.core._registry import SPECS

    return tuple(IntentInfo(s.name, s.summary, s.example) for s in SPECS.values())


INTENTS: tuple[IntentInfo, ...] = _infos()
"""Every intent, runnable or not, in the order ``--help`` lists them."""

INTENT_NAMES: tuple[str, ...] = tuple(info.name for info in INTENTS)
