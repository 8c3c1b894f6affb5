"""A Qt speech engine as a call voice (``QTextToSpeech``), for the hall board.

Qt lives only in ui/, so the core's voice selection (``kiosk.speech.select``) gets this
voice through the factory the ui injects: ``choose_voice(settings, qt_voice_factory)``.

PySide6 does not wrap ``QTextToSpeech.synthesize`` (a C++ template), so a Qt engine
cannot hand back audio: this voice only *speaks* (``renders = False``). The announcer
plays the chime itself and has the engine say the sentence twice; ``speak`` returns
only once the engine is back to Ready, so calls still never overlap. Qt's ``mock``
plug-in, shipped for Qt's own tests, says nothing and never counts as an engine.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale, QTimer
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.guidance.output import GuidanceOutput, engine_text
from kiosk.speech.errors import VoiceFailed
from kiosk.speech.voices import Voice
from kiosk.speech.words import CallWords, check_language

TEST_ENGINES = frozenset({"mock"})
LOCALES = {"zh_CN": QLocale.Language.Chinese, "en": QLocale.Language.English}


def engines(allow_test_engine: bool = False) -> list[str]:
    """The installed Qt speech engines (plug-ins), test engines left out unless asked."""
    return [e for e in QTextToSpeech.availableEngines() if allow_test_engine or e not in TEST_ENGINES]


class QtSpeechVoice(Voice):
    """The Qt speech engine ``engine`` (default: the first real one installed).

    Args:
        engine: a name from ``QTextToSpeech.availableEngines()``.
        allow_test_engine: let Qt's ``mock`` engine count (this project's tests only).
        timeout_s: the longest one sentence may take before the engine counts as hung.
    """

    name = "qt"
    renders = False

    def __init__(self, engine: str | None = None, *, allow_test_engine: bool = False, timeout_s: float = 30.0) -> None:
        found = engines(allow_test_engine)
        self.engine = engine if engine is not None else (found[0] if found else "")
        self.allow_test_engine = allow_test_engine
        self.timeout_s = timeout_s
        self._local = threading.local()  # one QTextToSpeech per thread: QObjects live in one thread
        self._probed: tuple[bool, tuple[str, ...]] | None = None
        self.words_said: list[str] = []  # what the engine reported saying last (sayingWord)

    @property
    def languages(self) -> tuple[str, ...]:  # type: ignore[override]
        return self._probe()[1]

    def _probe(self) -> tuple[bool, tuple[str, ...]]:
        """Whether the engine starts, and which call languages it has voices for."""
        if self._probed is None:
            ok: bool = False
            langs: tuple[str, ...] = ()
            if (
                self.engine
                and QCoreApplication.instance() is not None
                and (self.allow_test_engine or self.engine not in TEST_ENGINES)
                and self.engine in QTextToSpeech.availableEngines()
            ):
                tts = QTextToSpeech(self.engine)
                # speechd loads but reports Error when speech-dispatcher is missing.
                ok = tts.state() != QTextToSpeech.State.Error
                if ok:
                    have = {loc.language() for loc in tts.availableLocales()}
                    langs = tuple(lang for lang, qlang in LOCALES.items() if qlang in have)
                tts.deleteLater()
            self._probed = (ok, langs)
        return self._probed

    def is_usable(self) -> bool:
        return self._probe()[0]

    def render(self, words: CallWords, lang: str) -> bytes:
        raise VoiceFailed("speech.engine_failed", engine=f"qt:{self.engine}", reason="speaks only, renders no audio")

    def speak(self, words: CallWords, lang: str) -> None:
        """Say the hanzi (or English) sentence once; return when the engine is Ready.

        Raises:
            VoiceFailed: the engine reports an error or takes longer than ``timeout_s``.

        Thread: any thread with no other Qt event loop running in it (the announcer's
        worker); a QCoreApplication must exist.
        """
        text = words.text(check_language(lang))
        tts = self._engine_here(lang)
        loop = QEventLoop()
        said: list[QTextToSpeech.State] = []

        def changed(state: QTextToSpeech.State) -> None:
            if state in (QTextToSpeech.State.Speaking, QTextToSpeech.State.Synthesizing):
                said.append(state)
            elif state == QTextToSpeech.State.Error or said:
                loop.quit()  # Ready again after speaking, or failed

        heard: list[str] = []

        def word(w: str, _id: int, _start: int, _length: int) -> None:
            heard.append(w)

        tts.stateChanged.connect(changed)
        tts.sayingWord.connect(word)
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(int(self.timeout_s * 1000))
        try:
            tts.say(text)
            if tts.state() != QTextToSpeech.State.Error:
                loop.exec()
        finally:
            timer.stop()
            tts.stateChanged.disconnect(changed)
            tts.sayingWord.disconnect(word)
            self.words_said = heard
        if tts.state() == QTextToSpeech.State.Error:
            raise VoiceFailed("speech.engine_failed", engine=f"qt:{self.engine}", reason=tts.errorString() or "error")
        if not timer.isActive() and tts.state() != QTextToSpeech.State.Ready:
            tts.stop()
            raise VoiceFailed("speech.engine_failed", engine=f"qt:{self.engine}", reason="timeout")

    def _engine_here(self, lang: str) -> QTextToSpeech:
        tts = getattr(self._local, "tts", None)
        if tts is None:
            tts = QTextToSpeech(self.engine)
            self._local.tts = tts
        want = LOCALES[lang]
        if tts.locale().language() != want:
            match = [loc for loc in tts.availableLocales() if loc.language() == want]
            if not match:
                raise VoiceFailed("speech.engine_failed", engine=f"qt:{self.engine}", reason=f"no {lang} voice")
            tts.setLocale(match[0])
        return tts

    def describe(self) -> str:
        return f"qt engine {self.engine or '(none installed)'} ({', '.join(self.languages) or 'no call language'})"


def qt_voice_factory() -> Voice:
    """The factory the ui passes to ``kiosk.speech.choose_voice``."""
    return QtSpeechVoice()


class QtGuidanceOutput(GuidanceOutput):
    """Voice guidance through a Qt speech engine: says any sentence, stops on request.

    The engine object lives in the guidance worker thread (``QtSpeechVoice`` keeps one
    per thread); a timer in the sentence's own event loop watches the stop event, since
    ``QTextToSpeech.stop`` may only be called from the thread the engine lives in.
    """

    def __init__(self, engine: str | None = None, *, allow_test_engine: bool = False, timeout_s: float = 60.0) -> None:
        self.voice = QtSpeechVoice(engine, allow_test_engine=allow_test_engine, timeout_s=timeout_s)
        self.name = f"qt:{self.voice.engine or 'none'}"
        self.timeout_s = timeout_s
        self.words_said: list[str] = []  # the words the engine reported for the last sentence

    def is_usable(self) -> bool:
        return self.voice.is_usable()

    def speaks(self, lang: str) -> bool:
        return self.voice.speaks(lang)

    def say(self, text: str, lang: str, stop: threading.Event) -> None:
        if stop.is_set():
            return
        tts = self.voice._engine_here(lang)
        loop = QEventLoop()
        began: list[bool] = []
        deadline = time.monotonic() + self.timeout_s

        def changed(state: QTextToSpeech.State) -> None:
            if state in (QTextToSpeech.State.Speaking, QTextToSpeech.State.Synthesizing):
                began.append(True)
            elif state == QTextToSpeech.State.Error or began:
                loop.quit()

        def check() -> None:
            if stop.is_set() or time.monotonic() > deadline:
                tts.stop()
                loop.quit()

        heard: list[str] = []

        def word(w: str, _id: int, _start: int, _length: int) -> None:
            heard.append(w)

        watch = QTimer()
        watch.setInterval(50)
        watch.timeout.connect(check)
        tts.stateChanged.connect(changed)
        tts.sayingWord.connect(word)
        try:
            watch.start()
            tts.say(engine_text(text, lang))
            if tts.state() != QTextToSpeech.State.Error:
                loop.exec()
        finally:
            watch.stop()
            tts.stateChanged.disconnect(changed)
            tts.sayingWord.disconnect(word)
            self.words_said = heard
