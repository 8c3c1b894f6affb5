"""Which hub database an admin command (``kiosk hub token|staff|catalog|pair|report|
backup ...``) works on, when ``--db`` is not given (issue 17).

The same database the hub service serves: ``$HUB_DB`` (the service's environment), else
``HUB_DB`` in ``hub.env`` of the system configuration folder (``/etc/hall-kiosk``), else
``<data_dir>/hub.sqlite`` of the configuration (``--config``, then the installed or the
user's file), else the user's data folder.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kiosk.config import default_config_path
from kiosk.config.loader import default_data_dir, system_config_dirs


def hub_db_url(args: argparse.Namespace) -> str:
    """The database URL or path the command works on (see the module docstring).

    Raises:
        ConfigError: the configuration that names the data folder is unusable.
    """
    if getattr(args, "db", None):
        return str(args.db)
    from_env = os.environ.get("HUB_DB", "").strip()
    if from_env:
        return from_env
    from_file = read_env_file(hub_env_path()).get("HUB_DB", "").strip()
    if from_file:
        return from_file
    if getattr(args, "config", None) or default_config_path().exists():
        from launcher.resolve import settings_from_args

        data_dir = settings_from_args(argparse.Namespace(config=args.config, demo=False)).data_dir
    else:
        data_dir = default_data_dir()
    return str(Path(data_dir) / "hub.sqlite")


def hub_env_path() -> Path:
    """The hub service's settings file (``HUB_DB`` ...): ``hub.env`` in the first system
    configuration folder (``/etc/hall-kiosk``, or ``$HALL_KIOSK_SYSTEM_CONFIG_DIR``)."""
    return system_config_dirs()[0] / "hub.env"


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines of a systemd EnvironmentFile (comments and blanks skipped,
    one pair of surrounding quotes removed); empty when the file is missing or unreadable."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")) or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values
