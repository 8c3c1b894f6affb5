"""The one error a wire message raises when it does not check out."""

from __future__ import annotations

from common.errors import KeyedError


class WireError(KeyedError, ValueError):
    """A received message is malformed.

    Args:
        field: the field path at fault, e.g. ``"recent_calls[2].window"`` ("" = the whole
            message).
        problem: what is wrong, in a few words (``"missing"``, ``"not an integer"``).

    The message key is ``wire.invalid`` with ``field`` and ``problem`` as data.
    """

    key = "wire.invalid"

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(self.key, field=field, problem=problem)

    def one_line(self) -> str:
        """Where and what, e.g. ``recent_calls[2].window: not an integer``."""
        return f"{self.field or 'message'}: {self.problem}"
