// The on-screen keyboard, embedded in the kiosk window (never a floating top-level
// window that could slip behind the full-screen kiosk). Pinyin first, English second.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import QtQuick.VirtualKeyboard.Styles

Item {
    id: root
    // The candidate bar's words and height, from the kiosk's theme (context properties
    // set before this file loads): the style's own are 16-22 px words in a 32-42 px bar,
    // under the kiosk's floors (24 px text, 72 px targets).
    // (typeof: a context property is gone while the widget is being destroyed)
    property int candidatePx: typeof kioskCandidatePx !== "undefined" ? kioskCandidatePx : 28
    property int candidateBarPx: typeof kioskCandidateBarPx !== "undefined" ? kioskCandidateBarPx : 76
    // Elder mode: the layouts in elder/ (alphabetical, 7 or 14 a row) and larger keys:
    // labels at 0.7 of the style's design size, rows of 125 px (118 across, where the
    // screen is short).
    readonly property bool elder: typeof kioskElder !== "undefined" && kioskElder
    property string stockLayouts: ""  // Qt's own layouts, read before any change
    readonly property int elderRows: panel.width > 1300 ? 2 : 5

    // The panel's height includes the candidate bar above the keys; the bar is always
    // shown, so the height never changes and no key moves under a finger after the first
    // letter (a bar that slid in pushed the keys down by its height).
    implicitHeight: panel.height
    InputPanel {
        id: panel
        width: parent.width
        active: true
        Component.onCompleted: {
            // The layout path is global: each keyboard sets the one its mode wants, and
            // notes Qt's own while it is still in place (the kiosk keeps it for later).
            var current = VirtualKeyboardSettings.layoutPath.toString()
            if (current !== kioskElderLayouts)
                root.stockLayouts = current
            if (root.elder)
                VirtualKeyboardSettings.layoutPath = kioskElderLayouts
            else if (current === kioskElderLayouts && kioskStockLayouts !== "")
                VirtualKeyboardSettings.layoutPath = kioskStockLayouts
            VirtualKeyboardSettings.activeLocales = root.elder ? ["zh_CN"] : ["zh_CN", "en_US"]
            VirtualKeyboardSettings.locale = "zh_CN"
            VirtualKeyboardSettings.wordCandidateList.alwaysVisible = true
            // A layout loaded before the Connections below were made never reports its
            // change: show the separator on the one already there too.
            Qt.callLater(root.showSeparator)
        }
    }
    Binding {
        // Labels scale with the panel's width: elder mode's at 0.7 of the design size
        // (42 px), the others' never under 0.42 (25 px; 23 px at 984 px wide).
        target: panel.keyboard.style
        property: "keyboardDesignWidth"
        value: root.elder ? panel.width / 0.7 : Math.min(2560, panel.width / 0.42)
    }
    Binding {
        when: root.elder
        target: panel.keyboard.style
        property: "keyboardDesignHeight"
        value: root.elderRows * (panel.width > 1300 ? 118 : 125) / 0.7
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
    // Pinyin's syllable separator (') sits where the shift key is on the other layouts
    // and is disabled until a syllable is composed, drawn then as a blank key: a shift
    // key without its symbol, to the eye. Kept enabled, it always shows its ' (with
    // nothing composed it types one, as any character key does).
    Connections {
        target: panel.keyboard.keyboardLayoutLoader
        function onItemChanged() { Qt.callLater(root.showSeparator) }
    }
    function showSeparator() {
        var layout = panel.keyboard.keyboardLayoutLoader.item
        var stack = layout ? [layout] : []
        while (stack.length > 0) {
            var item = stack.pop()
            if (item.key === Qt.Key_Apostrophe && item.text === "'")
                item.enabled = true
            for (var i = 0; i < item.children.length; ++i)
                stack.push(item.children[i])
        }
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
