"""Is a headset in the kiosk's jack? Private words may be spoken only then.

Linux tells in two places, both read here by small pure parsers (tested on captured
text, not on hardware: the build machines have no sound card):

- PulseAudio / PipeWire: ``pactl list sinks`` lists each sink's ports with their
  availability; a headphone port is ``available`` while a plug is in the jack.
- ALSA: ``amixer -c N contents`` holds the HD-Audio jack controls (``iface=CARD``,
  ``name='Headphone Jack'``, ``values=on`` while plugged).
- ``/proc/asound/card*/codec#*`` tells only whether the codec *has* a headphone jack
  (``[Jack] HP Out``), not whether a plug is in: used to describe the terminal.

A jack the mixer cannot see reads as unknown (None), which guidance treats as no
headset: personal data is then never spoken. Speech goes to the default output; with a
plug in, HD-Audio codecs mute the loudspeaker themselves (ALSA ``Auto-Mute Mode``).
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("kiosk.guidance")

Listener = Callable[[bool], None]
HEADSETS = ("auto", "linux", "simulated", "none")


# -- pure parsers ------------------------------------------------------------------------
def parse_pactl_sinks(text: str) -> bool | None:
    """From ``pactl list sinks``: True when a headphone port is available (or active),
    False when every headphone port is ``not available``, None when no sink has one."""
    seen = False
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("Active Port:") and "headphone" in s.lower():
            return True
        port = re.match(r"([\w.-]*headphone[\w.-]*):.*\((.*)\)\s*$", s, re.IGNORECASE)
        if port is None:
            continue
        seen = True
        details = port.group(2).lower()
        if "not available" in details:
            continue
        if "available" in details:  # "available", not "availability unknown"
            return True
    return False if seen else None


_AMIXER_BLOCK = re.compile(r"^numid=\d+,iface=CARD,name='([^']*)'", re.MULTILINE)


def parse_amixer_contents(text: str) -> bool | None:
    """From ``amixer -c N contents``: True when a headphone jack control is on, False
    when there are such controls and all are off, None when there are none."""
    found: list[bool] = []
    blocks = _AMIXER_BLOCK.split(text)
    # split gives [before, name1, body1, name2, body2, ...]
    for name, body in zip(blocks[1::2], blocks[2::2], strict=False):
        lowered = name.lower()
        if "headphone" not in lowered or "jack" not in lowered:
            continue
        value = re.search(r":\s*values=(on|off)", body)
        if value:
            found.append(value.group(1) == "on")
    if not found:
        return None
    return any(found)


def codec_has_headphone_jack(text: str) -> bool:
    """From ``/proc/asound/cardN/codec#M``: whether a pin is a headphone jack."""
    return bool(re.search(r"\[Jack\]\s+HP Out", text))


# -- headsets ------------------------------------------------------------------------------
class Headset(ABC):
    """Where the kiosk learns whether a headset is plugged in."""

    name = "headset"

    @abstractmethod
    def plugged(self) -> bool | None:
        """True / False, or None when this terminal cannot tell.

        Thread: any; may run a short subprocess, so never the GUI thread.
        """

    def watch(self, on_change: Listener, interval_s: float = 1.0) -> Callable[[], None]:
        """Call ``on_change(plugged)`` now and whenever the state changes (unknown counts
        as not plugged); returns a function that stops watching.

        Thread: ``on_change`` runs on a watcher thread.
        """
        stop = threading.Event()

        def run() -> None:
            last: bool | None = None
            while True:
                try:
                    now = bool(self.plugged())
                except Exception as exc:  # a mixer that fails must not end the watch
                    log.warning("headset_probe_failed", extra={"fields": {"error": type(exc).__name__}})
                    now = False
                if now != last:
                    last = now
                    on_change(now)
                if stop.wait(interval_s):
                    return

        threading.Thread(target=run, name="headset-watch", daemon=True).start()
        return stop.set


class NoHeadset(Headset):
    """A terminal without a jack (or with detection switched off)."""

    name = "none"

    def plugged(self) -> bool | None:
        return False


class SimulatedHeadset(Headset):
    """The demo's headset, plugged and unplugged from the demo control panel and in
    tests; listeners hear each change at once, on the caller's thread."""

    name = "simulated"

    def __init__(self, plugged: bool = False) -> None:
        self._plugged = plugged
        self._listeners: list[Listener] = []

    def plugged(self) -> bool | None:
        return self._plugged

    def set(self, plugged: bool) -> None:
        if plugged != self._plugged:
            self._plugged = plugged
            for listener in list(self._listeners):
                listener(plugged)

    def watch(self, on_change: Listener, interval_s: float = 1.0) -> Callable[[], None]:
        self._listeners.append(on_change)
        on_change(self._plugged)
        return lambda: self._listeners.remove(on_change) if on_change in self._listeners else None


class LinuxHeadset(Headset):
    """The jack as PulseAudio/PipeWire (``pactl``) or ALSA (``amixer``) reports it.

    Args:
        asound: the ``/proc/asound`` folder (tests pass a copy).
        timeout_s: the longest a mixer query may take.
    """

    name = "linux"

    def __init__(self, asound: Path = Path("/proc/asound"), timeout_s: float = 2.0) -> None:
        self.asound = asound
        self.timeout_s = timeout_s

    def _run(self, *cmd: str) -> str | None:
        path = shutil.which(cmd[0])
        if path is None:
            return None
        try:
            done = subprocess.run([path, *cmd[1:]], capture_output=True, text=True, timeout=self.timeout_s, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None

    def cards(self) -> list[int]:
        return sorted(int(p.name[4:]) for p in self.asound.glob("card[0-9]*") if p.name[4:].isdigit())

    def has_jack(self) -> bool:
        """Whether some codec of this terminal has a headphone jack."""
        for codec in self.asound.glob("card[0-9]*/codec#*"):
            try:
                if codec_has_headphone_jack(codec.read_text(errors="replace")):
                    return True
            except OSError:
                continue
        return False

    def plugged(self) -> bool | None:
        sinks = self._run("pactl", "list", "sinks")
        if sinks is not None:
            state = parse_pactl_sinks(sinks)
            if state is not None:
                return state
        for card in self.cards():
            contents = self._run("amixer", "-c", str(card), "contents")
            if contents is not None:
                state = parse_amixer_contents(contents)
                if state is not None:
                    return state
        return None


def make_headset(kind: str) -> Headset:
    """The headset named in ``[guidance] headset``: ``auto`` and ``linux`` read the jack
    (unknown on a machine without one), ``simulated`` is switched by the demo panel."""
    if kind in ("auto", "linux"):
        return LinuxHeadset()
    if kind == "simulated":
        return SimulatedHeadset()
    if kind == "none":
        return NoHeadset()
    raise ValueError(f"unknown headset {kind!r} (one of {', '.join(HEADSETS)})")
