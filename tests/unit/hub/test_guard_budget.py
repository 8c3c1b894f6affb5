"""The connection budget (hub/guard.py) fits the fd limits it meets: the packaged unit's,
the 1,024 a plain shell gives, and the room for a backlog accepted in one go."""

from __future__ import annotations

import re
from pathlib import Path

from hub import guard, serve

UNIT = Path(__file__).resolve().parents[3] / "packaging/systemd/hall-kiosk-hub.service"


def test_the_packaged_unit_gives_room_for_the_whole_budget() -> None:
    limit = int(re.search(r"^LimitNOFILE=(\d+)$", UNIT.read_text(), re.M).group(1))
    assert guard.budget(limit) == guard.MAX_CONNECTIONS
    assert limit - guard.MAX_CONNECTIONS >= guard.RESERVED_FDS


def test_the_budget_stays_below_any_fd_limit_with_room_for_a_backlog() -> None:
    assert serve.UVICORN["backlog"] <= guard.RESERVED_FDS - 3 * 40
    assert serve.UVICORN["http"] == "hub.guard:GuardedH11Protocol"
    for limit in (512, 1024, 4096):
        assert guard.budget(limit) + guard.RESERVED_FDS <= limit
    assert guard.budget(100) == 8  # a tiny limit still serves someone
