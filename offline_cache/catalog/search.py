"""Catalog search: Chinese text, pinyin, initials, colloquial phrases and sound-alike typos.

Candidates come from cheap index reads (FTS5 trigram for three characters or more, the
``item_gram`` table for one or two), each already in frequency order because an item's id
is its frequency rank; then a few hundred candidates are scored in Python:
best name match first, then frequency, then shorter names.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from offline_cache.catalog import departments as dept
from offline_cache.catalog import pieces, pinyin
from offline_cache.catalog import synonyms as syn
from offline_cache.catalog.faq import FaqHit, FaqIndex
from offline_cache.catalog.index import squash

# Words people wrap around what they want; dropped to find the core of the query.
_FILLERS = re.compile(
    "|".join(
        sorted(
            (
                "请问",
                "我想要",
                "我想",
                "我要",
                "想要",
                "想",
                "帮我",
                "给我",
                "我家",
                "我的",
                "怎么办理",
                "怎么办",
                "怎么弄",
                "怎么",
                "如何",
                "在哪里办",
                "在哪里",
                "在哪儿",
                "在哪",
                "哪里",
                "去哪",
                "需要什么材料",
                "需要什么",
                "要什么材料",
                "要什么",
                "要带什么",
                "需要",
                "流程",
                "手续",
                "呢",
                "吗",
                "啊",
                "吧",
                "一下",
            ),
            key=len,
            reverse=True,
        )
    )
)


_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z_\-]{5,63}")  # task_code / catalog_code as typed
CONTEXT_TRIGRAMS = 6  # a long query's first trigrams looked up in the items' own texts
_FTS = {
    "text": ("fts_text", "{name keywords} : "),
    "context": ("fts_text", "context : "),
    "py": ("fts_py", ""),
    "ini": ("fts_ini", ""),
}


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
    matched: (
        str  # what matched: code, name, keyword, synonym, pinyin, initials, sound, fuzzy, context, pieces, department
    )
    handle_area: str = ""
    is_schedule: bool = False
    project_type: str = ""


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

    def __init__(
        self, conn: sqlite3.Connection, lock: threading.RLock, entries: list[syn.Synonym] | None = None
    ) -> None:
        self.conn = conn
        self.lock = lock
        self._entries = entries
        self._seen: tuple[int, int] | None = None  # the catalog the caches below were made from
        self._depts: list[dept.DeptKey] = []
        self._faq: FaqIndex | None = None

    @property
    def entries(self) -> list[syn.Synonym]:
        """The synonym dictionary, read at the first search: its pinyin keys load
        pypinyin (~0.4 s), which opening a catalog for stats or guides never needs."""
        if self._entries is None:
            self._entries = syn.load()
        return self._entries

    def warm(self) -> None:
        """Load what the first search needs (the dictionary, pypinyin), so that a
        terminal pays for it while it starts, not at a citizen's first query."""
        with self.lock:
            _ = self.entries
            pinyin.full("办事")

    def _fresh(self) -> None:
        """Drop the department and FAQ caches when the catalog changed (an import on any
        connection moves ``data_version``; one on this connection, ``total_changes``)."""
        seen = (self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes)
        if seen != self._seen:
            self._seen = seen
            self._depts = dept.keys(self.conn.execute("SELECT dept_code, dept_name FROM departments").fetchall())
            self._faq = None

    def faq(self, query: str, limit: int = 3) -> list[FaqHit]:
        """Frequently asked questions for ``query`` (智能问答), best first."""
        with self.lock:
            self._fresh()
            if self._faq is None:
                self._faq = FaqIndex(self.conn)
            return self._faq.search(query, limit)

    def departments_named(self, query: str) -> dict[str, float]:
        """dept_code -> how well ``query`` names the department (人社, 公积金中心, ...)."""
        with self.lock:
            self._fresh()
            return dept.match(self._depts, query)

    def search(self, query: str, limit: int = 20, filters: Filters = Filters()) -> list[Hit]:
        """Items for ``query``, best first (at most ``limit``)."""
        q = squash(query)[:60]
        if not q or limit <= 0:
            return []
        core = _FILLERS.sub("", q) or q
        with self.lock:
            run = _Run(self.conn, filters)
            code = query.strip()
            if _CODE.fullmatch(code):
                hits = run.by_code(code, limit)  # a clerk types, or a QR code gives, the item code
                if hits:
                    return hits
            self._fresh()
            return run.search(q, core, limit, self.entries, dept.match(self._depts, core))


class _Run:
    """One query's candidate gathering and scoring."""

    def __init__(self, conn: sqlite3.Connection, filters: Filters) -> None:
        self.conn = conn
        self.where, self.params = filters.sql()
        self.cands: dict[int, None] = {}
        self.depts: dict[str, float] = {}
        # id -> (name, kw_keys, kw_py, ctx, py, frequency) as the last score() read them
        self.texts: dict[int, tuple[str, str, str, str, str, int]] = {}

    # ---- candidates ----------------------------------------------------------------

    def _ids(self, sql: str, params: list[Any]) -> int:
        rows = self.conn.execute(sql, params).fetchall()
        for (item_id,) in rows:
            self.cands[item_id] = None
        return len(rows)

    def gram(self, gram: str, n: int) -> int:
        if not self.where:
            return self._ids("SELECT item_id FROM item_gram WHERE gram = ? ORDER BY item_id LIMIT ?", [gram, n])
        # item_gram keeps only the top items per gram; under a filter, scan the filtered
        # items instead (a department is small; the other filters halve at most).
        text = gram.lstrip("^")
        pattern = (text if gram.startswith("^") else "%" + text) + "%"
        if text.isascii():
            cond, params = "(i.py_full LIKE ? OR i.py_initials LIKE ?)", [pattern, pattern]
        else:
            cond, params = "(i.task_name LIKE ? OR i.keywords LIKE ?)", [pattern, "%" + text + "%"]
        return self._ids(
            f"SELECT i.id FROM items i WHERE {cond} AND {self.where} ORDER BY i.id LIMIT ?", [*params, *self.params, n]
        )

    def fts(self, kind: str, phrase: str, n: int) -> int:
        """Items whose ``kind`` (text, context, py, ini) holds ``phrase``, by rank."""
        table, match = _FTS[kind]
        match = f'{match}"{phrase}"'  # phrase is squashed: only \w characters (and ^)
        if self.where:
            return self._ids(
                f"SELECT f.rowid FROM {table} f JOIN items i ON i.id = f.rowid "
                f"WHERE {table} MATCH ? AND {self.where} ORDER BY f.rowid LIMIT ?",
                [match, *self.params, n],
            )
        return self._ids(f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid LIMIT ?", [match, n])

    def lookup(self, text: str, kind: str, n: int, prefix_n: int) -> None:
        """Items whose ``kind`` contains ``text`` (the ``n`` most asked for); when there are
        more than that, also those that start with it (rarer, but they rank high)."""
        found = self.fts(kind, text, n) if len(text) >= 3 else self.gram(text, n)
        if found < n:
            return  # every item that starts with it is among these
        if len(text) + 1 >= 3:
            self.fts(kind, "^" + text, prefix_n)
        else:
            self.gram("^" + text, prefix_n)

    def by_code(self, code: str, limit: int) -> list[Hit]:
        """Items whose task_code is ``code`` or starts with it (one index range read)."""
        where = f" AND {self.where}" if self.where else ""
        rows = self.conn.execute(
            f"SELECT i.id, i.task_code FROM items i WHERE i.task_code >= ? AND i.task_code < ? || char(1114111)"
            f"{where} ORDER BY i.task_code LIMIT ?",
            [code, code, *self.params, limit],
        ).fetchall()
        return self.hits([(100.0 if task_code == code else 95.0, "code", 0, 0, i) for i, task_code in rows])

    # ---- the query -----------------------------------------------------------------

    def search(
        self, q: str, core: str, limit: int, entries: list[syn.Synonym], depts: dict[str, float] | None = None
    ) -> list[Hit]:
        han = pinyin.has_han(q)
        wide = max(limit * 2, 30)
        words = list(dict.fromkeys([q, core]))
        self.depts = depts or {}
        # A department named (人社, 公积金中心): its most asked-for items are candidates.
        for code in sorted(self.depts, key=lambda c: -self.depts[c])[:4]:
            where = f" AND {self.where}" if self.where else ""
            self._ids(
                f"SELECT i.id FROM items i WHERE i.dept_code = ?{where} ORDER BY i.id LIMIT ?",
                [code, *self.params, limit],
            )
        if han or len(q) <= 2 or not q.isalpha():
            for w in words:
                self.lookup(w, "text", wide * 2, wide)
        # Colloquial phrases: a few best fragments, a few items each (their names rank high).
        expansions = syn.expand(entries, q, core)[:6]
        for frag, _ in expansions:
            self.lookup(frag, "text", limit + 5, 10)
        if not han:  # pinyin or initials as typed
            if len(q) >= 3:
                self.lookup(q, "py", wide, wide // 2)
            if len(q) <= 24:  # initials of a long name (qyzgjbylbxzctxsq)
                self.lookup(q, "ini", wide, wide // 2)
            scored = self.score(words, "", q, expansions)
        else:
            if len(core) >= 3:
                self.fts("context", core, limit)
            scored = self.score(words, "", "", expansions)
            # Written with other characters that sound the same (公基金): only when the
            # characters as typed found little, because long pinyin phrases cost more
            # (and the query's sound is read only then: pypinyin loads on first use).
            qpy = ""
            if _strong(scored) < limit and not _exact(scored):
                qpy = pinyin.full(core)
                if len(qpy) >= 3:
                    self.lookup(qpy, "py", wide, wide // 2)
                    scored = self.score(words, qpy, "", expansions)
            # Wrong characters that sound alike (户口薄): when still little was found.
            fuzzy = len(core) >= 2 and _strong(scored) < min(limit, 5) and not _exact(scored)
            if fuzzy:
                self.fuzzy_candidates(core, limit)
                scored = self.score(words, qpy, "", expansions, fuzzy=core)
            # Everyday words (开饭馆, 补交社保): the query's pieces in the items' own texts.
            if len(core) >= 3 and not _exact(scored):
                split = pieces.split(core, entries)
                self.piece_candidates(split, limit, pairs=not fuzzy)  # fuzzy read the pairs
                scored = self.score_pieces(split, scored)
        scored.sort(key=lambda sc: (-sc[0], -sc[2], sc[3], sc[4]))
        return self.hits(scored[:limit])

    def fuzzy_candidates(self, core: str, n: int) -> None:
        """Items sharing two-character pieces with the query, by character or by sound."""
        pairs = {core[k : k + 2] for k in range(len(core) - 1)}
        for pair in pairs:
            self.gram(pair, n)
            for py in pinyin.variants(pair)[:4]:  # 口薄: koubao, koubo, koubu (簿)
                if len(py) >= 3:
                    self.fts("py", py, n)

    def piece_candidates(self, q: pieces.Query, n: int, pairs: bool = True) -> None:
        """Items whose names or keywords hold the query's pairs, and whose own texts hold
        its first trigrams. (Pairs by sound are looked up only for typos, by
        :meth:`fuzzy_candidates`: a pinyin phrase costs ten times a pair.)"""
        for _, pair, _ in q.pairs if pairs else ():
            self.gram(pair, n)
        for k in range(min(len(q.core) - 2, CONTEXT_TRIGRAMS)):
            self.fts("context", q.core[k : k + 3], n)

    # ---- scoring -------------------------------------------------------------------

    def rows(self, columns: str, ids: list[int]) -> Iterable[tuple[Any, ...]]:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.conn.execute(f"SELECT {columns} FROM items WHERE id IN ({marks})", chunk)

    def score(
        self,
        words: list[str],
        qpy: str,
        ascii_q: str,
        expansions: list[tuple[str, float]],
        fuzzy: str = "",
    ) -> list[tuple[float, str, int, int, int]]:
        """(score, what matched, frequency, name length, id) per candidate that matches."""
        out = []
        for item_id, name, kw_keys, kw_py, kw_ini, ctx, py, ini, freq, dept_code in self.rows(
            "id, name_key, kw_keys, kw_py, kw_ini, ctx_key, py_full, py_initials, frequency, dept_code",
            list(self.cands),
        ):
            self.texts[item_id] = (name, kw_keys, kw_py, ctx, py, freq)
            kws = kw_keys.split() if kw_keys else ()
            best, how = 0.0, ""
            for w in words:
                s = _text(w, name, 100, 92, 84)
                if s > best:
                    best, how = s, "name"
                for k in kws:
                    s = _text(w, k, 95, 85, 78)
                    if s > best:
                        best, how = s, "keyword"
                if best < 45 and w in ctx:
                    best, how = 45.0, "context"
            for frag, weight in expansions:
                s = _text(frag, name, 90, 86, 80)
                for k in kws:
                    s = max(s, _text(frag, k, 82, 76, 72))
                if s * weight > best:
                    best, how = s * weight, "synonym"
            if qpy and len(qpy) >= 2:
                s = _text(qpy, py, 88, 80, 72)
                if s > best:
                    best, how = s, "sound"
            if ascii_q:
                for s, h in ((_text(ascii_q, py, 96, 90, 74), "pinyin"), (_text(ascii_q, ini, 94, 88, 76), "initials")):
                    if s > best:
                        best, how = s, h
                for k in (kw_py.split() + kw_ini.split()) if kw_py else ():
                    s = _text(ascii_q, k, 90, 84, 70)
                    if s > best:
                        best, how = s, "keyword"
            if fuzzy and best < 70:
                s = _sound_overlap(fuzzy, name)
                if s > best:
                    best, how = s, "fuzzy"
            named = self.depts.get(dept_code, 0.0)
            if named > best:
                best, how = named, "department"
            if best > 0:
                out.append((_final(best, freq, name), how, freq, len(name), item_id))
        return out

    def score_pieces(
        self, q: pieces.Query, scored: list[tuple[float, str, int, int, int]]
    ) -> list[tuple[float, str, int, int, int]]:
        """``scored`` with each candidate's piece coverage where it scores higher."""
        best = {sc[4]: sc for sc in scored}
        new = [i for i in self.cands if i not in self.texts]  # found by the pieces themselves
        read = self.rows("id, name_key, kw_keys, kw_py, ctx_key, py_full, frequency", new)
        texts = [*self.texts.items(), *((r[0], r[1:]) for r in read)]
        for item_id, (name, kw_keys, kw_py, ctx, py, freq) in texts:
            s = pieces.score(pieces.coverage(q, name + " " + kw_keys, py + " " + kw_py, ctx))
            if s:
                total = _final(s, freq, name)
                old = best.get(item_id)
                if old is None or total > old[0]:
                    best[item_id] = (total, "pieces", freq, len(name), item_id)
        return list(best.values())

    def hits(self, scored: list[tuple[float, str, int, int, int]]) -> list[Hit]:
        """Full results for the top candidates, in ``scored`` order."""
        rows = {
            r[0]: r[1:]
            for r in self.rows(
                "id, task_code, task_name, dept_code, dept_name, task_type, group_name, frequency, "
                "is_service_terminals, is_online, handle_area, is_schedule, project_type",
                [sc[4] for sc in scored],
            )
        }
        out = []
        for score, how, _, _, item_id in scored:
            code, name, dept_code, dept_name, task_type, group, freq, terminal, online, area, schedule, kind = rows[
                item_id
            ]
            out.append(
                Hit(
                    code,
                    name,
                    dept_code,
                    dept_name,
                    task_type,
                    group or "",
                    freq,
                    bool(terminal),
                    bool(online),
                    score,
                    how,
                    area or "",
                    bool(schedule),
                    kind or "",
                )
            )
        return out


def _final(best: float, freq: int, name: str) -> float:
    """The match's score, a little higher for an item asked for often, lower for a long name."""
    return round(best + min(6.0, math.log10(1 + freq) * 1.5) - min(4.0, len(name) / 10), 2)


def _strong(scored: list[tuple[float, str, int, int, int]]) -> int:
    return sum(1 for sc in scored if sc[0] >= 70)


def _exact(scored: list[tuple[float, str, int, int, int]]) -> bool:
    """Some name is the query or starts with it: no need to look for typos."""
    return any(sc[0] >= 88 and sc[1] == "name" for sc in scored)


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
    """Up to 66 for a query whose characters (or their sounds) appear in order in
    ``name``; else up to 55 for the two-character pieces they share."""
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
    if ratio >= 0.5:
        return 36 + 30 * ratio
    # A long colloquial sentence shares little with the name: count shared pairs (预防).
    shared = sum(1 for k in range(len(core) - 1) if core[k : k + 2] in name)
    return 30 + 5 * min(shared, 5) if shared else 0.0
