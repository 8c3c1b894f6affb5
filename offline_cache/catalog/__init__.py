"""The offline catalog: store (SQLite, WAL), importers, search.

Public entry points: :class:`CatalogStore` (open, replace), :func:`parse_feed`,
:func:`parse_guangan`, :func:`check_batch`, :func:`export_feed` (store -> feed, for the
hub), :class:`Searcher`, :class:`CatalogImportError`, :class:`CatalogUnavailable` (the file cannot be used).

Each name is loaded from its module when first asked for, so that importing one small
module of the package (``offline_cache.catalog.errors``) does not load them all (issue 15:
a command imports only what it runs).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from offline_cache.catalog.errors import CatalogError, CatalogImportError, CatalogNotFound, CatalogUnavailable
    from offline_cache.catalog.export import export_feed
    from offline_cache.catalog.feed import parse_feed
    from offline_cache.catalog.guangan import parse_guangan
    from offline_cache.catalog.search import Filters, Hit, Searcher
    from offline_cache.catalog.store import CatalogStore
    from offline_cache.catalog.validate import Batch, check_batch

# Public name -> the module that defines it.
_HOMES = {
    "Batch": "validate",
    "CatalogError": "errors",
    "CatalogImportError": "errors",
    "CatalogNotFound": "errors",
    "CatalogUnavailable": "errors",
    "CatalogStore": "store",
    "Filters": "search",
    "Hit": "search",
    "Searcher": "search",
    "check_batch": "validate",
    "export_feed": "export",
    "parse_feed": "feed",
    "parse_guangan": "guangan",
}

__all__ = [
    "Batch",
    "CatalogError",
    "CatalogImportError",
    "CatalogNotFound",
    "CatalogUnavailable",
    "CatalogStore",
    "Filters",
    "Hit",
    "Searcher",
    "check_batch",
    "export_feed",
    "parse_feed",
    "parse_guangan",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'offline_cache.catalog' has no attribute {name!r}")
    return getattr(import_module(f"offline_cache.catalog.{home}"), name)
