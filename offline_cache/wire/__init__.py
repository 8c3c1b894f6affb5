"""The sync protocol's message types, defined once for the terminals and the hub.

Stdlib only (dataclasses, no third-party package, nothing of the project) and no I/O:
``to_dict()`` gives the JSON-ready form, ``from_dict()`` checks a received one and
raises :class:`WireError` naming the field at fault.

Each name is loaded from its module when first asked for: the configuration reads
``offline_cache.wire.demo_hall`` on every command, which must not build the queue's
dataclasses too (issue 15: a command imports only what it runs).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Public name -> the module that defines it.
_HOMES = {
    "EVENT_KINDS": "queue",
    "PRIORITY_CLASSES": "queue",
    "TICKET_STATUSES": "queue",
    "Evaluation": "evaluation",
    "QueueCall": "queue",
    "QueueEvent": "queue",
    "QueueService": "queue",
    "QueueSnapshot": "queue",
    "Ticket": "queue",
    "WireError": "errors",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'offline_cache.wire' has no attribute {name!r}")
    return getattr(import_module(f"offline_cache.wire.{home}"), name)
