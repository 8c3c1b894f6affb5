"""Read a TOML file into ``Settings``: parse, migrate, validate, build."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from drivers import registry
from kiosk.config import schema
from kiosk.config.errors import ConfigError
from kiosk.config.migrate import migrate
from kiosk.config.settings import (
    DEMO_TECHNICIAN_PIN,
    DeviceSettings,
    GuidanceSettings,
    HallSettings,
    HubSettings,
    Settings,
    SpeechSettings,
)
from offline_cache.wire.demo_hall import DEMO_HALL_NAME_EN

APP_NAME = "hall-kiosk"
# Tests (and an unusual install) point the system folder elsewhere than /etc/hall-kiosk.
SYSTEM_CONFIG_DIR_ENV = "HALL_KIOSK_SYSTEM_CONFIG_DIR"


def system_config_dirs() -> list[Path]:
    """The machine's configuration folders, first wins: ``$HALL_KIOSK_SYSTEM_CONFIG_DIR``
    alone when set, else ``/etc/hall-kiosk`` (where the package installs it), then
    ``hall-kiosk`` in each of ``$XDG_CONFIG_DIRS`` (default ``/etc/xdg``)."""
    override = os.environ.get(SYSTEM_CONFIG_DIR_ENV, "").strip()
    if override:
        return [Path(override)]
    if not sys.platform.startswith("linux"):
        import platformdirs

        return [Path(platformdirs.site_config_dir(APP_NAME))]
    dirs = [Path("/etc") / APP_NAME]
    xdg = os.environ.get("XDG_CONFIG_DIRS", "").strip() or "/etc/xdg"
    dirs += [Path(d) / APP_NAME for d in xdg.split(":") if os.path.isabs(d)]
    return dirs


def user_config_path() -> Path:
    """The user's own configuration file (platformdirs' user config folder)."""
    return _user_dir("XDG_CONFIG_HOME", ".config", "user_config_dir") / "config.toml"


def config_candidates() -> list[Path]:
    """Where a configuration is looked for without ``--config``, in order."""
    return [d / "config.toml" for d in system_config_dirs()] + [user_config_path()]


def default_config_path() -> Path:
    """The configuration used when ``--config`` is not given: the first of
    :func:`config_candidates` that exists, else the user's (to name in messages).
    One rule for every command (issue 17): the installed ``/etc/hall-kiosk/config.toml``
    is found whoever runs the command."""
    for path in config_candidates():
        if path.exists():
            return path
    return user_config_path()


def default_data_dir() -> Path:
    return _user_dir("XDG_DATA_HOME", ".local/share", "user_data_dir")


def _user_dir(variable: str, fallback: str, platformdirs_name: str) -> Path:
    """platformdirs' answer; on Linux (every terminal) the XDG rule it follows, computed
    here: importing platformdirs cost the first screen ~4 ms (bench/startup.py)."""
    if sys.platform.startswith("linux"):
        base = os.environ.get(variable, "").strip()
        root = Path(base) if base and os.path.isabs(base) else Path.home() / fallback
        return root / APP_NAME
    import platformdirs

    return Path(getattr(platformdirs, platformdirs_name)(APP_NAME))


def load(path: str | Path) -> Settings:
    """Read and validate the file at ``path``.

    Raises:
        ConfigError: the file is missing, unreadable, not TOML, or a key is wrong.
    """
    p = Path(path)
    try:
        # utf-8-sig: Windows Notepad starts a UTF-8 file with a byte-order mark.
        text = _read_small_file(p).decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("", "file not found", str(p)) from None
    except IsADirectoryError:
        raise ConfigError("", "is a folder, not a configuration file", str(p)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError("", f"cannot read the file: not UTF-8 text (byte {exc.start})", str(p)) from None
    except OSError as exc:
        raise ConfigError("", f"cannot read the file ({exc.strerror or exc.__class__.__name__})", str(p)) from None
    return load_text(text, source=str(p))


MAX_CONFIG_BYTES = 1024 * 1024  # a real file is a few KiB


def _read_small_file(p: Path) -> bytes:
    """The bytes of a regular file of at most MAX_CONFIG_BYTES.

    ``/dev/zero`` would fill the memory and a FIFO without a writer would hang: both
    are refused. Opened non-blocking, then checked with fstat on the same descriptor.

    Raises:
        ConfigError: not a regular file, or too large.
        OSError: cannot be opened or read (the caller words it).
    """
    fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(p)
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError("", "not a regular file (a device, pipe or socket); give the configuration file", str(p))
        data = f.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError("", "too large for a configuration file (over 1 MiB)", str(p))
    return data


def load_text(text: str, source: str = "") -> Settings:
    """Validate TOML text; ``source`` names it in errors."""
    import tomllib  # only when a file is read: the demo starts without it

    text = text.removeprefix("\ufeff")  # a byte-order mark is not part of the TOML
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("", f"not valid TOML: {exc}", source) from None
    except RecursionError:  # tomllib recurses per nesting level: [[[[... 100k deep
        raise ConfigError("", "not valid TOML: arrays or tables nested too deeply", source) from None
    except ValueError as exc:
        # tomllib lets int()'s own ValueError out for a number over Python's 4300-digit
        # limit (found by tests/fuzz config_tree): still a bad file, not a crash.
        raise ConfigError("", f"not valid TOML: {exc}", source) from None
    try:
        return _build(migrate(raw), source)
    except ConfigError as exc:
        if not exc.source:
            raise ConfigError(exc.key, exc.problem, source) from None
        raise


DEMO_TERMINALS = {"kiosk": "DEMO-KIOSK", "window": "DEMO-WINDOW-1", "display": "DEMO-BOARD"}


def demo_settings(role: str = "kiosk") -> Settings:
    """The built-in demo: fake devices until the launcher points them at simulators,
    the bundled catalog, an embedded hub, windowed, short idle timeout."""
    devices = {kind: DeviceSettings(kind, "fake", {}) for kind in registry.KINDS}
    return Settings(
        role=role,
        # Each role its own terminal on the demo hub's /status (all were T-0001, so one
        # health row flipped between the board and the window).
        terminal_id=DEMO_TERMINALS.get(role, f"DEMO-{role.upper()}"),
        demo=True,
        technician_pin=DEMO_TECHNICIAN_PIN,
        fullscreen=False,
        data_dir=default_data_dir() / "demo",
        idle_timeout_s=90,
        idle_warning_s=30,
        guidance=GuidanceSettings(headset="simulated"),  # the demo panel plugs it in
        hall=HallSettings(name_en=DEMO_HALL_NAME_EN),
        devices=devices,
        source="",
    )


def _build(raw: dict[str, Any], source: str) -> Settings:
    top = {k: v for k, v in raw.items() if k not in ("hall", "hub", "devices", "speech", "guidance")}
    values = _check_table("", top, schema.TOP)
    hall = HallSettings(**_check_table("hall", _table(raw, "hall"), schema.HALL))
    hub = HubSettings(**_check_table("hub", _table(raw, "hub"), schema.HUB))
    devices = _devices(_table(raw, "devices"))
    if "data_dir" in values:
        values["data_dir"] = _data_dir(values["data_dir"])
    else:
        values["data_dir"] = default_data_dir()
    speech = SpeechSettings(**_check_table("speech", _table(raw, "speech"), schema.SPEECH))
    guidance = GuidanceSettings(**_check_table("guidance", _table(raw, "guidance"), schema.GUIDANCE))
    settings = Settings(**values, hall=hall, hub=hub, speech=speech, guidance=guidance, devices=devices, source=source)
    if settings.idle_warning_s >= settings.idle_timeout_s:
        raise ConfigError(
            "idle_warning_s",
            f"must be shorter than idle_timeout_s ({settings.idle_warning_s} >= {settings.idle_timeout_s})",
        )
    return settings


def _data_dir(text: str) -> Path:
    """``data_dir`` as a path, ``~`` and ``~user`` expanded.

    Raises:
        ConfigError: ``~user`` names no user on this machine.
    """
    try:
        return Path(text).expanduser()
    except (RuntimeError, KeyError):  # Path.expanduser: "Could not determine home directory"
        user = text[1:].split("/", 1)[0]
        raise ConfigError(
            "data_dir", f"~{user}: no such user on this machine; give an absolute path such as /var/lib/hall-kiosk"
        ) from None


def _table(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(key, f"must be a table ([{key}]), not {type(value).__name__}")
    return value


def _check_table(prefix: str, table: dict[str, Any], fields: dict[str, schema.Field]) -> dict[str, Any]:
    out = {}
    for key, value in table.items():
        dotted = f"{prefix}.{key}" if prefix else key
        spec = fields.get(key)
        if spec is None:
            raise ConfigError(dotted, f"unknown key (known: {', '.join(sorted(fields))})")
        problem = schema.check_field(dotted, spec, value)
        if problem:
            raise ConfigError(dotted, problem)
        out[key] = value
    return out


def _devices(table: dict[str, Any]) -> dict[str, DeviceSettings]:
    devices = {}
    for kind, section in table.items():
        prefix = f"devices.{kind}"
        if kind not in schema.DEVICE_OPTIONS:
            raise ConfigError(prefix, f"unknown device kind (known: {', '.join(schema.DEVICE_OPTIONS)})")
        if not isinstance(section, dict):
            raise ConfigError(prefix, "must be a table")
        backend = section.get("backend", "none")
        if not isinstance(backend, str) or backend not in registry.backend_names(kind):
            raise ConfigError(
                f"{prefix}.backend", f"must be one of {', '.join(registry.backend_names(kind))} (got {backend!r})"
            )
        options = {k: v for k, v in section.items() if k != "backend"}
        options = _check_table(prefix, options, schema.DEVICE_OPTIONS[kind])
        if backend in registry.NEEDS_URL.get(kind, set()) and "url" not in options:
            raise ConfigError(
                f"{prefix}.url",
                f"is required when backend is {backend!r} "
                "(e.g. /dev/ttyUSB0, socket://127.0.0.1:7001, tcp://host:9100)",
            )
        devices[kind] = DeviceSettings(kind, backend, options)
    return devices


def with_devices(settings: Settings, devices: dict[str, DeviceSettings]) -> Settings:
    """A copy of ``settings`` with some devices replaced (the demo points them at simulators)."""
    return replace(settings, devices={**settings.devices, **devices})
