"""Reading the headset jack: the parsers on captured mixer text, and ``LinuxHeadset``
running real programs found on PATH (stand-ins printing captured output: the build
machines have no sound card, so a real jack is not tested here)."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from kiosk.guidance import LinuxHeadset, SimulatedHeadset, VoiceGuidance, make_headset
from kiosk.guidance.headset import (
    NoHeadset,
    codec_has_headphone_jack,
    parse_amixer_contents,
    parse_pactl_sinks,
)
from kiosk.guidance.output import RecordingOutput
from kiosk.guidance.speaker import GuidanceSpeaker

PACTL_UNPLUGGED = """Sink #0
\tState: SUSPENDED
\tName: alsa_output.pci-0000_00_1f.3.analog-stereo
\tPorts:
\t\tanalog-output-speaker: Speakers (type: Speaker, priority: 10000, availability unknown)
\t\tanalog-output-headphones: Headphones (type: Headphones, priority: 9900, availability group: Legacy 2, not available)
\tActive Port: analog-output-speaker
\tFormats:
\t\tpcm
"""
PACTL_PLUGGED = PACTL_UNPLUGGED.replace("Legacy 2, not available)", "Legacy 2, available)").replace(
    "Active Port: analog-output-speaker", "Active Port: analog-output-headphones"
)
PACTL_NO_JACK = """Sink #1
\tName: alsa_output.usb-speaker
\tPorts:
\t\tanalog-output: Analog Output (type: Analog, priority: 9900, availability unknown)
\tActive Port: analog-output
"""
AMIXER = """numid=17,iface=CARD,name='Front Headphone Jack'
  ; type=BOOLEAN,access=r-------,values=1
  : values={front}
numid=16,iface=CARD,name='Mic Jack'
  ; type=BOOLEAN,access=r-------,values=1
  : values=on
numid=2,iface=MIXER,name='Headphone Playback Switch'
  ; type=BOOLEAN,access=rw------,values=2
  : values=on,on
"""
CODEC = """Codec: Realtek ALC892
Node 0x1b [Pin Complex] wcaps 0x40058d: Stereo Amp-Out
  Pin Default 0x0221401f: [Jack] HP Out at Ext Front
    Conn = 1/8, Color = Green
"""


def test_pactl_says_whether_the_headphone_port_is_available() -> None:
    assert parse_pactl_sinks(PACTL_UNPLUGGED) is False
    assert parse_pactl_sinks(PACTL_PLUGGED) is True
    assert parse_pactl_sinks(PACTL_NO_JACK) is None  # no headphone port: cannot tell


def test_amixer_jack_controls_not_the_playback_switch() -> None:
    assert parse_amixer_contents(AMIXER.format(front="off")) is False  # the playback switch is on: not a jack
    assert parse_amixer_contents(AMIXER.format(front="on")) is True
    assert parse_amixer_contents("numid=1,iface=MIXER,name='Master Playback Volume'\n  : values=31\n") is None


def test_codec_tells_only_whether_a_jack_exists() -> None:
    assert codec_has_headphone_jack(CODEC)
    assert not codec_has_headphone_jack(CODEC.replace("HP Out", "Line Out"))


def _program(folder: Path, name: str, output: str, code: int = 0) -> None:
    path = folder / name
    (folder / f"{name}.out").write_text(output, encoding="utf-8")
    path.write_text(f'#!/bin/sh\ncat "{folder}/{name}.out"\nexit {code}\n', encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}/usr/bin{os.pathsep}/bin")
    return folder


def _asound(tmp_path: Path, cards: int = 1, codec: str = CODEC) -> Path:
    root = tmp_path / "asound"
    for n in range(cards):
        (root / f"card{n}").mkdir(parents=True)
        (root / f"card{n}" / "codec#0").write_text(codec, encoding="utf-8")
    return root


def test_linux_headset_asks_pactl_first(tmp_path: Path, bin_dir: Path) -> None:
    _program(bin_dir, "pactl", PACTL_PLUGGED)
    _program(bin_dir, "amixer", AMIXER.format(front="off"))
    assert LinuxHeadset(_asound(tmp_path)).plugged() is True


def test_linux_headset_falls_back_to_amixer_per_card(tmp_path: Path, bin_dir: Path) -> None:
    _program(bin_dir, "pactl", "", code=1)  # no sound server running
    _program(bin_dir, "amixer", AMIXER.format(front="on"))
    headset = LinuxHeadset(_asound(tmp_path, cards=2))
    assert headset.cards() == [0, 1] and headset.has_jack()
    assert headset.plugged() is True


def test_linux_headset_with_nothing_to_ask_is_unknown(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # neither pactl nor amixer
    headset = LinuxHeadset(tmp_path / "no-asound")
    assert headset.plugged() is None and headset.cards() == [] and not headset.has_jack()


def test_the_watch_follows_the_jack_and_unknown_means_unplugged(tmp_path: Path, bin_dir: Path) -> None:
    _program(bin_dir, "pactl", PACTL_PLUGGED)
    seen: list[bool] = []
    changed = threading.Event()

    def on_change(plugged: bool) -> None:
        seen.append(plugged)
        changed.set()

    stop = LinuxHeadset(_asound(tmp_path)).watch(on_change, interval_s=0.05)
    try:
        assert changed.wait(5) and seen == [True]
        changed.clear()
        _program(bin_dir, "pactl", PACTL_NO_JACK)  # unknown from now on
        assert changed.wait(5)
        time.sleep(0.2)  # several more polls: no repeated reports
        assert seen == [True, False]
    finally:
        stop()


def test_simulated_headset_drives_guidance() -> None:
    headset = make_headset("simulated")
    assert isinstance(headset, SimulatedHeadset)
    g = VoiceGuidance(GuidanceSpeaker(RecordingOutput()))
    g.watch(headset)
    headset.set(True)
    assert g.headset_in and g.active
    g.close()
    headset.set(False)  # no longer watched
    assert g.headset_in


def test_make_headset_names() -> None:
    assert isinstance(make_headset("auto"), LinuxHeadset) and isinstance(make_headset("none"), NoHeadset)
    with pytest.raises(ValueError, match="unknown headset"):
        make_headset("bluetooth")
