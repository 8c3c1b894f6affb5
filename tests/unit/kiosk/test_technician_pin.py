"""The maintenance screen's PIN lock: a file without a PIN opens nothing (there is no PIN
in code to fall back on), the demo has its own, and wrong tries lock it out."""

from __future__ import annotations

from kiosk.config import Settings, demo_settings
from kiosk.technician import MAX_PIN_TRIES, PinLock


def test_no_pin_configured_opens_nothing() -> None:
    lock = PinLock(Settings().technician_pin)
    assert Settings().technician_pin == ""
    assert not lock.try_pin("") and not lock.try_pin("246810")


def test_the_demo_brings_its_own_pin() -> None:
    assert PinLock(demo_settings().technician_pin).try_pin("246810")


def test_wrong_tries_lock_the_right_pin_out() -> None:
    now = [100.0]
    lock = PinLock("13572468", clock=lambda: now[0])
    for _ in range(MAX_PIN_TRIES):
        assert not lock.try_pin("00000000")
    assert lock.locked_for() > 0 and not lock.try_pin("13572468")
    now[0] += lock.locked_for() + 1
    assert lock.try_pin("13572468")
