"""Checks of the demo catalog feed against the feed schema (docs/catalog-feed.md).

The importer in ``offline_cache.catalog`` is the authority at run time; these
checks make the generator fail early, with the record and field named.
"""

from __future__ import annotations

import re

from tools.demo_catalog.codes import CITY_AREA, DISTRICTS, uscc_check

NAME_MAX = 200
TEXT_MAX = 4000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_HOURS = re.compile(r"^(closed|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$")

ITEM_STR = (
    "catalog_code",
    "task_name",
    "task_type",
    "by_law",
    "task_code",
    "task_handle_item",
    "dept_code",
    "dept_name",
    "entrust_name",
    "accept_condition",
    "handle_flow",
    "handle_type",
    "project_type",
    "anticipate_type",
    "anticipate_explain",
    "promise_type",
    "promise_explain",
    "fee_basis",
    "transact_addr",
    "transact_time",
    "link_way",
    "supervise_way",
    "link_addr",
    "mobile_terminal_url",
    "handle_area",
    "result_name",
    "result_type",
    "town_code",
    "village_code",
)
ITEM_INT = (
    "task_state",
    "task_version",
    "limit_scene_num",
    "anticipate_day",
    "promise_day",
    "online_handle_depth",
    "frequency",
)
ITEM_BOOL = (
    "is_fee",
    "is_online",
    "is_service_terminals",
    "is_schedule",
    "is_express",
    "is_pay_online",
    "is_entry_center",
    "allow_tolerance",
    "allow_commitment",
)
ITEM_LIST = ("use_level", "server_type", "user_topic_type", "corp_topic_type", "keywords", "materials", "fees", "faq")
MATERIAL_STR = (
    "material_key",
    "material_name",
    "is_need",
    "material_format",
    "page_format",
    "source_type",
    "source_explain",
    "form_guid",
    "example_guid",
    "fill_explain",
    "accept_stand",
    "remark",
)
ENUMS = {
    "is_need": {"必要", "非必要", "容缺"},
    "material_format": {"纸质", "电子", "纸质或电子"},
    "page_format": {"原件", "复印件", "原件和复印件"},
    "source_type": {"申请人自备", "政府部门核发", "其他"},
    "project_type": {"即办件", "承诺件"},
    "anticipate_type": {"工作日", "自然日"},
    "promise_type": {"工作日", "自然日"},
}
TASK_TYPES = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "20"}
AREAS = set(DISTRICTS) | {CITY_AREA}


class FeedProblem(ValueError):
    """The feed breaks a rule; the message names the record and the field."""


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(where: str, field: str, value, problems: list[str]) -> None:
    limit = NAME_MAX if field in ("task_name", "material_name", "name", "dept_name") else TEXT_MAX
    if not isinstance(value, str):
        problems.append(f"{where}.{field}: not a string")
    elif len(value) > limit:
        problems.append(f"{where}.{field}: longer than {limit}")
    elif _CONTROL.search(value):
        problems.append(f"{where}.{field}: control character")


def _check_item(it: dict, topics: set[str], depts: dict, problems: list[str]) -> None:
    where = f"item[{it.get('task_code')}]"
    for f in ITEM_STR:
        _text(where, f, it.get(f), problems)
    for f in ITEM_INT:
        if not _is_int(it.get(f)) or it[f] < 0:
            problems.append(f"{where}.{f}: not a non-negative int")
    for f in ITEM_BOOL:
        if not isinstance(it.get(f), bool):
            problems.append(f"{where}.{f}: not a bool")
    for f in ITEM_LIST:
        if not isinstance(it.get(f), list):
            problems.append(f"{where}.{f}: not a list")
    if problems:
        return
    if len(it["task_code"]) > 36:
        problems.append(f"{where}.task_code: longer than 36")
    if it["task_type"] not in TASK_TYPES:
        problems.append(f"{where}.task_type: unknown {it['task_type']!r}")
    for f in ("project_type", "anticipate_type", "promise_type"):
        if it[f] not in ENUMS[f]:
            problems.append(f"{where}.{f}: {it[f]!r}")
    if not 1 <= it["online_handle_depth"] <= 4:
        problems.append(f"{where}.online_handle_depth: out of 1-4")
    if depts.get(it["dept_code"]) != it["dept_name"]:
        problems.append(f"{where}.dept_code: not a listed department with that name")
    if not it["task_code"].startswith(it["dept_code"]) or not it["task_code"].endswith(it["catalog_code"]):
        problems.append(f"{where}.task_code: not credit code + level + catalog code")
    if set(it["server_type"]) - {"自然人", "法人"} or not it["server_type"]:
        problems.append(f"{where}.server_type: {it['server_type']}")
    for f in ("user_topic_type", "corp_topic_type"):
        for code in it[f]:
            if code not in topics:
                problems.append(f"{where}.{f}: unknown topic {code}")
    if not it["user_topic_type"] and not it["corp_topic_type"]:
        problems.append(f"{where}: no topic")
    if it["is_fee"] != bool(it["fees"]):
        problems.append(f"{where}.is_fee: disagrees with fees")
    if not it["keywords"] or not it["materials"]:
        problems.append(f"{where}: no keywords or no materials")
    for kw in it["keywords"]:
        _text(where, "keywords", kw, problems)
    needs = {mat.get("is_need") for mat in it["materials"]}
    if it["allow_tolerance"] != ("容缺" in needs):
        problems.append(f"{where}.allow_tolerance: disagrees with the materials' is_need")
    for n, mat in enumerate(it["materials"], start=1):
        mwhere = f"{where}.materials[{n}]"
        for f in MATERIAL_STR:
            _text(mwhere, f, mat.get(f), problems)
        if mat.get("order_num") != n:
            problems.append(f"{mwhere}.order_num: expected {n}")
        if not _is_int(mat.get("page_num")) or mat["page_num"] < 1:
            problems.append(f"{mwhere}.page_num: not a positive int")
        if not isinstance(mat.get("e_licence_exempt"), bool):
            problems.append(f"{mwhere}.e_licence_exempt: not a bool")
        for f in ("is_need", "material_format", "page_format", "source_type"):
            if mat.get(f) not in ENUMS[f]:
                problems.append(f"{mwhere}.{f}: {mat.get(f)!r}")
    for n, fee in enumerate(it["fees"], start=1):
        for f in ("fee_name", "fee_stand", "by_law", "desc_explain"):
            _text(f"{where}.fees[{n}]", f, fee.get(f), problems)
        if not isinstance(fee.get("is_desc"), bool):
            problems.append(f"{where}.fees[{n}].is_desc: not a bool")
    for n, qa in enumerate(it["faq"], start=1):
        for f in ("question", "answer"):
            _text(f"{where}.faq[{n}]", f, qa.get(f), problems)
        if qa.get("order_num") != n:
            problems.append(f"{where}.faq[{n}].order_num: expected {n}")


def problems_of(feed: dict) -> list[str]:
    """Every rule the feed breaks, as "record.field: problem" strings."""
    problems: list[str] = []
    if feed.get("format") != "hall-kiosk-catalog-feed" or feed.get("feed_version") != 1:
        problems.append("feed.format: not a version 1 hall-kiosk catalog feed")
    if feed.get("sample_data") is not True:
        problems.append("feed.sample_data: the demo catalog must be marked as sample data")
    depts = {}
    for d in feed["departments"]:
        code = d["dept_code"]
        if len(code) != 18 or uscc_check(code[:17]) != code[17]:
            problems.append(f"department[{d['dept_name']}].dept_code: bad check character")
        if d["area_code"] not in AREAS:
            problems.append(f"department[{d['dept_name']}].area_code: not a Xi'an code")
        if code in depts:
            problems.append(f"department[{d['dept_name']}].dept_code: duplicate")
        depts[code] = d["dept_name"]
    topics = {t["topic_code"] for t in feed["topics"]}
    for h in feed["halls"]:
        if h["area_code"] not in AREAS:
            problems.append(f"hall[{h['hall_code']}].area_code: not a Xi'an code")
        for day in ("weekdays", "saturday", "sunday", "holidays"):
            if not _HOURS.match(h["opening_hours"].get(day, "")):
                problems.append(f"hall[{h['hall_code']}].opening_hours.{day}: bad format")
    codes: set[str] = set()
    names: set[str] = set()
    key_names: dict[str, str] = {}
    for it in feed["items"]:
        _check_item(it, topics, depts, problems)
        if it["task_code"] in codes or it["task_name"] in names:
            problems.append(f"item[{it['task_code']}]: duplicate task_code or task_name")
        codes.add(it["task_code"])
        names.add(it["task_name"])
        for mat in it["materials"]:
            known = key_names.setdefault(mat["material_key"], mat["material_name"])
            if known != mat["material_name"]:
                problems.append(
                    f"item[{it['task_code']}].materials.{mat['material_key']}: "
                    f"name {mat['material_name']!r} differs from {known!r}"
                )
    for b in feed["bundles"]:
        if b["topic_code"] not in topics:
            problems.append(f"bundle[{b['bundle_code']}].topic_code: unknown")
        for code in b["item_codes"]:
            if code not in codes:
                problems.append(f"bundle[{b['bundle_code']}].item_codes: {code} not an item")
    return problems
