"""Voices for guidance: they say arbitrary text and stop when told.

The voices and the player are the hall board's (``kiosk.speech``): espeak-ng through
``EspeakVoice.render_text`` (the normaliser ``kiosk.speech.mandarin`` turns a sentence
into pinyin) and the first WAV player on PATH, or a Qt engine the ui injects
(``ui/speech_qt.py``, given ``engine_text``: numbers and marks spelled out). What guidance adds is the stop event: every ``say``
returns early once it is set.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from kiosk.speech import mandarin
from kiosk.speech.errors import SpeechError
from kiosk.speech.player import StoppablePlayer, find_stoppable_player
from kiosk.speech.voices import EspeakVoice

log = logging.getLogger("kiosk.guidance")

ENGINES = ("auto", "qt", "espeak", "none")
QtOutputFactory = Callable[[], "GuidanceOutput"]


class GuidanceOutput(ABC):
    """Something that says a sentence and can be cut off."""

    name = "output"

    def is_usable(self) -> bool:
        return True

    def speaks(self, lang: str) -> bool:
        return lang in ("zh_CN", "en")

    @abstractmethod
    def say(self, text: str, lang: str, stop: threading.Event) -> None:
        """Say ``text``; return when said, or soon after ``stop`` is set.

        Thread: the speaker's worker thread.
        """


class SilentOutput(GuidanceOutput):
    """No voice on this terminal (engine ``none``, or none installed): the log still
    holds what would have been said."""

    name = "none"

    def say(self, text: str, lang: str, stop: threading.Event) -> None:
        return None


class RecordingOutput(GuidanceOutput):
    """A voice that records what it was given, taking ``seconds_per_char`` per
    character (0: at once) unless stopped: the demo's and the tests' voice.

    ``said`` holds every text it started, ``cut`` those a stop cut off.
    """

    name = "recording"

    def __init__(self, seconds_per_char: float = 0.0) -> None:
        self.seconds_per_char = seconds_per_char
        self.said: list[str] = []
        self.cut: list[str] = []
        self.started = threading.Event()  # set when a sentence begins (tests wait on it)

    def say(self, text: str, lang: str, stop: threading.Event) -> None:
        if stop.is_set():
            return
        self.said.append(text)
        self.started.set()
        if stop.wait(self.seconds_per_char * len(text)):
            self.cut.append(text)


class EspeakOutput(GuidanceOutput):
    """espeak-ng renders the sentence (Mandarin as tone-numbered pinyin through
    ``cmn-latn-pinyin``, like the hall board's calls; English through ``en``), the
    player plays it; a stop kills the player."""

    def __init__(self, voice: EspeakVoice | None = None, player: StoppablePlayer | None = None) -> None:
        self.voice = voice or EspeakVoice(speed_wpm=170)
        self.player = player or find_stoppable_player()
        self.name = f"espeak-ng+{self.player.program}"

    def is_usable(self) -> bool:
        return self.voice.is_usable()

    def speaks(self, lang: str) -> bool:
        return lang in ("zh_CN", "en")

    def say(self, text: str, lang: str, stop: threading.Event) -> None:
        if stop.is_set():
            return
        try:
            wav = self.voice.render_text(text, lang)
        except SpeechError as exc:
            log.warning("guidance_voice_failed", extra={"fields": {"key": exc.key, **exc.data}})
            return
        if not stop.is_set():
            self.player.play(wav, stop)


def engine_text(text: str, lang: str) -> str:
    """What an engine that reads characters (a Qt engine) is given: numbers, ticket
    numbers, dates and times in words, decorative marks dropped."""
    return mandarin.spell_out(text) if lang == "zh_CN" else mandarin.english(text)


def choose_output(settings_like: Any, qt_factory: QtOutputFactory | None = None, lang: str = "zh_CN") -> GuidanceOutput:
    """The voice guidance speaks with: ``engine`` of ``[guidance]`` (``auto``: a Qt
    engine when the ui injects one and it has a voice for ``lang``, else espeak-ng),
    or ``SilentOutput`` when none is there (logged ``guidance_voice_unavailable``)."""
    guidance = getattr(settings_like, "guidance", settings_like)
    engine = getattr(guidance, "engine", "auto")
    tried: list[GuidanceOutput] = []
    if engine in ("auto", "qt") and qt_factory is not None:
        tried.append(qt_factory())
    if engine in ("auto", "espeak"):
        tried.append(EspeakOutput(EspeakVoice(speed_wpm=getattr(guidance, "rate_wpm", 170))))
    for output in tried:
        if output.is_usable() and output.speaks(lang):
            log.info("guidance_voice", extra={"fields": {"voice": output.name, "language": lang}})
            return output
    if engine != "none":
        log.warning("guidance_voice_unavailable", extra={"fields": {"engine": engine, "language": lang}})
    return SilentOutput()
