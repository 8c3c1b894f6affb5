"""The papers of a case: the submission receipt (申报回执), the acceptance receipt
(受理凭证) and the one-time notice for what is missing.

The kiosk's paper never claims acceptance: 受理 is the department's act and reaches the
citizen as a status change; only the window's 收件即受理 prints the 受理凭证. Personal
data is masked on paper (``张*``, ``6101**********0012``). Words come from ``tr``.
"""

from __future__ import annotations

import datetime as dt

from drivers.printer.receipt import Receipt, ReceiptBuilder
from kiosk.cases.draft import CaseDraft
from kiosk.cases.service import SubmittedCase
from kiosk.catalog.phrases import Words, join, material_tags
from kiosk.hall_time import DEFAULT_ZONE, minute_text


def _material_line(m: dict, tr: Words) -> str:
    state = m["state"]
    if state == "captured":
        return tr("case.mat.captured", n=len(m.get("pages", ())))
    if state == "tolerated":
        return tr("case.mat.tolerated", due=m["due"])
    return tr(f"case.mat.{state}")


def _numbers(b: ReceiptBuilder, case: SubmittedCase, tr: Words, *, window: bool) -> None:
    """The numbers the citizen follows the case by: the reference the screen showed large
    (always: it is what they were told to keep), and the hub's case number once known.
    At the window the words are the window's: the case is accepted, not submitted."""
    ref_key, later_key = (
        ("receipt.acceptance_reference", "receipt.acceptance_number_later")
        if window
        else (
            "receipt.reference",
            "receipt.number_later",
        )
    )
    b.text(tr(ref_key), align="center")
    b.text(case.reference, size=2, bold=True, align="center")
    if case.case_number:
        b.kv(tr("receipt.case_number"), case.case_number)
    else:
        b.text(tr(later_key), align="center")


def _body(b: ReceiptBuilder, case: SubmittedCase, tr: Words, *, window: bool = False, zone: str = DEFAULT_ZONE) -> None:
    _numbers(b, case, tr, window=window)
    b.separator()
    b.kv(tr("receipt.item"), case.task_name).kv(tr("receipt.dept"), case.dept_name)
    b.kv(tr("receipt.applicant"), case.name_masked).kv(tr("receipt.id_number"), case.id_masked)
    if not window:  # at the window the time is the acceptance's (受理时间), printed with the clerk
        b.kv(tr("receipt.submitted_at"), minute_text(case.submitted_at, zone))
    # Received: captured or exempt. A 容缺 material is listed below with its date; an
    # optional one not handed in is not "received" and not printed.
    received = [m for m in case.materials if m["state"] in ("captured", "received", "exempt")]
    b.separator().text(tr("receipt.materials"), bold=True)
    for i, m in enumerate(received, 1):
        b.text(f"{i}. {m['name']}")
        b.text(f"   — {_material_line(m, tr)}")
    tolerated = case.tolerated()
    if tolerated:
        b.separator().text(tr("receipt.tolerance"), bold=True)
        for name, due in tolerated:
            b.text(tr("receipt.tolerance_line", name=name, due=due))
    b.separator().kv(tr("receipt.delivery"), tr(f"case.delivery.{case.delivery}"))


def submission_receipt(
    case: SubmittedCase,
    *,
    hall_name: str,
    online: bool,
    now: dt.datetime,
    tr: Words,
    helper: str = "",
    zone: str = DEFAULT_ZONE,
) -> Receipt:
    """申报回执: what was handed in at the kiosk; says it is not yet accepted. Times are
    the hall's (``zone``)."""
    b = Receipt.builder().title(tr("receipt.submission_title")).text(hall_name, align="center").separator()
    _body(b, case, tr, zone=zone)
    b.separator().text(tr("receipt.not_acceptance"))
    if not online:
        b.text(tr("case.saved_offline"), bold=True)
    b.text(tr("receipt.scan_to_follow"), align="center").qr(case.qr_payload)
    if helper:  # 帮办代办: who submitted it with the citizen
        b.kv(tr("receipt.helper"), helper)
    b.text(tr("notice.printed_at", time=minute_text(now, zone)), align="center").cut()
    return b.build()


def acceptance_receipt(
    case: SubmittedCase, *, hall_name: str, now: dt.datetime, tr: Words, zone: str = DEFAULT_ZONE
) -> Receipt:
    """受理凭证: the case's numbers and fields in the window's words, plus the window, the
    clerk and the legal time limit that runs from now (收件即受理). Times are the hall's."""
    accepted = case.accepted_by or {}
    b = Receipt.builder().title(tr("receipt.acceptance_title")).text(hall_name, align="center").separator()
    _body(b, case, tr, window=True, zone=zone)
    b.separator()
    b.kv(tr("receipt.window"), tr("receipt.window_n", n=accepted.get("window_no", "")))
    b.kv(tr("receipt.clerk"), str(accepted.get("clerk", "")))
    b.kv(tr("receipt.accepted_at"), minute_text(case.submitted_at, zone))
    if case.anticipate_day:
        unit = (
            tr("unit.working_days") if "工作" in case.anticipate_type or not case.anticipate_type else tr("unit.days")
        )
        b.kv(tr("receipt.legal_limit"), tr("receipt.legal_limit_n", n=case.anticipate_day, unit=unit))
    b.text(tr("receipt.scan_to_follow"), align="center").qr(case.qr_payload)
    b.text(tr("notice.printed_at", time=minute_text(now, zone)), align="center").cut()
    return b.build()


def missing_notice(
    draft: CaseDraft, *, hall_name: str, now: dt.datetime, tr: Words, helper: str = "", zone: str = DEFAULT_ZONE
) -> Receipt:
    """The one-time notice printed instead of a receipt: the item's materials, the ones
    still missing first (no personal data: it may be printed for anyone)."""
    g = draft.guide
    b = Receipt.builder().title(tr("notice.title")).text(hall_name, align="center").separator()
    b.kv(tr("notice.item"), g.task_name).kv(tr("notice.dept"), g.dept_name)
    b.separator().text(tr("receipt.missing_bring"), bold=True)
    for i, slot in enumerate(draft.missing(), 1):
        b.text(f"{i}. {slot.material.material_name}")
        b.text(f"   （{join(material_tags(slot.material), tr)}）")
    for key, value in (
        ("notice.place", g.transact_addr),
        ("notice.hours", g.transact_time),
        ("notice.phone", g.link_way),
    ):
        if value:
            b.kv(tr(key), value)
    if helper:
        b.kv(tr("receipt.helper"), helper)
    b.text(tr("notice.printed_at", time=minute_text(now, zone)), align="center").cut()
    return b.build()
