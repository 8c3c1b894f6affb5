"""Everyday queries by their pieces: how much of what was typed an item's own texts say.

开饭馆, 老人去世了, 补交社保 are rarely inside an official name, but their two-character
pieces are in the item's name, keywords, sound (补交 ~ 补缴), the colloquial dictionary's
fragments (社保 -> 社会保险) or its own texts (materials, conditions, bundles). An item
scores by the share of the query's characters so covered, each by its best source:
the name counts more than the item's other texts. Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from offline_cache.catalog import pinyin
from offline_cache.catalog import synonyms as syn

NAME, DICTIONARY, SOUND, CONTEXT = 1.0, 0.9, 0.8, 0.6  # weight of each source
FLOOR = 40.0  # the score of an item the query barely touches
SPAN = 44.0  # ... up to 84 when every character is covered (below a name holding the query)


_PARTICLES = "了的啦呀"


@dataclass(frozen=True)
class Query:
    """The pieces of one query, computed once."""

    core: str
    pairs: tuple[tuple[int, str, str], ...]  # (start, two characters, their pinyin)
    phrases: tuple[tuple[int, int, tuple[str, ...]], ...]  # dictionary phrases: (start, end, fragments)


def split(core: str, entries: list[syn.Synonym]) -> Query:
    """The two-character pieces of ``core`` and the dictionary phrases inside it
    (a closing particle, 老人去世了, is no piece of what is meant)."""
    core = core.rstrip(_PARTICLES) if len(core.rstrip(_PARTICLES)) >= 2 else core
    pairs = tuple((k, core[k : k + 2], pinyin.full(core[k : k + 2])) for k in range(len(core) - 1))
    phrases = []
    for e in entries:
        at = core.find(e.phrase) if len(e.phrase) >= 2 else -1
        if at >= 0:
            phrases.append((at, at + len(e.phrase), e.fragments))
    return Query(core, pairs, tuple(phrases))


def coverage(q: Query, words: str, sound: str, context: str) -> float:
    """Weighted share (0..1) of the query's characters that the item's texts say.

    Args:
        q: the query's pieces.
        words: the item's name and keywords (squashed, space separated).
        sound: the full pinyin of the name and keywords.
        context: the item's own other texts (:mod:`offline_cache.catalog.about`).
    """
    best = [0.0] * len(q.core)
    for k, pair, py in q.pairs:
        if pair in words:
            w = NAME
        elif len(py) >= 4 and py in sound:
            w = SOUND
        elif pair in context:
            w = CONTEXT
        else:
            continue
        best[k] = max(best[k], w)
        best[k + 1] = max(best[k + 1], w)
    for start, end, fragments in q.phrases:
        if any(f in words for f in fragments):
            for k in range(start, end):
                best[k] = max(best[k], DICTIONARY)
    return sum(best) / len(best) if best else 0.0


def score(cov: float) -> float:
    """The item's score for a coverage (0 below half: a piece or two is chance)."""
    return FLOOR + SPAN * cov if cov >= 0.5 else 0.0
