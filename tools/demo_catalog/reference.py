"""Departments, halls and life-event topics of the Xi'an demo catalog.

Names of departments and districts are real; every code, address and phone
number here is invented sample data and is marked so where the feed has room.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.demo_catalog.codes import CITY_AREA, sample_uscc

SAMPLE = "（示例数据）"
SAMPLE_PHONE = "029-8xxxxxxx（示例）"
HOTLINE = "12345政务服务便民热线"
SUPERVISE = (
    "12345政务服务便民热线；政务服务“好差评”（大厅评价器、自助终端、陕西政务服务网）；"
    "西安市政务服务中心督查投诉窗口" + SAMPLE
)
EXAMPLE_SITE = "https://zwfw.xian-demo.example"
EXAMPLE_MOBILE = "https://m.xian-demo.example"


@dataclass(frozen=True)
class Dept:
    """One implementing department."""

    no: int
    name: str
    area_code: str
    kind: str  # "11" organ, "12" institution, "13" mass organisation, "91" enterprise
    level: int  # 3 city, 4 district (use_level numbering of STANDARDS.md §1)

    @property
    def code(self) -> str:
        """Sample 18-character unified social credit code."""
        return sample_uscc(self.name, self.area_code, self.kind)

    def feed(self) -> dict:
        """The department record of the feed."""
        return {"dept_code": self.code, "dept_name": self.name, "area_code": self.area_code}


def _d(no: int, name: str, area: str = CITY_AREA, kind: str = "11") -> Dept:
    return Dept(no, name, area, kind, 3 if area == CITY_AREA else 4)


GA = _d(1, "西安市公安局")
GA_BEILIN = _d(2, "西安市公安局碑林分局", "610103")
GA_YANTA = _d(3, "西安市公安局雁塔分局", "610113")
GA_TRAFFIC = _d(4, "西安市公安局交通警察支队车辆管理所", kind="12")
RS = _d(5, "西安市人力资源和社会保障局")
RS_JOBS = _d(6, "西安市就业服务中心", kind="12")
YB = _d(7, "西安市医疗保障局")
MZ = _d(8, "西安市民政局")
MZ_BEILIN = _d(9, "西安市碑林区民政局", "610103")
MZ_YANTA = _d(10, "西安市雁塔区民政局", "610113")
WJ = _d(11, "西安市卫生健康委员会")
CL = _d(12, "西安市残疾人联合会", kind="13")
SJ = _d(13, "西安市市场监督管理局")
SJ_BEILIN = _d(14, "西安市碑林区市场监督管理局", "610103")
SW = _d(15, "国家税务总局西安市税务局")
BDC = _d(16, "西安市不动产登记服务中心", kind="12")
GJJ = _d(17, "西安住房公积金管理中心", kind="12")
TY = _d(18, "西安市退役军人事务局")
JY = _d(19, "西安市教育局")
JY_CHANGAN = _d(20, "西安市长安区教育局", "610116")
WATER = _d(21, "西安水务集团", kind="91")
POWER = _d(22, "国网西安供电公司", kind="91")
GAS = _d(23, "西安秦华燃气集团", kind="91")

DEPARTMENTS = (
    GA,
    GA_BEILIN,
    GA_YANTA,
    GA_TRAFFIC,
    RS,
    RS_JOBS,
    YB,
    MZ,
    MZ_BEILIN,
    MZ_YANTA,
    WJ,
    CL,
    SJ,
    SJ_BEILIN,
    SW,
    BDC,
    GJJ,
    TY,
    JY,
    JY_CHANGAN,
    WATER,
    POWER,
    GAS,
)

# ---- topics (主题): codes are this project's own, names follow the plan ----
# 退休养老 first: the self-service kiosk's most frequent users are elders (JOURNEYS.md 1),
# who should not swipe past eight life events to find it.
PERSON_TOPICS = (
    ("p_retirement", "退休养老"),
    ("p_birth", "出生"),
    ("p_education", "教育"),
    ("p_employment", "就业"),
    ("p_marriage", "婚育"),
    ("p_disability", "残疾人"),
    ("p_assistance", "社会救助"),
    ("p_veteran", "退役军人"),
    ("p_housing", "住房"),
    ("p_death", "身后事"),
    ("p_hukou", "户籍"),
    ("p_certificates", "证件办理"),
    ("p_travel", "出入境"),
    ("p_traffic", "交通出行"),
    ("p_insurance", "社保医保"),
    ("p_housing_fund", "公积金"),
    ("p_utilities", "水电气"),
)
ENTERPRISE_TOPICS = (
    ("e_open", "开办"),
    ("e_permit", "准营"),
    ("e_hiring", "用工"),
    ("e_realestate", "不动产"),
    ("e_close", "注销"),
    ("e_tax", "纳税"),
    ("e_utilities", "水电气报装"),
)


def topics_feed() -> list[dict]:
    """Topic records, persons first, in display order."""
    rows = []
    for audience, topics in (("person", PERSON_TOPICS), ("enterprise", ENTERPRISE_TOPICS)):
        for order, (code, name) in enumerate(topics, start=1):
            rows.append({"topic_code": code, "name": name, "audience": audience, "order_num": order})
    return rows


# ---- halls (办事大厅): real district names, invented addresses and phones ----
def _hours(weekdays="09:00-17:00", saturday="closed", sunday="closed", holidays="closed"):
    return {"weekdays": weekdays, "saturday": saturday, "sunday": sunday, "holidays": holidays}


HALLS = (
    (
        "XA-H01",
        "西安市政务服务中心",
        "610112",
        "center",
        True,
        "西安市未央区示例大道1号市民中心（示例地址）",
        _hours("09:00-17:00", "09:00-17:00", "09:00-17:00"),
    ),
    (
        "XA-H02",
        "碑林区政务服务中心",
        "610103",
        "center",
        True,
        "西安市碑林区示例路100号（示例地址）",
        # As its guides' TIME_CENTER says (the home showed 周六 09:00-16:00, a guide 09:00-17:00).
        _hours("09:00-17:00", "09:00-17:00", "09:00-17:00"),
    ),
    (
        "XA-H03",
        "雁塔区政务服务中心",
        "610113",
        "center",
        True,
        "西安市雁塔区示例南路200号（示例地址）",
        _hours("09:00-17:30", "09:00-17:00"),
    ),
    (
        "XA-H04",
        "长安区政务服务中心",
        "610116",
        "center",
        False,
        "西安市长安区示例街300号（示例地址）",
        _hours("08:30-17:30", "09:00-12:00"),
    ),
    (
        "XA-H05",
        "新城区政务服务中心",
        "610102",
        "center",
        True,
        "西安市新城区示例东路50号（示例地址）",
        _hours("09:00-17:00", "09:00-17:00", "09:00-17:00"),
    ),
    ("XA-H06", "莲湖区政务服务中心", "610104", "center", False, "西安市莲湖区示例西路80号（示例地址）", _hours()),
    (
        "XA-H07",
        "未央区政务服务中心",
        "610112",
        "center",
        True,
        "西安市未央区示例北路66号（示例地址）",
        _hours("09:00-17:00", "09:00-17:00"),
    ),
    (
        "XA-H08",
        "临潼区政务服务中心",
        "610115",
        "center",
        False,
        "西安市临潼区示例路8号（示例地址）",
        _hours("08:30-17:00"),
    ),
    (
        "XA-H09",
        "碑林区柏树林街道便民服务中心",
        "610103",
        "street",
        False,
        "西安市碑林区柏树林街道示例巷12号（示例地址）",
        _hours("09:00-17:00", "09:00-12:00"),
    ),
    (
        "XA-H10",
        "雁塔区小寨路街道便民服务中心",
        "610113",
        "street",
        False,
        "西安市雁塔区小寨路街道示例路9号（示例地址）",
        _hours("09:00-17:00"),
    ),
    (
        "XA-H11",
        "莲湖区政务服务银行驿站（示例银行网点）",
        "610104",
        "bank",
        True,
        "西安市莲湖区示例大街18号某银行网点内（示例地址）",
        _hours("09:00-17:00", "09:00-17:00", "09:00-17:00", "10:00-16:00"),
    ),
    (
        "XA-H12",
        "未央区邮政政务服务驿站（示例网点）",
        "610112",
        "post",
        False,
        "西安市未央区示例路邮政支局内（示例地址）",
        _hours("08:30-17:30", "08:30-17:30", "08:30-12:00"),
    ),
    (
        "XA-H13",
        "长安区示例镇示例村便民服务站",
        "610116",
        "village",
        False,
        "西安市长安区示例镇示例村村委会（示例地址）",
        _hours("08:30-12:00"),
    ),
    (
        "XA-H14",
        "鄠邑区政务服务中心",
        "610118",
        "center",
        False,
        "西安市鄠邑区示例路20号（示例地址）",
        _hours("08:30-17:30", "09:00-12:00"),
    ),
    (
        "XA-H15",
        "周至县政务服务中心",
        "610124",
        "center",
        False,
        "西安市周至县示例街6号（示例地址）",
        _hours("08:30-17:30"),
    ),
    (
        "XA-H16",
        "蓝田县政务服务中心",
        "610122",
        "center",
        False,
        "西安市蓝田县示例路11号（示例地址）",
        _hours("08:30-17:30"),
    ),
)


def halls_feed() -> list[dict]:
    """Hall records of the feed."""
    return [
        {
            "hall_code": code,
            "name": name,
            "area_code": area,
            "address": address,
            "phone": SAMPLE_PHONE,
            "opening_hours": hours,
            "self_service_24h": h24,
            "kind": kind,
        }
        for code, name, area, kind, h24, address, hours in HALLS
    ]


# Usual transact_time texts, the hours of the halls above (sample).
TIME_CENTER = (
    "法定工作日 09:00-17:00；周六、周日 09:00-17:00 周末不打烊窗口受理"
    "（法定节假日除外）；24小时自助服务区全天开放" + SAMPLE
)
TIME_WEEKDAY = "法定工作日 09:00-17:00（法定节假日除外）" + SAMPLE
TIME_STREET = "法定工作日 09:00-17:00；周六 09:00-12:00" + SAMPLE
