"""一件事一次办: the life-event bundles, for persons and for enterprises."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog.types import Bundle
from ui.i18n import tr
from ui.words import data_name


class BundleListScreen(QWidget):
    bundle_chosen = Signal(str)
    home_requested = Signal()

    def __init__(self, bundles: list[Bundle], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BundleListScreen")
        col = QVBoxLayout(self)
        col.setContentsMargins(32, 16, 32, 16)
        top = QHBoxLayout()
        home = QPushButton(tr("nav.home"))
        home.clicked.connect(self.home_requested)
        title = QLabel(tr("tile.bundles"))
        title.setProperty("role", "hero")
        top.addWidget(home)
        top.addWidget(title, 1)
        col.addLayout(top)
        self.buttons: dict[str, QPushButton] = {}
        # Two a row so every name shows in full in every theme; the list scrolls.
        inner = QWidget()
        outer, col = col, QVBoxLayout(inner)
        col.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        outer.addWidget(scroll, 1)
        for audience in ("person", "enterprise"):
            group = [b for b in bundles if b.audience == audience]
            if not group:
                continue
            heading = QLabel(tr(f"bundle.audience.{audience}"))
            heading.setProperty("role", "title")
            col.addWidget(heading)
            grid = QGridLayout()
            for i, b in enumerate(group):
                button = QPushButton(data_name("bundle", b.bundle_code, b.name))
                button.clicked.connect(lambda _=False, c=b.bundle_code: self.bundle_chosen.emit(c))
                grid.addWidget(button, i // 2, i % 2)
                self.buttons[b.bundle_code] = button
            col.addLayout(grid)
        col.addStretch(1)
