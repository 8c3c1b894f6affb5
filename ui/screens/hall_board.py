"""The display role's screen: the hall board, read from across the hall.

Shows a ``kiosk.queue.board.BoardView`` and nothing else decides here. Sizes are
for 1920×1080 (landscape) and 1080×1920 (portrait) and scale with the window: at those
sizes every called number is at least 150 px and every other text at least 40 px.

- calls: the newest one huge on the left (on top in portrait), the few before it in a
  short list beside it; before any call, a calm welcome instead of an empty table;
- the waiting count of every service, a scrolling notice (the hall's hours by default),
- a banner over everything when the hub is lost, with the time of the last update;
- a new live call flashes its panel for about three seconds.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.hall_time import DEFAULT_ZONE, hall_local
from kiosk.queue.board import BoardCall, BoardView
from ui.i18n import tr
from ui.words import local_name

# The board's own palette: light text on a deep blue reads from 10 m and does not glare
# in a bright hall. Contrast (tests/ui/test_hall_board.py): white on navy 16.5:1, yellow
# on navy 11.7:1 and on the panel 9.3:1, navy on yellow (the flash) 11.7:1, the muted
# grey-blue on navy 12.2:1, white on the banner's red 6.5:1.
BG = "#0b1f3a"
PANEL = "#12305a"
TEXT = "#ffffff"
NUMBER = "#ffd54a"
MUTED = "#d5deea"
BANNER = "#b3261e"

# Pixel sizes at the reference screen (scale 1.0).
SIZES = {
    "hero_number": 260,
    "hero_window": 110,
    "number": 156,
    "row_window": 72,
    "caption": 48,
    "welcome": 110,
    "welcome_hint": 52,
    "wait_name": 44,
    "wait_count": 52,
    "notice": 44,
    "banner": 48,
}
ROWS = {"landscape": 3, "portrait": 3}  # calls before the newest that fit beside / below it
WAIT_COLUMNS = {"landscape": 4, "portrait": 2}
FLASH_TOGGLES, FLASH_MS = 8, 375  # ~3 s
REFERENCE = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def _label(align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> QLabel:
    label = QLabel()
    label.setAlignment(align)
    # A long text is clipped, never widens the board past its screen.
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    return label


class MarqueeWidget(QWidget):
    """One line of text scrolling right to left, for ever."""

    STEP_MS = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.offset = 0.0
        self.speed = 2.0  # px per step at scale 1
        self._timer = QTimer(self, interval=self.STEP_MS)
        self._timer.timeout.connect(self._step)
        self._timer.start()

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.offset = 0.0
            self.update()

    def _step(self) -> None:
        width = self.fontMetrics().horizontalAdvance(self._text + self.GAP) or 1
        self.offset = (self.offset + self.speed) % width
        self.update()

    GAP = "          "

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().windowText().color())
        unit = self._text + self.GAP
        width = self.fontMetrics().horizontalAdvance(unit) or 1
        x = -self.offset
        while x < self.width():
            painter.drawText(QRectF(x, 0, width, self.height()), int(Qt.AlignmentFlag.AlignVCenter), unit)
            x += width
        painter.end()


class HallBoardScreen(QWidget):
    """The board. ``show_view(view)`` shows a view; ``set_notice`` sets the scrolling line."""

    def __init__(self, parent: QWidget | None = None, *, zone: str = DEFAULT_ZONE) -> None:
        super().__init__(parent)
        self.zone = zone  # the hall's: "last update" in the hall's time
        self.setObjectName("HallBoardScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.orientation = "landscape"
        self.scale = 1.0
        self._flash_left = 0
        self._last_flash: int | None = None
        self.flashing = False
        self._view: BoardView | None = None

        col = QVBoxLayout(self)
        col.setContentsMargins(40, 24, 40, 16)
        col.setSpacing(16)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(32)
        col.addLayout(self.body, 1)

        # The newest call.
        self.current = QFrame()
        self.current.setObjectName("BoardCurrent")
        cur = QVBoxLayout(self.current)
        cur.setContentsMargins(24, 16, 24, 24)
        self.current_caption = _label()
        self.current_number = _label()
        self.current_window = _label()
        self.current_caption.setText(tr("board.now_calling"))
        cur.addStretch(1)
        for w in (self.current_caption, self.current_number, self.current_window):
            cur.addWidget(w)
        cur.addStretch(2)
        self.body.addWidget(self.current, 1)

        # The calls before it.
        self.previous = QFrame()
        self.previous.setObjectName("BoardPrevious")
        prev = QVBoxLayout(self.previous)
        prev.setContentsMargins(8, 16, 8, 8)
        prev.setSpacing(8)
        self.previous_caption = _label(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.previous_caption.setText(tr("board.previous"))
        prev.addWidget(self.previous_caption)
        self.rows: list[tuple[QLabel, QLabel]] = []
        for _ in range(max(ROWS.values())):
            row = QWidget()
            row.setObjectName("BoardRow")
            line = QBoxLayout(QBoxLayout.Direction.LeftToRight, row)
            line.setContentsMargins(0, 0, 0, 0)
            number = _label(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            window = _label(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            # "B888" beside "12号窗口", both whole at their full size (the test measures).
            line.addWidget(number, 5)
            line.addWidget(window, 4)
            prev.addWidget(row)
            self.rows.append((number, window))
        prev.addStretch(1)
        self.body.addWidget(self.previous, 1)

        # Before any call: a welcome instead of an empty table.
        self.welcome = QFrame()
        self.welcome.setObjectName("BoardWelcome")
        wel = QVBoxLayout(self.welcome)
        wel.addStretch(1)
        self.welcome_title = _label()
        self.welcome_title.setText(tr("board.welcome"))
        self.welcome_hint = _label()
        self.welcome_hint.setWordWrap(True)
        self.welcome_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.welcome_hint.setText(tr("board.welcome_hint"))
        wel.addWidget(self.welcome_title)
        wel.addWidget(self.welcome_hint)
        wel.addStretch(1)
        self.body.addWidget(self.welcome, 1)

        # Waiting counts, one card per service.
        self.waiting_box = QWidget()
        self.waiting_grid = QGridLayout(self.waiting_box)
        self.waiting_grid.setContentsMargins(0, 0, 0, 0)
        self.waiting_grid.setSpacing(16)
        self.waiting_cards: dict[str, tuple[QFrame, QLabel, QLabel]] = {}
        col.addWidget(self.waiting_box)

        self.notice = MarqueeWidget()
        col.addWidget(self.notice)

        # The lost-hub banner floats over the top of the board (the layout does not move).
        self.banner = QLabel(self)
        self.banner.setObjectName("BoardBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.hide()

        self._flash_timer = QTimer(self, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._flash_step)
        self._restyle()
        self._show_mode(calls=False)

    # ---- what the board window calls ------------------------------------------------------
    def retranslate(self) -> None:
        """Every fixed text in the language now chosen, and the view shown again in it
        (its captions, windows and service names)."""
        self.current_caption.setText(tr("board.now_calling"))
        self.previous_caption.setText(tr("board.previous"))
        self.welcome_title.setText(tr("board.welcome"))
        self.welcome_hint.setText(tr("board.welcome_hint"))
        if self._view is not None:
            self.show_view(self._view)

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)

    def show_view(self, view: BoardView) -> None:
        """Show ``view``; flash when it holds a live call this screen has not shown."""
        self._view = view
        calls = view.calls
        self._show_mode(calls=bool(calls))
        if calls:
            # 正在呼叫 only for a call still at its window: a finished one is history.
            current = view.current
            self._show_current(current)
            shown = [c for c in calls if c is not current][: ROWS[self.orientation]]
            for i, (number, window) in enumerate(self.rows):
                visible = i < len(shown)
                number.setVisible(visible)
                window.setVisible(visible)
                line = number.parentWidget()  # the row both labels sit in
                if line is not None:
                    line.setVisible(visible)
                if visible:
                    number.setText(shown[i].number)
                    window.setText(tr("board.window_short", window=shown[i].window))
            # One call so far: it takes the whole width rather than sit beside an empty list.
            self.previous.setVisible(bool(shown))
        self._show_waiting(view)
        # The banner lies over the captions' line: they give way rather than peek out.
        self.current_caption.setText("" if view.lost else tr("board.now_calling"))
        self.previous_caption.setText("" if view.lost else tr("board.previous"))
        if view.lost:
            when = f"{hall_local(view.last_update, self.zone):%H:%M:%S}" if view.last_update is not None else None
            self.banner.setText(tr("board.lost", time=when) if when else tr("board.lost_never"))
            self._place_banner()
            self.banner.show()
            self.banner.raise_()
        else:
            self.banner.hide()
        if self._last_flash is not None and view.flash > self._last_flash and calls and calls[0].live:
            self.flash()
        self._last_flash = view.flash

    def flash(self) -> None:
        """Blink the newest call's panel for about three seconds."""
        self._flash_left = FLASH_TOGGLES
        self.flashing = True
        self._set_flash_style(True)
        self._flash_timer.start()

    # ---- inside -----------------------------------------------------------------------------
    def _show_mode(self, *, calls: bool) -> None:
        self.current.setVisible(calls)
        self.previous.setVisible(calls)
        self.welcome.setVisible(not calls)

    def _show_current(self, call: BoardCall | None) -> None:
        self.current_number.setText(call.number if call is not None else "—")
        self.current_window.setText(tr("board.go_to_window", window=call.window) if call is not None else "")

    def _show_waiting(self, view: BoardView) -> None:
        codes = [w.service for w in view.waiting]
        if codes != list(self.waiting_cards):
            for card, _, _ in self.waiting_cards.values():
                card.deleteLater()
            self.waiting_cards = {}
            for code in codes:
                card = QFrame()
                card.setObjectName("BoardWaiting")
                box = QVBoxLayout(card)
                box.setContentsMargins(16, 8, 16, 8)
                box.setSpacing(0)
                name, count = _label(), _label()
                box.addWidget(name)
                box.addWidget(count)
                self.waiting_cards[code] = (card, name, count)
            self._place_waiting()
            self._restyle()
        columns = WAIT_COLUMNS[self.orientation]
        room = max(40, (self.width() - 80 - 16 * (columns - 1)) // columns - 32)
        for w in view.waiting:
            _, name, count = self.waiting_cards[w.service]
            full = local_name(w.name, w.name_en) or w.service
            name.ensurePolished()  # the board's font size, not the application's
            name.setText(name.fontMetrics().elidedText(full, Qt.TextElideMode.ElideRight, room))
            name.setToolTip(full)
            count.setText(tr("board.waiting_n", n=w.waiting))

    def _place_waiting(self) -> None:
        columns = WAIT_COLUMNS[self.orientation]
        for i, (card, _, _) in enumerate(self.waiting_cards.values()):
            self.waiting_grid.addWidget(card, i // columns, i % columns)
        rows = (len(self.waiting_cards) + columns - 1) // columns
        one = round((SIZES["wait_name"] + SIZES["wait_count"]) * 1.45 * self.scale) + 16
        self.waiting_box.setFixedHeight(rows * one + max(0, rows - 1) * 16 if rows else 0)

    def _flash_step(self) -> None:
        self._flash_left -= 1
        on = self._flash_left % 2 == 0 and self._flash_left > 0
        self._set_flash_style(on)
        if self._flash_left <= 0:
            self._flash_timer.stop()
            self.flashing = False

    def _set_flash_style(self, on: bool) -> None:
        self.current.setProperty("flash", on)
        bg, fg = (NUMBER, BG) if on else (PANEL, NUMBER)
        self.current.setStyleSheet(f"QFrame#BoardCurrent {{ background: {bg}; border-radius: 24px; }}")
        self.current_number.setStyleSheet(self._font("hero_number", fg, bold=True))
        self.current_window.setStyleSheet(self._font("hero_window", BG if on else TEXT, bold=True))
        self.current_caption.setStyleSheet(self._font("caption", BG if on else MUTED))

    def px(self, name: str) -> int:
        """The pixel size of a kind of text at the current scale."""
        return round(SIZES[name] * self.scale)

    def _font(self, name: str, color: str, bold: bool = False) -> str:
        weight = "font-weight: 700;" if bold else ""
        return f"font-size: {self.px(name)}px; color: {color}; background: transparent; {weight}"

    def _restyle(self) -> None:
        self.setStyleSheet(
            f"QWidget {{ background: transparent; }}"
            f"QWidget#HallBoardScreen {{ background: {BG}; }}"
            f"QFrame#BoardWaiting {{ background: {PANEL}; border-radius: 16px; }}"
        )
        self._set_flash_style(self.flashing and self.current.property("flash") is True)
        # Fixed heights: the line box of the CJK font is ~1.45 em; numbers and Latin
        # need less, which keeps three previous calls beside the newest at 1080 px.
        self.current_caption.setFixedHeight(round(self.px("caption") * 1.45))
        self.current_number.setFixedHeight(round(self.px("hero_number") * 1.2))
        self.current_window.setFixedHeight(round(self.px("hero_window") * 1.45))
        self.previous_caption.setStyleSheet(self._font("caption", MUTED))
        self.previous_caption.setFixedHeight(round(self.px("caption") * 1.45))
        self.welcome_title.setFixedHeight(round(self.px("welcome") * 1.45))
        for number, window in self.rows:
            number.setStyleSheet(self._font("number", NUMBER, bold=True))
            number.setFixedHeight(round(self.px("number") * 1.2))
            window.setStyleSheet(self._font("row_window", TEXT, bold=True))
            window.setFixedHeight(round(self.px("number") * 1.2))
        self.welcome_title.setStyleSheet(self._font("welcome", TEXT, bold=True))
        self.welcome_hint.setStyleSheet(self._font("welcome_hint", MUTED))
        for _, name, count in self.waiting_cards.values():
            name.setStyleSheet(self._font("wait_name", MUTED))
            name.setFixedHeight(round(self.px("wait_name") * 1.45))
            count.setStyleSheet(self._font("wait_count", TEXT, bold=True))
            count.setFixedHeight(round(self.px("wait_count") * 1.45))
        self.notice.setStyleSheet(f"font-size: {self.px('notice')}px; color: {TEXT}; background: {PANEL};")
        self.notice.setFixedHeight(round(self.px("notice") * 1.6))
        self.notice.speed = 2.0 * self.scale
        self.banner.setStyleSheet(
            f"font-size: {self.px('banner')}px; font-weight: 700; color: {TEXT}; "
            f"background: {BANNER}; padding: 12px 24px; border-radius: 12px;"
        )

    def _place_banner(self) -> None:
        height = round(self.px("banner") * 1.45) + 24
        self.banner.setGeometry(24, 12, max(0, self.width() - 48), height)

    def minimumSizeHint(self) -> QSize:
        # The board scales itself to the space it gets (resizeEvent); it never asks the
        # window for more, so the window is never larger than its screen.
        return QSize(0, 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        w, h = self.width(), self.height()
        orientation = "landscape" if w >= h else "portrait"
        ref_w, ref_h = REFERENCE[orientation]
        # The screen's size, not the widget's: the header above takes its share at the
        # reference size too, so the sizes are those of the reference screen.
        screen = self.window().size() if self.window() is not None else self.size()
        scale = min(screen.width() / ref_w, screen.height() / ref_h)
        if orientation != self.orientation or abs(scale - self.scale) > 0.001:
            self.orientation = orientation
            self.scale = scale
            landscape = orientation == "landscape"
            self.body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)
            # Side by side the newest call and the list share the width (the list's rows
            # need it for a number beside "12号窗口"); stacked, the newest call takes the
            # height it needs and the list the rest.
            self.body.setStretch(0, 1 if landscape else 0)
            self.body.setStretch(1, 1)
            self._place_waiting()
            self._restyle()
            if self._view is not None:
                self.show_view(self._view)
        self._place_banner()
