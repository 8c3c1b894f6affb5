"""What the services the core builds need from the UI: speech through Qt, the language
now chosen, the words of a text key, the board's sound player.

Qt lives only in ``ui/``, and the texts' language is the UI's state, so the UI fills
these in before the services need them (``ui.app.start_role``); the services call them
late, through the core, so the order of building does not matter. Unset, a service
runs without them: no Qt voice (espeak-ng or silence), the hall's language, the key
itself as its text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.guidance.output import GuidanceOutput
    from kiosk.speech.voices import Voice


def _key_itself(key: str, **_data: object) -> str:
    return key


@dataclass
class Ports:
    """The UI's side of the services, each a plain callable (tests pass recorders)."""

    language: Callable[[], str] | None = None  # the language now chosen (ui.i18n.language)
    text: Callable[..., str] = _key_itself  # a message key's words (ui.i18n.tr)
    guidance_output: Callable[[], GuidanceOutput] | None = None  # the Qt speech engine, for guidance
    call_voice: Callable[[], Voice] | None = None  # the Qt speech engine, for the board's calls
    player: Callable[[bytes], None] | None = None  # plays a call's WAV (None: the terminal's player)
