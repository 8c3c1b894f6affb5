"""The kiosk for everyone: every citizen screen of the walk (tools/walk.py), in normal,
elder and high-contrast mode, at 1080x1920 and 1920x1080, measured on what it renders:
text pixel size, target size, contrast from the pixels, the window within its screen,
nothing cut off; and in English, no Chinese but the catalog's own names."""

from __future__ import annotations

import pytest

from tools import walk as walker

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    w = walker.start(tmp_path_factory.mktemp("walk"))
    yield w
    w.close()


@pytest.mark.parametrize("size", sorted(walker.SIZES))
@pytest.mark.parametrize("mode", walker.MODES)
def test_every_screen_meets_its_floors(walk, mode: str, size: str) -> None:
    problems = []
    names = []
    for screen in walker.stops(walk, mode, walker.SIZES[size]):
        names.append(screen.name)
        problems += walker.measure(walk, screen)
    assert names == [s.name for s in walker.SCREENS]  # every screen was reached
    assert not problems, f"{len(problems)} below the floors ({mode}, {size}):\n" + "\n".join(map(str, problems))


@pytest.mark.parametrize(("mode", "size"), [("normal", "landscape"), ("elder", "portrait")])
def test_english_on_every_screen(walk, mode: str, size: str) -> None:
    """In English no Chinese shows but the catalog's own names (items, departments,
    materials, halls, a guide's free text: data with no English in the feed); and the
    screens also fit in English's longer words."""
    names = walker.data_names(walk.core, walk)
    problems = []
    for screen in walker.stops(walk, mode, walker.SIZES[size], language="en"):
        problems += walker.untranslated(walk, screen, names)
        problems += walker.measure(walk, screen)
    assert not problems, f"{len(problems)} in English ({mode}, {size}):\n" + "\n".join(map(str, problems))
