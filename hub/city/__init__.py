"""The city tier (issue 16): the same hub program run with ``--city`` on PostgreSQL.

- ``registry``: every hall and station the city knows (code, name, level, district ...).
- ``links``: a hall hub pairs once (a 6-digit code) for its own credential, kept at the
  city only as a hash; ``routes`` is the API the hall hubs call with it.
- ``intake``: cases (with materials) and evaluations arriving from the halls, each
  stored once and queued for the platform in the same transaction.
- ``uplink_store`` / ``uplink``: the hall side — the durable outbox in the hall hub's
  database and the task that pushes it up and pulls official numbers down.
- ``platform``: the adapters to the government platform and the city's outbox to it.
- ``bell``: wakes those pushers when a record is queued (NOTIFY on PostgreSQL), not at
  their next poll; ``tasks`` runs them in the hub's process.
- ``rectify``: the 好差评 closed loop (a rating of 1-2 opens a rectification).
- ``catalog_city`` / ``catalog_hall``: catalog versions down the tree (the city publishes,
  each hall's uplink takes the new version or says why not in its snapshot).
- ``view``, ``report``, ``page``, ``pages``: the city's view of its halls (``/city``), the
  day/month report across halls (CSV, HTML, JSON) and their routes.
"""
