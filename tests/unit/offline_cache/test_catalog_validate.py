"""Feed checking: every problem is a typed error naming the record and the field."""

from __future__ import annotations

from typing import Any

import pytest

from offline_cache.catalog import CatalogImportError, check_batch, parse_feed
from tests.unit.offline_cache.catalog_feed import feed


def refused(doc: Any) -> CatalogImportError:
    with pytest.raises(CatalogImportError) as info:
        check_batch(doc)
    return info.value


def test_sample_feed_passes_with_defaults_filled_in():
    batch = check_batch(feed())
    assert batch.catalog_version == 2026112601 and batch.sample_data is True
    item = next(i for i in batch.items if i["task_code"] == "T-ELDER")
    assert item["materials"] == [] and item["online_handle_depth"] == 1 and item["is_fee"] is False
    assert batch.halls[1]["hours_saturday"] == "closed"


def test_bad_json_names_line_and_column():
    err = pytest.raises(CatalogImportError, parse_feed, b'{"format": "x",\n "items": [}').value
    assert err.key == "catalog.import.bad_json"
    assert err.data["line"] == 2


def test_not_utf8_is_refused():
    assert pytest.raises(CatalogImportError, parse_feed, b'{"a": "\xff"}').value.key == "catalog.import.bad_encoding"


def test_missing_file_is_a_typed_error(tmp_path):
    err = pytest.raises(CatalogImportError, parse_feed, tmp_path / "nope.json").value
    assert err.key == "catalog.import.unreadable"


@pytest.mark.parametrize("field, value", [("format", "other"), ("feed_version", 2)])
def test_header_is_checked(field, value):
    doc = feed()
    doc[field] = value
    err = refused(doc)
    assert (err.key, err.field) == ("catalog.import.bad_format", field)


def test_missing_required_field_names_record_and_field():
    doc = feed()
    del doc["items"][3]["task_name"]
    err = refused(doc)
    assert err.key == "catalog.import.missing_field"
    assert err.record == "items[3] task_code=T-BIRTH" and err.field == "task_name"


def test_blank_required_field_is_missing():
    doc = feed()
    doc["items"][0]["dept_code"] = "   "
    assert refused(doc).key == "catalog.import.missing_field"


@pytest.mark.parametrize(
    "path, value, expected",
    [
        (("items", 0, "frequency"), "many", "integer"),
        (("items", 0, "frequency"), True, "integer"),
        (("items", 0, "is_service_terminals"), 1, "boolean"),
        (("items", 0, "task_name"), 42, "string"),
        (("items", 0, "keywords"), "身份证", "list"),
        (("departments", 0, "dept_name"), None, None),
    ],
)
def test_wrong_types(path, value, expected):
    doc = feed()
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    if expected is None:  # null = absent, and dept_name is required
        assert refused(doc).key == "catalog.import.missing_field"
        return
    err = refused(doc)
    assert err.key == "catalog.import.wrong_type" and err.data["expected"] == expected
    assert err.field == path[-1]


def test_material_field_is_named_with_its_index():
    doc = feed()
    doc["items"][0]["materials"][1]["page_num"] = -1
    err = refused(doc)
    assert (err.key, err.field) == ("catalog.import.out_of_range", "materials[1].page_num")


def test_choice_fields_accept_only_the_standard_values():
    doc = feed()
    doc["items"][0]["materials"][0]["is_need"] = "必须"
    err = refused(doc)
    assert err.key == "catalog.import.bad_value" and err.field == "materials[0].is_need"


def test_duplicate_task_codes_are_refused():
    doc = feed()
    doc["items"][5]["task_code"] = "T-ID-REISSUE"
    err = refused(doc)
    assert err.key == "catalog.import.duplicate" and err.record.startswith("items[5]")


def test_absurdly_long_strings_are_refused():
    doc = feed()
    doc["items"][2]["task_name"] = "户" * 201
    err = refused(doc)
    assert err.key == "catalog.import.too_long" and err.data == {"limit": 200, "length": 201}
    doc = feed()
    doc["items"][2]["accept_condition"] = "条件" * 2001
    assert refused(doc).data["limit"] == 4000


@pytest.mark.parametrize("text", ["居民\x00身份证", "居民\x1b[31m", "a\ud800b"])
def test_control_characters_and_lone_surrogates_are_refused(text):
    doc = feed()
    doc["items"][0]["task_name"] = text
    err = refused(doc)
    assert err.key == "catalog.import.control_char" and err.field == "task_name"


def test_newlines_are_allowed_in_long_text_only():
    doc = feed()
    doc["items"][0]["handle_flow"] = "1. 申请\n2. 受理\t审核"
    assert check_batch(doc).items[0]["handle_flow"].startswith("1. 申请\n")
    doc["items"][0]["task_name"] = "居民身份证\n补领"
    assert refused(doc).key == "catalog.import.control_char"


def test_bundle_may_only_list_existing_items():
    doc = feed()
    doc["bundles"][0]["item_codes"].append("T-NOPE")
    err = refused(doc)
    assert (err.key, err.field) == ("catalog.import.unknown_reference", "item_codes[2]")
    assert err.data == {"code": "T-NOPE"}


def test_unknown_topic_is_refused():
    doc = feed()
    doc["items"][4]["user_topic_type"] = ["nope"]
    err = refused(doc)
    assert (err.key, err.field) == ("catalog.import.unknown_reference", "user_topic_type[0]")


def test_opening_hours_format_is_checked():
    doc = feed()
    doc["halls"][0]["opening_hours"]["sunday"] = "all day"
    err = refused(doc)
    assert (err.key, err.field) == ("catalog.import.bad_value", "opening_hours.sunday")


def test_item_department_missing_from_the_list_is_adopted():
    doc = feed()
    doc["departments"] = doc["departments"][:1]
    batch = check_batch(doc)
    assert {d["dept_code"] for d in batch.departments} == {"GA", "MZ", "SC", "GJJ"}


def test_unknown_keys_are_ignored():
    doc = feed()
    doc["items"][0]["future_field"] = {"x": 1}
    doc["something_new"] = []
    assert check_batch(doc).items[0]["task_code"] == "T-ID-REISSUE"


def test_one_line_message_carries_key_record_and_field():
    doc = feed()
    doc["items"][1]["promise_day"] = "3"
    text = refused(doc).one_line()
    assert text.startswith("catalog.import.wrong_type: record items[1] task_code=T-ID-RENEW: field promise_day")
