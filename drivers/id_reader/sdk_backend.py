"""The seam for readers that speak only through the vendor's SDK (a ctypes wrapper).

Many USB readers expose no serial protocol; their vendors ship ``sdtapi.dll`` /
``libsdtapi.so`` with the common SDT entry points (HARDWARE.md §1)::

    int SDT_StartFindIDCard(int port, unsigned char *mana_info, int if_open);  // 0x9F
    int SDT_SelectIDCard(int port, unsigned char *mana_msg, int if_open);      // 0x90
    int SDT_ReadBaseMsg(int port, unsigned char *text, unsigned int *text_len,
                        unsigned char *photo, unsigned int *photo_len, int if_open);

They return the same SW3 status codes as GA/T 467, so errors map through
``frames.STATUS_ERRORS`` and the text goes through ``card_text`` unchanged.

How a vendor plugs in: install the library, then configure::

    [devices.id_reader]
    backend = "vendor_sdk"
    library = "/opt/vendor/lib/libsdtapi.so"   # or a name ctypes.util.find_library knows

If the library needs a different port number (USB readers are 1001-1016, serial
1-16) or extra entry points, subclass :class:`VendorSdkIdCardReader` and override
:meth:`_call_read`. Without the library the backend says ``is_usable() == False`` and
every call raises ``DeviceUnavailable("device.id_reader.sdk_missing")``; it is never
present on CI machines.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from typing import Any

from drivers.errors import DeviceUnavailable, ProtocolError
from drivers.health import Health
from drivers.id_reader import frames
from drivers.id_reader.base import IdCardReader, IdentityCard, IdReaderError
from drivers.id_reader.card_text import parse_card_text

DEFAULT_LIBRARY_NAMES = ("sdtapi", "termb")
USB_PORT = 1001
REQUIRED_SYMBOLS = ("SDT_StartFindIDCard", "SDT_SelectIDCard", "SDT_ReadBaseMsg")


def find_library(library_path: str = "") -> str | None:
    """The library file to load: the configured path, else a default name ctypes finds."""
    if library_path:
        return library_path
    for name in DEFAULT_LIBRARY_NAMES:
        found = ctypes.util.find_library(name)
        if found:
            return found
    return None


class VendorSdkIdCardReader(IdCardReader):
    """ID card reader through a vendor SDK loaded with ctypes.

    Args:
        library_path: path or name of the SDK library ("" = look for ``sdtapi``/``termb``).
        photo_decoder: optional WLT decoder plug-in (see ``photo``).
        library: the configuration option's name for ``library_path``.
        port: the SDK's port number (USB readers: 1001).
    """

    def __init__(
        self, library_path: str = "", photo_decoder: str = "", *, library: str = "", port: int = USB_PORT
    ) -> None:
        super().__init__(photo_decoder)
        self.library_path = library or library_path
        self.port = port
        self._lib: Any = None
        self._lock = threading.Lock()

    @classmethod
    def is_usable(cls) -> bool:
        """True when a default SDK library is installed (never on CI)."""
        return find_library() is not None

    def available(self) -> bool:
        """True when this instance's library loads and has the SDT entry points."""
        try:
            self._load()
        except DeviceUnavailable:
            return False
        return True

    def read_card(self, *, with_fingerprint: bool = False, timeout_s: float | None = None) -> IdentityCard:
        """Find, select, read through the SDK. Fingerprints need the vendor's FP call.

        Thread: device worker thread.
        """
        with self._lock:
            lib = self._load()
            mana = ctypes.create_string_buffer(8)
            self._check(lib.SDT_StartFindIDCard(self.port, mana, 1), ok=frames.SW_FOUND)
            self._check(lib.SDT_SelectIDCard(self.port, mana, 1))
            text, photo = self._call_read(lib)
        return parse_card_text(text, photo_wlt=photo)

    def sam_id(self) -> str:
        """The SAM id via ``SDT_GetSAMIDToStr`` when the SDK has it. Thread: worker."""
        with self._lock:
            lib = self._load()
            fn = getattr(lib, "SDT_GetSAMIDToStr", None)
            if fn is None:
                raise DeviceUnavailable("device.id_reader.sdk_no_function", function="SDT_GetSAMIDToStr")
            buf = ctypes.create_string_buffer(64)
            self._check(fn(self.port, buf, 1))
            return buf.value.decode("ascii", "replace")

    def additional_address(self) -> str | None:
        """Not offered by the common SDT entry points: always None. Thread: worker."""
        return None

    def probe(self) -> Health:
        """Offline with ``device.id_reader.sdk_missing`` when the library is absent."""
        try:
            self._load()
        except DeviceUnavailable as exc:
            return Health.offline(exc.key, **exc.data)
        return Health.ok(backend="vendor_sdk")

    # ---- seam for vendors ----
    def _call_read(self, lib: Any) -> tuple[bytes, bytes]:
        """Call ``SDT_ReadBaseMsg``; override for SDKs with other signatures."""
        text = ctypes.create_string_buffer(frames.TEXT_LEN)
        photo = ctypes.create_string_buffer(frames.PHOTO_LEN)
        text_len, photo_len = ctypes.c_uint(0), ctypes.c_uint(0)
        self._check(lib.SDT_ReadBaseMsg(self.port, text, ctypes.byref(text_len), photo, ctypes.byref(photo_len), 1))
        if text_len.value != frames.TEXT_LEN or photo_len.value > frames.PHOTO_LEN:
            raise ProtocolError("device.id_reader.bad_read_lengths", lengths=[text_len.value, photo_len.value])
        return text.raw[: text_len.value], photo.raw[: photo_len.value]

    def _load(self) -> Any:
        if self._lib is not None:
            return self._lib
        path = find_library(self.library_path)
        if path is None:
            raise DeviceUnavailable("device.id_reader.sdk_missing")
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            raise DeviceUnavailable("device.id_reader.sdk_missing", library=path) from None
        missing = [s for s in REQUIRED_SYMBOLS if not hasattr(lib, s)]
        if missing:
            raise DeviceUnavailable("device.id_reader.sdk_no_function", function=missing[0])
        self._lib = lib
        return lib

    @staticmethod
    def _check(code: int, ok: int = frames.SW_OK) -> None:
        if code != ok:
            error = frames.STATUS_ERRORS.get(code)
            if error is None:
                raise IdReaderError("device.id_reader.sdk_error", code=code)
            raise error(status=f"{code:02X}")
