// Elder mode's digit pad for a number field beside fields of words (a form of numbers
// only gets the kiosk's own digit pad): 1-9, then ⌫ 0 and Enter, as on a phone, on an
// upright screen; across, two rows (1-6 ⌫, 7-0 Enter; a row fills its width) in the letters' two rows' height,
// so keys stay as tall as the letters' (four rows there were 45 px high). The rows of
// the other shape are hidden (a hidden row takes no room).
import QtQuick
import QtQuick.Layouts
import QtQuick.VirtualKeyboard

KeyboardLayout {
    id: layout
    readonly property bool wide: layout.width > 1300
    inputMethod: PlainInputMethod {}
    inputMode: InputEngine.InputMode.Numeric
    KeyboardRow {
        visible: !layout.wide
        Key { key: Qt.Key_1; text: "1" }
        Key { key: Qt.Key_2; text: "2" }
        Key { key: Qt.Key_3; text: "3" }
    }
    KeyboardRow {
        visible: !layout.wide
        Key { key: Qt.Key_4; text: "4" }
        Key { key: Qt.Key_5; text: "5" }
        Key { key: Qt.Key_6; text: "6" }
    }
    KeyboardRow {
        visible: !layout.wide
        Key { key: Qt.Key_7; text: "7" }
        Key { key: Qt.Key_8; text: "8" }
        Key { key: Qt.Key_9; text: "9" }
    }
    KeyboardRow {
        visible: !layout.wide
        BackspaceKey {}
        Key { key: Qt.Key_0; text: "0" }
        EnterKey {}
    }
    KeyboardRow {
        visible: layout.wide
        Key { key: Qt.Key_1; text: "1" }
        Key { key: Qt.Key_2; text: "2" }
        Key { key: Qt.Key_3; text: "3" }
        Key { key: Qt.Key_4; text: "4" }
        Key { key: Qt.Key_5; text: "5" }
        Key { key: Qt.Key_6; text: "6" }
        BackspaceKey {}
    }
    KeyboardRow {
        visible: layout.wide
        Key { key: Qt.Key_7; text: "7" }
        Key { key: Qt.Key_8; text: "8" }
        Key { key: Qt.Key_9; text: "9" }
        Key { key: Qt.Key_0; text: "0" }
        EnterKey {}
    }
}
