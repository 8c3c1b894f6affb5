"""``python -m kiosk``: the same as the ``kiosk`` command."""

from launcher.cli import main

raise SystemExit(main())
