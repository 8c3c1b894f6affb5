"""Any sentence a kiosk says, made speakable: the normaliser of guidance and calls.

Two steps, each usable on its own:

1. ``spell_out(text)``: numbers, ticket numbers, dates, times and percentages become
   Chinese words (A012 → A零一二, 2026-12-07 → 二零二六年十二月七日, 09:30 →
   九点三十分, 30秒 → 三十秒, 13800138000 → digit by digit), marks that only decorate
   a screen (‹ ✓ → •) are dropped. A Qt engine that reads hanzi is given this.
2. ``to_pinyin(text)``: that, as tone-numbered pinyin for espeak-ng's
   ``cmn-latn-pinyin`` voice (pypinyin, citation tones with 5 for the neutral tone:
   the voice applies the third-tone sandhi itself). Latin letters become single
   capitals, which the voice names the Chinese way (A "ei", W "da bu liu"; a run such
   as "ID" would switch it to English), punctuation becomes a comma or a full stop.

Why: espeak-ng's plain ``cmn`` voice reads hanzi as English words with tone digits
("nin two hao three"); checked with ``espeak-ng -q -x``, see docs/accessibility.md.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from kiosk.speech.words import DIGITS

# A mark that only decorates a screen: never said ("‹ 返回" is 返回).
DECORATION = '‹›«»✓✔✗✘→←↑↓•·★☆●○◆◇■□▶◀►◄…“”‘’"《》〈〉「」『』【】'
PAUSE = "，、；：,;:（）()［］[]—–~～/|"
STOP = "。！？.!?"
# A measure word after 2 makes it 两 (两项, 两分钟), as a person says it.
MEASURE = "项个位分小天件份张次种页周年岁人步"

_TICKET = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,2})(\d{1,4})(?![A-Za-z0-9])")
_DATE = re.compile(r"(?<!\d)(\d{4})\s*[-/年]\s*(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?(?!\d)")
_YEAR_MONTH = re.compile(r"(?<!\d)(\d{4})年(?:(\d{1,2})月)?")
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_RANGE = re.compile(r"(?<=\d)\s*[-~～—–]\s*(?=\d)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LATIN = re.compile(r"[A-Za-z]+")


def digits(text: str) -> str:
    """Each digit by itself: 012 → 零一二 (tickets, phone numbers, years)."""
    return "".join(DIGITS[int(d)] for d in text)


def cardinal(n: int) -> str:
    """``n`` (0..99,999,999) as a Chinese cardinal: 10 十, 105 一百零五, 2026 两千零二十六."""
    if n == 0:
        return "零"
    if n >= 10**8:
        return digits(str(n))
    high, low = divmod(n, 10000)
    if high:
        rest = _under_10k(low, leading=False)
        gap = "零" if 0 < low < 1000 else ""
        return _under_10k(high) + "万" + gap + rest
    return _under_10k(low)


def _under_10k(n: int, leading: bool = True) -> str:
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero and out:
                out += "零"
            # 十二 alone, but 一百一十二: the leading 一 is dropped only at the very front.
            word = "" if (d == 1 and unit == "十" and not out and leading) else DIGITS[d]
            if d == 2 and unit == "千" and not out:
                word = "两"  # 两千, as said
            out += word + unit
            zero = False
        elif out:
            zero = True
    return out


def _number(match: re.Match[str], text: str) -> str:
    raw = match.group(0)
    whole, _, frac = raw.partition(".")
    if len(whole) >= 5 or (len(whole) > 1 and whole.startswith("0")):
        spoken = digits(whole)  # a phone number, a code: digit by digit
    else:
        spoken = cardinal(int(whole))
        after = text[match.end() : match.end() + 1]
        if spoken == "二" and after and after in MEASURE:
            spoken = "两"
    if frac:
        spoken += "点" + digits(frac)
    return spoken


def _time(m: re.Match[str]) -> str:
    hour, minute, second = int(m.group(1)), int(m.group(2)), m.group(3)
    out = cardinal(hour) + "点"
    if minute:
        out += ("零" if minute < 10 else "") + cardinal(minute) + "分"
    if second and int(second):
        out += cardinal(int(second)) + "秒"
    return out


def spell_out(text: str) -> str:
    """``text`` with every number and mark in Chinese words; see the module docstring."""
    s = "".join(c for c in text if c not in DECORATION)
    s = _TICKET.sub(lambda m: m.group(1) + digits(m.group(2)), s)
    s = _DATE.sub(lambda m: f"{digits(m.group(1))}年{cardinal(int(m.group(2)))}月{cardinal(int(m.group(3)))}日", s)
    s = _YEAR_MONTH.sub(
        lambda m: digits(m.group(1)) + "年" + (cardinal(int(m.group(2))) + "月" if m.group(2) else ""), s
    )
    s = _MONTH_DAY.sub(lambda m: f"{cardinal(int(m.group(1)))}月{cardinal(int(m.group(2)))}日", s)
    s = _TIME.sub(_time, s)
    s = _PERCENT.sub(lambda m: "百分之" + m.group(1), s)
    s = _RANGE.sub("到", s)
    s = _NUMBER.sub(lambda m: _number(m, s), s)
    return re.sub(r"\s+", " ", s).strip()


# Words of the kiosk pypinyin reads with the wrong sound of 重 (zhong4, "heavy"): here
# it is chong2, "again" (按0重听).
AGAIN = (("重听", "tīng"), ("重打", "dǎ"), ("重印", "yìn"), ("重选", "xuǎn"), ("重填", "tián"), ("重试", "shì"))


@functools.cache
def _pinyin() -> Callable[[str], list[str]]:
    """pypinyin, loaded when first needed: its dictionaries take ~0.9 s to import, which
    no role's first screen should wait for (kiosk.queue imports this package)."""
    from pypinyin import Style, lazy_pinyin, load_phrases_dict

    load_phrases_dict({w: [["chóng"], [p]] for w, p in AGAIN})
    return functools.partial(lazy_pinyin, style=Style.TONE3, neutral_tone_with_five=True)


def to_pinyin(text: str) -> str:
    """``text`` as the tone-numbered pinyin ``cmn-latn-pinyin`` is given.

    ``spell_out`` is applied first, so any screen text can be passed as it is.
    """
    out: list[str] = []
    for chunk in _pinyin()(spell_out(text)):
        if chunk and chunk[-1].isdigit() and chunk.isascii() and chunk.isalnum():
            out.append(chunk)  # a syllable with its tone
            continue
        out.extend(_other(chunk))
    return _tidy(out)


def _other(chunk: str) -> list[str]:
    """What pypinyin left alone (letters, marks, spaces) as tokens for the voice."""
    tokens: list[str] = []
    for part in re.findall(r"[A-Za-z]+|.", chunk):
        if _LATIN.fullmatch(part):
            tokens.extend(c.upper() for c in part)  # each letter named by itself
        elif part in STOP:
            tokens.append(".")
        elif part in PAUSE:
            tokens.append(",")
        # anything else (a space, an unknown sign) is not said
    return tokens


def _tidy(tokens: list[str]) -> str:
    """Join, with no pause at the start, none doubled, a stop winning over a pause."""
    words: list[str] = []
    marks: list[str] = []  # the mark after each word: "", "," or "."
    for t in tokens:
        if t in ",.":
            if words and marks[-1] != ".":
                marks[-1] = t
            continue
        words.append(t)
        marks.append("")
    if marks and marks[-1] == ",":
        marks[-1] = ""
    return " ".join(w + m for w, m in zip(words, marks, strict=True))


def english(text: str) -> str:
    """An English sentence for espeak-ng's ``en`` voice: decorations dropped, a ticket
    number's letters named (a lone "A" is otherwise read as the article)."""
    s = "".join(c for c in text if c not in DECORATION)
    s = _TICKET.sub(lambda m: f"{' '.join(m.group(1))}, {' '.join(m.group(2))},", s)
    return re.sub(r"\s+", " ", s).strip()
