"""Write ``Settings`` back as TOML (for ``kiosk config show`` and ``config init``)."""

from __future__ import annotations

import json
from typing import Any

from kiosk.config.settings import Settings


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    # A JSON string is a TOML basic string, except that TOML forbids a raw DEL, which
    # JSON leaves as is: escape it, or the dump of a loaded file would not load.
    return json.dumps(str(v), ensure_ascii=False).replace("\x7f", "\\u007f")


def to_toml(settings: Settings, *, hide_secrets: bool = True) -> str:
    """The effective configuration as TOML; secrets replaced by ``"***"`` unless asked."""
    secret = {"technician_pin", "token", "person_key"}
    lines = []
    for key in (
        "config_version",
        "role",
        "demo",
        "language",
        "theme",
        "fullscreen",
        "terminal_id",
        "data_dir",
        "idle_timeout_s",
        "idle_warning_s",
        "technician_pin",
        "log_json",
        "log_level",
    ):
        v = getattr(settings, key)
        if key == "technician_pin" and not v:
            continue  # no PIN: the key is left out (an empty one is not a valid PIN)
        lines.append(f"{key} = {_value('***' if hide_secrets and key in secret and v else v)}")
    for name, section in (
        ("hall", settings.hall),
        ("hub", settings.hub),
        ("speech", settings.speech),
        ("guidance", settings.guidance),
    ):
        lines += ["", f"[{name}]"]
        for key, v in vars(section).items():
            lines.append(f"{key} = {_value('***' if hide_secrets and key in secret and v else v)}")
    for kind, dev in sorted(settings.devices.items()):
        lines += ["", f"[devices.{kind}]", f"backend = {_value(dev.backend)}"]
        lines += [f"{k} = {_value(v)}" for k, v in sorted(dev.options.items())]
    return "\n".join(lines) + "\n"
