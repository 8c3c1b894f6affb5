"""Playing WAV bytes on the terminal's loudspeaker, through whichever player is there.

A hall board without a sound card, or with no player installed, must keep showing the
calls: the fallback is a no-op that logs once, never an error on the call path.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable

log = logging.getLogger("kiosk.speech")

# The player, its arguments to read WAV from stdin. aplay (ALSA) first: it is on every
# Debian terminal and needs no sound server; paplay for PulseAudio/PipeWire desktops;
# sox's play last.
PLAYERS: tuple[tuple[str, list[str]], ...] = (
    ("aplay", ["-q", "-"]),
    ("paplay", []),
    ("play", ["-q", "-t", "wav", "-"]),
)

Player = Callable[[bytes], None]


def find_player(timeout_s: float = 60.0) -> Player:
    """A player for WAV bytes: the first program of ``PLAYERS`` on PATH, else a no-op
    that logs ``speech_player_missing`` once.

    The player blocks until the sound has played (so the announcer never starts the
    next call over this one). A player that fails logs ``speech_play_failed``.
    """
    for program, args in PLAYERS:
        path = shutil.which(program)
        if path:
            return _command_player([path, *args], timeout_s)
    warned: list[bool] = []

    def silent(_wav: bytes) -> None:
        if not warned:
            log.warning("speech_player_missing", extra={"fields": {"tried": ",".join(p for p, _ in PLAYERS)}})
            warned.append(True)

    return silent


def _command_player(cmd: list[str], timeout_s: float) -> Player:
    def play(wav: bytes) -> None:
        try:
            done = subprocess.run(cmd, input=wav, capture_output=True, timeout=timeout_s, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("speech_play_failed", extra={"fields": {"player": cmd[0], "reason": type(exc).__name__}})
            return
        if done.returncode != 0:
            reason = done.stderr.decode("utf-8", "replace").strip()[:200]
            log.warning(
                "speech_play_failed", extra={"fields": {"player": cmd[0], "exit": done.returncode, "reason": reason}}
            )

    play.command = cmd  # type: ignore[attr-defined]  # for `kiosk speech voices`
    return play


# The same players reading a WAV file (guidance plays one sentence at a time and must
# be able to kill the player mid-sentence: a file, unlike a pipe, needs no writer thread).
FILE_PLAYERS: tuple[tuple[str, list[str]], ...] = (
    ("aplay", ["-q"]),
    ("paplay", []),
    ("play", ["-q"]),
)


class StoppablePlayer:
    """Plays WAV bytes and stops at once when asked: voice guidance, which every new
    screen cuts off (the board's calls use ``find_player``, never cut).

    Args:
        cmd: the player and its arguments before the file name; None = no player (silent,
            logged once).
        timeout_s: the longest one sentence may play.
    """

    def __init__(self, cmd: list[str] | None, timeout_s: float = 120.0) -> None:
        self.cmd = cmd
        self.timeout_s = timeout_s
        self.program = os.path.basename(cmd[0]) if cmd else "none"
        self._warned = False

    def play(self, wav: bytes, stop: threading.Event) -> bool:
        """Play ``wav``; True when it played out, False when stopped or failed.

        Thread: any but the GUI thread (it blocks while the sentence plays).
        """
        if self.cmd is None:
            if not self._warned:
                self._warned = True
                log.warning("speech_player_missing", extra={"fields": {"tried": ",".join(p for p, _ in FILE_PLAYERS)}})
            return False
        with tempfile.TemporaryDirectory(prefix="kiosk-guidance-") as tmp:
            path = os.path.join(tmp, "say.wav")
            with open(path, "wb") as f:
                f.write(wav)
            try:
                # Its own process group: a stop kills the player and anything it started
                # (a wrapper script's children would otherwise keep playing).
                proc = subprocess.Popen(
                    [*self.cmd, path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
                )
            except OSError as exc:
                log.warning(
                    "speech_play_failed", extra={"fields": {"player": self.program, "reason": type(exc).__name__}}
                )
                return False
            deadline = time.monotonic() + self.timeout_s
            while proc.poll() is None:
                if stop.wait(0.05) or time.monotonic() > deadline:
                    _kill_group(proc)
                    return False
            _, raw = proc.communicate()
            if proc.returncode != 0:
                err = raw.decode("utf-8", "replace").strip()[:200]
                log.warning(
                    "speech_play_failed",
                    extra={"fields": {"player": self.program, "exit": proc.returncode, "reason": err}},
                )
                return False
            return True


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    killpg = getattr(os, "killpg", None)  # not on Windows, where the player has no group
    try:
        if killpg is None:
            raise ProcessLookupError
        killpg(proc.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


def find_stoppable_player(timeout_s: float = 120.0) -> StoppablePlayer:
    """The first program of ``FILE_PLAYERS`` on PATH (None inside when there is none)."""
    for program, args in FILE_PLAYERS:
        path = shutil.which(program)
        if path:
            return StoppablePlayer([path, *args], timeout_s)
    return StoppablePlayer(None, timeout_s)
