"""Check a whole feed-shaped batch before anything is written.

Every problem raises :class:`CatalogImportError` naming the record and the field; a
batch that passes is normalised (defaults filled in, strings stripped) and safe to store.
Unknown keys are ignored, so a later feed version can add fields.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from offline_cache.catalog import fields as F
from offline_cache.catalog.errors import CatalogImportError

FORMAT = "hall-kiosk-catalog-feed"
FEED_VERSION = 1
_HOURS_RE = re.compile(r"^(closed|([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d)$")
_TASK_TYPE_RE = re.compile(r"^\d{1,3}$")
# Unicode category Cc (C0, DEL, C1) and Cs (lone surrogates: valid JSON, invalid UTF-8).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # \t and \n allowed
# Unicode category Cf: invisible format characters (U+200B zero width space, U+202E
# right-to-left override, U+FEFF, U+00AD soft hyphen...). In a name they hide from the
# reader and break search, so they are stripped; in a code they make two codes that
# look the same differ, so the record is refused.
# Scanning every code point at import costs ~0.3 s, so only the blocks that hold Cf
# characters are scanned (a test checks this against a full scan of this Python's
# Unicode database).
FORMAT_BLOCKS = (
    (0x0000, 0x3000),
    (0xFE00, 0x10000),
    (0x11000, 0x14000),
    (0x1BC00, 0x1BD00),
    (0x1D100, 0x1D200),
    (0xE0000, 0xE0100),
)
FORMAT_CHARS = frozenset(
    chr(c) for lo, hi in FORMAT_BLOCKS for c in range(lo, hi) if unicodedata.category(chr(c)) == "Cf"
)
_FORMAT = re.compile("[" + "".join(re.escape(c) for c in sorted(FORMAT_CHARS)) + "]")


@dataclass
class Batch:
    """A checked catalog, ready for :meth:`CatalogStore.replace`."""

    catalog_version: int
    source: str = ""
    sample_data: bool = False
    departments: list[dict[str, Any]] = field(default_factory=list)
    topics: list[dict[str, Any]] = field(default_factory=list)
    halls: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    bundles: list[dict[str, Any]] = field(default_factory=list)


def _bad(key: str, record: str, fld: str, **data: Any) -> CatalogImportError:
    return CatalogImportError(f"catalog.import.{key}", record, fld, **data)


def _check_str(value: Any, spec: F.Spec, record: str, fld: str) -> str:
    if not isinstance(value, str):
        raise _bad("wrong_type", record, fld, expected="string", got=type(value).__name__)
    if len(value) > spec.max_len:
        raise _bad("too_long", record, fld, limit=spec.max_len, length=len(value))
    bad = (_CONTROL_TEXT if spec.kind == "text" else _CONTROL).search(value)
    if bad:
        raise _bad("control_char", record, fld, position=bad.start(), codepoint=f"U+{ord(bad.group()):04X}")
    if not value.isascii():
        invisible = _FORMAT.search(value)
        if invisible:
            if _is_code(fld):
                raise _bad(
                    "format_char", record, fld, position=invisible.start(), codepoint=f"U+{ord(invisible.group()):04X}"
                )
            value = _FORMAT.sub("", value)
    value = value.strip()
    if spec.choices and value not in spec.choices:
        raise _bad("bad_value", record, fld, allowed="|".join(map(str, spec.choices)), got=value[:40])
    return value


def _is_code(fld: str) -> bool:
    """Whether the field path names a code (``task_code``, ``item_codes[2]``, a topic
    code list such as ``user_topic_type[0]``) rather than words."""
    name = fld.rsplit(".", 1)[-1].split("[", 1)[0]
    return name.endswith(("_code", "_codes")) or name in ("user_topic_type", "corp_topic_type")


def _check_int(value: Any, spec: F.Spec, record: str, fld: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad("wrong_type", record, fld, expected="integer", got=type(value).__name__)
    if not spec.lo <= value <= spec.hi:
        raise _bad("out_of_range", record, fld, lo=spec.lo, hi=spec.hi)
    return value


def _check_value(value: Any, spec: F.Spec, record: str, fld: str) -> Any:
    if spec.kind in ("str", "text"):
        return _check_str(value, spec, record, fld)
    if spec.kind == "int":
        return _check_int(value, spec, record, fld)
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise _bad("wrong_type", record, fld, expected="boolean", got=type(value).__name__)
        return value
    # strlist / intlist
    if not isinstance(value, list):
        raise _bad("wrong_type", record, fld, expected="list", got=type(value).__name__)
    if len(value) > F.MAX_CHILDREN:
        raise _bad("too_many", record, fld, limit=F.MAX_CHILDREN)
    inner = (
        F.Spec("int", lo=spec.lo, hi=spec.hi)
        if spec.kind == "intlist"
        else F.Spec("str", max_len=spec.max_len, choices=spec.choices)
    )
    out = [_check_value(v, inner, record, f"{fld}[{n}]") for n, v in enumerate(value)]
    return tuple(dict.fromkeys(out))  # same value twice adds nothing


def check_record(raw: Any, specs: dict[str, F.Spec], record: str, prefix: str = "") -> dict[str, Any]:
    """Check one JSON object against ``specs``; return it normalised.

    Raises:
        CatalogImportError: naming ``record`` and the field.
    """
    if not isinstance(raw, dict):
        raise _bad("wrong_type", record, prefix.rstrip(".") or "", expected="object", got=type(raw).__name__)
    defaults, required = _shape(specs)
    out = dict(defaults)
    for name, value in raw.items():
        spec = specs.get(name)
        if spec is None or value is None:  # unknown keys are ignored; null = absent
            continue
        out[name] = _check_value(value, spec, record, prefix + name)
    for name in required:
        if out[name] in ("", ()):
            raise _bad("missing_field", record, prefix + name)
    return out


_SHAPES: dict[int, tuple[dict[str, Any], tuple[str, ...], dict[str, F.Spec]]] = {}


def _shape(specs: dict[str, F.Spec]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """(defaults, required names) of a spec table, computed once per table."""
    shape = _SHAPES.get(id(specs))
    if shape is None or shape[2] is not specs:
        defaults = {
            name: ("" if spec.required and spec.default is None else spec.default) for name, spec in specs.items()
        }
        shape = _SHAPES[id(specs)] = (defaults, tuple(n for n, sp in specs.items() if sp.required), specs)
    return shape[0], shape[1]


def _list(raw: dict[str, Any], key: str, record: str, limit: int = F.MAX_RECORDS) -> list[Any]:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _bad("wrong_type", record, key, expected="list", got=type(value).__name__)
    if len(value) > limit:
        raise _bad("too_many", record, key, limit=limit)
    return value


def _unique(records: list[dict[str, Any]], key: str, label: str) -> dict[str, dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for n, rec in enumerate(records):
        code = rec[key]
        if code in seen:
            raise _bad("duplicate", f"{label}[{n}] {key}={code}", key)
        seen[code] = rec
    return seen


def _item(raw: Any, n: int, code_max: int) -> dict[str, Any]:
    code = raw.get("task_code") if isinstance(raw, dict) else None
    record = f"items[{n}]" + (f" task_code={code[:64]}" if isinstance(code, str) else "")
    specs = F.ITEM if code_max == F.CODE_MAX else _long_code_item(code_max)
    item = check_record(raw, specs, record)
    if not _TASK_TYPE_RE.match(item["task_type"]):
        raise _bad("bad_value", record, "task_type", expected="digits, e.g. 1 or 20")
    item.update(check_record(raw, F.ITEM_LISTS, record))
    for key, specs_, label in (("materials", F.MATERIAL, "materials"), ("fees", F.FEE, "fees"), ("faq", F.FAQ, "faq")):
        children = _list(raw, key, record, F.MAX_CHILDREN)
        item[key] = [check_record(c, specs_, record, f"{label}[{m}].") for m, c in enumerate(children)]
    keys: set[str] = set()
    for m, mat in enumerate(item["materials"]):
        if mat["material_key"] and mat["material_key"] in keys:
            raise _bad("duplicate", record, f"materials[{m}].material_key")
        keys.add(mat["material_key"])
    return item


_HEADER = {"catalog_version": F.Spec("int", required=True, lo=0), "source": F.s(F.NAME_MAX), "sample_data": F.b()}


@lru_cache(maxsize=4)
def _item_codes(code_max: int) -> dict[str, F.Spec]:
    return {"item_codes": F.sl(max_len=code_max)}


@lru_cache(maxsize=4)
def _long_code_item(code_max: int) -> dict[str, F.Spec]:
    return {**F.ITEM, "task_code": F.s(code_max, required=True), "dept_code": F.s(code_max, required=True)}


def _hall(raw: Any, n: int) -> dict[str, Any]:
    record = f"halls[{n}]"
    hall = check_record(raw, F.HALL, record)
    hours = raw.get("opening_hours") or {}
    if not isinstance(hours, dict):
        raise _bad("wrong_type", record, "opening_hours", expected="object", got=type(hours).__name__)
    for day in F.HOURS:
        value = _check_str(hours.get(day, "closed"), F.s(20), record, f"opening_hours.{day}")
        if not _HOURS_RE.match(value):
            raise _bad("bad_value", record, f"opening_hours.{day}", expected="HH:MM-HH:MM or closed")
        hall[f"hours_{day}"] = value
    return hall


def check_batch(raw: Any, *, code_max: int = F.CODE_MAX, require_header: bool = True) -> Batch:
    """Check a whole feed document (already parsed from JSON).

    Args:
        raw: the decoded JSON value.
        code_max: longest task/department code accepted (36 in the national scheme;
            local directories such as Guang'an use longer codes).
        require_header: check ``format`` and ``feed_version``.

    Raises:
        CatalogImportError: the first problem found, naming record and field.
    """
    if not isinstance(raw, dict):
        raise _bad("wrong_type", "", "", expected="object", got=type(raw).__name__)
    if require_header:
        if raw.get("format") != FORMAT:
            raise _bad("bad_format", "", "format", expected=FORMAT)
        if raw.get("feed_version") != FEED_VERSION:
            raise _bad("bad_format", "", "feed_version", expected=FEED_VERSION)
    head = check_record(raw, _HEADER, "")
    batch = Batch(head["catalog_version"], head["source"], head["sample_data"])
    batch.departments = [
        check_record(d, F.DEPARTMENT, f"departments[{n}]") for n, d in enumerate(_list(raw, "departments", ""))
    ]
    batch.topics = [check_record(d, F.TOPIC, f"topics[{n}]") for n, d in enumerate(_list(raw, "topics", ""))]
    batch.halls = [_hall(d, n) for n, d in enumerate(_list(raw, "halls", ""))]
    batch.items = [_item(d, n, code_max) for n, d in enumerate(_list(raw, "items", ""))]
    batch.bundles = []
    for n, d in enumerate(_list(raw, "bundles", "")):
        bundle = check_record(d, F.BUNDLE, f"bundles[{n}]")
        bundle["item_codes"] = check_record(d, _item_codes(code_max), f"bundles[{n}]")["item_codes"]
        batch.bundles.append(bundle)
    _check_references(batch)
    return batch


def _check_references(batch: Batch) -> None:
    depts = _unique(batch.departments, "dept_code", "departments")
    topics = _unique(batch.topics, "topic_code", "topics")
    _unique(batch.halls, "hall_code", "halls")
    items = _unique(batch.items, "task_code", "items")
    _unique(batch.bundles, "bundle_code", "bundles")
    for n, item in enumerate(batch.items):
        record = f"items[{n}] task_code={item['task_code']}"
        if item["dept_code"] not in depts:
            # An item may name a department the feed does not list: adopt it.
            depts[item["dept_code"]] = {
                "dept_code": item["dept_code"],
                "dept_name": item["dept_name"],
                "area_code": item["area_code"],
            }
            batch.departments.append(depts[item["dept_code"]])
        for key in ("user_topic_type", "corp_topic_type"):
            for m, code in enumerate(item[key]):
                if code not in topics:
                    raise _bad("unknown_reference", record, f"{key}[{m}]", code=code)
    for n, bundle in enumerate(batch.bundles):
        record = f"bundles[{n}] bundle_code={bundle['bundle_code']}"
        if bundle["topic_code"] and bundle["topic_code"] not in topics:
            raise _bad("unknown_reference", record, "topic_code", code=bundle["topic_code"])
        if not bundle["item_codes"]:
            raise _bad("missing_field", record, "item_codes")
        for m, code in enumerate(bundle["item_codes"]):
            if code not in items:
                raise _bad("unknown_reference", record, f"item_codes[{m}]", code=code)
