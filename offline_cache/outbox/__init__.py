"""The outbox: the durable, sealed queue of records a terminal sends to the hub."""

from offline_cache.db import StorageError
from offline_cache.outbox.checks import OutboxInputError
from offline_cache.outbox.schema import (
    DEAD,
    DEFAULT_PERSONAL,
    PENDING,
    SENT,
    Record,
    Stats,
)
from offline_cache.outbox.store import Outbox

__all__ = [
    "DEAD",
    "DEFAULT_PERSONAL",
    "PENDING",
    "SENT",
    "Outbox",
    "OutboxInputError",
    "Record",
    "Stats",
    "StorageError",
]
