"""``kiosk speech`` as a technician runs it, with the real espeak-ng and sox: the printed
sentence, the WAV it writes (header, duration, chime first, the sentence twice, the exact
text espeak-ng was given) and one-line refusals that write nothing."""

from __future__ import annotations

import re
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from kiosk.speech import CallWords
from kiosk.speech.caller import CHIME_GAP_S, REPEAT_PAUSE_S, TAIL_S
from kiosk.speech.chime import HIGH_HZ, LOW_HZ, TONE_S
from kiosk.speech.wav import Pcm, join, read_wav
from tests.helpers import REPO, run_kiosk
from tests.speech_audio import dominant, rms, samples

SEGMENT = re.compile(r"(\w+) (\d+\.\d+)-(\d+\.\d+)")


def kiosk(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # A private config home: a configuration file on the test machine must not choose the voice.
    return run_kiosk(*args, env={"XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(REPO)})


def segments(stdout: str) -> list[tuple[str, float, float]]:
    line = next(ln for ln in stdout.splitlines() if ln.startswith("wrote "))
    return [(n, float(a), float(b)) for n, a, b in SEGMENT.findall(line.split("(", 1)[1])]


def soxi_seconds(path: Path) -> float:
    return float(
        subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True, timeout=30).stdout
    )


def espeak(voice: str, text: str, out: Path) -> Pcm:
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(out), text], check=True, timeout=30)
    return read_wav(out.read_bytes())


def test_call_prints_the_exact_sentence_and_its_pinyin(tmp_path: Path) -> None:
    out = kiosk(tmp_path, "speech", "call", "A001", "3")
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        "请A零零一号到三号窗口办理\npinyin: qing3 A ling2 ling2 yi1 hao4 dao4 san1 hao4 chuang1 kou3 ban4 li3\n"
    )
    en = kiosk(tmp_path, "speech", "call", "A012", "12", "--lang", "en")
    assert en.stdout == "Number A 0 1 2, please go to window 12\n"


@pytest.mark.parametrize(
    ("number", "window", "lang"), [("A001", 3, "zh_CN"), ("A012", 12, "zh_CN"), ("A001", 3, "en"), ("A012", 12, "en")]
)
def test_the_wav_is_chime_then_the_espeak_sentence_twice(tmp_path: Path, number: str, window: int, lang: str) -> None:
    wav = tmp_path / f"{number}-{window}-{lang}.wav"
    out = kiosk(tmp_path, "speech", "call", number, str(window), "--lang", lang, "--wav", str(wav))
    assert out.returncode == 0, out.stderr
    data = wav.read_bytes()
    assert data[:4] == b"RIFF" and data[8:16] == b"WAVEfmt "
    pcm = read_wav(data)
    assert (pcm.rate, pcm.channels, pcm.width) == (22050, 1, 2)
    # sox reads the same length from the header as we wrote: a sentence of 3-6 s, twice,
    # plus 2 s of chime and pauses.
    assert soxi_seconds(wav) == pytest.approx(pcm.seconds, abs=0.01)
    assert 8.0 < pcm.seconds < 14.0
    parts = segments(out.stdout)
    assert [p[0] for p in parts] == ["chime", "gap", "sentence", "pause", "sentence", "tail"]
    assert parts[-1][2] == pytest.approx(pcm.seconds, abs=0.01)
    # Exact sample boundaries from the layout's constants (the printed times are rounded).
    r = pcm.rate
    chime_n, gap_n, pause_n, tail_n = (
        sum(round(t * r) for t in TONE_S),
        round(CHIME_GAP_S * r),
        round(REPEAT_PAUSE_S * r),
        round(TAIL_S * r),
    )
    values = samples(pcm)
    sentence_n, odd = divmod(len(values) - chime_n - gap_n - pause_n - tail_n, 2)
    assert odd == 0
    bounds = [0]
    for n in (chime_n, gap_n, sentence_n, pause_n, sentence_n, tail_n):
        bounds.append(bounds[-1] + n)
    assert [round(b / r, 2) for b in bounds[1:]] == pytest.approx([p[2] for p in parts], abs=0.011)
    chime_part, gap, first, pause, second, tail = (values[a:b] for a, b in pairwise(bounds))
    high_n = round(TONE_S[0] * r)
    assert dominant(chime_part[:high_n], r, [HIGH_HZ, LOW_HZ, 440.0]) == HIGH_HZ
    assert dominant(chime_part[high_n:], r, [HIGH_HZ, LOW_HZ, 440.0]) == LOW_HZ
    assert rms(gap) == rms(pause) == rms(tail) == 0
    assert rms(first) > 1000  # speech, not silence
    # The sentence is exactly what espeak-ng says for the normalised text, in its voice.
    words = CallWords.of(number, window)
    voice, text = ("cmn-latn-pinyin", words.pinyin) if lang == "zh_CN" else ("en", words.english_spoken)
    alone = samples(espeak(voice, text, tmp_path / "alone.wav"))
    assert first == alone == second


def test_mandarin_goes_through_the_pinyin_voice_not_hanzi_in_cmn(tmp_path: Path) -> None:
    # Why the normaliser feeds pinyin: espeak-ng's `cmn` voice reads the call's letters
    # and tone digits as English words, so it says much more than the call.
    words = CallWords.of("A012", 12)
    phonemes = subprocess.run(
        ["espeak-ng", "-q", "-x", "-v", "cmn", words.hanzi], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    assert "(en)" in phonemes  # it switched to English inside the Mandarin sentence
    right = subprocess.run(
        ["espeak-ng", "-q", "-x", "-v", "cmn-latn-pinyin", words.pinyin],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    assert "(en)" not in right and right.count("_|") == len(words.pinyin.split())


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("a001", "3"), "1-2 capital letters and 1-4 digits"),
        (("王小明", "3"), "1-2 capital letters and 1-4 digits"),
        (("A001", "0"), "from 1 to 999"),
        (("A001", "1000"), "from 1 to 999"),
        (("A001", "three"), "from 1 to 999"),
        (("A001", "３"), "from 1 to 999"),  # a full-width digit is not a window number
        (("A001", "3", "--lang", "fr"), "zh_CN, en"),
        (("A001", "3", "--voice-pack", "/nonexistent/pack"), "No voice pack folder at /nonexistent/pack"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path: Path, args: tuple[str, ...], words: str) -> None:
    wav = tmp_path / "out" / "call.wav"
    wav.parent.mkdir()
    out = kiosk(tmp_path, "speech", "call", *args, "--wav", str(wav))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and words in out.stderr and "Traceback" not in out.stderr
    assert "王小明" not in out.stderr
    assert list(wav.parent.iterdir()) == []


def test_an_unwritable_path_is_one_line_and_leaves_no_temp_file(tmp_path: Path) -> None:
    out = kiosk(tmp_path, "speech", "call", "A001", "3", "--wav", str(tmp_path / "missing" / "x.wav"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "cannot write" in out.stderr
    afile = tmp_path / "afile"
    afile.write_text("x")
    out = kiosk(tmp_path, "speech", "call", "A001", "3", "--wav", str(afile / "x.wav"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "cannot write" in out.stderr
    folder = tmp_path / "adir"
    folder.mkdir()
    out = kiosk(tmp_path, "speech", "call", "A001", "3", "--wav", str(folder))  # a folder, not a file
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "cannot write" in out.stderr, out.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "config") == ["adir", "afile"]
    assert list(folder.iterdir()) == []


def test_a_generated_voice_pack_speaks_its_clips_in_order(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    made = subprocess.run(
        [sys.executable, str(REPO / "tools" / "make_voice_pack.py"), str(pack)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    assert len(list(pack.glob("*.wav"))) == 43
    wav = tmp_path / "pack-call.wav"
    out = kiosk(tmp_path, "speech", "call", "A012", "12", "--voice-pack", str(pack), "--wav", str(wav))
    assert out.returncode == 0, out.stderr
    assert "voice voice-pack" in out.stdout
    pcm = read_wav(wav.read_bytes())
    start = (sum(round(t * pcm.rate) for t in TONE_S) + round(CHIME_GAP_S * pcm.rate)) * 2
    clips = [read_wav((pack / f"{t}.wav").read_bytes()) for t in CallWords.of("A012", 12).tokens]
    gap = clips[0].silence(0.040)
    expected = join([p for c in clips for p in (c, gap)][:-1])
    assert (
        pcm.frames[start : start + len(expected.frames)] == expected.frames
    )  # every clip, in the call's order, 40 ms apart
    assert soxi_seconds(wav) == pytest.approx(pcm.seconds, abs=0.01)


def test_the_configured_pack_is_used_and_voices_lists_what_there_is(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "make_voice_pack.py"), str(pack)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    config = tmp_path / "config.toml"
    config.write_text(f'[speech]\nvoice_pack = "{pack}"\n', encoding="utf-8")
    wav = tmp_path / "a.wav"
    out = run_kiosk(
        "--config", str(config), "speech", "call", "A001", "3", "--wav", str(wav), env={"PYTHONPATH": str(REPO)}
    )
    assert out.returncode == 0 and "voice voice-pack" in out.stdout, out.stderr
    listed = run_kiosk("--config", str(config), "speech", "voices", env={"PYTHONPATH": str(REPO)})
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"voice_pack: .* usable; speaks zh_CN\n", listed.stdout)
    assert re.search(r"espeak: .* usable; speaks zh_CN, en voices zh_CN=cmn-latn-pinyin", listed.stdout)
    (pack / "九.wav").unlink()
    listed = run_kiosk("--config", str(config), "speech", "voices", env={"PYTHONPATH": str(REPO)})
    assert "voice_pack: unusable:" in listed.stdout and "lacks 九.wav" in listed.stdout
