"""The feed's fields: type, default, limits and allowed values, in one place.

Field names follow the national platform (STANDARDS.md §1) so that a real item-library
export maps field for field; ``docs/catalog-feed.md`` documents the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NAME_MAX = 200  # names and titles
TEXT_MAX = 4000  # every other string
CODE_MAX = 36  # task_code, national implementation code (STANDARDS.md §1)
INT_MAX = 2**53  # also keeps SQLite's 64-bit integers safe


@dataclass(frozen=True)
class Spec:
    """One field. ``kind``: str (one line), text (may hold \\n and \\t), int, bool,
    strlist, intlist."""

    kind: str
    default: Any = None
    max_len: int = TEXT_MAX
    choices: tuple[Any, ...] = ()
    lo: int = 0
    hi: int = INT_MAX
    required: bool = False


def s(max_len: int = TEXT_MAX, choices: tuple[str, ...] = (), required: bool = False) -> Spec:
    return Spec("str", "", max_len, choices, required=required)


def t() -> Spec:
    return Spec("text", "")


def i(default: int = 0, lo: int = 0, hi: int = INT_MAX) -> Spec:
    return Spec("int", default, lo=lo, hi=hi)


def b(default: bool = False) -> Spec:
    return Spec("bool", default)


def sl(choices: tuple[str, ...] = (), max_len: int = NAME_MAX) -> Spec:
    return Spec("strlist", (), max_len, choices)


CODE = s(CODE_MAX)
NAME = s(NAME_MAX)
DAY_TYPES = ("工作日", "自然日")

DEPARTMENT: dict[str, Spec] = {
    "dept_code": s(CODE_MAX, required=True),
    "dept_name": s(NAME_MAX, required=True),
    "area_code": s(12),
}

TOPIC: dict[str, Spec] = {
    "topic_code": s(CODE_MAX, required=True),
    "name": s(NAME_MAX, required=True),
    "audience": s(20, ("person", "enterprise"), required=True),
    "order_num": i(),
}

HOURS = ("weekdays", "saturday", "sunday", "holidays")
HALL: dict[str, Spec] = {
    "hall_code": s(CODE_MAX, required=True),
    "name": s(NAME_MAX, required=True),
    "area_code": s(12),
    "address": NAME,
    "phone": s(64),
    "self_service_24h": b(),
    "kind": Spec("str", "center", 20, ("center", "street", "village", "bank", "post")),
}

MATERIAL: dict[str, Spec] = {
    "material_key": s(64),
    "material_name": s(NAME_MAX, required=True),
    "order_num": i(),
    "is_need": Spec("str", "必要", 20, ("必要", "非必要", "容缺")),
    "material_format": Spec("str", "纸质", 20, ("纸质", "电子", "纸质或电子")),
    "page_format": Spec("str", "原件", 20, ("原件", "复印件", "原件和复印件")),
    "page_num": i(1, 0, 1000),
    "source_type": Spec("str", "申请人自备", 20, ("申请人自备", "政府部门核发", "其他")),
    "source_explain": t(),
    "e_licence_exempt": b(),
    "form_guid": s(),
    "example_guid": s(),
    "fill_explain": t(),
    "accept_stand": t(),
    "remark": t(),
}

FEE: dict[str, Spec] = {
    "fee_name": s(NAME_MAX, required=True),
    "fee_stand": t(),
    "by_law": t(),
    "is_desc": b(),
    "desc_explain": t(),
}

FAQ: dict[str, Spec] = {
    "question": t(),
    "answer": t(),
    "order_num": i(),
}

# Scalar item fields in storage order (lists and children are separate below).
ITEM: dict[str, Spec] = {
    # basic catalog
    "catalog_code": s(64),
    "task_name": s(NAME_MAX, required=True),
    "task_type": Spec("str", "", 3, required=True),
    "by_law": t(),
    "task_state": i(1),
    "task_version": i(1),
    # implementation list
    "task_code": s(CODE_MAX, required=True),
    "task_handle_item": s(64),
    "dept_code": s(CODE_MAX, required=True),
    "dept_name": s(NAME_MAX, required=True),
    "entrust_name": NAME,
    "accept_condition": t(),
    "handle_flow": t(),
    "handle_type": s(),
    "project_type": Spec("str", "", 20, ("", "即办件", "承诺件")),
    "limit_scene_num": i(0, 0, 100),
    "anticipate_day": i(0, 0, 100000),
    "anticipate_type": Spec("str", "", 20, ("",) + DAY_TYPES),
    "anticipate_explain": t(),
    "promise_day": i(0, 0, 100000),
    "promise_type": Spec("str", "", 20, ("",) + DAY_TYPES),
    "promise_explain": t(),
    "is_fee": b(),
    "fee_basis": t(),
    "transact_addr": t(),
    "transact_time": t(),
    "link_way": t(),
    "supervise_way": t(),
    "link_addr": s(),
    "mobile_terminal_url": s(),
    # extensions
    "is_online": b(),
    "online_handle_depth": i(1, 1, 4),
    "is_service_terminals": b(),
    "is_schedule": b(),
    "is_express": b(),
    "is_pay_online": b(),
    "is_entry_center": b(),
    "handle_area": s(NAME_MAX),
    "result_name": NAME,
    "result_type": s(NAME_MAX),
    "town_code": s(CODE_MAX),
    "village_code": s(CODE_MAX),
    "allow_tolerance": b(),
    "allow_commitment": b(),
    "frequency": i(),
    # local extensions (Guang'an importer): where the item came from
    "area_code": s(12),
    "group_name": NAME,
}

ITEM_LISTS: dict[str, Spec] = {
    "use_level": Spec("intlist", (), lo=1, hi=6),
    "server_type": sl(("自然人", "法人")),
    "user_topic_type": sl(max_len=CODE_MAX),
    "corp_topic_type": sl(max_len=CODE_MAX),
    "keywords": sl(),
}

BUNDLE: dict[str, Spec] = {
    "bundle_code": s(CODE_MAX, required=True),
    "name": s(NAME_MAX, required=True),
    "audience": s(20, ("person", "enterprise"), required=True),
    "topic_code": s(CODE_MAX),
    "description": t(),
    "promise_day": i(0, 0, 100000),
}

# Upper bounds that keep a hostile feed from exhausting the kiosk.
MAX_RECORDS = 1_000_000
MAX_CHILDREN = 500
