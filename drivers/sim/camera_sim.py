"""Demo footage for the cameras: files that OpenCvCamera reads through VideoCapture.

There is no camera on a build or CI machine (HARDWARE.md §4), so the "simulator" is
footage made with OpenCV: a QR code drifting across a background (the lobby camera)
and an A4 page with Chinese text lying tilted on a desk (the 高拍仪).

    with CameraSim(tmp_path, scene="qr", payload="APPT:20261126-A001") as sim:
        camera = OpenCvCamera(source=sim.source)

Run alone: ``python -m drivers.sim.camera_sim [FOLDER]`` writes both scenes and prints
their sources (keeps them until Ctrl-C when FOLDER is a temporary one).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from drivers.sim.running import run_until_interrupted

PAGE_LINES = (
    "一次性告知单",
    "事项名称：城乡居民养老保险参保登记",
    "申请材料：居民身份证原件",
    "办理时限：即办件",
    "咨询电话：12345",
)
# Where the tilted page lies in a 1280×720 frame (tl, tr, br, bl): a perspective
# view, as a 高拍仪 arm slightly off-centre sees it.
PAGE_CORNERS = ((420, 70), (850, 110), (880, 650), (360, 620))
_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


def qr_image(payload: str, size: int) -> Any:
    """A black-on-white QR code of ``payload`` with a 4-module quiet zone, ``size`` px."""
    modules = cv2.QRCodeEncoder.create().encode(payload)
    modules = cv2.copyMakeBorder(modules, 4, 4, 4, 4, cv2.BORDER_CONSTANT, value=255)
    return cv2.resize(modules, (size, size), interpolation=cv2.INTER_NEAREST)


_EAN_L = ("0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011")
_EAN_PARITY = ("LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL")


def ean13_check_digit(digits12: str) -> str:
    """The EAN-13 check digit of 12 digits (GS1 General Specifications §7.9)."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits12))
    return str((10 - total % 10) % 10)


def ean13_image(digits12: str, module_px: int = 4, height: int = 160) -> Any:
    """A black-on-white EAN-13 barcode (with quiet zones) for ``digits12`` + check digit."""
    code = digits12 + ean13_check_digit(digits12)
    bits = "101"
    for digit, parity in zip(code[1:7], _EAN_PARITY[int(code[0])]):
        left = _EAN_L[int(digit)]
        # G codes are the R codes reversed; R codes are the L codes inverted.
        bits += left if parity == "L" else "".join("1" if b == "0" else "0" for b in left)[::-1]
    bits += "01010"
    for digit in code[7:]:
        bits += "".join("1" if b == "0" else "0" for b in _EAN_L[int(digit)])
    bits += "101"
    row = np.array([0 if b == "1" else 255 for b in "0" * 11 + bits + "0" * 11], np.uint8)
    return np.repeat(np.tile(row, (height, 1)), module_px, axis=1)


def background(size: tuple[int, int], seed: int = 7) -> Any:
    """A muted, slightly noisy backdrop (BGR) like a lobby or a desk."""
    w, h = size
    rng = np.random.default_rng(seed)
    ramp = np.linspace(60, 110, w, dtype=np.float32)[None, :, None]
    img = np.broadcast_to(ramp, (h, w, 3)) * np.array([0.8, 0.9, 1.0], np.float32)
    img = img + rng.normal(0, 6, (h, w, 3)).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def qr_frames(payload: str, count: int, size: tuple[int, int] = (1280, 720), code_px: int = 360) -> list[Any]:
    """``count`` frames of the QR code drifting left to right and bobbing."""
    w, h = size
    base = background(size)
    code = cv2.cvtColor(qr_image(payload, code_px), cv2.COLOR_GRAY2BGR)
    frames = []
    for i in range(count):
        t = i / max(1, count - 1)
        x = int(40 + t * (w - code_px - 80))
        y = int((h - code_px) / 2 + np.sin(t * 6.28) * (h - code_px) / 4)
        frame = base.copy()
        frame[y : y + code_px, x : x + code_px] = code
        frames.append(optics(frame))
    return frames


def optics(frame: Any) -> Any:
    """A lens's slight blur: perfectly sharp synthetic edges are not what cameras see,
    and OpenCV's gradient-based barcode detector misses them."""
    return cv2.GaussianBlur(frame, (3, 3), 0)


def barcode_frame(digits12: str, size: tuple[int, int] = (1280, 720)) -> Any:
    """One frame with an EAN-13 barcode held up in front of the backdrop."""
    w, h = size
    frame = background(size)
    bar = cv2.cvtColor(ean13_image(digits12, module_px=4, height=160), cv2.COLOR_GRAY2BGR)
    y, x = (h - bar.shape[0]) // 2, (w - bar.shape[1]) // 2
    frame[y : y + bar.shape[0], x : x + bar.shape[1]] = bar
    return optics(frame)


def page_image(lines: tuple[str, ...] = PAGE_LINES, size: tuple[int, int] = (840, 1188)) -> Any:
    """An upright A4 page (BGR) with a printed border and Chinese text lines."""
    from PIL import Image, ImageDraw, ImageFont

    w, h = size
    page = Image.new("RGB", (w, h), (250, 250, 246))
    draw = ImageDraw.Draw(page)
    m = round(w * 0.06)
    draw.rectangle([m, m, w - m, h - m], outline=(20, 20, 20), width=max(4, w // 100))
    font_path = next((f for f in _FONTS if Path(f).exists()), None)
    font = ImageFont.truetype(font_path, w // 26) if font_path else ImageFont.load_default()
    for i, line in enumerate(lines):
        text = line if font_path else line.encode("ascii", "replace").decode()
        draw.text((m * 2, m * 2 + i * (w // 12)), text, fill=(10, 10, 10), font=font)
    return cv2.cvtColor(np.asarray(page), cv2.COLOR_RGB2BGR)


def page_on_desk(size: tuple[int, int] = (1280, 720), corners: tuple[tuple[int, int], ...] = PAGE_CORNERS) -> Any:
    """A frame with the A4 page warped onto the desk at ``corners`` (tl, tr, br, bl)."""
    w, h = size
    page = page_image()
    ph, pw = page.shape[:2]
    src = np.array([[0, 0], [pw - 1, 0], [pw - 1, ph - 1], [0, ph - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, np.array(corners, np.float32))
    warped = cv2.warpPerspective(page, matrix, (w, h))
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), matrix, (w, h))
    frame = background(size, seed=11)
    frame[mask > 127] = warped[mask > 127]
    return optics(frame)


def write_video(path: Path, frames: list[Any], fps: float = 15.0) -> Path:
    """Frames to an MJPEG AVI (decodable by every OpenCV build's FFmpeg)."""
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (w, h))
    if not writer.isOpened():
        raise RuntimeError(f"cannot write {path}")
    try:
        for frame in frames:
            writer.write(frame)
    finally:
        writer.release()
    return path


class CameraSim:
    """Writes a scene's footage and gives ``.source`` for OpenCvCamera.

    Args:
        folder: where to write; a temporary folder (removed by ``stop``) when None.
        scene: ``"qr"`` (a moving code) or ``"document"`` (a tilted page on a desk).
        payload: the QR code's text for the ``qr`` scene.
        frames: how many frames; fps: their rate (OpenCvCamera paces file playback).
    """

    def __init__(
        self,
        folder: str | Path | None = None,
        scene: str = "qr",
        payload: str = "APPT:20261126-A001",
        frames: int = 30,
        fps: float = 15.0,
        size: tuple[int, int] = (1280, 720),
    ) -> None:
        if scene not in ("qr", "document"):
            raise ValueError("scene is 'qr' or 'document'")
        self.scene, self.payload, self.frames, self.fps, self.size = scene, payload, frames, fps, size
        self._own = folder is None
        self.folder = Path(folder) if folder is not None else None
        self.path: Path | None = None

    @property
    def source(self) -> str:
        """The exact string for the camera's ``source`` (or ``doc_source``) option."""
        if self.path is None:
            raise RuntimeError("start() the simulator first")
        return str(self.path)

    url = source

    def start(self) -> CameraSim:
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="camera-sim-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.scene == "qr":
            frames = qr_frames(self.payload, self.frames, self.size)
        else:
            frames = [page_on_desk(self.size)] * self.frames
        self.path = write_video(self.folder / f"{self.scene}.avi", frames, self.fps)
        return self

    def unplug(self) -> None:
        """Take the footage away, as when the camera's cable is pulled."""
        if self.path is not None and self.path.exists():
            self.path.rename(self.path.with_suffix(".unplugged"))

    def plug(self) -> None:
        """Put the footage back."""
        if self.path is not None and self.path.with_suffix(".unplugged").exists():
            self.path.with_suffix(".unplugged").rename(self.path)

    def stop(self) -> None:
        if self._own and self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> CameraSim:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """Write both scenes and print their sources."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?")
    ap.add_argument("--payload", default="APPT:20261126-A001")
    args = ap.parse_args(argv)
    sims = [
        CameraSim(args.folder, "qr", args.payload, frames=60).start(),
        CameraSim(args.folder, "document", frames=5).start(),
    ]
    for sim in sims:
        print(f"{sim.scene}: source={sim.source}", flush=True)
    if args.folder is None:
        run_until_interrupted(*(sim.stop for sim in sims))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
