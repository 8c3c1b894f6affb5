"""What each kiosk screen says and where the keypad can go on it.

The protocol: a screen may define ``spoken_screen() -> ScreenSpeech``. The screens
that exist today get theirs here, read from their public widgets, so that voice
guidance needs no edits inside them; any other screen gets the generic reading (its
hero title, its buttons, a 返回/返回首页 button as the way back).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QWidget

from kiosk.guidance import Utterance
from ui import i18n
from ui.i18n import tr


@dataclass
class Stop:
    """One place the keypad focus can rest: a button, a list row, an input."""

    text: str
    widget: QWidget
    activate: Callable[[], None]
    item: QListWidgetItem | None = None
    short: str = ""  # its name in a short list (2-4 syllables, 取号); "" = ``text``

    def enabled(self) -> bool:
        return self.widget.isEnabled() and (self.item is None or bool(self.item.flags() & Qt.ItemFlag.ItemIsEnabled))


@dataclass
class ScreenSpeech:
    """A screen as guidance reads it.

    ``choices`` are numbered 1-9 for the keypad's digits; ``others`` follow them in the
    focus order; ``status`` is re-read while the screen shows and spoken when it changes
    (``error`` kind for a failure).
    """

    title: str
    prompt: list[Utterance] = field(default_factory=list)
    choices: list[Stop] = field(default_factory=list)
    others: list[Stop] = field(default_factory=list)
    back: Callable[[], None] | None = None
    status: list[Utterance] = field(default_factory=list)
    short_list: bool = False  # the title already asks for a number: say "1取号，2办事指南"

    @property
    def stops(self) -> list[Stop]:
        return [s for s in self.choices + self.others if s.widget.isVisible()]

    def signature(self) -> tuple:
        """Changes when the screen's content is replaced (a list loaded, a topic chosen)."""
        return (self.title, tuple(u.text for u in self.prompt), tuple(s.text for s in self.choices))


MARKS = re.compile(r"[‹›«»✓✔→←]\s*")  # drawn for the eye: "‹ 返回" is said 返回


def button_text(b: QAbstractButton) -> str:
    """What a button says: its accessible name (tiles: title and subtitle), else its text
    without the marks drawn on it (‹, ✓)."""
    return b.accessibleName() or MARKS.sub("", b.text()).strip()


def button_stop(b: QAbstractButton) -> Stop:
    return Stop(button_text(b), b, b.click)


def _visible_buttons(widgets: list[QAbstractButton]) -> list[Stop]:
    return [button_stop(b) for b in widgets if not b.isHidden()]


def _state(label: QLabel) -> Utterance | None:
    text = label.text()
    if not text or label.isHidden():
        return None
    return Utterance(text, "error" if label.property("state") == "offline" else "status")


def _nav_buttons(screen: QWidget) -> list[QPushButton]:
    return [b for b in screen.findChildren(QPushButton) if button_text(b) in (tr("nav.back"), tr("nav.home"))]


# -- the screens -------------------------------------------------------------------------------
def _home(s) -> ScreenSpeech:
    # Finding 5: the tiles' titles and subtitles took ~55 s to read. The list names each
    # choice in a few syllables after its number; a tile's full words are said when the
    # focus reaches it.
    choices = []
    for key, b in s.tile_buttons.items():
        if not b.isHidden():
            short = tr(f"voice.short.{key}") if i18n.has(f"voice.short.{key}") else tr(key)
            choices.append(Stop(button_text(b), b, b.click, short=short))
    return ScreenSpeech(
        tr("voice.home"),
        [Utterance(t.text(), "notice") for t in (s.notice,) if t.text() and not t.isHidden()],
        choices=choices,
        others=_visible_buttons([s.elder_button, s.language_button]),
        short_list=True,
    )


def _search(s) -> ScreenSpeech:
    if s.results.count():
        rows = [s.results.item(i) for i in range(s.results.count())]
        choices = [Stop(_row_text(s.results, r), s.results, _click_row(s.results, r), item=r) for r in rows]
    else:
        choices = _visible_buttons(s.topics.findChildren(QPushButton)) if s.topics.isVisibleTo(s) else []
    query = Stop(s.query.placeholderText(), s.query, s.query.setFocus)
    return ScreenSpeech(
        tr("tile.guides"),
        [Utterance(s.status.text(), "prompt")],
        choices=choices,
        others=[query, button_stop(s.home_button)],
        back=s.home_button.click,
    )


def _row_text(view: QListWidget, row: QListWidgetItem) -> str:
    """A result row as one phrase: name, department, whether it can be done here (a row
    that shows a card says what the card's accessible name says)."""
    card = view.itemWidget(row)
    text = card.accessibleName() if card is not None and card.accessibleName() else row.text()
    return "，".join(p.replace("✓", "").strip() for p in text.replace("\n", "，").split("，") if p.strip())


def _click_row(view: QListWidget, row: QListWidgetItem) -> Callable[[], None]:
    def pick() -> None:
        view.setCurrentItem(row)
        view.itemClicked.emit(row)  # what a tap on the row does

    return pick


def _guide(s) -> ScreenSpeech:
    back, home = _nav_buttons(s)[:2] if len(_nav_buttons(s)) >= 2 else (None, None)
    prompt = [Utterance(s.subtitle.text(), "prompt")] if s.subtitle.text() else []
    # The first card is what to bring (申请材料 / the bundle's items): read it with the
    # title; the rest of the guide is on the printed notice. (Read through the layout:
    # the cards of the previous guide are still children until deleted.)
    first = s.sections.itemAt(0).widget() if s.sections.count() else None
    labels = first.findChildren(QLabel) if first is not None else []
    if len(labels) >= 2:
        prompt.append(Utterance(f"{labels[0].text()}：{labels[1].text()}", "prompt"))
    msg = _state(s.message)
    if s.pages.currentWidget() is s.result:  # the print's result, in place of the guide
        msg = _state(s.result_title) or msg
    return ScreenSpeech(
        s.title.text(),
        prompt,
        choices=_visible_buttons([s.print_button, s.apply_button]),
        others=_visible_buttons([b for b in (back, home) if b is not None]),
        back=back.click if back is not None else None,
        status=[msg] if msg else [],
    )


def _generic(s: QWidget) -> ScreenSpeech:
    heroes = [w for w in s.findChildren(QLabel) if w.property("role") == "hero" and w.text() and w.isVisibleTo(s)]
    nav = _nav_buttons(s)
    buttons = [b for b in s.findChildren(QPushButton) if b.isVisibleTo(s) and b not in nav]
    inputs = [Stop(e.placeholderText(), e, e.setFocus) for e in s.findChildren(QLineEdit) if e.isVisibleTo(s)]
    return ScreenSpeech(
        heroes[0].text() if heroes else "",
        choices=[button_stop(b) for b in buttons],
        others=inputs + [button_stop(b) for b in nav],
        back=nav[0].click if nav else None,
    )


def _bundles(s) -> ScreenSpeech:
    speech = _generic(s)
    speech.title = tr("tile.bundles")
    speech.choices = _visible_buttons(list(s.buttons.values()))
    return speech


def _ticket_services(s) -> ScreenSpeech:
    hint = s.card_hint.text()
    read = hint != tr("ticket.card_hint")  # shows the masked name: personal
    prompt = [Utterance(hint, "prompt", private=read, neutral=tr("voice.card_read") if read else "")]
    if not s.priority_note.isHidden() and s.priority_note.text():
        prompt.append(Utterance(s.priority_note.text(), "prompt"))
    msg = _state(s.message)
    return ScreenSpeech(
        s.title.text(),
        prompt,
        choices=_visible_buttons(list(s.tiles.values())),
        others=_visible_buttons([*s.priority_buttons.values(), s.check_in_button, s.home_button]),
        back=s.home_button.click,
        status=[msg] if msg else [],
    )


def _ticket_done(s) -> ScreenSpeech:
    # The number and the people ahead (the announcement) go only to a headset.
    prompt = [Utterance(s.announcement, "prompt", private=True, neutral=tr("voice.ticket_neutral"))]
    status = []
    msg = _state(s.print_state)
    if msg:
        status.append(msg)
    if not s.write_down.isHidden() and s.write_down.text():  # holds the number
        status.append(Utterance(s.write_down.text(), "status", private=True, neutral=tr("voice.write_down_neutral")))
    return ScreenSpeech(
        s.heading.text(),
        prompt,
        choices=_visible_buttons([s.done_button, s.reprint_button]),
        back=s.done_button.click,
        status=status,
    )


def _browse(s) -> ScreenSpeech:
    """分类浏览 at any depth (个人 → life events, departments): its list rows are the choices."""
    rows = [s.list.item(i) for i in range(s.list.count())]
    hint = [Utterance(s.hint.text(), "prompt")] if s.hint.text() and not s.hint.isHidden() else []
    return ScreenSpeech(
        s.trail()[-1] if s.path else tr("browse.title"),
        hint,
        choices=[Stop(_row_text(s.list, r), s.list, _click_row(s.list, r), item=r) for r in rows],
        others=_visible_buttons([s.nav.back_button, s.nav.home_button]),
        back=s.nav.back_button.click,
    )


def _commitment(s) -> ScreenSpeech:
    """告知承诺: the text promised is read before 我承诺 is offered."""
    speech = _generic(s)
    speech.prompt = [Utterance(t.text(), "prompt") for t in (s.subtitle, s.text) if t.text()]
    return speech


def _rating(s) -> ScreenSpeech:
    """好差评: the five levels are the choices; the reasons follow a low level."""
    msg = _state(s.message)
    prompt = [Utterance(s.subtitle.text(), "prompt")] if s.subtitle.text() else []
    reasons = [b for b in s.reasons.values() if not b.isHidden()]
    if reasons:
        prompt.append(Utterance(s.reasons_label.text(), "prompt"))
    return ScreenSpeech(
        s.title.text(),
        prompt,
        choices=_visible_buttons([*s.levels.values(), *reasons, s.next_button, s.cancel_button]),
        others=_visible_buttons([s.anonymous]),
        back=s.cancel_button.click,
        status=[msg] if msg else [],
    )


ADAPTERS: dict[str, Callable[[QWidget], ScreenSpeech]] = {
    "BrowseScreen": _browse,
    "CaseCommitmentScreen": _commitment,
    "CaseRatingScreen": _rating,
    "KioskHomeScreen": _home,
    "GuideSearchScreen": _search,
    "GuideScreen": _guide,
    "BundleListScreen": _bundles,
    "TicketServicesScreen": _ticket_services,
    "TicketDoneScreen": _ticket_done,
}


def describe(screen: QWidget) -> ScreenSpeech:
    """How guidance reads ``screen``: its own ``spoken_screen()``, else its adapter."""
    own = getattr(screen, "spoken_screen", None)
    if callable(own):
        return own()
    return ADAPTERS.get(screen.objectName(), _generic)(screen)
