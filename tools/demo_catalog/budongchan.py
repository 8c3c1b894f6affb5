"""不动产登记 (sample data)."""

from __future__ import annotations

from tools.demo_catalog import materials as m
from tools.demo_catalog.builder import BOTH, CORP, faq, fee, item
from tools.demo_catalog.reference import BDC

REG_LAW = "《中华人民共和国民法典》第二百零九条；《不动产登记暂行条例》"
LIMIT = (30, "工作日", "《不动产登记暂行条例》第二十条：自受理登记申请之日起30个工作日内办结")
FEE_LAW = "国家发展改革委、财政部《关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）"
HOME_FEE = fee("不动产登记费（住宅）", "80元/件（含一本证书，每增加一本加收证书工本费10元）", FEE_LAW)
CORP_FEE = fee("不动产登记费（非住宅）", "550元/件", FEE_LAW, is_desc=True, desc_explain="小微企业按规定免收（示例）")
BDC_ADDR = "西安市不动产登记服务中心各登记大厅、各区政务服务中心不动产窗口（示例）"

REG_FORM = m.form("form_real_estate", "不动产登记申请书")
ORIGINAL_CERT = dict(exempt=False, remark="原不动产权证书收回")
HOUSE_INVOICE = m.mat(
    "house_invoice",
    "购房发票（销售不动产统一发票）",
    source=m.OTHER,
    source_explain="开发企业开具，已实行电子发票共享的免提交",
)


def _bdc(seq, name, task_type="7", **kw):
    kw.setdefault("transact_addr", BDC_ADDR)
    kw.setdefault("anticipate", LIMIT)
    kw.setdefault("result", ("不动产权证书（含电子证照）", "证照"))
    kw.setdefault("person_topics", ("p_housing",))
    return item(BDC, seq, name, task_type, **kw)


def items() -> list[dict]:
    """不动产 items."""
    return [
        _bdc(
            1,
            "二手房转移登记（存量房买卖）",
            by_law=REG_LAW,
            accept_condition="存量房买卖双方已网签合同并完成交易税费申报",
            materials=[
                REG_FORM,
                m.resident_id_card(remark="买卖双方居民身份证"),
                m.property_cert(**ORIGINAL_CERT),
                m.sale_contract(),
                m.deed_tax_receipt(),
                m.marriage_cert(need="非必要", remark="房屋为夫妻共有的提供"),
                m.utility_account(),
            ],
            keywords=["二手房过户", "房子过户", "买二手房", "房产过户", "办房产证", "房本过户", "卖房过户"],
            frequency=430,
            server_type=BOTH,
            promise=(
                1,
                "工作日",
                "“一窗受理、集成服务”：交易、税费、登记一窗办理，水电气同步过户，1个工作日内办结（示例）",
            ),
            fees=[HOME_FEE],
            fee_basis=FEE_LAW,
            pay_online=True,
            express=True,
            online_depth=3,
            faqs=faq(
                (
                    "过户后水电气要单独去办吗？",
                    "不用。办理二手房转移登记时可勾选水电气联动过户，信息推送给供水、供电、燃气企业同步办理。",
                ),
            ),
        ),
        _bdc(
            2,
            "新建商品房转移登记（交房即交证）",
            by_law=REG_LAW,
            accept_condition="开发企业已完成首次登记，购房人已完成契税申报",
            materials=[
                REG_FORM,
                m.resident_id_card(remark="购房人居民身份证"),
                m.new_house_contract(),
                HOUSE_INVOICE,
                m.deed_tax_receipt(),
                m.marriage_cert(need="非必要", remark="夫妻共有的提供"),
            ],
            keywords=["交房即交证", "新房办证", "新房房产证", "开发商办证", "期房办证", "新房房本"],
            frequency=300,
            project_type="即办件",
            promise=(0, "工作日", "交房现场或登记大厅当场发证"),
            fees=[HOME_FEE],
            fee_basis=FEE_LAW,
            pay_online=True,
        ),
        _bdc(
            3,
            "国有建设用地使用权及房屋所有权首次登记",
            by_law=REG_LAW,
            accept_condition="房屋竣工验收合格的开发建设单位",
            materials=[
                REG_FORM,
                m.business_licence(),
                m.legal_rep_id_card(),
                m.mat("land_contract", "国有建设用地使用权出让合同及价款缴清凭证", source=m.OTHER),
                m.mat(
                    "completion_record",
                    "建设工程竣工验收备案证明",
                    source=m.GOV,
                    source_explain="住建部门出具；已共享的免提交",
                    exempt=True,
                ),
                m.mat("survey_report", "房屋测绘报告", source=m.OTHER, source_explain="测绘机构出具"),
            ],
            keywords=["首次登记", "大产证", "开发商首次登记", "房屋初始登记"],
            frequency=60,
            server_type=CORP,
            person_topics=(),
            corp_topics=("e_realestate",),
            promise=(5, "工作日", "示例承诺时限"),
            fees=[CORP_FEE],
            fee_basis=FEE_LAW,
        ),
        _bdc(
            4,
            "不动产抵押权首次登记",
            by_law="《中华人民共和国民法典》第四百零二条；《不动产登记暂行条例》",
            accept_condition="以不动产设定抵押的抵押人与抵押权人共同申请",
            materials=[
                REG_FORM,
                m.resident_id_card(remark="抵押人居民身份证；单位提供营业执照"),
                m.property_cert(),
                m.mortgage_contract(),
            ],
            keywords=["房子抵押", "抵押登记", "房贷抵押", "贷款抵押"],
            frequency=280,
            server_type=BOTH,
            corp_topics=("e_realestate",),
            promise=(1, "工作日", "“不动产登记+金融服务”银行网点申请，1个工作日内办结（示例）"),
            result=("不动产登记证明（抵押权）", "证照"),
            fees=[HOME_FEE],
            fee_basis=FEE_LAW,
            entrust_name="合作银行“不动产登记+金融服务”延伸网点（示例）",
        ),
        _bdc(
            5,
            "不动产抵押权注销登记",
            by_law="《中华人民共和国民法典》第三百九十三条；《不动产登记暂行条例》",
            accept_condition="主债权消灭等原因抵押权消灭",
            materials=[
                REG_FORM,
                m.resident_id_card(),
                m.mat(
                    "mortgage_release",
                    "抵押权人同意注销的证明（还清贷款证明）",
                    source=m.OTHER,
                    source_explain="银行出具，线上推送的免提交",
                ),
            ],
            keywords=["解押", "房贷还完", "注销抵押", "还清房贷", "解除抵押"],
            frequency=260,
            server_type=BOTH,
            project_type="即办件",
            promise=(0, "工作日", "当场办结"),
            result=("注销登记完成", "其他"),
            online_depth=4,
        ),
        _bdc(
            6,
            "不动产继承、遗赠转移登记",
            by_law=REG_LAW + "；《中华人民共和国民法典》继承编",
            accept_condition="被继承人死亡，继承人或受遗赠人申请",
            materials=[
                REG_FORM,
                m.resident_id_card(remark="继承人居民身份证"),
                m.death_medical_cert(),
                m.hukou_cancel_proof(),
                m.kinship_proof(),
                m.property_cert(**ORIGINAL_CERT),
                m.inheritance_proof(),
            ],
            keywords=["房子继承", "继承过户", "父母房子过户", "遗产过户", "继承房产"],
            frequency=190,
            person_topics=("p_death", "p_housing"),
            promise=(10, "工作日", "含公示期（示例）"),
            fees=[HOME_FEE],
            fee_basis=FEE_LAW,
        ),
        _bdc(
            7,
            "不动产登记信息查询（房产证明）",
            "20",
            by_law="《不动产登记资料查询暂行办法》",
            accept_condition="权利人、利害关系人依法查询",
            materials=[m.resident_id_card()],
            keywords=["查房产", "房产证明", "无房证明", "名下有几套房", "房产信息查询", "房屋查档"],
            frequency=510,
            server_type=BOTH,
            project_type="即办件",
            anticipate=(1, "工作日", "即时查询打印"),
            result=("不动产登记信息查询结果证明", "其他"),
            terminals=True,
            online_depth=4,
            schedule=False,
            handle_type="自助终端办理、网上办理、窗口办理",
        ),
        _bdc(
            8,
            "企业不动产转移登记",
            by_law=REG_LAW,
            accept_condition="企业之间或企业与个人之间非住宅不动产转让",
            materials=[
                REG_FORM,
                m.business_licence(),
                m.legal_rep_id_card(),
                m.property_cert(**ORIGINAL_CERT),
                m.mat("corp_transfer_contract", "不动产转让合同", source=m.OTHER),
                m.shareholder_resolution(),
                m.deed_tax_receipt(),
            ],
            keywords=["企业过户", "厂房过户", "商铺过户", "公司房产过户"],
            frequency=90,
            server_type=CORP,
            person_topics=(),
            corp_topics=("e_realestate",),
            promise=(1, "工作日", "“企业不动产登记”专窗1个工作日内办结（示例）"),
            fees=[CORP_FEE],
            fee_basis=FEE_LAW,
        ),
        _bdc(
            9,
            "不动产权证书补证、换证",
            by_law="《不动产登记暂行条例实施细则》第二十二条",
            accept_condition="不动产权证书遗失、灭失或损坏",
            materials=[REG_FORM, m.resident_id_card(), m.property_cert(need="非必要", remark="换证时交回")],
            keywords=["房产证丢了", "补房产证", "房本丢了", "房产证坏了", "补办房本"],
            frequency=170,
            server_type=BOTH,
            promise=(20, "工作日", "含遗失公告期15个工作日（示例）"),
            fees=[fee("不动产权证书工本费", "10元/本", FEE_LAW)],
            fee_basis=FEE_LAW,
        ),
    ]
