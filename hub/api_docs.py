"""``/docs`` without the Internet: the OpenAPI rendered as one plain HTML page.

FastAPI's Swagger UI loads its script and style sheet from a public CDN, so on a hall's
isolated network ``/docs`` stayed blank. Nothing in the hub's environment ships the
Swagger UI assets (the ``swagger-ui-bundle`` package would), so the hub renders the
operations itself: no script, no external asset. ``/openapi.json`` stays for tools.
"""

from __future__ import annotations

import html
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    e = html.escape
    params = "".join(
        f"<li><code>{e(p.get('name', ''))}</code> ({e(p.get('in', ''))}"
        f"{', required' if p.get('required') else ''}) {e(p.get('description', ''))}</li>"
        for p in op.get("parameters", [])
    )
    body = op.get("requestBody", {}).get("content", {})
    codes = ", ".join(e(str(c)) for c in op.get("responses", {}))
    bearer = "bearer token" if op.get("security") else "no token"
    return (
        f'<section id="{e(method)}-{e(path)}"><h3><code>{e(method.upper())} {e(path)}</code> · {bearer}</h3>'
        f"<pre>{e(op.get('description') or op.get('summary') or '')}</pre>"
        + (f"<p>parameters:</p><ul>{params}</ul>" if params else "")
        + (f"<p>body: {e(', '.join(body))}</p>" if body else "")
        + f"<p>answers: {codes}</p></section>"
    )


def docs_page(openapi: dict[str, Any]) -> str:
    """The whole page for ``openapi`` (FastAPI's ``app.openapi()``)."""
    e = html.escape
    info = openapi.get("info", {})
    ops = "".join(
        _operation(path, method, item[method])
        for path, item in sorted(openapi.get("paths", {}).items())
        for method in METHODS
        if method in item
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{e(info.get("title", "API"))} – API</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:60em}}pre{{white-space:pre-wrap}}
section{{border-top:1px solid #999}}</style></head><body>
<h1>{e(info.get("title", "API"))} {e(str(info.get("version", "")))}</h1>
<p>{e(info.get("description", ""))}</p>
<p>The machine-readable description: <a href="/openapi.json">/openapi.json</a>.
Send a token as <code>Authorization: Bearer TOKEN</code>.</p>{ops}</body></html>"""
