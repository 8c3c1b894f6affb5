"""The hall file's English names (``name_en``): optional for the hall and each service,
carried to terminals on /queue/services; a bad one names its key (issue 14, finding 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.hall import HallError, demo_hall, load_hall
from offline_cache.wire.demo_hall import DEMO_HALL_NAME_EN
from offline_cache.wire.queue import QueueService
from tests.unit.hub.test_hall_file import GOOD

ENGLISH = GOOD.replace(
    'name = "碑林区政务服务中心"',
    'name = "碑林区政务服务中心"\nname_en = "Beilin District Government Service Centre"',
    1,
).replace('name = "综合受理"', 'name = "综合受理"\nname_en = "General applications"', 1)


def test_the_hall_and_a_service_carry_their_english_names(tmp_path: Path) -> None:
    path = tmp_path / "hall.toml"
    path.write_text(ENGLISH, encoding="utf-8")
    hall = load_hall(path)
    assert hall.name_en == "Beilin District Government Service Centre"
    assert hall.service("A").name_en == "General applications"
    assert hall.service("estate").name_en == ""  # none given: English screens show its name


def test_a_file_without_english_names_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "hall.toml"
    path.write_text(GOOD, encoding="utf-8")
    hall = load_hall(path)
    assert hall.name_en == "" and all(s.name_en == "" for s in hall.services)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('name_en = "Beilin District Government Service Centre"', 'name_en = ""'), "hall.name_en"),
        (('name_en = "General applications"', "name_en = 7"), "services[0].name_en"),
    ],
)
def test_a_bad_english_name_names_its_key(tmp_path: Path, change: tuple[str, str], key: str) -> None:
    path = tmp_path / "hall.toml"
    path.write_text(ENGLISH.replace(*change, 1), encoding="utf-8")
    with pytest.raises(HallError) as exc:
        load_hall(path)
    assert exc.value.key == key


def test_the_demo_hall_names_everything_in_english() -> None:
    hall = demo_hall()
    assert hall.name_en == DEMO_HALL_NAME_EN
    assert all(s.name_en and s.name_en.isascii() for s in hall.services)


def test_the_wire_carries_the_english_name_and_reads_an_older_hub_without_it() -> None:
    svc = QueueService("A", "A", "综合受理", True, None, "General applications")
    assert QueueService.from_dict(svc.to_dict()) == svc
    older = {"code": "A", "prefix": "A", "name": "综合受理", "open_now": True, "opens_at": None}
    assert QueueService.from_dict(older).name_en == ""
