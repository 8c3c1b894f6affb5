"""The demo's control strip: play the citizen's part on the simulated devices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from kiosk.demo import DemoControls
from kiosk.guidance.headset import SimulatedHeadset
from ui.i18n import tr
from ui.widgets.reflow import ReflowGrid


class DemoPanelWidget(QFrame):
    def __init__(self, controls: DemoControls, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        grid = QGridLayout(self)
        title = QLabel(tr("demo.controls"))
        title.setProperty("role", "title")
        grid.addWidget(title, 0, 0)
        self.buttons: dict[str, QPushButton] = {}

        # Three a row (two on a portrait screen), so each says all it does at any theme's
        # size (a row of five clipped its words).
        choices = ReflowGrid(portrait=2, landscape=3)
        grid.addWidget(choices, 1, 0)
        self.choices = choices

        def place(key: str, text: str, action) -> None:
            b = QPushButton(text)
            b.clicked.connect(action)
            choices.add(b)
            self.buttons[key] = b

        for i, name in enumerate(controls.cards):
            kind = tr(controls.card_kinds[i]) if i < len(controls.card_kinds) else ""
            text = tr("demo.insert_card", label=name) + (f"\n{tr('demo.card_kind', kind=kind)}" if kind else "")
            place(f"card{i}", text, lambda _=False, i=i: controls.insert_card(i))
        place("remove", tr("demo.remove_card"), lambda: controls.remove_card())
        for n_ in range(1, 6):
            place(f"rate{n_}", tr("demo.rate", n=n_), lambda _=False, n_=n_: controls.tap_rating(n_))
        for state in ("ok", "near_end", "out"):
            place(
                f"paper_{state}",
                tr("demo.paper", state=tr(f"demo.paper.{state}")),
                lambda _=False, s=state: controls.set_paper(s),
            )

    def add_headset(self, headset: SimulatedHeadset) -> None:
        """A switch for the simulated headset jack (kiosk.guidance.SimulatedHeadset),
        among the other choices (JOURNEYS.md 4: the blind citizen's number is said only
        in the headphones); its words say what a tap will do."""
        b = QPushButton()
        b.setCheckable(True)

        def show(on: bool) -> None:
            b.setText(tr("demo.headset_out" if on else "demo.headset_in"))

        def flip(on: bool) -> None:
            headset.set(on)
            show(on)

        b.setChecked(bool(headset.plugged()))
        show(b.isChecked())
        b.toggled.connect(flip)
        self.choices.add(b)
        self.buttons["headset"] = b
