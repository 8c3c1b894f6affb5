"""``kiosk setup --cli`` / ``--yes``: the set-up's steps as questions on stdin.

Each question is one line; an empty answer or the end of input takes the default shown
in brackets, so a script can pipe the answers in (or pass every flag with ``--yes``).
Texts come from ``ui.i18n`` (Chinese; English with ``language = "en"`` not needed here:
the technician reads the same words as on the wizard).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

from kiosk.setup import SetupError, SetupSession, scan
from kiosk.setup.session import Identity
from ui.i18n import tr

NONE_WORDS = {"none", "no", "n", "无", "不"}
PIN_RE = re.compile(r"[0-9]{4,12}")
TERMINAL_RE = re.compile(r"[A-Za-z0-9_.-]{1,40}")
ROLE_RE = re.compile(r"kiosk|window|display")
WINDOW_RE = re.compile(r"[1-9][0-9]{0,2}")


class SetupDialogue:
    """One run of the text set-up; ``run()`` returns the exit status."""

    def __init__(self, args: argparse.Namespace, out: Path, stdin=None, stdout=None) -> None:
        self.args = args
        self.out = out
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.session = SetupSession(identity=Identity(**({"data_dir": args.data_dir} if args.data_dir else {})))
        self.problems: list[str] = []
        self.problem_data: dict[str, dict[str, object]] = {}

    # ---- talking -----------------------------------------------------------------------
    def say(self, key: str, **data: object) -> None:
        print(tr(key, **data), file=self.stdout, flush=True)

    def ask(self, key: str, default: str = "", **data: object) -> str:
        """The answer to one question (the default when empty, at end of input or --yes)."""
        shown = f"{tr(key, **data)} [{default}] " if default else f"{tr(key, **data)} "
        if self.args.yes:
            print(shown + default, file=self.stdout, flush=True)
            return default
        print(shown, end="", file=self.stdout, flush=True)
        line = self.stdin.readline()
        answer = line.strip()
        print(answer if line else "", file=self.stdout, flush=True)
        return answer or default

    def yes(self, key: str, **data: object) -> bool:
        if self.args.tests != "ask" or self.args.yes:
            return self.args.tests == "all"
        return self.ask(key, "Y", **data).lower() not in NONE_WORDS

    def failed(self, exc: SetupError) -> None:
        self.problems.append(exc.key)
        self.problem_data[exc.key] = dict(exc.data)  # the summary's words need them ({ports})
        self.say("setup.cli.failed", reason=tr(exc.key, **exc.data))

    # ---- the steps ---------------------------------------------------------------------
    def run(self) -> int:
        self.say("setup.cli.welcome", path=str(self.out))
        if self.out.exists() and not self.args.force:
            self.say("setup.cli.exists", path=str(self.out))
            return 2
        self.id_reader()
        self.printer()
        self.smartcard()
        self.camera()
        if not self.hub():
            return 2
        if not self.identity():
            return 2
        try:
            self.session.save(self.out, force=self.args.force)
        except SetupError as exc:
            self.failed(exc)
            return 2
        self.say("setup.cli.saved", path=str(self.out))
        for kind in ("id_reader", "printer", "smartcard", "camera", "hub"):
            key = self.session.results.get(kind, "device.disabled")
            result = tr(key, **self.problem_data.get(key, {}))
            self.say("setup.cli.summary", step=tr(f"setup.step.{kind}"), result=result)
        return 0

    def id_reader(self) -> None:
        self.say("setup.step.id_reader")
        if self.args.no_id_reader:
            return
        self.say("setup.id_reader.scanning")
        try:
            found = self.session.scan_id_reader(
                self.args.ports,
                on_attempt=lambda a: self.say(
                    "setup.id_reader.attempt", port=a.port, baud=a.baud, outcome=tr(f"setup.scan.{a.outcome}")
                ),
            )
        except SetupError as exc:
            self.failed(exc)
            return
        self.say("setup.id_reader.found_at", port=found.port, baud=found.baud)
        if self.yes("setup.ask.read_card"):
            try:
                card = self.session.read_card(timeout_s=10)
                self.say("setup.id_reader.card_text", name=card["name"], number=card["id_number"])
            except SetupError as exc:
                self.failed(exc)

    def printer(self) -> None:
        self.say("setup.step.printer")
        found = scan.printer_candidates()
        if found:
            self.say("setup.printer.candidates", found=", ".join(found))
        url = self.ask("setup.ask.printer", self.args.printer or (found[0] if found else "none"))
        if url.lower() in NONE_WORDS:
            return
        try:
            check = self.session.use_printer(url)
        except SetupError as exc:
            self.failed(exc)
            return
        self.say("setup.printer.answered", url=check.options["url"], state=tr(check.health.key))
        if self.yes("setup.ask.test_print"):
            try:
                result = self.session.test_print()
                self.say(self.session.results["printer"], bytes=result.bytes_sent)
            except SetupError as exc:
                self.failed(exc)

    def smartcard(self) -> None:
        self.say("setup.step.smartcard")
        names, why = scan.pcsc_candidates()
        if names:
            self.say("setup.smartcard.candidates", found=", ".join(names))
        elif why:
            self.say("setup.smartcard.none_listed", why=why)
        reader = self.ask("setup.ask.smartcard", self.args.smartcard or (names[0] if names else "none"))
        try:
            self.session.use_smartcard(None if reader.lower() in NONE_WORDS else reader)
        except SetupError as exc:
            self.failed(exc)

    def camera(self) -> None:
        self.say("setup.step.camera")
        found = scan.camera_candidates()
        source = self.ask("setup.ask.camera", self.args.camera or (found[0] if found else "none"))
        if source.lower() in NONE_WORDS:
            return
        try:
            self.session.use_camera(source)
        except SetupError as exc:
            self.failed(exc)
            return
        self.say("device.camera.ready")
        if self.yes("setup.ask.test_qr"):
            self.say("setup.camera.hold_qr")
            try:
                self.say("setup.camera.qr_seen_text", code=self.session.test_qr(timeout_s=15))
            except SetupError as exc:
                self.failed(exc)

    def hub(self) -> bool:
        """Pair with the hub (three tries of the code); False ends the set-up unwritten."""
        self.say("setup.step.hub")
        url = self.ask("setup.ask.hub", self.args.hub or "embedded")
        if url.strip().lower() == "embedded":
            return True
        code = self.args.code or ""
        for _ in range(1 if self.args.yes else 3):
            code = self.ask("setup.ask.code", code)
            try:
                paired = self.session.pair(url, code)
            except SetupError as exc:
                self.failed(exc)
                code = ""
                if exc.key in ("setup.hub.bad_url", "setup.hub.no_url"):
                    return False
                continue
            window = tr("setup.hub.window", window=paired.window) if paired.window else ""
            self.say("setup.hub.paired_text", terminal=paired.terminal, role=paired.role, window=window)
            return True
        return False

    def identity(self) -> bool:
        ident = self.session.identity
        self.say("setup.step.identity")
        if self.session.paired is None:
            role = self._valid("setup.ask.role", ident.role, ROLE_RE, "setup.role.bad")
            if role is None:
                return False
            ident.role = role
            if role == "window":
                number = self._valid("setup.ask.window", str(ident.window_no), WINDOW_RE, "setup.window.bad")
                if number is None:
                    return False
                ident.window_no = int(number)
        default_id = self.args.terminal_id or (
            self.session.paired.terminal
            if self.session.paired and TERMINAL_RE.fullmatch(self.session.paired.terminal)
            else ident.terminal_id
        )
        terminal_id = self._valid("setup.ask.terminal_id", default_id, TERMINAL_RE, "setup.terminal_id.bad")
        if terminal_id is None:
            return False
        ident.terminal_id = terminal_id
        hall = ident.hall
        ident.hall = replace(
            hall,
            code=self.ask("setup.ask.hall_code", self.args.hall_code or hall.code),
            name=self.ask("setup.ask.hall_name", self.args.hall_name or hall.name),
            area_code=self.ask("setup.ask.area_code", self.args.area_code or hall.area_code),
        )
        pin = self._valid("setup.ask.pin", self.args.pin or "", PIN_RE, "setup.pin.bad")
        if pin is None:
            return False
        ident.technician_pin = pin
        return True

    def _valid(self, key: str, default: str, pattern: re.Pattern[str], bad: str) -> str | None:
        for _ in range(1 if self.args.yes else 3):
            answer = self.ask(key, default)
            if pattern.fullmatch(answer):
                return answer
            self.failed(SetupError(bad))
            default = ""
        return None
