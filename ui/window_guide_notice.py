"""打印一次性告知单 from the guide on the window (F7): the clerk looks an item up for a
citizen at the counter and hands over its list of materials, as the kiosk does."""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING

from kiosk.catalog.notices import one_time_notice
from kiosk.core import Core
from kiosk.devices import PRINTER
from kiosk.hall_time import hall_now
from ui.bridge import CoreBridge
from ui.i18n import error_text, tr

if TYPE_CHECKING:
    from ui.screens.guide import GuideScreen


class WindowGuideNotice:
    """Prints the notice of the item on the window's guide screen and says so there.

    Thread: the GUI thread; the printer job runs on its device worker.
    """

    def __init__(self, core: Core, bridge: CoreBridge, guide_screen: GuideScreen) -> None:
        self.core, self.bridge, self.guide = core, bridge, guide_screen
        guide_screen.print_button.setVisible(True)
        guide_screen.print_notice_requested.connect(self.print_notice)

    def print_notice(self, task_code: str) -> None:
        hall, catalog = self.core.settings.hall, self.core.catalog
        if catalog is None:
            return  # no catalog, no guide on screen to print from
        item = catalog.item(task_code)
        receipt = one_time_notice(item, hall_name=hall.name, now=hall_now(hall.timezone), tr=tr)
        self.guide.set_message(tr("print.sending"), "unknown")
        self.guide.print_button.setEnabled(False)
        self.core.devices.submit(
            PRINTER, lambda printer: printer.print_receipt(receipt), self.bridge.on_job_done(self._printed)
        )

    def _printed(self, fut: Future[object]) -> None:  # the print's result: only whether it failed
        self.guide.print_button.setEnabled(True)
        exc = fut.exception()
        if exc is None:
            self.guide.show_result(tr("print.done"), "ok")
        else:  # the guide on the citizen's phone instead
            self.guide.show_result(tr("print.failed", reason=error_text(exc)), "offline", self.guide.link_addr)
