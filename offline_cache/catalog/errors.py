"""The one error a catalog import raises: a message key plus where and what."""

from __future__ import annotations

from typing import Any


class CatalogImportError(Exception):
    """A catalog batch was refused; the stored catalog is unchanged.

    Args:
        key: message key, e.g. ``"catalog.import.too_long"``.
        record: which record is at fault, e.g. ``"items[12] task_code=X1"`` ("" = the batch).
        field: the field path inside the record, e.g. ``"materials[2].material_name"``.
        **data: values the message may show (limits, lengths, the bad value's type).
    """

    def __init__(self, key: str, record: str = "", field: str = "", **data: Any) -> None:
        self.key = key
        self.record = record
        self.field = field
        self.data = data
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """One line a technician can act on (key, record, field, data)."""
        parts = [self.key]
        if self.record:
            parts.append(f"record {self.record}")
        if self.field:
            parts.append(f"field {self.field}")
        if self.data:
            parts.append(" ".join(f"{k}={v!r}" for k, v in sorted(self.data.items())))
        return ": ".join(parts)


class CatalogNotFound(LookupError):
    """No item, bundle or topic with that code (key ``catalog.not_found``)."""

    def __init__(self, kind: str, code: str) -> None:
        self.key = "catalog.not_found"
        self.kind = kind
        self.code = code
        super().__init__(f"catalog.not_found: {kind} {code!r}")
