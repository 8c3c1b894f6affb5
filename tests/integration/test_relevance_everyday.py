"""Issue 14: everyday queries (开饭馆, 老人去世了, 人社局, long pinyin, life events, typos)
find their item in the top three, over the Xi'an demo catalog and the Guang'an directory.

The set is data (tests/data/relevance/everyday.tsv). Before the items' own texts and the
query's pieces were searched, it scored top-1 0.60 and top-3 0.70 (40/57); with them 54/57,
and with the colloquial words for a food stall, a business closed and the 养老金认证
fragments fixed, 57/57. The bar is every issue example in the top three and 95% of the set.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from kiosk.catalog import CatalogService
from offline_cache.catalog.search import Hit
from tests.helpers import GUANGAN

DATA = Path(__file__).resolve().parents[1] / "data" / "relevance" / "everyday.tsv"
DEMO = Path(__file__).resolve().parents[2] / "offline_cache" / "data" / "xian_demo_catalog.json"
BAR = 0.95


def cases() -> list[tuple[str, str, str, list[str]]]:
    """(catalog, kind, query, expected) rows of the data file."""
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            catalog, kind, query, expected = line.split("\t")
            out.append((catalog, kind, query, expected.split("|")))
    return out


def fits(hit: Hit, expected: str) -> bool:
    """``name``, ``prefix*`` or ``@department``."""
    if expected.startswith("@"):
        return hit.dept_name == expected[1:]
    if expected.endswith("*"):
        return hit.task_name.startswith(expected[:-1])
    return hit.task_name == expected


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("everyday")
    svcs = {"demo": CatalogService(tmp / "demo.sqlite"), "guangan": CatalogService(tmp / "guangan.sqlite")}
    svcs["demo"].import_file(DEMO, "feed")
    svcs["guangan"].import_file(GUANGAN, "guangan")
    yield svcs
    for svc in svcs.values():
        svc.close()


def test_the_set_is_large_and_covers_every_kind():
    rows = cases()
    kinds = {kind for _, kind, _, _ in rows}
    assert len(rows) >= 40
    assert kinds == {"issue", "department", "pinyin", "initials", "event", "everyday", "typo"}
    assert {c for c, _, _, _ in rows} == {"demo", "guangan"}


def test_everyday_queries_find_their_item_in_the_top_three(services, capsys):
    top1, top3 = 0, 0
    by_kind: dict[str, list[bool]] = defaultdict(list)
    misses, issue_misses = [], []
    rows = cases()
    for catalog, kind, query, expected in rows:
        hits = services[catalog].search(query, limit=3)
        ok = [any(fits(h, e) for e in expected) for h in hits]
        top1 += bool(ok and ok[0])
        top3 += any(ok)
        by_kind[kind].append(any(ok))
        if not any(ok):
            line = f"{catalog} {kind}: {query!r} -> {[h.task_name for h in hits]}"
            misses.append(line)
            if kind == "issue":
                issue_misses.append(line)
    with capsys.disabled():
        print(
            f"\neveryday queries: top-1 {top1}/{len(rows)} = {top1 / len(rows):.2f}, "
            f"top-3 {top3}/{len(rows)} = {top3 / len(rows):.2f};",
            ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in by_kind.items()),
            *misses,
            sep="\n  ",
        )
    assert not issue_misses
    assert top3 / len(rows) >= BAR, misses
