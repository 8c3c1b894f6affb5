"""Shared by the case tests: the demo catalog with 高龄津贴申领 done at the kiosk (journey 1),
a fake clock, a document-camera-like JPEG page, a real SyncService in a tmp folder."""

from __future__ import annotations

import io
import json
from pathlib import Path

from kiosk.catalog.paths import DEMO_CATALOG

ALLOWANCE = "11610103MB282815164000509004000"  # 高龄津贴申领: 容缺 bank card copy, 户口簿 e-licence
RESIDENCE = "11610100MB942554XJ3002005013000"  # 城乡居民基本养老保险参保登记 (kiosk item)
BANK_CARD = "6222020200112233446"  # Luhn-valid, fictional
CITIZEN_ID = "610103188001010012"
CITIZEN_NAME = "张三丰"


def kiosk_feed(tmp_path: Path) -> Path:
    """The demo feed with the allowance item marked ``is_service_terminals``."""
    feed = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))
    for item in feed["items"]:
        if item["task_code"] == ALLOWANCE:
            item["is_service_terminals"] = True
    out = tmp_path / "kiosk_feed.json"
    out.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    return out


def without_item(tmp_path: Path, task_code: str) -> Path:
    feed = json.loads(kiosk_feed(tmp_path).read_text(encoding="utf-8"))
    feed["items"] = [i for i in feed["items"] if i["task_code"] != task_code]
    for b in feed.get("bundles", []):
        b["item_codes"] = [c for c in b.get("item_codes", []) if c != task_code]
    out = tmp_path / "feed_without.json"
    out.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    return out


def page_jpeg(width: int = 420, height: int = 594) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(img).rectangle((20, 20, width - 20, 60), fill="black")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()
