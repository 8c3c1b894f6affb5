"""The one error type of cases: a message key and its data (the UI says it in words)."""

from __future__ import annotations

from typing import Any


class CaseError(Exception):
    """A case step refused (bad image, item gone, storage full, wrong step).

    Args:
        key: a message key (``case.image.not_image``, ``case.item_gone``, ...).
        **data: values for the message; never personal data.
    """

    def __init__(self, key: str, **data: Any) -> None:
        self.key = key
        self.data = data
        super().__init__(key if not data else f"{key}: {data}")
