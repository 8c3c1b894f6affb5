"""kiosk.bootstrap is the one place services are built, and each arrives typed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk import bootstrap
from kiosk.assist import AssistError
from kiosk.config.loader import demo_settings
from kiosk.core import Core, Service
from kiosk.devices import DeviceManager
from kiosk.queue.connection import HubConnection

NO_HUB = HubConnection("http://127.0.0.1:9", "token")  # nothing answers: nothing is asked here


def core_for(role: str, tmp_path) -> Core:
    core = Core.from_settings(replace(demo_settings(role), data_dir=tmp_path), DeviceManager({}))
    return core


def test_the_kiosk_gets_its_visit_services_then_its_ticket_desk_on_the_hub(tmp_path) -> None:
    core = core_for("kiosk", tmp_path)
    heard: list[Service] = []
    core.listen(heard.append)
    try:
        bootstrap.add_visit_services(core)
        assert core.assist is not None and core.unresolved is not None and core.guidance is not None
        assert core.headset is not None and core.tickets is None
        bootstrap.offer_hub(core, NO_HUB)
        assert core.tickets is not None and core.tickets.connection is NO_HUB
        assert core.window_desk is None and core.hall_board is None  # another role's
        assert heard == [Service.ASSIST, Service.GUIDANCE, Service.HUB, Service.TICKETS]
        bootstrap.add_visit_services(core)  # once only: a second call builds nothing
        assert heard[-1] is Service.TICKETS
    finally:
        core.stop()


def test_the_assist_desk_says_unavailable_until_the_outbox_is_there(tmp_path) -> None:
    core = core_for("kiosk", tmp_path)
    try:
        bootstrap.add_visit_services(core)
        assert core.assist is not None
        with pytest.raises(AssistError) as raised:
            core.assist.request_help("home")
        assert raised.value.key == "assist.unavailable"
    finally:
        core.stop()


def test_the_window_gets_its_desk_on_the_hub_sharing_the_clerks_session(tmp_path) -> None:
    core = core_for("window", tmp_path)
    heard: list[Service] = []
    core.listen(heard.append)
    core.ports.text = lambda key, **data: f"{key}:{data['window_no']}"  # the UI's words
    try:
        bootstrap.add_visit_services(core)  # the kiosk's only
        assert core.assist is None and core.guidance is None
        bootstrap.offer_hub(core, NO_HUB)
        desk = core.window_desk
        assert desk is not None and desk.session is core.clerk
        assert desk.idle_led == f"window.led_idle:{core.settings.hall.window_no}"
        assert core.tickets is None and heard == [Service.HUB, Service.WINDOW_DESK]
    finally:
        core.stop()
    assert core.stopped
