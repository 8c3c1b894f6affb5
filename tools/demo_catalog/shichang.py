"""市场监管: 个体工商户, 企业开办与注销, 食品经营许可 (sample data)."""

from __future__ import annotations

from tools.demo_catalog import materials as m
from tools.demo_catalog.builder import BOTH, faq, item
from tools.demo_catalog.reference import SJ, SJ_BEILIN

REG_LAW = "《市场主体登记管理条例》"
REG_LIMIT = (3, "工作日", REG_LAW + "第十九条：材料齐全、符合法定形式的当场登记；不能当场登记的，3个工作日内予以登记")
FOOD_LAW = "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）"
SJ_ADDR = "各区政务服务中心市场监管（企业开办）专区、街道便民服务中心（示例）"

ADDRESS_PROMISE = m.form(
    "address_commitment",
    "住所（经营场所）信息申报承诺书",
    need="非必要",
    remark="实行住所申报承诺制的，可替代经营场所使用证明",
)
FOOD_FORM = m.form("form_food_licence", "食品经营许可申请书")
FOOD_MANAGER = m.mat(
    "food_safety_manager", "食品安全管理人员基本情况", need="非必要", remark="仅经营预包装食品的无需提供"
)


def _reg(seq, name, task_type="1", dept=SJ, **kw):
    kw.setdefault("transact_addr", SJ_ADDR)
    kw.setdefault("server_type", BOTH)
    return item(dept, seq, name, task_type, **kw)


def items() -> list[dict]:
    """市场监管 items."""
    return [
        _reg(
            1,
            "个体工商户设立登记",
            dept=SJ_BEILIN,
            by_law=REG_LAW + "；《促进个体工商户发展条例》",
            accept_condition="有经营能力的自然人申请从事个体工商业经营",
            materials=[
                m.legal_rep_id_card(),
                m.form("form_individual_business", "个体工商户登记（备案）申请书"),
                m.premises_proof(need="非必要"),
                ADDRESS_PROMISE,
            ],
            keywords=[
                "开店",
                "小卖部",
                "营业执照",
                "办执照",
                "个体户",
                "开个店",
                "摆摊执照",
                "开小吃店",
                "网店执照",
                "办个体执照",
            ],
            frequency=680,
            corp_topics=("e_open",),
            person_topics=("p_employment",),
            project_type="即办件",
            anticipate=REG_LIMIT,
            promise=(1, "工作日", "即办：材料齐全当场办结，最长1个工作日（示例）"),
            result=("营业执照（含电子营业执照）", "证照"),
            online_depth=4,
            terminals=True,
            commitment=True,
            handle_type="窗口办理、网上办理（陕西e窗通）、自助终端办理",
            faqs=faq(
                (
                    "开小卖部需要办哪些证？",
                    "先办个体工商户营业执照；销售散装食品等还需办理食品经营许可，仅销售预包装食品的办理备案即可。",
                ),
                ("没有房产证能办执照吗？", "可以签署住所（经营场所）信息申报承诺书，实行承诺制登记。"),
            ),
        ),
        _reg(
            2,
            "个体工商户变更登记",
            dept=SJ_BEILIN,
            by_law=REG_LAW + "第二十四条",
            accept_condition="个体工商户登记事项发生变更",
            materials=[
                m.business_licence(exempt=False, remark="交回原营业执照"),
                m.legal_rep_id_card(),
                m.form("form_individual_business", "个体工商户登记（备案）申请书"),
            ],
            keywords=["个体户变更", "改经营范围", "换经营者", "个体户改名字", "执照变更"],
            frequency=210,
            corp_topics=("e_open",),
            project_type="即办件",
            anticipate=REG_LIMIT,
            result=("营业执照", "证照"),
            online_depth=4,
            terminals=True,
        ),
        _reg(
            3,
            "个体工商户注销登记",
            dept=SJ_BEILIN,
            by_law=REG_LAW + "第三十一条、第三十三条",
            accept_condition="个体工商户终止经营，未发生债权债务或已清偿",
            materials=[
                m.business_licence(exempt=False, remark="交回营业执照正副本"),
                m.legal_rep_id_card(),
                m.form("form_individual_close", "个体工商户注销登记申请书"),
            ],
            keywords=["个体户注销", "关店", "不干了注销执照", "注销营业执照", "执照注销"],
            frequency=190,
            corp_topics=("e_close",),
            project_type="即办件",
            anticipate=REG_LIMIT,
            result=("准予注销登记通知书", "其他"),
            online_depth=4,
            commitment=True,
            faqs=faq(
                (
                    "个体户注销要登报或公示吗？",
                    "按简易程序注销的个体工商户无需公示（《市场主体登记管理条例》第三十三条）。",
                ),
            ),
        ),
        _reg(
            4,
            "营业执照遗失补领、换发",
            dept=SJ_BEILIN,
            by_law=REG_LAW + "；《市场主体登记管理条例实施细则》",
            accept_condition="营业执照遗失、损坏或需换发",
            materials=[m.legal_rep_id_card(), m.form("form_licence_reissue", "营业执照补领（换发）申请表")],
            keywords=["营业执照丢了", "补营业执照", "电子营业执照", "执照坏了", "换营业执照"],
            frequency=230,
            corp_topics=("e_open",),
            project_type="即办件",
            anticipate=REG_LIMIT,
            result=("营业执照", "证照"),
            online_depth=4,
            terminals=True,
        ),
        _reg(
            5,
            "企业设立登记（有限责任公司）",
            by_law=REG_LAW + "；《中华人民共和国公司法》",
            accept_condition="申请设立有限责任公司，名称已自主申报",
            materials=[
                m.form("form_company_registration", "公司登记（备案）申请书"),
                m.articles_of_association(),
                m.legal_rep_id_card(),
                m.mat(
                    "shareholder_id", "股东主体资格证明（自然人身份证件或法人营业执照）", page="复印件", source=m.OTHER
                ),
                m.premises_proof(need="非必要"),
                ADDRESS_PROMISE,
            ],
            keywords=["开公司", "注册公司", "办营业执照", "公司注册", "成立公司", "注册有限公司", "企业开办"],
            frequency=500,
            corp_topics=("e_open",),
            anticipate=REG_LIMIT,
            promise=(1, "工作日", "企业开办“一网通办”，1个工作日内领取执照和印章（示例）"),
            result=("营业执照（含电子营业执照）", "证照"),
            online_depth=4,
            commitment=True,
            express=True,
            handle_type="网上办理（陕西e窗通）、窗口办理",
            faqs=faq(
                (
                    "开公司要跑几次？",
                    "企业开办全程网办，营业执照、公章、发票、社保和公积金登记一次办结，最多跑一次（示例）。",
                ),
            ),
        ),
        _reg(
            6,
            "企业变更登记",
            by_law=REG_LAW + "第二十四条",
            accept_condition="企业登记事项发生变更",
            materials=[
                m.form("form_company_change", "企业变更登记（备案）申请书"),
                m.business_licence(exempt=False, remark="交回原营业执照"),
                m.shareholder_resolution(),
            ],
            keywords=["公司变更", "改法人", "改地址", "改经营范围", "增资", "变更股东"],
            frequency=260,
            corp_topics=("e_open",),
            anticipate=REG_LIMIT,
            promise=(1, "工作日", "示例承诺时限"),
            result=("营业执照", "证照"),
            online_depth=4,
        ),
        _reg(
            7,
            "企业简易注销登记",
            by_law=REG_LAW + "第三十三条",
            accept_condition="未发生债权债务或已将债权债务清偿完结，未发生或已结清清偿费用、职工工资、社会保险费用、法定补偿金、应缴纳税款，全体投资人书面承诺",
            materials=[
                m.form("simple_deregistration_commitment", "全体投资人承诺书（简易注销）"),
                m.business_licence(exempt=False, remark="交回营业执照正副本"),
                m.tax_clearance(need="非必要"),
            ],
            keywords=["公司注销", "简易注销", "注销公司", "关公司", "企业注销"],
            frequency=240,
            corp_topics=("e_close",),
            server_type=("法人",),
            anticipate=(3, "工作日", REG_LAW + "第三十三条：公示期20日届满无异议的，3个工作日内办理注销登记"),
            promise=(1, "工作日", "公示期满后1个工作日内办结（示例）"),
            result=("准予注销登记通知书", "其他"),
            online_depth=4,
            commitment=True,
        ),
        _reg(
            8,
            "食品经营许可（新办）",
            "1",
            dept=SJ_BEILIN,
            by_law=FOOD_LAW,
            accept_condition="从事食品销售、餐饮服务的经营者（仅销售预包装食品的实行备案）",
            materials=[
                FOOD_FORM,
                m.business_licence(),
                m.legal_rep_id_card(),
                m.premises_proof(),
                m.food_safety_rules(),
                FOOD_MANAGER,
            ],
            keywords=["食品经营许可证", "食品许可证", "开饭店", "开餐馆", "卖吃的", "餐饮许可", "食品证", "开奶茶店"],
            frequency=400,
            corp_topics=("e_permit",),
            anticipate=(
                10,
                "工作日",
                "《食品经营许可和备案管理办法》：自受理之日起10个工作日内作出决定，可延长5个工作日",
            ),
            promise=(5, "工作日", "实行告知承诺的当场发证（示例）"),
            result=("食品经营许可证", "证照"),
            online_depth=4,
            commitment=True,
            express=True,
        ),
        _reg(
            9,
            "食品经营许可变更、延续",
            "1",
            dept=SJ_BEILIN,
            by_law=FOOD_LAW,
            accept_condition="许可事项变化或有效期届满需继续经营（届满前90个工作日至15个工作日期间申请延续）",
            materials=[
                FOOD_FORM,
                m.business_licence(),
                m.mat(
                    "food_licence",
                    "食品经营许可证",
                    source=m.GOV,
                    source_explain="市场监督管理部门核发；已归集电子证照的免提交",
                    exempt=True,
                ),
            ],
            keywords=["食品许可证到期", "食品许可证延续", "食品证变更", "食品许可证续期"],
            frequency=170,
            corp_topics=("e_permit",),
            anticipate=(10, "工作日", "《食品经营许可和备案管理办法》规定"),
            promise=(3, "工作日", "示例承诺时限"),
            result=("食品经营许可证", "证照"),
            online_depth=4,
            commitment=True,
        ),
        _reg(
            10,
            "小餐饮经营登记",
            "10",
            dept=SJ_BEILIN,
            by_law="《陕西省食品小作坊小餐饮及摊贩管理条例》",
            accept_condition="有固定经营场所、从业人员少、经营条件简单的小餐饮经营者",
            materials=[
                m.legal_rep_id_card(),
                m.premises_proof(),
                m.mat("health_cert", "从业人员健康证明", source=m.OTHER, source_explain="医疗卫生机构出具"),
                m.form("form_small_catering", "小餐饮经营登记申请表"),
            ],
            keywords=["小吃店", "小餐馆登记", "夫妻店", "小餐饮", "面馆登记", "凉皮店"],
            frequency=260,
            corp_topics=("e_permit",),
            project_type="即办件",
            anticipate=(10, "工作日", "按《陕西省食品小作坊小餐饮及摊贩管理条例》规定（示例）"),
            result=("小餐饮经营许可证（登记证）", "证照"),
            online_depth=3,
        ),
    ]
