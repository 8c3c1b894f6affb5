"""Make text from files, feeds and devices safe to print on a technician's terminal.

A feed or a config file can carry escape sequences (``\\x1b[2J`` clears the screen,
``\\x1b]0;...`` retitles the window) or invisible format characters (U+202E turns the
rest of a line around). Every line the CLI prints that holds such text goes through
:func:`safe_line`: control and format characters are shown as ``\\x1b``, ``\\u202e``,
and the line stays one line.
"""

from __future__ import annotations


def safe_line(text: object) -> str:
    """``text`` as one printable line: C0/C1 controls, DEL, line breaks, surrogates and
    Unicode format characters (category Cf: U+200B, U+202E, U+FEFF, ...) escaped."""
    s = str(text)
    if s.isascii() and s.isprintable():
        return s  # the common case, without a per-character walk
    import unicodedata  # its tables load only for a line that needs them

    out = []
    for ch in s:
        if ch.isprintable() or ch == " ":
            out.append(ch)
            continue
        cp = ord(ch)
        if cp < 0x100 and unicodedata.category(ch) in ("Cc",):
            out.append(f"\\x{cp:02x}")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}")
        else:  # other spaces (U+3000, U+00A0): visible enough, keep them
            out.append(ch)
    return "".join(out)
