// The on-screen keyboard, embedded in the kiosk window (never a floating top-level
// window that could slip behind the full-screen kiosk). Pinyin first, English second.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    // The panel's height includes the candidate bar above the keys; the bar is always
    // shown, so the height never changes and no key moves under a finger after the first
    // letter (a bar that slid in pushed the keys down by its height).
    implicitHeight: panel.height
    InputPanel {
        id: panel
        width: parent.width
        active: true
        Component.onCompleted: {
            VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
            VirtualKeyboardSettings.locale = "zh_CN"
            VirtualKeyboardSettings.wordCandidateList.alwaysVisible = true
        }
    }
}
