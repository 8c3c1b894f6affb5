"""Search-index rows for one item: FTS text and short grams (pure functions)."""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
from collections.abc import Iterable

from offline_cache.catalog import pinyin

_DROP = re.compile(r"[\W_]+")
PARALLEL_FROM = 20_000  # names; below this a process pool costs more than it saves


def squash(text: str) -> str:
    """Normalised text without punctuation: what names are matched on."""
    return _DROP.sub("", pinyin.normalize(text))


def wrap(values: Iterable[str]) -> str:
    """``^a$ ^b$``: anchors let a trigram phrase match a prefix or a whole value."""
    return " ".join(f"^{v}$" for v in values if v)


def keys(text: str) -> tuple[str, tuple[str, ...], str, str]:
    """(squashed text, syllables, full pinyin, initials) — computed once per name."""
    syl = pinyin.syllables(text)
    return squash(text), syl, "".join(syl), "".join(x if x.isdigit() else x[0] for x in syl)


def keys_many(texts: list[str]) -> list[tuple[str, tuple[str, ...], str, str]]:
    """:func:`keys` for many names; big catalogs use every core (pypinyin is the slow
    part of an import). Forks only from a single-threaded process, where that is safe."""
    workers = min(os.cpu_count() or 1, 4)
    if (
        len(texts) < PARALLEL_FROM
        or workers < 2
        or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [keys(t) for t in texts]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(keys, texts, chunksize=2000)


def fts_row(names: list[tuple[str, tuple[str, ...], str, str]], context: str) -> tuple[str, str, str, str, str]:
    """(name, keywords, py, initials, context) for the FTS tables; ``names[0]`` is the
    item name's :func:`keys`, the rest its keywords'; ``context`` is already squashed."""
    return (
        wrap([names[0][0]]),
        wrap(k[0] for k in names[1:]),
        wrap(k[2] for k in names),
        wrap(k[3] for k in names),
        context,
    )


def grams(names: list[tuple[str, tuple[str, ...], str, str]]) -> set[str]:
    """The 1- and 2-grams a short query can hit.

    For each name or keyword: every character and pair of characters, the first one and
    two characters anchored with ``^``; every pinyin syllable's first one and two letters;
    every pair of initials; and the anchored first letters of the pinyin.
    """
    out: set[str] = set()
    for s, syl, _, ini in names:
        if not s:
            continue
        out.update(s)
        out.update([s[k : k + 2] for k in range(len(s) - 1)])
        out.update([x[:2] for x in syl])
        out.update(ini)
        out.update([ini[k : k + 2] for k in range(len(ini) - 1)])
        out.update(("^" + s[:1], "^" + s[:2]))
        if syl:
            out.update(("^" + syl[0][:1], "^" + syl[0][:2], "^" + ini[:2]))
    return out
