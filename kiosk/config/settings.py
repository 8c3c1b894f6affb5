"""Typed settings. Every field here has a default, a type and a range in ``schema.py``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from offline_cache.wire.demo_hall import DEMO_HALL_NAME

CURRENT_VERSION = 1
# The demo's technician PIN (also the demo clerk 3001's): only ever valid with demo = true.
DEMO_TECHNICIAN_PIN = "246810"

ROLES = ("kiosk", "window", "display")
THEMES = ("normal", "elder", "high_contrast")
LANGUAGES = ("zh_CN", "en")


@dataclass(frozen=True)
class HallSettings:
    code: str = "XA-H02"  # the demo catalog's 碑林区政务服务中心
    name: str = DEMO_HALL_NAME  # the embedded demo hub's hall too
    area_code: str = "610103"
    window_no: int = 1  # the window this terminal serves (window role)
    notice: str = ""  # the hall board's scrolling notice ("" = the default, with the hours)
    timezone: str = "Asia/Shanghai"  # every time shown or printed is the hall's (one hall, one zone)
    # The name English screens and paper show ("" = ``name``). Not the demo's by default:
    # a hall that names itself must not be called the demo hall in English.
    name_en: str = ""


@dataclass(frozen=True)
class HubSettings:
    url: str = "embedded"  # "embedded" = start a hub inside this process
    token: str = ""
    # The hall's key for person keys (tickets: one active per person and service); the
    # same on every terminal of a hall. The default serves the demo and the embedded hub.
    person_key: str = "embedded-hall-person-key"


@dataclass(frozen=True)
class SpeechSettings:
    """Spoken calls (kiosk/speech/select.py decides the voice from these)."""

    engine: str = "auto"  # auto = voice pack, then a Qt engine, then espeak-ng
    voice_pack: str = ""  # folder of recorded clips (docs/voice-pack.md); "" = none


@dataclass(frozen=True)
class GuidanceSettings:
    """Voice guidance on the kiosk (kiosk/guidance/): 语音播报 and the headset."""

    enabled: bool = False  # the 语音播报 switch at the start of every visit
    auto_on_headset: bool = True  # a headset plugged into the jack switches it on
    engine: str = "auto"  # auto = a Qt engine with a voice for the language, else espeak-ng; or qt | espeak | none
    headset: str = "auto"  # auto | linux (read the jack: pactl / amixer) | simulated (demo) | none
    rate_wpm: int = 170  # espeak-ng speed
    private_without_headset: str = "neutral"  # neutral = say e.g. "已读取身份证" instead | skip


@dataclass(frozen=True)
class DeviceSettings:
    """One device: its backend and that backend's options (url, baud, ...)."""

    kind: str
    backend: str = "none"
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return self.backend != "none"


@dataclass(frozen=True)
class Settings:
    config_version: int = CURRENT_VERSION
    role: str = "kiosk"
    demo: bool = False
    language: str = "zh_CN"
    theme: str = "normal"
    fullscreen: bool = True
    terminal_id: str = "T-0001"
    data_dir: Path = Path(".")
    idle_timeout_s: int = 120
    idle_warning_s: int = 30
    # No PIN in code: a file gets one made for it (`config init`, `kiosk setup`, the
    # package's postinst); without one the maintenance screen stays shut.
    technician_pin: str = ""
    log_json: bool = False
    log_level: str = "INFO"
    hall: HallSettings = field(default_factory=HallSettings)
    hub: HubSettings = field(default_factory=HubSettings)
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    guidance: GuidanceSettings = field(default_factory=GuidanceSettings)
    devices: dict[str, DeviceSettings] = field(default_factory=dict)
    source: str = ""  # the file these came from ("" = built in)

    def device(self, kind: str) -> DeviceSettings:
        return self.devices.get(kind, DeviceSettings(kind))
