"""The sealed platform link on a real SQLite city database, against the platform
simulator over real HTTP on loopback (in-process): the signature is the one docs/city.md
describes, sealed records reach the platform once and open there, and every broken seal
(a changed byte, another key, a replay, an old timestamp, no seal) is refused with 401:
the city keeps the message and sends it again once its key is mended. No key ever
appears in an answer, an error or a log."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import json
import logging
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from common.seal_key import SealKey, SealKeyError, read_seal_key
from drivers.sim.platform import PlatformSimulator
from drivers.sim.platform_seal import SealOpener, sm4_gcm_open
from hub import db
from hub.city import intake, registry
from hub.city.errors import CityError
from hub.city.platform import make_adapter
from hub.city.platform.outbox import PlatformPusher
from hub.city.platform.seal import SmSealer, checked_key_file, sealer_for
from hub.city.tables import city_cases, platform_outbox, platform_state
from tests.unit.hub.test_city_platform import _with_data, case_body, evaluation_body

SIGN = "00112233445566778899aabbccddeeff102132435465768798a9bacbdcedfe0f"
ENCRYPT = "0123456789abcdeffedcba9876543210"
OTHER_SIGN = "ff" * 32
OTHER_ENCRYPT = "ee" * 16
SECRETS = (SIGN, ENCRYPT, OTHER_SIGN, OTHER_ENCRYPT)


def key_file(folder: Path, sign: str = SIGN, encrypt: str = ENCRYPT, key_id: str = "XA-CITY-01") -> Path:
    path = folder / f"seal-{sign[:4]}-{encrypt[:4]}-{key_id}.toml"
    path.write_text(f'key_id = "{key_id}"\nsign_key = "{sign}"\nencrypt_key = "{encrypt}"\n')
    path.chmod(0o600)
    return path


def key(sign: str = SIGN, encrypt: str = ENCRYPT, key_id: str = "XA-CITY-01") -> SealKey:
    return SealKey(key_id, bytes.fromhex(sign), bytes.fromhex(encrypt))


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text.lower()


@pytest.fixture
def engine(tmp_path: Path):
    engine = db.make_engine(tmp_path / "city.sqlite", pool_size=4)
    db.migrate(engine)
    registry.add(engine, registry.HallEntry("XA-BL", "碑林区政务服务中心", "district", rectify_days=15))
    yield engine
    engine.dispose()


@pytest.fixture
def platform():
    sim = PlatformSimulator(opener=SealOpener(key(), "sign+encrypt")).start()
    yield sim
    sim.stop()


def post(url: str, target: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    """One raw request, as an integrator's client (or an attacker) would send it."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        conn.request("POST" if body else "GET", target, body=body or None, headers=headers)
        answer = conn.getresponse()
        raw = answer.read().decode()
    finally:
        conn.close()
    assert_no_secret(raw)
    return answer.status, json.loads(raw)


RATING = {
    "formatVersion": "1",
    "messageId": "m0001",
    "messageType": "evaluation",
    "hallCode": "XA-BL",
    "sentTime": "2026-12-08T01:00:00+00:00",
    "record": {
        "satisfaction": 5,
        "pf": 5,
        "assessNumber": 1,
        "proStatus": 3,
        "userProp": 1,
        "anonymityFlag": True,
        "writingEvaluation": "",
        "taskCode": "",
        "userName": "",
        "workNo": "",
        "assessTime": "2026-12-08T09:00:00+08:00",
        "hallCode": "XA-BL",
        "projectNo": "",
        "evalDetail": [],
        "windowNo": 3,
        "evaluationId": "e0001",
        "provisionalNo": "",
    },
}


def test_the_signature_is_the_one_the_document_describes() -> None:
    body = json.dumps(RATING).encode()
    signer = SmSealer(key(), encrypt=False, clock=lambda: 1_765_155_600.7, nonce=lambda: "ab" * 16)
    sent, headers = signer.seal("POST", "/gw/evaluations", body)
    assert sent == body  # sign only: the JSON as it was
    # docs/city.md, "Sealed messages", read again with the standard library's HMAC and SM3.
    lines = ["SEAL1", "POST", "/gw/evaluations", "XA-CITY-01", "1765155600", "ab" * 16, "sign"]
    lines.append(hashlib.new("sm3", body).hexdigest())
    expected = hmac.new(bytes.fromhex(SIGN), "\n".join(lines).encode(), lambda: hashlib.new("sm3")).hexdigest()
    assert headers == {
        "X-Seal-Version": "1",
        "X-Seal-Mode": "sign",
        "X-Seal-Key-Id": "XA-CITY-01",
        "X-Seal-Timestamp": "1765155600",
        "X-Seal-Nonce": "ab" * 16,
        "X-Seal-Signature": expected,
    }

    sealer = SmSealer(key(), encrypt=True, clock=lambda: 1_765_155_600.0, nonce=lambda: "cd" * 16)
    sent, headers = sealer.seal("POST", "/gw/evaluations", body)
    assert sent is not None and b"satisfaction" not in sent
    assert headers["Content-Type"] == "application/octet-stream" and headers["X-Seal-Mode"] == "sign+encrypt"
    assert sm4_gcm_open(bytes.fromhex(ENCRYPT), sent) == body
    lines = ["SEAL1", "POST", "/gw/evaluations", "XA-CITY-01", "1765155600", "cd" * 16, "sign+encrypt"]
    lines.append(hashlib.new("sm3", sent).hexdigest())  # encrypt, then sign: the bytes sent
    expected = hmac.new(bytes.fromhex(SIGN), "\n".join(lines).encode(), lambda: hashlib.new("sm3")).hexdigest()
    assert headers["X-Seal-Signature"] == expected
    again, _ = sealer.seal("POST", "/gw/evaluations", body)
    assert again != sent  # a fresh IV every time
    _, get = sealer.seal("GET", "/gw/status-changes?after=0", None)
    assert "Content-Type" not in get and get["X-Seal-Signature"] != expected
    assert_no_secret(repr(sealer) + repr(key()))


def test_sealed_records_reach_the_platform_once_and_open_there(engine, platform, tmp_path: Path) -> None:
    now = time.time()
    intake.store_case(engine, "XA-BL", "c1", _with_data(case_body("A0001")), now)
    intake.store_evaluation(engine, "XA-BL", "e1", evaluation_body("e1", 4, "A0001"), now, dt.UTC)
    adapter = make_adapter(platform.url, seal="sign+encrypt", key_file=str(key_file(tmp_path)))
    pusher = PlatformPusher(engine, adapter, poll_s=0.05)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _status(engine) != "finished":
        time.sleep(min(pusher.step(), 0.05))
    log = platform.state.log()
    assert (log["cases"], log["evaluations"]) == ({"XA-BL:A0001": 1}, {"e1": 1})
    assert (log["invalid"], log["refused"], log["seal"]) == ([], {}, "sign+encrypt")
    assert _status(engine) == "finished"  # the status feed was read with signed GETs too


def _status(engine) -> str | None:
    with db.read(engine) as conn:
        return conn.execute(sa.select(city_cases.c.platform_status)).scalar()


def _refusal(platform, target: str, body: bytes, headers: dict[str, str]) -> str:
    status, answer = post(platform.url, target, body, headers)
    assert status == 401, answer
    return answer["error"]["code"]


def test_every_broken_seal_is_refused_and_nothing_is_taken(platform) -> None:
    body = json.dumps(RATING).encode()
    sealer = SmSealer(key(), encrypt=True)
    sent, headers = sealer.seal("POST", "/evaluations", body)
    assert sent is not None
    changed = bytearray(sent)
    changed[-20] ^= 0x01
    assert _refusal(platform, "/evaluations", bytes(changed), headers) == "platform.seal.signature"
    assert _refusal(platform, "/cases", sent, headers) == "platform.seal.signature"  # signed for another path
    other, other_headers = SmSealer(key(sign=OTHER_SIGN), encrypt=True).seal("POST", "/evaluations", body)
    assert _refusal(platform, "/evaluations", other or b"", other_headers) == "platform.seal.signature"
    wrong, wrong_headers = SmSealer(key(encrypt=OTHER_ENCRYPT), encrypt=True).seal("POST", "/evaluations", body)
    assert _refusal(platform, "/evaluations", wrong or b"", wrong_headers) == "platform.seal.decrypt"
    old, old_headers = SmSealer(key(), encrypt=True, clock=lambda: time.time() - 600).seal("POST", "/evaluations", body)
    assert _refusal(platform, "/evaluations", old or b"", old_headers) == "platform.seal.stale"
    stranger, stranger_headers = SmSealer(key(key_id="XA-OTHER"), encrypt=True).seal("POST", "/evaluations", body)
    assert _refusal(platform, "/evaluations", stranger or b"", stranger_headers) == "platform.seal.key_id"
    signed_only, signed_headers = SmSealer(key(), encrypt=False).seal("POST", "/evaluations", body)
    assert _refusal(platform, "/evaluations", signed_only or b"", signed_headers) == "platform.seal.missing"
    plain = {"Content-Type": "application/json"}
    assert _refusal(platform, "/evaluations", body, plain) == "platform.seal.missing"
    assert _refusal(platform, "/status-changes?after=0", b"", {}) == "platform.seal.missing"
    assert platform.state.log()["evaluations"] == {}

    status, answer = post(platform.url, "/evaluations", sent, headers)  # the untouched original
    assert (status, answer.get("messageId")) == (200, "m0001"), answer
    assert _refusal(platform, "/evaluations", sent, headers) == "platform.seal.replay"  # the same, again
    log = platform.state.log()
    assert log["evaluations"] == {"e0001": 1} and log["duplicates"] == 0
    assert log["refused"] == {
        "platform.seal.signature": 3,
        "platform.seal.decrypt": 1,
        "platform.seal.stale": 1,
        "platform.seal.key_id": 1,
        "platform.seal.missing": 3,
        "platform.seal.replay": 1,
    }


def test_a_refused_seal_keeps_the_message_until_the_key_is_mended(engine, platform, tmp_path, caplog) -> None:
    intake.store_evaluation(engine, "XA-BL", "e1", evaluation_body("e1", 2), time.time(), dt.UTC)
    wrong = make_adapter(platform.url, seal="sign+encrypt", key_file=str(key_file(tmp_path, sign=OTHER_SIGN)))
    pusher = PlatformPusher(engine, wrong, base_s=0.01, cap_s=0.01)
    with caplog.at_level(logging.DEBUG):
        pusher.step()
    with db.read(engine) as conn:
        states = conn.execute(sa.select(platform_outbox.c.kind, platform_outbox.c.state)).all()
        error = conn.execute(sa.select(platform_state.c.last_error)).scalar()
    assert [tuple(r) for r in states] == [("evaluation", "pending")]
    assert error == "401 platform.seal.signature"  # what a technician reads: the link, not the record
    assert any(r.getMessage() == "platform_link_refused" for r in caplog.records)
    assert_no_secret(caplog.text + " ".join(str(r.__dict__) for r in caplog.records))
    assert platform.state.log()["evaluations"] == {}

    pusher.adapter = make_adapter(platform.url, seal="sign+encrypt", key_file=str(key_file(tmp_path)))
    time.sleep(0.02)  # past the backoff (capped at 0.01 s here)
    pusher.step()
    with db.read(engine) as conn:
        states = conn.execute(sa.select(platform_outbox.c.state)).all()
    assert {r.state for r in states} == {"sent"}
    assert platform.state.log()["evaluations"] == {"e1": 1}


@pytest.mark.parametrize(
    ("text", "mode", "code"),
    [
        (None, "sign", "seal.key.unreadable"),
        (f'key_id = "K"\nsign_key = "{SIGN}"\n', "exposed", "seal.key.exposed"),
        (f"sign_key = {SIGN}\n", "sign", "seal.key.not_toml"),
        (f'key_id = "a b"\nsign_key = "{SIGN}"\n', "sign", "seal.key.field"),
        (f'key_id = "K"\nsign_key = "{SIGN[:-2]}zz"\n', "sign", "seal.key.field"),
        (f'key_id = "K"\nsign_key = "{SIGN[:30]}"\n', "sign", "seal.key.field"),
        (f'key_id = "K"\nsign_key = "{SIGN}"\n', "sign+encrypt", "seal.key.field"),
        (f'key_id = "K"\nsign_key = "{SIGN}"\nencrypt_key = "{ENCRYPT}00"\n', "sign+encrypt", "seal.key.field"),
    ],
)
def test_a_bad_key_file_is_one_clear_error_without_the_key(tmp_path: Path, text, mode: str, code: str) -> None:
    path = tmp_path / "platform-seal.toml"
    if text is not None:
        path.write_text(text)
        path.chmod(0o644 if mode == "exposed" else 0o600)
    with pytest.raises(SealKeyError) as caught:
        sealer_for("sign" if mode == "exposed" else mode, str(path))
    assert caught.value.key == code
    assert str(path) in str(caught.value)
    assert_no_secret(str(caught.value))
    assert SIGN[:30] not in str(caught.value) and ENCRYPT not in str(caught.value)


def test_the_key_comes_from_the_flag_or_systemds_credential(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    assert checked_key_file("off", None) is None
    with pytest.raises(CityError) as caught:
        checked_key_file("sign", None)
    assert caught.value.code == "city.platform.seal.no_key"
    given = key_file(tmp_path)
    assert checked_key_file("sign+encrypt", str(given)) == str(given)
    (tmp_path / "creds").mkdir()
    (tmp_path / "creds" / "platform-seal").write_bytes(given.read_bytes())
    (tmp_path / "creds" / "platform-seal").chmod(0o400)
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path / "creds"))
    assert checked_key_file("sign", None) == str(tmp_path / "creds" / "platform-seal")
    assert read_seal_key(given, encrypt=True).encrypt_key == bytes.fromhex(ENCRYPT)
    with pytest.raises(CityError) as caught:
        sealer_for("encrypt", str(given))
    assert caught.value.code == "city.platform.seal.mode"


def test_the_worked_example_in_the_document_holds() -> None:
    text = (Path(__file__).resolve().parents[4] / "docs" / "city.md").read_text()
    example = SealKey("XA-CITY-01", bytes(range(32)), bytes(range(16)))
    sealer = SmSealer(example, encrypt=True, clock=lambda: 1765152000, nonce=lambda: "0123456789abcdef" * 2)
    body, headers = sealer.seal("GET", "/xa/status-changes?after=0", None)
    assert body is None
    assert f"X-Seal-Signature:\n{headers['X-Seal-Signature']}`" in text
    opener = SealOpener(example, "sign+encrypt", clock=lambda: 1765152000)
    assert opener.open("GET", "/xa/status-changes?after=0", {k.lower(): v for k, v in headers.items()}, b"") == b""
