"""The [guidance] table: voice guidance and the headset jack, validated like the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_text
from kiosk.config.dump import to_toml
from kiosk.config.loader import demo_settings
from kiosk.config.settings import GuidanceSettings
from kiosk.config.starting import starting_config


def test_defaults_without_the_table() -> None:
    assert load_text('role = "kiosk"\n').guidance == GuidanceSettings()


def test_the_table_loads_into_typed_settings() -> None:
    s = load_text(
        '[guidance]\nenabled = true\nauto_on_headset = false\nengine = "espeak"\nheadset = "linux"\n'
        'rate_wpm = 140\nprivate_without_headset = "skip"\n'
    )
    assert s.guidance == GuidanceSettings(True, False, "espeak", "linux", 140, "skip")


@pytest.mark.parametrize(
    ("line", "key", "words"),
    [
        ('engine = "festival"', "guidance.engine", "must be one of auto, qt, espeak, none"),
        ('headset = "bluetooth"', "guidance.headset", "must be one of"),
        ("rate_wpm = 20", "guidance.rate_wpm", "between 80 and 400"),
        ('enabled = "yes"', "guidance.enabled", "true or false"),
        ('private_without_headset = "loud"', "guidance.private_without_headset", "neutral, skip"),
        ("volume = 3", "guidance.volume", "unknown key"),
    ],
)
def test_bad_values_name_the_key(line: str, key: str, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_text(f"[guidance]\n{line}\n")
    assert err.value.key == key and words in str(err.value)


def test_dump_round_trips_the_table() -> None:
    s = load_text('[guidance]\nenabled = true\nheadset = "none"\n')
    shown = to_toml(s, hide_secrets=False)
    assert "[guidance]" in shown and 'headset = "none"' in shown
    assert load_text(shown).guidance == s.guidance


def test_the_starting_file_names_every_key_and_loads(tmp_path: Path) -> None:
    text = starting_config(tmp_path / "data")
    s = load_text(text)
    assert s.guidance == GuidanceSettings()
    for key in vars(GuidanceSettings()):
        assert f"\n{key} = " in text.split("[guidance]", 1)[1].split("\n[", 1)[0]


def test_the_demo_has_the_simulated_headset() -> None:
    assert demo_settings("kiosk").guidance.headset == "simulated"
