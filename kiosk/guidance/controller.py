"""The one place that decides whether, what and where guidance speaks.

Guidance is *active* while the citizen switched it on (语音播报) or, with
``auto_on_headset``, while a headset is in the jack. The ui hands over what a screen
says; every new screen cancels what was queued or being said. A private utterance
(a name, a ticket number) goes to the voice only with a headset in; otherwise its
neutral phrase is said instead, or nothing (``private_without_headset = "skip"``).
Ending the visit cancels speech, clears the log and puts the switch back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from kiosk.guidance.headset import Headset
from kiosk.guidance.output import GuidanceOutput
from kiosk.guidance.speaker import GuidanceSpeaker, Spoken
from kiosk.guidance.utterance import Utterance
from kiosk.logs import log_event

StateListener = Callable[[bool, bool], None]  # (active, headset_in)


class VoiceGuidance:
    """Voice guidance for one kiosk.

    Args:
        speaker: the cancellable queue (its output may be a ``SilentOutput`` until the
            first activation chooses the real voice through ``output_for``).
        enabled: the 语音播报 switch when a visit starts (``[guidance] enabled``).
        auto_on_headset: a plugged headset switches guidance on.
        private_without_headset: ``neutral`` (say the neutral phrase) or ``skip``.
        language: the current ui language (``zh_CN`` / ``en``), asked per utterance.
        output_for: chooses the voice for a language, called once per language when
            guidance first speaks it (engine probes are too slow for start-up).
    """

    def __init__(
        self,
        speaker: GuidanceSpeaker,
        *,
        enabled: bool = False,
        auto_on_headset: bool = True,
        private_without_headset: str = "neutral",
        language: Callable[[], str] = lambda: "zh_CN",
        output_for: Callable[[str], GuidanceOutput] | None = None,
    ) -> None:
        if private_without_headset not in ("neutral", "skip"):
            raise ValueError("private_without_headset must be 'neutral' or 'skip'")
        self.speaker = speaker
        self.default_enabled = enabled
        self.enabled = enabled
        self.auto_on_headset = auto_on_headset
        self.private_without_headset = private_without_headset
        self.language = language
        self.output_for = output_for
        self.headset_in = False
        self.headset_muted = False  # switched off while a headset is in: stays off till it is replugged
        self.withheld = 0  # private utterances not spoken (no headset), this visit
        self._outputs: dict[str, GuidanceOutput] = {}
        self._last_screen: list[Utterance] = []
        self._listeners: list[StateListener] = []
        self._lock = threading.RLock()
        self._stop_watch: Callable[[], None] | None = None

    # -- state ---------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.enabled or (self.auto_on_headset and self.headset_in and not self.headset_muted)

    @property
    def log(self) -> list[Spoken]:
        """What was handed to the voice this visit, oldest first."""
        return list(self.speaker.log)

    def listen(self, listener: StateListener) -> None:
        """``listener(active, headset_in)`` after every change. Thread: the changer's."""
        self._listeners.append(listener)

    def set_enabled(self, on: bool) -> None:
        """The 语音播报 switch: on, or off even while a headset is in."""
        with self._lock:
            if on == self.active:
                return
            was = self.active
            self.enabled = on
            self.headset_muted = not on and self.headset_in
        log_event("guidance_switched", on=on)
        self._changed(was)

    def set_headset(self, plugged: bool) -> None:
        """The jack changed. Unplugging cuts off at once whatever was being said: it may
        have been private. Thread: any (the headset watcher)."""
        with self._lock:
            if plugged == self.headset_in:
                return
            was = self.active
            self.headset_in = plugged
            self.headset_muted = False
            if not plugged:
                self.speaker.cancel()
        log_event("guidance_headset", plugged=plugged)
        self._changed(was)

    def watch(self, headset: Headset, interval_s: float = 1.0) -> None:
        """Follow ``headset`` until ``close``."""
        self._stop_watch = headset.watch(self.set_headset, interval_s)

    def _changed(self, was_active: bool) -> None:
        if was_active and not self.active:
            self.speaker.cancel()
        for listener in list(self._listeners):
            listener(self.active, self.headset_in)

    # -- speaking ------------------------------------------------------------------------
    def screen(self, utterances: list[Utterance]) -> None:
        """A new screen (or a screen whose content was replaced): cut off what was
        being said, then say these. Remembered for ``repeat``."""
        with self._lock:
            self._last_screen = list(utterances)
            if not self.active:
                return
            self.speaker.cancel()
            for u in utterances:
                self._say(u)

    def say(self, utterance: Utterance) -> None:
        """Say ``utterance`` after what is queued (focus, entries, status, errors)."""
        with self._lock:
            if self.active:
                self._say(utterance)

    def interrupt(self, utterance: Utterance) -> None:
        """Cut off what is being said and say this (the focus moved on)."""
        with self._lock:
            if self.active:
                self.speaker.cancel()
                self._say(utterance)

    def repeat(self) -> None:
        """Say the last screen again (keypad 0)."""
        self.screen(self._last_screen)

    def _say(self, u: Utterance) -> None:
        if not u.text:
            return
        spoken = self._route(u)
        if spoken is None:
            return
        self._use_voice(spoken.lang)
        self.speaker.say(spoken)

    def _route(self, u: Utterance) -> Spoken | None:
        lang = self.language()
        if self.headset_in:
            return Spoken(u.kind, u.text, lang, "headset", private=u.private)
        if not u.private:
            return Spoken(u.kind, u.text, lang, "loudspeaker")
        self.withheld += 1
        if self.private_without_headset == "skip" or not u.neutral:
            return None
        return Spoken(u.kind, u.neutral, lang, "loudspeaker", private=True, withheld=True)

    def _use_voice(self, lang: str) -> None:
        if self.output_for is None:
            return
        output = self._outputs.get(lang)
        if output is None:
            output = self._outputs[lang] = self.output_for(lang)
        if self.speaker.output is not output:
            self.speaker.cancel()  # a language switch: the old voice's queue is stale
            self.speaker.output = output

    # -- the visit -------------------------------------------------------------------------
    def wipe(self) -> None:
        """The visit ended: nothing more is said, the log and the last screen are
        forgotten, the switch is back to its configured state."""
        with self._lock:
            was = self.active
            self.speaker.cancel()
            self.speaker.clear_log()
            self._last_screen = []
            self.withheld = 0
            self.enabled = self.default_enabled
            self.headset_muted = False
        self._changed(was)

    def close(self) -> None:
        if self._stop_watch is not None:
            self._stop_watch()
        self.speaker.close()
