"""The device end of a serial line for simulators: a socat pty pair or a TCP socket.

A small copy of ``tests/rigs/pty_pair.py`` lives here because product code never
imports tests. A pty ignores the baud rate and delivers at once (HARDWARE.md §6), so
:meth:`Conn.write_paced` spaces bytes as the wire would: 10 bits per byte for 8N1.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from drivers.sim.running import run_until_interrupted

_PACE_CHUNK_S = 0.002  # write about 2 ms of wire time per chunk: smooth enough, few syscalls


class LinkDown(ConnectionError):
    """The other end went away (socat killed, socket closed)."""


class PtyPair:
    """``socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B``: ``a`` device, ``b`` host."""

    def __init__(self, folder: Path, name: str = "tty") -> None:
        if shutil.which("socat") is None:
            raise RuntimeError("socat is not installed (apt-get install socat)")
        self.a = str(folder / f"{name}-dev")
        self.b = str(folder / f"{name}-host")
        self._proc: subprocess.Popen[bytes] | None = None
        # The simulator's thread pulls the cable while a test may already plug it back:
        # without the lock, close() could unlink the links of the new socat.
        self._lock = threading.RLock()

    @property
    def alive(self) -> bool:
        with self._lock:
            return self._proc is not None and self._proc.poll() is None

    def open(self) -> PtyPair:
        with self._lock:
            return self._open()

    def _open(self) -> PtyPair:
        # No -d flags: socat 1.7.4 rejects "-d0"; its default logs only errors (dropped).
        self._proc = subprocess.Popen(
            ["socat", f"pty,raw,echo=0,link={self.a}", f"pty,raw,echo=0,link={self.b}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 5
        while not (os.path.exists(self.a) and os.path.exists(self.b)):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("socat did not create the pty pair")
            time.sleep(0.005)
        return self

    def plug_in(self) -> None:
        """Start socat again unless it runs (atomic against a concurrent :meth:`close`)."""
        with self._lock:
            if not self.alive:
                self._open()

    def close(self) -> None:
        """Kill socat: both ends vanish, as when a USB-serial adapter is pulled."""
        with self._lock:
            proc, self._proc = self._proc, None
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=5)
            for path in (self.a, self.b):  # socat removes its links; make sure of it
                try:
                    os.unlink(path)
                except FileNotFoundError:
                    pass


class Conn:
    """One open connection at the device end (a pty fd or an accepted socket)."""

    def __init__(self, fd: int | None = None, sock: socket.socket | None = None) -> None:
        self._fd = fd
        self._sock = sock

    def fileno(self) -> int:
        if self._sock is not None:
            return self._sock.fileno()
        if self._fd is None:
            raise LinkDown("closed")
        return self._fd

    def read(self, timeout: float) -> bytes:
        """Bytes available within ``timeout`` (``b""`` if none).

        Raises:
            LinkDown: the other end is gone.
        """
        try:
            ready, _, _ = select.select([self], [], [], timeout)
            if not ready:
                return b""
            data = self._sock.recv(4096) if self._sock is not None else os.read(self.fileno(), 4096)
        except (OSError, ValueError, TypeError) as exc:  # TypeError: closed by another thread
            raise LinkDown(str(exc)) from exc
        if not data:
            raise LinkDown("end of file")
        return data

    def write(self, data: bytes) -> None:
        """Write everything now. Raises LinkDown when the other end is gone."""
        try:
            if self._sock is not None:
                self._sock.sendall(data)
            else:
                view = memoryview(data)
                while view:
                    try:
                        n = os.write(self.fileno(), view)
                    except BlockingIOError:
                        # The pty buffer is full (nobody reads the host end): wait a little.
                        _, ready, _ = select.select([], [self], [], 1.0)
                        if not ready:
                            raise LinkDown("host end not reading") from None
                        continue
                    view = view[n:]
        except (OSError, ValueError) as exc:
            raise LinkDown(str(exc)) from exc

    def write_paced(self, data: bytes, baud: int, start: float | None = None) -> None:
        """Write as a UART at ``baud`` would: byte i leaves at ``start + i*10/baud``."""
        per_byte = 10 / baud
        chunk = max(1, int(_PACE_CHUNK_S / per_byte))
        t0 = time.monotonic() if start is None else start
        for i in range(0, len(data), chunk):
            piece = data[i : i + chunk]
            due = t0 + (i + len(piece)) * per_byte  # the moment the last bit of piece is sent
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.write(piece)

    def close(self) -> None:
        try:
            if self._sock is not None:
                self._sock.close()
            elif self._fd is not None:
                os.close(self._fd)
        except OSError:
            pass
        self._fd = None
        self._sock = None


class SerialLink:
    """Where a simulator listens: ``transport="pty"`` (socat pair) or ``"tcp"`` (loopback).

    ``url`` is what the driver's ``url`` option should hold. :meth:`unplug` takes the
    line away (kills socat / closes the sockets), :meth:`replug` brings it back at the
    same URL.
    """

    def __init__(
        self, transport: str = "pty", folder: str | Path | None = None, name: str = "tty", port: int = 0
    ) -> None:
        if transport not in ("pty", "tcp"):
            raise ValueError("transport must be 'pty' or 'tcp'")
        self.transport = transport
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if folder is None and transport == "pty":
            self._tmp = tempfile.TemporaryDirectory(prefix="kiosk-sim-")
            folder = self._tmp.name
        self._pair = PtyPair(Path(folder), name) if transport == "pty" else None  # type: ignore[arg-type]
        self._port = port
        self._listener: socket.socket | None = None
        self.url = ""

    def open(self) -> SerialLink:
        if self._pair is not None:
            self._pair.open()
            self.url = self._pair.b
        else:
            self._listen()
            self.url = f"socket://127.0.0.1:{self._port}"
        return self

    def accept(self, timeout: float) -> Conn | None:
        """The next connection from the host side, or None after ``timeout``."""
        if self._pair is not None:
            if not self._pair.alive:
                time.sleep(timeout)
                return None
            try:
                return Conn(fd=os.open(self._pair.a, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK))
            except OSError:
                time.sleep(timeout)
                return None
        listener = self._listener
        if listener is None:
            time.sleep(timeout)
            return None
        try:
            ready, _, _ = select.select([listener], [], [], timeout)
            if not ready:
                return None
            sock, _ = listener.accept()
        except (OSError, ValueError):
            return None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return Conn(sock=sock)

    def unplug(self) -> None:
        """Take the line away: the host's next read fails."""
        if self._pair is not None:
            self._pair.close()
        elif self._listener is not None:
            self._listener.close()
            self._listener = None

    def replug(self) -> None:
        """Bring the line back at the same URL."""
        if self._pair is not None:
            self._pair.plug_in()
        elif self._listener is None:
            self._listen()

    def close(self) -> None:
        self.unplug()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self._port))
        listener.listen(1)
        self._port = listener.getsockname()[1]
        self._listener = listener


class SerialSimulator:
    """Base of the serial-line simulators: a thread serves one host connection at a time.

    Subclasses implement :meth:`_on_bytes` (answer what arrived, pacing replies with
    ``conn.write_paced(reply, self.baud)``). Use as a context manager or call
    :meth:`start` / :meth:`stop`.
    """

    link_name = "tty"

    def __init__(self, transport: str = "pty", baud: int = 9600, folder: str | Path | None = None) -> None:
        import threading

        self.baud = int(baud)
        self._link = SerialLink(transport, folder, name=self.link_name)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._conn: Conn | None = None
        self.lock = threading.RLock()
        self.connections = 0

    @property
    def url(self) -> str:
        """The driver's ``url`` option: a pty path or ``socket://127.0.0.1:PORT``."""
        return self._link.url

    @property
    def transport(self) -> str:
        return self._link.transport

    def start(self) -> SerialSimulator:
        import threading

        self._link.open()
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name=type(self).__name__, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._drop_conn()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._link.close()

    def unplug(self) -> None:
        """Pull the cable: the host's port fails now; :meth:`replug` restores it."""
        self._link.unplug()
        self._drop_conn()

    def replug(self) -> None:
        """Plug the cable back in at the same URL."""
        self._link.replug()

    def __enter__(self) -> SerialSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Run until Ctrl-C (for ``python -m drivers.sim.<kind>_sim``)."""
        self.start()
        print(self.url, flush=True)
        run_until_interrupted(self.stop)

    # ---- for subclasses ----
    def _on_bytes(self, conn: Conn, data: bytes) -> None:
        raise NotImplementedError

    def _on_connect(self) -> None:
        """A new host connection: forget half-received requests."""

    def _send_reply(self, conn: Conn, reply: bytes, start: float, *, corrupt: bool = False, cut: bool = False) -> None:
        """Send ``reply`` paced at the baud rate, with the faults every serial device shows:
        ``corrupt`` flips the last byte (the checksum or CRC), ``cut`` sends half the frame
        and then pulls the cable."""
        if corrupt:
            reply = reply[:-1] + bytes([reply[-1] ^ 0xFF])
        if cut:
            conn.write_paced(reply[: len(reply) // 2], self.baud, start)
            self.unplug()
            return
        conn.write_paced(reply, self.baud, start)

    def _drop_conn(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            conn = self._link.accept(0.05)
            if conn is None:
                continue
            self._conn = conn
            self.connections += 1
            self._on_connect()
            try:
                while not self._stop.is_set() and self._conn is conn:
                    data = conn.read(0.05)
                    if data:
                        self._on_bytes(conn, data)
            except LinkDown:
                pass
            finally:
                conn.close()
                if self._conn is conn:
                    self._conn = None
