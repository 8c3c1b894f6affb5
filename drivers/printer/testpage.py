"""The test receipt ``kiosk devices print-test`` prints: it exercises what goes wrong
on Chinese printers -- Han text, full-width punctuation (the colon "："), the yen/yuan
sign "¥", alignment, sizes, a QR code and a barcode."""

from __future__ import annotations

import datetime as dt

from drivers.printer.receipt import Receipt

TEST_QR_PAYLOAD = "https://zwfw.example.gov.cn/receipt?id=TEST-0001&msg=打印测试"


def test_receipt(now: dt.datetime) -> Receipt:
    """A receipt with Chinese text, a full-width colon, a ¥ amount and a QR code.

    Args:
        now: the time printed on it (passed in so tests are repeatable).
    """
    return (
        Receipt.builder()
        .title("打印测试")
        .text("政务服务中心 自助终端", align="center")
        .separator("=")
        .kv("时间：", now.strftime("%Y-%m-%d %H:%M:%S"))
        .kv("事项：", "居住证签注")
        .kv("金额：", "¥12.50")
        .kv("窗口：", "3号窗口")
        .separator()
        .text("中文、全角标点（，。：；！？）与 ASCII abc 123 混排。")
        .text("大字 BIG", size=2, bold=True, align="center")
        .text("右对齐 right", align="right")
        .qr(TEST_QR_PAYLOAD)
        .text("扫码查看办理进度", align="center")
        .barcode("TEST-0001")
        .separator()
        .text("如看到本页文字清晰、二维码可扫，打印机工作正常。")
        .feed(1)
        .cut()
        .build()
    )
