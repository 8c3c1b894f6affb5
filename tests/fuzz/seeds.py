"""Seed inputs per target, built from the golden data the unit tests already use.

Each function returns bytes laid out the way its target reads them (most targets take a
leading mode byte). Files under ``tests/fuzz/corpus/<target>/`` are added too: inputs a
run once found, kept so every later run starts from them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from drivers.id_reader import frames
from drivers.id_reader.card_text import encode_card_text
from drivers.id_reader.samples import DEMO_CARDS, DUMMY_WLT
from drivers.printer import escpos_render
from drivers.printer.receipt import Receipt
from drivers.printer.testpage import test_receipt
from drivers.queue_bus import registers, rtu
from drivers.sim.social_card_sim import PEOPLE, CardFileSystem
from drivers.smartcard import apdu
from tests.unit.offline_cache.catalog_feed import feed

CORPUS = Path(__file__).resolve().parent / "corpus"

# As in tests/unit/kiosk/test_config.py and tests/unit/offline_cache/test_catalog_fuzz.py
# (copied: importing test modules from here would load them twice under pytest).
GOOD_CONFIG = """
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

GUANGAN_SMALL = [
    {
        "department": "区公安分局",
        "items": [
            {
                "main_item": "未分类",
                "sub_items": [
                    {
                        "name": "户口迁移审批",
                        "qrcode": "",
                        "link": "http://x/y?areaCode=511602000000&itemCode=A-1&taskType=1&deptCode=D1",
                    },
                    {
                        "name": "居住证办理",
                        "qrcode": "",
                        "link": "http://x/y?areaCode=511602000000&itemCode=A-2&taskType=20&deptCode=D1",
                    },
                ],
            }
        ],
    },
    {
        "department": "区民政局",
        "items": [
            {
                "main_item": "婚姻登记",
                "sub_items": [
                    {
                        "name": "内地居民结婚登记",
                        "qrcode": "",
                        "link": "http://x/y?areaCode=511602000000&itemCode=B-1&taskType=1&deptCode=D2_6861",
                    }
                ],
            }
        ],
    },
]

CONFIG_V0 = """
idle_timeout = 120
role = "kiosk"

[printer]
backend = "network"
url = "tcp://127.0.0.1:9100"
encoding = "gb18030"
"""


def from_files(target: str) -> list[bytes]:
    """The kept inputs of ``target`` (regressions found earlier)."""
    folder = CORPUS / target
    return [p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()] if folder.is_dir() else []


def id_frames() -> list[bytes]:
    read = frames.build_reply(0x90, frames.build_read_data(encode_card_text(DEMO_CARDS[0]), DUMMY_WLT))
    with_fp = frames.build_reply(0x90, frames.build_read_data(encode_card_text(DEMO_CARDS[3]), DUMMY_WLT, bytes(512)))
    out = [bytes([0]) + frames.build_request(cmd) for cmd in frames.REPLY_SIZE]
    out += [
        bytes([0]) + bytes.fromhex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97"),
        bytes([0x10]) + read,
        bytes([0x28]) + with_fp,
        bytes([0]) + frames.build_reply(0x90, frames.build_sam_id("05.01-20101010-0012345678-1234567890")),
        bytes([0]) + b"\x00\xaa\xaa" + frames.build_reply(0x80) + frames.build_reply(0x9F, bytes(4)),
        bytes([1, 0, 0, 0x90]) + frames.build_read_data(encode_card_text(DEMO_CARDS[4]), DUMMY_WLT),
    ]
    return out


def id_card_text() -> list[bytes]:
    return [bytes([flags]) + encode_card_text(card) for flags in (0, 2) for card in DEMO_CARDS]


def smartcard_apdu() -> list[bytes]:
    card = CardFileSystem(PEOPLE[0])
    commands = [
        apdu.select_by_name(apdu.DDF_NAME),
        apdu.select_file(0xEF05),
        apdu.read_record(7, 11),
        apdu.select_file(0xEF06),
        apdu.read_record(1, 20),
        apdu.read_record(2, 32),
        apdu.verify_pin("888888"),
        apdu.get_response(0x10),
    ]
    return commands + [card.answer(c) for c in commands]


def smartcard_read() -> list[bytes]:
    # Mode 0: the virtual card answers, steered by the rest; mode 2: the bytes are the answers.
    card = CardFileSystem(PEOPLE[1])
    answers = b"".join(
        bytes([len(a)]) + a
        for a in (
            card.answer(apdu.select_by_name(apdu.DDF_NAME)),
            card.answer(apdu.select_file(0xEF05)),
            card.answer(apdu.read_record(7, 11)),
        )
    )
    return [bytes([0]) + bytes(16), bytes([1, 0, 1, 0, 3]) + bytes(8), bytes([2]) + answers, bytes([3]) + answers]


def escpos() -> list[bytes]:
    now = dt.datetime(2026, 1, 2, 9, 30)
    out = []
    for n, encoding in enumerate(["gb18030", "gbk", "utf-8"]):
        job = escpos_render.render(test_receipt(now), encoding=encoding, paper_width_mm=58 if n == 1 else 80)
        out.append(bytes([n | 4]) + job)
    small = Receipt.builder().title("受理回执").kv("金额：", "¥12.50").barcode("A001").feed(2).cut(partial=True).build()
    out.append(bytes([4]) + escpos_render.render(small))
    # A raster (GS v 0) kept small: a whole receipt's raster QR is 6 KB and slows every run.
    out.append(bytes([4]) + escpos_render.render(Receipt.builder().qr("A1", module=2).build(), native_qr=False))
    return out


def printer_status() -> list[bytes]:
    return [bytes([b]) for b in (0x12, 0x1E, 0x72, 0x7E, 0x16, 0x1E, 0x00, 0xFF)]


def printer_url() -> list[bytes]:
    return [
        b"tcp://192.0.2.10:9100",
        b"192.0.2.10:9100",
        b"printer.local",
        b"socket://[::1]:9100",
        b"usb://04b8:0202",
        b"04b8:0e15",
    ]


def queue_bus_registers() -> list[bytes]:
    regs = registers.text_to_registers("请A001号到3号窗口办理")
    return [b"\x00" + "请A001号到3号窗口".encode(), b"\x01" + b"".join(r.to_bytes(2, "big") for r in regs)]


def rtu_frames() -> list[bytes]:
    requests = [
        rtu.read_request(1, rtu.READ_HOLDING, 0, 10),
        rtu.read_request(0x11, rtu.READ_COILS, 0x13, 19),
        rtu.write_register_request(1, 1, 3),
        rtu.write_coil_request(0x11, 0xAC, True),
        rtu.write_registers_request(0x11, 1, [0x000A, 0x0102]),
        rtu.read_request(2, rtu.READ_INPUT, 0, 2),
    ]
    replies = [
        rtu.read_response(1, rtu.READ_HOLDING, [1, 2, 3]),
        rtu.read_response(0x11, rtu.READ_COILS, [1, 0, 1] * 7),
        rtu.exception_response(2, rtu.READ_INPUT, 2),
        rtu.write_response(rtu.parse_request(requests[4])),
    ]
    return [bytes([0]) + f for f in requests + replies] + [bytes([1]) + f[:-2] for f in requests + replies]


def catalog_feed() -> list[bytes]:
    small = feed(version=7)
    small["items"] = small["items"][:3]
    small["bundles"] = []
    return [
        json.dumps(feed(), ensure_ascii=False).encode(),
        json.dumps(small, ensure_ascii=False).encode(),
        json.dumps(small).encode(),
    ]


def guangan() -> list[bytes]:
    return [json.dumps(GUANGAN_SMALL, ensure_ascii=False).encode(), json.dumps(GUANGAN_SMALL).encode()]


def config() -> list[bytes]:
    escaped = GOOD_CONFIG.replace('token = "s3cret"', 'token = "s3\\u00e9cr\\tet"')
    return [GOOD_CONFIG.encode(), CONFIG_V0.encode(), b'role = "display"\n', escaped.encode()]


_WIRE_DOCS: list[tuple[int, dict]] = [  # (index into targets._WIRE, a valid message)
    (
        0,
        {"task_code": "T1", "terminal_id": "k", "hall_code": "H", "area_code": "", "applicant": {}, "values": {"n": 1}},
    ),
    (1, {"status": "accepted", "note": "材料齐全"}),
    (2, {"record_id": "r1", "case_number": "N1", "status": "accepted", "at": 1.5}),
    (
        3,
        {
            "id": "e1",
            "satisfaction": 2,
            "evalDetail": ["101"],
            "assessTime": "2026-12-02T10:00:00+08:00",
            "hallCode": "DEMO-HALL",
            "windowNo": 3,
            "workNo": "S1001",
        },
    ),
    (
        4,
        {
            "sent_at": 1,
            "health": {"printer": "ok", "cam": {"state": "degraded", "key": "x"}},
            "outbox": {"waiting": 2, "dead": 0},
        },
    ),
]


def wire() -> list[bytes]:
    """Valid sync messages, each behind the byte that picks its type."""
    return [bytes([kind]) + json.dumps(doc, ensure_ascii=False).encode() for kind, doc in _WIRE_DOCS]


def tree(count: int = 6) -> list[bytes]:
    """For structured targets: a few short choice strings (the seed document is fixed)."""
    return [bytes([n * 37 % 256] * (n + 1)) for n in range(count)]
