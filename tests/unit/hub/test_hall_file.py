"""Hall files: a good one configures the hall, a bad one names its key (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.hall import HallError, demo_hall, load_hall
from tests.helpers import run_kiosk

GOOD = """
[hall]
code = "610103-ZWFW"
name = "碑林区政务服务中心"
reset_hour = 5
recall_max = 2
priority_per_regular = 1

[hours]
mon = "08:30-12:00,13:30-17:30"
sat = "09:00-17:00"

[[services]]
code = "A"
prefix = "A"
name = "综合受理"

[[services]]
code = "estate"
prefix = "C"
name = "不动产登记"
hours = { tue = "09:00-17:00" }
avg_service_s = 900

[[windows]]
number = 1
services = ["A", "estate"]

[[windows]]
number = 7
services = ["estate"]
"""


def test_a_good_hall_file(tmp_path: Path) -> None:
    path = tmp_path / "hall.toml"
    path.write_text(GOOD, encoding="utf-8")
    hall = load_hall(path)
    assert (hall.code, hall.reset_hour, hall.recall_max, hall.priority_per_regular) == ("610103-ZWFW", 5, 2, 1)
    assert hall.service_codes == ("A", "estate")
    assert hall.windows == {1: ("A", "estate"), 7: ("estate",)}
    a, c = hall.services
    assert a.hours.spans[0] == ((510, 720), (810, 1050)) and a.hours.spans[5] == ((540, 1020),)
    assert a.hours.spans[6] == ()  # Sunday not named: closed
    assert c.hours.spans[1] == ((540, 1020),) and c.hours.spans[0] == () and c.avg_service_s == 900


def test_the_demo_hall() -> None:
    hall = demo_hall()
    assert [s.prefix for s in hall.services][:3] == ["A", "B", "C"]
    assert set(hall.windows) == set(range(1, 9))
    assert all(codes == hall.service_codes for codes in hall.windows.values())
    assert all(s.hours.spans == (((0, 1440),),) * 7 for s in hall.services)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (("reset_hour = 5", "reset_hour = 24"), "hall.reset_hour"),
        (('code = "610103-ZWFW"\n', ""), "hall.code"),
        (('mon = "08:30-12:00,13:30-17:30"', 'mon = "8-12"'), "hours.mon"),
        (('mon = "08:30-12:00,13:30-17:30"', 'monday = "08:00-12:00"'), "hours.monday"),
        (('mon = "08:30-12:00,13:30-17:30"', 'mon = "12:00-08:00"'), "hours.mon"),
        (('prefix = "C"', 'prefix = "A"'), "services[1].prefix"),
        (('prefix = "C"', 'prefix = "c1"'), "services[1].prefix"),
        (('code = "estate"', 'code = "A"'), "services[1].code"),
        (('services = ["estate"]', 'services = ["B"]'), "windows[1].services"),
        (("number = 7", "number = 1"), "windows[1].number"),
        (("avg_service_s = 900", "avg_service_s = 900\ncolour = 3"), "services[1].colour"),
        (("[hall]", "[hal]"), "hal"),
        (("[hall]", "[hall"), "file"),
    ],
)
def test_a_bad_hall_file_names_the_key(tmp_path: Path, change: tuple[str, str], key: str) -> None:
    path = tmp_path / "hall.toml"
    path.write_text(GOOD.replace(*change, 1), encoding="utf-8")
    with pytest.raises(HallError) as exc:
        load_hall(path)
    assert exc.value.key == key
    assert str(exc.value).startswith(f"hall file: {key}: ")


def test_serve_with_a_bad_hall_file_says_one_line_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "hall.toml"
    path.write_text(GOOD.replace('prefix = "C"', 'prefix = "A"'), encoding="utf-8")
    out = run_kiosk("hub", "serve", "--hall", str(path), "--db", str(tmp_path / "h.sqlite"))
    assert out.returncode == 2
    assert out.stderr.strip() == ("kiosk hub: hall file: services[1].prefix: 'A' is used by another service")
    assert not (tmp_path / "h.sqlite").exists()


def test_token_cli_errors_are_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "h.sqlite")
    out = run_kiosk("hub", "token", "create", "--db", db, "--terminal", "w", "--role", "window")
    assert out.returncode == 2 and out.stderr.strip() == (
        "kiosk hub: --role window needs --window N (the window's number, 1 or more)"
    )
    out = run_kiosk("hub", "token", "revoke", "nobody", "--db", db)
    assert out.returncode == 2 and "does not exist" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert run_kiosk("hub", "token", "list", "--db", db, "--create").returncode == 2  # only creators take it
    made = run_kiosk("hub", "token", "create", "--db", db, "--create", "--terminal", "k", "--role", "kiosk")
    assert made.returncode == 0, made.stderr
    out = run_kiosk("hub", "token", "revoke", "nobody", "--db", db)
    assert out.returncode == 2 and "no live token" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    out = run_kiosk("hub", "token", "list", "--db", "mysql://x/y")
    assert out.returncode == 2 and out.stderr.startswith("kiosk hub: --db 'mysql://x/y'")


def test_serve_on_a_taken_port_says_one_line_and_exits_2(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = run_kiosk("hub", "serve", "--db", str(tmp_path / "h.sqlite"), "--port", str(port))
    assert out.returncode == 2
    assert out.stderr.strip() == f"kiosk hub: cannot listen on 127.0.0.1:{port}: Address already in use"
