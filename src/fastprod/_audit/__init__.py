"""The scorecards: ``audit`` (health, quality, security) and ``security_review``.

Both read the repository by static analysis only: every Python file is parsed
once with :mod:`ast` and walked once; nothing is imported or run, and nothing
is written.
"""

from __future__ import annotations

from ._model import AuditReport, SecurityReport
from ._run import run_audit, run_security_review

__all__ = ["AuditReport", "SecurityReport", "run_audit", "run_security_review"]
