"""The last step of the set-up wizard: this terminal's names and PIN, every step's
result, and 保存."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import tr

ROLES = ("kiosk", "window", "display")


class SetupSaveScreen(QWidget):
    save_requested = Signal(dict)  # the fields below, by name

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SetupSaveScreen")
        col = QVBoxLayout(self)
        col.setContentsMargins(32, 24, 32, 24)
        col.setSpacing(12)
        title = QLabel(tr("setup.step.identity"))
        title.setProperty("role", "hero")
        col.addWidget(title)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.role = QComboBox()
        self.role.setObjectName("role")
        for role in ROLES:
            self.role.addItem(tr(f"setup.ui.role.{role}"), role)
        self.window_no = QSpinBox()
        self.window_no.setObjectName("window_no")
        self.window_no.setRange(1, 999)
        self.terminal_id = QLineEdit("T-0001")
        self.terminal_id.setObjectName("terminal_id")
        self.hall_code = QLineEdit()
        self.hall_code.setObjectName("hall_code")
        self.hall_name = QLineEdit()
        self.hall_name.setObjectName("hall_name")
        self.area_code = QLineEdit()
        self.area_code.setObjectName("area_code")
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,12}"), self.pin))
        for key, widget in (
            ("role", self.role),
            ("window", self.window_no),
            ("terminal_id", self.terminal_id),
            ("hall_code", self.hall_code),
            ("hall_name", self.hall_name),
            ("area_code", self.area_code),
            ("pin", self.pin),
        ):
            widget.setMinimumHeight(56)
            form.addRow(tr("setup.ui.role" if key == "role" else f"setup.ask.{key}"), widget)
        col.addLayout(form)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        col.addWidget(self.summary)
        where = QLabel(tr("setup.ui.writes_to", path=path))
        where.setProperty("role", "muted")
        where.setWordWrap(True)
        col.addWidget(where)
        row = QHBoxLayout()
        self.save_button = QPushButton(tr("setup.ui.save"))
        self.save_button.setObjectName("save")
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.values()))
        row.addWidget(self.save_button)
        row.addStretch(1)
        col.addLayout(row)
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.setProperty("role", "title")
        col.addWidget(self.result)
        col.addStretch(1)

    def values(self) -> dict:
        return {
            "role": self.role.currentData(),
            "window_no": self.window_no.value(),
            "terminal_id": self.terminal_id.text().strip(),
            "hall_code": self.hall_code.text().strip(),
            "hall_name": self.hall_name.text().strip(),
            "area_code": self.area_code.text().strip(),
            "pin": self.pin.text(),
        }

    def fill(
        self, *, role: str, window_no: int, terminal_id: str, hall_code: str, hall_name: str, area_code: str
    ) -> None:
        """Show the set-up's current answers (a pairing may have named role and window)."""
        self.role.setCurrentIndex(max(0, ROLES.index(role) if role in ROLES else 0))
        self.window_no.setValue(window_no)
        self.terminal_id.setText(terminal_id)
        self.hall_code.setText(hall_code)
        self.hall_name.setText(hall_name)
        self.area_code.setText(area_code)

    def show_summary(self, lines: list[str]) -> None:
        self.summary.setText("\n".join(lines))

    def show_result(self, text: str, ok: bool) -> None:
        self.result.setText(("✔ " if ok else "✘ ") + text)
        self.result.setStyleSheet("color: #1b7a3a;" if ok else "color: #b3261e;")
