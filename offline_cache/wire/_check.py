"""Small field checkers shared by the message types (each raises WireError)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, overload

from offline_cache.wire.errors import WireError

_MISSING = object()


def mapping(value: Any, where: str = "") -> Mapping[str, Any]:
    """``value`` as a mapping, or WireError."""
    if not isinstance(value, Mapping):
        raise WireError(where, "not an object")
    return value


def get(d: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> Any:
    """``d[key]``; a missing key is an error unless ``optional`` (then None)."""
    value = d.get(key, _MISSING)
    if value is _MISSING:
        if optional:
            return None
        raise WireError(_path(where, key), "missing")
    return value


@overload
def text(
    d: Mapping[str, Any],
    key: str,
    where: str = "",
    *,
    optional: Literal[False] = False,
    max_len: int = 1000,
    allow_empty: bool = False,
) -> str: ...
@overload
def text(
    d: Mapping[str, Any],
    key: str,
    where: str = "",
    *,
    optional: Literal[True],
    max_len: int = 1000,
    allow_empty: bool = False,
) -> str | None: ...
def text(
    d: Mapping[str, Any],
    key: str,
    where: str = "",
    *,
    optional: bool = False,
    max_len: int = 1000,
    allow_empty: bool = False,
) -> str | None:
    """A string field (None allowed when ``optional``)."""
    value = get(d, key, where, optional=optional)
    if value is None:
        if optional:
            return None
        raise WireError(_path(where, key), "missing")
    if not isinstance(value, str):
        raise WireError(_path(where, key), "not a string")
    if not value and not allow_empty:
        raise WireError(_path(where, key), "empty")
    if len(value) > max_len:
        raise WireError(_path(where, key), f"longer than {max_len} characters")
    return value


@overload
def integer(
    d: Mapping[str, Any],
    key: str,
    where: str = "",
    *,
    optional: Literal[False] = False,
    low: int | None = None,
    high: int | None = None,
) -> int: ...
@overload
def integer(
    d: Mapping[str, Any],
    key: str,
    where: str = "",
    *,
    optional: Literal[True],
    low: int | None = None,
    high: int | None = None,
) -> int | None: ...
def integer(
    d: Mapping[str, Any],
    key: str,
    where: str = "",
    *,
    optional: bool = False,
    low: int | None = None,
    high: int | None = None,
) -> int | None:
    """An integer field (bool is not an integer here), optionally within [low, high]."""
    value = get(d, key, where, optional=optional)
    if value is None:
        if optional:
            return None
        raise WireError(_path(where, key), "missing")
    if isinstance(value, bool) or not isinstance(value, int):
        raise WireError(_path(where, key), "not an integer")
    if low is not None and value < low:
        raise WireError(_path(where, key), f"less than {low}")
    if high is not None and value > high:
        raise WireError(_path(where, key), f"more than {high}")
    return value


def boolean(d: Mapping[str, Any], key: str, where: str = "") -> bool:
    """A true/false field."""
    value = get(d, key, where)
    if not isinstance(value, bool):
        raise WireError(_path(where, key), "not true or false")
    return value


@overload
def choice(
    d: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str = "", *, optional: Literal[False] = False
) -> str: ...
@overload
def choice(
    d: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str = "", *, optional: Literal[True]
) -> str | None: ...
def choice(
    d: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str = "", *, optional: bool = False
) -> str | None:
    """A string field that must be one of ``allowed``."""
    value = text(d, key, where, optional=True) if optional else text(d, key, where)
    if value is not None and value not in allowed:
        raise WireError(_path(where, key), "not one of " + ", ".join(allowed))
    return value


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
