"""Suite-wide fixtures: Qt offscreen, no stray warnings, tmp data dirs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Widgets render offscreen unless a test starts its own Xvfb for a real window.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts.warning=false")
# The kiosk's embedded pinyin keyboard needs its input method chosen before Qt starts.
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
# The machine's configuration folder is an empty one of this session's: a test never
# reads /etc/hall-kiosk, which tests/e2e/test_deb_package.py fills while it runs beside
# the others (tools/test.sh runs the suite on every core). Tests of the folder itself set
# or remove the variable.
os.environ.setdefault("HALL_KIOSK_SYSTEM_CONFIG_DIR", tempfile.mkdtemp(prefix="kiosk-tests-etc-"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Groups for pytest-xdist's ``--dist loadgroup`` (tools/test.sh): a module's tests run
    on one worker, so its module-scoped rigs (a hub, a walk of every screen) start once;
    a module may split further by a parameter (``XDIST_SPLIT_BY = "mode"``); every test of
    the real pcscd shares one group, since the machine has one pcscd and one vpcd port."""
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        if item.get_closest_marker("pcsc"):
            group = "pcscd"
        else:
            group = item.nodeid.split("::")[0]
            split = getattr(getattr(item, "module", None), "XDIST_SPLIT_BY", None)
            callspec = getattr(item, "callspec", None)
            if split and callspec is not None and split in callspec.params:
                group += f"::{callspec.params[split]}"
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for the session's mypy runs (``xdist_group("mypy")`` keeps them on one
    worker): the whole-tree check fills it, and the narrower checks after it read the
    modules they share from it instead of checking them again. It starts empty, so no run
    is judged on an earlier session's cache."""
    return tmp_path_factory.mktemp("mypy-cache")


# The throw-away PostgreSQL cluster (session-scoped) for every test that asks for it.
from tests.rigs.postgres import pg_cluster

# A machine set to UTC, for the tests of the hall's time (issue 14, finding 7).
from tests.rigs.utc_machine import utc_machine
