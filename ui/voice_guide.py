"""Voice guidance on the kiosk window: the one controller that reads screens aloud.

It watches the screen stack (a new screen: cut off, say its title, prompt and numbered
choices), the focus (keypad moves and taps say the element), text entries, the screen's
status line (errors), the idle warning, and the headset; the keypad navigator
(``ui/keypad.py``) runs the key map. Screens only expose what to say
(``ui/voice_screens.py``); nothing here decides what may be said through the
loudspeaker: ``kiosk.guidance.VoiceGuidance`` does.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget

from kiosk.guidance import Utterance, VoiceGuidance, make_headset
from kiosk.guidance.headset import Headset
from ui.i18n import tr, tr_n
from ui.keypad import KeypadNavigator
from ui.qt_typed import app, repeating
from ui.voice_screens import ScreenSpeech, button_stop, button_text, describe

MAX_SPOKEN_CHOICES = 9  # the keypad's digits
PUBLIC_ENTRY_SCREENS = ("GuideSearchScreen",)  # what is typed there is a service's name
POLL_MS = 250  # how often the showing screen is re-read for changed content and status


class VoiceGuide(QObject):
    """Voice guidance and keypad operation for ``window`` (a ``KioskWindow``).

    Args:
        window: has ``header``, ``stack``, ``core`` and ``bridge``.
        guidance: what decides what is said (``core.guidance``, built by ``kiosk.bootstrap``).
        headset: how the jack is read (``core.headset``; from ``[guidance] headset`` when None).
    """

    state_changed = Signal(bool, bool)  # active, headset_in (from any thread)

    def __init__(self, window, guidance: VoiceGuidance, headset: Headset | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.headset = headset or make_headset(window.core.settings.guidance.headset)
        self.guidance = guidance
        self.toggle = QPushButton()
        self.toggle.setObjectName("VoiceToggle")
        self.toggle.setCheckable(True)
        self.toggle.clicked.connect(lambda: self.guidance.set_enabled(not self.guidance.active))
        window.header.add_action(self.toggle)
        self.navigator = KeypadNavigator(
            window, window.stack.currentWidget, describe, extra_stops=lambda: [button_stop(self.toggle)]
        )
        self.navigator.focus_moved.connect(lambda text: self.guidance.interrupt(Utterance(text, "focus")))
        self.navigator.no_choice.connect(lambda n: self._error(tr("voice.no_choice", n=n)))
        self.navigator.unavailable.connect(lambda text: self._error(tr("voice.unavailable", text=text)))
        self.navigator.repeat_requested.connect(self.guidance.repeat)
        self.navigator.voice_toggle_requested.connect(self.toggle.click)
        self.navigator.no_back.connect(lambda: self.guidance.interrupt(Utterance(tr("voice.at_home"), "notice")))
        self.started = False  # the headset is followed and the keypad's filter is in
        self._screen: QWidget | None = None
        self._signature: tuple = ()
        self._status: tuple[str, ...] = ()
        self._warned = False
        self._echoing: set[int] = set()
        window.stack.currentChanged.connect(lambda _i: self.announce())
        app().focusChanged.connect(self._focus_changed)
        window.bridge.visit_warning.connect(self._warning)
        window.bridge.visit_state_changed.connect(self._visit_state)
        self.state_changed.connect(self._state)
        self.guidance.listen(self.state_changed.emit)
        window.core.visit.on_wipe(self.wipe)
        self._poll_timer = repeating(self, POLL_MS, self._poll)
        self._poll_timer.start()
        self._show_state(self.guidance.active)

    def start(self) -> None:
        """Follow the headset (after the first screen: a mixer query is not start-up's)."""
        self.started = True
        self.guidance.watch(self.headset)
        if self.guidance.active:  # [guidance] enabled: the first screen is read too
            self.announce()

    def close(self) -> None:
        """Stop reading the screens (the core closes the guidance with the terminal)."""
        self._poll_timer.stop()

    # -- screens ---------------------------------------------------------------------------
    def announce(self, lead: list[Utterance] | None = None, tail: list[Utterance] | None = None) -> None:
        """Say the showing screen from its title (cutting off what was being said);
        ``lead`` before it, ``tail`` after its choices."""
        screen = self.window.stack.currentWidget()
        speech = describe(screen)
        changed = screen is not self._screen
        self._screen, self._signature = screen, speech.signature()
        self._status = tuple(u.text for u in speech.status)
        self.guidance.screen([*(lead or []), *self.utterances(speech), *(tail or [])])
        if self.navigator.engaged and changed:
            # After the window's own set-up of the screen (it may focus a search field).
            QTimer.singleShot(0, lambda: self._focus_first(screen))
        elif self.navigator.engaged and not isinstance(QApplication.focusWidget(), QLineEdit):
            # The content was replaced: its first item; but never out of the field the
            # citizen is typing in (the search results change with each letter).
            self.navigator.focus_first()

    def utterances(self, speech: ScreenSpeech) -> list[Utterance]:
        return spoken(speech)

    def _focus_first(self, screen: QWidget) -> None:
        if self.window.stack.currentWidget() is screen:
            self.navigator.focus_first()

    def _poll(self) -> None:
        """The screen's content or status changed in place (a list loaded, a print
        finished, an error shown)."""
        if not self.guidance.active:
            return
        screen = self.window.stack.currentWidget()
        speech = describe(screen)
        signature = speech.signature()
        if screen is not self._screen or signature[:2] != self._signature[:2]:
            self.announce()
            return
        if signature != self._signature:
            # Only the choices changed (a button shown or hidden while printing): say
            # the new list, not the whole screen again (取号成功 was said twice).
            self._signature = signature
            for u in self.utterances(speech):
                if u.kind == "choices":
                    self.guidance.say(u)
        status = tuple(u.text for u in speech.status)
        if status != self._status:
            for u in speech.status:
                if u.text not in self._status:
                    self.guidance.say(u)
            self._status = status

    # -- focus, entries, errors ---------------------------------------------------------------
    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.window() is not self.window or self.navigator.moving:
            return
        if isinstance(new, QLineEdit) and id(new) not in self._echoing:
            self._echoing.add(id(new))
            new.textEdited.connect(lambda text, e=new: self._entry(e, text))
        # A tap (the keypad's moves are said by the navigator): say what was touched.
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            text = button_text(new) if isinstance(new, QPushButton) else new.accessibleName()
            if text:
                self.guidance.interrupt(Utterance(text, "focus"))

    def _entry(self, edit: QLineEdit, text: str) -> None:
        # What a citizen types is theirs (a phone number, an ID number, an address): private
        # unless the field says it is public, as the guide search box does.
        private = not (edit.property("public_entry") or _in_screen(edit, PUBLIC_ENTRY_SCREENS))
        if edit.echoMode() != QLineEdit.EchoMode.Normal:
            private = True
        self.guidance.interrupt(Utterance(text, "entry", private=private, neutral=tr("voice.entry_private")))

    def _error(self, text: str) -> None:
        self.guidance.interrupt(Utterance(text, "error"))

    def _warning(self, seconds: int) -> None:
        if not self._warned:
            self._warned = True
            self.guidance.interrupt(Utterance(tr("voice.warning", seconds=seconds), "notice"))

    def _visit_state(self, state: str) -> None:
        if state != "warning":
            self._warned = False

    # -- the switch and the headset -------------------------------------------------------------
    def _state(self, active: bool, headset_in: bool) -> None:
        was = self._shown_active
        self._show_state(active)
        if active and not was:
            lead = [Utterance(tr("voice.headset_in" if headset_in else "voice.on"), "notice")]
            # The choices first (finding 5: a person needs them within seconds), the
            # rest of the keys after them.
            self.announce(lead, [Utterance(tr("voice.keys"), "notice")])

    def retranslate(self) -> None:
        """The switch in the language now chosen."""
        self._show_state(self.guidance.active)

    def _show_state(self, active: bool) -> None:
        self._shown_active = active
        self.toggle.setChecked(active)
        # Not by colour alone: the text says on or off, and a tick marks it on.
        self.toggle.setText(tr("voice.toggle_on" if active else "voice.toggle_off"))
        self.toggle.setProperty("role", "primary" if active else "")
        self.toggle.style().unpolish(self.toggle)
        self.toggle.style().polish(self.toggle)

    def wipe(self) -> None:
        """The visit ended (done or timed out): nothing more said, the log forgotten."""
        self.guidance.wipe()
        self.navigator.engaged = False
        self._screen = self.window.stack.currentWidget()
        self._signature = describe(self._screen).signature()
        self._status = ()
        self._warned = False


def spoken(speech: ScreenSpeech) -> list[Utterance]:
    """What guidance says for a screen, in order: title, prompt, the numbered choices
    (or the short list), the status."""
    out = [Utterance(speech.title, "title"), *speech.prompt]
    choices = [c for c in speech.choices if c.widget.isVisible()]
    if choices and speech.short_list:
        items = [
            tr("voice.short_item", n=i, text=c.short or c.text) for i, c in enumerate(choices[:MAX_SPOKEN_CHOICES], 1)
        ]
        out.append(Utterance("，".join(items), "choices"))
        if len(choices) > MAX_SPOKEN_CHOICES:
            out.append(Utterance(tr_n("voice.more", len(choices)), "choices"))
    elif choices:
        items = [tr("voice.choice_item", n=i, text=c.text) for i, c in enumerate(choices[:MAX_SPOKEN_CHOICES], 1)]
        out.append(Utterance(tr("voice.choices", items="；".join(items)), "choices"))
        if len(choices) > MAX_SPOKEN_CHOICES:
            out.append(Utterance(tr_n("voice.more", len(choices)), "choices"))
    return out + speech.status


def _in_screen(widget: QWidget, names: tuple[str, ...]) -> bool:
    w: QWidget | None = widget
    while w is not None:
        if w.objectName() in names:
            return True
        w = w.parentWidget()
    return False


def install_voice_guide(window) -> VoiceGuide:
    """Voice guidance and the keypad for a kiosk window whose first screen is up, the
    headset followed from now on."""
    guide = VoiceGuide(window, window.core.guidance, window.core.headset)
    guide.start()
    return guide
