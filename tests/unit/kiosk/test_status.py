"""The home's status strip as keys: the network from the sync state, the printer from
its health; words are the screen's (tests/ui/test_floors.py sees them)."""

from __future__ import annotations

from drivers.health import Health
from kiosk.status import StatusLine, citizen_status


def test_network_and_printer_in_order_of_importance() -> None:
    assert citizen_status(True, {"printer": Health.ok()}) == [StatusLine("status.network.ok", "ok")]
    assert citizen_status(False, {"printer": Health.offline("device.printer.paper_out")}) == [
        StatusLine("status.network.down", "offline"),
        StatusLine("status.printer.paper_out", "offline"),
    ]
    assert citizen_status(None, {"printer": Health.offline("device.printer.offline")}) == [
        StatusLine("status.printer.offline", "offline")
    ]
    assert citizen_status(None, {"printer": Health.degraded("device.printer.paper_near_end")}) == [
        StatusLine("status.printer.paper_low", "degraded")
    ]
    assert citizen_status(None, {}) == []  # no hub, no printer: nothing to worry a citizen
