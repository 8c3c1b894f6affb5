"""社保卡 codec: golden command bytes, status words, records, the whole sequence."""

from __future__ import annotations

import pytest

from drivers.sim.social_card_sim import PEOPLE, CardFileSystem
from drivers.smartcard import apdu
from drivers.smartcard.apdu import ReadPlan, RecordSpec
from drivers.smartcard.base import CardProtocolError, CardRefused, SocialSecurityCard

GOLDEN_SEQUENCE = [
    "00A404000F7378312E73682EC9E7BBE1B1A3D5CF",
    "00A4000002EF05",
    "00B207040B",
    "00A4000002EF06",
    "00B2010414",
    "00B2020420",
]


def test_ddf_name_is_the_gbk_bytes_of_sx1_sh_shehuibaozhang():
    assert apdu.DDF_NAME.hex().upper() == "7378312E73682EC9E7BBE1B1A3D5CF"


@pytest.mark.parametrize(
    "built, golden",
    [
        (apdu.select_by_name(apdu.DDF_NAME), GOLDEN_SEQUENCE[0]),
        (apdu.select_file(0xEF05), "00A4000002EF05"),
        (apdu.select_file(0xEF06, p1=0x02), "00A4020002EF06"),
        (apdu.read_record(7, 11), "00B207040B"),
        (apdu.read_record(2, 256), "00B2020400"),
        (apdu.get_response(0x14), "00C0000014"),
        (apdu.verify_pin("888888"), "0020000003888888"),
        (apdu.verify_pin("12345"), "00200000031234 5F".replace(" ", "")),
    ],
)
def test_command_golden_bytes(built, golden):
    assert built.hex().upper() == golden


@pytest.mark.parametrize(
    "bad", [lambda: apdu.read_record(0, 4), lambda: apdu.verify_pin("12a4"), lambda: apdu.select_by_name(b"")]
)
def test_builders_refuse_out_of_range_arguments(bad):
    with pytest.raises(ValueError):
        bad()


def test_parse_command_cases_1_to_4():
    assert apdu.parse_command(bytes.fromhex("00A40000")) == apdu.Command(0, 0xA4, 0, 0)
    assert apdu.parse_command(bytes.fromhex("00B207040B")).le == 11
    assert apdu.parse_command(bytes.fromhex("00B2070400")).le == 256
    cmd = apdu.parse_command(bytes.fromhex("00A4000002EF05"))
    assert (cmd.data, cmd.le) == (b"\xef\x05", None)
    assert apdu.parse_command(bytes.fromhex("00A4000002EF0500")).le == 256


@pytest.mark.parametrize("raw", ["00A4", "00A4000003EF05", "00A40000000001"])
def test_parse_command_rejects_bad_lengths(raw):
    with pytest.raises(CardProtocolError) as err:
        apdu.parse_command(bytes.fromhex(raw))
    assert err.value.key == "device.smartcard.bad_command"


def test_parse_response_splits_status_word():
    resp = apdu.parse_response(bytes.fromhex("07094142439000"))
    assert (resp.data, resp.sw, resp.sw1, resp.sw2) == (bytes.fromhex("0709414243"), 0x9000, 0x90, 0)
    with pytest.raises(CardProtocolError):
        apdu.parse_response(b"\x90")


@pytest.mark.parametrize(
    "sw, step, key",
    [
        (0x6A82, "select_ddf", "device.smartcard.not_social_card"),
        (0x6A82, "select_EF05", "device.smartcard.file_not_found"),
        (0x6A83, "read_ssn", "device.smartcard.record_not_found"),
        (0x6982, "read_name", "device.smartcard.pin_required"),
        (0x6983, "verify_pin", "device.smartcard.card_blocked"),
        (0x63C2, "verify_pin", "device.smartcard.pin_wrong"),
        (0x6F00, "read_name", "device.smartcard.card_refused"),
    ],
)
def test_status_words_map_to_keys(sw, step, key):
    err = apdu.status_error(sw, step)
    assert isinstance(err, CardRefused)
    assert (err.key, err.data["sw"], err.data["step"]) == (key, f"{sw:04X}", step)


def test_exchange_follows_61xx_with_get_response():
    answers = {bytes.fromhex("00B207040B"): "610B", bytes.fromhex("00C000000B"): "0709533631303130333031" + "9000"}
    sent = []

    def transmit(cmd: bytes) -> bytes:
        sent.append(cmd.hex().upper())
        return bytes.fromhex(answers[cmd])

    data = apdu.exchange(transmit, apdu.read_record(7, 11), "read_card_number")
    assert data == bytes.fromhex("0709533631303130333031")
    assert sent == ["00B207040B", "00C000000B"]


def test_exchange_resends_with_le_from_6cxx():
    sent = []

    def transmit(cmd: bytes) -> bytes:
        sent.append(cmd.hex().upper())
        return bytes.fromhex("6C0B") if cmd[4] != 0x0B else bytes.fromhex("07094142434445464748499000")

    assert apdu.exchange(transmit, apdu.read_record(7, 0x20), "x")[:2] == b"\x07\x09"
    assert sent == ["00B2070420", "00B207040B"]


def test_exchange_gives_up_on_endless_chaining():
    with pytest.raises(CardProtocolError) as err:
        apdu.exchange(lambda cmd: bytes.fromhex("6101"), apdu.read_record(1, 1), "x")
    assert err.value.key == "device.smartcard.endless_chaining"


def test_record_parse_and_decode_gbk_name():
    spec = RecordSpec(0xEF06, 2, 30, "gbk")
    record = apdu.encode_record(spec, "张三丰")
    assert record[:2] == b"\x02\x1e" and record[2:8] == "张三丰".encode("gbk")
    assert apdu.decode_text(apdu.parse_record(record, spec), spec) == "张三丰"


@pytest.mark.parametrize(
    "raw, key",
    [
        ("0109" + "41" * 9, "device.smartcard.bad_record"),  # tag is not the record number
        ("0720" + "41" * 32, "device.smartcard.bad_record"),  # longer than the field
        ("0709" + "41" * 4, "device.smartcard.bad_record"),  # shorter than it says
    ],
)
def test_bad_records_are_protocol_errors(raw, key):
    with pytest.raises(CardProtocolError) as err:
        apdu.parse_record(bytes.fromhex(raw), RecordSpec(0xEF05, 7, 9))
    assert err.value.key == key


def test_undecodable_or_empty_text_is_a_protocol_error():
    spec = RecordSpec(0xEF06, 2, 30, "gbk")
    for value in (b"\xff\xfe\x81", b"\x00" * 30, "张\n".encode("gbk")):
        with pytest.raises(CardProtocolError):
            apdu.decode_text(value, spec)


def test_field_shapes_are_checked():
    with pytest.raises(CardProtocolError) as err:
        apdu.card_from_records("S61010301", "61010318800101001", "张三丰")
    assert err.value.data == {"field": "ssn"}
    with pytest.raises(CardProtocolError):
        apdu.card_from_records("s6-1", "610103188001010012", "张三丰")


@pytest.mark.parametrize("person", PEOPLE)
def test_read_sequence_against_the_card_model_sends_the_golden_sequence(person):
    card = CardFileSystem(person)
    sent = []

    def transmit(cmd: bytes) -> bytes:
        sent.append(cmd.hex().upper())
        return card.answer(cmd)

    assert apdu.read_sequence(transmit) == person
    assert sent == GOLDEN_SEQUENCE


def test_read_sequence_with_pin_and_p1_02_plan():
    plan = ReadPlan(select_ef_p1=0x02, pin="888888")
    card = CardFileSystem(PEOPLE[0], plan)
    sent = []

    def transmit(cmd: bytes) -> bytes:
        sent.append(cmd.hex().upper())
        return card.answer(cmd)

    assert apdu.read_sequence(transmit, plan).name == "张三丰"
    assert sent[1] == "00A4020002EF05"
    assert sent.count("0020000003888888") == 1 and sent.index("0020000003888888") == 3


def test_other_card_gives_not_social_card():
    def bank_card(cmd: bytes) -> bytes:
        return bytes.fromhex("6A82")

    with pytest.raises(CardRefused) as err:
        apdu.read_sequence(bank_card)
    assert err.value.key == "device.smartcard.not_social_card"


def test_card_repr_is_masked():
    card = SocialSecurityCard("S61010301", "610103188001010012", "张三丰")
    text = repr(card) + str(card)
    assert "610103188001010012" not in text and "三丰" not in text and "S61010301" not in text
    assert card.masked() == {"card_number": "S6*****01", "ssn": "6101**********0012", "name": "张**"}


def test_read_deadline_scales_with_bytes_and_rate():
    # 124 bytes on the contact for the default plan: 20+2, 2x(7+2), 5+11+2, 5+20+2, 5+32+2.
    assert apdu.read_wire_bytes() == 124 and apdu.read_apdu_count() == 6
    assert apdu.read_timeout_s() == pytest.approx(124 * 12 / 9600 + 6 * 0.2 + 0.5)
    assert apdu.read_timeout_s(bps=115200) < apdu.read_timeout_s(bps=9600)
    with_pin = ReadPlan(pin="888888")
    assert apdu.read_wire_bytes(with_pin) == 124 + 5 + 3 + 2 and apdu.read_apdu_count(with_pin) == 7


def test_virtual_card_atr_is_well_formed():
    from functools import reduce

    from drivers.sim.social_card_sim import DEFAULT_ATR

    assert DEFAULT_ATR[0] == 0x3B and DEFAULT_ATR[1] & 0x0F == 8  # direct convention, 8 historical
    assert reduce(lambda a, b: a ^ b, DEFAULT_ATR[1:]) == 0  # TCK closes the XOR
    assert len(DEFAULT_ATR) == 2 + 2 + 8 + 1
