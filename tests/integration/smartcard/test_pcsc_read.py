"""PcscSocialSecurityCardReader against the real pcscd with the virtual card in vpcd."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from drivers.health import HealthState
from drivers.sim.social_card_sim import PEOPLE
from drivers.smartcard.base import CardRefused, CardRemoved, NoCard
from drivers.smartcard.pcsc_backend import PcscSocialSecurityCardReader
from tests.helpers import REPO

pytestmark = pytest.mark.pcsc

GOLDEN_SEQUENCE = [
    "00A404000F7378312E73682EC9E7BBE1B1A3D5CF",
    "00A4000002EF05",
    "00B207040B",
    "00A4000002EF06",
    "00B2010414",
    "00B2020420",
]


def test_backend_is_usable_here():
    assert PcscSocialSecurityCardReader.is_usable()


def test_reads_the_three_fields_with_the_golden_sequence(card, reader):
    card.start()
    got = reader.read_card()
    assert (got.card_number, got.ssn, got.name) == ("S61010301", "610103188001010012", "张三丰")
    assert [a.hex().upper() for a in card.received] == GOLDEN_SEQUENCE


def test_reads_another_person_after_a_card_swap(card, reader):
    card.start()
    assert reader.read_card().name == "张三丰"
    card.remove()
    card.insert(PEOPLE[1])
    assert reader.read_card() == PEOPLE[1]


def test_empty_reader_gives_no_card(card, reader):
    with pytest.raises(NoCard) as err:
        reader.read_card()
    assert err.value.key == "device.smartcard.no_card"
    assert reader.card_present() is False


def test_insert_and_remove_events(card, reader):
    assert reader.wait_for_change(0.2) is None
    threading.Timer(0.1, card.insert).start()
    assert reader.wait_for_change(5) == "inserted"
    assert reader.card_present() is True
    threading.Timer(0.1, card.remove).start()
    assert reader.wait_for_change(5) == "removed"
    assert reader.card_present() is False


def test_a_change_between_calls_is_not_lost(card, reader):
    assert reader.wait_for_change(0) is None  # learns "empty"
    card.insert()
    deadline = time.monotonic() + 3
    while not reader.card_present() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reader.wait_for_change(0) == "inserted"


def test_pulled_mid_read_gives_card_removed_then_recovers(card, reader):
    card.start()
    card.remove_after(4)  # the card leaves at READ RECORD... of EF06's select
    with pytest.raises(CardRemoved) as err:
        reader.read_card()
    assert err.value.key == "device.smartcard.card_removed"
    assert reader.wait_for_change(3) == "removed"
    card.insert()
    assert reader.wait_for_change(3) == "inserted"
    assert reader.read_card().ssn == "610103188001010012"


def test_a_bank_card_is_refused_with_a_clear_key(card, reader):
    card.start()
    card.fail_next(0xA4, 0x6A82)
    with pytest.raises(CardRefused) as err:
        reader.read_card()
    assert err.value.key == "device.smartcard.not_social_card"
    assert reader.read_card().name == "张三丰"  # the next card read works


def test_probe_reports_ready_and_card_presence(card, reader):
    health = reader.probe()
    assert health.state is HealthState.OK and health.data["card_present"] is False
    card.start()
    deadline = time.monotonic() + 3
    while not reader.probe().data.get("card_present") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reader.probe().data["card_present"] is True


def test_unknown_reader_name_is_offline(pcscd):
    device = PcscSocialSecurityCardReader(reader="No Such Reader 9")
    health = device.probe()
    assert health.state is HealthState.OFFLINE and health.key == "device.smartcard.no_reader"
    device.close()


def test_close_cuts_a_long_wait_short(reader):
    started = time.monotonic()
    threading.Timer(0.2, reader.close).start()
    assert reader.wait_for_change(30) is None
    assert time.monotonic() - started < 5


def test_sim_runs_alone_and_prints_its_reader(pcscd, reader):
    proc = subprocess.Popen(
        [sys.executable, "-m", "drivers.sim.social_card_sim", "--port", str(pcscd.port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        line = proc.stdout.readline()
        assert f"vpcd://127.0.0.1:{pcscd.port}" in line and pcscd.reader in line
        assert "610103188001010012" not in line  # the printed card is masked
        assert reader.read_card().name == "张三丰"
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        proc.stdout.close()
