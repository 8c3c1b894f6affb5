"""What the window's desk shows and what it refuses: plain values for the screen (no
wire types: the UI never imports ``offline_cache``), errors as message keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from common.errors import KeyedError


class DeskError(KeyedError):
    """What the clerk cannot do now: a message key and data (no sentences)."""


@dataclass(frozen=True)
class DeskTicket:
    """The ticket at the window, as the screen shows it."""

    id: str
    number: str
    service: str
    service_name: str
    status: str  # called | held
    waited_s: int  # in the queue: from issue to the (first) call
    at_window_s: int  # since it was called
    recalls: int


@dataclass(frozen=True)
class DeskView:
    """Everything the window's screen shows, nothing more (no citizen's data)."""

    signed_in: bool = False
    staff_number: str = ""
    staff_name: str = ""
    locked: bool = False
    ticket: DeskTicket | None = None
    waiting: dict[str, int] = field(default_factory=dict)  # service code -> tickets waiting
    service_names: dict[str, str] = field(default_factory=dict)
    rating: str = "none"  # none | asking | received | timed_out | unavailable
    hub: str = "unknown"  # online | offline | unknown
    led: str = ""  # the last text sent to the window's LED display
    message: str = ""  # a message key ("" = none)
    message_data: dict[str, Any] = field(default_factory=dict)
