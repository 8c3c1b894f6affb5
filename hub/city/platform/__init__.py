"""The government platform, seen from the city hub: one module per adapter.

- ``base``: the adapter interface (:class:`PlatformAdapter`) and what it answers.
- ``messages``: the documented message format (docs/city.md) built from the city's rows.
- ``https_json``: the generic HTTPS JSON adapter.
- ``seal``: SM3 signatures and SM4 body encryption for it (``--platform-seal``).
- ``outbox``: the city's durable outbox to the platform and the task that drains it.
"""

from __future__ import annotations

from hub.city.platform.base import PlatformAdapter


def make_adapter(
    url: str, *, timeout_s: float = 5.0, seal: str = "off", key_file: str | None = None
) -> PlatformAdapter:
    """The adapter for ``--platform URL``: ``http(s)://`` is the generic HTTPS JSON one,
    sealed as ``--platform-seal`` says (``off``, ``sign``, ``sign+encrypt``) with the keys
    in ``key_file``.

    Raises:
        CityError: an unknown scheme or seal mode, no key file, no SM3/SM4 here.
        common.seal_key.SealKeyError: the key file is unreadable, exposed or malformed.
    """
    from hub.city.errors import CityError
    from hub.city.platform.seal import sealer_for

    if not url.startswith(("http://", "https://")):
        raise CityError("city.platform.unknown", f"--platform {url[:80]!r}: give an http:// or https:// URL", 2)
    from hub.city.platform.https_json import HttpsJsonAdapter

    return HttpsJsonAdapter(url, timeout_s=timeout_s, sealer=sealer_for(seal, key_file))
