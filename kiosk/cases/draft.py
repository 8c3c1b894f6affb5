"""One application (申报) being made: a Qt-free state machine with an injected clock.

    identify --identify()--> form --fill() ok--> materials
    materials --finish_materials()--> commitment        (every required material settled)
    materials --finish_materials()--> notice            (a required material missing, no 容缺)
    commitment --confirm()--> delivery --choose_delivery() ok--> review --submitted()--> submitted
    any step before submitted --back()--> the step before

A material is *settled* when it is exempt (an electronic licence exists, 免提交), has
captured pages, or is tolerated (容缺: promised by a due date, only when the item and
the material allow it). An optional material (非必要) may stay missing. ``notice`` ends
the draft: the kiosk prints the one-time notice saying what to bring instead of taking
an incomplete case.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.cases import forms
from kiosk.cases.errors import CaseError
from kiosk.catalog.types import ItemGuide, Material


class Step(str, enum.Enum):
    IDENTIFY = "identify"
    FORM = "form"
    MATERIALS = "materials"
    COMMITMENT = "commitment"
    DELIVERY = "delivery"
    REVIEW = "review"
    SUBMITTED = "submitted"
    NOTICE = "notice"


_ORDER = (Step.IDENTIFY, Step.FORM, Step.MATERIALS, Step.COMMITMENT, Step.DELIVERY, Step.REVIEW)


class MaterialState(str, enum.Enum):
    EXEMPT = "exempt"  # 免提交（电子证照）
    CAPTURED = "captured"  # 已拍摄 N 页
    RECEIVED = "received"  # 已核验收取 (paper checked by the clerk at the window)
    TOLERATED = "tolerated"  # 容缺（承诺 yyyy-mm-dd 前补交）
    MISSING = "missing"  # 缺少


@dataclass(frozen=True)
class Applicant:
    """Who applies, as identified. Personal data: kept in the draft only, masked elsewhere.

    ``source`` is ``id_card``, ``social_card``, ``e_id`` or ``typed`` (never a face alone).
    """

    name: str
    id_number: str
    source: str
    address: str = ""

    def __repr__(self) -> str:  # never print a person into a log or a traceback
        return f"Applicant(source={self.source!r})"


@dataclass
class MaterialSlot:
    """One material of the item and what the applicant did about it."""

    material: Material
    state: MaterialState = MaterialState.MISSING
    pages: list[bytes] = field(default_factory=list, repr=False)
    due: dt.date | None = None  # 容缺: hand in by this date

    @property
    def needed(self) -> bool:
        """Must be settled before the case can be taken (必要, or 容缺 material)."""
        return self.material.required or self.material.tolerable

    @property
    def settled(self) -> bool:
        return self.state is not MaterialState.MISSING


def add_working_days(start: dt.date, n: int) -> dt.date:
    """``n`` working days after ``start`` (Saturdays and Sundays skipped; public holidays
    are not known offline, so a hall that needs them sets a larger N)."""
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


class CaseDraft:
    """One application at a terminal.

    Args:
        guide: the item applied for.
        clock: local wall-clock ``datetime`` (injectable for tests).
        tolerance_days: working days a 容缺 material may follow (default 5, configurable).
        channel: ``kiosk`` or ``window``.
    """

    def __init__(
        self,
        guide: ItemGuide,
        *,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        tolerance_days: int = 5,
        channel: str = "kiosk",
    ) -> None:
        self.guide = guide
        self.channel = channel  # "kiosk" (自助申报) or "window" (综合受理)
        self.clock = clock
        self.tolerance_days = tolerance_days
        self.step = Step.IDENTIFY
        self.applicant: Applicant | None = None
        self.fields = forms.fields_for(guide.task_code)
        self.values: dict[str, str] = {}
        self.slots = [MaterialSlot(m) for m in sorted(guide.materials, key=lambda m: m.order_num)]
        self.committed = False
        self.delivery = ""
        self.postal_address = ""

    # ---- steps ----------------------------------------------------------------------------
    def _need(self, *steps: Step) -> None:
        if self.step not in steps:
            raise CaseError("case.wrong_step", step=self.step.value)

    def identify(self, applicant: Applicant, exempt: set[str] | frozenset[str] = frozenset()) -> None:
        """The applicant is known: the form is prefilled; materials with an e-licence are exempt."""
        self._need(Step.IDENTIFY)
        self.applicant = applicant
        # Prefilled from the card (a typed ID brings only the number; the name is typed).
        self.values = {"name": applicant.name, "id_number": applicant.id_number, "address": applicant.address}
        for slot in self.slots:
            if slot.material.e_licence_exempt and slot.material.material_name in exempt:
                slot.state = MaterialState.EXEMPT
        self.step = Step.FORM

    def fill(self, values: dict[str, str]) -> dict[str, str]:
        """Check the form; on success move to the materials. Returns ``{field: error key}``."""
        self._need(Step.FORM)
        self.values.update({k: str(v).strip() for k, v in values.items()})
        errors = forms.validate(self.fields, self.values, self.clock().date())
        if (
            not errors
            and self.applicant is not None
            and self.applicant.source != "typed"
            and self.values["id_number"].upper() != self.applicant.id_number.upper()
        ):
            errors["id_number"] = "case.error.not_card_holder"  # the card identifies; no swapping
        if not errors:
            self.step = Step.MATERIALS
        return errors

    def slot(self, index: int) -> MaterialSlot:
        if not 0 <= index < len(self.slots):
            raise CaseError("case.no_such_material", index=index)
        return self.slots[index]

    def add_page(self, index: int, page: bytes) -> None:
        """A captured page (JPEG bytes, already checked by the desk) for material ``index``."""
        self._need(Step.MATERIALS)
        slot = self.slot(index)
        if slot.state is MaterialState.EXEMPT:
            raise CaseError("case.material_exempt")
        slot.pages.append(page)
        slot.state, slot.due = MaterialState.CAPTURED, None

    def receive_paper(self, index: int) -> None:
        """At the window: the clerk checked the paper material against the checklist."""
        self._need(Step.MATERIALS)
        if self.channel != "window":
            raise CaseError("case.wrong_step", step=self.step.value)
        slot = self.slot(index)
        if slot.state is MaterialState.EXEMPT:
            raise CaseError("case.material_exempt")
        slot.pages.clear()
        slot.state, slot.due = MaterialState.RECEIVED, None

    def drop_pages(self, index: int) -> None:
        """Retake: forget the captured pages of material ``index``."""
        self._need(Step.MATERIALS)
        slot = self.slot(index)
        if slot.state in (MaterialState.CAPTURED, MaterialState.RECEIVED):
            slot.pages.clear()
            slot.state = MaterialState.MISSING

    def can_tolerate(self, index: int) -> bool:
        slot = self.slot(index)
        return self.guide.allow_tolerance and slot.material.tolerable and slot.state is not MaterialState.EXEMPT

    def tolerate(self, index: int) -> dt.date:
        """Mark material ``index`` as 容缺; returns the date it must be handed in by."""
        self._need(Step.MATERIALS)
        if not self.can_tolerate(index):
            raise CaseError("case.no_tolerance")
        slot = self.slot(index)
        slot.pages.clear()
        slot.state = MaterialState.TOLERATED
        slot.due = add_working_days(self.clock().date(), self.tolerance_days)
        return slot.due

    def missing(self) -> list[MaterialSlot]:
        """Required materials still unsettled."""
        return [s for s in self.slots if s.needed and not s.settled]

    def finish_materials(self) -> Step:
        """To the commitment, or to the one-time notice when a required material is missing."""
        self._need(Step.MATERIALS)
        self.step = Step.NOTICE if self.missing() else Step.COMMITMENT
        return self.step

    def tolerated(self) -> list[MaterialSlot]:
        return [s for s in self.slots if s.state is MaterialState.TOLERATED]

    def confirm(self) -> None:
        """The applicant confirmed the 告知承诺 (and every 容缺 promise)."""
        self._need(Step.COMMITMENT)
        self.committed = True
        self.step = Step.DELIVERY

    def choose_delivery(self, choice: str, postal_address: str = "") -> dict[str, str]:
        """窗口领取 or 邮寄 with an address; on success to the review."""
        self._need(Step.DELIVERY)
        errors = forms.validate_delivery(choice, postal_address, self.clock().date())
        if not errors:
            self.delivery = choice
            self.postal_address = postal_address.strip() if choice == forms.DELIVERY_POST else ""
            self.step = Step.REVIEW
        return errors

    def submitted(self) -> None:
        self._need(Step.REVIEW)
        self.step = Step.SUBMITTED

    def back(self) -> Step:
        """One step back (nothing entered is lost); the identify step stays where it is."""
        if self.step in (Step.SUBMITTED, Step.NOTICE):
            raise CaseError("case.wrong_step", step=self.step.value)
        i = _ORDER.index(self.step)
        if i > 1:  # identity is not undone by back: a new person starts a new draft
            self.step = _ORDER[i - 1]
            if self.step is Step.COMMITMENT:
                self.committed = False
        return self.step

    # ---- views ----------------------------------------------------------------------------
    def pages(self) -> list[bytes]:
        """Every captured page, material by material (the order of the case's blobs)."""
        return [p for s in self.slots for p in s.pages]

    def material_records(self) -> list[dict[str, Any]]:
        """What the case says of each material (no images: those are the blobs)."""
        out, blob = [], 0
        for s in self.slots:
            rec: dict[str, Any] = {"name": s.material.material_name, "state": s.state.value, "need": s.material.is_need}
            if s.pages:
                rec["pages"] = list(range(blob, blob + len(s.pages)))
                blob += len(s.pages)
            if s.due:
                rec["due"] = s.due.isoformat()
            out.append(rec)
        return out
