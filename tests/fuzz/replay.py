"""Re-run saved inputs through a target in plain Python (no atheris, no instrumentation).

    python -m tests.fuzz.replay TARGET FILE...

Prints one JSON line: per file, the signature of the unexpected exception or ``""``.
``run.py`` calls it to confirm each finding: atheris 2.3.0 rewrites bytecode for
coverage, and on Python 3.11 it can miscompile a backward jump in a long loop (seen in
``FrameReader.feed``: the jump lands one instruction late, so ``self`` is missing from
the stack and ``self._resync()`` raises ``AttributeError`` on an ``int``). A finding that
does not happen again here is the instrumentation's, not the code's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.fuzz.harness import Recorder
from tests.fuzz.targets import TARGETS


def replay(target: str, files: list[Path]) -> dict[str, str]:
    """The signature each file's input raises in plain Python (``""`` = none)."""
    out = {}
    for path in files:
        recorder = Recorder(target, TARGETS[target].one_input)
        recorder.one_input(path.read_bytes())
        out[str(path)] = next(iter(recorder.signatures), "")
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or args[0] not in TARGETS:
        print(f"usage: python -m tests.fuzz.replay {{{','.join(TARGETS)}}} FILE...", file=sys.stderr)
        return 2
    print(json.dumps(replay(args[0], [Path(a) for a in args[1:]])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
