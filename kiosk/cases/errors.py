"""The one error type of cases: a message key and its data (the UI says it in words)."""

from __future__ import annotations

from common.errors import KeyedError


class CaseError(KeyedError):
    """A case step refused (bad image, item gone, storage full, wrong step).

    Args:
        key: a message key (``case.image.not_image``, ``case.item_gone``, ...).
        **data: values for the message; never personal data.
    """
