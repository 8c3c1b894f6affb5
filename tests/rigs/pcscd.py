"""A real pcscd with the vsmartcard-vpcd reader driver, for PC/SC integration tests.

    rig = Pcscd(log_dir=tmp_path).start()   # reuses a running pcscd, else `pcscd -f`
    rig.reader, rig.port                    # "Virtual PCD 00 01", 35964: waited for
    rig.restart()                           # kill pcscd and bring it back (fault tests)
    rig.stop()                              # stops only a pcscd this rig started

Debian's pcscd with vsmartcard-vpcd installed reads /etc/reader.conf.d/vpcd and opens
TCP 35963 (slot 0) and 35964 (slot 1) for virtual cards (HARDWARE.md §2). Starting
pcscd needs root. When pcscd already runs (systemd socket activation on a desktop, or
an earlier rig), the rig leaves it alone and only waits for the virtual reader.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

SOCKET = "/run/pcscd/pcscd.comm"
PIDFILE = "/run/pcscd/pcscd.pid"
VPCD_CONF = "/etc/reader.conf.d/vpcd"
VPCD_PORT = 35963  # slot 0; slot n listens on VPCD_PORT + n
# Tests use slot 1: slot 0 is where the demo (``kiosk sim``) inserts its card, so a
# demo or another session's simulator suite never lands in a test's slot.
TEST_SLOT = 1
# One pcscd and one vpcd port per machine: test sessions running at once (two
# terminals, two CI jobs on one runner) take turns through this lock.
LOCK_PATH = Path(tempfile.gettempdir()) / "kiosk-pcscd-rig.lock"
LOCK_WAIT_S = 90.0


def pidfile_pid() -> int:
    """The pid in pcscd's pid file (pcscd writes it NUL-terminated).

    Raises:
        OSError, ValueError: no pid file, or no number in it.
    """
    return int(Path(PIDFILE).read_text().replace("\x00", "").strip())


class PcscdError(RuntimeError):
    """The PC/SC test stack could not be brought up; the message says what to fix."""


def service_answers() -> bool:
    """Whether something accepts connections on pcscd's socket (a stale file does not)."""
    if not os.path.exists(SOCKET):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        try:
            s.connect(SOCKET)
        except OSError:
            return False
    return True


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def list_readers() -> list[str]:
    """Reader names pcscd lists now ([] when it lists none or does not answer)."""
    from smartcard import scard

    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != scard.SCARD_S_SUCCESS:
        return []
    try:
        hr, names = scard.SCardListReaders(ctx, [])
        return list(names) if hr == scard.SCARD_S_SUCCESS else []
    finally:
        scard.SCardReleaseContext(ctx)


class Pcscd:
    """Start (or adopt) pcscd and wait until the vpcd reader is listed."""

    def __init__(self, log_dir: Path | None = None, deadline_s: float = 15.0, slot: int = TEST_SLOT) -> None:
        self.log_path = Path(log_dir or tempfile.mkdtemp(prefix="pcscd-")) / "pcscd.log"
        self.deadline_s = deadline_s
        self.slot = slot
        self.port = VPCD_PORT + slot
        self.reader = f"Virtual PCD 00 {slot:02d}"
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock_fh: Any = None
        self._adopted = False  # a pcscd ran before us: leave one running at the end

    def _take_lock(self) -> None:
        fh = open(LOCK_PATH, "a+")
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    fh.close()
                    raise PcscdError(f"another test session holds {LOCK_PATH} for over {LOCK_WAIT_S:.0f} s") from None
                time.sleep(0.2)
        self._lock_fh = fh

    def _release_lock(self) -> None:
        fh, self._lock_fh = self._lock_fh, None
        if fh is not None:
            fh.close()  # closing drops the flock

    @property
    def owned(self) -> bool:
        """Whether this rig started the pcscd that runs now."""
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> Pcscd:
        if not os.path.exists(VPCD_CONF):
            raise PcscdError(f"{VPCD_CONF} missing: install vsmartcard-vpcd (tools/bootstrap.sh as root)")
        self._take_lock()
        try:
            self._adopted = service_answers()
            if not self._adopted:
                self._launch()
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _launch(self) -> None:
        exe = shutil.which("pcscd") or ("/usr/sbin/pcscd" if os.path.exists("/usr/sbin/pcscd") else None)
        if exe is None:
            raise PcscdError("pcscd is not installed: run tools/bootstrap.sh as root")
        if os.geteuid() != 0:
            raise PcscdError(
                "pcscd is not running and starting it needs root (run the pcsc tests as root, or start pcscd first)"
            )
        if os.path.exists(PIDFILE):
            # A pcscd killed hard leaves its pid file and socket; pcscd refuses to start
            # over a pid file whose process is alive, so only remove a dead one's.
            try:
                os.kill(pidfile_pid(), 0)
            except (OSError, ValueError):
                for path in (PIDFILE, SOCKET):
                    Path(path).unlink(missing_ok=True)
        log = open(self.log_path, "ab")
        self._proc = subprocess.Popen([exe, "--foreground"], stdout=log, stderr=log, start_new_session=True)
        log.close()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.deadline_s
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise PcscdError(
                    f"pcscd exited with {self._proc.returncode}; see {self.log_path}:\n" + self._log_tail()
                )
            if service_answers() and _port_open(self.port) and self.reader in list_readers():
                return
            time.sleep(0.1)
        raise PcscdError(
            f"no {self.reader!r} reader within {self.deadline_s:.0f} s "
            f"(listed: {list_readers()}); pcscd log {self.log_path}:\n{self._log_tail()}"
        )

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-15:])
        except OSError:
            return "(no log)"

    def alive(self) -> bool:
        """Whether pcscd answers now."""
        return service_answers()

    def wait_card(self, present: bool, timeout_s: float = 5.0) -> None:
        """Wait until pcscd sees the slot full (or empty): it polls every 400 ms."""
        from smartcard import scard

        deadline = time.monotonic() + timeout_s
        hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        try:
            while time.monotonic() < deadline:
                hr, states = scard.SCardGetStatusChange(ctx, 0, [(self.reader, scard.SCARD_STATE_UNAWARE)])
                if hr == scard.SCARD_S_SUCCESS and bool(states[0][1] & scard.SCARD_STATE_PRESENT) == present:
                    return
                time.sleep(0.05)
        finally:
            scard.SCardReleaseContext(ctx)
        raise PcscdError(f"{self.reader!r} did not become {'full' if present else 'empty'} in {timeout_s} s")

    def kill(self) -> None:
        """Stop pcscd (ours by its process, an adopted one by its pid file)."""
        if self._proc is not None:
            if self._proc.poll() is None:
                os.killpg(self._proc.pid, signal.SIGTERM)
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    os.killpg(self._proc.pid, signal.SIGKILL)
                    self._proc.wait(timeout=5)
            self._proc = None
            return
        try:
            pid = pidfile_pid()
        except (OSError, ValueError) as exc:
            raise PcscdError("cannot find the running pcscd's pid to stop it") from exc
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except OSError:
                return
            time.sleep(0.05)

    def restart(self) -> None:
        """Bring pcscd back after :meth:`kill` (systemd socket activation or ours)."""
        if not service_answers():
            self._launch()
        self._wait_ready()

    def stop(self) -> None:
        """Stop pcscd if this rig started it; leave a system one running."""
        try:
            if self._proc is not None:
                self.kill()
                if self._adopted:
                    # restart() replaced the machine's pcscd with ours: put a daemon back.
                    subprocess.run([shutil.which("pcscd") or "/usr/sbin/pcscd"], timeout=10, check=False)
        finally:
            self._release_lock()

    def __enter__(self) -> Pcscd:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
