"""取号, first step: one big tile per service of the hall, an optional 优先 choice, the
appointment check-in, and the ID card hint. Closed services are greyed with when they
open ("周一 08:30 开始取号") and cannot be chosen.

The screen only shows what ``kiosk.queue.ticketing`` returns and forwards taps; the
kiosk window runs the desk and the card reader.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.queue.tickets import PRIORITY_CHOICES, ServiceChoice
from ui.i18n import tr
from ui.widgets.reflow import ReflowGrid
from ui.words import local_name

WEEKDAY_KEYS = ("weekday.0", "weekday.1", "weekday.2", "weekday.3", "weekday.4", "weekday.5", "weekday.6")
PRIORITY_BUTTON_KEYS = {
    "elderly": "ticket.priority.elderly",
    "disabled": "ticket.priority.disabled",
    "pregnant": "ticket.priority.pregnant",
    "green_channel": "ticket.priority.green_channel",
}


def opens_text(service: ServiceChoice) -> str:
    """ "周一 08:30 开始取号" / "今天 13:30 开始取号" / "暂停取号" for a closed service."""
    if service.opens_at is None:
        return tr("ticket.closed")
    if service.opens_day == "today":
        day = tr("ticket.day.today")
    elif service.opens_day == "tomorrow":
        day = tr("ticket.day.tomorrow")
    else:
        day = tr(WEEKDAY_KEYS[service.opens_weekday or 0])
    return tr("ticket.opens", day=day, time=service.opens_time)


class TicketServicesScreen(QWidget):
    service_chosen = Signal(str)  # service code
    check_in_requested = Signal()
    home_requested = Signal()

    def __init__(self, *, can_check_in: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TicketServicesScreen")
        col = QVBoxLayout(self)
        col.setContentsMargins(48, 12, 48, 16)
        col.setSpacing(14)
        self.title = QLabel(tr("ticket.choose"))
        self.title.setProperty("role", "hero")
        self.title.setWordWrap(True)
        col.addWidget(self.title)
        self.card_hint = QLabel(tr("ticket.card_hint"))
        self.card_hint.setProperty("role", "muted")
        self.card_hint.setWordWrap(True)
        col.addWidget(self.card_hint)

        self.grid = ReflowGrid(portrait=2, landscape=4, spacing=20)
        col.addWidget(self.grid)
        self.tiles: dict[str, QPushButton] = {}

        # Four in a row made elder mode wider than a portrait screen: two there.
        # (On a landscape screen the words and the four choices share one row.)
        prio = ReflowGrid(portrait=2, landscape=5)
        self.priority_label = QLabel(tr("ticket.priority"))
        self.priority_label.setWordWrap(True)
        prio.add(self.priority_label)
        self.priority_buttons: dict[str, QPushButton] = {}
        for cls in PRIORITY_CHOICES:
            b = QPushButton(tr(PRIORITY_BUTTON_KEYS[cls]))
            b.setCheckable(True)
            b.toggled.connect(lambda on, c=cls: self._priority_toggled(c, on))
            prio.add(b)
            self.priority_buttons[cls] = b
        col.addWidget(prio)
        self.priority_note = QLabel()
        self.priority_note.setWordWrap(True)
        self.priority_note.setProperty("role", "muted")
        self.priority_note.hide()
        col.addWidget(self.priority_note)

        col.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("role", "title")
        col.addWidget(self.message)
        row = QHBoxLayout()
        self.home_button = QPushButton(tr("nav.home"))
        self.home_button.clicked.connect(self.home_requested)
        self.check_in_button = QPushButton(tr("ticket.check_in"))
        self.check_in_button.clicked.connect(self.check_in_requested)
        row.addWidget(self.home_button)
        row.addStretch(1)
        row.addWidget(self.check_in_button)
        col.addLayout(row)
        self.check_in_button.setVisible(can_check_in)  # once it has a parent (ui/widgets/result_card.py)

    # ---- what the window tells it -------------------------------------------------------
    def reset(self) -> None:
        """A fresh screen for the next citizen: no card, no priority, no message."""
        for b in self.priority_buttons.values():
            b.setChecked(False)
        self.card_hint.setText(tr("ticket.card_hint"))
        self.priority_note.hide()
        self.set_message("")
        self.set_busy(False)

    def show_loading(self) -> None:
        self._clear_tiles()
        self.set_message(tr("ticket.loading"), "unknown")

    def show_services(self, services: list[ServiceChoice]) -> None:
        self._clear_tiles()
        self.set_message("")
        for s in services:
            sub = tr("ticket.open_now") if s.open_now else opens_text(s)
            b = _service_tile(local_name(s.name, s.name_en), sub, closed=not s.open_now)
            b.setEnabled(s.open_now)
            b.setProperty("closed", not s.open_now)
            b.clicked.connect(lambda _=False, code=s.code: self.service_chosen.emit(code))
            self.grid.add(b)
            self.tiles[s.code] = b

    def show_identity(self, masked_name: str, suggest_elderly: bool) -> None:
        """The card was read: say whose (masked); pre-select 长者 when the card suggests
        it, saying so, so the citizen can take it back."""
        self.card_hint.setText(tr("ticket.card_read", masked=masked_name))
        if suggest_elderly and self.priority is None:
            self.priority_buttons["elderly"].setChecked(True)
            self.priority_note.setText(tr("ticket.elder_suggested"))
            self.priority_note.show()

    def set_message(self, text: str, state: str = "") -> None:
        self.message.setText(text)
        self.message.setProperty("state", state)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def set_busy(self, busy: bool) -> None:
        """While a number is being taken, a second tap must not take another."""
        for b in self.tiles.values():
            b.setEnabled(not busy and not b.property("closed"))
        self.check_in_button.setEnabled(not busy)

    @property
    def priority(self) -> str | None:
        """The priority class the citizen chose, if any."""
        return next((c for c, b in self.priority_buttons.items() if b.isChecked()), None)

    # ---- inside ----------------------------------------------------------------------------
    def _priority_toggled(self, cls: str, on: bool) -> None:
        if on:  # one class at a time, and none is fine too (so no exclusive QButtonGroup)
            for other, b in self.priority_buttons.items():
                if other != cls and b.isChecked():
                    b.setChecked(False)
        elif cls == "elderly":
            self.priority_note.hide()
        self._mark(cls, on)

    def _mark(self, cls: str, on: bool) -> None:
        """A chosen class looks chosen in every theme: the accent colours of a primary
        button (the theme has no :checked rule) and a tick, for those who see no colour."""
        b = self.priority_buttons[cls]
        b.setProperty("role", "primary" if on else "")
        b.setText(("✓ " if on else "") + tr(PRIORITY_BUTTON_KEYS[cls]))
        b.style().unpolish(b)
        b.style().polish(b)

    def _clear_tiles(self) -> None:
        self.grid.clear()
        self.tiles.clear()


def tile_texts(tile: QPushButton) -> list[str]:
    """The texts on a tile, top to bottom (its name, then whether or when it opens)."""
    return [label.text() for label in tile.findChildren(QLabel)]


def _service_tile(title: str, subtitle: str, *, closed: bool = False) -> QPushButton:
    """A big tile: the service's name, under it whether (or when) it issues numbers.
    A closed one is greyed (muted text, the dashed border of a disabled button)."""
    from ui.widgets.tile import TileButton

    b = TileButton([(title, "title"), (subtitle, "muted")])
    if closed:  # the tile rule outranks :disabled's dashed border; greyed text alone is too faint a cue
        b.setStyleSheet("border-style: dashed;")
        b.labels[0].setProperty("state", "disabled")
    b.setAccessibleName(f"{title}，{subtitle}")
    return b
