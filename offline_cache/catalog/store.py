"""The catalog store: one SQLite file (WAL), replaced whole by each import.

Writers call :meth:`CatalogStore.replace` with a checked :class:`Batch`; it runs in one
transaction, so readers (other connections) keep seeing the previous catalog until the
new one is complete, and a failure leaves the previous catalog exactly as it was.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from offline_cache.catalog import about, index, opening, reader, schema
from offline_cache.catalog import fields as F
from offline_cache.catalog.errors import CatalogImportError, CatalogUnavailable
from offline_cache.catalog.export import export_feed
from offline_cache.catalog.validate import FEED_VERSION, FORMAT, Batch, check_batch

GRAM_DEPTH = 400  # items kept per 1-/2-gram (search reads at most 240 of them)


def connect(path: str | Path, *, create: bool = True) -> sqlite3.Connection:
    """Open the catalog database, in WAL mode, schema up to date.

    With the standard library alone: sqlite-utils served here only to switch on WAL,
    and importing it pulls numpy, click and pluggy in (~0.3 s on every catalog command
    and in the kiosk's bring-up, issue 17).

    Args:
        path: the database file (``":memory:"`` for tests).
        create: make it when missing; False for read-only use (see
            :func:`opening.open_connection`).

    Raises:
        CatalogUnavailable: missing (``create=False``), not ours, not a database,
            read-only, disk full...; the file is unchanged.
    """
    made = opening.new_paths(path) if create else []
    try:
        conn = opening.open_connection(path, create=create)
    except CatalogUnavailable:
        opening.remove_quietly(made)  # a refused open leaves no empty file or folder behind
        raise
    try:
        if str(path) != ":memory:" and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        # WAL + synchronous=NORMAL: a crash can lose the last import, never corrupt the file
        # (the catalog is re-imported or re-synced); commits of big imports skip an fsync.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -32768")  # 32 MiB: a 100k-item import stays in memory longer
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA busy_timeout = 5000")
        schema.migrate(conn)
    except schema.NewerSchema as exc:
        conn.close()
        raise CatalogUnavailable(
            "catalog.newer_schema", path=str(path), found=exc.found, known=len(schema.MIGRATIONS)
        ) from None
    except sqlite3.Error as exc:
        conn.close()
        opening.remove_quietly(made)
        raise opening.from_sqlite_error(exc, str(path)) from None
    return conn


class CatalogStore:
    """Owner of one connection to the catalog database.

    Thread: any; calls are serialised on an internal lock.
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self.conn: sqlite3.Connection = connect(path, create=create)
        self.lock = threading.RLock()

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    # ---- writing -------------------------------------------------------------------

    def replace(self, batch: Batch, *, allow_shrink: bool = False) -> dict[str, int]:
        """Make ``batch`` the whole catalog, in one transaction.

        Args:
            batch: the checked catalog.
            allow_shrink: store it even when it removes more than half of the items
                in place, or all of them (an empty feed is far more often a broken
                export than a hall that closed every service).

        Returns:
            counts of what was stored (items, departments, ...).

        Raises:
            CatalogImportError: the database refused the batch (key
                ``catalog.import.store_failed``), or it would shrink the catalog
                (``catalog.import.shrinks``); nothing was changed.
            CatalogUnavailable: the disk is full or read-only (``catalog.disk_full``,
                ``catalog.read_only``); nothing was changed.
        """

        def work() -> dict[str, int]:
            if not allow_shrink:
                _refuse_shrink(self.conn, batch)
            return self._write(batch)

        return self._in_transaction(work)

    def apply_changes(
        self,
        version: int,
        upserts: list[dict[str, Any]],
        removals: list[str],
        rest: dict[str, Any] | None = None,
        *,
        full: bool = False,
    ) -> dict[str, int]:
        """Apply what the hub says changed since the stored version, in ONE transaction
        with the search index rebuilt inside it: a bad batch changes nothing.

        Args:
            version: the hub's catalog version after these changes.
            upserts: whole items (feed form) that are new or changed.
            removals: task codes that went.
            rest: departments, topics, halls, bundles, source, sample_data (None: keep).
            full: the changes are the whole catalog (replace, do not merge).

        Returns:
            counts of what is stored now (as :meth:`replace`), plus ``upserts`` and
            ``removals``; the same version again changes nothing (``unchanged`` = 1).

        Raises:
            CatalogImportError: ``catalog.import.version_not_newer`` (older than the
                stored version), or any check of the merged catalog (the record and
                field named), ``catalog.import.shrinks`` (the version would remove more
                than half of the items, or all, and its publisher did not allow that).
            CatalogUnavailable: disk full or read-only.
        """

        def work() -> dict[str, int]:
            current = int(reader.meta(self.conn).get("catalog_version", 0) or 0)
            if version < current:
                raise CatalogImportError("catalog.import.version_not_newer", version=version, current=current)
            if version == current:
                return {
                    "items": self.conn.execute("SELECT count(*) FROM items").fetchone()[0],
                    "unchanged": 1,
                    "upserts": 0,
                    "removals": 0,
                }
            doc = _merged(self.conn, version, upserts, removals, rest, full)
            batch = check_batch(doc)
            # The import's guard on every version the hub sends, delta or whole: one
            # that removes most items is applied only when its publisher allowed that
            # (``kiosk hub catalog publish --allow-shrink`` marks it in ``rest``).
            if not (rest or {}).get("shrink_allowed"):
                _refuse_shrink(self.conn, batch)
            counts = self._write(batch)
            return {**counts, "upserts": len(upserts), "removals": len(removals)}

        return self._in_transaction(work)

    def _in_transaction(self, work) -> dict[str, int]:
        """``work()`` inside BEGIN IMMEDIATE ... COMMIT; any error rolls it all back."""
        with self.lock:
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    counts = work()
                    conn.execute("COMMIT")
                except BaseException:
                    # SQLite ends the transaction itself on some errors (a full disk):
                    # a second ROLLBACK would hide the real reason behind "no transaction".
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except CatalogImportError:
                raise
            except sqlite3.Error as exc:  # rolled back above; report, never a traceback
                typed = opening.from_sqlite_error(exc, str(self.path))
                if typed.key != "catalog.cannot_open":
                    raise typed from None
                raise CatalogImportError(
                    "catalog.import.store_failed", error=f"{type(exc).__name__}: {exc}"[:200]
                ) from None
            except Exception as exc:
                raise CatalogImportError(
                    "catalog.import.store_failed", error=f"{type(exc).__name__}: {exc}"[:200]
                ) from None
            try:
                conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # only a planner hint; the import itself is committed
            return counts

    def _write(self, batch: Batch) -> dict[str, int]:
        conn = self.conn
        for table in (
            "meta",
            "departments",
            "topics",
            "halls",
            "items",
            "materials",
            "fees",
            "faq",
            "item_topics",
            "bundles",
            "bundle_items",
        ):
            conn.execute(f"DELETE FROM {table}")
        for table, ddl in schema.INDEX_TABLES.items():
            conn.execute(f"DROP TABLE IF EXISTS {table}")
            conn.execute(ddl)
        _insert(conn, "departments", list(F.DEPARTMENT), batch.departments)
        _insert(conn, "topics", list(F.TOPIC), batch.topics)
        _insert(conn, "halls", schema.HALL_COLUMNS, batch.halls)
        topic_names = {t["topic_code"]: t["name"] for t in batch.topics}
        # Rank by frequency (stable: equal frequencies keep feed order); the rank is the id.
        ranked = sorted(enumerate(batch.items), key=lambda p: (-p[1]["frequency"], p[0]))
        item_rows: list[tuple[Any, ...]] = []
        topic_rows: list[tuple[Any, ...]] = []
        fts_rows: list[tuple[Any, ...]] = []
        gram_lists: dict[str, list[int]] = {}
        ctx_cache: dict[tuple[str, ...], str] = {}
        mat_rows: list[tuple[Any, ...]] = []
        fee_rows: list[tuple[Any, ...]] = []
        faq_rows: list[tuple[Any, ...]] = []
        in_bundles = about.bundle_texts(batch.bundles)
        texts = [t for _, item in ranked for t in (item["task_name"], *item["keywords"])]
        all_keys = iter(index.keys_many(texts))
        for item_id, (_, item) in enumerate(ranked, start=1):
            names = [next(all_keys) for _ in range(1 + len(item["keywords"]))]
            item["py_full"], item["py_initials"] = names[0][2], names[0][3]
            servers = item["server_type"]
            person = not servers or "自然人" in servers or bool(item["user_topic_type"])
            firm = not servers or "法人" in servers or bool(item["corp_topic_type"])
            codes = [*item["user_topic_type"], *item["corp_topic_type"]]
            topic_rows.extend((code, item_id) for code in dict.fromkeys(codes))
            # The item's own words beyond its name (materials, conditions, bundles, ...):
            # what an everyday query meets when the name does not say it.
            own = about.texts(item, [topic_names.get(c, "") for c in codes], in_bundles.get(item["task_code"], []))
            context = tuple(own)
            ctx = ctx_cache.get(context)
            if ctx is None:  # items without texts of their own repeat department and group
                ctx = ctx_cache[context] = " ".join(own)
            # Squashed forms the scorer compares against (no per-query normalising).
            search_keys = (
                names[0][0],
                " ".join(k[0] for k in names[1:]),
                " ".join(k[2] for k in names[1:]),
                " ".join(k[3] for k in names[1:]),
                ctx,
            )
            item_rows.append(
                (
                    item_id,
                    *(item[c] for c in F.ITEM),
                    *(json.dumps(list(item[c]), ensure_ascii=False) if item[c] else "[]" for c in F.ITEM_LISTS),
                    int(person),
                    int(firm),
                    item["py_full"],
                    item["py_initials"],
                    *search_keys,
                )
            )
            fts_rows.append((item_id, *index.fts_row(names, ctx)))
            for g in index.grams(names):
                # Keep only the GRAM_DEPTH most asked-for items per gram (ids come in rank
                # order, so each list is sorted): a short query shows the top few anyway;
                # filtered ones scan.
                bucket = gram_lists.get(g)
                if bucket is None:
                    gram_lists[g] = [item_id]
                elif len(bucket) < GRAM_DEPTH:
                    bucket.append(item_id)
            mat_rows.extend((item_id, *(m[c] for c in schema.MATERIAL_COLUMNS)) for m in item["materials"])
            fee_rows.extend((item_id, seq, *(f[c] for c in schema.FEE_COLUMNS)) for seq, f in enumerate(item["fees"]))
            faq_rows.extend((item_id, *(q[c] for c in schema.FAQ_COLUMNS)) for q in item["faq"])
        _insert_rows(
            conn,
            "items",
            [
                "id",
                *schema.ITEM_COLUMNS,
                "for_person",
                "for_enterprise",
                "py_full",
                "py_initials",
                "name_key",
                "kw_keys",
                "kw_py",
                "kw_ini",
                "ctx_key",
            ],
            item_rows,
        )
        _insert_rows(conn, "materials", ["item_id", *schema.MATERIAL_COLUMNS], mat_rows)
        _insert_rows(conn, "fees", ["item_id", "seq", *schema.FEE_COLUMNS], fee_rows)
        _insert_rows(conn, "faq", ["item_id", *schema.FAQ_COLUMNS], faq_rows)
        _insert_rows(conn, "item_topics", ["topic_code", "item_id"], topic_rows)
        _insert_rows(conn, "fts_text", ["rowid", "name", "keywords", "context"], [r[:3] + r[5:] for r in fts_rows])
        _insert_rows(conn, "fts_py", ["rowid", "py"], [(r[0], r[3]) for r in fts_rows])
        _insert_rows(conn, "fts_ini", ["rowid", "initials"], [(r[0], r[4]) for r in fts_rows])
        # In clustered-key order: appends instead of random B-tree inserts.
        _insert_rows(
            conn, "item_gram", ["gram", "item_id"], [(g, i) for g in sorted(gram_lists) for i in gram_lists[g]]
        )
        del gram_lists
        _insert(conn, "bundles", list(F.BUNDLE), batch.bundles)
        _insert_rows(
            conn,
            "bundle_items",
            ["bundle_code", "seq", "task_code"],
            [(b["bundle_code"], seq, code) for b in batch.bundles for seq, code in enumerate(b["item_codes"])],
        )
        meta = {
            "catalog_version": batch.catalog_version,
            "source": batch.source,
            "sample_data": int(batch.sample_data),
            "imported_at": int(time.time()),
        }
        _insert_rows(conn, "meta", ["key", "value"], [(k, str(v)) for k, v in meta.items()])
        return {
            "items": len(item_rows),
            "departments": len(batch.departments),
            "topics": len(batch.topics),
            "halls": len(batch.halls),
            "bundles": len(batch.bundles),
            "materials": len(mat_rows),
        }


def _refuse_shrink(conn: sqlite3.Connection, batch: Batch) -> None:
    """Raise ``catalog.import.shrinks`` when ``batch`` would remove more than half of the
    stored items, or leave none (read in the import's transaction)."""
    before = {r[0] for r in conn.execute("SELECT task_code FROM items")}
    if not before:
        return
    after = {item["task_code"] for item in batch.items}
    removed = len(before - after)
    if removed * 2 > len(before) or not after:
        raise CatalogImportError("catalog.import.shrinks", removed=removed, before=len(before), after=len(after))


def _merged(
    conn: sqlite3.Connection,
    version: int,
    upserts: list[dict[str, Any]],
    removals: list[str],
    rest: dict[str, Any] | None,
    full: bool,
) -> dict[str, Any]:
    """The feed document the catalog becomes: the stored one (read in the transaction)
    with the changes applied, or the changes alone when they are the whole catalog."""
    if full:
        doc: dict[str, Any] = {
            "format": FORMAT,
            "feed_version": FEED_VERSION,
            "source": "",
            "sample_data": False,
            "departments": [],
            "topics": [],
            "halls": [],
            "bundles": [],
            "items": [],
        }
        items: dict[str, Any] = {}
    else:
        doc = export_feed(conn)
        items = {item["task_code"]: item for item in doc["items"]}
    for code in removals:
        items.pop(code, None)
    for item in upserts:
        items[str(item.get("task_code"))] = item
    if rest is not None:
        for key in ("source", "sample_data", "departments", "topics", "halls", "bundles"):
            if key in rest:
                doc[key] = rest[key]
    doc["items"] = list(items.values())
    doc["catalog_version"] = version
    return doc


def _insert(conn: sqlite3.Connection, table: str, columns: list[str], records: list[dict[str, Any]]) -> None:
    _insert_rows(conn, table, columns, [tuple(schema.to_sql(r[c]) for c in columns) for r in records])


def _insert_rows(conn: sqlite3.Connection, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    if rows:
        marks = ", ".join("?" * len(columns))
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
