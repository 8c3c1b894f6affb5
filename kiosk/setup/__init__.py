"""First-run set-up (``kiosk setup``), without Qt: find the devices, test each one, pair
with the hub, write the configuration. The CLI (``launcher/cmd_setup.py``) and the
wizard (``ui/setup_window.py``) drive the same ``SetupSession``."""

from kiosk.setup.session import SetupError, SetupSession

__all__ = ["SetupError", "SetupSession"]
