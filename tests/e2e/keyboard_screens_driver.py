"""The pinyin keyboard on the screens other than the search, under a finger: real
pointer taps (``xdotool``) on the demo kiosk (simulators, embedded hub) under Xvfb.

Run by ``test_keyboard_screens.py`` as ``python -m tests.e2e.keyboard_screens_driver
DATA_DIR form|unresolved [PNG_PREFIX [english|elder]]`` with DISPLAY set; prints one JSON
line per step.
With PNG_PREFIX it saves what the X screen shows (``PREFIX-form.png``, ...).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from tests.e2e.keyboard_driver import pump, screen_colours, tap_item, tap_widget, visible_item, wait_for
from tools import walk as walker
from ui.widgets.keyboard import KeyboardWidget


def say(step: str, **facts) -> None:
    print(json.dumps({"step": step, **facts}, ensure_ascii=False), flush=True)


def global_rect(w: QWidget) -> QRect:
    return QRect(w.mapToGlobal(QPoint(0, 0)), w.size())


def shoot(w: QWidget, path: str) -> None:
    if path:
        w.screen().grabWindow(0).save(path)


def shown_keyboard(window: QWidget) -> KeyboardWidget | None:
    shown = [k for k in window.findChildren(KeyboardWidget) if k.isVisible()]
    return shown[0] if len(shown) == 1 else None


def key(keyboard: KeyboardWidget, text: str):
    return visible_item(
        keyboard.rootObject(), lambda it: it.property("text") == text and it.property("key") is not None
    )


def key_of_kind(keyboard: KeyboardWidget, kind: str):
    return visible_item(keyboard.rootObject(), lambda it: it.metaObject().className().startswith(kind))


def type_keys(app: QApplication, keyboard: KeyboardWidget, text: str) -> bool:
    for ch in text:
        k = key(keyboard, ch)
        if k is None:
            return False
        tap_item(app, k)
    return True


def keys_ready(app: QApplication, window: QWidget, text: str) -> KeyboardWidget | None:
    """The one keyboard on show, once it has a key ``text`` and is drawn on the screen."""
    found: list[KeyboardWidget] = []

    def ready() -> bool:
        k = shown_keyboard(window)
        if k is None or k.rootObject() is None or key(k, text) is None:
            return False
        found[:] = [k]
        return screen_colours(k) > 20

    return found[0] if wait_for(app, ready, 10.0) and found else None


def case_form(walk, png: str) -> int:
    """自助申报: the card read, the form's phone and bank card typed on the keyboard."""
    app, window = walk.app, walk.window
    cases = window.cases
    cases.start(walker.ALLOWANCE)
    walk.sims.id_reader.insert_demo(0)
    cases.read_card()
    walk.until(lambda: walk.current() is cases.screen("form"), what="the form")
    form = cases.screen("form")
    pump(app, 0.5)
    typed = {}
    for name, digits in (("phone", "13812341234"), ("bank_account", "6222020200112233446")):
        field = form.inputs[name]
        tap_widget(app, field)
        keyboard = keys_ready(app, window, "1")
        if keyboard is None:
            shoot(window, png and f"{png}-form.png")
            say("form_no_keys", field=name, colours=[screen_colours(k) for k in window.findChildren(KeyboardWidget)])
            return 1
        if name == "phone":
            shoot(window, png and f"{png}-form.png")
        typed[name] = type_keys(app, keyboard, digits)
    say("form_typed", typed=typed, values={k: e.text() for k, e in form.inputs.items()})
    tap_widget(app, form.next_button)
    wait_for(app, lambda: walk.current() is not form, 5.0)
    say("form_next", screen=walk.current().objectName(), message=form.message.text())
    return 0


def unresolved(walk, png: str) -> int:
    """办不成事: pinyin with its candidates, the shift key's symbol, hide and Enter."""
    app, window = walk.app, walk.window
    tap_widget(app, window.home.unresolved_button)
    wait_for(app, lambda: walk.current().objectName() == "UnresolvedScreen", 5.0)
    screen = walk.current()
    screen.findChild(QScrollArea).ensureWidgetVisible(
        screen.text
    )  # as a finger's drag would (elder mode's reasons are tall)
    pump(app, 0.3)
    tap_widget(app, screen.text)
    keyboard = keys_ready(app, window, "h")
    if keyboard is None:
        shoot(window, png and f"{png}-unresolved.png")
        say(
            "unresolved_no_keys",
            colours=[screen_colours(k) for k in window.findChildren(KeyboardWidget)],
            where=[
                (k.parentWidget().objectName(), k.isVisible(), k.elder, k.geometry().getRect())
                for k in window.findChildren(KeyboardWidget)
            ],
        )
        return 1
    # The key in the shift key's place (pinyin's ' separator), before anything is typed.
    separator = visible_item(keyboard.rootObject(), lambda it: it.property("key") == int(Qt.Key.Key_Apostrophe))
    say("separator", brightest=brightest_when_drawn(app, keyboard, separator) if separator is not None else 0)
    type_keys(app, keyboard, "hukou")
    pump(app, 0.3)
    words = walker.keyboard_candidates(keyboard)
    shoot(window, png and f"{png}-unresolved.png")
    bar = max(words, key=lambda w: w.width(), default=None)
    say(
        "unresolved_typed",
        candidates=[w.property("candidateText") for w in words][:5],
        candidates_on_screen=screen_colours_of_item(keyboard, words[0]) if words else 0,
        widest=bar.width() if bar is not None else 0,
    )
    chosen = next((w for w in words if w.property("candidateText") == "户口"), None)
    if chosen is not None:
        tap_item(app, chosen)
    submit, kb_rect = global_rect(screen.submit_button), global_rect(keyboard)
    say(
        "unresolved_picked",
        text=screen.text.text(),
        focus=screen.focusWidget().objectName() if screen.focusWidget() else "",
        submit_visible=screen.submit_button.isVisible(),
        submit_covered=submit.intersects(kb_rect),
        submit_on_screen=window.geometry().contains(submit),
    )
    enter = visible_item(keyboard.rootObject(), lambda it: it.property("key") == int(Qt.Key.Key_Return))
    if enter is not None:
        tap_item(app, enter)
    say("unresolved_enter", focus=app.focusWidget() is screen.phone)
    hide = key_of_kind(keyboard, "HideKeyboardKey")
    if hide is not None:
        tap_item(app, hide)
    pump(app, 0.3)
    say("unresolved_hidden", keyboard_visible=keyboard.isVisible(), hide_key=hide is not None)

    screen.findChild(QScrollArea).ensureWidgetVisible(screen.phone)  # as a finger's drag would
    pump(app, 0.3)
    tap_widget(app, screen.phone)
    digits = keys_ready(app, window, "1")  # the phone field gets the digit keys
    shoot(window, png and f"{png}-unresolved-phone.png")
    typed = digits is not None and type_keys(app, digits, "13812341234")
    say(
        "unresolved_again",
        keyboard_visible=keyboard.isVisible(),
        keys=digits is not None,
        letters=digits is not None and key(digits, "h") is not None,
        phone=screen.phone.text() if typed else "",
    )
    return 0


def screen_colours_of_item(keyboard: KeyboardWidget, item) -> int:
    """Distinct colours the X server shows where a QML item of the keyboard is."""
    from PySide6.QtCore import QPointF

    p = item.mapToGlobal(QPointF(0, 0))
    shot = keyboard.screen().grabWindow(0, int(p.x()), int(p.y()), int(item.width()), int(item.height())).toImage()
    return len({shot.pixel(x, y) for x in range(shot.width()) for y in range(shot.height())})


def brightest_when_drawn(app, keyboard: KeyboardWidget, item, within_s: float = 3.0) -> int:
    """``brightest_on_screen`` once the key has its label, or as it is after ``within_s``:
    the keys come up a frame or two before the panel enables the separator (the full
    suite's run caught the grab in between once; a key drawn blank stays blank)."""
    deadline = time.monotonic() + within_s
    while True:
        bright = brightest_on_screen(keyboard, item)
        if bright >= 200 or time.monotonic() > deadline:
            return bright
        pump(app, 0.05)


def brightest_on_screen(keyboard: KeyboardWidget, item) -> int:
    """The grey level (0-255) of the brightest pixel the X server shows on a key: its
    label's, white on the dark key; a key drawn blank has only its dark face."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import qGray

    p = item.mapToGlobal(QPointF(0, 0))
    shot = keyboard.screen().grabWindow(0, int(p.x()), int(p.y()), int(item.width()), int(item.height())).toImage()
    return max(qGray(shot.pixel(x, y)) for x in range(shot.width()) for y in range(shot.height()))


def main(data_dir: str, what: str, png: str = "", setting: str = "") -> int:
    """``setting``: "" (normal, Chinese), "english", or "elder" (then the form is its
    digit pad and 办不成事 has elder mode's alphabetical pinyin keys)."""
    walk = walker.start(Path(data_dir))
    walk.window.showFullScreen()
    pump(walk.app, 0.5)
    if setting == "english":
        walk.language = "en"
    if setting == "elder":
        walk.mode = "elder"
    walk.restore()
    pump(walk.app, 0.5)
    if setting == "elder" and what == "form":
        return elder_form(walk, png)
    return {"form": case_form, "unresolved": unresolved}[what](walk, png)


def elder_form(walk, png: str) -> int:
    """Elder mode: the form of numbers gets the 110 px digit pad; no pinyin panel shows."""
    app, window = walk.app, walk.window
    cases = window.cases
    cases.start(walker.ALLOWANCE)
    walk.sims.id_reader.insert_demo(0)
    cases.read_card()
    walk.until(lambda: walk.current() is cases.screen("form"), what="the form")
    form = cases.screen("form")
    pump(app, 0.5)
    pad = form.digit_pad
    for name, digits in (("phone", "13812341234"), ("bank_account", "6222020200112233446")):
        tap_widget(app, form.inputs[name])
        for ch in digits:
            tap_widget(app, pad.keys[ch])
    shoot(window, png and f"{png}-elder-form.png")
    shown = [k for k in window.findChildren(KeyboardWidget) if k.isVisible()]
    say("form_typed", typed={"phone": True, "bank_account": True}, values={k: e.text() for k, e in form.inputs.items()})
    tap_widget(app, form.next_button)
    wait_for(app, lambda: walk.current() is not form, 5.0)
    say("form_next", screen=walk.current().objectName(), message=form.message.text(), pinyin_panels=len(shown))
    return 0


if __name__ == "__main__":
    # Out without tearing the window down, as keyboard_driver does: what is checked is
    # what the screen showed (a teardown of the demo's hub and devices is not).
    code = main(*sys.argv[1:5])
    sys.stdout.flush()
    os._exit(code)
