"""Assemble, validate and write the Xi'an demo catalog feed.

Usage (from the repository root)::

    python -m tools.demo_catalog.build          # rewrite the JSON file
    python -m tools.demo_catalog.build --check  # exit 1 if the file is stale

The output is deterministic: the same sources always give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tools.demo_catalog import (
    budongchan,
    gongan,
    gongjijin,
    minzheng,
    renshe,
    shichang,
    shuidianqi,
    shuiwu,
    tuiyi_jiaoyu,
    weijian,
    yibao,
)
from tools.demo_catalog.bundles import BUNDLES
from tools.demo_catalog.reference import DEPARTMENTS, halls_feed, topics_feed
from tools.demo_catalog.validate import FeedProblem, problems_of

OUTPUT = Path(__file__).resolve().parents[2] / "offline_cache" / "data" / "xian_demo_catalog.json"
# Bumped by hand whenever the content changes (yyyymmddNN).
CATALOG_VERSION = 2026120701
MODULES = (gongan, renshe, yibao, minzheng, weijian, shichang, shuiwu, budongchan, gongjijin, tuiyi_jiaoyu, shuidianqi)


def _bundles(items: list[dict]) -> list[dict]:
    by_name = {it["task_name"]: it["task_code"] for it in items}
    rows = []
    for code, name, audience, topic, promise_day, description, names in BUNDLES:
        missing = [n for n in names if n not in by_name]
        if missing:
            raise FeedProblem(f"bundle[{code}].item_codes: no item named {missing}")
        rows.append(
            {
                "bundle_code": code,
                "name": name,
                "audience": audience,
                "topic_code": topic,
                "description": description,
                "item_codes": [by_name[n] for n in names],
                "promise_day": promise_day,
            }
        )
    return rows


def build_feed() -> dict:
    """The whole feed as a dict, validated.

    Raises:
        FeedProblem: a rule is broken; the message lists every problem.
    """
    items = [it for module in MODULES for it in module.items()]
    feed = {
        "format": "hall-kiosk-catalog-feed",
        "feed_version": 1,
        "catalog_version": CATALOG_VERSION,
        "source": "西安市政务服务事项演示目录（示例数据，非官方发布；部门、法规名称真实，编码、地址、电话等为示例）",
        "sample_data": True,
        "departments": [d.feed() for d in DEPARTMENTS],
        "topics": topics_feed(),
        "halls": halls_feed(),
        "items": items,
        "bundles": _bundles(items),
    }
    problems = problems_of(feed)
    if problems:
        raise FeedProblem("\n".join(problems))
    return feed


def render(feed: dict) -> str:
    """The feed as the exact text written to disk."""
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify the committed file")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    try:
        text = render(build_feed())
    except FeedProblem as exc:
        print(f"demo catalog invalid:\n{exc}", file=sys.stderr)
        return 1
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run python -m tools.demo_catalog.build", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
