"""The embedded pinyin keyboard: Qt Virtual Keyboard's InputPanel in a QQuickWidget.

It types into whichever QLineEdit has focus (the input method is selected with
``QT_IM_MODULE=qtvirtualkeyboard`` before the QApplication exists, see ``ui.app``).

There is ONE keyboard in the process (``shared()``); a screen holds a ``KeyboardSlot``
where it wants it, and the slot takes the keyboard in when it is shown. Why: the input
method has one input context, and every InputPanel registers itself with it as *the*
panel and drives its one engine. With a panel per screen (search, identify, form,
delivery, 办不成事), the hidden panels fought the shown one: the form's phone field got
letters or a dark slab, the candidate bar stayed empty, hide did nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QApplication, QLineEdit, QSizePolicy, QVBoxLayout, QWidget
from shiboken6 import isValid

from ui import theme
from ui.widgets.compose import enabled

QML = Path(__file__).resolve().parent.parent / "qml" / "InputPanel.qml"
ELDER_LAYOUTS = QML.parent / "elder"  # alphabetical rows of 110 px keys and more
# The default style's keys are 800 high for 2560 wide; the candidate bar sits above them.
KEYS_HEIGHT_PER_WIDTH = 800 / 2560
MAX_HEIGHT_SHARE = 0.38  # of the window: 410 px on a 1080 px high screen
KEY_POLL_MS, KEY_POLLS = 20, 250  # look for the loaded keys every 20 ms, for up to 5 s


class KeyboardWidget(QQuickWidget):
    stock_layouts = ""  # Qt's own layout path, as the first keyboard found it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._watching = False
        self._reattaching = False
        self._key_polls = 0
        self.candidate_bar_px = 0
        self.elder = False
        # A tap on a key must leave the focus on the search field: the input method types
        # into the focused widget, and a QQuickWidget takes the focus on click by default.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        if not enabled():
            # Without the input method the InputPanel has nothing to type into (and
            # loading it blocks): a terminal with a real keyboard simply shows none.
            self.hide()
            return
        # The candidate bar in the theme's sizes: its words are read like body text and
        # tapped like buttons. Elder mode's own layouts: the stock QWERTY rows (11 keys)
        # cannot reach 110 px on a 1080 px wide screen. Set before the QML loads.
        current = theme.current()
        self.elder = current.name == "elder"
        self.candidate_bar_px = current.target_px + 4
        context = self.rootContext()
        context.setContextProperty("kioskCandidatePx", current.body_px + 4)
        context.setContextProperty("kioskCandidateBarPx", self.candidate_bar_px)
        context.setContextProperty("kioskElder", self.elder)
        context.setContextProperty("kioskElderLayouts", QUrl.fromLocalFile(str(ELDER_LAYOUTS)).toString())
        context.setContextProperty("kioskStockLayouts", KeyboardWidget.stock_layouts)
        self.setSource(QUrl.fromLocalFile(str(QML)))
        # The panel's height grows with its width: between these, keys stay large and in
        # reach (elder mode: as wide as the window, 14 keys a row across).
        self.setMinimumWidth(960)
        self.setMaximumWidth(16777215 if self.elder else 1280)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        root = self.rootObject()
        if root is not None:
            if root.property("stockLayouts") and not KeyboardWidget.stock_layouts:
                # Qt's own layouts, for a normal keyboard made after an elder one.
                KeyboardWidget.stock_layouts = root.property("stockLayouts")
            # The InputPanel's height follows its width; the widget follows the panel.
            root.implicitHeightChanged.connect(lambda: self._height_changed(root))
            self._fit(root)

    def sizeHint(self) -> QSize:
        # Laid out centred (with an alignment), a widget gets no more than its hint: ask
        # for the widest keyboard, so keys and labels are as large as the screen allows
        # (960 px gave 23 px labels; the root's own hint was its first, smallest width),
        # but leave the screen most of its height (a form's fields and buttons).
        if self.elder:  # its rows are of a fixed height: as wide as there is room
            return QSize(self.window().width(), super().sizeHint().height())
        tallest = int(self.window().height() * MAX_HEIGHT_SHARE) - self.candidate_bar_px
        width = max(self.minimumWidth(), min(self.maximumWidth(), int(tallest / KEYS_HEIGHT_PER_WIDTH)))
        return QSize(width, super().sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.isVisible() and not self._reattaching:
            QTimer.singleShot(0, self, self._reattach)

    def _reattach(self) -> None:
        """Show the panel again, so the window composes the frame it renders now.

        Qt 6.11 under X (llvmpipe): the window kept composing the panel's first frame,
        drawn before its keys were loaded, so the keys never appeared on screen (a dark
        slab, for good; a grab of the widget showed them, and taps worked). Found by
        looking at the real screen, not at a grab.
        """
        if not self.isVisible():
            return
        self._reattaching = True
        try:
            self.hide()
            self.show()
        finally:
            self._reattaching = False

    def _keys_loaded(self) -> bool:
        root = self.rootObject()
        stack = [root] if root is not None else []
        while stack:
            item = stack.pop()
            if item.property("key") is not None and item.isVisible() and item.width() > 0:
                return True
            stack.extend(item.childItems())
        return False

    def _wait_for_keys(self) -> None:
        """Once the keys are loaded (a moment after the panel shows), show it again."""
        if not self.isVisible():
            return
        if self._keys_loaded():
            self._reattach()
        elif self._key_polls < KEY_POLLS:
            self._key_polls += 1
            QTimer.singleShot(KEY_POLL_MS, self, self._wait_for_keys)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._reattaching:
            self._key_polls = 0
            QTimer.singleShot(0, self, self._wait_for_keys)
        # The hint follows the window's height: asked again when the window turns.
        if not self._watching:
            self._watching = True
            self.window().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window() and event.type() == QEvent.Type.Resize:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def _height_changed(self, root) -> None:
        if self.elder:
            # Elder mode's rows follow the width (5 under 1300 px, 2 across): fitted inside
            # the panel's own height binding, the resize re-entered it (a binding loop), the
            # height stayed the 5 rows' and the 2 rows sat at the bottom of a slot too small
            # for them (a white area; taps landed on nothing). Fitted after it instead.
            QTimer.singleShot(0, self, lambda: self._fit(root))
        else:
            self._fit(root)

    def _fit(self, root) -> None:
        height = int(root.property("implicitHeight") or 0)
        if height > 0 and height != self.height():
            self.setFixedHeight(height)
            if self.isVisible():  # not while being made (a layout run then re-entered the slot)
                self._lay_out_now()

    def _lay_out_now(self) -> None:
        """Place the keyboard for its new height at once, not at the next turn of the
        event loop: its keys were already on show, 76 px too low (the candidate bar's
        height, the panel hanging off the screen's bottom), so a tap that came in
        between landed a row below the key that was aimed at (h typed b)."""
        widget = self.parentWidget()
        while widget is not None:
            layout = widget.layout()
            if layout is not None:
                layout.activate()
            widget = widget.parentWidget()

    def loaded(self) -> bool:
        return self.status() == QQuickWidget.Status.Ready


_shared: KeyboardWidget | None = None
_shared_for: tuple = ()


def shared() -> KeyboardWidget:
    """The process's one keyboard, made for the current theme (made again, the old one
    deleted first, when the theme's sizes changed or its last screen took it along)."""
    global _shared, _shared_for
    current = theme.current()
    wanted = (current.name == "elder", current.body_px, current.target_px)
    if _shared is not None and isValid(_shared) and _shared_for == wanted:
        return _shared
    if _shared is not None and isValid(_shared):
        _shared.hide()
        _shared.setParent(None)
        _shared.deleteLater()
    _shared, _shared_for = KeyboardWidget(), wanted
    return _shared


class KeyboardSlot(QWidget):
    """Where a screen shows the keyboard: the screen shows and hides the slot; the slot
    takes the one keyboard in when it is shown. The keyboard's hide key hides it (the
    slot yields its room) until a field is tapped again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KeyboardSlot")
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        QGuiApplication.inputMethod().visibleChanged.connect(self._asked)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def keyboard(self) -> KeyboardWidget | None:
        """The keyboard while it is in this slot."""
        found = self.findChild(KeyboardWidget)
        return found if found is not None and isValid(found) else None

    def showEvent(self, event) -> None:
        super().showEvent(event)
        keyboard = shared()
        if keyboard.parent() is not self:
            self._column.addWidget(keyboard, 0, Qt.AlignmentFlag.AlignHCenter)
        keyboard.show()

    def _focus_changed(self, _old, new) -> None:
        """A field of the screen that shows this slot got the focus: the keys come back
        after the hide key."""
        keyboard = self.keyboard()
        if (
            keyboard is not None
            and self.isVisible()
            and isinstance(new, QLineEdit)
            and new.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
        ):
            keyboard.show()
            QGuiApplication.inputMethod().show()  # so that the hide key hides it again

    def _asked(self) -> None:
        """The input method's panel was asked to hide or show: the hide key, or a move
        between fields (hidden and shown again at once: looked at after that)."""
        QTimer.singleShot(0, self, self._follow_input_method)

    def _follow_input_method(self) -> None:
        keyboard = self.keyboard()
        if keyboard is None or not self.isVisible():
            return
        visible = QGuiApplication.inputMethod().isVisible()
        keyboard.setVisible(visible)
        focused = QApplication.focusWidget()
        if not visible and isinstance(focused, QLineEdit):
            # Done typing: the next tap on a field (this one too) is a focus change that
            # brings the keys back (a tap on the focused field asks for nothing).
            focused.clearFocus()
