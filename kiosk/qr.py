"""QR codes as a matrix of modules, for screens to draw (the printer renders its own).

The ``qrcode`` package (already in the lock through python-escpos) makes the matrix; the
screen turns it into an image, so no driver module is ever imported by a screen.
"""

from __future__ import annotations


def qr_matrix(text: str, *, border: int = 2) -> list[list[bool]]:
    """Rows of dark (True) / light modules for ``text``, quiet zone included.

    Raises:
        ValueError: the text is empty or too long for a QR code.
    """
    import qrcode
    from qrcode.exceptions import DataOverflowError

    if not text:
        raise ValueError("a QR code needs some text")
    code = qrcode.QRCode(version=None, border=border, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text.encode("utf-8"))
    try:
        code.make(fit=True)
    except DataOverflowError:
        raise ValueError(f"text of {len(text)} characters is too long for a QR code") from None
    return [[bool(m) for m in row] for row in code.get_matrix()]
