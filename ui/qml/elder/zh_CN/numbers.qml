// Elder mode's pad for an ID number: the digits and X, its check character.
import QtQuick
import QtQuick.Layouts
import QtQuick.VirtualKeyboard

KeyboardLayout {
    inputMethod: PlainInputMethod {}
    inputMode: InputEngine.InputMode.Latin
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
        Key { key: Qt.Key_X; text: "X" }
        Key { key: Qt.Key_0; text: "0" }
        BackspaceKey {}
    }
}
