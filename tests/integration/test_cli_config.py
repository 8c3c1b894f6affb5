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
    check = run_kiosk("config", "check", str(path))
    assert check.returncode == 0 and "ok" in check.stdout
    show = run_kiosk("--config", str(path), "config", "show")
    assert show.returncode == 0
    assert 'technician_pin = "***"' in show.stdout and "[devices.printer]" in show.stdout


def test_missing_default_config_says_what_to_do(tmp_path: Path) -> None:
    out = run_kiosk("config", "show", env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert out.returncode == 2
    assert "kiosk config init" in out.stderr and "--demo" in out.stderr
