"""The one error a wire message raises when it does not check out."""

from __future__ import annotations


class WireError(ValueError):
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
        self.data = {"field": field, "problem": problem}
        super().__init__(f"{field or 'message'}: {problem}")
