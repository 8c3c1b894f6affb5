"""The social security card reader interface, its card record and its errors."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Literal

from common.masking import mask_card_number, mask_id_number, mask_name
from drivers.device import Device
from drivers.errors import DeviceError, DeviceTimeout, DeviceUnavailable, ProtocolError

Change = Literal["inserted", "removed"]


@dataclass(frozen=True)
class SocialSecurityCard:
    """What the kiosk reads from a 社保卡 without a PSAM.

    Attributes:
        card_number: 社会保障卡卡号 (EF05, 9 characters).
        ssn: 社会保障号码 (EF06, the holder's 18-character citizen ID number).
        name: the holder's name (EF06, GBK on the card).
    """

    card_number: str
    ssn: str
    name: str

    def masked(self) -> dict[str, str]:
        """The fields as they may appear on screens, receipts and logs."""
        return {
            "card_number": mask_card_number(self.card_number),
            "ssn": mask_id_number(self.ssn),
            "name": mask_name(self.name),
        }

    def __repr__(self) -> str:
        # Never let a stray log line or traceback carry the holder's data unmasked.
        m = self.masked()
        return f"SocialSecurityCard(card_number={m['card_number']!r}, ssn={m['ssn']!r}, name={m['name']!r})"

    __str__ = __repr__


class SmartcardError(DeviceError):
    """Something went wrong with the card or the reader."""

    default_key = "device.smartcard.error"


class NoCard(SmartcardError):
    """No card in the reader when one was needed."""

    default_key = "device.smartcard.no_card"


class CardRemoved(SmartcardError):
    """The card left the reader during the read (or was reset by someone else)."""

    default_key = "device.smartcard.card_removed"


class CardRefused(SmartcardError):
    """The card answered a command with an error status word (data: ``sw``, ``step``).

    Keys: ``device.smartcard.not_social_card`` (the 社保 DDF is missing),
    ``device.smartcard.file_not_found``, ``device.smartcard.record_not_found``,
    ``device.smartcard.pin_required``, ``device.smartcard.card_blocked``,
    ``device.smartcard.card_refused`` (any other status word).
    """

    default_key = "device.smartcard.card_refused"


class CardProtocolError(ProtocolError):
    """The card's answer does not have the expected shape (short, bad TLV, bad text)."""

    default_key = "device.smartcard.bad_response"


class CardTimeout(DeviceTimeout):
    """The card (or the reader) stopped answering within the read's deadline."""

    default_key = "device.smartcard.no_answer"


class ReaderUnavailable(DeviceUnavailable):
    """pcscd is not running, or no reader matches the configured name."""

    default_key = "device.smartcard.no_reader"


class SocialSecurityCardReader(Device):
    """A PC/SC slot that reads 社保卡.

    Thread: every method runs on the device's worker thread, one call at a time.
    """

    kind = "smartcard"

    @abc.abstractmethod
    def read_card(self) -> SocialSecurityCard:
        """Read card number, social security number and name from the inserted card.

        Thread: device worker thread.

        Raises:
            NoCard: the reader is empty.
            CardRemoved: the card was pulled during the read.
            CardRefused: the card refused a step (not a 社保卡, record missing, PIN).
            CardProtocolError: the card's answer is malformed.
            CardTimeout: the card stopped answering.
            ReaderUnavailable: pcscd or the reader is gone.
        """

    @abc.abstractmethod
    def wait_for_change(self, timeout_s: float) -> Change | None:
        """Block until a card is inserted or removed, or ``timeout_s`` passes.

        Thread: device worker thread (it blocks for up to ``timeout_s``).

        Returns:
            ``"inserted"``, ``"removed"``, or None when nothing changed in time.

        Raises:
            ReaderUnavailable: pcscd or the reader is gone.
        """

    @abc.abstractmethod
    def card_present(self) -> bool:
        """Whether a card sits in the reader now.

        Thread: device worker thread.

        Raises:
            ReaderUnavailable: pcscd or the reader is gone.
        """
