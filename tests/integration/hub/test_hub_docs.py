"""``/docs`` works on a hall's isolated network (no CDN), and the OpenAPI declares the
bearer scheme, on a real hub."""

from __future__ import annotations

import re

import httpx

from tests.rigs.hub import HubProcess


def test_docs_load_nothing_from_outside_and_list_the_operations(sqlite_hub: HubProcess) -> None:
    r = httpx.get(sqlite_hub.url + "/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from elsewhere
    assert "<script" not in page
    assert "POST /api/v1/tickets</code> · bearer token" in page
    assert "POST /api/v1/pair</code> · no token" in page
    assert httpx.get(sqlite_hub.url + "/redoc").status_code == 404


def test_the_openapi_declares_the_bearer_scheme_on_authenticated_operations(sqlite_hub: HubProcess) -> None:
    spec = httpx.get(sqlite_hub.url + "/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert list(schemes.values()) == [
        {"type": "http", "scheme": "bearer", "description": schemes["HTTPBearer"]["description"]}
    ]
    assert spec["paths"]["/api/v1/tickets"]["post"]["security"] == [{"HTTPBearer": []}]
    assert "security" not in spec["paths"]["/api/v1/pair"]["post"]
    assert "security" not in spec["paths"]["/api/v1/health"]["get"]
