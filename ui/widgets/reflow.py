"""Choices side by side: as many columns as the screen's shape allows (more on a
landscape screen, fewer on a portrait one), so one screen fits both reference sizes
without a row that runs off the edge or a column too narrow for its words."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QGridLayout, QLayout, QSizePolicy, QStackedWidget, QWidget


class ReflowGrid(QWidget):
    def __init__(self, portrait: int, landscape: int, spacing: int = 12, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portrait, self.landscape = portrait, landscape
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(spacing)
        self.items: list[QWidget] = []
        self._columns = 0

    def add(self, widget: QWidget) -> None:
        self.items.append(widget)
        self._place(widget, len(self.items) - 1)

    def clear(self) -> None:
        for w in self.items:
            self.grid.removeWidget(w)
            w.hide()  # gone at once, not when the deferred delete comes round
            w.deleteLater()
        self.items.clear()

    def columns(self) -> int:
        window = self.window()
        return self.landscape if window.width() > window.height() else self.portrait

    def _place(self, widget: QWidget, i: int) -> None:
        n = self._columns or self.columns()
        self.grid.addWidget(widget, i // n, i % n)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.reflow()

    def reflow(self) -> None:
        """Lay the choices out for the window's shape now (a panel sized before it shows
        asks first)."""
        n = self.columns()
        if n != self._columns:  # the window turned: lay the choices out again
            self._columns = n
            for w in self.items:
                self.grid.removeWidget(w)
            for c in range(self.grid.columnCount()):
                self.grid.setColumnStretch(c, 0)
            for i, w in enumerate(self.items):
                self._place(w, i)
            for c in range(n):
                self.grid.setColumnStretch(c, 1)


def size_to_current(stack: QStackedWidget) -> None:
    """Make ``stack`` as large as the page on show only (a QStackedWidget is as large as its
    largest page: one long page seen once grew the window past its screen for good)."""

    def follow(_index: int) -> None:
        current = stack.currentWidget()
        for i in range(stack.count()):
            page = stack.widget(i)
            if page is None:  # no page at an index under count(); the stub allows it
                continue
            policy = QSizePolicy.Policy.Preferred if page is current else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        stack.updateGeometry()

    stack.currentChanged.connect(follow)
    follow(stack.currentIndex())
    # A page added later (built ahead at idle, never shown yet) counts too until follow
    # runs again: the search page, built for a landscape shape, made the stack 1764 px
    # wide in elder mode on a 1080 px upright screen.
    stack.installEventFilter(_PageAdded(stack, lambda: follow(stack.currentIndex())))


class _PageAdded(QObject):
    def __init__(self, stack: QStackedWidget, follow) -> None:
        super().__init__(stack)
        self._follow = follow

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self, self._follow)  # once the page is in the stack
        return False


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget and sub-layout of ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:  # not under count(); the stub allows it
            break
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()  # at once: the deferred delete may wait for the event loop
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)
