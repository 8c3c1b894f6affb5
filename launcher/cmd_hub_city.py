"""``kiosk hub city ...`` (on the city hub) and ``kiosk hub link`` (on a hall hub): the
halls registry, pairing codes for hall hubs, rectifications of bad ratings, and the
hall's one-time link to its city (docs/city.md).

Registered by ``launcher.cmd_hub`` into its ``hub`` sub-commands.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path


def register(hsub: argparse._SubParsersAction, db: argparse.ArgumentParser, guarded: Callable) -> None:
    """Add the commands; ``db`` is the ``--db`` parent, ``guarded`` the one-line-error wrapper."""

    def city_guarded(fn: Callable) -> Callable:
        return guarded(_city_errors(fn))

    city = hsub.add_parser("city", help="the city hub: halls registry, hall pairing codes, rectifications")
    csub = city.add_subparsers(dest="city_command", metavar="ACTION", required=True)
    hall = csub.add_parser("hall", help="add and list the halls and stations the city knows")
    hsub2 = hall.add_subparsers(dest="hall_command", metavar="ACTION", required=True)
    add = hsub2.add_parser("add", parents=[db], help="add a hall or station (or change the one with this code)")
    add.add_argument("--code", required=True, metavar="CODE", help="the hall's code (letters, digits, -)")
    add.add_argument("--name", required=True, metavar="NAME")
    add.add_argument("--level", required=True, choices=("city", "district", "street", "community", "post"))
    add.add_argument("--district", default="", metavar="NAME")
    add.add_argument("--address", default="", metavar="TEXT")
    add.add_argument(
        "--hours", default="", metavar="TEXT", help='opening hours as people read them, e.g. "周一至周五 9:00-17:00"'
    )
    add.add_argument(
        "--rectify-days", type=int, default=5, metavar="N", help="working days to rectify a bad rating (default 5)"
    )
    add.set_defaults(handler=city_guarded(_hall_add))
    lst = hsub2.add_parser("list", parents=[db], help="list the halls")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=city_guarded(_hall_list))
    pair = csub.add_parser(
        "pair",
        parents=[db],
        help="a 6-digit code a hall hub exchanges once for its credential; the last line is the code",
    )
    pair.add_argument("--hall", required=True, metavar="CODE")
    pair.set_defaults(handler=city_guarded(_pair))
    unlink = csub.add_parser("unlink", parents=[db], help="revoke a hall hub's credential (it must pair again)")
    unlink.add_argument("--hall", required=True, metavar="CODE")
    unlink.set_defaults(handler=city_guarded(_unlink))
    rlist = csub.add_parser("rectifications", parents=[db], help="rectifications of bad ratings, open ones first")
    rlist.add_argument("--overdue", action="store_true", help="only open ones past their deadline")
    rlist.add_argument("--json", action="store_true")
    rlist.set_defaults(handler=city_guarded(_rect_list))
    close = csub.add_parser("rectify", parents=[db], help="record the call-back and result of a rectification")
    close.add_argument("evaluation", metavar="EVALUATION_ID")
    close.add_argument("--owner", required=True, metavar="NAME", help="who rectified (a staff number or role)")
    close.add_argument("--result", required=True, metavar="TEXT", help="what was done (no personal data)")
    close.add_argument("--no-callback", action="store_true", help="the citizen could not be called back")
    close.set_defaults(handler=city_guarded(_rectify))
    cat = csub.add_parser("catalog", help="catalog versions for every linked hall (down the tree)")
    catsub = cat.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    pub = catsub.add_parser(
        "publish", parents=[db], help="publish a catalog feed once at the city; every linked hall pulls it"
    )
    pub.add_argument("file", type=Path, metavar="FILE", help="catalog feed (docs/catalog-feed.md)")
    pub.add_argument(
        "--allow-shrink", action="store_true", help="accept a feed that removes more than half of the items"
    )
    pub.set_defaults(handler=city_guarded(_catalog_publish))
    rep = csub.add_parser("report", parents=[db], help="a day's or a month's figures across the halls")
    when = rep.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", metavar="YYYY-MM-DD")
    when.add_argument("--month", metavar="YYYY-MM")
    rep.add_argument("--format", choices=("csv", "html"), default="csv")
    rep.add_argument("--district", default="", metavar="NAME", help="only the halls of this district")
    rep.add_argument("--level", default="", choices=("", "city", "district", "street", "community", "post"))
    rep.add_argument("--out", type=Path, metavar="FILE", help="write here (default: standard output)")
    rep.set_defaults(handler=city_guarded(_report))
    link = hsub.add_parser("link", parents=[db], help="link this hall hub to its city hub once, with a code from it")
    link.add_argument("--city", metavar="URL", help="the city hub, e.g. https://city.example:8700")
    link.add_argument("--code", metavar="N", help="the code from `kiosk hub city pair` on the city")
    link.add_argument(
        "--status", action="store_true", help="only show the link: city, hall code, records waiting, last error"
    )
    link.set_defaults(handler=city_guarded(_link))


def _fail(message: str) -> int:
    print(f"kiosk hub: {message}", file=sys.stderr)
    return 2


def _city_errors(fn: Callable) -> Callable:
    def run(args: argparse.Namespace) -> int:
        from hub.city.errors import CityError

        try:
            return fn(args)
        except CityError as exc:
            return _fail(f"{exc.code}: {exc.message}")

    return run


def _database(args: argparse.Namespace):
    from launcher.hub_admin import open_database as database

    return database(args)


def _hall_add(args: argparse.Namespace) -> int:
    from hub.city import registry

    entry = registry.check(
        registry.HallEntry(args.code, args.name, args.level, args.district, args.address, args.hours, args.rectify_days)
    )
    with _database(args) as engine:
        registry.add(engine, entry)
    print(f"hall {entry.code} ({entry.name}, {entry.level}) registered")
    return 0


def _hall_list(args: argparse.Namespace) -> int:
    from hub.city import registry

    with _database(args) as engine:
        halls = registry.list_all(engine)
    for h in halls:
        if args.json:
            print(json.dumps(h.to_dict(), ensure_ascii=False))
        else:
            print(f"{h.code}  {h.name}  {h.level}  {h.district}  rectify {h.rectify_days} working days")
    return 0


def _pair(args: argparse.Namespace) -> int:
    from hub.city import links

    with _database(args) as engine:
        code, expires = links.create_code(engine, args.hall)
    until = datetime.fromtimestamp(expires).strftime("%H:%M")
    print(f"pairing code for hall {args.hall}; run `kiosk hub link --city URL --code N` on its hub before {until}:")
    print(code)
    return 0


def _unlink(args: argparse.Namespace) -> int:
    from hub.city import links

    with _database(args) as engine:
        n = links.revoke(engine, args.hall)
    print(f"revoked {n} credential{'s' if n != 1 else ''} of hall {args.hall}")
    return 0


def _rect_list(args: argparse.Namespace) -> int:
    from hub.city import rectify

    with _database(args) as engine:
        rows = rectify.listing(engine, date.today(), overdue_only=args.overdue)
    for r in rows:
        if args.json:
            print(json.dumps(r, ensure_ascii=False))
        else:
            state = "closed" if r["closed_at"] else ("OVERDUE" if r["overdue"] else "open")
            print(f"{r['evaluation_id']}  {r['hall_code']}  {r['satisfaction']}  due {r['deadline']}  {state}")
    return 0


def _rectify(args: argparse.Namespace) -> int:
    from hub.city import rectify

    with _database(args) as engine:
        rectify.close(engine, args.evaluation, owner=args.owner, result=args.result, called_back=not args.no_callback)
    print(f"rectification of {args.evaluation} closed; the result goes to the platform")
    return 0


def _catalog_publish(args: argparse.Namespace) -> int:
    from hub.city import catalog_city

    try:
        if args.file.stat().st_size > 512 * 1024 * 1024:
            return _fail(f"city.catalog.too_large: {args.file} is over 512 MiB")
        doc = json.loads(args.file.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        return _fail(f"city.catalog.unreadable: {args.file}: {exc.strerror or exc}")
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return _fail(f"city.catalog.bad_json: {args.file}: {str(exc).splitlines()[0][:200]}")
    catalog_city.check(doc)  # a bad feed is refused before the database is opened
    with _database(args) as engine:
        done = catalog_city.publish(engine, doc, time.time(), allow_shrink=args.allow_shrink)
    print(
        f"published catalog version {done['version']} for every linked hall: {done['items']} items, "
        f"{done['changed']} new or changed, {done['removed']} removed"
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    from hub.city import page, report

    p = report.period(args.date, args.month)  # a bad date is refused before the database is opened
    today = datetime.now(report.CST).date()
    with _database(args) as engine:
        rows = report.build(engine, p, today, district=args.district or None, level=args.level or None)
    text = report.to_csv(rows) if args.format == "csv" else page.report_page(rows, p, today.isoformat())
    if args.out is None:
        sys.stdout.write(text.lstrip("\ufeff"))
        return 0
    tmp = args.out.with_name(f".{args.out.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(args.out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        return _fail(f"city.report.unwritable: --out {args.out}: {exc.strerror or exc}")
    print(f"wrote {args.out}")
    return 0


def _link(args: argparse.Namespace) -> int:
    from hub.city import http
    from hub.city.uplink_store import save_link

    if args.status:
        return _link_status(args)
    if not args.city or not args.code:
        return _fail("city.link.usage: give --city URL and --code N (or --status)")
    url = args.city.rstrip("/")
    if not url.startswith(("http://", "https://")) or len(url) > 300:
        return _fail(f"city.link.bad_url: --city {args.city[:80]!r}: give the city hub's http(s):// URL")
    code = args.code.strip()
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return _fail("city.pairing.malformed: --code is the 6 digits from `kiosk hub city pair`")
    try:
        got = http.request("POST", url + "/api/v1/city/link", json.dumps({"code": code}).encode(), timeout_s=15)
    except http.Unreachable as exc:
        return _fail(f"city.unreachable: cannot reach {url}: {exc}")
    except http.Answered as exc:
        return _fail(f"{exc.code}: {exc.message or exc.status}")
    if not isinstance(got, dict) or not all(isinstance(got.get(k), str) for k in ("hall_code", "credential")):
        return _fail(f"city.link.bad_answer: {url} did not answer like a city hub")
    with _database(args) as engine:
        save_link(engine, url, got["hall_code"], got["credential"], clock=time.time)
    print(f"linked to the city hub {url} as hall {got['hall_code']} ({got.get('hall_name', '')})")
    return 0


def _link_status(args: argparse.Namespace) -> int:
    from hub.city import uplink_store

    with _database(args) as engine:
        state = uplink_store.link_state(engine)
    if state is None:
        print("not linked to a city hub (kiosk hub link --city URL --code N)")
        return 0
    seen = datetime.fromtimestamp(state["last_contact"]).isoformat(" ", "seconds") if state["last_contact"] else "never"
    print(f"linked to {state['city_url']} as hall {state['hall_code']}; last contact {seen}")
    print(f"waiting {state['pending']}, dead letters {state['dead']}, sent {state['sent']}")
    if state["last_error"]:
        print(f"last error: {state['last_error']}")
    return 0
