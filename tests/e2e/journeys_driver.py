"""The journeys of JOURNEYS.md walked by a finger: real pointer taps sent to the X server
with ``xdotool`` on the real kiosk or window under Xvfb with a kiosk window manager, the
demo's simulators (the TCP receipt printer, the ID reader, the camera), a live hub
subprocess (tests/rigs/hub.py), to the last piece of paper.

Run by ``test_journeys_pointer.py`` as ``python -m tests.e2e.journeys_driver JOURNEY
DATA_DIR`` with DISPLAY set; prints one JSON line per step (what the screen shows then,
what the printer printed, decoded back from its ESC/POS bytes, what guidance handed to
its voice). Screenshots of the key steps go to ``DATA_DIR/shots``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QPushButton, QScrollArea, QWidget

from drivers.printer.escpos_decode import decode, qr_payloads, text_lines
from kiosk.config.loader import demo_settings
from kiosk.core import Core
from kiosk.guidance.output import RecordingOutput
from kiosk.speech import EspeakVoice
from tests.e2e.keyboard_driver import pump, tap, tap_item, tap_widget, wait_for
from tests.e2e.keyboard_screens_driver import keys_ready, type_keys
from tests.helpers import bring_up_demo
from tests.rigs.hub import running_hub
from ui.app import create_application, start_role
from ui.screens.case_materials import state_text

# espeak-ng's mark of a switch to another language inside a sentence: "(en)" in a Chinese
# one ("(cmn)", back to Mandarin, is fine there), any in an English one.
SWITCH = {"zh_CN": re.compile(r"\((?!cmn\))[a-z]{2,3}(?:-[a-z]+)*\)"), "en": re.compile(r"\([a-z]{2,3}(?:-[a-z]+)*\)")}


class Stuck(Exception):
    """A step's screen never came: the journey stops there (named in the report)."""


def say(step: str, **data) -> None:
    print(json.dumps({"step": step, **data}, ensure_ascii=False), flush=True)


def texts(widget: QWidget) -> str:
    """Every text a person sees in ``widget``: its visible labels and buttons."""
    shown = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QPushButton) if w.isVisible()]
    return "\n".join(t for t in shown if t)


@dataclass
class Journey:
    """One terminal on the X screen, its simulators and the hub; how a finger drives it."""

    app: QApplication
    core: Core
    window: QWidget
    sims: object
    data: Path
    voice: RecordingOutput

    def tap(self, widget: QWidget) -> None:
        """A finger on ``widget``: scrolled into view first where it sits in a scrolling
        list (as a finger swipes), then tapped at its centre."""
        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(widget)
            pump(self.app, 0.1)
        # A screen just shown lays itself out on a posted event: until then its buttons sit
        # at a default place, and on a busy machine a tap at once missed the button.
        QApplication.sendPostedEvents()
        self.until(lambda: widget.isVisible() and not widget.visibleRegion().isEmpty(), "a place to tap", 10.0)
        tap_widget(self.app, widget)

    def tap_row(self, rows: QListWidget, index: int) -> None:
        """A finger on a list's row (its card), the list scrolled to it first."""
        item = rows.item(index)
        rows.scrollToItem(item)
        pump(self.app, 0.1)
        widget = rows.itemWidget(item)
        if widget is not None:
            self.tap(widget)
            return
        centre = rows.viewport().mapToGlobal(rows.visualItemRect(item).center())
        tap(self.app, centre.x(), centre.y())

    def type(self, field: QWidget, text: str) -> None:
        """Tap ``field`` and type ``text`` on the counter's keyboard (real key events)."""
        self.tap(field)
        subprocess.run(["xdotool", "type", "--delay", "30", text], check=True, timeout=20)
        self.until(lambda: field.text().endswith(text), f"{text} typed")

    def until(self, ready: Callable[[], bool], what: str, timeout_s: float = 15.0) -> None:
        if not wait_for(self.app, ready, timeout_s):
            self.shot(f"stuck-{what.replace(' ', '-')}")
            voice = getattr(self.window, "voice", None)
            log = [(s.text, s.route) for s in voice.guidance.log] if voice is not None else []
            say("heard", said=[t for t, _ in self.voice.said], log=log)
            message = getattr(self.current(), "message", None)  # a step's status line says why
            said = message.text() if isinstance(message, QLabel) else ""
            raise Stuck(
                f"{what}: showing {self.current().objectName()} «{texts(self.current())[:300]}» saying «{said}»"
            )

    def current(self) -> QWidget:
        return self.window.stack.currentWidget()

    def shot(self, name: str) -> None:
        """What the X server shows (not a widget's own grab)."""
        folder = self.data / "shots"
        folder.mkdir(exist_ok=True)
        QGuiApplication.primaryScreen().grabWindow(0).save(str(folder / f"{name}.png"))

    def heard(self, words: str) -> bool:
        """Whether the voice has begun a sentence with ``words`` in it (a new screen cuts
        off what is still queued)."""
        return any(words in text for text, _ in self.voice.said)

    def printed_since(self, jobs: int) -> list[str]:
        """The lines a person reads on the paper printed after the first ``jobs`` jobs."""
        self.until(lambda: len(self.sims.printer.jobs) > jobs, "the printer printing")
        lines: list[str] = []
        for job in self.sims.printer.jobs[jobs:]:
            lines += text_lines(decode(job, "gb18030"))
        return lines

    def qr_since(self, jobs: int) -> list[str]:
        return [q for job in self.sims.printer.jobs[jobs:] for q in qr_payloads(decode(job, "gb18030"))]

    def spoken(self) -> dict:
        """What guidance handed to its voice, and whether espeak-ng (as the kiosk's
        espeak voice is given it) stays in the sentence's language throughout."""
        espeak = EspeakVoice()
        said = list(self.voice.said)
        log = [(s.text, s.route, s.private, s.withheld) for s in self.window.voice.guidance.log]
        switches = []
        for text, lang in said:
            engine = espeak.engine_input(text, lang)
            phonemes = espeak.phonemes_of(engine[1], engine[0])
            if SWITCH[lang].search(phonemes):
                switches.append({"text": text, "engine": engine, "phonemes": phonemes})
        return {"said": [t for t, _ in said], "switches": switches, "log": log}


class _LoggedVoice(RecordingOutput):
    """The kiosk's voice for these journeys: records (text, language) as handed over,
    plays nothing (the build machines have no sound card)."""

    def say(self, text: str, lang: str, stop) -> None:
        if not stop.is_set():
            self.said.append((text, lang))  # type: ignore[arg-type]


@contextmanager
def terminal(
    data: Path, role: str = "kiosk", hub_role: str = "kiosk", hub_down: bool = False, **overrides
) -> Iterator[Journey]:
    """The ``role`` window maximised on this X screen, the demo's simulators, a live hub
    (``hub_down``: stopped before the terminal starts; ``journey.hub.start()`` brings it back)."""
    if role != "kiosk":  # the input method as the launcher starts the window (tools.walk sets the kiosk's)
        os.environ.pop("QT_IM_MODULE", None)
    app = create_application(onscreen_keyboard=role == "kiosk")
    with running_hub(data / "hub") as hub:
        if hub_down:
            hub.stop()
        base = demo_settings(role)
        settings = replace(
            base, data_dir=data / "app", hub=replace(base.hub, url=hub.url, token=hub.tokens[hub_role]), **overrides
        )
        core = Core.from_settings(settings)
        window = start_role(core, fullscreen=False)
        window.showMaximized()
        sims, stop = bring_up_demo(core)
        voice = _LoggedVoice()
        journey = Journey(app, core, window, sims, data, voice)
        journey.hub = hub
        try:
            if role == "kiosk":  # guidance comes with the first screen; its voice is chosen when it first speaks
                journey.until(lambda: window.voice is not None, "voice guidance")
                window.voice.guidance.output_for = lambda lang: voice
            yield journey
        finally:
            window.close()
            stop()


# -- journey 1 -------------------------------------------------------------------------------
def saturday_elder(data: Path) -> int:
    """JOURNEYS.md 1: 长辈模式, 高龄津贴 found by its initials on the big letter keys,
    what to bring read, the one-time notice printed, the warning, the countdown, forgotten."""
    with terminal(data) as j:
        w = j.window
        j.until(lambda: "tile.guides" in w.home.tile_buttons, "the home's tiles")
        pump(j.app, 0.5)
        hours = w.home.hours.text().replace("\u2060", "")
        j.tap(w.home.elder_button)
        j.until(lambda: w.home.elder_button.text() == "标准模式", "elder mode")
        j.shot("1-elder-home")
        say("elder", hours=hours, voice_on=w.voice.guidance.active, timeout_s=j.core.visit.timeout_s)

        j.tap(w.home.tile_buttons["tile.guides"])
        j.until(lambda: j.current().objectName() == "GuideSearchScreen", "the search screen")
        search = j.current()
        for letter in "gljt":
            j.tap(search.letters.keys[letter])
        j.until(lambda: search.result_names()[:1] == ["高龄津贴申领"], "高龄津贴 found")
        j.shot("1-elder-search")
        say("found", query=search.query.text(), results=search.result_names()[:3])

        j.tap_row(search.results, 0)
        j.until(lambda: j.current().objectName() == "GuideScreen", "the guide")
        guide = j.current()
        j.until(lambda: j.heard("高龄津贴申领"), "the guide read aloud")  # she listens first
        j.shot("1-elder-guide")
        say("guide", title=guide.title.text(), subtitle=guide.subtitle.text(), body=texts(guide.body))

        jobs = len(j.sims.printer.jobs)
        j.tap(guide.print_button)
        paper = j.printed_since(jobs)
        j.until(lambda: "已打印" in guide.result_title.text(), "已打印 on the screen")
        j.until(lambda: j.heard("已打印"), "已打印 said")  # she hears it before she moves on
        j.shot("1-elder-printed")
        say("notice", paper=paper, qr=j.qr_since(jobs), screen=guide.result_title.text())

        # She walks away: the visit's clock runs on by what she would have waited.
        shift = [0.0]
        j.core.visit.clock = lambda: time.monotonic() + shift[0]
        visit = j.core.visit
        shift[0] += visit.timeout_s - visit.warning_s + 1
        j.until(lambda: w.warning is not None and w.warning.isVisible(), "the idle warning")
        first = w.warning.body.text()
        j.until(lambda: w.warning.body.text() != first, "the countdown", 5.0)
        j.shot("1-elder-warning")
        say("warning", title=w.warning.title.text(), first=first, then=w.warning.body.text())
        j.until(lambda: j.heard("秒后将自动退出"), "the warning said")
        spoken = j.spoken()  # before the wipe forgets it
        shift[0] += visit.warning_s
        j.until(lambda: j.current() is w.home and w.home.elder_button.text() == "长辈模式", "the fresh home")
        j.shot("1-forgotten")
        say(
            "forgotten",
            state=visit.state.value,
            search_kept=any(s.objectName() == "GuideSearchScreen" and "gljt" in s.query.text() for s in screens(w)),
            voice_on=w.voice.guidance.active,
            timeout_s=visit.timeout_s,
            warning_shown=w.warning is not None and w.warning.isVisible(),
        )
        say("spoken", **spoken)
    return 0


# -- journey 4 -------------------------------------------------------------------------------
def key(j: Journey, name: str) -> None:
    """One real key press (XTEST) to the focused window: the kiosk's keypad."""
    subprocess.run(["xdotool", "key", name], check=True, timeout=10)
    pump(j.app, 0.35)


def choice_number(sentence: str, word: str) -> str:
    """The digit a spoken list gives the choice that names ``word``: "1，取号；2，..."."""
    match = re.search(rf"(\d)，?[^；，\d]*{word}", sentence.split("：", 1)[-1])
    if match is None:
        raise Stuck(f"no choice says {word} in «{sentence}»")
    return match.group(1)


def blind_ticket(data: Path) -> int:
    """JOURNEYS.md 4: a headset plugged into the jack (the demo's switch), the screens
    heard and 社保 chosen by the keypad's digits, the ticket printed, the number and
    the people ahead said only in the headset."""
    with terminal(data) as j:
        w = j.window
        j.until(lambda: "tile.ticket" in w.home.tile_buttons and w.demo_button is not None, "the home's tiles")
        pump(j.app, 0.5)
        j.tap(w.demo_button)  # 演示控制: the helper plugs the headphones in
        j.until(lambda: w.demo_panel is not None and "headset" in w.demo_panel.buttons, "the headset switch")
        j.tap(w.demo_panel.buttons["headset"])
        j.tap(w.demo_button)
        j.until(lambda: w.voice.guidance.headset_in and w.voice.guidance.active, "the headset heard")
        key(j, "0")  # say the screen again: the home's choices, in his ears
        j.until(lambda: any("取号" in t and "1" in t for t, _ in j.voice.said), "the home's choices said")
        home_choices = next(t for t, _ in j.voice.said if "取号" in t and "1" in t)
        key(j, choice_number(home_choices, "取号"))
        j.until(lambda: j.current().objectName() == "TicketServicesScreen", "the services")
        j.until(lambda: j.heard("社保"), "the services said")
        services = next(t for t, _ in j.voice.said if "社保" in t)
        j.shot("4-services")
        jobs = len(j.sims.printer.jobs)
        key(j, choice_number(services, "社保"))
        j.until(lambda: j.current().objectName() == "TicketDoneScreen", "the ticket taken")
        done = j.current()
        paper = j.printed_since(jobs)
        j.until(lambda: j.heard("您的号码是"), "the number said")
        pump(j.app, 1.0)  # anything said twice would be said by now
        j.shot("4-ticket")
        say(
            "ticket",
            number=done.number.text(),
            ahead=done.ahead.text(),
            screen=texts(done),
            paper=paper,
            services=services,
        )
        say("spoken", **j.spoken())
    return 0


# -- journey 3 -------------------------------------------------------------------------------
ALLOWANCE = "11610103MB282815164000509004000"  # 高龄津贴申领: the bank-card copy may come later (容缺)
BANK_COPY = "本人社会保障卡（金融账户）或银行卡复印件"


def pad_sign_in(j: Journey, screen: QWidget, staff: str = "3001", pin: str = "246810") -> None:
    """A staff number and PIN tapped on a sign-in screen's digit pad, then 确定."""
    j.tap(screen.staff)
    for digit in staff:
        j.tap(screen.pad.keys[digit])
    j.tap(screen.pin)
    for digit in pin:
        j.tap(screen.pad.keys[digit])
    j.tap(screen.pad.keys["OK"])


def sign_in(j: Journey) -> None:
    """The clerk signs in at the window."""
    w = j.window
    j.until(lambda: w.desk is not None and w.sign_in_screen.pad.keys["OK"].isEnabled(), "the sign-in screen")
    pad_sign_in(j, w.sign_in_screen)
    j.until(lambda: j.current() is w.clerk, "the desk after the PIN", 45.0)  # PBKDF2 at the hub, under load


def window_clerk(data: Path) -> int:
    """JOURNEYS.md 3: the clerk signs in with her PIN, calls the next ticket, reads the
    citizen's card, accepts 高龄津贴 with the bank-card copy to come later (容缺), prints
    the 受理凭证 with the case number, presses 办结; the pad's 满意 reaches the hub."""
    with terminal(data, role="window", hub_role="window:1") as j:
        w = j.window
        with j.hub.client("kiosk") as kiosk:
            kiosk.issue_ticket("A")
        sign_in(j)
        desk = w.clerk
        j.until(lambda: desk.call_button.isEnabled() and "1 人等候" in desk.queue_lines.text(), "a citizen waiting")
        j.tap(desk.call_button)  # 叫号
        j.until(lambda: desk.number.text() == "A001", "A001 called")
        j.core.demo.insert_card(0)
        j.tap(desk.read_button)
        j.until(lambda: "张**" in desk.citizen.text(), "the card read")
        j.shot("3-desk")
        say("called", number=desk.number.text(), citizen=desk.citizen.text(), clerk=desk.clerk_label.text())

        j.until(lambda: hasattr(w, "accept_button") and w.accept_button.isVisible(), "综合受理 in the header")
        j.tap(w.accept_button)
        j.until(lambda: j.current().objectName() == "AcceptanceItemScreen", "the items")
        items = j.current()
        j.type(items.query, "gljt")
        j.until(lambda: items.results.count() > 0 and "高龄津贴" in items.results.item(0).text(), "高龄津贴 found")
        j.tap_row(items.results, 0)
        j.until(lambda: j.current().objectName() == "CaseFormScreen", "the form, the card already read")
        form = j.current()
        fixed = texts(form)
        for name, value in (("phone", "13812341234"), ("bank_account", "6222020200112233446")):
            j.type(form.inputs[name], value)
        j.tap(form.next_button)
        j.until(lambda: j.current().objectName() == "AcceptanceChecklistScreen", "the checklist")
        checklist = j.current()
        slots = j.window.acceptance.draft.slots
        for i, slot in enumerate(slots):
            if slot.material.material_name == BANK_COPY:
                j.tap(checklist.tolerate_buttons[i])  # 容缺: she brings it within the time given
            elif slot.needed and not slot.settled:
                j.tap(checklist.receive_buttons[i])  # checked against the paper on the counter
            j.until(lambda i=i: j.current().state_labels[i].isVisible(), "the checklist again")
            checklist = j.current()
        j.shot("3-checklist")
        states = [label.text() for label in checklist.state_labels]
        j.tap(checklist.next_button)
        j.until(lambda: j.current().objectName() == "CaseCommitmentScreen", "the commitment")
        commitment = texts(j.current())
        j.tap(j.current().next_button)  # 我承诺
        j.until(lambda: j.current().objectName() == "CaseDeliveryScreen", "the delivery")
        j.tap(j.current().buttons["window"])
        j.tap(j.current().next_button)
        j.until(lambda: j.current().objectName() == "CaseReviewScreen", "the review")
        review = j.current()
        accept_words = review.next_button.text()
        jobs = len(j.sims.printer.jobs)
        j.tap(review.next_button)  # 确认受理
        paper = j.printed_since(jobs)
        j.until(lambda: j.current().objectName() == "CaseDoneScreen", "the case accepted")
        j.shot("3-accepted")
        say(
            "accepted",
            fixed=fixed,
            states=states,
            commitment=commitment,
            accept=accept_words,
            paper=paper,
            screen=texts(j.current()),
        )
        numbers = j.hub.query("select case_number, task_code from cases")
        j.tap(j.current().next_button)  # 返回窗口
        j.until(lambda: j.current() is desk, "the desk again")
        j.tap(desk.finish_button)  # 办结: the pad on the counter lights up
        j.until(lambda: j.window.desk.view.rating == "asking", "the pad asking")
        j.core.demo.tap_rating(5)  # the citizen presses 满意 on the pad
        j.until(lambda: j.window.desk.view.rating == "received", "the rating")
        j.until(lambda: j.hub.query("select satisfaction from evaluations"), "the rating at the hub")
        say(
            "rated",
            cases=numbers,
            evaluations=j.hub.query("select satisfaction, window_no, work_no, record from evaluations"),
            desk=texts(desk),
        )
    return 0


# -- journey 2 -------------------------------------------------------------------------------
SHOP = "11610103MB166053774000114001000"  # 个体工商户设立登记


def osk(j: Journey, first_key: str):
    """The on-screen keyboard on show, once its key ``first_key`` is drawn."""
    keyboard = keys_ready(j.app, j.window, first_key)
    if keyboard is None:
        raise Stuck(f"no on-screen key {first_key!r} on the screen")
    return keyboard


def osk_type(j: Journey, field: QWidget, text: str) -> None:
    """Tap ``field``, then type ``text`` (digits, latin) on the on-screen keyboard."""
    j.tap(field)
    if not type_keys(j.app, osk(j, text[0]), text):
        raise Stuck(f"a key of {text!r} is missing")
    j.until(lambda: field.text() == text, f"{text} in the field")


def osk_word(j: Journey, field: QWidget, pinyin: str, word: str) -> None:
    """Tap ``field``, type ``pinyin`` on the on-screen keyboard, pick ``word`` from the
    candidates shown."""
    from tools import walk as walker

    j.tap(field)
    keyboard = osk(j, pinyin[0])
    if not type_keys(j.app, keyboard, pinyin):
        raise Stuck(f"a key of {pinyin!r} is missing")
    chosen: list = []

    def offered() -> bool:
        chosen[:] = [w for w in walker.keyboard_candidates(keyboard) if w.property("candidateText") == word]
        return bool(chosen)

    j.until(offered, f"{word} among the candidates")
    tap_item(j.app, chosen[0])
    j.until(lambda: field.text().endswith(word), f"{word} in the field")


def offline_shop(data: Path) -> int:
    """JOURNEYS.md 2: the hub unreachable since morning; "面馆" typed on the pinyin
    keyboard finds 个体工商户设立登记 (and 企业开办); the card read, the form typed on
    the on-screen keys, the lease and the application form captured by the document
    camera; the 申报回执 prints with the reference; the case waits in the outbox; the line
    returns and it reaches the hub once, with its official number."""
    with terminal(data, hub_down=True) as j:
        w = j.window
        j.until(lambda: "tile.apply" in w.home.tile_buttons, "the home's tiles")
        pump(j.app, 0.5)
        j.tap(w.home.tile_buttons["tile.guides"])
        j.until(lambda: j.current().objectName() == "GuideSearchScreen", "the search screen")
        search = j.current()
        osk_word(j, search.query, "mianguan", "面馆")
        j.until(lambda: search.result_names()[:1] == ["个体工商户设立登记"], "个体工商户设立登记 found")
        j.shot("2-search")
        say("found", query=search.query.text(), rows=search.rows()[:6], header=texts(w.header))
        row = next(i for i, (kind, code, _) in enumerate(search.rows()) if code == SHOP)
        j.tap_row(search.results, row)
        j.until(lambda: j.current().objectName() == "GuideScreen", "the guide")
        j.tap(j.current().apply_button)  # 立即办理
        j.until(lambda: j.current().objectName() == "CaseIdentifyScreen", "the identify step")
        j.core.demo.insert_card(0)
        j.tap(j.current().card_button)
        j.until(lambda: j.current().objectName() == "CaseFormScreen", "the form")
        form = j.current()
        j.core.demo.remove_card()  # he takes his card back once it is read
        osk_type(j, form.inputs["phone"], "13812341234")
        osk_word(j, form.inputs["shop_name"], "mianguan", "面馆")
        osk_word(j, form.inputs["business_scope"], "canyin", "餐饮")
        j.shot("2-form")
        fixed = texts(form)
        j.tap(form.next_button)
        paper = the_rest_of_the_application(j, also_capture=("premises_proof",))  # his lease, on the camera
        materials = [state_text(slot) for slot in w.cases.draft.slots]
        captured = [slot.material.material_name for slot in w.cases.draft.slots if slot.pages]
        qr = j.qr_since(len(j.sims.printer.jobs) - 1)  # the receipt's
        j.shot("2-receipt")
        outbox = [(r.state, r.kind) for r in j.core.cases.sync.outbox.records() if r.kind == "case"]
        say(
            "stored",
            fixed=fixed,
            captured=captured,
            materials=materials,
            paper=paper,
            qr=qr,
            screen=texts(j.current()),
            outbox=outbox,
        )
        reference = w.cases.case.reference
        j.tap(j.current().next_button)  # 完成: he leaves; the line returns in the afternoon
        j.hub.start()
        j.until(lambda: j.hub.query("select count(*) from cases")[0][0] == 1, "the case at the hub", 60.0)
        j.until(
            lambda: all(r.state == "sent" for r in j.core.cases.sync.outbox.records() if r.kind == "case"),
            "the outbox emptied",
            30.0,
        )
        pump(j.app, 1.0)  # a second push would have come by now
        found = j.core.cases.find(qr[0])  # what 办件查询 does with his receipt's QR code
        say(
            "delivered",
            at_hub=j.hub.query("select case_number, task_code from cases"),
            reference=reference,
            found=found.case_number if found is not None else None,
        )
    return 0


# -- journey 6 -------------------------------------------------------------------------------
def the_rest_of_the_application(j: Journey, also_capture: tuple[str, ...] = ()) -> list[str]:
    """From the materials to the paper: 容缺 where the item allows it, the rest (and the
    optional materials ``also_capture`` names) captured by the document camera, 我承诺,
    窗口领取, 提交申报; the lines printed."""
    w = j.window
    j.until(lambda: j.current().objectName() == "CaseMaterialsScreen", "the materials")
    draft = w.cases.draft
    for i, slot in enumerate(draft.slots):
        wanted = slot.material.material_key in also_capture
        if not wanted and (slot.settled or not slot.needed):
            continue
        if not wanted and draft.can_tolerate(i):  # not brought along: 容缺
            j.tap(j.current().tolerate_buttons[i])
            j.until(lambda i=i: draft.slot(i).settled, "容缺 taken")
            continue
        j.tap(j.current().capture_buttons[i])
        j.until(lambda: j.current().objectName() == "CaseCaptureScreen", "the camera")
        j.tap(j.current().shoot_button)
        j.until(lambda i=i: bool(draft.slot(i).pages), "the page taken", 20.0)
        j.tap(j.current().next_button)
        j.until(lambda: j.current().objectName() == "CaseMaterialsScreen", "the materials again")
    j.tap(j.current().next_button)
    j.until(lambda: j.current().objectName() == "CaseCommitmentScreen", "the commitment")
    j.tap(j.current().next_button)  # 我承诺
    j.until(lambda: j.current().objectName() == "CaseDeliveryScreen", "the delivery")
    j.tap(j.current().buttons["window"])
    j.tap(j.current().next_button)
    j.until(lambda: j.current().objectName() == "CaseReviewScreen", "the review")
    jobs = len(j.sims.printer.jobs)
    j.tap(j.current().next_button)  # 提交申报
    paper = j.printed_since(jobs)
    j.until(lambda: j.current().objectName() == "CaseDoneScreen", "the case stored")
    return paper


def helper_assists(data: Path) -> int:
    """JOURNEYS.md 6: 呼叫帮助 in the header; the volunteer signs in as helper with her
    PIN (帮办中 shows); she applies for 高龄津贴 on the citizen's behalf (his card, the
    phone and bank card on the on-screen keys, the bank-card copy 容缺, the form on the
    camera); the receipt names who helped; every step she took is at the hub."""
    with terminal(data) as j:
        w = j.window
        j.until(lambda: "tile.apply" in w.home.tile_buttons, "the home's tiles")
        pump(j.app, 0.5)
        j.tap(w.assist.help_button)  # 呼叫帮助
        j.until(lambda: j.current().objectName() == "HelpSentScreen", "help called")
        j.until(lambda: j.hub.query("select count(*) from help_requests")[0][0] == 1, "the call at the hub", 30.0)
        called = texts(j.current())
        j.tap(j.current().staff_button)  # 工作人员: the volunteer comes
        j.until(lambda: j.current().objectName() == "HelperSignInScreen", "the helper's sign-in")
        pad_sign_in(j, j.current())
        j.until(lambda: w.assist.badge.isVisible(), "帮办中 in the header", 45.0)
        badge = texts(w.assist.badge) or w.assist.badge.text()
        j.until(lambda: j.current() is not w.assist.sign_in_screen, "back where help was called")
        if j.current() is not w.home:
            j.tap(j.current().back_button)
        j.until(lambda: j.current() is w.home, "the home")
        j.tap(w.home.tile_buttons["tile.apply"])  # 自助申报
        j.until(lambda: j.current().objectName() == "GuideSearchScreen", "the items done here")
        search = j.current()
        j.until(lambda: any(code == ALLOWANCE for _, code, _ in search.rows()), "高龄津贴 among them")
        row = next(i for i, (_, code, _) in enumerate(search.rows()) if code == ALLOWANCE)
        j.tap_row(search.results, row)
        j.until(lambda: j.current().objectName() == "GuideScreen", "the guide")
        j.tap(j.current().apply_button)
        j.until(lambda: j.current().objectName() == "CaseIdentifyScreen", "the identify step")
        j.core.demo.insert_card(0)  # the citizen's card, handed to her
        j.tap(j.current().card_button)
        j.until(lambda: j.current().objectName() == "CaseFormScreen", "the form")
        form = j.current()
        j.core.demo.remove_card()
        osk_type(j, form.inputs["phone"], "13812341234")
        osk_type(j, form.inputs["bank_account"], "6222020200112233446")
        j.tap(form.next_button)
        paper = the_rest_of_the_application(j)
        j.shot("6-receipt")
        case = w.cases.case
        j.until(lambda: w.cases.case.case_number, "the case number from the hub", 30.0)
        j.until(
            lambda: j.hub.query("select count(*) from audit_log where action = 'case.submitted'")[0][0] == 1,
            "the helper's steps at the hub",
            30.0,
        )
        done = j.current()
        receipt_screen = texts(done)
        j.tap(done.rate_button)  # 评价本次服务: the citizen rates it 5
        j.until(lambda: j.current().objectName() == "CaseRatingScreen", "the rating")
        j.tap(j.current().levels[5])
        j.tap(j.current().next_button)
        j.until(lambda: j.hub.query("select satisfaction from evaluations"), "the rating at the hub", 30.0)
        rated = j.hub.query("select satisfaction, record from evaluations")
        say(
            "assisted",
            rated=rated,
            called=called,
            badge=badge,
            paper=paper,
            reference=case.reference,
            number=w.cases.case.case_number,
            screen=receipt_screen,
            steps=j.hub.query("select helper, screen, action, details from audit_log order by received_at"),
        )
    return 0


# -- English on an upright screen ---------------------------------------------------------------
def english_portrait(data: Path) -> int:
    """A visitor on an upright kiosk switches to English and voice guidance, prints the
    one-time notice of an item he can apply for here, then takes a number: both read back
    from the paper in English."""
    with terminal(data) as j:
        w = j.window
        j.until(lambda: "tile.apply" in w.home.tile_buttons, "the home's tiles")
        pump(j.app, 0.5)
        j.tap(w.home.language_button)
        j.until(lambda: w.home.elder_button.text() == "Large text", "the home in English")
        j.tap(w.voice.toggle)  # 语音播报 on
        j.until(lambda: w.voice.guidance.active, "voice guidance on")
        j.shot("7-home")
        home = {"size": [w.width(), w.height()], "texts": texts(w.home), "header": texts(w.header)}
        j.tap(w.home.tile_buttons["tile.apply"])
        j.until(lambda: j.current().objectName() == "GuideSearchScreen", "the items done here")
        search = j.current()
        j.until(lambda: any(code == ALLOWANCE for _, code, _ in search.rows()), "高龄津贴 among them")
        j.tap_row(search.results, next(i for i, (_, code, _) in enumerate(search.rows()) if code == ALLOWANCE))
        j.until(lambda: j.current().objectName() == "GuideScreen", "the guide")
        guide = j.current()
        jobs = len(j.sims.printer.jobs)
        j.tap(guide.print_button)
        notice = j.printed_since(jobs)
        j.until(lambda: guide.pages.currentWidget() is guide.result, "the print's result")
        j.until(lambda: j.heard("Printed."), "Printed said")  # heard before the next tap cuts it off
        j.shot("7-notice")
        notice_screen = texts(guide)
        j.tap(button(guide, "nav.home"))
        j.until(lambda: j.current() is w.home and "tile.ticket" in w.home.tile_buttons, "the home")
        j.tap(w.home.tile_buttons["tile.ticket"])
        j.until(lambda: j.current().objectName() == "TicketServicesScreen", "the services")
        services = j.current()
        j.until(lambda: len(services.tiles) >= 3, "the services listed")
        jobs = len(j.sims.printer.jobs)
        j.tap(next(iter(services.tiles.values())))
        j.until(lambda: j.current().objectName() == "TicketDoneScreen", "the ticket taken")
        ticket = j.printed_since(jobs)
        j.until(lambda: j.heard("Here is your number"), "the ticket screen said")
        j.shot("7-ticket")
        say(
            "english",
            home=home,
            notice=notice,
            notice_screen=notice_screen,
            ticket=ticket,
            ticket_screen=texts(j.current()),
        )
        say("spoken", **j.spoken())
    return 0


def button(screen: QWidget, key: str) -> QPushButton:
    """The visible button of ``screen`` that says the text of ``key``."""
    from ui.i18n import tr

    found = [b for b in screen.findChildren(QPushButton) if b.isVisible() and b.text() == tr(key)]
    if not found:
        raise Stuck(f"no button {tr(key)!r} on {screen.objectName()}")
    return found[0]


def screens(window: QWidget) -> list[QWidget]:
    return [window.stack.widget(i) for i in range(window.stack.count())]


JOURNEYS = {
    "saturday_elder": saturday_elder,
    "offline_shop": offline_shop,
    "window_clerk": window_clerk,
    "blind_ticket": blind_ticket,
    "helper_assists": helper_assists,
    "english_portrait": english_portrait,
}


def main(journey: str, data: str) -> int:
    try:
        return JOURNEYS[journey](Path(data))
    except Stuck as exc:
        say("stuck", at=str(exc))
        return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
