"""``kiosk catalog import|search|stats``: load and query the offline catalog."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.catalog.paths import DEMO_CATALOG, catalog_path
from launcher.terminal import safe_line

if TYPE_CHECKING:
    from offline_cache.catalog.errors import CatalogError

SEARCH_LIMIT_MAX = 1000

# kiosk.catalog (sqlite-utils, pypinyin: ~0.7 s) is imported inside the handlers, so that
# `kiosk --help` and `kiosk run` do not pay for it at start-up.


def register(sub: argparse._SubParsersAction) -> None:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", type=Path, metavar="PATH", help="catalog database (default: <data_dir>/catalog.sqlite)")
    p = sub.add_parser("catalog", help="import, search and count the offline service catalog")
    csub = p.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    imp = csub.add_parser("import", parents=[db], help="replace the catalog from a file (all or nothing)")
    imp.add_argument("path", nargs="?", type=Path, help="catalog file (JSON)")
    imp.add_argument(
        "--format",
        choices=("feed", "guangan"),
        default="feed",
        help="feed: this project's catalog feed (docs/catalog-feed.md); guangan: the Guang'an district directory",
    )
    imp.add_argument("--demo", action="store_true", help="import the bundled Xi'an demo catalog")
    imp.add_argument(
        "--allow-shrink",
        action="store_true",
        help="accept a file that removes more than half of the items in the catalog, "
        "or all of them (refused otherwise: an empty export is usually a broken one)",
    )
    imp.set_defaults(handler=_import)
    find = csub.add_parser("search", parents=[db], help="search the catalog as the kiosk does")
    find.add_argument("query")
    find.add_argument("--json", action="store_true", help="one JSON object per line, best first")
    find.add_argument("--limit", type=int, default=10, help=f"at most this many results (1-{SEARCH_LIMIT_MAX})")
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
    from kiosk.config import default_config_path  # the configuration only when it decides
    from kiosk.config.loader import default_data_dir
    from launcher.resolve import settings_from_args

    if args.config or default_config_path().exists():
        data_dir = settings_from_args(argparse.Namespace(config=args.config, demo=False)).data_dir
    else:
        data_dir = default_data_dir()
    return catalog_path(data_dir)


def _open(args: argparse.Namespace, *, create: bool):
    """The catalog service on ``db_path(args)``; ``create=False`` for reading only (a
    mistyped path then says so instead of making folders and an empty catalog)."""
    from kiosk.catalog import CatalogService

    return CatalogService(db_path(args), create=create)


def _refused(exc: CatalogError, prefix: str = "") -> int:
    """Print ``exc`` as one line a technician can act on; the exit status (2)."""
    from offline_cache.catalog.errors import CatalogUnavailable

    if isinstance(exc, CatalogUnavailable):
        from ui.i18n import text_in

        text = text_in("en", exc.key, **exc.data) or exc.key
        line = f"{prefix}{text} [{exc.key}]"
    else:
        line = f"{prefix}{exc.one_line()}"
    print(safe_line(line), file=sys.stderr)
    return 2


def _import(args: argparse.Namespace) -> int:
    if args.demo == bool(args.path):
        print("kiosk catalog import: give a PATH or --demo (not both)", file=sys.stderr)
        return 2
    path = DEMO_CATALOG if args.demo else args.path
    fmt = "feed" if args.demo else args.format
    from offline_cache.catalog.opening import new_paths, remove_quietly

    undo = new_paths(db_path(args))
    status = 2
    try:
        status = _import_into(args, path, fmt)
        return status
    finally:
        if status != 0:  # a refused import into a new file leaves nothing behind
            remove_quietly(undo)


def _import_into(args: argparse.Namespace, path: Path, fmt: str) -> int:
    from offline_cache.catalog.errors import CatalogError, CatalogImportError

    try:
        service = _open(args, create=True)
        try:
            counts = service.import_file(path, fmt, allow_shrink=args.allow_shrink)
            version = service.version()
        finally:
            service.close()
    except CatalogImportError as exc:
        if exc.key == "catalog.import.shrinks":
            d = exc.data
            print(
                safe_line(
                    f"catalog import refused, catalog unchanged: {path} would remove {d['removed']} of "
                    f"the {d['before']} items ({d['after']} left); pass --allow-shrink if that is "
                    f"intended [{exc.key}]"
                ),
                file=sys.stderr,
            )
            return 2
        return _refused(exc, "catalog import refused, catalog unchanged: ")
    except CatalogError as exc:
        return _refused(exc, "catalog import refused, catalog unchanged: ")
    print(
        safe_line(
            f"imported {counts['items']} items in {counts['departments']} departments "
            f"({counts['bundles']} bundles, {counts['halls']} halls), catalog version {version}, "
            f"into {db_path(args)}"
        )
    )
    return 0


def _search(args: argparse.Namespace) -> int:
    if not 1 <= args.limit <= SEARCH_LIMIT_MAX:
        print(
            f"kiosk catalog search: --limit must be between 1 and {SEARCH_LIMIT_MAX} (got {args.limit})",
            file=sys.stderr,
        )
        return 2
    from offline_cache.catalog.errors import CatalogError

    try:
        service = _open(args, create=False)
        try:
            hits = service.search(
                args.query,
                limit=args.limit,
                dept_code=args.dept,
                topic_code=args.topic,
                audience=args.audience,
                terminal_only=args.terminal_only,
            )
        finally:
            service.close()
    except CatalogError as exc:
        return _refused(exc)
    from dataclasses import asdict  # with inspect: not for `kiosk --help`

    for n, hit in enumerate(hits, start=1):
        if args.json:
            print(json.dumps(asdict(hit), ensure_ascii=False))
        else:
            print(
                safe_line(
                    f"{n:>3}. {hit.task_name}  [{hit.dept_name}]  {hit.task_code}  ({hit.score:g}, {hit.matched})"
                )
            )
    if not hits and not args.json:
        print("no items found")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from offline_cache.catalog.errors import CatalogError

    try:
        service = _open(args, create=False)
        try:
            stats = service.stats()
        finally:
            service.close()
    except CatalogError as exc:
        return _refused(exc)
    from dataclasses import asdict

    if args.json:
        print(json.dumps(asdict(stats), ensure_ascii=False))
    else:
        for key, value in asdict(stats).items():
            print(safe_line(f"{key}: {value}"))
    return 0
