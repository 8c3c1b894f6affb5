"""``kiosk hub serve|token``: run the hall's hub and manage terminal tokens."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from launcher.hub_admin import add_create_flag
from launcher.hub_admin import db_url as _db_url
from launcher.hub_admin import open_database as _database
from launcher.terminal import safe_line

# hub (FastAPI, SQLAlchemy, uvicorn: ~1 s) is imported inside the handlers.


def register(sub: argparse._SubParsersAction) -> None:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db",
        metavar="URL",
        help="SQLite file path, sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB "
        "(default: $HUB_DB, HUB_DB in /etc/hall-kiosk/hub.env, else <data_dir>/hub.sqlite)",
    )
    p = sub.add_parser("hub", help="run the hall's hub server; manage terminal tokens")
    hsub = p.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    serve = hsub.add_parser("serve", parents=[db], help="serve the hub API (docs/hub-api.md)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (PostgreSQL or SQLite)")
    serve.add_argument("--hall", type=Path, metavar="FILE", help="hall file (TOML); default: the demo hall")
    serve.add_argument(
        "--status-password",
        metavar="PW",
        default=os.environ.get("KIOSK_HUB_STATUS_PASSWORD"),
        help="password for /status besides an admin token (or set KIOSK_HUB_STATUS_PASSWORD)",
    )
    serve.add_argument(
        "--keepalive", type=float, default=15.0, metavar="S", help="longest silence on an event stream (seconds)"
    )
    serve.add_argument(
        "--event-fallback",
        type=float,
        default=2.0,
        metavar="S",
        help="PostgreSQL: how often each worker re-reads the events table although NOTIFY wakes it (seconds)",
    )
    serve.add_argument("--city", action="store_true", help="serve as the city hub (PostgreSQL; docs/city.md)")
    serve.add_argument("--platform", metavar="URL", help="with --city: the government platform's adapter URL")
    serve.add_argument(
        "--platform-seal",
        choices=("off", "sign", "sign+encrypt"),
        default="off",
        help="with --platform: SM3-HMAC signatures, and SM4 body encryption (docs/city.md, Sealed messages)",
    )
    serve.add_argument(
        "--platform-key",
        metavar="FILE",
        help="the seal's key file (default: systemd's credential platform-seal, $CREDENTIALS_DIRECTORY)",
    )
    serve.set_defaults(handler=_serve)
    tok = hsub.add_parser("token", help="create, list and revoke terminal tokens")
    tsub = tok.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    create = tsub.add_parser("create", parents=[db], help="create a token; the last line printed is the token")
    create.add_argument("--terminal", required=True, metavar="NAME")
    create.add_argument("--role", required=True, choices=("kiosk", "window", "display", "admin"))
    create.add_argument("--window", type=int, metavar="N", help="the window's number (role window)")
    add_create_flag(create)
    create.set_defaults(handler=_token_create)
    lst = tsub.add_parser("list", parents=[db], help="list tokens (never the tokens themselves)")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=_token_list)
    rev = tsub.add_parser("revoke", parents=[db], help="revoke a token by id, or all of a terminal")
    rev.add_argument("ident", metavar="ID|TERMINAL")
    rev.set_defaults(handler=_token_revoke)
    _register_staff(hsub, db)
    cat = hsub.add_parser("catalog", help="publish catalog versions to the terminals")
    csub = cat.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    pub = csub.add_parser(
        "publish",
        parents=[db],
        help="publish a catalog feed (docs/catalog-feed.md) as the next version; terminals fetch only what changed",
    )
    pub.add_argument("file", type=Path, metavar="FILE")
    pub.add_argument(
        "--allow-shrink",
        action="store_true",
        help="publish even when the feed removes more than half of the published items (or all); "
        "terminals then accept it too",
    )
    add_create_flag(pub)
    pub.set_defaults(handler=_catalog_publish)
    st = csub.add_parser(
        "status",
        parents=[db],
        help="the published versions, and the terminals that refused one (from their heartbeats)",
    )
    st.set_defaults(handler=_catalog_status)
    from launcher import cmd_hub_pair  # pair, report, followup

    cmd_hub_pair.register(hsub, db, _guarded)
    from launcher import cmd_hub_backup  # backup, restore

    cmd_hub_backup.register(hsub, db, _guarded)
    from launcher import cmd_hub_city  # city hall|pair|unlink|rectifications|rectify, link

    cmd_hub_city.register(hsub, db, _guarded)


def _fail(message: str) -> int:
    print(f"kiosk hub: {message}", file=sys.stderr)
    return 2


def _guarded(fn):
    """Database and hall errors end as one line and exit status 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            return fn(args)
        except Exception as exc:
            if _is(exc, "hub.hall", "HallError", "hub.tokens", "TokenError", "hub.staff", "StaffError"):
                return _fail(str(exc))
            if _is(exc, "hub.city.errors", "CityError", "common.seal_key", "SealKeyError"):
                return _fail(str(exc))  # never a key's value: the seal's errors name only the file and field
            if _is(exc, "hub.db", "DatabaseUrlError"):
                return _fail(str(exc))
            if _is(exc, "hub.serve", "ListenError"):
                assert isinstance(exc, OSError)
                return _fail(exc.strerror or str(exc))
            if _is(exc, "hub.db", "DatabaseFailure"):
                first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
                return _fail(f"database {_db_url(args)}: {first}")
            raise

    return run


def _is(exc: BaseException, *module_and_class: str) -> bool:
    """``exc`` is one of the named classes (module, class, module, class, ...). A class
    is looked up only when its module is loaded: a command that never imported it
    cannot have raised it, and importing hub.serve (uvicorn) or hub.staff only to name
    their errors cost every token command ~0.2 s (issue 15)."""
    pairs = zip(module_and_class[::2], module_and_class[1::2], strict=True)
    for module, name in pairs:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return True
    return False


@_guarded
def _serve(args: argparse.Namespace) -> int:
    from hub.hall import demo_hall, load_hall
    from hub.serve import prepare, serve
    from hub.settings import HubSettings

    if not 0 <= args.port <= 65535:
        return _fail(f"--port {args.port}: give a port number from 1 to 65535 (0: any free port)")
    if not 0.1 <= args.keepalive <= 3600:
        return _fail(f"--keepalive {args.keepalive:g}: give between 0.1 and 3600 seconds")
    hall = load_hall(args.hall) if args.hall else demo_hall()
    if args.workers < 1:
        return _fail("--workers must be 1 or more")
    if not 0.05 <= args.event_fallback <= 3600:
        return _fail("--event-fallback must be between 0.05 and 3600 seconds")
    if args.platform and not args.city:
        return _fail("--platform is for the city hub: add --city")
    if args.city and not _db_url(args).startswith(("postgresql", "postgres:")):
        return _fail("--city needs a PostgreSQL --db (postgresql+psycopg://USER@HOST:PORT/DB)")
    key_file = None
    if args.platform_seal != "off":
        if not args.platform:
            return _fail("--platform-seal is for the platform link: add --platform URL")
        from hub.city.platform.seal import checked_key_file

        key_file = checked_key_file(args.platform_seal, args.platform_key)  # a bad key stops here, in one line
    settings = HubSettings(
        db_url=_db_url(args),
        hall=hall,
        hall_file=str(args.hall.resolve()) if args.hall else None,
        status_password=args.status_password,
        keepalive_s=args.keepalive,
        fallback_s=args.event_fallback,
        city=args.city,
        platform_url=args.platform,
        platform_seal=args.platform_seal,
        platform_key_file=key_file,
    )
    dialect = prepare(settings)
    print(
        f"kiosk hub: {hall.name} ({hall.code}) on http://{args.host}:{args.port} db={dialect} workers={args.workers}",
        flush=True,
    )
    serve(settings, args.host, args.port, args.workers)
    return 0


@_guarded
def _token_create(args: argparse.Namespace) -> int:
    from hub import tokens

    tokens.check_request(args.terminal, args.role, args.window)  # before the database is opened
    with _database(args) as engine:
        token_id, token = tokens.create(engine, args.terminal, args.role, args.window)
    where = f" window {args.window}" if args.window else ""
    print(safe_line(f"token {token_id} for {args.terminal} ({args.role}{where}); it is shown only once:"))
    print(token)
    return 0


@_guarded
def _token_list(args: argparse.Namespace) -> int:
    from hub import tokens

    with _database(args) as engine:
        rows = tokens.list_all(engine)
    for row in rows:
        row.pop("token_hash")
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            state = "revoked" if row["revoked_at"] else "live"
            window = f" window {row['window']}" if row["window"] else ""
            # A terminal's name is anyone's text: ESC or a newline must not reach the screen.
            print(safe_line(f"{row['id']}  {row['terminal']}  {row['role']}{window}  {state}"))
    return 0


@_guarded
def _token_revoke(args: argparse.Namespace) -> int:
    from hub import tokens

    with _database(args) as engine:
        n = tokens.revoke(engine, args.ident)
    print(f"revoked {n} token{'s' if n != 1 else ''}")
    return 0


def _register_staff(hsub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    st = hsub.add_parser("staff", help="add, list and remove the hall's clerks (staff number + PIN)")
    ssub = st.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    add = ssub.add_parser("add", parents=[db], help="add a clerk; without --pin the PIN is asked twice")
    add.add_argument("--number", required=True, metavar="N", help="staff number (工号)")
    add.add_argument("--name", required=True, metavar="NAME")
    add.add_argument("--pin", metavar="PIN", help="4-12 digits (omit to be asked, unseen)")
    add_create_flag(add)
    add.set_defaults(handler=_staff_add)
    lst = ssub.add_parser("list", parents=[db], help="list clerks (never their PINs)")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=_staff_list)
    rm = ssub.add_parser("remove", parents=[db], help="remove a clerk by staff number")
    rm.add_argument("number", metavar="N")
    rm.set_defaults(handler=_staff_remove)


@_guarded
def _staff_add(args: argparse.Namespace) -> int:
    from hub import staff

    pin = args.pin
    if pin is None:
        import getpass

        try:
            pin = getpass.getpass("PIN (4-12 digits): ")
            again = getpass.getpass("PIN again: ")
        except (EOFError, KeyboardInterrupt):
            return _fail("no PIN given (use --pin PIN or type it when asked)")
        if pin != again:
            return _fail("the two PINs differ; nothing was added")
    staff.check_number(args.number)
    staff.check_pin(pin)
    with _database(args) as engine:
        clerk = staff.add(engine, args.number, args.name, pin)
    print(f"added staff {clerk.number} ({clerk.name})")
    return 0


@_guarded
def _staff_list(args: argparse.Namespace) -> int:
    from hub import staff

    with _database(args) as engine:
        rows = staff.list_all(engine)
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(safe_line(f"{row['number']}  {row['name']}{'  locked' if row['locked'] else ''}"))
    return 0


@_guarded
def _staff_remove(args: argparse.Namespace) -> int:
    from hub import staff

    with _database(args) as engine:
        staff.remove(engine, args.number)
    print(f"removed staff {args.number}")
    return 0


@_guarded
def _catalog_publish(args: argparse.Namespace) -> int:
    from hub.catalog import CatalogShrinkError, CatalogVersionError, publish
    from launcher.feed_file import FeedFileError, read_feed
    from offline_cache.catalog import check_batch
    from offline_cache.catalog.errors import CatalogImportError
    from offline_cache.wire import WireError

    try:
        doc = read_feed(args.file)
    except FeedFileError as exc:
        return _fail(str(exc))
    try:
        # The import's own checks, every field, before the hub stores anything: the
        # terminals run them too, and a version they all refuse helps nobody.
        check_batch(doc)
    except CatalogImportError as exc:
        return _fail(f"catalog.publish.invalid: {args.file}: {exc.one_line()}")
    import time

    try:
        with _database(args) as engine:
            done = publish(engine, doc, time.time(), allow_shrink=args.allow_shrink)
    except WireError as exc:
        return _fail(f"catalog.publish.malformed: {args.file}: {exc}")
    except (CatalogVersionError, CatalogShrinkError) as exc:
        return _fail(str(exc))
    print(
        f"published catalog version {done['version']}: {done['items']} items, "
        f"{done['changed']} new or changed, {done['removed']} removed"
    )
    return 0


@_guarded
def _catalog_status(args: argparse.Namespace) -> int:
    from hub import db
    from hub.catalog import versions
    from hub.heartbeats import list_heartbeats
    from launcher.terminal import safe_line

    with _database(args) as engine:
        published = versions(engine)
        with db.read(engine) as conn:
            beats = list_heartbeats(conn)
    if not published:
        print("no catalog version published yet")
    for v in published[:5]:
        print(f"version {v['version']}: {v['items']} items, {v['changed']} new or changed, {v['removed']} removed")
    for beat in beats:
        refused = beat["devices"].get("catalog")
        if isinstance(refused, dict) and refused.get("key"):
            print(
                safe_line(
                    f"terminal {beat['terminal']} refused catalog version {refused.get('version')}: {refused['key']}"
                )
            )
    return 0
