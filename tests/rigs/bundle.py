"""The PyInstaller bundle and the Debian package, built once per test session.

``tools/bundle.sh`` reuses a build whose inputs hash the same (under ``build/bundle/``),
so a second session with unchanged sources costs nothing; the packages are built into a
session folder with light compression (the same files as the release package, faster).

The modules that use them share one xdist group ("bundle"): on one worker the build, the
two packages and lintian run once, and the other worker never sits waiting on the
build's lock (a fresh clone builds the bundle from nothing, about a minute and a half of
a core)."""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@functools.cache
def bundle_dir() -> Path:
    """The bundle's folder (``kiosk`` and ``_internal/``), built or reused."""
    done = subprocess.run(
        [str(REPO / "tools" / "bundle.sh")], cwd=REPO, capture_output=True, text=True, timeout=900, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"tools/bundle.sh failed:\n{done.stderr[-4000:]}")
    return Path(done.stdout.strip().splitlines()[-1])


@functools.cache
def _deb_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="hall-kiosk-debs-"))
    atexit.register(shutil.rmtree, folder, True)  # two packages: ~350 MB
    return folder


@functools.cache
def deb_package(version: str) -> Path:
    """``hall-kiosk_VERSION_amd64.deb`` around the session's bundle (lintian not run)."""
    done = subprocess.run(
        [
            str(REPO / "tools" / "package-deb.sh"),
            "--version",
            version,
            "--bundle",
            str(bundle_dir()),
            "--out",
            str(_deb_folder()),
            "--no-lintian",
            "--fast",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"tools/package-deb.sh failed:\n{done.stderr[-4000:]}")
    return Path(done.stdout.strip().splitlines()[-1])
