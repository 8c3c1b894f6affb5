"""The government platform, seen from the city hub: one module per adapter.

- ``base``: the adapter interface (:class:`PlatformAdapter`) and what it answers.
- ``messages``: the documented message format (docs/city.md) built from the city's rows.
- ``https_json``: the generic HTTPS JSON adapter.
- ``outbox``: the city's durable outbox to the platform and the task that drains it.
"""

from __future__ import annotations

from hub.city.platform.base import PlatformAdapter


def make_adapter(url: str, *, timeout_s: float = 5.0) -> PlatformAdapter:
    """The adapter for ``--platform URL``: ``http(s)://`` is the generic HTTPS JSON one."""
    from hub.city.errors import CityError

    if url.startswith(("http://", "https://")):
        from hub.city.platform.https_json import HttpsJsonAdapter

        return HttpsJsonAdapter(url, timeout_s=timeout_s)
    raise CityError("city.platform.unknown", f"--platform {url[:80]!r}: give an http:// or https:// URL", 2)
