"""Structure-aware inputs: fuzzer bytes steer mutations of a valid document.

Random bytes almost never form a feed or a configuration that gets past the JSON or
TOML parser, so the importers' checks would go untested. These helpers read the
fuzzer's bytes as a sequence of choices (:class:`Choices`) and apply them to a valid
seed document: replace a value, delete or add a key, edit a string, put an awkward
number in; the coverage feedback still works because the choices come from the
bytes. Pure Python (no atheris), so a found input replays under plain pytest.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Sequence
from typing import Any


class Choices:
    """Reads decisions from bytes; once they run out every choice is the first one."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def byte(self) -> int:
        if self._pos >= len(self._data):
            return 0
        b = self._data[self._pos]
        self._pos += 1
        return b

    def int_in(self, lo: int, hi: int) -> int:
        """An integer in ``lo..hi`` (inclusive), from one or two bytes."""
        span = hi - lo + 1
        value = self.byte() if span <= 256 else self.byte() << 8 | self.byte()
        return lo + value % span

    def flag(self) -> bool:
        return bool(self.byte() & 1)

    def pick(self, seq: Sequence[Any]) -> Any:
        return seq[self.int_in(0, len(seq) - 1)]

    def rest(self) -> bytes:
        """The bytes not consumed yet."""
        return self._data[self._pos :]

    def text(self, max_len: int = 24) -> str:
        """A short string: mostly plain, sometimes with the characters that hurt."""
        n = self.int_in(0, max_len)
        return "".join(self.pick(ALPHABET) if self.byte() < 200 else self.pick(AWKWARD_CHARS) for _ in range(n))


class RawNumber:
    """A number token written as is (``9`` x 5000 does not survive ``int`` -> ``str``)."""

    def __init__(self, token: str) -> None:
        self.token = token


MAX_STRING = 5000  # longer than every field limit, short enough to stay fast
ALPHABET = "aZ09-_. :/?&=%中文区办理"
AWKWARD_CHARS = [
    "\x00",
    "\x07",
    "\t",
    "\n",
    "\r",
    "\x1b",
    "\x7f",
    "\x85",
    "\u00a0",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\u2028",
    "\ud800",
    "\udfff",
    "\U0001f600",
    "[",
    "]",
    "{",
    "}",
    '"',
    "\\",
    "'",
    "#",
    "~",
    "\uffff",
    "𠀀",
]
AWKWARD_STRINGS = [
    "",
    " ",
    "  x  ",
    "x" * 201,
    "名" * 300,
    "http://[bad/",
    "http://x/y?a=1&a=2",
    "~nosuchuser/x",
    "~",
    "..",
    "/",
    "1" * 40,
    "null",
    "true",
    "0x10",
    "1e999",
    "NaN",
    "09:00-17:00",
    "24:00-25:61",
    "closed",
    "必要",
    "自然人",
    "person",
    "embedded",
]
AWKWARD_NUMBERS: list[Any] = [
    0,
    -1,
    1,
    2,
    255,
    256,
    65535,
    65536,
    2**31 - 1,
    2**31,
    2**53 + 1,
    2**63,
    -(2**63) - 1,
    10**30,
    0.5,
    -0.0,
    1e308,
    math.inf,
    -math.inf,
    math.nan,
    True,
    False,
    RawNumber("9" * 5000),
    RawNumber("-" + "1" * 4400),
]


def random_value(c: Choices, depth: int = 0) -> Any:
    """Any JSON-ish value, nested at most three deep."""
    kind = c.int_in(0, 9 if depth < 3 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return c.flag()
    if kind == 2:
        return c.pick(AWKWARD_NUMBERS)
    if kind == 3:
        return c.int_in(-300, 300)
    if kind == 4:
        return c.pick(AWKWARD_STRINGS)
    if kind == 5:
        return c.text()
    if kind in (6, 7):
        return [random_value(c, depth + 1) for _ in range(c.int_in(0, 3))]
    return {c.text(8): random_value(c, depth + 1) for _ in range(c.int_in(0, 3))}


def _mutate_string(s: str, c: Choices) -> str:
    op = c.int_in(0, 4)
    pos = c.int_in(0, len(s)) if s else 0
    if op == 0:
        return s[:pos] + c.pick(AWKWARD_CHARS) + s[pos:]
    if op == 1:
        return s[:pos] + c.text(6) + s[pos + 1 :]
    if op == 2:
        return s[:pos]
    if op == 3:  # long, but bounded: four of these in a row must not eat the memory
        return (s or "x") * min(c.int_in(2, 300), max(2, MAX_STRING // max(len(s), 1)))
    return c.pick(AWKWARD_CHARS) + s + c.pick(AWKWARD_CHARS)


def mutate(doc: Any, c: Choices, keys: Sequence[str] = ()) -> Any:
    """``doc`` with one change somewhere in it (``keys``: names worth adding)."""
    path: list[tuple[Any, Any]] = []  # (container, key) from the root down
    node = doc
    while isinstance(node, (dict, list)) and node and c.byte() < 210:
        key = c.pick(list(node)) if isinstance(node, dict) else c.int_in(0, len(node) - 1)
        path.append((node, key))
        node = node[key]
    op = c.int_in(0, 5)
    if op == 0 and path:  # delete it
        parent, key = path[-1]
        del parent[key]
        return doc
    if op == 1 and isinstance(node, dict):  # add a key, known or not
        name = c.pick(keys) if keys and c.flag() else c.text(10)
        node[name] = random_value(c)
        return doc
    if op == 2 and isinstance(node, list):  # duplicate or add an element
        if node and c.flag():
            node.append(copy.deepcopy(c.pick(node)))
        else:
            node.insert(c.int_in(0, len(node)), random_value(c))
        return doc
    if op == 3 and isinstance(node, str):
        new: Any = _mutate_string(node, c)
    elif op == 4 and isinstance(node, (int, float)) and not isinstance(node, bool):
        new = c.pick(AWKWARD_NUMBERS)
    else:
        new = random_value(c)
    if not path:
        return new
    parent, key = path[-1]
    parent[key] = new
    return doc


def mutate_many(seed: Any, c: Choices, keys: Sequence[str] = ()) -> Any:
    """A deep copy of ``seed`` with one to four changes."""
    doc = copy.deepcopy(seed)
    for _ in range(1 + c.int_in(0, 3)):
        doc = mutate(doc, c, keys)
    return doc


def all_keys(doc: Any) -> list[str]:
    """Every object key in ``doc`` (to add where they do not belong)."""
    out: set[str] = set()
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            out.update(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return sorted(out)


# ---- writers -------------------------------------------------------------------------


def to_json(doc: Any, ascii_only: bool) -> bytes:
    """JSON bytes; lone surrogates pass through as the invalid UTF-8 a broken file holds."""
    text = json.dumps(doc, ensure_ascii=ascii_only, default=_raw_json)
    return text.replace('"\\u0000RAW:', "").replace(':RAW\\u0000"', "").encode("utf-8", "surrogatepass")


def _raw_json(value: Any) -> str:
    if isinstance(value, RawNumber):
        return f"\x00RAW:{value.token}:RAW\x00"
    raise TypeError(type(value).__name__)


def to_toml(doc: dict[str, Any], escape: bool = False) -> str:
    """TOML text for ``doc``: scalars first, then one ``[table]`` per nested table.

    ``escape`` writes every character outside printable ASCII as ``\\uXXXX``, the way a
    careful hand would, so values TOML forbids raw (DEL, lone surrogates) still arrive.
    """
    lines: list[str] = []
    _toml_table(doc, [], lines, escape)
    return "\n".join(lines) + "\n"


def _toml_table(table: dict[str, Any], prefix: list[str], lines: list[str], escape: bool) -> None:
    subtables = []
    for key, value in table.items():
        if isinstance(value, dict) and value:
            subtables.append((key, value))
        elif value is not None:
            lines.append(f"{_toml_key(key)} = {_toml_value(value, escape)}")
    for key, value in subtables:
        lines.append("")
        lines.append("[" + ".".join(_toml_key(k) for k in [*prefix, key]) + "]")
        _toml_table(value, [*prefix, key], lines, escape)


def _toml_key(key: str) -> str:
    bare = key and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in key)
    return key if bare else json.dumps(key)


def _toml_string(value: str) -> str:
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif " " <= ch <= "~":
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'


def _toml_value(value: Any, escape: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, RawNumber):
        return value.token
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # A JSON string is a TOML basic string, except that TOML wants DEL escaped.
        return _toml_string(value) if escape else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v, escape) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{_toml_key(k)} = {_toml_value(v, escape)}" for k, v in value.items() if v is not None)
            + "}"
        )
    raise TypeError(type(value).__name__)
