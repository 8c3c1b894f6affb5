"""Opening serial ports, and what a port can raise when its device goes away mid-call.

pyserial raises ``SerialException`` or ``OSError`` for most failures, but on a pty
whose other end vanished (a pulled USB-serial adapter, a killed socat), flushing the
input buffer calls ``termios.tcflush``, which raises ``termios.error`` — not an
``OSError``. A backend that misses it leaks a raw exception and keeps a dead port.
"""

from __future__ import annotations

from typing import Any

from drivers.errors import DeviceUnavailable


def pyserial_installed() -> bool:
    """True when pyserial is installed: what every serial backend's ``is_usable`` asks."""
    try:
        import serial  # noqa: F401 - only whether it imports
    except ImportError:
        return False
    return True


def port_errors() -> tuple[type[BaseException], ...]:
    """The exception types that mean "the port is gone": close it, reopen next time."""
    import serial

    errors: list[type[BaseException]] = [serial.SerialException, OSError]
    try:
        import termios
    except ImportError:  # Windows: no termios, pyserial maps its errors itself
        pass
    else:
        errors.append(termios.error)
    return tuple(errors)


def network_port_ok(url: str) -> bool:
    """False for a ``socket://`` or ``rfc2217://`` URL whose port is not 1-65535
    (pyserial answers ``socket://host:99999`` with its parser's text, or a
    SerialException that reads like a missing device)."""
    from urllib.parse import urlsplit

    if not url.lower().startswith(("socket://", "rfc2217://")):
        return True
    try:
        port = urlsplit(url).port
    except ValueError:
        return False
    return port is not None and 1 <= port <= 65535


def open_port(url: str, baud: int, *, timeout: float, write_timeout: float, missing_key: str, bad_url_key: str) -> Any:
    """Open ``url`` through ``serial_for_url`` (so ``socket://`` and ``spy://`` work too).

    Raises:
        DeviceUnavailable: ``missing_key`` when the port is not there, ``bad_url_key``
            when the URL cannot be a port (each kind passes its own message keys).
    """
    import serial

    if not network_port_ok(url):
        raise DeviceUnavailable(bad_url_key, reason="bad port number (1-65535)")
    try:
        return serial.serial_for_url(url, baudrate=baud, timeout=timeout, write_timeout=write_timeout)
    except port_errors() as exc:
        raise DeviceUnavailable(missing_key, reason=type(exc).__name__) from exc
    except ValueError as exc:
        raise DeviceUnavailable(bad_url_key, reason=str(exc)) from exc


def close_quietly(port: Any) -> None:
    """Close a port that may already have vanished (closing it then may fail; it is gone)."""
    if port is not None:
        try:
            port.close()
        except Exception:
            pass
