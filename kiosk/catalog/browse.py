"""Browsing the catalog (not only searching): the plan's life events as the top level,
departments, 一件事一次办 bundles, the hall's most asked-for items; the badges of a
result; and a search that never answers with an empty list first.

The core decides what is shown (message keys and catalog values); the screens say it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.catalog.types import Bundle, FaqAnswer, ItemSummary, Topic


@dataclass(frozen=True)
class LifeEvent:
    """One life event of the plan (STANDARDS.md §1, 全生命周期), with the catalog topics
    it gathers (by topic code, or by words in the topic's name for other catalogs)."""

    key: str  # message key: event.person.birth ...
    audience: str  # person | enterprise
    codes: tuple[str, ...]
    words: tuple[str, ...]


PERSON_EVENTS = (
    LifeEvent("event.person.birth", "person", ("p_birth",), ("出生", "新生儿")),
    LifeEvent("event.person.school", "person", ("p_education",), ("入学", "教育", "上学")),
    LifeEvent("event.person.employment", "person", ("p_employment",), ("就业", "创业")),
    LifeEvent("event.person.marriage", "person", ("p_marriage",), ("婚育", "婚姻", "生育")),
    LifeEvent("event.person.disability", "person", ("p_disability", "p_assistance"), ("残疾", "救助", "扶残")),
    LifeEvent("event.person.veteran", "person", ("p_veteran",), ("退役", "军人")),
    LifeEvent("event.person.housing", "person", ("p_housing",), ("住房", "购房", "房屋")),
    LifeEvent("event.person.retirement", "person", ("p_retirement",), ("退休", "养老")),
    LifeEvent("event.person.death", "person", ("p_death",), ("身后", "死亡", "殡葬")),
)
ENTERPRISE_EVENTS = (
    LifeEvent("event.enterprise.open", "enterprise", ("e_open",), ("开办", "设立")),
    LifeEvent("event.enterprise.permit", "enterprise", ("e_permit",), ("准营", "经营许可")),
    LifeEvent("event.enterprise.hiring", "enterprise", ("e_hiring",), ("用工", "录用", "招聘")),
    LifeEvent("event.enterprise.realestate", "enterprise", ("e_realestate",), ("不动产",)),
    LifeEvent("event.enterprise.close", "enterprise", ("e_close",), ("注销",)),
)
EVENTS = {"person": PERSON_EVENTS, "enterprise": ENTERPRISE_EVENTS}


@dataclass(frozen=True)
class EventEntry:
    """A life event as this catalog holds it: its topics and its bundles."""

    event: LifeEvent
    topic_codes: tuple[str, ...]
    bundles: tuple[Bundle, ...]


def life_events(audience: str, topics: list[Topic], bundles: list[Bundle]) -> tuple[list[EventEntry], list[Topic]]:
    """The plan's life events this catalog has topics or bundles for, and the catalog's
    other topics of the audience (户籍, 出入境 ...: shown after them).

    The events come in the catalog's topic order (``order_num``: the hall puts what its
    citizens come for first, e.g. 退休养老 where elders use the kiosk), then the plan's.

    Raises:
        ValueError: unknown audience.
    """
    if audience not in EVENTS:
        raise ValueError(f"audience must be one of {tuple(EVENTS)}")
    own = [t for t in topics if t.audience == audience]
    used: set[str] = set()
    entries = []
    for ev in EVENTS[audience]:
        codes = tuple(
            t.topic_code
            for t in own
            if t.topic_code not in used and (t.topic_code in ev.codes or any(w in t.name for w in ev.words))
        )
        used.update(codes)
        found = tuple(b for b in bundles if b.audience == audience and b.topic_code and b.topic_code in codes)
        if codes or found:
            entries.append(EventEntry(ev, codes, found))
    rank = {t.topic_code: t.order_num for t in own}
    # sorted() is stable: events with the same (or no) catalog order keep the plan's.
    entries.sort(key=lambda e: min((rank[c] for c in e.topic_codes), default=len(rank) + 1))
    return entries, [t for t in own if t.topic_code not in used]


#: The catalog's 通办范围 and 办件类型 values as message keys: the screen shows the
#: product's words for them in every language, not the catalog's Chinese (issue 14).
AREA_KEYS = {"全市通办": "badge.area.city", "跨省通办": "badge.area.cross_province", "全国通办": "badge.area.national"}
PROJECT_TYPE_KEYS = {"即办件": "badge.immediate", "承诺件": "badge.promised"}


def badges(item: ItemSummary) -> list[str]:
    """Message keys of what to mark on a result card: 可自助办理, 全市通办 (or 跨省 / 全国),
    可预约, 即办件."""
    out = []
    if item.is_service_terminals:
        out.append("badge.self_service")
    if item.handle_area in AREA_KEYS:
        out.append(AREA_KEYS[item.handle_area])
    if item.is_schedule:
        out.append("badge.schedule")
    if item.project_type == "即办件":
        out.append("badge.immediate")
    return out


@dataclass(frozen=True)
class SearchAnswer:
    """What the search screen shows for a query.

    ``items`` are the matches; when nothing matched by name (``related`` True) they are
    items related by single characters or, last, the most asked-for items, and
    ``bundles`` / ``topics`` are the 一件事 and life events those belong to. ``faqs`` are
    answers to a question the citizen typed. ``offer_help`` asks the screen to show
    呼叫帮助 next to the results.
    """

    query: str
    items: tuple[ItemSummary, ...]
    faqs: tuple[FaqAnswer, ...] = ()
    related: bool = False
    bundles: tuple[Bundle, ...] = ()
    topic_codes: tuple[str, ...] = ()
    offer_help: bool = False
    popular: bool = False  # the items are only the most asked-for (nothing related at all)


# How a hit matched that does not name the item: a few characters in common (fuzzy), or
# only the department, group or topic words (context).
WEAK = ("fuzzy", "context")


class Finder:
    """Search with answers (FAQ) and a fallback, over a :class:`CatalogService`.

    Thread: the caller's (the catalog service serialises its own calls).
    """

    def __init__(self, catalog, limit: int = 30) -> None:
        self.catalog = catalog
        self.limit = limit

    def find(self, query: str) -> SearchAnswer:
        q = query.strip()
        if not q:
            return SearchAnswer(q, ())
        items = self.catalog.search(q, limit=self.limit)
        faqs = tuple(self.catalog.faq(q, limit=2)) if len(q) >= 3 else ()
        if any(i.matched not in WEAK for i in items):
            return SearchAnswer(q, tuple(items), faqs)
        # Nothing by name: what was found loosely (a few characters in common, the
        # department or topic) is offered as related, with its bundles and life events.
        related, popular = (items[:10], False) if items else self._related(q)
        codes = [i.task_code for i in related]
        all_bundles = self.catalog.bundles()  # read each time: a sync may change them
        topics = tuple(dict.fromkeys(t for ts in self.catalog.topics_of(codes).values() for t in ts))
        bundles = tuple(b for b in all_bundles if set(b.item_codes) & set(codes) or b.topic_code in topics)
        if not bundles:  # nothing relates: the citizens' bundles, a way in all the same
            bundles = tuple(sorted(all_bundles, key=lambda b: b.audience != "person"))
        return SearchAnswer(q, tuple(related), faqs, True, bundles[:4], topics[:6], offer_help=True, popular=popular)

    def _related(self, q: str) -> tuple[list[ItemSummary], bool]:
        """Items that share characters with the query (each of its first five Chinese
        characters looked up on its own, items holding more of them first); else the most
        asked-for items (True)."""
        chars = [c for c in dict.fromkeys(q) if "\u4e00" <= c <= "\u9fff"][:5]
        seen: dict[str, tuple[int, ItemSummary]] = {}
        for c in chars:
            for hit in self.catalog.search(c, limit=10):
                n = sum(ch in hit.task_name for ch in chars)
                if n and hit.task_code not in seen:
                    seen[hit.task_code] = (n, hit)
        ranked = sorted(seen.values(), key=lambda p: (-p[0], -p[1].frequency))
        if ranked and ranked[0][0] >= 2:  # one common character (办, 证) relates nothing
            return [h for _, h in ranked[:10]], False
        return self.catalog.top_items(limit=10), True
