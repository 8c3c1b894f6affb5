"""Queue hardware on one RS-485 bus speaking Modbus RTU: window LED displays and
evaluation pads (HARDWARE.md §5). ``registers`` is the register map the kiosk
specifies to vendors (docs/queue-bus-registers.md), ``rtu`` the pure Modbus RTU frame
codec with CRC-16, ``modbus_backend`` the driver over ``serial_for_url``, ``fake`` an
in-memory bus for UI tests and the simple demo.
"""
