"""ID card read (find + select + read) through the paced simulator on a pty pair.

115200 baud, N=30 reads; prints median and p95 against the 118 ms wire floor
(1359 bytes at 10 bits/byte, HARDWARE.md §1; goal <= 1.3x). Ends with one JSON line.

    .venv/bin/python bench/devices_id.py [--n 30] [--baud 115200]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.id_reader.serial_backend import SerialIdCardReader
from drivers.sim.id_reader_sim import IdReaderSimulator

WIRE_BYTES = 1359


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--baud", type=int, default=115200)
    args = parser.parse_args()
    floor_ms = WIRE_BYTES * 10 / args.baud * 1000
    with IdReaderSimulator("pty", baud=args.baud) as sim:
        sim.insert_demo(0)
        reader = SerialIdCardReader(sim.url, baud=args.baud)
        reader.read_card()  # open the port, warm up
        times = []
        for _ in range(args.n):
            started = time.perf_counter()
            reader.read_card()
            times.append((time.perf_counter() - started) * 1000)
        reader.close()
    times.sort()
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"ID read x{args.n} at {args.baud} baud over a pty: median {p50:.1f} ms, "
        f"p95 {p95:.1f} ms, wire floor {floor_ms:.1f} ms, ratio {p50 / floor_ms:.2f}x (goal <= 1.3x)"
    )
    print(
        json.dumps(
            {
                "n": args.n,
                "baud": args.baud,
                "p50_ms": round(p50, 2),
                "p95_ms": round(p95, 2),
                "floor_ms": round(floor_ms, 2),
                "ratio": round(p50 / floor_ms, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
