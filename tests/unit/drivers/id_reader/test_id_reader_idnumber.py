"""GB 11643 check characters and codes tables (STANDARDS.md §5-6)."""

from __future__ import annotations

import datetime as dt

import pytest

from drivers.id_reader import codes, idnumber


@pytest.mark.parametrize(
    "number",
    ["11010519491231002X", "11010519491231002x", "610103188001010012", "610113188001010023", "610116188001010030"],
)
def test_valid_numbers(number):
    assert idnumber.is_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # wrong check char
        "11010519490230002X",  # 30 February: check char alone would not catch it
        "1101051949123100",  # short
        "11010519491231002Y",
        "１１0105194912310021",  # full-width digits are not digits here
    ],
)
def test_invalid_numbers(number):
    assert not idnumber.is_valid(number)


def test_future_birth_is_rejected():
    number = "110105205001010010"
    number = number[:17] + idnumber.check_char(number[:17])
    assert not idnumber.is_valid(number, today=dt.date(2026, 1, 1))
    assert idnumber.is_valid(number, today=dt.date(2051, 1, 1))


def test_check_char_and_sex():
    assert idnumber.check_char("11010519491231002") == "X"
    assert idnumber.sex_code("610103188001010012") == "1"
    assert idnumber.sex_code("610113188001010023") == "2"
    with pytest.raises(ValueError):
        idnumber.check_char("123")


def test_nation_table_is_gb_t_3304():
    assert len(codes.NATIONS) == 58
    assert codes.nation_name("01") == "汉族"
    assert codes.nation_name("1") == "汉族"
    assert codes.nation_name("29") == "柯尔克孜族"
    assert codes.nation_name("56") == "基诺族"
    assert codes.nation_name("97") == "其他"
    assert codes.nation_name("98") == "外国血统中国籍人士"
    assert codes.nation_name("57") == ""


def test_sex_names():
    assert [codes.sex_name(c) for c in "0129"] == ["未知", "男", "女", "未说明"]
    assert codes.sex_name("7") == "未说明"
