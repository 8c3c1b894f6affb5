"""A voice pack: recorded clips, one per token of a call, joined in the call's order.

The folder format is documented in docs/voice-pack.md: ``voice.toml`` plus one WAV per
token (``请.wav``, ``A.wav``, ``零.wav`` ... ``号窗口.wav``, ``办理.wav``). The pack is
checked whole when it is opened, so a missing or odd clip is found by the technician
installing it, not in the middle of a call.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from kiosk.speech.errors import SpeechError, VoicePackError
from kiosk.speech.voices import Voice
from kiosk.speech.wav import Pcm, describe, join, read_wav, to_wav
from kiosk.speech.words import DIGITS, CallWords, check_language

MANIFEST = "voice.toml"
WORD_CLIPS = ("请", "号", "到", "号窗口", "办理", "十", "百")
LETTER_CLIPS = tuple(chr(c) for c in range(ord("A"), ord("Z") + 1))
# Every clip a Mandarin call can need: 7 words, 10 digits, 26 letters = 43.
REQUIRED_CLIPS = WORD_CLIPS + tuple(DIGITS) + LETTER_CLIPS
OPTIONAL_CLIPS = ("chime",)  # a recorded chime replaces the generated one
FORMAT_VERSION = 1


class VoicePackVoice(Voice):
    """The recorded voice in ``folder`` (Mandarin).

    Args:
        folder: the pack's folder.

    Raises:
        VoicePackError: no folder, no or bad ``voice.toml``, a missing clip (named), a
            clip that is not 16-bit PCM or differs from the manifest's format.
    """

    name = "voice-pack"

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        meta = _manifest(self.folder)
        self.rate: int = meta["sample_rate"]
        self.channels: int = meta.get("channels", 1)
        self.gap_s: float = meta.get("gap_ms", 0) / 1000
        self.title: str = meta.get("name", self.folder.name)
        self.languages = (meta.get("language", "zh_CN"),)
        self.clips: dict[str, Pcm] = {}
        for token in REQUIRED_CLIPS + OPTIONAL_CLIPS:
            path = self.folder / f"{token}.wav"
            if not path.exists():
                if token in OPTIONAL_CLIPS:
                    continue
                raise VoicePackError("speech.voice_pack.missing_clip", clip=path.name, folder=str(self.folder))
            self.clips[token] = self._clip(path)

    def _clip(self, path: Path) -> Pcm:
        try:
            pcm = read_wav(path.read_bytes(), path.name)
        except OSError as exc:
            raise VoicePackError("speech.voice_pack.bad_clip", clip=path.name, reason=type(exc).__name__) from None
        except SpeechError as exc:  # not a PCM WAV at all
            raise VoicePackError(
                "speech.voice_pack.bad_clip", clip=path.name, reason=exc.data.get("reason", "not a WAV file")
            ) from None
        want = Pcm(self.rate, self.channels, 2, b"")
        if pcm.fmt != want.fmt:
            raise VoicePackError(
                "speech.voice_pack.format_mismatch", clip=path.name, expected=describe(want), got=describe(pcm)
            )
        if not pcm.frames:
            raise VoicePackError("speech.voice_pack.bad_clip", clip=path.name, reason="empty")
        return pcm

    def render(self, words: CallWords, lang: str) -> bytes:
        check_language(lang)
        if not self.speaks(lang):
            raise VoicePackError("speech.voice_pack.wrong_language", language=lang, pack=self.languages[0])
        return to_wav(self.sentence(words))

    def sentence(self, words: CallWords) -> Pcm:
        """The clips of ``words.tokens`` in order, ``gap_ms`` of silence between."""
        parts: list[Pcm] = []
        for i, token in enumerate(words.tokens):
            if i and self.gap_s:
                parts.append(self.clips[token].silence(self.gap_s))
            parts.append(self.clips[token])
        return join(parts)

    def chime(self) -> Pcm | None:
        """The pack's own chime, if it has one."""
        return self.clips.get("chime")

    def describe(self) -> str:
        return f"{self.name} {self.title!r} in {self.folder} ({self.languages[0]}, {self.rate} Hz)"


def _manifest(folder: Path) -> dict:
    if not folder.is_dir():
        raise VoicePackError("speech.voice_pack.not_found", folder=str(folder))
    path = folder / MANIFEST
    try:
        meta = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VoicePackError("speech.voice_pack.missing_clip", clip=MANIFEST, folder=str(folder)) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise VoicePackError("speech.voice_pack.bad_manifest", reason=str(exc)[:200]) from None
    if meta.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        raise VoicePackError("speech.voice_pack.bad_manifest", reason=f"format must be {FORMAT_VERSION}")
    checks = {
        "sample_rate": lambda v: isinstance(v, int) and not isinstance(v, bool) and 8000 <= v <= 96000,
        "channels": lambda v: v in (1, 2) and not isinstance(v, bool),
        "gap_ms": lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1000,
        "language": lambda v: v == "zh_CN",  # the tokens are Mandarin words
        "name": lambda v: isinstance(v, str),
        "format": lambda v: True,
    }
    if "sample_rate" not in meta:
        raise VoicePackError("speech.voice_pack.bad_manifest", reason="sample_rate is required")
    for key, value in meta.items():
        ok = checks.get(key)
        if ok is None:
            raise VoicePackError("speech.voice_pack.bad_manifest", reason=f"unknown key {key}")
        if not ok(value):
            raise VoicePackError("speech.voice_pack.bad_manifest", reason=f"bad value for {key}")
    return meta
