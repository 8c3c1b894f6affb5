"""Configuration: valid files load into typed settings; every bad file names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import CURRENT_VERSION, ConfigError, load, load_text
from kiosk.config.dump import to_toml
from kiosk.config.loader import demo_settings

GOOD = """
config_version = 1
role = "window"
terminal_id = "XA-BL-W03"
idle_timeout_s = 180
idle_warning_s = 30

[hall]
name = "碑林区政务服务中心"
area_code = "610103"
window_no = 3

[hub]
url = "http://127.0.0.1:8700"
token = "s3cret"

[devices.id_reader]
backend = "serial"
url = "/dev/ttyUSB0"
baud = 115200

[devices.printer]
backend = "network"
url = "tcp://192.0.2.10:9100"
encoding = "gbk"
"""


def test_good_file_loads_into_typed_settings(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text(GOOD, encoding="utf-8")
    s = load(f)
    assert s.role == "window"
    assert s.hall.window_no == 3 and s.hall.area_code == "610103"
    assert s.hub.url == "http://127.0.0.1:8700"
    assert s.device("id_reader").options == {"url": "/dev/ttyUSB0", "baud": 115200}
    assert s.device("printer").options["encoding"] == "gbk"
    assert not s.device("camera").enabled
    assert s.source == str(f)


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ('role = "kiosk"\nrole_x = 1\n', "role_x", "unknown key"),
        ('idle_timeout_s = "long"\n', "idle_timeout_s", "whole number"),
        ("idle_timeout_s = true\n", "idle_timeout_s", "not true/false"),
        ("idle_timeout_s = 5\n", "idle_timeout_s", "between 30 and 3600"),
        ("idle_warning_s = 10\n", "idle_warning_s", "between 20 and 120"),
        ("idle_timeout_s = 40\nidle_warning_s = 40\n", "idle_warning_s", "shorter than idle_timeout_s"),
        ('role = "bank"\n', "role", "one of kiosk, window, display"),
        ('[hall]\narea_code = "61010"\n', "hall.area_code", "6-digit"),
        ('[hall]\ntimezone = "Mars/Olympus"\n', "hall.timezone", "a time zone such as Asia/Shanghai"),
        ('[hub]\nurl = "ftp://x"\n', "hub.url", "http"),
        ('[devices.printer]\nbackend = "network"\n', "devices.printer.url", "required"),
        ('[devices.printer]\nbackend = "laser"\n', "devices.printer.backend", "must be one of"),
        ('[devices.printer]\nbackend = "fake"\nencodng = "gbk"\n', "devices.printer.encodng", "unknown key"),
        (
            '[devices.id_reader]\nbackend = "serial"\nurl = "/dev/ttyS0"\nbaud = 12345\n',
            "devices.id_reader.baud",
            "must be one of",
        ),
        ('[devices.fax]\nbackend = "none"\n', "devices.fax", "unknown device kind"),
        ("hall = 3\n", "hall", "must be a table"),
        ("config_version = 9\n", "config_version", "update the program"),
        ('technician_pin = "12ab"\n', "technician_pin", "4-12 digits"),
    ],
)
def test_bad_values_name_the_key(text: str, key: str, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_text(text, source="bad.toml")
    assert err.value.key == key
    assert words in err.value.problem
    line = err.value.one_line()
    assert "\n" not in line and line.startswith("configuration error: bad.toml: " + key)


def test_syntax_error_is_reported_with_position() -> None:
    with pytest.raises(ConfigError) as err:
        load_text('role = "kiosk\nterminal_id = 3', source="x.toml")
    assert err.value.key == "" and "not valid TOML" in err.value.problem and "line 1" in err.value.problem


def test_number_over_pythons_digit_limit_is_a_config_error() -> None:
    # Found by tests/fuzz (config_tree): tomllib let int()'s ValueError out.
    with pytest.raises(ConfigError) as err:
        load_text("idle_timeout_s = " + "9" * 5000 + "\n", source="c.toml")
    assert err.value.key == "" and "not valid TOML" in err.value.problem and err.value.source == "c.toml"


def test_dump_escapes_del_so_it_loads_back() -> None:
    # A loaded file may hold DEL through an escape; TOML forbids it raw, JSON (which the
    # dump uses for strings) leaves it raw (tests/fuzz/corpus/config/dump-del-char.toml).
    s = load_text('[hub]\ntoken = "a\\u007fb"\n[hall]\nname = "x\\u0085y"\n')
    assert s.hub.token == "a\x7fb"
    assert load_text(to_toml(s, hide_secrets=False)) == s


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load(tmp_path / "nope.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('role = "kiosk" # caf\xe9\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="cannot read the file"):
        load(bad)


def test_version_0_is_migrated() -> None:
    old = 'idle_timeout = 200\n[printer]\nbackend = "fake"\n'
    s = load_text(old)
    assert s.config_version == CURRENT_VERSION
    assert s.idle_timeout_s == 200
    assert s.device("printer").backend == "fake"


def test_dump_round_trips_and_hides_secrets(tmp_path: Path) -> None:
    s = load_text(GOOD)
    shown = to_toml(s)
    assert "s3cret" not in shown and 'token = "***"' in shown
    again = load_text(to_toml(s, hide_secrets=False))
    assert again.hub == s.hub and again.devices == s.devices and again.hall == s.hall


def test_demo_settings_are_windowed_with_every_device_simulated() -> None:
    s = demo_settings("display")
    assert s.demo and not s.fullscreen and s.role == "display"
    assert {d.backend for d in s.devices.values()} == {"fake"}
    assert s.idle_warning_s >= 20
