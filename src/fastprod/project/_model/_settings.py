"""The one rule for what a settings class is, shared by discovery and the audit.

A settings class derives from pydantic's ``BaseSettings``, directly or through
project classes whose bases resolve to it. A plain class is not settings,
whatever its name (``class RedisConfig:`` with a few constants is a namespace).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

SETTINGS_BASES: Mapping[str, bool] = MappingProxyType(
    {
        "pydantic_settings.BaseSettings": False,
        "pydantic_settings.main.BaseSettings": False,
        # Pydantic 1 kept BaseSettings in pydantic itself.
        "pydantic.BaseSettings": True,
        "pydantic.env_settings.BaseSettings": True,
        "pydantic.v1.BaseSettings": True,
        "pydantic.v1.env_settings.BaseSettings": True,
    }
)
"""Where ``BaseSettings`` is imported from, and whether that is Pydantic 1's."""
