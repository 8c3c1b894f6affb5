"""Hub integration tests run the hub as a real uvicorn subprocess (tests/rigs/hub.py)."""

from tests.rigs.hub import hub, session_hub  # noqa: F401 - fixtures
