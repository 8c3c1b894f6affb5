"""Find a service: type in Chinese, pinyin or initials, a department (人社), a question,
or browse life-event topics.

Results update on every keystroke (the catalog's search answers in milliseconds) as
large cards with the department and badges. A question that the guides' FAQ answers
shows the answer on top (智能问答); a query that matches nothing shows related items,
bundles and topics and 呼叫帮助 — never an empty list first. The pinyin keyboard sits
inside the screen, under the results; elder mode has large letter keys instead
(ui/widgets/big_keys.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog.browse import SearchAnswer
from kiosk.catalog.types import FaqAnswer, ItemSummary, Topic
from ui import theme
from ui.i18n import tr, tr_n
from ui.widgets.reflow import ReflowGrid
from ui.widgets.result_card import ResultCard, add_card, card_list, card_of, item_card
from ui.words import data_name

KIND = Qt.ItemDataRole.UserRole + 1  # a row's kind: item, bundle, topic


class GuideSearchScreen(QWidget):
    item_chosen = Signal(str)  # task_code
    topic_chosen = Signal(str)  # topic_code
    bundle_chosen = Signal(str)  # bundle_code (a related 一件事)
    help_requested = Signal()
    home_requested = Signal()

    def __init__(
        self,
        search: Callable[[str], SearchAnswer | list[ItemSummary]],
        topics: list[Topic],
        keyboard: QWidget | None = None,
        parent: QWidget | None = None,
        *,
        topic_names: dict[str, str] | None = None,
        letter_keys: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("GuideSearchScreen")
        self._search = search
        self._topic_names = topic_names or {t.topic_code: t.name for t in topics}
        col = QVBoxLayout(self)
        col.setContentsMargins(32, 16, 32, 0)
        col.setSpacing(12)

        top = QHBoxLayout()
        self.home_button = QPushButton(tr("nav.home"))
        self.home_button.clicked.connect(self.home_requested)
        self.query = QLineEdit()
        self.query.setPlaceholderText(tr("search.placeholder_letters" if letter_keys else "search.placeholder"))
        # No clear button: Qt's is 22x18 px, far under a finger's 72 (the keyboard's ⌫ clears).
        self.query.textChanged.connect(self.run_search)
        top.addWidget(self.home_button)
        top.addWidget(self.query, 1)
        col.addLayout(top)

        status_row = QHBoxLayout()
        self.status = QLabel(tr("search.browse"))
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        self.help_button = QPushButton(tr("search.help"))
        self.help_button.setProperty("role", "primary")
        self.help_button.hide()
        self.help_button.clicked.connect(self._help)
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.help_button)
        col.addLayout(status_row)

        # 智能问答: answers from the guides' FAQ, above the results.
        self.faq_box = QWidget()
        self.faq_rows = QVBoxLayout(self.faq_box)
        self.faq_rows.setContentsMargins(0, 0, 0, 0)
        self.faq_box.hide()
        col.addWidget(self.faq_box)
        self.faq_buttons: list[QPushButton] = []

        # Elder mode shows fewer choices, larger: six topics, three (two) a row.
        elder = theme.current().name == "elder"
        self.topics = ReflowGrid(portrait=2 if elder else 3, landscape=3 if elder else 4)
        for topic in topics[: 6 if elder else 12]:
            b = QPushButton(data_name("topic", topic.topic_code, topic.name))
            b.clicked.connect(lambda _=False, c=topic.topic_code: self.topic_chosen.emit(c))
            self.topics.add(b)
        col.addWidget(self.topics)

        self.results = card_list()
        self.results.itemClicked.connect(self._clicked)
        # At least a row, not Qt's default 222 px: with the keyboard and elder mode's
        # topics the screen must still fit a 1080 px high screen.
        self.results.setMinimumHeight(theme.current().row_px)
        col.addWidget(self.results, 1)
        self._filler = QWidget()  # takes the results' room while they are hidden (the lines above stay put)
        col.addWidget(self._filler, 1)
        self.letters = None
        if letter_keys:  # elder mode: letters a finger cannot miss, typed as pinyin
            from ui.widgets.big_keys import LetterKeyboard

            self.letters = LetterKeyboard(self.query)
            col.addWidget(self.letters)
            col.addSpacing(16)
        elif keyboard is not None:
            col.addWidget(keyboard, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.show_items([])

    def run_search(self, text: str) -> None:
        text = text.strip()
        self._show_faqs(())
        self.help_button.hide()
        if not text:
            self.status.setText(tr("search.browse"))
            self.topics.show()
            self.show_items([])
            return
        self.topics.hide()
        found = self._search(text)
        answer = found if isinstance(found, SearchAnswer) else SearchAnswer(text, tuple(found))
        self.show_answer(answer)

    def show_answer(self, answer: SearchAnswer) -> None:
        """Results, answers and, when nothing matched, what is related and 呼叫帮助."""
        self._show_faqs(answer.faqs)
        self.help_button.setText(tr("search.help"))
        self.help_button.setEnabled(True)
        self.help_button.setVisible(answer.offer_help)
        if answer.related:
            self.status.setText(tr("search.related", query=answer.query))
        elif answer.items:
            self.status.setText(tr_n("search.count", len(answer.items)))
        else:
            self.status.setText(tr("search.none", query=answer.query))
        self.results.clear()
        self.results.setVisible(True)  # an answer always has rows (the topics are hidden)
        self._filler.setVisible(False)
        # Loose matches first (a typo's item is likely among them); when nothing relates
        # at all, the broad ways in (一件事, topics) before the most asked-for items.
        if not answer.popular:
            self._items(answer.items)
        for b in answer.bundles:
            self._row("bundle", b.bundle_code, ResultCard(b.name, tr("search.related_bundles")))
        for code in answer.topic_codes:
            if code in self._topic_names:
                self._row("topic", code, ResultCard(self._topic_names[code], tr("search.related_topics")))
        if answer.popular:
            self._items(answer.items)

    def _items(self, items) -> None:
        for s in items:
            self._row("item", s.task_code, item_card(s))

    def show_items(self, items: list[ItemSummary], heading: str = "") -> None:
        self.results.clear()
        self.results.setVisible(bool(items) or not self.topics.isVisibleTo(self))  # the topics take its place
        self._filler.setVisible(self.results.isHidden())
        if heading:
            self.topics.hide()
            self.status.setText(heading)
        self._items(items)

    def _row(self, kind: str, code: str, card: ResultCard) -> None:
        add_card(self.results, card, code).setData(KIND, kind)

    def _clicked(self, row) -> None:
        code = row.data(Qt.ItemDataRole.UserRole)
        kind = row.data(KIND) or "item"
        {"item": self.item_chosen, "bundle": self.bundle_chosen, "topic": self.topic_chosen}[kind].emit(code)

    def _show_faqs(self, faqs: tuple[FaqAnswer, ...]) -> None:
        for b in self.faq_buttons:
            self.faq_rows.removeWidget(b)
            b.deleteLater()
        self.faq_buttons = []
        for f in faqs:
            b = QPushButton()
            b.setProperty("role", "tile")
            self.faq_rows.addWidget(b)  # in the window first: its labels take the theme's sizes
            box = QVBoxLayout(b)
            box.setContentsMargins(20, 10, 20, 10)
            for text, role in (
                (f.question, "title"),
                (f.answer, ""),
                (tr("search.faq_from", name=f.task_name), "muted"),
            ):
                label = QLabel(text)
                label.setWordWrap(True)
                if role:
                    label.setProperty("role", role)
                box.addWidget(label)
                label.ensurePolished()
            # A button does not grow with the layout inside it: as tall as its lines need.
            width = max(self.width() - 64, 600)
            b.setMinimumHeight(
                box.totalHeightForWidth(width) if box.hasHeightForWidth() else box.totalSizeHint().height()
            )
            b.setAccessibleName(f"{f.question}，{f.answer}")
            b.clicked.connect(lambda _=False, c=f.task_code: self.item_chosen.emit(c))
            self.faq_buttons.append(b)
        self.faq_box.setVisible(bool(faqs))

    def faq_texts(self) -> list[tuple[str, str]]:
        """(question, answer) of each answer shown."""
        return [(b.findChildren(QLabel)[0].text(), b.findChildren(QLabel)[1].text()) for b in self.faq_buttons]

    def _help(self) -> None:
        self.help_button.setEnabled(False)
        self.help_button.setText(tr("search.help_sent"))
        self.help_requested.emit()

    def reset(self) -> None:
        self.query.clear()
        self.run_search("")

    def rows(self) -> list[tuple[str, str, str]]:
        """(kind, code, title) of each card in the results."""
        out = []
        for i in range(self.results.count()):
            row = self.results.item(i)
            title = card_of(self.results, row).title.text()
            out.append((row.data(KIND) or "item", row.data(Qt.ItemDataRole.UserRole), title))
        return out

    def result_names(self) -> list[str]:
        """The item names shown, best first (related bundles and topics left out)."""
        return [title for kind, _, title in self.rows() if kind == "item"]
