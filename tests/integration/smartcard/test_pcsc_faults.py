"""pcscd goes away and comes back: the reader says so quickly and recovers by itself."""

from __future__ import annotations

import time

import pytest

from drivers.health import HealthState
from drivers.smartcard.base import CardTimeout, NoCard, ReaderUnavailable

pytestmark = pytest.mark.pcsc


def test_service_killed_then_restarted(pcscd, card, reader):
    card.start()
    assert reader.read_card().name == "张三丰"
    pcscd.kill()
    started = time.monotonic()
    health = reader.probe()
    assert time.monotonic() - started < 2
    assert health.state is HealthState.OFFLINE
    assert health.key in ("device.smartcard.service_down", "device.smartcard.no_reader")
    with pytest.raises(ReaderUnavailable):
        reader.read_card()
    pcscd.restart()
    card.remove()  # vpcd dropped the card's connection with pcscd; put it back
    card.insert()
    deadline = time.monotonic() + 5
    while reader.probe().state is not HealthState.OK and time.monotonic() < deadline:
        time.sleep(0.1)
    assert reader.probe().state is HealthState.OK
    deadline = time.monotonic() + 3
    while not reader.card_present() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reader.read_card().ssn == "610103188001010012"


def test_mute_card_times_out_then_recovers(card, reader):
    card.start()
    card.mute_next(0xB2)  # the card goes silent at the first READ RECORD
    with pytest.raises(CardTimeout) as err:
        reader.read_card()
    assert err.value.key == "device.smartcard.no_answer"
    assert reader.probe().key == "device.smartcard.no_answer"
    with pytest.raises(CardTimeout):
        reader.read_card()  # still stuck: said at once, nothing piles up
    card.remove()  # the citizen pulls the dead card out
    card.insert()
    deadline = time.monotonic() + 5
    while reader.probe().state is not HealthState.OK and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reader.probe().state is HealthState.OK
    # Right after insertion pcscd may still be powering the card (no_card); under load
    # that window is longer, so recovery means "reads again within the deadline".
    name = None
    while name is None and time.monotonic() < deadline + 5:
        try:
            name = reader.read_card().name
        except NoCard:
            time.sleep(0.1)
    assert name == "张三丰"
