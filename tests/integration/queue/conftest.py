"""Queue services of the kiosk against a real hub subprocess (tests/rigs/hub.py)."""

from tests.rigs.hub import hub, session_hub  # noqa: F401 - fixtures
