"""Catalog domain types the screens render (frozen; built by ``kiosk.catalog``).

Field names follow the national platform (STANDARDS.md §1).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ItemSummary:
    """One search or listing result."""

    task_code: str
    task_name: str
    dept_code: str
    dept_name: str
    task_type: str
    group_name: str = ""
    frequency: int = 0
    is_service_terminals: bool = False  # can be done at this kind of kiosk
    is_online: bool = False
    score: float = 0.0
    matched: str = ""  # what matched: name, keyword, synonym, pinyin, initials, sound, fuzzy, department
    handle_area: str = ""  # 通办范围: 全市通办 / 跨省通办 / 全国通办
    is_schedule: bool = False  # 可预约
    project_type: str = ""  # 即办件 / 承诺件
    area_code: str = ""  # where the item is handled (listings carry it; search hits may not)


@dataclass(frozen=True)
class FaqAnswer:
    """A frequently asked question found for what the citizen typed (智能问答)."""

    question: str
    answer: str
    task_code: str
    task_name: str
    score: float = 0.0


@dataclass(frozen=True)
class Material:
    """One application material (申请材料)."""

    material_name: str
    material_key: str = ""
    order_num: int = 0
    is_need: str = "必要"  # 必要 | 非必要 | 容缺
    material_format: str = "纸质"
    page_format: str = "原件"
    page_num: int = 1
    source_type: str = "申请人自备"
    source_explain: str = ""
    e_licence_exempt: bool = False  # 免提交 when the electronic licence exists
    form_guid: str = ""
    example_guid: str = ""
    fill_explain: str = ""
    accept_stand: str = ""
    remark: str = ""
    for_items: tuple[str, ...] = ()  # in a bundle: the items that ask for it

    @property
    def required(self) -> bool:
        return self.is_need == "必要"

    @property
    def tolerable(self) -> bool:
        """May be handed in later (容缺受理)."""
        return self.is_need == "容缺"


@dataclass(frozen=True)
class Fee:
    fee_name: str
    fee_stand: str = ""
    by_law: str = ""
    is_desc: bool = False  # a reduction or exemption exists
    desc_explain: str = ""


@dataclass(frozen=True)
class Faq:
    question: str
    answer: str
    order_num: int = 0


@dataclass(frozen=True)
class ItemGuide:
    """Everything the service guide (办事指南) of one item shows."""

    task_code: str
    task_name: str
    task_type: str
    dept_code: str
    dept_name: str
    catalog_code: str = ""
    by_law: str = ""
    use_level: tuple[int, ...] = ()
    task_state: int = 1
    task_version: int = 1
    task_handle_item: str = ""
    entrust_name: str = ""
    accept_condition: str = ""
    server_type: tuple[str, ...] = ()
    handle_flow: str = ""
    handle_type: str = ""
    project_type: str = ""
    limit_scene_num: int = 0
    anticipate_day: int = 0
    anticipate_type: str = ""
    anticipate_explain: str = ""
    promise_day: int = 0
    promise_type: str = ""
    promise_explain: str = ""
    is_fee: bool = False
    fee_basis: str = ""
    transact_addr: str = ""
    transact_time: str = ""
    link_way: str = ""
    supervise_way: str = ""
    link_addr: str = ""
    mobile_terminal_url: str = ""
    is_online: bool = False
    online_handle_depth: int = 1
    is_service_terminals: bool = False
    is_schedule: bool = False
    is_express: bool = False
    is_pay_online: bool = False
    is_entry_center: bool = False
    handle_area: str = ""
    result_name: str = ""
    result_type: str = ""
    user_topic_type: tuple[str, ...] = ()
    corp_topic_type: tuple[str, ...] = ()
    town_code: str = ""
    village_code: str = ""
    allow_tolerance: bool = False  # 容缺受理
    allow_commitment: bool = False  # 告知承诺
    frequency: int = 0
    keywords: tuple[str, ...] = ()
    area_code: str = ""
    group_name: str = ""
    materials: tuple[Material, ...] = ()
    fees: tuple[Fee, ...] = ()
    faq: tuple[Faq, ...] = ()

    @property
    def exempt_materials(self) -> tuple[Material, ...]:
        """Materials not to hand in when the e-licence exists (免提交)."""
        return tuple(m for m in self.materials if m.e_licence_exempt)

    @property
    def tolerable_materials(self) -> tuple[Material, ...]:
        """Materials that may follow later when 容缺受理 applies."""
        return tuple(m for m in self.materials if m.tolerable)


@dataclass(frozen=True)
class Bundle:
    """A "一件事一次办" bundle as listed."""

    bundle_code: str
    name: str
    audience: str
    topic_code: str = ""
    description: str = ""
    promise_day: int = 0
    item_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BundleGuide:
    """A bundle with its items and one merged material list (each material asked once)."""

    bundle: Bundle
    items: tuple[ItemGuide, ...]
    materials: tuple[Material, ...]


@dataclass(frozen=True)
class Hall:
    hall_code: str
    name: str
    area_code: str = ""
    address: str = ""
    phone: str = ""
    kind: str = "center"  # center | street | village | bank | post
    self_service_24h: bool = False
    hours: dict[str, str] = field(default_factory=dict, hash=False)  # weekdays/saturday/sunday/holidays

    @property
    def open_on_weekends(self) -> bool:
        """周末不打烊: open on Saturday or Sunday."""
        return any(self.hours.get(d, "closed") != "closed" for d in ("saturday", "sunday"))


@dataclass(frozen=True)
class Department:
    dept_code: str
    dept_name: str
    area_code: str = ""
    item_count: int = 0


@dataclass(frozen=True)
class Topic:
    topic_code: str
    name: str
    audience: str  # person | enterprise
    order_num: int = 0


@dataclass(frozen=True)
class CatalogStats:
    catalog_version: int
    items: int
    departments: int
    topics: int
    halls: int
    bundles: int
    materials: int
    terminal_items: int
    source: str
    sample_data: bool
    imported_at: int
    schema_version: int
