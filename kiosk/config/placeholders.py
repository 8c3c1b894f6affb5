"""What a real terminal's file must not keep: the starting file's placeholders and the
demo's PIN (issue 17: secrets are made at set-up, never shipped).

``kiosk config check`` refuses such a file with one line naming the key; the values are
never echoed (a PIN is a secret, and a placeholder says nothing the key does not).
"""

from __future__ import annotations

from kiosk.config.errors import ConfigError
from kiosk.config.settings import DEMO_TECHNICIAN_PIN, Settings

# The values `kiosk config init` writes where the technician must put the terminal's own.
HALL_PLACEHOLDERS = {"code": "HALL-CODE", "area_code": "000000"}
URL_PLACEHOLDERS = ("PRINTER-IP",)


def first_problem(settings: Settings) -> ConfigError | None:
    """The first key of ``settings`` still holding a placeholder or the demo PIN, or None.

    A demo configuration (``demo = true``) may keep the demo's values.
    """
    if settings.demo:
        return None
    if settings.technician_pin == DEMO_TECHNICIAN_PIN:
        return ConfigError(
            "technician_pin", "is the demo's PIN, known to everyone; set this terminal's own (4-12 digits)"
        )
    for key, placeholder in HALL_PLACEHOLDERS.items():
        if getattr(settings.hall, key) == placeholder:
            return ConfigError(f"hall.{key}", "still holds the starting file's placeholder (the line marked EDIT)")
    for kind, device in sorted(settings.devices.items()):
        url = str(device.options.get("url", ""))
        if device.enabled and any(p in url for p in URL_PLACEHOLDERS):
            return ConfigError(
                f"devices.{kind}.url", "still holds the starting file's placeholder (the line marked EDIT)"
            )
    return None
