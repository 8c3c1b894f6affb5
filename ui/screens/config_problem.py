"""The technician's screen for a terminal whose configuration cannot be used.

Under the kiosk session unit a bad configuration would otherwise exit and restart every
second behind a black screen; instead the terminal shows this, full screen: what is
wrong in one line (the ``ConfigError``'s own line, which names the file and the key), and
what a technician does about it. Citizens see that the terminal is out of service."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.i18n import tr


class ConfigProblemScreen(QWidget):
    def __init__(self, reason: str, config_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConfigProblemScreen")
        col = QVBoxLayout(self)
        col.setContentsMargins(64, 48, 64, 48)
        col.addStretch(1)
        self.out_of_service = QLabel(tr("config_problem.out_of_service"))
        self.out_of_service.setProperty("role", "hero")
        self.title = QLabel(tr("config_problem.title"))
        self.title.setProperty("role", "title")
        self.reason = QLabel(reason)
        self.reason.setProperty("state", "offline")
        self.reason.setWordWrap(True)
        # A technician may want to copy the line into a ticket.
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel(tr("config_problem.hint", path=config_path))
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "muted")
        for label in (self.out_of_service, self.title, self.reason, self.hint):
            col.addWidget(label)
        col.addStretch(2)
