// The on-screen keyboard, embedded in the kiosk window (never a floating top-level
// window that could slip behind the full-screen kiosk). Pinyin first, English second.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    // Room for the keys AND the candidate bar from the start: the bar appears above the
    // keys inside this room, so no key moves away under a finger after the first letter.
    implicitHeight: panel.keyboard.height
    InputPanel {
        id: panel
        width: parent.width
        anchors.bottom: parent.bottom
        active: true
        Component.onCompleted: {
            VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
            VirtualKeyboardSettings.locale = "zh_CN"
        }
    }
}
