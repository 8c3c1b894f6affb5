"""Known answers for the platform link's seal: SM3 (GB/T 32905-2016 Appendix A), SM4
(GB/T 32907-2016 Appendix A) and SM4-GCM (RFC 8998 Appendix A.1), through the city's
sealing functions and the platform simulator's opening ones; HMAC-SM3 against the
standard library's own HMAC over OpenSSL's SM3 (a second implementation)."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from drivers.sim.platform_seal import sm3_hex, sm4_gcm_open
from hub.city.errors import CityError
from hub.city.platform import seal

SM3_VECTORS = [
    (b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),  # A.1
    (b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),  # A.2
]
SM4_KEY = bytes.fromhex("0123456789abcdeffedcba9876543210")

# RFC 8998 Appendix A.1 (SM4-GCM).
GCM_IV = bytes.fromhex("00001234567800000000ABCD")
GCM_PLAIN = bytes.fromhex(
    "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
    "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"
)
GCM_AAD = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
GCM_CIPHER = bytes.fromhex(
    "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
    "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
)
GCM_TAG = bytes.fromhex("83DE3541E4C2B58177E065A9BF7B62EC")


@pytest.mark.parametrize(("message", "digest"), SM3_VECTORS)
def test_sm3_gives_the_standards_digests_at_both_ends(message: bytes, digest: str) -> None:
    assert seal.sm3(message).hex() == digest
    assert sm3_hex(message) == digest


def test_hmac_sm3_agrees_with_a_second_implementation() -> None:
    key = bytes(range(32))
    for message in (b"", b"abc", b"SEAL1\nPOST\n/cases" * 40):
        assert seal.hmac_sm3(key, message) == hmac.new(key, message, lambda: hashlib.new("sm3")).digest()
    assert seal.hmac_sm3(key, b"abc") != seal.hmac_sm3(key[::-1], b"abc")


def test_sm4_gives_the_standards_ciphertexts() -> None:
    # GB/T 32907-2016 Appendix A: example 1 (one block), example 2 (the block encrypted
    # 1,000,000 times: CBC with a zero IV over the block and 999,999 zero blocks chains it).
    one = Cipher(algorithms.SM4(SM4_KEY), modes.ECB()).encryptor()
    assert (one.update(SM4_KEY) + one.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"
    chained = Cipher(algorithms.SM4(SM4_KEY), modes.CBC(bytes(16))).encryptor()
    out = chained.update(SM4_KEY + bytes(16 * 999_999)) + chained.finalize()
    assert out[-16:].hex() == "595298c7c6fd271f0402f804c33d3f66"


def test_sm4_gcm_gives_rfc_8998s_answer_and_opens_it_at_the_platform() -> None:
    sealed = seal.sm4_gcm_encrypt(SM4_KEY, GCM_IV, GCM_PLAIN, GCM_AAD)
    assert sealed == GCM_CIPHER + GCM_TAG
    assert sm4_gcm_open(SM4_KEY, GCM_IV + sealed, GCM_AAD) == GCM_PLAIN
    changed = bytearray(GCM_IV + sealed)
    changed[20] ^= 1
    with pytest.raises(InvalidTag):
        sm4_gcm_open(SM4_KEY, bytes(changed), GCM_AAD)
    with pytest.raises(InvalidTag):
        sm4_gcm_open(bytes(16), GCM_IV + sealed, GCM_AAD)


def test_the_hub_checks_the_known_answers_before_it_seals(monkeypatch) -> None:
    assert SM3_VECTORS[0][1] == seal.SM3_ABC
    assert (seal.SM4_KEY, seal.GCM_IV, seal.GCM_AAD, seal.GCM_PLAIN) == (SM4_KEY, GCM_IV, GCM_AAD, GCM_PLAIN)
    assert bytes.fromhex(seal.GCM_SEALED) == GCM_CIPHER + GCM_TAG
    seal.self_test()
    monkeypatch.setattr(seal, "SM4_BLOCK", "00" * 16)  # as a build whose SM4 answered wrongly
    with pytest.raises(CityError) as caught:
        seal.sealer_for("sign", "/nonexistent/key")
    assert caught.value.code == "city.platform.seal.unsupported"
