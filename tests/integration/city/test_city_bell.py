"""The city tier's pushers wake when a record is queued, not at their next poll
(hub/city/bell.py): a hall's case rings the uplink once it is committed (SQLite: in the
process; PostgreSQL: NOTIFY to every worker), and the pushers' loop runs its next round
at the ring instead of sleeping out the wait its step asked for."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import sqlalchemy as sa

from hub import db
from hub.city import bell as city_bell
from hub.city import tasks
from hub.city.platform import outbox as platform_outbox
from hub.city.platform.base import Ack, PlatformAdapter, PlatformUnavailable, StatusChange
from hub.city.platform.outbox import PlatformPusher
from hub.city.uplink_store import enqueue, save_link
from hub.events import EventBell
from tests.rigs.postgres import fresh_database

LONG_S = 3600.0  # what the step asks to sleep: only a ring ends the wait early


def test_a_case_queued_at_a_sqlite_hall_rings_once_committed(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "hall.sqlite", pool_size=2)
    try:
        db.migrate(engine)
        save_link(engine, "http://city.invalid", "XA-BL", "secret")
        bell = city_bell.install(engine)
        with db.write(engine) as conn:
            enqueue(conn, "case", "C1", 1.0)
            assert bell.version == 0  # not before the commit: the uplink would find nothing
        assert bell.version == 1
        with db.write(engine) as conn:
            conn.exec_driver_sql("SELECT 1")  # a transaction that queues nothing rings nothing
        assert bell.version == 1
    finally:
        engine.dispose()


def test_a_message_queued_at_the_city_rings_every_listening_process_at_commit(pg_cluster) -> None:
    engine = db.make_engine(fresh_database(pg_cluster, "bell"), pool_size=2)
    try:
        db.migrate(engine)
        bell = city_bell.install(engine)

        async def scenario() -> int:
            listener = city_bell.listener(engine, bell)
            task = asyncio.create_task(listener.run())
            try:
                while not listener.up:
                    await asyncio.sleep(0.05)
                await asyncio.sleep(0.1)
                seen = bell.version  # after the ring every (re)connect gives

                def queue_one() -> int:
                    with db.write(engine) as conn:
                        platform_outbox.enqueue(conn, "case", "XA-BL", "C1", 1.0)
                        conn.exec_driver_sql("SELECT pg_sleep(0.3)")  # NOTIFY is held to commit
                        before = bell.version
                    return before

                before = await asyncio.to_thread(queue_one)
                assert before == seen
                assert await bell.wait(seen, 10.0), "no ring after the commit"
                return bell.version - seen
            finally:
                task.cancel()

        assert asyncio.run(scenario()) >= 1
    finally:
        engine.dispose()


def test_the_pushers_loop_runs_again_at_a_ring_not_after_its_wait() -> None:
    bell = EventBell()
    rounds: list[int] = []
    second = threading.Event()

    def step() -> float:
        rounds.append(1)
        if len(rounds) == 2:
            second.set()
        return LONG_S

    async def scenario() -> bool:
        task = asyncio.create_task(tasks.run_forever("test", step, bell))
        try:
            while not rounds:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.1)  # the loop now waits (MAX_WAIT_S = 5 s without a ring)
            assert len(rounds) == 1
            bell.ring()
            return await asyncio.to_thread(second.wait, tasks.MAX_WAIT_S / 2)
        finally:
            task.cancel()

    assert asyncio.run(scenario()), "the ring did not start the next round"


class QuietPlatform(PlatformAdapter):
    """A platform with nothing to say (the lease, not the sending, is under test)."""

    def send(self, kind: str, message: dict) -> Ack:
        raise PlatformUnavailable("not in this test")

    def status_changes(self, after: int) -> tuple[list[StatusChange], int]:
        return [], after


def test_a_worker_without_the_pushers_lease_asks_nothing_when_woken(tmp_path: Path) -> None:
    # Every queued record rings every worker; the ones that do not hold the lease used to
    # try to take it (a write transaction) on every ring.
    engine = db.make_engine(tmp_path / "city.sqlite", pool_size=2)
    try:
        db.migrate(engine)
        now = [1_800_000_000.0]
        holder = PlatformPusher(engine, QuietPlatform(), clock=lambda: now[0], lease_s=5.0)
        other = PlatformPusher(engine, QuietPlatform(), clock=lambda: now[0], lease_s=5.0)
        holder.step()
        assert other.step() == 2.5  # the lease is the holder's
        statements: list[str] = []
        sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        now[0] += 1.0  # a ring: a record was queued
        assert other.step() == 1.5
        assert statements == []
        now[0] += 1.5  # then it looks again, as it did before there were rings
        other.step()
        assert any("platform_state" in s for s in statements)
    finally:
        engine.dispose()
