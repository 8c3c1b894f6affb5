"""What the outbox accepts, and the small encodings it stores beside the sealed body."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from common.errors import KeyedError
from offline_cache.outbox import schema

MAX_BODY_BYTES = 1 << 20  # 1 MiB of form values is far beyond any real case
MAX_BLOB_BYTES = 16 << 20  # one scanned page or photo
MAX_BLOBS = 64


class OutboxInputError(KeyedError, ValueError):
    """A record the outbox cannot take (programming error of the caller, or bad input).

    Args:
        key: ``outbox.bad_kind`` / ``outbox.bad_body`` / ``outbox.too_large``.
    """


def check_record(kind: Any, body: Any, blobs: Sequence[Any]) -> bytes:
    """The body as compact UTF-8 JSON, after checking kind, body and blobs.

    Raises:
        OutboxInputError: bad kind, a body that is not a JSON-able dict (sets, NaN...),
            blobs that are not bytes, or anything too large.
    """
    if not isinstance(kind, str) or not schema.KIND_RE.match(kind):
        raise OutboxInputError("outbox.bad_kind", kind=str(kind)[:40])
    if not isinstance(body, dict):
        raise OutboxInputError("outbox.bad_body", problem="not_a_dict")
    try:
        payload = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
    except RecursionError:  # a body nested 100,000 deep: say so, do not crash the caller
        raise OutboxInputError("outbox.bad_body", problem="nested_too_deeply") from None
    except (TypeError, ValueError) as exc:
        raise OutboxInputError("outbox.bad_body", problem=type(exc).__name__) from None
    if len(payload) > MAX_BODY_BYTES:
        raise OutboxInputError("outbox.too_large", size=len(payload), limit=MAX_BODY_BYTES)
    if not all(isinstance(b, (bytes, bytearray)) for b in blobs):
        raise OutboxInputError("outbox.bad_body", problem="blob_not_bytes")
    if len(blobs) > MAX_BLOBS:
        raise OutboxInputError("outbox.too_large", size=len(blobs), limit=MAX_BLOBS)
    biggest = max(map(len, blobs), default=0)
    if biggest > MAX_BLOB_BYTES:
        raise OutboxInputError("outbox.too_large", size=biggest, limit=MAX_BLOB_BYTES)
    return payload


def associated(record_id: str, kind: str) -> bytes:
    """The associated data of a sealed body: it opens only on its own record."""
    return f"{record_id}:{kind}".encode()


def error_json(error: dict[str, Any]) -> str:
    """``{"key": ..., "data": {...}}`` with only short scalar data (no bodies, no people)."""
    key = str(error.get("key", "sync.failed"))[:80]
    data = {
        str(k)[:40]: v
        if isinstance(v, (int, float, bool)) and not (isinstance(v, float) and math.isnan(v))
        else str(v)[:200]
        for k, v in dict(error.get("data") or {}).items()
    }
    return json.dumps({"key": key, "data": data}, ensure_ascii=False)
