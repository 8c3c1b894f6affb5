"""Structured logging. Events are short names plus fields (``log_event("screen_shown",
role="kiosk")``); with JSON on, each is one JSON line on stderr, which is what the
end-to-end tests wait for. Every message passes through ``privacy.scrub`` first, so an
ID number or phone that slips into a log line is masked anyway. Under systemd, when
stderr is journald's stream, each line starts with its syslog priority (``<4>`` for a
warning; ``common.journal``), so ``journalctl -p warning`` finds the warnings."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Mapping
from typing import Any

from common.journal import JournalStreamHandler
from common.masking import scrub

LOGGER_NAME = "kiosk"
_OURS = "hall_kiosk_handler"  # marks the handler setup_logging puts on the root logger


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": scrub(record.getMessage()),
        }
        fields = getattr(record, "fields", None)
        if fields:
            out.update({k: _safe(v) for k, v in fields.items()})
        if record.exc_info:
            out["exc"] = scrub(self.formatException(record.exc_info))
        return json.dumps(out, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", None) or {}
        tail = " ".join(f"{k}={_safe(v)}" for k, v in fields.items())
        stamp = time.strftime("%H:%M:%S", time.localtime(record.created))
        line = f"{stamp} {record.levelname[0]} {record.name}: {scrub(record.getMessage())} {tail}".rstrip()
        if record.exc_info:
            line += "\n" + scrub(self.formatException(record.exc_info))
        return line


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return scrub(str(value))


def setup_logging(*, json_lines: bool = False, level: str = "INFO") -> None:
    """Send the ``kiosk`` loggers to stderr, as JSON lines or plain text, and the
    warnings of every other logger (drivers, libraries) the same way."""
    ours = logging.getLogger(LOGGER_NAME)
    for h in list(ours.handlers):
        ours.removeHandler(h)
    handler = JournalStreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines else PlainFormatter())
    ours.addHandler(handler)
    ours.setLevel(level)
    ours.propagate = False
    # The root logger (level WARNING unless set): without a handler, Python's last resort
    # printed other loggers' warnings as bare text at journald's default priority.
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, _OURS, False):
            root.removeHandler(h)
    setattr(handler, _OURS, True)
    root.addHandler(handler)


def log_event(event: str, level: int = logging.INFO, logger: str = LOGGER_NAME, **fields: Any) -> None:
    """Log one named event with fields (never put unmasked personal data in ``fields``)."""
    log_fields(event, fields, level, logger)


def log_fields(event: str, fields: Mapping[str, object], level: int = logging.INFO, logger: str = LOGGER_NAME) -> None:
    """:func:`log_event` with the fields as a mapping: for an error's ``data``
    (``{"key": exc.key, **exc.data}``), whose names could clash with ``level``."""
    logging.getLogger(logger).log(level, event, extra={"fields": dict(fields)})
