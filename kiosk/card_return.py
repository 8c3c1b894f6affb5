"""The ID card left on the kiosk's reader when a visit ends: asked back, never reused.

    free --visit_ended()--> checking --observed_empty()--> free
    checking --observed_card()--> take_card  (请取走身份证 on screen and in the voice)
    take_card --observed_empty()--> free
    free --observed_card()--> free  (a card placed in this visit: it counts)

A reader answers for a card as long as it lies there, so without this the next person
at the kiosk was shown the previous citizen (已读取身份证：张**, 长者 chosen for them). After
a visit ends a card counts again only once the reader has been seen empty: the card
must be taken away and placed again. No Qt and no device here: the kiosk polls the
reader and reports what it saw.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable

from kiosk.logs import log_event


class CardReturnState(str, enum.Enum):
    FREE = "free"  # a card read now belongs to this visit
    CHECKING = "checking"  # the visit ended; the reader has not been seen empty since
    TAKE_CARD = "take_card"  # the previous citizen's card is still on the reader


class CardReturn:
    """Whether a card on the reader may count for the visit now.

    Thread: any; listeners run on the thread that reports.
    """

    def __init__(self) -> None:
        self._state = CardReturnState.FREE
        self._mutex = threading.Lock()
        self._listeners: list[Callable[[CardReturnState], None]] = []

    @property
    def state(self) -> CardReturnState:
        return self._state

    @property
    def counts(self) -> bool:
        """A card read now is this visit's (the reader was empty since the last one ended)."""
        return self._state is CardReturnState.FREE

    @property
    def watching(self) -> bool:
        """The reader must be polled until it is seen empty."""
        return self._state is not CardReturnState.FREE

    def listen(self, listener: Callable[[CardReturnState], None]) -> None:
        self._listeners.append(listener)

    def visit_ended(self) -> None:
        """A visit ended: whatever lies on the reader now is the last citizen's."""
        self._set(CardReturnState.CHECKING)

    def observed_card(self) -> bool:
        """The reader answered with a card; True when it counts for this visit."""
        if self._state is CardReturnState.FREE:
            return True
        if self._set(CardReturnState.TAKE_CARD):
            log_event("card_left_on_reader")
        return False

    def observed_empty(self) -> None:
        """The reader has no card: the next card placed counts."""
        self._set(CardReturnState.FREE)

    def _set(self, state: CardReturnState) -> bool:
        with self._mutex:
            if state is self._state:
                return False
            self._state = state
        for listener in list(self._listeners):
            listener(state)
        return True
