"""The strip at the top of every role's screen: hall name, date and clock, actions.

The hall's name shows in the language chosen: the config's ``[hall] name_en`` on an
English screen (``retranslate`` after a switch), its ``name`` otherwise."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.hall_time import DEFAULT_ZONE, hall_now
from ui.words import local_name


class _ClockLabel(QLabel):
    """The clock, which says when it is pressed (the secret taps count presses)."""

    pressed = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.pressed.emit()  # taken here, as before: the press goes no further up


class HeaderWidget(QWidget):
    # Five taps on the clock within three seconds: the technician's way in (no visible
    # button a citizen could wander into; the PIN guards it anyway).
    secret_tapped = Signal()
    TAPS, WINDOW_S = 5, 3.0

    def __init__(
        self,
        title: str,
        subtitle: str = "",
        parent: QWidget | None = None,
        *,
        zone: str = DEFAULT_ZONE,
        title_en: str = "",
    ) -> None:
        super().__init__(parent)
        self._titles = (title, title_en)
        self.zone = zone  # the hall's: the clock shows the hall's time, not the machine's
        # On a portrait screen two rows, so elder mode fits its width: the hall, the actions
        # and the clock; under them the role and the status strip (network, printer) in
        # words. On a landscape screen one row, leaving the height to the screens.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 8, 24, 8)
        outer.setSpacing(4)
        row = QHBoxLayout()
        self.title = QLabel(local_name(title, title_en))
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.subtitle = QLabel(subtitle)
        self.subtitle.setProperty("role", "muted")
        self.clock = _ClockLabel()
        self.clock.setProperty("role", "title")
        row.addWidget(self.title, 1)
        self.action_row = QHBoxLayout()  # not "actions": QWidget.actions() lists QActions
        row.addLayout(self.action_row)
        row.addSpacing(16)
        row.addWidget(self.clock)
        outer.addLayout(row)
        second = QHBoxLayout()
        second.setSpacing(24)
        second.addWidget(self.subtitle)
        self.status = QLabel()  # set by the window: kiosk.status lines in words
        self.status.setWordWrap(True)
        self.status.hide()
        second.addWidget(self.status, 1)
        outer.addLayout(second)
        self._row, self._second, self._one_row = row, second, False
        self._watched: QWidget | None = None  # the window whose shape decides the rows
        self._taps: list[float] = []
        self.clock.pressed.connect(self._clock_tapped)
        self._tick()
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # The window's shape, not the header's: a window going from 1080x900 to 1080x1920
        # leaves the header as wide as it was, and it stayed one row on an upright screen
        # with its buttons squeezed until their texts were cut off.
        window = self.window()
        if window is not self._watched and window is not self:
            window.installEventFilter(self)
            self._watched = window
        self._fit_rows()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Resize:
            self._fit_rows()
        return False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """One row across, two upright."""
        window = self.window()
        one_row = window.width() > window.height()
        if one_row != self._one_row:
            self._one_row = one_row
            for i, w in enumerate((self.subtitle, self.status)):
                (self._second if not one_row else self._row).insertWidget(1 + i if one_row else i, w)
            self._row.setStretch(0, 0 if one_row else 1)
            self._row.setStretch(2, 1 if one_row else 0)
            if not one_row:
                self._second.setStretch(0, 0)
                self._second.setStretch(1, 1)
            # Two rows took more height than one: a window the second row grew past its
            # screen goes back inside it once the header is one row again.
            within = getattr(window, "within_screen", None)
            if within is not None:
                QTimer.singleShot(0, window, within)

    def retranslate(self) -> None:
        """The hall's name in the language now chosen."""
        self.title.setText(local_name(*self._titles))

    def add_action(self, widget: QWidget) -> None:
        self.action_row.addWidget(widget)

    def set_status(self, text: str, state: str = "ok") -> None:
        """The status strip: words, and the state's colour (never colour alone)."""
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.status.setProperty("state", state)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _tick(self) -> None:
        self.clock.setText(f"{hall_now(self.zone):%H:%M}")

    def _clock_tapped(self) -> None:
        now = time.monotonic()
        self._taps = [t for t in self._taps if now - t < self.WINDOW_S] + [now]
        if len(self._taps) >= self.TAPS:
            self._taps.clear()
            self.secret_tapped.emit()
