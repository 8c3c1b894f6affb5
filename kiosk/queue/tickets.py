"""What a ticket is at the kiosk: the services to choose from, the citizen who put their
ID card down, the ticket taken, the errors, and the pure helpers (waiting minutes, the
elder age, appointment codes). Values only; ``kiosk.queue.ticketing`` talks to the hub.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from common.errors import KeyedError

Words = Callable[..., str]

#: The priority classes a citizen may ask for at the kiosk (the hub's names; the
#: ``appointment`` class comes only from a check-in).
PRIORITY_CHOICES = ("elderly", "disabled", "pregnant", "green_channel")
#: Age from which the ID card suggests 长者 priority (only suggests: the citizen decides).
ELDER_AGE = 65
#: What an appointment QR code carries (hub: ``HALLKIOSK:APPT:CODE``); a bare code or the
#: booking system's ``APPT:CODE`` is accepted too.
APPOINTMENT_PREFIXES = ("HALLKIOSK:APPT:", "APPT:")


class TicketingError(KeyedError):
    """Taking or checking in failed; ``key`` names what to tell the citizen.

    Keys: ``queue.hub_unreachable`` (go to the consulting window),
    ``queue.offline_exhausted`` (the hub is away and no leased number is left: go to the
    consulting window), ``queue.service_closed`` (``opens_at``), ``queue.service_unknown``, ``queue.not_authorised`` (a technician must
    set the token), ``queue.rejected`` (``code``), ``queue.appointment_not_found``,
    ``queue.appointment_used``, ``queue.appointment_not_now``, ``queue.bad_appointment_code``.
    """


@dataclass(frozen=True)
class ServiceChoice:
    """One service on the 取号 screen.

    Attributes:
        opens_at: when a closed service opens next (hall time), None when open or never.
        opens_day: ``"today"``, ``"tomorrow"`` or ``"weekday"`` (then see ``opens_at``'s
            weekday), for the screen's "周一 08:30 开始取号".
    """

    code: str
    prefix: str
    name: str
    open_now: bool
    opens_at: dt.datetime | None = None
    opens_day: str | None = None
    name_en: str = ""  # the hall file's English name, "" when it gives none

    @property
    def opens_time(self) -> str:
        """``08:30`` (empty when the service is open or never opens)."""
        return f"{self.opens_at:%H:%M}" if self.opens_at else ""

    @property
    def opens_weekday(self) -> int | None:
        """0 = Monday ... 6 = Sunday, of ``opens_at``."""
        return self.opens_at.weekday() if self.opens_at else None


@dataclass(frozen=True)
class Identified:
    """A citizen who put their ID card on the reader, as the ticket screen may keep it:
    the person key, the masked name, and whether the card suggests 长者 priority."""

    person_key: str = field(repr=False)
    masked_name: str
    suggest_elderly: bool


@dataclass(frozen=True)
class TakenTicket:
    """A ticket the hub holds, with what the done screen and the paper show.

    Attributes:
        already_held: the hub answered that this person already holds it (409).
        print_state: ``not_printed`` | ``printing`` | ``printed`` | ``failed``.
        print_error: the message key of the last failed print (``device.printer.paper_out``).
        offline: issued here from the kiosk's leased numbers while the hub was away
            (valid; it joins the queue by its issue time when the hub is back; ``ahead``
            is not known then).
    """

    id: str
    number: str
    service: str
    service_name: str
    status: str
    ahead: int
    wait_minutes: int
    issued_at: dt.datetime | None
    follow_url: str
    priority: str | None = None
    already_held: bool = False
    print_state: str = "not_printed"
    print_error: str | None = None
    print_error_data: dict[str, Any] = field(default_factory=dict)
    offline: bool = False
    service_name_en: str = ""  # the hall file's English name of the service, "" when none

    @property
    def print_failed(self) -> bool:
        return self.print_state == "failed"

    @property
    def paper_out(self) -> bool:
        return self.print_error == "device.printer.paper_out"

    def announcement(self, tr: Words, lang: str = "zh_CN") -> str:
        """What the headset says on the done screen: the number read digit by digit
        (A零零三, as the hall's caller says it) and the people ahead. Only the number and
        counts: never personal data."""
        from kiosk.speech.words import DIGITS

        letters = "".join(c for c in self.number if c.isalpha())
        digits = [c for c in self.number if c.isdigit()]
        if lang == "zh_CN":
            spoken = letters + "".join(DIGITS[int(d)] for d in digits)
        else:
            spoken = " ".join([*letters, *digits])
        if self.offline:
            return tr("queue.announce.offline", number=spoken)
        key = "queue.announce.held" if self.already_held else "queue.announce"
        return tr(key, number=spoken, ahead=self.ahead, minutes=self.wait_minutes)


def wait_minutes(seconds: int) -> int:
    """The hub's estimate in whole minutes, rounded up (0 only when nobody is ahead)."""
    return max(0, math.ceil(seconds / 60))


def is_elder(birth: dt.date, today: dt.date, age: int = ELDER_AGE) -> bool:
    """Whether someone born on ``birth`` is ``age`` or older on ``today``."""
    years = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    return years >= age


def appointment_code(payload: str) -> str:
    """The appointment code in a scanned QR payload (or typed code).

    Raises:
        TicketingError: ``queue.bad_appointment_code`` for anything else.
    """
    text = (payload or "").strip()
    for prefix in APPOINTMENT_PREFIXES:
        if text.upper().startswith(prefix):
            text = text[len(prefix) :]
            break
    # The hub's codes are 4-32 letters and digits (hub/routes/appointments.py); anything
    # else (another booking system's "APPT:20261126-A001") is not this hall's.
    if not (4 <= len(text) <= 32 and text.isascii() and text.isalnum()):
        raise TicketingError("queue.bad_appointment_code")
    return text


def service_choice(
    code: str, prefix: str, name: str, open_now: bool, opens_at: str | None, now: dt.datetime, name_en: str = ""
) -> ServiceChoice:
    """A service as the 取号 screen shows it; ``opens_day`` is counted in the hall's time
    zone (the one ``opens_at`` carries), not the terminal's."""
    opens = parse_time(opens_at) if not open_now else None
    day = None
    if opens is not None:
        local_today = now.astimezone(opens.tzinfo).date() if opens.tzinfo else now.date()
        delta = (opens.date() - local_today).days
        day = "today" if delta == 0 else "tomorrow" if delta == 1 else "weekday"
    return ServiceChoice(code, prefix, name, open_now, opens, day, name_en)


def parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None
