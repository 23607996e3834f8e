"""The scorecards as values, and their output forms (JSON, text lines, SARIF, a table).

``AuditReport`` and ``SecurityReport`` implement the engine's ``Report``
protocol. Every point given or withheld carries :class:`Evidence`; every gap
carries a :class:`Fix`, with the fastprod sentence that closes it when a recipe
does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastprod.project._model._facts import Location, Unparsed

BANDS = ((80.0, "production-grade"), (60.0, "solid"), (40.0, "needs work"), (0.0, "critical"))
"""Score thresholds of the playbook's verdict bands, highest first."""

HEALTH_CRITICAL_BELOW = 8
"""The playbook: a health total under 8 of 16 means critical work is needed."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What was found or missing, and where."""

    text: str
    loc: Location | None = None

    def to_json(self) -> dict[str, Any]:
        """``{"text", "path", "line", "col"}`` (location keys ``null`` when there is none)."""
        loc = self.loc
        return {
            "text": self.text,
            "path": loc.path if loc else None,
            "line": loc.line if loc else None,
            "col": loc.col if loc else None,
        }

    def __str__(self) -> str:
        return f"{self.loc}: {self.text}" if self.loc else self.text


@dataclass(frozen=True, slots=True)
class Fix:
    """How to close a gap: a plain instruction and, when a recipe does it, the sentence.

    Attributes:
        text: What to change, for a person.
        sentence: The fastprod sentence that closes the gap, if an intent covers it.
        intent: That sentence's intent name.
        available: True when that intent's recipe exists in this fastprod.
    """

    text: str
    sentence: str | None = None
    intent: str | None = None
    available: bool = False

    @property
    def command(self) -> str | None:
        """``fastprod "<sentence>"`` when a recipe exists for it."""
        if self.sentence is None or not self.available:
            return None
        return f'fastprod "{self.sentence}"'

    def short(self) -> str:
        """One phrase: ``run: fastprod "..."`` or ``fix: ...``."""
        command = self.command
        return f"run: {command}" if command else f"fix: {self.text}"

    def to_json(self) -> dict[str, Any]:
        """The fix as JSON: text, sentence, intent, command (when runnable)."""
        return {
            "text": self.text,
            "sentence": self.sentence,
            "intent": self.intent,
            "command": self.command,
        }


@dataclass(frozen=True, slots=True)
class Issue:
    """A defect on one line, reported under its own rule id inside a signal or the review.

    Attributes:
        id: The rule id (``database.late_commit``), stable across releases.
        title: The rule's title.
        severity: ``error``, ``warning`` or ``note``.
        text: What is wrong on that line.
        loc: The line it is about.
        fix: How to close it.
    """

    id: str
    title: str
    severity: str
    text: str
    loc: Location | None
    fix: Fix | None = None

    def finding(self) -> Finding:
        """The issue as a located finding."""
        message = f"{self.title}: {self.text}"
        if self.fix:
            message += f" ({self.fix.short()})"
        return finding(self.id, self.severity, message, self.loc)

    def to_json(self) -> dict[str, Any]:
        """``{"id", "title", "severity", "text", "path", "line", "col"}``."""
        loc = self.loc
        return {
            "id": self.id,
            "title": self.title,
            "severity": self.severity,
            "text": self.text,
            "path": loc.path if loc else None,
            "line": loc.line if loc else None,
            "col": loc.col if loc else None,
            "fix": self.fix.to_json() if self.fix else None,
        }


ISSUE_RULES = (
    ("database.late_commit", "Unit of work finished after the response is sent", "error"),
    ("database.sqlite_default", "Database URL falls back to SQLite outside development", "warning"),
    ("testing.app_database", "Tests reset the app's own database", "error"),
    ("starlette_debug", "Starlette's debug page not tied to development", "error"),
    ("open_openapi", "/openapi.json served while /docs is hidden", "warning"),
    ("password_in_code", "Password written into a settings default", "error"),
)
"""Every rule a defect can be reported under: id, title, default level."""

SECURITY_ISSUES = frozenset({"starlette_debug", "open_openapi", "password_in_code"})
"""The rules the security review reports beside its ten items."""


@dataclass(frozen=True, slots=True)
class Signal:
    """One Quick Health Check signal, 0 (unhealthy) to 2 (healthy)."""

    id: str
    title: str
    points: int
    summary: str
    evidence: tuple[Evidence, ...]
    fix: Fix | None = None
    issues: tuple[Issue, ...] = ()
    at: Location | None = None
    """The line the gap is about, when it is not the first located evidence."""

    def to_json(self) -> dict[str, Any]:
        """The signal with its points, evidence, fix and the defects that hold it down."""
        return {
            "title": self.title,
            "points": self.points,
            "max": 2,
            "summary": self.summary,
            "evidence": [e.to_json() for e in self.evidence],
            "fix": self.fix.to_json() if self.fix else None,
            "issues": [i.to_json() for i in self.issues],
        }


@dataclass(frozen=True, slots=True)
class Dimension:
    """One weighted Quality Scoring dimension, at 0, 25, 50, 75 or 100."""

    id: str
    title: str
    weight: int
    level: int
    summary: str
    evidence: tuple[Evidence, ...]
    fix: Fix | None = None
    at: Location | None = None
    """The line the missing level is about, when there is one."""

    @property
    def contribution(self) -> float:
        """What this dimension adds to the score (level x weight / 100)."""
        return self.level * self.weight / 100

    def to_json(self) -> dict[str, Any]:
        """The dimension with its level, weight, evidence and fix."""
        return {
            "title": self.title,
            "weight": self.weight,
            "level": self.level,
            "contribution": _number(self.contribution),
            "summary": self.summary,
            "evidence": [e.to_json() for e in self.evidence],
            "fix": self.fix.to_json() if self.fix else None,
        }


@dataclass(frozen=True, slots=True)
class Check:
    """One item of the 10-point security checklist: pass or fail."""

    id: str
    title: str
    priority: str
    passed: bool
    summary: str
    evidence: tuple[Evidence, ...]
    fix: Fix | None = None
    serious: bool = False

    @property
    def status(self) -> str:
        """``"pass"`` or ``"fail"``."""
        return "pass" if self.passed else "fail"

    def to_json(self) -> dict[str, Any]:
        """The item with its status, evidence and fix."""
        return {
            "title": self.title,
            "priority": self.priority,
            "status": self.status,
            "serious": self.serious,
            "summary": self.summary,
            "evidence": [e.to_json() for e in self.evidence],
            "fix": self.fix.to_json() if self.fix else None,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of ``--format text`` and one SARIF result: a gap, located."""

    loc: Location | None
    rank: int
    rule: str
    severity: str
    message: str

    def to_json(self) -> dict[str, Any]:
        """``{"id", "severity", "path", "line", "col", "message"}``."""
        return {
            "id": self.rule,
            "severity": self.severity,
            "path": self.loc.path if self.loc else None,
            "line": self.loc.line if self.loc else None,
            "col": self.loc.col if self.loc else None,
            "message": self.message,
        }

    def to_text(self) -> str:
        """``path:line:col: severity: [id] message``."""
        loc = self.loc or Location(".")
        return f"{loc.path}:{loc.line}:{loc.col}: {self.severity}: [{self.rule}] {self.message}"


_RANK = {"error": 0, "warning": 1, "note": 2}


def finding(rule: str, severity: str, message: str, loc: Location | None) -> Finding:
    """Build a finding; ``rank`` orders errors before warnings before notes on one line."""
    return Finding(loc, _RANK[severity], rule, severity, message)


def located(evidence: tuple[Evidence, ...], anchor: Location | None) -> Location | None:
    """The place a gap points at: its first located evidence, else the anchor (the app)."""
    for item in evidence:
        if item.loc is not None:
            return item.loc
    return anchor


def band(score: float) -> str:
    """The playbook's verdict for a score: critical, needs work, solid, production-grade."""
    return next(name for floor, name in BANDS if score >= floor)


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else round(value, 2)


@dataclass(frozen=True, slots=True)
class SecuritySection:
    """The 10 checklist items and their tally, and the defects found beside them.

    ``issues`` are security defects the playbook's ten items do not name (Starlette's
    debug page, an exposed schema, a password in code): each is a finding of its own;
    the tally stays the playbook's ten items.
    """

    checks: tuple[Check, ...]
    issues: tuple[Issue, ...] = ()

    @property
    def passed(self) -> int:
        """How many items pass."""
        return sum(1 for c in self.checks if c.passed)

    @property
    def score(self) -> int:
        """The share of items that pass, x 100 (each item is worth 10)."""
        return round(100 * self.passed / len(self.checks)) if self.checks else 0

    def to_json(self) -> dict[str, Any]:
        """Tally plus every item by id."""
        return {
            "passed": self.passed,
            "total": len(self.checks),
            "score": self.score,
            "items": {c.id: c.to_json() for c in self.checks},
            "further": [i.to_json() for i in self.issues],
        }

    def findings(self, anchor: Location | None) -> list[Finding]:
        """A finding per failing item: P0 items are errors, P1 warnings."""
        found = []
        for check in self.checks:
            if check.passed:
                continue
            severity = "error" if check.priority == "P0" or check.serious else "warning"
            message = f"{check.title}: {check.summary}"
            if check.fix:
                message += f" ({check.fix.short()})"
            found.append(finding(check.id, severity, message, located(check.evidence, anchor)))
        return found + [issue.finding() for issue in self.issues]

    def rules(self) -> list[tuple[str, str, str]]:
        """The ten items' rules, then the rules of the defects found beside them."""
        rules = [(c.id, c.title, _check_level(c)) for c in self.checks]
        return rules + [rule for rule in ISSUE_RULES if rule[0] in SECURITY_ISSUES]

    def messages(self) -> str:
        """A clause for the summary line naming the defects beside the ten items, or nothing."""
        if not self.issues:
            return ""
        return f", {len(self.issues)} further security finding(s)"


@dataclass(frozen=True, slots=True)
class Files:
    """What was read: how many Python files, which could not be analysed, which were rewritten.

    Attributes:
        count: Python files listed for analysis.
        skipped: Files the running Python could not parse, even after rewriting.
        rewritten: Files in newer syntax, analysed after a same-line rewrite.
        unread: Files beside the code (a manifest, a config) in an encoding the
            audit does not read; the rest of the project is audited without them.
    """

    count: int
    skipped: tuple[Unparsed, ...] = ()
    rewritten: tuple[Unparsed, ...] = ()
    unread: tuple[Unparsed, ...] = ()

    def findings(self) -> list[Finding]:
        """A warning per file not analysed, a note per file rewritten to be analysed or unread."""
        found = [
            finding("unparsed", "warning", s.reason, Location(s.path, s.line)) for s in self.skipped
        ]
        found += [
            finding("newer_syntax", "note", r.reason, Location(r.path, r.line))
            for r in self.rewritten
        ]
        found += [
            finding("unread", "note", u.reason, Location(u.path, u.line)) for u in self.unread
        ]
        return found

    def to_json(self) -> dict[str, Any]:
        """``skipped``, ``rewritten``, ``unread`` and ``files_analyzed`` for ``--json``."""
        return {
            "skipped": [_unparsed_json(s) for s in self.skipped],
            "rewritten": [_unparsed_json(r) for r in self.rewritten],
            "unread": [_unparsed_json(u) for u in self.unread],
            "files_analyzed": self.count - len(self.skipped),
        }

    def messages(self) -> str:
        """A clause for the summary line, or nothing."""
        parts = []
        if self.skipped:
            parts.append(f"{len(self.skipped)} file(s) not analysed")
        if self.rewritten:
            parts.append(f"{len(self.rewritten)} file(s) in newer syntax rewritten")
        if self.unread:
            parts.append(f"{len(self.unread)} file(s) not read (encoding)")
        return "".join(f"; {p}" for p in parts)


def _unparsed_json(item: Unparsed) -> dict[str, Any]:
    return {"path": item.path, "line": item.line, "reason": item.reason}


_FILE_RULES = [
    ("unparsed", "File not analysed", "warning"),
    ("newer_syntax", "File in newer syntax, rewritten to be analysed", "note"),
    ("unread", "File not read: neither UTF-8 nor UTF-16 text", "note"),
]


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The health check (/16), the quality score (/100) and the security checklist."""

    signals: tuple[Signal, ...]
    dimensions: tuple[Dimension, ...]
    security: SecuritySection
    files: Files
    anchor: Location | None

    @property
    def health(self) -> int:
        """The health total, 0 to 16."""
        return sum(s.points for s in self.signals)

    @property
    def score(self) -> float:
        """The quality score: the sum of level x weight, 0 to 100."""
        return sum(d.contribution for d in self.dimensions)

    @property
    def band(self) -> str:
        """The verdict band of the score."""
        return band(self.score)

    def findings(self) -> list[Finding]:
        """Every gap, sorted by place: signals, security items, dimensions, unparsed files."""
        found = []
        for signal in self.signals:
            if signal.points < 2:
                severity = "error" if signal.points == 0 else "warning"
                message = f"{signal.title} {signal.points}/2: {signal.summary}"
                if signal.fix:
                    message += f" ({signal.fix.short()})"
                loc = signal.at or located(signal.evidence, self.anchor)
                found.append(finding(signal.id, severity, message, loc))
            found += [issue.finding() for issue in signal.issues]
        found += self.security.findings(self.anchor)
        for dimension in self.dimensions:
            if dimension.level < 100:
                message = f"{dimension.title} {dimension.level}/100: {dimension.summary}"
                if dimension.fix:
                    message += f" ({dimension.fix.short()})"
                loc = dimension.at or located(dimension.evidence, self.anchor)
                found.append(finding(f"quality.{dimension.id}", "note", message, loc))
        found += self.files.findings()
        return sorted(found, key=_order)

    def to_json(self) -> dict[str, Any]:
        """``health``, ``score``, ``band``, ``quality``, ``security``, ``findings``, files read."""
        return {
            "health": {
                "points": self.health,
                "max": 16,
                "critical": self.health < HEALTH_CRITICAL_BELOW,
                "signals": {s.id: s.to_json() for s in self.signals},
            },
            "score": _number(self.score),
            "band": self.band,
            "quality": {"dimensions": {d.id: d.to_json() for d in self.dimensions}},
            "security": self.security.to_json(),
            "findings": [f.to_json() for f in self.findings()],
            **self.files.to_json(),
        }

    def to_text(self) -> str:
        """One finding a line: ``path:line:col: severity: [id] message``."""
        return "".join(f.to_text() + "\n" for f in self.findings())

    def to_sarif(self) -> dict[str, Any]:
        """A SARIF 2.1.0 log with one result per finding."""
        from fastprod.scorecards._sarif import sarif_log

        return sarif_log(self.findings(), self.rules())

    def rules(self) -> list[tuple[str, str, str]]:
        """Every rule this report can emit: id, title, default level."""
        rules = [(s.id, s.title, "error") for s in self.signals]
        rules += self.security.rules()
        rules += [(f"quality.{d.id}", f"Quality: {d.title}", "note") for d in self.dimensions]
        rules += [rule for rule in ISSUE_RULES if rule[0] not in SECURITY_ISSUES]
        return [*rules, *_FILE_RULES]

    def render(self, console: Any) -> None:
        """Print the scorecard as tables on a ``rich`` console."""
        from fastprod.scorecards._render import render_audit

        render_audit(self, console)

    def passes(self, fail_under: int) -> bool:
        """True when the quality score is at least ``fail_under``."""
        return self.score >= fail_under

    def messages(self) -> tuple[str, ...]:
        """One line for the engine's messages: the totals."""
        return (
            f"health {self.health}/16, score {_number(self.score)}/100 ({self.band}), "
            f"security {self.security.passed}/10{self.security.messages()}"
            f"{self.files.messages()}",
        )


@dataclass(frozen=True, slots=True)
class SecurityReport:
    """The 10-point security checklist on its own.

    Its score is the share of items that pass, x 100: each item is worth 10, so
    ``--fail-under 100`` requires every item and ``--fail-under 80`` allows two
    failures.
    """

    security: SecuritySection
    files: Files
    anchor: Location | None

    @property
    def score(self) -> int:
        """Items passing x 10."""
        return self.security.score

    def findings(self) -> list[Finding]:
        """A finding per failing item and per file not analysed, sorted by place."""
        found = self.security.findings(self.anchor) + self.files.findings()
        return sorted(found, key=_order)

    def to_json(self) -> dict[str, Any]:
        """``security``, ``score``, ``findings``, files read."""
        return {
            "security": self.security.to_json(),
            "score": self.score,
            "findings": [f.to_json() for f in self.findings()],
            **self.files.to_json(),
        }

    def to_text(self) -> str:
        """One finding a line: ``path:line:col: severity: [id] message``."""
        return "".join(f.to_text() + "\n" for f in self.findings())

    def to_sarif(self) -> dict[str, Any]:
        """A SARIF 2.1.0 log with one result per failing item."""
        from fastprod.scorecards._sarif import sarif_log

        return sarif_log(self.findings(), [*self.security.rules(), *_FILE_RULES])

    def render(self, console: Any) -> None:
        """Print the checklist as a table on a ``rich`` console."""
        from fastprod.scorecards._render import render_security

        render_security(self, console)

    def passes(self, fail_under: int) -> bool:
        """True when ``score`` (items passing x 10) is at least ``fail_under``."""
        return self.score >= fail_under

    def messages(self) -> tuple[str, ...]:
        """One line for the engine's messages: the tally."""
        further = self.security.messages()
        return (f"security {self.security.passed}/10 items pass{further}{self.files.messages()}",)


def _check_level(check: Check) -> str:
    return "error" if check.priority == "P0" else "warning"


def _order(item: Finding) -> tuple[str, int, int, int, str]:
    loc = item.loc or Location(".")
    return (loc.path, loc.line, loc.col, item.rank, item.rule)
