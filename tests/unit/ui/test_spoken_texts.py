"""Every text the kiosk can say, through espeak-ng as guidance says it, stays in its
language: no ``(en)`` (or any ``(xx)``) switch in a Chinese sentence, none in an
English one.

Every key of both languages' tables is taken (screen texts and messages: a status line
or an error can be any of them, and guidance reads titles, prompts, choices and
statuses), formatted with representative values, and handed to ``EspeakVoice`` exactly
as guidance hands a sentence over (``engine_input``). Its phonemes come from
``espeak-ng -q -x``. One espeak-ng run per language checks the whole table; on a switch
the sentences are run one by one to name the keys that switch.
"""

from __future__ import annotations

import re
import string

import pytest

from common.texts import forms
from kiosk.speech import EspeakVoice
from ui.i18n import texts_of

SWITCH = re.compile(r"\((?!cmn\))[a-z]{2,3}(?:-[a-z]+)*\)")  # (en), (zh), (cmn) back is fine
# A value for each {field}, the kind of thing guidance says there. Unknown fields get "3".
VALUES: dict[str, object] = {
    "number": "A012",
    "window": 3,
    "window_no": 12,
    "at_window": 5,
    "ahead": 4,
    "n": 2,
    "i": 1,
    "m": 30,
    "seconds": 30,
    "minutes": 15,
    "hours": 2,
    "time": "09:30",
    "at": "2026-12-07 09:30",
    "day": "2026-12-07",
    "due": "2026-12-21",
    "valid_to": "2036-05-01",
    "opens_at": "08:30",
    "phone": "12345",
    "hotline": "12345",
    "masked": "张*",
    "name": "张*",
    "id_number": "6101**********1234",
    "text": "办事指南",
    "items": "1，办事指南；2，取号",
    "query": "户口",
    "dept": "公安局",
    "place": "二楼",
    "where": "二楼",
    "rating": 5,
    "level": 5,
    "position": 3,
    "step": 2,
    "tries": 3,
    "tries_left": 2,
    "language": "zh_CN",
    "limit_mb": 10,
    "size": 4,
    "version": 7,
    "ref": "2026120700012",
    "code": "6A82",
}


def _sentences(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in texts_of(lang).items():
        for form, text in forms(value).items():  # a counting text is spoken in each of its forms
            key = f"{name}#{form}" if form else name
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
            try:
                out[key] = text.format(**{f: VALUES.get(f, 3) for f in fields})
            except (ValueError, IndexError, KeyError, AttributeError):
                out[key] = text
    return out


def _switches(voice: EspeakVoice, lang: str, sentences: dict[str, str]) -> dict[str, str]:
    """Key → phonemes of every sentence in which espeak-ng changes language."""
    inputs = {key: voice.engine_input(text, lang) for key, text in sentences.items()}
    names = {v for v, _ in inputs.values()}
    assert len(names) == 1, names
    # One run for the whole table: each sentence a paragraph of its own.
    whole = voice.phonemes_of("\n\n".join(t for _, t in inputs.values()), names.pop())
    if not SWITCH.search(whole):
        return {}
    bad = {}
    for key, (name, text) in inputs.items():
        said = voice.phonemes_of(text, name)
        if SWITCH.search(said):
            bad[key] = f"{sentences[key]!r} -> {text!r} -> {said}"
    return bad


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_text_stays_in_its_language(lang: str) -> None:
    voice = EspeakVoice()
    sentences = _sentences(lang)
    assert len(sentences) > 500  # the tables were read
    bad = _switches(voice, lang, sentences)
    assert not bad, "\n".join(f"{k}: {v}" for k, v in list(bad.items())[:40]) + f"\n({len(bad)} in all)"


def test_the_check_sees_a_switch() -> None:
    # The detector itself: today's failure (hanzi to `-v cmn`) and a Latin run switch.
    voice = EspeakVoice()
    assert SWITCH.search(voice.phonemes_of("您好", "cmn"))
    assert SWITCH.search(voice.phonemes_of("ID, qing3 an4 yi1", "cmn-latn-pinyin"))
    assert not SWITCH.search(voice.phonemes("证件ID，请按1", "zh_CN"))
