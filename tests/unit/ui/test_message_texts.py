"""Every message key the core and the drivers use has words in both languages.

Keys are found in the source, not listed by hand: ``ast`` walks ``drivers/``, ``kiosk/``
and ``offline_cache/`` for string constants that look like message keys, for keys built
by a helper from a constant suffix (``_bad("too_long")`` -> ``catalog.import.too_long``),
and the status-code table of the ID card reader is imported. A new key without texts
fails here; so does a text that names a ``{field}`` some raise site does not pass (the UI
would then show the raw braces).
"""

from __future__ import annotations

import ast
import re
import string
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from common.texts import forms
from drivers.id_reader import frames
from drivers.smartcard import apdu
from kiosk import diagnostics
from ui import i18n

REPO = Path(__file__).resolve().parents[3]
ROOTS = ("drivers", "kiosk", "offline_cache")
LANGUAGES = ("zh_CN", "en")

# Message keys: a prefix naming who says it (devices, the catalog and what guides say,
# spoken calls, the queue, the hub link, storage) and dotted parts (device.ok,
# catalog.import.too_long, hub.unreachable), plus the diagnostics' fixes (fix.check_cable).
PREFIXES = "device|catalog|material|limit|hours|notice|unit|speech|queue|hub|storage|outbox|sync|setup|map|badge|event"
KEY_RE = re.compile(rf"^(?:(?:{PREFIXES})\.[a-z0-9_]+(?:\.[a-z0-9_]+)*|fix\.[a-z0-9_]+)$")
NOT_KEYS = re.compile(r"\.(?:db|sqlite3?|json|toml|tsv|csv|txt|log|py|key)$")  # file names
# The constant head of an f-string that builds a key, e.g. f"catalog.import.{key}".
KEY_HEAD_RE = re.compile(rf"^(?:{PREFIXES}|fix)(?:\.[a-z0-9_]+)*\.$")
HEALTH_FACTORIES = {"ok", "degraded", "offline", "unknown"}
# Data that must never reach a message (ARCHITECTURE.md, privacy).
PERSONAL = {
    "name",
    "english_name",
    "id_number",
    "ssn",
    "card_number",
    "pass_number",
    "address",
    "phone",
    "mobile",
    "birth",
}
MODBUS_ADDRESS_OK = "device.queue_bus."  # there ``address`` is a device's bus address (1-247)
CJK = re.compile(r"[\u4e00-\u9fff]")
ASCII_PUNCT_IN_ZH = re.compile(r"[,;!?()]|:(?!//)")


@dataclass
class Found:
    """What the source walk saw."""

    keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # key -> places
    # key -> one set of keyword names per call site that names it (None: passes **data)
    sites: dict[str, list[set[str] | None]] = field(default_factory=lambda: defaultdict(list))
    unresolved: list[str] = field(default_factory=list)  # key-building f-strings not understood


@dataclass
class _Module:
    """One file's nodes of interest, gathered in a single walk."""

    path: Path
    constants: list[ast.Constant] = field(default_factory=list)  # not parts of f-strings
    fstrings: list[tuple[ast.JoinedStr, ast.FunctionDef | None]] = field(default_factory=list)
    calls: list[tuple[ast.Call, ast.FunctionDef | None]] = field(default_factory=list)
    assigns: list[tuple[ast.Assign, ast.FunctionDef | None]] = field(default_factory=list)
    classes: list[ast.ClassDef] = field(default_factory=list)


def _gather(path: Path, tree: ast.Module) -> _Module:
    """Walk ``tree`` once, noting each node's innermost enclosing function."""
    mod = _Module(path)
    stack: list[tuple[ast.AST, ast.FunctionDef | None, bool]] = [(tree, None, False)]
    while stack:
        node, fn, in_fstring = stack.pop()
        if isinstance(node, ast.Constant):
            if not in_fstring:
                mod.constants.append(node)
        elif isinstance(node, ast.JoinedStr):
            mod.fstrings.append((node, fn))
        elif isinstance(node, ast.Call):
            mod.calls.append((node, fn))
        elif isinstance(node, ast.Assign):
            mod.assigns.append((node, fn))
        elif isinstance(node, ast.ClassDef):
            mod.classes.append(node)
        inner = node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else fn
        joined = isinstance(node, ast.JoinedStr)
        stack.extend((child, inner, joined) for child in ast.iter_child_nodes(node))
    return mod


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_key(value: object) -> bool:
    return isinstance(value, str) and bool(KEY_RE.match(value)) and not NOT_KEYS.search(value)


def _builders(mod: _Module) -> tuple[dict[str, tuple[int, str, str]], set[int]]:
    """Functions returning ``f"<head>{param}"``: name -> (param position, param, head)."""
    out: dict[str, tuple[int, str, str]] = {}
    handled: set[int] = set()
    for node, fn in mod.fstrings:
        if fn is None or len(node.values) != 2:
            continue
        head, tail = node.values
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        if (
            isinstance(head, ast.Constant)
            and KEY_HEAD_RE.match(str(head.value))
            and isinstance(tail, ast.FormattedValue)
            and isinstance(tail.value, ast.Name)
            and tail.value.id in params
        ):
            out[fn.name] = (params.index(tail.value.id), tail.value.id, head.value)
            handled.add(id(node))
    return out, handled


def _default_keys(mods: list[_Module]) -> dict[str, str]:
    """Error class name -> its ``default_key``, inherited through base classes."""
    own: dict[str, str] = {}
    bases: dict[str, list[str]] = {}
    for node in (c for mod in mods for c in mod.classes):
        bases[node.name] = [_call_name(b) for b in node.bases]
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Assign)
                and isinstance(stmt.value, ast.Constant)
                and any(isinstance(t, ast.Name) and t.id == "default_key" for t in stmt.targets)
            ):
                own[node.name] = stmt.value.value

    def resolve(name: str, seen: frozenset[str] = frozenset()) -> str | None:
        if name in own:
            return own[name]
        for base in bases.get(name, []):
            if base not in seen and (key := resolve(base, seen | {name})):
                return key
        return None

    return {name: key for name in bases if (key := resolve(name))}


def _site_key(call: ast.Call, classes: dict[str, str]) -> str | None:
    """The key a call names as a constant (first or, for ``Health(state, key)``, second
    argument, or ``key=``), or its class's ``default_key`` when it passes none."""
    for kw in call.keywords:
        if kw.arg == "key":
            return kw.value.value if isinstance(kw.value, ast.Constant) and _is_key(kw.value.value) else None
    for arg in call.args[:2]:
        if isinstance(arg, ast.Constant) and _is_key(arg.value):
            return arg.value
    name = _call_name(call.func)
    if name in classes and not call.args:
        return classes[name]
    if (
        name in HEALTH_FACTORIES
        and not call.args
        and isinstance(call.func, ast.Attribute)
        and _call_name(call.func.value) == "Health"
    ):
        return {"ok": "device.ok", "unknown": "device.unknown"}.get(name)
    return None


def _constant_keys(value: ast.expr) -> set[str]:
    """The keys an expression can be: a constant, or ``a if c else b`` of constants."""
    if isinstance(value, ast.Constant):
        return {value.value} if _is_key(value.value) else set()
    if isinstance(value, ast.IfExp):
        return _constant_keys(value.body) | _constant_keys(value.orelse)
    return set()


def _keywords(call: ast.Call, skip: str = "") -> set[str] | None:
    if any(k.arg is None for k in call.keywords):
        return None  # **data: cannot tell which fields it carries
    return {k.arg for k in call.keywords if k.arg and k.arg not in (skip, "key")}


def collect(sources: dict[str, str]) -> Found:
    """Walk Python sources (relative path -> text) and gather their message keys."""
    mods = [_gather(Path(p), ast.parse(text, p)) for p, text in sources.items()]
    classes = _default_keys(mods)
    found = Found()
    for mod in mods:
        for node in mod.constants:
            if _is_key(node.value):
                found.keys[node.value].add(f"{mod.path}:{node.lineno}")
        builders, handled = _builders(mod)
        for node, _ in mod.fstrings:
            head = node.values[0].value if node.values and isinstance(node.values[0], ast.Constant) else ""
            if id(node) not in handled and KEY_HEAD_RE.match(str(head)):
                found.unresolved.append(f"{mod.path}:{node.lineno}: {ast.unparse(node)}")
        # ``key = "a" if c else "b"`` then ``E(key, code=c)``: a site for each key.
        var_keys: dict[tuple[int, str], set[str]] = defaultdict(set)
        for node, fn in mod.assigns:
            for target in node.targets:
                if isinstance(target, ast.Name):
                    var_keys[id(fn), target.id] |= _constant_keys(node.value)
        for node, fn in mod.calls:
            name = _call_name(node.func)
            if name in builders:
                pos, param, head = builders[name]
                arg = (
                    node.args[pos]
                    if len(node.args) > pos
                    else next((k.value for k in node.keywords if k.arg == param), None)
                )
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.keys[head + arg.value].add(f"{mod.path}:{node.lineno}")
                    found.sites[head + arg.value].append(_keywords(node, skip=param))
                else:
                    found.unresolved.append(f"{mod.path}:{node.lineno}: {ast.unparse(node)}")
            elif key := _site_key(node, classes):
                found.sites[key].append(_keywords(node))
            else:
                for arg in node.args[:2]:
                    for key in var_keys.get((id(fn), arg.id), ()) if isinstance(arg, ast.Name) else ():
                        found.sites[key].append(_keywords(node))
    return found


def _repo_sources() -> dict[str, str]:
    return {
        str(p.relative_to(REPO)): p.read_text(encoding="utf-8")
        for root in ROOTS
        for p in sorted((REPO / root).rglob("*.py"))
    }


FOUND = collect(_repo_sources())
# Keys only a table knows (chosen at run time by a status code): import the tables.
TABLE_KEYS = {cls.default_key for cls in frames.STATUS_ERRORS.values()} | set(diagnostics.FIXES.values())
ALL_KEYS = sorted(set(FOUND.keys) | TABLE_KEYS)


def _fields(text: str) -> list[str | None]:
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def _text(language: str, key: str) -> str:
    """The key's text in one language, every form of a counting text joined (so a field
    or a gap in any form is seen)."""
    return " | ".join(forms(i18n.texts_of(language).get(key, "")).values())


# ---- the collector itself ----------------------------------------------------------


def test_collector_sees_constants_defaults_builders_and_refuses_unknown_dynamic_keys():
    found = collect(
        {
            "drivers/x.py": (
                "class BoomError(DeviceError):\n    default_key = 'device.boom.error'\n"
                "class Boom2(BoomError):\n    pass\n"
                "def _bad(key, record):\n    return E(f'catalog.import.{key}', record)\n"
                "raise DeviceError('device.boom.new_thing', port=1)\n"
                "raise Boom2(reason='x')\n"
                "raise _bad('brand_new', 'r', limit=3)\n"
                "raise DeviceError(f'device.boom.{what}')\n"
                "open('catalog.sqlite')\n"
                "def fail(hr):\n    key = 'device.boom.down' if hr else 'device.boom.gone'\n"
                "    return E(key, code=hr)\n"
            )
        }
    )
    assert {"device.boom.error", "device.boom.new_thing", "catalog.import.brand_new"} <= set(found.keys)
    assert "catalog.sqlite" not in found.keys
    assert found.sites["device.boom.new_thing"] == [{"port"}]
    assert found.sites["device.boom.error"] == [{"reason"}]  # inherited default_key
    assert found.sites["catalog.import.brand_new"] == [{"limit"}]
    assert found.sites["device.boom.down"] == found.sites["device.boom.gone"] == [{"code"}]
    assert len(found.unresolved) == 1 and "device.boom.{what}" in found.unresolved[0]


def test_the_source_holds_a_plausible_number_of_keys():
    # Guards the walk itself: a broken regex or root would find (almost) nothing.
    assert len(ALL_KEYS) > 100
    assert {
        "device.id_reader.no_card",
        "device.printer.paper_out",
        "catalog.import.too_long",
        "device.camera.ready",
        "device.smartcard.pin_wrong",
    } <= set(ALL_KEYS)


def test_no_key_is_built_in_a_way_this_test_cannot_enumerate():
    assert FOUND.unresolved == [], "add the table to TABLE_KEYS or build keys from constants"


# ---- the texts ---------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_has_a_text(language):
    missing = [k for k in ALL_KEYS if not _text(language, k).strip()]
    assert missing == [], f"no {language} text (add it to ui/i18n/texts/{language}.json)"


def test_chinese_texts_are_chinese():
    not_zh = [k for k in ALL_KEYS if not CJK.search(_text("zh_CN", k))]
    assert not_zh == []


def test_message_tables_use_chinese_punctuation_in_chinese():
    bad = {k: _text("zh_CN", k) for k in ALL_KEYS if ASCII_PUNCT_IN_ZH.search(_text("zh_CN", k))}
    assert bad == {}


def test_english_holds_every_chinese_key_and_only_names_more():
    # English adds only the names of the demo catalog's topics and bundles (Chinese shows
    # the catalog's own name, docs/languages.md).
    zh, english = set(i18n.texts_of("zh_CN")), set(i18n.texts_of("en"))
    assert zh - english == set()
    assert {k.split(".")[0] for k in english - zh} <= {"topic", "bundle"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_plain_names_and_format(language):
    for key in ALL_KEYS:
        text = _text(language, key)
        names = _fields(text)
        assert all(n and n.isidentifier() for n in names), f"{key}: positional or dotted field in {text!r}"
        personal = set(names) & PERSONAL - ({"address"} if key.startswith(MODBUS_ADDRESS_OK) else set())
        assert not personal, f"{key}: personal data in a message"
        dummy = dict.fromkeys(names, 7)
        words = text.format(**dummy)
        assert "{" not in words and "}" not in words, key


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_field_a_text_names_is_passed_by_every_raise_site(language):
    wrong = []
    for key, sites in FOUND.sites.items():
        passed = [s for s in sites if s is not None]
        if not passed or len(passed) < len(sites):
            continue  # a site passes **data: cannot tell
        always = set.intersection(*passed)
        extra = set(_fields(_text(language, key))) - always
        if extra:
            wrong.append(f"{key}: {sorted(extra)} not passed at every site")
    assert wrong == []


@pytest.mark.parametrize(
    "sw,step",
    [
        (0x6A82, "select_ddf"),
        (0x6A82, "read_ef05"),
        (0x6A83, "read"),
        (0x6982, "read"),
        (0x6983, "read"),
        (0x63C2, "read"),
        (0x6F00, "read"),
    ],
)
def test_card_status_words_read_as_words_with_their_real_data(sw, step):
    err = apdu.status_error(sw, step)
    before = i18n.language()
    for language in LANGUAGES:
        i18n.set_language(language)
        try:
            words = i18n.tr(err.key, **err.data)
        finally:
            i18n.set_language(before)
        assert words != err.key and "{" not in words, (language, err.key)


@pytest.mark.parametrize("status,cls", sorted(frames.STATUS_ERRORS.items()))
def test_id_reader_status_codes_read_as_words(status, cls):
    err = cls(status=f"{status:02X}")
    for language in LANGUAGES:
        words = _text(language, err.key).format(**err.data)
        assert words and "{" not in words
