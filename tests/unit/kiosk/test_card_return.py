"""A card left on the reader when a visit ends (kiosk/card_return.py): asked back, and
counted again only after the reader was seen empty."""

from __future__ import annotations

from kiosk.card_return import CardReturn, CardReturnState
from kiosk.visit import Visit


def test_a_card_placed_during_a_visit_counts() -> None:
    cards = CardReturn()
    assert cards.counts and cards.observed_card() and cards.state is CardReturnState.FREE


def test_after_a_visit_the_card_still_there_is_asked_back_until_removed() -> None:
    cards = CardReturn()
    states: list[CardReturnState] = []
    cards.listen(states.append)
    cards.visit_ended()
    assert cards.watching and not cards.counts
    assert not cards.observed_card()  # the last citizen's card
    assert not cards.observed_card()
    assert cards.state is CardReturnState.TAKE_CARD
    cards.observed_empty()
    assert cards.counts and cards.observed_card()  # placed again: it counts
    assert states == [CardReturnState.CHECKING, CardReturnState.TAKE_CARD, CardReturnState.FREE]


def test_an_empty_reader_after_the_visit_asks_for_nothing() -> None:
    cards = CardReturn()
    cards.visit_ended()
    cards.observed_empty()
    assert cards.state is CardReturnState.FREE and not cards.watching


def test_the_visits_end_arms_it_through_the_wipe_hooks() -> None:
    visit = Visit(90, 30, clock=lambda: 0.0)
    cards = CardReturn()
    visit.on_wipe(cards.visit_ended)
    visit.begin()
    visit.end()
    assert cards.state is CardReturnState.CHECKING
