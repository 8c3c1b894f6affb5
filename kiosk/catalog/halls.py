"""The hall this terminal stands in, as the catalog describes it."""

from __future__ import annotations

from kiosk.catalog.types import Hall


def find_hall(halls: list[Hall], code: str, name: str) -> Hall | None:
    """The catalog's record of this hall, by code first, then by name."""
    return next((h for h in halls if h.hall_code == code), None) or next((h for h in halls if h.name == name), None)
