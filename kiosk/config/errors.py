"""The one error a configuration problem raises."""

from __future__ import annotations


class ConfigError(Exception):
    """A configuration file is unusable.

    Attributes:
        key: dotted key at fault (``devices.printer.url``), or ``""`` for the file.
        problem: what is wrong, in words a technician can act on.
        source: the file, when known.
    """

    def __init__(self, key: str, problem: str, source: str = "") -> None:
        self.key = key
        self.problem = problem
        self.source = source
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f"{self.source}: " if self.source else ""
        what = f"{self.key}: " if self.key else ""
        return f"configuration error: {where}{what}{self.problem}"
