"""Spoken-call rendering benchmark: how long from "call A012 to window 12" to the WAV
the loudspeaker plays (chime + sentence twice), per voice.

    .venv/bin/python bench/speech.py [--calls 40]

The espeak-ng voice runs the real subprocess; the voice pack is generated from
espeak-ng into a temporary folder (tools/make_voice_pack.py). What a hall needs: the
call starts well within a second of the clerk's tap, so p95 <= 300 ms per call on
2 cores. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

from make_voice_pack import make_pack

from kiosk.speech import CallWords, EspeakVoice, assemble_call
from kiosk.speech.voice_pack import VoicePackVoice


def pct(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(voice, lang: str, calls: int) -> tuple[list[float], float]:
    times, seconds = [], 0.0
    for i in range(calls):
        words = CallWords.of(f"A{i % 1000:03d}", 1 + (i * 37) % 999)
        start = time.perf_counter()
        audio = assemble_call(words, lang, voice)
        times.append((time.perf_counter() - start) * 1000)
        seconds += audio.seconds
    return times, seconds / calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=40)
    args = parser.parse_args()
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        pack = VoicePackVoice(make_pack(Path(tmp) / "pack"))
        runs = {
            "espeak_zh_CN": (EspeakVoice(), "zh_CN"),
            "espeak_en": (EspeakVoice(), "en"),
            "pack_zh_CN": (pack, "zh_CN"),
        }
        print(f"{'voice':<14} {'calls':>5} {'p50 ms':>8} {'p95 ms':>8} {'audio s':>8}")
        for name, (voice, lang) in runs.items():
            times, audio_s = timed(voice, lang, args.calls)
            p50, p95 = statistics.median(times), pct(times, 95)
            print(f"{name:<14} {args.calls:>5} {p50:>8.1f} {p95:>8.1f} {audio_s:>8.2f}")
            out[f"{name}_p50_ms"] = round(p50, 1)
            out[f"{name}_p95_ms"] = round(p95, 1)
            out[f"{name}_audio_s"] = round(audio_s, 2)
    print(json.dumps({"calls": args.calls, **out}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
