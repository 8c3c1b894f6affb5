"""The hub's health answer (``GET /api/v1/health``, ``hub/routes/health.py``): it
reads the database, so a hub whose database is gone does not answer ok."""

from __future__ import annotations

import os
from typing import Any

from hub.context import HubContext


def report(ctx: HubContext) -> dict[str, Any]:
    """``{"status": "ok", "hall", "database", "seq", "api", "worker"}``."""
    return {
        "status": "ok",
        "hall": ctx.settings.hall.code,
        "database": ctx.engine.dialect.name,
        "seq": ctx.store.last_seq(),
        "api": "v1",
        "worker": os.getpid(),
    }
