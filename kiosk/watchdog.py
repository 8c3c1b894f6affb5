"""The terminal's side of systemd's watchdog.

The kiosk session unit is ``Type=notify`` with ``WatchdogSec=20``: the terminal says
``READY=1`` once its first screen is painted and then ``WATCHDOG=1`` at half the watchdog
interval from a timer on the GUI's event loop (``ui.watchdog_timer``). A hung event loop
stops pinging and systemd restarts the session, which comes back on the home screen.
The protocol itself is shared with the hub: ``common.sd_notify``.
"""

from __future__ import annotations

from common.sd_notify import Notifier, socket_address

__all__ = ["Notifier", "socket_address"]
