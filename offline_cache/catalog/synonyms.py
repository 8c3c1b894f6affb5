"""The colloquial dictionary: how people say it -> fragments of the official name.

File format (``offline_cache/data/synonyms.tsv``, UTF-8): one entry a line,
``phrase<TAB>fragment|fragment|...``; ``#`` starts a comment. The first fragment is the
best guess; later ones rank a little lower.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from offline_cache.catalog import pinyin
from offline_cache.catalog.index import squash

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "synonyms.tsv"


@dataclass(frozen=True)
class Synonym:
    phrase: str  # squashed
    fragments: tuple[str, ...]  # squashed official-name fragments, best first
    py: str  # full pinyin of the phrase
    ini: str  # pinyin initials of the phrase


def load(path: Path = DEFAULT_PATH) -> list[Synonym]:
    """Read the dictionary; malformed lines are errors (ValueError with the line number)."""
    out: list[Synonym] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        phrase, sep, rest = line.partition("\t")
        fragments = tuple(f for f in (squash(x) for x in rest.split("|")) if f)
        if not sep or not squash(phrase) or not fragments:
            raise ValueError(f"{path}:{n}: expected 'phrase<TAB>fragment|fragment'")
        text = squash(phrase)
        out.append(Synonym(text, fragments, pinyin.full(text), pinyin.initials(text)))
    return out


def expand(entries: list[Synonym], query: str, core: str) -> list[tuple[str, float]]:
    """Official-name fragments the query stands for, with a weight in (0, 1].

    Args:
        entries: the dictionary.
        query: the squashed query.
        core: the query without filler words (怎么办, 我想, ...).
    """
    han = pinyin.has_han(query)
    qpy = pinyin.full(core) if han else ""
    found: dict[str, float] = {}
    for e in entries:
        w = 0.0
        if e.phrase in (query, core):
            w = 1.0
        elif len(e.phrase) >= 2 and (e.phrase in query):
            w = 0.95
        elif han and len(core) >= 2 and e.phrase.startswith(core):
            w = 0.85  # still typing
        elif han and len(qpy) >= 4 and qpy == e.py:
            w = 0.9  # sounds the same, written with other characters
        elif not han and len(query) >= 2:
            if e.phrase.startswith(query) or e.py == query or e.ini == query:
                w = 1.0 if query in (e.phrase, e.py, e.ini) else 0.85
            elif len(query) >= 4 and e.py.startswith(query):
                w = 0.85
        if w:
            for k, frag in enumerate(e.fragments):
                weight = w * (1 - 0.03 * k)
                if weight > found.get(frag, 0):
                    found[frag] = weight
    return sorted(found.items(), key=lambda p: -p[1])[:12]
