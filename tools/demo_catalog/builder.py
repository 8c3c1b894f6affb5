"""The item builder: fills every feed field of an item from a few arguments.

Defaults describe the usual Xi'an window item (one visit, bookable, 全市通办,
no fee); each department module overrides what differs. Invented values
(addresses, phones, URLs) are marked "（示例）" or use the reserved .example
domain (RFC 2606).
"""

from __future__ import annotations

from tools.demo_catalog import codes
from tools.demo_catalog.reference import (
    EXAMPLE_MOBILE,
    EXAMPLE_SITE,
    HOTLINE,
    SAMPLE,
    SAMPLE_PHONE,
    SUPERVISE,
    TIME_CENTER,
    Dept,
)

PERSON = ("自然人",)
CORP = ("法人",)
BOTH = ("自然人", "法人")

FLOW_DEFAULT = (
    "1.申请：通过{channels}提交申请材料；2.受理：材料齐全的当场受理，不齐全的一次性告知；"
    "3.审核：承办人审核；4.决定：作出办理决定；5.送达：{delivery}"
)
FLOW_INSTANT = "1.申请：通过{channels}提交材料；2.受理审核：当场审核；3.办结：当场出具办理结果"


def _channels(online: bool, terminals: bool) -> list[str]:
    """Where an item can be applied for, in the order a guide lists them."""
    return ["窗口"] + (["网上"] if online else []) + (["自助终端"] if terminals else [])


def fee(name: str, stand: str, by_law: str, *, is_desc: bool = False, desc_explain: str = "") -> dict:
    """One fee record."""
    return {"fee_name": name, "fee_stand": stand, "by_law": by_law, "is_desc": is_desc, "desc_explain": desc_explain}


def faq(*pairs: tuple[str, str]) -> list[dict]:
    """FAQ records numbered in the given order."""
    return [{"question": q, "answer": a, "order_num": n} for n, (q, a) in enumerate(pairs, start=1)]


def item(
    dept: Dept,
    seq: int,
    name: str,
    task_type: str,
    *,
    by_law: str,
    accept_condition: str,
    materials: list[dict],
    keywords: list[str],
    frequency: int,
    person_topics: tuple[str, ...] = (),
    corp_topics: tuple[str, ...] = (),
    server_type: tuple[str, ...] = PERSON,
    project_type: str = "承诺件",
    anticipate: tuple[int, str, str] = (20, "工作日", "法律法规未规定时限，按本单位规定（示例）"),
    promise: tuple[int, str, str] | None = None,
    fees: list[dict] | None = None,
    fee_basis: str = "",
    result: tuple[str, str] = ("办理结果通知", "其他"),
    handle_flow: str | None = None,
    handle_type: str | None = None,
    transact_addr: str = "",
    transact_time: str = TIME_CENTER,
    limit_scene_num: int = 1,
    online_depth: int = 3,
    terminals: bool = False,
    schedule: bool = True,
    express: bool = False,
    pay_online: bool = False,
    entry_center: bool = True,
    handle_area: str = "全市通办",
    tolerance: bool = False,
    commitment: bool = False,
    entrust_name: str = "",
    faqs: list[dict] | None = None,
) -> dict:
    """Build one complete item of the feed.

    Args:
        dept: implementing department.
        seq: sequence number, unique within the department.
        name: official item name (task_name).
        task_type: type code of STANDARDS.md §1 ("1", "5", "7", "10", "20", ...).
        by_law: legal basis (设定依据).
        accept_condition: acceptance conditions (受理条件).
        materials: material records from ``materials.py``; order_num follows the list.
        keywords: colloquial names people use for this item.
        frequency: plausible popularity figure used in ranking.
        person_topics: person life-event topic codes.
        corp_topics: enterprise topic codes.
        server_type: service objects.
        project_type: "即办件" or "承诺件".
        anticipate: statutory limit (days, "工作日"/"自然日", explanation).
        promise: promised limit; defaults to the statutory one.
        fees: fee records; none means 不收费.
        result: (result_name, result_type).

    Returns:
        The item dict with every field of the feed's item schema.
    """
    catalog_code = codes.catalog_code(task_type, dept.no, seq)
    task_code = codes.task_code(dept.code, dept.level, catalog_code)
    instant = project_type == "即办件"
    promise = promise or (0 if instant else anticipate[0], anticipate[1], "当场办结" if instant else "同法定时限")
    use_level = [dept.level] if dept.level == 4 else [3, 4]
    mats = [dict(m, order_num=n) for n, m in enumerate(materials, start=1)]
    channels = _channels(online_depth >= 3, terminals)
    if handle_flow is None:
        template = FLOW_INSTANT if instant else FLOW_DEFAULT
        handle_flow = template.format(
            channels="、".join(channels), delivery="窗口领取或免费邮寄" if express else "窗口领取或网上查看结果"
        )
    handle_type = handle_type or "、".join(c + "办理" for c in channels)
    fees = fees or []
    return {
        "catalog_code": catalog_code,
        "task_name": name,
        "task_type": task_type,
        "by_law": by_law,
        "use_level": use_level,
        "task_state": 1,
        "task_version": 1,
        "task_code": task_code,
        "task_handle_item": "",
        "dept_code": dept.code,
        "dept_name": dept.name,
        "entrust_name": entrust_name,
        "accept_condition": accept_condition,
        "server_type": list(server_type),
        "handle_flow": handle_flow,
        "handle_type": handle_type,
        "project_type": project_type,
        "limit_scene_num": limit_scene_num,
        "anticipate_day": anticipate[0],
        "anticipate_type": anticipate[1],
        "anticipate_explain": anticipate[2],
        "promise_day": promise[0],
        "promise_type": promise[1],
        "promise_explain": promise[2],
        "is_fee": bool(fees),
        "fee_basis": fee_basis if fees else "不收费",
        "transact_addr": transact_addr or f"各级政务服务中心{dept.name}窗口（地址见办事大厅列表）{SAMPLE}",
        "transact_time": transact_time,
        # The number alone: screens and notices put their own 咨询电话 before it (the
        # notice printed “咨询电话：咨询电话：”).
        "link_way": f"{SAMPLE_PHONE}；{HOTLINE}",
        "supervise_way": SUPERVISE,
        "link_addr": f"{EXAMPLE_SITE}/guide/{task_code}",
        "mobile_terminal_url": f"{EXAMPLE_MOBILE}/guide/{task_code}",
        "is_online": online_depth >= 3,
        "online_handle_depth": online_depth,
        "is_service_terminals": terminals,
        "is_schedule": schedule,
        "is_express": express,
        "is_pay_online": pay_online and bool(fees),
        "is_entry_center": entry_center,
        "handle_area": handle_area,
        "result_name": result[0],
        "result_type": result[1],
        "user_topic_type": list(person_topics),
        "corp_topic_type": list(corp_topics),
        "town_code": "",
        "village_code": "",
        "allow_tolerance": tolerance,
        "allow_commitment": commitment,
        "frequency": frequency,
        "keywords": list(keywords),
        "materials": mats,
        "fees": fees,
        "faq": faqs or [],
    }
