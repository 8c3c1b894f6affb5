"""Receipt model and ESC/POS rendering: golden bytes, Chinese mode, widths, QR choice."""

from __future__ import annotations

import pytest

from drivers.printer import escpos_render as er
from drivers.printer.escpos_decode import QrCode, Raster, decode
from drivers.printer.receipt import Barcode, Qr, Receipt, ReceiptError, Text

# A small receipt on 58 mm (32 columns), GB18030, native QR: every byte explained.
GOLDEN_58 = bytes.fromhex(
    "1b40"  # ESC @          initialise
    "1c26"  # FS &           Chinese mode on (HARDWARE.md section 3)
    "1d2111 1b4501 1b6101"  # GS ! 2x2, ESC E bold, ESC a centre
    "bbd8d6b4 0a"  # 回执 (GB18030) LF
    "1d2100 1b4500 1b6100"  # back to size 1, not bold, left
    "bdf0b6eea3ba"  # 金额： (full-width colon A3BA, not "?")
    + "20"
    * 23  # 32 cols - 6 - 3
    + "81308436 31 0a"  # ¥ as GB18030 four bytes, "1", LF
    "1b6101"  # centre the QR
    "1d286b0400314132 00"  # GS ( k: model 2
    "1d286b0300314306"  # module 6 dots
    "1d286b0300314531"  # error correction M
    "1d286b050031503041 31"  # store "A1"
    "1d286b0300315130"  # print it
    "1b6401 1b6100"  # feed 1, left
    "1b6406 1d5600"  # feed 6, full cut
)


def small_receipt() -> Receipt:
    return Receipt.builder().title("回执").kv("金额：", "¥1").qr("A1").cut().build()


def test_small_receipt_matches_golden_bytes():
    assert er.render(small_receipt(), paper_width_mm=58) == GOLDEN_58


def test_text_goes_out_raw_in_the_configured_encoding():
    r = Receipt.builder().text("办理：￥5，完成").build()
    for enc in ("gb18030", "gbk", "utf-8"):
        data = er.render(r, encoding=enc)
        assert "办理：￥5，完成".encode(enc) + b"\n" in data
        assert data.count(er.CHINESE_MODE_ON) == 1
        assert b"?" not in data


def test_yen_sign_folds_to_fullwidth_where_gbk_lacks_it():
    data = er.render(Receipt.builder().text("¥9").build(), encoding="gbk")
    assert "￥9".encode("gbk") in data


def test_unencodable_text_is_a_typed_error_before_any_byte():
    with pytest.raises(ReceiptError) as err:
        er.render(Receipt.builder().text("办好了😀").build(), encoding="gbk")
    assert err.value.key == "device.printer.bad_receipt"
    assert err.value.data["reason"] == "unencodable"


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Text("a\x1bb"),
        lambda: Text("x", size=9),
        lambda: Text("x", align="middle"),
        lambda: Qr(""),
        lambda: Qr("x" * 1001),
        lambda: Barcode("中文"),
        lambda: Barcode(""),
        lambda: Receipt(("not a block",)),  # type: ignore[arg-type]
    ],
)
def test_bad_blocks_raise_receipt_error(bad):
    with pytest.raises(ReceiptError) as err:
        bad()
    assert err.value.key == "device.printer.bad_receipt"


def test_columns_count_cjk_as_two():
    assert er.columns_for(58) == 32 and er.columns_for(80) == 48
    assert er.text_columns("号A：") == 5
    assert er.wrap("一二三四五", 4) == ["一二", "三四", "五"]
    assert er.wrap("ab\n\ncd", 10) == ["ab", "", "cd"]


def test_kv_rows_fill_the_line_or_fall_back_to_two_lines():
    (row,) = er.kv_lines("事项", "居住证", 32)
    assert er.text_columns(row) == 32 and row.startswith("事项") and row.endswith("居住证")
    rows = er.kv_lines("办理事项名称", "很长的值" * 4, 16)
    assert rows[0] == "办理事项名称"
    assert all(er.text_columns(x) == 16 for x in rows[1:])
    assert "".join(x.strip() for x in rows[1:]) == "很长的值" * 4


def test_native_qr_when_profile_supports_it_else_raster():
    r = Receipt.builder().qr("https://example.gov.cn/x").build()
    native = decode(er.render(r, native_qr=True))
    raster = decode(er.render(r, native_qr=False))
    no_qr_profile = decode(er.render(r, profile="NT-5890K", native_qr=True))
    assert [e.payload for e in native if isinstance(e, QrCode)] == ["https://example.gov.cn/x"]
    assert any(isinstance(e, Raster) for e in raster) and not any(isinstance(e, QrCode) for e in raster)
    assert any(isinstance(e, Raster) for e in no_qr_profile)


def test_unknown_profile_and_width_are_typed_errors():
    with pytest.raises(ReceiptError):
        er.render(small_receipt(), profile="no-such-printer")
    with pytest.raises(ReceiptError):
        er.render(small_receipt(), paper_width_mm=76)
    with pytest.raises(ReceiptError):
        er.render(small_receipt(), encoding="big5")


def test_barcode_too_wide_for_58mm_is_refused():
    with pytest.raises(ReceiptError) as err:
        er.render(Receipt.builder().barcode("A" * 30).build(), paper_width_mm=58)
    assert err.value.data["reason"] == "too_wide"


def test_rendering_prints_nothing_to_stdout(capsys):
    er.render(Receipt.builder().barcode("A001").qr("x").build(), native_qr=False)
    er.render(Receipt.builder().barcode("A001").build(), profile="NT-5890K")
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    "data, code, modules",
    [
        ("A001", "{BA001", 79),
        ("1234", "{C\x0c\x22", 57),  # two digits per symbol character
        ("12345", "{C\x0c\x22{B5", 79),  # even digit run in C, the rest in B
        ("{x}", "{B{{x}", 68),  # a literal "{" is sent as "{{"
    ],
)
def test_code128_data_golden(data, code, modules):
    assert er.code128_data(data) == (code, modules)


def test_long_case_number_barcode_fits_58mm_thanks_to_code_set_c():
    data = er.render(Receipt.builder().barcode("5116022026112600123").build(), paper_width_mm=58)
    assert b"\x1dkI\x0e{C" in data  # GS k 73, 14 bytes: {C + 9 pairs + {B + 1 digit


def test_wrap_keeps_a_date_or_number_whole_when_it_fits():
    """Finding 11: a 容缺 date was printed as "2 / 026-12-14"."""
    assert er.wrap("请于 2026-12-14 前补交", 12) == ["请于 ", "2026-12-14 ", "前补交"]
    assert er.wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]  # longer than a line: still split
    assert "".join(er.wrap("材料A12：请于 2026-12-14 前补交", 10)) == "材料A12：请于 2026-12-14 前补交"
