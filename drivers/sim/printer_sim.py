"""A receipt printer on TCP (raw port 9100 protocol), for tests and the demo.

It keeps every job's bytes, answers the real-time status queries ``DLE EOT 1..4``
with a settable paper state, and renders jobs to PNG. Faults: ``stall()`` (stops
reading and answering, like a jammed printer), ``go_offline()`` (answers "offline"),
``mute_status()`` (a clone that never answers status), ``stop()`` (pulled plug).
Run alone::

    python -m drivers.sim.printer_sim [--port 9100] [--out printer-jobs] [--paper ok]

prints the URL for ``[devices.printer] url`` and writes each job's PNG to ``--out``.
"""

from __future__ import annotations

import argparse
import signal
import socket
import threading
import time
from pathlib import Path

from drivers.errors import ProtocolError
from drivers.printer.escpos_decode import tokenize
from drivers.printer.status import PaperState, offline_cause_reply, paper_reply, printer_reply


class PrinterProtocol:
    """The printer's byte side, transport-free: feed received bytes, send back the reply.

    Status queries are recognised only at command boundaries (the tokenizer knows
    every command's length), so ``10 04`` inside raster data stays data. A job ends at
    a cut or when the connection closes; completed jobs collect in ``completed``.
    """

    def __init__(self, paper: str | PaperState = "ok") -> None:
        self.paper = PaperState(paper)
        self.online = True
        self.answers_status = True
        self.completed: list[bytes] = []
        self._job = bytearray()
        self._buf = b""
        self.bad_bytes = 0

    def feed(self, data: bytes) -> bytes:
        """Take ``data`` as received; returns the bytes to send back (status replies)."""
        self._buf += data
        try:
            tokens, consumed = tokenize(self._buf, final=False)
        except ProtocolError:
            # A command we do not know: a real printer prints garbage; keep the bytes.
            self.bad_bytes += len(self._buf)
            self._job += self._buf
            self._buf = b""
            return b""
        self._buf = self._buf[consumed:]
        reply = bytearray()
        for t in tokens:
            if t.kind == "DLE EOT":
                if self.answers_status:
                    reply.append(self._status(t.raw[2]))
                continue
            self._job += t.raw
            if t.kind == "GS V":
                self._finish()
        return bytes(reply)

    def close(self) -> None:
        """The connection ended: what was received so far is a job."""
        self._job += self._buf
        self._buf = b""
        self._finish()

    def _finish(self) -> None:
        if self._job:
            self.completed.append(bytes(self._job))
        self._job = bytearray()

    def _status(self, n: int) -> int:
        if n == 1:
            return printer_reply(self.online and self.paper is not PaperState.OUT)
        if n == 2:
            return offline_cause_reply(self.paper)
        if n == 4:
            return paper_reply(self.paper) if self.paper is not PaperState.UNKNOWN else 0x12
        return 0x12  # n == 3: no error


class PrinterSimulator:
    """A TCP receipt printer on ``host:port`` (port 0 = a free one).

    Args:
        host, port: where to listen.
        paper: initial paper state (``ok``, ``near_end``, ``out``).
        out_dir: if given, each finished job is also written there as ``job-NNN.png``.
        encoding, paper_width_mm: how to render jobs to PNG.
        bytes_per_s: read pacing (None = as fast as TCP delivers); a slow printer.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        paper: str = "ok",
        out_dir: str | Path | None = None,
        *,
        encoding: str = "gb18030",
        paper_width_mm: int = 80,
        bytes_per_s: float | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.out_dir = Path(out_dir) if out_dir else None
        self.encoding, self.paper_width_mm = encoding, paper_width_mm
        self.bytes_per_s = bytes_per_s
        self.jobs: list[bytes] = []
        self._paper = PaperState(paper)
        self._online = True
        self._answers = True
        self._stalled = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._jobs_changed = threading.Condition(self._lock)
        self._server: socket.socket | None = None
        self._conns: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []

    # ---- lifecycle ----
    @property
    def url(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    def start(self) -> PrinterSimulator:
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart on the same port
        srv.bind((self.host, self.port))
        srv.listen(8)
        self.port = srv.getsockname()[1]
        self._server = srv
        self._stopping.clear()
        self._spawn(self._accept_loop, "printer-sim-accept")
        return self

    def stop(self) -> None:
        """Pull the plug: close the port and every connection at once."""
        self._stopping.set()
        if self._server is not None:
            try:
                self._server.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._server.close()
            self._server = None
        with self._lock:
            conns = list(self._conns)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for t in self._threads:
            t.join(timeout=2)
        self._threads.clear()

    def __enter__(self) -> PrinterSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- controls ----
    def set_paper(self, state: str) -> None:
        """``ok``, ``near_end`` or ``out``: what ``DLE EOT 4`` answers from now on."""
        self._paper = PaperState(state)

    def go_offline(self) -> None:
        self._online = False

    def go_online(self) -> None:
        self._online = True

    def stall(self) -> None:
        """Stop reading and answering (jammed mechanism, full buffer)."""
        self._stalled.set()

    def resume(self) -> None:
        self._stalled.clear()

    def mute_status(self, muted: bool = True) -> None:
        """Never answer DLE EOT (printers without real-time status)."""
        self._answers = not muted

    def wait_for_jobs(self, count: int, timeout: float = 2.0) -> bool:
        """Block until ``count`` jobs are stored (tests); True when they are."""
        with self._jobs_changed:
            return self._jobs_changed.wait_for(lambda: len(self.jobs) >= count, timeout)

    def render_job_png(self, i: int, path: str | Path) -> Path:
        """Draw job ``i`` as the paper would look (lenient decode)."""
        from drivers.printer.png_render import job_to_png

        job_to_png(self.jobs[i], path, encoding=self.encoding, paper_width_mm=self.paper_width_mm)
        return Path(path)

    # ---- internals ----
    def _spawn(self, target, name: str, *args: object) -> None:
        t = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._lock:  # connections' threads spawn the drawing ones
            self._threads = [old for old in self._threads if old.is_alive()]
            self._threads.append(t)
        t.start()

    def _accept_loop(self) -> None:
        srv = self._server
        while srv is not None and not self._stopping.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            with self._lock:
                self._conns.add(conn)
            self._spawn(self._serve, "printer-sim-conn", conn)

    def _serve(self, conn: socket.socket) -> None:
        proto = PrinterProtocol(self._paper)
        chunk = 512 if self.bytes_per_s else 65536
        conn.settimeout(0.05)
        try:
            while not self._stopping.is_set():
                if self._stalled.is_set():
                    time.sleep(0.01)
                    continue
                try:
                    data = conn.recv(chunk)
                except TimeoutError:
                    continue
                if not data:
                    break
                if self.bytes_per_s:
                    time.sleep(len(data) / self.bytes_per_s)
                proto.paper, proto.online, proto.answers_status = self._paper, self._online, self._answers
                reply = proto.feed(data)
                if reply:
                    conn.sendall(reply)
                self._store(proto)
        except OSError:
            pass  # client vanished; what arrived is still a job below
        finally:
            if not self._stopping.is_set():
                proto.close()
                self._store(proto)
            with self._lock:
                self._conns.discard(conn)
            conn.close()

    def _store(self, proto: PrinterProtocol) -> None:
        if not proto.completed:
            return
        done, proto.completed = proto.completed, []
        with self._jobs_changed:
            start = len(self.jobs)
            self.jobs.extend(done)
            self._jobs_changed.notify_all()
        if self.out_dir is not None:
            # Drawn on a thread of their own: real-time status (DLE EOT) is answered at once
            # while a printer prints; drawing a long job here held the next query for a
            # second and more on a busy machine, and the kiosk said the print failed.
            self._spawn(self._draw, "printer-sim-png", self.out_dir, start, len(done))

    def _draw(self, folder: Path, start: int, count: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for k in range(start, start + count):
            try:
                self.render_job_png(k, folder / f"job-{k + 1:03d}.png")
            except (ProtocolError, ValueError, OSError):
                pass  # undecodable job or unwritable folder: bytes are kept in .jobs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m drivers.sim.printer_sim", description="Simulated ESC/POS receipt printer on TCP."
    )
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=9100)
    ap.add_argument("--out", default="printer-jobs", help="folder for job PNGs")
    ap.add_argument("--paper", default="ok", choices=["ok", "near_end", "out"])
    ap.add_argument("--encoding", default="gb18030", choices=["gb18030", "gbk", "utf-8"])
    ap.add_argument("--width", type=int, default=80, choices=[58, 80])
    args = ap.parse_args(argv)
    sim = PrinterSimulator(
        args.host, args.port, args.paper, args.out, encoding=args.encoding, paper_width_mm=args.width
    ).start()
    print(sim.url, flush=True)
    stop = threading.Event()
    # SIGTERM too (systemd, `kill PID`): background shells ignore SIGINT.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
