"""Each role starts as a real process on a real X display and shows its first screen."""

from __future__ import annotations

import pytest
from PIL import ImageGrab, ImageStat

from ui.app import CJK_FAMILIES

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.mark.parametrize(
    ("role", "screen"), [("kiosk", "KioskHomeScreen"), ("window", "ClerkSignInScreen"), ("display", "HallBoardScreen")]
)
def test_role_shows_its_first_screen_in_chinese(launch, xvfb, tmp_path, role: str, screen: str) -> None:
    app = launch("--role", role, "--demo", "--windowed")
    shown = app.wait_for("first_screen_shown")
    assert shown["role"] == role and shown["screen"] == screen
    assert shown["font"] in CJK_FAMILIES
    assert shown["missing_glyphs"] == ""  # every character on screen has a glyph (no boxes)

    shot = ImageGrab.grab(xdisplay=xvfb.display)
    shot.save(tmp_path / f"{role}.png")
    stats = ImageStat.Stat(shot.convert("L"))
    assert stats.stddev[0] > 10, "the screenshot is blank"
    assert len(shot.convert("RGB").getcolors(1 << 20) or []) > 50  # anti-aliased text, not a flat fill
    assert app.stop() == 0  # SIGTERM ends it cleanly
    assert app.unexpected_qt_messages() == []


def test_a_bad_configuration_never_opens_a_window(launch, tmp_path) -> None:
    default = tmp_path / "config" / "hall-kiosk" / "config.toml"  # the default place here
    default.parent.mkdir(parents=True)
    default.write_text("role = kiosk\n", encoding="utf-8")
    app = launch("--role", "kiosk")
    assert app.proc.wait(timeout=30) == 2
    assert "not valid TOML" in app.proc.stderr.read()


def test_no_configuration_at_all_opens_the_set_up_wizard(launch, tmp_path) -> None:
    app = launch("--role", "kiosk")  # no config file at the default place, no --demo (issue 10)
    shown = app.wait_for("setup_wizard_shown")
    assert shown["path"] == str(tmp_path / "config" / "hall-kiosk" / "config.toml")
    assert app.stop() == 1  # closed unsaved: nothing written
    assert not (tmp_path / "config" / "hall-kiosk" / "config.toml").exists()
