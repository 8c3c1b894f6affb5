"""Calls as sound: one call's audio (chime, sentence, pause, sentence), and the queue
that speaks calls one after another.

::

    announce(A001, 3) ─▶ [ waiting calls ] ─▶ worker thread ─▶ render ─▶ player (blocks)
    announce(A002, 5) ─▶        ▲                  │
                                └── next call only after the player has returned

A new call never cuts off the one being spoken: there is one worker, and the player
blocks until its sound is out. The call API takes only a ticket number and a window
number (checked in the caller's thread, so a bad call fails where it was made).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.speech.chime import chime
from kiosk.speech.errors import SpeechError, VoiceFailed
from kiosk.speech.player import Player, find_player
from kiosk.speech.voices import Voice
from kiosk.speech.wav import Pcm, join, read_wav, to_wav
from kiosk.speech.words import CallWords, check_language

log = logging.getLogger("kiosk.speech")

CHIME_GAP_S = 0.3  # after the chime, so the first word is not lost in its ring
REPEAT_PAUSE_S = 0.8  # between the two sentences
TAIL_S = 0.2  # some players clip the last samples


@dataclass(frozen=True)
class Segment:
    """A named stretch of a call's audio, in seconds from its start."""

    name: str  # chime, gap, sentence, pause, tail
    start_s: float
    end_s: float


@dataclass(frozen=True)
class CallAudio:
    """One call's audio and where each part of it lies."""

    words: CallWords
    lang: str
    wav: bytes
    segments: tuple[Segment, ...]

    @property
    def seconds(self) -> float:
        return self.segments[-1].end_s


def assemble_call(words: CallWords, lang: str, voice: Voice) -> CallAudio:
    """Chime, gap, sentence, pause, sentence, tail: what the loudspeaker plays.

    Raises:
        CallTextError: ``lang`` is not a call language.
        SpeechError: the voice failed, or gave audio in an unusable format.
    """
    check_language(lang)
    sentence = read_wav(voice.render(words, lang), voice.name)
    if sentence.width != 2:
        raise VoiceFailed("speech.engine_failed", engine=voice.name, reason="not 16-bit PCM")
    own_chime = getattr(voice, "chime", None)
    bell = own_chime() if callable(own_chime) else None
    if bell is None:
        bell = chime(sentence.rate, sentence.channels)
    parts: list[tuple[str, Pcm]] = [
        ("chime", bell),
        ("gap", sentence.silence(CHIME_GAP_S)),
        ("sentence", sentence),
        ("pause", sentence.silence(REPEAT_PAUSE_S)),
        ("sentence", sentence),
        ("tail", sentence.silence(TAIL_S)),
    ]
    segments, t = [], 0.0
    for name, pcm in parts:
        segments.append(Segment(name, round(t, 4), round(t + pcm.seconds, 4)))
        t += pcm.seconds
    return CallAudio(words, lang, to_wav(join([p for _, p in parts])), tuple(segments))


def render_call_wav(number: object, window: object, lang: str, voice: Voice) -> bytes:
    """The WAV bytes a call to ``window`` for ticket ``number`` plays (the CLI's ``--wav``).

    Raises:
        CallTextError: a bad number, window or language.
        SpeechError: the voice failed.
    """
    return assemble_call(CallWords.of(number, window), lang, voice).wav


class CallAnnouncer:
    """Speaks calls in order on one worker thread.

    Args:
        voice: the voice to speak with; None = silent (each call logs ``speech_unavailable``).
        player: plays WAV bytes and returns when done; default: ``find_player()``.
        lang: ``zh_CN`` or ``en``.
        max_waiting: calls waiting beyond this are dropped (logged ``speech_queue_full``):
            a board that fell behind must not read out calls from minutes ago.
        on_spoken: called with each ``CallAudio`` after it played (the board, tests).
    """

    def __init__(
        self,
        voice: Voice | None,
        player: Player | None = None,
        lang: str = "zh_CN",
        max_waiting: int = 20,
        on_spoken: Callable[[CallAudio], None] | None = None,
    ) -> None:
        self.voice = voice
        self.player = player or find_player()
        self.lang = check_language(lang)
        self.on_spoken = on_spoken
        self._calls: queue.Queue[CallWords | None] = queue.Queue(maxsize=max_waiting)
        self._busy = 0  # calls accepted and not yet finished
        self._idle = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    def announce(self, number: object, window: object) -> CallWords:
        """Queue the call of ticket ``number`` to ``window``; returns its words at once.

        Raises:
            CallTextError: a bad ticket number or window (nothing is queued).
            SpeechError: the announcer is closed (key ``speech.closed``).

        Thread: any.
        """
        words = CallWords.of(number, window)
        with self._idle:
            if self._closed:
                raise SpeechError("speech.closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="speech-calls", daemon=True)
                self._thread.start()
            try:
                self._calls.put_nowait(words)
            except queue.Full:
                log.warning("speech_queue_full", extra={"fields": {"waiting": self._calls.qsize()}})
                return words
            self._busy += 1
        return words

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued call has been spoken; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Finish the calls already queued, then stop the worker."""
        with self._idle:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        if thread is not None:
            try:
                self._calls.put(None, timeout=timeout)
            except queue.Full:
                return  # the worker is stuck in a player; it is a daemon thread
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            words = self._calls.get()
            if words is None:
                return
            try:
                self._speak(words)
            except Exception as exc:
                key = exc.key if isinstance(exc, SpeechError) else "speech.error"
                log.error(
                    "speech_call_failed",
                    extra={
                        "fields": {
                            "key": key,
                            "error": type(exc).__name__,
                            "ticket": words.number,
                            "window": words.window,
                        }
                    },
                )
            finally:
                with self._idle:
                    self._busy -= 1
                    self._idle.notify_all()

    def _speak(self, words: CallWords) -> None:
        voice = self.voice
        if voice is None or not voice.speaks(self.lang):
            log.info(
                "speech_unavailable",
                extra={"fields": {"ticket": words.number, "window": words.window, "language": self.lang}},
            )
            return
        if not voice.renders:
            self._speak_live(words, voice)
            return
        audio = assemble_call(words, self.lang, voice)
        log.info(
            "speech_call",
            extra={
                "fields": {
                    "ticket": words.number,
                    "window": words.window,
                    "voice": voice.name,
                    "seconds": round(audio.seconds, 2),
                }
            },
        )
        self.player(audio.wav)
        if self.on_spoken is not None:
            self.on_spoken(audio)

    def _speak_live(self, words: CallWords, voice: Voice) -> None:
        """A speak-only engine: the chime through the player, then the engine says the
        sentence twice, each ``speak`` returning only when it is said."""
        log.info("speech_call", extra={"fields": {"ticket": words.number, "window": words.window, "voice": voice.name}})
        self.player(to_wav(chime()))
        time.sleep(CHIME_GAP_S)
        voice.speak(words, self.lang)
        time.sleep(REPEAT_PAUSE_S)
        voice.speak(words, self.lang)
