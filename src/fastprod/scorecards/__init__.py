"""The scorecards: ``audit`` (health, quality, security) and ``security_review``.

Both read the repository by static analysis only: every Python file is parsed
once with :mod:`ast` and walked once; nothing is imported or run, and nothing
is written.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastprod.scorecards._model import AuditReport, SecurityReport
    from fastprod.scorecards._run import run_audit, run_security_review

__all__ = ["AuditReport", "SecurityReport", "run_audit", "run_security_review"]


# Loaded when first used: a recipe that only reports findings in the audit's
# formats (``_findings``) imports this package without its scorecards.
_LAZY = {
    "AuditReport": "_model",
    "SecurityReport": "_model",
    "run_audit": "_run",
    "run_security_review": "_run",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
