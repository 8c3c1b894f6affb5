"""The one SQLAlchemy ``MetaData`` every hub table is on.

Its own module so that the city tier's tables (``hub/city/tables.py``) can join it
without importing ``hub.tables``, which imports them in turn to make ``metadata`` whole:
the two used to import each other (issue 15: no import cycle anywhere).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
