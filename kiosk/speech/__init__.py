"""Spoken calls (请A001号到3号窗口办理): the words, the voices, the queue. No Qt here;
a Qt engine is injected by ui/ (``ui/speech_qt.py``)."""

from kiosk.speech.caller import CallAnnouncer, CallAudio, assemble_call, render_call_wav
from kiosk.speech.errors import CallTextError, SpeechError, VoiceFailed, VoicePackError
from kiosk.speech.select import choose_voice
from kiosk.speech.voices import EspeakVoice, Voice
from kiosk.speech.words import CallWords, chinese_cardinal

__all__ = [
    "CallAnnouncer",
    "CallAudio",
    "CallTextError",
    "CallWords",
    "EspeakVoice",
    "SpeechError",
    "Voice",
    "VoiceFailed",
    "VoicePackError",
    "assemble_call",
    "chinese_cardinal",
    "choose_voice",
    "render_call_wav",
]
