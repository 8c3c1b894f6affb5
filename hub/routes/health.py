"""``GET /api/v1/health``: the one call without a token."""

from fastapi import APIRouter, Request

from hub import health as health_report

router = APIRouter(prefix="/api/v1")


@router.get("/health", tags=["hub"])
def health(request: Request) -> dict:
    """``{"status": "ok", ...}`` while the hub answers and its database does."""
    return health_report.report(request.app.state.hub)
