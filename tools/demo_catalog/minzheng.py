"""民政: 婚姻登记, 低保等社会救助, 高龄津贴, 残疾人两项补贴, 殡葬 (sample data)."""

from __future__ import annotations

from tools.demo_catalog import materials as m
from tools.demo_catalog.builder import faq, item
from tools.demo_catalog.reference import MZ, MZ_BEILIN, MZ_YANTA, TIME_STREET

MARRIAGE_LAW = "《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》（2025年修订）"
AID_LAW = "《社会救助暂行办法》"
STREET_ADDR = "户籍地或经常居住地街道（乡镇）便民服务中心，如碑林区柏树林街道便民服务中心（示例）"
MARRIAGE_ADDR = "雁塔区婚姻登记处（雁塔区政务服务中心内）（示例）"

# 《婚姻登记条例》（2025）only asks for the ID card and the signed statement; the
# certificate photo is usually taken on site, so it is not a required material.
COUPLE_PHOTO = m.mat(
    "marriage_photo",
    "近期2寸半身免冠双人合影照片",
    num=3,
    need="非必要",
    accept="红色背景、双方近期合影",
    remark="婚姻登记处可现场拍摄，无需自备",
)
NO_SPOUSE_STATEMENT = m.form(
    "marriage_statement",
    "本人无配偶以及与对方没有直系血亲和三代以内旁系血亲关系的签字声明",
    fill="当场在婚姻登记员面前签署",
)
ID_IN_PERSON = dict(exempt=False, remark="婚姻登记须双方本人持身份证原件到场")


def _aid(seq, name, **kw):
    kw.setdefault("transact_addr", STREET_ADDR)
    kw.setdefault("transact_time", TIME_STREET)
    return item(MZ_BEILIN, seq, name, "5", **kw)


def items() -> list[dict]:
    """民政 items."""
    return [
        item(
            MZ_YANTA,
            1,
            "内地居民结婚登记",
            "7",
            by_law=MARRIAGE_LAW,
            accept_condition="男女双方完全自愿，达到法定婚龄（男22周岁、女20周岁），双方均无配偶，无禁止结婚的亲属关系",
            materials=[m.resident_id_card(**ID_IN_PERSON), NO_SPOUSE_STATEMENT, COUPLE_PHOTO],
            keywords=["领证", "结婚证", "结婚登记", "扯证", "登记结婚", "领结婚证", "办结婚证"],
            frequency=560,
            person_topics=("p_marriage",),
            project_type="即办件",
            anticipate=(1, "工作日", "符合条件的当场登记发证"),
            result=("结婚证", "证照"),
            handle_area="全国通办",
            transact_addr=MARRIAGE_ADDR,
            faqs=faq(
                (
                    "还需要带户口本吗？",
                    "2025年5月10日起施行的新《婚姻登记条例》取消了户口簿要求，双方带身份证即可，且可在全国范围内办理。",
                ),
                ("可以在周末领证吗？", "部分婚姻登记处在特殊纪念日和周末提供预约服务（示例），请提前预约。"),
            ),
        ),
        item(
            MZ_YANTA,
            2,
            "内地居民离婚登记",
            "7",
            by_law="《中华人民共和国民法典》第一千零七十六条、第一千零七十七条；《婚姻登记条例》（2025年修订）",
            accept_condition="双方自愿离婚，对子女抚养、财产及债务处理等事项协商一致",
            materials=[
                m.resident_id_card(**ID_IN_PERSON),
                m.marriage_cert(exempt=False, remark="结婚证原件"),
                m.mat("divorce_agreement", "离婚协议书", num=3, fill="双方共同签署，一式三份"),
                m.photo(num=2, need="非必要", remark="离婚证用照片，登记处可现场拍摄"),
            ],
            keywords=["离婚", "办离婚", "离婚冷静期", "协议离婚", "离婚证"],
            frequency=260,
            person_topics=("p_marriage",),
            anticipate=(30, "自然日", "民法典第一千零七十七条：离婚冷静期30日；期满后30日内双方亲自到场申请发给离婚证"),
            promise=(30, "自然日", "冷静期满、双方到场后当场发证"),
            limit_scene_num=2,
            result=("离婚证", "证照"),
            handle_area="全国通办",
            transact_addr=MARRIAGE_ADDR,
        ),
        item(
            MZ_YANTA,
            3,
            "补领婚姻登记证",
            "7",
            by_law="《婚姻登记条例》（2025年修订）",
            accept_condition="婚姻登记证遗失或损毁，当事人本人申请",
            materials=[m.resident_id_card(**ID_IN_PERSON), COUPLE_PHOTO],
            keywords=["结婚证丢了", "补结婚证", "补领结婚证", "离婚证丢了", "结婚证坏了"],
            frequency=150,
            person_topics=("p_marriage",),
            project_type="即办件",
            anticipate=(1, "工作日", "能核实婚姻登记档案的当场补发"),
            result=("结婚证/离婚证", "证照"),
            handle_area="全国通办",
            transact_addr=MARRIAGE_ADDR,
        ),
        _aid(
            1,
            "最低生活保障申请",
            by_law=AID_LAW + "第九条至第十三条；民政部《最低生活保障审核确认办法》",
            accept_condition="共同生活的家庭成员人均收入低于本市低保标准，且家庭财产状况符合规定",
            materials=[
                m.resident_id_card(remark="申请人及共同生活家庭成员居民身份证"),
                m.household_register(),
                m.household_income_statement(),
                m.form("form_dibao", "最低生活保障申请书"),
                m.disability_cert(need="非必要", remark="家庭成员有残疾的提供"),
                m.bank_card(need="容缺", remark="可容缺受理，审核确认前补交（示例）"),
            ],
            keywords=["低保", "吃低保", "申请低保", "最低生活保障", "困难补助", "生活困难"],
            frequency=330,
            person_topics=("p_assistance", "p_disability"),
            anticipate=(
                30,
                "工作日",
                "《最低生活保障审核确认办法》：乡镇（街道）15个工作日内审核，县级民政部门10个工作日内确认；特殊情况可延长至45个工作日",
            ),
            promise=(20, "工作日", "示例承诺时限"),
            result=("最低生活保障金领取", "其他"),
            tolerance=True,
            faqs=faq(
                ("可以不在户籍地申请吗？", "持有居住证的，可在经常居住地申请（以本市规定为准，示例）。"),
            ),
        ),
        _aid(
            2,
            "特困人员救助供养",
            by_law=AID_LAW + "第十四条至第十九条",
            accept_condition="无劳动能力、无生活来源且无法定赡养抚养扶养义务人或其无履行能力的老年人、残疾人和未成年人",
            materials=[
                m.resident_id_card(),
                m.household_register(),
                m.household_income_statement(),
                m.form("form_tekun", "特困人员救助供养申请书"),
            ],
            keywords=["五保", "五保户", "特困供养", "孤寡老人", "特困人员"],
            frequency=90,
            person_topics=("p_assistance",),
            anticipate=(30, "工作日", "按《特困人员认定办法》规定（示例）"),
            promise=(20, "工作日", "示例承诺时限"),
        ),
        _aid(
            3,
            "临时救助",
            by_law=AID_LAW + "第四十七条至第五十条",
            accept_condition="因突发事件、意外伤害、重大疾病等导致基本生活暂时出现严重困难的家庭或个人",
            materials=[
                m.resident_id_card(),
                m.household_income_statement(need="容缺", remark="急难型救助可先行救助、事后补交"),
                m.form("form_temp_aid", "临时救助申请书"),
            ],
            keywords=["临时救助", "急难救助", "突发困难", "看病没钱"],
            frequency=140,
            person_topics=("p_assistance",),
            anticipate=(15, "工作日", "按规定；急难型先行救助（示例）"),
            promise=(10, "工作日", "示例承诺时限"),
            tolerance=True,
        ),
        _aid(
            4,
            "高龄津贴申领",
            by_law="《中华人民共和国老年人权益保障法》第三十三条；陕西省高龄老人生活补贴政策（示例引用）",
            accept_condition="具有本区户籍、年满80周岁的老年人（年龄段及标准以区县民政部门公布为准，示例）",
            materials=[
                m.resident_id_card(remark="老年人本人居民身份证"),
                m.household_register(),
                m.bank_card(need="容缺", remark="银行卡复印件可容缺受理，5个工作日内补交（示例）"),
                m.form("form_senior_allowance", "高龄津贴申请表"),
                m.agent_id_card(),
                m.power_of_attorney(),
            ],
            keywords=["高龄补贴", "高龄津贴", "老年补贴", "八十岁补贴", "长寿补贴", "老人补贴", "老人每月的钱"],
            frequency=440,
            person_topics=("p_retirement",),
            anticipate=(20, "工作日", "按本区规定（示例）"),
            promise=(10, "工作日", "承诺10个工作日内审核，次月起按月发放（示例）"),
            result=("高龄津贴发放", "其他"),
            tolerance=True,
            # Applied for at the street's kiosk on a Saturday (JOURNEYS.md 1), the bank-card
            # copy under 容缺.
            terminals=True,
            faqs=faq(
                ("高龄津贴多少钱？", "标准按年龄段分档，以区县民政部门公布为准（示例数据）。"),
                ("老人行动不便能代办吗？", "可以，由家属持老人和本人身份证及授权委托书代办，也可申请上门办理。"),
            ),
        ),
        _aid(
            5,
            "困难残疾人生活补贴和重度残疾人护理补贴申领",
            by_law="《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）",
            accept_condition="低保家庭中的残疾人，或残疾等级为一、二级且需要长期照护的重度残疾人",
            materials=[
                m.disability_cert(),
                m.resident_id_card(),
                m.household_register(),
                m.bank_card(),
                m.form("form_disability_allowance", "残疾人两项补贴申请审批表"),
            ],
            keywords=["残疾人补贴", "护理补贴", "两项补贴", "残疾补助", "重度残疾补贴"],
            frequency=210,
            person_topics=("p_disability", "p_assistance"),
            anticipate=(20, "工作日", "按规定（示例）"),
            promise=(15, "工作日", "示例承诺时限"),
            handle_area="跨省通办",
        ),
        item(
            MZ,
            1,
            "基本殡葬服务费用减免（惠民殡葬补贴）",
            "5",
            by_law="《殡葬管理条例》；陕西省惠民殡葬政策（示例引用）",
            accept_condition="本市户籍居民去世后在本市殡仪馆火化的",
            materials=[
                m.death_medical_cert(),
                m.mat("cremation_cert", "火化证明", source=m.OTHER, source_explain="殡仪馆出具"),
                m.kinship_proof(),
                m.resident_id_card(remark="经办亲属居民身份证"),
            ],
            keywords=["殡葬补贴", "丧葬补贴", "火化费减免", "惠民殡葬", "火化补贴"],
            frequency=110,
            person_topics=("p_death",),
            project_type="即办件",
            anticipate=(1, "工作日", "在殡仪馆结算时直接减免"),
            result=("费用减免", "其他"),
            entrust_name="西安市殡仪馆（示例）",
            transact_addr="西安市各殡仪馆业务窗口（示例）",
        ),
    ]
