"""``kiosk run --demo --role display`` beside ``--role window`` on one machine: both
processes share one embedded demo hub, and a call made on that hub is shown — and
spoken — by the display process."""

from __future__ import annotations

import pytest

from kiosk.config.loader import APP_NAME
from offline_cache.sync.client import HubClient
from tests.rigs.hub import create_token

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_display_joins_the_windows_hub_and_shows_its_calls(launch, tmp_path) -> None:
    window = launch("--role", "window", "--demo", "--windowed")
    started = window.wait_for("embedded_hub_started", timeout=60)
    display = launch("--role", "display", "--demo", "--windowed")
    joined = display.wait_for("embedded_hub_joined", timeout=60)
    assert joined["url"] == started["url"]  # one hub for both
    display.wait_for("board_hub_connected", timeout=30)

    db = tmp_path / "data" / APP_NAME / "demo" / "hub.sqlite"
    admin = create_token(str(db), "admin", terminal="e2e-admin")
    with HubClient(started["url"], admin) as hub:
        ticket = hub.issue_ticket("A")
        called = hub.call_next(1)
    assert called is not None and called.id == ticket.id
    shown = display.wait_for("board_call_shown", timeout=15)
    assert shown["ticket"] == ticket.number and shown["window"] == 1 and shown["live"] is True
    said = display.wait_for("speech_call", timeout=30)  # chime + sentence, to the player there is
    assert said["ticket"] == ticket.number and said["window"] == 1
    assert display.stop() == 0
    assert window.stop() == 0
    assert display.unexpected_qt_messages() == []
