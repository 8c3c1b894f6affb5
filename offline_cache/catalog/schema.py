"""The catalog database schema, as numbered migrations kept in code.

``PRAGMA user_version`` holds the number of migrations applied; :func:`migrate` runs the
missing ones in order, each in its own transaction.
"""

from __future__ import annotations

import json
import sqlite3
import zlib

from offline_cache.catalog import fields as F

_SQL_TYPES = {"str": "TEXT", "text": "TEXT", "int": "INTEGER", "bool": "INTEGER", "strlist": "TEXT", "intlist": "TEXT"}


def _columns(specs: dict[str, F.Spec]) -> str:
    return ", ".join(f"{name} {_SQL_TYPES[spec.kind]}" for name, spec in specs.items())


ITEM_COLUMNS = [*F.ITEM, *F.ITEM_LISTS]
MATERIAL_COLUMNS = list(F.MATERIAL)
FEE_COLUMNS = list(F.FEE)
FAQ_COLUMNS = list(F.FAQ)
HALL_COLUMNS = [*F.HALL, *(f"hours_{d}" for d in F.HOURS)]

# The search index, dropped and rebuilt by every import (in the import's transaction).
INDEX_TABLES = {
    # FTS5 trigram indexes. Values are wrapped as ^...$ so that the phrase "^q" finds a
    # prefix and "^q$" a whole value. Pinyin and initials get tables of their own: their
    # trigrams are common, and a column filter would still read the other columns' hits.
    "fts_text": "CREATE VIRTUAL TABLE fts_text USING fts5(name, keywords, context, tokenize = 'trigram')",
    "fts_py": "CREATE VIRTUAL TABLE fts_py USING fts5(py, tokenize = 'trigram')",
    "fts_ini": "CREATE VIRTUAL TABLE fts_ini USING fts5(initials, tokenize = 'trigram')",
    # One- and two-character queries, which a trigram index cannot answer: every 1- and
    # 2-gram of each name (and pinyin prefixes), clustered by gram then by item rank, so
    # "the top N items for this gram" is one index range read.
    "item_gram": """CREATE TABLE item_gram (gram TEXT NOT NULL, item_id INTEGER NOT NULL,
        PRIMARY KEY (gram, item_id)) WITHOUT ROWID""",
}

_V1 = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"CREATE TABLE departments ({_columns(F.DEPARTMENT)}, PRIMARY KEY (dept_code))",
    f"CREATE TABLE topics ({_columns(F.TOPIC)}, PRIMARY KEY (topic_code))",
    f"""CREATE TABLE halls ({_columns(F.HALL)}, {", ".join(f"hours_{d} TEXT" for d in F.HOURS)},
        PRIMARY KEY (hall_code))""",
    # id is the item's rank by frequency (1 = most asked for): index scans in id order
    # then return the most wanted items first without sorting.
    f"""CREATE TABLE items (id INTEGER PRIMARY KEY, {_columns({**F.ITEM, **F.ITEM_LISTS})},
        for_person INTEGER NOT NULL, for_enterprise INTEGER NOT NULL,
        py_full TEXT NOT NULL, py_initials TEXT NOT NULL,
        name_key TEXT NOT NULL, kw_keys TEXT NOT NULL, kw_py TEXT NOT NULL, kw_ini TEXT NOT NULL,
        ctx_key TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX items_task_code ON items (task_code)",
    "CREATE INDEX items_dept ON items (dept_code, id)",
    f"CREATE TABLE materials (item_id INTEGER NOT NULL, {_columns(F.MATERIAL)})",
    "CREATE INDEX materials_item ON materials (item_id, order_num)",
    f"CREATE TABLE fees (item_id INTEGER NOT NULL, seq INTEGER NOT NULL, {_columns(F.FEE)})",
    "CREATE INDEX fees_item ON fees (item_id, seq)",
    f"CREATE TABLE faq (item_id INTEGER NOT NULL, {_columns(F.FAQ)})",
    "CREATE INDEX faq_item ON faq (item_id, order_num)",
    """CREATE TABLE item_topics (topic_code TEXT NOT NULL, item_id INTEGER NOT NULL,
        PRIMARY KEY (topic_code, item_id)) WITHOUT ROWID""",
    f"CREATE TABLE bundles ({_columns(F.BUNDLE)}, PRIMARY KEY (bundle_code))",
    """CREATE TABLE bundle_items (bundle_code TEXT NOT NULL, seq INTEGER NOT NULL,
        task_code TEXT NOT NULL, PRIMARY KEY (bundle_code, seq)) WITHOUT ROWID""",
    *INDEX_TABLES.values(),
]

MIGRATIONS: list[list[str]] = [_V1]


# The top byte of ``PRAGMA application_id`` marks a file as this program's catalog
# (0x4B, "K"); the low 24 bits are a checksum of its schema. A file with another non-zero
# id, or with tables of its own and id 0, belongs to another program and is never touched.
APP_MARK = 0x4B000000


def fingerprint(version: int) -> int:
    """The application id of the schema as the first ``version`` migrations build it."""
    return APP_MARK | (_checksum(version) & 0x00FFFFFF)


def _legacy_fingerprint(version: int) -> int:
    """The id releases before the mark wrote (the bare checksum): still ours."""
    return _checksum(version) & 0x7FFFFFFF


def _checksum(version: int) -> int:
    text = "\n".join(sql for step in MIGRATIONS[:version] for sql in step)
    return zlib.crc32(text.encode("utf-8"))


def user_tables(conn: sqlite3.Connection) -> set[str]:
    """Names of the tables in the file (SQLite's own excluded)."""
    return {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    }


def ownership(conn: sqlite3.Connection) -> str:
    """Whose the database is, read without writing: ``"empty"`` (a new file, ours to
    build), ``"ours"`` (a catalog of this or another release) or ``"foreign"``."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = user_tables(conn)
    if app_id == 0:
        return "foreign" if tables else "empty"
    if app_id & 0x7F000000 == APP_MARK and "meta" in tables:
        return "ours"
    if 0 < version <= len(MIGRATIONS) and app_id == _legacy_fingerprint(version):
        return "ours"
    return "foreign"


class NewerSchema(Exception):
    """The catalog's schema is newer than this release knows (``catalog.newer_schema``)."""

    def __init__(self, found: int) -> None:
        self.found = found
        super().__init__(f"schema version {found}, this release knows {len(MIGRATIONS)}")


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date; return the schema version now in place.

    Call only on a file :func:`ownership` calls ours or empty. ``PRAGMA application_id``
    holds :func:`fingerprint` of the schema in place. A catalog of a NEWER release (more
    migrations than this code knows) is refused untouched: a downgraded terminal must not
    wipe what the newer release wrote (issue 17). A catalog whose schema at a known
    version is not the one this code built (a development build) is emptied and rebuilt:
    the catalog is a cache that the next import or sync refills.

    Raises:
        NewerSchema: the file was written by a newer release; nothing was changed.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise NewerSchema(version)
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if version and version <= len(MIGRATIONS) and app_id == _legacy_fingerprint(version):
        conn.execute(f"PRAGMA application_id = {fingerprint(version)}")  # same schema, new mark
        app_id = fingerprint(version)
    if version and (version > len(MIGRATIONS) or app_id != fingerprint(version)):
        _drop_all(conn)
        version = 0
    for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for sql in statements:
                conn.execute(sql)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute(f"PRAGMA application_id = {fingerprint(number)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)


def _drop_all(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        # Virtual tables first: dropping one drops its shadow tables with it.
        for name, _sql in sorted(rows, key=lambda r: not (r[1] or "").upper().startswith("CREATE VIRTUAL")):
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
        conn.execute("PRAGMA user_version = 0")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def to_sql(value: object) -> object:
    """Lists are stored as JSON text; everything else as is."""
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    return value
