"""common.errors: one KeyedError base for every layer's message-keyed errors (issue 15)."""

from __future__ import annotations

import pytest

from common.errors import KeyedError, key_of
from common.safe_write import UnsafeWrite
from drivers.errors import DeviceError, DeviceTimeout
from hub.catalog import CatalogVersionError
from kiosk.cases.errors import CaseError
from kiosk.config.errors import ConfigError
from kiosk.queue.desk_view import DeskError
from kiosk.speech.errors import CallTextError
from offline_cache.catalog.errors import CatalogImportError, CatalogNotFound, CatalogUnavailable
from offline_cache.db import StorageError
from offline_cache.outbox.checks import OutboxInputError
from offline_cache.sync.errors import HubUnavailable, TicketExists
from offline_cache.wire import Ticket, WireError


def test_key_and_data_and_one_line_for_logs() -> None:
    exc = KeyedError("device.printer.paper_out", port="socket://127.0.0.1:9100", tries=2)
    assert exc.key == "device.printer.paper_out"
    assert exc.data == {"port": "socket://127.0.0.1:9100", "tries": 2}
    assert str(exc) == "device.printer.paper_out: port='socket://127.0.0.1:9100' tries=2"
    assert str(KeyedError("hub.unreachable")) == "hub.unreachable"


def test_the_typed_accessor_gives_the_datum_only_of_the_asked_type() -> None:
    exc = KeyedError("hub.service_closed", opens_at="08:30", window=3, flag=None)
    assert exc.get("opens_at", str, "") == "08:30"
    assert exc.get("window", int, 0) == 3
    assert exc.get("window", str, "-") == "-"  # there, but not text
    assert exc.get("missing", int, -1) == -1
    assert exc.plain_data() == {"opens_at": "08:30", "window": 3}


@pytest.mark.parametrize(
    "exc",
    [
        CaseError("case.item_gone", code="X1"),
        DeskError("queue.desk.locked"),
        DeviceTimeout(port="/dev/ttyUSB0"),
        CallTextError(field="number"),
        StorageError("storage.disk_full", path="/tmp/x"),
        OutboxInputError("outbox.bad_kind", kind="x"),
        HubUnavailable(url="http://hub"),
        TicketExists(Ticket(id="t1", number="A001", service="A", status="waiting")),
        CatalogImportError("catalog.import.too_long", record="items[0]", limit=10),
        CatalogUnavailable("catalog.missing", "/tmp/catalog.db"),
        CatalogNotFound("item", "X1"),
        WireError("window", "not an integer"),
        UnsafeWrite("write.exists", "/tmp/out", "exists already"),
        CatalogVersionError(3, 4),
    ],
)
def test_every_layer_s_keyed_errors_share_the_base(exc: Exception) -> None:
    assert isinstance(exc, KeyedError) and exc.key and isinstance(exc.data, dict)
    assert key_of(exc, default="fallback") == exc.key


def test_defaults_and_own_lines_are_kept() -> None:
    assert DeviceError().key == "device.error" and DeviceTimeout().key == "device.timeout"
    assert CallTextError().key == "speech.bad_call"
    assert str(WireError("window", "not an integer")) == "window: not an integer"
    assert WireError("", "not an object").data == {"field": "", "problem": "not an object"}
    assert str(UnsafeWrite("write.fifo", "/tmp/p", "is a pipe")) == "/tmp/p: is a pipe"
    assert CatalogUnavailable("catalog.missing", "/c.db").data == {"path": "/c.db"}
    assert str(CatalogNotFound("item", "X1")) == "catalog.not_found: item 'X1'"
    assert str(CatalogImportError("catalog.import.too_long", record="items[0]", limit=10)) == (
        "catalog.import.too_long: record items[0]: limit=10"
    )


def test_an_error_whose_key_is_a_config_path_is_not_a_message_key() -> None:
    # ConfigError.key names the TOML key at fault, not a text: never shown as a message.
    exc = ConfigError("devices.printer.url", "not a URL")
    assert not isinstance(exc, KeyedError) and key_of(exc, default="config.invalid") == "config.invalid"
    assert key_of(ValueError("x"), default="storage.failed") == "storage.failed"
