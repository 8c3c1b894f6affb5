"""Modbus RTU codec: golden bytes from the Modbus specification, round trips, fuzz."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.errors import ProtocolError
from drivers.queue_bus import rtu
from drivers.queue_bus.base import ModbusExceptionError


@pytest.mark.parametrize(
    ("frame", "hexbytes"),
    [
        # Modbus Application Protocol examples and the classic "01 03 00 00 00 0A C5 CD".
        (rtu.read_request(1, rtu.READ_HOLDING, 0, 10), "01 03 00 00 00 0A C5 CD"),
        (rtu.read_request(0x11, rtu.READ_HOLDING, 0x6B, 3), "11 03 00 6B 00 03 76 87"),
        (rtu.write_register_request(1, 1, 3), "01 06 00 01 00 03 98 0B"),
        (rtu.write_coil_request(0x11, 0xAC, True), "11 05 00 AC FF 00 4E 8B"),
        (rtu.write_registers_request(0x11, 1, [0x000A, 0x0102]), "11 10 00 01 00 02 04 00 0A 01 02 C6 F0"),
        (rtu.read_request(2, rtu.READ_INPUT, 0, 2), "02 04 00 00 00 02 71 F8"),
    ],
)
def test_golden_requests(frame, hexbytes):
    assert frame == bytes.fromhex(hexbytes)


def test_crc_known_value_and_seal():
    assert rtu.crc16(b"123456789") == 0x4B37  # CRC-16/MODBUS check value
    assert rtu.unseal(rtu.seal(b"\x01\x02\x03")) == b"\x01\x02\x03"


def test_nine_register_write_is_about_36_ms_at_9600():
    request = rtu.write_registers_request(1, 0, list(range(9)))
    response = rtu.write_response(rtu.parse_request(request))
    assert (len(request) + len(response)) * 10 / 9600 == pytest.approx(0.036, abs=0.001)


def test_read_response_round_trip():
    frame = rtu.read_response(2, rtu.READ_INPUT, [4, 17])
    assert frame == bytes.fromhex("02 04 04 00 04 00 11") + frame[-2:]
    assert rtu.response_size(frame[:3]) == len(frame)
    data = rtu.parse_response(frame, 2, rtu.READ_INPUT)
    assert rtu.registers_of(data, 2) == [4, 17]
    coils = rtu.read_response(2, rtu.READ_COILS, [1, 0, 1])
    assert rtu.coils_of(rtu.parse_response(coils, 2, rtu.READ_COILS), 3) == [True, False, True]


def test_write_responses_echo():
    for request in (rtu.write_register_request(1, 64, 9), rtu.write_coil_request(2, 0, True)):
        assert rtu.write_response(rtu.parse_request(request)) == request
    multi = rtu.parse_request(rtu.write_registers_request(1, 0, [1, 2, 3]))
    assert multi.values == (1, 2, 3)
    assert rtu.write_response(multi) == rtu.seal(bytes.fromhex("01 10 00 00 00 03"))


def test_exception_responses_are_typed():
    frame = rtu.exception_response(1, rtu.WRITE_REGISTER, 3)
    assert frame[:3] == b"\x01\x86\x03" and rtu.response_size(frame[:3]) == 5
    with pytest.raises(ModbusExceptionError) as info:
        rtu.parse_response(frame, 1, rtu.WRITE_REGISTER)
    assert info.value.key == "device.queue_bus.modbus_exception"
    assert info.value.data["name"] == "illegal_data_value"


@pytest.mark.parametrize(
    ("frame", "address", "function", "key"),
    [
        (rtu.read_response(2, 4, [1])[:-1] + b"\x00", 2, 4, "device.queue_bus.bad_crc"),
        (rtu.read_response(3, 4, [1]), 2, 4, "device.queue_bus.wrong_address"),
        (rtu.read_response(2, 3, [1]), 2, 4, "device.queue_bus.wrong_function"),
        (rtu.seal(b"\x02\x04\x05\x00"), 2, 4, "device.queue_bus.bad_length"),
        (b"\x02", 2, 4, "device.queue_bus.bad_frame"),
    ],
)
def test_bad_responses(frame, address, function, key):
    with pytest.raises(ProtocolError) as info:
        rtu.parse_response(frame, address, function)
    assert info.value.key == key


def test_unknown_function_request():
    with pytest.raises(ProtocolError) as info:
        rtu.parse_request(rtu.seal(b"\x01\x2b\x0e\x01\x00\x00"))
    assert info.value.key == "device.queue_bus.bad_function"


def test_client_rejects_impossible_requests():
    with pytest.raises(ValueError):
        rtu.read_request(1, rtu.READ_HOLDING, 0, 126)
    with pytest.raises(ValueError):
        rtu.write_registers_request(248, 0, [1])


# ---- fuzz ----


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=40), st.integers(1, 247), st.sampled_from(rtu.FUNCTIONS))
def test_random_responses_parse_or_raise_typed_errors(data, address, function):
    try:
        payload = rtu.parse_response(data, address, function)
    except (ProtocolError, ModbusExceptionError) as exc:
        assert exc.key.startswith("device.queue_bus.")  # typed, with a message key
    else:  # only a frame for this address and function, with a good CRC, gets through
        assert data[0] == address and data[1] == function and isinstance(payload, bytes)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=40))
def test_random_requests_parse_or_raise_protocol_error(data):
    try:
        request = rtu.parse_request(data)
    except ProtocolError:
        return
    assert request.function in rtu.FUNCTIONS


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 0xFFFF), min_size=1, max_size=123), st.integers(0, 0xFFFF), st.integers(1, 247), st.data()
)
def test_mutated_write_requests_never_pass_silently(values, start, address, data):
    frame = bytearray(rtu.write_registers_request(address, start, values))
    assert rtu.parse_request(bytes(frame)).values == tuple(values)
    index = data.draw(st.integers(0, len(frame) - 1))
    frame[index] ^= data.draw(st.integers(1, 255))
    with pytest.raises(ProtocolError):  # CRC-16 catches every single-byte error
        rtu.parse_request(bytes(frame))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 0xFFFF), min_size=1, max_size=125), st.integers(1, 247))
def test_register_responses_round_trip(values, address):
    frame = rtu.read_response(address, rtu.READ_HOLDING, values)
    assert rtu.response_size(frame[:3]) == len(frame)
    assert rtu.registers_of(rtu.parse_response(frame, address, rtu.READ_HOLDING), len(values)) == values
