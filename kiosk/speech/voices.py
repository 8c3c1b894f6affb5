"""Voices: what turns a call's words into audio.

Every voice renders WAV bytes (16-bit PCM) so that a call can be assembled, measured and
written to a file the same way whoever speaks it. The concrete voices: a recorded voice
pack (``voice_pack.py``), espeak-ng (here), a Qt engine (``ui/speech_qt.py``, since Qt
lives only in ui/).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from kiosk.speech import mandarin
from kiosk.speech.errors import VoiceFailed
from kiosk.speech.wav import read_wav
from kiosk.speech.words import CallWords, check_language


class Voice(ABC):
    """Something that can say a call.

    Subclasses set ``name`` and ``languages`` and implement ``render``; ``is_usable``
    says whether the engine or the recordings are really there. An engine that can only
    speak (a Qt engine: PySide6 has no ``synthesize``) sets ``renders = False`` and
    implements ``speak``; the announcer then plays the chime itself and has the engine
    say the sentence twice.
    """

    name: str = "voice"
    languages: tuple[str, ...] = ()
    renders: bool = True

    def is_usable(self) -> bool:
        """True when ``render`` can work on this machine."""
        return True

    def speaks(self, lang: str) -> bool:
        return lang in self.languages

    @abstractmethod
    def render(self, words: CallWords, lang: str) -> bytes:
        """The sentence of ``words`` in ``lang`` once, as WAV bytes (16-bit PCM).

        Raises:
            CallTextError: ``lang`` is not a call language.
            VoiceFailed: the engine did not produce the sentence.

        Thread: any; the announcer calls it from its worker thread.
        """

    def speak(self, words: CallWords, lang: str) -> None:
        """Say the sentence once on the loudspeaker; return when it has been said.

        The default plays nothing: only voices with ``renders = False`` are asked.

        Raises:
            VoiceFailed: the engine could not say it.

        Thread: the announcer's worker thread.
        """
        raise VoiceFailed("speech.engine_failed", engine=self.name, reason="cannot speak by itself")

    def describe(self) -> str:
        """One line for ``kiosk speech voices``."""
        return f"{self.name} ({', '.join(self.languages)})"


class EspeakVoice(Voice):
    """espeak-ng as a subprocess: ``cmn-latn-pinyin`` fed tone-numbered pinyin for
    Mandarin, ``en`` for English.

    Why pinyin and not hanzi: espeak-ng's ``cmn`` voice reads the latin letters and
    tone digits of its own output in English (号 becomes "hao four"); the
    ``cmn-latn-pinyin`` voice reads tone-numbered pinyin as Mandarin.

    Args:
        binary: the program, found on PATH by default.
        speed_wpm: words per minute; a little slower than espeak's 175 for a big hall.
        timeout_s: a hung engine must not hold the call queue for ever.
    """

    name = "espeak-ng"
    languages = ("zh_CN", "en")
    VOICES: ClassVar[dict[str, str]] = {"zh_CN": "cmn-latn-pinyin", "en": "en"}

    def __init__(self, binary: str = "espeak-ng", speed_wpm: int = 150, timeout_s: float = 20.0) -> None:
        self.binary = binary
        self.speed_wpm = speed_wpm
        self.timeout_s = timeout_s
        self._installed: dict[str, bool] = {}

    def _path(self) -> str | None:
        return shutil.which(self.binary)

    def is_usable(self) -> bool:
        return self._path() is not None

    def speaks(self, lang: str) -> bool:
        if lang not in self._installed:
            self._installed[lang] = lang in self.languages and self.voice_installed(lang)
        return self._installed[lang]

    def text_for(self, words: CallWords, lang: str) -> str:
        """The exact text espeak-ng is given."""
        return words.pinyin if check_language(lang) == "zh_CN" else words.english_spoken

    def render(self, words: CallWords, lang: str) -> bytes:
        return self._wav(self.VOICES[check_language(lang)], self.text_for(words, lang))

    def engine_input(self, text: str, lang: str) -> tuple[str, str]:
        """The voice and the exact text espeak-ng is given for a guidance sentence:
        tone-numbered pinyin for ``cmn-latn-pinyin`` (``kiosk.speech.mandarin``), or
        the English made speakable for ``en``."""
        if check_language(lang) == "zh_CN":
            return self.VOICES[lang], mandarin.to_pinyin(text)
        return self.VOICES[lang], mandarin.english(text)

    def render_text(self, text: str, lang: str) -> bytes:
        """Any sentence (voice guidance), as WAV bytes, through the same voices as the
        calls: ``cmn-latn-pinyin`` given ``engine_input``'s pinyin, or ``en``. (The plain
        ``cmn`` voice reads hanzi as English words with tone digits.)

        Raises:
            CallTextError: ``lang`` is not zh_CN or en.
            VoiceFailed: espeak-ng is missing or failed.
        """
        return self._wav(*self.engine_input(text, lang))

    def phonemes(self, text: str, lang: str) -> str:
        """What espeak-ng will pronounce for ``text`` (``-q -x``): its phoneme mnemonics,
        a ``(en)``-style marker wherever it switches language.

        Raises:
            VoiceFailed: espeak-ng is missing or failed.
        """
        voice, said = self.engine_input(text, lang)
        return self.phonemes_of(said, voice)

    def phonemes_of(self, engine_text: str, voice: str) -> str:
        """The phonemes of ``engine_text`` as given to ``voice`` (one line per clause)."""
        path = self._path()
        if path is None:
            raise VoiceFailed("speech.engine_missing", engine=self.name)
        try:
            done = subprocess.run(
                [path, "-q", "-x", "-v", voice],
                input=engine_text,
                capture_output=True,
                text=True,
                timeout=self.timeout_s,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise VoiceFailed("speech.engine_failed", engine=self.name, reason=type(exc).__name__) from None
        if done.returncode != 0:
            raise VoiceFailed("speech.engine_failed", engine=self.name, reason=f"exit {done.returncode}")
        return done.stdout.strip()

    def _wav(self, voice: str, text: str) -> bytes:
        path = self._path()
        if path is None:
            raise VoiceFailed("speech.engine_missing", engine=self.name)
        # -w FILE, not --stdout: on a pipe espeak-ng cannot seek back, so its header
        # claims 2 GB of audio and every reader must guess where the sentence ends.
        with tempfile.TemporaryDirectory(prefix="kiosk-speech-") as tmp:
            out = Path(tmp) / "call.wav"
            cmd = [path, "-v", voice, "-s", str(self.speed_wpm), "-w", str(out), text]
            try:
                done = subprocess.run(cmd, capture_output=True, timeout=self.timeout_s, check=False)
            except subprocess.TimeoutExpired:
                raise VoiceFailed("speech.engine_failed", engine=self.name, reason="timeout") from None
            except OSError as exc:
                raise VoiceFailed("speech.engine_failed", engine=self.name, reason=type(exc).__name__) from None
            if done.returncode != 0 or not out.exists():
                reason = done.stderr.decode("utf-8", "replace").strip()[:200] or f"exit {done.returncode}"
                raise VoiceFailed("speech.engine_failed", engine=self.name, reason=reason)
            data = out.read_bytes()
        if read_wav(data, self.name).width != 2:
            raise VoiceFailed("speech.engine_failed", engine=self.name, reason="not 16-bit PCM")
        return data

    def voice_installed(self, lang: str) -> bool:
        """Whether this espeak-ng has the voice used for ``lang`` (some builds lack
        ``cmn-latn-pinyin``)."""
        path = self._path()
        if path is None:
            return False
        voice = self.VOICES[check_language(lang)]
        try:
            out = subprocess.run(
                [path, f"--voices={voice.split('-')[0]}"],
                capture_output=True,
                text=True,
                timeout=self.timeout_s,
                check=False,
            ).stdout
        except (OSError, subprocess.TimeoutExpired):
            return False
        # The language column, or an alias in "Other Languages": ``en`` is ``(en 2)``.
        return any(line.split()[1:2] == [voice] or f"({voice} " in line for line in out.splitlines()[1:])
