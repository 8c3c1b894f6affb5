"""Pinyin keys for search, computed with pypinyin (tones dropped).

An item name becomes a list of syllables (one per Chinese character; runs of Latin
letters or digits stay whole), its full pinyin (``hukoudengji``) and its initials
(``hkdj``). Queries go through the same functions, so they compare like for like.

pypinyin is loaded at the first name or query that needs a sound (its dictionaries take
~0.4 s to import): reading stats, opening the store or a Latin query never pay for it.
The full dictionaries (phrases included) are kept: the index was built with them, and a
query must be read the same way to compare like for like.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_ALNUM = re.compile(r"[a-z0-9]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, no white space (NFKC)."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def has_han(text: str) -> bool:
    """True when ``text`` contains a Chinese character."""
    return _HAN.search(text) is not None


@lru_cache(maxsize=1)
def _engine() -> Any:
    """pypinyin's converter with the tone stripping cached per syllable: the same output
    as ``lazy_pinyin`` (style NORMAL), about twice as fast, which matters for 100k names.
    Built at the first call (importing pypinyin loads its dictionaries)."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.converter import DefaultConverter
    from pypinyin.core import Pinyin

    plain = lru_cache(maxsize=4096)(to_normal)

    class PlainConverter(DefaultConverter):
        def convert_styles(self, pinyin_list, phrase, style, heteronym, errors, strict, **kwargs):
            return [[plain(item[0])] for item in pinyin_list]

        def convert(self, words, style, heteronym, errors, strict, **kwargs):
            # Segmented words (住房公积金, 提取, 登记) repeat across a catalog's names: convert
            # each once. Callers get fresh lists, so the cache cannot be changed through them.
            done = _WORDS.get(words)
            if done is None:
                done = tuple(tuple(x) for x in super().convert(words, style, heteronym, errors, strict, **kwargs))
                if len(_WORDS) < 200_000:
                    _WORDS[words] = done
            return [list(x) for x in done]

    return Pinyin(PlainConverter())


_WORDS: dict[str, tuple[tuple[str, ...], ...]] = {}


@lru_cache(maxsize=16384)
def _chunk(chunk: str) -> tuple[str, ...]:
    out: list[str] = []
    for piece in _engine().lazy_pinyin(chunk):
        if piece.isascii() and piece.isalpha():
            out.append(piece.lower())
        else:  # digits, Latin runs mixed with punctuation: keep the alphanumerics
            out.extend(_ALNUM.findall(normalize(piece)))
    return tuple(out)


def syllables(text: str) -> tuple[str, ...]:
    """Pinyin syllables of ``text``; punctuation is dropped.

    Chunks between punctuation are converted (and cached) separately: catalog names
    repeat chunks such as （县级）, and pypinyin's phrase segmentation is the slow part.
    """
    out: list[str] = []
    for chunk in re.split(r"[^\w]+", text):
        if chunk:
            out.extend(_chunk(chunk))
    return tuple(out)


def full(text: str) -> str:
    """Full pinyin without tones or separators: 户口登记 -> hukoudengji."""
    return "".join(syllables(text))


def initials(text: str) -> str:
    """First letters of each syllable (digit runs kept whole): 户口登记 -> hkdj."""
    return "".join(s if s.isdigit() else s[0] for s in syllables(text))


@lru_cache(maxsize=8192)
def readings(char: str) -> frozenset[str]:
    """Every reading of one character (heteronyms), e.g. 薄 -> {bao, bo, bu}."""
    if not has_han(char):
        return frozenset({normalize(char)})
    from pypinyin import Style, pinyin

    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def variants(text: str) -> list[str]:
    """Full pinyin of ``text`` for each combination of its characters' readings, the
    usual reading first: 口薄 -> [koubao, koubo, koubu]."""
    out = [full(text)]
    combos = [""]
    for ch in text:
        combos = [c + r for c in combos for r in sorted(readings(ch))][:16]
    out.extend(c for c in combos if c not in out)
    return out


@lru_cache(maxsize=262144)
def sound_alike(a: str, b: str) -> float:
    """How alike two characters sound: 1 same character, 0.9 a shared reading,
    0.5 a shared initial consonant, else 0."""
    if a == b:
        return 1.0
    ra, rb = readings(a), readings(b)
    if ra & rb:
        return 0.9
    if {_initial(r) for r in ra} & {_initial(r) for r in rb} - {""}:
        return 0.5
    return 0.0


def _initial(syllable: str) -> str:
    for head in ("zh", "ch", "sh"):
        if syllable.startswith(head):
            return head
    return syllable[:1] if syllable[:1] not in "aeiouv" else ""
