"""Resident ID card readers (居民身份证阅读机具) speaking the GA/T 467 SAM_A serial protocol.

``frames`` builds and parses the wire frames, ``card_text`` turns the card's UCS-2 text
block into an :class:`~drivers.id_reader.base.IdentityCard` (resident cards, Hong Kong /
Macao / Taiwan residence permits, foreigner permanent residence cards), ``idnumber``
checks GB 11643 numbers, ``codes`` maps sex and nation codes to names, ``photo`` holds
the WLT photo-decoder plug-in seam. Backends: ``serial_backend`` (any
``serial_for_url`` URL), ``sdk_backend`` (a ctypes seam for vendor SDKs) and ``fake``.
"""
