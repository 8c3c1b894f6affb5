"""Find a service: type in Chinese, pinyin or initials, or browse life-event topics.

Results update on every keystroke (the catalog's search answers in milliseconds).
The pinyin keyboard sits inside the screen, under the results.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog.types import ItemSummary, Topic
from ui import theme
from ui.i18n import tr
from ui.widgets.reflow import ReflowGrid
from ui.words import data_name


class GuideSearchScreen(QWidget):
    item_chosen = Signal(str)  # task_code
    topic_chosen = Signal(str)  # topic_code
    home_requested = Signal()

    def __init__(
        self,
        search: Callable[[str], list[ItemSummary]],
        topics: list[Topic],
        keyboard: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("GuideSearchScreen")
        self._search = search
        col = QVBoxLayout(self)
        col.setContentsMargins(32, 16, 32, 0)
        col.setSpacing(12)

        top = QHBoxLayout()
        self.home_button = QPushButton(tr("nav.home"))
        self.home_button.clicked.connect(self.home_requested)
        self.query = QLineEdit()
        self.query.setPlaceholderText(tr("search.placeholder"))
        # No clear button: Qt's is 22x18 px, far under a finger's 72 (the keyboard's ⌫ clears).
        self.query.textChanged.connect(self.run_search)
        top.addWidget(self.home_button)
        top.addWidget(self.query, 1)
        col.addLayout(top)

        self.status = QLabel(tr("search.browse"))
        self.status.setProperty("role", "muted")
        col.addWidget(self.status)

        # Elder mode shows fewer choices, larger: six topics, three (two) a row.
        elder = theme.current().name == "elder"
        self.topics = ReflowGrid(portrait=2 if elder else 3, landscape=3 if elder else 4)
        for topic in topics[: 6 if elder else 12]:
            b = QPushButton(data_name("topic", topic.topic_code, topic.name))
            b.clicked.connect(lambda _=False, c=topic.topic_code: self.topic_chosen.emit(c))
            self.topics.add(b)
        col.addWidget(self.topics)

        self.results = QListWidget()
        self.results.setSpacing(4)
        self.results.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        QScroller.grabGesture(self.results.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.results.itemClicked.connect(lambda item: self.item_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        # At least a row, not Qt's default 222 px: with the keyboard and elder mode's
        # topics the screen must still fit a 1080 px high screen.
        self.results.setMinimumHeight(theme.current().row_px)
        col.addWidget(self.results, 1)
        self._filler = QWidget()  # takes the results' room while they are hidden (the lines above stay put)
        col.addWidget(self._filler, 1)
        if keyboard is not None:
            col.addWidget(keyboard, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.show_items([])

    def run_search(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.status.setText(tr("search.browse"))
            self.topics.show()
            self.show_items([])
            return
        self.topics.hide()
        items = self._search(text)
        self.status.setText(tr("search.count", n=len(items)) if items else tr("search.none", query=text))
        self.show_items(items)

    def show_items(self, items: list[ItemSummary], heading: str = "") -> None:
        self.results.clear()
        self.results.setVisible(bool(items) or not self.topics.isVisibleTo(self))  # the topics take its place
        self._filler.setVisible(self.results.isHidden())
        if heading:
            self.topics.hide()
            self.status.setText(heading)
        for s in items:
            mark = "  ✓" + tr("search.at_kiosk") if s.is_service_terminals else ""
            item = QListWidgetItem(f"{s.task_name}\n{s.dept_name}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, s.task_code)
            # Two lines (the name, the department) and a touch target, in the theme on show.
            item.setSizeHint(QSize(10, theme.current().row_px))
            self.results.addItem(item)

    def reset(self) -> None:
        self.query.clear()
        self.run_search("")

    def result_names(self) -> list[str]:
        return [self.results.item(i).text().split("\n")[0] for i in range(self.results.count())]
