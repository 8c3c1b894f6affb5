"""What a serial port can raise when its device goes away mid-call.

pyserial raises ``SerialException`` or ``OSError`` for most failures, but on a pty
whose other end vanished (a pulled USB-serial adapter, a killed socat), flushing the
input buffer calls ``termios.tcflush``, which raises ``termios.error`` — not an
``OSError``. A backend that misses it leaks a raw exception and keeps a dead port.
"""

from __future__ import annotations


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
