"""The display role's first screen: the hall board with the numbers being called."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ui.i18n import tr


class HallBoardScreen(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HallBoardScreen")
        col = QVBoxLayout(self)
        col.setContentsMargins(48, 24, 48, 32)
        title = QLabel(tr("board.title"))
        title.setProperty("role", "hero")
        col.addWidget(title)
        self.calls = QTableWidget(0, 2)
        self.calls.setHorizontalHeaderLabels([tr("board.col.number"), tr("board.col.window")])
        self.calls.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.calls.verticalHeader().hide()
        self.calls.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.calls.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        col.addWidget(self.calls, 1)
        self.empty = QLabel(tr("board.no_calls"))
        self.empty.setProperty("role", "title")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.addWidget(self.empty)
        self.hours = QLabel()
        self.hours.setProperty("role", "title")
        self.hours.hide()  # shown once the catalog says when this hall is open
        col.addWidget(self.hours)
        footer = QLabel(tr("board.notice"))
        footer.setProperty("role", "muted")
        col.addWidget(footer)

    def show_hours(self, text: str) -> None:
        self.hours.setText(tr("hall.hours", hours=text))
        self.hours.show()

    def show_calls(self, calls: list[tuple[str, str]]) -> None:
        """Newest first: (ticket number, window)."""
        self.calls.setRowCount(len(calls))
        for r, (number, window) in enumerate(calls):
            for c, text in enumerate((number, window)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.calls.setItem(r, c, item)
        self.empty.setVisible(not calls)
