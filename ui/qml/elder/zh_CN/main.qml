// Elder mode's pinyin keyboard (VirtualKeyboardSettings.layoutPath points here in
// elder mode only): the letters in alphabetical order, 7 a row on an upright screen and
// 14 across, so every key can be 110 px and more; no symbol or language keys to get lost
// in. Across, two rows only (a short screen): a candidate is tapped, not taken with the
// space bar. The rows of the other shape are hidden (a hidden row takes no room).
import QtQuick
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Components

KeyboardLayout {
    id: layout
    readonly property bool wide: layout.width > 1300
    function createInputMethod() {
        return Qt.createQmlObject('import QtQuick; import QtQuick.VirtualKeyboard.Plugins; PinyinInputMethod {}', parent, "elderPinyin")
    }
    inputMode: InputEngine.InputMode.Pinyin
    keyWeight: 160

    KeyboardRow {
        visible: !layout.wide
        Key { key: Qt.Key_A; text: "a" }
        Key { key: Qt.Key_B; text: "b" }
        Key { key: Qt.Key_C; text: "c" }
        Key { key: Qt.Key_D; text: "d" }
        Key { key: Qt.Key_E; text: "e" }
        Key { key: Qt.Key_F; text: "f" }
        Key { key: Qt.Key_G; text: "g" }
    }
    KeyboardRow {
        visible: !layout.wide
        Key { key: Qt.Key_H; text: "h" }
        Key { key: Qt.Key_I; text: "i" }
        Key { key: Qt.Key_J; text: "j" }
        Key { key: Qt.Key_K; text: "k" }
        Key { key: Qt.Key_L; text: "l" }
        Key { key: Qt.Key_M; text: "m" }
        Key { key: Qt.Key_N; text: "n" }
    }
    KeyboardRow {
        visible: !layout.wide
        Key { key: Qt.Key_O; text: "o" }
        Key { key: Qt.Key_P; text: "p" }
        Key { key: Qt.Key_Q; text: "q" }
        Key { key: Qt.Key_R; text: "r" }
        Key { key: Qt.Key_S; text: "s" }
        Key { key: Qt.Key_T; text: "t" }
        Key { key: Qt.Key_U; text: "u" }
    }
    KeyboardRow {
        visible: !layout.wide
        Key { key: Qt.Key_V; text: "v" }
        Key { key: Qt.Key_W; text: "w" }
        Key { key: Qt.Key_X; text: "x" }
        Key { key: Qt.Key_Y; text: "y" }
        Key { key: Qt.Key_Z; text: "z" }
        Key { key: Qt.Key_Apostrophe; text: "'" }
        BackspaceKey {}
    }
    KeyboardRow {
        visible: layout.wide
        Key { key: Qt.Key_A; text: "a" }
        Key { key: Qt.Key_B; text: "b" }
        Key { key: Qt.Key_C; text: "c" }
        Key { key: Qt.Key_D; text: "d" }
        Key { key: Qt.Key_E; text: "e" }
        Key { key: Qt.Key_F; text: "f" }
        Key { key: Qt.Key_G; text: "g" }
        Key { key: Qt.Key_H; text: "h" }
        Key { key: Qt.Key_I; text: "i" }
        Key { key: Qt.Key_J; text: "j" }
        Key { key: Qt.Key_K; text: "k" }
        Key { key: Qt.Key_L; text: "l" }
        Key { key: Qt.Key_M; text: "m" }
        BackspaceKey {}
    }
    KeyboardRow {
        visible: layout.wide
        Key { key: Qt.Key_N; text: "n" }
        Key { key: Qt.Key_O; text: "o" }
        Key { key: Qt.Key_P; text: "p" }
        Key { key: Qt.Key_Q; text: "q" }
        Key { key: Qt.Key_R; text: "r" }
        Key { key: Qt.Key_S; text: "s" }
        Key { key: Qt.Key_T; text: "t" }
        Key { key: Qt.Key_U; text: "u" }
        Key { key: Qt.Key_V; text: "v" }
        Key { key: Qt.Key_W; text: "w" }
        Key { key: Qt.Key_X; text: "x" }
        Key { key: Qt.Key_Y; text: "y" }
        Key { key: Qt.Key_Z; text: "z" }
        EnterKey {}
    }
    KeyboardRow {
        visible: !layout.wide
        SpaceKey { weight: 480 }
        EnterKey { weight: 320 }
    }
}
