"""The generic HTTPS JSON platform adapter (docs/city.md, "Message format").

    POST {base}/cases | /evaluations | /rectifications    one message → {"messageId", "projectNo"?, "status"?, "duplicate"?}
    GET  {base}/status-changes?after=N                   → {"changes": [...], "next": N}

A repeat of a ``messageId`` must be answered with the first answer (``duplicate``:
true). 5xx, timeouts and garbage are :class:`PlatformUnavailable` (send again, same
id); 4xx is :class:`PlatformRejected`.
"""

from __future__ import annotations

import json
from typing import Any

from hub.city import http
from hub.city.platform.base import Ack, PlatformAdapter, PlatformRejected, PlatformUnavailable, Sealer, StatusChange

PATHS = {"case": "/cases", "evaluation": "/evaluations", "rectification": "/rectifications"}


class HttpsJsonAdapter(PlatformAdapter):
    """Messages as JSON over HTTP(S) to ``base_url``."""

    def __init__(self, base_url: str, *, timeout_s: float = 5.0, sealer: Sealer | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.sealer = sealer or Sealer()

    def _call(self, method: str, path: str, message: dict[str, Any] | None = None) -> Any:
        body: bytes | None = None
        headers: dict[str, str] = {}
        if message is not None:
            body, headers = self.sealer.seal(json.dumps(message, ensure_ascii=False).encode("utf-8"))
        try:
            return http.request(method, self.base_url + path, body, headers=headers, timeout_s=self.timeout_s)
        except http.Unreachable as exc:
            raise PlatformUnavailable(str(exc)) from None
        except http.Answered as exc:
            if exc.status >= 500 or exc.status in (408, 429):
                raise PlatformUnavailable(f"{exc.status} {exc.code}") from None
            raise PlatformRejected(exc.status, exc.code, exc.message) from None

    def send(self, kind: str, message: dict[str, Any]) -> Ack:
        data = self._call("POST", PATHS[kind], message)
        if not isinstance(data, dict) or data.get("messageId") != message["messageId"]:
            raise PlatformUnavailable("the answer does not name the message sent")
        number = data.get("projectNo")
        status = data.get("status")
        return Ack(
            message["messageId"],
            number if isinstance(number, str) and number else None,
            status if isinstance(status, str) and status else None,
            bool(data.get("duplicate", False)),
        )

    def status_changes(self, after: int) -> tuple[list[StatusChange], int]:
        data = self._call("GET", f"/status-changes?after={int(after)}")
        try:
            changes = [
                StatusChange(int(c["seq"]), str(c["projectNo"]), str(c["provisionalNo"]), str(c["status"]))
                for c in data["changes"]
            ]
            return changes, int(data["next"])
        except (TypeError, KeyError, ValueError):
            raise PlatformUnavailable("status changes: not the documented shape") from None
