"""``GET /api/v1/health``: the one call without a token."""

import os

from fastapi import APIRouter, Request

router = APIRouter(prefix="/api/v1")


@router.get("/health", tags=["hub"])
def health(request: Request) -> dict:
    """``{"status": "ok", ...}`` while the hub answers and its database does."""
    ctx = request.app.state.hub
    return {
        "status": "ok",
        "hall": ctx.settings.hall.code,
        "database": ctx.engine.dialect.name,
        "seq": ctx.store.last_seq(),
        "api": "v1",
        "worker": os.getpid(),
    }
