"""A government platform on HTTP, for tests and the demo: the other end of the city
hub's HTTPS JSON adapter (docs/city.md).

It checks every message against the format (``platform_format``), answers a case with an
official number (``GOV`` + 10 digits) and queues its status changes (accepted,
in_progress, finished) for ``GET /status-changes``; a repeated ``messageId`` gets the first
answer again with ``duplicate: true`` and is not counted twice. Faults, each a
probability per request (seeded): ``fail`` (503 before reading), ``hang`` (the message
is taken, then the answer comes after ``hang_s``: the client times out and sends again),
``dup`` (the status feed repeats earlier changes), and ``shuffle`` (a feed page comes out
of order). ``GET /sim/log`` says what was taken; ``POST /sim/faults`` changes the faults.
With ``--seal sign|sign+encrypt --seal-key FILE`` every request must be signed (and its
body encrypted) with the city's key (``platform_seal``); a refusal is a 401 and counted
in the log's ``refused``. Run alone::

    python -m drivers.sim.platform [--port 8790] [--fail 0.2] [--hang 0.1] [--dup 0.3] [--shuffle]
        [--seal sign+encrypt --seal-key FILE [--seal-window 300]]

prints ``platform simulator on http://HOST:PORT`` and serves until Ctrl-C / SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from common.seal_key import SealKeyError, read_seal_key
from drivers.sim.platform_format import KINDS, check_message
from drivers.sim.platform_seal import SealOpener, SealRefused

MAX_BODY = 200 * 1024 * 1024
PAGE = 100


@dataclass
class Faults:
    """Probabilities per request, and how long a hung answer waits."""

    fail: float = 0.0
    hang: float = 0.0
    dup: float = 0.0
    shuffle: bool = False
    hang_s: float = 3.0


class PlatformState:
    """What the platform holds; every method under one lock (handler threads)."""

    def __init__(self, faults: Faults, seed: int = 16, opener: SealOpener | None = None) -> None:
        self.faults = faults
        self.opener = opener  # None: requests are taken unsealed
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.answers: dict[str, dict[str, Any]] = {}  # messageId -> first answer
        self.taken: dict[str, Counter[str]] = {k: Counter() for k in KINDS.values()}  # what each record counted
        self.changes: list[dict[str, Any]] = []
        self.numbers = 0
        self.duplicates = 0
        self.invalid: list[str] = []
        self.faulted: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()  # seal refusals by code

    def roll(self, name: str) -> bool:
        with self.lock:
            hit = self.rng.random() < getattr(self.faults, name)
            if hit:
                self.faulted[name] += 1
            return hit

    def take(self, kind: str, message: dict[str, Any]) -> dict[str, Any]:
        """The answer to a valid message (the first answer again for a repeat)."""
        with self.lock:
            first = self.answers.get(message["messageId"])
            if first is not None:
                self.duplicates += 1
                return {**first, "duplicate": True}
            record = message["record"]
            answer: dict[str, Any] = {"messageId": message["messageId"], "duplicate": False}
            if kind == "case":
                self.numbers += 1
                number = f"GOV{self.numbers:010d}"
                answer.update(projectNo=number, status="accepted")
                for status in ("accepted", "in_progress", "finished"):
                    self.changes.append(
                        {
                            "seq": len(self.changes) + 1,
                            "projectNo": number,
                            "provisionalNo": record["provisionalNo"],
                            "status": status,
                        }
                    )
                self.taken[kind][record["provisionalNo"]] += 1
            else:
                self.taken[kind][record["evaluationId"]] += 1
            self.answers[message["messageId"]] = answer
            return answer

    def feed(self, after: int) -> dict[str, Any]:
        with self.lock:
            page = [c for c in self.changes if c["seq"] > after][:PAGE]
            nxt = page[-1]["seq"] if page else after
            if page and self.rng.random() < self.faults.dup:
                self.faulted["dup"] += 1
                page = page + [dict(c) for c in self.rng.sample(page, k=min(3, len(page)))]
                earlier = [c for c in self.changes if c["seq"] <= after][-3:]
                page += [dict(c) for c in earlier]  # changes the city had already, again
            if self.faults.shuffle and len(page) > 1:
                self.faulted["shuffle"] += 1
                self.rng.shuffle(page)
            return {"changes": page, "next": nxt}

    def log(self) -> dict[str, Any]:
        with self.lock:
            return {
                **{f"{kind}s": dict(counts) for kind, counts in self.taken.items()},
                "duplicates": self.duplicates,
                "invalid": list(self.invalid),
                "faulted": dict(self.faulted),
                "refused": dict(self.refused),
                "seal": self.opener.mode if self.opener else "off",
                "faults": asdict(self.faults),
            }


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet: tests read /sim/log
        pass

    def _answer(self, status: int, body: Any) -> None:
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _error(self, status: int, code: str, message: str) -> None:
        self._answer(status, {"error": {"code": code, "message": message}})

    def _opened(self, body: bytes) -> bytes | None:
        """The request's plain body (as is when unsealed), or None after a 401."""
        state = self.server.state
        if state.opener is None:
            return body
        try:
            headers = {name.lower(): value for name, value in self.headers.items()}
            return state.opener.open(self.command, self.path, headers, body)
        except SealRefused as exc:
            with state.lock:
                state.refused[exc.code] += 1
            self._error(401, exc.code, exc.message)
            return None

    def do_GET(self) -> None:
        state = self.server.state
        url = urlsplit(self.path)
        if url.path == "/sim/log":
            return self._answer(200, state.log())
        if url.path != "/status-changes":
            return self._error(404, "platform.not_found", url.path[:80])
        if state.roll("fail"):
            return self._error(503, "platform.unavailable", "injected fault")
        if self._opened(b"") is None:
            return None
        try:
            after = int(parse_qs(url.query).get("after", ["0"])[0])
        except ValueError:
            return self._error(400, "platform.invalid", "after: not an integer")
        return self._answer(200, state.feed(after))

    def do_POST(self) -> None:
        state = self.server.state
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._error(413, "platform.too_large", "message too large")
        raw = self.rfile.read(length)
        if path == "/sim/faults":
            changes = json.loads(raw or b"{}")
            with state.lock:
                for name, value in changes.items():
                    setattr(state.faults, name, value)
            return self._answer(200, asdict(state.faults))
        kind = KINDS.get(path)
        if kind is None:
            return self._error(404, "platform.not_found", path[:80])
        if state.roll("fail"):
            return self._error(503, "platform.unavailable", "injected fault")
        opened = self._opened(raw)
        if opened is None:
            return None
        raw = opened
        try:
            message = check_message(kind, json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, ValueError) as exc:
            with state.lock:
                state.invalid.append(str(exc)[:200])
            return self._error(400, "platform.invalid", str(exc)[:200])
        answer = state.take(kind, message)
        if state.roll("hang"):
            time.sleep(state.faults.hang_s)  # taken, but the answer comes too late
        return self._answer(200, answer)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: PlatformState) -> None:
        self.state = state
        super().__init__(address, _Handler)


class PlatformSimulator:
    """The simulator in a thread: ``start()``, ``url``, ``state``, ``stop()``."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Faults | None = None,
        seed: int = 16,
        opener: SealOpener | None = None,
    ) -> None:
        self.state = PlatformState(faults or Faults(), seed, opener)
        self._server = _Server((host, port), self.state)
        self.url = f"http://{host}:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="platform-sim", daemon=True)

    def start(self) -> PlatformSimulator:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m drivers.sim.platform", description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8790)
    p.add_argument("--fail", type=float, default=0.0, help="probability of a 503 per request")
    p.add_argument("--hang", type=float, default=0.0, help="probability that an answer comes too late")
    p.add_argument("--hang-s", type=float, default=3.0, help="how late (seconds)")
    p.add_argument("--dup", type=float, default=0.0, help="probability that a status page repeats changes")
    p.add_argument("--shuffle", action="store_true", help="status pages out of order")
    p.add_argument("--seed", type=int, default=16)
    p.add_argument("--seal", choices=("off", "sign", "sign+encrypt"), default="off", help="what requests must be")
    p.add_argument("--seal-key", type=Path, metavar="FILE", help="the city's seal key file (docs/city.md)")
    p.add_argument("--seal-window", type=float, default=300.0, metavar="S", help="clock skew allowed (seconds)")
    args = p.parse_args(argv)
    for name in ("fail", "hang", "dup"):
        if not 0 <= getattr(args, name) <= 1:
            p.exit(2, f"--{name}: a probability from 0 to 1\n")
    faults = Faults(args.fail, args.hang, args.dup, args.shuffle, args.hang_s)
    opener = None
    if args.seal != "off":
        if args.seal_key is None or not 1 <= args.seal_window <= 86400:
            p.exit(2, "--seal needs --seal-key FILE (and --seal-window from 1 to 86400 s)\n")
        try:
            key = read_seal_key(args.seal_key, encrypt=args.seal == "sign+encrypt")
        except SealKeyError as exc:
            p.exit(2, f"{exc}\n")  # names the file and the field, never a key
        opener = SealOpener(key, args.seal, window_s=args.seal_window)
    try:
        sim = PlatformSimulator(args.host, args.port, faults, args.seed, opener).start()
    except OSError as exc:
        p.exit(2, f"cannot listen on {args.host}:{args.port}: {exc.strerror}\n")
    print(f"platform simulator on {sim.url}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
