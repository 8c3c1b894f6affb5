"""The Debian package on this machine (as root): install, run the installed command,
upgrade with a changed conffile kept, an upgrade cut short while unpacking leaves the old
release running, remove keeps the configuration and data, purge leaves nothing behind.
And the package's checks: lintian finds no errors, systemd-analyze accepts every unit."""

from __future__ import annotations

import grp
import os
import pwd
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.rigs.bundle import deb_package

# The first test of a session may build the bundle (1-3 min on 2 cores); lintian takes ~3.
# Every test of the bundle on one worker (tests/rigs/bundle.py says why).
pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.timeout(900), pytest.mark.xdist_group("bundle")]

OPT, ETC, VAR = Path("/opt/hall-kiosk"), Path("/etc/hall-kiosk"), Path("/var/lib/hall-kiosk")
CONFIG = ETC / "config.toml"
V1, V2 = "0.1.0~test1", "0.1.0~test2"
UNITS = ("/lib/systemd/system/hall-kiosk@.service", "/lib/systemd/system/hall-kiosk-hub.service")


def _run(*cmd: str, timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTHON", "HALL_KIOSK_"))}
    env["DEBIAN_FRONTEND"] = "noninteractive"
    done = subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout, env=env, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} -> {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _status() -> str:
    done = _run("dpkg-query", "-W", "-f=${Status} ${Version}", "hall-kiosk", check=False)
    return done.stdout.strip() if done.returncode == 0 else ""


def _purge() -> None:
    if _status():
        _run("dpkg", "--purge", "hall-kiosk")


@pytest.fixture
def machine():
    """The machine as it was: hall-kiosk purged before and after, the user state noted."""
    assert os.geteuid() == 0, "installing a package needs root (CI runs as root)"
    installed = _status().split()[-1:] if _status() else []
    assert not installed or "~test" in installed[0], (
        f"hall-kiosk {installed[0]} is installed on this machine: the test would purge it"
    )
    _purge()
    had_user = _user_exists("kiosk")
    yield had_user
    _purge()


def test_install_upgrade_remove_purge(machine: bool) -> None:
    had_user = machine
    v1, v2 = deb_package(V1), deb_package(V2)

    _run("dpkg", "-i", str(v1))
    assert _status() == f"install ok installed {V1}"
    assert os.readlink(OPT / "current") == f"releases/{V1}"
    assert (OPT / "current" / "VERSION").read_text().strip() == V1
    assert Path("/usr/bin/kiosk").resolve() == (OPT / "releases" / V1 / "kiosk")
    helped = _run("kiosk", "--help")
    assert "catalog" in helped.stdout and "devices" in helped.stdout
    checked = _run("kiosk", "config", "check", str(CONFIG))
    assert "ok" in checked.stdout
    user = pwd.getpwnam("kiosk")
    # The shipped file's demo PIN was replaced by one made for this terminal; only the
    # service user may read it.
    pin = re.search(r'^technician_pin = "([0-9]+)"', CONFIG.read_text(encoding="utf-8"), re.M)
    assert pin and len(pin.group(1)) == 8 and pin.group(1) != "246810"
    assert CONFIG.stat().st_mode & 0o777 == 0o640 and CONFIG.stat().st_gid == user.pw_gid
    groups = {g.gr_name for g in grp.getgrall() if "kiosk" in g.gr_mem}
    assert {"dialout", "video", "lp", "plugdev"} <= groups
    assert VAR.is_dir() and VAR.stat().st_uid == user.pw_uid
    for unit in ("hall-kiosk@kiosk.service", "hall-kiosk-hub.service"):
        verified = _run("systemd-analyze", "verify", unit, check=False)
        assert verified.returncode == 0 and verified.stderr.strip() == "", verified.stderr

    # The technician's edits and the terminal's data.
    CONFIG.write_text(
        CONFIG.read_text(encoding="utf-8").replace('terminal_id = "T-0001"', 'terminal_id = "T-0042"'), encoding="utf-8"
    )
    (VAR / "catalog.sqlite").write_bytes(b"the terminal's data")

    # An upgrade cut short while its files unpack: the old release keeps running.
    unpack = subprocess.Popen(["dpkg", "--unpack", str(v2)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not (OPT / "releases" / V2 / "_internal").exists() and unpack.poll() is None:
        assert time.monotonic() < deadline, "dpkg never started unpacking"
        time.sleep(0.005)
    unpack.send_signal(signal.SIGKILL)  # the power cut, as far as dpkg is concerned
    unpack.wait()
    assert _status().split()[2] in ("half-installed", "unpacked"), _status()
    assert (OPT / "current" / "VERSION").read_text().strip() == V1
    assert "catalog" in _run("kiosk", "--help").stdout

    # Finishing the upgrade switches to the new release; the conffile change is kept.
    _run("dpkg", "-i", str(v2))
    assert _status() == f"install ok installed {V2}"
    assert os.readlink(OPT / "current") == f"releases/{V2}"
    assert (OPT / "current" / "VERSION").read_text().strip() == V2
    assert not (OPT / "releases" / V1).exists() and not list((OPT / "releases").glob("*.keep"))
    assert 'terminal_id = "T-0042"' in CONFIG.read_text(encoding="utf-8")
    assert not list(ETC.glob("*.dpkg-*"))  # kept without a prompt or a side file
    assert "ok" in _run("kiosk", "config", "check", str(CONFIG)).stdout

    # The same version over itself (a reinstall) keeps working too.
    _run("dpkg", "-i", str(v2))
    assert "catalog" in _run("kiosk", "--help").stdout

    _run("dpkg", "--remove", "hall-kiosk")
    assert not OPT.exists() and not Path("/usr/bin/kiosk").exists()
    assert not any(Path(u).exists() for u in UNITS)
    assert 'terminal_id = "T-0042"' in CONFIG.read_text(encoding="utf-8")  # configuration kept
    assert (VAR / "catalog.sqlite").read_bytes() == b"the terminal's data"  # data kept

    _run("dpkg", "--purge", "hall-kiosk")
    assert _status() == ""
    assert not OPT.exists() and not ETC.exists() and not VAR.exists()
    assert _user_exists("kiosk") == had_user  # the package's user is gone, anyone else's stays


def test_lintian_finds_no_errors() -> None:
    done = _run(
        "lintian", "--fail-on", "error", "--tag-display-limit", "0", str(deb_package(V1)), timeout=600, check=False
    )
    errors = [line for line in done.stdout.splitlines() if line.startswith("E:")]
    assert errors == [] and done.returncode == 0, done.stdout[-3000:]
