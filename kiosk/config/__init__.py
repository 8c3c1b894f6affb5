"""Configuration: one TOML file, migrated to the current version, validated into typed
settings. ``load(path)`` is the one way in; ``ConfigError`` names the key at fault."""

from kiosk.config.errors import ConfigError
from kiosk.config.loader import default_config_path, demo_settings, load, load_text
from kiosk.config.settings import (
    CURRENT_VERSION,
    DeviceSettings,
    HallSettings,
    HubSettings,
    Settings,
)

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
