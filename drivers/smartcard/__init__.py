"""Social security card (社保卡) readers over PC/SC.

``base.py`` holds the interface (:class:`SocialSecurityCardReader`), the card record
and the kind's errors; ``apdu.py`` is the pure codec (command APDUs, status words, the
TLV-ish records and the read sequence); ``pcsc_backend.py`` talks to pcscd through
pyscard; ``fake.py`` is the in-memory stand-in for UI tests and the simple demo.
"""
