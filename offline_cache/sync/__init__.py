"""Talking to the hub: the HTTP client (the one module that imports httpx), the event
stream reader and the errors both raise."""

from offline_cache.sync.errors import (
    HubError,
    HubRejected,
    HubUnavailable,
    ServiceClosed,
    TicketExists,
    Unauthorized,
)

__all__ = ["HubError", "HubRejected", "HubUnavailable", "ServiceClosed", "TicketExists", "Unauthorized"]
