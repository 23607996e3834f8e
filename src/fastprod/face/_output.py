"""Turn an outcome or an error into the JSON contract or plain text.

Nothing here imports rich; the rich rendering for terminals is in ``_rich``.
"""

from __future__ import annotations

import json
from typing import Any

from fastprod.core._changes import FileChange
from fastprod.core._errors import FastprodError
from fastprod.engine._engine import Outcome

SCHEMA_VERSION = "1.0"
"""The version of the ``--json`` contract (``fastprod --json-schema``).

The major number changes when a key is removed or changes meaning; the minor
number when a key is added. Consumers should check the major number.
"""

_ENVELOPE = ("command", "intents", "status", "files", "diff", "messages", "error")

# What one chat message holds comfortably (Slack's section text limit is 3000).
SUMMARY_LIMIT = 3000


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    """Return the ``--json`` object for a run that succeeded."""
    data: dict[str, Any] = {
        "command": outcome.command,
        "intents": [intent.to_json() for intent in outcome.intents],
        "status": outcome.status,
        "files": [{"path": c.path.as_posix(), "action": c.action} for c in outcome.changes],
        "diff": outcome.diff,
        "messages": list(outcome.messages),
        "error": None,
        "schema_version": SCHEMA_VERSION,
        "mode": outcome.mode,
        "corrections": [
            {**correction.to_json(), "message": str(correction)}
            for correction in outcome.corrections
        ],
        "skipped": list(outcome.skipped),
        "commit": outcome.commit,
        "branch": outcome.branch,
        "plan_id": outcome.plan_id,
        "summary_markdown": summary_markdown(outcome),
    }
    if outcome.mode == "check":
        data["check"] = {
            "would_change": bool(outcome.changes),
            "files": [c.path.as_posix() for c in outcome.changes],
        }
    for _, report in outcome.reports[:1]:
        for key, value in report.to_json().items():
            # A report adds fields; it never replaces the envelope's own.
            data.setdefault(key, value)
    if len(outcome.reports) > 1:
        # Several reports would clash on "score" and "findings": each keeps its own.
        data["reports"] = {name: report.to_json() for name, report in outcome.reports}
    return data


def merged_sarif(outcome: Outcome) -> dict[str, Any]:
    """Return one SARIF log holding the runs of every report."""
    logs = [report.to_sarif() for _, report in outcome.reports]
    if not logs:
        return {}
    merged = dict(logs[0])
    merged["runs"] = [run for log in logs for run in log.get("runs", [])]
    return merged


def error_json(command: str, error: FastprodError) -> dict[str, Any]:
    """Return the ``--json`` object for a run that was refused or failed."""
    details: dict[str, Any] = {
        "code": error.code,
        "message": error.message,
        "suggestions": list(error.suggestions),
    }
    output = getattr(error, "output", None)
    if output is not None:
        details["output"] = output
    return {
        "command": command,
        "intents": [intent.to_json() for intent in error.intents],
        "status": "error",
        "files": [],
        "diff": "",
        "messages": [],
        "error": details,
        "schema_version": SCHEMA_VERSION,
        "summary_markdown": f"**fastprod** could not run `{_inline(command)}`: {error.message}",
    }


def summary_markdown(outcome: Outcome, limit: int = SUMMARY_LIMIT) -> str:
    """A chat message: what happened, the files, and the diff in a fenced block.

    The diff is cut at a line boundary to keep the whole under ``limit``
    characters, and the message then says how many lines were left out.
    """
    head = f"**fastprod** {_STATUS_WORDS[outcome.status]}: `{_inline(outcome.command)}`"
    if outcome.plan_id:
        head += f" (plan `{outcome.plan_id}`)"
    lines = [f"- `{c.path.as_posix()}` {c.action} (+{a} -{r})" for c, (a, r) in _counted(outcome)]
    lines += [f"> {_shortened(message)}" for message in outcome.messages]
    text = _fit([_shortened(head), *lines], limit - _NOTE_ROOM)
    if not outcome.diff:
        return text
    return text + _fenced_diff(outcome.diff, limit - len(text))


_NOTE_ROOM = 400
_LINE_LIMIT = 300


def _counted(outcome: Outcome) -> list[tuple[FileChange, tuple[int, int]]]:
    return [(change, change.line_counts()) for change in outcome.changes]


def _shortened(line: str) -> str:
    return line if len(line) <= _LINE_LIMIT else line[: _LINE_LIMIT - 1] + "…"


def _fit(lines: list[str], room: int) -> str:
    """Join as many lines as ``room`` holds; say how many were left out."""
    kept: list[str] = []
    for line in lines:
        if sum(len(k) + 1 for k in kept) + len(line) > room:
            break
        kept.append(line)
    cut = len(lines) - len(kept)
    if cut:
        kept.append(f"_{cut} more line(s) of files and notes not shown; see --json files_")
    return "\n".join(kept)


_STATUS_WORDS = {
    "applied": "applied",
    "planned": "would change",
    "unchanged": "nothing to change",
    "undone": "undid",
}


def _inline(text: str) -> str:
    return " ".join(text.replace("`", "'").split())


def _fenced_diff(diff: str, room: int) -> str:
    lines = diff.splitlines()
    fence = ("\n\n```diff\n", "```")
    # Keep room for the note saying what was cut.
    budget = room - sum(map(len, fence)) - 80
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > budget:
            break
        kept.append(line)
        used += len(line) + 1
    if not kept:
        return f"\n\n_diff not shown: its {len(lines)} lines do not fit in one message_"
    body = fence[0] + "\n".join(kept) + "\n" + fence[1]
    cut = len(lines) - len(kept)
    if cut:
        body += f"\n_diff cut: {cut} of {len(lines)} lines not shown; run with --dry-run for all_"
    return body


def dumps(data: dict[str, Any]) -> str:
    """Serialise with a stable key order and plain ASCII-safe output."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def plain_outcome(outcome: Outcome) -> str:
    """Return the text shown when stdout is not a terminal (pipes, task runners).

    A dry run shows the whole diff; an applied run lists the files it wrote.
    """
    parts: list[str] = [f"fastprod: {c}\n" for c in outcome.corrections]
    if outcome.skipped:
        parts.append(f"fastprod: {skipped_line(outcome.skipped)}\n")
    parts.append(outcome.diff if outcome.status == "planned" else file_list(outcome))
    parts += [report.to_text() for _, report in outcome.reports]
    parts += [f"note: {m}\n" for m in outcome.messages]
    line = summary(outcome)
    return "".join(parts) + (line + "\n" if line else "")


def skipped_line(words: tuple[str, ...]) -> str:
    """Say which words of the sentence were not used."""
    return "not used: " + ", ".join(f"'{word}'" for word in words)


def file_list(outcome: Outcome) -> str:
    """One line per written file: action, path, lines added and removed."""
    lines = []
    for change in outcome.changes:
        added, removed = change.line_counts()
        lines.append(f"  {change.action:<7} {change.path}  (+{added} -{removed})\n")
    return "".join(lines)


def summary(outcome: Outcome) -> str:
    """One line saying what happened."""
    count = len(outcome.changes)
    files = f"{count} file{'s' if count != 1 else ''}"
    where = str(outcome.root)
    if outcome.status == "unchanged":
        return "Nothing to change: already applied." if not outcome.reports else ""
    if outcome.status == "planned":
        return f"Dry run: {files} would change in {where}; nothing written."
    tail = f" and committed {outcome.commit[:12]}" if outcome.commit else ""
    return f"Applied: {files} changed in {where}{tail}."


def plain_error(error: FastprodError) -> str:
    """Return the message shown on stderr for a refusal."""
    text = f"fastprod: error: {error.message}\n"
    if error.suggestions:
        text += "Did you mean:\n" + "".join(f'  fastprod "{s}"\n' for s in error.suggestions)
    return text


def explain_text(outcome: Outcome) -> str:
    """Return what ``--explain`` prints: the understanding and each step's files."""
    lines = [f"sentence:   {outcome.command}", f"understood: {outcome.normalized}"]
    lines += [f"correction: {c}" for c in outcome.corrections]
    if outcome.skipped:
        lines.append(f"skipped:    {', '.join(outcome.skipped)}")
    for number, step in enumerate(outcome.steps, 1):
        params = json.dumps(step.intent.params, sort_keys=True) if step.intent.params else ""
        lines.append(f"{number}. {step.intent.name} {params}".rstrip())
        lines.append(f"   recipe: recipes/{step.recipe.name}/ ({step.recipe.summary})")
        touched = step.changes.effective()
        if not touched and step.changes.report is None:
            lines.append("   files: none (already applied)")
        for change in touched:
            lines.append(f"   {change.action}: {change.path}")
    lines += [f"note: {message}" for message in outcome.messages]
    lines.append("Nothing was written.")
    return "\n".join(lines) + "\n"
