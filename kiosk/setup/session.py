"""``SetupSession``: the set-up's steps and what they found, for the CLI and the wizard.

    session = SetupSession()
    session.scan_id_reader(["/dev/ttyUSB0"])     # port and baud, or SetupError
    session.read_card()                          # the technician's own card, masked
    session.use_printer("192.168.1.50")          # status query; paper state
    session.test_print()
    session.use_camera("0"); session.test_qr()   # a QR held to the camera
    session.pair("http://hub:8700", "123456")    # token from the hub, proven once
    session.save(Path("/etc/hall-kiosk/config.toml"))

Every step runs device I/O on the calling thread: the wizard calls them from a worker,
never from the GUI thread. Errors are ``SetupError`` with a message key and data.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from common.errors import KeyedError
from common.masking import mask_id_number, mask_name
from drivers import registry
from drivers.camera.codes import CodeReader
from drivers.errors import DeviceError
from drivers.health import HealthState
from drivers.printer.testpage import test_receipt
from kiosk.config import ConfigError, DeviceSettings, HallSettings, HubSettings, Settings, load_text
from kiosk.config.dump import to_toml
from kiosk.config.loader import default_data_dir
from kiosk.config.starting import new_technician_pin, write_new
from kiosk.hall_time import hall_now
from kiosk.setup import hub_link, scan

STEPS = ("id_reader", "printer", "smartcard", "camera", "hub", "save")
DEVICE_STEPS = STEPS[:4]


class SetupError(KeyedError):
    """A step that did not work: ``key`` names why (a message key), ``data`` fills it."""


@dataclass
class Identity:
    """Who the terminal is in the hall (role, window, names), as the technician says."""

    role: str = "kiosk"
    window_no: int = 1
    terminal_id: str = "T-0001"
    technician_pin: str = ""
    hall: HallSettings = field(default_factory=HallSettings)
    data_dir: Path = field(default_factory=default_data_dir)


class SetupSession:
    """The set-up in progress (Qt-free; one per run of ``kiosk setup``)."""

    def __init__(
        self, *, identity: Identity | None = None, trier: Callable[[str, int], str] = scan.try_find_card
    ) -> None:
        self.identity = identity or Identity()
        self.devices: dict[str, DeviceSettings] = {k: DeviceSettings(k, "none") for k in registry.KINDS}
        self.results: dict[str, str] = {}  # step -> message key of its last outcome
        self.hub_url = ""
        self.token = ""
        self.paired: hub_link.Pairing | None = None
        self._trier = trier

    # ---- ID reader ---------------------------------------------------------------------
    def scan_id_reader(
        self,
        ports: Iterable[str] = (),
        *,
        bauds: Iterable[int] = scan.BAUDS,
        on_attempt: Callable[[scan.Attempt], None] = lambda a: None,
    ) -> scan.ReaderFound:
        """Find the reader's port and speed with the find-card command."""
        candidates = scan.candidate_ports(ports)
        if not candidates:
            raise self._fail("id_reader", "setup.id_reader.no_ports")
        found = scan.find_id_reader(candidates, bauds, on_attempt, self._trier)
        if found is None:
            raise self._fail("id_reader", "setup.id_reader.not_found", ports=len(candidates))
        self.devices["id_reader"] = DeviceSettings("id_reader", "serial", {"url": found.port, "baud": found.baud})
        self.results["id_reader"] = "setup.id_reader.found"
        return found

    def read_card(self, timeout_s: float = 10.0) -> dict[str, str]:
        """Read the card on the reader (waits up to ``timeout_s``); masked fields only."""
        card = self._with("id_reader", lambda d: d.read_card(timeout_s=timeout_s))
        self.results["id_reader"] = "setup.id_reader.card_read"
        return {"name": mask_name(card.name), "id_number": mask_id_number(card.id_number), "card_type": card.card_type}

    # ---- printer -----------------------------------------------------------------------
    def use_printer(self, url: str) -> scan.DeviceCheck:
        """Ask the printer at ``url`` for its status; kept when it answers."""
        check = scan.check_printer(url)
        answered: tuple[HealthState, ...] = (HealthState.OK, HealthState.DEGRADED)
        # A USB printer class device (/dev/usb/lp0) often cannot report back through the
        # kernel's printer driver: kept as "no answer", the test print then tells.
        if check.backend == "file" and check.health.state == HealthState.UNKNOWN:
            answered = (*answered, HealthState.UNKNOWN)
        if check.health.state not in answered:
            raise self._fail("printer", check.health.key, **check.health.data)
        self.devices["printer"] = DeviceSettings("printer", check.backend, check.options)
        self.results["printer"] = check.health.key
        return check

    def test_print(self) -> Any:
        """Print the test receipt; returns the printer's ``PrintResult``."""
        result = self._with("printer", lambda d: d.print_receipt(test_receipt(hall_now(self.identity.hall.timezone))))
        if not result.confirmed:
            self.results["printer"] = "setup.printer.printed_unconfirmed"
        else:
            self.results["printer"] = "setup.printer.printed"
        return result

    # ---- social security card reader ---------------------------------------------------
    def use_smartcard(self, reader: str | None) -> scan.DeviceCheck | None:
        """Use the PC/SC reader whose name contains ``reader`` ("" = the first; None = none)."""
        if reader is None:
            self.devices["smartcard"] = DeviceSettings("smartcard", "none")
            self.results["smartcard"] = "device.disabled"
            return None
        check = scan.check_smartcard(reader)
        if check.health.state == HealthState.OFFLINE:
            raise self._fail("smartcard", check.health.key, **check.health.data)
        self.devices["smartcard"] = DeviceSettings("smartcard", "pcsc", {"reader": reader})
        self.results["smartcard"] = check.health.key
        return check

    # ---- camera ------------------------------------------------------------------------
    def use_camera(self, source: str) -> scan.DeviceCheck:
        check = scan.check_camera(source)
        if not check.ok:
            raise self._fail("camera", check.health.key, **check.health.data)
        self.devices["camera"] = DeviceSettings("camera", "opencv", check.options)
        self.results["camera"] = check.health.key
        return check

    def test_qr(self, timeout_s: float = 15.0, clock: Callable[[], float] = time.monotonic) -> str:
        """Wait for a QR code held to the camera; returns it masked (first and last 4)."""

        def look(camera: Any) -> str | None:
            reader = CodeReader()
            until = clock() + timeout_s
            n = 0
            while clock() < until:
                frame = camera.read_frame()
                n += 1
                if n % 2:  # every other frame, as the live scanner does (HARDWARE.md §4)
                    continue
                for code in reader.decode(frame):
                    if code.kind == "qr":
                        p = code.payload
                        return p if len(p) <= 8 else f"{p[:4]}…{p[-4:]}"
            return None

        payload = self._with("camera", look)
        if payload is None:
            raise self._fail("camera", "setup.camera.no_qr", seconds=int(timeout_s))
        self.results["camera"] = "setup.camera.qr_seen"
        return payload

    # ---- hub ---------------------------------------------------------------------------
    def pair(self, hub_url: str, code: str) -> hub_link.Pairing:
        """Exchange the pairing code for this terminal's token and prove it works once."""
        try:
            url = hub_link.normalize_url(hub_url)
            paired = hub_link.pair(url, code)
            hub_link.verify(url, paired.token)
            hall = hub_link.hall_code(url)
        except hub_link.HubLinkError as exc:
            raise self._fail("hub", exc.key, **exc.data) from None
        self.hub_url, self.token, self.paired = url + "/", paired.token, paired
        if paired.role in ("kiosk", "window", "display"):
            self.identity.role = paired.role
        if paired.window:
            self.identity.window_no = int(paired.window)
        if hall and self.identity.hall.code == HallSettings().code:  # not typed in yet
            self.identity.hall = replace(self.identity.hall, code=hall)
        self.results["hub"] = "setup.hub.paired"
        return paired

    # ---- the file ----------------------------------------------------------------------
    def settings(self) -> Settings:
        """The configuration this set-up writes, validated as ``kiosk config check`` does."""
        ident = self.identity
        hub = HubSettings(url=self.hub_url or "embedded", token=self.token)
        if self.paired is not None and self.paired.person_key:  # the hall's own, from pairing
            hub = replace(hub, person_key=self.paired.person_key)
        settings = Settings(
            role=ident.role,
            demo=False,
            fullscreen=True,
            terminal_id=ident.terminal_id,
            data_dir=ident.data_dir,
            technician_pin=ident.technician_pin or new_technician_pin(),  # validated as a PIN until one is entered
            log_json=True,
            hall=replace(ident.hall, window_no=ident.window_no),
            hub=hub,
            devices=dict(self.devices),
        )
        try:
            return load_text(to_toml(settings, hide_secrets=False), "set-up")
        except ConfigError as exc:
            raise SetupError("setup.config.invalid", field=exc.key, problem=exc.problem) from None

    def config_text(self) -> str:
        head = (
            "# Written by `kiosk setup` on "
            f"{dt.datetime.now().isoformat(timespec='minutes')}; check with `kiosk config check`.\n"
        )
        return head + to_toml(self.settings(), hide_secrets=False)

    def save(self, path: Path, *, force: bool = False) -> Path:
        """Write the file atomically, mode 0600 (the token and the PIN are in it)."""
        pin = self.identity.technician_pin
        if not pin:
            raise self._fail("save", "setup.pin.missing")
        if not (4 <= len(pin) <= 12 and pin.isascii() and pin.isdigit()):
            raise self._fail("save", "setup.pin.bad")
        text = self.config_text()
        try:
            write_new(path, text, force=force)
        except ConfigError as exc:
            raise self._fail("save", "setup.config.cannot_write", path=str(path), problem=exc.problem) from None
        self.results["save"] = "setup.saved"
        return path

    # ---- helpers -----------------------------------------------------------------------
    def _fail(self, step: str, key: str, **data: Any) -> SetupError:
        self.results[step] = key
        return SetupError(key, **data)

    def _with(self, kind: str, action: Callable[[Any], Any]) -> Any:
        """Build the configured device, run ``action`` on it, close it."""
        dev = self.devices[kind]
        if not dev.enabled:
            raise self._fail(kind, "setup.not_found_yet")
        device = None
        try:
            device = registry.create(kind, dev.backend, dict(dev.options))
            return action(device)
        except DeviceError as exc:
            raise self._fail(kind, exc.key, **exc.data) from None
        finally:
            if device is not None:
                try:
                    device.close()
                except Exception:
                    pass
