"""Guidance through a Qt speech engine: a whole sentence is said, and a cancel stops the
engine mid-sentence (Qt's ``mock`` plug-in says each word in real time)."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.guidance import GuidanceSpeaker, Utterance, VoiceGuidance
from tests.ui.test_speech_qt import in_worker
from ui.speech_qt import QtGuidanceOutput

pytestmark = pytest.mark.gui
SENTENCE = "Press a number to choose, up and down to hear each item, zero to repeat"


def test_a_sentence_is_said_word_by_word(qapp) -> None:
    out = QtGuidanceOutput("mock", allow_test_engine=True)
    assert out.is_usable() and out.speaks("en") and not out.speaks("zh_CN")
    in_worker(lambda: out.say("Press a number", "en", threading.Event()))
    assert out.words_said == ["Press", "a", "number"]


def test_a_stop_cuts_the_engine_off_mid_sentence(qapp) -> None:
    out = QtGuidanceOutput("mock", allow_test_engine=True)
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    began = time.monotonic()
    in_worker(lambda: out.say(SENTENCE, "en", stop))
    assert time.monotonic() - began < 1.5
    assert 0 < len(out.words_said) < len(SENTENCE.split())


def test_guidance_cancels_a_qt_sentence_when_the_screen_changes(qapp) -> None:
    out = QtGuidanceOutput("mock", allow_test_engine=True)
    g = VoiceGuidance(GuidanceSpeaker(out), enabled=True, language=lambda: "en")
    g.screen([Utterance(SENTENCE, "prompt")])
    time.sleep(0.3)
    g.screen([Utterance("Home", "title")])
    assert g.speaker.wait_idle(10)
    assert out.words_said == ["Home"]
    g.close()
