"""住房公积金 (sample data)."""

from __future__ import annotations

from tools.demo_catalog import materials as m
from tools.demo_catalog.builder import CORP, faq, item
from tools.demo_catalog.reference import GJJ

LAW = "《住房公积金管理条例》"
ADDR = "西安住房公积金管理中心各管理部服务大厅、承办银行网点（示例）"
WITHDRAW_FORM = m.form("form_fund_withdrawal", "住房公积金提取申请书")


def _gjj(seq, name, task_type="20", **kw):
    kw.setdefault("transact_addr", ADDR)
    kw.setdefault("person_topics", ("p_housing_fund",))
    kw.setdefault("online_depth", 4)
    return item(GJJ, seq, name, task_type, **kw)


def items() -> list[dict]:
    """公积金 items."""
    instant = dict(
        project_type="即办件",
        anticipate=(3, "工作日", LAW + "第二十八条：自受理之日起3日内作出准予提取或不准提取的决定"),
    )
    return [
        _gjj(
            1,
            "单位住房公积金缴存登记",
            by_law=LAW + "第十四条：新设立的单位应当自设立之日起30日内办理缴存登记",
            accept_condition="新设立的单位",
            materials=[
                m.business_licence(),
                m.legal_rep_id_card(),
                m.form("form_fund_unit_open", "单位住房公积金缴存登记表"),
            ],
            keywords=["公积金开户", "单位公积金登记", "公司公积金开户", "公积金单位开户"],
            frequency=260,
            server_type=CORP,
            person_topics=(),
            corp_topics=("e_open", "e_hiring"),
            project_type="即办件",
            anticipate=(1, "工作日", "即时办结；企业开办“一网通办”同步登记"),
            result=("单位缴存登记信息", "其他"),
        ),
        _gjj(
            2,
            "职工住房公积金账户设立",
            by_law=LAW + "第十五条：单位录用职工的，自录用之日起30日内办理缴存登记",
            accept_condition="单位新录用职工",
            materials=[m.employee_list()],
            keywords=["公积金增员", "给员工开公积金", "员工公积金", "公积金个人开户"],
            frequency=240,
            server_type=CORP,
            person_topics=(),
            corp_topics=("e_hiring",),
            project_type="即办件",
            anticipate=(1, "工作日", "即时办结"),
            result=("个人账户设立信息", "其他"),
        ),
        _gjj(
            3,
            "提取住房公积金（购买自住住房）",
            "5",
            by_law=LAW + "第二十四条",
            accept_condition="购买、建造、翻建、大修自住住房的缴存职工",
            materials=[
                m.resident_id_card(),
                WITHDRAW_FORM,
                m.property_cert(need="非必要", remark="已取得产权的提供"),
                m.sale_contract(need="非必要"),
                m.deed_tax_receipt(need="非必要"),
                m.bank_card(),
            ],
            keywords=["gjj", "提取公积金", "取公积金", "公积金提取", "买房提公积金", "公积金取出来"],
            frequency=760,
            person_topics=("p_housing_fund", "p_housing"),
            **instant,
            result=("提取款项转入本人账户", "其他"),
            faqs=faq(
                (
                    "买房后多久可以提取公积金？",
                    "自不动产登记或契税缴纳之日起一定期限内可申请（以中心规定为准，示例）。",
                ),
            ),
        ),
        _gjj(
            4,
            "提取住房公积金（租赁住房）",
            "5",
            by_law=LAW + "第二十四条",
            accept_condition="本人及配偶在本市无自有住房且租房自住的缴存职工",
            materials=[
                m.resident_id_card(),
                m.lease_contract(need="非必要", remark="按承诺提取的无需提供"),
                m.bank_card(),
            ],
            keywords=["租房提取", "租房取公积金", "gjj租房", "公积金付房租", "租房公积金"],
            frequency=620,
            terminals=True,
            commitment=True,
            **instant,
            result=("提取款项转入本人账户", "其他"),
            handle_type="网上办理（西安公积金APP）、自助终端办理、窗口办理",
        ),
        _gjj(
            5,
            "提取住房公积金（离休、退休）",
            "5",
            by_law=LAW + "第二十四条",
            accept_condition="离休、退休的缴存职工",
            materials=[m.resident_id_card(), m.retirement_approval(), m.bank_card()],
            keywords=["退休提取公积金", "退休取公积金", "退休公积金销户"],
            frequency=300,
            person_topics=("p_retirement", "p_housing_fund"),
            **instant,
            result=("提取款项转入本人账户", "其他"),
        ),
        _gjj(
            6,
            "提取住房公积金（职工死亡继承）",
            "5",
            by_law=LAW + "第二十四条",
            accept_condition="缴存职工死亡或被宣告死亡，其继承人、受遗赠人申请",
            materials=[
                m.resident_id_card(remark="继承人居民身份证"),
                m.death_medical_cert(),
                m.hukou_cancel_proof(),
                m.kinship_proof(),
                m.inheritance_proof(),
                m.bank_card(need="容缺", remark="可容缺受理，支付前补交（示例）"),
            ],
            keywords=["去世公积金", "公积金继承", "死亡提取公积金"],
            frequency=110,
            person_topics=("p_death", "p_housing_fund"),
            project_type="承诺件",
            anticipate=(3, "工作日", LAW + "第二十八条"),
            promise=(3, "工作日", "同法定时限"),
            tolerance=True,
            online_depth=3,
        ),
        _gjj(
            7,
            "住房公积金个人住房贷款",
            "5",
            by_law=LAW + "第二十六条",
            accept_condition="连续足额缴存一定期限、购买自住住房的缴存职工（以中心政策为准，示例）",
            materials=[
                m.resident_id_card(remark="借款人及配偶居民身份证"),
                m.marriage_cert(need="非必要", remark="已婚的提供"),
                m.sale_contract(need="非必要", remark="二手房提供"),
                m.new_house_contract(need="非必要", remark="新房提供"),
                m.form("form_fund_loan", "住房公积金个人住房贷款申请表"),
            ],
            keywords=["公积金贷款", "公积金买房贷款", "gjj贷款", "公积金房贷", "组合贷"],
            frequency=450,
            person_topics=("p_housing_fund", "p_housing"),
            online_depth=3,
            anticipate=(15, "工作日", LAW + "第二十九条：自受理申请之日起15日内作出准予贷款或不准贷款的决定"),
            promise=(10, "工作日", "示例承诺时限"),
            result=("贷款审批结果", "其他"),
            entrust_name="住房公积金承办银行（示例）",
        ),
        _gjj(
            8,
            "住房公积金缴存证明打印及账户查询",
            by_law=LAW,
            accept_condition="缴存职工本人",
            materials=[m.resident_id_card()],
            keywords=["公积金查询", "公积金余额", "公积金缴存证明", "查公积金", "gjj查询", "公积金证明"],
            frequency=800,
            project_type="即办件",
            anticipate=(1, "工作日", "即时打印"),
            result=("住房公积金缴存证明", "其他"),
            terminals=True,
            schedule=False,
            handle_type="自助终端办理、网上办理（西安公积金APP）、窗口办理",
        ),
        _gjj(
            9,
            "单位住房公积金账户注销",
            by_law=LAW + "第十四条",
            accept_condition="单位撤销、解散或破产，已为职工办理转移或封存",
            materials=[m.business_licence(), m.termination_proof()],
            keywords=["公积金单位销户", "公司注销公积金", "公积金账户注销"],
            frequency=100,
            server_type=CORP,
            person_topics=(),
            corp_topics=("e_close",),
            project_type="即办件",
            anticipate=(1, "工作日", "即时办结"),
        ),
        _gjj(
            10,
            "住房公积金异地转移接续",
            by_law=LAW + "；住房城乡建设部住房公积金异地转移接续业务规定",
            accept_condition="跨城市就业并在转入地建立住房公积金账户的职工",
            materials=[m.resident_id_card()],
            keywords=["公积金转移", "外地公积金转入", "公积金转过来", "异地转移公积金"],
            frequency=280,
            project_type="承诺件",
            anticipate=(10, "工作日", "按业务规定（示例）"),
            promise=(3, "工作日", "示例承诺时限"),
            handle_area="跨省通办",
        ),
    ]
