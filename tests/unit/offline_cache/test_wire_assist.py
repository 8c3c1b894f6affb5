"""The 帮办代办 audit step and the 办不成事 report as the hub checks them."""

from __future__ import annotations

import pytest

from offline_cache.wire import WireError
from offline_cache.wire.assist import AuditEntry, UnresolvedReport

STEP = {"helper": "3001", "at": "2026-12-05T10:00:00+08:00", "screen": "guide", "action": "notice.printed"}
REPORT = {
    "reference": "BB20261205-0A1B2C3D",
    "reported_at": "2026-12-05T10:05:00+08:00",
    "tried": "高龄津贴申领",
    "reasons": ["queue", "queue"],
}


def test_round_trips_and_defaults() -> None:
    step = AuditEntry.from_dict({**STEP, "details": {"citizen": "张**"}})
    assert AuditEntry.from_dict(step.to_dict()) == step and step.visit == ""
    report = UnresolvedReport.from_dict(REPORT)
    assert (
        report.reasons == ("queue",) and report.phone == "" and UnresolvedReport.from_dict(report.to_dict()) == report
    )
    assert UnresolvedReport.from_dict({**REPORT, "phone": "02987654321"}).phone == "02987654321"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"helper": "3001 "}, "helper"),
        ({"action": "Notice Printed"}, "action"),
        ({"details": {"Bad Key": "x"}}, "details.Bad Key"),
        ({"details": {"note": 5}}, "details.note"),
        ({"details": {f"k{i}": "" for i in range(21)}}, "details"),
    ],
)
def test_a_bad_step_names_its_field(change: dict, field: str) -> None:
    with pytest.raises(WireError) as exc:
        AuditEntry.from_dict({**STEP, **change})
    assert exc.value.field == field


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reference": "bb-1"}, "reference"),
        ({"reasons": ["bribe"]}, "reasons"),
        ({"reasons": "queue"}, "reasons"),
        ({"reasons": [], "text": "  "}, "reasons"),
        ({"phone": "1391234"}, "phone"),
        ({"phone": "139 1234 5678"}, "phone"),
        ({"tried": ""}, "tried"),
    ],
)
def test_a_bad_report_names_its_field(change: dict, field: str) -> None:
    with pytest.raises(WireError) as exc:
        UnresolvedReport.from_dict({**REPORT, **change})
    assert exc.value.field == field
