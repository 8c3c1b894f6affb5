"""The composition root: the ``kiosk`` command. It is the one place that knows every
package — it builds the core with concrete devices, starts the UI, and in demo mode
starts the simulators and the embedded hub."""
