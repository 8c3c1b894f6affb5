"""Feeds from a hostile or careless source (issue 11): invisible format characters, a
5,000-digit number, a link that is no URL. Each is stripped or refused with its key."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest

from offline_cache.catalog import (
    CatalogImportError,
    check_batch,
    parse_feed,
    parse_guangan,
    validate,
)
from tests.unit.offline_cache.catalog_feed import feed

INVISIBLE = ["\u200b", "\u202e", "\ufeff", "\u00ad", "\u2066", "\U000e0041"]


def test_the_format_characters_are_every_cf_character_of_this_unicode() -> None:
    full = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert full == validate.FORMAT_CHARS


@pytest.mark.parametrize("ch", INVISIBLE)
def test_invisible_characters_are_stripped_from_names_and_texts(ch: str) -> None:
    doc = feed()
    doc["items"][0]["task_name"] = f"{ch}身份证{ch}补领"
    doc["items"][0]["materials"][0]["material_name"] = f"居民{ch}身份证"
    doc["departments"][0]["dept_name"] = f"{ch}公安局"
    batch = check_batch(doc)
    assert batch.items[0]["task_name"] == "身份证补领"
    assert batch.items[0]["materials"][0]["material_name"] == "居民身份证"
    assert batch.departments[0]["dept_name"] == "公安局"


@pytest.mark.parametrize("ch", INVISIBLE)
@pytest.mark.parametrize("where", ["task_code", "dept_code", "bundle", "topic"])
def test_invisible_characters_in_codes_are_refused(ch: str, where: str) -> None:
    doc = feed()
    if where == "bundle":
        doc["bundles"][0]["item_codes"][0] += ch
        field = "item_codes[0]"
    elif where == "topic":
        doc["topics"][0]["topic_code"] = ch + doc["topics"][0]["topic_code"]
        field = "topic_code"
    else:
        doc["items"][3][where] = doc["items"][3][where][:2] + ch + doc["items"][3][where][2:]
        field = where
    with pytest.raises(CatalogImportError) as info:
        check_batch(doc)
    assert info.value.key == "catalog.import.format_char" and info.value.field == field
    assert info.value.data["codepoint"] == f"U+{ord(ch):04X}"


def test_a_5000_digit_number_is_refused_as_bad_json() -> None:
    text = json.dumps(feed()).replace('"catalog_version": 2026112601', '"catalog_version": ' + "9" * 5000)
    with pytest.raises(CatalogImportError) as info:
        parse_feed(text.encode())
    assert info.value.key == "catalog.import.bad_json" and "number too long" in info.value.data["problem"]


@pytest.mark.parametrize("link", ["http://[bad/", "http://host:port/x?itemCode=1", "http://[::1/?a=1"])
def test_a_guangan_link_that_is_no_url_is_refused(link: str) -> None:
    doc = [
        {
            "department": "区公安分局",
            "items": [{"main_item": "户口", "sub_items": [{"name": "户口登记", "link": link}]}],
        }
    ]
    with pytest.raises(CatalogImportError) as info:
        parse_guangan(json.dumps(doc, ensure_ascii=False).encode())
    assert info.value.key in ("catalog.import.bad_value", "catalog.import.missing_field")
    assert info.value.record == "[0].items[0].sub_items[0]" and info.value.field.startswith("link")
