"""The city tier's background tasks in a hub process: a hall hub's uplink (it idles
until the hall is linked) and, with ``--city --platform URL``, the platform pusher.
Both wake early when a record is queued (``hub.city.bell``)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from anyio import to_thread

from hub.events import EventBell

log = logging.getLogger("hub.city")
MAX_WAIT_S = 5.0


async def run_forever(name: str, step: Callable[[], float], bell: EventBell | None = None) -> None:
    """Call ``step`` in a worker thread, then wait what it asks (at most MAX_WAIT_S) or
    until ``bell`` rings, again; a failing round is logged and retried, it never ends the
    task."""
    while True:
        seen = bell.version if bell else 0  # before the round: a ring during it means go again
        try:
            wait = await to_thread.run_sync(step)
        except Exception:
            log.warning("city_task_failed", extra={"fields": {"task": name}}, exc_info=True)
            wait = 1.0
        wait = min(max(wait, 0.02), MAX_WAIT_S)
        if bell is None:
            await asyncio.sleep(wait)
        else:
            await bell.wait(seen, wait)


def start(settings, engine) -> list[asyncio.Task]:
    """The tasks for this hub: the uplink always (hall), the platform pusher in city mode."""
    from hub import db
    from hub.city import bell as city_bell
    from hub.city.uplink import HallUplink, seconds_from_env
    from hub.queue import QueueRules

    bell = city_bell.install(engine)
    tasks = []
    if db.is_postgres(engine):
        tasks.append(asyncio.create_task(city_bell.listener(engine, bell).run()))
    day = QueueRules(settings.hall, settings.clock).service_day
    uplink = HallUplink(engine, clock=settings.clock, service_day=day)
    # The bell wakes the one pusher of this process: a city's is the platform's (its own
    # uplink idles, a city is linked to nothing), a hall's is its uplink.
    city = bool(getattr(settings, "city", False))
    tasks.append(asyncio.create_task(run_forever("uplink", uplink.step, None if city else bell)))
    if city:  # revoked hall credentials leave the cache within a second
        from hub.city.links import checker_for, revocation_listener

        tasks.append(asyncio.create_task(run_forever("hall_credentials", checker_for(engine).watch)))
        if db.is_postgres(engine):
            tasks.append(asyncio.create_task(revocation_listener(engine).run()))
    if city and getattr(settings, "platform_url", None):
        from hub.city.platform import make_adapter
        from hub.city.platform.outbox import PlatformPusher

        adapter = make_adapter(
            settings.platform_url,
            timeout_s=seconds_from_env("KIOSK_CITY_PLATFORM_TIMEOUT_S", 10.0),
            seal=getattr(settings, "platform_seal", "off"),
            key_file=getattr(settings, "platform_key_file", None),
        )
        pusher = PlatformPusher(engine, adapter, clock=settings.clock)
        tasks.append(asyncio.create_task(run_forever("platform", pusher.step, bell)))
    return tasks
