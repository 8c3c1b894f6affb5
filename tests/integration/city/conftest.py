"""City tier tests: a city hub on PostgreSQL, hall hubs on SQLite, the platform
simulator, all as real processes on loopback (tests/rigs/city.py)."""

from tests.rigs.postgres import pg_cluster
