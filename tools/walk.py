"""The kiosk walk: every citizen screen, reached by driving the real KioskWindow on the
demo's simulators and embedded hub, in each theme, at each reference screen size, in
each language. The floors test (tests/ui/test_floors.py) measures every stop; the
screenshots (tools/screens.py) are saved from the same stops.

A screen joins the walk by one entry in ``SCREENS``: a name and a function that drives
the window there. Entries run in order, and an entry may build on the one before it (the
自助申报 steps follow each other); an entry that ends the visit re-applies the mode with
``walk.restore()``. An overlay (the idle warning, the demo panel) names its widget as the
``root`` to measure and hides it again in ``leave``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")  # the search screen's keyboard

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect
from PySide6.QtGui import QFontInfo, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollBar,
    QWidget,
)

from kiosk import bootstrap
from kiosk.catalog.paths import DEMO_CATALOG
from kiosk.config.loader import demo_settings
from kiosk.core import Core
from launcher.demo import start_demo_devices
from launcher.embedded_hub import start_or_join
from ui import i18n
from ui.app import create_application, start_role
from ui.theme import contrast_ratio

# The reference screens (STANDARDS.md §3): a portrait and a landscape kiosk.
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
MODES = ("normal", "elder", "high_contrast")
SCROLLBAR_PX = 24  # a bar a finger can drag
ALLOWANCE = "11610103MB282815164000509004000"  # 高龄津贴申领, done at the kiosk (journey 1)


@dataclass(frozen=True)
class Floors:
    text_px: int
    target_px: int
    contrast: float


FLOORS = {
    "normal": Floors(24, 72, 4.5),
    "elder": Floors(36, 110, 7.0),
    "high_contrast": Floors(24, 72, 7.0),
}


@dataclass(frozen=True)
class Screen:
    name: str  # also the screenshot's name: docs/screenshots/<name>.png (landscape, normal)
    reach: Callable[[Walk], None]
    root: Callable[[Walk], QWidget] | None = None  # what to measure: the window unless an overlay
    leave: Callable[[Walk], None] | None = None


# -- the walk ----------------------------------------------------------------------------------
@dataclass
class Walk:
    """A kiosk window on the demo's devices, and how to drive it."""

    app: QApplication
    core: Core
    window: object  # ui.kiosk_window.KioskWindow
    sims: object  # drivers.sim suite: printer, id_reader, ...
    stoppers: list = field(default_factory=list)
    mode: str = "normal"
    language: str = "zh_CN"
    size: tuple[int, int] = SIZES["landscape"]

    def settle(self, rounds: int = 20) -> None:
        for _ in range(rounds):
            self.app.processEvents()
        # processEvents() leaves deleteLater() undone; the event loop would have done it.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        self.app.processEvents()

    def until(
        self, ready: Callable[[], bool], timeout_s: float = 15.0, what: str | Callable[[], str] = "a screen"
    ) -> None:
        deadline = time.monotonic() + timeout_s
        while not ready():
            if time.monotonic() > deadline:
                raise TimeoutError(f"walk: timed out waiting for {what() if callable(what) else what}")
            self.settle(5)
            time.sleep(0.02)

    def current(self) -> QWidget:
        return self.window.stack.currentWidget()

    def set_size(self, size: tuple[int, int]) -> None:
        """As on a screen of ``size``: the window may not grow past it."""
        self.size = size
        self.window.setMaximumSize(*size)
        self.window.resize(*size)
        self.settle()

    def restore(self) -> None:
        """Home in this walk's theme and language (after the visit was wiped)."""
        w = self.window
        self.core.visit.touch()
        w.go_home()
        if w.elder != (self.mode == "elder"):
            w.set_elder_mode(self.mode == "elder")
        if self.mode != "elder":
            w.apply_theme(self.mode)
        if i18n.language() != self.language:
            w.toggle_language()
        self.settle()

    def close(self) -> None:
        self.window.close()
        self.core.stop()
        for stop in reversed(self.stoppers):
            stop()
        self.settle()


def start(data_dir: Path | None = None) -> Walk:
    """The demo kiosk (simulators, embedded hub, demo catalog with 高龄津贴 at the kiosk)."""
    app = create_application(onscreen_keyboard=True)
    data = Path(data_dir or tempfile.mkdtemp(prefix="walk-"))
    core = Core.from_settings(replace(demo_settings("kiosk"), data_dir=data))
    window = start_role(core, fullscreen=False)
    suites: list = []
    stoppers: list = []

    def demo_devices(settings):
        started = start_demo_devices(settings)
        suites.append(started.simulators)
        return started

    # Its own port: a demo hub another process runs on the fixed one is not this walk's.
    bootstrap.bring_up(
        core, demo_devices=demo_devices, embedded_hub=lambda s: start_or_join(s, port=0), stoppers=stoppers
    )
    walk = Walk(app, core, window, suites[0], stoppers)
    walk.until(lambda: core.cases is not None and "tile.ticket" in window.home.tile_buttons, what="bring-up")
    walk.until(lambda: window.demo_button is not None, what="the demo controls")
    feed = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))
    for item in feed["items"]:  # journey 1's item is done at the kiosk
        if item["task_code"] == ALLOWANCE:
            item["is_service_terminals"] = True
    path = data / "walk-feed.json"
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    core.catalog.import_file(path, "feed", allow_shrink=True)
    window.home_room.forget()  # 自助申报 now has an item (the home built again)
    walk.settle()
    return walk


def _keys_built(keyboard) -> bool:
    """Whether the keyboard has its keys, after rendering a frame: a layout it switches
    to (the digit pad of a number field) is built as frames are rendered, which nothing
    else does here."""
    keyboard.grabFramebuffer()
    return bool(keyboard_keys(keyboard))


def _keyboard_drawn(walk: Walk) -> None:
    """A screen with the pinyin keyboard is shown with its keys (its QML comes a moment
    after the widgets, which a screenshot taken at once showed as an empty band)."""
    from ui.widgets.keyboard import KeyboardWidget

    for keyboard in walk.window.findChildren(KeyboardWidget):
        if keyboard.isVisible():
            walk.until(lambda k=keyboard: _keys_built(k), what="the keyboard's keys")
            walk.settle()


def stops(walk: Walk, mode: str, size: tuple[int, int], language: str = "zh_CN") -> Iterator[Screen]:
    """Drive ``walk`` through every screen of ``SCREENS`` in ``mode`` at ``size``; yields at
    each, with the screen showing and painted."""
    walk.mode, walk.language = mode, language
    walk.set_size(size)
    walk.core.visit.end()  # a fresh citizen: Chinese, the configured theme
    _paper_back(walk)  # a walk that stopped midway may have left the printer out of paper
    walk.settle()
    walk.restore()
    for screen in SCREENS:
        walk.core.visit.touch()  # a long walk is one visit: never the idle wipe midway
        screen.reach(walk)
        walk.settle()
        _keyboard_drawn(walk)
        yield screen
        if screen.leave is not None:
            screen.leave(walk)
    walk.core.visit.end()
    walk.settle()


# -- measuring -----------------------------------------------------------------------------------
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


@dataclass(frozen=True)
class Problem:
    screen: str
    widget: str
    what: str

    def __str__(self) -> str:
        return f"{self.screen}: {self.widget}: {self.what}"


def grab(window: QWidget) -> np.ndarray:
    """The window's pixels as an (h, w) array of 0xRRGGBB."""
    img = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    w, h = img.width(), img.height()
    arr = np.frombuffer(img.constBits(), dtype=np.uint32, count=img.bytesPerLine() // 4 * h)
    return arr.reshape(h, img.bytesPerLine() // 4)[:, :w] & 0xFFFFFF


def _hex(c: int) -> str:
    return f"#{c:06x}"


def text_contrast(pixels: np.ndarray) -> tuple[float, str, str]:
    """Text against background in an area: the background is the commonest colour; the
    text is, of the colours with a real share of the rest (anti-aliasing makes only
    shades between the two), the one furthest from the background."""
    colours, counts = np.unique(pixels.ravel(), return_counts=True)
    if len(colours) < 2:
        return 21.0, "", ""  # nothing drawn here (an empty area)
    order = np.argsort(counts)[::-1]
    bg = int(colours[order[0]])
    rest = counts[order[1:]]
    share = max(4, int(rest.sum() * 0.01))
    best, fg = 0.0, bg
    for i in order[1:]:
        if counts[i] < share:
            continue
        r = contrast_ratio(_hex(int(colours[i])), _hex(bg))
        if r > best:
            best, fg = r, int(colours[i])
    return best, _hex(fg), _hex(bg)


def _scrolled(w: QWidget, root: QWidget) -> bool:
    """Inside a scrolling area (it may be partly out of view by design)."""
    p = w.parentWidget()
    while p is not None and p is not root:
        if isinstance(p, QAbstractScrollArea):
            return True
        p = p.parentWidget()
    return False


def _text(w: QWidget) -> str:
    if isinstance(w, QLineEdit):
        return w.text() or w.placeholderText()
    return w.text() if hasattr(w, "text") else ""


def visible_texts(root: QWidget) -> list[tuple[QWidget, str]]:
    """Every visible text in ``root``: labels, buttons, fields, list rows."""
    out: list[tuple[QWidget, str]] = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.visibleRegion().isEmpty():
            continue
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
            t = _text(w)
            if t:
                out.append((w, t))
        elif isinstance(w, QListWidget):
            out += [(w, w.item(i).text()) for i in range(w.count())]
    if isinstance(root, QWidget) and root.isWindow():
        out.append((root, root.windowTitle()))
    return out


def _name(w: QWidget) -> str:
    t = _text(w).replace("\n", " ")[:24] if not isinstance(w, QListWidget) else ""
    return f"{type(w).__name__}{'(' + w.objectName() + ')' if w.objectName() else ''} «{t}»"


def measure(walk: Walk, screen: Screen) -> list[Problem]:
    """Every floor of this mode on what the screen shows, from the widgets and the pixels."""
    floors = FLOORS[walk.mode]
    window = walk.window
    root = screen.root(walk) if screen.root else window
    problems: list[Problem] = []

    def bad(w: QWidget, what: str) -> None:
        problems.append(Problem(screen.name, _name(w), what))

    sw, sh = walk.size
    if window.width() > sw or window.height() > sh:
        bad(window, f"window {window.width()}x{window.height()} on a {sw}x{sh} screen")
    need = window.minimumSizeHint()
    if need.width() > sw or need.height() > sh:
        bad(window, f"needs {need.width()}x{need.height()} on a {sw}x{sh} screen")
    pixels = grab(window)
    win_rect = QRect(0, 0, window.width(), window.height())
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(window) or not w.isVisible():
            continue
        region = w.visibleRegion()
        if region.isEmpty():
            continue
        if isinstance(w, QScrollBar) and min(w.width(), w.height()) < SCROLLBAR_PX:
            bad(w, f"scroll bar {min(w.width(), w.height())} px thick < {SCROLLBAR_PX} px")  # was 10 px
        is_text = isinstance(w, (QLabel, QAbstractButton, QLineEdit))
        if not (is_text or isinstance(w, QListWidget)):
            continue
        top_left = w.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, w.size())
        seen = region.boundingRect().translated(top_left)
        scrolled = _scrolled(w, window)
        if isinstance(w, QLabel) and _text(w) and not scrolled and not win_rect.contains(rect):
            bad(w, f"cut off: {rect.getRect()} outside the window {sw}x{sh}")
        if isinstance(w, (QAbstractButton, QLineEdit)):
            if not win_rect.contains(rect) and not scrolled:
                bad(w, f"cut off: {rect.getRect()} outside the window {sw}x{sh}")
            elif seen.size() != rect.size() and not scrolled:
                bad(w, f"cut off: only {seen.width()}x{seen.height()} of {rect.width()}x{rect.height()} shows")
            if min(w.width(), w.height()) < floors.target_px and not (scrolled and seen.size() != rect.size()):
                bad(w, f"target {w.width()}x{w.height()} < {floors.target_px} px")
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                r = w.visualItemRect(w.item(i))
                if r.isValid() and r.height() < floors.target_px:
                    bad(w, f"row {i} {r.height()} px high < {floors.target_px} px")
                    break
                lines = w.item(i).text().count("\n") + 1  # a result's name and department
                if r.isValid() and r.height() < lines * w.fontMetrics().lineSpacing():
                    bad(w, f"row {i} {r.height()} px high cuts its {lines} lines")
                    break
            px = QFontInfo(w.font()).pixelSize()
            if w.count() and px < floors.text_px:
                bad(w, f"rows' text {px} px < {floors.text_px} px")
            continue
        text = _text(w)
        if not text:
            continue
        px = QFontInfo(w.font()).pixelSize()
        if px < floors.text_px:
            bad(w, f"text {px} px < {floors.text_px} px")
        if isinstance(w, QAbstractButton) and w.width() < w.sizeHint().width() and not scrolled:
            bad(w, f"text cut off: {w.width()} px wide, needs {w.sizeHint().width()}")
        if isinstance(w, QLabel) and not scrolled:
            if w.wordWrap() and w.heightForWidth(w.width()) > w.height() + 2:
                bad(w, f"text cut off: {w.height()} px high, needs {w.heightForWidth(w.width())}")
            elif not w.wordWrap() and w.width() < w.minimumSizeHint().width():
                bad(w, f"text cut off: {w.width()} px wide, needs {w.minimumSizeHint().width()}")
        # Contrast in the part that shows; 3 px in, off the rounded corners of a button.
        area = seen.adjusted(3, 3, -3, -3).intersected(win_rect)
        if area.width() < 4 or area.height() < 4 or (scrolled and seen.size() != rect.size()):
            continue
        ratio, fg, bgc = text_contrast(pixels[area.top() : area.bottom() + 1, area.left() : area.right() + 1])
        if ratio < floors.contrast:
            bad(w, f"contrast {ratio:.2f}:1 ({fg} on {bgc}) < {floors.contrast}:1")
    problems += _keyboard_floors(walk, screen, root)
    return problems


def _keyboard_floors(walk: Walk, screen: Screen, root: QWidget) -> list[Problem]:
    """The pinyin keyboard (QML, no widget the loop above sees): its keys as targets,
    their labels as text."""
    from ui.widgets.keyboard import KeyboardWidget

    floors = FLOORS[walk.mode]
    problems = []
    for keyboard in root.findChildren(KeyboardWidget):
        if not keyboard.isVisible():
            continue
        small = sorted(
            {
                (round(k.width()), round(k.height()))
                for k in keyboard_keys(keyboard)
                if min(k.width(), k.height()) < floors.target_px
            }
        )
        if small:
            problems.append(Problem(screen.name, "pinyin keyboard", f"keys {small} < {floors.target_px} px"))
        labels = keyboard_label_px(keyboard)
        if labels and min(labels) < floors.text_px:
            problems.append(Problem(screen.name, "pinyin keyboard", f"labels {min(labels)} px < {floors.text_px} px"))
    return problems


def _quick_items(keyboard) -> list:
    root = keyboard.rootObject()
    out, stack = [], [root] if root is not None else []
    while stack:
        item = stack.pop()
        out.append(item)
        stack.extend(item.childItems())
    return out


def keyboard_keys(keyboard) -> list:
    """The pinyin keyboard's visible keys a finger can press (not the fillers that
    indent a row)."""
    return [
        it
        for it in _quick_items(keyboard)
        if it.isVisible()
        and it.property("key") is not None
        and it.width() > 0
        and it.height() > 0  # a row being laid out again
        and not it.metaObject().className().startswith("FillerKey")
    ]


def keyboard_candidates(keyboard) -> list:
    """The candidate bar's words on show (after a pinyin syllable was typed)."""
    words = [
        it for it in _quick_items(keyboard) if it.objectName() == "candidate" and it.isVisible() and it.width() > 0
    ]
    return sorted(words, key=lambda it: it.mapToScene(QPointF(0, 0)).x())


def keyboard_label_px(keyboard) -> list[int]:
    """The pixel sizes of the keyboard's visible labels."""
    sizes = []
    for it in _quick_items(keyboard):
        if it.isVisible() and it.metaObject().className().startswith("QQuickText") and it.property("text"):
            font = it.property("font")
            sizes.append(font.pixelSize() if font.pixelSize() > 0 else round(font.pointSizeF() * 96 / 72))
    return sizes


def untranslated(walk: Walk, screen: Screen, data_names: set[str]) -> list[Problem]:
    """Chinese shown in English. The rule (docs/languages.md): every word the kiosk
    writes is English; Chinese stays only in data, which has no English to show: the
    catalog's texts (see ``data_names``), the hall's and its services' names, the
    citizen's own (masked) name and address, and what the citizen typed. The language
    button names the other language in that language (中文)."""
    root = screen.root(walk) if screen.root else walk.window
    problems = []
    for w, text in visible_texts(root):
        if isinstance(w, QLineEdit) and w.text():
            continue  # what the citizen typed
        if w is getattr(walk.window.home, "language_button", None):
            continue
        rest = text
        for name in sorted((n for n in data_names if n in rest), key=len, reverse=True):
            rest = rest.replace(name, "")
        if CJK.search(rest):
            problems.append(Problem(screen.name, _name(w), f"untranslated: {text!r}"))
    return problems


def data_names(core: Core, walk: Walk | None = None) -> set[str]:
    """The catalog's own texts, which stay as the catalog gives them: the names of items,
    departments, materials, fees and halls, and a guide's free text (conditions, address,
    flow, legal basis, questions). Topic and bundle names are data too, unless the
    messages name them in English (``topic.<code>``, ``bundle.<code>``)."""
    from dataclasses import fields, is_dataclass

    catalog = core.catalog
    names = {core.settings.hall.name}

    def add(obj) -> None:
        for f in fields(obj):
            v = getattr(obj, f.name)
            if isinstance(v, str) and v:
                names.add(v)
            elif is_dataclass(v):
                add(v)
            elif isinstance(v, tuple):
                for x in v:
                    if is_dataclass(x):
                        add(x)

    for d in catalog.departments():
        names.add(d.dept_name)
        for s in catalog.items_in_department(d.dept_code):
            add(catalog.item(s.task_code))
    for t in catalog.topics():
        if i18n.tr(f"topic.{t.topic_code}") == f"topic.{t.topic_code}":
            names.add(t.name)
    for b in catalog.bundles():
        names.add(b.description)  # free text, as a guide's
        if i18n.tr(f"bundle.{b.bundle_code}") == f"bundle.{b.bundle_code}":
            names.add(b.name)
    for h in catalog.halls():
        names |= {h.name, h.address}
    if walk is not None:  # the hall's services (the hub's configuration) and the demo cards' holders
        from common.masking import mask_address, mask_name
        from drivers.id_reader.samples import DEMO_CARDS

        names |= {s.name for s in walk.window.tickets.desk().services()}
        names |= {mask_name(c.name) for c in DEMO_CARDS} | {mask_address(c.address) for c in DEMO_CARDS}
    names.discard("")
    return names


# -- the screens -----------------------------------------------------------------------------------
def _home(walk: Walk) -> None:
    walk.restore()


def _topics(walk: Walk) -> None:
    walk.window.guides.open()  # nothing typed: the life-event topics and the field's hint


def _search(walk: Walk) -> None:
    w = walk.window
    w.guides.open()
    w.guides.search_screen.query.setText("户口")
    walk.until(lambda: w.guides.search_screen.results.count() > 0, what="search results")


def _guide(walk: Walk) -> None:
    w = walk.window
    w.guides.open_guide(w.guides.search_screen.results.item(0).data(256))


def _guide_printed(walk: Walk) -> None:
    w = walk.window
    jobs = len(walk.sims.printer.jobs)
    w.guides.print_notice(w.guides.guide_screen.task_code)
    walk.until(
        lambda: w.guides.guide_screen.pages.currentWidget() is w.guides.guide_screen.result, what="the print's result"
    )
    walk.until(lambda: len(walk.sims.printer.jobs) > jobs, what="the notice printed")


def _guide_paper_out(walk: Walk) -> None:
    w = walk.window
    w.guides.guide_screen.hide_result()
    walk.core.demo.set_paper("out")
    walk.until(lambda: not w.guides.guide_screen.print_button.isEnabled(), what="打印 disabled out of paper")
    w.guides.print_notice(w.guides.guide_screen.task_code)  # as if the paper ran out as the citizen tapped
    walk.until(lambda: w.guides.guide_screen.result_qr.isVisible(), what="the QR code out of paper")


def _bundles(walk: Walk) -> None:
    walk.window.guides.open_bundles()


def _bundle(walk: Walk) -> None:
    w = walk.window
    w.guides.open_bundle(next(iter(w.guides.bundle_list.buttons)))


def _ticket_services(walk: Walk) -> None:
    w = walk.window
    w.go_home()
    walk.core.demo.set_paper("ok")
    w.tickets.open()
    walk.until(lambda: bool(w.tickets.ticket_services.tiles), what="the services")


def _ticket_done(walk: Walk) -> None:
    w = walk.window
    jobs = len(walk.sims.printer.jobs)
    w.tickets.take_ticket("B")
    walk.until(
        lambda: (
            w.tickets.ticket_done.ticket is not None
            and w.tickets.ticket_done.ticket.print_state == "printed"
            and len(walk.sims.printer.jobs) > jobs
        ),
        what="the ticket printed",
    )


def _ticket_paper_out(walk: Walk) -> None:
    w = walk.window
    before = w.tickets.ticket_done.ticket.number if w.tickets.ticket_done.ticket else None
    walk.core.demo.set_paper("out")
    walk.until(
        lambda: walk.core.devices.health_snapshot()["printer"].key == "device.printer.paper_out", what="paper out"
    )
    w.tickets.open()
    walk.until(lambda: bool(w.tickets.ticket_services.tiles), what="the services")
    w.tickets.take_ticket("A")
    walk.until(
        lambda: (
            w.tickets.ticket_done.ticket is not None
            and w.tickets.ticket_done.ticket.number != before
            and w.tickets.ticket_done.ticket.print_failed
        ),
        timeout_s=30,
        what=lambda: (
            f"the print failing: showing {walk.current().objectName()}, ticket "
            f"{w.tickets.ticket_done.ticket and (w.tickets.ticket_done.ticket.number, w.tickets.ticket_done.ticket.print_state)}, "
            f"message {w.tickets.ticket_services.message.text()!r}, printer {walk.core.devices.health_snapshot().get('printer')}"
        ),
    )


def _paper_back(walk: Walk) -> None:
    walk.core.demo.set_paper("ok")
    # Until the kiosk knows (its next probe): a print meanwhile is refused as out of paper.
    walk.until(
        lambda: walk.core.devices.health_snapshot()["printer"].state.value == "ok", timeout_s=30, what="paper back"
    )


def _case_guide(walk: Walk) -> None:
    walk.window.go_home()
    walk.window.guides.open_guide(ALLOWANCE)


def _case_identify(walk: Walk) -> None:
    walk.window.cases.start(ALLOWANCE)


def _fresh_card(walk: Walk) -> None:
    """Place the demo card for this visit: a card left from an earlier visit is taken away
    first, as a citizen must (kiosk/card_return.py: it counts again only once the reader
    was seen empty)."""
    left = walk.core.card_return
    if left is not None and not left.counts:
        walk.sims.id_reader.remove()
        walk.until(lambda: left.counts, what="the reader seen empty")
    walk.sims.id_reader.insert_demo(0)


def _case_form(walk: Walk) -> None:
    cases = walk.window.cases
    _fresh_card(walk)
    cases.read_card()
    walk.until(lambda: walk.current() is cases.screen("form"), what="the form")
    # The citizen takes the card back once it is read (the form keeps what was read); a
    # card left behind is the kiosk-take-card stop.
    walk.sims.id_reader.remove()


def _take_card(walk: Walk) -> None:
    """The next citizen's home while the last one's card still lies on the reader."""
    from ui.i18n import tr

    _fresh_card(walk)
    walk.core.visit.end()
    walk.restore()
    walk.until(lambda: walk.window.home.notice.text() == tr("visit.take_card"), what="请取走身份证")


def _take_card_leave(walk: Walk) -> None:
    walk.sims.id_reader.remove()
    walk.until(lambda: walk.core.card_return.counts, what="the reader seen empty")
    walk.until(lambda: not walk.window.home.notice.isVisible(), what="the notice gone")


def _case_form_errors(walk: Walk) -> None:
    cases = walk.window.cases
    form = cases.screen("form")
    form.inputs["phone"].setText("1381234")
    form.inputs["bank_account"].setText("6222020200112233445")
    cases.submit_form()


def _case_materials(walk: Walk) -> None:
    cases = walk.window.cases
    form = cases.screen("form")
    form.inputs["phone"].setText("13812341234")
    form.inputs["bank_account"].setText("6222020200112233446")
    cases.submit_form()
    names = [s.material.material_name for s in cases.draft.slots]
    cases.tolerate(names.index("本人社会保障卡（金融账户）或银行卡复印件"))


def _case_capture(walk: Walk) -> None:
    cases = walk.window.cases
    names = [s.material.material_name for s in cases.draft.slots]
    i = names.index("高龄津贴申请表")
    cases.open_capture(i)
    cases.shoot()
    walk.until(lambda: bool(cases.draft.slot(i).pages), what="the page")


def _case_commitment(walk: Walk) -> None:
    cases = walk.window.cases
    cases.show_materials()
    cases.finish_materials()


def _case_delivery(walk: Walk) -> None:
    cases = walk.window.cases
    cases.confirm()
    cases.screen("delivery").pick("post")
    cases.screen("delivery").address.setText("陕西省西安市碑林区东大街1号（示例）")


def _case_review(walk: Walk) -> None:
    walk.window.cases.choose_delivery()


def _case_done(walk: Walk) -> None:
    cases = walk.window.cases
    jobs = len(walk.sims.printer.jobs)
    cases.submit()
    walk.until(lambda: len(walk.sims.printer.jobs) > jobs, what="the receipt printed")


def _case_rating(walk: Walk) -> None:
    cases = walk.window.cases
    cases.open_rating_for_case()
    cases.screen("rating").pick(5)


def _case_rating_low(walk: Walk) -> None:
    rating = walk.window.cases.screen("rating")
    rating.pick(2)
    rating.reasons["waiting"].setChecked(True)


def _case_query(walk: Walk) -> None:
    cases = walk.window.cases
    reference = cases.case.reference
    cases.open_query()
    cases.screen("query").query.setText(reference)
    cases.query(reference)


def _idle_warning(walk: Walk) -> None:
    walk.window.go_home()
    walk.window.bridge.visit_warning.emit(25)


def _idle_warning_leave(walk: Walk) -> None:
    walk.window.warning.hide()


def _demo_panel(walk: Walk) -> None:
    walk.window.demo_button.setChecked(True)


def _demo_panel_leave(walk: Walk) -> None:
    walk.window.demo_button.setChecked(False)


SCREENS: list[Screen] = [
    Screen("kiosk", _home),
    Screen("kiosk-topics", _topics),
    Screen("kiosk-search", _search),
    Screen("kiosk-guide", _guide),
    Screen("kiosk-guide-printed", _guide_printed),
    Screen("kiosk-guide-paper-out", _guide_paper_out, leave=_paper_back),
    Screen("kiosk-bundles", _bundles),
    Screen("kiosk-bundle", _bundle),
    Screen("kiosk-ticket-services", _ticket_services),
    Screen("kiosk-ticket-done", _ticket_done),
    Screen("kiosk-ticket-paper-out", _ticket_paper_out, leave=_paper_back),
    Screen("case-guide", _case_guide),
    Screen("case-identify", _case_identify),
    Screen("case-form", _case_form),
    Screen("case-form-errors", _case_form_errors),
    Screen("case-materials", _case_materials),
    Screen("case-capture", _case_capture),
    Screen("case-commitment", _case_commitment),
    Screen("case-delivery", _case_delivery),
    Screen("case-review", _case_review),
    Screen("case-done", _case_done),
    Screen("case-rating", _case_rating),
    Screen("case-rating-low", _case_rating_low),
    Screen("case-query", _case_query),
    Screen("kiosk-take-card", _take_card, leave=_take_card_leave),
    Screen("kiosk-idle-warning", _idle_warning, root=lambda w: w.window.warning, leave=_idle_warning_leave),
    Screen("kiosk-demo-panel", _demo_panel, root=lambda w: w.window.demo_panel, leave=_demo_panel_leave),
]
