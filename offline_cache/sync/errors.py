"""What talking to the hub can go wrong with: a message key plus data, no sentences.

PLACEHOLDER with the names the hub helper's ``offline_cache/sync/errors.py`` defines
(same signatures); when main has that module, main's version replaces this one whole.

    HubError                   .key, .data
    ├── HubUnavailable         hub.unreachable / hub.server_error / hub.bad_answer: try later
    └── HubRejected            .status .code .message: the hub said no (4xx)
"""

from __future__ import annotations

from typing import Any


class HubError(Exception):
    """Any failure talking to the hub (``key`` for the UI, ``data`` without personal data)."""

    def __init__(self, key: str, **data: Any) -> None:
        self.key = key
        self.data = data
        detail = " ".join(f"{k}={v!r}" for k, v in sorted(data.items()))
        super().__init__(f"{key}: {detail}" if detail else key)


class HubUnavailable(HubError):
    """The hub did not answer usefully (connect error, timeout, 5xx, garbage): try later."""

    def __init__(self, key: str = "hub.unreachable", **data: Any) -> None:
        super().__init__(key, **data)


class HubRejected(HubError):
    """The hub refused the request (a 4xx with its JSON error)."""

    def __init__(self, status: int, code: str, message: str = "", *, key: str = "hub.rejected",
                 **data: Any) -> None:
        self.status = status
        self.code = code
        self.message = message
        super().__init__(key, status=status, code=code, **data)
