"""The UI's side of the core's services (``kiosk.ports.Ports``): Qt speech, the
language now chosen, the words of a key. Filled in by each role's window, before the
services that use them are built in ``kiosk.bootstrap``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.core import Core
from ui import i18n

if TYPE_CHECKING:  # imported when first spoken, not at start-up
    from kiosk.guidance.output import GuidanceOutput
    from kiosk.speech.voices import Voice


def _guidance_output() -> GuidanceOutput:
    from ui.speech_qt import QtGuidanceOutput  # QtTextToSpeech: loaded when guidance first speaks

    return QtGuidanceOutput()


def _call_voice() -> Voice:
    from ui.speech_qt import qt_voice_factory

    return qt_voice_factory()


def fill_ports(core: Core) -> None:
    """Give ``core`` the UI's language, texts and Qt speech engines."""
    core.ports.language = i18n.language
    core.ports.text = i18n.tr
    core.ports.guidance_output = _guidance_output
    core.ports.call_voice = _call_voice
