"""PyInstaller runtime hook: runs in the bundle before any product code.

Points fontconfig at the CJK font shipped in the bundle (``fonts/``) while keeping the
system's configuration, so Chinese text draws even on a terminal without fonts-* installed
(HARDWARE.md §7: without a CJK font every Han character is a box).
"""

import os
import sys
from pathlib import Path

_bundle = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
_fonts = _bundle / "fonts"
if _fonts.is_dir() and "FONTCONFIG_FILE" not in os.environ:
    _conf = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{_fonts}</dir>\n</fontconfig>\n"
    )
    # The bundle's folder is read-only (/opt): the small file goes to the user's cache
    # (the service user's home is /var/lib/hall-kiosk), rewritten only when it changes;
    # never a fixed name in a shared /tmp, which another user could plant first.
    try:
        _cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hall-kiosk"
        _cache.mkdir(parents=True, exist_ok=True)
        _path = _cache / "fonts.conf"
        if not _path.is_file() or _path.read_text(encoding="utf-8") != _conf:
            _tmp = _path.with_suffix(f".{os.getpid()}.tmp")
            _tmp.write_text(_conf, encoding="utf-8")
            os.replace(_tmp, _path)
        os.environ["FONTCONFIG_FILE"] = str(_path)
    except OSError:
        pass  # the system's fonts alone; the first screen logs `no_cjk_font` if none fits
