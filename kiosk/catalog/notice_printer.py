"""打印一次性告知单: a guide's notice (an item's, or a 一件事 bundle's) laid out and printed
on the printer's thread, the result a Future (like ``TicketDesk.print_ticket``).

The layout imports the notices' phrases and takes a moment: on the GUI thread the first
one took seconds with the screen unchanged (issue 14, finding 12), so it runs on the
printer's worker with the paper.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from kiosk.hall_time import hall_now

if TYPE_CHECKING:
    from kiosk.catalog.phrases import Words
    from kiosk.catalog.types import BundleGuide, ItemGuide
    from kiosk.config.settings import HallSettings
    from kiosk.devices import DeviceManager


class NoticePrinter:
    """Prints guides' notices on the terminal's printer.

    Args:
        devices: the terminal's devices (the printer's worker).
        hall: the hall whose name heads the paper and whose clock dates it.
        words: the texts' words now (the UI's ``tr``; asked at each print, so a notice
            comes out in the language the citizen chose).
        language: the language now chosen; an English notice is headed by the hall's
            English name, where the hall file gives one.
    """

    def __init__(
        self,
        devices: DeviceManager,
        hall: HallSettings,
        words: Callable[[], Words],
        language: Callable[[], str] = lambda: "",
    ) -> None:
        self.devices = devices
        self.hall = hall
        self.language = language
        self.words = words

    def print(self, guide: ItemGuide | BundleGuide, *, helper: str = "") -> Future[Any]:
        """Lay out and print ``guide``'s notice; ``helper`` names the helper of an
        assisted visit (帮办人员) on the paper.

        Thread: any; the Future completes on the printer's thread (a printer fault is its
        exception, with the fault's key).

        Raises:
            DeviceUnavailable: no printer is configured.
        """
        english = self.language() == "en" and bool(self.hall.name_en)
        hall_name = self.hall.name_en if english else self.hall.name
        now, tr = hall_now(self.hall.timezone), self.words()

        def lay_out_and_print(printer: Any) -> Any:
            from kiosk.catalog.notices import bundle_notice, one_time_notice
            from kiosk.catalog.types import BundleGuide

            if isinstance(guide, BundleGuide):
                receipt = bundle_notice(guide, hall_name=hall_name, now=now, tr=tr, helper=helper)
            else:
                receipt = one_time_notice(guide, hall_name=hall_name, now=now, tr=tr, helper=helper)
            return printer.print_receipt(receipt)

        return self.devices.submit("printer", lay_out_and_print)
