"""Message texts. Core and driver errors carry keys; this turns a key into words.

Simplified Chinese first; English is the fallback and the second language. A key with
no text in either language shows as the key itself, so a gap is visible, not silent.
"""

from __future__ import annotations

from typing import Any

from ui.i18n import en, messages_en, messages_zh_CN, zh_CN

# Device/core/catalog messages first, so the screen texts win when a key is in both.
_TABLES = {"zh_CN": {**messages_zh_CN.MESSAGES, **zh_CN.TEXTS}, "en": {**messages_en.MESSAGES, **en.TEXTS}}
_language = "zh_CN"


def set_language(language: str) -> None:
    global _language
    if language not in _TABLES:
        raise ValueError(f"unknown language {language!r}")
    _language = language


def language() -> str:
    return _language


def tr(key: str, **data: Any) -> str:
    """The text for ``key`` in the current language, with ``{name}`` fields filled."""
    text = _TABLES[_language].get(key) or _TABLES["en"].get(key) or key
    try:
        return text.format(**data) if data else text
    except (KeyError, IndexError, ValueError):
        return text


def has(key: str) -> bool:
    """Whether the current language has its own text for ``key`` (no fallback)."""
    return key in _TABLES[_language]


def error_text(exc: BaseException) -> str:
    """A core or driver error in words: its message key and data (``DeviceError``,
    ``HubError``, ...); anything without a key reads as a generic device error."""
    return tr(getattr(exc, "key", "device.error"), **getattr(exc, "data", {}))
