"""tools/package-deb.sh puts the parts of issue 17 part 3 into the package: the licence
texts, the man page, the port-map example, modules-load.d, the units and udev rules.
Built for real with dpkg-deb around a stand-in bundle (the real one takes minutes; the
bundle's own contents are tests/e2e/test_deb_package.py's)."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

from tests.unit.packaging.tools_rig import REPO, run_tool


def test_the_package_carries_licences_man_page_and_device_names(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "kiosk").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    (bundle / "kiosk").chmod(0o755)
    cmd = [str(REPO / "tools" / "package-deb.sh"), "--version", "0.0.1~contents", "--bundle", str(bundle)]
    done = run_tool(*cmd, "--out", str(tmp_path / "dist"), "--no-lintian", "--fast", env={"TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-3000:]
    deb = Path(done.stdout.strip().splitlines()[-1])
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    for path in (
        "./usr/share/doc/hall-kiosk/licences/index.txt",
        "./usr/share/man/man1/kiosk.1.gz",
        "./usr/share/doc/hall-kiosk/examples/61-hall-kiosk-ports.rules",
        "./usr/lib/modules-load.d/hall-kiosk.conf",
        "./lib/udev/rules.d/60-hall-kiosk.rules",
        "./lib/systemd/system/hall-kiosk-hub.service",
    ):
        assert path in listing, path
    assert "/licences/pyside6-essentials-" in listing and "/licences/opencv-python-headless-" in listing
    unpacked = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
    page = gzip.decompress((unpacked / "usr/share/man/man1/kiosk.1.gz").read_bytes()).decode()
    assert '"hall-kiosk 0.0.1~contents"' in page and '.SS "hub token create"' in page
    copyright_text = (unpacked / "usr/share/doc/hall-kiosk/copyright").read_text(encoding="utf-8")
    assert "/usr/share/doc/hall-kiosk/licences/" in copyright_text


def test_building_a_package_changes_nothing_in_the_bundle_it_links(tmp_path: Path) -> None:
    """The package tree hard-links the bundle's files; a chmod there changes the shared inode,
    and a second package build reading the same bundle (another test worker) failed in tar
    with "file changed as we read it". With the bundle's modes already Debian's, the build
    leaves every inode as it found it (ctime included)."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "kiosk").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    (bundle / "kiosk").chmod(0o755)
    (bundle / "_internal" / "libthing.so.1").write_bytes(b"\x7fELF")
    (bundle / "_internal" / "libthing.so.1").chmod(0o644)
    (bundle / "_internal" / "data.txt").write_text("data", encoding="utf-8")
    (bundle / "_internal" / "data.txt").chmod(0o644)
    before = {p: p.stat().st_ctime_ns for p in bundle.rglob("*") if p.is_file()}
    cmd = [str(REPO / "tools" / "package-deb.sh"), "--version", "0.0.1~links", "--bundle", str(bundle)]
    done = run_tool(*cmd, "--out", str(tmp_path / "dist"), "--no-lintian", "--fast", env={"TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-3000:]
    after = {p: p.stat().st_ctime_ns for p in bundle.rglob("*") if p.is_file()}
    assert after == before
