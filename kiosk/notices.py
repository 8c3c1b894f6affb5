"""The one-time notice (一次性告知单): everything a citizen must bring, on paper.

Built from a guide as a printer-neutral ``Receipt``; the same model prints on the
thermal printer and renders to PNG for the preview. It carries no personal data, so it
can be printed before anyone has identified themselves.
"""

from __future__ import annotations

import datetime as dt

from drivers.printer.receipt import Receipt
from kiosk.catalog_types import BundleGuide, ItemGuide, Material


def _tags(m: Material) -> str:
    tags = [m.is_need]
    if m.e_licence_exempt:
        tags.append("有电子证照可免交")
    if m.page_format:
        tags.append(m.page_format)
    if m.page_num > 1:
        tags.append(f"{m.page_num}份")
    return "、".join(tags)


def _limit(guide: ItemGuide) -> str:
    if guide.project_type == "即办件" or (guide.promise_day == 0 and guide.anticipate_day == 0):
        return "即办（当场办结）"
    parts = []
    if guide.promise_day:
        parts.append(f"承诺 {guide.promise_day} 个{guide.promise_type or '工作日'}")
    if guide.anticipate_day:
        parts.append(f"法定 {guide.anticipate_day} 个{guide.anticipate_type or '工作日'}")
    return "；".join(parts)


def one_time_notice(guide: ItemGuide, *, hall_name: str, now: dt.datetime) -> Receipt:
    """The notice for one item: materials with their necessity, limits, place, contact."""
    b = Receipt.builder().title("一次性告知单").text(hall_name, align="center").separator()
    b.kv("事项", guide.task_name).kv("部门", guide.dept_name)
    b.kv("办理时限", _limit(guide))
    if guide.limit_scene_num:
        b.kv("到现场次数", f"{guide.limit_scene_num} 次")
    b.kv("收费", "收费，详见指南" if guide.is_fee else "不收费")
    b.separator().text("请携带以下材料：", bold=True)
    for i, m in enumerate(sorted(guide.materials, key=lambda m: m.order_num), 1):
        b.text(f"{i}. {m.material_name}")
        b.text(f"   （{_tags(m)}）")
    if not guide.materials:
        b.text("本事项材料以窗口告知为准")
    if guide.allow_tolerance:
        b.text("本事项支持容缺受理：次要材料可先承诺后补交。")
    if guide.allow_commitment:
        b.text("本事项支持告知承诺制。")
    b.separator()
    for key, value in (("办理地点", guide.transact_addr), ("办理时间", guide.transact_time),
                       ("咨询电话", guide.link_way)):
        if value:
            b.kv(key, value)
    if guide.link_addr:
        b.text("扫码查看网上办事指南：", align="center").qr(guide.link_addr)
    b.text(f"打印时间：{now:%Y-%m-%d %H:%M}", align="center").cut()
    return b.build()


def bundle_notice(bundle: BundleGuide, *, hall_name: str, now: dt.datetime) -> Receipt:
    """The notice for a 一件事一次办 bundle: its items and the merged material list."""
    b = Receipt.builder().title("一次性告知单").text(hall_name, align="center").separator()
    b.kv("一件事", bundle.bundle.name)
    if bundle.bundle.promise_day:
        b.kv("承诺时限", f"{bundle.bundle.promise_day} 个工作日")
    b.text("包含事项：", bold=True)
    for i, item in enumerate(bundle.items, 1):
        b.text(f"{i}. {item.task_name}")
    b.separator().text("请携带以下材料（每份只需提交一次）：", bold=True)
    for i, m in enumerate(bundle.materials, 1):
        b.text(f"{i}. {m.material_name}")
        b.text(f"   （{_tags(m)}）")
    b.separator().text(f"打印时间：{now:%Y-%m-%d %H:%M}", align="center").cut()
    return b.build()
