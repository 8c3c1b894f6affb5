"""好差评 of a case at the kiosk (GB/T 39734-2020; STANDARDS.md §2).

Voluntary (a clear 跳过, never forced), five levels, reasons and free text for 1–2,
anonymous when asked, one rating per case per visit (the visit's wipe forgets which
were rated). The record goes through the outbox with ``pf`` = 5.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from common.errors import key_of
from kiosk.cases.errors import CaseError

LEVELS = (1, 2, 3, 4, 5)  # 1 非常不满意 … 5 非常满意
# On-site sub-indicators the reasons name (codes; the UI says them in words).
REASONS = ("efficiency", "service_level", "attitude", "materials", "waiting")


class RatingDesk:
    """Builds and sends the ratings of one terminal.

    Args:
        put_evaluation: ``SyncService.put_evaluation`` (checks and stores the record).
    """

    def __init__(self, put_evaluation: Callable[[dict[str, Any]], Any]) -> None:
        self._put = put_evaluation
        self._rated: set[str] = set()

    def can_rate(self, case_key: str) -> bool:
        return case_key not in self._rated

    def rate(
        self,
        case_key: str,
        *,
        satisfaction: int,
        task_code: str = "",
        task_name: str = "",
        case_number: str = "",
        project_type: str = "",
        pro_status: int = 3,
        reasons: tuple[str, ...] = (),
        text: str = "",
        anonymous: bool = True,
        masked_name: str = "",
    ) -> Any:
        """Store one rating of the case ``case_key`` (its record id).

        Raises:
            CaseError: ``case.rating.done`` (already rated in this visit),
                ``case.rating.level``, ``case.rating.reason_needed`` (1–2 without a reason),
                ``case.rating.not_stored``.
        """
        if case_key in self._rated:
            raise CaseError("case.rating.done")
        if satisfaction not in LEVELS:
            raise CaseError("case.rating.level")
        if satisfaction <= 2 and not reasons:
            raise CaseError("case.rating.reason_needed")
        unknown = [r for r in reasons if r not in REASONS]
        if unknown:
            raise CaseError("case.rating.level")
        fields: dict[str, Any] = {
            "satisfaction": satisfaction,
            "projectNo": case_number or case_key,
            "taskCode": task_code,
            "taskName": task_name,
            "proStatus": pro_status,
            "anonymityFlag": anonymous,
            "userName": "" if anonymous else masked_name,
            "evalDetail": list(reasons),
            "writingEvaluation": text.strip() if satisfaction <= 2 else "",
            "pf": 5,
        }
        if project_type in ("即办件", "承诺件"):
            fields["projectType"] = 1 if project_type == "即办件" else 2
        try:
            record = self._put(fields)
        except Exception as exc:  # WireError (bad fields) or StorageError: nothing stored
            raise CaseError("case.rating.not_stored", reason=key_of(exc, default="storage.failed")) from exc
        self._rated.add(case_key)
        return record

    def forget(self) -> None:
        """The visit ended: the next citizen may rate again."""
        self._rated.clear()
