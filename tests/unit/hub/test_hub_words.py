"""The hub's sentences are data too (hub/texts/<lang>.json, docs/languages.md): the same
keys and fields in Chinese and English, read through common.texts, Chinese the fallback."""

from __future__ import annotations

import json
import string

from common import texts
from hub import alerts
from hub.words import TEXTS_DIR, hub_text


def _fields(text: texts.Text) -> set[str]:
    """The fields of every form of a text."""
    return {name for t in texts.forms(text).values() for _, name, _, _ in string.Formatter().parse(t) if name}


def test_chinese_and_english_hold_the_same_keys_and_fields():
    zh = texts.load_texts(TEXTS_DIR / "zh_CN.json")
    en = texts.load_texts(TEXTS_DIR / "en.json")
    assert set(zh) == set(en)
    assert {k: _fields(v) for k, v in zh.items()} == {k: _fields(v) for k, v in en.items()}
    for name in ("zh_CN.json", "en.json"):
        path = TEXTS_DIR / name
        assert path.read_text(encoding="utf-8") == texts.dump(json.loads(path.read_text(encoding="utf-8")))


def test_an_alert_reads_in_english_and_an_unknown_language_in_chinese():
    alert = alerts.Alert("alert.called_unfinished", "urgent", {"window": 4, "number": "C001", "minutes": 22})
    assert alerts.text(alert, "en") == "Window 4 called C001 22 min ago and has not finished it"
    assert alerts.text(alert, "ug") == alerts.text(alert) == "4号窗口叫了C001号已22分钟仍未办结"
    page = alerts.render_html([alert], "en")
    assert "<h2>Needs attention</h2>" in page and "[URGENT] Window 4" in page
    assert hub_text("no.such.key", "en") == "no.such.key"
    assert hub_text("alert.title", "../../etc/passwd") == "需要处理"  # not a language code: no file is read
