"""Device drivers: one sub-package per device kind, no Qt, no kiosk, no offline_cache.

Each kind has ``base.py`` (a small ABC in domain words), a pure codec module, real
backends (third-party libraries imported inside them), and ``fake.py``.
``drivers.sim`` holds simulators that speak the real wire protocols.
"""
