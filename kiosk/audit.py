"""The helper's audit log (帮办留痕): every step a helper takes on a citizen's behalf.

    log = AuditLog(sync.put_record, hall_code="610103-HALL")
    log.record("3001", visit_id, "guide", "notice.printed", item="高龄津贴申领", name="张三")

Each step is one outbox record (kind ``audit_entry``): durable the moment ``record``
returns, sent to the hub in order with the visit's other records. Citizen data is
masked HERE, before anything is stored: names, ID numbers, phones and addresses by
their field name, and any other value scrubbed of ID-like and mobile-like runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from common.masking import mask_address, mask_id_number, mask_name, mask_phone, scrub
from kiosk.hall_time import DEFAULT_ZONE, hall_local
from kiosk.logs import log_event
from offline_cache.wire.assist import AuditEntry

KIND = "audit_entry"
# Detail names whose values are a citizen's personal data, and the mask for each.
MASKS: dict[str, Callable[[str], str]] = {
    "name": mask_name,
    "citizen": mask_name,
    "id_number": mask_id_number,
    "phone": mask_phone,
    "address": mask_address,
}

Put = Callable[..., Any]  # kiosk.sync.SyncService.put_record(kind, body, personal=...)


def masked_details(details: dict[str, Any]) -> dict[str, str]:
    """``details`` as text with every personal value masked."""
    out: dict[str, str] = {}
    for key, value in details.items():
        if value is None:
            continue
        text = str(value)
        out[key] = MASKS[key](text) if key in MASKS and text else scrub(text)[:200]
    return out


class AuditLog:
    """Writes a helper's steps to the outbox.

    Args:
        put: stores a record durably (``SyncService.put_record``).
        hall_code: the hall the terminal serves.
        clock: wall-clock seconds.
    """

    def __init__(
        self, put: Put, *, hall_code: str = "", clock: Callable[[], float] = time.time, zone: str = DEFAULT_ZONE
    ) -> None:
        self._put = put
        self.hall_code = hall_code
        self.clock = clock
        self.zone = zone

    def record(self, helper: str, visit: str, screen: str, action: str, **details: Any) -> AuditEntry:
        """Store one step (durably, before returning).

        Raises:
            WireError: a malformed step (a programming error: bad action name ...).
            StorageError: the outbox cannot store it.
        """
        at = hall_local(self.clock(), self.zone).isoformat(timespec="seconds")  # the hall's time
        entry = AuditEntry(
            helper=helper,
            at=at,
            screen=screen,
            action=action,
            visit=visit,
            hall_code=self.hall_code,
            details=masked_details(details),
        )
        body = AuditEntry.from_dict(entry.to_dict()).to_dict()  # checked as the hub will
        self._put(KIND, body)
        log_event("audit_step", helper=helper, visit=visit, screen=screen, action=action)
        return entry
