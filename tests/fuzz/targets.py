"""One fuzz target per codec and importer, and the registry of them.

A target is ``def name(data: bytes) -> None``: it calls the codec, returns quietly on
the typed errors that codec documents, and asserts what a successful parse must satisfy
(round trips through the encoder where there is one, privacy of reprs, invariants of
the frame cutters). Anything else escaping it is a finding (see ``harness.Recorder``).

Adding a target: write the function, then add one ``Target(...)`` line to ``TARGETS``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from drivers.errors import ProtocolError
from drivers.id_reader import card_text, frames
from drivers.id_reader.base import CardDataError, IdReaderError, UnknownCardTypeError
from drivers.printer import escpos_decode, status
from drivers.printer.backends import parse_tcp_url, parse_usb_url
from drivers.printer.base import PrinterDisconnected
from drivers.queue_bus import registers, rtu
from drivers.queue_bus.base import BadValueError, ModbusExceptionError
from drivers.sim.social_card_sim import PEOPLE, CardFileSystem
from drivers.smartcard import apdu
from drivers.smartcard.base import CardProtocolError, CardRefused
from kiosk.config import ConfigError, load_text
from kiosk.config.dump import to_toml
from offline_cache.catalog import CatalogImportError, parse_feed, parse_guangan
from offline_cache.catalog.validate import Batch
from offline_cache.wire import Evaluation, WireError
from offline_cache.wire import cases as wire_cases
from offline_cache.wire import queue as wire_queue
from offline_cache.wire.catalog import ChangesPage
from offline_cache.wire.heartbeat import Heartbeat
from tests.fuzz import seeds, structured
from tests.fuzz.structured import Choices

TODAY = dt.date(2026, 1, 1)  # card dates are checked against a fixed day: runs repeat
_UCS2_SPACES = " ".encode("utf-16-le") * (card_text.TEXT_LEN // 2)


# ---- GA/T 467: frames and the card's text block -------------------------------------


def id_frames(data: bytes) -> None:
    """Bytes from the reader's port through the frame cutter, then every parser.

    Mode byte: bit 0 wraps the rest as a payload in a sound frame (so parsing gets past
    LEN and CHK); bits 1-7 say where the stream splits into two reads.
    """
    if not data:
        return
    mode, body = data[0], data[1:]
    stream = frames.encode(body) if mode & 1 else body
    reader = frames.FrameReader()
    cut = (mode >> 1) % (len(stream) + 1)
    got = reader.feed(stream[:cut]) + reader.feed(stream[cut:])
    assert sum(map(len, got)) + reader.skipped + reader.pending == len(stream), "bytes lost by the cutter"
    assert reader.wanted() >= 1
    for frame in got:
        assert frame.startswith(frames.PREAMBLE)
    for frame in got or [stream]:
        _id_frame(frame, mode)


def _id_frame(frame: bytes, mode: int) -> None:
    try:
        reply = frames.parse_reply(frame)
    except ProtocolError:
        pass
    else:
        assert frames.build_reply(reply.sw3, reply.data, sw1=reply.sw1, sw2=reply.sw2) == frame
        try:
            frames.raise_for_status(reply, ok=frames.SW_FOUND if mode & 4 else frames.SW_OK)
        except (IdReaderError, ProtocolError):
            pass
        fingerprint = bool(mode & 8)
        try:
            text, photo, fp = frames.parse_read_data(reply.data, with_fingerprint=fingerprint)
        except ProtocolError:
            pass
        else:
            assert frames.build_read_data(text, photo, fp if fingerprint else None) == reply.data
        sam_id = frames.format_sam_id(reply.data)
        if len(reply.data) == frames.SAM_ID_LEN:
            assert frames.build_sam_id(sam_id) == reply.data
    try:
        request = frames.parse_request(frame)
    except ProtocolError:
        return
    assert frames.build_request((request.cmd, request.para), request.data) == frame


def id_card_text(data: bytes) -> None:
    """The 256-byte text block of a read: parse, then it must encode back to the same card.

    Mode byte: bit 0 passes the bytes unpadded (wrong lengths), bit 1 enables the
    2023 foreigner layout; the bytes after the block are the photo.
    """
    if not data:
        return
    mode, block = data[0], data[1 : card_text.TEXT_LEN + 1]
    text = block if mode & 1 else block + _UCS2_SPACES[len(block) :]
    photo = data[card_text.TEXT_LEN + 1 :]
    allow_2023 = bool(mode & 2)
    try:
        card = card_text.parse_card_text(text, photo_wlt=photo, allow_foreign_2023=allow_2023, today=TODAY)
    except (CardDataError, UnknownCardTypeError):
        return
    again = card_text.parse_card_text(
        card_text.encode_card_text(card), photo_wlt=photo, allow_foreign_2023=allow_2023, today=TODAY
    )
    assert again == card, "the simulator's encoder does not give back the card the reader parsed"
    shown = repr(card)
    assert card.id_number not in shown or len(card.id_number) <= 8, "repr shows the ID number"
    card.full()


# ---- 社保卡 APDUs --------------------------------------------------------------------


def smartcard_apdu(data: bytes) -> None:
    """One APDU each way: response split, command parse (simulator side), records."""
    try:
        resp = apdu.parse_response(data)
    except CardProtocolError:
        assert len(data) < 2
    else:
        assert apdu.encode_response(resp.data, resp.sw) == data
        assert apdu.status_error(resp.sw, "fuzz").key.startswith("device.smartcard.")
    try:
        cmd = apdu.parse_command(data)
    except CardProtocolError:
        pass
    else:
        assert _encode_command(cmd) == data
    plan = apdu.DEFAULT_PLAN
    for spec in (plan.card_number, plan.ssn, plan.name):
        try:
            text = apdu.decode_text(apdu.parse_record(data, spec), spec)
        except CardProtocolError:
            continue
        assert text and text.isprintable()
        assert apdu.decode_text(apdu.parse_record(apdu.encode_record(spec, text), spec), spec) == text


def _encode_command(cmd: apdu.Command) -> bytes:
    out = bytes([cmd.cla, cmd.ins, cmd.p1, cmd.p2])
    if cmd.data:
        out += bytes([len(cmd.data)]) + cmd.data
    if cmd.le is not None:
        out += bytes([cmd.le & 0xFF])
    return out


_PIN_PLAN = apdu.ReadPlan(pin="888888", select_ef_p1=0x02)
_AWKWARD_SW = (
    0x9000,
    0x6100,
    0x6110,
    0x61FF,
    0x6C00,
    0x6C0B,
    0x6C14,
    0x6A82,
    0x6A83,
    0x6982,
    0x63C2,
    0x6983,
    0x6700,
    0x9001,
)


def smartcard_read(data: bytes) -> None:
    """The whole read sequence over a card whose answers the bytes steer.

    Mode byte: bit 0 uses the PIN plan; bit 1 takes the answers straight from the bytes
    (length-prefixed), else the virtual card answers and the bytes mutate its answers.
    """
    c = Choices(data)
    mode = c.byte()
    plan = _PIN_PLAN if mode & 1 else apdu.DEFAULT_PLAN
    card = CardFileSystem(c.pick(PEOPLE), plan)

    def transmit(command: bytes) -> bytes:
        if mode & 2:
            return bytes(c.byte() for _ in range(c.int_in(0, 40)))
        answer = bytearray(card.answer(command))
        op = c.int_in(0, 7)
        if op == 1 and answer:
            answer[c.int_in(0, len(answer) - 1)] = c.byte()
        elif op == 2:
            answer = answer[: c.int_in(0, len(answer))]
        elif op == 3:
            answer[-2:] = c.pick(_AWKWARD_SW).to_bytes(2, "big")
        elif op == 4:
            answer[:-2] += bytes(c.byte() for _ in range(c.int_in(0, 8)))
        return bytes(answer)

    try:
        got = apdu.read_sequence(transmit, plan)
    except (CardProtocolError, CardRefused) as err:
        assert err.key.startswith("device.smartcard.")
        return
    assert len(got.ssn) == 18 and got.name and got.card_number
    assert got.ssn not in repr(got), "repr shows the SSN"


# ---- ESC/POS ------------------------------------------------------------------------

_ENCODINGS = ("gb18030", "gbk", "utf-8")


def escpos(data: bytes) -> None:
    """A print job through the decoder, and in two arrivals through the tokenizer.

    Mode byte: bits 0-1 the encoding, bit 2 strict text; the rest says where to split.
    """
    if not data:
        return
    mode, job = data[0], data[1:]
    try:
        elements = escpos_decode.decode(job, _ENCODINGS[mode % 4 % 3], strict=bool(mode & 4))
    except ProtocolError as err:
        assert err.key == "device.printer.bad_job"
    else:
        for el in elements:
            if isinstance(el, escpos_decode.Raster) and el.width * el.height <= 1 << 16:
                assert el.image.size == ((el.width, el.height) if el.width and el.height else (1, 1))
    try:
        whole, consumed = escpos_decode.tokenize(job, final=False)
    except ProtocolError:
        return
    assert b"".join(t.raw for t in whole) == job[:consumed]
    # The simulator tokenizes what has arrived and keeps the unconsumed tail for later.
    cut = (mode >> 3) * len(job) // 32
    first, used = escpos_decode.tokenize(job[:cut], final=False)
    second, used2 = escpos_decode.tokenize(job[used:], final=False)
    assert used + used2 == consumed, "split arrival consumed a different amount"
    commands = [(t.kind, t.raw) for t in whole if t.kind != "text"]
    assert [(t.kind, t.raw) for t in first + second if t.kind != "text"] == commands


def printer_status(data: bytes) -> None:
    """``DLE EOT`` replies: any bytes read as a state (never an error), and a byte
    without the fixed bits never reads as ok or online."""
    paper, online = status.parse_paper(data), status.parse_online(data)
    assert isinstance(paper, status.PaperState)
    if not data or not status.is_status_byte(data[0]):
        assert paper is status.PaperState.UNKNOWN and online is None
    elif paper is not status.PaperState.UNKNOWN:
        assert status.parse_paper(status.paper_reply(paper)) is paper


def printer_url(data: bytes) -> None:
    """A printer URL from the configuration (``tcp://host:port``, ``usb://vid:pid``)."""
    url = data.decode("utf-8", "replace")
    try:
        host, port = parse_tcp_url(url)
    except PrinterDisconnected as err:
        assert err.key == "device.printer.bad_url"
    else:
        assert host and 0 < port < 65536
    try:
        vid, pid = parse_usb_url(url)
    except PrinterDisconnected as err:
        assert err.key == "device.printer.bad_url"
    else:
        assert 0 < vid <= 0xFFFF and 0 < pid <= 0xFFFF


# ---- Modbus RTU ---------------------------------------------------------------------


def rtu_frames(data: bytes) -> None:
    """One frame as the simulator (request) and as the client (response) sees it.

    Mode byte: bit 0 appends the right CRC to the rest, so parsing gets past it.
    """
    if not data:
        return
    mode, body = data[0], data[1:]
    frame = rtu.seal(body) if mode & 1 else body
    try:
        req = rtu.parse_request(frame)
    except ProtocolError:
        pass
    else:
        assert rtu.request_size(frame[:7]) == len(frame), "the simulator would cut this frame wrongly"
        again = _encode_request(req)
        assert again is None or again == frame
    if len(frame) < 2:
        return
    address, function = frame[0], frame[1] & 0x7F
    try:
        payload = rtu.parse_response(frame, address, function)
    except (ProtocolError, ModbusExceptionError):
        return
    assert rtu.response_size(frame[:3]) == len(frame), "the client would read this reply wrongly"
    if function in (rtu.READ_HOLDING, rtu.READ_INPUT) and payload[0] % 2 == 0:
        values = rtu.registers_of(payload, payload[0] // 2)
        assert rtu.read_response(address, function, values) == frame
    elif function == rtu.READ_COILS:
        coils = rtu.coils_of(payload, payload[0] * 8)
        assert rtu.read_response(address, function, [int(x) for x in coils]) == frame


def queue_bus_registers(data: bytes) -> None:
    """The LED display's text registers both ways.

    Mode byte: bit 0 reads the rest as register values (what a display holds), else as
    UTF-8 text the window sends.
    """
    if not data:
        return
    mode, body = data[0], data[1:]
    if mode & 1:
        values = [int.from_bytes(body[i : i + 2], "big") for i in range(0, len(body) - 1, 2)]
        text = registers.registers_to_text(values)
    else:
        text = body.decode("utf-8", "replace")
    try:
        regs = registers.text_to_registers(text)
    except BadValueError as err:  # TextTooLongError is one
        assert err.key.startswith("device.queue_bus.")
        return
    assert len(regs) == registers.TEXT_REGISTERS and all(0 <= r <= 0xFFFF for r in regs)
    assert registers.registers_to_text(regs) == text, "the display would show other text"


def _encode_request(req: rtu.Request) -> bytes | None:
    """The client's encoding of ``req``, or None when the client would refuse it."""
    try:
        if req.function in (rtu.READ_COILS, rtu.READ_HOLDING, rtu.READ_INPUT):
            return rtu.read_request(req.address, req.function, req.start, req.count)
        if req.function == rtu.WRITE_REGISTER:
            return rtu.write_register_request(req.address, req.start, req.values[0])
        if req.function == rtu.WRITE_COIL:
            return rtu.write_coil_request(req.address, req.start, bool(req.values[0]))
        return rtu.write_registers_request(req.address, req.start, list(req.values))
    except ValueError:
        return None


# ---- catalog importers --------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def _check_batch(batch: Batch) -> None:
    """What validate.py promises of a batch it passes: stripped strings without control
    characters, items with a code and a name, every department listed once."""
    assert isinstance(batch.catalog_version, int)
    for records in (batch.departments, batch.topics, batch.halls, batch.items, batch.bundles):
        for text in _strings(records):
            assert text == text.strip(), "an accepted string is not stripped"
            assert not _CONTROL.search(text), "an accepted string holds a control character"
    for item in batch.items:
        assert item["task_code"] and item["task_name"], "an accepted item without code or name"
        assert item["task_name"] == item["task_name"].strip()
    codes = [d["dept_code"] for d in batch.departments]
    assert len(codes) == len(set(codes)), "two departments with one code"
    assert {i["dept_code"] for i in batch.items} <= set(codes), "an item's department is missing"


def catalog_feed(data: bytes) -> None:
    """Feed bytes (mutated from the sample feed) through ``parse_feed``."""
    try:
        batch = parse_feed(data)
    except CatalogImportError as err:
        assert err.key.startswith("catalog.import.")
        return
    _check_batch(batch)


_FEED_SEED: Any = None
_GUANGAN_SEED: Any = None


def catalog_feed_tree(data: bytes) -> None:
    """The sample feed with one to four structured changes, through ``parse_feed``."""
    global _FEED_SEED
    if _FEED_SEED is None:
        _FEED_SEED = (seeds.feed(version=3), structured.all_keys(seeds.feed()))
    c = Choices(data)
    doc = structured.mutate_many(_FEED_SEED[0], c, _FEED_SEED[1])
    catalog_feed(structured.to_json(doc, ascii_only=c.flag()))


def guangan(data: bytes) -> None:
    """Directory bytes (mutated from a small directory) through ``parse_guangan``."""
    try:
        batch = parse_guangan(data)
    except CatalogImportError as err:
        assert err.key.startswith("catalog.import.")
        return
    _check_batch(batch)


def guangan_tree(data: bytes) -> None:
    """The small Guang'an directory with structured changes, through ``parse_guangan``."""
    global _GUANGAN_SEED
    if _GUANGAN_SEED is None:
        _GUANGAN_SEED = (seeds.GUANGAN_SMALL, structured.all_keys(seeds.GUANGAN_SMALL))
    c = Choices(data)
    doc = structured.mutate_many(_GUANGAN_SEED[0], c, _GUANGAN_SEED[1])
    guangan(structured.to_json(doc, ascii_only=c.flag()))


# ---- the sync protocol's messages (what the hub reads request bodies with) ----------

_WIRE = (
    wire_cases.CaseSubmission,
    wire_cases.StatusChange,
    wire_cases.CaseUpdate,
    Evaluation,
    Heartbeat,
    wire_queue.QueueService,
    wire_queue.Ticket,
    wire_queue.QueueCall,
    wire_queue.QueueSnapshot,
    wire_queue.QueueEvent,
    ChangesPage,
)


def wire_message(data: bytes) -> None:
    """A leading byte picks the message type, the rest is the JSON body: it parses into
    the type or raises WireError naming a field, and a parsed one round-trips."""
    if not data:
        return
    kind = _WIRE[data[0] % len(_WIRE)]
    try:
        doc = json.loads(data[1:].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return  # not JSON: the hub's framework answers 422 before any of this runs
    try:
        message = kind.from_dict(doc)
    except WireError as err:
        assert str(err), "a WireError without words"
        return
    if hasattr(message, "to_dict"):
        again = kind.from_dict(json.loads(json.dumps(message.to_dict())))
        assert again == message, f"{kind.__name__} does not round-trip"


_WIRE_SEED: Any = None


def wire_tree(data: bytes) -> None:
    """Valid messages with one to four structured changes."""
    global _WIRE_SEED
    if _WIRE_SEED is None:
        docs = [json.loads(s[1:]) for s in seeds.wire()]
        _WIRE_SEED = [(s[0], d, structured.all_keys(d)) for s, d in zip(seeds.wire(), docs, strict=True)]
    c = Choices(data)
    kind, doc, keys = c.pick(_WIRE_SEED)
    wire_message(bytes([kind]) + structured.to_json(structured.mutate_many(doc, c, keys), ascii_only=c.flag()))


# ---- configuration ------------------------------------------------------------------


def config(data: bytes) -> None:
    """A configuration file's bytes; a loaded one must dump and load back unchanged."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # load() refuses an undecodable file with its own ConfigError first
    try:
        settings = load_text(text, source="fuzz.toml")
    except ConfigError as err:
        assert err.one_line().startswith("configuration error: fuzz.toml: ")
        return
    again = load_text(to_toml(settings, hide_secrets=False), source="fuzz.toml")
    assert again == settings, "to_toml() does not give back the configuration it was given"


_CONFIG_SEEDS: Any = None


def config_tree(data: bytes) -> None:
    """A valid configuration (current or version 0) with structured changes."""
    global _CONFIG_SEEDS
    if _CONFIG_SEEDS is None:
        import tomllib

        docs = [tomllib.loads(seeds.GOOD_CONFIG), tomllib.loads(seeds.CONFIG_V0)]
        keys = sorted(
            {
                *structured.all_keys(docs),
                "devices",
                "config_version",
                "data_dir",
                "idle_timeout",
                "queue_bus",
                "camera",
                "smartcard",
                "hall",
                "hub",
            }
        )
        _CONFIG_SEEDS = (docs, keys)
    c = Choices(data)
    doc = structured.mutate_many(c.pick(_CONFIG_SEEDS[0]), c, _CONFIG_SEEDS[1])
    if not isinstance(doc, dict):
        doc = {"value": doc}
    config(structured.to_toml(doc, escape=c.flag()).encode("utf-8", "surrogatepass"))


# ---- the registry -------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A target as run.py and the bench run it.

    Attributes:
        name: what the command line calls it.
        one_input: the function above.
        seeds: where its starting inputs come from (plus ``corpus/<name>/`` files).
        max_len: longest input the fuzzer builds (frames are small, feeds bigger).
        share: relative share of the bench's inputs (slow importers get fewer).
    """

    name: str
    one_input: Callable[[bytes], None]
    seeds: Callable[[], list[bytes]]
    max_len: int
    share: float = 1.0


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("id_frames", id_frames, seeds.id_frames, max_len=2400, share=1.5),
        Target("id_card_text", id_card_text, seeds.id_card_text, max_len=600, share=1.5),
        Target("smartcard_apdu", smartcard_apdu, seeds.smartcard_apdu, max_len=300, share=1.5),
        Target("smartcard_read", smartcard_read, seeds.smartcard_read, max_len=400, share=1.0),
        Target("escpos", escpos, seeds.escpos, max_len=4096, share=1.5),
        Target("printer_status", printer_status, seeds.printer_status, max_len=8, share=0.3),
        Target("printer_url", printer_url, seeds.printer_url, max_len=64, share=0.3),
        Target("rtu", rtu_frames, seeds.rtu_frames, max_len=300, share=1.5),
        Target("queue_bus_registers", queue_bus_registers, seeds.queue_bus_registers, max_len=300, share=0.5),
        Target("catalog_feed", catalog_feed, seeds.catalog_feed, max_len=16384, share=0.6),
        Target("catalog_feed_tree", catalog_feed_tree, seeds.tree, max_len=256, share=0.6),
        Target("guangan", guangan, seeds.guangan, max_len=4096, share=0.8),
        Target("guangan_tree", guangan_tree, seeds.tree, max_len=256, share=0.8),
        Target("config", config, seeds.config, max_len=2048, share=1.0),
        Target("config_tree", config_tree, seeds.tree, max_len=256, share=1.0),
        Target("wire", wire_message, seeds.wire, max_len=2048, share=1.0),
        Target("wire_tree", wire_tree, seeds.tree, max_len=256, share=1.0),
    )
}
