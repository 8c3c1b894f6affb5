"""The default paths follow platformdirs' answer exactly (the loader computes the XDG
rule itself on Linux so the first screen does not wait for platformdirs)."""

from __future__ import annotations

import platformdirs
import pytest

from kiosk.config.loader import APP_NAME, default_config_path, default_data_dir


@pytest.mark.parametrize(
    ("config_home", "data_home"),
    [(None, None), ("/srv/cfg", "/srv/data"), ("relative/cfg", "relative/data"), ("", " ")],
)
def test_default_paths_are_platformdirs(monkeypatch, config_home, data_home) -> None:
    for name, value in (("XDG_CONFIG_HOME", config_home), ("XDG_DATA_HOME", data_home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert str(default_config_path()) == f"{platformdirs.user_config_dir(APP_NAME)}/config.toml"
    assert str(default_data_dir()) == platformdirs.user_data_dir(APP_NAME)
