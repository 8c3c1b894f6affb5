"""The fake reader behaves like the interface says."""

from __future__ import annotations

import threading

import pytest

from drivers.health import HealthState
from drivers.smartcard.base import NoCard, ReaderUnavailable, SocialSecurityCardReader
from drivers.smartcard.fake import DEMO_CARD, FakeSocialSecurityCardReader


def test_fake_is_a_reader_and_reads_the_inserted_card():
    fake = FakeSocialSecurityCardReader()
    assert isinstance(fake, SocialSecurityCardReader) and fake.kind == "smartcard"
    with pytest.raises(NoCard):
        fake.read_card()
    fake.insert()
    assert fake.card_present() and fake.read_card() == DEMO_CARD


def test_fake_events_in_order_and_timeout():
    fake = FakeSocialSecurityCardReader()
    assert fake.wait_for_change(0.01) is None
    threading.Timer(0.05, fake.insert).start()
    assert fake.wait_for_change(5) == "inserted"
    fake.remove()
    assert fake.wait_for_change(0) == "removed"


def test_fake_unplugged_reports_offline_and_raises():
    fake = FakeSocialSecurityCardReader()
    fake.unplug()
    health = fake.probe()
    assert health.state is HealthState.OFFLINE and health.key == "device.smartcard.no_reader"
    with pytest.raises(ReaderUnavailable):
        fake.card_present()
    fake.plug()
    assert fake.probe().state is HealthState.OK
