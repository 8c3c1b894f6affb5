"""Catalog search: Chinese text, pinyin, initials, colloquial phrases and sound-alike typos.

Candidates come from cheap index reads (FTS5 trigram for three characters or more, the
``item_gram`` table for one or two), each already in frequency order because an item's id
is its frequency rank; then a few hundred candidates are scored in Python:
best name match first, then frequency, then shorter names.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from offline_cache.catalog import pinyin
from offline_cache.catalog import synonyms as syn
from offline_cache.catalog.index import squash

# Words people wrap around what they want; dropped to find the core of the query.
_FILLERS = re.compile("|".join(sorted((
    "请问", "我想要", "我想", "我要", "想要", "想", "帮我", "给我", "我家", "我的", "怎么办理", "怎么办",
    "怎么弄", "怎么", "如何", "在哪里办", "在哪里", "在哪儿", "在哪", "哪里", "去哪", "需要什么材料",
    "需要什么", "要什么材料", "要什么", "要带什么", "需要", "流程", "手续", "呢", "吗", "啊", "吧",
    "一下", "去", "个"), key=len, reverse=True)))

_COLUMNS = ("id, task_code, task_name, dept_code, dept_name, task_type, keywords, py_full, "
            "py_initials, frequency, group_name, is_service_terminals, is_online")


@dataclass(frozen=True)
class Hit:
    """One search result (a row for ``ItemSummary``)."""

    task_code: str
    task_name: str
    dept_code: str
    dept_name: str
    task_type: str
    group_name: str
    frequency: int
    is_service_terminals: bool
    is_online: bool
    score: float
    matched: str  # what matched: name, keyword, synonym, pinyin, initials, sound, context


@dataclass(frozen=True)
class Filters:
    dept_code: str | None = None
    topic_code: str | None = None
    audience: str | None = None  # "person" | "enterprise"
    terminal_only: bool = False

    def sql(self) -> tuple[str, list[Any]]:
        """A condition on items alias ``i`` ("" when there is no filter)."""
        parts, params = [], []
        if self.dept_code:
            parts.append("i.dept_code = ?")
            params.append(self.dept_code)
        if self.topic_code:
            parts.append("i.id IN (SELECT item_id FROM item_topics WHERE topic_code = ?)")
            params.append(self.topic_code)
        if self.audience == "person":
            parts.append("i.for_person = 1")
        elif self.audience == "enterprise":
            parts.append("i.for_enterprise = 1")
        if self.terminal_only:
            parts.append("i.is_service_terminals = 1")
        return " AND ".join(parts), params


class Searcher:
    """Runs searches on one connection.

    Thread: any; serialised on ``lock`` (shared with the store that owns ``conn``).
    """

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock,
                 entries: list[syn.Synonym] | None = None) -> None:
        self.conn = conn
        self.lock = lock
        self.entries = syn.load() if entries is None else entries

    def search(self, query: str, limit: int = 20, filters: Filters = Filters()) -> list[Hit]:
        """Items for ``query``, best first (at most ``limit``)."""
        q = squash(query)[:60]
        if not q or limit <= 0:
            return []
        core = _FILLERS.sub("", q) or q
        with self.lock:
            return _Run(self.conn, filters).search(q, core, limit, self.entries)


class _Run:
    """One query's candidate gathering and scoring."""

    def __init__(self, conn: sqlite3.Connection, filters: Filters) -> None:
        self.conn = conn
        self.where, self.params = filters.sql()
        self.cands: dict[int, None] = {}

    # ---- candidates ----------------------------------------------------------------

    def _ids(self, sql: str, params: list[Any]) -> None:
        for (item_id,) in self.conn.execute(sql, params):
            self.cands[item_id] = None

    def gram(self, gram: str, n: int) -> None:
        if self.where:
            self._ids(f"SELECT g.item_id FROM item_gram g JOIN items i ON i.id = g.item_id "
                      f"WHERE g.gram = ? AND {self.where} ORDER BY g.item_id LIMIT ?",
                      [gram, *self.params, n])
        else:
            self._ids("SELECT item_id FROM item_gram WHERE gram = ? ORDER BY item_id LIMIT ?", [gram, n])

    def fts(self, columns: str, phrase: str, n: int) -> None:
        match = f'{{{columns}}} : "{phrase}"'  # phrase is squashed: only \w characters
        if self.where:
            self._ids(f"SELECT f.rowid FROM item_fts f JOIN items i ON i.id = f.rowid "
                      f"WHERE item_fts MATCH ? AND {self.where} ORDER BY f.rowid LIMIT ?",
                      [match, *self.params, n])
        else:
            self._ids("SELECT rowid FROM item_fts WHERE item_fts MATCH ? ORDER BY rowid LIMIT ?", [match, n])

    def lookup(self, text: str, columns: str, n: int, prefix_n: int) -> None:
        """Items whose name (or other ``columns``) starts with, then contains, ``text``."""
        if len(text) + 1 >= 3:
            self.fts(columns, "^" + text, prefix_n)
        else:
            self.gram("^" + text, prefix_n)
        if len(text) >= 3:
            self.fts(columns, text, n)
        else:
            self.gram(text, n)

    # ---- the query -----------------------------------------------------------------

    def search(self, q: str, core: str, limit: int, entries: list[syn.Synonym]) -> list[Hit]:
        han = pinyin.has_han(q)
        wide = max(limit * 4, 60)
        words = list(dict.fromkeys([q, core]))
        for w in words:
            self.lookup(w, "name keywords", wide * 2, wide)
        expansions = syn.expand(entries, q, core)
        for frag, _ in expansions:
            self.lookup(frag, "name keywords", wide, wide // 2)
        qpy = pinyin.full(core) if han else q
        if len(qpy) >= 3:
            self.lookup(qpy, "py", wide, wide // 2)
        if not han:
            self.lookup(q, "initials", wide, wide // 2)
        if len(q) >= 3 and not han:
            self.fts("context", q, wide // 2)
        hits = self.score(words, qpy if han else "", q if not han else "", expansions)
        strong = sum(1 for h in hits if h.score >= 70)
        if han and len(core) >= 2 and strong < limit:
            self.fuzzy_candidates(core, wide)
            hits = self.score(words, qpy, "", expansions, fuzzy=core)
        hits.sort(key=lambda h: (-h.score, -h.frequency, len(h.task_name), h.task_code))
        return hits[:limit]

    def fuzzy_candidates(self, core: str, n: int) -> None:
        """Items sharing two-character pieces with the query, by character or by sound."""
        pairs = {core[k:k + 2] for k in range(len(core) - 1)}
        for pair in pairs:
            self.gram(pair, n)
            py = pinyin.full(pair)
            if len(py) >= 3:
                self.fts("py", py, n)
        for ch in core:
            if len(pairs) <= 1:
                self.gram(ch, n // 2)

    # ---- scoring -------------------------------------------------------------------

    def rows(self) -> Iterable[sqlite3.Row | tuple[Any, ...]]:
        ids = list(self.cands)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.conn.execute(f"SELECT {_COLUMNS} FROM items WHERE id IN ({marks})", chunk)

    def score(self, words: list[str], qpy: str, ascii_q: str, expansions: list[tuple[str, float]],
              fuzzy: str = "") -> list[Hit]:
        hits = []
        for row in self.rows():
            (_, code, name_raw, dept_code, dept_name, task_type, kw_json, py, ini, freq, group,
             terminal, online) = row
            name = squash(name_raw)
            kws = [squash(k) for k in json.loads(kw_json or "[]")]
            best, how = 0.0, ""
            for w in words:
                for s, h in ((_text(w, name, 100, 92, 84), "name"),
                             (max((_text(w, k, 95, 85, 78) for k in kws), default=0), "keyword"),
                             (45.0 if w in squash(group or "") or w in squash(dept_name) else 0, "context")):
                    if s > best:
                        best, how = s, h
            for frag, weight in expansions:
                s = max(_text(frag, name, 90, 86, 80), max((_text(frag, k, 82, 76, 72) for k in kws), default=0))
                if s * weight > best:
                    best, how = s * weight, "synonym"
            if qpy and len(qpy) >= 2:
                s = _text(qpy, py, 88, 80, 72)
                if s > best:
                    best, how = s, "sound"
            if ascii_q:
                for s, h in ((_text(ascii_q, py, 96, 90, 74), "pinyin"), (_text(ascii_q, ini, 94, 88, 76), "initials"),
                             (max((_text(ascii_q, pinyin.full(k), 90, 84, 70) for k in kws), default=0), "keyword"),
                             (max((_text(ascii_q, pinyin.initials(k), 90, 84, 70) for k in kws), default=0), "keyword")):
                    if s > best:
                        best, how = s, h
            if fuzzy and best < 70:
                s = _sound_overlap(fuzzy, name)
                if s > best:
                    best, how = s, "fuzzy"
            if best <= 0:
                continue
            score = best + min(6.0, math.log10(1 + freq) * 1.5) - min(4.0, len(name) / 10)
            hits.append(Hit(code, name_raw, dept_code, dept_name, task_type, group or "", freq,
                            bool(terminal), bool(online), round(score, 2), how))
        return hits


def _text(q: str, target: str, exact: float, prefix: float, inside: float) -> float:
    """How well ``q`` matches ``target``: whole, at the start, inside (earlier is better)."""
    if not q or not target:
        return 0.0
    if q == target:
        return exact
    if target.startswith(q):
        return prefix
    pos = target.find(q)
    if pos < 0:
        return 0.0
    return inside - min(6.0, pos * 0.5)


def _sound_overlap(core: str, name: str) -> float:
    """Up to 66 for a query whose characters (or their sounds) appear in order in ``name``."""
    total, start = 0.0, 0
    for ch in core:
        best, at = 0.0, -1
        for k in range(start, len(name)):
            s = pinyin.sound_alike(ch, name[k])
            if s > best:
                best, at = s, k
                if s == 1.0:
                    break
        if best:
            total += best
            start = at + 1
    ratio = total / len(core)
    return 36 + 30 * ratio if ratio >= 0.5 else 0.0
