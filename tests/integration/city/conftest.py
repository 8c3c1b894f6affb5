"""City tier tests: a city hub on PostgreSQL, hall hubs on SQLite, the platform
simulator, all as real processes on loopback (tests/rigs/city.py)."""

import pytest

from tests.rigs.postgres import pg_cluster


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test starts a city hub, hall hubs and the platform simulator as processes:
    slow, and with room past the suite's 120 s on a busy machine."""
    here = __file__.rsplit("/", 1)[0]
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.slow)
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(300))
