"""GA/T 467 frames: HARDWARE.md §1 golden bytes, status mapping, resync, fuzz."""

from __future__ import annotations

import struct

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from drivers.errors import ProtocolError
from drivers.id_reader import base, frames
from drivers.id_reader.card_text import encode_card_text
from drivers.id_reader.samples import DEMO_CARDS, DUMMY_WLT

GOLDEN_REQUESTS = {
    frames.FIND: "AA AA AA 96 69 00 03 20 01 22",
    frames.SELECT: "AA AA AA 96 69 00 03 20 02 21",
    frames.READ: "AA AA AA 96 69 00 03 30 01 32",
    frames.READ_WITH_FINGERPRINT: "AA AA AA 96 69 00 03 30 10 23",
    frames.READ_ADDITIONAL_ADDRESS: "AA AA AA 96 69 00 03 30 03 30",
    frames.SAM_STATUS: "AA AA AA 96 69 00 03 11 FF ED",
    frames.SAM_ID: "AA AA AA 96 69 00 03 12 FF EE",
}
WORKED_REPLY = bytes.fromhex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")


@pytest.mark.parametrize("command", list(GOLDEN_REQUESTS))
def test_requests_match_the_hardware_table(command):
    assert frames.build_request(command) == bytes.fromhex(GOLDEN_REQUESTS[command])
    request = frames.parse_request(bytes.fromhex(GOLDEN_REQUESTS[command]))
    assert (request.cmd, request.para, request.data) == (*command, b"")


def test_worked_find_reply_parses_and_rebuilds():
    reply = frames.parse_reply(WORKED_REPLY)
    assert (reply.sw1, reply.sw2, reply.sw3, reply.data) == (0, 0, 0x9F, bytes(4))
    assert frames.build_reply(0x9F, bytes(4)) == WORKED_REPLY
    assert len(WORKED_REPLY) == frames.REPLY_SIZE[frames.FIND] == 15


def _read_frame(fingerprint=None):
    data = frames.build_read_data(encode_card_text(DEMO_CARDS[0]), DUMMY_WLT, fingerprint)
    return frames.build_reply(0x90, data)


def test_read_reply_has_the_documented_offsets():
    frame = _read_frame()
    text = encode_card_text(DEMO_CARDS[0])
    assert len(frame) == 1295 == frames.REPLY_SIZE[frames.READ]
    assert frame[5:7] == b"\x05\x08"
    assert frame[7:10] == b"\x00\x00\x90"
    assert struct.unpack(">HH", frame[10:14]) == (256, 1024)
    assert frame[14:270] == text
    assert frame[270:1294] == DUMMY_WLT
    reply = frames.parse_reply(frame)
    assert frames.parse_read_data(reply.data) == (text, DUMMY_WLT, b"")


@pytest.mark.parametrize(("fp_len", "size"), [(1024, 2321), (512, 1809), (0, 1297)])
def test_fingerprint_read_sizes(fp_len, size):
    frame = _read_frame(bytes(fp_len))
    assert len(frame) == size
    text, photo, fingerprint = frames.parse_read_data(frames.parse_reply(frame).data, with_fingerprint=True)
    assert (len(text), len(photo), len(fingerprint)) == (256, 1024, fp_len)


def test_whole_read_is_1359_bytes_on_the_wire():
    sizes = frames.REPLY_SIZE
    total = 3 * frames.REQUEST_SIZE + sizes[frames.FIND] + sizes[frames.SELECT] + sizes[frames.READ]
    assert total == 1359


@pytest.mark.parametrize(
    ("sw3", "error", "key"),
    [
        (0x80, base.NoCardError, "device.id_reader.no_card"),
        (0x81, base.SelectFailedError, "device.id_reader.select_failed"),
        (0x41, base.ReadFailedError, "device.id_reader.read_failed"),
        (0x91, base.NoContentError, "device.id_reader.no_content"),
        (0x10, base.ReaderChecksumError, "device.id_reader.checksum_rejected"),
        (0x11, base.ReaderLengthError, "device.id_reader.length_rejected"),
        (0x21, base.BadCommandError, "device.id_reader.bad_command"),
        (0x23, base.NotAuthorisedError, "device.id_reader.not_authorised"),
        (0x24, base.ReaderUnknownError, "device.id_reader.unknown_error"),
        (0x31, base.MutualAuthError, "device.id_reader.mutual_auth_failed"),
        (0x32, base.MutualAuthError, "device.id_reader.mutual_auth_failed"),
        (0x33, base.VerificationError, "device.id_reader.verification_failed"),
        (0x40, base.UnknownCardTypeError, "device.id_reader.unknown_card_type"),
        (0x47, base.KeyFailureError, "device.id_reader.key_failure"),
        (0x60, base.SamSelfTestError, "device.id_reader.sam_self_test_failed"),
        (0x66, base.SamNotAuthorisedError, "device.id_reader.sam_not_authorised"),
    ],
)
def test_every_status_code_raises_its_typed_error(sw3, error, key):
    reply = frames.parse_reply(frames.build_reply(sw3))
    with pytest.raises(error) as info:
        frames.raise_for_status(reply)
    assert info.value.key == key
    assert info.value.data == {"status": f"{sw3:02X}"}


def test_success_statuses_pass_and_unknown_ones_are_protocol_errors():
    assert frames.raise_for_status(frames.parse_reply(frames.build_reply(0x90, b"x"))).data == b"x"
    found = frames.parse_reply(WORKED_REPLY)
    assert frames.raise_for_status(found, ok=frames.SW_FOUND) is found
    with pytest.raises(ProtocolError):
        frames.raise_for_status(found)  # 9F is not "ok" for select/read
    with pytest.raises(ProtocolError) as info:
        frames.raise_for_status(frames.parse_reply(frames.build_reply(0x77)))
    assert info.value.key == "device.id_reader.unknown_status"
    with pytest.raises(ProtocolError) as info:
        frames.raise_for_status(frames.parse_reply(frames.build_reply(0x90, sw1=0x6A)))
    assert info.value.key == "device.id_reader.bad_status_words"


@pytest.mark.parametrize(
    ("frame", "key"),
    [
        (WORKED_REPLY[:-1] + b"\x00", "device.id_reader.bad_checksum"),
        (WORKED_REPLY[:-2], "device.id_reader.bad_length"),
        (b"\xab" + WORKED_REPLY[1:], "device.id_reader.bad_frame"),
        (b"", "device.id_reader.bad_frame"),
        (frames.encode(b"\x00\x00"), "device.id_reader.short_reply"),
    ],
)
def test_malformed_replies(frame, key):
    with pytest.raises(ProtocolError) as info:
        frames.parse_reply(frame)
    assert info.value.key == key


def test_read_data_lengths_must_add_up():
    data = frames.build_read_data(bytes(256), bytes(1024))
    with pytest.raises(ProtocolError) as info:
        frames.parse_read_data(data[:-1])
    assert info.value.key == "device.id_reader.bad_read_lengths"
    with pytest.raises(ProtocolError):
        frames.parse_read_data(frames.build_read_data(bytes(200), bytes(1024)))


def test_sam_id_format_round_trip():
    text = "05.01-20101010-0012345678-1234567890"
    assert frames.format_sam_id(frames.build_sam_id(text)) == text
    assert frames.format_sam_id(b"\x01\x02") == "0102"


def test_frame_reader_resyncs_over_noise_and_split_reads():
    reader = frames.FrameReader()
    stream = b"\x00\xff\xaa\xaa" + WORKED_REPLY + b"\xaa\xaa\xaa\x96\x69\xff\xff" + WORKED_REPLY
    got = []
    for i in range(len(stream)):
        got += reader.feed(stream[i : i + 1])
    assert got == [WORKED_REPLY, WORKED_REPLY]
    assert reader.skipped > 0 and reader.pending == 0


def test_frame_reader_wanted_asks_for_exactly_the_rest():
    reader = frames.FrameReader()
    assert reader.wanted() == 7
    reader.feed(WORKED_REPLY[:9])
    assert reader.wanted() == len(WORKED_REPLY) - 9
    assert reader.feed(WORKED_REPLY[9:]) == [WORKED_REPLY]


# ---- fuzz: a parse or a typed protocol error, never any other exception ----


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_random_bytes_parse_or_raise_protocol_error(data):
    for fn in (frames.parse_reply, frames.parse_request):
        try:
            parsed = fn(data)
        except ProtocolError as exc:
            assert exc.key.startswith("device.id_reader.")  # typed, with a message key
        else:  # only a frame with the preamble, a consistent LEN and a good CHK parses
            assert data.startswith(frames.PREAMBLE) and parsed is not None


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=len(WORKED_REPLY) - 1), st.integers(min_value=1, max_value=255))
def test_any_single_byte_corruption_is_caught(index, flip):
    corrupted = bytearray(WORKED_REPLY)
    corrupted[index] ^= flip
    with pytest.raises(ProtocolError):
        frames.parse_reply(bytes(corrupted))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=40), st.binary(max_size=40), st.integers(min_value=1, max_value=9))
def test_frame_reader_finds_the_frame_between_noise(before, after, chunk):
    # Noise without a preamble must never hide the real frame that follows it.
    before = before.replace(b"\xaa", b"\x00")
    reader = frames.FrameReader()
    stream = before + WORKED_REPLY + after
    got = []
    for i in range(0, len(stream), chunk):
        got += reader.feed(stream[i : i + chunk])
    assert got[0] == WORKED_REPLY


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=1400))
# Random bytes almost never add up: a valid reply makes the assert below run at least once.
@example(struct.pack(">2H", 256, 1024) + b"t" * 256 + b"p" * 1024)
def test_read_data_fuzz(data):
    try:
        text, photo, fingerprint = frames.parse_read_data(data)
    except ProtocolError:
        return
    assert len(text) == 256 and len(text) + len(photo) + len(fingerprint) + 4 == len(data)
