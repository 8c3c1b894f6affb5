"""``kiosk config init``: a real terminal's starting file, written without clobbering.

The file names real backends (serial ID reader, PC/SC, a network printer, a camera,
the Modbus queue bus) with placeholder addresses and a comment on each, so that a
technician edits addresses instead of discovering that every device was a demo fake.
Its technician PIN is made for it (never a shipped default); ``kiosk config check``
refuses it until the lines marked EDIT that hold placeholders are edited.
"""

from __future__ import annotations

import errno
import secrets
from pathlib import Path

from kiosk.config.errors import ConfigError
from kiosk.config.settings import CURRENT_VERSION

# One line of the OS's reason per errno a technician meets when writing config files.
_WHY = {
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "the folder cannot hold files here",
    errno.ENOTDIR: "a part of the path is a file",
}


def new_technician_pin() -> str:
    """Eight random digits (``secrets``): the maintenance screen's PIN of a new file."""
    return f"{secrets.randbelow(10**8):08d}"


def starting_config(data_dir: Path) -> str:
    """The text of a starting configuration for a real terminal (fullscreen, no demo)."""
    data = str(data_dir).replace("\\", "\\\\").replace('"', '\\"')
    pin = new_technician_pin()
    return f'''\
# hall-kiosk configuration for a real terminal. Edit the lines marked EDIT, then run
#   kiosk config check THIS_FILE      (one line naming any key at fault)
#   kiosk devices check --config THIS_FILE
# Devices this terminal does not have: set backend = "none".
config_version = {CURRENT_VERSION}
role = "kiosk"                # kiosk | window | display
demo = false
language = "zh_CN"            # zh_CN | en
theme = "normal"              # normal | elder | high_contrast
fullscreen = true
terminal_id = "T-0001"        # EDIT: this terminal's id, unique in the hall
data_dir = "{data}"           # the offline catalog and outbox live here
idle_timeout_s = 120
idle_warning_s = 30
technician_pin = "{pin}"   # made for this file; change it if you like (4-12 digits)
log_json = true
log_level = "INFO"

[hall]
code = "HALL-CODE"            # EDIT: the hall's code in the catalog (hall_code)
name = "政务服务中心"          # EDIT: the hall's name as shown on the home screen
area_code = "000000"          # EDIT: 6-digit area code (GB/T 2260)
window_no = 1                 # window role: the window this terminal serves
notice = ""                   # display role: the board's scrolling line ("" = 请留意叫号，过号请重新取号)
timezone = "Asia/Shanghai"    # the hall's time zone: every screen and receipt shows its time

[hub]
url = "embedded"              # "embedded", or the hall hub: https://hub.example/
token = ""

[guidance]                    # 语音播报: voice guidance and the headset jack (docs/accessibility.md)
enabled = false               # true: every visit starts with voice on (it can be switched off)
auto_on_headset = true        # a headset in the jack switches voice on
engine = "auto"               # auto | qt | espeak | none
headset = "auto"              # auto | linux | simulated | none: how the jack is read
rate_wpm = 170                # espeak-ng speed, 80-400
private_without_headset = "neutral"  # neutral (say "已读取身份证" instead) | skip

[devices.id_reader]           # GA/T 467 resident ID card reader
backend = "serial"            # serial | vendor_sdk | none
url = "/dev/ttyUSB0"          # EDIT: the reader's port (ls /dev/serial/by-id/)
baud = 115200

[devices.smartcard]           # social security card (PC/SC)
backend = "pcsc"              # pcsc | none
reader = ""                   # part of the reader's name; "" = the first reader

[devices.printer]             # ESC/POS receipt printer
backend = "network"           # network | serial | usb | file | none
url = "tcp://PRINTER-IP:9100" # EDIT: tcp://HOST:9100, /dev/ttyUSB1 (serial) or file:///dev/usb/lp0
encoding = "gb18030"
paper_width_mm = 80           # 58 | 80

[devices.camera]              # camera / document camera (高拍仪)
backend = "opencv"            # opencv | none
source = "0"                  # EDIT: device index (0 = /dev/video0) or a stream URL

[devices.queue_bus]           # window LED display and evaluation pad (Modbus RTU)
backend = "none"              # modbus | none; window role: "modbus"
url = "/dev/ttyUSB2"          # EDIT when enabled: the RS-485 adapter's port
baud = 9600
display_address = 1
pad_address = 2
'''


def write_new(path: Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` atomically: a temporary file beside it, then a rename.

    The temporary file has a name of its own (never ``PATH.tmp``, which may be someone's
    file) and is removed when anything fails; the target is untouched until the rename.

    Raises:
        ConfigError: the file exists (without ``force``), the path is a folder, or the
            file system refuses (read-only, full, no permission), in words.
    """
    from common.safe_write import UnsafeWrite, write_file

    where = str(path)
    if path.is_dir():
        raise ConfigError("", f"is a folder; give a file name, e.g. {path / 'config.toml'}", where)
    if path.exists() and not force:
        raise ConfigError("", "file exists; pass --force to overwrite", where)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError("", f"cannot write here: {_why(exc)}", where) from None
    try:
        # mode 0600 for a new file: the PIN and the hub token are in it; a replaced file
        # keeps its owner and mode (the package's 0640 root:kiosk stays readable).
        write_file(path, text, overwrite=force, mode=0o600)
    except UnsafeWrite as exc:
        raise ConfigError("", exc.reason, where) from None


def _why(exc: OSError) -> str:
    return _WHY.get(exc.errno or 0) or exc.strerror or type(exc).__name__
