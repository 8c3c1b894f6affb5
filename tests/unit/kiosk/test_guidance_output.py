"""Guidance's voices as real processes: espeak-ng renders any sentence, the player is
killed mid-sentence when guidance is cancelled, the engine is chosen from [guidance]."""

from __future__ import annotations

import stat
import threading
import time
from pathlib import Path

import pytest

from kiosk.config.settings import GuidanceSettings
from kiosk.guidance import RecordingOutput, SilentOutput, choose_output
from kiosk.guidance.output import EspeakOutput
from kiosk.speech import EspeakVoice
from kiosk.speech.player import StoppablePlayer, find_stoppable_player
from kiosk.speech.wav import read_wav


def _player(tmp_path: Path, body: str) -> list[str]:
    """A stand-in player program: copies the WAV it is given, then runs ``body``."""
    path = tmp_path / "player"
    path.write_text(f'#!/bin/sh\ncp "$1" "{tmp_path}/played.wav"\n{body}\n', encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return [str(path)]


def test_espeak_renders_any_chinese_sentence() -> None:
    pcm = read_wav(EspeakVoice().render_text("请选择业务，按数字键选择", "zh_CN"))
    assert pcm.width == 2 and 1.0 < pcm.seconds < 10.0
    assert read_wav(EspeakVoice().render_text("Press a number", "en")).seconds > 0.3


def test_the_player_plays_out_and_reports_it(tmp_path: Path) -> None:
    player = StoppablePlayer(_player(tmp_path, "exit 0"))
    wav = EspeakVoice().render_text("已读取身份证", "zh_CN")
    assert player.play(wav, threading.Event()) is True
    assert (tmp_path / "played.wav").read_bytes() == wav


def test_a_stop_kills_the_player_mid_sentence(tmp_path: Path) -> None:
    player = StoppablePlayer(_player(tmp_path, "sleep 30"))
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    began = time.monotonic()
    assert player.play(b"RIFF....WAVE", stop) is False
    assert time.monotonic() - began < 3.0


def test_a_failing_player_is_logged_not_raised(tmp_path: Path, caplog) -> None:
    player = StoppablePlayer(_player(tmp_path, "echo 'no soundcard' >&2; exit 3"))
    assert player.play(b"RIFF....WAVE", threading.Event()) is False
    assert any(r.getMessage() == "speech_play_failed" for r in caplog.records)


def test_no_player_on_path_is_silent(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    player = find_stoppable_player()
    assert player.cmd is None and player.play(b"", threading.Event()) is False


def test_espeak_output_renders_then_plays_and_stops_between(tmp_path: Path) -> None:
    out = EspeakOutput(EspeakVoice(), StoppablePlayer(_player(tmp_path, "exit 0")))
    out.say("请按数字键选择", "zh_CN", threading.Event())
    assert read_wav((tmp_path / "played.wav").read_bytes()).seconds > 0.5
    (tmp_path / "played.wav").unlink()
    stopped = threading.Event()
    stopped.set()
    out.say("不该播放", "zh_CN", stopped)
    assert not (tmp_path / "played.wav").exists()


@pytest.mark.parametrize(
    ("engine", "kind"),
    [("none", SilentOutput), ("espeak", EspeakOutput), ("auto", EspeakOutput), ("qt", SilentOutput)],
)
def test_the_engine_comes_from_the_configuration(engine: str, kind: type) -> None:
    assert isinstance(choose_output(GuidanceSettings(engine=engine)), kind)


def test_a_usable_qt_engine_wins_in_auto_and_an_unusable_one_falls_back() -> None:
    qt = RecordingOutput()
    assert choose_output(GuidanceSettings(engine="auto"), lambda: qt) is qt

    class Unusable(RecordingOutput):
        def is_usable(self) -> bool:
            return False

    assert isinstance(choose_output(GuidanceSettings(engine="auto"), Unusable), EspeakOutput)
    assert isinstance(choose_output(GuidanceSettings(engine="qt"), Unusable), SilentOutput)


def test_without_espeak_auto_is_silent(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert isinstance(choose_output(GuidanceSettings(engine="auto")), SilentOutput)


def test_a_language_without_a_voice_says_nothing_and_never_fails() -> None:
    # A language added as a file (zh_TW, docs/languages.md) has no voice: guidance falls
    # silent in it rather than reading Traditional Chinese with an English voice.
    from kiosk.guidance import GuidanceSpeaker, Utterance, VoiceGuidance

    settings = GuidanceSettings(engine="auto")
    assert isinstance(choose_output(settings, lang="zh_TW"), SilentOutput)
    heard = RecordingOutput()
    g = VoiceGuidance(
        GuidanceSpeaker(heard),
        enabled=True,
        language=lambda: "zh_TW",
        output_for=lambda lang: choose_output(settings, lambda: heard, lang),
    )
    g.say(Utterance("您好，請選擇要辦理的事項", "title"))
    g.speaker.wait_idle(2)
    assert heard.said == [] and [s.lang for s in g.log] == ["zh_TW"]
