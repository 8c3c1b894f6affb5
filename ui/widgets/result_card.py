"""A large result card: the item's name, its department and badges (可自助办理, 全市通办,
可预约, 即办件). Also used for folders (a life event, a department) and bundles.

The card is a plain frame: a press goes through it to the list it sits in, so the whole
card is the touch target and the list's kinetic scrolling still works over it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QScroller, QVBoxLayout

from kiosk.catalog.browse import badges
from kiosk.catalog.types import ItemSummary
from ui.i18n import tr


class ResultCard(QFrame):
    def __init__(self, title: str, subtitle: str = "", badge_keys: list[str] | None = None) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the row takes the tap
        col = QVBoxLayout(self)
        col.setContentsMargins(20, 12, 20, 12)
        col.setSpacing(4)
        self.title = QLabel(title)
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        col.addWidget(self.title)
        self.subtitle = QLabel(subtitle)
        self.subtitle.setProperty("role", "muted")
        self.subtitle.setWordWrap(True)
        col.addWidget(self.subtitle)
        # Hidden once inside the card: shown while it had no parent, a label is a window of
        # its own for a moment (under the kiosk's window manager, a grey screen).
        self.subtitle.setVisible(bool(subtitle))
        self.badges: list[QLabel] = []
        if badge_keys:
            row = QHBoxLayout()
            row.setSpacing(16)
            for key in badge_keys:
                chip = QLabel("✓ " + tr(key))
                chip.setProperty("state", "ok" if key == "badge.self_service" else "unknown")
                chip.setProperty("badge", key)
                row.addWidget(chip)
                self.badges.append(chip)
            row.addStretch(1)
            col.addLayout(row)
        self.setAccessibleName("，".join([title, subtitle, *(b.text() for b in self.badges)]))

    def badge_texts(self) -> list[str]:
        return [b.text().removeprefix("✓ ") for b in self.badges]


def item_card(item: ItemSummary) -> ResultCard:
    return ResultCard(item.task_name, item.dept_name, badges(item))


class CardList(QListWidget):
    """A list of cards that scrolls by dragging: the left-mouse gesture serves touch too
    (Qt turns an unhandled touch into mouse events; one scroller gesture per widget).
    Rows are re-measured when the width changes (wrapped names take more lines)."""

    def __init__(self) -> None:
        super().__init__()
        self.setSpacing(6)
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self._width = 0

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._width:
            self._width = self.viewport().width()
            for i in range(self.count()):
                row = self.item(i)
                card = self.itemWidget(row)
                if isinstance(card, ResultCard):
                    row.setSizeHint(QSize(10, _height(self, card, int(row.data(MIN_PX) or 96))))


MIN_PX = Qt.ItemDataRole.UserRole + 7  # a row's least height


def card_list() -> CardList:
    return CardList()


def _height(view: QListWidget, card: ResultCard, min_px: int) -> int:
    width = max(view.viewport().width() - 24, 400)
    layout = card.layout()
    if layout is not None and layout.hasHeightForWidth():
        height = layout.totalHeightForWidth(width)
    else:
        height = card.sizeHint().height()
    return max(height, min_px)


def card_of(view: QListWidget, row: QListWidgetItem) -> ResultCard:
    """The card shown in ``row`` of a list filled by ``add_card``.

    Raises:
        TypeError: the row holds no card (a list not filled by ``add_card``).
    """
    card = view.itemWidget(row)
    if not isinstance(card, ResultCard):
        raise TypeError(f"row {row.text()!r} holds no ResultCard")
    return card


def add_card(view: QListWidget, card: ResultCard, data: object, min_px: int = 96) -> QListWidgetItem:
    """Append ``card`` as a row holding ``data`` (UserRole); the row is at least as tall
    as the card wants in the current theme and width, and never under ``min_px``."""
    row = QListWidgetItem()
    row.setData(Qt.ItemDataRole.UserRole, data)
    row.setData(Qt.ItemDataRole.AccessibleTextRole, card.accessibleName())
    row.setData(MIN_PX, min_px)
    view.addItem(row)
    view.setItemWidget(row, card)
    for label in card.findChildren(QLabel):
        label.ensurePolished()  # in the window now: the theme's font sizes count
    card.ensurePolished()
    row.setSizeHint(QSize(10, _height(view, card, min_px)))
    return row
