"""NetworkReceiptPrinter against the TCP simulator: the real socket, real bytes."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time

import pytest
from PIL import Image

from drivers import registry
from drivers.errors import DeviceError, DeviceUnavailable
from drivers.health import HealthState
from drivers.printer import testpage
from drivers.printer.backends import NetworkReceiptPrinter, UsbReceiptPrinter
from drivers.printer.base import PaperOutError, PrinterDisconnected, PrinterOfflineError, PrinterTimeout
from drivers.printer.escpos_decode import decode, qr_payloads, text_lines
from drivers.printer.receipt import Receipt
from drivers.printer.status import PaperState
from drivers.sim.printer_sim import PrinterSimulator

NOW = dt.datetime(2026, 11, 26, 9, 30)

HANG_BOUND_S = 10.0  # not a speed: the line between "gave up" and "hangs"


def big_receipt() -> Receipt:
    b = Receipt.builder().title("大票据")
    for i in range(6):
        b.qr(f"https://zwfw.example.gov.cn/case/{i:04d}?" + "x" * 120, module=6)
    return b.cut().build()


def test_print_through_simulator_decodes_to_the_same_chinese_text_and_qr(sim, printer, tmp_path):
    receipt = testpage.test_receipt(NOW)
    result = printer.print_receipt(receipt)
    assert sim.wait_for_jobs(1)
    (job,) = sim.jobs
    assert result.confirmed and result.bytes_sent == len(job) == len(printer.render(receipt))
    els = decode(job, "gb18030")
    lines = text_lines(els)
    assert lines[0] == "打印测试"
    assert any(line.startswith("金额：") and line.endswith("¥12.50") for line in lines)
    assert qr_payloads(els) == [testpage.TEST_QR_PAYLOAD]
    png = sim.render_job_png(0, tmp_path / "job.png")
    with Image.open(png) as img:
        assert img.convert("L").getextrema() == (0, 255)


def test_gbk_58mm_raster_printer(sim):
    printer = NetworkReceiptPrinter(sim.url.removeprefix("tcp://"), encoding="gbk", paper_width_mm=58, native_qr=False)
    printer.print_receipt(testpage.test_receipt(NOW))
    assert sim.wait_for_jobs(1)
    lines = text_lines(decode(sim.jobs[0], "gbk"))
    assert any(line.endswith("￥12.50") for line in lines)  # GBK has only the full-width sign
    assert max(len(line.encode("gbk")) for line in lines) <= 32


def test_paper_states(sim, printer):
    sim.set_paper("near_end")
    assert printer.probe().key == "device.printer.paper_near_end"
    printer.print_receipt(Receipt.builder().text("仍可打印").build())
    sim.set_paper("out")
    with pytest.raises(PaperOutError) as err:
        printer.print_receipt(Receipt.builder().text("不应打印").build())
    assert err.value.key == "device.printer.paper_out"
    health = printer.probe()
    assert (health.state, health.key) == (HealthState.OFFLINE, "device.printer.paper_out")
    assert sim.wait_for_jobs(1) and len(sim.jobs) == 1  # nothing of the second job was sent
    sim.set_paper("ok")
    printer.print_receipt(Receipt.builder().text("换纸后").build())
    assert sim.wait_for_jobs(2)


def test_offline_printer_refuses_the_job(sim, printer):
    sim.go_offline()
    with pytest.raises(PrinterOfflineError):
        printer.print_receipt(Receipt.builder().text("x").build())
    assert printer.probe().key == "device.printer.offline"


def test_no_answer_to_status_is_unknown_never_ok(sim):
    sim.mute_status()
    printer = NetworkReceiptPrinter(sim.url)
    status = printer.status()
    assert status.online is None and status.paper is PaperState.UNKNOWN
    assert printer.probe().state is HealthState.UNKNOWN
    # A printer that never answers status still prints, but says it is unconfirmed.
    result = printer.print_receipt(Receipt.builder().text("无状态").build())
    assert not result.confirmed
    assert sim.wait_for_jobs(1)


def test_stalled_printer_gives_a_timeout_not_a_hang(sim, printer):
    assert printer.probe().state is HealthState.OK
    sim.stall()
    t0 = time.monotonic()
    with pytest.raises(PrinterTimeout):
        printer.print_receipt(Receipt.builder().text("卡纸").build())
    # Ends (a hang never would): the deadlines are well under a second; HANG_BOUND_S leaves
    # room for a busy machine (4.2 s seen at a load of 15 on two cores).
    assert time.monotonic() - t0 < HANG_BOUND_S
    sim.resume()
    assert printer.print_receipt(Receipt.builder().text("恢复").build()).confirmed
    assert sim.wait_for_jobs(1)
    assert [text_lines(decode(job)) for job in sim.jobs] == [["恢复"]]  # nothing sent while stalled


def test_kill_simulator_mid_print_then_restart_on_same_port():
    sim = PrinterSimulator(bytes_per_s=20_000).start()  # a slow printer: the job takes ~1 s
    port = sim.port
    printer = NetworkReceiptPrinter(sim.url, native_qr=False)  # rasters: tens of KB
    outcome: dict[str, object] = {}

    def job() -> None:
        try:
            outcome["result"] = printer.print_receipt(big_receipt())
        except DeviceError as exc:
            outcome["error"] = exc
        outcome["at"] = time.monotonic()

    worker = threading.Thread(target=job)
    worker.start()
    time.sleep(0.2)
    killed_at = time.monotonic()
    sim.stop()
    worker.join(timeout=HANG_BOUND_S + 5)
    assert isinstance(outcome.get("error"), (PrinterDisconnected, PrinterTimeout)), outcome
    assert outcome["at"] - killed_at < HANG_BOUND_S
    assert sim.jobs == []  # the printer died before the job was complete
    health = printer.probe()
    assert (health.state, health.key) == (HealthState.OFFLINE, "device.printer.disconnected")
    assert time.monotonic() - killed_at < HANG_BOUND_S

    sim2 = PrinterSimulator(port=port).start()  # the printer comes back on the same port
    try:
        assert printer.probe().state is HealthState.OK
        assert printer.print_receipt(Receipt.builder().text("重新连接").build()).confirmed
        assert sim2.wait_for_jobs(1)
        assert text_lines(decode(sim2.jobs[0])) == ["重新连接"]
    finally:
        sim2.stop()


def test_status_is_answered_while_the_last_job_is_still_being_drawn(tmp_path):
    # Real-time status (DLE EOT) is answered at once on a real printer, even while it
    # prints. The simulator drew each job's PNG on the connection's thread first: under
    # load a long notice took over a second to draw, the kiosk's confirm query timed
    # out, and the screen said the print failed while the paper was out (the English
    # journey, tests/e2e/test_journeys_pointer.py, 1 run in 5).
    drawing = threading.Event()
    sim = PrinterSimulator(out_dir=tmp_path).start()
    sim.render_job_png = lambda i, path: drawing.wait(10)  # drawing takes as long as this test wants
    try:
        with socket.create_connection((sim.host, sim.port), timeout=5) as conn:
            conn.sendall(b"\x1b@receipt\n\x1dV\x00")  # a job, cut
            assert sim.wait_for_jobs(1)
            conn.sendall(b"\x10\x04\x01")  # DLE EOT 1: the kiosk's confirm query
            assert conn.recv(1)  # answered while the PNG is still being drawn
    finally:
        drawing.set()
        sim.stop()


def test_registry_builds_printers_from_config_options(sim):
    options = {
        "url": sim.url,
        "baud": 9600,
        "encoding": "gbk",
        "profile": "default",
        "paper_width_mm": 58,
        "native_qr": False,
    }
    device = registry.create("printer", "network", options)
    assert isinstance(device, NetworkReceiptPrinter) and device.probe().state is HealthState.OK
    with pytest.raises(DeviceUnavailable):  # pyusb is not installed here
        registry.create("printer", "usb", {"url": "usb://04b8:0202"})
    assert UsbReceiptPrinter("usb://04b8:0202").probe().key == "device.printer.disconnected"


@pytest.mark.parametrize("url", ["tcp://", "host:notaport", "tcp://h:99999", "http://x:9100"])
def test_bad_urls_are_typed_errors(url):
    with pytest.raises(DeviceError) as err:
        NetworkReceiptPrinter(url)
    assert err.value.key == "device.printer.bad_url"
