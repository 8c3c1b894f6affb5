"""The demo's control strip: play the citizen's part on the simulated devices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from kiosk.demo import DemoControls
from kiosk.guidance.headset import SimulatedHeadset
from ui.i18n import tr


class DemoPanelWidget(QFrame):
    def __init__(self, controls: DemoControls, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        grid = QGridLayout(self)
        title = QLabel(tr("demo.controls"))
        title.setProperty("role", "title")
        grid.addWidget(title, 0, 0, 1, 5)
        self.buttons: dict[str, QPushButton] = {}

        def add(key: str, text: str, action, row: int, col: int) -> None:
            b = QPushButton(text)
            b.clicked.connect(action)
            grid.addWidget(b, row, col)
            self.buttons[key] = b

        for i, label in enumerate(controls.cards):
            add(f"card{i}", tr("demo.insert_card", label=label), lambda _=False, i=i: controls.insert_card(i), 1, i)
        add("remove", tr("demo.remove_card"), lambda: controls.remove_card(), 2, 0)
        for n in range(1, 6):
            add(f"rate{n}", tr("demo.rate", n=n), lambda _=False, n=n: controls.tap_rating(n), 3, n - 1)
        for i, state in enumerate(("ok", "near_end", "out")):
            add(
                f"paper_{state}",
                tr("demo.paper", state=state),
                lambda _=False, s=state: controls.set_paper(s),
                2,
                i + 1,
            )

    def add_headset(self, headset: SimulatedHeadset) -> None:
        """A switch for the simulated headset jack (kiosk.guidance.SimulatedHeadset)."""
        b = QPushButton(tr("demo.headset_in"))
        b.setCheckable(True)
        b.setChecked(bool(headset.plugged()))

        def flip(on: bool) -> None:
            headset.set(on)
            b.setText(tr("demo.headset_out" if on else "demo.headset_in"))

        b.toggled.connect(flip)
        self.layout().addWidget(b, 2, 4)
        self.buttons["headset"] = b
