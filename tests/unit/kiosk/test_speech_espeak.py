"""The espeak-ng voice as a real subprocess: what it is given, and how it fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.speech import CallTextError, CallWords, EspeakVoice, VoiceFailed
from kiosk.speech.wav import read_wav


def test_it_is_given_pinyin_for_mandarin_and_spelled_english() -> None:
    voice, words = EspeakVoice(), CallWords.of("A012", 12)
    assert voice.text_for(words, "zh_CN") == words.pinyin
    assert voice.text_for(words, "en") == "Number A, 0 1 2, please go to window 12."
    with pytest.raises(CallTextError):
        voice.text_for(words, "yue")


def test_it_renders_a_correct_wav_header() -> None:
    pcm = read_wav(EspeakVoice().render(CallWords.of("A001", 3), "zh_CN"))
    # -w, not --stdout: the header's length is the sentence's, not 2 GB
    assert (pcm.rate, pcm.channels, pcm.width) == (22050, 1, 2) and 2.0 < pcm.seconds < 7.0


def test_a_missing_binary_is_unusable_and_says_so(tmp_path: Path) -> None:
    voice = EspeakVoice(binary=str(tmp_path / "espeak-ng"))
    assert not voice.is_usable() and not voice.speaks("zh_CN")
    with pytest.raises(VoiceFailed) as err:
        voice.render(CallWords.of("A001", 3), "zh_CN")
    assert err.value.key == "speech.engine_missing" and err.value.data == {"engine": "espeak-ng"}


def test_an_engine_that_fails_is_a_typed_error() -> None:
    voice = EspeakVoice(binary="false")  # coreutils' false: runs, writes nothing, exits 1
    with pytest.raises(VoiceFailed) as err:
        voice.render(CallWords.of("A001", 3), "en")
    assert err.value.key == "speech.engine_failed" and err.value.data["reason"] == "exit 1"
