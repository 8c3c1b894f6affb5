"""Every text the window role's screens name has words in Chinese and in English."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.queue.desk_view import DeskView
from ui.i18n import texts_of

REPO = Path(__file__).resolve().parents[3]
SCREENS = ("ui/screens/clerk_desk.py", "ui/screens/clerk_sign_in.py", "ui/window_terminal.py")
# Keys built from a view's values: f"desk.status.{status}" and the like.
BUILT = (
    {f"desk.status.{s}" for s in ("called", "held")}
    | {f"desk.rating.{r}" for r in ("asking", "received", "timed_out", "unavailable")}
    | {f"desk.hub.{h}" for h in ("online", "offline", "unknown")}
)


def keys_in_source() -> set[str]:
    found: set[str] = set()
    for name in SCREENS:
        found |= set(re.findall(r'"((?:desk|window|nav)\.[a-z_.]+)"', (REPO / name).read_text()))
    return found | BUILT


def test_every_desk_text_exists_in_both_languages() -> None:
    keys = keys_in_source()
    assert len(keys) > 40
    zh = texts_of("zh_CN")
    english = texts_of("en")
    assert sorted(k for k in keys if k not in zh) == []
    assert sorted(k for k in keys if k not in english) == []


def test_the_views_states_are_the_ones_the_texts_name() -> None:
    assert DeskView().rating == "none" and DeskView().hub == "unknown"
    assert f"desk.hub.{DeskView().hub}" in texts_of("zh_CN")
