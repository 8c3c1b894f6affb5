"""A small, complete catalog feed for catalog tests (docs/catalog-feed.md format)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ID_CARD = {
    "material_key": "resident_id_card",
    "material_name": "居民身份证",
    "order_num": 1,
    "is_need": "必要",
    "material_format": "纸质",
    "page_format": "原件",
    "page_num": 1,
    "source_type": "政府部门核发",
    "e_licence_exempt": True,
}
HUKOU = {
    "material_key": "household_register",
    "material_name": "居民户口簿",
    "order_num": 2,
    "is_need": "必要",
    "page_format": "原件和复印件",
    "page_num": 1,
    "source_type": "政府部门核发",
    "e_licence_exempt": True,
}
PHOTO = {
    "material_key": "photo",
    "material_name": "近期一寸免冠照片",
    "order_num": 3,
    "is_need": "容缺",
    "page_num": 2,
    "source_type": "申请人自备",
}
LEASE = {
    "material_key": "lease",
    "material_name": "经营场所使用证明",
    "order_num": 2,
    "is_need": "必要",
    "page_format": "复印件",
    "page_num": 1,
}


def _item(code: str, name: str, dept: str, dept_name: str, **extra: Any) -> dict[str, Any]:
    base = {
        "task_code": code,
        "task_name": name,
        "task_type": "20",
        "dept_code": dept,
        "dept_name": dept_name,
        "catalog_code": "000000000000",
        "server_type": ["自然人"],
        "frequency": 10,
    }
    base.update(extra)
    return base


def feed(version: int = 2026112601) -> dict[str, Any]:
    """A fresh copy of the sample feed."""
    return copy.deepcopy(
        {
            "format": "hall-kiosk-catalog-feed",
            "feed_version": 1,
            "catalog_version": version,
            "source": "tests",
            "sample_data": True,
            "departments": [
                {"dept_code": "GA", "dept_name": "市公安局（示例）", "area_code": "610103"},
                {"dept_code": "MZ", "dept_name": "市民政局（示例）", "area_code": "610103"},
                {"dept_code": "SC", "dept_name": "市市场监管局（示例）", "area_code": "610103"},
                {"dept_code": "GJJ", "dept_name": "住房公积金管理中心（示例）", "area_code": "610103"},
            ],
            "topics": [
                {"topic_code": "birth", "name": "新生儿出生", "audience": "person", "order_num": 1},
                {"topic_code": "elder", "name": "养老", "audience": "person", "order_num": 2},
                {"topic_code": "open", "name": "企业开办", "audience": "enterprise", "order_num": 1},
            ],
            "halls": [
                {
                    "hall_code": "H1",
                    "name": "碑林区政务服务中心（示例）",
                    "area_code": "610103",
                    "address": "示例路1号",
                    "phone": "029-0000000",
                    "kind": "center",
                    "self_service_24h": True,
                    "opening_hours": {
                        "weekdays": "09:00-17:00",
                        "saturday": "09:00-12:00",
                        "sunday": "closed",
                        "holidays": "closed",
                    },
                },
                {
                    "hall_code": "H2",
                    "name": "示例街道便民服务中心",
                    "kind": "street",
                    "opening_hours": {"weekdays": "09:00-17:00"},
                },
            ],
            "items": [
                _item(
                    "T-ID-REISSUE",
                    "居民身份证补领",
                    "GA",
                    "市公安局（示例）",
                    frequency=900,
                    keywords=["身份证丢了"],
                    materials=[HUKOU, PHOTO],
                    is_service_terminals=True,
                    allow_tolerance=True,
                    project_type="即办件",
                    fees=[{"fee_name": "工本费", "fee_stand": "20元", "is_desc": True, "desc_explain": "低保户免收"}],
                    faq=[{"question": "可以异地补领吗？", "answer": "可以，全国通办。", "order_num": 1}],
                ),
                _item("T-ID-RENEW", "居民身份证换领", "GA", "市公安局（示例）", frequency=800, materials=[HUKOU]),
                _item("T-HUKOU-BOOK", "居民户口簿补领", "GA", "市公安局（示例）", frequency=300, materials=[ID_CARD]),
                _item(
                    "T-BIRTH",
                    "出生登记",
                    "GA",
                    "市公安局（示例）",
                    frequency=200,
                    user_topic_type=["birth"],
                    materials=[
                        ID_CARD,
                        HUKOU,
                        {"material_key": "birth_cert", "material_name": "出生医学证明", "order_num": 3, "page_num": 1},
                    ],
                ),
                _item(
                    "T-BIRTH-REG",
                    "生育登记",
                    "MZ",
                    "市民政局（示例）",
                    frequency=150,
                    user_topic_type=["birth"],
                    materials=[{**ID_CARD, "e_licence_exempt": False, "page_num": 2}, PHOTO],
                    allow_commitment=True,
                ),
                _item(
                    "T-ELDER",
                    "老年人优待证办理",
                    "MZ",
                    "市民政局（示例）",
                    frequency=120,
                    user_topic_type=["elder"],
                    is_service_terminals=True,
                ),
                _item("T-MARRY", "内地居民结婚登记", "MZ", "市民政局（示例）", frequency=100),
                _item(
                    "T-GTH",
                    "个体工商户设立登记",
                    "SC",
                    "市市场监管局（示例）",
                    frequency=400,
                    server_type=["自然人", "法人"],
                    corp_topic_type=["open"],
                    materials=[ID_CARD, LEASE],
                ),
                _item(
                    "T-CORP",
                    "企业设立登记",
                    "SC",
                    "市市场监管局（示例）",
                    frequency=50,
                    server_type=["法人"],
                    corp_topic_type=["open"],
                    materials=[ID_CARD, LEASE],
                ),
                _item(
                    "T-GJJ",
                    "提取住房公积金",
                    "GJJ",
                    "住房公积金管理中心（示例）",
                    frequency=700,
                    is_service_terminals=True,
                    is_online=True,
                ),
                _item("T-FOOD", "食品经营许可", "SC", "市市场监管局（示例）", frequency=5, server_type=["法人"]),
                _item("T-HU", "户外广告设置审批", "SC", "市市场监管局（示例）", frequency=1, server_type=["法人"]),
            ],
            "bundles": [
                {
                    "bundle_code": "B-BIRTH",
                    "name": "新生儿出生一件事",
                    "audience": "person",
                    "topic_code": "birth",
                    "description": "出生登记和生育登记一次办",
                    "item_codes": ["T-BIRTH", "T-BIRTH-REG"],
                    "promise_day": 5,
                },
            ],
        }
    )


def write(path: Path, doc: dict[str, Any] | None = None) -> Path:
    """Write ``doc`` (default: the sample feed) as UTF-8 JSON and return the path."""
    path.write_text(json.dumps(feed() if doc is None else doc, ensure_ascii=False), encoding="utf-8")
    return path
