"""The sync protocol's message types, defined once for the terminals and the hub.

Stdlib only (dataclasses, no third-party package, nothing of the project) and no I/O:
``to_dict()`` gives the JSON-ready form, ``from_dict()`` checks a received one and
raises :class:`WireError` naming the field at fault.
"""

from offline_cache.wire.errors import WireError
from offline_cache.wire.evaluation import Evaluation
from offline_cache.wire.queue import (
    EVENT_KINDS,
    PRIORITY_CLASSES,
    TICKET_STATUSES,
    QueueCall,
    QueueEvent,
    QueueService,
    QueueSnapshot,
    Ticket,
)

__all__ = [
    "EVENT_KINDS",
    "PRIORITY_CLASSES",
    "TICKET_STATUSES",
    "Evaluation",
    "QueueCall",
    "QueueEvent",
    "QueueService",
    "QueueSnapshot",
    "Ticket",
    "WireError",
]
