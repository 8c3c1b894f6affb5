"""The kiosk session unit's own command, as its service user, with the bundle.

The unit (packaging/systemd/hall-kiosk@.service) runs ``cage -d -- /usr/bin/kiosk ...`` on
tty1. There is no DRM device here and cage refuses root, so the same ExecStart and
Environment run as user ``kiosk`` with cage's X11 backend inside Xvfb
(``WLR_BACKENDS=x11``, the pixman renderer): the terminal is a Wayland client of cage,
as on a terminal. The test binds the unit's NOTIFY_SOCKET, waits for READY=1 and the
watchdog's pings, photographs the screen, and checks that when the terminal dies cage
ends too (so ``Restart=always`` starts a new session)."""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageGrab, ImageStat

from tests.rigs.bundle import REPO, bundle_dir
from tests.rigs.xvfb import Xvfb

# Every test of the bundle on one worker (tests/rigs/bundle.py says why).
pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.xdist_group("bundle")]

UNIT = REPO / "packaging" / "systemd" / "hall-kiosk@.service"
USER = "kiosk"


class _Unit:
    """A systemd unit file: repeated keys (After=, Environment=) are kept, in order."""

    def __init__(self) -> None:
        self.multi: dict[tuple[str, str], list[str]] = {}

    def load(self, path: Path) -> _Unit:
        section = ""
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("["):
                section = line.strip("[]")
                continue
            key, _, value = line.partition("=")
            self.multi.setdefault((section, key.strip()), []).append(value.strip())
        return self

    def one(self, section: str, key: str) -> str:
        return self.multi[(section, key)][-1]


@pytest.fixture(scope="module")
def unit() -> _Unit:
    return _Unit().load(UNIT)


@pytest.fixture(scope="module")
def service_user() -> Iterator[pwd.struct_passwd]:
    """The unit's user; made for the test (and removed after) when the machine has none."""
    assert os.geteuid() == 0, "running as the service user needs root (CI runs as root)"
    made = False
    try:
        pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                USER,
            ],
            check=True,
            timeout=30,
        )
        made = True
    yield pwd.getpwnam(USER)
    if made:
        subprocess.run(["userdel", USER], check=False, timeout=30)


def test_the_unit_says_what_the_session_needs(unit: _Unit) -> None:
    s = "Service"
    assert unit.one(s, "Type") == "notify" and unit.one(s, "WatchdogSec") == "20"
    assert unit.one(s, "NotifyAccess") == "all"  # cage is the main process, the terminal its child
    assert unit.one(s, "Restart") == "always" and unit.one(s, "RestartSec") == "1"
    assert unit.one("Unit", "StartLimitIntervalSec") == "0"
    assert (unit.one(s, "User"), unit.one(s, "PAMName"), unit.one(s, "TTYPath")) == (USER, "login", "/dev/tty1")
    assert shlex.split(unit.one(s, "ExecStart"))[:3] == ["/usr/bin/cage", "-d", "--"]
    assert "-s" not in shlex.split(unit.one(s, "ExecStart"))[:3]  # -s would allow VT switching
    assert "QT_QPA_PLATFORM=wayland" in unit.multi[(s, "Environment")]


def _session(
    unit: _Unit, user: pwd.struct_passwd, tmp: Path, config: Path, xvfb: Xvfb, notify: str
) -> subprocess.Popen[bytes]:
    """The unit's ExecStart and Environment for role kiosk, with the bundle as /usr/bin/kiosk
    and a test configuration, as the service user on cage's X11 backend."""
    argv = [a.replace("%i", "kiosk") for a in shlex.split(unit.one("Service", "ExecStart"))]
    argv = [str(bundle_dir() / "kiosk") if a == "/usr/bin/kiosk" else a for a in argv]
    argv = [str(config) if a == "/etc/hall-kiosk/config.toml" else a for a in argv]
    runtime, home = tmp / "runtime", tmp / "home"
    for folder in (runtime, home):
        folder.mkdir(mode=0o700)
        os.chown(folder, user.pw_uid, user.pw_gid)
    env = dict(value.split("=", 1) for value in unit.multi[("Service", "Environment")])
    env.update(
        HOME=str(home),
        XDG_RUNTIME_DIR=str(runtime),
        PATH="/usr/bin:/bin",
        DISPLAY=xvfb.display,
        WLR_BACKENDS="x11",
        WLR_RENDERER="pixman",
        WLR_X11_OUTPUTS="1",
        NOTIFY_SOCKET=notify,
        WATCHDOG_USEC="2000000",
    )
    with open(tmp / "session.log", "wb") as log:  # cage's and the terminal's stderr
        return subprocess.Popen(
            ["runuser", "-u", user.pw_name, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()), *argv],
            cwd=tmp,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )


def _notify_socket(tmp: Path) -> tuple[socket.socket, str]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp / "notify.sock"
    sock.bind(str(path))
    os.chmod(path, 0o666)  # the service user sends to it
    return sock, str(path)


def _wait_for(sock: socket.socket, payload: bytes, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            if sock.recv(4096).startswith(payload):
                return
        except TimeoutError:
            break
    raise AssertionError(
        f"no {payload!r} within {seconds} s; the session said:\n"
        + log.read_text(encoding="utf-8", errors="replace")[-3000:]
    )


def _session_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("session")
    for folder in (tmp, *tmp.parents):  # the service user must reach the files
        if str(folder).startswith("/tmp/") and folder != Path("/tmp"):
            os.chmod(folder, 0o755)
    return tmp


def _stop(proc: subprocess.Popen[bytes], tmp: Path) -> str:
    """End the session (if still running); its log."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return (tmp / "session.log").read_text(encoding="utf-8", errors="replace")


def _terminal_pid(session: subprocess.Popen[bytes]) -> int:
    """The bundle's ``kiosk`` process under cage (the unit's watchdog process)."""
    done = subprocess.run(
        ["pgrep", "-s", str(session.pid), "-f", str(bundle_dir() / "kiosk")],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    pids = [int(p) for p in done.stdout.split()]
    assert pids, "no terminal process under cage"
    return min(pids)


@pytest.mark.timeout(900)  # the first test of a session may build the bundle
def test_the_session_shows_the_home_screen_and_pings(unit, service_user, tmp_path_factory) -> None:
    assert shutil.which("cage"), "cage is not installed: tools/bootstrap.sh installs it"
    tmp = _session_tmp(tmp_path_factory)
    config = tmp / "config.toml"
    config.write_text(
        (REPO / "packaging" / "config.toml")
        .read_text(encoding="utf-8")
        .replace("/var/lib/hall-kiosk", str(tmp / "data")),
        encoding="utf-8",
    )
    (tmp / "data").mkdir()
    os.chown(tmp / "data", service_user.pw_uid, service_user.pw_gid)
    sock, notify = _notify_socket(tmp)
    with Xvfb(1024, 768) as xvfb:
        session = _session(unit, service_user, tmp, config, xvfb, notify)
        try:
            _wait_for(sock, b"READY=1", 90, tmp / "session.log")
            _wait_for(sock, b"WATCHDOG=1", 5, tmp / "session.log")
            time.sleep(1)
            shot = ImageGrab.grab(xdisplay=xvfb.display)
            shot.save(tmp / "session.png")
            # A crash of the terminal ends cage, and with it the unit's main process:
            # Restart=always, RestartSec=1 then starts the session anew.
            os.kill(_terminal_pid(session), signal.SIGKILL)
            session.wait(timeout=5)
        finally:
            errors = _stop(session, tmp)
            sock.close()
    image = Image.open(tmp / "session.png").convert("RGB")
    assert image.size == (1024, 768)
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 10, errors[-2000:]
    assert len(image.getcolors(1 << 20) or []) > 50  # the home screen's text, not a flat fill
    # The home screen's light background fills the screen (cage: full screen, no decorations):
    # the strip above the header's widgets (its margin is 12 px; 呼叫帮助 is a dark button).
    corner = image.crop((0, 0, 1024, 8)).convert("L")
    assert min(corner.tobytes()) > 180


@pytest.mark.timeout(900)
def test_a_bad_configuration_shows_the_technician_screen_in_the_session(unit, service_user, tmp_path_factory) -> None:
    tmp = _session_tmp(tmp_path_factory)
    config = tmp / "config.toml"
    config.write_text('config_version = 1\nrole = "kiosk"\nidle_timeout_s = "soon"\n', encoding="utf-8")
    sock, notify = _notify_socket(tmp)
    with Xvfb(1024, 768) as xvfb:
        session = _session(unit, service_user, tmp, config, xvfb, notify)
        try:
            _wait_for(sock, b"READY=1", 90, tmp / "session.log")  # started, so no restart loop
            time.sleep(1.5)
            assert session.poll() is None
            ImageGrab.grab(xdisplay=xvfb.display).save(tmp / "problem.png")
        finally:
            errors = _stop(session, tmp)
            sock.close()
    assert "config_problem_shown" in errors and "idle_timeout_s" in errors
    image = Image.open(tmp / "problem.png").convert("RGB")
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 10
    # The reason line is drawn in the "offline" red.
    assert any(r > 150 and g < 80 and b < 80 for _, (r, g, b) in image.getcolors(1 << 20))
