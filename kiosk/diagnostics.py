"""Probe every configured device once and say what to do about each problem.

Used by ``kiosk devices check`` and the technician screen. Each probe runs on its own
thread with a deadline, so one hung device cannot stall the check.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from drivers import registry
from drivers.errors import DeviceError
from drivers.health import Health, HealthState
from kiosk.config import Settings

# Health key -> message key of the suggested fix. Matched on the key's last part first,
# then on the whole key; a key with no entry gets no suggestion.
FIXES: dict[str, str] = {
    "disconnected": "fix.check_cable",
    "no_answer": "fix.check_power_and_baud",
    "device_no_answer": "fix.check_power_and_baud",
    "timeout": "fix.check_power_and_baud",
    "cannot_open": "fix.check_port",
    "bad_url": "fix.check_url",
    "not_found": "fix.check_port",
    "paper_out": "fix.load_paper",
    "paper_near_end": "fix.load_paper_soon",
    "offline": "fix.printer_cover",
    "service_down": "fix.start_pcscd",
    "no_reader": "fix.plug_reader",
    "no_library": "fix.install_driver",
    "backend_missing": "fix.install_driver",
    "backend_unusable": "fix.install_driver",
    "sdk_missing": "fix.install_vendor_sdk",
    "no_frame": "fix.check_camera",
    "sam_self_test_failed": "fix.call_vendor",
    "sam_not_authorised": "fix.call_vendor",
    "key_failure": "fix.call_vendor",
}


@dataclass(frozen=True)
class CheckRow:
    kind: str
    backend: str
    where: str  # url / source / reader, as configured
    health: Health
    fix_key: str = ""
    data: dict = field(default_factory=dict)


def suggestion(health: Health) -> str:
    """The fix's message key for a health state ('' when it is fine or unknown)."""
    if health.state in (HealthState.OK, HealthState.DISABLED):
        return ""
    last = health.key.rsplit(".", 1)[-1]
    return FIXES.get(last, FIXES.get(health.key, "fix.see_log"))


def probe_one(kind: str, backend: str, options: dict, timeout_s: float = 3.0) -> Health:
    """Build the device, probe it once, close it; never raises, never waits past the deadline."""
    result: list[Health] = []

    def run() -> None:
        device = None
        try:
            device = registry.create(kind, backend, dict(options))
            result.append(device.probe())
        except DeviceError as exc:
            result.append(Health.offline(exc.key, **exc.data))
        except Exception as exc:  # a driver bug is a finding, not a crash of the check
            result.append(Health.offline("device.internal_error", error=type(exc).__name__))
        finally:
            if device is not None:
                try:
                    device.close()
                except Exception:
                    pass

    t = threading.Thread(target=run, name=f"check-{kind}", daemon=True)
    t.start()
    t.join(timeout_s)
    return result[0] if result else Health.offline("device.timeout", seconds=timeout_s)


def check_devices(settings: Settings, timeout_s: float = 3.0) -> list[CheckRow]:
    """One row per device kind, configured or not, probed in parallel."""
    rows: dict[str, CheckRow] = {}
    threads = []

    def run(kind: str) -> None:
        dev = settings.device(kind)
        where = str(dev.options.get("url") or dev.options.get("source") or dev.options.get("reader") or "")
        if not dev.enabled:
            health = Health(HealthState.DISABLED, "device.disabled")
        else:
            health = probe_one(kind, dev.backend, dev.options, timeout_s)
        rows[kind] = CheckRow(kind, dev.backend, where, health, suggestion(health))

    for kind in registry.KINDS:
        t = threading.Thread(target=run, args=(kind,), daemon=True)
        t.start()
        threads.append(t)
    for t in threads:
        t.join(timeout_s + 1)
    return [rows[k] for k in registry.KINDS if k in rows]
