"""Where each kind of outbox record goes on the hub: a pure table the client uses.

Every push is a ``POST`` with the record's own id as ``Idempotency-Key``: the hub stores
the first request under that key and answers a repeat with the stored answer (a repeat
with a different body is a 409, which the engine turns into a dead letter).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

IDEMPOTENCY_HEADER = "Idempotency-Key"


@dataclass(frozen=True)
class PushPath:
    """One kind's request.

    Attributes:
        method, path: the request.
        with_blobs: the record's blobs travel with it (multipart: ``body`` as JSON plus
            one part per blob, named by its sha256).
        id_field: the body field that must carry the record id too (the hub's
            ``/evaluations`` route keys on ``Evaluation.id``), "" = the header only.
    """

    method: str
    path: str
    with_blobs: bool = False
    id_field: str = ""


PUSH_PATHS: dict[str, PushPath] = {
    "case": PushPath("POST", "/api/v1/cases", with_blobs=True),
    "evaluation": PushPath("POST", "/api/v1/evaluations", id_field="id"),
    "help_request": PushPath("POST", "/api/v1/help-requests"),
    "ticket": PushPath("POST", "/api/v1/tickets/offline"),
    "issue_report": PushPath("POST", "/api/v1/issue-reports", with_blobs=True),
    "heartbeat": PushPath("POST", "/api/v1/heartbeats"),
    "audit_entry": PushPath("POST", "/api/v1/audit-entries"),  # 帮办代办: a helper's step
    "unresolved_report": PushPath("POST", "/api/v1/unresolved-reports"),  # 办不成事
}


def push_path(kind: str) -> PushPath:
    """The request for ``kind``.

    Raises:
        KeyError: a kind the hub has no route for (a programming error: add it here).
    """
    return PUSH_PATHS[kind]


def push_body(kind: str, record_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """The JSON the client sends for a record (``body`` with the id where the route wants it)."""
    field = push_path(kind).id_field
    return {**body, field: record_id} if field else dict(body)


def push_headers(record_id: str) -> dict[str, str]:
    """The headers every push carries besides the client's own (token, user agent)."""
    if not record_id or len(record_id) > 64 or not record_id.isalnum():
        raise ValueError("a record id is 1-64 letters and digits (a uuid4 hex)")
    return {IDEMPOTENCY_HEADER: record_id}
