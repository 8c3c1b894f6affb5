"""``GET /api/v1/health``: the one call without a token."""

from fastapi import APIRouter

from hub import health as health_report
from hub.auth import HubDep

router = APIRouter(prefix="/api/v1")


@router.get("/health", tags=["hub"])
def health(ctx: HubDep) -> dict:
    """``{"status": "ok", ...}`` while the hub answers and its database does."""
    return health_report.report(ctx)
