"""The errors the catalog raises: a message key plus where and what."""

from __future__ import annotations

from typing import Any

from common.errors import KeyedError


class CatalogError(KeyedError):
    """Base of the catalog's typed errors: ``key`` (a message key) and ``data``."""


class CatalogImportError(CatalogError):
    """A catalog batch was refused; the stored catalog is unchanged.

    Args:
        key: message key, e.g. ``"catalog.import.too_long"``.
        record: which record is at fault, e.g. ``"items[12] task_code=X1"`` ("" = the batch).
        field: the field path inside the record, e.g. ``"materials[2].material_name"``.
        **data: values the message may show (limits, lengths, the bad value's type).
    """

    def __init__(self, key: str, record: str = "", field: str = "", **data: Any) -> None:
        self.record = record
        self.field = field
        super().__init__(key, **data)

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


class CatalogUnavailable(CatalogError):
    """The catalog database cannot be used; nothing on disk was changed.

    Keys: ``catalog.missing`` (no catalog at that path), ``catalog.not_a_file`` (a
    directory), ``catalog.not_a_database`` (not SQLite, or damaged), ``catalog.not_ours``
    (another program's database: never touched), ``catalog.read_only``,
    ``catalog.disk_full``, ``catalog.no_permission``, ``catalog.cannot_open``.

    Args:
        key: the message key.
        path: the database file.
        **data: values the message may show (``error``: the OS or SQLite reason).
    """

    def __init__(self, key: str, path: str = "", **data: Any) -> None:
        self.path = path
        super().__init__(key, path=path, **data)

    def one_line(self) -> str:
        """One line a technician can act on: what is wrong, where, and the next step."""
        extra = " ".join(f"{k}={v!r}" for k, v in sorted(self.data.items()) if k != "path")
        return f"{self.key}: {self.path}" + (f": {extra}" if extra else "")


class CatalogNotFound(KeyedError, LookupError):
    """No item, bundle or topic with that code (key ``catalog.not_found``)."""

    def __init__(self, kind: str, code: str) -> None:
        self.kind = kind
        self.code = code
        super().__init__("catalog.not_found", kind=kind, code=code)

    def one_line(self) -> str:
        return f"catalog.not_found: {self.kind} {self.code!r}"
