"""办不成事 (could not get it done): the citizen's report for the hall's 办不成事 window and
the 12345 hotline hand-off, and the slip they take home.

    desk = UnresolvedDesk(sync.put_record, hall_code="610103-HALL")
    report = desk.file(tried="高龄津贴申领", task_code="1161...", reasons=("materials",),
                       text="", phone="138 1234 1234")
    receipt = unresolved_slip(report, hall_name=..., tr=tr)

``file`` stores ONE outbox record (kind ``unresolved_report``) with the phone and the
free text sealed, and returns once it is durable; the slip's reference number is made
here, so it prints at once (also offline) and the hub keeps the same number.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from common.errors import KeyedError
from common.masking import mask_phone, scrub
from drivers.printer.receipt import Receipt
from kiosk.audit import Put
from kiosk.hall_time import DEFAULT_ZONE, hall_local
from kiosk.logs import log_event
from offline_cache.wire.assist import PHONE_RE, UNRESOLVED_REASONS, UnresolvedReport

if TYPE_CHECKING:
    from kiosk.devices import DeviceManager

KIND = "unresolved_report"
HOTLINE = "12345"
REASONS = UNRESOLVED_REASONS  # the form's tappable reasons, in order
MAX_TEXT = 300


class ReportError(KeyedError):
    """A form that cannot be filed: ``key`` names what to fix (the screen's words)."""


def normalise_phone(text: str) -> str:
    """The digits of a phone number typed with spaces or dashes ("" stays "").

    Raises:
        ReportError: ``unresolved.phone_invalid`` (not a mobile or a landline with area code).
    """
    digits = re.sub(r"[\s\-()]", "", text or "")
    if digits and not PHONE_RE.fullmatch(digits):
        raise ReportError("unresolved.phone_invalid")
    return digits


def new_reference(now: dt.datetime) -> str:
    """``BB20261205-3F9A2C1D``: the date and 8 random capitals/digits."""
    return f"BB{now:%Y%m%d}-{secrets.token_hex(4).upper()}"


@dataclass(frozen=True)
class FiledReport:
    """A stored report, in the form screens and paper show (phone masked)."""

    reference: str
    record_id: str
    reported_at: dt.datetime
    tried: str
    task_code: str
    reasons: tuple[str, ...]
    text: str  # scrubbed of ID-like and mobile-like runs (also as sent)
    phone_masked: str


class UnresolvedDesk:
    """Files 办不成事 reports into the outbox.

    Args:
        put: ``SyncService.put_record``.
        hall_code: the hall.
        clock: wall-clock seconds.
        devices: the terminal's devices, for the slip (None: no slip is printed).
    """

    def __init__(
        self,
        put: Put,
        *,
        hall_code: str = "",
        clock: Callable[[], float] = time.time,
        zone: str = DEFAULT_ZONE,
        devices: DeviceManager | None = None,
    ) -> None:
        self._put = put
        self.hall_code = hall_code
        self.clock = clock
        self.zone = zone
        self.devices = devices

    def print_slip(
        self, report: FiledReport, *, hall_name: str, tr: Callable[..., str], helper: str = ""
    ) -> Future[Any]:
        """Print ``report``'s slip on the printer's thread (``helper``: 帮办人员 on an
        assisted visit's paper).

        Thread: any; the Future completes on the printer's thread (a fault is its exception).

        Raises:
            DeviceUnavailable: no printer is configured.
        """
        from drivers.errors import DeviceUnavailable

        if self.devices is None:
            raise DeviceUnavailable("device.not_configured", kind="printer")
        slip = unresolved_slip(report, hall_name=hall_name, tr=tr, helper=helper)
        return self.devices.submit("printer", lambda printer: printer.print_receipt(slip))

    def file(
        self, *, tried: str, task_code: str = "", reasons: Iterable[str] = (), text: str = "", phone: str = ""
    ) -> FiledReport:
        """Check the form and store it (durably, before returning).

        Raises:
            ReportError: ``unresolved.tried_missing``, ``unresolved.reason_missing``,
                ``unresolved.other_needs_text``, ``unresolved.text_too_long``,
                ``unresolved.phone_invalid``. Nothing is stored then.
            StorageError: the outbox cannot store it.
        """
        tried = " ".join(tried.split())[:200]
        # Free text never carries an ID or a phone in clear (the phone has its own field).
        text = scrub(text.strip())
        reasons = tuple(dict.fromkeys(r for r in reasons if r in UNRESOLVED_REASONS))
        if not tried:
            raise ReportError("unresolved.tried_missing")
        if not reasons and not text:
            raise ReportError("unresolved.reason_missing")
        if "other" in reasons and not text:
            raise ReportError("unresolved.other_needs_text")
        if len(text) > MAX_TEXT:
            raise ReportError("unresolved.text_too_long", limit=MAX_TEXT)
        digits = normalise_phone(phone)
        now = hall_local(self.clock(), self.zone)  # the hall's date and time, on the slip and the hub
        report = UnresolvedReport(
            reference=new_reference(now),
            reported_at=now.isoformat(timespec="seconds"),
            tried=tried,
            reasons=reasons,
            task_code=task_code,
            text=text,
            phone=digits,
            hall_code=self.hall_code,
        )
        body = UnresolvedReport.from_dict(report.to_dict()).to_dict()  # checked as the hub will
        record = self._put(KIND, body, personal=("phone", "text"))
        log_event("unresolved_reported", reference=report.reference, reasons=",".join(reasons), phone=bool(digits))
        return FiledReport(
            reference=report.reference,
            record_id=record.id,
            reported_at=now,
            tried=tried,
            task_code=task_code,
            reasons=reasons,
            text=text,
            phone_masked=mask_phone(digits) if digits else "",
        )


def unresolved_slip(
    report: FiledReport, *, hall_name: str, tr: Callable[..., str], place: str = "", helper: str = ""
) -> Receipt:
    """The slip: reference, date, what was reported, where the 办不成事 window is, 12345."""
    b = Receipt.builder().title(tr("unresolved.slip_title")).text(hall_name, align="center").separator()
    b.kv(tr("unresolved.slip_reference"), report.reference)
    b.kv(tr("unresolved.slip_date"), f"{report.reported_at:%Y-%m-%d %H:%M}")
    b.kv(tr("unresolved.slip_tried"), report.tried)
    if report.reasons:
        b.kv(tr("unresolved.slip_reasons"), tr("sep.list").join(tr(f"unresolved.reason.{r}") for r in report.reasons))
    if report.text:
        b.kv(tr("unresolved.slip_text"), report.text)
    if report.phone_masked:
        b.kv(tr("unresolved.slip_phone"), report.phone_masked)
    if helper:
        b.kv(tr("receipt.helper"), helper)
    b.separator()
    b.text(tr("unresolved.slip_window", place=place or tr("unresolved.window_place")))
    b.text(tr("unresolved.slip_hotline", hotline=HOTLINE))
    b.text(tr("unresolved.slip_keep"), align="center")
    return b.cut().build()
