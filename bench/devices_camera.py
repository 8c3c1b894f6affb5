"""QR decode time per 1280×720 frame: QRCodeDetectorAruco on the full colour frame
versus on the downscaled grey frame the scanner uses (HARDWARE.md §4).

    .venv/bin/python bench/devices_camera.py [--frames 60]

Prints a table, then ONE line of JSON with unit-suffixed keys.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cv2

from drivers.camera.codes import CodeReader, to_small_grey
from drivers.sim.camera_sim import qr_frames

PAYLOAD = "APPT:20261126-A001"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_decoder(frames, decode) -> tuple[list[float], int]:
    decode(frames[0])  # warm-up: first call allocates
    times, hits = [], 0
    for frame in frames:
        start = time.perf_counter()
        found = decode(frame)
        times.append((time.perf_counter() - start) * 1000)
        hits += PAYLOAD in found
    return times, hits


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=60)
    args = ap.parse_args()
    frames = qr_frames(PAYLOAD, args.frames)
    aruco = cv2.QRCodeDetectorAruco()

    def full(frame):
        ok, texts, _pts, _st = aruco.detectAndDecodeMulti(frame)
        return list(texts) if ok else []

    reader = CodeReader(max_width=640, barcodes=False)

    def small(frame):
        return [c.payload for c in reader.decode(frame)]

    def downscale_only(frame):
        to_small_grey(frame, 640)
        return []  # cost of the grey + resize step alone; decodes nothing

    results = {}
    for name, fn in (("full", full), ("small_grey", small), ("downscale_only", downscale_only)):
        times, hits = time_decoder(frames, fn)
        results[name] = (statistics.median(times), p95(times), hits)
        decoded = f"decoded {hits}/{len(frames)}" if fn is not downscale_only else ""
        print(f"{name:15s} median {results[name][0]:7.2f} ms   p95 {results[name][1]:7.2f} ms   {decoded}")
    summary = {
        "frames": len(frames),
        "full_median_ms": round(results["full"][0], 2),
        "full_p95_ms": round(results["full"][1], 2),
        "full_decoded_ratio": round(results["full"][2] / len(frames), 3),
        "small_grey_median_ms": round(results["small_grey"][0], 2),
        "small_grey_p95_ms": round(results["small_grey"][1], 2),
        "small_grey_decoded_ratio": round(results["small_grey"][2] / len(frames), 3),
        "downscale_median_ms": round(results["downscale_only"][0], 2),
        "speedup_ratio": round(results["full"][0] / results["small_grey"][0], 2),
        "scanner_every_2nd_per_s": round(2000 / (results["small_grey"][0] or 1), 1),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
