"""``EventStream``: follow the hub's server-sent events on a background thread.

    stream = EventStream(url, token, on_event=show, on_state=light)
    stream.start()          # connects, resumes with Last-Event-ID after every break
    stream.stop()

The stream reconnects after any break with a short backoff (0.1 s doubling, capped at
2 s, so a hall board catches up within seconds of the hub coming back) and sends the
last id it delivered; the hub replays what was missed, or sends a ``snapshot`` event
first when the gap is too wide.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable

import httpx

from offline_cache.wire import QueueEvent, WireError

log = logging.getLogger("offline_cache.sync.events")
BACKOFF_FIRST_S = 0.1
BACKOFF_MAX_S = 2.0
# The hub sends a keep-alive comment at least every 15 s; a silence much longer than
# that means the connection died without a FIN (a cable pulled, a NAT forgot us).
READ_TIMEOUT_S = 35.0


class EventStream:
    """Reads ``/api/v1/events`` and hands each event to ``on_event``.

    Args:
        base_url: the hub, e.g. ``http://10.0.0.5:8700``.
        token: the terminal's bearer token.
        on_event: called with each :class:`QueueEvent`, in order, once each.
        on_state: called with ``"connected"`` when a stream opens and ``"lost"`` when it
            breaks (once per break, not per failed retry).
        last_event_id: resume after this event id (None: start with a snapshot).
        on_alive: called (no arguments) for every line the hub sends, keep-alive
            comments included: proof the stream is alive in a quiet hall.

    Thread: ``start``/``stop`` from any thread; both callbacks run on the stream's own
    daemon thread (a Qt UI must hop to its GUI thread, e.g. through ui/bridge.py).
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        on_event: Callable[[QueueEvent], None],
        on_state: Callable[[str], None],
        *,
        last_event_id: int | None = None,
        read_timeout_s: float = READ_TIMEOUT_S,
        on_alive: Callable[[], None] | None = None,
    ) -> None:
        self.url = base_url.rstrip("/") + "/api/v1/events"
        self._token = token
        self._on_event = on_event
        self._on_state = on_state
        self._on_alive = on_alive
        self.last_event_id = last_event_id
        self._read_timeout_s = read_timeout_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self.state = "idle"

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("EventStream already started")
        self._thread = threading.Thread(target=self._run, name="hub-events", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 3.0) -> None:
        """Stop following; no callback runs after this returns (unless it timed out)."""
        self._stop.set()
        with self._lock:
            if self._sock is not None:
                try:  # wakes the thread blocked in recv() at once
                    self._sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout_s)

    # ---- the thread -------------------------------------------------------------------
    def _run(self) -> None:
        delay = BACKOFF_FIRST_S
        timeout = httpx.Timeout(5.0, read=self._read_timeout_s)
        with httpx.Client(timeout=timeout) as http:
            while not self._stop.is_set():
                connected = False
                try:
                    connected = self._follow(http)
                except (httpx.HTTPError, OSError) as exc:
                    log.info("event stream broken: %s", type(exc).__name__)
                except Exception:  # a callback's bug must not end the stream
                    log.exception("event listener failed")
                if self._stop.is_set():
                    break
                if self.state == "connected":
                    self._set_state("lost")
                delay = BACKOFF_FIRST_S if connected else min(delay * 2, BACKOFF_MAX_S)
                self._stop.wait(delay)

    def _follow(self, http: httpx.Client) -> bool:
        """One connection: read events until it breaks. True if it was ever open."""
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "text/event-stream"}
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = str(self.last_event_id)
        with http.stream("GET", self.url, headers=headers) as response:
            if response.status_code != 200:
                log.warning("event stream refused: status %s", response.status_code)
                return False
            stream = response.extensions.get("network_stream")
            with self._lock:
                self._sock = stream.get_extra_info("socket") if stream is not None else None
            if self._stop.is_set():
                return True
            self._set_state("connected")
            fields: dict[str, list[str]] = {}
            for line in response.iter_lines():
                if self._stop.is_set():
                    return True
                if self._on_alive is not None:
                    self._on_alive()
                if line == "":
                    self._dispatch(fields)
                    fields = {}
                elif not line.startswith(":"):
                    name, _, value = line.partition(":")
                    fields.setdefault(name, []).append(value.removeprefix(" "))
        return True

    def _dispatch(self, fields: dict[str, list[str]]) -> None:
        if "data" not in fields or "id" not in fields:
            return  # retry: lines, comments
        try:
            seq = int(fields["id"][-1])
        except ValueError:
            log.warning("hub.events.bad_id %r", fields["id"][-1][:40])
            return
        try:
            event = QueueEvent.from_dict(
                {
                    "seq": seq,
                    "kind": fields.get("event", ["message"])[-1],
                    "data": json.loads("\n".join(fields["data"])),
                }
            )
        except (ValueError, WireError) as exc:
            # A kind this terminal does not know (a newer hub) or a broken one: pass over
            # it, and do not ask for it again after a reconnect.
            log.warning("event stream sent a bad event (seq %s): %s", seq, exc)
            self.last_event_id = seq
            return
        if self._stop.is_set():
            return
        self._on_event(event)
        self.last_event_id = event.seq

    def _set_state(self, state: str) -> None:
        self.state = state
        if not self._stop.is_set():
            self._on_state(state)
