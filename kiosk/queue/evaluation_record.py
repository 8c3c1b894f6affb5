"""The 好差评 record of a rating tapped on the window's evaluation pad (STANDARDS.md §2).

The pad has five keys and nothing else, so it gives the level only: a rating of 1 or 2
goes up with an empty ``evalDetail`` and ``reasonsPending`` set, and the reasons are
collected later (the kiosk's 好差评 screen, the 100 % follow-up of bad ratings). No
personal data: the record names the ticket, the window and the clerk, never the citizen.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from offline_cache.wire import Evaluation
from offline_cache.wire.evaluation import SELF_SERVICE_TERMINAL
from offline_cache.wire.hall_time import DEFAULT_ZONE, hall_local


@dataclass(frozen=True)
class RatedVisit:
    """What a pad rating is about: the ticket served, at which window, by whom."""

    ticket_number: str
    ticket_id: str
    window_no: int
    staff_number: str
    project_no: str = ""  # the case number (办件编号) when a case was accepted


def pad_evaluation(
    visit: RatedVisit, satisfaction: int, *, hall_code: str, area_code: str, at: float, zone: str = DEFAULT_ZONE
) -> Evaluation:
    """The record for ``satisfaction`` (1-5) tapped at epoch time ``at``.

    Raises:
        offline_cache.wire.WireError: a level outside 1-5.
    """
    assess_time = hall_local(at, zone).isoformat(timespec="seconds")  # the hall's time
    return Evaluation(
        id=uuid.uuid4().hex,
        satisfaction=satisfaction,
        assessTime=assess_time,
        hallCode=hall_code,
        areaCode=area_code,
        windowNo=visit.window_no,
        workNo=visit.staff_number,
        pf=SELF_SERVICE_TERMINAL,
        ticket=visit.ticket_number,
        projectNo=visit.project_no,
        proStatus=3,
        anonymityFlag=True,
        evalDetail=[],
        reasonsPending=satisfaction <= 2,
    )
