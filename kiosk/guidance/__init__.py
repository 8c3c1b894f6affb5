"""Voice guidance (语音播报) for the kiosk: what a blind or low-vision citizen hears.

No Qt here. The ui tells ``VoiceGuidance`` what each screen says (title, prompt,
choices, the focused element, entries, errors); guidance decides whether and where it
may be spoken (a private utterance only through a headset) and hands it to a
cancellable ``GuidanceSpeaker``. Unlike the hall board's call queue
(``kiosk.speech.caller``), which never cuts a call off, guidance is cancelled by every
new screen.
"""

from kiosk.guidance.controller import VoiceGuidance
from kiosk.guidance.headset import Headset, LinuxHeadset, SimulatedHeadset, make_headset
from kiosk.guidance.output import GuidanceOutput, RecordingOutput, SilentOutput, choose_output
from kiosk.guidance.speaker import GuidanceSpeaker, Spoken
from kiosk.guidance.utterance import Utterance

__all__ = [
    "GuidanceOutput",
    "GuidanceSpeaker",
    "Headset",
    "LinuxHeadset",
    "RecordingOutput",
    "SilentOutput",
    "SimulatedHeadset",
    "Spoken",
    "Utterance",
    "VoiceGuidance",
    "choose_output",
    "make_headset",
]
