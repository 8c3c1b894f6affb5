"""The catalog service the screens call: search, guides, topics, bundles, halls.

Screens never touch SQL; this service reads the offline catalog (``offline_cache``) and
hands back frozen domain types (``kiosk.catalog.types``).
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.catalog.types import (
    Bundle,
    BundleGuide,
    CatalogStats,
    Department,
    Faq,
    FaqAnswer,
    Fee,
    Hall,
    ItemGuide,
    ItemSummary,
    Material,
    Topic,
)
from offline_cache.catalog import reader
from offline_cache.catalog.errors import CatalogError, CatalogImportError, CatalogNotFound, CatalogUnavailable
from offline_cache.catalog.store import CatalogStore

if TYPE_CHECKING:
    from offline_cache.catalog.search import Searcher

__all__ = ["CatalogError", "CatalogImportError", "CatalogNotFound", "CatalogService", "CatalogUnavailable"]

AUDIENCES = ("person", "enterprise")


def _build(cls: type, rec: dict[str, Any], **extra: Any) -> Any:
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in rec.items() if k in names}, **extra)


def _material(rec: dict[str, Any]) -> Material:
    return _build(Material, rec)


def _guide(rec: dict[str, Any]) -> ItemGuide:
    children = {
        "materials": tuple(_material(m) for m in rec["materials"]),
        "fees": tuple(_build(Fee, f) for f in rec["fees"]),
        "faq": tuple(_build(Faq, q) for q in rec["faq"]),
    }
    return _build(ItemGuide, {k: v for k, v in rec.items() if k not in children}, **children)


def _summary(rec: dict[str, Any]) -> ItemSummary:
    return _build(ItemSummary, rec)


class CatalogService:
    """Read access to the offline catalog.

    Args:
        db_path: the catalog database (created empty if missing, unless ``create`` is False).
        create: False to only read an existing catalog (never make a file).

    Raises:
        CatalogUnavailable: the file cannot be used (missing, another program's,
            read-only, disk full...); it was not changed.

    Thread: any; calls are serialised inside the store.
    """

    def __init__(self, db_path: str | Path, *, create: bool = True) -> None:
        self._path = Path(db_path)
        self._store = CatalogStore(db_path, create=create)
        self._searching: Searcher | None = None

    @property
    def _searcher(self) -> Searcher:
        """The search, made at the first query: reading a guide or counting the catalog
        (``kiosk catalog stats``) needs none of its modules."""
        if self._searching is None:
            from offline_cache.catalog.search import Searcher

            self._searching = Searcher(self._store.conn, self._store.lock)
        return self._searching

    def close(self) -> None:
        self._store.close()

    def warm(self) -> None:
        """Load the search's dictionaries now (a terminal's bring-up), not at the first
        query; commands that only read or count never call it."""
        self._searcher.warm()

    def import_file(self, path: str | Path, fmt: str = "feed", *, allow_shrink: bool = False) -> dict[str, int]:
        """Replace the catalog from a file, all or nothing.

        Args:
            path: the file.
            fmt: "feed" (docs/catalog-feed.md) or "guangan" (the Guang'an directory).
            allow_shrink: accept a file that removes more than half of the items or
                all of them (otherwise ``catalog.import.shrinks``).

        Returns:
            counts of what was stored (items, departments, topics, halls, bundles, materials).

        Raises:
            CatalogImportError: the file was refused (key, record and field say why);
                the previous catalog is unchanged.
        """
        from offline_cache.catalog.feed import parse_feed  # the importers: only when importing
        from offline_cache.catalog.guangan import parse_guangan

        batch = parse_guangan(Path(path)) if fmt == "guangan" else parse_feed(Path(path))
        # A connection of its own: searches on this service keep answering from the
        # previous catalog (WAL snapshot) while a big import runs, then see the new one.
        writer = CatalogStore(self._path)
        try:
            return writer.replace(batch, allow_shrink=allow_shrink)
        finally:
            writer.close()

    def apply_changes(
        self,
        version: int,
        upserts: list[dict[str, Any]],
        removals: list[str],
        rest: dict[str, Any] | None = None,
        *,
        full: bool = False,
    ) -> dict[str, int]:
        """Apply a catalog version's changes from the hub, all or nothing (the search
        index is rebuilt in the same transaction; searches see the old catalog until
        it commits).

        Raises:
            CatalogImportError: an older version (``catalog.import.version_not_newer``)
                or a bad item (record and field named); the catalog is unchanged.
        """
        writer = CatalogStore(self._path)
        try:
            return writer.apply_changes(version, upserts, removals, rest, full=full)
        finally:
            writer.close()

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        dept_code: str | None = None,
        topic_code: str | None = None,
        audience: str | None = None,
        terminal_only: bool = False,
    ) -> list[ItemSummary]:
        """Items for what the citizen typed, best first.

        Args:
            query: Chinese words, full pinyin, initials, a colloquial phrase; typos that
                sound alike are tolerated.
            limit: at most this many results.
            dept_code, topic_code: keep only items of this department / life-event topic.
            audience: "person" or "enterprise".
            terminal_only: keep only items that can be done at a self-service terminal.

        Raises:
            ValueError: unknown audience.
        """
        if audience is not None and audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {AUDIENCES}")
        from offline_cache.catalog.search import Filters

        hits = self._searcher.search(query, limit, Filters(dept_code, topic_code, audience, terminal_only))
        return [_build(ItemSummary, h.__dict__) for h in hits]

    def faq(self, query: str, *, limit: int = 3) -> list[FaqAnswer]:
        """Frequently asked questions of the guides that match what was typed (智能问答)."""
        return [_build(FaqAnswer, h.__dict__) for h in self._searcher.faq(query, limit)]

    def departments_named(self, query: str) -> dict[str, float]:
        """dept_code -> how well ``query`` names that department (full name or short form)."""
        return self._searcher.departments_named(query)

    def top_items(self, *, limit: int = 30, audience: str | None = None) -> list[ItemSummary]:
        """The most asked-for items (the hall's high-frequency list), for "person",
        "enterprise" or both."""
        cond = {"person": "i.for_person = 1", "enterprise": "i.for_enterprise = 1"}.get(audience or "", "1 = 1")
        with self._store.lock:
            rows = reader.items_where(self._store.conn, cond, (), limit)
        return [_summary(r) for r in rows]

    def item_areas(self) -> list[tuple[str, str, int]]:
        """(通办范围, area code where handled, number of items): what each hall accepts is
        counted from this (an item without an area code is handled where its department is)."""
        with self._store.lock:
            rows = self._store.conn.execute(
                "SELECT i.handle_area, COALESCE(NULLIF(i.area_code, ''), d.area_code, ''), count(*) FROM items i "
                "LEFT JOIN departments d ON d.dept_code = i.dept_code GROUP BY 1, 2 ORDER BY 1, 2"
            ).fetchall()
        return [(str(a or ""), str(b or ""), int(n)) for a, b, n in rows]

    def items_accepted_at(self, area_code: str, *, limit: int = 500) -> list[ItemSummary]:
        """Items a hall of ``area_code`` accepts (通办范围): those handled city-wide or wider,
        and the district's own, most asked-for first."""
        from kiosk.catalog.map import CITYWIDE

        marks = ",".join("?" * len(CITYWIDE))
        where = (
            f"(i.handle_area IN ({marks}) OR COALESCE(NULLIF(i.area_code, ''), "
            "(SELECT d.area_code FROM departments d WHERE d.dept_code = i.dept_code)) = ?)"
        )
        with self._store.lock:
            rows = reader.items_where(self._store.conn, where, (*CITYWIDE, area_code), limit)
        return [_summary(r) for r in rows]

    def topics_of(self, task_codes: list[str]) -> dict[str, tuple[str, ...]]:
        """task_code -> the life-event topic codes it belongs to."""
        if not task_codes:
            return {}
        marks = ",".join("?" * len(task_codes))
        with self._store.lock:
            rows = self._store.conn.execute(
                f"SELECT i.task_code, t.topic_code FROM items i JOIN item_topics t ON t.item_id = i.id "
                f"WHERE i.task_code IN ({marks}) ORDER BY i.id",
                task_codes,
            ).fetchall()
        out: dict[str, tuple[str, ...]] = {}
        for code, topic in rows:
            out[code] = (*out.get(code, ()), topic)
        return out

    def item(self, task_code: str) -> ItemGuide:
        """The full guide of one item.

        Raises:
            CatalogNotFound: no such item.
        """
        with self._store.lock:
            return _guide(reader.item(self._store.conn, task_code))

    def departments(self) -> list[Department]:
        with self._store.lock:
            return [_build(Department, d) for d in reader.departments(self._store.conn)]

    def topics(self, audience: str | None = None) -> list[Topic]:
        """Life-event topics, for "person" or "enterprise" (None = both)."""
        with self._store.lock:
            return [_build(Topic, t) for t in reader.topics(self._store.conn, audience)]

    def items_in_topic(self, code: str, *, limit: int = 500) -> list[ItemSummary]:
        """Items of one life-event topic, most asked-for first."""
        with self._store.lock:
            rows = reader.items_where(
                self._store.conn, "i.id IN (SELECT item_id FROM item_topics WHERE topic_code = ?)", (code,), limit
            )
        return [_summary(r) for r in rows]

    def items_in_department(self, dept_code: str, *, limit: int = 500) -> list[ItemSummary]:
        """Items of one department, most asked-for first."""
        with self._store.lock:
            rows = reader.items_where(self._store.conn, "i.dept_code = ?", (dept_code,), limit)
        return [_summary(r) for r in rows]

    def bundles(self) -> list[Bundle]:
        with self._store.lock:
            return [_build(Bundle, b) for b in reader.bundles(self._store.conn)]

    def bundle(self, code: str) -> BundleGuide:
        """A bundle with its items and the merged material list.

        Raises:
            CatalogNotFound: no such bundle.
        """
        with self._store.lock:
            rec = reader.bundle(self._store.conn, code)
        return BundleGuide(
            _build(Bundle, rec), tuple(_guide(i) for i in rec["items"]), tuple(_material(m) for m in rec["materials"])
        )

    def halls(self) -> list[Hall]:
        with self._store.lock:
            rows = reader.halls(self._store.conn)
        return [
            _build(Hall, h, hours={d: h[f"hours_{d}"] for d in ("weekdays", "saturday", "sunday", "holidays")})
            for h in rows
        ]

    def version(self) -> int:
        """The catalog version in the store (0 = empty)."""
        with self._store.lock:
            return int(reader.meta(self._store.conn).get("catalog_version", 0))

    def stats(self) -> CatalogStats:
        with self._store.lock:
            return _build(CatalogStats, reader.stats(self._store.conn))
