"""Which settings a command runs with: --demo, --config PATH, or the default file."""

from __future__ import annotations

import argparse
from dataclasses import replace

from kiosk.config import ConfigError, Settings, default_config_path, demo_settings, load
from kiosk.config.loader import config_candidates


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The settings a command runs with.

    Raises:
        ConfigError: no usable configuration (the message says how to get one).
    """
    role = getattr(args, "role", None)
    if getattr(args, "demo", False):
        return demo_settings(role or "kiosk")
    path = args.config or default_config_path()
    if not args.config and not path.exists():
        raise ConfigError(
            "",
            f"no configuration file (looked for {', '.join(map(str, config_candidates()))}): pass --config PATH, "
            "write one with `kiosk config init PATH`, or try `kiosk run --demo`",
        )
    settings = load(path)
    return replace(settings, role=role) if role else settings
