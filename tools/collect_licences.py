"""Collect the licence texts of every Python package the bundle carries.

    .venv/bin/python tools/collect_licences.py [--out build/licences] [--lock FILE]

The runtime set is the project's own dependencies (pyproject.toml ``[project]
dependencies``, extras included as asked, e.g. ``psycopg[binary]``) and everything they
require in turn, read from the installed packages' metadata; each must be pinned in the
lock file (default ``requirements.lock``): dev-only packages (pytest, mypy, ruff) never
enter the set however the lock is split, and a requirement the lock leaves out (pip,
which sqlite-utils names) is reported and skipped. For each package it copies from its
``*.dist-info`` the ``licenses/`` folder (PEP 639), every ``License-File`` the metadata
names, and any ``LICENSE*``, ``COPYING*``, ``NOTICE*``, ``AUTHORS*`` file, into
``OUT/<name>-<version>/``. A package that ships no text (PySide6 and shiboken6 do not)
gets the text of its licence from ``/usr/share/common-licenses`` when Debian has it, and
is listed with its licence name from the metadata either way. ``OUT/index.txt`` lists
every package, its version, its licence and its files; ``tools/package-deb.sh`` installs
the folder as ``/usr/share/doc/hall-kiosk/licences/``. Exit status 2 with one line when a
dependency is not installed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
TEXT_NAMES = re.compile(r"(?i)^(licen[cs]e|copying|notice|authors)([._-].*)?$")
COMMON_LICENSES = Path("/usr/share/common-licenses")
# SPDX identifiers -> Debian's copy of the text, for packages that ship none.
DEBIAN_TEXTS = {
    "Apache-2.0": "Apache-2.0",
    "GPL-2.0-only": "GPL-2",
    "GPL-2.0-or-later": "GPL-2",
    "GPL-3.0-only": "GPL-3",
    "GPL-3.0-or-later": "GPL-3",
    "LGPL-2.1-only": "LGPL-2.1",
    "LGPL-2.1-or-later": "LGPL-2.1",
    "LGPL-3.0-only": "LGPL-3",
    "LGPL-3.0-or-later": "LGPL-3",
    "MPL-2.0": "MPL-2.0",
}


class CollectError(Exception):
    """The runtime set cannot be worked out (a dependency is not installed)."""


@dataclass
class Collected:
    name: str
    version: str
    licence: str
    files: list[str] = field(default_factory=list)
    from_debian: bool = False  # the package ships no text: Debian's copy of its licence


def runtime_set(pyproject: Path, lock: Path) -> list[metadata.Distribution]:
    """The installed distributions of the runtime dependency tree, sorted by name."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    pinned = _pins(lock)
    todo = [Requirement(text) for text in project["dependencies"]]
    found: dict[str, metadata.Distribution] = {}
    extras_seen: dict[str, set[str]] = {}
    unpinned: set[str] = set()
    while todo:
        req = todo.pop()
        key = canonicalize_name(req.name)
        if key in found and set(req.extras) <= extras_seen[key]:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            raise CollectError(f"{req.name} is a runtime dependency but is not installed") from None
        if key not in pinned:
            # Required in metadata but left out of the lock (sqlite-utils names pip for
            # its `install` command): not part of what is installed and bundled.
            unpinned.add(key)
            continue
        found[key] = dist
        extras_seen[key] = extras_seen.get(key, set()) | set(req.extras)
        for text in dist.requires or []:
            sub = Requirement(text)
            wanted = [{"extra": extra} for extra in extras_seen[key]] or [{"extra": ""}]
            if sub.marker is None or any(sub.marker.evaluate(env) for env in wanted):
                todo.append(sub)
    if unpinned:
        print(f"collect_licences: not pinned in {lock.name}, left out: {', '.join(sorted(unpinned))}", file=sys.stderr)
    return sorted(found.values(), key=lambda d: canonicalize_name(d.metadata["Name"]))


def _pins(lock: Path) -> set[str]:
    names = set()
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line and not line.startswith("-"):
            names.add(canonicalize_name(line.split("==", 1)[0].split("[", 1)[0]))
    return names


def licence_name(dist: metadata.Distribution) -> str:
    """The licence as the metadata states it: License-Expression, License, or the
    classifiers; "unknown" when none."""
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) < 120:
        return text
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return " / ".join(classifiers) or "unknown"


def licence_files(dist: metadata.Distribution) -> list[tuple[str, Path]]:
    """(name in the output, source path) of every licence text the distribution ships."""
    named = set(dist.metadata.get_all("License-File") or [])
    out: dict[str, Path] = {}
    for entry in dist.files or []:
        parts = entry.parts
        if not parts[0].endswith(".dist-info"):
            continue
        inner = "/".join(parts[1:])
        if parts[1:2] == ("licenses",) or inner in named or TEXT_NAMES.match(parts[-1]):
            source = Path(str(dist.locate_file(entry)))
            if source.is_file():
                out[inner.removeprefix("licenses/")] = source
    return sorted(out.items())


def collect(dists: list[metadata.Distribution], out: Path) -> list[Collected]:
    """Copy each distribution's texts into ``out``; returns what was collected."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    done = []
    for dist in dists:
        name, version = canonicalize_name(dist.metadata["Name"]), dist.version
        item = Collected(name, version, licence_name(dist))
        folder = out / f"{name}-{version}"
        for inner, source in licence_files(dist):
            target = folder / inner
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            item.files.append(inner)
        if not item.files:
            for spdx in sorted(set(re.findall(r"[A-Za-z0-9.+-]+", item.licence)) & DEBIAN_TEXTS.keys()):
                source = COMMON_LICENSES / DEBIAN_TEXTS[spdx]
                if source.is_file():
                    folder.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, folder / spdx)
                    item.files.append(spdx)
                    item.from_debian = True
        done.append(item)
    (out / "index.txt").write_text(index(done), encoding="utf-8")
    return done


def index(items: list[Collected]) -> str:
    lines = [
        "Licences of the Python packages bundled in hall-kiosk (tools/collect_licences.py).",
        "Each folder NAME-VERSION holds the texts the package ships; packages that ship",
        "none carry Debian's copy of the licence their metadata names, or only its name.",
        "",
    ]
    for item in items:
        if item.from_debian:
            files = "no text in the package; Debian's: " + ", ".join(item.files)
        else:
            files = ", ".join(item.files) or "no text in the package"
        lines.append(f"{item.name} {item.version}: {item.licence} -- {files}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "licences")
    parser.add_argument("--lock", type=Path, default=REPO / "requirements.lock")
    parser.add_argument("--pyproject", type=Path, default=REPO / "pyproject.toml")
    args = parser.parse_args(argv)
    try:
        items = collect(runtime_set(args.pyproject, args.lock), args.out)
    except (CollectError, OSError) as exc:
        print(f"collect_licences: {exc}", file=sys.stderr)
        return 2
    bare = [i.name for i in items if not i.files]
    print(
        f"collect_licences: {len(items)} packages into {args.out}" + (f"; no text: {', '.join(bare)}" if bare else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
