"""The city tier's one error type: a message key, an English line, an HTTP status."""

from __future__ import annotations


class CityError(Exception):
    """Something the city tier refuses; ``code`` is the message key (``city.*``), the
    CLI prints the message as one line (exit 2), the API answers ``status``."""

    def __init__(self, code: str, message: str, status: int = 422, *, retry_after: int = 0) -> None:
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after  # seconds, with 429
        super().__init__(f"{code}: {message}")
