"""The texts are translator data (ui/i18n/texts/*.json, docs/languages.md): every key the
screens name has words in Chinese and English, the languages agree on their ``{field}``s,
a counting text has the plural forms its language needs, a file is in the form that keeps
diffs one key a line, and no Python module holds translated texts again."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from common import texts
from common.texts import forms
from ui import i18n

REPO = Path(__file__).resolve().parents[3]
CJK = re.compile(r"[\u4e00-\u9fff]")
CALLS = {"tr", "tr_n", "text_in", "has"}  # bare or as i18n.<name>; not devices.has()


def _keys_named_in(roots: tuple[str, ...]) -> dict[str, str]:
    """Key -> a place, for every ``tr("key", ...)`` / ``tr_n`` / ``has`` / ``text_in(lang,
    "key")`` call with a constant key under ``roots``."""
    found: dict[str, str] = {}
    for root in roots:
        for path in sorted((REPO / root).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = ast.unparse(node.func).removeprefix("i18n.")
                args = node.args[1:] if name == "text_in" else node.args
                if name in CALLS and args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                    found.setdefault(args[0].value, f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_walk_finds_the_screens_keys():
    keys = _keys_named_in(("ui", "launcher"))
    assert len(keys) > 300 and {"home.welcome", "search.count", "tile.guides"} <= set(keys)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_key_the_code_names_has_words(language):
    table = i18n.texts_of(language)
    missing = {k: where for k, where in _keys_named_in(("ui", "launcher")).items() if not table.get(k)}
    assert missing == {}, f"add these to ui/i18n/texts/{language}.json"


def test_the_languages_agree_on_each_texts_fields():
    # A field one language names and the other not is data the screen may not pass: the
    # citizen would read raw braces, or miss the number.
    tables = {code: i18n.texts_of(code) for code in i18n.LANGUAGES}
    wrong = []
    for key, zh in tables["zh_CN"].items():
        want = set().union(*(_fields(t) for t in forms(zh).values()))
        for code, table in tables.items():
            for form, text in forms(table.get(key, "")).items() if key in table else ():
                if _fields(text) != want:
                    wrong.append(f"{code} {key} {form or ''}: {sorted(_fields(text))} != {sorted(want)}")
    assert wrong == []


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_counting_texts_have_the_forms_their_language_needs(language):
    needed, _ = texts.plural_rule(i18n._METAS[language].plural)
    bad = {
        key: sorted(value)
        for key, value in i18n.texts_of(language).items()
        if isinstance(value, dict) and (set(value) != set(needed))
    }
    assert bad == {}, f"{language} needs exactly {needed}"


def test_english_counts_one_service_in_the_singular():
    before = i18n.language()
    try:
        i18n.set_language("en")
        assert i18n.tr_n("search.count", 1) == "1 service found"
        assert i18n.tr_n("search.count", 0) == "0 services found"
        assert i18n.tr_n("search.count", 12) == "12 services found"
        assert i18n.tr("case.capture.pages", n=1) == "1 page captured"  # the core's injected tr
        i18n.set_language("zh_CN")
        zh = i18n.texts_of("zh_CN")["search.count"]
        assert isinstance(zh, str) and i18n.tr_n("search.count", 1) == zh.format(n=1)
    finally:
        i18n.set_language(before)


@pytest.mark.parametrize(
    "rule,n,category",
    [
        ("zh", 1, "other"),
        ("en", 1, "one"),
        ("en", 0, "other"),
        ("en", 2, "other"),
        ("fr", 0, "one"),
        ("xx", 1, "other"),
    ],
)
def test_plural_rules_pick_the_cldr_category(rule, n, category):
    assert texts.plural_rule(rule)[1](n) == category
    assert texts.pick({"one": "ONE", "other": "OTHER"}, n, rule) == category.upper()


def test_a_missing_form_falls_back_to_other():
    assert texts.pick({"other": "{n} x"}, 1, "en") == "{n} x"


def test_every_key_has_its_context_for_the_translator():
    context = json.loads((i18n.TEXTS_DIR / "context.json").read_text(encoding="utf-8"))
    keys = set(i18n.texts_of("zh_CN")) | set(i18n.texts_of("en"))
    assert sorted(keys - set(context)) == [] and sorted(set(context) - keys) == []
    assert all(set(v) == {"context", "max_width"} for v in context.values())
    assert context["device.short.paper_out"]["context"].startswith("the maintenance screen's state word")


FILES = sorted(str(p.relative_to(REPO)) for d in ("ui/i18n/texts", "docs/languages") for p in (REPO / d).glob("*.json"))


@pytest.mark.parametrize("name", FILES)
def test_files_are_kept_sorted_one_key_a_line(name):
    path = REPO / name
    data = json.loads(path.read_text(encoding="utf-8"))
    dumped = texts.dump_rows(data) if path.name == "context.json" else texts.dump(data)
    assert path.read_text(encoding="utf-8") == dumped, "rewrite it with common.texts.dump (docs/languages.md)"


def _text_dicts(path: Path) -> list[int]:
    """Lines of module-level dicts holding more than 20 Chinese strings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, ast.Dict):
            cjk = [v for v in value.values if isinstance(v, ast.Constant) and CJK.search(str(v.value))]
            if len(cjk) > 20:
                out.append(node.lineno)
    return out


def test_the_check_for_text_dicts_sees_one(tmp_path):
    module = tmp_path / "zh.py"
    module.write_text("TEXTS = {" + "".join(f"'k{i}': '第{i}项'," for i in range(21)) + "}\n", encoding="utf-8")
    assert _text_dicts(module) == [1]


def test_no_python_module_holds_translated_texts():
    found = {
        str(p.relative_to(REPO)): lines
        for root in ("ui", "kiosk", "hub")
        for p in sorted((REPO / root).rglob("*.py"))
        if (lines := _text_dicts(p))
    }
    assert found == {}, "texts live in ui/i18n/texts/<lang>.json"


# ---- adding a language, and the conversion from the old Python dicts -----------------


def test_a_folder_named_by_the_environment_adds_a_language(tmp_path):
    # The real start-up path: the variable is read when ui.i18n is first imported.
    import os
    import subprocess
    import sys

    (tmp_path / "zh_TW.json").write_text(texts.dump({"home.welcome": "您好，請選擇要辦理的事項"}), encoding="utf-8")
    code = "from ui import i18n; i18n.set_language('zh_TW'); print(i18n.LANGUAGES, i18n.tr('home.welcome'), i18n.tr('nav.back'))"
    env = {**os.environ, i18n.FOLDER_ENV: str(tmp_path), "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "('zh_CN', 'en', 'zh_TW') 您好，請選擇要辦理的事項 返回"


def test_a_broken_language_file_is_a_clear_error(tmp_path):
    (tmp_path / "xx.json").write_text('{"a": 1}', encoding="utf-8")
    with pytest.raises(texts.TextsError) as err:
        texts.load_texts(tmp_path / "xx.json")
    assert err.value.key == "texts.bad_value" and err.value.data["text_key"] == "a"


def _convert(*args: str):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, str(REPO / "tools" / "i18n_from_python.py"), *args], capture_output=True, text=True
    )


OLD_EN = '''"""English."""

TEXTS = {
    # -- the home screen --
    "home.welcome": "Welcome. Please choose a service",
    "nav.back": "Back",  # the header's button
    "search.count": "{n} services found",
}
'''
OLD_ZH = """TEXTS = {
    "home.welcome": "欢迎，请选择服务",
    "nav.back": "返回",
    "search.count": "共找到{n}项服务",
}
"""
OLD_MESSAGES_EN = """MESSAGES = {
    # printer faults
    "device.printer.paper_out": "The printer is out of paper",
    "home.welcome": "overridden by the screen texts",
}
"""


@pytest.fixture
def old_repo(tmp_path):
    """A repository whose one commit holds Python text dicts as ui/i18n had them (the
    script's real input, kept small; a clone of ours need not carry that history)."""
    import subprocess

    repo = tmp_path / "old"
    (repo / "ui" / "i18n").mkdir(parents=True)
    for name, source in {"en.py": OLD_EN, "zh_CN.py": OLD_ZH, "messages_en.py": OLD_MESSAGES_EN}.items():
        (repo / "ui" / "i18n" / name).write_text(source, encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "old texts"], check=True)
    return repo


def test_the_conversion_writes_texts_and_context_and_merges_without_overwriting(tmp_path, old_repo):
    out = tmp_path / "texts"
    done = _convert("HEAD", "--repo", str(old_repo), "--texts", str(out))
    assert done.returncode == 0, done.stderr
    en = json.loads((out / "en.json").read_text(encoding="utf-8"))
    zh = json.loads((out / "zh_CN.json").read_text(encoding="utf-8"))
    assert en["home.welcome"] == "Welcome. Please choose a service"  # the screen text wins
    assert en["device.printer.paper_out"] == "The printer is out of paper"
    assert zh["nav.back"] == "返回" and set(zh) == {"home.welcome", "nav.back", "search.count"}
    context = json.loads((out / "context.json").read_text(encoding="utf-8"))
    assert context["nav.back"]["context"] == "the home screen the header's button"
    assert context["device.printer.paper_out"]["context"] == "printer faults"

    # Merge mode: a translator's word and a plural object stay, a missing key comes back.
    en["home.welcome"] = "Welcome"
    en["search.count"] = {"one": "{n} service found", "other": "{n} services found"}
    del en["nav.back"]
    (out / "en.json").write_text(texts.dump(en), encoding="utf-8")
    again = _convert("HEAD", "--repo", str(old_repo), "--texts", str(out))
    assert again.returncode == 0 and "en: 1 added, 0 overwritten, 2 differing kept" in again.stdout
    merged = json.loads((out / "en.json").read_text(encoding="utf-8"))
    assert merged["home.welcome"] == "Welcome" and merged["nav.back"] == "Back"
    assert isinstance(merged["search.count"], dict)
    overwritten = _convert("HEAD", "--repo", str(old_repo), "--texts", str(out), "--overwrite")
    assert "en: 0 added, 1 overwritten, 1 differing kept" in overwritten.stdout


@pytest.mark.parametrize("ref", ["no-such-ref", "HEAD"])
def test_the_conversion_refuses_a_bad_ref_in_one_line_and_writes_nothing(tmp_path, ref):
    done = _convert(ref, "--texts", str(tmp_path / "out"))
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_halls_broken_language_file_is_left_out_not_fatal(tmp_path, caplog):
    (tmp_path / "zh_TW.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "en.json").write_text('{"home.welcome": ["a list"]}', encoding="utf-8")
    before = i18n.folders()
    try:
        assert i18n.add_folder(tmp_path) == ("zh_CN", "en")
        i18n.set_language("en")
        assert i18n.tr("home.welcome") == "Welcome. Please choose a service"  # the shipped English
    finally:
        i18n.set_folders(before)
        i18n.set_language("zh_CN")
    refused = [r for r in caplog.records if r.getMessage() == "language_file_refused"]
    assert len(refused) == 2
