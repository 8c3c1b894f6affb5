"""Random and mutated card answers give a card or a typed error, never anything else."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from drivers.errors import DeviceError
from drivers.sim.social_card_sim import PEOPLE, CardFileSystem
from drivers.smartcard import apdu
from drivers.smartcard.base import CardProtocolError, CardRefused, SocialSecurityCard


@settings(deadline=None)
@given(st.binary(max_size=300))
def test_parse_response_never_raises_untyped(raw):
    try:
        resp = apdu.parse_response(raw)
    except CardProtocolError:
        assert len(raw) < 2
    else:
        assert resp.data + resp.sw.to_bytes(2, "big") == raw


@settings(deadline=None)
@given(st.binary(max_size=300))
def test_parse_command_never_raises_untyped(raw):
    try:
        cmd = apdu.parse_command(raw)
    except CardProtocolError as err:
        assert err.key == "device.smartcard.bad_command"
    else:
        assert bytes([cmd.cla, cmd.ins, cmd.p1, cmd.p2]) == raw[:4]


def _real_answers() -> list[bytes]:
    """The virtual card's answers to one whole read, in order."""
    card, answers = CardFileSystem(PEOPLE[0]), []

    def transmit(cmd: bytes) -> bytes:
        answers.append(card.answer(cmd))
        return answers[-1]

    apdu.read_sequence(transmit)
    return answers


@settings(deadline=None)
@given(
    st.binary(max_size=64),
    st.sampled_from([apdu.DEFAULT_PLAN.card_number, apdu.DEFAULT_PLAN.ssn, apdu.DEFAULT_PLAN.name]),
)
# Random bytes rarely carry the record's tag: a real record makes the assert below run.
@example(bytes([apdu.DEFAULT_PLAN.ssn.record, 4]) + b"6101", apdu.DEFAULT_PLAN.ssn)
def test_record_parsing_never_raises_untyped(data, spec):
    try:
        text = apdu.decode_text(apdu.parse_record(data, spec), spec)
    except CardProtocolError:
        return
    assert isinstance(text, str) and text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=40), min_size=1, max_size=20))
# Random answers never make a whole read: the card's own make the assert below run.
@example(_real_answers())
def test_read_sequence_with_random_answers(answers):
    it = iter(answers * 10)

    def transmit(cmd: bytes) -> bytes:
        return next(it, b"")

    try:
        card = apdu.read_sequence(transmit)
    except (CardProtocolError, CardRefused):
        return
    assert isinstance(card, SocialSecurityCard)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_read_sequence_with_mutated_answers(data):
    person = data.draw(st.sampled_from(PEOPLE))
    card = CardFileSystem(person)
    target = data.draw(st.integers(0, 5))
    calls = [0]

    def transmit(cmd: bytes) -> bytes:
        answer = bytearray(card.answer(cmd))
        if calls[0] == target:
            if answer and data.draw(st.booleans()):
                pos = data.draw(st.integers(0, len(answer) - 1))
                answer[pos] = data.draw(st.integers(0, 255))
            else:
                answer = answer[: data.draw(st.integers(0, len(answer)))]
        calls[0] += 1
        return bytes(answer)

    try:
        got = apdu.read_sequence(transmit)
    except DeviceError as err:
        assert isinstance(err, (CardProtocolError, CardRefused))
        assert err.key.startswith("device.smartcard.")
        return
    # A mutation that still parses must give well-formed fields.
    assert len(got.ssn) == 18 and got.name


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(min_size=0, max_size=40), max_size=8))
def test_virtual_card_answers_any_command_with_a_status_word(commands):
    card = CardFileSystem(PEOPLE[0])
    for command in commands:
        answer = apdu.parse_response(card.answer(command))
        assert answer.sw in (0x9000, 0x6700, 0x6E00, 0x6A82, 0x6986, 0x6A83, 0x6D00) or answer.sw1 == 0x6C
