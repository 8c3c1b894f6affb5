"""The bar at the top of every browse screen: 返回 always at the far left, 返回首页 next
to it, then where the citizen is (a breadcrumb: 分类浏览 › 个人办事 › 退休养老)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui.i18n import tr


class NavBar(QWidget):
    back_requested = Signal()
    home_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.back_button = QPushButton("‹ " + tr("nav.back"))
        self.back_button.setProperty("role", "primary")
        self.back_button.clicked.connect(self.back_requested)
        self.home_button = QPushButton(tr("nav.home"))
        self.home_button.clicked.connect(self.home_requested)
        self.crumb = QLabel()
        self.crumb.setProperty("role", "title")
        self.crumb.setWordWrap(True)
        row.addWidget(self.back_button)
        row.addWidget(self.home_button)
        row.addWidget(self.crumb, 1)

    def set_trail(self, parts: list[str]) -> None:
        self.crumb.setText(tr("nav.crumb_sep").join(parts))
