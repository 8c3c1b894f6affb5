"""The sealed platform link with real processes: the platform simulator (``--seal
sign+encrypt``), a city hub on PostgreSQL (``--platform-seal sign+encrypt``) and a
SQLite hall hub linked to it. A case and a rating travel up sealed and open at the
platform; a replayed or changed request is refused there; a city started with the wrong
key keeps its messages until it is restarted with the right one, and then each arrives
once; no key is ever written to a log, and a bad key file stops the hub at start in one
line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from common.seal_key import SealKey
from hub.city.platform.seal import SmSealer
from tests.rigs.city import link_hall, rating, running_hall, running_platform, submit_case, wait_for
from tests.rigs.hub import REPO, HubProcess, _env

SIGN = "5a17e3c0de5a17e3c0de5a17e3c0de5a17e3c0de5a17e3c0de5a17e3c0de5a17"
ENCRYPT = "c0ffee00c0ffee00c0ffee00c0ffee00"
OTHER_SIGN = "0badc0de" * 8
SECRETS = (SIGN, ENCRYPT, OTHER_SIGN)
PNG = b"\x89PNG\r\n\x1a\n" + b"sealed page" * 20
CASE = {
    "task_code": "11610103MB282815164000509004000",
    "terminal_id": "test-kiosk",
    "hall_code": "XA-BL",
    "area_code": "610103",
    "applicant": {"name": "张三丰", "id_number": "610103188001010012"},
    "values": {},
}


def key_file(folder: Path, sign: str = SIGN, name: str = "platform-seal.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f'key_id = "XA-CITY-01"\nsign_key = "{sign}"\nencrypt_key = "{ENCRYPT}"\n')
    path.chmod(0o600)
    return path


def seal_args(path: Path) -> tuple[str, ...]:
    return ("--platform-seal", "sign+encrypt", "--platform-key", str(path))


@contextmanager
def sealed_city(tmp_path: Path, pg, platform_url: str, key: Path) -> Iterator[HubProcess]:
    """``kiosk hub serve --city --platform URL --platform-seal sign+encrypt --platform-key FILE``."""
    from tests.rigs.postgres import fresh_database

    folder = tmp_path / "city"
    folder.mkdir(parents=True, exist_ok=True)
    city = HubProcess(
        fresh_database(pg, "city"), {}, folder, extra=("--city", "--platform", platform_url, *seal_args(key))
    )
    city.start()
    try:
        yield city
    finally:
        city.stop()


def rate(hall: HubProcess, record: dict) -> None:
    headers = {**hall.headers("kiosk"), "Idempotency-Key": record["id"]}
    r = httpx.post(hall.url + "/api/v1/evaluations", json=record, headers=headers)
    assert r.status_code == 201, r.text


def restart_with(city: HubProcess, key: Path) -> None:
    city.stop()
    city.extra = (*city.extra[:-4], *seal_args(key))
    city.start()


def test_a_sealed_link_delivers_once_and_a_wrong_key_waits(tmp_path: Path, pg_cluster) -> None:
    right, wrong = key_file(tmp_path / "keys"), key_file(tmp_path / "keys", OTHER_SIGN, "wrong.toml")
    with (
        running_platform(tmp_path / "platform", "--seal", "sign+encrypt", "--seal-key", str(right)) as platform,
        sealed_city(tmp_path, pg_cluster, platform.url, right) as city,
        running_hall(tmp_path) as hall,
    ):
        link_hall(city, hall)
        number = submit_case(hall, CASE, PNG, "sealed0001")
        first = rating(4, number)
        rate(hall, first)

        def finished() -> dict | None:
            got = httpx.get(f"{hall.url}/api/v1/cases/{number}", headers=hall.headers("kiosk")).json()
            return got if got["platform_status"] == "finished" else None

        case = wait_for(finished, what="the official number and 'finished', read through signed GETs")
        assert case["official_number"].startswith("GOV")
        log = wait_for(lambda: (got := platform.log())["evaluations"] and got, what="the rating at the platform")
        assert (log["cases"], log["evaluations"]) == ({f"XA-BL:{number}": 1}, {first["id"]: 1})
        assert (log["invalid"], log["refused"], log["seal"]) == ([], {}, "sign+encrypt")

        # Straight at the platform's port: a request seen before, and a changed one.
        sealer = SmSealer(SealKey("XA-CITY-01", bytes.fromhex(SIGN), bytes.fromhex(ENCRYPT)), encrypt=True)
        _, headers = sealer.seal("GET", "/status-changes?after=0", None)
        assert httpx.get(platform.url + "/status-changes?after=0", headers=headers).status_code == 200
        again = httpx.get(platform.url + "/status-changes?after=0", headers=headers)
        assert (again.status_code, again.json()["error"]["code"]) == (401, "platform.seal.replay")
        body, headers = sealer.seal("POST", "/evaluations", json.dumps({"messageId": "x"}).encode())
        assert body is not None
        changed = httpx.post(platform.url + "/evaluations", content=body[:-1] + bytes([body[-1] ^ 1]), headers=headers)
        assert (changed.status_code, changed.json()["error"]["code"]) == (401, "platform.seal.signature")

        # The city restarted with another key: refused at the platform, kept at the city.
        restart_with(city, wrong)
        late = rating(5, number)
        rate(hall, late)
        wait_for(
            lambda: city.query("SELECT last_error FROM platform_state") == [("401 platform.seal.signature",)],
            what="the city to keep the platform's refusal as its link's last error",
        )
        assert city.query("SELECT state FROM platform_outbox WHERE ref = :r", r=late["id"]) == [("pending",)]
        assert late["id"] not in platform.log()["evaluations"]

        restart_with(city, right)
        wait_for(lambda: late["id"] in platform.log()["evaluations"], what="the kept rating once the key is right")
        log = platform.log()
        assert log["evaluations"] == {first["id"]: 1, late["id"]: 1} and log["invalid"] == []
        assert log["refused"]["platform.seal.signature"] >= 2 and log["refused"]["platform.seal.replay"] == 1

    for path in (city.log_path, hall.log_path, platform.log_path):
        text = path.read_text(errors="replace").lower()
        assert text and not [secret for secret in SECRETS if secret in text], path


def _serve(
    *args: str, platform: tuple[str, ...] = ("--platform", "http://127.0.0.1:9")
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in _env().items() if k != "CREDENTIALS_DIRECTORY"}
    command = [sys.executable, "-m", "kiosk", "hub", "serve", "--city", "--db", "postgresql+psycopg://x@127.0.0.1:9/x"]
    return subprocess.run(
        [*command, *platform, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("text", "mode", "key"),
    [
        (None, 0o600, "seal.key.unreadable"),
        (f'key_id = "XA-CITY-01"\nsign_key = "{SIGN}"\nencrypt_key = "{ENCRYPT}"\n', 0o644, "seal.key.exposed"),
        (f'key_id = "XA-CITY-01"\nsign_key = {SIGN}\n', 0o600, "seal.key.not_toml"),
        (f'key_id = "XA-CITY-01"\nsign_key = "{SIGN}"\n', 0o600, "seal.key.field: field='encrypt_key'"),
        (f'key_id = "XA-CITY-01"\nsign_key = "{SIGN}"\nencrypt_key = "{ENCRYPT[:-1]}"\n', 0o600, "encrypt_key"),
    ],
)
def test_a_bad_key_stops_the_city_hub_at_start_in_one_line(tmp_path: Path, text, mode: int, key: str) -> None:
    path = tmp_path / "platform-seal.toml"
    if text is not None:
        path.write_text(text)
        path.chmod(mode)
    out = _serve("--platform-seal", "sign+encrypt", "--platform-key", str(path))
    assert out.returncode == 2, out.stderr
    assert key in out.stderr and len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    assert SIGN not in out.stderr and ENCRYPT[:-1] not in out.stderr and out.stdout == ""


def test_a_seal_without_its_key_or_its_platform_is_refused_in_one_line(tmp_path: Path) -> None:
    out = _serve("--platform-seal", "sign")
    assert out.returncode == 2 and "city.platform.seal.no_key" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    out = _serve("--platform-seal", "sign", "--platform-key", str(tmp_path / "none"), platform=())
    assert (
        out.returncode == 2
        and out.stderr.strip() == "kiosk hub: --platform-seal is for the platform link: add --platform URL"
    )
    sim = subprocess.run(
        [sys.executable, "-m", "drivers.sim.platform", "--seal", "sign", "--seal-key", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=REPO,
        timeout=60,
    )
    assert sim.returncode == 2 and sim.stderr.strip().startswith("seal.key.unreadable")
