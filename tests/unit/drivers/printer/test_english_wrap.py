"""English on paper: a word's comma or closing bracket stays with it when a line wraps
(the English notice printed a line starting ", original)", issue 14 finding 15)."""

from __future__ import annotations

from drivers.printer.escpos_render import wrap

TAGS = "   （required, not needed if an e-licence exists, original）"


def test_no_wrapped_line_starts_with_a_comma() -> None:
    lines = wrap(TAGS, 48)
    assert len(lines) == 2
    assert not any(line.lstrip().startswith((",", ";", ")")) for line in lines)
    assert "".join(lines) == TAGS  # every character kept


def test_a_closing_bracket_stays_with_its_word() -> None:
    lines = wrap("(may follow later, copy) and more words here", 24)
    assert lines[0].endswith("copy)") or "copy)" in lines[1]
    assert not any(line.startswith(")") for line in lines)
