"""The baseline for bench/startup.py: a bare PySide6 window with one Chinese label,
started the same way, announcing its first paint as the app does."""

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class Bare(QMainWindow):
    announced = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.announced:
            self.announced = True
            QTimer.singleShot(0, self.announce)

    def announce(self):
        print(json.dumps({"ts": time.time(), "event": "first_screen_shown"}), file=sys.stderr, flush=True)
        QApplication.instance().quit()


app = QApplication(sys.argv[:1])
w = Bare()
w.setCentralWidget(QLabel("您好，请选择要办理的事项"))
w.resize(1600, 900)
w.show()
app.exec()
