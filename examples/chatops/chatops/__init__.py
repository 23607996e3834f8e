"""A Slack-style chat-ops bot for fastprod: plan in the channel, apply on approval."""

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
