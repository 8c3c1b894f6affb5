"""The default paths follow platformdirs' answer exactly (the loader computes the XDG
rule itself on Linux so the first screen does not wait for platformdirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from kiosk.config.loader import (
    APP_NAME,
    SYSTEM_CONFIG_DIR_ENV,
    config_candidates,
    default_config_path,
    default_data_dir,
    user_config_path,
)


@pytest.mark.parametrize(
    ("config_home", "data_home"),
    [(None, None), ("/srv/cfg", "/srv/data"), ("relative/cfg", "relative/data"), ("", " ")],
)
def test_default_paths_are_platformdirs(monkeypatch, tmp_path, config_home, data_home) -> None:
    monkeypatch.setenv(SYSTEM_CONFIG_DIR_ENV, str(tmp_path / "etc"))  # no system file here
    for name, value in (("XDG_CONFIG_HOME", config_home), ("XDG_DATA_HOME", data_home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert str(default_config_path()) == f"{platformdirs.user_config_dir(APP_NAME)}/config.toml"
    assert str(default_data_dir()) == platformdirs.user_data_dir(APP_NAME)


def test_the_system_file_wins_over_the_users(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user"))
    monkeypatch.setenv(SYSTEM_CONFIG_DIR_ENV, str(tmp_path / "etc"))
    user = tmp_path / "user" / APP_NAME / "config.toml"
    system = tmp_path / "etc" / "config.toml"
    assert config_candidates() == [system, user] and user_config_path() == user
    user.parent.mkdir(parents=True)
    user.write_text("", encoding="utf-8")
    assert default_config_path() == user
    system.parent.mkdir(parents=True)
    system.write_text("", encoding="utf-8")
    assert default_config_path() == system
    from launcher.hub_database import hub_env_path

    assert hub_env_path() == tmp_path / "etc" / "hub.env"


def test_without_the_override_etc_then_xdg_config_dirs(monkeypatch) -> None:
    monkeypatch.delenv(SYSTEM_CONFIG_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_DIRS", "/opt/xdg:relative:/srv/xdg")
    assert config_candidates()[:3] == [
        Path("/etc/hall-kiosk/config.toml"),
        Path("/opt/xdg/hall-kiosk/config.toml"),
        Path("/srv/xdg/hall-kiosk/config.toml"),
    ]
    monkeypatch.delenv("XDG_CONFIG_DIRS")
    assert config_candidates()[1] == Path("/etc/xdg/hall-kiosk/config.toml")
