"""The bundled Xi'an demo catalog (offline_cache/data/xian_demo_catalog.json).

The JSON is checked on its own (schema rules of docs/catalog-feed.md that need no
importer), against its generator (tools/demo_catalog), and through the real importer
and search into a real SQLite file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from kiosk.catalog import CatalogService
from tools.demo_catalog import build

FEED_PATH = Path(__file__).resolve().parents[3] / "offline_cache" / "data" / "xian_demo_catalog.json"

# STANDARDS.md §6: the city and its 13 districts/counties.
XIAN_AREAS = {
    "610100",
    "610102",
    "610103",
    "610104",
    "610111",
    "610112",
    "610113",
    "610114",
    "610115",
    "610116",
    "610117",
    "610118",
    "610122",
    "610124",
}

# STANDARDS.md §1: every life event is a "一件事一次办" bundle.
LIFE_EVENTS = (
    "新生儿出生",
    "教育入学",
    "高校毕业生就业",
    "灵活就业",
    "公民婚育",
    "扶残助困",
    "军人退役",
    "二手房转移登记及水电气联动过户",
    "交房即交证",
    "企业职工退休",
    "公民身后",
    "企业开办",
    "企业准营",
    "员工录用",
    "涉企不动产登记",
    "企业简易注销",
)

# The issue's list: area -> (department name fragment, item name fragment).
ISSUE_AREAS = {
    "公安·户籍": ("公安", "户口"),
    "公安·居民身份证": ("公安", "居民身份证"),
    "公安·居住证": ("公安", "居住证"),
    "公安·出入境": ("公安", "护照"),
    "公安·车驾管": ("车辆管理所", "驾驶证"),
    "公安·无犯罪记录证明": ("公安", "无犯罪记录证明"),
    "人社·社保卡": ("人力资源和社会保障", "社会保障卡"),
    "人社·退休": ("人力资源和社会保障", "退休"),
    "人社·就业": ("就业", "就业"),
    "医保": ("医疗保障", "医疗"),
    "民政·婚姻登记": ("民政", "结婚登记"),
    "民政·低保": ("民政", "最低生活保障"),
    "民政·高龄津贴": ("民政", "高龄津贴"),
    "卫健·出生医学证明": ("卫生健康", "出生医学证明"),
    "残联": ("残疾人联合会", "残疾人证"),
    "市场监管·个体工商户": ("市场监督管理", "个体工商户"),
    "市场监管·企业开办": ("市场监督管理", "企业设立登记"),
    "市场监管·食品经营许可": ("市场监督管理", "食品经营许可"),
    "税务": ("税务", "税"),
    "不动产·二手房转移登记": ("不动产登记", "二手房转移登记"),
    "住房公积金": ("住房公积金", "公积金"),
    "退役军人": ("退役军人", "退役"),
    "教育入学": ("教育", "入学"),
    "水": ("水务", "用水"),
    "电": ("供电", "用电"),
    "气": ("燃气", "燃气"),
}

_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _uscc_ok(code: str) -> bool:
    """GB 32100 shape and MOD 31-3 check character (written again here on purpose)."""
    if len(code) != 18 or any(c not in _USCC for c in code):
        return False
    total = sum(_USCC.index(c) * w for c, w in zip(code[:17], _USCC_W))
    return _USCC[(31 - total % 31) % 31] == code[17]


@pytest.fixture(scope="module")
def feed() -> dict:
    return json.loads(FEED_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def items(feed) -> dict[str, dict]:
    return {it["task_code"]: it for it in feed["items"]}


def _named(feed: dict, fragment: str) -> dict:
    found = [it for it in feed["items"] if fragment in it["task_name"]]
    assert found, f"no item named like {fragment}"
    return found[0]


# ---- the file and its generator ----------------------------------------------------------


def test_committed_file_is_exactly_what_the_generator_writes():
    text = build.render(build.build_feed())
    assert text == build.render(build.build_feed())  # deterministic
    assert FEED_PATH.read_text(encoding="utf-8") == text, "run: python -m tools.demo_catalog.build"


def test_generator_rejects_a_bundle_naming_a_missing_item(monkeypatch):
    broken = build.BUNDLES + (("yjs_x", "坏的一件事", "person", "p_birth", 1, "", ("不存在的事项",)),)
    monkeypatch.setattr(build, "BUNDLES", broken)
    with pytest.raises(build.FeedProblem, match="yjs_x"):
        build.build_feed()


def test_feed_header_marks_sample_data(feed):
    assert feed["format"] == "hall-kiosk-catalog-feed"
    assert feed["feed_version"] == 1
    assert feed["sample_data"] is True
    assert isinstance(feed["catalog_version"], int) and feed["catalog_version"] > 0
    assert "示例" in feed["source"]


# ---- items ---------------------------------------------------------------------------------


def test_at_least_80_items_with_unique_codes_and_names(feed):
    codes = [it["task_code"] for it in feed["items"]]
    assert len(codes) >= 80
    assert len(set(codes)) == len(codes)
    assert len({it["task_name"] for it in feed["items"]}) == len(codes)
    assert all(len(c) <= 36 for c in codes)


@pytest.mark.parametrize("area", sorted(ISSUE_AREAS))
def test_every_area_of_the_issue_has_items(feed, area):
    dept_part, name_part = ISSUE_AREAS[area]
    hits = [it for it in feed["items"] if dept_part in it["dept_name"] and name_part in it["task_name"]]
    assert hits, area


def test_required_fields_and_types(feed):
    for it in feed["items"]:
        for key in ("task_code", "task_name", "dept_code", "dept_name", "task_type"):
            assert isinstance(it[key], str) and it[key], (it["task_code"], key)
        assert it["task_type"] in {"1", "4", "5", "7", "10", "20"}
        assert it["project_type"] in {"即办件", "承诺件"}
        assert it["anticipate_type"] in {"工作日", "自然日"} and it["promise_type"] in {"工作日", "自然日"}
        assert 1 <= it["online_handle_depth"] <= 4
        assert isinstance(it["frequency"], int) and it["frequency"] > 0
        assert it["keywords"] and all(isinstance(k, str) and k for k in it["keywords"])
        assert it["is_fee"] == bool(it["fees"])
        assert it["user_topic_type"] or it["corp_topic_type"]
        for text in (it["task_name"], it["accept_condition"], it["handle_flow"]):
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)


def test_codes_use_xian_area_codes_and_valid_credit_codes(feed, items):
    depts = {d["dept_code"]: d for d in feed["departments"]}
    assert {d["area_code"] for d in depts.values()} <= XIAN_AREAS
    assert len({d["area_code"] for d in depts.values()}) >= 3  # city and district departments
    for code, dept in depts.items():
        assert _uscc_ok(code), dept["dept_name"]
        assert code[2:8] == dept["area_code"]  # registering area inside the credit code
    for it in items.values():
        assert it["dept_code"] in depts
        assert it["dept_name"] == depts[it["dept_code"]]["dept_name"]
        # credit code (18) + level (1) + basic code (12), STANDARDS.md §1
        assert it["task_code"] == it["dept_code"] + it["task_code"][18] + it["catalog_code"]
        assert len(it["catalog_code"]) == 12


def test_invented_contact_data_is_marked(feed):
    for it in feed["items"]:
        assert "示例" in it["link_way"]
        assert ".example" in it["link_addr"] and ".example" in it["mobile_terminal_url"]
        assert "示例" in it["transact_addr"]
    for hall in feed["halls"]:
        assert "示例" in hall["address"] and "示例" in hall["phone"]


def test_the_contact_is_the_number_alone(feed):
    # Screens and notices write 咨询电话 themselves: the notice printed “咨询电话：咨询电话：”.
    for it in feed["items"]:
        assert not it["link_way"].startswith(("咨询电话", "电话")), it["link_way"]


def test_the_demo_kiosks_hall_keeps_the_hours_its_guides_give(feed):
    # The demo kiosk stands in 碑林区 (XA-H02): its home showed 周六 09:00-16:00 while the
    # guides (TIME_CENTER) said 周六、周日 09:00-17:00.
    hall = next(h for h in feed["halls"] if h["hall_code"] == "XA-H02")
    center_guides = [
        it["transact_time"]
        for it in feed["items"]
        if it["transact_time"].startswith("法定工作日 09:00-17:00；周六、周日")
    ]
    assert center_guides
    for day in ("saturday", "sunday"):
        assert all(hall["opening_hours"][day] in t for t in center_guides), (day, hall["opening_hours"])


def test_real_national_fees_and_limits(feed):
    assert _named(feed, "居民身份证换领")["fees"][0]["fee_stand"].startswith("20元")
    assert _named(feed, "居民身份证补领")["fees"][0]["fee_stand"].startswith("20元")
    assert _named(feed, "临时居民身份证")["fees"][0]["fee_stand"].startswith("10元")
    assert _named(feed, "普通护照")["fees"][0]["fee_stand"].startswith("120元")
    assert _named(feed, "居民身份证换领")["anticipate_day"] == 60
    assert _named(feed, "内地居民结婚登记")["project_type"] == "即办件"
    assert _named(feed, "出生医学证明首次签发")["project_type"] == "即办件"
    assert _named(feed, "高龄津贴")["promise_day"] == 10
    assert 1 <= _named(feed, "二手房转移登记")["promise_day"] <= 3
    assert not _named(feed, "高龄津贴")["is_fee"]


def test_popular_items_rank_high(feed):
    freq = sorted((it["frequency"] for it in feed["items"]), reverse=True)
    top_quarter = freq[len(freq) // 4]
    for name in ("居民身份证换领", "社会保障卡申领", "城乡居民基本医疗保险参保登记", "住房公积金缴存证明打印"):
        assert _named(feed, name)["frequency"] >= top_quarter, name


def test_kiosk_items_exist_and_in_person_checks_are_not_kiosk(feed):
    kiosk = [it for it in feed["items"] if it["is_service_terminals"]]
    assert len(kiosk) >= 10
    assert _named(feed, "参保缴费证明打印")["is_service_terminals"]
    assert not _named(feed, "内地居民结婚登记")["is_service_terminals"]
    assert not _named(feed, "居民身份证换领")["is_service_terminals"]
    assert sum(it["is_schedule"] for it in feed["items"]) > len(feed["items"]) / 2


# ---- materials -----------------------------------------------------------------------------


def test_every_item_has_ordered_complete_materials(feed):
    for it in feed["items"]:
        mats = it["materials"]
        assert mats, it["task_name"]
        assert [m["order_num"] for m in mats] == list(range(1, len(mats) + 1))
        for m in mats:
            assert m["is_need"] in {"必要", "非必要", "容缺"}
            assert m["source_type"] in {"申请人自备", "政府部门核发", "其他"}
            assert m["material_format"] in {"纸质", "电子", "纸质或电子"}
            assert m["page_format"] in {"原件", "复印件", "原件和复印件"}
            assert isinstance(m["page_num"], int) and m["page_num"] >= 1
            assert isinstance(m["e_licence_exempt"], bool)
            assert m["material_key"]


def test_same_material_key_means_same_material_name(feed):
    names: dict[str, set[str]] = {}
    for it in feed["items"]:
        for m in it["materials"]:
            names.setdefault(m["material_key"], set()).add(m["material_name"])
    assert {k: v for k, v in names.items() if len(v) > 1} == {}
    used = Counter(m["material_key"] for it in feed["items"] for m in it["materials"])
    for key in (
        "resident_id_card",
        "household_register",
        "photo",
        "marriage_cert",
        "business_licence",
        "lease_contract",
        "bank_card",
        "property_cert",
    ):
        assert used[key] >= 2, key


def test_tolerance_and_commitment_on_realistic_items(feed):
    senior = _named(feed, "高龄津贴")
    assert senior["allow_tolerance"]
    bank = [m for m in senior["materials"] if m["material_key"] == "bank_card"]
    assert bank and bank[0]["is_need"] == "容缺"
    assert _named(feed, "个体工商户设立登记")["allow_commitment"]
    for it in feed["items"]:
        has_tolerated = any(m["is_need"] == "容缺" for m in it["materials"])
        assert it["allow_tolerance"] == has_tolerated, it["task_name"]
    assert sum(it["allow_commitment"] for it in feed["items"]) >= 5


def test_government_issued_licences_are_exempt_when_an_e_licence_exists(feed):
    exempt_names = {m["material_name"] for it in feed["items"] for m in it["materials"] if m["e_licence_exempt"]}
    for name in ("营业执照", "结婚证", "居民户口簿", "申请人居民身份证"):
        assert name in exempt_names, name
    for it in feed["items"]:
        for m in it["materials"]:
            if m["e_licence_exempt"]:
                assert m["source_type"] == "政府部门核发", (it["task_name"], m["material_name"])


# ---- halls, topics, bundles -------------------------------------------------------------------


def test_halls_cover_districts_weekends_and_24h(feed):
    halls = feed["halls"]
    assert len(halls) >= 6
    assert {h["area_code"] for h in halls} <= XIAN_AREAS
    assert len({h["area_code"] for h in halls}) >= 6
    assert {"center", "street", "village", "bank"} <= {h["kind"] for h in halls}
    hours = re.compile(r"^(closed|\d\d:\d\d-\d\d:\d\d)$")
    for h in halls:
        assert all(hours.match(h["opening_hours"][d]) for d in ("weekdays", "saturday", "sunday", "holidays"))
    weekend = [
        h for h in halls if h["opening_hours"]["saturday"] != "closed" and h["opening_hours"]["sunday"] != "closed"
    ]
    assert len(weekend) >= 2  # 周末不打烊
    assert any(h["self_service_24h"] for h in halls)
    assert not all(h["self_service_24h"] for h in halls)


def test_topics_for_persons_and_enterprises(feed):
    topics = {t["topic_code"]: t for t in feed["topics"]}
    names = {t["name"] for t in topics.values()}
    for name in (
        "出生",
        "教育",
        "就业",
        "婚育",
        "退休养老",
        "残疾人",
        "退役军人",
        "住房",
        "身后事",
        "户籍",
        "证件办理",
        "社保医保",
        "公积金",
        "开办",
        "准营",
        "用工",
        "不动产",
        "注销",
        "纳税",
    ):
        assert name in names, name
    for it in feed["items"]:
        for code in it["user_topic_type"]:
            assert topics[code]["audience"] == "person"
        for code in it["corp_topic_type"]:
            assert topics[code]["audience"] == "enterprise"


def test_every_life_event_is_a_bundle_of_real_items(feed, items):
    bundles = feed["bundles"]
    assert len(bundles) >= 13
    assert len({b["bundle_code"] for b in bundles}) == len(bundles)
    for event in LIFE_EVENTS:
        assert any(b["name"].startswith(event) for b in bundles), event
    topics = {t["topic_code"]: t["audience"] for t in feed["topics"]}
    for b in bundles:
        assert len(b["item_codes"]) >= 3, b["name"]
        assert set(b["item_codes"]) <= set(items), b["name"]
        assert topics[b["topic_code"]] == b["audience"]


def test_bundle_items_share_materials(feed, items):
    # Sharing keys is what lets the merged list ask each material once.
    for b in feed["bundles"]:
        keys = Counter(m["material_key"] for code in b["item_codes"] for m in items[code]["materials"])
        assert max(keys.values()) >= 2, b["name"]


# ---- through the real importer -------------------------------------------------------------------


@pytest.fixture(scope="module")
def service(tmp_path_factory, feed):
    svc = CatalogService(tmp_path_factory.mktemp("demo") / "catalog.sqlite")
    counts = svc.import_file(FEED_PATH)
    assert counts["items"] == len(feed["items"])
    yield svc
    svc.close()


def test_imports_whole(service, feed):
    stats = service.stats()
    assert stats.items == len(feed["items"])
    assert stats.sample_data is True
    assert stats.terminal_items == sum(it["is_service_terminals"] for it in feed["items"])
    assert service.version() == feed["catalog_version"]
    assert len(service.bundles()) == len(feed["bundles"])
    assert len(service.halls()) == len(feed["halls"])
    assert len(service.departments()) == len(feed["departments"])


def test_search_finds_what_citizens_say(service):
    assert service.search("高龄")[0].task_name == "高龄津贴申领"
    assert service.search("敬老卡")[0].task_name == "老年人优待证办理"
    assert service.search("户口本丢了")[0].task_name == "居民户口簿补领、换领"
    assert service.search("小卖部")[0].task_name == "个体工商户设立登记"
    assert "公积金" in service.search("gjj")[0].task_name


def test_imported_guide_keeps_tolerance_commitment_and_exemptions(service):
    code = service.search("高龄津贴")[0].task_code
    guide = service.item(code)
    assert guide.allow_tolerance
    assert any(m.material_key == "household_register" for m in guide.exempt_materials)
    shop = service.item(service.search("个体工商户设立登记")[0].task_code)
    assert shop.allow_commitment


def test_bundle_merged_list_asks_each_material_once(service, items):
    guide = service.bundle("yjs_p_death")
    keys = [m.material_key for m in guide.materials]
    assert len(keys) == len(set(keys))
    asked = sum(len(items[i.task_code]["materials"]) for i in guide.items)
    assert len(keys) < asked
    death_cert = next(m for m in guide.materials if m.material_key == "death_medical_cert")
    assert len(death_cert.for_items) >= 3
