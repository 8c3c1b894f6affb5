"""What the city needs of a government platform, whatever its protocol.

An adapter sends one message at a time (each with its ``messageId``: a repeat of an id
the platform has seen must give the first answer, not a second record) and reads the
platform's status changes after a cursor. It raises :class:`PlatformUnavailable` when
the message may or may not have arrived (timeout, 5xx, refused connection: the outbox
sends it again later, same id) and :class:`PlatformRejected` when the platform refused
the message itself (4xx: a dead letter for a technician).

Signing and encryption (SM3 signature, SM4 body encryption as some provinces ask) are a
:class:`Sealer` handed to the adapter (``hub.city.platform.seal``); the default seals
nothing. A platform that refuses the seal (401: signature, clock, key) refuses the link,
not the message: :class:`PlatformUnavailable`, sent again once the link is mended.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any


class PlatformUnavailable(Exception):
    """Try later: the message may not have arrived."""


class PlatformRejected(Exception):
    """The platform refused this message (``status``, its ``code``)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        self.status = status
        self.code = code
        super().__init__(f"{status} {code}: {message}")


@dataclass(frozen=True)
class Ack:
    """The platform's answer to one message: for a case, its official number."""

    message_id: str
    project_no: str | None = None  # the official case number (cases)
    status: str | None = None  # the case's status at the platform, if it says
    duplicate: bool = False  # the platform had this message already (first answer repeated)


@dataclass(frozen=True)
class StatusChange:
    """A case moved on at the platform; ``seq`` orders a case's changes."""

    seq: int
    project_no: str
    provisional_no: str
    status: str


class Sealer:
    """Signs / encrypts a request on its way out; default: nothing (``seal.SmSealer``
    signs with SM3 and encrypts with SM4)."""

    def seal(self, method: str, target: str, body: bytes | None) -> tuple[bytes | None, dict[str, str]]:
        """The body to send and extra headers.

        Args:
            method: ``GET`` or ``POST``.
            target: the request's path and query, as sent.
            body: the JSON bytes, or None (a GET).
        """
        return body, {}


class PlatformAdapter(ABC):
    """One government platform (one module per kind under ``hub.city.platform``)."""

    @abstractmethod
    def send(self, kind: str, message: dict[str, Any]) -> Ack:
        """Send a ``case``, ``evaluation`` or ``rectification`` message.

        Raises:
            PlatformUnavailable, PlatformRejected.
        """

    @abstractmethod
    def status_changes(self, after: int) -> tuple[list[StatusChange], int]:
        """Changes after cursor ``after`` and the next cursor (may come out of order).

        Raises:
            PlatformUnavailable, PlatformRejected.
        """
