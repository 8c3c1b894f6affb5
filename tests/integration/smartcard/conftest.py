"""Real pcscd + vsmartcard-vpcd + the virtual 社保卡, shared by the smartcard tests."""

from __future__ import annotations

import pytest

from drivers.sim.social_card_sim import VirtualSocialSecurityCard
from drivers.smartcard.pcsc_backend import PcscSocialSecurityCardReader
from tests.rigs.pcscd import Pcscd


@pytest.fixture(scope="module")
def pcscd(tmp_path_factory):
    # Per module: pcscd (ours) is gone again before unrelated tests run.
    rig = Pcscd(tmp_path_factory.mktemp("pcscd")).start()
    yield rig
    rig.stop()


@pytest.fixture
def card(pcscd):
    virtual = VirtualSocialSecurityCard(port=pcscd.port)
    assert virtual.reader == pcscd.reader
    yield virtual
    virtual.stop()
    if pcscd.alive():
        pcscd.wait_card(present=False)  # the next test starts with an empty slot


@pytest.fixture
def reader(pcscd):
    device = PcscSocialSecurityCardReader(reader=pcscd.reader)
    yield device
    device.close()
