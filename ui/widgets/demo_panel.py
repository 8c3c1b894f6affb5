"""The demo's control strip: play the citizen's part on the simulated devices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from kiosk.demo import DemoControls
from ui.i18n import tr


class DemoPanelWidget(QFrame):
    def __init__(self, controls: DemoControls, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        grid = QGridLayout(self)
        title = QLabel(tr("demo.controls"))
        title.setProperty("role", "title")
        grid.addWidget(title, 0, 0, 1, 3)
        self.buttons: dict[str, QPushButton] = {}

        def add(key: str, text: str, action, row: int, col: int) -> None:
            b = QPushButton(text)
            b.clicked.connect(action)
            grid.addWidget(b, row, col)
            self.buttons[key] = b

        # Three a row, so each says all it does at any theme's size (a row of five clipped).
        n = 0

        def place(key: str, text: str, action) -> None:
            nonlocal n
            add(key, text, action, 1 + n // 3, n % 3)
            n += 1

        for i, label in enumerate(controls.cards):
            place(f"card{i}", tr("demo.insert_card", label=label), lambda _=False, i=i: controls.insert_card(i))
        place("remove", tr("demo.remove_card"), lambda: controls.remove_card())
        for n_ in range(1, 6):
            place(f"rate{n_}", tr("demo.rate", n=n_), lambda _=False, n_=n_: controls.tap_rating(n_))
        for state in ("ok", "near_end", "out"):
            place(
                f"paper_{state}",
                tr("demo.paper", state=tr(f"demo.paper.{state}")),
                lambda _=False, s=state: controls.set_paper(s),
            )
