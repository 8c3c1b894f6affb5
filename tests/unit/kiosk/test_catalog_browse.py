"""Browsing and finding over the real Xi'an demo catalog (a real SQLite file): the plan's
life events, badges, departments by their short forms, FAQ answers, and a search that
falls back to related items, bundles and topics instead of an empty list."""

from __future__ import annotations

import pytest

from kiosk.catalog import CatalogService
from kiosk.catalog.browse import ENTERPRISE_EVENTS, PERSON_EVENTS, Finder, badges, life_events
from kiosk.catalog.paths import DEMO_CATALOG
from kiosk.catalog.types import ItemSummary, Topic
from offline_cache.catalog.departments import canon, keys, match


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    svc = CatalogService(tmp_path_factory.mktemp("browse") / "demo.sqlite")
    svc.import_file(DEMO_CATALOG, "feed")
    yield svc
    svc.close()


def test_the_plans_life_events_come_first_in_the_catalogs_then_the_plans_order(demo):
    events, others = life_events("person", demo.topics("person"), demo.bundles())
    # The demo catalog lists 退休养老 first (elders at the kiosk); the rest keep the plan's order.
    retire = [e for e in PERSON_EVENTS if e.key == "event.person.retirement"]
    assert [e.event for e in events] == retire + [e for e in PERSON_EVENTS if e not in retire]
    retirement = next(e for e in events if e.event.key == "event.person.retirement")
    items = {i.task_name for code in retirement.topic_codes for i in demo.items_in_topic(code)}
    assert "高龄津贴申领" in items
    assert [b.name for b in retirement.bundles] == ["企业职工退休一件事"]
    disability = next(e for e in events if e.event.key == "event.person.disability")
    assert set(disability.topic_codes) == {"p_disability", "p_assistance"}  # 扶残助困 gathers both
    assert "户籍" in [t.name for t in others] and all(t.audience == "person" for t in others)
    firms, _ = life_events("enterprise", demo.topics("enterprise"), demo.bundles())
    assert [e.event for e in firms] == list(ENTERPRISE_EVENTS)


def test_life_events_found_by_topic_name_in_another_catalog():
    topics = [Topic("X1", "退休养老服务", "person"), Topic("X2", "宠物", "person")]
    events, others = life_events("person", topics, [])
    assert [(e.event.key, e.topic_codes) for e in events] == [("event.person.retirement", ("X1",))]
    assert [t.topic_code for t in others] == ["X2"]
    with pytest.raises(ValueError):
        life_events("robot", topics, [])


def test_badges_come_from_the_catalog_fields():
    item = ItemSummary("T", "n", "D", "d", "1", is_service_terminals=True, handle_area="全市通办", is_schedule=True)
    assert badges(item) == ["badge.self_service", "badge.area.city", "badge.schedule"]
    assert badges(ItemSummary("T", "n", "D", "d", "1", project_type="即办件", handle_area="跨省通办")) == [
        "badge.area.cross_province",
        "badge.immediate",
    ]
    assert badges(ItemSummary("T", "n", "D", "d", "1")) == []


def test_search_hits_carry_what_the_badges_need(demo):
    hit = demo.search("社会保障卡申领", limit=1)[0]
    assert hit.handle_area == "全市通办" and hit.project_type == "即办件" and hit.is_schedule


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("西安市人力资源和社会保障局", "人社局"),
        ("区人社局", "人社局"),
        ("西安市碑林区市场监督管理局", "市监局"),
        ("区市监局", "市监局"),
        ("国家税务总局西安市税务局", "税务局"),
        ("西安市碑林区民政局", "民政局"),
    ],
)
def test_department_names_and_short_forms_meet(name, short):
    assert canon(name) == short


def test_a_department_is_named_by_its_short_form_not_by_one_character():
    table = keys([("R", "西安市人力资源和社会保障局"), ("G", "西安住房公积金管理中心"), ("P", "西安市公安局碑林分局")])
    assert match(table, "人社") == {"R": 90.0}
    assert match(table, "人力资源和社会保障局") == {"R": 90.0}
    assert match(table, "公积金中心") == {"G": 52.0}
    assert match(table, "公安") == {"P": 58.0}
    assert match(table, "人") == {} and match(table, "rs") == {}


@pytest.mark.parametrize(
    ("query", "dept"),
    [
        ("人社", "西安市人力资源和社会保障局"),
        ("公积金中心", "西安住房公积金管理中心"),
        ("车管所", "车辆管理所"),
        ("残联", "残疾人联合会"),
    ],
)
def test_a_department_query_finds_that_departments_items(demo, query, dept):
    top = demo.search(query, limit=3)
    assert len(top) == 3 and all(dept in h.dept_name for h in top)


def test_faq_questions_are_found_in_other_words(demo):
    answer = demo.faq("孩子出生超过一个月还能上户口吗")[0]
    assert answer.task_name == "出生登记（新生儿入户）" and answer.answer.startswith("可以")
    assert demo.faq("超过一个月上户口")[0].question == "孩子出生超过一个月还能上户口吗？"
    assert demo.faq("高龄津贴多少钱")[0].task_name == "高龄津贴申领"
    assert demo.faq("户口") == []  # one piece: too little to call it a question


def test_a_query_that_matches_nothing_falls_back_to_related_things_and_help(demo):
    answer = Finder(demo).find("量子纠缠飞船")
    assert answer.related and answer.offer_help and answer.popular
    assert answer.items and answer.bundles and answer.topic_codes  # never an empty list first
    top = [i.task_code for i in demo.top_items(limit=10)]
    assert [i.task_code for i in answer.items] == top


def test_loose_matches_are_offered_as_related_with_their_bundles_and_topics(demo):
    answer = Finder(demo).find("婚姻介绍所")  # no item is named so; one shares 婚姻
    assert answer.related and answer.offer_help and not answer.popular
    assert [i.task_name for i in answer.items] == ["补领婚姻登记证"]
    assert answer.topic_codes == ("p_marriage",)
    assert [b.name for b in answer.bundles] == ["公民婚育一件事"]


def test_a_found_query_offers_no_help_and_may_carry_an_answer(demo):
    answer = Finder(demo).find("开小卖部需要办哪些证")
    assert not answer.related and not answer.offer_help
    assert answer.items[0].task_name == "个体工商户设立登记"
    assert answer.faqs[0].question == "开小卖部需要办哪些证？"
    assert Finder(demo).find("  ").items == ()


def test_a_halls_items_are_the_citywide_ones_and_its_districts_own(tmp_path):
    import json

    feed = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))
    allowance = next(i for i in feed["items"] if i["task_name"] == "高龄津贴申领")
    allowance["handle_area"] = ""  # only where its department (碑林区民政局, 610103) is
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    svc = CatalogService(tmp_path / "c.sqlite")
    svc.import_file(path, "feed")
    beilin = [i.task_name for i in svc.items_accepted_at("610103")]
    yanta = [i.task_name for i in svc.items_accepted_at("610113")]
    areas = svc.item_areas()
    svc.close()
    assert "高龄津贴申领" in beilin and "高龄津贴申领" not in yanta
    assert len(beilin) == len(yanta) + 1 == len(feed["items"])
    assert ("", "610103", 1) in areas
