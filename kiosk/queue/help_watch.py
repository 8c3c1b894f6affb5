"""Help requests (呼叫帮助) as a window terminal sees them: from the hub's event stream,
with the newest list fetched whenever the stream (re)connects.

    watch = HelpWatch(connection, on_change=lambda alerts: ...)   # a thread's callback
    watch.start(); ...; watch.dismiss(); watch.stop()

``alerts()`` are the requests of the last ``keep_s`` seconds not yet dismissed at this
window, newest first. Nothing of a citizen is in a request: terminal, hall, screen.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.logs import log_event
from kiosk.queue.connection import HubConnection

KEEP_S = 15 * 60.0  # a request older than this is stale: someone has seen to it


@dataclass(frozen=True)
class HelpAlert:
    id: str
    terminal: str
    screen: str
    at: float  # epoch seconds

    @property
    def terminal_no(self) -> int | None:
        """The kiosk's number when its name ends with one (``kiosk-3`` -> 3)."""
        m = re.search(r"(\d+)$", self.terminal)
        return int(m.group(1)) if m else None

    @classmethod
    def from_hub(cls, d: dict[str, Any]) -> HelpAlert | None:
        try:
            at = datetime.fromisoformat(str(d["at"])).timestamp()
            return cls(str(d["id"]), str(d["terminal"]), str(d.get("screen", "")), at)
        except (KeyError, ValueError, TypeError):
            return None  # a malformed one is passed over, never shown half


class HelpWatch:
    """Follows the hub for help requests.

    Args:
        connection: the hub (a window token may list help requests).
        on_change: called with the current alerts after every change (stream thread).
        clock: epoch seconds.
    """

    def __init__(
        self,
        connection: HubConnection,
        on_change: Callable[[list[HelpAlert]], None],
        *,
        keep_s: float = KEEP_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.connection = connection
        self.on_change = on_change
        self.keep_s = keep_s
        self.clock = clock
        self._alerts: dict[str, HelpAlert] = {}
        self._dismissed: set[str] = set()
        self._lock = threading.Lock()
        self._stream: Any = None

    def start(self) -> None:
        if self._stream is None:
            self._stream = self.connection.events(self._on_event, self._on_state)
            self._stream.start()

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.stop()

    def alerts(self) -> list[HelpAlert]:
        now = self.clock()
        with self._lock:
            live = [a for a in self._alerts.values() if now - a.at <= self.keep_s and a.id not in self._dismissed]
        return sorted(live, key=lambda a: a.at, reverse=True)

    def dismiss(self) -> None:
        """知道了: the requests shown now are seen to at this window."""
        with self._lock:
            self._dismissed |= set(self._alerts)
        self.on_change(self.alerts())

    def _add(self, items: list[dict[str, Any]]) -> None:
        with self._lock:
            for d in items:
                alert = HelpAlert.from_hub(d)
                if alert is not None:
                    self._alerts[alert.id] = alert
        self.on_change(self.alerts())

    def _on_state(self, state: str) -> None:
        if state != "connected":
            return
        try:  # requests made while this window was away
            with self.connection.client() as client:
                self._add(client.help_requests(limit=20))
        except Exception as exc:  # the next connect asks again
            log_event("help_list_failed", error=type(exc).__name__)

    def _on_event(self, event: Any) -> None:
        if event.kind == "help.requested":
            self._add([event.data])
