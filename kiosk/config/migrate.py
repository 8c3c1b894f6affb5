"""Bring an older configuration up to the current version, one step at a time.

Each step takes the raw TOML table of version N and returns version N+1. Steps never
drop a value they do not understand: validation reports it afterwards.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from kiosk.config.errors import ConfigError
from kiosk.config.settings import CURRENT_VERSION


def _v0_to_v1(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (the pilot, no ``config_version``) named the idle timeout without its
    unit and kept devices at the top level."""
    out = copy.deepcopy(raw)
    if "idle_timeout" in out:
        out.setdefault("idle_timeout_s", out.pop("idle_timeout"))
    devices = out.setdefault("devices", {})
    if not isinstance(devices, dict):
        return {**out, "config_version": 1}  # validation names `devices` as not a table
    for kind in ("id_reader", "smartcard", "printer", "camera", "queue_bus"):
        if kind in out and isinstance(out[kind], dict):
            devices.setdefault(kind, out.pop(kind))
    if not devices:
        out.pop("devices")
    out["config_version"] = 1
    return out


STEPS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def migrate(raw: dict[str, Any]) -> dict[str, Any]:
    """Return ``raw`` brought to ``CURRENT_VERSION``.

    Raises:
        ConfigError: the version is newer than this program or not a number.
    """
    version = raw.get("config_version", 0)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ConfigError("config_version", f"must be a whole number (got {version!r})")
    if version > CURRENT_VERSION:
        raise ConfigError(
            "config_version", f"is {version}, but this program reads up to {CURRENT_VERSION}: update the program"
        )
    if version < 0:
        raise ConfigError("config_version", f"must be 0 or more (got {version})")
    while version < CURRENT_VERSION:
        raw = STEPS[version](raw)
        version += 1
    return raw
