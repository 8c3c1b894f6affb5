"""Read the stored catalog as plain dicts (the kiosk turns them into domain types)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from offline_cache.catalog import fields as F
from offline_cache.catalog import schema
from offline_cache.catalog.errors import CatalogNotFound

_LISTS = {"use_level", "server_type", "user_topic_type", "corp_topic_type", "keywords"}
_BOOLS = {name for name, spec in {**F.ITEM, **F.MATERIAL, **F.FEE, **F.HALL}.items() if spec.kind == "bool"} | {
    "for_person",
    "for_enterprise",
}


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    out = []
    for row in cur:
        rec = dict(zip(names, row))
        for key in rec.keys() & _LISTS:
            rec[key] = tuple(json.loads(rec[key] or "[]"))
        for key in rec.keys() & _BOOLS:
            rec[key] = bool(rec[key])
        out.append(rec)
    return out


def meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta").fetchall())


def departments(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return _rows(
        conn,
        """SELECT d.*, (SELECT count(*) FROM items i WHERE i.dept_code = d.dept_code)
                          AS item_count FROM departments d ORDER BY d.dept_code""",
    )


def topics(conn: sqlite3.Connection, audience: str | None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM topics" + (" WHERE audience = ?" if audience else "") + " ORDER BY order_num, topic_code"
    return _rows(conn, sql, (audience,) if audience else ())


def halls(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return _rows(conn, "SELECT * FROM halls ORDER BY hall_code")


def item(conn: sqlite3.Connection, task_code: str) -> dict[str, Any]:
    """One item with its materials, fees, FAQ and topic codes.

    Raises:
        CatalogNotFound: no such task_code.
    """
    found = _rows(conn, "SELECT * FROM items WHERE task_code = ?", (task_code,))
    if not found:
        raise CatalogNotFound("item", task_code)
    rec = found[0]
    item_id = rec["id"]
    rec["materials"] = _rows(
        conn,
        f"SELECT {', '.join(schema.MATERIAL_COLUMNS)} FROM materials WHERE item_id = ? ORDER BY order_num, rowid",
        (item_id,),
    )
    rec["fees"] = _rows(
        conn, f"SELECT {', '.join(schema.FEE_COLUMNS)} FROM fees WHERE item_id = ? ORDER BY seq", (item_id,)
    )
    rec["faq"] = _rows(
        conn, f"SELECT {', '.join(schema.FAQ_COLUMNS)} FROM faq WHERE item_id = ? ORDER BY order_num, rowid", (item_id,)
    )
    return rec


def items_where(conn: sqlite3.Connection, where: str, params: tuple[Any, ...], limit: int) -> list[dict[str, Any]]:
    """Item rows (no children) matching an SQL condition on alias ``i``, by frequency rank."""
    return _rows(conn, f"SELECT i.* FROM items i WHERE {where} ORDER BY i.id LIMIT ?", (*params, limit))


def bundles(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    out = _rows(conn, "SELECT * FROM bundles ORDER BY bundle_code")
    for b in out:
        b["item_codes"] = tuple(
            r[0]
            for r in conn.execute(
                "SELECT task_code FROM bundle_items WHERE bundle_code = ? ORDER BY seq", (b["bundle_code"],)
            )
        )
    return out


def bundle(conn: sqlite3.Connection, code: str) -> dict[str, Any]:
    """A bundle, its items (with children) in order, and its merged material list.

    Raises:
        CatalogNotFound: no such bundle.
    """
    found = [b for b in bundles(conn) if b["bundle_code"] == code]
    if not found:
        raise CatalogNotFound("bundle", code)
    rec = found[0]
    rec["items"] = [item(conn, c) for c in rec["item_codes"]]
    rec["materials"] = merge_materials(rec["items"])
    return rec


_NEED_RANK = {"必要": 0, "容缺": 1, "非必要": 2}


def merge_materials(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One list in which each material is asked once ("一件事一次办").

    The same ``material_key`` (or, without a key, the same name) is one material; it is
    as necessary as the most demanding item makes it, as many copies as the most any item
    asks, exempt by e-licence only when every item exempts it, and lists which items
    need it (``for_items``).
    """
    merged: dict[str, dict[str, Any]] = {}
    for it in items:
        for mat in it["materials"]:
            key = mat["material_key"] or "name:" + mat["material_name"]
            have = merged.get(key)
            if have is None:
                merged[key] = {**mat, "for_items": [it["task_code"]]}
                continue
            have["for_items"].append(it["task_code"])
            if _NEED_RANK.get(mat["is_need"], 0) < _NEED_RANK.get(have["is_need"], 0):
                have["is_need"] = mat["is_need"]
            have["page_num"] = max(have["page_num"], mat["page_num"])
            have["e_licence_exempt"] = have["e_licence_exempt"] and mat["e_licence_exempt"]
    out = list(merged.values())
    for n, mat in enumerate(out, start=1):
        mat["order_num"] = n
        mat["for_items"] = tuple(dict.fromkeys(mat["for_items"]))
    return out


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    count = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("items", "departments", "topics", "halls", "bundles", "materials")
    }
    m = meta(conn)
    return {
        **count,
        "catalog_version": int(m.get("catalog_version", 0)),
        "source": m.get("source", ""),
        "sample_data": m.get("sample_data") == "1",
        "imported_at": int(m.get("imported_at", 0)),
        "terminal_items": conn.execute("SELECT count(*) FROM items WHERE is_service_terminals = 1").fetchone()[0],
        "schema_version": conn.execute("PRAGMA user_version").fetchone()[0],
    }
