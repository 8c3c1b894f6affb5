"""Fictional demo cards for the fake, the simulator and tests (clearly not real people).

Numbers are the STANDARDS.md §5 test numbers for Xi'an with birth year 1880, and
permit numbers built the same way; every photo is the same 1024-byte dummy WLT block.
"""

from __future__ import annotations

import datetime as dt

from drivers.id_reader import codes
from drivers.id_reader.base import IdentityCard

# Not a decodable WLT image: a recognisable filler of the right size (GA/T 467: 1024).
DUMMY_WLT = (b"WLT-DEMO-PHOTO--" * 64)[:1024]
DUMMY_FINGERPRINT = bytes(range(256)) * 4  # two 512-byte templates

_BORN = dt.date(1880, 1, 1)
_FROM = dt.date(2020, 6, 1)


def _resident(name: str, sex: str, nation: str, address: str, number: str, authority: str) -> IdentityCard:
    return IdentityCard(
        card_type="resident",
        name=name,
        sex_code=sex,
        sex=codes.sex_name(sex),
        nation_code=nation,
        nation=codes.nation_name(nation),
        birth=_BORN,
        address=address,
        id_number=number,
        authority=authority,
        valid_from=_FROM,
        valid_to=None,
        photo_wlt=DUMMY_WLT,
    )


DEMO_CARDS: tuple[IdentityCard, ...] = (
    _resident("张三丰", "1", "01", "陕西省西安市碑林区东大街1号（示例）", "610103188001010012", "西安市公安局碑林分局"),
    _resident(
        "李秀英", "2", "03", "陕西省西安市雁塔区小寨东路2号（示例）", "610113188001010023", "西安市公安局雁塔分局"
    ),
    _resident(
        "王小明", "1", "01", "陕西省西安市长安区韦曲街道3号（示例）", "610116188001010030", "西安市公安局长安分局"
    ),
    IdentityCard(
        card_type="hkmt_permit",
        name="陈大文",
        sex_code="1",
        sex="男",
        nation_code="",
        nation="",
        birth=_BORN,
        address="陕西省西安市新城区示例路4号",
        id_number="810000188001010015",
        authority="西安市公安局",
        valid_from=_FROM,
        valid_to=dt.date(2025, 6, 1),
        pass_number="H01234567",
        issue_count="01",
        photo_wlt=DUMMY_WLT,
    ),
    IdentityCard(
        card_type="foreign_permanent",
        name="史密斯",
        sex_code="1",
        sex="男",
        nation_code="",
        nation="",
        birth=_BORN,
        address="",
        id_number="GBR610188001010",
        authority="1500",
        valid_from=_FROM,
        valid_to=dt.date(2030, 6, 1),
        english_name="SMITH JOHN DEMO",
        nationality="GBR",
        photo_wlt=DUMMY_WLT,
    ),
)
