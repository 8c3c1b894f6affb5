"""Search relevance over the real Guang'an directory: hit@3 for queries written from
what citizens say, by kind (Chinese words, full pinyin, initials, one/two characters,
colloquial, sound-alike typos). Prints the figure per kind; asserts >= 0.9 overall."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from kiosk.catalog import CatalogService
from tests.helpers import GUANGAN

# (kind, query, acceptable item names; "x*" = any name starting with x)
CASES = [
    ("chinese", "户口迁移", ["户口迁移审批"]),
    ("chinese", "居住证", ["居住证办理"]),
    ("chinese", "普通护照", ["普通护照签发"]),
    ("chinese", "教师资格", ["教师资格认定"]),
    ("chinese", "婚姻登记", ["中国内地公民婚姻登记"]),
    ("chinese", "最低生活保障", ["最低生活保障"]),
    ("chinese", "失业登记", ["失业登记"]),
    ("chinese", "门诊费用", ["门诊费用报销"]),
    ("chinese", "残疾人证", ["残疾人证*"]),
    ("chinese", "临时救助", ["临时救助"]),
    ("chinese", "公租房", ["公租房租金缴纳", "公共租赁住房申请资格审核认定"]),
    ("pinyin", "hukouqianyi", ["户口迁移审批"]),
    ("pinyin", "juzhuzheng", ["居住证办理"]),
    ("pinyin", "jiehundengji", ["结婚登记预约", "中国内地公民婚姻登记"]),
    ("pinyin", "shiyedengji", ["失业登记"]),
    ("pinyin", "zuidishenghuobaozhang", ["最低生活保障"]),
    ("pinyin", "canjirenzheng", ["残疾人证*"]),
    ("pinyin", "wufanzuijilu", ["无犯罪记录证明"]),
    ("pinyin", "yangfengzheng", ["养蜂证*"]),
    ("pinyin", "shebaoka", ["社会保障卡*"]),
    ("initials", "wfzjlzm", ["无犯罪记录证明"]),
    ("initials", "jzzbl", ["居住证办理"]),
    ("initials", "shbzk", ["社会保障卡*"]),
    ("initials", "zdshbz", ["最低生活保障"]),
    ("initials", "pthz", ["普通护照签发"]),
    ("initials", "cjrz", ["残疾人证*"]),
    ("initials", "lsjz", ["临时救助"]),
    ("initials", "hkqy", ["户口迁移审批"]),
    ("short", "护照", ["普通护照签发"]),
    ("short", "低保", ["最低生活保障"]),
    ("short", "离婚", ["离婚登记预约"]),
    ("short", "养蜂", ["养蜂证*"]),
    ("short", "孤儿", ["孤儿救助资格认定及基本生活费发放"]),
    ("short", "户", ["户口*"]),
    ("short", "犬", ["犬类准养证核发"]),
    ("short", "蚕", ["蚕种*"]),
    ("colloquial", "开小卖部", ["个体工商户设立登记"]),
    ("colloquial", "敬老卡", ["申领《四川省老年人优待证》"]),
    ("colloquial", "身份证丢了", ["居民身份证挂失申报、丢失招领", "居民身份证办理（包括临时）"]),
    ("colloquial", "无犯罪证明", ["无犯罪记录证明"]),
    ("colloquial", "结婚证丢了", ["补领结婚证"]),
    ("colloquial", "孩子上学", ["学前教育、义务教育阶段入学办理"]),
    ("colloquial", "养狗要办什么证", ["犬类准养证核发"]),
    ("colloquial", "孩子出生证明", ["《出生医学证明》首次签发"]),
    ("colloquial", "打疫苗的本子", ["《预防接种证》办理"]),
    ("colloquial", "生孩子报销", ["生育医疗费支付"]),
    ("colloquial", "吃低保", ["最低生活保障"]),
    ("colloquial", "社保卡丢了", ["社会保障卡挂失"]),
    ("colloquial", "我想办退休", ["企业职工基本养老保险正常退休申请"]),
    ("colloquial", "开网吧", ["开办互联网上网服务营业场所", "内资设立互联网上网服务营业场所筹建审批"]),
    ("colloquial", "健康证", ["食品行业从业人员预防性体检合格证办理"]),
    ("colloquial", "砍树", ["林木采伐许可证核发（县级权限）"]),
    ("colloquial", "卖烟", ["烟草专卖零售许可证新办"]),
    ("colloquial", "当兵回来报到", ["退役报到"]),
    ("colloquial", "打官司没钱请律师", ["对公民法律援助申请的审批"]),
    ("colloquial", "残疾证丢了", ["残疾人证挂失补办"]),
    ("typo", "户口迁依", ["户口迁移审批"]),
    ("typo", "居住正", ["居住证办理"]),
    ("typo", "无犯醉记录", ["无犯罪记录证明"]),
    ("typo", "结婚登计", ["结婚登记预约", "中国内地公民婚姻登记"]),
    ("typo", "最低生活保账", ["最低生活保障"]),
    ("typo", "残疾人正", ["残疾人证*"]),
    ("typo", "社会保障咔", ["社会保障卡*"]),
    ("typo", "失业登纪", ["失业登记"]),
    ("typo", "普通户照", ["普通护照签发"]),
    ("typo", "临时就助", ["临时救助"]),
    ("typo", "交师资格", ["教师资格认定"]),
    # Added after the dictionary was written, and not tuned for: a held-out check.
    ("colloquial", "小孩打预防针的本子", ["《预防接种证》办理"]),
    ("colloquial", "想领养个孩子", ["中国公民收养子女登记"]),
    ("colloquial", "老人80岁补贴", ["80周岁以上老年人高龄津贴发放"]),
    ("colloquial", "家里老人去世了销户", ["户口注销", "注销户口证明"]),
    ("colloquial", "开刻章店", ["公章刻制业特种行业许可证核发"]),
    ("colloquial", "开宾馆", ["旅馆业特种行业许可证核发"]),
    ("colloquial", "装天然气", ["供气报装"]),
    ("colloquial", "接自来水", ["供水报装"]),
    ("colloquial", "交公租房房租", ["公租房租金缴纳"]),
    ("typo", "户口注消", ["户口注销"]),
    ("typo", "居民身分证", ["居民身份证*"]),
    ("typo", "护士执业注策", ["护士新办执业注册", "护士延续执业注册", "护士变更执业注册", "护士执业注销注册"]),
    ("pinyin", "gongzhangkezhi", ["公章刻制业特种行业许可证核发"]),
    ("pinyin", "hunyindengji", ["中国内地公民婚姻登记"]),
    ("initials", "hzqf", ["普通护照签发"]),
    ("short", "公证", ["公证*"]),
    ("short", "发票", ["发票票种核定（县级行使）", "印制有本单位名称发票（县级行使）"]),
]


def is_hit(names: list[str], expected: list[str]) -> bool:
    return any(n == e or (e.endswith("*") and n.startswith(e[:-1])) for n in names for e in expected)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    svc = CatalogService(tmp_path_factory.mktemp("relevance") / "guangan.sqlite")
    svc.import_file(GUANGAN, "guangan")
    yield svc
    svc.close()


def test_cases_are_many_and_of_every_kind():
    kinds = defaultdict(int)
    for kind, _, _ in CASES:
        kinds[kind] += 1
    assert len(CASES) >= 40 and set(kinds) == {"chinese", "pinyin", "initials", "short", "colloquial", "typo"}
    assert min(kinds.values()) >= 6


def test_hit_at_3_over_guangan(service, capsys):
    hits: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for kind, query, expected in CASES:
        names = [h.task_name for h in service.search(query, limit=3)]
        ok = is_hit(names, expected)
        hits[kind].append(ok)
        if not ok:
            misses.append(f"{kind}: {query!r} -> {names}")
    total = sum(sum(v) for v in hits.values()) / len(CASES)
    with capsys.disabled():
        print(
            "\nhit@3 over Guang'an:",
            ", ".join(f"{k} {sum(v)}/{len(v)} = {sum(v) / len(v):.2f}" for k, v in hits.items()),
            f"; overall {total:.3f}",
        )
        for miss in misses:
            print("  miss", miss)
    assert total >= 0.9, misses


DEMO = Path(__file__).resolve().parents[2] / "offline_cache" / "data" / "xian_demo_catalog.json"

# What people say at a Xi'an counter -> a fragment the right item's name carries.
DEMO_CASES = [
    ("户口本丢了", "户口簿"),
    ("开小卖部", "个体工商户"),
    ("开面馆", "食品经营许可"),  # JOURNEYS.md 2: the shop owner at the bank-branch kiosk
    ("开面馆", "个体工商户设立登记"),
    ("敬老卡", "老年人优待证"),
    ("gjj", "公积金"),
    ("准生证", "生育登记"),
    ("结婚证", "结婚登记"),
    ("退休金", "退休"),
    ("医保卡", "社会保障卡"),
    ("社保卡丢了", "社会保障卡补领"),
    ("营业执照", "个体工商户设立登记"),
    ("身份证到期", "身份证换领"),
    ("孩子上户口", "出生登记"),
    ("无犯罪证明", "无犯罪记录证明"),
    ("公基金", "公积金"),
    ("户口薄", "户口簿"),
    ("shebaoka", "社会保障卡"),
    ("sfz", "身份证"),
    ("jinglaoka", "老年人优待证"),
]


def test_colloquial_queries_over_the_demo_catalog(tmp_path, capsys):
    svc = CatalogService(tmp_path / "demo.sqlite")
    svc.import_file(DEMO, "feed")
    misses = []
    for query, fragment in DEMO_CASES:
        names = [h.task_name for h in svc.search(query, limit=3)]
        if not any(fragment in n for n in names):
            misses.append(f"{query!r} -> {names}")
    svc.close()
    rate = 1 - len(misses) / len(DEMO_CASES)
    with capsys.disabled():
        print(f"\nhit@3 over the Xi'an demo catalog (colloquial/pinyin/typo): {rate:.2f}", *misses, sep="\n  ")
    assert rate >= 0.9, misses


# Department names and the short forms people use (issue 9): the top three results are
# that department's items (all of them when it has fewer). (query, department name)
DEPT_CASES_GUANGAN = [
    ("人社", "区人社局"),
    ("人社局", "区人社局"),
    ("人力资源和社会保障局", "区人社局"),
    ("社保局", "区人社局"),
    ("市场监管局", "区市监局"),
    ("工商局", "区市监局"),
    ("卫健委", "区卫健局"),
    ("医保局", "区医疗保障局"),
    ("残联", "区残联"),
    ("税务局", "广安区税务局"),
    ("公安局", "区公安分局"),
    ("退役军人事务局", "区退役军人事务局"),
    ("住建局", "区住建局"),
    ("民政局", "区民政局"),
    ("行政审批局", "区行政审批局"),
    ("发改委", "区发改局"),
    ("司法局", "区司法局"),
    ("教育局", "区教科体局"),
    ("烟草局", "区烟草专卖局"),
    ("自然资源局", "区自然资源和规划局"),
]
DEPT_CASES_DEMO = [
    ("人社", "西安市人力资源和社会保障局"),
    ("人社局", "西安市人力资源和社会保障局"),
    ("公积金中心", "西安住房公积金管理中心"),
    ("医保局", "西安市医疗保障局"),
    ("车管所", "西安市公安局交通警察支队车辆管理所"),
    ("残联", "西安市残疾人联合会"),
    ("税务局", "国家税务总局西安市税务局"),
    ("退役军人事务局", "西安市退役军人事务局"),
    ("卫健委", "西安市卫生健康委员会"),
    ("不动产中心", "西安市不动产登记服务中心"),
]
# Questions as citizens put them -> the FAQ question of the demo catalog's guides that
# answers it (智能问答), hit@3 over the answers.
FAQ_CASES_DEMO = [
    ("孩子出生超过一个月还能上户口吗", "孩子出生超过一个月还能上户口吗？"),
    ("出生一个多月了还能上户口吗", "孩子出生超过一个月还能上户口吗？"),
    ("身份证过期了还能用吗", "身份证过期了还能用吗？"),
    ("身份证丢了要先挂失吗", "身份证丢了要先挂失吗？"),
    ("办居住证要交钱吗", "办居住证要钱吗？"),
    ("社保卡和医保卡是不是一张卡", "社保卡和医保卡是一张卡吗？"),
    ("退休以后多久能领到养老金", "退休后多久能领到养老金？"),
    ("高龄津贴一个月多少钱", "高龄津贴多少钱？"),
    ("老人行动不便可以代办吗", "老人行动不便能代办吗？"),
    ("周末可以领结婚证吗", "可以在周末领证吗？"),
    ("没有房产证能不能办执照", "没有房产证能办执照吗？"),
    ("开公司要跑几次", "开公司要跑几次？"),
    ("买房后多久能提取公积金", "买房后多久可以提取公积金？"),
    ("外地户口的孩子能在西安上学吗", "外地户口孩子能在西安上学吗？"),
]


def dept_hit(svc: CatalogService, query: str, dept_name: str) -> bool:
    dept = next(d for d in svc.departments() if d.dept_name == dept_name)
    names = [h.dept_name for h in svc.search(query, limit=3)]
    return len(names) == min(3, dept.item_count) and all(n == dept_name for n in names)


def test_department_names_and_short_forms_find_the_departments_items(service, tmp_path, capsys):
    demo = CatalogService(tmp_path / "demo.sqlite")
    demo.import_file(DEMO, "feed")
    rows = []
    misses = []
    for label, svc, cases in (("Guang'an", service, DEPT_CASES_GUANGAN), ("Xi'an demo", demo, DEPT_CASES_DEMO)):
        ok = [dept_hit(svc, q, d) for q, d in cases]
        misses += [
            f"{label}: {q!r} -> {[h.dept_name for h in svc.search(q, limit=3)]}"
            for (q, _), k in zip(cases, ok)
            if not k
        ]
        rows.append(f"{label} {sum(ok)}/{len(ok)} = {sum(ok) / len(ok):.2f}")
    demo.close()
    with capsys.disabled():
        print("\nhit@3 department (top three all the department's):", "; ".join(rows), *misses, sep="\n  ")
    assert not misses


def test_faq_questions_are_answered(tmp_path, capsys):
    demo = CatalogService(tmp_path / "demo.sqlite")
    demo.import_file(DEMO, "feed")
    misses = []
    for query, question in FAQ_CASES_DEMO:
        found = [a.question for a in demo.faq(query, limit=3)]
        if question not in found:
            misses.append(f"{query!r} -> {found}")
    demo.close()
    rate = 1 - len(misses) / len(FAQ_CASES_DEMO)
    with capsys.disabled():
        print(f"\nhit@3 FAQ over the Xi'an demo catalog: {rate:.2f}", *misses, sep="\n  ")
    assert rate >= 0.85, misses
