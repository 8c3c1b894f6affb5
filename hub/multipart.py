"""A small, exact ``multipart/form-data`` reader (the hub has no python-multipart).

Only what the case route needs: the boundary from the Content-Type, each part's
``name`` (and whether it has a ``filename``) from its Content-Disposition, and the
part's bytes unchanged. Anything malformed is a :class:`MultipartError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOUNDARY = re.compile(r'boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))', re.I)
_NAME = re.compile(rb'(?:^|;)\s*name="([^"]*)"', re.I)
MAX_PARTS = 64


class MultipartError(ValueError):
    """The body is not well-formed multipart/form-data."""


@dataclass(frozen=True)
class Part:
    name: str
    data: bytes


def parse(content_type: str, body: bytes) -> list[Part]:
    """The parts of ``body`` in order.

    Raises:
        MultipartError: no boundary, no closing delimiter, a part without a name, too many parts.
    """
    m = _BOUNDARY.search(content_type)
    if not content_type.lower().startswith("multipart/form-data") or m is None:
        raise MultipartError("not multipart/form-data with a boundary")
    delimiter = b"--" + (m.group(1) or m.group(2)).encode("latin-1")
    chunks = body.split(b"\r\n" + delimiter)
    first = chunks[0]
    if not first.startswith(delimiter):
        raise MultipartError("the body does not start with the boundary")
    chunks[0] = first[len(delimiter) :]
    if len(chunks) < 2 or not chunks[-1].startswith(b"--"):
        raise MultipartError("no closing boundary (truncated?)")
    parts = []
    for chunk in chunks[:-1]:
        if not chunk.startswith(b"\r\n"):
            raise MultipartError("a boundary not followed by a line break")
        head, sep, data = chunk[2:].partition(b"\r\n\r\n")
        if not sep:
            raise MultipartError("a part without headers")
        disposition = next(
            (
                line.split(b":", 1)[1]
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-disposition:")
            ),
            None,
        )
        name = _NAME.search(disposition) if disposition else None
        if name is None:
            raise MultipartError("a part without a name")
        parts.append(Part(name.group(1).decode("utf-8", "replace"), data))
        if len(parts) > MAX_PARTS:
            raise MultipartError(f"more than {MAX_PARTS} parts")
    return parts
