"""The maintenance screen's device rows speak the UI's language: the demo's simulated
social-card reader once showed an English "Fake PCD" in the Chinese screen."""

from __future__ import annotations

import re

import pytest

from drivers.smartcard.fake import FakeSocialSecurityCardReader
from ui import i18n
from ui.widgets.device_health import DeviceHealthWidget

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_simulated_reader_is_called_simulated_in_the_screens_language(qtbot, language: str) -> None:
    before = i18n.language()
    i18n.set_language(language)
    try:
        widget = DeviceHealthWidget({"smartcard": FakeSocialSecurityCardReader().probe()})
        qtbot.addWidget(widget)
        detail = widget._rows["smartcard"][1].text()
    finally:
        i18n.set_language(before)
    assert "Fake" not in detail and "PCD" not in detail
    assert (
        ("模拟" in detail)
        if language == "zh_CN"
        else ("simulated" in detail and not re.search(r"[\u4e00-\u9fff]", detail))
    )


def test_a_named_reader_keeps_its_name() -> None:
    health = FakeSocialSecurityCardReader("ACS ACR39U").probe()
    assert health.key == "device.smartcard.ready" and health.data["reader"] == "ACS ACR39U"
