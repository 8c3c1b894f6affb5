"""The hub's small multipart reader: exact bytes, names, and clear refusals."""

from __future__ import annotations

import httpx
import pytest

from hub.multipart import MultipartError, parse


def encoded(files: list) -> tuple[str, bytes]:
    request = httpx.Request("POST", "http://x/", files=files)
    return request.headers["content-type"], request.read()


def test_parts_come_back_byte_for_byte_in_order() -> None:
    binary = bytes(range(256)) * 40 + b"\r\n--\r\n\r\n"
    ctype, body = encoded([("body", (None, b'{"a": 1}', "application/json")), ("ab" * 32, ("f", binary, "image/png"))])
    parts = parse(ctype, body)
    assert [(p.name, p.data) for p in parts] == [("body", b'{"a": 1}'), ("ab" * 32, binary)]


@pytest.mark.parametrize(
    "ctype, body",
    [
        ("application/json", b"{}"),
        ("multipart/form-data", b"--x\r\n"),
        ("multipart/form-data; boundary=x", b"garbage"),
        ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end'),
        ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--"),
        ("multipart/form-data; boundary=x", b"--x\r\nno headers end\r\n--x--"),
    ],
)
def test_malformed_bodies_are_refused(ctype: str, body: bytes) -> None:
    with pytest.raises(MultipartError):
        parse(ctype, body)


def test_too_many_parts_are_refused() -> None:
    ctype, body = encoded([(f"p{i}", (None, b"v", "text/plain")) for i in range(70)])
    with pytest.raises(MultipartError, match="more than"):
        parse(ctype, body)
