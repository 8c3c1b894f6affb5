"""呼叫帮助 and helper mode (帮办代办) at a kiosk, for one visit.

    desk = AssistDesk(visit, put=sync.put_record, sign_in=hub_sign_in, hall_code=...)
    desk.request_help("guide")           # "sent"; a second tap in the visit: "already"
    helper = desk.sign_in("3001", "246810")   # on a worker thread: checked at the hub
    desk.record("guide", "notice.printed", item="...")   # audit step while assisted
    desk.receipt_value(tr)               # "工号3001 王*" for the receipts of this visit

Everything lives in the visit's data: when the visit ends (结束, idle wipe) the helper
mode ends with it, an ``assist.ended`` step is written, and the next receipt names nobody.
A help request carries the terminal (its token), the hall and the screen, nothing of the
citizen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from common.errors import KeyedError
from common.masking import mask_name
from kiosk.audit import AuditLog, Put
from kiosk.logs import log_event
from kiosk.visit import Visit
from offline_cache.wire.assist import STAFF_RE, AuditEntry

HELP_KEY, HELPER_KEY = "assist.help", "assist.helper"
SUBMITTED_KEY = "assist.submitted"  # the references of the cases recorded as submitted, this visit
PIN_LEN = (4, 12)

SignIn = Callable[[str, str], dict[str, Any]]  # HubClient.sign_in: {"staff", "name", ...}


class AssistError(KeyedError):
    """What the citizen or helper is told (``key`` + ``data`` for the screen's words)."""


@dataclass(frozen=True)
class Helper:
    """The signed-in helper: a member of staff (工号 and name from the hub)."""

    staff: str
    name: str

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    def receipt_value(self, tr: Callable[..., str]) -> str:
        """``工号3001 王*``: the line receipts of an assisted visit carry."""
        return f"{tr('assist.staff_no', staff=self.staff)} {self.masked_name}".strip()


class AssistDesk:
    """Help requests and the helper of the current visit.

    Args:
        visit: the kiosk's visit (its data holds the request and the helper).
        put: stores an outbox record (``SyncService.put_record``); None: no outbox.
        sign_in: checks a helper's staff number and PIN at the hub; None: no hub.
        hall_code: the hall.
    """

    def __init__(
        self,
        visit: Visit,
        *,
        put: Put | None,
        sign_in: SignIn | None,
        hall_code: str = "",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.visit = visit
        self._put = put
        self._sign_in = sign_in
        self.hall_code = hall_code
        self.audit = AuditLog(put, hall_code=hall_code, clock=clock) if put is not None else None
        visit.on_wipe(self._visit_ending)

    # ---- 呼叫帮助 -------------------------------------------------------------------------
    def request_help(self, screen: str) -> str:
        """Send a help request for this visit: ``"sent"``, or ``"already"`` when one was
        sent in this visit (one open request per visit: a second tap is not a second call).

        Raises:
            AssistError: ``assist.unavailable`` (no outbox here: ask at the desk).
        """
        self.visit.begin()
        if HELP_KEY in self.visit.data:
            return "already"
        if self._put is None:
            raise AssistError("assist.unavailable")
        record = self._put("help_request", {"screen": screen[:64] or "home", "hall_code": self.hall_code})
        self.visit.data[HELP_KEY] = record.id
        log_event("help_requested", visit=self.visit.visit_id, screen=screen)
        self.record(screen, "help.requested")
        return "sent"

    @property
    def help_sent(self) -> bool:
        return HELP_KEY in self.visit.data

    # ---- the helper -----------------------------------------------------------------------
    @property
    def helper(self) -> Helper | None:
        return self.visit.data.get(HELPER_KEY)

    def sign_in(self, staff: str, pin: str, screen: str = "help") -> Helper:
        """``check`` then ``start`` (blocking: the hub answers)."""
        return self.start(self.check(staff, pin), screen)

    def check(self, staff: str, pin: str) -> Helper:
        """Check the helper at the hub (blocking: call it on a worker thread); the visit
        is not touched until ``start``.

        Raises:
            AssistError: ``assist.fill_both``, ``assist.bad_number``, ``assist.unavailable``.
            HubRejected / HubUnavailable: the hub's refusal (wrong PIN, locked) or absence.
        """
        staff = staff.strip()
        if not staff or not pin:
            raise AssistError("assist.fill_both")
        if not STAFF_RE.fullmatch(staff) or not pin.isdigit() or not PIN_LEN[0] <= len(pin) <= PIN_LEN[1]:
            raise AssistError("assist.bad_number")
        if self._sign_in is None:
            raise AssistError("assist.unavailable")
        answer = self._sign_in(staff, pin)
        return Helper(str(answer["staff"]), str(answer.get("name", "")))

    def start(self, helper: Helper, screen: str = "help") -> Helper:
        """The visit is assisted by ``helper`` from now on (an ``assist.started`` step)."""
        self.visit.begin()
        self.visit.data[HELPER_KEY] = helper
        log_event("helper_signed_in", visit=self.visit.visit_id, staff=helper.staff)
        self.record(screen, "assist.started")
        return helper

    def end(self, screen: str = "") -> None:
        """结束: the helper leaves; the visit goes on unassisted."""
        helper = self.helper
        if helper is None:
            return
        self.record(screen or "home", "assist.ended")
        self.visit.data.pop(HELPER_KEY, None)
        log_event("helper_signed_out", visit=self.visit.visit_id, staff=helper.staff)

    def record(self, screen: str, action: str, **details: Any) -> AuditEntry | None:
        """One audit step, when a helper is signed in (None otherwise). A case's
        ``case.submitted`` is one step however often its screen shows again (it did once
        more after the citizen's rating: two submissions in the helper's record)."""
        helper = self.helper
        if helper is None or self.audit is None:
            return None
        if action == "case.submitted":
            submitted = self.visit.data.setdefault(SUBMITTED_KEY, set())
            if details.get("reference") in submitted:
                return None
            submitted.add(details.get("reference"))
        return self.audit.record(helper.staff, self.visit.visit_id, screen, action, **details)

    def receipt_value(self, tr: Callable[..., str]) -> str:
        """What receipts printed now say under 帮办人员 ("" when nobody helps)."""
        helper = self.helper
        return helper.receipt_value(tr) if helper is not None else ""

    def _visit_ending(self) -> None:
        if self.helper is not None:
            self.end()


def helper_on_receipts(visit: Visit, tr: Callable[..., str]) -> str:
    """What receipts printed in ``visit`` say under 帮办人员 ("" unassisted): for the
    screens that print without holding the desk."""
    helper = visit.data.get(HELPER_KEY)
    return helper.receipt_value(tr) if isinstance(helper, Helper) else ""
