"""Department names as people say them: 人社, 公积金中心, 市监局, 税务局.

Official names and the short forms halls and citizens use are brought to one canonical
form (the short one), the place prefix (西安市, 碑林区, 区) dropped; a query in that form
that names a department finds its items. Pure functions plus one small cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from offline_cache.catalog.index import squash

# official fragment or colloquial form -> the canonical short form (longest first when applied)
_SHORT = {
    "人力资源和社会保障": "人社",
    "人力资源社会保障": "人社",
    "人力社保": "人社",
    "社保局": "人社局",
    "劳动局": "人社局",
    "市场监督管理": "市监",
    "市场监管": "市监",
    "工商局": "市监局",
    "卫生健康委员会": "卫健委",
    "卫生健康": "卫健",
    "卫生局": "卫健局",
    "医疗保障": "医保",
    "住房公积金管理中心": "公积金中心",
    "住房公积金中心": "公积金中心",
    "住房和城乡建设": "住建",
    "房管局": "住建局",
    "残疾人联合会": "残联",
    "发展和改革": "发改",
    "文化广电旅游": "文旅",
    "文化和旅游": "文旅",
    "文广旅": "文旅",
    "经济和信息化": "经信",
    "教育科技体育": "教科体",
    "教育局": "教科体局",  # a district's 教育局 is often 教科体局 (教育和科学技术和体育)
    "烟草专卖": "烟草",
    "自然资源和规划": "自然资源",
    "车辆管理所": "车管所",
    "交通警察支队": "交警",
    "交通警察": "交警",
    "退役军人事务": "退役军人",
    "行政审批服务": "行政审批",
    "不动产登记服务中心": "不动产中心",
    "不动产登记中心": "不动产中心",
}
_SHORT_KEYS = sorted(_SHORT, key=len, reverse=True)
# Where a name says which place it belongs to: 国家税务总局 / 陕西省 / 西安市 / 碑林区 / 区.
_PLACE = re.compile(
    r"^(国家税务总局|[\u4e00-\u9fff]{1,6}?(省|自治区|市|区|县)(?=[\u4e00-\u9fff]{2})(?!监|场)|(区|市|县)(?!监|场))"
)
# 厅 is the provincial level of a 局: 民政厅 names the same line of work as 民政局.
_SUFFIX = ("分局", "局", "中心", "委员会", "委", "厅", "所", "支队", "大队", "办")


def canon(text: str) -> str:
    """``西安市人力资源和社会保障局`` -> ``人社局``: short forms, no place prefix."""
    s = squash(text)
    for k in _SHORT_KEYS:
        if k in s:
            s = s.replace(k, _SHORT[k])
    for _ in range(3):  # 西安市 碑林区 …
        stripped = _PLACE.sub("", s, count=1)
        if stripped == s or len(stripped) < 2:
            break
        s = stripped
    return s


@dataclass(frozen=True)
class DeptKey:
    dept_code: str
    name: str  # canonical
    full: str  # the official name, squashed
    bare: str  # canonical, without 局 / 中心 / ...: 人社, 公积金, 车管


def bare(name: str) -> str:
    """The canonical name without 局 / 中心 / 厅 / ...: 人社局 -> 人社."""
    return next((name[: -len(s)] for s in _SUFFIX if name.endswith(s) and len(name) - len(s) >= 2), name)


def keys(departments: list[tuple[str, str]]) -> list[DeptKey]:
    """The canonical forms of (dept_code, dept_name) pairs."""
    out = []
    for code, name in departments:
        short = canon(name)
        out.append(DeptKey(code, short, squash(name), bare(short)))
    return out


def match(table: list[DeptKey], query: str) -> dict[str, float]:
    """dept_code -> how well ``query`` names it: 90 when it is the department's name or
    short form (人社, 人社局: above an item that merely holds those characters, 个人社会…,
    below one whose name starts with them), 58 its start, 52 inside.

    Two characters at least, and only Chinese: a department is never named in pinyin at
    the counter, and one character names nothing.
    """
    q = squash(query)[:60]
    if len(q) < 2 or q.isascii():
        return {}
    cq = canon(q)
    cb = bare(cq)
    out: dict[str, float] = {}
    for d in table:
        if q == d.full or cq in (d.name, d.bare) or cb == d.bare:
            s = 90.0
        elif d.name.startswith(cq) or d.full.startswith(q):
            s = 58.0
        elif cq in d.name or (cb != cq and cb in d.name):
            s = 52.0
        else:
            continue
        out[d.dept_code] = max(out.get(d.dept_code, 0.0), s)
    return out
