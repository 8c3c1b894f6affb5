"""Sex codes (GB/T 2261.1) and ethnic-group codes (GB/T 3304) as read from the card."""

from __future__ import annotations

# GB/T 2261.1 as printed in the card's sex field (HARDWARE.md §1).
SEX: dict[str, str] = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}

_NATIONS = [
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
]

# GB/T 3304 (STANDARDS.md §6): "01" 汉族 ... "56" 基诺族, "97" 其他, "98" 外国血统中国籍人士.
NATIONS: dict[str, str] = {f"{i:02d}": f"{name}族" for i, name in enumerate(_NATIONS, start=1)}
NATIONS["97"] = "其他"
NATIONS["98"] = "外国血统中国籍人士"


def sex_name(code: str) -> str:
    """The name for a sex code; unknown codes map to ``未说明`` rather than failing."""
    return SEX.get(code.strip(), SEX["9"])


def nation_name(code: str) -> str:
    """The ethnic group for a two-digit code, or ``""`` when the code is not in GB/T 3304."""
    c = code.strip()
    if c.isdigit() and len(c) == 1:
        c = "0" + c
    return NATIONS.get(c, "")
