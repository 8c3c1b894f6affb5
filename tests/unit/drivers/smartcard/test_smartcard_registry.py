"""The registry builds the smartcard backends from their config options."""

from __future__ import annotations

from drivers import registry
from drivers.smartcard.fake import FakeSocialSecurityCardReader
from drivers.smartcard.pcsc_backend import PcscSocialSecurityCardReader


def test_smartcard_backends_take_the_reader_option():
    real = registry.create("smartcard", "pcsc", {"reader": "Virtual PCD 00 00"})
    fake = registry.create("smartcard", "fake", {"reader": "Virtual PCD 00 00"})
    assert isinstance(real, PcscSocialSecurityCardReader) and real.reader == "Virtual PCD 00 00"
    assert isinstance(fake, FakeSocialSecurityCardReader)
    real.close()
