"""The generic HTTPS JSON platform adapter (docs/city.md, "Message format").

    POST {base}/cases | /evaluations | /rectifications    one message → {"messageId", "projectNo"?, "status"?, "duplicate"?}
    GET  {base}/status-changes?after=N                   → {"changes": [...], "next": N}

A repeat of a ``messageId`` must be answered with the first answer (``duplicate``:
true). 5xx, timeouts, garbage and 401 (the link's seal or credential refused) are
:class:`PlatformUnavailable` (send again, same id); other 4xx are :class:`PlatformRejected`.
Every request (a GET too) goes through the :class:`Sealer` (``seal``: SM3 / SM4).
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlsplit

from hub.city import http
from hub.city.platform.base import Ack, PlatformAdapter, PlatformRejected, PlatformUnavailable, Sealer, StatusChange

log = logging.getLogger("hub.city.platform")
PATHS = {"case": "/cases", "evaluation": "/evaluations", "rectification": "/rectifications"}


class HttpsJsonAdapter(PlatformAdapter):
    """Messages as JSON over HTTP(S) to ``base_url``."""

    def __init__(self, base_url: str, *, timeout_s: float = 5.0, sealer: Sealer | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.sealer = sealer or Sealer()
        self._base_path = urlsplit(self.base_url).path  # a gateway's prefix is part of the signed target

    def _call(self, method: str, path: str, message: dict[str, Any] | None = None) -> Any:
        raw = None if message is None else json.dumps(message, ensure_ascii=False).encode("utf-8")
        body, headers = self.sealer.seal(method, self._base_path + path, raw)
        try:
            return http.request(method, self.base_url + path, body, headers=headers, timeout_s=self.timeout_s)
        except http.Unreachable as exc:
            raise PlatformUnavailable(str(exc)) from None
        except http.Answered as exc:
            if exc.status == 401:
                # The seal or the credential was refused: the link is wrong (key, key id,
                # clock), not this message. Keep it and send again once that is mended.
                log.warning("platform_link_refused", extra={"fields": {"code": exc.code}})
                raise PlatformUnavailable(f"401 {exc.code}") from None
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
