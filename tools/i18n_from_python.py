"""Texts from the old Python dicts into the translators' JSON files (issue 15, part 4).

    .venv/bin/python tools/i18n_from_python.py <git-ref> [--overwrite] [--texts DIR]

Reads ``ui/i18n/messages_<lang>.py`` and ``ui/i18n/<lang>.py`` (the screen texts win a
key both hold) for zh_CN and en as they are at ``<git-ref>`` and merges them into
``ui/i18n/texts/<lang>.json``: a key the JSON lacks is added, a key it has is kept (the
translators' word wins; ``--overwrite`` takes the Python's instead, but never replaces a
plural object by a plain text). The comments above a group of keys become their
``context`` in ``context.json``. Re-run it after merging a branch that still adds keys to
the old .py files. Exit 2 with one line on a bad ref or a ref without the files.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import os
import re
import subprocess
import sys
import tokenize
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from common.texts import TextsError, dump, dump_rows, load_texts

LANGS = ("en", "zh_CN")  # English first: its comments are the context translators read
# Device/core/catalog messages first, so the screen texts win a key both hold.
SOURCES = ("ui/i18n/messages_{lang}.py", "ui/i18n/{lang}.py")


class Refused(Exception):
    """One line for the technician; the script exits 2 and writes nothing."""


_repo = REPO  # --repo: another checkout (a branch's worktree, a test's repository)


def _git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(_repo), *args], capture_output=True)


def git_show(ref: str, path: str) -> str | None:
    """The file at ``ref``, None when the ref has no such file."""
    if _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise Refused(f"no such git ref: {ref}")
    done = _git("show", f"{ref}:{path}")
    return done.stdout.decode("utf-8") if done.returncode == 0 else None


def _comment_text(lines: list[str]) -> str:
    return " ".join(re.sub(r"^#\s*-*\s*|\s*-+$", "", line.strip()).strip() for line in lines).strip()


def parse(source: str, name: str) -> tuple[dict[str, str], dict[str, str]]:
    """The module's one dict (key -> text) and each key's context: the comment block last
    seen above it (a group's heading holds for the keys below it), an end-of-line
    comment appended."""
    tree = ast.parse(source, name)
    node = next((n.value for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))), None)
    if not isinstance(node, ast.Dict):
        raise Refused(f"{name}: no module-level dict of texts")
    table = ast.literal_eval(node)
    lines = source.splitlines()
    trailing = {
        tok.start[0]: tok.string
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.COMMENT and not lines[tok.start[0] - 1].lstrip().startswith("#")
    }
    context: dict[str, str] = {}
    heading = ""
    for key_node in node.keys:
        assert isinstance(key_node, ast.Constant)
        above: list[str] = []
        n = key_node.lineno - 1
        while n >= 1 and lines[n - 1].lstrip().startswith("#"):
            above.insert(0, lines[n - 1])
            n -= 1
        heading = _comment_text(above) if above else heading
        end = _comment_text([trailing[key_node.lineno]]) if key_node.lineno in trailing else ""
        context[str(key_node.value)] = " ".join(x for x in (heading, end) if x)
    return table, context


def read_ref(ref: str) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Each language's texts at ``ref`` and the keys' context (English comments first)."""
    tables: dict[str, dict[str, str]] = {}
    context: dict[str, str] = {}
    for lang in LANGS:
        for pattern in SOURCES:
            path = pattern.format(lang=lang)
            source = git_show(ref, path)
            if source is None:
                continue
            table, notes = parse(source, path)
            tables.setdefault(lang, {}).update(table)
            for key, note in notes.items():
                if note and note not in context.get(key, ""):
                    context[key] = f"{context[key]}; {note}" if context.get(key) else note
    if not tables:
        raise Refused(f"{ref} holds none of the Python text files ({', '.join(SOURCES)})")
    return tables, context


def _read(path: Path) -> dict:
    try:
        return load_texts(path) if path.exists() else {}
    except TextsError as exc:
        raise Refused(f"{path}: {exc.key} {exc.data}") from None


def merge(
    texts_dir: Path, tables: dict[str, dict[str, str]], context: dict[str, str], overwrite: bool
) -> dict[str, str]:
    """The new content of each file (name -> text); a summary line per language to stdout."""
    out: dict[str, str] = {}
    all_keys: set[str] = set()
    for lang, table in tables.items():
        path = texts_dir / f"{lang}.json"
        current = _read(path)
        added = [k for k in table if k not in current]
        differ = [k for k in table if k in current and current[k] != table[k]]
        taken = [k for k in differ if overwrite and isinstance(current[k], str)]
        merged = {**current, **{k: table[k] for k in added + taken}}
        all_keys |= set(merged)
        out[path.name] = dump(merged)
        print(f"{lang}: {len(added)} added, {len(taken)} overwritten, {len(differ) - len(taken)} differing kept")
    ctx_path = texts_dir / "context.json"
    try:
        current_ctx = json.loads(ctx_path.read_text(encoding="utf-8")) if ctx_path.exists() else {}
    except (OSError, ValueError) as exc:
        raise Refused(f"{ctx_path}: {exc}") from None
    for key in sorted(all_keys - set(current_ctx)):
        current_ctx[key] = {"context": context.get(key, ""), "max_width": None}
    out["context.json"] = dump_rows(current_ctx)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ref", help="the git ref whose ui/i18n/*.py to read")
    parser.add_argument("--overwrite", action="store_true", help="take the Python's text where both differ")
    parser.add_argument("--texts", type=Path, default=REPO / "ui" / "i18n" / "texts", help="the JSON folder")
    parser.add_argument("--repo", type=Path, default=REPO, help="the git repository to read the ref from")
    args = parser.parse_args(argv)
    global _repo
    _repo = args.repo
    try:
        files = merge(args.texts, *read_ref(args.ref), overwrite=args.overwrite)
    except Refused as exc:
        print(f"i18n_from_python: {exc}", file=sys.stderr)
        return 2
    args.texts.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():  # all checked and built before the first write
        tmp = args.texts / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, args.texts / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
