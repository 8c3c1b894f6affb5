"""Why a service that should be there is not: a message key and its data.

The bootstrap offers one as the core's ``<name>_problem`` (``core.catalog_problem``)
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

    @classmethod
    def of(cls, service: str, key: str, **data: Any) -> ServiceProblem:
        return cls(service, key, data)

    @property
    def citizen_key(self) -> str:
        """What the citizen is told: only that it is unavailable, never the reason."""
        return f"{self.service}.unavailable"
