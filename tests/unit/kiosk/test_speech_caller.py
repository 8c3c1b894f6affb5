"""The call queue: calls play in order, one at a time, never over each other; bad calls
fail where they are made; a broken voice or no voice never stops the queue."""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from itertools import pairwise
from pathlib import Path

import pytest

from kiosk.speech import (
    CallAnnouncer,
    CallTextError,
    CallWords,
    SpeechError,
    Voice,
    VoiceFailed,
    assemble_call,
)
from kiosk.speech.player import find_player
from kiosk.speech.voice_pack import VoicePackVoice
from kiosk.speech.wav import read_wav
from tests.speech_audio import make_tone_pack


class Loudspeaker:
    """A player that takes as long as the sound lasts (scaled down), noting when each
    sound started and ended and whether two ever overlapped."""

    def __init__(self, scale: float = 0.02) -> None:
        self.scale = scale
        self.played: list[tuple[float, float, bytes]] = []
        self.playing = 0
        self.overlapped = False
        self._lock = threading.Lock()

    def __call__(self, wav: bytes) -> None:
        with self._lock:
            self.playing += 1
            self.overlapped |= self.playing > 1
        start = time.monotonic()
        time.sleep(read_wav(wav).seconds * self.scale)
        with self._lock:
            self.playing -= 1
            self.played.append((start, time.monotonic(), wav))


@pytest.fixture
def pack(tmp_path: Path) -> VoicePackVoice:
    return VoicePackVoice(make_tone_pack(tmp_path))


def test_calls_play_in_order_and_never_over_each_other(pack: VoicePackVoice) -> None:
    speaker = Loudspeaker()
    announcer = CallAnnouncer(pack, speaker)
    calls = [("A001", 3), ("A002", 12), ("B107", 101), ("A003", 3)]
    for number, window in calls:
        announcer.announce(number, window)  # all at once, as a busy hall does
    assert announcer.wait_idle(timeout=30)
    announcer.close()
    assert not speaker.overlapped
    assert [w for _, _, w in speaker.played] == [assemble_call(CallWords.of(n, w), "zh_CN", pack).wav for n, w in calls]
    for (_, end, _), (start, _, _) in zip(speaker.played, speaker.played[1:]):
        assert start >= end


def test_a_new_call_waits_for_the_one_being_spoken(pack: VoicePackVoice) -> None:
    speaker = Loudspeaker(scale=0.1)
    announcer = CallAnnouncer(pack, speaker)
    announcer.announce("A001", 3)
    time.sleep(0.05)  # the first call is on the loudspeaker now
    announcer.announce("A002", 4)
    assert announcer.wait_idle(timeout=30)
    announcer.close()
    (s1, e1, _), (s2, _, _) = speaker.played
    assert s2 >= e1 and e1 - s1 >= read_wav(speaker.played[0][2]).seconds * 0.1 * 0.9


def test_a_bad_call_fails_at_once_and_queues_nothing(pack: VoicePackVoice) -> None:
    speaker = Loudspeaker()
    announcer = CallAnnouncer(pack, speaker)
    with pytest.raises(CallTextError):
        announcer.announce("王小明", 3)
    with pytest.raises(CallTextError):
        announcer.announce("A001", 0)
    assert announcer.wait_idle(timeout=1)
    announcer.close()
    assert speaker.played == []


def test_no_voice_is_silent_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    speaker = Loudspeaker()
    announcer = CallAnnouncer(None, speaker)
    with caplog.at_level(logging.INFO, logger="kiosk.speech"):
        assert announcer.announce("A001", 3).hanzi == "请A零零一号到三号窗口办理"
        assert announcer.wait_idle(timeout=10)
    announcer.close()
    assert speaker.played == []
    assert [r.getMessage() for r in caplog.records] == ["speech_unavailable"]


class FlakyVoice(Voice):
    """Fails on window 13, speaks a pack's sentence otherwise."""

    name = "flaky"
    languages = ("zh_CN",)

    def __init__(self, pack: VoicePackVoice) -> None:
        self.pack = pack

    def render(self, words: CallWords, lang: str) -> bytes:
        if words.window == 13:
            raise VoiceFailed("speech.engine_failed", engine=self.name, reason="test")
        if words.window == 14:
            raise RuntimeError("a bug in a voice")
        return self.pack.render(words, lang)


def test_a_failing_voice_is_logged_and_the_queue_goes_on(
    pack: VoicePackVoice, caplog: pytest.LogCaptureFixture
) -> None:
    speaker = Loudspeaker()
    announcer = CallAnnouncer(FlakyVoice(pack), speaker)
    with caplog.at_level(logging.INFO, logger="kiosk.speech"):
        for window in (12, 13, 14, 15):
            announcer.announce("A001", window)
        assert announcer.wait_idle(timeout=30)
    announcer.close()
    assert len(speaker.played) == 2
    failed = [r for r in caplog.records if r.getMessage() == "speech_call_failed"]
    assert [(r.fields["key"], r.fields["window"]) for r in failed] == [
        ("speech.engine_failed", 13),
        ("speech.error", 14),
    ]


def test_a_full_queue_drops_new_calls_and_says_so(pack: VoicePackVoice, caplog: pytest.LogCaptureFixture) -> None:
    gate = threading.Event()
    played: list[bytes] = []

    def stuck_player(wav: bytes) -> None:
        gate.wait(10)
        played.append(wav)

    announcer = CallAnnouncer(pack, stuck_player, max_waiting=2)
    with caplog.at_level(logging.WARNING, logger="kiosk.speech"):
        announcer.announce("A001", 1)
        time.sleep(0.2)  # A001 is being played; two may wait
        for n in ("A002", "A003", "A004"):
            announcer.announce(n, 1)
    gate.set()
    assert announcer.wait_idle(timeout=30)
    announcer.close()
    assert len(played) == 3
    # (the calls' own INFO lines, logged after the block, may be there when another test
    # has set the kiosk loggers to INFO)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == ["speech_queue_full"]


def test_close_finishes_the_queue_then_refuses(pack: VoicePackVoice) -> None:
    speaker = Loudspeaker()
    announcer = CallAnnouncer(pack, speaker)
    announcer.announce("A001", 1)
    announcer.announce("A002", 2)
    announcer.close()
    assert len(speaker.played) == 2
    with pytest.raises(SpeechError) as err:
        announcer.announce("A003", 3)
    assert err.value.key == "speech.closed"


def test_on_spoken_sees_each_call_after_it_played(pack: VoicePackVoice) -> None:
    seen = []
    announcer = CallAnnouncer(pack, Loudspeaker(), on_spoken=lambda audio: seen.append(audio.words.led))
    announcer.announce("A001", 3)
    announcer.announce("A012", 12)
    announcer.close()
    assert seen == ["A001 3", "A012 12"]


class SpeakOnlyVoice(Voice):
    """An engine that says sentences itself (like a Qt engine), taking a little time."""

    name = "speak-only"
    languages = ("zh_CN",)
    renders = False

    def __init__(self, speaker: Loudspeaker) -> None:
        self.speaker = speaker
        self.said: list[tuple[float, float, str]] = []

    def render(self, words: CallWords, lang: str) -> bytes:
        raise AssertionError("a speak-only voice is never asked to render")

    def speak(self, words: CallWords, lang: str) -> None:
        start = time.monotonic()
        time.sleep(0.05)
        self.said.append((start, time.monotonic(), words.text(lang)))


def test_a_speak_only_engine_gets_the_chime_then_says_the_sentence_twice() -> None:
    speaker = Loudspeaker()
    voice = SpeakOnlyVoice(speaker)
    announcer = CallAnnouncer(voice, speaker)
    announcer.announce("A001", 3)
    announcer.announce("A002", 4)
    announcer.close()
    assert [t for _, _, t in voice.said] == ["请A零零一号到三号窗口办理"] * 2 + ["请A零零二号到四号窗口办理"] * 2
    chimes = speaker.played
    assert len(chimes) == 2 and read_wav(chimes[0][2]).seconds == pytest.approx(0.7, abs=0.01)
    # chime 1 < sentence, sentence < chime 2 < sentence, sentence: nothing overlaps
    events = sorted([(s, e, "chime") for s, e, _ in chimes] + [(s, e, "say") for s, e, _ in voice.said])
    assert [k for _, _, k in events] == ["chime", "say", "say", "chime", "say", "say"]
    assert all(a[1] <= b[0] for a, b in pairwise(events))


def test_the_real_player_feeds_the_wav_to_the_first_player_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "heard.wav"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "paplay"  # aplay is absent here, so paplay is the one found
    script.write_text(f"#!/bin/sh\nexec /bin/cat > '{out}'\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bin_dir))
    wav = assemble_call(CallWords.of("A001", 3), "zh_CN", VoicePackVoice(make_tone_pack(tmp_path / "p"))).wav
    find_player()(wav)
    assert out.read_bytes() == wav
    script.write_text("#!/bin/sh\necho 'no sound card' >&2\nexit 3\n")
    with caplog.at_level(logging.WARNING, logger="kiosk.speech"):
        find_player()(wav)  # a failing player is logged, never raised into the queue
    (rec,) = caplog.records
    assert rec.getMessage() == "speech_play_failed" and rec.fields["exit"] == 3
    assert rec.fields["reason"] == "no sound card"


def test_no_player_on_path_is_a_logged_no_op(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    player = find_player()
    with caplog.at_level(logging.WARNING, logger="kiosk.speech"):
        player(b"RIFF")
        player(b"RIFF")
    assert [r.getMessage() for r in caplog.records] == ["speech_player_missing"]  # once
    assert os.listdir(tmp_path) == []
