"""Alembic migrations of the hub's database, run programmatically (``hub.db.migrate``)."""
