"""What the parts of the kiosk's case room share: the core, the case screens by name,
this visit's draft and case, and the few moves every part makes.

``KioskCases`` (cases.py) is this with its parts: identifying the applicant
(case_identify.py), the papers (case_papers.py), 办件查询 and 好差评 (case_query.py).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStackedWidget

from kiosk.core import Core
from ui.bridge import CoreBridge

if TYPE_CHECKING:
    from kiosk.cases.draft import CaseDraft
    from kiosk.cases.scan import CaseCodeScanner
    from kiosk.cases.service import CaseDesk, SubmittedCase

SCAN_S = 20.0  # how long 办件查询 looks for the receipt's QR code (and 网证 for an e-ID code)


class CaseFlow(QObject):
    """The case room's state and shared moves (the screens are made in ``KioskCases``).

    Args:
        core: the terminal's core (``core.cases`` is the ``CaseDesk`` every decision is asked of).
        bridge: brings device and worker results back to the GUI thread.
        stack: the window's stack the screens go on.
        go_home: back to the role's first screen.
    """

    channel = "kiosk"
    notice_keys = ("case.notice.title", "case.notice.bring")

    def __init__(self, core: Core, bridge: CoreBridge, stack: QStackedWidget, go_home: Callable[[], None]) -> None:
        super().__init__(stack)
        self.core, self.bridge, self.stack, self._go_home = core, bridge, stack, go_home
        self.screens: dict[str, Any] = {}
        self.draft: CaseDraft | None = None
        self.case: SubmittedCase | None = None  # the case submitted on this visit
        self._capturing = -1
        self._rating_for: tuple[str, str, str, str] | None = None  # record id, code, name, number
        self._scanner: CaseCodeScanner | None = None  # the receipts' codes, made at the first scan
        self._e_id_scanner: CaseCodeScanner | None = None  # the same for e-ID codes
        self._number_pool: ThreadPoolExecutor | None = None  # one thread that waits for the hub's case number
        self._scan_until: float | None = None

    def screen(self, name: str) -> Any:
        """The case screen ``name``, built at its first use."""
        raise NotImplementedError

    def _show(self, name: str) -> Any:
        s = self.screen(name)
        self.stack.setCurrentWidget(s)
        return s

    def desk(self) -> CaseDesk:
        """The core's case desk (the case tiles show only once it is there)."""
        desk = self.core.cases
        assert desk is not None, "the case flows open only with core.cases"
        return desk

    def drafted(self) -> CaseDraft:
        """The draft being filled in (every step after 立即办理 has one)."""
        assert self.draft is not None, "a step of the application without a draft"
        return self.draft

    def show_form(self) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError

    def _card_counts(self) -> bool:
        """A card read now is this citizen's, not one left by the last (kiosk/card_return.py)."""
        return self.core.card_return is None or self.core.card_return.observed_card()
