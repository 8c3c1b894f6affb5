"""Alembic environment: always run with a connection handed over by ``hub.db.migrate``
(``config.attributes["connection"]``); there is no alembic.ini and no logging setup."""

from alembic import context

from hub.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
