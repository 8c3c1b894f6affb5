"""The status page's login form (``/status/login``, ``hub/routes/status_login.py``;
its sessions: ``hub/status_sessions.py``): plain HTML, no script, no external asset,
from ``hub/templates/status_login.html.mako``."""

from __future__ import annotations

from hub import pages


def login_page(hall_name: str, message: str = "") -> str:
    """The form that posts the status password (or an admin token) to ``/status/login``."""
    return pages.render("status_login.html.mako", hall_name=hall_name, message=message)
