"""社保卡 through pyscard and the PC/SC service (pcscd on Linux, WinSCard on Windows).

Uses pyscard's thin ``smartcard.scard`` layer so every PC/SC return code maps to one
of the kind's typed errors. The context is made lazily and dropped after any service
error, so a restarted pcscd is picked up on the next call (automatic recovery).
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from typing import Any

from drivers.errors import DeviceError
from drivers.health import Health
from drivers.smartcard.apdu import DEFAULT_PLAN, ReadPlan, read_sequence, read_timeout_s
from drivers.smartcard.base import (
    CardProtocolError,
    CardRemoved,
    CardTimeout,
    Change,
    NoCard,
    ReaderUnavailable,
    SmartcardError,
    SocialSecurityCard,
    SocialSecurityCardReader,
)

_PCSCD_SOCKET = "/run/pcscd/pcscd.comm"
# After a failed transmit, how long to wait for the reader to report the removal:
# vpcd and CCID readers poll card presence every few hundred ms.
_REMOVAL_GRACE_MS = 600


def _scard() -> Any:
    from smartcard import scard  # imported here: the kiosk must start without pyscard

    return scard


class PcscSocialSecurityCardReader(SocialSecurityCardReader):
    """Reads 社保卡 in the first PC/SC reader whose name contains ``reader``.

    Args:
        reader: substring of the reader name (e.g. ``"Virtual PCD 00 00"``); ``""``
            takes the first reader pcscd lists.
    """

    plan: ReadPlan = DEFAULT_PLAN  # subclass to change the (partly unverified) layout

    def __init__(self, reader: str = "") -> None:
        self.reader = reader
        self._ctx: Any = None
        self._lock = threading.RLock()
        self._last_present: bool | None = None
        self._closes = 0  # bumped by close(): a running wait_for_change gives up
        self._stuck: threading.Thread | None = None  # a read still waiting on a mute card

    @classmethod
    def is_usable(cls) -> bool:
        """pyscard imports and a PC/SC service exists here (running or not).

        Whether pcscd runs *now* is the probe's business: a stopped service must give
        an offline health that recovers, not a device that can never be built.
        """
        try:
            _scard()
        except ImportError:
            return False
        return (
            sys.platform == "win32"
            or shutil.which("pcscd") is not None
            or os.path.exists(_PCSCD_SOCKET)
            or os.path.exists("/usr/sbin/pcscd")
        )

    # ---- context and reader ----

    def _context(self) -> Any:
        if self._ctx is None:
            sc = _scard()
            hr, ctx = sc.SCardEstablishContext(sc.SCARD_SCOPE_USER)
            if hr != sc.SCARD_S_SUCCESS:
                raise ReaderUnavailable("device.smartcard.service_down", code=f"{hr & 0xFFFFFFFF:08X}")
            self._ctx = ctx
        return self._ctx

    def _drop_context(self) -> None:
        ctx, self._ctx = self._ctx, None
        if ctx is not None:
            try:
                _scard().SCardReleaseContext(ctx)
            except Exception:
                pass

    def _fail(self, hr: int, where: str) -> DeviceError:
        """The typed error for PC/SC code ``hr``; drops the context if the service went."""
        sc = _scard()
        code = f"{hr & 0xFFFFFFFF:08X}"
        # F_COMM_ERROR: the socket to pcscd broke (pcscd killed or restarting).
        service = (sc.SCARD_E_NO_SERVICE, sc.SCARD_E_SERVICE_STOPPED, sc.SCARD_E_INVALID_HANDLE, sc.SCARD_F_COMM_ERROR)
        if hr in service or hr in (
            sc.SCARD_E_NO_READERS_AVAILABLE,
            sc.SCARD_E_UNKNOWN_READER,
            sc.SCARD_E_READER_UNAVAILABLE,
        ):
            self._drop_context()
            key = "device.smartcard.service_down" if hr in service else "device.smartcard.no_reader"
            return ReaderUnavailable(key, code=code, where=where)
        if hr in (sc.SCARD_E_NO_SMARTCARD, sc.SCARD_W_REMOVED_CARD):
            return NoCard(code=code) if where == "connect" else CardRemoved(code=code)
        if hr == sc.SCARD_W_RESET_CARD:
            return CardRemoved(code=code)
        if hr in (sc.SCARD_W_UNRESPONSIVE_CARD, sc.SCARD_W_UNPOWERED_CARD, sc.SCARD_E_PROTO_MISMATCH):
            return CardProtocolError("device.smartcard.card_mute", code=code)
        self._drop_context()  # unknown trouble: start from a fresh context next time
        return SmartcardError("device.smartcard.pcsc_error", code=code, where=where)

    def _reader_name(self) -> str:
        sc = _scard()
        hr, names = sc.SCardListReaders(self._context(), [])
        if hr != sc.SCARD_S_SUCCESS:
            raise self._fail(hr, "list_readers")
        for name in names:
            if self.reader in name:
                return name
        raise ReaderUnavailable("device.smartcard.no_reader", wanted=self.reader)

    def _status(self, name: str, timeout_ms: int, current: int) -> int | None:
        """The reader's event state, or None when nothing changed within the timeout."""
        sc = _scard()
        hr, states = sc.SCardGetStatusChange(self._context(), timeout_ms, [(name, current)])
        if hr in (sc.SCARD_E_TIMEOUT, sc.SCARD_E_CANCELLED):
            return None
        if hr != sc.SCARD_S_SUCCESS:
            raise self._fail(hr, "status")
        state = states[0][1]
        if state & (sc.SCARD_STATE_UNKNOWN | sc.SCARD_STATE_UNAVAILABLE):
            raise ReaderUnavailable("device.smartcard.no_reader", wanted=self.reader)
        return state

    def _present(self, state: int) -> bool:
        sc = _scard()
        return bool(state & sc.SCARD_STATE_PRESENT) and not state & sc.SCARD_STATE_MUTE

    # ---- the interface ----

    def card_present(self) -> bool:
        """Whether a card sits in the reader now.

        Thread: device worker thread.
        """
        with self._lock:
            state = self._status(self._reader_name(), 0, _scard().SCARD_STATE_UNAWARE)
            return state is not None and self._present(state)

    def wait_for_change(self, timeout_s: float) -> Change | None:
        """Block until a card goes in or out, or ``timeout_s`` passes.

        A change that happened since the previous call is reported at once.

        Thread: device worker thread; ``close()`` from another thread cuts it short.
        """
        sc = _scard()
        with self._lock:
            name = self._reader_name()
            state = self._status(name, 0, sc.SCARD_STATE_UNAWARE) or 0
        present = self._present(state)
        if self._last_present is not None and present != self._last_present:
            self._last_present = present
            return "inserted" if present else "removed"
        self._last_present = present
        deadline = time.monotonic() + max(0.0, timeout_s)
        closes = self._closes
        while closes == self._closes:
            # Wait in slices so a replaced context or a close() never leaves us stuck.
            slice_ms = int(min(0.5, deadline - time.monotonic()) * 1000)
            if slice_ms < 0:
                break
            with self._lock:
                new = self._status(name, slice_ms, state & ~sc.SCARD_STATE_CHANGED)
            if new is None:
                continue
            state = new
            now = self._present(new)
            if now != present:
                self._last_present = now
                return "inserted" if now else "removed"
        return None

    def read_card(self) -> SocialSecurityCard:
        """Connect, run the 社保卡 read sequence, disconnect, within a deadline.

        PC/SC has no per-call timeout and vpcd waits for a mute card for ever, so the
        transaction runs in a helper thread on its own PC/SC context and the caller
        gets :class:`CardTimeout` after ``apdu.read_timeout_s`` (wire time at the ISO
        default 9600 bit/s plus card time). Until that transaction ends, reads say
        ``no_answer`` at once; it ends when the card answers or leaves, and the
        reader recovers by itself.

        Thread: device worker thread.
        """
        if self._stuck is not None and self._stuck.is_alive():
            raise CardTimeout(busy=True)
        with self._lock:
            name = self._reader_name()
        timeout_s = read_timeout_s(self.plan)
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["card"] = self._transaction(name)
            except BaseException as exc:
                box["error"] = exc

        helper = threading.Thread(target=run, name="pcsc-read", daemon=True)
        helper.start()
        helper.join(timeout_s)
        if helper.is_alive():
            self._stuck = helper
            raise CardTimeout(timeout_s=round(timeout_s, 2))
        if "error" in box:
            raise box["error"]
        return box["card"]

    def _transaction(self, name: str) -> SocialSecurityCard:
        sc = _scard()
        hr, ctx = sc.SCardEstablishContext(sc.SCARD_SCOPE_USER)
        if hr != sc.SCARD_S_SUCCESS:
            raise ReaderUnavailable("device.smartcard.service_down", code=f"{hr & 0xFFFFFFFF:08X}")
        try:
            hr, hcard, proto = sc.SCardConnect(
                ctx, name, sc.SCARD_SHARE_SHARED, sc.SCARD_PROTOCOL_T0 | sc.SCARD_PROTOCOL_T1
            )
            if hr != sc.SCARD_S_SUCCESS:
                raise self._fail(hr, "connect")
            self._last_present = True  # seen: a removal from now on is an event
            pci = sc.SCARD_PCI_T0 if proto == sc.SCARD_PROTOCOL_T0 else sc.SCARD_PCI_T1

            def transmit(apdu: bytes) -> bytes:
                hr, resp = sc.SCardTransmit(hcard, pci, list(apdu))
                if hr != sc.SCARD_S_SUCCESS:
                    raise self._transmit_error(hr, name)
                if len(resp) < 2 and self._card_left(name):
                    # vpcd (and some readers) hand back an empty answer when the card
                    # goes mid-command instead of an error code.
                    raise CardRemoved(step=apdu[1:2].hex())
                return bytes(resp)

            try:
                return read_sequence(transmit, self.plan)
            finally:
                try:
                    sc.SCardDisconnect(hcard, sc.SCARD_LEAVE_CARD)
                except Exception:
                    pass
        finally:
            try:
                sc.SCardReleaseContext(ctx)
            except Exception:
                pass

    def _transmit_error(self, hr: int, name: str) -> DeviceError:
        err = self._fail(hr, "transmit")
        if type(err) is SmartcardError:
            # A generic transport failure (NOT_TRANSACTED, COMM_DATA_LOST): if the card
            # left the slot, say so; that is what the citizen did.
            try:
                if self._card_left(name):
                    return CardRemoved(code=err.data["code"])
            except DeviceError as again:
                return again
        return err

    def _card_left(self, name: str) -> bool:
        """Whether the card is gone, allowing the reader its presence-poll delay."""
        sc = _scard()
        state = self._status(name, 0, sc.SCARD_STATE_UNAWARE)
        if state is not None and self._present(state):
            state = self._status(name, _REMOVAL_GRACE_MS, state & ~sc.SCARD_STATE_CHANGED)
        return state is not None and not self._present(state)

    def probe(self) -> Health:
        """PC/SC service up and the reader listed; says whether a card is in.

        Thread: any worker thread; returns within ~1 s and never raises.
        """
        if self._stuck is not None and self._stuck.is_alive():
            return Health.offline("device.smartcard.no_answer")
        try:
            with self._lock:
                name = self._reader_name()
                state = self._status(name, 0, _scard().SCARD_STATE_UNAWARE)
            return Health.ok(
                "device.smartcard.ready", reader=name, card_present=state is not None and self._present(state)
            )
        except DeviceError as exc:
            return Health.offline(exc.key, **exc.data)
        except ImportError:
            return Health.offline("device.smartcard.no_library")
        except Exception as exc:
            return Health.offline("device.smartcard.error", reason=type(exc).__name__)

    def close(self) -> None:
        """Cancel a blocking wait and release the PC/SC context; safe to call twice.

        Thread: any thread.
        """
        self._closes += 1
        ctx = self._ctx
        if ctx is not None:
            try:
                _scard().SCardCancel(ctx)
            except Exception:
                pass
        with self._lock:
            self._drop_context()
