"""A tiny catalog feed (docs/catalog-feed.md format) for tests that need a real catalog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ID_CARD = {
    "material_key": "resident_id_card",
    "material_name": "居民身份证",
    "order_num": 1,
    "is_need": "必要",
    "page_format": "原件",
    "page_num": 1,
    "source_type": "政府部门核发",
    "e_licence_exempt": True,
}
BANK_CARD = {
    "material_key": "bank_card_copy",
    "material_name": "本人社会保障卡或银行卡复印件",
    "order_num": 2,
    "is_need": "容缺",
    "page_format": "复印件",
    "page_num": 1,
    "source_type": "申请人自备",
}


def item(code: str, name: str, **extra: Any) -> dict[str, Any]:
    base = {
        "task_code": code,
        "task_name": name,
        "task_type": "5",
        "dept_code": "11610100MB0000001X",
        "dept_name": "西安市民政局（示例）",
        "project_type": "承诺件",
        "promise_day": 10,
        "promise_type": "工作日",
        "anticipate_day": 20,
        "anticipate_type": "工作日",
        "is_service_terminals": True,
        "transact_addr": "碑林区政务服务中心一楼（示例）",
        "transact_time": "周一至周五 9:00-17:00",
        "link_way": "029-8000 0000（示例）",
        "link_addr": "https://zwfw.example.cn/item/" + code,
        "materials": [ID_CARD, BANK_CARD],
        "frequency": 100,
    }
    base.update(extra)
    return base


def tiny_feed() -> dict[str, Any]:
    return {
        "format": "hall-kiosk-catalog-feed",
        "feed_version": 1,
        "catalog_version": 7,
        "source": "tests/feeds.py",
        "sample_data": True,
        "departments": [
            {"dept_code": "11610100MB0000001X", "dept_name": "西安市民政局（示例）", "area_code": "610100"}
        ],
        "topics": [{"topic_code": "elderly", "name": "退休养老", "audience": "person", "order_num": 1}],
        "halls": [],
        "items": [
            item(
                "T-GLJT",
                "80周岁以上老年人高龄津贴申领",
                allow_tolerance=True,
                user_topic_type=["elderly"],
                keywords=["高龄补贴", "老人补贴"],
            ),
            item(
                "T-LNZ",
                "老年人优待证办理",
                keywords=["敬老卡", "老年证"],
                user_topic_type=["elderly"],
                materials=[ID_CARD],
                project_type="即办件",
                promise_day=0,
                anticipate_day=0,
            ),
            item("T-DB", "最低生活保障审核确认", frequency=50),
        ],
        "bundles": [],
    }


def write_tiny_feed(folder: Path) -> Path:
    path = folder / "tiny-feed.json"
    path.write_text(json.dumps(tiny_feed(), ensure_ascii=False), encoding="utf-8")
    return path
