// The on-screen keyboard, embedded in the kiosk window (never a floating top-level
// window that could slip behind the full-screen kiosk). Pinyin first, English second.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    implicitHeight: panel.height
    InputPanel {
        id: panel
        width: parent.width
        active: true
        Component.onCompleted: {
            VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
            VirtualKeyboardSettings.locale = "zh_CN"
        }
    }
}
