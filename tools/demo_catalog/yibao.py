"""医保 (sample data)."""

from __future__ import annotations

from tools.demo_catalog import materials as m
from tools.demo_catalog.builder import BOTH, CORP, faq, item
from tools.demo_catalog.reference import YB

SI_LAW = "《中华人民共和国社会保险法》"
MED_RULES = "《医疗保障基金使用监督管理条例》；《陕西省基本医疗保险经办规程》（示例引用）"
YB_ADDR = "西安市医疗保障局经办窗口、各区政务服务中心医保窗口、街道便民服务中心（示例）"

MED_RECORDS = m.mat(
    "medical_records",
    "门（急）诊病历、诊断证明或出院记录",
    page="复印件",
    source=m.OTHER,
    source_explain="医疗机构出具",
)
INVOICES = m.mat("medical_invoices", "医疗收费票据及费用明细清单", source=m.OTHER, source_explain="医疗机构出具")


def _yb(seq, name, task_type="20", **kw):
    kw.setdefault("transact_addr", YB_ADDR)
    return item(YB, seq, name, task_type, **kw)


def items() -> list[dict]:
    """医保 items."""
    return [
        _yb(
            1,
            "城乡居民基本医疗保险参保登记（含新生儿）",
            by_law=SI_LAW + "第二十五条",
            accept_condition="未参加职工医保的本市户籍或持居住证的城乡居民，含新生儿",
            materials=[
                m.resident_id_card(remark="新生儿凭居民户口簿或出生医学证明"),
                m.household_register(need="非必要"),
            ],
            keywords=["新生儿医保", "宝宝医保", "居民医保", "交医保", "城乡居民医保", "合作医疗", "新农合", "医保参保"],
            frequency=820,
            person_topics=("p_insurance", "p_birth"),
            project_type="即办件",
            anticipate=(1, "工作日", "即时办结"),
            result=("参保登记信息", "其他"),
            terminals=True,
            online_depth=4,
            faqs=faq(
                (
                    "新生儿出生后多久内参保？",
                    "出生后及时办理，出生当年参保缴费的，自出生之日起享受待遇（以当年政策为准，示例）。",
                ),
            ),
        ),
        _yb(
            2,
            "基本医疗保险关系转移接续",
            by_law=SI_LAW + "第三十二条；《基本医疗保障关系转移接续暂行办法》",
            accept_condition="跨统筹地区流动就业或退役的参保人员",
            materials=[
                m.resident_id_card(),
                m.form("form_medical_transfer", "基本医疗保障参保（合）凭证及转移接续申请表"),
            ],
            keywords=["医保转移", "医保转过来", "医保转出", "外地医保转入"],
            frequency=330,
            person_topics=("p_insurance", "p_veteran"),
            anticipate=(45, "工作日", "按转移接续办法规定（示例）"),
            promise=(10, "工作日", "示例承诺时限"),
            online_depth=4,
            handle_area="跨省通办",
        ),
        _yb(
            3,
            "异地就医备案",
            by_law=MED_RULES + "；国家医保局关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知",
            accept_condition="异地长期居住、临时外出就医的参保人员",
            materials=[m.resident_id_card(), m.form("form_remote_care", "异地就医备案表（个人承诺制）")],
            keywords=["异地就医", "外地看病报销", "异地备案", "跨省看病", "去外地看病", "异地医保"],
            frequency=680,
            person_topics=("p_insurance",),
            project_type="即办件",
            anticipate=(1, "工作日", "即时备案"),
            result=("异地就医备案信息", "其他"),
            terminals=True,
            online_depth=4,
            commitment=True,
            handle_area="跨省通办",
            handle_type="网上办理（国家医保服务平台）、自助终端办理、窗口办理",
        ),
        _yb(
            4,
            "门诊慢特病待遇认定",
            by_law=MED_RULES,
            accept_condition="患有本市规定门诊慢特病病种的参保人员",
            materials=[m.resident_id_card(), MED_RECORDS, m.form("form_chronic_disease", "门诊慢特病申请表")],
            keywords=["慢性病", "慢病卡", "特殊病", "门特", "慢病报销", "高血压报销"],
            frequency=410,
            person_topics=("p_insurance",),
            anticipate=(20, "工作日", "按规定（示例）"),
            promise=(10, "工作日", "示例承诺时限"),
            result=("门诊慢特病认定结果", "其他"),
            entrust_name="定点医疗机构（示例）",
        ),
        _yb(
            5,
            "零星医疗费用报销（手工报销）",
            by_law=SI_LAW + "第二十八条、第二十九条；" + MED_RULES,
            accept_condition="因急诊、异地未直接结算等原因全额垫付医疗费用的参保人员",
            materials=[
                m.social_security_card(need="非必要"),
                m.resident_id_card(),
                INVOICES,
                MED_RECORDS,
                m.bank_card(),
            ],
            keywords=["医保报销", "报销医药费", "看病报销", "垫付报销", "手工报销", "住院报销"],
            frequency=560,
            person_topics=("p_insurance",),
            anticipate=(30, "工作日", "按规定（示例）"),
            promise=(20, "工作日", "示例承诺时限"),
            result=("报销结算单", "其他"),
            express=True,
        ),
        _yb(
            6,
            "生育津贴及生育医疗费申领",
            by_law=SI_LAW + "第五十三条至第五十六条",
            accept_condition="参加职工基本医疗保险（生育保险）的职工及其未就业配偶生育",
            materials=[m.resident_id_card(), m.birth_medical_cert(), INVOICES],
            keywords=["生育津贴", "产假工资", "生育险报销", "生孩子报销", "生育保险"],
            frequency=390,
            person_topics=("p_marriage", "p_birth"),
            server_type=BOTH,
            anticipate=(20, "工作日", "按规定（示例）"),
            promise=(10, "工作日", "示例承诺时限"),
            result=("生育待遇核定结果", "其他"),
            online_depth=4,
        ),
        _yb(
            7,
            "职工基本医疗保险参保登记（单位职工增员）",
            by_law=SI_LAW + "第二十三条、第五十八条",
            accept_condition="用人单位新招用职工",
            materials=[m.employee_list(), m.labor_contract(need="非必要")],
            keywords=["员工医保", "医保增员", "给员工交医保"],
            frequency=260,
            corp_topics=("e_hiring",),
            server_type=CORP,
            project_type="即办件",
            anticipate=(1, "工作日", "即时办结"),
            online_depth=4,
        ),
        _yb(
            8,
            "退休人员基本医疗保险待遇核定",
            by_law=SI_LAW + "第二十七条",
            accept_condition="办理退休手续，职工医保累计缴费年限达到本市规定年限（以医保部门公布为准）",
            materials=[m.resident_id_card(), m.retirement_approval()],
            keywords=["退休医保", "医保缴费年限", "退休后医保", "医保补缴"],
            frequency=240,
            person_topics=("p_retirement", "p_insurance"),
            anticipate=(20, "工作日", "按规定（示例）"),
            promise=(5, "工作日", "示例承诺时限"),
        ),
        _yb(
            9,
            "医保个人账户余额继承支取",
            by_law=SI_LAW + "第十四条：个人账户不得提前支取，个人死亡的，可以继承",
            accept_condition="职工医保参保人员死亡，其合法继承人申请",
            materials=[
                m.resident_id_card(remark="继承人居民身份证"),
                m.death_medical_cert(),
                m.kinship_proof(),
                m.bank_card(need="容缺", remark="可容缺受理，支付前补交（示例）"),
            ],
            keywords=["医保卡里的钱", "医保账户继承", "去世医保余额", "医保卡余额取出"],
            frequency=120,
            person_topics=("p_death",),
            anticipate=(20, "工作日", "按规定（示例）"),
            promise=(10, "工作日", "示例承诺时限"),
            tolerance=True,
        ),
        _yb(
            10,
            "基本医疗保险参保缴费凭证打印",
            by_law=SI_LAW + "第七十四条",
            accept_condition="参保人员本人",
            materials=[m.resident_id_card()],
            keywords=["医保缴费证明", "打印医保", "医保记录", "医保参保证明"],
            frequency=450,
            person_topics=("p_insurance",),
            project_type="即办件",
            anticipate=(1, "工作日", "即时打印"),
            result=("参保缴费凭证（带电子签章）", "其他"),
            terminals=True,
            online_depth=4,
            schedule=False,
            handle_type="自助终端办理、网上办理、窗口办理",
        ),
    ]
