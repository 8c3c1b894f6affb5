"""``kiosk devices read-card`` as a subprocess against the simulator."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from drivers.sim.id_reader_sim import IdReaderSimulator


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from launcher.cli import main; raise SystemExit(main())", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def sim(tmp_path):
    with IdReaderSimulator("pty", folder=tmp_path) as s:
        s.insert_demo(0)
        yield s


def test_read_card_is_masked_by_default(sim):
    done = _kiosk("devices", "read-card", sim.url)
    assert done.returncode == 0, done.stderr
    assert "name: 张**" in done.stdout
    assert "id_number: 6101**********0012" in done.stdout
    assert "张三丰" not in done.stdout and "610103188001010012" not in done.stdout


def test_read_card_json_with_personal_data(sim):
    done = _kiosk("devices", "read-card", sim.url, "--json", "--show-personal-data", "--baud", "115200")
    assert done.returncode == 0, done.stderr
    fields = json.loads(done.stdout)
    assert fields["name"] == "张三丰" and fields["id_number"] == "610103188001010012"
    assert fields["nation"] == "汉族" and fields["valid_to"] == "长期"


def test_read_card_without_a_card_prints_the_key(sim):
    sim.remove()
    done = _kiosk("devices", "read-card", sim.url)
    assert done.returncode == 1 and "device.id_reader.no_card" in done.stderr
    assert "Traceback" not in done.stderr
