"""The offline catalog: store (SQLite, WAL), importers, search.

Public entry points: :class:`CatalogStore` (open, replace), :func:`parse_feed`,
:func:`parse_guangan`, :func:`check_batch`, :func:`export_feed` (store -> feed, for the
hub), :class:`Searcher`, :class:`CatalogImportError`, :class:`CatalogUnavailable` (the file cannot be used).
"""

from offline_cache.catalog.errors import CatalogError, CatalogImportError, CatalogNotFound, CatalogUnavailable
from offline_cache.catalog.export import export_feed
from offline_cache.catalog.feed import parse_feed
from offline_cache.catalog.guangan import parse_guangan
from offline_cache.catalog.search import Filters, Hit, Searcher
from offline_cache.catalog.store import CatalogStore
from offline_cache.catalog.validate import Batch, check_batch

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
