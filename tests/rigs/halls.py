"""Hall files for hub tests: a hall where one service is closed right now."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def hall_with_closed_service(folder: Path, *, closed: str = "C", tz: str = "Asia/Shanghai") -> Path:
    """A hall file: A, B open around the clock; ``closed`` (不动产登记) opens only on the
    weekday two days from now (hall time), 08:30-17:00, so it is closed all of today."""
    today = dt.datetime.now(ZoneInfo(tz)).weekday()
    opens_on = DAYS[(today + 2) % 7]
    every_day = "\n".join(f'{d} = "00:00-24:00"' for d in DAYS)
    path = folder / "hall.toml"
    path.write_text(
        f"""[hall]
code = "TEST-HALL"
name = "测试政务服务大厅"
timezone = "{tz}"

[hours]
{every_day}

[[services]]
code = "A"
prefix = "A"
name = "综合受理"

[[services]]
code = "B"
prefix = "B"
name = "社保医保"

[[services]]
code = "{closed}"
prefix = "{closed}"
name = "不动产登记"
hours = {{ {opens_on} = "08:30-17:00" }}

[[windows]]
number = 1
services = ["A", "B", "{closed}"]

[[windows]]
number = 2
services = ["A", "B"]
""",
        encoding="utf-8",
    )
    return path
