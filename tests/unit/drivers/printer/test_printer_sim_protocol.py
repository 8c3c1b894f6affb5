"""The simulator's byte side: jobs survive any chunking, status answered only at
command boundaries, garbage never raises."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.printer import escpos_render as er
from drivers.printer.receipt import Receipt
from drivers.printer.status import QUERY_PAPER, QUERY_PRINTER
from drivers.sim.printer_sim import PrinterProtocol

JOB = er.render(Receipt.builder().title("回执").qr("A1").barcode("5116022026").cut().build(), native_qr=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 400), max_size=30), st.sampled_from(["ok", "near_end", "out"]))
def test_any_chunking_gives_the_same_job_and_replies(cuts, paper):
    stream = QUERY_PRINTER + QUERY_PAPER + JOB + QUERY_PRINTER
    proto = PrinterProtocol(paper)
    replies, i = b"", 0
    for n in cuts + [len(stream)]:
        replies += proto.feed(stream[i : i + n])
        i += n
    proto.close()
    assert proto.completed == [JOB]  # queries are not part of the job
    expected_paper = {"ok": 0x12, "near_end": 0x1E, "out": 0x72}[paper]
    online = 0x1E if paper == "out" else 0x16
    assert replies == bytes([online, expected_paper, online])


def test_muted_printer_answers_nothing():
    proto = PrinterProtocol()
    proto.answers_status = False
    assert proto.feed(QUERY_PRINTER + QUERY_PAPER) == b""


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=64), max_size=8))
def test_garbage_never_raises(chunks):
    proto = PrinterProtocol()
    replies = b""
    for c in chunks:
        replies += proto.feed(c)
    proto.close()
    # Every byte is either part of a job or of a 3-byte query that got a 1-byte answer.
    assert len(b"".join(proto.completed)) == len(b"".join(chunks)) - 3 * len(replies)
