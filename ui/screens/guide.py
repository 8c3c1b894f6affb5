"""One service guide: every standard element, large and in plain order, with the
one-time notice to print."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog.browse import AREA_KEYS, PROJECT_TYPE_KEYS
from kiosk.catalog.types import BundleGuide, ItemGuide
from ui.i18n import tr, tr_n
from ui.widgets.reflow import clear_layout, size_to_current
from ui.widgets.tile import TileButton
from ui.words import data_name, material_line, time_limit_text


class GuideScreen(QWidget):
    back_requested = Signal()
    home_requested = Signal()
    print_notice_requested = Signal(str)  # task_code, or "bundle:<code>"
    item_requested = Signal(str)  # task_code: an item of the bundle on show
    apply_requested = Signal(str)  # task_code: 立即办理 (items done at a self-service terminal)
    unresolved_requested = Signal(str)  # task_code: 办不成事 (the kiosk shows the button)

    def __init__(self, can_print: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GuideScreen")
        self.task_code = ""
        self.link_addr = ""  # the guide online, for the QR code when the paper is out
        self.can_apply = False  # the kiosk sets it once core.cases exists
        col = QVBoxLayout(self)
        col.setContentsMargins(32, 16, 32, 16)
        self.title = QLabel()
        self.title.setProperty("role", "hero")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "muted")
        self.subtitle.setWordWrap(True)
        col.addWidget(self.title)
        col.addWidget(self.subtitle)

        self.body = QWidget()
        self.sections = QVBoxLayout(self.body)
        self.sections.setSpacing(16)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)  # drag to scroll
        self.scroll_area = scroll
        # The print's result is a screen of its own, not a small line under the guide: what
        # happened, large, and out of paper the guide's QR code to take it on a phone.
        self.result = QFrame()
        self.result.setProperty("role", "card")
        box = QVBoxLayout(self.result)
        box.setContentsMargins(48, 32, 48, 32)
        self.result_title = QLabel()
        self.result_title.setProperty("role", "hero")
        self.result_title.setWordWrap(True)
        self.result_qr = QLabel()
        self.result_qr_hint = QLabel(tr("print.scan_guide"))
        self.result_qr_hint.setWordWrap(True)
        self.result_back = QPushButton(tr("print.back_to_guide"))
        self.result_back.clicked.connect(self.hide_result)
        box.addWidget(self.result_title)
        qr_row = QHBoxLayout()  # the code beside its words: elder mode on a landscape screen has no height to spare
        qr_row.setSpacing(32)
        qr_row.addWidget(self.result_qr)
        qr_row.addWidget(self.result_qr_hint, 1)
        box.addLayout(qr_row)
        box.addStretch(1)
        box.addWidget(self.result_back, 0, Qt.AlignmentFlag.AlignLeft)
        self.pages = QStackedWidget()
        self.pages.addWidget(scroll)
        self.pages.addWidget(self.result)
        size_to_current(self.pages)
        col.addWidget(self.pages, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        col.addWidget(self.message)
        row = QHBoxLayout()
        back = QPushButton(tr("nav.back"))
        back.clicked.connect(self.back_requested)
        home = QPushButton(tr("nav.home"))
        home.clicked.connect(self.home_requested)
        self.print_button = QPushButton(tr("guide.print_notice"))
        self.print_button.setProperty("role", "primary")
        self.print_button.clicked.connect(lambda: self.print_notice_requested.emit(self.task_code))
        row.addWidget(back)
        row.addWidget(home)
        self.unresolved_button = QPushButton(tr("unresolved.open"))
        self.unresolved_button.hide()  # the kiosk shows it (办不成事 needs its outbox)
        self.unresolved_button.clicked.connect(lambda: self.unresolved_requested.emit(self.task_code))
        row.addWidget(self.unresolved_button)
        row.addStretch(1)
        row.addWidget(self.print_button)
        self.apply_button = QPushButton(tr("guide.apply_now"))
        self.apply_button.setProperty("role", "primary")
        self.apply_button.hide()  # shown by show_guide for is_service_terminals items
        self.apply_button.clicked.connect(lambda: self.apply_requested.emit(self.task_code))
        row.addWidget(self.apply_button)
        col.addLayout(row)
        self.print_button.setVisible(can_print)  # once inside the screen (ui/widgets/result_card.py)

    def show_bundle(self, b: BundleGuide) -> None:
        """A 一件事一次办 bundle: its items and one merged list of materials."""
        self.task_code = f"bundle:{b.bundle.bundle_code}"
        self.link_addr = ""
        self.hide_result()
        self.apply_button.hide()
        self.title.setText(data_name("bundle", b.bundle.bundle_code, b.bundle.name))
        self.subtitle.setText(tr_n("bundle.subtitle", len(b.items)))
        self._clear()
        # Each item a tile: a tap opens its own guide (the list was text nobody could tap).
        self.item_buttons: dict[str, QPushButton] = {}
        items = self._section(tr("bundle.items"), "")  # the tiles go under its heading
        for i, it in enumerate(b.items, 1):
            tile = TileButton([(tr("bundle.item_line", i=i, name=it.task_name, dept=it.dept_name), "")])
            tile.clicked.connect(lambda _=False, c=it.task_code: self.item_requested.emit(c))
            items.addWidget(tile)
            self.item_buttons[it.task_code] = tile
        self._section(tr("bundle.materials"), "\n".join(material_line(i, m) for i, m in enumerate(b.materials, 1)))
        if b.bundle.promise_day:
            self._section(
                tr("guide.time_limit"), tr("limit.promise", n=b.bundle.promise_day, unit=tr("unit.working_days"))
            )
        if b.bundle.description:
            self._section(tr("bundle.about"), b.bundle.description)
        self.sections.addStretch(1)

    def _clear(self) -> None:
        self.message.clear()
        self.scroll_area.verticalScrollBar().setValue(0)  # a guide opens at its top (one opened half way down)
        clear_layout(self.sections)

    def show_guide(self, g: ItemGuide) -> None:
        self.task_code = g.task_code
        self.link_addr = g.link_addr
        self.hide_result()
        self.title.setText(g.task_name)
        self.apply_button.setVisible(g.is_service_terminals and self.can_apply)
        # The catalog's 即办件 / 全市通办 as the product's words (message keys); a value the
        # product has no key for stays as the catalog wrote it.
        flags = [_flag(PROJECT_TYPE_KEYS, g.project_type)] if g.project_type else []
        if g.is_service_terminals:
            flags.append(tr("guide.flag.kiosk"))
        if g.allow_tolerance:
            flags.append(tr("guide.flag.tolerance"))
        if g.allow_commitment:
            flags.append(tr("guide.flag.commitment"))
        if g.handle_area:
            flags.append(_flag(AREA_KEYS, g.handle_area))
        self.subtitle.setText(" · ".join([g.dept_name, *flags]))
        self._clear()
        materials = "\n".join(
            material_line(i, m) for i, m in enumerate(sorted(g.materials, key=lambda m: m.order_num), 1)
        )
        fee = (
            tr("guide.free")
            if not g.is_fee
            else "\n".join(f"{f.fee_name}{tr('sep.colon')}{f.fee_stand}" for f in g.fees) or tr("guide.fee_see_window")
        )
        faq = "\n\n".join(tr("guide.faq_pair", q=q.question, a=q.answer) for q in g.faq)
        for key, text in (
            ("guide.materials", materials or tr("guide.materials_at_window")),
            ("guide.time_limit", time_limit_text(g)),
            ("guide.conditions", g.accept_condition),
            ("guide.fee", fee),
            ("guide.place", "\n".join(x for x in (g.transact_addr, g.transact_time) if x)),
            ("guide.contact", g.link_way),
            ("guide.flow", g.handle_flow),
            ("guide.basis", g.by_law),
            ("guide.faq", faq),
        ):
            if text:
                self._section(tr(key), text)
        self.sections.addStretch(1)

    def _section(self, heading: str, text: str) -> QVBoxLayout:
        """A card with ``heading`` and ``text``; returns its column for more to go under."""
        box = QFrame()
        box.setProperty("role", "card")
        lay = QVBoxLayout(box)
        lay.setContentsMargins(24, 16, 24, 16)
        h = QLabel(heading)
        h.setProperty("role", "title")
        t = QLabel(text)
        t.setWordWrap(True)
        t.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        lay.addWidget(h)
        if text:
            lay.addWidget(t)
        self.sections.addWidget(box)
        return lay

    def section_titles(self) -> list[str]:
        titles = []
        for i in range(self.sections.count()):
            item = self.sections.itemAt(i)
            box = item.widget() if item is not None else None
            heading = box.findChild(QLabel) if box is not None else None
            if heading is not None:  # a card's first label is its heading
                titles.append(heading.text())
        return titles

    def show_result(self, text: str, state: str, qr_url: str = "") -> None:
        """The print's result in place of the guide, until 返回指南 (or another guide)."""
        self.result_title.setText(text)
        self.result_title.setProperty("state", state)
        self.result_title.style().unpolish(self.result_title)
        self.result_title.style().polish(self.result_title)
        self.result_qr.setVisible(bool(qr_url))
        self.result_qr_hint.setVisible(bool(qr_url))
        if qr_url:
            self.result_qr.setPixmap(qr_pixmap(qr_url, 240))
        self.message.clear()
        self.pages.setCurrentWidget(self.result)

    def hide_result(self) -> None:
        self.pages.setCurrentWidget(self.scroll_area)

    def set_message(self, text: str, state: str = "ok") -> None:
        self.message.setText(text)
        self.message.setProperty("state", state)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)


def qr_pixmap(text: str, size: int) -> QPixmap:
    """``text`` as a QR code, ``size`` px square, black on white (read in any theme)."""
    import io

    import qrcode

    img = qrcode.make(text, border=2).get_image().convert("RGB").resize((size, size))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return QPixmap.fromImage(QImage.fromData(buf.getvalue()))  # the format read from the data


def _flag(keys: dict[str, str], value: str) -> str:
    """A catalog value in the screen's language when the product has a key for it."""
    return tr(keys[value]) if value in keys else value
