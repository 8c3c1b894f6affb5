"""The kiosk's first screen: a greeting and large tiles, one per service that works here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# PySide6.QtCore.Qt is not imported here: building that namespace costs ~40 ms of
# start-up before the first screen (bench/startup.py).
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui import i18n
from ui.i18n import tr
from ui.widgets.reflow import ReflowGrid


@dataclass(frozen=True)
class Tile:
    """One service on the home screen; shown only when the service exists."""

    key: str  # i18n key; "<key>.sub" is the second line
    on_open: Callable[[], None]


# Elder mode: fewer choices, and no more than two rows of its large tiles (a third row
# would not fit an upright screen). What an elder comes to do comes first: take a number,
# find an item (by typing or browsing), apply for it; 办件查询 goes when they fill the
# rows (a receipt's QR code still answers at the window), 一件事 and 政务地图 always
# (一件事 is inside 分类浏览).
ELDER_TILES = ("tile.ticket", "tile.guides", "tile.browse", "tile.apply", "tile.query")
ELDER_MAX = 4


def elder_tiles(tiles: list[Tile]) -> list[Tile]:
    """The tiles elder mode shows: at most ``ELDER_MAX``, of ``ELDER_TILES``, in that order."""
    by_key = {t.key: t for t in tiles}
    return [by_key[k] for k in ELDER_TILES if k in by_key][:ELDER_MAX]


class KioskHomeScreen(QWidget):
    elder_mode_toggled = Signal(bool)
    language_toggled = Signal()
    unresolved_requested = Signal()  # 办不成事 (shown by the kiosk when it can file one)

    def __init__(
        self,
        hall_name: str,
        tiles: list[Tile],
        *,
        demo: bool = False,
        elder: bool = False,
        hours: str = "",
        notice: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("KioskHomeScreen")
        col = QVBoxLayout(self)
        col.setContentsMargins(48, 24, 48, 32)
        col.setSpacing(24)
        if demo:
            banner = QLabel(tr("demo.banner"))
            banner.setProperty("role", "banner")
            banner.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)  # as wide as its text
            col.addWidget(banner)
        self.welcome = QLabel(tr("home.welcome"))
        self.welcome.setProperty("role", "hero")
        self.welcome.setWordWrap(True)
        col.addWidget(self.welcome)
        self.hint = QLabel(tr("home.offline_ok"))
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        # The header's status strip says it when it matters (网络中断，可查询办事指南):
        # one line less to read, and room for the tiles.
        self.hint.hide()
        col.addWidget(self.hint)
        self.hours = QLabel(tr("hall.hours", hours=hours))
        self.hours.setWordWrap(True)
        col.addWidget(self.hours)
        self.hours.setVisible(bool(hours))  # once inside the screen (ui/widgets/result_card.py)

        # A service that should be here and is not (its folder is read-only, the disk is
        # full): the citizen is told to ask at the window; the technician sees why on the
        # maintenance screen.
        self.notice = QLabel()
        self.notice.setProperty("role", "banner")
        self.notice.setWordWrap(True)
        col.addWidget(self.notice)
        self.set_notice(notice)

        grid = ReflowGrid(portrait=2, landscape=3, spacing=24)
        self.tile_buttons: dict[str, QPushButton] = {}
        for tile in tiles:
            b = _tile_button(tr(tile.key), tr(tile.key + ".sub"), elder)
            b.clicked.connect(tile.on_open)
            grid.add(b)
            self.tile_buttons[tile.key] = b
        col.addWidget(grid)
        col.addStretch(1)

        bottom = QHBoxLayout()
        self.elder_button = QPushButton(tr("home.standard_mode" if elder else "home.elder_mode"))
        self.elder_button.setProperty("role", "primary")
        self.elder_button.setCheckable(True)
        self.elder_button.setChecked(elder)
        self.elder_button.toggled.connect(self.elder_mode_toggled)
        # Named in the language it switches to (English, 中文, ...).
        self.language_button = QPushButton(i18n.native_name(i18n.next_language()))
        self.language_button.clicked.connect(self.language_toggled)
        bottom.addWidget(self.elder_button)
        self.unresolved_button = QPushButton(tr("unresolved.open"))
        self.unresolved_button.hide()
        self.unresolved_button.clicked.connect(self.unresolved_requested)
        bottom.addWidget(self.unresolved_button)
        bottom.addStretch(1)
        bottom.addWidget(self.language_button)
        col.addLayout(bottom)

    def set_notice(self, text: str) -> None:
        """A notice (请取走身份证, a service missing here) in the greeting's place: it is what
        the citizen must read now, and with both the home did not fit high contrast across
        (1102 px on a 1080 px screen)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.welcome.setVisible(not text)


def _tile_button(title: str, subtitle: str, elder: bool = False) -> QPushButton:
    """A large tile: the service's name, and under it, smaller, what it is for (elder
    mode: the name alone, larger, fewer words to read)."""
    from ui.widgets.tile import TileButton

    b = TileButton([(title, "title")] if elder else [(title, "title"), (subtitle, "muted")])
    b.setAccessibleName(f"{title}，{subtitle}")  # read as one phrase by screen readers
    return b
