"""分类浏览: find a service without typing — 个人 / 法人 life events (the plan's, then the
catalog's other topics), departments, 一件事一次办 bundles, the hall's most asked-for
items. Large cards, drag to scroll, 返回 always top left and a breadcrumb beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidgetItem, QVBoxLayout, QWidget

from kiosk.catalog.browse import life_events
from kiosk.catalog.types import Bundle, ItemSummary
from ui.i18n import tr, tr_n
from ui.widgets.nav_bar import NavBar
from ui.widgets.result_card import ResultCard, add_card, card_list, card_of, item_card

ROOT = (
    ("audience", "person", "browse.person"),
    ("audience", "enterprise", "browse.enterprise"),
    ("depts", "", "browse.departments"),
    ("bundles", "", "browse.bundles"),
    ("popular", "", "browse.popular"),
)


class BrowseScreen(QWidget):
    item_chosen = Signal(str)  # task_code
    bundle_chosen = Signal(str)  # bundle_code
    home_requested = Signal()
    left = Signal()  # 返回 at the first level: back to the screen that opened this one

    def __init__(self, catalog, parent: QWidget | None = None) -> None:
        """``catalog``: the kiosk's CatalogService (typed values, never SQL)."""
        super().__init__(parent)
        self.setObjectName("BrowseScreen")
        self.catalog = catalog
        col = QVBoxLayout(self)
        col.setContentsMargins(32, 16, 32, 16)
        col.setSpacing(12)
        self.nav = NavBar()
        self.nav.back_requested.connect(self.back)
        self.nav.home_requested.connect(self.home_requested)
        col.addWidget(self.nav)
        self.hint = QLabel()
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        col.addWidget(self.hint)
        self.list = card_list()
        self.list.itemClicked.connect(self._clicked)
        col.addWidget(self.list, 1)
        self.path: list[tuple[str, str, str]] = []  # (kind, code, title) from the root down

    # -- navigation ------------------------------------------------------------------------
    def reset(self) -> None:
        self.path = [("root", "", tr("browse.title"))]
        self._render()

    def show_list(self, kind: str, code: str, trail: list[str]) -> None:
        """Start at one list (a hall's items from the map): ``trail`` names where it is."""
        self.path = [("_", "", t) for t in trail[:-1]] + [(kind, code, trail[-1])]
        self._render()

    def open(self, kind: str, code: str, title: str) -> None:
        if kind == "item":
            self.item_chosen.emit(code)
            return
        if kind == "bundle":
            self.bundle_chosen.emit(code)
            return
        self.path.append((kind, code, title))
        self._render()

    def back(self) -> None:
        if len(self.path) <= 1 or self.path[-2][0] == "_":
            self.left.emit()
            return
        self.path.pop()
        self._render()

    def trail(self) -> list[str]:
        return [title for _, _, title in self.path]

    def entries(self) -> list[tuple[str, str, str]]:
        """(kind, code, title) of each card shown, in order."""
        out = []
        for i in range(self.list.count()):
            kind, code = self.list.item(i).data(Qt.ItemDataRole.UserRole)
            out.append((kind, code, card_of(self.list, self.list.item(i)).title.text()))
        return out

    def row(self, title: str) -> QListWidgetItem:
        """The row whose card is titled ``title`` (tests and screenshots)."""
        for i in range(self.list.count()):
            if card_of(self.list, self.list.item(i)).title.text() == title:
                return self.list.item(i)
        raise KeyError(title)

    def _clicked(self, row: QListWidgetItem) -> None:
        kind, code = row.data(Qt.ItemDataRole.UserRole)
        self.open(kind, code, card_of(self.list, row).title.text())

    # -- pages -----------------------------------------------------------------------------
    def _render(self) -> None:
        kind, code, _ = self.path[-1]
        self.nav.set_trail(self.trail())
        self.list.clear()
        self.hint.setText("")
        getattr(self, f"_page_{kind}")(code)
        if self.list.count() == 0:
            self.hint.setText(tr("browse.empty"))
        self.hint.setVisible(bool(self.hint.text()))
        self.list.scrollToTop()

    def _add(self, kind: str, code: str, card: ResultCard) -> None:
        add_card(self.list, card, (kind, code))

    def _page_root(self, _code: str) -> None:
        for kind, code, key in ROOT:
            self._add(kind, code, ResultCard(tr(key), tr(key + ".sub")))

    def _page_audience(self, audience: str) -> None:
        events, others = life_events(audience, self.catalog.topics(audience), self.catalog.bundles())
        for n, entry in enumerate(events):
            names = "、".join(b.name for b in entry.bundles)
            self._add("event", f"{audience}:{n}", ResultCard(tr(entry.event.key), names))
        for topic in others:
            self._add("topic", topic.topic_code, ResultCard(topic.name, tr("browse.more_topics")))

    def _page_event(self, code: str) -> None:
        audience, n = code.split(":")
        events, _ = life_events(audience, self.catalog.topics(audience), self.catalog.bundles())
        entry = events[int(n)]
        for b in entry.bundles:
            self._bundle(b)
        seen: dict[str, ItemSummary] = {}
        for topic in entry.topic_codes:
            for item in self.catalog.items_in_topic(topic):
                seen.setdefault(item.task_code, item)
        self._items(sorted(seen.values(), key=lambda i: -i.frequency))

    def _page_topic(self, code: str) -> None:
        self._items(self.catalog.items_in_topic(code))

    def _page_depts(self, _code: str) -> None:
        # The departments with the most items first: those are the ones people look for.
        for d in sorted(self.catalog.departments(), key=lambda d: (-d.item_count, d.dept_name)):
            if d.item_count:
                self._add("dept", d.dept_code, ResultCard(d.dept_name, tr_n("browse.count", d.item_count)))

    def _page_dept(self, code: str) -> None:
        self._items(self.catalog.items_in_department(code))

    def _page_bundles(self, _code: str) -> None:
        bundles = self.catalog.bundles()
        for audience in ("person", "enterprise"):
            for b in bundles:
                if b.audience == audience:
                    self._bundle(b)

    def _page_hall(self, area_code: str) -> None:
        self._items(self.catalog.items_accepted_at(area_code))

    def _page_popular(self, _code: str) -> None:
        self._items(self.catalog.top_items(limit=30))

    def _bundle(self, b: Bundle) -> None:
        self._add("bundle", b.bundle_code, ResultCard(b.name, tr_n("browse.bundle_line", len(b.item_codes))))

    def _items(self, items: list[ItemSummary]) -> None:
        for item in items:
            self._add("item", item.task_code, item_card(item))
