"""Printer URLs from the configuration: good ones parse, bad ones are typed errors."""

from __future__ import annotations

import pytest

from drivers.printer.backends import parse_tcp_url, parse_usb_url
from drivers.printer.base import PrinterDisconnected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("tcp://192.0.2.10:9100", ("192.0.2.10", 9100)),
        ("192.0.2.10:9101", ("192.0.2.10", 9101)),
        ("printer.local", ("printer.local", 9100)),
        ("socket://[::1]:9100", ("::1", 9100)),
    ],
)
def test_tcp_urls(url, expected):
    assert parse_tcp_url(url) == expected


# Found by tests/fuzz (printer_url): urlsplit's ValueError for a broken bracketed host
# escaped, and "²" passed str.isdigit() and then broke int().
@pytest.mark.parametrize(
    "url",
    [
        "tcp://[bad",
        "socket://[:\u00ba1]:9100",
        "host:\u00b2",
        "host:\u0966\u0967",
        "tcp://",
        "host:notaport",
        "tcp://h:99999",
        "http://x:9100",
    ],
)
def test_bad_tcp_urls_are_typed_errors(url):
    with pytest.raises(PrinterDisconnected) as err:
        parse_tcp_url(url)
    assert err.value.key == "device.printer.bad_url" and err.value.data == {"url": url}


def test_usb_urls():
    assert parse_usb_url("usb://04b8:0202") == (0x04B8, 0x0202)
    for bad in ("usb://", "usb://04b8", "usb://zz:01", "usb://0:1", "usb://10000:1"):
        with pytest.raises(PrinterDisconnected):
            parse_usb_url(bad)
