"""The ID card reader interface, the card it returns, and its errors.

Every SW3 status code of GA/T 467 (HARDWARE.md §1) has its own error class with a
message key ``device.id_reader.<what>``; ``frames.STATUS_ERRORS`` maps codes to them.
"""

from __future__ import annotations

import abc
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from common import masking
from drivers.device import Device
from drivers.errors import DeviceError, ProtocolError
from drivers.id_reader import photo

CardType = Literal["resident", "hkmt_permit", "foreign_permanent", "foreign_2023"]


# ---- errors: one per status code, plus bad card data -------------------------------


class IdReaderError(DeviceError):
    """The reader answered with a status other than success."""

    default_key = "device.id_reader.error"
    status: int | None = None


class NoCardError(IdReaderError):
    default_key = "device.id_reader.no_card"
    status = 0x80


class SelectFailedError(IdReaderError):
    default_key = "device.id_reader.select_failed"
    status = 0x81


class ReadFailedError(IdReaderError):
    default_key = "device.id_reader.read_failed"
    status = 0x41


class NoContentError(IdReaderError):
    default_key = "device.id_reader.no_content"
    status = 0x91


class ReaderChecksumError(IdReaderError):
    """The reader says OUR frame had a bad checksum (SW3 10)."""

    default_key = "device.id_reader.checksum_rejected"
    status = 0x10


class ReaderLengthError(IdReaderError):
    default_key = "device.id_reader.length_rejected"
    status = 0x11


class BadCommandError(IdReaderError):
    default_key = "device.id_reader.bad_command"
    status = 0x21


class NotAuthorisedError(IdReaderError):
    default_key = "device.id_reader.not_authorised"
    status = 0x23


class ReaderUnknownError(IdReaderError):
    default_key = "device.id_reader.unknown_error"
    status = 0x24


class MutualAuthError(IdReaderError):
    """SW3 31 or 32: card and SAM failed mutual authentication."""

    default_key = "device.id_reader.mutual_auth_failed"
    status = 0x31


class VerificationError(IdReaderError):
    default_key = "device.id_reader.verification_failed"
    status = 0x33


class UnknownCardTypeError(IdReaderError):
    default_key = "device.id_reader.unknown_card_type"
    status = 0x40


class KeyFailureError(IdReaderError):
    default_key = "device.id_reader.key_failure"
    status = 0x47


class SamSelfTestError(IdReaderError):
    default_key = "device.id_reader.sam_self_test_failed"
    status = 0x60


class SamNotAuthorisedError(IdReaderError):
    default_key = "device.id_reader.sam_not_authorised"
    status = 0x66


class CardDataError(ProtocolError):
    """The frame was sound but the card text is not a valid card (bad check char, date)."""

    default_key = "device.id_reader.bad_card_data"


# ---- the card ----------------------------------------------------------------------


@dataclass(frozen=True)
class IdentityCard:
    """What one card holds. Personal data: never log it; use :meth:`masked`.

    ``name`` is the Chinese name (for foreigner cards it may be empty, then see
    ``english_name``); ``id_number`` is the citizen number, the permit's number, or the
    foreigner's permanent-residence number. ``valid_to`` is None for 长期 (no expiry).
    """

    card_type: CardType
    name: str
    sex_code: str
    sex: str
    nation_code: str
    nation: str
    birth: dt.date
    address: str
    id_number: str
    authority: str
    valid_from: dt.date
    valid_to: dt.date | None
    pass_number: str = ""
    issue_count: str = ""
    english_name: str = ""
    nationality: str = ""
    photo_wlt: bytes = field(default=b"", repr=False)
    fingerprint: bytes = field(default=b"", repr=False)

    def masked(self) -> dict[str, Any]:
        """A display/log-safe view: name, number, pass number and address masked."""
        return {
            "card_type": self.card_type,
            "name": masking.mask_name(self.name),
            "english_name": masking.mask_name(self.english_name),
            "sex": self.sex,
            "nation": self.nation,
            "nationality": self.nationality,
            "birth_year": self.birth.year,
            "address": masking.mask_address(self.address),
            "id_number": masking.mask_id_number(self.id_number),
            "pass_number": masking.mask_document_number(self.pass_number),
            "authority": self.authority,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else "长期",
            "photo_bytes": len(self.photo_wlt),
            "fingerprint_bytes": len(self.fingerprint),
        }

    def full(self) -> dict[str, Any]:
        """Every field as JSON-friendly values (personal data in clear: screens only)."""
        return {
            "card_type": self.card_type,
            "name": self.name,
            "english_name": self.english_name,
            "sex_code": self.sex_code,
            "sex": self.sex,
            "nation_code": self.nation_code,
            "nation": self.nation,
            "nationality": self.nationality,
            "birth": self.birth.isoformat(),
            "address": self.address,
            "id_number": self.id_number,
            "pass_number": self.pass_number,
            "issue_count": self.issue_count,
            "authority": self.authority,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else "长期",
            "photo_bytes": len(self.photo_wlt),
            "fingerprint_bytes": len(self.fingerprint),
        }

    def __repr__(self) -> str:
        # The dataclass repr would print name and number in clear into any log line.
        m = self.masked()
        return (
            f"IdentityCard(card_type={self.card_type!r}, name={m['name'] or m['english_name']!r}, "
            f"id_number={m['id_number']!r}, valid_to={m['valid_to']!r})"
        )

    __str__ = __repr__


# ---- the interface -----------------------------------------------------------------


class IdCardReader(Device):
    """A reader of second-generation resident ID cards and the permits that share it.

    Thread: every method runs on the device's worker thread, never the GUI thread.
    """

    kind = "id_reader"

    def __init__(self, photo_decoder: str = "") -> None:
        self._photo_decoder_name = photo_decoder
        self._photo_decoder: photo.PhotoDecoder | None | bool = False  # False = not loaded yet

    @abc.abstractmethod
    def read_card(self, *, with_fingerprint: bool = False, timeout_s: float | None = None) -> IdentityCard:
        """Find, select and read the card on the reader.

        Args:
            with_fingerprint: also read the fingerprint templates (GA/T 467 ``30 10``).
            timeout_s: None = one attempt; otherwise keep looking for a card this long.

        Returns:
            The card, with the photo as opaque WLT bytes.

        Raises:
            NoCardError: no card on the reader (within ``timeout_s``).
            IdReaderError: the reader reported another status.
            CardDataError: the card text is not a valid card.
            DeviceUnavailable / DeviceTimeout / ProtocolError: link problems.

        Thread: device worker thread.
        """

    @abc.abstractmethod
    def sam_id(self) -> str:
        """The SAM module's id, printed like ``05.01-20101010-0012345678-1234567890``.

        Thread: device worker thread.
        """

    @abc.abstractmethod
    def additional_address(self) -> str | None:
        """The address endorsement (追加地址) of the selected card, or None when absent.

        Thread: device worker thread.
        """

    def photo_image(self, card: IdentityCard) -> bytes | None:
        """The card's photo as BMP/PNG via the configured plug-in, or None.

        None means "show ``device.id_reader.photo_unavailable``" (no decoder installed,
        or it failed); it never raises.

        Thread: device worker thread (decoders may be slow).
        """
        if self._photo_decoder is False:
            self._photo_decoder = photo.load_decoder(self._photo_decoder_name)
        decoder = self._photo_decoder if not isinstance(self._photo_decoder, bool) else None
        return photo.decode(decoder, card.photo_wlt)
