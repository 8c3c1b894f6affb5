"""The applicant form every item has, item-specific extra fields, and their rules.

Each field is a key, a label message key, a rule and whether it is required; the
screen renders the fields and shows the error key returned by :func:`validate` next to
each. Rules are pure functions of the text (no Qt, no I/O).

The ID number rule is GB 11643-1999's check character (``drivers.id_reader.idnumber``,
the one implementation); the mobile rule is the 11-digit mainland number starting 1[3-9].
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from drivers.id_reader import idnumber

MAX_TEXT = 200  # a field longer than this is a slip of the finger, not an answer
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_DIGITS = re.compile(r"[0-9]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _name(v: str, today: dt.date) -> str | None:
    if len(v) < 2 or any(ch.isdigit() for ch in v):
        return "case.error.name"
    return None


def _id_number(v: str, today: dt.date) -> str | None:
    return None if idnumber.is_valid(v, today=today) else "case.error.id_number"


def _mobile(v: str, today: dt.date) -> str | None:
    return None if _MOBILE.fullmatch(v.replace(" ", "")) else "case.error.mobile"


def _address(v: str, today: dt.date) -> str | None:
    return None if len(v) >= 6 else "case.error.address"


def luhn_ok(digits: str) -> bool:
    """The Luhn check (ISO/IEC 7812) that China UnionPay card numbers carry."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _bank_account(v: str, today: dt.date) -> str | None:
    v = v.replace(" ", "")
    if not _DIGITS.fullmatch(v) or not 16 <= len(v) <= 19 or not luhn_ok(v):
        return "case.error.bank_account"
    return None


def _text(v: str, today: dt.date) -> str | None:
    return None


Rule = Callable[[str, dt.date], "str | None"]
RULES: dict[str, Rule] = {
    "name": _name,
    "id_number": _id_number,
    "mobile": _mobile,
    "address": _address,
    "bank_account": _bank_account,
    "text": _text,
}


@dataclass(frozen=True)
class FormField:
    """One field of the form.

    Attributes:
        key: the value's name in the case (``name``, ``id_number``, ``bank_account``...).
        label: the label's message key.
        rule: a key of :data:`RULES`.
        required: an empty value is an error.
        keyboard: ``"text"`` (pinyin keyboard), ``"digits"`` (numbers only) or ``"id"``
            (numbers and the check character X).
    """

    key: str
    label: str
    rule: str = "text"
    required: bool = True
    keyboard: str = "text"


APPLICANT_FIELDS: tuple[FormField, ...] = (
    FormField("name", "case.field.name", "name"),
    FormField("id_number", "case.field.id_number", "id_number", keyboard="id"),
    FormField("phone", "case.field.phone", "mobile", keyboard="digits"),
    FormField("address", "case.field.address", "address"),
)

# Item-specific fields of the demo items (keyed by task_code, the implementation code).
_ALLOWANCE_ACCOUNT = FormField("bank_account", "case.field.bank_account", "bank_account", keyboard="digits")
EXTRA_FIELDS: dict[str, tuple[FormField, ...]] = {
    "11610103MB282815164000509004000": (_ALLOWANCE_ACCOUNT,),  # 高龄津贴申领
    "12610100368206656L3002006002000": (_ALLOWANCE_ACCOUNT,),  # 失业保险金申领
    "12610100083312519L3000517004000": (_ALLOWANCE_ACCOUNT,),  # 提取住房公积金（租赁住房）
    "11610103MB166053774000114001000": (  # 个体工商户设立登记
        FormField("shop_name", "case.field.shop_name"),
        FormField("business_scope", "case.field.business_scope"),
    ),
    "11610100MB794814443002007003000": (  # 异地就医备案
        FormField("destination", "case.field.destination"),
    ),
}

DELIVERY_WINDOW, DELIVERY_POST = "window", "post"  # 窗口领取 / 邮寄（政务专递）
DELIVERIES = (DELIVERY_WINDOW, DELIVERY_POST)
POSTAL_FIELD = FormField("postal_address", "case.field.postal_address", "address")
PERSONAL_KEYS = frozenset({"name", "id_number", "phone", "address", "bank_account", "postal_address"})


def fields_for(task_code: str) -> tuple[FormField, ...]:
    """The applicant fields, then the item's own."""
    return APPLICANT_FIELDS + EXTRA_FIELDS.get(task_code, ())


def check(field: FormField, value: str, today: dt.date) -> str | None:
    """The error key of one value, or None when it is fine."""
    v = value.strip()
    if not v:
        return "case.error.required" if field.required else None
    if len(v) > MAX_TEXT:
        return "case.error.too_long"
    if _CONTROL.search(v):
        return "case.error.bad_char"
    return RULES[field.rule](v, today)


def validate(fields: tuple[FormField, ...], values: Mapping[str, str], today: dt.date) -> dict[str, str]:
    """``{field key: error key}`` for every field that fails (empty when all pass)."""
    errors = {}
    for f in fields:
        error = check(f, str(values.get(f.key, "")), today)
        if error:
            errors[f.key] = error
    return errors


def validate_delivery(choice: str, postal_address: str, today: dt.date) -> dict[str, str]:
    """The delivery step: a known choice; a postal address when the result is posted."""
    if choice not in DELIVERIES:
        return {"delivery": "case.error.delivery"}
    if choice == DELIVERY_POST:
        error = check(POSTAL_FIELD, postal_address, today)
        if error:
            return {POSTAL_FIELD.key: error}
    return {}
