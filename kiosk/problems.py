"""Why a service that should be there is not: a message key and its data.

The launcher registers one as the service ``"<name>_problem"`` (``catalog_problem``)
when ``<name>`` cannot start, e.g. the catalog's folder is read-only or the disk is full.
The citizen's home then says the service is temporarily unavailable instead of showing
a screen with no tiles and no word why, and the maintenance screen names the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ServiceProblem:
    """``service`` could not start because of ``key`` (e.g. ``catalog.read_only``)."""

    service: str
    key: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def citizen_key(self) -> str:
        """What the citizen is told: only that it is unavailable, never the reason."""
        return f"{self.service}.unavailable"


def problem_service_name(service: str) -> str:
    """The name a problem with ``service`` is registered under in the core."""
    return f"{service}_problem"
