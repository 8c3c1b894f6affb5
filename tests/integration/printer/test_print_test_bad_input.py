"""``kiosk devices print-test`` given a word, a bare host, a silent or babbling peer, or
an unwritable preview path (issue 11), run as the real command.

No traffic leaves loopback: the bare-IP case is checked by the pure URL rule for
192.168.x and exercised against 127.0.0.1 on a port held closed by this test.
"""

from __future__ import annotations

import socket
import subprocess
import threading
from pathlib import Path

import pytest

from drivers.errors import DeviceUnavailable
from drivers.registry import printer_backend_for_url
from drivers.sim.printer_sim import PrinterSimulator
from tests.helpers import run_kiosk


class Peer:
    """A TCP peer on loopback that takes a printer's bytes and answers ``reply(data)``
    (``None``: never answers)."""

    def __init__(self, reply=None) -> None:
        self.reply = reply
        self.received = bytearray()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        self.server.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(0.1)
                while not self._stop.is_set():
                    try:
                        data = conn.recv(65536)
                    except TimeoutError:
                        continue
                    except OSError:
                        break
                    if not data:
                        break
                    self.received += data
                    if self.reply is not None:
                        try:
                            conn.sendall(self.reply(data))
                        except OSError:  # the printer side hung up first
                            break

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(timeout=2)
        self.server.close()


@pytest.fixture
def closed_9100():
    """127.0.0.1:9100 bound but not listening: a connect there is refused at once."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", 9100))
    except OSError as exc:
        pytest.fail(f"port 9100 on loopback is in use, this test needs it closed: {exc}")
    yield
    s.close()


def one_line(out: subprocess.CompletedProcess[str], status: int) -> str:
    assert out.returncode == status, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr
    return out.stderr.strip()


@pytest.mark.parametrize(
    "url", ["nonsense", "printer", "out.bin", "printer.hall.local", "./receipt", "tmp/lp0", "192.168.1.50:99999"]
)
def test_a_word_or_a_path_is_not_a_printer_and_no_file_appears(tmp_path: Path, url: str) -> None:
    line = one_line(run_kiosk("devices", "print-test", url, cwd=tmp_path, timeout=30), 2)
    assert line.startswith(f"kiosk devices print-test: {url!r} is not a printer address")
    assert "tcp://HOST:9100" in line and "file:" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "url",
    ["192.168.1.50", "10.0.0.7", "[fe80::1]", "localhost", "printer.hall.local:9100", "tcp://printer.hall.local:9100"],
)
def test_a_bare_ip_means_a_network_printer_on_9100(url: str) -> None:
    assert printer_backend_for_url(url) == "network"  # decided without connecting


@pytest.mark.parametrize("url", ["nonsense", "", "x y", "/tmp/out.bin", "-h", "out.bin", "999.1.1.1"])
def test_the_registry_refuses_what_it_cannot_place(url: str) -> None:
    with pytest.raises(DeviceUnavailable) as info:
        printer_backend_for_url(url)
    assert info.value.key == "device.printer.bad_url"


def test_a_bare_ip_connects_to_port_9100_and_writes_no_file(tmp_path: Path, closed_9100) -> None:
    line = one_line(run_kiosk("devices", "print-test", "127.0.0.1", cwd=tmp_path, timeout=30), 1)
    assert line.startswith("error: device.printer.disconnected")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("reply", [None, lambda data: b"HELLO\xff\x00garbage" * 4], ids=["silent", "garbage"])
def test_a_printer_that_never_confirms_is_not_reported_printed(tmp_path: Path, reply) -> None:
    peer = Peer(reply)
    try:
        out = run_kiosk("devices", "print-test", peer.url, cwd=tmp_path, timeout=30)
    finally:
        peer.stop()
    line = one_line(out, 1)
    assert line.startswith("error: device.printer.unconfirmed")
    assert "the receipt was not confirmed" in line and "printed" not in out.stdout
    # The whole job did go out (it ends with the cut); only the confirmation is missing.
    assert len(peer.received) > 500 and peer.received.endswith(b"\x1dV\x00")
    peer = Peer(reply)
    try:
        json_out = run_kiosk("devices", "print-test", "--json", peer.url, cwd=tmp_path, timeout=30)
    finally:
        peer.stop()
    assert json_out.returncode == 1 and '"ok": false' in json_out.stdout
    assert '"error": "device.printer.unconfirmed"' in json_out.stdout


def test_the_simulator_confirms(tmp_path: Path) -> None:
    with PrinterSimulator() as sim:
        out = run_kiosk("devices", "print-test", sim.url, cwd=tmp_path, timeout=30)
        assert out.returncode == 0 and "(confirmed)" in out.stdout, out.stderr
        assert sim.wait_for_jobs(1)


def test_an_explicit_file_url_writes_the_file(tmp_path: Path) -> None:
    spool = tmp_path / "spool.bin"
    out = run_kiosk("devices", "print-test", f"file://{spool}", cwd=tmp_path, timeout=30)
    assert out.returncode == 0 and "a file cannot confirm" in out.stdout, out.stderr
    assert spool.read_bytes().endswith(b"\x1dV\x00")


@pytest.mark.parametrize("png", ["/nonexistent/x.png", "/proc/x.png"])
def test_an_unwritable_preview_is_refused_before_printing(tmp_path: Path, png: str) -> None:
    with PrinterSimulator() as sim:
        line = one_line(run_kiosk("devices", "print-test", sim.url, "--png", png, cwd=tmp_path, timeout=30), 2)
        assert line.startswith(f"kiosk devices print-test: cannot write the preview {png}")
        assert sim.jobs == []


def test_help_says_what_a_bare_host_means_and_the_exit_status() -> None:
    out = run_kiosk("devices", "print-test", "--help", timeout=30)
    text = " ".join(out.stdout.split())
    assert out.returncode == 0
    assert "a bare HOST or IP means the same" in text and "only a file: URL" in text
    assert "1: the printer failed or never confirmed the receipt" in text
