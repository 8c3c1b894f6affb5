"""Device benchmarks in one run (issue 4): ID read through the paced simulator at
115200 baud against the 118 ms wire floor; receipt bytes and hand-over time to the TCP
printer simulator; QR decode time per 1280×720 frame.

    .venv/bin/python bench/devices.py

Runs bench/devices_id.py, devices_printer.py and devices_camera.py one after the other
(never at once: they would measure each other), prints their lines, and ends with one
JSON line merging their figures, each prefixed by its device.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = {"id_read": "devices_id.py", "receipt": "devices_printer.py", "qr_decode": "devices_camera.py"}


def main() -> int:
    merged: dict[str, object] = {}
    for name, script in PARTS.items():
        print(f"== {name} ({script})", flush=True)
        out = subprocess.run(
            [sys.executable, str(HERE / script)], capture_output=True, text=True, cwd=HERE.parent, timeout=600
        )
        lines = out.stdout.strip().splitlines()
        for line in lines[:-1]:
            print("   " + line)
        if out.returncode != 0 or not lines:
            print(out.stderr, file=sys.stderr)
            return 1
        figures = json.loads(lines[-1])
        print("   " + json.dumps(figures))
        merged.update({f"{name}_{k}": v for k, v in figures.items()})
    print(json.dumps(merged))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
