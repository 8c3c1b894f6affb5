"""The Qt speech engine as a call voice: which engines count, whether they start, and
that a spoken call blocks until said so calls never overlap. The sentences are spoken by
Qt's own ``mock`` plug-in (it reports each word it "says", in real time); real engines
are probed as installed on this machine."""

from __future__ import annotations

import threading
import time
from itertools import pairwise
from types import SimpleNamespace

import pytest
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.speech import (
    CallAnnouncer,
    CallWords,
    EspeakVoice,
    VoiceFailed,
    choose_voice,
)
from kiosk.speech.wav import read_wav
from ui.speech_qt import QtSpeechVoice, engines, qt_voice_factory

pytestmark = pytest.mark.gui


def in_worker(fn):
    """Run ``fn`` on a plain Python thread (as the announcer does); return or raise its result."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    t = threading.Thread(target=run)
    t.start()
    t.join(60)
    if "error" in box:
        raise box["error"]
    return box.get("value")


def test_qts_test_plugin_never_counts_as_an_engine(qapp) -> None:
    installed = set(QTextToSpeech.availableEngines())
    assert "mock" in installed  # Qt ships it; this is what the filter is for
    assert set(engines()) == installed - {"mock"}
    assert not QtSpeechVoice("mock").is_usable()


def test_real_engines_are_usable_only_when_they_start(qapp) -> None:
    for name in engines():
        started = QTextToSpeech(name).state() != QTextToSpeech.State.Error
        assert QtSpeechVoice(name).is_usable() == started, name
    voice = choose_voice(SimpleNamespace(engine="auto", voice_pack=""), qt_factory=qt_voice_factory)
    default = qt_voice_factory()
    if default.is_usable() and default.speaks("zh_CN"):
        assert isinstance(voice, QtSpeechVoice)
    else:  # e.g. speechd installed without speech-dispatcher: espeak-ng speaks
        assert isinstance(voice, EspeakVoice)


def test_speak_blocks_until_the_engine_has_said_the_sentence(qapp) -> None:
    voice = QtSpeechVoice("mock", allow_test_engine=True)
    assert voice.is_usable() and voice.languages == ("en",)
    words = CallWords.of("A012", 12)
    start = time.monotonic()
    in_worker(lambda: voice.speak(words, "en"))
    took = time.monotonic() - start
    assert voice.words_said == ["Number", "A", "0", "1", "2", "please", "go", "to", "window", "12"]
    assert took > 0.3  # it waited for the words, not just for say() to return


def test_a_language_without_a_voice_fails_typed_and_qt_renders_nothing(qapp) -> None:
    voice = QtSpeechVoice("mock", allow_test_engine=True)
    with pytest.raises(VoiceFailed) as err:
        in_worker(lambda: voice.speak(CallWords.of("A001", 3), "zh_CN"))
    assert err.value.data == {"engine": "qt:mock", "reason": "no zh_CN voice"}
    with pytest.raises(VoiceFailed):
        voice.render(CallWords.of("A001", 3), "en")
    # a Mandarin board does not pick an engine that cannot speak Mandarin
    picked = choose_voice(SimpleNamespace(engine="auto", voice_pack=""), qt_factory=lambda: voice)
    assert isinstance(picked, EspeakVoice)


class RecordingQtVoice(QtSpeechVoice):
    """The real Qt voice, noting when each sentence was said and what the engine said."""

    def __init__(self) -> None:
        super().__init__("mock", allow_test_engine=True)
        self.log: list[tuple[float, float, str]] = []

    def speak(self, words: CallWords, lang: str) -> None:
        start = time.monotonic()
        super().speak(words, lang)
        self.log.append((start, time.monotonic(), " ".join(self.words_said)))


def test_the_announcer_speaks_qt_calls_in_order_without_overlap(qapp) -> None:
    voice = RecordingQtVoice()
    chimes: list[tuple[float, float]] = []

    def player(wav: bytes) -> None:
        start = time.monotonic()
        time.sleep(read_wav(wav).seconds / 10)
        chimes.append((start, time.monotonic()))

    announcer = CallAnnouncer(voice, player, lang="en")
    announcer.announce("A001", 3)
    announcer.announce("B020", 120)
    announcer.close(timeout=60)
    said = [text for _, _, text in voice.log]
    assert said == ["Number A 0 0 1 please go to window 3"] * 2 + ["Number B 0 2 0 please go to window 120"] * 2
    events = sorted([(s, e, "chime") for s, e in chimes] + [(s, e, "say") for s, e, _ in voice.log])
    assert [k for *_, k in events] == ["chime", "say", "say", "chime", "say", "say"]
    assert all(a[1] <= b[0] for a, b in pairwise(events))
