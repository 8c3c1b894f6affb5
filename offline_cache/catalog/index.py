"""Search-index rows for one item: FTS text and short grams (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from offline_cache.catalog import pinyin

_DROP = re.compile(r"[\W_]+")


def squash(text: str) -> str:
    """Normalised text without punctuation: what names are matched on."""
    return _DROP.sub("", pinyin.normalize(text))


def wrap(values: Iterable[str]) -> str:
    """``^a$ ^b$``: anchors let a trigram phrase match a prefix or a whole value."""
    return " ".join(f"^{v}$" for v in values if v)


def fts_row(item: dict[str, Any], context: Iterable[str]) -> tuple[str, str, str, str, str]:
    """(name, keywords, py, initials, context) for ``item_fts``."""
    name = squash(item["task_name"])
    keywords = [squash(k) for k in item["keywords"]]
    py = [item["py_full"], *(pinyin.full(k) for k in item["keywords"])]
    ini = [item["py_initials"], *(pinyin.initials(k) for k in item["keywords"])]
    return (wrap([name]), wrap(keywords), wrap(py), wrap(ini), " ".join(squash(c) for c in context if c))


def grams(item: dict[str, Any]) -> Iterator[str]:
    """The 1- and 2-grams a short query can hit (duplicates possible).

    For each name or keyword: every character and pair of characters, the first one and
    two characters anchored with ``^``; every pinyin syllable's first one and two letters;
    every pair of initials; and the anchored first letters of the pinyin.
    """
    for text in (item["task_name"], *item["keywords"]):
        s = squash(text)
        if not s:
            continue
        yield "^" + s[:1]
        yield "^" + s[:2]
        yield from s
        yield from (s[k:k + 2] for k in range(len(s) - 1))
        syl = pinyin.syllables(text)
        ini = "".join(x[0] for x in syl)
        for x in syl:
            yield x[:1]
            yield x[:2]
        yield from (ini[k:k + 2] for k in range(len(ini) - 1))
        if syl:
            yield "^" + syl[0][:1]
            yield "^" + syl[0][:2]
            yield "^" + ini[:2]
