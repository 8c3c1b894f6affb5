"""The one text normaliser of a call: ticket + window -> the words every voice says.

Every engine misreads the raw ticket ("A012" becomes "A twelve", or in espeak-ng's
``cmn`` voice "A ling two", and 号 comes out as "hao four"), so nothing reads it raw.
A call is built here once and every consumer takes the form it needs:

=============  ============================================  ============================
field          A001 at window 3                              who uses it
=============  ============================================  ============================
``hanzi``      请A零零一号到三号窗口办理                      Qt engines, the board's text
``pinyin``     qing3 A ling2 ling2 yi1 hao4 dao4 san1 ...    espeak-ng ``cmn-latn-pinyin``
``tokens``     请 A 零 零 一 号 到 三 号窗口 办理             a voice pack's clips
``english``    Number A 0 0 1, please go to window 3         the English board, Qt engines
``board``      A001 → 3号窗口                                the hall board's list
``led``        A001 3                                        the window's LED display
=============  ============================================  ============================

Ticket digits are read one by one (零零一), the window as a cardinal (十二号窗口).
Letters stay letters in the pinyin: espeak-ng's Mandarin voice names them the way a
Chinese hall does (A "ei", W "da bu liu", Q "kiou"; checked with ``espeak-ng -x``),
where a pinyin spelling such as "ei1" would lose that for letters like W or Q.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.speech.errors import CallTextError

# 1-2 capital letters (the service's queue prefix) and 1-4 digits: nothing else can
# reach the loudspeaker, so no name or ID number can be spoken by mistake.
NUMBER_RE = re.compile(r"[A-Z]{1,2}[0-9]{1,4}")
WINDOW_MIN, WINDOW_MAX = 1, 999
LANGUAGES = ("zh_CN", "en")

DIGITS = "零一二三四五六七八九"
# Tone-numbered pinyin of every hanzi a call can hold. Citation tones: espeak-ng's
# cmn-latn-pinyin applies no sandhi to numbers read digit by digit, which is what a
# hall's caller sounds like (一 stays yi1 in 一号). tests check these against pypinyin.
PINYIN = {
    "请": "qing3",
    "号": "hao4",
    "到": "dao4",
    "窗": "chuang1",
    "口": "kou3",
    "办": "ban4",
    "理": "li3",
    "零": "ling2",
    "一": "yi1",
    "二": "er4",
    "三": "san1",
    "四": "si4",
    "五": "wu3",
    "六": "liu4",
    "七": "qi1",
    "八": "ba1",
    "九": "jiu3",
    "十": "shi2",
    "百": "bai3",
}
ENGLISH_DIGITS = "0123456789"


def chinese_cardinal(n: int) -> str:
    """``n`` (1..999) as a Chinese cardinal: 3 三, 10 十, 12 十二, 20 二十, 101 一百零一,
    110 一百一十.

    Raises:
        CallTextError: ``n`` is not a whole number in 1..999 (key ``speech.bad_window``).
    """
    _check_window(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += DIGITS[hundreds] + "百"
    if tens:
        # 十二 alone, but 一百一十二: the leading 一 is dropped only at the very front.
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"  # 一百零一: a gap in the tens is said as 零
    if ones:
        out += DIGITS[ones]
    return out


def check_number(number: object) -> str:
    """``number`` when it is a ticket number (``A001``, ``BZ12``).

    Raises:
        CallTextError: anything else (key ``speech.bad_number``). The value itself is
            not carried in the error, only its length, since it could be personal data.
    """
    if not isinstance(number, str) or not NUMBER_RE.fullmatch(number):
        length = len(number) if isinstance(number, str) else 0
        raise CallTextError("speech.bad_number", length=length)
    return number


def _check_window(window: object) -> int:
    # bool is an int in Python; True must not call window 1.
    if isinstance(window, bool) or not isinstance(window, int) or not WINDOW_MIN <= window <= WINDOW_MAX:
        raise CallTextError("speech.bad_window", low=WINDOW_MIN, high=WINDOW_MAX)
    return window


def check_language(lang: object) -> str:
    """``lang`` when calls can be spoken in it (``zh_CN`` or ``en``).

    Raises:
        CallTextError: any other value (key ``speech.bad_language``).
    """
    if lang not in LANGUAGES:
        raise CallTextError("speech.bad_language", choices=", ".join(LANGUAGES))
    return str(lang)


@dataclass(frozen=True)
class CallWords:
    """One call in every form it is said or shown in. Build with ``CallWords.of``."""

    number: str
    window: int
    hanzi: str
    pinyin: str
    tokens: tuple[str, ...]
    english: str
    english_spoken: str
    board: str
    board_en: str
    led: str

    @classmethod
    def of(cls, number: object, window: object) -> CallWords:
        """The call of ticket ``number`` to ``window``.

        Raises:
            CallTextError: a bad ticket number (``speech.bad_number``) or window
                (``speech.bad_window``, 1..999).
        """
        num = check_number(number)
        win = _check_window(window)
        letters = [c for c in num if c.isalpha()]
        digits = [c for c in num if c.isdigit()]
        ticket_zh = letters + [DIGITS[int(d)] for d in digits]
        window_zh = list(chinese_cardinal(win))
        tokens = ("请", *ticket_zh, "号", "到", *window_zh, "号窗口", "办理")
        hanzi = "".join(tokens)
        pinyin = " ".join(_pinyin_of(t) for t in tokens)
        english = f"Number {' '.join(letters)} {' '.join(digits)}, please go to window {win}"
        # espeak-ng's English reads a lone "A" as the article (a#); a comma after the
        # letters makes it name the letter ('eI), as ``espeak-ng -v en -x`` shows.
        english_spoken = f"Number {' '.join(letters)}, {' '.join(digits)}, please go to window {win}."
        return cls(
            number=num,
            window=win,
            hanzi=hanzi,
            pinyin=pinyin,
            tokens=tokens,
            english=english,
            english_spoken=english_spoken,
            board=f"{num} → {win}号窗口",
            board_en=f"{num} → Window {win}",
            led=f"{num} {win}",
        )

    def text(self, lang: str) -> str:
        """What a general engine (one that reads hanzi) is given in ``lang``."""
        return self.hanzi if check_language(lang) == "zh_CN" else self.english


def _pinyin_of(token: str) -> str:
    if token.isascii():
        return token  # a letter: the voice names it (see the module docstring)
    return " ".join(PINYIN[c] for c in token)
