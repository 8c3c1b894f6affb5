"""The hub's sentences in a language: alerts, the phone page, the day's report (``hub/texts/<lang>.json``).

The same stdlib loader and plural rules as the kiosk's texts (``common.texts``; the hub
never imports ``ui``). Simplified Chinese is the hub's fallback; a key no file holds
reads as itself, so a gap shows.
"""

from __future__ import annotations

import functools
from pathlib import Path

from common import texts

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
FALLBACK = "zh_CN"


@functools.cache
def _table(lang: str) -> dict[str, texts.Text]:
    path = TEXTS_DIR / f"{lang}.json"
    return texts.load_texts(path) if texts.CODE_RE.match(lang) and path.exists() else {}


def hub_text(key: str, lang: str = FALLBACK, **data: object) -> str:
    """``key`` in ``lang`` (else in Chinese), ``{fields}`` filled; a counting text takes
    the plural form of ``n`` in that language."""
    for code in (lang, FALLBACK):
        text = _table(code).get(key)
        if text:
            n = data.get("n")
            return texts.fill(texts.pick(text, n if isinstance(n, int) else None, code.split("_")[0]), data)
    return key
