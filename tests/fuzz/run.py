"""Run one fuzz target under atheris (libFuzzer) and print one JSON line.

    python -m tests.fuzz.run TARGET --runs N [--seed S] [--max-len L]

``atheris.Fuzz()`` never returns (libFuzzer exits the process), so this is its own
process: the recorder counts inputs and, at the N-th, confirms each finding by replaying
its kept inputs in plain Python (``replay.py``: atheris can miscompile a loop on 3.11),
prints the report and exits. libFuzzer's corpus directory is a temporary copy of the
seeds, so a run never writes into the repository; its progress lines go to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import atheris

# Instrument the code under test (and the pure-Python parsers it relies on) for
# coverage feedback; it must be imported inside this block, before anything else
# imports it. Left out: modules atheris 2.3.0 miscompiles on Python 3.11 (a backward
# jump in a long loop lands one instruction late, even with control-flow tracing only:
# FrameReader.feed then calls ``_resync`` on an int, and the loop over the decoded
# elements in targets.escpos segfaulted); they still run, only without coverage
# feedback. The harness itself (tests.fuzz) is not instrumented for the same reason:
# its branches say nothing about the code under test. replay.py catches the next one.
MISCOMPILED = ["drivers.id_reader.frames"]
# Imported but fuzzed by no target (the catalog store and search, the receipt renderer
# and the simulators that only build seeds): instrumenting them would only slow startup.
NOT_FUZZED = [
    "offline_cache.catalog.store",
    "offline_cache.catalog.search",
    "offline_cache.catalog.pinyin",
    "offline_cache.catalog.index",
    "offline_cache.catalog.synonyms",
    "offline_cache.catalog.export",
    "offline_cache.catalog.reader",
    "drivers.printer.escpos_render",
    "drivers.printer.receipt",
    "drivers.printer.testpage",
]
with atheris.instrument_imports(
    include=["drivers", "offline_cache", "kiosk", "hub", "tomllib", "urllib.parse"], exclude=MISCOMPILED + NOT_FUZZED
):
    from tests.fuzz import seeds as seed_files
    from tests.fuzz.harness import Recorder
    from tests.fuzz.targets import TARGETS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--runs", type=int, default=10_000, help="inputs to try (seeds included)")
    parser.add_argument("--seed", type=int, default=1, help="libFuzzer's random seed (same seed, same run)")
    parser.add_argument("--max-len", type=int, default=0, help="longest input (default: the target's)")
    args = parser.parse_args(argv)
    target = TARGETS[args.target]
    recorder = Recorder(target.name, target.one_input)
    work = Path(tempfile.mkdtemp(prefix=f"fuzz-{target.name}-"))
    corpus = work / "corpus"
    corpus.mkdir()
    for n, data in enumerate(target.seeds() + seed_files.from_files(target.name)):
        (corpus / f"seed-{n:03d}").write_bytes(data)
    started = time.perf_counter()
    runs = args.runs

    def one_input(data: bytes) -> None:
        recorder.one_input(data)
        if recorder.inputs >= runs:
            seconds = time.perf_counter() - started
            artifacts = _artifacts(target.name, recorder.kept, work)
            print(
                json.dumps(
                    recorder.report(
                        artifacts, seconds=round(seconds, 3), per_s=round(recorder.inputs / max(seconds, 1e-9), 1)
                    )
                ),
                flush=True,
            )
            shutil.rmtree(work, ignore_errors=True)
            os._exit(0)  # libFuzzer would otherwise go on; nothing else is left to clean

    libfuzzer_argv = [
        sys.argv[0],
        str(corpus),
        "-runs=-1",
        f"-seed={args.seed}",
        f"-max_len={args.max_len or target.max_len}",
        f"-artifact_prefix={work}/",
        "-rss_limit_mb=2048",
        "-timeout=20",
        "-print_final_stats=0",
    ]
    atheris.Setup(libfuzzer_argv, one_input)
    atheris.Fuzz()
    return 0  # not reached


def _artifacts(name: str, kept: dict[str, list[bytes]], work: Path) -> frozenset[str]:
    """Signatures none of whose kept inputs fail again in plain Python."""
    if not kept:
        return frozenset()
    files: dict[str, list[str]] = {}
    for n, (sig, inputs) in enumerate(kept.items()):
        for m, data in enumerate(inputs):
            path = work / f"finding-{n:03d}-{m}"
            path.write_bytes(data)
            files.setdefault(sig, []).append(str(path))
    paths = [p for ps in files.values() for p in ps]
    done = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.replay", name, *paths],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    again = json.loads(done.stdout)
    return frozenset(sig for sig, ps in files.items() if not any(again[p] for p in ps))


if __name__ == "__main__":
    raise SystemExit(main())
