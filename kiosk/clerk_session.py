"""The clerk signed in at a window: who, whether they serve, whether the window is locked.

    signed_out --sign_in(staff, name, PIN)--> idle
    idle --a ticket called | a case opened--> serving --ticket over and case closed--> idle
    idle --idle_lock_s without touch()--> locked    (never from serving: a citizen is there)
    any signed-in state --lock()--> locked           (the clerk locks on purpose)
    locked --unlock(the clerk's PIN)--> idle | serving (as before)
    locked --5 wrong PINs--> signed_out;  any --sign_out()--> signed_out

No Qt here, like ``kiosk.visit``: the window calls ``tick()`` from a timer and ``touch()``
on every key or tap; every screen and every header action asks ``may(action)`` and a
locked window allows nothing but the PIN (and 换人登录). A window with no hub to check a
PIN at (``attended`` false) works as the terminal itself, as it always has.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import os
import threading
import time
from collections.abc import Callable

from kiosk.logs import log_event

MAX_UNLOCK_TRIES = 5

# What a clerk does at the desk. Actions for the citizen at the window need a ticket.
TICKET_ACTIONS = frozenset({"recall", "skip", "transfer", "hold", "finish", "read_card", "rate"})
DESK_ACTIONS = TICKET_ACTIONS | {"call", "guide", "accept", "sign_out"}
UNATTENDED_ACTIONS = frozenset({"guide", "accept"})  # no hub: the terminal accepts as itself


class ClerkState(str, enum.Enum):
    SIGNED_OUT = "signed_out"
    IDLE = "idle"  # signed in, nobody served: the lock may fall
    SERVING = "serving"  # a ticket called (or held) or a case open: the lock waits
    LOCKED = "locked"


class UnlockResult(str, enum.Enum):
    OPENED = "opened"
    WRONG = "wrong"  # ``tries_left`` says how many remain
    SIGNED_OUT = "signed_out"  # the last wrong PIN, or nobody to unlock


class ClerkSession:
    """The signed-in clerk's state at window terminal.

    Args:
        idle_lock_s: lock after this long without ``touch()`` while idle.
        clock: a monotonic clock, injectable for tests.

    Thread: any; listeners run on the thread that made the change.
    """

    def __init__(self, idle_lock_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        if idle_lock_s <= 0:
            raise ValueError("idle_lock_s must be positive")
        self.idle_lock_s = idle_lock_s
        self.clock = clock
        self.attended = False  # a hub checks PINs: the clerk must sign in
        self.staff_number = ""
        self.staff_name = ""
        self.tries_left = MAX_UNLOCK_TRIES
        self._state = ClerkState.SIGNED_OUT
        self._ticket = False
        self._case = False
        self._pin: tuple[bytes, bytes] | None = None  # (salt, PBKDF2) of the signed-in PIN
        self._last_touch = clock()
        self._mutex = threading.RLock()
        self._listeners: list[Callable[[ClerkState], None]] = []

    # -- asking ------------------------------------------------------------------------
    @property
    def state(self) -> ClerkState:
        return self._state

    @property
    def signed_in(self) -> bool:
        return self._state is not ClerkState.SIGNED_OUT

    @property
    def locked(self) -> bool:
        return self._state is ClerkState.LOCKED

    def may(self, action: str) -> bool:
        """Whether ``action`` (``call``, ``finish``, ``accept``, ``guide``, ``unlock`` ...)
        may be done now. A locked window opens nothing but the PIN and 换人登录."""
        state = self._state
        if state is ClerkState.SIGNED_OUT:
            return action == "sign_in" or (not self.attended and action in UNATTENDED_ACTIONS)
        if state is ClerkState.LOCKED:
            return action in ("unlock", "sign_out")
        if action == "call":
            return not self._ticket
        if action in TICKET_ACTIONS:
            return self._ticket
        return action in DESK_ACTIONS

    def listen(self, listener: Callable[[ClerkState], None]) -> None:
        self._listeners.append(listener)

    # -- signing in and out ---------------------------------------------------------------
    def sign_in(self, staff_number: str, staff_name: str, pin: str) -> None:
        """The hub accepted ``pin`` for ``staff_number``: keep its hash for the lock."""
        salt = os.urandom(16)
        with self._mutex:
            self.staff_number, self.staff_name = staff_number, staff_name
            self._pin = (salt, _pin_hash(pin, salt))
            self.tries_left = MAX_UNLOCK_TRIES
            self._last_touch = self.clock()
            self._ticket = self._case = False
        self._set(ClerkState.IDLE)

    def sign_out(self) -> None:
        with self._mutex:
            self.staff_number = self.staff_name = ""
            self._pin = None
            self._ticket = self._case = False
        self._set(ClerkState.SIGNED_OUT)

    # -- serving ----------------------------------------------------------------------------
    def set_ticket(self, at_window: bool) -> None:
        """A ticket is called or held at this window (True), or it ended (False)."""
        with self._mutex:
            self._ticket = at_window
        self._serving_changed()

    def open_case(self) -> None:
        """综合受理 began: a citizen's case is open until ``close_case``."""
        with self._mutex:
            self._case = True
        self._serving_changed()

    def close_case(self) -> None:
        with self._mutex:
            self._case = False
        self._serving_changed()

    # -- time and the lock ---------------------------------------------------------------------
    def touch(self) -> None:
        """The clerk pressed a key or tapped: not idle."""
        self._last_touch = self.clock()

    def seconds_to_lock(self) -> float:
        """How long until the idle lock falls (inf while serving or not signed in)."""
        if self._state is not ClerkState.IDLE:
            return float("inf")
        return max(0.0, self._last_touch + self.idle_lock_s - self.clock())

    def tick(self) -> ClerkState:
        """Lock a window that is truly idle; call a few times a second."""
        if self._state is ClerkState.IDLE and self.seconds_to_lock() <= 0:
            self.lock()
        return self._state

    def lock(self) -> bool:
        """Lock now (a signed-in clerk only); True when the window locked."""
        with self._mutex:
            if self._state in (ClerkState.SIGNED_OUT, ClerkState.LOCKED):
                return False
        log_event("clerk_locked", staff=self.staff_number)
        self._set(ClerkState.LOCKED)
        return True

    def unlock(self, pin: str) -> UnlockResult:
        """Open the lock with the signed-in clerk's PIN (checked here: works without the
        hub). The fifth wrong PIN signs the clerk out."""
        with self._mutex:
            if self._pin is None or self._state is not ClerkState.LOCKED:
                return UnlockResult.SIGNED_OUT if self._pin is None else UnlockResult.OPENED
            salt, expected = self._pin
            if hmac.compare_digest(_pin_hash(pin, salt), expected):
                self.tries_left = MAX_UNLOCK_TRIES
                self._last_touch = self.clock()
                opened = True
            else:
                self.tries_left -= 1
                opened = False
        if opened:
            self._set(self._serving_state())
            return UnlockResult.OPENED
        if self.tries_left <= 0:
            self.sign_out()
            return UnlockResult.SIGNED_OUT
        return UnlockResult.WRONG

    # -- inside -----------------------------------------------------------------------------------
    def _serving_state(self) -> ClerkState:
        return ClerkState.SERVING if self._ticket or self._case else ClerkState.IDLE

    def _serving_changed(self) -> None:
        with self._mutex:
            if self._state not in (ClerkState.IDLE, ClerkState.SERVING):
                return
            now = self._serving_state()
            if now is ClerkState.IDLE and self._state is ClerkState.SERVING:
                self._last_touch = self.clock()  # idle from the moment the citizen left
        self._set(now)

    def _set(self, state: ClerkState) -> None:
        with self._mutex:
            if state is self._state:
                return
            self._state = state
            listeners = list(self._listeners)
        for listener in listeners:
            listener(state)


def _pin_hash(pin: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, 50_000)
