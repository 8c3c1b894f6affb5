"""What the X server shows, grabbed as fast as it can be, and taps that are timed with it.

A person sees the X server's screen, not a widget's own grab: a frame the window
composes black or grey before a page has painted shows only there. This module grabs
the root window through the MIT-SHM extension (about 2 ms a frame for 1920x1080 on
Xvfb; ``import -window root`` takes 150 ms, XGetImage 18 ms) and presses the pointer
through XTEST in the same process, so the tap and the frames share one clock.

It runs as a process of its own beside the application (``python -m
tests.e2e.screen_grab``, DISPLAY set): the application's event loop must run freely
while the frames are taken. One JSON command a line on stdin, one JSON answer a line
on stdout:

- ``{"cmd": "watch", "x": X, "y": Y, "hold_ms": 60, "save": PREFIX}``: move the pointer
  there, take the frame before the tap, press, hold, release, and keep grabbing until
  the next line (``stop``) comes; then answer with every frame's time and looks (see
  :func:`looks`), the first frame that differs from the one before the tap, the grab
  interval, and PNGs (``PREFIX-<ms>-<kind>.png``) of the first bad frames and the last.
- ``{"cmd": "quit"}``.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import statistics
import time

import numpy as np

BLACK_LUMINANCE = 20  # mean luminance under this: a black frame
FLAT_SHARE = 0.95  # one colour over this share of the pixels: a flat (grey) frame
STEP = 4  # every 4th pixel across and down is looked at: 480 x 270 samples
SAVED_BAD = 3  # PNGs of the first bad frames of one watch


class _XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int),
        ("data", ctypes.c_void_p),
        ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
    ]


class _ShmSegment(ctypes.Structure):
    _fields_ = [
        ("shmseg", ctypes.c_ulong),
        ("shmid", ctypes.c_int),
        ("shmaddr", ctypes.c_void_p),
        ("readOnly", ctypes.c_int),
    ]


class Screen:
    """The root window of one X display: grabs through shared memory, taps through XTEST."""

    def __init__(self, display: str) -> None:
        x11 = ctypes.CDLL("libX11.so.6")
        xext = ctypes.CDLL("libXext.so.6")
        self._xtst = ctypes.CDLL("libXtst.so.6")
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        for name in ("XDefaultRootWindow", "XDisplayWidth", "XDisplayHeight", "XDefaultVisual"):
            getattr(x11, name).argtypes = [ctypes.c_void_p] + ([ctypes.c_int] if name != "XDefaultRootWindow" else [])
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultVisual.restype = ctypes.c_void_p
        x11.XFlush.argtypes = x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        xext.XShmCreateImage.restype = ctypes.POINTER(_XImage)
        xext.XShmCreateImage.argtypes = [
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_void_p,
            ctypes.POINTER(_ShmSegment),
            ctypes.c_uint,
            ctypes.c_uint,
        ]
        xext.XShmAttach.argtypes = xext.XShmDetach.argtypes = [ctypes.c_void_p, ctypes.POINTER(_ShmSegment)]
        xext.XShmGetImage.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_XImage),
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self._xtst.XTestFakeMotionEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self._xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        libc.shmget.restype = ctypes.c_int
        libc.shmget.argtypes = [ctypes.c_int, ctypes.c_size_t, ctypes.c_int]
        libc.shmat.restype = ctypes.c_void_p
        libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
        libc.shmctl.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_void_p]
        libc.shmdt.argtypes = [ctypes.c_void_p]
        self._x11, self._xext, self._libc = x11, xext, libc
        self._dpy = x11.XOpenDisplay(display.encode())
        if not self._dpy:
            raise RuntimeError(f"cannot open X display {display}")
        self._root = x11.XDefaultRootWindow(self._dpy)
        self.width, self.height = x11.XDisplayWidth(self._dpy, 0), x11.XDisplayHeight(self._dpy, 0)
        self._shm = _ShmSegment()
        visual = x11.XDefaultVisual(self._dpy, 0)
        self._image = xext.XShmCreateImage(
            self._dpy, visual, 24, 2, None, ctypes.byref(self._shm), self.width, self.height
        )
        line = self._image.contents.bytes_per_line
        self._shm.shmid = libc.shmget(0, line * self.height, 0o1000 | 0o600)  # IPC_CREAT, private
        self._shm.shmaddr = libc.shmat(self._shm.shmid, None, 0)
        self._image.contents.data = self._shm.shmaddr
        if not xext.XShmAttach(self._dpy, ctypes.byref(self._shm)):
            raise RuntimeError("the X server refused the shared memory segment")
        x11.XSync(self._dpy, 0)
        libc.shmctl(self._shm.shmid, 0, None)  # IPC_RMID: gone once both sides detach
        raw = np.ctypeslib.as_array(ctypes.cast(self._shm.shmaddr, ctypes.POINTER(ctypes.c_uint8)), (self.height, line))
        self._pixels = raw[:, : self.width * 4].reshape(self.height, self.width, 4)  # B, G, R, x

    def grab(self) -> np.ndarray:
        """The screen now, as every STEP-th pixel (rows x columns x RGB, uint8)."""
        self._xext.XShmGetImage(self._dpy, self._root, self._image, 0, 0, 0xFFFFFFFF)
        return self._pixels[::STEP, ::STEP, 2::-1].copy()

    def grab_full(self) -> np.ndarray:
        """The whole screen now (rows x columns x RGB), for a picture."""
        self._xext.XShmGetImage(self._dpy, self._root, self._image, 0, 0, 0xFFFFFFFF)
        return self._pixels[:, :, 2::-1].copy()

    def move(self, x: int, y: int) -> None:
        self._xtst.XTestFakeMotionEvent(self._dpy, -1, x, y, 0)
        self._x11.XFlush(self._dpy)

    def button(self, down: bool) -> None:
        self._xtst.XTestFakeButtonEvent(self._dpy, 1, int(down), 0)
        self._x11.XFlush(self._dpy)

    def close(self) -> None:
        self._xext.XShmDetach(self._dpy, ctypes.byref(self._shm))
        self._x11.XCloseDisplay(self._dpy)
        self._libc.shmdt(self._shm.shmaddr)


def looks(frame: np.ndarray) -> tuple[float, float, str]:
    """(mean luminance, share of the commonest colour, kind): kind is "black", "flat"
    (one colour over FLAT_SHARE of the screen: the grey of a page not painted yet) or ""."""
    rgb = frame[::2, ::2].reshape(-1, 3).astype(np.int32)  # 240 x 135 samples: quick between grabs
    luminance = float((299 * rgb[:, 0] + 587 * rgb[:, 1] + 114 * rgb[:, 2]).mean() / 1000)
    codes = (rgb[:, 0] >> 3) << 10 | (rgb[:, 1] >> 3) << 5 | rgb[:, 2] >> 3  # colours to 15 bits
    share = float(np.bincount(codes, minlength=1 << 15).max() / codes.size)
    kind = "black" if luminance < BLACK_LUMINANCE else "flat" if share > FLAT_SHARE else ""
    return round(luminance, 1), round(share, 3), kind


def save_png(frame: np.ndarray, path: str) -> None:
    from PIL import Image

    Image.fromarray(frame).save(path)


class _Lines:
    """Lines from stdin read straight from its descriptor: a buffered reader could hold
    the ``stop`` line where ``select`` cannot see it."""

    def __init__(self) -> None:
        self._buffer = b""

    def ready(self) -> bool:
        return b"\n" in self._buffer or bool(select.select([0], [], [], 0)[0])

    def read(self) -> str:
        while b"\n" not in self._buffer:
            chunk = os.read(0, 4096)
            if not chunk:
                return ""
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()


LINES = _Lines()


def watch(screen: Screen, x: int, y: int, hold_ms: float = 60, save: str | None = None) -> dict:
    """Tap at (x, y) and take frames until ``stop`` arrives on stdin."""
    screen.move(x, y)
    time.sleep(0.05)  # the pointer's own move is no change of the screen
    before = screen.grab()
    frames: list[tuple[float, float, float, str, bool]] = []
    saved: list[str] = []
    first_change = None
    screen.button(True)
    pressed = time.perf_counter()
    released = False
    last = None
    while True:
        now_ms = (time.perf_counter() - pressed) * 1000
        if not released and now_ms >= hold_ms:
            screen.button(False)
            released = True
        frame = screen.grab()
        at = round((time.perf_counter() - pressed) * 1000, 1)
        lum, share, kind = looks(frame)
        changed = not np.array_equal(frame, before)
        if changed and first_change is None:
            first_change = at
        frames.append((at, lum, share, kind, changed))
        last = frame
        if kind and save and len(saved) < SAVED_BAD:
            saved.append(f"{save}-{int(at)}-{kind}.png")
            save_png(screen.grab_full(), saved[-1])
        if released and LINES.ready():
            LINES.read()
            break
    if save and last is not None:
        saved.append(f"{save}-last.png")
        save_png(screen.grab_full(), saved[-1])
    gaps = [b[0] - a[0] for a, b in zip(frames, frames[1:], strict=False)]
    return {
        "first_change_ms": first_change,
        "interval_ms": round(statistics.median(gaps), 2) if gaps else None,
        "frames": len(frames),
        "bad": [{"at_ms": f[0], "luminance": f[1], "share": f[2], "kind": f[3]} for f in frames if f[3]],
        "saved": saved,
    }


def main() -> int:
    screen = Screen(os.environ["DISPLAY"])
    print(json.dumps({"ready": True, "size": [screen.width, screen.height]}), flush=True)
    while line := LINES.read():
        command = json.loads(line)
        if command["cmd"] == "quit":
            break
        if command["cmd"] == "watch":
            answer = watch(screen, command["x"], command["y"], command.get("hold_ms", 60), command.get("save"))
            print(json.dumps(answer), flush=True)
    screen.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
