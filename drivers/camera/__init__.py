"""Cameras through OpenCV (headless): the lobby camera that reads QR codes and barcodes
(e-ID, e-licence and appointment codes) and the document camera (高拍仪) that captures
a flat, straightened A4 page. ``base.py`` is the interface, ``codes.py`` and
``document.py`` are the pure image work, ``scanner.py`` the decoding worker thread,
``opencv_backend.py`` the VideoCapture backend and ``fake.py`` the in-memory stand-in.
"""
