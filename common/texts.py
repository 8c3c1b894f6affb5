"""Texts as translator data: one JSON file per language, plural forms by CLDR rule.

A folder holds ``<code>.json`` (one flat object, key -> text, or key -> ``{"one": ...,
"other": ...}`` for a text that counts) and, beside it, an optional ``<code>.meta.json``
(``name`` on the language button, ``plural`` rule, ``fallback`` languages). The kiosk's
texts (``ui/i18n/texts``) and, later, the hub's use the same files and rules; stdlib only,
so every layer may import it (ARCHITECTURE.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from common.errors import KeyedError

Text = str | dict[str, str]

# A language code as file name: zh_CN, en, zh_TW, yue, ug, zh_Hant.
CODE_RE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2}|_[A-Z][a-z]{3})?$")


def _other(n: int) -> str:
    return "other"


def _one_other(n: int) -> str:
    return "one" if n == 1 else "other"


def _zero_one_other(n: int) -> str:  # French, Portuguese (pt_PT aside): 0 and 1 are "one"
    return "one" if n in (0, 1) else "other"


# The CLDR cardinal rules of the languages a hall may need, for whole numbers (a count is
# never a fraction here). Babel would bring all of CLDR; it is not a dependency.
PLURAL_RULES: dict[str, tuple[tuple[str, ...], Callable[[int], str]]] = {
    "zh": (("other",), _other),
    "yue": (("other",), _other),
    "ja": (("other",), _other),
    "ko": (("other",), _other),
    "bo": (("other",), _other),
    "en": (("one", "other"), _one_other),
    "de": (("one", "other"), _one_other),
    "ug": (("one", "other"), _one_other),
    "mn": (("one", "other"), _one_other),
    "kk": (("one", "other"), _one_other),
    "fr": (("one", "other"), _zero_one_other),
}


class TextsError(KeyedError, ValueError):
    """A language file that cannot be used: its message key and data, as every error here."""


def plural_rule(rule: str) -> tuple[tuple[str, ...], Callable[[int], str]]:
    """The categories a rule needs and its chooser; an unknown rule has only ``other``."""
    return PLURAL_RULES.get(rule) or PLURAL_RULES.get(rule.split("_")[0]) or (("other",), _other)


def pick(text: Text, n: int | None, rule: str) -> str:
    """The form of ``text`` for the count ``n``: its category under ``rule``, else
    ``other`` (also when no count is given)."""
    if isinstance(text, str):
        return text
    form = text.get(plural_rule(rule)[1](n)) if n is not None else None
    return form or text.get("other") or next(iter(text.values()), "")


def fill(text: str, data: Mapping[str, object]) -> str:
    """``text`` with its ``{fields}`` from ``data``; as written when a field is missing or
    malformed (a gap shows, the screen or page never fails on a text)."""
    try:
        return text.format(**data) if data else text
    except (KeyError, IndexError, ValueError):
        return text


def forms(text: Text) -> dict[str, str]:
    """Every form of a text by its category ("" for a text that does not count)."""
    return {"": text} if isinstance(text, str) else dict(text)


@dataclass(frozen=True)
class Meta:
    """What a language file says of itself (``<code>.meta.json``)."""

    code: str
    name: str  # in the language itself, as the language button shows it
    plural: str  # a key of PLURAL_RULES
    fallback: tuple[str, ...]  # languages asked, in order, for a key this one lacks


def languages(folders: Iterable[Path], first: tuple[str, ...] = ()) -> dict[str, Path]:
    """Language code -> its file, from the ``<code>.json`` files of ``folders`` (a later
    folder's file wins); ``first`` in that order, then the others sorted by code."""
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.json")) if Path(folder).is_dir() else ():
            if CODE_RE.match(path.stem):
                found[path.stem] = path
    order = [c for c in first if c in found] + sorted(c for c in found if c not in first)
    return {code: found[code] for code in order}


def _read_object(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TextsError("texts.unreadable", file=str(path), error=str(exc)) from None
    if not isinstance(data, dict):
        raise TextsError("texts.not_an_object", file=str(path))
    return data


def load_texts(path: Path) -> dict[str, Text]:
    """A language file's table, checked: every value a text or an object of texts."""
    table = _read_object(path)
    for key, value in table.items():
        ok = isinstance(value, str) or (
            isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values())
        )
        if not ok:
            raise TextsError("texts.bad_value", file=str(path), text_key=key)
    return table


def load_meta(path: Path, defaults: Mapping[str, object] = {}) -> Meta:
    """The meta file beside the language file ``path``; missing fields from ``defaults``,
    then: the code as name, the language's base code as plural rule, no fallback."""
    code = path.stem
    meta_path = path.with_name(f"{code}.meta.json")
    data = {**defaults, **(_read_object(meta_path) if meta_path.exists() else {})}
    fallback = data.get("fallback", [])
    if not isinstance(fallback, list) or not all(isinstance(f, str) for f in fallback):
        raise TextsError("texts.bad_fallback", file=str(meta_path))
    return Meta(
        code=code,
        name=str(data.get("name") or code),
        plural=str(data.get("plural") or code.split("_")[0]),
        fallback=tuple(f for f in fallback if f != code),
    )


def dump(table: Mapping[str, object]) -> str:
    """A table as its file holds it: sorted keys, UTF-8 as is, one key a line."""
    return json.dumps(dict(sorted(table.items())), ensure_ascii=False, indent=2) + "\n"


def dump_rows(table: Mapping[str, object]) -> str:
    """A table of small objects (the context file) with one key a line, sorted."""
    rows = [
        f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in sorted(table.items())
    ]
    return "{\n" + ",\n".join(rows) + "\n}\n"
