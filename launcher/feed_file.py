"""Read a catalog feed file ``kiosk hub catalog publish`` was given, safely: a path that
is ``/dev/zero`` (MemoryError), a FIFO (hangs), a folder or a huge file is refused in
one line (the bytes are read as the import reads them: ``offline_cache.catalog.feed``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class FeedFileError(ValueError):
    """The feed file cannot be read as JSON; the message is one line with its key."""


def read_feed(path: Path) -> Any:
    """The JSON document in ``path`` (UTF-8, a byte-order mark allowed).

    Raises:
        FeedFileError: not a regular file, too large, unreadable, not UTF-8 JSON, or
            nested too deeply.
    """
    from offline_cache.catalog.errors import CatalogImportError
    from offline_cache.catalog.feed import read_file

    try:
        data = read_file(path)
    except CatalogImportError as exc:
        what = "too_large" if exc.key == "catalog.import.too_large" else "unreadable"
        why = exc.data.get("error") or "over 512 MiB"
        raise FeedFileError(f"catalog.publish.{what}: {path}: {why}") from None
    try:
        return json.loads(data.decode("utf-8-sig"))
    except RecursionError:
        raise FeedFileError(f"catalog.publish.bad_json: {path}: nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise FeedFileError(f"catalog.publish.bad_json: {path}: {str(exc).splitlines()[0][:200]}") from None
