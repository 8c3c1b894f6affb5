"""Message texts. Core and driver errors carry keys; this turns a key into words.

The words are translator data, not code: ``ui/i18n/texts/<code>.json`` per language with
``<code>.meta.json`` beside it and ``context.json`` saying where each key shows
(docs/languages.md). Simplified Chinese first; English the second language and the last
fallback. A folder named by ``HALL_KIOSK_LANGUAGES`` (or given to ``add_folder``) adds
languages, or overrides one, without a code change. A key with no text in any language of
the chain shows as the key itself, so a gap is visible, not silent.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from common import texts
from common.errors import KeyedError
from common.texts import Meta, Text

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
FOLDER_ENV = "HALL_KIOSK_LANGUAGES"
FIRST = ("zh_CN", "en")
# A language whose meta names no fallback falls back to Simplified Chinese, then English.
DEFAULT_FALLBACK = {"fallback": ["zh_CN", "en"]}

_folders: list[Path] = []
_files: dict[str, Path] = {}
LANGUAGES: tuple[str, ...] = ()
log = logging.getLogger(__name__)


class _Tables(dict):
    """A language's table, read from its file the first time it is asked for: a Chinese
    first screen does not wait for the English texts (bench/startup.py)."""

    def __missing__(self, language: str) -> dict[str, Text]:
        if language not in _files:
            raise KeyError(language)
        table = self[language] = texts.load_texts(_files[language])
        return table


class _Metas(dict):
    def __missing__(self, language: str) -> Meta:
        if language not in _files:
            raise KeyError(language)
        meta = self[language] = texts.load_meta(_files[language], DEFAULT_FALLBACK)
        return meta


_TABLES = _Tables()
_METAS = _Metas()
_language = "zh_CN"


def folders() -> list[Path]:
    """The folders the languages are read from, the shipped one first."""
    return list(_folders)


def set_folders(new: list[Path]) -> tuple[str, ...]:
    """Read the languages from ``new`` (a later folder's file wins); the tables are read
    again at next use. Returns the languages now offered."""
    global _files, LANGUAGES
    _folders[:] = [Path(f) for f in new]
    _TABLES.clear()
    _METAS.clear()
    _files = texts.languages(_folders, FIRST)
    for code, path in list(_files.items()):
        if path.parent != TEXTS_DIR:
            _check(code, path)
    LANGUAGES = tuple(_files)
    return LANGUAGES


def _check(code: str, path: Path) -> None:
    """A hall's own file read now (they are small): a broken one is logged and left out
    (the shipped file of that code, if any, stays), so a bad file cannot stop a citizen's
    tap on the language button."""
    try:
        _TABLES[code] = texts.load_texts(path)
        _METAS[code] = texts.load_meta(path, DEFAULT_FALLBACK)
    except texts.TextsError as exc:
        log.warning("language_file_refused", extra={"fields": {"key": exc.key, **exc.data}})
        _TABLES.pop(code, None)
        shipped = TEXTS_DIR / path.name
        if shipped.exists():
            _files[code] = shipped
        else:
            del _files[code]


set_folders([TEXTS_DIR, *([Path(os.environ[FOLDER_ENV])] if os.environ.get(FOLDER_ENV) else [])])


def add_folder(folder: str | Path) -> tuple[str, ...]:
    """Languages from one more folder of ``<code>.json`` files (a hall's own, a test's);
    its files win over the shipped ones. Returns the languages now offered."""
    return set_folders([*_folders, Path(folder)])


def set_language(language: str) -> None:
    global _language
    if language not in _files:
        raise ValueError(f"unknown language {language!r}")
    _language = language


def language() -> str:
    return _language


def next_language() -> str:
    """The language the language button switches to: the next one offered, in a circle."""
    offered = list(_files)
    return offered[(offered.index(_language) + 1) % len(offered)] if _language in offered else offered[0]


def native_name(language: str) -> str:
    """A language's name in itself (中文, English), as its language button shows it."""
    return _METAS[language].name


def texts_of(language: str) -> dict[str, Text]:
    """A language's own table, no fallback (what a translator's check reads)."""
    return _TABLES[language]


def text_in(language: str, key: str, **data: Any) -> str:
    """``key`` in one language's own words, fields filled; "" when it has none (the
    command line speaks English to the technician whatever the kiosk's language)."""
    text = _TABLES[language].get(key) or ""
    count = data.get("n", data.get("count"))
    return texts.fill(texts.pick(text, count if isinstance(count, int) else None, _METAS[language].plural), data)


def _chain(language: str) -> list[str]:
    chain = [language, *_METAS[language].fallback, "en"]
    return [c for i, c in enumerate(chain) if c in _files and c not in chain[:i]]


def _lookup(key: str) -> tuple[Text, str]:
    """The text for ``key`` and the language it came from, along the fallback chain."""
    for code in _chain(_language):
        text = _TABLES[code].get(key)
        if text:
            return text, code
    return key, _language


def tr(key: str, **data: Any) -> str:
    """The text for ``key`` in the current language, with ``{name}`` fields filled; a
    counting text takes its form from ``n`` (or ``count``) when given."""
    count = data.get("n", data.get("count"))
    return _say(key, count if isinstance(count, int) else None, data)


def tr_n(key: str, n: int, **data: Any) -> str:
    """The text for ``key`` counting ``n``: the form of the CLDR plural category of ``n``
    in the language the text comes from (zh: other; en: one, other), ``{n}`` filled."""
    return _say(key, n, {"n": n, **data})


def _say(key: str, n: int | None, data: dict[str, Any]) -> str:
    text, code = _lookup(key)
    return texts.fill(texts.pick(text, n, _METAS[code].plural if code in _files else "en"), data)


def has(key: str) -> bool:
    """Whether the current language has its own text for ``key`` (no fallback)."""
    return key in _TABLES[_language]


def error_text(exc: BaseException) -> str:
    """A core or driver error in words: its message key and data (``DeviceError``,
    ``HubError``, ...); anything without a key reads as a generic device error."""
    if isinstance(exc, KeyedError):
        return tr(exc.key, **exc.data)
    return tr("device.error")
