"""The errors spoken calls raise: a message key plus data, never a sentence.

The data never holds what was passed as a ticket number: a caller that mixes up its
fields could otherwise carry a name or an ID number into a log line or onto a screen.
"""

from __future__ import annotations

from common.errors import KeyedError


class SpeechError(KeyedError):
    """Something about a spoken call went wrong.

    Args:
        key: message key, e.g. ``"speech.voice_pack.missing_clip"``.
        **data: values the message may show (never personal data).
    """

    default_key = "speech.error"

    def __init__(self, key: str | None = None, **data: object) -> None:
        super().__init__(key or self.default_key, **data)


class CallTextError(SpeechError, ValueError):
    """A ticket number or window number that a call may not carry."""

    default_key = "speech.bad_call"


class VoicePackError(SpeechError):
    """A voice pack folder is missing, incomplete or mixes audio formats."""

    default_key = "speech.voice_pack.invalid"


class VoiceFailed(SpeechError):
    """A speech engine was there but did not produce the sentence."""

    default_key = "speech.engine_failed"
