"""schemathesis against the live hub's /openapi.json (a short run, admin token, valid and
invalid requests): no 5xx, and every 4xx has the JSON error shape.

Cases come from each operation's hypothesis strategy (``APIOperation.as_strategy``);
schemathesis' pytest plugin (``@schema.parametrize``) does not run under pytest 9.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from tests.rigs.hub import HubProcess

pytestmark = pytest.mark.slow
EXAMPLES = 8
SENT: dict[int, int] = {}  # status class -> requests, for the check that both kinds ran


def check(case, hub: HubProcess) -> None:
    response = case.call(base_url=hub.url, headers=hub.headers("admin"), timeout=15)
    SENT[response.status_code // 100] = SENT.get(response.status_code // 100, 0) + 1
    where = f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
    assert response.status_code < 500, where
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("error"), dict), where
        assert isinstance(body["error"].get("code"), str) and body["error"]["code"], where
        assert isinstance(body["error"].get("message"), str) and body["error"]["message"], where


def _takes_nothing(op) -> bool:
    raw = op.definition.raw  # a declared bearer scheme is a header schemathesis can spoil
    return not raw.get("parameters") and "requestBody" not in raw and not raw.get("security")


def test_no_server_errors_and_json_errors(sqlite_hub: HubProcess) -> None:
    schema = schemathesis.openapi.from_url(sqlite_hub.url + "/openapi.json")
    operations = [r.ok() for r in schema.get_all_operations()]
    # The event stream never ends by itself (test_hub_events.py covers it).
    operations = [op for op in operations if op.path != "/api/v1/events"]
    assert len(operations) >= 16
    no_invalid_form: list[str] = []
    modes = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
    for op, mode in ((op, mode) for op in operations for mode in modes):

        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy(generation_mode=mode))
        def run(case) -> None:
            check(case, sqlite_hub)

        try:
            run()
        except Unsatisfiable:
            # An operation without parameters or body has no invalid form to send.
            assert mode is schemathesis.GenerationMode.NEGATIVE, op.path
            no_invalid_form.append(f"{op.method} {op.path}")
    # Only an operation that takes nothing at all may lack an invalid form.
    assert no_invalid_form == [f"{op.method} {op.path}" for op in operations if _takes_nothing(op)], no_invalid_form
    assert SENT.get(2, 0) >= 20 and SENT.get(4, 0) >= 40, SENT
