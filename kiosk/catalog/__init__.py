"""The catalog as the screens see it: the service (search, guides, topics, bundles,
halls), its frozen types, the one-time notice and the hall's hours.

Light on purpose: the service pulls in sqlite-utils and pypinyin (~0.7 s), so it is
loaded only when a name from it is asked for (``from kiosk.catalog import
CatalogService``), while ``kiosk.catalog.types`` stays cheap for the screens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.catalog.service import (
        CatalogError,
        CatalogImportError,
        CatalogNotFound,
        CatalogService,
        CatalogUnavailable,
    )

__all__ = ["CatalogError", "CatalogImportError", "CatalogNotFound", "CatalogService", "CatalogUnavailable"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kiosk.catalog import service

        return getattr(service, name)
    raise AttributeError(f"module 'kiosk.catalog' has no attribute {name!r}")
