"""``HubClient``: the terminal's calls to the hub API (docs/hub-api.md).

The one module of the project that imports httpx (an import-linter contract). Every
method returns wire types or raises a :mod:`offline_cache.sync.errors` error; none
retries — the sync engine decides when to try again.
"""

from __future__ import annotations

import hashlib
import json as jsonlib
from collections.abc import Sequence
from typing import Any, Self

import httpx

from offline_cache.sync.errors import (
    HubRejected,
    HubUnavailable,
    ServiceClosed,
    TicketExists,
    Unauthorized,
)
from offline_cache.sync.push_paths import push_body, push_headers, push_path
from offline_cache.wire import Evaluation, QueueService, QueueSnapshot, Ticket, WireError
from offline_cache.wire.cases import CaseUpdate
from offline_cache.wire.catalog import CatalogChanges, ChangesPage
from offline_cache.wire.lease import Lease

ACTIONS = ("recall", "skip", "hold", "resume", "finish", "transfer")
# The hub's sign-in refusals -> message keys (a wrong PIN is a 401 but not a bad token).
SIGN_IN_REFUSALS = {"staff.wrong_pin": "hub.staff_wrong_pin", "staff.locked": "hub.staff_locked"}
CATALOG_PAGE = 5000
UPDATES_PAGE = 1000


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
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout_s,
            headers={"Authorization": f"Bearer {token}", "User-Agent": "hall-kiosk"},
        )

    # ---- calls ------------------------------------------------------------------------
    def health(self) -> dict:
        """The hub's health answer (``{"status": "ok", ...}``)."""
        return self._json("GET", "/api/v1/health")

    def services(self) -> list[QueueService]:
        body = self._json("GET", "/api/v1/services")
        return self._wire(
            lambda: (
                [QueueService.from_dict(s, f"[{i}]") for i, s in enumerate(body)]
                if isinstance(body, list)
                else _not_list()
            )
        )

    def issue_ticket(self, service: str, *, priority: str | None = None, person: str | None = None) -> Ticket:
        """A new ticket. Raises TicketExists (the person's active one), ServiceClosed."""
        body = self._json("POST", "/api/v1/tickets", json={"service": service, "priority": priority, "person": person})
        return self._wire(lambda: Ticket.from_dict(body))

    def lease(self, service: str, size: int = 20) -> Lease:
        """A block of ``size`` numbers of ``service`` today for this kiosk to issue while
        the hub is away (kiosk tokens). Raises ServiceClosed outside its hours."""
        body = self._json("POST", "/api/v1/leases", json={"service": service, "size": size})
        return self._wire(lambda: Lease.from_dict(body))

    def get_ticket(self, ticket_id: str) -> Ticket:
        body = self._json("GET", f"/api/v1/tickets/{ticket_id}")
        return self._wire(lambda: Ticket.from_dict(body))

    def call_next(self, window: int, *, staff: str | None = None) -> Ticket | None:
        """Call the next ticket to ``window``; None when nobody waits (204)."""
        body = self._json("POST", f"/api/v1/windows/{int(window)}/next", json={"staff": staff} if staff else None)
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

    def lookup_case(self, number: str) -> list[dict[str, Any]]:
        """办件查询 of a case from any hall of the city, by this hall's case number, the
        official number or ``HALLCODE:REFERENCE``: ``[{"hall_code", "reference",
        "provisional_number", "official_number", "platform_status", "task_code",
        "submitted_at"}]`` (empty: no hall has it). Raises HubUnavailable also when the
        hall could not ask the city (503)."""
        body = self._json("GET", "/api/v1/case-lookup", params={"number": number})
        found = body.get("cases") if isinstance(body, dict) else None
        if not isinstance(found, list) or not all(isinstance(c, dict) for c in found):
            raise HubUnavailable("hub.bad_answer", url=self.base_url, error="case lookup")
        return found

    def sign_in(self, staff: str, pin: str) -> dict:
        """Check a clerk's PIN at the hub (window tokens): ``{"staff", "name", "window"}``.
        Raises HubRejected with key ``hub.staff_wrong_pin`` or ``hub.staff_locked``."""
        try:
            body = self._json("POST", "/api/v1/staff/sign-in", json={"staff": staff, "pin": pin})
        except HubRejected as exc:
            if exc.code not in SIGN_IN_REFUSALS:
                raise
            raise HubRejected(exc.status, exc.code, exc.message, key=SIGN_IN_REFUSALS[exc.code]) from None
        if not isinstance(body, dict) or not isinstance(body.get("name"), str):
            raise HubUnavailable("hub.bad_answer", url=self.base_url, error="sign-in answer")
        return body

    def help_requests(self, limit: int = 20) -> list[dict[str, Any]]:
        """The newest help requests (window tokens): ``[{"id", "terminal", "screen", "at"}]``."""
        body = self._json("GET", "/api/v1/help-requests", params={"limit": limit})
        if not isinstance(body, list) or not all(isinstance(h, dict) for h in body):
            raise HubUnavailable("hub.bad_answer", url=self.base_url, error="help requests")
        return body

    # ---- the sync engine's transport (offline_cache.sync.engine.Transport) ---------------
    def push(self, kind: str, record_id: str, body: dict[str, Any], blobs: Sequence[bytes] = ()) -> dict[str, Any]:
        """Send one outbox record with ``Idempotency-Key: record_id``: the hub's answer
        (for a case ``{"case_number": ..., "status": "submitted", ...}``). Kinds with
        blobs go as multipart (``body`` as JSON plus one part per blob, named by its
        sha256) when there are blobs."""
        route = push_path(kind)
        payload = push_body(kind, record_id, body)
        headers = push_headers(record_id)
        if route.with_blobs and blobs:
            files: list[tuple[str, tuple[str | None, bytes, str]]] = [
                ("body", (None, jsonlib.dumps(payload, ensure_ascii=False).encode(), "application/json"))
            ]
            for blob in blobs:
                sha = hashlib.sha256(blob).hexdigest()
                files.append((sha, (sha, bytes(blob), "application/octet-stream")))
            answer = self._json(route.method, route.path, headers=headers, files=files)
        else:
            answer = self._json(route.method, route.path, headers=headers, json=payload)
        if not isinstance(answer, dict):
            raise HubUnavailable("hub.bad_answer", url=self.base_url, error="not an object")
        return answer

    def heartbeat(self, body: dict[str, Any]) -> None:
        """Send the terminal's health snapshot (never queued: only the newest matters)."""
        self._json("POST", "/api/v1/heartbeats", json=body)

    def case_updates(self, since: str | None) -> list[dict[str, Any]]:
        """Status changes of this terminal's cases after cursor ``since`` (the newest
        ``at`` seen, as text), oldest first, checked."""
        params: dict[str, Any] = {"limit": UPDATES_PAGE}
        if since:
            try:
                params["since"] = float(since)
            except ValueError:
                pass  # a cursor of another hub: everything again (the outbox ignores repeats)
        body = self._json("GET", "/api/v1/case-updates", params=params)
        return self._wire(
            lambda: (
                [CaseUpdate.from_dict(u, f"[{i}]").to_dict() for i, u in enumerate(body)]
                if isinstance(body, list)
                else _not_list()
            )
        )

    def catalog_changes(self, since: str | None) -> CatalogChanges | None:
        """What changed in the published catalog since version ``since`` (all pages put
        together); None when nothing is new or nothing is published."""
        try:
            base = int(since) if since else 0
        except ValueError:
            base = 0
        for _ in range(3):  # a version published while paging: start again
            pages = self._catalog_pages(base)
            if pages is None:
                return None
            if all(p.version == pages[0].version for p in pages):
                first = pages[0]
                if not first.full and first.version == base:
                    return None
                return CatalogChanges(
                    version=first.version,
                    full=first.full,
                    upserts=[i for p in pages for i in p.upserts],
                    removals=[c for p in pages for c in p.removals],
                    rest=first.rest,
                )
        raise HubUnavailable("hub.bad_answer", url=self.base_url, error="catalog kept changing while paging")

    def _catalog_pages(self, since: int) -> list[ChangesPage] | None:
        pages: list[ChangesPage] = []
        after: str | None = None
        while True:
            params: dict[str, Any] = {"since": since, "limit": CATALOG_PAGE}
            if after is not None:
                params["after"] = after
            try:
                body = self._json("GET", "/api/v1/catalog/changes", params=params)
            except HubRejected as exc:
                if exc.status == 404 and exc.code == "catalog.none":
                    return None
                raise
            page = self._wire(lambda body=body: ChangesPage.from_dict(body))
            pages.append(page)
            if page.next is None or page.version != pages[0].version:
                return pages
            if after is not None and page.next <= after:
                raise HubUnavailable("hub.bad_answer", url=self.base_url, error="catalog pages do not advance")
            after = page.next

    def licences(self, person: str, type: str | None = None) -> list[dict[str, Any]]:
        """The electronic licences (电子证照) the hub knows for a person key
        (``HubConnection.person_key``), optionally of one type (``hukou``, ``marriage``...)."""
        params = {"person": person, **({"type": type} if type else {})}
        body = self._json("GET", "/api/v1/licences", params=params)
        found = body.get("licences") if isinstance(body, dict) else None
        if not isinstance(found, list) or not all(isinstance(x, dict) for x in found):
            raise HubUnavailable("hub.bad_answer", url=self.base_url, error="no licences list")
        return found

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ---- plumbing ---------------------------------------------------------------------
    def _json(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
        files: Any = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        """The answer's JSON (None for 204), or the matching HubError."""
        try:
            response = self._http.request(method, path, json=json, headers=headers, files=files, params=params)
        except httpx.TimeoutException as exc:
            raise HubUnavailable("hub.unreachable", url=self.base_url, error="timeout") from exc
        except httpx.HTTPError as exc:
            raise HubUnavailable("hub.unreachable", url=self.base_url, error=type(exc).__name__) from exc
        status = response.status_code
        if status == 204:
            return None
        if status >= 500:
            raise HubUnavailable("hub.server_error", url=self.base_url, status=status)
        try:
            body = response.json()
        except ValueError:
            body = _NOT_JSON
        if status >= 400:
            if not _hub_error_shape(body):
                # Not the hub refusing: a proxy's own page (nginx's HTML 404 while the hub
                # is redeployed, a wrong path), a captive portal. Only the hub's own refusal
                # may end a record's delivery; this one is tried again (issue 17).
                raise HubUnavailable("hub.bad_answer", url=self.base_url, status=status, error="not the hub's answer")
            raise _rejection(status, body)
        if body is _NOT_JSON or status >= 300:
            raise HubUnavailable("hub.bad_answer", url=self.base_url, status=status)
        return body

    def _wire(self, build):
        try:
            return build()
        except (WireError, AttributeError, TypeError) as exc:
            raise HubUnavailable("hub.bad_answer", url=self.base_url, error=str(exc)) from exc


def _not_list() -> Any:
    raise WireError("", "not a list")


_NOT_JSON = object()


def _hub_error_shape(body: Any) -> bool:
    """The hub's refusal: ``{"error": {"code": "...", "message": "..."}}`` (hub/errors.py)."""
    error = body.get("error") if isinstance(body, dict) else None
    return isinstance(error, dict) and isinstance(error.get("code"), str) and bool(error["code"])


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
