"""Run Schemathesis against a generated app, in the generated project's directory.

``tests/contract.py`` starts this script with the test interpreter, the project
root as its working directory and the environment naming the database, so the
project's modules (``app``, ``app.main``) are imported here and never in the
process running fastprod's tests. It prints one JSON object on standard output:
the operations tested, how many requests were sent, and every failed check.

Usage::

    python contract_run.py --factory app.main:create_app --seed 1 --max-examples 50
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.engine import Status, events, from_schema


def load_factory(target: str) -> Any:
    """Import ``module:function`` from the project's import root (``src/``)."""
    module_name, _, attribute = target.partition(":")
    sys.path.insert(0, str(Path.cwd() / "src"))
    sys.path.insert(0, str(Path.cwd()))
    return getattr(importlib.import_module(module_name), attribute)


def error_envelope(ctx: Any, response: Any, case: Any) -> bool | None:
    """An error answer (4xx, 5xx) with a JSON body carries ``{"error": {code, message, details}}``.

    Registered only for apps that promise the envelope: a schema that declares
    FastAPI's default 422 model accepts any object, so this is what holds every
    error answer to the envelope whatever the schema says.
    """
    if response.status_code < 400 or "json" not in response.headers.get("content-type", [""])[0]:
        return None
    body = response.json()
    error = body.get("error") if isinstance(body, dict) else None
    assert isinstance(error, dict), f"{response.status_code} answer without the envelope: {body}"
    missing = {"code", "message", "details"} - set(error)
    assert not missing, f"{response.status_code} envelope without {sorted(missing)}: {body}"
    return True


#: The app's OpenAPI document, read by ``declared_fields_only``.
DOCUMENT: dict[str, Any] = {}


def declared_fields_only(ctx: Any, response: Any, case: Any) -> bool | None:
    """A JSON object answer carries only the top-level fields its schema declares.

    JSON Schema lets an object carry undeclared fields, so FastAPI's default 422
    model (``{"detail": [...]}``, nothing required) accepts an ``{"error": ...}``
    envelope: a client generated from the schema would read the wrong type.
    """
    declared = declared_properties(case.operation.path, case.method, response.status_code)
    if declared is None or "json" not in response.headers.get("content-type", [""])[0]:
        return None
    body = response.json()
    undeclared = sorted(set(body) - declared) if isinstance(body, dict) else []
    assert not undeclared, (
        f"{response.status_code} answer has fields its schema does not declare: {undeclared}"
    )
    return True


def declared_properties(path: str, method: str, status: int) -> set[str] | None:
    """The top-level properties of the JSON schema declared for this answer, if any."""
    operation = DOCUMENT.get("paths", {}).get(path, {}).get(method.lower(), {})
    responses = operation.get("responses", {})
    declared = responses.get(str(status)) or responses.get("default") or {}
    schema = declared.get("content", {}).get("application/json", {}).get("schema", {})
    while "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rpartition("/")[2]]
    properties = schema.get("properties")
    return set(properties) if isinstance(properties, dict) else None


def configuration(seed: int, max_examples: int) -> schemathesis.Config:
    """Every check, a fixed seed, deterministic generation, no example database."""
    return schemathesis.Config.from_dict(
        {
            "seed": seed,
            "workers": 1,
            "generation": {
                "max-examples": max_examples,
                "deterministic": True,
                "database": "none",
            },
            "checks": {"enabled": True},
        }
    )


def failures_of(recorder: Any) -> list[dict[str, str]]:
    """The failed checks of one scenario, described for the report."""
    found = []
    for checks in recorder.checks.values():
        for check in checks:
            if check.status != Status.FAILURE or check.failure_info is None:
                continue
            step = check.failure_info.steps[0] if check.failure_info.steps else None
            found.append(
                {
                    "operation": recorder.label,
                    "check": check.name,
                    "title": check.failure_info.failure.title,
                    "message": check.failure_info.failure.message,
                    "request": step.curl if step is not None else "",
                }
            )
    return found


def server_errors_of(recorder: Any) -> list[dict[str, str]]:
    """Every 5xx answer of one scenario, whichever check looked at it."""
    found = []
    for interaction in recorder.interactions.values():
        response = interaction.response
        if response is not None and response.status_code >= 500:
            found.append(
                {
                    "operation": recorder.label,
                    "check": "5xx",
                    "title": f"{interaction.request.method} {interaction.request.uri} "
                    f"answered {response.status_code}",
                    "message": "",
                    "request": "",
                }
            )
    return found


def run(factory: Any, seed: int, max_examples: int) -> dict[str, Any]:
    """Test every operation of the app's schema and summarise the run."""
    app = factory()
    DOCUMENT.update(app.openapi())
    schemathesis.check(declared_fields_only)
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", app, config=configuration(seed, max_examples)
    )
    operations = sorted(result.ok().label for result in schema.get_all_operations())
    report: dict[str, Any] = {
        "operations": operations,
        "requests": 0,
        "failures": [],
        "errors": [],
    }
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            report["requests"] += len(event.recorder.interactions)
            report["failures"] += failures_of(event.recorder)
            report["failures"] += server_errors_of(event.recorder)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            report["errors"].append(str(getattr(event, "info", event)))
    return report


def main() -> None:
    """Parse the arguments, run, print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factory", default="app.main:create_app")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-examples", type=int, default=50)
    parser.add_argument("--envelope", action="store_true", help="check error answers' envelope")
    arguments = parser.parse_args()
    if arguments.envelope:
        schemathesis.check(error_envelope)
    report = run(load_factory(arguments.factory), arguments.seed, arguments.max_examples)
    print(json.dumps(report, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
