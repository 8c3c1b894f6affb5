"""Which voice speaks: pack → Qt (injected) → espeak-ng → none, narrowed by [speech]."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk.config import ConfigError, load_text
from kiosk.config.dump import to_toml
from kiosk.speech import CallWords, EspeakVoice, Voice, choose_voice
from kiosk.speech.voice_pack import VoicePackVoice
from tests.speech_audio import make_tone_pack

ESPEAK = shutil.which("espeak-ng")


class OtherVoice(Voice):
    """Stands in for the ui's Qt engine: usable or not, as told."""

    name = "qt-test"
    languages = ("zh_CN", "en")

    def __init__(self, usable: bool) -> None:
        self.usable = usable

    def is_usable(self) -> bool:
        return self.usable

    def render(self, words: CallWords, lang: str) -> bytes:
        raise AssertionError("not rendered in these tests")


def speech(**kw: str) -> SimpleNamespace:
    return SimpleNamespace(**{"engine": "auto", "voice_pack": "", **kw})


def test_this_machine_has_espeak_ng_with_the_pinyin_voice() -> None:
    # The whole fallback rests on it; if this fails, install espeak-ng (tools/bootstrap.sh).
    assert ESPEAK, "espeak-ng is not installed"
    voice = EspeakVoice()
    assert voice.is_usable() and voice.voice_installed("zh_CN") and voice.voice_installed("en")


def test_a_configured_pack_comes_first(tmp_path: Path) -> None:
    pack = make_tone_pack(tmp_path)
    voice = choose_voice(speech(voice_pack=str(pack)), qt_factory=lambda: OtherVoice(True))
    assert isinstance(voice, VoicePackVoice) and voice.folder == pack


def test_a_broken_pack_is_logged_and_the_next_voice_speaks(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pack = make_tone_pack(tmp_path, skip="办理")
    with caplog.at_level(logging.INFO, logger="kiosk.speech"):
        voice = choose_voice(speech(voice_pack=str(pack)))
    assert isinstance(voice, EspeakVoice)
    bad = next(r for r in caplog.records if r.getMessage() == "speech_voice_unusable")
    assert bad.fields["key"] == "speech.voice_pack.missing_clip" and bad.fields["clip"] == "办理.wav"


def test_qt_comes_before_espeak_when_usable() -> None:
    qt = OtherVoice(True)
    assert choose_voice(speech(), qt_factory=lambda: qt) is qt
    assert isinstance(choose_voice(speech(), qt_factory=lambda: OtherVoice(False)), EspeakVoice)


def test_english_skips_the_mandarin_pack(tmp_path: Path) -> None:
    pack = make_tone_pack(tmp_path)
    assert isinstance(choose_voice(speech(voice_pack=str(pack)), lang="en"), EspeakVoice)


def test_engine_setting_narrows_the_choice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    pack = make_tone_pack(tmp_path)
    assert isinstance(choose_voice(speech(engine="espeak", voice_pack=str(pack))), EspeakVoice)
    assert choose_voice(speech(engine="qt"), qt_factory=None) is None
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kiosk.speech"):
        assert choose_voice(speech(engine="none", voice_pack=str(pack))) is None
    assert [r.getMessage() for r in caplog.records] == ["speech_unavailable"]
    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng on PATH: nothing speaks
    assert choose_voice(speech()) is None


def test_choose_voice_reads_the_speech_table_of_settings(tmp_path: Path) -> None:
    pack = make_tone_pack(tmp_path)
    settings = load_text(f'[speech]\nengine = "voice_pack"\nvoice_pack = "{pack}"\n')
    assert settings.speech.engine == "voice_pack" and settings.speech.voice_pack == str(pack)
    assert isinstance(choose_voice(settings), VoicePackVoice)


def test_speech_settings_default_validate_and_round_trip() -> None:
    default = load_text("")
    assert (default.speech.engine, default.speech.voice_pack) == ("auto", "")
    s = load_text('[speech]\nengine = "espeak"\nvoice_pack = "/opt/voices/xiaoli"\n')
    again = load_text(to_toml(s, hide_secrets=False))
    assert again.speech == s.speech
    assert '[speech]\nengine = "espeak"\nvoice_pack = "/opt/voices/xiaoli"' in to_toml(s)


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ('[speech]\nengine = "festival"\n', "speech.engine", "must be one of auto, voice_pack, qt, espeak, none"),
        ("[speech]\nvolume = 3\n", "speech.volume", "unknown key"),
        ("[speech]\nvoice_pack = 3\n", "speech.voice_pack", "text in quotes"),
        ('speech = "loud"\n', "speech", "must be a table"),
    ],
)
def test_bad_speech_settings_name_the_key(text: str, key: str, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_text(text, source="bad.toml")
    assert err.value.key == key and words in err.value.problem
