"""取号, last step: the number, huge, with the service, the people ahead, the estimated
wait and whether the paper came out. Out of paper the number stays on screen with
"请记下您的号码", and the reprint button waits for the paper.

``announcement`` holds what a headset would say here (the number and the people ahead,
never personal data), for the voice work to speak.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.queue.ticket_receipt import priority_words
from kiosk.queue.tickets import TakenTicket
from ui import i18n
from ui.i18n import tr
from ui.words import local_name

# The number is read from a step back (and by people with poor sight): about 2.5 cm
# high at ~100 ppi, far above the 24/36 px floors.
NUMBER_PX = 200
LINE = 1.45  # a line's height for the font's pixel size (Noto Sans CJK)


class TicketDoneScreen(QWidget):
    reprint_requested = Signal()
    done_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TicketDoneScreen")
        self.ticket: TakenTicket | None = None
        self.announcement = ""
        col = self._column = QVBoxLayout(self)
        col.setContentsMargins(48, 12, 48, 16)
        col.setSpacing(12)
        self.heading = QLabel()
        self.heading.setProperty("role", "hero")
        self.heading.setWordWrap(True)
        col.addWidget(self.heading)
        col.addStretch(1)
        self.number = QLabel()
        self.number.setObjectName("TicketNumber")
        self.number.setStyleSheet(f"font-size: {NUMBER_PX}px; font-weight: 700;")
        self.number.setAccessibleName(tr("ticket.number_label"))
        self.number.setAlignment(_center())  # centred in the full width: a long line wraps there
        col.addWidget(self.number)
        self.service = QLabel()
        self.service.setProperty("role", "hero")
        self.service.setAlignment(_center())  # centred in the full width: a long line wraps there
        col.addWidget(self.service)
        self.ahead = QLabel()
        self.ahead.setProperty("role", "title")
        self.ahead.setWordWrap(True)
        self.ahead.setAlignment(_center())  # centred in the full width: a long line wraps there
        col.addWidget(self.ahead)
        self.priority = QLabel()
        self.priority.setProperty("role", "muted")
        self.priority.setAlignment(_center())  # centred in the full width: a long line wraps there
        col.addWidget(self.priority)
        col.addStretch(1)
        self.print_state = QLabel()
        self.print_state.setProperty("role", "title")
        self.print_state.setWordWrap(True)
        col.addWidget(self.print_state)
        self.write_down = QLabel()
        self.write_down.setProperty("role", "title")
        self.write_down.setWordWrap(True)
        col.addWidget(self.write_down)
        row = QHBoxLayout()
        self.done_button = QPushButton(tr("ticket.done"))
        self.done_button.setProperty("role", "primary")
        self.done_button.clicked.connect(self.done_requested)
        self.reprint_button = QPushButton(tr("ticket.reprint"))
        self.reprint_button.clicked.connect(self.reprint_requested)
        row.addWidget(self.done_button)
        row.addStretch(1)
        row.addWidget(self.reprint_button)
        col.addLayout(row)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # As large as the screen leaves room for: elder mode on a landscape screen has
        # about 930 px below the header for all of it.
        rest = self._column.minimumSize().height() - self.number.minimumSizeHint().height()
        px = int(max(120, min(NUMBER_PX, (self.height() - rest) / LINE)))
        if px != self.number.font().pixelSize():
            self.number.setStyleSheet(f"font-size: {px}px; font-weight: 700;")

    def show_ticket(self, taken: TakenTicket) -> None:
        """Show ``taken`` and its paper's state (printing, printed or failed)."""
        self.ticket = taken
        if taken.already_held and taken.offline:
            self.heading.setText(tr("ticket.already_held_offline", number=taken.number))
        elif taken.already_held:
            self.heading.setText(tr("ticket.already_held", number=taken.number, ahead=taken.ahead))
        else:
            self.heading.setText(tr("ticket.taken_offline" if taken.offline else "ticket.taken"))
        self.number.setText(taken.number)
        self.service.setText(local_name(taken.service_name, taken.service_name_en))
        if taken.offline:  # nobody here knows the people ahead until the hub is back
            self.ahead.setText(tr("ticket.offline_note"))
        elif taken.ahead:
            self.ahead.setText(tr("ticket.ahead_wait", ahead=taken.ahead, minutes=taken.wait_minutes))
        else:
            self.ahead.setText(tr("ticket.next"))
        words = priority_words(taken.priority, tr)
        self.priority.setText(words)
        self.priority.setVisible(bool(words))
        self.announcement = taken.announcement(tr, i18n.language())
        self._show_print(taken)

    def _show_print(self, t: TakenTicket) -> None:
        self.write_down.hide()
        if t.print_state == "printing":
            self._state(tr("ticket.printing"), "unknown")
        elif t.print_state == "printed":
            self._state(tr("ticket.printed"), "ok")
        elif t.print_state == "failed":
            reason = tr(t.print_error or "device.printer.error", **t.print_error_data)
            self._state(tr("ticket.print_failed", reason=reason), "offline")
            self.write_down.setText(
                tr("ticket.write_down_paper" if t.paper_out else "ticket.write_down", number=t.number)
            )
            self.write_down.show()
        else:  # a held ticket, shown before anything is printed
            self._state(tr("ticket.not_printed"), "")
        # Reprint only what did not come out (or a held ticket's lost paper): a kiosk that
        # prints on every tap runs out of paper for the next citizen.
        self.reprint_button.setVisible(t.print_state in ("failed", "not_printed"))

    def _state(self, text: str, state: str) -> None:
        self.print_state.setText(text)
        self.print_state.setProperty("state", state)
        self.print_state.style().unpolish(self.print_state)
        self.print_state.style().polish(self.print_state)


def _center():
    from PySide6.QtCore import Qt

    return Qt.AlignmentFlag.AlignHCenter
