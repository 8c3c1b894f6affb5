"""The event stream: server-sent events read from the durable ``events`` table.

Each process keeps one :class:`EventBell`: a commit in this process rings it at once
(``QueueStore.on_commit``). Events written by other workers or processes: on
PostgreSQL a LISTEN connection rings it when their NOTIFY arrives (``hub.notify``), and
a poller looks at ``meta.event_seq`` every ``fallback_s`` in case one was lost; on
SQLite (or while the listener is down) the poller looks every ``poll_s`` while someone
listens. A stream then reads the rows after the last id it sent, so every client gets
every event once, in order, whichever process wrote it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable
from itertools import islice

from anyio import CapacityLimiter, to_thread
from starlette.requests import Request

from hub.store import QueueStore
from offline_cache.wire import QueueEvent

BATCH = 500
log = logging.getLogger("hub")


class EventBell:
    """Wakes waiting streams; ``ring()`` may be called from any thread."""

    def __init__(self) -> None:
        self.version = 0
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    def ring(self) -> None:
        """Thread: any."""
        self.version += 1
        for loop, ev in list(self._waiters):
            try:
                loop.call_soon_threadsafe(ev.set)
            except RuntimeError:  # that loop closed (server stopping)
                self._waiters.discard((loop, ev))

    @property
    def listening(self) -> bool:
        return bool(self._waiters)

    async def wait(self, seen: int, timeout: float) -> bool:
        """Wait until the version moves past ``seen`` (False on timeout)."""
        if self.version != seen:
            return True
        entry = (asyncio.get_running_loop(), asyncio.Event())
        self._waiters.add(entry)
        try:
            if self.version != seen:
                return True
            await asyncio.wait_for(entry[1].wait(), timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self._waiters.discard(entry)


PRUNE_EVERY_S = 600.0


async def poll_forever(
    store: QueueStore, bell: EventBell, interval: Callable[[], float], listeners: list[int], keep: int
) -> None:
    """Ring the bell when another process wrote events (runs for the app's life; looks
    again after ``interval()`` seconds); now and then drop events older than the newest
    ``keep`` (clients that far behind get a snapshot anyway)."""
    last = -1
    pruned_at = 0.0
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(interval())
        if loop.time() - pruned_at > PRUNE_EVERY_S:
            pruned_at = loop.time()
            try:
                await to_thread.run_sync(store.prune_events, keep)
            except Exception:  # pruning can wait for the next round
                log.warning("hub.events.prune_failed", exc_info=True)
        if not listeners[0]:
            continue
        try:
            seq = await to_thread.run_sync(store.last_seq)
        except Exception:
            await asyncio.sleep(1.0)
            continue
        if seq != last:
            last = seq
            bell.ring()


class EventFeed:
    """The newest events of the process in memory, read once per ring for every stream.

    Without it each open stream queried the table after every event (40 hall boards x
    20 events/s = 800 queries/s; bench/city.py). Streams that are behind what memory
    holds (just connected, resuming) read the table themselves until they catch up.
    """

    def __init__(self, store: QueueStore, bell: EventBell, keep: int = 2000) -> None:
        self.store = store
        self.bell = bell
        self.events: deque[QueueEvent] = deque(maxlen=keep)
        self.base: int | None = None  # every event with base < seq <= top is in memory
        self.top = -1
        self.read_version = -1
        self._lock = asyncio.Lock()
        self._threads: CapacityLimiter | None = None

    async def refresh(self, version: int) -> None:
        """Read what was committed before the bell reached ``version``, unless done."""
        if self._threads is None:
            # Its own thread for the reads: under load the 40 shared request threads
            # have a queue, and the boards' events must not wait in it (bench/city.py).
            self._threads = CapacityLimiter(1)
        async with self._lock:
            while self.read_version < version:
                now = self.bell.version  # a ring during the read: read again next time
                if self.base is None:
                    self.base = self.top = await to_thread.run_sync(self.store.last_seq, limiter=self._threads)
                batch, _ = await to_thread.run_sync(self.store.events_after, self.top, BATCH, limiter=self._threads)
                for event in batch:
                    if len(self.events) == self.events.maxlen:
                        self.base = self.events[0].seq
                    self.events.append(event)
                    self.top = event.seq
                if len(batch) < BATCH:
                    self.read_version = now

    def after(self, seq: int) -> list[QueueEvent] | None:
        """Events after ``seq`` from memory (None: memory does not reach back that far)."""
        if self.base is None or seq < self.base:
            return None
        if seq >= self.top:
            return []
        # Sequence numbers are consecutive (hub.store: one counter, bumped by the events
        # a transaction adds), so the position is arithmetic; checked all the same.
        start = max(0, seq + 1 - self.events[0].seq)
        out = list(islice(self.events, start, start + BATCH))
        if out and out[0].seq != seq + 1:
            out = [e for e in self.events if e.seq > seq][:BATCH]
        return out


def sse(event: QueueEvent) -> str:
    data = json.dumps(event.data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {event.seq}\nevent: {event.kind}\ndata: {data}\n\n"


async def stream(
    request: Request,
    store: QueueStore,
    bell: EventBell,
    feed: EventFeed,
    *,
    last_event_id: int | None,
    retention: int,
    keepalive_s: float,
    listeners: list[int],
) -> AsyncIterator[str]:
    """The SSE body: a snapshot first when the client is new or too far behind, then
    every event after its last id, and a keep-alive comment in silences."""
    listeners[0] += 1
    try:
        yield "retry: 1000\n\n"
        last = last_event_id
        newest = await to_thread.run_sync(store.last_seq)
        if last is not None:
            _, oldest = await to_thread.run_sync(store.events_after, newest, 1)
            behind = newest - last
            gone = oldest is not None and last < oldest - 1
            if last > newest or behind > retention or gone:
                last = None
        if last is None:
            snap = await to_thread.run_sync(store.snapshot)
            yield sse(QueueEvent(snap.seq, "snapshot", snap.to_dict()))
            last = snap.seq
        while True:
            seen = bell.version
            await feed.refresh(seen)
            held = feed.after(last)
            if held is None:  # behind what memory holds: from the table
                batch, _ = await to_thread.run_sync(store.events_after, last, BATCH)
            else:
                batch = held
            for event in batch:
                yield sse(event)
                last = event.seq
            if len(batch) == BATCH:
                continue
            if await request.is_disconnected():
                return
            if not await bell.wait(seen, keepalive_s):
                yield ": keep-alive\n\n"
    finally:
        listeners[0] -= 1
