"""The composition root holds: services are built in ``kiosk/`` (``kiosk.bootstrap``),
never under ``ui/`` (issue 15: the UI reads the core's typed fields)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.helpers import REPO

SERVICE_NAME = re.compile(r"(Desk|Board|Guidance)$")
# Services whose names do not say so: built by bootstrap too.
ALSO_SERVICES = frozenset({"CallAnnouncer", "CatalogService", "SyncService", "HubConnection"})


def service_classes(root: Path = REPO / "kiosk") -> set[str]:
    """Every class defined in ``kiosk/`` whose name ends in Desk, Board or Guidance, and the list above."""
    names = set(ALSO_SERVICES)
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and SERVICE_NAME.search(node.name):
                names.add(node.name)
    return names


def constructions(source: str, services: set[str]) -> list[tuple[int, str]]:
    """(line, class) of each call of a service class in ``source`` (``X(...)`` or ``m.X(...)``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in services:
                found.append((node.lineno, name))
    return found


def test_the_service_list_holds_the_issues_services() -> None:
    names = service_classes()
    expected = {"TicketDesk", "WindowDesk", "HallBoard", "AssistDesk", "UnresolvedDesk", "VoiceGuidance", "CaseDesk"}
    assert expected <= names


def test_no_service_class_is_constructed_under_ui() -> None:
    services = service_classes()
    built = [
        f"{path.relative_to(REPO)}:{line} builds {name}"
        for path in sorted((REPO / "ui").rglob("*.py"))
        for line, name in constructions(path.read_text(encoding="utf-8"), services)
    ]
    assert built == [], "build it in kiosk/bootstrap.py and read the core's field:\n" + "\n".join(built)


def test_the_scan_finds_a_service_built_in_a_window() -> None:
    """The rule can break: the constructions the UI made before issue 15 are found."""
    source = (
        "from kiosk.queue.ticketing import TicketDesk\n"
        "import kiosk.queue.board as board\n"
        "desk = TicketDesk(core.hub, core.devices, core.settings)\n"
        "b = board.HallBoard(core.hub, announcer)\n"
        "ok = TicketDeskView()\n"
    )
    assert constructions(source, service_classes()) == [(3, "TicketDesk"), (4, "HallBoard")]


def test_the_kiosk_window_keeps_to_the_stack_header_timeout_and_theme() -> None:
    """Its flows live in ui/kiosk/ rooms: the window stays under 300 lines (it was 705)."""
    lines = (REPO / "ui" / "kiosk_window.py").read_text(encoding="utf-8").count("\n")
    assert lines < 300, f"ui/kiosk_window.py has {lines} lines: move the flow into a room of ui/kiosk/"
