"""The embedded hub of the demo and one-terminal stations: the first process starts it,
the next one joins it, and each gets a token of its own that the hub accepts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.config.loader import demo_settings
from kiosk.queue.connection import HubConnection
from launcher.embedded_hub import start_or_join
from offline_cache.sync.errors import HubRejected, Unauthorized
from tests.rigs.hub import free_port

pytestmark = pytest.mark.slow


def test_a_second_terminal_joins_the_hub_the_first_one_started(tmp_path: Path) -> None:
    port = free_port()
    window = replace(demo_settings("window"), data_dir=tmp_path)
    board = replace(demo_settings("display"), data_dir=tmp_path, terminal_id="T-BOARD")
    first, stop_first = start_or_join(window, port=port)
    try:
        second, stop_second = start_or_join(board, port=port)
        assert second.url == first.url == f"http://127.0.0.1:{port}"
        assert second.token != first.token
        with first.client() as clerk, second.client() as display:
            assert [s.prefix for s in display.services()][:3] == ["A", "B", "C"]
            with pytest.raises(HubRejected) as refused:  # a display may read, never call
                display.call_next(window.hall.window_no)
            assert refused.value.status == 403
            assert clerk.call_next(window.hall.window_no) is None  # nobody waiting yet
        stop_second()  # joined: stopping it leaves the hub to the first
        with first.client() as clerk:
            assert clerk.health()["status"] == "ok"
    finally:
        stop_first()


def test_a_hub_of_another_data_folder_on_the_port_is_not_joined(tmp_path: Path) -> None:
    port = free_port()
    other, stop_other = start_or_join(replace(demo_settings("kiosk"), data_dir=tmp_path / "a"), port=port)
    try:
        mine, stop_mine = start_or_join(replace(demo_settings("kiosk"), data_dir=tmp_path / "b"), port=port)
        try:
            assert mine.url != other.url  # its token would not be known there: a hub of its own
            with mine.client() as client:
                assert client.services()
            stranger = HubConnection(other.url, mine.token)
            with stranger.client() as client, pytest.raises(Unauthorized):
                client.services()
        finally:
            stop_mine()
    finally:
        stop_other()


def test_a_demo_hub_database_this_build_cannot_migrate_is_set_aside(tmp_path: Path) -> None:
    import sqlite3

    settings = replace(demo_settings("kiosk"), data_dir=tmp_path)
    first, stop = start_or_join(settings, port=free_port())
    stop()
    with sqlite3.connect(tmp_path / "hub.sqlite") as conn:  # as a database of another build
        conn.execute("UPDATE alembic_version SET version_num = 'f00d'")
    again, stop_again = start_or_join(settings, port=free_port())
    try:
        with again.client() as client:
            assert client.services()
        assert [p.name.split("-")[0] for p in tmp_path.glob("hub.sqlite.unusable-*")] == ["hub.sqlite.unusable"]
    finally:
        stop_again()


def test_a_real_station_database_is_never_set_aside(tmp_path: Path) -> None:
    import sqlite3

    settings = replace(demo_settings("kiosk"), data_dir=tmp_path, demo=False)
    _, stop = start_or_join(settings, port=free_port())
    stop()
    with sqlite3.connect(tmp_path / "hub.sqlite") as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00d'")
    with pytest.raises(Exception):  # noqa: B017 - whatever alembic raises, the file stays
        start_or_join(settings, port=free_port())
    assert not list(tmp_path.glob("hub.sqlite.unusable-*"))


def test_the_demo_status_page_tells_terminals_apart_and_names_items_and_the_hall(tmp_path: Path) -> None:
    """Issue 14, finding 14: every demo terminal was T-0001 (one health row flipping), each
    start left one more "live" token, cases showed task codes, and the hub's hall had
    another name than the terminals'."""
    import httpx

    from hub import tokens
    from hub.db import make_engine
    from offline_cache.wire.demo_hall import DEMO_HALL_NAME

    port = free_port()
    roles = [replace(demo_settings(role), data_dir=tmp_path) for role in ("kiosk", "window", "display")]
    assert len({s.terminal_id for s in roles}) == 3 and all(s.hall.name == DEMO_HALL_NAME for s in roles)
    first, stop_first = start_or_join(roles[0], port=port)
    try:
        for settings in (*roles, roles[0], roles[1]):  # each role started again, twice for two
            start_or_join(settings, port=port)
        joined, _ = start_or_join(roles[0], port=port)  # the kiosk of this run
        with joined.client() as kiosk:
            body = {
                "task_code": "11610103MB282815164000509004000",
                "terminal_id": roles[0].terminal_id,
                "hall_code": roles[0].hall.code,
                "area_code": roles[0].hall.area_code,
                "applicant": {"name": "张三", "id_number": "610103188001010012", "phone": "13800001234"},
                "values": {"task_name": "高龄津贴申领"},
            }
            kiosk.push("case", "a" * 32, body)
        engine = make_engine(tmp_path / "hub.sqlite")
        try:
            live = [t for t in tokens.list_all(engine) if t["revoked_at"] is None]
            admin = tokens.create(engine, "technician", "admin")[1]
        finally:
            engine.dispose()
        assert sorted(t["terminal"] for t in live) == sorted(s.terminal_id for s in roles)  # one each
        page = httpx.get(f"{first.url}/status", headers={"Authorization": f"Bearer {admin}"}).text
        assert DEMO_HALL_NAME in page and "演示政务服务大厅" not in page
        cases = page[page.index('<table id="cases">') :]
        assert "<td>高龄津贴申领</td>" in cases and "<td>11610103MB282815164000509004000</td>" not in cases
    finally:
        stop_first()
