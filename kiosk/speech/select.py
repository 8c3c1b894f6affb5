"""Which voice speaks: the one place that decides.

Order: a configured voice pack (recorded, sounds best) → a Qt speech engine, when the
ui injects a factory and an engine is installed → espeak-ng → none (silent; the
announcer then logs ``speech_unavailable`` for each call). ``engine`` in ``[speech]``
narrows the choice to one of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.speech.errors import SpeechError
from kiosk.speech.voice_pack import VoicePackVoice
from kiosk.speech.voices import EspeakVoice, Voice

log = logging.getLogger("kiosk.speech")

ENGINES = ("auto", "voice_pack", "qt", "espeak", "none")
QtFactory = Callable[[], Voice]


def candidates(settings_like: Any, qt_factory: QtFactory | None = None) -> list[tuple[str, Voice | SpeechError]]:
    """Every voice the settings allow, in order, or the error that rules one out.

    ``settings_like`` is ``Settings`` (its ``speech``) or anything with ``voice_pack``
    (a folder, "" = none) and ``engine`` (one of ``ENGINES``).
    """
    speech = getattr(settings_like, "speech", settings_like)
    engine = getattr(speech, "engine", "auto")
    pack = str(getattr(speech, "voice_pack", "") or "")
    out: list[tuple[str, Voice | SpeechError]] = []
    if engine in ("auto", "voice_pack") and pack:
        try:
            out.append(("voice_pack", VoicePackVoice(Path(pack).expanduser())))
        except SpeechError as exc:
            out.append(("voice_pack", exc))
    if engine in ("auto", "qt") and qt_factory is not None:
        out.append(("qt", qt_factory()))
    if engine in ("auto", "espeak"):
        out.append(("espeak", EspeakVoice()))
    return out


def choose_voice(settings_like: Any, qt_factory: QtFactory | None = None, lang: str = "zh_CN") -> Voice | None:
    """The first usable voice that speaks ``lang``, or None (silent, logged).

    A broken voice pack is logged with its error key and skipped, so a bad clip on a
    hall board means the fallback voice, not silence.
    """
    for kind, voice in candidates(settings_like, qt_factory):
        if isinstance(voice, SpeechError):
            log.warning("speech_voice_unusable", extra={"fields": {"voice": kind, "key": voice.key, **voice.data}})
            continue
        if voice.is_usable() and voice.speaks(lang):
            log.info("speech_voice", extra={"fields": {"voice": voice.name, "language": lang}})
            return voice
    log.warning("speech_unavailable", extra={"fields": {"language": lang}})
    return None
