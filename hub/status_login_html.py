"""The status page's login form (plain HTML, no script, no external asset)."""

from __future__ import annotations

import html


def login_page(hall_name: str, message: str = "") -> str:
    """The form that posts the status password (or an admin token) to ``/status/login``."""
    e = html.escape
    note = f'<p id="message" role="alert">{e(message)}</p>' if message else ""
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>Hub status – sign in</title><style>body{{font-family:sans-serif;margin:2em}}</style></head><body>
<h1>{e(hall_name)}</h1>{note}
<form id="login" method="post" action="/status/login">
<label>status password or admin token
<input name="password" type="password" required maxlength="200" autocomplete="current-password"></label>
<button>sign in</button></form></body></html>"""
