"""Importer for the real Guang'an district directory (STANDARDS.md §7).

Shape: ``[{department, items: [{main_item, sub_items: [{name, link, qrcode}]}]}]``.
Each link's query string carries ``areaCode``, ``itemCode`` (the local implementation
code, up to 55 characters), ``taskType`` and ``deptCode``. The directory has names and
codes only, so items are minimal; the group (``main_item``) is kept as ``group_name``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from offline_cache.catalog.errors import CatalogImportError
from offline_cache.catalog.feed import read_json
from offline_cache.catalog.validate import Batch, check_batch

CODE_MAX = 64
NO_GROUP = "未分类"  # the directory's "ungrouped"
SOURCE = "guangan-directory"


def _expect(value: Any, kind: type, record: str, fld: str) -> Any:
    if not isinstance(value, kind):
        raise CatalogImportError(
            "catalog.import.wrong_type", record, fld, expected=kind.__name__, got=type(value).__name__
        )
    return value


def _query(link: str, record: str) -> dict[str, str]:
    try:
        query = parse_qs(urlsplit(link).query)
    except ValueError:  # "Invalid IPv6 URL" for http://[bad/, a port that is no number
        raise CatalogImportError("catalog.import.bad_value", record, "link", expected="an http(s) URL") from None
    out = {}
    for key in ("areaCode", "itemCode", "taskType", "deptCode"):
        values = query.get(key)
        if not values or not values[0]:
            raise CatalogImportError("catalog.import.missing_field", record, f"link.{key}")
        out[key] = values[0]
    return out


def to_feed(raw: Any, catalog_version: int = 1) -> dict[str, Any]:
    """Turn the directory into a feed-shaped document (not yet checked)."""
    _expect(raw, list, "", "")
    items: list[dict[str, Any]] = []
    dept_codes: dict[str, Counter[str]] = {}
    for d, dept in enumerate(raw):
        record = f"[{d}]"
        _expect(dept, dict, record, "")
        name = _expect(dept.get("department"), str, record, "department")
        for g, group in enumerate(_expect(dept.get("items"), list, record, "items")):
            _expect(group, dict, record, f"items[{g}]")
            group_name = _expect(group.get("main_item"), str, record, f"items[{g}].main_item")
            subs = _expect(group.get("sub_items"), list, record, f"items[{g}].sub_items")
            for s, sub in enumerate(subs):
                where = f"[{d}].items[{g}].sub_items[{s}]"
                _expect(sub, dict, where, "")
                link = _expect(sub.get("link"), str, where, "link")
                q = _query(link, where)
                # deptCode varies inside one department (suffixes like _6861, older codes):
                # the department's code is the one most of its items carry.
                dept_codes.setdefault(name, Counter())[q["deptCode"].split("_")[0]] += 1
                items.append(
                    {
                        "task_code": q["itemCode"],
                        "task_name": sub.get("name"),
                        "task_type": q["taskType"],
                        "dept_name": name,
                        "area_code": q["areaCode"],
                        "group_name": "" if group_name == NO_GROUP else group_name,
                        "link_addr": link,
                    }
                )
    departments = []
    for name, counter in dept_codes.items():
        code = counter.most_common(1)[0][0]
        departments.append(
            {
                "dept_code": code,
                "dept_name": name,
                "area_code": next(i["area_code"] for i in items if i["dept_name"] == name),
            }
        )
    by_name = {d["dept_name"]: d["dept_code"] for d in departments}
    if len(set(by_name.values())) != len(by_name):  # two departments, one code: keep them apart
        for n, row in enumerate(departments):
            row["dept_code"] = f"{row['dept_code']}-{n}"
            by_name[row["dept_name"]] = row["dept_code"]
    for item in items:
        item["dept_code"] = by_name[item["dept_name"]]
    return {
        "catalog_version": catalog_version,
        "source": SOURCE,
        "sample_data": False,
        "departments": departments,
        "items": items,
    }


def parse_guangan(data: bytes | str | Path, catalog_version: int = 1) -> Batch:
    """Read and check the Guang'an directory.

    Raises:
        CatalogImportError: the first problem, naming the record and the field.
    """
    return check_batch(to_feed(read_json(data), catalog_version), code_max=CODE_MAX, require_header=False)
