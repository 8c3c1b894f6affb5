"""Receipt printer benchmark (issue 4): bytes of a typical acceptance receipt (受理回执)
with a native QR code vs a raster one, hand-over time to the TCP printer simulator, and
what those bytes cost on a 9600-baud serial line.

    .venv/bin/python bench/devices_printer.py [--n 50] [--width 80]

Hand-over time = from ``print_receipt`` being called until the printer has answered the
status query sent after the job (so it has read every byte): render + connect + paper
check + send + confirm. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from drivers.printer.backends import NetworkReceiptPrinter
from drivers.printer.escpos_render import render
from drivers.printer.receipt import Receipt
from drivers.sim.printer_sim import PrinterSimulator


def acceptance_receipt() -> Receipt:
    """A realistic 受理回执 (masked personal data, as printed at the window)."""
    b = (
        Receipt.builder()
        .title("受理回执")
        .text("广安市政务服务中心 综合窗口", align="center")
        .separator("=")
        .kv("受理编号：", "5116022026112600123")
        .kv("办理事项：", "居住证签注")
        .kv("申请人：", "张*")
        .kv("证件号码：", "5116**********1234")
        .kv("联系电话：", "138****1234")
        .kv("受理时间：", "2026-11-26 09:30:12")
        .kv("受理窗口：", "3号窗口")
        .kv("承诺时限：", "5个工作日")
        .kv("收费金额：", "¥0.00")
        .separator()
        .text("已收材料：", bold=True)
    )
    for i, m in enumerate(
        ["居民身份证（原件）", "居住证（原件）", "近期一寸免冠照片2张", "居住登记证明材料（复印件）"], 1
    ):
        b.text(f"{i}. {m}")
    return (
        b.separator()
        .qr("https://zwfw.example.gov.cn/case/5116022026112600123")
        .text("扫码查询办理进度", align="center")
        .barcode("5116022026112600123")
        .text("请妥善保管本回执，凭回执领取办理结果。咨询电话：12345", size=1)
        .feed(1)
        .cut()
        .build()
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=50, help="jobs to time (default 50)")
    ap.add_argument("--width", type=int, default=80, choices=[58, 80])
    args = ap.parse_args()

    receipt = acceptance_receipt()
    native = render(receipt, paper_width_mm=args.width, native_qr=True)
    raster = render(receipt, paper_width_mm=args.width, native_qr=False)
    t0 = time.perf_counter()
    for _ in range(20):
        render(receipt, paper_width_mm=args.width)
    render_ms = (time.perf_counter() - t0) / 20 * 1000

    timings: dict[str, list[float]] = {"native": [], "raster": []}
    with PrinterSimulator(paper_width_mm=args.width) as sim:
        for mode in ("native", "raster"):
            printer = NetworkReceiptPrinter(sim.url, paper_width_mm=args.width, native_qr=mode == "native")
            printer.print_receipt(receipt)  # warm-up: imports, fonts, profile
            for _ in range(args.n):
                result = printer.print_receipt(receipt)
                assert result.confirmed
                timings[mode].append(result.seconds * 1000)
        assert sim.wait_for_jobs(2 * (args.n + 1), timeout=5)

    def pct(xs: list[float], q: float) -> float:
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]

    baud_s = {k: len(v) * 10 / 9600 for k, v in (("native", native), ("raster", raster))}
    print(
        f"acceptance receipt, {args.width} mm: native QR {len(native)} B, raster QR {len(raster)} B "
        f"(x{len(raster) / len(native):.1f})"
    )
    print(f"render (Receipt -> bytes): {render_ms:.2f} ms")
    for mode, xs in timings.items():
        print(
            f"hand-over to TCP simulator, {mode:6s}: p50 {statistics.median(xs):.2f} ms, "
            f"p95 {pct(xs, 0.95):.2f} ms, max {max(xs):.2f} ms (n={len(xs)})"
        )
    print(f"at 9600 baud (8N1): native {baud_s['native']:.2f} s, raster {baud_s['raster']:.2f} s")
    print(
        json.dumps(
            {
                "receipt_bytes": len(native),
                "raster_bytes": len(raster),
                "raster_ratio": round(len(raster) / len(native), 2),
                "render_ms": round(render_ms, 3),
                "p50_ms": round(statistics.median(timings["native"]), 3),
                "p95_ms": round(pct(timings["native"], 0.95), 3),
                "raster_p50_ms": round(statistics.median(timings["raster"]), 3),
                "raster_p95_ms": round(pct(timings["raster"], 0.95), 3),
                "serial_9600_s": round(baud_s["native"], 3),
                "raster_serial_9600_s": round(baud_s["raster"], 3),
                "n": args.n,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
