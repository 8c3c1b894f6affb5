"""``kiosk catalog import|search|stats``: load and query the offline catalog."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from kiosk.config import default_config_path
from kiosk.config.loader import default_data_dir
from launcher.resolve import settings_from_args

from kiosk.catalog.paths import DEMO_CATALOG, catalog_path

# kiosk.catalog (sqlite-utils, pypinyin: ~0.7 s) is imported inside the handlers, so that
# `kiosk --help` and `kiosk run` do not pay for it at start-up.


def register(sub: argparse._SubParsersAction) -> None:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", type=Path, metavar="PATH",
                    help="catalog database (default: <data_dir>/catalog.sqlite)")
    p = sub.add_parser("catalog", help="import, search and count the offline service catalog")
    csub = p.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    imp = csub.add_parser("import", parents=[db], help="replace the catalog from a file (all or nothing)")
    imp.add_argument("path", nargs="?", type=Path, help="catalog file (JSON)")
    imp.add_argument("--format", choices=("feed", "guangan"), default="feed",
                     help="feed: this project's catalog feed (docs/catalog-feed.md); "
                          "guangan: the Guang'an district directory")
    imp.add_argument("--demo", action="store_true", help="import the bundled Xi'an demo catalog")
    imp.set_defaults(handler=_import)
    find = csub.add_parser("search", parents=[db], help="search the catalog as the kiosk does")
    find.add_argument("query")
    find.add_argument("--json", action="store_true", help="one JSON object per line, best first")
    find.add_argument("--limit", type=int, default=10)
    find.add_argument("--dept", help="only this department code")
    find.add_argument("--topic", help="only this life-event topic code")
    find.add_argument("--audience", choices=("person", "enterprise"))
    find.add_argument("--terminal-only", action="store_true", help="only items a self-service terminal can do")
    find.set_defaults(handler=_search)
    stats = csub.add_parser("stats", parents=[db], help="count what the catalog holds")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=_stats)


def db_path(args: argparse.Namespace) -> Path:
    """``--db``, else ``<data_dir>/catalog.sqlite`` from the configuration, else the
    platform's user data folder."""
    if args.db:
        return args.db
    if args.config or default_config_path().exists():
        data_dir = settings_from_args(argparse.Namespace(config=args.config, demo=False)).data_dir
    else:
        data_dir = default_data_dir()
    return catalog_path(data_dir)


def _open(args: argparse.Namespace):
    path = db_path(args)
    path.parent.mkdir(parents=True, exist_ok=True)
    from kiosk.catalog import CatalogService

    return CatalogService(path)


def _import(args: argparse.Namespace) -> int:
    if args.demo == bool(args.path):
        print("kiosk catalog import: give a PATH or --demo (not both)", file=sys.stderr)
        return 2
    from kiosk.catalog import CatalogImportError

    path = DEMO_CATALOG if args.demo else args.path
    fmt = "feed" if args.demo else args.format
    try:
        service = _open(args)
        try:
            counts = service.import_file(path, fmt)
            version = service.version()
        finally:
            service.close()
    except CatalogImportError as exc:
        print(f"catalog import refused, catalog unchanged: {exc.one_line()}", file=sys.stderr)
        return 2
    print(f"imported {counts['items']} items in {counts['departments']} departments "
          f"({counts['bundles']} bundles, {counts['halls']} halls), catalog version {version}, "
          f"into {db_path(args)}")
    return 0


def _search(args: argparse.Namespace) -> int:
    service = _open(args)
    try:
        hits = service.search(args.query, limit=max(1, args.limit), dept_code=args.dept, topic_code=args.topic,
                              audience=args.audience, terminal_only=args.terminal_only)
    finally:
        service.close()
    for n, hit in enumerate(hits, start=1):
        if args.json:
            print(json.dumps(asdict(hit), ensure_ascii=False))
        else:
            print(f"{n:>3}. {hit.task_name}  [{hit.dept_name}]  {hit.task_code}  ({hit.score:g}, {hit.matched})")
    if not hits and not args.json:
        print("no items found")
    return 0


def _stats(args: argparse.Namespace) -> int:
    service = _open(args)
    try:
        stats = service.stats()
    finally:
        service.close()
    if args.json:
        print(json.dumps(asdict(stats), ensure_ascii=False))
    else:
        for key, value in asdict(stats).items():
            print(f"{key}: {value}")
    return 0
