"""Which electronic licences (电子证照) a person has: the demo's table.

``CaseDesk`` takes any ``licence_lookup(person_key) -> set[str]`` (material names or
licence type codes); the hub's lookup replaces this one when it exists. The demo card
holders are the fictional STANDARDS.md §5 people; their ID card itself is read at the
terminal, so its e-licence always exists.
"""

from __future__ import annotations

from collections.abc import Callable

ID_CARD = "申请人居民身份证"
_DEMO: dict[str, frozenset[str]] = {
    "610103188001010012": frozenset({ID_CARD, "法定代表人（负责人、经营者）居民身份证", "居民户口簿"}),
    "610113188001010023": frozenset({ID_CARD, "不动产权证书（或房屋所有权证）", "结婚证"}),
    "610116188001010030": frozenset({ID_CARD}),
}

LicenceLookup = Callable[[str], "set[str] | frozenset[str]"]


def demo_licences(person_key: str) -> frozenset[str]:
    """The demo licences of a person (here the key is the ID number itself: the demo
    table lives on the terminal, nothing leaves it)."""
    return _DEMO.get(person_key.strip().upper(), frozenset())


# The demo's e-ID codes (网证): real CTID tokens are opaque and verified online by the
# national service; the demo's stand for the demo card holders (name, ID number).
_DEMO_E_ID: dict[str, tuple[str, str]] = {
    "CTID:DEMO-1": ("张三丰", "610103188001010012"),
    "CTID:DEMO-2": ("李秀英", "610113188001010023"),
}

EIdLookup = Callable[[str], "tuple[str, str] | None"]


def demo_e_id(token: str) -> tuple[str, str] | None:
    """The (name, ID number) a demo e-ID code stands for, or None."""
    return _DEMO_E_ID.get(token.strip().upper())
