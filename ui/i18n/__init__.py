"""Message texts. Core and driver errors carry keys; this turns a key into words.

Simplified Chinese first; English is the fallback and the second language. A key with
no text in either language shows as the key itself, so a gap is visible, not silent.
"""

from __future__ import annotations

import importlib
from typing import Any

from common.errors import KeyedError

LANGUAGES = ("zh_CN", "en")


class _Tables(dict):
    """A language's table, read from its modules the first time it is asked for: a
    Chinese first screen does not wait for the English texts (bench/startup.py)."""

    def __missing__(self, language: str) -> dict[str, str]:
        if language not in LANGUAGES:
            raise KeyError(language)
        messages = importlib.import_module(f"ui.i18n.messages_{language}").MESSAGES
        texts = importlib.import_module(f"ui.i18n.{language}").TEXTS
        # Device/core/catalog messages first, so the screen texts win when a key is in both.
        table = self[language] = {**messages, **texts}
        return table


_TABLES = _Tables()
_language = "zh_CN"


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
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
    if isinstance(exc, KeyedError):
        return tr(exc.key, **exc.data)
    return tr("device.error")
