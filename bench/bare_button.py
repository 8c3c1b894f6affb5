"""The floor for bench/taps.py: a bare PySide6 window whose button changes a label,
shown maximised as the kiosk is. Prints one JSON line with the button's centre on the
screen once it has painted, then runs until closed."""

import json
import sys

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

app = QApplication(sys.argv[:1])
window = QMainWindow()
body = QWidget()
col = QVBoxLayout(body)
label = QLabel("您好，请选择要办理的事项")
button = QPushButton("取号")
button.setMinimumSize(400, 120)
presses = [0]


def pressed() -> None:
    presses[0] += 1
    label.setText(f"已点击 {presses[0]} 次")


button.clicked.connect(pressed)
col.addWidget(label)
col.addWidget(button)
col.addStretch(1)
window.setCentralWidget(body)
window.showMaximized()


def announce() -> None:
    at = button.mapToGlobal(QPoint(button.width() // 2, button.height() // 2))
    print(json.dumps({"x": at.x(), "y": at.y()}), flush=True)


QTimer.singleShot(1500, announce)  # maximised and painted by then
app.exec()
