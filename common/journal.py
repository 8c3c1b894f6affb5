"""journald priorities on every log line (sd-daemon(3), systemd.exec(5) ``JOURNAL_STREAM``).

A service's stderr under systemd is a stream into journald, which reads a ``<N>`` at the
start of each line as that line's syslog priority (``SyslogLevelPrefix=`` is on by
default). Without it every line lands at one priority (info), and ``journalctl -p
warning`` finds nothing. systemd names the stream in ``$JOURNAL_STREAM`` as
``DEVICE:INODE``; only when the handler's stream is that very file is the prefix added,
so a terminal started by hand, a pipe into ``less`` or a test's captured output stays
as it was.

    handler = JournalStreamHandler(sys.stderr)   # the kiosk's JSON lines, the hub's uvicorn lines
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import TextIO

# syslog priorities (RFC 5424): 2 crit, 3 err, 4 warning, 6 info, 7 debug.
PRIORITIES = ((logging.CRITICAL, 2), (logging.ERROR, 3), (logging.WARNING, 4), (logging.INFO, 6))
DEBUG_PRIORITY = 7


def priority(levelno: int) -> int:
    """The syslog priority of a logging level (a level between two takes the lower one's)."""
    for level, prio in PRIORITIES:
        if levelno >= level:
            return prio
    return DEBUG_PRIORITY


def is_journal_stream(stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """True when ``stream`` is the journald stream systemd named in ``$JOURNAL_STREAM``."""
    value = (os.environ if env is None else env).get("JOURNAL_STREAM", "")
    device, _, inode = value.partition(":")
    if not (device.isdigit() and inode.isdigit()):
        return False
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # closed, or not a file (a test's StringIO)
        return False
    return (st.st_dev, st.st_ino) == (int(device), int(inode))


def with_priority(text: str, levelno: int) -> str:
    """``text`` with ``<N>`` before each of its lines (journald makes one entry a line)."""
    prefix = f"<{priority(levelno)}>"
    return "\n".join(prefix + line for line in text.split("\n"))


class JournalStreamHandler(logging.StreamHandler):
    """A stream handler that adds journald's priority prefix when its stream is journald.

    Args:
        stream: where the lines go (default ``sys.stderr``).
        env: the environment to read ``$JOURNAL_STREAM`` from (default ``os.environ``).
    """

    def __init__(self, stream: TextIO | None = None, env: Mapping[str, str] | None = None) -> None:
        super().__init__(stream)
        self.journal = is_journal_stream(self.stream, env)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return with_priority(text, record.levelno) if self.journal else text
