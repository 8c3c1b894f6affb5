"""Shared materials: one function per ``material_key``.

The same key must always carry the same ``material_name`` so that a bundle's
merged list asks each material once; items may still change necessity, copies
or remarks through keyword arguments. ``order_num`` is set by the item builder.
"""

from __future__ import annotations

GOV = "政府部门核发"
SELF = "申请人自备"
OTHER = "其他"

_E_LICENCE = "已归集电子证照的，通过电子证照库调取，免提交"


def mat(
    key: str,
    name: str,
    *,
    need: str = "必要",
    fmt: str = "纸质",
    page: str = "原件",
    num: int = 1,
    source: str = SELF,
    source_explain: str = "",
    exempt: bool = False,
    fill: str = "",
    accept: str = "",
    remark: str = "",
) -> dict:
    """One material record (without order_num)."""
    return {
        "material_key": key,
        "material_name": name,
        "is_need": need,
        "material_format": fmt,
        "page_format": page,
        "page_num": num,
        "source_type": source,
        "source_explain": source_explain,
        "e_licence_exempt": exempt,
        "form_guid": "",
        "example_guid": "",
        "fill_explain": fill,
        "accept_stand": accept,
        "remark": remark,
    }


def form(key: str, name: str, **kw) -> dict:
    """An application form filled in at the window or the kiosk."""
    kw.setdefault("fill", "窗口或自助终端可领取空白表格，按示例样表填写并签名")
    kw.setdefault("accept", "填写完整、信息与证件一致、本人签名")
    return mat(key, name, source=kw.pop("source", SELF), **kw)


def _gov(key: str, name: str, issuer: str, *, exempt: bool = True, **kw) -> dict:
    kw.setdefault("accept", "证件真实有效")
    return mat(
        key, name, source=GOV, source_explain=issuer + ("；" + _E_LICENCE if exempt else ""), exempt=exempt, **kw
    )


# ---- identity and family ----
def resident_id_card(**kw) -> dict:
    return _gov("resident_id_card", "申请人居民身份证", "公安机关核发", fmt="纸质或电子", **kw)


def household_register(**kw) -> dict:
    return _gov("household_register", "居民户口簿", "公安机关核发", fmt="纸质或电子", **kw)


def agent_id_card(**kw) -> dict:
    kw.setdefault("need", "非必要")
    kw.setdefault("remark", "委托他人代办时提供")
    return _gov("agent_id_card", "代办人居民身份证", "公安机关核发", exempt=False, **kw)


def power_of_attorney(**kw) -> dict:
    kw.setdefault("need", "非必要")
    kw.setdefault("remark", "委托他人代办时提供，须申请人签字")
    return mat("power_of_attorney", "授权委托书", **kw)


def photo(**kw) -> dict:
    kw.setdefault("num", 2)
    kw.setdefault("accept", "近期正面免冠、白色背景、符合证件照规格")
    return mat("photo", "近期一寸免冠彩色证件照片", remark=kw.pop("remark", "可在大厅自助照相机现场拍摄"), **kw)


def marriage_cert(**kw) -> dict:
    return _gov("marriage_cert", "结婚证", "民政部门（婚姻登记机关）核发", fmt="纸质或电子", **kw)


def birth_medical_cert(**kw) -> dict:
    return _gov("birth_medical_cert", "出生医学证明", "助产机构签发（卫生健康部门监制）", fmt="纸质或电子", **kw)


def death_medical_cert(**kw) -> dict:
    return _gov(
        "death_medical_cert",
        "居民死亡医学证明（推断）书",
        "医疗卫生机构出具",
        remark=kw.pop("remark", "已通过部门共享获取的免提交"),
        **kw,
    )


def deceased_id_card(**kw) -> dict:
    return _gov("deceased_id_card", "逝者居民身份证", "公安机关核发", exempt=False, remark="注销户口时收回", **kw)


def kinship_proof(**kw) -> dict:
    return mat(
        "kinship_proof",
        "亲属关系证明（户口簿、结婚证、出生医学证明等）",
        source=OTHER,
        source_explain="可由户口簿、结婚证等证明，已共享的免提交",
        **kw,
    )


def bank_card(**kw) -> dict:
    kw.setdefault("page", "复印件")
    return mat("bank_card", "本人社会保障卡（金融账户）或银行卡复印件", **kw)


def social_security_card(**kw) -> dict:
    return _gov("social_security_card", "社会保障卡", "人力资源社会保障部门核发", exempt=False, fmt="纸质或电子", **kw)


def residence_proof(**kw) -> dict:
    return mat(
        "residence_proof",
        "合法稳定住所证明（不动产权证书、房屋租赁合同或单位住宿证明）",
        page="原件和复印件",
        source=OTHER,
        source_explain="自有住房可通过不动产登记信息共享核验",
        **kw,
    )


def lease_contract(**kw) -> dict:
    kw.setdefault("page", "原件和复印件")
    return mat(
        "lease_contract",
        "房屋租赁合同（已登记备案）",
        source=OTHER,
        source_explain="经住房租赁监管平台备案的可免提交纸质件",
        **kw,
    )


def property_cert(**kw) -> dict:
    return _gov("property_cert", "不动产权证书（或房屋所有权证）", "不动产登记机构核发", fmt="纸质或电子", **kw)


def disability_cert(**kw) -> dict:
    return _gov("disability_cert", "中华人民共和国残疾人证", "残疾人联合会核发", fmt="纸质或电子", **kw)


def veteran_discharge_cert(**kw) -> dict:
    return _gov("veteran_discharge_cert", "退出现役证明（退伍证、转业证等）", "部队核发", exempt=False, **kw)


def graduation_cert(**kw) -> dict:
    return mat(
        "graduation_cert", "毕业证书", source=OTHER, source_explain="高等学校颁发，可通过学信网电子注册信息核验", **kw
    )


def labor_contract(**kw) -> dict:
    kw.setdefault("page", "复印件")
    return mat("labor_contract", "劳动合同", source=OTHER, source_explain="用人单位与劳动者签订", **kw)


def household_income_statement(**kw) -> dict:
    return form("household_income_statement", "家庭收入、财产状况申报及授权核查书", **kw)


def vaccination_cert(**kw) -> dict:
    return _gov("vaccination_cert", "预防接种证", "接种单位发放", exempt=False, **kw)


def hukou_move_proof(**kw) -> dict:
    return _gov(
        "hukou_move_proof", "户口迁移证件（跨省迁移已实行电子迁移的免提交）", "公安机关核发", exempt=False, **kw
    )


# ---- enterprise ----
def business_licence(**kw) -> dict:
    return _gov("business_licence", "营业执照", "市场监督管理部门核发", fmt="纸质或电子", **kw)


def legal_rep_id_card(**kw) -> dict:
    return _gov("legal_rep_id_card", "法定代表人（负责人、经营者）居民身份证", "公安机关核发", fmt="纸质或电子", **kw)


def premises_proof(**kw) -> dict:
    return mat(
        "premises_proof",
        "经营场所使用证明（不动产权证书或租赁协议）",
        page="复印件",
        source=OTHER,
        source_explain="自有房产通过不动产登记信息共享核验的免提交",
        **kw,
    )


def articles_of_association(**kw) -> dict:
    return mat("articles_of_association", "公司章程", **kw)


def official_seal(**kw) -> dict:
    return mat("official_seal", "单位公章", remark=kw.pop("remark", "现场加盖"), **kw)


def tax_clearance(**kw) -> dict:
    return _gov("tax_clearance", "清税证明", "税务机关出具", remark="已通过部门共享获取的免提交", **kw)


def food_safety_rules(**kw) -> dict:
    return mat("food_safety_rules", "食品安全管理制度、主要设备设施及布局流程说明", **kw)


# ---- housing and utilities ----
def sale_contract(**kw) -> dict:
    return mat(
        "sale_contract",
        "存量房买卖合同（网签备案）",
        source=OTHER,
        source_explain="通过西安市存量房交易网签系统生成，已共享的免提交纸质件",
        **kw,
    )


def new_house_contract(**kw) -> dict:
    return mat(
        "new_house_contract",
        "商品房买卖合同（网签备案）",
        source=OTHER,
        source_explain="开发企业与购房人网签，已共享的免提交纸质件",
        **kw,
    )


def deed_tax_receipt(**kw) -> dict:
    return _gov(
        "deed_tax_receipt", "契税完税凭证或减免税证明", "税务机关出具", remark="“一窗办理”内部共享的免提交", **kw
    )


def utility_account(**kw) -> dict:
    kw.setdefault("need", "非必要")
    return mat(
        "utility_account",
        "原户主水、电、气户号（缴费卡或账单）",
        remark="户号可由不动产登记信息联动推送，提供可加快办理",
        **kw,
    )


def mortgage_contract(**kw) -> dict:
    return mat(
        "mortgage_contract",
        "抵押合同及主债权合同",
        source=OTHER,
        source_explain="银行等金融机构提供，已实行“不动产登记+金融服务”线上推送的免提交",
        **kw,
    )


# ---- shared by several departments ----
def guardian_id_card(**kw) -> dict:
    kw.setdefault("need", "非必要")
    kw.setdefault("remark", "未满十六周岁的由监护人陪同")
    return _gov("guardian_id_card", "监护人居民身份证", "公安机关核发", exempt=False, **kw)


def hukou_cancel_proof(**kw) -> dict:
    return _gov(
        "hukou_cancel_proof", "户口注销证明", "公安机关出具；已通过“身后一件事”部门共享获取的免提交", exempt=True, **kw
    )


def inheritance_proof(**kw) -> dict:
    return mat("inheritance_proof", "继承公证书或全体继承人继承协议", source=OTHER, **kw)


def retirement_approval(**kw) -> dict:
    return _gov("retirement_approval", "退休审批表", "人社部门出具；“退休一件事”内部共享的免提交", **kw)


def employee_list(**kw) -> dict:
    return mat("employee_list", "新增职工名单（含身份证号码）", fmt="电子", **kw)


def termination_proof(**kw) -> dict:
    return mat("termination_proof", "单位终止或注销的有关文件", source=OTHER, **kw)


def shareholder_resolution(**kw) -> dict:
    return mat("shareholder_resolution", "股东会决议或决定", source=OTHER, **kw)


def veteran_placement_notice(**kw) -> dict:
    return _gov("veteran_placement_notice", "退役士兵安置介绍信或接收通知", "退役军人事务部门出具", exempt=False, **kw)


def residence_permit(**kw) -> dict:
    return _gov("residence_permit", "居住证", "公安机关核发", **kw)
