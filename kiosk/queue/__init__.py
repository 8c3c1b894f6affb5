"""The hall's queue as the terminals see it: the hub connection, taking a number at the
kiosk, calling at the window, the board. Qt-free; screens call these services."""
