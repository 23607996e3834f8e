"""What a refused sentence is offered instead, and the reason a removal is refused."""

from __future__ import annotations

from fastprod.core._intents import INTENTS
from fastprod.language._text import shorten

SUGGESTIONS: tuple[str, ...] = (
    *(info.example for info in INTENTS),
    "add JWT authentication",
    "add Redis caching",
    "add request ID logging",
    "fix N+1 queries",
    "add a Dockerfile",
    "run a security audit",
    "write tests for the users feature",
    "create a CRUD feature for invoices with fields number:str, amount:decimal",
    "add a global exception handler",
    "enable WebSockets in my API",
)
MAX_SUGGESTIONS = 3


def suggest(sentence: str) -> tuple[str, ...]:
    """Return up to three supported commands closest to ``sentence``."""
    # Imported here: only a refused sentence needs it.
    from rapidfuzz import fuzz, process, utils

    matches = process.extract(
        sentence,
        SUGGESTIONS,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        limit=MAX_SUGGESTIONS,
    )
    return tuple(choice for choice, _, _ in matches)


def removal_refused(sentence: str) -> str:
    """The reason a sentence that asks to remove or disable something is refused."""
    return (
        f"fastprod only adds features; nothing removes or disables them, so "
        f"'{shorten(sentence)}' was not run."
    )
