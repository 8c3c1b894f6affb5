"""Playing WAV bytes on the terminal's loudspeaker, through whichever player is there.

A hall board without a sound card, or with no player installed, must keep showing the
calls: the fallback is a no-op that logs once, never an error on the call path.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
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
