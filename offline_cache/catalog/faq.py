"""智能问答: the guides' frequently asked questions, found by the words a citizen types.

A question is found by the two-character pieces it shares with the query (Chinese
questions are short and worded many ways; trigram phrases would miss most). The index
lives in memory, built from the ``faq`` table at the first question after an import
(a few thousand questions: well under a second), so a keystroke costs dict reads.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from offline_cache.catalog.index import squash

# Words every question has: they find nothing by themselves.
_COMMON = {"怎么", "什么", "可以", "需要", "吗", "如何", "能否", "是否", "还能", "办理", "哪些", "多久"}


@dataclass(frozen=True)
class FaqHit:
    question: str
    answer: str
    task_code: str
    task_name: str
    score: float  # 0..1: the share of the query's pieces the question holds


def _pairs(text: str) -> set[str]:
    return {text[k : k + 2] for k in range(len(text) - 1)} - _COMMON


class FaqIndex:
    """Every FAQ of the catalog with a two-character inverted index."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        rows = conn.execute(
            "SELECT f.question, f.answer, i.task_code, i.task_name FROM faq f JOIN items i ON i.id = f.item_id "
            "ORDER BY i.id, f.order_num"
        ).fetchall()
        self.rows = rows
        self.keys = [squash(r[0]) for r in rows]
        self.index: dict[str, list[int]] = defaultdict(list)
        for n, key in enumerate(self.keys):
            for pair in _pairs(key):
                self.index[pair].append(n)
        # A piece in more questions than this tells them apart no better than 怎么 does
        # (and reading its long list would cost every keystroke): left out of matching.
        self.cap = max(200, len(rows) // 20)

    def __len__(self) -> int:
        return len(self.rows)

    def search(self, query: str, limit: int = 3) -> list[FaqHit]:
        """Questions that share most of the query's pieces (two and half of them, or three and 40 %),
        best first; the most asked-for item first among equals."""
        q = squash(query)[:60]  # as the item search: a pasted page is not a question
        pairs = {p for p in _pairs(q) if len(self.index.get(p, ())) <= self.cap}
        if len(pairs) < 2:
            return []
        counts: dict[int, int] = defaultdict(int)
        for pair in pairs:
            for n in self.index.get(pair, ()):
                counts[n] += 1
        scored = []
        for n, shared in counts.items():
            ratio = shared / len(pairs)
            if (shared >= 2 and ratio >= 0.5) or (shared >= 3 and ratio >= 0.4):
                # A question that is the query, or holds it whole, comes first.
                whole = 0.2 if q in self.keys[n] else 0.0
                scored.append((min(1.0, ratio + whole), n))
        scored.sort(key=lambda p: (-p[0], p[1]))
        out = []
        for s, n in scored[:limit]:
            question, answer, task_code, task_name = self.rows[n]
            out.append(FaqHit(question, answer, task_code, task_name, round(s, 3)))
        return out
