"""Configuration: one TOML file, migrated to the current version, validated into typed
settings. ``load(path)`` is the one way in; ``ConfigError`` names the key at fault.

Each name is loaded from its module when first asked for: ``kiosk --help`` or a command
given ``--db`` needs only ``ConfigError``, not the schema and its dataclasses (issue 15).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.config.errors import ConfigError
    from kiosk.config.loader import default_config_path, demo_settings, load, load_text
    from kiosk.config.settings import (
        CURRENT_VERSION,
        DeviceSettings,
        HallSettings,
        HubSettings,
        Settings,
    )

# Public name -> the module that defines it.
_HOMES = {
    "CURRENT_VERSION": "settings",
    "ConfigError": "errors",
    "DeviceSettings": "settings",
    "HallSettings": "settings",
    "HubSettings": "settings",
    "Settings": "settings",
    "default_config_path": "loader",
    "demo_settings": "loader",
    "load": "loader",
    "load_text": "loader",
}

__all__ = [
    "CURRENT_VERSION",
    "ConfigError",
    "DeviceSettings",
    "HallSettings",
    "HubSettings",
    "Settings",
    "default_config_path",
    "demo_settings",
    "load",
    "load_text",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'kiosk.config' has no attribute {name!r}")
    return getattr(import_module(f"kiosk.config.{home}"), name)
