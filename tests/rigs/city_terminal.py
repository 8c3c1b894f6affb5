"""Kiosk terminals of a city test, as processes that may be SIGKILLed at any moment.

Each terminal is the product's own terminal side: ``kiosk.sync.SyncService`` (the sealed
outbox and its sync thread) over ``offline_cache.sync.client.HubClient`` to its hall hub.
A run takes a ticket (online, through the hall hub's API), stores a case with a
material image and a 好差评 rating in the outbox, a few times, then waits until the
outbox is empty. It writes ``ticket ID`` / ``case ID`` / ``evaluation ID SATISFACTION``
to its log once each call returned (a lower bound: a put may commit and be killed
before its line is written; the outbox is the truth).

A zygote forks the runs, already past the imports, so a restart costs milliseconds::

    farm = TerminalFarm(log_dir)            # python -m tests.rigs.city_terminal
    pid = farm.run(DATA_DIR, HUB_URL, TOKEN, TERMINAL_ID, HALL_CODE, LOG, COUNT, SEED)
    farm.kill(pid); farm.status(pid)        # None while it runs; the wait status after
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

TASK_CODE = "11610103MB282815164000509004000"
PNG = b"\x89PNG\r\n\x1a\n"
CITIZEN = {"name": "王小明", "id_number": "610103199001011234", "phone": "13800001234"}
DRAIN_S = 90.0


def run(data_dir: str, url: str, token: str, terminal: str, hall: str, log_path: str, count: int, seed: int) -> int:
    """One life of a terminal; 0 when its outbox is empty at the end, 3 when not."""
    from kiosk.config.settings import HallSettings, Settings
    from kiosk.sync import SyncService
    from offline_cache.sync.client import HubClient
    from offline_cache.sync.engine import Timing
    from offline_cache.sync.errors import HubError

    rng = random.Random(seed)
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    client = HubClient(url, token, timeout_s=2.0)
    timing = Timing(heartbeat_s=5.0, updates_s=3600.0, catalog_s=3600.0, base_s=0.05, cap_s=0.5)
    settings = Settings(data_dir=Path(data_dir), terminal_id=terminal, hall=HallSettings(code=hall))
    service = SyncService(settings, transport=client, timing=timing)
    service.start()
    for i in range(count):
        try:
            os.write(log, f"ticket {client.issue_ticket('A').id}\n".encode())
        except HubError:
            pass  # the hall hub is away: the citizen takes a number later
        image = PNG + rng.randbytes(rng.randint(500, 3000))
        case = service.put_case(TASK_CODE, {"seed": seed, "i": i}, applicant=CITIZEN, images=[image])
        os.write(log, f"case {case.id}\n".encode())
        satisfaction = rng.choice((1, 2, 3, 4, 5, 5))
        rating = service.put_evaluation(
            {"satisfaction": satisfaction, "taskCode": TASK_CODE, "evalDetail": ["301"] if satisfaction <= 2 else []}
        )
        os.write(log, f"evaluation {rating.id} {satisfaction}\n".encode())
        time.sleep(rng.uniform(0.3, 1.5))  # a citizen at a time; kills land in puts and pushes alike
    deadline = time.monotonic() + DRAIN_S
    while service.outbox.stats().waiting and time.monotonic() < deadline:
        time.sleep(0.05)
    waiting = service.outbox.stats().waiting
    service.stop()
    client.close()
    return 0 if not waiting else 3


def zygote() -> None:
    """Fork one run per stdin line (``ARGS...`` of :func:`run`); print ``pid N`` when
    forked and ``exit N STATUS`` when a run ended (the wait status: 9 = SIGKILLed)."""
    import kiosk.sync  # noqa: F401 - imported once, before the runs fork
    import offline_cache.sync.client  # noqa: F401

    children: set[int] = set()
    stdin = sys.stdin.buffer
    while True:
        ready, _, _ = select.select([stdin], [], [], 0.02)
        if ready:
            line = stdin.readline()
            if not line:
                break
            args = line.decode().split()
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                _child(args)
            children.add(pid)
            _say(f"pid {pid}")
        for pid in list(children):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                children.discard(pid)
                _say(f"exit {pid} {status}")
    for pid in children:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _child(args: list[str]) -> None:
    status = 1
    try:
        err = os.open(args[5] + ".err", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.dup2(err, 1)
        os.dup2(err, 2)
        status = run(*args[:6], int(args[6]), int(args[7]))
    except BaseException:  # say what ended the run, then exit
        import traceback

        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(status)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class TerminalFarm:
    """The zygote as seen from the test: start runs, kill them, read their endings."""

    def __init__(self, log_dir: Path) -> None:
        from tests.rigs.hub import REPO, _env

        self.err_path = log_dir / "zygote.err"
        with self.err_path.open("wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "tests.rigs.city_terminal"],
                cwd=REPO,
                env=_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                bufsize=0,
            )
        self._lock = threading.Condition()
        self._pids: list[int] = []
        self._ended: dict[int, int] = {}
        self._reader = threading.Thread(target=self._read, name="zygote-reader", daemon=True)
        self._reader.start()

    def run(self, *args: object) -> int:
        """Start a run of :func:`run` with ``args``; its pid."""
        assert self.proc.stdin is not None
        with self._lock:
            seen = len(self._pids)
            self.proc.stdin.write((" ".join(map(str, args)) + "\n").encode())
            if not self._lock.wait_for(lambda: len(self._pids) > seen or self.proc.poll() is not None, 30):
                raise AssertionError("the terminal zygote did not fork: " + self.err_path.read_text()[-2000:])
            if len(self._pids) == seen:
                raise AssertionError("the terminal zygote died: " + self.err_path.read_text()[-2000:])
            return self._pids[seen]

    def status(self, pid: int) -> int | None:
        """The run's wait status once it ended, else None."""
        with self._lock:
            return self._ended.get(pid)

    def kill(self, pid: int) -> bool:
        """SIGKILL a run; True when it was still running (a kill that landed)."""
        if self.status(pid) is not None:
            return False
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return False
        return self.wait(pid, 10) == signal.SIGKILL

    def wait(self, pid: int, timeout_s: float) -> int | None:
        with self._lock:
            self._lock.wait_for(lambda: pid in self._ended, timeout_s)
            return self._ended.get(pid)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()  # the zygote kills what still runs and exits
        self.proc.wait(30)
        self._reader.join(10)
        assert self.proc.stdout is not None
        self.proc.stdout.close()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            words = raw.decode().split()
            with self._lock:
                if words[0] == "pid":
                    self._pids.append(int(words[1]))
                elif words[0] == "exit":
                    self._ended[int(words[1])] = int(words[2])
                self._lock.notify_all()
        with self._lock:
            self._lock.notify_all()


if __name__ == "__main__":
    zygote()
