"""Catalog versions down the tree: the city publishes a feed once, every linked hall hub
pulls it and republishes it for its terminals; a hall that cannot take a version keeps
what it had and the city sees the refusal. Real processes: PostgreSQL, the city hub,
two SQLite hall hubs, the platform simulator; the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.feeds import tiny_feed
from tests.rigs.city import link_hall, running_city, running_hall, running_platform, wait_for
from tests.rigs.hub import HubRigError, kiosk_cli


def _admin(city) -> str:
    from hub import db, tokens

    engine = db.make_engine(city.db_url, pool_size=1)
    try:
        return tokens.create(engine, "city-admin", "admin")[1]
    finally:
        engine.dispose()


def _versions(hall) -> list[int]:
    r = httpx.get(hall.url + "/api/v1/catalog/versions", headers=hall.headers("kiosk"))
    assert r.status_code == 200, r.text
    return [v["version"] for v in r.json()]


def _write(folder: Path, name: str, doc: dict) -> Path:
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_city_version_reaches_every_hall_and_a_refusal_is_seen(tmp_path: Path, pg_cluster, monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_CITY_SNAPSHOT_S", "1")
    feed = tiny_feed()
    first = _write(tmp_path, "v7.json", feed)
    own = _write(tmp_path, "v100.json", {**feed, "catalog_version": 100, "items": feed["items"][:1]})
    with (
        running_platform(tmp_path / "platform") as platform,
        running_city(tmp_path, pg_cluster, platform.url) as city,
        running_hall(tmp_path, "hall-a") as hall_a,
        running_hall(tmp_path, "hall-b") as hall_b,
    ):
        # Hall B published its own version 100 before: the city's 7 is not newer there.
        kiosk_cli("hub", "catalog", "publish", str(own), "--db", hall_b.db_url)
        link_hall(city, hall_a, "XA-BL")
        link_hall(city, hall_b, "XA-YT", "雁塔区政务服务中心", district="雁塔区")
        out = kiosk_cli("hub", "city", "catalog", "publish", str(first), "--db", city.db_url).stdout
        assert "published catalog version 7" in out

        wait_for(lambda: _versions(hall_a) == [7], what="version 7 at hall A")
        r = httpx.get(hall_a.url + "/api/v1/catalog/changes?since=0", headers=hall_a.headers("kiosk"))
        got = r.json()
        assert got["version"] == 7 and sorted(i["task_code"] for i in got["upserts"]) == ["T-DB", "T-GLJT", "T-LNZ"]
        assert got["rest"]["topics"] == feed["topics"]  # the terminals get the whole feed, not just items

        admin = {"Authorization": f"Bearer {_admin(city)}"}

        def catalog_of(code: str) -> dict | None:
            halls = httpx.get(city.url + "/api/v1/city/halls", headers=admin).json()
            snap = next(h for h in halls if h["code"] == code)["snapshot"]
            return snap and snap.get("catalog")

        refused = wait_for(
            lambda: (c := catalog_of("XA-YT")) and c["refused"], what="hall B's refusal at the city", timeout_s=30
        )
        assert refused["version"] == 7 and "catalog.version_not_newer" in refused["error"]
        assert _versions(hall_b) == [100]  # nothing changed at hall B
        wait_for(lambda: (c := catalog_of("XA-BL")) and c["version"] == 7 and not c["refused"], what="hall A at 7")

        # The shrink guard: version 8 keeps one item of three.
        small = _write(tmp_path, "v8.json", {**feed, "catalog_version": 8, "items": feed["items"][:1]})
        with pytest.raises(HubRigError, match="city.catalog.shrinks"):
            kiosk_cli("hub", "city", "catalog", "publish", str(small), "--db", city.db_url)
        with pytest.raises(HubRigError, match="city.catalog.not_newer"):
            kiosk_cli("hub", "city", "catalog", "publish", str(first), "--db", city.db_url)
        kiosk_cli("hub", "city", "catalog", "publish", str(small), "--db", city.db_url, "--allow-shrink")
        wait_for(lambda: _versions(hall_a) == [8, 7], what="version 8 at hall A")
        assert _versions(hall_b) == [100]


def _kiosk(*args: str):
    import subprocess
    import sys

    from tests.rigs.hub import REPO, _env

    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, env=_env(), cwd=REPO, timeout=60
    )


@pytest.mark.parametrize(
    ("content", "args", "key"),
    [
        ("{", ("catalog", "publish"), "city.catalog.bad_json"),
        ('{"format": "x"}', ("catalog", "publish"), "city.catalog.malformed"),
        (None, ("catalog", "publish"), "city.catalog.unreadable"),
        ("", ("report", "--date", "2026-02-30"), "city.report.bad_date"),
        ("", ("report", "--month", "12/2026"), "city.report.bad_date"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_database(tmp_path: Path, content, args, key) -> None:
    feed = tmp_path / "feed.json"
    if content is not None:
        feed.write_text(content, encoding="utf-8")
    if args[0] == "catalog":
        args = (*args, str(feed))
    db = tmp_path / "city.sqlite"
    out = _kiosk("hub", "city", *args, "--db", str(db))
    assert out.returncode == 2, out.stderr
    assert key in out.stderr and len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    assert not db.exists()  # refused before a database was made at --db
