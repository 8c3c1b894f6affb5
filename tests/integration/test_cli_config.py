"""`kiosk --help` and `kiosk config ...` as a technician runs them."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_kiosk


def test_help_lists_the_commands() -> None:
    out = run_kiosk("--help")
    assert out.returncode == 0
    for command in ("run", "config"):
        assert command in out.stdout


def test_bad_config_gives_one_line_and_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[devices.printer]\nbackend = "network"\n', encoding="utf-8")
    out = run_kiosk("config", "check", str(bad))
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert lines == [
        f"configuration error: {bad}: devices.printer.url: is required when backend is "
        "'network' (e.g. /dev/ttyUSB0, socket://127.0.0.1:7001, tcp://host:9100)"
    ]
    assert "Traceback" not in out.stderr


def test_run_with_a_bad_config_exits_2_before_any_window(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("role = kiosk\n", encoding="utf-8")
    out = run_kiosk("--config", str(bad), "run")
    assert out.returncode == 2 and "not valid TOML" in out.stderr and "Traceback" not in out.stderr


def test_init_check_show_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    assert run_kiosk("config", "init", str(path)).returncode == 0
    assert run_kiosk("config", "init", str(path)).returncode == 2  # no silent overwrite
    # As written it keeps the lines marked EDIT: the check names the first, exit 2.
    check = run_kiosk("config", "check", str(path))
    assert check.returncode == 2 and "hall.code" in check.stderr and "placeholder" in check.stderr
    text = path.read_text(encoding="utf-8")
    for placeholder, value in (("HALL-CODE", "XA-BL-01"), ('"000000"', '"610103"'), ("PRINTER-IP", "10.0.0.5")):
        text = text.replace(placeholder, value)
    path.write_text(text, encoding="utf-8")
    check = run_kiosk("config", "check", str(path))
    assert check.returncode == 0 and "ok" in check.stdout
    show = run_kiosk("--config", str(path), "config", "show")
    assert show.returncode == 0
    assert 'technician_pin = "***"' in show.stdout and "[devices.printer]" in show.stdout


def test_missing_default_config_says_what_to_do(tmp_path: Path) -> None:
    out = run_kiosk("config", "show", env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert out.returncode == 2
    assert "kiosk config init" in out.stderr and "--demo" in out.stderr


def test_init_makes_a_pin_for_each_file_never_the_demos(tmp_path: Path) -> None:
    import re
    import tomllib

    pins = set()
    for name in ("a.toml", "b.toml"):
        path = tmp_path / name
        assert run_kiosk("config", "init", str(path)).returncode == 0
        assert path.stat().st_mode & 0o777 == 0o600  # the PIN is a secret
        pin = tomllib.loads(path.read_text(encoding="utf-8"))["technician_pin"]
        assert re.fullmatch(r"[0-9]{8}", pin) and pin != "246810"
        pins.add(pin)
    assert len(pins) == 2


def test_check_refuses_the_demo_pin_outside_the_demo_without_echoing_it(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('technician_pin = "246810"\n', encoding="utf-8")
    out = run_kiosk("config", "check", str(path))
    assert out.returncode == 2 and "technician_pin" in out.stderr and "demo" in out.stderr
    assert "246810" not in out.stderr + out.stdout and "Traceback" not in out.stderr
    path.write_text('demo = true\ntechnician_pin = "246810"\n', encoding="utf-8")
    assert run_kiosk("config", "check", str(path)).returncode == 0
