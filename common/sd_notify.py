"""systemd's notification protocol (sd_notify), without libsystemd and without Qt.

Both units are ``Type=notify`` with a watchdog. The terminal (``kiosk.watchdog``) says
``READY=1`` once its first screen is painted and then ``WATCHDOG=1`` at half the watchdog
interval from a timer on the GUI's event loop (``ui.watchdog_timer``); the hub does the
same from an asyncio task (``hub.sd_notify``). A hung event loop stops pinging and
systemd restarts the service.

The protocol (sd_notify(3)): newline-separated ``KEY=VALUE`` lines in one datagram to the
AF_UNIX socket named by ``$NOTIFY_SOCKET``; a name starting with ``@`` is in the abstract
namespace (the ``@`` stands for a NUL byte). ``$WATCHDOG_USEC`` is the interval;
``$WATCHDOG_PID``, when set, names the process that must ping.

Under cage the unit's main process is the compositor and the terminal its child, so a
``WATCHDOG_PID`` naming the parent counts as ours too (the unit says ``NotifyAccess=all``
for the same reason). The same holds for the hub's worker processes under
``--workers N`` (children of uvicorn's supervisor, the unit's main process).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

log = logging.getLogger("sd_notify")


def _warn(event: str, **fields: str) -> None:
    # ``fields`` as kiosk.logs and the hub's log lines carry them.
    log.warning(event, extra={"fields": fields})


def socket_address(name: str) -> str | bytes:
    """The address to send to for a ``$NOTIFY_SOCKET`` value (``@`` = abstract namespace).

    Raises:
        ValueError: the value is neither an absolute path nor an abstract name.
    """
    if name.startswith("@"):
        return b"\0" + name[1:].encode()
    if name.startswith("/"):
        return name
    raise ValueError(f"NOTIFY_SOCKET must be an absolute path or start with @, not {name!r}")


@dataclass(frozen=True)
class Notifier:
    """Where and how often to tell systemd about this process.

    Attributes:
        address: the socket address (path, or bytes starting with NUL for abstract names).
        watchdog_s: the watchdog interval systemd expects pings within; 0 when off.
    """

    address: str | bytes
    watchdog_s: float = 0.0

    @classmethod
    def from_environ(
        cls, env: Mapping[str, str] | None = None, *, pid: int | None = None, parent_pid: int | None = None
    ) -> Notifier | None:
        """The notifier systemd asked for, or None when not started by a notify unit."""
        env = os.environ if env is None else env
        name = env.get("NOTIFY_SOCKET", "")
        if not name:
            return None
        try:
            address = socket_address(name)
        except ValueError as exc:
            _warn("watchdog_socket_invalid", error=str(exc))
            return None
        return cls(
            address,
            _watchdog_s(env, os.getpid() if pid is None else pid, os.getppid() if parent_pid is None else parent_pid),
        )

    @property
    def ping_interval_s(self) -> float:
        """Half the watchdog interval (sd_watchdog_enabled(3) recommends pinging at half)."""
        return self.watchdog_s / 2

    def send(self, *lines: str) -> bool:
        """Send one notification; False (and a log line) when the socket is gone.

        Never raises: a terminal must keep serving when systemd restarts or the socket
        vanishes; systemd's watchdog then decides.
        """
        import socket  # only under systemd: a terminal started by hand never loads it

        payload = "\n".join(lines).encode()
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.connect(self.address)
                sock.sendall(payload)
        except OSError as exc:
            _warn("watchdog_notify_failed", error=type(exc).__name__)
            return False
        return True

    def ready(self, status: str = "") -> bool:
        """READY=1: the service serves (systemd starts the watchdog clock now)."""
        return self.send("READY=1", *([f"STATUS={status}"] if status else []))

    def ping(self) -> bool:
        """WATCHDOG=1: the event loop is alive."""
        return self.send("WATCHDOG=1")

    def stopping(self) -> bool:
        """STOPPING=1: a clean shutdown has begun (no watchdog restart for it)."""
        return self.send("STOPPING=1")


def _watchdog_s(env: Mapping[str, str], pid: int, parent_pid: int) -> float:
    """The watchdog interval in seconds, 0 when off or meant for another process."""
    try:
        usec = int(env.get("WATCHDOG_USEC", "0"))
    except ValueError:
        return 0.0
    target = env.get("WATCHDOG_PID", "")
    if target and target.isdigit() and int(target) not in (pid, parent_pid):
        return 0.0
    return max(usec, 0) / 1_000_000
