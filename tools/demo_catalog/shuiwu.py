"""税务 (sample data)."""

from __future__ import annotations

from tools.demo_catalog import materials as m
from tools.demo_catalog.builder import BOTH, CORP, PERSON, faq, item
from tools.demo_catalog.reference import SW

TAX_LAW = "《中华人民共和国税收征收管理法》"
SW_ADDR = "各区税务局办税服务厅、政务服务中心税务窗口（示例）"
DEED_ADDR = "西安市不动产登记服务中心各登记大厅税务窗口（“一窗受理”）（示例）"


def _sw(seq, name, task_type="20", **kw):
    kw.setdefault("transact_addr", SW_ADDR)
    kw.setdefault("server_type", BOTH)
    kw.setdefault("project_type", "即办件")
    kw.setdefault("anticipate", (1, "工作日", "即时办结"))
    kw.setdefault("online_depth", 4)
    return item(SW, seq, name, task_type, **kw)


def items() -> list[dict]:
    """税务 items."""
    return [
        _sw(
            1,
            "新办纳税人“套餐式”服务（涉税信息确认、发票领用）",
            by_law=TAX_LAW + "第十五条；《中华人民共和国发票管理办法》",
            accept_condition="新设立的企业、个体工商户等纳税人",
            materials=[
                m.business_licence(),
                m.legal_rep_id_card(),
                m.mat("tax_agent_id", "办税人员身份证件", need="非必要"),
            ],
            keywords=["税务报到", "税务登记", "新公司报税", "税控", "数电发票", "新办企业领发票"],
            frequency=330,
            corp_topics=("e_open", "e_tax"),
            result=("涉税事项办结", "其他"),
            handle_type="网上办理（电子税务局）、窗口办理",
        ),
        _sw(
            2,
            "发票领用（数电发票开票额度调整）",
            by_law="《中华人民共和国发票管理办法》",
            accept_condition="已办理涉税信息确认的纳税人",
            materials=[m.mat("tax_agent_id", "办税人员身份证件", need="非必要")],
            keywords=["领发票", "开发票", "发票额度", "发票不够用", "代开发票"],
            frequency=420,
            corp_topics=("e_tax",),
            terminals=True,
            handle_type="网上办理（电子税务局）、自助办税终端、窗口办理",
        ),
        _sw(
            3,
            "个人所得税综合所得年度汇算",
            by_law="《中华人民共和国个人所得税法》第十一条",
            accept_condition="取得综合所得需要补税或申请退税的居民个人",
            materials=[m.resident_id_card()],
            keywords=["个税退税", "退税", "个税汇算", "个税申报", "个人所得税", "年度汇算"],
            frequency=640,
            person_topics=("p_employment",),
            server_type=PERSON,
            terminals=True,
            anticipate=(1, "工作日", "申报即时完成，退税按审核进度办理"),
            handle_type="网上办理（个人所得税APP）、自助办税终端、窗口办理",
            handle_area="全国通办",
            faqs=faq(
                ("汇算什么时候办？", "每年3月1日至6月30日，可在个人所得税APP预约办理。"),
            ),
        ),
        _sw(
            4,
            "不动产交易税费申报（契税等）",
            by_law="《中华人民共和国契税法》；" + TAX_LAW,
            accept_condition="不动产买卖、继承、赠与等权属转移的纳税人",
            materials=[
                m.resident_id_card(remark="交易双方居民身份证"),
                m.sale_contract(need="非必要", remark="存量房交易提供"),
                m.new_house_contract(need="非必要", remark="新建商品房提供"),
                m.marriage_cert(need="非必要", remark="享受家庭住房契税优惠的提供"),
                m.household_register(need="非必要", remark="享受家庭住房契税优惠的提供"),
            ],
            keywords=["交契税", "契税", "过户交税", "房产税费", "二手房交税", "买房交税"],
            frequency=360,
            person_topics=("p_housing",),
            corp_topics=("e_realestate", "e_tax"),
            result=("契税完税凭证", "其他"),
            online_depth=3,
            transact_addr=DEED_ADDR,
            pay_online=True,
            fees=[],
            handle_type="不动产登记大厅“一窗受理”、网上办理",
        ),
        _sw(
            5,
            "清税证明开具（税务注销）",
            by_law=TAX_LAW + "第十六条；国家税务总局关于深化“放管服”改革更大力度推进优化税务注销办理程序工作的通知",
            accept_condition="依法终止纳税义务的纳税人；未结事项可作出承诺后即时出具清税文书",
            materials=[
                m.business_licence(),
                m.form(
                    "tax_deregistration_commitment", "注销税务登记承诺书", need="非必要", remark="承诺制容缺办理时提供"
                ),
            ],
            keywords=["税务注销", "清税证明", "注销税务", "公司注销税务", "清税"],
            frequency=180,
            corp_topics=("e_close", "e_tax"),
            server_type=CORP,
            commitment=True,
            result=("清税证明", "其他"),
        ),
        _sw(
            6,
            "灵活就业人员社会保险费缴纳",
            "4",
            by_law="《中华人民共和国社会保险法》第六十条；社会保险费征管职责划转有关规定",
            accept_condition="已办理灵活就业参保登记的人员",
            materials=[m.resident_id_card()],
            keywords=["交社保", "社保缴费", "灵活就业缴费", "交养老保险钱", "个人社保缴费"],
            frequency=610,
            person_topics=("p_employment", "p_insurance"),
            server_type=PERSON,
            terminals=True,
            handle_type="网上办理（陕西税务APP、微信）、自助办税终端、银行代扣、窗口办理",
        ),
        _sw(
            7,
            "城乡居民基本医疗保险费缴纳",
            "4",
            by_law="《中华人民共和国社会保险法》第二十五条",
            accept_condition="已参加城乡居民医保的人员（含新生儿、学生）",
            materials=[m.resident_id_card()],
            keywords=["交医保", "医保缴费", "居民医保缴费", "交合作医疗", "学生医保缴费"],
            frequency=700,
            person_topics=("p_insurance",),
            server_type=PERSON,
            terminals=True,
            handle_type="网上办理（陕西税务APP、微信）、自助办税终端、窗口办理",
        ),
        _sw(
            8,
            "完税证明开具",
            by_law=TAX_LAW + "；《税收完税证明管理办法》",
            accept_condition="已缴纳税款的纳税人",
            materials=[m.resident_id_card(remark="自然人提供；单位提供营业执照")],
            keywords=["完税证明", "纳税证明", "个税证明", "缴税记录", "纳税记录"],
            frequency=380,
            person_topics=("p_housing",),
            corp_topics=("e_tax",),
            terminals=True,
            result=("税收完税证明", "其他"),
            schedule=False,
            handle_type="网上办理、自助办税终端、窗口办理",
        ),
    ]
