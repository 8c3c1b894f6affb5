"""The hub's side of systemd's watchdog (``hall-kiosk-hub.service``: ``Type=notify``,
``WatchdogSec=30``).

``notify_systemd()`` runs as a task on the hub's event loop, started in the app's
lifespan: ``READY=1`` once the app is up (the listening socket is already listening,
``hub.serve.listening_socket``), then ``WATCHDOG=1`` every half ``$WATCHDOG_USEC``. The
pings come from the event loop on purpose: a loop wedged by a blocking call stops them,
and systemd restarts the hub. Started by hand (no ``$NOTIFY_SOCKET``) it sends nothing.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping

from common.sd_notify import Notifier


async def notify_systemd(env: Mapping[str, str] | None = None) -> None:
    """Tell systemd the hub serves, then keep its watchdog fed until cancelled."""
    notifier = Notifier.from_environ(os.environ if env is None else env)
    if notifier is None:
        return
    notifier.ready(status="serving")
    if notifier.watchdog_s <= 0:
        return
    while True:
        await asyncio.sleep(notifier.ping_interval_s)
        notifier.ping()
