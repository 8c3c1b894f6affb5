"""Suite-wide fixtures: Qt offscreen, no stray warnings, tmp data dirs."""

from __future__ import annotations

import os

# Widgets render offscreen unless a test starts its own Xvfb for a real window.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts.warning=false")
# The kiosk's embedded pinyin keyboard needs its input method chosen before Qt starts.
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")


# The throw-away PostgreSQL cluster (session-scoped) for every test that asks for it.
from tests.rigs.postgres import pg_cluster

# A machine set to UTC, for the tests of the hall's time (issue 14, finding 7).
from tests.rigs.utc_machine import utc_machine
