"""The OpenAPI document of a real hub describes what the hub sends: the queue's answers
are the wire dataclasses themselves (``offline_cache.wire.queue``), so the document,
the dataclass and the JSON on the wire name the same fields (issue 15: the copied
``TicketOut`` had drifted, ``void`` missing from its statuses)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import httpx

from offline_cache.wire import PRIORITY_CLASSES, TICKET_STATUSES, QueueService, QueueSnapshot, Ticket
from tests.rigs.hub import HubProcess


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its ``$ref`` (``#/components/schemas/X``) followed."""
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _answer(spec: dict[str, Any], path: str, method: str, status: str) -> dict[str, Any]:
    content = spec["paths"][path][method]["responses"][status]["content"]["application/json"]
    return _resolve(spec, content["schema"])


def _names(cls: type) -> set[str]:
    return {f.name for f in fields(cls)}


def _enum(prop: dict[str, Any]) -> list[str]:
    """The allowed values of a property (a Literal, or a Literal or null)."""
    for option in [prop, *prop.get("anyOf", [])]:
        if "enum" in option:
            return list(option["enum"])
    raise AssertionError(f"no enum in {prop}")


def test_the_ticket_in_the_document_is_the_wire_ticket_and_what_is_sent(sqlite_hub: HubProcess) -> None:
    spec = httpx.get(sqlite_hub.url + "/openapi.json").json()
    ticket = _answer(spec, "/api/v1/tickets", "post", "201")
    assert set(ticket["properties"]) == _names(Ticket)
    assert _enum(ticket["properties"]["status"]) == list(TICKET_STATUSES) and "void" in TICKET_STATUSES
    assert _enum(ticket["properties"]["priority"]) == list(PRIORITY_CLASSES)
    assert _answer(spec, "/api/v1/tickets/{ticket_id}", "get", "200") == ticket
    for path in ("/api/v1/windows/{window}/next", "/api/v1/tickets/{ticket_id}/finish"):
        envelope = _answer(spec, path, "post", "200")
        assert _resolve(spec, envelope["properties"]["ticket"]) == ticket
    r = httpx.post(sqlite_hub.url + "/api/v1/tickets", json={"service": "A"}, headers=sqlite_hub.headers("kiosk"))
    assert r.status_code == 201 and set(r.json()) == set(ticket["properties"])


def test_services_and_the_snapshot_are_the_wire_ones_and_what_is_sent(session_hub: HubProcess) -> None:
    spec = httpx.get(session_hub.url + "/openapi.json").json()
    services = httpx.get(session_hub.url + "/api/v1/services", headers=session_hub.headers("kiosk")).json()
    service = _resolve(spec, _answer(spec, "/api/v1/services", "get", "200")["items"])
    assert set(service["properties"]) == _names(QueueService) == set(services[0])
    snapshot = _answer(spec, "/api/v1/queue", "get", "200")
    sent = httpx.get(session_hub.url + "/api/v1/queue", headers=session_hub.headers("display")).json()
    assert set(snapshot["properties"]) == _names(QueueSnapshot) == set(sent)
