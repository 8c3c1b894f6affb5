"""政务地图: the halls and stations of the catalog, nearest first, each with its address,
hours, open-now state, 周末不打烊 / 24 h markers, what it accepts and a QR code a phone
scans to navigate there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QScroller, QVBoxLayout, QWidget

from kiosk.catalog.map import HallView
from ui.i18n import tr
from ui.widgets.nav_bar import NavBar
from ui.widgets.qr_image import qr_image
from ui.widgets.reflow import clear_layout
from ui.words import hours_text


class ServiceMapScreen(QWidget):
    back_requested = Signal()
    home_requested = Signal()
    items_requested = Signal(str)  # hall_code: the items it accepts

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ServiceMapScreen")
        col = QVBoxLayout(self)
        col.setContentsMargins(32, 16, 32, 16)
        col.setSpacing(12)
        self.nav = NavBar()
        self.nav.set_trail([tr("map.title")])
        self.nav.back_requested.connect(self.back_requested)
        self.nav.home_requested.connect(self.home_requested)
        col.addWidget(self.nav)
        self.subtitle = QLabel(tr("map.subtitle"))
        self.subtitle.setProperty("role", "muted")
        self.subtitle.setWordWrap(True)
        col.addWidget(self.subtitle)
        self.body = QWidget()
        self.rows = QVBoxLayout(self.body)
        self.rows.setSpacing(16)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.body)
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.scroll_area = scroll
        col.addWidget(scroll, 1)
        self.views: list[HallView] = []
        self.qr_images: dict[str, QImage] = {}
        self.state_labels: dict[str, QLabel] = {}
        self.items_buttons: dict[str, QPushButton] = {}

    def show_halls(self, views: list[HallView]) -> None:
        clear_layout(self.rows)
        self.views = list(views)
        self.qr_images.clear()
        self.state_labels.clear()
        self.items_buttons.clear()
        if not views:
            empty = QLabel(tr("map.none"))
            empty.setWordWrap(True)
            self.rows.addWidget(empty)
        for view in views:
            self.rows.addWidget(self._card(view))
        self.rows.addStretch(1)
        self.scroll_area.verticalScrollBar().setValue(0)

    def hall_names(self) -> list[str]:
        return [v.hall.name for v in self.views]

    def _card(self, view: HallView) -> QFrame:
        hall = view.hall
        card = QFrame()
        card.setProperty("role", "card")
        row = QHBoxLayout(card)
        row.setContentsMargins(24, 16, 24, 16)
        row.setSpacing(24)
        text = QVBoxLayout()
        text.setSpacing(6)
        name = QLabel(hall.name)
        name.setProperty("role", "title")
        name.setWordWrap(True)
        text.addWidget(name)
        where = [tr(f"map.kind.{hall.kind}")]
        if view.here:
            where.append(tr("map.here"))
        elif view.own_district:
            where.append(tr("map.own_district"))
        kind = QLabel(" · ".join(where))
        kind.setProperty("role", "muted")
        text.addWidget(kind)
        state = QLabel(tr(view.state.key, **view.state.data))
        state.setProperty("state", "ok" if view.state.open else "offline")
        text.addWidget(state)
        self.state_labels[hall.hall_code] = state
        if view.markers:
            marks = QLabel("  ".join("✓ " + tr(k) for k in view.markers))
            marks.setProperty("state", "ok")
            text.addWidget(marks)
        lines = [tr("map.address", address=hall.address)] if hall.address else []
        hours = hours_text(hall)
        if hours:
            lines.append(tr("hall.hours", hours=hours))
        if hall.phone:
            lines.append(tr("map.phone", phone=hall.phone))
        lines.append(tr("map.accepts", city=view.accepts.citywide, local=view.accepts.local))
        for line in lines:
            label = QLabel(line)
            label.setWordWrap(True)
            text.addWidget(label)
        items = QPushButton(tr("map.show_items", n=view.accepts.total))
        items.clicked.connect(lambda _=False, c=hall.hall_code: self.items_requested.emit(c))
        items.setEnabled(view.accepts.total > 0)
        self.items_buttons[hall.hall_code] = items
        text.addWidget(items, alignment=Qt.AlignmentFlag.AlignLeft)
        row.addLayout(text, 1)
        qr = QVBoxLayout()
        image = qr_image(view.navigation, 220)
        self.qr_images[hall.hall_code] = image
        picture = QLabel()
        picture.setPixmap(QPixmap.fromImage(image))
        picture.setAccessibleName(tr("map.qr_hint"))
        hint = QLabel(tr("map.qr_hint"))
        hint.setProperty("role", "muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        qr.addWidget(picture, alignment=Qt.AlignmentFlag.AlignHCenter)
        qr.addWidget(hint)
        qr.addStretch(1)
        row.addLayout(qr)
        return card
