"""``GET /docs``: the API's operations as a plain page, served by the hub itself."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from hub.api_docs import docs_page

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Every operation of ``/openapi.json``, readable without the Internet."""
    return HTMLResponse(docs_page(request.app.openapi()))
