"""kiosk.cases.forms: each rule refuses what it should and accepts what it should."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.cases import forms
from tests.cases_rig import ALLOWANCE, BANK_CARD, CITIZEN_ID

TODAY = dt.date(2026, 12, 2)
GOOD = {"name": "张三丰", "id_number": CITIZEN_ID, "phone": "13812341234", "address": "陕西省西安市碑林区东大街1号"}


def test_a_good_applicant_passes_and_the_allowance_asks_for_a_bank_card() -> None:
    assert forms.validate(forms.fields_for("anything"), GOOD, TODAY) == {}
    fields = forms.fields_for(ALLOWANCE)
    assert [f.key for f in fields][-1] == "bank_account"
    assert forms.validate(fields, GOOD, TODAY) == {"bank_account": "case.error.required"}
    assert forms.validate(fields, {**GOOD, "bank_account": BANK_CARD}, TODAY) == {}


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        ("id_number", "610103188001010013", "case.error.id_number"),  # wrong check character
        ("id_number", "610103188002300012", "case.error.id_number"),  # no 30 February
        ("id_number", "61010318800101001", "case.error.id_number"),
        ("phone", "1381234123", "case.error.mobile"),
        ("phone", "12812341234", "case.error.mobile"),
        ("name", "张", "case.error.name"),
        ("name", "张3", "case.error.name"),
        ("address", "西安", "case.error.address"),
        ("address", "x" * 201, "case.error.too_long"),
        ("name", "张\x1b三", "case.error.bad_char"),
        ("phone", "", "case.error.required"),
    ],
)
def test_each_rule_refuses_bad_input_with_its_key(key, value, error) -> None:
    assert forms.validate(forms.fields_for("x"), {**GOOD, key: value}, TODAY) == {key: error}


def test_lower_case_x_is_accepted_and_a_future_birth_date_is_not() -> None:
    assert forms.check(forms.APPLICANT_FIELDS[1], "11010519491231002x", TODAY) is None
    assert forms.check(forms.APPLICANT_FIELDS[1], "110105203012310028", TODAY) == "case.error.id_number"


def test_bank_cards_need_the_luhn_check() -> None:
    assert forms.luhn_ok(BANK_CARD)
    bad = BANK_CARD[:-1] + str((int(BANK_CARD[-1]) + 1) % 10)
    assert forms.check(forms.EXTRA_FIELDS[ALLOWANCE][0], bad, TODAY) == "case.error.bank_account"


def test_delivery_by_post_needs_an_address() -> None:
    assert forms.validate_delivery("window", "", TODAY) == {}
    assert forms.validate_delivery("post", "", TODAY) == {"postal_address": "case.error.required"}
    assert forms.validate_delivery("post", "陕西省西安市雁塔区小寨东路2号", TODAY) == {}
    assert forms.validate_delivery("drone", "", TODAY) == {"delivery": "case.error.delivery"}
