"""The recorder every fuzz run goes through: counts inputs, keeps unexpected errors.

A target raises only what its codec documents (it catches those itself) or an
``AssertionError`` from a property a successful parse must satisfy; anything that
escapes it is *unexpected*. The recorder catches it, counts it under a signature
(exception type and the line that raised it) and keeps going, so one run reports how
many inputs failed and how, instead of stopping at the first.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
MAX_SAMPLES = 5  # examples kept per run (the first few, with their input)
MAX_HEX = 512  # bytes of each sample input shown in hex
MAX_KEPT = 3  # inputs kept whole per signature, to confirm them by replay


def signature(exc: BaseException) -> str:
    """``Type at file:line (in project file:line)`` for where ``exc`` was raised.

    Two inputs with the same signature are almost always the same bug, so a run
    reports distinct bugs rather than a count of one bug seen ten thousand times.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    where = f"{_short(last.filename)}:{last.lineno}"
    own = [f for f in frames if _is_project(f.filename)]
    if own and own[-1] is not last:
        where += f" (from {_short(own[-1].filename)}:{own[-1].lineno})"
    return f"{type(exc).__name__} at {where}"


def _is_project(filename: str) -> bool:
    try:
        rel = Path(filename).resolve().relative_to(REPO)
    except ValueError:
        return False
    return rel.parts[0] != "tests"


def _short(filename: str) -> str:
    try:
        return str(Path(filename).resolve().relative_to(REPO))
    except ValueError:
        parts = Path(filename).parts
        return "/".join(parts[-2:])


@dataclass
class Recorder:
    """Runs inputs through one target and keeps score."""

    name: str
    target: Callable[[bytes], None]
    inputs: int = 0
    unexpected: int = 0
    signatures: dict[str, int] = field(default_factory=dict)
    samples: list[dict[str, str]] = field(default_factory=list)
    kept: dict[str, list[bytes]] = field(default_factory=dict)

    def one_input(self, data: bytes) -> None:
        """Run one input; an escaping exception is recorded, never re-raised."""
        self.inputs += 1
        try:
            self.target(data)
        except Exception as exc:
            self.unexpected += 1
            sig = signature(exc)
            self.signatures[sig] = self.signatures.get(sig, 0) + 1
            kept = self.kept.setdefault(sig, [])
            if len(kept) < MAX_KEPT:
                kept.append(bytes(data))
            if len(self.samples) < MAX_SAMPLES and (self.signatures[sig] == 1):
                self.samples.append(
                    {
                        "signature": sig,
                        "error": repr(exc)[:300],
                        "input_hex": bytes(data[:MAX_HEX]).hex(),
                        "input_len": str(len(data)),
                    }
                )

    def report(self, artifacts: frozenset[str] = frozenset(), **extra: Any) -> dict[str, Any]:
        """The run's JSON line: inputs, unexpected, the first sample, every signature.

        Args:
            artifacts: signatures that did not happen again in plain Python (see
                replay.py); they are counted apart and not as unexpected.
        """
        real = [s for s in self.samples if s["signature"] not in artifacts]
        first = f"{real[0]['error']} input={real[0]['input_hex']}" if real else ""
        return {
            "target": self.name,
            "inputs": self.inputs,
            "unexpected": sum(n for sig, n in self.signatures.items() if sig not in artifacts),
            "first": first,
            "signatures": {sig: n for sig, n in self.signatures.items() if sig not in artifacts},
            "instrumentation_artifacts": {sig: n for sig, n in self.signatures.items() if sig in artifacts},
            "samples": real,
            **extra,
        }
