"""The PyInstaller bundle (tools/bundle.sh): built from the lock file (or reused when its
inputs' hash matches), it holds what the product uses and nothing it does not, and its
``kiosk`` command runs: ``--help``, the hall board's first screen under Xvfb, the pinyin
keyboard's QML, and the hub answering its health route."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image, ImageGrab, ImageStat

from tests.rigs.bundle import REPO, bundle_dir
from tests.rigs.xvfb import Xvfb

# The first test of a session may build the bundle (1-3 min on 2 cores); lintian takes ~3.
# Every test of the bundle on one worker (tests/rigs/bundle.py says why).
pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.timeout(900), pytest.mark.xdist_group("bundle")]

# Qt modules the product never imports: no file of theirs may be in the bundle.
UNUSED_QT = (
    "WebEngine",
    "Qt6Pdf",
    "Quick3D",
    "Qt63D",
    "Charts",
    "DataVisualization",
    "Qt6Graphs",
    "Location",
    "Qt6Sensors",
    "Scxml",
    "RemoteObjects",
    "QuickControls2",
    "Qt6Designer",
    "Qt6Test",
)


FROM_DEBIAN = {"libspeechd.so.2"}


@pytest.fixture(scope="module")
def bundle() -> Path:
    return bundle_dir()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTHON"))}
    env.update(
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_RUNTIME_DIR=str(tmp_path),
        **extra,
    )
    return env


def test_a_second_build_with_the_same_inputs_is_reused(bundle: Path) -> None:
    again = subprocess.run(
        [str(REPO / "tools" / "bundle.sh")], cwd=REPO, capture_output=True, text=True, timeout=120, check=True
    )
    assert Path(again.stdout.strip()) == bundle
    assert "reusing" in again.stderr
    inputs = subprocess.run(
        [str(REPO / "tools" / "bundle.sh"), "--hash"], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
    ).stdout.strip()
    assert (bundle / "BUNDLE-INPUTS").read_text().strip() == inputs == bundle.parents[1].name


def test_it_holds_the_product_and_leaves_out_unused_qt(bundle: Path) -> None:
    files = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    inside = "\n".join(files)
    for unused in UNUSED_QT:
        assert unused not in inside, f"{unused} is in the bundle"
    for needed in (
        "_internal/offline_cache/data/xian_demo_catalog.json",
        "_internal/ui/qml/InputPanel.qml",
        "_internal/fonts/wqy-microhei.ttc",
        "_internal/PySide6/Qt/plugins/platforms/libqwayland.so",
        "_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
        "_internal/PySide6/Qt/plugins/texttospeech/libqtexttospeech_speechd.so",
        "_internal/PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "_internal/PySide6/Qt/qml/QtQuick/VirtualKeyboard/Plugins/Pinyin/qmldir",
    ):
        assert needed in files, f"{needed} is missing"
    if (REPO / "hub" / "migrations").is_dir():
        assert any(f.startswith("_internal/hub/migrations/") and f.endswith(".py") for f in files)
    size_mib = sum((bundle / f).stat().st_size for f in files) / 2**20
    print(f"bundle: {size_mib:.0f} MiB in {len(files)} files")
    # Goal 300 MiB, not met: OpenCV and NumPy alone are ~190 MiB (docs/deployment.md). The
    # bound catches a module slipping back in (448 MiB on 2026-12-02 with the hub).
    assert size_mib < 460


def test_no_library_in_it_misses_a_dependency(bundle: Path) -> None:
    internal = bundle / "_internal"
    search = os.pathsep.join(
        str(p) for p in {internal, internal / "PySide6" / "Qt" / "lib", *(d for d in internal.glob("*.libs"))}
    )
    objects = [p for p in internal.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    done = subprocess.run(
        ["ldd", *map(str, objects)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LD_LIBRARY_PATH": search},
        check=False,
    )
    missing = sorted({line.split()[0] for line in done.stdout.splitlines() if "not found" in line})
    # From Debian on the terminal, not the bundle: speech-dispatcher's client library, which
    # Qt's speechd engine loads (the package Recommends speech-dispatcher).
    assert [m for m in missing if m not in FROM_DEBIAN] == []


def test_kiosk_help_lists_every_command(bundle: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(bundle / "kiosk"), "--help"], capture_output=True, text=True, timeout=60, env=_env(tmp_path), check=False
    )
    assert done.returncode == 0, done.stderr
    for command in ("run", "config", "devices", "catalog", "sim"):
        assert re.search(rf"\b{command}\b", done.stdout)


def test_the_hall_board_shows_its_first_screen(bundle: Path, tmp_path: Path) -> None:
    shot = tmp_path / "display.png"
    with Xvfb(1600, 900) as xvfb:
        done = subprocess.run(
            [str(bundle / "kiosk"), "run", "--role", "display", "--demo", "--log-json", "--screenshot", str(shot)],
            capture_output=True,
            text=True,
            timeout=90,
            env=_env(tmp_path, DISPLAY=xvfb.display, QT_QPA_PLATFORM="xcb"),
            check=False,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    events = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    shown = next(e for e in events if e["event"] == "first_screen_shown")
    assert shown["screen"] == "HallBoardScreen"
    assert shown["missing_glyphs"] == ""  # the bundled CJK font draws every character
    image = Image.open(shot).convert("RGB")
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 10
    assert len(image.getcolors(1 << 20) or []) > 50  # anti-aliased text, not a flat fill


def _tile_centres(image: Image.Image) -> list[tuple[int, int]]:
    """Centres of the home screen's tiles, found in the picture (so that a change of the
    home's layout does not break the test): wide white boxes on the light background, as
    connected white cells of a 10-pixel grid."""
    cell = 10
    grey = image.convert("L")
    cols, rows = grey.width // cell, grey.height // cell
    white = {
        (cx, cy)
        for cy in range(rows)
        for cx in range(cols)
        if sum(1 for v in grey.crop((cx * cell, cy * cell, cx * cell + cell, cy * cell + cell)).tobytes() if v == 255)
        > 0.6 * cell * cell
    }
    centres = []
    while white:
        todo, part = [white.pop()], []
        while todo:
            cx, cy = todo.pop()
            part.append((cx, cy))
            for n in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
                if n in white:
                    white.remove(n)
                    todo.append(n)
        xs, ys = [c[0] for c in part], [c[1] for c in part]
        if max(xs) - min(xs) >= 30 and max(ys) - min(ys) >= 4:  # a tile, not a button
            centres.append(((min(xs) + max(xs) + 1) * cell // 2, (min(ys) + max(ys) + 1) * cell // 2))
    return sorted(centres, key=lambda c: (c[1], c[0]))


def _dark_share(image: Image.Image) -> float:
    """How much of the bottom of the window is the keyboard panel's dark grey."""
    panel = image.convert("L").crop((300, 650, 1300, 900))
    return sum(1 for v in panel.tobytes() if v < 70) / (panel.width * panel.height)


def test_the_pinyin_keyboard_loads_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    """The kiosk's search screen builds the Qt Virtual Keyboard from the bundle's QML; a
    module left out shows as "module ... is not installed" and an empty panel. The guides
    tile is found by trying the home's tiles, each in a fresh process."""
    with Xvfb(1600, 900) as xvfb:
        env = _env(tmp_path, DISPLAY=xvfb.display, QT_QPA_PLATFORM="xcb")
        tried: list[tuple[int, int]] = []
        found = ""
        while not found:
            proc = subprocess.Popen(
                [str(bundle / "kiosk"), "run", "--role", "kiosk", "--demo", "--windowed", "--log-json"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            try:
                deadline = time.monotonic() + 60
                ready = False
                while time.monotonic() < deadline and not ready:
                    line = proc.stderr.readline()
                    ready = '"service_ready"' in line and '"catalog"' in line
                assert ready, "the kiosk did not load its catalog"
                time.sleep(1)
                home = ImageGrab.grab(xdisplay=xvfb.display)
                assert _dark_share(home) < 0.05
                untried = [c for c in _tile_centres(home) if c not in tried]
                assert untried, f"no tile opened the keyboard (tried {tried})"
                tried.append(untried[0])
                subprocess.run(
                    ["xdotool", "mousemove", str(untried[0][0]), str(untried[0][1]), "click", "1"],
                    env=env,
                    timeout=10,
                    check=True,
                )
                time.sleep(4)
                if _dark_share(ImageGrab.grab(xdisplay=xvfb.display)) > 0.5:
                    found = "keyboard"
            finally:
                proc.terminate()
                proc.wait(timeout=20)
                errors = proc.stderr.read()
                proc.stderr.close()
            assert "is not installed" not in errors and "unavailable" not in errors, errors[-2000:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_hub_serves_its_health_route(bundle: Path, tmp_path: Path) -> None:
    """``kiosk hub serve`` from the bundle: FastAPI, uvicorn, SQLAlchemy and alembic's
    migrations (shipped as files) are all inside, and the health route answers."""
    import httpx

    port = _free_port()
    proc = subprocess.Popen(
        [str(bundle / "kiosk"), "hub", "serve", "--db", str(tmp_path / "hub.sqlite"), "--port", str(port)],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        answer = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None, f"the hub did not answer (exit {proc.poll()})"
        assert answer.status_code == 200
        assert answer.json().get("status") == "ok", answer.text
        assert (tmp_path / "hub.sqlite").stat().st_size > 0  # migrated by alembic from the bundle
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        finally:
            output = proc.stdout.read()
            proc.stdout.close()
    assert "Traceback" not in output, output[-3000:]
