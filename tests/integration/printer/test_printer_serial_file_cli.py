"""SerialReceiptPrinter over a socat pty pair, the file backend, and ``print-test``."""

from __future__ import annotations

import argparse
import json
import threading
import time

import pytest
import serial
from PIL import Image

from drivers.health import HealthState
from drivers.printer.backends import FileReceiptPrinter, SerialReceiptPrinter
from drivers.printer.base import PaperOutError, PrinterDisconnected, PrinterTimeout
from drivers.printer.escpos_decode import decode, qr_payloads, text_lines
from drivers.printer.receipt import Receipt
from drivers.sim.printer_sim import PrinterProtocol

# tests/rigs/pty_pair.py passes socat "-d0", which socat 1.7.4 rejects; the id_reader
# simulator's copy of the rig works (same API: .a device side, .b host side).
from drivers.sim.serial_link import PtyPair
from launcher.cmd_devices_print import add_print_test, guess_backend


class PtyPrinter:
    """The device side of the pty: a tiny reader thread speaking PrinterProtocol."""

    def __init__(self, path: str, paper: str = "ok") -> None:
        self.proto = PrinterProtocol(paper)
        self.port = serial.serial_for_url(path, baudrate=9600, timeout=0.02)
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                data = self.port.read(4096)
                if data:
                    reply = self.proto.feed(data)
                    if reply:
                        self.port.write(reply)
        except (serial.SerialException, OSError):
            pass  # the cable was pulled

    def jobs(self, count: int, timeout: float = 2.0) -> list[bytes]:
        deadline = time.monotonic() + timeout
        while len(self.proto.completed) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.proto.completed

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(timeout=2)
        self.port.close()


def test_serial_printer_over_pty_prints_and_recovers(tmp_path):
    receipt = Receipt.builder().title("窗口回执").kv("号码：", "A001").qr("A001").cut().build()
    pair = PtyPair(tmp_path, "printer").open()
    device = PtyPrinter(pair.a)
    printer = SerialReceiptPrinter(pair.b, baud=115200)
    try:
        assert printer.probe().state is HealthState.OK
        result = printer.print_receipt(receipt)
        (job,) = device.jobs(1)
        assert result.confirmed and result.bytes_sent == len(job)
        els = decode(job)
        assert text_lines(els)[0] == "窗口回执" and qr_payloads(els) == ["A001"]

        device.proto.paper = device.proto.paper.__class__("out")
        with pytest.raises(PaperOutError):
            printer.print_receipt(receipt)

        pair.close()  # pull the cable
        device.stop()
        t0 = time.monotonic()
        with pytest.raises((PrinterDisconnected, PrinterTimeout)):
            printer.print_receipt(receipt)
        health = printer.probe()
        assert health.state is HealthState.OFFLINE and time.monotonic() - t0 < 2

        pair.open()  # plugged back in: same paths, the printer reopens by itself
        device = PtyPrinter(pair.a)
        assert printer.print_receipt(receipt).confirmed
        assert len(device.jobs(1)) == 1
    finally:
        printer.close()
        device.stop()
        pair.close()


def test_file_printer_writes_the_job_and_reports_unknown_paper(tmp_path):
    spool = tmp_path / "lp0"
    printer = FileReceiptPrinter(f"file://{spool}")
    result = printer.print_receipt(Receipt.builder().text("文件打印").build())
    assert not result.confirmed and "文件打印\n".encode("gb18030") in spool.read_bytes()
    assert printer.probe().state is HealthState.UNKNOWN
    missing = FileReceiptPrinter("/dev/usb/lp-not-here")
    assert missing.probe().key == "device.printer.disconnected"


def _run_print_test(argv):
    parser = argparse.ArgumentParser(prog="kiosk devices")
    add_print_test(parser.add_subparsers(dest="devices_command"))
    args = parser.parse_args(argv)
    return args.handler(args)


def test_print_test_command_against_the_simulator(sim, tmp_path, capsys):
    png = tmp_path / "test.png"
    assert _run_print_test(["print-test", sim.url, "--png", str(png), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["confirmed"] and out["backend"] == "network"
    assert sim.wait_for_jobs(1)
    els = decode(sim.jobs[0])
    text = "\n".join(text_lines(els))
    assert "：" in text and "¥" in text and len(qr_payloads(els)) == 1
    with Image.open(png) as img:
        assert img.width == 576 + 32


def test_print_test_reports_paper_out_as_one_line(sim, capsys):
    sim.set_paper("out")
    assert _run_print_test(["print-test", sim.url, "--width", "58", "--encoding", "gbk"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: device.printer.paper_out")


@pytest.mark.parametrize(
    "url, backend",
    [
        ("tcp://10.0.0.5:9100", "network"),
        ("10.0.0.5:9100", "network"),
        ("/dev/ttyUSB0", "serial"),
        ("COM3", "serial"),
        ("socket://127.0.0.1:7000", "serial"),
        ("file:///dev/usb/lp0", "file"),
        ("/dev/usb/lp0", "file"),
        ("usb://04b8:0202", "usb"),
    ],
)
def test_backend_is_guessed_from_the_url(url, backend):
    assert guess_backend(url) == backend  # decided in drivers.registry
