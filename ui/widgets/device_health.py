"""A live list of the terminal's devices and their health."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from drivers.health import Health
from ui import i18n
from ui.i18n import tr


class DeviceHealthWidget(QWidget):
    """Shows one row per device: name, state word, and what the state means.

    The state is a word and a colour, never colour alone (STANDARDS.md §3).
    """

    def __init__(self, snapshot: dict[str, Health], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._rows: dict[str, tuple[QLabel, QLabel]] = {}
        for kind, health in snapshot.items():
            self.update_health(kind, health)

    def update_health(self, kind: str, health: Health) -> None:
        if kind not in self._rows:
            r = len(self._rows)
            name, state, detail = QLabel(tr(f"device.kind.{kind}")), QLabel(), QLabel()
            detail.setProperty("role", "muted")
            for c, w in enumerate((name, state, detail)):
                self._grid.addWidget(w, r, c)
            self._rows[kind] = (state, detail)
        state, detail = self._rows[kind]
        # A state with a word of its own says it (缺纸, not 离线: the technician brings paper,
        # not a cable); the rest say the state.
        short = f"device.short.{health.key.rsplit('.', 1)[-1]}"
        state.setText(tr(short) if i18n.has(short) else tr(f"device.state.{health.state.value}"))
        state.setProperty("state", health.state.value)
        state.style().unpolish(state)
        state.style().polish(state)
        detail.setText(tr(health.key, **health.data))

    def state_text(self, kind: str) -> str:
        return self._rows[kind][0].text()
