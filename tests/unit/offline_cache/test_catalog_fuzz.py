"""Fuzz the feed importer: any malformed record is a typed error or a success, never
another exception, and a refused batch leaves the stored catalog unchanged."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offline_cache.catalog import CatalogImportError, CatalogStore, parse_feed, parse_guangan, reader
from tests.unit.offline_cache.catalog_feed import feed

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)
ITEM_FIELDS = [
    "task_code",
    "task_name",
    "task_type",
    "dept_code",
    "dept_name",
    "frequency",
    "keywords",
    "materials",
    "fees",
    "faq",
    "server_type",
    "use_level",
    "is_service_terminals",
    "promise_day",
    "user_topic_type",
    "online_handle_depth",
    "project_type",
]


@st.composite
def broken_feeds(draw) -> bytes:
    doc = feed(version=99)
    target = draw(st.sampled_from(["item", "material", "hall", "bundle", "top", "raw"]))
    value = draw(JSON_VALUES | st.text(min_size=4001, max_size=4100) | st.sampled_from(["\x07", "\ud800", "x" * 201]))
    if target == "item":
        doc["items"][draw(st.integers(0, len(doc["items"]) - 1))][draw(st.sampled_from(ITEM_FIELDS))] = value
    elif target == "material":
        doc["items"][0]["materials"][0][
            draw(st.sampled_from(["material_name", "is_need", "page_num", "e_licence_exempt", "material_key"]))
        ] = value
    elif target == "hall":
        doc["halls"][0][draw(st.sampled_from(["hall_code", "opening_hours", "kind", "self_service_24h"]))] = value
    elif target == "bundle":
        doc["bundles"][0][draw(st.sampled_from(["item_codes", "bundle_code", "audience", "promise_day"]))] = value
    elif target == "top":
        doc[draw(st.sampled_from(["items", "departments", "topics", "halls", "bundles", "catalog_version"]))] = value
    else:
        text = json.dumps(doc, ensure_ascii=False)
        cut = draw(st.integers(0, len(text)))
        return (text[:cut] + draw(st.text(max_size=5)) + text[cut + 1 :]).encode("utf-8", "surrogatepass")
    return json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")


BASELINE = json.dumps(feed(version=1), ensure_ascii=False).encode()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = CatalogStore(tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite")
    s.replace(parse_feed(BASELINE))
    yield s
    s.close()


def snapshot(store: CatalogStore) -> dict:
    stats = reader.stats(store.conn)
    del stats["imported_at"]
    return {**stats, "names": store.conn.execute("SELECT group_concat(task_name) FROM items").fetchone()[0]}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=broken_feeds())
def test_malformed_feed_is_typed_error_or_success_and_never_half_written(store, data):
    before = snapshot(store)
    try:
        batch = parse_feed(data)
        store.replace(batch)
    except CatalogImportError as exc:
        assert exc.key.startswith("catalog.import.")
        assert snapshot(store) == before
    else:  # some "broken" values are valid (e.g. an empty keyword list): then it is stored
        assert reader.stats(store.conn)["catalog_version"] == batch.catalog_version
        store.replace(parse_feed(BASELINE))


GUANGAN_SMALL = [
    {
        "department": "区公安分局",
        "items": [
            {
                "main_item": "未分类",
                "sub_items": [
                    {
                        "name": "户口迁移审批",
                        "qrcode": "",
                        "link": "http://x/y?areaCode=511602000000&itemCode=A-1&taskType=1&deptCode=D1",
                    },
                    {
                        "name": "居住证办理",
                        "qrcode": "",
                        "link": "http://x/y?areaCode=511602000000&itemCode=A-2&taskType=20&deptCode=D1",
                    },
                ],
            }
        ],
    }
]


@st.composite
def broken_directories(draw) -> bytes:
    doc = json.loads(json.dumps(GUANGAN_SMALL))
    value = draw(JSON_VALUES | st.sampled_from(["", "http://x/y?itemCode=&taskType=1", "\x01", "名" * 300]))
    where = draw(st.sampled_from(["top", "dept", "group", "sub", "name", "link"]))
    if where == "top":
        return json.dumps(value).encode()
    if where == "dept":
        doc[0][draw(st.sampled_from(["department", "items"]))] = value
    elif where == "group":
        doc[0]["items"][0][draw(st.sampled_from(["main_item", "sub_items"]))] = value
    elif where == "sub":
        doc[0]["items"][0]["sub_items"][1] = value
    else:
        doc[0]["items"][0]["sub_items"][0][where] = value
    return json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")


@settings(max_examples=100, deadline=None)
@given(data=broken_directories())
def test_malformed_guangan_directory_is_typed_error_or_success(data):
    try:
        batch = parse_guangan(data)
    except CatalogImportError as exc:
        assert exc.key.startswith("catalog.import.")
    else:
        assert all(item["task_code"] and item["task_name"] for item in batch.items)
