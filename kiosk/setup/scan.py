"""Finding devices: the ID reader's port and baud rate, printers, PC/SC readers and
cameras. Every probe has a deadline and never raises; what it found, and why not, is in
the returned values as message keys and data."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from drivers import discovery, registry
from drivers.errors import DeviceError, DeviceTimeout, DeviceUnavailable, ProtocolError
from drivers.health import Health, HealthState
from drivers.id_reader.base import IdReaderError, NoCardError

# GA/T 467 modules ship at 115200; older ones and some USB-serial bridges at 9600; the
# rest are seen in vendor manuals. Tried fastest first: a wrong guess costs least there.
BAUDS = (115200, 57600, 38400, 19200, 9600)


@dataclass(frozen=True)
class Attempt:
    """One try of the find-card command: where, how fast, and what came back."""

    port: str
    baud: int
    outcome: str  # answered | no_answer | garbled | cannot_open


@dataclass(frozen=True)
class ReaderFound:
    port: str
    baud: int
    card_present: bool
    attempts: tuple[Attempt, ...]


@dataclass(frozen=True)
class DeviceCheck:
    """A device looked at: its configuration section and its health."""

    kind: str
    backend: str
    options: dict[str, Any]
    health: Health
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.health.state == HealthState.OK


def candidate_ports(given: Iterable[str] = ()) -> list[str]:
    """The ports to scan: the ones given (``--ports``), else every serial port listed."""
    ports = [p for p in given if p]
    return ports or [f.where for f in discovery.serial_ports() if f.where]


def try_find_card(port: str, baud: int) -> str:
    """Send the find-card command once at ``baud``: ``answered`` (with or without a card:
    a reader that says "no card" is a reader), ``no_answer``, ``garbled`` or
    ``cannot_open``. Thread: any but the GUI thread (up to ~0.5 s)."""
    try:
        reader: Any = registry.create("id_reader", "serial", {"url": port, "baud": baud})
    except DeviceError:
        return "cannot_open"
    try:
        # A card on the reader makes this a whole read (~1.4 s at 9600): the technician
        # asked for it by putting one there.
        reader.read_card(timeout_s=0)
        return "answered+card"
    except NoCardError:
        return "answered"
    except IdReaderError:
        return "answered"  # a status from the reader, e.g. select failed: still a reader
    except DeviceUnavailable:
        return "cannot_open"
    except DeviceTimeout:
        return "no_answer"
    except ProtocolError:
        return "garbled"  # bytes, but not frames: often the wrong speed
    except Exception:  # a driver bug must not end the scan; the port counts as silent
        return "no_answer"
    finally:
        reader.close()


def find_id_reader(
    ports: Iterable[str],
    bauds: Iterable[int] = BAUDS,
    on_attempt: Callable[[Attempt], None] = lambda a: None,
    trier: Callable[[str, int], str] = try_find_card,
) -> ReaderFound | None:
    """Try each baud on each port until a reader answers (None: none did)."""
    attempts: list[Attempt] = []
    for port in ports:
        for baud in bauds:
            outcome = trier(port, baud)
            attempt = Attempt(port, baud, outcome.split("+")[0])
            attempts.append(attempt)
            on_attempt(attempt)
            if outcome.startswith("answered"):
                return ReaderFound(port, baud, outcome.endswith("+card"), tuple(attempts))
            if outcome == "cannot_open":
                break  # no other speed opens it either
    return None


def _probe(kind: str, backend: str, options: dict[str, Any], timeout_s: float) -> Health:
    """Build, probe and close one device on its own thread, with a deadline."""
    result: list[Health] = []

    def run() -> None:
        device = None
        try:
            device = registry.create(kind, backend, dict(options))
            result.append(device.probe())
        except DeviceError as exc:
            result.append(Health.offline(exc.key, **exc.data))
        except Exception as exc:  # a driver bug is a finding, not a crash of the set-up
            result.append(Health.offline("device.internal_error", error=type(exc).__name__))
        finally:
            if device is not None:
                try:
                    device.close()
                except Exception:
                    pass

    t = threading.Thread(target=run, name=f"setup-{kind}", daemon=True)
    t.start()
    t.join(timeout_s)
    return result[0] if result else Health.offline("device.timeout", seconds=timeout_s)


def check_printer(url: str, timeout_s: float = 3.0) -> DeviceCheck:
    """Ask the printer at ``url`` for its status (paper state in the health's data)."""
    try:
        backend = registry.printer_backend_for_url(url)
    except DeviceUnavailable as exc:
        return DeviceCheck("printer", "none", {"url": url}, Health.offline(exc.key, **exc.data))
    options = {"url": url.strip()}
    if backend == "network" and "://" not in url:
        options["url"] = f"tcp://{url.strip()}" + ("" if ":" in url else ":9100")
    return DeviceCheck("printer", backend, options, _probe("printer", backend, options, timeout_s))


def printer_candidates() -> list[str]:
    """USB printer device files this machine has (network printers are typed in)."""
    return [f.where for f in discovery.printer_files() if f.where]


def camera_candidates() -> list[str]:
    return [f.where for f in discovery.video_devices() if f.where]


def check_camera(source: str, timeout_s: float = 5.0) -> DeviceCheck:
    options = {"source": source.strip()}
    return DeviceCheck("camera", "opencv", options, _probe("camera", "opencv", options, timeout_s))


def pcsc_candidates() -> tuple[list[str], str]:
    """PC/SC reader names, and why there are none ("" when the list could be made)."""
    found = discovery.pcsc_readers()
    names = [f.where for f in found if f.where]
    why = next((f.detail for f in found if not f.where), "")
    return names, why


def check_smartcard(reader: str, timeout_s: float = 3.0) -> DeviceCheck:
    options = {"reader": reader}
    return DeviceCheck("smartcard", "pcsc", options, _probe("smartcard", "pcsc", options, timeout_s))
