"""Receipt printers (ESC/POS thermal printers, 58 and 80 mm).

A ``Receipt`` (``receipt.py``) is a list of blocks -- title, text, key-value rows, QR
code, barcode, separator, feed, cut -- rendered to ESC/POS bytes through python-escpos
(``escpos_render.py``) in Chinese mode with the printer's own encoding (GB18030 by
default), decoded back by a pure parser (``escpos_decode.py``) for tests, the simulator
and PNG previews (``png_render.py``). ``base.py`` is the interface the core uses;
``backends.py`` holds the network, serial, USB and file transports; ``fake.py`` an
in-memory printer for UI tests and the simple demo (HARDWARE.md section 3).
"""
