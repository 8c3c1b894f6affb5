"""The city tier's background tasks in a hub process: a hall hub's uplink (it idles
until the hall is linked) and, with ``--city --platform URL``, the platform pusher."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from anyio import to_thread

log = logging.getLogger("hub.city")
MAX_WAIT_S = 5.0


async def run_forever(name: str, step: Callable[[], float]) -> None:
    """Call ``step`` in a worker thread, sleep what it asks (at most MAX_WAIT_S), again;
    a failing round is logged and retried, it never ends the task."""
    while True:
        try:
            wait = await to_thread.run_sync(step)
        except Exception:
            log.warning("city_task_failed", extra={"fields": {"task": name}}, exc_info=True)
            wait = 1.0
        await asyncio.sleep(min(max(wait, 0.02), MAX_WAIT_S))


def start(settings, engine) -> list[asyncio.Task]:
    """The tasks for this hub: the uplink always (hall), the platform pusher in city mode."""
    from hub.city.uplink import HallUplink, seconds_from_env
    from hub.queue import QueueRules

    day = QueueRules(settings.hall, settings.clock).service_day
    tasks = [asyncio.create_task(run_forever("uplink", HallUplink(engine, clock=settings.clock, service_day=day).step))]
    if getattr(settings, "city", False) and getattr(settings, "platform_url", None):
        from hub.city.platform import make_adapter
        from hub.city.platform.outbox import PlatformPusher

        adapter = make_adapter(settings.platform_url, timeout_s=seconds_from_env("KIOSK_CITY_PLATFORM_TIMEOUT_S", 10.0))
        pusher = PlatformPusher(engine, adapter, clock=settings.clock)
        tasks.append(asyncio.create_task(run_forever("platform", pusher.step)))
    return tasks
