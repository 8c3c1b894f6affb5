"""水电气: public-service items of the utilities (task_type "20", sample data)."""

from __future__ import annotations

from tools.demo_catalog import materials as m
from tools.demo_catalog.builder import BOTH, item
from tools.demo_catalog.reference import GAS, POWER, WATER

UTIL_LAW = "《优化营商环境条例》；国务院办公厅关于推进水电气“一件事”联动办理的有关要求"
WATER_LAW = "《城市供水条例》；" + UTIL_LAW
POWER_LAW = "《电力供应与使用条例》；" + UTIL_LAW
GAS_LAW = "《城镇燃气管理条例》；" + UTIL_LAW
TRANSFER_FLOW = (
    "1.申请：不动产登记时勾选联动过户，或到营业厅、网上申请；2.受理：核对新产权人信息；3.办结：变更户名，原户主结清费用"
)


def _transfer(dept, name, law, keywords, frequency):
    return item(
        dept,
        1,
        name,
        "20",
        by_law=law,
        accept_condition="房屋产权转移后，新产权人申请变更用户户名",
        materials=[m.resident_id_card(remark="新产权人居民身份证"), m.property_cert(), m.utility_account()],
        keywords=keywords,
        frequency=frequency,
        person_topics=("p_utilities", "p_housing"),
        server_type=BOTH,
        project_type="即办件",
        anticipate=(1, "工作日", "企业服务承诺（示例）"),
        handle_flow=TRANSFER_FLOW,
        result=("用户信息变更", "其他"),
        online_depth=4,
        terminals=True,
        handle_type="与不动产登记联动办理、网上办理、营业厅办理",
        transact_addr=f"{dept.name}各营业厅；不动产登记大厅水电气联动窗口（示例）",
    )


def items() -> list[dict]:
    """水电气 items."""
    return [
        _transfer(WATER, "用水过户", WATER_LAW, ["水表过户", "水费户名", "自来水过户", "水过户", "改水费户名"], 260),
        item(
            WATER,
            2,
            "用水报装",
            "20",
            by_law=WATER_LAW,
            accept_condition="新建、改建用水项目或新增用水的单位和个人",
            materials=[
                m.resident_id_card(remark="单位提供营业执照"),
                m.property_cert(need="非必要", remark="或提供用地、规划许可文件"),
            ],
            keywords=["装水表", "新装水", "接自来水", "用水报装", "开店接水"],
            frequency=120,
            person_topics=("p_utilities",),
            corp_topics=("e_utilities",),
            server_type=BOTH,
            anticipate=(10, "工作日", "企业服务承诺（示例）"),
            promise=(5, "工作日", "无外线工程的小微项目（示例）"),
            result=("通水", "其他"),
            online_depth=4,
        ),
        _transfer(POWER, "用电过户", POWER_LAW, ["电表过户", "电费户名", "电过户", "改电费户名"], 250),
        item(
            POWER,
            2,
            "低压用电报装（小微企业“三零”服务）",
            "20",
            by_law=POWER_LAW,
            accept_condition="低压接入的小微企业、个体工商户及居民用户",
            materials=[
                m.resident_id_card(remark="经营者或法定代表人身份证件"),
                m.business_licence(need="非必要", remark="企业用户提供"),
                m.premises_proof(need="非必要"),
            ],
            keywords=["接电", "装电表", "用电报装", "开店接电", "新装电表"],
            frequency=150,
            person_topics=("p_utilities",),
            corp_topics=("e_utilities", "e_open"),
            server_type=BOTH,
            anticipate=(15, "工作日", "企业服务承诺（示例）"),
            promise=(5, "工作日", "“零上门、零审批、零投资”（示例）"),
            result=("装表接电", "其他"),
            online_depth=4,
            handle_type="网上办理（网上国网APP）、营业厅办理",
        ),
        _transfer(GAS, "燃气过户", GAS_LAW, ["天然气过户", "燃气户名", "煤气过户", "燃气过户"], 230),
        item(
            GAS,
            2,
            "居民燃气开户通气",
            "20",
            by_law=GAS_LAW,
            accept_condition="具备供气条件的新建住房或新入住用户",
            materials=[m.resident_id_card(), m.property_cert(need="非必要", remark="或购房合同、租赁合同")],
            keywords=["开通天然气", "燃气开户", "通气", "新房通燃气", "开天然气"],
            frequency=200,
            person_topics=("p_utilities", "p_housing"),
            server_type=("自然人",),
            anticipate=(5, "工作日", "企业服务承诺（示例）"),
            promise=(3, "工作日", "预约上门安检通气（示例）"),
            result=("通气", "其他"),
            online_depth=4,
        ),
    ]
