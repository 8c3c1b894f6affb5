"""The errors spoken calls raise: a message key plus data, never a sentence.

The data never holds what was passed as a ticket number: a caller that mixes up its
fields could otherwise carry a name or an ID number into a log line or onto a screen.
"""

from __future__ import annotations

from typing import Any


class SpeechError(Exception):
    """Something about a spoken call went wrong.

    Args:
        key: message key, e.g. ``"speech.voice_pack.missing_clip"``.
        **data: values the message may show (never personal data).
    """

    default_key = "speech.error"

    def __init__(self, key: str | None = None, **data: Any) -> None:
        self.key = key or self.default_key
        self.data = data
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The key and its data on one line, for logs and the command line."""
        if not self.data:
            return self.key
        return f"{self.key}: " + " ".join(f"{k}={v}" for k, v in sorted(self.data.items()))


class CallTextError(SpeechError, ValueError):
    """A ticket number or window number that a call may not carry."""

    default_key = "speech.bad_call"


class VoicePackError(SpeechError):
    """A voice pack folder is missing, incomplete or mixes audio formats."""

    default_key = "speech.voice_pack.invalid"


class VoiceFailed(SpeechError):
    """A speech engine was there but did not produce the sentence."""

    default_key = "speech.engine_failed"
