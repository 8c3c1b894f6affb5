"""The terminal's connection to the hub: where it is, who this terminal is, and the
keyed hash that lets the hub tell one person's tickets apart without an ID number."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from offline_cache.sync.client import HubClient
    from offline_cache.sync.events import EventStream
    from offline_cache.wire.queue import QueueEvent


@dataclass(frozen=True)
class HubConnection:
    """Where the hub answers and this terminal's token for it.

    Args:
        url: the hub's base URL (``http://127.0.0.1:8765``).
        token: this terminal's bearer token (``kiosk hub token create``).
        person_secret: the hall's key for person keys; every terminal of a hall holds
            the same one, so a person holding a ticket at one kiosk is known at another.
    """

    url: str
    token: str = field(repr=False)
    person_secret: str = field(default="", repr=False)

    def client(self, *, timeout_s: float = 5.0) -> HubClient:
        """A new HTTP client (one per thread that uses it; close it when done)."""
        from offline_cache.sync.client import HubClient

        return HubClient(self.url, self.token, timeout_s=timeout_s)

    def events(
        self,
        on_event: Callable[[QueueEvent], None],
        on_state: Callable[[str], None],
        *,
        last_event_id: int | None = None,
        on_alive: Callable[[], None] | None = None,
    ) -> EventStream:
        """The hub's event stream (not started); ``on_alive`` hears every line, keep-alive
        comments included. Thread: its callbacks run on its own thread."""
        from offline_cache.sync.events import EventStream

        return EventStream(self.url, self.token, on_event, on_state, last_event_id=last_event_id, on_alive=on_alive)

    def person_key(self, id_number: str) -> str:
        """HMAC-SHA256 of the upper-cased ID number under the hall's secret (hex, 32
        chars): stable for a person, useless to anyone without the secret."""
        digest = hmac.new(self.person_secret.encode(), id_number.strip().upper().encode(), hashlib.sha256)
        return digest.hexdigest()[:32]


# Starts (or joins) the embedded hub for these settings and returns this terminal's
# connection plus how to stop what it started (the launcher supplies it: only the
# launcher may import ``hub``).
HubStarter = Callable[[Any], tuple[HubConnection, Callable[[], None]]]
