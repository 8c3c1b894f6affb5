"""Simulators: product code that speaks each device's real wire protocol (a pty, a TCP
port, a virtual PC/SC reader) with fault injection; they double as the demo. Only the
launcher's demo and sim commands and the tests import this package."""
