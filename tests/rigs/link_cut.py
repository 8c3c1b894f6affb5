"""A loopback TCP proxy whose link can be cut and mended, for a network that goes away
without either end crashing (a cable pulled between a hall and the city).

    with LinkCut(city.port) as link:       # listens on link.port, forwards to the city
        kiosk hub link --city link.url ...
        link.cut()                          # listener closed, every open connection reset
        link.mend()                         # listening again on the same port

Real sockets on 127.0.0.1 only; one thread accepts, two threads pump each connection.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

from tests.rigs.hub import free_port


class LinkCut:
    """A cuttable TCP link from ``port`` (chosen free) to ``127.0.0.1:target``."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cuts = 0
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()

    def __enter__(self) -> LinkCut:
        self.mend()
        return self

    def __exit__(self, *_: object) -> None:
        self.cut()

    @property
    def up(self) -> bool:
        return self._listener is not None

    def mend(self) -> None:
        """Listen again (a no-op when the link is up)."""
        with self._lock:
            if self._listener is not None:
                return
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(64)
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), name="link-cut", daemon=True).start()

    def cut(self) -> None:
        """Stop listening and reset every connection through the link (a no-op when cut)."""
        with self._lock:
            listener, self._listener = self._listener, None
            sockets, self._open = self._open, set()
        if listener is None:
            return
        self.cuts += 1
        _close(listener)
        for sock in sockets:
            # RST, not FIN: the far ends see the link die mid-request, as on a pulled cable.
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            _close(sock)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                near, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                far = socket.create_connection(("127.0.0.1", self.target), timeout=2)
                far.settimeout(None)
            except OSError:
                _close(near)  # the city itself is down: the caller sees a reset
                continue
            with self._lock:
                if self._listener is not listener:  # cut while connecting
                    _close(near)
                    _close(far)
                    return
                self._open |= {near, far}
            for a, b in ((near, far), (far, near)):
                threading.Thread(target=self._pump, args=(a, b), name="link-pump", daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.discard(src)
                self._open.discard(dst)
            _close(src)
            _close(dst)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
