"""The card's 256-byte UCS-2LE text block <-> :class:`IdentityCard` (pure).

Layouts are byte ranges from HARDWARE.md §1 (inclusive ends). The card type is the
character at bytes 248-249: space = resident card, ``J`` = Hong Kong/Macao/Taiwan
residence permit, ``I`` = foreigner permanent residence card (2017), ``Y`` = foreigner
card (2023; its layout is *unverified*, so it is parsed only with
``allow_foreign_2023=True``).
"""

from __future__ import annotations

import datetime as dt

from drivers.id_reader import codes, idnumber
from drivers.id_reader.base import CardDataError, CardType, IdentityCard, UnknownCardTypeError

TEXT_LEN = 256
TYPE_SLOT = (248, 249)
LONG_TERM = "长期"

Layout = dict[str, tuple[int, int]]

RESIDENT: Layout = {
    "name": (0, 29),
    "sex": (30, 31),
    "nation": (32, 35),
    "birth": (36, 51),
    "address": (52, 121),
    "id_number": (122, 157),
    "authority": (158, 187),
    "valid_from": (188, 203),
    "valid_to": (204, 219),
}
HKMT: Layout = {**RESIDENT, "pass_number": (220, 237), "issue_count": (238, 241)}
FOREIGN_2017: Layout = {
    "english_name": (0, 119),
    "sex": (120, 121),
    "id_number": (122, 151),
    "nationality": (152, 157),
    "name": (158, 187),
    "valid_from": (188, 203),
    "valid_to": (204, 219),
    "birth": (220, 235),
    "card_version": (236, 239),
    "authority": (240, 247),
}
# *Unverified* (HARDWARE.md §1): the 2023 card carries an 18-digit number (GB 11643
# check). Kept behind a flag and in one table so it can be corrected from a real card.
FOREIGN_2023: Layout = {
    "english_name": (0, 119),
    "sex": (120, 121),
    "id_number": (122, 157),
    "name": (158, 187),
    "valid_from": (188, 203),
    "valid_to": (204, 219),
    "birth": (220, 235),
    "nationality": (236, 241),
    "card_version": (242, 245),
}

TYPE_CHARS: dict[str, CardType] = {" ": "resident", "J": "hkmt_permit", "I": "foreign_permanent", "Y": "foreign_2023"}
LAYOUTS: dict[CardType, Layout] = {
    "resident": RESIDENT,
    "hkmt_permit": HKMT,
    "foreign_permanent": FOREIGN_2017,
    "foreign_2023": FOREIGN_2023,
}
_TYPE_OF: dict[CardType, str] = {v: k for k, v in TYPE_CHARS.items()}


def card_type_of(text: bytes) -> str:
    """The raw type character at bytes 248-249 (``" "``, ``"J"``, ``"I"``, ``"Y"``, ...)."""
    return _field(text, TYPE_SLOT) or " "


def parse_card_text(
    text: bytes,
    *,
    photo_wlt: bytes = b"",
    fingerprint: bytes = b"",
    allow_foreign_2023: bool = False,
    today: dt.date | None = None,
) -> IdentityCard:
    """Parse and validate a text block.

    Args:
        text: the 256 bytes from the read reply.
        photo_wlt: the photo bytes, kept opaque.
        fingerprint: fingerprint templates, if read.
        allow_foreign_2023: accept ``Y`` cards (layout unverified).
        today: the date to check birth dates against (tests).

    Raises:
        UnknownCardTypeError: a type character we do not read (or ``Y`` without the flag).
        CardDataError: wrong length, undecodable text, bad check character, impossible
            dates, unknown sex or nation code. ``data["field"]`` names the field.
    """
    if len(text) != TEXT_LEN:
        raise CardDataError(field="text", size=len(text))
    char = card_type_of(text)
    card_type = TYPE_CHARS.get(char)
    if card_type is None:
        raise UnknownCardTypeError(type=char)
    if card_type == "foreign_2023" and not allow_foreign_2023:
        raise UnknownCardTypeError("device.id_reader.card_type_not_enabled", type=char)
    f = {name: _field(text, span) for name, span in LAYOUTS[card_type].items()}
    today = today or dt.date.today()

    sex_code = f["sex"]
    if sex_code not in codes.SEX:
        raise CardDataError(field="sex")
    birth = _date(f["birth"], "birth")
    if birth > today:
        raise CardDataError(field="birth")
    valid_from = _date(f["valid_from"], "valid_from")
    valid_to = None if f["valid_to"] == LONG_TERM else _date(f["valid_to"], "valid_to")
    if valid_to is not None and valid_to <= valid_from:
        raise CardDataError(field="valid_to")

    number = idnumber.normalize(f["id_number"])
    nation_code, nation = "", ""
    if card_type in ("resident", "hkmt_permit", "foreign_2023"):
        if not idnumber.is_valid(number, today=today):
            raise CardDataError(field="id_number")
        if card_type != "foreign_2023" and idnumber.birth_date(number) != birth:
            raise CardDataError(field="birth")
    elif not (len(number) == 15 and number.isascii() and number.isalnum()):
        raise CardDataError(field="id_number")
    if card_type == "resident":
        nation_code = f["nation"]
        nation = codes.nation_name(nation_code)
        if not nation:
            raise CardDataError(field="nation")
    if not (f["name"] or f.get("english_name")):
        raise CardDataError(field="name")

    return IdentityCard(
        card_type=card_type,
        name=f["name"],
        sex_code=sex_code,
        sex=codes.sex_name(sex_code),
        nation_code=nation_code,
        nation=nation,
        birth=birth,
        address=f.get("address", ""),
        id_number=number,
        authority=f.get("authority", ""),
        valid_from=valid_from,
        valid_to=valid_to,
        pass_number=f.get("pass_number", ""),
        issue_count=f.get("issue_count", ""),
        english_name=f.get("english_name", ""),
        nationality=f.get("nationality", ""),
        photo_wlt=bytes(photo_wlt),
        fingerprint=bytes(fingerprint),
    )


def encode_card_text(card: IdentityCard) -> bytes:
    """The 256-byte text block a card with these fields carries (for simulators).

    Raises:
        ValueError: a field does not fit its slot.
    """
    values = {
        "name": card.name,
        "sex": card.sex_code,
        "nation": card.nation_code,
        "birth": _digits(card.birth),
        "address": card.address,
        "id_number": card.id_number,
        "authority": card.authority,
        "valid_from": _digits(card.valid_from),
        "valid_to": _digits(card.valid_to) if card.valid_to else LONG_TERM,
        "pass_number": card.pass_number,
        "issue_count": card.issue_count,
        "english_name": card.english_name,
        "nationality": card.nationality,
        "card_version": "01" if card.card_type == "foreign_permanent" else "",
    }
    out = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))
    for name, (start, end) in LAYOUTS[card.card_type].items():
        raw = values.get(name, "").encode("utf-16-le")
        if len(raw) > end - start + 1:
            raise ValueError(f"{name} does not fit in {end - start + 1} bytes")
        out[start : start + len(raw)] = raw
    out[TYPE_SLOT[0] : TYPE_SLOT[1] + 1] = _TYPE_OF[card.card_type].encode("utf-16-le")
    return bytes(out)


def _digits(day: dt.date) -> str:
    """``YYYYMMDD`` always 8 digits: glibc's ``strftime("%Y")`` writes year 999 as ``999``,
    which the card's 8-digit field (and :func:`_date`) would not read back (found by
    tests/fuzz id_card_text)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _field(text: bytes, span: tuple[int, int]) -> str:
    start, end = span
    try:
        value = text[start : end + 1].decode("utf-16-le")
    except UnicodeDecodeError:
        raise CardDataError(field="text", offset=start) from None
    # Cards pad with spaces; some readers pad with NULs.
    return value.replace("\x00", " ").strip()


def _date(value: str, name: str) -> dt.date:
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        raise CardDataError(field=name)
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise CardDataError(field=name) from None
