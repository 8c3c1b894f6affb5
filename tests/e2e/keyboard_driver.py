"""Drives the kiosk's on-screen keyboard the way a finger does: real pointer events sent
to the X server with ``xdotool``, on a real window under Xvfb with a kiosk window manager.

Run by ``test_keyboard_pointer.py`` as ``python -m tests.e2e.keyboard_driver DATA_DIR
[--only-open]`` with DISPLAY set; prints one JSON line per step (what the search field
holds). ``--only-open`` opens the search screen and reports what the screen shows.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import bootstrap
from kiosk.config.loader import demo_settings
from kiosk.core import Core
from ui.app import create_application, start_role
from ui.widgets.keyboard import KeyboardWidget


def pump(app: QApplication, seconds: float) -> None:
    """Run the event loop itself for a while, as the kiosk does (a loop of
    processEvents() hid a keyboard that the running loop never showed)."""
    loop = QEventLoop()
    QTimer.singleShot(max(1, int(seconds * 1000)), loop.quit)
    loop.exec()


def tap(app: QApplication, x: int, y: int) -> None:
    """One real tap at screen coordinates (XTEST through the X server)."""
    subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True, timeout=10)
    pump(app, 0.35)


def tap_widget(app: QApplication, w: QWidget) -> None:
    c = w.mapToGlobal(QPoint(w.width() // 2, w.height() // 2))
    tap(app, c.x(), c.y())


def items(root: QQuickItem) -> list[QQuickItem]:
    out, stack = [], [root]
    while stack:
        it = stack.pop()
        out.append(it)
        stack.extend(it.childItems())
    return out


def visible_item(root: QQuickItem, match) -> QQuickItem | None:
    for it in items(root):
        if it.isVisible() and it.width() > 10 and it.height() > 10 and match(it):
            return it
    return None


def tap_item(app: QApplication, it: QQuickItem) -> None:
    p = it.mapToGlobal(QPointF(it.width() / 2, it.height() / 2))
    tap(app, int(p.x()), int(p.y()))


def screen_colours(widget: QWidget) -> int:
    """Distinct colours in what the X server shows where ``widget`` is: a grab of the
    screen, not of the widget (the widget's own grab showed keys the screen did not)."""
    top_left = widget.mapToGlobal(QPoint(0, 0))
    shot = widget.screen().grabWindow(0, top_left.x(), top_left.y(), widget.width(), widget.height()).toImage()
    return len({shot.pixel(x, y) for x in range(0, shot.width(), 5) for y in range(0, shot.height(), 5)})


def wait_for(app: QApplication, predicate, timeout_s: float = 15.0) -> bool:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if predicate():
            return True
        pump(app, 0.05)
    return False


def main(data_dir: str, only_open: bool = False) -> int:
    app = create_application(onscreen_keyboard=True)
    core = Core.from_settings(replace(demo_settings("kiosk"), data_dir=Path(data_dir)))
    window = start_role(core, fullscreen=False)
    bootstrap.load_catalog(core)
    wait_for(app, lambda: "tile.guides" in window.home.tile_buttons)
    pump(app, 0.5)

    def step(name: str, **extra) -> None:
        print(
            json.dumps(
                {
                    "step": name,
                    "query": window.guides.search_screen.query.text() if window.guides.search_screen else None,
                    "focus": type(app.focusWidget()).__name__,
                    **extra,
                },
                ensure_ascii=False,
            ),
            flush=True,
        )

    search = None
    tap_widget(app, window.home.tile_buttons["tile.guides"])
    search = window.guides.search_screen
    keyboard = search.findChild(KeyboardWidget) if search is not None else None
    ready = keyboard is not None and wait_for(
        app, lambda: visible_item(keyboard.rootObject(), lambda it: it.property("text") == "h") is not None
    )
    # The keys on the screen itself (a dark slab of one colour showed for good once).
    drawn = ready and wait_for(app, lambda: screen_colours(keyboard) > 20, 5.0)
    step(
        "opened",
        keyboard_ready=ready,
        keys_on_screen=drawn,
        colours_on_screen=screen_colours(keyboard) if keyboard else 0,
        screen=window.stack.currentWidget().objectName(),
        keyboard_height=keyboard.height() if keyboard else 0,
    )
    if not ready:
        return 1
    if only_open:
        return 0
    root = keyboard.rootObject()
    for letter in "hukou":
        key = visible_item(root, lambda it, ch=letter: it.property("text") == ch and it.property("key") is not None)
        tap_item(app, key)
    from tools import walk as walker

    pump(app, 0.3)
    words = walker.keyboard_candidates(keyboard)
    step(
        "typed",
        keyboard_height=keyboard.height(),
        candidates=[w.property("candidateText") for w in words][:5],
        smallest_candidate=min((min(w.width(), w.height()) for w in words), default=0),
        label_px=sorted(set(walker.keyboard_label_px(keyboard))),
    )
    candidate = visible_item(root, lambda it: it.property("text") == "户口")
    if candidate is None:
        step("no_candidate")
        return 1
    tap_item(app, candidate)
    step("picked", results=search.result_names()[:5])
    backspace = visible_item(root, lambda it: it.property("key") == int(Qt.Key.Key_Backspace))
    tap_item(app, backspace)
    step("backspace")
    return elder_letters(app, window, step)


def elder_letters(app: QApplication, window, step) -> int:
    """Elder mode: letter keys of 110 px and more type pinyin initials; no other input
    panel appears over the screen."""
    tap_widget(app, window.guides.search_screen.home_button)
    tap_widget(app, window.home.elder_button)
    wait_for(app, lambda: "tile.guides" in window.home.tile_buttons)
    tap_widget(app, window.home.tile_buttons["tile.guides"])
    search = window.guides.search_screen
    letters = search.letters
    if letters is None:
        step("elder_no_letters")
        return 1
    keys = letters.keys
    smallest = min(min(k.width(), k.height()) for k in keys.values())
    for name in ("h", "k"):
        tap_widget(app, keys[name])
    found = search.result_names()[:5]
    tap_widget(app, keys["backspace"])
    after_backspace = search.query.text()
    tap_widget(app, keys["k"])
    tap_widget(app, keys["clear"])
    windows = [w.objectName() or type(w).__name__ for w in QGuiApplication.topLevelWindows() if w.isVisible()]
    step(
        "elder_typed",
        smallest_key=smallest,
        found=found,
        after_backspace=after_backspace,
        windows=windows,
        keyboard=search.findChild(KeyboardWidget) is not None,
    )
    return 0


def elder_pinyin() -> int:
    """Elder mode's own pinyin layout (alphabetical, big keys) on a field of words, as on
    the postal-address step: a finger types hu kou and picks 户口."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    from tools import walk as walker
    from ui import theme

    app = create_application(onscreen_keyboard=True)
    theme.apply(app, theme.THEMES["elder"])
    page = QWidget()  # a form's field of words: the keyboard as the postal-address step has it
    col = QVBoxLayout(page)
    field = QLineEdit()
    col.addWidget(field)
    col.addStretch(1)
    keyboard = KeyboardWidget()
    col.addWidget(keyboard)
    page.showFullScreen()
    field.setFocus()
    wait_for(app, lambda: len(walker.keyboard_keys(keyboard)) >= 26)
    pump(app, 0.5)
    keys = walker.keyboard_keys(keyboard)

    def place(k) -> tuple[int, int]:
        p = k.mapToScene(QPointF(0, 0))
        return round(p.y()), round(p.x())

    letters = "".join(k.property("text") for k in sorted(keys, key=place) if (k.property("text") or "").isalpha())
    for letter in "hukou":
        tap_item(app, next(k for k in walker.keyboard_keys(keyboard) if k.property("text") == letter))
    pump(app, 0.3)
    words = walker.keyboard_candidates(keyboard)
    found = [w.property("candidateText") for w in words]
    chosen = next((w for w in words if w.property("candidateText") == "户口"), None)
    if chosen is not None:
        tap_item(app, chosen)
    pump(app, 0.3)
    print(
        json.dumps(
            {
                "step": "elder_pinyin",
                "letters": letters,
                "smallest_key": min(min(k.width(), k.height()) for k in keys),
                "label_px": sorted(set(walker.keyboard_label_px(keyboard))),
                "candidates": found[:5],
                "smallest_candidate": min((min(w.width(), w.height()) for w in words), default=0),
                "query": field.text(),
            },
            ensure_ascii=False,
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    if "--elder-pinyin" in sys.argv:
        raise SystemExit(elder_pinyin())
    raise SystemExit(main(sys.argv[1], only_open="--only-open" in sys.argv))
