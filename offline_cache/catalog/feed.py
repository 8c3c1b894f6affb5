"""Importer for the project's own catalog feed (``docs/catalog-feed.md``)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from offline_cache.catalog.errors import CatalogImportError
from offline_cache.catalog.validate import Batch, check_batch

MAX_BYTES = 512 * 1024 * 1024


def read_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES.

    ``/dev/zero`` (its size says 0, it never ends: MemoryError) and a FIFO (no writer:
    the read hangs) are refused; the file is opened non-blocking and checked with fstat.

    Raises:
        CatalogImportError: ``catalog.import.unreadable`` or ``catalog.import.too_large``.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a device, pipe or socket"
                raise CatalogImportError("catalog.import.unreadable", str(path), error=f"not a regular file ({kind})")
            if st.st_size > MAX_BYTES:
                raise CatalogImportError("catalog.import.too_large", str(path), limit=MAX_BYTES)
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CatalogImportError("catalog.import.unreadable", str(path), error=exc.strerror or str(exc)) from None
    if len(data) > MAX_BYTES:
        raise CatalogImportError("catalog.import.too_large", str(path), limit=MAX_BYTES)
    return data


def read_json(data: bytes | str | Path) -> Any:
    """Decode JSON from bytes, text or a file path.

    Raises:
        CatalogImportError: unreadable file, not UTF-8, or not JSON (with line/column).
    """
    if isinstance(data, Path):
        data = read_file(data)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CatalogImportError("catalog.import.bad_encoding", "", "", position=exc.start) from None
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise CatalogImportError(
            "catalog.import.bad_json", "", "", line=exc.lineno, column=exc.colno, problem=exc.msg
        ) from None
    except RecursionError:
        raise CatalogImportError("catalog.import.bad_json", "", "", problem="nested too deeply") from None
    except ValueError as exc:  # a number with more digits than int() converts (4300)
        raise CatalogImportError(
            "catalog.import.bad_json", "", "", problem=f"number too long ({str(exc).split(':')[0][:80]})"
        ) from None


def parse_feed(data: bytes | str | Path) -> Batch:
    """Read and check a whole feed document.

    Raises:
        CatalogImportError: the first problem, naming the record and the field.
    """
    return check_batch(read_json(data))
