"""The one base of the project's errors that carry a message key (issue 15).

Every layer (drivers, offline_cache, kiosk, hub, ui, launcher) raises errors that say
*what* went wrong as a message key plus data, never as a sentence: the UI turns the key
into Chinese or English words (ui/i18n), logs and the command line print ``str(exc)``.
Catch ``KeyedError`` (or test ``isinstance(exc, KeyedError)``) where any of them may
arrive, instead of asking an exception for a ``key`` it may not have::

    try:
        ...
    except KeyedError as exc:
        show(exc.key, **exc.data)

``data`` never holds personal data (names, ID numbers, phones): it reaches logs.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


class KeyedError(Exception):
    """An error that names its message key and the values its text may show.

    Args:
        key: the message key, e.g. ``"device.id_reader.no_card"``.
        **data: values for the message's placeholders (never personal data).
    """

    key: str
    data: dict[str, object]

    def __init__(self, key: str, **data: object) -> None:
        self.key = key
        self.data = data
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The key and its data on one line, for logs and the command line."""
        if not self.data:
            return self.key
        return f"{self.key}: " + " ".join(f"{k}={v!r}" for k, v in sorted(self.data.items()))

    def __str__(self) -> str:
        # Computed when asked: a subclass may set its own fields after this base's
        # __init__ (and data may be added to), and str() must show them.
        return self.one_line()

    def get(self, name: str, kind: type[T], default: T) -> T:
        """The datum ``name`` when it is of type ``kind``, else ``default``.

        Example: ``exc.get("opens_at", str, "")``.
        """
        value = self.data.get(name)
        return value if isinstance(value, kind) else default

    def plain_data(self) -> dict[str, str | int | float]:
        """Only the data that are plain text or numbers (for a screen's or a log's fields)."""
        return {k: v for k, v in self.data.items() if isinstance(v, (str, int, float))}


def key_of(exc: BaseException, *, default: str) -> str:
    """The message key of ``exc`` when it is a :class:`KeyedError`, else ``default``.

    For the places that catch any exception (a guard that keeps a thread alive) and must
    still say which key to show or log.
    """
    return exc.key if isinstance(exc, KeyedError) else default
