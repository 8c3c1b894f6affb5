"""Call audio: the chime, WAV values, voice packs and the assembled call (chime, gap,
sentence, pause, sentence, tail), read back from the samples themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.speech import CallWords, SpeechError, VoicePackError, assemble_call
from kiosk.speech.chime import HIGH_HZ, LOW_HZ, TONE_S, chime, chime_wav
from kiosk.speech.voice_pack import REQUIRED_CLIPS, VoicePackVoice
from kiosk.speech.wav import Pcm, join, read_wav, to_wav
from tests.speech_audio import TONE_HZ, dominant, make_tone_pack, rms, samples, tone
from tests.speech_audio import TONE_S as CLIP_S

RATE = 8000


def test_the_chime_is_two_falling_tones() -> None:
    bell = chime(RATE)
    values = samples(bell)
    assert bell.seconds == pytest.approx(sum(TONE_S), abs=1e-3)
    cut = round(TONE_S[0] * RATE)
    candidates = [LOW_HZ, HIGH_HZ, 440.0, 880.0]
    assert dominant(values[:cut], RATE, candidates) == HIGH_HZ
    assert dominant(values[cut:], RATE, candidates) == LOW_HZ
    assert max(abs(v) for v in values) < 32767 * 0.6  # headroom, no clipping
    assert abs(values[0]) < 200  # soft attack: no click


def test_wav_round_trip_and_refusals() -> None:
    data = chime_wav(RATE)
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert read_wav(data) == chime(RATE)
    with pytest.raises(SpeechError) as err:
        read_wav(b"not a wav at all", "x.wav")
    assert err.value.key == "speech.bad_audio" and err.value.data["source"] == "x.wav"
    with pytest.raises(SpeechError) as err:
        join([tone(440, 0.1, 8000), tone(440, 0.1, 16000)])
    assert err.value.key == "speech.format_mismatch"
    assert err.value.data == {"expected": "8000 Hz mono 16-bit", "got": "16000 Hz mono 16-bit"}


def _clip_order(pcm: Pcm, n: int, gap_s: float) -> list[str]:
    """Which clip each 0.1 s stretch of a tone-pack sentence is, read from its frequency."""
    values = samples(pcm)
    by_freq = {f: t for t, f in TONE_HZ.items()}
    out = []
    for i in range(n):
        start = round(i * (CLIP_S + gap_s) * RATE)
        window = values[start + 40 : start + round(CLIP_S * RATE) - 40]  # away from the joins
        out.append(by_freq[dominant(window, RATE, TONE_HZ.values())])
    return out


@pytest.mark.parametrize(("number", "window", "gap_ms"), [("A001", 3, 0), ("A012", 12, 40), ("BZ9999", 999, 25)])
def test_a_pack_joins_the_clips_in_the_calls_order(tmp_path: Path, number: str, window: int, gap_ms: int) -> None:
    voice = VoicePackVoice(make_tone_pack(tmp_path, RATE, gap_ms))
    words = CallWords.of(number, window)
    sentence = read_wav(voice.render(words, "zh_CN"))
    n = len(words.tokens)
    assert sentence.seconds == pytest.approx(n * CLIP_S + (n - 1) * gap_ms / 1000, abs=1 / RATE)
    assert _clip_order(sentence, n, gap_ms / 1000) == list(words.tokens)
    if gap_ms:
        first_gap = samples(sentence)[round(CLIP_S * RATE) : round((CLIP_S + gap_ms / 1000) * RATE)]
        assert max(map(abs, first_gap)) == 0


def test_a_pack_holds_43_clips_for_every_call() -> None:
    assert len(REQUIRED_CLIPS) == len(set(REQUIRED_CLIPS)) == 43


def test_a_missing_clip_is_named(tmp_path: Path) -> None:
    with pytest.raises(VoicePackError) as err:
        VoicePackVoice(make_tone_pack(tmp_path, skip="号窗口"))
    assert err.value.key == "speech.voice_pack.missing_clip"
    assert err.value.data == {"clip": "号窗口.wav", "folder": str(tmp_path)}


def test_a_clip_in_another_format_is_named(tmp_path: Path) -> None:
    make_tone_pack(tmp_path)
    (tmp_path / "七.wav").write_bytes(to_wav(tone(500, 0.1, 16000)))
    with pytest.raises(VoicePackError) as err:
        VoicePackVoice(tmp_path)
    assert err.value.key == "speech.voice_pack.format_mismatch"
    assert err.value.data == {"clip": "七.wav", "expected": "8000 Hz mono 16-bit", "got": "16000 Hz mono 16-bit"}


def test_an_8_bit_or_broken_or_empty_clip_is_refused(tmp_path: Path) -> None:
    make_tone_pack(tmp_path)
    (tmp_path / "A.wav").write_bytes(to_wav(Pcm(RATE, 1, 1, bytes(800))))
    with pytest.raises(VoicePackError) as err:
        VoicePackVoice(tmp_path)
    assert err.value.key == "speech.voice_pack.format_mismatch" and err.value.data["got"] == "8000 Hz mono 8-bit"
    (tmp_path / "A.wav").write_bytes(b"RIFF....garbage")
    with pytest.raises(VoicePackError) as err:
        VoicePackVoice(tmp_path)
    assert err.value.key == "speech.voice_pack.bad_clip" and err.value.data["clip"] == "A.wav"
    (tmp_path / "A.wav").write_bytes(to_wav(Pcm(RATE, 1, 2, b"")))
    with pytest.raises(VoicePackError) as err:
        VoicePackVoice(tmp_path)
    assert err.value.data == {"clip": "A.wav", "reason": "empty"}


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        ("", "sample_rate is required"),
        ("sample_rate = 8000\nsampel_rate = 1\n", "unknown key sampel_rate"),
        ('sample_rate = "8000"\n', "bad value for sample_rate"),
        ('sample_rate = 8000\nlanguage = "en"\n', "bad value for language"),
        ("sample_rate = 8000\nformat = 2\n", "format must be 1"),
        ("sample_rate = 8000\ngap_ms = true\n", "bad value for gap_ms"),
        ("sample_rate = [", "Invalid value"),
    ],
)
def test_a_bad_manifest_says_what_is_wrong(tmp_path: Path, manifest: str, reason: str) -> None:
    with pytest.raises(VoicePackError) as err:
        VoicePackVoice(make_tone_pack(tmp_path, manifest=manifest))
    assert err.value.key == "speech.voice_pack.bad_manifest" and reason in err.value.data["reason"]


def test_no_folder_or_no_manifest(tmp_path: Path) -> None:
    with pytest.raises(VoicePackError) as err:
        VoicePackVoice(tmp_path / "nope")
    assert err.value.key == "speech.voice_pack.not_found"
    make_tone_pack(tmp_path)
    (tmp_path / "voice.toml").unlink()
    with pytest.raises(VoicePackError) as err:
        VoicePackVoice(tmp_path)
    assert err.value.data["clip"] == "voice.toml"


def test_a_pack_speaks_mandarin_only(tmp_path: Path) -> None:
    voice = VoicePackVoice(make_tone_pack(tmp_path))
    assert voice.speaks("zh_CN") and not voice.speaks("en")
    with pytest.raises(VoicePackError) as err:
        voice.render(CallWords.of("A001", 3), "en")
    assert err.value.key == "speech.voice_pack.wrong_language"


def test_a_call_is_chime_gap_sentence_pause_sentence_tail(tmp_path: Path) -> None:
    voice = VoicePackVoice(make_tone_pack(tmp_path, RATE))
    words = CallWords.of("A012", 12)
    audio = assemble_call(words, "zh_CN", voice)
    assert [s.name for s in audio.segments] == ["chime", "gap", "sentence", "pause", "sentence", "tail"]
    pcm = read_wav(audio.wav)
    assert pcm.seconds == pytest.approx(audio.seconds, abs=1e-3)
    assert all(a.end_s == b.start_s for a, b in zip(audio.segments, audio.segments[1:]))
    values = samples(pcm)

    def part(i: int):
        s = audio.segments[i]
        return values[round(s.start_s * RATE) : round(s.end_s * RATE)]

    n = len(words.tokens)
    assert audio.segments[0].end_s == pytest.approx(sum(TONE_S), abs=1e-3)
    assert dominant(part(0)[: round(TONE_S[0] * RATE)], RATE, [HIGH_HZ, LOW_HZ]) == HIGH_HZ
    assert rms(part(1)) == rms(part(3)) == rms(part(5)) == 0  # gap, pause and tail are silent
    first, second = part(2), part(4)
    assert first == second and len(first) == n * round(CLIP_S * RATE)  # the sentence, twice, whole
    sentence = Pcm(RATE, 1, 2, first.tobytes())
    assert _clip_order(sentence, n, 0) == list(words.tokens)


def test_a_packs_own_chime_replaces_the_generated_one(tmp_path: Path) -> None:
    make_tone_pack(tmp_path, RATE)
    (tmp_path / "chime.wav").write_bytes(to_wav(tone(1000, 0.25, RATE)))
    audio = assemble_call(CallWords.of("A001", 3), "zh_CN", VoicePackVoice(tmp_path))
    assert audio.segments[0].end_s == pytest.approx(0.25)
    head = samples(read_wav(audio.wav))[: round(0.25 * RATE)]
    assert dominant(head, RATE, [1000, HIGH_HZ, LOW_HZ]) == 1000
