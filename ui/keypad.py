"""Operating the kiosk without seeing it: a numeric keypad or arrow/Enter keys
(ADA §707.6, EN 301 549 5.1.6). The key map is in docs/accessibility.md:

==============================================  =====================================
key                                             does
==============================================  =====================================
↓ → Tab (keypad 2/6 with NumLock off)           next element
↑ ← Shift+Tab (keypad 8/4 with NumLock off)     previous element
Enter, keypad Enter                             activate the focused element
1-9                                             choose the nth item of the list
0, keypad 0 / Ins, keypad 5 / Clear             say the screen again
Esc, keypad . / Del, Backspace                  返回 (back, or home)
keypad *, *                                     语音播报 on / off
==============================================  =====================================

In a text field every key but ↑/↓/Tab (leave the field), Esc (返回) and keypad * goes
to the field: digits from either keyboard type (an ID number), Backspace deletes,
Enter submits the field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ui.voice_screens import ScreenSpeech, Stop

K = Qt.Key
NEXT_KEYS = {K.Key_Down, K.Key_Right, K.Key_Tab}
PREV_KEYS = {K.Key_Up, K.Key_Left, K.Key_Backtab}
ENTER_KEYS = {K.Key_Return, K.Key_Enter}
DIGITS = {getattr(K, f"Key_{n}"): n for n in range(10)}
KEYPAD_REPEAT = {K.Key_Insert, K.Key_Clear}  # keypad 0 and 5 with NumLock off
KEYPAD_BACK = {K.Key_Period, K.Key_Delete, K.Key_Comma}  # keypad "." (some layouts: ",")


class KeypadNavigator(QObject):
    """An application event filter that runs the key map on one window's current screen.

    Args:
        window: the kiosk window (keys for other windows pass through).
        current: the screen showing now.
        describe: how guidance reads a screen (``ui.voice_screens.describe``).
        extra_stops: stops after the screen's own (the header's 语音播报 switch).
    """

    focus_moved = Signal(str)  # the focused element's words (guidance speaks them)
    no_choice = Signal(int)  # a digit with no such item
    unavailable = Signal(str)  # a chosen element that cannot be used now
    repeat_requested = Signal()
    voice_toggle_requested = Signal()
    no_back = Signal()  # 返回 where there is nothing to go back to (the home screen)

    def __init__(
        self,
        window: QWidget,
        current: Callable[[], QWidget],
        describe: Callable[[QWidget], ScreenSpeech],
        extra_stops: Callable[[], list[Stop]] = list,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.current = current
        self.describe = describe
        self.extra_stops = extra_stops
        self.engaged = False  # a key of the map was used this visit: keep focus on a stop
        self.moving = False  # focus is being moved by this navigator (not a tap)

    # -- the filter ------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QWidget) or obj.window() is not self.window:
            return False
        focus = self.window.focusWidget()
        # Keys are commands only where they land first: at the focus widget (or the window
        # when nothing has the focus). A key a widget ignored travels on to its parents;
        # so does one sent to a widget without the focus: neither is ours to take.
        if obj is not (focus if focus is not None else self.window):
            return False
        return self.handle(event)  # type: ignore[arg-type]

    def handle(self, event: QKeyEvent) -> bool:
        """Run the key map; True when the key was a command (and is consumed)."""
        key = K(event.key())
        keypad = bool(event.modifiers() & Qt.KeyboardModifier.KeypadModifier)
        focus = self.window.focusWidget()
        typing = isinstance(focus, (QLineEdit, QTextEdit, QPlainTextEdit)) and focus.isVisible()
        if key in (K.Key_Down, K.Key_Up, K.Key_Tab, K.Key_Backtab) or (
            key in (K.Key_Left, K.Key_Right) and (keypad or not typing)
        ):
            self.move(+1 if key in NEXT_KEYS else -1)
        elif key == K.Key_Escape:
            self.back()
        elif key == K.Key_Asterisk and (keypad or not typing):
            self.voice_toggle_requested.emit()
        elif typing:
            return False  # a field takes the rest: digits (an ID number), Enter submits it
        elif key in ENTER_KEYS:
            self.activate()
        elif key == K.Key_Backspace or (keypad and key in KEYPAD_BACK):
            self.back()
        elif key in DIGITS:
            n = DIGITS[key]
            if n == 0:
                self.repeat_requested.emit()
            else:
                self.choose(n)
        elif keypad and key in KEYPAD_REPEAT:
            self.repeat_requested.emit()
        else:
            return False
        self.engaged = True
        return True

    # -- what the keys do ------------------------------------------------------------------
    def speech(self) -> ScreenSpeech:
        return self.describe(self.current())

    def stops(self, speech: ScreenSpeech | None = None) -> list[Stop]:
        speech = speech or self.speech()
        return speech.stops + [s for s in self.extra_stops() if s.widget.isVisible()]

    def focused_index(self, stops: list[Stop]) -> int:
        """Which stop has the focus, -1 for none."""
        focus = self.window.focusWidget()
        for i, stop in enumerate(stops):
            if stop.widget is focus and (stop.item is None or _current_item(stop.widget) is stop.item):
                return i
        return -1

    def move(self, step: int) -> None:
        stops = self.stops()
        if not stops:
            return
        i = self.focused_index(stops)
        nxt = (0 if step > 0 else len(stops) - 1) if i < 0 else (i + step) % len(stops)
        self.focus(stops[nxt])

    def focus(self, stop: Stop, *, quiet: bool = False) -> None:
        """Put the focus (and its ring) on ``stop``; say it unless ``quiet``."""
        self.moving = True
        try:
            if stop.item is not None and isinstance(stop.widget, QListWidget):
                stop.widget.setCurrentItem(stop.item)
                stop.widget.scrollToItem(stop.item)
            stop.widget.setFocus(Qt.FocusReason.TabFocusReason)
        finally:
            self.moving = False
        if not quiet:
            self.focus_moved.emit(stop.text)

    def focus_first(self) -> None:
        """A new screen: the focus goes to its first stop (said with the screen)."""
        stops = self.stops()
        if stops:
            self.focus(stops[0], quiet=True)

    def activate(self) -> None:
        stops = self.stops()
        i = self.focused_index(stops)
        if i >= 0:
            self._use(stops[i])
            return
        focus = self.window.focusWidget()
        if isinstance(focus, QAbstractButton) and focus.isVisible():
            focus.click()
        elif stops:
            self.focus(stops[0])

    def choose(self, n: int) -> None:
        choices = [c for c in self.speech().choices if c.widget.isVisible()]
        if n > len(choices):
            self.no_choice.emit(n)
            return
        self._use(choices[n - 1])

    def _use(self, stop: Stop) -> None:
        if not stop.enabled():
            self.unavailable.emit(stop.text)
            return
        if stop.item is None and isinstance(stop.widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
            self.focus(stop)
            return
        stop.activate()

    def back(self) -> None:
        speech = self.speech()
        if speech.back is None:
            self.no_back.emit()
        else:
            speech.back()


def _current_item(widget: QWidget) -> QListWidgetItem | None:
    """The row a list stands on (a stop with an item is a row of a list)."""
    return widget.currentItem() if isinstance(widget, QListWidget) else None
