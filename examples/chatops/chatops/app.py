"""The webhook: ``/slack/commands`` plans a sentence, ``/slack/actions`` applies an approved plan.

Both endpoints verify the request, hand the work to a worker and answer at once
(Slack gives a slash command three seconds). The worker runs fastprod on the
bot's checkout, one job at a time, and posts to the request's ``response_url``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from .signing import BadRequestSignature, Verifier
from .worker import Poster, Runner, Worker, post_json


@dataclass(frozen=True)
class Settings:
    """What the bot needs: the signing secret and the checkout fastprod works on."""

    signing_secret: str
    checkout: Path
    branch_prefix: str = "fastprod/"
    clock: Callable[[], float] | None = field(default=None, compare=False)

    @classmethod
    def from_env(cls) -> Settings:
        """``SLACK_SIGNING_SECRET`` and ``FASTPROD_CHECKOUT`` from the environment."""
        return cls(os.environ["SLACK_SIGNING_SECRET"], Path(os.environ["FASTPROD_CHECKOUT"]))


def create_app(
    settings: Settings, *, runner: Runner | None = None, poster: Poster = post_json
) -> FastAPI:
    """Build the webhook app; ``runner`` defaults to :func:`fastprod.run`."""
    import fastprod

    verifier = Verifier(settings.signing_secret, *([settings.clock] if settings.clock else []))
    worker = Worker(settings.checkout, runner or fastprod.run, poster, settings.branch_prefix)
    app = FastAPI(title="fastprod chat-ops")
    app.state.worker = worker

    async def verified_form(request: Request) -> dict[str, str]:
        body = await request.body()
        verifier.verify(
            request.headers.get("x-slack-request-timestamp"),
            request.headers.get("x-slack-signature"),
            body,
        )
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        return {key: values[0] for key, values in fields.items()}

    @app.exception_handler(BadRequestSignature)
    async def refused(_: Request, exc: BadRequestSignature) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=401)

    @app.post("/slack/commands")
    async def command(request: Request) -> dict[str, Any]:
        form = await verified_form(request)
        sentence = form.get("text", "").strip()
        if not sentence:
            return _ephemeral("Say what to do: `/fastprod set up error handling`")
        worker.plan(sentence, form.get("response_url", ""), form.get("user_id", ""))
        return _ephemeral(f"Planning `{sentence}`…")

    @app.post("/slack/actions")
    async def action(request: Request) -> dict[str, Any]:
        form = await verified_form(request)
        payload = json.loads(form.get("payload", "{}"))
        chosen = (payload.get("actions") or [{}])[0]
        if chosen.get("action_id") != "approve":
            return _ephemeral("Nothing to do.")
        user = payload.get("user", {}).get("id", "")
        worker.apply(str(chosen.get("value", "")), payload.get("response_url", ""), user)
        return _ephemeral("Applying the approved plan…")

    return app


def _ephemeral(text: str) -> dict[str, Any]:
    return {"response_type": "ephemeral", "text": text}


def main() -> None:
    """Serve with uvicorn: ``python -m chatops.app`` (reads the settings from the environment)."""
    import uvicorn

    uvicorn.run(create_app(Settings.from_env()), host="127.0.0.1", port=8080)


if __name__ == "__main__":
    main()
