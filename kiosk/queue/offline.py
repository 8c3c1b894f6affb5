"""Tickets while the hub is away: the kiosk's leased numbers, kept topped up while the
hub answers and handed out, printed and queued in the outbox when it does not.

    offline = OfflineTickets.open(settings.data_dir)      # or OfflineTickets(outbox)
    offline.top_up(hub_client, ["A", "B"])                 # while the hub answers
    offline.remember_services(services)                    # the 取号 screen's list
    issued = offline.issue("A", priority=None, person=key) # hub away: LeaseEmpty when none

The numbers live in the outbox's file (``offline_cache.outbox.leases``): handing one out
and storing the ticket's record are one transaction, so a restart never issues a number
again. The sync engine sends the record (kind ``ticket``) when the hub is back.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from offline_cache.outbox import Outbox
from offline_cache.outbox.leases import HeldOffline, IssuedOffline, LeaseBook, LeaseEmpty

log = logging.getLogger("kiosk.queue")

LEASE_SIZE = 20  # numbers per lease: a kiosk issues ~1 a minute, so a short outage is covered
LOW_WATER = 10  # ask for the next lease while this many are still left
_SERVICES_KEY = "queue_services"

__all__ = ["LEASE_SIZE", "LOW_WATER", "HeldOffline", "IssuedOffline", "LeaseEmpty", "OfflineTickets"]


class OfflineTickets:
    """The kiosk's leases and offline tickets over its outbox.

    Args:
        outbox: the terminal's outbox (the records go out with every other record).
        clock: epoch seconds now.
        own: close the outbox on ``close`` (it was opened for this object).
        size: numbers asked for per lease.
        low_water: ask for another lease while fewer than this are left.

    Thread: any (the outbox serialises); ``top_up`` blocks on the hub.
    """

    def __init__(
        self,
        outbox: Outbox,
        *,
        clock: Callable[[], float] = time.time,
        own: bool = False,
        size: int = LEASE_SIZE,
        low_water: int = LOW_WATER,
    ) -> None:
        self.outbox = outbox
        self.size = size
        self.low_water = low_water
        self.book = LeaseBook(outbox)
        self.clock = clock
        self._own = own

    @classmethod
    def open(cls, data_dir: str | Path, *, clock: Callable[[], float] = time.time, **kw: int) -> OfflineTickets:
        """A second handle on the terminal's outbox in ``data_dir`` (the sync service
        holds the first and sends what this one stores).

        Raises:
            StorageError: the folder cannot hold the outbox.
        """
        return cls(Outbox(data_dir, clock=clock, sweep=False), clock=clock, own=True, **kw)

    def close(self) -> None:
        if self._own:
            self.outbox.close()

    # ---- while the hub answers --------------------------------------------------------
    def top_up(self, hub: Any, services: Iterable[str]) -> int:
        """Ask ``hub`` (a HubClient) for a lease of each service running low; how many
        leases were added. A hub error ends the round quietly (the next one tries again)."""
        from offline_cache.sync.errors import HubError

        now = self.clock()
        added = 0
        self.book.forget_expired(now)
        for code in services:
            if self.book.remaining(code, now) >= self.low_water:
                continue
            try:
                lease = hub.lease(code, self.size)
            except HubError as exc:
                log.info("lease_not_granted", extra={"fields": {"service": code, "reason": exc.key}})
                if exc.key in ("hub.unreachable", "hub.server_error", "hub.unauthorized"):
                    break  # the others would fail alike
                continue
            if self.book.add(lease):
                added += 1
                log.info("lease_granted", extra={"fields": {"service": code, "first": lease.first, "last": lease.last}})
        return added

    def remember_services(self, services: list[dict[str, Any]]) -> None:
        """Keep the hall's services (code, prefix, name, open_now) for the screen to offer
        when the hub is away, even after a restart."""
        text = json.dumps(services, ensure_ascii=False, sort_keys=True)
        if self.outbox.get_state(_SERVICES_KEY) != text:
            self.outbox.set_state({_SERVICES_KEY: text})

    def known_services(self) -> list[dict[str, Any]]:
        """The services remembered last time the hub answered ([] when never)."""
        text = self.outbox.get_state(_SERVICES_KEY)
        try:
            found = json.loads(text) if text else []
        except ValueError:
            return []
        return [s for s in found if isinstance(s, dict)] if isinstance(found, list) else []

    # ---- while it does not ------------------------------------------------------------
    def remaining(self, service: str) -> int:
        return self.book.remaining(service, self.clock())

    def held(self, person: str, service: str) -> HeldOffline | None:
        """The person's ticket for ``service`` issued here offline and still good."""
        return self.book.held(person, service, self.clock())

    def issue(self, service: str, *, priority: str | None = None, person: str | None = None) -> IssuedOffline:
        """The next leased number of ``service``, its ticket stored in the outbox.

        Raises:
            LeaseEmpty: none left that may be issued now.
            StorageError: the outbox cannot store it (no number is used up).
        """
        issued = self.book.issue(service, now=self.clock(), priority=priority, person=person)
        log.info("ticket_issued_offline", extra={"fields": {"number": issued.number, "service": service}})
        return issued
