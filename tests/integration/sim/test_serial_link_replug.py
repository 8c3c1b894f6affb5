"""Pulling the cable on the simulator's thread while a test plugs it back in.

The simulator unplugs from its own thread (fault ``disconnect_mid_frame``); a test that
sees the port go away calls ``replug`` at once. The new socat's links must survive the
old one's clean-up.
"""

from __future__ import annotations

import os
import threading

from drivers.sim.serial_link import PtyPair


def test_a_replug_racing_the_unplug_leaves_a_working_pair(tmp_path):
    for attempt in range(30):
        pair = PtyPair(tmp_path, name=f"race{attempt}").open()
        unplugged = threading.Thread(target=pair.close)
        unplugged.start()
        # Like the test thread: as soon as the host's end is gone, plug it back.
        while os.path.exists(pair.b) and unplugged.is_alive():
            pass
        pair.plug_in()
        unplugged.join()
        try:
            if not pair.alive:  # close() won the lock after plug_in: plugging again must work
                pair.plug_in()
            assert pair.alive
            assert os.path.islink(pair.a) and os.path.islink(pair.b), f"attempt {attempt}: links gone"
        finally:
            pair.close()
