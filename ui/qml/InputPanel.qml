// The on-screen keyboard, embedded in the kiosk window (never a floating top-level
// window that could slip behind the full-screen kiosk). Pinyin first, English second.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import QtQuick.VirtualKeyboard.Styles

Item {
    id: root
    // The candidate bar's words and height, set by the kiosk from its theme: the style's
    // own are 16-22 px words in a 32-42 px bar, under the kiosk's floors (24 px text,
    // 72 px targets).
    property int candidatePx: 28
    property int candidateBarPx: 76

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
    Binding {
        target: panel.keyboard.style
        property: "selectionListHeight"
        value: root.candidateBarPx
    }
    Binding {
        target: panel.keyboard.style
        property: "selectionListDelegate"
        value: candidate
    }
    Component {
        id: candidate
        SelectionListItem {
            id: item
            objectName: "candidate"
            property string candidateText: display
            // A word is a target: never narrower than the bar is high.
            width: Math.max(root.candidateBarPx, word.implicitWidth + root.candidatePx * 1.5)
            Text {
                id: word
                anchors.centerIn: parent
                text: display
                color: item.ListView.isCurrentItem ? "#ffffff" : "#a8e07a"
                font.pixelSize: root.candidatePx
            }
        }
    }
}
