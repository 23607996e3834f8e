"""SARIF 2.1.0 output, in the shape GitHub code scanning accepts.

Rules carry ids, names and default levels; security rules also carry the
``security-severity`` GitHub uses to rank alerts. Locations are relative URIs
from the repository root with 1-based lines and columns (counted in Unicode
code points, which ``columnKind`` declares).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastprod.core._version import __version__
from fastprod.scorecards._model import Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_INFORMATION_URI = "https://pypi.org/project/fastprod/"
_SECURITY_SEVERITY = {"error": "8.0", "warning": "5.0", "note": "2.0"}
_SECURITY_RULES = frozenset(
    {"jwt_secret", "token_expiry", "password_hashing", "cors", "auth_rate_limit", "https"}
    | {"security_headers", "input_validation", "sql_injection", "dependency_scanning"}
)


def sarif_log(findings: list[Finding], rules: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Build a SARIF log: one run, the rules in ``rules`` order, one result per finding."""
    index = {rule_id: position for position, (rule_id, _, _) in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "fastprod",
                        "version": __version__,
                        "informationUri": _INFORMATION_URI,
                        "rules": [_rule(*rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.rule]) for f in findings],
            }
        ],
    }


def _rule(rule_id: str, title: str, level: str) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.replace(".", "_").split("_")),
        "shortDescription": {"text": title},
        "defaultConfiguration": {"level": level},
    }
    if rule_id in _SECURITY_RULES:
        rule["properties"] = {
            "tags": ["security"],
            "security-severity": _SECURITY_SEVERITY[level],
        }
    return rule


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": finding.severity,
        "message": {"text": finding.message},
    }
    if finding.loc is not None:
        result["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(finding.loc.path), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": finding.loc.line, "startColumn": finding.loc.col},
                }
            }
        ]
    return result
