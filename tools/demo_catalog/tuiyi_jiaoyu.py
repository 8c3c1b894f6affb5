"""退役军人 and 教育入学 (sample data)."""

from __future__ import annotations

from tools.demo_catalog import materials as m
from tools.demo_catalog.builder import faq, item
from tools.demo_catalog.reference import JY, JY_CHANGAN, TY

TY_LAW = "《中华人民共和国退役军人保障法》；《退役士兵安置条例》"
TY_ADDR = "各区退役军人服务中心（区政务服务中心退役军人窗口）、街道退役军人服务站（示例）"
EDU_LAW = "《中华人民共和国义务教育法》第十二条：适龄儿童、少年免试入学，就近入学"
EDU_ADDR = "西安市义务教育招生入学服务平台网上报名；长安区教育局招生窗口现场咨询（示例）"

PLACEMENT = m.veteran_placement_notice()
RESIDENCE_PERMIT = m.residence_permit(need="非必要", remark="随迁子女提供")
VACC_CHECK = m.mat(
    "vaccination_check_cert",
    "预防接种证查验证明",
    source=m.OTHER,
    source_explain="社区卫生服务中心出具；已联网共享的免提交",
)


def _ty(seq, name, task_type="20", **kw):
    kw.setdefault("transact_addr", TY_ADDR)
    kw.setdefault("person_topics", ("p_veteran",))
    return item(TY, seq, name, task_type, **kw)


def _edu(seq, name, **kw):
    kw.setdefault("transact_addr", EDU_ADDR)
    kw.setdefault("person_topics", ("p_education",))
    kw.setdefault("transact_time", "按年度招生工作安排，通常为每年7月（示例）")
    return item(JY_CHANGAN, seq, name, "20", **kw)


def items() -> list[dict]:
    """退役军人 and 教育 items."""
    return [
        _ty(
            1,
            "退役士兵报到",
            by_law=TY_LAW + "：自主就业的退役士兵自被批准退出现役之日起30日内报到",
            accept_condition="安置地在本市的退役士兵",
            materials=[m.veteran_discharge_cert(), PLACEMENT, m.resident_id_card(need="非必要")],
            keywords=["退伍报到", "退役报到", "当兵回来报到", "退伍手续"],
            frequency=140,
            project_type="即办件",
            anticipate=(1, "工作日", "当场办理"),
            result=("报到回执", "其他"),
        ),
        _ty(
            2,
            "自主就业退役士兵一次性经济补助金给付",
            "5",
            by_law=TY_LAW,
            accept_condition="选择自主就业并已报到的退役士兵",
            materials=[m.veteran_discharge_cert(), m.resident_id_card(), m.bank_card()],
            keywords=["退伍费", "退役补助", "一次性补助", "退伍金", "地方经济补助"],
            frequency=120,
            anticipate=(30, "工作日", "按规定（示例）"),
            promise=(20, "工作日", "示例承诺时限"),
            result=("补助金发放", "其他"),
        ),
        _ty(
            3,
            "退役军人优待证申领",
            by_law=TY_LAW + "；退役军人事务部关于退役军人优待证申领发放的有关规定",
            accept_condition="退役军人、其他优抚对象",
            materials=[m.resident_id_card(), m.veteran_discharge_cert(), m.photo(num=1, need="非必要")],
            keywords=["优待证", "退役军人优待证", "军人优待证", "老兵优待证"],
            frequency=200,
            anticipate=(60, "工作日", "含制卡（示例）"),
            promise=(30, "工作日", "示例承诺时限"),
            result=("中华人民共和国退役军人优待证", "证照"),
            online_depth=4,
            terminals=True,
            express=True,
        ),
        _ty(
            4,
            "退役军人信息采集及光荣牌悬挂",
            by_law=TY_LAW,
            accept_condition="退役军人及军属、烈属",
            materials=[m.resident_id_card(), m.veteran_discharge_cert(need="非必要")],
            keywords=["光荣牌", "信息采集", "退役军人登记", "军属光荣牌"],
            frequency=60,
            project_type="即办件",
            anticipate=(1, "工作日", "当场采集"),
            online_depth=4,
        ),
        _edu(
            1,
            "义务教育小学一年级入学报名",
            by_law=EDU_LAW,
            accept_condition="当年8月31日前年满6周岁的适龄儿童，按户籍或居住地划片入学",
            materials=[
                m.household_register(),
                m.resident_id_card(remark="父母（监护人）居民身份证"),
                m.property_cert(need="非必要", remark="以房产划片的提供"),
                RESIDENCE_PERMIT,
                VACC_CHECK,
                m.birth_medical_cert(need="非必要"),
            ],
            keywords=["小学报名", "幼升小", "一年级入学", "上小学", "入学报名", "学区", "孩子上学"],
            frequency=580,
            anticipate=(30, "自然日", "按年度招生工作安排（示例）"),
            promise=(15, "自然日", "报名结束后按划片公布结果（示例）"),
            result=("入学通知", "其他"),
            online_depth=4,
            faqs=faq(
                (
                    "外地户口孩子能在西安上学吗？",
                    "随迁子女凭父母居住证等材料按规定在居住地入学，具体以区教育局当年政策为准（示例）。",
                ),
            ),
        ),
        _edu(
            2,
            "义务教育初中入学报名（小升初）",
            by_law=EDU_LAW,
            accept_condition="应届小学毕业生",
            materials=[
                m.household_register(),
                m.resident_id_card(remark="父母（监护人）居民身份证"),
                m.property_cert(need="非必要"),
                RESIDENCE_PERMIT,
            ],
            keywords=["小升初", "上初中", "初中报名", "初一报名"],
            frequency=420,
            anticipate=(30, "自然日", "按年度招生工作安排（示例）"),
            promise=(15, "自然日", "示例承诺时限"),
            result=("入学通知", "其他"),
            online_depth=4,
        ),
        _edu(
            3,
            "义务教育阶段转学",
            by_law="《中华人民共和国义务教育法》；《中小学生学籍管理办法》",
            accept_condition="因户籍迁移、家庭居住地变动等原因需转学的义务教育阶段学生",
            materials=[
                m.household_register(),
                m.form("form_transfer_school", "中小学生转学申请表"),
                m.residence_proof(need="非必要"),
            ],
            keywords=["转学", "孩子转学", "转学籍", "插班"],
            frequency=230,
            anticipate=(20, "工作日", "按学籍管理规定（示例）"),
            promise=(10, "工作日", "示例承诺时限"),
            transact_time="每学期开学前后规定时段（示例）",
        ),
        item(
            JY,
            1,
            "家庭经济困难学生资助申请",
            "5",
            by_law="《中华人民共和国教育法》；学生资助政策有关规定",
            accept_condition="家庭经济困难的学前、义务教育、高中阶段学生（含低保、特困、残疾学生）",
            materials=[
                m.form("form_student_aid", "学生资助申请表"),
                m.disability_cert(need="非必要"),
                m.household_income_statement(need="非必要"),
            ],
            keywords=["助学金", "学生资助", "贫困生补助", "困难学生补助", "营养餐补助"],
            frequency=160,
            person_topics=("p_education", "p_assistance"),
            anticipate=(30, "工作日", "按学期资助工作安排（示例）"),
            promise=(20, "工作日", "示例承诺时限"),
            transact_addr="就读学校学生资助工作机构（示例）",
            result=("资助金发放", "其他"),
        ),
    ]
