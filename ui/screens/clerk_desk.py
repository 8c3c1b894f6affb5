"""The clerk's desk: the ticket at the window, the calling buttons (each with its F key),
the citizen read from the ID card (masked), the pad's question, the queue and the health
of the window's devices and of the hub.

It renders the ``kiosk.queue.calling.DeskView`` it is given and forwards taps and keys to
the ``WindowDesk``; nothing is decided here.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import counter
from kiosk.core import Core
from kiosk.queue.desk_view import DeskError, DeskView
from ui import theme
from ui.bridge import CoreBridge
from ui.i18n import error_text, tr
from ui.widgets.device_health import DeviceHealthWidget
from ui.widgets.reflow import clear_layout

if TYPE_CHECKING:
    from kiosk.queue.calling import WindowDesk  # with the hub client: loaded after the first screen

# (attribute, text key, key) in the order of the keyboard's F keys.
ACTIONS = (
    ("call_button", "desk.call", Qt.Key.Key_F1),
    ("recall_button", "desk.recall", Qt.Key.Key_F2),
    ("skip_button", "desk.skip", Qt.Key.Key_F3),
    ("transfer_button", "desk.transfer", Qt.Key.Key_F4),
    ("hold_button", "desk.hold", Qt.Key.Key_F5),
    ("finish_button", "desk.finish", Qt.Key.Key_F6),
    ("guide_button", "desk.guide", Qt.Key.Key_F7),
)
# Each button's action, as the clerk's session (kiosk/clerk_session.py) names it.
SESSION_ACTIONS = {
    "call_button": "call",
    "recall_button": "recall",
    "skip_button": "skip",
    "transfer_button": "transfer",
    "hold_button": "hold",
    "finish_button": "finish",
    "guide_button": "guide",
}
TICKET_PX = 150  # the number at the window, legible across the desk


def _label(role: str = "", wrap: bool = False) -> QLabel:
    w = QLabel()
    if role:
        w.setProperty("role", role)
    w.setWordWrap(wrap)
    return w


def duration(seconds: int) -> str:
    m, s = divmod(max(0, int(seconds)), 60)
    return tr("desk.duration", m=m, s=s) if m else tr("desk.duration_s", s=s)


class ClerkDeskScreen(QWidget):
    guide_requested = Signal()
    sign_out_requested = Signal()
    # The calling buttons, made in a loop over ACTIONS (setattr): named here for the reader
    # and for mypy.
    call_button: QPushButton
    recall_button: QPushButton
    skip_button: QPushButton
    transfer_button: QPushButton
    hold_button: QPushButton
    finish_button: QPushButton
    guide_button: QPushButton

    def __init__(self, core: Core, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ClerkDeskScreen")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # F keys land here
        self.core, self.bridge = core, bridge
        self.desk: WindowDesk | None = None
        self._keys: dict[int, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 16, 24, 16)
        row.setSpacing(20)
        row.addWidget(self._serving_card(), 3)
        row.addWidget(self._side_card(), 2)
        t = theme.THEMES[core.settings.theme]
        # A primary button that cannot be pressed now must not look pressable (叫号 while serving).
        self.setStyleSheet(
            f'QPushButton[role="primary"]:disabled {{ background: {t.bg}; color: {t.muted}; '
            f"border: 2px dashed {t.border}; font-weight: 400; }}"
        )
        core.visit.on_wipe(self._citizen_gone)  # the visit is driven from this (GUI) thread

    # ---- building --------------------------------------------------------------------------
    def _serving_card(self) -> QFrame:
        card = QFrame()
        card.setProperty("role", "card")
        col = QVBoxLayout(card)
        col.setContentsMargins(28, 20, 28, 20)
        col.setSpacing(8)
        top = QHBoxLayout()
        self.window_label = _label("title")
        self.window_label.setText(tr("window.title", window_no=self.core.settings.hall.window_no))
        self.clerk_label = _label("muted")
        self.sign_out_button = QPushButton(tr("desk.sign_out"))
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        top.addWidget(self.window_label)
        top.addSpacing(16)
        top.addWidget(self.clerk_label, 1)
        top.addWidget(self.sign_out_button)
        col.addLayout(top)

        self.number = _label()
        self.number.setStyleSheet(f"font-size: {TICKET_PX}px; font-weight: 700;")
        self.number.setMinimumHeight(TICKET_PX + 20)
        self.service = _label("title", wrap=True)
        self.times = _label(wrap=True)
        numbers = QHBoxLayout()
        numbers.addWidget(self.number)
        facts = QVBoxLayout()
        facts.addStretch(1)
        facts.addWidget(self.service)
        facts.addWidget(self.times)
        facts.addStretch(1)
        numbers.addSpacing(24)
        numbers.addLayout(facts, 1)
        col.addLayout(numbers)

        citizen = QHBoxLayout()
        self.citizen = _label(wrap=True)
        self.read_button = QPushButton(tr("window.read_card"))
        self.read_button.clicked.connect(self.read_card)
        self.rate_button = QPushButton(tr("window.ask_rating"))
        self.rate_button.clicked.connect(self.ask_rating)
        citizen.addWidget(self.citizen, 1)
        citizen.addWidget(self.read_button)
        citizen.addWidget(self.rate_button)
        col.addLayout(citizen)
        self.rating = _label(wrap=True)
        self.message = _label(wrap=True)
        self.message.setProperty("state", "offline")
        col.addWidget(self.rating)
        col.addWidget(self.message)
        col.addStretch(1)

        self.transfer_panel = QWidget()
        self.transfer_row = QHBoxLayout(self.transfer_panel)
        self.transfer_row.setContentsMargins(0, 0, 0, 0)
        self.transfer_panel.hide()
        col.addWidget(self.transfer_panel)

        grid = QGridLayout()
        grid.setSpacing(12)
        for i, (attr, _key, fkey) in enumerate(ACTIONS):
            b = QPushButton()
            b.setMinimumHeight(96)
            setattr(self, attr, b)
            self._keys[int(fkey)] = b
            grid.addWidget(b, i // 4, i % 4)
        for b in (self.call_button, self.finish_button):
            b.setProperty("role", "primary")
        self.call_button.clicked.connect(lambda: self._run(lambda d: d.call_next()))
        self.recall_button.clicked.connect(lambda: self._run(lambda d: d.recall()))
        self.skip_button.clicked.connect(lambda: self._run(lambda d: d.skip()))
        self.transfer_button.clicked.connect(self._toggle_transfer)
        self.hold_button.clicked.connect(lambda: self._run(lambda d: d.toggle_hold()))
        self.finish_button.clicked.connect(lambda: self._run(lambda d: d.finish()))
        self.guide_button.clicked.connect(self.guide_requested)
        col.addLayout(grid)
        self._label_buttons(held=False)
        return card

    def _side_card(self) -> QFrame:
        card = QFrame()
        card.setProperty("role", "card")
        col = QVBoxLayout(card)
        col.setContentsMargins(24, 20, 24, 20)
        heading = self.queue_heading = _label("title")
        heading.setText(tr("desk.queue"))
        col.addWidget(heading)
        self.queue_lines = _label(wrap=True)
        col.addWidget(self.queue_lines)
        col.addSpacing(12)
        devices = self.devices_heading = _label("title")
        devices.setText(tr("window.devices"))
        col.addWidget(devices)
        self.hub_state = _label()
        col.addWidget(self.hub_state)
        self.devices = DeviceHealthWidget(self.core.devices.health_snapshot())
        self.bridge.device_health_changed.connect(self.devices.update_health)
        col.addWidget(self.devices)
        self.led = _label("muted", wrap=True)
        col.addWidget(self.led)
        col.addStretch(1)
        return card

    def _label_buttons(self, held: bool) -> None:
        for attr, key, fkey in ACTIONS:
            text = tr("desk.resume" if attr == "hold_button" and held else key)
            getattr(self, attr).setText(f"{text}  F{int(fkey) - int(Qt.Key.Key_F1) + 1}")

    def retranslate(self) -> None:
        """The fixed texts in the language now chosen; the desk's view shown again in it."""
        self.window_label.setText(tr("window.title", window_no=self.core.settings.hall.window_no))
        self.sign_out_button.setText(tr("desk.sign_out"))
        self.read_button.setText(tr("window.read_card"))
        self.rate_button.setText(tr("window.ask_rating"))
        self.queue_heading.setText(tr("desk.queue"))
        self.devices_heading.setText(tr("window.devices"))
        self._label_buttons(held=False)
        if self.desk is not None:
            self.render(self.desk.view)

    # ---- the desk --------------------------------------------------------------------------------
    def set_desk(self, desk: WindowDesk) -> None:
        self.desk = desk
        self.refresh_devices()
        self.render(desk.view)

    def refresh_devices(self) -> None:
        self.read_button.setVisible(self.core.devices.has("id_reader"))
        self.rate_button.setVisible(self.core.devices.has("queue_bus"))

    # Not QWidget.render (painting into a device), which this hides: ui/window_terminal.py
    # calls it by this name and is not to be edited now; rename it with that file's rewrite.
    def render(self, view: DeskView) -> None:  # type: ignore[override]
        """Show ``view``; the buttons say what can be done now."""
        t = view.ticket
        self.clerk_label.setText(
            tr("desk.clerk", name=view.staff_name, staff=view.staff_number) if view.signed_in else ""
        )
        self.number.setText(t.number if t else "—")
        if t is None:
            self.service.setText(tr("window.idle"))
            self.times.setText("")
            self.transfer_panel.hide()
        else:
            self.service.setText(f"{t.service_name} · {tr(f'desk.status.{t.status}')}")
            times = tr("desk.times", waited=duration(t.waited_s), at_window=duration(t.at_window_s))
            if t.recalls:
                times += " · " + tr("desk.recalls", n=t.recalls)
            self.times.setText(times)
        self.rating.setText(tr(f"desk.rating.{view.rating}") if view.rating != "none" else "")
        self.message.setText(tr(view.message, **view.message_data) if view.message else "")
        busy = t is not None
        self.call_button.setEnabled(not busy)
        for b in (
            self.recall_button,
            self.skip_button,
            self.transfer_button,
            self.hold_button,
            self.finish_button,
            self.read_button,
            self.rate_button,
        ):
            b.setEnabled(busy)
        if t is not None and t.status == "held":
            self.recall_button.setEnabled(False)
        self._label_buttons(held=t is not None and t.status == "held")
        self.guide_button.setEnabled(self.core.catalog is not None)
        names = view.service_names
        self.queue_lines.setText(
            "\n".join(tr("desk.waiting_line", name=names.get(code, code), n=n) for code, n in view.waiting.items())
            or tr("desk.queue_unknown")
        )
        self.hub_state.setText(tr(f"desk.hub.{view.hub}"))
        self.hub_state.setProperty("state", {"online": "ok", "offline": "offline"}.get(view.hub, "unknown"))
        self.hub_state.style().unpolish(self.hub_state)
        self.hub_state.style().polish(self.hub_state)
        self.led.setText(tr("desk.led", text=view.led) if view.led else "")

    # ---- taps and keys ----------------------------------------------------------------------------
    def _run(self, action) -> None:
        """Hand the action to the desk; its view comes back through the listener."""
        if self.desk is not None:
            self.transfer_panel.hide()
            action(self.desk)

    def _toggle_transfer(self) -> None:
        if self.transfer_panel.isVisible() or self.desk is None:
            self.transfer_panel.hide()
            return
        clear_layout(self.transfer_row)
        heading = _label()
        heading.setText(tr("desk.transfer_to"))
        self.transfer_row.addWidget(heading)
        current = self.desk.view.ticket.service if self.desk.view.ticket else ""
        self.transfer_choices: dict[str, QPushButton] = {}
        for code, name in self.desk.services().items():
            if code == current:
                continue
            b = QPushButton(f"{code} {name}")
            b.clicked.connect(lambda _=False, c=code: self._run(lambda d: d.transfer(c)))
            self.transfer_row.addWidget(b)
            self.transfer_choices[code] = b
        cancel = QPushButton(tr("nav.back"))
        cancel.clicked.connect(self.transfer_panel.hide)
        self.transfer_row.addWidget(cancel)
        self.transfer_row.addStretch(1)
        self.transfer_panel.show()

    def _may(self, button: QPushButton) -> bool:
        """The session's answer for the button's action (no desk: nobody signed in)."""
        action = next((a for attr, a in SESSION_ACTIONS.items() if getattr(self, attr) is button), "")
        return self.desk is not None and self.desk.may(action)

    def keyPressEvent(self, event) -> None:
        button = self._keys.get(int(event.key()))
        if button is not None and button.isEnabled() and button.isVisible() and self._may(button):
            button.click()
            event.accept()
            return
        super().keyPressEvent(event)

    # ---- the citizen ---------------------------------------------------------------------------------
    def read_card(self) -> None:
        self.citizen.setText(tr("window.place_card"))
        self.read_button.setEnabled(False)
        counter.read_identity(self.core.devices, self.bridge.on_job_done(self._card_read))

    def _card_read(self, fut: Future) -> None:
        serving = self.desk is not None and self.desk.view.ticket is not None
        self.read_button.setEnabled(serving)
        exc = fut.exception()
        if exc is not None:
            self.citizen.setText(error_text(exc))
            return
        if not serving:  # finished meanwhile: this card is nobody's business any more
            self.citizen.clear()
            return
        who = counter.accept_identity(self.core.visit, fut.result())
        self.citizen.setText(tr("window.serving", **who))

    def ask_rating(self) -> None:
        if self.desk is None:
            return
        try:
            self.desk.ask_rating()
        except DeskError as exc:
            self.message.setText(error_text(exc))

    def _citizen_gone(self) -> None:
        self.citizen.clear()
