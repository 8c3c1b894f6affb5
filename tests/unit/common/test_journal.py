"""journald priorities on log lines (``common.journal``, ``kiosk.logs``): the ``<N>``
prefix when, and only when, stderr is the stream systemd names in ``$JOURNAL_STREAM``.
Real files and a real ``python`` process, as systemd would hand them over."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from common.journal import JournalStreamHandler, is_journal_stream, priority

REPO = Path(__file__).resolve().parents[3]


def _stream_id(path: Path) -> str:
    st = os.stat(path)
    return f"{st.st_dev}:{st.st_ino}"


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (logging.DEBUG, 7),
        (logging.INFO, 6),
        (logging.WARNING, 4),
        (logging.ERROR, 3),
        (logging.CRITICAL, 2),
        (25, 6),  # between INFO and WARNING: the lower one's
        (logging.NOTSET, 7),
    ],
)
def test_levels_map_to_syslog_priorities(level: int, expected: int) -> None:
    assert priority(level) == expected


def _emit(handler: logging.Handler, level: int, msg: str) -> None:
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.emit(logging.makeLogRecord({"msg": msg, "levelno": level, "levelname": logging.getLevelName(level)}))
    handler.flush()


def test_a_journal_stream_gets_the_prefix_on_every_line(tmp_path: Path) -> None:
    path = tmp_path / "stderr"
    with path.open("w", encoding="utf-8") as stream:
        handler = JournalStreamHandler(stream, env={"JOURNAL_STREAM": _stream_id(path)})
        assert handler.journal
        _emit(handler, logging.WARNING, "paper near end")
        _emit(handler, logging.ERROR, "Traceback\n  line 1")  # journald makes one entry a line
    assert path.read_text(encoding="utf-8").splitlines() == ["<4>paper near end", "<3>Traceback", "<3>  line 1"]


@pytest.mark.parametrize("value", [None, "", "12:", "x:y", "1:2"])
def test_any_other_stream_is_left_as_it_was(tmp_path: Path, value: str | None) -> None:
    path = tmp_path / "stderr"
    env = {} if value is None else {"JOURNAL_STREAM": value}
    with path.open("w", encoding="utf-8") as stream:
        handler = JournalStreamHandler(stream, env=env)
        _emit(handler, logging.WARNING, "paper near end")
    assert path.read_text(encoding="utf-8") == "paper near end\n"


def test_another_file_than_the_named_one_is_not_the_journal(tmp_path: Path) -> None:
    named, other = tmp_path / "journal", tmp_path / "other"
    named.touch()
    with other.open("w", encoding="utf-8") as stream:
        assert not is_journal_stream(stream, {"JOURNAL_STREAM": _stream_id(named)})
        assert is_journal_stream(stream, {"JOURNAL_STREAM": _stream_id(other)})
    assert not is_journal_stream(io.StringIO(), {"JOURNAL_STREAM": _stream_id(named)})  # no file behind it


PROGRAM = """
import logging
from kiosk.logs import log_event, setup_logging
setup_logging(json_lines=True, level="DEBUG")
for level in (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL):
    log_event("level_" + logging.getLevelName(level).lower(), level=level)
logging.getLogger("drivers.printer.backends").warning("printer_offline")  # not a kiosk logger
"""


def _run_program(stderr_path: Path, journal_stream: str | None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "JOURNAL_STREAM"}
    env["PYTHONPATH"] = str(REPO)
    if journal_stream is not None:
        env["JOURNAL_STREAM"] = journal_stream
    with stderr_path.open("w", encoding="utf-8") as err:
        subprocess.run([sys.executable, "-c", PROGRAM], stderr=err, env=env, cwd=REPO, check=True, timeout=60)
    return stderr_path.read_text(encoding="utf-8").splitlines()


def test_the_terminals_json_lines_carry_their_priority_under_journald(tmp_path: Path) -> None:
    path = tmp_path / "stderr"
    path.touch()
    lines = _run_program(path, _stream_id(path))
    assert [line[:3] for line in lines] == ["<7>", "<6>", "<4>", "<3>", "<2>", "<4>"], lines
    events = [json.loads(line[3:])["event"] for line in lines]
    assert events == ["level_debug", "level_info", "level_warning", "level_error", "level_critical", "printer_offline"]


def test_the_terminals_json_lines_are_plain_json_elsewhere(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.touch()
    lines = _run_program(tmp_path / "stderr", _stream_id(other))
    assert len(lines) == 6 and all(json.loads(line)["event"] for line in lines), lines
