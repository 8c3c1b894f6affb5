"""One thing to say, and whether it may be heard by anyone standing near."""

from __future__ import annotations

from dataclasses import dataclass

# What an utterance is, for the log and for tests: a screen's title and prompt, its
# list of choices, the focused element, an entry typed, a status line, an error.
KINDS = ("title", "prompt", "choices", "focus", "entry", "status", "error", "notice")


@dataclass(frozen=True)
class Utterance:
    """Words the ui has already put in the citizen's language.

    Args:
        text: what to say.
        kind: one of ``KINDS``.
        private: personal data (a name, even masked; a ticket number): spoken only
            through a headset (ADA §707.8, EN 301 549 8.2/5.1.3.9).
        neutral: said instead of a private ``text`` when no headset is in
            ("已读取身份证"); "" = say nothing then.
    """

    text: str
    kind: str = "prompt"
    private: bool = False
    neutral: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown utterance kind {self.kind!r} (one of {', '.join(KINDS)})")
