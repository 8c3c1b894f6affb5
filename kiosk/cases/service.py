"""The case desk the screens call: start an application, identify, fill, attach pages,
submit to the outbox, and find a case again (办件查询).

    desk = CaseDesk(catalog, sync, licence_lookup=demo_licences)
    draft = desk.start(task_code)                      # kiosk: is_service_terminals only
    desk.identify_card(draft, card)                    # or identify_typed(draft, "6101...")
    draft.fill({...}); desk.attach(draft, 0, jpeg); draft.tolerate(2); draft.finish_materials()
    draft.confirm(); draft.choose_delivery("window"); case = desk.submit(draft)
    ... print receipts.submission_receipt(case, ...) -- only after submit returned ...

``submit`` writes the case in ONE outbox transaction with its personal data sealed; the
official case number comes later in the hub's reply, which :meth:`CaseDesk.status` reads.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from common.errors import key_of
from common.masking import mask_id_number, mask_name
from drivers.id_reader import idnumber
from kiosk.cases import images
from kiosk.cases.draft import Applicant, CaseDraft, MaterialState, Step
from kiosk.cases.errors import CaseError
from kiosk.cases.licences import EIdLookup, LicenceLookup
from kiosk.catalog.types import ItemGuide
from kiosk.hall_time import DEFAULT_ZONE, hall_local

FINISHED = frozenset({"finished", "done", "办结"})  # hub statuses after which a case may be rated


class Catalog(Protocol):
    def item(self, task_code: str) -> ItemGuide: ...


class CaseStore(Protocol):
    """What the desk needs of ``kiosk.sync.SyncService`` (put_case, case_status, outbox)."""

    outbox: Any

    def put_case(
        self, task_code: str, values: dict[str, Any], *, applicant: dict[str, Any], images: Any = (), personal: Any = ()
    ) -> Any: ...

    def case_status(self, case_number: str) -> list[dict[str, Any]]: ...

    def put_evaluation(self, fields: dict[str, Any]) -> Any: ...

    def put_record(self, kind: str, body: dict[str, Any], *, personal: Any = ()) -> Any: ...

    def state(self) -> Any: ...

    def stop(self) -> None: ...


def short_reference(record_id: str) -> str:
    """The terminal's own reference printed at once: the record id's first 10 characters."""
    return record_id[:10].upper()


@dataclass(frozen=True)
class SubmittedCase:
    """A case as stored, in the masked form screens and paper show."""

    record_id: str
    reference: str
    task_code: str
    task_name: str
    dept_name: str
    submitted_at: dt.datetime
    name_masked: str
    id_masked: str
    materials: tuple[dict[str, Any], ...]
    delivery: str
    channel: str  # "kiosk" or "window"
    anticipate_day: int = 0
    anticipate_type: str = ""
    project_type: str = ""
    accepted_by: dict[str, Any] | None = None  # window acceptance: {"window_no", "clerk"}
    case_number: str = ""  # the hub's official number, once known

    @property
    def qr_payload(self) -> str:
        return f"HKCASE:{self.record_id}"

    def tolerated(self) -> list[tuple[str, str]]:
        return [(m["name"], m["due"]) for m in self.materials if m["state"] == MaterialState.TOLERATED.value]


@dataclass(frozen=True)
class CaseStatus:
    """What 办件查询 shows of one case (masked)."""

    record_id: str
    reference: str
    task_code: str
    task_name: str
    submitted_at: dt.datetime
    name_masked: str
    sent: bool  # the hub has it
    case_number: str = ""
    history: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def finished(self) -> bool:
        return any(h.get("status") in FINISHED for h in self.history)


class CaseDesk:
    """Cases at one terminal.

    Args:
        catalog: the offline catalog (``item``).
        sync: the outbox service (``kiosk.sync.SyncService``).
        licence_lookup: ``person_key -> names of materials with an electronic licence``.
        person_key: the keyed hash the lookup is asked with (the demo passes the number).
        e_id_lookup: verifies an e-ID code (网证) -> (name, ID number), or None.
        clock: local wall-clock time.
        tolerance_days: working days a 容缺 material may follow.
    """

    def __init__(
        self,
        catalog: Catalog,
        sync: CaseStore,
        licence_lookup: LicenceLookup,
        *,
        person_key: Callable[[str], str] = lambda n: n,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        tolerance_days: int = 5,
        e_id_lookup: EIdLookup | None = None,
        zone: str = DEFAULT_ZONE,
    ) -> None:
        self.zone = zone  # the hall's time zone: the case's times are the hall's
        self.catalog = catalog
        self.sync = sync
        self.licence_lookup = licence_lookup
        self.person_key = person_key
        self.clock = clock
        self.tolerance_days = tolerance_days
        self.e_id_lookup = e_id_lookup  # None: no e-ID verification here (the button is not shown)
        from kiosk.cases.evaluation import RatingDesk

        self.ratings = RatingDesk(sync.put_evaluation)  # 好差评, one per case per visit

    def online(self) -> bool:
        """Whether the hub answered lately (the receipt says so when it did not)."""
        try:
            return bool(self.sync.state().online)
        except Exception:  # no engine state yet
            return False

    def wait_for_number(self, record_id: str, timeout_s: float = 3.0, poll_s: float = 0.05) -> str:
        """The hub's official case number of a case just stored, when the sync thread
        (woken by the store) has it within ``timeout_s``; "" otherwise. It blocks: call it
        off the GUI thread. The case is stored either way; this only decides whether
        the receipt can carry the number."""
        deadline = time.monotonic() + timeout_s
        while True:
            record = self.sync.outbox.get(record_id)
            number = str(((record.reply if record is not None else None) or {}).get("case_number", ""))
            if number or time.monotonic() >= deadline or (record is not None and record.state == "dead"):
                return number
            time.sleep(poll_s)

    def close(self) -> None:
        self.sync.stop()

    # ---- an application -------------------------------------------------------------------
    def terminal_items(self) -> list[Any]:
        """The items that can be applied for here (``is_service_terminals``), by department."""
        out = []
        for dept in self.catalog.departments():  # type: ignore[attr-defined]
            out += [
                s
                for s in self.catalog.items_in_department(dept.dept_code)  # type: ignore[attr-defined]
                if s.is_service_terminals
            ]
        return out

    def item(self, task_code: str) -> ItemGuide:
        """The item, or ``case.item_gone`` when the catalog no longer has it."""
        from kiosk.catalog.service import CatalogNotFound

        try:
            return self.catalog.item(task_code)
        except CatalogNotFound as exc:
            raise CaseError("case.item_gone", task_code=task_code) from exc

    def start(self, task_code: str, *, channel: str = "kiosk") -> CaseDraft:
        """A new draft; at the kiosk only for items done at a self-service terminal."""
        guide = self.item(task_code)
        if channel == "kiosk" and not guide.is_service_terminals:
            raise CaseError("case.not_self_service")
        return CaseDraft(guide, clock=self.clock, tolerance_days=self.tolerance_days, channel=channel)

    def _identify(self, draft: CaseDraft, applicant: Applicant) -> None:
        try:
            exempt = set(self.licence_lookup(self.person_key(applicant.id_number)))
        except Exception:  # the lookup away: nothing is exempt, the citizen captures instead
            exempt = set()
        draft.identify(applicant, exempt)

    def identify_card(self, draft: CaseDraft, card: Any) -> None:
        """From a resident ID card (``drivers.id_reader.base.IdentityCard``)."""
        self._identify(draft, Applicant(card.name, card.id_number, "id_card", getattr(card, "address", "")))

    def identify_social_card(self, draft: CaseDraft, card: Any) -> None:
        """From a 社保卡 (``ssn`` is the holder's ID number)."""
        if not idnumber.is_valid(card.ssn, today=self.clock().date()):
            raise CaseError("case.error.id_number")
        self._identify(draft, Applicant(card.name, idnumber.normalize(card.ssn), "social_card"))

    def identify_e_id(self, draft: CaseDraft, token: str) -> None:
        """From an e-ID code (网证) verified by ``e_id_lookup``.

        Raises:
            CaseError: ``case.e_id_unknown`` (not verified; nothing of the code is kept).
        """
        found = self.e_id_lookup(token) if self.e_id_lookup is not None else None
        if found is None or not idnumber.is_valid(found[1], today=self.clock().date()):
            raise CaseError("case.e_id_unknown")
        self._identify(draft, Applicant(found[0], idnumber.normalize(found[1]), "e_id"))

    def identify_typed(self, draft: CaseDraft, id_number: str) -> None:
        """The last resort: a typed ID number, checked by its check character."""
        number = idnumber.normalize(id_number)
        if not idnumber.is_valid(number, today=self.clock().date()):
            raise CaseError("case.error.id_number")
        self._identify(draft, Applicant("", number, "typed"))

    def attach(self, draft: CaseDraft, index: int, page: bytes) -> int:
        """Check one captured page and add it to material ``index``; returns the page count."""
        slot = draft.slot(index)
        if len(slot.pages) >= images.MAX_PAGES:
            raise CaseError("case.image.too_many", limit=images.MAX_PAGES)
        images.check_page(page)
        draft.add_page(index, bytes(page))
        return len(slot.pages)

    def submit(self, draft: CaseDraft, *, accepted_by: dict[str, Any] | None = None, ticket: str = "") -> SubmittedCase:
        """Store the case in the outbox (one transaction, sealed), then it is submitted.

        Raises:
            CaseError: ``case.wrong_step``; ``case.item_gone`` (the catalog dropped the item
                meanwhile); ``case.not_stored`` with the storage key (disk full...): nothing
                of the case is stored and the draft stays at the review.
        """
        if draft.step is not Step.REVIEW or draft.applicant is None:
            raise CaseError("case.wrong_step", step=draft.step.value)
        guide = self.item(draft.guide.task_code)  # the item may have left the catalog meanwhile
        now = self.clock()
        channel = draft.channel
        values: dict[str, Any] = {
            # (no dept_code: it is a prefix of the task code, and a sealed value hides its summary)
            "form": dict(draft.values),
            "task_name": guide.task_name,
            "materials": draft.material_records(),
            "committed": draft.committed,
            "delivery": draft.delivery,
            "postal_address": draft.postal_address,
            "submitted_at": hall_local(now, self.zone).isoformat(timespec="seconds"),
            "channel": channel,
            "identified_by": draft.applicant.source,
        }
        if accepted_by is not None:
            values["accepted"] = {**accepted_by, "at": values["submitted_at"]}  # 收件即受理
        if ticket:
            values["ticket"] = ticket
        applicant = {
            "name": draft.values.get("name", ""),
            "id_number": draft.values.get("id_number", ""),
            "phone": draft.values.get("phone", ""),
            "address": draft.values.get("address", ""),
        }
        try:
            record = self.sync.put_case(
                guide.task_code, values, applicant=applicant, images=draft.pages(), personal=("form", "postal_address")
            )
        except CaseError:
            raise
        except Exception as exc:  # StorageError / OutboxInputError: nothing was stored
            raise CaseError("case.not_stored", reason=key_of(exc, default="storage.failed")) from exc
        draft.submitted()
        return SubmittedCase(
            record_id=record.id,
            reference=short_reference(record.id),
            task_code=guide.task_code,
            task_name=guide.task_name,
            dept_name=guide.dept_name,
            submitted_at=now,
            name_masked=mask_name(applicant["name"]),
            id_masked=mask_id_number(applicant["id_number"]),
            materials=tuple(draft.material_records()),
            delivery=draft.delivery,
            channel=channel,
            anticipate_day=guide.anticipate_day,
            anticipate_type=guide.anticipate_type,
            project_type=guide.project_type,
            accepted_by=accepted_by,
        )

    # ---- 办件查询 ------------------------------------------------------------------------------
    def _status(self, record: Any) -> CaseStatus:
        number = str((record.reply or {}).get("case_number", ""))
        history = tuple(self.sync.case_status(number)) if number else ()
        code = str(record.summary.get("item", ""))
        try:
            name = self.catalog.item(code).task_name
        except Exception:  # the item left the catalog: the code still names it
            name = code
        return CaseStatus(
            record_id=record.id,
            reference=short_reference(record.id),
            task_code=code,
            task_name=name,
            submitted_at=dt.datetime.fromtimestamp(
                record.created_at, dt.UTC
            ),  # an instant; screens show the hall's time
            name_masked=str(record.summary.get("name", "")),
            sent=record.state == "sent",
            case_number=number,
            history=history,
        )

    def _cases(self) -> list[Any]:
        return [r for r in self.sync.outbox.records(limit=1000) if r.kind == "case"]

    def find(self, query: str) -> CaseStatus | None:
        """By the printed reference, the official case number, or the receipt's QR payload."""
        q = query.strip().upper().removeprefix("HKCASE:")
        if len(q) < 6:
            return None
        for record in self._cases():
            number = str((record.reply or {}).get("case_number", "")).upper()
            if record.id.upper().startswith(q) or (number and number == q):
                return self._status(record)
        return None

    def find_by_person(self, id_number: str) -> list[CaseStatus]:
        """Every case of this person kept at this terminal (opens the sealed bodies)."""
        number = idnumber.normalize(id_number)
        found = []
        for record in self._cases():
            if record.purged:
                continue
            body, _ = self.sync.outbox.open(record.id)
            if str(body.get("applicant", {}).get("id_number", "")).upper() == number:
                found.append(self._status(record))
        return found
