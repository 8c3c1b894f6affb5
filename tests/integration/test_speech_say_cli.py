"""``kiosk speech say`` as a technician runs it, with the real espeak-ng and sox: the
words and pinyin printed are what espeak-ng is given, the WAV is exactly what espeak-ng
makes of that pinyin, and bad input is one line, exit 2, nothing written."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers import REPO, run_kiosk


def kiosk(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # A private config home: a configuration file on the test machine must not choose the voice.
    return run_kiosk(*args, env={"XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(REPO)})


def lines(stdout: str) -> dict[str, str]:
    return dict(ln.split(": ", 1) for ln in stdout.splitlines() if ": " in ln)


def test_say_prints_the_pinyin_and_records_exactly_what_espeak_makes_of_it(tmp_path: Path) -> None:
    wav = tmp_path / "ticket.wav"
    out = kiosk(tmp_path, "speech", "say", "您的号码是A012，请于09:30到3号窗口", "--wav", str(wav))
    assert out.returncode == 0, out.stderr
    said = lines(out.stdout)
    assert said["words"] == "您的号码是A零一二，请于九点三十分到三号窗口"
    assert said["voice"] == "espeak-ng cmn-latn-pinyin"
    assert said["engine text"] == (
        "nin2 de5 hao4 ma3 shi4 A ling2 yi1 er4, qing3 yu2 jiu3 dian3 san1 shi2 fen1 dao4 san1 hao4 chuang1 kou3"
    )
    assert "(" not in said["phonemes"] and "'ei51" in said["phonemes"]  # A named "ei", no switch to English
    direct = tmp_path / "direct.wav"
    subprocess.run(
        ["espeak-ng", "-v", "cmn-latn-pinyin", "-s", "170", "-w", str(direct), said["engine text"]],
        check=True,
        timeout=30,
    )
    assert wav.read_bytes() == direct.read_bytes()
    seconds = float(subprocess.run(["soxi", "-D", str(wav)], capture_output=True, text=True, check=True).stdout)
    assert said[f"wrote {wav}"].startswith(f"{seconds:.2f} s")


def test_say_in_english_uses_the_english_voice_without_the_back_arrow(tmp_path: Path) -> None:
    out = kiosk(tmp_path, "speech", "say", "‹ Back", "--lang", "en", "--wav", str(tmp_path / "back.wav"))
    assert out.returncode == 0, out.stderr
    said = lines(out.stdout)
    assert said["voice"] == "espeak-ng en" and said["engine text"] == "Back"
    assert said["phonemes"] == "b'ak"


def test_nothing_to_say_or_a_bad_language_is_one_line_and_no_file(tmp_path: Path) -> None:
    wav = tmp_path / "x.wav"
    for args in (["‹"], ["x" * 501], ["hello", "--lang", "fr"]):
        out = kiosk(tmp_path, "speech", "say", *args, "--wav", str(wav))
        assert out.returncode == 2
        assert out.stderr.count("\n") == 1 and out.stderr.startswith("kiosk speech: ")
        assert "Traceback" not in out.stderr
        assert not wav.exists()
    assert "[speech.bad_text]" in kiosk(tmp_path, "speech", "say", " ").stderr


def test_say_never_writes_its_wav_onto_a_device_node(tmp_path: Path) -> None:
    # As root, `--wav /dev/null` once renamed a regular file over the node.
    before = Path("/dev/null").stat()
    result = kiosk(tmp_path, "speech", "say", "您好", "--wav", "/dev/null")
    after = Path("/dev/null").stat()
    assert result.returncode == 2
    assert "is a device, not a file" in result.stderr and "Traceback" not in result.stderr
    assert (after.st_mode, after.st_rdev, after.st_ino) == (before.st_mode, before.st_rdev, before.st_ino)
