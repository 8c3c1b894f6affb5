"""Themes as tokens plus one templated style sheet.

Sizes follow STANDARDS.md §3 for a kiosk read from ~50 cm at ~100 ppi: normal body text
≥ 24 px and touch targets ≥ 72 px; elder mode body ≥ 36 px, targets ≥ 110 px and
contrast ≥ 7:1; high contrast is 7:1 or better everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template


@dataclass(frozen=True)
class Theme:
    name: str
    body_px: int
    title_px: int
    hero_px: int
    target_px: int
    bg: str
    surface: str
    text: str
    muted: str
    accent: str
    accent_text: str
    ok: str
    warn: str
    bad: str
    border: str
    banner_bg: str = "#8a5a00"
    banner_text: str = "#ffffff"
    placeholder: str = "#4a5563"
    row_px: int = 96  # a list row of two lines (a result: the name and the department)
    scrollbar_px: int = 24  # a bar a finger can drag
    timeout_factor: float = 1.0  # elder mode gives more time (the visit's timeouts)
    columns: int = 4  # choices side by side on a landscape screen (fewer in elder mode)
    # The keypad's focus ring (ADA §707, WCAG 2.4.7/2.4.13): thick, and ≥ 3:1 against the
    # page; "" = the text colour. Appended with defaults so other themes need not name it.
    focus: str = ""
    focus_px: int = 6


NORMAL = Theme(
    "normal",
    body_px=24,
    title_px=32,
    hero_px=44,
    target_px=72,
    bg="#eef3f8",
    surface="#ffffff",
    text="#1a1a1a",
    muted="#4a5563",
    accent="#0b57a4",
    accent_text="#ffffff",
    ok="#1b7a3a",
    warn="#8a5a00",
    bad="#b3261e",
    border="#c3ccd6",
    focus="#000000",
)
ELDER = Theme(
    "elder",
    body_px=36,
    title_px=44,
    hero_px=56,
    target_px=110,
    bg="#ffffff",
    surface="#ffffff",
    text="#000000",
    muted="#1f1f1f",
    accent="#0a3d7a",
    accent_text="#ffffff",
    ok="#0d5223",
    warn="#5c3b00",
    bad="#8c1a14",
    border="#000000",
    banner_bg="#5c3b00",
    placeholder="#1f1f1f",
    row_px=150,
    scrollbar_px=36,
    timeout_factor=2.0,
    columns=2,
    focus="#000000",
    focus_px=8,
)
HIGH_CONTRAST = Theme(
    "high_contrast",
    body_px=28,
    title_px=36,
    hero_px=48,
    target_px=88,
    bg="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#ffffff",
    accent="#ffd400",
    accent_text="#000000",
    ok="#7dff9b",
    warn="#ffd400",
    bad="#ff8a80",
    border="#ffffff",
    banner_bg="#ffd400",
    banner_text="#000000",
    placeholder="#ffffff",
    row_px=110,
    scrollbar_px=28,
    focus="#00e5ff",  # not white: every border here is white already
)
THEMES = {t.name: t for t in (NORMAL, ELDER, HIGH_CONTRAST)}

_QSS = Template("""
QWidget { background: $bg; color: $text; font-size: ${body_px}px; }
QLabel { background: transparent; }
QLabel[role="hero"] { font-size: ${hero_px}px; font-weight: 600; }
QLabel[role="title"] { font-size: ${title_px}px; font-weight: 600; }
QLabel[role="muted"] { color: $muted; }
QLabel[role="banner"] { background: $banner_bg; color: $banner_text; padding: 6px 16px; font-weight: 600; }
QFrame[role="card"] { background: $surface; border: 2px solid $border; border-radius: 14px; }
QPushButton { background: $surface; color: $text; border: 2px solid $border; border-radius: 12px;
              min-height: ${target_px}px; min-width: ${target_px}px; padding: 6px 20px; }
QPushButton:disabled { color: $muted; border-style: dashed; }
QPushButton[role="primary"] { background: $accent; color: $accent_text; border-color: $accent; font-weight: 600; }
QPushButton[role="primary"]:disabled { background: $surface; color: $muted; border: 2px dashed $muted; }
QPushButton[role="tile"] { background: $surface; border: 2px solid $border; border-radius: 18px;
                           text-align: left; padding: 20px 28px; font-size: ${title_px}px; font-weight: 600; }
QPushButton[role="key"] { padding: 0; font-size: ${title_px}px; font-weight: 600; }
QLabel[state="ok"] { color: $ok; font-weight: 600; }
QLabel[state="degraded"], QLabel[state="unknown"] { color: $warn; font-weight: 600; }
QLabel[state="offline"] { color: $bad; font-weight: 600; }
QLabel[state="disabled"] { color: $muted; }
QLineEdit { background: $surface; color: $text; border: 2px solid $border; border-radius: 8px;
            min-height: ${target_px}px; padding: 0 12px; placeholder-text-color: $placeholder; }
QCheckBox, QRadioButton { min-height: ${target_px}px; spacing: 16px; }
QCheckBox::indicator, QRadioButton::indicator { width: ${indicator_px}px; height: ${indicator_px}px; }
QListWidget { background: $surface; color: $text; border: 2px solid $border; }
QListWidget::item { border-bottom: 1px solid $border; }
QScrollBar:vertical { width: ${scrollbar_px}px; background: $bg; border: 0; }
QScrollBar:horizontal { height: ${scrollbar_px}px; background: $bg; border: 0; }
QScrollBar::handle { background: $muted; border-radius: 6px; min-height: ${target_px}px; min-width: ${target_px}px; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
QTableWidget { background: $surface; gridline-color: $border; font-size: ${title_px}px; }
QHeaderView::section { background: $accent; color: $accent_text; padding: 8px; border: 0;
                       font-size: ${body_px}px; font-weight: 600; }
""")

# Last, so that it wins over the role rules of the same weight (tiles, primary buttons).
# A pressed button shows its press at once in every theme: text and face change places,
# which keeps the contrast of the theme's text (the old grey face hid white text in high
# contrast, and tiles and primary buttons had no pressed look at all).
# The ring is wider than the 2 px border it replaces: it takes its extra width from the
# padding, so a label keeps the room it was sized for ("Apply now" lost letters).
_FOCUS_QSS = Template("""
QPushButton:focus, QPushButton[role="tile"]:focus, QPushButton[role="primary"]:focus,
QLineEdit:focus, QListWidget:focus { border: ${focus_px}px solid $focus; }
QPushButton:focus, QPushButton[role="primary"]:focus { padding: ${focus_pad_v}px ${focus_pad_h}px; }
QPushButton[role="tile"]:focus { padding: ${focus_tile_v}px ${focus_tile_h}px; }
QLineEdit:focus { padding: 0 ${focus_edit_h}px; }
QPushButton:pressed, QPushButton[role="tile"]:pressed, QPushButton[role="primary"]:pressed,
QPushButton:checked:pressed { background: $text; color: $bg; }
QLabel[down="true"] { color: $bg; }
QListWidget::item:selected { border: ${focus_px}px solid $focus; background: $surface; color: $text; }
""")
BORDER_PX = 2  # every button's and field's border when it has no focus


_current = NORMAL


def style_sheet(theme: Theme) -> str:
    """The application style sheet for ``theme``; the theme becomes ``current()`` (the
    sizes a screen sets in code, such as a list row's height, follow it)."""
    global _current
    _current = theme
    tokens = {**vars(theme), "focus": focus_colour(theme), **focus_padding(theme)}
    return _QSS.substitute(tokens, indicator_px=theme.target_px // 2) + _FOCUS_QSS.substitute(tokens)


def focus_padding(theme: Theme) -> dict[str, int]:
    """The paddings of a focused button, tile and field: the unfocused ones less the
    ring's extra width (the rules above: 6/20 px, tiles 20/28 px, fields 12 px)."""
    extra = theme.focus_px - BORDER_PX
    return {
        "focus_pad_v": max(0, 6 - extra),
        "focus_pad_h": max(0, 20 - extra),
        "focus_tile_v": max(0, 20 - extra),
        "focus_tile_h": max(0, 28 - extra),
        "focus_edit_h": max(0, 12 - extra),
    }


def focus_colour(theme: Theme) -> str:
    """The focus ring's colour (the text colour when the theme names none)."""
    return theme.focus or theme.text


def current() -> Theme:
    """The theme of the last style sheet made: the one on screen."""
    return _current


def apply(app, theme: Theme) -> None:
    """Put ``theme`` on the whole application."""
    app.setStyleSheet(style_sheet(theme))


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours."""

    def lum(c: str) -> float:
        rgb = [int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((lum(fg), lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)
