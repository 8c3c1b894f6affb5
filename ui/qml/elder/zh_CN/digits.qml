// Elder mode's digit pad for a number field beside fields of words (a form of numbers
// only gets the kiosk's own digit pad): 1-9, then ⌫ 0 and Enter, as on a phone.
import QtQuick
import QtQuick.Layouts
import QtQuick.VirtualKeyboard

KeyboardLayout {
    inputMethod: PlainInputMethod {}
    inputMode: InputEngine.InputMode.Numeric
    KeyboardRow {
        Key { key: Qt.Key_1; text: "1" }
        Key { key: Qt.Key_2; text: "2" }
        Key { key: Qt.Key_3; text: "3" }
    }
    KeyboardRow {
        Key { key: Qt.Key_4; text: "4" }
        Key { key: Qt.Key_5; text: "5" }
        Key { key: Qt.Key_6; text: "6" }
    }
    KeyboardRow {
        Key { key: Qt.Key_7; text: "7" }
        Key { key: Qt.Key_8; text: "8" }
        Key { key: Qt.Key_9; text: "9" }
    }
    KeyboardRow {
        BackspaceKey {}
        Key { key: Qt.Key_0; text: "0" }
        EnterKey {}
    }
}
