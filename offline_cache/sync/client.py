"""``HubClient``: the terminal's calls to the hub API (docs/hub-api.md).

The one module of the project that imports httpx (an import-linter contract). Every
method returns wire types or raises a :mod:`offline_cache.sync.errors` error; none
retries — the sync engine decides when to try again.
"""

from __future__ import annotations

from typing import Any, Self

import httpx

from offline_cache.sync.errors import (
    HubRejected,
    HubUnavailable,
    ServiceClosed,
    TicketExists,
    Unauthorized,
)
from offline_cache.wire import (
    Evaluation,
    QueueService,
    QueueSnapshot,
    Ticket,
    WireError,
)

ACTIONS = ("recall", "skip", "hold", "resume", "finish", "transfer")


class HubClient:
    """A connection to one hub with one terminal's token.

    Args:
        base_url: e.g. ``http://10.0.0.5:8700``.
        token: the terminal's bearer token (``kiosk hub token create``).
        timeout_s: connect and read timeout of every call.

    Thread: any; one client may be shared by threads (httpx.Client is thread-safe).
    """

    def __init__(self, base_url: str, token: str, *, timeout_s: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout_s,
                                  headers={"Authorization": f"Bearer {token}",
                                           "User-Agent": "hall-kiosk"})

    # ---- calls ------------------------------------------------------------------------
    def health(self) -> dict:
        """The hub's health answer (``{"status": "ok", ...}``)."""
        return self._json("GET", "/api/v1/health")

    def services(self) -> list[QueueService]:
        body = self._json("GET", "/api/v1/services")
        return self._wire(lambda: [QueueService.from_dict(s, f"[{i}]") for i, s in enumerate(body)]
                          if isinstance(body, list) else _not_list())

    def issue_ticket(self, service: str, *, priority: str | None = None,
                     person: str | None = None) -> Ticket:
        """A new ticket. Raises TicketExists (the person's active one), ServiceClosed."""
        body = self._json("POST", "/api/v1/tickets",
                          json={"service": service, "priority": priority, "person": person})
        return self._wire(lambda: Ticket.from_dict(body))

    def get_ticket(self, ticket_id: str) -> Ticket:
        body = self._json("GET", f"/api/v1/tickets/{ticket_id}")
        return self._wire(lambda: Ticket.from_dict(body))

    def call_next(self, window: int, *, staff: str | None = None) -> Ticket | None:
        """Call the next ticket to ``window``; None when nobody waits (204)."""
        body = self._json("POST", f"/api/v1/windows/{int(window)}/next",
                          json={"staff": staff} if staff else None)
        if body is None:
            return None
        return self._wire(lambda: Ticket.from_dict(body.get("ticket"), "ticket"))

    def act(self, ticket_id: str, action: str, **body: Any) -> Ticket:
        """recall|skip|hold|resume|finish|transfer(service=CODE) [, staff=NO]."""
        if action not in ACTIONS:
            raise ValueError(f"action {action!r} is not one of {', '.join(ACTIONS)}")
        answer = self._json("POST", f"/api/v1/tickets/{ticket_id}/{action}", json=body or None)
        return self._wire(lambda: Ticket.from_dict(answer.get("ticket"), "ticket"))

    def queue(self) -> QueueSnapshot:
        body = self._json("GET", "/api/v1/queue")
        return self._wire(lambda: QueueSnapshot.from_dict(body))

    def send_evaluation(self, record: Evaluation) -> dict:
        """Store a 好差评 record (the same ``id`` twice is stored once)."""
        return self._json("POST", "/api/v1/evaluations", json=record.to_dict())

    def check_in(self, *, code: str | None = None, person: str | None = None) -> Ticket:
        """Check an appointment in (by its code, or by the person's key): a ticket."""
        if (code is None) == (person is None):
            raise ValueError("give code or person")
        if code is not None:
            body = self._json("POST", f"/api/v1/appointments/{code}/check-in")
        else:
            body = self._json("POST", "/api/v1/appointments/check-in", json={"person": person})
        return self._wire(lambda: Ticket.from_dict(body.get("ticket"), "ticket"))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ---- plumbing ---------------------------------------------------------------------
    def _json(self, method: str, path: str, *, json: Any = None) -> Any:
        """The answer's JSON (None for 204), or the matching HubError."""
        try:
            response = self._http.request(method, path, json=json)
        except httpx.TimeoutException as exc:
            raise HubUnavailable("hub.unreachable", url=self.base_url, error="timeout") from exc
        except httpx.HTTPError as exc:
            raise HubUnavailable("hub.unreachable", url=self.base_url,
                                 error=type(exc).__name__) from exc
        status = response.status_code
        if status == 204:
            return None
        if status >= 500:
            raise HubUnavailable("hub.server_error", url=self.base_url, status=status)
        try:
            body = response.json()
        except ValueError:
            if status >= 400:
                raise HubRejected(status, f"http.{status}", response.text[:200]) from None
            raise HubUnavailable("hub.bad_answer", url=self.base_url, status=status) from None
        if status >= 400:
            raise _rejection(status, body)
        if status >= 300:
            raise HubUnavailable("hub.bad_answer", url=self.base_url, status=status)
        return body

    def _wire(self, build):
        try:
            return build()
        except (WireError, AttributeError, TypeError) as exc:
            raise HubUnavailable("hub.bad_answer", url=self.base_url, error=str(exc)) from exc


def _not_list() -> Any:
    raise WireError("", "not a list")


def _rejection(status: int, body: Any) -> HubRejected:
    error = body.get("error") if isinstance(body, dict) else None
    code = str(error.get("code", f"http.{status}")) if isinstance(error, dict) else f"http.{status}"
    message = str(error.get("message", "")) if isinstance(error, dict) else ""
    if status == 401:
        return Unauthorized(code, message)
    if status == 409 and code == "ticket.exists" and isinstance(body.get("ticket"), dict):
        try:
            return TicketExists(Ticket.from_dict(body["ticket"], "ticket"), message)
        except WireError:
            pass
    if status == 423 and code == "service.closed":
        opens_at = body.get("opens_at")
        return ServiceClosed(opens_at if isinstance(opens_at, str) else None, message)
    return HubRejected(status, code, message)
