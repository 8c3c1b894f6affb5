"""The one-time notice (一次性告知单): everything a citizen must bring, on paper.

Built from a guide as a printer-neutral ``Receipt``; the same model prints on the
thermal printer and renders to PNG for the preview. It carries no personal data, so it
can be printed before anyone has identified themselves. Its words come from ``tr``
(the screen's language), its facts from ``kiosk.catalog.phrases``.
"""

from __future__ import annotations

import datetime as dt

from drivers.printer.receipt import Receipt, ReceiptBuilder
from kiosk.catalog.phrases import Words, join, material_tags, time_limit
from kiosk.catalog.types import BundleGuide, ItemGuide, Material


def _materials(b: ReceiptBuilder, materials: tuple[Material, ...] | list[Material], tr: Words) -> None:
    for i, m in enumerate(materials, 1):
        b.text(f"{i}. {m.material_name}")
        b.text(f"   （{join(material_tags(m), tr)}）")


def _head(tr: Words, hall_name: str) -> ReceiptBuilder:
    return Receipt.builder().title(tr("notice.title")).text(hall_name, align="center").separator()


def one_time_notice(guide: ItemGuide, *, hall_name: str, now: dt.datetime, tr: Words, helper: str = "") -> Receipt:
    """The notice for one item: materials with their necessity, limits, place, contact;
    ``helper`` (``工号3001 王*``) names who printed it for the citizen (帮办代办)."""
    b = _head(tr, hall_name)
    b.kv(tr("notice.item"), guide.task_name).kv(tr("notice.dept"), guide.dept_name)
    b.kv(tr("notice.time_limit"), join(time_limit(guide), tr, "sep.clause"))
    if guide.limit_scene_num:
        b.kv(tr("notice.visits"), tr("notice.visits_n", n=guide.limit_scene_num))
    b.kv(tr("notice.fee"), tr("notice.fee_yes") if guide.is_fee else tr("notice.fee_no"))
    b.separator().text(tr("notice.bring"), bold=True)
    _materials(b, sorted(guide.materials, key=lambda m: m.order_num), tr)
    if not guide.materials:
        b.text(tr("notice.materials_at_window"))
    if guide.allow_tolerance:
        b.text(tr("notice.tolerance"))
    if guide.allow_commitment:
        b.text(tr("notice.commitment"))
    b.separator()
    for key, value in (
        ("notice.place", guide.transact_addr),
        ("notice.hours", guide.transact_time),
        ("notice.phone", guide.link_way),
    ):
        if value:
            b.kv(tr(key), value)
    if guide.link_addr:
        b.text(tr("notice.scan_online"), align="center").qr(guide.link_addr)
    if helper:
        b.kv(tr("receipt.helper"), helper)
    b.text(tr("notice.printed_at", time=f"{now:%Y-%m-%d %H:%M}"), align="center").cut()
    return b.build()


def bundle_notice(bundle: BundleGuide, *, hall_name: str, now: dt.datetime, tr: Words, helper: str = "") -> Receipt:
    """The notice for a 一件事一次办 bundle: its items and the merged material list."""
    b = _head(tr, hall_name)
    b.kv(tr("notice.bundle"), bundle.bundle.name)
    if bundle.bundle.promise_day:
        b.kv(tr("notice.promise"), tr("notice.promise_days", n=bundle.bundle.promise_day))
    b.text(tr("notice.bundle_items"), bold=True)
    for i, item in enumerate(bundle.items, 1):
        b.text(f"{i}. {item.task_name}")
    b.separator().text(tr("notice.bring_once"), bold=True)
    _materials(b, bundle.materials, tr)
    b.separator()
    if helper:
        b.kv(tr("receipt.helper"), helper)
    b.text(tr("notice.printed_at", time=f"{now:%Y-%m-%d %H:%M}"), align="center").cut()
    return b.build()
